"""Where a template may read from, and how long and how much it may run.

Templates are the office's to edit, and a template folder is an easy place to drop a symlink:
``{% include %}`` of a link to the confidential store would print informants' names into a
document that leaves the office.  So a template is read only as a regular file lying inside one
of the template folders, reached without a symlink below that folder, its resolved path checked.

A template is also code: ``range(10**9)``, a macro calling itself or ``"x" * 10**9`` must end in
a Chinese refusal naming the template, not in a traceback, a hang or a machine out of memory.
The sandbox already caps ``range``; here the output is capped in size, numbers that would build a
huge string are refused before the string is built, and each document has a time limit.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import stat
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from jinja2 import BaseLoader, TemplateError, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment

# A real document is a few thousand characters; the report of a term with every problem listed is
# well under 200 000.  Ten times that is no document a clerk prints.
MAX_OUTPUT_CHARS = 2_000_000
# One document renders in milliseconds; a template still running after this is looping.
TIME_LIMIT_SECONDS = 30.0
# A template file is a page of text; a bigger one is not a template (or is /dev/zero).
MAX_TEMPLATE_BYTES = 1_000_000


class TemplateRefused(TemplateError):
    """A template (or what it includes) may not be read; the message is Chinese."""


class RenderLimit(TemplateError):
    """A template ran past a limit; the message is Chinese."""


def _pieces(template: str) -> list[str]:
    """The path segments of a template name, refusing any that climb out of the folder."""
    name = template.replace("\\", "/")
    pieces = [p for p in name.split("/") if p not in ("", ".")]
    if name.startswith("/") or ".." in pieces or ":" in name:
        raise TemplateRefused(f"模板“{template}”指向模板目录之外；模板只能引用模板目录中的模板")
    return pieces


class ConfinedLoader(BaseLoader):
    """Jinja's FileSystemLoader, but never following a symlink nor leaving its folders."""

    def __init__(self, folders: list[Path]):
        self.folders = [Path(f) for f in folders]

    def get_source(self, environment, template: str):
        pieces = _pieces(template)
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            return _read(folder, pieces, template, path)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found = set()
        for folder in self.folders:
            if folder.is_dir():
                found.update(p.name for p in folder.iterdir() if p.suffix == ".j2")
        return sorted(found)


def _read(folder: Path, pieces: list[str], template: str, path: Path):
    step = folder
    for piece in pieces:
        step = step / piece
        if step.is_symlink():
            raise TemplateRefused(
                f"模板 {template} 是符号链接（{step} → {os.readlink(step)}），拒绝读取：模板只能是模板目录中的普通文件，"
                f"以免把模板目录之外的内容（如举报人信息）印进公文；如确需使用，请复制为普通文件")
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
        info = os.stat(path)
    except OSError as exc:
        raise TemplateRefused(f"模板 {template} 无法读取：{exc.strerror or exc}") from None
    if not inside:
        raise TemplateRefused(f"模板 {template} 位于模板目录 {folder} 之外，拒绝读取")
    if not stat.S_ISREG(info.st_mode):
        raise TemplateRefused(f"模板 {template} 不是普通文件（{path}），拒绝读取")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(f"模板 {template} 有 {info.st_size} 字节，超过模板文件上限 {MAX_TEMPLATE_BYTES} 字节，拒绝读取")
    try:
        contents = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateRefused(f"模板 {template} 不是 UTF-8 编码的文本，请另存为 UTF-8") from None
    except OSError as exc:
        raise TemplateRefused(f"模板 {template} 无法读取：{exc.strerror or exc}") from None
    mtime = info.st_mtime

    def uptodate() -> bool:
        try:
            return os.stat(path).st_mtime == mtime
        except OSError:
            return False

    return contents, str(path), uptodate


def _too_big(n) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and abs(n) > MAX_OUTPUT_CHARS


def _refuse_number(n) -> None:
    raise RenderLimit(f"模板中的数值 {n} 过大（上限 {MAX_OUTPUT_CHARS}），会生成超长的公文，已停止生成")


_WIDTH = re.compile(r"%[-#0 +]*(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing the operations that build a huge value in one step."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: _checked(f, name == "format") for name, f in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT_CHARS:
                    raise RenderLimit(f"模板中的重复（*）会生成 {len(seq) * n} 个字符，超过上限 {MAX_OUTPUT_CHARS}，已停止生成")
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1 and right > 64:
                raise RenderLimit(f"模板中的乘方 {left}**{right} 过大，已停止生成")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        for value in (*args, *kwargs.values()):
            if _too_big(value):
                _refuse_number(value)
        bound = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # the sandbox wraps str.format
        if getattr(__obj, "__name__", None) in ("format", "format_map") and isinstance(bound, str):
            _check_widths(bound)
        return super().call(__context, __obj, *args, **kwargs)

    def setfilter(self, name: str, function) -> None:
        self.filters[name] = _checked(function, False)


def _check_widths(fmt: str) -> None:
    for m in _WIDTH.finditer(fmt):
        width = int(m[1] or m[2])
        if width > MAX_OUTPUT_CHARS:
            _refuse_number(width)


def _checked(function, formats: bool):
    """A filter refusing a huge number argument (``center(10**9)``, ``indent(10**9)``), and for
    ``format`` a huge width in the format string (``"%100000000s"|format(x)``)."""

    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def filter_(*args, **kwargs):
        if formats:
            for value in args[:2]:
                if isinstance(value, str):
                    _check_widths(value)
        for value in (*args[1:], *kwargs.values()):
            if _too_big(value):
                _refuse_number(value)
        return function(*args, **kwargs)

    return filter_


@contextmanager
def _time_limit(seconds: float):
    """SIGALRM interrupts a loop that prints nothing; only the main thread can take signals, so
    elsewhere (a server embedding xuncha) the check between output chunks is the limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise RenderLimit(f"模板运行超过 {seconds:g} 秒仍未完成（可能有死循环），已停止生成")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_printed(value: str) -> None:
    """One printed value already past the cap (the finalize hook sees it before the output does)."""
    if len(value) > MAX_OUTPUT_CHARS:
        raise RenderLimit(f"模板输出超过 {MAX_OUTPUT_CHARS} 个字符，不像一份公文，已停止生成")


def render_limited(template, context: dict) -> str:
    """The template's text, or RenderLimit when it runs too long or prints too much."""
    seconds = TIME_LIMIT_SECONDS
    started = time.monotonic()
    chunks: list[str] = []
    size = 0
    with _time_limit(seconds):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimit(f"模板输出超过 {MAX_OUTPUT_CHARS} 个字符，不像一份公文，已停止生成")
            if time.monotonic() - started > seconds:
                raise RenderLimit(f"模板运行超过 {seconds:g} 秒仍未完成（可能有死循环），已停止生成")
            chunks.append(chunk)
    return "".join(chunks)
