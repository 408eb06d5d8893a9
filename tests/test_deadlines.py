"""The deadlines of 盐办发〔2019〕34号 on real dates: holidays, 调休 and Civil Code periods."""

import datetime as dt
from pathlib import Path

import pytest

from xuncha.calendar import WorkCalendar, override_skeleton
from xuncha.model.config import Config, Target, Term
from xuncha.model.inspection import Approval, End, Entry, Feedback, Inspection, RectificationPlan, Report
from xuncha.model.tree import InspectionFolder, Records
from xuncha.procedure.deadlines import all_deadlines, inspection_deadlines

D = dt.date


def folder(target="jianhu", special=False, **steps) -> InspectionFolder:
    """An inspection with the given step dates, e.g. end=D(2020, 1, 23)."""
    classes = {"entry": Entry, "end": End, "report": Report, "approval": Approval, "feedback": Feedback,
               "rectification_plan": RectificationPlan}
    inspection = Inspection(id="2020-1-test", target=target, year=2020, round=1, special=special, team=None)
    records = {name: classes[name].__new__(classes[name]) for name in steps}
    for name, record in records.items():
        object.__setattr__(record, "date", steps[name])
    return InspectionFolder(id="2020-1-test", path=Path("records/inspections/2020-1-test"),
                            inspection=inspection, **records)


@pytest.fixture
def records(tmp_path):
    config = Config(term=Term(name="2019—2021", start=D(2019, 7, 1), end=D(2021, 12, 31)), targets=[
        Target(id="jianhu", name="建湖县", kind="county"),
        Target(id="shanggang", name="上冈镇", kind="town", parent="jianhu"),
    ])
    return Records(root=tmp_path / "records", config=config)


def due_of(records, item, step, as_of=D(2020, 1, 1), calendar=None):
    calendar = calendar or WorkCalendar(override_dir=records.calendar_dir)
    return next(d for d in inspection_deadlines(records, item, calendar, as_of) if d.step == step)


# 二（一） tour length: entry day and end day both count.

def test_tour_may_last_30_days_counting_entry_and_end_day(records):
    deadline = due_of(records, folder(entry=D(2020, 4, 8)), "end")
    assert deadline.due.date == D(2020, 5, 7)  # 2020-04-08 … 2020-05-07 is 30 days on site
    assert deadline.clause == "二（一）" and deadline.provisional is False


def test_special_tour_of_a_town_may_last_10_days(records):
    deadline = due_of(records, folder(target="shanggang", entry=D(2020, 9, 21)), "end")
    assert deadline.due.date == D(2020, 9, 30)


def test_special_flag_sets_the_10_day_limit(records):
    assert due_of(records, folder(special=True, entry=D(2020, 9, 21)), "end").due.date == D(2020, 9, 30)


def test_tour_ending_on_day_31_is_late(records):
    deadline = due_of(records, folder(entry=D(2020, 4, 8), end=D(2020, 5, 8)), "end")
    assert deadline.status == "late"
    assert deadline.late_message() == ("巡查自 2020-04-08 进驻至 2020-05-08 结束，在驻地共 31 天，"
                                       "超过时限 2020-05-07（巡查时间一般不超过30天）")


# 四（四） report within 10 working days after the tour ends.

def test_report_after_a_tour_ending_before_the_2020_spring_festival(records):
    # 春节 2020-01-24…01-30, extended to 2020-02-02 (国办发明电〔2020〕1号); 2020-01-31 was a rest day too.
    deadline = due_of(records, folder(end=D(2020, 1, 23)), "report")
    assert deadline.due.date == D(2020, 2, 14)
    assert deadline.clause == "四（四）"


def test_report_within_the_limit_is_met_and_after_it_is_late(records):
    assert due_of(records, folder(end=D(2020, 1, 23), report=D(2020, 2, 14)), "report").status == "met"
    late = due_of(records, folder(end=D(2020, 1, 23), report=D(2020, 2, 17)), "report")
    assert late.status == "late"
    assert late.late_message() == "巡查工作报告于 2020-02-17 报送，晚于时限 2020-02-14（巡查结束后10个工作日内）"


# 四（五） feedback within 10 working days after approval.

def test_feedback_across_2019_national_day_counts_make_up_sunday_and_saturday(records):
    # 2019-10-01…07 off; 2019-09-29 (Sun) and 2019-10-12 (Sat) were working days.
    deadline = due_of(records, folder(approval=D(2019, 9, 27)), "feedback")
    # 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12, 10-14, 10-15, 10-16
    assert deadline.due.date == D(2019, 10, 16)
    assert deadline.clause == "四（五）"


# 四（七） rectification plan within 30 working days, report within half a year, after feedback.

def test_rectification_plan_across_2019_national_day(records):
    deadline = due_of(records, folder(feedback=D(2019, 9, 20)), "rectification-plan")
    assert deadline.due.date == D(2019, 11, 6)
    assert deadline.clause == "四（七）"


def test_half_a_year_from_31_august_ends_on_the_last_day_of_february(records):
    deadline = due_of(records, folder(feedback=D(2018, 8, 31)), "rectification-report")
    assert deadline.due.date == D(2019, 2, 28)  # 民法典 第二百零二条: no 31 February, so its last day


def test_half_a_year_ending_on_a_sunday_moves_to_monday(records):
    # 2021-02-28 is a Sunday: 民法典 第二百零三条 moves it to the next working day.
    deadline = due_of(records, folder(feedback=D(2020, 8, 31)), "rectification-report")
    assert deadline.due.date == D(2021, 3, 1)


def test_half_a_year_landing_in_the_national_day_holiday(records):
    deadline = due_of(records, folder(feedback=D(2020, 4, 1)), "rectification-report")
    assert deadline.due.date == D(2020, 10, 9)  # 2020-10-01…08 off (国庆、中秋)


# Status relative to the as-of date.

def test_status_pending_due_soon_overdue(records, tmp_path):
    item = folder(approval=D(2020, 6, 22))  # feedback due 2020-07-07 (端午 2020-06-25…27, 06-28 worked)
    calendar = WorkCalendar(override_dir=records.calendar_dir)

    def status(as_of):
        found = due_of(records, item, "feedback", as_of=as_of, calendar=calendar)
        return found.status, found.working_days_left

    assert status(D(2020, 6, 30)) == ("pending", 5)
    assert status(D(2020, 7, 3)) == ("due-soon", 2)
    assert status(D(2020, 7, 7)) == ("due-soon", 0)
    assert status(D(2020, 7, 9)) == ("overdue", -2)


def test_no_deadline_before_its_starting_step_is_recorded(records):
    steps = [d.step for d in inspection_deadlines(records, folder(entry=D(2020, 4, 8)),
                                                  WorkCalendar(override_dir=None), D(2020, 4, 9))]
    assert steps == ["end"]


# Years no source covers.

def test_deadline_in_2027_without_override_is_provisional_and_names_the_file(records, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    calendar = WorkCalendar(override_dir=records.calendar_dir)
    deadline = due_of(records, folder(feedback=D(2026, 12, 1)), "rectification-plan", calendar=calendar)
    assert deadline.provisional is True
    assert deadline.due_text().endswith("（暂定）")
    assert any("records/calendar/2027.yaml" in w.message for w in calendar.warnings())


def test_deadline_in_2027_with_a_verified_override_is_not_provisional(records, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    # The skeleton `calendar add` writes, checked by the clerk (verified: true).
    records.calendar_dir.mkdir(parents=True)
    text = override_skeleton(2027).replace("verified: false", "verified: true")
    (records.calendar_dir / "2027.yaml").write_text(text, encoding="utf-8")
    calendar = WorkCalendar(override_dir=records.calendar_dir)
    deadline = due_of(records, folder(feedback=D(2026, 12, 1)), "rectification-plan", calendar=calendar)
    assert deadline.provisional is False
    assert deadline.due.date == D(2027, 1, 13)
    assert calendar.warnings() == []


def test_override_contradicting_the_package_wins(records):
    # The first 2020 notice (国办发明电〔2019〕16号), before the State Council extended the Spring
    # Festival to 2020-02-02: 01-24…30 off, 2020-02-01 (Sat) worked.  A verified file wins over the package.
    records.calendar_dir.mkdir(parents=True)
    (records.calendar_dir / "2020.yaml").write_text("""\
year: 2020
notice: 国务院办公厅关于2020年部分节假日安排的通知
reference: 国办发明电〔2019〕16号
holidays:
  - {name: 元旦, start: 2020-01-01, end: 2020-01-01}
  - {name: 春节, start: 2020-01-24, end: 2020-01-30}
workdays:
  - {date: 2020-01-19, name: 春节}
  - {date: 2020-02-01, name: 春节}
""", encoding="utf-8")
    deadline = due_of(records, folder(end=D(2020, 1, 23)), "report")
    assert deadline.due.date == D(2020, 2, 12)
    assert deadline.due.source.startswith("国务院办公厅关于2020年部分节假日安排的通知")


def test_closed_inspections_are_left_out_of_open_deadlines(records):
    from xuncha.model.inspection import Closure

    item = folder(feedback=D(2020, 6, 3))
    closure = Closure.__new__(Closure)
    object.__setattr__(closure, "date", D(2020, 6, 30))
    item.closure = closure
    records.inspections[item.id] = item
    calendar = WorkCalendar(override_dir=None)
    assert all_deadlines(records, calendar, D(2020, 7, 3), open_only=True) == []
    assert len(all_deadlines(records, calendar, D(2020, 7, 3))) == 2
