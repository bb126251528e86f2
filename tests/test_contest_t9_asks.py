"""Contest questions the t9 tuning part found unanswered, answered about something else or answered
too surely, written afresh in herders' and cadres' ways: counts of the events that fit a rule,
which events of one class go up to the city final, the events closing in a month (typed in pinyin
too), events open at any age asked beside an old relative's age, the townships that may enter
(named one by one), and what the catalogue cannot say -- whether someone must come along, how many
have signed up already, a phone number or web address for signing up, the day of a level.
Each goes through the real webhook as a new user (see tests/test_contest_asks.py)."""
from __future__ import annotations

from knowledge.contest import NOT_PUBLISHED, desk_for
from knowledge.spell import PinyinReader
from tests.blind import honest
from tests.test_contest_asks import CAT, body, replies

DESK = desk_for(CAT)
TOP = CAT.campaign.levels[-1]


def reaches_top(e) -> bool:
    return any(TOP.startswith(lv) for lv in e.levels[-1:])


# -- 1. how many events fit a rule --------------------------------------------------------------------
async def test_a_count_of_the_events_that_fit_a_rule_is_the_catalogues_count(tmp_path):
    teams = [e for e in CAT.events if e.is_team]
    farmers = [e for e in CAT.events if e.who == "farmers_herders"]
    got = await replies(tmp_path, ["团体项目总共有几项", "个人赛总共多少个", "仅限农牧民报的项目有几个",
                                   "比到市级决赛的一共有几个项目"])
    b = body(got[0])
    assert f"{len(teams)}项" in b and all(e.name in b for e in teams) and "7大类" not in b, b
    b = body(got[1])
    assert b.startswith(f"个人赛{len(CAT.events) - len(teams)}项") and "7大类" not in b, b
    b = body(got[2])
    assert f"{len(farmers)}项" in b and all(e.name in b for e in farmers) and not honest(b), b
    lower = [e for e in CAT.events if not reaches_top(e)]
    b = body(got[3])
    assert f"{len(CAT.events) - len(lower)}项" in b and all(e.name in b for e in lower), b


async def test_a_count_of_every_event_is_still_the_campaigns_own_line(tmp_path):
    got = await replies(tmp_path, ["总共有多少个项目"])
    assert f"{len(CAT.events)}项" in got[0] and "抱歉" not in got[0], got[0]


# -- 2. the events of one class that go as far as the city final --------------------------------------
async def test_which_events_of_a_class_reach_the_top_level_names_both_groups(tmp_path):
    cls = next(c for c in CAT.categories if any(reaches_top(e) for e in c.events)
               and not all(reaches_top(e) for e in c.events))
    word = cls.name.removesuffix("类")
    got = await replies(tmp_path, [f"{cls.name}里面哪些项目可以一直比到市里", f"{word}这类哪几个能进{TOP}"])
    for reply in got:
        b = body(reply)
        up = b[b.index(f"比到{TOP}的"):b.index(f"没有{TOP}的")]
        assert all(e.name in up for e in cls.events if reaches_top(e)), b
        assert all(e.name not in up for e in cls.events if not reaches_top(e)), b
        assert "1. " not in b, b                 # not the class's card to pick from


async def test_which_events_of_a_class_are_team_events_names_them_by_class(tmp_path):
    cls = next(c for c in CAT.categories if any(e.is_team for e in c.events) and not all(e.is_team for e in c.events))
    got = await replies(tmp_path, [f"{cls.name}哪几个是团体赛", f"{cls.name}的个人项目有几个"])
    b = body(got[0])
    assert all(e.name in b for e in cls.events if e.is_team), b
    b = body(got[1])
    alone = [e for e in cls.events if not e.is_team]
    assert f"个人赛{len(alone)}项" in b and all(e.name in b for e in alone), b


# -- 3. the events closing in a month -----------------------------------------------------------------
async def test_the_events_closing_in_a_month_are_listed_by_day(tmp_path):
    march = [e for e in CAT.events if e.deadline.month == 3]
    april = [e for e in CAT.events if e.deadline.month == 4]
    got = await replies(tmp_path, ["三月份就截止的比赛都有啥", "v:四月份截止报名的比赛是哪些嘛", "5月份截止的有哪些项目",
                                   "3yue jiezhi de xiangmu"])
    for reply, events in ((got[0], march), (got[1], april), (got[3], march)):
        b = body(reply)
        assert f"{len(events)}项" in b and all(e.short_name in b for e in events), b
        assert "没有资料" not in b and "您是不是想问" not in b, b
        other = [e for e in CAT.events if e not in events and e.short_name not in "".join(x.short_name for x in events)]
        assert not any(e.short_name in b for e in other), b
    assert "没有在5月截止" in got[2], got[2]


def test_a_number_typed_inside_a_pinyin_word_is_kept_but_a_figure_alone_is_not_read():
    reader = PinyinReader(["报名截止", "截止日期", "3月", "比赛项目", "赛马"])
    read = reader.read("4yue jiezhi")
    assert read is not None and read.startswith("4") and "截止" in read, read
    assert reader.read("saima 3 ge") is None


# -- 4. events open at any age, asked beside an old relative's age ------------------------------------
async def test_an_old_relatives_age_said_beside_the_question_is_read_as_the_age(tmp_path):
    free = [e for e in CAT.events if e.min_age is None and e.max_age is None]
    got = await replies(tmp_path, ["不限年龄的比赛有哪些我阿爸都八十多了", "v:我家奶奶今年七十多了她能报哪些比赛嘛"])
    b = body(got[0])
    assert f"{len(free)}项" in b and all(e.name in b for e in free), b
    b = body(got[1])
    assert "70岁" in b and "抱歉" not in b, b
    too_young_only = [e for e in CAT.events if e.max_age is not None and e.max_age < 70]
    assert all(e.name in b for e in too_young_only), b       # the ones she may not enter are named


# -- 5. the townships that may enter -----------------------------------------------------------------
async def test_a_township_of_the_county_asked_whether_it_may_enter_gets_every_township(tmp_path):
    names = [t.name for t in CAT.townships]
    one, two = names[1], names[-1]
    got = await replies(tmp_path, [f"{one}的人可以报名吗", f"{one}和{two}能参加吗，县里一共有多少个乡镇",
                                   "报名的时候能选的乡镇有几个"])
    for reply in got:
        b = body(reply)
        assert f"{len(names)}个乡镇" in b and all(n in b for n in names), b
        assert not honest(reply) and "您是不是想问" not in b, b


async def test_a_township_named_beside_an_events_rule_is_no_gap(tmp_path):
    town = CAT.townships[2].name
    archery = next(e for e in CAT.events if e.name.startswith("射箭"))
    got = await replies(tmp_path, [f"{town}的娃娃可以报射箭吗"])
    assert f"{archery.min_age}岁" in got[0] and f"{town}的情况" not in got[0], got[0]


# -- 6. what the catalogue cannot say -----------------------------------------------------------------
async def test_whether_someone_must_come_along_is_said_to_be_unpublished(tmp_path):
    got = await replies(tmp_path, ["讲故事那个比赛要不要家长陪着去现场", "赛马比赛家里人要到场吗"])
    for reply in got:
        assert honest(reply) and NOT_PUBLISHED in reply, reply


async def test_how_many_have_signed_up_is_not_told(tmp_path):
    got = await replies(tmp_path, ["赛马现在报了多少人了", "v:厨艺比赛目前有多少人报名了啊"])
    for reply in got:
        b = body(reply)
        assert honest(reply) and "报名名单" in b and "个人赛，一个人报名" not in b, b


async def test_a_phone_or_web_address_for_signing_up_is_said_to_be_missing(tmp_path):
    got = await replies(tmp_path, ["报名有没有咨询电话", "报名的网址发一下", "baoming de wangzhi"])
    assert honest(got[0]) and "驻村工作队" in got[0], got[0]
    for reply in got[1:]:
        assert honest(reply) and "「报名」" in reply and "公众号" in reply, reply


async def test_the_day_of_a_level_is_said_to_be_unpublished(tmp_path):
    got = await replies(tmp_path, ["县级比赛的时间定了吗", "juesai shijian"])
    for reply in got:
        assert honest(reply) and "时间" in reply and "抱歉" not in reply, reply


async def test_where_to_practise_for_the_knowledge_contest_is_the_quiz(tmp_path):
    got = await replies(tmp_path, ["知识竞赛之前想先练一练去哪练"])
    assert "「答题」" in got[0] and "抱歉" not in got[0], got[0]


async def test_a_ticket_to_watch_is_said_to_be_unpublished(tmp_path):
    got = await replies(tmp_path, ["看射箭比赛要不要买票", "赛马那天的门票多少钱一张"])
    for reply in got:
        assert honest(reply) and NOT_PUBLISHED in reply and "门票" in reply, reply


# -- 7. one's own sign-up, checked or taken back, said at length --------------------------------------
async def test_checking_or_cancelling_ones_sign_up_said_at_length_is_my_sign_ups(tmp_path):
    got = await replies(tmp_path, ["v:报完名了我咋个查自己报进去没有嘛", "报了名以后家里有事去不了了怎么取消"])
    for reply in got:
        assert "「我的报名」" in reply and "您是不是想问" not in reply, reply
    assert "取消报名" in got[1], got[1]


# -- 8. the people who won, named beside what winners get ---------------------------------------------
def test_winners_named_as_a_group_ask_no_question_of_who_may_enter():
    for text in ("比赛得了奖的群众有什么好处", "获奖的干部能得到啥奖励"):
        q = DESK.detect(text)
        assert q is not None and "prizes" in q.aspects and "eligibility" not in q.aspects, (text, q)


def test_the_office_phone_is_given_once_the_catalogue_has_it():
    from dataclasses import replace
    from datetime import date

    from knowledge.contest import ContestDesk
    filled = replace(CAT, campaign=replace(CAT.campaign, office_phone="0895-7654321"))
    desk = ContestDesk(filled)
    q = desk.detect("报名的咨询电话是多少")
    assert q is not None and q.aspects == ("phone",), q
    r = desk.reply(q, today=date(2026, 12, 6))
    assert "0895-7654321" in r.text and not r.partial, r.text
    r = DESK.reply(DESK.detect("报名的咨询电话是多少"), today=date(2026, 12, 6))
    assert NOT_PUBLISHED in r.text and r.partial and "0895" not in r.text, r.text
