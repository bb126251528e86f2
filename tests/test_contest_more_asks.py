"""Contest questions the t7 tuning part found answered in part, written afresh in herders' ways:
two things asked of one event in one message (each answered; a thing the description does not
speak of said to be not published, for that part only), the events open at an age (of a class
named, less one set aside), how many events a class has when it is named by one of its events'
names (那一类), which events stop at the county, and where to practise the quiz typed in pinyin.
Each goes through the real webhook as a new user (see tests/test_contest_asks.py)."""
from __future__ import annotations

from knowledge.contest import NOT_PUBLISHED
from tests.blind import honest
from tests.test_contest_asks import CAT, body, check, replies


def open_at(age: int, category: str | None = None) -> list:
    return [e for e in CAT.events if (e.min_age or 0) <= age <= (e.max_age if e.max_age is not None else 200)
            and (category is None or e.category == category)]


# -- 1. two things asked of one event ---------------------------------------------------------------
async def test_two_things_asked_of_one_event_are_both_answered(tmp_path):
    cooking, carving, thangka = CAT.event("cooking"), CAT.event("woodcarving"), CAT.event("thangka")
    await check(tmp_path, [
        ("厨艺比赛能不能做家乡菜啊要多少岁", ["家乡菜", f"{cooking.min_age}岁"], {"cooking"}),
        ("v:木雕能现场雕吗截止是哪天", ["现场", f"{carving.deadline.month}月{carving.deadline.day}日"], {"woodcarving"}),
        ("唐卡比赛可以拿画好的唐卡去吗，几号截止", ["作品", f"{thangka.deadline.month}月{thangka.deadline.day}日"],
         {"thangka"}),
    ])
    got = await replies(tmp_path, ["厨艺比赛能不能做家乡菜啊要多少岁"])
    assert not honest(got[0]), got[0]                 # the description answers both: nothing missing


async def test_a_thing_the_description_does_not_speak_of_is_said_unpublished_for_that_part_only(tmp_path):
    team = CAT.event("guozhuang")
    await check(tmp_path, [
        ("锅庄舞比赛跳新编的还是传统的，一队要几个人", [NOT_PUBLISHED, f"{team.team_min}–{team.team_max}人", "跳锅庄舞"],
         {"guozhuang"}),
        ("写字比赛用毛笔还是钢笔？几岁能报", [NOT_PUBLISHED, "规范汉字", f"{CAT.event('writing').min_age}岁"],
         {"writing"}),
    ])


# -- 2. the events open at an age --------------------------------------------------------------------
async def test_the_events_open_at_an_age_less_one_set_aside(tmp_path):
    fits = [e for e in open_at(14) if e.code != "writing"]
    got = await replies(tmp_path, ["我14岁除了写字还可以报哪些"])
    b = body(got[0])
    assert f"{len(fits)}项" in b and all(e.short_name in b for e in fits), b
    assert "书写、" not in b and "：书写" not in b, b          # set aside, not listed
    assert len(b) <= 300, len(b)


async def test_an_age_no_event_of_a_class_is_open_at_says_the_age_it_takes_and_what_is_open(tmp_path):
    sports = [e for e in CAT.events if e.category == "sports"]
    lowest = min(e.min_age for e in sports)
    assert not open_at(12, "sports")
    got = await replies(tmp_path, ["12岁的娃娃能报哪些体育项目", "v:我家娃13岁体育比赛能报哪几个嘛"])
    for reply in got:
        b = body(reply)
        assert f"{lowest}岁" in b and "还不能报" in b, b
        assert all(e.short_name in b for e in open_at(12)), b     # what is open at that age, elsewhere


# -- 3. how many events a class named by an event's name has ----------------------------------------
async def test_a_class_named_by_an_events_name_is_counted(tmp_path):
    crafts = CAT.category("crafts")
    language = CAT.category("language")
    await check(tmp_path, [
        ("手工艺那一类一共几个比赛", [f"{len(crafts.events)}项"], None, r"回复数字"),
        ("v:宣讲那一类比赛有几个嘛", [f"{len(CAT.category('theory').events)}项"], None, r"回复数字"),
        ("语言文字这类比赛有几项", [f"{len(language.events)}项"], None, r"回复数字"),
    ])


# -- 4. which events stop at the county -------------------------------------------------------------
async def test_the_events_that_stop_at_the_county(tmp_path):
    top = CAT.campaign.levels[-1]
    county_only = [e for e in CAT.events if not any(top.startswith(lv) for lv in e.levels)]
    got = await replies(tmp_path, ["全县哪几个比赛只设到县级不去市里", "哪些项目只办到县级"])
    for reply in got:
        b = body(reply)
        assert all(e.name in b for e in county_only), b
        assert f"{len(county_only)}项" in b, b


# -- 5. where to practise the quiz, typed in pinyin -------------------------------------------------
async def test_practising_the_quiz_typed_in_pinyin_points_to_the_quiz(tmp_path):
    got = await replies(tmp_path, ["zhishi jingsai zenme lianxi", "zhishi jingsai qu na lian xi"])
    for reply in got:
        assert "「答题」" in reply and "地点" not in reply, reply


# -- 6. bringing one's own piece, who tells the story, how many rounds -----------------------------
async def test_bringing_ones_own_piece_is_answered_from_the_description(tmp_path):
    await check(tmp_path, [
        ("v:唐卡能不能把家里画好的拿去比嘛", ["作品"], {"thangka"}),
        ("赛马用不用自己带马", ["自家的马"], {"horse_racing"}),
    ])
    got = await replies(tmp_path, ["v:唐卡能不能把家里画好的拿去比嘛", "赛马用不用自己带马"])
    assert not any(NOT_PUBLISHED in r for r in got), got      # the description says it: nothing unpublished


async def test_who_takes_part_is_said_with_whom_the_description_names(tmp_path):
    await check(tmp_path, [("驻村故事那个比赛谁能上去讲", ["驻村干部", "村民", "18岁"], {"village_story"})])


async def test_how_many_rounds_gives_the_levels_beside_what_is_unpublished(tmp_path):
    await check(tmp_path, [("朗读比赛一共要比几轮", ["村级预赛", "市级决赛", NOT_PUBLISHED], {"reading"})])


async def test_the_fewest_or_most_people_of_a_team_is_said_as_a_number(tmp_path):
    tug, show = CAT.event("tug_of_war"), CAT.event("village_show")
    await check(tmp_path, [
        ("拔河比赛至少要几个人组队", [f"最少{tug.team_min}人"], {"tug_of_war"}),
        ("v:村演一个队最多可以上好多人嘛", [f"最多{show.team_max}人"], {"village_show"}),
    ])


async def test_an_event_described_as_that_contest_is_answered(tmp_path):
    await check(tmp_path, [
        ("v:拍风景的那个比塞咋个比嘛", ["手机", "照片"], {"photo"}),
        ("织毯子的那个比赛几号截止", [f"{CAT.event('weaving').deadline.month}月"], {"weaving"}),
    ])


# -- 7. keyword typing: a name without the work done to it, a deadline said as 截至日期 ----------------
async def test_keyword_questions_name_the_event_and_what_is_asked(tmp_path):
    dairy = CAT.event("dairy")
    await check(tmp_path, [("乳制品 jisui", [f"{dairy.min_age}岁"], {"dairy"})])
    got = await replies(tmp_path, ["演讲 截止日期"])
    # the two 演讲 contests close the same day: said once for both, not asked back which
    speeches = [CAT.event(c) for c in ("village_story", "speech")]
    assert "3月31日" in got[0] and all(e.name in got[0] for e in speeches) and "哪一项" not in got[0], got[0]


async def test_which_few_lines_to_write_is_no_question_of_levels(tmp_path):
    got = await replies(tmp_path, ["写字比赛写哪几句话"])
    b = body(got[0])
    assert NOT_PUBLISHED in b and "规范汉字" in b and "市级决赛" not in b, b
