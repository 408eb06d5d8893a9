"""The whole records tree as one model, and the file that holds each part of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .inspection import (
    STEP_FILES, Activities, Approval, Authorization, Closure, End, Entry, Feedback, Inspection, Notice,
    RectificationPlan, RectificationReport, Report, ResultNotice, Review,
)
from .people import Roster
from .plan import Plan
from .problems import Problems, Tips

# File name in an inspection folder -> (attribute of InspectionFolder, record class).
INSPECTION_FILES: dict[str, tuple[str, type]] = {
    "inspection.yaml": ("inspection", Inspection),
    **STEP_FILES,
    "problems.yaml": ("problems", Problems),
    "tips.yaml": ("tips", Tips),
}
FILE_OF_ATTRIBUTE = {attribute: name for name, (attribute, _) in INSPECTION_FILES.items()}


class NotLoaded:
    """Stands for a file a load in parts (records/parts.py) judged where it was read and did not
    bring back: any use of it is a bug (a rule of the whole tree reading a folder's own records),
    so every use fails loudly instead of reading as "no problems"."""

    def _refuse(self, *_args, **_kwargs):
        raise RuntimeError("this file was judged in its part of the load and is not held here")

    __bool__ = __iter__ = __len__ = __getattr__ = __getitem__ = _refuse

    def __reduce__(self):
        return "NOT_LOADED"


NOT_LOADED = NotLoaded()


@dataclass
class InspectionFolder:
    id: str
    path: Path
    inspection: Inspection | None = None
    authorization: Authorization | None = None
    notice: Notice | None = None
    entry: Entry | None = None
    activities: Activities | None = None
    end: End | None = None
    report: Report | None = None
    review: Review | None = None
    approval: Approval | None = None
    feedback: Feedback | None = None
    rectification_plan: RectificationPlan | None = None
    rectification_report: RectificationReport | None = None
    closure: Closure | None = None
    result_notice: ResultNotice | None = None
    problems: Problems | None = None
    tips: Tips | None = None

    def problem_list(self):
        return self.problems.problems if self.problems else []

    def tip_list(self):
        return self.tips.tips if self.tips else []


@dataclass
class Records:
    root: Path                       # the records directory (holds config.yaml)
    config: Config | None = None
    roster: Roster | None = None
    plans: dict[int, Plan] = field(default_factory=dict)
    inspections: dict[str, InspectionFolder] = field(default_factory=dict)

    @property
    def calendar_dir(self) -> Path:
        return self.root / "calendar"

    def display(self, path: Path) -> str:
        """A path as the clerk sees it in messages: relative to the folder that holds records/."""
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()
