"""The register of document numbers (发文字号): every number the records give a document.

A number is 机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.4).  Within one issuing organ's 代字 and
one year each number belongs to one document, and numbers are given out in the order the
documents are issued.  ``issued_numbers`` reads the register off the records (nothing is
stored besides them); ``next_document_number`` gives the next free number for a document
about to be issued, and ``number_holder`` tells who already holds a number.

One document may carry its number in several places: a hand-off letter covering P1 and P3
is written on both problems, and a 责任追究建议 is written as an escalation and as the
hand-off to 纪检监察机关 it makes.  Such places are one document (one ``key``), not a
duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass

from ..model.base import Record
from ..model.diagnostics import Position
from ..model.problems import ESCALATION_NAMES, HANDOFF_NAMES
from ..model.tree import InspectionFolder, Records

_NUMBER = re.compile(r"^(?P<prefix>[^\s〔〕]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")

# Which organ issues a kind of document, and the config field that holds its 代字.
ORGAN_FIELDS = {"office": "office_abbreviation", "authorization": "authorization_abbreviation",
                "safety-committee": "safety_committee_abbreviation"}


@dataclass(frozen=True, slots=True)
class Issued:
    """One place in the records that gives a document its number."""

    number: str
    prefix: str
    year: int
    seq: int
    date: dt.date | None
    key: tuple            # the document: places with one key are one document
    what: str             # the document in the clerk's words: 2020-1-dongtai 巡查结果通报
    record: Record | Placed  # where the number is written: its record, or for a problem's, the place
    field: str

    def __reduce__(self):
        # A province's register (~55,000 places) travels between the processes of a load in parts
        # and into the round memo: the frozen dataclass's own pickling looked its fields up per object.
        return Issued, (self.number, self.prefix, self.year, self.seq, self.date, self.key, self.what, self.record,
                        self.field)


def parse_number(text: str | None) -> tuple[str, int, int] | None:
    """(代字, year, sequence) of a well-formed number; None for anything else (批示, 会议纪要…)."""
    found = _NUMBER.match((text or "").strip())
    # The 代字 interned: a province's register repeats a handful of them 50,000 times.
    return (sys.intern(found["prefix"]), int(found["year"]), int(found["seq"])) if found else None


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"


def issuing_prefix(records: Records, organ: str = "office") -> str:
    """The 代字 of ``organ`` (office, authorization, safety-committee) from config.yaml."""
    default = {"office": "盐巡办", "authorization": "盐巡授", "safety-committee": "盐安委"}[organ]
    if records.config is None:
        return default
    return getattr(records.config, ORGAN_FIELDS[organ], None) or default


_STEP_NUMBERS = (("authorization", "number", "授权书"), ("notice", "number", "巡查通知"), ("report", "number", "巡查工作报告"),
                 ("approval", "reference", "市委、市政府批准"), ("feedback", "number", "巡查反馈意见"),
                 ("result_notice", "number", "巡查结果通报"), ("rectification_plan", "reference", "整改方案"),
                 ("rectification_report", "reference", "整改落实情况报告"))


def _plan_places(records: Records):
    """(number, date, key, what, record, field) for every plan's number."""
    for year, plan in sorted(records.plans.items()):
        city = plan.approval("city")
        yield plan.number, city.date if city else None, ("plan", year), f"{year}年度安全生产巡查工作方案", plan, "number"


def _folder_places(ident: str, folder: InspectionFolder):
    """(number, date, key, what, record, field) for every place one inspection folder's step files
    write a number: its light files, which a load in parts keeps for the whole tree."""
    for attribute, name, title in _STEP_NUMBERS:
        record = getattr(folder, attribute)
        if record is not None:
            yield getattr(record, name), record.date, (ident, attribute), f"{ident} {title}", record, name
    if folder.report is not None:
        for i, special in enumerate(folder.report.special_reports, start=1):
            yield (special.number, folder.report.date, (ident, "special-report", i), f"{ident} 专题报告（{i}）",
                   special, "number")
    if folder.feedback is not None:
        yield (folder.feedback.notice_number, folder.feedback.date, (ident, "rectification-notice"),
               f"{ident} 整改通知书", folder.feedback, "notice_number")


def _problem_places(ident: str, folder: InspectionFolder):
    """(number, date, key, what, record, field) for every place a folder's problems write a number:
    hand-off letters and urging letters."""
    for problem in folder.problem_list():
        for handoff in problem.handoffs:
            title = "挂牌督办通知书" if handoff.to == "listed-supervision" else \
                f"移交{HANDOFF_NAMES.get(handoff.to, handoff.to)}函"
            yield (handoff.reference, handoff.date, (ident, "handoff", handoff.to, handoff.date),
                   f"{ident} {title}（{problem.id}）", handoff, "reference")
        for escalation in problem.escalations:
            if escalation.kind == "accountability-proposal":
                # Written again on the hand-off to 纪检监察机关 it makes: that place counts for both.
                if any(h.to == "discipline" and h.date == escalation.date and h.reference == escalation.reference
                       for h in problem.handoffs):
                    continue
                key = (ident, "handoff", "discipline", escalation.date)
            else:
                key = (ident, "escalation", escalation.kind, escalation.date)
            kind = ESCALATION_NAMES.get(escalation.kind, escalation.kind)
            yield (escalation.reference, escalation.date, key, f"{ident} 督促整改（{kind}，{problem.id}）",
                   escalation, "reference")


@dataclass(frozen=True)
class Placed(Position):
    """Where a number is written, kept instead of the record that holds it: what a folder's problems
    give the register travels between the processes of a load in parts and outlives the records it
    was read from (a province's 50,000 hand-offs, each holding its file's table of positions)."""

    def pos(self, name: str | None = None) -> Position:
        return self


def _issued(places, placed: bool = False) -> list[Issued]:
    out = []
    for number, date, key, what, record, name in places:
        parsed = parse_number(number)
        if parsed is not None:
            if placed:
                at = record.pos(name)
                where = Placed(at.file, at.line, at.column)
            else:
                where = record
            out.append(Issued(number.strip(), *parsed, date, key, what, where, name))
    return out


def problem_numbers(ident: str, folder: InspectionFolder) -> list[Issued]:
    """The well-formed document numbers one inspection folder's problems give, in their order, each
    with the place it is written (``Placed``) rather than its record."""
    return _issued(_problem_places(ident, folder), placed=True)


def issued_numbers(records: Records, per_folder: list[list[Issued]] | None = None) -> list[Issued]:
    """Every well-formed document number in the records, in the order of the tree: the plans', then
    each folder's, its steps' and then its problems' (``per_folder``: those of the problems, in id
    order, when already worked out where the problems were read)."""
    folders = sorted(records.inspections.items())
    if per_folder is None:
        per_folder = [problem_numbers(ident, folder) for ident, folder in folders]
    out = _issued(_plan_places(records))
    for (ident, folder), numbers in zip(folders, per_folder):
        out.extend(_issued(_folder_places(ident, folder)))
        out.extend(numbers)
    return out


def number_holder(records: Records, number: str, key: tuple | None = None) -> Issued | None:
    """The document other than ``key`` that already carries ``number`` (same 代字, year and sequence)."""
    parsed = parse_number(number)
    if parsed is None:
        return None
    for issued in issued_numbers(records):
        if (issued.prefix, issued.year, issued.seq) == parsed and issued.key != key:
            return issued
    return None


def next_document_number(records: Records, prefix: str, year: int) -> str:
    """The next free number of ``prefix`` in ``year``: one after the highest the records hold."""
    used = [i.seq for i in issued_numbers(records) if i.prefix == prefix and i.year == year]
    return format_number(prefix, year, max(used, default=0) + 1)


def document_key(inspection_id: str, attribute: str) -> tuple:
    """The register's key of a step's document (authorization, notice, report, feedback, result_notice)."""
    return (inspection_id, attribute)


def handoff_key(inspection_id: str, to: str, date: dt.date) -> tuple:
    return (inspection_id, "handoff", to, date)


def escalation_key(inspection_id: str, kind: str, date: dt.date) -> tuple:
    if kind == "accountability-proposal":
        return handoff_key(inspection_id, "discipline", date)
    return (inspection_id, "escalation", kind, date)


def duplicates(records: Records, issued_list: list[Issued] | None = None) -> list[tuple[Issued, Issued]]:
    """(place, first holder) for each place whose number an earlier document already holds."""
    first: dict[tuple, Issued] = {}
    found = []
    every = issued_list if issued_list is not None else issued_numbers(records)
    # The earliest document keeps the number; undated places last, then in the order of the tree.
    order = sorted(range(len(every)), key=lambda i: (every[i].date or dt.date.max, i))
    for issued in (every[i] for i in order):
        slot = (issued.prefix, issued.year, issued.seq)
        holder = first.setdefault(slot, issued)
        if holder.key != issued.key:
            found.append((issued, holder))
    return found


def out_of_order(records: Records, issued_list: list[Issued] | None = None) -> list[tuple[Issued, Issued]]:
    """(document, earlier-numbered document dated after it), within one 代字 and year."""
    by_organ: dict[tuple, dict[tuple, Issued]] = {}
    for issued in issued_list if issued_list is not None else issued_numbers(records):
        if issued.date is not None:
            by_organ.setdefault((issued.prefix, issued.year), {}).setdefault(issued.key, issued)
    found = []
    for documents in by_organ.values():
        latest: Issued | None = None
        for issued in sorted(documents.values(), key=lambda i: (i.seq, i.date)):
            if latest is not None and issued.seq > latest.seq and issued.date < latest.date:
                found.append((issued, latest))
            if latest is None or issued.date > latest.date:
                latest = issued
    return found
