"""The command line: parses arguments, calls the library, prints.  Nothing else lives here."""

from typing import Optional

import typer

from .classes import XunchaGroup
from .common import state


class Xuncha(XunchaGroup):
    # The order is the order of xuncha --help: set up, plan, record, watch deadlines, the ledger, check;
    # then the groups of commands.  Each command's module is imported only when the command is asked for.
    lazy_commands = {
        "init": "cmd_init", "new-round": "cmd_plan", "record": "cmd_record", "check-deadlines": "cmd_deadlines",
        "status": "cmd_deadlines", "due": "cmd_calendar", "tips": "cmd_problems", "problems": "cmd_problems",
        "stats": "cmd_problems", "export": "cmd_excel", "import": "cmd_excel", "render": "cmd_render",
        "coverage": "cmd_coverage", "validate": "cmd_validate", "commit": "cmd_commit", "log": "cmd_history",
        "audit": "cmd_history", "sync": "cmd_sync", "resolve": "cmd_sync", "merge-driver": "cmd_sync",
        "doctor": "cmd_doctor", "schema": "cmd_schema", "plan": "cmd_plan", "person": "cmd_person",
        "calendar": "cmd_calendar", "problem": "cmd_problems", "tip": "cmd_problems",
    }


app = typer.Typer(
    name="xuncha",
    help="盐城市安全生产巡查工作台账工具：依据《盐城市安全生产巡查方案（试行）》（盐办发〔2019〕34号），"
    "记录巡查程序各环节、计算工作日时限、生成公文，并以 git 留痕。",
    no_args_is_help=True,
    cls=Xuncha,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    records: Optional[str] = typer.Option(
        None, "--records", metavar="路径",
        help="台账目录（含 config.yaml 的 records 目录或其上级）；缺省时读环境变量 XUNCHA_RECORDS，再从当前目录向上查找。",
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache",
        help="不使用缓存，重新读取全部台账文件、重新检查（缓存在台账上级目录的 .xuncha-cache/ 中，可随时删除）。",
    ),
) -> None:
    state.records_option = records
    state.use_cache = not no_cache
    state.command = f"xuncha {ctx.invoked_subcommand or ''}".strip()
    ctx.call_on_close(_release_writer_lock)


def _release_writer_lock() -> None:
    import sys

    lock = sys.modules.get("xuncha.records.lock")  # a reading command never loaded it
    if lock is not None:
        lock.release_all()


def main() -> None:
    app()
