"""Helpers shared by the tests (their fixtures are in conftest.py): a settable clock, a driver that
talks to the real router, and bounded waits on a condition instead of fixed sleeps."""
from __future__ import annotations

import asyncio
import inspect
import socket
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from bot.core.messages import Message, Reply
from bot.core.session import Services, Session
from bot.storage import Database
from bot.storage.state import MemoryStateStore, StateStore
from bot.wechat.menu import CLICK_COMMANDS
from handlers.base import Handler
from handlers.router import Router

T0 = datetime(2026, 3, 11, 2, 0, tzinfo=timezone.utc)      # a Wednesday, 10:00 county time


class Clock:
    """A clock the test moves by hand. ``now`` is a datetime (Services.clock) or, for code that
    reads a monotonic clock (bot.wechat.api), a float of seconds."""

    def __init__(self, now: datetime | float = T0):
        self.now = now

    def __call__(self) -> datetime | float:
        return self.now

    def advance(self, **kw: float) -> None:
        step = timedelta(**kw)
        self.now += step if isinstance(self.now, datetime) else step.total_seconds()


class Conversation:
    """Users talking to the real ``handlers.router.Router`` (global commands, flows, expiry, paging,
    click keys) over the in-memory state store (or the one ``store()`` makes, e.g. Redis), so a
    handler is tested through what production runs.

        chat = Conversation(services, [QuizHandler(), EchoQA()])
        text = await chat.say("答题")
    """

    def __init__(self, services: Services, handlers: list[Handler], *, user: str = "u1",
                 store: Callable[[], StateStore] = MemoryStateStore, **router_options):
        self.services = services
        self.user = user
        self._make_store = store
        self.replies: list[Reply] = []
        self.sessions: dict[str, dict] = {}     # each user's stored session after their last message (a copy)
        self._router_options = router_options
        self._connect(handlers)

    def _connect(self, handlers: list[Handler]) -> None:
        self.store = self._make_store()
        self.router = Router(self.services, self.store, handlers,
                             **{"click_commands": CLICK_COMMANDS, **self._router_options})

    def restart(self, handlers: list[Handler]) -> None:
        """A new process: conversation state in memory is gone (a new store; Redis keeps its state),
        the database is kept."""
        self.sessions.clear()
        self._connect(handlers)

    async def send(self, msg: Message) -> Reply:
        reply = await self.router.dispatch(msg)
        self.replies.append(reply)
        self.sessions[msg.user] = await self.store.load(msg.user)
        return reply

    async def say(self, text: str, *, user: str | None = None, kind: str = "text") -> str:
        return (await self.send(Message(user=user or self.user, kind=kind, text=text))).text

    async def run(self, *texts: str, user: str | None = None) -> str:
        """Say each text in turn; the last reply."""
        reply = ""
        for text in texts:
            reply = await self.say(text, user=user)
        return reply

    async def click(self, key: str, *, user: str | None = None) -> str:
        """A tap on a custom-menu button."""
        return (await self.send(Message(user=user or self.user, kind="event", event="click",
                                         event_key=key))).text

    def session(self, user: str | None = None) -> Session:
        return Session.from_dict(self.sessions.get(user or self.user))

    def flow(self, user: str | None = None) -> str | None:
        return self.session(user).flow

    async def put_session(self, session: Session, user: str | None = None) -> None:
        """Replace what the state store holds for the user (e.g. data a reload made stale)."""
        user = user or self.user
        await self.store.save(user, session.to_dict())
        self.sessions[user] = await self.store.load(user)


def seeded_database(url: str, seed: Callable[[Database], Any]) -> None:
    """Migrate the database at ``url`` and fill it with ``await seed(db)``, outside any event loop
    (for tests that then run a command against the same URL)."""
    async def prepare() -> None:
        db = Database(url)
        await db.migrate()
        await seed(db)
        await db.close()

    asyncio.run(prepare())


def free_port() -> int:
    """A loopback port nothing listens on (bound and released), for a server to start on or a
    client to fail against."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for(predicate: Callable[[], Any], timeout: float = 5.0, interval: float = 0.01) -> Any:
    """Poll ``predicate`` (a function, or a coroutine function) until it returns something true and
    return that; fail after ``timeout`` seconds. Returns as soon as the condition holds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {getattr(predicate, '__name__', predicate)}")
        await asyncio.sleep(interval)


def wait_for_blocking(predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
    """``wait_for`` for plain (non-async) tests, e.g. ones that drive a server in a subprocess."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {getattr(predicate, '__name__', predicate)}")
        time.sleep(interval)


async def never_late(text: str) -> None:
    """A late-reply callback for a message that must be answered within its budget."""
    raise AssertionError(f"no late reply expected: {text}")
