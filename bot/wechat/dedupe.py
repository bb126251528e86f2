"""Retry de-duplication and the 5-second budget.

WeChat sends a callback up to 3 times (same MsgId, or for events the same
FromUserName+CreateTime) when no answer comes within 5 s. Every delivery of one
message shares one task: the message is processed once, and every retry gets the
same reply. When the reply is not ready within the budget the message is marked
*deferred*: WeChat gets "success" and the finished reply goes out later
(customer-service API, or with the user's next message); retries of a deferred
message get "success" too, so the user never receives the reply twice.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from bot.storage.state import RedisStateStore

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    task: asyncio.Task
    created: float = field(default_factory=time.monotonic)
    deferred: bool = False


class ReplyCache:
    def __init__(self, ttl: float = 300.0):
        self.ttl = ttl          # WeChat's retries come within ~15 s; keep replies well past that
        self._entries: "OrderedDict[str, _Entry]" = OrderedDict()
        self._late: set[asyncio.Task] = set()

    def __len__(self) -> int:
        return len(self._entries)

    async def run(self, key: str, produce: Callable[[], Awaitable[str]], budget: float,
                  deliver_late: Callable[[str], Awaitable[None]]) -> str | None:
        """The reply text for this delivery, or None when WeChat should get "success"."""
        self._expire()
        entry = self._entries.get(key)
        if entry is None:
            if not await self._claim(key):          # another worker has this message
                return await self._wait_elsewhere(key, budget)
            entry = self._entries[key] = _Entry(asyncio.ensure_future(self._produce(key, produce)))
        if entry.deferred:
            return None
        try:
            text = await asyncio.wait_for(asyncio.shield(entry.task), budget)
        except asyncio.TimeoutError:
            if not entry.deferred:
                entry.deferred = True
                await self._publish(key, None)
                entry.task.add_done_callback(lambda t: self._spawn_late(t, deliver_late))
            return None
        # A concurrent delivery may have given up on the budget first: then the late path owns the reply.
        return None if entry.deferred else text

    async def _produce(self, key: str, produce: Callable[[], Awaitable[str]]) -> str:
        text = await produce()
        entry = self._entries.get(key)
        if entry is None or not entry.deferred:
            await self._publish(key, text)
        return text

    # Hooks for a cache shared by several workers; in one process there is nothing to share.
    async def _claim(self, key: str) -> bool:
        return True

    async def _publish(self, key: str, text: str | None) -> None:
        """Record the reply (None: deferred) for retries that reach another worker."""

    async def _wait_elsewhere(self, key: str, budget: float) -> str | None:
        return None

    def _spawn_late(self, task: asyncio.Task, deliver_late: Callable[[str], Awaitable[None]]) -> None:
        if task.cancelled() or task.exception() is not None or not task.result():
            return
        late = asyncio.ensure_future(deliver_late(task.result()))
        self._late.add(late)             # keep a reference until it is done
        late.add_done_callback(self._late.discard)

    def _expire(self) -> None:
        limit = time.monotonic() - self.ttl
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.created > limit:
                break
            del self._entries[key]

    async def drain(self) -> None:
        """Wait for late deliveries still under way (tests, shutdown)."""
        pending = [e.task for e in self._entries.values() if not e.task.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await asyncio.sleep(0)
        while self._late:
            await asyncio.gather(*list(self._late), return_exceptions=True)


class RedisReplyCache(ReplyCache):
    """Several workers behind one account: a retry may reach another worker than the first
    delivery. The first worker claims the MsgId in Redis (SET NX); the others wait for the reply
    it publishes, and answer "success" once it is deferred or the budget runs out."""

    def __init__(self, redis, prefix: str = "fenjin", ttl: float = 300.0, poll: float = 0.02):
        super().__init__(ttl)
        self.redis = redis
        self.prefix = prefix
        self.poll = poll

    def _key(self, key: str) -> str:
        return f"{self.prefix}:r:{key}"

    async def _claim(self, key: str) -> bool:
        return bool(await self.redis.set(self._key(key), "pending", nx=True, ex=int(self.ttl)))

    async def _publish(self, key: str, text: str | None) -> None:
        value = "deferred" if text is None else "done:" + text
        await self.redis.set(self._key(key), value, ex=int(self.ttl))

    async def _wait_elsewhere(self, key: str, budget: float) -> str | None:
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            value = await self.redis.get(self._key(key))
            if value is None or value == "deferred":
                return None
            if value.startswith("done:"):
                return value[len("done:"):]
            await asyncio.sleep(self.poll)
        return None


def make_reply_cache(store, ttl: float = 300.0) -> ReplyCache:
    """Shared through Redis when the conversation state is (several workers), else in process."""
    if isinstance(store, RedisStateStore):
        return RedisReplyCache(store.redis, prefix=store.prefix, ttl=ttl)
    return ReplyCache(ttl)
