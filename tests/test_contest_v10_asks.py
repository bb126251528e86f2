"""Contest questions the v10 part answered with the wrong thing, written afresh in herders', students'
and cadres' ways: an event said as 「X那个比赛」 after who the asker is (我是…的), the events one has
already entered named and another one asked of (还能再报几个), a choice between two levels' places
(到县还是市) and the levels' order (从低到高), a name said with 的 between its two words (驻村的故事),
someone's skill told beside the question (我们村有个…厉害的), an animal's or a weight class's rule the
catalogue does not give, a school or office exam (中考) that is no contest, and the townships asked
with the verbs run together (可以报名选). Each has wordings that must not change beside it."""
from __future__ import annotations

from knowledge.contest import NOT_PUBLISHED, desk_for
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, TODAY, body, replies

DESK = desk_for(CAT)


def code(alias: str) -> str:
    return next(e.code for e in CAT.events if alias in e.aliases or e.name == alias or alias in e.name)


def read(text: str):
    q = DESK.detect(text)
    assert q is not None, text
    return q


def answer(text: str) -> str:
    return DESK.reply(read(text), today=TODAY).text


# -- 1. who the asker is, then 「X那个比赛」 asked whether one may enter -------------------------------
def test_that_contest_after_an_events_name_asks_of_it_not_which_one():
    for text, alias in [("我是种青稞的青稞种植那个比赛我能参加不", "青稞种植"),
                        ("我是打酥油的酥油那个比赛我能报不嘛", "乳制品加工"),
                        ("赛马那个比赛我能报不", "赛马"),
                        ("我家是养羊的，牦牛养殖那个比赛我能不能报", "牦牛养殖"),
                        ("唐卡那个比赛我可以报吗", "唐卡"),
                        ("我是挤奶的阿妈，乳制品那个比赛我可以报吗", "乳制品加工")]:
        q = read(text)
        assert q.events == (code(alias),) and "eligibility" in q.aspects and "which" not in q.aspects, (text, q)
        assert "谁能报" in answer(text), text


def test_that_contest_after_a_description_and_which_contest_asked_stay_as_they_were():
    # unchanged: 拍风景的那个比赛 (a description), 哪个比赛 asked outright, 我是…的 and another aspect
    assert read("拍风景的那个比赛多大能报").events == (code("手机摄影"),)
    assert "which" in read("做马鞍子的是哪个比赛").aspects
    q = read("我是放牛的，牦牛养殖比赛啥时候截止")
    assert q.aspects[0] == "deadline" and "eligibility" not in q.aspects and q.events == (code("牦牛养殖"),), q
    q = read("我是种地的，青稞种植比赛比什么")
    assert "what" in q.aspects and "eligibility" not in q.aspects, q


# -- 2. the events already entered, named, and another one asked of ----------------------------------
def test_the_events_named_as_entered_are_counted_down_from_the_per_person_limit():
    most = CAT.campaign.max_events_per_person
    for text, n in [("我报了锅庄舞和唐卡，还能报几个", 2), ("已经报了篮球，还可以报几个比赛", 1),
                    ("我已经报名了朗读和写字，还能报几项", 2), ("报了厨艺跟挤奶了 还能报几个啊", 2),
                    ("我已经报了射箭还能再报几个", 1)]:
        q = read(text)
        assert q.counted == n and q.already and "limit" in q.aspects and not q.events, (text, q)
        text_ = answer(text)
        assert f"每人最多报{most}个项目" in text_ and f"还能再报{most - n}个" in text_, text_


def test_as_many_entered_as_the_limit_says_to_cancel_one_first():
    q = read("我已经报了赛马射箭还有押加还能再报吗")
    assert q.counted == 3 and q.already, q
    assert "取消报名" in answer("我已经报了赛马射箭还有押加还能再报吗")


def test_entered_events_with_no_other_asked_of_are_left_as_they_were():
    # unchanged: a number said (报了2个), the limit asked outright, another aspect of an event
    assert read("我报了2个项目还能报几个").counted == 2
    q = read("一个人能报几个项目")
    assert q.counted is None and not q.already, q
    q = read("我已经报了赛马，射箭什么时候截止")
    assert q.counted is None and "deadline" in q.aspects and code("射箭") in q.events, q
    q = read("报了赛马还要带什么")
    assert q.counted is None and "bring" in q.aspects, q


# -- 3. the levels: their order, and how far an event goes ---------------------------------------------
def test_the_levels_asked_in_order_or_as_a_choice_between_two_places():
    for text in ("比赛从低到高分哪几级", "比赛从高到低分几个级别", "比赛由低到高是哪几级"):
        q = read(text)
        assert q.aspects == ("levels",) and not q.events, (text, q)
        assert "村级预赛" in answer(text) and "市级决赛" in answer(text), text
    for text, alias in [("乳制品 到县还是市", "乳制品加工"), ("射箭是到县级还是市级", "射箭"),
                        ("锅庄舞比到乡里还是县里", "锅庄舞"), ("押加到县还是到市", "押加")]:
        q = read(text)
        assert q.events == (code(alias),) and "levels" in q.aspects, (text, q)
        e = CAT.event(code(alias))
        said = answer(text)
        assert "村级预赛" in said and ("→市级决赛" in said if "市" in e.levels else "最高到县级比赛" in said), said


def test_a_choice_of_places_not_of_levels_is_no_levels_question():
    # unchanged: where one signs up, the county's townships
    assert "levels" not in (q.aspects if (q := DESK.detect("赛马在哪报名")) else ())
    assert read("乡镇能选哪几个").aspects == ("townships",)


# -- 4. a name said with 的 between its two words ------------------------------------------------------
def test_an_events_name_said_with_de_between_its_words_names_it():
    story = code("驻村故事")
    for text in ("驻村的故事演讲多大能讲", "驻村的故事那个演讲要多大年龄", "讲驻村的故事那个比赛几岁能报"):
        q = read(text)
        assert q.events == (story,) and "eligibility" in q.aspects, (text, q)
        assert f"{CAT.event(story).min_age}岁" in answer(text), text
    assert read("牦牛的养殖比赛多大能报").events == (code("牦牛养殖"),)
    # unchanged: the name said plainly
    assert read("驻村故事演讲是讲什么").events == (story,)


# -- 5. someone's skill told beside the question -------------------------------------------------------
async def test_a_skill_told_beside_the_question_leaves_what_is_asked(tmp_path):
    got = await replies(tmp_path, ["摔跤比赛有吗我们村有个摔跤很厉害的", "v:象棋比塞有没有嘛我阿爸下棋特别厉害",
                                   "跳绳比赛有没有 我家娃跳得可好了", "射箭比赛有吗我们村有个射箭厉害的",
                                   "我们村有个射箭很厉害的，射箭比赛多大能报", "我家马跑得快能不能报赛马"])
    for reply in got[:3]:
        assert classify(reply) == "direct" and "没有这一项" in reply, reply
    for reply in got[3:]:
        assert classify(reply) == "direct" and not honest(body(reply)), reply
    assert "14岁" in got[4] and "16岁" in got[5], got


def test_a_skill_word_that_is_the_question_is_read_as_before():
    # unchanged: 好好 / 好 in what is asked, not a skill told
    assert DESK.detect("我想好好准备赛马比赛") is not None
    q = read("赛马比赛有吗")
    assert q.events == (code("赛马"),), q


# -- 6. details the catalogue does not give, asked of a real event -------------------------------------
def test_a_weight_class_is_said_unpublished_not_answered_with_the_levels():
    for text, alias in [("押加比赛分不分体重级别", "押加"), ("拔河按体重分组吗", "拔河"),
                        ("押加有没有公斤级", "押加")]:
        q = read(text)
        assert "levels" not in q.aspects and "groups" in q.details, (text, q)
        said = answer(text)
        assert NOT_PUBLISHED in said and "→" not in said, said
    # unchanged: the levels asked
    assert read("押加分几级").aspects == ("levels",)


def test_an_animals_rule_says_unpublished_first_also_typed_in_pinyin():
    for text in ("赛马的马有没有年龄要求", "赛马对马的品种有要求吗", "saima de ma yao ji sui",
                 "saima de ma you mei you pinzhong yaoqiu", "牦牛养殖比赛的牦牛要多大"):
        q = read(text)
        assert q.aspects[0] == "rules" and any(d.startswith("animal:") for d in q.details), (text, q)
        said = answer(text)
        assert said.index(NOT_PUBLISHED) < said.index("谁能报"), said
        assert said.count(NOT_PUBLISHED) == 1, said
    # unchanged: the rider's age
    assert read("赛马多大能报").aspects == ("eligibility",)
    assert read("saima ji sui neng bao").aspects == ("eligibility",)


# -- 7. an exam of school or office is no contest -----------------------------------------------------
async def test_a_school_exams_day_gets_no_contest_deadlines_as_if_they_answered(tmp_path):
    got = await replies(tmp_path, ["今年高考几月几号考", "v:我家娃中考是哪一天嘛", "期末考试什么时候考",
                                   "公务员考试啥时候报名截止", "报名几号截止", "知识竞赛考什么"])
    for reply in got[:4]:
        assert classify(reply) != "direct" or honest(body(reply)), reply
        # the exam alone: where to ask it, no list of the contests' deadlines beside
        assert "截止：" not in reply and "截止日期" not in reply and ("教育局" in reply or "人社局" in reply), reply
    assert classify(got[4]) == "direct" and not honest(body(got[4])) and "截止" in got[4], got[4]
    assert classify(got[5]) == "direct" and not honest(body(got[5])), got[5]


# -- 8. the townships, with the verbs run together -----------------------------------------------------
def test_the_townships_asked_with_verbs_run_together():
    for text in ("乡镇有哪几个可以报名选", "乡镇都有哪些能报名参加", "乡镇有哪些可以报名参赛呀"):
        q = read(text)
        assert q.aspects == ("townships",), (text, q)
        said = answer(text)
        assert all(t.name in said for t in CAT.townships), said
    # unchanged: what follows the townships is asked
    assert DESK.detect("乡镇有哪几个干部负责") is None or read("乡镇有哪几个干部负责").aspects != ("townships",)
