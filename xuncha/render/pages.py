"""Where each line of a GB/T 9704 document falls on its pages, computed from the fixed grid.

Every paragraph of a 公文 is set on exact line pitches, tables on exact row pitches, and the
版心 is 225 mm high, so a page is a plain stack: this module lays the blocks the layout engine
wrote out on pages the way LibreOffice and Word do (widow/orphan control of two lines, a heading
kept with the first lines of what follows, table rows that never split and a repeated header).
The layout engine uses it to decide where the 版记 goes and where the text must break so that
the 署名 and 成文日期 never stand alone (GB/T 9704 7.3.5, 7.4, 7.5).  Rendering stays fast: no
layout engine is started; the tests check the same pages through LibreOffice.

Lengths are in points.  Character widths are those of the fonts a renderer falls back to when the
office's 仿宋_GB2312 is absent (full-width CJK glyphs, DejaVu Sans for Latin): the two agree on CJK
text, which is nearly all of a 公文.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "Page", "wrap", "lay_out", "TYPE_H_PT"]

# 版心 225 mm, of which a renderer with a line grid uses 22 whole lines of 28.95 pt (LibreOffice
# keeps the last 0.9 pt empty).
TYPE_H_PT = 22 * 579 / 20

# Advance widths of DejaVu Sans (em) for the Latin characters a 公文 holds: digits, dates, ids.
_LATIN = {**{d: 0.636 for d in "0123456789"}, " ": 0.318, ".": 0.318, ",": 0.318, ":": 0.337, ";": 0.337,
          "-": 0.361, "/": 0.337, "(": 0.390, ")": 0.390, "%": 0.950, "~": 0.838}
# GB/T 9704's punctuation may hang past the right edge (LibreOffice and Word both do it).
_HANGING = "，。、；：！？,."
_NO_LINE_START = "）》〕」』】”’：；，。、！？…·%)]}"
_NO_LINE_END = "（《〔「『【“‘([{"


def char_width(ch: str, size: float) -> float:
    if ord(ch) >= 0x2E80 or ch in "“”‘’—…·":
        return size
    if ch in _LATIN:
        return _LATIN[ch] * size
    if ch.isupper():
        return 0.70 * size
    return 0.60 * size


def wrap(text: str, width: float, *, size: float, spacing: float = 0.0, first_indent: float = 0.0) -> int:
    """Number of lines ``text`` takes in a column ``width`` pt wide (first line ``first_indent`` in)."""
    if not text:
        return 1
    lines = 1
    x = first_indent
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            lines += 1
            x = 0.0
            i += 1
            continue
        # A run of Latin letters and digits breaks only as a whole.
        j = i + 1
        if ch.isascii() and ch.isalnum():
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "."):
                j += 1
        piece = text[i:j]
        w = sum(char_width(c, size) + spacing for c in piece)
        if x + w > width + 0.01 and x > 0:
            if len(piece) == 1 and piece in _HANGING:
                x += w  # hangs in the margin
                i = j
                continue
            lines += 1
            x = 0.0
            if piece[0] in _NO_LINE_START and i > 0:
                x = char_width(text[i - 1], size) + spacing  # the previous character comes along
            elif i > 0 and text[i - 1] in _NO_LINE_END:
                x = char_width(text[i - 1], size) + spacing
        x += w
        i = j
    return lines


@dataclass
class Block:
    """One paragraph (its lines' heights) or one table row, as written to the document."""

    lines: list[float]
    before: float = 0.0  # space above the first line
    after: float = 0.0  # space below the last line (a bottom border and its distance)
    keep_next: bool = False
    page_break_before: bool = False
    row_of: int | None = None  # table number for a row: rows never split
    header_row: bool = False  # repeated at the top of every page the table continues on
    tag: str = ""

    @property
    def height(self) -> float:
        return self.before + sum(self.lines) + self.after


@dataclass
class Page:
    number: int
    used: float = 0.0
    blocks: list[int] = field(default_factory=list)


@dataclass
class Placed:
    page: int  # 1-based page of the block's last line
    first_page: int  # page of its first line
    bottom: float  # distance from the 版心's top to the bottom of its last line


def _min_first(block: Block) -> float:
    """Height of the least of ``block`` that must stand on a page with what keeps with it."""
    if block.row_of is not None:
        return block.height
    n = len(block.lines)
    if n < 4:
        return block.height
    return block.before + sum(block.lines[:2])


def lay_out(blocks: list[Block], capacity: float = TYPE_H_PT, first_offset: float = 0.0) -> list[Placed]:
    """Each block's page and bottom; ``first_offset`` is how far page 1's text starts below the 版心's top."""
    placed: list[Placed] = []
    page, y = 1, first_offset
    header: dict[int, Block] = {}
    eps = 0.05
    for i, b in enumerate(blocks):
        if b.page_break_before and (y > 0 or placed):
            page, y = page + 1, 0.0
        if b.row_of is not None:
            if b.header_row:
                header.setdefault(b.row_of, b)
            need = b.height
            if y + need > capacity + eps and y > 0:
                page, y = page + 1, 0.0
                h = header.get(b.row_of)
                if h is not None and h is not b:
                    y += h.height
            y += need
            placed.append(Placed(page, page, y))
            continue
        # What must share the page with this block's first part: a keep-with-next chain.
        need = _min_first(b) if not b.keep_next else b.height
        k = i
        while blocks[k].keep_next and k + 1 < len(blocks):
            k += 1
            nxt = blocks[k]
            need += _min_first(nxt) if not nxt.keep_next else nxt.height
            if nxt.page_break_before:
                need = blocks[i].height
                break
        if y > 0 and y + need > capacity + eps:
            page, y = page + 1, 0.0
        if y + b.height <= capacity + eps:
            first = page
            y += b.height
            placed.append(Placed(page, first, y))
            continue
        # Split across pages, two lines at least on each side.
        n = len(b.lines)
        room = capacity - y - b.before
        fit = 0
        acc = 0.0
        for h in b.lines:
            if acc + h > room + eps:
                break
            acc += h
            fit += 1
        fit = min(fit, n - 2)
        first = page
        if fit < 2:
            page, y = page + 1, 0.0
            first = page
            rest = b.lines
            y = b.before
        else:
            rest = b.lines[fit:]
            page, y = page + 1, 0.0
        # A paragraph longer than a page goes on page by page.
        for h in rest:
            if y + h > capacity + eps:
                page, y = page + 1, 0.0
            y += h
        y += b.after
        placed.append(Placed(page, first, y))
    return placed
