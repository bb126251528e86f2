"""Every 「您是不是想问」 list the bot shows on the tuning parts of the blind set and the near probes.

    .venv/bin/python benchmarks/suggest_lists.py [--parts all|dev,v9,...] [--show]

Each question goes as a new user through the real webhook (plain mode, as tests/blind.py asks it).
A list's every choice is tried (the question asked again by another new user, then that number
sent), so a list is read as: right first, right but lower (which place), or none right. Prints, per
part: lists shown, right first, right lower, none right, direct-correct, confident-wrong, near-miss
and off-topic confident answers. ``--show`` prints each list with its choices and which is right.
"""
from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import blind  # noqa: E402
from tests.harness import BotHarness  # noqa: E402

_CHOICE_LINE = re.compile(r"^(\d+)\. (.+)$", re.M)


def near_probes() -> list[blind.Item]:
    from tests.test_near_probes import load
    return load()


async def run(items: list[blind.Item], label: str) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="fenjin-lists-") as tmp:
        async with BotHarness.start(Path(tmp), aes=False, clock=lambda: blind.WRITTEN) as bot:
            n = 0
            for item in items:
                n += 1
                send = bot.voice if item.persona == "voice" else bot.text
                o = await blind.ask(bot, f"{label}-{n}", item)
                row = {"item": item, "kind": o.kind, "correct": o.correct, "confident": o.confident,
                       "reply": o.reply, "choices": [], "right": []}
                if o.kind == "suggestion":
                    row["choices"] = [t for _, t in _CHOICE_LINE.findall(o.reply)]
                    if item.scope == "in":
                        for k in range(1, len(row["choices"]) + 1):
                            n += 1
                            user = f"{label}-{n}"
                            await send(user, item.q)
                            picked = await bot.text(user, str(k))
                            if blind.classify(picked) == "direct" and blind.has_fragments(picked, item.must):
                                row["right"].append(k)
                rows.append(row)
    return rows


def summary(rows: list[dict]) -> dict:
    ins = [r for r in rows if r["item"].scope == "in"]
    lists = [r for r in rows if r["kind"] == "suggestion"]
    in_lists = [r for r in lists if r["item"].scope == "in"]
    return {
        "lists": len(lists), "in_lists": len(in_lists),
        "first": sum(1 in r["right"] for r in in_lists),
        "lower": sum(bool(r["right"]) and 1 not in r["right"] for r in in_lists),
        "none": sum(not r["right"] for r in in_lists),
        "n_in": len(ins), "direct": sum(r["correct"] for r in ins),
        "wrong": sum(r["kind"] == "direct" and not r["correct"] for r in ins),
        "near": sum(r["confident"] for r in rows if r["item"].kind == "near_miss"),
        "n_near": sum(r["item"].kind == "near_miss" for r in rows),
        "off": sum(r["confident"] for r in rows if r["item"].scope == "out" and r["item"].kind != "near_miss"),
        "n_off": sum(r["item"].scope == "out" and r["item"].kind != "near_miss" for r in rows),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parts", default="all")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    parts = list(blind.TUNING_PARTS) + ["near"] if args.parts == "all" else args.parts.split(",")
    print(f"{'part':6} {'lists':>5} {'in':>4} {'1st':>4} {'lower':>5} {'none':>4} | "
          f"{'direct':>11} {'wrong':>5} | {'near':>7} {'off':>7}")
    total = dict.fromkeys(("lists", "in_lists", "first", "lower", "none", "n_in", "direct", "wrong",
                           "near", "n_near", "off", "n_off"), 0)
    shown = []
    for part in parts:
        items = near_probes() if part == "near" else blind.load_part(part)
        rows = asyncio.run(run(items, part))
        s = summary(rows)
        for k in total:
            total[k] += s[k]
        print(f"{part:6} {s['lists']:5d} {s['in_lists']:4d} {s['first']:4d} {s['lower']:5d} {s['none']:4d} | "
              f"{s['direct']:4d}/{s['n_in']:<4d}  {s['wrong']:5d} | {s['near']:3d}/{s['n_near']:<3d} "
              f"{s['off']:3d}/{s['n_off']:<3d}", flush=True)
        shown += [(part, r) for r in rows if r["kind"] == "suggestion"]
    s = total
    print(f"{'all':6} {s['lists']:5d} {s['in_lists']:4d} {s['first']:4d} {s['lower']:5d} {s['none']:4d} | "
          f"{s['direct']:4d}/{s['n_in']:<4d}  {s['wrong']:5d} | {s['near']:3d}/{s['n_near']:<3d} "
          f"{s['off']:3d}/{s['n_off']:<3d}")
    if args.show:
        for part, r in shown:
            item = r["item"]
            mark = (item.kind or "out") if item.scope == "out" else (
                "FIRST" if 1 in r["right"] else f"right={r['right']}" if r["right"] else "NONE")
            print(f"\n[{part}/{item.persona}/{mark}] {item.q}")
            for k, c in enumerate(r["choices"], 1):
                print(f"   {k}. {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
