"""Contest questions the t11 tuning part found unanswered or answered about something else, written
afresh in herders', students' and cadres' ways: which events one may enter given an age or who one is
(or is not), a thing's name a slip off an everyday word of an event (苏油 for 酥油), whom a question
speaks of (邻居家的小伙子) read as no unknown name, changing one's event after signing up, cancelling
with nothing signed up, a bare name that is mostly a word for several events, a venue asked as a
place at a level, a thing a description names said alone, and a word of a class's name in other
talk (no class asked).
Each goes through the real webhook as a new user (see tests/test_contest_asks.py)."""
from __future__ import annotations

from knowledge.contest import NOT_PUBLISHED, desk_for
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, body, named, replies

DESK = desk_for(CAT)


def event_by(alias: str):
    return next(e for e in CAT.events if alias in e.aliases or e.name == alias)


def only_for(who: str):
    return [e for e in CAT.events if e.who == who]


# -- 1. which events one may enter, given an age or who one is ---------------------------------------
async def test_an_age_told_of_ones_child_lists_the_events_open_at_it(tmp_path):
    got = await replies(tmp_path, ["v:我们家闺女才七岁了能参加些啥子比赛", "我家儿子十岁，可以报哪些比赛"])
    for reply, age in zip(got, (7, 10)):
        b = body(reply)
        open_at = [e for e in CAT.events if (e.min_age or 0) <= age <= (e.max_age or 200)]
        assert classify(reply) == "direct" and not honest(b), b
        assert all(e.name in b for e in open_at), b
        listed = b.split("\n")[0]          # (the line after it gives 赛马 as an example of asking)
        assert not any(e.name in listed for e in CAT.events if e not in open_at), b


async def test_a_school_level_one_is_at_lists_the_students_event_and_the_open_ones(tmp_path):
    got = await replies(tmp_path, ["我现在在读高中，能参加哪些比赛", "我在上小学 学校里能报啥"])
    story = only_for("students")
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and all(e.name in b for e in story), b
        assert "不限身份" in b, b


async def test_one_who_is_not_of_a_group_gets_the_events_closed_to_them_and_the_rest_open(tmp_path):
    got = await replies(tmp_path, ["我又不是农牧民，在单位上班，哪几个比赛我不能报",
                                   "我不是学生哪些比赛报不了"])
    # (one at work in a 单位 is no student either: the students' event is closed too)
    for reply, whom in zip(got, (("farmers_herders", "students"), ("students",))):
        b = body(reply)
        closed = [e for who in whom for e in only_for(who)]
        assert classify(reply) == "direct" and all(e.name in b for e in closed), b
        assert f"其余{len(CAT.events) - len(closed)}项" in b, b


def test_the_events_only_a_group_may_enter_asked_with_only_allowed_are_listed():
    q = DESK.detect("哪些项目只允许农牧民参加")
    assert q is not None and q.listing and not q.outside, q
    text = DESK.reply(q, today=CAT.events[0].deadline).text
    assert all(e.name in text for e in only_for("farmers_herders")), text


def test_not_being_of_a_group_said_of_one_event_is_still_that_events_rule():
    # 不上学了还能报讲故事吗 asks the one event's rule, no list of the events closed
    q = DESK.detect("不读书了还能报讲故事吗")
    assert q is not None and q.events == (event_by("讲故事").code,) and not q.outside, q


def test_going_to_primary_school_with_how_to_sign_up_is_no_contest_question():
    # a school's enrolment (上小学怎么报名), not a student asking which events
    q = DESK.detect("娃娃上初中怎么报名")
    assert q is None or not q.listing, q


# -- 2. a slip off an everyday word of an event, said as a contest -----------------------------------
async def test_a_homophone_of_an_events_everyday_word_said_as_a_contest_is_that_event(tmp_path):
    dairy = event_by("打酥油")
    got = await replies(tmp_path, ["酥油的比赛", "苏油比赛几号截止"])
    for reply in got:
        assert named(reply) == {dairy.code} and "没有这一项" not in reply, reply
    assert f"{dairy.deadline.month}月{dairy.deadline.day}日" in got[1], got[1]


def test_a_question_particle_is_no_slip_of_a_names_last_character():
    q = DESK.detect("有没有赛跑吗")
    assert q is None or not q.events, q


async def test_an_event_the_catalogue_lacks_is_still_said_to_be_absent(tmp_path):
    got = await replies(tmp_path, ["摔跤比赛几号截止"])
    assert "没有这一项" in got[0] or "没有资料" in got[0], got[0]


# -- 3. whom a question speaks of is no unknown name ----------------------------------------------------
async def test_a_neighbours_son_with_an_age_gets_the_events_rule_and_deadline_no_gap(tmp_path):
    e = event_by("唐卡")
    got = await replies(tmp_path, ["隔壁家的小伙子今年15，我能帮他报唐卡吗，几号截止"])
    b = body(got[0])
    assert named(got[0]) == {e.code} and f"{e.min_age}岁" in b and f"{e.deadline.month}月{e.deadline.day}日" in b, b
    assert "小伙" not in b.split("\n")[0] and "没有资料" not in b, b


def test_whom_the_question_speaks_of_is_read_as_such():
    assert DESK.of_whom("邻居家的姑娘想报名", "家的姑")
    assert not DESK.of_whom("邻居家的姑娘想报名", "报名") and not DESK.of_whom("赛马几岁能报", "赛马")


# -- 4. changing an event after signing up, and cancelling with nothing signed up ---------------------
async def test_changing_the_event_after_signing_up_says_cancel_and_sign_up_again(tmp_path):
    got = await replies(tmp_path, ["报完名了我想换一个比赛咋办", "報名以後想改報別的項目怎麼弄"])
    for reply in got:
        assert "取消报名" in reply and "村级预赛" not in reply, reply


async def test_what_follows_the_sign_up_is_still_the_levels(tmp_path):
    got = await replies(tmp_path, ["报上名之后接下来干啥"])
    assert "村级预赛" in got[0], got[0]


async def test_cancelling_with_nothing_signed_up_says_how_cancelling_and_changing_work(tmp_path):
    got = await replies(tmp_path, ["取消报名"])
    assert "还没有可以取消的报名" in got[0] and "我的报名" in got[0] and "取消报名 1" in got[0], got[0]
    assert "换项目" in got[0], got[0]


# -- 5. a bare name that is mostly a word for several events -------------------------------------------
async def test_a_bare_name_mostly_a_shared_word_gives_its_event_and_names_the_others(tmp_path):
    got = await replies(tmp_path, ["宣讲比赛"])
    policy = event_by("政策宣讲")
    others = [c for c in DESK.families["宣讲"] if c != policy.code]
    b = body(got[0])
    assert f"「{policy.name}」" in b and all(CAT.event(c).name in b for c in others), b


def test_a_bare_name_with_its_own_qualifier_names_no_others():
    q = DESK.detect("驻村演讲")
    assert q is not None and q.bare and q.also is None, q
    q = DESK.detect("赛马")
    assert q is not None and q.also is None, q


# -- 6. a venue asked as a place at a level: not published --------------------------------------------
async def test_a_level_asked_at_a_named_place_is_the_venue_not_published(tmp_path):
    got = await replies(tmp_path, ["足球决赛是在县里的球场踢吗", "锅庄舞初赛在乡政府广场上跳不"])
    for reply in got:
        assert NOT_PUBLISHED in reply and honest(reply), reply


# -- 7. a thing a description names said alone --------------------------------------------------------
async def test_a_thing_a_description_names_said_alone_is_its_event(tmp_path):
    got = await replies(tmp_path, ["马鞍", "氆氇"])
    for reply, alias in zip(got, ("皮具", "编织")):
        assert named(reply) == {event_by(alias).code} and "抱歉" not in reply, reply


# -- 8. a word of a class's name in other talk asks no class ------------------------------------------
def test_a_class_word_inside_other_talk_is_no_class():
    for text in ("高考体育加试有什么政策", "体育老师的待遇是什么"):
        q = DESK.detect(text)
        assert q is None or not q.category, (text, q)


async def test_a_class_word_asked_alone_or_of_the_contest_is_still_the_class(tmp_path):
    sports = next(c for c in CAT.categories if c.name.startswith("体育"))
    got = await replies(tmp_path, ["体育有哪些", "体育的比赛都是啥"])
    for reply in got:
        assert all(e.name in reply for e in sports.events), reply


def test_an_everyday_words_homophone_in_other_talk_is_no_event():
    # 支部 sounds as 织布 (an everyday word for 编织): a slip of it only when said as a contest
    for text in ("党支部一般设到哪一级", "村里的党支部在哪一级管"):
        q = DESK.detect(text)
        assert q is None or not q.events, (text, q)


def test_a_particle_like_character_inside_a_name_may_still_be_its_slip():
    # 吧 for 粑 (磨糌粑 said by voice) is a slip of the name, unlike a question's closing 吗
    q = DESK.detect("磨糌吧比赛在哪报")
    assert q is not None and q.events == (event_by("糌粑").code,), q
