"""Without Redis one process keeps everything in memory: it must be forgotten by time, in the
background, even for users who never come back (config.yaml `memory:` states the bounds)."""
from __future__ import annotations

import asyncio
import logging
import time

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


# The statement builders of the storage layer are cached for good, keyed by the SQL dialect and a
# few flags: a handful of entries whatever the traffic. Any other cache must have a maxsize.
STATEMENT_BUILDERS = ("bot.storage.quiz.", "bot.storage.signups.")


def _distinct_questions(kb, n: int) -> list[str]:
    """``n`` texts never asked before: the knowledge base's questions dressed as people write them."""
    texts = sorted({t for e in kb.entries.values() for t in [e.question, *e.similar] if t})
    dressed = (f"{p}{t}{s}" for p in ("", "请问", "问一下", "老师，") for s in ("", "？", "呢", "，谢谢")
               for t in texts)
    return [t for t, _ in zip(dressed, range(n))]


async def test_many_people_and_texts_fill_each_structure_only_to_its_bound(tmp_path):
    """900 people, each with a text never asked before (a few start a sign-up or a quiz): every
    structure the app lists (Webhook.memory) holds at most its capacity, and the ones made small
    here are full, so it is the bound that holds them, not a lack of traffic."""
    from bot.services import default_handlers
    from handlers.qa import QAHandler

    handlers = [QAHandler(recent=64) if h.name == "qa" else h for h in default_handlers()]
    settings = {"memory": {"max_sessions": 200, "max_cached_replies": 300}, "limits": {"messages_per_minute": 20}}
    async with BotHarness.start(tmp_path, handlers=handlers, settings=settings) as bot:
        hook = bot.hook
        texts = _distinct_questions(hook.services.kb, 900)
        texts[::50] = ["报名"] * len(texts[::50])
        texts[25::50] = ["答题"] * len(texts[25::50])
        for chunk in range(0, len(texts), 100):
            await asyncio.gather(*(bot.text(f"person{i}", texts[i]) for i in range(chunk, chunk + 100)))
        fills = hook.memory()
    over = {name: f for name, f in fills.items() if f[1] is not None and f[0] > f[1]}
    assert not over
    assert fills["sessions"] == (200, 200) and fills["retry_cache"] == (300, 300)
    for name in ("qa.recent", "qa.answers"):
        assert fills[name][0] >= 64 and fills[name][0] <= fills[name][1]
    unbounded = sorted(name for name, (_, cap) in fills.items() if cap is None and "." in name)
    assert unbounded and all(name.startswith(STATEMENT_BUILDERS) for name in unbounded), unbounded


async def test_the_app_reports_its_memory_in_the_log(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.webhook")
    settings = {"memory": {"sweep_seconds": 0.02, "report_seconds": 0.01}}
    async with BotHarness.start(tmp_path, settings=settings) as bot:
        await bot.text("user1", "比赛有哪些项目")
        caplog.clear()          # a report written while the message was on its way counts no session yet
        line = await wait_for(lambda: next((r for r in caplog.records if r.getMessage() == "memory"), None))
    fields = line.fields
    assert fields["rss_mb"] > 0
    assert fields["fill"]["sessions"] == [1, 20_000] and fields["fill"]["qa.recent"][0] >= 1


# -- what recently asked texts came to: bounded by count and by time ------------------------------
def test_texts_nobody_asks_for_are_forgotten_by_time_while_a_popular_one_stays():
    from bot.core.memory import RecentCache

    tick = Clock(1000.0)
    cache, made = RecentCache(10_000, idle=300, clock=tick), []

    def compute(text: str) -> str:
        made.append(text)
        return text.upper()

    for minute in range(10):                      # 100 new texts a minute, one asked all the time
        for i in range(100):
            cache.get(f"text {minute}-{i}", compute)
            cache.get("popular", compute)
        tick.now += 60
        cache.sweep()
    # The count was never the bound: what was asked within the idle time is kept (the texts of the
    # last four whole minutes), older ones went, and the popular one was worked out once.
    assert len(cache) == 401 and made.count("popular") == 1
    assert cache.peek("text 5-99") is None and cache.peek("text 6-0") == "TEXT 6-0"
    assert cache.peek("popular") == "POPULAR"
    tick.now += 301
    assert cache.sweep() == 401 and len(cache) == 0                 # nothing asked since: all gone


def test_the_count_bounds_a_cache_when_texts_come_faster_than_they_expire():
    from bot.core.memory import RecentCache

    tick = Clock(1000.0)
    cache = RecentCache(64, idle=300, clock=tick)
    for i in range(1000):
        cache.get(f"t{i}", str)
        if i % 10 == 0:
            cache.get("t0", str)                  # kept: asked again and again
    assert len(cache) == 64 and cache.peek("t0") == "t0" and cache.peek("t1") is None


def test_a_cached_function_is_forgotten_by_the_process_wide_sweep():
    from bot.core import memory

    tick = Clock(5000.0)
    calls: list[str] = []

    @memory.recent_cache(100)
    def shout(text: str) -> str:
        calls.append(text)
        return text + "!"

    memory.configure_recent(60, clock=tick)
    try:
        assert [shout("a"), shout("a"), shout("b")] == ["a!", "a!", "b!"] and calls == ["a", "b"]
        assert shout.cache_info().currsize == 2 and shout.cache_info().maxsize == 100
        tick.now += 30
        shout("a")
        tick.now += 31
        memory.sweep_recent()                    # b idle 61 s: gone; a asked 31 s ago: kept
        assert shout.cache_info().currsize == 1
        shout("b")
        assert calls == ["a", "b", "b"]
    finally:
        memory.configure_recent(memory.IDLE_SECONDS)


async def test_the_app_forgets_what_texts_came_to_when_nobody_asks_them_again(tmp_path):
    """900 people, each a text never asked before, then one question asked over and over: the
    app's background sweep empties what the matcher, the contest desk and the normaliser kept for
    the texts nobody asked again (memory levels off in minutes), and keeps the popular question's
    reply, so it is still told without the matcher."""
    from bot.core import memory
    from bot.services import default_handlers
    from handlers.qa import QAHandler

    handlers = [QAHandler() if h.name == "qa" else h for h in default_handlers()]
    settings = {"memory": {"sweep_seconds": 3600, "cache_idle_seconds": 300}, "limits": {"messages_per_minute": 20}}
    async with BotHarness.start(tmp_path, handlers=handlers, settings=settings) as bot:
        hook, qa = bot.hook, next(h for h in handlers if h.name == "qa")
        tick = Clock(time.monotonic())             # what was kept before this test is older
        memory.configure_recent(300, clock=tick)
        try:
            popular = "比赛一共有多少项"
            texts = _distinct_questions(hook.services.kb, 900)
            for chunk in range(0, len(texts), 100):
                await asyncio.gather(*(bot.text(f"person{i}", texts[i]) for i in range(chunk, chunk + 100)))
                await bot.text(f"fan{chunk}", popular)
                tick.now += 30
            full = hook.memory()
            assert full["qa.recent"][0] >= 900 and full["kb.normalizer"][0] >= 900
            tick.now += 250                      # the last texts came 30 s ago, the popular one too
            await bot.text("fan-last", popular)
            tick.now += 60
            hook.sweep()
            swept = hook.memory()
            told = qa.answers.fill()[0]
            for name in ("qa.recent", "qa.answers", "kb.normalizer", "bot.core.privacy.short_user"):
                assert swept[name][0] < 20, (name, swept[name])
            assert told >= 1
            calls: list[str] = []
            kb = hook.services.kb
            match = kb.match
            kb.match = lambda text: calls.append(text) or match(text)
            try:
                reply = await bot.text("fan-again", popular)
            finally:
                del kb.match
            assert "项" in reply and calls == []        # still known: no matcher
        finally:
            memory.configure_recent(memory.IDLE_SECONDS)


async def test_redis_keeps_a_session_only_as_long_as_the_memory_store_would():
    """With Redis a key per user: it expires ``session_ttl_seconds`` after the session was saved
    (``pending_ttl_seconds`` while a late reply waits in it), so Redis holds one session per user
    active within that time, not every user ever seen."""
    import uuid

    from bot.storage.state import make_state_store
    from tests.conftest import REDIS_URL

    store = make_state_store(REDIS_URL, {"session_ttl_seconds": 7200, "pending_ttl_seconds": 172800})
    store.conn.prefix = prefix = f"fenjin-ttl-{uuid.uuid4().hex[:8]}"
    client = store.conn.client
    try:
        await store.save("asker", {"flow": None, "data": {}, "pending": []})
        async with store.lock("signing-up"):                     # saved as the lock is freed
            await store.save("signing-up", {"flow": "signup", "data": {"step": "name"}, "pending": []})
        async with store.lock("waiting"):
            await store.save("waiting", {"flow": None, "data": {}, "pending": ["a late reply"]})
        ttls = {user: await client.ttl(f"{prefix}:s:{user}") for user in ("asker", "signing-up", "waiting")}
        assert 7000 < ttls["asker"] <= 7200 and 7000 < ttls["signing-up"] <= 7200
        assert 170000 < ttls["waiting"] <= 172800
        keys = [k async for k in client.scan_iter(f"{prefix}:*")]
        assert len(keys) == 3 and all([await client.ttl(k) > 0 for k in keys])    # no lock left, none for ever
    finally:
        keys = [k async for k in client.scan_iter(f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
        await store.close()
