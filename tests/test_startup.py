"""Start-up: commands that only read must not pay for the document and writing libraries.

The cron job runs `xuncha check-deadlines` every morning and the clerk types `xuncha --help`
often; python-docx, jinja2 and ruamel.yaml are only for commands that write files, and
pydantic (typer's validator) only for options that are not plain text or flags.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("docx", "jinja2", "ruamel", "pydantic")

PROBE = """
import json, sys
import xuncha.cli
from xuncha.cli import Xuncha, app
names = sorted(Xuncha.lazy_commands)
try:
    app(sys.argv[2:], standalone_mode=False)
except SystemExit:
    pass
except Exception as exc:  # a usage error still counts: we only look at what was imported
    print(repr(exc), file=sys.stderr)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))
modules = sorted(m for m in sys.modules if m.startswith("xuncha.cli.cmd_"))
print(json.dumps({"commands": names, "heavy": heavy, "modules": modules}))
"""


def probe(*args: str, cwd: Path, heavy: tuple[str, ...] = HEAVY) -> dict:
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", PROBE, ",".join(heavy), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_building_the_app_imports_no_heavy_library(tmp_path):
    assert probe(cwd=tmp_path)["heavy"] == []


def test_help_imports_no_heavy_library(tmp_path):
    assert probe("--help", cwd=tmp_path)["heavy"] == []


@pytest.mark.parametrize("command", [["validate"], ["check-deadlines"], ["status"],
                                     ["check-deadlines", "--as-of", "2020-07-03", "--json"]])
def test_read_only_commands_import_no_heavy_library(workspace, command):
    found = probe(*command, cwd=workspace)
    if command[0] not in found["commands"]:
        pytest.skip(f"xuncha {command[0]} is not on this branch yet")
    assert found["heavy"] == []


@pytest.mark.parametrize("command, module", [
    (["validate"], "cmd_validate"), (["check-deadlines", "--as-of", "2020-07-03"], "cmd_deadlines"),
    (["plan", "--help"], "cmd_plan"), (["calendar", "check"], "cmd_calendar"), (["tip", "show", "T1"], "cmd_problems"),
])
def test_a_command_imports_only_the_module_that_declares_it(workspace, command, module):
    assert probe(*command, cwd=workspace)["modules"] == [f"xuncha.cli.{module}"]


def test_building_the_app_imports_no_command_module(tmp_path):
    code = ("import sys, typer.main; from xuncha.cli import app; typer.main.get_command(app); "
            "print(sorted(m for m in sys.modules if m.startswith('xuncha.cli.cmd_')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr


def test_help_loads_every_command_module_to_list_its_commands(tmp_path):
    from xuncha.cli import Xuncha

    found = probe("--help", cwd=tmp_path)
    assert found["modules"] == sorted({f"xuncha.cli.{m}" for m in Xuncha.lazy_commands.values()})


def test_an_output_path_needs_no_pydantic(workspace):
    found = probe("render", "report", "2020-1-dongtai", "-o", str(workspace / "out.docx"), cwd=workspace,
                  heavy=("pydantic",))
    assert (workspace / "out.docx").is_file()
    assert found["heavy"] == []
