"""A day whose uses are watched: for which other days would a computation have said the same?

``validate`` answers for a day (today, or ``--as-of``).  Most of what it says of an inspection
closed years ago is the same on any later day: the day only meets that inspection's dates in
comparisons (a step dated after today, a feedback not yet given), and each comparison comes out
the same on a whole span of days.  ``WatchedDay`` is a ``datetime.date`` that narrows a ``Span``
at every comparison to the days on which that comparison comes out as it did; any other use
(arithmetic, printing it in a message, hashing it, reading its day) pins the span to the day
itself.  What was computed with it is then true, unchanged, for every day of the span: the round
memo (records/round_answers.py) takes a round judged yesterday for today while today is in it.

Nothing here imports anything of xuncha: every layer may use it.
"""

from __future__ import annotations

import datetime as dt

ONE_DAY = dt.timedelta(days=1)


class Span:
    """The days [first, end) on which everything asked of a watched day came out the same;
    None is unbounded."""

    def __init__(self, day: dt.date):
        self.day = day
        self.first: dt.date | None = None
        self.end: dt.date | None = None

    def split_at(self, boundary: dt.date) -> None:
        """An outcome that may differ between ``boundary - 1 day`` and ``boundary``."""
        if boundary <= self.day:
            if self.first is None or boundary > self.first:
                self.first = boundary
        elif self.end is None or boundary < self.end:
            self.end = boundary

    def pin(self) -> None:
        self.first, self.end = self.day, self.day + ONE_DAY

    def __contains__(self, day: dt.date) -> bool:
        return (self.first is None or self.first <= day) and (self.end is None or day < self.end)


def _plain(day: dt.date) -> dt.date:
    return dt.date(*_plain_fields(day))


def later_than(day: dt.date, dated: list[tuple]) -> list[tuple]:
    """The items of ``dated`` (tuples ending in a date) whose date is after ``day``, in order.  A
    watched day learns what comparing it with every date would teach it, from two comparisons:
    with the latest date not after it and the earliest after it (a rule compares a province's
    150,000 event dates with today)."""
    if not isinstance(day, WatchedDay):
        return [item for item in dated if item[-1] > day]
    plain = _plain(day)
    later = [item for item in dated if item[-1] > plain]
    if later:
        day.span.split_at(min(item[-1] for item in later))
    if len(later) < len(dated):
        day.span.split_at(max(item[-1] for item in dated if not item[-1] > plain))
    return later


class WatchedDay(dt.date):
    """``day`` as a date, reporting to ``span`` how it is used (see the module's docstring)."""

    span: Span

    def __new__(cls, day: dt.date, span: Span | None = None):
        made = super().__new__(cls, *_plain_fields(day))
        made.span = span if span is not None else Span(_plain(day))
        return made

    # -- comparisons: each splits the days where its outcome changes ----------------------------
    def _compare(self, other, boundaries, op):
        if type(other) is not dt.date:
            if isinstance(other, WatchedDay):
                return op(_plain(self), _plain(other))  # the same day on both sides: the same outcome every day
            self.span.pin()
            return op(_plain(self), other)
        for boundary in boundaries(other):
            self.span.split_at(boundary)
        return op(_plain(self), other)

    def __lt__(self, other):  # today < x changes at x
        return self._compare(other, lambda x: (x,), dt.date.__lt__)

    def __ge__(self, other):
        return self._compare(other, lambda x: (x,), dt.date.__ge__)

    def __le__(self, other):  # today <= x changes at x + 1
        return self._compare(other, lambda x: (x + ONE_DAY,), dt.date.__le__)

    def __gt__(self, other):
        return self._compare(other, lambda x: (x + ONE_DAY,), dt.date.__gt__)

    def __eq__(self, other):
        if not isinstance(other, dt.date):
            return NotImplemented
        return self._compare(other, lambda x: (x, x + ONE_DAY), dt.date.__eq__)

    def __ne__(self, other):
        if not isinstance(other, dt.date):
            return NotImplemented
        return self._compare(other, lambda x: (x, x + ONE_DAY), dt.date.__ne__)

    # -- every other use: the answer may depend on the day itself -------------------------------
    def _pinned(self) -> dt.date:
        self.span.pin()
        return _plain(self)

    def __hash__(self):
        return hash(self._pinned())

    def __add__(self, other):
        return self._pinned() + other

    __radd__ = __add__

    def __sub__(self, other):
        return self._pinned() - (_plain(other) if isinstance(other, WatchedDay) else other)

    def __rsub__(self, other):
        return other - self._pinned()

    def __str__(self):
        return str(self._pinned())

    def __repr__(self):
        return repr(self._pinned())

    def __format__(self, spec):
        return format(self._pinned(), spec)

    def __reduce__(self):
        # Kept in a result (pickled into the round memo, or copied): the result holds this very day.
        return dt.date, _plain_fields(self._pinned())

    @property
    def year(self):
        plain = _plain_fields(self)
        self.span.split_at(dt.date(plain[0], 1, 1))
        if plain[0] < dt.MAXYEAR:
            self.span.split_at(dt.date(plain[0] + 1, 1, 1))
        return plain[0]

    @property
    def month(self):
        year, month, _ = _plain_fields(self)
        self.span.split_at(dt.date(year, month, 1))
        self.span.split_at(dt.date(year + (month == 12), month % 12 + 1, 1))
        return month

    @property
    def day(self):
        self.span.pin()
        return _plain_fields(self)[2]


def _pinning(name: str):
    def use(self, *args, **kwargs):
        return getattr(self._pinned(), name)(*args, **kwargs)

    use.__name__ = name
    return use


# The date's other methods read the day itself: each pins the span, then answers as the plain day.
for _name in ("isoformat", "strftime", "ctime", "timetuple", "toordinal", "weekday", "isoweekday", "isocalendar",
              "replace"):
    setattr(WatchedDay, _name, _pinning(_name))

_YEAR, _MONTH, _DAY = dt.date.year, dt.date.month, dt.date.day


def _plain_fields(day: dt.date) -> tuple[int, int, int]:
    return _YEAR.__get__(day), _MONTH.__get__(day), _DAY.__get__(day)
