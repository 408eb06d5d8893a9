"""xuncha calendar export: every open deadline as an all-day RFC 5545 event, re-importable without duplicates.

The example as of 2020-07-03: 建湖县 feedback due 2020-07-07 (四（五）), 市交通运输局 tour ends by 2020-07-14
(二（一）); 东台市 is closed, 建湖县's report was sent late (met deadlines are not exported).
"""

import datetime as dt
import subprocess

import pytest
from icalendar import Calendar

from conftest import snapshot

JIANHU = "records/inspections/2020-1-jianhu"


def _events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def _unfold(data: bytes) -> list[str]:
    """An independent reader, RFC 5545 3.1: every line ends in CRLF, a line starting with a space or tab
    continues the previous one, and no line is longer than 75 octets."""
    assert data.endswith(b"\r\n")
    raw = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in raw)
    assert all(len(line) <= 75 for line in raw)
    lines: list[bytes] = []
    for line in raw:
        if line[:1] in (b" ", b"\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return [line.decode("utf-8") for line in lines]


def _components(lines: list[str]) -> list[dict[str, str]]:
    """Each VCALENDAR/VEVENT/VALARM as {name(;params): value}, from the unfolded lines."""
    stack, out = [], []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append({"BEGIN": value})
        elif name == "END":
            component = stack.pop()
            assert component["BEGIN"] == value
            out.append(component)
        else:
            stack[-1][name] = value
    assert not stack
    return out


def test_open_deadlines_become_all_day_events(cli):
    result = cli("calendar", "export", "--as-of", "2020-07-03")
    assert result.exit_code == 0, result.output
    events = _events(result.stdout_bytes)
    assert sorted(events) == ["2020-1-jianhu.feedback@xuncha", "2020-1-jtj.end@xuncha"]
    feedback = events["2020-1-jianhu.feedback@xuncha"]
    assert feedback.decoded("dtstart") == dt.date(2020, 7, 7)
    assert feedback.decoded("dtend") == dt.date(2020, 7, 8)
    assert str(feedback["summary"]) == "【巡查时限】建湖县 巡查反馈（四（五））"
    description = str(feedback["description"])
    assert "巡查编号：2020-1-jianhu" in description
    assert "事项：巡查反馈（feedback）" in description
    assert "时限：2020-07-07，巡查工作报告经市委、市政府批准后10个工作日内（四（五）），自 2020-06-22 起算" in description
    assert "日历依据：chinese-calendar" in description
    assert "暂定" not in description
    assert feedback.decoded("dtstamp") == dt.datetime(2020, 7, 3, tzinfo=dt.timezone.utc)
    triggers = [alarm.decoded("trigger") for alarm in feedback.walk("VALARM")]
    assert triggers == [-dt.timedelta(days=2, hours=15), -dt.timedelta(hours=15)]
    assert all(str(alarm["action"]) == "DISPLAY" for alarm in feedback.walk("VALARM"))
    assert str(events["2020-1-jtj.end@xuncha"]["summary"]) == "【巡查时限】市交通运输局 巡查（二（一））"


def test_the_file_reads_back_per_rfc_5545_without_icalendar(cli):
    data = cli("calendar", "export", "--as-of", "2020-07-03").stdout_bytes
    components = _components(_unfold(data))
    calendar = components[-1]
    assert calendar["BEGIN"] == "VCALENDAR"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = [c for c in components if c["BEGIN"] == "VEVENT"]
    assert len(events) == 2
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "SEQUENCE"} <= set(event)
        assert event["DTSTAMP"] == "20200703T000000Z"
    feedback = next(e for e in events if e["UID"] == "2020-1-jianhu.feedback@xuncha")
    assert feedback["DTSTART;VALUE=DATE"] == "20200707"
    assert feedback["DTEND;VALUE=DATE"] == "20200708"
    # TEXT escaping (3.3.11): a line break in the description is the two characters \n.
    assert "\\n巡查对象：建湖县\\n" in feedback["DESCRIPTION"]
    alarms = [c for c in components if c["BEGIN"] == "VALARM"]
    assert len(alarms) == 4 and all(a["ACTION"] == "DISPLAY" and a["DESCRIPTION"] for a in alarms)


def test_a_moved_due_date_keeps_its_uid_and_supersedes(cli, workspace, tmp_path):
    first = tmp_path / "first.ics"
    assert cli("calendar", "export", "--out", str(first), "--as-of", "2020-07-03").exit_code == 0
    # The approval re-dated: 2020-06-29 + 10 working days = 2020-07-13.
    (workspace / f"{JIANHU}/approval.yaml").write_text("date: 2020-06-29\n", encoding="utf-8")
    second = tmp_path / "second.ics"
    result = cli("calendar", "export", "--out", str(second), "--as-of", "2020-07-04")
    assert result.exit_code == 0, result.output
    assert "已导出 2 项时限到" in result.output
    before, after = _events(first.read_bytes()), _events(second.read_bytes())
    assert sorted(before) == sorted(after)
    uid = "2020-1-jianhu.feedback@xuncha"
    assert before[uid].decoded("dtstart") == dt.date(2020, 7, 7)
    assert after[uid].decoded("dtstart") == dt.date(2020, 7, 13)
    assert after[uid].decoded("sequence") > before[uid].decoded("sequence")


def test_done_steps_and_closed_inspections_are_not_exported(cli, workspace):
    (workspace / f"{JIANHU}/feedback.yaml").write_text("date: 2020-07-06\nby: chen-hong\n", encoding="utf-8")
    events = _events(cli("calendar", "export", "--as-of", "2020-07-06").stdout_bytes)
    # Feedback done: its deadline leaves; the two it starts (四（七）) arrive. 东台市 (closed) never appears.
    assert sorted(events) == ["2020-1-jianhu.rectification-plan@xuncha", "2020-1-jianhu.rectification-report@xuncha",
                              "2020-1-jtj.end@xuncha"]
    assert events["2020-1-jianhu.rectification-plan@xuncha"].decoded("dtstart") == dt.date(2020, 8, 17)
    assert events["2020-1-jianhu.rectification-report@xuncha"].decoded("dtstart") == dt.date(2021, 1, 6)


def test_overdue_deadlines_stay_in_the_calendar(cli):
    events = _events(cli("calendar", "export", "--as-of", "2020-07-09").stdout_bytes)
    assert "状态：已逾期" in str(events["2020-1-jianhu.feedback@xuncha"]["description"])


def test_inspection_option_limits_the_feed(cli):
    events = _events(cli("calendar", "export", "--inspection", "2020-1-jtj", "--as-of", "2020-07-03").stdout_bytes)
    assert list(events) == ["2020-1-jtj.end@xuncha"]


def test_a_provisional_deadline_says_so_and_names_the_file_to_add(cli, workspace):
    # Feedback 2026-12-15: 30 working days run into 2027, which no official calendar covers yet.
    (workspace / f"{JIANHU}/feedback.yaml").write_text("date: 2026-12-15\nby: chen-hong\n", encoding="utf-8")
    result = cli("calendar", "export", "--inspection", "2020-1-jianhu", "--as-of", "2026-12-16")
    assert result.exit_code == 0
    plan = _events(result.stdout_bytes)["2020-1-jianhu.rectification-plan@xuncha"]
    assert str(plan["summary"]) == "【巡查时限】建湖县 整改方案（四（七））（暂定）"
    description = str(plan["description"])
    assert "时限：2027-01-27（暂定）" in description
    assert "（暂定）2027年未见国务院节假日安排通知，按法定节假日推算：请添加 records/calendar/2027.yaml" in description
    assert "2027年未见国务院节假日安排通知" in result.stderr


def test_unknown_inspection_is_refused(cli, workspace):
    before = snapshot(workspace)
    result = cli("calendar", "export", "--inspection", "2020-1-nowhere", "--out", "x.ics")
    assert result.exit_code == 2
    assert "没有巡查 2020-1-nowhere" in result.stderr and "2020-1-jianhu" in result.stderr
    assert snapshot(workspace) == before


@pytest.mark.parametrize("args, says", [
    (("--as-of", "2020-7-32"), "--as-of"),
    (("--out", "records"), "是一个目录"),
])
def test_bad_options_are_refused(cli, workspace, args, says):
    before = snapshot(workspace)
    result = cli("calendar", "export", *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert snapshot(workspace) == before


def test_out_file_is_replaced_whole(cli, workspace):
    target = workspace / "巡查时限.ics"
    target.write_bytes(b"old")
    assert cli("calendar", "export", "--out", "巡查时限.ics", "--as-of", "2020-07-03").exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert not [p for p in workspace.iterdir() if p.name.endswith(".tmp")]
    status = subprocess.run(["git", "status", "--porcelain", "records"], cwd=workspace, capture_output=True, text=True)
    assert status.stdout == ""
