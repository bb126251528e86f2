"""Contest questions the t12 tuning part found half answered or answered about something else, written
afresh in herders', students' and cadres' ways: how to take part and the deadline in one message,
entering several events at once, the other events of a kind beside those named (除了…还有…), a trade
one has (会木工), where the first round is held for one's township, a class asked of age, whether a
group may take part at all, and a detail put in as another's after signing up. Beside each, wordings
that must keep their old reading."""
from __future__ import annotations

from knowledge.contest import desk_for
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, TODAY, body, replies

DESK = desk_for(CAT)
LIMIT = CAT.campaign.max_events_per_person


def event_by(alias: str):
    return next(e for e in CAT.events if alias in e.aliases or e.name == alias or e.code == alias)


def detect(text: str):
    return DESK.detect(text)


# -- 1. how to take part and the deadline, in one message ---------------------------------------------
HOW_AND_WHEN = [("手机摄影怎样参赛 啥时候截止", "photo"), ("射箭咋个报，几号截止", "archery"),
                ("唐卡如何参赛？报名到哪天", "thangka"), ("锅庄怎么参赛截止日期是哪天", "guozhuang"),
                ("木雕咋参赛 最晚几号报", "woodcarving"), ("赛马怎么样参赛，报名截至什么时候", "horse_racing"),
                ("厨艺比赛咋个报名，啥时候截止", "cooking"), ("挤奶比赛怎么报 截止没有", "milking"),
                ("朗读如何报名，几号前报", "reading"), ("拔河怎么参赛，哪天截止", "tug_of_war")]


def test_how_to_take_part_beside_the_deadline_asks_both():
    for text, code in HOW_AND_WHEN:
        q = detect(text)
        assert q is not None and q.events == (code,), (text, q)
        assert {"howto", "deadline"} <= set(q.aspects), (text, q)


async def test_how_to_compete_and_till_when_gets_the_way_the_deadline_and_what_one_hands_in(tmp_path):
    got = await replies(tmp_path, ["摄影比赛怎么参赛，几号截止", "v:唐卡咋个参赛嘛啥时候截止"])
    for reply, code in zip(got, ("photo", "thangka")):
        e, b = event_by(code), body(reply)
        assert classify(reply) == "direct" and not honest(b), b
        assert f"{e.deadline.month}月{e.deadline.day}日" in b and "发「报名」" in b and e.description in b, b
        assert len(b) <= 300, len(b)


def test_how_to_sign_up_alone_keeps_its_reading():
    for text in ("赛马怎么报名", "射箭咋个报名", "锅庄怎么报"):
        q = detect(text)
        assert q is not None and q.aspects == ("howto",), (text, q)
    q = detect("赛马怎么参赛")                  # 参赛: how one competes is told beside the way in
    assert q is not None and q.aspects == ("howto", "what"), q
    q = detect("赛马怎么报名，截止什么时候")     # 报名 (no 参赛): the way in, no description added
    assert q is not None and "what" not in q.aspects, q


# -- 2. several events at once, or many ---------------------------------------------------------------
async def test_entering_one_more_beside_another_gives_the_limit_and_each_events_rule(tmp_path):
    texts = ["我能不能又报赛马又报射箭还报押加", "报了锅庄还想报歌舞行不", "我想报篮球也报拔河可以吗",
             "又报木雕又报唐卡又报皮具行吗"]
    got = await replies(tmp_path, texts)
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and not honest(b), b
        assert f"每人最多报{LIMIT}个项目" in b, b


def test_many_events_said_in_dialect_asks_the_limit():
    for text in ("一个人能报好多个比赛不", "我可以参加很多项吗", "能报许多个项目嘛", "一个人可以报很多个嘛",
                 "我想参加好多个比赛行不行"):
        q = detect(text)
        assert q is not None and "limit" in q.aspects and not q.listing, (text, q)


def test_how_many_events_there_are_is_still_the_count():
    for text in ("一共有好多个比赛", "总共有好多项比赛", "有好多个项目嘛"):
        q = detect(text)
        assert q is not None and q.listing and "limit" not in q.aspects, (text, q)


def test_two_events_named_without_entering_both_get_no_limit():
    for text in ("赛马和射箭几号截止", "篮球足球各要几个人"):
        q = detect(text)
        assert q is not None and "limit" not in q.aspects, (text, q)


# -- 3. the others of a kind beside those named ---------------------------------------------------------
def test_events_set_aside_before_asking_for_the_others_are_excluded():
    cases = [("除了篮球还有啥球赛", "球赛", "", ("basketball",)),
             ("除了赛马射箭，体育类还有哪些", "", "sports", ("horse_racing", "archery")),
             ("体育的除了拔河还有别的吗", "", "sports", ("tug_of_war",)),
             ("手工艺类除了唐卡和木雕还有其他的没", "", "crafts", ("thangka", "woodcarving")),
             ("除了挤奶，农牧民技能类还有啥", "", "skills", ("milking",))]
    for text, family, category, aside in cases:
        q = detect(text)
        assert q is not None and q.listing and q.excluded == aside, (text, q)
        assert q.family == family and q.category == category, (text, q)


async def test_the_rest_of_a_class_or_kind_is_listed_without_those_set_aside(tmp_path):
    texts = ["体育类除了赛马射箭还有啥", "除了篮球还有啥球赛", "手工艺的除了唐卡还有别的没"]
    got = await replies(tmp_path, texts)
    for reply, (cat, aside) in zip(got, (("sports", {"horse_racing", "archery"}), (None, {"basketball"}),
                                         ("crafts", {"thangka"}))):
        b = body(reply)
        pool = ([e for e in CAT.category(cat).events] if cat
                else [event_by("basketball"), event_by("football")])
        assert classify(reply) == "direct" and not honest(b), b
        listed = b.split("\n", 1)[1]
        assert all(e.name in listed for e in pool if e.code not in aside), b
        assert not any(f". {e.name}" in listed for e in pool if e.code in aside), b


async def test_an_age_and_one_event_set_aside_lists_what_else_is_open(tmp_path):
    [reply] = await replies(tmp_path, ["我10岁 除了讲故事还有啥子能报"])
    b = body(reply)
    open_at = [e for e in CAT.events if (e.min_age or 0) <= 10 <= (e.max_age or 200) and e.code != "student_story"]
    assert classify(reply) == "direct" and all(e.name in b for e in open_at), b


def test_except_said_of_other_things_is_no_set_aside():
    for text in ("除了报名还要干啥", "赛马除了马还要带啥", "报了赛马还能报别的吗"):
        q = detect(text)
        assert q is None or not q.excluded, (text, q)


async def test_nothing_left_of_a_kind_says_so(tmp_path):
    [reply] = await replies(tmp_path, ["除了篮球足球还有别的球赛没"])
    assert "没有别的" in body(reply), reply


# -- 4. a trade one has -------------------------------------------------------------------------------
TRADE_CASES = [("我会木工能报啥", {"woodcarving", "furniture"}), ("我是木匠，可以参加什么比赛", {"woodcarving", "furniture"}),
               ("我会画画可以报哪个", {"thangka"}), ("我是厨师能参加啥", {"cooking"}),
               ("俺会弹琴，适合什么比赛", {"folk_music"}), ("我会做衣服，能报啥", {"sewing"}),
               ("我会种地能参加什么比赛", {"barley_farming"}), ("我是皮匠能报什么", {"leather"}),
               ("我会拍照可以报啥", {"photo"}), ("我会织布能报哪个", {"weaving"})]


def test_a_trade_said_with_which_to_enter_names_the_events_it_fits():
    for text, codes in TRADE_CASES:
        q = detect(text)
        # (画画 may be read as 绘画 already: the same events either way)
        assert q is not None and set(q.events) == codes, (text, q)


async def test_a_trade_gets_the_events_with_their_rules_and_no_unsure_notice(tmp_path):
    got = await replies(tmp_path, ["我 会 木工 能报啥", "我是画师可以参加什么"])
    for reply, codes in zip(got, ({"woodcarving", "furniture"}, {"thangka"})):
        b = body(reply)
        assert classify(reply) == "direct" and not honest(b), b
        assert all(event_by(c).name in b for c in codes), b


def test_a_trade_not_asked_of_entering_is_no_contest_question():
    for text in ("木工活多少钱一天", "我是厨师", "我会画画", "我会画画，能参加村里的培训吗", "当木匠的适合做啥工作"):
        q = detect(text)
        assert q is None or not q.trade, (text, q)


# -- 5. where the first round is held, told of one's township ---------------------------------------
async def test_a_township_of_the_county_asking_where_the_rounds_are_gets_the_levels(tmp_path):
    towns = [t.name for t in CAT.townships][:4]
    texts = [f"我在{towns[0]}，第一轮在哪比", f"我们{towns[1]}的比赛在哪里比", f"我是{towns[2]}的，初赛去哪比",
             f"{towns[3]}村级预赛在哪举行"]
    got = await replies(tmp_path, texts)
    for reply, town in zip(got, towns):
        b = body(reply)
        assert classify(reply) == "direct" and "村级预赛" in b, b
        assert f"{town}的情况" not in b, b


async def test_another_county_asking_where_is_still_said_to_be_not_here(tmp_path):
    [reply] = await replies(tmp_path, ["那曲的比赛在哪比"])
    assert honest(body(reply)) or classify(reply) != "direct", reply


# -- 6. a class asked of age ----------------------------------------------------------------------------
async def test_a_class_asked_of_age_lists_each_events_age(tmp_path):
    texts = ["那手工艺的呢要多大", "体育类几岁能报", "语言文字类多大可以参加", "文艺类有年龄要求吗"]
    got = await replies(tmp_path, texts)
    for reply, code in zip(got, ("crafts", "sports", "language", "arts")):
        b = body(reply)
        cat = CAT.category(code)
        assert cat is not None, code
        assert classify(reply) == "direct" and not honest(b), b
        assert all(f"{e.name}（{e.age_text()}" in b or e.age_text() in b for e in cat.events), b


async def test_a_class_asked_for_its_list_keeps_the_kind_of_each(tmp_path):
    [reply] = await replies(tmp_path, ["体育类有哪些"])
    assert "团体赛" in reply and "岁及以上" not in reply, reply


# -- 10. whether a group may take part at all -----------------------------------------------------------
async def test_whether_a_group_may_take_part_says_yes_first(tmp_path):
    got = await replies(tmp_path, ["我们学生可以参加这个活动吗", "牧民能不能参加", "v:我们干部可不可以参加嘛"])
    for reply, group in zip(got, ("students", "farmers_herders", None)):
        b = body(reply)
        n = sum(1 for e in CAT.events if e.who in ("any", group))     # the yes counts what that group may enter
        assert classify(reply) == "direct" and b.startswith("可以。") and f"{n}项" in b.split("\n")[0], b


def test_an_age_asked_of_the_whole_campaign_gets_no_yes():
    q = detect("几岁能参加")
    assert q is None or not (set(q.cues) & {"学生", "牧民", "干部"}), q


# -- 8. a detail put in as another's ----------------------------------------------------------------------
def test_a_detail_put_in_as_anothers_is_a_fix():
    for text, field in (("电话填成我弟的了", "电话"), ("名字写成我哥的了能改吗", "名字"),
                        ("手机号写成我老婆的了咋办", "手机号"), ("村子填成隔壁村的了", "村"),
                        ("乡镇选成别的乡的了", "乡镇")):
        q = detect(text)
        assert q is not None and q.fix == field, (text, q)


async def test_a_detail_put_in_as_anothers_is_told_to_cancel_and_sign_up_again(tmp_path):
    got = await replies(tmp_path, ["阿妈帮我报的，电话填成她的了，能改吗", "名字写成我哥的了怎么办"])
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and "取消报名" in b and not honest(b), b


def test_a_wrong_word_said_of_no_detail_is_no_fix():
    for text in ("我写成了一篇演讲稿", "填成绩的表在哪", "名字写成藏文的行吗", "电话填成座机的了要紧不"):
        q = detect(text)
        assert q is None or not q.fix, (text, q)


def test_today_is_open():
    assert all(e.deadline >= TODAY for e in CAT.events)


# -- 7. one's own animal taken to its event -----------------------------------------------------------
def test_ones_own_horse_taken_to_the_race_is_the_horse_races_rule():
    for text in ("我家的马能骑去比赛吗", "自家的马可以牵去参赛不", "俺家马儿能不能骑去比赛", "我们家的马骑去比塞行吗",
                 "自己的马能骑着参加比赛吗"):
        q = detect(text)
        assert q is not None and q.events == ("horse_racing",), (text, q)


def test_ones_own_horse_said_of_no_contest_is_no_question():
    for text in ("我家的马跑得快", "我家的马生病了", "我家的马比赛那天要打针吗", "去看比赛把我家的马拴在哪"):
        assert detect(text) is None, text


async def test_ones_own_horse_gets_the_description_that_says_it(tmp_path):
    [reply] = await replies(tmp_path, ["v:我家的马能不能骑去比赛嘛"])
    b = body(reply)
    assert classify(reply) == "direct" and event_by("horse_racing").description in b, b
