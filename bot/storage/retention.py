"""Deleting a finished campaign's personal data (the consent notice promises it).

Everything recorded before the cut-off goes: sign-ups (active and cancelled), drafts, and quiz
answers, rounds and progress. The counters that enforce capacity and the per-person limit are
then recounted from the sign-ups that remain, in the same transaction. Unanswered questions are
kept: they hold no phone or ID number (masked when stored) and only a one-way short user id.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import delete, func, insert, or_, select, update

from bot.core.clock import COUNTY_TZ
from bot.storage.db import Database
from bot.storage.quiz import QuizAnswer, QuizProgress, QuizRound
from bot.storage.signups import ACTIVE, Signup, SignupDraft, SignupEvent, SignupQuota, quota_keys


@dataclass
class Purged:
    signups: int = 0
    drafts: int = 0
    quiz_answers: int = 0
    quiz_rounds: int = 0
    quiz_progress: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())


def cutoff(before: date) -> datetime:
    """The start of the county day ``before``: records older than this are removed."""
    return datetime.combine(before, time(0, 0), tzinfo=COUNTY_TZ).astimezone(timezone.utc)


def _targets(when: datetime):
    return {
        "signups": (Signup, Signup.created_at < when),
        "drafts": (SignupDraft, SignupDraft.updated_at < when),
        "quiz_answers": (QuizAnswer, QuizAnswer.answered_at < when),
        "quiz_rounds": (QuizRound, QuizRound.finished_at < when),
        "quiz_progress": (QuizProgress, or_(QuizProgress.seen_at < when, QuizProgress.seen_at.is_(None))),
    }


async def count_before(db: Database, before: date) -> Purged:
    """What ``purge_before`` would delete."""
    out = Purged()
    async with db.session() as s:
        for name, (model, cond) in _targets(cutoff(before)).items():
            setattr(out, name, int((await s.execute(select(func.count()).select_from(model).where(cond)))
                                   .scalar_one()))
    return out


async def purge_before(db: Database, before: date) -> Purged:
    out = Purged()
    async with db.session() as s, s.begin():
        for name, (model, cond) in _targets(cutoff(before)).items():
            setattr(out, name, (await s.execute(delete(model).where(cond))).rowcount or 0)
        # Recount the counters from what is left (capacity and per-person limits keep holding).
        active = (await s.execute(select(Signup.event_code, Signup.person_key, Signup.id_hash)
                                  .where(Signup.status == ACTIVE))).all()
        per_event = Counter(code for code, _, _ in active)
        per_person: Counter = Counter()
        for _, person, id_hash in active:
            per_person.update(quota_keys(person, id_hash))
        await s.execute(update(SignupEvent).values(taken=0))
        for code, n in per_event.items():
            await s.execute(update(SignupEvent).where(SignupEvent.code == code).values(taken=n))
        await s.execute(delete(SignupQuota))
        if per_person:
            await s.execute(insert(SignupQuota), [{"person": k, "taken": n} for k, n in per_person.items()])
    return out
