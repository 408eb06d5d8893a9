"""Province-size benchmark: whole-process timings of xuncha against the floor.

    python bench/province.py [--size small|full] [--runs N] [--keep DIR]

Generates a synthetic province (bench/generate.py) in a temporary folder, then times each
command as a separate process, several runs, and reports the median and its ratio to the
floor: reading and parsing the same files with PyYAML's C loader in a bare Python process
(and ``python -c "import typer"`` for --help).  Commands other branches have not delivered
yet are reported as not available.  Results go to bench/out/<timestamp>.json as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

FLOOR = r"""
import os, sys, yaml
loader = yaml.CSafeLoader
count = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle.read().decode("utf-8"), Loader=loader)
            count += 1
print(count)
"""

LAUNCH = "import sys; sys.argv[0] = 'xuncha'; from xuncha.cli import main; main()"

# name, argv after `xuncha --records R`, floor it is measured against, target ratio (cold, warm)
COMMANDS = [
    ("validate", ["validate", "--as-of", "{as_of}"], "floor", (1.5, 0.2)),
    ("check-deadlines", ["check-deadlines", "--as-of", "{as_of}"], "floor", (1.5, 0.2)),
    ("status", ["status"], "floor", (1.5, 0.2)),
    ("problems --overdue", ["problems", "--overdue", "--as-of", "{as_of}"], "floor", (None, None)),
    # The office's Excel 台账 (bench/excel.py pairs each run with the floor and compares the libraries).
    ("export problems", ["export", "problems", "--as-of", "{as_of}", "-o", "问题清单.xlsx"], "floor", (None, None)),
]


class Bench:
    def __init__(self, records: Path, runs: int):
        self.records = records
        self.runs = runs
        self.env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.env.pop("XUNCHA_RECORDS", None)
        # Any non-empty value, "0" included, stops Python writing .pyc files: every run then
        # recompiled xuncha's own modules, which an installed xuncha never does.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def xuncha(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(list(args)), cwd=cwd or self.records.parent, env=self.env,
                              capture_output=True, text=True)

    @staticmethod
    def missing(done: subprocess.CompletedProcess) -> bool:
        output = done.stderr + done.stdout
        return done.returncode == 2 and ("No such command" in output or "没有命令" in output)

    def clear_cache(self) -> None:
        shutil.rmtree(self.records.parent / ".xuncha-cache", ignore_errors=True)

    def time(self, argv: list[str], *, before=None, cwd: Path | None = None, runs: int | None = None) -> dict:
        samples = []
        codes = set()
        for _ in range(runs or self.runs):
            if before:
                before()
            start = time.perf_counter()
            done = subprocess.run(argv, cwd=cwd or self.records.parent, env=self.env, capture_output=True, text=True)
            samples.append(time.perf_counter() - start)
            codes.add(done.returncode)
        return {"median": statistics.median(samples), "runs": [round(s, 4) for s in samples], "exit": sorted(codes)}

    def command(self, args: list[str]) -> list[str]:
        # What the `xuncha` console script does, without depending on which checkout it points at.
        return [sys.executable, "-c", LAUNCH, "--records", str(self.records), *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    options = parser.parse_args()

    if options.keep:
        options.keep.mkdir(parents=True)
        workdir = options.keep
    else:
        workdir = Path(tempfile.mkdtemp(prefix="xuncha-province-"))
    try:
        run(workdir, options)
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(workdir: Path, options) -> None:
    started = time.perf_counter()
    counts = generate(workdir, options.size)
    as_of = counts.pop("as_of")  # the day after the last date written: nothing lies in the future
    records = workdir / "records"
    size = sum(p.stat().st_size for p in records.rglob("*.yaml"))
    counts["megabytes"] = round(size / 1e6, 1)
    print(f"生成合成省级台账：{counts}，用时 {time.perf_counter() - started:.1f} 秒（{options.size}）", flush=True)
    bench = Bench(records, options.runs)
    results: dict[str, dict] = {}

    results["floor: PyYAML CSafeLoader"] = bench.time([sys.executable, "-c", FLOOR, str(records)])
    results["floor: import typer"] = bench.time([sys.executable, "-c", "import typer"])
    floor = results["floor: PyYAML CSafeLoader"]["median"]
    typer_floor = results["floor: import typer"]["median"]

    results["xuncha --help"] = bench.time(bench.command(["--help"])) | {"ratio_to": "import typer", "target": 1.5}

    for name, template, _, (cold_target, warm_target) in COMMANDS:
        args = [a.format(as_of=as_of) for a in template]
        probe = bench.xuncha(*args)
        if probe.returncode == 2 and "No such option" in probe.stderr and "--as-of" in args:
            args = args[: args.index("--as-of")]
            probe = bench.xuncha(*args)
        if bench.missing(probe):
            results[name] = {"available": False}
            continue
        results[f"{name} (cold cache)"] = bench.time(bench.command(args), before=bench.clear_cache) | {
            "ratio_to": "floor", "target": cold_target}
        bench.xuncha(*args)
        results[f"{name} (warm cache)"] = bench.time(bench.command(args)) | {"ratio_to": "floor", "target": warm_target}
        results[f"{name} (--no-cache)"] = bench.time(bench.command(["--no-cache", *args])) | {"ratio_to": "floor"}

    _time_rendering(bench, records, results)

    print()
    width = max(34, *(len(name) + 2 for name in results))
    print(f"{'测量项':<{width}}{'中位数(秒)':>12}{'倍数':>9}{'目标':>8}   各次")
    for name, result in results.items():
        if result.get("available") is False:
            print(f"{name:<{width}}{'—':>12}{'':>9}{'':>8}   未提供（本分支尚无此命令）")
            continue
        base = typer_floor if result.get("ratio_to") == "import typer" else floor
        ratio = result["median"] / base if result.get("ratio_to") else None
        result["ratio"] = round(ratio, 3) if ratio is not None else None
        target = result.get("target")
        seconds_target = result.get("seconds_target")
        shown_target = f"≤{target}×" if target else (f"<{seconds_target}s" if seconds_target else "")
        shown_ratio = f"{ratio:.2f}×" if ratio is not None else ""
        print(f"{name:<{width}}{result['median']:>12.3f}{shown_ratio:>9}{shown_target:>8}   {result['runs']}"
              + (f" 退出码 {result['exit']}" if result.get("exit", [0]) not in ([0], [1]) else ""))

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report = {"size": options.size, "counts": counts, "as_of": as_of, "runs": options.runs, "commit": _commit(),
              "python": sys.version.split()[0], "machine": platform.platform(), "cpus": os.cpu_count(),
              "floor": floor, "typer_floor": typer_floor, "results": results}
    path = out / f"{stamp}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\n结果已写入 {path.relative_to(ROOT)}")


def _time_rendering(bench: Bench, records: Path, results: dict) -> None:
    inspections = sorted(p.name for p in (records / "inspections").iterdir() if (p / "closure.yaml").exists())
    first = inspections[0]
    out = records.parent / "rendered"
    out.mkdir(exist_ok=True)
    probe = bench.xuncha("render", "report", first, "-o", str(out / "report.docx"))
    if bench.missing(probe):
        results["render report (one)"] = {"available": False}
        results["render all (a round of 13)"] = {"available": False}
        return
    results["render report (one)"] = bench.time(
        bench.command(["render", "report", first, "-o", str(out / "report.docx")])) | {"seconds_target": 0.5}
    round_prefix = first.rsplit("-", 1)[0].split("-")[:2]
    same_round = [i for i in inspections if i.split("-")[:2] == round_prefix][:13]

    codes = set()

    def whole_round():
        for inspection in same_round:
            done = subprocess.run(bench.command(["render", "all", inspection, "-o", str(out / inspection)]),
                                  cwd=out, env=bench.env, capture_output=True, text=True)
            codes.add(done.returncode)

    samples = []
    for _ in range(max(2, bench.runs // 2)):
        start = time.perf_counter()
        whole_round()
        samples.append(time.perf_counter() - start)
    results[f"render all (a round of {len(same_round)})"] = {
        "median": statistics.median(samples), "runs": [round(s, 3) for s in samples], "seconds_target": 10,
        "exit": sorted(codes)}

    # The same work as one command: `render all YEAR-ROUND` renders every inspection of the round
    # (all of the province's, not just 13) in one process.
    round_id = "-".join(round_prefix)
    members = [i for i in inspections if i.split("-")[:2] == round_prefix]
    probe = bench.xuncha("render", "all", round_id, "-o", str(out / round_id))
    if probe.returncode == 0:
        documents = sum(1 for _ in (out / round_id).rglob("*.docx"))
        results[f"render all {round_id} ({len(members)} in 1 process)"] = bench.time(
            bench.command(["render", "all", round_id, "-o", str(out / round_id)]), runs=max(2, bench.runs // 2)) | {
            "inspections": len(members), "documents": documents}


def _commit() -> str | None:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or None


if __name__ == "__main__":
    main()
