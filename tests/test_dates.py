"""One reader of dates (xuncha/dates.py): a date kept in a file is written YYYY-MM-DD and any other
form is refused with the one sentence naming the form it can only mean; a date a clerk types (an
option, a sheet cell, a template's 日期 line) is read in any form that means one day, with a note."""

import pytest

from conftest import snapshot

END = "records/inspections/2020-1-jianhu/end.yaml"
NOTICE_2027 = "year: 2027\nnotice: 国务院办公厅关于2027年部分节假日安排的通知\nholidays:\n  - 2027-1-1\n"


def test_a_calendar_file_refuses_an_unpadded_date_in_the_words_a_record_file_does(cli, workspace):
    (workspace / "records/calendar/2027.yaml").write_text(NOTICE_2027, encoding="utf-8")
    calendar = cli("calendar", "check")
    (workspace / END).write_text("date: 2027-1-1\n", encoding="utf-8")
    record = cli("validate")
    sentence = "日期“2027-1-1”格式不对：台账中的日期一律写作 2027-01-01（年-月-日，月和日补足两位）"
    assert calendar.exit_code == 1 and sentence in calendar.output
    assert record.exit_code == 1 and sentence in record.output


def test_an_impossible_day_has_one_explanation_typed_or_stored(cli, workspace):
    typed = cli("check-deadlines", "--as-of", "2019-2-29")
    (workspace / "records/calendar/2019.yaml").write_text(
        "year: 2019\nnotice: 通知\nholidays:\n  - 2019-02-29\n", encoding="utf-8")
    stored = cli("calendar", "check")
    assert typed.exit_code == 2 and "2019 年 2 月没有 29 日" in typed.output
    assert "2019 年 2 月没有 29 日" in stored.output


@pytest.mark.parametrize("typed", ["2020年7月3日", "2020/7/3", "20200703", "２０２０－０７－０３"])
def test_an_option_reads_any_form_that_means_one_day_and_says_how(cli, typed):
    result = cli("check-deadlines", "--as-of", typed)
    assert f"注：--as-of {typed} 按 2020-07-03 理解（日期写作 YYYY-MM-DD）" in result.output
    assert "截至 2020-07-03" in result.output


def test_a_typed_year_out_of_range_is_refused_in_any_form(cli, workspace):
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "close", "--date", "9999-1-1", "--allow-future")
    assert result.exit_code == 2
    assert "超出合理范围：台账中的日期应在 2000 年至 2100 年之间" in result.output
    assert snapshot(workspace) == before


def test_a_template_date_line_that_names_no_day_is_a_markup_error_not_a_crash():
    from xuncha.render.markup import MarkupError, parse_date

    assert str(parse_date("2020年6月3日")) == "2020-06-03"
    with pytest.raises(MarkupError, match="日期应写作“2020年6月3日”"):
        parse_date("2020年2月30日")
