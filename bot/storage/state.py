"""Per-user conversation state: in process memory by default, Redis when REDIS_URL is set.

Sessions are JSON dicts (see bot.core.session.Session). ``lock(user)`` serialises the
messages of one user so two quick messages never interleave inside a flow.

Without Redis, memory is bounded: a session is forgotten ``ttl`` seconds after its last message
(``pending_ttl`` while it still holds a late reply to hand out), at most ``max_sessions`` are kept
(the least recently used go first), and ``sweep()`` -- run by the app in the background -- drops the
expired ones even when their users never come back. With Redis, every call is bounded and raises
bot.core.health.Unavailable when Redis is down or too slow.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import OrderedDict
from typing import AsyncIterator, Callable

from redis.exceptions import LockError

from bot.core.health import Unavailable
from bot.storage.redisconn import DEPENDENCY_ERRORS, RedisConn

log = logging.getLogger(__name__)

SESSION_TTL = 2 * 3600            # memory: a session outlives the 30-minute flow timeout, to say it expired
PENDING_TTL = 48 * 3600           # memory: a late reply waits this long for the user's next message
MAX_SESSIONS = 20_000
REDIS_TTL = 7 * 24 * 3600


class StateStore:
    async def load(self, user: str) -> dict | None:
        raise NotImplementedError

    async def save(self, user: str, session: dict) -> None:
        raise NotImplementedError

    def lock(self, user: str) -> contextlib.AbstractAsyncContextManager:
        raise NotImplementedError

    def sweep(self) -> int:
        """Forget what has expired; returns how many sessions went (nothing to do with Redis)."""
        return 0

    async def tidy(self) -> None:
        """Finish what an outage left undone (Redis: release locks it could not release)."""

    @property
    def redis(self) -> RedisConn | None:
        """The shared Redis connection, when the state lives there (several workers)."""
        return None

    async def close(self) -> None:
        pass


class MemoryStateStore(StateStore):
    def __init__(self, ttl: float = SESSION_TTL, pending_ttl: float = PENDING_TTL,
                 max_sessions: int = MAX_SESSIONS, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.pending_ttl = max(pending_ttl, ttl)
        self.max_sessions = max_sessions
        self.clock = clock
        self._data: "OrderedDict[str, tuple[float, str]]" = OrderedDict()   # least recently saved first
        self._locks: dict[str, asyncio.Lock] = {}
        self._lock_users: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._data)

    async def load(self, user: str) -> dict | None:
        item = self._data.get(user)
        if item is None or item[0] < self.clock():
            self._data.pop(user, None)
            return None
        return json.loads(item[1])

    async def save(self, user: str, session: dict) -> None:
        # Stored as JSON so memory and Redis behave the same (no shared mutable objects).
        ttl = self.pending_ttl if session.get("pending") else self.ttl
        self._data[user] = (self.clock() + ttl, json.dumps(session, ensure_ascii=False))
        self._data.move_to_end(user)
        while len(self._data) > self.max_sessions:
            self._data.popitem(last=False)

    def sweep(self) -> int:
        now = self.clock()
        expired = [user for user, (until, _) in self._data.items() if until < now]
        for user in expired:
            del self._data[user]
        return len(expired)

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

    def __init__(self, url: str, ttl: int = REDIS_TTL, prefix: str = "fenjin", timeout: float = 1.0):
        self.conn = RedisConn(url, prefix=prefix, timeout=timeout)
        self.ttl = ttl
        self.prefix = prefix
        self._unreleased: list = []      # locks whose release failed: released by tidy() once Redis is back

    @property
    def redis(self) -> RedisConn:
        return self.conn

    async def load(self, user: str) -> dict | None:
        raw = await self.conn("get", self.conn.key("s", user))
        return json.loads(raw) if raw else None

    async def save(self, user: str, session: dict) -> None:
        await self.conn("set", self.conn.key("s", user), json.dumps(session, ensure_ascii=False), ex=self.ttl)

    @contextlib.asynccontextmanager
    async def lock(self, user: str) -> AsyncIterator[None]:
        # The timeout frees the lock if a worker dies mid-message. Waiting for the user's previous
        # message may take longer than one call's deadline, so only each Redis call is bounded here.
        lock = self.conn.client.lock(self.conn.key("l", user), timeout=30, blocking_timeout=10, sleep=0.02)
        self.conn.health.check()
        try:
            acquired = await lock.acquire()
        except DEPENDENCY_ERRORS as e:
            raise self.conn.health.failed(e) from e
        self.conn.health.succeeded()
        if not acquired:             # the user's previous message still holds it: not Redis's fault
            raise Unavailable("redis", "the user's previous message is still being handled")
        try:
            yield
        finally:
            await self._release(lock)

    async def _release(self, lock) -> bool:
        """Release ``lock``; if Redis is down, keep it for tidy() -- left alone it would hold up the
        user's next messages until it expires."""
        try:
            await self.conn.run(lock.release)
        except LockError:                     # expired meanwhile: nothing to release
            return True
        except Unavailable:
            self._unreleased.append(lock)
            return False
        return True

    async def tidy(self) -> None:
        pending, self._unreleased = self._unreleased, []
        while pending and self.conn.health.up:
            if not await self._release(pending.pop(0)):      # down again: _release kept that one
                break
        self._unreleased.extend(pending)

    async def close(self) -> None:
        await self.conn.close()


def make_state_store(redis_url: str, memory: dict | None = None, redis_timeout: float = 1.0) -> StateStore:
    """Redis when a URL is given, else process memory bounded by the ``memory`` settings."""
    if redis_url:
        return RedisStateStore(redis_url, timeout=redis_timeout)
    memory = memory or {}
    return MemoryStateStore(ttl=float(memory.get("session_ttl_seconds", SESSION_TTL)),
                            pending_ttl=float(memory.get("pending_ttl_seconds", PENDING_TTL)),
                            max_sessions=int(memory.get("max_sessions", MAX_SESSIONS)))
