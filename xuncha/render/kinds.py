"""Who sends each kind of document, to whom, in which GB/T 9704 format: declared once, here.

The 版头 (发文机关标志), the 署名, the 印发机关 and the 主送机关 of a document come from its
kind's declaration, never from the template, so the three can never name different senders.
Why each organ issues what it issues is set out in docs/documents.md (the seed's clause and
the practice of 巡视巡察 offices).

Formats (GB/T 9704-2012): ``file`` 文件格式 (7.2, 下行文/平行文), ``upward`` 文件格式 of a 上行文
(7.2.4: 发文字号 left, 签发人 right), ``letter`` 信函格式 (10.1, every 函), ``public`` a 公告 with no 版头.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .document import OfficialDocument

__all__ = ["Declaration", "declaration", "apply", "DECLARATIONS", "SENDER_NAMES"]

SENDER_NAMES = {
    "office": "市安全生产巡查工作领导小组办公室",
    "leading_group": "市安全生产巡查工作领导小组",
    "team": "巡查组",
    "safety_committee": "市安全生产委员会",
}


@dataclass(frozen=True)
class Declaration:
    name: str  # the kind, as the clerk calls it
    format: str  # file / upward / letter / public
    sender: str  # office / leading_group / team / safety_committee
    recipients: str  # who 主送 names (a key of _RECIPIENTS), or "" for a public notice
    secrecy: str | None = None  # 密级 printed in the 版头
    copy_numbered: bool = False  # 份号: a document with a 密级 carries one (GB/T 9704 7.2.1)


DECLARATIONS: dict[str, Declaration] = {
    "plan": Declaration("年度安全生产巡查工作方案", "file", "office", "plan"),
    "authorization": Declaration("巡查授权书", "file", "leading_group", "team"),
    "notice": Declaration("巡查通知", "file", "office", "target"),
    "announcement": Declaration("进驻公告", "public", "team", ""),
    "report": Declaration("巡查工作报告", "upward", "team", "leading_group"),
    "special-report": Declaration("专题报告", "upward", "team", "leading_group"),
    "feedback": Declaration("巡查反馈意见", "file", "team", "target"),
    "rectification-notice": Declaration("整改通知书", "file", "office", "target"),
    "handoff": Declaration("问题移交函", "letter", "office", "target"),
    "handoff-discipline": Declaration("问题线索移交函", "letter", "office", "discipline", secrecy="机密",
                                      copy_numbered=True),
    "supervision": Declaration("挂牌督办通知书", "file", "safety_committee", "target"),
    "urge": Declaration("督促整改函", "letter", "office", "target"),
    "urge-notice": Declaration("督促整改通报、约谈和专项督查通知", "file", "office", "target"),
    "result": Declaration("巡查结果通报", "file", "office", "organization_department"),
    "disclosure": Declaration("巡查情况公开", "public", "office", ""),
    "disclosure-plan": Declaration("年度方案公开文本", "public", "office", ""),
}


def declaration(kind: str, context: dict[str, Any]) -> Declaration:
    """The declaration of ``kind``; a hand-off to 纪检监察机关 and the urge measures other than a 函 differ."""
    if kind == "handoff" and context.get("handoff", {}).get("to") == "discipline":
        return DECLARATIONS["handoff-discipline"]
    if kind == "urge" and context.get("escalation", {}).get("kind") != "letter":
        return DECLARATIONS["urge-notice"]
    return DECLARATIONS[kind]


def _full(context: dict[str, Any], name: str) -> str:
    """市安全生产… -> 盐城市安全生产…: 版头 and 署名 use the organ's full name (GB/T 9704 7.2.3, 7.3.5)."""
    city = context["city"]
    return city[:-1] + name if name.startswith("市") else name


def _sender_name(context: dict[str, Any], sender: str) -> str:
    bodies = context["bodies"]
    if sender == "team":
        return _full(context, context["inspection"]["team"]["name"])
    return _full(context, bodies[sender])


def _printer(context: dict[str, Any], sender: str) -> str:
    """印发机关 (7.4.3): the sender's own office sends the papers to print; a 巡查组 prints its own."""
    bodies = context["bodies"]
    if sender == "team":
        return _sender_name(context, sender)
    if sender == "safety_committee":
        return _full(context, bodies["office_seat"])
    return _full(context, bodies["office"])


_RECIPIENTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "plan": lambda c: "各县（市、区）党委和人民政府，盐城经济技术开发区、盐南高新区党工委、管委会，市有关部门",
    "team": lambda c: c["inspection"]["team"]["name"],
    "target": lambda c: c["target"]["addressee"],
    "leading_group": lambda c: c["bodies"]["leading_group"],
    "discipline": lambda c: c["bodies"]["discipline"],
    "organization_department": lambda c: c["bodies"]["organization_department"],
}


class Disagreement(ValueError):
    """A template names a sender or recipient other than its kind's declaration."""


def apply(doc: OfficialDocument, decl: Declaration, context: dict[str, Any]) -> OfficialDocument:
    """Fill the 版头, 主送, 署名 and 印发机关 of ``doc`` from ``decl``."""
    sender = _sender_name(context, decl.sender)
    values = {
        "format": decl.format,
        "signature": sender,
        "issuer_mark": None if decl.format == "public" else
        (sender if decl.format == "letter" else sender + "文件"),
        "addressee": _RECIPIENTS[decl.recipients](context) if decl.recipients else None,
        "printer": "" if decl.format in ("public", "letter") else _printer(context, decl.sender),
        "secrecy": decl.secrecy,
        "copy_number": "000001" if decl.copy_numbered else None,
    }
    words = {"signature": "署名", "issuer_mark": "发文机关标志", "addressee": "主送", "printer": "印发机关"}
    for key, word in words.items():
        written = getattr(doc, key)
        if written and values[key] and _full(context, _plain(written)) != _plain(values[key]):
            raise Disagreement(f"模板写的“{word}：{written}”与{decl.name}的发文机关声明不一致"
                               f"（应为“{values[key]}”，见 docs/documents.md）；删去该行即可")
    for key, value in values.items():
        setattr(doc, key, value)
    if decl.format == "upward":
        doc.signers = [context["inspection"]["team"]["leader"]["name"]]
    if decl.format != "public" and not doc.doc_number:
        raise Disagreement(f"{decl.name}是{'函' if decl.format == 'letter' else '文件'}，须有发文字号（文号）")
    return doc


def _plain(text: str) -> str:
    return text.replace(" ", "").rstrip("：:")
