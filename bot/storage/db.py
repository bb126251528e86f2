"""Engine, URL mapping and schema migrations.

Tables are declared on ``Base`` by the feature modules (signups, quiz, unanswered).
The schema is created and migrated by the app on start (``Database.migrate``):
version 1 is ``create_all``; later changes append a step to ``MIGRATIONS`` so an
existing database is brought forward in order, never edited by hand.
"""
from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def async_url(url: str) -> str:
    """Map plain sqlite:/// and postgresql:// URLs to the async drivers."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


def _create_all(conn: Connection) -> None:
    Base.metadata.create_all(conn)


# Ordered schema steps; the index + 1 is the version a database has after the step.
MIGRATIONS: list[Callable[[Connection], None]] = [_create_all]


class Database:
    def __init__(self, url: str, echo: bool = False):
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
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # Buffered writers (e.g. the unanswered-question log) flush here before the engine goes.
        self.before_close: list[Callable[[], Awaitable[None]]] = []

    def session(self) -> AsyncSession:
        return self.sessionmaker()

    async def migrate(self) -> int:
        """Bring the schema to the newest version; returns that version."""
        # Import the modules that declare tables so Base.metadata is complete.
        import bot.storage.models  # noqa: F401
        async with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # One migrator at a time when several workers start together.
                await conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
            await conn.execute(text(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
            row = (await conn.execute(text("SELECT version FROM schema_version"))).first()
            current = row[0] if row else 0
            if row is None:
                await conn.execute(text("INSERT INTO schema_version (version) VALUES (0)"))
            for version, step in enumerate(MIGRATIONS, start=1):
                if version > current:
                    await conn.run_sync(step)
                    await conn.execute(text("UPDATE schema_version SET version = :v"), {"v": version})
            return len(MIGRATIONS)

    async def close(self) -> None:
        for flush in self.before_close:
            await flush()
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers (export) run beside writers; synchronous=FULL makes a confirmed sign-up survive power loss.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


