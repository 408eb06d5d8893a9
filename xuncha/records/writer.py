"""Write record files: round-trip YAML edits that keep the clerk's comments, and atomic changesets.

Every command that changes records builds one Changeset and applies it at the end: all
new contents are prepared first, then each file is swapped in with os.replace.  If any
swap fails, the files already swapped are put back, so a command that fails part-way
leaves every file exactly as it was.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable

from ..refusal import Refusal
from .errors import os_reason

SCHEMA_COMMENT = "# yaml-language-server: $schema="


def schema_header(path: Path, schema: Path) -> str:
    """The first line of a record file that tells the editor which schema describes it.

    The path is relative, so it keeps working wherever the office clones the records.
    """
    relative = os.path.relpath(Path(schema).resolve(), Path(path).parent.resolve())
    return SCHEMA_COMMENT + Path(relative).as_posix()


class WriteError(Refusal):
    """A record file could not be written; nothing was changed."""


class _AsWritten:
    """A number or boolean that keeps the clerk's spelling, on the page and as a string."""

    text: str

    def __new__(cls, value, text: str):
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec) if not spec or spec[-1:] == "s" else super().__format__(spec)


class TextInt(_AsWritten, int):
    """An integer as the clerk wrote it.  ruamel would write ``+8651588201234`` back as
    ``8651588201234`` and ``-0`` as ``0``, and ``str()`` of ``02`` is ``2`` where the reader
    (and the clerk) see ``02``: these keep their text, on the page and as a string."""


class TextFloat(_AsWritten, float):
    """A float as the clerk wrote it: ``1e3`` stays ``1e3`` (``str()`` would say ``1000.0``), ``.inf``
    stays ``.inf``; an id spelled like a number is found by the text the reader returns."""


class TextBool(_AsWritten, int):
    """``True`` or ``FALSE`` as written (ruamel would write ``true``/``false``); bool cannot be
    subclassed, so this is the int 1 or 0, truthy and equal to True/False as a bool is."""

    def __repr__(self) -> str:
        return self.text


def scalar_text(value) -> str:
    """The text the fast reader gives for a scalar of a round-trip document: ids and references
    are compared by it, so an id written ``true``, ``1e3`` or ``0o10`` is found as typed."""
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _classes():
    """The round-trip constructor and representer that keep the text of numbers and booleans, made once."""
    global _CLASSES
    if _CLASSES is None:
        from ruamel.yaml.constructor import RoundTripConstructor
        from ruamel.yaml.representer import RoundTripRepresenter

        class Constructor(RoundTripConstructor):
            def construct_yaml_int(self, node):
                value = super().construct_yaml_int(node)
                if not node.style and str(int(value)) != node.value:  # 02, +86…, -0, 0o10, 0x1F, 1_000
                    return TextInt(int(value), node.value)
                return value

            def construct_yaml_float(self, node):
                value = super().construct_yaml_float(node)
                if not node.style and str(float(value)) != node.value:  # 1e3, .inf, .NaN, 1.50
                    return TextFloat(float(value), node.value)
                return value

            def construct_yaml_bool(self, node):
                value = super().construct_yaml_bool(node)
                if not node.style and node.value not in ("true", "false"):  # True, FALSE
                    return TextBool(int(bool(value)), node.value)
                return value

        class Representer(RoundTripRepresenter):
            pass

        from ..model.base import EmptyList

        # A loaded record's empty list (model.base.EMPTY_LIST) written out as it is.
        Representer.add_representer(EmptyList, Representer.represent_list)

        Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
        Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)
        Constructor.add_constructor("tag:yaml.org,2002:bool", Constructor.construct_yaml_bool)
        for cls, tag in ((TextInt, "int"), (TextFloat, "float"), (TextBool, "bool")):
            Representer.add_representer(
                cls, lambda representer, data, tag=tag: representer.represent_scalar(f"tag:yaml.org,2002:{tag}", data.text))
        _CLASSES = (Constructor, Representer)
    return _CLASSES


_CLASSES = None


def yaml_rt():
    """A ruamel round-trip instance configured so unchanged lines come back byte for byte."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor, yaml.Representer = _classes()
    yaml.preserve_quotes = True
    yaml.width = 4096  # long Chinese lines must never be folded
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def load_rt(text: str):
    return yaml_rt().load(text)


def rewrite_problem(text: str) -> tuple[int, int, str] | None:
    """Where the round-trip parser that every edit goes through cannot read ``text`` though libyaml
    could (a TAB after ``summary:``): validate must refuse what ``record`` would then stumble on."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from .errors import explain_yaml, explain_yaml_plain

    try:
        load_rt(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return line, column, f"xuncha 改写此文件时无法读取：{explain_yaml(exc)}"
    except YAMLError as exc:
        return 1, 1, f"xuncha 改写此文件时无法读取：{explain_yaml_plain(exc)}"
    return None


def _load_for_edit(text: str, path: Path):
    """The document to edit, or a Chinese refusal naming the line the round-trip parser stops at."""
    from ruamel.yaml.error import YAMLError

    try:
        return load_rt(text)
    except YAMLError:
        line, column, message = rewrite_problem(text) or (1, 1, "文件无法解析")
        raise WriteError(f"{path.name}:{line}:{column}：{message}；本次未作任何改动") from None


def dump_rt(data: Any) -> str:
    stream = io.StringIO()
    yaml_rt().dump(data, stream)
    return stream.getvalue()


BOM = "\ufeff".encode("utf-8")


def read_text(raw: bytes) -> str:
    """A record file's text as the YAML tools want it: no BOM, LF line endings."""
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n") if "\r\n" in text else text


def encode_like(original: bytes | None, text: str) -> bytes:
    """``text`` (LF) encoded the way ``original`` was: a file saved on Windows with CRLF and a
    BOM comes back with both, so ``git diff`` shows the lines that changed and no others."""
    if original and b"\r\n" in original:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    if original and original.startswith(BOM) and not data.startswith(BOM):
        data = BOM + data
    return data


_SPELLED = re.compile(r"(?<=[\s:-])(~|null|Null|NULL|\.NaN|\.NAN|\.Nan)(?=\s*(#.*)?$)", re.MULTILINE)


def keep_spellings(original: str, dumped: str) -> str:
    """Put back the spelling of values ruamel re-spells: ``~``, ``null`` (written back as
    nothing) and ``.NaN`` (as ``.nan``).  Same value either way, but an untouched line must
    come back as the clerk wrote it.  Lines are matched in order, ignoring spaces."""
    if not _SPELLED.search(original):
        return dumped
    wanted = [(line, _squeezed(_SPELLED.sub(lambda m: "" if m.group(1)[0] != "." else ".nan", line)))
              for line in original.split("\n") if _SPELLED.search(line)]
    lines = dumped.split("\n")
    start = 0
    for index, line in enumerate(lines):
        squeezed = _squeezed(line)
        for position in range(start, len(wanted)):
            if wanted[position][1] == squeezed:
                lines[index] = wanted[position][0]
                start = position + 1
                break
    return "\n".join(lines)


def _squeezed(line: str) -> str:
    return "".join(line.split()).lower()


def atomic_write(path: Path, content: bytes, *, mode: int | None = None, temp_dir: Path | None = None) -> None:
    """Temp file, fsync, os.replace, fsync the folder.

    The temp file is made in ``temp_dir`` when given (the tool's state folder inside .git, so
    a command killed mid-write leaves nothing git would list), else beside ``path``; a
    ``temp_dir`` on another filesystem falls back to the file's own folder.
    The file keeps the mode it had (0644 when new) unless ``mode`` says otherwise; the temp
    file is created 0600, so a private file is never readable by others, not even briefly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if temp_dir is not None:
        try:
            if os.stat(temp_dir).st_dev != os.stat(path.parent).st_dev:
                temp_dir = None
        except OSError:
            temp_dir = None
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=temp_dir or path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        elif path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class Changeset:
    """The files one command changes, written all together or not at all."""

    def __init__(self) -> None:
        self._new: dict[Path, bytes] = {}
        # What each file held when the command read it (None: absent).  Written under the
        # writer lock, a file that no longer holds its base was changed by someone else
        # since, and the change is refused rather than silently overwriting theirs.
        self._base: dict[Path, bytes | None] = {}
        self._modes: dict[Path, int] = {}
        self._created_dirs: list[Path] = []

    def _remember_base(self, path: Path, base: bytes | None = None, *, read: bool = True) -> None:
        if path not in self._base:
            self._base[path] = base if not read else (path.read_bytes() if path.exists() else None)

    def items(self) -> list[tuple[Path, bytes, bytes | None, int | None]]:
        """(path, new content, content when read or None, file mode or None) for each file."""
        return [(path, content, self._base.get(path), self._modes.get(path)) for path, content in self._new.items()]

    @property
    def paths(self) -> list[Path]:
        return list(self._new)

    def __bool__(self) -> bool:
        return bool(self._new)

    def create(self, path: Path, data: Any, *, header: str | None = None) -> None:
        """A new file; refuses to overwrite one that exists."""
        if path.exists() or path in self._new:
            raise WriteError(f"{path} 已存在，工具不会覆盖已有的记录")
        text = data if isinstance(data, str) else dump_rt(data)
        if header:
            text = header.rstrip("\n") + "\n" + text
        self._remember_base(path, None, read=False)
        self._new[path] = text.encode("utf-8")

    def point_new_files_at(self, schema_for: Callable[[Path], Path | None]) -> None:
        """Put the yaml-language-server line first in every file this change creates, whichever
        command creates it (a step, the first problem or tip, a plan, a round, init): the clerk's
        editor then completes and checks the file when it is edited by hand.  ``schema_for`` gives
        a file's schema (``xuncha.schema.schema_for_file``) or None; files that existed are left alone."""
        for path, content in list(self._new.items()):
            if self._base.get(path) is not None:
                continue
            schema = schema_for(path)
            if schema is None or content.startswith(SCHEMA_COMMENT.encode("utf-8")):
                continue
            self._new[path] = (schema_header(path, schema) + "\n").encode("utf-8") + content

    def edit(self, path: Path, change: Callable[[Any], Any]) -> None:
        """Round-trip edit: ``change`` gets the loaded document (a CommentedMap) and edits it in place."""
        if path in self._new:
            raw = self._new[path]
        else:
            raw = path.read_bytes() if path.exists() else None
            self._remember_base(path, raw, read=False)
        original = read_text(raw) if raw else ""
        from ruamel.yaml.comments import CommentedMap

        document = _load_for_edit(original, path) if original.strip() else None
        if document is None:
            document = CommentedMap()
        result = change(document)
        if result is not None:
            document = result
        self._new[path] = encode_like(raw, keep_spellings(original, dump_rt(document)))

    def content(self, path: Path) -> bytes | None:
        """What ``path`` will hold once applied (None when this changeset leaves it alone)."""
        return self._new.get(path)

    def put(self, path: Path, content: bytes, *, mode: int | None = None) -> None:
        self._remember_base(path)
        if mode is not None:
            self._modes[path] = mode
        self._new[path] = content

    def apply(self) -> list[Path]:
        """Swap every prepared file in; on any failure restore the ones already swapped."""
        done: list[tuple[Path, bytes | None]] = []
        try:
            for path, content in self._new.items():
                before = path.read_bytes() if path.exists() else None
                atomic_write(path, content)
                done.append((path, before))
        except BaseException as exc:
            for path, before in reversed(done):
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write(path, before)
            _remove_empty_dirs(p for p, _ in done)
            if isinstance(exc, OSError):
                raise WriteError(f"写入 {path} 失败：{os_reason(exc)}；已恢复所有文件，台账未作改动") from exc
            raise
        return [path for path, _ in done]


def _remove_empty_dirs(paths) -> None:
    for path in paths:
        folder = path.parent
        try:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            pass
