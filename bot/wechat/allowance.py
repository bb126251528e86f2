"""What WeChat's customer-service API still lets us send a user (late replies).

WeChat's rules: after a user's message, 5 messages within 48 hours; after a menu click, a follow or
a QR-code scan, 3 messages within one minute. Each new message or event opens its window afresh.
Counted per user -- conservatively: a send counts against every window still open -- and shared
through Redis when the bot runs as several workers (in process memory otherwise, and while Redis is
down). When nothing is left, or WeChat answers 45015 (window expired) or 45047 (count used up), the
reply waits for the user's next message instead.
"""
from __future__ import annotations

import time
from typing import Callable

from bot.core.health import Unavailable
from bot.core.messages import Message
from bot.storage.redisconn import RedisConn

# window name -> (seconds, messages)
WINDOWS = {"m": (48 * 3600, 5), "e": (60, 3)}
EVENT_WINDOW_EVENTS = frozenset({"click", "subscribe", "scan"})
SPENT = 1_000_000          # "sent" count that no window allows


def window_of(msg: Message) -> str | None:
    """The window a message opens: "m" for what the user sends, "e" for a click, follow or scan."""
    if msg.kind != "event":
        return "m"
    return "e" if msg.event in EVENT_WINDOW_EVENTS else None


# KEYS[1]: the user's hash. ARGV: now, window, opened_at, then seconds and limit of "m" and "e", ttl.
_TAKE = """
local now, win, opened = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local start = tonumber(redis.call('HGET', KEYS[1], win .. ':start') or '-1')
if opened > start then redis.call('HSET', KEYS[1], win .. ':start', opened, win .. ':sent', 0) end
local open = {}
for i, w in ipairs({'m', 'e'}) do
  local s = tonumber(redis.call('HGET', KEYS[1], w .. ':start') or '-1')
  local n = tonumber(redis.call('HGET', KEYS[1], w .. ':sent') or '0')
  if s >= 0 and now < s + tonumber(ARGV[2 + 2 * i]) and n < tonumber(ARGV[3 + 2 * i]) then
    table.insert(open, w)
  end
end
for _, w in ipairs(open) do redis.call('HINCRBY', KEYS[1], w .. ':sent', 1) end
redis.call('EXPIRE', KEYS[1], ARGV[8])
if #open > 0 then return 1 end
return 0
"""


class LateReplyAllowance:
    def __init__(self, redis: RedisConn | None = None, clock: Callable[[], float] = time.time):
        self.redis = redis
        self.clock = clock
        self._windows: dict[str, dict[str, list[float]]] = {}     # user -> window -> [start, sent]
        self._script = redis.client.register_script(_TAKE) if redis is not None else None

    def __len__(self) -> int:
        return len(self._windows)

    def bounds(self) -> dict[str, tuple[int, None]]:
        """Users counted here (without Redis): those whose window is still open (48 hours at most)."""
        return {"late_allowances": (len(self._windows), None)}

    async def take(self, user: str, window: str, opened_at: float) -> bool:
        """Use one send from what the message or event at ``opened_at`` (unix time) allows;
        False when nothing is left (the reply should wait for the user's next message)."""
        if self.redis is not None:
            try:
                args = [self.clock(), window, opened_at]
                for seconds, limit in WINDOWS.values():
                    args += [seconds, limit]
                args.append(max(s for s, _ in WINDOWS.values()))
                return bool(await self.redis.run(lambda: self._script(keys=[self._key(user)], args=args)))
            except Unavailable:
                pass
        return self._take_here(user, window, opened_at)

    async def spend(self, user: str) -> None:
        """WeChat refused (45015/45047): nothing is left until the user writes again."""
        if self.redis is not None:
            try:
                await self.redis("hset", self._key(user), mapping={f"{w}:sent": SPENT for w in WINDOWS})
                return
            except Unavailable:
                pass
        for record in self._windows.get(user, {}).values():
            record[1] = SPENT

    def _key(self, user: str) -> str:
        return self.redis.key("cs", user)

    def _take_here(self, user: str, window: str, opened_at: float) -> bool:
        now = self.clock()
        windows = self._windows.setdefault(user, {})
        if opened_at > windows.get(window, [-1.0, 0])[0]:
            windows[window] = [opened_at, 0]
        open_ = [r for w, r in windows.items() if now < r[0] + WINDOWS[w][0] and r[1] < WINDOWS[w][1]]
        for record in open_:
            record[1] += 1
        return bool(open_)

    def sweep(self) -> int:
        """Forget users whose windows have all closed (bounded memory)."""
        now = self.clock()
        gone = [u for u, ws in self._windows.items() if all(now >= r[0] + WINDOWS[w][0] for w, r in ws.items())]
        for user in gone:
            del self._windows[user]
        return len(gone)
