"""Reading rendered .docx files back for the render tests (layout helpers come from test_gbt9704)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from test_gbt9704 import NS, w  # noqa: F401  (re-exported for the render tests)


def parts_of(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith(".xml")}


def body_of(path: Path):
    return parts_of(path)["word/document.xml"].find("w:body", NS)


def texts(path: Path) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    return ["".join(p.itertext()) for p in body_of(path).iter(w("p"))]


def full_text(path: Path) -> str:
    return "\n".join(texts(path))


def tables(path: Path) -> list[list[list[str]]]:
    out = []
    for tbl in body_of(path).iter(w("tbl")):
        out.append([["".join(tc.itertext()) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)])
    return out


def index_of(lines: list[str], fragment: str) -> int:
    return next(i for i, line in enumerate(lines) if fragment in line)
