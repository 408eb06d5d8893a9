"""A watched day tells for which other days a computation would have said the same (xuncha/days.py)."""

from __future__ import annotations

import bisect
import datetime as dt
import pickle

from xuncha.days import WatchedDay, later_than

TODAY = dt.date(2024, 12, 21)


def test_a_comparison_with_a_date_keeps_the_days_on_the_same_side_of_it():
    today = WatchedDay(TODAY)
    assert today > dt.date(2024, 6, 30)           # feedback given: true from 2024-07-01 on
    assert dt.date(2025, 1, 10) > today           # a deadline still to come: true until 2025-01-09
    span = today.span
    assert (span.first, span.end) == (dt.date(2024, 7, 1), dt.date(2025, 1, 10))
    assert dt.date(2024, 7, 1) in span and dt.date(2025, 1, 9) in span
    assert dt.date(2024, 6, 30) not in span and dt.date(2025, 1, 10) not in span


def test_a_day_met_with_equality_is_kept_alone_on_its_side():
    today = WatchedDay(TODAY)
    assert today != dt.date(2024, 12, 25)
    assert today.span.end == dt.date(2024, 12, 25)
    assert today == TODAY and (today.span.first, today.span.end) == (TODAY, TODAY + dt.timedelta(days=1))


def test_a_search_among_working_days_narrows_it_too():
    today = WatchedDay(TODAY)
    workdays = [dt.date(2024, 12, 20), dt.date(2024, 12, 23)]
    assert bisect.bisect_left(workdays, today) == 1
    assert (today.span.first, today.span.end) == (dt.date(2024, 12, 21), dt.date(2024, 12, 24))


def test_printing_counting_or_hashing_the_day_ties_the_answer_to_it():
    for use in (str, repr, lambda d: f"截至 {d}", hash, lambda d: d + dt.timedelta(days=10),
                lambda d: d - dt.date(2024, 1, 1), lambda d: d.isoformat(), lambda d: d.day, lambda d: d.weekday()):
        today = WatchedDay(TODAY)
        use(today)
        assert (today.span.first, today.span.end) == (TODAY, dt.date(2024, 12, 22)), use


def test_its_year_holds_for_the_whole_year():
    today = WatchedDay(TODAY)
    assert today.year == 2024
    assert (today.span.first, today.span.end) == (dt.date(2024, 1, 1), dt.date(2025, 1, 1))


def test_it_answers_as_the_plain_day_and_is_kept_as_one():
    today = WatchedDay(TODAY)
    assert sorted([dt.date(2030, 1, 1), today, dt.date(2000, 1, 1)])[1] == TODAY
    assert today - dt.timedelta(days=1) == dt.date(2024, 12, 20)
    copy = pickle.loads(pickle.dumps(today))
    assert type(copy) is dt.date and copy == TODAY


def test_a_day_kept_in_a_result_ties_the_result_to_it():
    today = WatchedDay(TODAY)
    assert today > dt.date(2024, 1, 1)
    pickle.dumps({"as_of": today})  # an answer that stores the day would show it on any other day
    assert (today.span.first, today.span.end) == (TODAY, dt.date(2024, 12, 22))


def test_the_dates_later_than_the_day_teach_it_what_comparing_each_would():
    dated = [("approval", dt.date(2024, 3, 1)), ("tip", dt.date(2025, 2, 1)), ("handoff", dt.date(2024, 12, 21)),
             ("progress", dt.date(2025, 1, 5)), ("opened", dt.date(2024, 11, 30))]
    one_by_one = WatchedDay(TODAY)
    expected = [item for item in dated if item[-1] > one_by_one]
    at_once = WatchedDay(TODAY)
    assert later_than(at_once, dated) == expected == [("tip", dt.date(2025, 2, 1)), ("progress", dt.date(2025, 1, 5))]
    assert (at_once.span.first, at_once.span.end) == (one_by_one.span.first, one_by_one.span.end) \
        == (dt.date(2024, 12, 21), dt.date(2025, 1, 5))
    assert later_than(TODAY, dated) == expected
    nothing_later = WatchedDay(TODAY)
    assert later_than(nothing_later, dated[:1]) == [] and nothing_later.span.end is None
