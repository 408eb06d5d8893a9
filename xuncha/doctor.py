"""xuncha doctor: what a working setup needs, checked one by one, each gap with how to fix it.

A check is "blocking" when record work cannot go on properly without it (no audit trail,
records the tool refuses to build on); "warning" when only part of the work suffers
(PDF output, provisional deadlines, editor help).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

OK = "ok"
WARNING = "warning"
BLOCKING = "blocking"
CHECK_STATUS_NAMES = {OK: "通过", WARNING: "警告", BLOCKING: "阻断"}

# GB/T 9704 党政机关公文格式: title, body, first- and second-level headings.
OFFICIAL_FONTS = ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312")
FONT_USES = {"方正小标宋简体": "公文标题", "仿宋_GB2312": "正文", "黑体": "一级标题", "楷体_GB2312": "二级标题"}
CACHE_DIR = ".xuncha-cache"


@dataclass
class Check:
    name: str                 # what was checked, Chinese
    status: str               # ok / warning / blocking
    detail: str               # what was found, Chinese
    fix: str | None = None    # how to fix it, Chinese; None when nothing to do

    def as_json(self) -> dict:
        return asdict(self)


def run_checks(records_option: str | None, today: dt.date) -> list[Check]:
    checks: list[Check] = []
    root, found = _records_root(records_option)
    git_ok = _check_git(checks)
    if git_ok:
        _check_identity(checks, root.parent if root else Path.cwd())
        if root is not None:
            _check_repository(checks, root)
    if root is None:
        checks.append(Check("台账", BLOCKING, found,
                            "进入台账所在目录，或用 --records 指定；新建台账运行 xuncha init"))
        records = None
    else:
        records = _check_records(checks, root, today)
    _check_calendar(checks, records, today)
    _check_templates(checks, root)
    _check_libreoffice(checks)
    _check_fonts(checks)
    if root is not None:
        _check_cache(checks, root.parent / CACHE_DIR)
        _check_schema(checks, root)
    return checks


def blocks_work(checks: list[Check]) -> bool:
    return any(c.status == BLOCKING for c in checks)


# -- git ---------------------------------------------------------------------------------

def _records_root(option: str | None) -> tuple[Path | None, str]:
    from .records.paths import RecordsNotFound, find_records

    try:
        root = find_records(option)
    except RecordsNotFound as exc:
        return None, str(exc)
    return root, ""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def _check_git(checks: list[Check]) -> bool:
    if shutil.which("git") is None:
        checks.append(Check("git", BLOCKING, "未找到 git 程序：每条记录都要提交 git 作为审计留痕",
                            "安装 git（统信/麒麟/Ubuntu：sudo apt install git；Windows：安装 Git for Windows），"
                            "再重新打开终端"))
        return False
    version = _git(["--version"], Path.cwd()).stdout.strip()
    checks.append(Check("git", OK, version))
    return True


def _check_identity(checks: list[Check], where: Path) -> None:
    from .records.git import identity

    where = where if where.is_dir() else Path.cwd()
    name, email = identity(where)
    missing = [key for key, value in (("user.name", name), ("user.email", email)) if not value]
    if missing:
        checks.append(Check("git 身份", BLOCKING,
                            f"未设置 {'、'.join(missing)}：提交会失败，审计留痕无法记下是谁做的记录",
                            '运行 git config --global user.name "姓名" 和 '
                            'git config --global user.email "邮箱"（用本人真实姓名）'))
    else:
        checks.append(Check("git 身份", OK, f"{name} <{email}>"))


def _check_repository(checks: list[Check], root: Path) -> None:
    from .records import git

    repo = git.repo_root(root)
    if repo is None:
        checks.append(Check("git 仓库", BLOCKING, f"{root} 不在 git 仓库中：改动不会留下审计记录",
                            f"在 {root.parent} 运行 git init，再 git add -A && git commit -m 导入台账"))
        return
    operation = git.operation_in_progress(repo)
    if operation:
        checks.append(Check("git 仓库", BLOCKING, f"仓库正处于未完成的{operation}状态，工具会拒绝写入",
                            "完成或放弃该操作（git status 会提示怎么做）"))
        return
    uncommitted = _uncommitted_records(repo, root)
    if uncommitted:
        shown = "、".join(uncommitted[:5]) + ("等" if len(uncommitted) > 5 else "")
        checks.append(Check("git 仓库", WARNING,
                            f"{repo.as_posix()}：{len(uncommitted)} 个台账文件尚未提交（{shown}），不在审计留痕中",
                            "核对无误后提交：git add records && git commit -m \"说明改了什么\"；不该有的改动用 git checkout 撤销"))
    else:
        checks.append(Check("git 仓库", OK, repo.as_posix()))
    _check_merge_driver(checks, repo, root)
    config = repo / ".pre-commit-config.yaml"
    hooks = Path(_git(["rev-parse", "--git-path", "hooks"], repo).stdout.strip() or ".git/hooks")
    hook = (hooks if hooks.is_absolute() else repo / hooks) / "pre-commit"
    if config.is_file() and not hook.is_file():
        checks.append(Check("提交前检查", WARNING, ".pre-commit-config.yaml 已有，但本仓库尚未启用：错误的记录仍可提交",
                            f"在 {repo} 运行 pre-commit install"))
    if config.is_file():
        _check_hook_interpreter(checks, config)


def _uncommitted_records(repo: Path, root: Path) -> list[str]:
    """Record files that are new, changed or staged but not committed (git status of records/)."""
    relative = os.path.relpath(root.resolve(), repo.resolve())
    result = _git(["status", "--porcelain", "--untracked-files=all", "--", relative], repo)
    return [line[3:].strip().strip('"') for line in result.stdout.splitlines() if line.strip()]


def _check_hook_interpreter(checks: list[Check], config: Path) -> None:
    """The hook init writes calls xuncha by its interpreter's absolute path: that path must exist here."""
    from .precommit import command

    found = re.search(r"^\s*entry:\s*(.+)$", config.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    if not found:
        return
    try:
        program = shlex.split(found.group(1))[0]
    except (ValueError, IndexError):
        return
    if os.path.isabs(program) and not os.access(program, os.X_OK):
        checks.append(Check("提交前检查", WARNING,
                            f".pre-commit-config.yaml 的 entry 所指的 {program} 在本机不存在：提交前检查无法运行",
                            f"把 entry 中的 {program} -m xuncha 改为 {command(sys.executable)}"))


def _check_merge_driver(checks: list[Check], repo: Path, root: Path) -> None:
    from .records.mergedriver import registration

    found = registration(repo, root)
    if not _git(["remote"], repo).stdout.strip() and not found.attributes:
        return  # one clone, no remote: nothing is ever merged
    if found.complete:
        checks.append(Check("按内容合并", OK, "git pull、xuncha sync 按内容合并台账记录文件（.gitattributes、.git/config）"))
        return
    missing = [name for name, ok in ((".gitattributes 中的登记", found.attributes),
                                     (".git/config 中可运行的合并驱动和 pull.rebase=false", found.config)) if not ok]
    checks.append(Check("按内容合并", WARNING,
                        f"缺少{'、'.join(missing)}：两处同时新增问题、工作记录后 git pull 会按行合并而产生冲突",
                        "运行 xuncha doctor --fix（每个克隆各运行一次；xuncha sync 也会自动登记）"))


def fix(records_option: str | None) -> list[str]:
    """What `doctor --fix` can set right by itself: the merge driver of this clone. Returns what it did."""
    from .records import git
    from .records.mergedriver import register, registration

    root, _ = _records_root(records_option)
    repo = git.repo_root(root) if root is not None else None
    if repo is None or registration(repo, root).complete:
        return []
    done = ["已在 .git/config 登记合并驱动（xuncha merge-driver）并设定 git pull 合并而不变基（pull.rebase=false）"]
    written = register(repo, root)
    for path in written:
        try:
            commit = git.commit(repo, [path], "xuncha: doctor --fix 登记台账按内容合并（.gitattributes）")
            done.append(f"已写入并提交 {path.name}：{commit[:10]}")
        except git.GitError as exc:
            done.append(f"已写入 {path.name}，但提交失败：{exc}；请手工提交")
    return done


# -- records and calendar ---------------------------------------------------------------

def _check_records(checks: list[Check], root: Path, today: dt.date):
    from .procedure.validate import validate_records
    from .records.loader import load

    records, diagnostics = load(root)
    diagnostics = validate_records(records, diagnostics, today)
    errors = [d for d in diagnostics if d.is_error]
    warnings = len(diagnostics) - len(errors)
    if errors:
        first = errors[0].format()
        checks.append(Check("台账", BLOCKING, f"{root.as_posix()}：{len(errors)} 处错误、{warnings} 处警告；第一处：{first}",
                            "运行 xuncha validate 查看全部，逐条改正"))
    elif warnings:
        checks.append(Check("台账", WARNING, f"{root.as_posix()}：无错误，{warnings} 处警告",
                            "运行 xuncha validate 查看警告"))
    else:
        checks.append(Check("台账", OK, f"{root.as_posix()}：{len(records.inspections)} 次巡查，无错误"))
    return records


def deadline_years(records, today: dt.date) -> list[int]:
    """Years whose working days decide open deadlines: this year, next, and those of open inspections."""
    years = {today.year, today.year + 1}
    if records is not None:
        for folder in records.inspections.values():
            if folder.closure is not None or folder.inspection is None:
                continue
            years.update(y for y in (folder.inspection.year,) if y)
            for day in (folder.inspection.planned_start, folder.inspection.planned_end):
                if day:
                    years.add(day.year)
    return sorted(years)


def _check_calendar(checks: list[Check], records, today: dt.date) -> None:
    from .calendar import WorkCalendar

    calendar = WorkCalendar(records.calendar_dir if records is not None else None)
    years = deadline_years(records, today)
    provisional = []
    for year in years:
        calendar.is_workday(dt.date(year, 6, 1))  # consulting the year is what raises its warning
        if calendar.year_source(year).provisional:
            provisional.append(year)
    messages = [w.message for w in calendar.warnings() if w.year in years]
    shown = "、".join(f"{y}年" for y in years)
    if provisional:
        checks.append(Check("节假日日历", WARNING,
                            f"{'、'.join(f'{y}年' for y in provisional)}没有国务院节假日安排：涉及的期限为暂定",
                            "；".join(messages) or "按国务院办公厅通知在 records/calendar/<年度>.yaml 中录入"))
    elif messages:
        checks.append(Check("节假日日历", WARNING, f"{shown}：日历有待核对", "；".join(messages)))
    else:
        sources = "；".join(f"{y}年 {calendar.year_source(y).description}" for y in years)
        checks.append(Check("节假日日历", OK, sources))


# -- documents ---------------------------------------------------------------------------

def _check_templates(checks: list[Check], root: Path | None) -> None:
    from .bundled import templates_folder

    bundled = templates_folder()
    kinds = sorted(p.stem for p in bundled.glob("*.j2"))
    if not kinds:
        checks.append(Check("公文模板", BLOCKING, f"xuncha 自带的公文模板不在 {bundled.as_posix()}：无法生成公文",
                            "重新安装 xuncha（pip install --force-reinstall xuncha-*.whl）"))
        return
    local = root.parent / "templates" if root is not None else None
    overridden = sorted(p.stem for p in local.glob("*.j2")) if local is not None and local.is_dir() else []
    detail = f"自带 {len(kinds)} 种：{bundled.as_posix()}"
    if overridden:
        detail += f"；本单位修改的 {len(overridden)} 种优先使用：" + "、".join(f"{local.as_posix()}/{k}.j2" for k in overridden)
    checks.append(Check("公文模板", OK, detail))


def _check_libreoffice(checks: list[Check]) -> None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        checks.append(Check("LibreOffice", OK, found))
    else:
        checks.append(Check("LibreOffice", WARNING, "未找到 soffice/libreoffice：公文只能生成 Word 文件，不能转为 PDF",
                            "安装 LibreOffice（sudo apt install libreoffice-writer，或从 libreoffice.org 下载），"
                            "确保 soffice 在 PATH 中"))


def font_families() -> set[str] | None:
    """Chinese font family names fontconfig knows, or None when fc-list is not available."""
    if shutil.which("fc-list") is None:
        return None
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if result.returncode != 0:
        return None
    # One font per line; a font has several names (English and Chinese), comma-separated.
    return {name.strip() for line in result.stdout.splitlines() for name in line.split(",") if name.strip()}


def _check_fonts(checks: list[Check]) -> None:
    families = font_families()
    if families is None:
        checks.append(Check("公文字体", WARNING, "未找到 fc-list，无法检查字体",
                            "安装 fontconfig（sudo apt install fontconfig）后再运行 xuncha doctor"))
        return
    missing = [font for font in OFFICIAL_FONTS if font not in families]
    if missing:
        uses = "、".join(f"{font}（{FONT_USES[font]}）" for font in missing)
        checks.append(Check("公文字体", WARNING, f"缺少 {uses}：PDF 会以其他字体替代，不符合公文格式（GB/T 9704）",
                            "从单位正版字体包复制字体文件到 ~/.local/share/fonts/（或 /usr/share/fonts/），"
                            "再运行 fc-cache -f"))
    else:
        checks.append(Check("公文字体", OK, "、".join(OFFICIAL_FONTS)))


# -- local files -------------------------------------------------------------------------

def _check_cache(checks: list[Check], cache: Path) -> None:
    if not cache.exists():
        checks.append(Check("缓存", OK, f"{CACHE_DIR}/ 尚未建立（需要时自动建立）"))
        return
    fix = f"删除 {cache.as_posix()}（缓存可随时重建，不影响台账）"
    if not cache.is_dir():
        checks.append(Check("缓存", WARNING, f"{cache.as_posix()} 不是目录", fix))
        return
    if not os.access(cache, os.R_OK | os.W_OK | os.X_OK):
        checks.append(Check("缓存", WARNING, f"{cache.as_posix()} 无读写权限", fix))
        return
    try:
        unreadable = [p for p in cache.rglob("*") if p.is_file() and not os.access(p, os.R_OK)]
    except OSError as exc:
        from .records.errors import os_reason
        checks.append(Check("缓存", WARNING, f"{cache.as_posix()} 无法读取：{os_reason(exc)}", fix))
        return
    if unreadable:
        checks.append(Check("缓存", WARNING, f"{cache.as_posix()} 中有 {len(unreadable)} 个文件无法读取", fix))
    else:
        checks.append(Check("缓存", OK, cache.as_posix()))


def _check_schema(checks: list[Check], root: Path) -> None:
    from .schema import SCHEMA_DIR, stale

    outdated = stale(root)
    if outdated:
        checks.append(Check("编辑器架构", WARNING,
                            f"{SCHEMA_DIR}/ 中 {len(outdated)} 个文件缺失或已过期：编辑器的补全和提示会与 xuncha validate 不一致",
                            "运行 xuncha schema"))
    else:
        checks.append(Check("编辑器架构", OK, f"records/{SCHEMA_DIR}/ 与台账模型一致"))


# -- cron ------------------------------------------------------------------------------

def crontab_entry(root: Path, at: dt.time, interpreter: str = sys.executable) -> str:
    """A crontab line that runs check-deadlines for ``root`` on working days at ``at``.

    cron starts jobs with PATH=/usr/bin:/bin and no virtual environment: every path is
    absolute (the interpreter xuncha is installed in, the records), and git is looked up
    where cron's PATH finds it or named by the folder it was found in here.
    """
    from .precommit import command

    folder = root.resolve().parent
    git = shutil.which("git")
    path = "/usr/bin:/bin"
    if git and os.path.dirname(git) not in path.split(":"):
        path = f"{os.path.dirname(git)}:{path}"
    records = shlex.quote(str(root.resolve()))
    return (f"{at.minute} {at.hour} * * 1-5 cd {shlex.quote(str(folder))} && PATH={path} "
            f"{command(interpreter)} --records {records} check-deadlines")

