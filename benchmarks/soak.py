"""Soak: the mixed load (benchmarks/traffic.py) at a steady rate for --minutes (10 by default)
against `serve --workers 2` on PostgreSQL + Redis (this script's own, on free ports), with many
distinct people (--people; a question's asker is drawn round-robin from them, quiz rounds and
sign-ups are always new people). Prints each worker's resident memory (RSS) at the start, every
minute, in the middle and at the end, and the latencies of each minute: memory must level off.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--rate 50] [--people 50000] [--workers 2]
"""
from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.infra import Postgres, Redis, TOKEN, bot_server, rss_mb, workdir  # noqa: E402
from benchmarks.traffic import Result, Traffic, closed_loop, fixed_rate  # noqa: E402


def memory(server) -> str:
    return "  ".join(f"pid {pid}: {rss_mb(pid):6.1f} MB" for pid in server.worker_pids())


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--rate", type=float, default=50, help="messages per second (default 50)")
    ap.add_argument("--people", type=int, default=50_000, help="distinct people asking questions")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    server = bot_server("bot", workers=args.workers, database_url=pg.url, redis_url=redis.url, log=tmp / "bot.log")
    traffic = Traffic(TOKEN, repeat=True, askers=args.people)
    total = int(args.rate * args.minutes * 60)
    result = Result()
    try:
        await server.start()
        await closed_loop(server.url, traffic.jobs("popular", 200), 8)        # warm-up
        print(f"soak: mixed load at {args.rate:.0f} msg/s for {args.minutes:g} min, {args.people} people asking, "
              f"{args.workers} workers on PostgreSQL + Redis", flush=True)
        print(f"RSS start:  {memory(server)}", flush=True)
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
                print(f"  minute {minute:2}: {window.rate:5.1f} msg/s  p50 {window.pct(0.5):6.1f} ms  "
                      f"p99 {window.pct(0.99):7.1f} ms  RSS {memory(server)}", flush=True)
        await run
        print(f"RSS end:    {memory(server)}")
        keys = await asyncio.to_thread(_redis_keys, redis.port)
    finally:
        server.stop()
        redis.stop()
        pg.stop()
    print(f"{len(result.latencies)} replies in {result.elapsed:.0f} s ({result.rate:.1f} msg/s), p50 {result.pct(0.5):.1f} ms, "
          f"p99 {result.pct(0.99):.1f} ms, errors {result.errors}, busy {result.busy}, 5xx {result.http5xx}; "
          f"Redis keys at the end: {keys}")


def _redis_keys(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"DBSIZE\r\n")
        return int(s.recv(64).strip().lstrip(b":"))


if __name__ == "__main__":
    asyncio.run(main())
