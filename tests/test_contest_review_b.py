"""Contest-desk rules narrowed after review, each in wordings of my own: whether a group may take part
(the yes counted for that group, none for an event pointed at, an age or which ones), a trade told
(only when entering a contest is asked), events set aside (only of contests), a detail put in as
another's (a person's or another place's, not a way of writing it), a township's past round, 怎么参赛
alone, one's own animal, and the cap on events (not whether sign-up is open, nor 报很多 said of
anything else). Beside each, wordings that must keep their reading."""
from __future__ import annotations

from knowledge.contest import desk_for
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, body, replies

DESK = desk_for(CAT)
LIMIT = CAT.campaign.max_events_per_person
FOR_ANYONE = sum(1 for e in CAT.events if e.who == "any")


def detect(text: str):
    return DESK.detect(text)


def event_by(code: str):
    return CAT.event(code)


# -- 1. whether a group may take part: the yes counted by the catalogue --------------------------------
def open_to(group: str) -> int:
    return sum(1 for e in CAT.events if e.who in ("any", group))


async def test_a_group_asked_whether_it_may_take_part_is_told_how_many_it_may_enter(tmp_path):
    cases = [("我们当干部的能不能报名参加", "干部", FOR_ANYONE), ("v:牧民可以参加不", "牧民", open_to("farmers_herders")),
             ("初中生能参加吗", "初中生", open_to("students")), ("老百姓可不可以参加嘛", "老百姓", FOR_ANYONE)]
    got = await replies(tmp_path, [t for t, _, _ in cases])
    for reply, (_, word, n) in zip(got, cases):
        b = body(reply)
        assert classify(reply) == "direct" and b.startswith("可以。"), b
        assert f"{n}项" in b.split("\n")[0] and word in b.split("\n")[0], b
        assert "人人都能参加" not in b, b


def test_a_cadre_is_not_counted_the_events_only_for_herders_or_students():
    assert DESK._open_to("干部").startswith(f"可以。干部能报的有{FOR_ANYONE}项")
    assert FOR_ANYONE < open_to("farmers_herders") and FOR_ANYONE < open_to("students")


def test_no_yes_first_for_an_event_pointed_at_an_age_or_which_ones():
    for text in ("牧民能参加这个比赛吗", "干部可以报这项不", "学生能不能参加那个比赛", "我娃8岁在上小学能参加吗",
                 "12岁的学生可以参加吗", "干部能报哪些", "当老师的学生能参加什么比赛", "牧民可以参加啥子",
                 "农牧民能参加哪个项目", "七岁的小学生能不能报"):
        q = detect(text)
        assert q is None or not q.open_to, (text, q)


async def test_an_event_pointed_at_gets_no_unconditional_yes(tmp_path):
    got = await replies(tmp_path, ["干部能不能参加这个比赛", "10岁的小学生能参加吗"])
    for reply in got:
        assert not body(reply).startswith("可以"), reply


# -- 2. a trade told: only when entering a contest is asked --------------------------------------------
def test_a_trade_beside_another_thing_sought_is_no_contest_question():
    for text in ("我会跳舞，适合干什么工作", "会种地的人适合种哪种青稞", "我家老大会木工，能参加技能培训吗",
                 "我是厨师，县里招厨师我能参加吗", "我会织布，合作社要人不", "懂种地的能申请补贴吗",
                 "我会拍照，适合做什么生意", "我当木匠的能办贷款吗", "我会画画能报名学习班吗", "我是厨师适合啥工作"):
        q = detect(text)
        assert q is None or not q.trade, (text, q)


def test_a_trade_asked_of_the_contests_still_names_its_events():
    for text, codes in (("我会木工能报哪个比赛", {"woodcarving", "furniture"}), ("我是皮匠可以报名吗", {"leather"}),
                        ("我会弹琴，能参赛吗", {"folk_music"}), ("我会跳舞适合什么比赛", {"guozhuang", "song"}),
                        ("我是厨师能参加什么", {"cooking"}), ("我会织布，有什么项目可以报", {"weaving"})):
        q = detect(text)
        # (弹琴 may be read as the event's everyday name already: the same events either way)
        assert q is not None and set(q.events or q.family_events) == codes, (text, q)


# -- 3. events set aside: only of contests ----------------------------------------------------------------
def test_set_aside_of_no_contest_word_and_no_class_is_no_contest_list():
    for text in ("除了种青稞还有啥能致富", "除了理论宣讲还有什么宣传形式", "除了赛马还有别的没", "除了挤奶还有什么活路",
                 "除了射箭还有什么好玩的"):
        q = detect(text)
        assert q is None or not (q.listing or q.excluded), (text, q)


async def test_the_rest_of_every_event_asked_leaves_out_those_set_aside(tmp_path):
    [reply] = await replies(tmp_path, ["除了射箭还有哪些比赛"])
    b = body(reply)
    assert classify(reply) == "direct" and b.startswith("除了射箭") and f"{len(CAT.events) - 1}项" in b, b


def test_set_aside_asked_of_contests_is_still_a_list():
    for text, aside in (("除了赛马还有哪些比赛", ("horse_racing",)), ("除了射箭还能报啥", ("archery",)),
                        ("除了篮球还有什么球赛", ("basketball",)), ("除了拔河还有啥项目", ("tug_of_war",))):
        q = detect(text)
        assert q is not None and q.listing and q.excluded == aside, (text, q)


# -- 4. a detail put in as another's -----------------------------------------------------------------------
def test_a_way_of_writing_a_detail_is_no_mistake_to_put_right():
    for text in ("名字填成藏文的行不行", "电话写成家里座机的了可以吗", "年龄填成虚岁的要紧不", "名字写成汉字的可以吗",
                 "身份证号写成旧的了行吗"):
        q = detect(text)
        assert q is None or not q.fix, (text, q)


def test_a_detail_put_in_as_another_persons_or_place_is_a_fix():
    for text, field in (("电话填成我妹的了", "电话"), ("名字写成我爸的了咋整", "名字"), ("手机号填成别人的了", "手机号"),
                        ("村子选成隔壁村的了", "村"), ("乡镇选成别的乡的了", "乡镇"), ("村子打成邻村的了", "村"),
                        ("年龄填成他的了", "年龄")):
        q = detect(text)
        assert q is not None and q.fix == field, (text, q)


# -- 5. a township's past round ---------------------------------------------------------------------------
def test_a_townships_past_round_is_not_told_the_rounds_to_come():
    towns = [t.name for t in CAT.townships][:3]
    for text in (f"{towns[0]}上次比赛在哪里办的", f"去年{towns[1]}的比赛在哪比的", f"{towns[2]}以前办过的比赛在哪"):
        q = detect(text)
        assert q is None or not (set(q.aspects) & {"venue", "levels"}) or q.elsewhere, (text, q)


async def test_a_townships_round_to_come_still_gets_the_levels(tmp_path):
    town = CAT.townships[0].name
    [reply] = await replies(tmp_path, [f"我是{town}的，第一轮比赛在哪比"])
    assert classify(reply) == "direct" and "村级预赛" in body(reply), reply


# -- 6. 怎么参赛 alone: the way in and what one does ---------------------------------------------------
async def test_how_to_compete_alone_gives_what_one_hands_in(tmp_path):
    got = await replies(tmp_path, ["唐卡怎么参赛", "手机摄影咋个参赛"])
    for reply, code in zip(got, ("thangka", "photo")):
        b = body(reply)
        assert classify(reply) == "direct" and event_by(code).description in b and "发「报名」" in b, b
        assert len(b) <= 300, len(b)


def test_how_to_sign_up_without_competing_stays_the_way_in():
    for text in ("射箭咋个报名", "锅庄怎么报", "赛马怎么报名"):
        q = detect(text)
        assert q is not None and q.aspects == ("howto",), (text, q)


# -- 7. one's own animal ---------------------------------------------------------------------------------
def test_ones_own_horse_keeps_what_else_is_asked():
    for text, aspect in (("俺家的马能骑去比赛吗，要交钱不", "cost"), ("自家的马牵去比赛要带啥", "bring"),
                         ("我家马能骑去比赛不，几号截止", "deadline")):
        q = detect(text)
        assert q is not None and q.events == ("horse_racing",) and aspect in q.aspects, (text, q)


def test_ones_own_animal_no_event_races_is_said_to_be_not_here():
    for text in ("我家的牦牛能牵去比赛吗", "自家的羊可以带去参赛不"):
        q = detect(text)
        assert q is not None and q.unknown and not q.events, (text, q)


def test_ones_own_horse_said_beside_a_contest_word_but_not_taken_is_no_horse_race():
    for text in ("我家的马比赛那天要打疫苗吗", "我家的马看比赛的时候跑丢了"):
        q = detect(text)
        assert q is None or "horse_racing" not in q.events or q.aspects != ("what",), (text, q)


# -- 8, 9. the cap on events -----------------------------------------------------------------------------
def test_whether_sign_up_is_open_for_two_events_gets_no_cap():
    for text in ("射箭和赛马还报名吗", "篮球足球还能报吗", "锅庄和歌舞还报不报"):
        q = detect(text)
        assert q is not None and "limit" not in q.aspects, (text, q)


def test_entering_one_more_still_gets_the_cap():
    for text in ("我报了锅庄还想报歌舞行不", "又报唐卡又报木雕可以吗", "我想报篮球也报拔河可以吗"):
        q = detect(text)
        assert q is not None and "limit" in q.aspects, (text, q)


def test_many_events_said_of_no_cap_gets_none():
    for text in ("报很多项目的人多吗", "报好多个比赛要花钱不", "参加很多项目有奖励吗", "报好多项的多少人"):
        q = detect(text)
        assert q is None or "limit" not in q.aspects, (text, q)


def test_many_events_asked_as_whether_one_may_gets_the_cap():
    for text in ("一个人能参加好多个比赛吗", "可以报很多项不", "报许多个项目行不行"):
        q = detect(text)
        assert q is not None and "limit" in q.aspects, (text, q)
