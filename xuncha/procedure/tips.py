"""The tip log after intake: list, show, and record how a tip was handled and the informant called back.

四（二）: the team receives 来访来信来电 while on site; what became of each, and the 回访 (calling
the informant back with the outcome), belong in the same ledger line.  The informant's
identity stays in the confidential store (五（三）); every text written here passes the
same identity check as ``tip add``.
"""

from __future__ import annotations

import datetime as dt

from ..model.problems import TIP_CHANNEL_NAMES, Tip
from ..model.tree import Records
from ..records.transaction import commit_message
from ..records.writer import Changeset, scalar_text
from .problem_status import LedgerRefused
from .ledger import PreparedChange, _folder, _problem, _tips_path, check_tip_text

# Fields a clerk may update after intake: option name -> (YAML key, Chinese title).
UPDATABLE = {
    "handling": ("handling", "办理情况"),
    "outcome": ("outcome", "办理结果"),
    "problem": ("problem", "据此查实的问题编号"),
    "callback": ("callback", "回访日期"),
    "callback-note": ("callback_note", "回访情况"),
}


def find_tip(records: Records, inspection_id: str, tip_id: str) -> Tip:
    folder = _folder(records, inspection_id)
    for tip in folder.tip_list():
        if tip.id == tip_id:
            return tip
    known = "、".join(t.id for t in folder.tip_list()) or "（暂无）"
    raise LedgerRefused(f"{inspection_id} 的 tips.yaml 中没有编号为 {tip_id} 的来访来信来电（现有：{known}）")


def tip_row(inspection_id: str, tip: Tip) -> dict:
    return {
        "inspection": inspection_id, "id": tip.id,
        "received": tip.received.isoformat() if tip.received else None,
        "channel": tip.channel, "channel_name": TIP_CHANNEL_NAMES.get(tip.channel, tip.channel or ""),
        "summary": tip.summary, "handling": tip.handling, "outcome": tip.outcome, "problem": tip.problem,
        "callback": tip.callback.isoformat() if tip.callback else None, "callback_note": tip.callback_note,
        "informant": bool(tip.informant_ref),
    }


def tip_rows(records: Records, inspection_id: str | None = None) -> list[dict]:
    if inspection_id is not None:
        folders = [_folder(records, inspection_id)]
    else:
        folders = [records.inspections[i] for i in sorted(records.inspections)]
    return [tip_row(folder.id, tip) for folder in folders for tip in folder.tip_list()]


def prepare_update_tip(records: Records, inspection_id: str, tip_id: str, *, values: dict[str, object]) -> PreparedChange:
    """Record the handling, outcome or 回访 of one tip; only what was given changes."""
    folder = _folder(records, inspection_id)
    tip = find_tip(records, inspection_id, tip_id)
    given = {name: value for name, value in values.items() if value not in (None, "")}
    if not given:
        options = "、".join(f"--{name}" for name in UPDATABLE)
        raise LedgerRefused(f"没有给出要更新的内容：可用 {options}（四（二））")
    check_tip_text({f"{UPDATABLE[name][1]}（--{name}）": value for name, value in given.items()
                    if isinstance(value, str)})
    if "problem" in given:
        _problem(folder, str(given["problem"]))
    callback = given.get("callback")
    if isinstance(callback, dt.date):
        if tip.received and callback < tip.received:
            raise LedgerRefused(f"回访日期 {callback} 早于受理日期 {tip.received}（四（二））")
    changed = {name: value for name, value in given.items() if getattr(tip, UPDATABLE[name][0]) != value}
    if not changed:
        raise LedgerRefused(f"{inspection_id} {tip_id} 已是所给内容，没有改动")

    def edit(document):
        for item in document.get("tips") or []:
            if scalar_text(item.get("id")) == tip_id:
                for name, value in changed.items():
                    item[UPDATABLE[name][0]] = value
                return
        raise LedgerRefused(f"{inspection_id}/tips.yaml 中找不到 {tip_id}")

    changes = Changeset()
    changes.edit(_tips_path(folder), edit)
    titles = "、".join(UPDATABLE[name][1] for name in changed)
    # The commit names what changed, never the texts: they are checked, but git keeps them for ever.
    message = commit_message("tip update", f"{inspection_id} {tip_id}", clause="四（二）",
                             summary="更新来访来信来电的办理情况", details=[f"更新：{titles}"])
    return PreparedChange(changes, message, f"已更新举报 {inspection_id} {tip_id} 的{titles}", tip_id)
