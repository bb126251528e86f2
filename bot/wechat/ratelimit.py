"""Per-user message rate limit (GCRA: a burst of ``per_minute`` messages, then one every 60/N s).

Shared through Redis when the bot runs as several workers (one Lua script, Redis's clock), else in
process memory; while Redis is down each worker limits on its own. The retry cache counts a message
as it claims it (with Redis, in the claim's round trip): before the message touches the conversation
state, so a flood from one user queues nothing in front of others, and once per message, not per
WeChat retry of it.
"""
from __future__ import annotations

import time
from typing import Callable

from bot.core.health import Unavailable
from bot.storage.redisconn import RedisConn

LIMITED_REPLY = ("您发消息太快了，我有点跟不上。请休息一分钟再发，刚才没回复的问题到时再发一次就好。"
                 "发送「菜单」看看我能做什么。")

# The GCRA step as a Lua function, so the retry cache's claim can count the message in the same
# round trip (bot.wechat.dedupe). ``key``: the user's key; interval, tolerance in ms. The value is the
# theoretical arrival time (ms, Redis clock); the key expires when it is in the past. 1: allowed.
GCRA_LUA = """
local function gcra(key, interval, tolerance)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local tat = tonumber(redis.call('GET', key) or now)
  if tat < now then tat = now end
  if tat - now > tolerance then return 0 end
  local new = tat + interval
  redis.call('SET', key, new, 'PX', math.max(1, new - now))
  return 1
end
"""
# KEYS[1]: the user's key. ARGV: interval, tolerance (ms).
_GCRA = GCRA_LUA + "return gcra(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))"


class RateLimiter:
    def __init__(self, per_minute: float = 20, redis: RedisConn | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.redis = redis
        self.clock = clock
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.tolerance = self.interval * (per_minute - 1) if per_minute > 0 else 0.0
        self._tat: dict[str, float] = {}      # user -> theoretical arrival time (local clock)
        self._script = redis.client.register_script(_GCRA) if redis is not None else None

    def __len__(self) -> int:
        return len(self._tat)

    def bounds(self) -> dict[str, tuple[int, None]]:
        """Users counted here (without Redis, or while it is down): those active in the last minute."""
        return {"rate_limits": (len(self._tat), None)}

    async def allow(self, user: str) -> bool:
        """Count one message of ``user``; False when it is over the limit."""
        if self.per_minute <= 0:
            return True
        if self.redis is not None:
            try:
                key, args = self.shared_check(user)
                return bool(await self.redis.run(lambda: self._script(keys=[key], args=args)))
            except Unavailable:
                pass                      # Redis down: limit in this process meanwhile
        return self._allow_here(user)

    def allow_here(self, user: str) -> bool:
        """:meth:`allow` without Redis (not ``shared``), without a coroutine: it is on every message."""
        assert not self.shared
        return self.per_minute <= 0 or self._allow_here(user)

    @property
    def shared(self) -> bool:
        """Counted in Redis (several workers, one count)."""
        return self.redis is not None and self.per_minute > 0

    def shared_check(self, user: str) -> tuple[str, list[int]]:
        """The Redis key and the ARGV of ``gcra`` (GCRA_LUA) that count one message of ``user``."""
        assert self.redis is not None
        return self.redis.key("rl", user), [round(self.interval * 1000), round(self.tolerance * 1000)]

    def _allow_here(self, user: str) -> bool:
        now = self.clock()
        tat = max(self._tat.get(user, now), now)
        if tat - now > self.tolerance:
            return False
        self._tat[user] = tat + self.interval
        return True

    def sweep(self) -> int:
        """Forget users whose allowance is full again (bounded memory)."""
        now = self.clock()
        gone = [user for user, tat in self._tat.items() if tat <= now]
        for user in gone:
            del self._tat[user]
        return len(gone)
