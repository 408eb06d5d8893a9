"""render reads config, people, one plan and one inspection: what a document draws on, no more."""

from __future__ import annotations

from pathlib import Path

from conftest import snapshot
from xuncha.records.loader import load
from xuncha.render.needs import load_for


def _break(path: Path) -> None:
    path.write_text("target: [未闭合\n", encoding="utf-8")


def test_a_broken_file_elsewhere_does_not_stop_a_render(cli, workspace, records_dir):
    _break(records_dir / "inspections/2020-1-jianhu/inspection.yaml")
    (records_dir / "plans/2019.yaml").write_text("year: [未闭合\n", encoding="utf-8")
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 0, result.output
    assert (workspace / "out/2020-1-dongtai/report.docx").is_file()


def test_a_broken_file_of_this_inspection_still_refuses_and_names_it(cli, workspace, records_dir):
    _break(records_dir / "inspections/2020-1-dongtai/problems.yaml")
    before = snapshot(workspace)
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 2
    assert "records/inspections/2020-1-dongtai/problems.yaml:" in result.output
    assert snapshot(workspace) == before


def test_a_broken_plan_of_the_inspections_year_still_refuses(cli, workspace, records_dir):
    plan = records_dir / "plans/2020.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "  - [未闭合\n", encoding="utf-8")
    before = snapshot(workspace)
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 2
    assert "records/plans/2020.yaml:" in result.output
    assert snapshot(workspace) == before


def test_an_inspection_that_does_not_exist(cli, workspace):
    before = snapshot(workspace)
    for ident in ("2020-9-nowhere", "..", "../records"):
        result = cli("render", "report", ident)
        assert result.exit_code == 2, ident
        assert "不存在" in result.output, ident
    assert snapshot(workspace) == before


def test_what_is_read_equals_the_same_part_of_the_whole_tree(records_dir):
    whole, _ = load(records_dir, cache=False)
    part, diagnostics = load_for(records_dir, "2020-1-jianhu")
    assert not [d for d in diagnostics if d.is_error]
    assert set(part.inspections) == {"2020-1-jianhu"}
    assert part.inspections["2020-1-jianhu"] == whole.inspections["2020-1-jianhu"]
    assert part.plans == {2020: whole.plans[2020]}
    assert part.config == whole.config and part.roster == whole.roster
    year, _ = load_for(records_dir, "2020")
    assert year.plans == {2020: whole.plans[2020]} and not year.inspections


def test_a_plan_file_named_for_another_year_is_still_reported(records_dir):
    (records_dir / "plans/2020.yaml").rename(records_dir / "plans/2021.yaml")
    records, diagnostics = load(records_dir, inspections=False, cache=False, years=[2021])
    assert not records.plans
    assert [d.rule for d in diagnostics] == ["plan-file-name"]
