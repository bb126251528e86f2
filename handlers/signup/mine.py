"""「我的报名」 and 「取消报名」: the user's own active sign-ups, and cancelling one of them.

「取消报名 N」: N is the 序号 shown by 「我的报名」; 「取消报名 BM000042」 names a sign-up number.
Only the user's own active sign-ups can be picked, and nothing about others' is said. A draft
being filled in meanwhile is kept and picked up again after the cancellation step.
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from bot.core.logs import log_event
from bot.core.messages import Message, Reply
from bot.core.privacy import mask_phone, short_user
from bot.core.session import Context
from bot.forms.signup.record import signup_number
from bot.forms.validators import echo, parse_yes_no
from handlers.signup import state
from handlers.signup.form import Form
from handlers.signup.words import CONFIRM_CANCEL_WORDS, KEEP_WORDS
from knowledge.text import choice_number, plain_reply as word_of, strip_punct
from knowledge.words import CONFIRM_WORDS

if TYPE_CHECKING:
    from bot.storage.signups import Signup

log = logging.getLogger("handlers.signup")

# 「取消报名 BM000042」: a sign-up number, as opposed to a 序号 of 「我的报名」.
_SIGNUP_NUMBER_RE = re.compile(r"^bm0*([0-9]{1,9})$")


def cancel_target(arg: str) -> tuple[str, int] | None:
    """What 「取消报名 …」 points at: ("number", id) for a sign-up number (BM000042), ("seq", n) for
    the n-th line of 「我的报名」 (1, 一, 第一项), None when it is neither."""
    word = strip_punct(arg)
    if not word:
        return None
    m = _SIGNUP_NUMBER_RE.match(word)
    if m:
        return "number", int(m.group(1))
    n = choice_number(word)
    return ("seq", n) if n is not None else None


def signup_line(i: int, r: Signup) -> str:
    who = f"{r.name}" + ("（代报）" if r.for_other else "")
    team = f"，队名：{r.team_name}" if r.team_name else ""
    phone = f"，{mask_phone(r.phone)}" if r.phone else ""
    head = f"{i}. " if i else "　"
    return f"{head}{r.event_name} — {who}{phone}{team}，报名号 {r.number}"


def session_draft(ctx: Context) -> dict | None:
    """The draft of the user's sign-up flow, if they are in it."""
    return ctx.session.data.get("draft") if ctx.session.flow == state.FLOW else None


def draft_note(ctx: Context) -> str:
    """A reminder of an unfinished draft, with its current question."""
    draft = session_draft(ctx)
    if not draft or not draft.get("slots"):
        return ""
    return "\n\n您还有一份报名没填完：\n" + Form(ctx, draft).prompt()


async def my_signups(ctx: Context) -> Reply:
    rows = await ctx.services.signups.list_for_user(ctx.user)
    draft = session_draft(ctx)
    stored = next((r for r in rows if draft and r.idem_key == draft.get("id")), None)
    if stored is not None:       # the draft on screen is listed: a crash lost the confirmation's reply
        ctx.enter(state.FLOW, state.done_earlier(stored, ctx.now))
    note = draft_note(ctx)
    if not rows:
        return Reply("您还没有报名记录。回复「报名」开始报名。" + note, outcome="empty")
    lines = [f"您的报名（共{len(rows)}项）："]
    lines += [signup_line(i, r) for i, r in enumerate(rows, 1)]
    lines.append(f"要取消某一项，回复「取消报名 序号」，序号是每行前面的数字，例如“取消报名 1”；"
                 f"也可以用报名号，例如“取消报名 {rows[0].number}”。回复「报名」继续报名。")
    return Reply("\n".join(lines) + note, outcome="list")


async def ask_to_cancel(ctx: Context, arg: str) -> Reply:
    """「取消报名 …」: find the sign-up meant and ask to confirm (State.CANCEL_CONFIRM)."""
    rows = await ctx.services.signups.list_for_user(ctx.user)
    draft = session_draft(ctx)
    if not rows and draft and Form(ctx, draft).event:
        # inside a sign-up: nothing stored to cancel, this draft is left or its event changed
        return Reply(f"您还没有提交过报名；正在填的「{Form(ctx, draft).event.name}」还没提交，不用取消。"
                     "不想报了回复「取消」放弃这次报名；想换项目回复「换项目」，已填的信息会保留。", outcome="empty")
    if not rows:
        # nothing to take back yet: how it is done once there is (and how to change an event), not only 「没有」
        return Reply("您还没有可以取消的报名。报名以后要取消：发「我的报名」看序号，再发「取消报名 序号」"
                     "（如“取消报名 1”）并回复「确认」；想换项目，先取消原来那项，再发「报名」重新报。"
                     "回复「报名」开始报名。", outcome="empty")
    listing = "\n".join(signup_line(i, r) for i, r in enumerate(rows, 1))
    again = "回复「取消报名 序号」取消其中一项（序号是每行前面的数字）。"
    target = cancel_target(arg)
    if target is None:
        head = f"没看懂“{echo(arg)}”。" if strip_punct(arg) else ""
        # The list is on screen: a bare 「1」 or 「第一个」 next picks from it (State.CANCEL_PICK).
        ctx.enter(state.FLOW, state.cancel_pick(session_draft(ctx)))
        return Reply(f"{head}要取消哪一项？回复序号，例如“1”：\n{listing}\n不取消请回复「不」。",
                     outcome="ask" if not head else "invalid")
    kind, value = target
    if kind == "seq":
        if not 1 <= value <= len(rows):
            return Reply(f"没有第{value}项。您现在有{len(rows)}项报名：\n{listing}\n{again}", outcome="invalid")
        n, row = value, rows[value - 1]
    else:
        row = next((r for r in rows if r.id == value), None)
        if row is None:
            return Reply(f"您的报名里没有报名号 {signup_number(value)}。您现在有{len(rows)}项报名：\n"
                         f"{listing}\n{again}", outcome="invalid")
        n = rows.index(row) + 1
    ctx.enter(state.FLOW, state.cancel_confirm(session_draft(ctx), row.id, n))
    return Reply(f"确定要取消第{n}项吗？\n{signup_line(0, row)}\n"
                 "回复「确认」取消这项报名；回复「不」保留。", outcome="confirm-cancel")


async def answer_cancel_pick(ctx: Context, msg: Message) -> Reply | None:
    """The message after 「取消报名」 listed the sign-ups: a number (1, 第一个, 一) or a sign-up number
    picks one; anything else closes the list -- 「不」 says so, and the rest goes on as if the list
    had not been shown (back to the draft, if there is one, else passed on: None)."""
    data = ctx.session.data
    data.pop("side")
    target = cancel_target(msg.text)
    if target is not None:
        return await ask_to_cancel(ctx, msg.text)
    if word_of(msg.text) in KEEP_WORDS or parse_yes_no(msg.text) is False:
        text = "好的，没有取消。"
        if data.get("draft"):
            return Reply(text + "\n\n接着填写您的报名：\n" + Form(ctx, data["draft"]).prompt(), outcome="kept")
        ctx.leave()
        return Reply(text + "回复「我的报名」查看，回复「报名」报名。", outcome="kept")
    return None


async def answer_cancel_confirm(ctx: Context, msg: Message) -> Reply:
    """The answer to 「确定要取消第N项吗？」; then back to the draft, if there is one."""
    data = ctx.session.data
    side = data["side"]
    word = strip_punct(msg.text)
    yes_no = parse_yes_no(msg.text)
    yes = word in CONFIRM_WORDS or word in CONFIRM_CANCEL_WORDS or yes_no is True
    no = yes_no is False or word in KEEP_WORDS
    if not yes and not no:
        return Reply("回复「确认」取消这项报名；回复「不」保留。", outcome="invalid")
    data.pop("side")
    if not yes:
        text, outcome = "好的，保留了这项报名。", "kept"
    elif (row := await ctx.services.signups.cancel(ctx.user, side["id"], now=ctx.now)) is None:
        text, outcome = "这项报名已经取消过了，或不是您提交的。回复「我的报名」查看。", "invalid"
    else:
        text = (f"已取消：{row.event_name}（{row.name}，报名号 {row.number}）。"
                "记录保留为“已取消”，截止前还可以重新报名。")
        log_event(log, "signup-cancelled", user=short_user(ctx.user), event_code=row.event_code, id=row.id)
        outcome = "cancelled"
    if data.get("draft"):
        text += "\n\n接着填写您的报名：\n" + Form(ctx, data["draft"]).prompt()
    else:
        ctx.leave()
        text += "回复「我的报名」查看，回复「报名」报名。" if outcome != "invalid" else ""
    return Reply(text, outcome=outcome)
