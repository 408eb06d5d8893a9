"""Check one rule on a few lines of YAML, as yamllint's RuleTestCase does: no git, no CLI.

    found = check_rule("report-deadline", {"inspections/2020-1-jianhu/report.yaml": "date: 2020-05-22\\n…"})

The files given replace (or add to) a copy of the bundled example; a value of None deletes the
file.  What comes back is the rule's diagnostics only, each with file, line and clause.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from xuncha.bundled import example_records
from xuncha.model.diagnostics import Diagnostic
from xuncha.procedure.engine import Context, run_rules
from xuncha.records.loader import load


def check_rule(rule_id: str, files: dict[str, str | None], *, today: str = "2020-07-03") -> list[Diagnostic]:
    with tempfile.TemporaryDirectory(prefix="xuncha-rule-") as folder:
        root = Path(folder) / "records"
        shutil.copytree(example_records(), root, ignore=shutil.ignore_patterns("__pycache__"))
        for relative, text in files.items():
            path = root / relative
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        records, _ = load(root, cache=False)
        context = Context(records=records, today=dt.date.fromisoformat(today))
        return list(run_rules(context, only=[rule_id]))
