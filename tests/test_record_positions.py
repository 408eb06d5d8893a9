"""Every field read from a file keeps the line and column it was written at, however long the file
or its lines: messages about a problem point the clerk at the place to correct (四（四）、四（七）)."""

from __future__ import annotations

import pickle

import pytest

from xuncha.model.base import EMPTY_LIST
from xuncha.model.problems import Problems
from xuncha.records.loader import load_file

PROBLEM = """\
problems:
  - id: P01
    category: 3
    title: 危险化学品仓库未按规定设置防爆设施
    unit: 某化工有限公司
    progress:
      - date: 2020-07-20
        status: in-progress
"""


def _read(tmp_path, text: str):
    path = tmp_path / "problems.yaml"
    path.write_text(text, encoding="utf-8")
    record, diagnostics = load_file(path, Problems, "records/inspections/2020-1-dongtai/problems.yaml")
    assert [d for d in diagnostics if d.severity == "error"] == []
    return record.problems[0]


def test_each_written_field_keeps_its_line_and_column(tmp_path):
    problem = _read(tmp_path, PROBLEM)
    assert (problem.pos("title").line, problem.pos("title").column) == (4, 5)
    assert (problem.pos("unit").line, problem.pos("unit").column) == (5, 5)
    assert (problem.progress[0].pos("status").line, problem.progress[0].pos("status").column) == (8, 9)
    assert problem.has("unit") and not problem.has("cause")


def test_a_field_not_written_points_at_its_problem(tmp_path):
    problem = _read(tmp_path, PROBLEM)
    for name in ("cause", "lookbacks", "escalations"):
        assert (problem.pos(name).line, problem.pos(name).column) == (2, 5)


def test_a_problem_after_the_65535th_line_keeps_its_line(tmp_path):
    problem = _read(tmp_path, "# 整改台账\n" * 70_000 + PROBLEM)
    assert (problem.pos("unit").line, problem.pos("unit").column) == (70_005, 5)
    assert (problem.pos("cause").line, problem.pos("cause").column) == (70_002, 5)


def test_a_field_far_along_one_long_line_keeps_its_column(tmp_path):
    padding = " " * 70_000
    text = f"problems:\n  - {{id: P01, category: 3,{padding} title: 未设置防爆设施, unit: 某化工有限公司}}\n"
    problem = _read(tmp_path, text)
    assert (problem.pos("id").line, problem.pos("id").column) == (2, 6)
    assert (problem.pos("title").line, problem.pos("title").column) == (2, 70_028)
    assert problem.pos("unit").column == 70_044


def test_positions_survive_the_parse_cache(tmp_path):
    problem = _read(tmp_path, "# 整改台账\n" * 70_000 + PROBLEM)
    again = pickle.loads(pickle.dumps(problem, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == problem
    assert [again.pos(name) for name in ("", "title", "unit", "cause")] == \
        [problem.pos(name) for name in ("", "title", "unit", "cause")]


def test_an_empty_list_read_from_a_file_cannot_be_grown_by_accident(tmp_path):
    """The lists a file leaves empty are one shared list: adding to it would add to every problem."""
    problem = _read(tmp_path, PROBLEM)
    assert problem.lookbacks == [] and problem.lookbacks is EMPTY_LIST
    with pytest.raises(TypeError):
        problem.lookbacks.append("回头看")
    assert pickle.loads(pickle.dumps(problem, protocol=pickle.HIGHEST_PROTOCOL)).escalations is EMPTY_LIST
