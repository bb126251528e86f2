"""Soak: the mixed load (benchmarks/traffic.py) at a steady rate for --minutes (10 by default)
against `serve --workers 2` on PostgreSQL + Redis (this script's own, on free ports), with many
distinct people (--people; a question's asker is drawn round-robin from them, quiz rounds and
sign-ups are always new people). Prints each worker's resident memory (RSS) at the start, every
minute, in the middle and at the end, and the latencies of each minute: memory must level off.
Each minute also shows how full each worker's bounded caches are (entries/capacity, from the
workers' ``memory`` log lines, bot.wechat.app): growth while they fill is expected, and stops
when they are full.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--rate 50] [--people 50000] [--workers 2]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.infra import Postgres, Redis, TOKEN, bot_server, rss_mb, workdir  # noqa: E402
from benchmarks.traffic import Result, Traffic, closed_loop, fixed_rate  # noqa: E402


REPORT_SECONDS = 30       # how often each worker logs its caches' fill (memory.report_seconds)
# The caches shown each minute: those that grow with new texts and new people (the others stay small).
SHOWN = {"qa.recent": "recent", "qa.answers": "answers", "kb.normalizer": "normalised",
         "knowledge.text.fold": "fold", "knowledge.text._strip_short": "strip", "knowledge.scope._gaps": "gaps",
         "bot.core.privacy.short_user": "users", "retry_cache": "retries"}


def memory(server) -> str:
    return "  ".join(f"pid {pid}: {rss_mb(pid):6.1f} MB" for pid in server.worker_pids())


def fills(log: Path) -> dict[int, dict]:
    """The latest ``memory`` line of each worker in the server's log: worker number -> fill."""
    latest: dict[int, dict] = {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if '"event": "memory"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            latest[record.get("worker", 0)] = record["fill"]
    return latest


def fill_line(fill: dict) -> str:
    return " ".join(f"{short} {fill[name][0]}/{fill[name][1]}" for name, short in SHOWN.items() if name in fill)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--rate", type=float, default=50, help="messages per second (default 50)")
    ap.add_argument("--people", type=int, default=50_000, help="distinct people asking questions")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    log = tmp / "bot.log"
    server = bot_server("bot", workers=args.workers, database_url=pg.url, redis_url=redis.url, log=log,
                        settings={"memory": {"report_seconds": REPORT_SECONDS}})
    traffic = Traffic(TOKEN, repeat=True, askers=args.people)
    total = int(args.rate * args.minutes * 60)
    result = Result()
    try:
        await server.start()
        await closed_loop(server.url, traffic.jobs("popular", 200), 8)        # warm-up
        print(f"soak: mixed load at {args.rate:.0f} msg/s for {args.minutes:g} min, {args.people} people asking, "
              f"{args.workers} workers on PostgreSQL + Redis", flush=True)
        print(f"RSS start:  {memory(server)}   (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})",
              flush=True)
        pids = server.worker_pids()
        previous = {pid: rss_mb(pid) for pid in pids}
        first = {pid: previous[pid] for pid in pids}
        run = asyncio.ensure_future(fixed_rate(server.url, traffic.stream("mixed"), args.rate, total, result))
        started, minute, seen = time.monotonic(), 0, 0
        middle_done = False
        while not run.done():
            await asyncio.wait({run}, timeout=1)
            elapsed = time.monotonic() - started
            if not middle_done and elapsed >= args.minutes * 30:
                print(f"RSS middle: {memory(server)}", flush=True)
                middle_done = True
            if elapsed >= (minute + 1) * 60 and not run.done():
                minute += 1
                window = Result(latencies=result.latencies[seen:], elapsed=60)
                seen = len(result.latencies)
                now = {pid: rss_mb(pid) for pid in pids}
                growth = "  ".join(f"{now[pid] - previous[pid]:+5.1f}" for pid in pids)
                previous = now
                print(f"  minute {minute:2}: {window.rate:5.1f} msg/s  p50 {window.pct(0.5):6.1f} ms  "
                      f"p99 {window.pct(0.99):7.1f} ms  RSS {memory(server)}  (MB this minute: {growth})  "
                      f"Redis keys {await asyncio.to_thread(_redis_keys, redis.port)}  load {os.getloadavg()[0]:.1f}",
                      flush=True)
                for worker, fill in sorted(fills(log).items()):
                    print(f"      worker {worker} caches: {fill_line(fill)}", flush=True)
        await run
        print(f"RSS end:    {memory(server)}")
        end = {pid: rss_mb(pid) for pid in pids}
        print("growth:     " + "  ".join(f"pid {pid}: {end[pid] - first[pid]:+.1f} MB "
                                         f"({(end[pid] - first[pid]) / max(args.minutes, 1e-9):+.2f} MB/min)"
                                         for pid in pids))
        keys = await asyncio.to_thread(_redis_keys, redis.port)
        kinds = await asyncio.to_thread(_redis_kinds, redis.port)
    finally:
        server.stop()
        redis.stop()
        pg.stop()
    print(f"{len(result.latencies)} replies in {result.elapsed:.0f} s ({result.rate:.1f} msg/s), p50 {result.pct(0.5):.1f} ms, "
          f"p99 {result.pct(0.99):.1f} ms, errors {result.errors}, busy {result.busy}, 5xx {result.http5xx}; "
          f"Redis keys at the end: {keys}")
    print("Redis keys by kind (count, without expiry, longest time left): " + ", ".join(
        f"{kind} {n} ({forever}, {longest / 3600:.1f} h)" for kind, (n, forever, longest) in sorted(kinds.items())))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")


def _redis_kinds(port: int) -> dict[str, tuple[int, int, float]]:
    """Keys by kind (fenjin:<kind>:...): how many, how many never expire, the longest time left (s)."""
    import redis as redis_client

    client = redis_client.Redis(port=port)
    out: dict[str, list] = {}
    for key in client.scan_iter(count=1000):
        kind = key.decode(errors="replace").split(":")[1] if key.count(b":") else key.decode(errors="replace")
        ttl = client.ttl(key)
        if ttl == -2:                  # expired since the scan saw it
            continue
        row = out.setdefault(kind, [0, 0, 0.0])
        row[0] += 1
        row[1] += ttl == -1
        row[2] = max(row[2], ttl)
    client.close()
    return {kind: tuple(row) for kind, row in out.items()}


def _redis_keys(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"DBSIZE\r\n")
        return int(s.recv(64).strip().lstrip(b":"))


if __name__ == "__main__":
    asyncio.run(main())
