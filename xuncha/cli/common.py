"""What every command shares: finding and loading the records, printing, exit codes.

Exit codes: 0 all well; 1 the records have errors or something is overdue; 2 the command
was refused (usage, bad input, I/O) and nothing was changed.
"""

import sys
from pathlib import Path

import typer

from ..refusal import Refusal

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_REFUSED = 2


class State:
    records_option: str | None = None
    use_cache: bool = True
    # Named in the writer lock, so a writer that has to wait learns what it waits for.  Only
    # the command, never its arguments: those may carry an informant's name.
    command: str = "xuncha"


state = State()


def fail(message: str, code: int = EXIT_REFUSED) -> "typer.Exit":
    """Refuse with a Chinese error: the group's one handler prints it and exits 2 (classes.py).
    Another ``code`` prints the error here and leaves with that code."""
    if code == EXIT_REFUSED:
        raise Refusal(message)
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"警告：{message}", err=True)


def records_root() -> Path:
    from ..records.paths import find_records

    return find_records(state.records_option)  # RecordsNotFound is a refusal: exit 2


def load_records(*, inspections: bool = True, write: bool = False):
    """Load the tree; returns (records, diagnostics).  A command that will write says
    ``write=True``: the writer lock is taken before the first byte is read, so what it
    checks and the ids it allocates are still true when it commits."""
    from ..records.loader import load

    root = records_root()
    if write:
        begin_writing(root)
    return load(root, inspections=inspections, cache=state.use_cache)


def remembered(command: str, options: tuple, compute):
    """The answer of a read-only command, remembered while nothing it reads has changed
    (records/answers.py); ``--no-cache`` computes it afresh.  ``compute`` loads and derives."""
    if not state.use_cache:
        return compute()
    from ..records.answers import remembered as answer

    return answer(records_root(), command, options, compute)


def remembered_output(command: str, options: tuple, show) -> None:
    """Run ``show`` (it computes through ``remembered``, prints, and may end with ``typer.Exit``);
    off a terminal its printed text and exit code are remembered too, under ``options`` (every
    option that changes what is printed), and replayed: a remembered answer then needs none of
    the modules that compute or print it.  On a terminal the table depends on its width: the
    answer is remembered, the printing done each time."""
    if not state.use_cache or is_terminal():
        show()
        return
    from ..records.answers import remembered as answer

    code, printed = answer(records_root(), command + ".out", options, lambda: _printed(show))
    _replay(printed)
    if code:
        raise typer.Exit(code)


def _printed(show) -> tuple[int, list[tuple[bool, str]]]:
    """The exit code of ``show`` and what it printed, in order: (to stderr, text) pieces, so a warning
    still comes before the list it warns of in a cron mail.  A refusal is passed on, never kept."""
    import io

    pieces: list[tuple[bool, bytes]] = []

    class Sink(io.RawIOBase):
        def __init__(self, to_stderr: bool):
            self.to_stderr = to_stderr

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            pieces.append((self.to_stderr, bytes(data)))
            return len(data)

    streams = sys.stdout, sys.stderr
    # Held here: a wrapper that goes away closes its sink.
    capture = (io.TextIOWrapper(Sink(False), encoding="utf-8", write_through=True),
               io.TextIOWrapper(Sink(True), encoding="utf-8", write_through=True))
    sys.stdout, sys.stderr = capture
    code, failed = 0, False
    try:
        show()
    except typer.Exit as done:
        code = done.exit_code
    except BaseException:
        failed = True
        raise
    finally:
        for stream in capture:
            stream.flush()
        sys.stdout, sys.stderr = streams
        printed = [(to_stderr, data.decode("utf-8")) for to_stderr, data in pieces]
        if failed:  # what was printed before the refusal is still the clerk's to read
            _replay(printed)
    return code, printed


def _replay(printed: list[tuple[bool, str]]) -> None:
    for to_stderr, text in printed:
        typer.echo(text, nl=False, err=to_stderr)


def begin_writing(root: Path) -> None:
    """Take the writer lock for this command (bounded wait), and say what a killed writer left."""
    from ..records.transaction import begin_writing as begin

    note = begin(root, state.command)
    if note:
        warn(note)
    from ..records.mergedriver import configure_clone

    configured = configure_clone(root)
    if configured:
        typer.echo(configured, err=True)


def records_for_writing():
    """What a writing command starts with: the writer lock, then the records, refused if the
    loader found errors (a change must not build on records it could not read)."""
    records, diagnostics = load_records(write=True)
    refuse_on_errors(diagnostics)
    return records


def refuse_on_errors(diagnostics) -> None:
    """Commands that write must not build on records the loader could not read."""
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        from ..procedure.validate import UNREADABLE

        # The file that does not parse first: the errors after it may only be its echoes.
        errors.sort(key=lambda d: d.rule not in UNREADABLE)
        for diagnostic in errors[:20]:
            typer.echo(diagnostic.format(), err=True)
        more = f"（另有 {len(errors) - 20} 条未列出）" if len(errors) > 20 else ""
        fail(f"台账中有 {len(errors)} 处错误{more}，请先改正（可运行 xuncha validate 查看全部）；本次未作任何改动")


def is_terminal() -> bool:
    return sys.stdout.isatty()


def print_json(data) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def today():
    """The day a command answers for when no date is given (one place, so a test can turn the clock)."""
    import datetime as dt

    return dt.date.today()


def option_date(value: str | None, flag: str = "--as-of"):
    """A typed date (any form that means one day, read as xuncha.dates says, with a note); today
    when it is left out.  A text that is no day exits 2, naming the option and the form to write."""
    if not value:
        return today()
    from ..dates import read_note, read_typed

    day, problem, normalised = read_typed(value)
    if problem:
        fail(f"{flag} {problem}")
    if normalised:
        note(read_note(flag, value, day))
    return day


def typed_date_text(value: str | None, flag: str) -> str | None:
    """A date option passed on as text (to the procedure layer, which reads it as stored), read as
    ``option_date`` reads it: None stays None."""
    return option_date(value, flag).isoformat() if value else value


def note(message: str) -> None:
    """A remark on how the input was read; to stderr, so it never mixes into --json output."""
    typer.echo(f"注：{message}", err=True)


def typed_id(value: str, prefix: str, flag: str) -> str:
    """A problem or tip id typed in lower case (p3, t1) is the id the ledger writes (P3, T1)."""
    import re

    if re.fullmatch(rf"{prefix.lower()}\d+", value.strip()):
        normalised = value.strip().upper()
        note(f"{flag} {value} 按 {normalised} 理解")
        return normalised
    return value


# One option and one message for every command that writes a date (see procedure.future).
ALLOW_FUTURE = typer.Option(False, "--allow-future", help="允许日期晚于今天（预先登记尚未发生的事项）。")
TODAY = typer.Option(None, "--today", hidden=True, help="以该日期为今天（测试和补录用）。")


def today_of(option: str | None = None):
    """Today, or the day a hidden ``--today`` stands for."""
    return option_date(option, "--today")


def written_date(value: str | None, flag: str, *, what: str, allow_future: bool, today=None):
    """A date a command is about to write: parsed like ``option_date`` (today when left out), and
    refused when after today unless ``--allow-future`` (exit 2, nothing written)."""
    from ..procedure.future import future_problem

    day = option_date(value, flag)
    problem = None if allow_future else future_problem(what, day, today or today_of())
    if problem:
        fail(problem)
    return day


def write_and_commit(records_root: Path, changes, message: str, *, no_commit: bool = False):
    """Write one prepared change and commit it; a refusal exits 2 with nothing written."""
    from ..records.transaction import apply_and_commit

    begin_writing(records_root)  # already held by a command that loaded with write=True
    return apply_and_commit(records_root, changes, message, no_commit=no_commit)


def report_commit(outcome, message: str, *, no_commit: bool = False) -> None:
    """After the command has said what it did: the commit that records it, or why there is none."""
    if outcome.commit:
        typer.echo(f"已提交 git：{outcome.commit[:10]}  {message.splitlines()[0]}")
    elif no_commit:
        typer.echo("按 --no-commit 未提交 git；请稍后自行提交，以免失去审计留痕。")
    if outcome.warning:
        warn(outcome.warning)


# Columns a clerk copies into another command: never cut, whatever the terminal's width.
ID_COLUMNS = frozenset({"巡查编号", "巡查", "编号", "时限", "受理日期", "整改期限", "状态"})
# The column a row is about: given room first when the terminal is narrow, the rest wrap around it.
TITLE_COLUMNS = frozenset({"问题", "事项", "反映问题", "巡查对象"})


def table_columns(table, columns) -> None:
    """Add ``columns`` to a rich table so it fits: ids and dates whole on one line, text wrapped."""
    for column in columns:
        if column in ID_COLUMNS:
            table.add_column(column, no_wrap=True, overflow="fold")
        elif column in TITLE_COLUMNS:
            table.add_column(column, overflow="fold", min_width=8, ratio=3)
        else:
            table.add_column(column, overflow="fold", ratio=1)
