"""A crash between the commit of a sign-up and its reply (issue 13, defect 3): the user never saw
the confirmation, and the conversation state is whatever the crash left -- still at the summary,
gone, or used again with the stale draft. Resending 「确认」 (or 「我的报名」) must tell the same
sign-up number, with no second row and no draft left behind. On SQLite and PostgreSQL, with the
state in memory and in Redis, through the real router."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from bot.storage.signups import SignupDraft
from bot.storage.state import MemoryStateStore, RedisStateStore, StateStore
from handlers.signup import SignupHandler
from tests.conftest import REDIS_URL
from tests.helpers import Conversation
from tests.stub_handlers import EchoQA
from tests.test_signup_handler import SELF_WRITING, rows, services_for


class Crash(Exception):
    """The process dies here: the state is not saved and no reply goes out."""


class CrashingStore(StateStore):
    """A state store whose next save can be made to crash (after the handler has committed)."""

    def __init__(self, inner: StateStore):
        self.inner = inner
        self.crash_on_save = False

    async def load(self, user: str) -> dict | None:
        return await self.inner.load(user)

    async def save(self, user: str, session: dict) -> None:
        if self.crash_on_save:
            self.crash_on_save = False
            raise Crash()
        await self.inner.save(user, session)

    def lock(self, user: str):
        return self.inner.lock(user)

    async def forget(self, user: str) -> None:
        """What a Redis restart (or a new process over memory) does to the user's state."""
        if isinstance(self.inner, RedisStateStore):
            await self.inner.conn("delete", self.inner.conn.key("s", user))


@pytest.fixture(params=["memory", "redis"])
async def chat(request, database, clock):
    made: list[CrashingStore] = []
    prefix = f"fenjin-test-{uuid.uuid4().hex[:8]}"

    def store() -> CrashingStore:
        inner = MemoryStateStore() if request.param == "memory" else RedisStateStore(REDIS_URL, prefix=prefix)
        made.append(CrashingStore(inner))
        return made[-1]

    chat = Conversation(services_for(database, clock), [SignupHandler(), EchoQA()], store=store)
    chat.kind = request.param
    yield chat
    for s in made:
        if isinstance(s.inner, RedisStateStore):
            keys = [k async for k in s.inner.conn.client.scan_iter(f"{prefix}:*")]
            if keys:
                await s.inner.conn.client.delete(*keys)
        await s.inner.close()


def restart(chat: Conversation) -> None:
    """A new process over the same database (and the same Redis)."""
    chat.restart([SignupHandler(), EchoQA()])


async def crash_at_confirmation(chat: Conversation, database):
    """Fill the form, then 「确认」: the sign-up commits and the process dies before the state is saved."""
    await chat.run(*SELF_WRITING)
    chat.store.crash_on_save = True
    with pytest.raises(Crash):
        await chat.say("确认")
    (row,) = await rows(database)
    return row


async def drafts(database) -> int:
    async with database.session() as s:
        return (await s.execute(select(func.count()).select_from(SignupDraft))).scalar_one()


async def test_state_left_at_the_summary(chat, database):
    row = await crash_at_confirmation(chat, database)
    if chat.kind == "redis":
        restart(chat)                   # the state outlives the process in Redis, at the summary
    r = await chat.say("确认")
    assert f"报名成功！报名号：{row.number}" in r and "项目：国家通用语言文字书写比赛" in r
    assert [x.id for x in await rows(database)] == [row.id] and await drafts(database) == 0
    r = await chat.say("我的报名")
    assert "您的报名（共1项）" in r and row.number in r and "没填完" not in r


async def test_state_lost(chat, database):
    row = await crash_at_confirmation(chat, database)
    restart(chat)
    await chat.store.forget("u1")       # memory: a new process; Redis: restarted without persistence
    r = await chat.say("确认")
    assert f"已报名成功，报名号 {row.number}（国家通用语言文字书写比赛，扎西）" in r
    assert [x.id for x in await rows(database)] == [row.id] and await drafts(database) == 0
    assert await chat.say("比赛几点开始") == "echo:比赛几点开始"       # anything else is answered as usual
    assert chat.flow() is None


async def test_state_lost_then_my_signups(chat, database):
    row = await crash_at_confirmation(chat, database)
    restart(chat)
    await chat.store.forget("u1")
    r = await chat.say("我的报名")
    assert "您的报名（共1项）" in r and row.number in r and "没填完" not in r


async def test_a_sign_up_long_ago_is_not_mistaken_for_a_lost_reply(chat, database, clock):
    await crash_at_confirmation(chat, database)
    restart(chat)
    await chat.store.forget("u1")
    clock.advance(minutes=31)           # past the resume window: 「确认」 is not about that sign-up
    assert await chat.say("确认") == "echo:确认"


@pytest.mark.parametrize("then", ["修改 手机号", "13900139000", "返回"])
async def test_the_stale_draft_is_not_taken_further(chat, database, then):
    """The state still at the summary, and the user answers something else than 「确认」: told the
    sign-up is stored, and the draft is not brought back."""
    row = await crash_at_confirmation(chat, database)
    r = await chat.say(then)
    assert f"已报名成功，报名号 {row.number}（国家通用语言文字书写比赛，扎西）：这份报名已经提交了" in r
    assert await drafts(database) == 0
    r = await chat.say("确认")
    assert f"已报名成功，报名号 {row.number}" in r
    assert [x.id for x in await rows(database)] == [row.id] and await drafts(database) == 0


async def test_sign_up_again_after_a_lost_reply_starts_a_new_draft(chat, database):
    row = await crash_at_confirmation(chat, database)
    r = await chat.say("报名")
    assert "没填完" not in r and "1. 给自己报名" in r
    r = await chat.say("我的报名")
    assert row.number in r and "没填完" not in r
