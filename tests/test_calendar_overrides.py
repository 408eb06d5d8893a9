"""Override files records/calendar/<year>.yaml: the State Council notice typed in by the clerk."""

import datetime as dt

import pytest

from xuncha.calendar import WorkCalendar, load_override, override_skeleton

D = dt.date


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "records" / "calendar"
    folder.mkdir(parents=True)
    return folder


def test_notice_with_ranges_single_dates_and_quoted_dates_loads(records):
    path = write(records, "2027.yaml", """\
year: 2027
notice: 国务院办公厅关于2027年部分节假日安排的通知
reference: 国办发明电〔2026〕9号
holidays:
  - {name: 春节, start: 2027-02-05, end: "2027-02-12"}
  - 2027-04-05
  - "2027-06-09"
workdays:
  - 2027-02-13
  - {date: "2027-02-20", name: 春节}
""")
    override, problems = load_override(path)
    assert problems == []
    assert override.year == 2027
    assert override.reference == "国办发明电〔2026〕9号"
    assert len(override.holidays) == 10
    assert override.holidays[D(2027, 2, 8)] == "春节"
    assert set(override.workdays) == {D(2027, 2, 13), D(2027, 2, 20)}
    assert override.verified is True


def test_a_holiday_outside_the_year_of_the_file_is_a_problem_with_its_line(records):
    path = write(records, "2019.yaml", """\
year: 2019
notice: 国务院办公厅关于2019年元旦放假调整有关事宜的通知
holidays:
  - {name: 元旦, start: 2018-12-30, end: 2019-01-01}
""")
    override, problems = load_override(path)
    assert override is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].field) == (4, "holidays[1]")
    assert "2018.yaml" in problems[0].message


def test_a_day_both_holiday_and_workday_is_a_problem(records):
    path = write(records, "2027.yaml", """\
year: 2027
notice: 通知
holidays:
  - {name: 春节, start: 2027-02-05, end: 2027-02-13}
workdays:
  - 2027-02-13
""")
    override, problems = load_override(path)
    assert override is None
    [problem] = problems
    assert (problem.line, problem.column, problem.field) == (6, 5, "workdays[1]")
    assert "同时列为放假日和调休上班日" in problem.message


def test_an_impossible_date_is_a_problem_with_line_and_column(records):
    path = write(records, "2027.yaml", "year: 2027\nnotice: 通知\nholidays:\n  - 2027-02-30\n")
    override, problems = load_override(path)
    assert override is None
    assert [(p.line, p.column, p.field) for p in problems] == [(4, 5, "holidays[1]")]
    assert "2027 年 2 月没有 30 日" in problems[0].message


def test_a_yaml_syntax_error_is_a_problem_not_an_exception(records):
    path = write(records, "2027.yaml", "year: 2027\nnotice: 通知\nholidays:\n  - {name: 春节, start: 2027-02-05\n")
    override, problems = load_override(path)
    assert override is None
    assert len(problems) == 1 and problems[0].line is not None
    assert "YAML 格式错误" in problems[0].message


@pytest.mark.parametrize("text", ["", "- 2027-01-01\n", "year: [2027]\n", "\xff\xfe", "year: 2027\nnotice: 通知\nholidays: 2027-01-01\n"])
def test_garbage_never_raises(records, text):
    path = records / "2027.yaml"
    path.write_bytes(text.encode("latin-1") if text == "\xff\xfe" else text.encode("utf-8"))
    override, problems = load_override(path)
    assert override is None and problems
    assert all(p.message for p in problems)


def test_a_missing_file_is_a_problem(records):
    override, problems = load_override(records / "2031.yaml")
    assert override is None and "不存在" in problems[0].message


def test_unknown_keys_and_a_wrong_year_are_problems(records):
    path = write(records, "2027.yaml", "year: 2028\nnotice: 通知\nholiday:\n  - 2028-01-01\n")
    override, problems = load_override(path)
    assert override is None
    fields = {p.field for p in problems}
    assert {"holiday", "year"} <= fields


def test_a_weekday_listed_as_make_up_workday_is_a_problem(records):
    path = write(records, "2027.yaml", "year: 2027\nnotice: 通知\nworkdays:\n  - 2027-02-08\n")
    override, problems = load_override(path)
    assert override is None
    assert "周六或周日" in problems[0].message


def test_a_broken_override_is_skipped_with_a_warning(records):
    write(records, "2027.yaml", "year: 2027\nholidays:\n  - 2027-13-01\n")
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2027, 3, 1), 5)
    assert due.provisional is True
    assert cal.year_source(2027).kind == "fallback"
    [warning] = cal.warnings()
    assert "records/calendar/2027.yaml 有 2 处错误" in warning.message
    assert len(cal.problems()) == 2


def test_a_broken_override_for_a_package_year_falls_back_to_the_package(records):
    write(records, "2020.yaml", "year: 2020\n")
    cal = WorkCalendar(records)
    assert cal.add_workdays(D(2020, 1, 23), 10).date == D(2020, 2, 14)
    assert cal.year_source(2020).kind == "package"
    assert [w.year for w in cal.warnings()] == [2020]


def test_skeleton_loads_cleanly_and_is_marked_unverified(records):
    path = write(records, "2027.yaml", override_skeleton(2027))
    override, problems = load_override(path)
    assert problems == []
    assert override.verified is False
    # fallback prefilled: 除夕 2027-02-05 through 初三 2027-02-08
    assert all(override.holidays[D(2027, 2, d)] == "春节" for d in (5, 6, 7, 8))
    assert override.workdays == {}


def test_skeleton_tells_the_clerk_what_to_check():
    text = override_skeleton(2027)
    assert "待核对" in text
    assert "国务院办公厅关于2027年部分节假日安排的通知" in text
    assert "verified: false" in text


def test_an_unverified_skeleton_keeps_deadlines_provisional(records):
    write(records, "2027.yaml", override_skeleton(2027))
    cal = WorkCalendar(records)
    due = cal.add_workdays(D(2027, 1, 29), 10)
    assert due.provisional is True
    assert "尚未核对" in due.source
    assert "verified: true" in cal.warnings()[0].message


def test_skeleton_for_a_year_beyond_the_lunar_tables_still_loads(records):
    path = write(records, "2100.yaml", override_skeleton(2100))
    override, problems = load_override(path)
    assert problems == []
    assert "无法推算" in override_skeleton(2100)


def test_an_unverified_skeleton_for_a_package_year_does_not_replace_the_package(records):
    write(records, "2020.yaml", override_skeleton(2020))
    cal = WorkCalendar(records)
    assert cal.year_source(2020).kind == "package"
    assert cal.add_workdays(D(2020, 1, 23), 10).date == D(2020, 2, 14)
    assert "verified: true" in cal.warnings()[0].message


def test_calendar_check_reports_files_that_would_never_be_read(records):
    write(records, "2027.yml", "year: 2027\n")
    write(records, "2027.yaml", override_skeleton(2027))
    problems = WorkCalendar(records).problems()
    assert [p.file.name for p in problems] == ["2027.yml"]
    assert "2027.yaml" in problems[0].message
