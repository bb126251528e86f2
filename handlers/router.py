"""Conversation router: per-user session, global commands, dispatch to handlers, paging.

Data flows one way: protocol -> router -> handler -> knowledge/storage -> reply.
The router knows no XML and no SQL; handlers know nothing of each other.
"""
from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Callable

from bot.core.health import Unavailable
from bot.core.logs import log_event
from bot.core.messages import Message, Reply
from bot.core.session import Context, Services, Session
from handlers.base import ASIDE, RESUME, Handler
from knowledge.text import strip_punct

if TYPE_CHECKING:
    from bot.storage.state import StateStore      # handed in by the app (memory or Redis)

MENU_ITEMS = [
    # (number, label, command it runs)
    ("1", "政策问答（直接发问题，如“比赛有哪些项目”）", "我要提问"),
    ("2", "报名参赛", "报名"),
    ("3", "我的报名", "我的报名"),
    ("4", "答题练习", "答题"),
    ("5", "错题本", "错题本"),
    ("6", "排行榜", "排行榜"),
]
HELP_WORDS = {"帮助", "菜单", "help", "menu", "主菜单"}
LEAVE_WORDS = {"退出", "取消", "结束", "quit", "exit"}
MORE_WORDS = {"更多", "下一页", "继续看"}
PAGE_FOOTER_CHARS = 24         # 「（第1/2页，回复「更多」看下一页）」 and its line break
# An answer (Q&A, a contest question) fits one phone screen; the rest waits behind 「更多」. Flow
# steps are not cut: their lists must be seen whole to be answered.
ANSWER_MAX_CHARS = 300


def answer_max_chars(settings) -> int:
    """An answer's first page (config.yaml server.answer_max_chars): the router pages answers by it
    and Q&A offers related questions only where they fit in it."""
    if settings is None:
        return ANSWER_MAX_CHARS
    return int(settings.get("server", "answer_max_chars", ANSWER_MAX_CHARS))


ASK_WORDS = {"我要提问", "提问", "问答", "政策问答"}
QA_PROMPT = "请直接发送您想问的问题，文字或语音都可以，例如：“比赛有哪些项目？”“怎么报名？”"
# When something the reply needs is down or fails (database, Redis, a bug): polite, and says what to do.
BUSY_REPLY = "抱歉，系统有点忙，请稍后再发一次。发送「菜单」看看我能做什么。"
# What can be answered while the conversation state cannot be read: no flow is known, nothing is kept.
# Replies that are answers (one of them saying part of what was asked is missing): the first page fits a screen.
ANSWERS = frozenset({"answer", "partial"})
STATELESS_OUTCOMES = ANSWERS | {"greeting"}

log = logging.getLogger(__name__)

def command_word(text: str) -> str:
    """Text reduced for command matching: NFKC, traditional -> simplified, lower-case,
    no spaces or punctuation (so 「報 名！」 is 报名)."""
    return strip_punct(text)


def menu_text(intro: str = "") -> str:
    lines = [intro or "您好！我是洛隆县“红色昌都·振兴奋进”活动小助手。请回复数字或文字："]
    lines += [f"{n}. {label}" for n, label, _ in MENU_ITEMS]
    lines.append("随时发送「菜单」回到这里，发送「退出」结束当前操作。")
    return "\n".join(lines)


def split_pages(text: str, max_bytes: int, max_chars: int | None = None) -> list[str]:
    """Split a long reply at line ends (or inside a line if it must) into pages under max_bytes
    (and, when given, max_chars characters: one phone screen)."""
    if len(text.encode()) <= max_bytes and (max_chars is None or len(text) <= max_chars):
        return [text]
    room = max_bytes - 80          # leave space for the page footer
    chars = (max_chars or len(text)) - PAGE_FOOTER_CHARS

    def fits(s: str) -> bool:
        return len(s.encode()) <= room and len(s) <= chars

    pages: list[str] = []
    current = ""
    for line in text.split("\n"):
        while not fits(line):                           # one very long line: cut by characters
            cut = len(line)
            while not fits(line[:cut]):
                cut = cut * 3 // 4
            if current:
                pages.append(current)
                current = ""
            pages.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if not fits(candidate):
            pages.append(current)
            current = line
        else:
            current = candidate
    if current:
        pages.append(current)
    total = len(pages)
    return [p + (f"\n（第{i}/{total}页，回复「更多」看下一页）" if i < total else f"\n（第{i}/{total}页，完）")
            for i, p in enumerate(pages, 1)]


class Router:
    def __init__(self, services: Services, store: StateStore, handlers: list[Handler],
                 idle_timeout: float = 1800, reply_max_bytes: int = 2000, click_commands: dict | None = None,
                 answer_max_chars: int | None = ANSWER_MAX_CHARS):
        self.services = services
        self.store = store
        self.handlers = {h.name: h for h in handlers}
        self.idle_timeout = idle_timeout
        self.reply_max_bytes = reply_max_bytes
        self.answer_max_chars = answer_max_chars
        self.click_commands = click_commands or {}
        # Global command word -> (handler, method name); longest first so 取消报名 beats 取消.
        self.commands: dict[str, tuple[Handler, str]] = {}
        for h in handlers:
            for word, method in h.commands.items():
                self.commands[command_word(word)] = (h, method)
        self._command_re = re.compile(
            "^(" + "|".join(sorted(map(re.escape, self.commands), key=len, reverse=True))
            + r")((?:bm)?\d*|[零一二两三四五六七八九十]+)$"
        ) if self.commands else None
        # 「报名 赛马」: a command word followed by a name (tried after the numbered form above).
        self.named: dict[str, tuple[Handler, str]] = {
            command_word(word): (h, method) for h in handlers for word, method in h.named_commands.items()}
        self._named_re = re.compile(
            "^(" + "|".join(sorted(map(re.escape, self.named), key=len, reverse=True)) + ")(.+)$"
        ) if self.named else None

    async def dispatch(self, msg: Message, on_reply: Callable[[Reply], None] | None = None) -> Reply:
        """The reply to ``msg``; ``on_reply(reply)``, when given, is called with it while the user's
        lock is still held (the retry cache's reply goes with the lock's release: bot.wechat.dedupe)."""
        lock = self.store.lock(msg.user)
        try:
            await lock.__aenter__()
        except Unavailable as e:
            return await self.stateless(msg, e)
        # `async with lock` from here, spelled out: the lock's failure above is answered apart, and an
        # AsyncExitStack for that was a tenth of the router's own time on every message.
        try:
            reply = await self._dispatch_locked(msg, on_reply)
        except BaseException as e:
            await lock.__aexit__(type(e), e, e.__traceback__)
            raise
        await lock.__aexit__(None, None, None)
        return reply

    async def _dispatch_locked(self, msg: Message, on_reply: Callable[[Reply], None] | None) -> Reply:
        try:
            raw = await self.store.load(msg.user)
        except Unavailable as e:
            return await self.stateless(msg, e)
        session = Session.from_dict(raw)
        ctx = Context(msg.user, session, self.services)
        now = ctx.now.timestamp()
        notes: list[str] = []
        reminded_by: Handler | None = None        # the flow whose expired()/restore() put a reminder in notes
        reminder = ""
        pending, session.pending = session.pending, []
        if pending:                               # replies that missed the 5 s budget last time
            notes.append("【您上一条消息的回复】\n" + "\n\n".join(pending))
        try:
            if session.flow and session.touched:
                handler = self.handlers.get(session.flow)
                timeout = (handler.idle_timeout if handler and handler.idle_timeout else self.idle_timeout)
                if now - session.touched > timeout:
                    note = await handler.expired(ctx) if handler else ""
                    ctx.leave()
                    if note:
                        notes.append(note)
                        reminded_by, reminder = handler, note
            if raw is None:                       # a new session: a flow may have a saved draft
                for handler in self.handlers.values():
                    note = await handler.restore(ctx)
                    if note is not None:
                        if note:
                            notes.append(note)
                            reminded_by, reminder = handler, note
                        break
        except Exception as e:
            if not self._unavailable(e):
                raise
            # Drafts cannot be read (database down): nothing is saved, so the next message
            # looks again; meanwhile answer what needs no flow.
            return await self.stateless(msg, e)
        if session.asked and now - session.asked.get("at", 0) > self.idle_timeout:
            session.asked = {}                    # a follow-up leans on the question before only this long
        flow = session.flow
        reply = await self.route(ctx, msg)
        if session.flow != flow and session.flow in self.handlers and not self.handlers[session.flow].transient:
            session.asked = {}                    # a sign-up or quiz started: what was asked before is behind it
        if reminded_by is not None and reply.handler == reminded_by.name and reply.outcome in reminded_by.restore_told:
            notes.remove(reminder)                # the reply itself speaks of the draft: say it once
        if reply.text and notes:
            reply.text = "\n\n".join(notes + [reply.text])
        elif pending:
            session.pending = pending             # nothing sent back (e.g. a menu view event): keep them
        if reply.text and not reply.extra.get("paged"):
            screen = self.answer_max_chars if reply.outcome in ANSWERS else None
            pages = split_pages(reply.text, self.reply_max_bytes, screen)
            reply.text, session.pages = pages[0], pages[1:]
        if on_reply is not None:
            on_reply(reply)
        if reminder and not reply.text:
            return reply                          # nothing sent (a location report): the next message reminds
        # The time matters only inside a flow (idle expiry): a session idle before and after,
        # with nothing new in it (most questions), is not written again. (Only an idle one is
        # compared: a flow's data may have been changed in place, in ``raw`` too.)
        session.touched = now if session.flow else 0.0
        state = session.to_dict()
        if not session.flow and not session.data and state == raw:
            return reply
        try:
            await self.store.save(msg.user, state)
        except Unavailable as e:
            # What the handler did is done (a stored sign-up stays stored): say so rather than
            # "busy". The previous state stays, so pending late replies are handed out again, not lost.
            log_event(log, "state-not-saved", logging.WARNING, reason=str(e))
        return reply

    def _unavailable(self, error: Exception) -> bool:
        """The error means storage is down or too slow (not a bug)."""
        db = self.services.db
        return isinstance(error, Unavailable) or (db is not None and db.unavailable(error))

    async def stateless(self, msg: Message, error: Exception) -> Reply:
        """The conversation state cannot be read (Redis or the database down): answer what needs
        none of it -- the menu, a question the knowledge base answers outright -- and the busy reply
        otherwise (a flow's answer such as a name must not be taken for a question)."""
        log_event(log, "stateless", logging.WARNING, reason=str(error) or type(error).__name__)
        busy = Reply(BUSY_REPLY, handler="busy", outcome="busy")
        if msg.kind not in ("text", "voice") or not msg.text:
            return busy
        word = command_word(msg.text)
        if word in HELP_WORDS:
            return Reply(menu_text(), handler="menu", outcome="menu")
        qa = self.handlers.get("qa")
        if qa is None or word.isdigit() or word in LEAVE_WORDS | MORE_WORDS or (
                self._command_re and self._command_re.match(word)):
            return busy
        ctx = Context(msg.user, Session(), self.services)
        reply = await qa.handle(ctx, msg)
        return _tag(reply, "qa") if reply is not None and reply.outcome in STATELESS_OUTCOMES else busy

    async def answer_aside(self, ctx: Context, msg: Message, reply: Reply) -> Reply:
        """A flow took the message for a question (handlers.base.aside): Q&A's direct answer, then
        the flow's step again; the flow's own text when Q&A has none. Q&A keeps no state here."""
        kind, resume = reply.extra.pop(ASIDE, None), reply.extra.pop(RESUME, "")
        qa = self.handlers.get("qa")
        if not kind or qa is None:
            return reply
        answer = await qa.brief(ctx, msg)
        if answer:
            reply.text, reply.outcome = f"{answer}\n\n{resume}", "aside"
            reply.extra["aside"] = kind
        return reply

    async def add_pending(self, user: str, text: str) -> None:
        """Keep a late reply to hand out with the user's next message."""
        async with self.store.lock(user):
            session = Session.from_dict(await self.store.load(user))
            session.pending.append(text)
            await self.store.save(user, session.to_dict())

    async def route(self, ctx: Context, msg: Message) -> Reply:
        if msg.kind == "event":
            return await self.on_event(ctx, msg)
        if msg.kind == "voice" and not msg.text:
            # WeChat's speech recognition is being retired and often arrives empty.
            current = self.handlers.get(ctx.session.flow or "")
            if current is not None and not current.transient:
                # Inside a flow digits are answers, so the menu would mislead: ask to type instead.
                return Reply("抱歉，没能听清您的语音。请打字回复上一条的问题；"
                             "发送「菜单」查看功能，发送「退出」结束当前操作。",
                             handler="menu", outcome="voice-empty")
            return Reply(menu_text("抱歉，没能听清您的语音。请回复数字选择，或直接打字："),
                         handler="menu", outcome="voice-empty")
        if msg.kind not in ("text", "voice"):
            return Reply(menu_text("我现在只能看懂文字和语音。我可以回答活动政策问题、帮您报名参赛、陪您答题练习。请回复数字："),
                         handler="menu", outcome="unsupported")
        return await self.on_text(ctx, msg, msg.text)

    async def on_event(self, ctx: Context, msg: Message) -> Reply:
        if msg.event in ("subscribe", "subscribe_scan"):
            return Reply(menu_text("扎西德勒！欢迎关注洛隆县“红色昌都·振兴奋进”活动。我是活动小助手，请回复数字或文字："),
                         handler="menu", outcome="welcome")
        if msg.event == "scan":
            return Reply(menu_text("扎西德勒！欢迎回来。请回复数字或文字："), handler="menu", outcome="scan")
        if msg.event == "click":
            command = self.click_commands.get(msg.event_key)
            if command:
                return await self.on_text(ctx, msg, command)
            return Reply(menu_text(), handler="menu", outcome="unknown-click")
        return Reply("", handler="menu", outcome="ignored")   # unsubscribe, view, location reports…

    async def on_text(self, ctx: Context, msg: Message, text: str) -> Reply:
        word = command_word(text)
        session = ctx.session
        current = self.handlers.get(session.flow or "")
        if word in HELP_WORDS:
            extra = ""
            if current is not None and current.transient:
                ctx.leave()          # so a digit after the menu picks a menu item
            elif current is not None:
                extra = "\n（您还有未完成的操作，直接回复即可继续；发送「退出」结束它。）"
            return Reply(menu_text() + extra, handler="menu", outcome="menu")
        # 退出 anywhere; 「不报了」/「不答了」 inside the flow whose words they are.
        if word in LEAVE_WORDS or (current is not None and current.leaves(ctx, text)):
            if current:
                said = await current.cancel(ctx)
                ctx.leave()
                return Reply(f"{said}\n\n{menu_text('还可以：')}", handler=current.name, outcome="left")
            return Reply(menu_text("当前没有进行中的操作。您可以："), handler="menu", outcome="menu")
        if word in ASK_WORDS:
            return Reply(QA_PROMPT, handler="menu", outcome="menu")
        if word in MORE_WORDS:
            if session.pages:
                page = session.pages.pop(0)
                # Re-queued by dispatch() through split_pages: keep the remaining pages as they are.
                return Reply(page, handler="pages", outcome="page", extra={"paged": True})
            return Reply("没有更多内容了。发送「菜单」看看我能做什么。", handler="pages", outcome="no-more")
        if self._command_re and (m := self._command_re.match(word)):
            handler, method = self.commands[m.group(1)]
            return _tag(await getattr(handler, method)(ctx, msg, m.group(2).upper()), handler.name)
        if self._named_re and (m := self._named_re.match(word)):
            handler, method = self.named[m.group(1)]
            reply = await getattr(handler, method)(ctx, msg, m.group(2))
            if reply is not None:
                return _tag(reply, handler.name)
        handler = self.handlers.get(session.flow or "")
        if handler:
            reply = await handler.handle(ctx, msg)
            if reply is not None:
                return _tag(await self.answer_aside(ctx, msg, reply), handler.name)
            ctx.leave()                  # the flow passed the message on: treat it as idle
        if word.isdigit() and len(word) == 1:
            for n, _, command in MENU_ITEMS:
                if n == word:
                    return await self.on_text(ctx, msg, command)
            return Reply(menu_text(f"没有第{word}项。请回复下面的数字："), handler="menu", outcome="invalid")
        qa = self.handlers.get("qa")
        if qa is None:
            return Reply(menu_text(), handler="menu", outcome="menu")
        return _tag(await qa.handle(ctx, msg), "qa")


def _tag(reply: Reply | str, name: str) -> Reply:
    if isinstance(reply, str):
        reply = Reply(reply)
    reply.handler = reply.handler or name
    return reply
