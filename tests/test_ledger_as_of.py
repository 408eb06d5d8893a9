"""Every output is true as of its own date: the ledger as of D (procedure/asof.py).

The example's 2020-1-dongtai: feedback 2020-06-03, hand-offs 06-04, 巡查结果通报 06-05, 函告
06-12, 整改方案 06-16, problems rectified 06-15 to 06-24 and closed 06-28, 销号 06-30.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from xuncha.procedure.asof import ledger_as_of
from xuncha.records.loader import load

D = dt.date


@pytest.fixture
def records(records_dir):
    loaded, _ = load(records_dir)
    return loaded


def test_a_problem_closed_later_is_still_open_on_the_day_of_the_result_notice(records):
    dated = ledger_as_of(records, D(2020, 6, 5))
    problems = dated.inspections["2020-1-dongtai"].problem_list()
    assert [p.status for p in problems] == ["open", "open", "open"]
    assert [len(p.handoffs) for p in problems] == [2, 1, 1]  # the hand-offs of 06-04 had happened
    assert all(not p.escalations and not p.lookbacks for p in problems)


def test_steps_done_after_the_day_are_not_done_yet(records):
    folder = ledger_as_of(records, D(2020, 6, 12)).inspections["2020-1-dongtai"]
    assert folder.feedback.date == D(2020, 6, 3) and folder.result_notice.date == D(2020, 6, 5)
    assert folder.rectification_plan is None and folder.rectification_report is None and folder.closure is None


def test_the_full_records_are_left_as_they_are(records):
    ledger_as_of(records, D(2020, 6, 5))
    folder = records.inspections["2020-1-dongtai"]
    assert folder.closure is not None and [p.status for p in folder.problem_list()] == ["closed"] * 3


def test_a_round_opened_later_and_a_plan_approved_later_are_not_there(records):
    dated = ledger_as_of(records, D(2020, 3, 20))
    assert dated.inspections == {}  # round 1 was opened on 2020-04-01
    assert [a.by for a in dated.plans[2020].approvals] == ["leading-group"]  # the city approved on 03-25
    assert dated.plans[2020].disclosure is None


def test_problems_exist_once_the_team_has_entered(records):
    dated = ledger_as_of(records, D(2020, 4, 7))
    assert dated.inspections["2020-1-dongtai"].problem_list() == []  # entered 2020-04-08
    assert dated.inspections["2020-1-dongtai"].tip_list() == []


def test_nothing_to_cut_gives_the_same_records(records):
    assert ledger_as_of(records, D(2026, 1, 1)) is records


# -- documents ---------------------------------------------------------------------------

FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _documents(records_dir):
    from xuncha.render.output import kinds_reached
    from xuncha.render.templates import Session, build

    records, _ = load(records_dir)
    session = Session(records)
    for ident in ("2020-1-dongtai", "2020-1-jianhu", "2020-1-jtj"):
        for kind in kinds_reached(records, ident):
            for stem, doc in build(records, kind, ident, session=session):
                yield ident, stem, doc


def _text(doc) -> str:
    parts = [doc.title or "", doc.addressee or ""]
    for item in doc.body:
        if hasattr(item, "rows"):
            parts += ["".join(item.header)] + ["".join(row) for row in item.rows]
        else:
            parts.append(item.text)
    return "\n".join(parts)


def _forward_dates(records, ident) -> set[dt.date]:
    """Dates a document may name although they come after it: deadlines and the plan's schedule."""
    from xuncha.procedure.deadlines import calendar_for, due_for_step

    folder = records.inspections[ident]
    calendar = calendar_for(records)
    allowed = set()
    if folder.feedback:
        for step in ("rectification-plan", "rectification-report"):
            allowed.add(due_for_step(calendar, step, folder.feedback.date)[0].date)
    ins = folder.inspection
    allowed |= {ins.planned_start, ins.planned_end}
    # The deadline 市安委会 set when it listed a hazard for 挂牌督办 (四（六）).
    allowed |= {h.due for p in folder.problem_list() for h in p.handoffs if h.due}
    return allowed


def test_no_document_of_the_example_shows_anything_dated_after_it(records_dir):
    records, _ = load(records_dir)
    checked = 0
    for ident, stem, doc in _documents(records_dir):
        later = {D(*map(int, m)) for m in FULL_DATE.findall(_text(doc))} - _forward_dates(records, ident)
        later = {day for day in later if day > doc.date}
        assert not later, f"{ident} {stem}（{doc.date}）写出了此后的日期：{sorted(later)}"
        checked += 1
    assert checked >= 15


def test_the_result_notice_of_06_05_shows_the_problems_as_they_stood(cli, workspace):
    result = cli("render", "result", "2020-1-dongtai", "-o", "out/result.docx")
    assert result.exit_code == 0, result.output
    from render_helpers import full_text

    text = full_text(workspace / "out/result.docx")
    assert "（未整改）" in text and "已销号" not in text and "已整改" not in text


def test_the_urge_letter_of_06_12_shows_the_status_of_06_12(cli, workspace):
    result = cli("render", "urge", "2020-1-dongtai", "-o", "out/urge.docx")
    assert result.exit_code == 0, result.output
    from render_helpers import full_text

    text = full_text(workspace / "out/urge.docx")
    assert "当前整改状态：未整改" in text
    assert "已销号" not in text and "2020年6月16日" not in text  # the 整改方案 came on 06-16


def test_the_disclosure_bears_the_date_it_was_disclosed(cli, workspace):
    result = cli("render", "disclosure", "2020-1-dongtai", "-o", "out/disclosure.docx")
    assert result.exit_code == 0, result.output
    from render_helpers import texts

    lines = texts(workspace / "out/disclosure.docx")
    assert "2020年7月1日" in lines  # rectification-report.yaml: disclosed 2020-07-01


# -- reports ------------------------------------------------------------------------------

def test_problems_as_of_lists_statuses_of_that_day(cli):
    result = cli("problems", "--inspection", "2020-1-dongtai", "--as-of", "2020-06-20", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["id"], r["status"]) for r in rows] == [("P1", "in-progress"), ("P2", "open"), ("P3", "rectified")]
    assert rows[1]["escalations"] == [{"kind": "letter", "date": "2020-06-12"}]
    before = json.loads(cli("problems", "--inspection", "2020-1-dongtai", "--as-of", "2020-06-11", "--json").output)
    assert before[1]["escalations"] == []


def test_stats_as_of_counts_the_ledger_of_that_day(cli):
    result = cli("stats", "--year", "2020", "--as-of", "2020-06-20", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_status = {s["status"]: s["count"] for s in data["by_status"]}
    assert data["as_of"] == "2020-06-20"
    assert by_status == {"open": 3, "in-progress": 1, "rectified": 1, "closed": 0}
    later = json.loads(cli("stats", "--year", "2020", "--as-of", "2020-07-03", "--json").output)
    assert {s["status"]: s["count"] for s in later["by_status"]}["closed"] == 3
    assert "截至 2020-06-20" in cli("stats", "--as-of", "2020-06-20").output


def test_status_as_of_shows_the_step_reached_on_that_day(cli):
    result = cli("status", "2020-1-dongtai", "--as-of", "2020-06-05", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    # The 巡查结果通报 went out on 06-05 itself; the 整改方案 is next, 30 working days from feedback.
    assert (row["last_step"], row["next_step"], row["next_due"]) == ("result-notice", "rectification-plan", "2020-07-16")


def test_status_of_an_inspection_not_yet_opened(cli):
    result = cli("status", "2020-1-jtj", "--as-of", "2020-03-31")
    assert result.exit_code == 2
    assert "截至 2020-03-31 尚未开启" in result.output


def test_check_deadlines_as_of_counts_steps_done_later_as_not_done(cli):
    # dongtai's 整改方案 (due 2020-07-16) was sent on 06-16: on 06-15 it was still to come.
    result = cli("check-deadlines", "--as-of", "2020-06-15", "--json")
    assert result.exit_code == 0, result.output
    items = {(d["inspection"], d["step"]): d for d in json.loads(result.output)}
    plan = items[("2020-1-dongtai", "rectification-plan")]
    assert plan["status"] == "pending" and plan["working_days_left"] == 22


def test_coverage_as_of_counts_only_rounds_opened_by_then(cli):
    result = cli("coverage", "--as-of", "2020-03-31", "--json")
    items = {i["target"]: i for i in json.loads(result.output)}
    assert items["dongtai"]["inspected"] == [] and items["dongtai"]["planned"] == ["2020-1-dongtai"]
    later = {i["target"]: i for i in json.loads(cli("coverage", "--as-of", "2020-08-01", "--json").output)}
    assert later["dongtai"]["inspected"] == ["2020-1-dongtai"]


def test_a_document_names_people_as_the_roster_stood_on_its_date(cli, workspace):
    """王建国's new post from 2020-05-01 shows on jtj's authorization (06-10), not on dongtai's (04-03)."""
    from render_helpers import full_text

    moved = cli("person", "update", "wang-jianguo", "--position", "市人大常委会咨询委员", "--since", "2020-05-01")
    assert moved.exit_code == 0, moved.output
    for ident in ("2020-1-dongtai", "2020-1-jtj"):
        assert cli("render", "authorization", ident, "-o", f"out/{ident}.docx").exit_code == 0
    assert "王建国（原市人大常委会副秘书长）" in full_text(workspace / "out/2020-1-dongtai.docx")
    assert "王建国（市人大常委会咨询委员）" in full_text(workspace / "out/2020-1-jtj.docx")


def test_escalations_written_out_of_date_order_each_show_their_own_day(cli, workspace):
    """A 约谈 of 06-20 written above the 函告 of 06-12: each letter still shows the status of its date."""
    from render_helpers import full_text

    path = workspace / "records/inspections/2020-1-dongtai/problems.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    escalations:                 # 四（七）：整改进度滞后，函告督促\n",
                        "    escalations:                 # 四（七）：整改进度滞后，函告督促\n"
                        "      - kind: circular\n        date: 2020-06-24\n        reference: 盐巡办〔2020〕21号\n")
    path.write_text(text, encoding="utf-8")
    assert cli("render", "all", "2020-1-dongtai").exit_code == 0
    circular, letter = (full_text(workspace / f"out/2020-1-dongtai/urge-P2-{i}.docx") for i in (1, 2))
    assert "盐巡办〔2020〕21号" in circular and "当前整改状态：已整改" in circular  # rectified on 06-22
    assert "盐巡办〔2020〕20号" in letter and "当前整改状态：未整改" in letter


def test_a_view_cut_at_a_day_is_not_cut_again_but_an_earlier_day_still_cuts_it(records):
    """check-deadlines cuts the ledger once; its steps, stalled problems and unstarted tours ask again."""
    from xuncha.procedure.asof import dated_view

    view = dated_view(records, D(2020, 6, 12))
    assert view is not records and not records.__dict__.get("_ledger_cut_at")  # the loaded tree is never marked
    assert ledger_as_of(view, D(2020, 6, 12)) is view and ledger_as_of(view, D(2020, 7, 1)) is view
    assert view.inspections["2020-1-dongtai"].rectification_plan is None  # 整改方案 of 06-16 not yet
    earlier = ledger_as_of(view, D(2020, 6, 4))
    assert earlier.inspections["2020-1-dongtai"].result_notice is None  # 通报 of 06-05 not yet
    assert earlier.inspections["2020-1-dongtai"] == ledger_as_of(records, D(2020, 6, 4)).inspections["2020-1-dongtai"]
    everything = dated_view(records, D(2021, 1, 1))  # nothing later: a marked copy, the same records
    assert everything is not records and everything.inspections == records.inspections
