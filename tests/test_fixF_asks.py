"""fixF: the gen12 review's regressions, each in the reviewer's wording and our own, with neighbours."""
from __future__ import annotations

import pytest

from tests.test_scope import ask_real, real  # noqa: F401  (the real knowledge base and catalogue)

CAP = "每人最多报3个项目"
LEVELS = "村级预赛→乡(镇)级初赛→县级比赛→市级决赛"
FALLBACK = "这个问题我还答不上来"


# Another village, school, team or classmates entering together is people, not events: no cap.
@pytest.mark.parametrize("text", ["我们村和别的村能一起报吗", "我们乡和其他乡可以一起报名不", "我们班跟别的班能同时报吗",
                                  "能和其他合作社一起报名吗", "我们学校和其他学校能同时报名吗"])
async def test_another_group_entering_together_hears_no_cap(real, text):  # noqa: F811
    assert CAP not in (await ask_real(real, text)).text


@pytest.mark.parametrize("text", ["赛马和别的项目能一起报吗", "射箭跟其他比赛可以同时报名不", "摔跤能跟别的一起报吗"])
async def test_another_event_entered_together_still_hears_the_cap(real, text):  # noqa: F811
    assert CAP in (await ask_real(real, text)).text


# A thing that is no event here, entered before another is asked: both that it is none, and the cap.
@pytest.mark.parametrize("text, thing", [("我报了赛跑还能报几项", "赛跑"), ("我阿妈报了赛跑还能报几个", "赛跑"),
                                         ("报了跳远以后还能报几个", "跳远"), ("我报了跳绳还能报几个", "跳绳")])
async def test_a_thing_no_event_entered_before_hears_both(real, text, thing):  # noqa: F811
    reply = await ask_real(real, text)
    assert f"「{thing}」这项比赛" in reply.text and "没有这一项" in reply.text and CAP in reply.text, reply.text
    assert reply.text.index("没有这一项") < reply.text.index(CAP)


@pytest.mark.parametrize("text", ["报了赛马还能报几个", "我儿子报了赛马还能报几个"])
async def test_an_event_entered_before_hears_the_cap_alone(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert CAP in reply.text and "没有这一项" not in reply.text, reply.text


# 层次 asks the levels as 层级 does.
@pytest.mark.parametrize("text", ["比赛的层次有哪些", "比赛分哪几个层次", "比赛有哪些层级"])
async def test_the_levels_by_layers(real, text):  # noqa: F811
    assert LEVELS in (await ask_real(real, text)).text


# 什么是X / X具体指什么 of a place or a common word: no entry that merely shares it, said as the answer.
@pytest.mark.parametrize("text", ["什么是索县", "索县具体指什么", "什么是生态", "什么是那曲", "啥叫洛隆县", "那曲指的是什么"])
async def test_what_is_a_place_or_common_word_is_no_confident_answer(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert FALLBACK in reply.text or "您是不是想问" in reply.text, reply.text


@pytest.mark.parametrize("text, said", [("如何理解联村党委", "联村党委"), ("宣讲方式包括哪些", "入户宣讲")])
async def test_the_understanding_frame_still_answers_the_topic(real, text, said):  # noqa: F811
    assert said in (await ask_real(real, text)).text


# The contest's prize asked with a frame: the desk's 还没公布, not an entry the topic alone found.
@pytest.mark.parametrize("text", ["比赛奖励具体指什么", "比赛奖品具体是什么", "比赛奖励具体是什么"])
async def test_the_prize_asked_in_a_frame_is_the_desks(real, text):  # noqa: F811
    assert "奖品县里还没公布" in (await ask_real(real, text)).text
