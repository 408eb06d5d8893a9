"""Line breaking for 公文 titles (GB/T 9704 7.3.1).

The standard asks that a wrapped title keep words whole and be laid out as a
trapezoid or diamond.  Without a word segmenter we score candidate breaks:
never inside 《》〔〕（）“”, never between Latin letters/digits, never before
closing punctuation; prefer breaks at punctuation and around "关于"; then
prefer lines of even length with the top line not shorter than the bottom.
The plan's own terms (安全生产, 巡查, 问题, ...) and the words the caller names (the unit
and place names the records printed into the title) are kept whole whenever any layout of
at most three lines allows it: 建湖县 must not end one line with 建 and start the next
with 湖县.
"""

from __future__ import annotations

import itertools
import math

_OPEN = "《〔（“‘(["
_CLOSE = "》〕）”’)]"
_NO_LINE_START = _CLOSE + "，。、；：！？,.;:!?的"
_GOOD_AFTER = "，、；：》）"
# Words of the plan that the titles of its documents are made of: a break never falls inside
# one while another layout fits (the names the records print are added by the caller).
TERMS = (
    "安全生产", "巡查组", "巡查", "问题", "整改", "落实", "情况", "开展", "发现", "线索", "反馈意见",
    "督查", "约谈", "通报", "通知", "公告", "报告", "负责同志", "工作方案", "领导小组", "办公室",
    "挂牌督办", "重大事故隐患", "不力", "加快", "移交", "进驻", "企业", "化工", "专题报告", "开发区",
    "管委会", "督促", "负责", "有关", "结果", "公告", "授权书", "通知书", "反馈", "专项",
)


def text_width(s: str) -> float:
    """Width in full-width character cells; ASCII is half width."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in s)


def _allowed_breaks(text: str) -> list[int]:
    depth = 0
    allowed = []
    for i, ch in enumerate(text):
        if i > 0 and depth == 0:
            prev = text[i - 1]
            ascii_run = prev.isascii() and prev.isalnum() and ch.isascii() and ch.isalnum()
            if not ascii_run and ch not in _NO_LINE_START and prev not in _OPEN:
                allowed.append(i)
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
    return allowed


def _break_bonus(text: str, i: int) -> float:
    bonus = 0.0
    if text[i - 1] in _GOOD_AFTER or text[i] in "《":
        bonus += 3.0
    if text.startswith("关于", i) or text[max(0, i - 2):i] == "关于":
        bonus += 2.0
    if text[max(0, i - 2):i] == "印发":
        bonus += 2.0
    return bonus


def split_title(title: str, max_width: float = 20.0, keep_whole: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Split a title into lines of at most `max_width` cells; explicit "\\n" wins."""
    if "\n" in title:
        return [part.strip() for part in title.splitlines() if part.strip()]
    title = title.strip()
    total = text_width(title)
    if total <= max_width:
        return [title]
    candidates = _allowed_breaks(title)
    inside = _inside_words(title, (*TERMS, *keep_whole))
    whole = [c for c in candidates if c not in inside]
    for allowed in ([whole, candidates] if inside else [candidates]):
        best = _best_layout(title, allowed, max_width)
        if best is not None:
            return best
    return _greedy(title, candidates, max_width)


def _inside_words(title: str, words) -> set[int]:
    """Break positions that would split one of ``words`` where it stands in ``title``."""
    inside: set[int] = set()
    for word in words:
        if len(word) < 2:
            continue
        start = title.find(word)
        while start != -1:
            inside.update(range(start + 1, start + len(word)))
            start = title.find(word, start + 1)
    return inside


def _best_layout(title: str, candidates: list[int], max_width: float) -> list[str] | None:
    total = text_width(title)
    # Exhaustive search is fine up to three lines (~C(60,2) cuts); longer titles are rare.
    for lines in range(math.ceil(total / max_width), 4):
        best: tuple[float, list[str]] | None = None
        for cuts in itertools.combinations(candidates, lines - 1):
            bounds = (0, *cuts, len(title))
            parts = [title[a:b] for a, b in itertools.pairwise(bounds)]
            widths = [text_width(p) for p in parts]
            if max(widths) > max_width:
                continue
            mean = total / lines
            cost = sum((w - mean) ** 2 for w in widths) * 0.5
            cost += 2.0 * max(0.0, widths[-1] - widths[0])  # trapezoid, not inverted
            cost -= sum(_break_bonus(title, c) for c in cuts)
            if best is None or cost < best[0]:
                best = (cost, parts)
        if best is not None:
            return best[1]
    return None


def _greedy(title: str, candidates: list[int], max_width: float) -> list[str]:
    lines, start = [], 0
    while text_width(title[start:]) > max_width:
        fitting = [c for c in candidates if c > start and text_width(title[start:c]) <= max_width]
        cut = fitting[-1] if fitting else start + int(max_width)
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    return lines
