"""The documentation that is generated, never typed: the command reference, the rule table, and the
transcripts of README.md and docs/excel.md.

    python docs/generate.py            rewrite docs/cli.md, docs/rules.md and README.md's transcripts
    python docs/generate.py --check    exit 1 and name each file that is out of date (tests run this)

A transcript is a ```console block: each ``$ xuncha …`` line is run, in order, in a fresh copy of
the bundled example made by ``xuncha init --example``, and the lines under it are what it printed
(stdout, then stderr), with ``(退出码 N)`` when N is not 0.  Commit ids are the only part that
differs between runs; they are compared as "ten hex digits".  Blocks of any other language
(```sh, ```crontab) are illustrations and are left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = ROOT / "README.md"
CLI_DOC = HERE / "cli.md"
RULES_DOC = HERE / "rules.md"
EXCEL_DOC = HERE / "excel.md"   # its console blocks are transcripts too
LEDGER_DOC = HERE / "ledger.md"  # so are these
ROSTER_DOC = HERE / "roster.md"  # and these

CONSOLE = re.compile(r"^```console\n(.*?)^```\n", re.S | re.M)
COMMIT_ID = re.compile(r"\b[0-9a-f]{10}\b")
IDENTITY = {"GIT_AUTHOR_NAME": "巡查办 陈红", "GIT_AUTHOR_EMAIL": "chenhong@xuncha.invalid",
            "GIT_COMMITTER_NAME": "巡查办 陈红", "GIT_COMMITTER_EMAIL": "chenhong@xuncha.invalid"}


# -- the command reference ------------------------------------------------------------

def _help(args: list[str]) -> str:
    from typer.testing import CliRunner

    from xuncha.cli import app

    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100"}, prog_name="xuncha")
    return result.output.rstrip() + "\n"


def command_names() -> list[str]:
    import typer

    from xuncha.cli import app

    group = typer.main.get_command(app)
    names = []
    for name in group.list_commands(None):  # the order of xuncha --help
        command = group.get_command(None, name)
        if getattr(command, "hidden", False):
            continue
        names.append(name)
        if hasattr(command, "list_commands"):
            names += [f"{name} {sub}" for sub in command.list_commands(None)
                      if not getattr(command.get_command(None, sub), "hidden", False)]
    return names


def cli_reference() -> str:
    parts = ["# 命令参考\n",
             "本文件由 `python docs/generate.py` 依据各命令的 `--help` 生成，请勿手工修改；"
             "`pytest` 检查它与代码一致。\n",
             "## xuncha\n", "```text\n" + _help([]) + "```\n"]
    for name in command_names():
        parts += [f"## xuncha {name}\n", "```text\n" + _help(name.split()) + "```\n"]
    return "\n".join(parts)


# -- the rule table ---------------------------------------------------------------------

def rules_reference() -> str:
    """One section per clause module of xuncha/procedure/rules: its docstring, then its rules."""
    import inspect

    from xuncha.procedure.engine import NEW_ROUND
    from xuncha.procedure.rules import RULES, module_of

    lines = ["# 检查规则\n",
             "`xuncha validate` 逐条运行以下规则；`xuncha validate --list-rules` 列出同一张表"
             "（加 `--json` 为 JSON：编号 id、依据条款 clause、严重程度 severity、要求 summary）。"
             "有“错误”时 validate 以 1 退出，`xuncha commit` 拒绝提交；“警告”照常列出，不妨碍提交。"
             "标有“开启本轮”的规则在 `xuncha new-round` 开启一轮巡查时也对该轮运行，"
             "并在 `xuncha person` 登记人员变动时检查变动是否使已批准的巡查组不再合规。"
             "本文件由 `python docs/generate.py` 依据规则注册表（xuncha/procedure/rules/）生成，请勿手工修改。\n"]
    sections: dict[object, list] = {}
    for rule in RULES:
        sections.setdefault(module_of(rule), []).append(rule)
    for module, rules in sections.items():
        title, _, body = inspect.getdoc(module).partition("\n")
        lines += [f"## {title.strip()}\n", body.strip() + "\n",
                  "| 规则 | 依据条款 | 严重程度 | 开启本轮 | 要求 |", "|---|---|---|---|---|"]
        for rule in rules:
            also = "是" if NEW_ROUND in rule.scope else ""
            lines.append(f"| `{rule.id}` | {rule.clause or '——'} | {rule.severity} | {also} | {rule.summary} |")
        lines.append("")
    return "\n".join(lines)


# -- transcripts -----------------------------------------------------------------------

# A transcript runs dozens of commands; starting Python and importing what a command needs is most of
# what each costs (~0.2 s CPU of ~0.3 s, more for render and export).  So one process imports what
# `python -m xuncha` imports before it reads its arguments, and the libraries and command modules the
# commands import when run (importing them earlier changes no output: each is imported once either
# way, and the rules run from their ordered registry, not from what was imported), then forks a child
# per command: the child runs xuncha/__main__.py exactly as `python -m xuncha` does (runpy, sys.argv,
# __main__), in the folder and environment asked for, with its own stdin, stdout and stderr, and exits
# as that process would.  Where there is no fork (Windows), each command is a new process.
_FORK_SERVER = r"""
import importlib, os, runpy, sys
import xuncha.cli
for name in sorted(set(xuncha.cli.Xuncha.lazy_commands.values())):
    importlib.import_module("xuncha.cli." + name)
for name in ("xuncha.records.loader", "xuncha.procedure.validate", "xuncha.procedure.progress", "xuncha.render.document",
             "xuncha.render.workbook", "xuncha.procedure.sheet_import", "pydantic", "docx", "jinja2"):
    importlib.import_module(name)
replies = os.fdopen(os.dup(1), "w")
for request in sys.stdin:
    cwd, out, err, *argv = request.rstrip("\n").split("\0")
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        replies.close()
        os.chdir(cwd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
        os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
        sys.argv = ["-m", *argv]
        runpy.run_module("xuncha", run_name="__main__", alter_sys=True)
        sys.exit(0)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), file=replies, flush=True)
"""


class _Commands:
    """Runs a transcript's commands in ``cwd`` (which may change) with ``env``: ``xuncha …`` as
    ``python -m xuncha …`` (through the fork server where there is one), anything else (git, sed) as itself."""

    def __init__(self, cwd: Path, env: dict):
        self.cwd, self.env = cwd, env
        self.server = None
        if hasattr(os, "fork"):
            self.server = subprocess.Popen([sys.executable, "-c", _FORK_SERVER], cwd=cwd, env=env, text=True,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def close(self) -> None:
        if self.server:
            self.server.stdin.close()
            self.server.wait()

    def _xuncha(self, args: list[str]) -> tuple[str, str, int]:
        with tempfile.TemporaryDirectory(prefix="xuncha-doc-run-") as scratch:
            out, err = Path(scratch) / "out", Path(scratch) / "err"
            self.server.stdin.write("\0".join([str(self.cwd), str(out), str(err), *args]) + "\n")
            self.server.stdin.flush()
            code = int(self.server.stdout.readline())
            # As subprocess's text mode reads a pipe: the locale's encoding, universal newlines.
            return out.read_text(), err.read_text(), code

    def run(self, command: str) -> str:
        words = shlex.split(command)
        if words[0] == "xuncha" and self.server:
            stdout, stderr, code = self._xuncha(words[1:])
        else:
            if words[0] == "xuncha":
                words = [sys.executable, "-m", "xuncha", *words[1:]]
            done = subprocess.run(words, cwd=self.cwd, env=self.env, capture_output=True, text=True)
            stdout, stderr, code = done.stdout, done.stderr, done.returncode
        text = stdout + stderr
        if text and not text.endswith("\n"):
            text += "\n"
        if code:
            text += f"(退出码 {code})\n"
        return text


def transcripts(markdown: str) -> str:
    """``markdown`` with every console block's output as the commands print it now."""
    with tempfile.TemporaryDirectory(prefix="xuncha-doc-") as folder:
        env = {**os.environ, **IDENTITY, "GIT_CONFIG_NOSYSTEM": "1", "HOME": folder, "COLUMNS": "100"}
        env.pop("XUNCHA_RECORDS", None)
        commands = _Commands(Path(folder), env)
        made = commands.run("xuncha init --example 示例")
        if "(退出码" in made:
            commands.close()
            raise RuntimeError(f"xuncha init --example failed:\n{made}")
        commands.cwd = Path(folder) / "示例"

        def rerun(block: re.Match) -> str:
            out = []
            for line in block.group(1).splitlines():
                if line.startswith("$ "):
                    out.append(line + "\n" + commands.run(line[2:]))
            return "```console\n" + "\n".join(out) + "```\n"

        try:
            return CONSOLE.sub(rerun, markdown)
        finally:
            commands.close()


def same_transcript(expected: str, actual: str) -> bool:
    return COMMIT_ID.sub("<commit>", expected) == COMMIT_ID.sub("<commit>", actual)


# -- main ------------------------------------------------------------------------------

def makers() -> dict[Path, Callable[[], str]]:
    """Each generated file and what makes its text: one at a time, so the tests can check them apart."""
    def transcript_of(path: Path) -> Callable[[], str]:
        return lambda: transcripts(path.read_text(encoding="utf-8"))

    return {CLI_DOC: cli_reference, RULES_DOC: rules_reference,
            **{path: transcript_of(path) for path in (README, EXCEL_DOC, LEDGER_DOC, ROSTER_DOC)}}


def generated() -> dict[Path, str]:
    return {path: make() for path, make in makers().items()}


def out_of_date(paths: list[Path] | None = None) -> list[Path]:
    """The generated files (of ``paths``; all by default) whose text is not what they generate now."""
    stale = []
    for path, make in makers().items():
        if paths is not None and path not in paths:
            continue
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if not same_transcript(current, make()):
            stale.append(path)
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say which files are out of date")
    args = parser.parse_args()
    if args.check:
        stale = out_of_date()
        for path in stale:
            print(f"{path.relative_to(ROOT)} 已过时：运行 python docs/generate.py 重新生成")
        return 1 if stale else 0
    for path, text in generated().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if not same_transcript(current, text):
            path.write_text(text, encoding="utf-8")
            print(f"已重新生成 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
