"""五（二）组长负责制，一次一授权

> 巡查组要严格遵守国家有关法律法规和廉政规定，严守巡查工作纪律，正确履行巡查职责，不干预、不影响被巡查地区或单位的正常工作，不直接开展安全生产行政执法和违法违规违纪问题的处置工作。巡查组实行组长负责制，一次一授权。

每次巡查须有本次的授权书，先授权，后进驻；一份授权书只用于一次巡查。同一人不得同时担任两个
日期重叠的巡查的组长，也不得同时在两个巡查组驻点（计划巡查按计划日期，已进驻的按实际日期）。
后两条在开启一轮巡查（xuncha new-round）和登记人员变动时也运行。
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ...model.tree import InspectionFolder
from ..engine import NEW_ROUND, Context, Finding, rule
from ..tours import Tour, describe
from .subjects import every_tour, overlap, person, role, subject_tours


@rule("entry-after-authorization", "五（二）", "巡查组实行一次一授权：先授权，后进驻")
def entry_after_authorization(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        entry, authorization = folder.entry, folder.authorization
        if entry is None or entry.date is None or authorization is None or authorization.date is None:
            continue
        if entry.date < authorization.date:
            yield Finding(entry, f"进驻日期 {entry.date} 早于授权日期 {authorization.date}：巡查组须在本次授权之后进驻",
                          field_name="date")


@rule("authorization-once", "五（二）", "一次一授权：一份授权书只用于一次巡查")
def authorization_once(context: Context) -> Iterator[Finding]:
    users: dict[str, list[InspectionFolder]] = defaultdict(list)
    for folder in context.records.inspections.values():
        if folder.authorization is not None and folder.authorization.number:
            users[folder.authorization.number.strip()].append(folder)
    for number, holders in users.items():
        if len(holders) < 2:
            continue
        for folder in holders:
            others = "、".join(f.id for f in holders if f is not folder)
            yield Finding(folder.authorization, f"授权书 {number} 同时用于巡查 {others}：巡查组一次一授权，每次巡查须单独授权",
                          field_name="number")


def overlapping_pairs(context: Context) -> list[tuple[Tour, Tour]]:
    """(subject, other) pairs on site at the same time with someone in both teams.

    Each unordered pair comes once when judging everything.  Both rules below ask for the same
    pairs in one run, so they are found once per Context."""
    return context.shared(_overlapping_pairs)


def _overlapping_pairs(context: Context) -> list[tuple[Tour, Tour]]:
    return list(_find_overlapping_pairs(context))


def _find_overlapping_pairs(context: Context) -> Iterator[tuple[Tour, Tour]]:
    everything = every_tour(context)
    if context.round is not None:
        for subject in subject_tours(context):
            for other in everything:
                if other.key != subject.key and overlap(subject, other):
                    yield subject, other
        return
    # Per person, a sweep by start date over that person's own tours: a province's term has
    # thousands of tours, dozens on site at once, but one person serves on a handful.  Pairs
    # with nobody in common can break neither rule.  Same pairs, same (earlier, later) roles.
    dated = [i for i, t in enumerate(everything) if None not in (t.start, t.end)]
    serving: dict[str, list[int]] = {}
    for i in dated:
        for person_id in set(everything[i].team.everyone()):
            serving.setdefault(person_id, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for tours in serving.values():
        if len(tours) > 1:
            pairs |= _overlapping_among(everything, tours)
    for i, j in sorted(pairs):
        yield everything[i], everything[j]


def _overlapping_among(everything: list[Tour], indices: list[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    spans = sorted((everything[i].start, i) for i in indices if everything[i].start <= everything[i].end)
    on_site: list[int] = []
    for start, i in spans:
        on_site = [j for j in on_site if everything[j].end >= start]
        pairs.update((min(i, j), max(i, j)) for j in on_site)
        on_site.append(i)
    # An end typed before its start is another rule's finding; judge it pairwise as before.
    for i in (i for i in indices if everything[i].start > everything[i].end):
        pairs.update((min(i, j), max(i, j)) for j in indices if j != i and overlap(everything[i], everything[j]))
    return pairs


@rule("team-leader-overlap", "五（二）", "一次一授权：同一人不得同时担任两个日期重叠的巡查的组长", scope=[NEW_ROUND])
def team_leader_overlap(context: Context) -> Iterator[Finding]:
    records = context.records
    for subject, other in overlapping_pairs(context):
        if subject.team.leader and subject.team.leader == other.team.leader:
            someone = person(records, subject.team.leader)
            name = someone.name if someone else subject.team.leader
            yield Finding(subject.team,
                          f"{name}同时担任{describe(records, subject)}（{subject.start}至{subject.end}）和"
                          f"{describe(records, other)}（{other.start}至{other.end}）的组长，两次巡查日期重叠；"
                          f"巡查组实行组长负责制，一次一授权", field_name="leader")


@rule("team-member-overlap", "五（二）", "一次一授权：同一人不得同时在两个巡查组驻点", scope=[NEW_ROUND])
def team_member_overlap(context: Context) -> Iterator[Finding]:
    records = context.records
    teams: dict[int, list[str]] = {}

    def everyone(tour: Tour) -> list[str]:
        people = teams.get(id(tour))
        if people is None:
            people = teams[id(tour)] = tour.team.everyone()
        return people

    for subject, other in overlapping_pairs(context):
        others = everyone(other)
        shared = [p for p in everyone(subject) if p in others]
        # A leader of both is already told by team-leader-overlap.
        shared = [p for p in shared if not (p == subject.team.leader == other.team.leader)]
        for person_id in shared:
            someone = person(records, person_id)
            name = someone.name if someone else person_id
            yield Finding(subject.team,
                          f"{name}同时在{describe(records, subject)}（{subject.start}至{subject.end}）和"
                          f"{describe(records, other)}（{other.start}至{other.end}）的巡查组中，两组驻点日期重叠",
                          field_name=role(subject.team, person_id))
