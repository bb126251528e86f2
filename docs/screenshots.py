"""Screenshots for the README, taken from the real pages: `.venv/bin/python docs/screenshots.py`.

Starts the whole site on a loopback port with a throw-away database, fills it with made-up
sign-ups and questions (sent through the real webhook), and photographs the dashboard, the
unanswered-question page and the simulator with Debian's Chromium (/usr/bin/chromium; Chinese
text needs a CJK font, e.g. `apt-get install fonts-wqy-microhei`). Writes docs/*.png.
"""
from __future__ import annotations

import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bot.storage.signups import EventInfo, SignupRefused  # noqa: E402
from bot.wechat.simulator import WeChatSimulator  # noqa: E402
from tests.browser_support import LiveSite, launch, login  # noqa: E402
from tests.console_support import TOKEN, add_signup  # noqa: E402

NAMES = ["扎西", "卓玛", "次仁", "格桑", "拉姆", "多吉", "央金", "平措", "达瓦", "白玛", "尼玛", "曲珍"]
QUESTIONS = [("虫草今年收购价多少钱一斤", 5), ("我家娃想去比一比咋弄", 4), ("比赛有没有奖金", 3),
             ("办事大厅几点开门", 2), ("牦牛贷款利息多少", 2)]


async def seed(site: LiveSite, rng: random.Random) -> None:
    cat = site.services.catalogue
    events = [EventInfo(e.code, e.name, e.category, cat.category(e.category).name, e.deadline, e.capacity)
              for e in cat.events]
    weights = [rng.random() ** 2 for _ in events]
    start = datetime(2027, 2, 10, 2, 0, tzinfo=timezone.utc)
    for i in range(420):
        town = rng.choices(cat.townships, weights=[len(t.name) + rng.random() * 3 for t in cat.townships])[0]
        when = start + timedelta(days=min(18, int(rng.expovariate(0.12))), hours=rng.randint(0, 10))
        try:
            await add_signup(site.services.db, f"demo-{i}", rng.choices(events, weights)[0],
                             rng.choice(NAMES) + rng.choice(NAMES), township=town.name,
                             village=rng.choice(town.villages), now=when, age=rng.randint(14, 60))
        except SignupRefused:          # an event with few places is full: as in real life
            pass
    sim = WeChatSimulator(TOKEN)
    async with aiohttp.ClientSession() as http:
        for text, times in QUESTIONS:
            for n in range(times):
                query, body = sim.request(sim.message_xml(f"asker-{n}", "text", text=text))
                async with http.post(site.url + "/wechat", params=query, data=body) as resp:
                    await resp.read()


def main() -> int:
    out = ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp, LiveSite(Path(tmp), simulator={"enabled": True}) as site:
        site.call(seed(site, random.Random(7)))
        site.add_account("县活动办")
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            login(page, site.url, "县活动办")
            page.wait_for_url(site.url + "/admin")
            page.screenshot(path=str(out / "console-dashboard.png"), full_page=True)
            page.goto(site.url + "/admin/unanswered")
            page.screenshot(path=str(out / "console-unanswered.png"), full_page=False)
            sim = browser.new_page()
            sim.set_viewport_size({"width": 420, "height": 780})
            sim.goto(site.url + "/simulator")
            sim.locator(".bubble.bot").first.wait_for()
            for text in ("报名", "1", "书写比赛"):
                before = sim.locator(".bubble.bot").count()
                sim.fill("#text", text)
                sim.click("#send-text")
                sim.locator(".bubble.bot").nth(before).wait_for()
            sim.screenshot(path=str(out / "simulator.png"))
            browser.close()
    print("wrote docs/console-dashboard.png, docs/console-unanswered.png, docs/simulator.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
