"""The scale benchmarks' load generator (benchmarks/traffic.py): what an open-loop run counts."""
from __future__ import annotations

import itertools

from aiohttp import web
from aiohttp.test_utils import TestServer

from benchmarks.traffic import Job, Step, closed_loop, fixed_rate
from bot.wechat.app import SHED_HEADER


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


async def test_a_conversation_step_answered_busy_is_sent_again_as_a_new_message():
    """The first delivery of each step is shed (the busy reply, marked, as from an overloaded worker);
    the person sends the same text again, with a new MsgId, and the sign-up still reaches its
    confirmation."""
    seen: list[bytes] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append(body)
        text = body.split(b"-")[0]
        if (body.startswith(b"s") and [b.split(b"-")[0] for b in seen].count(text) == 1) or body == b"q":
            return web.Response(text="<xml><Content>抱歉，系统有点忙，请稍后再发一次</Content></xml>",
                                headers={SHED_HEADER: "1"})
        return web.Response(text="<xml><Content>报名成功</Content></xml>")

    app = web.Application()
    app.router.add_post("/wechat", handle)
    server = TestServer(app)
    await server.start_server()
    made = itertools.count()

    def step(text: str) -> Step:
        return Step({}, f"{text}-{next(made)}".encode(), again=lambda: step(text))

    try:
        job = Job("signup", [step("s1"), step("s2")])
        result = await fixed_rate(str(server.make_url("/wechat")), stream(job), 100, 60)
        assert result.replies["resent"] == 2 and result.replies["signup-ok"] == 1
        sent = [b for b in seen if b.startswith(b"s")]
        assert len(sent) == 4 and len(set(sent)) == 4          # each resent step a new message
        # A question answered busy is not sent again (nothing depends on it).
        assert seen.count(b"q") == result.replies["qa-started"] == 60 - 4
    finally:
        await server.close()


async def test_a_busy_reply_that_was_no_shed_is_not_sent_again():
    """The busy reply without the shed mark (a dependency failed; the step may still be applied
    late): sending it again could apply it twice, so the sign-up goes on to its next step and the
    run counts it apart."""
    seen: list[bytes] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        seen.append(body)
        if body == b"s1":
            return web.Response(text="<xml><Content>抱歉，系统有点忙，请稍后再发一次</Content></xml>")
        return web.Response(text="<xml><Content>报名成功</Content></xml>")

    app = web.Application()
    app.router.add_post("/wechat", handle)
    server = TestServer(app)
    await server.start_server()

    def step(text: str) -> Step:
        return Step({}, text.encode(), again=lambda: step(text + "-again"))

    try:
        job = Job("signup", [step("s1"), step("s2")])
        result = await fixed_rate(str(server.make_url("/wechat")), stream(job), 100, 20)
        assert [b for b in seen if b.startswith(b"s")] == [b"s1", b"s2"]
        assert "resent" not in result.replies and result.replies["busy-not-shed"] == 1
        assert result.replies["signup-finished"] == 1
    finally:
        await server.close()
