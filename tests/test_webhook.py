"""The webhook foundation: protocol, retries, the 5 s budget, paging, message types, commands."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from datetime import timedelta

import pytest
import xmltodict
from wechatpy.crypto import PrpCrypto

from bot.core.config import load_settings
from bot.core.session import Services
from bot.wechat.api import WeChatAPI
from bot.wechat.protocol import sign
from tests.fake_wechat import APPID as FAKE_APPID
from tests.conftest import REDIS_URL
from tests.fake_wechat import SECRET as FAKE_SECRET
from tests.harness import APPID, TOKEN, BotHarness
from tests.helpers import Clock, wait_for
from tests.stub_handlers import EchoQA, FlowStub


def stubs():
    return [EchoQA(),
            FlowStub("signup", {"报名": "start", "我的报名": "other", "取消报名": "other"}),
            FlowStub("quiz", {"答题": "start", "错题本": "other", "排行榜": "other"}, idle_timeout=1800)]


def start(tmp_path, *, handlers=None, clock=None, settings=None, **kw):
    handlers = handlers or stubs()
    services = Services(settings=load_settings(env={}), clock=clock or Clock())
    return BotHarness.start(tmp_path, handlers=handlers, services=services, settings=settings, **kw)


# -- verification and signatures ----------------------------------------------------------

async def test_get_verification_returns_echostr(tmp_path):
    async with start(tmp_path) as bot:
        q = {"signature": sign(TOKEN, "1700000000", "abc"), "timestamp": "1700000000",
             "nonce": "abc", "echostr": "hello123"}
        resp = await bot.client.get("/wechat", params=q)
        assert resp.status == 200 and await resp.text() == "hello123"
        q["signature"] = "0" * 40
        resp = await bot.client.get("/wechat", params=q)
        assert resp.status == 403
        resp = await bot.client.get("/wechat", params={"echostr": "x"})
        assert resp.status == 403


async def test_healthz(tmp_path):
    async with start(tmp_path) as bot:
        resp = await bot.client.get("/healthz")
        assert resp.status == 200 and (await resp.json())["status"] == "ok"
        # These stub services have no knowledge base: alive, but not ready for traffic.
        resp = await bot.client.get("/readyz")
        assert resp.status == 503 and (await resp.json())["down"] == ["knowledge"]


async def test_plain_round_trip(tmp_path):
    async with start(tmp_path) as bot:
        status, body = await bot.post(bot.sim.message_xml("oUser1", text="你好"))
        assert status == 200
        doc = xmltodict.parse(body)["xml"]
        assert doc["ToUserName"] == "oUser1" and doc["FromUserName"] == "gh_fenjin"
        assert doc["MsgType"] == "text" and doc["Content"] == "echo:你好"


async def test_aes_round_trip_with_independent_signature_check(tmp_path):
    async with start(tmp_path, aes=True) as bot:
        status, body = await bot.post(bot.sim.message_xml("oUser1", text="加密消息"), nonce="n0nce")
        assert status == 200
        outer = xmltodict.parse(body)["xml"]
        assert set(outer) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
        assert outer["Nonce"] == "n0nce"
        # Signature computed here by hand: sha1 of the sorted token, timestamp, nonce, ciphertext.
        parts = sorted([TOKEN, outer["TimeStamp"], outer["Nonce"], outer["Encrypt"]])
        assert hashlib.sha1("".join(parts).encode()).hexdigest() == outer["MsgSignature"]
        key = base64.b64decode(bot.settings.aes_key + "=")
        inner = xmltodict.parse(PrpCrypto(key).decrypt(outer["Encrypt"], APPID))["xml"]
        assert inner["Content"] == "echo:加密消息" and inner["ToUserName"] == "oUser1"


# -- bad input: 4xx, never 500 ------------------------------------------------------------

async def raw(bot, query, body):
    resp = await bot.client.post("/wechat", params=query, data=body)
    return resp.status


async def test_bad_inputs_plain(tmp_path):
    async with start(tmp_path) as bot:
        xml = bot.sim.message_xml("oUser1", text="hi")
        q, body = bot.sim.request(xml)
        assert await raw(bot, {**q, "signature": "f" * 40}, body) == 403
        assert await raw(bot, {k: v for k, v in q.items() if k != "signature"}, body) == 403
        assert await raw(bot, q, b"<xml><Content>unclosed") == 400
        assert await raw(bot, q, b"\xff\xfe not xml at all") == 400
        assert await raw(bot, q, b"") == 400
        assert await raw(bot, q, b"<xml><MsgType>text</MsgType></xml>") == 400       # no FromUserName
        assert await raw(bot, q, b"<notxml/>") == 400
        big = xml.replace("hi", "长" * 40000).encode()
        assert await raw(bot, q, big) == 413
        entity = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                  b"<xml><FromUserName>&a;</FromUserName><MsgType>text</MsgType></xml>")
        assert await raw(bot, q, entity) == 400
        assert bot.hook.router.handlers["qa"].calls == []


async def test_bad_inputs_safe_mode(tmp_path):
    async with start(tmp_path, aes=True) as bot:
        xml = bot.sim.message_xml("oUser1", text="hi")
        q, body = bot.sim.request(xml)
        assert await raw(bot, {**q, "msg_signature": "0" * 40}, body) == 403
        # A valid signature over garbage ciphertext.
        garbage = base64.b64encode(b"x" * 48).decode()
        bad_q = {**q, "msg_signature": sign(TOKEN, q["timestamp"], q["nonce"], garbage)}
        assert await raw(bot, bad_q, f"<xml><Encrypt>{garbage}</Encrypt></xml>".encode()) == 400
        not_b64 = "@@@not-base64@@@"
        bad_q = {**q, "msg_signature": sign(TOKEN, q["timestamp"], q["nonce"], not_b64)}
        assert await raw(bot, bad_q, f"<xml><Encrypt>{not_b64}</Encrypt></xml>".encode()) == 400
        # Encrypted for another account: the appid inside does not match.
        key = base64.b64decode(bot.settings.aes_key + "=")
        other = PrpCrypto(key).encrypt(xml, "wxOTHERAPPID000000").decode()
        bad_q = {**q, "msg_signature": sign(TOKEN, q["timestamp"], q["nonce"], other)}
        assert await raw(bot, bad_q, f"<xml><Encrypt>{other}</Encrypt></xml>".encode()) == 400
        # Plain callbacks are refused once an AES key is configured.
        pq, pbody = bot.sim.request(xml, encrypt=False)
        assert await raw(bot, pq, pbody) == 400
        assert bot.hook.router.handlers["qa"].calls == []


async def test_replayed_old_callback_is_refused(tmp_path):
    import time
    async with start(tmp_path) as bot:
        xml = bot.sim.message_xml("oUser1", text="hi")
        old = str(int(time.time()) - 301)
        q, body = bot.sim.request(xml, timestamp=old)
        assert await raw(bot, q, body) == 403
        q, body = bot.sim.request(xml, timestamp="not-a-number")
        assert await raw(bot, q, body) == 403
        q, body = bot.sim.request(xml, timestamp=str(int(time.time()) - 200))   # ordinary clock skew
        assert await raw(bot, q, body) == 200
        assert bot.hook.router.handlers["qa"].calls == ["hi"]
        assert bot.hook.replies.ttl >= 2 * 300


async def test_handler_crash_is_a_polite_reply_not_a_500(tmp_path):
    async with start(tmp_path) as bot:
        reply = await bot.text("oUser1", "boom")
        assert "抱歉" in reply and "菜单" in reply


async def test_reply_escaping_cannot_break_the_xml(tmp_path):
    evil = "a]]></Content><MsgType><![CDATA[image]]></MsgType><Content><![CDATA[b"
    for aes in (False, True):
        async with start(tmp_path, aes=aes) as bot:
            status, body = await bot.post(bot.sim.message_xml("oUser1", text=evil))
            assert status == 200
            assert bot.sim.read_reply(body) == "echo:" + evil
            if not aes:
                doc = xmltodict.parse(body)["xml"]
                assert doc["MsgType"] == "text"


# -- retries -------------------------------------------------------------------------------

async def test_retry_sequential_gets_same_reply_processed_once(tmp_path):
    async with start(tmp_path) as bot:
        xml = bot.sim.message_xml("oUser1", text="第一条", msg_id="9001")
        q, body = bot.sim.request(xml)
        replies = []
        for _ in range(3):
            resp = await bot.client.post("/wechat", params=q, data=body)
            replies.append(bot.sim.read_reply(await resp.text()))
        assert replies == ["echo:第一条"] * 3
        assert bot.hook.router.handlers["qa"].calls == ["第一条"]


async def test_retry_concurrent_while_first_is_running(tmp_path):
    async with start(tmp_path) as bot:
        xml = bot.sim.message_xml("oUser1", text="slow 0.3 并发", msg_id="9002")
        q, body = bot.sim.request(xml)

        async def deliver():
            resp = await bot.client.post("/wechat", params=q, data=body)
            return bot.sim.read_reply(await resp.text())

        first = asyncio.create_task(deliver())
        await wait_for(lambda: bot.hook.router.handlers["qa"].calls)     # the first is being handled
        results = await asyncio.gather(first, deliver(), deliver())
        assert results == ["echo:并发"] * 3
        assert bot.hook.router.handlers["qa"].calls == ["slow 0.3 并发"]


@pytest.mark.parametrize("shared", [False, True])
async def test_same_msgid_from_two_users_are_two_messages(tmp_path, shared):
    """MsgIds are not unique across users: B must never get A's reply (e.g. A's 「我的报名」)."""
    async with start(tmp_path, redis_url=REDIS_URL if shared else None) as bot:
        a = bot.sim.message_xml("oUserA", text="甲的报名记录", msg_id="4242")
        b = bot.sim.message_xml("oUserB", text="帮助", msg_id="4242")
        status, body = await bot.post(a)
        assert bot.sim.read_reply(body) == "echo:甲的报名记录"
        status, body = await bot.post(b)
        assert status == 200 and "甲" not in bot.sim.read_reply(body) and "\n1. " in bot.sim.read_reply(body)
        # A's retry still gets A's reply, once.
        status, body = await bot.post(a)
        assert bot.sim.read_reply(body) == "echo:甲的报名记录"
        assert bot.hook.router.handlers["qa"].calls == ["甲的报名记录"]


async def test_event_retry_deduped_by_user_and_create_time(tmp_path):
    signup = FlowStub("signup", {"报名": "start"})
    async with start(tmp_path, handlers=[EchoQA(), signup]) as bot:
        xml = bot.sim.message_xml("oUser1", "event", event="CLICK", event_key="SIGNUP", create_time=1700000000)
        q, body = bot.sim.request(xml)
        for _ in range(2):
            resp = await bot.client.post("/wechat", params=q, data=body)
            assert bot.sim.read_reply(await resp.text()) == "signup:started"
        assert signup.seen == [("start", "")]
        # Same second, another user: a different event.
        assert await bot.event("oUser2", "CLICK", "SIGNUP") == "signup:started"


# -- the 5-second budget ----------------------------------------------------------------------

async def test_late_reply_goes_out_through_customer_service_api(tmp_path, fake_wechat):
    api = WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET)
    async with start(tmp_path, api=api, settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        xml = bot.sim.message_xml("oLate", text="slow 0.5 迟到的回复", msg_id="9100")
        q, body = bot.sim.request(xml)
        resp = await bot.client.post("/wechat", params=q, data=body)
        assert await resp.text() == "success"
        # WeChat's retry while the reply is still being made: still "success", not processed again.
        resp = await bot.client.post("/wechat", params=q, data=body)
        assert await resp.text() == "success"
        await bot.hook.replies.drain()
        assert [(m["touser"], m["text"]["content"]) for m in fake_wechat.sent] == [("oLate", "echo:迟到的回复")]
        assert bot.hook.router.handlers["qa"].calls == ["slow 0.5 迟到的回复"]
        # A retry after delivery gets "success" too: the user never sees the reply twice.
        resp = await bot.client.post("/wechat", params=q, data=body)
        assert await resp.text() == "success"
        # Delivered: nothing is kept for the next message.
        assert await bot.text("oLate", "下一条") == "echo:下一条"


async def test_late_reply_is_kept_past_a_message_that_gets_no_reply(tmp_path):
    async with start(tmp_path, settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        assert await bot.text("oLate", "slow 0.4 别丢了") == ""
        await bot.hook.replies.drain()
        assert await bot.event("oLate", "VIEW", "http://example.invalid") == ""    # no reply to carry it
        assert "echo:别丢了" in await bot.text("oLate", "在吗")


async def test_late_reply_kept_when_api_says_retry_later(tmp_path, fake_wechat):
    api = WeChatAPI(fake_wechat.base_url, FAKE_APPID, FAKE_SECRET)
    fake_wechat.fail_next(45047)
    async with start(tmp_path, api=api, settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        assert await bot.text("oLate", "slow 0.4 配额用完") == ""
        await bot.hook.replies.drain()
        assert fake_wechat.sent == []
        reply = await bot.text("oLate", "你好")
        assert "echo:配额用完" in reply and reply.endswith("echo:你好")


async def test_late_reply_without_app_secret_comes_with_next_message(tmp_path):
    async with start(tmp_path, settings={"server": {"reply_budget_seconds": 0.2}}) as bot:
        assert await bot.text("oLate", "slow 0.4 慢慢来") == ""
        await bot.hook.replies.drain()
        reply = await bot.text("oLate", "在吗")
        assert reply.index("echo:慢慢来") < reply.index("echo:在吗")
        assert "上一条消息" in reply
        # Handed out once only.
        assert "慢慢来" not in await bot.text("oLate", "再来")


# -- paging --------------------------------------------------------------------------------------

async def test_long_reply_is_paged_with_more(tmp_path):
    async with start(tmp_path) as bot:
        first = await bot.text("oUser1", "long 60")
        assert len(first.encode()) <= 2000
        assert "第1/" in first and "更多" in first
        total = int(first.split("第1/")[1].split("页")[0])
        assert total >= 3
        pages = [first]
        for _ in range(total - 1):
            page = await bot.text("oUser1", "更多")
            assert len(page.encode()) <= 2000
            pages.append(page)
        assert pages[-1].endswith(f"（第{total}/{total}页，完）")
        body = "\n".join(p.rsplit("\n", 1)[0] for p in pages)
        assert all(f"第{i}行" in body for i in range(60))
        assert "没有更多" in await bot.text("oUser1", "更多")


# -- message and event types -----------------------------------------------------------------------

async def test_message_and_event_types(tmp_path):
    async with start(tmp_path) as bot:
        assert await bot.voice("oUser1", "语音问题") == "echo:语音问题"
        empty_voice = await bot.voice("oUser1", "")
        assert "没能听清" in empty_voice and "\n1. " in empty_voice
        assert "没能听清" in await bot.voice("oUser1", None)
        for kind in ("image", "video", "location", "link", "shortvideo"):
            reply = await bot.send("oUser1", kind)
            assert "文字和语音" in reply and "\n2. 报名参赛" in reply, kind
        welcome = await bot.event("oNew", "subscribe")
        assert "欢迎关注" in welcome and "\n1. " in welcome
        assert await bot.event("oNew", "unsubscribe") == ""
        assert "欢迎回来" in await bot.event("oNew", "SCAN", "123")
        assert await bot.event("oNew", "CLICK", "SIGNUP") == "signup:started"
        assert await bot.event("oNew", "CLICK", "QUIZ") == "quiz:started"
        assert "直接发送您想问的问题" in await bot.event("oNew", "CLICK", "QA")
        assert "\n1. " in await bot.event("oNew", "CLICK", "NO_SUCH_KEY")
        assert await bot.event("oNew", "VIEW", "http://example.invalid") == ""
        assert bot.hook.router.handlers["qa"].calls == ["语音问题"]


async def test_empty_voice_inside_a_flow_asks_to_type_and_keeps_the_flow(tmp_path):
    async with start(tmp_path) as bot:
        await bot.text("oUser1", "答题")
        reply = await bot.voice("oUser1", "")
        assert "没能听清" in reply and "打字" in reply and "\n2. 报名参赛" not in reply
        assert await bot.text("oUser1", "B") == "quiz:step2:B"


async def test_idle_single_digit_drives_the_menu(tmp_path):
    async with start(tmp_path) as bot:
        assert "直接发送您想问的问题" in await bot.text("oUser1", "1")
        assert await bot.text("oUser1", "2") == "signup:started"
        await bot.text("oUser1", "退出")
        assert await bot.text("oUser1", "4") == "quiz:started"
        await bot.text("oUser1", "退出")
        assert "没有第9项" in await bot.text("oUser1", "9")


# -- global commands from every state -------------------------------------------------------------

@pytest.mark.parametrize("state", ["idle", "signup", "quiz"])
async def test_global_commands_work_in_every_state(tmp_path, state):
    handlers = stubs()
    qa, signup, quiz = handlers
    async with start(tmp_path, handlers=handlers) as bot:
        async def enter():
            if state != "idle":
                await bot.text("u", "报名" if state == "signup" else "答题")

        for word in ("帮助", "菜单"):
            await enter()
            reply = await bot.text("u", word)
            assert "\n2. 报名参赛" in reply
            if state != "idle":
                assert "未完成" in reply
                # Help does not abandon the flow: the next message still goes to it.
                assert (await bot.text("u", "继续")).startswith(f"{state}:step")
            await bot.text("u", "退出")
        for word in ("退出", "取消", "退 出！", "退齣"):
            await enter()
            reply = await bot.text("u", word)
            if state == "idle":
                assert "没有进行中的操作" in reply
            else:
                assert reply.startswith(f"{state}:cancelled")
                assert (await bot.text("u", "随便说")) == "echo:随便说"     # back to idle: Q&A
        await enter()
        assert await bot.text("u", "报名") == "signup:started"
        await enter()
        assert await bot.text("u", "我的报名") == "signup:other:"
        await enter()
        assert await bot.text("u", "取消报名 3") == "signup:other:3"
        await enter()
        assert await bot.text("u", "取消報名 bm000042") == "signup:other:BM000042"
        await enter()
        assert await bot.text("u", "取消报名 三") == "signup:other:三"
        await enter()
        assert await bot.text("u", "我的報名") == "signup:other:"
        await enter()
        assert await bot.text("u", "答题") == "quiz:started"
        await enter()
        assert await bot.text("u", "错题本") == "quiz:other:"


async def test_a_flow_can_pass_a_message_on(tmp_path):
    async with start(tmp_path) as bot:
        await bot.text("u", "报名")
        assert await bot.text("u", "not mine") == "echo:not mine"      # left the flow, went to Q&A
        assert await bot.text("u", "next") == "echo:next"


async def test_flow_keeps_messages_and_expires_when_idle(tmp_path):
    clock = Clock()
    async with start(tmp_path, clock=clock) as bot:
        await bot.text("u", "答题")
        assert await bot.text("u", "A") == "quiz:step2:A"
        clock.now += timedelta(minutes=29)
        assert await bot.text("u", "B") == "quiz:step3:B"
        clock.now += timedelta(minutes=31)
        reply = await bot.text("u", "C")
        assert reply == "quiz:expired\n\necho:C"


async def test_redis_state_survives_restart(tmp_path):
    async with start(tmp_path, redis_url=REDIS_URL) as bot:
        await bot.text("u", "报名")
        assert await bot.text("u", "张三") == "signup:step2:张三"
        await bot.restart()
        assert await bot.text("u", "男") == "signup:step3:男"
    async with start(tmp_path) as bot:            # memory state: a restart forgets
        await bot.text("u", "报名")
        await bot.restart()
        assert await bot.text("u", "男") == "echo:男"


# -- logs ----------------------------------------------------------------------------------------

async def test_one_log_line_per_message_without_personal_numbers(tmp_path, caplog):
    from bot.core.logs import JsonFormatter
    caplog.set_level(logging.INFO)
    async with start(tmp_path) as bot:
        await bot.text("oSecretOpenId123", "我的手机13800138000 身份证11010519491231002X")
    records = [r for r in caplog.records if getattr(r, "fields", {}).get("event") == "message"]
    assert len(records) == 1
    fields = records[0].fields
    assert fields["type"] == "text" and fields["handler"] == "qa" and fields["outcome"] == "ok"
    assert fields["latency_ms"] >= 0 and fields["user"].startswith("u") and "oSecret" not in fields["user"]
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "13800138000" not in text and "11010519491231002X" not in text and "oSecretOpenId123" not in text


async def test_retry_reaching_another_worker_is_not_processed_twice(tmp_path):
    """Two workers sharing Redis (a prefecture deployment): the retry lands on the second."""
    qa1, qa2 = EchoQA(), EchoQA()
    async with start(tmp_path, redis_url=REDIS_URL, handlers=[qa1]) as w1, \
            start(tmp_path, redis_url=REDIS_URL, handlers=[qa2]) as w2:
        w2.redis_prefix = w1.redis_prefix
        await w2.restart()                        # same Redis keys as worker 1
        w2.hook.router.handlers["qa"] = qa2
        xml = w1.sim.message_xml("oUser1", text="slow 0.3 两个进程", msg_id="9300")
        q, body = w1.sim.request(xml)

        async def deliver(bot):
            resp = await bot.client.post("/wechat", params=q, data=body)
            return bot.sim.read_reply(await resp.text())

        first = asyncio.create_task(deliver(w1))
        await wait_for(lambda: qa1.calls)                                # worker 1 is handling it
        assert await asyncio.gather(first, deliver(w2)) == ["echo:两个进程"] * 2
        assert await deliver(w2) == "echo:两个进程"            # a later retry, answered from Redis
        assert qa1.calls == ["slow 0.3 两个进程"] and qa2.calls == []
