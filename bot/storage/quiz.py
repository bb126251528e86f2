"""Quiz history: answers, per-question progress (practice cycles, wrong-answer review), rounds.

Tables
- ``quiz_answers``  one row per answer: who, which question, right or wrong, points. Points
  and the weekly leaderboard are sums over it.
- ``quiz_progress`` one row per (user, question): the practice cycle in which the user last
  saw it, how often they answered it and got it wrong, and its place in the 错题本.
- ``quiz_rounds``   one row per finished round (practice or review), with the county-time
  day it finished on: the streak of practice days counts these days.

Wrong-answer review (错题本) follows a small Leitner rule, chosen over FSRS because a herder
can be told it in one sentence and a test can pin it down:
- a wrong answer (in a round or in review) puts the question in the book, due at once;
- a correct answer to a question that is due moves it on: due again after 1 day, then
  after 3 days, and the third correct answer in a row takes it out of the book;
- a wrong answer while it is in the book starts it over (due at once, count back to 0).
Correct answers to a question that is not yet due change nothing.

Weekly leaderboard (``leaderboard``): points since Monday summed per user in SQL, ranked with
``RANK()`` (equal points share a rank; among them, whoever reached their points first -- the
latest scoring answer -- is listed first), and the user's own rank overall and within their
township -- all in two queries. A user's name and township are those of their newest active
sign-up for themselves (read from the sign-up table, never written here).

Times are stored in UTC; callers pass aware datetimes.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.privacy import mask_sensitive
from bot.storage.db import Base, Database, upsert
from bot.storage.signups import ACTIVE, Signup

# Interval before the next review, by how many correct answers in a row it already has.
REVIEW_INTERVALS = (timedelta(0), timedelta(days=1), timedelta(days=3))
MASTERED_AFTER = 3          # correct answers in a row that take a question out of the 错题本

_ID = BigInteger().with_variant(Integer, "sqlite")   # SQLite autoincrements only INTEGER keys


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"
    __table_args__ = (Index("ix_quiz_answers_time_user", "answered_at", "openid"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    qid: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(8))            # round | review
    correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer, default=0)
    given: Mapped[str] = mapped_column(String(64), default="")   # the answer as understood ("B", "对")
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QuizProgress(Base):
    __tablename__ = "quiz_progress"

    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    qid: Mapped[str] = mapped_column(String(64), primary_key=True)
    cycle: Mapped[int] = mapped_column(Integer, default=0)  # practice cycle it was last shown in (0: never)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    wrong: Mapped[int] = mapped_column(Integer, default=0)
    last_correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    in_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_streak: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class QuizRound(Base):
    __tablename__ = "quiz_rounds"
    __table_args__ = (Index("ix_quiz_rounds_user_day", "openid", "day"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    openid: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)                 # county-time date it finished on


# --------------------------------------------------------------------------- values returned

@dataclass(frozen=True)
class Progress:
    qid: str
    cycle: int
    attempts: int
    wrong: int
    last_correct: bool | None
    in_review: bool
    review_streak: int
    due_at: datetime | None


@dataclass(frozen=True)
class ReviewUpdate:
    """What an answer did to the 错题本: added / again / advanced / mastered, or '' for nothing."""

    change: str = ""
    due_at: datetime | None = None


@dataclass(frozen=True)
class ReviewSummary:
    total: int                       # questions in the book
    due: int                         # of which due now
    next_due: datetime | None        # when the next one not yet due becomes due


def _utc(dt: datetime | None) -> datetime | None:
    """Aware UTC in, aware UTC out (SQLite hands back naive datetimes)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _progress(row: QuizProgress) -> Progress:
    return Progress(row.qid, row.cycle, row.attempts, row.wrong, row.last_correct, row.in_review,
                    row.review_streak, _utc(row.due_at))


# Statements of a message's hot path, built once (per dialect) and run with bound parameters: see
# bot.storage.db.Database.connection.
_PROGRESS = QuizProgress.__table__
_ANSWERS = QuizAnswer.__table__


@functools.cache
def _seen_sql(dialect: str):
    """The question shown in a round of cycle ``cycle`` (openid, qid, cycle, seen_at)."""
    stmt = upsert(dialect)(_PROGRESS).values(
        openid=bindparam("openid", type_=String()), qid=bindparam("qid", type_=String()),
        cycle=bindparam("cycle", type_=Integer()), seen_at=bindparam("seen_at", type_=DateTime(timezone=True)),
        attempts=0, wrong=0, in_review=False, review_streak=0)
    return stmt.on_conflict_do_update(index_elements=["openid", "qid"],
                                      set_={"cycle": stmt.excluded.cycle, "seen_at": stmt.excluded.seen_at})


@functools.cache
def _count_sql(dialect: str):
    """An answer counted in its question's progress (a row created if it was never shown) and the
    row locked, in one statement; back: its place in the 错题本 (openid, qid, wrong 0/1, correct)."""
    stmt = upsert(dialect)(_PROGRESS).values(
        openid=bindparam("openid", type_=String()), qid=bindparam("qid", type_=String()), cycle=0, attempts=1,
        wrong=bindparam("wrong", type_=Integer()), last_correct=bindparam("correct", type_=Boolean()),
        in_review=False, review_streak=0)
    stmt = stmt.on_conflict_do_update(index_elements=["openid", "qid"],
                                      set_={"attempts": _PROGRESS.c.attempts + 1,
                                            "wrong": _PROGRESS.c.wrong + stmt.excluded.wrong,
                                            "last_correct": stmt.excluded.last_correct})
    return stmt.returning(_PROGRESS.c.in_review, _PROGRESS.c.review_streak, _PROGRESS.c.due_at)


@functools.cache
def _answer_sql(seen: bool):
    """PostgreSQL: a whole answer in ONE statement, so it needs no transaction (one round trip where
    BEGIN, the answer, the 错题本's update and COMMIT took three or four): the answer counted in its
    question's progress with the 错题本 rule (``_review_step``) applied in the same upsert, its row in
    quiz_answers and (``seen``) the next question marked seen -- sub-statements on different rows
    (``seen`` only when the next question is another). Back: the question's place in the book as it
    was before (``old``: every part of one statement reads the same snapshot; no row, NULLs), from
    which ``_review_step`` tells the caller what changed. Parameters: openid, qid, wrong (0/1),
    correct, the answer's (mode, points, given, answered_at), the due times after one and two correct
    answers in review (due1, due2), ``mastered`` (MASTERED_AFTER) and the next question's (s_qid,
    s_cycle, s_seen_at)."""
    p = _PROGRESS.c
    openid, qid = bindparam("openid", type_=String()), bindparam("qid", type_=String())
    wrong = bindparam("wrong", type_=Integer()) == 1
    now = bindparam("answered_at", type_=DateTime(timezone=True))
    old = select(p.in_review, p.review_streak, p.due_at).where(p.openid == openid, p.qid == qid).cte("old")
    # _review_step on the row as it stands: a wrong answer puts it in the book, due now; a correct one
    # to a question in the book that is due (or answered in review) moves it on, or out once mastered.
    moves = and_(p.in_review, or_(bindparam("mode", type_=String()) == "review",
                                  and_(p.due_at.is_not(None), p.due_at <= now)))
    streak = p.review_streak + 1
    mastered = streak >= bindparam("mastered", type_=Integer())
    stmt = upsert("postgresql")(_PROGRESS).values(
        openid=openid, qid=qid, cycle=0, attempts=1, wrong=bindparam("wrong", type_=Integer()),
        last_correct=bindparam("correct", type_=Boolean()), review_streak=0,
        in_review=wrong, due_at=case((wrong, now), else_=None))
    stmt = stmt.on_conflict_do_update(index_elements=["openid", "qid"], set_={
        "attempts": p.attempts + 1, "wrong": p.wrong + stmt.excluded.wrong,
        "last_correct": stmt.excluded.last_correct,
        "in_review": case((wrong, True), (and_(moves, mastered), False), else_=p.in_review),
        "review_streak": case((wrong, 0), (and_(moves, mastered), 0), (moves, streak), else_=p.review_streak),
        "due_at": case((wrong, now), (and_(moves, mastered), None),
                       (and_(moves, streak == 1), bindparam("due1", type_=DateTime(timezone=True))),
                       (moves, bindparam("due2", type_=DateTime(timezone=True))), else_=p.due_at)})
    counted = stmt.cte("counted")
    answered = _ANSWERS.insert().values(
        openid=openid, qid=qid, mode=bindparam("mode", type_=String()), correct=bindparam("correct", type_=Boolean()),
        points=bindparam("points", type_=Integer()), given=bindparam("given", type_=String()),
        answered_at=now).cte("answered")
    one = select(literal(1).label("one")).subquery("one")
    result = (select(old.c.in_review, old.c.review_streak, old.c.due_at)
              .select_from(one.outerjoin(old, true())).add_cte(counted).add_cte(answered))
    if seen:
        marked = upsert("postgresql")(_PROGRESS).values(
            openid=openid, qid=bindparam("s_qid", type_=String()),
            cycle=bindparam("s_cycle", type_=Integer()), seen_at=bindparam("s_seen_at", type_=DateTime(timezone=True)),
            attempts=0, wrong=0, in_review=False, review_streak=0)
        marked = marked.on_conflict_do_update(index_elements=["openid", "qid"],
                                              set_={"cycle": marked.excluded.cycle, "seen_at": marked.excluded.seen_at})
        result = result.add_cte(marked.cte("marked"))
    return result


@functools.cache
def _book_sql():
    """A question's place in the 错题本 written (b_openid, b_qid, b_in_review, b_streak, b_due_at)."""
    return (update(_PROGRESS).where(_PROGRESS.c.openid == bindparam("b_openid"), _PROGRESS.c.qid == bindparam("b_qid"))
            .values(in_review=bindparam("b_in_review"), review_streak=bindparam("b_streak"),
                    due_at=bindparam("b_due_at")))


@functools.cache
def _by_user(*columns: str):
    """The user's rows (openid) of quiz_progress, those columns."""
    return select(*(_PROGRESS.c[name] for name in columns)).where(_PROGRESS.c.openid == bindparam("openid"))


@dataclass
class _Book:
    """A question's place in the 错题本, as ``_review_step`` reads and changes it."""
    in_review: bool
    review_streak: int
    due_at: datetime | None


# --------------------------------------------------------------------------- rules

def _review_step(row: QuizProgress | _Book, correct: bool, mode: str, now: datetime) -> ReviewUpdate:
    """Apply the 错题本 rule (module docstring) to one progress row."""
    if not correct:
        change = "again" if row.in_review else "added"
        row.in_review, row.review_streak, row.due_at = True, 0, now
        return ReviewUpdate(change, now)
    due = _utc(row.due_at)
    if row.in_review and (mode == "review" or (due is not None and due <= now)):
        row.review_streak += 1
        if row.review_streak >= MASTERED_AFTER:
            row.in_review, row.review_streak, row.due_at = False, 0, None
            return ReviewUpdate("mastered")
        row.due_at = now + REVIEW_INTERVALS[row.review_streak]
        return ReviewUpdate("advanced", row.due_at)
    return ReviewUpdate()


def streak(days: list[date], today: date) -> int:
    """Consecutive practice days ending today (or yesterday: today's round may still come)."""
    have = set(days)
    start = today if today in have else today - timedelta(days=1)
    n = 0
    while start - timedelta(days=n) in have:
        n += 1
    return n


def _weekly_totals(since: datetime):
    """Per user since ``since``: points, and when the last scoring answer came (the tie-break)."""
    return (select(QuizAnswer.openid.label("openid"),
                   func.sum(QuizAnswer.points).label("points"),
                   func.max(case((QuizAnswer.points > 0, QuizAnswer.answered_at))).label("last_at"))
            .where(QuizAnswer.answered_at >= _utc(since))
            .group_by(QuizAnswer.openid))


@dataclass(frozen=True)
class BoardLine:
    rank: int
    openid: str
    points: int
    name: str | None                 # from the user's sign-up; None when they have not signed up


@dataclass(frozen=True)
class Standing:
    rank: int
    points: int
    township: str | None             # from the user's sign-up
    township_rank: int | None        # among the scorers of that township
    township_players: int | None     # scorers of that township


@dataclass(frozen=True)
class Leaderboard:
    top: list[BoardLine]
    me: Standing | None              # None when the user has no points in the window


def _profiles():
    """openid -> name, township of each user's newest active sign-up for themselves."""
    newest = (select(func.max(Signup.id).label("id"))
              .where(Signup.for_other.is_(False), Signup.status == ACTIVE)
              .group_by(Signup.openid).subquery())
    return (select(Signup.openid, Signup.name, Signup.township)
            .join(newest, Signup.id == newest.c.id).subquery())


# --------------------------------------------------------------------------- the repository

class QuizRepository:
    """Quiz answers, progress, rounds and the leaderboard in one database. Built once
    (bot.services) and handed to the conversation as ``ctx.services.quiz``."""

    mastered_after = MASTERED_AFTER

    def __init__(self, db: Database):
        self.db = db

    async def progress(self, openid: str) -> dict[str, Progress]:
        """Everything known about one user's questions, by question id."""
        async with self.db.connection() as c:
            rows = (await c.execute(_by_user(*(col.name for col in _PROGRESS.c)), {"openid": openid})).all()
        return {r.qid: _progress(r) for r in rows}

    async def mark_seen(self, openid: str, qid: str, cycle: int, at: datetime) -> None:
        """The question was shown to the user in a practice round belonging to ``cycle``."""
        async with self.db.connection() as c:           # one statement
            await c.execute(_seen_sql(self.db.dialect), {"openid": openid, "qid": qid, "cycle": cycle,
                                                         "seen_at": _utc(at)})

    async def record_answer(self, openid: str, qid: str, *, correct: bool, points: int,
                            mode: str, at: datetime, given: str = "",
                            next_seen: tuple[str, int] | None = None) -> ReviewUpdate:
        """Store one answer and update the question's progress and review schedule, atomically.
        ``next_seen``: (question id, cycle) of the question shown next, marked seen (``mark_seen``)
        with it -- on PostgreSQL all in one statement (``_answer_sql``), else in one transaction."""
        now = _utc(at)
        dialect = self.db.dialect
        answer = {"openid": openid, "qid": qid, "mode": mode, "correct": correct, "points": points if correct else 0,
                  "given": mask_sensitive(given)[:64], "answered_at": now}
        if dialect == "postgresql" and (next_seen is None or next_seen[0] != qid):
            # One statement (atomic by itself): no transaction, one round trip.
            seen = next_seen is not None
            params = {**answer, "wrong": 0 if correct else 1, "mastered": MASTERED_AFTER,
                      "due1": now + REVIEW_INTERVALS[1], "due2": now + REVIEW_INTERVALS[2]}
            if seen:
                params.update(s_qid=next_seen[0], s_cycle=next_seen[1], s_seen_at=now)
            async with self.db.connection() as c:
                got = (await c.execute(_answer_sql(seen), params)).one()
            book = _Book(bool(got.in_review), got.review_streak or 0, got.due_at)
            return _review_step(book, correct, mode, now)       # what the statement did, told
        async with self.db.transaction() as c:
            if next_seen is not None:        # (PostgreSQL: the same question next, its row twice)
                await c.execute(_seen_sql(dialect), {"openid": openid, "qid": next_seen[0],
                                                     "cycle": next_seen[1], "seen_at": now})
            got = (await c.execute(_count_sql(dialect), {"openid": openid, "qid": qid,
                                                         "wrong": 0 if correct else 1, "correct": correct})).one()
            await c.execute(_ANSWERS.insert(), answer)
            book = _Book(bool(got.in_review), got.review_streak, got.due_at)
            before = dataclasses.replace(book)
            update = _review_step(book, correct, mode, now)
            if book != before:             # (a correct answer to a question not due changes nothing)
                await c.execute(_book_sql(), {"b_openid": openid, "b_qid": qid, "b_in_review": book.in_review,
                                              "b_streak": book.review_streak, "b_due_at": book.due_at})
            return update

    async def due_reviews(self, openid: str, now: datetime) -> list[str]:
        """Question ids in the user's 错题本 that are due, the longest-due first."""
        async with self.db.autocommit() as s:
            rows = await s.scalars(
                select(QuizProgress.qid)
                .where(QuizProgress.openid == openid, QuizProgress.in_review.is_(True),
                       QuizProgress.due_at <= _utc(now))
                .order_by(QuizProgress.due_at, QuizProgress.qid))
            return list(rows)

    async def review_summary(self, openid: str, now: datetime,
                             only: set[str] | None = None) -> ReviewSummary:
        """How many questions are in the book, how many are due, when the next one falls due.
        ``only``: count just these question ids (those still in the bank)."""
        async with self.db.autocommit() as s:
            rows = (await s.execute(
                select(QuizProgress.qid, QuizProgress.due_at)
                .where(QuizProgress.openid == openid, QuizProgress.in_review.is_(True)))).all()
        now = _utc(now)
        dues = [_utc(d) for qid, d in rows if only is None or qid in only]
        due = sum(1 for d in dues if d is not None and d <= now)
        later = [d for d in dues if d is not None and d > now]
        return ReviewSummary(total=len(dues), due=due, next_due=min(later) if later else None)

    async def clear_review(self, openid: str) -> int:
        """Empty a user's 错题本 (e.g. on request); returns how many questions left it."""
        async with self.db.autocommit() as s, s.begin():         # one statement
            result = await s.execute(
                update(QuizProgress).where(QuizProgress.openid == openid, QuizProgress.in_review.is_(True))
                .values(in_review=False, review_streak=0, due_at=None))
            return result.rowcount or 0

    async def finish_round(self, openid: str, *, mode: str, size: int, correct: int, points: int,
                           started_at: datetime, finished_at: datetime, day: date) -> None:
        async with self.db.connection() as c:           # one statement
            await c.execute(QuizRound.__table__.insert(), {
                "openid": openid, "mode": mode, "size": size, "correct": correct, "points": points,
                "started_at": _utc(started_at), "finished_at": _utc(finished_at), "day": day})

    async def total_points(self, openid: str) -> int:
        async with self.db.autocommit() as s:
            return int(await s.scalar(
                select(func.coalesce(func.sum(QuizAnswer.points), 0)).where(QuizAnswer.openid == openid)) or 0)

    async def practice_days(self, openid: str, limit: int = 400) -> list[date]:
        """Distinct county-time days with a finished round, newest first."""
        async with self.db.autocommit() as s:
            rows = await s.scalars(
                select(QuizRound.day).where(QuizRound.openid == openid).distinct()
                .order_by(QuizRound.day.desc()).limit(limit))
            return list(rows)

    async def weekly_points(self, since: datetime, limit: int | None = None) -> list[tuple[str, int]]:
        """(openid, points) of everyone who scored since ``since``, best first; among equal scores,
        whoever got there first (the earlier last scoring answer)."""
        totals = _weekly_totals(since).subquery()
        query = (select(totals.c.openid, totals.c.points).where(totals.c.points > 0)
                 .order_by(totals.c.points.desc(), totals.c.last_at, totals.c.openid))
        if limit:
            query = query.limit(limit)
        async with self.db.autocommit() as s:
            return [(o, int(p)) for o, p in (await s.execute(query)).all()]

    async def rank_of(self, openid: str, since: datetime) -> tuple[int, int] | None:
        """(rank, points) of one user since ``since``: 1 + the number with more points (equal scores
        share a rank). None when the user has no points in that time."""
        standing = (await self.leaderboard(since, openid, limit=0)).me
        return (standing.rank, standing.points) if standing else None

    async def leaderboard(self, since: datetime, openid: str, limit: int = 10) -> Leaderboard:
        """The best ``limit`` scorers since ``since`` and ``openid``'s own standing, in two queries."""
        totals = _weekly_totals(since).subquery()
        profile = _profiles()
        scored = (select(totals.c.openid, totals.c.points, totals.c.last_at, profile.c.name, profile.c.township)
                  .outerjoin(profile, profile.c.openid == totals.c.openid)
                  .where(totals.c.points > 0)
                  .cte("scored"))
        top_query = (select(scored.c.openid, scored.c.points, scored.c.name,
                            func.rank().over(order_by=scored.c.points.desc()).label("rank"))
                     .order_by(scored.c.points.desc(), scored.c.last_at, scored.c.openid)
                     .limit(limit))
        me, other = scored.alias("me"), scored.alias("other")

        def count(*where):
            return select(func.count()).select_from(other).where(*where).scalar_subquery()

        me_query = (select(me.c.points, me.c.township,
                           count(other.c.points > me.c.points),
                           count(other.c.township == me.c.township, other.c.points > me.c.points),
                           count(other.c.township == me.c.township))
                    .where(me.c.openid == openid))
        async with self.db.session() as s:
            top = [BoardLine(int(r.rank), r.openid, int(r.points), r.name)
                   for r in (await s.execute(top_query)).all()] if limit else []
            row = (await s.execute(me_query)).first()
        if row is None:
            return Leaderboard(top, None)
        points, township, better, township_better, township_players = row
        if not township:
            return Leaderboard(top, Standing(int(better) + 1, int(points), None, None, None))
        return Leaderboard(top, Standing(int(better) + 1, int(points), township, int(township_better) + 1,
                                         int(township_players)))

    async def streak_days(self, openid: str, today: date) -> int:
        """The user's streak of practice days ending today (see ``streak``)."""
        return streak(await self.practice_days(openid), today)
