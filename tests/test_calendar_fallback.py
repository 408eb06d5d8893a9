"""Statutory holidays of 《全国年节及纪念日放假办法》 (2025 revision), computed for years the
State Council has not announced yet."""

import datetime as dt

import chinese_calendar
import pytest

from xuncha.calendar import fallback_holidays, package_years, qingming

D = dt.date


def test_spring_festival_2027_starts_on_new_years_eve_5_february():
    days = [d for d, name in fallback_holidays(2027).statutory.items() if name == "春节"]
    assert sorted(days) == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]


def test_spring_festival_2025_is_28_to_31_january():
    days = [d for d, name in fallback_holidays(2025).statutory.items() if name == "春节"]
    assert sorted(days) == [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)]


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_of_the_2025_rule_is_a_holiday_in_the_package(year):
    statutory = fallback_holidays(year).statutory
    assert len(statutory) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    not_off = [d for d in statutory if chinese_calendar.is_workday(d)]
    assert not_off == []


def test_qingming_matches_the_package_solar_terms_for_two_centuries():
    terms = dict((d.year, d) for d, name in chinese_calendar.get_solar_terms(D(1901, 4, 1), D(2099, 4, 30))
                 if name == "清明")
    assert {year: qingming(year) for year in terms} == terms


def test_qingming_is_a_rest_day_in_every_package_year_since_it_became_a_holiday():
    years = [y for y in package_years() if y >= 2008]
    assert years
    assert [y for y in years if chinese_calendar.is_workday(qingming(y))] == []


def test_national_day_2027_on_friday_to_sunday_gets_two_days_in_lieu():
    fb = fallback_holidays(2027)
    assert {d for d, name in fb.statutory.items() if name == "国庆节"} == {D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)}
    assert sorted(d for d, name in fb.in_lieu.items() if name.startswith("国庆节")) == [D(2027, 10, 4), D(2027, 10, 5)]


def test_beyond_the_lunar_tables_only_solar_holidays_remain():
    fb = fallback_holidays(2100)
    assert set(fb.uncomputed) == {"春节", "清明节", "端午节", "中秋节"}
    assert D(2100, 1, 1) in fb.statutory and D(2100, 10, 1) in fb.statutory


def test_package_range_is_probed_not_assumed():
    years = package_years()
    assert {2004, 2020, 2026} <= years
    assert 2100 not in years


def test_year_tables_agree_with_chinese_calendar_is_workday_on_every_package_day():
    from xuncha.calendar import WorkCalendar

    cal = WorkCalendar()
    for year in sorted(package_years()):
        day = D(year, 1, 1)
        while day.year == year:
            assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
            day += dt.timedelta(days=1)
