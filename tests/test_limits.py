"""Per-user rate limit, WeChat's customer-service allowance for late replies, and the access token
shared by several workers -- in memory and through the real Redis."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.core.config import load_settings
from bot.core.messages import Message
from bot.core.session import Services
from bot.storage.redisconn import RedisConn
from bot.wechat.allowance import LateReplyAllowance, window_of
from bot.wechat.api import WeChatAPI
from bot.wechat.ratelimit import LIMITED_REPLY, RateLimiter
from tests.conftest import REDIS_URL
from tests.fake_wechat import APPID as FAKE_APPID
from tests.fake_wechat import SECRET as FAKE_SECRET
from tests.harness import BotHarness
from tests.helpers import Clock, free_port, wait_for
from tests.stub_handlers import EchoQA



@pytest.fixture
async def redis_conn():
    conn = RedisConn(REDIS_URL, prefix=f"fenjin-test-{uuid.uuid4().hex[:8]}")
    yield conn
    keys = await conn.client.keys(f"{conn.prefix}:*")
    if keys:
        await conn.client.delete(*keys)
    await conn.close()


def bot_with_limit(tmp_path, per_minute: int, **kw):
    services = Services(settings=load_settings(env={}))
    return BotHarness.start(tmp_path, handlers=[EchoQA()], services=services,
                            settings={"limits": {"messages_per_minute": per_minute}}, **kw)


# -- rate limit -------------------------------------------------------------------------------

async def test_limit_in_memory_bursts_then_refills():
    tick = Clock(1000.0)
    limiter = RateLimiter(per_minute=20, clock=tick)
    assert [await limiter.allow("a") for _ in range(21)] == [True] * 20 + [False]
    assert await limiter.allow("b")                         # others are not affected
    tick.now += 3.0                                         # one message every 60/20 s comes back
    assert await limiter.allow("a") and not await limiter.allow("a")
    tick.now += 60
    assert all([await limiter.allow("a") for _ in range(20)])
    assert await RateLimiter(per_minute=0).allow("a")       # 0 turns it off


async def test_limit_shared_through_redis(redis_conn):
    one, two = RateLimiter(per_minute=5, redis=redis_conn), RateLimiter(per_minute=5, redis=redis_conn)
    results = [await (one if i % 2 else two).allow("a") for i in range(6)]
    assert results == [True] * 5 + [False]                  # two workers, one count
    assert await one.allow("b")
    assert len(one) == 0 and len(two) == 0                  # nothing kept in process


async def test_limited_user_gets_a_polite_reply_and_retries_do_not_count(tmp_path):
    async with bot_with_limit(tmp_path, 3) as bot:
        # One message delivered three times by WeChat counts once.
        q, body = bot.sim.request(bot.sim.message_xml("oFast", text="第一条", msg_id="101"))
        for _ in range(3):
            resp = await bot.client.post("/wechat", params=q, data=body)
            assert bot.sim.read_reply(await resp.text()) == "echo:第一条"
        assert await bot.text("oFast", "第二条") == "echo:第二条"
        assert await bot.text("oFast", "第三条") == "echo:第三条"
        reply = await bot.text("oFast", "第四条")
        assert reply == LIMITED_REPLY and "一分钟" in reply and "「菜单」" in reply
        assert await bot.text("oOther", "我没事") == "echo:我没事"
        assert bot.hook.router.handlers["qa"].calls == ["第一条", "第二条", "第三条", "我没事"]


async def test_limit_is_shared_by_two_workers(tmp_path):
    async with bot_with_limit(tmp_path, 2, redis_url=REDIS_URL) as w1, \
            bot_with_limit(tmp_path, 2, redis_url=REDIS_URL) as w2:
        w2.redis_prefix = w1.redis_prefix
        await w2.restart()
        assert await w1.text("oFast", "甲") == "echo:甲"
        assert await w2.text("oFast", "乙") == "echo:乙"
        assert await w1.text("oFast", "丙") == LIMITED_REPLY


class HeldQA(EchoQA):
    """Echoes; a message starting with "held " waits until ``gate`` opens (it holds its user's lock)."""

    def __init__(self):
        super().__init__()
        self.gate = asyncio.Event()

    async def handle(self, ctx, msg):
        if msg.text.startswith("held "):
            await self.gate.wait()
        return await super().handle(ctx, msg)


async def test_a_flood_from_one_user_does_not_slow_the_others(tmp_path):
    qa = HeldQA()
    # What is asserted is the order things happen in, not their speed: the budget is out of the way
    # and the limiter's clock stands still (no message comes back to the flooder while it runs).
    async with BotHarness.start(tmp_path, handlers=[qa], services=Services(settings=load_settings(env={})),
                                settings={"limits": {"messages_per_minute": 20},
                                          "server": {"reply_budget_seconds": 60}}) as bot:
        bot.hook.limiter.clock = Clock(1000.0)
        flood = [asyncio.ensure_future(bot.text("oFlood", f"held 刷屏{i}")) for i in range(200)]
        # The flood's first message holds its user's lock until the gate opens, and its other allowed
        # messages queue behind it: meanwhile the rest of the flood is refused and the others answered.
        calm = await asyncio.wait_for(asyncio.gather(*(bot.text(f"oCalm{i}", "你好") for i in range(20))), 60)
        assert calm == ["echo:你好"] * 20
        await wait_for(lambda: sum(f.done() for f in flood) == 180, timeout=60)
        assert [f.result() for f in flood if f.done()] == [LIMITED_REPLY] * 180
        assert not qa.gate.is_set()
        qa.gate.set()
        allowed = [r for r in await asyncio.gather(*flood) if r != LIMITED_REPLY]
        assert len(allowed) == 20 and all(r.startswith("echo:held 刷屏") for r in allowed)


# -- WeChat's allowance for late replies ----------------------------------------------------------

def msg(kind: str = "text", event: str = "") -> Message:
    return Message(user="u", kind=kind, event=event)


def test_which_window_a_message_opens():
    assert window_of(msg()) == "m" and window_of(msg("voice")) == "m"
    assert window_of(msg("event", "click")) == "e" and window_of(msg("event", "subscribe")) == "e"
    assert window_of(msg("event", "scan")) == "e" and window_of(msg("event", "view")) is None


@pytest.mark.parametrize("shared", [False, True])
async def test_allowance_follows_wechats_rules(shared, redis_conn):
    tick = Clock(1_700_000_000.0)
    allowance = LateReplyAllowance(redis=redis_conn if shared else None, clock=tick)
    # 5 within 48 hours of a message ...
    assert [await allowance.take("u", "m", tick.now) for _ in range(6)] == [True] * 5 + [False]
    # ... and a new message opens the window afresh.
    tick.now += 10
    assert await allowance.take("u", "m", tick.now)
    tick.now += 48 * 3600
    assert not await allowance.take("u", "m", tick.now - 48 * 3600)      # an old message's window closed
    # 3 within a minute of a click (and a send counts against every open window).
    assert [await allowance.take("v", "e", tick.now) for _ in range(4)] == [True] * 3 + [False]
    tick.now += 61
    assert not await allowance.take("v", "e", tick.now - 61)
    # WeChat said 45015/45047: nothing left until the user writes again.
    await allowance.take("w", "m", tick.now)
    await allowance.spend("w")
    assert not await allowance.take("w", "m", tick.now)
    assert await allowance.take("w", "m", tick.now + 1)
    if not shared:
        tick.now += 48 * 3600 + 2
        allowance.sweep()
        assert len(allowance) == 0


async def test_late_reply_refused_by_wechat_waits_for_the_next_message(tmp_path, fake_wechat):
    api = WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET)
    async with BotHarness.start(tmp_path, api=api, handlers=[EchoQA()],
                                settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        for errcode in (45015, 45047):
            fake_wechat.fail_next(errcode)
            assert await bot.text("oLate", f"slow 0.4 迟到{errcode}") == ""
            await bot.hook.replies.drain()
            assert fake_wechat.sent == []
            reply = await bot.text("oLate", "你好")
            assert f"echo:迟到{errcode}" in reply and reply.endswith("echo:你好")        # never lost


async def test_late_reply_waits_when_the_allowance_is_spent(tmp_path, fake_wechat):
    api = WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET)
    async with BotHarness.start(tmp_path, api=api, handlers=[EchoQA()],
                                settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        allowance = bot.hook.allowance
        real_take = allowance.take

        async def spent_then_real(user, window, opened_at):
            await real_take(user, window, opened_at)
            await allowance.spend(user)                          # e.g. five other sends already went
            return await real_take(user, window, opened_at)

        allowance.take = spent_then_real
        assert await bot.text("oLate", "slow 0.4 没额度了") == ""
        await bot.hook.replies.drain()
        assert fake_wechat.sent == []                            # not even tried
        assert "echo:没额度了" in await bot.text("oLate", "在吗")


# -- the access token, shared by workers -------------------------------------------------------

async def test_workers_share_one_access_token(fake_wechat, redis_conn):
    fake_wechat.delay = 0.05
    workers = [WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET, shared=redis_conn) for _ in range(3)]
    try:
        tokens = await asyncio.gather(*(w.access_token() for w in workers for _ in range(5)))
        assert len(set(tokens)) == 1 and len(fake_wechat.token_calls) == 1
        # WeChat rejects the token: one worker renews it, the others take the renewed one.
        fake_wechat.invalidate_tokens()
        results = await asyncio.gather(*(w.send_text(f"user-{i}", "好") for i, w in enumerate(workers)))
        assert all(r.ok for r in results)
        assert [c["force_refresh"] for c in fake_wechat.token_calls] == [False, True]
    finally:
        for w in workers:
            await w.close()


async def test_token_still_fetched_while_redis_is_down(fake_wechat):
    conn = RedisConn(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2)
    api = WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET, shared=conn)
    try:
        assert (await api.send_text("u", "好")).ok
    finally:
        await api.close()
        await conn.close()
