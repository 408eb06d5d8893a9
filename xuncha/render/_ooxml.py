"""Low-level WordprocessingML edits that python-docx has no API for.

python-docx only knows the schema order of a few pPr/rPr children; Word rejects
(or silently ignores) children out of schema order, so every insert here goes
through `insert_ordered` with the sequence from ECMA-376 Part 1 §17.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser

PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
    "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
    "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath",
]
TRPR_ORDER = [
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
    "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden",
]
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook",
]
SETTINGS_ORDER = [
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders",
]


def insert_ordered(parent, child, order: list[str]):
    """Insert `child` (replacing a same-tag child) at its schema position."""
    tag = child.tag
    old = parent.find(tag)
    if old is not None:
        parent.replace(old, child)
        return child
    local = tag.split("}", 1)[1]
    later = order[order.index(local) + 1:]
    for sibling in parent:
        name = sibling.tag.split("}", 1)[1] if "}" in sibling.tag else sibling.tag
        if name in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_NSMAP = {"w": _W}


def element(tag: str, **attrs) -> OxmlElement:
    # python-docx's parser, so w:r, w:p, ... come back as its element classes; called with
    # the Clark names directly because OxmlElement re-parses the "w:" prefix on every call,
    # which was a tenth of building a document.
    el = oxml_parser.makeelement(f"{{{_W}}}{tag}", nsmap=_W_NSMAP)
    for key, value in attrs.items():
        el.set(f"{{{_W}}}{key}", str(value))
    return el


def set_fonts(rpr, font: str) -> None:
    """Name the font in every slot and drop theme references.

    Word resolves a theme attribute before an explicit name, so a leftover
    w:eastAsiaTheme would silently turn 仿宋_GB2312 back into the theme font.
    """
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = insert_ordered(rpr, element("rFonts"), RPR_ORDER)
    strip_theme_attrs(rfonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), font)
    rfonts.set(qn("w:hint"), "eastAsia")


def strip_theme_attrs(rfonts) -> None:
    for attr in list(rfonts.attrib):
        if attr.lower().endswith("theme"):
            del rfonts.attrib[attr]


def set_size(rpr, half_points: int) -> None:
    insert_ordered(rpr, element("sz", val=half_points), RPR_ORDER)
    insert_ordered(rpr, element("szCs", val=half_points), RPR_ORDER)


def set_color(rpr, hex_rgb: str) -> None:
    insert_ordered(rpr, element("color", val=hex_rgb), RPR_ORDER)


def set_char_scale(rpr, percent: int) -> None:
    insert_ordered(rpr, element("w", val=percent), RPR_ORDER)


def set_line_exact(ppr, twips: int, before: int = 0, after: int = 0) -> None:
    insert_ordered(
        ppr,
        element("spacing", before=before, after=after, line=twips, lineRule="exact"),
        PPR_ORDER,
    )


def set_indent(ppr, **attrs) -> None:
    """Indents in both twips and hundredths of a grid character.

    Word uses the *Chars attribute when present (tracks the character grid);
    LibreOffice and other readers fall back to the twips value.
    """
    insert_ordered(ppr, element("ind", **attrs), PPR_ORDER)


def set_jc(ppr, value: str) -> None:
    insert_ordered(ppr, element("jc", val=value), PPR_ORDER)


def no_grid_snap(ppr) -> None:
    insert_ordered(ppr, element("snapToGrid", val=0), PPR_ORDER)


def border(side: str, size_eighth_pt: int, color: str = "000000", space_pt: int = 0):
    return element(side, val="single", sz=size_eighth_pt, space=space_pt, color=color)


def set_borders(ppr, **sides) -> None:
    """sides: top/bottom/... -> (size in 1/8 pt, color, space in pt)."""
    pbdr = element("pBdr")
    for side in ("top", "left", "bottom", "right", "between"):
        if side in sides:
            size, color, space = sides[side]
            pbdr.append(border(side, size, color, space))
    insert_ordered(ppr, pbdr, PPR_ORDER)


def add_tab(ppr, kind: str, pos_twips: int) -> None:
    tabs = element("tabs")
    tabs.append(element("tab", val=kind, pos=pos_twips))
    insert_ordered(ppr, tabs, PPR_ORDER)


def append_page_field(paragraph, make_run) -> None:
    """Complex PAGE field; `make_run(text)` returns a formatted w:r appended to the paragraph.

    fldChar begin/separate/end instead of fldSimple because both Word and
    LibreOffice refresh it on open, and the cached "1" keeps viewers that do
    not evaluate fields readable.
    """
    begin = make_run("")
    begin.append(element("fldChar", fldCharType="begin"))
    instr_run = make_run("")
    instr = element("instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    instr_run.append(instr)
    sep = make_run("")
    sep.append(element("fldChar", fldCharType="separate"))
    make_run("1")
    end = make_run("")
    end.append(element("fldChar", fldCharType="end"))

