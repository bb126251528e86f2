"""A fake WeChat API server (aiohttp) on loopback, for tests of everything that calls WeChat.

It implements the three endpoints the bot uses, with WeChat's rules and errcodes:

- POST /cgi-bin/stable_token: checks appid/secret; normal mode returns the current token while it
  is valid, force_refresh issues a new one and invalidates the old one. Every request body is kept
  in `.token_calls`.
- POST /cgi-bin/message/custom/send?access_token=: checks the token (41001 missing, 40001 invalid,
  42001 expired) and the message; records accepted messages in `.sent`.
- POST /cgi-bin/menu/create?access_token=: checks the token and button counts/name sizes; records
  accepted menus in `.menus`.

Test controls: `.fail_next(errcode, times=1, api="send")`, `.delay` (seconds before every answer),
`.invalidate_tokens()`, `.expire_tokens()`, `.raw_bodies` (the bytes as received, per api).

Use the `fake_wechat` fixture, or `async with FakeWeChat() as fake:`.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict

import pytest_asyncio
from aiohttp import web

APPID = "wx-fake-appid"
SECRET = "fake-app-secret"

_ERRMSG = {
    0: "ok",
    40001: "invalid credential, access_token is invalid or not latest",
    40003: "invalid openid",
    40008: "invalid message type",
    40013: "invalid appid",
    40016: "invalid button size",
    40018: "invalid button name size",
    40023: "invalid sub button size",
    40125: "invalid appsecret",
    41001: "access_token missing",
    42001: "access_token expired",
    44002: "empty post data",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of response count limit",
    47001: "data format error",
    48001: "api unauthorized",
}


def _answer(errcode: int, **extra) -> web.Response:
    body = {"errcode": errcode, "errmsg": _ERRMSG.get(errcode, "fake error"), **extra}
    # WeChat answers JSON with a text/plain content type; the client must not depend on the header.
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="text/plain")


class FakeWeChat:
    def __init__(self, appid: str = APPID, secret: str = SECRET, expires_in: int = 7200) -> None:
        self.appid = appid
        self.secret = secret
        self.expires_in = expires_in
        self.delay = 0.0
        self.token_calls: list[dict] = []
        self.sent: list[dict] = []
        self.menus: list[dict] = []
        self.raw_bodies: dict[str, list[bytes]] = defaultdict(list)
        self.base_url = ""
        self._tokens: dict[str, str] = {}      # token -> "valid" | "expired" | "invalid"
        self._current: str | None = None
        self._serial = itertools.count(1)
        self._failures: dict[str, list[int]] = defaultdict(list)
        self._runner: web.AppRunner | None = None

    # ---- controls -----------------------------------------------------------------------

    def fail_next(self, errcode: int, times: int = 1, api: str = "send") -> None:
        """Answer the next `times` calls of `api` ("send", "menu" or "token") with `errcode`.

        For "send" and "menu" the token is checked first, as WeChat does."""
        if api not in ("send", "menu", "token"):
            raise ValueError(f"unknown api {api!r}")
        self._failures[api].extend([errcode] * times)

    def invalidate_tokens(self) -> None:
        """Every issued token is rejected with 40001 (as after a force refresh elsewhere)."""
        self._set_all("invalid")

    def expire_tokens(self) -> None:
        """Every issued token is rejected with 42001."""
        self._set_all("expired")

    @property
    def valid_tokens(self) -> list[str]:
        return [t for t, state in self._tokens.items() if state == "valid"]

    def _set_all(self, state: str) -> None:
        for token in self._tokens:
            self._tokens[token] = state
        self._current = None

    # ---- server -------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/cgi-bin/stable_token", self._stable_token)
        app.router.add_post("/cgi-bin/message/custom/send", self._custom_send)
        app.router.add_post("/cgi-bin/menu/create", self._menu_create)
        return app

    async def start(self) -> "FakeWeChat":
        self._runner = web.AppRunner(self.app(), access_log=None)  # its lines would carry tokens
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeWeChat":
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    # ---- handlers -----------------------------------------------------------------------

    async def _read(self, request: web.Request, api: str) -> dict | None:
        raw = await request.read()
        self.raw_bodies[api].append(raw)
        if self.delay:
            await asyncio.sleep(self.delay)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        return body if isinstance(body, dict) else None

    def _check_token(self, request: web.Request) -> int:
        token = request.query.get("access_token", "")
        if not token:
            return 41001
        state = self._tokens.get(token)
        if state == "valid":
            return 0
        return 42001 if state == "expired" else 40001

    def _injected(self, api: str) -> int:
        return self._failures[api].pop(0) if self._failures[api] else 0

    async def _stable_token(self, request: web.Request) -> web.Response:
        body = await self._read(request, "token")
        if body is None:
            return _answer(47001)
        self.token_calls.append(body)
        if errcode := self._injected("token"):
            return _answer(errcode)
        if body.get("grant_type") != "client_credential":
            return _answer(47001)
        if body.get("appid") != self.appid:
            return _answer(40013)
        if body.get("secret") != self.secret:
            return _answer(40125)
        if body.get("force_refresh") or self._current is None:
            if self._current is not None:
                self._tokens[self._current] = "invalid"
            self._current = f"fake-token-{next(self._serial)}"
            self._tokens[self._current] = "valid"
        return web.json_response({"access_token": self._current, "expires_in": self.expires_in})

    async def _custom_send(self, request: web.Request) -> web.Response:
        body = await self._read(request, "send")
        if errcode := self._check_token(request):
            return _answer(errcode)
        if errcode := self._injected("send"):
            return _answer(errcode)
        if body is None:
            return _answer(44002)
        if not body.get("touser"):
            return _answer(40003)
        if body.get("msgtype") != "text" or not isinstance(body.get("text"), dict) \
                or not body["text"].get("content"):
            return _answer(40008)
        self.sent.append(body)
        return _answer(0)

    async def _menu_create(self, request: web.Request) -> web.Response:
        body = await self._read(request, "menu")
        if errcode := self._check_token(request):
            return _answer(errcode)
        if errcode := self._injected("menu"):
            return _answer(errcode)
        if body is None:
            return _answer(44002)
        if errcode := _menu_errcode(body):
            return _answer(errcode)
        self.menus.append(body)
        return _answer(0)


def _menu_errcode(menu: dict) -> int:
    buttons = menu.get("button")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        return 40016
    for button in buttons:
        if not 1 <= len(button.get("name", "").encode("utf-8")) <= 16:
            return 40018
        subs = button.get("sub_button")
        if subs is None:
            continue
        if not 1 <= len(subs) <= 5:
            return 40023
        for sub in subs:
            if not 1 <= len(sub.get("name", "").encode("utf-8")) <= 60:
                return 40018
    return 0


@pytest_asyncio.fixture
async def fake_wechat():
    """A running FakeWeChat on 127.0.0.1 (random port); `.base_url`, `.sent`, `.menus`, ..."""
    async with FakeWeChat() as fake:
        yield fake
