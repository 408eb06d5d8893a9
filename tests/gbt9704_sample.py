"""A realistic 巡查工作报告 used by the layout tests (40 findings + 责任追究清单)."""

from __future__ import annotations

import datetime

from xuncha.render.document import Heading, OfficialDocument, Paragraph, Table

_AREAS = ["危险化学品", "工贸企业", "道路交通", "建筑施工", "消防", "燃气", "特种设备", "水上交通"]
_TOWNS = ["东台镇", "弶港镇", "富安镇", "安丰镇", "梁垛镇", "溱东镇", "许河镇", "三仓镇", "南沈灶镇", "头灶镇"]


def finding(i: int) -> str:
    area = _AREAS[i % len(_AREAS)]
    town = _TOWNS[i % len(_TOWNS)]
    return (
        f"{i}.{town}{area}领域安全隐患排查整治不到位。巡查组随机抽查发现，该镇{area}"
        f"领域第{i}家企业未按规定开展安全风险辨识管控，隐患排查治理台账记录不全，"
        f"部分重大隐患未能按期完成整改，属地监管责任落实不到位。"
    )


def sample_report(findings: int = 40) -> OfficialDocument:
    body: list = [
        Paragraph(
            "根据市委、市政府统一部署，2020年4月13日至5月12日，市安全生产巡查第一组对东台市开展了"
            "安全生产巡查。巡查组通过听取汇报、个别谈话、查阅资料、暗查暗访等方式，全面了解东台市"
            "党委政府和有关部门落实安全生产责任情况。现将巡查情况报告如下。"
        ),
        Heading(1, "一、基本情况"),
        Paragraph(
            "东台市委、市政府高度重视安全生产工作，坚持把安全生产摆在突出位置，"
            "扎实推进安全生产专项整治三年行动，全市安全生产形势总体平稳。"
        ),
        Heading(1, "二、发现的主要问题"),
        Heading(2, "（一）安全生产责任落实方面"),
    ]
    for i in range(1, findings + 1):
        if i == findings // 2 + 1:
            body.append(Heading(2, "（二）隐患排查治理方面"))
        body.append(Paragraph(finding(i)))
    body += [
        Heading(1, "三、整改意见"),
        Heading(3, "1.压紧压实安全生产责任。"),
        Heading(4, "（1）严格落实“党政同责、一岗双责、齐抓共管、失职追责”要求。"),
        Paragraph("东台市委、市政府应当在收到巡查反馈意见后30日内报送整改方案，3个月内报送整改情况报告。"),
        Heading(1, "四、责任追究清单"),
        Table(
            header=["序号", "责任单位", "问题描述", "责任人", "处理建议"],
            rows=[
                [str(i), f"{_TOWNS[i % len(_TOWNS)]}人民政府", finding(i)[2:40] + "……", "有关负责人", "约谈"]
                for i in range(1, 31)
            ],
            widths_mm=[14, 30, 64, 22, 26],
        ),
    ]
    return OfficialDocument(
        issuer_mark="盐城市安全生产巡查工作领导小组办公室文件",
        doc_number="盐巡办〔2020〕3号",
        title="盐城市安全生产巡查第一组关于东台市安全生产巡查情况的报告",
        addressee="市安全生产巡查工作领导小组",
        body=body,
        attachments=["东台市安全生产巡查发现问题清单", "东台市安全生产巡查责任追究建议清单"],
        signature="盐城市安全生产巡查第一组",
        date=datetime.date(2020, 5, 20),
        note="联系人：王某某，电话：0515-88888888",
        copy_to=["市委办公室", "市政府办公室", "市纪委监委", "东台市委", "东台市人民政府"],
        printer="盐城市安全生产巡查工作领导小组办公室",
        print_date=datetime.date(2020, 5, 21),
    )
