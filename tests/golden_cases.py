"""What the golden test pins: the bundled example's JSON answers and rendered documents.

Shared by tests/test_golden.py (which compares) and tests/golden/regenerate.py (which writes),
so both always run exactly the same commands.  Every command names its own ``--as-of``: the
answers must not depend on the day the suite runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from typer.testing import CliRunner

GOLDEN = Path(__file__).resolve().parent / "golden"

# Dates across the example's year: before the plan is carried out (records still in the future),
# the jianhu report due that very day, a feedback due in 2 working days with a report done late,
# three things overdue (feedback, jtj's 30-day tour, the second round not opened), and a year on.
AS_OF = ("2020-03-01", "2020-05-20", "2020-07-03", "2020-09-15", "2021-06-30")

COMMANDS: dict[str, list[str]] = {}
for day in AS_OF:
    COMMANDS[f"validate--as-of-{day}.json"] = ["validate", "--json", "--as-of", day]
    COMMANDS[f"status--as-of-{day}.json"] = ["status", "--json", "--as-of", day]
    COMMANDS[f"check-deadlines--as-of-{day}.json"] = ["check-deadlines", "--json", "--as-of", day]

# What `render` is asked for: every document of the first round, and the annual plan.
RENDERS = (["render", "all", "2020-1"], ["render", "plan", "2020"])

# Parts of a .docx whose text is the document itself: kept as text so a change shows as a diff.
# Every other part (styles, theme, fonts, settings) is pinned by its SHA-256.
TEXT_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes", "word/endnotes", "docProps/")

HOW_TO_REGENERATE = (
    "The bundled example's outputs differ from tests/golden/. If the change is meant, run\n"
    "    python tests/golden/regenerate.py\n"
    "review `git diff tests/golden`, and say in the commit message why the output changed."
)

_IDENTITY = {
    "GIT_AUTHOR_NAME": "巡查办测试员",
    "GIT_AUTHOR_EMAIL": "clerk@xuncha.invalid",
    "GIT_COMMITTER_NAME": "巡查办测试员",
    "GIT_COMMITTER_EMAIL": "clerk@xuncha.invalid",
}


def docx_as_text(path: Path) -> str:
    """A .docx as stable text: each part in order, the document parts split one tag a line,
    the rest by hash.  Zip timestamps and compression are not the document and are left out."""
    lines: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename.startswith(TEXT_PARTS):
                lines.append(f"=== {info.filename}")
                # "><" -> ">\n<" only: whitespace between tags can be text and is kept as it is.
                lines.append(data.decode("utf-8").replace("><", ">\n<"))
            else:
                lines.append(f"=== {info.filename} sha256={hashlib.sha256(data).hexdigest()} size={len(data)}")
    return "\n".join(lines) + "\n"


def _run(runner: CliRunner, cwd: Path, args: list[str]):
    from xuncha.cli import app

    previous = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(previous)


def produce(example: Path) -> dict[str, str]:
    """Every golden file's expected content, computed on a fresh git copy of ``example``."""
    outputs: dict[str, str] = {}
    env_keys = ("XUNCHA_RECORDS",) + tuple(_IDENTITY)
    saved = {key: os.environ.get(key) for key in env_keys}
    os.environ.pop("XUNCHA_RECORDS", None)
    os.environ.update(_IDENTITY)
    try:
        with tempfile.TemporaryDirectory(prefix="xuncha-golden-") as folder:
            office = Path(folder) / "office"
            shutil.copytree(example, office / "records", ignore=shutil.ignore_patterns("__pycache__"))
            for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "导入示例台账"]):
                subprocess.run(["git", *command], cwd=office, check=True, env={**os.environ, **_IDENTITY})
            runner = CliRunner()
            exit_codes: dict[str, int] = {}
            for name, args in COMMANDS.items():
                result = _run(runner, office, args)
                outputs[name] = result.stdout
                exit_codes[name] = result.exit_code
            for args in RENDERS:
                out = office / "golden-out" / args[1]
                result = _run(runner, office, [*args, "-o", str(out / "plan.docx") if args[1] == "plan" else str(out)])
                exit_codes[" ".join(args)] = result.exit_code
                for docx in sorted(out.rglob("*.docx")):
                    relative = docx.relative_to(office / "golden-out").as_posix()
                    outputs[f"render/{relative}.txt"] = docx_as_text(docx)
            outputs["exit-codes.json"] = json.dumps(exit_codes, ensure_ascii=False, indent=2) + "\n"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return outputs


def stored() -> dict[str, str]:
    """The golden files as checked in (this module's own folder and regenerate.py left out)."""
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file() and path.suffix in (".json", ".txt")
    }
