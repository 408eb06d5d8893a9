"""四（二）巡查进驻：受理来访来信来电

> 巡查组进驻被巡查地区或单位后，召开动员会……同时，在当地主要新闻媒体公布巡查组驻地和联系方式，受理群众安全生产方面的来访来信来电。

受理的来访来信来电记入 tips.yaml；举报查实的问题记入 problems.yaml。两边互相引用的编号
（问题的来源举报、举报查实的问题）须在本次巡查中存在。
"""

from __future__ import annotations

from typing import Iterator

from ..engine import Context, Finding, rule
from .common import folders


@rule("tip-problem-link", "四（二）", "问题来源的举报、举报查实的问题须在本次巡查中存在", per_inspection=True)
def tip_problem_link(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        tips = {t.id for t in folder.tip_list()}
        problems = {p.id for p in folder.problem_list()}
        for problem in folder.problem_list():
            if problem.source and problem.source.tip and problem.source.tip not in tips:
                yield Finding(problem.source, f"问题 {problem.id} 的来源举报 {problem.source.tip} 不在 {folder.id}/tips.yaml 中",
                              field_name="tip")
        for tip in folder.tip_list():
            if tip.problem and tip.problem not in problems:
                yield Finding(tip, f"举报 {tip.id} 查实的问题 {tip.problem} 不在 {folder.id}/problems.yaml 中",
                              field_name="problem")
