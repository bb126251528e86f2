"""/admin/retention (county): delete a finished campaign's personal data, after offering the export."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from aiohttp import web

from bot.console.auth import Viewer
from bot.console.web import Console
from bot.storage.retention import count_before, purge_before

CONFIRM = "删除"


def routes(c: Console) -> list[web.RouteDef]:
    def day(text: str) -> date | None:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            return None

    async def page(request: web.Request, viewer: Viewer, *, before: date | None, message: str = "",
                   error: str = "", status: int = 200) -> web.Response:
        found = await count_before(c.services.db, before) if before else None
        export = ("/admin/signups/export?" + urlencode({"format": "xlsx", "status": "all", "full": "1",
                                                        "until": (before - timedelta(days=1)).isoformat()})
                  if before else "")
        return c.render("retention.html", viewer, title="数据删除", before=before, found=found, export=export,
                        confirm=CONFIRM, message=message, error=error, status=status)

    async def show(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await page(request, viewer, before=day(request.query.get("before", "")))

    async def purge(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = await request.post()
        before = day(str(form.get("before", "")))
        if before is None:
            return await page(request, viewer, before=None, error="请填日期（YYYY-MM-DD）", status=400)
        if str(form.get("confirm", "")).strip() != CONFIRM:
            return await page(request, viewer, before=before, error=f"请在确认框里输入「{CONFIRM}」", status=400)
        done = await purge_before(c.services.db, before)
        detail = ", ".join(f"{k}={n}" for k, n in done.as_dict().items())
        await c.audit(request, viewer, "purge", f"before {before}: {detail}")
        return await page(request, viewer, before=before, message=f"已删除 {before} 以前的数据：{detail}")

    return [web.get("/admin/retention", c.page(show, county=True)),
            web.post("/admin/retention", c.page(purge, county=True))]
