"""The contest sign-up conversation: 「报名」, answering the form's questions, 「确认」.

The draft is saved in the database after every answer (SignupRepository.save_draft), so a restart
or a user who wanders off can resume; its id is the idempotency key of the final confirmation.
After a confirmation the flow stays a few minutes in State.DONE, so a second 「确认」 (a double tap
on a slow network) is told the sign-up number instead of going to Q&A.

A crash between the commit and the reply (the conversation state is saved after the handler, so
it is then older than the commit, or gone) loses nothing the user confirmed:
* state still at the summary: 「确认」 again finds the row by the draft id and gives the
  confirmation (no second row); any other answer finds the draft refused by save_draft (its
  sign-up is stored) and is told the number;
* state gone (memory store restarted, Redis restarted): restore() finds no draft (deleted in the
  sign-up's transaction) but the user's sign-up stored within the resume window, and the new
  session starts in State.DONE, so 「确认」 is told the number;
* 「我的报名」 lists it either way, without calling its draft unfinished.
Stale drafts are removed in the sign-up's transaction, and refused or deleted by the repository
when a stale conversation or an old version brings one back.

A user who comes back to a kept draft (signup.draft_keep_days) is reminded of it before the reply
to their message, with 「报名」 to go on and 「放弃报名」 to drop it: by ``expired`` when their session
outlived the flow's idle timeout, by ``restore`` when the session itself is gone (its TTL has
nothing to do with the draft's); within resume_window_seconds of its last answer ``restore`` picks
the draft up by itself instead (a restart).
"""
from __future__ import annotations

import copy
import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import cn_date, county_today
from bot.core.logs import log_event
from bot.core.messages import Message, Reply
from bot.core.privacy import short_user
from bot.core.session import Context
from bot.forms.signup.answers import signup_settings
from bot.forms.signup.questions import ID_TAKEN, event_facts
from bot.forms.signup.record import NewSignup
from bot.forms.signup.slots import SIGNUP
from bot.forms.spec import Accept, Redirect, Reject, Suggest
from bot.storage.refusals import AlreadySignedUp, DeadlinePassed, EventFull, SignupRefused, TooManyEvents
from handlers.base import Handler, aside
from handlers.signup import mine, state
from handlers.signup.form import Form
from handlers.signup.state import State, state_of
from handlers.signup.words import (
    BACK_WORDS,
    CONTINUE_WORDS,
    EDIT_PREFIXES,
    QUIT_WORDS,
    RESTART_WORDS,
    SWITCH_EVENT_WORDS,
)
from knowledge.catalogue import Event
from knowledge.contest import desk_for
from knowledge.text import choice_number, has_han, is_question, strip_punct
from knowledge.words import CONFIRM_WORDS

log = logging.getLogger("handlers.signup")

# A question asked at a step that Q&A cannot answer outright: said, then the step again.
NO_ANSWER = "这个问题我现在答不上来，报完名可以再问我，或联系县活动办。"
MAYBE_QUESTION_CHARS = 4    # a rejected answer this long may be a question without a question word (报名要钱)
DONE_WINDOW = timedelta(minutes=5)      # how long after a confirmation a repeated 「确认」 is recognised
CANCEL_STEPS = (State.CANCEL_PICK, State.CANCEL_CONFIRM)
# Steps whose answer is free text (a name, a school): a rejected answer there is a mistyped value,
# never offered to Q&A as a question put plainly (a name may match an entry).
FREE_TEXT_SLOTS = frozenset({"name", "guardian_name", "team_name", "team_members", "school"})
PURGE_EVERY = 3600                      # seconds between purges of abandoned drafts
DROP_COMMAND = "放弃报名"                # outside the flow: deletes the kept draft (inside, a quit word)


class _AlreadyStored(Exception):
    """The draft being answered was confirmed already (its sign-up is stored): the conversation
    state is older than the commit."""

    def __init__(self, draft_id: str, row: Any = None):
        super().__init__(draft_id)
        self.draft_id = draft_id
        self.row = row                    # the stored sign-up, when the one who raised it read it already


def edit_target(word: str) -> str | None:
    """The slot a 「修改 手机号」 / 「改手机号」 names (``word`` normalised), else None."""
    for prefix in EDIT_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in SIGNUP.edit_words:
            return SIGNUP.edit_words[word[len(prefix):]]
    return None


def changes_event(ctx: Context, text: str) -> bool:
    """``text`` asks to change the event (报错了，换一个比赛; 不报这个了 想换一项), read as the desk reads
    it -- inside a sign-up, the event of this draft: nothing is stored yet to cancel."""
    if not ctx.services.catalogue:
        return False
    q = desk_for(ctx.services.catalogue).detect(text)
    return q is not None and "switch" in q.aspects and not q.fix


def resume(form: Form) -> str:
    """The step a question interrupted, asked again after the answer."""
    return "接着报名：\n" + form.prompt(again=True)


def kept(ctx: Context, draft: object, updated: datetime) -> bool:
    """A saved draft worth offering: one this version can go on with, not past draft_keep_days
    (the hourly purge may not have removed it yet)."""
    keep = timedelta(days=float(signup_settings(ctx).get("draft_keep_days", 7)))
    return state.usable(draft) and ctx.now - updated <= keep


async def kept_draft(ctx: Context) -> dict | None:
    """The user's unfinished draft as the database keeps it, if worth offering. A draft whose
    sign-up is stored already is deleted by load_draft, never offered."""
    if ctx.services.signups is None:
        return None
    saved = await ctx.services.signups.load_draft(ctx.user)
    return saved[0] if saved is not None and kept(ctx, *saved) else None


def where_left(ctx: Context, draft: dict) -> str:
    """「项目：赛马，填到：手机号」: the event and the question a draft stopped at."""
    form = Form(ctx, copy.deepcopy(draft))     # only described here: repaired (and said so) on 「继续」
    cur = form.current()
    where = "核对信息" if cur is None else SIGNUP.label(cur)
    what = f"项目：{form.event.name}，" if form.event else ""
    return f"{what}填到：{where}"


def reminder(ctx: Context, draft: dict) -> str:
    """Said before the reply to a user who comes back to a kept draft (the flow is not entered:
    their message is answered as it is)."""
    return (f"您刚才的报名还没填完（{where_left(ctx, draft)}），已经为您保存。"
            f"回复「报名」接着填写，回复「{DROP_COMMAND}」删除它。")


def suggestion_list(head: str, options: list[str]) -> str:
    lines = [head] + [f"{i}. {label}" for i, label in enumerate(options, 1)]
    lines.append("回复序号选择，或重新发送正确的名称。")
    return "\n".join(lines)


class SignupHandler(Handler):
    name = state.FLOW
    commands = {"报名": "start", "我的报名": "my_signups", "取消报名": "cancel_signup", DROP_COMMAND: "drop_draft"}
    restore_told = frozenset({"resume-offer", "resume", "dropped"})
    named_commands = {"报名": "start_event"}
    leave_words = QUIT_WORDS

    def __init__(self) -> None:
        self._last_purge = 0.0

    # -- commands ------------------------------------------------------------------------------
    async def start(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        await self._maybe_purge(ctx)
        draft = mine.session_draft(ctx)
        if draft is not None and await ctx.services.signups.by_idem_key(draft.get("id", "")) is not None:
            draft = None                  # confirmed already (the state is older than the commit): not unfinished
        if draft is None:
            draft = await kept_draft(ctx)
        if not draft or not draft.get("slots"):
            return await self._new_draft(ctx)
        ctx.enter(self.name, state.resume_offer(draft))
        return Reply(f"您有一份没填完的报名（{where_left(ctx, draft)}）。回复序号：\n1. 继续填写\n2. 重新开始",
                     outcome="resume-offer")

    async def start_event(self, ctx: Context, msg: Message, arg: str) -> Reply | None:
        """「报名 赛马」: a sign-up with the event already chosen; 「报名 演讲」 (a word for several
        events): which one, first; None when ``arg`` names no event."""
        desk = desk_for(ctx.services.catalogue) if ctx.services.catalogue else None
        event = desk.named_event(arg) if desk else None
        if event is None:
            named = desk.events_named(arg) if desk else []
            if len(named) < 2:
                return None
            ctx.enter(self.name, state.event_pick(ctx.session.data.get("draft") if ctx.session.flow == self.name
                                                  else None, [e.code for e in named]))
            return Reply(suggestion_list(f"“{arg.strip()}”有{len(named)}项比赛，您要报哪一项？", [e.name for e in named]),
                         outcome="suggest")
        why = ""
        if event.deadline < county_today(ctx.now):
            why = f"报名已于{cn_date(event.deadline)}截止"
        elif event.capacity is not None and await ctx.services.signups.event_taken(event.code) >= event.capacity:
            why = f"{event.capacity}个名额已经报满了"
        if why:
            return Reply(f"抱歉，「{event.name}」的{why}。回复「报名」看看其他项目。", outcome="closed")
        reply = await self.start(ctx, msg)
        if state_of(ctx.session.data) is State.RESUME_OFFER:   # a draft is waiting: 2 (重新开始) starts at this event
            ctx.session.data["side"]["event"] = event.code
            reply.text += f"\n（选 2 就直接报「{event.name}」。）"
            return reply
        return await self._new_draft(ctx, event)

    async def my_signups(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        return await mine.my_signups(ctx)

    async def cancel_signup(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        return await mine.ask_to_cancel(ctx, arg)

    async def drop_draft(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        """「放弃报名」 outside the flow (inside it, a quit word: ``cancel``): the kept draft the
        reminder spoke of is deleted."""
        draft = mine.session_draft(ctx)           # in progress, behind 「取消报名」's list
        if draft is not None:
            ctx.leave()
            await ctx.services.signups.delete_draft(ctx.user)
        else:
            draft = await kept_draft(ctx)
            if draft is None:
                return Reply("您没有没填完的报名。回复「报名」开始报名，回复「我的报名」查看已提交的报名，"
                             "要撤回已提交的报名请回复「取消报名」。", outcome="no-draft")
            await ctx.services.signups.delete_draft(ctx.user, draft["id"])
        log_event(log, "signup-abandoned", user=short_user(ctx.user), step=Form(ctx, draft).current() or "summary")
        return Reply("已放弃没填完的报名，填写的信息已删除。需要时回复「报名」重新开始。", outcome="dropped")

    # -- the flow ------------------------------------------------------------------------------
    def leaves(self, ctx: Context, text: str) -> bool:
        # While 「取消报名」 waits for a pick or a 「确认」, 算了 means "keep it" (KEEP_WORDS), not "leave".
        return state_of(ctx.session.data) not in CANCEL_STEPS and super().leaves(ctx, text)

    async def handle(self, ctx: Context, msg: Message) -> Reply | None:
        data = ctx.session.data
        match state_of(data):
            case State.DONE:
                return self._after_done(ctx, msg, data["done"])
            case State.RESUME_OFFER:
                return await self._answer_resume(ctx, msg)
            case State.CANCEL_PICK:
                picked = await mine.answer_cancel_pick(ctx, msg)
                if picked is not None or not data.get("draft"):
                    return picked                 # None: not a pick, passed on as if idle
                return await self.handle(ctx, msg)   # back to the draft: the message answers its step
            case State.CANCEL_CONFIRM:
                return await mine.answer_cancel_confirm(ctx, msg)
            case State.EVENT_PICK:
                picked = await self._answer_event_pick(ctx, msg)
                if picked is not None or not data.get("draft"):
                    return picked                 # None: not a pick, passed on as if idle
                return await self.handle(ctx, msg)   # back to the draft: the message answers its step
            case State.UNKNOWN_SIDE:
                data.pop("side")
                if data.get("draft"):
                    return Reply(Form(ctx, data["draft"]).prompt(), outcome="prompt")
                ctx.leave()
                return Reply("请回复「报名」开始报名，或回复「我的报名」查看。", outcome="prompt")
            case State.NO_DRAFT:
                ctx.leave()
                return Reply("报名已经结束。回复「报名」重新开始，回复「我的报名」查看。", outcome="no-draft")
            case State.FILLING | State.CHOOSING:
                restored = data.pop("restored", False)
                try:
                    reply = await self._answer(ctx, data["draft"], msg.text)
                except _AlreadyStored as stored:
                    return await self._already_stored(ctx, stored)
                if restored and reply.text:
                    reply.text = "（已接着您上次没填完的报名继续。）\n" + reply.text
                return reply

    async def cancel(self, ctx: Context) -> str:
        data = ctx.session.data
        match state_of(data):
            case State.CANCEL_PICK | State.CANCEL_CONFIRM:
                return "好的，没有取消您的报名。"
            case State.DONE:
                number = data["done"]["number"]
                return f"您的报名已经提交（报名号 {number}），没有取消。要取消这项报名，请回复「取消报名 {number}」。"
        draft = data.get("draft")
        await ctx.services.signups.delete_draft(ctx.user)
        if draft:
            log_event(log, "signup-abandoned", user=short_user(ctx.user), step=Form(ctx, draft).current() or "summary")
        return "已放弃本次报名，填写的信息已删除。需要时回复「报名」重新开始。"

    async def expired(self, ctx: Context) -> str:
        if ctx.services.signups is None:            # no database: only what the session holds
            draft = ctx.session.data.get("draft")
            return reminder(ctx, draft) if draft and draft.get("slots") else ""
        draft = await kept_draft(ctx)
        return reminder(ctx, draft) if draft and draft.get("slots") else ""

    async def restore(self, ctx: Context) -> str | None:
        """A new session (a restart, or the old one expired): a draft saved within the resume window
        is picked up by itself; an older one still kept gets the reminder, whatever outlived it
        (the session store's expiry is no business of the draft's). Failing a draft, a sign-up stored
        within the window, so a 「确认」 whose reply was lost is told its number."""
        signups = ctx.services.signups
        if signups is None:
            return None
        window = timedelta(seconds=float(signup_settings(ctx).get("resume_window_seconds", 1800)))
        saved, row = await signups.left_off(ctx.user, ctx.now - window)
        if saved is None:
            if row is None:
                return None
            ctx.enter(self.name, state.done_earlier(row, ctx.now))
            log_event(log, "signup-done-restored", user=short_user(ctx.user), id=row.id)
            return ""
        draft, updated = saved
        if not kept(ctx, draft, updated):
            return None
        if ctx.now - updated > window:
            if not draft.get("slots"):
                return None
            log_event(log, "signup-reminded", user=short_user(ctx.user))
            return reminder(ctx, draft)
        ctx.enter(self.name, state.filling(draft, restored=True))
        log_event(log, "signup-restored", user=short_user(ctx.user))
        return ""

    # -- side steps ----------------------------------------------------------------------------
    async def _answer_resume(self, ctx: Context, msg: Message) -> Reply:
        """「1. 继续填写 2. 重新开始」."""
        n, word = choice_number(msg.text), strip_punct(msg.text)
        if n == 1 or word in CONTINUE_WORDS:
            draft = ctx.session.data["draft"]
            ctx.enter(self.name, state.filling(draft))
            return Reply("好的，接着填写。\n" + Form(ctx, draft).prompt(), outcome="resume")
        if n == 2 or word in RESTART_WORDS:
            named = ctx.session.data["side"].get("event")
            return await self._new_draft(ctx, ctx.services.catalogue.event(named) if named else None)
        return Reply("请回复 1（继续填写）或 2（重新开始）。", outcome="invalid")

    async def _answer_event_pick(self, ctx: Context, msg: Message) -> Reply | None:
        """The answer to 「“演讲”有2项比赛，您要报哪一项？」: a number or a name of the list starts that
        sign-up, as 「报名 NAME」 would; anything else closes the list (None)."""
        data = ctx.session.data
        codes = data.pop("side").get("events") or []
        events = [e for e in map(ctx.services.catalogue.event, codes) if e is not None]
        n = choice_number(msg.text)
        named = desk_for(ctx.services.catalogue).named_event(msg.text)
        picked = events[n - 1] if n is not None and 1 <= n <= len(events) else named if named in events else None
        if picked is None:
            return None
        if not data.get("draft"):
            ctx.leave()
        return await self.start_event(ctx, msg, picked.name)

    def _after_done(self, ctx: Context, msg: Message, done: dict) -> Reply | None:
        """The message after a confirmation: a repeated 「确认」 is told the number; anything else
        ends the flow and is passed on (None), so a question right after signing up gets answered."""
        recent = ctx.now - datetime.fromisoformat(done["at"]) <= DONE_WINDOW
        if recent and strip_punct(msg.text) in CONFIRM_WORDS:
            what = f"（{done['what']}）" if done.get("what") else ""
            return Reply(f"已报名成功，报名号 {done['number']}{what}，不用再确认。回复「我的报名」查看，"
                         "回复「报名」报其他项目或帮别人报名。", outcome="already-confirmed")
        return None

    async def _already_stored(self, ctx: Context, stored: _AlreadyStored) -> Reply:
        """The draft answered was confirmed already (a crash lost the reply and the state's update):
        say so with its number instead of taking the answer."""
        row = stored.row or await ctx.services.signups.by_idem_key(stored.draft_id)
        assert row is not None                  # save_draft refused the draft because this row exists
        ctx.enter(self.name, state.done_earlier(row, ctx.now))
        log_event(log, "signup-stale-draft", user=short_user(ctx.user), id=row.id)
        return Reply(f"已报名成功，报名号 {row.number}（{row.event_name}，{row.name}）：这份报名已经提交了，不用再填。"
                     "回复「我的报名」查看，回复「报名」报其他项目或帮别人报名。", outcome="already-confirmed")

    # -- filling in ----------------------------------------------------------------------------
    async def _answer(self, ctx: Context, draft: dict, text: str) -> Reply:
        form = Form(ctx, draft)
        word = strip_punct(text)
        if form.repaired:               # the catalogue was reloaded since the draft began
            await self._save(ctx, draft)
            return Reply(form.prompt(), outcome="reselect")
        form.prune()

        if word in BACK_WORDS:
            draft.pop("suggest", None)
            moved = form.back()
            await self._save(ctx, draft)
            return Reply(("" if moved else "已经是第一步了。\n") + form.prompt(), outcome="back")
        if (word in SWITCH_EVENT_WORDS or changes_event(ctx, text)) and "event" in form.slots:
            form.unset("event")
            await self._save(ctx, draft)
            return Reply("好的，请重新选择项目（已填的信息会保留）。\n" + form.prompt(), outcome="switch-event")
        if word in RESTART_WORDS:
            return await self._new_draft(ctx)
        target = edit_target(word)
        if target is not None:
            return await self._edit(ctx, form, target)

        slot = form.current()
        if is_question(text):
            # Asked, not answered (奖品有啥, 射箭要自己带弓吗): never taken as this step's answer (nor as
            # a pick from a "did you mean" list, which is dropped); Q&A answers, then the step again.
            if draft.pop("suggest", None):
                await self._save(ctx, draft)
            again = resume(form)
            return aside(f"{form.help(text) or NO_ANSWER}\n\n{again}", again)
        if slot is None:
            # At the summary nothing is saved, so only a look tells "not submitted yet" from a state
            # older than the commit (「确认」 itself finds the row by the draft id in confirm()).
            if word not in CONFIRM_WORDS:
                stored = await ctx.services.signups.by_idem_key(form.d["id"])
                if stored is not None:
                    raise _AlreadyStored(form.d["id"], stored)
            if word.startswith("修改"):
                labels = "、".join(form.edit_words())
                return Reply(f"可以修改的有：{labels}。例如回复“修改 手机号”。\n\n{form.summary()}", outcome="invalid")
            return await self._confirm(ctx, form, word)
        if not word and not choice_number(text):
            head = "请用文字回复（表情和符号我看不懂）。" if (text or "").strip() else "没有收到内容。"
            return Reply(head + form.prompt(), outcome="invalid")

        # A "did you mean" list on screen: a number picks one of its options, and only one of them.
        options = state.pending_choice(draft, slot)
        if options is not None:
            n = choice_number(text)
            if n is not None and not 1 <= n <= len(options):
                which = "1" if len(options) == 1 else f"1–{len(options)}的序号"
                return Reply(suggestion_list(f"请回复{which}选择：", options), outcome="suggest")
            draft.pop("suggest", None)
            if n is not None:
                text = options[n - 1]

        match await form.parse(slot, text):
            case Reject(message):
                await self._save(ctx, draft)
                if len(word) >= MAYBE_QUESTION_CHARS and has_han(word) and slot not in FREE_TEXT_SLOTS:
                    # Not this step's answer, and long enough to be a question put plainly (报名要钱):
                    # Q&A's direct answer if it has one, else this message.
                    return aside(message, resume(form), sure=False, outcome="invalid")
                return Reply(message, outcome="invalid")
            case Suggest(message, offered):
                state.choosing(draft, slot, offered)
                await self._save(ctx, draft)
                return Reply(suggestion_list(message, offered), outcome="suggest")
            case Redirect(message, unset, fill):
                for name in unset:
                    form.unset(name)
                form.slots.update(fill)
                await self._save(ctx, draft)
                return Reply(message, outcome="redirect")
            case Accept() as accepted:
                form.take(slot, accepted)
        await self._save(ctx, draft)
        nxt = form.current()
        head = ""
        if slot in ("category", "event") and form.event is not None and nxt != "consent":
            head = f"已选择「{form.event.name}」（{event_facts(form.event)}）。\n"
        return Reply(head + form.prompt(), outcome="prompt" if nxt else "summary")

    async def _edit(self, ctx: Context, form: Form, slot: str) -> Reply:
        """「修改 手机号」: empty that slot (and those answered in its light) and ask again. Never an answer."""
        label = SIGNUP.label(slot)
        if slot in form.slots:
            form.unset(slot)
            await self._save(ctx, form.d)
            return Reply(form.prompt(), outcome="edit")
        if slot in form.needed():
            return Reply(f"还没填到{label}，先回答这一步：\n{form.prompt()}", outcome="invalid")
        return Reply(f"这次报名不用填{label}。\n{form.prompt()}", outcome="invalid")

    # -- 「确认」 --------------------------------------------------------------------------------
    async def _confirm(self, ctx: Context, form: Form, word: str) -> Reply:
        if word not in CONFIRM_WORDS:
            return Reply("还没有提交。" + form.summary(), outcome="invalid")
        if form.incomplete():
            await self._save(ctx, form.d)
            return Reply("还有信息需要补充。\n" + form.prompt(), outcome="prompt")
        new = form.record()
        signups, campaign = ctx.services.signups, form.cat.campaign
        try:
            row, created = await signups.confirm(new, today=form.today, max_events=campaign.max_events_per_person,
                                                 now=ctx.now)
        except SignupRefused as refused:
            return await self._refused(ctx, form, new, refused)
        if not created:                   # (a stored sign-up's transaction deleted its draft)
            await signups.delete_draft(ctx.user, form.d["id"])
        ctx.enter(self.name, state.done(row.number, ctx.now))
        if created:
            log_event(log, "signup-confirmed", user=short_user(ctx.user), event_code=row.event_code, id=row.id,
                      for_other=row.for_other, id_number=row.id_hash is not None)
        return Reply(f"报名成功！报名号：{row.number}\n项目：{row.event_name}\n选手：{row.name}（{row.township}{row.village}）\n"
                     "比赛时间和地点会由村里或乡镇通知，请保持电话畅通。"
                     f"{campaign.contact_line()}\n回复「我的报名」查看，回复「报名」报其他项目或帮别人报名。",
                     outcome="confirmed" if created else "confirmed-again")

    async def _refused(self, ctx: Context, form: Form, new: NewSignup, refused: SignupRefused) -> Reply:
        """Storage refused the confirmation: nothing was stored; the draft is kept for another try."""
        who = new.name if form.for_other else "您"
        match refused:
            case AlreadySignedUp(existing=existing):
                form.unset("event")           # kept, minus the event, so another one can be chosen
                if existing is not None and existing.openid == ctx.user:
                    why = f"{who}已经报过「{new.event.name}」了（报名号 {existing.number}），这次没有保存。"
                else:                         # someone else's sign-up (same ID number): nothing about it
                    why = ID_TAKEN + "这次没有保存。"
                text = (f"{why}已填的信息会保留，可以改选其他项目；回复「我的报名」查看，回复「取消」放弃。\n"
                        + form.prompt())
            case TooManyEvents(limit=limit):
                # Kept as it is: after 「取消报名 序号」 for another event, 「确认」 stores it.
                text = (f"每人最多报{limit}个项目，{who}已经报满了，这次没有保存。已填的信息会保留："
                        "回复「我的报名」查看，「取消报名 序号」取消一项后再回复「确认」提交；"
                        "或回复「取消」放弃本次报名。")
            case EventFull() | DeadlinePassed():
                form.unset("event")
                why = "名额刚刚报满了" if isinstance(refused, EventFull) else "报名已经截止了"
                text = (f"抱歉，「{new.event.name}」{why}，这次没有保存。已填的信息会保留，请改选其他项目。\n"
                        + form.prompt())
            case _:
                raise refused
        await self._save(ctx, form.d)
        return Reply(text, outcome=refused.reason)

    # -- drafts --------------------------------------------------------------------------------
    async def _new_draft(self, ctx: Context, event: Event | None = None) -> Reply:
        """A new draft; with ``event`` (「报名 赛马」) chosen already."""
        slots = {"category": event.category, "event": event.code} if event is not None else {}
        draft = {"id": uuid.uuid4().hex, "v": state.DRAFT_VERSION, "slots": slots}
        await ctx.services.signups.delete_draft(ctx.user)
        ctx.enter(self.name, state.filling(draft))
        head = f"报名「{event.name}」（{event_facts(event)}）。\n" if event is not None else ""
        return Reply(head + Form(ctx, draft).prompt(), outcome="start")

    async def _save(self, ctx: Context, draft: dict) -> None:
        if not await ctx.services.signups.save_draft(ctx.user, draft["id"], draft, ctx.now):
            raise _AlreadyStored(draft["id"])

    async def _maybe_purge(self, ctx: Context) -> None:
        if time.monotonic() - self._last_purge < PURGE_EVERY or ctx.services.signups is None:
            return
        self._last_purge = time.monotonic()
        days = float(signup_settings(ctx).get("draft_keep_days", 7))
        removed = await ctx.services.signups.purge_drafts(ctx.now - timedelta(days=days))
        if removed:
            log_event(log, "drafts-purged", count=removed)
