"""The aiohttp web app: /wechat (verification + callbacks), /healthz, /readyz and /metrics.

Per callback: protocol.decode -> ReplyCache (retries, 5 s budget; the rate limit counted with the
claim; a new message shed at once while the worker is overloaded, bot.wechat.admission) ->
router.dispatch -> protocol.encode. Whatever fails after a message is decoded, the user gets a reply (the busy
reply at worst), never an HTTP 500: WeChat would show 「该公众号暂时无法提供服务」.
"""
from __future__ import annotations

import asyncio
import logging
import time

from aiohttp import web

from bot.core import stages
from bot.core.config import Settings
from bot.core.health import PROBE_SECONDS, Dependency, Unavailable
from bot.core.logs import log_event
from bot.core.memory import IDLE_SECONDS, Fill, configure_recent, module_caches, rss_mb, sweep_recent
from bot.core.messages import Message, Reply
from bot.core.privacy import short_user
from bot.core.session import Services
from bot.services import build_services, default_handlers
from bot.storage.state import StateStore, make_state_store
from bot.storage.unanswered import queued as unanswered_queued
from bot.wechat.admission import Admission, AdmissionConfig
from bot.wechat.allowance import LateReplyAllowance, window_of
from bot.wechat.api import USER_QUOTA, USER_UNREACHABLE, WeChatAPI
from bot.wechat.dedupe import MAX_ENTRIES, make_reply_cache
from bot.wechat.menu import CLICK_COMMANDS
from bot.wechat.metrics import Metrics, may_read_metrics
from bot.wechat.protocol import Protocol, ProtocolError, Query
from bot.wechat.ratelimit import LIMITED_REPLY, RateLimiter
from handlers.base import Handler
from handlers.router import BUSY_REPLY, Router, answer_max_chars

log = logging.getLogger("bot.webhook")

BOT_KEY = web.AppKey("bot", dict)
# Set on a reply that is a shed (the busy reply of an overloaded worker, nothing read or written):
# the same text is also the reply to a message whose dependency failed while its handler may still
# run and apply it late, and only a shed one is safe to send again as new (benchmarks/traffic.py).
# WeChat ignores it.
SHED_HEADER = "X-Fenjin-Shed"
SWEEP_SECONDS = 10.0
MEMORY_REPORT_SECONDS = 300.0
# Message types counted by name in the metrics (others as "other", so labels stay few).
METRIC_TYPES = {"text", "voice", "image", "video", "shortvideo", "location", "link", "unknown",
                "event:subscribe", "event:unsubscribe", "event:click", "event:view", "event:scan",
                "event:location"}


class Webhook:
    def __init__(self, settings: Settings, services: Services, store: StateStore,
                 handlers: list[Handler], api=None):
        server = settings.section("server")
        memory = settings.section("memory")
        self.settings = settings
        self.services = services
        self.store = store
        max_skew = float(server.get("max_clock_skew_seconds", 300))
        self.protocol = Protocol(settings.token, settings.appid, settings.aes_key, max_skew=max_skew)
        self.router = Router(services, store, handlers,
                             idle_timeout=float(settings.get("conversation", "idle_timeout_seconds", 1800)),
                             reply_max_bytes=int(server.get("reply_max_bytes", 2000)),
                             answer_max_chars=answer_max_chars(settings),
                             click_commands=CLICK_COMMANDS)
        self.budget = float(server.get("reply_budget_seconds", 4.5))
        # Retries must be remembered longer than a replay could still pass the timestamp check.
        self.limiter = RateLimiter(float(settings.get("limits", "messages_per_minute", 20)), redis=store.redis)
        self.replies = make_reply_cache(store, ttl=max(300.0, 2 * max_skew + 60),
                                        max_entries=int(memory.get("max_cached_replies", MAX_ENTRIES)),
                                        limiter=self.limiter)
        self.allowance = LateReplyAllowance(redis=store.redis)
        self.admission = Admission(AdmissionConfig.from_settings(settings))
        # Flows whose users are spared by admission control while they last (a sign-up, a quiz
        # round); a transient one (Q&A's numbered choices) is no conversation under way.
        self._conversations = tuple(sorted(h.name for h in handlers if not h.transient))
        self.api = api            # bot.wechat.api.WeChatAPI when an app secret is configured
        self.metrics = Metrics()
        self.sweep_seconds = float(memory.get("sweep_seconds", SWEEP_SECONDS))
        self.report_seconds = float(memory.get("report_seconds", MEMORY_REPORT_SECONDS))
        # What recently asked texts came to: forgotten when nobody asked for them this long (the
        # caches' counts are only the worst case), so a worker's memory levels off within minutes.
        configure_recent(float(memory.get("cache_idle_seconds", IDLE_SECONDS)))
        self._unsaved: list[tuple[str, str]] = []     # late replies waiting for the state store to return
        self._background: list[asyncio.Task] = []
        for dep in self.dependencies:
            dep.on_failure = lambda name: self.metrics.dependency_errors.labels(name).inc()

    @property
    def dependencies(self) -> list[Dependency]:
        return [link.health for link in self._links()]

    def _links(self) -> list:
        """The database and Redis connections (each with ``health`` and ``probe()``) in use."""
        return [link for link in (self.services.db, self.store.redis) if link is not None]

    # -- /wechat --------------------------------------------------------------------------
    async def verify(self, request: web.Request) -> web.Response:
        try:
            echostr = self.protocol.verify(Query.from_mapping(request.query))
        except ProtocolError as e:
            log_event(log, "rejected", logging.WARNING, status=e.status, reason=e.reason, method="GET")
            return web.Response(status=e.status, text=e.reason)
        return web.Response(text=echostr)

    async def callback(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        record = stages.begin()          # server.stage_timings (None while off)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log_event(log, "rejected", logging.WARNING, status=413, reason="body too large")
            return web.Response(status=413, text="body too large")
        query = Query.from_mapping(request.query)
        decoding = time.perf_counter()
        try:
            msg, encrypted = self.protocol.decode(body, query)
        except ProtocolError as e:
            log_event(log, "rejected", logging.WARNING, status=e.status, reason=e.reason, method="POST")
            return web.Response(status=e.status, text=e.reason)
        if record is not None:
            record.add("decode", time.perf_counter() - decoding)
            record.times["lag"] = self.admission.lag
        try:
            text, handler, label = await self._answer(msg)
        except Exception:                       # the last line: a reply, never a 500
            log.exception("callback failed")
            text, handler, label = BUSY_REPLY, "error", "error"
            self.metrics.busy_replies.labels("error").inc()
        kind = msg.kind if msg.kind != "event" else f"event:{msg.event}"
        elapsed = time.perf_counter() - started
        self.metrics.message(kind if kind in METRIC_TYPES else "other", label, elapsed)
        log_event(log, "message", type=kind, handler=handler, outcome=label,
                  latency_ms=round(elapsed * 1000, 1), user=short_user(msg.user),
                  **({} if record is None else {"stages": record.as_ms()}))
        if not text:
            return web.Response(text="success")
        xml = self.protocol.encode(text, msg, encrypted, nonce=query.nonce or "n")
        return web.Response(text=xml, content_type="application/xml",
                            headers={SHED_HEADER: "1"} if label == "shed" else None)

    async def _answer(self, msg: Message) -> tuple[str | None, str, str]:
        """(reply text or None for "success", handler, outcome) for one delivery of ``msg``."""
        received = time.time()
        admission = self.admission
        # Overloaded: a new message gets the busy reply now, nothing read or written (a retry waits
        # for its first delivery's reply as always) -- unless its user is in the middle of a
        # conversation and the worker still has the headroom kept for those (bot.wechat.admission).
        signal = admission.overloaded()
        if signal is not None:
            spare = self._conversations if admission.overloaded(conversation=True) is None else ()
            if await self.replies.shed(msg.dedupe_key, BUSY_REPLY, msg.user, spare):
                self.metrics.shed.labels(signal).inc()
                return BUSY_REPLY, "shed", "shed"
        outcome: dict = {}
        # Counted in flight from here, before the retry cache's claim: a burst is bounded by what is
        # already let in, not only by what reached a handler. The message's task takes the count
        # over when it starts (it may outlive this delivery: a late reply); a delivery that makes
        # nothing (a retry of a message being made elsewhere) gives it back when it ends.
        counted = [True]
        admission.in_flight += 1
        record = stages.current()
        claiming = time.perf_counter()

        async def produce() -> str:
            if counted[0]:
                counted[0] = False           # this task's now
            else:
                admission.in_flight += 1
            if record is not None:
                handling = time.perf_counter()
                record.add("claim", handling - claiming)
            try:
                reply = await self._dispatch(msg, lambda made: self.replies.ready(msg.dedupe_key, made.text,
                                                                                  self.store, msg.user))
            finally:
                admission.in_flight -= 1
                if record is not None:
                    record.add("handler", time.perf_counter() - handling)
            outcome.update(handler=reply.handler, outcome=reply.outcome)
            return reply.text

        async def refused() -> str:     # over the per-user limit: before the user's lock, a flood queues nothing
            self.metrics.rate_limited.inc()
            outcome.update(handler="limit", outcome="rate-limited")
            return LIMITED_REPLY

        def give_up() -> str | None:
            text = self._busy_if_degraded()
            if text:
                outcome.update(handler="busy", outcome="busy")
            return text

        try:
            text = await self.replies.run(msg.dedupe_key, produce, self.budget,
                                          lambda late: self._deliver_late(msg, received, late), give_up=give_up,
                                          user=msg.user, refused=refused)
        finally:
            if counted[0]:
                counted[0] = False
                admission.in_flight -= 1
        # `outcome` is filled only when this delivery ran the handler (or gave up on it) in time;
        # otherwise it was a retry served from the cache, or it missed the budget.
        return text, outcome.get("handler", "-"), outcome.get("outcome") or ("deferred" if text is None else "retry")

    async def _dispatch(self, msg: Message, on_reply=None) -> Reply:
        try:
            return await self.router.dispatch(msg, on_reply)
        except Exception as e:
            db = self.services.db
            if isinstance(e, Unavailable) or (db is not None and db.unavailable(e)):
                cause = e.name if isinstance(e, Unavailable) else db.health.name
                log_event(log, "busy", logging.WARNING, cause=cause, error=type(e).__name__)
                self.metrics.busy_replies.labels(cause).inc()
                return Reply(BUSY_REPLY, handler="busy", outcome="busy")
            log.exception("handler failed")
            self.metrics.busy_replies.labels("error").inc()
            return Reply(BUSY_REPLY, handler="error", outcome="error")

    def _busy_if_degraded(self) -> str | None:
        """At the end of the budget: the busy reply now if a dependency is down or failed during
        this message (what holds the reply up is the outage), instead of "success" and a late reply."""
        down = [d.name for d in self.dependencies if d.failed_within(self.budget)]
        if down:
            self.metrics.busy_replies.labels(down[0]).inc()
            return BUSY_REPLY
        return None

    # -- late replies ---------------------------------------------------------------------------
    async def _deliver_late(self, msg: Message, received: float, text: str) -> None:
        """A reply that missed the budget: customer-service API while WeChat's allowance lasts,
        else with the user's next message. Never dropped."""
        via, errcode = "next_message", 0
        window = window_of(msg)
        try:
            if self.api is not None and window and await self.allowance.take(msg.user, window, received):
                result = await self.api.send_text(msg.user, text)
                errcode = result.errcode
                if result.ok:
                    via = "api"
                elif errcode in (USER_UNREACHABLE, USER_QUOTA):
                    await self.allowance.spend(msg.user)
        except Exception:                  # whatever went wrong, the reply is kept
            log.exception("late reply: customer-service send failed")
        if via != "api":
            await self._keep(msg.user, text)
        self.metrics.late_replies.labels(via).inc()
        log_event(log, "late-reply", user=short_user(msg.user), via=via, errcode=errcode)

    async def _keep(self, user: str, text: str) -> None:
        try:
            await self.router.add_pending(user, text)
        except Unavailable as e:              # kept here until the state store is back (maintenance)
            self._unsaved.append((user, text))
            log_event(log, "late-reply-held", logging.WARNING, user=short_user(user), reason=str(e))

    async def _save_held(self) -> None:
        while self._unsaved:
            user, text = self._unsaved[0]
            try:
                await self.router.add_pending(user, text)
            except Unavailable:
                return
            self._unsaved.pop(0)

    # -- background ---------------------------------------------------------------------------
    def sweep(self) -> None:
        """Forget what has expired: sessions (memory store), cached replies, rate-limit and
        allowance records, and what texts nobody asked for lately came to (bot.core.memory.RecentCache).
        Memory stays bounded even when users never come back."""
        self.store.sweep()
        self.replies.sweep()
        self.limiter.sweep()
        self.allowance.sweep()
        sweep_recent()

    def memory(self) -> dict[str, Fill]:
        """Each structure that grows with traffic: name -> (entries, capacity; None: bounded by time,
        not by a count). See docs/operations.md, "Memory"."""
        fills = module_caches()
        normalizer = getattr(self.services.kb, "normalizer", None)
        if normalizer is not None:
            fills["kb.normalizer"] = normalizer.cache_fill()
        for owner in (self.store, self.replies, self.limiter, self.allowance, *self.router.handlers.values()):
            bounds = getattr(owner, "bounds", None)
            if bounds is not None:
                fills.update(bounds())
        fills["late_replies_held"] = (len(self._unsaved), None)
        fills["unanswered_queued"] = unanswered_queued()
        return fills

    def report_memory(self) -> None:
        """One ``memory`` log line: resident MB and [entries, capacity] of each structure."""
        log_event(log, "memory", rss_mb=rss_mb(), fill={name: list(f) for name, f in sorted(self.memory().items())})

    async def _maintain(self) -> None:
        reported = time.monotonic()
        while True:
            await asyncio.sleep(self.sweep_seconds)
            try:
                self.sweep()
                await self._save_held()
                if self.report_seconds > 0 and time.monotonic() - reported >= self.report_seconds:
                    reported = time.monotonic()
                    self.report_memory()
            except Exception:           # keep sweeping whatever one round hit
                log.exception("maintenance failed")

    async def _watch(self) -> None:
        """Probe what is down, so it is marked up as soon as it answers (no message waits for a probe)."""
        while True:
            await asyncio.sleep(PROBE_SECONDS)
            down = [link.probe() for link in self._links() if not link.health.up]
            if down:
                await asyncio.gather(*down, return_exceptions=True)
            try:
                await self.store.tidy()
            except Exception:
                log.exception("tidying the state store failed")

    def start(self) -> None:
        self._background = [asyncio.ensure_future(self._maintain()), asyncio.ensure_future(self._watch()),
                            asyncio.ensure_future(self.admission.probe())]

    async def stop(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.replies.drain()
        await self._save_held()
        if self._unsaved:
            log_event(log, "late-replies-lost", logging.ERROR, count=len(self._unsaved))

    # -- health and metrics ---------------------------------------------------------------------
    async def _check(self) -> dict:
        """Each dependency's status, probed now (bounded)."""
        await asyncio.gather(*(link.probe() for link in self._links()))
        report = {d.name: d.status() for d in self.dependencies}
        kb = self.services.kb
        report["knowledge"] = ({"status": "ok", "required": True, "entries": len(kb.entry_ids)} if kb is not None
                               else {"status": "missing", "required": True})
        return report

    async def healthz(self, request: web.Request) -> web.Response:
        """Liveness: 200 while the process serves, with what each dependency looks like."""
        deps = await self._check()
        kb = self.services.kb
        return web.json_response({"status": "ok", "kb_entries": len(kb.entry_ids) if kb is not None else 0,
                                  "dependencies": deps})

    async def readyz(self, request: web.Request) -> web.Response:
        """Readiness: 503 while a required dependency is down (a load balancer sends traffic elsewhere)."""
        deps = await self._check()
        down = sorted(name for name, d in deps.items() if d["required"] and d["status"] != "ok")
        body = {"status": "ready" if not down else "not ready", "down": down, "dependencies": deps}
        return web.json_response(body, status=503 if down else 200)

    async def metrics_page(self, request: web.Request) -> web.Response:
        if not may_read_metrics(request.remote, request.headers, self.settings.admin_token):
            return web.Response(status=403, text="forbidden: from localhost, or with the admin token")
        body, content_type = self.metrics.render()
        return web.Response(body=body, headers={"Content-Type": content_type})


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
    app.router.add_get("/readyz", route("readyz"))
    app.router.add_get("/metrics", route("metrics_page"))

    async def start(app: web.Application) -> None:
        nonlocal services, store, api
        stages.enable(bool(settings.get("server", "stage_timings", False)))     # (build_services does too)
        services = services if services is not None else await build_services(settings, clock)
        redis_timeout = float(settings.get("storage", "redis_timeout_seconds", 1.0))
        # (an empty store given is falsy by its __len__: compared with None, not by truth)
        store = store if store is not None else make_state_store(settings.redis_url, settings.section("memory"), redis_timeout)
        if api is None and settings.appsecret and settings.appid:
            api = WeChatAPI(settings.api_base, settings.appid, settings.appsecret, shared=store.redis)
        hook = holder["hook"] = Webhook(settings, services, store,
                                        handlers if handlers is not None else default_handlers(), api)
        hook.start()

    async def stop(app: web.Application) -> None:
        hook: Webhook | None = holder.get("hook")
        if hook is None:
            return
        await hook.stop()
        await hook.store.close()
        if hook.api is not None:
            await hook.api.close()
        if hook.services.db is not None:
            await hook.services.db.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    return app
