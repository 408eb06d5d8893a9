"""Render a KIND of document from the records: template -> markup -> OfficialDocument.

Templates are the office's to edit: ``templates/<kind>.j2`` beside the records (the folder
that holds records/) wins over the bundled one.  They run in Jinja's immutable sandbox with
strict undefined, so a template can neither reach outside its context, nor change what the
next document of the same run is built from, nor print a blank.

Compiled templates are kept in ``.xuncha-cache/templates/`` beside the records: Jinja keys
each on the template's name and checks the source's hash before use, so an edited template
is always compiled afresh; a cache that cannot be written or read is simply not used.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, StrictUndefined, TemplateError, TemplateNotFound, UndefinedError
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError

from ..bundled import templates_folder
from ..model.tree import Records
from ..records.cache import ensure_cache_dir
from .context import KIND_NAMES, PUBLIC_KINDS, ContextBuilder, Instance, Missing, RenderError, plan_document_date
from .document import OfficialDocument
from .kinds import Disagreement, apply, declaration
from .markup import MarkupError, literal, parse
from .sandbox import ConfinedLoader, LimitedEnvironment, RenderLimit, TemplateRefused, check_printed, render_limited

BUNDLED_TEMPLATES = templates_folder()
SUFFIX = ".j2"


class _Printed:
    """Jinja's finalize: flattens every value a template prints and remembers the text printed.

    The markup is line-oriented: a newline or a table bar inside a record value would split a
    paragraph or a table cell, so every printed value is flattened.  What was printed tells the
    layout which words came from the records (the target's name, the team's) and must not be
    split across the lines of a title.
    """

    def __init__(self) -> None:
        self.values: list[str] = []

    def __call__(self, value):
        if isinstance(value, str):
            check_printed(value)
            value = _LINE_BREAKS.sub("", value).replace("|", "｜")
            self.values.append(value)
            return literal(value)
        return value


# Every character str.splitlines() breaks at: a pasted U+2028 must not split a paragraph either.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def template_dirs(records: Records) -> list[Path]:
    """Where templates are looked for, first found wins: the office's own, then xuncha's."""
    return [records.root.parent / "templates", BUNDLED_TEMPLATES]


def template_file(records: Records, kind: str) -> Path | None:
    """The file ``render`` uses for ``kind`` (the office's copy when it has one), or None."""
    for folder in template_dirs(records):
        candidate = folder / (kind + SUFFIX)
        if candidate.is_file():
            return candidate
    return None


def _not_found(records: Records, name: str) -> str:
    places = "、".join(str(folder / name) for folder in template_dirs(records))
    return (f"找不到模板 {name}：已查找 {places}。"
            f"台账上级目录的 templates/ 可放本单位修改的模板；xuncha 自带的模板随安装提供，缺失时请重新安装 xuncha")


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's own bytecode cache, made harmless: never an error for the document being rendered."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or foreign: compile from the source instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a read-only office folder renders all the same, only compiling each time
            pass


def _bytecode_cache(records: Records) -> _CompiledTemplates | None:
    try:
        return _CompiledTemplates(str(ensure_cache_dir(records.root, "templates")))
    except OSError:
        return None


def environment(records: Records) -> LimitedEnvironment:
    env = LimitedEnvironment(
        loader=ConfinedLoader(template_dirs(records)),
        bytecode_cache=_bytecode_cache(records),
        undefined=StrictUndefined,
        finalize=_Printed(),
        trim_blocks=False,  # blank lines are ignored by the markup; a block tag must not eat a line end
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["numeral"] = lambda n: "一二三四五六七八九十"[int(n) - 1]
    env.filters["sentence"] = sentence
    return env


# What may end a sentence of an official document, with the closing quotes that may follow it.
_ENDS = "。！？；…"
_CLOSERS = "”’」』"


def sentence(text) -> str:
    """Text the clerk typed, ended as a sentence: 对照问题清单逐项整改 -> 对照问题清单逐项整改。
    A typed ASCII full stop becomes the Chinese one; a sentence already ended is left alone."""
    value = str(text).rstrip()
    if not value:
        return value
    core = value.rstrip(_CLOSERS)
    if core and core[-1] in _ENDS:
        return value
    if core.endswith((".", "!", "?", ";")):
        return core[:-1] + {".": "。", "!": "！", "?": "？", ";": "；"}[core[-1]] + value[len(core):]
    return value + "。"


def _template_line(exc: BaseException, name: str, *, bare: bool = False) -> str:
    """Where in the template the error arose: the innermost frame of the template's own code
    (an include's or a macro's line is the line of the template that called it)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    if bare:
        return f" 第{line}行" if line else ""
    return f"（模板 templates/{name} 第{line}行）" if line else f"（模板 templates/{name}）"


def render_markup(records: Records, template: str, context: dict,
                  env: LimitedEnvironment | None = None) -> str:
    name = template + SUFFIX
    env = env or environment(records)
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise RenderError(_not_found(records, name)) from None
    except TemplateRefused as exc:
        raise RenderError(str(exc)) from None
    except TemplateError as exc:
        raise RenderError(f"模板 templates/{name} 有语法错误：{exc}") from None
    if isinstance(env.finalize, _Printed):
        env.finalize.values.clear()
    try:
        return render_limited(template, context)
    except (TemplateRefused, RenderLimit) as exc:
        raise RenderError(f"模板 templates/{name}{_template_line(exc, name, bare=True)}：{exc}") from None
    except TemplateNotFound as exc:
        raise RenderError(f"模板 templates/{name}{_template_line(exc, name, bare=True)}引用的模板 {exc.name} 不存在") from None
    except UndefinedError as exc:
        where = _template_line(exc, name)
        message = str(exc)
        if "has no attribute" in message or "is undefined" in message:
            # Not a hint of ours: the template names a field the records never have.
            message = f"模板引用了台账中没有的字段：{message}"
        raise RenderError(f"{message}{where}") from None
    except SecurityError as exc:
        found = re.search(r"attribute '([^']+)'", str(exc))
        what = f"“{found.group(1)}”" if found else "受限的内容"
        raise RenderError(f"模板 templates/{name} 只能读取台账，不得修改它或访问{what}"
                          f"{_template_line(exc, name)}") from None
    except TemplateError as exc:
        raise RenderError(f"模板 templates/{name} 出错：{exc}{_template_line(exc, name)}") from None
    except RecursionError:
        raise RenderError(f"模板 templates/{name} 递归过深（宏或 include 调用自身），已停止生成") from None
    except OverflowError as exc:  # the sandbox's own cap on range()
        raise RenderError(f"模板 templates/{name}{_template_line(exc, name, bare=True)}：数值过大，"
                          f"range() 在模板中最多 100000 项，已停止生成") from None
    except MemoryError:
        raise RenderError(f"模板 templates/{name} 生成的内容过大，内存不足，已停止生成") from None
    except Exception as exc:  # the template's own arithmetic or a filter given the wrong kind of value
        raise RenderError(f"模板 templates/{name}{_template_line(exc, name, bare=True)}运行出错"
                          f"（{type(exc).__name__}：{exc}），请检查该行的表达式") from None


class Session:
    """What the documents of one command share: the records' contexts and the compiled templates."""

    def __init__(self, records: Records):
        self.records = records
        self.builder = ContextBuilder(records)
        self.env = environment(records)
        self.templates_used: dict[str, Path | None] = {}  # template name -> the file it came from
        self._dated: dict = {}

    def builder_on(self, day) -> ContextBuilder:
        """Contexts from the ledger as it stood on ``day`` (a document's own date), built once per date."""
        if day is None:
            return self.builder
        builder = self._dated.get(day)
        if builder is None:
            from ..procedure.asof import ledger_as_of

            dated = ledger_as_of(self.records, day)
            builder = self.builder if dated is self.records else ContextBuilder(dated)
            self._dated[day] = builder
        return builder


def build(records: Records, kind: str, ident: str, problem: str | None = None, *,
          session: Session | None = None, failures: list | None = None) -> list[tuple[str, OfficialDocument]]:
    """Every document of ``kind`` for ``ident`` (a year for plan), fully built in memory.

    Raises RenderError before anything is written, so a caller that writes only after
    this returns never leaves part of a set on disk.  With ``failures`` (`render all`), a
    document that cannot be built is listed there as (stem, reason) and the others are built.
    """

    def failed(stem: str, exc: RenderError) -> None:
        if failures is None:
            raise exc
        failures.append((stem, str(exc)))

    if kind not in KIND_NAMES:
        raise RenderError(f"未知的公文种类“{kind}”，可选：{'、'.join(KIND_NAMES)}")
    session = session or Session(records)
    builder = session.builder
    public = kind in PUBLIC_KINDS
    template = kind
    if kind == "plan" or (kind == "disclosure" and ident.isdigit()):
        if not ident.isdigit():
            raise RenderError(f"年度安全生产巡查工作方案按年度生成，请写年份（如 2020），收到“{ident}”")
        # 五（五）: the approved annual plan is disclosed too; a year names it.
        template = "plan" if kind == "plan" else "disclosure-plan"
        day = plan_document_date(records.plans.get(int(ident)), kind)
        contexts = [(template, {**session.builder_on(day).plan(int(ident)), "document_date": _shown_date(day)})]
    else:
        contexts = []
        try:
            instances = builder.instances(kind, ident, problem)
        except RenderError as exc:
            failed(kind, exc)
            instances = []
        for inst in instances:
            try:
                # Every document shows the ledger as of its own date, never what happened after it.
                dated = session.builder_on(inst.date)
                if dated is not builder:
                    # The same document in the earlier ledger: by the record it is made from where
                    # there is one (a stem's index may differ once later records are cut off).
                    same = [i for i in dated.instances(kind, ident)
                            if (i.source is inst.source if inst.source is not None else i.stem == inst.stem)]
                    if same:
                        inst = Instance(inst.stem, same[0].extra, inst.date, inst.source)
                base = dated.inspection(ident, public=public)
            except RenderError as exc:
                failed(inst.stem, exc)
                continue
            contexts.append((inst.stem, {**base, **inst.extra, "document_date": _shown_date(inst.date)}))
    session.templates_used.setdefault(template, template_file(records, template))
    documents = []
    for stem, context in contexts:
        try:
            documents.append((stem, _document(records, session, template, context, public)))
        except RenderError as exc:
            failed(stem, exc)
    return documents


def _document(records: Records, session: Session, template: str, context: dict, public: bool) -> OfficialDocument:
    text = render_markup(records, template, context, session.env)
    try:
        doc = parse(text)
    except MarkupError as exc:
        raise RenderError(f"模板 templates/{template}{SUFFIX} 的输出不合格式：{exc}") from None
    doc.keep_whole = sorted({v for v in session.env.finalize.values if len(v) >= 2 and v in doc.title})
    if public and not doc.public:
        raise RenderError(f"模板 templates/{template}{SUFFIX} 是面向社会公开的公文，须写“公开：是”")
    try:
        apply(doc, declaration(template, context), context)
    except Disagreement as exc:
        raise RenderError(f"模板 templates/{template}{SUFFIX}：{exc}") from None
    except UndefinedError as exc:  # a sender or recipient the records do not name
        raise RenderError(str(exc)) from None
    return doc


def _shown_date(day) -> object:
    from .context import chinese_date, missing

    return chinese_date(day) if day is not None else missing("该公文的成文日期未记录，无法生成")


__all__ = ["build", "render_markup", "template_file", "Session", "Missing", "RenderError", "BUNDLED_TEMPLATES"]
