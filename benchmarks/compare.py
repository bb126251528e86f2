"""Side by side in one run, on loopback: the bare aiohttp + wechatpy echo, WeRoBot 1.13 (trivial
handler, waitress with 8 threads), the bot's webhook with a trivial handler (benchmarks/trivial_bot.py:
what transport and state cost, apart from the handlers), the bot with 1 worker on SQLite, and the
bot with 2 workers on PostgreSQL + Redis (this script's own cluster and redis-server on free ports).
With --baseline DIR (another checkout, e.g. `git worktree add /tmp/base main`), the same three
bot servers of that checkout run too, interleaved with the others: before and after in one run.

Loads (benchmarks/traffic.py), each at --concurrency clients, --messages per run, --runs runs per
server interleaved so background noise hits every server alike; the medians are printed, with the
servers' CPU time per message (user + system, all their processes: steadier than msg/s when other
work shares the machine):
  Q&A popular    the few questions everybody asks (repeated texts)
  Q&A distinct   every question a different text
  mixed          distinct Q&A, quiz rounds, whole sign-ups, retries of one MsgId (two at once)
then the mixed load at a fixed --rate messages/s for the bot (open loop: the latency users see).

    .venv/bin/python benchmarks/compare.py [--messages 3000] [--runs 3] [--concurrency 32] [--rate 500]
                                           [--baseline DIR]

Needs the `bench` extra (WeRoBot, waitress) and PostgreSQL's server binaries (initdb, pg_ctl).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.infra import (  # noqa: E402
    Postgres,
    Redis,
    Server,
    TOKEN,
    bot_server,
    reference_servers,
    trivial_bot_server,
    workdir,
)
from benchmarks.traffic import Result, Traffic, closed_loop, fixed_rate  # noqa: E402

LOADS = [("popular", "Q&A popular"), ("distinct", "Q&A distinct"), ("mixed", "mixed")]
TARGETS = "targets (Q&A, 1 worker, 32 clients): >= 0.5x echo, >= 1.5x WeRoBot, p99 <= 20 ms"


def summary(results: list[Result]) -> dict:
    return {"rate": statistics.median(r.rate for r in results),
            "cpu": statistics.median(1000 * r.cpu / max(1, len(r.latencies)) for r in results),
            "p50": statistics.median(r.pct(0.50) for r in results),
            "p99": statistics.median(r.pct(0.99) for r in results),
            "errors": sum(r.errors for r in results), "busy": sum(r.busy for r in results),
            "5xx": sum(r.http5xx for r in results), "limited": sum(r.limited for r in results),
            "mismatch": sum(r.replies.get("retry-mismatch", 0) for r in results)}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=3000, help="messages per run (default 3000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per server and load; medians are printed")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--rate", type=float, default=500, help="messages/s of the fixed-rate mixed run")
    ap.add_argument("--rate-seconds", type=float, default=10)
    ap.add_argument("--baseline", type=Path, help="another checkout whose bot runs beside this one's")
    args = ap.parse_args()

    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    if args.baseline:
        await pg.fetch("CREATE DATABASE baseline")
    servers: list[Server] = reference_servers()
    for root, tag, db in ([(ROOT, "", "postgres")]
                          + ([(args.baseline.resolve(), " (baseline)", "baseline")] if args.baseline else [])):
        # Each checkout its own databases and Redis keys (database 1 for the baseline).
        servers += [trivial_bot_server(f"bot webhook, trivial handler{tag}", database_url=f"sqlite:///{tmp}/t{db}.db",
                                       root=root),
                    bot_server(f"bot, 1 worker, SQLite{tag}", database_url=f"sqlite:///{tmp}/{db}.db", root=root),
                    bot_server(f"bot, 2 workers, PostgreSQL + Redis{tag}", workers=2, root=root,
                               database_url=pg.url.rsplit("/", 1)[0] + "/" + db,
                               redis_url=redis.url[:-1] + ("1" if tag else "0"))]
    traffic = {s.name: Traffic(TOKEN) for s in servers}     # same sequence for each, no text asked twice
    results: dict[tuple[str, str], list[Result]] = {}
    rated: dict[str, Result] = {}
    try:
        for s in servers:
            await s.start()
            await closed_loop(s.url, traffic[s.name].jobs("popular", 500), args.concurrency)      # warm-up
        for run in range(args.runs):
            for load, _ in LOADS:
                for s in servers:
                    if load == "mixed" and "trivial" in s.name:
                        continue          # it has no sign-up or quiz: the mixed load means nothing to it
                    jobs = traffic[s.name].jobs(load, args.messages)
                    cpu = s.cpu_seconds()
                    result = await closed_loop(s.url, jobs, args.concurrency)
                    result.cpu = s.cpu_seconds() - cpu
                    results.setdefault((s.name, load), []).append(result)
        for s in servers[2:]:
            if "trivial" in s.name:
                continue
            rated[s.name] = await fixed_rate(s.url, traffic[s.name].stream("mixed"), args.rate,
                                             int(args.rate * args.rate_seconds))
    finally:
        for s in servers:
            s.stop()
        redis.stop()
        pg.stop()

    print(f"{args.messages} messages a run, {args.runs} runs (medians), {args.concurrency} concurrent clients, "
          f"loopback, {os.cpu_count()} cores")
    for load, title in LOADS:
        print(f"\n{title}")
        print(f"  {'server':46} {'msg/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'cpu ms/msg':>10}  "
              "errors busy 5xx retry-mismatch limited")
        rows = {s.name: summary(results[(s.name, load)]) for s in servers if (s.name, load) in results}
        for name, r in rows.items():
            print(f"  {name:46} {r['rate']:7.0f} {r['p50']:7.1f} {r['p99']:7.1f} {r['cpu']:10.3f}  "
                  f"{r['errors']:6} {r['busy']:4} {r['5xx']:3} {r['mismatch']:3} {r['limited']:7}")
        echo, werobot = rows[servers[0].name], rows[servers[1].name]
        for s in servers[2:]:
            r = rows.get(s.name)
            if r is None:
                continue
            print(f"  {s.name}: {r['rate'] / echo['rate']:.2f}x echo, {r['rate'] / werobot['rate']:.2f}x WeRoBot, "
                  f"p99 {r['p99']:.1f} ms")
        for s in servers[2:]:
            before = rows.get(s.name + " (baseline)")
            if before and s.name in rows:
                r = rows[s.name]
                print(f"  {s.name}: {r['rate'] / before['rate']:.2f}x the baseline's msg/s, "
                      f"{r['cpu'] / before['cpu']:.2f}x its CPU per message, p99 {r['p99']:.1f} vs {before['p99']:.1f} ms")
    print(f"\n{TARGETS}")
    print(f"\nmixed load at a fixed {args.rate:.0f} messages/s for {args.rate_seconds:.0f} s (open loop)")
    for name, r in rated.items():
        print(f"  {name:46} achieved {r.rate:5.0f} msg/s  p50 {r.pct(0.5):6.1f} ms  p99 {r.pct(0.99):6.1f} ms  "
              f"errors {r.errors} busy {r.busy} 5xx {r.http5xx} limited {r.limited}")


if __name__ == "__main__":
    asyncio.run(main())
