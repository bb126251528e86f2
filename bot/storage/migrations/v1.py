"""Schema version 1, frozen: the tables exactly as the first release (commit 2c472f2) created them.

Never edit this file. It is a copy, not an import, of the models of that release, so the models
can move on while a fresh database still starts from what old databases have and then takes
the same later steps. tests/test_migrations.py checks it against the SQL that release really ran.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
)
from sqlalchemy.engine import Connection

metadata = MetaData()

_ID = BigInteger().with_variant(Integer, "sqlite")   # SQLite autoincrements only INTEGER keys
_TIME = DateTime(timezone=True)

signup_events = Table(
    "signup_events", metadata,
    Column("code", String(64), primary_key=True),
    Column("category", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("capacity", Integer, nullable=True),
    Column("taken", Integer, nullable=False, server_default="0"),
    CheckConstraint("taken >= 0", name="ck_signup_events_taken"),
)

signup_person_quota = Table(
    "signup_person_quota", metadata,
    Column("person", String(80), primary_key=True),
    Column("taken", Integer, nullable=False, server_default="0"),
    CheckConstraint("taken >= 0", name="ck_signup_quota_taken"),
)

signups = Table(
    "signups", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("idem_key", String(64), nullable=False, unique=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("for_other", Boolean, nullable=False),
    Column("person_key", String(80), nullable=False),
    Column("status", String(16), nullable=False),
    Column("category", String(64), nullable=False),
    Column("category_name", String(100), nullable=False),
    Column("event_code", String(64), ForeignKey("signup_events.code"), nullable=False),
    Column("event_name", String(200), nullable=False),
    Column("name", String(100), nullable=False),
    Column("sex", String(4), nullable=False),
    Column("age", Integer, nullable=False),
    Column("birth_year", Integer, nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("phone", String(20), nullable=True),
    Column("township", String(50), nullable=False),
    Column("village", String(50), nullable=False),
    Column("school", String(100), nullable=True),
    Column("farmer", Boolean, nullable=True),
    Column("team_name", String(100), nullable=True),
    Column("team_members", Text, nullable=True),
    Column("guardian_name", String(100), nullable=True),
    Column("guardian_phone", String(20), nullable=True),
    Column("id_cipher", Text, nullable=True),
    Column("id_hash", String(64), nullable=True),
    Column("id_masked", String(20), nullable=True),
    Column("consent_at", _TIME, nullable=False),
    Column("guardian_consent_at", _TIME, nullable=True),
    Column("id_consent_at", _TIME, nullable=True),
    Column("created_at", _TIME, nullable=False),
    Column("cancelled_at", _TIME, nullable=True),
    CheckConstraint("status IN ('active', 'cancelled')", name="ck_signups_status"),
)
_active = signups.c.status == "active"
_active_with_id = and_(_active, signups.c.id_hash.isnot(None))
Index("uq_signups_person_event", signups.c.event_code, signups.c.person_key, unique=True,
      sqlite_where=_active, postgresql_where=_active)
Index("uq_signups_idnumber_event", signups.c.event_code, signups.c.id_hash, unique=True,
      sqlite_where=_active_with_id, postgresql_where=_active_with_id)
Index("ix_signups_export", signups.c.status, signups.c.category, signups.c.event_code, signups.c.id)

signup_drafts = Table(
    "signup_drafts", metadata,
    Column("openid", String(64), primary_key=True),
    Column("draft_id", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", _TIME, nullable=False),
)

quiz_answers = Table(
    "quiz_answers", metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False, index=True),
    Column("qid", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("points", Integer, nullable=False),
    Column("given", String(64), nullable=False),
    Column("answered_at", _TIME, nullable=False),
    Index("ix_quiz_answers_time_user", "answered_at", "openid"),
)

quiz_progress = Table(
    "quiz_progress", metadata,
    Column("openid", String(64), primary_key=True),
    Column("qid", String(64), primary_key=True),
    Column("cycle", Integer, nullable=False),
    Column("seen_at", _TIME, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("wrong", Integer, nullable=False),
    Column("last_correct", Boolean, nullable=True),
    Column("in_review", Boolean, nullable=False),
    Column("review_streak", Integer, nullable=False),
    Column("due_at", _TIME, nullable=True),
)

quiz_rounds = Table(
    "quiz_rounds", metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("openid", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("size", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("points", Integer, nullable=False),
    Column("started_at", _TIME, nullable=False),
    Column("finished_at", _TIME, nullable=False),
    Column("day", Date, nullable=False),
    Index("ix_quiz_rounds_user_day", "openid", "day"),
)

unanswered = Table(
    "unanswered", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=False), nullable=False, index=True),   # UTC
    Column("user", String(32), nullable=False),
    Column("question", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("candidates", String(255), nullable=False),
    Column("top_score", Float, nullable=False),
    Column("picked", String(64), nullable=True),
    Column("key", String(32), nullable=False, unique=True),
)


def step(conn: Connection) -> None:
    """Empty database -> version 1."""
    metadata.create_all(conn)
