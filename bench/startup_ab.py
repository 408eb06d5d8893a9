"""Paired A/B start-up timing: an earlier commit against the working tree, runs interleaved.

    python bench/startup_ab.py                        # `xuncha --help`, main vs this checkout, 40 pairs
    python bench/startup_ab.py --before HEAD~3 --runs 20 -- check-deadlines --as-of 2020-07-03
    python bench/startup_ab.py --before 853294b^2 --after 853294b    # two commits

On a machine shared with other jobs the spread of one command is larger than a change worth
finding; running A and B alternately (A-B, B-A, ...) and taking the median of the paired
differences cancels most of the drift.  Both run from a copy of the bundled example, each with its
own source tree first on sys.path (the --before commit is extracted with `git archive`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "import sys; sys.argv[0] = 'xuncha'; from xuncha.cli import main; main()"


def extract(ref: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(["git", "archive", ref, "xuncha"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="the commit to compare against (A)")
    parser.add_argument("--after", help="the commit to measure (B); the working tree when left out")
    parser.add_argument("--runs", type=int, default=40, help="pairs of runs")
    parser.add_argument("args", nargs="*", default=["--help"], help="the xuncha command line")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = extract(options.before, Path(tmp) / "before")
        office = Path(tmp) / "office"
        office.mkdir()
        after = extract(options.after, Path(tmp) / "after") if options.after else ROOT
        env = dict(os.environ, PYTHONPATH=str(after))
        # The example ships beside the package (setup.py), so the installed xuncha makes it.
        subprocess.run([sys.executable, "-c", PROGRAM, "init", "--example"], cwd=office, check=True,
                       capture_output=True)
        sides = {"A": dict(os.environ, PYTHONPATH=str(before)), "B": env}
        times: dict[str, list[float]] = {"A": [], "B": []}
        for i in range(options.runs):
            for side in ("A", "B") if i % 2 == 0 else ("B", "A"):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", PROGRAM, *options.args], cwd=office, env=sides[side],
                               capture_output=True)
                times[side].append(time.perf_counter() - start)
    paired = [b - a for a, b in zip(times["A"], times["B"])]
    print(f"xuncha {' '.join(options.args)}: A ({options.before}) median {statistics.median(times['A']) * 1000:.0f} ms, "
          f"B ({options.after or 'this checkout'}) median {statistics.median(times['B']) * 1000:.0f} ms, "
          f"paired B-A median {statistics.median(paired) * 1000:+.1f} ms over {options.runs} pairs")


if __name__ == "__main__":
    main()
