"""Stage timings (bot/core/stages.py, server.stage_timings): where one message's time went, recorded
only when switched on, shared by the tasks a message starts, written on its log line."""
from __future__ import annotations

import asyncio
import gc
import logging

import pytest
from sqlalchemy import text

from bot.core import stages
from bot.core.config import load_settings
from bot.core.session import Services
from bot.storage.db import Database
from tests.conftest import REDIS_URL
from tests.harness import BotHarness
from tests.helpers import Clock
from tests.stub_handlers import EchoQA


@pytest.fixture
def timings():
    stages.enable(True)
    yield
    stages.enable(False)


def message_lines(caplog) -> list[dict]:
    return [r.fields for r in caplog.records if getattr(r, "fields", {}).get("event") == "message"]


def test_off_nothing_is_recorded():
    stages.enable(False)
    assert stages.begin() is None
    stages.add("redis", 1.0, count=True)          # outside a message: goes nowhere, raises nothing
    assert stages.current() is None or stages.current().times == {}


async def test_a_task_started_by_the_message_adds_to_its_record(timings):
    record = stages.begin()

    async def child() -> None:
        stages.add("redis", 0.002, count=True)
        stages.add("redis", 0.003, count=True)

    await asyncio.ensure_future(child())
    stages.add("decode", 0.0005)
    ms = record.as_ms()
    assert ms["redis"] == pytest.approx(5.0) and ms["redis_n"] == 2 and ms["decode"] == pytest.approx(0.5)


async def test_a_new_message_starts_from_nothing(timings):
    first = stages.begin()
    stages.add("pg", 0.01, count=True)
    second = stages.begin()
    assert second is not first and "pg" not in second.times and stages.current() is second


def test_collector_pauses_while_the_message_lasts_are_counted(timings):
    record = stages.begin()
    junk = [[i] for i in range(200_000)]
    gc.collect()
    del junk
    assert record.as_ms()["gc"] > 0 and record.as_ms()["gc2"] > 0      # gc.collect() is a full one
    total, full = stages._gc["total"], stages._gc["full"]
    gc.collect(0)                                  # a young collection: counted, not as a full one
    assert stages._gc["total"] > total and stages._gc["full"] == full
    assert stages.begin().as_ms()["gc"] == 0


def start(tmp_path, **kw):
    services = Services(settings=load_settings(env={}), clock=Clock())
    return BotHarness.start(tmp_path, handlers=[EchoQA()], services=services, **kw)


async def test_log_line_has_stages_only_when_switched_on(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    try:
        async with start(tmp_path, redis_url=REDIS_URL, settings={"server": {"stage_timings": True}}) as bot:
            assert await bot.text("oStages1", "你好") == "echo:你好"
        line = message_lines(caplog)[-1]
        st = line["stages"]
        # The retry cache's claim and the session's load and save are Redis round trips.
        assert st["redis_n"] >= 2 and st["redis"] > 0
        assert st["handler"] > 0 and st["claim"] >= 0 and st["decode"] > 0 and "lag" in st and "gc" in st
        assert st["handler"] <= line["latency_ms"] + 0.01
    finally:
        stages.enable(False)
    caplog.clear()
    async with start(tmp_path) as bot:
        assert await bot.text("oStages2", "你好") == "echo:你好"
    assert "stages" not in message_lines(caplog)[-1]


async def test_database_statements_and_pool_waits_are_timed(pg_url, timings):
    db = Database(pg_url)
    try:
        record = stages.begin()
        async with db.connection() as c:
            await c.execute(text("SELECT pg_sleep(0.02)"))
            await c.execute(text("SELECT 1"))
        st = record.as_ms()
        assert st["pg_n"] == 2 and st["pg"] >= 20 and "pool" in st
        # Two messages over a one-connection pool: the second waits for the first's connection.
        small = Database(pg_url, pool_size=1)
        try:
            async def one(seconds: float) -> stages.Record:
                rec = stages.begin()
                async with small.connection() as c:
                    await c.execute(text(f"SELECT pg_sleep({seconds})"))
                return rec

            first = asyncio.ensure_future(one(0.1))
            await asyncio.sleep(0.02)
            second = await one(0)
            await first
            assert second.as_ms()["pool"] >= 30
        finally:
            await small.close()
    finally:
        await db.close()
