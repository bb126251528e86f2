"""What the probe matrices (contest_matrix.py, policy_matrix.py) share: the seeded tune/held split of
each cell's templates, the style converters, the run through the real webhook, the tune | held report.

A matrix is rows (attributes or facts) × styles; each cell holds a few templates. ``split`` halves
every cell's templates by a seeded shuffle, so fixes are made looking at the tune half only and the
held half shows whether they generalise.
"""
from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.blind import Item, run_webhook  # noqa: E402


def split(cells: Iterable[tuple[tuple[str, str], int]], seed: int) -> dict[tuple[str, str, int], str]:
    """(row, style, template index) -> "tune" | "held": half of each cell's templates each.
    ``cells`` gives each (row, style) cell with its template count, in a fixed order."""
    rng = random.Random(seed)
    out = {}
    for (row, style), n in cells:
        idx = list(range(n))
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            out[(row, style, i)] = "tune" if k < n // 2 else "held"
    return out


def pinyin(text: str, spaced: bool) -> str:
    from pypinyin import lazy_pinyin
    return (" " if spaced else "").join(lazy_pinyin(text))


@lru_cache(maxsize=1)
def traditional():
    import opencc
    return opencc.OpenCC("s2t").convert


def run(built: Sequence[tuple[Item, dict]]) -> list[dict]:
    """Every question as a new user through the real webhook; one row per question: its meta, the
    question, whether the reply is direct and holds every must group, the reply's kind and text."""
    items = [it for it, _ in built]
    with tempfile.TemporaryDirectory(prefix="fenjin-matrix-") as tmp:
        outcomes = asyncio.run(run_webhook(items, Path(tmp), aes=False, label="matrix"))
    return [{**meta, "q": item.q, "ok": bool(o.correct), "kind": o.kind,
             "reply": (o.reply or "").replace("\n", " ⏎ ")}
            for (item, meta), o in zip(built, outcomes)]


def report(rows: list[dict], *, title: str, row_key: str, row_names: Sequence[str],
           styles: Sequence[str], worst: int, grid: bool = True) -> None:
    """Direct-correct per style, per row and per row × style, tune | held; the worst cells of the
    tune half with examples (the held half's misses are never printed: it is not for fixing)."""
    cell: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        for h in (r["half"], "all"):
            for key in (("all", "all", h), (r[row_key], "all", h), ("all", r["style"], h),
                        (r[row_key], r["style"], h)):
                cell[key][0] += r["ok"]
                cell[key][1] += 1

    def pct(key):
        k, n = cell.get(key, (0, 0))
        return f"{k / n:6.1%}" if n else "     -"

    print(f"== {title}: {len(rows)} questions, direct-correct  (tune | held)")
    print(f"overall  {pct(('all', 'all', 'tune'))} | {pct(('all', 'all', 'held'))}   "
          f"(all {pct(('all', 'all', 'all'))})")
    print("per style:")
    for s in styles:
        print(f"  {s:12s} {pct(('all', s, 'tune'))} | {pct(('all', s, 'held'))}")
    print(f"per {row_key}:")
    for a in row_names:
        print(f"  {a:12s} {pct((a, 'all', 'tune'))} | {pct((a, 'all', 'held'))}")
    if grid:
        print(f"{row_key} × style (tune | held):")
        print("  " + " " * 9 + "".join(f"{s:>17s}" for s in styles))
        for a in row_names:
            print(f"  {a:9s}" + "".join(f"  {pct((a, s, 'tune'))}|{pct((a, s, 'held'))}" for s in styles))
    cells = [(cell[(a, s, "tune")][0] / cell[(a, s, "tune")][1], a, s)
             for a in row_names for s in styles if cell[(a, s, "tune")][1]]
    cells.sort()
    print("worst cells (tune half), with examples:")
    for rate, a, s in cells[:worst]:
        print(f"  {a}/{s}: {rate:.1%}")
        bad = [r for r in rows if r[row_key] == a and r["style"] == s and r["half"] == "tune" and not r["ok"]]
        for r in bad[:3]:
            print(f"      {r['q']} -> {r['reply'][:90]}")


def write_outputs(rows: list[dict], *, row_key: str, misses: Path | None, json_path: Path | None) -> None:
    """The tune half's misses, one a line (what one may look at), and every outcome as JSON."""
    if misses:
        misses.write_text("".join(f"[{r[row_key]}/{r['style']}/{r['kind']}] {r['q']} -> {r['reply'][:160]}\n"
                                  for r in rows if r["half"] == "tune" and not r["ok"]), encoding="utf-8")
    if json_path:
        json_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
