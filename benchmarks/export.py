"""Benchmark: export N sign-ups (default 50,000) to XLSX and CSV, streaming from the database.

    .venv/bin/python benchmarks/export.py                 # SQLite in a temp dir
    .venv/bin/python benchmarks/export.py --db-url postgresql://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/export.py --rows 200000

Each export runs in a fresh child process, twice: once timed (wall clock, peak RSS = VmHWM
of that child), once under tracemalloc (peak Python heap; slower, not timed).
RSS includes the interpreter and libraries, so the child's RSS just before exporting is
printed as the baseline. Targets: XLSX < 10 s and < 64 MB peak; CSV < 2 s.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = ["扎西", "次仁", "卓玛", "格桑", "多吉", "拉姆", "央金", "白玛", "德吉", "尼玛", "达瓦", "平措"]
EVENTS = [("writing", "国家通用语言文字书写比赛", "language", "语言文字类", None),
          ("speech", "国家通用语言文字演讲比赛", "language", "语言文字类", None),
          ("basketball", "村BA篮球赛", "sports", "体育类", 12),
          ("archery", "射箭比赛", "sports", "体育类", None),
          ("cooking", "厨艺比赛", "skills", "农牧民技能类", None),
          ("sewing", "藏式缝纫", "crafts", "手工艺类", None),
          ("guozhuang", "锅庄舞比赛", "arts", "文艺类", 20)]
TOWNS = {"孜托镇": ["孜托村", "达堆村", "卡达村"], "硕督镇": ["达翁村", "硕督村", "娘西村"],
         "康沙镇": ["康沙村", "纳龙村"], "马利镇": ["马利村", "久修村"], "腊久乡": ["查瓦村", "腊久村"]}


async def fill(url: str, n: int) -> None:
    from sqlalchemy import delete, insert

    from bot.storage import Database
    from bot.storage.signups import Signup, SignupEvent

    rnd = random.Random(7)
    db = Database(url)
    await db.migrate()
    now = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)
    async with db.session() as s:
        async with s.begin():
            await s.execute(delete(Signup))
            await s.execute(delete(SignupEvent))
            await s.execute(insert(SignupEvent), [
                {"code": c, "category": cat, "name": name, "deadline": date(2027, 4, 30), "capacity": None,
                 "taken": 0} for c, name, cat, _, _ in EVENTS])
        batch = []
        for i in range(n):
            code, name, cat, cat_name, team = EVENTS[i % len(EVENTS)]
            town = rnd.choice(list(TOWNS))
            members = [rnd.choice(SURNAMES) + rnd.choice(SURNAMES) for _ in range(team - 1)] if team else []
            batch.append({
                "idem_key": f"bench-{i}", "openid": f"o{i}", "for_other": i % 5 == 0, "person_key": f"o:o{i}",
                "status": "active", "category": cat, "category_name": cat_name, "event_code": code,
                "event_name": name, "name": rnd.choice(SURNAMES) + rnd.choice(SURNAMES), "sex": "男女"[i % 2],
                "age": 14 + i % 60, "birth_year": 2013 - i % 60, "phone": f"13{rnd.randrange(10**9):09d}",
                "township": town, "village": rnd.choice(TOWNS[town]),
                "school": "洛隆县完全小学 四年级" if i % 9 == 0 else None,
                "team_name": f"{town}{name}队" if team else None,
                "team_members": json.dumps(members, ensure_ascii=False) if team else None,
                "id_masked": f"540329********{i % 10000:04d}" if i % 3 == 0 else None,
                "consent_at": now, "created_at": now + timedelta(seconds=i),
            })
            if len(batch) == 5000:
                async with s.begin():
                    await s.execute(insert(Signup), batch)
                batch = []
        if batch:
            async with s.begin():
                await s.execute(insert(Signup), batch)
    await db.close()


def _proc_status_kb(field: str) -> int | None:
    """VmRSS / VmHWM of this process from /proc (Linux). VmHWM is this process image's own peak RSS;
    ru_maxrss is not, as Linux carries it over from the parent across fork+exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def child(url: str, fmt: str, out: str, trace: bool) -> None:
    """Run one export and print a JSON line with the numbers."""
    import tracemalloc

    from bot.storage import Database
    from bot.storage.export import export_signups

    async def run() -> int:
        db = Database(url)
        try:
            return await export_signups(db, fmt, out)
        finally:
            await db.close()

    import xlsxwriter  # noqa: F401  (imported before the baseline, like the rest of the code)

    rss_before = _proc_status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    count = asyncio.run(run())
    seconds = time.perf_counter() - t0
    peak = _proc_status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {"count": count, "seconds": seconds, "rss_before_kb": rss_before, "rss_peak_kb": peak}
    if trace:
        result["traced_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps(result))


def measure(url: str, fmt: str, out: str, trace: bool) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", fmt, "--db-url", url, "--out", out]
                          + (["--trace"] if trace else []), capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--child", choices=["xlsx", "csv"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db_url, args.child, args.out, args.trace)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db_url or f"sqlite:///{tmp}/bench.db"
        t0 = time.perf_counter()
        asyncio.run(fill(url, args.rows))
        print(f"database: {url.split('@')[-1] if '@' in url else 'sqlite (temp file)'}; "
              f"{args.rows} sign-ups inserted in {time.perf_counter() - t0:.1f} s")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        targets = {"xlsx": (10.0, 64), "csv": (2.0, None)}
        for fmt in ("xlsx", "csv"):
            out = str(Path(tmp) / f"bench.{fmt}")
            timed = measure(url, fmt, out, trace=False)
            size = Path(out).stat().st_size
            traced = measure(url, fmt, out, trace=True)
            secs_target, mb_target = targets[fmt]
            peak_mb = timed["rss_peak_kb"] / 1024
            base_mb = timed["rss_before_kb"] / 1024
            verdict = "OK" if timed["seconds"] < secs_target and (mb_target is None or peak_mb < mb_target) else "OVER"
            print(f"{fmt.upper():4} rows={timed['count']} time={timed['seconds']:.2f}s "
                  f"peak_rss={peak_mb:.1f}MB (baseline before export {base_mb:.1f}MB, "
                  f"export added {peak_mb - base_mb:.1f}MB) "
                  f"tracemalloc_peak={traced['traced_peak_bytes'] / 2**20:.1f}MB file={size / 2**20:.1f}MB "
                  f"target<{secs_target:g}s" + (f",<{mb_target}MB" if mb_target else "") + f" {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
