"""Questions the spent blind parts found answered wrongly or not at all, written afresh in herders'
and cadres' ways: a topic word asked with only a question word beside it, the study material asked
beside the 知识竞赛 event, ... Each goes through the real webhook as a new user
(see tests/test_contest_asks.py), or straight to the matcher."""
from __future__ import annotations

import pytest

from bot.core.config import load_settings
from knowledge.contest import NOT_PUBLISHED, asks_study_material, desk_for, names_material
from knowledge.qa import load_knowledge_base
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, body, replies


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(load_settings(), CAT)


# -- a topic word and a question word only -----------------------------------------------------------
def test_a_topic_word_with_only_a_question_word_beside_it_is_enough_to_answer(kb):
    for text in ("网格是几个", "网格有多少呀"):
        r = kb.match(text)
        assert r.outcome == "answer" and r.candidates[0].entry_id == "f35", (text, r.outcome, r.candidates[:2])


def test_a_topic_asked_where_or_a_keyword_asked_alone_is_not_enough(kb):
    # only a count or what-it-is asked of a question or variant: not where (the topic's entry may not
    # hold it), and not a keyword (one word of a story is no topic asked)
    for text in ("网格在哪里", "决赛在哪儿呀", "虫草几个", "虫草是什么"):
        assert kb.match(text).outcome == "fallback", text
    # a keyword asked who it is: the role its entry names
    r = kb.match("主角是谁呀")
    assert r.outcome == "answer" and r.candidates[0].entry_id == "f09-join", r.candidates[:2]


def test_a_topic_asked_alone_answered_with_another_districts_figure_says_so():
    from knowledge.scope import gaps
    grids = "桑珠孜区把原来的659个基层网格调整为316个。"
    assert [g.kind for g in gaps("网格有几个", grids, home="洛隆县")] == ["home"]
    assert [g.kind for g in gaps("网格是什么", grids, home="洛隆县")] == ["home"]
    assert gaps("桑珠孜网格有几个", grids, home="洛隆县") == []        # the place named: its figure answers


async def test_the_grid_asked_alone_gets_the_other_districts_figure_honestly(tmp_path):
    got = await replies(tmp_path, ["网格有几个呀", "网格是什么", "决赛在哪儿呀"])
    for reply in got[:2]:
        assert "316" in reply and "洛隆县的这方面情况我这里没有资料" in reply, reply
    assert "地点县里还没公布" in got[2], got[2]


def test_a_lone_function_word_or_one_character_is_still_not_enough(kb):
    for text in ("多少个", "几个啊", "格几个"):
        assert kb.match(text).outcome == "fallback", text


async def test_the_grid_count_asked_in_few_words_or_pinyin_gives_the_figure(tmp_path):
    got = await replies(tmp_path, ["网格现在几个", "wangge you jige", "v:网格有多少个嘛"])
    for reply in got:
        assert classify(reply) == "direct" and "316" in body(reply), reply


# -- the study material beside the 知识竞赛 ------------------------------------------------------------
def test_the_material_is_named_only_when_both_sides_speak_of_it():
    assert names_material("知识竞赛背的資料在哪", "有两份学习资料")
    assert names_material("比赛前要复习啥材料", "学习资料有两份")
    assert not names_material("知识竞赛在哪练习", "有两份学习资料")
    assert not names_material("应知应会有几条", "发「报名」开始")


def test_bare_materials_are_what_one_hands_in_not_what_one_studies():
    # 材料 alone is as often what one brings or hands in: only a word of studying makes it the study material
    for text in ("射箭比赛得准备哪些材料", "报名需要啥材料"):
        assert not names_material(text, "有两份学习资料"), text


def test_only_the_quiz_contests_study_material_and_never_what_to_hand_in():
    desk = desk_for(CAT)
    studied = "有两份学习资料：应知应会、必知必会"
    for text in ("知识竞赛该复习哪些资料", "知识竞赛的应知应会去哪背"):
        q = desk.detect(text)
        assert q is not None and asks_study_material(q, text, studied), (text, q)
    for text in ("厨艺比赛要准备啥资料", "射箭比赛报名得带哪些资料", "知识竞赛报名时交什么资料",
                 "朗读比赛该写些什么材料", "知识竞赛报名要带什么"):
        q = desk.detect(text)
        assert q is not None and not asks_study_material(q, text, studied), (text, q)


async def test_another_events_materials_to_bring_get_its_own_card_not_the_study_list(tmp_path):
    got = await replies(tmp_path, ["唐卡比赛得准备些啥材料", "v:唐卡比赛报名时候要带啥子资料嘛", "射箭比赛报名要交什么材料"])
    for reply in got:
        assert "学习资料" not in reply and "必知必会" not in reply, reply
    assert "唐卡" in got[0] and "还没公布" in got[0], got[0]
    assert "唐卡" in got[1] and "还没公布" in got[1], got[1]
    assert "射箭" in got[2], got[2]


async def test_the_study_material_asked_beside_the_quiz_contest_is_the_knowledge_bases(tmp_path):
    got = await replies(tmp_path, ["知识竞赛考的应知应会有几条，去哪看", "想参加知识竞赛，得学哪些材料嘛",
                                   "知識競賽有沒有复习資料"])
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and "应知应会" in b and "必知必会" in b and "55条" in b, reply


async def test_the_quiz_contest_asked_its_own_rules_keeps_the_event_card(tmp_path):
    got = await replies(tmp_path, ["知识竞赛多大能报", "知识竞赛怎么练习"])
    assert all("「知识竞赛」" in r and "报名 知识竞赛" in r for r in got), got


# -- words leading into the contest as a means name no event ----------------------------------------
def test_words_before_the_contest_as_its_means_are_no_event_name():
    desk = desk_for(CAT)
    for text in ("有没有人靠比赛过上好日子", "村里有人凭比赛出名吗", "有谁通过比赛挣钱了"):
        q = desk.detect(text)
        assert q is None or not q.unknown, (text, q)
    q = desk.detect("有没有摔跤比赛")                     # a name said as a contest still is one
    assert q is not None and q.unknown == "摔跤", q


async def test_who_earned_by_the_contests_is_answered_by_the_examples_not_a_made_up_event(tmp_path):
    got = await replies(tmp_path, ["那曲真有人通过比赛挣到钱吗", "v:听说有人靠缝纫比赛出了名是哪个嘛"])
    for reply in got:
        assert classify(reply) == "direct" and "索朗次仁" in reply and "这次的比赛目录里没有" not in reply, reply


# -- 形式 said for 方式 ------------------------------------------------------------------------------
def test_the_form_of_a_thing_is_read_as_the_way_it_is_done(kb):
    n = kb.matcher.normalizer
    assert n.normalize_query("宣讲用的形式") == n.normalize_query("宣讲用的方式")


async def test_the_ways_of_the_policy_talks_asked_as_forms_are_answered(tmp_path):
    got = await replies(tmp_path, ["宣讲是啥形式", "进村宣讲的形式都有啥"])
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and "群众大会" in b and "入户宣讲" in b, reply


# -- 县里头: where, not a part of a group ------------------------------------------------------------
def test_inside_a_place_is_where_not_a_part_whose_count_is_missing():
    from knowledge.scope import gaps
    said = "已经开展政策宣讲100余场次。"
    assert not [g for g in gaps("县里头宣讲开了好多场", said, home="洛隆县") if g.kind == "count"]
    assert [g for g in gaps("队员当中党员有几个", "奋进队员340名。", home="洛隆县") if g.kind == "count"]


async def test_the_home_countys_talks_counted_in_its_own_words_give_its_own_figure(tmp_path):
    got = await replies(tmp_path, ["v:咱县里头宣讲搞过好多场了哦", "我们县里面宣讲过几场了"])
    assert classify(got[1]) == "direct" and "100余场次" in body(got[1]) and "1450" not in got[1], got[1]
    # never 索县's figure as the county's; at worst the home county's entry offered first
    assert (classify(got[0]) == "direct" and "100余场次" in body(got[0]) and "1450" not in got[0]
            or classify(got[0]) == "suggestion" and "1. 活动是怎么向群众宣讲的" in got[0]), got[0]


# -- what to bring, where the description says it ---------------------------------------------------
async def test_what_to_bring_quotes_the_description_where_it_says_so_and_is_honest_about_the_rest(tmp_path):
    desk = desk_for(CAT)
    brings = [e for e in CAT.events if "作品参赛" in e.description]
    assert brings and all(not e.bring for e in brings)
    got = await replies(tmp_path, [f"{desk.keys[e.code][0]}比赛得带啥东西去" for e in brings] + ["拔河要带什么东西"])
    for e, reply in zip(brings, got):
        b = body(reply)
        assert f"「{e.name}」" in b and "作品参赛" in b and NOT_PUBLISHED in b and honest(reply), reply
    assert "作品" not in got[-1] and f"要带什么{NOT_PUBLISHED}" in got[-1], got[-1]   # nothing said of it: as before


# -- a round's day -----------------------------------------------------------------------------------
def test_a_rounds_time_is_the_day_it_is_held_with_or_without_its_place():
    desk = desk_for(CAT)
    for text in ("预赛的时间", "复赛时间定了没有", "村里预赛的时间定了没", "乡里的初赛时间是哪天"):
        q = desk.detect(text)
        assert q is not None and "when" in q.aspects and q.contest_day, (text, q)


async def test_a_rounds_day_asked_is_said_to_be_unpublished_not_answered_with_the_levels(tmp_path):
    got = await replies(tmp_path, ["市级决赛时间", "村里预赛的时间定了没有", "v:乡里的初赛时间是哪天嘛"])
    for reply in got:
        assert classify(reply) == "direct" and honest(reply) and "具体时间" in reply, reply


# -- a place typed is no cue heard by sound ----------------------------------------------------------
def test_a_place_typed_is_never_a_cue_heard_by_sound():
    desk = desk_for(CAT)
    for text in ("村超以前有乡镇搞过吗", "足球赛有乡里办过没"):
        q = desk.detect(text)
        assert q is not None and "capacity" not in q.aspects and "held" in q.aspects, (text, q)


async def test_whether_a_township_held_the_village_football_before_names_the_one_that_did(tmp_path):
    got = await replies(tmp_path, ["村超足球以前有乡镇搞过没有"])
    assert classify(got[0]) == "direct" and "马利镇" in body(got[0]) and "名额" not in got[0], got[0]


# -- a price typed a sound off -----------------------------------------------------------------------
def test_a_price_typed_a_sound_off_is_still_asked_and_everyday_words_are_not():
    from knowledge.scope import gaps
    said = "成绩好的手工艺品在博览会上展出，比如酥油浮雕。"
    assert any(g.kind == "money" for g in gaps("酥油浮雕价各多少", said, home="洛隆县"))
    assert not any(g.kind == "money" for g in gaps("能不能加个人", "每队5到12人。", home="洛隆县"))


async def test_a_price_typed_a_sound_off_is_not_answered_with_an_entry_that_has_none(tmp_path):
    got = await replies(tmp_path, ["酥油浮雕 价各"])
    assert classify(got[0]) != "direct" or honest(got[0]), got[0]


# -- the townships' own contests, not the villages' preliminaries ------------------------------------
async def test_which_townships_have_held_contests_names_the_townships_own(tmp_path):
    got = await replies(tmp_path, ["有哪几个乡镇已经办过比赛啦", "乡镇上自己办过什么比赛没有"])
    for reply in got:
        b = body(reply)
        assert classify(reply) == "direct" and "马利镇" in b and "俄西乡" in b, reply


# -- who the asker is, beside a category -------------------------------------------------------------
def test_what_the_asker_does_beside_a_category_is_who_asks_not_the_event_asked():
    desk = desk_for(CAT)
    q = desk.detect("我是挤奶的，农牧民技能类有哪些我能报")
    assert q is not None and q.category == "skills" and not q.events, q
    q = desk.detect("我是挤奶的，挤奶比赛几岁能报")       # the event itself named apart: still that event
    assert q is not None and q.events == ("milking",), q


async def test_a_herder_asking_which_skills_contests_suit_gets_the_categorys_list(tmp_path):
    skills = CAT.category("skills")
    got = await replies(tmp_path, ["v:我是放羊的嘛 农牧民技能类有啥比赛适合我", "我家是挤奶的 技能类哪些比赛能报"])
    for reply in got:
        assert classify(reply) == "direct" and all(e.name in reply for e in skills.events), reply


# -- students asking whether the campaign is theirs too ---------------------------------------------
async def test_a_student_asking_whether_the_campaign_is_open_to_them_is_told_of_students(tmp_path):
    got = await replies(tmp_path, ["我在学校读书，红色昌都这个活动学生娃能参加不", "上学的娃娃可以参加红色昌都活动吗"])
    for reply in got:
        kind = classify(reply)
        assert (kind == "direct" and "学生" in body(reply)
                or kind == "suggestion" and "1. 活动由谁来参与" in reply), reply


# -- a voice run-on of two questions -----------------------------------------------------------------
def test_a_particle_between_two_spoken_questions_ends_the_first():
    from knowledge.scope import clauses
    assert clauses("赛马几岁能报呢截止是哪天") == ["赛马几岁能报呢", "截止是哪天"]
    assert clauses("积分换的东西能拿来干嘛") == ["积分换的东西能拿来干嘛"]     # 干嘛: what for, no end


async def test_two_spoken_questions_run_together_are_both_answered(tmp_path):
    got = await replies(tmp_path, ["v:活动为了谁办的呢哪些人能参加"])
    b = body(got[0])
    assert classify(got[0]) == "direct" and "各族群众" in b and "青少年学生" in b, got[0]


def test_the_event_one_means_to_enter_beside_a_category_stays_the_event_asked():
    desk = desk_for(CAT)
    for text, code, aspect in (("我是要去参加射箭的，体育类比赛得带啥", "archery", "bring"),
                               ("我是想报赛马的 体育类多大年纪能报", "horse_racing", "eligibility")):
        q = desk.detect(text)
        assert q is not None and q.events == (code,) and aspect in q.aspects, (text, q)
    q = desk.detect("我是打铁的，技能类有啥比赛适合我")       # who one is (a trade) still is who asks
    assert q is not None and not q.events and q.category == "skills", q


async def test_an_event_one_means_to_enter_beside_a_category_is_answered_for_that_event(tmp_path):
    got = await replies(tmp_path, ["我是要参加射箭的，体育类比赛要准备啥东西", "v:我是想报赛马的嘛体育类比赛多少岁可以报"])
    assert "「射箭比赛」" in got[0] and "还没公布" in got[0] and "体育类有" not in got[0], got[0]
    assert "「赛马」" in got[1] and "16岁" in got[1] and "没有资料" not in got[1], got[1]
