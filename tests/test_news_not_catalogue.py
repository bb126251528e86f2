"""Questions the contest desk used to take from the knowledge base, and two-part or from-to questions
the Q&A used to half answer: what happened (the launch day's 文艺比赛, the third of the crazes, what a
winner earns since), a place whose name holds a contest word (比如县's 比), two clauses about one fact,
and a change asked (从什么变成什么) -- each read as the question it is."""
from __future__ import annotations

import pytest

from knowledge.contest import desk_for
from tests.test_scope import ask_real, kinds, real  # noqa: F401  (the real knowledge base and catalogue)


@pytest.fixture(scope="module")
def desk(real):  # noqa: F811
    return desk_for(real[1])


@pytest.mark.parametrize("text", ["学习组去的比如县在哪个市", "比如县属于哪个地区"])
def test_a_contest_word_inside_a_places_name_makes_no_event_of_the_words_before(desk, text):
    q = desk.detect(text)
    assert q is None or not q.unknown


async def test_a_place_asked_of_the_study_trip_is_answered_not_taken_for_a_missing_event(real):  # noqa: F811
    reply = await ask_real(real, "去学习的比如县归哪个市管")
    assert "那曲市" in reply.text and "这项比赛" not in reply.text and "没有资料" not in reply.text


def test_another_county_asked_of_an_event_is_still_read(desk):
    q = desk.detect("比如县的赛马比赛几号截止")
    assert q.events == ("horse_racing",) and q.elsewhere == "比如县"


def test_what_a_winner_earns_since_is_no_prize_question(desk):
    q = desk.detect("缝纫比赛得了奖一年能赚多少")
    assert q.events == ("sewing",) and "prizes" not in q.aspects
    assert "prizes" in desk.detect("赛马第一名奖多少钱").aspects      # the prize itself still is


async def test_what_a_winning_tailor_earns_is_told_from_the_example(real):  # noqa: F811
    reply = await ask_real(real, "缝衣服那个裁缝得了奖现在一年挣多少")
    assert "17万" in reply.text and "还没公布" not in reply.text


def test_one_more_than_the_events_named_is_not_asked_of_them(desk):
    assert desk.detect("村BA村超还有一样叫啥") is None
    assert desk.detect("赛马还有一个叫什么名字").events == ("horse_racing",)     # one event: its other name


async def test_the_third_of_the_crazes_is_answered_by_the_entry_naming_it(real):  # noqa: F811
    reply = await ask_real(real, "村BA村超还有一样叫啥")
    assert "村演" in reply.text and "每队" not in reply.text


def test_whether_a_category_was_held_is_the_sources_news(desk):
    q = desk.detect("开幕的时候搞了个文艺比赛吗")
    assert q.category == "arts" and q.aspects == ("held",) and desk.defers(q)
    # news told before what is asked of the event: that question, not the news
    assert desk.detect("我们村搞了个赛马比赛我能参加吗").aspects == ("eligibility",)


async def test_the_launch_days_contest_is_answered_by_the_launch_entry(real):  # noqa: F811
    reply = await ask_real(real, "启动那天是不是办了个文艺比赛")
    assert reply.extra.get("entry") == "f06" and "藏历新年" in reply.text


async def test_two_clauses_about_one_fact_get_the_entry_that_answers_both(real):  # noqa: F811
    reply = await ask_real(real, "党支部建到哪一级了，临时党组织在哪建")
    assert reply.extra.get("entry") == "f32" and "村民小组" in reply.text and "虫草山" in reply.text


@pytest.mark.parametrize("question, answer, expected", [
    ("维稳要从什么变成什么", "已建立健全基层维稳工作机制2.3万余条。", ["change"]),
    ("维稳要从什么变成什么", "让社会治理从“要我稳定”变成“我要稳定”。", []),
    ("维稳是从要我稳定变成啥", "已建立健全基层维稳工作机制2.3万余条。", ["change"]),
    ("活动从什么时候到什么时候", "活动1月开始。", []),                 # a span of time, not a change
])
def test_a_change_asked_needs_an_answer_saying_what_becomes_what(question, answer, expected):
    assert [k for k in kinds(question, answer) if k == "change"] == expected


async def test_a_change_asked_puts_the_entry_telling_it_first(real):  # noqa: F811
    reply = await ask_real(real, "基层治理要从什么变到什么")
    first = reply.extra["candidates"][0] if reply.outcome == "suggest" else reply.extra.get("entry")
    assert first == "f42"


async def test_which_events_stop_at_the_county_is_listed_from_the_catalogue(real):  # noqa: F811
    reply = await ask_real(real, "全县哪些项目只设到县级")
    assert "押加" in reply.text and "挤奶" in reply.text and "您是不是想问" not in reply.text


@pytest.mark.parametrize("text", ["开幕那天有文艺比赛吗", "启动那天搞了什么比赛"])
async def test_that_day_of_an_occasion_is_no_day_asked(real, text):  # noqa: F811
    # 那天 after the launch is that day, not voice input's 哪天: the launch entry, with no 「具体日子」 gap
    reply = await ask_real(real, text)
    assert reply.extra.get("entry") == "f06" and "没有资料" not in reply.text


def test_that_there_is_still_where_asked_by_voice(desk):
    assert desk.detect("比赛在那里").aspects == ("venue",)
    assert desk.detect("赛马那天比").aspects == ("when",)
