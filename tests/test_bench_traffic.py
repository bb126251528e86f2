"""The scale benchmarks' load generator (benchmarks/traffic.py): what an open-loop run counts."""
from __future__ import annotations

import itertools

from aiohttp import web
from aiohttp.test_utils import TestServer

from benchmarks.traffic import Job, Step, closed_loop, fixed_rate


async def serve(reply_for_last: str):
    """A server answering every step with 「下一步」 and the body b"last" with ``reply_for_last``."""
    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        return web.Response(text=f"<xml><Content>{reply_for_last if body == b'last' else '下一步'}</Content></xml>")

    app = web.Application()
    app.router.add_post("/wechat", handle)
    server = TestServer(app)
    await server.start_server()
    return server


def stream(*jobs: Job):
    """The jobs, then questions without end (as Traffic.stream never ends)."""
    return itertools.chain(jobs, (Job("qa", [Step({}, b"q")]) for _ in itertools.count()))


def signup(steps: int = 4) -> Job:
    return Job("signup", [Step({}, b"step") for _ in range(steps - 1)] + [Step({}, b"last")])


async def test_an_open_loop_run_counts_sign_ups_confirmed_started_and_finished():
    server = await serve("报名成功！编号 B-1")
    try:
        url = str(server.make_url("/wechat"))
        result = await fixed_rate(url, stream(signup(), signup()), 100, 100)
        assert result.replies["signup-ok"] == 2
        assert result.replies["signup-started"] == 2 and result.replies["signup-finished"] == 2
        assert result.replies["qa-started"] == 100 - 8 and len(result.behind) == 100
        # A sign-up whose last reply is not a confirmation is finished, not confirmed.
        other = await serve("抱歉，没有找到")
        try:
            result = await fixed_rate(str(other.make_url("/wechat")), stream(signup()), 100, 50)
            assert result.replies.get("signup-ok", 0) == 0 and result.replies["signup-finished"] == 1
        finally:
            await other.close()
    finally:
        await server.close()


async def test_a_run_cut_short_leaves_a_sign_up_started_not_finished():
    server = await serve("报名成功！编号 B-1")
    try:
        result = await fixed_rate(str(server.make_url("/wechat")), stream(signup(6)), 500, 3)
        assert result.replies["signup-started"] == 1 and "signup-finished" not in result.replies
        assert "signup-ok" not in result.replies
    finally:
        await server.close()


async def test_the_closed_loop_counts_confirmations_alike():
    server = await serve("报名成功！编号 B-1")
    try:
        result = await closed_loop(str(server.make_url("/wechat")), [signup(), signup(3)], 2)
        assert result.replies["signup-ok"] == 2
    finally:
        await server.close()
