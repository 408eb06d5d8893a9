"""xuncha init: a fresh tree with the Yancheng defaults, valid, under git, never overwriting."""

from __future__ import annotations

import subprocess

from conftest import Cli, snapshot

COUNTIES = ["东台市", "建湖县", "射阳县", "阜宁县", "滨海县", "响水县", "大丰区", "亭湖区", "盐都区"]


def test_init_scaffolds_a_valid_tree_under_git(tmp_path):
    result = Cli(tmp_path)("init", "office")
    assert result.exit_code == 0, result.output
    office = tmp_path / "office"
    assert (office / ".git").is_dir()
    assert Cli(office)("validate").exit_code == 0


def test_init_lists_every_county_and_both_zones(tmp_path):
    from xuncha.records.loader import load

    Cli(tmp_path)("init", "office")
    records, _ = load(tmp_path / "office" / "records")
    names = {t.name: t.kind for t in records.config.targets}
    assert all(names[county] == "county" for county in COUNTIES)
    assert names["盐城经济技术开发区"] == names["盐南高新区"] == "zone"
    assert "yjj" in records.config.safety_committee_members


def test_init_inside_an_existing_repository_does_not_nest_one(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = Cli(tmp_path)("init", "sub")
    assert result.exit_code == 0
    assert not (tmp_path / "sub" / ".git").exists()


def test_init_refuses_to_overwrite_existing_records(workspace):
    before = snapshot(workspace)
    result = Cli(workspace)("init", str(workspace))
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert snapshot(workspace) == before


def test_init_refuses_inside_an_existing_records_tree(workspace):
    before = snapshot(workspace)
    for place in ("sub", "records/sub"):
        result = Cli(workspace)("init", place)
        assert result.exit_code == 2
        assert "位于已有的巡查台账" in result.output and "records" in result.output
    assert snapshot(workspace) == before
    assert not (workspace / "sub").exists()


def test_init_only_mentions_the_pre_commit_config_it_wrote(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    result = Cli(tmp_path)("init", "office")
    assert result.exit_code == 0, result.output
    assert "已写入 .pre-commit-config.yaml" not in result.output
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
