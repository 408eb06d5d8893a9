"""GB/T 9704-2012 layout checks, read back from the saved .docx XML."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile

import docx
import pytest
from lxml import etree

from gbt9704_sample import sample_report
from xuncha.render.document import OfficialDocument, Paragraph, chinese_date
from xuncha.render.gbt9704 import build_docx, render_docx
from xuncha.render.titlebreak import split_title, text_width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    render_docx(sample_report(), path)
    return path


@pytest.fixture(scope="module")
def parts(saved):
    with zipfile.ZipFile(saved) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist()
                if name.endswith(".xml")}


@pytest.fixture(scope="module")
def body(parts):
    return parts["word/document.xml"].find("w:body", NS)


def paragraphs_with(body, text):
    return [p for p in body.iter(w("p")) if text in "".join(p.itertext())]


_STYLES: dict[str, etree._Element] = {}


def styles() -> dict[str, etree._Element]:
    """The styles every rendered document shares (the page setup is built once per process)."""
    if not _STYLES:
        root = build_docx(sample_report(findings=1)).styles.element
        _STYLES.update({s.get(w("styleId")): s for s in root.findall("w:style", NS)})
        _STYLES["<defaults>"] = root.find("w:docDefaults", NS)
    return _STYLES


def style_chain(p) -> list:
    """The paragraph's style and the styles it is based on, nearest first."""
    found = p.find("w:pPr/w:pStyle", NS)
    sid = found.get(w("val")) if found is not None else "Normal"
    chain = []
    while sid:
        style = styles()[sid]
        chain.append(style)
        based = style.find("w:basedOn", NS)
        sid = based.get(w("val")) if based is not None else None
    return chain


def _effective(direct, p, kind: str, name: str):
    if direct is not None and direct.find(f"w:{name}", NS) is not None:
        return direct.find(f"w:{name}", NS)
    for style in style_chain(p):
        found = style.find(f"w:{kind}/w:{name}", NS)
        if found is not None:
            return found
    return styles()["<defaults>"].find(f"w:{kind}Default/w:{kind}/w:{name}", NS)


def run_fonts(p):
    """East Asian font of each text run as Word resolves it: the run, then its paragraph's styles."""
    return {_effective(r.find("w:rPr", NS), p, "rPr", "rFonts").get(w("eastAsia"))
            for r in p.findall("w:r", NS) if r.find("w:t", NS) is not None}


def run_sizes(p):
    return {_effective(r.find("w:rPr", NS), p, "rPr", "sz").get(w("val")) for r in p.findall("w:r", NS)
            if r.find("w:t", NS) is not None}


def ppr(p, name):
    return _effective(p.find("w:pPr", NS), p, "pPr", name)


# --- page ------------------------------------------------------------------------
def test_page_size_and_margins(body):
    sect = body.find("w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)  # A4
    mar = {k: int(sect.find("w:pgMar", NS).get(w(k))) for k in ("top", "bottom", "left", "right")}
    mm = lambda twips: twips * 25.4 / 1440  # noqa: E731
    assert round(mm(mar["top"])) == 37 and round(mm(mar["bottom"])) == 35
    assert round(mm(mar["left"])) == 28 and round(mm(mar["right"])) == 26
    assert 11906 - mar["left"] - mar["right"] == 8844  # 版心 156 mm
    assert abs(mm(16838 - mar["top"] - mar["bottom"]) - 225) < 0.1


def test_line_grid(body):
    grid = body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(w("type")) == "lines"
    assert grid.get(w("linePitch")) == "579"
    # 22 lines fit the 225 mm 版心.
    assert 22 * 579 <= 12756 < 23 * 579


def test_body_paragraphs_exact_579_and_indent(body):
    p = paragraphs_with(body, "根据市委、市政府统一部署")[0]
    spacing = ppr(p, "spacing")
    assert spacing.get(w("line")) == "579" and spacing.get(w("lineRule")) == "exact"
    ind = ppr(p, "ind")
    assert ind.get(w("firstLineChars")) == "200" and ind.get(w("firstLine")) == "640"
    assert run_fonts(p) == {"仿宋_GB2312"} and run_sizes(p) == {"32"}


def test_28_characters_per_line(body):
    # 3号 condensed by 5 twips -> 315 twips pitch; 28 of them fit into 8844 twips.
    p = paragraphs_with(body, "根据市委")[0]
    pitch = 320 + int(_effective(None, p, "rPr", "spacing").get(w("val")))
    assert 8844 // pitch == 28


# --- fonts -------------------------------------------------------------------------
def test_every_text_run_names_east_asian_font(parts):
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = parts.get(name)
        if root is None:
            continue
        for p in root.iter(w("p")):
            assert None not in run_fonts(p), etree.tostring(p)


def test_runs_inherit_their_paragraph_style(body):
    # A clerk who changes a style in Word or WPS changes every paragraph of that style:
    # no body run repeats a font or a size (only the mark's size and the table header's 黑体 differ).
    for p in body.iter(w("p")):
        for r in p.findall("w:r", NS):
            rpr = r.find("w:rPr", NS)
            if rpr is None:
                continue
            style = p.find("w:pPr/w:pStyle", NS)
            assert style is not None and style.get(w("val")) in ("GBMark", "GBTable", "GBNumber"), etree.tostring(p)


def test_named_styles_word_and_wps_show(parts):
    named = {s.find("w:name", NS).get(w("val")) for s in parts["word/styles.xml"].findall("w:style", NS)}
    assert {"heading 1", "heading 2", "heading 3", "公文标题", "主送机关", "署名", "成文日期", "附注", "版记"} <= named
    normal = styles()["Normal"]
    assert normal.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert normal.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "200"
    assert normal.find("w:pPr/w:spacing", NS).get(w("lineRule")) == "exact"


def test_core_properties_name_the_organ_and_the_date(saved):
    props = docx.Document(saved).core_properties
    assert props.author == "盐城市安全生产巡查第一组"
    assert props.created.date() == datetime.date(2020, 5, 20)
    assert props.language == "zh-CN" and "python-docx" not in (props.comments or "")


def test_application_properties_name_xuncha_and_the_organ_not_the_template(parts):
    ns = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    app = parts["docProps/app.xml"]
    assert app.find("ep:Application", ns).text == "xuncha"
    assert app.find("ep:Company", ns).text == "盐城市安全生产巡查第一组"
    assert b"Microsoft" not in etree.tostring(app)


def test_no_theme_fonts_in_styles(parts):
    styles = parts["word/styles.xml"]
    for rfonts in styles.iter(w("rFonts")):
        assert not [a for a in rfonts.attrib if a.lower().endswith("theme")]
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(w("eastAsia")) == "仿宋_GB2312"
    for style in styles.findall("w:style", NS):
        if style.get(w("styleId")) in ("Normal", "GBHeading1", "GBHeading2"):
            assert style.find("w:rPr/w:rFonts", NS).get(w("eastAsia"))


def test_mark_red_xiaobiaosong_one_line(body):
    p = paragraphs_with(body, "领导小组办公室文件")[0]
    r = p.find("w:r/w:rPr", NS)
    assert _effective(r, p, "rPr", "color").get(w("val")) == "FF0000"
    assert run_fonts(p) == {"方正小标宋简体"}
    size_pt = int(r.find("w:sz", NS).get(w("val"))) / 2
    scale = int(r.find("w:w", NS).get(w("val"))) if r.find("w:w", NS) is not None else 100
    assert 22 <= size_pt <= 36
    assert 20 * size_pt * scale / 100 <= 442  # one line of the 156 mm 版心
    assert ppr(p, "jc").get(w("val")) == "center"


def test_doc_number_two_lines_below_mark_with_red_rule(body):
    ps = list(body.iter(w("p")))
    mark = next(i for i, p in enumerate(ps) if "办公室文件" in "".join(p.itertext()))
    number = next(i for i, p in enumerate(ps) if "盐巡办〔2020〕3号" in "".join(p.itertext()))
    assert number - mark == 3  # two blank lines between
    assert all(not "".join(p.itertext()) for p in ps[mark + 1:number])
    rule = ppr(ps[number], "pBdr").find("w:bottom", NS)
    assert rule.get(w("color")) == "FF0000" and int(rule.get(w("space"))) == 11  # ≈ 4 mm
    assert ppr(ps[number], "jc").get(w("val")) == "center"


def test_title_and_addressee(body):
    ps = list(body.iter(w("p")))
    t = next(i for i, p in enumerate(ps) if "东台市安全生产巡查情况的报告" in "".join(p.itertext()))
    title = ps[t]
    assert run_fonts(title) == {"方正小标宋简体"} and run_sizes(title) == {"44"}
    assert ppr(title, "jc").get(w("val")) == "center"
    assert len(title.findall(".//w:br", NS)) == 1  # 28 characters -> two lines
    assert not "".join(ps[t - 1].itertext()) and not "".join(ps[t + 1].itertext())
    addressee = ps[t + 2]
    assert "".join(addressee.itertext()) == "市安全生产巡查工作领导小组："
    assert ppr(addressee, "ind").get(w("firstLine")) == "0"  # flush left


def test_heading_fonts(body):
    expected = {"一、基本情况": "黑体", "（一）安全生产责任落实方面": "楷体_GB2312",
                "1.压紧压实安全生产责任。": "仿宋_GB2312"}
    for text, font in expected.items():
        p = paragraphs_with(body, text)[0]
        assert run_fonts(p) == {font} and run_sizes(p) == {"32"}
        assert ppr(p, "ind").get(w("firstLineChars")) == "200"


def test_attachments_signature_date_note(body):
    first = paragraphs_with(body, "附件：1.东台市安全生产巡查发现问题清单")[0]
    second = paragraphs_with(body, "2.东台市安全生产巡查责任追究建议清单")[0]
    left = int(ppr(first, "ind").get(w("left")))
    # "2." starts where "1." starts: left - hanging is equal for the number columns.
    assert left - int(ppr(first, "ind").get(w("hanging"))) == 2 * 320
    assert left - int(ppr(second, "ind").get(w("hanging"))) == 5 * 320
    date = paragraphs_with(body, "2020年5月20日")[0]
    assert "".join(date.itertext()) == "2020年5月20日"
    assert ppr(date, "jc").get(w("val")) == "right"
    assert ppr(date, "ind").get(w("rightChars")) == "400"
    sig = paragraphs_with(body, "盐城市安全生产巡查第一组")[-1]
    # Signature centred over the date: equal centre offsets from the right margin.
    sig_right = int(ppr(sig, "ind").get(w("rightChars"))) / 100
    assert sig_right + text_width("盐城市安全生产巡查第一组") / 2 == pytest.approx(
        4 + text_width("2020年5月20日") / 2, abs=0.01)
    note = paragraphs_with(body, "联系人")[0]
    assert "".join(note.itertext()).startswith("（") and "".join(note.itertext()).endswith("）")


def test_table_fits_type_area_and_repeats_header(body):
    table = next(t for t in body.iter(w("tbl")) if "责任单位" in "".join(t.itertext()))
    assert table.find("w:tblPr/w:tblW", NS).get(w("w")) == "8844"
    assert table.find("w:tblPr/w:tblW", NS).get(w("type")) == "dxa"
    assert table.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    cols = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(cols) == 8844  # 156 mm
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    for cell_p in table.iter(w("p")):
        assert run_fonts(cell_p) <= {"仿宋_GB2312", "黑体"}
    assert table.find("w:tblPr/w:tblBorders/w:insideH", NS).get(w("val")) == "single"


def test_imprint_rules_copy_to_and_print_line(body):
    table = next(t for t in body.iter(w("tbl")) if "抄送：" in "".join(t.itertext()))
    assert body.findall("w:tbl", NS)[-1] is table  # end of the document
    text = "".join(table.itertext())
    assert "抄送：市委办公室，市政府办公室，市纪委监委，东台市委，东台市人民政府。" in text
    print_p = paragraphs_with(table, "印发")[-1]
    assert print_p.find(".//w:tab", NS) is not None  # right tab: date 1 char from the right
    assert "盐城市安全生产巡查工作领导小组办公室2020年5月21日印发" in text
    borders = table.find("w:tblPr/w:tblBorders", NS)
    sizes = {side: int(borders.find(f"w:{side}", NS).get(w("sz"))) for side in ("top", "bottom", "insideH")}
    assert sizes["top"] == sizes["bottom"] == 8 and sizes["insideH"] == 6  # 0.35 / 0.25 mm
    assert table.find("w:tblPr/w:tblW", NS).get(w("w")) == "8844"  # rules as wide as the 版心
    for p in table.iter(w("p")):
        assert run_fonts(p) == {"仿宋_GB2312"} and run_sizes(p) == {"28"}
    copy_p = paragraphs_with(table, "抄送")[0]
    ind = ppr(copy_p, "ind")
    assert int(ind.get(w("left"))) - int(ind.get(w("hanging"))) == 280  # 1 char in at 4号


# --- page numbers ---------------------------------------------------------------
def _footer(parts, saved, kind):
    with zipfile.ZipFile(saved) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    # The text's section: a blank page before the 版记 page opens an unnumbered one after it.
    sect = next(parts["word/document.xml"].iter(w("sectPr")))
    ref = next(f for f in sect.findall("w:footerReference", NS) if f.get(w("type")) == kind)
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return parts["word/" + target]


def test_page_number_footers(parts, saved):
    settings = parts["word/settings.xml"]
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = _footer(parts, saved, kind)
        p = footer.find("w:p", NS)
        assert ppr(p, "jc").get(w("val")) == jc
        assert ppr(p, "ind").get(w(side)) == "280"  # one 4号 character
        assert "PAGE" in "".join(t.text for t in footer.iter(w("instrText")))
        assert [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))] == [
            "begin", "separate", "end"]
        text = "".join(t.text or "" for t in footer.iter(w("t")))
        assert text.startswith("— ") and text.endswith(" —")
        assert run_fonts(p) == {"宋体"} and run_sizes(p) == {"28"}


def test_page_numbers_are_fields_not_text(parts):
    # 40 findings span many pages; no page number may be hard-coded in the body.
    assert not list(parts["word/document.xml"].iter(w("fldChar")))


# --- model validation -----------------------------------------------------------
def _doc(**changes):
    base = dict(issuer_mark="盐城市安全生产巡查工作领导小组办公室文件", doc_number="盐巡办〔2020〕3号",
                title="关于开展安全生产巡查的通知", addressee="各县（市、区）", body=[Paragraph("正文。")],
                attachments=[], signature="盐城市安全生产巡查工作领导小组办公室",
                date=datetime.date(2020, 3, 2))
    base.update(changes)
    return OfficialDocument(**base)


@pytest.mark.parametrize("number, message", [
    ("盐巡办〔2020〕03号", "虚位"),
    ("盐巡办[2020]3号", "六角括号"),
    ("盐巡办（2020）3号", "六角括号"),
    ("盐巡办2020年3号", "六角括号"),
    ("盐巡办〔2020〕第3号", "第"),
])
def test_doc_number_validation(number, message):
    with pytest.raises(ValueError, match=message):
        _doc(doc_number=number)


def test_chinese_date_without_leading_zeros():
    assert chinese_date(datetime.date(2020, 3, 2)) == "2020年3月2日"
    assert chinese_date(datetime.date(2020, 12, 20)) == "2020年12月20日"


def test_public_document_without_red_header(tmp_path):
    doc = _doc(issuer_mark=None, public=True, doc_number=None, addressee=None)
    path = tmp_path / "notice.docx"
    render_docx(doc, path)
    reopened = docx.Document(str(path))
    texts = [p.text for p in reopened.paragraphs]
    assert texts[0] == "关于开展安全生产巡查的通知"
    assert "2020年3月2日" in texts


def test_render_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.docx"
    render_docx(_doc(), path)
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]
    assert docx.Document(str(path)).paragraphs


def test_build_returns_python_docx_document():
    d = build_docx(_doc())
    assert any(p.text == "盐巡办〔2020〕3号" for p in d.paragraphs)


def test_title_breaking():
    assert split_title("盐城市安全生产巡查第一组关于东台市安全生产巡查情况的报告") == [
        "盐城市安全生产巡查第一组关于", "东台市安全生产巡查情况的报告"]
    lines = split_title("市委办公室 市政府办公室关于印发《盐城市安全生产巡查方案（试行）》的通知")
    assert all(text_width(x) <= 20 for x in lines)
    assert not any(x.count("《") != x.count("》") for x in lines)  # book title kept whole
    assert split_title("第一行\n第二行") == ["第一行", "第二行"]


def test_a_title_keeps_the_names_the_records_printed_whole():
    # GB/T 9704 7.3.1: 回行时，要做到词意完整.  Without the name: 建 / 湖县.
    title = "市安全生产第一巡查组进驻建湖县开展安全生产巡查的公告"
    assert split_title(title) != split_title(title, keep_whole=["建湖县"])
    assert split_title(title, keep_whole=["建湖县"]) == ["市安全生产第一巡查组进驻建湖县", "开展安全生产巡查的公告"]


def test_a_title_keeps_the_plans_own_terms_whole():
    assert split_title("关于建湖县安全生产巡查问题整改落实不力情况的通报", keep_whole=["建湖县"]) == [
        "关于建湖县安全生产巡查问题", "整改落实不力情况的通报"]


def test_a_name_too_long_for_a_line_is_still_broken_rather_than_overflowing():
    name = "盐城市某某某某某某某某某某某某某某某某某某某某有限公司"
    lines = split_title(f"关于{name}的通知", keep_whole=[name])
    assert all(text_width(x) <= 20 for x in lines)
    assert "".join(lines) == f"关于{name}的通知"


# --- rendering ------------------------------------------------------------------
def test_libreoffice_converts_to_pdf(saved, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is required: the page-level checks never skip (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(saved)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:  # page objects sit in compressed object streams; ask poppler
        info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True)
        pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
        assert pages >= 2  # 40 findings and the table run over several pages
