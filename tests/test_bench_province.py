"""bench/province.py runs end to end on the small province: one block per row, report written.

Speed is never asserted here (BRIEF: only measured in bench/); this proves the benchmark's
own code path works, so a refactor of xuncha cannot silently break the measurement.
"""

import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_province_benchmark_pairs_xuncha_with_its_floors_on_the_small_size(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import province

    report = province.main(["--size", "small", "--pairs", "1", "--keep", str(tmp_path / "work"),
                            "--out", str(tmp_path / "out"),
                            "--only", "validate (cold", "--only", "calendar file edited", "--only=--help"])

    written = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert written["size"] == "small" and written["pairs"] == 1
    assert set(written["results"]) == {"validate (cold cache)", "validate (calendar file edited)", "--help"}
    cold = written["results"]["validate (cold cache)"]
    assert set(cold["ratios"]) == {"read", "compose", "pyyaml"}
    assert all(len(ratio["all"]) == 1 and ratio["all"][0] > 0 for ratio in cold["ratios"].values())
    assert cold["exit"] == [0] and cold["peak_mib"] > 0
    assert set(written["results"]["--help"]["ratios"]) == {"import typer"}
    assert report["counts"]["inspections"] == 52
    # The calendar row edits a real override file: the one for the last year of the data.
    calendar = tmp_path / "work" / "this" / "records" / "calendar" / "2020.yaml"
    assert calendar.exists()
