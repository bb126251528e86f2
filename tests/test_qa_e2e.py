"""Policy Q&A end to end: signed (and AES-encrypted) WeChat callbacks through the real app and KB."""
from __future__ import annotations

import re

import pytest

from bot.storage import Database
from bot.storage.unanswered import UnansweredLog
from tests.harness import BotHarness

pytestmark = pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])


def numbered(reply: str) -> list[str]:
    return [ln for ln in reply.splitlines() if re.match(r"^\d+\. ", ln)]


async def test_a_question_gets_the_catalogue_answer(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        reply = await bot.text("user1", "比赛有哪些项目？")
    assert "7大类33项" in reply
    assert "「菜单」" in reply or "「报名」" in reply


async def test_traditional_and_voice_homophones(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        reply = await bot.text("user1", "報名什麼時候截止")
        assert "截止" in reply and "抱歉" not in reply
        reply = await bot.voice("user2", "三个意思是什么")          # WeChat heard 意思 for 意识
        assert "国家意识" in reply


async def test_suggestions_then_a_number_answers(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        reply = await bot.text("user1", "虫草")                     # several entries are about 虫草
        assert "您是不是想问" in reply
        choices = numbered(reply)
        assert len(choices) >= 2
        reply = await bot.text("user1", "1")
        assert "您是不是想问" not in reply and "抱歉" not in reply
        assert not reply.startswith("您好！我是")                    # not the main menu


async def test_fallback_is_logged_and_says_what_to_do(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        reply = await bot.text("user1", "明天拉萨会不会下雨")
        assert "抱歉" in reply and "「菜单」" in reply and "驻村工作队" in reply
        reply = await bot.text("user1", "你好")
        assert "扎西德勒" in reply and "抱歉" not in reply
    db = Database(f"sqlite:///{tmp_path}/bot.db")
    try:
        rows = await UnansweredLog(db).fetch()
    finally:
        await db.close()
    assert [(r.question, r.outcome) for r in rows] == [("明天拉萨会不会下雨", "fallback")]
    assert "user1" not in rows[0].user


async def test_related_question_by_number_and_idle_digit_goes_to_menu(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        reply = await bot.text("user1", "一共有多少项比赛")
        related = numbered(reply)
        assert related, reply                                       # f02 lists related questions
        reply = await bot.text("user1", "1")
        assert "抱歉" not in reply and not reply.startswith("您好！我是")
        # a digit from someone with no choices open goes to the main menu (router), not to Q&A
        reply = await bot.text("user3", "9")
        assert "没有第9项" in reply


async def test_menu_drops_pending_choices_so_a_digit_picks_the_menu(tmp_path, aes):
    async with BotHarness.start(tmp_path, aes=aes) as bot:
        assert "您是不是想问" in await bot.text("user1", "虫草")
        menu = await bot.text("user1", "菜单")
        assert "未完成" not in menu                       # numbered choices are no unfinished operation
        reply = await bot.text("user1", "2")            # menu item 2: 报名参赛
        assert "给谁报名" in reply and "您是不是想问" not in reply
