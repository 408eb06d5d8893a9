"""Deadlines of 盐办发〔2019〕34号 on the official calendar: 巡查报告 and 巡查反馈 within 10
working days, 整改方案 within 30 working days, 整改落实 within half a year (民法典)."""

import datetime as dt
import time
from importlib.metadata import version

import chinese_calendar
import pytest

from xuncha.calendar import WorkCalendar

D = dt.date


@pytest.fixture
def records(tmp_path, monkeypatch):
    """A records folder as the clerk has it, with the working directory at its parent."""
    monkeypatch.chdir(tmp_path)
    override_dir = tmp_path / "records" / "calendar"
    override_dir.mkdir(parents=True)
    return override_dir


NOTICE_2027 = """\
year: 2027
notice: 国务院办公厅关于2027年部分节假日安排的通知
reference: 国办发明电〔2026〕9号
holidays:
  - {name: 元旦, start: 2027-01-01, end: 2027-01-03}
  - {name: 春节, start: 2027-02-05, end: 2027-02-12}
  - {name: 清明节, start: 2027-04-03, end: 2027-04-05}
  - {name: 劳动节, start: 2027-05-01, end: 2027-05-05}
  - {name: 端午节, start: 2027-06-09, end: 2027-06-09}
  - {name: 中秋节, start: 2027-09-15, end: 2027-09-15}
  - {name: 国庆节, start: 2027-10-01, end: 2027-10-07}
workdays:
  - {date: 2027-02-13, name: 春节}
  - {date: 2027-04-25, name: 劳动节}
  - {date: 2027-10-09, name: 国庆节}
"""


def test_package_knows_the_2020_spring_festival_extended_to_2_february():
    # 国办发明电〔2020〕1号 extended the holiday to 2 February; the 1 February make-up day fell away.
    assert chinese_calendar.is_workday(D(2020, 1, 31)) is False
    assert chinese_calendar.is_workday(D(2020, 2, 1)) is False
    assert chinese_calendar.is_workday(D(2020, 2, 2)) is False
    assert chinese_calendar.is_workday(D(2020, 2, 3)) is True
    cal = WorkCalendar()
    assert [cal.is_workday(D(2020, 1, 31)), cal.is_workday(D(2020, 2, 1)),
            cal.is_workday(D(2020, 2, 2)), cal.is_workday(D(2020, 2, 3))] == [False, False, False, True]


def test_report_due_10_working_days_after_a_tour_ending_just_before_the_2020_spring_festival():
    due = WorkCalendar().add_workdays(D(2020, 1, 23), 10)
    assert due.date == D(2020, 2, 14)  # 24 Jan – 2 Feb off; 3–7 and 10–14 Feb
    assert due.provisional is False
    assert due.source == f"chinese-calendar {version('chinesecalendar')}"


def test_first_working_day_after_a_tour_is_the_next_working_day():
    assert WorkCalendar().add_workdays(D(2020, 1, 23), 1).date == D(2020, 2, 3)


def test_feedback_due_across_the_2019_national_day_counts_the_make_up_sunday_29_september():
    # 23–27 Sep (5), Sun 29 Sep make-up (6), 30 Sep (7), 8–10 Oct (10)
    assert WorkCalendar().add_workdays(D(2019, 9, 20), 10).date == D(2019, 10, 10)


def test_feedback_due_after_the_2019_national_day_counts_the_make_up_saturday_12_october():
    # 8–11 Oct (4), Sat 12 Oct make-up (5), 14–18 Oct (10)
    assert WorkCalendar().add_workdays(D(2019, 9, 30), 10).date == D(2019, 10, 18)


def test_rectification_plan_due_30_working_days_after_feedback():
    cal = WorkCalendar()
    due = cal.add_workdays(D(2019, 9, 20), 30)
    assert cal.workdays_between(D(2019, 9, 20), due.date) == 30
    assert cal.is_workday(due.date)
    assert due.date == D(2019, 11, 6)  # 10 Oct is the 10th, Sat 12 Oct counts


def test_half_a_year_from_31_august_ends_on_the_last_day_of_february_then_the_next_working_day():
    # 2021-02-31 does not exist → 2021-02-28 (Sunday) → Monday 2021-03-01
    due = WorkCalendar().add_period(D(2020, 8, 31), months=6)
    assert due.date == D(2021, 3, 1)
    assert due.provisional is False


def test_half_a_year_landing_in_the_national_day_holiday_ends_after_it():
    assert WorkCalendar().add_period(D(2019, 4, 1), months=6).date == D(2019, 10, 8)


def test_half_a_year_ending_on_a_make_up_working_saturday_is_not_extended():
    assert D(2019, 10, 12).weekday() == 5
    assert WorkCalendar().add_period(D(2019, 4, 12), months=6).date == D(2019, 10, 12)


def test_period_in_days_does_not_count_the_start_day():
    # 10 days from Monday 2019-06-03: last day 2019-06-13 (Thursday)
    assert WorkCalendar().add_period(D(2019, 6, 3), days=10).date == D(2019, 6, 13)


def test_period_in_days_ending_on_a_sunday_moves_to_monday():
    assert WorkCalendar().add_period(D(2019, 6, 6), days=10).date == D(2019, 6, 17)


def test_period_rejects_an_empty_period():
    with pytest.raises(ValueError):
        WorkCalendar().add_period(D(2020, 1, 1))


def test_add_workdays_rejects_zero():
    with pytest.raises(ValueError):
        WorkCalendar().add_workdays(D(2020, 1, 1), 0)


def test_working_days_left_is_positive_before_and_negative_after_the_deadline():
    cal = WorkCalendar()
    assert cal.workdays_between(D(2020, 1, 23), D(2020, 2, 14)) == 10
    assert cal.workdays_between(D(2020, 2, 14), D(2020, 1, 23)) == -10
    assert cal.workdays_between(D(2020, 2, 14), D(2020, 2, 14)) == 0


def test_working_days_between_counts_across_new_year():
    cal = WorkCalendar()
    # 2019-12-30, 12-31 and 2020-01-02, 01-03 (1 Jan off)
    assert cal.workdays_between(D(2019, 12, 27), D(2020, 1, 3)) == 4
    assert cal.workdays_between(D(2020, 1, 3), D(2019, 12, 27)) == -4


def test_deadline_in_2027_without_a_notice_is_provisional_and_asks_for_the_file(records):
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2027, 1, 29), 10)
    assert due.provisional is True
    assert "推算" in due.source
    # 1–4 Feb (4); fallback: 除夕 5 Feb – 初三 8 Feb off, 补假 9–10 Feb for the weekend days;
    # 11–12 Feb (6), 15–18 Feb (10)
    assert due.date == D(2027, 2, 18)
    [warning] = cal.warnings()
    assert warning.year == 2027
    assert "records/calendar/2027.yaml" in warning.message


def test_deadline_in_2027_with_the_notice_file_is_final_and_names_the_file(records):
    (records / "2027.yaml").write_text(NOTICE_2027, encoding="utf-8")
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2027, 1, 29), 10)
    # 1–4 Feb (4), 5–12 Feb off, Sat 13 Feb make-up (5), 15–19 Feb (10)
    assert due.date == D(2027, 2, 19)
    assert due.provisional is False
    assert "records/calendar/2027.yaml" in due.source
    assert cal.warnings() == []
    source = cal.year_source(2027)
    assert (source.kind, source.provisional, source.path) == ("override", False, records / "2027.yaml")


def test_an_override_that_contradicts_the_package_wins(records):
    # Jiangsu kept businesses closed until 9 February 2020; a clerk may record that.
    (records / "2020.yaml").write_text(
        "year: 2020\n"
        "notice: 江苏省关于延迟企业复工的通知\n"
        "holidays:\n"
        "  - {name: 元旦, start: 2020-01-01, end: 2020-01-01}\n"
        "  - {name: 春节, start: 2020-01-24, end: 2020-02-09}\n",
        encoding="utf-8",
    )
    assert chinese_calendar.is_workday(D(2020, 2, 3)) is True
    cal = WorkCalendar(records)
    assert cal.is_workday(D(2020, 2, 3)) is False
    due = cal.add_workdays(D(2020, 1, 23), 10)
    assert due.date == D(2020, 2, 21)
    assert "江苏省关于延迟企业复工的通知" in due.source
    assert cal.year_source(2019).kind == "package"


def test_a_deadline_crossing_into_an_unannounced_year_is_provisional(records):
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2026, 12, 24), 10)
    assert due.provisional is True
    assert "chinese-calendar" in due.source and "推算" in due.source


def test_a_deadline_inside_a_package_year_consults_no_fallback_year(records):
    cal = WorkCalendar(records)
    assert cal.add_workdays(D(2026, 12, 1), 5).provisional is False
    assert cal.warnings() == []


def test_half_a_year_into_an_unannounced_year_is_provisional(records):
    cal = WorkCalendar(records)
    due = cal.add_period(D(2026, 9, 1), months=6)
    assert due.date == D(2027, 3, 1)
    assert due.provisional is True
    assert [w.year for w in cal.warnings()] == [2027]


def test_one_warning_per_fallback_year_however_often_consulted(records):
    cal = WorkCalendar(records)
    for start in (D(2027, 3, 1), D(2027, 6, 1), D(2028, 1, 10)):
        cal.add_workdays(start, 10)
    assert [w.year for w in cal.warnings()] == [2027, 2028]


def test_year_2100_does_not_crash_and_counts_weekends(records):
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2100, 12, 24), 10)
    assert due.provisional is True
    assert due.date.weekday() < 5
    assert cal.add_period(D(2100, 8, 31), months=6).date == D(2101, 2, 28)  # a Monday
    messages = " ".join(w.message for w in cal.warnings())
    assert "无法推算" in messages and "records/calendar/2100.yaml" in messages


def test_year_1990_before_the_package_is_computed_provisionally(records):
    cal = WorkCalendar(records)
    assert cal.year_source(1990).kind == "fallback"
    assert cal.is_workday(D(1990, 10, 1)) is False
    assert cal.add_workdays(D(1990, 9, 28), 1).provisional is True


def test_without_override_dir_the_warning_still_names_records_calendar():
    cal = WorkCalendar()
    cal.is_workday(D(2027, 5, 1))
    assert "records/calendar/2027.yaml" in cal.warnings()[0].message


def test_a_missing_override_dir_is_not_an_error(tmp_path):
    cal = WorkCalendar(tmp_path / "records" / "calendar")
    assert cal.year_source(2019).kind == "package"
    assert cal.add_workdays(D(2019, 9, 30), 10).date == D(2019, 10, 18)


def test_covered_years_lists_the_package_range_and_override_files(records):
    (records / "2027.yaml").write_text(NOTICE_2027, encoding="utf-8")
    covered = WorkCalendar(records).covered_years()
    assert {2004, 2019, 2026} <= set(covered)
    assert covered[2027].kind == "override"
    assert covered[2020].kind == "package"
    assert 2028 not in covered


def test_many_deadlines_are_fast():
    cal = WorkCalendar()
    starts = [D(2019, 1, 1) + dt.timedelta(days=i % 2500) for i in range(20000)]
    began = time.perf_counter()
    for start in starts:
        cal.add_workdays(start, 30)
    assert time.perf_counter() - began < 1.0


def test_a_notice_file_missing_a_statutory_holiday_is_used_but_flagged(records):
    text = NOTICE_2027.replace("  - {name: 国庆节, start: 2027-10-01, end: 2027-10-07}\n", "")
    (records / "2027.yaml").write_text(text, encoding="utf-8")
    cal = WorkCalendar(records)
    assert cal.is_workday(D(2027, 10, 1)) is True
    assert cal.add_workdays(D(2027, 9, 30), 1).provisional is False
    [warning] = cal.warnings()
    assert "2027-10-01（国庆节）" in warning.message


# -- an unchecked notice is a guess: it never brings a deadline forward (issue 20) --------------------

def _unchecked_2027_with_makeup_days(records):
    from xuncha.calendar import override_skeleton

    # The clerk guessed two make-up Saturdays after 春节 before the notice came out.
    text = override_skeleton(2027).replace("workdays: []", "workdays: [2027-02-13, 2027-02-20]")
    (records / "2027.yaml").write_text(text, encoding="utf-8")


def test_an_unchecked_make_up_saturday_does_not_bring_ten_working_days_forward(records):
    _unchecked_2027_with_makeup_days(records)
    due = WorkCalendar(records).add_workdays(D(2027, 2, 4), 3)
    # Counting the guessed Saturday 02-13 would end on it; the law's holidays alone give Monday 02-15.
    assert due.date == D(2027, 2, 15) == WorkCalendar(None).add_workdays(D(2027, 2, 4), 3).date
    assert due.provisional is True
    assert "取后者" in due.source


def test_an_unchecked_make_up_saturday_does_not_end_a_half_year_on_it(records):
    _unchecked_2027_with_makeup_days(records)
    due = WorkCalendar(records).add_period(D(2026, 8, 13), months=6)
    assert due.date == D(2027, 2, 15)  # 2027-02-13 is a Saturday unless the notice says otherwise


def test_an_unchecked_notice_may_still_make_a_deadline_later(records):
    from xuncha.calendar import override_skeleton

    # A longer 春节 than the law's four days: the guess is later than the floor, and it stands.
    text = override_skeleton(2027).replace("end: 2027-02-10}", "end: 2027-02-12}", 1)
    (records / "2027.yaml").write_text(text, encoding="utf-8")
    assert WorkCalendar(records).add_workdays(D(2027, 2, 4), 1).date == D(2027, 2, 15)
    assert WorkCalendar(None).add_workdays(D(2027, 2, 4), 1).date == D(2027, 2, 11)


def test_a_due_date_knows_the_years_it_was_counted_through(records):
    cal = WorkCalendar(records)
    assert cal.add_workdays(D(2026, 12, 28), 10).years == {2026, 2027}
    assert cal.add_workdays(D(2026, 6, 1), 10).years == {2026}
    assert [w.year for w in cal.warnings({2026})] == []
    assert [w.year for w in cal.warnings({2027})] == [2027]
