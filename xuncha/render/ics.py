"""The open deadlines as an RFC 5545 calendar (.ics), for the clerks' own calendar apps.

Each open deadline (pending, due soon or overdue; never met or late ones, never a closed
inspection's) is one all-day VEVENT on its due date.  Re-importing must update, not
duplicate, so:

- UID is the inspection id and the step, e.g. ``2020-1-jianhu.feedback@xuncha``: a due date
  that moves (a step re-dated, a holiday notice added) keeps its event;
- SEQUENCE grows with the time of the export (whole minutes since 1970, UTC), so a later
  export always supersedes an earlier one in clients that compare it (Outlook, Apple Calendar);
- DTSTAMP is the export time: the --as-of day at 00:00 UTC when given, so the file is
  reproducible for a given day.

All-day events carry plain dates, no time zone: a due date is a day in Yancheng, not an instant.
"""

from __future__ import annotations

import datetime as dt

from ..calendar import WorkCalendar
from ..model.tree import Records
from ..procedure.deadlines import DEADLINE_OF_STEP, DEADLINE_STATUS_NAMES, Deadline, all_deadlines, is_closed

PRODID = "-//盐城市安全生产巡查工作领导小组办公室//xuncha//ZH"
CALENDAR_NAME = "盐城市安全生产巡查时限"
SEED = "《盐城市安全生产巡查方案（试行）》（盐办发〔2019〕34号）"
OPEN_STATUSES = ("overdue", "due-soon", "pending")

# Reminders at 09:00 local time: an all-day event starts at 00:00, so -PT15H is 09:00 the day before
# and -P2DT15H 09:00 three days before (the default due-soon window of check-deadlines is 3 working days).
ALARMS = (("-P2DT15H", "三天后到期"), ("-PT15H", "明天到期"))


def uid(deadline: Deadline) -> str:
    return f"{deadline.inspection}.{deadline.step}@xuncha"


def open_deadlines(records: Records, calendar: WorkCalendar, as_of: dt.date,
                   inspection: str | None = None) -> list[Deadline]:
    """Deadlines still to be met, of inspections not closed (销号)."""
    out = []
    for deadline in all_deadlines(records, calendar, as_of, open_only=True):
        if inspection is not None and deadline.inspection != inspection:
            continue
        if deadline.status in OPEN_STATUSES:
            out.append(deadline)
    return out


def provisional_note(records: Records, calendar: WorkCalendar, deadline: Deadline) -> str:
    """What makes the date provisional, and the calendar file that would settle it."""
    notes = []
    for year in range(deadline.start.year, deadline.due.date.year + 1):
        source = calendar.year_source(year)
        if not source.provisional:
            continue
        path = records.display(records.calendar_dir / f"{year}.yaml")
        if source.kind == "override":
            notes.append(f"{year}年日历文件 {path} 尚未核对：请对照国务院办公厅通知核对后将 verified 改为 true")
        else:
            notes.append(f"{year}年未见国务院节假日安排通知，按法定节假日推算：请添加 {path}"
                         f"（xuncha calendar add {year}）")
    return "；".join(notes)


def summary(deadline: Deadline) -> str:
    text = f"【巡查时限】{deadline.target} {DEADLINE_OF_STEP[deadline.step].title}（{deadline.clause}）"
    return text + ("（暂定）" if deadline.provisional else "")


def description(records: Records, calendar: WorkCalendar, deadline: Deadline) -> str:
    spec = DEADLINE_OF_STEP[deadline.step]
    lines = [
        f"巡查编号：{deadline.inspection}",
        f"巡查对象：{deadline.target}",
        f"事项：{spec.title}（{deadline.step}）",
        f"时限：{deadline.due_text()}，{deadline.rule}（{deadline.clause}），自 {deadline.start.isoformat()} 起算",
        f"状态：{DEADLINE_STATUS_NAMES[deadline.status]}",
        f"日历依据：{deadline.due.source}",
    ]
    if deadline.provisional:
        lines.append(f"（暂定）{provisional_note(records, calendar, deadline)}")
    lines.append(f"依据：{SEED}")
    return "\n".join(lines)


def build(records: Records, calendar: WorkCalendar, deadlines: list[Deadline], stamp: dt.datetime) -> bytes:
    """The .ics file: CRLF lines folded at 75 octets, as RFC 5545 requires (icalendar does both)."""
    from icalendar import Alarm, Calendar, Event

    stamp = stamp.astimezone(dt.timezone.utc).replace(microsecond=0)
    sequence = int(stamp.timestamp()) // 60
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("x-wr-caldesc", f"依据{SEED}由台账计算的各项时限，由 xuncha calendar export 生成")
    for deadline in deadlines:
        event = Event()
        event.add("uid", uid(deadline))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", deadline.due.date)
        event.add("dtend", deadline.due.date + dt.timedelta(days=1))
        event.add("summary", summary(deadline))
        event.add("description", description(records, calendar, deadline))
        event.add("categories", ["巡查时限"])
        event.add("transp", "TRANSPARENT")  # a due date is not a meeting: it must not block the day
        for trigger, when in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{summary(deadline)}：{when}（{deadline.due.date.isoformat()}）")
            alarm.add("trigger", _duration(trigger))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def _duration(text: str) -> dt.timedelta:
    """'-P2DT15H' → timedelta; kept as text above so the comment and the value read alike."""
    from icalendar import vDuration

    return vDuration.from_ical(text)
