"""handlers/quiz.py driven through the real router (tests.helpers.Conversation): command words,
answers inside the flow, 退出/取消, expiry; EchoQA stands in for Q&A so what is not the quiz's shows."""
from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.core.config import load_settings
from bot.core.session import Services, Session
from bot.services import repositories
from bot.storage import quiz as store
from bot.storage.quiz import QuizRepository
from handlers.quiz import (
    QuizHandler,
    draw_round,
    format_duration,
    mask_name,
    week_start,
    weighted_sample,
)
from knowledge.quizbank import Question, QuizBank, load_quiz_bank
from tests.helpers import Conversation
from tests.stub_handlers import EchoQA
from tests.test_quiz_storage import add_signups

DATA = Path(__file__).parent / "data"


def make_bank(n: int) -> QuizBank:
    """n choice questions q01..; the answer is always A (甲)."""
    return QuizBank([Question(id=f"q{i:02d}", type="choice", question=f"第{i}道题？", answer="A",
                              explanation=f"第{i}题选甲。", options=("甲", "乙", "丙", "丁"))
                     for i in range(1, n + 1)])


class User(Conversation):
    """One WeChat user practising: the real router with this quiz handler."""

    def __init__(self, handler: QuizHandler, services: Services, openid: str = "u1"):
        super().__init__(services, [handler, EchoQA()], user=openid)

    @property
    def data(self) -> dict:
        return self.session().data

    @property
    def current_qid(self) -> str:
        return self.data["items"][self.data["i"]][0]

    async def answer(self, right: bool) -> str:
        """Answer the current question of a make_bank() bank right (甲) or wrong (乙)."""
        return await self.say("A" if right else "B")


@pytest.fixture
def services(sqlite_database, clock):
    return Services(settings=load_settings(env={}), quiz_bank=load_quiz_bank(DATA / "quiz_valid.yaml"),
                    **repositories(sqlite_database), clock=clock)


@pytest.fixture
def db(services):
    return services.db


def with_bank(services: Services, bank: QuizBank, **quiz) -> Services:
    """The same database and clock with another bank (and ``quiz`` settings, if given)."""
    settings = load_settings(env={}, quiz=quiz) if quiz else services.settings
    return Services(settings=settings, quiz_bank=bank, **repositories(services.db), clock=services.clock)


def single(services: Services, qid: str) -> Services:
    """The services with a bank of just one question of the valid fixture."""
    return with_bank(services, QuizBank([services.quiz_bank.get(qid)]))


# --------------------------------------------------------------------------- starting a round

async def test_start_shows_the_first_question_with_lettered_options(services):
    user = User(QuizHandler(random.Random(1)), services)
    text = await user.say("答题")
    assert user.session().flow == "quiz"
    assert "本轮5题" in text and "第1/5题" in text and "回复「退出」" in text
    q = services.quiz_bank.get(user.current_qid)
    for letter, option in zip("ABCD", q.options):
        assert f"\n{letter}. {option}" in text
    assert len({qid for qid, _ in user.data["items"]}) == 5


async def test_round_size_from_config_and_from_the_command(services):
    user = User(QuizHandler(random.Random(1)), with_bank(services, make_bank(30), round_size=3))
    assert "本轮3题" in await user.say("答题")
    assert "本轮10题" in await user.say("再来一轮10")
    assert "本轮20题" in await user.say("再来一轮99")              # capped
    small = User(QuizHandler(), with_bank(services, make_bank(2), round_size=3), "u2")
    assert "本轮2题" in await small.say("答题")                     # never more than the bank holds


async def test_round_size_in_chinese_numerals(services):
    user = User(QuizHandler(random.Random(1)), with_bank(services, make_bank(30)))
    assert "本轮10题" in await user.say("答题十")
    assert "本轮12题" in await user.say("再来一轮十二")
    assert "本轮20题" in await user.say("再来一轮三十")             # capped
    assert "本轮3题" in await user.say("再来一轮三")


async def test_empty_bank_is_not_a_dead_end(services):
    text = await User(QuizHandler(), with_bank(services, QuizBank([]))).say("答题")
    assert "抱歉" in text and "「菜单」" in text


# --------------------------------------------------------------------------- answer forms

@pytest.mark.parametrize("text, kind, right", [
    ("B", "text", True), ("b", "text", True), ("Ｂ", "text", True), ("ｂ", "text", True),
    ("选B", "text", True), ("选 b。", "text", True), ("2", "text", True), ("２", "text", True),
    ("33项", "text", True), ("33", "text", True), ("33项吧", "text", True), ("B选项", "text", True),
    ("第二个", "voice", True), ("选B。", "voice", True), ("选必", "voice", True), ("我选第二个", "voice", True),
    ("A", "text", False), ("选A", "text", False), ("1", "text", False), ("22项", "text", False),
    ("第一个", "voice", False), ("D", "text", False),
])
async def test_choice_answer_forms(services, text, kind, right):
    user = User(QuizHandler(), single(services, "q001"))
    await user.say("答题")
    reply = await user.say(text, kind=kind)
    assert ("✅ 答对了" in reply) is right and ("❌ 答错了" in reply) is (not right), reply
    assert "正确答案：B. 33项" in reply or right
    assert "解析：活动共设7大类33项比赛。" in reply


@pytest.mark.parametrize("text, right", [
    ("对", True), ("√", True), ("✓", True), ("正确", True), ("A", True), ("a", True), ("1", True),
    ("对的", True), ("是", True), ("對", True), ("没有错", True), ("不是错的", True), ("错不了", True),
    ("✅", True), ("v", True), ("V", True),
    ("错", False), ("×", False), ("错误", False), ("B", False), ("2", False), ("不对", False), ("x", False),
    ("X", False), ("❎", False),
])
async def test_truefalse_answer_forms(services, text, right):
    user = User(QuizHandler(), single(services, "q003"))             # answer: 对
    first = await user.say("答题")
    assert "A. 对\nB. 错" in first and "请回复「对」或「错」" in first
    reply = await user.say(text)
    assert ("✅" in reply) is right, reply
    if not right:
        assert "正确答案：对" in reply


@pytest.mark.parametrize("text, right", [("洛隆县", True), ("洛隆", True), ("是洛隆县。", True), ("昌都", False)])
async def test_fill_answers(services, text, right):
    user = User(QuizHandler(), single(services, "q004"))
    assert "请直接回复答案" in await user.say("答题")
    reply = await user.say(text)
    assert ("✅" in reply) is right and ("正确答案：洛隆县" in reply) is (not right)


@pytest.mark.parametrize("text", ["你好", "E", "5", "0", "AB", "", "对"])
async def test_anything_else_is_reprompted_not_marked_wrong(services, db, text):
    user = User(QuizHandler(), single(services, "q001"))
    await user.say("答题")
    reply = await user.say(text)
    assert "没看懂" in reply and "✅" not in reply and "❌" not in reply
    assert "第1/1题" in reply and "A. 22项\nB. 33项\nC. 44项\nD. 55项" in reply   # the options again
    assert "「跳过」" in reply and "「退出」" in reply
    assert user.data["i"] == 0 and user.session().flow == "quiz"
    assert (await QuizRepository(db).progress("u1"))["q001"].attempts == 0     # nothing recorded
    assert "✅" in await user.say("B")                              # and the question still works


def one_question(services: Services, options: tuple[str, ...], answer: str) -> Services:
    q = Question(id="qn", type="choice", question="发布了几期？", answer=answer, explanation="见公告。",
                 options=options)
    return with_bank(services, QuizBank([q]))


@pytest.mark.parametrize("text, right", [("4", True), ("四", True), ("C", True), ("4期", True), ("2", False),
                                         ("10", False), ("第4个", False)])
async def test_a_bare_number_is_the_option_with_that_figure(services, text, right):
    user = User(QuizHandler(), one_question(services, ("2期", "6期", "4期", "10期"), "C"))
    first = await user.say("答题")
    assert "回复数字" not in first and "请回复选项字母" in first     # numbers are figures here: not offered
    reply = await user.say(text)
    assert ("✅" in reply) is right and ("❌" in reply) is (not right), reply


async def test_a_number_in_several_options_asks_for_the_letter(services, db):
    user = User(QuizHandler(), one_question(services, ("2项", "5项", "7项", "2类"), "A"))
    await user.say("答题")
    reply = await user.say("2")
    assert user.replies[-1].outcome == "reprompt"
    assert "选项A、D里都有「2」，请回复选项字母" in reply and "✅" not in reply and "❌" not in reply
    assert (await QuizRepository(db).progress("u1"))["qn"].attempts == 0      # nothing recorded
    assert "✅" in await user.say("A")


@pytest.mark.parametrize("text", ["跳过", "不知道", "我不知道啊", "不会"])
async def test_skip_is_not_marked_wrong_but_shows_the_answer(services, db, text):
    user = User(QuizHandler(), single(services, "q001"))
    await user.say("答题")
    reply = await user.say(text)
    assert "已跳过这题" in reply and "答错了" not in reply and "❌" not in reply and "正确答案：B. 33项" in reply
    assert "答对0/1题（跳过1题）" in reply and "答错和跳过的1题已收进错题本" in reply
    assert (await QuizRepository(db).due_reviews("u1", services.clock())) == ["q001"]   # reviewed later


async def test_a_question_asked_instead_of_an_answer_is_not_marked(services, db):
    user = User(QuizHandler(), single(services, "q001"))          # no Q&A handler here: said so, asked again
    await user.say("答题")
    reply = await user.say("报名怎么报")
    assert "答不上来" in reply and "接着答题：\n第1/1题" in reply and "❌" not in reply and "✅" not in reply
    assert (await QuizRepository(db).progress("u1"))["q001"].attempts == 0
    assert "✅" in await user.say("是B吗")                           # an answer said unsure is an answer


# --------------------------------------------------------------------------- feedback and scoring

async def test_feedback_then_next_question_in_the_same_reply(services):
    user = User(QuizHandler(random.Random(3)), services)
    await user.say("答题")
    q = services.quiz_bank.get(user.current_qid)
    wrong = {"choice": "D" if q.answer != "D" else "A", "truefalse": "错" if q.answer == "对" else "对",
             "fill": "不知道是什么"}[q.type]
    reply = await user.say(wrong)
    feedback, _, following = reply.partition("\n\n")
    assert feedback.startswith("❌ 答错了。正确答案：" + q.answer_text)
    assert f"解析：{q.explanation}" in feedback
    assert following.startswith("第2/5题")
    nq = services.quiz_bank.get(user.current_qid)
    assert nq.question in following


async def test_full_round_score_time_points_streak_and_next_steps(services, clock):
    user = User(QuizHandler(random.Random(5)), with_bank(services, make_bank(10)))
    await user.say("答题")
    for right in (True, True, False, True, False):
        clock.advance(seconds=25)
        reply = await user.say("甲" if right else "丙")
    assert "本轮结束：答对3/5题，得3分，用时2分5秒。" in reply
    assert "累计积分3分，已连续练习1天。" in reply
    assert "答错的2题已收进错题本。" in reply
    assert "「再来一轮」" in reply and "「错题本」" in reply and "「排行榜」" in reply
    assert user.session().flow is None and user.session().data == {}
    # every reply of the round told the user what to send next
    assert all("回复" in r.text for r in user.replies)

    clock.advance(minutes=1)
    await user.say("再来一轮")
    for _ in range(5):
        reply = await user.answer(True)
    assert "答对5/5题，得5分" in reply and "累计积分8分" in reply and "已连续练习1天" in reply
    assert "错题本" in reply and "收进错题本" not in reply


async def test_points_per_correct_from_config(services):
    user = User(QuizHandler(), with_bank(services, make_bank(4), points_per_correct=10, round_size=2))
    assert "每答对1题得10分" in await user.say("答题")
    assert "+10分" in await user.answer(True)
    assert "得10分" in await user.answer(False)


async def test_streak_counts_consecutive_county_days(services, clock):
    user = User(QuizHandler(), with_bank(services, make_bank(10), round_size=1))

    async def one_round() -> str:
        await user.say("答题")
        return await user.answer(True)

    clock.now = datetime(2026, 3, 9, 15, 30, tzinfo=timezone.utc)        # 3月9日 23:30 county time
    assert "已连续练习1天" in await one_round()
    clock.now = datetime(2026, 3, 9, 16, 10, tzinfo=timezone.utc)        # 3月10日 00:10 county time
    assert "已连续练习2天" in await one_round()
    clock.now = datetime(2026, 3, 11, 1, 0, tzinfo=timezone.utc)         # 3月11日
    assert "已连续练习3天" in await one_round()
    assert "已连续练习3天" in await one_round()                           # twice a day still counts once
    clock.now = datetime(2026, 3, 13, 1, 0, tzinfo=timezone.utc)         # skipped 3月12日
    assert "已连续练习1天" in await one_round()


# --------------------------------------------------------------------------- drawing questions

async def test_no_repeats_within_a_cycle(services):
    services = with_bank(services, make_bank(12))
    user = User(QuizHandler(random.Random(7)), services)
    shown: list[str] = []
    for r in range(6):                                  # 30 questions from a bank of 12
        await user.say("答题" if r == 0 else "再来一轮")
        while user.session().flow == "quiz":
            shown.append(user.current_qid)
            await user.answer(r % 2 == 0)
    assert len(shown) == 30
    bank = set(services.quiz_bank.ids)
    assert set(shown[:12]) == bank and set(shown[12:24]) == bank      # each cycle: every question once
    assert len(set(shown[24:])) == 6


async def test_questions_seen_before_leaving_count_as_seen(services):
    services = with_bank(services, make_bank(12))
    user = User(QuizHandler(random.Random(11)), services)
    await user.say("答题")
    seen = [user.current_qid]
    await user.answer(True)
    seen.append(user.current_qid)                        # shown, not answered
    left = await user.say("退出")
    assert "答了1题，答对1题，得1分" in left and user.session().flow is None
    following: list[str] = []
    for _ in range(2):
        await user.say("答题")
        following += [qid for qid, _ in user.data["items"]]
        while user.session().flow == "quiz":
            await user.answer(True)
    assert len(following) == 10 and not set(seen) & set(following)   # the other 10 of the cycle
    assert set(seen) | set(following) == set(services.quiz_bank.ids)


def test_draw_round_prefers_wrong_questions_statistically():
    ids = [f"q{i:02d}" for i in range(20)]
    wrong = set(ids[:5])
    progress = {q: store.Progress(q, 1, 1, 1 if q in wrong else 0, q not in wrong, q in wrong, 0, None)
                for q in ids}                                          # cycle 1 complete
    rng = random.Random(42)
    picks = [draw_round(ids, progress, 5, rng) for _ in range(2000)]
    assert all(len({q for q, _ in p}) == 5 and {c for _, c in p} == {2} for p in picks)   # a new cycle
    mean_wrong = sum(sum(q in wrong for q, _ in p) for p in picks) / len(picks)
    assert mean_wrong > 2.5          # uniform drawing would give 5 * 5/20 = 1.25
    uniform = sum(sum(q in wrong for q in weighted_sample(ids, 5, {}, rng)) for _ in range(2000)) / 2000
    assert 1.0 < uniform < 1.5


async def test_handler_brings_wrong_questions_back_first(services):
    services = with_bank(services, make_bank(10))
    handler = QuizHandler(random.Random(2024))
    counts = []
    for n in range(20):
        user = User(handler, services, f"user{n}")
        await user.say("答题")
        wrong = set()
        for r in range(2):                                              # cycle 1: 10 questions
            if r:
                await user.say("再来一轮")
            while user.session().flow == "quiz":
                right = r == 1                                          # the first 5 all wrong
                if not right:
                    wrong.add(user.current_qid)
                await user.answer(right)
        await user.say("再来一轮")                                       # cycle 2 starts
        counts.append(sum(qid in wrong for qid, _ in user.data["items"]))
    assert sum(counts) / len(counts) > 3.2       # uniform: 2.5 of 5; weights 4:1 give about 4


# --------------------------------------------------------------------------- 错题本

async def test_review_follows_the_schedule_until_mastered(services, clock):
    user = User(QuizHandler(random.Random(1)), with_bank(services, make_bank(4), round_size=2))
    assert "错题本是空的" in await user.say("错题本")
    await user.say("答题")
    wrong_one = user.current_qid
    await user.answer(False)
    await user.answer(True)

    text = await user.say("错题本")
    assert "有1题到期，本轮复习1题" in text and "第1/1题" in text and user.data["mode"] == "review"
    assert user.current_qid == wrong_one
    reply = await user.answer(True)
    assert "复习结束：答对1/1题" in reply and "错题本还有1题，其中0题现在可以复习" in reply
    assert user.session().flow is None

    clock.advance(hours=2)
    text = await user.say("错题本")
    assert "现在没有要复习的，下一题明天 10:00到期" in text and "「答题」" in text

    clock.advance(hours=22)                                   # one day after: due
    await user.say("错题本")
    await user.answer(True)
    clock.advance(days=1)
    assert "下一题3月15日 10:00到期" in await user.say("错题本")   # 3 days after the 2nd review
    clock.advance(days=2)
    await user.say("错题本")
    reply = await user.answer(True)
    assert "连续答对3次，移出错题本" in reply and "错题本还有0题" in reply
    assert "错题本是空的" in await user.say("错题本")


async def test_wrong_in_review_keeps_it_due(services):
    user = User(QuizHandler(), with_bank(services, make_bank(3), round_size=1))
    await user.say("答题")
    await user.answer(False)
    await user.say("错题本")
    reply = await user.answer(False)
    assert "❌" in reply and "其中1题现在可以复习" in reply
    assert "有1题到期" in await user.say("错题本")


async def test_review_and_leaderboard_mid_round_keep_the_round(services):
    user = User(QuizHandler(), services)
    await user.say("答题")
    text = await user.say("错题本")
    assert "错题本是空的" in text and "本轮第1/5题还在等您作答" in text
    text = await user.say("排行榜")
    assert "本轮第1/5题还在等您作答" in text
    assert user.session().flow == "quiz" and user.data["i"] == 0


# --------------------------------------------------------------------------- leaving, resuming, expiry

async def test_answer_resumes_and_again_starts_afresh(services):
    services = with_bank(services, make_bank(12))
    user = User(QuizHandler(random.Random(9)), services)
    await user.say("答题")
    q = services.quiz_bank.get(user.current_qid)
    await user.say("跳过")
    text = await user.say("答题")
    assert "继续本轮答题" in text and "第2/5题" in text
    items = user.data["items"]
    text = await user.say("再来一轮")
    assert "答题练习开始" in text and "第1/5题" in text and user.data["items"] != items
    assert q.id not in [qid for qid, _ in user.data["items"]]


async def test_leaving_mid_round_keeps_the_answers(services, db):
    user = User(QuizHandler(), services)
    await user.say("答题")
    left = await user.say("退出")
    assert left.startswith("已结束答题。想练习时回复「答题」。\n\n还可以：")     # then the router's menu
    await user.say("答题")
    await user.say("跳过")
    text = await user.say("取消")
    assert "答了1题，答对0题" in text and user.session().flow is None
    assert len(await QuizRepository(db).due_reviews("u1", services.clock())) == 1
    assert (await user.say("A")) == "echo:A"                          # the flow is over: Q&A gets it


async def test_expired_round_note_and_timeout(services, clock):
    handler = QuizHandler()
    assert handler.idle_timeout == 1800
    user = User(handler, services)
    await user.say("答题")
    await user.say("跳过")
    clock.advance(minutes=31)
    reply = await user.say("A")                       # the round has ended: the answer goes to Q&A
    note = "上一轮答题30分钟没有作答，已自动结束（已答的1题都记下了，回复「答题」可重新开始）。"
    assert reply == note + "\n\necho:A" and user.session().flow is None


async def test_bank_reload_mid_round_skips_removed_questions(services):
    user = User(QuizHandler(random.Random(4)), services)
    await user.say("答题")
    second = user.data["items"][1][0]
    services.quiz_bank = QuizBank([q for q in services.quiz_bank if q.id != second])
    reply = await user.say("跳过")
    assert "第3/5题" in reply
    assert user.current_qid == user.data["items"][2][0]


async def test_stale_flow_without_a_round(services):
    user = User(QuizHandler(), services)
    await user.put_session(Session(flow="quiz"))
    text = await user.say("B")
    assert "「再来一轮」" in text and user.session().flow is None


# --------------------------------------------------------------------------- leaderboard

def test_masking_and_week_start():
    assert mask_name("扎西") == "扎*" and mask_name("次仁多吉") == "次***" and mask_name("卓") == "卓*"
    assert mask_name(" ") == ""
    # Monday 00:00 county time is Sunday 16:00 UTC
    assert week_start(datetime(2026, 3, 15, 15, 59, tzinfo=timezone.utc)).isoformat() == "2026-03-09T00:00:00+08:00"
    assert week_start(datetime(2026, 3, 15, 16, 0, tzinfo=timezone.utc)).isoformat() == "2026-03-16T00:00:00+08:00"
    assert format_duration(125) == "2分5秒" and format_duration(9) == "9秒" and format_duration(3700) == "1小时1分"


async def test_leaderboard_top10_order_masking_and_own_rank(services, db, clock):
    quiz = QuizRepository(db)
    monday = week_start(clock.now).astimezone(timezone.utc)
    scores = {f"p{i:02d}": 20 - i for i in range(12)}                   # p00: 20 … p11: 9
    scores["tie"] = 18                                                  # same as p02
    for openid, n in scores.items():
        for k in range(n):
            await quiz.record_answer(openid, f"q{k}", correct=True, points=1, mode="round",
                                     at=monday + timedelta(hours=1, seconds=k))
    await quiz.record_answer("p02", "qx", correct=True, points=1, mode="round",
                             at=monday - timedelta(seconds=1))           # last week: not counted
    await add_signups(db, [("p00", "扎西", "孜托镇"), ("p01", "次仁多吉", "孜托镇"), ("p03", "卓玛", "康沙镇"),
                           ("me", "格桑", "孜托镇")])
    for k in range(15):
        await quiz.record_answer("me", f"q{k}", correct=True, points=1, mode="round", at=clock.now)

    text = await User(QuizHandler(), services, "me").say("排行榜")
    lines = text.split("\n")
    assert lines[0] == "本周排行榜（3月9日—3月15日）"
    board = lines[1:11]
    assert board[0] == "1. 扎*　20分" and board[1] == "2. 次***　19分"
    assert board[2].startswith("3. 微信用户") and board[3].startswith("3. 微信用户")  # 18 and 18: shared rank
    assert board[4] == "5. 卓*　17分"
    assert re.fullmatch(r"3\. 微信用户[0-9a-f]{4}　18分", board[2])
    assert "扎西" not in text and "次仁多吉" not in text and "p02" not in text
    assert len([line for line in lines if re.match(r"\d+\. ", line)]) == 10
    assert re.fullmatch(r"7\. 微信用户[0-9a-f]{4}　15分", board[6])
    assert board[7] == "7. 格*　15分（你）"            # equal to p05, who got there first
    assert board[9].startswith("10. ") and board[9].endswith("13分")
    assert "你本周15分，排第7名。" in text
    assert "孜托镇：你排第3名（本乡镇3人得分）。" in text
    assert text.endswith("回复「答题」练习得分，「错题本」复习错题。")


async def test_leaderboard_for_a_newcomer_and_an_empty_week(services, db, clock):
    text = await User(QuizHandler(), services, "nobody").say("排行榜")
    assert "本周还没有人得分" in text and "你本周还没有得分" in text and "「答题」" in text
    await QuizRepository(db).record_answer("other", "q1", correct=True, points=1, mode="round", at=clock.now)
    text = await User(QuizHandler(), services, "nobody").say("排行榜")
    assert "1. 微信用户" in text and "你本周还没有得分" in text and "乡镇" not in text


async def test_leaderboard_after_playing(services):
    user = User(QuizHandler(random.Random(1)), services, "player")
    await add_signups(services.db, [("player", "扎西", "孜托镇")])
    await user.say("答题")
    for _ in range(5):
        await user.say("跳过")
    await user.say("再来一轮")
    q = services.quiz_bank.get(user.current_qid)
    await user.say(q.answer)
    text = await user.say("排行榜")
    assert "1. 扎*　1分（你）" in text and "你本周1分，排第1名。" in text
    assert "孜托镇：你排第1名（本乡镇1人得分）。" in text
