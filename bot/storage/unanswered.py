"""Questions the bot could not answer confidently (fallbacks and "did you mean" suggestions).

Kept so the county can see what people ask and add it to knowledge/qa/*.yaml
(``python -m bot unanswered``). When someone then picks one of the suggestions, the picked
entry is written on the row ("asked X, meant entry Y"). Personal data never lands here: the
question is masked (ID and phone numbers), the user is a short one-way hash of the openid.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import DateTime, Float, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bot.privacy import mask_sensitive, short_user
from bot.storage.db import Base, Database

MAX_QUESTION_CHARS = 500


class UnansweredQuestion(Base):
    __tablename__ = "unanswered"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), index=True)  # UTC
    user: Mapped[str] = mapped_column(String(32))            # bot.privacy.short_user(openid)
    question: Mapped[str] = mapped_column(Text)              # masked with bot.privacy.mask_sensitive
    outcome: Mapped[str] = mapped_column(String(16))         # fallback | suggest
    candidates: Mapped[str] = mapped_column(String(255), default="")   # entry ids offered, best first
    top_score: Mapped[float] = mapped_column(Float, default=0.0)
    picked: Mapped[str | None] = mapped_column(String(64), nullable=True)   # entry id chosen from the suggestions


def _utc_naive(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


async def record_unanswered(db: Database, *, when: datetime, openid: str, question: str, outcome: str,
                            candidates: Iterable[str] = (), score: float = 0.0) -> int:
    """Store one unanswered question (masked, user shortened); returns its row id."""
    row = UnansweredQuestion(
        created_at=_utc_naive(when), user=short_user(openid),
        question=mask_sensitive(question.strip())[:MAX_QUESTION_CHARS], outcome=outcome[:16],
        candidates=",".join(candidates)[:255], top_score=float(score))
    async with db.session() as session:
        session.add(row)
        await session.commit()
        return row.id


async def record_pick(db: Database, row_id: int, entry_id: str) -> None:
    """The user picked ``entry_id`` from the suggestions stored as row ``row_id``."""
    async with db.session() as session, session.begin():
        await session.execute(update(UnansweredQuestion).where(UnansweredQuestion.id == row_id)
                              .values(picked=entry_id[:64]))


async def fetch_unanswered(db: Database, since: datetime | None = None,
                           outcome: str | None = None) -> list[UnansweredQuestion]:
    """Stored questions, oldest first; ``since`` and ``outcome`` filter."""
    stmt = select(UnansweredQuestion).order_by(UnansweredQuestion.created_at, UnansweredQuestion.id)
    if since is not None:
        stmt = stmt.where(UnansweredQuestion.created_at >= _utc_naive(since))
    if outcome:
        stmt = stmt.where(UnansweredQuestion.outcome == outcome)
    async with db.session() as session:
        return list((await session.execute(stmt)).scalars())
