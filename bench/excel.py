"""Excel export at province size, beside the YAML floor; and the library choice it rests on.

    python bench/excel.py [--size small|full] [--runs N] [--keep DIR] [--libraries]

Generates the synthetic province (bench/generate.py: 1,300 inspections, 26,000 problems), then
times `xuncha export problems|deadlines|stats` and the floor (reading and parsing every YAML file
with PyYAML's C loader in a bare process) in PAIRS: floor, export, floor, export…  On a shared
machine one slow moment then hits both sides of a pair, so each pair's ratio is printed and the
median ratio is the figure.  --libraries also times writing the same 26,000 styled rows with
XlsxWriter and openpyxl, and reading them back with python-calamine and openpyxl.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from province import FLOOR, Bench  # noqa: E402

EXPORTS = ["problems", "deadlines", "stats"]


def _once(argv: list[str], bench: Bench) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=bench.records.parent, env=bench.env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[-6:])} 退出码 {done.returncode}：{done.stderr[-500:]}")
    return elapsed


def paired(bench: Bench, records: Path, as_of: str, runs: int) -> None:
    floor_argv = [sys.executable, "-c", FLOOR, str(records)]
    out = records.parent / "xlsx"
    out.mkdir(exist_ok=True)
    # One export first, so the parse cache is warm as it is for a clerk's second command of the day.
    bench.xuncha("export", "problems", "--as-of", as_of, "-o", str(out / "warm.xlsx"))
    print(f"{'导出':<12}{'轮次':>4}{'YAML 下限(秒)':>16}{'导出(秒)':>12}{'倍数':>8}")
    for kind in EXPORTS:
        argv = bench.command(["export", kind, "--as-of", as_of, "-o", str(out / f"{kind}.xlsx")])
        ratios, seconds = [], []
        for run in range(runs):
            floor = _once(floor_argv, bench)
            export = _once(argv, bench)
            ratios.append(export / floor)
            seconds.append(export)
            print(f"{kind:<12}{run + 1:>4}{floor:>16.2f}{export:>12.2f}{export / floor:>7.2f}×", flush=True)
        size = (out / f"{kind}.xlsx").stat().st_size / 1e6
        print(f"{kind:<12}{'中位':>4}{'':>16}{statistics.median(seconds):>12.2f}{statistics.median(ratios):>7.2f}×"
              f"   （文件 {size:.1f} MB）\n", flush=True)


def libraries(runs: int) -> None:
    """The measurement behind the choice of XlsxWriter (write) and python-calamine (read)."""
    rows = [[i + 1, f"2020-1-t{i % 1300}", f"P{i % 20 + 1}", "某某县", "（四）推进安全生产依法治理情况",
             "某化工企业甲类储罐区未设置紧急切断装置，相关工作未形成闭环" * 2, "某某县应急管理局",
             "限期整改到位，举一反三开展全面排查。", dt.date(2020, 6, 3) + dt.timedelta(days=i % 300), "整改中",
             dt.date(2020, 7, 3), ("red", "yellow", "green", "done")[i % 4]] for i in range(26000)]
    fills = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "done": "D9D9D9"}
    folder = Path(tempfile.mkdtemp(prefix="xuncha-xlsx-"))

    def with_xlsxwriter():
        import xlsxwriter

        book = xlsxwriter.Workbook(str(folder / "a.xlsx"))
        sheet = book.add_worksheet("问题清单")
        text = {k: book.add_format({"bg_color": "#" + v, "border": 1, "text_wrap": True}) for k, v in fills.items()}
        date = {k: book.add_format({"bg_color": "#" + v, "border": 1, "num_format": 'yyyy"年"m"月"d"日"'})
                for k, v in fills.items()}
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row[:-1]):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date[row[-1]])
                else:
                    sheet.write(r, c, value, text[row[-1]])
        sheet.freeze_panes(1, 0)
        book.close()

    def with_openpyxl():
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, PatternFill, Side

        book = Workbook()
        sheet = book.active
        side = Side(style="thin")
        border, wrap = Border(side, side, side, side), Alignment(wrap_text=True)
        fill = {k: PatternFill("solid", fgColor=v) for k, v in fills.items()}
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row[:-1], 1):
                cell = sheet.cell(r, c, value)
                cell.fill, cell.border, cell.alignment = fill[row[-1]], border, wrap
                if isinstance(value, dt.date):
                    cell.number_format = 'yyyy"年"m"月"d"日"'
        sheet.freeze_panes = "A2"
        book.save(folder / "b.xlsx")

    def read_calamine():
        from python_calamine import CalamineWorkbook

        CalamineWorkbook.from_path(str(folder / "a.xlsx")).get_sheet_by_name("问题清单").to_python()

    def read_openpyxl():
        import openpyxl

        list(openpyxl.load_workbook(folder / "a.xlsx", read_only=True)["问题清单"].iter_rows(values_only=True))

    try:
        for title, first, second in (("写入 26,000 行", with_xlsxwriter, with_openpyxl),
                                     ("读取 26,000 行", read_calamine, read_openpyxl)):
            names = (first.__name__, second.__name__)
            print(f"{title}：{names[0]} 对 {names[1]}（成对测量）")
            ratios = []
            for run in range(runs):
                a = _timed(first)
                b = _timed(second)
                ratios.append(b / a)
                print(f"  {run + 1}  {a:6.2f} 秒  {b:6.2f} 秒  {b / a:5.2f}×", flush=True)
            print(f"  中位倍数 {statistics.median(ratios):.2f}×\n")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    parser.add_argument("--libraries", action="store_true", help="also time XlsxWriter/openpyxl/python-calamine")
    options = parser.parse_args()
    if options.libraries:
        libraries(options.runs)
    workdir = options.keep or Path(tempfile.mkdtemp(prefix="xuncha-province-"))
    if options.keep:
        options.keep.mkdir(parents=True)
    try:
        counts = generate(workdir, options.size)
        as_of = counts.pop("as_of")
        print(f"合成省级台账：{counts}（{options.size}），截至 {as_of}\n", flush=True)
        paired(Bench(workdir / "records", options.runs), workdir / "records", as_of, options.runs)
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
