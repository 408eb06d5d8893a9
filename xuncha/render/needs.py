"""Read only the records a document draws on: config, people, one year's plan and one inspection.

A document never looks at another inspection, so reading the whole tree (thousands of files
at province scale) would make one render cost seconds for nothing.  Everything a render
reads is still read and checked in full, so a broken file it depends on still refuses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model.diagnostics import Diagnostic
from ..model.tree import Records
from ..records.loader import INSPECTIONS_DIR, load, load_inspection, load_plans
from ..records.paths import MAX_ID_LENGTH, round_of


def load_for(root: Path, ident: str) -> tuple[Records, list[Diagnostic]]:
    """The records behind the documents of ``ident``: a year (its plan), a round or an inspection ID.

    A year reads that year's plan.  An inspection ID reads its folder and the plan of the
    year its inspection.yaml names; an ID with no folder reads no inspection, and rendering
    then says it does not exist, as it would with the whole tree read.  A round (2020-1)
    reads that year's plan and the folders ``new-round`` opened for it (2020-1-*).
    """
    # Without inspections the parse cache reads only its first shard (config, people, plans).
    if ident.isdigit():
        return load(root, inspections=False, years=[int(ident)])
    records, diagnostics = load(root, inspections=False, years=())
    found_round = round_of(ident)
    if found_round is not None:
        try:
            names = sorted(entry.name for entry in os.scandir(root / INSPECTIONS_DIR)
                           if entry.is_dir() and entry.name.startswith(ident + "-"))
        except OSError:
            names = []
        for name in names:
            diagnostics += _read_inspection(records, name)
        diagnostics += load_plans(records, [found_round[0]])
        return records, diagnostics
    folder = root / INSPECTIONS_DIR / ident
    if _plain_name(ident) and folder.is_dir():
        diagnostics += _read_inspection(records, ident)
        item = records.inspections[ident]
        if item.inspection is not None and item.inspection.year is not None:
            diagnostics += load_plans(records, [item.inspection.year])
    return records, diagnostics


def _read_inspection(records: Records, ident: str) -> list[Diagnostic]:
    item, found = load_inspection(records, ident)
    records.inspections[ident] = item
    return found


def _plain_name(ident: str) -> bool:
    # Only a folder directly under inspections/: never a path that leads elsewhere.
    return (ident not in ("", ".", "..") and "/" not in ident and "\\" not in ident
            and len(ident) <= MAX_ID_LENGTH)  # a longer name is no folder (and the OS refuses to look)
