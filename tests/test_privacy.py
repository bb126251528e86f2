"""Phone and ID numbers never reach a log line or a stored question in clear, however they are written."""
from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.logs import JsonFormatter
from bot.core.privacy import mask_sensitive


@pytest.mark.parametrize("text, clear", [
    ("电话13912345678", "13912345678"),
    ("+8613912345678", "13912345678"),                 # inside a longer digit run
    ("我的手机139 0895 1234", "0895"),                  # split as people type it
    ("139-0895-1234", "0895"),
    ("幺三九，零八九五，一二三四", "零八九五"),             # speech input writes spoken digits
    ("一三九零八九五一二三四", "零八九五"),
    ("身份证540124199001011234", "19900101"),
    ("身份证54012419900101123X，电话13800138000", "0013800"),
])
def test_numbers_are_masked_however_they_are_written(text, clear):
    masked = mask_sensitive(text)
    assert clear not in masked
    assert "*" in masked


@pytest.mark.parametrize("text", [
    '{"ts": 1796012345.123, "n": 13, "ms": 1.234}',      # timestamps and figures in log lines
    "二〇二六年十二月六日",                                 # a date in characters
    "活动共设7大类33项比赛，报名截止2027-03-31",
    "一二三四",
])
def test_ordinary_numbers_are_left_alone(text):
    assert mask_sensitive(text) == text


def test_a_log_line_carries_no_spoken_phone_number():
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "asked", None, None)
    record.fields = {"event": "asked", "text": "我电话幺三九 零八九五 一二三四"}
    line = JsonFormatter().format(record)
    assert "零八九五" not in line and "0895" not in line
    assert json.loads(line)["text"].startswith("我电话")


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["13912345678", "540124199001011234", "139 0895 1234", "1-3-9-0", "X", "x", " ",
                                 "\t", "-", ",", ".", '"', "0", "1", "5", "9", "12", "ts", "\n"]), max_size=30).map("".join))
def test_ascii_text_is_masked_as_the_full_scan_masks_it(text):
    from bot.core.privacy import _mask
    assert mask_sensitive(text) == _mask(text)
