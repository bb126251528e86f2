"""Quiz practice (应知应会): rounds of questions with feedback, points, streaks, 错题本, 排行榜.

Conversation
- 「答题」 starts a round of ``quiz.round_size`` questions (default 5; 「答题10」 or 「答题十」 asks
  for 10, at most 20). 「答题」 during a practice round picks it up where it stopped; 「再来一轮」 always
  starts a new one.
- Each answer gets right/wrong, the correct answer and the explanation, then the next
  question in the same reply. A reply that is not an answer gets the question again, never a
  wrong mark, and so does a number written in several options (asked for the letter instead);
  「跳过」/「不知道」 skips the question (shows the answer; counted as skipped, not as wrong, though
  it goes to the 错题本 like a wrong one). A question asked instead (答对有奖品吗) is answered by
  Q&A and the quiz question asked again; 「不答了」「算了」 end the round with the score so far.
- The round ends with the score, the time taken, the user's total points and their streak of
  practice days, and offers 「再来一轮」「错题本」「排行榜」.
- 「错题本」 runs a round of the questions due for review (rule in bot/storage/quiz.py).
- 「排行榜」 shows this week's top 10 (Monday 00:00 county time on), names masked, and the
  user's own rank overall and in their township (name and township from their sign-up),
  computed in the database (bot/storage/quiz.py ``leaderboard``).

Drawing questions: a user sees every question of the bank once before any comes back (a
*cycle*, kept per question in ``quiz_progress.cycle``). Within a cycle, questions are drawn
with weights: 4 if the user's last answer to it was wrong, 2 if they ever got it wrong, 1
otherwise -- so what they got wrong comes back early in the next cycle.

Round state (``ctx.session.data``, JSON only, so it survives a restart when the state store is
Redis): ``mode`` (round | review), ``items`` ([question id, cycle] pairs), ``i`` (current
question), ``correct``, ``points``, ``wrong`` (ids answered wrong this round), ``started``
(unix time). Every answer is written to the database at once, so leaving or timing out
mid-round loses nothing but the end-of-round summary.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from bot.core.clock import COUNTY_TZ, cn_month_day, county_time
from bot.core.messages import Message, Reply
from bot.core.privacy import short_user
from bot.core.session import Context
from handlers.base import Handler, aside
from knowledge.normalize import numerals_to_digits
from knowledge.quizbank import TYPE_LABELS, Question, Unclear, Verdict, normalize_answer
from knowledge.text import cn_number, has_han, is_question, plain_reply
from knowledge.words import QUESTION_ENDINGS, QUIZ_QUIT_WORDS, SKIP_QUESTION_WORDS

if TYPE_CHECKING:
    from bot.storage.quiz import Progress

NO_ANSWER = "这个问题我现在答不上来，答完这一轮可以再问我。"
TENTATIVE_CHARS = 3     # 「B吗」「对吗」: an answer said unsure, not a question (longer only with a figure)
MAYBE_QUESTION_CHARS = 4
DEFAULT_ROUND_SIZE = 5
MAX_ROUND_SIZE = 20
DEFAULT_POINTS = 1
LEADERBOARD_SIZE = 10
WEIGHT_LAST_WRONG = 4
WEIGHT_EVER_WRONG = 2
NEXT_STEPS = "回复「再来一轮」继续练习，「错题本」复习错题，「排行榜」看本周排名。"
HINTS = {
    "choice": "请回复选项字母，如「A」（也可以回复数字或选项内容，语音也行）",
    "choice-figures": "请回复选项字母，如「A」（也可以回复选项内容，语音也行）",
    "truefalse": "请回复「对」或「错」（也可以回复 A/B、√/×）",
    "fill": "请直接回复答案（文字或语音）",
}


# --------------------------------------------------------------------------- pure helpers

def question_weight(p: Progress | None) -> int:
    if p is None or p.attempts == 0:
        return 1
    if p.last_correct is False:
        return WEIGHT_LAST_WRONG
    return WEIGHT_EVER_WRONG if p.wrong else 1


def weighted_sample(ids: list[str], k: int, weights: dict[str, int], rng: random.Random) -> list[str]:
    """k distinct ids, each drawn with probability proportional to its weight (Efraimidis-Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / weights.get(q, 1)), q) for q in ids), reverse=True)
    return [q for _, q in keyed[:k]]


def draw_round(bank_ids: list[str], progress: dict[str, Progress], n: int,
               rng: random.Random) -> list[tuple[str, int]]:
    """Pick n questions as (id, cycle): first the ones not yet seen in the current cycle; when
    those run out, the rest come from the next cycle (and are asked after them)."""
    n = min(n, len(bank_ids))
    if n <= 0:
        return []
    cycles = {q: progress[q].cycle for q in bank_ids if q in progress}
    cycle = max(cycles.values(), default=0) or 1
    unseen = [q for q in bank_ids if cycles.get(q, 0) < cycle]
    if not unseen:
        cycle += 1
        unseen = list(bank_ids)
    weights = {q: question_weight(progress.get(q)) for q in bank_ids}
    first = weighted_sample(unseen, min(n, len(unseen)), weights, rng)
    items = [(q, cycle) for q in first]
    if len(items) < n:
        rest = [q for q in bank_ids if q not in set(first)]
        items += [(q, cycle + 1) for q in weighted_sample(rest, n - len(items), weights, rng)]
    return items


def mask_name(name: str) -> str:
    """扎西 -> 扎*, 次仁多吉 -> 次***."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def anonymous_name(openid: str) -> str:
    return "微信用户" + short_user(openid)[1:5]


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    minutes, sec = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}小时{minutes}分"
    return f"{minutes}分{sec}秒" if minutes else f"{sec}秒"


def week_start(now: datetime) -> datetime:
    """Monday 00:00 county time of the week containing ``now``, as an aware datetime."""
    local = county_time(now)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=COUNTY_TZ)


def format_when(dt: datetime, now: datetime) -> str:
    local, today = county_time(dt), county_time(now).date()
    if local.date() == today:
        day = "今天"
    elif local.date() == today + timedelta(days=1):
        day = "明天"
    else:
        day = cn_month_day(local)
    return f"{day} {local:%H:%M}"


def render_question(q: Question, number: int, total: int) -> str:
    lines = [f"第{number}/{total}题（{TYPE_LABELS[q.type]}）", q.question]
    if q.type in ("choice", "truefalse"):
        lines += [f"{'ABCD'[i]}. {text}" for i, text in enumerate(q.options)]
    # Options with figures in them (2期, 4期…): a number would be read as a figure, so do not offer it.
    figures = q.type == "choice" and any(ch.isdigit() for o in q.options for ch in normalize_answer(o))
    lines.append(HINTS["choice-figures" if figures else q.type])
    return "\n".join(lines)


def tentative_answer(q: Question, text: str) -> str | None:
    """「B吗」「是对的吗」「100余场次吗」: an answer said unsure rather than a question -- without its
    吗 it picks an option, and it is short or gives a figure (答对有奖品吗 is a question). Returns
    the answer without its 吗, else None."""
    word = plain_reply(text)
    for end in QUESTION_ENDINGS:
        if word.endswith(end) and len(word) > len(end):
            word = word[: -len(end)]
    short = len(word) <= TENTATIVE_CHARS or any(ch.isdigit() for ch in numerals_to_digits(word))
    if not short or is_question(word):          # 是啥吗: a question word, not only the 吗
        return None
    return word if isinstance(q.check(word), Verdict) else None


# --------------------------------------------------------------------------- the handler

class QuizHandler(Handler):
    name = "quiz"
    commands = {"答题": "start", "再来一轮": "start", "错题本": "review", "排行榜": "leaderboard"}
    idle_timeout = 1800
    leave_words = QUIZ_QUIT_WORDS

    def __init__(self, rng: random.Random | None = None):
        self.rng = rng or random.Random()

    # -- settings -----------------------------------------------------------------------
    @staticmethod
    def _setting(ctx: Context, key: str, default: int) -> int:
        settings = ctx.services.settings
        try:
            value = int(settings.get("quiz", key, default)) if settings is not None else default
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    def _round_size(self, ctx: Context, arg: str) -> int:
        """「答题10」 / 「答题十」 (the router passes digits or Chinese numerals), else the setting."""
        n = cn_number(arg) if arg else None
        if n is not None and n > 0:
            return min(n, MAX_ROUND_SIZE)
        return min(self._setting(ctx, "round_size", DEFAULT_ROUND_SIZE), MAX_ROUND_SIZE)

    # -- commands -----------------------------------------------------------------------
    async def start(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        bank = ctx.services.quiz_bank
        if not bank or not len(bank):
            return Reply("抱歉，题库暂时没有题目。您可以直接发问题问我，或发送「菜单」看看其他功能。",
                         outcome="empty")
        data = ctx.session.data if ctx.session.flow == self.name else {}
        again = normalize_answer(msg.text).startswith(normalize_answer("再来一轮"))
        if data.get("mode") == "round" and not again and not arg and self._current(ctx) is not None:
            q, number, total = self._current(ctx)
            return Reply("继续本轮答题（想换一组新题，回复「再来一轮」）：\n\n" + render_question(q, number, total),
                         outcome="resume")
        progress = await ctx.services.quiz.progress(ctx.user)
        items = draw_round(bank.ids, progress, self._round_size(ctx, arg), self.rng)
        ctx.enter(self.name, {"mode": "round", "items": [list(i) for i in items], "i": 0, "correct": 0,
                              "points": 0, "wrong": [], "started": ctx.now.timestamp()})
        await self._mark_seen(ctx)
        points = self._setting(ctx, "points_per_correct", DEFAULT_POINTS)
        intro = (f"答题练习开始！本轮{len(items)}题，每答对1题得{points}分。"
                 "回复「退出」可随时结束。")
        q, number, total = self._current(ctx)
        return Reply(intro + "\n\n" + render_question(q, number, total), outcome="start")

    async def review(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        bank = ctx.services.quiz_bank
        quiz, now = ctx.services.quiz, ctx.now
        ids = set(bank.ids) if bank else set()
        due = [q for q in await quiz.due_reviews(ctx.user, now) if q in ids]
        if not due:
            summary = await quiz.review_summary(ctx.user, now, only=ids)
            if summary.total == 0:
                text = "您的错题本是空的：答错的题会自动收进来，方便以后复习。回复「答题」开始练习。"
            else:
                when = format_when(summary.next_due, now) if summary.next_due else "稍后"
                text = (f"错题本里有{summary.total}题，现在没有要复习的，下一题{when}到期。"
                        "回复「答题」继续练习，「排行榜」看本周排名。")
            return Reply(text + self._round_note(ctx), outcome="review-none")
        size = self._round_size(ctx, arg)
        chosen = due[:size]
        ctx.enter(self.name, {"mode": "review", "items": [[q, 0] for q in chosen], "i": 0, "correct": 0,
                              "points": 0, "wrong": [], "started": now.timestamp()})
        intro = (f"错题本复习：有{len(due)}题到期，本轮复习{len(chosen)}题。"
                 f"一道题连续答对{quiz.mastered_after}次就移出错题本。回复「退出」可随时结束。")
        q, number, total = self._current(ctx)
        return Reply(intro + "\n\n" + render_question(q, number, total), outcome="review")

    async def leaderboard(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        since = week_start(ctx.now)
        board = await ctx.services.quiz.leaderboard(since, ctx.user, limit=LEADERBOARD_SIZE)
        end = since + timedelta(days=6)
        lines = [f"本周排行榜（{since.month}月{since.day}日—{end.month}月{end.day}日）"]
        if not board.top:
            lines.append("本周还没有人得分，快来争第一！")
        for line in board.top:
            name = mask_name(line.name or "") or anonymous_name(line.openid)
            mark = "（你）" if line.openid == ctx.user else ""
            lines.append(f"{line.rank}. {name}　{line.points}分{mark}")
        me = board.me
        if me:
            lines.append(f"你本周{me.points}分，排第{me.rank}名。")
            if me.township:
                lines.append(f"{me.township}：你排第{me.township_rank}名（本乡镇{me.township_players}人得分）。")
        else:
            lines.append("你本周还没有得分。")
        lines.append("回复「答题」练习得分，「错题本」复习错题。" + self._round_note(ctx))
        return Reply("\n".join(lines), outcome="leaderboard")

    # -- inside the flow ----------------------------------------------------------------
    async def handle(self, ctx: Context, msg: Message) -> Reply:
        current = self._current(ctx)
        if current is None:
            ctx.leave()
            return Reply("这一轮已经结束了。" + NEXT_STEPS, outcome="stale")
        q, number, total = current
        text = msg.text or ""
        shown = render_question(q, number, total)
        skipped = plain_reply(text) in SKIP_QUESTION_WORDS
        answer = text if skipped or not is_question(text) else tentative_answer(q, text)
        if skipped:
            verdict_correct, given = False, "跳过"
        elif answer is None:             # asked, not answered (答对有奖品吗): Q&A answers, the question again
            again = "接着答题：\n" + shown
            return aside(f"{NO_ANSWER}\n\n{again}", again)
        else:
            verdict = q.check(answer, voice=msg.kind == "voice")
            if isinstance(verdict, Unclear):
                return Reply(f"选项{verdict.letters}里都有「{verdict.reply}」，请回复选项字母（如「A」）：\n\n"
                             + shown, outcome="reprompt")
            if verdict is None:
                unclear = ("没看懂您的答案，再看一下这道题：\n\n" + shown
                           + "\n不会做可回复「跳过」；想问别的事，请先回复「退出」。")
                word = plain_reply(text)
                if len(word) >= MAYBE_QUESTION_CHARS and has_han(word):
                    return aside(unclear, "接着答题：\n" + shown, sure=False, outcome="reprompt")
                return Reply(unclear, outcome="reprompt")
            verdict_correct, given = verdict.correct, verdict.given

        data = ctx.session.data
        points = self._setting(ctx, "points_per_correct", DEFAULT_POINTS)
        quiz = ctx.services.quiz
        data["i"] += 1              # the session is saved only if the answer is stored
        following = self._current(ctx)
        update = await quiz.record_answer(ctx.user, q.id, correct=verdict_correct, points=points,
                                          mode=data["mode"], at=ctx.now, given=given,
                                          next_seen=self._to_mark_seen(ctx))
        if verdict_correct:
            data["correct"] += 1
            data["points"] += points
            feedback = [f"✅ 答对了！+{points}分"]
        elif skipped:
            data["skipped"] = data.get("skipped", 0) + 1
            data["wrong"].append(q.id)          # reviewed like a wrong one (the storage counts it so)
            feedback = [f"⏭ 已跳过这题。正确答案：{q.answer_text}"]
        else:
            data["wrong"].append(q.id)
            feedback = [f"❌ 答错了。正确答案：{q.answer_text}"]
        feedback.append(f"解析：{q.explanation}")
        if update.change == "mastered":
            feedback.append(f"这道题已连续答对{quiz.mastered_after}次，移出错题本。")
        if following is not None:
            nq, n_number, n_total = following
            return Reply("\n".join(feedback) + "\n\n" + render_question(nq, n_number, n_total),
                         outcome="right" if verdict_correct else "wrong")
        summary = await self._finish(ctx)
        return Reply("\n".join(feedback) + "\n\n" + summary, outcome="finished")

    async def cancel(self, ctx: Context) -> str:
        data = ctx.session.data
        answered = self._answered(data)
        if not answered:
            return "已结束答题。想练习时回复「答题」。"
        skipped = f"，跳过{data['skipped']}题" if data.get("skipped") else ""
        return (f"已结束本轮答题：答了{answered}题，答对{data.get('correct', 0)}题{skipped}，"
                f"得{data.get('points', 0)}分（都已记下）。想练习时回复「答题」。")

    async def expired(self, ctx: Context) -> str:
        data = ctx.session.data
        answered = self._answered(data)
        minutes = int(self.idle_timeout // 60)
        done = f"已答的{answered}题都记下了，" if answered else ""
        return f"上一轮答题{minutes}分钟没有作答，已自动结束（{done}回复「答题」可重新开始）。"

    # -- internals ----------------------------------------------------------------------
    def _current(self, ctx: Context) -> tuple[Question, int, int] | None:
        """The question to ask now, skipping any the bank no longer has (after a reload)."""
        data = ctx.session.data
        items = data.get("items") or []
        bank = ctx.services.quiz_bank
        while data.get("i", 0) < len(items):
            q = bank.get(items[data["i"]][0]) if bank else None
            if q is not None:
                return q, data["i"] + 1, len(items)
            data["i"] += 1
        return None

    @staticmethod
    def _answered(data: dict) -> int:
        return min(int(data.get("i", 0)), len(data.get("items") or []))

    def _to_mark_seen(self, ctx: Context) -> tuple[str, int] | None:
        """(question id, cycle) of the question asked now, in a practice round (reviews mark nothing)."""
        data = ctx.session.data
        if data.get("mode") != "round" or self._current(ctx) is None:
            return None
        qid, cycle = data["items"][data["i"]]
        return qid, cycle

    async def _mark_seen(self, ctx: Context) -> None:
        seen = self._to_mark_seen(ctx)
        if seen is not None:
            await ctx.services.quiz.mark_seen(ctx.user, *seen, ctx.now)

    def _round_note(self, ctx: Context) -> str:
        """Said after a command that interrupts nothing: how to go on with an open round."""
        if ctx.session.flow != self.name or self._current(ctx) is None:
            return ""
        _, number, total = self._current(ctx)
        return f"\n（本轮第{number}/{total}题还在等您作答，直接回复答案即可继续。）"

    async def _finish(self, ctx: Context) -> str:
        data, quiz, now = ctx.session.data, ctx.services.quiz, ctx.now
        started = datetime.fromtimestamp(float(data.get("started") or now.timestamp()), tz=timezone.utc)
        total = len(data["items"])
        today = county_time(now).date()
        await quiz.finish_round(ctx.user, mode=data["mode"], size=total, correct=data["correct"],
                                points=data["points"], started_at=started, finished_at=now, day=today)
        all_points = await quiz.total_points(ctx.user)
        days = await quiz.streak_days(ctx.user, today)
        title = "本轮结束" if data["mode"] == "round" else "复习结束"
        skipped = f"（跳过{data['skipped']}题）" if data.get("skipped") else ""
        lines = [f"{title}：答对{data['correct']}/{total}题{skipped}，得{data['points']}分，"
                 f"用时{format_duration((now - started).total_seconds())}。",
                 f"累计积分{all_points}分，已连续练习{days}天。"]
        if data["mode"] == "round" and data["wrong"]:
            which = "答错和跳过" if data.get("skipped") else "答错"
            lines.append(f"{which}的{len(data['wrong'])}题已收进错题本。")
        elif data["mode"] == "review":
            bank = ctx.services.quiz_bank
            summary = await quiz.review_summary(ctx.user, now, only=set(bank.ids) if bank else None)
            lines.append(f"错题本还有{summary.total}题，其中{summary.due}题现在可以复习。")
        lines.append(NEXT_STEPS)
        ctx.leave()
        return "\n".join(lines)
