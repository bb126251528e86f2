"""One Redis connection for everything several workers share: conversation state, the retry cache,
rate limits, late-reply allowances and the WeChat access token.

Every call is bounded: a socket timeout, one immediate retry (a pooled connection left over from
before a Redis restart fails once, the retry reconnects), and an overall deadline. A failed call
marks Redis down (bot.core.health.Dependency) and raises Unavailable; callers fall back to what
they can do without it.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, TypeVar

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.core.health import Dependency

T = TypeVar("T")
# What "Redis is unreachable or too slow" looks like; any other error is a bug and propagates.
DEPENDENCY_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError, asyncio.TimeoutError)
# KEYS: a key. ARGV: the value it must hold, its new lifetime (ms). 1: extended; 0: it holds
# something else or nothing (another holder's lock, a claim that became a reply, an expired one).
_EXTEND_IF = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class Periodic:
    """``step()`` every ``every`` seconds, the first after ``every``, while it returns True, until
    ``cancel()``. A timer until then: the many holders that finish sooner (most messages) make no
    task for it."""

    def __init__(self, every: float, step: Callable[[], Awaitable[bool]]):
        self.every = every
        self.step = step
        self._task: asyncio.Task | None = None
        self._timer = asyncio.get_running_loop().call_later(every, self._start)

    def _start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while await self.step():
            await asyncio.sleep(self.every)

    def cancel(self) -> None:
        self._timer.cancel()
        if self._task is not None:
            self._task.cancel()


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

    def key(self, kind: str, name: str) -> str:
        return f"{self.prefix}:{kind}:{name}"

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """Await ``call()`` against Redis, bounded; Unavailable when Redis is down or fails."""
        self.health.check()
        try:
            async with asyncio.timeout(self.deadline):      # (wait_for would make a task of every call)
                result = await call()
        except DEPENDENCY_ERRORS as e:
            raise self.health.failed(e) from e
        self.health.succeeded()
        return result

    async def __call__(self, command: str, *args: Any, **kwargs: Any) -> Any:
        """One command, e.g. ``await conn("get", key)``."""
        return await self.run(lambda: getattr(self.client, command)(*args, **kwargs))

    async def extend_if(self, key: str, value: str, ms: int) -> bool:
        """Give ``key`` ``ms`` more milliseconds of life if it still holds ``value`` (a lock's token,
        a claim still pending): True when it did. Bounded like every call."""
        return bool(await self.run(lambda: self._extend_if(keys=[key], args=[value, ms])))

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
        await self.client.aclose()
