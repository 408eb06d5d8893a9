"""Chinese for the help and error chrome that typer (and the click it vendors) print in English.

The clerks read every word the tool prints, so "Usage:", "Options", "[required]" and "Error:
Missing argument" are translated too.  Only public means are used, so a typer upgrade cannot
silently break a help page: a help formatter subclass (click's documented
``Context.formatter_class``) writes the headings, usage line and definition lists, and the
group's ``main`` shows click's errors (xuncha/cli/classes.py).  typer 0.29 vendors click with its
strings as literals, not gettext-marked, so a message catalog would not reach them: the
translation is these tables, applied where the text is written.
"""

import re
import textwrap
import unicodedata

import typer

WORDS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "Aborted!": "已中止。",
    "(dynamic)": "（动态）",
    "default: {default}": "缺省：{default}",
    "env var: {var}": "环境变量：{var}",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全（输入巡查编号、环节名时按 Tab）。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的命令补全脚本，可复制或自行安装。",
    "Install completion for the specified shell.": "为指定的 shell 安装命令补全。",
    "Show completion for the specified shell, to copy it or customize the installation.":
        "显示指定 shell 的命令补全脚本，可复制或自行安装。",
}

# click's error messages, English pattern -> Chinese replacement.  Kept as text: ``re`` compiles
# (and caches) a pattern the first time an error is shown, not on every start-up (--help included).
MESSAGES = [
    (r"^Missing argument '(.+?)'\.(.*)$", r"缺少参数 \1。\2"),
    (r"^Missing option '(.+?)'\.(.*)$", r"缺少选项 \1。\2"),
    (r"^Missing parameter: (.+)$", r"缺少参数 \1"),
    (r"^Missing command\.$", "缺少命令。"),
    (r"^No such option: (\S+)(?: \(Possible options: (.+)\)| Did you mean (.+)\?)?$", None),
    (r"^No such command '(.+?)'\.\.?(?: Did you mean (.+)\?)?$", None),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", r"多余的参数：\1"),  # typer's vendored click says argument(s)
    (r"^Invalid value for (.+?): (.+)$", r"\1 的值无效：\2"),
    (r"^Invalid value: (.+)$", r"值无效：\1"),
    (r"^Option '(.+?)' requires an argument\.$", r"选项 \1 需要一个值。"),
    (r"^Option '(.+?)' requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值。"),
    (r"^Option '(.+?)' does not take a value\.$", r"选项 \1 不接受值。"),
    (r"^'(.+?)' is not a valid integer\.$", r"“\1”不是整数。"),
    (r"^Value '(.+?)' is not a valid (.+)\.$", r"“\1”不是有效的 \2。"),
    (r"^'(.+?)' is not one of (.+)\.$", r"“\1”不在可选范围内：\2。"),
]


# typer shows each value's Python type as its metavar; a clerk reads the kind of value instead.
METAVARS = {"str": "文字", "int": "整数", "float": "数字", "list[str]": "文字", "list[int]": "整数",
            "Path": "路径", "Optional[Path]": "路径", "bool": ""}
_METAVAR = re.compile(r" ?<([^<>]+)>")


def term(text: str) -> str:
    def chinese(match: re.Match) -> str:
        name = METAVARS.get(match.group(1))
        if name is None:
            return match.group(0)
        return f" {name}" if name else ""

    return _METAVAR.sub(chinese, text)


def word(text: str) -> str:
    return WORDS.get(text, text)


# typer's own type checks, which end up inside click's "Invalid value" messages.
DETAILS = [
    (r"Input should be a valid integer[^\n]*", "应为整数"),
    (r"Input should be a valid number[^\n]*", "应为数字"),
    (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
    (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be less than (\S+)", r"应小于 \1"),
]


def message(text: str) -> str:
    for pattern, replacement in DETAILS:
        text = re.sub(pattern, replacement, text)
    for pattern, replacement in MESSAGES:
        match = re.match(pattern, text, re.S)
        if not match:
            continue
        if replacement is not None:
            return match.expand(replacement)
        thing = "选项" if text.startswith("No such option") else "命令"
        close = next((g for g in match.groups()[1:] if g), None)
        suggestion = f"，是否想用 {close}？" if close else "。"
        return f"没有{thing} {match.group(1)}{suggestion}"
    return text


# What typer appends to an option's help: "[default: 3; required]".  Each part it knows is put in
# Chinese; a part it does not (a number range such as "x>=0") is left as typer wrote it.
_EXTRAS = re.compile(r"\[([^\[\]]*)\]\Z")
_EXTRA_PARTS = [(re.compile(r"^default: (.*)$", re.S), "缺省：{}"), (re.compile(r"^env var: (.*)$", re.S), "环境变量：{}")]


def extras(help_text: str) -> str:
    def chinese(match: re.Match) -> str:
        parts = []
        for part in match.group(1).split("; "):
            for pattern, template in _EXTRA_PARTS:
                found = pattern.match(part)
                if found:
                    part = template.format(word(found.group(1)))
                    break
            parts.append(word(part))
        return f"[{'; '.join(parts)}]"

    return _EXTRAS.sub(chinese, help_text, count=1)


def display_len(text: str) -> int:
    """Terminal columns: a Chinese character takes two, and click's own count says one."""
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


# A terminal gives a Chinese character two columns; textwrap counts one.  Each wide character is
# followed by this placeholder while wrapping, so textwrap's count is the terminal's.
_SECOND_HALF = "\0"
# Marks that close a phrase: set at the end of a line, never at the start of the next (help and tables).
CLOSERS = "。，、；：！？）》」』】〕"


def _cells(text: str) -> str:
    return "".join(ch + _SECOND_HALF if unicodedata.east_asian_width(ch) in "WF" else ch for ch in text)


class _Wrapper(textwrap.TextWrapper):
    # A long word (a line of Chinese has no spaces) is cut where the line ends, never at a hyphen
    # inside it (an option name such as --attendee-principal stays whole), nor between the two
    # halves of a Chinese character.
    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        last = reversed_chunks[-1]
        cut = max(width - cur_len, 1)
        if cut < len(last) and last[cut] == _SECOND_HALF:
            cut -= 1
        # A closing mark (。，）…) never opens a line: the character before it goes down with it.
        while 0 < cut < len(last) and last[cut] in CLOSERS:
            cut -= 2 if last[cut - 1] == _SECOND_HALF else 1
        if cut <= 0:
            cut = max(width - cur_len, 1) if not cur_line else 0
            if cut and cut < len(last) and last[cut] == _SECOND_HALF:
                cut += 1
        if cut:
            cur_line.append(last[:cut])
            reversed_chunks[-1] = last[cut:]


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """One paragraph wrapped to ``width`` terminal columns (a Chinese character takes two)."""
    wrapper = _Wrapper(width, initial_indent=_cells(initial_indent), subsequent_indent=_cells(subsequent_indent),
                       replace_whitespace=False)
    return wrapper.fill(_cells(text.expandtabs())).replace(_SECOND_HALF, "")


def wrap_paragraphs(text: str, width: int) -> str:
    """click's paragraph wrapping: blank lines part paragraphs, a paragraph opened by a line holding
    only \\b is kept as written, leading spaces indent the paragraph."""
    paragraphs: list[tuple[int, bool, str]] = []
    lines: list[str] = []
    indent = None

    def flush() -> None:
        if lines:
            if lines[0].strip() == "\b":
                paragraphs.append((indent or 0, True, "\n".join(lines[1:])))
            else:
                paragraphs.append((indent or 0, False, " ".join(lines)))
            lines.clear()

    for line in text.expandtabs().splitlines():
        if not line:
            flush()
            indent = None
            continue
        if indent is None:
            indent = len(line) - len(line.lstrip())
            line = line.lstrip()
        lines.append(line)
    flush()
    out = []
    for extra, raw, paragraph in paragraphs:
        pad = " " * extra
        if raw:
            out.append("\n".join(pad + line for line in paragraph.splitlines()))
        else:
            out.append(wrap(paragraph, width, pad, pad))
    return "\n\n".join(out)


class ChineseFormatter(typer.Context.formatter_class):
    """click's HelpFormatter with Chinese headings, usage and terms, measuring columns as a
    terminal shows Chinese (two columns a character)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        prefix = "用法：" if prefix is None else prefix
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= display_len(usage_prefix) + 20:
            self.write(wrap(args, text_width, usage_prefix, " " * display_len(usage_prefix)))
        else:
            self.write(usage_prefix)
            self.write("\n")
            indent = " " * (max(self.current_indent, display_len(prefix)) + 4)
            self.write(wrap(args, text_width, indent, indent))
        self.write("\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        wrapped = wrap_paragraphs(text, max(self.width - self.current_indent, 11))
        self.write("\n".join(indent + line if line else line for line in wrapped.splitlines()))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{word(heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term(first), extras(word(second))) for first, second in rows]
        if not rows:
            return
        first_col = min(max(display_len(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_len(first)))
            else:
                self.write("\n")
                self.write(" " * (first_col + self.current_indent))
            lines = wrap_paragraphs(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ChineseContext(typer.Context):
    formatter_class = ChineseFormatter


def show_error(error) -> None:
    """click's error display, in Chinese: the usage line and where to find help for a usage error,
    then 错误：and the message.  click's no-args-is-help error carries the help page itself."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None and error.format_message() == ctx.get_help():
        typer.echo(error.format_message(), err=True, color=ctx.color)
        return
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"运行 {ctx.command_path} {ctx.help_option_names[0]} 查看帮助。\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(f"错误：{message(error.format_message())}", err=True)


def short_help(text: str) -> str:
    """The first sentence of a command's help, whole: click cuts it at 45 columns mid-word
    (“审计留痕：从 git...”), which tells the clerk nothing.  A long aside in brackets goes."""
    first = text.strip().split("\n\n", 1)[0].replace("\n", "")
    end = first.find("。")
    sentence = first[:end + 1] if end >= 0 else first
    if len(sentence) > 60:
        sentence = re.sub(r"（[^（）]{20,}）", "", sentence)
    return sentence
