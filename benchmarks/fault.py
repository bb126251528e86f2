"""Fault run: whole sign-up conversations against 2 workers on PostgreSQL + Redis while, in turn,
one worker is killed with SIGKILL, Redis is restarted and PostgreSQL is restarted (this script's
own redis-server and cluster on free ports; never the shared ones).

Each simulated person behaves as WeChat and a patient user do: a delivery that gets no answer in
5 s (or a refused connection) is retried with the same MsgId, up to 3 deliveries as WeChat does;
a message that got no reply at all, or the "busy" reply, is sent again as a new message. A person
who never saw the confirmation does what a real user does: sends 「确认」 again, then, if still not
told, asks 「我的报名」. A person counts as told only when a reply they received showed their
sign-up number (the confirmation, a late reply handed out with a later message, or their listing),
and that number must be their stored row's. Printed:

- users told success vs sign-up rows stored (must be equal), duplicates (must be 0), and how the
  told were told;
- deliveries answered after more than 5 s (must be 0) and HTTP 5xx answers (must be 0).

    .venv/bin/python benchmarks/fault.py [--users 300] [--concurrency 30]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.infra import Postgres, Redis, TOKEN, bot_server, workdir  # noqa: E402
from bot.wechat.simulator import WeChatSimulator  # noqa: E402

WECHAT_TIMEOUT = 5.0          # WeChat gives up on a delivery after 5 s and retries
DELIVERIES = 3
RESENDS = 3                   # how often a person sends a message again that got no reply
SORRY = "系统有点忙"
TOLD = ("报名成功！报名号", "已报名成功，报名号")
LISTED = "您的报名（共1项）"              # 「我的报名」 with the person's one sign-up
NUMBER = re.compile(r"报名号[：\s]*(BM\d+)")
NAMES = ["扎西", "卓玛", "次仁", "央金", "格桑", "拉姆", "多吉", "德吉"]


@dataclass
class Tally:
    deliveries: int = 0
    over_5s: int = 0
    http5xx: int = 0
    refused: int = 0          # connection refused or reset (a worker being killed)
    busy: int = 0
    unanswered: int = 0       # messages that got no reply after all deliveries and resends
    told: dict[str, str] = field(default_factory=dict)       # openid -> the sign-up number they were shown
    told_by: Counter = field(default_factory=Counter)        # what told them: the script's 确认, a resend, 我的报名
    statuses: Counter = field(default_factory=Counter)


class Person:
    msg_ids = itertools.count(int(time.time() * 1000) * 1000)

    def __init__(self, n: int, url: str, sim: WeChatSimulator, tally: Tally):
        self.openid = f"o-fault-{n}"
        self.url, self.sim, self.tally = url, sim, tally
        self.script = ["报名", "1", "书写比赛", "同意", str(18 + n % 40), NAMES[n % len(NAMES)], "男" if n % 2 else "女",
                       f"139{n:08d}", "孜托镇", "卡达村", "确认"]

    async def deliver(self, http: aiohttp.ClientSession, query: dict, body: bytes) -> str | None:
        """One delivery as WeChat makes it: the reply text, "" for "success", None for none in time."""
        self.tally.deliveries += 1
        started = time.monotonic()
        try:
            async with http.post(self.url, params=query, data=body,
                                 timeout=aiohttp.ClientTimeout(total=WECHAT_TIMEOUT)) as r:
                text = await r.text()
                status = r.status
        except asyncio.TimeoutError:
            self.tally.over_5s += 1
            return None
        except aiohttp.ClientError:
            self.tally.refused += 1
            await asyncio.sleep(0.5)
            return None
        if time.monotonic() - started > WECHAT_TIMEOUT:
            self.tally.over_5s += 1
        self.tally.statuses[status] += 1
        if status >= 500:
            self.tally.http5xx += 1
        if status != 200:
            return None
        return self.sim.read_reply(text)

    async def say(self, http: aiohttp.ClientSession, text: str, why: str = "the reply (or a late one)") -> str:
        for _ in range(RESENDS):
            xml = self.sim.message_xml(self.openid, text=text, msg_id=str(next(self.msg_ids)))
            query, body = self.sim.request(xml)
            for _ in range(DELIVERIES):
                reply = await self.deliver(http, query, body)
                if reply is not None:
                    break
            if reply and SORRY in reply:
                self.tally.busy += 1
            elif reply:
                if self.openid not in self.tally.told and (
                        any(t in reply for t in TOLD) or (why == "我的报名" and LISTED in reply)):
                    self.tally.told[self.openid] = NUMBER.search(reply).group(1)
                    self.tally.told_by[why] += 1
                return reply
        self.tally.unanswered += 1
        return ""

    async def run(self, http: aiohttp.ClientSession) -> None:
        for text in self.script:
            await self.say(http, text)
        # No confirmation seen: what a user does next (each tells a stored sign-up, or says there is none).
        if self.openid not in self.tally.told:
            await self.say(http, "确认", why="确认 resent")
        if self.openid not in self.tally.told:
            await self.say(http, "我的报名", why="我的报名")


async def load(url: str, users: int, concurrency: int, tally: Tally) -> None:
    sim = WeChatSimulator(TOKEN)
    people = iter(range(users))

    async def client(http) -> None:
        for n in people:
            await Person(n, url, sim, tally).run(http)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=True)) as http:
        await asyncio.gather(*(client(http) for _ in range(concurrency)))


async def faults(server, redis: Redis, pg: Postgres, timeline: list[str], started: float) -> None:
    def note(what: str) -> None:
        timeline.append(f"{time.monotonic() - started:5.1f} s  {what}")

    await asyncio.sleep(4)
    victim = server.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    note(f"kill -9 worker pid {victim}")
    await asyncio.sleep(6)
    note("Redis stopping")
    await asyncio.to_thread(redis.restart)
    note("Redis back")
    await asyncio.sleep(6)
    note("PostgreSQL restarting (fast shutdown)")
    await asyncio.to_thread(pg.restart)
    note("PostgreSQL back")


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=30)
    args = ap.parse_args()
    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    server = bot_server("bot, 2 workers", workers=2, database_url=pg.url, redis_url=redis.url, log=tmp / "bot.log")
    tally, timeline = Tally(), []
    try:
        await server.start()
        started = time.monotonic()
        fault_task = asyncio.ensure_future(faults(server, redis, pg, timeline, started))
        await asyncio.wait_for(load(server.url, args.users, args.concurrency, tally), timeout=600)
        await fault_task
        elapsed = time.monotonic() - started
        rows = await pg.fetch("SELECT openid, count(*) AS n, min(id) AS id FROM signups "
                              "WHERE openid LIKE 'o-fault-%' AND status = 'active' GROUP BY openid")
    finally:
        server.stop()
        redis.stop()
        pg.stop()
    stored = {r["openid"]: r["n"] for r in rows}
    numbers = {r["openid"]: f"BM{r['id']:06d}" for r in rows}
    told = set(tally.told)
    wrong_number = sum(1 for openid, number in tally.told.items() if numbers.get(openid) != number)
    log = (tmp / "bot.log").read_text(encoding="utf-8", errors="replace")
    print(f"{args.users} people signing up, {args.concurrency} at a time, 2 workers on PostgreSQL + Redis; "
          f"{elapsed:.0f} s")
    for line in timeline:
        print("  " + line)
    print(f"users told success:            {len(told)}  ({', '.join(f'{n} by {k}' for k, n in tally.told_by.items())})")
    print(f"sign-up rows stored:           {sum(stored.values())} (users with a row: {len(stored)})")
    print(f"duplicates (users with >1 row): {sum(1 for n in stored.values() if n > 1)}")
    print(f"told but no row stored:        {len(told - set(stored))}")
    print(f"row stored but never told:     {len(set(stored) - told)}")
    print(f"told another number than theirs: {wrong_number}")
    print(f"deliveries:                    {tally.deliveries}  (HTTP statuses {dict(tally.statuses)})")
    print(f"replies over 5 s:              {tally.over_5s}")
    print(f"5xx responses:                 {tally.http5xx}")
    print(f"connections refused/reset:     {tally.refused}")
    print(f"busy replies:                  {tally.busy}")
    print(f"messages never answered:       {tally.unanswered}")
    print(f"worker restarts logged:        {log.count('worker-exited')}")
    # A confirmation handled again because its first reply was lost (a retry or a resend).
    again = log.count('"outcome": "confirmed-again"') + log.count('"outcome": "already-confirmed"')
    print(f"confirmations told again:      {again}")
    equal = len(told) == sum(stored.values()) == len(stored) and told == set(stored) and wrong_number == 0
    ok = equal and tally.over_5s == 0 and tally.http5xx == 0
    print("RESULT: " + ("PASS" if ok else "FAIL")
          + " (told == stored with their own numbers, no duplicates, none over 5 s, no 5xx)")


if __name__ == "__main__":
    asyncio.run(main())
