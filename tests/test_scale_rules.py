"""Rules rewritten for a province-size term give exactly what the plain pairwise check gives."""

from __future__ import annotations

import datetime as dt
import random

from xuncha.procedure.engine import Context
from xuncha.procedure.rules import authorization, subjects


class FakeTeam:
    def __init__(self, people):
        self.people = people

    def everyone(self):
        return self.people


class FakeTour:
    def __init__(self, key, start, end, people):
        self.key, self.start, self.end, self.team = key, start, end, FakeTeam(people)


def test_overlapping_pairs_match_the_pairwise_check(monkeypatch):
    rng = random.Random(8)
    base = dt.date(2020, 1, 1)
    for _ in range(200):
        tours = []
        for k in range(rng.randint(0, 60)):
            start = base + dt.timedelta(days=rng.randint(0, 120)) if rng.random() > 0.1 else None
            # Some ends are typed before their start: the rule must treat them as the pairwise check did.
            end = start + dt.timedelta(days=rng.randint(-5, 30)) if start and rng.random() > 0.1 else None
            people = rng.sample(["甲", "乙", "丙", "丁", "戊", "己"], rng.randint(0, 3))
            tours.append(FakeTour(k, start, end, people))
        monkeypatch.setattr(subjects, "all_tours", lambda records, tours=tours: tours)
        # Only pairs with someone in both teams can break 一次一授权; the rest are never asked for.
        expected = [(a, b) for i, a in enumerate(tours) for b in tours[i + 1:]
                    if subjects.overlap(a, b) and set(a.team.people) & set(b.team.people)]
        assert authorization.overlapping_pairs(Context(records=None, today=base)) == expected
