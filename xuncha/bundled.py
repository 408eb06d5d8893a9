"""Where the data xuncha ships with is, wherever xuncha is installed.

A wheel carries the document templates and the example records inside the package
(``xuncha/_templates``, ``xuncha/_example``: see setup.py).  In a source checkout or an
editable install they are the repository's own top-level ``templates/`` and ``records/``,
the single copies the wheel is built from.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_FOLDERS = {"_templates": "templates", "_example": "records"}


def _bundled(name: str) -> Path:
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / _SOURCE_FOLDERS[name]


def templates_folder() -> Path:
    """The document templates shipped with xuncha (``<kind>.j2``)."""
    return _bundled("_templates")


def example_records() -> Path:
    """The bundled example records/ (the 2020 plan and three inspections of round 1)."""
    return _bundled("_example")
