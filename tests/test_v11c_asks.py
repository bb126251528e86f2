"""Kinds of question the spent v11 part answered with the wrong thing or not at all, written afresh in
herders', students' and cadres' ways (voice slips, typing, 繁體, pinyin): what follows the start of a
set phrase (大讨论后面是啥), whether a thing is one's own or handed out, the language an event is done
in, signing up by phone asked yes or no, a knack and the events it fits, where to practise the quiz,
an event signed up as another by mistake, a cadre signing the asker up, set phrases asked by a plain
count (四句话是啥), and an everyday public service (医保, 低保) asked how to pay or apply for. Each goes
through the real webhook as a new user (tests/test_contest_asks.py); beside each, wordings that must
not change."""
from __future__ import annotations

from tests.blind import classify, honest
from tests.test_contest_asks import CAT, body, replies

HERDERS_SLOGAN = ("强意识", "尽责任", "作贡献")
CADRES_SLOGAN = ("大练兵", "大提升", "争荣誉")


def _direct(reply: str) -> str:
    assert classify(reply) == "direct", reply
    return body(reply)


# -- 1. what follows the start of a set phrase ------------------------------------------------------------
async def test_what_follows_the_start_of_a_slogan_is_the_slogan_it_begins(tmp_path):
    herders = ["v:老百姓那个口号大讨论后边还有啥", "群众的大讨论下一句是啥", "v:牧民们要做到的大讨论后头是什么嘛",
               "強意識下一句是什麼", "尽责任后面是啥来着", "农牧民大讨论后半句是什么"]
    cadres = ["党员干部的大讨论大练兵后面是啥", "v:干部那个争责任后边还有啥子", "大练兵下一句是什么"]
    got = await replies(tmp_path, herders + cadres + ["横到边纵到底后面是啥"])
    for text, reply in zip(herders, got):
        b = _direct(reply)
        assert all(w in b for w in HERDERS_SLOGAN) and "大练兵" not in b, (text, b)
    for text, reply in zip(cadres, got[len(herders):]):
        b = _direct(reply)
        assert all(w in b for w in CADRES_SLOGAN), (text, b)
    assert all(w in _direct(got[-1]) for w in ("全覆盖", "无死角"))


async def test_other_asks_of_what_comes_after_are_left_as_they_were(tmp_path):
    # unchanged: the levels after a round, the slogans asked outright, both holders asked at once
    got = await replies(tmp_path, ["预赛后面是什么比赛", "那曲奋进的口号是什么", "干部和群众的口号分别是啥",
                                   "v:那曲奋进是干嘛用的"])
    assert "县级" in _direct(got[0]) and "大讨论" not in body(got[0])
    both = _direct(got[1])
    assert all(w in both for w in HERDERS_SLOGAN + CADRES_SLOGAN), both
    assert all(w in _direct(got[2]) for w in ("强意识", "大练兵"))
    assert "治本" in _direct(got[3])


# -- 2. one's own animal or thing, or one handed out ------------------------------------------------------
async def test_own_or_handed_out_is_said_not_published_before_the_card(tmp_path):
    asks = ["挤奶比赛的牛用自己家的还是乡里统一提供？", "v:挤奶那个比赛是牵自家的牦牛去还是县里给配", "押加的绳子是自己带还是县里发",
            "锅庄舞的衣服县里统一提供？", "v:射箭用的弓是自个的还是上面发嘛"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert honest(reply) or "还没公布" in reply, (text, reply)


async def test_a_card_that_says_ones_own_answers_it_and_other_asks_stay(tmp_path):
    got = await replies(tmp_path, ["赛马用自己的马还是县里提供", "賽馬是騎自家的馬還是縣裡提供？", "挤奶比赛比什么",
                                   "赛马要自己带马吗", "v:挤奶比赛几岁能报"])
    for reply in got[:2]:
        b = _direct(reply)
        assert "自家的马" in b and not honest(reply), b
    assert "挤奶" in _direct(got[2]) and not honest(got[2])
    assert "县里还没公布" in _direct(got[3]) and "自家的马" in body(got[3])
    assert "谁能报" in _direct(got[4])


# -- 3. the language an event is done in ------------------------------------------------------------------
async def test_the_language_asked_plainly_is_told_from_the_description(tmp_path):
    asks = ["v:朗读比赛用啥话读嘛", "朗讀比賽用什麼話讀", "讲故事比赛用什么话讲", "朗读用普通话吗",
            "我15岁 想报朗读 要用什么话", "langdu比赛用什么话读"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "普通话" in _direct(reply), (text, reply)
    assert "15岁可以报" in body(got[4])


async def test_other_asks_of_the_reading_contest_stay(tmp_path):
    got = await replies(tmp_path, ["14岁能参加朗读比赛吗", "朗读比赛什么时候截止"])
    assert "14岁可以报" in _direct(got[0]) and "普通话" not in body(got[0])
    assert "截止" in _direct(got[1])


# -- 4. signing up by phone, asked yes or no --------------------------------------------------------------
async def test_signing_up_by_phone_asked_yes_or_no_hears_yes_first(tmp_path):
    asks = ["v:手机上能报名不", "我能在公众号上报名吗", "網上可以報名嗎", "我能自己报名吗", "微信上可以报名吗",
            "v:用手机也能报名吧"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = _direct(reply)
        assert b.startswith("可以") and "公众号" in b and "「报名」" in b, (text, b)


async def test_how_to_sign_up_by_phone_and_the_photo_contest_stay(tmp_path):
    got = await replies(tmp_path, ["在手机上怎么报名", "手机报名要填什么", "手机摄影怎么报名"])
    for reply in got[:2]:
        b = _direct(reply)
        assert b.startswith("两种报名方法") and "姓名" in b, b
    assert "手机摄影" in _direct(got[2])


async def test_a_group_signing_up_by_phone_is_told_the_way_not_the_events_open_to_it(tmp_path):
    got = await replies(tmp_path, ["学生用手机可以报名吗", "v:学生娃自己拿手机能报名不", "我是学生能不能自己在手机上报名",
                                   "学生可以报名吗"])
    for reply in got[:3]:
        b = _direct(reply)
        assert b.startswith("可以") and "公众号" in b and "28项" not in b, b
    assert _direct(got[3]).startswith("可以。学生能报的有")       # unchanged: whether the group may enter


# -- 5. a knack and the events it fits ---------------------------------------------------------------------
async def test_a_knack_praised_names_the_events_done_with_it(tmp_path):
    asks = ["我普通话讲得好能报啥比赛", "v:我普通话说得很标准可以参加哪些比赛", "我普通話很標準可以報哪些比賽",
            "普通话好的人适合什么比赛"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = _direct(reply)
        assert all(CAT.event(c).name in b for c in ("speech", "reading")) and "7大类" not in b, (text, b)
    got = await replies(tmp_path, ["我字写得好能参加什么比赛", "v:我力气大报什么比赛合适"])
    assert CAT.event("writing").name in _direct(got[0])
    b = _direct(got[1])
    assert all(CAT.event(c).name in b for c in ("tug_of_war", "yajia")), b


async def test_trades_and_skills_told_beside_another_ask_stay(tmp_path):
    got = await replies(tmp_path, ["我会木工报啥", "我儿子射箭特别准，几岁能报", "我跑得快能参加哪些比赛"])
    b = _direct(got[0])
    assert all(CAT.event(c).name in b for c in ("woodcarving", "furniture")), b
    assert "14岁" in _direct(got[1])
    assert "7大类" in _direct(got[2])      # no event is run for speed alone: the whole list


# -- 6. where the quiz is practised ------------------------------------------------------------------------
async def test_where_to_practise_the_quiz_says_this_account(tmp_path):
    asks = ["v:我想刷题在哪里刷嘛", "做题练习去哪儿", "練習題在哪裡", "哪里能做练习题"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = body(reply)
        assert "公众号" in b and "「答题」" in b, (text, b)
    b = _direct((await replies(tmp_path, ["错题本怎么用"]))[0])
    assert "错题本" in b


# -- 7. an event signed up as another by mistake -----------------------------------------------------------
async def test_an_event_signed_up_as_another_is_cancel_and_sign_up_again(tmp_path):
    asks = ["我把射箭报成了赛马怎么办", "v:唐卡报成别的了咋个弄", "把講故事報成別的項目了怎麼辦", "朗读报错成书写了咋改"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = _direct(reply)
        assert "取消报名" in b and "重新报" in b, (text, b)
    assert "取消「赛马」" in body(got[0]) and "「报名 射箭」" in body(got[0])


async def test_a_sign_up_that_went_through_is_no_switch(tmp_path):
    got = await replies(tmp_path, ["報成功了嗎", "我想把赛马改成射箭"])
    assert "我的报名" in _direct(got[0]) and "重新报" not in body(got[0])
    assert "取消「赛马」" in _direct(got[1])


# -- 8. a cadre signing the asker up -----------------------------------------------------------------------
async def test_a_cadre_signing_the_asker_up_hears_yes_and_how(tmp_path):
    asks = ["村干部能帮我报名吗", "v:我不会玩手机工作队可不可以替我报", "村委会能不能代我报名",
            "v:我手机不会弄村里能帮我报名不", "乡里干部可以帮我报吗"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = _direct(reply)
        assert b.startswith("可以") and "新增报名" in b, (text, b)


async def test_the_school_and_the_ways_to_take_part_stay(tmp_path):
    got = await replies(tmp_path, ["怎样参与活动", "参与方式有哪些"])
    for reply in got:
        assert "新增报名" not in _direct(reply)


# -- 9. set phrases asked by a plain count ------------------------------------------------------------------
async def test_set_phrases_asked_by_a_plain_count_are_the_entry_quoting_that_many(tmp_path):
    four = ["网格化管理的四句话是啥", "v:网格那个管理要做到的四句话是什么嘛", "網格管理的四句話是什麼",
            "wangge管理的四句话是什么"]
    got = await replies(tmp_path, four + ["基层社会治理体系的七句话是什么"])
    for text, reply in zip(four, got):
        b = _direct(reply)
        assert all(w in b for w in ("横到边", "纵到底", "全覆盖", "无死角")), (text, b)
    assert all(w in _direct(got[-1]) for w in ("区委统筹", "责任联查"))


async def test_set_phrases_asked_by_which_and_by_that_stay(tmp_path):
    got = await replies(tmp_path, ["网格管理要做到哪四句", "网格那四句话是什么"])
    for reply in got:
        assert "无死角" in _direct(reply)


# -- 10. an everyday public service -------------------------------------------------------------------------
async def test_a_public_service_asked_is_told_where_to_ask_not_how_to_sign_up(tmp_path):
    asks = ["v:社保在手机上咋个交", "手机上咋个交电费", "新农合怎么缴费", "养老金啥时候领", "醫保在手機上怎麼交",
            "v:话费怎么在手机上充", "低保怎么申请"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert classify(reply) == "fallback" and "便民服务中心" in reply and "两种报名方法" not in reply, (text, reply)


async def test_the_contests_own_money_and_sign_up_stay(tmp_path):
    got = await replies(tmp_path, ["比赛报名要交钱吗", "我有低保能报名参加比赛吗", "手机上咋个报名嘛"])
    assert "还没公布" in _direct(got[0])
    assert "便民服务中心" not in _direct(got[1])
    assert _direct(got[2]).startswith("两种报名方法")
