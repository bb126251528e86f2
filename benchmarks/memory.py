"""Where a worker's memory goes under the soak's load (benchmarks/soak.py): one worker on PostgreSQL
+ Redis of this script's own, traced with tracemalloc from the end of the warm-up. At each of
--at (minutes) it takes a snapshot and lists what grew since the first one, by source line (and
the call chain of the largest), with each bounded structure's fill (Webhook.memory()).

    .venv/bin/python benchmarks/memory.py [--minutes 10] [--rate 25] [--at 2,5,10] [--top 15]

--rate 25 is one worker's share of the soak's 50 msg/s over two. Tracing slows the worker down
(every allocation is recorded, --frames deep) and each snapshot stops it for a moment, so a
few Redis calls time out around it (their fallbacks are not the steady state).
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import linecache
import os
import signal
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.infra import BOT_ENV, TOKEN, Postgres, Redis, Server, bench_config, rss_mb, workdir  # noqa: E402
from benchmarks.traffic import Result, Traffic, closed_loop, fixed_rate  # noqa: E402


# -- the worker (a child process) -------------------------------------------------------------------
def serve(port: int, out: Path, frames: int) -> None:
    """The bot on ``port``; SIGUSR1: the first starts tracing, each later one dumps a snapshot."""
    from bot.cli import serve as cli
    from bot.core.config import load_settings
    from bot.core.logs import setup_logging
    from bot.wechat import app as webhook

    hooks: list = []
    start = webhook.Webhook.start

    def remember(self) -> None:
        hooks.append(self)
        start(self)

    webhook.Webhook.start = remember
    taken = [0]

    def on_signal(_sig, _frame) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start(frames)
            (out / "tracing").write_text("1")
            return
        gc.collect()
        taken[0] += 1
        n = taken[0]
        tracemalloc.take_snapshot().dump(str(out / f"snap-{n}.pickle"))
        fills = {name: list(f) for name, f in sorted(hooks[0].memory().items())} if hooks else {}
        traced, _peak = tracemalloc.get_traced_memory()
        info = {"rss_mb": rss_mb(os.getpid()), "traced_mb": traced / 2**20, "fill": fills,
                "gc_objects": len(gc.get_objects()), "frozen": gc.get_freeze_count()}
        (out / f"snap-{n}.json").write_text(json.dumps(info))

    signal.signal(signal.SIGUSR1, on_signal)
    setup_logging()
    asyncio.run(cli._serve(load_settings(), host="127.0.0.1", port=port))


# -- the driver --------------------------------------------------------------------------------------
async def wait_file(path: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path.name}: the worker did not write it")
        await asyncio.sleep(0.2)


def where(frame: tracemalloc.Frame) -> str:
    root = str(Path(__file__).resolve().parent.parent) + "/"
    name = frame.filename.replace(root, "")
    if "site-packages/" in name:
        name = name.split("site-packages/", 1)[1]
    elif "/lib/python3" in name:
        name = "stdlib/" + name.split("/lib/python3", 1)[1].split("/", 1)[1]
    return f"{name}:{frame.lineno}"


def report(first: tracemalloc.Snapshot, snap: tracemalloc.Snapshot, top: int, chains: int) -> None:
    stats = snap.compare_to(first, "lineno")
    grew = sum(s.size_diff for s in stats)
    print(f"  traced growth since the first snapshot: {grew / 2**20:+.2f} MB "
          f"({sum(s.count_diff for s in stats):+,} blocks)")
    for s in stats[:top]:
        frame = s.traceback[0]
        code = linecache.getline(frame.filename, frame.lineno).strip()[:70]
        print(f"    {s.size_diff / 1024:+9.1f} kB {s.count_diff:+8,} blocks  now {s.size / 1024:9.1f} kB  "
              f"{where(frame)}  {code}")
    for s in snap.compare_to(first, "traceback")[:chains]:
        print(f"  {s.size_diff / 1024:+.1f} kB from:")
        for frame in list(s.traceback)[-8:]:
            print(f"      {where(frame)}")


def fills_table(infos: list[tuple[float, dict]]) -> None:
    names = sorted({n for _, info in infos for n in info["fill"]})
    print("\nbounded structures, entries at each snapshot / capacity:")
    print("  " + f"{'minute':<42}" + "".join(f"{m:>8g}" for m, _ in infos) + "   capacity")
    for name in names:
        cells = [info["fill"].get(name, [0, None]) for _, info in infos]
        cap = cells[-1][1]
        print(f"  {name:<42}" + "".join(f"{c[0]:>8}" for c in cells) + f"   {cap if cap is not None else '-'}")


def parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--rate", type=float, default=25, help="messages per second (default 25)")
    ap.add_argument("--people", type=int, default=50_000)
    ap.add_argument("--at", default="2,5,10", help="minutes at which to take snapshots (the first is the base)")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--frames", type=int, default=1,
                    help="call-chain depth recorded per allocation (default 1; deeper shows where the largest "
                         "come from, and slows the worker much more)")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    return ap.parse_args()


async def main(args: argparse.Namespace) -> None:
    marks = sorted(float(m) for m in args.at.split(","))
    tmp = workdir()
    out = tmp / "snaps"
    out.mkdir()
    pg, redis = Postgres(tmp).start(), Redis(tmp).start()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--serve", "{port}", "--out", str(out),
           "--frames", str(args.frames)]
    server = Server("bot", cmd, {**BOT_ENV, "DATABASE_URL": pg.url, "REDIS_URL": redis.url,
                                 "FENJIN_CONFIG": str(bench_config())}, log=tmp / "bot.log")
    traffic = Traffic(TOKEN, repeat=True, askers=args.people)
    result = Result()
    infos: list[tuple[float, dict]] = []
    try:
        await server.start()
        pid = server.worker_pids()[0]
        await closed_loop(server.url, traffic.jobs("popular", 200), 8)        # warm-up
        os.kill(pid, signal.SIGUSR1)
        await wait_file(out / "tracing")
        print(f"memory: mixed load at {args.rate:g} msg/s for {args.minutes:g} min on one traced worker "
              f"(pid {pid}), {args.people} people asking; snapshots at minutes {args.at}", flush=True)
        total = int(args.rate * args.minutes * 60)
        run = asyncio.ensure_future(fixed_rate(server.url, traffic.stream("mixed"), args.rate, total, result))
        started = time.monotonic()
        for n, mark in enumerate(marks, 1):
            await asyncio.wait({run}, timeout=max(0.0, started + mark * 60 - time.monotonic()))
            os.kill(pid, signal.SIGUSR1)
            await wait_file(out / f"snap-{n}.json")
            info = json.loads((out / f"snap-{n}.json").read_text())
            infos.append((mark, info))
            print(f"minute {mark:g}: RSS {info['rss_mb']:.1f} MB, traced {info['traced_mb']:.1f} MB, "
                  f"{len(result.latencies)} replies so far, gc objects {info['gc_objects']:,} "
                  f"(+{info['frozen']:,} frozen)", flush=True)
        run.cancel()
    finally:
        server.stop()
        redis.stop()
        pg.stop()
    # Compared at the end: loading snapshots here would hold up the load meanwhile.
    first = tracemalloc.Snapshot.load(str(out / "snap-1.pickle"))
    for n, (mark, _info) in enumerate(infos[1:], 2):
        print(f"\nminute {mark:g} against minute {marks[0]:g}:")
        report(first, tracemalloc.Snapshot.load(str(out / f"snap-{n}.pickle")), args.top, 3 if args.frames > 1 else 0)
    fills_table(infos)
    print(f"\n{len(result.latencies)} replies, errors {result.errors}, 5xx {result.http5xx} (log: {tmp / 'bot.log'})")


if __name__ == "__main__":
    arguments = parse()
    if arguments.serve:
        serve(arguments.serve, Path(arguments.out), arguments.frames)
    else:
        asyncio.run(main(arguments))
