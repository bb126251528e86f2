"""Contest questions end to end: signed (and AES-encrypted) WeChat callbacks through the real app,
knowledge base and catalogue -- the questions herders asked that used to get 「抱歉」, numbered
choices picked by number, and 「报名 赛马」 from an answer starting the sign-up at that event."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.storage.signups import Signup
from tests.harness import BotHarness

pytestmark = pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)          # 10:00 county time, every sign-up open
SIGNUP_CMD = re.compile(r"回复「(报名 [^」]+)」直接报名")


def start(tmp_path, aes):
    return BotHarness.start(tmp_path, aes=aes, clock=lambda: NOW)


def answered(reply: str) -> bool:
    return "抱歉" not in reply and "您是不是想问" not in reply


@pytest.mark.parametrize("text", ["赛马", "有哪些项目", "在哪报名", "有奖吗", "可以报几个", "比塞在那里", "报明要带啥"])
async def test_what_herders_asked_is_answered_not_apologised_for(tmp_path, aes, text):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", text)
    assert answered(reply), reply
    assert len(reply) <= 320, len(reply)            # ≤ 300 characters and the menu hint
    assert "「报名" in reply


async def test_one_events_deadline_not_the_whole_list(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "赛马什么时候截止")
    assert "2027年4月30日" in reply and len(reply) <= 300
    assert "3月20日" not in reply and "3月31日" not in reply          # other events' deadlines


async def test_age_question_then_its_signup_command_signs_up_for_that_event(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "赛马多大年龄能报")
        assert "16岁及以上" in reply and answered(reply) and "两委" not in reply
        command = SIGNUP_CMD.search(reply).group(1)
        assert command == "报名 赛马"
        reply = await bot.text("u1", command)
        assert reply.startswith("报名「赛马」") and "1. 给自己报名" in reply
        reply = await bot.text("u1", "1")
        assert "您选择了「赛马」" in reply and "【报名信息说明】" in reply
        for text in ("同意", "30", "扎西", "男", "13800138000", "孜托镇", "卡达村"):
            reply = await bot.text("u1", text)
        assert "项目：体育类 · 赛马" in reply
        reply = await bot.text("u1", "确认")
        assert "报名成功" in reply
        async with bot.hook.services.db.session() as s:
            (row,) = (await s.execute(select(Signup))).scalars()
        assert (row.event_code, row.name) == ("horse_racing", "扎西")


async def test_a_draft_in_progress_is_offered_first_and_2_restarts_at_the_named_event(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        for text in ("报名", "1", "2", "1"):                       # 书写比赛, at the consent question
            await bot.text("u1", text)
        await bot.text("u1", "菜单")
        reply = await bot.text("u1", "报名 篮球")
        assert "没填完的报名" in reply and "1. 继续填写" in reply and "村BA篮球赛" in reply
        reply = await bot.text("u1", "2")
        assert reply.startswith("报名「村BA篮球赛」") and "给谁报名" in reply


async def test_sign_up_words_that_name_no_event_are_a_question(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "报名要钱吗")
        assert "参赛费用县里还没公布" in reply and "给谁报名" not in reply
        reply = await bot.text("u2", "报名 演讲")
        assert "我和我的驻村故事演讲比赛" in reply and "国家通用语言文字演讲比赛" in reply
        assert "给谁报名" not in reply
        assert "给谁报名" in await bot.text("u3", "报名")          # the plain command is unchanged


async def test_a_word_for_two_events_offers_both_and_a_number_answers_for_the_one_picked(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "演讲比赛几岁能报")
        # they differ in it: what they share said once, then each one's own rule, numbered to pick one
        assert "都一样的是：谁能报：不限身份。" in reply and reply.count("不限身份") == 1, reply
        assert re.findall(r"^\d+\. .+$", reply, re.M)[:2] == [
            "1. 我和我的驻村故事演讲比赛：18岁及以上。", "2. 国家通用语言文字演讲比赛：14岁及以上。"]
        reply = await bot.text("u1", "2")
        assert "「国家通用语言文字演讲比赛」" in reply and "14岁及以上" in reply
        assert "驻村故事" not in reply and "回复「报名 " in reply


async def test_all_events_then_a_category_then_an_event_by_number(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "比赛有哪些")
        assert "4. 体育类（6项）" in reply
        reply = await bot.text("u1", "4")
        assert "3. 赛马（个人赛，4月30日截止）" in reply
        reply = await bot.text("u1", "3")
        assert reply.startswith("「赛马」（体育类·个人赛）") and "回复「报名 赛马」直接报名" in reply
        assert not reply.startswith("您好！我是")                   # not the main menu


async def test_voice_question_about_signing_up_for_an_event(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.voice("u1", "我想参加赛马怎么报名")
    assert answered(reply) and "回复「报名 赛马」直接报名" in reply


async def test_what_nobody_has_published_is_said_plainly(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "赛马的裁判是谁")
        assert reply.startswith("「赛马」\n评委和裁判县里还没公布") and "骑自家的马" in reply
        reply = await bot.text("u2", "那曲的赛马几岁能报")
        assert reply.startswith("那曲的情况我这里没有资料") and "16岁及以上" in reply


async def test_a_knowledge_base_entry_about_the_event_answers_before_not_published(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        reply = await bot.text("u1", "藏式缝纫一等奖是谁拿的")
    assert "索朗次仁" in reply and "还没公布" not in reply


async def test_the_catalogues_answers_pass_the_scope_guard_too(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        licence = await bot.text("u1", "驾照报名要多少钱")            # a word no source uses
        keyword = await bot.text("u2", "朗读 截止")                   # one event's deadline, not all 33
        earnings = await bot.text("u3", "那个做衣服的索朗次仁一年赚好多钱")
    assert licence.startswith("“驾照”的情况我这里没有资料")
    assert "「国家通用语言朗读比赛」" in keyword and len(keyword) <= 320
    assert "17万" in earnings and "参赛费用" not in earnings


async def test_an_events_unpublished_rule_and_another_countys_deadline_are_honest(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        tune = await bot.voice("u1", "跳锅庄那个比赛用的是啥子曲子嘛")
        county = await bot.text("u2", "江达县报名几号截止")
        pinyin = await bot.text("u3", "basu xian baoming jiezhi")
    assert "具体曲目县里还没公布" in tune and "比整齐" in tune and "回复「报名 锅庄」" in tune
    for reply, place in ((county, "江达"), (pinyin, "八宿")):
        assert reply.startswith(f"{place}的情况我这里没有资料。下面是洛隆县这次活动的"), reply
        assert "2027年3月20日" in reply and len(reply) <= 320


async def test_where_an_event_was_held_is_told_by_the_entry_that_says_it(tmp_path, aes):
    async with start(tmp_path, aes) as bot:
        told = await bot.text("u1", "政策宣讲比赛已经在哪些村办过了")
        untold = await bot.text("u2", "射箭比赛已经在哪个乡办过")
    assert "通尼村" in told                       # the news entry, ranked below the first, says it
    assert "没有资料" in untold and "「射箭比赛」" in untold
