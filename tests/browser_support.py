"""Real-browser tests: the site on a loopback port in a background thread, driven by Playwright's
Python API through Debian's Chromium (/usr/bin/chromium, headless, launched by its path --
Playwright never downloads a browser here). `.ci/run` installs the `chromium` package when missing."""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Awaitable

from aiohttp import web

from bot.console import create_site
from bot.console.app import CONSOLE_KEY
from bot.console.auth import hash_password
from bot.storage.state import MemoryStateStore
from bot.wechat.app import BOT_KEY
from tests.console_support import NOW, PASSWORD, site_settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class LiveSite:
    """The whole site (webhook, console, simulator) serving on 127.0.0.1 from its own thread."""

    def __init__(self, tmp_path: Path, **sections):
        self.settings = site_settings(tmp_path, **sections)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None
        self.url = ""

    def __enter__(self) -> "LiveSite":
        self.thread.start()
        self.call(self._start())
        return self

    def __exit__(self, *exc) -> None:
        self.call(self.runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    async def _start(self) -> None:
        self.app = create_site(self.settings, store=MemoryStateStore())
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def call(self, coro: Awaitable[Any], timeout: float = 60) -> Any:
        """Run a coroutine on the server's loop (the database belongs to it) and wait for it."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @property
    def services(self):
        return self.app[BOT_KEY]["hook"].services

    @property
    def accounts(self):
        return self.app[CONSOLE_KEY].accounts

    def add_account(self, name: str, role: str = "county", township: str | None = None) -> None:
        self.call(self.accounts.create(name, role, township, hash_password(PASSWORD), NOW))


def launch(playwright, downloads: Path | None = None):
    """A fresh Chromium profile each time (a throw-away user-data dir)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)")
    profile = tempfile.mkdtemp(prefix="fenjin-chromium-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, accept_downloads=True,
        viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.on("close", lambda _: shutil.rmtree(profile, ignore_errors=True))
    return context


def login(page, base: str, name: str, password: str = PASSWORD) -> None:
    page.goto(base + "/admin/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("#login button[type=submit]")
