"""Contest questions the t8 tuning part found unanswered or answered in part, written afresh in
herders' ways: what follows the sign-up, two campaign questions in one message, a word naming
several events (asked what they all share, or narrowed by a word before it), event names heard by
sound said as a contest, events listed by an age rule, and the townships the sign-up form offers.
Each goes through the real webhook as a new user (see tests/test_contest_asks.py)."""
from __future__ import annotations

from knowledge.contest import NOT_PUBLISHED, desk_for
from tests.blind import honest
from tests.test_contest_asks import CAT, body, replies

DESK = desk_for(CAT)


# -- 1. what follows the sign-up ---------------------------------------------------------------------
async def test_what_follows_the_sign_up_gives_the_levels_and_the_notice_honestly(tmp_path):
    got = await replies(tmp_path, ["报好名了以后我们要做什么", "v:我报了名后还要干什么是不是等通知",
                                   "报完名之后下一步是啥"])
    for reply in got:
        b = body(reply)
        assert "抱歉" not in b and "村级预赛" in b and "→".join(CAT.campaign.levels) in b, b
        assert NOT_PUBLISHED in b and "通知" in b and "我的报名" in b, b
        assert honest(reply), reply                       # the time and place are said to be unpublished


# -- 2. two campaign questions in one message --------------------------------------------------------
async def test_the_limit_and_the_latest_deadline_asked_together_are_both_answered(tmp_path):
    latest = max(e.deadline for e in CAT.events)
    earliest = min(e.deadline for e in CAT.events)
    got = await replies(tmp_path, ["每个人最多可以报几项？最晚截止的是哪个比赛？", "一个人能报几个项目，最早截止的是哪个"])
    most = f"每人最多报{CAT.campaign.max_events_per_person}个项目"
    assert most in got[0] and f"{latest.month}月{latest.day}日" in got[0] and "没有资料" not in got[0], got[0]
    assert most in got[1] and f"{earliest.month}月{earliest.day}日" in got[1], got[1]


# -- 3. a word naming several events -----------------------------------------------------------------
def test_a_word_before_the_family_word_picks_the_one_event_sharing_it():
    law = next(e for e in CAT.events if "法" in e.name and "宣讲" in e.name)
    for text in ("法律宣讲那个比赛几岁能报", "法律宣讲比赛能比到市里吗"):
        q = DESK.detect(text)
        assert q is not None and q.events == (law.code,), (text, q)
    q = DESK.detect("宣讲那个比赛能比到市里吗")     # nothing narrows it, and they differ in levels
    assert q is not None and q.family == "宣讲" and not q.events, q


async def test_what_every_event_of_a_word_shares_is_answered_once_else_which_is_asked(tmp_path):
    talks = [CAT.event(c) for c in DESK.families["宣讲"]]
    assert len({e.min_age for e in talks}) == 1 and len({e.levels for e in talks}) > 1
    got = await replies(tmp_path, ["宣讲那个比赛几岁能报", "宣讲那个比赛能比到市里吗"])
    b = body(got[0])
    assert f"{talks[0].min_age}岁" in b and all(e.name in b for e in talks) and "哪一项" not in b, b
    assert "哪一项" in got[1] and "1. " in got[1], got[1]            # they differ: still the choice


# -- 4. names heard by sound, said as a contest ------------------------------------------------------
def test_a_name_heard_by_sound_said_as_a_contest_is_that_event():
    for text, code in (("压价比赛", "yajia"), ("压价比赛几号截止", "yajia"), ("磨咱吧的比赛在哪报名", "tsampa")):
        q = DESK.detect(text)
        assert q is not None and q.events == (code,), (text, q)
    assert DESK.detect("压价") is None                 # the everyday word alone is no event


# -- 5. events listed by an age rule -----------------------------------------------------------------
async def test_events_that_need_an_age_are_listed_when_asked_by_their_count(tmp_path):
    adults = [e for e in CAT.events if e.min_age == 18]
    got = await replies(tmp_path, ["要满18岁才可以报的是哪几个", "16岁以上才能报的是哪几项"])
    b = body(got[0])
    assert f"{len(adults)}项" in b and all(e.name in b for e in adults), b
    sixteen = [e for e in CAT.events if e.min_age == 16]
    assert all(e.name in got[1] for e in sixteen), got[1]


# -- 6. the townships the sign-up form offers --------------------------------------------------------
async def test_the_townships_on_the_sign_up_form_are_listed(tmp_path):
    names = [t.name for t in CAT.townships]
    got = await replies(tmp_path, ["报名的时候乡镇那一栏可以选哪几个乡镇", "报名表上乡镇可以选哪几个"])
    for reply in got:
        b = body(reply)
        assert f"{len(names)}个乡镇" in b and all(n in b for n in names) and "大类" not in b, b
