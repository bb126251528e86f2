"""End-to-end harness: the real app on a loopback test server, driven through signed
(and, with aes=True, encrypted) WeChat callbacks built by bot.wechat.simulator.

    async with BotHarness.start(tmp_path) as bot:
        reply = await bot.text("openid1", "报名")
"""
from __future__ import annotations

import base64
import contextlib
import os
import uuid
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.core.config import load_settings
from bot.storage.state import RedisStateStore, make_state_store
from bot.wechat.app import BOT_KEY, create_app
from bot.wechat.simulator import WeChatSimulator

TOKEN = "test-token"
APPID = "wx5823bf96d3bd56c7"


def new_aes_key() -> str:
    return base64.b64encode(os.urandom(32)).decode().rstrip("=")


class BotHarness:
    def __init__(self, tmp_path: Path, *, db_url: str | None = None, redis_url: str | None = None,
                 aes: bool = False, clock=None, handlers=None, services=None, api=None,
                 settings: dict | None = None):
        overrides = {
            "wechat": {"token": TOKEN, "appid": APPID, "aes_key": new_aes_key() if aes else "",
                       "appsecret": ""},
            "storage": {"database_url": db_url or f"sqlite:///{tmp_path}/bot.db",
                        "redis_url": redis_url or ""},
            # Scripted conversations type faster than anyone: the per-user limit has its own tests.
            "limits": {"messages_per_minute": 0},
            # Tests share a busy machine: a descheduled test process would look overloaded and its
            # messages be shed. Admission control has its own tests (tests/test_admission.py).
            "admission": {"max_loop_lag_ms": 0, "max_in_flight": 0},
        }
        for section, values in (settings or {}).items():
            overrides.setdefault(section, {}).update(values)
        self.settings = load_settings(env={}, **overrides)
        self.sim = WeChatSimulator(TOKEN, APPID, self.settings.aes_key)
        self.redis_prefix = f"fenjin-test-{uuid.uuid4().hex[:8]}"
        self._kwargs = dict(clock=clock, handlers=handlers, services=services, api=api)
        self.client: TestClient | None = None

    @classmethod
    @contextlib.asynccontextmanager
    async def start(cls, tmp_path: Path, **kwargs):
        bot = cls(tmp_path, **kwargs)
        await bot._up()
        try:
            yield bot
        finally:
            await bot._down()

    def _store(self):
        if self.settings.redis_url:
            return RedisStateStore(self.settings.redis_url, prefix=self.redis_prefix)
        return make_state_store("", self.settings.section("memory"))     # bounded as the app's own

    async def _up(self) -> None:
        app = create_app(self.settings, store=self._store(), **self._kwargs)
        self.client = TestClient(TestServer(app))
        await self.client.start_server()

    async def _down(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    async def restart(self) -> None:
        """A new process, as after a crash: same database and Redis, fresh memory."""
        await self._down()
        await self._up()

    @property
    def hook(self):
        return self.client.app[BOT_KEY]["hook"]

    # -- raw access -------------------------------------------------------------------
    async def post(self, xml: str, **request_kwargs) -> tuple[int, str]:
        query, body = self.sim.request(xml, **request_kwargs)
        resp = await self.client.post("/wechat", params=query, data=body)
        return resp.status, await resp.text()

    async def send(self, user: str, kind: str = "text", **fields) -> str:
        status, body = await self.post(self.sim.message_xml(user, kind, **fields))
        assert status == 200, (status, body)
        return self.sim.read_reply(body)

    # -- what users do -----------------------------------------------------------------
    async def text(self, user: str, content: str) -> str:
        return await self.send(user, "text", text=content)

    async def voice(self, user: str, recognition: str | None) -> str:
        return await self.send(user, "voice", recognition=recognition)

    async def event(self, user: str, event: str, key: str = "") -> str:
        return await self.send(user, "event", event=event, event_key=key)


async def not_answered_directly(tmp_path: Path, asked: list[tuple[str, list[str]]]) -> list[str]:
    """Of ``(question, fragments)`` pairs, each sent by a new user, those whose reply is a suggestion
    list, the fallback, or lacks a fragment before the related questions (a fact offered only as a
    question to pick is not an answer); as lines to fail a test with."""
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (question, fragments) in enumerate(asked):
            reply = await bot.text(f"asker{i}", question)
            answer = reply.split("相关问题：")[0]
            if "您是不是想问" in reply or "抱歉" in reply or not all(f in answer for f in fragments):
                failures.append(f"{question} -> {reply[:60]!r}")
    return failures
