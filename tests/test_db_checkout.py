"""Database.connection() / transaction(): committed on leaving, rolled back on an error, the
connection back in the pool either way -- and, after a commit, closed without a task of its own
(no extra turns of the event loop per statement)."""
from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import event, text

from bot.storage.db import Database


@pytest.fixture
async def db(pg_url):
    database = Database(pg_url, pool_size=2)
    async with database.connection() as c:
        await c.execute(text("CREATE TABLE IF NOT EXISTS checkout_probe (k text PRIMARY KEY)"))
        await c.execute(text("DELETE FROM checkout_probe"))
    yield database
    await database.close()
    cleanup = Database(pg_url)          # (a test may leave the first marked down for a moment)
    async with cleanup.connection() as c:
        await c.execute(text("DROP TABLE IF EXISTS checkout_probe"))
    await cleanup.close()


async def keys(db: Database) -> list[str]:
    async with db.connection() as c:
        return sorted(r.k for r in await c.execute(text("SELECT k FROM checkout_probe")))


def checked_out(db: Database) -> int:
    return db.engine.sync_engine.pool.checkedout()


async def test_a_transaction_commits_on_leaving_and_rolls_back_on_an_error(db):
    async with db.transaction() as c:
        await c.execute(text("INSERT INTO checkout_probe VALUES ('kept')"))
    with pytest.raises(RuntimeError):
        async with db.transaction() as c:
            await c.execute(text("INSERT INTO checkout_probe VALUES ('dropped')"))
            raise RuntimeError("the handler failed")
    assert await keys(db) == ["kept"] and checked_out(db) == 0


async def test_a_statement_of_its_own_commits_and_a_failed_one_frees_the_connection(db):
    async with db.connection() as c:
        await c.execute(text("INSERT INTO checkout_probe VALUES ('one')"))
    with pytest.raises(Exception):
        async with db.connection() as c:
            await c.execute(text("INSERT INTO checkout_probe VALUES ('one')"))     # duplicate key
    assert await keys(db) == ["one"] and checked_out(db) == 0


async def test_closing_after_a_commit_makes_no_task(db):
    loop = asyncio.get_running_loop()
    made = []
    default = loop.get_task_factory()

    def counting(loop, coro, **kw):
        made.append(coro)
        return default(loop, coro, **kw) if default else asyncio.Task(coro, loop=loop, **kw)

    loop.set_task_factory(counting)
    try:
        for i in range(5):
            async with db.connection() as c:
                await c.execute(text("SELECT 1"))
            async with db.transaction() as c:
                await c.execute(text("INSERT INTO checkout_probe VALUES (:k)"), {"k": f"t{i}"})
    finally:
        loop.set_task_factory(default)
    assert made == [] and checked_out(db) == 0 and len(await keys(db)) == 5


async def test_a_cancelled_message_gives_its_connection_back(db):
    entered = asyncio.Event()

    async def slow() -> None:
        async with db.transaction() as c:
            await c.execute(text("INSERT INTO checkout_probe VALUES ('cancelled')"))
            entered.set()
            await c.execute(text("SELECT pg_sleep(5)"))

    task = asyncio.ensure_future(slow())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The pool has its connection back (invalidated: a statement was cut off) and nothing was kept.
    assert checked_out(db) == 0
    other = Database(db.url)
    try:
        assert await keys(other) == []
    finally:
        await other.close()


# -- SQLite: the pool's rollback on return runs in aiosqlite's thread, so the close suspends --------
@pytest.fixture
async def lite(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/checkout.db")
    async with database.connection() as c:
        await c.execute(text("CREATE TABLE checkout_probe (k text PRIMARY KEY)"))
    yield database
    await database.close()


@pytest.mark.parametrize("kind", ["connection", "transaction"])
async def test_on_sqlite_a_message_cancelled_while_its_connection_closes_keeps_the_commit_and_the_connection(
        lite, kind, caplog):
    """The message is cancelled just as its committed connection goes back to the pool (the pool's
    reset, before its rollback): the close must still finish -- no error logged, no connection
    dropped -- and what was committed stays."""
    pool = lite.engine.sync_engine.pool
    outer: list[asyncio.Task] = []

    def cancel_the_message(_dbapi_conn, _record, _state) -> None:
        if outer:
            outer.pop().cancel()

    async def message() -> None:
        outer.append(asyncio.current_task())
        async with getattr(lite, kind)() as c:
            await c.execute(text("INSERT INTO checkout_probe VALUES (:k)"), {"k": kind})

    event.listen(pool, "reset", cancel_the_message)
    caplog.set_level(logging.ERROR)
    try:
        task = asyncio.ensure_future(message())
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        event.remove(pool, "reset", cancel_the_message)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert pool.checkedout() == 0 and pool.checkedin() == 1
    async with lite.connection() as c:
        assert [r.k for r in await c.execute(text("SELECT k FROM checkout_probe"))] == [kind]
