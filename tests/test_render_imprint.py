"""The 版记 stays inside the 版心 on the last page (GB/T 9704 7.4), also in LibreOffice.

With 40 findings the sample report's 抄送 row just fits the last page; LibreOffice used to let
the 印发 row hang 10 mm below the 版心, over the page number."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from gbt9704_sample import sample_report
from render_helpers import NS, body_of, w
from xuncha.render.gbt9704 import render_docx

TYPE_AREA_BOTTOM_PT = (297 - 35) / 25.4 * 72  # 版心 ends 35 mm above the lower page edge


def test_imprint_rows_keep_together(tmp_path):
    path = tmp_path / "report.docx"
    render_docx(sample_report(40), path)
    imprint = body_of(path).findall("w:tbl", NS)[-1]
    rows = imprint.findall("w:tr", NS)
    assert len(rows) == 2
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in rows[0].iter(w("p")))
    assert all(p.find("w:pPr/w:keepNext", NS) is None for p in rows[-1].iter(w("p")))


@pytest.mark.parametrize("findings", [39, 40])
def test_imprint_inside_type_area_in_libreoffice(tmp_path, findings):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or poppler not installed")
    path = tmp_path / "report.docx"
    render_docx(sample_report(findings), path)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    last = int(re.search(r"Pages:\s+(\d+)", info)[1])
    bbox = subprocess.run(["pdftotext", "-f", str(last), "-l", str(last), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', bbox)
    printed = [float(y_max) for _, y_max, text in words if "印发" in text]
    copy = [float(y_max) for _, y_max, text in words if text.startswith("抄送")]
    assert printed and copy, "版记 must be on the last page"
    assert max(printed) <= TYPE_AREA_BOTTOM_PT + 0.5
