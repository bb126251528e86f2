"""bot.wechat.api against the fake WeChat server on loopback (no mocked HTTP client)."""
from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.core.privacy import short_user
from bot.wechat.api import NETWORK_ERROR, SendResult, WeChatAPI, WeChatAPIError
from tests.fake_wechat import (  # the fake_wechat fixture comes via conftest
    APPID,
    SECRET,
    FakeWeChat,
)
from tests.helpers import Clock, free_port

OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
TEXT = "报名已收到：扎西，语言文字类。发送「我的报名」查看。"


@pytest.fixture
def clock():
    return Clock(1000.0)           # WeChatAPI reads a monotonic clock: seconds, not a datetime


@pytest.fixture
async def api(fake_wechat, clock):
    client = WeChatAPI(fake_wechat.base_url, APPID, SECRET, clock=clock)
    yield client
    await client.close()


# ---- access token ---------------------------------------------------------------------------

async def test_token_is_fetched_once_and_cached(api, fake_wechat):
    first = await api.access_token()
    second = await api.access_token()
    assert first == second
    assert fake_wechat.token_calls == [
        {"grant_type": "client_credential", "appid": APPID, "secret": SECRET, "force_refresh": False}
    ]


async def test_concurrent_callers_share_one_token_request(api, fake_wechat):
    fake_wechat.delay = 0.05   # keep the first request in flight while the others arrive
    tokens = await asyncio.gather(*(api.access_token() for _ in range(50)))
    assert len(set(tokens)) == 1
    assert len(fake_wechat.token_calls) == 1


async def test_concurrent_sends_share_one_token_request(api, fake_wechat):
    results = await asyncio.gather(*(api.send_text(f"user-{i}", f"第{i}条") for i in range(50)))
    assert all(r.ok for r in results)
    assert len(fake_wechat.token_calls) == 1
    assert sorted(m["touser"] for m in fake_wechat.sent) == sorted(f"user-{i}" for i in range(50))


async def test_token_is_refreshed_five_minutes_before_expiry(api, fake_wechat, clock):
    await api.access_token()
    clock.now += 7200 - 301
    await api.access_token()
    assert len(fake_wechat.token_calls) == 1
    clock.now += 2          # now inside the last five minutes
    await api.access_token()
    assert len(fake_wechat.token_calls) == 2
    assert fake_wechat.token_calls[-1]["force_refresh"] is False
    await api.access_token()
    assert len(fake_wechat.token_calls) == 2


async def test_failed_early_refresh_keeps_using_the_still_valid_token(api, fake_wechat, clock):
    token = await api.access_token()
    clock.now += 7200 - 60
    fake_wechat.fail_next(-1, api="token")
    assert await api.access_token() == token
    assert (await api.send_text(OPENID, TEXT)).ok


async def test_failed_refresh_after_expiry_raises(api, fake_wechat, clock):
    await api.access_token()
    clock.now += 7200
    fake_wechat.fail_next(-1, api="token")
    with pytest.raises(WeChatAPIError) as info:
        await api.access_token()
    assert info.value.errcode == -1


async def test_force_refresh_gets_a_new_token(api, fake_wechat):
    old = await api.access_token()
    new = await api.access_token(force=True)
    assert new != old
    assert fake_wechat.token_calls[-1]["force_refresh"] is True
    assert await api.access_token() == new


async def test_wrong_secret_is_a_clear_error(fake_wechat):
    client = WeChatAPI(fake_wechat.base_url, APPID, "wrong")
    try:
        with pytest.raises(WeChatAPIError, match="40125"):
            await client.access_token()
        result = await client.send_text(OPENID, TEXT)
        assert result == SendResult(ok=False, errcode=40125, keep=True, reason="failed")
    finally:
        await client.close()


# ---- send_text ------------------------------------------------------------------------------

async def test_send_text_posts_utf8_json(api, fake_wechat):
    result = await api.send_text(OPENID, TEXT)
    assert result == SendResult(ok=True, errcode=0, keep=False, reason="sent")
    assert fake_wechat.sent == [{"touser": OPENID, "msgtype": "text", "text": {"content": TEXT}}]
    raw = fake_wechat.raw_bodies["send"][0]
    assert TEXT.encode("utf-8") in raw      # not \uXXXX escapes


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
async def test_rejected_token_is_force_refreshed_and_the_send_retried_once(api, fake_wechat, errcode):
    await api.access_token()
    fake_wechat.fail_next(errcode)
    result = await api.send_text(OPENID, TEXT)
    assert result.ok
    assert len(fake_wechat.sent) == 1
    assert [c["force_refresh"] for c in fake_wechat.token_calls] == [False, True]


async def test_expired_token_on_the_server_is_renewed(api, fake_wechat):
    await api.access_token()
    fake_wechat.expire_tokens()
    assert (await api.send_text(OPENID, TEXT)).ok
    assert len(fake_wechat.token_calls) == 2


async def test_token_rejected_twice_gives_up_after_one_retry(api, fake_wechat):
    fake_wechat.fail_next(40001, times=2)
    result = await api.send_text(OPENID, TEXT)
    assert result == SendResult(ok=False, errcode=40001, keep=True, reason="failed")
    assert len(fake_wechat.token_calls) == 2
    assert len(fake_wechat.raw_bodies["send"]) == 2


async def test_concurrent_rejections_share_one_forced_refresh(api, fake_wechat):
    await api.access_token()
    fake_wechat.invalidate_tokens()
    results = await asyncio.gather(*(api.send_text(f"user-{i}", "好") for i in range(10)))
    assert all(r.ok for r in results)
    # One initial fetch and one forced refresh: a second forced refresh would invalidate the first.
    assert [c["force_refresh"] for c in fake_wechat.token_calls] == [False, True]
    assert len(fake_wechat.sent) == 10


async def test_user_outside_48_hours_is_kept_for_their_next_message(api, fake_wechat, caplog):
    caplog.set_level(logging.INFO, logger="bot.wechat.api")
    fake_wechat.fail_next(45015)
    result = await api.send_text(OPENID, TEXT)
    assert result == SendResult(ok=False, errcode=45015, keep=True, reason="unreachable")
    assert short_user(OPENID) in caplog.text
    assert OPENID not in caplog.text and TEXT not in caplog.text


async def test_quota_exceeded_keeps_the_text_for_later(api, fake_wechat, caplog):
    caplog.set_level(logging.INFO, logger="bot.wechat.api")
    fake_wechat.fail_next(45047)
    result = await api.send_text(OPENID, TEXT)
    assert result == SendResult(ok=False, errcode=45047, keep=True, reason="retry_later")
    assert short_user(OPENID) in caplog.text
    assert OPENID not in caplog.text and TEXT not in caplog.text
    assert fake_wechat.sent == []


async def test_account_without_customer_service_api_keeps_the_text(api, fake_wechat):
    fake_wechat.fail_next(48001)
    result = await api.send_text(OPENID, TEXT)
    assert (result.ok, result.keep, result.reason) == (False, True, "retry_later")


async def test_other_errcode_is_a_failure_that_keeps_the_text(api, fake_wechat, caplog):
    fake_wechat.fail_next(40003)
    result = await api.send_text(OPENID, TEXT)
    assert result == SendResult(ok=False, errcode=40003, keep=True, reason="failed")
    assert "40003" in caplog.text and TEXT not in caplog.text


async def test_server_unreachable_is_a_failure_not_an_exception(clock):
    client = WeChatAPI(f"http://127.0.0.1:{free_port()}", APPID, SECRET, clock=clock)
    try:
        result = await client.send_text(OPENID, TEXT)
    finally:
        await client.close()
    assert result == SendResult(ok=False, errcode=NETWORK_ERROR, keep=True, reason="retry_later")


async def test_slow_server_times_out(fake_wechat, clock):
    client = WeChatAPI(fake_wechat.base_url, APPID, SECRET, clock=clock, timeout=0.2)
    try:
        await client.access_token()
        fake_wechat.delay = 1.0
        loop = asyncio.get_running_loop()
        started = loop.time()
        result = await client.send_text(OPENID, TEXT)
        assert loop.time() - started < 0.9
    finally:
        await client.close()
    assert (result.ok, result.errcode, result.keep) == (False, NETWORK_ERROR, True)


async def test_logs_carry_no_token_or_secret(api, fake_wechat, caplog):
    caplog.set_level(logging.DEBUG)
    fake_wechat.fail_next(40001)
    fake_wechat.fail_next(45047)
    await api.send_text(OPENID, TEXT)
    assert "fake-token" not in caplog.text
    assert SECRET not in caplog.text


# ---- create_menu and session ----------------------------------------------------------------

MENU = {"button": [{"type": "click", "name": "答题", "key": "QUIZ"}]}


async def test_create_menu(api, fake_wechat):
    await api.create_menu(MENU)
    assert fake_wechat.menus == [MENU]
    assert "答题".encode("utf-8") in fake_wechat.raw_bodies["menu"][0]


async def test_create_menu_renews_a_rejected_token(api, fake_wechat):
    await api.access_token()
    fake_wechat.invalidate_tokens()
    await api.create_menu(MENU)
    assert fake_wechat.menus == [MENU]


async def test_create_menu_failure_raises_with_errcode_and_errmsg(api, fake_wechat):
    with pytest.raises(WeChatAPIError) as info:
        await api.create_menu({"button": [{"type": "click", "name": "太长的菜单名字啊", "key": "QUIZ"}]})
    assert info.value.errcode == 40018
    assert "button name size" in str(info.value)
    assert fake_wechat.menus == []


async def test_create_menu_network_error_raises(clock):
    client = WeChatAPI(f"http://127.0.0.1:{free_port()}", APPID, SECRET, clock=clock)
    try:
        with pytest.raises(WeChatAPIError) as info:
            await client.create_menu(MENU)
    finally:
        await client.close()
    assert info.value.errcode == NETWORK_ERROR


async def test_a_given_session_is_used_and_left_open(fake_wechat):
    async with aiohttp.ClientSession() as session:
        client = WeChatAPI(fake_wechat.base_url, APPID, SECRET, session=session)
        assert (await client.send_text(OPENID, TEXT)).ok
        await client.close()
        assert not session.closed


async def test_fake_server_usable_as_context_manager():
    async with FakeWeChat(expires_in=60) as fake:
        client = WeChatAPI(fake.base_url, APPID, SECRET)
        try:
            assert (await client.send_text(OPENID, TEXT)).ok
        finally:
            await client.close()
    assert len(fake.sent) == 1
