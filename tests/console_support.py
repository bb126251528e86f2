"""Console test helpers: the whole site (webhook + console) on a loopback server, accounts, a
logged-in client, and sign-ups seeded through the storage rules."""
from __future__ import annotations

import contextlib
import re
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.console import create_site
from bot.console.app import CONSOLE_KEY
from bot.console.auth import hash_password
from bot.core.config import load_settings
from bot.storage.accounts import Accounts
from bot.storage.signups import EventInfo, NewSignup, SignupRepository
from bot.storage.state import MemoryStateStore
from bot.wechat.app import BOT_KEY
from bot.wechat.simulator import WeChatSimulator

TOKEN = "test-token"
PASSWORD = "correct horse 42"
NOW = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)
WRITING = EventInfo("writing", "国家通用语言文字书写比赛", "language", "语言文字类", date(2027, 3, 31), None)
BASKETBALL = EventInfo("basketball", "村BA篮球赛", "sports", "体育类", date(2027, 3, 25), None)
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def site_settings(tmp_path: Path, db_url: str | None = None, **sections):
    overrides = {"wechat": {"token": TOKEN, "appid": "", "aes_key": "", "appsecret": ""},
                 "storage": {"database_url": db_url or f"sqlite:///{tmp_path}/bot.db", "redis_url": ""}}
    for section, values in sections.items():
        overrides.setdefault(section, {}).update(values)
    return load_settings(env={}, **overrides)


class Site:
    """The site under an aiohttp test client. ``client`` keeps cookies, like one browser."""

    def __init__(self, client: TestClient):
        self.client = client
        self.sim = WeChatSimulator(TOKEN)

    @property
    def app(self):
        return self.client.app

    @property
    def services(self):
        return self.app[BOT_KEY]["hook"].services

    @property
    def db(self):
        return self.services.db

    @property
    def accounts(self) -> Accounts:
        return self.app[CONSOLE_KEY].accounts

    async def add_account(self, name: str, role: str = "county", township: str | None = None,
                          password: str = PASSWORD):
        return await self.accounts.create(name, role, township, hash_password(password), NOW)

    async def new_client(self) -> TestClient:
        """Another browser on the same server (its own cookies)."""
        other = TestClient(self.client.server)
        await other.start_server()
        return other

    async def login(self, name: str, password: str = PASSWORD, client: TestClient | None = None):
        client = client or self.client
        page = await client.get("/admin/login")
        token = CSRF_RE.search(await page.text()).group(1)
        return await client.post("/admin/login", data={"csrf": token, "name": name, "password": password,
                                                       "next": "/admin"}, allow_redirects=False)

    async def csrf(self, path: str = "/admin", client: TestClient | None = None) -> str:
        page = await (client or self.client).get(path)
        return CSRF_RE.search(await page.text()).group(1)

    async def text(self, user: str, content: str) -> str:
        query, body = self.sim.request(self.sim.message_xml(user, "text", text=content))
        resp = await self.client.post("/wechat", params=query, data=body)
        return self.sim.read_reply(await resp.text())


@contextlib.asynccontextmanager
async def site(tmp_path: Path, db_url: str | None = None, clock=None, **sections):
    settings = site_settings(tmp_path, db_url, **sections)
    app = create_site(settings, store=MemoryStateStore(), clock=clock)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        yield Site(client)
    finally:
        await client.close()


async def add_signup(db, openid: str, ev: EventInfo, name: str, *, township: str = "孜托镇",
                     village: str = "卡达村", now: datetime = NOW, for_other: bool = False, **fields):
    values = {"sex": "男", "age": 30, "phone": "13800138000", **fields}
    row, _ = await SignupRepository(db).confirm(
        NewSignup(idem_key=uuid.uuid4().hex, openid=openid, for_other=for_other, event=ev, name=name,
                  township=township, village=village, consent_at=now, **values),
        today=date(2027, 3, 1), max_events=3, now=now)
    return row
