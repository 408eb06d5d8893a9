"""Tables on a terminal that fit its width, 80 columns included.

Ids and dates are what a clerk copies into the next command, so they are never cut or folded;
titles and other text wrap around them.  When the terminal is too narrow for every column at a
readable width, each row is printed as a block of “列名：值” lines instead of a crushed table.
Piped output (cron mail, grep) never comes here: the commands print plain lines then.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from .chinese import CLOSERS

# Columns a clerk copies into another command: never cut, whatever the terminal's width.
ID_COLUMNS = frozenset({"巡查编号", "巡查", "编号", "时限", "受理日期", "整改期限", "状态", "类别"})
# The column a row is about: given room first when the terminal is narrow, the rest wrap around it.
TITLE_COLUMNS = frozenset({"问题", "事项", "反映问题", "巡查对象"})

# Narrowest readable width of a wrapped column, in terminal cells (a Chinese character takes two).
_TITLE_MIN = 12
_TEXT_MIN = 8
_TITLE_WEIGHT = 3
# A code or number in a cell, with the full-width brackets around it: folding it mid-word
# (“（approv/e）”) makes it unreadable, while Chinese text may break between any two characters.
_TOKEN = re.compile(r"[（(]?[\x21-\x7e]+[）)]?")
# What a line may be broken between: such a code, a run of spaces, or any one other character.
_PIECE = re.compile(r"[（(]?[\x21-\x7e]+[）)]?|\s+|.")


def _width(text: str) -> int:
    return max((cell_len(line) for line in str(text).splitlines()), default=0)


def _token_width(text: str) -> int:
    return max((cell_len(m.group()) for m in _TOKEN.finditer(str(text))), default=0)


def column_widths(columns, rows, width: int) -> list[int] | None:
    """Content width of each column so the table, borders included, fits in ``width`` cells;
    None when it cannot without cutting an id or crushing text below a readable width."""
    natural = [max([_width(name)] + [_width(row[i]) for row in rows]) for i, name in enumerate(columns)]
    overhead = 3 * len(columns) + 1  # a border before each column and after the last, one space each side
    fixed = sum(w for w, name in zip(natural, columns) if name in ID_COLUMNS)
    wrapped = [i for i, name in enumerate(columns) if name not in ID_COLUMNS]
    least = {i: min(natural[i], max(_TITLE_MIN if columns[i] in TITLE_COLUMNS else _TEXT_MIN,
                                    max(_token_width(row[i]) for row in rows)))
             for i in wrapped}
    room = width - overhead - fixed
    if sum(least.values()) > room:
        return None
    widths = list(natural)
    if sum(natural[i] for i in wrapped) <= room:
        return widths
    for i in wrapped:
        widths[i] = least[i]
    spare = room - sum(least.values())
    weight = {i: _TITLE_WEIGHT if columns[i] in TITLE_COLUMNS else 1 for i in wrapped}
    while spare > 0:
        hungry = [i for i in wrapped if widths[i] < natural[i]]
        if not hungry:
            break
        # Water-filling: the column furthest below its share grows by one cell.
        i = min(hungry, key=lambda k: (widths[k] / weight[k], k))
        widths[i] += 1
        spare -= 1
    return widths


def print_table(columns, rows, styles=None, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    styles = list(styles or [None] * len(rows))
    widths = column_widths(columns, rows, console.width)
    if widths is None:
        _print_blocks(console, columns, rows, styles, title)
        return
    table = Table(title=title)
    for name, width in zip(columns, widths):
        table.add_column(name, width=width, no_wrap=name in ID_COLUMNS, overflow="fold")
    for row, style in zip(rows, styles):
        table.add_row(*(value if name in ID_COLUMNS else _folded(value, width)
                        for name, value, width in zip(columns, row, widths)), style=style)
    console.print(table)


def _folded(value, width: int):
    """Text wrapped as Chinese is set: a closing mark (、，。）…) never opens a line, and a code
    such as （approve） stays whole.  rich alone folds anywhere, and a line of the 巡查对象 column
    starting with "、大丰港" reads as a typo."""
    if not isinstance(value, str) or width < 2:
        return value
    return "\n".join(line for text in value.splitlines() or [""] for line in _lines(text, width))


def _lines(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for token in _PIECE.findall(text):
        size = cell_len(token)
        if used + size > width and lines[-1]:
            carried = [lines[-1].pop()] if token[0] in CLOSERS and len(lines[-1]) > 1 else []
            lines.append(carried)
            used = sum(cell_len(piece) for piece in carried)
        lines[-1].append(token)
        used += size
    return ["".join(line).strip() for line in lines]


def _print_blocks(console, columns, rows, styles, title) -> None:
    """One block a row: the leading ids on a line of their own, then every other column, labelled."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    if title:
        console.print(Text(title))
    lead = next((i for i, name in enumerate(columns) if name not in ID_COLUMNS), len(columns))
    for row, style in zip(rows, styles):
        console.print(Text("  ".join(str(v) for v in row[:lead]), style=style or ""), overflow="fold")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        shown = [(name, str(value)) for name, value in zip(columns[lead:], row[lead:])
                 if str(value).strip() not in ("", "—")]
        # The block is indented two cells and its label column is parted from the values by one.
        room = console.width - 2 - max((cell_len(f"{name}：") for name, _ in shown), default=0) - 1
        for name, value in shown:
            grid.add_row(f"{name}：", value if name in ID_COLUMNS else _folded(value, room), style=style)
        console.print(Padding(grid, (0, 0, 1, 2), expand=False))
