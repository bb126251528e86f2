"""The conversation vocabulary every layer shares: a user's Session, the Services handlers use,
and the Context one message is handled in. Kept free of transport, storage and knowledge imports
(the types named under TYPE_CHECKING are for readers and type checkers only)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from bot.storage.db import Database
    from bot.storage.quiz import QuizRepository
    from bot.storage.signups import SignupRepository
    from bot.storage.unanswered import UnansweredLog


@dataclass
class Session:
    """Per-user conversation state, persisted by the state store after every message."""

    flow: str | None = None          # name of the handler that owns the conversation, None when idle
    data: dict = field(default_factory=dict)   # the flow's own state
    touched: float = 0.0             # unix time of the last message, for idle expiry
    pages: list[str] = field(default_factory=list)     # unsent pages of a long reply (「更多」)
    pending: list[str] = field(default_factory=list)   # replies that missed the 5 s budget, not yet delivered
    # the last question a follow-up may lean on (one event or holder named) and when it was asked:
    # 挤奶比赛 then 干部能参加吗 asks of 挤奶 (handlers.qa)
    asked: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"flow": self.flow, "data": self.data, "touched": self.touched,
                "pages": self.pages, "pending": self.pending,
                **({"asked": self.asked} if self.asked else {})}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Session":
        if not d:
            return cls()
        return cls(flow=d.get("flow"), data=d.get("data") or {}, touched=d.get("touched", 0.0),
                   pages=list(d.get("pages") or []), pending=list(d.get("pending") or []), asked=dict(d.get("asked") or {}))


@dataclass
class Services:
    """Everything handlers may use below them: knowledge and storage, never protocol.

    Storage reaches handlers as repositories (built together by bot.services.repositories); the
    database itself is here for the wiring (closing it, the cadres' export), not for handlers.
    A repository is None when there is no database (some tests)."""

    settings: Any = None
    kb: Any = None            # knowledge.qa.KnowledgeBase (matcher inside)
    catalogue: Any = None     # knowledge.catalogue.Catalogue
    quiz_bank: Any = None     # knowledge.quizbank.QuizBank
    db: Database | None = None
    signups: SignupRepository | None = None
    quiz: QuizRepository | None = None
    unanswered: UnansweredLog | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    # Under `serve --workers N`: asks the supervisor to have every other worker reload the knowledge
    # too (a reload from the console happens in the one worker that served the request).
    reload_peers: Callable[[], None] | None = None


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
