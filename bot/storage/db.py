"""Engine and URL mapping.

Tables are declared on ``Base`` by the feature modules (signups, quiz, unanswered).
The app brings the schema up to date on start (``Database.migrate``) with the steps of
``bot.storage.migrations``, which says how to add one.

Every call is bounded (PostgreSQL: connect, query and pool waits time out after ``timeout``-based
limits), and ``health`` tracks whether the database answers: after a connection failure or a
timeout, ``session()`` fails at once for a moment (bot.core.health), so messages get the busy reply
quickly instead of each waiting out its own timeout.
"""
from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from pathlib import Path
from typing import Awaitable, Callable

from sqlalchemy import event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import AsyncAdaptedQueuePool

from bot.core import stages

from bot.core.health import Dependency, Unavailable
from bot.storage import migrations

# A pooled connection unused this long is pinged before it is handed out (a server restart or a
# firewall may have cut it meanwhile). One used more recently is not: a ping on every checkout
# (pool_pre_ping) was a round trip per transaction, a fifth of a sign-up message's database time.
# A connection that fails in use invalidates the whole pool (SQLAlchemy's default on a disconnect),
# so after a restart the next checkouts reconnect instead of each finding its connection dead.
IDLE_PING_SECONDS = 10.0
# PostgreSQL connections a worker keeps (storage.database_pool_size). All of them stay open once
# made: no overflow beyond it. With 10 + 10 overflow, every burst past 10 statements at once opened
# connections that were closed again on their return -- a new server process, the driver's start-up
# and type look-ups, and the statement cache lost, each time -- under exactly the load that could
# least afford it. A message waits for a pooled connection instead (load, not a fault: see below).
POOL_SIZE = 20


class Base(DeclarativeBase):
    pass


def upsert(dialect: str):
    """The dialect's ``insert`` (with ON CONFLICT): PostgreSQL's or SQLite's."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def async_url(url: str) -> str:
    """Map plain sqlite:/// and postgresql:// URLs to the async drivers."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str, echo: bool = False, timeout: float = 1.5, pool_size: int = POOL_SIZE):
        """``timeout``: seconds a PostgreSQL query may take (storage.database_timeout_seconds);
        ``pool_size``: PostgreSQL connections kept (storage.database_pool_size)."""
        self.url = async_url(url)
        self.dialect = self.url.split(":", 1)[0].split("+", 1)[0]
        # hide_parameters: SQL errors end up in logs, and their parameters are names and phone numbers.
        kwargs: dict = {"echo": echo, "hide_parameters": True}
        if self.dialect == "sqlite":
            path = self.url.split(":///", 1)[1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
            # SQLite has one writer at a time; concurrent writers would wait in SQLite's sleeping
            # busy handler (tens of ms a turn). One pooled connection queues them in asyncio instead.
            kwargs.update(pool_size=1, max_overflow=0, pool_timeout=30)
        else:
            # A query or a new connection may take ``timeout``: a hung server is noticed (and marked
            # down, see the "invalidate" event) well inside WeChat's 5 s. Waiting for a pooled
            # connection is load, not a fault: it may take longer (the reply is then sent late).
            # Last in, first out: under a light load the same few connections serve (and are not
            # left idle long enough to need the idle ping); the others wait, open, for a burst.
            kwargs.update(pool_size=max(1, pool_size), max_overflow=0, pool_timeout=2 * timeout, pool_use_lifo=True,
                          connect_args={"timeout": timeout, "command_timeout": timeout})
            if stages.enabled():          # server.stage_timings: the wait for a pooled connection
                kwargs["poolclass"] = _TimedPool
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        self.health = Dependency("database", timeout=timeout)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:              # an SQLite file is not cut off like a server connection: nothing to ping
            event.listen(self.engine.sync_engine, "checkin", _idle_from_now)
            event.listen(self.engine.sync_engine, "checkout", self._ping_if_idle)
        event.listen(self.engine.sync_engine, "handle_error", self._on_error)
        # A timed-out query or ping surfaces here first (the graceful close that follows takes a while).
        event.listen(self.engine.sync_engine, "invalidate",
                     lambda _conn, _record, exc: exc is not None and self.unavailable(exc))
        event.listen(self.engine.sync_engine, "checkout", lambda *_: self.health.succeeded())
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        if stages.enabled():
            event.listen(self.engine.sync_engine, "before_cursor_execute", _statement_starts)
            event.listen(self.engine.sync_engine, "after_cursor_execute", _statement_ends)
        # PostgreSQL without a transaction around each statement: a read, or a write of one statement
        # (atomic by itself), then costs one round trip instead of three (BEGIN, it, COMMIT/ROLLBACK).
        # SQLite's driver opens no transaction for reads and commits writes on commit(), as before.
        self._standalone = (self.engine.execution_options(isolation_level="AUTOCOMMIT")
                            if self.dialect == "postgresql" else self.engine)
        self.autocommit_maker = async_sessionmaker(self._standalone, expire_on_commit=False)
        # Buffered writers (e.g. the unanswered-question log) flush here before the engine goes.
        self.before_close: list[Callable[[], Awaitable[None]]] = []

    def session(self) -> AsyncSession:
        self.health.check()          # Unavailable at once while the database is known to be down
        return self.sessionmaker()

    def autocommit(self) -> AsyncSession:
        """A session whose statements each stand alone (PostgreSQL: each commits by itself): for
        reads that need no snapshot shared by several statements, and for writes of ONE statement
        (``async with db.autocommit() as s, s.begin(): await s.execute(stmt)``, which commits on
        SQLite too). Never for several writes that must succeed or fail together."""
        self.health.check()
        return self.autocommit_maker()

    # The hot paths of a message (a sign-up step, a quiz answer) run Core statements built once per
    # dialect (functools.cache) with bound parameters: building a SQLAlchemy statement costs about as
    # much CPU as running it, and an ORM session more again.
    def connection(self) -> contextlib.AbstractAsyncContextManager[AsyncConnection]:
        """``autocommit()`` as a Core connection (no ORM session): reads, and writes of ONE statement,
        committed on leaving (``async with db.connection() as c: await c.execute(stmt, params)``)."""
        self.health.check()
        return _Begun(self._standalone)

    def transaction(self) -> contextlib.AbstractAsyncContextManager[AsyncConnection]:
        """A Core connection in one transaction: committed on leaving, rolled back on an error."""
        self.health.check()
        return _Begun(self.engine)

    def _ping_if_idle(self, dbapi_conn, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            self.engine.dialect.do_ping(dbapi_conn)
        except Exception as e:
            # The pool drops this connection and checks out another (a new one if need be).
            raise DisconnectionError(f"pooled connection is dead: {type(e).__name__}") from e

    def _on_error(self, ctx: ExceptionContext) -> None:
        if ctx.is_disconnect:            # refused, reset, closed under us: whatever the driver's class
            self.health.failed(ctx.original_exception)

    def unavailable(self, error: BaseException) -> bool:
        """True (and the database marked down) when ``error`` means the server is unreachable or too
        slow: refused or lost connections, timeouts. Callers that catch errors from a handler ask
        this, since a timed-out query surfaces as a bare TimeoutError, past SQLAlchemy's events."""
        if isinstance(error, Unavailable):
            return error.name == self.health.name
        if isinstance(error, (OSError, TimeoutError)) or (
                isinstance(error, DBAPIError) and error.connection_invalidated):
            self.health.failed(error)
            return True
        return False

    async def probe(self) -> bool:
        """SELECT 1, ignoring the cooldown (the app's prober, health endpoints); updates ``health``."""
        try:
            async with self.sessionmaker() as session:
                await asyncio.wait_for(session.execute(text("SELECT 1")), 2 * self.health.timeout)
        except Exception as e:        # whatever stops a trivial query means: not usable
            self.health.failed(e)
            return False
        self.health.succeeded()
        return True

    async def migrate(self) -> int:
        """Bring the schema to the newest version; returns it. Raises migrations.SchemaTooNew."""
        return await migrations.migrate(self.engine)

    async def close(self) -> None:
        for flush in self.before_close:
            await flush()
        await self.engine.dispose()


class _Begun:
    """``async with engine.begin() as conn`` -- a connection in a transaction, committed on leaving,
    rolled back on an error -- less the task SQLAlchemy makes to close the connection (``AsyncConnection.
    __aexit__`` runs ``close()`` in a task of its own and waits for it, so a cancellation cannot cut
    the close short). After a commit the close does no I/O (the pool's rollback on return finds no
    transaction): called directly it finishes without suspending, so nothing can cut it short, and the
    message does not wait two more turns of a busy event loop for it -- a few per statement, the most
    of a first message's time that was neither Redis, the database nor its own CPU under load
    (bot.core.stages). On an error (a rollback to send) SQLAlchemy's own exit closes it, as before.
    That holds only for PostgreSQL (asyncpg): on SQLite the pool's rollback on return goes through
    aiosqlite's thread, so the close suspends and a cancellation could cut it short (the pool logs an
    error and drops the connection) -- there SQLAlchemy's own exit closes it after a commit too."""

    __slots__ = ("_engine", "_conn", "_tx")

    def __init__(self, engine: AsyncEngine):
        self._engine = engine

    async def __aenter__(self) -> AsyncConnection:
        conn = await self._engine.connect()
        try:
            self._tx = await conn.begin()
        except BaseException:
            await conn.__aexit__(*sys.exc_info())
            raise
        self._conn = conn
        return conn

    async def __aexit__(self, typ, exc, tb) -> None:
        conn, tx = self._conn, self._tx
        if typ is None:
            try:
                await tx.commit()
            except BaseException:
                await tx.__aexit__(*sys.exc_info())
                await conn.__aexit__(*sys.exc_info())
                raise
            if self._engine.dialect.name == "postgresql":
                await conn.close()
            else:
                await conn.__aexit__(None, None, None)
            return
        try:
            await tx.__aexit__(typ, exc, tb)
        finally:
            await conn.__aexit__(typ, exc, tb)


class _TimedPool(AsyncAdaptedQueuePool):
    """The default pool of an async PostgreSQL engine, adding each checkout's wait to the message's
    ``pool`` stage (bot.core.stages; only while stage timings are on)."""

    def _do_get(self):
        started = time.perf_counter()
        try:
            return super()._do_get()
        finally:
            stages.add("pool", time.perf_counter() - started)


def _statement_starts(_conn, _cursor, _statement, _params, context, _many) -> None:
    if context is not None:
        context._fenjin_started = time.perf_counter()


def _statement_ends(_conn, _cursor, _statement, _params, context, _many) -> None:
    started = getattr(context, "_fenjin_started", None)
    if started is not None:
        stages.add("pg", time.perf_counter() - started, count=True)


def _idle_from_now(_dbapi_conn, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers (export) run beside writers; synchronous=FULL makes a confirmed sign-up survive power loss.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    _wal(cur)
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _wal(cur, attempts: int = 100) -> None:
    """WAL is kept in the file (asking again once it is set takes no lock). Several workers opening
    a brand-new file together can deadlock on the switch, and SQLite then fails one at once
    ("database is locked") without waiting, so that one asks again shortly (only on a new file,
    at start-up)."""
    for attempt in range(attempts):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except Exception as e:          # the driver's OperationalError, whichever adapter wraps it
            if "locked" not in str(e) or attempt == attempts - 1:
                raise
            time.sleep(0.02)


