"""五（三）回避、保密

> 巡查组成员要客观、公正、廉洁、规范开展巡查工作，如实报告巡查工作情况，不得隐瞒、歪曲、捏造事实，不得利用巡查工作便利谋取私利或者为他人谋取不正当利益，严格执行回避、保密规定等制度。

回避：巡查组成员不得来自被巡查地区或单位（含其下属单位），人员名册中登记了与被巡查对象有利害关系
（conflicts）的人员不得参加对它的巡查；这两条在开启一轮巡查和登记人员变动时也运行。
保密：举报人身份只记入台账以外的保密库（xuncha tip add --informant-name/--informant-phone），
举报记录中只留保密库生成的索引；任何会打印或公开的文字（问题标题、工作记录摘要、报告概述、理由、备注……）
中不得出现可识别个人身份的信息（姓名加电话、身份证号等）；公文须写明的公职人员姓名和公开联系方式，
列入 config.yaml 的 public_identities 后不报（举报人、实名举报、身份证号除外）。
"""

from __future__ import annotations

from typing import Iterator

from ...model.base import Record, fields_holding, record_type, type_hints
from ...model.identity import FREE_TEXT_FIELDS, identity_leaks, public_hint
from ...model.problems import Tip
from ...model.tree import INSPECTION_FILES
from ..confidential import is_opaque_ref
from ..engine import NEW_ROUND, Context, Finding, rule
from ..tours import describe
from .common import folders
from .subjects import person, role, roster_day, subject_tours, unit


@rule("recusal-unit", "五（三）", "回避：巡查组成员不得来自被巡查地区或单位", scope=[NEW_ROUND])
def recusal_unit(context: Context) -> Iterator[Finding]:
    records = context.records
    config = records.config
    if config is None:
        return
    # Most members come from units that are not targets; a local table answers those misses at once.
    targets = {}
    for item in config.targets:
        targets.setdefault(item.id, item)
    for tour in subject_tours(context):
        target = targets.get(tour.target)
        if target is None:
            continue
        inside = {target.id} | ({target.parent} if target.parent else set())
        for person_id in tour.team.everyone():
            someone = person(records, person_id, tour)
            if someone is None:
                continue
            own = targets.get(someone.unit)
            if someone.unit in inside or (own is not None and own.parent == target.id):
                yield Finding(tour.team,
                              f"{someone.name}（{unit(records, someone)}）{roster_day(tour, someone)}须回避{describe(records, tour)}："
                              f"其所在单位即被巡查地区或单位、或隶属于它", field_name=role(tour.team, person_id))


@rule("recusal-conflict", "五（三）", "回避：与被巡查地区或单位有利害关系的人员不得参加", scope=[NEW_ROUND])
def recusal_conflict(context: Context) -> Iterator[Finding]:
    records = context.records
    config = records.config
    for tour in subject_tours(context):
        target = config.target(tour.target) if config else None
        inside = {tour.target} | ({target.parent} if target and target.parent else set())
        for person_id in tour.team.everyone():
            someone = person(records, person_id)
            if someone is None:
                continue
            for conflict in someone.conflicts:
                if conflict.target in inside:
                    yield Finding(tour.team, f"{someone.name}须回避{describe(records, tour)}：{conflict.reason}"
                                  f"（见 people.yaml 第 {conflict.pos().line} 行）", field_name=role(tour.team, person_id))


@rule("tip-names-informant", "五（三）", "严格执行保密规定：举报人身份不得写入会打印或公开的字段", per_inspection=True)
def tip_names_informant(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        for tip in folder.tip_list():
            for name, label in (("summary", "反映问题摘要"), ("handling", "办理情况"), ("outcome", "办理结果"),
                                ("callback_note", "回访情况")):
                leaks = identity_leaks(getattr(tip, name))
                if leaks:
                    yield Finding(tip, f"举报 {tip.id} 的{label}（{name}）含有可识别举报人身份的信息（{'、'.join(leaks)}），"
                                  f"请删去并改用 `xuncha tip add --informant-name` 记入台账以外的保密库", field_name=name)
            if tip.informant_ref and not is_opaque_ref(tip.informant_ref):
                yield Finding(tip, f"举报 {tip.id} 的 informant_ref 只能是保密库生成的索引（如 inf-3f9c0a1b2d4e5f60），"
                              f"不得写入姓名、电话等身份信息", field_name="informant_ref")


def free_text(record: Record, found: list | None = None) -> list[tuple[Record, str, str]]:
    """Every free-text value held by ``record`` and the records inside it: (record, field, text), in
    field order, depth first.  Tips are tip-names-informant's, which also checks the vault reference.
    A list filled by plain recursion: nested generators cost a frame switch per level per text, and
    a province has 200,000 texts."""
    if found is None:
        found = []
    for name in _text_fields(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str):
                if name in FREE_TEXT_FIELDS:
                    found.append((record, name, item))
            elif isinstance(item, Record) and not isinstance(item, Tip):
                free_text(item, found)
    return found


def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold free text or records: the others can hold neither."""
    names = _TEXT_FIELDS.get(cls)
    if names is None:
        names = _TEXT_FIELDS[cls] = tuple(name for name in fields_holding(cls, str)
                                          if name in FREE_TEXT_FIELDS or record_type(type_hints(cls).get(name)))
    return names


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _top_records(context: Context) -> Iterator[Record]:
    records = context.records
    yield from records.plans.values()
    for folder in records.inspections.values():
        for attribute, _ in INSPECTION_FILES.values():
            record = getattr(folder, attribute)
            if record is not None:
                yield record


@rule("identity-in-text", "五（三）", "严格执行保密规定：任何会打印或公开的文字中不得出现可识别个人身份的信息", per_inspection=True)
def identity_in_text(context: Context) -> Iterator[Finding]:
    config = context.records.config
    for top in _top_records(context):
        for record, name, text in free_text(top):
            leaks = identity_leaks(text)
            if leaks and config is not None:  # 五（三）'s exception: officials the office listed as public
                leaks = identity_leaks(text, config.public_for(name))
            if leaks:
                yield Finding(record,
                              f"`{name}` 含有可识别个人身份的信息（{'、'.join(leaks)}），它会出现在打印或公开的文书中。"
                              f"举报人身份请用 `xuncha tip add --informant-name/--informant-phone` 记入台账以外的保密库"
                              f"{public_hint(leaks)}",
                              field_name=name)
