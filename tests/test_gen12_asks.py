"""gen12: the probe matrices' generators (deterministic, held half disjoint from tune), and the
mechanisms fixed from the tune halves' misses, each in wordings of our own (never the matrices'
templates or fillers), with neighbours that must not change."""
from __future__ import annotations

from benchmarks import contest_matrix, policy_matrix


def _questions(built):
    return [(it.q, m["half"]) for it, m in built]


def test_the_policy_probe_is_deterministic_and_its_halves_disjoint():
    first, second = _questions(policy_matrix.build()), _questions(policy_matrix.build())
    assert first == second
    tune = {q for q, h in first if h == "tune"}
    held = {q for q, h in first if h == "held"}
    assert tune and held and not tune & held
    assert len(tune) * 2 >= len(first) * 0.9          # about half each
    # the held half's fillers are its own: no tune filler is a held one
    for f in policy_matrix.FACTS:
        assert not set(f.tune) & set(f.held), f.code
        assert f.asks in policy_matrix.KINDS and f.must


def test_the_policy_probe_builds_one_half_alone_as_the_same_questions():
    both = _questions(policy_matrix.build())
    assert _questions(policy_matrix.build(half="held")) == [x for x in both if x[1] == "held"]


def test_the_contest_probe_split_is_unchanged_by_the_shared_helper():
    halves = contest_matrix.split()
    assert halves == contest_matrix.split()
    for attr in contest_matrix.ATTRIBUTES:
        for style in contest_matrix.STYLES:
            marks = [halves[(attr, style, i)] for i in range(len(contest_matrix.TEMPLATES[attr][style]))]
            assert marks.count("tune") == marks.count("held")


# --------------------------------------------------------------------------- through the real handler

import pytest  # noqa: E402

from tests.test_scope import ask_real, real  # noqa: E402,F401  (the real knowledge base and catalogue)

CAP = "每人最多报3个项目"


def _direct(reply) -> bool:
    return "您是不是想问" not in reply.text and not reply.text.startswith("抱歉")


# One thing entered, whatever it is called, and another asked after: the cap, which holds for any event.
@pytest.mark.parametrize("text", [
    "报了唱山歌还能报几个", "下象棋之外还能报别的不", "摔跤能跟别的一起报吗", "钓鱼和其他项目可以同时报吗",
    "打台球跟其他比赛能一起报名不", "一个人能报几个，我报了跳绳", "我报了骑牦牛比赛以后还能再报几个",
    "报了跳远以后还想报几个", "赛马和射箭能一起报吗", "一个人最多能报几个项目", "织毯子的比赛报了还能报几个",
])
async def test_another_event_after_any_named_thing_hears_the_cap(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert _direct(reply) and CAP in reply.text, reply.text


# ... but people entering together, or another thing than an event, are no cap asked.
@pytest.mark.parametrize("text", ["我和我老婆能一起报名吗", "全家一起报名行不行", "报了名还能改吗", "报了社保还能报销吗",
                                  "我想和别人一起报名"])
async def test_people_together_or_other_things_hear_no_cap(real, text):  # noqa: F811
    assert CAP not in (await ask_real(real, text)).text


# What every event a word names has alike -- the cap, the fee, the prizes the county set -- said once for all
# of them, not asked back which one.
@pytest.mark.parametrize("text, said", [
    ("演讲比赛要交钱不", "费用"), ("演讲比赛有奖品吗", "奖品"), ("报了演讲比赛还能报几个", CAP),
    ("演讲的比赛收不收费", "费用"), ("演讲比赛得了奖给什么", "奖"), ("演讲比赛报名费多少", "费用"),
    ("演讲比赛每人能报几项", CAP), ("演讲比赛什么时候截止", "截止"),
])
async def test_what_a_family_of_events_shares_is_said_once(real, text, said):  # noqa: F811
    reply = await ask_real(real, text)
    assert _direct(reply) and "您问的是哪一项" not in reply.text and said in reply.text, reply.text
    assert "都一样" in reply.text or said == CAP


@pytest.mark.parametrize("text", ["演讲比赛几岁能报", "演讲比赛多大年纪可以参加"])
async def test_where_a_family_differs_each_is_said_and_which_asked(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert "我和我的驻村故事演讲比赛" in reply.text and "国家通用语言文字演讲比赛" in reply.text, reply.text


LEVELS = "村级预赛→乡(镇)级初赛→县级比赛→市级决赛"


# The levels themselves asked for, in whatever words ask a list: the levels, not the events by level.
@pytest.mark.parametrize("text", ["比赛的级别有哪些", "比赛层级包括哪些", "比赛分几级是哪几个", "比赛级别是哪几个",
                                  "比赛级别都是啥", "比赛一共有哪几级", "比赛级别是什么", "比賽的級別有哪些",
                                  "比赛的层级都有哪些", "比赛级别分别是什么"])
async def test_the_levels_asked_as_a_list_are_the_levels(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert _direct(reply) and LEVELS in reply.text and "没有市级决赛的（" not in reply.text, reply.text


@pytest.mark.parametrize("text", ["哪些比赛有市级决赛", "只比到县级的有哪几个", "市级决赛有哪些项目", "没有市级决赛的有几个"])
async def test_events_picked_by_their_level_are_still_listed(real, text):  # noqa: F811
    assert "没有市级决赛的（" in (await ask_real(real, text)).text


# The words that frame an ask (如何理解…, …包括哪些, …内容是啥) tip no named topic towards another entry.
@pytest.mark.parametrize("text, said", [
    ("怎么理解积分制", "铸魂"), ("积分制都有哪些内容", "铸魂"), ("宣讲方式包括哪些", "入户宣讲"),
    ("那曲奋进活动内容是啥", "那曲"), ("如何理解联村党委", "联村党委"), ("三联三强具体指什么", "组织联建"),
    ("四个教育分别是什么", "感恩"), ("什么是文明积分超市", "积分超市"), ("如何理解红黑榜", "红榜"),
    ("五大专项行动都有哪几项", "大走访"), ("一平台五牵引是什么意思", "一平台"),
])
async def test_a_topic_framed_as_an_ask_is_answered(real, text, said):  # noqa: F811
    reply = await ask_real(real, text)
    assert _direct(reply) and said in reply.text, reply.text


@pytest.mark.parametrize("text", ["天气怎么样", "虫草是什么", "医保报销的内容是什么", "手机是什么意思"])
async def test_no_topic_of_ours_stays_unanswered(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert not _direct(reply) or "没有资料" in reply.text, reply.text


# ... and when the first is no event here, that is said too, before the cap (fixF).
@pytest.mark.parametrize("text", ["报了唱山歌还能报几个", "下象棋之外还能报别的不", "摔跤能跟别的一起报吗",
                                  "一个人能报几个，我报了跳绳", "我报了骑牦牛比赛以后还能再报几个", "报了跳远以后还想报几个"])
async def test_a_first_thing_no_event_is_said_before_the_cap(real, text):  # noqa: F811
    reply = await ask_real(real, text)
    assert CAP in reply.text and "我这里没有资料" in reply.text, reply.text
    assert reply.text.index("我这里没有资料") < reply.text.index(CAP)
