"""What every console page shares: templates, the login check, CSRF, roles, township scope, audit.

``Console.page(...)`` wraps a view: no session -> the login page; a township account on a
county-only page, or asking for another township -> 403; a POST without this session's CSRF
token -> 403. Views get ``(request, viewer)`` and return a response.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import quote

import jinja2
from aiohttp import web

from bot.console.auth import Auth, Policy, Viewer, client_address, same
from bot.core.clock import county_time
from bot.core.logs import log_event
from bot.core.session import Services
from bot.storage.accounts import Accounts
from bot.wechat.app import BOT_KEY

log = logging.getLogger("bot.console")
HERE = Path(__file__).resolve().parent
View = Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]

# Pages only ever load from this server: no CDN, no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def county_text(dt: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return county_time(dt).strftime(fmt) if dt is not None else "-"


def int_param(request: web.Request, name: str, default: int = 1, low: int = 1) -> int:
    value = request.query.get(name, "")
    return max(low, int(value)) if value.isdigit() else default


class Forbidden(web.HTTPForbidden):
    pass


class Console:
    """Shared state of the console's views; built with the app, bound to its services on start."""

    def __init__(self, app: web.Application, settings):
        self.app = app
        self.settings = settings
        self.policy = Policy.from_settings(settings)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["county"] = county_text
        self.env.globals["quote"] = quote
        self._auth: Auth | None = None

    @property
    def services(self) -> Services:
        return self.app[BOT_KEY]["hook"].services

    @property
    def accounts(self) -> Accounts:
        return self.auth.accounts

    @property
    def auth(self) -> Auth:
        if self._auth is None or self._auth.accounts.db is not self.services.db:
            self._auth = Auth(Accounts(self.services.db), self.policy)
        return self._auth

    def now(self) -> datetime:
        return self.services.clock()

    # -- responses -----------------------------------------------------------------------------
    def render(self, template: str, viewer: Viewer | None = None, status: int = 200, **ctx) -> web.Response:
        html = self.env.get_template(template).render(viewer=viewer, **ctx)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8",
                            headers=SECURITY_HEADERS)

    def forbidden(self, viewer: Viewer | None, why: str) -> web.Response:
        return self.render("error.html", viewer, status=403, title="无权访问", message=why)

    async def audit(self, request: web.Request, viewer: Viewer | None, action: str, detail: str = "") -> None:
        name = viewer.name if viewer else "-"
        await self.accounts.audit(name, client_address(request), action, detail, self.now())
        log_event(log, "console-action", account=name, action=action)

    # -- the wrapper of every page -------------------------------------------------------------
    def page(self, view: View, *, county: bool = False) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handler(request: web.Request) -> web.StreamResponse:
            viewer = await self.auth.viewer(request, self.now())
            if viewer is None:
                target = request.path_qs if request.method == "GET" else "/admin"
                raise web.HTTPSeeOther("/admin/login?next=" + quote(target, safe=""))
            if county and not viewer.is_county:
                return self.forbidden(viewer, "这个页面只有县级账号能用。")
            if request.method == "POST":
                form = await request.post()
                if not same(str(form.get("csrf", "")), viewer.csrf):
                    return self.render("error.html", viewer, status=403, title="表单已失效",
                                       message="表单的安全令牌不对（CSRF）：请回到上一页刷新后再提交。")
            try:
                return await view(request, viewer)
            except Forbidden as e:
                return self.forbidden(viewer, e.text or "没有这个乡镇的权限。")
        return handler

    @staticmethod
    def township_scope(viewer: Viewer, asked: str | None) -> str | None:
        """The township a request may see: a township account only its own (asking for another: 403)."""
        asked = (asked or "").strip() or None
        if viewer.is_county:
            return asked
        if asked is not None and asked != viewer.township:
            raise Forbidden(text=f"这个账号只能看{viewer.township}的数据。")
        return viewer.township
