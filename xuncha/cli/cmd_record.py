"""xuncha record: one step of 四、巡查程序, checked in order and committed to git.

The options for the steps' fields are not written here: each is read off the step model
(procedure/steps.py, from the record classes), with its Chinese help saying which steps take it
and which require it.  typer reads options from a function's signature, so one is built from the
model (``inspect.Signature`` with ``typer.Option`` annotations) and handed to typer's own
``get_command``.  That needs the record classes, so it is done when `record` itself is parsed or
its help shown (``RecordCommand.get_params``), not when `xuncha --help` lists the commands.
"""

import functools
import inspect
from typing import Annotated, List, Optional

import typer

from ..procedure.steps import STEPS, Step, StepField, step_fields
from .classes import XunchaCommand, declare_commands

commands = declare_commands()
_STEPS_HELP = "环节：" + "、".join(f"{step.name} {step.chinese}" for step in STEPS)
# What the command does with an option left out, beyond leaving the field empty (recording._fill).
_LEFT_OUT = {"announced": "缺省同 --date"}
# How a value is written on the command line where it is more than one piece of text (recording.py).
_METAVARS = {"date": "YYYY-MM-DD", "records": "标题|问题编号,…|主要内容"}


@functools.lru_cache(maxsize=None)
def field_options() -> dict[str, list[tuple[Step, StepField]]]:
    """Each option, with every step that takes it, in the order of the steps and their records."""
    uses: dict[str, list[tuple[Step, StepField]]] = {}
    for step in STEPS:
        for field in step_fields(step):
            if field.typed:
                uses.setdefault(field.name, []).append((step, field))
    return uses


def _help(uses: list[tuple[Step, StepField]]) -> str:
    """动员会地点（enter 必填）/ 地点或对象（activity）: the field's title in each step that takes it."""
    steps_of: dict[str, list[str]] = {}
    for step, field in uses:
        steps_of.setdefault(field.title, []).append(step.name + (" 必填" if field.required else ""))
    first = uses[0][1]
    repeat = "，可重复" if first.kind in ("list", "records") else ""
    text = "/ ".join(f"{title}（{'、'.join(steps)}{repeat}）" for title, steps in steps_of.items())
    if first.kind == "choice":
        names = {code: chinese for chinese, code in reversed(first.aliases.items())}
        text += "：" + "、".join(names.get(code, code) for code in first.choices)
    if first.name in _LEFT_OUT:
        text += "，" + _LEFT_OUT[first.name]
    if all(field.name == "number" and step.numbered_by for step, field in uses):
        text += "；不填时工具分配下一个未用的文号"
    return text + "。"


def _parameter(name: str, uses: list[tuple[Step, StepField]]) -> inspect.Parameter:
    kind = uses[0][1].kind
    option = typer.Option(f"--{name}", help=_help(uses), metavar=_METAVARS.get(kind))
    if kind == "no-flag":
        annotation, default = bool, False
    elif kind in ("list", "records"):
        annotation, default = List[str], []
    else:
        annotation, default = Optional[str], None
    return inspect.Parameter(name.replace("-", "_"), inspect.Parameter.KEYWORD_ONLY,
                             annotation=Annotated[annotation, option], default=default)


def _field_params() -> list:
    """The click parameters of the fields' options, as typer builds them from a signature."""
    def fields(**values) -> None:  # only its signature is read
        pass

    fields.__signature__ = inspect.Signature([_parameter(name, uses) for name, uses in field_options().items()])
    probe = typer.Typer(add_completion=False)
    probe.command()(fields)
    return list(typer.main.get_command(probe).params)


FIELDS_KEY = "xuncha.record.fields"


class RecordCommand(XunchaCommand):
    """`record` with the fields' options added on first use, after --date; their values reach the
    command through ``ctx.meta`` (typer hands the callback only the parameters of its signature)."""

    def get_params(self, ctx):
        if not getattr(self, "with_fields", False):
            after = next(i for i, param in enumerate(self.params) if param.name == "date") + 1
            self.params[after:after] = _field_params()
            self.with_fields = True
        return super().get_params(ctx)

    def invoke(self, ctx):
        names = {name.replace("-", "_") for name in field_options()}
        ctx.meta[FIELDS_KEY] = {name: ctx.params.pop(name) for name in list(ctx.params) if name in names}
        return super().invoke(ctx)


@commands.command("record", cls=RecordCommand,
                  help=f"记录巡查 ID 的一个环节（{_STEPS_HELP}）。按四、巡查程序检查顺序和日期，"
                  "写入该环节的记录文件并提交 git（一条命令一次提交）。顺序不对、缺少前一环节时拒绝，退出码 2，不作改动。")
def record(
    ctx: typer.Context,
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号，例如 2020-1-jianhu。"),
    step: str = typer.Argument(..., metavar="STEP", help="环节，英文名或中文名（如 feedback 或 反馈）。"),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="该环节的日期（必填）。"),
    amend: bool = typer.Option(False, "--amend", help="更正已记录的环节（须同时用 --reason 说明原因）。"),
    reason: Optional[str] = typer.Option(None, "--reason", help="更正原因，写入 git 提交。"),
    allow_future: bool = typer.Option(False, "--allow-future", help="允许日期晚于今天。"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只写文件，不提交 git。"),
    today: Optional[str] = typer.Option(None, "--today", hidden=True, help="以该日期为今天（测试用）。"),
) -> None:
    from ..procedure.recording import Request, prepare_record
    from .common import load_records, option_date, report_commit, typed_date_text, write_and_commit

    as_of = option_date(today, "--today")
    date = typed_date_text(date, "--date")
    given = ctx.meta[FIELDS_KEY]
    values = {}
    for name, uses in field_options().items():
        value = given.get(name.replace("-", "_"))
        if uses[0][1].kind == "date":
            value = typed_date_text(value, f"--{name}")
        elif isinstance(value, tuple):  # a repeatable option, as click hands it over
            value = list(value)
        values[name] = value
    records, diagnostics = load_records(write=True)
    request = Request(inspection, step, date, values, amend=amend, reason=reason,
                      allow_future=allow_future, today=as_of)
    prepared = prepare_record(records, request, diagnostics)
    outcome = write_and_commit(records.root, prepared.changes, prepared.message, no_commit=no_commit)
    if prepared.allocated:
        typer.echo(f"未填 --number，已分配发文字号 {prepared.allocated}（该机关代字本年度已用的最大序号之后的下一个）")
    for document, number in prepared.companions:
        typer.echo(f"已为{document}分配文号 {number}")
    verb = "已更正" if amend else "已记录"
    typer.echo(f"{verb}巡查 {prepared.inspection} 的{prepared.step.chinese}（{prepared.step.name}）"
               f"，日期 {prepared.date}：{records.display(prepared.path)}")
    report_commit(outcome, prepared.message, no_commit=no_commit)
