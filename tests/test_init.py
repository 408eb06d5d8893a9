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


def git_out(root, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_init_commits_everything_it_writes_naming_the_city_and_term(tmp_path):
    result = Cli(tmp_path)("init", "office")
    office = tmp_path / "office"
    assert git_out(office, "status", "--porcelain") == ""
    message = git_out(office, "log", "-1", "--format=%B")
    assert message.startswith("xuncha: init 盐城市")
    assert "市委第八届任期（2019年下半年起）（2019-07-01 至 2021-12-31）" in message
    tracked = git_out(office, "ls-files").split()
    assert {"records/config.yaml", "records/people.yaml", ".gitignore", ".pre-commit-config.yaml"} <= set(tracked)
    assert any(name.startswith("records/.schema/") for name in tracked)
    assert "已提交 git：" in result.output


def test_the_gitignore_init_writes_keeps_rendered_papers_and_the_cache_out_of_git(tmp_path):
    Cli(tmp_path)("init", "office")
    ignored = (tmp_path / "office" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "out/" in ignored and ".xuncha-cache/" in ignored


def test_init_adds_only_the_missing_lines_to_an_existing_gitignore(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("*.tmp\nout/\n", encoding="utf-8")
    Cli(tmp_path)("init", str(tmp_path))
    text = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    assert text.startswith("*.tmp\nout/\n") and text.count("out/") == 1 and ".xuncha-cache/" in text


def test_init_example_is_a_committed_copy_of_the_bundled_example_ready_to_use(tmp_path):
    from xuncha.bundled import example_records

    result = Cli(tmp_path)("init", "demo", "--example")
    assert result.exit_code == 0, result.output
    demo = tmp_path / "demo"
    assert git_out(demo, "status", "--porcelain") == ""
    bundled = {p.relative_to(example_records()).as_posix(): p.read_bytes()
               for p in example_records().rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    copied = {p.relative_to(demo / "records").as_posix(): p.read_bytes()
              for p in (demo / "records").rglob("*") if p.is_file()}
    assert copied == bundled
    assert Cli(demo)("validate").exit_code == 0
    rendered = Cli(demo)("render", "all", "2020-1-dongtai")
    assert rendered.exit_code == 0, rendered.output
    assert (demo / "out" / "2020-1-dongtai" / "report.docx").is_file()
    assert git_out(demo, "status", "--porcelain") == ""  # rendered papers and the cache stay out of git


def test_init_without_a_git_identity_refuses_and_writes_nothing(tmp_path, no_identity):
    result = Cli(tmp_path)("init", "office")
    assert result.exit_code == 2
    assert "git config --global user.name" in result.output
    assert not (tmp_path / "office").exists()


def test_init_whose_first_commit_git_refuses_leaves_the_folder_as_it_was(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "notes.txt").write_text("会议记录\n", encoding="utf-8")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = snapshot(tmp_path)
    result = Cli(tmp_path)("init", str(tmp_path))
    assert result.exit_code == 2
    assert "已撤销" in result.output and "hook says no" in result.output
    assert snapshot(tmp_path) == before
    assert git_out(tmp_path, "status", "--porcelain") == "?? notes.txt\n"  # nothing left staged
