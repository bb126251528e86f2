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
then the mixed load at a fixed --rate messages/s for the bot (open loop: the latency users see),
--rate-runs times per server, interleaved (medians; errors, busy replies and 5xx summed), with how
many messages were shed (answered at once with the busy reply by an overloaded worker, counted in
the servers' logs: they are part of "busy"), how many were answered within WeChat's 5 s, and the
machine's load average over the runs. --rate-only runs only that part, on the 2-worker servers.

    .venv/bin/python benchmarks/compare.py [--messages 3000] [--runs 3] [--concurrency 32] [--rate 500]
                                           [--rate-runs 1] [--rate-only] [--baseline DIR]

Needs the `bench` extra (WeRoBot, waitress) and PostgreSQL's server binaries (initdb, pg_ctl).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
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
from benchmarks.stages import read as read_stages  # noqa: E402
from benchmarks.stages import report as stage_report  # noqa: E402
from benchmarks.traffic import Result, Traffic, closed_loop, fixed_rate  # noqa: E402

WECHAT_SECONDS = 5.0      # WeChat drops a callback not answered within this (and retries it)
SHED = '"outcome": "shed"'   # the "message" log line of a shed message (bot.wechat.app)

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
    ap.add_argument("--rate-runs", type=int, default=1, help="fixed-rate runs per server (medians)")
    ap.add_argument("--rate-only", action="store_true",
                    help="only the fixed-rate mixed load, on the 2-worker PostgreSQL + Redis servers")
    ap.add_argument("--baseline", type=Path, help="another checkout whose bot runs beside this one's")
    ap.add_argument("--stages", action="store_true",
                    help="servers log each message's stage times (server.stage_timings; a checkout without "
                         "them ignores it); printed for the fixed-rate runs (benchmarks/stages.py)")
    args = ap.parse_args()

    tmp = workdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    if args.baseline:
        await pg.fetch("CREATE DATABASE baseline")
    servers: list[Server] = [] if args.rate_only else reference_servers()
    for root, tag, db in ([(ROOT, "", "postgres")]
                          + ([(args.baseline.resolve(), " (baseline)", "baseline")] if args.baseline else [])):
        # Each checkout its own databases and Redis keys (database 1 for the baseline).
        if not args.rate_only:
            servers += [trivial_bot_server(f"bot webhook, trivial handler{tag}",
                                           database_url=f"sqlite:///{tmp}/t{db}.db", root=root),
                        bot_server(f"bot, 1 worker, SQLite{tag}", database_url=f"sqlite:///{tmp}/{db}.db", root=root,
                                   log=tmp / f"sqlite-{db}.log")]
        servers.append(bot_server(f"bot, 2 workers, PostgreSQL + Redis{tag}", workers=2, root=root,
                                  database_url=pg.url.rsplit("/", 1)[0] + "/" + db,
                                  redis_url=redis.url[:-1] + ("1" if tag else "0"), log=tmp / f"pg-{db}.log",
                                  settings={"server": {"stage_timings": True}} if args.stages else None))
    traffic = {s.name: Traffic(TOKEN) for s in servers}     # same sequence for each, no text asked twice
    results: dict[tuple[str, str], list[Result]] = {}
    rated: dict[str, list[tuple[Result, int]]] = {}      # server -> (result, messages shed) per run
    others: dict[str, list[dict]] = {}                   # server -> CPU s of PostgreSQL, Redis, the load generator
    staged: dict[str, list[dict]] = {}                   # server -> its message lines with stages (rate runs)
    loads: list[float] = []
    try:
        for s in servers:
            await s.start()
            await closed_loop(s.url, traffic[s.name].jobs("popular", 500), args.concurrency)      # warm-up
        for run in range(0 if args.rate_only else args.runs):
            for load, _ in LOADS:
                for s in servers:
                    if load == "mixed" and "trivial" in s.name:
                        continue          # it has no sign-up or quiz: the mixed load means nothing to it
                    jobs = traffic[s.name].jobs(load, args.messages)
                    cpu = s.cpu_seconds()
                    result = await closed_loop(s.url, jobs, args.concurrency)
                    result.cpu = s.cpu_seconds() - cpu
                    results.setdefault((s.name, load), []).append(result)
        for run in range(args.rate_runs):
            for s in servers:
                if s.log is None:          # the reference servers and the trivial handler
                    continue
                shed = s.log.read_text().count(SHED)
                offset = s.log.stat().st_size
                loads.append(os.getloadavg()[0])
                cpu = s.cpu_seconds()
                around = {"postgres": pg.cpu_seconds(), "redis": redis.cpu_seconds(), "generator": time.process_time()}
                result = await fixed_rate(s.url, traffic[s.name].stream("mixed"), args.rate,
                                          int(args.rate * args.rate_seconds))
                result.cpu = s.cpu_seconds() - cpu
                others.setdefault(s.name, []).append(
                    {"postgres": pg.cpu_seconds() - around["postgres"], "redis": redis.cpu_seconds() - around["redis"],
                     "generator": time.process_time() - around["generator"], "seconds": result.elapsed})
                loads.append(os.getloadavg()[0])
                rated.setdefault(s.name, []).append((result, s.log.read_text().count(SHED) - shed))
                if args.stages:
                    staged.setdefault(s.name, []).extend(read_stages(s.log, offset))
    finally:
        for s in servers:
            s.stop()
        redis.stop()
        pg.stop()

    print(f"{args.messages} messages a run, {args.runs} runs (medians), {args.concurrency} concurrent clients, "
          f"loopback, {os.cpu_count()} cores")
    for load, title in ([] if args.rate_only else LOADS):
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
    if not args.rate_only:
        print(f"\n{TARGETS}")
    print(f"\nmixed load at a fixed {args.rate:.0f} messages/s for {args.rate_seconds:.0f} s (open loop), "
          f"{args.rate_runs} runs (medians; counts summed), load average {statistics.median(loads or [0]):.1f} "
          f"(median, {min(loads or [0]):.1f}-{max(loads or [0]):.1f})")
    for name, runs in rated.items():
        results = [r for r, _ in runs]
        replies = sum(len(r.latencies) for r in results)
        sent = replies + sum(r.errors for r in results)
        shed = sum(n for _, n in runs)
        in_time = sum(sum(1 for t in r.latencies if t < WECHAT_SECONDS) for r in results)
        print(f"  {name:46} achieved {statistics.median(r.rate for r in results):5.0f} msg/s  "
              f"p50 {statistics.median(r.pct(0.5) for r in results):7.1f} ms  "
              f"p99 {statistics.median(r.pct(0.99) for r in results):7.1f} ms  "
              f"errors {sum(r.errors for r in results)} busy {sum(r.busy for r in results)} "
              f"(shed {shed}, {100 * shed / max(1, replies):.1f}%) 5xx {sum(r.http5xx for r in results)} "
              f"limited {sum(r.limited for r in results)}  within 5 s {100 * in_time / max(1, sent):.1f}%  "
              f"sign-ups confirmed {sum(r.replies.get('signup-ok', 0) for r in results)}  "
              f"cpu ms/msg {statistics.median(1000 * r.cpu / max(1, len(r.latencies)) for r in results):.2f}")
        started = sum(r.replies.get("signup-started", 0) for r in results)
        finished = sum(r.replies.get("signup-finished", 0) for r in results)
        # What the whole mix costs the machine: the bot's workers, and PostgreSQL, Redis and the load
        # generator beside them (all on these cores), per message and in cores at the rate achieved.
        per = {k: statistics.median(1000 * o[k] / max(1, len(r.latencies)) for o, r in zip(others[name], results))
               for k in ("postgres", "redis", "generator")}
        bot = statistics.median(1000 * r.cpu / max(1, len(r.latencies)) for r in results)
        cores = statistics.median((r.cpu + o["postgres"] + o["redis"] + o["generator"]) / max(o["seconds"], 1e-9)
                                  for o, r in zip(others[name], results))
        print(f"  {'':46} cpu ms/msg: bot {bot:.2f} + postgres {per['postgres']:.2f} + redis {per['redis']:.2f} "
              f"+ load generator {per['generator']:.2f} = {bot + sum(per.values()):.2f}; "
              f"{cores:.2f} cores busy over the run")
        resent = sum(r.replies.get("resent", 0) for r in results)
        kept = sum(r.replies.get("busy-not-shed", 0) for r in results)
        print(f"  {'':46} sign-ups started {started}, through all steps {finished}; conversation steps sent again "
              f"after a shed {resent}, answered busy but not shed (not sent again) {kept}; load generator late "
              f"p50 {statistics.median(1000 * _pct(r.behind, .5) for r in results):.1f} ms, "
              f"p99 {statistics.median(1000 * _pct(r.behind, .99) for r in results):.1f} ms")
    for name, lines in staged.items():
        print(f"\nstages of {name} (fixed-rate runs, all workers; ms, means; benchmarks/stages.py)")
        print(stage_report(lines))


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0.0


if __name__ == "__main__":
    asyncio.run(main())
