"""GB/T 9704-2012 layout engine: OfficialDocument -> .docx.

All geometry is in twips (1/1440 in) so the numbers in the XML are the
numbers of the standard, not rounded EMU conversions.
"""

from __future__ import annotations

import datetime
import copy
import io
import pathlib

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from . import _ooxml as ox
from .document import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    chinese_date,
    validate_doc_number,
)
from .titlebreak import split_title, text_width

__all__ = ["build_docx", "render_docx", "chinese_date", "validate_doc_number"]

# --- geometry (GB/T 9704 5.2) -------------------------------------------------
# A4 as Word stores it; 210 mm is 11905.5 twips and Word itself writes 11906.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP = 2098  # 天头 37 mm
MARGIN_BOTTOM = 1984  # 35 mm
MARGIN_LEFT = 1588  # 订口 28 mm
MARGIN_RIGHT = 1474  # 26 mm
TYPE_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 版心 156 mm = 8844 twips
TYPE_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 版心 225 mm = 12756 twips
# The page-number line (4号, 14 pt ≈ 4.9 mm) must start 7 mm below the 版心, i.e.
# its top sits 35 - 7 = 28 mm above the page edge.  Word's footer distance is
# measured to the *bottom* of the footer text, hence 28 - 4.9 ≈ 23 mm.
FOOTER_DISTANCE = 1304  # 23 mm
HEADER_DISTANCE = 851  # 15 mm; no header is used, any value inside 天头 will do

LINE = 579  # 225 mm / 22 lines = 28.95 pt
# 28 characters in 156 mm is a pitch of 8844/28 = 315.9 twips, but a 3号 glyph is
# 16 pt = 320 twips, so an unaltered line holds only 27.  Word's "linesAndChars"
# grid (charSpace -849) squeezes it, but LibreOffice/WPS then give each 16 pt glyph
# two grid cells (14 characters a line).  A line-only grid plus 0.25 pt condensed
# spacing on 3号 runs gives 28 characters a line in every renderer.
BODY_CONDENSE = -5  # twips of w:spacing per character: 315 twips pitch -> 28.07 a line
CHAR = 320  # one 3号 character in twips, for readers that ignore *Chars indents
SMALL_CHAR = 280  # one 4号 character (版记, page numbers)

# --- fonts and sizes (half-points) -------------------------------------------------
XBS = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
SIZE_BODY = 32  # 3号 16 pt
SIZE_TITLE = 44  # 2号 22 pt
SIZE_SMALL = 28  # 4号 14 pt: 版记, page numbers
# Tables use 小四 (12 pt): a 责任追究清单 has 5-6 columns in 156 mm, and at 14 pt
# a 25 mm column holds barely five characters per line.
SIZE_TABLE = 24
TABLE_LINE = 360  # 18 pt exact: 1.5 x 12 pt keeps dense rows readable
RED = "FF0000"
MARK_BUDGET_PT = TYPE_W / 20 * 0.95  # leave slack so the mark never wraps

HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}


# --- public API ------------------------------------------------------------------------
def build_docx(doc: OfficialDocument) -> DocxDocument:
    d = copy.deepcopy(_page_setup())
    d.core_properties.title = doc.title.replace("\n", "")
    d.core_properties.author = doc.signature
    d.core_properties.last_modified_by = doc.signature
    d.core_properties.language = "zh-CN"

    if doc.issuer_mark:
        _header_block(d, doc)
    _title(d, doc)
    if doc.doc_number and not doc.issuer_mark:
        _centered(d, doc.doc_number)  # 公告 without 版头: number under the title
    if doc.addressee:
        _blank(d)
        _addressee(d, doc.addressee)
    for block in doc.body:
        if isinstance(block, Heading):
            _heading(d, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(d, block)
        elif isinstance(block, Table):
            _table(d, block)
        else:
            raise TypeError(f"不支持的正文元素：{type(block).__name__}")
    if doc.attachments:
        _blank(d)
        _attachments(d, doc.attachments)
    _signature(d, doc.signature, doc.date)
    if doc.note:
        _note(d, doc.note)
    if doc.copy_to or doc.printer:
        _imprint(d, doc.copy_to, doc.printer, doc.print_date)
    return d


def render_docx(doc: OfficialDocument, path: pathlib.Path) -> None:
    """Write the .docx atomically so a crash never leaves half a file behind."""
    from ..records.writer import atomic_write

    buffer = io.BytesIO()
    build_docx(doc).save(buffer)
    atomic_write(pathlib.Path(path), buffer.getvalue())


# --- document setup ------------------------------------------------------------------
_setup_done: DocxDocument | None = None
_style_ids: dict[str, str] = {}  # our paragraph styles by name, as the page setup created them


def _page_setup() -> DocxDocument:
    """The empty page every document starts from, built once per process.

    Opening python-docx's template and restyling it costs three times a deep copy of the
    result, and `render all` builds dozens of documents in one process.
    """
    global _setup_done
    if _setup_done is None:
        d = docx.Document()
        _slim_template(d)
        _clear_body(d)
        _setup_styles(d)
        _setup_section(d)
        _setup_page_numbers(d)
        _setup_done = d
    return _setup_done


# What a GB/T 9704 document uses of python-docx's template: the default styles and the page
# numbers' Footer.  The template's other 160 styles fill 780 KB twice (styles.xml and Word
# 2010's stylesWithEffects.xml): nine tenths of every file written and most of the time
# spent copying and zipping it, for styles a 公文 must not use anyway.
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Footer", "FooterChar"}
_DROPPED_PARTS = {"stylesWithEffects", "customXml", "thumbnail"}


def _slim_template(d: DocxDocument) -> None:
    styles = d.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rels in (d.part.rels, d.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_PARTS:
                rels.pop(rid)


def _clear_body(d: DocxDocument) -> None:
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _setup_styles(d: DocxDocument) -> None:
    styles = d.styles.element
    # Any theme reference outranks the explicit name in Word: drop them all.
    for rfonts in styles.iter(qn("w:rFonts")):
        ox.strip_theme_attrs(rfonts)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    ox.set_fonts(rpr, FANGSONG)
    ox.set_size(rpr, SIZE_BODY)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    ox.set_line_exact(ppr, LINE)

    normal = d.styles["Normal"]
    ox.set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    ox.set_size(normal.element.get_or_add_rPr(), SIZE_BODY)
    ox.set_line_exact(normal.element.get_or_add_pPr(), LINE)

    for level, font in HEADING_FONTS.items():
        style = d.styles.add_style(f"GB Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
        _style_ids[style.name] = style.style_id
        style.base_style = normal
        style.next_paragraph_style = normal
        style.paragraph_format.keep_with_next = True
        ox.set_fonts(style.element.get_or_add_rPr(), font)
        ox.set_size(style.element.get_or_add_rPr(), SIZE_BODY)
        # outline level lets Word's navigation pane list the 层次 without
        # borrowing the built-in Heading styles (they carry theme fonts and colour).
        ox.insert_ordered(style.element.get_or_add_pPr(), ox.element("outlineLvl", val=level - 1),
                          ox.PPR_ORDER)


def _setup_section(d: DocxDocument) -> None:
    sect = d.sections[0]._sectPr
    ox_set = sect.find(qn("w:pgSz"))
    ox_set.attrib.clear()
    ox_set.set(qn("w:w"), str(PAGE_W))
    ox_set.set(qn("w:h"), str(PAGE_H))
    mar = sect.find(qn("w:pgMar"))
    mar.attrib.clear()
    for key, value in (("top", MARGIN_TOP), ("right", MARGIN_RIGHT), ("bottom", MARGIN_BOTTOM),
                       ("left", MARGIN_LEFT), ("header", HEADER_DISTANCE),
                       ("footer", FOOTER_DISTANCE), ("gutter", 0)):
        mar.set(qn(f"w:{key}"), str(value))
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = ox.element("docGrid")
        sect.append(grid)
    grid.attrib.clear()
    # "只指定行网格": every line lands on one of the 22 grid lines of the page.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE))


def _setup_page_numbers(d: DocxDocument) -> None:
    """GB/T 9704 7.5: "— 1 —" in 4号半角宋体; odd pages right, even pages left, 1 char in."""
    d.settings.odd_and_even_pages_header_footer = True
    section = d.sections[0]
    for footer, jc, ind in ((section.footer, "right", {"right": SMALL_CHAR}),
                            (section.even_page_footer, "left", {"left": SMALL_CHAR})):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        ppr = p._p.get_or_add_pPr()
        ox.no_grid_snap(ppr)
        ox.set_line_exact(ppr, SMALL_CHAR)
        ox.set_indent(ppr, **ind)
        ox.set_jc(ppr, jc)

        def make_run(text: str, p=p):
            return _run(p, text, SONGTI, SIZE_SMALL)

        make_run("— ")
        ox.append_page_field(p, make_run)
        make_run(" —")


# --- building blocks -----------------------------------------------------------------
def _run(p, text: str, font: str, size: int, *, color: str | None = None,
         scale: int | None = None):
    """Append a run to paragraph ``p`` (a python-docx Paragraph or a w:p) and return its w:r.

    Built with lxml directly: python-docx's add_run/run.text walk the schema through XPath
    for every run, which was most of the time `render all` spent building documents.
    """
    r = ox.element("r")
    r.append(copy.deepcopy(_run_properties(font, size, color, scale)))
    _append_text(r, text)
    getattr(p, "_p", p).append(r)
    return r


def _append_text(r, text: str) -> None:
    """Text as python-docx writes it: tabs as w:tab, line ends as w:br, spaces kept."""
    chunk = []

    def flush() -> None:
        if chunk:
            value = "".join(chunk)
            t = ox.element("t")
            t.text = value
            if value != value.strip():
                t.set(_XML_SPACE, "preserve")
            r.append(t)
            chunk.clear()

    for ch in text:
        if ch == "\t":
            flush()
            r.append(ox.element("tab"))
        elif ch in "\r\n":
            flush()
            r.append(ox.element("br"))
        else:
            chunk.append(ch)
    flush()


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


_RUN_PROPERTIES: dict[tuple, object] = {}


def _run_properties(font: str, size: int, color: str | None, scale: int | None):
    """The w:rPr of a run in this font and size, built once and copied into each run."""
    key = (font, size, color, scale)
    rpr = _RUN_PROPERTIES.get(key)
    if rpr is None:
        rpr = _RUN_PROPERTIES[key] = ox.element("rPr")
        ox.set_fonts(rpr, font)
        if color:
            ox.set_color(rpr, color)
        if scale and scale != 100:
            ox.set_char_scale(rpr, scale)
        if size == SIZE_BODY:
            ox.insert_ordered(rpr, ox.element("spacing", val=BODY_CONDENSE), ox.RPR_ORDER)
        ox.set_size(rpr, size)
    return rpr


def _para(d: DocxDocument, style: str | None = None):
    """New paragraph on the 28.95 pt line grid, appended to the body; returns (w:p, w:pPr).

    Exact spacing is repeated on each paragraph (not only in Normal) so text
    pasted into another office template keeps its 22 lines a page.
    """
    p = ox.element("p")
    ppr = ox.element("pPr")
    p.append(ppr)
    body = d.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)  # the body's section properties stay its last child
    else:
        body.append(p)
    if style is not None:
        # By id: python-docx's lookup by name scans every style of the template for the
        # default one, which was a tenth of `render all`.
        ppr.append(ox.element("pStyle", val=_style_ids[style]))
    ox.set_line_exact(ppr, LINE)
    return p, ppr


def _blank(d: DocxDocument, count: int = 1) -> None:
    for _ in range(count):
        _, ppr = _para(d)
        ox.set_line_exact(ppr, LINE)


def _centered(d: DocxDocument, text: str):
    p, ppr = _para(d)
    ox.set_line_exact(ppr, LINE)
    ox.set_jc(ppr, "center")
    _run(p, text, FANGSONG, SIZE_BODY)
    return p, ppr


def _mark_metrics(text: str) -> tuple[int, int]:
    """Pick (size in pt, horizontal scale %) so the mark fits one line of the 版心.

    Offices print the mark as large as possible and squeeze it horizontally;
    we take the largest of 36/32/28/26 pt needing no more than a 20 % squeeze.
    """
    width = text_width(text)
    for size in (36, 32, 28, 26):
        if width * size * 0.8 <= MARK_BUDGET_PT:
            break
    scale = min(100, int(100 * MARK_BUDGET_PT / (width * size)))
    if scale < 50:  # extraordinary long names: shrink the font instead
        size = max(10, int(MARK_BUDGET_PT / (width * 0.5)))
        scale = 50
    return size, scale


def _header_block(d: DocxDocument, doc: OfficialDocument) -> None:
    size, scale = _mark_metrics(doc.issuer_mark)
    p, ppr = _para(d)
    ox.no_grid_snap(ppr)
    # 7.2.3: the mark's top edge is 35 mm below the top of the 版心 (下行文).
    ox.set_line_exact(ppr, int(size * 20 * 1.2), before=1984)
    ox.set_jc(ppr, "center")
    _run(p, doc.issuer_mark, XBS, size * 2, color=RED, scale=scale)

    _blank(d, 2)  # 7.2.4: 发文字号 two lines below the mark
    p, ppr = _para(d)
    ox.set_line_exact(ppr, LINE)
    ox.set_jc(ppr, "center")
    if doc.doc_number:
        _run(p, doc.doc_number, FANGSONG, SIZE_BODY)
    # 7.2.5: red rule as wide as the 版心, 4 mm (≈11 pt) below the 发文字号.
    ox.set_borders(ppr, bottom=(12, RED, 11))


def _title(d: DocxDocument, doc: OfficialDocument) -> None:
    if doc.issuer_mark:
        _blank(d)  # 7.3.1: one blank line below the red rule
    p, ppr = _para(d)
    # A 2号 line box can exceed one 28.95 pt grid line; snapping would double it.
    ox.no_grid_snap(ppr)
    ox.set_line_exact(ppr, LINE)
    ox.set_jc(ppr, "center")
    max_width = TYPE_W / (SIZE_TITLE * 10)
    for i, line in enumerate(split_title(doc.title, max_width=int(max_width), keep_whole=doc.keep_whole)):
        run = _run(p, line, XBS, SIZE_TITLE)
        if i:
            run.addprevious(_break_run(p, XBS, SIZE_TITLE))


def _break_run(p, font: str, size: int):
    r = _run(p, "", font, size)
    r.append(ox.element("br"))
    return r


def _addressee(d: DocxDocument, text: str) -> None:
    text = text.strip().rstrip(":：") + "："
    p, ppr = _para(d)
    ox.set_jc(ppr, "both")
    _run(p, text, FANGSONG, SIZE_BODY)


def _two_char_indent(ppr) -> None:
    ox.set_indent(ppr, firstLineChars=200, firstLine=2 * CHAR)


def _heading(d: DocxDocument, h: Heading) -> None:
    p, ppr = _para(d, style=f"GB Heading {h.level}")
    _two_char_indent(ppr)
    ox.set_jc(ppr, "both")
    _run(p, h.text, HEADING_FONTS[h.level], SIZE_BODY)


def _body_paragraph(d: DocxDocument, para: Paragraph) -> None:
    p, ppr = _para(d)
    if para.indent:
        _two_char_indent(ppr)
    ox.set_jc(ppr, "both")
    _run(p, para.text, FANGSONG, SIZE_BODY)


def _table(d: DocxDocument, t: Table) -> None:
    n = len(t.header)
    weights = t.widths_mm or [1.0] * n
    total = sum(weights)
    widths = [round(TYPE_W * w / total) for w in weights]
    widths[-1] = TYPE_W - sum(widths[:-1])  # rounding must not overflow the 版心

    table = d.add_table(rows=1 + len(t.rows), cols=n)
    tbl = table._tbl
    tblpr = tbl.tblPr
    ox.insert_ordered(tblpr, ox.element("tblW", w=TYPE_W, type="dxa"), ox.TBLPR_ORDER)
    ox.insert_ordered(tblpr, ox.element("jc", val="center"), ox.TBLPR_ORDER)
    borders = ox.element("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(ox.border(side, 4))
    ox.insert_ordered(tblpr, borders, ox.TBLPR_ORDER)
    ox.insert_ordered(tblpr, ox.element("tblLayout", type="fixed"), ox.TBLPR_ORDER)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))

    for r, values in enumerate([t.header, *t.rows]):
        row = table.rows[r]
        trpr = row._tr.get_or_add_trPr()
        ox.insert_ordered(trpr, ox.element("cantSplit"), ox.TRPR_ORDER)
        if r == 0:
            ox.insert_ordered(trpr, ox.element("tblHeader"), ox.TRPR_ORDER)
        for c, value in enumerate(values):
            cell = row.cells[c]
            tcpr = cell._tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = ox.element("tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(widths[c]))
            tcw.set(qn("w:type"), "dxa")
            if r == 0:
                ox.insert_ordered(tcpr, ox.element("vAlign", val="center"),
                                  ["tcW", "gridSpan", "vMerge", "tcBorders", "shd",
                                   "noWrap", "tcMar", "textDirection", "tcFitText",
                                   "vAlign", "hideMark"])
            p = cell.paragraphs[0]
            ppr = p._p.get_or_add_pPr()
            ox.no_grid_snap(ppr)  # 18 pt rows, not 28.95 pt grid lines
            ox.set_line_exact(ppr, TABLE_LINE)
            ox.set_jc(ppr, "center" if r == 0 else "both")
            _run(p, str(value), HEITI if r == 0 else FANGSONG, SIZE_TABLE)


def _attachments(d: DocxDocument, items: list[str]) -> None:
    """7.3.4: "附件：1.XXX", later numbers aligned under "1.", wraps under the name."""
    names = [item.strip().rstrip("。.；;，,") for item in items]
    label = "附件："
    label_w = text_width(label)
    if len(names) == 1:
        p, ppr = _para(d)
        left = 2 + label_w
        ox.set_indent(ppr, leftChars=int(left * 100), left=int(left * CHAR),
                      hangingChars=int(label_w * 100), hanging=int(label_w * CHAR))
        ox.set_jc(ppr, "both")
        _run(p, label + names[0], FANGSONG, SIZE_BODY)
        return
    for i, name in enumerate(names, start=1):
        number = f"{i}."
        number_w = text_width(number)
        left = 2 + label_w + number_w
        hang = number_w + (label_w if i == 1 else 0)
        p, ppr = _para(d)
        ox.set_indent(ppr, leftChars=int(left * 100), left=int(left * CHAR),
                      hangingChars=int(hang * 100), hanging=int(hang * CHAR))
        ox.set_jc(ppr, "both")
        _run(p, (label if i == 1 else "") + number + name, FANGSONG, SIZE_BODY)


def _signature(d: DocxDocument, signature: str, date: datetime.date) -> None:
    """7.3.5.1: date 右空四字; the signature is centred on the date (seal goes over both)."""
    date_text = chinese_date(date)
    # Room for the seal, whose top must come within one line of the text above.
    _blank(d, 2)
    offset = 4 + (text_width(date_text) - text_width(signature)) / 2
    offset = max(0.0, offset)
    for text, right in ((signature, offset), (date_text, 4.0)):
        p, ppr = _para(d)
        ox.set_indent(ppr, rightChars=int(right * 100), right=int(right * CHAR))
        ox.set_jc(ppr, "right")
        _run(p, text, FANGSONG, SIZE_BODY)


def _note(d: DocxDocument, note: str) -> None:
    text = note.strip()
    if not (text.startswith("（") and text.endswith("）")):
        text = f"（{text.strip('()（）')}）"
    p, ppr = _para(d)
    _two_char_indent(ppr)
    ox.set_jc(ppr, "both")
    _run(p, text, FANGSONG, SIZE_BODY)


THICK = 8  # 1 pt ≈ 0.35 mm, in eighths of a point
THIN = 6  # 0.75 pt ≈ 0.26 mm
IMPRINT_W = TYPE_W


def _imprint(d: DocxDocument, copy_to: list[str], printer: str,
             print_date: datetime.date | None) -> None:
    """7.4: 版记 closing the last page, drawn as a borderless one-column table
    whose horizontal borders are the rules: thick first and last, thin between.

    GB/T wants the last rule on the lower edge of the 版心.  Neither anchoring
    works across renderers: framePr frames lose their borders in LibreOffice,
    and a floating table (tblpYSpec="bottom") is dropped by LibreOffice 7.4 when
    it ends the body, or spills an empty page when followed by an anchor
    paragraph.  So the 版记 stays inline, right after the last element.
    """
    lines: list[tuple[str, str]] = []
    if copy_to:
        lines.append(("copy", "抄送：" + "，".join(c.strip() for c in copy_to) + "。"))
    if printer or print_date:
        date_text = f"{chinese_date(print_date)}印发" if print_date else ""
        lines.append(("print", f"{printer}\t{date_text}"))

    table = d.add_table(rows=len(lines), cols=1)
    tblpr = table._tbl.tblPr
    ox.insert_ordered(tblpr, ox.element("tblW", w=IMPRINT_W, type="dxa"), ox.TBLPR_ORDER)
    borders = ox.element("tblBorders")
    borders.append(ox.border("top", THICK))
    borders.append(ox.element("left", val="nil"))
    borders.append(ox.border("bottom", THICK))
    borders.append(ox.element("right", val="nil"))
    borders.append(ox.border("insideH", THIN))
    borders.append(ox.element("insideV", val="nil"))
    ox.insert_ordered(tblpr, borders, ox.TBLPR_ORDER)
    ox.insert_ordered(tblpr, ox.element("tblLayout", type="fixed"), ox.TBLPR_ORDER)
    margins = ox.element("tblCellMar")
    for side in ("left", "right"):
        margins.append(ox.element(side, w=0, type="dxa"))
    ox.insert_ordered(tblpr, margins, ox.TBLPR_ORDER)
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(IMPRINT_W))

    for i, (row, (kind, text)) in enumerate(zip(table.rows, lines)):
        ox.insert_ordered(row._tr.get_or_add_trPr(), ox.element("cantSplit"), ox.TRPR_ORDER)
        cell = row.cells[0]
        tcpr = cell._tc.get_or_add_tcPr()
        tcw = tcpr.find(qn("w:tcW"))
        if tcw is None:
            tcw = ox.element("tcW")
            tcpr.insert(0, tcw)
        tcw.set(qn("w:w"), str(IMPRINT_W))
        tcw.set(qn("w:type"), "dxa")
        p = cell.paragraphs[0]
        ppr = p._p.get_or_add_pPr()
        ox.no_grid_snap(ppr)
        ox.set_line_exact(ppr, LINE)
        if i < len(lines) - 1:
            # Keep the 版记 rows together.  Without this LibreOffice lets the last
            # row hang below the 版心 (over the page number) when the 抄送 row just
            # fits; with it the whole 版记 moves to the next page instead.
            ox.insert_ordered(ppr, ox.element("keepNext"), ox.PPR_ORDER)
        if kind == "copy":
            # 7.4.2: one character in on both sides; wrapped names align after the colon.
            hang = int(text_width("抄送：") * SMALL_CHAR)
            ox.set_indent(ppr, left=SMALL_CHAR + hang, hanging=hang, right=SMALL_CHAR)
            ox.set_jc(ppr, "both")
        else:
            # 7.4.3: 印发机关 one character in from the left, date one from the right.
            ox.add_tab(ppr, "right", IMPRINT_W - SMALL_CHAR)
            ox.set_indent(ppr, left=SMALL_CHAR, right=SMALL_CHAR)
        _run(p, text, FANGSONG, SIZE_SMALL)
    # No paragraph after the table: the body may end with w:tbl, and a trailing
    # empty paragraph below a full last page would add a blank page.
