"""Asked whether it is a machine, the bot says plainly that it is an automatic reply, what it can
answer and that it does not know what lies beyond -- not the feature list, which answers 能做什么."""
from __future__ import annotations

import pytest

from tests.test_scope import ask_real, real  # noqa: F401  (the real knowledge base and catalogue)


@pytest.mark.parametrize("text", ["你是不是个机器人啊", "在回我消息的是真人吗", "你是人还是电脑", "ni shi bu shi jiqiren",
                                  "你是機器人還是真人"])
async def test_asked_whether_it_is_a_machine_it_says_so_honestly(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert reply.outcome == "answer" and reply.extra.get("entry") == "bot-self", reply.text
    assert "机器人" in reply.text and "不是真人" in reply.text and "不清楚" in reply.text
    assert "驻村工作队" in reply.text and "「菜单」" in reply.text          # a person to ask, and what to send next


@pytest.mark.parametrize("text, entry", [("这个公众号能做啥", "bot-help"), ("我要找人工客服", "bot-human")])
async def test_what_it_can_do_and_finding_a_person_keep_their_own_answers(real, text, entry):  # noqa: F811
    assert (await ask_real(real, text)).extra.get("entry") == entry
