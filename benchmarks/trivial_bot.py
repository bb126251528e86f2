"""The bot's webhook with a trivial handler: everything a message goes through (signature, XML,
rate limit, retry cache, the user's lock, session load and save, logs, metrics, reply XML) but
the conversation itself, which echoes the text back. Set beside the real bot in
benchmarks/compare.py, it tells the transport and state's cost apart from the handlers' (Q&A
matching, sign-up, quiz).

    PYTHONPATH=CHECKOUT python benchmarks/trivial_bot.py PORT     (WECHAT_TOKEN etc. as for serve)

The bot's code comes from PYTHONPATH, so the same script measures another checkout (compare.py
--baseline).
"""
from __future__ import annotations

import asyncio
import sys

from aiohttp import web

from bot.cli.serve import _runner, freeze_heap
from bot.core.config import load_settings
from bot.core.logs import setup_logging
from bot.core.messages import Reply
from bot.wechat.app import create_app
from handlers.base import Handler


class Echo(Handler):
    name = "qa"            # the router hands it every text no command or flow takes

    async def handle(self, ctx, msg) -> Reply:
        return Reply(msg.text or "hi", outcome="answer")


async def serve(port: int) -> None:
    app = create_app(load_settings(), handlers=[Echo()])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    freeze_heap()
    await asyncio.Event().wait()          # until SIGTERM


if __name__ == "__main__":
    setup_logging()
    _runner("auto")(serve(int(sys.argv[1])))
