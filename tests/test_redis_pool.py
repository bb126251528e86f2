"""The Redis state store under a burst: more messages at once than connections make them queue
for a connection instead of failing (redis-py's default pool raises past 100)."""
from __future__ import annotations

import asyncio
import uuid

from bot.storage.state import RedisStateStore
from tests.conftest import REDIS_URL


async def test_a_burst_beyond_a_hundred_connections_queues_instead_of_failing():
    prefix = f"fenjin-burst-{uuid.uuid4().hex[:8]}"
    # Asserted: every message is served, none fails for want of a connection -- not how fast. On a
    # loaded machine the queue may take longer than the bot's 1 s call deadline: these calls wait longer.
    store = RedisStateStore(REDIS_URL, prefix=prefix, timeout=30.0)
    users = [f"u{i}" for i in range(400)]
    try:
        async def one(user: str) -> dict | None:
            async with store.lock(user):
                await store.save(user, {"flow": None, "data": {"n": user}})
                return await store.load(user)

        sessions = await asyncio.gather(*(one(u) for u in users))
        assert [s["data"]["n"] for s in sessions] == users
    finally:
        await store.redis.client.delete(*[f"{prefix}:s:{u}" for u in users])
        await store.close()
