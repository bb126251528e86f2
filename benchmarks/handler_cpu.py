"""CPU one distinct question costs through the real handler path (router -> handlers -> knowledge
-> unanswered log), this checkout beside another one, in one run: no XML, no HTTP, no network, so
the transport's share (benchmarks/compare.py measures it all) does not blur the handlers'.

    .venv/bin/python benchmarks/handler_cpu.py --reference DIR [--reference DIR2] [--rounds 5] [--count 600]
    .venv/bin/python benchmarks/handler_cpu.py --reference DIR --instructions [--count 300]

(a reference checkout: ``git worktree add --detach DIR REF``; ratios are to the first reference)

Questions (each a text never asked before, so no cache answers it):

- ``traffic``: what compare.py's distinct load sends (benchmarks/traffic.py): the knowledge base's
  questions and variants dressed with fillers, a tenth off-topic questions dressed alike, same seed;
- ``blind``: the spent evaluation sets (tests/data/paraphrases.yaml, blind dev, sealed, v2..v6:
  reply_diff's sets), in a fixed shuffled order.

Each checkout runs in its own fresh process (its own modules imported), the checkouts taking turns
``--rounds`` times; each process first asks a disjoint warm-up slice (tables and per-character
caches warm, as in a running server, and the askers known), then the measured slice: process CPU
time per question, the median over rounds. With ``--instructions`` each process runs once under
``valgrind --tool=callgrind``, counting only the measured slice: instructions per question, which
other processes on a shared machine do not move.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM = 400


def question_sets(count: int) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (warm-up texts, measured texts): disjoint, built from this checkout's data files."""
    from benchmarks.reply_diff import questions
    from benchmarks.traffic import Traffic
    traffic = Traffic("bench", seed=1)
    texts: list[str] = []
    while len(texts) < WARM + count:
        texts.append(_text_of(traffic.question().steps[0].body))
    blind = list(dict.fromkeys(q for qs in questions().values() for q in qs))
    random.Random(5).shuffle(blind)
    return {"traffic": (texts[:WARM], texts[WARM:WARM + count]),
            "blind": (blind[:WARM], blind[WARM:WARM + count])}


def _text_of(body: bytes) -> str:
    import re
    m = re.search(rb"<Content><!\[CDATA\[(.*?)\]\]></Content>", body, re.S)
    return m.group(1).decode()


# Run in a fresh interpreter on a checkout: argv = tree, questions file, set name, mode (cpu|callgrind).
SCRIPT = r"""
import asyncio, functools, json, os, subprocess, sys, tempfile, time
from datetime import datetime, timezone
tree, qfile, name, mode = sys.argv[1:5]
sys.path.insert(0, tree)
os.chdir(tree)
from bot.core.config import load_settings
from bot.core.messages import Message
from bot.services import build_services, default_handlers
from bot.storage.state import MemoryStateStore
from handlers.router import Router
import logging
logging.disable(logging.CRITICAL)
warm, measured = json.loads(open(qfile, encoding="utf-8").read())[name]
NOW = datetime(2027, 3, 20, 4, 0, tzinfo=timezone.utc)
tmp = tempfile.mkdtemp()
settings = load_settings(env={}, wechat={"token": "cpu", "appid": "", "aes_key": "", "appsecret": ""},
                         storage={"database_url": f"sqlite:///{tmp}/bot.db", "redis_url": ""},
                         limits={"messages_per_minute": 0})
loop = asyncio.new_event_loop()
services = loop.run_until_complete(build_services(settings, clock=lambda: NOW))
router = Router(services, MemoryStateStore(), default_handlers())
ids = iter(range(10**9))
def ask(i, text):
    msg = Message(user=f"o-cpu-{i % 500}", kind="text", text=text, msg_id=str(next(ids)), create_time=1)
    return loop.run_until_complete(router.dispatch(msg)).outcome
for i, q in enumerate(warm):
    ask(i, q)
if mode == "callgrind":
    on = subprocess.Popen(["callgrind_control", "-i", "on", str(os.getpid())], stdout=subprocess.DEVNULL)
    while on.poll() is None:
        sum(range(1000))
    functools.reduce(lambda _, iq: ask(*iq), enumerate(measured), None)
    print(json.dumps({"n": len(measured)}))
else:
    outcomes = {}
    t0 = time.process_time()
    for i, q in enumerate(measured):
        o = ask(i, q)
        outcomes[o] = outcomes.get(o, 0) + 1
    cpu = time.process_time() - t0
    print(json.dumps({"ms": cpu * 1000 / len(measured), "n": len(measured), "outcomes": outcomes}))
"""


def run(tree: Path, qfile: str, name: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tree), qfile, name, "cpu"],
                         capture_output=True, text=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)})
    if out.returncode:
        raise SystemExit(f"{tree}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def instructions(tree: Path, qfile: str, name: str) -> tuple[int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        res = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
                              "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
                              sys.executable, "-c", SCRIPT, str(tree), qfile, name, "callgrind"],
                             check=True, capture_output=True, text=True, cwd=tree,
                             env={**os.environ, "PYTHONPATH": str(tree)})
        n = json.loads(res.stdout.strip().splitlines()[-1])["n"]
        total = 0
        for path in Path(tmp).glob("callgrind.out*"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith(("summary:", "totals:")):
                    total += int(line.split()[1])
                    break
        return total, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, required=True, action="append",
                    help="another checkout (e.g. at 189a31e); may be given again")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--count", type=int, default=600, help="measured questions per set")
    ap.add_argument("--references-only", action="store_true", help="measure only the --reference checkouts")
    ap.add_argument("--sets", default="traffic,blind")
    ap.add_argument("--instructions", action="store_true", help="callgrind instructions instead of CPU time")
    args = ap.parse_args()
    trees = {str(p): p.resolve() for p in args.reference}
    first = next(iter(trees))
    if not args.references_only:
        trees["this"] = ROOT
    sets = question_sets(args.count)
    names = args.sets.split(",")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(sets, f, ensure_ascii=False)
    try:
        for name in names:
            if args.instructions:
                if shutil.which("valgrind") is None:
                    print("--instructions needs valgrind")
                    return 2
                got = {k: instructions(t, f.name, name) for k, t in trees.items()}
                per = {k: total / n for k, (total, n) in got.items()}
                print(f"{name:8s} instructions/question (callgrind, {got[first][1]} questions): "
                      + "   ".join(f"{k} {v:,.0f} ({v / per[first]:.3f})" for k, v in per.items()))
                continue
            ms: dict[str, list[float]] = {k: [] for k in trees}
            outcomes = {}
            for _ in range(args.rounds):
                for k, t in trees.items():
                    res = run(t, f.name, name)
                    ms[k].append(res["ms"])
                    outcomes[k] = res["outcomes"]
            med = {k: statistics.median(v) for k, v in ms.items()}
            print(f"{name:8s} ms CPU/question (median of {args.rounds}, {args.count} questions; ratio to {first}):")
            for k, v in med.items():
                print(f"    {k:28s} {v:.3f}  ({v / med[first]:.3f})   runs {' '.join(f'{x:.2f}' for x in ms[k])}"
                      f"   outcomes {outcomes[k]}")
    finally:
        os.unlink(f.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
