"""Required means non-empty (issue 18 part 4): null, "", whitespace and [] are "missing" for every
required field, in the loader, so every rule and every command sees the field as absent."""

from __future__ import annotations

import pytest

PLAN = "records/plans/2020.yaml"
CITY_DATE = "    date: 2020-03-25\n"


@pytest.mark.parametrize("written", ["~", "null", "''", '"   "', ""])
def test_a_blank_date_of_the_city_approval_is_an_error_in_validate(cli, workspace, written):
    path = workspace / PLAN
    text = path.read_text(encoding="utf-8")
    assert CITY_DATE in text
    path.write_text(text.replace(CITY_DATE, f"    date: {written}\n"), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1, result.output
    assert "必填字段 `date`（日期）不能为空" in result.output
    assert "records/plans/2020.yaml:11" in result.output


def test_a_null_approval_date_cannot_open_a_round(cli, workspace):
    path = workspace / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace(CITY_DATE, "    date: ~\n"), encoding="utf-8")
    before = path.read_bytes()
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-09-01")
    assert result.exit_code == 2, result.output
    assert "必填字段 `date`（日期）不能为空" in result.output
    assert not (workspace / "records/inspections/2020-2-funing").exists()
    assert path.read_bytes() == before


def test_an_empty_list_of_media_is_a_missing_disclosure(cli, workspace):
    path = workspace / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("media: [盐城日报, 盐城新闻网]", "media: []"), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert "必填字段 `media`（公开的新闻媒体）不能为空" in result.output


def test_a_bad_date_is_reported_once_as_a_bad_date_not_as_blank(cli, workspace):
    path = workspace / PLAN
    path.write_text(path.read_text(encoding="utf-8").replace(CITY_DATE, "    date: 2020/03/25\n"), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert "2020-03-25" in result.output and "不能为空" not in result.output


@pytest.mark.parametrize("written", ["~", "'   '"])
def test_the_problem_listing_shows_a_problem_whose_id_is_blank_instead_of_crashing(cli, workspace, written):
    """Found by mutating the example one value at a time: a blank id crashed `problems` with a TypeError."""
    path = workspace / "records/inspections/2020-1-jianhu/problems.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: P2\n", f"  - id: {written}\n", 1), encoding="utf-8")
    result = cli("problems", "--as-of", "2020-07-03")
    assert result.exit_code == 0, result.output
    assert "2020-1-jianhu\t—\t（九）\t群众反映的2起企业违法排放危险废物问题未按期核查" in result.output
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 1
