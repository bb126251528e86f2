"""/admin/signups: the table with filters and paging, its download, and one sign-up's page.

The download is exactly the table's filter, written by the CLI's exporter
(bot.storage.export.export_signups): masked unless a county account asks for full data.
"""
from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote, urlencode

from aiohttp import web

from bot.console.auth import Viewer
from bot.console.web import Console, Forbidden, int_param
from bot.core.clock import county_time
from bot.core.privacy import mask_phone
from bot.forms.signup.record import signup_number
from bot.storage.export import export_signups
from bot.storage.refusals import SignupRefused
from bot.storage.signups import STATUSES, SignupFilter

PER_PAGE = 50
FILTER_KEYS = ("township", "village", "category", "event", "status", "since", "until", "q")
STATUS_LABEL = {"active": "有效", "cancelled": "已取消", "all": "全部"}
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


def _day(text: str, errors: list[str], label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"{label}不是日期（YYYY-MM-DD）：{text}")
        return None


def read_filter(c: Console, request: web.Request, viewer: Viewer) -> tuple[SignupFilter, list[str]]:
    """The filter of a request's query, scoped to the viewer's township (another one: 403)."""
    q = request.query
    errors: list[str] = []
    township = c.township_scope(viewer, q.get("township"))
    village = q.get("village", "").strip() or None
    if village and not viewer.is_county:
        known = c.services.catalogue.township(viewer.township) if c.services.catalogue else None
        if known is not None and village not in known.villages:
            raise Forbidden(text=f"{village}不在{viewer.township}。")
    status = q.get("status", "active")
    if status not in STATUSES:
        errors.append(f"状态只能是 {'、'.join(STATUSES)}")
        status = "active"
    f = SignupFilter(township=township, village=village, category=q.get("category", "").strip() or None,
                     event=q.get("event", "").strip() or None, status=status,
                     since=_day(q.get("since", "").strip(), errors, "起始日期"),
                     until=_day(q.get("until", "").strip(), errors, "截止日期"),
                     name=q.get("q", "").strip()[:50] or None)
    return f, errors


def filter_query(request: web.Request, **changes) -> str:
    params = {k: request.query[k] for k in FILTER_KEYS if request.query.get(k)}
    params.update({k: v for k, v in changes.items() if v is not None})
    return urlencode(params)


def options(c: Console, viewer: Viewer, f: SignupFilter) -> dict:
    """The drop-downs: the catalogue's townships (a township account: its own), villages, categories, events."""
    cat = c.services.catalogue
    if cat is None:
        return {"townships": [], "villages": [], "categories": [], "events": []}
    townships = [t.name for t in cat.townships if viewer.is_county or t.name == viewer.township]
    chosen = cat.township(f.township) if f.township else None
    villages = list(chosen.villages) if chosen else []
    categories = [(k.code, k.name) for k in cat.categories]
    events = [(e.code, e.name) for k in cat.categories for e in k.events
              if not f.category or f.category in (k.code, k.name)]
    return {"townships": townships, "villages": villages, "categories": categories, "events": events}


def routes(c: Console) -> list[web.RouteDef]:
    async def table(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        f, errors = read_filter(c, request, viewer)
        page = int_param(request, "page")
        rows, total = await c.services.signups.page(f, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
        pages = max(1, -(-total // PER_PAGE))
        shown = [{"id": r.id, "number": signup_number(r.id), "status": r.status, "category": r.category_name,
                  "event": r.event_name, "name": r.name, "sex": r.sex, "age": r.age,
                  "phone": mask_phone(r.phone) if r.phone else "", "township": r.township, "village": r.village,
                  "team": r.team_name or "", "by": "代报" if r.for_other else "本人",
                  "at": county_time(r.created_at).strftime("%Y-%m-%d %H:%M")} for r in rows]
        return c.render("signups.html", viewer, title="报名", rows=shown, total=total, page=page, pages=pages,
                        f=f, q=request.query, errors=errors, statuses=STATUS_LABEL, **options(c, viewer, f),
                        page_link=lambda n: "?" + filter_query(request, page=str(n)),
                        download=lambda fmt, full=False: "/admin/signups/export?" + filter_query(
                            request, format=fmt, full="1" if full else None))

    async def download(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        f, errors = read_filter(c, request, viewer)
        if errors:
            return c.render("error.html", viewer, status=400, title="筛选条件不对", message="\n".join(errors))
        fmt = request.query.get("format", "xlsx")
        if fmt not in CONTENT_TYPES:
            return c.render("error.html", viewer, status=400, title="格式不对", message="只能下载 xlsx 或 csv。")
        full = request.query.get("full") == "1"
        if full and not viewer.is_county:
            raise Forbidden(text="完整的手机号和身份证号只有县级账号能下载。")
        buf = io.BytesIO()
        count = await export_signups(c.services.db, fmt, buf, where=f, full=full)
        detail = "；".join(f"{k}={v}" for k, v in f.as_dict().items()) or "全部有效报名"
        await c.audit(request, viewer, "export-full" if full else "export", f"{fmt} {count}条 {detail}")
        stamp = county_time(c.now()).strftime("%Y%m%d-%H%M")
        name = f"报名名单-{f.township or '全县'}-{stamp}.{fmt}"
        return web.Response(body=buf.getvalue(), headers={
            "Content-Type": CONTENT_TYPES[fmt], "Cache-Control": "no-store",
            "Content-Disposition": f"attachment; filename=\"signups-{stamp}.{fmt}\"; "
                                   f"filename*=UTF-8''{quote(name)}"})

    async def one(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        sid = request.match_info["id"]
        row = await c.services.signups.get(int(sid)) if sid.isdigit() else None
        if row is None:
            raise web.HTTPNotFound()
        if not viewer.is_county and row.township != viewer.township:
            raise Forbidden(text=f"这个报名不在{viewer.township}。")
        if viewer.is_county:
            await c.audit(request, viewer, "view-signup", row.number)
        added = f"已添加报名，报名号 {row.number}。" if request.query.get("added") else None
        return c.render("signup.html", viewer, title=row.number, s=row, message=added,
                        phone=row.phone if viewer.is_county else mask_phone(row.phone or ""),
                        guardian_phone=(row.guardian_phone if viewer.is_county
                                        else mask_phone(row.guardian_phone or "")))

    async def change(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """Cancel or restore one sign-up, with a reason (a township account: its own township's)."""
        sid, action = request.match_info["id"], request.match_info["action"]
        signups = c.services.signups
        row = await signups.get(int(sid)) if sid.isdigit() else None
        if row is None:
            raise web.HTTPNotFound()
        if not viewer.is_county and row.township != viewer.township:
            raise Forbidden(text=f"这个报名不在{viewer.township}。")
        reason = str((await request.post()).get("reason", "")).strip()[:200]
        if not reason:
            return c.render("error.html", viewer, status=400, title="请写原因", message="取消或恢复报名要写原因。")
        try:
            if action == "cancel":
                changed = await signups.cancel(None, row.id, now=c.now(), reason=f"{viewer.name}：{reason}")
            else:
                limit = c.services.catalogue.campaign.max_events_per_person
                changed = await signups.restore(row.id, max_events=limit, reason=f"{viewer.name}恢复：{reason}")
        except SignupRefused as e:
            why = {"full": "名额已满", "limit": "这个人报的项目已经到上限",
                   "duplicate": "这个人已经有这个项目的有效报名"}.get(e.reason, "不符合报名规则")
            return c.render("error.html", viewer, status=409, title="不能恢复", message=f"不能恢复：{why}。")
        if changed is None:
            return c.render("error.html", viewer, status=409, title="没有改",
                            message="这个报名的状态刚刚变了，请刷新后再看。")
        await c.audit(request, viewer, f"signup-{action}", f"{row.number}: {reason}")
        raise web.HTTPSeeOther(f"/admin/signups/{row.id}")

    return [web.get("/admin/signups", c.page(table)),
            web.get("/admin/signups/export", c.page(download)),
            web.get(r"/admin/signups/{id:\d+}", c.page(one)),
            web.post(r"/admin/signups/{id:\d+}/{action:cancel|restore}", c.page(change))]
