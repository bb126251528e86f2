"""Gap messages that misread what was asked: the dialect's 啥子 in a span of time taken for a
change (从啥子时候到啥子时候: 「具体从什么变成什么…」), what one fills in taken for a part of a group
(报名表里面要填几项: 「其中要填的具体数字…」), and a pinyin reading's made-up words quoted back."""
from __future__ import annotations

import pytest

from knowledge.scope import gaps
from tests.test_scope import ask_real, real  # noqa: F401  (the real knowledge base and catalogue)


@pytest.mark.parametrize("text", ["报名从啥子时候到啥子时候", "报名从啥时间到啥时间", "从啥子地方到啥子地方",
                                  "从什么时候到哪天"])
def test_a_span_asked_in_dialect_is_no_change_asked(text):
    assert not any(g.kind == "change" for g in gaps(text, "报名从2027年1月1日开始，3月20日截止。"))


def test_a_change_is_still_asked_so():
    assert any(g.kind == "change" for g in gaps("维稳是从啥子变成啥子", "维稳工作要做好。"))


async def test_a_span_of_sign_up_asked_in_dialect_gets_the_dates(real):  # noqa: F811
    reply = await ask_real(real, "报名从啥子时候到啥子时候")
    assert "变成" not in reply.text and "截止" in reply.text, reply.text


def test_what_one_fills_in_is_no_part_of_a_group():
    assert not any("其中" in g.missing for g in gaps("报名表里面要填几项", "填写姓名、性别、年龄、电话。"))
    # a part of a group still is
    assert any("其中" in g.missing for g in gaps("找出来的能人当中妇女有多少", "找出能人1500余人。"))


async def test_the_fields_of_the_sign_up_form_are_no_list_of_events(real):  # noqa: F811
    reply = await ask_real(real, "报名表里面要填几项")
    assert "其中" not in reply.text and "33项" not in reply.text and "姓名" in reply.text, reply.text
