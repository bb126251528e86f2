"""Conversations that listen (issue 11, part 4): questions asked inside a sign-up or a quiz, leaving
with everyday words, a bare number after 「取消报名」, generic event words, spoken numbers, quiz
skips, and replies that fit one phone screen -- each through the real router (tests.helpers
Conversation) with the real knowledge base, catalogue and quiz bank, and a real database."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.core.config import load_settings
from bot.core.session import Services
from bot.services import load_knowledge, repositories
from bot.storage.signups import Signup
from handlers.qa import QAHandler
from handlers.quiz import QuizHandler
from handlers.router import ANSWER_MAX_CHARS
from handlers.signup import SignupHandler
from knowledge.quizbank import QuizBank
from knowledge.text import is_question, plain_reply, spoken_digits, vague_number
from tests.helpers import Clock, Conversation

START = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)        # before every deadline
KNOWLEDGE = load_knowledge(load_settings(env={}))

# Up to a step of a sign-up for oneself to the 书写比赛 (14+, no farmer or student rule).
TO_CONSENT = ["报名", "1", "书写比赛"]
TO_AGE = TO_CONSENT + ["同意"]
TO_NAME = TO_AGE + ["30"]
TO_PHONE = TO_NAME + ["扎西", "男"]
TO_VILLAGE = TO_PHONE + ["13800138000", "孜托镇"]
TO_SUMMARY = TO_VILLAGE + ["卡达村"]
AGE_PROMPT = "请发送您的年龄（如35）或出生年份（如1990）。"
NAME_PROMPT = "请发送您的姓名（和身份证上一致）。"
PHONE_PROMPT = "请发送您的手机号（11位）"


@pytest.fixture
def services(sqlite_database) -> Services:
    return Services(settings=load_settings(env={}), clock=Clock(START), **repositories(sqlite_database),
                    **KNOWLEDGE)


class Chat(Conversation):
    """The three real handlers behind the real router; every reply says something."""

    def __init__(self, services: Services, user: str = "u1"):
        super().__init__(services, [QAHandler(), SignupHandler(), QuizHandler(random.Random(1))], user=user)

    async def say(self, text: str, **kw) -> str:
        reply = await super().say(text, **kw)
        assert reply, f"empty reply to {text!r}"
        return reply

    @property
    def slots(self) -> dict:
        return self.session().data["draft"]["slots"]


@pytest.fixture
def chat(services) -> Chat:
    return Chat(services)


async def stored(services: Services) -> int:
    async with services.db.session() as s:
        return (await s.execute(select(func.count()).select_from(Signup))).scalar_one()


# --------------------------------------------------------------------------- questions inside a sign-up

async def test_a_question_at_the_consent_step_is_answered_then_the_step_again(chat):
    await chat.run(*TO_CONSENT)
    reply = await chat.say("奖品有啥")
    assert "请先看上面的报名信息说明" not in reply
    assert "奖品县里还没公布" in reply
    assert reply.endswith("同意请回复「同意」，然后开始填写；不同意请回复「取消」，不会保存任何信息。")
    assert "接着报名" in reply and chat.replies[-1].outcome == "aside"
    assert "【报名信息说明】您报名时" not in reply               # the notice itself: shown once, above
    assert "consent" not in chat.slots
    assert AGE_PROMPT in await chat.say("同意")                   # and the flow goes on from there


async def test_a_question_at_the_event_step_chooses_nothing(chat):
    await chat.run("报名", "1", "4")
    reply = await chat.say("射箭要自己带弓吗")
    assert "「射箭比赛」" in reply and "要带什么县里还没公布" in reply
    assert reply.index("县里还没公布") < reply.index("接着报名") < reply.index("6. 射箭比赛")   # the step again
    assert "您选择了" not in reply and "event" not in chat.slots
    # The plain answer is still the event.
    assert "您选择了「射箭比赛」" in await chat.say("射箭")
    assert chat.slots["event"] == "archery"


@pytest.mark.parametrize("steps, question, said, prompt, slot", [
    (TO_NAME, "可以报几个", "每人最多报3个项目", NAME_PROMPT, "name"),
    (TO_PHONE, "报名要钱吗", "参赛费用县里还没公布", PHONE_PROMPT, "phone"),
    (TO_VILLAGE, "比赛在哪里举行", "县里还没公布", "您是孜托镇哪个村（社区）的？", "village"),
    (TO_AGE, "几岁能报", "年满", AGE_PROMPT, "age"),
    (TO_NAME, "明天孜托镇会不会下雪", "天气情况我这里没有资料", NAME_PROMPT, "name"),     # no entry's to tell
])
async def test_questions_at_the_personal_steps_are_answered_not_stored(chat, steps, question, said, prompt, slot):
    await chat.run(*steps)
    reply = await chat.say(question)
    assert said in reply and prompt in reply.split("接着报名：")[1], reply
    assert slot not in chat.slots


@pytest.mark.parametrize("steps, question, said, prompt, slot", [
    (TO_NAME, "名字要写藏文吗", "汉字、藏文都可以", NAME_PROMPT, "name"),
    (TO_PHONE, "手机号有什么用", "手机号用来通知比赛时间和地点", PHONE_PROMPT, "phone"),
    (TO_VILLAGE, "村里没有怎么办", "名单里没有您的村？请联系乡镇或县活动办补充", "您是孜托镇哪个村（社区）的？", "village"),
    (TO_NAME, "虫草多少钱一斤", "这个问题我现在答不上来", NAME_PROMPT, "name"),
])
async def test_a_question_about_the_step_gets_its_help_and_nothing_is_stored(chat, steps, question, said, prompt,
                                                                            slot):
    await chat.run(*steps)
    reply = await chat.say(question)
    assert said in reply and prompt in reply.split("接着报名：")[1] and slot not in chat.slots, reply


@pytest.mark.parametrize("name", ["多吉", "次仁", "尼玛"])        # 多 as in 多少, 尼 / 玛 as in 呢 / 吗
async def test_a_name_with_question_like_characters_is_a_name(chat, name):
    await chat.run(*TO_NAME)
    assert "的性别" in await chat.say(name)
    assert chat.slots["name"] == name


async def test_a_question_at_the_summary_keeps_the_summary(chat):
    await chat.run(*TO_SUMMARY)
    reply = await chat.say("什么时候比赛")
    assert "具体时间县里还没公布" in reply and reply.rstrip().endswith("放弃请回复「取消」。")
    assert "报名成功" in await chat.say("确认")


# --------------------------------------------------------------------------- leaving

@pytest.mark.parametrize("said", ["不报了", "算了", "不要了", "不想报了", "退出", "那算了吧", "我不报了啊"])
@pytest.mark.parametrize("steps", [["报名", "1"], TO_CONSENT, TO_PHONE])
async def test_everyday_words_leave_the_sign_up(chat, services, steps, said):
    await chat.run(*steps)
    reply = await chat.say(said)
    assert "已放弃本次报名，填写的信息已删除" in reply and "2. 报名参赛" in reply    # said so, and the menu
    assert chat.flow() is None and await services.signups.load_draft("u1") is None
    assert await stored(services) == 0


@pytest.mark.parametrize("said", ["不答了", "算了", "不想答了"])
async def test_everyday_words_end_a_quiz_round_with_the_score(services, said):
    q = KNOWLEDGE["quiz_bank"].get("q027")
    chat = Chat(replace(services, quiz_bank=QuizBank([q, replace(q, id="q027b")])))
    await chat.run("答题", "C")
    reply = await chat.say(said)
    assert "已结束本轮答题：答了1题，答对1题，得1分" in reply and chat.flow() is None


# --------------------------------------------------------------------------- 「取消报名」 then a number

@pytest.mark.parametrize("pick", ["1", "第一个", "一", "1。"])
async def test_a_bare_number_after_the_cancel_list_picks_from_it(chat, services, pick):
    await chat.run(*TO_SUMMARY, "确认")
    listing = await chat.say("取消报名")
    assert "1. 国家通用语言文字书写比赛 — 扎西" in listing and "回复序号" in listing
    reply = await chat.say(pick)
    assert "确定要取消第1项吗" in reply and "政策问答" not in reply
    assert "已取消：国家通用语言文字书写比赛" in await chat.say("确认")


async def test_the_cancel_list_can_be_let_go(chat):
    await chat.run(*TO_SUMMARY, "确认", "取消报名")
    assert "没有取消" in await chat.say("不")
    assert chat.flow() is None
    await chat.say("取消报名")
    assert "报名截止" in await chat.say("赛马什么时候截止")          # anything else is a new message


async def test_suanle_while_cancelling_keeps_the_sign_up_and_the_draft(chat, services):
    await chat.run(*TO_SUMMARY, "确认", "报名", "2", "书写比赛", "同意", "30", "多吉", "1", "取消报名", "1")
    reply = await chat.say("算了")                                 # here: "never mind", not "leave"
    assert "保留了这项报名" in reply and "接着填写您的报名" in reply and "已放弃" not in reply
    assert chat.flow() == "signup" and chat.slots["name"] == "多吉"


async def test_a_draft_being_filled_survives_the_cancel_list(chat):
    await chat.run(*TO_SUMMARY, "确认", "报名", "2", "书写比赛", "同意", "30", "多吉", "1")   # for someone else
    assert "要取消哪一项" in await chat.say("取消报名")
    reply = await chat.say("13800138000")                         # not a pick: the draft's step answered
    assert "哪个乡（镇）" in reply and chat.slots["phone"] == "13800138000"


# --------------------------------------------------------------------------- generic event words

@pytest.mark.parametrize("steps", [["报名", "1"], ["报名", "1", "4"]])
async def test_yanjiang_offers_both_speech_contests(chat, steps):
    await chat.run(*steps)
    reply = await chat.say("演讲")
    assert "没有找到" not in reply
    assert "1. 我和我的驻村故事演讲比赛" in reply and "2. 国家通用语言文字演讲比赛" in reply
    assert "您选择了「国家通用语言文字演讲比赛」" in await chat.say("2")
    assert chat.slots["event"] == "speech" and chat.slots["category"] == "language"


@pytest.mark.parametrize("pick", ["2", "第二个", "普通话演讲"])
async def test_signing_up_for_a_word_of_two_events_starts_with_the_choice(chat, pick):
    reply = await chat.say("报名 演讲")
    assert "1. 我和我的驻村故事演讲比赛" in reply and "2. 国家通用语言文字演讲比赛" in reply
    assert chat.flow() == "signup"
    reply = await chat.say(pick)
    assert "国家通用语言文字演讲比赛" in reply and "驻村故事" not in reply
    assert chat.slots["event"] == "speech" and chat.slots["category"] == "language"


async def test_the_choice_of_events_is_left_by_anything_but_a_pick(chat):
    await chat.say("报名 演讲")
    reply = await chat.say("赛马几岁能报")
    assert "16岁" in reply and chat.flow() != "signup"


@pytest.mark.parametrize("said, chosen", [
    ("写字", "国家通用语言文字书写比赛"), ("唱歌", "歌舞比赛（主旋律歌曲）"), ("篮球", "村BA篮球赛"),
    ("跑马", "赛马"), ("射箭", "射箭比赛"),
])
async def test_everyday_event_words_choose_the_event(chat, said, chosen):
    await chat.run("报名", "1")
    assert f"您选择了「{chosen}」" in await chat.say(said)


@pytest.mark.parametrize("said, shown", [
    ("体育比赛", "「体育类」有这些项目"), ("文艺", "「文艺类」有这些项目"), ("故事", "3项比赛"), ("宣讲", "「理论宣讲类」有这些项目"),
])
async def test_category_words_and_families_list_their_events(chat, said, shown):
    await chat.run("报名", "1")
    reply = await chat.say(said)
    assert shown in reply and "没有找到" not in reply


# --------------------------------------------------------------------------- spoken numbers

@pytest.mark.parametrize("said", ["幺三九，零八九五，一二三四", "139 0895 1234", "一三九零八九五一二三四"])
async def test_a_phone_number_said_digit_by_digit(chat, said):
    await chat.run(*TO_PHONE)
    assert "哪个乡（镇）" in await chat.say(said)
    assert chat.slots["phone"] == "13908951234"


@pytest.mark.parametrize("said, age", [("十八岁", 18), ("18周岁", 18), ("二十三", 23), ("我今年二十三岁了", 23)])
async def test_an_age_in_words(chat, said, age):
    await chat.run(*TO_AGE)
    assert NAME_PROMPT in await chat.say(said)
    assert chat.slots["age"]["age"] == age


@pytest.mark.parametrize("said", ["十几", "二十多岁", "三十来岁"])
async def test_a_rough_age_is_asked_again_politely(chat, said):
    await chat.run(*TO_AGE)
    reply = await chat.say(said)
    assert "不够准确，请发送准确的年龄" in reply and "age" not in chat.slots


@pytest.mark.parametrize("steps, said, expect", [
    (["报名"], "幺", "请选择比赛大类"),
    (["报名", "1"], "第二个", "「语言文字类」有这些项目"),
    (["报名", "1"], "二", "「语言文字类」有这些项目"),
    (TO_NAME + ["扎西"], "一", PHONE_PROMPT),
    (TO_NAME + ["卓玛"], "第二个", PHONE_PROMPT),
])
async def test_choices_in_words(chat, steps, said, expect):
    await chat.run(*steps)
    assert expect in await chat.say(said)


# --------------------------------------------------------------------------- the quiz

def quiz_of(services: Services, *ids: str) -> Chat:
    bank = KNOWLEDGE["quiz_bank"]
    return Chat(replace(services, quiz_bank=QuizBank([bank.get(i) for i in ids])))


@pytest.mark.parametrize("said", ["一百多场次", "100多场", "一百来场次", "C"])
async def test_a_spoken_figure_answers_a_numeric_question(services, said):
    chat = quiz_of(services, "q027")                   # 多少场次？ 10余场次 / 50余场次 / 100余场次 / 1000余场次
    await chat.say("答题")
    assert "✅ 答对了" in await chat.say(said)


@pytest.mark.parametrize("said", ["跳过", "不知道"])
async def test_skip_is_not_marked_wrong(services, said):
    chat = quiz_of(services, "q027")
    await chat.say("答题")
    reply = await chat.say(said)
    assert "答错了" not in reply and "❌" not in reply
    assert "已跳过这题" in reply and "正确答案：C. 100余场次" in reply and "答对0/1题（跳过1题）" in reply


async def test_a_question_in_a_quiz_is_answered_then_asked_again(services):
    chat = quiz_of(services, "q001")                   # a true/false question: 对 in 答对 is no answer
    first = await chat.say("答题")
    reply = await chat.say("答对有奖品吗")
    assert "奖品县里还没公布" in reply and "答错了" not in reply and "答对了" not in reply
    question = first.split("\n\n", 1)[1]
    assert reply.endswith(question)
    assert chat.session().data["i"] == 0


# --------------------------------------------------------------------------- one phone screen

async def test_first_answers_fit_one_screen_and_the_rest_is_behind_more(services):
    kb = services.kb
    paged = 0
    for i, entry_id in enumerate(kb.entry_ids):
        chat = Chat(services, user=f"s{i}")
        reply = await chat.say(kb.get(entry_id).question)
        assert len(reply) <= ANSWER_MAX_CHARS, (entry_id, len(reply))
        if "回复「更多」看下一页" in reply:
            paged += 1
            rest = await chat.say("更多")
            assert "页，完）" in rest and len(rest) <= ANSWER_MAX_CHARS
    assert paged >= 1                                  # the deadline list is longer than a screen


async def test_the_data_notice_is_shown_once_per_sign_up(chat):
    howto = await chat.say("怎么报名参加比赛？报名要填什么？")
    assert "只用来组织比赛和联系选手" not in howto            # not in the how-to answer
    replies = [await chat.say(t) for t in TO_SUMMARY + ["奖品有啥", "确认"]]
    assert sum("只用来组织比赛和联系选手" in r for r in replies) == 1


# --------------------------------------------------------------------------- the text toolkit's part

@pytest.mark.parametrize("text, asks", [
    ("奖品有啥", True), ("射箭要自己带弓吗", True), ("能不能报两个", True), ("可以报几项", True), ("几岁能报", True),
    ("收费不收费", True), ("报名的时候要带身份证号码这些东西吗？", True), ("报名表交到镇上还是村里？", True),
    ("射箭", False), ("射箭呢", False), ("射箭？", False), ("多吉", False), ("尼玛", False), ("十几", False),
    ("没有", False), ("不", False), ("不报了", False), ("13800138000", False), ("13800138000？", False),
])
def test_what_tells_a_question_from_a_value(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, digits", [
    ("幺三九，零八九五，一二三四", "13908951234"), ("139-0895-1234", "13908951234"), ("两零二五", "2025"),
    ("十三", None), ("一百", None), ("abc", None), ("", None),
])
def test_spoken_digits(text, digits):
    assert spoken_digits(text) == digits


@pytest.mark.parametrize("text, vague", [("十几", True), ("二十多", True), ("30来", True), ("四十左右", True),
                                         ("三四十", True), ("十八", False), ("二十三", False), ("18", False)])
def test_vague_numbers(text, vague):
    assert vague_number(text) is vague


@pytest.mark.parametrize("text, plain", [("那算了吧", "算了"), ("我不报了啊", "不报了"), ("不知道。", "不知道"),
                                         ("吧", "吧"), ("那曲", "那曲")])
def test_plain_reply(text, plain):
    assert plain_reply(text) == plain
