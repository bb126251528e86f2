"""Retry de-duplication and the 5-second budget.

WeChat sends a callback up to 3 times (same MsgId, or for events the same
FromUserName+CreateTime) when no answer comes within 5 s. Every delivery of one
message shares one task: the message is processed once, and every retry gets the
same reply. When the reply is not ready within the budget the message is marked
*deferred*: WeChat gets "success" and the finished reply goes out later
(customer-service API, or with the user's next message); retries of a deferred
message get "success" too, so the user never receives the reply twice.

Keys are bot.core.messages.Message.dedupe_key: the user and the MsgId, so two users whose MsgIds
collide never share a reply.

Memory is bounded: a reply is kept ``retry_window`` seconds (WeChat's retries come within ~15 s);
after that only the key is remembered, until ``ttl``, so a replayed callback is not handled again
(with Redis the keys live there, not in the process). At most ``max_entries`` keys are kept; the
oldest answered ones go first. ``sweep()`` -- run by the app in the background -- does the
forgetting even when no message comes.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable

from bot.core.health import Unavailable
from bot.core.jsonline import to_json
from bot.storage.redisconn import RedisConn
from bot.storage.state import FLOW_HEAD
from bot.wechat.ratelimit import GCRA_LUA, RateLimiter

log = logging.getLogger(__name__)

RETRY_WINDOW = 60.0
MAX_ENTRIES = 50_000
MAX_POLL = 0.1            # Redis: a retry waiting for another worker's reply looks at most this far apart
CLAIM_TTL = 2.5           # Redis: a claim lives this long past its last renewal (its worker renews it)


@dataclass(frozen=True)
class _TakeOver:
    """_wait_elsewhere: the claim's worker died, this delivery now has the message; ``allowed``:
    the user's limit as it was counted for the message (once, by whoever claimed it first)."""
    allowed: bool


@dataclass
class _Entry:
    created: float
    task: asyncio.Task | None = None     # None once the reply is made
    text: str | None = None
    deferred: bool = False               # WeChat got "success"; the reply goes out late
    settled: bool = False                # WeChat got ``text`` (the busy reply) before the task ended
    final: bool = False                  # ``text`` is the reply (ready): shared with the user's lock release


async def _wait(task: asyncio.Task, timeout: float) -> None:
    """``asyncio.wait({task}, timeout=timeout)`` for one task, with less to make and undo (it is on
    every message): returns when the task is done or the time is up; never cancels the task."""
    waiter = asyncio.get_running_loop().create_future()

    def wake(_=None) -> None:
        if not waiter.done():
            waiter.set_result(None)

    timer = waiter.get_loop().call_later(max(0.0, timeout), wake)
    task.add_done_callback(wake)
    try:
        await waiter
    finally:
        timer.cancel()
        task.remove_done_callback(wake)


class ReplyCache:
    remember_keys = True      # in one process the keys of old messages stay here (replays)
    shared = False            # replies are published for other workers

    def __init__(self, ttl: float = 300.0, retry_window: float = RETRY_WINDOW, max_entries: int = MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic, limiter: RateLimiter | None = None,
                 in_conversation: Callable[[str, tuple[str, ...]], bool] | None = None):
        # In one process: whether a user's session names one of the flows (the state store's
        # ``in_conversation``), asked before shedding their message.
        self.in_conversation = in_conversation
        self.ttl = ttl          # WeChat's retries come within ~15 s; remember keys well past that
        self.limiter = limiter  # the per-user limit, counted as a message is claimed (run's ``user``)
        self.retry_window = min(retry_window, ttl)
        self.max_entries = max_entries
        self.clock = clock
        self._entries: "OrderedDict[str, _Entry]" = OrderedDict()   # in flight or recently answered
        self._seen: "OrderedDict[str, float]" = OrderedDict()       # older answered keys -> created
        self._late: set[asyncio.Task] = set()
        self._publishing: set[asyncio.Task] = set()

    def __len__(self) -> int:
        return len(self._entries) + len(self._seen)

    def bounds(self) -> dict[str, tuple[int, int | None]]:
        """Replies and remembered keys (``max_entries`` together); late deliveries and publications
        under way (each ends)."""
        return {"retry_cache": (len(self), self.max_entries),
                "retry_tasks": (len(self._late) + len(self._publishing), None)}

    async def run(self, key: str, produce: Callable[[], Awaitable[str]], budget: float,
                  deliver_late: Callable[[str], Awaitable[None]],
                  give_up: Callable[[], str | None] | None = None, *, user: str | None = None,
                  refused: Callable[[], Awaitable[str]] | None = None) -> str | None:
        """The reply text for this delivery, or None when WeChat should get "success".

        When the budget runs out, ``give_up()`` may return a text to answer with at once instead (the
        busy reply while a dependency is down); the message's own reply is then dropped when it ends.
        With ``user`` and ``refused``, the message counts against the user's limit where it is claimed
        (once, whichever delivery or worker); over it, ``refused()`` makes the reply, not ``produce()``."""
        deadline = time.monotonic() + budget          # the budget counts from here, claim included
        entry = self._entries.get(key)
        if entry is None:
            if key in self._seen:                    # answered long ago: a replay
                return None
            limited = user if refused is not None else None
            if not self.shared:                      # nothing to claim: this process has every delivery
                allowed = await self._admit(limited)
            elif (allowed := await self._claim_or_local(key, limited)) is None:   # another worker has it
                text = await self._wait_elsewhere_or_none(key, deadline - time.monotonic(), limited)
                if not isinstance(text, _TakeOver):
                    return text
                allowed = text.allowed
            entry = self._entries.get(key)          # a local delivery may have started it meanwhile
            if entry is None:
                entry = self._entries[key] = _Entry(self.clock())
                make = produce if allowed or refused is None else refused
                entry.task = asyncio.get_running_loop().create_task(self._produce(key, entry, make))
                self._bound()
        if entry.deferred:
            return None
        task = entry.task
        if task is None or entry.settled:
            return entry.text
        # Waited for, never cancelled here: other deliveries share the task, and a late reply needs it.
        if not task.done():
            await _wait(task, deadline - time.monotonic())
        if not task.done():
            if entry.deferred or entry.settled or entry.final:
                return None if entry.deferred else entry.text
            now = give_up() if give_up is not None else None
            if now:
                entry.settled, entry.text = True, now
                self._publish_soon(key, now)
                return now
            entry.deferred = True
            task.add_done_callback(lambda t: self._spawn_late(t, deliver_late))
            self._publish_soon(key, None)
            return None
        text = task.result()
        # A concurrent delivery may have given up on the budget first: then that answer stands.
        if entry.settled:
            return entry.text
        return None if entry.deferred else text

    async def shed(self, key: str, text: str, user: str | None = None, spare: tuple[str, ...] = ()) -> bool:
        """Make ``text`` (the busy reply of an overloaded worker) the reply of message ``key`` without
        producing it, if the message is new -- here and, with Redis, to every worker. False for a
        retry of a message in flight or answered: ``run`` then waits for or returns its reply. The
        text is kept for the message's retries like any reply; the user's limit is not counted.
        False too when ``user``'s conversation state names one of the flows ``spare`` (a sign-up
        under way): the message is then let in (with Redis, read in the claim's round trip)."""
        if key in self._entries or key in self._seen:
            return False
        if spare and user is not None and self.in_conversation is not None and self.in_conversation(user, spare):
            return False
        if not await self._claim_shed(key, text, user, spare):
            return False
        if key in self._entries:          # a local delivery started it meanwhile (Redis down)
            return False
        self._entries[key] = _Entry(self.clock(), text=text, settled=True)
        self._bound()
        return True

    async def _produce(self, key: str, entry: _Entry, produce: Callable[[], Awaitable[str]]) -> str:
        keeping = self._keep_claim(key) if self.shared else None
        try:
            text = await produce()
        except BaseException:
            entry.task = None            # retries get "success"; the delivery that ran it reports the error
            raise
        finally:
            if keeping is not None:
                keeping.cancel()
        entry.task = None
        if not entry.settled and not entry.final:
            entry.text = text
            if not entry.deferred:
                self._publish_soon(key, text)
        return text

    def ready(self, key: str, text: str, store, user: str) -> None:
        """The reply of message ``key`` is made, its user's lock still held (``store``'s)."""

    async def _claim_or_local(self, key: str, user: str | None) -> bool | None:
        """None when another worker has the message; else it is this worker's, and whether ``user``
        is within the limit."""
        try:
            return await self._claim_and_admit(key, user)
        except Unavailable:       # the shared cache is down: handle it here (this worker still de-duplicates)
            return await self._admit(user)

    async def _admit(self, user: str | None) -> bool:
        """Count one message of ``user`` (None: not limited); False when it is over the limit."""
        if user is None or self.limiter is None:
            return True
        return self.limiter.allow_here(user) if not self.limiter.shared else await self.limiter.allow(user)

    async def _wait_elsewhere_or_none(self, key: str, budget: float, user: str | None) -> str | _TakeOver | None:
        try:
            return await self._wait_elsewhere(key, budget, user)
        except Unavailable:
            return None

    def _publish_soon(self, key: str, text: str | None) -> None:
        """Share the reply with other workers without making this delivery wait for Redis."""
        if not self.shared:
            return
        task = asyncio.ensure_future(self._publish_quietly(key, text))
        self._publishing.add(task)
        task.add_done_callback(self._publishing.discard)

    async def _publish_quietly(self, key: str, text: str | None) -> None:
        try:
            await self._publish(key, text)
        except Unavailable as e:
            log.warning("retry cache: reply not shared (%s)", e)

    # Hooks for a cache shared by several workers; in one process there is nothing to share.
    async def _claim(self, key: str) -> bool:
        return True

    async def _claim_shed(self, key: str, text: str, user: str | None = None, spare: tuple[str, ...] = ()) -> bool:
        """Claim the message with ``text`` as its reply, already made; False when another worker has
        it, or (shared state) when ``user``'s session names one of the flows ``spare``."""
        return True

    async def _claim_and_admit(self, key: str, user: str | None) -> bool | None:
        """``_claim`` and, when it is ours, ``_admit``: None when another worker has the message."""
        if not await self._claim(key):
            return None
        return await self._admit(user)

    async def _publish(self, key: str, text: str | None) -> None:
        """Record the reply (None: deferred) for retries that reach another worker."""

    async def _wait_elsewhere(self, key: str, budget: float, user: str | None) -> str | _TakeOver | None:
        return None

    def _keep_claim(self, key: str):
        """Keep this worker's claim alive while the message is being made (renewed every third of
        its lifetime) until ``cancel()`` of what it returns."""
        raise NotImplementedError

    def _spawn_late(self, task: asyncio.Task, deliver_late: Callable[[str], Awaitable[None]]) -> None:
        if task.cancelled() or task.exception() is not None or not task.result():
            return
        late = asyncio.ensure_future(deliver_late(task.result()))
        self._late.add(late)             # keep a reference until it is done
        late.add_done_callback(self._late.discard)

    # -- bounded memory ------------------------------------------------------------------------
    def sweep(self) -> int:
        """Forget replies past the retry window and keys past the ttl; returns how many went."""
        now = self.clock()
        before = len(self)
        for _ in range(len(self._entries)):
            key, entry = next(iter(self._entries.items()))
            if entry.created > now - self.retry_window:
                break
            if entry.task is not None:           # still being made (a late reply): look again later
                self._entries.move_to_end(key)
                continue
            del self._entries[key]
            if self.remember_keys:
                self._seen[key] = entry.created
        while self._seen:
            key, created = next(iter(self._seen.items()))
            if created > now - self.ttl:
                break
            del self._seen[key]
        return before - len(self)

    def _bound(self) -> None:
        while len(self) > self.max_entries and self._seen:
            self._seen.popitem(last=False)
        excess = len(self._entries) - self.max_entries
        if excess > 0:                   # the oldest answered replies go; messages in flight stay
            oldest = itertools.islice(self._entries.items(), 2 * excess + 16)
            for key in [k for k, e in oldest if e.task is None][:excess]:
                del self._entries[key]

    async def drain(self) -> None:
        """Wait for late deliveries still under way (tests, shutdown)."""
        pending = [e.task for e in self._entries.values() if e.task is not None and not e.task.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await asyncio.sleep(0)
        while self._late or self._publishing:
            await asyncio.gather(*self._late, *self._publishing, return_exceptions=True)


class RedisReplyCache(ReplyCache):
    """Several workers behind one account: a retry may reach another worker than the first
    delivery. The first worker claims the message in Redis (SET NX); the others wait for the reply
    it publishes, and answer "success" once it is deferred or the budget runs out. While Redis is
    down each worker handles what reaches it (its own cache still de-duplicates).

    A claim lives CLAIM_TTL seconds and its worker renews it while it makes the reply, so the claim
    of a killed worker vanishes within CLAIM_TTL: a retry waiting for it then claims the message and
    answers it itself (WeChat's retries are how a reply the dead worker never sent still arrives).
    A Redis restart drops claims too: a retry during a message in flight is then handled again (after
    the first, under the user's lock) -- what a sign-up confirmation stores is idempotent anyway."""

    remember_keys = False     # Redis remembers them
    shared = True

    # KEYS: the message's claim, the user's rate-limit key, the message's verdict. ARGV: the claim's
    # lifetime (ms), the GCRA's interval and tolerance (ms), the verdict's lifetime (ms). -1: another
    # worker has the message; else claimed, and 1 when the user is within the limit (counted), 0 when
    # over it. One round trip for both. A message claimed again (its worker died, or a Redis restart
    # dropped the claim) gets the verdict it was counted with, not a second count.
    _CLAIM_AND_ADMIT = GCRA_LUA + """
if not redis.call('SET', KEYS[1], 'pending', 'NX', 'PX', ARGV[1]) then return -1 end
local verdict = redis.call('GET', KEYS[3])
if verdict then return tonumber(verdict) end
verdict = gcra(KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]))
redis.call('SET', KEYS[3], verdict, 'PX', ARGV[4])
return verdict
"""

    # KEYS: the message's claim, the user's session. ARGV: the busy reply's value, its lifetime (s),
    # then the starts of a session naming each flow to spare. 1: shed (the claim holds the reply);
    # 0: not shed -- another worker has the message, or the user is in one of those flows.
    _SHED = """
local session = redis.call('GET', KEYS[2])
if session then
  for i = 3, #ARGV do
    if string.sub(session, 1, #ARGV[i]) == ARGV[i] then return 0 end
  end
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 1 end
return 0
"""

    def __init__(self, redis: RedisConn, ttl: float = 300.0, poll: float = 0.02, claim_ttl: float = CLAIM_TTL,
                 session_key: Callable[[str], str] | None = None, **kwargs):
        super().__init__(ttl, **kwargs)
        self.redis = redis
        self.session_key = session_key      # the state store's key of a user's session (shed's look)
        self._shedding = redis.client.register_script(self._SHED)
        self.poll = poll
        self.claim_ttl = claim_ttl
        self._claim_admitting = redis.client.register_script(self._CLAIM_AND_ADMIT)

    def _key(self, key: str) -> str:
        return self.redis.key("r", key)

    async def _claim(self, key: str) -> bool:
        return bool(await self.redis("set", self._key(key), "pending", nx=True, px=int(self.claim_ttl * 1000)))

    async def _claim_and_admit(self, key: str, user: str | None) -> bool | None:
        if user is None or self.limiter is None or not self.limiter.shared:
            return await super()._claim_and_admit(key, user)
        limit_key, limit_args = self.limiter.shared_check(user)
        keys = [self._key(key), limit_key, self.redis.key("rv", key)]
        args = [int(self.claim_ttl * 1000), *limit_args, int(self.retry_window * 1000)]
        got = await self.redis.run(lambda: self._claim_admitting(keys=keys, args=args))
        return None if got == -1 else bool(got)

    async def _claim_shed(self, key: str, text: str, user: str | None = None, spare: tuple[str, ...] = ()) -> bool:
        # One round trip: the claim is the published reply, so a retry elsewhere takes it at once;
        # the user's session is looked at in the same one.
        try:
            if not spare or user is None or self.session_key is None:
                return bool(await self.redis("set", self._key(key), self._value(text), nx=True, ex=int(self.ttl)))
            keys = [self._key(key), self.session_key(user)]
            args = [self._value(text), int(self.ttl), *(FLOW_HEAD + to_json(flow) for flow in spare)]
            return bool(await self.redis.run(lambda: self._shedding(keys=keys, args=args)))
        except Unavailable:       # as _claim_or_local: this worker still de-duplicates
            return True

    def _keep_claim(self, key: str):
        # Only while it is pending: a published reply keeps its own (long) expiry. Renewed with the
        # worker's other kept keys (users' locks) in one call; while Redis is down, retries are
        # handled where they land.
        return self.redis.keep(self._key(key), "pending", int(self.claim_ttl * 1000), self.claim_ttl / 3)

    def ready(self, key: str, text: str, store, user: str) -> None:
        """Written to Redis in the round trip that frees the user's lock (``store.write_on_release``),
        not in one of its own; and it stands even if the budget runs out before the lock is freed."""
        entry = self._entries.get(key)
        if (entry is not None and entry.task is not None and not entry.deferred and not entry.settled
                and store.write_on_release(user, self._key(key), self._value(text), int(self.ttl))):
            entry.text, entry.final = text, True

    @staticmethod
    def _value(text: str | None) -> str:
        return "deferred" if text is None else "done:" + text

    async def _publish(self, key: str, text: str | None) -> None:
        await self.redis("set", self._key(key), self._value(text), ex=int(self.ttl))

    async def _wait_elsewhere(self, key: str, budget: float, user: str | None) -> str | _TakeOver | None:
        """The reply another worker is making, looked for after ``poll`` seconds at first, then after
        each wait half as long again as the one before, up to MAX_POLL: a quick reply comes as quickly
        as before, and a worker's queue of slow messages (under load) is not asked after fifty times a
        second per retry waiting for one -- round trips that would add to the load that made them slow."""
        deadline = time.monotonic() + budget
        poll = self.poll
        while time.monotonic() < deadline:
            value = await self.redis("get", self._key(key))
            if value is None:            # the claiming worker died (or Redis restarted): take it over
                allowed = await self._claim_and_admit(key, user)
                if allowed is not None:
                    return _TakeOver(allowed)
                continue
            if value == "deferred":
                return None
            if value.startswith("done:"):
                return value[len("done:"):]
            await asyncio.sleep(min(poll, max(0.0, deadline - time.monotonic())))
            poll = min(poll * 1.5, max(self.poll, MAX_POLL))
        return None


def make_reply_cache(store, ttl: float = 300.0, max_entries: int = MAX_ENTRIES,
                     limiter: RateLimiter | None = None) -> ReplyCache:
    """Shared through Redis when the conversation state is (several workers), else in process."""
    if store.redis is not None:
        return RedisReplyCache(store.redis, ttl=ttl, max_entries=max_entries, limiter=limiter,
                               session_key=getattr(store, "session_key", None))
    return ReplyCache(ttl, max_entries=max_entries, limiter=limiter,
                      in_conversation=getattr(store, "in_conversation", None))
