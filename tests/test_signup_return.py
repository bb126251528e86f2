"""A user who leaves a sign-up unfinished and comes back later: while the draft is kept
(signup.draft_keep_days) they are reminded of it, with 「报名」 to go on and 「放弃报名」 to drop it,
whether their conversation state is still there or has expired -- in memory or in Redis, whatever
the session's lifetime. A draft whose sign-up is stored already is removed, never offered."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.core.messages import Message
from bot.storage.signups import SignupDraft
from bot.storage.state import MemoryStateStore, RedisStateStore
from handlers.signup import SignupHandler
from tests.conftest import REDIS_URL
from tests.helpers import Clock, Conversation, wait_for
from tests.stub_handlers import EchoQA
from tests.test_signup_handler import SELF_WRITING, START, rows, services_for

REMINDER = "您刚才的报名还没填完（项目：国家通用语言文字书写比赛，填到：性别），已经为您保存。回复「报名」接着填写，回复「放弃报名」删除它。"
HALF_WAY = SELF_WRITING[:7]            # name given, sex asked next


class Returning(Conversation):
    """The sign-up behind the real router over a memory or Redis session store, with a clock that
    both the bot and the memory store read; ``away`` lets time pass as each store would see it."""

    def __init__(self, services, clock: Clock, kind: str, ttl: float):
        self.clock, self.kind, self.ttl = clock, kind, ttl
        self.prefix = f"fenjin-ret-{uuid.uuid4().hex[:8]}"
        if kind == "memory":
            def store():
                return MemoryStateStore(ttl=ttl, clock=lambda: clock.now.timestamp())
        else:
            def store():
                return RedisStateStore(REDIS_URL, prefix=self.prefix, ttl=ttl)
        super().__init__(services, [SignupHandler(), EchoQA()], store=store)

    async def away(self, **kw: float) -> None:
        """The user is away this long. Redis expires keys by its own clock: a key whose lifetime
        (checked to be what the store set) ends within the time away is expired now."""
        self.clock.advance(**kw)
        if self.kind == "redis":
            key = self.store.conn.key("s", self.user)
            left = await self.store.conn("ttl", key)
            assert 0 < left <= self.ttl
            if left <= timedelta(**kw).total_seconds():
                await self.store.conn("pexpire", key, 1)
                await wait_for(lambda: self._gone(key))

    async def _gone(self, key: str) -> bool:
        return not await self.store.conn("exists", key)

    async def close(self) -> None:
        if self.kind == "redis":
            keys = [k async for k in self.store.conn.client.scan_iter(f"{self.prefix}:*")]
            if keys:
                await self.store.conn.client.delete(*keys)
        await self.store.close()


@pytest.fixture(params=["memory", "redis"])
def kind(request):
    return request.param


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
async def returning(database, clock, kind):
    chats: list[Returning] = []

    def make(ttl: float = 7200, **signup) -> Returning:
        chats.append(Returning(services_for(database, clock, **signup), clock, kind, ttl))
        return chats[-1]
    yield make
    for chat in chats:
        await chat.close()


async def drafts(database) -> int:
    async with database.session() as s:
        return (await s.execute(select(func.count()).select_from(SignupDraft))).scalar_one()


async def test_back_after_the_session_expired_is_reminded_once_and_can_go_on(returning, database):
    chat = returning()
    await chat.run(*HALF_WAY)
    await chat.away(hours=3)                              # the session (2 h) is gone, the draft kept
    r = await chat.say("你好")
    assert r == f"{REMINDER}\n\necho:你好"                  # reminded, and the message still answered
    assert await chat.say("你好") == "echo:你好"            # once
    r = await chat.say("报名")
    assert "您有一份没填完的报名" in r and "填到：性别" in r
    r = await chat.run("1", "1", "13800138000", "1", "1", "确认")
    assert "报名成功" in r
    assert len(await rows(database)) == 1 and await drafts(database) == 0


@pytest.mark.parametrize("ttl", [600, 7200, 30 * 86400])
@pytest.mark.parametrize("hours", [1, 3, 24 * 7 - 1])
async def test_reminded_whatever_the_session_lifetime(returning, ttl, hours):
    chat = returning(ttl=ttl)
    await chat.run(*HALF_WAY)
    await chat.away(hours=hours)
    assert (await chat.say("你好")).startswith(REMINDER)


async def test_a_recent_draft_resumes_by_itself_after_a_restart(returning, kind):
    chat = returning()
    await chat.run(*HALF_WAY)
    chat.restart([SignupHandler(), EchoQA()])
    await chat.away(minutes=5)
    r = await chat.say("2")                                 # answers the open question
    assert "手机号" in r and "还没填完" not in r
    # Memory lost the state (the draft picked up, and said so); Redis kept it (nothing to say).
    assert ("已接着您上次没填完的报名继续" in r) == (kind == "memory")


async def test_no_reminder_once_the_draft_is_past_its_keep(returning, database):
    chat = returning()
    await chat.run(*HALF_WAY)
    await chat.away(days=8)
    assert await chat.say("你好") == "echo:你好"
    assert "给谁报名" in await chat.say("报名")            # a new sign-up, not the stale draft


async def test_drop_the_draft_after_the_reminder(returning, database):
    chat = returning()
    await chat.run(*HALF_WAY)
    await chat.away(hours=3)
    assert (await chat.say("你好")).startswith(REMINDER)
    r = await chat.say("放弃报名")
    assert "已放弃" in r and "已删除" in r
    assert await drafts(database) == 0
    assert "没有没填完的报名" in await chat.say("放弃报名")
    assert "给谁报名" in await chat.say("报名")


async def test_drop_inside_the_flow_is_leaving_it(returning, database):
    chat = returning()
    await chat.run(*HALF_WAY)
    r = await chat.say("放弃报名")
    assert "已放弃本次报名" in r and await drafts(database) == 0


@pytest.mark.parametrize("hours", [1, 3])
async def test_a_draft_of_a_stored_signup_is_removed_not_offered(returning, database, hours):
    """The conversation state is older than the commit (a crash lost the reply and the state's
    update) and a version that kept drafts left the draft's row: the user coming back is not
    reminded of it, the row goes, and nothing is stored twice."""
    chat = returning()
    await chat.run(*SELF_WRITING)
    stale = chat.session()                                 # at the summary, the draft in it
    assert "报名成功" in await chat.say("确认")
    async with database.session() as s, s.begin():        # the draft's row, left behind
        s.add(SignupDraft(openid="u1", draft_id=stale.data["draft"]["id"], data=json.dumps(stale.data["draft"]),
                          updated_at=chat.clock.now))
    await chat.put_session(stale)
    await chat.away(hours=hours)                           # 1 h: the flow expired; 3 h: the session too
    r = await chat.say("你好")
    assert r == "echo:你好"
    assert await drafts(database) == 0
    r = await chat.say("报名")
    assert "您有一份没填完的报名" not in r
    assert len(await rows(database)) == 1


@pytest.mark.parametrize("hours", [1, 3])
async def test_coming_back_with_the_command_itself_is_not_reminded_twice(returning, database, hours):
    """1 h: the flow expired in a live session; 3 h: the session is gone too. 「报名」 offers the
    draft and 「放弃报名」 drops it: either reply speaks of the draft, so no reminder before it."""
    chat = returning()
    await chat.run(*HALF_WAY)
    await chat.away(hours=hours)
    r = await chat.say("报名")
    assert r.startswith("您有一份没填完的报名") and "还没填完" not in r
    await chat.away(hours=hours)
    r = await chat.say("放弃报名")
    assert r.startswith("已放弃没填完的报名") and await drafts(database) == 0


async def test_drop_while_the_cancel_list_interrupts_a_draft_really_drops_it(returning, database):
    chat = returning()
    assert "报名成功" in await chat.run(*SELF_WRITING, "确认")
    await chat.run("报名", "1", "1", "2")                   # a second sign-up, its event being picked
    assert await drafts(database) == 1
    await chat.say("取消报名")                               # the list of stored sign-ups to withdraw
    r = await chat.say("放弃报名")
    assert "已放弃" in r and await drafts(database) == 0
    await chat.say("男")                                     # not taken as the dropped draft's next answer
    assert await drafts(database) == 0 and len(await rows(database)) == 1


async def test_an_event_with_nothing_to_say_keeps_the_reminder_for_the_next_message(returning):
    chat = returning()
    await chat.run(*HALF_WAY)
    await chat.away(hours=3)
    location = await chat.send(Message(user=chat.user, kind="event", event="location"))
    assert location.text == ""                              # opening the chat reports a location
    assert (await chat.say("你好")).startswith(REMINDER)
