"""Cadre console accounts, login sessions, login attempts and the audit log.

Passwords arrive here already hashed (bot.console.auth hashes them with Argon2); session
tokens arrive as their SHA-256, so a copy of the database holds nothing that logs anyone in.
Every query of the console's own tables is in this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from bot.core.clock import as_utc
from bot.storage.db import Base, Database

COUNTY = "county"
TOWNSHIP = "township"
ROLES = (COUNTY, TOWNSHIP)


class ConsoleAccount(Base):
    __tablename__ = "console_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    township: Mapped[str | None] = mapped_column(String(50), nullable=True)   # township accounts only
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("role IN ('county', 'township')", name="ck_console_accounts_role"),
        CheckConstraint("(role = 'county' AND township IS NULL) OR (role = 'township' AND township IS NOT NULL)",
                        name="ck_console_accounts_township"),
    )


class ConsoleSession(Base):
    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, ForeignKey("console_accounts.id", ondelete="CASCADE"),
                                            index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    __tablename__ = "console_login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class AuditEntry(Base):
    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    account: Mapped[str] = mapped_column(String(64))       # the account's name ("-" before login)
    address: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    township: str | None
    password_hash: str
    disabled: bool

    @property
    def is_county(self) -> bool:
        return self.role == COUNTY


def _account(row: ConsoleAccount) -> Account:
    return Account(row.id, row.name, row.role, row.township, row.password_hash, row.disabled)


class AccountExists(Exception):
    pass


class NoSuchAccount(Exception):
    pass


class Accounts:
    """The console's repository: accounts, sessions, login attempts, audit."""

    def __init__(self, db: Database):
        self.db = db

    # -- accounts ------------------------------------------------------------------------------
    async def create(self, name: str, role: str, township: str | None, password_hash: str,
                     now: datetime) -> Account:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if (role == TOWNSHIP) != bool(township):
            raise ValueError("a township account needs --township; a county account has none")
        row = ConsoleAccount(name=name, role=role, township=township if role == TOWNSHIP else None,
                             password_hash=password_hash, disabled=False, created_at=as_utc(now),
                             password_changed_at=as_utc(now))
        try:
            async with self.db.session() as s, s.begin():
                s.add(row)
        except IntegrityError:
            raise AccountExists(name) from None
        return _account(row)

    async def by_name(self, name: str) -> Account | None:
        async with self.db.session() as s:
            row = (await s.execute(select(ConsoleAccount).where(ConsoleAccount.name == name))).scalar_one_or_none()
        return _account(row) if row else None

    async def all(self) -> list[Account]:
        async with self.db.session() as s:
            rows = (await s.execute(select(ConsoleAccount).order_by(ConsoleAccount.name))).scalars()
            return [_account(r) for r in rows]

    async def set_disabled(self, name: str, disabled: bool) -> None:
        async with self.db.session() as s, s.begin():
            res = await s.execute(update(ConsoleAccount).where(ConsoleAccount.name == name)
                                  .values(disabled=disabled))
            if res.rowcount != 1:
                raise NoSuchAccount(name)
            if disabled:        # logged out everywhere at once
                await s.execute(delete(ConsoleSession).where(ConsoleSession.account_id.in_(
                    select(ConsoleAccount.id).where(ConsoleAccount.name == name))))

    async def set_password(self, name: str, password_hash: str, now: datetime) -> None:
        async with self.db.session() as s, s.begin():
            res = await s.execute(update(ConsoleAccount).where(ConsoleAccount.name == name)
                                  .values(password_hash=password_hash, password_changed_at=as_utc(now)))
            if res.rowcount != 1:
                raise NoSuchAccount(name)
            await s.execute(delete(ConsoleSession).where(ConsoleSession.account_id.in_(
                select(ConsoleAccount.id).where(ConsoleAccount.name == name))))

    # -- sessions ------------------------------------------------------------------------------
    async def open_session(self, token_hash: str, account_id: int, csrf: str, now: datetime,
                           expires_at: datetime) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < as_utc(now)))
            s.add(ConsoleSession(token_hash=token_hash, account_id=account_id, csrf=csrf, created_at=as_utc(now),
                                 expires_at=as_utc(expires_at), last_seen=as_utc(now)))

    async def session(self, token_hash: str) -> tuple[Account, str, datetime, datetime] | None:
        """(account, csrf token, expires_at, last_seen) of a stored session, whatever its age."""
        async with self.db.session() as s:
            row = (await s.execute(
                select(ConsoleSession, ConsoleAccount)
                .join(ConsoleAccount, ConsoleAccount.id == ConsoleSession.account_id)
                .where(ConsoleSession.token_hash == token_hash))).first()
        if row is None:
            return None
        sess, acc = row
        return _account(acc), sess.csrf, as_utc(sess.expires_at), as_utc(sess.last_seen)

    async def touch_session(self, token_hash: str, now: datetime) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(update(ConsoleSession).where(ConsoleSession.token_hash == token_hash)
                            .values(last_seen=as_utc(now)))

    async def close_session(self, token_hash: str) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash))

    # -- login attempts ------------------------------------------------------------------------
    async def record_attempt(self, name: str, address: str, ok: bool, now: datetime) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(insert(LoginAttempt).values(at=as_utc(now), name=name[:64], address=address[:64], ok=ok))

    async def failures_since(self, name: str, address: str, since: datetime) -> tuple[int, datetime | None]:
        """Failed attempts for this name or from this address since ``since``, and the newest one."""
        async with self.db.session() as s:
            count, last = (await s.execute(
                select(func.count(), func.max(LoginAttempt.at))
                .where(LoginAttempt.at >= as_utc(since), LoginAttempt.ok.is_(False),
                       or_(LoginAttempt.name == name[:64], LoginAttempt.address == address[:64])))).one()
        return int(count), as_utc(last) if last is not None else None

    # -- audit ---------------------------------------------------------------------------------
    async def audit(self, account: str, address: str, action: str, detail: str, now: datetime) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(insert(AuditEntry).values(at=as_utc(now), account=account[:64], address=address[:64],
                                                      action=action[:64], detail=detail))

    async def audit_log(self, limit: int = 200, offset: int = 0) -> tuple[list[AuditEntry], int]:
        async with self.db.session() as s:
            total = (await s.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
            rows = list((await s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())
                                         .limit(limit).offset(offset))).scalars())
        return rows, int(total)


__all__: Sequence[str] = ["Account", "Accounts", "AccountExists", "NoSuchAccount", "COUNTY", "TOWNSHIP",
                          "ROLES", "AuditEntry"]
