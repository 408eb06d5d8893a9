"""Reading documents back as LibreOffice lays them out (GB/T 9704 on the page, not in the XML).

One ``soffice`` call converts a whole batch; poppler's ``pdftotext -bbox-layout`` gives every
line with its position.  Used by tests/test_render_pages.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

PAGE_H = 841.89
TYPE_TOP = 37 / 25.4 * 72  # 版心 top, 37 mm
TYPE_BOTTOM = PAGE_H - 35 / 25.4 * 72  # 版心 bottom, 35 mm above the page's bottom edge
LINE = 28.95
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def to_pdf(docs: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert every .docx of ``docs`` in one LibreOffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
                           "fonts-noto-cjk poppler-utils")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, docs)], check=True, capture_output=True, timeout=600)
    return {d: outdir / (d.stem + ".pdf") for d in docs}


def pages(pdf: Path) -> list[list[Line]]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    result = []
    for page in root.iter("{*}page"):
        lines = []
        for line in page.iter("{*}line"):
            words = [w.text or "" for w in line.iter("{*}word")]
            lines.append(Line("".join(words), float(line.get("xMin")), float(line.get("yMin")),
                              float(line.get("xMax")), float(line.get("yMax"))))
        lines.sort(key=lambda ln: (round(ln.y0), ln.x0))
        result.append(lines)
    return result


def merged(lines: list[Line]) -> list[Line]:
    """Lines on the same baseline (a tab, a table row) as one line, left to right."""
    out: list[Line] = []
    for ln in lines:
        if out and abs(out[-1].y1 - ln.y1) < 3:
            prev = out[-1]
            out[-1] = Line(prev.text + ln.text, min(prev.x0, ln.x0), min(prev.y0, ln.y0), max(prev.x1, ln.x1),
                           max(prev.y1, ln.y1))
        else:
            out.append(ln)
    return out


def in_type_area(lines: list[Line]) -> list[Line]:
    return [ln for ln in merged(lines) if ln.y1 <= TYPE_BOTTOM + 2]


def page_number(lines: list[Line]) -> str | None:
    below = [ln for ln in merged(lines) if ln.y0 > TYPE_BOTTOM]
    return next((ln.text for ln in below if PAGE_NUMBER.match(ln.text.replace(" ", ""))), None)


def signature_problems(ps: list[list[Line]], name: str, signature: str, date: str) -> list[str]:
    """7.3.5: the 署名 and 成文日期 share their page with two lines of text at least; no 此页无正文."""
    found = []
    seen = False
    for i, page in enumerate(ps, start=1):
        texts = [ln.text.replace(" ", "") for ln in in_type_area(page)]
        if date in texts:
            seen = True
            at = texts.index(date)
            sig = max((k for k in range(at) if texts[k] == signature), default=None)
            if sig is None:
                found.append(f"{name}: 署名 not on the page of the 成文日期 (p{i})")
            elif sig < 2:
                found.append(f"{name}: p{i} holds the 署名 and 成文日期 with {sig} line(s) of text")
        if any("此页无正文" in t for t in texts):
            found.append(f"{name}: p{i} says 此页无正文")
    if not seen:
        found.append(f"{name}: no 成文日期 “{date}” found")
    return found


def imprint_problems(ps: list[list[Line]], name: str, imprint_last: str) -> list[str]:
    """7.4/7.5: the 版记 closes the last page, an even one, its last line on the 版心's last line."""
    found = []
    if len(ps) % 2:
        found.append(f"{name}: {len(ps)} pages, the 版记 must end on an even page")
    last = in_type_area(ps[-1])
    if not last:
        return found + [f"{name}: last page is empty"]
    end = last[-1]
    if imprint_last not in end.text.replace(" ", ""):
        found.append(f"{name}: the last line of the last page is “{end.text}”, not the 版记's “{imprint_last}”")
    elif not (TYPE_BOTTOM - LINE < end.y1 <= TYPE_BOTTOM + 1):
        found.append(f"{name}: the 版记 ends {TYPE_BOTTOM - end.y1:.1f} pt above the 版心's bottom")
    for i, page in enumerate(ps[:-1], start=1):
        if any(imprint_last in ln.text.replace(" ", "") for ln in in_type_area(page)):
            found.append(f"{name}: the 版记 is on p{i}, not on the last page")
    return found


def numbering_problems(ps: list[list[Line]], name: str, letter: bool) -> list[str]:
    """7.5 and 10.1: every page numbered in order, except 信函格式 p1, a blank page and the 版记 page after it."""
    found = []
    blank_before = len(ps) >= 2 and not in_type_area(ps[-2])
    for i, page in enumerate(ps, start=1):
        number = page_number(page)
        unnumbered = (letter and i == 1) or (blank_before and i >= len(ps) - 1)
        if unnumbered and number:
            found.append(f"{name}: p{i} must carry no page number, has “{number}”")
        if not unnumbered and number is None:
            found.append(f"{name}: p{i} has no page number")
        if number and int(re.sub(r"\D", "", number)) != i:
            found.append(f"{name}: p{i} numbered “{number}”")
    return found
