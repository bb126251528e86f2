"""Webhook throughput and latency under concurrent signed traffic on loopback.

Runs, in one go and on the same machine, each server in its own process:
  reference       bare aiohttp + wechatpy echo handler (benchmarks/echo_reference.py)
  bot plain       `python -m bot serve`, plain mode, real handlers, questions it answers
  bot AES         the same in safe mode: every request encrypted, every reply encrypted and signed
  bot unanswered  plain mode, a quarter of the questions unanswered (each logged for cadres)
and prints messages/s and p50/p99 latency for each, plus the bot/reference ratios. Each server
first gets one message from every simulated user, so the figures are the steady state.

    .venv/bin/python benchmarks/webhook.py [--requests 3000] [--concurrency 32]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.wechat.simulator import WeChatSimulator  # noqa: E402

TOKEN = "bench-token"
USERS = 500
APPID = "wx5823bf96d3bd56c7"
# Questions the bot answers outright, and the same with a quarter it cannot answer confidently:
# those are stored for cadres (`python -m bot unanswered`), one database write each.
ANSWERED = ["比赛一共有多少项", "怎么报名", "三个意识是什么", "领导小组组长是谁"]
MIXED = ANSWERED + ["索朗次仁裁缝店一年挣多少", "红色昌都振兴奋进是什么活动", "村级预赛之后是什么", "今天天气怎么样"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                async with http.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not become ready")


async def load(url: str, sim: WeChatSimulator, requests: int, concurrency: int,
               questions: list[str]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(requests))
    errors = 0

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        for i in counter:
            xml = sim.message_xml(f"bench-user-{i % USERS}", text=questions[i % len(questions)])
            query, body = sim.request(xml)
            t = time.perf_counter()
            async with http.post(url, params=query, data=body) as r:
                text = await r.text()
            latencies.append(time.perf_counter() - t)
            if r.status != 200 or not sim.read_reply(text):
                errors += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{errors} requests failed")
    return requests / elapsed, latencies


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


async def run_one(name: str, cmd: list[str], env: dict, sim: WeChatSimulator, port: int, args,
                  questions: list[str] = ANSWERED) -> dict:
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await wait_ready(f"http://127.0.0.1:{port}/healthz", proc)
        url = f"http://127.0.0.1:{port}/wechat"
        # Warm-up: one message from each of the USERS users first, so the measured run is the
        # steady state (a user's first message after a start also looks up an unfinished sign-up).
        await load(url, sim, USERS, args.concurrency, questions)
        rate, lat = await load(url, sim, args.requests, args.concurrency, questions)
    finally:
        proc.terminate()
        proc.wait(10)
    return {"name": name, "rate": rate, "p50": pct(lat, 0.50), "p99": pct(lat, 0.99),
            "mean": statistics.fmean(lat) * 1000}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=32)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="fenjin-bench-")
    aes_key = base64.b64encode(os.urandom(32)).decode().rstrip("=")
    base_env = {**os.environ, "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_APPSECRET": "",
                "REDIS_URL": "", "PYTHONUNBUFFERED": "1"}
    results = []
    port = free_port()
    results.append(await run_one("reference (aiohttp+wechatpy echo)",
                                 [sys.executable, "benchmarks/echo_reference.py", str(port)], base_env,
                                 WeChatSimulator(TOKEN, APPID), port, args))
    runs = (("bot plain, answered Q&A", "", ANSWERED), ("bot AES, answered Q&A", aes_key, ANSWERED),
            ("bot plain, 25% unanswered (logged)", "", MIXED))
    for name, key, questions in runs:
        port = free_port()
        env = {**base_env, "WECHAT_AES_KEY": key, "DATABASE_URL": f"sqlite:///{tmp}/{len(results)}.db"}
        results.append(await run_one(name, [sys.executable, "-m", "bot", "serve", "--port", str(port)], env,
                                     WeChatSimulator(TOKEN, APPID, key), port, args, questions))
    print(f"{args.requests} requests, {args.concurrency} concurrent clients, loopback, {os.cpu_count()} cores")
    print(f"{'server':38} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for r in results:
        print(f"{r['name']:38} {r['rate']:8.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['mean']:8.2f}")
    ref = results[0]
    for r in results[1:]:
        print(f"{r['name']}: {r['rate'] / ref['rate']:.2f}x the reference's throughput, "
              f"p99 {r['p99'] / ref['p99']:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
