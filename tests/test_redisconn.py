"""RedisConn.extend_if and keep: the scripts that keep a user's lock and a pending retry claim alive,
and nothing that holds another value (another holder's lock, a claim that became a reply)."""
from __future__ import annotations

import asyncio
import uuid

from bot.storage.redisconn import RedisConn
from tests.conftest import REDIS_URL
from tests.helpers import wait_for


async def test_extend_if_extends_only_a_key_that_holds_the_value():
    conn = RedisConn(REDIS_URL, prefix=f"fenjin-extend-{uuid.uuid4().hex[:8]}")
    mine, theirs, gone = conn.key("l", "mine"), conn.key("l", "theirs"), conn.key("l", "gone")
    try:
        await conn("set", mine, "token-a", px=1000)
        await conn("set", theirs, "token-b", px=1000)
        assert await conn.extend_if(mine, "token-a", 60_000) is True
        assert await conn.extend_if(theirs, "token-a", 60_000) is False
        assert await conn.extend_if(gone, "token-a", 60_000) is False
        assert 59_000 < await conn("pttl", mine) <= 60_000
        assert await conn("pttl", theirs) <= 1000          # left as it was
        assert await conn("exists", gone) == 0              # not created
    finally:
        await conn("delete", mine, theirs)
        await conn.close()


async def test_keys_kept_alive_together_are_renewed_in_one_call_per_turn():
    """Forty slow messages in flight (a queue under load): their locks and claims are renewed by one
    script call per turn, not one round trip each -- and a key taken over by another holder is let go."""
    conn = RedisConn(REDIS_URL, prefix=f"fenjin-keep-{uuid.uuid4().hex[:8]}")
    keys = [conn.key("l", f"user{i}") for i in range(40)]
    taken = conn.key("l", "taken")
    calls: list[int] = []
    lost: list[str] = []
    real_run = conn.run

    async def counted(call):
        calls.append(1)
        return await real_run(call)

    try:
        async with conn.client.pipeline(transaction=False) as pipe:     # a minute: setting them takes no part
            for key in keys + [taken]:
                pipe.set(key, "mine", px=60_000)
            await pipe.execute()
        conn.run = counted
        kept = [conn.keep(key, "mine", 600, every=0.2) for key in keys]
        kept.append(conn.keep(taken, "mine", 600, every=0.2, lost=lambda: lost.append(taken)))
        await conn.client.set(taken, "another holder's", px=60_000)
        # Three lifetimes later every key of ours is still there with a lifetime of 600 ms at most:
        # renewed (to 600 ms) again and again, and in few calls.
        started = asyncio.get_running_loop().time()
        await wait_for(lambda: asyncio.get_running_loop().time() - started > 1.8, timeout=5)
        assert lost == [taken]
        assert await conn.client.mget(keys) == ["mine"] * len(keys)
        assert all(0 < ttl <= 600 for ttl in [await conn.client.pttl(key) for key in keys[:5]])
        assert 4 <= len(calls) <= 12                  # about one call per turn (every 0.2-0.3 s), not 40 each
        for k in kept:
            k.cancel()
        await wait_for(lambda: conn._keeping.done(), timeout=2)     # nothing kept: the renewing task ends
        assert await conn.client.pttl(keys[0]) <= 600               # no longer renewed: expiring or gone
    finally:
        conn.run = real_run
        await conn("delete", *keys, taken)
        await conn.close()
