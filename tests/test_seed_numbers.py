"""The seed's periods are said once, in xuncha/seed.py (二（一）、四（四）、四（五）、四（七）).

A revised plan that changes 四（七）'s 30 working days must change one line; so no other module
spells a period out in a string of its own.  Docstrings and comments may quote the seed."""

import ast
import re
from pathlib import Path

import xuncha
from xuncha import seed

PACKAGE = Path(xuncha.__file__).parent
# A tour's day limits, the working-day periods and 半年, as the seed writes them.
SEED_PERIOD = re.compile(
    rf"(?<!\d)({seed.TOUR_DAYS}|{seed.SPECIAL_TOUR_DAYS})天|(?<!\d)({seed.REPORT_WORKDAYS}|{seed.FEEDBACK_WORKDAYS}|"
    rf"{seed.RECTIFICATION_PLAN_WORKDAYS}) ?个工作日|{seed.RECTIFICATION_REPORT_PERIOD}(?!为 ?\d)")


def spelled_out_periods(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and SEED_PERIOD.search(node.value)]


def test_half_a_year_is_six_months_as_the_plan_says_it():
    assert seed.months_in_words(6) == "半年"
    assert seed.months_in_words(3) == "3个月"


def test_a_period_spelled_out_in_code_is_found():
    assert spelled_out_periods('message = "反馈后半年仍未整改"\n') == [(1, "反馈后半年仍未整改")]
    assert spelled_out_periods('help = "巡查结束后10个工作日内"\n')
    assert spelled_out_periods('def f():\n    """四（四）：10个工作日内。"""\n') == []


def test_no_module_but_seed_spells_out_the_seeds_periods():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "seed.py"
             for line, text in spelled_out_periods(path.read_text(encoding="utf-8"))]
    assert found == [], "these strings repeat a period of the seed; read it from xuncha.seed:\n" + "\n".join(found)
