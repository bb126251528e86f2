"""Sign-ups: tables, rules enforced by the database, and the repository the conversation, the
export and the CLI use (SignupRepository).

What is stored for a sign-up is the record the form derives from its slot table
(bot.forms.signup.record.NewSignup): the event, who entered it, and the answers by column.

Rules and where they live (the same on SQLite and PostgreSQL):

* one active sign-up per person per event: partial unique indexes on active rows,
  by ``person_key`` (the WeChat user for themselves, or user+name+birth year+village for
  someone entered on their behalf) and, when an ID number was given, by its keyed hash;
* a WeChat retry or two concurrent confirmations of one draft store one row: ``idem_key``
  (the draft id) is unique, and the loser of the race returns the winner's row;
* a draft is deleted in the transaction that stores its sign-up, and never saved again after it
  (a conversation state older than the commit, e.g. after a crash, cannot bring it back): a
  stored draft id is refused by ``save_draft`` and skipped (and deleted) by ``load_draft``;
* deadline: the catalogue's, checked before the transaction (the event row gets that deadline);
* capacity: one counter row per event (its capacity the catalogue's), taken with one guarded upsert
  ``INSERT ... ON CONFLICT DO UPDATE SET taken = taken + 1 WHERE capacity IS NULL OR taken < capacity``
  in the same transaction as the insert (the event row stays locked until it commits);
* at most N events per person: one counter row per person key, taken the same way
  (``... DO UPDATE SET taken = taken + 1 WHERE taken < :max``) in that transaction.

Row locks (PostgreSQL) or the single writer (SQLite) serialise the counters, so a rule holds
under concurrency; any failure rolls the whole transaction back. Locks are always taken in the
same order -- event row, then person rows sorted, then the sign-up row -- by confirmation and
cancellation alike, so they cannot deadlock each other; a deadlock or serialisation failure
reported by PostgreSQL anyway (40P01 / 40001) is retried once.

County time: deadlines and "today" are county days (COUNTY_TZ); the export's ``since`` too.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, AsyncIterator, Awaitable, Callable, Sequence, TypeVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from bot.core.clock import COUNTY_TZ, as_utc
from bot.core.privacy import short_user
from bot.forms.signup.record import EventInfo, NewSignup, signup_number
from bot.forms.signup.slots import SIGNUP
from bot.forms.spec import Column
from bot.storage.db import Base, Database, upsert
from bot.storage.refusals import AlreadySignedUp, DeadlinePassed, EventFull, SignupRefused, TooManyEvents

ACTIVE = "active"
CANCELLED = "cancelled"

# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------
class SignupEvent(Base):
    """One row per event: its deadline and capacity (kept in step with the catalogue) and the counter."""

    __tablename__ = "signup_events"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    category: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("taken >= 0", name="ck_signup_events_taken"),)


class SignupQuota(Base):
    """How many active sign-ups one person has (per person key)."""

    __tablename__ = "signup_person_quota"

    person: Mapped[str] = mapped_column(String(80), primary_key=True)
    taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("taken >= 0", name="ck_signup_quota_taken"),)


class Signup(Base):
    __tablename__ = "signups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idem_key: Mapped[str] = mapped_column(String(64), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)       # the WeChat user who entered it
    for_other: Mapped[bool] = mapped_column(Boolean, default=False)   # entered on someone else's behalf
    person_key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)

    category: Mapped[str] = mapped_column(String(64))
    category_name: Mapped[str] = mapped_column(String(100))
    event_code: Mapped[str] = mapped_column(String(64), ForeignKey("signup_events.code"))
    event_name: Mapped[str] = mapped_column(String(200))

    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(4))
    age: Mapped[int] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    township: Mapped[str] = mapped_column(String(50))
    village: Mapped[str] = mapped_column(String(50))
    school: Mapped[str | None] = mapped_column(String(100), nullable=True)
    farmer: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    team_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    team_members: Mapped[str | None] = mapped_column(Text, nullable=True)      # JSON list of names
    guardian_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    guardian_phone: Mapped[str | None] = mapped_column(String(20), nullable=True)

    id_cipher: Mapped[str | None] = mapped_column(Text, nullable=True)       # AES-GCM token (bot.core.idcrypt)
    id_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)   # HMAC, for duplicates
    id_masked: Mapped[str | None] = mapped_column(String(20), nullable=True)  # 540124********1234

    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    guardian_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    id_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)   # a cadre's, from the console
    entered_by: Mapped[str | None] = mapped_column(String(64), nullable=True)       # console account; None: WeChat

    # A field the sign-up form gains later declares its column in its slot row instead (added below
    # by declare_columns), with a migration step.
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="ck_signups_status"),
        Index("uq_signups_person_event", "event_code", "person_key", unique=True,
              sqlite_where=(status == ACTIVE), postgresql_where=(status == ACTIVE)),
        Index("uq_signups_idnumber_event", "event_code", "id_hash", unique=True,
              sqlite_where=and_(status == ACTIVE, id_hash.isnot(None)),
              postgresql_where=and_(status == ACTIVE, id_hash.isnot(None))),
        Index("ix_signups_export", "status", "category", "event_code", "id"),
        # The console: newest first for the table's pages; and every filter and dashboard count
        # answered from this one index without reading the wide rows.
        Index("ix_signups_recent", "status", "id"),
        Index("ix_signups_console", "status", "township", "village", "category", "category_name", "event_code",
              "event_name", "name", "created_at"),
    )

    @property
    def number(self) -> str:
        return signup_number(self.id)

    @property
    def members(self) -> list[str]:
        return json.loads(self.team_members) if self.team_members else []


class SignupDraft(Base):
    """An unfinished sign-up, so a conversation survives a restart. One per WeChat user."""

    __tablename__ = "signup_drafts"

    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)                 # JSON; an ID number only as ciphertext
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))



def _sql_type(column: Column) -> TypeEngine:
    kind = column.kind
    if kind == "text":
        return String(column.size) if column.size else Text()
    return {"int": Integer(), "bool": Boolean(), "date": Date(), "time": DateTime(timezone=True)}[kind]


def declare_columns(model: type[Base], columns: Sequence[Column]) -> None:
    """Add the columns slots declare themselves (fields the form gained later) to ``model``,
    nullable: rows stored before the field existed have no answer. Each comes with a migration step."""
    for column in columns:
        if column.name in model.__table__.c:
            raise ValueError(f"slot column {column.name} is already a column of {model.__tablename__}: "
                             "name it by a string")
        setattr(model, column.name, mapped_column(_sql_type(column), nullable=True))


declare_columns(Signup, SIGNUP.declared_columns)


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------
def person_key(openid: str, *, for_other: bool, name: str = "", birth_year: int | None = None,
               age: int | None = None, township: str = "", village: str = "") -> str:
    """Who the contestant is, for duplicates and the per-person limit (without an ID number)."""
    if not for_other:
        return "o:" + openid
    basis = "|".join([openid, "".join(name.split()), str(birth_year or ""), str(age if birth_year is None else ""),
                      township, village])
    return "p:" + hashlib.sha256(basis.encode()).hexdigest()[:40]


def person_of(new: NewSignup) -> str:
    c = new.columns
    return person_key(new.openid, for_other=new.for_other, name=c.get("name", ""), birth_year=c.get("birth_year"),
                      age=c.get("age"), township=c.get("township", ""), village=c.get("village", ""))


def quota_keys(person: str, id_hash: str | None) -> list[str]:
    keys = [person] + (["i:" + id_hash[:40]] if id_hash else [])
    return sorted(keys)


class NotFound(Exception):
    """No such active sign-up of this user (raised inside a cancellation to roll it back)."""


# --------------------------------------------------------------------------------------------
# Dialect helpers (the only place that knows SQLite from PostgreSQL)
# --------------------------------------------------------------------------------------------
# Statements of a message's hot path, built once (per dialect) and run with bound parameters: see
# bot.storage.db.Database.connection.
@functools.cache
def _take_place(dialect: str):
    """The event's row kept in step with the catalogue and one place taken, in one statement: a
    first sign-up inserts the row with the place taken; afterwards the update happens only while a
    place is free (else no row comes back). The deadline is the catalogue's, checked by the caller.
    Parameters: code, category, name, deadline, capacity."""
    stmt = upsert(dialect)(SignupEvent.__table__).values(
        code=bindparam("code", type_=String()), category=bindparam("category", type_=String()),
        name=bindparam("name", type_=String()), deadline=bindparam("deadline", type_=Date()),
        capacity=bindparam("capacity", type_=Integer()), taken=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["code"],
        set_={"category": stmt.excluded.category, "name": stmt.excluded.name,
              "deadline": stmt.excluded.deadline, "capacity": stmt.excluded.capacity,
              "taken": SignupEvent.taken + 1},
        where=or_(stmt.excluded.capacity.is_(None), SignupEvent.taken < stmt.excluded.capacity))
    return stmt.returning(SignupEvent.taken)


@functools.cache
def _take_quota_sql(dialect: str, keys: int):
    """One more event counted for ``keys`` person keys (parameters key0.., max_events): a key seen for
    the first time starts at 1, a known one goes up only while under max_events; a row back per key counted."""
    stmt = upsert(dialect)(SignupQuota.__table__).values(
        [{"person": bindparam(f"key{i}", type_=String()), "taken": 1} for i in range(keys)])
    stmt = stmt.on_conflict_do_update(index_elements=["person"], set_={"taken": SignupQuota.taken + 1},
                                      where=SignupQuota.taken < bindparam("max_events", type_=Integer()))
    return stmt.returning(SignupQuota.person)


@functools.cache
def _insert_signup() -> Any:
    """The sign-up row inserted and returned as the ORM object (parameters: its columns)."""
    table = Signup.__table__
    return select(Signup).from_statement(table.insert().returning(*table.c))


@functools.cache
def _save_draft_sql(dialect: str):
    """The user's draft written, unless a sign-up was stored from it (parameters: openid, draft_id,
    data, updated_at; typed, so asyncpg casts a SELECT's parameters)."""
    row = (select(bindparam("openid", type_=String()), bindparam("draft_id", type_=String()),
                  bindparam("data", type_=Text()), bindparam("updated_at", type_=DateTime(timezone=True)))
           .where(~exists().where(Signup.__table__.c.idem_key == bindparam("draft_id"))))
    stmt = upsert(dialect)(SignupDraft.__table__).from_select(["openid", "draft_id", "data", "updated_at"], row)
    return stmt.on_conflict_do_update(index_elements=["openid"],
                                      set_={"draft_id": stmt.excluded.draft_id, "data": stmt.excluded.data,
                                            "updated_at": stmt.excluded.updated_at})


@functools.cache
def _draft_and_latest_sql(with_latest: bool):
    """The user's draft (whether its sign-up is stored) and, ``with_latest``, the id of their newest
    active sign-up since a moment, from one row so that comes back with no draft (openid, since)."""
    d, c = SignupDraft.__table__.c, Signup.__table__.c
    stored = exists().where(c.idem_key == d.draft_id)
    latest = (select(func.max(c.id)).where(c.openid == bindparam("openid"), c.status == ACTIVE,
                                           c.created_at >= bindparam("since", type_=DateTime(timezone=True)))
              .scalar_subquery() if with_latest else literal(None, Integer()))
    one = select(literal(1).label("one")).subquery()
    return (select(latest.label("latest"), d.draft_id, d.data, d.updated_at, stored.label("stored"))
            .select_from(one.outerjoin(SignupDraft.__table__, d.openid == bindparam("openid"))))


@functools.cache
def _delete_draft_sql(by_id: bool):
    d = SignupDraft.__table__.c
    stmt = delete(SignupDraft.__table__).where(d.openid == bindparam("openid"))
    return stmt.where(d.draft_id == bindparam("draft_id")) if by_id else stmt


@functools.cache
def _by_idem_key():
    return select(Signup).where(Signup.__table__.c.idem_key == bindparam("key"))


@functools.cache
def _active_of(person: bool, count: bool, with_id: bool):
    """Active sign-ups of a person (person_key; with_id: or the ID number's id_hash) or of an ID
    number alone: for an event (event_code), the oldest as the ORM row; ``count``: how many, all events."""
    c = Signup.__table__.c
    cond = c.id_hash == bindparam("id_hash")
    if person:
        mine = c.person_key == bindparam("person_key")
        cond = or_(mine, cond) if with_id else mine
    if count:
        return select(func.count()).select_from(Signup.__table__).where(c.status == ACTIVE, cond)
    return (select(Signup).where(c.event_code == bindparam("event_code"), c.status == ACTIVE, cond)
            .order_by(c.id).limit(1))


RETRY_SQLSTATES = frozenset({"40P01", "40001"})     # deadlock detected, serialization failure

T = TypeVar("T")


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


async def _take_quota(s, db: Database, keys: list[str], max_events: int) -> None:
    """Count one more event for each of the person's keys (sorted: the lock order), or raise
    TooManyEvents (the caller's transaction then rolls every count back). One statement: a key seen
    for the first time starts at 1, a known one goes up only while under ``max_events``."""
    if max_events < 1:
        raise TooManyEvents(max_events)
    params = {f"key{i}": key for i, key in enumerate(keys)}
    taken = (await s.execute(_take_quota_sql(db.dialect, len(keys)), {**params, "max_events": max_events})).all()
    if len(taken) != len(keys):
        raise TooManyEvents(max_events)


async def _retry_once(op: Callable[[], Awaitable[T]]) -> T:
    """Run a transaction; run it again once if PostgreSQL aborted it as a deadlock victim or for
    serialisation (the transaction was rolled back, so repeating it is safe)."""
    try:
        return await op()
    except DBAPIError as e:
        if _sqlstate(e) not in RETRY_SQLSTATES:
            raise
    return await op()


def _stored(value: Any) -> Any:
    """An answer as its column holds it: a list as JSON (an empty one as NULL), a moment in UTC."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else None
    if isinstance(value, datetime):
        return as_utc(value)
    return value


def _row_values(new: NewSignup, now: datetime) -> dict[str, Any]:
    ev = new.event
    values = {column: _stored(value) for column, value in new.columns.items()}
    values.update({
        "idem_key": new.idem_key, "openid": new.openid, "for_other": new.for_other, "person_key": person_of(new),
        "status": ACTIVE, "category": ev.category, "category_name": ev.category_name, "event_code": ev.code,
        "event_name": ev.name, "created_at": as_utc(now),
    })
    return values


# --------------------------------------------------------------------------------------------
# Filters, the console's lists and counts
# --------------------------------------------------------------------------------------------
STATUSES = ("active", "cancelled", "all")


@dataclass(frozen=True)
class SignupFilter:
    """Which sign-ups a list, a count or an export covers. The console's filters and the export
    command's options are the same fields. category / event match a code or a name; since /
    until are county days, inclusive; ``name`` is a part of the contestant's name."""

    township: str | None = None
    village: str | None = None
    category: str | None = None
    event: str | None = None
    status: str = ACTIVE            # active | cancelled | all
    since: date | None = None
    until: date | None = None
    name: str | None = None

    def conditions(self) -> list:
        c = Signup.__table__.c
        where: list = []
        if self.status != "all":
            where.append(c.status == self.status)
        if self.township:
            where.append(c.township == self.township)
        if self.village:
            where.append(c.village == self.village)
        if self.category:
            where.append(or_(c.category == self.category, c.category_name == self.category))
        if self.event:
            where.append(or_(c.event_code == self.event, c.event_name == self.event))
        if self.since:
            where.append(c.created_at >= _county_midnight(self.since))
        if self.until:
            where.append(c.created_at < _county_midnight(self.until + timedelta(days=1)))
        if self.name:
            pattern = "%" + self.name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(c.name.like(pattern, escape="\\"))
        return where

    def as_dict(self) -> dict[str, str]:
        """The non-default fields as text (for links and the export's summary sheet)."""
        out = {}
        for key in self.__dataclass_fields__:
            value = getattr(self, key)
            if value not in (None, "") and not (key == "status" and value == ACTIVE):
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


def _county_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=COUNTY_TZ).astimezone(timezone.utc)


LIST_COLUMNS = ("id", "status", "category_name", "event_name", "name", "sex", "age", "phone", "township",
                "village", "team_name", "for_other", "created_at", "cancelled_at")


def _utc_hour(db: Database, column):
    """The stored UTC time cut to the hour, as text 'YYYY-MM-DD HH', in SQL: cheap per row, and an
    hour is enough to tell county days apart."""
    if db.dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.substr(column, 1, 13)         # SQLite keeps UTC as text 'YYYY-MM-DD HH:MM:SS'


@dataclass
class SignupStats:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: list[tuple[str, int]] = field(default_factory=list)     # (category name, count), most first
    by_event: list[tuple[str, int]] = field(default_factory=list)
    by_township: list[tuple[str, int]] = field(default_factory=list)
    by_day: list[tuple[str, int]] = field(default_factory=list)          # (YYYY-MM-DD county day, count), by day


# --------------------------------------------------------------------------------------------
# The repository
# --------------------------------------------------------------------------------------------
class SignupRepository:
    """Sign-ups, their counters and drafts in one database. Built once (bot.services) and handed
    to the conversation as ``ctx.services.signups``."""

    def __init__(self, db: Database):
        self.db = db

    # -- confirm, cancel ---------------------------------------------------------------------
    async def confirm(self, new: NewSignup, *, today: date, max_events: int,
                      now: datetime) -> tuple[Signup, bool]:
        """Store a confirmed sign-up. Returns (row, created); created is False for a repeat of the same draft.

        Raises a SignupRefused (AlreadySignedUp, EventFull, DeadlinePassed, TooManyEvents); nothing is
        stored then.
        """
        db = self.db
        values = _row_values(new, now)
        ev = new.event

        async def transaction() -> Signup:
            if ev.deadline < today:          # the catalogue's deadline is the one the event row gets
                raise DeadlinePassed()
            async with db.session() as s:
                async with s.begin():
                    # The first statement writes, so SQLite takes its write lock before anything is read;
                    # on PostgreSQL it locks the event row (first in the lock order) until commit.
                    place = {"code": ev.code, "category": ev.category, "name": ev.name, "deadline": ev.deadline,
                             "capacity": ev.capacity}
                    if (await s.execute(_take_place(db.dialect), place)).first() is None:
                        raise EventFull()
                    await _take_quota(s, db, quota_keys(values["person_key"], new.id_hash), max_events)
                    # A repeat of a stored draft fails here on idem_key (and rolls back): found below.
                    row = (await s.execute(_insert_signup(), values)).scalar_one()
                    await s.execute(_delete_draft_sql(True), {"openid": new.openid, "draft_id": new.idem_key})
                    return row

        try:
            return await _retry_once(transaction), True
        except (SignupRefused, IntegrityError) as e:
            # This draft stored already -- a repeat, or a concurrent confirmation that won the race (took
            # the last place or the unique key first): that is this draft's row, not a refusal.
            winner = await self.by_idem_key(new.idem_key)
            if winner is not None:
                return winner, False
            if isinstance(e, IntegrityError):
                raise AlreadySignedUp(await self.find_active(ev.code, values["person_key"], new.id_hash)) from None
            raise

    async def cancel(self, openid: str | None, signup_id: int, *, now: datetime,
                     reason: str | None = None) -> Signup | None:
        """Cancel an active sign-up (kept as cancelled) and return it: one of the user's own
        (``openid``), or any one for a cadre (``openid=None``, with the ``reason`` kept). None when
        there is no such active sign-up (not the user's, or cancelled already).

        Same lock order as confirm (event row, person rows sorted, then the sign-up row), so a
        cancellation and a confirmation for the same event cannot deadlock.
        """
        db = self.db
        mine = [Signup.openid == openid] if openid is not None else []
        async with db.autocommit() as s:
            found = (await s.execute(
                select(Signup.event_code, Signup.person_key, Signup.id_hash)
                .where(Signup.id == signup_id, Signup.status == ACTIVE, *mine))).first()
        if found is None:
            return None
        event_code, pkey, id_hash = found       # never change once stored

        async def transaction() -> None:
            async with db.session() as s:
                async with s.begin():
                    await s.execute(update(SignupEvent).where(SignupEvent.code == event_code, SignupEvent.taken > 0)
                                    .values(taken=SignupEvent.taken - 1))
                    for key in quota_keys(pkey, id_hash):
                        await s.execute(update(SignupQuota).where(SignupQuota.person == key, SignupQuota.taken > 0)
                                        .values(taken=SignupQuota.taken - 1))
                    res = await s.execute(
                        update(Signup)
                        .where(Signup.id == signup_id, Signup.status == ACTIVE, *mine)
                        .values(status=CANCELLED, cancelled_at=as_utc(now),
                                cancel_reason=reason[:200] if reason else None))
                    if res.rowcount != 1:        # cancelled meanwhile: the counters above roll back
                        raise NotFound(signup_id)

        try:
            await _retry_once(transaction)
        except NotFound:
            return None
        return await self.get(signup_id)

    async def restore(self, signup_id: int, *, max_events: int, reason: str) -> Signup | None:
        """A cadre makes a cancelled sign-up active again, under the rules of a new one except the
        deadline (a cadre repairs a mistake): a place must be free, the person under the per-person
        limit, and no other active sign-up of the same person for the event. Returns it; None when
        it is not cancelled (any more). Raises EventFull, TooManyEvents or AlreadySignedUp; nothing
        changes then."""
        db = self.db
        async with db.autocommit() as s:
            found = (await s.execute(
                select(Signup.event_code, Signup.person_key, Signup.id_hash)
                .where(Signup.id == signup_id, Signup.status == CANCELLED))).first()
        if found is None:
            return None
        event_code, pkey, id_hash = found

        async def transaction() -> None:
            async with db.session() as s:
                async with s.begin():
                    taken = await s.execute(
                        update(SignupEvent)
                        .where(SignupEvent.code == event_code,
                               or_(SignupEvent.capacity.is_(None), SignupEvent.taken < SignupEvent.capacity))
                        .values(taken=SignupEvent.taken + 1))
                    if taken.rowcount != 1:
                        raise EventFull()
                    await _take_quota(s, db, quota_keys(pkey, id_hash), max_events)
                    res = await s.execute(update(Signup).where(Signup.id == signup_id, Signup.status == CANCELLED)
                                          .values(status=ACTIVE, cancelled_at=None, cancel_reason=reason[:200]))
                    if res.rowcount != 1:
                        raise NotFound(signup_id)

        try:
            await _retry_once(transaction)
        except NotFound:
            return None
        except IntegrityError:
            raise AlreadySignedUp(await self.find_active(event_code, pkey, id_hash)) from None
        return await self.get(signup_id)

    # -- look-ups ----------------------------------------------------------------------------
    async def get(self, signup_id: int) -> Signup | None:
        async with self.db.autocommit() as s:
            return await s.get(Signup, signup_id)

    async def by_idem_key(self, key: str) -> Signup | None:
        async with self.db.autocommit() as s:
            return (await s.execute(_by_idem_key(), {"key": key})).scalar_one_or_none()

    async def find_active(self, event_code: str, pkey: str, id_hash: str | None = None) -> Signup | None:
        """The active sign-up of this person for this event, if any."""
        async with self.db.autocommit() as s:
            return (await s.execute(_active_of(True, False, bool(id_hash)),
                                    {"event_code": event_code, "person_key": pkey, "id_hash": id_hash})
                    ).scalar_one_or_none()

    async def count_active(self, pkey: str, id_hash: str | None = None) -> int:
        async with self.db.connection() as c:
            return int((await c.execute(_active_of(True, True, bool(id_hash)),
                                        {"person_key": pkey, "id_hash": id_hash})).scalar_one())

    async def count_active_for_user(self, openid: str) -> int:
        """How many active sign-ups this user has for themselves (not those entered for others)."""
        return await self.count_active(person_key(openid, for_other=False))

    async def find_active_for_user(self, event_code: str, openid: str) -> Signup | None:
        """The user's active sign-up for themselves for this event, if any."""
        return await self.find_active(event_code, person_key(openid, for_other=False))

    async def find_active_by_id_hash(self, event_code: str, id_hash: str) -> Signup | None:
        """The active sign-up for this event with this ID number (by its keyed hash), whoever entered it."""
        async with self.db.autocommit() as s:
            return (await s.execute(_active_of(False, False, True), {"event_code": event_code, "id_hash": id_hash})
                    ).scalar_one_or_none()

    async def event_taken(self, event_code: str) -> int:
        async with self.db.autocommit() as s:
            row = await s.get(SignupEvent, event_code)
            return row.taken if row else 0

    async def list_for_user(self, openid: str, *, include_cancelled: bool = False) -> list[Signup]:
        """Sign-ups this user entered (for themselves and for others), oldest first."""
        q = select(Signup).where(Signup.openid == openid)
        if not include_cancelled:
            q = q.where(Signup.status == ACTIVE)
        async with self.db.autocommit() as s:
            return list((await s.execute(q.order_by(Signup.id))).scalars())

    async def profile_for(self, openid: str) -> dict | None:
        """{"name", "township"} of the user's newest active sign-up for themselves (for the quiz leaderboard)."""
        async with self.db.autocommit() as s:
            row = (await s.execute(
                select(Signup.name, Signup.township)
                .where(Signup.openid == openid, Signup.for_other.is_(False), Signup.status == ACTIVE)
                .order_by(Signup.id.desc()).limit(1))).first()
        return {"name": row.name, "township": row.township} if row else None

    async def check_counters(self) -> list[str]:
        """Counters that disagree with the active rows (should be empty; for tests and admin checks):
        the per-event counters and the per-person quota counters."""
        problems = []
        async with self.db.session() as s:
            counts = dict((await s.execute(select(Signup.event_code, func.count()).where(Signup.status == ACTIVE)
                                           .group_by(Signup.event_code))).all())
            for ev in (await s.execute(select(SignupEvent))).scalars():
                if ev.taken != counts.get(ev.code, 0):
                    problems.append(f"event {ev.code}: counter {ev.taken}, active rows {counts.get(ev.code, 0)}")
            held: Counter = Counter()
            for pkey, id_hash in (await s.execute(select(Signup.person_key, Signup.id_hash)
                                                  .where(Signup.status == ACTIVE))).all():
                held.update(quota_keys(pkey, id_hash))
            quotas = dict((await s.execute(select(SignupQuota.person, SignupQuota.taken))).all())
        for key in sorted(set(quotas) | set(held)):
            if quotas.get(key, 0) != held[key]:
                problems.append(f"person {key}: counter {quotas.get(key, 0)}, active rows {held[key]}")
        return problems

    # -- export ------------------------------------------------------------------------------
    async def stream(self, columns: Sequence[str], *, township: str | None = None, village: str | None = None,
                     category: str | None = None, event: str | None = None, since: date | None = None,
                     batch: int = 250, where: SignupFilter | None = None) -> AsyncIterator[Sequence[Any]]:
        """Sign-ups matching the filters (active ones unless ``where`` says otherwise), as lists of rows
        (the named ``columns``, in that order) of up to ``batch`` rows, streamed: memory stays flat
        however many there are.

        The keyword filters are a shorthand for ``where=SignupFilter(...)``. Use it with
        ``contextlib.aclosing`` so the connection is released when the caller stops early.
        """
        db = self.db
        f = where or SignupFilter(township=township, village=village, category=category, event=event, since=since)
        table = Signup.__table__
        q = (select(*(table.c[name] for name in columns)).where(*f.conditions())
             .order_by(table.c.category, table.c.event_code, table.c.id).execution_options(yield_per=batch))
        # The bot's SQLite engine has a single pooled connection (one writer at a time); a long export
        # must not hold it, so it reads through its own connection (WAL lets it read beside the writer).
        engine, own = db.engine, None
        if db.dialect == "sqlite":
            own = engine = create_async_engine(db.url, connect_args={"timeout": 30}, hide_parameters=True)
        try:
            async with engine.connect() as conn:        # Core rows: no ORM overhead per row
                result = await conn.stream(q)
                async for part in result.partitions():  # of yield_per rows
                    yield part
        finally:
            if own is not None:
                await own.dispose()

    # -- the console: pages of the list, counts for the dashboard, who entered what -----------
    async def page(self, where: SignupFilter, *, offset: int, limit: int) -> tuple[list, int]:
        """(rows of LIST_COLUMNS, newest first; total count) for one page of the console's table."""
        table = Signup.__table__
        cond = where.conditions()
        async with self.db.session() as s:
            total = (await s.execute(select(func.count()).select_from(table).where(*cond))).scalar_one()
            rows = (await s.execute(select(*(table.c[n] for n in LIST_COLUMNS)).where(*cond)
                                    .order_by(table.c.id.desc()).limit(limit).offset(offset))).all()
        return list(rows), int(total)

    async def stats(self, where: SignupFilter) -> SignupStats:
        """Counts for the dashboard: the filter's rows by status, and its active rows (or the status
        asked for) per category, event, township and county day -- three index-only scans
        (ix_signups_console) whatever the number of sign-ups."""
        c = Signup.__table__.c
        cond = where.conditions()
        hour = _utc_hour(self.db, c.created_at).label("hour")
        async with self.db.session() as s:
            by_status = dict((await s.execute(
                select(c.status, func.count()).where(*dataclasses.replace(where, status="all").conditions())
                .group_by(c.status))).all())
            cells = (await s.execute(select(c.township, c.category_name, c.event_name, func.count()).where(*cond)
                                     .group_by(c.township, c.category_name, c.event_name))).all()
            hours = (await s.execute(select(hour, func.count()).where(*cond).group_by(hour))).all()
        by_category: Counter = Counter()
        by_event: Counter = Counter()
        by_township: Counter = Counter()
        for township, category, event, n in cells:
            by_category[category] += n
            by_event[event] += n
            by_township[township] += n
        by_day: Counter = Counter()
        for text_hour, n in hours:
            utc = datetime.strptime(text_hour, "%Y-%m-%d %H").replace(tzinfo=timezone.utc)
            by_day[utc.astimezone(COUNTY_TZ).date().isoformat()] += n
        most_first = lambda counts: sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))   # noqa: E731
        return SignupStats(total=sum(by_category.values()), by_status={k: int(v) for k, v in by_status.items()},
                           by_category=most_first(by_category), by_event=most_first(by_event),
                           by_township=most_first(by_township), by_day=sorted(by_day.items()))

    async def entrant_names(self) -> dict[str, str]:
        """{openid: name} of the WeChat users who signed others up, from their own newest sign-up
        (录入人 of the export); users who never signed up themselves are not in it."""
        entrants = select(Signup.openid).where(Signup.for_other.is_(True)).distinct()
        async with self.db.session() as s:
            rows = (await s.execute(select(Signup.openid, Signup.name)
                                    .where(Signup.for_other.is_(False), Signup.openid.in_(entrants))
                                    .order_by(Signup.id))).all()
        return {openid: name for openid, name in rows}

    async def townships_of_users(self) -> dict[str, str]:
        """{short user id: township} from each WeChat user's newest own sign-up: how the console knows
        which township an unanswered question (stored with the short id only) came from."""
        async with self.db.session() as s:
            rows = (await s.execute(select(Signup.openid, Signup.township)
                                    .where(Signup.for_other.is_(False)).order_by(Signup.id))).all()
        return {short_user(openid): township for openid, township in rows}

    # -- drafts ------------------------------------------------------------------------------
    async def save_draft(self, openid: str, draft_id: str, data: dict, now: datetime) -> bool:
        """Keep the user's draft; False (nothing saved) when a sign-up was stored from this draft
        already: the conversation that holds it is older than the confirmation (a crash after the
        commit), and saving it would bring a stale draft back. One statement either way."""
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        async with self.db.connection() as c:        # one statement
            return (await c.execute(_save_draft_sql(self.db.dialect),
                                    {"openid": openid, "draft_id": draft_id, "data": payload,
                                     "updated_at": as_utc(now)})).rowcount == 1

    async def load_draft(self, openid: str) -> tuple[dict, datetime] | None:
        """The user's unfinished draft and when it was last saved; None when there is none. A draft
        whose sign-up is stored already (left by a version that did not delete it in the same
        transaction, or a race with a killed worker) is not unfinished: it is deleted here."""
        return (await self._draft_and_latest(openid, None))[0]

    async def left_off(self, openid: str, since: datetime) -> tuple[tuple[dict, datetime] | None, Signup | None]:
        """Where a user who comes back left off: (their unfinished draft as ``load_draft`` gives it,
        None), else (None, their newest active sign-up -- for themselves or another -- stored at or
        after ``since``, or None). One round trip, and a second only when there is such a sign-up."""
        saved, latest = await self._draft_and_latest(openid, since)
        if saved is not None or latest is None:
            return saved, None
        return None, await self.get(latest)

    async def _draft_and_latest(self, openid: str, since: datetime | None) -> tuple[tuple[dict, datetime] | None,
                                                                                  int | None]:
        """(the unfinished draft, the id of the newest active sign-up since ``since``) in one statement."""
        async with self.db.connection() as c:
            found = (await c.execute(_draft_and_latest_sql(since is not None),
                                     {"openid": openid, "since": as_utc(since) if since else None})).one()
        if found.draft_id is None:
            return None, found.latest
        if found.stored:
            await self.delete_draft(openid, found.draft_id)
            return None, found.latest
        try:
            data = json.loads(found.data)
        except ValueError:
            return None, found.latest
        return (data, as_utc(found.updated_at)), None

    async def delete_draft(self, openid: str, draft_id: str | None = None) -> None:
        async with self.db.connection() as c:        # one statement
            await c.execute(_delete_draft_sql(draft_id is not None), {"openid": openid, "draft_id": draft_id})

    async def purge_drafts(self, older_than: datetime) -> int:
        """Delete abandoned drafts (personal data is not kept longer than needed)."""
        async with self.db.session() as s:
            async with s.begin():
                res = await s.execute(delete(SignupDraft).where(SignupDraft.updated_at < as_utc(older_than)))
                return res.rowcount or 0


__all__: Sequence[str] = [
    "Signup", "SignupEvent", "SignupQuota", "SignupDraft", "SignupRepository", "EventInfo", "NewSignup",
    "signup_number", "person_key", "SignupRefused", "AlreadySignedUp", "EventFull", "DeadlinePassed",
    "TooManyEvents", "SignupFilter", "STATUSES", "SignupStats", "LIST_COLUMNS",
]
