"""Prometheus metrics at /metrics: what they count, and who may read them."""
from __future__ import annotations

import subprocess
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from bot.core.config import load_settings
from bot.core.session import Services
from bot.wechat.metrics import may_read_metrics
from tests.harness import BotHarness
from tests.stub_handlers import EchoQA
from tests.helpers import free_port
from tests.test_serve import ask, env_for, wait_healthy

ADMIN = "metrics-admin-token"
PARTLY = "日喀则一共有多少项比赛"        # the tally is Luolong's: the place asked of is said to be missing


def samples(text: str) -> dict[tuple, float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def test_metrics_count_messages_outcomes_and_latency(tmp_path):
    services = Services(settings=load_settings(env={}))
    settings = {"limits": {"messages_per_minute": 3}, "admin": {"token": ADMIN}}
    async with BotHarness.start(tmp_path, handlers=[EchoQA()], services=services, settings=settings) as bot:
        await bot.event("oA", "subscribe")
        await bot.text("oA", "你好")
        await bot.text("oA", "boom")                       # the handler fails: a busy reply
        await bot.text("oA", "再来")                       # over the limit
        resp = await bot.client.get("/metrics")
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/plain")
        got = samples(await resp.text())
    assert got[("fenjin_messages_total", (("outcome", "ok"), ("type", "text")))] == 1
    assert got[("fenjin_messages_total", (("outcome", "error"), ("type", "text")))] == 1
    assert got[("fenjin_messages_total", (("outcome", "rate-limited"), ("type", "text")))] == 1
    assert got[("fenjin_messages_total", (("outcome", "welcome"), ("type", "event:subscribe")))] == 1
    assert got[("fenjin_rate_limited_total", ())] == 1
    assert got[("fenjin_busy_replies_total", (("cause", "error"),))] == 1
    assert got[("fenjin_reply_seconds_count", ())] == 4


async def test_metrics_only_from_localhost_or_with_the_admin_token(tmp_path):
    services = Services(settings=load_settings(env={}))
    async with BotHarness.start(tmp_path, handlers=[EchoQA()], services=services,
                                settings={"admin": {"token": ADMIN}}) as bot:
        proxied = {"X-Forwarded-For": "203.0.113.9"}          # came through nginx: not local
        assert (await bot.client.get("/metrics", headers=proxied)).status == 403
        wrong = {**proxied, "Authorization": "Bearer nope"}
        assert (await bot.client.get("/metrics", headers=wrong)).status == 403
        right = {**proxied, "Authorization": f"Bearer {ADMIN}"}
        assert (await bot.client.get("/metrics", headers=right)).status == 200


def test_who_may_read_metrics():
    assert may_read_metrics("127.0.0.1", {}, "")
    assert may_read_metrics("::1", {}, "") and may_read_metrics("::ffff:127.0.0.1", {}, "")
    assert not may_read_metrics("192.0.2.1", {}, "")
    assert not may_read_metrics("192.0.2.1", {"Authorization": "Bearer x"}, "")      # no token set: no way in
    assert may_read_metrics("192.0.2.1", {"Authorization": f"Bearer {ADMIN}"}, ADMIN)
    assert not may_read_metrics(None, {}, ADMIN)


def test_multiprocess_mode_collects_from_the_directory(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (several workers), counts live in files there."""
    mp = tmp_path / "prom"
    mp.mkdir()
    port = free_port()
    env = {**env_for(tmp_path), "PROMETHEUS_MULTIPROC_DIR": str(mp)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_healthy(port, proc)
        ask(port, "菜单")
        ask(port, "菜单", user="oServe2")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            got = samples(r.read().decode())
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
    assert got[("fenjin_messages_total", (("outcome", "menu"), ("type", "text")))] == 2
    assert list(mp.glob("counter_*.db"))


async def test_an_answer_that_says_part_is_missing_is_counted_as_partial(tmp_path):
    """The real Q&A: 「X我这里没有资料」 then what the entry has is a "partial" outcome, not an
    "answer" (nor a "fallback"), in the metrics and in the unanswered log alike."""
    async with BotHarness.start(tmp_path, settings={"admin": {"token": ADMIN}}) as bot:
        reply = await bot.text("oP", PARTLY)
        assert "我这里没有资料" in reply and "33项" in reply
        await bot.text("oQ", PARTLY)                          # told again from the kept answers: counted too
        got = samples(await (await bot.client.get("/metrics")).text())
        unanswered = bot.hook.services.unanswered
        await unanswered.flush()
        logged = [(r.question, r.outcome, r.candidates) for r in await unanswered.fetch()]
    assert got[("fenjin_messages_total", (("outcome", "partial"), ("type", "text")))] == 2
    assert ("fenjin_messages_total", (("outcome", "fallback"), ("type", "text"))) not in got
    assert logged == [(PARTLY, "partial", "f02")] * 2
