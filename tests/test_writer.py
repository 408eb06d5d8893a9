"""The writer keeps what a clerk wrote by hand and never leaves a file half-written."""

from __future__ import annotations

import os

import pytest

from xuncha.records.writer import Changeset, WriteError

HAND_WRITTEN = """\
# 巡查反馈（四（五））——手工录入，请勿删除本注释
date: 2020-06-03   # 反馈会当天
by: wang-jianguo
place: '东台市行政中心第一会议室'
requirements:
  - 对照问题清单逐项制定整改措施，明确责任单位、责任人和完成时限，并于巡查反馈后30个工作日内将整改方案报市委、市政府，抄送市安全生产巡查工作领导小组办公室。
"""


def test_an_edit_keeps_comments_key_order_quotes_and_long_lines(tmp_path):
    path = tmp_path / "feedback.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    changes = Changeset()
    changes.edit(path, lambda doc: doc.insert(2, "number", "盐巡办〔2020〕15号"))
    changes.apply()
    text = path.read_text(encoding="utf-8")
    assert text == HAND_WRITTEN.replace("by: wang-jianguo\n", "by: wang-jianguo\nnumber: 盐巡办〔2020〕15号\n")


def test_an_unchanged_round_trip_is_byte_exact(tmp_path):
    path = tmp_path / "feedback.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    changes = Changeset()
    changes.edit(path, lambda doc: None)
    changes.apply()
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "end.yaml"
    path.write_text("date: 2020-05-07\n", encoding="utf-8")
    with pytest.raises(WriteError, match="已存在"):
        Changeset().create(path, {"date": "2020-05-08"})


def test_a_failed_write_restores_every_file(tmp_path, monkeypatch):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("date: 2020-05-07\n", encoding="utf-8")
    changes = Changeset()
    changes.put(first, b"date: 2020-05-08\n")
    changes.put(second, b"date: 2020-05-09\n")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("b.yaml"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteError, match="已恢复所有文件"):
        changes.apply()
    monkeypatch.setattr(os, "replace", real_replace)
    assert first.read_text(encoding="utf-8") == "date: 2020-05-07\n"
    assert not second.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temp file left behind
