"""Check one rule on a few lines of YAML, as yamllint's RuleTestCase does: no git, no CLI.

    found = check_rule("report-deadline", {"inspections/2020-1-jianhu/report.yaml": "date: 2020-05-22\\n…"})

The files given replace (or add to) a copy of the bundled example; a value of None deletes the
file.  What comes back is the rule's diagnostics only, each with file, line and clause.
``edited`` gives the text of an example file with one piece replaced, to build such a file.
``round=(year, number)`` judges one round as new-round does (opening on ``today``).

Tests that edit several files step by step use ``plain_example`` (a copy without git, as the
``workspace`` fixture's layout: <folder>/records) and ``validate_json``, which gives exactly what
``xuncha validate --json`` prints, computed in memory.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from xuncha.bundled import example_records
from xuncha.model.diagnostics import Diagnostic
from xuncha.procedure.engine import Context, RoundScope
from xuncha.procedure.rules import run_rules
from xuncha.procedure.validate import validate_records
from xuncha.records.loader import load


def edited(relative: str, old: str, new: str, count: int = 1) -> str:
    """The example's file ``relative`` with ``old`` replaced by ``new`` (which must be there)."""
    text = (example_records() / relative).read_text(encoding="utf-8")
    assert old in text, f"{relative} has no {old!r}"
    return text.replace(old, new, count)


def check_rule(rule_id: str, files: dict[str, str | None] | None = None, *, today: str = "2020-07-03",
               round: tuple[int, int] | None = None) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory(prefix="xuncha-rule-") as folder:
        root = Path(folder) / "records"
        shutil.copytree(example_records(), root, ignore=shutil.ignore_patterns("__pycache__"))
        for relative, text in (files or {}).items():
            path = root / relative
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        records, _ = load(root, cache=False)
        day = dt.date.fromisoformat(today)
        scope = RoundScope(round[0], round[1], opening=day) if round else None
        context = Context(records=records, today=day, round=scope)
        return list(run_rules(context, only=[rule_id]))


def plain_example(folder: Path) -> Path:
    """A copy of the bundled example at ``folder``/records, not under git (no rule reads git);
    returns ``folder``, laid out as the ``workspace`` fixture is."""
    shutil.copytree(example_records(), folder / "records", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def validate_json(records_dir: Path, rule: str | None = None, *, as_of: str | None = None) -> list[dict]:
    """What ``xuncha validate --json [--as-of]`` prints for ``records_dir``, or only ``rule``'s findings."""
    records, loaded = load(records_dir, cache=False)
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    return [d.as_json() for d in validate_records(records, loaded, today) if rule is None or d.rule == rule]
