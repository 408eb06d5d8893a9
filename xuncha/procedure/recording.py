"""Recording one step of 四、巡查程序: check it against the order and dates, then build the change.

Nothing here writes: ``prepare_record`` either raises ``RecordRefused`` (Chinese, naming what
is missing and the clause) or returns a Changeset and the commit message, which the caller
hands to ``apply_and_commit``.  Every field of every step file has an option here, so a
clerk never needs an editor to record a step — and a hand-edited file keeps its comments.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import read_stored
from ..model.inspection import WORKING_METHOD_NAMES
from ..model.tree import FILE_OF_ATTRIBUTE, InspectionFolder, Records
from ..records.paths import id_problem
from ..records.transaction import commit_message
from ..records.writer import Changeset, dump_rt, encode_like, load_rt, read_text
from .future import future_problem
from .problem_status import unsettled_problems
from .step_order import missing_prerequisites, order_clause, previous_recorded, step_label
from .steps import STEPS, Step, StepField, resolve_step, step_date, step_fields
from ..refusal import Refusal


class RecordRefused(Refusal):
    """The step cannot be recorded as asked; nothing was written.  The message is Chinese."""


# Every field of every step record has an option: the step model (steps.step_fields) names them.
OPTIONS: dict[str, tuple[StepField, ...]] = {step.name: tuple(f for f in step_fields(step) if f.typed) for step in STEPS}
# Values the tool writes besides the options (numbers it gives out), by step: where each goes.
_FIELDS: dict[str, dict[str, StepField]] = {step.name: {f.name: f for f in step_fields(step)} for step in STEPS}


@dataclass
class Request:
    """What the clerk asked for on the command line."""

    inspection: str
    step: str
    date: str
    values: dict[str, Any] = field(default_factory=dict)   # option name -> str, list[str] or True
    amend: bool = False
    reason: str | None = None
    allow_future: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Prepared:
    changes: Changeset
    message: str
    path: Path
    step: Step
    inspection: str
    date: dt.date
    allocated: str | None = None   # the 发文字号 the tool gave out because --number was left out
    # (document, number) given to the 专题报告 or 整改通知书 the step brings
    companions: list[tuple[str, str]] = field(default_factory=list)


def step_list() -> str:
    return "、".join(f"{s.name}（{s.chinese}）" for s in STEPS)


def find_inspection(records: Records, inspection_id: str) -> InspectionFolder:
    problem = id_problem(inspection_id)
    if problem:
        raise RecordRefused(problem)
    folder = records.inspections.get(inspection_id)
    if folder is None:
        known = sorted(records.inspections)
        close = difflib.get_close_matches(inspection_id, known, n=3, cutoff=0.5)
        hint = f"是否想写：{'、'.join(close)}？" if close else f"现有巡查：{'、'.join(known) or '（无）'}"
        raise RecordRefused(f"没有编号为 {inspection_id} 的巡查（records/inspections/{inspection_id}/ 不存在）。{hint}")
    return folder


def find_step(word: str) -> Step:
    step = resolve_step(word)
    if step is None:
        raise RecordRefused(f"没有“{word}”这一环节。可记录的环节：{step_list()}")
    return step


def prepare_record(records: Records, request: Request, diagnostics: list | None = None) -> Prepared:
    """Check the request against the procedure and build the change; raises RecordRefused.

    ``diagnostics`` are the loader's: a step is not recorded on top of a file of this
    inspection that could not be read, nor of config.yaml, people.yaml or a plan (the dates,
    numbers and team it checks come from them); another inspection's broken file is no obstacle.
    """
    folder = find_inspection(records, request.inspection)
    step = find_step(request.step)
    prefix = records.display(folder.path) + "/"
    others = records.display(folder.path.parent) + "/"
    unreadable = [d for d in diagnostics or []
                  if d.is_error and (d.file.startswith(prefix) or not d.file.startswith(others))]
    if unreadable:
        listed = "\n".join(d.format() for d in unreadable[:10])
        raise RecordRefused(f"巡查 {folder.id} 所依据的记录文件有错误，请先改正（xuncha validate 可查看全部）：\n{listed}")
    values = _check_options(step, request.values, request)
    path = folder.path / FILE_OF_ATTRIBUTE[step.attribute]
    existing = getattr(folder, step.attribute)
    _check_amend(folder, step, request, existing, path)
    _require(step, values, existing=existing if request.amend else None, date=request.date)
    date = _parse_date(request.date, "--date")
    _check_date(folder, step, date, request)
    if "by" in values:
        values["by"] = _feedback_person(records, folder, values["by"], date)
    allocated = _number(records, folder, step, date, values, existing if request.amend else None)
    companions = _companion_numbers(records, step, date, values, existing if request.amend else None)
    if step.repeatable:
        _check_repeated_activity(folder, date, values)
        content = _edited(path, lambda document: _append_activity(document, date, values))
    else:
        content = _edited(path, lambda document: _fill(document, step, date, values))
    _check_result(records, path, content)
    changes = Changeset()
    changes.put(path, encode_like(path.read_bytes() if path.exists() else None, content))
    details: list[str] = []
    if request.amend:
        details.append(f"更正原因：{request.reason.strip()}")
    details += [f"{_title(step, name)}：{_shown(value)}" for name, value in values.items()]
    action = ("amend " if request.amend else "record ") + step.name
    message = commit_message(action, folder.id, date=date.isoformat(), clause=step.clause, details=details)
    return Prepared(changes, message, path, step, folder.id, date, allocated, companions)


def _number(records: Records, folder: InspectionFolder, step: Step, date: dt.date, values: dict[str, Any],
            existing: object | None) -> str | None:
    """A document the office issues carries a number no other document holds; left out, the next is given.

    Returns the number given out, or None when the clerk wrote one (or the step has none).
    """
    from .numbers import document_key, issuing_prefix, next_document_number, number_holder

    organ = step.numbered_by
    if organ is None:
        return None
    key = document_key(folder.id, step.attribute)
    number = values.get("number")
    if number is not None:
        holder = number_holder(records, number, key)
        if holder is not None:
            pos = holder.record.pos(holder.field)
            raise RecordRefused(f"发文字号 {number} 已用于{holder.what}（{pos.file}:{pos.line}）：同一机关代字同一年度的"
                                f"发文字号不得重复。不填 --number，工具会分配下一个未用的文号")
        return None
    if existing is not None and getattr(existing, "number", None):
        return None  # an amendment keeps the number the document was issued with
    values["number"] = next_document_number(records, issuing_prefix(records, organ), date.year)
    _in_record_order(step, values)
    return values["number"]


def _edited(path: Path, change) -> str:
    """The file after a round-trip edit: the clerk's comments and key order kept."""
    from ruamel.yaml.comments import CommentedMap

    original = read_text(path.read_bytes()) if path.exists() else ""
    document = load_rt(original) if original.strip() else None
    document = change(document if document is not None else CommentedMap())
    return dump_rt(document)


def _check_result(records: Records, path: Path, content: str) -> None:
    """Read the new file back as the loader will: what the tool writes must itself be a valid record."""
    from ..model.tree import INSPECTION_FILES
    from ..records.convert import Converter
    from ..records.yamlread import parse_text

    display = records.display(path)
    node, problems = parse_text(content, display)
    converter = Converter(display)
    if node is not None:
        converter.record(node, INSPECTION_FILES[path.name][1])
    errors = [d for d in problems + converter.diagnostics if d.is_error]
    if errors:
        listed = "\n".join(d.format() for d in errors)
        raise RecordRefused(f"按所给选项写成的记录不完整或有误，未写入：\n{listed}")


def _check_amend(folder: InspectionFolder, step: Step, request: Request, existing: object | None, path: Path) -> None:
    """A step is recorded once; changing it afterwards is an explicit, reasoned correction."""
    if request.reason and not request.amend:
        raise RecordRefused("--reason 只与 --amend 一起使用：更正已记录的环节时说明原因")
    if step.repeatable:
        if request.amend:
            raise RecordRefused("工作记录逐条追加，不能 --amend。更正某条工作记录请直接编辑 activities.yaml 后提交 git，"
                                "改动会在 xuncha log 和 xuncha audit 中留痕")
        return
    if request.amend:
        if existing is None:
            raise RecordRefused(f"{step_label(step)}尚未记录，无需 --amend；去掉 --amend 即可记录")
        if not (request.reason or "").strip():
            raise RecordRefused("更正已记录的环节须用 --reason 说明原因（原因写入 git 提交，作为审计留痕）")
        from ..model.identity import identity_leaks

        leaks = identity_leaks(request.reason)
        if leaks:
            raise RecordRefused(f"--reason 中含有可识别个人身份的信息（{'、'.join(leaks)}），而原因写入 git 历史、无法删改。"
                                f"请改写原因，不写姓名、电话（五（三））")
    elif existing is not None or path.exists():
        raise RecordRefused(f"巡查 {folder.id} 已记录{step_label(step)}（日期 {step_date(folder, step) or '未填'}）。"
                            f"如需更正，请加 --amend --reason \"更正原因\"")


def _parse_date(text: str, option: str) -> dt.date:
    parsed, problem = read_stored(text or "")
    if problem:
        raise RecordRefused(f"{option} {problem}")
    return parsed


def _check_options(step: Step, given: dict[str, Any], request: "Request | None" = None) -> dict[str, Any]:
    """Keep the options that were given; refuse those that do not belong to this step."""
    allowed = {o.name: o for o in OPTIONS[step.name]}
    values: dict[str, Any] = {}
    for name, value in given.items():
        if value in (None, [], False, ""):
            continue
        if name not in allowed:
            usable = "、".join(f"--{o}" for o in allowed) or "（除 --date 外无其他选项）"
            raise RecordRefused(f"--{name} 不适用于{step_label(step)}。该环节可用的选项：{usable}")
        option = allowed[name]
        if option.kind == "date":
            value = _parse_date(value, f"--{name}")
            problem = None if request is None or request.allow_future else future_problem(
                f"--{name} {option.title}", value, request.today)
            if problem:
                raise RecordRefused(problem)
        elif option.kind == "choice":
            value = _choice(option, value)
        elif option.kind == "records":
            value = [_special_report(v) for v in value]
        values[name] = value
    _in_record_order(step, values)
    return values


def _companion_numbers(records: Records, step: Step, date: dt.date, values: dict[str, Any],
                       existing: object | None) -> list[tuple[str, str]]:
    """The 专题报告 go up with the report and the 整改通知书 out with the feedback (四（四）、四（七））:
    each is a document of its own and carries the next free number after the step's own.
    Returns (document, number) for each number given."""
    from .numbers import format_number, issuing_prefix, issued_numbers, parse_number

    if step.name == "report":
        wanted = [(f"专题报告《{s['title']}》", s, "number") for s in values.get("special-report", [])
                  if not s.get("number")]
    elif step.name == "feedback" and not values.get("notice-number") and not getattr(existing, "notice_number", None):
        wanted = [("整改通知书", values, "notice-number")]
    else:
        return []
    prefix = issuing_prefix(records, "office")
    used = {i.seq for i in issued_numbers(records) if i.prefix == prefix and i.year == date.year}
    own = parse_number(values.get("number"))
    if own and own[0] == prefix and own[1] == date.year:
        used.add(own[2])
    given = []
    for what, target, key in wanted:
        seq = max(used, default=0) + 1
        used.add(seq)
        target[key] = format_number(prefix, date.year, seq)
        given.append((what, target[key]))
    if step.name == "feedback":
        _in_record_order(step, values)
    return given


def _in_record_order(step: Step, values: dict[str, Any]) -> None:
    """Keys go into the file in the order the model declares them, whatever order they came in."""
    order = list(_FIELDS[step.name])
    ordered = dict(sorted(values.items(), key=lambda item: order.index(item[0])))
    values.clear()
    values.update(ordered)


def _choice(option: StepField, word: str) -> str:
    code = word if word in option.choices else option.aliases.get(word)
    if code is None:
        names = {code: chinese for chinese, code in reversed(option.aliases.items())}
        known = "、".join(f"{c}（{names.get(c, c)}）" for c in option.choices)
        raise RecordRefused(f"没有“{word}”这种{option.title}。{option.clause}规定的{option.title}：{known}")
    return code


def _special_report(text: str) -> dict:
    """``标题|P1,P2|主要内容``: problem ids and summary are optional."""
    title, _, rest = text.partition("|")
    problems, _, summary = rest.partition("|")
    if not title.strip():
        raise RecordRefused("--special-report 须写明专题报告标题，格式：标题|问题编号,问题编号|主要内容")
    report: dict[str, Any] = {"title": title.strip()}
    ids = [p.strip() for p in problems.replace("，", ",").split(",") if p.strip()]
    if ids:
        report["problems"] = ids
    if summary.strip():
        report["summary"] = summary.strip()
    return report


def _require(step: Step, values: dict[str, Any], existing: object | None, date: str | None = "") -> None:
    """Every missing required option named in one message, not one refusal per run."""
    missing = [] if date else ["--date（日期）"]
    for option in OPTIONS[step.name]:
        if not option.required or option.name in values:
            continue
        if existing is not None and _get(existing, option.path) not in (None, ""):
            continue
        missing.append(f"--{option.name}（{option.title}）")
    if missing:
        raise RecordRefused(f"记录{step_label(step)}须填写：{'、'.join(missing)}"
                            + (f"（{step.clause}）" if step.clause else ""))


def _get(record: object, path: tuple[str, ...]) -> Any:
    for key in path:
        record = getattr(record, key, None)
        if record is None:
            return None
    return record


def _check_date(folder: InspectionFolder, step: Step, date: dt.date, request: Request) -> None:
    label = step_label(step)
    problem = None if request.allow_future else future_problem(f"{label}的日期", date, request.today)
    if problem:
        raise RecordRefused(problem)
    opened = folder.inspection.opened if folder.inspection else None
    if opened is not None and date < opened:
        raise RecordRefused(f"{label}的日期 {date} 早于本轮巡查开启日期 {opened}（inspection.yaml 的 opened）（四（一））")
    missing = missing_prerequisites(folder, step)
    if missing:
        names = "、".join(step_label(s) for s in missing)
        clause = order_clause(step, missing[0])
        raise RecordRefused(f"巡查 {folder.id} 尚未记录{names}，不能记录{label}：须先完成前一环节（{clause}）")
    previous = previous_recorded(folder, step)
    if previous is not None and date < previous[1]:
        before, before_date = previous
        clause = order_clause(step, before)
        raise RecordRefused(f"{label}的日期 {date} 早于前一环节{step_label(before)}的日期 {before_date}（{clause}）")
    if step.repeatable:
        end = folder.end.date if folder.end else None
        if end is not None and date > end:
            raise RecordRefused(f"工作记录日期 {date} 晚于巡查结束日期 {end}：工作方式只能在巡查期间采用（四（三））")
    if step.name == "enter" and folder.activities is not None:
        early = [a.date for a in folder.activities.activities if a.date and a.date < date]
        if early:
            raise RecordRefused(f"进驻日期 {date} 晚于已记录的工作日期 {min(early)}：工作方式只能在进驻之后采用（四（三））")
    if step.name == "end" and folder.activities is not None:
        late = [a.date for a in folder.activities.activities if a.date and a.date > date]
        if late:
            raise RecordRefused(f"巡查结束日期 {date} 早于已记录的工作日期 {max(late)}：结束日期应是最后一天在驻地（二（一））")
    if step.name == "close":
        remaining = unsettled_problems(folder, date)
        if remaining:
            listed = "、".join(f"{p.id}（{p.title}）" for p in remaining)
            raise RecordRefused(f"仍有问题既未销号、也未写明理由移交，不能对巡查 {folder.id} 销号：{listed}"
                                f"（移交须在 problems.yaml 的 handoffs 中写明 note）（四（七））")
    _check_later_steps(folder, step, date)


def _check_later_steps(folder: InspectionFolder, step: Step, date: dt.date) -> None:
    """An amended date must not jump past a step already recorded after it."""
    for later in STEPS:
        if step.name not in later.after or later.repeatable:
            continue
        later_date = step_date(folder, later)
        if later_date is not None and later_date < date:
            raise RecordRefused(f"{step_label(step)}的日期 {date} 晚于其后已记录的{step_label(later)}的日期 {later_date}"
                                f"（{later.clause or step.clause}）")


def _fill(document, step: Step, date: dt.date, values: dict[str, Any]):
    from ruamel.yaml.comments import CommentedMap

    options = _FIELDS[step.name]
    document["date"] = date
    for name, value in values.items():
        option = options[name]
        target = document
        for key in option.path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = CommentedMap()
            target = target[key]
        target[option.path[-1]] = _yaml_value(option, value)
    if "announcement" in document and "media" in document["announcement"] and "date" not in document["announcement"]:
        # The announcement is published when the team enters unless the clerk says otherwise (四（二）).
        # A distinct object: ruamel would write one value held twice as an anchor and an alias (&id001).
        document["announcement"]["date"] = dt.date.fromordinal(date.toordinal())
    return document


def _yaml_value(option: StepField, value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if option.kind == "no-flag":
        return False
    if option.kind == "list":
        return CommentedSeq(value)
    if option.kind == "records":
        return CommentedSeq(CommentedMap(item) for item in value)
    return value


def _append_activity(document, date: dt.date, values: dict[str, Any]):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(document.get("activities"), list):
        document["activities"] = CommentedSeq()
    entry = CommentedMap()
    entry["date"] = date
    for key in _FIELDS["activity"]:
        if key in values:
            entry[key] = values[key]
    document["activities"].append(entry)
    return document


def _feedback_person(records: Records, folder: InspectionFolder, text: str, date: dt.date) -> str:
    """--by names a person of the roster (id or name); feedback is given by the team's own 组长 (四（五）)."""
    from .persons import UnknownPerson, feedback_by_problem, resolve_person

    try:
        person = resolve_person(records, text, date)
    except UnknownPerson as exc:
        raise RecordRefused(str(exc)) from None
    problem = feedback_by_problem(records, folder, person.id, date)
    if problem:
        raise RecordRefused(problem)
    return person.id


def _check_repeated_activity(folder: InspectionFolder, date: dt.date, values: dict[str, Any]) -> None:
    """The same work entered twice is one activity, not two: a second run of the command is refused."""
    for number, activity in enumerate(folder.activities.activities if folder.activities else [], start=1):
        if (activity.date == date and activity.method == values.get("method")
                and (activity.summary or "").strip() == (values.get("summary") or "").strip()
                and (activity.place or None) == (values.get("place") or None)):
            raise RecordRefused(f"巡查 {folder.id} 已记录过这条工作记录（activities.yaml 第 {number} 条：{date} "
                                f"{WORKING_METHOD_NAMES.get(activity.method, activity.method)}，{activity.summary}），"
                                f"不重复记录（四（三））")


def _title(step: Step, name: str) -> str:
    return _FIELDS[step.name][name].title


def _shown(value: Any) -> str:
    if isinstance(value, str) and value in WORKING_METHOD_NAMES:
        return WORKING_METHOD_NAMES[value]
    if isinstance(value, list):
        return "、".join(v["title"] if isinstance(v, dict) else str(v) for v in value)
    if value is True:
        return "是"
    return str(value)

