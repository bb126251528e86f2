"""Where the messages' time went, from the servers' log lines written with ``server.stage_timings``
(bot/core/stages.py): per handler and outcome, the count, the server-side latency (p50, p99) and
the mean of each stage; then the same means over the slowest 1% of all messages (the tail), so
what makes the p99 is named by a stage, not guessed.

    .venv/bin/python benchmarks/stages.py LOG [LOG ...]       (compare.py --stages prints it for its runs)

Stages (ms): decode; claim (retry cache, up to the handler's start); handler (router + handlers);
redis, pg (database statements), pool (waiting for a database connection) inside them; gc (the
collector's pauses meanwhile); lag (the event loop's lateness at arrival); "own" = handler - redis
- pg - pool: the handler's CPU plus its waits for the loop.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

COLUMNS = ["decode", "claim", "handler", "redis", "redis_n", "pg", "pg_n", "pool", "own", "gc", "gc2", "lag"]


def read(path: Path, offset: int = 0) -> list[dict]:
    """The ``message`` lines with stages from ``offset`` (bytes) on: {handler, outcome, latency_ms, stages}."""
    out = []
    with open(path, "rb") as f:
        f.seek(offset)
        for raw in f:
            if b'"stages"' not in raw or b'"message"' not in raw:
                continue
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if line.get("event") == "message" and isinstance(line.get("stages"), dict):
                st = line["stages"]
                st["own"] = max(0.0, st.get("handler", 0.0) - st.get("redis", 0.0) - st.get("pg", 0.0)
                                - st.get("pool", 0.0))
                out.append(line)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def _row(name: str, lines: list[dict]) -> str:
    lat = [x["latency_ms"] for x in lines]
    means = [sum(x["stages"].get(c, 0) for x in lines) / len(lines) for c in COLUMNS]
    cells = " ".join(f"{m:7.1f}" if not c.endswith("_n") else f"{m:7.2f}" for c, m in zip(COLUMNS, means))
    return f"  {name[:30]:30} {len(lines):6} {pct(lat, .5):7.1f} {pct(lat, .99):7.1f} {cells}"


def report(lines: list[dict]) -> str:
    if not lines:
        return "  (no message lines with stages: is server.stage_timings on?)"
    head = f"  {'handler/outcome':30} {'count':>6} {'p50':>7} {'p99':>7} " + " ".join(f"{c:>7}" for c in COLUMNS)
    groups: dict[str, list[dict]] = {}
    for x in lines:
        groups.setdefault(f"{x.get('handler')}/{x.get('outcome')}", []).append(x)
    rows = [_row(k, v) for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))]
    cut = pct([x["latency_ms"] for x in lines], 0.99)
    tail = [x for x in lines if x["latency_ms"] >= cut]
    kinds: dict[str, int] = {}
    for x in tail:
        key = f"{x.get('handler')}/{x.get('outcome')}"
        kinds[key] = kinds.get(key, 0) + 1
    return "\n".join([head, *rows, _row("all", lines), _row(f"slowest 1% (>= {cut:.0f} ms)", tail),
                      "  slowest 1% by handler/outcome: " + ", ".join(f"{k} {n}" for k, n in
                                                                     sorted(kinds.items(), key=lambda kv: -kv[1]))])


if __name__ == "__main__":
    print(report([x for p in sys.argv[1:] for x in read(Path(p))]))
