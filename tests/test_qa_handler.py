"""QAHandler: answer, related questions, suggestions picked by number or words, fallback logged, greetings."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import knowledge.find
from bot.core.config import load_settings
from bot.core.messages import Message
from bot.core.privacy import short_user
from bot.core.session import Context, Services, Session
from bot.services import repositories
from bot.storage.unanswered import UnansweredLog
from handlers.qa import QAHandler
from knowledge.qa import BoText, Entry, KnowledgeBase
from knowledge.text import choice_number

NOW = datetime(2026, 11, 20, 8, 30, tzinfo=timezone.utc)


def entry(id, question, similar=(), answer="", related=(), fact=None, bo=None, keywords=()):
    return Entry(id=id, question=question, similar=list(similar), answer=answer or f"{id}的答案。",
                 related=list(related), fact=fact or id.upper(), bo=bo, keywords=list(keywords))


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase([
        entry("f02", "活动一共有多少项比赛？", ["一共有几项比赛"], "活动共设7大类、33项比赛。", related=["f44", "f11"],
              bo=BoText("འགྲན་བསྡུར་ག་ཚོད་ཡོད།", [], "རིགས་ཆེན་བདུན་ཡོད།")),
        entry("f44", "比赛有哪些类别和项目？", ["比赛项目清单"], "七大类如下……"),
        entry("f11", "比赛分几级？", ["比赛级别"], "村、乡、县、市四级。"),
        entry("f15a", "马利镇办了什么村超比赛？", ["马利镇村超"], "马利镇办了首届村超足球友谊邀请赛。"),
        entry("f15b", "腊久乡办了什么文艺汇演？", ["腊久乡元旦汇演"], "腊久乡办了元旦文艺汇演。"),
        entry("f15c", "孜托镇办了什么晚会？", ["孜托镇元旦晚会"], "孜托镇办了曲珍家的快乐元旦晚会。"),
        entry("f03", "领导小组组长是谁？", ["活动组长是谁"], "组长是县委书记和县长。"),
    ])


def make_ctx(kb, db=None, user="openid-123") -> Context:
    settings = load_settings(env={}, contacts={"fallback": "请联系本村驻村工作队（测试电话 0895-0000000）。"})
    storage = repositories(db) if db is not None else {}
    return Context(user, Session(), Services(settings=settings, kb=kb, clock=lambda: NOW, **storage))


async def say(handler, ctx, text):
    return await handler.handle(ctx, Message(user=ctx.user, kind="text", text=text))


@pytest.mark.parametrize("text, n", [("1", 1), ("２", 2), ("第3个", 3), ("二", 2), ("选 1", 1), ("3.", 3),
                                     ("十", 10), ("看2", 2), ("第2题", 2),
                                     ("报名", None), ("12项比赛", None), ("", None)])
def test_choice_number(text, n):
    assert choice_number(text) == n
    assert choice_number is knowledge.find.choice_number      # one number-pick parser for the whole bot


async def test_plain_answer_leaves_the_flow(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    reply = await say(h, ctx, "领导小组组长是谁")
    assert reply.outcome == "answer"
    assert reply.text.startswith("组长是县委书记和县长。")
    assert "「菜单」" in reply.text
    assert reply.extra["entry"] == "f03"
    assert ctx.session.flow is None


async def test_answer_with_related_questions_then_pick_one_by_number(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    reply = await say(h, ctx, "活动一共有多少项比赛")
    assert reply.outcome == "answer"
    lines = reply.text.splitlines()
    assert lines[0] == "活动共设7大类、33项比赛。"
    assert "1. 比赛有哪些类别和项目？" in lines and "2. 比赛分几级？" in lines
    assert ctx.session.flow == "qa" and ctx.session.data["choices"] == ["f44", "f11"]
    reply = await say(h, ctx, "2")
    assert reply.outcome == "answer" and reply.text.startswith("村、乡、县、市四级。")
    assert ctx.session.flow is None            # f11 has no related questions


async def test_suggestions_then_pick_by_number(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    reply = await say(h, ctx, "元旦办了什么")
    assert reply.outcome == "suggest", reply.text
    assert reply.text.startswith("您是不是想问")
    numbered = [ln for ln in reply.text.splitlines() if ln[:2] in ("1.", "2.", "3.")]
    assert len(numbered) >= 2
    choices = ctx.session.data["choices"]
    assert ctx.session.flow == "qa" and len(choices) == len(numbered)
    reply = await say(h, ctx, "2")
    assert reply.outcome == "answer"
    assert reply.text.startswith(kb.get(choices[1]).answer)


async def test_suggestion_picked_by_its_words(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    await say(h, ctx, "元旦办了什么")
    choices = ctx.session.data["choices"]
    target = kb.get(choices[-1])
    reply = await say(h, ctx, target.question.rstrip("？") + "呢")     # the choice's words, slightly different
    assert reply.outcome == "answer"
    assert reply.text.startswith(target.answer)


async def test_number_out_of_range_asks_again_and_keeps_choices(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    await say(h, ctx, "活动一共有多少项比赛")
    reply = await say(h, ctx, "7")
    assert reply.outcome == "invalid"
    assert "1–2" in reply.text
    assert ctx.session.flow == "qa" and ctx.session.data["choices"] == ["f44", "f11"]


async def test_other_text_in_the_flow_is_a_new_question(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    await say(h, ctx, "活动一共有多少项比赛")
    reply = await say(h, ctx, "领导小组组长是谁")
    assert reply.outcome == "answer" and reply.extra["entry"] == "f03"
    assert ctx.session.flow is None


async def test_fallback_says_what_the_bot_can_do_and_whom_to_ask(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    reply = await say(h, ctx, "明天会不会下雨")
    assert reply.outcome == "fallback"
    assert "抱歉" in reply.text
    for word in ("「报名」", "「答题」", "「我的报名」", "「菜单」", "测试电话 0895-0000000"):
        assert word in reply.text
    assert ctx.session.flow is None


async def test_fallback_and_suggestion_are_logged_masked(kb, database):
    h, ctx = QAHandler(), make_ctx(kb, db=database)
    await say(h, ctx, "我电话13812345678，明天会不会下雨")
    await say(h, ctx, "元旦办了什么")
    rows = await UnansweredLog(database).fetch()
    assert [r.outcome for r in rows] == ["fallback", "suggest"]
    assert rows[0].question == "我电话138****5678，明天会不会下雨"
    assert rows[0].user == short_user("openid-123") and "openid" not in rows[0].user
    assert rows[0].created_at == NOW.replace(tzinfo=None)
    assert rows[1].candidates.split(",") == ctx.session.data["choices"]
    assert 0 < rows[1].top_score <= 1


async def test_answers_and_greetings_are_not_logged(kb, database):
    h, ctx = QAHandler(), make_ctx(kb, db=database)
    await say(h, ctx, "领导小组组长是谁")
    reply = await say(h, ctx, "扎西德勒")
    assert reply.outcome == "greeting"
    assert await UnansweredLog(database).fetch() == []


@pytest.mark.parametrize("text, word", [("你好", "扎西德勒"), ("谢谢", "不客气"), ("ཐུགས་རྗེ་ཆེ།", "不客气"),
                                        ("好的", "好的")])
async def test_greetings_and_thanks_get_a_short_friendly_reply(kb, text, word):
    h, ctx = QAHandler(), make_ctx(kb)
    ctx.enter("qa", {"choices": ["f44"]})
    reply = await say(h, ctx, text)
    assert reply.outcome == "greeting"
    assert word in reply.text and "抱歉" not in reply.text and "「菜单」" in reply.text
    assert ctx.session.flow is None


async def test_tibetan_question_gets_the_tibetan_answer(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    reply = await say(h, ctx, "འགྲན་བསྡུར་ག་ཚོད་ཡོད།")
    assert reply.outcome == "answer"
    assert reply.text.startswith("རིགས་ཆེན་བདུན་ཡོད།")


async def test_empty_text_and_missing_kb(kb):
    h = QAHandler()
    reply = await say(h, make_ctx(kb), "  ")
    assert reply.outcome == "fallback" and "「菜单」" in reply.text
    reply = await say(h, make_ctx(None), "报名")
    assert reply.outcome == "fallback" and "抱歉" in reply.text


async def test_a_broken_database_does_not_break_the_reply(kb):
    class Broken:
        def session(self):
            raise RuntimeError("db down")

    reply = await say(QAHandler(), make_ctx(kb, db=Broken()), "明天会不会下雨")
    assert reply.outcome == "fallback" and "抱歉" in reply.text


async def test_choices_that_no_longer_exist_after_a_reload(kb):
    h, ctx = QAHandler(), make_ctx(kb)
    ctx.enter("qa", {"choices": ["gone1", "gone2"]})
    reply = await say(h, ctx, "1")
    assert reply.outcome == "invalid" and "过期" in reply.text
    assert ctx.session.flow is None


@pytest.mark.parametrize("text", ["？？？", "的", "了吗", "。。。"])
async def test_messages_without_content_are_not_logged(kb, database, text):
    reply = await say(QAHandler(), make_ctx(kb, db=database), text)
    assert reply.outcome == "fallback"
    assert await UnansweredLog(database).fetch() == []


async def test_the_picked_suggestion_is_recorded_on_the_logged_question(kb, database):
    h, ctx = QAHandler(), make_ctx(kb, db=database)
    await say(h, ctx, "元旦办了什么")
    choices = ctx.session.data["choices"]
    reply = await say(h, ctx, "2")
    assert reply.outcome == "answer"
    rows = await UnansweredLog(database).fetch()
    assert [(r.question, r.outcome, r.picked) for r in rows] == [("元旦办了什么", "suggest", choices[1])]
    # a related question picked under an answer is no suggestion: nothing more is written
    await say(h, ctx, "活动一共有多少项比赛")
    await say(h, ctx, "1")
    assert [r.picked for r in await UnansweredLog(database).fetch()] == [choices[1]]


async def test_replies_name_the_campaign_of_the_catalogue(kb):
    from types import SimpleNamespace

    from knowledge.catalogue import Campaign

    ctx = make_ctx(kb)
    ctx.services.catalogue = SimpleNamespace(campaign=Campaign("测试活动", "某某县", 3, (), "notice"))
    hello = await say(QAHandler(), ctx, "你好")
    assert "我是某某县“测试活动”活动小助手" in hello.text and "洛隆" not in hello.text
    fallback = await say(QAHandler(), ctx, "明天会不会下雨")
    assert "回答“测试活动”活动和政策问题" in fallback.text and "红色昌都" not in fallback.text
    plain = await say(QAHandler(), make_ctx(kb), "你好")             # no catalogue: no made-up names
    assert "我是活动小助手" in plain.text


@pytest.mark.parametrize("text, word", [("再见", "再见"), ("拜拜", "再见"), ("谢谢老师", "不客气"), ("老师好", "扎西德勒"),
                                        ("恩", "好的")])
async def test_goodbyes_and_polite_forms_are_small_talk(kb, database, text, word):
    reply = await say(QAHandler(), make_ctx(kb, db=database), text)
    assert reply.outcome == "greeting" and word in reply.text
    assert await UnansweredLog(database).fetch() == []
