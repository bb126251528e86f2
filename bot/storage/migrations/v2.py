"""Version 2: the cadre console.

* console_accounts, console_sessions, console_login_attempts, console_audit (bot/storage/accounts.py);
* unanswered_resolutions: what the county did about a wording (bot/storage/unanswered.py);
* signups.cancel_reason (why a cadre cancelled or restored a sign-up) and signups.entered_by
  (the console account that entered it; empty for sign-ups made in WeChat);
* two indexes for the console's table and dashboard at tens of thousands of sign-ups.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Connection

from bot.storage.migrations import ops

metadata = MetaData()
_TIME = DateTime(timezone=True)

Table(
    "console_accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("township", String(50), nullable=True),
    Column("password_hash", String(255), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", _TIME, nullable=False),
    Column("password_changed_at", _TIME, nullable=False),
    CheckConstraint("role IN ('county', 'township')", name="ck_console_accounts_role"),
    CheckConstraint("(role = 'county' AND township IS NULL) OR (role = 'township' AND township IS NOT NULL)",
                    name="ck_console_accounts_township"),
)

Table(
    "console_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("console_accounts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", _TIME, nullable=False),
    Column("expires_at", _TIME, nullable=False, index=True),
    Column("last_seen", _TIME, nullable=False),
)

Table(
    "console_login_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", _TIME, nullable=False, index=True),
    Column("name", String(64), nullable=False, index=True),
    Column("address", String(64), nullable=False, index=True),
    Column("ok", Boolean, nullable=False),
)

Table(
    "console_audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", _TIME, nullable=False, index=True),
    Column("account", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False),
)

Table(
    "unanswered_resolutions", metadata,
    Column("question", String(500), primary_key=True),
    Column("resolution", String(16), nullable=False),
    Column("entry_id", String(64), nullable=True),
    Column("account", String(64), nullable=False),
    Column("at", DateTime(timezone=False), nullable=False),      # UTC
)


def step(conn: Connection) -> None:
    """Version 1 -> 2."""
    metadata.create_all(conn)
    ops.add_column(conn, "signups", Column("cancel_reason", String(200), nullable=True))
    ops.add_column(conn, "signups", Column("entered_by", String(64), nullable=True))
    ops.add_index(conn, "ix_signups_recent", "signups", "status", "id")
    ops.add_index(conn, "ix_signups_console", "signups", "status", "township", "village", "category", "category_name",
                  "event_code", "event_name", "name", "created_at")
