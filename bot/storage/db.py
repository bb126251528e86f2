"""Engine and URL mapping.

Tables are declared on ``Base`` by the feature modules (signups, quiz, unanswered).
The app brings the schema up to date on start (``Database.migrate``) with the steps of
``bot.storage.migrations``, which says how to add one.
"""
from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

from bot.storage import migrations


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
        """Bring the schema to the newest version; returns it. Raises migrations.SchemaTooNew."""
        return await migrations.migrate(self.engine)

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


