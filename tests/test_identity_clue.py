"""五（三）: the detector's quick first scan (a digit, an @, or a telling word) never hides an identity
the full patterns would find; it only spares them the nine texts in ten that hold none of those."""

from __future__ import annotations

import pytest

from xuncha.model import identity

# One text per pattern of the detector, in the forms the clerk's hand-written probes use:
# full-width digits and colons, spaced phone numbers, a role word before a name.
EACH_PATTERN = {
    "手机号码": "回电 ＋86 139-1234-5678",
    "身份证号码": "核实 320902 19800101 1234 的身份",
    "固定电话号码": "来电号码 0515-8820 1234",
    "电子邮箱": "联系 ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "举报人姓名": "举报人欧阳秘密反映码头堆场无人值守",
    "姓名": "姓名：欧阳秘密",
    "身份证": "身份证：见附件",
    "联系电话": "联系电话：８８２０",
    "实名举报": "该同志实名反映",
    "称谓": "张先生反映码头堆场无人值守",
}


def test_every_pattern_of_the_detector_has_a_probe_here():
    """A pattern added to the detector must come here, and its clue into the first scan."""
    assert [label for label, _ in identity._PATTERNS] == list(EACH_PATTERN)


@pytest.mark.parametrize("label, text", EACH_PATTERN.items())
def test_what_a_pattern_finds_the_first_scan_lets_through(label, text):
    assert label in identity.identity_leaks(text)


@pytest.mark.parametrize("text", ["市交通运输局对危化品运输企业检查流于形式，整改措施不具体",
                                  "巡查组在驻地受理来信来访，登记群众反映的安全生产问题",
                                  "某先生反映"])
def test_ordinary_text_is_passed_by_the_first_scan_or_by_the_patterns(text):
    assert identity.identity_leaks(text) == []


@pytest.mark.parametrize("text", [
    "联系 ＠ｅｘａｍｐｌｅ　１３９１２３４５６７８",   # full-width @ and digits, an ideographic space
    "举报人　王建国反映",                             # U+3000 folds to a space before the name
    "〶〸〹〺，（见附件）：无",                        # the CJK punctuation NFKC changes
    "電話：139 1234 5678",                            # a traditional character: outside the quick class
    "ＡＢＣ，ｄｅｆ。",
])
def test_the_class_cleared_without_folding_finds_what_folding_first_would(text):
    """Texts of ASCII, ideographs, CJK punctuation and full-width forms are cleared before NFKC
    folding when they hold no clue; what is found must be what folding first and scanning finds."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text)
    expected = [label for label, pattern in identity._PATTERNS
                if identity._CLUE.search(folded) and pattern.search(folded)]
    identity._leaks.cache_clear()
    assert identity.identity_leaks(text) == expected
