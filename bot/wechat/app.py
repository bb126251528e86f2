"""The aiohttp web app: /wechat (verification + callbacks) and /healthz.

Per callback: protocol.decode -> ReplyCache (retries, 5 s budget) -> router.dispatch -> protocol.encode.
"""
from __future__ import annotations

import logging
import time

from aiohttp import web

from bot.core.config import Settings
from bot.core.logs import log_event
from bot.core.messages import Message, Reply
from bot.core.privacy import short_user
from bot.core.session import Services
from bot.services import build_services, default_handlers
from bot.storage.state import StateStore, make_state_store
from bot.wechat.api import WeChatAPI
from bot.wechat.dedupe import make_reply_cache
from bot.wechat.menu import CLICK_COMMANDS
from bot.wechat.protocol import Protocol, ProtocolError, Query
from handlers.base import Handler
from handlers.router import Router

log = logging.getLogger("bot.webhook")

BOT_KEY = web.AppKey("bot", dict)
SORRY = "抱歉，系统有点忙，请稍后再发一次。发送「菜单」看看我能做什么。"


class Webhook:
    def __init__(self, settings: Settings, services: Services, store: StateStore,
                 handlers: list[Handler], api=None):
        server = settings.section("server")
        self.settings = settings
        self.services = services
        self.store = store
        max_skew = float(server.get("max_clock_skew_seconds", 300))
        self.protocol = Protocol(settings.token, settings.appid, settings.aes_key, max_skew=max_skew)
        self.router = Router(services, store, handlers,
                             idle_timeout=float(settings.get("conversation", "idle_timeout_seconds", 1800)),
                             reply_max_bytes=int(server.get("reply_max_bytes", 2000)),
                             click_commands=CLICK_COMMANDS)
        self.budget = float(server.get("reply_budget_seconds", 4.5))
        # Retries must be remembered longer than a replay could still pass the timestamp check.
        self.replies = make_reply_cache(store, ttl=max(300.0, 2 * max_skew + 60))
        self.api = api            # bot.wechat.api.WeChatAPI when an app secret is configured

    async def verify(self, request: web.Request) -> web.Response:
        try:
            echostr = self.protocol.verify(Query.from_mapping(request.query))
        except ProtocolError as e:
            log_event(log, "rejected", logging.WARNING, status=e.status, reason=e.reason, method="GET")
            return web.Response(status=e.status, text=e.reason)
        return web.Response(text=echostr)

    async def callback(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log_event(log, "rejected", logging.WARNING, status=413, reason="body too large")
            return web.Response(status=413, text="body too large")
        query = Query.from_mapping(request.query)
        try:
            msg, encrypted = self.protocol.decode(body, query)
        except ProtocolError as e:
            log_event(log, "rejected", logging.WARNING, status=e.status, reason=e.reason, method="POST")
            return web.Response(status=e.status, text=e.reason)

        outcome: dict = {}

        async def produce() -> str:
            reply = await self._dispatch(msg)
            outcome.update(handler=reply.handler, outcome=reply.outcome)
            return reply.text

        text = await self.replies.run(msg.dedupe_key, produce, self.budget,
                                      lambda late: self._deliver_late(msg.user, late))
        # `outcome` is filled only when this delivery ran the handler in time; otherwise it was a retry
        # served from the cache, or it missed the budget.
        label = outcome.get("outcome") or ("deferred" if text is None else "retry")
        log_event(log, "message", type=msg.kind if msg.kind != "event" else f"event:{msg.event}",
                  handler=outcome.get("handler", "-"), outcome=label,
                  latency_ms=round((time.perf_counter() - started) * 1000, 1), user=short_user(msg.user))
        if not text:
            return web.Response(text="success")
        xml = self.protocol.encode(text, msg, encrypted, nonce=query.nonce or "n")
        return web.Response(text=xml, content_type="application/xml")

    async def _dispatch(self, msg: Message) -> Reply:
        try:
            return await self.router.dispatch(msg)
        except Exception:
            log.exception("handler failed")
            return Reply(SORRY, handler="error", outcome="error")

    async def _deliver_late(self, user: str, text: str) -> None:
        """A reply that missed the budget: customer-service API if we can, else the user's next message."""
        if self.api is not None:
            result = await self.api.send_text(user, text)
            if result.ok or not result.keep:
                log_event(log, "late-reply", user=short_user(user), sent=result.ok, errcode=result.errcode)
                return
        await self.router.add_pending(user, text)
        log_event(log, "late-reply", user=short_user(user), sent=False, kept=True)

    async def healthz(self, request: web.Request) -> web.Response:
        kb = self.services.kb
        return web.json_response({"status": "ok",
                                  "kb_entries": len(kb.entry_ids) if kb is not None else 0})


def create_app(settings: Settings, *, services: Services | None = None, store: StateStore | None = None,
               handlers: list[Handler] | None = None, clock=None, api=None) -> web.Application:
    """Build the app. Anything not passed in is built from settings on start-up."""
    max_body = int(settings.get("server", "max_body_bytes", 65536))
    app = web.Application(client_max_size=max_body)
    holder: dict = {}             # the Webhook, built on start-up (routes must exist before)
    app[BOT_KEY] = holder

    def route(name: str):
        async def call(request: web.Request) -> web.Response:
            return await getattr(holder["hook"], name)(request)
        return call

    app.router.add_get("/wechat", route("verify"))
    app.router.add_post("/wechat", route("callback"))
    app.router.add_get("/healthz", route("healthz"))

    async def start(app: web.Application) -> None:
        nonlocal services, store, api
        services = services or await build_services(settings, clock)
        store = store or make_state_store(settings.redis_url)
        if api is None and settings.appsecret and settings.appid:
            api = WeChatAPI(settings.api_base, settings.appid, settings.appsecret)
        holder["hook"] = Webhook(settings, services, store,
                                 handlers if handlers is not None else default_handlers(), api)

    async def stop(app: web.Application) -> None:
        hook: Webhook | None = holder.get("hook")
        if hook is None:
            return
        await hook.replies.drain()
        await hook.store.close()
        if hook.api is not None:
            await hook.api.close()
        if hook.services.db is not None:
            await hook.services.db.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    return app
