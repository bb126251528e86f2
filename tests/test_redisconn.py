"""RedisConn.extend_if: the one script that keeps a user's lock and a pending retry claim alive,
and nothing that holds another value (another holder's lock, a claim that became a reply)."""
from __future__ import annotations

import uuid

from bot.storage.redisconn import RedisConn
from tests.conftest import REDIS_URL


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
