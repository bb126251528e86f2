"""Per-user conversation state: in process memory by default, Redis when REDIS_URL is set.

Sessions are JSON dicts (see bot.core.session.Session). ``lock(user)`` serialises the
messages of one user so two quick messages never interleave inside a flow.

Without Redis, memory is bounded: a session is forgotten ``ttl`` seconds after its last message
(``pending_ttl`` while it still holds a late reply to hand out), at most ``max_sessions`` are kept
(the least recently used go first), and ``sweep()`` -- run by the app in the background -- drops the
expired ones even when their users never come back. With Redis, every call is bounded and raises
bot.core.health.Unavailable when Redis is down or too slow.

The Redis lock fits WeChat's 5 s: it lives LOCK_TTL seconds and its holder renews it every third of
that while it works, so a killed worker's lock frees within LOCK_TTL and a live one doing slow work
keeps it; a message waits at most LOCK_WAIT for it, then gets the stateless reply (the busy reply,
or a Q&A answer) within the budget. The save is fenced: not written when another holder has taken
the user's lock meanwhile (this one lost it in a stall longer than LOCK_TTL), so a stale state never
overwrites a newer one.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import AsyncIterator, Callable

from bot.core.health import Unavailable
from bot.core.jsonline import from_json, to_json
from bot.core.logs import log_event
from bot.core.privacy import short_user
from bot.storage.redisconn import RedisConn

log = logging.getLogger(__name__)

SESSION_TTL = 2 * 3600            # a session outlives the 30-minute flow timeout, to say it expired
PENDING_TTL = 48 * 3600           # a late reply waits this long for the user's next message
FLOW_HEAD = '{"flow": '       # how a stored session naming a flow starts (Session.to_dict puts it first)
MAX_SESSIONS = 20_000             # memory only (Redis: by time alone, one key per user active within the TTL)


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

    def in_conversation(self, user: str, flows: tuple[str, ...]) -> bool:
        """Whether ``user``'s session names one of ``flows``, known without a round trip (admission
        control spares such users). Redis: False here; the retry cache looks in its shed call."""
        return False

    async def tidy(self) -> None:
        """Finish what an outage left undone (Redis: release locks it could not release)."""

    def write_on_release(self, user: str, key: str, value: str, ttl: int) -> bool:
        """Redis: when this task holds ``user``'s lock, write ``key`` (e.g. the retry cache's reply)
        in the round trip that frees it and return True; False otherwise: the caller writes it."""
        return False

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

    def bounds(self) -> dict[str, tuple[int, int | None]]:
        """Sessions against ``max_sessions``; locks exist only while a user's message is handled."""
        return {"sessions": (len(self._data), self.max_sessions), "session_locks": (len(self._locks), None)}

    async def load(self, user: str) -> dict | None:
        item = self._data.get(user)
        if item is None or item[0] < self.clock():
            self._data.pop(user, None)
            return None
        return from_json(item[1])

    async def save(self, user: str, session: dict) -> None:
        # Stored as JSON so memory and Redis behave the same (no shared mutable objects).
        ttl = self.pending_ttl if session.get("pending") else self.ttl
        self._data[user] = (self.clock() + ttl, to_json(session))
        self._data.move_to_end(user)
        while len(self._data) > self.max_sessions:
            self._data.popitem(last=False)

    def in_conversation(self, user: str, flows: tuple[str, ...]) -> bool:
        item = self._data.get(user)
        if item is None or item[0] < self.clock():
            return False
        raw = item[1]       # Session.to_dict's JSON: "flow" first
        return any(raw.startswith(FLOW_HEAD + to_json(flow)) for flow in flows)

    def sweep(self) -> int:
        now = self.clock()
        expired = [user for user, (until, _) in self._data.items() if until < now]
        for user in expired:
            del self._data[user]
        return len(expired)

    def lock(self, user: str) -> "_MemoryLock":
        return _MemoryLock(self, user)

    def _forget(self, user: str) -> None:
        self._lock_users[user] -= 1
        if not self._lock_users[user]:   # nobody waiting: forget the lock, memory stays flat
            del self._lock_users[user]
            self._locks.pop(user, None)


class _MemoryLock:
    """MemoryStateStore.lock(user): a class, not a generator, as it is taken on every message."""

    __slots__ = ("store", "user", "lock")

    def __init__(self, store: MemoryStateStore, user: str):
        self.store, self.user = store, user

    async def __aenter__(self) -> None:
        store, user = self.store, self.user
        lock = self.lock = store._locks.get(user)
        if lock is None:
            lock = self.lock = store._locks[user] = asyncio.Lock()
        store._lock_users[user] = store._lock_users.get(user, 0) + 1
        try:
            await lock.acquire()
        except BaseException:
            store._forget(user)
            raise

    async def __aexit__(self, *exc) -> None:
        self.lock.release()
        self.store._forget(self.user)


LOCK_TTL = 2.5                    # Redis: a dead holder's lock frees this long after its last renewal
LOCK_WAIT = 3.5                   # the longest a message waits for the user's lock: past LOCK_TTL (a dead
                                  # holder's lock frees meanwhile), within the reply budget (4.5 s)
LOCK_POLL_SECONDS = 0.02

# KEYS: the user's lock, session. ARGV: this holder's token, lock lifetime (ms). Takes the lock and
# reads the session in one round trip: {1, session or nil} once taken, {0} while another holds it.
_LOCK_AND_LOAD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2])}
end
return {0}
"""
# KEYS: the user's lock, session[, another key]. ARGV: token, session JSON ('' to keep it), its
# lifetime (s)[, the other key's value and lifetime (s)]. Writes the session and frees the lock in one
# round trip -- unless another holder has the lock (this one lost it): then the session is not
# written (-1). A lock Redis dropped (a restart) is nobody's. The other key (write_on_release) is
# written either way.
_SAVE_AND_UNLOCK = """
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5]) end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return -1 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) end
if holder then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class _Held:
    """A user's lock held by this task, with the session read when it was taken and the one to
    write when it is freed."""
    lock_key: str
    session_key: str
    token: str
    loaded: str | None = None
    to_save: str | None = None
    ttl: int = 0                  # the saved session's lifetime (s)
    also: tuple[str, str, int] | None = None     # (key, value, ttl) written with the release
    released: bool = False        # a task started inside the lock may outlive it: then it reads and writes Redis


# The locks the running task holds, by (store, user): load() and save() inside a lock use them.
_holding: contextvars.ContextVar[dict[tuple[int, str], _Held]] = contextvars.ContextVar("fenjin_locks_held")


class RedisStateStore(StateStore):
    """Sessions shared by several workers. Keys: fenjin:s:<openid>, locks fenjin:l:<openid>.

    A message costs two round trips: taking the user's lock reads the session with it, and
    save() inside the lock is written when the lock is freed, in the same call."""

    def __init__(self, url: str, ttl: float = SESSION_TTL, prefix: str = "fenjin", timeout: float = 1.0,
                 lock_ttl: float = LOCK_TTL, lock_wait: float = LOCK_WAIT, pending_ttl: float = PENDING_TTL):
        self.conn = RedisConn(url, prefix=prefix, timeout=timeout)
        # As in memory: a session key expires ``ttl`` after the user's last message (``pending_ttl``
        # while it holds a late reply), so Redis holds one per user active within it.
        self.ttl = max(1, int(ttl))
        self.pending_ttl = max(self.ttl, int(pending_ttl))
        self.prefix = prefix
        self.lock_ttl = lock_ttl
        self.lock_wait = lock_wait
        self._lock_and_load = self.conn.client.register_script(_LOCK_AND_LOAD)
        self._save_and_unlock = self.conn.client.register_script(_SAVE_AND_UNLOCK)
        self._unreleased: list[_Held] = []   # locks whose release failed: released by tidy() once Redis is back

    @property
    def redis(self) -> RedisConn:
        return self.conn

    def session_key(self, user: str) -> str:
        """The Redis key of ``user``'s session (the retry cache reads it when shedding)."""
        return self.conn.key("s", user)

    def write_on_release(self, user: str, key: str, value: str, ttl: int) -> bool:
        held = self._held(user)
        if held is None:
            return False
        held.also = (key, value, ttl)
        return True

    def bounds(self) -> dict[str, tuple[int, None]]:
        """Locks whose release failed (Redis down), until tidy() frees them."""
        return {"session_locks_unreleased": (len(self._unreleased), None)}

    def _held(self, user: str) -> _Held | None:
        held = _holding.get({}).get((id(self), user))
        return held if held is not None and not held.released else None

    async def load(self, user: str) -> dict | None:
        held = self._held(user)
        if held is not None:             # read with the lock (nobody else writes it meanwhile)
            raw = held.to_save if held.to_save is not None else held.loaded
        else:
            raw = await self.conn("get", self.conn.key("s", user))
        return from_json(raw) if raw else None

    async def save(self, user: str, session: dict) -> None:
        payload = to_json(session)
        ttl = self.pending_ttl if session.get("pending") else self.ttl
        held = self._held(user)
        if held is not None:             # written when the lock is freed, in the same round trip
            held.to_save, held.ttl = payload, ttl
            return
        await self.conn("set", self.conn.key("s", user), payload, ex=ttl)

    @contextlib.asynccontextmanager
    async def lock(self, user: str) -> AsyncIterator[None]:
        # The short lifetime frees the lock soon if a worker dies mid-message; renewing keeps it while
        # this one works. Waiting may take longer than one call's deadline, so only each call is bounded.
        held = _Held(self.conn.key("l", user), self.conn.key("s", user), uuid.uuid4().hex)
        deadline = time.monotonic() + self.lock_wait
        while True:
            got = await self.conn.run(lambda: self._lock_and_load(keys=[held.lock_key, held.session_key],
                                                                  args=[held.token, int(self.lock_ttl * 1000)]))
            if got and got[0] == 1:
                held.loaded = got[1] if len(got) > 1 else None
                break
            if time.monotonic() >= deadline:   # the user's previous message still holds it: not Redis's fault
                raise Unavailable("redis", "the user's previous message is still being handled")
            await asyncio.sleep(LOCK_POLL_SECONDS)
        token = _holding.set({**_holding.get({}), (id(self), user): held})
        # Renewed every third of its lifetime while this holder works (a slow database, a long reply),
        # with the worker's other kept keys in one call; once lost (a stall past LOCK_TTL) the save is fenced.
        renewing = self.conn.keep(held.lock_key, held.token, int(self.lock_ttl * 1000), self.lock_ttl / 3,
                                  lost=lambda: log_event(log, "lock-lost", logging.WARNING, user=short_user(user)))
        try:
            yield
        finally:
            renewing.cancel()
            _holding.reset(token)
            held.released = True
            await self._release(held)

    async def _release(self, held: _Held) -> bool:
        """Save what save() left and free the lock; if Redis is down, keep the lock for tidy() --
        left alone it would hold up the user's next messages until it expires."""
        keys, args = [held.lock_key, held.session_key], [held.token, held.to_save or "", held.ttl or self.ttl]
        if held.also is not None:
            keys.append(held.also[0])
            args += held.also[1:]
        try:
            freed = await self.conn.run(lambda: self._save_and_unlock(keys=keys, args=args))
        except Unavailable as e:
            # ``also`` (the retry cache's reply) stays for tidy() to write once Redis answers: a retry
            # of the message then gets the reply instead of handling the message again.
            if held.to_save is not None:
                # What the handler did is done (a stored sign-up stays stored); the previous state
                # stays, so pending late replies are handed out again, not lost.
                log_event(log, "state-not-saved", logging.WARNING, reason=str(e))
                held.to_save = None           # tidy() only frees the lock: this state may be stale by then
            self._unreleased.append(held)
            return False
        if freed == -1 and held.to_save is not None:      # fenced: the newer holder's state stands
            log_event(log, "state-not-saved", logging.WARNING, reason="the user's lock was taken by another message")
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
    """Redis when a URL is given, else process memory; either bounded by the ``memory`` settings."""
    memory = memory or {}
    if redis_url:
        return RedisStateStore(redis_url, timeout=redis_timeout,
                               ttl=float(memory.get("session_ttl_seconds", SESSION_TTL)),
                               pending_ttl=float(memory.get("pending_ttl_seconds", PENDING_TTL)))
    return MemoryStateStore(ttl=float(memory.get("session_ttl_seconds", SESSION_TTL)),
                            pending_ttl=float(memory.get("pending_ttl_seconds", PENDING_TTL)),
                            max_sessions=int(memory.get("max_sessions", MAX_SESSIONS)))
