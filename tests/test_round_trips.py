"""What one message costs its storage: three Redis round trips through the app -- the retry cache's
claim with the user's rate limit, then the state store takes the user's lock and reads the session
in one and writes it back while freeing the lock, with the reply for retries, in another; PostgreSQL reads
and one-statement writes open no transaction, a quiz answer is one statement, and a pooled
connection is pinged only after it sat idle -- one that died is replaced, not handed out. And an
idle session that did not change is not written again.""" 
from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timezone

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from bot.core.messages import Message
from bot.core.session import Services
from bot.storage import db as dbmod
from bot.storage.quiz import QuizRepository
from bot.storage.signups import SignupRepository
from bot.storage.state import MemoryStateStore, RedisStateStore
from bot.wechat.dedupe import RedisReplyCache
from handlers.router import Router
from tests.conftest import REDIS_URL
from tests.harness import BotHarness
from tests.stub_handlers import EchoQA, FlowStub

NOW = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
async def store():
    prefix = f"fenjin-rt-{uuid.uuid4().hex[:8]}"
    s = RedisStateStore(REDIS_URL, prefix=prefix)
    yield s
    keys = [k async for k in s.conn.client.scan_iter(f"{prefix}:*")]
    if keys:
        await s.conn.client.delete(*keys)
    await s.close()


def count_calls(store) -> list[int]:
    calls = [0]
    run = store.conn.run

    async def counted(call):
        calls[0] += 1
        return await run(call)

    store.conn.run = counted
    return calls


async def test_a_message_costs_two_redis_round_trips_for_its_state(store):
    await store.save("u1", {"flow": "quiz", "data": {"i": 1}})
    calls = count_calls(store)
    async with store.lock("u1"):
        assert await store.load("u1") == {"flow": "quiz", "data": {"i": 1}}
        await store.save("u1", {"flow": "quiz", "data": {"i": 2}})
        assert await store.load("u1") == {"flow": "quiz", "data": {"i": 2}}     # what it saved
        assert await store.conn.client.get(store.conn.key("s", "u1")) is not None
    assert calls[0] == 2
    assert not await store.conn.client.exists(store.conn.key("l", "u1"))       # freed
    assert await store.load("u1") == {"flow": "quiz", "data": {"i": 2}}         # written on the way out


@pytest.mark.parametrize("per_minute", [20, 0])
async def test_a_message_costs_three_redis_round_trips_and_its_reply_waits_there_for_retries(tmp_path, per_minute):
    flows = [EchoQA(), FlowStub("quiz", {"答题": "start"})]
    async with BotHarness.start(tmp_path, redis_url=REDIS_URL, handlers=flows,
                                settings={"limits": {"messages_per_minute": per_minute}}) as bot:
        assert await bot.text("oTrips", "你好") == "echo:你好"       # (Redis has loaded the scripts)
        await bot.hook.replies.drain()
        calls = count_calls(bot.hook.store)
        _, body = await bot.post(bot.sim.message_xml("oTrips", "text", text="答题", msg_id="7001"))
        assert bot.sim.read_reply(body) == "quiz:started"
        await bot.hook.replies.drain()
        assert calls[0] == 3          # claimed (and counted); locked and read; saved, freed and the reply kept

        async def must_not_run() -> str:
            raise AssertionError("a retry was handled again")

        async def never_late(text: str) -> None:
            raise AssertionError(text)

        other_worker = RedisReplyCache(bot.hook.store.redis)
        key = Message(user="oTrips", kind="text", msg_id="7001").dedupe_key
        assert await other_worker.run(key, must_not_run, 4.5, never_late) == "quiz:started"


async def test_the_session_is_written_when_the_lock_is_freed_and_the_next_holder_sees_it(store):
    order: list[str] = []

    async def message(n: int) -> None:
        async with store.lock("u2"):
            session = await store.load("u2") or {"n": 0}
            order.append(f"{n}:{session['n']}")
            await asyncio.sleep(0.05)
            await store.save("u2", {"n": session["n"] + 1})

    await asyncio.gather(*(message(n) for n in range(4)))
    assert sorted(int(o.split(":")[1]) for o in order) == [0, 1, 2, 3]     # one after another, none lost
    assert await store.load("u2") == {"n": 4}


async def test_a_lock_that_is_no_longer_ours_is_not_freed(store):
    async with store.lock("u3"):
        # It expired and another worker took it meanwhile: freeing ours must leave theirs.
        await store.conn.client.set(store.conn.key("l", "u3"), "someone-else")
    assert await store.conn.client.get(store.conn.key("l", "u3")) == "someone-else"


async def test_a_save_outside_a_lock_is_written_at_once(store):
    await store.save("u4", {"flow": None})
    assert await store.conn.client.get(store.conn.key("s", "u4")) is not None


# -- PostgreSQL ------------------------------------------------------------------------------

def transactions(monkeypatch) -> list[str]:
    """Transactions the PostgreSQL driver opens (its BEGINs) from now on."""
    begun: list[str] = []
    real = AsyncAdapt_asyncpg_connection._start_transaction

    async def start(self):
        if self.isolation_level != "autocommit":
            begun.append("BEGIN")
        return await real(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "_start_transaction", start)
    return begun


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_reads_and_one_statement_writes_open_no_transaction(database, monkeypatch):
    signups = SignupRepository(database)
    quiz = QuizRepository(database)
    begun = transactions(monkeypatch)
    await signups.save_draft("o1", "d1", {"a": 1}, NOW)
    assert (await signups.load_draft("o1"))[0] == {"a": 1}
    await signups.delete_draft("o1")
    assert await signups.load_draft("o1") is None
    assert await quiz.progress("o1") == {}
    await quiz.mark_seen("o1", "q1", 1, NOW)
    assert begun == []
    async with database.session() as s:          # and a plain session still has its transaction
        await s.execute(text("SELECT 1"))
    assert begun == ["BEGIN"]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_quiz_answer_and_the_next_question_open_no_transaction(database, monkeypatch):
    quiz = QuizRepository(database)
    await quiz.mark_seen("o2", "q1", 1, NOW)
    begun = transactions(monkeypatch)
    await quiz.record_answer("o2", "q1", correct=True, points=10, mode="round", at=NOW, next_seen=("q2", 1))
    await quiz.record_answer("o2", "q2", correct=False, points=10, mode="round", at=NOW, next_seen=("q3", 1))
    assert begun == []                                   # each one statement, atomic by itself
    await quiz.record_answer("o2", "q3", correct=False, points=10, mode="round", at=NOW, next_seen=("q3", 2))
    assert begun == ["BEGIN"]                            # the same question next: its row twice, a transaction
    progress = await quiz.progress("o2")
    assert progress["q1"].attempts == 1 and "q2" in progress
    assert (progress["q3"].in_review, progress["q3"].cycle) == (True, 2)


def statements(database) -> list[str]:
    """SQL statements sent through the database's engine from now on (BEGIN and COMMIT aside)."""
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", note)
    return sent


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_quiz_answer_is_one_statement_even_when_the_review_book_changes(database):
    """On PostgreSQL the answer is counted, stored, moved in the 错题本 and the next question marked
    seen by one statement; several (in a transaction) only when the next question is the same one."""
    quiz = QuizRepository(database)
    await quiz.mark_seen("o3", "q1", 1, NOW)
    sent = statements(database)
    right = await quiz.record_answer("o3", "q1", correct=True, points=10, mode="round", at=NOW,
                                     given="B", next_seen=("q2", 1))
    assert len(sent) == 1 and right.change == ""
    wrong = await quiz.record_answer("o3", "q2", correct=False, points=10, mode="round", at=NOW,
                                     given="电话13912345678", next_seen=("q3", 1))
    assert wrong.change == "added" and len(sent) == 2
    again = await quiz.record_answer("o3", "q2", correct=True, points=10, mode="review", at=NOW,
                                     next_seen=("q2", 2))      # the same question next
    assert again.change == "advanced" and len(sent) == 6     # seen, counted, stored, the book: one transaction
    progress = await quiz.progress("o3")
    assert (progress["q1"].attempts, progress["q1"].wrong, progress["q1"].in_review) == (1, 0, False)
    assert (progress["q2"].attempts, progress["q2"].wrong, progress["q2"].in_review, progress["q2"].cycle,
            progress["q2"].review_streak) == (2, 1, True, 2, 1)
    async with database.session() as s:
        rows = (await s.execute(text("SELECT qid, correct, points, given FROM quiz_answers WHERE openid = 'o3' "
                                     "ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [("q1", True, 10, "B"), ("q2", False, 0, "电话139****5678"),
                                        ("q2", True, 10, "")]
    assert await quiz.total_points("o3") == 20


async def test_the_one_statement_answer_keeps_the_review_rule_of_the_transaction(pg_database, sqlite_database):
    """PostgreSQL's one statement applies the 错题本 rule in SQL; SQLite's transaction applies
    bot.storage.quiz._review_step. The same answers, in every order that matters, leave the same
    progress and tell the same changes."""
    import random
    rng = random.Random(7)
    pg, lite = QuizRepository(pg_database), QuizRepository(sqlite_database)
    from datetime import timedelta
    for n in range(120):
        user, qid = f"o{n % 3}", f"q{rng.randrange(3)}"
        at = NOW + timedelta(hours=rng.choice([0, 1, 12, 24, 30, 72, 100]) + n * 6)
        args = dict(correct=rng.random() < 0.6, points=5, mode=rng.choice(["round", "review"]), at=at,
                    next_seen=rng.choice([None, (f"q{rng.randrange(4)}", n % 5 + 1)]))
        assert await pg.record_answer(user, qid, **args) == await lite.record_answer(user, qid, **args)
    for user in ("o0", "o1", "o2"):
        assert await pg.progress(user) == await lite.progress(user)
        assert await pg.total_points(user) == await lite.total_points(user)


async def terminate(database, pid: int) -> None:
    """End a pooled connection from the server's side, as a restart would (from outside the pool)."""
    conn = await asyncpg.connect(database.url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_connection_idle_for_a_while_is_pinged_and_replaced_when_dead(database, monkeypatch):
    async def backend_pid() -> int:
        async with database.session() as s:
            return (await s.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    first = await backend_pid()
    assert await backend_pid() == first                 # reused: recently used, so not pinged
    await terminate(database, first)
    monkeypatch.setattr(dbmod, "IDLE_PING_SECONDS", 0.0)    # as if it sat idle
    second = await backend_pid()                         # the ping found it dead: a new one, no error
    assert second != first
    assert database.health.up


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_a_connection_that_died_unnoticed_fails_once_then_the_pool_reconnects(database):
    async def backend_pid() -> int:
        async with database.session() as s:
            return (await s.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    first = await backend_pid()
    await terminate(database, first)
    with pytest.raises(Exception) as failed:
        await backend_pid()
    assert database.unavailable(failed.value)           # counted as the database failing, not a bug
    database.health.succeeded()                         # what the app's prober does once it answers
    assert await backend_pid() != first                 # the whole pool was dropped: a fresh connection


# -- the router ------------------------------------------------------------------------------

class CountingStore(MemoryStateStore):
    def __init__(self):
        super().__init__()
        self.saves = 0

    async def save(self, user, session):
        self.saves += 1
        await super().save(user, session)


async def test_an_idle_session_that_did_not_change_is_not_written_again():
    store = CountingStore()
    router = Router(Services(), store, [EchoQA(), FlowStub("quiz", {"答题": "start"})])
    say = lambda text: router.dispatch(Message(user="u", kind="text", text=text))   # noqa: E731
    assert (await say("你好")).text == "echo:你好"
    assert store.saves == 1                          # a new session is written (no draft to look for next time)
    await say("还有一个问题")
    await say("第三个问题")
    assert store.saves == 1                          # idle before and after, nothing new: not written
    await say("答题")
    assert store.saves == 2 and (await store.load("u"))["flow"] == "quiz"
    await say("A")
    assert store.saves == 3                          # inside a flow every message is written (idle expiry)


async def test_a_task_started_inside_the_lock_that_saves_after_it_is_freed_writes_at_once(store):
    later = asyncio.Event()

    async def afterwards() -> None:
        await later.wait()
        await store.save("u5", {"n": "late"})

    async with store.lock("u5"):
        await store.save("u5", {"n": 1})
        task = asyncio.ensure_future(afterwards())      # inherits this task's context, lock included
    later.set()
    await task
    assert await store.load("u5") == {"n": "late"}

