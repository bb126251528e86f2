"""bot/storage/quiz.py on SQLite and PostgreSQL: cycles, answers, the 错题本 rule, points, ranks, streaks."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from bot.storage import quiz as store

T0 = datetime(2026, 3, 9, 2, 0, tzinfo=timezone.utc)      # Monday 10:00 in county time
DAY = timedelta(days=1)


async def test_mark_seen_creates_and_moves_the_cycle(database):
    await store.mark_seen(database, "u1", "q1", 1, T0)
    await store.mark_seen(database, "u1", "q2", 1, T0)
    await store.mark_seen(database, "u1", "q1", 2, T0 + DAY)      # seen again in the next cycle
    await store.mark_seen(database, "u2", "q1", 1, T0)
    p = await store.progress(database, "u1")
    assert {q: v.cycle for q, v in p.items()} == {"q1": 2, "q2": 1}
    assert p["q1"].attempts == 0 and p["q1"].in_review is False
    assert set(await store.progress(database, "u2")) == {"q1"}
    assert await store.progress(database, "nobody") == {}


async def test_answers_count_attempts_and_wrongs(database):
    await store.mark_seen(database, "u1", "q1", 1, T0)
    await store.record_answer(database, "u1", "q1", correct=False, points=1, mode="round", at=T0, given="A")
    await store.record_answer(database, "u1", "q1", correct=True, points=1, mode="round", at=T0, given="B")
    # an answer to a question never marked seen still gets a progress row
    await store.record_answer(database, "u1", "q9", correct=True, points=1, mode="round", at=T0)
    p = await store.progress(database, "u1")
    assert (p["q1"].attempts, p["q1"].wrong, p["q1"].last_correct, p["q1"].cycle) == (2, 1, True, 1)
    assert (p["q9"].attempts, p["q9"].wrong, p["q9"].cycle) == (1, 0, 0)
    assert await store.total_points(database, "u1") == 2          # wrong answers score nothing
    assert await store.total_points(database, "u2") == 0


async def test_review_rule_due_times_and_mastery(database):
    u, q = "u1", "q1"
    up = await store.record_answer(database, u, q, correct=False, points=1, mode="round", at=T0)
    assert up == store.ReviewUpdate("added", T0)
    assert await store.due_reviews(database, u, T0) == [q]

    up = await store.record_answer(database, u, q, correct=True, points=1, mode="review", at=T0)
    assert up.change == "advanced" and up.due_at == T0 + DAY
    assert await store.due_reviews(database, u, T0 + DAY - timedelta(seconds=1)) == []
    assert await store.due_reviews(database, u, T0 + DAY) == [q]
    summary = await store.review_summary(database, u, T0 + timedelta(hours=1))
    assert summary == store.ReviewSummary(total=1, due=0, next_due=T0 + DAY)

    up = await store.record_answer(database, u, q, correct=True, points=1, mode="review", at=T0 + DAY)
    assert up.change == "advanced" and up.due_at == T0 + 4 * DAY          # then 3 days
    up = await store.record_answer(database, u, q, correct=True, points=1, mode="review", at=T0 + 4 * DAY)
    assert up == store.ReviewUpdate("mastered")
    assert await store.due_reviews(database, u, T0 + 30 * DAY) == []
    assert (await store.review_summary(database, u, T0 + 30 * DAY)).total == 0
    p = (await store.progress(database, u))[q]
    assert (p.in_review, p.review_streak, p.due_at) == (False, 0, None)


async def test_wrong_in_review_starts_over(database):
    u = "u1"
    await store.record_answer(database, u, "q1", correct=False, points=1, mode="round", at=T0)
    await store.record_answer(database, u, "q1", correct=True, points=1, mode="review", at=T0)
    up = await store.record_answer(database, u, "q1", correct=False, points=1, mode="review", at=T0 + DAY)
    assert up == store.ReviewUpdate("again", T0 + DAY)
    p = (await store.progress(database, u))["q1"]
    assert (p.in_review, p.review_streak, p.due_at) == (True, 0, T0 + DAY)


async def test_round_answers_move_a_review_only_when_due(database):
    u = "u1"
    await store.record_answer(database, u, "q1", correct=False, points=1, mode="round", at=T0)
    await store.record_answer(database, u, "q1", correct=True, points=1, mode="review", at=T0)  # due T0+1d
    up = await store.record_answer(database, u, "q1", correct=True, points=1, mode="round", at=T0 + DAY / 2)
    assert up == store.ReviewUpdate()                                  # not due yet: nothing changes
    up = await store.record_answer(database, u, "q1", correct=True, points=1, mode="round", at=T0 + DAY)
    assert up.change == "advanced"
    # a correct answer to a question never in the book changes nothing
    assert (await store.record_answer(database, u, "q2", correct=True, points=1, mode="round", at=T0)
            ) == store.ReviewUpdate()


async def test_due_order_summary_filter_and_clear(database):
    u = "u1"
    await store.record_answer(database, u, "q2", correct=False, points=1, mode="round", at=T0)
    await store.record_answer(database, u, "q1", correct=False, points=1, mode="round", at=T0 + timedelta(minutes=1))
    await store.record_answer(database, u, "q3", correct=False, points=1, mode="round", at=T0 + timedelta(minutes=2))
    await store.record_answer(database, "u2", "q1", correct=False, points=1, mode="round", at=T0)
    assert await store.due_reviews(database, u, T0 + DAY) == ["q2", "q1", "q3"]   # longest due first
    s = await store.review_summary(database, u, T0 + DAY, only={"q1", "q2"})
    assert (s.total, s.due, s.next_due) == (2, 2, None)
    assert await store.clear_review(database, u) == 3
    assert await store.due_reviews(database, u, T0 + DAY) == []
    assert await store.due_reviews(database, "u2", T0 + DAY) == ["q1"]


async def test_given_answer_is_masked_and_short(database):
    await store.record_answer(database, "u1", "q1", correct=False, points=1, mode="round", at=T0,
                              given="我的电话13812345678" + "很长" * 50)
    async with database.session() as s:
        given = await s.scalar(select(store.QuizAnswer.given))
    assert "13812345678" not in given and "138****5678" in given and len(given) <= 64


async def test_weekly_points_order_ties_and_window(database):
    week = T0                                   # the window starts here
    async def score(user, n, at):
        for i in range(n):
            await store.record_answer(database, user, f"q{i}", correct=True, points=1, mode="round", at=at)

    await score("old", 9, week - timedelta(seconds=1))     # last week: not counted
    await score("a", 3, week + timedelta(hours=1))
    await score("b", 5, week + timedelta(hours=2))
    await score("c", 3, week + timedelta(hours=3))         # same as a, but later
    await store.record_answer(database, "zero", "q1", correct=False, points=1, mode="round", at=week)
    assert await store.weekly_points(database, week) == [("b", 5), ("a", 3), ("c", 3)]
    assert await store.weekly_points(database, week, limit=2) == [("b", 5), ("a", 3)]
    assert await store.rank_of(database, "b", week) == (1, 5)
    assert await store.rank_of(database, "a", week) == (2, 3)
    assert await store.rank_of(database, "c", week) == (2, 3)        # equal scores share a rank
    assert await store.rank_of(database, "zero", week) is None
    assert await store.rank_of(database, "old", week) is None
    assert await store.rank_of(database, "old", week - DAY) == (1, 9)


async def test_rounds_and_practice_days(database):
    for d, mode in [(date(2026, 3, 7), "round"), (date(2026, 3, 8), "review"), (date(2026, 3, 9), "round"),
                    (date(2026, 3, 9), "round"), (date(2026, 3, 1), "round")]:
        at = datetime(d.year, d.month, d.day, 4, tzinfo=timezone.utc)
        await store.finish_round(database, "u1", mode=mode, size=5, correct=3, points=3,
                                 started_at=at - timedelta(minutes=3), finished_at=at, day=d)
    days = await store.practice_days(database, "u1")
    assert days == [date(2026, 3, 9), date(2026, 3, 8), date(2026, 3, 7), date(2026, 3, 1)]
    assert store.streak(days, date(2026, 3, 9)) == 3
    assert await store.practice_days(database, "u2") == []


def test_streak_rule():
    d = date(2026, 3, 9)
    assert store.streak([], d) == 0
    assert store.streak([d], d) == 1
    assert store.streak([d - DAY, d - 2 * DAY], d) == 2         # not yet today: yesterday's streak stands
    assert store.streak([d - 2 * DAY], d) == 0                  # missed yesterday: broken
    assert store.streak([d, d - DAY, d - 3 * DAY], d) == 2


async def test_times_come_back_aware_utc(database):
    await store.record_answer(database, "u1", "q1", correct=False, points=1, mode="round",
                              at=T0.astimezone(timezone(timedelta(hours=8))))
    p = (await store.progress(database, "u1"))["q1"]
    assert p.due_at == T0 and p.due_at.tzinfo is not None
