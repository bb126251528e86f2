"""Contest questions herders ask that got an answer beside the point: putting right a detail of a
submitted sign-up (answered with what the bot supports -- 「修改 …」 before 「确认」, else cancel and
sign up again), where one goes after the village round (the next level, not a venue nor a later
year), how many events one may enter said with a count (no bogus “两个了还” missing), and an event
the catalogue does not have said alone (赛牦牛, 下象棋比赛: said to be absent, with where to look).
Each goes through the real webhook as a new user."""
from __future__ import annotations

import pytest

from bot.forms.signup.slots import SIGNUP
from knowledge.contest import FIX_EDIT_WORDS, _FIX_FIELDS
from knowledge.scope import gaps
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, check, named, replies


# -- 1. a detail of a sign-up entered wrongly -------------------------------------------------------
FIXES = [
    ("我把年龄报错了", "「修改 年龄」"),
    ("名字报错了怎么办", "「修改 名字」"),
    ("报名信息填错了能改吗", "「修改」"),
    ("v:我报名的时候电话号码写错了嘛咋个改", "「修改 电话」"),
    ("身份證號填錯了", "「修改 身份证号」"),
    ("我想把名字改成扎西可以吗", "「修改 名字」"),
]


async def test_a_wrong_detail_is_put_right_by_cancelling_and_signing_up_again(tmp_path):
    await check(tmp_path, [(text, [edit, "「我的报名」", "「取消报名", "「确认」"], set(), r"「报名」")
                           for text, edit in FIXES])


async def test_a_wrong_detail_of_a_named_event_signs_up_for_that_event_again(tmp_path):
    await check(tmp_path, [("我报赛马的时候年龄填错了", ["「修改 年龄」", "「取消报名", "「赛马」"], {"horse_racing"},
                            r"「报名 赛马」")])


def test_every_detail_named_is_one_the_sign_up_can_edit():
    # the reply's 「修改 X」 must be a word the flow's 「修改 …」 takes
    import re
    fields = re.findall(r"[\u4e00-\u9fff]+", _FIX_FIELDS)
    for f in fields:
        word = FIX_EDIT_WORDS.get(f, f)
        assert word in SIGNUP.edit_words or word in ("信息", "报名信息", "个人信息"), word


async def test_a_wrong_event_is_still_a_switch_and_other_changes_are_no_fix(tmp_path):
    got = await replies(tmp_path, ["报错项目了怎么办", "信息化改革是什么", "射箭可以换弓吗"])
    assert "选新的项目" in got[0], got[0]
    for reply in got[1:]:
        assert "「修改" not in reply, reply


# -- 2. after the village round: the next level -----------------------------------------------------
async def test_where_one_goes_after_the_village_round_is_the_next_level(tmp_path):
    texts = ["村里比完了以后还要去哪里比", "村里赢了去哪比", "v:村里比完了还要到哪里去比嘛"]
    for text, reply in zip(texts, await replies(tmp_path, texts)):
        assert classify(reply) == "direct" and not honest(reply), f"{text}\n{reply}"
        assert "县级" in reply and "市级" in reply, f"{text}\n{reply}"


def test_a_later_year_is_still_the_future():
    assert any(g.kind == "future" for g in gaps("以后还办不办", "比赛分4级。"))
    assert any(g.kind == "address" for g in gaps("县级比赛在哪里比", "比赛从低到高分4级：村级预赛→县级比赛→市级决赛。"))


# -- 3. a count of events already entered -------------------------------------------------------------
async def test_a_count_entered_is_answered_with_the_limit_and_nothing_said_missing(tmp_path):
    most = CAT.campaign.max_events_per_person
    texts = ["我报了两个了还能报赛马吗", "我已经报了三个了还能报吗", "v:报了两个了还可以报射箭不嘛"]
    for text, reply in zip(texts, await replies(tmp_path, texts)):
        assert classify(reply) == "direct" and "没有资料" not in reply, f"{text}\n{reply}"
        assert f"最多报{most}个" in reply, f"{text}\n{reply}"


@pytest.mark.parametrize("question", ["我报了两个了还能报赛马吗", "报了两个都没报上", "两个就够了吗",
                                      "比两个小时吗", "我报了两个还能报几个", "两个人能一起报吗"])
def test_words_around_a_count_are_no_thing_asked_of(question):
    found = gaps(question, "每人最多报3个项目，已经报了2个的，还能再报1个。")
    assert not found, found


def test_a_numbered_set_is_still_asked_of():
    assert [g.kind for g in gaps("五个认同是什么", "活动共7大类33项比赛。")] == ["set"]


# -- 4. an event the catalogue does not have, said alone --------------------------------------------
async def test_an_absent_event_said_alone_is_said_to_be_absent(tmp_path):
    texts = ["赛牦牛", "下象棋比赛", "下象棋 有没有比赛", "跳绳比赛"]
    got = await replies(tmp_path, texts)
    for text, reply in zip(texts, got):
        assert "目录里没有这一项" in reply and "抱歉" not in reply, f"{text}\n{reply}"
        assert "有哪些项目" in reply or "回复数字" in reply, f"{text}\n{reply}"      # where to look next
    assert {"yak_raising", "milking"} <= {e.code for e in CAT.events if e.name in got[0]}, got[0]


async def test_words_that_are_no_event_are_not_said_absent(tmp_path):
    got = await replies(tmp_path, ["晚上有没有比赛", "报完名怎么查有没有报上", "压价比赛", "赛马"])
    for reply in got:
        assert "目录里没有这一项" not in reply, reply
    assert named(got[3]) == {"horse_racing"}, got[3]          # (压价: voice input's 押加, never said absent)


# -- 5. the classes the spent blind parts still missed ------------------------------------------------
async def test_what_the_catalogue_says_is_told_before_what_is_not_published(tmp_path):
    await check(tmp_path, [
        # what one brings, as the description says it (骑自家的马; 现场或带作品参赛)
        ("v:跑马是不是要骑自己的马去嘛", ["自家的马"], {"horse_racing"}),
        ("木雕能不能拿家里雕好的东西去参赛", ["带作品"], None),
        # how many rounds: not published, and the levels that are
        ("唐卡比赛一共要比几轮", ["县里还没公布", "村级", "市级"], {"thangka"}),
        # the least or most people of a team, said as such
        ("拔河至少要凑几个人", ["最少10人"], {"tug_of_war"}),
        ("押加是个人的还是要组队", ["个人赛"], {"yajia"}),
        ("锅庄舞一个队顶多能有多少人", ["最多30人"], {"guozhuang"}),
    ])


async def test_events_said_by_what_is_done_in_them(tmp_path):
    await check(tmp_path, [
        ("拍家乡风景的比赛怎么报", ["手机摄影"], {"photo"}),
        ("打扫院子的评比谁能报", ["户主"], {"courtyard"}),
    ])


async def test_ways_to_sign_up_are_the_how_to_not_the_list_of_events(tmp_path):
    got = await replies(tmp_path, ["报名方式有哪些", "报名的方法有几种"])
    for reply in got:
        assert "公众号" in reply and "7大类" not in reply, reply


async def test_an_event_named_is_not_told_twice(tmp_path):
    got = await replies(tmp_path, ["我是驻村干部，能参加驻村故事演讲比赛吗？"])
    assert got[0].count("驻村干部和村民") == 1, got[0]


async def test_all_the_events_named_asks_the_limit_too(tmp_path):
    most = CAT.campaign.max_events_per_person
    await check(tmp_path, [
        ("射箭、拔河和锅庄舞这三个我都能报吗", [f"最多报{most}个", "14岁"], {"archery", "tug_of_war", "guozhuang"}),
        ("v:赛马跟射箭可以一起报不嘛", [f"最多报{most}个", "16岁"], {"horse_racing", "archery"}),
    ])


async def test_an_age_no_event_takes_is_told_from_when_it_may(tmp_path):
    got = await replies(tmp_path, ["v:我家娃十二岁能报哪些体育的比赛嘛"])
    assert "14岁" in got[0] and "体育类" in got[0], got[0]


async def test_a_category_said_as_that_one_kind_is_the_category(tmp_path):
    got = await replies(tmp_path, ["v:理论宣讲那一类都有哪几个比赛嘛", "手工艺这一类有几项"])
    assert "理论宣讲类有4项" in got[0], got[0]
    assert "手工艺类有6项" in got[1], got[1]
