"""五（三）（六）: the informant's identity never reaches the repository, its history or any output."""

from __future__ import annotations

import json
import stat
import subprocess

import pytest

from conftest import snapshot

NAME, PHONE = "张三", "13812345678"


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "confidential"
    monkeypatch.setenv("XUNCHA_CONFIDENTIAL", str(folder))
    return folder


def _everything_in_git(workspace) -> str:
    log = subprocess.run(["git", "log", "-p", "--all"], cwd=workspace, capture_output=True, text=True, check=True)
    return log.stdout


def test_tip_add_keeps_the_informant_out_of_git_and_out_of_every_view(cli, workspace, store):
    result = cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "来电",
                 "--summary", "反映某港口码头危险货物堆场夜间无人值守", "--informant-name", NAME, "--informant-phone", PHONE)
    assert result.exit_code == 0, result.output
    assert NAME not in result.output and PHONE not in result.output
    history = _everything_in_git(workspace)
    assert "xuncha: tip add 2020-1-jtj T1 2020-06-22" in history
    assert NAME not in history and PHONE not in history
    for path in (workspace / "records").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert NAME not in text and PHONE not in text
    for args in (("problems",), ("problems", "--json"), ("stats",), ("stats", "--json"), ("validate",)):
        output = cli(*args).output
        assert NAME not in output and PHONE not in output
    # The office can still call the informant back: the identity is in the store, readable by the clerk only.
    files = list(store.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    kept = json.loads(files[0].read_text(encoding="utf-8"))
    (ref, entry), = kept.items()
    assert entry["name"] == NAME and entry["phone"] == PHONE and entry["tip"] == "T1"
    tips = (workspace / "records/inspections/2020-1-jtj/tips.yaml").read_text(encoding="utf-8")
    assert f"informant_ref: {ref}" in tips
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 0


def test_tip_add_refuses_identity_in_a_printed_field(cli, workspace, store):
    before = snapshot(workspace / "records")
    for summary in (f"举报人：{NAME}，反映码头堆场无人值守", f"反映码头堆场无人值守，回电{PHONE}",
                    "实名举报某码头堆场无人值守", "张先生反映码头堆场无人值守"):
        result = cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "来电", "--summary", summary,
                     "--informant-name", NAME)
        assert result.exit_code == 2, summary
        assert "五（三）" in result.output
    assert snapshot(workspace / "records") == before
    # A refused tip leaves no identity behind in the store either.
    assert not store.exists() or all(json.loads(p.read_text()) == {} for p in store.iterdir())
    assert NAME not in _everything_in_git(workspace)


def test_tip_add_refuses_a_bad_channel_and_an_unknown_problem(cli, workspace, store):
    before = snapshot(workspace / "records")
    assert cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "微信",
               "--summary", "反映码头堆场无人值守").exit_code == 2
    assert cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "来信",
               "--summary", "反映码头堆场无人值守", "--problem", "P4").exit_code == 2
    assert cli("tip", "add", "2020-1-jtj", "--received", "2020-6-31", "--channel", "来信",
               "--summary", "反映码头堆场无人值守").exit_code == 2
    assert snapshot(workspace / "records") == before


def test_a_tip_without_informant_details_writes_no_store(cli, workspace, store):
    result = cli("tip", "add", "2020-1-jianhu", "--received", "2020-04-27", "--channel", "来信",
                 "--summary", "反映某企业特种作业人员无证上岗", "--handling", "转县应急管理局核查")
    assert result.exit_code == 0, result.output
    assert not store.exists()
    text = (workspace / "records/inspections/2020-1-jianhu/tips.yaml").read_text(encoding="utf-8")
    assert "  - id: T3\n    received: 2020-04-27\n    channel: letter\n" in text and "informant_ref" not in text


@pytest.mark.parametrize("text", ["反映某企业违规动火", "某女士反映小区消防通道堵塞", "盐城市应急管理局已核查",
                                  "2019年两起事故未公开", "涉及12家危化品企业"])
def test_ordinary_tip_text_is_not_mistaken_for_identity(text):
    from xuncha.procedure.confidential import identity_leaks

    assert identity_leaks(text) == []
