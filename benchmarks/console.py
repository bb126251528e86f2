"""Benchmark: console pages over HTTP at 50,000 sign-ups (target: each under 300 ms).

    .venv/bin/python benchmarks/console.py                 # SQLite in a temp dir
    .venv/bin/python benchmarks/console.py --db-url postgresql://postgres@127.0.0.1:5432/bench

Fills the database as benchmarks/export.py does, logs in a county account, then requests each
page --runs times through the real app (session check, queries, template, SVG) and prints the
median and the slowest time of each.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.export import fill  # noqa: E402
from tests.console_support import site  # noqa: E402

PAGES = [
    ("dashboard", "/admin"),
    ("dashboard, one township", "/admin?township=硕督镇"),
    ("sign-ups, first page", "/admin/signups"),
    ("sign-ups, township + event", "/admin/signups?township=硕督镇&event=archery"),
    ("sign-ups, name search", "/admin/signups?q=扎西"),
    ("sign-ups, page 500", "/admin/signups?page=500"),
    ("sign-ups, all statuses", "/admin/signups?status=all"),
]
TARGET_MS = 300.0


async def run(url: str, rows: int, runs: int, tmp: Path) -> int:
    t0 = time.perf_counter()
    await fill(url, rows)
    print(f"{rows} sign-ups inserted in {time.perf_counter() - t0:.1f} s ({url.split('@')[-1]})")
    worst = 0.0
    async with site(tmp, db_url=url) as s:
        await s.add_account("bench")
        await s.login("bench")
        for label, path in PAGES:
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                resp = await s.client.get(path)
                body = await resp.read()
                times.append((time.perf_counter() - start) * 1000)
                assert resp.status == 200, (path, resp.status)
            times = times[1:]                       # the first one warms caches
            worst = max(worst, statistics.median(times))
            print(f"  {label:28s} median {statistics.median(times):6.1f} ms   max {max(times):6.1f} ms   "
                  f"({len(body) // 1024} KiB)")
    ok = worst < TARGET_MS
    print(f"slowest median {worst:.1f} ms: {'OK' if ok else 'over'} the {TARGET_MS:.0f} ms target")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", help="database (default: SQLite in a temp dir)")
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.db"
        return asyncio.run(run(url, args.rows, args.runs, Path(tmp)))


if __name__ == "__main__":
    raise SystemExit(main())
