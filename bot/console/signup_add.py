"""/admin/signups/new: a cadre adds a sign-up for someone without a phone (代报名).

The form is the chat's sign-up form laid out on one page: its fields, labels, choices, hints and
order are the slot table's (bot.forms.signup.slots, each row's ``widget``), and every answer goes
through that slot's own parser, in the chat's order, on the same draft object (handlers.signup.form.Form)
-- so age against the event, the guardian of a minor, the phone being optional for someone else,
the ID number's checks and encryption are the chat's. The record is stored by the same
``SignupRepository.confirm`` (capacity, deadline, duplicates, per-person limit in one transaction).

It is always a sign-up on someone else's behalf, entered by the cadre: ``entered_by`` is the account
name (录入人 in the export). All console entries share one entrant (CONSOLE_USER), so the same person
entered by two cadres is one person for duplicates and the per-person limit, as for one WeChat user.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from aiohttp import web

from bot.console.auth import Viewer
from bot.console.web import Console, Forbidden
from bot.core.session import Context, Session
from bot.forms.signup.slots import SIGNUP
from bot.forms.spec import Accept, Redirect, Reject, Slot, Suggest
from bot.storage.refusals import AlreadySignedUp, DeadlinePassed, EventFull, SignupRefused, TooManyEvents
from handlers.signup.form import Form

CONSOLE_USER = "console"                  # the entrant of every console sign-up (never a WeChat openid)
PRESET = {"for_other": "2"}               # the chat's 「2. 帮别人报名」: a cadre enters it for someone else
FORM_ID = re.compile(r"^[0-9a-f]{32}$")
# The chat's messages end with what to reply next (「回复「上一步」…」); on a form that part is noise.
CHAT_ONLY = re.compile(r"回复|发「|「上一步」|「取消」|「换项目」")


def plain(message: str) -> str:
    """A parser's message for a form: its first line, without the sentences telling what to reply."""
    first = message.strip().split("\n", 1)[0]
    kept = "".join(p for p in re.findall(r"[^。；！？]+[。；！？]?", first) if not CHAT_ONLY.search(p))
    kept = kept.rstrip("；，：:")
    if kept and kept[-1] not in "。！？）)":
        kept += "。"
    return kept or first


@dataclass
class Outcome:
    """What the form's answers came to: the draft (complete when there are no errors), the errors
    by field ("" for those at the top)."""

    form: Form
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


async def new_form(c: Console, form_id: str) -> Form:
    """A draft with the console's own answers (PRESET) given, through their parsers."""
    ctx = Context(user=CONSOLE_USER, session=Session(), services=c.services)
    form = Form(ctx, {"id": "console-" + form_id, "slots": {}})
    for name, text in PRESET.items():
        parsed = await form.parse(name, text)
        assert isinstance(parsed, Accept), (name, parsed)
        form.take(name, parsed)
    return form


async def fill(form: Form, posted: dict[str, str]) -> Outcome:
    """Answer the slots in the chat's order from the posted fields, each by its own parser.

    After a refusal the later fields are still checked, so a cadre sees every mistake at once;
    a field that depends on a refused one (the village on the township) is not, and neither is
    one whose parser needs an answer that is not there yet (the age needs the event): it is
    checked once the field above is right.
    """
    out = Outcome(form)
    for slot in SIGNUP:
        if slot.widget is None or slot.name in form.slots or not slot.applies(form):
            continue
        if any(d in out.errors for d in slot.depends_on):
            continue
        text = posted.get(slot.name, "").strip()
        if not text:
            if slot.widget.blank is None:
                out.errors[slot.name] = f"{slot.label}：还没{'选' if slot.widget.kind == 'select' else '填'}。"
                continue
            text = slot.widget.blank
        try:
            parsed = await form.parse(slot.name, text)
        except (AttributeError, KeyError, TypeError):
            if not out.errors:            # nothing refused above: a real bug, not a missing answer
                raise
            continue
        match parsed:
            case Accept():
                form.take(slot.name, parsed)
            case Suggest(message=message, options=options):
                out.errors[slot.name] = plain(message) + "、".join(options)
            case Reject(message=message) | Redirect(message=message):
                out.errors[slot.name] = plain(message)
    if not out.errors:
        for missing in form.incomplete():           # a rule of the table the fields did not meet
            out.errors[missing] = f"{SIGNUP.label(missing)}：还没填。"
    return out


def refusal(viewer: Viewer, form: Form, refused: SignupRefused) -> tuple[str, str]:
    """(field, message) for a refusal by the database; nothing was stored."""
    name, event = form.slots.get("name", ""), form.event.name if form.event else ""
    match refused:
        case AlreadySignedUp(existing=existing):
            if existing is not None and (viewer.is_county or existing.township == viewer.township):
                return "event", f"{name}已经报过「{event}」了（报名号 {existing.number}），这次没有保存。"
            return "event", f"{name}已经有「{event}」的报名（同一身份证号），这次没有保存；如有疑问请联系县活动办。"
        case TooManyEvents(limit=limit):
            return "", (f"每人最多报{limit}个项目，{name}已经报满了，这次没有保存。"
                        "要改报这个项目，请先在报名名单里取消一项。")
        case EventFull():
            return "event", f"「{event}」的名额已经报满了，这次没有保存。请改选其他项目。"
        case DeadlinePassed():
            return "event", f"「{event}」的报名已经截止了，这次没有保存。请改选其他项目。"
    raise refused


def fields(viewer: Viewer, form: Form, posted: dict[str, str], errors: dict[str, str]) -> list[dict]:
    """The form's fields, from the slot table in its order; a township account's township is fixed."""
    shown = []
    for slot in SIGNUP:
        w = slot.widget
        if w is None:
            continue
        choices = w.choices(form) if w.choices else []
        if not viewer.is_county and slot.name == "township":
            choices = [ch for ch in choices if ch.value == viewer.township]
        if not viewer.is_county and w.follows == "township":
            choices = [ch for ch in choices if ch.group == viewer.township]
        value = posted.get(slot.name, "")
        if not viewer.is_county and slot.name == "township":
            value = viewer.township
        shown.append({"name": slot.name, "label": slot.label, "kind": w.kind, "choices": choices,
                      "follows": w.follows, "hint": w.hint(form) if w.hint else "", "checked": w.checked,
                      "value": value, "error": errors.get(slot.name, ""), "optional": w.blank is not None})
    return shown


def routes(c: Console) -> list[web.RouteDef]:
    async def render(viewer: Viewer, form_id: str, posted: dict[str, str], errors: dict[str, str],
                     status: int = 200) -> web.Response:
        top = [errors[k] for k in errors if k == "" or SIGNUP[k].widget is None]
        return c.render("signup_new.html", viewer, status=status, title="新增报名", form_id=form_id,
                        fields=fields(viewer, await new_form(c, form_id), posted, errors), top=top,
                        error="请改正标红的地方后再提交，这次没有保存。" if errors else None)

    async def blank(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        township = c.township_scope(viewer, request.query.get("township"))
        posted = {"township": township} if township else {}
        return await render(viewer, uuid.uuid4().hex, posted, {})

    async def add(request: web.Request, viewer: Viewer) -> web.StreamResponse:
        data = await request.post()
        posted = {slot.name: str(data.get(slot.name, ""))[:400] for slot in SIGNUP if slot.widget is not None}
        # Another township's sign-up is refused outright (403), before anything is checked or stored.
        posted["township"] = c.township_scope(viewer, posted.get("township")) or ""
        form_id = str(data.get("form_id", ""))
        if not FORM_ID.match(form_id):
            form_id = uuid.uuid4().hex
        out = await fill(await new_form(c, form_id), posted)
        if not out.ok:
            return await render(viewer, form_id, posted, out.errors, status=400)
        form = out.form
        new = form.record()
        new.columns["entered_by"] = viewer.name
        signups = c.services.signups
        try:
            row, created = await signups.confirm(new, today=form.today, now=c.now(),
                                                 max_events=form.cat.campaign.max_events_per_person)
        except SignupRefused as refused:
            where, message = refusal(viewer, form, refused)
            return await render(viewer, form_id, posted, {where: message}, status=409)
        if not viewer.is_county and row.township != viewer.township:     # a form id reused from elsewhere
            raise Forbidden(text=f"这个报名不在{viewer.township}。")
        if created:                 # a second submit of the same form goes to the sign-up it made
            await c.audit(request, viewer, "signup-add", f"{row.number} {row.event_name} {row.township}{row.village}")
        raise web.HTTPSeeOther(f"/admin/signups/{row.id}?added=1")

    return [web.get("/admin/signups/new", c.page(blank)),
            web.post("/admin/signups/new", c.page(add))]
