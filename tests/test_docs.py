"""Docs that cannot drift: the command reference, the rule table and README's transcripts are
generated from the program (docs/generate.py), and these tests fail when any is out of date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generate_module():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _generate_module()


# One test per generated file: the transcripts run dozens of commands each, and apart they are
# shared out between the test processes instead of making one long test.
@pytest.mark.parametrize("name", [path.name for path in _generate_module().makers()])
def test_generated_docs_and_readme_transcripts_are_up_to_date(generate, name):
    paths = [path for path in generate.makers() if path.name == name]
    stale = [p.name for p in generate.out_of_date(paths)]
    assert stale == [], f"out of date: {stale}; run `python docs/generate.py` and commit the result"


def test_every_command_has_its_section_in_the_reference(generate):
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    names = generate.command_names()
    assert {"init", "record", "check-deadlines", "render", "validate", "doctor"} <= set(names)
    for name in names:
        assert f"\n## xuncha {name}\n" in reference, name


def test_every_rule_is_in_the_rule_table_with_its_clause_and_severity(generate):
    from xuncha.procedure.rules import RULES

    table = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.clause or '——'} | {rule.severity} |" in table, rule.id


def test_list_rules_json_gives_id_clause_severity_and_summary(cli):
    import json

    from xuncha.procedure.rules import RULES

    listed = json.loads(cli("validate", "--list-rules", "--json").output)
    assert [r["id"] for r in listed] == [r.id for r in RULES]
    report = next(r for r in listed if r["id"] == "report-deadline")
    assert report == {"id": "report-deadline", "clause": "四（四）", "severity": "警告",
                      "summary": "巡查结束后10个工作日内形成巡查工作报告"}
    leader = next(r for r in listed if r["id"] == "team-leader-rank")
    assert (leader["clause"], leader["severity"]) == ("二（二）", "错误")


def test_every_guide_is_linked_from_the_readme():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f"](docs/{page.name})" in readme, page.name
