"""One Redis connection for everything several workers share: conversation state, the retry cache,
rate limits, late-reply allowances and the WeChat access token.

Every call is bounded: a socket timeout, one immediate retry (a pooled connection left over from
before a Redis restart fails once, the retry reconnects), and an overall deadline. A failed call
marks Redis down (bot.core.health.Dependency) and raises Unavailable; callers fall back to what
they can do without it.
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from typing import Any, Awaitable, Callable, TypeVar

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.core import stages
from bot.core.health import Dependency, Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
# What "Redis is unreachable or too slow" looks like; any other error is a bug and propagates.
DEPENDENCY_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError, asyncio.TimeoutError)
# KEYS: a key. ARGV: the value it must hold, its new lifetime (ms). 1: extended; 0: it holds
# something else or nothing (another holder's lock, a claim that became a reply, an expired one).
_EXTEND_IF = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


# KEYS: keys; ARGV: for each key the value it must hold and its new lifetime (ms). For each key, 1
# when extended, 0 when it holds something else or nothing: _EXTEND_IF for many keys in one call.
_EXTEND_ALL = """
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[2 * i - 1] then out[i] = redis.call('PEXPIRE', key, ARGV[2 * i])
  else out[i] = 0 end
end
return out
"""


class Kept:
    """A key kept alive by :meth:`RedisConn.keep` until ``cancel()``."""

    __slots__ = ("key", "value", "ms", "every", "due", "lost", "_among")

    def __init__(self, key: str, value: str, ms: int, every: float, due: float, lost: Callable[[], None] | None,
                 among: dict):
        self.key, self.value, self.ms, self.every, self.due, self.lost = key, value, ms, every, due, lost
        self._among = among         # the connection's kept keys
        among[self] = None

    def cancel(self) -> None:
        self._among.pop(self, None)

    @property
    def cancelled(self) -> bool:
        return self not in self._among


class RedisConn:
    def __init__(self, url: str, prefix: str = "fenjin", timeout: float = 1.0):
        # A burst of messages queues for a connection instead of failing (redis-py's default pool
        # raises MaxConnectionsError past 100 connections); a wait past the deadline counts as down.
        pool = redis.BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=256, timeout=2 * timeout + 0.2,
            socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 1))
        self.client = redis.Redis.from_pool(pool)        # closing the client closes the pool
        self.prefix = prefix
        self.health = Dependency("redis", timeout=timeout)
        # A call and its one retry, each bounded by the socket timeout, plus a little slack.
        self.deadline = 2 * timeout + 0.2
        self._extend_if = self.client.register_script(_EXTEND_IF)
        self._extend_all = self.client.register_script(_EXTEND_ALL)
        self._kept: dict[Kept, None] = {}        # what keep() renews, in the order it was asked
        self._keeping: asyncio.Task | None = None

    def key(self, kind: str, name: str) -> str:
        return f"{self.prefix}:{kind}:{name}"

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """Await ``call()`` against Redis, bounded; Unavailable when Redis is down or fails."""
        self.health.check()
        record = stages.current()          # server.stage_timings: Redis time and round trips
        started = time.perf_counter() if record is not None else 0.0
        try:
            async with asyncio.timeout(self.deadline):      # (wait_for would make a task of every call)
                result = await call()
        except DEPENDENCY_ERRORS as e:
            raise self.health.failed(e) from e
        finally:
            if record is not None:
                record.add("redis", time.perf_counter() - started, count=True)
        self.health.succeeded()
        return result

    async def __call__(self, command: str, *args: Any, **kwargs: Any) -> Any:
        """One command, e.g. ``await conn("get", key)``."""
        return await self.run(lambda: getattr(self.client, command)(*args, **kwargs))

    async def extend_if(self, key: str, value: str, ms: int) -> bool:
        """Give ``key`` ``ms`` more milliseconds of life if it still holds ``value`` (a lock's token,
        a claim still pending): True when it did. Bounded like every call."""
        return bool(await self.run(lambda: self._extend_if(keys=[key], args=[value, ms])))

    def keep(self, key: str, value: str, ms: int, every: float, lost: Callable[[], None] | None = None) -> Kept:
        """Keep ``key`` alive while it holds ``value`` (a lock's token, a pending claim): give it ``ms``
        more milliseconds of life about every ``every`` seconds (the first after ``every``, the next at
        most 1.5 x ``every`` after the previous), until ``cancel()``; ``lost()`` is called, and the
        renewing stops, once it holds something else or nothing. Nothing happens while Redis is down;
        it is tried again a turn later.

        Every key this connection keeps is renewed by one task, all those due in one call: a worker with
        many slow messages in flight (a queue under load) makes one round trip per turn, not one per
        message and key -- renewals that would otherwise add to the load that made the messages slow."""
        kept = Kept(key, value, ms, every, asyncio.get_running_loop().time() + every, lost, self._kept)
        if self._keeping is None or self._keeping.done():
            # In a context of its own: it outlives the message that started it.
            self._keeping = asyncio.get_running_loop().create_task(self._keep_alive(), context=contextvars.Context())
        return kept

    async def _keep_alive(self) -> None:
        loop = asyncio.get_running_loop()
        while self._kept:
            now = loop.time()
            due = [k for k in self._kept if k.due <= now]
            if due:
                args: list = []
                for kept in due:
                    args += (kept.value, kept.ms)
                try:
                    extended = await self.run(lambda: self._extend_all(keys=[k.key for k in due], args=args))
                except Unavailable:          # Redis down: try again at the next turn
                    extended = [1] * len(due)
                except Exception:            # a bug: logged, and the keys are tried again at the next turn
                    log.exception("renewing kept keys failed")
                    extended = [1] * len(due)
                now = loop.time()
                for kept, ok in zip(due, extended):
                    kept.due = now + kept.every
                    if not ok and not kept.cancelled:
                        kept.cancel()
                        if kept.lost is not None:
                            kept.lost()
            if self._kept:
                # Half the shortest period between turns: each key is renewed every ``every`` to 1.5 x ``every``.
                await asyncio.sleep(min(k.every for k in self._kept) / 2)

    async def probe(self) -> bool:
        """A PING that ignores the cooldown (the app's prober, health endpoints); updates ``health``."""
        try:
            await asyncio.wait_for(self.client.ping(), self.deadline)
        except DEPENDENCY_ERRORS as e:
            self.health.failed(e)
            return False
        self.health.succeeded()
        return True

    async def close(self) -> None:
        if self._keeping is not None:
            self._keeping.cancel()
        await self.client.aclose()
