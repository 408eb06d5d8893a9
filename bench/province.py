"""Province-size benchmark: xuncha against three floors, in paired interleaved runs.

    python bench/province.py [--size small|full|term] [--pairs N] [--against COMMIT] [--keep DIR]

Generates a synthetic province (bench/generate.py) in a temporary folder.  Each row of the
table is a command run as its own process, timed in blocks: in block i the floors and
xuncha run back to back (xuncha first in even blocks, last in odd ones), and the
ratio xuncha / floor is taken inside the block.  The table shows min / median / max of
those per-block ratios: on a shared machine the drift between blocks is larger than the
differences worth finding, and a ratio of medians of separate sequences hides it.

Floors, each in a bare Python process over the same files:
  read     read every .yaml file's bytes (the page cache, os.walk, open/read);
  compose  libyaml builds the node tree (yaml.compose, CSafeLoader with the resolver stubbed and
           only the parser set up, as xuncha's own reader does: no Python values are built);
  pyyaml   yaml.load with CSafeLoader (every scalar constructed as a Python value).
`--help` is paired with `python -c "import typer"` instead.

`--against COMMIT` adds that commit's xuncha (extracted with `git archive`, run on its own copy
of the tree so the two never share a cache) to every block: the "no slower than today" check.
Each row also records the child's peak memory (ru_maxrss from wait4) and CPU time.
Results go to bench/out/<timestamp>.json with the commit measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


_WALK = r"""
import os, sys
def files(root):
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".yaml"):
                yield os.path.join(folder, name)
"""

FLOORS = {
    "read": _WALK + r"""
total = 0
for path in files(sys.argv[1]):
    with open(path, "rb") as handle:
        total += len(handle.read())
print(total)
""",
    "compose": _WALK + r"""
import yaml
from yaml.cyaml import CParser
class Loader(yaml.CSafeLoader):
    # As xuncha's reader (records/yamlread.py): the resolver stubbed (no YAML 1.1 type guess per
    # node), and only the parser set up (composing needs no constructor or resolver state).
    def __init__(self, stream):
        CParser.__init__(self, stream)
    def resolve(self, kind, value, implicit):
        return "tag:yaml.org,2002:str"
    def descend_resolver(self, current_node, current_index):
        pass
    def ascend_resolver(self):
        pass
count = 0
for path in files(sys.argv[1]):
    with open(path, "rb") as handle:
        yaml.compose(handle.read().decode("utf-8"), Loader=Loader)
    count += 1
print(count)
""",
    "pyyaml": _WALK + r"""
import yaml
count = 0
for path in files(sys.argv[1]):
    with open(path, "rb") as handle:
        yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
    count += 1
print(count)
""",
}
TREE_FLOORS = ("read", "compose", "pyyaml")

LAUNCH = "import sys; sys.argv[0] = 'xuncha'; from xuncha.cli import main; main()"

# Targets of issue 19, per size: {row: {floor: highest median ratio}}; "peak" in MiB.
_WARM = {"pyyaml": 0.05, "read": 1.5}
TARGETS = {
    "full": {
        "validate (cold cache)": {"pyyaml": 0.6, "compose": 1.5},
        **{f"{c} (warm cache)": _WARM for c in ("validate", "check-deadlines", "status")},
        "peak": 120,
    },
    "term": {**{f"{c} (warm cache)": {"pyyaml": 0.05} for c in ("validate", "check-deadlines", "status")},
             "peak": 400},
}


@dataclass
class Sample:
    seconds: float
    cpu: float
    peak_mib: float
    exit: int
    tail: str = ""  # the end of its output when it exited non-zero


@dataclass
class Runner:
    """One side of a block: what it runs, from where, and what to do first (untimed)."""
    argv: list[str]
    cwd: Path
    env: dict
    before: Callable[[], None] | None = None
    samples: list[Sample] = field(default_factory=list)
    vary: Callable[[list[str]], list[str]] | None = None  # the arguments of each run, from the fixed ones

    def run(self) -> Sample:
        if self.before:
            self.before()
        sample = measure(self.vary(self.argv) if self.vary else self.argv, self.cwd, self.env)
        self.samples.append(sample)
        return sample


def measure(argv: list[str], cwd: Path, env: dict) -> Sample:
    """Wall time, CPU time and peak RSS of one child process (wait4 gives the child's own rusage)."""
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=sink, stderr=sink, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        tail = ""
        if child.returncode:
            sink.seek(max(0, sink.seek(0, os.SEEK_END) - 600))
            tail = sink.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux (bytes on macOS).  A forked child starts with its parent's
    # resident pages counted, so the parent stays small (generation runs in its own process).
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(seconds, usage.ru_utime + usage.ru_stime, peak, child.returncode, tail)


class Side:
    """A xuncha (this checkout, or an extracted commit) with its own copy of the records tree."""

    def __init__(self, source: Path, records: Path):
        self.source = source
        self.records = records
        self.env = {**os.environ, "PYTHONPATH": str(source)}
        self.env.pop("XUNCHA_RECORDS", None)
        # Any non-empty value, "0" included, stops Python writing .pyc files: every run then
        # recompiled xuncha's own modules, which an installed xuncha never does.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def argv(self, args: list[str], records: Path | None = None) -> list[str]:
        # What the `xuncha` console script does, without depending on which checkout it points at.
        return [sys.executable, "-c", LAUNCH, "--records", str(records or self.records), *args]

    def run(self, args: list[str], records: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv(args, records), cwd=(records or self.records).parent, env=self.env,
                              capture_output=True, text=True)

    def clear_cache(self, records: Path | None = None) -> None:
        shutil.rmtree((records or self.records).parent / ".xuncha-cache", ignore_errors=True)


def missing(done: subprocess.CompletedProcess) -> bool:
    output = done.stderr + done.stdout
    return done.returncode == 2 and ("No such command" in output or "没有命令" in output)


@dataclass
class Row:
    name: str
    args: list[str]
    floors: tuple[str, ...] = TREE_FLOORS
    mode: str = "warm"  # warm | cold | edit-inspection | edit-calendar | next-day
    records: str = "records"  # which tree under the side's work folder: "records" or "render13/records"


def rows(as_of: str, round13: str) -> list[Row]:
    found = []
    for name, args in (("validate", ["validate", "--as-of", as_of]),
                       ("check-deadlines", ["check-deadlines", "--as-of", as_of]),
                       ("status", ["status"])):
        found.append(Row(f"{name} (cold cache)", args, mode="cold"))
        found.append(Row(f"{name} (warm cache)", args))
    # The office's Excel 台账 (bench/excel.py compares the libraries behind it).
    found.append(Row("export problems (cold cache)",
                     ["export", "problems", "--as-of", as_of, "-o", "问题清单.xlsx"], mode="cold"))
    found.append(Row("export problems (warm cache)",
                     ["export", "problems", "--as-of", as_of, "-o", "问题清单.xlsx"]))
    found.append(Row("export deadlines (warm cache)",
                     ["export", "deadlines", "--as-of", as_of, "-o", "时限.xlsx"]))
    # What part 1 of issue 19 changes: one inspection file edited, one calendar file edited.
    found.append(Row("validate (one inspection file edited)", ["validate", "--as-of", as_of], mode="edit-inspection"))
    found.append(Row("check-deadlines (one inspection file edited)", ["check-deadlines", "--as-of", as_of],
                     mode="edit-inspection"))
    found.append(Row("status (one inspection file edited)", ["status"], mode="edit-inspection"))
    found.append(Row("validate (calendar file edited)", ["validate", "--as-of", as_of], mode="edit-calendar"))
    # The morning cron: the parse cache is warm, but the day (so every remembered answer) is new.
    for name in ("validate", "check-deadlines"):
        found.append(Row(f"{name} (next day)", [name, "--as-of", as_of], mode="next-day"))
    found.append(Row("--help", ["--help"], floors=("import typer",)))
    found.append(Row(f"render all {round13} (13 in 1 process)", ["render", "all", round13, "-o", "{out}"],
                     floors=(), records="render13/records"))
    return found


class Bench:
    def __init__(self, workdir: Path, size: str, pairs: int, against: str | None):
        self.workdir = workdir
        self.size = size
        self.pairs = pairs
        self.sides = {"xuncha": Side(ROOT, workdir / "this" / "records")}
        self.against = against
        if against:
            source = workdir / "against-source"
            _extract(against, source)
            self.sides[f"xuncha@{against}"] = Side(source, workdir / "against" / "records")
        self.floor_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    # -- setup ---------------------------------------------------------------------------------
    def prepare(self) -> dict:
        started = time.perf_counter()
        this = self.workdir / "this"
        this.mkdir(parents=True)
        # In a child: generating the term size holds ~140 MiB, which every later fork would count.
        made = subprocess.run([sys.executable, "-c", "import json, sys; from generate import generate; "
                               "print(json.dumps(generate(__import__('pathlib').Path(sys.argv[1]), sys.argv[2])))",
                               str(this), self.size], cwd=HERE, check=True, capture_output=True, text=True)
        counts = json.loads(made.stdout)
        generated = time.perf_counter() - started
        records = this / "records"
        files = [p for p in records.rglob("*.yaml")]
        counts["megabytes"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
        counts["generate_seconds"] = round(generated, 1)
        self.as_of = counts.pop("as_of")  # the day after the last date written: nothing lies in the future
        # A calendar override for the last year of data, so "calendar file edited" edits a real one.
        self.calendar_year = int(self.as_of[:4]) - (1 if self.as_of.endswith("-01-01") else 0)
        self.sides["xuncha"].run(["calendar", "add", str(self.calendar_year), "--no-commit"])
        first_round = sorted(p.name for p in (records / "inspections").iterdir())[0].split("-")[:2]
        self.round13 = "-".join(first_round)
        self._render_tree(records, this / "render13" / "records")
        for name, side in self.sides.items():
            if side.records.parent != this:
                shutil.copytree(this, side.records.parent, symlinks=True)
        return counts

    def _render_tree(self, records: Path, into: Path) -> None:
        """The same files as the whole tree minus every inspection but 13 of the first round."""
        shutil.copytree(records, into, ignore=shutil.ignore_patterns("inspections"))
        members = sorted(p for p in (records / "inspections").iterdir()
                         if p.name.startswith(self.round13 + "-"))[:13]
        for folder in members:
            shutil.copytree(folder, into / "inspections" / folder.name)

    # -- timing --------------------------------------------------------------------------------
    def floor_runner(self, floor: str, records: Path) -> Runner:
        if floor == "import typer":
            argv = [sys.executable, "-c", "import typer"]
        else:
            argv = [sys.executable, "-c", FLOORS[floor], str(records)]
        return Runner(argv, records.parent, self.floor_env)

    def side_runner(self, side: Side, row: Row) -> Runner | None:
        records = side.records.parent / row.records
        out = records.parent / "rendered"
        args = [a.format(out=out) for a in row.args]
        # A warm row (and render, whose compiled templates are cached) starts from a warm cache, so
        # its first run is untimed; a cold row only asks whether the command exists.
        probe = side.run(args if row.mode != "cold" else [args[0], "--help"], records)
        if missing(probe):
            return None
        before = None
        if row.mode == "cold":
            before = lambda: side.clear_cache(records)  # noqa: E731
        elif row.mode == "edit-inspection":
            target = sorted((records / "inspections").iterdir())[0] / "inspection.yaml"
            before = _toggler(target)
        elif row.mode == "edit-calendar":
            before = _toggler(records / "calendar" / f"{self.calendar_year}.yaml")
        vary = _next_day(args[args.index("--as-of") + 1]) if row.mode == "next-day" else None
        return Runner(side.argv(args, records), records.parent, side.env, before, vary=vary)

    def time_row(self, row: Row) -> dict:
        this = self.sides["xuncha"]
        runners: dict[str, Runner] = {}
        for name, side in self.sides.items():
            runner = self.side_runner(side, row)
            if runner is None:
                if name == "xuncha":
                    return {"available": False}
                continue
            runners[name] = runner
        for floor in row.floors:
            runners[floor] = self.floor_runner(floor, this.records.parent / row.records)
        order = list(runners)
        for i in range(self.pairs):
            for name in (order if i % 2 == 0 else reversed(order)):
                runners[name].run()
        mine = runners["xuncha"].samples
        result = {"mode": row.mode, "args": row.args, "seconds": _spread([s.seconds for s in mine]),
                  "cpu_seconds": _spread([s.cpu for s in mine]),
                  "peak_mib": round(max(s.peak_mib for s in mine), 1),
                  "exit": sorted({s.exit for s in mine}), "ratios": {}, "others": {}}
        failed = [s.tail for s in mine if s.exit not in (0, 1)] or [s.tail for s in mine if s.exit and s.tail
                                                                     and "Traceback" in s.tail]
        if failed:
            result["failure"] = failed[0]
        for name, runner in runners.items():
            if name == "xuncha":
                continue
            theirs = runner.samples
            result["others"][name] = {"seconds": _spread([s.seconds for s in theirs]),
                                      "peak_mib": round(max(s.peak_mib for s in theirs), 1),
                                      "exit": sorted({s.exit for s in theirs})}
            result["ratios"][name] = _spread([a.seconds / b.seconds for a, b in zip(mine, theirs)])
        return result


def _next_day(first: str) -> Callable[[list[str]], list[str]]:
    """Arguments whose --as-of is one day later at every run: nothing remembered for that day yet."""
    import datetime as dt

    runs = iter(range(1, 100_000))

    def vary(argv: list[str]) -> list[str]:
        day = (dt.date.fromisoformat(first) + dt.timedelta(days=next(runs))).isoformat()
        return [day if a == first else a for a in argv]

    return vary


def _toggler(path: Path) -> Callable[[], None]:
    """Each call edits ``path`` (a comment line added or taken away): its size and content change."""
    original = path.read_bytes()
    state = {"edited": False}

    def toggle() -> None:
        state["edited"] = not state["edited"]
        data = original + "# 基准测试：改动一处\n".encode() if state["edited"] else original
        path.write_bytes(data)

    return toggle


def _spread(values: list[float]) -> dict:
    return {"min": round(min(values), 4), "median": round(statistics.median(values), 4),
            "max": round(max(values), 4), "all": [round(v, 4) for v in values]}


def _extract(ref: str, into: Path) -> None:
    into.mkdir(parents=True)
    # The whole tree: the bundled templates and example live beside the package, not inside it.
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def _commit(ref: str = "HEAD") -> str | None:
    done = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or None


def _dirty() -> bool:
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "xuncha"], cwd=ROOT,
                          capture_output=True, text=True)
    return bool(done.stdout.strip())


def table(results: dict, size: str) -> str:
    """The paired ratios, one line per row: median [min–max] against each floor."""
    targets = TARGETS.get(size, {})
    lines = [f"{'测量项':<44}{'秒(中位)':>9}{'峰值MiB':>9}   成对倍数 中位[最小–最大]"]
    for name, result in results.items():
        if result.get("available") is False:
            lines.append(f"{name:<44}{'—':>9}{'':>9}   未提供（本分支尚无此命令）")
            continue
        peak = result["peak_mib"]
        peak_mark = ""
        if "peak" in targets and not name.startswith("render") and name != "--help":
            peak_mark = "" if peak <= targets["peak"] else "!"
        cells = []
        for floor, ratio in result["ratios"].items():
            target = targets.get(name, {}).get(floor)
            mark = "" if target is None else (f"≤{target}✓" if ratio["median"] <= target else f"≤{target}✗")
            theirs = result["others"][floor]["exit"]
            # A side that failed (or found other things) did other work: its ratio says nothing.
            odd = "" if theirs == result["exit"] or floor in FLOORS or floor == "import typer" else f"(退出码{theirs})"
            cells.append(f"{floor} {ratio['median']:.2f}×[{ratio['min']:.2f}–{ratio['max']:.2f}]{mark}{odd}")
        if not cells:
            cells.append(f"[{result['seconds']['min']:.2f}–{result['seconds']['max']:.2f} 秒]")
        codes = "" if result["exit"] in ([0], [1]) else f"  退出码 {result['exit']}"
        if result.get("failure"):
            codes += "  出错：" + result["failure"].strip().splitlines()[-1]
        lines.append(f"{name:<44}{result['seconds']['median']:>9.3f}{peak:>8.0f}{peak_mark:1}   "
                     + "  ".join(cells) + codes)
    first = next((n for n, r in results.items() if r.get("others", {}).get("pyyaml")), None)
    if first:
        floors = results[first]["others"]
        lines.append(f"底线（与“{first}”同组，中位）：" + "，".join(
            f"{f} {floors[f]['seconds']['median']:.3f} 秒、峰值 {floors[f]['peak_mib']:.0f} MiB"
            for f in TREE_FLOORS if f in floors))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full", "term"], default="full")
    parser.add_argument("--pairs", type=int, default=5, help="blocks per row (each: every floor and xuncha once)")
    parser.add_argument("--against", metavar="COMMIT", help="also time this commit's xuncha in every block")
    parser.add_argument("--only", action="append", metavar="ROW",
                        help="time only rows whose name contains this text (repeatable)")
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="folder for the JSON report")
    options = parser.parse_args(argv)

    workdir = options.keep or Path(tempfile.mkdtemp(prefix="xuncha-province-"))
    try:
        return run(workdir, options)
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(workdir: Path, options) -> dict:
    started = time.perf_counter()
    bench = Bench(workdir, options.size, options.pairs, options.against)
    counts = bench.prepare()
    print(f"生成合成省级台账（{options.size}）：{counts}", flush=True)
    results: dict[str, dict] = {}
    for row in rows(bench.as_of, bench.round13):
        if options.only and not any(part in row.name for part in options.only):
            continue
        row_started = time.perf_counter()
        results[row.name] = bench.time_row(row)
        print(f"  {row.name}：{time.perf_counter() - row_started:.0f} 秒", flush=True)
    total = time.perf_counter() - started

    print()
    print(table(results, options.size))
    print(f"\n共用时 {total:.0f} 秒（生成 {counts['generate_seconds']} 秒），每行 {options.pairs} 组。")
    options.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    loads = os.getloadavg()
    report = {"size": options.size, "counts": counts, "as_of": bench.as_of, "pairs": options.pairs,
              "commit": _commit(), "dirty": _dirty(), "against": options.against and _commit(options.against),
              "python": sys.version.split()[0], "machine": platform.platform(), "cpus": os.cpu_count(),
              "load_average": [round(x, 2) for x in loads],
              "parent_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "seconds_total": round(total, 1),
              "targets": TARGETS.get(options.size, {}), "results": results}
    path = options.out / f"{stamp}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"结果已写入 {path}")
    return report


if __name__ == "__main__":
    main()
