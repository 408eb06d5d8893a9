"""Validation of a loaded tree: the loader's diagnostics plus every registered rule."""

from __future__ import annotations

import datetime as dt

from ..model.tree import Records
from ..model.diagnostics import Diagnostic, sort_key
from .engine import Context, run_rules


def validate_records(records: Records, loaded: list[Diagnostic], today: dt.date,
                     calendar: object | None = None) -> list[Diagnostic]:
    context = Context(records=records, today=today, calendar=calendar)
    found = list(loaded) + list(run_rules(context))
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=sort_key)
