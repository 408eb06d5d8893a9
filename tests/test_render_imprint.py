"""The 版记's rows stay together (GB/T 9704 7.4); where they land on the page is checked
through LibreOffice in test_render_pages.py."""

from __future__ import annotations

from gbt9704_sample import sample_report
from render_helpers import NS, body_of, w
from xuncha.render.gbt9704 import render_docx

def test_imprint_rows_keep_together(tmp_path):
    path = tmp_path / "report.docx"
    render_docx(sample_report(40), path)
    imprint = body_of(path).findall("w:tbl", NS)[-1]
    rows = imprint.findall("w:tr", NS)
    assert len(rows) == 2
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in rows[0].iter(w("p")))
    assert all(p.find("w:pPr/w:keepNext", NS) is None for p in rows[-1].iter(w("p")))
