"""Admission control (bot.wechat.admission): an overloaded worker answers a new message at once with
the busy reply, touching nothing; a retry of a message in flight or answered is never shed."""
from __future__ import annotations

import asyncio
import time

import pytest

from bot.cli import main
from bot.core.config import ConfigError, load_settings
from bot.core.messages import Reply
from bot.wechat.admission import IN_FLIGHT, LAG, Admission, AdmissionConfig
from bot.wechat.app import SHED_HEADER
from bot.wechat.dedupe import RedisReplyCache
from handlers.base import Handler
from handlers.router import BUSY_REPLY
from tests.harness import BotHarness
from tests.helpers import never_late, wait_for
from tests.stub_handlers import FlowStub


class GateQA(Handler):
    """Stands in for the Q&A handler: "wait ..." holds its message in flight until ``gate`` opens."""

    name = "qa"

    def __init__(self):
        self.gate = asyncio.Event()
        self.calls: list[str] = []

    async def handle(self, ctx, msg):
        self.calls.append(msg.text)
        if msg.text.startswith("wait"):
            await self.gate.wait()
        return Reply(f"echo:{msg.text}")


def overload_at(in_flight: int) -> dict:
    """Settings: shed once ``in_flight`` messages are being made (the lag signal off: deterministic)."""
    return {"admission": {"max_loop_lag_ms": 0, "max_in_flight": in_flight}}


async def deliver(bot: BotHarness, query: dict, body: bytes) -> str:
    resp = await bot.client.post("/wechat", params=query, data=body)
    assert resp.status == 200
    return bot.sim.read_reply(await resp.text())


def shed_count(bot: BotHarness, signal: str = IN_FLIGHT) -> float:
    return bot.hook.metrics.shed.labels(signal)._value.get()


# -- the signals -------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_in_flight_signal():
    admission = Admission(AdmissionConfig(max_loop_lag=0, max_in_flight=3))
    admission.in_flight = 2
    assert admission.overloaded() is None
    admission.in_flight = 3
    assert admission.overloaded() == IN_FLIGHT


def test_lag_signal_needs_two_late_probes_running_or_one_long_overdue():
    clock = Clock()
    admission = Admission(AdmissionConfig(max_loop_lag=0.02, max_in_flight=0, probe=0.01), clock=clock)
    admission._due = clock.now                 # as while the probe runs
    admission.sample(0.05)                     # one late probe: a collection, a descheduled process
    assert admission.overloaded() is None
    admission.sample(0.03)                     # a second one running: the loop is behind
    assert admission.overloaded() == LAG
    admission.sample(0.001)
    assert admission.overloaded() is None
    clock.now += 0.039                         # the probe overdue, but not twice the limit yet
    assert admission.overloaded() is None
    clock.now += 0.002
    assert admission.overloaded() == LAG


def test_signals_at_zero_never_shed():
    clock = Clock()
    admission = Admission(AdmissionConfig(max_loop_lag=0, max_in_flight=0), clock=clock)
    admission.in_flight = 10_000
    admission._due = clock.now - 60
    admission.sample(60)
    admission.sample(60)
    assert admission.overloaded() is None


async def test_probe_measures_a_blocked_event_loop():
    admission = Admission(AdmissionConfig(max_loop_lag=0.01, max_in_flight=0, probe=0.001))
    probe = asyncio.create_task(admission.probe())
    try:
        for _ in range(2):                     # two probes each find the loop blocked by a callback
            due = await wait_for(lambda: admission._due)
            while admission._due == due:
                time.sleep(0.03)               # a CPU-bound callback hogging the loop (forced overload)
                await asyncio.sleep(0)
            await wait_for(lambda: admission._due != due)
        assert admission.lag >= 0.01
        assert admission.overloaded() == LAG
    finally:
        probe.cancel()
        await asyncio.gather(probe, return_exceptions=True)
    assert admission._due is None and admission.overloaded() is None    # no probe, no lag signal


# -- the webhook ---------------------------------------------------------------------------------

async def test_a_new_message_is_shed_at_once_under_overload_and_leaves_no_state(tmp_path):
    qa = GateQA()
    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(1)) as bot:
        held = asyncio.create_task(bot.text("oBusy", "wait 一条慢的"))
        await wait_for(lambda: bot.hook.admission.in_flight == 1)
        started = time.monotonic()
        assert await bot.text("oNew", "你好") == BUSY_REPLY       # answered while the other still waits
        assert time.monotonic() - started < 1.0
        assert not held.done() and qa.calls == ["wait 一条慢的"]   # the shed one never reached a handler
        assert await bot.hook.store.load("oNew") is None             # no session made or saved
        assert shed_count(bot) == 1
        assert bot.hook.metrics.messages.labels("text", "shed")._value.get() == 1
        qa.gate.set()
        assert await held == "echo:wait 一条慢的"
        assert bot.hook.admission.in_flight == 0
        assert await bot.text("oNew", "你好") == "echo:你好"         # not overloaded: handled


async def test_only_a_shed_reply_is_marked_as_one(tmp_path):
    """The busy reply of an overloaded worker says it was shed (safe to send again as new); the same
    text from a handler that failed does not (its message may have been applied in part)."""
    qa = GateQA()

    async def raw(bot: BotHarness, user: str, text: str) -> tuple[str, str | None]:
        query, body = bot.sim.request(bot.sim.message_xml(user, text=text))
        resp = await bot.client.post("/wechat", params=query, data=body)
        return bot.sim.read_reply(await resp.text()), resp.headers.get(SHED_HEADER)

    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(1)) as bot:
        held = asyncio.create_task(raw(bot, "oBusy", "wait 一条慢的"))
        try:
            await wait_for(lambda: bot.hook.admission.in_flight == 1)
            assert await raw(bot, "oNew", "你好") == (BUSY_REPLY, "1")
        finally:
            qa.gate.set()
        assert await held == ("echo:wait 一条慢的", None)

        async def broken(ctx, msg):
            raise RuntimeError("the handler failed")
        qa.handle = broken
        assert await raw(bot, "oThird", "你好") == (BUSY_REPLY, None)


async def test_nothing_is_shed_without_an_overload_signal(tmp_path):
    qa = GateQA()
    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(3)) as bot:
        held = [asyncio.create_task(bot.text(f"oBusy{i}", f"wait {i}")) for i in range(2)]
        await wait_for(lambda: bot.hook.admission.in_flight == 2)
        assert await bot.text("oNew", "你好") == "echo:你好"       # 2 in flight, the limit is 3
        qa.gate.set()
        assert await asyncio.gather(*held) == ["echo:wait 0", "echo:wait 1"]
        assert shed_count(bot) == 0


async def test_a_retry_of_a_message_in_flight_is_not_shed(tmp_path):
    qa = GateQA()
    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(1)) as bot:
        query, body = bot.sim.request(bot.sim.message_xml("oUser", text="wait 报名", msg_id="7001"))
        first = asyncio.create_task(deliver(bot, query, body))
        await wait_for(lambda: bot.hook.admission.in_flight == 1)        # overloaded from now on
        retry = asyncio.create_task(deliver(bot, query, body))           # WeChat's retry, same MsgId
        assert await bot.text("oOther", "新消息") == BUSY_REPLY             # a new message is shed ...
        assert not retry.done()                                          # ... the retry waits for the first
        qa.gate.set()
        assert await asyncio.gather(first, retry) == ["echo:wait 报名"] * 2
        assert qa.calls == ["wait 报名"]
        assert shed_count(bot) == 1


async def test_a_shed_message_keeps_its_reply_for_retries(tmp_path):
    qa = GateQA()
    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(1)) as bot:
        held = asyncio.create_task(bot.text("oBusy", "wait"))
        await wait_for(lambda: bot.hook.admission.in_flight == 1)
        query, body = bot.sim.request(bot.sim.message_xml("oUser", text="问题", msg_id="7002"))
        assert await deliver(bot, query, body) == BUSY_REPLY
        qa.gate.set()
        await held
        # One message, one answer: its retry is not handled now that the worker has room.
        assert await deliver(bot, query, body) == BUSY_REPLY
        assert qa.calls == ["wait"] and shed_count(bot) == 1


async def test_a_user_in_the_middle_of_a_sign_up_is_spared_while_others_are_shed(tmp_path):
    qa, flow = GateQA(), FlowStub("signup", {"报名": "start"})
    async with BotHarness.start(tmp_path, handlers=[qa, flow], settings=overload_at(1)) as bot:
        assert await bot.text("oSigner", "报名") == "signup:started"
        held = asyncio.create_task(bot.text("oBusy", "wait"))
        await wait_for(lambda: bot.hook.admission.in_flight == 1)             # overloaded from now on
        assert await bot.text("oAsker", "你好") == BUSY_REPLY                  # a new conversation: shed
        assert await bot.text("oSigner", "确认") == "signup:step2:确认"         # under way: let in
        assert flow.seen == [("start", ""), ("handle", "确认")]
        assert shed_count(bot) == 1
        qa.gate.set()
        assert await held == "echo:wait"
        assert bot.hook.admission.in_flight == 0


async def test_past_the_headroom_a_shed_step_leaves_the_flow_where_it_was(tmp_path):
    qa, flow = GateQA(), FlowStub("signup", {"报名": "start"})
    async with BotHarness.start(tmp_path, handlers=[qa, flow], settings=overload_at(0)) as bot:
        assert await bot.text("oSigner", "报名") == "signup:started"
        before = await bot.hook.store.load("oSigner")
        held = [asyncio.create_task(bot.text(f"oBusy{i}", "wait")) for i in range(2)]
        await wait_for(lambda: bot.hook.admission.in_flight == 2)
        bot.hook.admission.config = AdmissionConfig(max_loop_lag=0, max_in_flight=1)   # 2: twice the bound
        assert await bot.text("oSigner", "确认") == BUSY_REPLY
        assert await bot.hook.store.load("oSigner") == before
        qa.gate.set()
        await asyncio.gather(*held)
        assert await bot.text("oSigner", "确认") == "signup:step2:确认"    # sent again: the next step
        assert flow.seen == [("start", ""), ("handle", "确认")]


async def test_a_message_counts_in_flight_from_admission_before_its_claim(tmp_path):
    """A burst is bounded while its claims are on the way: the count does not wait for the handler."""
    qa = GateQA()
    async with BotHarness.start(tmp_path, handlers=[qa], settings=overload_at(1)) as bot:
        claiming = asyncio.Event()
        cache = bot.hook.replies
        admit = cache._admit

        async def slow_admit(user):
            await claiming.wait()               # as a claim's round trip under load
            return await admit(user)

        cache._admit = slow_admit
        first = asyncio.create_task(bot.text("oFirst", "第一条"))
        await wait_for(lambda: bot.hook.admission.in_flight == 1)
        assert qa.calls == []                                       # still claiming
        cache._admit = admit
        assert await bot.text("oSecond", "第二条") == BUSY_REPLY
        claiming.set()
        assert await first == "echo:第一条"
        assert bot.hook.admission.in_flight == 0 and qa.calls == ["第一条"]


# -- two workers through Redis ---------------------------------------------------------------------

@pytest.fixture
def redis_caches(shared_redis):
    """Two workers' retry caches over the same Redis keys."""
    return lambda: RedisReplyCache(shared_redis, claim_ttl=0.6)


async def test_a_retry_on_an_overloaded_worker_waits_for_the_worker_making_it(redis_caches):
    making, overloaded = redis_caches(), redis_caches()
    gate = asyncio.Event()

    async def produce() -> str:
        await gate.wait()
        return "答复"

    first = asyncio.create_task(making.run("u:1", produce, 4.5, never_late))
    await wait_for(lambda: making._entries.get("u:1"))
    await wait_for(lambda: making.redis("get", making._key("u:1")))        # claimed in Redis
    assert not await overloaded.shed("u:1", BUSY_REPLY)                     # a retry: not shed
    retry = asyncio.create_task(overloaded.run("u:1", produce, 4.5, never_late))
    gate.set()
    assert await asyncio.gather(first, retry) == ["答复", "答复"]


async def test_redis_shed_spares_a_user_whose_session_names_a_conversation(shared_redis):
    cache = RedisReplyCache(shared_redis, session_key=lambda user: shared_redis.key("s", user))
    await shared_redis("set", shared_redis.key("s", "oSigner"), '{"flow": "signup", "data": {}}')
    await shared_redis("set", shared_redis.key("s", "oAsker"), '{"flow": "qa", "data": {}}')
    await shared_redis("set", shared_redis.key("s", "oIdle"), '{"flow": null, "data": {}}')
    spare = ("quiz", "signup")
    assert not await cache.shed("u:10", BUSY_REPLY, "oSigner", spare)       # in a sign-up: let in
    assert await shared_redis("get", cache._key("u:10")) is None             # nothing claimed for it
    assert await cache.shed("u:11", BUSY_REPLY, "oSigner", ())               # no headroom left: shed
    assert await cache.shed("u:12", BUSY_REPLY, "oAsker", spare)             # a transient flow
    assert await cache.shed("u:13", BUSY_REPLY, "oIdle", spare)
    assert await cache.shed("u:14", BUSY_REPLY, "oNobody", spare)            # no session at all
    assert not await cache.shed("u:14", BUSY_REPLY, "oNobody", spare)        # (a retry: not again)


async def test_a_message_shed_on_one_worker_is_shed_for_its_retries_on_another(redis_caches):
    overloaded, other = redis_caches(), redis_caches()

    async def produce() -> str:
        raise AssertionError("a shed message is not produced")

    assert await overloaded.shed("u:2", BUSY_REPLY)
    assert not await overloaded.shed("u:2", BUSY_REPLY)                     # known here now
    assert await overloaded.run("u:2", produce, 4.5, never_late) == BUSY_REPLY
    assert await other.run("u:2", produce, 4.5, never_late) == BUSY_REPLY


# -- configuration ---------------------------------------------------------------------------------

def test_config_yaml_defaults_are_valid_and_documented():
    config = AdmissionConfig.from_settings(load_settings(env={}))
    assert config.max_loop_lag > 0 and config.max_in_flight > 0 and config.probe > 0
    assert config == AdmissionConfig()          # config.yaml says what the code's defaults are


@pytest.mark.parametrize("section, named", [
    ({"max_loop_lag_ms": -1}, "max_loop_lag_ms"),
    ({"max_loop_lag_ms": "fast"}, "max_loop_lag_ms"),
    ({"max_in_flight": 2.5}, "max_in_flight"),
    ({"max_in_flight": True}, "max_in_flight"),
    ({"probe_ms": 0}, "probe_ms"),
    ({"max_inflight": 10}, "max_inflight"),
])
def test_invalid_settings_are_refused_naming_the_key(section, named):
    with pytest.raises(ConfigError, match=named):
        AdmissionConfig.from_settings(load_settings(env={}, admission=section))


def test_zero_turns_a_signal_off():
    config = AdmissionConfig.from_settings(load_settings(env={}, admission={"max_loop_lag_ms": 0,
                                                                            "max_in_flight": 0}))
    assert (config.max_loop_lag, config.max_in_flight) == (0, 0)


def test_serve_refuses_to_start_on_an_invalid_value(tmp_path, capsys):
    config = tmp_path / "config.yaml"
    config.write_text("admission:\n  max_in_flight: -5\n", encoding="utf-8")
    assert main(["serve", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "admission.max_in_flight" in err and "Traceback" not in err
