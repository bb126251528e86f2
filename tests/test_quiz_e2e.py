"""Quiz rounds through the real webhook (signed WeChat callbacks, router, state store, database),
with the real question bank knowledge/quiz.yaml."""
from __future__ import annotations

import random
import re
from datetime import timedelta

from handlers.quiz import QuizHandler
from knowledge.quizbank import Question
from tests.conftest import REDIS_URL
from tests.harness import BotHarness
from tests.helpers import Clock
from tests.stub_handlers import EchoQA

QUESTION_RE = re.compile(r"第(\d+)/(\d+)题（(?:单选|判断|填空)）\n(.+)")


def start(tmp_path, clock, *, db_url=None, redis_url=None, seed=1):
    return BotHarness.start(tmp_path, db_url=db_url, redis_url=redis_url, clock=clock,
                            handlers=[QuizHandler(random.Random(seed)), EchoQA()])


def asked(bot: BotHarness, reply: str) -> tuple[Question, int, int]:
    """The question a reply asks (the last one in it), looked up in the bot's bank by its text."""
    number, total, text = QUESTION_RE.findall(reply)[-1]
    bank = bot.hook.services.quiz_bank
    question = next(q for q in bank if q.question == text)
    return question, int(number), int(total)


def right_answer(q: Question, style: int) -> str:
    """The correct answer written the ways people write it, by style."""
    if q.type == "fill":
        return q.answer
    letter = q.answer if q.type == "choice" else "AB"[("对", "错").index(q.answer)]
    index = "ABCD".index(letter)
    forms = [letter, letter.lower(), chr(ord("Ａ") + index), f"选{letter}", f"第{index + 1}个", q.options[index]]
    if not any(ch.isdigit() for option in q.options for ch in option):
        forms.append(str(index + 1))          # with figures in the options, "4" means the option 4期
    if q.type == "truefalse":
        forms.append({"对": "√", "错": "×"}[q.answer])
    return forms[style % len(forms)]


def wrong_answer(q: Question) -> str:
    if q.type == "fill":
        return "随便写一个"
    if q.type == "truefalse":
        return "错" if q.answer == "对" else "对"
    return next(letter for letter in "ABCD"[:len(q.options)] if letter != q.answer)


async def test_full_rounds_review_and_leaderboard(tmp_path, database):
    clock = Clock()
    async with start(tmp_path, clock, db_url=database.url) as bot:
        reply = await bot.text("openid1", "答题")
        assert "答题练习开始！本轮5题" in reply
        seen = []
        for n in range(5):
            q, number, total = asked(bot, reply)
            assert (number, total) == (n + 1, 5)
            seen.append(q.id)
            for letter, option in zip("ABCD", q.options):
                assert f"\n{letter}. {option}" in reply
            clock.advance(seconds=30)
            if n in (1, 3):
                reply = await bot.text("openid1", wrong_answer(q))
                assert "❌ 答错了。正确答案：" + q.answer_text in reply
            else:
                reply = await bot.text("openid1", right_answer(q, n))
                assert "✅ 答对了！+1分" in reply
            assert f"解析：{q.explanation}" in reply
        assert "本轮结束：答对3/5题，得3分，用时2分30秒。" in reply
        assert "累计积分3分，已连续练习1天。" in reply
        assert "「再来一轮」" in reply and "「错题本」" in reply and "「排行榜」" in reply

        # the two wrong ones come back in the 错题本
        reply = await bot.text("openid1", "错题本")
        assert "有2题到期，本轮复习2题" in reply
        review = []
        for _ in range(2):
            q, _, _ = asked(bot, reply)
            review.append(q.id)
            reply = await bot.text("openid1", right_answer(q, 0))
        assert set(review) == {seen[1], seen[3]}
        assert "复习结束：答对2/2题" in reply and "错题本还有2题，其中0题现在可以复习" in reply

        # the next round brings none of the first round's questions back
        reply = await bot.text("openid1", "再来一轮")
        q, _, _ = asked(bot, reply)
        assert q.id not in seen

        # another user scores as much, later; both appear, masked, sharing first place
        clock.advance(minutes=10)
        reply = await bot.text("openid2", "答题")
        for _ in range(5):
            q, _, _ = asked(bot, reply)
            reply = await bot.text("openid2", right_answer(q, 5))
        assert "答对5/5题" in reply
        board = await bot.text("openid1", "排行榜")
        lines = board.split("\n")
        assert lines[0] == "本周排行榜（3月9日—3月15日）"
        assert re.fullmatch(r"1\. 微信用户[0-9a-f]{4}　5分（你）", lines[1])   # 3 + 2 review points, first
        assert re.fullmatch(r"1\. 微信用户[0-9a-f]{4}　5分", lines[2])
        assert lines[1][:10] != lines[2][:10]
        assert "你本周5分，排第1名。" in board
        assert "openid" not in board


async def test_round_size_in_chinese_numerals_through_the_router(tmp_path):
    async with start(tmp_path, Clock()) as bot:
        assert "本轮10题" in await bot.text("c1", "答题十")
        assert "本轮12题" in await bot.text("c1", "再来一轮十二")


async def test_voice_answers_and_reprompts(tmp_path):
    clock = Clock()
    async with start(tmp_path, clock, seed=3) as bot:
        reply = await bot.voice("v1", "答题")
        for _ in range(5):
            q, number, _ = asked(bot, reply)
            again = await bot.text("v1", "今天天气怎么样")             # a question: said so, asked again
            assert "答不上来" in again and asked(bot, again)[0].id == q.id and "✅" not in again and "❌" not in again
            again = await bot.text("v1", "嗯嗯嗯嗯")
            assert "没看懂您的答案" in again and asked(bot, again)[0].id == q.id and "✅" not in again
            if q.type == "choice":
                spoken = "选" + q.answer + "。"
            elif q.type == "truefalse":
                spoken = "这个说法是" + q.answer + "的。"
            else:
                spoken = q.answer + "。"
            reply = await bot.voice("v1", spoken)
            assert "✅ 答对了" in reply, (q, spoken, reply)
        assert "答对5/5题" in reply


async def test_round_survives_a_restart_with_redis_state(tmp_path, database):
    clock = Clock()
    async with start(tmp_path, clock, db_url=database.url, redis_url=REDIS_URL) as bot:
        reply = await bot.text("r1", "答题")
        q, _, _ = asked(bot, reply)
        reply = await bot.text("r1", right_answer(q, 0))
        second, number, _ = asked(bot, reply)
        assert number == 2

        await bot.restart()                                        # new process, same DB and Redis
        clock.advance(minutes=5)
        reply = await bot.text("r1", right_answer(second, 1))
        assert "✅ 答对了" in reply and asked(bot, reply)[1] == 3
        for _ in range(3):
            q, _, _ = asked(bot, reply)
            reply = await bot.text("r1", right_answer(q, 2))
        assert "本轮结束：答对5/5题，得5分" in reply and "累计积分5分" in reply

        await bot.restart()
        board = await bot.text("r1", "排行榜")
        assert "你本周5分，排第1名。" in board


async def test_memory_state_is_lost_on_restart_but_history_is_not(tmp_path):
    clock = Clock()
    async with start(tmp_path, clock) as bot:
        reply = await bot.text("m1", "答题")
        first, _, _ = asked(bot, reply)
        await bot.text("m1", wrong_answer(first))
        await bot.restart()                                        # memory store: the round is gone
        assert (await bot.text("m1", "A")) == "echo:A"             # goes to Q&A, not the quiz
        reply = await bot.text("m1", "错题本")
        assert "有1题到期" in reply and asked(bot, reply)[0].id == first.id


async def test_idle_round_expires_after_30_minutes(tmp_path):
    clock = Clock()
    async with start(tmp_path, clock) as bot:
        reply = await bot.text("e1", "答题")
        q, _, _ = asked(bot, reply)
        clock.advance(minutes=29)
        reply = await bot.text("e1", right_answer(q, 0))          # still in the round
        assert "✅" in reply
        clock.advance(minutes=31)
        reply = await bot.text("e1", "A")
        assert reply.startswith("上一轮答题30分钟没有作答，已自动结束（已答的1题都记下了，回复「答题」可重新开始）。")
        assert reply.endswith("echo:A")
        assert "答题练习开始" in await bot.text("e1", "答题")


async def test_leave_mid_round_menu_and_click(tmp_path):
    clock = Clock()
    async with start(tmp_path, clock) as bot:
        assert "答题练习开始" in await bot.text("l1", "4")          # menu item 4 when idle
        reply = await bot.text("l1", "菜单")
        assert "未完成的操作" in reply
        reply = await bot.text("l1", "退出")
        assert reply.startswith("已结束答题。想练习时回复「答题」。")
        taps = iter(range(1_800_000_000, 1_800_000_100))

        async def click(key: str) -> str:        # events are deduplicated by CreateTime: one per tap
            return await bot.send("l1", "event", event="CLICK", event_key=key, create_time=next(taps))

        assert "答题练习开始" in await click("QUIZ")
        reply = await click("QUIZ")                                   # a second tap resumes the round
        assert "继续本轮答题" in reply and "第1/5题" in reply
        assert "本轮第1/5题还在等您作答" in await click("WRONG_BOOK")


async def test_leaderboard_uses_real_signup_profiles(tmp_path):
    from bot.storage import signups

    clock = Clock()
    async with start(tmp_path, clock) as bot:
        event = signups.EventInfo(code="writing", name="国家通用语言文字书写比赛", category="language",
                                  category_name="语言文字类", deadline=clock.now.date() + timedelta(days=30),
                                  capacity=None)
        for openid, name, township in [("s1", "次仁多吉", "孜托镇"), ("s2", "扎西", "孜托镇"),
                                       ("s3", "卓玛", "康沙镇")]:
            await bot.hook.services.signups.confirm(signups.NewSignup(
                idem_key=f"draft-{openid}", openid=openid, for_other=False, event=event, name=name, sex="男",
                age=30, township=township, village="某村", consent_at=clock.now),
                today=clock.now.date(), max_events=3, now=clock.now)
        for openid, right in [("s1", 5), ("s2", 3), ("s3", 4), ("anon", 2)]:
            reply = await bot.text(openid, "答题")
            for n in range(5):
                q, _, _ = asked(bot, reply)
                reply = await bot.text(openid, right_answer(q, n) if n < right else wrong_answer(q))
        board = await bot.text("s2", "排行榜")
        lines = board.split("\n")
        assert lines[1:5] == ["1. 次***　5分", "2. 卓*　4分", "3. 扎*　3分（你）", lines[4]]
        assert re.fullmatch(r"4\. 微信用户[0-9a-f]{4}　2分", lines[4])
        assert "你本周3分，排第3名。" in board and "孜托镇：你排第2名（本乡镇2人得分）。" in board
        assert "扎西" not in board and "次仁多吉" not in board
