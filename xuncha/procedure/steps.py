"""The steps of one inspection, in the order 四、巡查程序 sets them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


STEPS: tuple[Step, ...] = (
    Step("authorize", "授权", "authorization", "五（二）"),
    Step("notify", "告知", "notice", "四（一）", ("authorize",), optional=True),
    Step("enter", "进驻", "entry", "四（二）", ("authorize",)),
    Step("activity", "工作", "activities", "四（三）", ("enter",), optional=True, repeatable=True),
    Step("end", "结束", "end", "二（一）", ("enter",)),
    Step("report", "报告", "report", "四（四）", ("end",)),
    Step("review", "审核", "review", "四（四）", ("report",)),
    Step("approve", "批准", "approval", "四（五）", ("review",)),
    Step("feedback", "反馈", "feedback", "四（五）", ("approve",)),
    Step("result-notice", "结果通报", "result_notice", "四（六）", ("feedback",), optional=True),
    Step("rectification-plan", "整改方案", "rectification_plan", "四（七）", ("feedback",)),
    Step("rectification-report", "整改报告", "rectification_report", "四（七）", ("rectification-plan",)),
    # 销号 closes the rectification of 四（七）: it waits for the report and for every problem settled.
    Step("close", "销号", "closure", "四（七）", ("rectification-report",)),
)
STEP_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
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
