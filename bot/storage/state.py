"""Per-user conversation state: in process memory by default, Redis when REDIS_URL is set.

Sessions are JSON dicts (see bot.core.session.Session). ``lock(user)`` serialises the
messages of one user so two quick messages never interleave inside a flow.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import AsyncIterator


class StateStore:
    async def load(self, user: str) -> dict | None:
        raise NotImplementedError

    async def save(self, user: str, session: dict) -> None:
        raise NotImplementedError

    def lock(self, user: str) -> contextlib.AbstractAsyncContextManager:
        raise NotImplementedError

    async def close(self) -> None:
        pass


class MemoryStateStore(StateStore):
    def __init__(self, ttl: float = 7 * 24 * 3600):
        self.ttl = ttl
        self._data: dict[str, tuple[float, str]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._lock_users: dict[str, int] = {}

    async def load(self, user: str) -> dict | None:
        item = self._data.get(user)
        if item is None or item[0] < time.monotonic():
            self._data.pop(user, None)
            return None
        return json.loads(item[1])

    async def save(self, user: str, session: dict) -> None:
        # Stored as JSON so memory and Redis behave the same (no shared mutable objects).
        self._data[user] = (time.monotonic() + self.ttl, json.dumps(session, ensure_ascii=False))

    @contextlib.asynccontextmanager
    async def lock(self, user: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(user, asyncio.Lock())
        self._lock_users[user] = self._lock_users.get(user, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._lock_users[user] -= 1
            if not self._lock_users[user]:   # nobody waiting: forget the lock, memory stays flat
                del self._lock_users[user]
                self._locks.pop(user, None)


class RedisStateStore(StateStore):
    """Sessions shared by several workers. Keys: fenjin:s:<openid>, locks fenjin:l:<openid>."""

    def __init__(self, url: str, ttl: int = 7 * 24 * 3600, prefix: str = "fenjin"):
        import redis.asyncio as redis

        # A burst of messages must queue for a connection, not fail: redis-py's default pool
        # raises MaxConnectionsError past 100 connections (HTTP 500s in a soak run).
        pool = redis.BlockingConnectionPool.from_url(url, decode_responses=True, max_connections=256, timeout=5)
        self.redis = redis.Redis(connection_pool=pool)
        self.ttl = ttl
        self.prefix = prefix

    async def load(self, user: str) -> dict | None:
        raw = await self.redis.get(f"{self.prefix}:s:{user}")
        return json.loads(raw) if raw else None

    async def save(self, user: str, session: dict) -> None:
        await self.redis.set(f"{self.prefix}:s:{user}", json.dumps(session, ensure_ascii=False), ex=self.ttl)

    @contextlib.asynccontextmanager
    async def lock(self, user: str) -> AsyncIterator[None]:
        # The timeout frees the lock if a worker dies mid-message.
        async with self.redis.lock(f"{self.prefix}:l:{user}", timeout=30, blocking_timeout=10,
                                   sleep=0.02):
            yield

    async def close(self) -> None:
        await self.redis.aclose()


def make_state_store(redis_url: str) -> StateStore:
    return RedisStateStore(redis_url) if redis_url else MemoryStateStore()
