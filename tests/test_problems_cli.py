"""The ledger commands through the CLI: one commit per change, refusals change nothing."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import snapshot

JIANHU = "records/inspections/2020-1-jianhu"
DONGTAI = "records/inspections/2020-1-dongtai"


def _log(workspace) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%s"], cwd=workspace, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def _give_jianhu_feedback(workspace) -> None:
    (workspace / f"{JIANHU}/feedback.yaml").write_text("date: 2020-07-03\nby: chen-hong\nnumber: 盐巡办〔2020〕21号\n",
                                                       encoding="utf-8")
    (workspace / f"{JIANHU}/result-notice.yaml").write_text("date: 2020-07-08\nnumber: 盐巡办〔2020〕22号\n",
                                                            encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "反馈"], cwd=workspace, check=True)


def _refused(cli, workspace, *args: str, says: str):
    before = snapshot(workspace / "records")
    commits = _log(workspace)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert snapshot(workspace / "records") == before
    assert _log(workspace) == commits
    return result


def test_problem_add_appends_the_next_id_and_commits(cli, workspace):
    result = cli("problem", "add", "2020-1-jtj", "--category", "4", "--title", "港口危险货物堆场未落实双人双锁",
                 "--unit", "市交通运输局", "--major-hazard", "--source-method", "随机抽查")
    assert result.exit_code == 0, result.output
    text = (workspace / "records/inspections/2020-1-jtj/problems.yaml").read_text(encoding="utf-8")
    assert "- id: P1\n    category: 4\n" in text and "source: {method: spot-check}" in text
    assert "major_hazard: true" in text
    assert _log(workspace)[0] == "xuncha: problem add 2020-1-jtj P1 (四（四）)"
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 0


@pytest.mark.parametrize("args, says", [
    (("--category", "11", "--title", "某问题"), "1 到 10"),
    (("--category", "4", "--title", "某问题", "--cadre", "懒作为"), "四（六）"),
    (("--category", "4", "--title", "某问题", "--source-tip", "T9"), "T9"),
    (("--category", "4", "--title", "某问题", "--source-method", "电话调查"), "四（三）"),
])
def test_problem_add_refuses_bad_input(cli, workspace, args, says):
    _refused(cli, workspace, "problem", "add", "2020-1-jianhu", *args, says=says)


def test_problem_add_keeps_the_clerks_comments(cli, workspace):
    path = workspace / f"{JIANHU}/problems.yaml"
    text = path.read_text(encoding="utf-8")
    text = "# 建湖县巡查发现问题清单（巡查组整理）\n" + text.replace(
        "  - id: P2\n", "  # 以下问题来源于群众来电\n  - id: P2\n")
    path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "加注释"], cwd=workspace, check=True)
    result = cli("problem", "add", "2020-1-jianhu", "--category", "5", "--title", "乡镇安监机构专业人员配备不足")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text)
    assert "  - id: P3\n    category: 5\n    title: 乡镇安监机构专业人员配备不足\n" in after


def test_handoff_before_feedback_is_refused(cli, workspace):
    _refused(cli, workspace, "problem", "handoff", "2020-1-jianhu", "P2", "--to", "纪检监察", "--date", "2020-07-01",
             says="四（五）（六）")
    _give_jianhu_feedback(workspace)
    _refused(cli, workspace, "problem", "handoff", "2020-1-jianhu", "P2", "--to", "纪检监察", "--date", "2020-07-02",
             says="早于")


def test_handoffs_clear_the_disposition_rules(cli, workspace):
    _give_jianhu_feedback(workspace)
    found = json.loads(cli("validate", "--json", "--as-of", "2020-07-10").output)
    assert [f["rule"] for f in found if not f["rule"].endswith("-deadline")] == ["cadre-problem-discipline"]
    result = cli("problem", "handoff", "2020-1-jianhu", "P2", "--to", "纪检监察", "--date", "2020-07-06",
                 "--reference", "盐巡办〔2020〕25号")
    assert result.exit_code == 0, result.output
    assert _log(workspace)[0] == "xuncha: problem handoff 2020-1-jianhu P2 2020-07-06 (四（六）)"
    assert cli("validate", "--as-of", "2020-07-10").exit_code == 0


def test_status_moves_forward_only(cli, workspace):
    _give_jianhu_feedback(workspace)
    assert cli("problem", "status", "2020-1-jianhu", "P1", "--to", "整改中", "--date", "2020-07-10").exit_code == 0
    assert cli("problem", "status", "2020-1-jianhu", "P1", "--to", "已整改", "--date", "2020-09-30",
               "--evidence", "隐患排查治理台账").exit_code == 0
    _refused(cli, workspace, "problem", "status", "2020-1-jianhu", "P1", "--to", "整改中", "--date", "2020-10-09",
             says="只能向前")
    _refused(cli, workspace, "problem", "status", "2020-1-jianhu", "P1", "--to", "已销号", "--date", "2020-09-29",
             says="早于")
    _refused(cli, workspace, "problem", "status", "2020-1-jianhu", "P1", "--to", "已完成", "--date", "2020-10-09",
             says="四（七）")
    text = (workspace / f"{JIANHU}/problems.yaml").read_text(encoding="utf-8")
    assert "      - {date: 2020-09-30, status: rectified, evidence: 隐患排查治理台账}\n" in text


def test_a_lookback_reopens_a_closed_problem_with_a_reason(cli, workspace):
    _refused(cli, workspace, "problem", "lookback", "2020-1-dongtai", "P1", "--date", "2020-09-10",
             "--findings", "紧急切断装置未与液位报警联动", "--reopen", says="--reason")
    result = cli("problem", "lookback", "2020-1-dongtai", "P1", "--date", "2020-09-10",
                 "--findings", "紧急切断装置未与液位报警联动", "--formalism", "--reopen", "--reason", "整改不实")
    assert result.exit_code == 0, result.output
    rows = json.loads(cli("problems", "--inspection", "2020-1-dongtai", "--json", "--as-of", "2020-09-20").output)
    assert rows[0]["status"] == "in-progress" and rows[0]["lookbacks"] == 2  # the example already has one
    assert cli("validate", "--as-of", "2020-09-20").exit_code == 0
    assert cli("problem", "status", "2020-1-dongtai", "P1", "--to", "已整改", "--date", "2020-10-15").exit_code == 0


def test_escalation_and_accountability_proposal(cli, workspace):
    _refused(cli, workspace, "problem", "escalate", "2020-1-dongtai", "P3", "--kind", "约谈", "--date", "2020-06-01",
             says="早于")
    assert cli("problem", "escalate", "2020-1-dongtai", "P3", "--kind", "函告", "--date", "2020-12-07").exit_code == 0
    assert cli("problem", "escalate", "2020-1-dongtai", "P3", "--kind", "责任追究建议",
               "--date", "2020-12-21").exit_code == 0
    rows = json.loads(cli("problems", "--inspection", "2020-1-dongtai", "--json").output)
    p3 = rows[2]
    assert [e["kind"] for e in p3["escalations"]] == ["letter", "accountability-proposal"]
    # No --reference: each letter got the next free 文号 of 盐巡办 in 2020 (the example uses up to 20号).
    assert p3["handoffs"][-1] == {"to": "discipline", "to_name": "纪检监察机关", "date": "2020-12-21",
                                  "reference": "盐巡办〔2020〕22号"}


def test_problems_lists_overdue_as_of_a_date(cli, workspace):
    _give_jianhu_feedback(workspace)
    result = cli("problems", "--overdue", "--as-of", "2021-01-05", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert [(r["inspection"], r["id"], r["due"], r["overdue"]) for r in rows] == [
        ("2020-1-jianhu", "P1", "2021-01-04", True), ("2020-1-jianhu", "P2", "2021-01-04", True)]
    assert cli("problems", "--overdue", "--as-of", "2021-01-04").exit_code == 0


def test_problems_filters_and_plain_table(cli):
    result = cli("problems", "--category", "四", "--status", "已销号", "--as-of", "2020-07-03")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1].split("\t")[:3] == ["巡查", "编号", "类别"]
    assert len(lines) == 3 and lines[2].startswith("2020-1-dongtai\tP1\t（四）")
    assert "市安委会挂牌督办 2020-06-04" in lines[2]
    assert cli("problems", "--status", "已完成").exit_code == 2
    assert cli("problems", "--inspection", "2099-1-x").exit_code == 2


def test_stats_json(cli):
    data = json.loads(cli("stats", "--year", "2020", "--json").output)
    assert data["total"] == 5
    counts = {c["category"]: c["count"] for c in data["by_category"]}
    assert counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 0, 6: 1, 7: 0, 8: 1, 9: 1, 10: 0}
    assert data["by_category"][3]["name"] == "推进安全生产依法治理情况"
    assert {t["name"]: t["count"] for t in data["by_target"]} == {"东台市": 3, "建湖县": 2}
    assert {s["name"]: s["count"] for s in data["by_status"]} == {"未整改": 2, "整改中": 0, "已整改": 0, "已销号": 3}
    assert data["listed_supervision"]["hazards"] == 1
    assert [(i["inspection"], i["id"]) for i in data["listed_supervision"]["items"]] == [("2020-1-dongtai", "P1")]
    assert [(i["id"], i["date"]) for i in data["discipline"]["items"]] == [("P2", "2020-06-04")]
    assert json.loads(cli("stats", "--year", "2019", "--json").output)["total"] == 0
    plain = cli("stats").output
    assert "（四）\t推进安全生产依法治理情况\t1" in plain and "移交纪检监察机关 1 个" in plain


def test_problem_levels_follow_the_half_year_deadline(cli, workspace):
    # 三色预警（四（七））：建湖县 feedback 2020-07-03, so rectification is due 2021-01-04 (2021-01-03 is a Sunday).
    assert json.loads(cli("problems", "--json", "--inspection", "2020-1-jianhu").output)[0]["level"] == "green", \
        "before feedback no deadline runs, so nothing is late"
    _give_jianhu_feedback(workspace)

    def levels(day: str, *more: str) -> dict:
        rows = json.loads(cli("problems", "--json", "--as-of", day, *more).output)
        return {(r["inspection"], r["id"]): r["level"] for r in rows}

    before = levels("2020-12-01")
    assert before[("2020-1-jianhu", "P1")] == "green"
    assert before[("2020-1-dongtai", "P2")] == "done"         # 已销号
    assert levels("2020-12-30")[("2020-1-jianhu", "P1")] == "yellow"   # 2 working days left
    assert levels("2020-12-30", "--within", "1")[("2020-1-jianhu", "P1")] == "green"
    assert levels("2021-01-05")[("2020-1-jianhu", "P2")] == "red"
