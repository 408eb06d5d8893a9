"""四（七）：被巡查地区或单位于反馈后半年内将整改落实情况报市委、市政府 — check-deadlines lists every problem
still not rectified when that half-year has run out, as an overdue item (exit 1).

建湖县 given feedback 2020-07-06 (星期一): half a year runs out 2021-01-06 (星期三, a working day, 民法典
第二百零一条); on 2021-01-20 it is 10 working days past (01-07, 08, 11…15, 18…20).
"""

import json
import subprocess


JIANHU = "records/inspections/2020-1-jianhu"
KEYS = ["inspection", "target", "step", "due", "status", "level", "working_days_left", "provisional", "clause"]


def _feedback(workspace, day: str) -> None:
    (workspace / f"{JIANHU}/feedback.yaml").write_text(f"date: {day}\nby: chen-hong\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "反馈"], cwd=workspace, check=True)


def test_problems_not_rectified_half_a_year_after_feedback_are_overdue(cli, workspace):
    _feedback(workspace, "2020-07-06")
    result = cli("check-deadlines", "--as-of", "2021-01-20")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    p1 = next(line for line in lines if "问题 P1" in line)
    assert p1 == ("[已逾期] 2020-1-jianhu 建湖县 问题 P1“12家危化品使用企业未建立隐患排查治理台账”（现为未整改）"
                  "应于 2021-01-06 前整改到位（巡查反馈后半年内整改落实，四（七）），已逾期 10 个工作日")
    assert any(line.startswith("[已逾期] 2020-1-jianhu 建湖县 问题 P2") for line in lines)


def test_stalled_problems_in_json_keep_the_deadline_keys(cli, workspace):
    _feedback(workspace, "2020-07-06")
    result = cli("check-deadlines", "--as-of", "2021-01-20", "--json")
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert all(list(item) == KEYS for item in items)
    stalled = [item for item in items if item["step"].startswith("problem-rectification:")]
    assert stalled == [
        {"inspection": "2020-1-jianhu", "target": "建湖县", "step": f"problem-rectification:{pid}",
         "due": "2021-01-06", "status": "overdue", "level": "red", "working_days_left": -10, "provisional": False,
         "clause": "四（七）"} for pid in ("P1", "P2")]


def test_quiet_lists_stalled_problems_too(cli, workspace):
    _feedback(workspace, "2020-07-06")
    result = cli("check-deadlines", "--as-of", "2021-01-20", "--quiet")
    assert result.exit_code == 1
    assert "问题 P1" in result.output and "问题 P2" in result.output


def test_not_stalled_on_the_last_day_of_the_half_year(cli, workspace):
    _feedback(workspace, "2020-07-06")
    items = json.loads(cli("check-deadlines", "--as-of", "2021-01-06", "--json").output)
    assert not [item for item in items if item["step"].startswith("problem-rectification:")]


def test_rectified_problems_drop_out(cli, workspace):
    _feedback(workspace, "2020-07-06")
    for pid, day in (("P1", "2020-12-30"), ("P2", "2021-01-15")):
        result = cli("problem", "status", "2020-1-jianhu", pid, "--to", "已整改", "--date", day,
                     "--evidence", "整改销号材料")
        assert result.exit_code == 0, result.output
    result = cli("check-deadlines", "--as-of", "2021-01-20")
    assert "问题 P" not in result.output
    items = json.loads(cli("check-deadlines", "--as-of", "2021-01-20", "--json").output)
    assert not [item for item in items if item["step"].startswith("problem-rectification:")]
    # Rectified late is still late on the day it mattered: P2 was stalled on 2021-01-08.
    items = json.loads(cli("check-deadlines", "--as-of", "2021-01-08", "--json").output)
    assert [i["step"] for i in items if i["step"].startswith("problem-")] == ["problem-rectification:P2"]
