"""Chinese for the help and error chrome that typer (and the click it vendors) print in English.

The clerks read every word the tool prints, so "Usage:", "Options", "[required]" and "Error:
Missing argument" are translated too.  typer keeps these strings as literals in its private
``typer._click`` modules; the patches are small, applied once at start-up (a few dictionary
look-ups, no import beyond what typer already loaded), and each is skipped silently if a
future typer moves the attribute, in which case the English simply shows (the test in
tests/test_cli_chinese.py then says so).
"""

import re
import sys
import unicodedata

WORDS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "Missing command.": "缺少命令。",
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
    (r"^No such option: (\S+)(?: \(Possible options: (.+)\)| Did you mean (.+)\?)?$", None),
    (r"^No such command '(.+?)'\.\.?(?: Did you mean (.+)\?)?$", None),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
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


def localize() -> None:
    try:
        import typer.core as typer_core
        from typer._click import exceptions, formatting, utils
    except ImportError:  # pragma: no cover - a typer without the vendored click
        return
    typer_core._ = word

    write_usage = formatting.HelpFormatter.write_usage
    write_dl = formatting.HelpFormatter.write_dl

    def chinese_usage(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    def chinese_heading(self, heading):
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def chinese_dl(self, rows, *args, **kwargs):
        write_dl(self, [(term(first), word(text)) for first, text in rows], *args, **kwargs)

    formatting.HelpFormatter.write_usage = chinese_usage
    formatting.HelpFormatter.write_dl = chinese_dl
    formatting.HelpFormatter.write_heading = chinese_heading
    plain_len = formatting.term_len

    def display_len(text: str) -> int:
        # Chinese characters take two columns in a terminal; click counts them as one.
        return plain_len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")

    formatting.term_len = display_len

    def show_error(self, file=None):
        utils.echo(f"错误：{message(self.format_message())}", file=file or sys.stderr)

    def show_usage_error(self, file=None):
        file = file or sys.stderr
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = f"运行 {self.ctx.command_path} {self.ctx.help_option_names[0]} 查看帮助。\n"
            utils.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=self.ctx.color)
        utils.echo(f"错误：{message(self.format_message())}", file=file)

    exceptions.ClickException.show = show_error
    exceptions.UsageError.show = show_usage_error
    _all_missing_at_once()
    _whole_sentences_in_command_lists()


def short_help(text: str) -> str:
    """The first sentence of a command's help, whole: click cuts it at 45 columns mid-word
    (“审计留痕：从 git...”), which tells the clerk nothing.  A long aside in brackets goes."""
    first = text.strip().split("\n\n", 1)[0].replace("\n", "")
    end = first.find("。")
    sentence = first[:end + 1] if end >= 0 else first
    if len(sentence) > 60:
        sentence = re.sub(r"（[^（）]{20,}）", "", sentence)
    return sentence


def _whole_sentences_in_command_lists() -> None:
    try:
        from typer._click import core
    except ImportError:  # pragma: no cover
        return

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help.strip()
        return short_help(self.help or "")

    core.Command.get_short_help_str = get_short_help_str


def _all_missing_at_once() -> None:
    """click stops at the first missing option; a clerk should learn every one of them in one go."""
    try:
        from typer._click import core, exceptions
    except ImportError:  # pragma: no cover
        return
    parse_args = core.Command.parse_args

    def parse_all(self, ctx, args):
        given = list(args)
        try:
            return parse_args(self, ctx, args)
        except exceptions.MissingParameter:
            try:
                opts, _, _ = self.make_parser(ctx).parse_args(args=list(given))
            except exceptions.UsageError:
                raise
            missing = [p for p in self.get_params(ctx) if p.required and opts.get(p.name) in (None, (), [])]
            arguments = [(p.metavar or p.name.upper()) for p in missing if p.param_type_name != "option"]
            options = [p.opts[0] for p in missing if p.param_type_name == "option"]
            if len(arguments) + len(options) < 2:
                raise
            parts = ([f"缺少参数 {'、'.join(arguments)}"] if arguments else []) + \
                ([f"缺少选项 {'、'.join(options)}"] if options else [])
            ctx.fail("；".join(parts) + "。")

    core.Command.parse_args = parse_all
