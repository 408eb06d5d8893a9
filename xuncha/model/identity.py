"""What identifies a person in free text (五（三）严格执行保密规定): the one detector.

Used on every free-text field of every record: when a command writes it (refused) and in
``validate`` (an error).  Each pattern is something only an identity looks like; the label
says which, in Chinese.  The text is read after NFKC folding, so full-width digits, colons
and plus signs (１３９…, ：, ＋86) are caught like their ASCII forms.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Words that follow 举报人/来电人… in ordinary tip language and so do not start a name.
_NOT_A_NAME = ("反映|称|声称|表示|提供|提出|要求|希望|来|举报|投诉|对|向|在|于|的|身份|信息|未|不|已|及|和|与|等|所|均|说|"
               "认为|指出|电话|姓名|情况|匿名|某|多次|再次|本人|家属|同时|当面|通过|因|经|请求|担心|反应|诉称|现场|"
               "所在|一方|之|其|是否|姓|先生|女士|同志|系|为|是|员|们|数|较|应|可|并|也|都|又|仍|即|则|给|被|把|从|到|以|将|会|能|有|无|没|之一")
_ROLE = r"(?:举报人|反映人|来访人|来信人|来电人|投诉人|信访人)"
_SEP = r"[\s\-－—.·]?"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("手机号码", re.compile(r"(?<![\d.])(?:\+?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d){8}(?!\d)")),
    ("身份证号码", re.compile(r"(?<![0-9])[1-9]\d{5}[\s\-]?(?:18|19|20)\d{2}[\s\-]?(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                         r"[\s\-]?\d{3}[\dXx](?![0-9A-Za-z])")),
    # +86 drops the trunk 0: +86 515 8820 1234 is 0515-88201234.
    ("固定电话号码", re.compile(r"(?<![\d.])(?:(?:\+86[\s\-]?|86[\s\-])(?:\(0?\d{2,3}\)|0?\d{2,3})|\(0\d{2,3}\)|0\d{2,3})" + _SEP
                          + r"[2-9]\d{2,3}" + _SEP
                          + r"\d{4}(?!\d)")),
    ("电子邮箱", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")),
    ("举报人姓名", re.compile(_ROLE + r"(?:姓名)?\s*(?:[:为是系叫]\s*|(?!" + _NOT_A_NAME + r"))[\u4e00-\u9fa5]{2,4}")),
    ("姓名", re.compile(r"姓名\s*:\s*\S")),
    ("身份证", re.compile(r"身份证(?:号码?)?\s*:")),
    ("联系电话", re.compile(r"(?:联系电话|联系方式|手机|电话|座机)\s*:?\s*\d")),
    ("实名举报", re.compile(r"实名(?:举报|反映|来信|来电|来访|投诉)")),
    ("称谓", re.compile(r"(?!某)[\u4e00-\u9fa5](?:先生|女士)")),
]
# All the patterns in one: most texts match none, and one scan says so (a province has
# 19,000 tip texts to check on every validate).
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PATTERNS))
_ASCII = re.compile(r"[\x00-\x7f\u4e00-\u9fff\u3000-\u303f]*")
# What every pattern above needs at least one of: a digit, an @, or one of these words.  Nine
# texts in ten have none, and this scan is several times cheaper than trying every pattern.
_CLUE = re.compile(r"\d|[@＠]|举报人|反映人|来访人|来信人|来电人|投诉人|信访人|姓名|身份证|实名|先生|女士")
# Text of ASCII, CJK ideographs, CJK punctuation and full-width forms, as nearly all a ledger holds.
# NFKC folding leaves the ideographs and (but for U+3000 to a space, U+3036 to 〒, U+3038-303A to
# 十卄卅) the punctuation as they are, and turns a full-width form into its ASCII one: such a text
# has a clue after folding exactly when it has one before (\d and [@＠] take both widths).  So most
# texts are cleared without being folded (folding was a third of identity-in-text's time).
# One scan: a clue, or a character outside that class (the text must then be folded to be judged).
_CLUE_OR_UNFOLDED = re.compile(_CLUE.pattern + r"|[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")

# The fields of every record that hold prose a clerk types: what the detector reads.  Fields
# that carry identities by design are not among them: the team's own published phone, e-mail
# and address (四（二）), the officials at the mobilization meeting, person ids, and the
# accountable official of a cadre problem (四（四））.
FREE_TEXT_FIELDS = frozenset({
    "summary", "title", "description", "cause", "causes", "suggestion", "suggestions", "requirement",
    "requirements", "findings", "note", "reason", "evidence", "overview", "opinion", "content", "scope",
    "handling", "outcome", "fact", "place", "focus", "hours", "callback_note",
})


# What config.yaml's public_identities may excuse: a listed official's name after 姓名：, a listed
# public number or e-mail.  Never what marks an informant (举报人…, 实名举报), a 先生/女士 or an
# ID number: an official who reports a hazard is an informant like anyone else.
_EXCUSABLE = frozenset({"手机号码", "固定电话号码", "电子邮箱", "姓名", "联系电话"})
_NUMBER_AFTER = re.compile(r"[\d\s\-()（）+]+")
_NAME_AFTER = re.compile(r"[\u4e00-\u9fa5·]{2,8}")


def _number_key(text: str) -> str:
    """A phone number however spelled: +86 515-8820 1234, 0515 88201234 and 051588201234 agree."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("86") and len(digits) >= 12:
        digits = digits[2:]
    return digits.lstrip("0")


class Public:
    """The names and public numbers a document must carry (config.yaml ``public_identities``)."""

    def __init__(self, texts):
        folded = [unicodedata.normalize("NFKC", t).strip() for t in texts if t and t.strip()]
        self.names = tuple(t for t in folded if not re.search(r"\d|@", t))
        self.numbers = frozenset(_number_key(t) for t in folded if re.search(r"\d", t) and "@" not in t)
        self.emails = frozenset(t.lower() for t in folded if "@" in t)

    def __bool__(self) -> bool:
        return bool(self.names or self.numbers or self.emails)

    def excuses(self, label: str, text: str, match: re.Match) -> bool:
        if label in ("手机号码", "固定电话号码"):
            return _number_key(match.group()) in self.numbers
        if label == "电子邮箱":
            return match.group().lower() in self.emails
        if label == "联系电话":
            number = _NUMBER_AFTER.match(text, match.end() - 1)
            return number is not None and _number_key(number.group()) in self.numbers
        name = _NAME_AFTER.match(text, match.end() - 1)  # 姓名：王建国
        return name is not None and name.group().startswith(self.names)


def public_hint(leaks: list[str]) -> str:
    """Where the office lists what a document must carry, said only when that could be the case."""
    if not _EXCUSABLE.intersection(leaks):
        return ""
    return "；若是公文须写明的公职人员姓名或公开的电话、邮箱，可列入 config.yaml 的 public_identities（见 docs/reliability.md）"


def identity_leaks(text: str | None, public: Public | None = None) -> list[str]:
    """What in ``text`` would identify a person (Chinese labels, each once); ``public`` excuses the
    officials' names and public numbers the office listed as ones a document must carry."""
    if not text:
        return []
    if not public:
        return list(_leaks(text))
    text = _folded(text)
    if not _CLUE.search(text) or not _ANY.search(text):
        return []
    return [label for label, pattern in _PATTERNS
            if any(label not in _EXCUSABLE or not public.excuses(label, text, m) for m in pattern.finditer(text))]


@functools.lru_cache(maxsize=2048)
def _leaks(text: str) -> tuple[str, ...]:
    """identity_leaks without exceptions, remembered: a ledger repeats its phrases (整改要求, 原因,
    进展说明…) across thousands of problems, and validate reads them all.  A small memo holds the
    phrases (three texts in four of the generated province are hits at 1,024 entries) without
    keeping a province's texts alive after their records are gone."""
    if not _CLUE_OR_UNFOLDED.search(text):
        return ()
    text = _folded(text)
    if not _CLUE.search(text) or not _ANY.search(text):
        return ()
    return tuple(label for label, pattern in _PATTERNS if pattern.search(text))


def _folded(text: str) -> str:
    # is_normalized is a quick check in C: most text needs no folding (a province has 200,000 texts).
    if not unicodedata.is_normalized("NFKC", text) and not _ASCII.fullmatch(text):
        return unicodedata.normalize("NFKC", text)
    return text
