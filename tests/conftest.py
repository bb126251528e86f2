"""Shared fixtures. Storage tests run against SQLite and the real PostgreSQL server.
The helpers these build on (Clock, Conversation, wait_for) live in tests/helpers.py."""
from __future__ import annotations

import asyncio
import os
import tempfile
import uuid

# The knowledge base's and the pinyin tables' caches of a test run: a directory of its own, never the
# repository's data/cache (tests build many knowledge bases; a run must neither fill nor read that).
os.environ["FENJIN_CACHE_DIR"] = tempfile.mkdtemp(prefix="fenjin-test-cache-")

import asyncpg
import pytest
from sqlalchemy import MetaData

from bot.storage import Database
from tests.helpers import Clock

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
async def shared_redis():
    """One Redis connection under a key prefix of its own, for what several workers share (their
    retry caches over the same keys); its keys are deleted afterwards."""
    from bot.storage.redisconn import RedisConn
    conn = RedisConn(REDIS_URL, prefix=f"fenjin-test-{uuid.uuid4().hex[:8]}")
    yield conn
    keys = [k async for k in conn.client.scan_iter(f"{conn.prefix}:*")]
    if keys:
        await conn.client.delete(*keys)
    await conn.close()


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    name = f"fenjin_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN_URL

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    yield admin.rsplit("/", 1)[0] + "/" + name
    asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/bot.db"
    url = request.getfixturevalue("pg_url")
    return url


async def _migrated(url: str):
    # These tests assert outcomes, not speed: on a loaded machine six confirmations racing for one
    # event's row lock may wait past the bot's 1.5 s query timeout (a TimeoutError, not "full").
    # Tests of the timeout itself build their own Database.
    db = Database(url, timeout=30.0)
    await db.migrate()
    try:
        yield db
    finally:
        if db.dialect == "postgresql":
            await drop_all_tables(db.engine)
        await db.close()


async def drop_all_tables(engine) -> None:
    """Leave the database empty for the next test: every table there is, whoever made it
    (the models, a migration step, schema_version)."""
    def drop(conn) -> None:
        tables = MetaData()
        tables.reflect(conn)
        tables.drop_all(conn)

    async with engine.begin() as conn:
        await conn.run_sync(drop)


@pytest.fixture
async def database(db_url):
    async for db in _migrated(db_url):
        yield db


@pytest.fixture
async def sqlite_database(tmp_path):
    """SQLite only: for conversation tests where the SQL dialect is not the point (and speed is)."""
    async for db in _migrated(f"sqlite:///{tmp_path}/bot.db"):
        yield db


@pytest.fixture
async def pg_database(pg_url):
    """PostgreSQL only: for behaviour SQLite cannot show (row locks, deadlocks)."""
    async for db in _migrated(pg_url):
        yield db


@pytest.fixture
def clock():
    """A hand-moved clock at tests.helpers.T0; a module that needs another start overrides this."""
    return Clock()


pytest_plugins = ["tests.fake_wechat"]
