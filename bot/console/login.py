"""/admin/login and /admin/logout."""
from __future__ import annotations

import math
import secrets

from aiohttp import web

from bot.console.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Viewer, client_address, is_https, same
from bot.console.web import Console


def _next(value: str) -> str:
    """Only a console path may be the page after login (no open redirect)."""
    return value if value.startswith("/admin") and not value.startswith("//") else "/admin"


def routes(c: Console) -> list[web.RouteDef]:
    def form(request: web.Request, status: int = 200, error: str = "", name: str = "") -> web.Response:
        token = secrets.token_urlsafe(32)
        resp = c.render("login.html", status=status, csrf=token, error=error,
                        next=_next(request.query.get("next", "")), name=name)
        resp.set_cookie(LOGIN_CSRF_COOKIE, token, path="/admin/login", httponly=True, samesite="Strict",
                        secure=is_https(request), max_age=3600)
        return resp

    async def show(request: web.Request) -> web.StreamResponse:
        if await c.auth.viewer(request, c.now()) is not None:
            raise web.HTTPSeeOther(_next(request.query.get("next", "")))
        return form(request)

    async def submit(request: web.Request) -> web.StreamResponse:
        data = await request.post()
        if not same(str(data.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
            return c.render("error.html", status=403, title="表单已失效",
                            message="登录表单的安全令牌不对（CSRF）：请重新打开登录页再试。")
        name = str(data.get("name", "")).strip()[:64]
        password = str(data.get("password", ""))
        address, now = client_address(request), c.now()
        wait = await c.auth.locked_for(name, address, now)
        if wait > 0:
            await c.accounts.audit(name or "-", address, "login-throttled", "", now)
            return form(request, 429, f"登录失败次数太多，请 {math.ceil(wait / 60)} 分钟后再试。", name)
        account = await c.auth.login(name, password, address, now)
        if account is None:
            await c.accounts.audit(name or "-", address, "login-failed", "", now)
            return form(request, 401, "用户名或密码不对，或账号已停用。", name)
        token, _ = await c.auth.open_session(account, now)
        await c.accounts.audit(account.name, address, "login", account.role, now)
        resp = web.HTTPSeeOther(_next(str(data.get("next", ""))))
        c.auth.set_session_cookie(request, resp, token)
        resp.del_cookie(LOGIN_CSRF_COOKIE, path="/admin/login")
        raise resp

    async def logout(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        await c.accounts.close_session(viewer.token_hash)
        await c.audit(request, viewer, "logout")
        resp = web.HTTPSeeOther("/admin/login")
        resp.del_cookie(SESSION_COOKIE, path="/")
        raise resp

    return [web.get("/admin/login", show), web.post("/admin/login", submit),
            web.post("/admin/logout", c.page(logout))]
