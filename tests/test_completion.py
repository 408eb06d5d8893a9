"""Shell completion: inspection ids from the records tree, step names from 四、巡查程序."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from xuncha.cli.completion import complete_inspection_id, complete_step
from xuncha.cli.common import state



def test_inspection_ids_complete_from_the_folders_of_the_records(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(state, "records_option", None)
    assert complete_inspection_id("") == ["2020-1-dongtai", "2020-1-jianhu", "2020-1-jtj"]
    assert complete_inspection_id("2020-1-j") == ["2020-1-jianhu", "2020-1-jtj"]
    assert complete_inspection_id("2021") == []


def test_inspection_ids_follow_the_records_option(workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(state, "records_option", str(workspace))
    assert complete_inspection_id("2020-1-d") == ["2020-1-dongtai"]


def test_no_records_means_no_suggestions_rather_than_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(state, "records_option", None)
    assert complete_inspection_id("") == []


def test_steps_complete_in_the_order_of_four_with_the_seeds_words():
    names = [name for name, _ in complete_step("")]
    assert names[:3] == ["authorize", "notify", "enter"] and names[-1] == "close"
    assert complete_step("re") == [("report", "报告（四（四））"), ("review", "审核（四（四））"),
                                   ("result-notice", "结果通报（四（六））"), ("rectification-plan", "整改方案（四（七））"),
                                   ("rectification-report", "整改报告（四（七））")]
    assert complete_step("整改") == [("rectification-plan", "整改方案（四（七））"),
                                    ("rectification-report", "整改报告（四（七））")]


def test_callbacks_work_through_the_shells_completion_protocol(workspace):
    # A command using the helpers, completed the way bash asks typer (env vars, no Tab pressed).
    script = workspace / "demo.py"
    script.write_text(
        "import sys\n"
        "import typer\n"
        "from xuncha.cli.completion import complete_inspection_id, complete_step\n"
        "app = typer.Typer()\n"
        "@app.command()\n"
        "def record(inspection: str = typer.Argument(..., autocompletion=complete_inspection_id),\n"
        "           step: str = typer.Argument(..., autocompletion=complete_step)):\n"
        "    pass\n"
        "typer.main.get_command(app)(prog_name='demo')\n", encoding="utf-8")
    env = {**os.environ, "_DEMO_COMPLETE": "complete_bash", "COMP_WORDS": "demo 2020-1-j", "COMP_CWORD": "1"}
    out = subprocess.run([sys.executable, str(script)], cwd=workspace, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["2020-1-jianhu", "2020-1-jtj"], out.stderr
    env |= {"COMP_WORDS": "demo 2020-1-jtj en", "COMP_CWORD": "2"}
    out = subprocess.run([sys.executable, str(script)], cwd=workspace, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["enter", "end"], out.stderr


def test_install_completion_is_offered(cli):
    result = cli("--help")
    assert "--install-completion" in result.output and "--show-completion" in result.output
