"""The contract between the router and the conversation handlers.

A handler is a small state machine for one conversation (Q&A, sign-up, quiz).
It gets a plain Message and a Context, returns a Reply, and keeps whatever it
needs between messages in ``ctx.session.data`` (JSON-serialisable only: the
session lives in memory or in Redis).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from bot.messages import Message, Reply


@dataclass
class Session:
    """Per-user conversation state, persisted by the state store after every message."""

    flow: str | None = None          # name of the handler that owns the conversation, None when idle
    data: dict = field(default_factory=dict)   # the flow's own state
    touched: float = 0.0             # unix time of the last message, for idle expiry
    pages: list[str] = field(default_factory=list)     # unsent pages of a long reply (「更多」)
    pending: list[str] = field(default_factory=list)   # replies that missed the 5 s budget, not yet delivered

    def to_dict(self) -> dict:
        return {"flow": self.flow, "data": self.data, "touched": self.touched,
                "pages": self.pages, "pending": self.pending}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Session":
        if not d:
            return cls()
        return cls(flow=d.get("flow"), data=d.get("data") or {}, touched=d.get("touched", 0.0),
                   pages=list(d.get("pages") or []), pending=list(d.get("pending") or []))


@dataclass
class Services:
    """Everything handlers may use below them: knowledge and storage, never protocol."""

    settings: Any = None
    kb: Any = None            # knowledge.qa.KnowledgeBase (matcher inside)
    catalogue: Any = None     # knowledge.catalogue.Catalogue
    quiz_bank: Any = None     # knowledge.quizbank.QuizBank
    db: Any = None            # bot.storage.Storage
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


@dataclass
class Context:
    user: str
    session: Session
    services: Services

    @property
    def now(self) -> datetime:
        return self.services.clock()

    def enter(self, flow: str, data: dict | None = None) -> None:
        self.session.flow = flow
        self.session.data = data or {}

    def leave(self) -> None:
        self.session.flow = None
        self.session.data = {}


class Handler:
    """Base class. ``commands`` maps a global command word to the method it calls.

    Command methods and ``handle`` have the signature ``(ctx, msg, arg) -> Reply``
    where ``arg`` is the text after the command word (e.g. the N of 「取消报名 N」).
    """

    name: str = ""
    commands: dict[str, str] = {}
    idle_timeout: float | None = None    # seconds; None = the router's default
    # A transient flow (Q&A's numbered choices) is no unfinished operation: 菜单 simply drops it.
    transient: bool = False

    async def handle(self, ctx: Context, msg: Message) -> Reply | None:
        """A message that arrived while ``ctx.session.flow == self.name``.

        Return None for "not mine": the router leaves the flow and routes the message as if
        the user were idle (e.g. a question right after a finished sign-up goes to Q&A)."""
        raise NotImplementedError

    async def restore(self, ctx: Context) -> bool:
        """The user's session is new (first message, or state lost in a restart): re-enter the flow
        from a saved draft if there is one (``ctx.enter``) and return True."""
        return False

    async def cancel(self, ctx: Context) -> str:
        """The user said 退出/取消 inside this flow. Return what to tell them; the router leaves the flow."""
        return "已退出。"

    async def expired(self, ctx: Context) -> str:
        """The flow timed out; returned text is prefixed to the next reply ('' for nothing)."""
        return ""


def now_ts() -> float:
    return time.time()
