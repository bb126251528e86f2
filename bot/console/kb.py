"""/admin/unanswered and /admin/kb: what people asked that the bot could not answer, turned into
the knowledge base -- a variant of an existing entry, a new entry, or marked out of scope --
and the knowledge base's own check-and-reload.

Edits go through knowledge.edit (round-trip YAML, validated exactly as `kb check` before
anything is written) and are then hot-reloaded with bot.services.reload_knowledge, so the next
message with that wording is answered without a restart.
"""
from __future__ import annotations

import asyncio
from datetime import timedelta
from urllib.parse import urlencode

from aiohttp import web

from bot.console.auth import Viewer
from bot.console.web import Console
from bot.services import reload_knowledge
from bot.storage.unanswered import still_open
from knowledge.check import reply_max, run_checks
from knowledge.edit import EditRefused, add_entry, add_variant, qa_files
from knowledge.find import Policies
from knowledge.unanswered import group_questions

MAX_GROUPS = 60
FALLBACK_REPLY = "抱歉，这个问题我还答不上来。（并告诉用户能做什么、问谁）"
PARTIAL_REPLY = "只答了一部分：说了哪一点“没有资料”，再给出已有的内容"
# Over the entries of a group's rows: what the user was shown of the first (a pick confirms more).
ENTRY_SHOWN = {"partial": "机器人答了这一条（只答了一部分，缺的要补）", "suggest": "给用户的第一个选项"}
ENTRY_HIDDEN = "最接近的条目（太不像，没有给用户看）"


def routes(c: Console) -> list[web.RouteDef]:
    lock = asyncio.Lock()          # one knowledge edit + reload at a time

    def entry_text(entry_id: str) -> str:
        kb = c.services.kb
        entry = kb.get(entry_id) if kb is not None else None
        return entry.question if entry is not None else "（已不在知识库）"

    async def groups_for(township: str | None, days: int | None):
        since = c.now() - timedelta(days=days) if days else None
        unanswered = c.services.unanswered
        rows = still_open(await unanswered.fetch(since=since), await unanswered.resolutions())
        if township:
            towns = await c.services.signups.townships_of_users()
            rows = [r for r in rows if towns.get(r.user) == township]
        kb = c.services.kb
        normalizer = getattr(kb, "normalizer", None)
        policy = Policies.parse(c.settings.raw.get("find"))[0].unanswered     # config.yaml find.unanswered
        groups = await asyncio.to_thread(group_questions, rows, policy, normalizer)
        shown = []
        for g in groups[:MAX_GROUPS]:
            picked = [(eid, entry_text(eid), n) for eid, n in g.picked.most_common(3)]
            # The entries of the outcome the label names (a fallback's closest entry is not "told").
            shown_as = next((o for o in ENTRY_SHOWN if g.first_by_outcome.get(o)), None)
            firsts = g.first_by_outcome[shown_as] if shown_as else g.suggested
            suggested = [(eid, entry_text(eid), n) for eid, n in firsts.most_common(3)]
            replies = []
            if g.outcomes.get("fallback"):
                replies.append(f"{FALLBACK_REPLY} ×{g.outcomes['fallback']}")
            if g.outcomes.get("suggest"):
                replies.append(f"「您是不是想问」列出选项 ×{g.outcomes['suggest']}")
            if g.outcomes.get("partial"):
                replies.append(f"{PARTIAL_REPLY} ×{g.outcomes['partial']}")
            # Only a pick confirms what was meant: a suggestion (let alone the closest entry of a
            # fallback, never shown to the user) is a guess, so it never fills in the form by itself.
            shown.append({"g": g, "picked": picked, "suggested": suggested, "replies": replies,
                          "partial": bool(g.outcomes.get("partial")),
                          "entry_label": ENTRY_SHOWN[shown_as] if shown_as else ENTRY_HIDDEN,
                          "wordings": [w for w, _ in g.wordings.most_common()],
                          "default_entry": picked[0][0] if picked else ""})
        return shown, len(groups), sum(g.count for g in groups)

    async def page(request: web.Request, viewer: Viewer, *, error: str = "", problems: list[str] | None = None,
                   status: int = 200) -> web.Response:
        township = c.township_scope(viewer, request.query.get("township"))
        days_text = request.query.get("days", "")
        days = int(days_text) if days_text.isdigit() and int(days_text) > 0 else None
        shown, n_groups, n_rows = await groups_for(township, days)
        files = [p.name for p in qa_files(c.settings.knowledge_dir)]
        return c.render("unanswered.html", viewer, title="未答问题", groups=shown, n_groups=n_groups, n_rows=n_rows,
                        days=days, files=files, township=township, error=error, problems=problems or [],
                        message=request.query.get("done", ""), status=status)

    async def show(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await page(request, viewer)

    async def apply(request: web.Request, viewer: Viewer, edit, resolution: str, entry_id: str | None,
                    wordings: list[str], done: str) -> web.StreamResponse:
        async with lock:
            if edit is not None:
                try:
                    await asyncio.to_thread(edit)
                except EditRefused as e:
                    await c.audit(request, viewer, f"kb-{resolution}-refused", f"{entry_id}: {e.problems[0]}")
                    return await page(request, viewer, error="没有保存：校验没通过（文件没改）。",
                                      problems=e.problems, status=400)
                problems: list[str] = []
                if not await asyncio.to_thread(reload_knowledge, c.services, problems):
                    return await page(request, viewer, error="已保存，但重新加载失败，机器人还在用旧的知识库。",
                                      problems=problems, status=500)
            await c.services.unanswered.resolve(wordings, resolution, entry_id=entry_id, account=viewer.name,
                                                now=c.now())
        await c.audit(request, viewer, f"kb-{resolution}", f"{entry_id or '-'}: {' / '.join(wordings)[:300]}")
        raise web.HTTPSeeOther("/admin/unanswered?" + urlencode({"done": done}))

    async def variant(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = await request.post()
        entry_id = str(form.get("entry", "")).strip()
        wording = str(form.get("wording", "")).strip()
        wordings = [str(w) for w in form.getall("q", [])] or [wording]
        settings = c.settings
        return await apply(request, viewer, lambda: add_variant(
            settings.knowledge_dir, entry_id, wording, reply_max_bytes=reply_max(settings),
            qa_settings=settings.raw.get("qa")), "variant", entry_id, wordings,
            f"已把「{wording}」加到 {entry_id} 的问法里，机器人已经会答了。")

    async def entry(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = await request.post()
        entry_id = str(form.get("id", "")).strip()
        question = str(form.get("question", ""))
        wordings = [str(w) for w in form.getall("q", [])] or [question]
        similar = str(form.get("similar", "")).splitlines()
        settings = c.settings
        return await apply(request, viewer, lambda: add_entry(
            settings.knowledge_dir, str(form.get("file", "")), entry_id=entry_id, question=question,
            answer=str(form.get("answer", "")), similar=similar, reply_max_bytes=reply_max(settings),
            qa_settings=settings.raw.get("qa")), "entry", entry_id, wordings, f"已新建条目 {entry_id}，机器人已经会答了。")

    async def out_of_scope(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        form = await request.post()
        wordings = [str(w) for w in form.getall("q", [])]
        if not wordings:
            raise web.HTTPBadRequest(text="no question")
        return await apply(request, viewer, None, "out_of_scope", None, wordings, "已标为不在范围内。")

    async def kb_page(request: web.Request, viewer: Viewer, *, message: str = "", error: str = "",
                      problems: list[str] | None = None, status: int = 200) -> web.Response:
        settings = c.settings
        report = await asyncio.to_thread(run_checks, settings.knowledge_dir, reply_max(settings),
                                         settings.raw.get("qa"), settings.raw.get("find"))
        kb = c.services.kb
        return c.render("kb.html", viewer, title="知识库", summary=report.summary(),
                        problems=problems if problems is not None else report.problems,
                        loaded=len(kb.entry_ids) if kb is not None else 0, message=message, error=error,
                        status=status)

    async def kb_show(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        return await kb_page(request, viewer)

    async def kb_reload(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        problems: list[str] = []
        async with lock:
            ok = await asyncio.to_thread(reload_knowledge, c.services, problems)
        await c.audit(request, viewer, "kb-reload", "ok" if ok else f"{len(problems)} problems")
        if ok:
            return await kb_page(request, viewer, message="已重新加载，机器人在用新的知识库。")
        return await kb_page(request, viewer, error="文件有错，没有加载；机器人还在用原来的知识库。",
                             problems=problems, status=400)

    return [web.get("/admin/unanswered", c.page(show)),
            web.post("/admin/unanswered/variant", c.page(variant, county=True)),
            web.post("/admin/unanswered/entry", c.page(entry, county=True)),
            web.post("/admin/unanswered/out-of-scope", c.page(out_of_scope, county=True)),
            web.get("/admin/kb", c.page(kb_show, county=True)),
            web.post("/admin/kb/reload", c.page(kb_reload, county=True))]
