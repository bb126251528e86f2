"""Round trips to Redis and PostgreSQL per message, by kind of message: counted, not timed, so the
figures do not move with the machine's load. The real app and handlers in this process (the test
harness's loopback server), on this script's own PostgreSQL cluster and redis-server (infra.py),
the per-user rate limit on; each write to a Redis connection and each asyncpg call that goes to the
server (a statement, BEGIN/COMMIT, a ping, a prepare missing the cache) counts one.

    .venv/bin/python benchmarks/round_trips.py
"""
from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

import redis.asyncio.connection as redis_connection
from asyncpg import connection as pg_connection
from asyncpg import prepared_stmt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.infra import Postgres, Redis, workdir  # noqa: E402
from handlers.qa import QAHandler  # noqa: E402
from handlers.quiz import QuizHandler  # noqa: E402
from handlers.signup import SignupHandler  # noqa: E402
from tests.harness import BotHarness  # noqa: E402

counts = {"redis": 0, "postgres": 0}


def count(cls, name: str, server: str) -> None:
    real = getattr(cls, name)

    async def counted(self, *args, **kwargs):
        counts[server] += 1
        return await real(self, *args, **kwargs)

    setattr(cls, name, counted)


count(redis_connection.AbstractConnection, "send_packed_command", "redis")
for method in ("execute", "fetchrow", "fetchval", "fetch", "prepare"):
    count(pg_connection.Connection, method, "postgres")
for method in ("fetch", "fetchrow", "fetchval"):
    count(prepared_stmt.PreparedStatement, method, "postgres")


async def measure(bot: BotHarness) -> None:
    async def phase(title: str, conversations, per: int) -> None:
        await asyncio.sleep(0.3)             # replies shared in the background by earlier messages
        before = dict(counts)
        for user, texts in conversations:
            for text in texts:
                await bot.text(user, text)
        await asyncio.sleep(0.3)
        n = per * len(conversations)
        print(f"  {title:44} {(counts['redis'] - before['redis']) / n:6.2f} {(counts['postgres'] - before['postgres']) / n:9.2f}")

    def users(kind: str, n: int) -> list[str]:
        return [f"o-{kind}-{uuid.uuid4().hex[:10]}" for _ in range(n)]

    print(f"  {'per message':44} {'Redis':>6} {'PostgreSQL':>9}")
    askers = users("qa", 20)
    await phase("Q&A, a user's first message", [(u, ["比赛一共有多少项"]) for u in askers], 1)
    await phase("Q&A, a user who wrote before", [(u, ["怎么报名"]) for u in askers], 1)
    quizzers = users("quiz", 5)
    await phase("quiz: 答题 (a user's first message)", [(u, ["答题"]) for u in quizzers], 1)
    await phase("quiz: an answer", [(u, ["A", "B", "A"]) for u in quizzers], 3)
    signers = users("signup", 4)
    await phase("sign-up: a step (the first message included)",
                [(u, ["报名", "1", "书写比赛", "同意", "30", "扎西", "男", f"1390000{i:04d}", "孜托镇", "卡达村"])
                 for i, u in enumerate(signers)], 10)
    await phase("sign-up: 确认", [(u, ["确认"]) for u in signers], 1)


async def main() -> None:
    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    try:
        async with BotHarness.start(tmp, db_url=pg.url, redis_url=redis.url,
                                    settings={"limits": {"messages_per_minute": 20}},
                                    handlers=[QAHandler(), SignupHandler(), QuizHandler()]) as bot:
            await measure(bot)
    finally:
        redis.stop()
        pg.stop()


if __name__ == "__main__":
    asyncio.run(main())
