"""The shortcut reader (records/fastread.py) gives the careful reader's records or none at all.

For every file it takes, the records must be those libyaml and the converter make of it,
down to the pickle bytes: the same values, the same shared strings and days, the same
positions of every field.  Every file it is not sure of must be left to the careful reader,
which explains what is wrong."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from conftest import generate_province
from xuncha.model.plan import Plan
from xuncha.model.tree import INSPECTION_FILES
from xuncha.records.convert import Converter
from xuncha.records.fastread import read_clean
from xuncha.records.yamlread import parse_text

EXAMPLE = Path(__file__).resolve().parent.parent / "records"
PROBLEMS = INSPECTION_FILES["problems.yaml"][1]
INSPECTION = INSPECTION_FILES["inspection.yaml"][1]


def careful(text: str, cls: type):
    """(records, diagnostics) as libyaml and the converter read ``text``."""
    node, problems = parse_text(text, "f.yaml")
    if node is None:
        return None, problems
    converter = Converter("f.yaml")
    return converter.record(node, cls), problems + converter.diagnostics


def same_or_refused(text: str, cls: type) -> bool:
    """Checks the shortcut against the careful reader; True when it took the file."""
    quick = read_clean(text, cls, "f.yaml")
    if quick is None:
        return False
    slow, diagnostics = careful(text, cls)
    assert diagnostics == [], f"the shortcut took a file the careful reader reports:\n{text}"
    assert pickle.dumps(quick) == pickle.dumps(slow), f"the shortcut read another record:\n{text}"
    return True


def record_files(root: Path):
    """(text, class) of every record file a reader takes whole (inspection files and plans)."""
    for path in sorted(root.rglob("*.yaml")):
        if path.parent.name == "plans":
            yield path.read_text(encoding="utf-8-sig"), Plan
        elif path.name in INSPECTION_FILES and path.parent.parent.name == "inspections":
            yield path.read_text(encoding="utf-8-sig"), INSPECTION_FILES[path.name][1]


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("province")
    generate_province(root, "small")
    return root


def test_every_file_of_the_example_is_read_as_the_careful_reader_reads_it():
    files = list(record_files(EXAMPLE))
    taken = sum(same_or_refused(text, cls) for text, cls in files)
    assert files and taken == len(files)


def test_every_file_of_a_generated_province_is_taken_and_read_the_same(province):
    files = list(record_files(province))
    assert len(files) > 700
    taken = [same_or_refused(text, cls) for text, cls in files]
    # All but the year's plan, whose flow mappings hold flow lists.
    assert taken.count(False) == 1


# A clean problem list in the shapes the shortcut takes, as clerks and the tool write them.
CLEAN = """\
# 问题清单（巡查组填写）
problems:
  - id: P1
    category: 5
    title: 化工园区安全监管体制未理顺
    description: 巡查组通过明查暗访发现，化工园区安全监管体制未理顺。

    source: {method: interview}
    unit: 应急管理局      # 责任单位
    handoffs:                # 四（五）：移交
      - {to: local, date: 2022-09-05, reference: 苏巡办〔2022〕4646号}  # 初次移交
      - {to: local, date: 2022-09-06, reference: 苏巡办〔2022〕4647号}
    progress:
      - {date: 2022-09-15, status: in-progress, evidence: 整改方案}
      -   date: 2022-10-05
          status: rectified
          evidence: '整改验收材料: 见附件'
  - id: "P2"
    category: 3   # 第#2号
    title: 9项重点任务#未按期完成   
    description: ~
    source:
      method: spot-check
    lookbacks: []
"""


def test_a_clean_file_with_comments_blank_lines_quotes_and_both_list_forms_is_taken():
    assert same_or_refused(CLEAN, PROBLEMS)


@pytest.mark.parametrize("bent, why", [
    ("    title: '化工园区' # 待核实\n", "a comment after a quoted value"),
    ("    title: \"化工 #园区\"\n", "a # inside quotes"),
    ("    title: \"化工园区\\t监管\"\n", "an escape in double quotes"),
    ("    title: '园区''监管'\n", "a doubled quote in single quotes"),
    ("    title: 化工园区安全监管\n      体制未理顺\n", "a text folded over two lines"),
    ("    title: |\n      化工园区\n", "a block text"),
    ("    title: &t 化工园区\n", "an anchor"),
    ("    title: !!str 化工园区\n", "a tag"),
    ("    title: 化工园区: 监管\n", "a second colon and space"),
    ("    title:\n", "a blank required field"),
    ("    titel: 化工园区\n", "an unknown field"),
    ("    unit: 应急管理局\n", "a field written twice"),
    ("    category: 五\n", "a number that is not one"),
    ("    category: 99\n", "a number out of range"),
    ("    handoffs:\n    - {to: local, date: 2022-09-06}\n", "a list at its field's indent"),
    ("    handoffs:\n      - {to: local, date: 2022-13-06}\n", "a day that does not exist"),
    ("    handoffs:\n      - {to: local, date: 2022/9/6}\n", "a day in another form"),
    ("    handoffs:\n      - {to: 'local', date: 2022-09-06}\n", "a quote in a flow mapping"),
    ("    handoffs:\n      - {to: local, date: 2022-09-06,}\n", "a trailing comma"),
    ("    handoffs:\n      - {to: upward}\n", "a choice that is not one"),
    ("    handoffs:\n      - to: local\n        date: 2022-09-06\n       reference: x\n", "a key one space short"),
    ("    source: {method: interview, {x: y}}\n", "a nested flow mapping"),
    ("    cause:基层力量薄弱\n", "a colon without a space"),
    ("  - 化工园区\n", "a text where a record is expected"),
    ("---\n", "a document marker"),
    ("    title: \ufeff化工园区\n", "a byte-order mark inside"),
])
def test_a_file_bent_out_of_the_plain_shapes_is_left_to_the_careful_reader(bent, why):
    lines = CLEAN.splitlines(keepends=True)
    text = "".join(lines[:5]) + bent + "".join(lines[5:])
    assert read_clean(text, PROBLEMS, "f.yaml") is None, why


@pytest.mark.parametrize("text", [
    "id: 2022-1-a\r\ntarget: a\r\n",
    "id: 2022-1-a\n\ttarget: a\n",
    "id: 2022-1-a\ntarget: a\u2028b\n",
    "",
    "# 只有注释\n",
    "- id: 2022-1-a\n",
])
def test_line_breaks_tabs_invisible_characters_and_no_mapping_are_left_to_the_careful_reader(text):
    assert read_clean(text, INSPECTION, "f.yaml") is None


def test_positions_are_those_of_the_file_lines_and_columns():
    text = "\n# 巡查\nid: 2022-3-a\ntarget: a\nyear: 2022\nround: 3\nteam:\n    name: 第26巡查组\n    leader: li\n    members: [a, b]\n"
    inspection = read_clean(text, INSPECTION, "inspection.yaml")
    assert inspection is not None and same_or_refused(text, INSPECTION)
    assert (inspection.pos("target").line, inspection.pos("target").column) == (4, 1)
    assert (inspection.team.pos("leader").line, inspection.team.pos("leader").column) == (9, 5)


def test_a_thousand_random_edits_of_real_files_never_read_differently(province):
    """Each edit (a character dropped, doubled or swapped for one YAML gives meaning to, a line
    moved in or out) either is refused by the shortcut or read exactly as libyaml reads it."""
    chooser = random.Random(20190603)
    files = [(text, cls) for text, cls in record_files(province) if len(text) < 3000]
    specials = list(":-#'\"{}[],&*!|> ~\n") + ["  ", ": ", " #", "- ", "\ufeff", "\n\n", "\n  \n", "\n# 注\n"]
    taken = 0
    for _ in range(1000):
        text, cls = chooser.choice(files)
        at = chooser.randrange(len(text))
        edit = chooser.randrange(4)
        if edit == 0:
            bent = text[:at] + text[at + 1:]
        elif edit == 1:
            bent = text[:at] + chooser.choice(specials) + text[at:]
        elif edit == 2:
            bent = text[:at] + chooser.choice(specials) + text[at + 1:]
        else:
            start = text.rfind("\n", 0, at) + 1
            bent = text[:start] + chooser.choice(["  ", " ", ""]) + text[start + chooser.randrange(3):]
        taken += same_or_refused(bent, cls)
    assert taken > 200  # the edits that leave a file plain are still taken
