"""GB/T 9704 on the page: every document of the example, laid out by LibreOffice and read back.

One ``soffice`` call converts the whole batch (LibreOffice is slow); poppler gives each line's
position.  These tests need LibreOffice, fonts-noto-cjk and poppler-utils (.ci/run installs
them): without them they fail, they do not skip.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from gbt9704_sample import sample_report
from page_checks import imprint_problems, numbering_problems, pages, signature_problems, to_pdf
from xuncha.records.loader import load
from xuncha.render.context import KIND_NAMES
from xuncha.render.gbt9704 import render_docx
from xuncha.render.templates import build

EXAMPLE = Path(__file__).resolve().parent.parent / "records"


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    """stem -> (the OfficialDocument, its pages as LibreOffice lays them out)."""
    records, _ = load(EXAMPLE)
    out = tmp_path_factory.mktemp("pages")
    docs = {}
    for kind in KIND_NAMES:
        docs.update(build(records, kind, "2020" if kind == "plan" else "2020-1-dongtai"))
    docs.update({f"jianhu-{stem}": doc for stem, doc in build(records, "report", "2020-1-jianhu")})
    # A long report: its text ends where the 版记 needs a blank page, or shares the last page.
    for findings in (38, 39, 40, 41):
        docs[f"sample-{findings}"] = sample_report(findings)
    paths = {}
    for stem, doc in docs.items():
        paths[stem] = out / f"{stem}.docx"
        render_docx(doc, paths[stem])
    pdfs = to_pdf(list(paths.values()), out / "pdf")
    return {stem: (doc, pages(pdfs[paths[stem]])) for stem, doc in docs.items()}


def _imprint_last(doc) -> str | None:
    """The 版记's last words: the 印发 date, or in a 信函 (no 印发 line) the 抄送 line's end."""
    if doc.format == "letter":
        return (doc.copy_to[-1].strip() + "。") if doc.copy_to else None
    if doc.print_date:
        return f"{doc.print_date.year}年{doc.print_date.month}月{doc.print_date.day}日印发"
    return None


def test_the_imprint_closes_the_last_even_page_on_the_last_line(laid_out):
    """7.4, 7.5: 版记 on the last page, an even one, its last element on the 版心's last line."""
    found = []
    checked = 0
    for stem, (doc, ps) in laid_out.items():
        last = _imprint_last(doc)
        if last:
            checked += 1
            found += imprint_problems(ps, stem, last)
    assert checked >= 14 and not found, found


def test_signature_and_date_stand_with_two_lines_of_text(laid_out):
    """7.3.5: never a page holding only the 署名 and 成文日期, never 此页无正文."""
    found = []
    for stem, (doc, ps) in laid_out.items():
        date = f"{doc.date.year}年{doc.date.month}月{doc.date.day}日"
        found += signature_problems(ps, stem, doc.signature, date)
    assert not found, found


def test_pages_are_numbered_except_letter_page_one_and_the_blank_page(laid_out):
    """7.5: — N — on every page; 10.1: none on a 信函's first page; none on a blank page and the 版记 page after it."""
    found = []
    for stem, (doc, ps) in laid_out.items():
        found += numbering_problems(ps, stem, doc.format == "letter")
    assert not found, found


def test_some_document_needs_the_blank_page_and_some_shares_its_last_page(laid_out):
    # The batch exercises all three placements of 7.4/7.5, or the checks above prove little.
    shapes = set()
    for stem, (doc, ps) in laid_out.items():
        if not _imprint_last(doc):
            continue
        texts_on_last = [ln for ln in ps[-1] if ln.y1 < 742]
        if len(ps) >= 2 and not [ln for ln in ps[-2] if ln.y1 < 742]:
            shapes.add("blank page")
        elif len(texts_on_last) > 2:
            shapes.add("shared")
        else:
            shapes.add("own page")
    assert shapes == {"blank page", "shared", "own page"}, shapes


def test_the_files_say_who_issued_them_and_when(laid_out, tmp_path):
    doc, _ = laid_out["report"]
    path = tmp_path / "report.docx"
    render_docx(doc, path)
    props = docx.Document(path).core_properties
    assert props.author == "盐城市安全生产第一巡查组" and props.created.year == 2020
