"""County-only pages: accounts (create, disable, enable, reset password) and the audit log."""
from __future__ import annotations

from aiohttp import web

from bot.console.auth import Viewer, hash_password, password_problem
from bot.console.web import Console, int_param
from bot.storage.accounts import COUNTY, ROLES, TOWNSHIP, AccountExists, NoSuchAccount

AUDIT_PAGE = 100


def routes(c: Console) -> list[web.RouteDef]:
    async def show(request: web.Request, viewer: Viewer, message: str = "", error: str = "",
                   status: int = 200) -> web.Response:
        catalogue = c.services.catalogue
        return c.render("accounts.html", viewer, status=status, accounts=await c.accounts.all(), roles=ROLES,
                        townships=[t.name for t in catalogue.townships] if catalogue else [],
                        message=message, error=error)

    async def accounts(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await show(request, viewer)

    async def create(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = await request.post()
        name = str(form.get("name", "")).strip()
        role = str(form.get("role", ""))
        township = str(form.get("township", "")).strip() or None
        password = str(form.get("password", ""))
        if role == COUNTY:
            township = None
        error = ("请填写用户名" if not name else "角色不对" if role not in ROLES
                 else "乡镇账号要选乡镇" if role == TOWNSHIP and not township else password_problem(password))
        if error:
            return await show(request, viewer, error=error, status=400)
        try:
            await c.accounts.create(name, role, township, hash_password(password), c.now())
        except AccountExists:
            return await show(request, viewer, error=f"账号 {name} 已经有了", status=400)
        await c.audit(request, viewer, "account-create", f"{name} {role} {township or ''}".strip())
        return await show(request, viewer, message=f"已建账号 {name}")

    async def change(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        name, action = request.match_info["name"], request.match_info["action"]
        form = await request.post()
        try:
            if action == "reset":
                password = str(form.get("password", ""))
                problem = password_problem(password)
                if problem:
                    return await show(request, viewer, error=problem, status=400)
                await c.accounts.set_password(name, hash_password(password), c.now())
            else:
                if name == viewer.name and action == "disable":
                    return await show(request, viewer, error="不能停用自己正在用的账号", status=400)
                await c.accounts.set_disabled(name, action == "disable")
        except NoSuchAccount:
            raise web.HTTPNotFound()
        await c.audit(request, viewer, f"account-{action}", name)
        return await show(request, viewer, message={"reset": "已重设密码", "disable": "已停用",
                                                    "enable": "已启用"}[action] + f"：{name}")

    async def audit(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        page = int_param(request, "page")
        rows, total = await c.accounts.audit_log(AUDIT_PAGE, (page - 1) * AUDIT_PAGE)
        return c.render("audit.html", viewer, rows=rows, total=total, page=page,
                        pages=max(1, -(-total // AUDIT_PAGE)))

    return [
        web.get("/admin/accounts", c.page(accounts, county=True)),
        web.post("/admin/accounts", c.page(create, county=True)),
        web.post(r"/admin/accounts/{name}/{action:disable|enable|reset}", c.page(change, county=True)),
        web.get("/admin/audit", c.page(audit, county=True)),
    ]
