"""A clerk's year without friction (issue 20): the small refusals and kept promises that save a clerk time."""

from __future__ import annotations

from conftest import snapshot
from procedure_helpers import commit_all, files_in_head, git, head, on

JIANHU = "records/inspections/2020-1-jianhu"
JTJ = "records/inspections/2020-1-jtj"


# -- the writer keeps a Windows file as it found it -------------------------------------------------


def test_a_crlf_file_with_bom_keeps_both_after_a_tool_edit(cli, workspace, monkeypatch):
    path = workspace / JTJ / "activities.yaml"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    commit_all(workspace, "在 Windows 上保存")
    result = cli("record", "2020-1-jtj", "工作", "--date", "2020-07-01", "--method", "明查暗访",
                 "--summary", "暗访港口危化品码头2家", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 0, result.output
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.count(b"\r\n") == written.count(b"\n")
    changed = git(workspace, "diff", "--numstat", "HEAD~1", "HEAD", "--", f"{JTJ}/activities.yaml").split()
    assert changed[:2] == ["3", "0"]  # the new entry's three lines, no line rewritten


def test_a_crlf_problems_file_keeps_its_endings_when_a_problem_is_added(cli, workspace):
    path = workspace / JIANHU / "problems.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    commit_all(workspace, "在 Windows 上保存")
    result = cli("problem", "add", "2020-1-jianhu", "--category", "5", "--title", "乡镇安监机构专业人员配备不足")
    assert result.exit_code == 0, result.output
    written = path.read_bytes()
    assert b"\r\n" in written and written.count(b"\r\n") == written.count(b"\n")
    assert not written.startswith(b"\xef\xbb\xbf")


# -- 四（三）：the same work recorded twice is one record --------------------------------------------


def test_the_same_activity_recorded_twice_is_refused_with_the_existing_entry(cli, workspace, monkeypatch):
    args = ("record", "2020-1-jtj", "工作", "--date", "2020-06-15", "--method", "听取汇报",
            "--summary", "听取市交通运输局安全生产工作情况汇报", *on(monkeypatch, "2020-07-03"))
    before = snapshot(workspace)
    result = cli(*args)
    assert result.exit_code == 2
    assert "已记录过这条工作记录（activities.yaml 第 1 条：2020-06-15 听取汇报" in result.output
    assert snapshot(workspace) == before


def test_the_same_problem_and_the_same_tip_are_not_entered_twice(cli, workspace):
    add = ("problem", "add", "2020-1-jtj", "--category", "4", "--title", "港口危险货物堆场未落实双人双锁")
    assert cli(*add).exit_code == 0
    again = cli(*add)
    assert again.exit_code == 2 and "已登记过这一问题：P" in again.output
    tip = ("tip", "add", "2020-1-jtj", "--received", "2020-06-20", "--channel", "来信", "--summary", "某码头夜间违规装卸")
    assert cli(*tip).exit_code == 0
    before = head(workspace)
    again = cli(*tip)
    assert again.exit_code == 2 and "已登记过这一举报" in again.output
    assert head(workspace) == before


# -- every missing option named at once ---------------------------------------------------------------


def test_record_enter_names_every_missing_option_in_one_message(cli, workspace):
    folder = workspace / JTJ
    (folder / "entry.yaml").unlink()
    (folder / "activities.yaml").unlink()
    commit_all(workspace, "撤回进驻记录")
    result = cli("record", "2020-1-jtj", "进驻")
    assert result.exit_code == 2
    assert "--date（日期）、--place（动员会地点）、--station-address（巡查组驻地）、--phone（联系电话）" in result.output


def test_a_command_missing_several_options_lists_them_all(cli):
    result = cli("tip", "add", "2020-1-jtj", "--channel", "来信")
    assert result.exit_code == 2
    assert "缺少选项 --received、--summary。" in result.output


def test_record_help_marks_the_required_options(cli):
    text = cli("record", "--help").output
    assert "该环节的日期（必填）" in text and "联系电话（enter 必填）" in text


# -- 四（五）：the team's own 组长 gives feedback --------------------------------------------------------


def test_feedback_by_another_teams_leader_is_refused(cli, workspace, monkeypatch):
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "反馈", "--date", "2020-07-06", "--by", "wang-jianguo",
                 *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "反馈人须为本巡查组组长 陈宏（chen-hong），而王建国（wang-jianguo）不是巡查 2020-1-jianhu 的组长" in result.output
    assert snapshot(workspace) == before


def test_feedback_by_name_is_stored_as_the_roster_id(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "反馈", "--date", "2020-07-06", "--by", "陈宏",
                 *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    assert "by: chen-hong\n" in (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8")


def test_a_name_not_in_the_roster_is_refused_with_the_nearest(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "反馈", "--date", "2020-07-06", "--by", "陈红",
                 *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "--by 陈红 不在人员名册 people.yaml 中" in result.output and "是否想写：陈宏" in result.output


def test_validate_flags_a_hand_written_feedback_by_another_leader(cli, workspace):
    (workspace / JIANHU / "feedback.yaml").write_text("date: 2020-07-06\nby: wang-jianguo\n", encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-07")
    assert result.exit_code == 1
    assert "feedback.yaml:2:1: 错误 [feedback-by-leader] 反馈人须为本巡查组组长 陈宏（chen-hong）" in result.output


# -- diagnostics: the cause first ---------------------------------------------------------------------


def test_duplicate_person_ids_are_errors(cli, workspace):
    path = workspace / "records" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: zhou-ming", "  - id: chen-hong", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-07")
    assert result.exit_code == 1
    assert "错误 [unique-person-id] 人员编号 `chen-hong` 重复：第 10 行已登记 陈宏" in result.output


def test_duplicate_problem_ids_are_errors(cli, workspace):
    path = workspace / JIANHU / "problems.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: P2", "id: P1"), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-07")
    assert result.exit_code == 1
    assert "[unique-id] 巡查 2020-1-jianhu 的问题编号 P1 重复" in result.output


def test_a_rank_typo_suggests_the_nearest_rank_and_never_says_none(cli, workspace):
    path = workspace / "records" / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("rank: 正处级", "rank: 处长", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-07")
    assert result.exit_code == 1
    assert "的值“处长”不在可选范围内" in result.output and "是否想写“正处级”" in result.output
    assert "None" not in result.output
    assert "team-leader-rank" not in result.output


def test_a_people_file_that_does_not_parse_comes_first_and_its_echoes_are_summarised(cli, workspace):
    path = workspace / "records" / "people.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = "    position: [原市人大常委会副秘书长\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-07")
    assert result.exit_code == 1
    first, second = result.output.splitlines()[:2]
    assert "people.yaml" in first and "[yaml-syntax]" in first
    assert "[dependents-skipped] people.yaml 未能读取，依赖人员名册的检查结果（unknown-person" in second
    assert "[unknown-person]" not in result.output


# -- 四（一）：a tour or a round that should have begun -------------------------------------------------


def test_an_opened_tour_past_its_planned_entry_shows_in_check_deadlines(cli, workspace, monkeypatch):
    import json

    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01").exit_code == 0
    result = cli("check-deadlines", "--as-of", "2020-09-10", "--json")
    assert result.exit_code == 1
    start = [d for d in json.loads(result.output) if d["step"] == "start"]
    funing = next(d for d in start if d["inspection"] == "2020-2-funing")
    assert funing == {"inspection": "2020-2-funing", "target": "阜宁县", "step": "start", "due": "2020-09-07",
                      "status": "overdue", "level": "red", "working_days_left": -3, "provisional": False,
                      "clause": "四（一）"}
    text = cli("check-deadlines", "--as-of", "2020-09-10").output
    assert "[已逾期] 2020-2-funing 阜宁县 巡查应于 2020-09-07 前进驻（年度方案计划的进驻日期，四（一）），已逾期 3 个工作日" in text


def test_a_tour_that_has_entered_has_no_start_item(cli):
    import json

    rows = json.loads(cli("check-deadlines", "--as-of", "2020-07-03", "--json").output)
    assert not [d for d in rows if d["step"] == "start" and d["inspection"].startswith("2020-1")]


def test_a_round_not_opened_by_its_start_date_is_overdue(cli):
    result = cli("check-deadlines", "--as-of", "2020-09-10")
    assert result.exit_code == 1
    assert ("[已逾期] 2020-2 阜宁县、亭湖区、大丰港经济开发区 2020年第2轮巡查应于 2020-09-07 前开启"
            "（年度方案安排的本轮开始日期，四（一）），已逾期 3 个工作日") in result.output
    status = cli("status").output
    assert "2020-2\t阜宁县、亭湖区、大丰港经济开发区\t最近完成：—\t下一环节：开启本轮（new-round）\t时限：2020-09-07（四（一））" in status


# -- 二（一）and the calendar: the year of a plan, and 2027 before its notice ------------------------------


def test_a_plan_outside_the_term_warns_and_names_the_term_to_configure(cli, workspace):
    result = cli("plan", "new", "2027")
    assert result.exit_code == 0, result.output
    assert ("警告：2027年不在 config.yaml 配置的一届任期“市委第八届任期（2019年下半年起）”（2019-07-01 至 2021-12-31）之内"
            in result.stderr)
    assert "请在 records/config.yaml 的 term 中配置本届任期的 name、start、end（二（一））" in result.stderr
    plan = (workspace / "records/plans/2027.yaml").read_text(encoding="utf-8")
    # The old term's coverage says nothing of 2027: every target is listed, none is called uninspected.
    assert "下面列出全部 27 个" in plan and "尚未巡查的对象共" not in plan
    assert "- target: dongtai" in plan


def test_a_plan_inside_the_term_gives_no_term_warning(cli):
    result = cli("plan", "new", "2021")
    assert result.exit_code == 0, result.output
    assert "任期" not in result.stderr


def test_a_round_outside_the_term_warns_when_opened(cli, workspace):
    from plan_support import edit

    edit(workspace / "records/config.yaml", "end: 2021-12-31", "end: 2020-06-30")
    commit_all(workspace, "任期改为至 2020-06-30")
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-09-01")
    assert result.exit_code == 0, result.output
    assert ("警告：2020年第2轮（2020-09-07 至 2020-10-30）不在 config.yaml 配置的一届任期“市委第八届任期（2019年下半年起）”"
            "（2019-07-01 至 2020-06-30）之内") in result.stderr


PLAN_2027 = """\
year: 2027
title: 2027年度全市安全生产巡查工作方案
rounds:
  - number: 1
    focus: [1, 2]
    start: 2027-02-09
    end: 2027-04-30
    inspections:
      - target: sheyang
        team: {name: 市安全生产第一巡查组, leader: wang-jianguo, deputy: li-qiang, members: [liu-yang, gu-wei]}
"""


def test_a_date_after_the_spring_festival_is_not_due_today(cli, workspace):
    # 2027-02-05 is 除夕: under the estimate (the law's 春节 and its make-up days off) no working day is left
    # before the round's planned start on 2027-02-09, but it is four days away, not today.
    (workspace / "records/plans/2027.yaml").write_text(PLAN_2027, encoding="utf-8")
    assert cli("calendar", "add", "2027").exit_code == 0
    result = cli("check-deadlines", "--as-of", "2027-02-05")
    line = next(x for x in result.output.splitlines() if x.startswith("[即将到期] 2027-1 "))
    assert line.endswith("4 天后到期，其间没有工作日")
    assert "今天到期" not in result.output
    notes = [x for x in result.output.splitlines() if x.startswith("注：")]
    assert notes == [result.output.splitlines()[-1]]  # once, at the very end
    assert notes[0].startswith("注：records/calendar/2027.yaml 尚未核对")


def test_the_2027_note_is_not_printed_under_2021_results(cli, workspace):
    (workspace / "records/plans/2027.yaml").write_text(PLAN_2027, encoding="utf-8")
    assert cli("calendar", "add", "2027").exit_code == 0
    for command in ("check-deadlines", "status"):
        result = cli(command, "--as-of", "2021-02-05")
        assert "2027" not in "".join(x for x in result.output.splitlines() if x.startswith("注："))
        assert "尚未核对" not in result.output


def test_validate_pins_the_calendar_note_to_a_file_that_exists(cli, workspace):
    import json

    from plan_support import edit

    # Approved on 2026-12-28: ten working days for the feedback run into 2027, which has no notice yet.
    edit(workspace / JIANHU / "approval.yaml", "date: 2020-06-22", "date: 2026-12-28")
    found = [d for d in json.loads(cli("validate", "--json").output) if d["rule"] == "calendar-source"]
    assert len(found) == 1 and "records/calendar/2027.yaml" in found[0]["message"]
    assert found[0]["file"] == f"{JIANHU}/approval.yaml"
    assert (workspace / found[0]["file"]).is_file()


# -- terminal tables that fit 80 columns: ids whole, titles wrapped, overdue in words ------------------------


def _on_a_terminal(monkeypatch, columns: int = 80) -> None:
    from xuncha.cli import cmd_deadlines, common

    monkeypatch.setattr(common, "is_terminal", lambda: True)
    monkeypatch.setattr(cmd_deadlines, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))


def _widest(text: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in text.splitlines())


def test_the_problems_list_fits_80_columns_with_every_id_and_title_whole(cli, monkeypatch):
    _on_a_terminal(monkeypatch)
    out = cli("problems").output
    assert _widest(out) <= 80
    lines = out.splitlines()
    for inspection, problem in (("2020-1-dongtai", "P1"), ("2020-1-dongtai", "P3"), ("2020-1-jianhu", "P2")):
        assert any(line.startswith(f"{inspection}  {problem}  ") for line in lines)
    assert any(line.strip() == "问题：     东台经济开发区某化工企业储罐区未设置紧急切断装置" for line in lines)


def test_a_wide_terminal_still_gets_the_problems_table(cli, monkeypatch):
    _on_a_terminal(monkeypatch, 160)
    out = cli("problems").output
    assert "┃ 巡查 " in out and "│ 2020-1-dongtai │ P1 " in out
    assert _widest(out) <= 160


def test_status_fits_80_columns_and_says_overdue_in_words(cli, monkeypatch):
    _on_a_terminal(monkeypatch)
    out = cli("status", "--as-of", "2020-07-20").output
    assert _widest(out) <= 80
    for inspection in ("2020-1-dongtai", "2020-1-jianhu", "2020-1-jtj", "2020-2"):
        assert f"│ {inspection} " in out
    jianhu = [line for line in out.splitlines() if "2020-1-jianhu" in line][0]
    block = out.splitlines()[out.splitlines().index(jianhu):][:3]
    assert "2020-07-07" in block[0] and "（已逾期）" in block[2]
    assert "（approve）" in block[1] and "（feedback）" in block[1]  # a code is never folded mid-word


def test_check_deadlines_and_tips_fit_80_columns(cli, monkeypatch):
    _on_a_terminal(monkeypatch)
    out = cli("check-deadlines", "--as-of", "2020-07-10").output
    assert _widest(out) <= 80
    assert "已逾期  2020-1-jianhu" in out and "依据：     巡查工作报告经市委、市政府批准后10个工作日内（四（五））" in out
    tips = cli("tips").output
    assert _widest(tips) <= 80
    assert "2020-1-jianhu  T2  2020-04-22" in tips and "反映小区地下车库电动自行车充电存在火灾隐患" in tips


def test_column_widths_keep_ids_whole_or_give_up():
    from rich.cells import cell_len

    from xuncha.cli.tables import column_widths

    columns = ("巡查编号", "问题", "整改期限")
    rows = [["2020-1-sheyang-haihe", "乡镇安监机构专业人员配备不足，" * 4, "2021-01-06（已逾期）"]]
    widths = column_widths(columns, rows, 80)
    assert widths[0] == cell_len("2020-1-sheyang-haihe") and widths[2] == cell_len("2021-01-06（已逾期）")
    assert sum(widths) + 3 * len(columns) + 1 <= 80
    assert column_widths(columns, rows, 50) is None  # 12 cells for the title would not be left


def test_help_fits_80_columns_counting_a_chinese_character_as_two(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for command in (["--help"], ["record", "--help"], ["check-deadlines", "--help"], ["problem", "add", "--help"]):
        out = cli(*command).output
        assert _widest(out) <= 80, command
        assert not [line for line in out.splitlines() if line.strip()[:1] in tuple("。，、；：）")], command
    out = cli("--help").output
    assert "（盐办发〔2019〕34号）" in out.replace("\n  ", "")  # wrapped, not cut


# -- files the tool creates point the editor at their schema (docs/tools.md) -------------------------------


def _added_by_head(workspace) -> list[str]:
    return [f for f in git(workspace, "show", "--diff-filter=A", "--name-only", "--format=", "HEAD").split()
            if f.endswith(".yaml")]


def test_every_record_file_the_tool_creates_starts_with_its_schema_line(cli, workspace):
    from pathlib import Path

    from xuncha.schema import schema_for_file

    commands = [("plan", "new", "2021"),
                ("new-round", "2020", "--round", "2", "--date", "2020-09-01"),
                ("record", "2020-2-funing", "授权", "--date", "2020-09-02"),
                ("tip", "add", "2020-2-funing", "--received", "2020-09-08", "--channel", "来电",
                 "--summary", "反映某企业违规储存危险化学品"),
                ("problem", "add", "2020-2-funing", "--category", "5", "--title", "乡镇安监机构专业人员配备不足")]
    created = []
    for command in commands:
        result = cli(*command)
        assert result.exit_code == 0, result.output
        for name in _added_by_head(workspace):
            first = (workspace / name).read_text(encoding="utf-8").split("\n", 1)[0]
            assert first.startswith("# yaml-language-server: $schema="), name
            target = ((workspace / name).parent / first.split("=", 1)[1]).resolve()
            assert target == schema_for_file(workspace / "records", workspace / name).resolve(), name
            assert target.is_file(), name
            created.append(name)
    assert {Path(name).name for name in created} == {"2021.yaml", "inspection.yaml", "authorization.yaml",
                                                     "tips.yaml", "problems.yaml"}


def test_a_tree_without_schemas_gets_no_line_pointing_nowhere(cli, workspace):
    git(workspace, "rm", "-rq", "records/.schema")
    git(workspace, "commit", "-qm", "旧台账没有架构文件")
    assert cli("plan", "new", "2021").exit_code == 0
    assert not (workspace / "records/plans/2021.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


# -- log and audit speak Chinese, in the documents' words -----------------------------------------------


def test_log_prints_no_english_codes(cli, workspace):
    assert cli("tip", "add", "2020-1-jtj", "--received", "2020-06-20", "--channel", "来信",
               "--summary", "某码头夜间违规装卸").exit_code == 0
    path = workspace / JIANHU / "problems.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - id: P2\n", "  - id: P2\n    progress:\n      - {date: 2020-07-20, status: in-progress}\n"
        "    handoffs:\n      - {to: listed-supervision, date: 2020-07-10}\n"
        "    escalations:\n      - {kind: interview, date: 2020-07-15}\n", 1)
    path.write_text(text, encoding="utf-8")
    commit_all(workspace, "登记移交和督促")
    result = cli("log")
    assert result.exit_code == 0
    for code in ("channel", "letter", "listed-supervision", "interview", "in-progress", "status:", "to:", "kind:"):
        assert code not in result.output, code
    assert "来访来信来电 T1 渠道：来信" in result.output
    assert "问题 P2 移交处置第1条 移交去向：市安委会挂牌督办" in result.output
    assert "问题 P2 督促整改措施第1条 督促整改措施：约谈" in result.output
    assert "问题 P2 整改进展第1条 整改状态：整改中" in result.output


# -- tips: from intake to 回访 ---------------------------------------------------------------------------


def _letter(cli, *extra):
    return cli("tip", "add", "2020-1-jtj", "--received", "2020-06-20", "--channel", "来信",
               "--summary", "某码头夜间违规装卸危险货物", *extra)


def test_a_letters_address_goes_to_the_vault_and_shows_only_when_asked(cli, workspace, tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setenv("XUNCHA_CONFIDENTIAL", str(tmp_path / "vault"))
    assert _letter(cli, "--informant-name", "张三", "--informant-address", "盐城市亭湖区某路1号").exit_code == 0
    history = subprocess.run(["git", "log", "-p"], cwd=workspace, capture_output=True, text=True).stdout
    assert "亭湖区某路1号" not in history and "张三" not in history
    shown = cli("tip", "show", "2020-1-jtj", "T1").output
    assert "渠道：来信" in shown and "亭湖区某路1号" not in shown and "回访时加 --informant 显示" in shown
    revealed = cli("tip", "show", "2020-1-jtj", "T1", "--informant").output
    assert "举报人地址：盐城市亭湖区某路1号" in revealed and "举报人姓名：张三" in revealed


def test_tip_update_records_handling_outcome_and_callback_in_one_commit(cli, workspace):
    assert _letter(cli).exit_code == 0
    result = cli("tip", "update", "2020-1-jtj", "T1", "--handling", "转市交通运输局核查", "--outcome", "情况属实，已责令整改",
                 "--callback", "2020-07-20", "--callback-note", "已书面告知核查结果", "--today", "2020-07-21")
    assert result.exit_code == 0, result.output
    assert files_in_head(workspace) == [f"{JTJ}/tips.yaml"]
    assert git(workspace, "log", "-1", "--format=%s").strip() == "xuncha: tip update 2020-1-jtj T1 (四（二）)"
    rows = cli("tips", "2020-1-jtj").output
    assert "2020-1-jtj\tT1\t2020-06-20\t来信\t某码头夜间违规装卸危险货物\t转市交通运输局核查\t情况属实，已责令整改\t—\t2020-07-20" in rows
    again = cli("tip", "update", "2020-1-jtj", "T1", "--handling", "转市交通运输局核查")
    assert again.exit_code == 2 and "没有改动" in again.output


def test_tip_update_refuses_identity_and_an_early_callback(cli, workspace):
    assert _letter(cli).exit_code == 0
    before = snapshot(workspace)
    leak = cli("tip", "update", "2020-1-jtj", "T1", "--callback-note", "已电话告知来信人：李四 13912345678")
    assert leak.exit_code == 2 and "可识别举报人身份" in leak.output
    early = cli("tip", "update", "2020-1-jtj", "T1", "--callback", "2020-06-01")
    assert early.exit_code == 2 and "回访日期 2020-06-01 早于受理日期 2020-06-20" in early.output
    assert snapshot(workspace) == before


def test_problem_and_tip_commands_take_no_commit(cli, workspace):
    before = head(workspace)
    result = cli("problem", "add", "2020-1-jtj", "--category", "4", "--title", "堆场未落实双人双锁", "--no-commit")
    assert result.exit_code == 0 and "按 --no-commit 未提交 git" in result.output
    assert _letter(cli, "--no-commit").exit_code == 0
    assert head(workspace) == before


# -- clean wording ----------------------------------------------------------------------------------------


def test_the_command_list_shows_whole_sentences(cli):
    from xuncha.cli.chinese import short_help

    text = cli("--help").output
    commands = text[text.index("命令："):]
    assert "..." not in commands
    assert "审计留痕：从 git 查找可能的倒签" in commands
    assert short_help("审计留痕：从 git 查找可能的倒签、事后改动日期、删除记录。仓库的第一次提交视为导入既有台账。") == \
        "审计留痕：从 git 查找可能的倒签、事后改动日期、删除记录。"


def test_the_close_commit_carries_its_clause(cli, workspace, monkeypatch):
    for step, day, options in (("feedback", "2020-07-06", ["--by", "chen-hong"]),
                               ("整改方案", "2020-08-14", ["--reference", "建委办〔2020〕60号"]),
                               ("rectification-report", "2020-12-30", ["--reference", "建委办〔2020〕99号"])):
        assert cli("record", "2020-1-jianhu", step, "--date", day, *options, *on(monkeypatch, day)).exit_code == 0
    for problem in ("P1", "P2"):
        assert cli("problem", "handoff", "2020-1-jianhu", problem, "--to", "纪检监察", "--date", "2021-01-05",
                   "--note", "移交纪检监察机关调查处理", *on(monkeypatch, "2021-01-05")).exit_code == 0
    result = cli("record", "2020-1-jianhu", "close", "--date", "2021-01-08", *on(monkeypatch, "2021-01-08"))
    assert result.exit_code == 0, result.output
    assert git(workspace, "log", "-1", "--format=%s").strip() == "xuncha: record close 2020-1-jianhu 2021-01-08 (四（七）)"


def test_typed_text_ends_with_its_punctuation_in_the_feedback_document(cli, workspace, monkeypatch):
    from render_helpers import texts

    result = cli("record", "2020-1-jianhu", "反馈", "--date", "2020-07-06", "--by", "chen-hong",
                 "--requirement", "对照问题清单逐项整改", "--requirement", "逐项建立整改台账；",
                 *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    assert cli("render", "feedback", "2020-1-jianhu").exit_code == 0
    lines = texts(workspace / "out" / "2020-1-jianhu" / "feedback.docx")
    assert any(line.endswith("对照问题清单逐项整改。") for line in lines)
    assert any(line.endswith("逐项建立整改台账；") for line in lines)


def test_sentence_leaves_an_ended_sentence_alone_and_ends_the_rest():
    from xuncha.render.templates import sentence

    assert sentence("督促企业落实主体责任") == "督促企业落实主体责任。"
    assert sentence("督促企业落实主体责任.") == "督促企业落实主体责任。"
    assert sentence("群众反映“无人处理。”") == "群众反映“无人处理。”"
    assert sentence("限期整改（四（七））") == "限期整改（四（七））。"


def test_a_wrapped_cell_never_opens_a_line_with_a_closing_mark(cli, monkeypatch):
    _on_a_terminal(monkeypatch)
    out = cli("status", "--as-of", "2020-07-20").output
    cells = [cell.strip() for line in out.splitlines() for cell in line.split("│")[1:-1]]
    assert not [cell for cell in cells if cell and cell[0] in "、，。；：）"], out
    # The round's targets: the 、 after 亭湖区 may not open a line, so 区 goes down with it.
    assert "│ 阜宁县、亭湖   │" in out and "│ 区、大丰港经济 │" in out


def test_folding_keeps_codes_whole_and_carries_a_word_down_with_its_closing_mark():
    from xuncha.cli.tables import _folded

    # 14 cells hold 阜宁县、亭湖区 exactly; the 、 after it may not open the next line, so 区 goes down with it.
    assert _folded("阜宁县、亭湖区、大丰港经济开发区", 14).splitlines() == ["阜宁县、亭湖", "区、大丰港经济", "开发区"]
    assert _folded("阜宁县、亭湖区、大丰港", 16).splitlines() == ["阜宁县、亭湖区、", "大丰港"]
    assert _folded("批准（approve）", 10).splitlines() == ["批准", "（approve）"]
