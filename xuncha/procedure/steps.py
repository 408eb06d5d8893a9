"""The steps of one inspection, in the order 四、巡查程序 sets them, and the fields of each.

A step's fields are its record class's (xuncha/model/inspection.py): name, Chinese title, type,
required and clause are declared there once.  ``step_fields`` reads them off as the step model
that `xuncha record`'s options, its checks and the documents' field needs are built from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

if typing.TYPE_CHECKING:
    from ..model.tree import InspectionFolder


@dataclass(frozen=True)
class Step:
    name: str            # CLI name, also the key in JSON output
    chinese: str         # the seed's word, accepted as an alias on the command line
    attribute: str       # where InspectionFolder keeps its record
    clause: str | None
    after: tuple[str, ...] = ()
    optional: bool = False
    repeatable: bool = False
    numbered_by: str | None = None   # the organ whose 代字 numbers the document the step issues
    document: str | None = None      # that document, in the clerk's words


STEPS: tuple[Step, ...] = (
    Step("authorize", "授权", "authorization", "五（二）", numbered_by="authorization"),
    Step("notify", "告知", "notice", "四（一）", ("authorize",), optional=True, numbered_by="office",
         document="巡查通知"),
    Step("enter", "进驻", "entry", "四（二）", ("authorize",)),
    Step("activity", "工作", "activities", "四（三）", ("enter",), optional=True, repeatable=True),
    Step("end", "结束", "end", "二（一）", ("enter",)),
    Step("report", "报告", "report", "四（四）", ("end",), numbered_by="office", document="巡查工作报告"),
    Step("review", "审核", "review", "四（四）", ("report",)),
    Step("approve", "批准", "approval", "四（五）", ("review",)),
    Step("feedback", "反馈", "feedback", "四（五）", ("approve",), numbered_by="office",
         document="巡查反馈意见和整改通知书"),
    Step("result-notice", "结果通报", "result_notice", "四（六）", ("feedback",), optional=True,
         numbered_by="office", document="巡查结果通报"),
    Step("rectification-plan", "整改方案", "rectification_plan", "四（七）", ("feedback",)),
    Step("rectification-report", "整改报告", "rectification_report", "四（七）", ("rectification-plan",)),
    # 销号 closes the rectification of 四（七）: it waits for the report and for every problem settled.
    Step("close", "销号", "closure", "四（七）", ("rectification-report",)),
)
STEP_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


@functools.lru_cache(maxsize=None)
def _step_files() -> dict[str, tuple[Step, type]]:
    """File name -> (step, record class).  Read on first need: listing the commands (xuncha --help)
    names the steps but does not load the record classes."""
    from ..model.inspection import STEP_FILES

    by_attribute = {step.attribute: step for step in STEPS}
    return {name: (by_attribute[attribute], cls) for name, (attribute, cls) in STEP_FILES.items()}


def step_of_file(name: str) -> Step | None:
    """The step whose record an inspection's file ``name`` (e.g. report.yaml) holds."""
    found = _step_files().get(name)
    return found[0] if found else None
STEP_ALIASES: dict[str, str] = {step.chinese: step.name for step in STEPS} | {
    "授权书": "authorize", "提前告知": "notify", "巡查进驻": "enter", "工作方式": "activity",
    "巡查结束": "end", "巡查报告": "report", "巡查反馈": "feedback", "整改落实": "rectification-report",
    "巡查结果通报": "result-notice", "通报巡查结果": "result-notice",
}


def resolve_step(word: str) -> Step | None:
    """A step by its CLI name or by the seed's Chinese word."""
    return STEP_BY_NAME.get(word) or STEP_BY_NAME.get(STEP_ALIASES.get(word, ""))


def step_date(folder: InspectionFolder, step: Step) -> dt.date | None:
    """The date a step was done, or None when it is not recorded."""
    record = getattr(folder, step.attribute)
    if record is None:
        return None
    if step.repeatable:
        dates = [a.date for a in record.activities if a.date]
        return max(dates) if dates else None
    return getattr(record, "date", None)


def is_done(folder: InspectionFolder, step: Step) -> bool:
    return step_date(folder, step) is not None


def last_step(folder: InspectionFolder) -> Step | None:
    done = [step for step in STEPS if not step.repeatable and is_done(folder, step)]
    return done[-1] if done else None


def next_step(folder: InspectionFolder) -> Step | None:
    """The first required step not yet recorded."""
    for step in STEPS:
        if step.optional:
            continue
        if not is_done(folder, step):
            return step
    return None


@dataclass(frozen=True)
class StepField:
    """One field of a step's record, as `xuncha record` takes it: the option ``--name``."""

    name: str                 # option name without dashes, e.g. "attendee-principal"
    path: tuple[str, ...]     # keys inside the step record (inside one activity for `activity`)
    title: str
    kind: str = "text"        # text, list, date, choice, no-flag (sets False), records (专题报告)
    required: bool = False    # to record the step: the record needs it, or its document does
    clause: str | None = None
    printed: bool = False     # the step's document cannot be printed without it
    typed: bool = True        # False: only the tool writes it (a number it gives out)
    choices: tuple[str, ...] = ()          # kind "choice": the codes, in the record's order
    aliases: dict[str, str] = dataclasses.field(default_factory=dict)   # Chinese word -> code


@functools.lru_cache(maxsize=None)
def step_fields(step: Step) -> tuple[StepField, ...]:
    """Every field of the step's record but its date (`--date`), in the order the record declares
    them; the fields of a nested record (the 动员会's place) under its own option names."""
    from ..model.base import record_type, type_hints

    cls = next(cls for holder, cls in _step_files().values() if holder == step)
    if step.repeatable:  # activities.yaml is a list: one `record activity` adds one item
        (only,) = dataclasses.fields(cls)
        cls = record_type(type_hints(cls)[only.name])
    return tuple(_fields(step, cls, (), True, skip=("date",)))


def _fields(step: Step, cls: type, path: tuple[str, ...], required: bool, skip=()):
    from ..model.base import record_type, type_hints

    hints = type_hints(cls)
    for spec in dataclasses.fields(cls):
        if spec.name.startswith("_") or spec.name in skip:
            continue
        hint, meta = hints[spec.name], spec.metadata
        here = (*path, spec.name)
        needed = required and spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        inner = record_type(hint)
        if inner is not None and typing.get_origin(hint) is not list:
            yield from _fields(step, inner, here, needed)
            continue
        given_out = spec.name == "number" and step.numbered_by is not None and not path
        kind, choices = _kind(hint, spec)
        title = meta["title"]
        if kind == "no-flag":  # 已抄送 (true unless said) is said on the command line as 未抄送
            title = "未" + title.removeprefix("已")
        yield StepField(meta.get("option") or spec.name.replace("_", "-"), here, title, kind,
                        required=(needed or meta.get("printed", False)) and not given_out,
                        clause=meta.get("clause"), printed=meta.get("printed", False),
                        typed=meta.get("typed", True), choices=choices, aliases=dict(meta.get("aliases") or {}))


def _kind(hint: Any, spec: dataclasses.Field) -> tuple[str, tuple[str, ...]]:
    from ..model.base import record_type

    tp = hint
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None
        tp = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(tp) is list:
        return ("records" if record_type(tp) is not None else "list"), ()
    if typing.get_origin(tp) is Literal:
        return "choice", typing.get_args(tp)
    if tp is dt.date:
        return "date", ()
    if tp is bool:
        if spec.default is not True:
            raise TypeError(f"{spec.name}: a step's flag is declared true unless said otherwise")
        return "no-flag", ()
    return "text", ()
