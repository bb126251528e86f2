"""Sign-up conversations through the real webhook (signed WeChat callbacks, router, state store,
database on SQLite and PostgreSQL), with the real catalogue knowledge/catalogue.yaml."""
from __future__ import annotations

import asyncio
import base64
import os
from datetime import datetime, timezone

from sqlalchemy import select

from bot.storage.signups import Signup
from handlers.signup import SignupHandler
from tests.conftest import REDIS_URL
from tests.harness import BotHarness
from tests.helpers import Clock
from tests.stub_handlers import EchoQA
from tests.test_validators import make_id

START = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)     # 10:00 county time


def start(tmp_path, clock, database=None, **kw):
    return BotHarness.start(tmp_path, db_url=database.url if database else None, clock=clock,
                            handlers=[SignupHandler(), EchoQA()], **kw)


async def rows(bot) -> list[Signup]:
    async with bot.hook.services.db.session() as s:
        return list((await s.execute(select(Signup).order_by(Signup.id))).scalars())


async def say(bot, user: str, *texts: str) -> str:
    reply = ""
    for t in texts:
        reply = await bot.text(user, t)
        assert reply, f"no reply to {t!r}"
    return reply


# Up to the summary of an individual event, for oneself (书写比赛: 14+, no farmer/student rule).
WRITING = ["报名", "1", "书写比赛", "同意", "30", "扎西", "男", "13800138000", "孜托镇", "卡达村"]


async def test_individual_event(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        reply = await bot.text("u1", "报名")
        assert "1. 给自己报名" in reply
        reply = await bot.text("u1", "1")
        assert "1. 理论宣讲类（4项）" in reply and "7. 知识与风采类（3项）" in reply
        reply = await bot.text("u1", "2")
        assert "1. 国家通用语言文字书写比赛" in reply
        reply = await bot.text("u1", "1")
        assert "【报名信息说明】" in reply and "洛隆县" in reply and "「同意」" in reply
        reply = await say(bot, "u1", *WRITING[3:])
        assert "请核对报名信息" in reply and "项目：语言文字类 · 国家通用语言文字书写比赛" in reply
        reply = await bot.text("u1", "确认")
        (row,) = await rows(bot)
        assert f"报名成功！报名号：{row.number}" in reply
        assert (row.name, row.phone, row.township, row.village, row.event_code) == (
            "扎西", "13800138000", "孜托镇", "卡达村", "writing")
        # A second 「确认」 (double tap, slow network) is told the number, not sent to Q&A.
        assert f"已报名成功，报名号 {row.number}，不用再确认" in await bot.text("u1", "确认")
        # Anything else ends the sign-up and is passed on: a question goes straight to Q&A.
        assert await bot.text("u1", "比赛什么时候开始") == "echo:比赛什么时候开始"
        assert await bot.text("u1", "确认") == "echo:确认"


async def test_team_event(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        reply = await say(bot, "u1", "报名", "1", "村BA")
        assert "您选择了「村BA篮球赛」" in reply and "每队5–12人" in reply
        reply = await say(bot, "u1", "同意", "22", "次仁", "1", "13900139000", "硕督镇", "达翁村", "达翁村篮球队")
        assert "不含队长" in reply
        reply = await bot.text("u1", "扎西、卓玛")
        assert "还差2人" in reply
        reply = await bot.text("u1", "扎西、卓玛、格桑、多吉")
        assert "队员（5人含队长）：扎西、卓玛、格桑、多吉" in reply
        reply = await bot.text("u1", "确认")
        assert "报名成功" in reply
        (row,) = await rows(bot)
        assert (row.team_name, row.members, row.name) == ("达翁村篮球队", ["扎西", "卓玛", "格桑", "多吉"], "次仁")


async def test_ineligible_user(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        reply = await say(bot, "kid", "报名", "1", "书写比赛", "同意", "10")
        assert "要求14岁及以上" in reply and "「换项目」" in reply
        reply = await say(bot, "kid", "换项目")
        assert "请重新选择项目" in reply
        reply = await bot.text("kid", "讲故事")                      # students' event, 6-18
        assert "已选择「学生向家长（或监护人）讲故事比赛」" in reply
        reply = await bot.text("kid", "10")
        assert "需要监护人" in reply
        # Not a herder: the herders-only event refuses, and offers the others.
        reply = await say(bot, "adult", "报名", "1", "挤奶", "同意", "2")
        assert "只限农牧民群众参加" in reply and "请回复序号改选「农牧民技能类」的其他项目" in reply
        assert await rows(bot) == []


async def test_each_bad_input_gets_a_clear_message(tmp_path, database):
    answers = iter(WRITING)
    bad_inputs = {                       # the bad input sent before each good answer, and what the bot says
        "1": ("5", "请回复 1（给自己报名）或 2（帮别人报名）"),
        "书写比赛": ("游泳比赛", "没有找到“游泳比赛”"),
        "同意": ("不", "需要您同意后才能报名"),
        "30": ("三十多岁", "不够准确，请发送准确的年龄"),
        "扎西": ("扎西2", "不能有数字"),
        "男": ("不告诉你", "回复 1 或「男」"),
        "13800138000": ("1380013800", "11位数字，您发的是10位"),
        "孜托镇": ("北京", "没有找到“北京”这个乡镇"),
        "卡达村": ("达翁村", "“达翁村”在硕督镇，不在孜托镇"),
    }
    async with start(tmp_path, Clock(START), database) as bot:
        for good in answers:
            if good in bad_inputs:
                bad, says = bad_inputs[good]
                reply = await bot.text("u1", bad)
                assert says in reply, (bad, reply)
                assert "回复" in reply or "请" in reply
            await bot.text("u1", good)
        reply = await bot.text("u1", "好")
        assert "还没有提交" in reply and "「确认」" in reply
        assert "报名成功" in await bot.text("u1", "确认")


async def test_back_cancel_and_resume_after_restart(tmp_path, database):
    clock = Clock(START)
    async with start(tmp_path, clock, database) as bot:
        await say(bot, "u1", *WRITING[:7])                          # sex given, phone next
        reply = await bot.text("u1", "上一步")
        assert "性别" in reply
        reply = await bot.text("u1", "2")
        assert "手机号" in reply
        await bot.restart()                                         # new process, memory state gone
        clock.advance(minutes=3)
        reply = await bot.text("u1", "13800138000")
        assert "已接着您上次没填完的报名继续" in reply and "哪个乡（镇）" in reply
        reply = await bot.text("u1", "取消")                         # router -> cancel()
        assert "已放弃本次报名" in reply
        assert await bot.hook.services.signups.load_draft("u1") is None
        assert await bot.text("u1", "孜托镇") == "echo:孜托镇"          # out of the flow
        # A draft left alone: after a restart and a long pause it is recalled and offered, not forced.
        await say(bot, "u1", *WRITING[:6])
        await bot.restart()
        clock.advance(hours=3)
        reply = await bot.text("u1", "你好")
        assert reply.startswith("您刚才的报名还没填完") and reply.endswith("\n\necho:你好")
        reply = await bot.text("u1", "报名")
        assert "您有一份没填完的报名" in reply and "1. 继续填写" in reply
        reply = await say(bot, "u1", "1", "男", "13800138000", "孜托镇", "卡达村", "确认")
        assert "报名成功" in reply


async def test_resume_with_redis_state(tmp_path, database):
    async with start(tmp_path, Clock(START), database, redis_url=REDIS_URL) as bot:
        await say(bot, "r1", *WRITING[:8])
        await bot.restart()                                         # Redis keeps the session itself
        reply = await say(bot, "r1", "孜托镇", "卡达村", "确认")
        assert "报名成功" in reply


async def test_duplicate_retry_and_concurrent_confirmation(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        await say(bot, "u1", *WRITING)
        # A WeChat retry of the same 「确认」 (same MsgId) gets the same reply and stores nothing more.
        xml = bot.sim.message_xml("u1", "text", text="确认")
        (s1, body1), (s2, body2) = await asyncio.gather(bot.post(xml), bot.post(xml))
        assert s1 == s2 == 200
        assert bot.sim.read_reply(body1) == bot.sim.read_reply(body2)
        assert "报名成功" in bot.sim.read_reply(body1)
        assert len(await rows(bot)) == 1
        # Signing up again for the same event is refused with the existing number.
        reply = await say(bot, "u1", "报名", "1", "书写比赛")
        (row,) = await rows(bot)
        assert f"您已经报过「国家通用语言文字书写比赛」了（报名号 {row.number}）" in reply
        await bot.text("u1", "取消")
        # Two different 「确认」 messages at once (double tap): still one row.
        await say(bot, "u2", *WRITING)
        replies = await asyncio.gather(bot.text("u2", "确认"), bot.text("u2", "确认"))
        (mine,) = [r for r in await rows(bot) if r.openid == "u2"]
        assert sorted(r.split("：")[0].split("，")[0] for r in replies) == ["已报名成功", "报名成功！报名号"], replies
        assert all(mine.number in r for r in replies)


async def test_cadre_signs_up_others_and_manages_them(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        await say(bot, "cadre", "报名", "2", "书写比赛", "同意", "70", "次仁", "男", "无", "康沙镇", "康沙村", "确认")
        await say(bot, "cadre", "报名", "2", "书写比赛", "同意", "65", "卓玛", "女", "无", "康沙镇", "康沙村", "确认")
        reply = await bot.text("cadre", "我的报名")
        assert "共2项" in reply and "次仁（代报）" in reply and "卓玛（代报）" in reply
        reply = await bot.text("cadre", "取消报名 2")
        assert "确定要取消第2项吗" in reply and "卓玛" in reply
        reply = await bot.text("cadre", "确认")
        assert "已取消" in reply
        statuses = [(r.name, r.status, r.for_other, r.openid) for r in await rows(bot)]
        assert statuses == [("次仁", "active", True, "cadre"), ("卓玛", "cancelled", True, "cadre")]
        assert "没有可以取消的报名" in await bot.text("someone", "取消报名 1")


async def test_cancel_by_number_or_sign_up_number_through_the_router(tmp_path, database):
    async with start(tmp_path, Clock(START), database) as bot:
        await say(bot, "u1", *WRITING, "确认")
        (row,) = await rows(bot)
        await say(bot, "u2", "报名", "2", "书写比赛", "同意", "70", "次仁", "男", "无", "康沙镇", "康沙村", "确认")
        reply = await bot.text("u2", f"取消报名 {row.number}")            # u1's number: not u2's to cancel
        assert f"您的报名里没有报名号 {row.number}" in reply and "扎西" not in reply and "次仁" in reply
        reply = await bot.text("u1", f"取消报名 {row.number}")
        assert "确定要取消第1项吗" in reply and "扎西" in reply
        assert "已取消" in await bot.text("u1", "确认")
        reply = await bot.text("u2", "取消报名 一")
        assert "确定要取消第1项吗" in reply and "次仁" in reply
        assert "已取消" in await bot.text("u2", "确认")
        assert [r.status for r in await rows(bot)] == ["cancelled", "cancelled"]


async def test_id_numbers_when_the_county_turns_them_on(tmp_path, database, monkeypatch):
    monkeypatch.setenv("ID_NUMBER_KEY", base64.b64encode(os.urandom(32)).decode())
    number = make_id(birth="19960301", seq="123")                    # male, 31 on 2027-03-01
    async with start(tmp_path, Clock(START), database, settings={"signup": {"collect_id_number": True}}) as bot:
        reply = await say(bot, "u1", *WRITING[:4], "31", *WRITING[5:])
        assert "县里要求登记身份证号" in reply
        reply = await say(bot, "u1", "同意", number[:-1] + ("1" if number[-1] == "0" else "0"))
        assert "校验不通过" in reply
        reply = await bot.text("u1", number)
        assert f"身份证号：{number[:6]}********{number[-4:]}" in reply
        assert "报名成功" in await bot.text("u1", "确认")
        (row,) = await rows(bot)
        assert row.id_hash and number not in (row.id_cipher or "")


async def test_by_voice(tmp_path, database):
    """WeChat's speech recognition: punctuation at the end, numbers as words."""
    async with start(tmp_path, Clock(START), database) as bot:
        for text in ["报名。", "给自己报名。", "我选第二个。", "书写比赛。", "同意。", "三十岁。", "扎西。", "男。",
                     "13800138000。", "孜托镇。", "卡达村。"]:
            reply = await bot.voice("v1", text)
        assert "请核对报名信息" in reply and "姓名：扎西" in reply and "手机号：13800138000" in reply
        assert "报名成功" in await bot.voice("v1", "确认。")
