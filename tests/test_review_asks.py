"""Replies a review of the merged Q&A work found wrong, asked afresh in herders' and cadres' ways
through the real knowledge base and catalogue (each a new user through the webhook, see
tests/test_contest_asks.py): a list's points read as the clock, the county's own townships read as
another place, a count the catalogue gave said to be missing, a report's turnout read as sign-ups,
an invoice read as a ticket, a web address asked beside the official account, a question that turns
from one township to another, a township count, one township set aside, how long a contest lasts,
and figures typed inside pinyin words."""
from __future__ import annotations

from bot.core.config import load_settings
from knowledge.check import load_all
from knowledge.contest import desk_for
from knowledge.scope import gaps
from knowledge.spell import reader_for
from tests.blind import honest
from tests.test_contest_asks import CAT, body, replies

TOWNS = [t.name for t in CAT.townships]


def kinds(question: str, answer: str) -> set[str]:
    return {g.kind for g in gaps(question, answer, home="洛隆县")}


# -- 1. 几点: the points of a list, not the hour ---------------------------------------------------
def test_how_many_points_is_no_hour_asked_but_an_opening_hour_is():
    said = "一是讲政治，二是守纪律。"
    assert "clock" not in kinds("这个要求总共有几点", said)
    assert "clock" not in kinds("那五个认同包括几点", said)
    assert "clock" not in kinds("决赛几点", said)                  # the day more likely than the hour
    assert "clock" in kinds("村委会开门是几点", "村委会在村里。")
    assert "clock" in kinds("几点钟集合", "在村里集合。")


async def test_a_numbered_set_asked_by_its_points_gets_no_clock_notice(tmp_path):
    got = await replies(tmp_path, ["三个意识一共有几点"])
    assert "钟点" not in got[0] and "国家意识" in got[0], got[0]


# -- 2. the county's own townships are no other place ---------------------------------------------
async def test_the_other_townships_of_the_county_may_enter_and_are_no_other_county(tmp_path):
    got = await replies(tmp_path, ["别的乡镇的人也可以报名不", "其他乡镇的能报射箭吗",
                                   "除了康沙镇之外的乡镇可以报名吗"])
    for reply in got:
        assert not honest(reply) and all(t in reply for t in TOWNS), reply
    assert "射箭" in got[1], got[1]


async def test_a_newcomer_asking_who_may_enter_gets_no_other_place_notice(tmp_path):
    got = await replies(tmp_path, ["外乡人可以参加这个活动吗", "外地来打工的人可以参加活动吗"])
    for reply in got:
        assert "外乡的情况" not in reply and "外地的情况" not in reply, reply


async def test_another_county_is_still_said_once(tmp_path):
    got = await replies(tmp_path, ["外县的人能报射箭吗", "前年索县射箭比赛谁拿了第一名"])
    assert got[0].startswith("外县的情况") and got[0].count("没有资料") == 1, got[0]
    assert "索县的情况" in got[1], got[1]        # a place the desk does not name is still said


# -- 4. a count the catalogue gives is not missing ---------------------------------------------------
async def test_a_count_of_the_events_one_group_may_enter_is_given_plainly(tmp_path):
    only_students = [e for e in CAT.events if e.who == "students"]
    got = await replies(tmp_path, ["仅限学生报的一共几个", "只限农牧民报的比赛有几个"])
    for reply in got:
        assert not honest(reply), reply
    assert f"{len(only_students)}项" in got[0], got[0]


# -- 5. a report meeting's turnout is no sign-up count ---------------------------------------------
async def test_a_turnout_asked_is_not_read_as_the_sign_ups(tmp_path):
    got = await replies(tmp_path, ["宣讲报告会现在已经有多少人参加了", "总共有多少人参加了宣讲活动"])
    for reply in got:
        assert "报名人数" not in reply and "您问的是哪一项" not in reply, reply


def test_signing_up_so_far_is_still_asked_of_the_sign_ups():
    assert "status" in kinds("讲故事比赛现在已经有多少人报了", "讲故事比赛，6岁以上能报。")
    assert "status" not in kinds("宣讲报告会现在已经有多少人来了", "宣讲报告会开了10场。")


def test_the_desk_reads_a_turnout_as_no_sign_ups_but_a_contests_as_them():
    desk = desk_for(CAT)
    assert "signed" not in desk.detect("一共有多少人参加了宣讲活动").aspects
    assert "signed" in desk.detect("射箭比赛已经有多少人报了").aspects


# -- 6. an invoice or a ballot is no ticket; a ticket said unknown once --------------------------------
def test_an_invoice_is_no_ticket_and_a_ticket_gap_names_the_ticket():
    assert "ticket" not in kinds("发票去哪里开", "活动启动了。")
    assert "ticket" not in kinds("选票怎么投", "活动启动了。")
    missing = [g.missing for g in gaps("票怎么买", "活动启动了。", home="洛隆县") if g.kind == "ticket"]
    assert missing == ["门票的情况"], missing


async def test_a_ticket_the_desk_says_is_unpublished_is_not_said_again(tmp_path):
    got = await replies(tmp_path, ["看射箭比赛还要买门票不"])
    assert "还没公布" in got[0] and "没有资料" not in got[0], got[0]


# -- URL: the official account is where to look -------------------------------------------------------
async def test_a_website_asked_beside_the_official_account_gets_no_address_notice(tmp_path):
    got = await replies(tmp_path, ["在哪个网站上能看到活动的消息"])
    assert "网址我这里没有资料" not in got[0] and "公众号" in got[0], got[0]


# -- 7a. a question that turns to another township ------------------------------------------------------
async def test_a_turn_to_another_township_answers_that_township(tmp_path):
    got = await replies(tmp_path, ["白达乡办了宣讲比赛，俄西乡呢"])
    assert body(got[0]).startswith("俄西乡") and not honest(got[0]), got[0]


# -- 7b. figures typed inside pinyin words -----------------------------------------------------------
def test_figures_typed_inside_pinyin_words_are_read_with_the_real_reader():
    knowledge = load_all(load_settings(env={}))
    reader = reader_for(knowledge["kb"], desk_for(knowledge["catalogue"]))
    assert "15岁" in (reader.read("wo 15sui keyi canjia ma") or "")
    assert "4月10号" in (reader.read("sheji 4yue 10hao jiezhi le ma") or "")
    assert reader.read("saima 10 ren") is None          # a figure standing alone: no sentence of syllables


# -- 7c. how many townships the county has --------------------------------------------------------------
async def test_how_many_townships_the_county_has_is_the_catalogues_list(tmp_path):
    got = await replies(tmp_path, ["全县总共有多少个乡镇", "县里有几个乡镇"])
    for reply in got:
        assert f"{len(TOWNS)}个乡镇" in reply and not honest(reply), reply


# -- 时间长: how long, not when --------------------------------------------------------------------------
async def test_how_long_a_contest_lasts_is_not_its_day(tmp_path):
    got = await replies(tmp_path, ["射箭比赛的时间长不长"])
    assert "时长" in got[0] and "具体时间" not in got[0], got[0]
