"""/admin: totals and charts; the county's set-up checklist and the read-only view of the file
each item is set in."""
from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from bot.console import charts
from bot.console.auth import Viewer
from bot.console.web import Console
from bot.storage.signups import SignupFilter
from knowledge.setup import setup_checklist

MAX_DAYS = 120        # the per-day chart shows at most the last 120 days with sign-ups


def fill_days(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Days without sign-ups between the first and the last, as zeros (a gap must show as a gap)."""
    if not pairs:
        return []
    counts = dict(pairs)
    first, last = date.fromisoformat(pairs[0][0]), date.fromisoformat(pairs[-1][0])
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [((first + timedelta(days=i)).isoformat(), counts.get((first + timedelta(days=i)).isoformat(), 0))
            for i in range((last - first).days + 1)]


def routes(c: Console) -> list[web.RouteDef]:
    def checklist():
        return setup_checklist(c.services.catalogue, c.settings.knowledge_dir / "catalogue.yaml")

    async def dashboard(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        township = c.township_scope(viewer, request.query.get("township"))
        stats = await c.services.signups.stats(SignupFilter(township=township))
        catalogue = c.services.catalogue
        figures = [
            charts.bars(stats.by_category, "各大类报名数"),
            charts.bars(stats.by_event, "各项目报名数"),
            charts.bars(stats.by_township, "各乡(镇)报名数"),
            charts.columns(fill_days(stats.by_day), "每天报名数"),
        ]
        return c.render("dashboard.html", viewer, title="概况", stats=stats, township=township,
                        townships=[t.name for t in catalogue.townships] if catalogue and viewer.is_county else [],
                        figures=zip(("各大类", "各项目", "各乡(镇)", "每天（北京时间）"), figures),
                        checklist=checklist() if viewer.is_county else [])

    async def setup(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return c.render("setup.html", viewer, title="上线清单", checklist=checklist())

    async def source(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        """A knowledge file, read-only, with line anchors (where a checklist item is set)."""
        name = request.query.get("name", "")
        folder = c.settings.knowledge_dir.resolve()
        path = (folder / name).resolve()
        if not name.endswith(".yaml") or folder not in path.parents or not path.is_file():
            raise web.HTTPNotFound()
        lines = path.read_text(encoding="utf-8").splitlines()
        return c.render("file.html", viewer, title=name, name=name, lines=lines,
                        mark=int(request.query.get("line", "0") or 0) if request.query.get("line", "").isdigit() else 0)

    return [web.get("/admin", c.page(dashboard)),
            web.get("/admin/setup", c.page(setup, county=True)),
            web.get("/admin/setup/file", c.page(source, county=True))]
