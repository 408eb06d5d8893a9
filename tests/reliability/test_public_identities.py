"""五（三）'s exception, made explicit: the names and public numbers a document must carry.

A notice tells the target who leads the team and how to reach it (四（二）); the detector would
refuse "联系电话：0515-88201234" there like an informant's number.  The office lists such names and
numbers in config.yaml ``public_identities``, each with its reason and, if it likes, the only
fields where it may stand; nothing listed there ever excuses an informant (举报人…, 实名举报).
"""

from __future__ import annotations

import subprocess

from xuncha.model.identity import Public, identity_leaks

CONTACT = "巡查组联系人：姓名：王建国，联系电话：0515-8820 1234，邮箱 xcz@yancheng.gov.cn"
PUBLIC = """
# 五（三）例外：公文须写明的公职人员姓名和公开联系方式
public_identities:
  - text: 王建国
    reason: 巡查组组长，巡查通知须写明
    fields: [summary]
  - text: 0515-88201234
    reason: 巡查组公布的联系电话（四（二））
  - text: xcz@yancheng.gov.cn
    reason: 巡查组公布的邮箱（四（二））
"""


def _activity(cli, summary: str, day: str = "2020-07-01"):
    return cli("record", "2020-1-jtj", "activity", "--date", day, "--method", "明查暗访", "--summary", summary,
               "--today", "2020-07-03")


def _list_public(workspace):
    with open(workspace / "records/config.yaml", "a", encoding="utf-8") as handle:
        handle.write(PUBLIC)
    subprocess.run(["git", "commit", "-qam", "列出公文须写明的公开身份"], cwd=workspace, check=True)


def test_an_officials_contact_is_refused_until_the_office_lists_it(cli, workspace):
    result = _activity(cli, CONTACT)
    assert result.exit_code == 2 and "可识别" in result.output
    assert "public_identities" in result.output  # the refusal says where the exception is declared
    _list_public(workspace)
    result = _activity(cli, CONTACT)
    assert result.exit_code == 0, result.output
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 0


def test_a_listed_official_is_still_an_informant_when_the_text_says_so(cli, workspace):
    _list_public(workspace)
    result = _activity(cli, "举报人王建国反映码头堆场无人值守")
    assert result.exit_code == 2 and "举报人姓名" in result.output


def test_a_number_not_listed_is_refused_beside_one_that_is(cli, workspace):
    _list_public(workspace)
    result = _activity(cli, "联系电话：0515-88201234，另有 0515-88201235")
    assert result.exit_code == 2 and "固定电话号码" in result.output


def test_a_name_listed_for_one_field_is_an_error_in_another(cli, workspace):
    _list_public(workspace)
    path = workspace / "records/inspections/2020-1-jianhu/report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("overview: ", "overview: 姓名：王建国。", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1 and "[identity-in-text]" in result.output and "report.yaml" in result.output


def test_numbers_match_however_they_are_spelled():
    public = Public(["0515-88201234", "13912345678"])
    for text in ("电话 +86 515 8820 1234", "电话（0515）88201234", "手机 139-1234-5678", "手机 +86 13912345678"):
        assert identity_leaks(text, public) == [], text
        assert identity_leaks(text) != [], text
