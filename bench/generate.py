"""A synthetic province: one records tree the size of thirteen cities' five-year term.

Shapes follow the bundled example (records/): config with the catalogue of targets, a
roster, a plan per year with its rounds and teams, and an inspection folder per planned
inspection with every step file it has reached.  Text is drawn from the vocabulary of
the seed and the example so files have realistic length and character mix.  Output is
deterministic for a given size, and valid per ``xuncha validate``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

CITIES = [
    ("nanjing", "南京"), ("wuxi", "无锡"), ("xuzhou", "徐州"), ("changzhou", "常州"), ("suzhou", "苏州"),
    ("nantong", "南通"), ("lianyungang", "连云港"), ("huaian", "淮安"), ("yancheng", "盐城"),
    ("yangzhou", "扬州"), ("zhenjiang", "镇江"), ("taizhou", "泰州"), ("suqian", "宿迁"),
]
PLACE_SYLLABLES = [("dong", "东"), ("xi", "西"), ("nan", "南"), ("bei", "北"), ("jian", "建"), ("hu", "湖"),
                   ("she", "射"), ("yang", "阳"), ("fu", "阜"), ("ning", "宁"), ("bin", "滨"), ("hai", "海"),
                   ("xiang", "响"), ("shui", "水"), ("da", "大"), ("feng", "丰"), ("ting", "亭"), ("du", "都"),
                   ("an", "安"), ("ping", "平"), ("he", "河"), ("qing", "清"), ("tai", "台"), ("gao", "高")]
COUNTY_SUFFIXES = ["县", "县", "县", "市", "区", "区"]
DEPARTMENTS = [
    ("yjj", "应急管理局"), ("gaj", "公安局"), ("zjj", "住房和城乡建设局"), ("jtj", "交通运输局"),
    ("gxj", "工业和信息化局"), ("sthjj", "生态环境局"), ("scjgj", "市场监督管理局"), ("zrzyj", "自然资源和规划局"),
    ("nyncj", "农业农村局"), ("slj", "水利局"), ("swj", "商务局"), ("jyj", "教育局"), ("wgl", "文化广电和旅游局"),
    ("wjw", "卫生健康委员会"), ("cgj", "城市管理局"), ("xfzd", "消防救援支队"), ("rfb", "人民防空办公室"),
]
SURNAMES = [("wang", "王"), ("li", "李"), ("zhang", "张"), ("liu", "刘"), ("chen", "陈"), ("yang", "杨"),
            ("zhao", "赵"), ("huang", "黄"), ("zhou", "周"), ("wu", "吴"), ("xu", "徐"), ("sun", "孙"),
            ("zhu", "朱"), ("ma", "马"), ("hu", "胡"), ("guo", "郭"), ("lin", "林"), ("he", "何"),
            ("gao", "高"), ("gu", "顾"), ("qian", "钱"), ("shen", "沈"), ("cao", "曹"), ("jiang", "蒋")]
GIVEN = [("jian", "建"), ("guo", "国"), ("hong", "宏"), ("ming", "明"), ("qiang", "强"), ("li", "丽"),
         ("wei", "伟"), ("fang", "芳"), ("jun", "军"), ("lei", "磊"), ("tao", "涛"), ("jing", "静"),
         ("bin", "斌"), ("yan", "燕"), ("hua", "华"), ("ping", "平"), ("gang", "刚"), ("xin", "新"),
         ("hai", "海"), ("yun", "云"), ("feng", "峰"), ("min", "敏"), ("dong", "东"), ("rong", "荣")]
METHODS = ["briefing", "sitting-in", "document-review", "interview", "tip-intake", "open-and-covert-visit",
           "spot-check"]
ACTIVITY_TEXT = {
    "briefing": "听取{t}党委、政府安全生产工作情况汇报",
    "sitting-in": "列席{t}安全生产委员会全体会议",
    "document-review": "调阅{y}年以来{t}研究安全生产工作的会议纪要、考核资料和执法台账",
    "interview": "与{t}应急管理、住建、交通运输等部门主要负责同志个别谈话",
    "tip-intake": "在驻地受理来信来访，登记群众反映的安全生产问题",
    "open-and-covert-visit": "暗访{t}化工企业和建筑工地各{n}家",
    "spot-check": "随机抽查{t}在建工程项目和人员密集场所{n}个",
}
PROBLEM_TITLES = {
    1: ["{t}党委常委会研究安全生产工作不及时，重要指示批示精神传达学习不到位",
        "{t}对上级安全生产重大决策部署缺乏具体落实措施"],
    2: ["{u}对安全生产专项整治部署后未跟踪督查，整治工作流于形式",
        "{t}安全生产责任清单未明确到岗到人，考核奖惩不落实"],
    3: ["{t}年度安全生产工作要点中{n}项重点任务未按期完成",
        "{u}以文件落实文件，检查记录雷同，存在形式主义问题"],
    4: ["{u}执法检查“宽松软”，{y}年以来立案查处数量偏少",
        "{t}安全生产行政执法与刑事司法衔接机制不健全"],
    5: ["{t}基层安全监管执法人员不足，专业人员占比低于要求",
        "{t}化工园区安全监管体制未理顺，监管责任存在空档"],
    6: ["{t}双重预防机制建设推进缓慢，{n}家重点企业未完成风险分级管控",
        "{t}安全生产标准化达标企业复评工作滞后"],
    7: ["{t}安责险覆盖面不足，高危行业企业投保率偏低",
        "{t}安全生产信息化平台数据更新不及时，预警功能未发挥作用"],
    8: ["{t}{y}年两起生产安全事故调查处理情况未向社会公开",
        "{t}事故整改和防范措施落实情况评估不到位"],
    9: ["{t}安全生产举报核查处置不及时，{n}件举报超期未办结",
        "{t}举报奖励制度未有效落实"],
    10: ["{t}落实市委、市政府安全生产专项部署不到位",
         "{t}领导小组交办的问题整改进度滞后"],
}
HAZARDS = ["{u}某化工企业甲类储罐区未设置紧急切断装置", "{u}某建筑工地深基坑支护未按方案施工",
           "{u}某人员密集场所疏散通道被占用、安全出口锁闭"]
CAUSES = ["主体责任不落实，日常检查流于形式。", "部门监管责任不清，压力传导层层递减。",
          "基层监管力量薄弱，执法人员专业能力与监管任务不匹配。", "对安全生产“党政同责、一岗双责”认识不到位。"]
REQUIREMENTS = ["限期整改到位，举一反三开展全面排查。", "立即组织专项整治，建立问题清单和整改台账。",
                "健全工作机制，明确责任单位、责任人和完成时限。"]
CADRE = ["不担当", "不作为", "慢作为", "乱作为", "形式主义", "官僚主义"]
TIP_SUMMARIES = ["反映某企业夜间违规生产、未落实安全防护措施", "反映某小区电动自行车在楼道内充电",
                 "反映某工地塔吊作业人员无证上岗", "反映某加油站违规销售散装汽油", "反映事故调查处理情况未公开"]


class Province:
    def __init__(self, inspections_per_round: int, years: int, rounds_per_year: int = 4,
                 problems: int = 20, tips: int = 5, activities: int = 8, seed: int = 34):
        self.rng = random.Random(seed)
        self.per_round = inspections_per_round
        self.years = list(range(2020, 2020 + years))
        self.rounds_per_year = rounds_per_year
        self.problems = problems
        self.tips = tips
        self.activities = activities
        self.targets: list[tuple[str, str, str, str | None, str | None]] = []  # id, name, kind, parent, leaders
        self.people: list[dict] = []
        self._issued: list[tuple[str, int, dt.date, int]] = []  # (代字, year, date, token) of each 发文字号
        self._build_targets()
        self._build_people()
        self._by_role = {r: [p["id"] for p in self.people if p["role"] == r]
                         for r in ("leader", "deputy", "member", "expert")}

    # -- catalogue and roster ----------------------------------------------------------
    def _build_targets(self) -> None:
        used: set[str] = set()
        for city_id, city in CITIES:
            counties = []
            while len(counties) < 9:
                (a, ca), (b, cb) = self.rng.sample(PLACE_SYLLABLES, 2)
                tid = f"{city_id}-{a}{b}"
                if tid in used:
                    continue
                used.add(tid)
                name = f"{city}{ca}{cb}{self.rng.choice(COUNTY_SUFFIXES)}"
                counties.append(tid)
                self.targets.append((tid, name, "county", None, f"中共{name}委、{name}人民政府"))
            for zid, zname in (("jingkai", "经济技术开发区"), ("gaoxin", "高新技术产业开发区")):
                name = f"{city}{zname}"
                self.targets.append((f"{city_id}-{zid}", name, "zone", None, f"{name}党工委、管委会"))
            for did, dname in DEPARTMENTS:
                self.targets.append((f"{city_id}-{did}", f"{city}市{dname}", "department", None, None))
            for index, parent in enumerate(counties[:4]):
                name = f"{self._name(parent)}{PLACE_SYLLABLES[index][1]}港镇"
                self.targets.append((f"{parent}-town{index + 1}", name, "town", parent,
                                     f"中共{name}委员会、{name}人民政府"))

    def _issue(self, prefix: str, year: int, day: dt.date) -> str:
        """A 发文字号 for a document of ``day``: a token now, the real sequence once every date is known.

        Numbers are unique per 代字 and year and rise with date, as validate requires; the
        tokens are replaced in the files written once the whole province is written.
        """
        token = len(self._issued)
        self._issued.append((prefix, year, day, token))
        return f"{prefix}〔{year}〕⟨{token}⟩号"

    def _number_documents(self, records: Path) -> None:
        seq: dict[tuple[str, int], int] = {}
        final: dict[str, str] = {}
        for prefix, year, _day, token in sorted(self._issued, key=lambda i: (i[0], i[1], i[2], i[3])):
            # The plan holds 苏巡办〔year〕2号, issued first in the year.
            n = seq[(prefix, year)] = seq.get((prefix, year), 2 if prefix == "苏巡办" else 0) + 1
            final[f"⟨{token}⟩"] = str(n)
        pattern = re.compile(r"⟨\d+⟩")
        for path in (records / "inspections").rglob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if "⟨" in text:
                path.write_text(pattern.sub(lambda m: final[m.group(0)], text), encoding="utf-8")

    def _name(self, target_id: str) -> str:
        return next(t[1] for t in self.targets if t[0] == target_id)

    def _person_id(self, used: set[str]) -> tuple[str, str]:
        while True:
            (sp, sc), (g1, c1), (g2, c2) = (self.rng.choice(SURNAMES), self.rng.choice(GIVEN), self.rng.choice(GIVEN))
            pid, name = f"{sp}-{g1}{g2}", f"{sc}{c1}{c2}"
            if pid not in used:
                used.add(pid)
                return pid, name

    def _build_people(self) -> None:
        used: set[str] = set()
        teams = self.per_round
        for role, count in (("leader", teams), ("deputy", teams), ("member", teams * 2), ("expert", teams)):
            for _ in range(count):
                pid, name = self._person_id(used)
                person = {"id": pid, "name": name}
                if role == "leader":
                    unit = self.rng.choice(["rdcwh", "zx"])
                    person |= {"unit": unit, "position": "原市人大常委会副秘书长" if unit == "rdcwh" else "市政协委员会主任",
                               "rank": "正处级", "post": self.rng.choice(["现职", "退出领导岗位"]),
                               "familiar_with_safety": "true"}
                elif role == "deputy":
                    person |= {"unit": "yjj", "position": "市应急管理局处长", "rank": "副处级", "post": "现职",
                               "familiar_with_safety": "true"}
                elif role == "member":
                    person |= {"unit": self.rng.choice(["gaj", "zjj", "jtj", "gxj", "sfb"]),
                               "position": "科长", "rank": self.rng.choice(["正科级", "副科级", "科员"]), "post": "现职"}
                else:
                    person |= {"unit": "zjk", "position": "高级工程师", "expert": "true",
                               "expertise": self.rng.choice(["危险化学品", "建筑施工", "消防", "交通运输"])}
                person["role"] = role
                self.people.append(person)

    def team(self, index: int) -> dict:
        by_role = self._by_role
        return {"name": f"第{index + 1}巡查组", "leader": by_role["leader"][index], "deputy": by_role["deputy"][index],
                "members": [by_role["member"][2 * index], by_role["member"][2 * index + 1], by_role["expert"][index]]}

    # -- writing -------------------------------------------------------------------------
    def write(self, root: Path) -> dict:
        records = root / "records"
        (records / "plans").mkdir(parents=True)
        (records / "inspections").mkdir()
        (records / "calendar").mkdir()
        self._write_config(records)
        self._write_people(records)
        counts = {"inspections": 0, "problems": 0, "tips": 0, "activities": 0, "files": 2}
        regular = [t for t in self.targets if t[2] != "town"]
        towns = [t for t in self.targets if t[2] == "town"]
        order = regular + towns
        cursor = 0
        last = (self.years[-1], self.rounds_per_year)
        for year in self.years:
            rounds = []
            for number in range(1, self.rounds_per_year + 1):
                # Rounds in spring, early summer, late summer and autumn; a tour lasts at most 30 days (二（一）).
                start = _weekday(dt.date(year, 2 * number + 1, 8))
                end = start + dt.timedelta(days=29)
                planned = []
                for index in range(self.per_round):
                    target = order[cursor % len(order)]
                    cursor += 1
                    planned.append((target, self.team(index)))
                rounds.append((number, start, end, planned))
                for index, (target, team) in enumerate(planned):
                    stage = 13 if (year, number) != last else 1 + index % 13
                    self._write_inspection(records, year, number, start, target, team, stage, counts)
            self._write_plan(records, year, rounds)
            counts["files"] += 1
        self._number_documents(records)
        return counts

    def _write_config(self, records: Path) -> None:
        lines = ["# 江苏省安全生产巡查台账（基准测试用合成数据）", "city: 江苏省", "bodies:",
                 "  party_committee: 中共江苏省委", "  government: 江苏省人民政府",
                 "office_abbreviation: 苏巡办", "authorization_abbreviation: 苏巡授", "safety_committee_abbreviation: 苏安委", "emergency_bureau: yjj", "people_congress: rdcwh", "cppcc: zx",
                 "term:", "  name: 第十四届任期", f"  start: {self.years[0]}-01-01",
                 f"  end: {self.years[-1]}-12-31", "media: [新华日报, 江苏广播电视总台, 交汇点新闻]", "targets:"]
        for tid, name, kind, parent, leaders in self.targets:
            item = f"  - {{id: {tid}, name: {name}, kind: {kind}"
            if parent:
                item += f", parent: {parent}"
            if leaders:
                item += f", leaders: {leaders}"
            lines.append(item + "}")
        lines += ["units:", "  - {id: yjj, name: 省应急管理厅}", "  - {id: rdcwh, name: 省人大常委会}",
                  "  - {id: zx, name: 省政协}", "  - {id: gaj, name: 省公安厅}", "  - {id: zjj, name: 省住房和城乡建设厅}",
                  "  - {id: jtj, name: 省交通运输厅}", "  - {id: gxj, name: 省工业和信息化厅}",
                  "  - {id: sfb, name: 省政府办公厅}", "  - {id: zjk, name: 江苏省安全生产专家库}",
                  "safety_committee_members: [yjj, gaj, zjj, jtj, gxj, sfb]",
                  "leading_group_members: [yjj, gaj, sfb, rdcwh, zx]"]
        _put(records / "config.yaml", lines)

    def _write_people(self, records: Path) -> None:
        lines = ["# 巡查组人员名册", "people:"]
        for person in self.people:
            lines.append(f"  - id: {person['id']}")
            for key in ("name", "unit", "position", "rank", "post", "familiar_with_safety", "expert", "expertise"):
                if key in person:
                    lines.append(f"    {key}: {person[key]}")
        _put(records / "people.yaml", lines)

    def _write_plan(self, records: Path, year: int, rounds) -> None:
        lines = [f"# {year}年度安全生产巡查工作方案（四（一））", f"year: {year}",
                 f"title: {year}年度全省安全生产巡查工作方案", f"number: 苏巡办〔{year}〕2号", "approvals:",
                 f"  - {{by: leading-group, date: {year}-01-16, reference: 领导小组{year}年第1次会议纪要}}",
                 f"  - {{by: city, date: {year}-01-23, reference: 省委常委会会议审议通过}}",
                 f"disclosure: {{media: [新华日报], date: {year}-02-03}}", "rounds:"]
        for number, start, end, planned in rounds:
            lines += [f"  - number: {number}", f"    focus: [{number}, {number + 4}]", f"    start: {start}",
                      f"    end: {end}", f"    mobilization: {{date: {start - dt.timedelta(days=5)}, place: 省行政中心第三会议室}}",
                      "    inspections:"]
            for target, team in planned:
                lines += [f"      - target: {target[0]}", f"        special: {str(target[2] == 'town').lower()}"]
                if target[2] == "town":  # a special tour lasts at most 10 days (二（一）)
                    lines += [f"        start: {start}", f"        end: {_workday_before(start + dt.timedelta(days=9))}"]
                lines.append(f"        team: {{name: {team['name']}, leader: {team['leader']}, "
                             f"deputy: {team['deputy']}, members: [{', '.join(team['members'])}]}}")
        _put(records / "plans" / f"{year}.yaml", lines)

    def _write_inspection(self, records: Path, year: int, number: int, start: dt.date, target, team: dict,
                          stage: int, counts: dict) -> None:
        rng = self.rng
        tid, tname = target[0], target[1]
        iid = f"{year}-{number}-{tid}"
        folder = records / "inspections" / iid
        folder.mkdir()
        special = target[2] == "town"
        end = _workday_before(start + dt.timedelta(days=9 if special else 29))
        report = _weekday(end + dt.timedelta(days=12))
        review = _weekday(report + dt.timedelta(days=3))
        approval = _weekday(review + dt.timedelta(days=5))
        feedback = _weekday(approval + dt.timedelta(days=7))
        files: dict[str, list[str]] = {}
        files["inspection.yaml"] = [
            f"id: {iid}", f"target: {tid}", f"year: {year}", f"round: {number}",
            f"special: {str(special).lower()}", f"planned_start: {start}", f"planned_end: {end}",
            f"opened: {start - dt.timedelta(days=7)}", "team:", f"  name: {team['name']}",
            f"  leader: {team['leader']}", f"  deputy: {team['deputy']}", f"  members: [{', '.join(team['members'])}]"]
        files["authorization.yaml"] = [f"date: {_weekday(start - dt.timedelta(days=5))}",
                                       f"number: {self._issue('苏巡授', year, _weekday(start - dt.timedelta(days=5)))}",
                                       f"scope: 对{tname}开展安全生产巡查"]
        files["notice.yaml"] = [f"date: {_weekday(start - dt.timedelta(days=5))}",
                                f"number: {self._issue('苏巡办', year, _weekday(start - dt.timedelta(days=5)))}",
                                f"content: {team['name']}定于{start.year}年{start.month}月{start.day}日进驻{tname}开展安全生产巡查，请做好配合准备"]
        files["entry.yaml"] = [
            f"date: {start}", "meeting:", f"  place: {tname}行政中心第一会议室", "  attendees:",
            f"    principal: [{tname}党委书记, {tname}主要负责人]",
            f"    leadership: [{tname}党委副书记, 分管安全生产负责同志]",
            f"    departments: [{tname}应急管理局局长, {tname}住房和城乡建设局局长]",
            "station:", f"  address: {tname}宾馆{rng.randint(1, 9)}号楼{rng.randint(101, 520)}室",
            f"  phone: 025-{rng.randint(80000000, 89999999)}", f"  mailbox: {tname}邮政局第{rng.randint(1000, 9999)}号信箱",
            f"  hours: {start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日，每日8:30—17:30",
            "announcement:", f"  media: [{tname}融媒体中心]", f"  date: {start}"]
        lines = ["activities:"]
        for k in range(self.activities):
            day = _weekday(start + dt.timedelta(days=min(k * 3, (end - start).days)))
            method = METHODS[k % len(METHODS)]
            text = ACTIVITY_TEXT[method].format(t=tname, y=year - 1, n=rng.randint(2, 6))
            lines += [f"  - date: {min(day, end)}", f"    method: {method}", f"    summary: {text}"]
            counts["activities"] += 1
        files["activities.yaml"] = lines
        files["end.yaml"] = [f"date: {end}"]
        problem_lines = ["problems:"]
        hazards = []
        for k in range(1, self.problems + 1):
            problem_lines += self._problem(k, tname, year, feedback, stage, hazards)
            counts["problems"] += 1
        files["problems.yaml"] = problem_lines
        tip_lines = ["tips:"]
        for k in range(1, self.tips + 1):
            tip_lines += [f"  - id: T{k}", f"    received: {_weekday(start + dt.timedelta(days=2 + k))}",
                          f"    channel: {rng.choice(['visit', 'letter', 'call'])}",
                          f"    summary: {rng.choice(TIP_SUMMARIES)}", "    handling: 转交属地核查并跟踪办理",
                          "    outcome: 情况属实，列入问题清单" if k <= 2 else "    outcome: 已转交属地办理",
                          *( [f"    problem: P{k}"] if k <= 2 else [])]
            counts["tips"] += 1
        files["tips.yaml"] = tip_lines
        report_lines = [f"date: {report}", f"number: {self._issue('苏巡办', year, report)}",
                        f"overview: {team['name']}于{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日对{tname}开展安全生产巡查，"
                        "通过听取汇报、调阅资料、座谈访谈、明查暗访、随机抽查等方式，全面了解落实安全生产责任情况。",
                        "causes:", *(f"  - {c}" for c in rng.sample(CAUSES, 2)), "suggestions:",
                        "  - 进一步健全属地党委政府领导责任、部门监管责任、企业主体责任“三位一体”责任体系。",
                        "  - 充实基层安全监管执法力量，加强专业培训。"]
        if hazards:
            report_lines += ["special_reports:", f"  - title: 关于{tname}重大事故隐患的专题报告",
                             f"    problems: [{', '.join(hazards)}]", "    summary: 巡查暗访发现重大事故隐患，建议挂牌督办。",
                             f"    number: {self._issue('苏巡办', year, report)}"]
        files["report.yaml"] = report_lines
        files["review.yaml"] = [f"date: {review}", "opinion: 同意报送省委、省政府"]
        files["approval.yaml"] = [f"date: {approval}", "reference: 省委、省政府领导批示"]
        files["feedback.yaml"] = [f"date: {feedback}", f"by: {team['leader']}", f"place: {tname}行政中心第一会议室",
                                  f"number: {self._issue('苏巡办', year, feedback)}",
                                  f"notice_number: {self._issue('苏巡办', year, feedback)}", "requirements:",
                                  "  - 对照问题清单逐项制定整改措施，明确责任单位、责任人和完成时限。",
                                  "  - 于巡查反馈后30个工作日内将整改方案报省委、省政府，抄送领导小组办公室。"]
        notified = _weekday(feedback + dt.timedelta(days=2))
        files["result-notice.yaml"] = [f"date: {notified}", f"number: {self._issue('苏巡办', year, notified)}"]
        planned_on, reported_on = _weekday(feedback + dt.timedelta(days=13)), _weekday(feedback + dt.timedelta(days=40))
        files["rectification-plan.yaml"] = [f"date: {planned_on}",
                                            f"reference: {self._issue(tname[:2] + '委办', year, planned_on)}",
                                            "copied_to_office: true", f"disclosed: {_weekday(feedback + dt.timedelta(days=17))}"]
        files["rectification-report.yaml"] = [
            f"date: {reported_on}", f"reference: {self._issue(tname[:2] + '委办', year, reported_on)}",
            f"summary: 巡查反馈的{self.problems}个问题已全部整改到位。", "copied_to_office: true",
            f"disclosed: {_weekday(feedback + dt.timedelta(days=44))}"]
        closure = _weekday(feedback + dt.timedelta(days=45))
        files["closure.yaml"] = [f"date: {closure}", "note: 问题全部销号"]
        counts["as_of"] = max(counts.get("as_of", ""), str(closure + dt.timedelta(days=1)))
        # Steps in procedure order; an inspection at stage k has the first k of them.
        order = [["inspection.yaml"], ["authorization.yaml"], ["notice.yaml"], ["entry.yaml"],
                 ["activities.yaml", "problems.yaml", "tips.yaml"], ["end.yaml"], ["report.yaml"], ["review.yaml"],
                 ["approval.yaml"], ["feedback.yaml", "result-notice.yaml"], ["rectification-plan.yaml"],
                 ["rectification-report.yaml"], ["closure.yaml"]]
        for group in order[:stage]:
            for name in group:
                _put(folder / name, files[name])
                counts["files"] += 1
        counts["inspections"] += 1

    def _problem(self, k: int, tname: str, year: int, feedback: dt.date, stage: int, hazards: list) -> list[str]:
        rng = self.rng
        category = rng.randint(1, 10)
        unit = f"{tname}{rng.choice(['应急管理局', '住房和城乡建设局', '交通运输局', '市场监督管理局'])}"
        major = k == 1 and rng.random() < 0.3
        title = (rng.choice(HAZARDS) if major else rng.choice(PROBLEM_TITLES[category])).format(
            t=tname, u=unit, y=year - 1, n=rng.randint(2, 9))
        lines = [f"  - id: P{k}", f"    category: {category}", f"    title: {title}",
                 f"    description: 巡查组通过{rng.choice(['调阅资料', '座谈访谈', '明查暗访', '随机抽查'])}发现，{title}，"
                 "相关工作未形成闭环。",
                 f"    source: {{method: {rng.choice(METHODS)}}}", f"    unit: {unit}",
                 f"    cause: {rng.choice(CAUSES)}", f"    requirement: {rng.choice(REQUIREMENTS)}"]
        if major:
            hazards.append(f"P{k}")
            lines += ["    major_hazard: true", f"    hazard_unit: {tname}某生产经营单位"]
        cadre = category == 2 or rng.random() < 0.1
        if cadre:
            lines += [f"    cadre_problems: [{rng.choice(CADRE)}]", "    accountability:",
                      f"      - person: {unit}分管负责同志", f"        fact: {title}",
                      "        measure: 诫勉谈话"]
        if stage >= 10:
            handoff = _weekday(feedback + dt.timedelta(days=1))
            due = f", due: {handoff + dt.timedelta(days=30)}" if major else ""  # 挂牌督办's own deadline
            lines += ["    handoffs:", f"      - {{to: {'listed-supervision' if major else 'local'}, date: {handoff}, "
                      f"reference: {self._issue('苏安委' if major else '苏巡办', year, handoff)}{due}}}"]
            if cadre:  # cadre problems go to the discipline organs after feedback (四（六）)
                lines.append(f"      - {{to: discipline, date: {handoff}, reference: {self._issue('苏巡办', year, handoff)}}}")
            progress = [("in-progress", 10, "整改方案"), ("rectified", 30, "整改验收材料")]
            if stage >= 13:
                progress.append(("closed", 44, "销号审核表"))
            lines.append("    progress:")
            for status, days, evidence in progress[: 1 if stage < 12 else None]:
                lines.append(f"      - {{date: {_weekday(feedback + dt.timedelta(days=days))}, status: {status}, "
                             f"evidence: {evidence}}}")
        return lines


def _workday_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _put(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


SIZES = {
    # ~1,300 inspections over a five-year term, 26,000 problems: a province.
    "full": dict(inspections_per_round=65, years=5),
    "small": dict(inspections_per_round=13, years=1),
    # 13 cities × 100 inspections a year × a five-year term: 6,500 inspections, ~100,000 files.
    "term": dict(inspections_per_round=325, years=5),
}


def generate(root: Path, size: str = "full") -> dict:
    return Province(**SIZES[size]).write(root)
