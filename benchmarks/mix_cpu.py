"""What each kind of message of compare.py's mixed load costs the machine, in CPU time, and so how
many cores the mix needs at a given rate: the bot's 2 workers on PostgreSQL + Redis, and beside them
PostgreSQL, Redis and the load generator (all on the same cores in the benchmarks).

CPU time per message (user + system of each process) is measured over closed-loop runs at low
concurrency (no admission shedding: every message is made), one load per kind (benchmarks/traffic.py:
distinct Q&A, retried Q&A (two deliveries each), quiz rounds, whole sign-ups) and the mix itself,
taking turns ``--runs`` times (medians). Other work on a shared machine slows these processes down
but barely changes the CPU time they use. Then: cores needed at ``--rate`` = CPU per message x rate.

    .venv/bin/python benchmarks/mix_cpu.py [--root DIR] [--messages 1500] [--runs 3] [--concurrency 8] [--rate 500]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.infra import TOKEN, Postgres, Redis, bot_server, workdir  # noqa: E402
from benchmarks.traffic import Traffic, closed_loop  # noqa: E402

KINDS = {"Q&A distinct": "question", "Q&A retried (x2)": "retry", "quiz round": "quiz", "sign-up": "signup",
         "mixed": "mixed"}
PARTS = ("bot", "postgres", "redis", "generator")


def jobs_of(traffic: Traffic, make: str, messages: int) -> list:
    out, count = [], 0
    while count < messages:
        job = getattr(traffic, make)()
        out.append(job)
        count += sum(s.copies for s in job.steps)
    return out


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose bot runs (default this one)")
    ap.add_argument("--messages", type=int, default=1500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--rate", type=float, default=500)
    args = ap.parse_args()
    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    server = bot_server("bot, 2 workers", workers=2, root=args.root.resolve(), database_url=pg.url,
                        redis_url=redis.url, log=tmp / "bot.log")
    traffic = Traffic(TOKEN)
    costs: dict[str, list[dict]] = {}
    try:
        await server.start()
        await closed_loop(server.url, traffic.jobs("popular", 500), args.concurrency)      # warm-up
        await closed_loop(server.url, traffic.jobs("mixed", 1000), args.concurrency)
        for _ in range(args.runs):
            for title, make in KINDS.items():
                jobs = jobs_of(traffic, make, args.messages)
                before = (server.cpu_seconds(), pg.cpu_seconds(), redis.cpu_seconds(), time.process_time())
                result = await closed_loop(server.url, jobs, args.concurrency)
                after = (server.cpu_seconds(), pg.cpu_seconds(), redis.cpu_seconds(), time.process_time())
                n = max(1, len(result.latencies))
                cost = {part: 1000 * (a - b) / n for part, a, b in zip(PARTS, after, before)}
                cost["busy"] = result.busy
                cost["p99"] = result.pct(0.99)
                costs.setdefault(title, []).append(cost)
    finally:
        server.stop()
        redis.stop()
        pg.stop()
    print(f"CPU ms per message (medians of {args.runs} runs, {args.messages} messages each, closed loop at "
          f"{args.concurrency} clients; {args.root.resolve().name})")
    print(f"  {'load':18} {'bot':>6} {'postgres':>8} {'redis':>6} {'generator':>9} {'total':>6}  "
          f"cores at {args.rate:.0f}/s (without generator)  busy  p99 ms")
    for title, runs in costs.items():
        med = {k: statistics.median(r[k] for r in runs) for k in (*PARTS, "p99")}
        total = sum(med[p] for p in PARTS)
        server_side = total - med["generator"]
        print(f"  {title:18} {med['bot']:6.2f} {med['postgres']:8.2f} {med['redis']:6.2f} {med['generator']:9.2f} "
              f"{total:6.2f}  {total * args.rate / 1000:5.2f} ({server_side * args.rate / 1000:4.2f})"
              f"{'':24} {sum(r['busy'] for r in runs):4} {med['p99']:7.1f}")


if __name__ == "__main__":
    asyncio.run(main())
