"""xuncha doctor finds each missing piece of a working setup and says how to fix it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xuncha import doctor

REAL_FONT_FAMILIES = doctor.font_families  # kept before the fixture replaces it
ALL_FONTS = {"FZXiaoBiaoSong-B05S", "方正小标宋简体", "仿宋_GB2312", "FangSong_GB2312", "黑体", "SimHei", "楷体_GB2312"}


@pytest.fixture(autouse=True)
def _fonts_installed(monkeypatch):
    """Tests start from a complete setup; each one takes one piece away."""
    monkeypatch.setattr(doctor, "font_families", lambda: set(ALL_FONTS))


def checks_of(cli, *args) -> tuple[int, dict[str, dict]]:
    result = cli("doctor", "--json", "--as-of", "2020-07-03", *args)
    return result.exit_code, {c["name"]: c for c in json.loads(result.output)}


def path_without(tmp_path: Path, *programs: str) -> str:
    """A PATH holding only the tools the test keeps (python's own bin is not needed: checks run in-process)."""
    keep = tmp_path / "bin"
    keep.mkdir(exist_ok=True)
    for name in ("git", "soffice", "libreoffice", "fc-list"):
        if name not in programs and shutil.which(name):
            (keep / name).symlink_to(shutil.which(name))
    return str(keep)


def test_a_complete_setup_passes(cli):
    code, checks = checks_of(cli)
    assert code == 0
    assert {name: c["status"] for name, c in checks.items()} == {
        # 台账 is a warning: the example keeps 建湖县's late report on record (四（四）).
        "git": "ok", "git 身份": "ok", "git 仓库": "ok", "台账": "warning", "节假日日历": "ok",
        "LibreOffice": "ok" if shutil.which("soffice") or shutil.which("libreoffice") else "warning",
        "公文字体": "ok", "缓存": "ok", "编辑器架构": "ok", "公文模板": "ok"}
    assert "2020年 chinese-calendar" in checks["节假日日历"]["detail"]


def test_without_git_there_is_no_audit_trail_and_work_is_blocked(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", path_without(tmp_path, "git"))
    code, checks = checks_of(cli)
    assert code == 1
    assert checks["git"]["status"] == "blocking" and "sudo apt install git" in checks["git"]["fix"]
    assert checks["台账"]["status"] == "warning"  # the records themselves are still read


def test_a_clerk_without_a_git_identity_is_told_to_set_one(cli, monkeypatch):
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    code, checks = checks_of(cli)
    assert code == 1
    identity = checks["git 身份"]
    assert identity["status"] == "blocking" and "user.name、user.email" in identity["detail"]
    assert 'git config --global user.name "姓名"' in identity["fix"]


def test_records_outside_git_are_blocking(cli, workspace):
    shutil.rmtree(workspace / ".git")
    code, checks = checks_of(cli)
    assert code == 1 and checks["git 仓库"]["status"] == "blocking"
    assert "git init" in checks["git 仓库"]["fix"]


def test_records_with_errors_block_and_point_at_validate(cli, records_dir):
    end = records_dir / "inspections/2020-1-dongtai/end.yaml"
    end.write_text("date: 2020/5/7\n", encoding="utf-8")
    code, checks = checks_of(cli)
    assert code == 1
    assert checks["台账"]["status"] == "blocking"
    assert "records/inspections/2020-1-dongtai/end.yaml:1:7: 错误 [date-format]" in checks["台账"]["detail"]
    assert checks["台账"]["fix"] == "运行 xuncha validate 查看全部，逐条改正"


def test_no_records_found_is_blocking(tmp_path):
    from conftest import Cli

    result = Cli(tmp_path)("doctor", "--json")
    checks = {c["name"]: c for c in json.loads(result.output)}
    assert result.exit_code == 1 and checks["台账"]["status"] == "blocking"
    assert "xuncha init" in checks["台账"]["fix"]


def test_a_year_without_the_state_council_notice_makes_deadlines_provisional(cli, monkeypatch):
    # Deadlines of an inspection open in 2099 fall in a year no official calendar covers yet.
    monkeypatch.setattr(doctor, "deadline_years", lambda records, today: [2020, 2099])
    code, checks = checks_of(cli)
    calendar = checks["节假日日历"]
    assert code == 0 and calendar["status"] == "warning"
    assert calendar["detail"].startswith("2099年没有国务院节假日安排")
    assert "records/calendar/2099.yaml" in calendar["fix"]


def test_deadline_years_are_this_year_next_year_and_those_of_open_inspections(records_dir):
    import datetime as dt

    from xuncha.records.loader import load

    records, _ = load(records_dir)
    # 2020-1-dongtai is closed; jianhu and jtj are open (2020).
    assert doctor.deadline_years(records, dt.date(2021, 3, 1)) == [2020, 2021, 2022]


def test_missing_official_fonts_are_named_with_their_use(cli, monkeypatch):
    monkeypatch.setattr(doctor, "font_families", lambda: {"黑体", "Noto Serif CJK SC"})
    code, checks = checks_of(cli)
    fonts = checks["公文字体"]
    assert code == 0 and fonts["status"] == "warning"
    assert fonts["detail"].startswith("缺少 方正小标宋简体（公文标题）、仿宋_GB2312（正文）、楷体_GB2312（二级标题）")
    assert "fc-cache -f" in fonts["fix"]


def test_font_names_are_read_from_fc_list_including_each_alias(monkeypatch, tmp_path):
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\nprintf 'FZXiaoBiaoSong-B05S,方正小标宋简体\\nSimHei,黑体\\n'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert REAL_FONT_FAMILIES() == {"FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimHei", "黑体"}


def test_without_libreoffice_pdf_output_is_a_warning_not_a_block(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", path_without(tmp_path, "soffice", "libreoffice"))
    code, checks = checks_of(cli)
    assert code == 0
    assert checks["LibreOffice"]["status"] == "warning" and "libreoffice-writer" in checks["LibreOffice"]["fix"]


def test_an_unreadable_cache_is_reported_with_how_to_clear_it(cli, workspace):
    cache = workspace / ".xuncha-cache"
    cache.write_text("不是目录", encoding="utf-8")
    code, checks = checks_of(cli)
    assert code == 0 and checks["缓存"]["status"] == "warning"
    assert checks["缓存"]["fix"].startswith(f"删除 {cache.as_posix()}")


def test_stale_editor_schemas_are_a_warning(cli, records_dir):
    (records_dir / ".schema/plan.schema.json").unlink()
    code, checks = checks_of(cli)
    assert code == 0 and checks["编辑器架构"] == {
        "name": "编辑器架构", "status": "warning",
        "detail": ".schema/ 中 1 个文件缺失或已过期：编辑器的补全和提示会与 xuncha validate 不一致",
        "fix": "运行 xuncha schema"}


def test_an_enabled_pre_commit_config_without_the_hook_installed_is_flagged(cli, workspace):
    (workspace / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    code, checks = checks_of(cli)
    assert checks["提交前检查"]["fix"] == f"在 {workspace} 运行 pre-commit install"


def test_plain_output_names_each_check_and_its_fix(cli, monkeypatch):
    monkeypatch.setattr(doctor, "font_families", lambda: set())
    result = cli("doctor", "--as-of", "2020-07-03")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "[通过] git：" + subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    assert any(line.startswith("[警告] 公文字体：缺少 方正小标宋简体") for line in lines)
    assert "       解决：从单位正版字体包复制字体文件到 ~/.local/share/fonts/（或 /usr/share/fonts/），再运行 fc-cache -f" in lines
    assert lines[-1].endswith("项警告、0 项阻断。")


def test_records_left_uncommitted_are_a_warning_with_the_files_named(cli, records_dir):
    (records_dir / "people.yaml").write_text((records_dir / "people.yaml").read_text(encoding="utf-8") + "\n",
                                             encoding="utf-8")
    code, checks = checks_of(cli)
    assert checks["git 仓库"]["status"] == "warning"
    assert "1 个台账文件尚未提交（records/people.yaml）" in checks["git 仓库"]["detail"]


def test_office_templates_that_override_the_bundled_ones_are_named(cli, workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "report.j2").write_text("标题：x\n", encoding="utf-8")
    _, checks = checks_of(cli)
    assert checks["公文模板"]["status"] == "ok"
    assert f"本单位修改的 1 种优先使用：{(workspace / 'templates' / 'report.j2').as_posix()}" in checks["公文模板"]["detail"]


def test_a_hook_pointing_at_an_interpreter_that_is_gone_is_a_warning(cli, workspace):
    (workspace / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: xuncha-validate\n"
        "        entry: /nonexistent/venv/bin/python -m xuncha validate\n", encoding="utf-8")
    _, checks = checks_of(cli)
    assert "/nonexistent/venv/bin/python" in checks["提交前检查"]["detail"]


def test_the_crontab_line_runs_check_deadlines_under_crons_bare_environment(cli, workspace):
    result = cli("doctor", "--crontab", "--at", "06:45")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    schedule, command = line.split(" ", 5)[:5], line.split(" ", 5)[5]
    assert schedule == ["45", "6", "*", "*", "1-5"]
    assert f"--records {workspace / 'records'} check-deadlines" in command
    # cron: no virtual environment, PATH=/usr/bin:/bin, started from the home folder.
    run = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={workspace}", "sh", "-c", command + " --as-of 2020-07-03"],
                         cwd="/", capture_output=True, text=True)
    assert run.returncode == 1, run.stderr  # something is due: cron mails the list
    assert "[即将到期] 2020-1-jianhu 建湖县 巡查反馈应于 2020-07-07 前进行" in run.stdout
