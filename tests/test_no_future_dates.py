"""No future dates: a record says what has happened.  Every writing command refuses a date after today
(exit 2, nothing written) unless --allow-future, with one message; validate flags hand-written ones."""

from __future__ import annotations

import pytest

from conftest import snapshot
from plan_support import edit
from rule_case import plain_example, validate_json

TODAY = ["--today", "2026-11-30"]
LATER = "2027-01-05"
MESSAGE = f"晚于今天 2026-11-30：尚未发生的事项不能记为已经发生。确需预先登记请加 --allow-future；本次未作任何改动"

WRITING = {
    "plan approve": ["plan", "approve", "2020", "--by", "领导小组", "--date", LATER],
    "plan publish": ["plan", "publish", "2020", "--media", "盐城日报", "--date", LATER],
    "new-round": ["new-round", "2020", "--round", "2", "--date", LATER],
    "record": ["record", "2020-1-jtj", "end", "--date", LATER],
    "record --announced": ["record", "2020-1-jtj", "enter", "--date", "2020-06-15", "--phone", "0515-1",
                           "--announced", LATER, "--amend", "--reason", "补记公布日期"],
    "tip add": ["tip", "add", "2020-1-jtj", "--received", LATER, "--channel", "来电", "--summary", "反映港区违规装卸"],
    "problem handoff": ["problem", "handoff", "2020-1-jianhu", "P1", "--to", "当地党委政府", "--date", LATER],
    "problem status": ["problem", "status", "2020-1-jianhu", "P1", "--to", "已整改", "--date", LATER],
    "problem lookback": ["problem", "lookback", "2020-1-dongtai", "P1", "--date", LATER, "--findings", "整改到位"],
    "problem escalate": ["problem", "escalate", "2020-1-jianhu", "P1", "--kind", "函告", "--date", LATER],
    "person add": ["person", "add", "li-ming", "--name", "李明", "--unit", "yjj", "--since", LATER],
    "person update": ["person", "update", "li-qiang", "--unit", "zjj", "--since", LATER],
}


@pytest.mark.parametrize("command", list(WRITING))
def test_every_writing_command_refuses_a_date_after_today(cli, workspace, command):
    before = snapshot(workspace)
    result = cli(*WRITING[command], *TODAY)
    assert result.exit_code == 2, result.output
    assert LATER in result.output and MESSAGE in result.output
    assert snapshot(workspace) == before


def test_allow_future_lets_a_date_ahead_be_registered(cli, records_dir):
    result = cli("tip", "add", "2020-1-jtj", "--received", LATER, "--channel", "来电", "--summary", "反映港区违规装卸",
                 "--allow-future", *TODAY)
    assert result.exit_code == 0, result.output
    assert f"received: {LATER}" in (records_dir / "inspections/2020-1-jtj/tips.yaml").read_text(encoding="utf-8")


def test_today_itself_is_not_the_future(cli):
    result = cli("person", "add", "li-ming", "--name", "李明", "--unit", "yjj", "--since", "2026-11-30", *TODAY)
    assert result.exit_code == 0, result.output


@pytest.fixture
def plain_records(tmp_path):
    """The example's records without git, for date-in-future checked in memory."""
    return plain_example(tmp_path / "office") / "records"


def test_validate_flags_a_hand_written_future_approval(plain_records):
    edit(plain_records / "plans/2020.yaml", "  date: 2020-03-31", "  date: 2027-03-31")
    found = validate_json(plain_records, "date-in-future")
    assert [(d["file"], d["severity"]) for d in found] == [("records/plans/2020.yaml", "警告")]
    assert found[0]["message"].startswith("公开日期（date）2027-03-31 晚于今天")


def test_validate_flags_a_future_roster_change_and_tip(plain_records):
    edit(plain_records / "people.yaml", "    familiar_with_safety: true\n  - id: sun-li",
         "    familiar_with_safety: true\n    changes:\n      - since: 2099-01-01\n        rank: 正处级\n  - id: sun-li")
    found = validate_json(plain_records, "date-in-future")
    assert [d["file"] for d in found] == ["records/people.yaml"]
    assert "2099-01-01" in found[0]["message"]


def test_planned_dates_may_lie_ahead(plain_records):
    # On 2020-04-01 the plan's rounds, tours and mobilization all lie ahead: they are plans, not events.
    found = validate_json(plain_records, "date-in-future", as_of="2020-04-01")
    assert found, "the example's later hand-offs and tips are events after 2020-04-01"
    assert not [d for d in found if d["file"] == "records/plans/2020.yaml"]
    assert {d["field"] for d in found} <= {"date", "received", "opened", "since", "disclosed"}
