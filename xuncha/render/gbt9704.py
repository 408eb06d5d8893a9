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
from .pages import TYPE_H_PT, Block, lay_out, wrap
from .titlebreak import split_title, text_width

__all__ = ["build_docx", "docx_bytes", "render_docx", "chinese_date", "validate_doc_number"]

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

# Paragraph styles, by id and by the name Word and WPS show.  "Normal" is the body style
# (正文 in a Chinese Word): every paragraph inherits its font, size and line pitch, so a clerk
# who changes it changes the whole document.  Headings use Word's built-in "heading N"
# (displayed as 标题 1-4), the other elements of GB/T 9704 a named style each.
STYLE_NAMES = {
    "Heading1": "heading 1", "Heading2": "heading 2", "Heading3": "heading 3", "Heading4": "heading 4",
    "GBMark": "发文机关标志", "GBNumber": "发文字号", "GBTitle": "公文标题", "GBAddressee": "主送机关",
    "GBSignature": "署名", "GBDate": "成文日期", "GBNote": "附注", "GBImprint": "版记",
    "GBTable": "表格文字", "GBAttachment": "附件说明", "GBSecrecy": "份号密级",
}


# --- public API ------------------------------------------------------------------------
def build_docx(doc: OfficialDocument) -> DocxDocument:
    d = copy.deepcopy(_page_setup())
    _properties(d, doc)
    b = _Builder(d, doc)
    if doc.format == "letter":
        b.letter_head()
    elif doc.issuer_mark:
        b.file_head()
    b.title()
    if doc.doc_number and not doc.issuer_mark:
        b.centered(doc.doc_number, "GBNumber")  # 公告 without 版头: number under the title
    if doc.addressee:
        b.addressee(doc.addressee)
    for block in doc.body:
        if isinstance(block, Heading):
            b.heading(block)
        elif isinstance(block, Paragraph):
            b.paragraph(block)
        elif isinstance(block, Table):
            b.table(block)
        else:
            raise TypeError(f"不支持的正文元素：{type(block).__name__}")
    if doc.attachments:
        b.blank()
        b.attachments(doc.attachments)
    b.signature()
    if doc.note:
        b.note(doc.note)
    b.imprint()
    return d


def docx_bytes(doc: OfficialDocument) -> bytes:
    buffer = io.BytesIO()
    build_docx(doc).save(buffer)
    return buffer.getvalue()


def render_docx(doc: OfficialDocument, path: pathlib.Path) -> None:
    """Write the .docx atomically so a crash never leaves half a file behind."""
    from ..records.writer import atomic_write

    atomic_write(pathlib.Path(path), docx_bytes(doc))


def _properties(d: DocxDocument, doc: OfficialDocument) -> None:
    """What Word's and WPS's 属性 show: the document, its issuing organ, its own date."""
    props = d.core_properties
    props.title = doc.title.replace("\n", "")
    organ = doc.signature
    props.author = organ
    props.last_modified_by = organ
    moment = datetime.datetime(doc.date.year, doc.date.month, doc.date.day, 9, 0)
    props.created = moment
    props.modified = moment
    props.language = "zh-CN"
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    _application_properties(d, organ)


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>xuncha</Application><Company>{company}</Company></Properties>")


def _application_properties(d: DocxDocument, organ: str) -> None:
    """docProps/app.xml: python-docx's template says "Microsoft Macintosh Word"; a document the office
    sends says what made it and whose it is.  python-docx has no API for this part, so its bytes are replaced."""
    from xml.sax.saxutils import escape

    for part in d.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.format(company=escape(organ)).encode("utf-8")


# --- document setup ------------------------------------------------------------------
_setup_done: DocxDocument | None = None


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
        _setup_settings(d)
        _setup_section(d)
        _setup_page_numbers(d)
        _setup_done = d
    return _setup_done


# What a GB/T 9704 document uses of python-docx's template: the default styles and the page
# numbers' Footer.  The template's other 160 styles fill 780 KB twice (styles.xml and Word
# 2010's stylesWithEffects.xml): nine tenths of every file written and most of the time
# spent copying and zipping it, for styles a 公文 must not use anyway.
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Footer", "FooterChar",
                "Header", "HeaderChar"}
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


def _style(styles, style_id: str, *, based: str | None = "Normal", font: str | None = None,
           size: int | None = None, color: str | None = None, condense: int | None = None,
           jc: str | None = None, ind: dict | None = None, line: int | None = None,
           snap: bool = True, keep_next: bool = False, outline: int | None = None):
    """A paragraph style holding what GB/T 9704 asks of one element, and nothing its base already says."""
    old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    if old is not None:
        styles.remove(old)
    style = ox.element("style", type="paragraph", styleId=style_id)
    style.append(ox.element("name", val=STYLE_NAMES.get(style_id, style_id)))
    if based:
        style.append(ox.element("basedOn", val=based))
    style.append(ox.element("next", val="Normal"))
    if style_id.startswith("Heading"):
        style.append(ox.element("uiPriority", val=9))
    style.append(ox.element("qFormat"))
    ppr = ox.element("pPr")
    if keep_next:
        ox.insert_ordered(ppr, ox.element("keepNext"), ox.PPR_ORDER)
    if not snap:
        ox.no_grid_snap(ppr)
    if line is not None:
        ox.set_line_exact(ppr, line)
    if ind is not None:
        ox.set_indent(ppr, **ind)
    if jc:
        ox.set_jc(ppr, jc)
    if outline is not None:
        ox.insert_ordered(ppr, ox.element("outlineLvl", val=outline), ox.PPR_ORDER)
    style.append(ppr)
    rpr = ox.element("rPr")
    if font:
        ox.set_fonts(rpr, font)
    if color:
        ox.set_color(rpr, color)
    if condense is not None:
        ox.insert_ordered(rpr, ox.element("spacing", val=condense), ox.RPR_ORDER)
    if size:
        ox.set_size(rpr, size)
    style.append(rpr)
    styles.append(style)
    return style


_NO_INDENT = {"firstLine": 0, "firstLineChars": 0}


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
    if lang is None:
        lang = ox.insert_ordered(rpr, ox.element("lang"), ox.RPR_ORDER)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    ox.set_line_exact(ppr, LINE)

    # 正文: 仿宋_GB2312 3号, 28.95 pt exact, 首行缩进2字, 两端对齐, 28 characters a line.
    normal = _style(styles, "Normal", based=None, font=FANGSONG, size=SIZE_BODY, condense=BODY_CONDENSE,
                    jc="both", ind={"firstLineChars": 200, "firstLine": 2 * CHAR}, line=LINE)
    normal.set(qn("w:default"), "1")
    ox.insert_ordered(normal.find(qn("w:pPr")), ox.element("widowControl"), ox.PPR_ORDER)
    for level, font in HEADING_FONTS.items():
        # 7.3.3: 一、黑体 （一）楷体 1. and （1）仿宋, each on the body's line and indent.
        _style(styles, f"Heading{level}", font=font, keep_next=True, outline=level - 1)
    _style(styles, "GBMark", font=XBS, color=RED, condense=0, jc="center", ind=_NO_INDENT, snap=False)
    _style(styles, "GBNumber", jc="center", ind=_NO_INDENT)
    _style(styles, "GBSecrecy", font=HEITI, jc="left", ind=_NO_INDENT)
    _style(styles, "GBTitle", font=XBS, size=SIZE_TITLE, condense=0, jc="center", ind=_NO_INDENT, snap=False)
    _style(styles, "GBAddressee", ind=_NO_INDENT)
    _style(styles, "GBSignature", jc="right", ind=_NO_INDENT)
    _style(styles, "GBDate", jc="right", ind={**_NO_INDENT, "rightChars": 400, "right": 4 * CHAR})
    _style(styles, "GBNote")
    _style(styles, "GBAttachment")
    _style(styles, "GBImprint", size=SIZE_SMALL, condense=0, ind=_NO_INDENT, snap=False)
    _style(styles, "GBTable", size=SIZE_TABLE, condense=0, ind=_NO_INDENT, line=TABLE_LINE, snap=False)
    footer = _style(styles, "Footer", font=SONGTI, size=SIZE_SMALL, condense=0, ind=_NO_INDENT, snap=False,
                    line=SMALL_CHAR)
    footer.find(qn("w:name")).set(qn("w:val"), "footer")
    header = _style(styles, "Header", ind=_NO_INDENT, snap=False, jc="center")
    header.find(qn("w:name")).set(qn("w:val"), "header")


def _setup_settings(d: DocxDocument) -> None:
    settings = d.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")


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
        ox.set_indent(ppr, **ind)
        ox.set_jc(ppr, jc)

        def make_run(text: str, p=p):
            return _run(p, text)

        make_run("— ")
        ox.append_page_field(p, make_run)
        make_run(" —")


# --- building blocks -----------------------------------------------------------------
def _run(p, text: str, rpr=None):
    """Append a run to paragraph ``p`` (a python-docx Paragraph or a w:p) and return its w:r.

    Runs carry no formatting of their own unless they differ from their paragraph's style: a
    clerk restyling the document in Word or WPS must see every paragraph follow.  Built with lxml
    directly: python-docx's add_run/run.text walk the schema through XPath for every run.
    """
    r = ox.element("r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
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


def _rpr(font: str | None = None, size: int | None = None, color: str | None = None,
         scale: int | None = None):
    """Direct run formatting, only where a run differs from its paragraph's style."""
    rpr = ox.element("rPr")
    if font:
        ox.set_fonts(rpr, font)
    if color:
        ox.set_color(rpr, color)
    if scale and scale != 100:
        ox.set_char_scale(rpr, scale)
    if size:
        ox.set_size(rpr, size)
    return rpr


def _mark_metrics(text: str, sizes=(36, 32, 28, 26)) -> tuple[int, int]:
    """Pick (size in pt, horizontal scale %) so the mark fits one line of the 版心.

    Offices print the mark as large as possible and squeeze it horizontally;
    we take the largest of the sizes needing no more than a 20 % squeeze.
    """
    width = text_width(text)
    for size in sizes:
        if width * size * 0.8 <= MARK_BUDGET_PT:
            break
    scale = min(100, int(100 * MARK_BUDGET_PT / (width * size)))
    if scale < 50:  # extraordinary long names: shrink the font instead
        size = max(10, int(MARK_BUDGET_PT / (width * 0.5)))
        scale = 50
    return size, scale


# 信函格式 (10.1): the mark's top 30 mm from the page's top, red double lines 170 mm long.
LETTER_HEADER = 1701  # 30 mm
LETTER_FOOTER = 1134  # 20 mm: the lower double line
LETTER_OVERHANG = (9638 - TYPE_W) // 2  # 170 mm lines centred on the 156 mm 版心
PT = 20  # twips per point
TYPE_W_PT = TYPE_W / PT
BODY_PITCH_PT = (CHAR + BODY_CONDENSE) / PT


class _Builder:
    """Appends a document's paragraphs and records each one's lines for the page layout."""

    def __init__(self, d: DocxDocument, doc: OfficialDocument):
        self.d = d
        self.doc = doc
        self.body = d.element.body
        self.sect = self.body[-1]
        self.blocks: list[Block] = []
        self.elements: list = []  # the w:p or w:tr each block stands for
        self.first_offset = 0.0  # how far a 信函格式 head pushes page 1's text down (pt)

    # --- paragraphs ---------------------------------------------------------------------
    def para(self, style: str | None = None, text: str = "", *, lines: int | list[float] | None = None,
             rpr=None, before: float = 0.0, after: float = 0.0):
        p = ox.element("p")
        ppr = ox.element("pPr")
        p.append(ppr)
        if style is not None and style != "Normal":
            ppr.append(ox.element("pStyle", val=style))
        self.sect.addprevious(p)
        if text:
            _run(p, text, rpr)
        if lines is None:
            lines = 1
        heights = lines if isinstance(lines, list) else [LINE / PT] * lines
        self.blocks.append(Block(list(heights), before=before, after=after,
                                 keep_next=style is not None and style.startswith("Heading")))
        self.elements.append(p)
        return p, ppr

    def body_lines(self, text: str, *, first: float = 2.0, left: float = 0.0, right: float = 0.0) -> int:
        width = TYPE_W_PT - (left + right) * BODY_PITCH_PT
        return wrap(text, width + 0.01, size=SIZE_BODY / 2, spacing=BODY_CONDENSE / PT,
                    first_indent=first * BODY_PITCH_PT)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.para()

    def centered(self, text: str, style: str) -> None:
        self.para(style, text)

    # --- 版头 --------------------------------------------------------------------------
    def secrecy_lines(self) -> int:
        """7.2.1/7.2.2: 份号 and 密级 top left, one line each, above the mark."""
        count = 0
        if self.doc.copy_number:
            self.para("GBSecrecy", self.doc.copy_number)
            count += 1
        if self.doc.secrecy:
            self.para("GBSecrecy", self.doc.secrecy)
            count += 1
        return count

    def file_head(self) -> None:
        doc = self.doc
        above = self.secrecy_lines()
        size, scale = _mark_metrics(doc.issuer_mark)
        # 7.2.3: the mark's top edge is 35 mm below the top of the 版心.
        before = max(0, 1984 - above * LINE)
        p, ppr = self.para("GBMark", doc.issuer_mark, lines=[size * 1.2], before=before / PT,
                           rpr=_rpr(size=size * 2, scale=scale))
        ox.set_line_exact(ppr, int(size * 20 * 1.2), before=before)
        self.blank(2)  # 7.2.4: 发文字号 two lines below the mark
        rule_after = 11 + 1.5  # 7.2.5: red rule 4 mm (≈11 pt) below the number, 1.5 pt wide
        if doc.format == "upward":
            # 7.2.4 上行文: number 空一字 from the left, 签发人 空一字 from the right, one line.
            p, ppr = self.para("GBNumber", after=rule_after)
            ox.set_indent(ppr, left=CHAR, right=CHAR, firstLine=0, firstLineChars=0)
            ox.set_jc(ppr, "left")
            ox.add_tab(ppr, "right", TYPE_W - 2 * CHAR)
            _run(p, (doc.doc_number or "") + "\t签发人：")
            _run(p, "　".join(doc.signers), _rpr(font=KAITI))
        else:
            p, ppr = self.para("GBNumber", doc.doc_number or "", after=rule_after)
        ox.set_borders(ppr, bottom=(12, RED, 11))
        self.blank()  # 7.3.1: title one line below the red rule

    def letter_head(self) -> None:
        """10.1 信函格式: full name in red at 30 mm, double lines, number at the right, no page number on page 1."""
        doc = self.doc
        section = self.d.sections[0]
        section.different_first_page_header_footer = True
        sect = section._sectPr
        sect.find(qn("w:pgMar")).set(qn("w:header"), str(LETTER_HEADER))
        sect.find(qn("w:pgMar")).set(qn("w:footer"), str(LETTER_FOOTER))
        # The page numbers of pages 2.. keep their place 7 mm below the 版心.
        for footer in (section.footer, section.even_page_footer):
            ox.set_line_exact(footer.paragraphs[0]._p.get_or_add_pPr(), SMALL_CHAR,
                              after=FOOTER_DISTANCE - LETTER_FOOTER)
        size, scale = _mark_metrics(doc.issuer_mark, sizes=(26, 22))
        head = section.first_page_header
        head.is_linked_to_previous = False
        p = head.paragraphs[0]._p
        ppr = p.get_or_add_pPr()
        ox.insert_ordered(ppr, ox.element("pStyle", val="GBMark"), ox.PPR_ORDER)
        ox.set_line_exact(ppr, int(size * 20 * 1.2))
        ox.set_indent(ppr, left=-LETTER_OVERHANG, right=-LETTER_OVERHANG, firstLine=0)
        # 上粗下细, 4 mm below the mark.
        ox.set_borders(ppr, bottom=(18, RED, 11), )
        ppr.find(qn("w:pBdr")).find(qn("w:bottom")).set(qn("w:val"), "thickThinSmallGap")
        _run(p, doc.issuer_mark, _rpr(size=size * 2, scale=scale))
        foot = section.first_page_footer
        foot.is_linked_to_previous = False
        fp = foot.paragraphs[0]._p
        fppr = fp.get_or_add_pPr()
        ox.no_grid_snap(fppr)
        ox.set_line_exact(fppr, 20)
        ox.set_indent(fppr, left=-LETTER_OVERHANG, right=-LETTER_OVERHANG, firstLine=0)
        ox.set_borders(fppr, top=(18, RED, 0))
        fppr.find(qn("w:pBdr")).find(qn("w:top")).set(qn("w:val"), "thinThickSmallGap")
        # Page 1's text starts below the header: mark, 4 mm, the double line (≈ 3 pt).
        header_bottom = LETTER_HEADER / PT + size * 1.2 + 11 + 4.5
        self.first_offset = max(0.0, header_bottom - MARGIN_TOP / PT) + 1.0
        # 10.1: 份号/密级 at the left, 发文字号 at the right, one 3号 line under the double line.
        left_items = [x for x in (doc.copy_number, doc.secrecy) if x]
        p, ppr = self.para("GBSecrecy")
        ox.add_tab(ppr, "right", TYPE_W)
        _run(p, (left_items[0] if left_items else "") + "\t")
        _run(p, doc.doc_number or "", _rpr(font=FANGSONG))
        for item in left_items[1:]:
            self.para("GBSecrecy", item)
        self.blank(2)  # 10.1: the title two lines below

    def title(self) -> None:
        max_width = TYPE_W / (SIZE_TITLE * 10)
        lines = split_title(self.doc.title, max_width=int(max_width), keep_whole=self.doc.keep_whole)
        p, ppr = self.para("GBTitle", lines=len(lines))
        for i, line in enumerate(lines):
            if i:
                r = _run(p, "")
                r.append(ox.element("br"))
            _run(p, line)
        if self.doc.addressee:
            self.blank()

    def addressee(self, text: str) -> None:
        text = text.strip().rstrip(":：") + "："
        self.para("GBAddressee", text, lines=self.body_lines(text, first=0))

    def heading(self, h: Heading) -> None:
        self.para(f"Heading{h.level}", h.text, lines=self.body_lines(h.text))

    def paragraph(self, para: Paragraph) -> None:
        first = 2.0 if para.indent else 0.0
        p, ppr = self.para(None, para.text, lines=self.body_lines(para.text, first=first))
        if not para.indent:
            ox.set_indent(ppr, firstLine=0, firstLineChars=0)

    def table(self, t: Table) -> None:
        n = len(t.header)
        weights = t.widths_mm or [1.0] * n
        total = sum(weights)
        widths = [round(TYPE_W * w / total) for w in weights]
        widths[-1] = TYPE_W - sum(widths[:-1])  # rounding must not overflow the 版心

        table = self.d.add_table(rows=1 + len(t.rows), cols=n)
        tbl = table._tbl
        self.sect.addprevious(tbl)
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
        table_no = sum(1 for b in self.blocks if b.header_row) + 1
        heading_rpr = _rpr(font=HEITI)
        for r, values in enumerate([t.header, *t.rows]):
            row = table.rows[r]
            trpr = row._tr.get_or_add_trPr()
            ox.insert_ordered(trpr, ox.element("cantSplit"), ox.TRPR_ORDER)
            if r == 0:
                ox.insert_ordered(trpr, ox.element("tblHeader"), ox.TRPR_ORDER)
            most = 1
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
                ppr.insert(0, ox.element("pStyle", val="GBTable"))
                ox.set_jc(ppr, "center" if r == 0 else "both")
                _run(p, str(value), heading_rpr if r == 0 else None)
                # Word's default cell margins: 0.19 cm either side.
                most = max(most, wrap(str(value), (widths[c] - 2 * 108) / PT, size=SIZE_TABLE / 2))
            self.blocks.append(Block([most * TABLE_LINE / PT], after=0.5, row_of=table_no,
                                     header_row=r == 0))
            self.elements.append(row._tr)
        self.blocks[-1].after += 0.5  # the table's bottom border

    def attachments(self, items: list[str]) -> None:
        """7.3.4: "附件：1.XXX", later numbers aligned under "1.", wraps under the name."""
        names = [item.strip().rstrip("。.；;，,") for item in items]
        label = "附件："
        label_w = text_width(label)
        entries = ([(label + names[0], 2 + label_w, label_w)] if len(names) == 1 else
                   [((label if i == 1 else "") + f"{i}." + name,
                     2 + label_w + text_width(f"{i}."),
                     text_width(f"{i}.") + (label_w if i == 1 else 0))
                    for i, name in enumerate(names, start=1)])
        for text, left, hang in entries:
            lines = wrap(text, TYPE_W_PT - left * BODY_PITCH_PT, size=SIZE_BODY / 2,
                         spacing=BODY_CONDENSE / PT, first_indent=-hang * BODY_PITCH_PT)
            p, ppr = self.para("GBAttachment", text, lines=lines)
            ox.set_indent(ppr, leftChars=int(left * 100), left=int(left * CHAR),
                          hangingChars=int(hang * 100), hanging=int(hang * CHAR))

    def signature(self) -> None:
        """7.3.5.1: date 右空四字; the signature is centred on the date (seal goes over both)."""
        date_text = chinese_date(self.doc.date)
        self.text_end = len(self.blocks)
        # Room for the seal, whose top must come within one line of the text above.
        self.blank(2)
        offset = max(0.0, 4 + (text_width(date_text) - text_width(self.doc.signature)) / 2)
        p, ppr = self.para("GBSignature", self.doc.signature)
        ox.set_indent(ppr, rightChars=int(offset * 100), right=int(offset * CHAR))
        self.para("GBDate", date_text)
        self.keep_with_text()

    def keep_with_text(self) -> None:
        """7.3.5: the 署名 and 成文日期 share their page with two lines of text at least.

        Where the page would hold them alone, the text's last lines go over with them (a page
        break before the paragraph holding the second-to-last line): never "此页无正文".
        """
        placed = lay_out(self.blocks, first_offset=self.first_offset)
        date_page = placed[-1].page
        # The text's lines on the date's page.
        lines_there = 0
        k = self.text_end - 1
        while k >= 0 and lines_there < 2:
            b = self.blocks[k]
            if placed[k].page < date_page:
                break
            if b.row_of is not None:
                lines_there += 2  # a table row ends the text: it stands with the signature
                break
            lines_there += len(b.lines) if placed[k].first_page == date_page else 1
            k -= 1
        if lines_there >= 2 or self.text_end == 0:
            return
        # Move text over: from the paragraph giving the second-to-last line of text, with the
        # heading it is kept with; a table goes over whole, with the paragraph that introduces it.
        k = self.text_end - 1
        count = 0
        while k > 0:
            b = self.blocks[k]
            if b.row_of is not None:
                while k > 0 and self.blocks[k - 1].row_of == b.row_of:
                    k -= 1
                    count += 1
                count += 1
                k -= 1
                continue
            count += len(b.lines)
            if count >= 2 and not self.blocks[k - 1].keep_next:
                break
            k -= 1
        el = self.elements[k]
        if el.tag == qn("w:p") and k > 0:
            ox.insert_ordered(el.find(qn("w:pPr")), ox.element("pageBreakBefore"), ox.PPR_ORDER)
            self.blocks[k].page_break_before = True

    def note(self, note: str) -> None:
        text = note.strip()
        if not (text.startswith("（") and text.endswith("）")):
            text = f"（{text.strip('()（）')}）"
        self.para("GBNote", text, lines=self.body_lines(text))

    # --- 版记 ---------------------------------------------------------------------------
    def imprint(self) -> None:
        """7.4/7.5: the 版记 closes the last page, an even one, its last line on the 版心's last line.

        Text ending on an even page with room left: blank lines push the 版记 down to the
        bottom.  Text ending on an odd page: the 版记 takes the next (even) page.  Text ending
        on an even page without room: a blank page, then the 版记 page, both without page
        numbers (a section of their own).  信函格式 (10.1): 抄送 only, no rules.
        """
        doc = self.doc
        letter = doc.format == "letter"
        lines: list[tuple[str, str]] = []
        if doc.copy_to:
            lines.append(("copy", "抄送：" + "，".join(c.strip() for c in doc.copy_to) + "。"))
        if not letter and (doc.printer or doc.print_date):
            date_text = f"{chinese_date(doc.print_date)}印发" if doc.print_date else ""
            lines.append(("print", f"{doc.printer}\t{date_text}"))
        if not lines:
            return
        inner = (TYPE_W - 2 * SMALL_CHAR) / PT
        hang = text_width("抄送：") * SMALL_CHAR / PT
        counts = [wrap(text, inner - hang, size=SIZE_SMALL / 2, first_indent=-hang) if kind == "copy" else 1
                  for kind, text in lines]
        height = sum(counts) * LINE / PT + (0 if letter else 2.0)
        placed = lay_out(self.blocks, first_offset=self.first_offset)
        last = placed[-1]
        room = TYPE_H_PT - last.bottom
        gap = LINE / PT  # the 版记 never touches the text above it
        if last.page % 2 == 0 and room >= height + gap:
            self.spacer(room - height)
        elif last.page % 2 == 1:
            self.spacer(TYPE_H_PT - height, page_break=True)
        else:
            self.unnumbered_section()
            self.para()  # the blank page
            self.spacer(TYPE_H_PT - height, page_break=True)
        self.imprint_table(lines, counts, letter)

    def spacer(self, height_pt: float, page_break: bool = False) -> None:
        """Blank space of an exact height: whole grid lines and one paragraph for the rest."""
        whole = int(height_pt // (LINE / PT))
        rest = height_pt - whole * LINE / PT
        first = True
        for _ in range(whole):
            p, ppr = self.para()
            if first and page_break:
                ox.insert_ordered(ppr, ox.element("pageBreakBefore"), ox.PPR_ORDER)
            first = False
        twips = int(rest * PT) - 10  # a hair short: rounding must never push the 版记 over
        if twips > 20:
            p, ppr = self.para(lines=[twips / PT])
            ox.no_grid_snap(ppr)
            ox.set_line_exact(ppr, twips)
            if first and page_break:
                ox.insert_ordered(ppr, ox.element("pageBreakBefore"), ox.PPR_ORDER)

    def unnumbered_section(self) -> None:
        """Close the text's section in its last paragraph; what follows has no page numbers."""
        last_p = next(el for el in reversed(self.elements) if el.tag == qn("w:p"))
        old = self.sect
        new = copy.deepcopy(old)
        ox.insert_ordered(last_p.find(qn("w:pPr")), old, ox.PPR_ORDER)
        self.body.append(new)
        self.sect = new
        for ref in new.findall(qn("w:footerReference")) + new.findall(qn("w:headerReference")):
            new.remove(ref)
        title_pg = new.find(qn("w:titlePg"))
        if title_pg is not None:
            new.remove(title_pg)
        section = self.d.sections[-1]
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            for p in footer.paragraphs:
                for r in p._p.findall(qn("w:r")):
                    p._p.remove(r)

    def imprint_table(self, lines, counts, letter: bool) -> None:
        table = self.d.add_table(rows=len(lines), cols=1)
        tbl = table._tbl
        self.sect.addprevious(tbl)
        tblpr = tbl.tblPr
        ox.insert_ordered(tblpr, ox.element("tblW", w=TYPE_W, type="dxa"), ox.TBLPR_ORDER)
        borders = ox.element("tblBorders")
        if letter:
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                borders.append(ox.element(side, val="nil"))
        else:
            # 7.4.1: first and last rule 0.35 mm, the one between 0.25 mm.
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
        tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(TYPE_W))

        for i, (row, (kind, text), n) in enumerate(zip(table.rows, lines, counts)):
            trpr = row._tr.get_or_add_trPr()
            ox.insert_ordered(trpr, ox.element("cantSplit"), ox.TRPR_ORDER)
            # Exact row heights: the 版记 ends exactly where the page layout put it.
            ox.insert_ordered(trpr, ox.element("trHeight", val=n * LINE, hRule="exact"), ox.TRPR_ORDER)
            cell = row.cells[0]
            tcpr = cell._tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = ox.element("tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(TYPE_W))
            tcw.set(qn("w:type"), "dxa")
            ox.insert_ordered(tcpr, ox.element("vAlign", val="center"),
                              ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
                               "textDirection", "tcFitText", "vAlign", "hideMark"])
            p = cell.paragraphs[0]
            ppr = p._p.get_or_add_pPr()
            ppr.insert(0, ox.element("pStyle", val="GBImprint"))
            if i < len(lines) - 1:
                ox.insert_ordered(ppr, ox.element("keepNext"), ox.PPR_ORDER)
            if kind == "copy":
                # 7.4.2: one character in on both sides; wrapped names align after the colon.
                hang = int(text_width("抄送：") * SMALL_CHAR)
                ox.set_indent(ppr, left=SMALL_CHAR + hang, hanging=hang, right=SMALL_CHAR)
                ox.set_jc(ppr, "both")
            else:
                # 7.4.3: 印发机关 one character in from the left, date one from the right.
                ox.add_tab(ppr, "right", TYPE_W - SMALL_CHAR)
                ox.set_indent(ppr, left=SMALL_CHAR, right=SMALL_CHAR, firstLine=0)
            _run(p, text)


THICK = 8  # 1 pt ≈ 0.35 mm, in eighths of a point
THIN = 6  # 0.75 pt ≈ 0.26 mm
