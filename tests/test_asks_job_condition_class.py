"""Asks earlier sessions left alone, each as a class in wordings written afresh: a job one has (no
herder, no student: those events closed, the rest open); a person's condition the catalogue says
nothing of (said so before the card); a class asked what its card does not show (where, what to
bring, cost); what to bring not published said first; the sign-up form's fields in an event's
how-to; a place's population (not in the sources); the particles and figures each under one name."""
from __future__ import annotations

import pytest

from knowledge import normalize
from knowledge.contest import MOOD_PARTICLES, NOT_PUBLISHED, desk_for
from knowledge.scope import BESIDE_KINDS, FIGURES, gaps
from tests.blind import classify
from tests.test_contest_asks import CAT, body, replies

DESK = desk_for(CAT)
TODAY = min(e.deadline for e in CAT.events)
HERDERS_ONLY = [e for e in CAT.events if e.who == "farmers_herders"]
STUDENTS_ONLY = [e for e in CAT.events if e.who == "students"]


def answer(text: str) -> str:
    q = DESK.detect(text)
    assert q is not None, text
    return DESK.reply(q, today=TODAY).text


# -- 1. a job is no herder's (nor a student's) ------------------------------------------------------
@pytest.mark.parametrize("text", ["我平时在县城上班，哪些比赛我能报", "我是老师可以参加什么比赛", "在单位工作的能报啥项目",
                                  "我在乡政府上班嘛能参加哪些比赛呢", "上班族能报哪些比赛", "我是公务员哪些比赛报不了",
                                  "我在县医院上班，哪些项目能报", "我又不是农牧民，在单位上班，哪几个比赛我不能报"])
def test_one_with_a_job_gets_the_herders_and_students_events_closed_and_the_rest_open(text):
    q = DESK.detect(text)
    assert q is not None and set(q.outside) == {"farmers_herders", "students"}, (text, q)
    said = answer(text)
    assert all(e.name in said for e in HERDERS_ONLY + STUDENTS_ONLY), said
    assert f"其余{len(CAT.events) - len(HERDERS_ONLY) - len(STUDENTS_ONLY)}项" in said, said


@pytest.mark.parametrize("text", ["我在县城打工能报哪些比赛", "我老婆在县城上班，她能报哪些比赛", "我在村里放牧能报哪些比赛",
                                  "有哪些比赛"])
def test_seasonal_work_a_kins_job_or_herding_closes_nothing(text):
    q = DESK.detect(text)
    assert q is None or not q.outside, (text, q)


def test_not_being_a_herder_alone_still_closes_only_the_herders_events():
    assert DESK.detect("我不是牧民能报哪些比赛").outside == ("farmers_herders",)
    assert DESK.detect("我不是学生哪些比赛报不了").outside == ("students",)


# -- 2. a person's condition the catalogue says nothing of -------------------------------------------
CARD = "「射箭比赛」\n谁能报：不限身份，14岁及以上。"


@pytest.mark.parametrize("text, word", [("隔壁家姑娘有残疾，射箭让不让报", "残疾"), ("我怀孕了还能参加射箭吗", "怀孕"),
                                        ("腿不好能参加射箭吗", "腿不好"), ("我有高血压射箭可以报不", "高血压"),
                                        ("我是聋哑人能报射箭吗", "聋哑"), ("阿爸腿脚不方便嘛射箭能去不", "腿脚不方便"),
                                        ("生病了射箭还能比吗", "生病"), ("坐轮椅的能报射箭吗", "轮椅")])
def test_a_condition_the_answer_lacks_is_said_not_published(text, word):
    found = [g for g in gaps(text, CARD) if g.kind == "condition"]
    assert [g.missing for g in found] == [f"“{word}”的情况"] and found[0].said == "县里没有专门说明", found
    assert not any(g.kind == "term" and word in g.missing for g in gaps(text, CARD))      # named once


@pytest.mark.parametrize("text", ["射箭能报吗", "我爸七十了能报射箭吗", "手疼不疼", "瞎说的吧"])
def test_no_condition_named_adds_nothing(text):
    assert not any(g.kind == "condition" for g in gaps(text, CARD))


def test_a_condition_the_answer_speaks_of_is_no_gap():
    assert not any(g.kind == "condition" for g in gaps("残疾人有什么补贴", "残疾人每月有护理补贴。"))


# -- 3. a class asked what its card does not show ----------------------------------------------------
@pytest.mark.parametrize("text", ["体育类是不是都在县体育馆比", "体育类比赛在哪里比", "手工艺类比赛在哪比",
                                  "文艺类的比赛在哪个地方比"])
def test_a_class_asked_where_says_not_published_and_the_levels(text):
    said = answer(text)
    assert f"具体地点{NOT_PUBLISHED}" in said and "村级预赛→" in said and "回复数字" not in said, said


@pytest.mark.parametrize("text, word", [("手工艺类有奖品吗", "奖品"), ("农牧民技能类比赛要交钱吗", "参赛费用"),
                                        ("体育类比赛要带什么", "要带什么")])
def test_a_class_asked_a_detail_gets_it_for_its_events(text, word):
    said = answer(text)
    assert f"{word}{NOT_PUBLISHED}" in said and "回复数字" not in said, said


@pytest.mark.parametrize("text", ["体育类比赛几号截止", "体育类有哪些", "体育类"])
def test_a_class_asked_what_its_card_shows_still_gets_the_card(text):
    assert "回复数字看这一项" in answer(text)


# -- 4. what to bring: not published first -----------------------------------------------------------
@pytest.mark.parametrize("text", ["赛马要不要带身份证去", "赛马要带什么", "唐卡要带啥东西", "骑马比赛得带户口本不"])
def test_what_to_bring_says_first_that_it_is_not_published(text):
    said = answer(text)
    line = said.split("\n")[1]
    assert line.startswith(f"要带什么{NOT_PUBLISHED}"), said
    assert "谁能报" not in said, said          # 身份证 holds 身份: no who may enter asked


def test_id_card_asked_of_the_sign_up_tells_the_forms_fields():
    said = answer("报名要身份证吗")
    assert CAT.campaign.signup_fields in said and "不限身份" not in said, said


# -- 5. an event's how-to names what the form asks ---------------------------------------------------
@pytest.mark.parametrize("text", ["驻村故事演讲报名要填什么东西", "赛马怎么报名", "篮球报名要填啥", "唐卡咋个报名嘛",
                                  "射箭报名填哪些东西", "锅庄报名要填些啥", "拔河怎么报", "讲故事比赛报名要填些什么"])
def test_an_events_how_to_names_the_forms_fields(text):
    assert CAT.campaign.signup_fields in answer(text)


# -- 8. a place's population ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["比如县人口有多少", "洛隆县人口多少", "县里人口有好多"])
def test_population_asked_outright_is_said_missing_alone(text):
    found = gaps(text, "索县累计参赛群众5万余人次。")
    assert any(g.kind in BESIDE_KINDS and g.missing == "人口数字" for g in found), found


@pytest.mark.parametrize("text", ["比如县 多少人", "那曲市有多少人", "全县一共多少人"])
def test_a_bare_headcount_of_a_place_says_the_population_is_not_here_first(text):
    assert any(g.kind == "headcount" for g in gaps(text, "参与的党员干部群众共70146人次。"))


@pytest.mark.parametrize("text", ["索县宣讲有多少人参加", "村BA每队多少人", "比赛一共多少人报名", "全县有多少人口",
                                  "奋进队员有多少人"])
def test_a_headcount_of_something_or_a_source_with_the_population_is_no_gap(text):
    answer_ = "全县人口5万。" if "人口" in text else "共70146人次。"
    assert not any(g.kind in ("population", "headcount") for g in gaps(text, answer_))


# -- 9. one name per idea ----------------------------------------------------------------------------
def test_the_mood_particles_are_the_particles_of_the_text_toolkit():
    assert MOOD_PARTICLES is normalize.MOOD_PARTICLES and MOOD_PARTICLES < normalize.PARTICLES
    assert not MOOD_PARTICLES & set("的了吗么")       # 吗/么 end a question; 的/了 are no mood


def test_figures_are_read_alike_for_counting_and_comparing():
    assert FIGURES.findall("共1450场次、70146人次、3.5万元") == ["1450", "70146", "3.5"]


# -- through the webhook: the asks as a new user sends them -------------------------------------------
async def test_through_the_webhook(tmp_path):
    got = await replies(tmp_path, ["我在镇上单位上班哪些比赛报得了", "我闺女怀孕了还能报射箭吗", "体育类比赛都在哪里举行",
                                   "v:我们家是哪个干部包的嘛", "驻村工作队成天在村里忙啥", "洛隆县人口多少"])
    job, condition, venue, household, team, population = map(body, got)
    assert all(e.name in job for e in HERDERS_ONLY) and classify(got[0]) == "direct", job
    assert condition.startswith("“怀孕”的情况县里没有专门说明"), condition
    assert f"具体地点{NOT_PUBLISHED}" in venue, venue
    assert "驻村工作队" in household and "包户" in household, household
    assert "宣讲" in team and "抱歉" not in team, team
    assert "人口数字我这里没有资料" in population and "人次" not in population, population
