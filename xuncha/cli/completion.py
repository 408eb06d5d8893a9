"""Shell completion helpers for arguments other commands take (typer's `autocompletion=`).

Enable once per shell with `xuncha --install-completion` (bash or zsh), then open a new
terminal.  Completion runs on every Tab, so these read only folder names and the steps
table: no YAML is parsed.
"""


def complete_inspection_id(incomplete: str) -> list[str]:
    """Inspection ids (the folders of records/inspections/) starting with what was typed."""
    from ..records.loader import INSPECTIONS_DIR
    from ..records.paths import RecordsNotFound, find_records
    from .common import state

    try:
        root = find_records(state.records_option)
    except RecordsNotFound:
        return []
    folder = root / INSPECTIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and p.name.startswith(incomplete))


def complete_step(incomplete: str) -> list[tuple[str, str]]:
    """Step names of 四、巡查程序 in order, each with the seed's word as its help; Chinese words match too."""
    from ..procedure.steps import STEPS

    return [(step.name, f"{step.chinese}（{step.clause}）" if step.clause else step.chinese)
            for step in STEPS if step.name.startswith(incomplete) or step.chinese.startswith(incomplete)]
