"""Regressions of the v11c rules (review 2), each in the reviewer's wording and our own: whether a
sign-up went through (报成了吗) is no event signed up as another; a person's welfare status beside a
sign-up (低保户怎么报名) is no public service asked; the start of both slogans with no holder named
keeps the matcher's answer, and 后面还有什么活动 is no slogan's tail; a phrase said that ends a slogan
claims no other slogan's follow-on; 自己报 alone is no sign-up by phone, and an either/or hears no 可以;
a cadre who has signed one up already is one's sign-up to look up; 什么话题 is no language; 打字 and an
animal's strength are no knack; a public service done by others or of the quiz is not sent away; the
village head asked for help is no unknown word. Each through the real webhook as a new user."""
from __future__ import annotations

from tests.blind import classify
from tests.test_contest_asks import CAT, body, replies


def _direct(reply: str) -> str:
    assert classify(reply) == "direct", reply
    return body(reply)


# -- 1. 报成了吗: whether it went through ----------------------------------------------------------------
async def test_whether_a_sign_up_went_through_is_no_switch(tmp_path):
    asks = ["v:我那个赛马报成了没有", "赛马报成了吗", "v:我射箭报成了没嘛", "押加报成了没得", "我的锅庄舞报成功没有",
            "拔河报成了不"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "重新报" not in reply and "「我的报名」" in reply, (text, reply)
    got = await replies(tmp_path, ["赛马报成射箭了 咋整", "唐卡报成了别的项目咋办"])
    assert "取消「射箭」" in _direct(got[0]) and "「报名 赛马」" in body(got[0])
    assert "重新报" in _direct(got[1])


# -- 2. a person's welfare status beside a sign-up ----------------------------------------------------------
async def test_a_welfare_status_beside_signing_up_is_no_public_service(tmp_path):
    asks = ["低保户怎么报名", "v:交了医保的能参加吗", "有残疾证的怎么报名", "v:我家是五保户 咋个报嘛", "领养老金的老人咋报名",
            "吃低保的人怎么报名参赛", "有医保卡的能报名不", "v:领五保的老人能参加比赛不"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "便民服务中心" not in reply, (text, reply)
    got = await replies(tmp_path, ["低保怎么申请", "养老金怎么领", "医保在哪里交", "参加医保要交多少钱", "给老人交医保怎么交"])
    for reply in got:
        assert classify(reply) == "fallback" and "便民服务中心" in reply, reply


# -- 3. the start of both slogans, no holder named; activities after ----------------------------------------
async def test_the_start_of_both_slogans_with_no_holder_is_not_one_slogan(tmp_path):
    asks = ["大讨论后面是啥", "v:大讨论后头是什么嘛", "大讨论下一句是什么", "大讨论后面还有什么活动", "大讨论后面还有啥比赛"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = body(reply)
        # never the cadres' slogan alone
        assert not ("大练兵" in b and "强意识" not in b and classify(reply) == "direct"), (text, b)
    got = await replies(tmp_path, ["群众的大讨论下一句是啥", "党员干部的大讨论大练兵后面是啥"])
    assert "强意识" in _direct(got[0]) and "大练兵" in _direct(got[1])


# -- 4. a phrase said that ends its slogan ------------------------------------------------------------------
async def test_a_phrase_ending_a_slogan_claims_no_other_slogans_follow_on(tmp_path):
    asks = ["作贡献后面是什么", "v:尽责任作贡献后边是啥", "作贡献下一句是啥"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = body(reply)
        assert not ("争荣誉" in b and "强意识" not in b), (text, b)
    assert "作贡献" in _direct((await replies(tmp_path, ["尽责任后面是啥"]))[0])


# -- 5. 自己报 alone is no sign-up by phone; an either/or hears no 可以 ------------------------------------------
async def test_signing_up_oneself_said_alone_is_not_by_phone(tmp_path):
    asks = ["我自己报了还要村里报吗", "自己报的名怎么取消", "是自己报名还是村里统一发表格", "我自己报过了村里还用报不",
            "自己报的那个名咋个撤销", "是手机上报还是去村里报"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert not body(reply).startswith("可以"), (text, reply)
    assert "村演" not in body(got[0]) and "村演" not in body(got[3]), (got[0], got[3])
    for reply in (got[1], got[4]):
        assert _direct(reply).startswith("发「我的报名」") or body(reply).find("取消") < 60, reply
    got = await replies(tmp_path, ["v:手机上能报名不", "我能自己报名吗", "网上可以报名吗"])
    for reply in got:
        assert _direct(reply).startswith("可以"), reply


# -- 6. a cadre who has already signed one up ---------------------------------------------------------------
async def test_a_cadre_having_signed_one_up_is_ones_sign_up_to_look_up(tmp_path):
    asks = ["书记帮我报了 我还要自己报吗", "村干部帮我报的名 怎么查", "工作队已经帮我报过了 在哪看", "村长帮我报了名 我咋查"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "新增报名" not in reply and "我的报名" in reply, (text, reply)
    got = await replies(tmp_path, ["村干部能帮我报名吗", "乡里干部可以帮我报吗"])
    for reply in got:
        assert _direct(reply).startswith("可以") and "新增报名" in reply, reply


# -- 7. 什么话题 is no language ---------------------------------------------------------------------------------
async def test_a_topic_asked_is_no_language(tmp_path):
    asks = ["演讲比赛讲什么话题", "v:讲故事比赛讲啥话题好嘛", "演讲的话题是什么"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "用什么语言" not in reply, (text, reply)
    # each event's topic told, not only their names
    assert all(CAT.event(c).description[:8] in body(got[0]) for c in ("speech",)), got[0]
    assert "普通话" in _direct((await replies(tmp_path, ["讲故事比赛用什么话讲"]))[0])


# -- 8. 打字 and an animal's strength are no knack of the asker's -----------------------------------------------
async def test_typing_and_an_animals_strength_are_no_knack(tmp_path):
    asks = ["我打字很溜报啥比赛合适", "我打字特别快能参加什么比赛", "我家牦牛力气大能报什么比赛", "我家马劲大能报啥比赛",
            "我家的牛力气很大可以参加什么比赛"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "对得上的比赛" not in reply, (text, reply)
    got = await replies(tmp_path, ["我字写得好能参加什么比赛", "v:我力气大报什么比赛合适"])
    assert CAT.event("writing").name in _direct(got[0])
    assert all(CAT.event(c).name in _direct(got[1]) for c in ("tug_of_war", "yajia"))


# -- 9. a public service done by others, or asked of the quiz -----------------------------------------------
async def test_a_service_done_by_others_or_of_the_quiz_is_not_sent_away(tmp_path):
    asks = ["驻村工作队帮群众办医保了吗", "答题能充话费吗", "工作队帮老百姓交医保了没有", "答题赢了能换话费不"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        assert "便民服务中心" not in reply, (text, reply)
    got = await replies(tmp_path, ["v:话费怎么在手机上充", "手机上咋个交电费"])
    for reply in got:
        assert "便民服务中心" in reply, reply


# -- 10. the village head asked for help ---------------------------------------------------------------------
async def test_the_helper_asked_for_is_no_unknown_word(tmp_path):
    asks = ["村长可以帮我报名吗", "v:书记能帮我报名不", "村主任能不能帮我报名"]
    got = await replies(tmp_path, asks)
    for text, reply in zip(asks, got):
        b = _direct(reply)
        assert "没有资料" not in b and "帮" in b, (text, b)
