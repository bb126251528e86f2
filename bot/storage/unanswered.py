"""Questions the bot could not answer confidently (fallbacks and "did you mean" suggestions) or
answered only in part (an answer that says 「X我这里没有资料」 for the rest).

Kept so the county can see what people ask and add it to knowledge/qa/*.yaml
(``python -m bot unanswered``). When someone then picks one of the suggestions, the picked
entry is written on the row ("asked X, meant entry Y"). Personal data never lands here: the
question is masked (ID and phone numbers), the user is a short one-way hash of the openid.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import DateTime, Float, Integer, String, Text, bindparam, delete, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.privacy import mask_sensitive, short_user
from bot.storage.db import Base, Database

MAX_QUESTION_CHARS = 500
FLUSH_DELAY = 0.5          # seconds a row may wait to share a transaction (an fsync) with others
RETRY_DELAY = 5.0          # seconds before writing again after the database refused a batch
MAX_PENDING = 10_000       # rows kept in memory while the database is down; older ones are dropped
log = logging.getLogger(__name__)


class UnansweredQuestion(Base):
    __tablename__ = "unanswered"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), index=True)  # UTC
    user: Mapped[str] = mapped_column(String(32))            # bot.core.privacy.short_user(openid)
    question: Mapped[str] = mapped_column(Text)              # masked with bot.core.privacy.mask_sensitive
    outcome: Mapped[str] = mapped_column(String(16))         # fallback | suggest | partial
    candidates: Mapped[str] = mapped_column(String(255), default="")   # entry ids offered, best first
    top_score: Mapped[float] = mapped_column(Float, default=0.0)
    picked: Mapped[str | None] = mapped_column(String(64), nullable=True)   # entry id chosen from the suggestions
    key: Mapped[str] = mapped_column(String(32), unique=True)   # given when queued, before the row exists


# What the county did about a wording (console): added as a variant, a new entry, out of scope.
RESOLUTIONS = ("variant", "entry", "out_of_scope")


class UnansweredResolution(Base):
    __tablename__ = "unanswered_resolutions"

    question: Mapped[str] = mapped_column(String(500), primary_key=True)    # the stored (masked) wording
    resolution: Mapped[str] = mapped_column(String(16))                     # one of RESOLUTIONS
    entry_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    account: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))          # UTC


def _utc_naive(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


class _Writer:
    """Rows queued for one database (one writer per database, whoever records them)."""

    def __init__(self, db: Database):
        self.db = db
        self.rows: list[dict] = []
        self.picks: dict[str, str] = {}
        self.task: asyncio.Task | None = None
        self.lock = asyncio.Lock()
        db.before_close.append(self.flush)

    def add(self, row: dict) -> None:
        self.rows.append(row)
        self._schedule()

    def pick(self, key: str, entry_id: str) -> None:
        for row in self.rows:
            if row["key"] == key:          # not written yet: amend it in the batch
                row["picked"] = entry_id
                return
        self.picks[key] = entry_id
        self._schedule()

    def _schedule(self, delay: float = FLUSH_DELAY) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._later(delay))

    async def _later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if not await self.flush():
            self._schedule(RETRY_DELAY)

    async def flush(self) -> bool:
        """Write what is queued; False when the database refused it (the rows stay queued, bounded
        by MAX_PENDING, and are written once it is back). A log line never breaks a reply."""
        async with self.lock:
            while self.rows or self.picks:
                rows, self.rows = self.rows, []
                picks, self.picks = self.picks, {}
                try:
                    # Core statements in one transaction: the ORM's bulk insert cost several times
                    # the writing itself (every off-topic question and suggestion comes here).
                    async with self.db.transaction() as conn:
                        if rows:
                            await conn.execute(_INSERT, rows)
                        if picks:
                            await conn.execute(_PICK, [{"k": key, "p": entry_id} for key, entry_id in picks.items()])
                except Exception as e:
                    self.rows = rows + self.rows
                    self.picks = {**picks, **self.picks}
                    dropped = len(self.rows) - MAX_PENDING
                    if dropped > 0:
                        del self.rows[:dropped]
                    if len(self.picks) > MAX_PENDING:
                        self.picks = dict(list(self.picks.items())[-MAX_PENDING:])
                    log.warning("could not store %d unanswered questions, kept for later (%s); %d dropped",
                                len(rows), type(e).__name__, max(dropped, 0))
                    return False
            return True


_TABLE = UnansweredQuestion.__table__
_INSERT = insert(_TABLE)
_PICK = update(_TABLE).where(_TABLE.c["key"] == bindparam("k")).values(picked=bindparam("p"))
_writers: "weakref.WeakKeyDictionary[Database, _Writer]" = weakref.WeakKeyDictionary()


def queued() -> tuple[int, int]:
    """(rows and picks waiting to be written, at most per database): bot.core.memory's fill."""
    writers = list(_writers.values())
    return sum(len(w.rows) + len(w.picks) for w in writers), MAX_PENDING * 2 * max(1, len(writers))


def _writer(db: Database) -> _Writer:
    writer = _writers.get(db)
    if writer is None:
        writer = _writers[db] = _Writer(db)
    return writer


class UnansweredLog:
    """The log of unanswered questions in one database. Built once (bot.services) and handed to
    the conversation as ``ctx.services.unanswered``; the CLI reads it back (``fetch``)."""

    def __init__(self, db: Database):
        self.db = db

    def record(self, *, when: datetime, openid: str, question: str, outcome: str,
               candidates: Iterable[str] = (), score: float = 0.0) -> str:
        """Queue one unanswered question (masked, user shortened) and return its key.

        The reply does not wait for the database: rows are written in batches a moment later
        (one transaction for many rows), and flushed when the database is closed."""
        key = uuid.uuid4().hex
        _writer(self.db).add({
            "key": key, "created_at": _utc_naive(when), "user": short_user(openid),
            "question": mask_sensitive(question.strip())[:MAX_QUESTION_CHARS], "outcome": outcome[:16],
            "candidates": ",".join(candidates)[:255], "top_score": float(score), "picked": None})
        return key

    def pick(self, key: str, entry_id: str) -> None:
        """The user picked ``entry_id`` from the suggestions stored under ``key``."""
        _writer(self.db).pick(key, entry_id[:64])

    async def flush(self) -> bool:
        """Write everything queued so far (tests, reports); False if the database refused it."""
        return await _writer(self.db).flush()

    async def fetch(self, since: datetime | None = None, outcome: str | None = None) -> list[UnansweredQuestion]:
        """Stored questions (queued ones included), oldest first; ``since`` and ``outcome`` filter."""
        await self.flush()
        stmt = select(UnansweredQuestion).order_by(UnansweredQuestion.created_at, UnansweredQuestion.id)
        if since is not None:
            stmt = stmt.where(UnansweredQuestion.created_at >= _utc_naive(since))
        if outcome:
            stmt = stmt.where(UnansweredQuestion.outcome == outcome)
        async with self.db.session() as session:
            return list((await session.execute(stmt)).scalars())

    async def resolve(self, questions: Iterable[str], resolution: str, *, entry_id: str | None, account: str,
                      now: datetime) -> None:
        """Mark wordings as dealt with; asked again later, a wording shows again unless out of scope."""
        if resolution not in RESOLUTIONS:
            raise ValueError(resolution)
        values = [{"question": q[:500], "resolution": resolution, "entry_id": entry_id, "account": account[:64],
                   "at": _utc_naive(now)} for q in dict.fromkeys(questions)]
        async with self.db.session() as session, session.begin():
            await session.execute(delete(UnansweredResolution).where(
                UnansweredResolution.question.in_([v["question"] for v in values])))
            if values:
                await session.execute(insert(UnansweredResolution), values)

    async def resolutions(self) -> dict[str, UnansweredResolution]:
        async with self.db.session() as session:
            return {r.question: r for r in (await session.execute(select(UnansweredResolution))).scalars()}


def still_open(rows: Iterable[UnansweredQuestion], done: dict[str, UnansweredResolution]) -> list[UnansweredQuestion]:
    """The rows nobody has dealt with: an out-of-scope wording never comes back; one answered by an
    edit comes back only if it was asked again after the edit (the edit did not help)."""
    out = []
    for row in rows:
        r = done.get(row.question)
        if r is None or (r.resolution != "out_of_scope" and row.created_at > r.at):
            out.append(row)
    return out
