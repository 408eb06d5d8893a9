"""Where rendered documents go, which ones `render all` makes, and PDF through LibreOffice.

Every document of a command is built in memory first; only when all of them built does
anything touch the disk, so a missing field never leaves half a set behind.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.tree import Records
from ..records.paths import round_of
from .context import KIND_NAMES, PER_PROBLEM_KINDS, RenderError
from .document import OfficialDocument
from .gbt9704 import docx_bytes
from .templates import Session, build

OUT_DIR = "out"
INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法转换为 PDF。请先安装：\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer fonts-noto-cjk\n"
    "  Windows：从 https://zh-cn.libreoffice.org 下载安装，并将 soffice.exe 所在目录加入 PATH\n"
    "也可以不加 --pdf，只生成 .docx"
)


class OutputError(Exception):
    pass


@dataclass
class PreparedOutput:
    path: Path
    document: OfficialDocument


@dataclass
class Failed:
    """A document `render all` could not build: where it would have gone and why (file, field, fix)."""

    path: Path
    reason: str


def default_dir(records: Records, ident: str) -> Path:
    """out/<ID>/ beside records/: outside the records, so rendered papers never enter the ledger's git history."""
    return records.root.parent / OUT_DIR / ident


def kinds_reached(records: Records, inspection_id: str) -> list[str]:
    """The documents an inspection has reached, read off its recorded steps."""
    folder = records.inspections.get(inspection_id)
    if folder is None:
        raise RenderError(f"records/inspections/{inspection_id} 不存在：没有编号为“{inspection_id}”的巡查")
    kinds = []
    if folder.authorization:
        kinds.append("authorization")
    if folder.notice:
        kinds.append("notice")
    if folder.entry:
        kinds.append("announcement")
    if folder.report:
        kinds.append("report")
        if folder.report.special_reports:
            kinds.append("special-report")
    if folder.feedback:
        kinds += ["feedback", "rectification-notice"]
    problems = folder.problem_list()
    if any(h.to in ("local", "discipline") for p in problems for h in p.handoffs):
        kinds.append("handoff")
    if any(p.major_hazard and any(h.to == "listed-supervision" for h in p.handoffs) for p in problems):
        kinds.append("supervision")
    if any(e.kind != "accountability-proposal" for p in problems for e in p.escalations):
        kinds.append("urge")
    if folder.result_notice:
        kinds.append("result")
    if folder.feedback and (folder.rectification_plan or folder.rectification_report):
        kinds.append("disclosure")  # 五（五）：整改方案和整改落实情况向社会公开
    return kinds


def prepare_outputs(records: Records, kind: str, ident: str, problem: str | None, output: Path | None,
                 *, pdf: bool = False, session: Session | None = None,
                 failures: list[Failed] | None = None) -> list[PreparedOutput]:
    """The documents to write.  For `all` with ``failures``, a document that cannot be built is
    listed there and the rest are still planned: one missing 文号 never costs the other papers."""
    if pdf and soffice() is None:
        raise OutputError(INSTALL_HINT)
    session = session or Session(records)
    found_round = round_of(ident)
    if found_round is not None:
        return _round_outputs(records, kind, ident, found_round, output, problem, session, failures)
    return _outputs(records, kind, ident, problem, output, session, failures)


def _round_outputs(records: Records, kind: str, ident: str, found_round: tuple[int, int],
                   output: Path | None, problem: str | None, session: Session,
                   failures: list[Failed] | None = None) -> list[PreparedOutput]:
    """`render all 2020-1`: every document each inspection of the round has reached, a folder each."""
    year, number = found_round
    if kind != "all" or problem is not None:
        raise RenderError(f"按轮次（{ident}）只能生成全部公文（all）；一种公文或一个问题请写巡查编号，如 {ident}-dongtai")
    if output is not None and output.suffix.lower() == ".docx":
        raise OutputError(f"按轮次生成多份公文，-o 应指定目录而不是文件：{output}")
    members = [member for member, folder in sorted(records.inspections.items())
               if folder.inspection is not None and (folder.inspection.year, folder.inspection.round) == (year, number)]
    if not members:
        raise RenderError(f"{year}年第{number}轮没有已开启的巡查（records/inspections/{ident}-*）")
    planned: list[PreparedOutput] = []
    for member in members:
        if not kinds_reached(records, member):
            continue  # opened but not yet authorized: nothing to print for it yet
        folder = output / member if output is not None else default_dir(records, member)
        planned += _outputs(records, "all", member, None, folder, session, failures)
    if not planned and not failures:
        raise RenderError(f"{year}年第{number}轮的巡查尚无可生成的公文")
    return planned


def _outputs(records: Records, kind: str, ident: str, problem: str | None, output: Path | None,
             session: Session, failures: list[Failed] | None = None) -> list[PreparedOutput]:
    if kind == "all":
        if ident.isdigit():
            plan = records.plans.get(int(ident))
            kinds = ["plan", "disclosure"] if plan is not None and plan.disclosure else ["plan"]
        else:
            kinds = kinds_reached(records, ident)
    else:
        if kind not in KIND_NAMES:
            raise RenderError(f"未知的公文种类“{kind}”，可选：{'、'.join(KIND_NAMES)}、all")
        if problem is not None and kind not in PER_PROBLEM_KINDS:
            raise RenderError(f"--problem 只适用于{'、'.join(PER_PROBLEM_KINDS)}")
        kinds = [kind]
    built: list[tuple[str, OfficialDocument]] = []
    missed: list[tuple[str, str]] | None = [] if kind == "all" and failures is not None else None
    for k in kinds:
        built += build(records, k, ident, problem if k in PER_PROBLEM_KINDS else None, session=session,
                       failures=missed)
    folder = output if output is not None else default_dir(records, ident)
    if missed:
        failures.extend(Failed(folder / f"{stem}.docx", reason) for stem, reason in missed)
    if not built:
        if missed:
            return []
        raise RenderError(f"巡查“{ident}”没有可生成的{KIND_NAMES.get(kind, '公文')}")
    single = len(built) == 1 and kind != "all"
    if output is not None and single and output.suffix.lower() == ".docx":
        return [PreparedOutput(output, built[0][1])]
    if output is not None and output.suffix.lower() == ".docx":
        raise OutputError(f"本次生成{len(built)}份公文，-o 应指定目录而不是文件：{output}")
    return [PreparedOutput(folder / f"{stem}.docx", doc) for stem, doc in built]


def write_outputs(planned: list[PreparedOutput], *, pdf: bool = False) -> list[Path]:
    from ..records.writer import atomic_write

    written: list[Path] = []
    blobs = []
    for item in planned:  # every file built before the first is written: a set is never left half done
        try:
            blobs.append((item.path, docx_bytes(item.document)))
        except ValueError as exc:  # lxml: a character Word cannot hold (a control character)
            raise OutputError(f"{item.path.name}：公文含有 Word 文件不能容纳的字符（{exc}）") from None
    try:
        for path, blob in blobs:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob)
            written.append(path)
        if pdf:
            for item in planned:
                written.append(to_pdf(item.path))
    except OSError as exc:
        raise OutputError(f"写入失败：{exc}") from None
    return written


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path) -> Path:
    exe = soffice()
    if exe is None:
        raise OutputError(INSTALL_HINT)
    target = docx_path.with_suffix(".pdf")
    # A private profile: a clerk's open LibreOffice window would otherwise swallow the
    # headless conversion and return without writing anything.
    with tempfile.TemporaryDirectory(prefix="xuncha-lo-") as profile:
        try:
            result = subprocess.run(
                [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(docx_path.parent), str(docx_path)],
                capture_output=True, text=True, timeout=180,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice 转换 {docx_path.name} 超过3分钟未完成，已放弃；.docx 已生成") from None
    if result.returncode != 0 or not target.is_file():
        raise OutputError(f"LibreOffice 转换 PDF 失败：{(result.stderr or result.stdout).strip()}")
    return target
