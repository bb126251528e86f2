"""Without Redis one process keeps everything in memory: it must be forgotten by time, in the
background, even for users who never come back (config.yaml `memory:` states the bounds)."""
from __future__ import annotations

import asyncio

from bot.core.config import load_settings
from bot.core.session import Services
from bot.storage.state import MemoryStateStore
from bot.wechat.dedupe import ReplyCache
from tests.harness import BotHarness
from tests.helpers import Clock, wait_for
from tests.stub_handlers import EchoQA



async def nothing_late(_text: str) -> None:
    raise AssertionError("no late reply expected")


async def test_a_users_lock_takes_their_messages_one_at_a_time_and_is_forgotten_after():
    store = MemoryStateStore()
    order: list[str] = []

    async def message(name: str, hold: asyncio.Event | None = None) -> None:
        async with store.lock("u1"):
            order.append(f"{name} in")
            if hold is not None:
                await hold.wait()
            order.append(f"{name} out")

    hold = asyncio.Event()
    first = asyncio.ensure_future(message("first", hold))
    await wait_for(lambda: order == ["first in"])
    second, gone = asyncio.ensure_future(message("second")), asyncio.ensure_future(message("gone"))
    await asyncio.sleep(0)
    gone.cancel()                                   # e.g. the request was dropped while it waited
    hold.set()
    await asyncio.gather(first, second, gone, return_exceptions=True)
    assert order == ["first in", "first out", "second in", "second out"]
    assert store._locks == {} and store._lock_users == {}


async def test_sessions_expire_by_time_and_by_count():
    tick = Clock(1000.0)
    store = MemoryStateStore(ttl=7200, pending_ttl=48 * 3600, max_sessions=1000, clock=tick)
    for i in range(1500):
        await store.save(f"u{i}", {"flow": None, "data": {"x": "y" * 100}, "pending": []})
    assert len(store) == 1000                                      # the least recently active went first
    assert await store.load("u0") is None and await store.load("u1499") is not None
    await store.save("waiting", {"flow": None, "pending": ["a late reply"]})
    tick.now += 7201
    assert store.sweep() == 999                                    # (one made room for "waiting")
    assert len(store) == 1                                         # the late reply waits longer ...
    tick.now += 48 * 3600
    store.sweep()
    assert len(store) == 0                                         # ... but not for ever
    assert store._locks == {} and store._lock_users == {}


async def test_reply_cache_forgets_replies_then_keys():
    tick = Clock(1000.0)
    cache = ReplyCache(ttl=660, retry_window=60, max_entries=100_000, clock=tick)
    for i in range(5000):
        assert await cache.run(f"m:u{i % 1000}:{i}", lambda i=i: _text(i), 1.0, nothing_late) == f"r{i}"
    assert len(cache) == 5000
    # A retry within the window gets the reply; after it, only the key is kept (a replay gets "success").
    assert await cache.run("m:u1:1", lambda: _text(-1), 1.0, nothing_late) == "r1"
    tick.now += 61
    cache.sweep()
    assert len(cache._entries) == 0 and len(cache._seen) == 5000
    assert await cache.run("m:u1:1", lambda: _text(-1), 1.0, nothing_late) is None
    tick.now += 600
    cache.sweep()
    assert len(cache) == 0


async def test_reply_cache_never_holds_more_than_its_bound():
    tick = Clock(1000.0)
    cache = ReplyCache(ttl=660, retry_window=60, max_entries=300, clock=tick)
    for i in range(1000):
        await cache.run(f"m:u:{i}", lambda i=i: _text(i), 1.0, nothing_late)
        if i % 100 == 0:
            tick.now += 61
            cache.sweep()
    assert len(cache) <= 300


async def _text(i: int) -> str:
    return f"r{i}"


async def test_the_app_sweeps_in_the_background(tmp_path):
    """2,000 distinct users, then time passes: the memory structures are empty again, though none
    of the users wrote again."""
    services = Services(settings=load_settings(env={}))
    settings = {"memory": {"sweep_seconds": 0.05}, "limits": {"messages_per_minute": 20}}
    async with BotHarness.start(tmp_path, handlers=[EchoQA()], services=services, settings=settings) as bot:
        hook = bot.hook
        tick = Clock(1000.0)
        for part in (hook.store, hook.replies, hook.limiter):
            part.clock = tick
        hook.allowance.clock = lambda: tick.now + 1_700_000_000
        for chunk in range(0, 2000, 500):
            await asyncio.gather(*(bot.text(f"user{i}", "你好") for i in range(chunk, chunk + 500)))
        assert len(hook.store) == 2000 and len(hook.replies) == 2000 and len(hook.limiter) == 2000
        tick.now += 48 * 3600 + 1
        await wait_for(lambda: not (len(hook.store) + len(hook.replies) + len(hook.limiter) + len(hook.allowance)),
                       timeout=10)
