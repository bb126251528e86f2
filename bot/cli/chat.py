"""Terminal chat: the developer plays the user, this module plays the WeChat server.

Every line typed becomes a real signed (and, in safe mode, encrypted) callback to /wechat.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from bot.core.config import load_settings
from bot.wechat.app import create_app
from bot.wechat.simulator import WeChatSimulator


async def run_chat(url: str | None, user: str, config: str | None = None) -> int:
    settings = load_settings(config)
    sim = WeChatSimulator(settings.token, settings.appid, settings.aes_key)
    runner = None
    if url is None:
        logging.basicConfig(level=logging.WARNING)
        runner = web.AppRunner(create_app(settings), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}/wechat"
    print(f"与机器人聊天（{url}，用户 {user}）。输入内容回车发送；/voice 文字 模拟语音；/sub 模拟关注；/quit 退出。")
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as http:
        await send(http, url, sim, sim.message_xml(user, "event", event="subscribe"))
        while True:
            try:
                line = await loop.run_in_executor(None, input, "你> ")
            except (EOFError, KeyboardInterrupt):
                break
            line = line.strip()
            if not line:
                continue
            if line == "/quit":
                break
            if line.startswith("/voice"):
                xml = sim.message_xml(user, "voice", recognition=line[len("/voice"):].strip())
            elif line == "/sub":
                xml = sim.message_xml(user, "event", event="subscribe")
            else:
                xml = sim.message_xml(user, "text", text=line)
            await send(http, url, sim, xml)
    if runner is not None:
        await runner.cleanup()
    return 0


async def send(http: aiohttp.ClientSession, url: str, sim: WeChatSimulator, xml: str) -> None:
    query, body = sim.request(xml)
    async with http.post(url, params=query, data=body) as resp:
        text = await resp.text()
        if resp.status != 200:
            print(f"[HTTP {resp.status}] {text}")
            return
    reply = sim.read_reply(text)
    print("机器人> " + (reply.replace("\n", "\n        ") if reply else "（无回复）"))
