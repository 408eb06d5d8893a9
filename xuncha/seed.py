"""The numbers and lists of 《盐城市安全生产巡查方案（试行）》（盐办发〔2019〕34号）, each said once, with its clause.

Every rule, command, document and schema that needs one of them reads it from here, so a
revised plan changes one line.  Nothing here imports anything of xuncha: every layer may use it.
"""

from __future__ import annotations

# 二（一）：巡查时间根据任务需要确定，一般不超过30天；对镇（街道）、市级以上各类功能区专项巡查时间不超过10天。
TOUR_DAYS = 30
SPECIAL_TOUR_DAYS = 10

# 四（四）：巡查结束后10个工作日内形成巡查工作报告。
REPORT_WORKDAYS = 10
# 四（五）：巡查工作报告经市委、市政府批准后，在10个工作日内……反馈。
FEEDBACK_WORKDAYS = 10
# 四（七）：于巡查反馈后30个工作日内报（整改方案）……于半年内将整改落实和查处情况报市委、市政府。
RECTIFICATION_PLAN_WORKDAYS = 30
RECTIFICATION_REPORT_MONTHS = 6

# 三、巡查内容（一）至（十）：a problem's category is the item's number.
CATEGORY_NAMES = {
    1: "贯彻安全生产法律法规和重要决策部署、指示批示精神情况",
    2: "落实安全生产责任体系和责任追究情况",
    3: "落实有关文件、年度工作要点和重点任务，破除形式主义官僚主义情况",
    4: "推进安全生产依法治理情况",
    5: "完善安全生产监管体制机制和基础建设情况",
    6: "推进信用体系、标准化建设和双重预防机制情况",
    7: "社会化服务、安责险、信息化和科技强安情况",
    8: "调查处理生产安全事故和事故信息公开情况",
    9: "安全生产举报信息核查处置情况",
    10: "市委、市政府和领导小组安排部署的其他事项落实情况",
}

# 四（三）：听取汇报、列席会议、调阅资料、座谈访谈、受理举报和明查暗访、随机抽查等方式。
WORKING_METHOD_NAMES = {
    "briefing": "听取汇报", "sitting-in": "列席会议", "document-review": "调阅资料", "interview": "座谈访谈",
    "tip-intake": "受理举报", "open-and-covert-visit": "明查暗访", "spot-check": "随机抽查",
}


def months_in_words(months: int) -> str:
    """A period of months as the plan says it: six months is 半年 (四（七））."""
    return "半年" if months == 6 else f"{months}个月"


RECTIFICATION_REPORT_PERIOD = months_in_words(RECTIFICATION_REPORT_MONTHS)


def tour_days(special: bool) -> int:
    """The most days a tour may last on site (二（一））."""
    return SPECIAL_TOUR_DAYS if special else TOUR_DAYS
