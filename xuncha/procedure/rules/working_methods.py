"""四（三）工作方式

> 巡查期间，巡查组可结合巡查的主要内容和被巡查地区或单位实际，采取听取汇报、列席会议、调阅资料、座谈访谈、受理举报和明查暗访、随机抽查等方式开展工作。

工作方式只能在巡查期间采用：activities.yaml 中每条工作记录的日期须在进驻之日至巡查结束之日之间。
"""

from __future__ import annotations

from typing import Iterator

from ..engine import Context, Finding, rule


@rule("activity-on-site", "四（三）", "工作方式记录须在进驻之日至巡查结束之日之间", per_inspection=True)
def activity_on_site(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        if folder.activities is None:
            continue
        entry = folder.entry.date if folder.entry else None
        end = folder.end.date if folder.end else None
        for activity in folder.activities.activities:
            if activity.date is None:
                continue
            if entry is not None and activity.date < entry:
                yield Finding(activity, f"工作记录日期 {activity.date} 早于进驻日期 {entry}：工作方式只能在巡查期间采用",
                              field_name="date")
            elif end is not None and activity.date > end:
                yield Finding(activity, f"工作记录日期 {activity.date} 晚于巡查结束日期 {end}：工作方式只能在巡查期间采用",
                              field_name="date")
