"""Q&A matcher benchmark: accuracy on the independent paraphrase set, latency, start-up.

    .venv/bin/python benchmarks/match.py [--size 1000] [--repeat 5] [--baseline-cutoff 80] [--reference main]
    .venv/bin/python benchmarks/match.py --blind dev [--show-misses]
    .venv/bin/python benchmarks/match.py --instructions main

With ``--blind dev|sealed|v2|v3|v4|v5|v6|v7|v8|v9|v10|v11|v12|t7|t8|t9|t10|t11|t12|t13|all`` (all = tests.blind.TUNING_PARTS, the spent parts) it runs only the blind evaluation of issue 11 (tests/blind.py):
every question of that part as a new user through the real webhook, plain and AES mode, with
direct-correct, confident-wrong, suggestion-first and fallback rates and the confident answers
to near-miss and off-topic questions, overall and per persona, beside the plain rapidfuzz
baseline on the same questions. The sealed part is evaluated once, at the end of issue 11.

Prints, for the default knowledge base and for one padded to ``--size`` entries with generated
distractors (questions recombined from halves of real questions of different entries), the
figures of our matcher and of a plain ``rapidfuzz.process.extractOne(query, raw_questions,
scorer=WRatio)`` baseline (it "answers" when its score >= --baseline-cutoff):

* top-1 accuracy: the best-ranked entry answers the query's fact (whatever the outcome);
* recall@3: the fact is among the first three entries;
* answered-precision: of the in-scope queries answered confidently, the share answered right;
* answer rate: in-scope queries answered confidently;
* abstention precision / recall: a query is "abstained" when it gets no confident answer
  (a suggestion or the fallback); precision = out-of-scope share of the abstained, recall =
  share of the out-of-scope queries abstained;
* latency p50/p99 of one ``match`` call, pinned to one CPU core, with the normaliser's cache
  emptied before every pass (each call normalises its query afresh; the per-character pinyin
  table stays warm, as in a running server) -- the lexical stage, the only one (no second stage
  runs on any query);
* the same through the Q&A handler's cache of recent results (handlers.qa.RecentResults):
  uncached on distinct queries, cached (every query asked again), and a stream of ``--stream``
  questions with Zipf-like popularity from a cold cache (its hit rate printed);
* with ``--reference GIT_REF`` (e.g. ``main``), the uncached latency of that ref's matcher and
  of this tree's, in fresh processes taking turns (``--rounds`` each), medians and ratios;
* with ``--instructions GIT_REF`` (and nothing else), the CPU instructions one uncached question
  costs under ``valgrind --tool=callgrind``, this tree's matcher and that ref's (the whole paraphrase
  set, normaliser cache emptied first, as for the latency): a count that other processes on a
  shared machine do not move, unlike the times. Needs valgrind; each run takes minutes;
* start-up of a fresh process (``python`` in a subprocess): the whole wall time including the
  interpreter, the imports, and reading + validating + indexing all YAML -- the first query's
  cost too; the median of ``--startup-runs`` runs. Then, the trees taking turns, this tree without
  the knowledge cache (knowledge/kbcache.py), with an empty one (a first start: built and written),
  and with it written (read back) -- with ``--reference``, that ref's start beside them; wall and
  process CPU times. ``--startup-only`` prints only these start-up figures.

It also prints the tuned config's figures on the development set of benchmarks/devset.py
(made from the knowledge base itself; the paraphrase set above is never used for tuning).
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
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from bot.core.config import load_settings  # noqa: E402
from handlers.qa import RecentResults  # noqa: E402
from knowledge.matcher import MatchConfig  # noqa: E402

PARAPHRASES = ROOT / "tests" / "data" / "paraphrases.yaml"


@dataclass
class Figures:
    top1: float
    recall3: float
    answered_precision: float
    answer_rate: float
    abstain_precision: float
    abstain_recall: float
    oos_confident: int
    p50_ms: float
    p99_ms: float


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def load_paraphrases(path: Path = PARAPHRASES) -> tuple[list[dict], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("in_scope") or []), [str(q) for q in data.get("out_of_scope") or []]


def make_distractors(kb, count: int, seed: int = 7) -> list[dict]:
    """Fake entries whose questions are halves of real questions of two different entries."""
    rng = random.Random(seed)
    entries = list(kb.entries.values())
    texts = [(e.id, t) for e in entries for t in [e.question, *e.similar] if len(t) >= 4]
    taken = {kb.normalizer.normalize_query(t) for _, t in texts}
    out = []
    for n in range(count):
        variants = []
        while len(variants) < rng.randint(3, 6):
            (ida, a), (idb, b) = rng.sample(texts, 2)
            if ida == idb:
                continue
            v = a[: max(2, len(a) // 2)] + b[len(b) // 2:]
            key = kb.normalizer.normalize_query(v)
            if key and key not in taken:
                taken.add(key)
                variants.append(v)
        out.append({"id": f"zz{n:04d}", "question": variants[0], "similar": variants[1:],
                    "keywords": [rng.choice(texts)[1][:3]],
                    "answer": "（干扰条目）"})
    return out


def padded_knowledge_dir(src: Path, dst: Path, kb, size: int) -> int:
    shutil.copytree(src / "qa", dst / "qa")
    if (src / "synonyms.yaml").exists():
        shutil.copy(src / "synonyms.yaml", dst / "synonyms.yaml")
    extra = max(0, size - len(kb))
    if extra:
        doc = {"section": "干扰条目", "entries": make_distractors(kb, extra)}
        (dst / "qa" / "zz_distractors.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return extra


def timed_load(settings, catalogue):
    from knowledge.qa import load_knowledge_base
    t = time.perf_counter()
    kb = load_knowledge_base(settings, catalogue)
    return kb, time.perf_counter() - t


# Run in a fresh interpreter: everything a server start pays before it can answer. argv[4]: the
# knowledge cache directory (knowledge.cache_dir; "" turns it off -- a tree without it ignores it).
STARTUP_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from bot.core.config import load_settings
from knowledge.catalogue import load_catalogue
from knowledge.qa import load_knowledge_base
t1 = time.perf_counter()
settings = load_settings(env={}, knowledge={"dir": sys.argv[2], "cache_dir": sys.argv[4] or False})
kb = load_knowledge_base(settings, load_catalogue(sys.argv[3]))
t2 = time.perf_counter()
kb.match("报名什么时候截止")
t3 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "first_query": t3 - t2, "entries": len(kb),
                  "cpu": time.process_time()}))
"""


def fresh_start(knowledge_dir: Path, catalogue: Path, runs: int, tree: Path = ROOT, cache: str = "") -> dict:
    """Median figures of ``runs`` fresh processes; "wall" includes the interpreter's own start,
    "cpu" is the process's CPU time (steadier on a shared machine)."""
    results = [start_once(tree, knowledge_dir, catalogue, cache) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def start_once(tree: Path, knowledge_dir: Path, catalogue: Path, cache: str) -> dict:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, str(tree), str(knowledge_dir), str(catalogue), cache],
                         check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - t
    return figures


def show_start(label: str, f: dict, runs: int) -> None:
    print(f"  start-up, fresh process ({label}; median of {runs}): {f['wall'] * 1000:.0f} ms wall = interpreter + "
          f"imports {f['imports'] * 1000:.0f} ms + read/validate/index {f['load'] * 1000:.0f} ms "
          f"+ first query {f['first_query'] * 1000:.1f} ms")


def cached_starts(knowledge_dir: Path, catalogue: Path, runs: int, ref_tree: Path | None) -> dict[str, dict]:
    """Start-ups taking turns: (the reference tree,) this tree without the knowledge cache, with an
    empty one (built, then written: a first start) and with it written (read back); medians."""
    kinds = (["reference"] if ref_tree is not None else []) + ["off", "cold", "warm"]
    for tree in {ROOT, ref_tree} - {None}:      # both trees' bytecode written (PYTHONDONTWRITEBYTECODE may be set)
        subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(tree / p) for p in ("bot", "handlers", "knowledge"))],
                       check=True, capture_output=True)
    out: dict[str, list[dict]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as warm:
        start_once(ROOT, knowledge_dir, catalogue, warm)
        for _ in range(runs):
            for kind in kinds:
                if kind == "cold":
                    with tempfile.TemporaryDirectory() as cold:
                        out[kind].append(start_once(ROOT, knowledge_dir, catalogue, cold))
                else:
                    out[kind].append(start_once(ref_tree if kind == "reference" else ROOT, knowledge_dir, catalogue,
                                                warm if kind == "warm" else ""))
    return {k: {f: statistics.median(r[f] for r in rs) for f in rs[0]} for k, rs in out.items()}


def show_cached_starts(label: str, ref: str | None, f: dict[str, dict], runs: int) -> None:
    names = {"reference": ref, "off": "no cache", "cold": "cache cold", "warm": "cache warm"}
    print(f"  start-up with the knowledge cache, fresh processes taking turns ({label}; median of {runs}; "
          f"wall / process CPU, ms; load = read/validate/index or read the cache):")
    for kind, g in f.items():
        print(f"    {names[kind]:<12} {g['wall'] * 1000:5.0f} wall {g['cpu'] * 1000:5.0f} CPU = imports "
              f"{g['imports'] * 1000:4.0f} + load {g['load'] * 1000:4.0f} + first query {g['first_query'] * 1000:5.1f}")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def evaluate(predict, in_scope, oos, repeat: int) -> tuple[Figures, dict]:
    """predict(q) -> (ranked facts, confident: bool)."""
    latencies: list[float] = []
    right = recall = answered = answered_right = 0
    abstained_in = 0
    by_kind: dict[str, list[int]] = {}
    for item in in_scope:
        facts, confident = predict(item["q"])
        ok = bool(facts) and facts[0] == item["fact"]
        right += ok
        recall += item["fact"] in facts[:3]
        answered += confident
        answered_right += confident and ok
        abstained_in += not confident
        k = by_kind.setdefault(item.get("kind", "?"), [0, 0, 0, 0])
        k[0] += 1
        k[1] += ok
        k[2] += confident and ok
        k[3] += confident and not ok
    oos_confident = sum(1 for q in oos if predict(q)[1])
    abstained_oos = len(oos) - oos_confident
    queries = [item["q"] for item in in_scope] + list(oos)
    for _ in range(repeat):
        clear = getattr(predict, "clear_cache", None)
        if clear is not None:
            clear()                      # cold query caches: every query normalised afresh
        for q in queries:
            t = time.perf_counter_ns()
            predict(q)
            latencies.append((time.perf_counter_ns() - t) / 1e6)
    n = max(len(in_scope), 1)
    abstained = abstained_in + abstained_oos
    return Figures(
        top1=right / n, recall3=recall / n,
        answered_precision=answered_right / answered if answered else float("nan"),
        answer_rate=answered / n,
        abstain_precision=abstained_oos / abstained if abstained else float("nan"),
        abstain_recall=abstained_oos / len(oos) if oos else float("nan"),
        oos_confident=oos_confident,
        p50_ms=statistics.median(latencies), p99_ms=percentile(latencies, 99),
    ), by_kind


def ours(kb):
    def predict(q: str):
        r = kb.match(q)
        facts = [kb.get(c.entry_id).fact for c in r.candidates]
        return facts, r.outcome == "answer"
    predict.clear_cache = kb.normalizer.clear_cache
    return predict


def baseline(kb, cutoff: float):
    choices, facts = [], []
    for e in kb.entries.values():
        for t in [e.question, *e.similar]:
            choices.append(t)
            facts.append(e.fact)

    def predict(q: str):
        hit = process.extractOne(q, choices, scorer=fuzz.WRatio)
        if hit is None:
            return [], False
        _, score, idx = hit
        return [facts[idx]], score >= cutoff
    return predict


def cache_figures(kb, queries: list[str], repeat: int, stream: int = 5000, seed: int = 3) -> dict[str, tuple]:
    """Latency of one question through the Q&A handler's cache of recent results
    (handlers.qa.RecentResults, keyed by the message text), in ms (p50, p99):

    * uncached -- distinct queries, each matched afresh (normaliser cache emptied every pass);
    * cached   -- the same queries asked again (every one a hit);
    * stream   -- ``stream`` questions drawn from the set with Zipf-like popularity (the k-th most
      asked one k^-1.1 as often), through one cache from cold: (p50, p99, hit rate)."""
    def timed(ask, texts: list[str], passes: int, before=None) -> list[float]:
        out = []
        for _ in range(passes):
            if before is not None:
                before()
            for q in texts:
                t = time.perf_counter_ns()
                ask(q)
                out.append((time.perf_counter_ns() - t) / 1e6)
        return out

    figures = {}
    lat = timed(kb.match, queries, repeat, kb.normalizer.clear_cache)
    figures["uncached"] = (statistics.median(lat), percentile(lat, 99))
    cache = RecentResults()
    for q in queries:
        cache.get(kb, q, kb.match)
    lat = timed(lambda q: cache.get(kb, q, kb.match), queries, repeat)
    figures["cached"] = (statistics.median(lat), percentile(lat, 99))
    rng = random.Random(seed)
    order = queries[:]
    rng.shuffle(order)
    weights = [1 / (k + 1) ** 1.1 for k in range(len(order))]
    asked = rng.choices(order, weights=weights, k=stream)
    kb.normalizer.clear_cache()
    cache, misses = RecentResults(), []

    def ask(q: str):
        return cache.get(kb, q, lambda text: misses.append(text) or kb.match(text))
    lat = timed(ask, asked, 1)
    figures["stream"] = (statistics.median(lat), percentile(lat, 99), 1 - len(misses) / len(asked))
    return figures


def show_cache(f: dict[str, tuple], n: int, stream: int) -> None:
    u, c, s = f["uncached"], f["cached"], f["stream"]
    print(f"    lexical stage only (there is no second stage: 0% of queries, 0 ms)")
    print(f"    uncached, {n} distinct queries: p50 {u[0]:.3f} ms  p99 {u[1]:.3f} ms   |   "
          f"cached (RecentResults hit): p50 {c[0]:.4f} ms  p99 {c[1]:.4f} ms   |   "
          f"stream of {stream} (Zipf 1.1, {s[2]:.0%} hits): p50 {s[0]:.4f} ms  p99 {s[1]:.3f} ms")


# What both scripts below start with: a source tree's knowledge base loaded (argv: tree, knowledge
# dir, catalogue, queries file) and every query asked once, so tables are warm as in a running server.
_WARM_KB = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from bot.core.config import load_settings
from knowledge.catalogue import load_catalogue
from knowledge.qa import load_knowledge_base
settings = load_settings(env={}, knowledge={"dir": sys.argv[2]})
kb = load_knowledge_base(settings, load_catalogue(sys.argv[3]))
queries = json.loads(open(sys.argv[4], encoding="utf-8").read())
for q in queries:
    kb.match(q)
"""


# Run in a fresh interpreter on a source tree (ours or a reference checkout), so two versions of
# the matcher are timed the same way, alternately, in one run.
LATENCY_SCRIPT = _WARM_KB + """
out = {}
for name, clock in (("", time.perf_counter_ns), ("cpu_", time.thread_time_ns)):
    lat = []
    for _ in range(int(sys.argv[5])):
        kb.normalizer.clear_cache()
        for q in queries:
            t = clock()
            kb.match(q)
            lat.append((clock() - t) / 1e6)
    lat.sort()
    out[name + "p50"] = statistics.median(lat)
    out[name + "p99"] = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))]
print(json.dumps(out))
"""


# Run under callgrind with instrumentation off until the knowledge base is loaded and every query
# asked once (warm tables, as in a running server); then only what runs inside functools.reduce
# is counted: one pass over the queries.
INSTRUCTIONS_SCRIPT = _WARM_KB + """
import functools, os, subprocess
on = subprocess.Popen(["callgrind_control", "-i", "on", str(os.getpid())], stdout=subprocess.DEVNULL)
while on.poll() is None:
    sum(range(1000))
kb.normalizer.clear_cache()
functools.reduce(lambda _, q: kb.match(q), queries, None)
"""


def instructions(tree: Path, knowledge_dir: Path, catalogue: Path, queries: list[str]) -> int:
    """Instructions (callgrind's Ir) of one pass of ``tree``'s matcher over ``queries``."""
    with tempfile.TemporaryDirectory() as tmp:
        qfile, out = Path(tmp) / "queries.json", Path(tmp) / "callgrind.out"
        qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
                        "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
                        sys.executable, "-c", INSTRUCTIONS_SCRIPT, str(tree), str(knowledge_dir), str(catalogue),
                        str(qfile)], check=True, capture_output=True, cwd=tree)
        for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no totals")


def show_instructions(ref: str) -> int:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("--instructions needs valgrind (apt-get install valgrind)")
        return 2
    from bot.core.config import load_settings as settings_of
    settings = settings_of()
    catalogue = settings.knowledge_dir / "catalogue.yaml"
    in_scope, oos = load_paraphrases()
    queries = [item["q"] for item in in_scope] + list(oos)
    ref_tree = export_tree(ref, Path(tempfile.mkdtemp(prefix="match-ref-")))
    try:
        counts = {name: instructions(tree, settings.knowledge_dir, catalogue, queries)
                  for name, tree in (("reference", ref_tree), ("ours", ROOT))}
    finally:
        shutil.rmtree(ref_tree, ignore_errors=True)
    r, o = counts["reference"] / len(queries), counts["ours"] / len(queries)
    print(f"instructions per uncached question (callgrind, {len(queries)} paraphrase-set queries, default "
          f"knowledge base): {ref}: {r:,.0f}   this tree: {o:,.0f}   ratio {o / r:.3f}")
    return 0


def side_by_side(trees: dict[str, Path], knowledge_dir: Path, catalogue: Path, queries: list[str], repeat: int,
                 rounds: int) -> dict[str, dict[str, float]]:
    """Uncached p50 / p99 (ms) of each tree's matcher: fresh processes, the trees alternating,
    ``rounds`` times; the medians."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(queries, f, ensure_ascii=False)
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    try:
        for _ in range(rounds):
            for name, tree in trees.items():
                out = subprocess.run([sys.executable, "-c", LATENCY_SCRIPT, str(tree), str(knowledge_dir),
                                      str(catalogue), f.name, str(repeat)],
                                     check=True, capture_output=True, text=True, cwd=tree).stdout
                runs[name].append(json.loads(out.strip().splitlines()[-1]))
    finally:
        os.unlink(f.name)
    return {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}


def export_tree(ref: str, dst: Path) -> Path:
    """The repository's files at git ``ref``, written under ``dst``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dst)], input=archive, check=True)
    return dst


def show_side_by_side(label: str, ref: str, f: dict[str, dict[str, float]], rounds: int) -> None:
    """Wall time, and the thread's CPU time (what the core spent on the query, not the turns other
    processes took meanwhile: steadier on a shared machine)."""
    r, o = f["reference"], f["ours"]
    print(f"  side by side, uncached, fresh processes alternating ({label}; median of {rounds}):")
    for kind, key in (("wall", ""), ("CPU ", "cpu_")):
        print(f"    {kind}  {ref}: p50 {r[key + 'p50']:.3f} ms p99 {r[key + 'p99']:.3f} ms   this tree: "
              f"p50 {o[key + 'p50']:.3f} ms p99 {o[key + 'p99']:.3f} ms   ratio p50 {o[key + 'p50'] / r[key + 'p50']:.2f} "
              f"p99 {o[key + 'p99'] / r[key + 'p99']:.2f}")


def show(label: str, f: Figures, n_in: int, n_oos: int) -> None:
    print(f"  {label:<28} top-1 {f.top1:6.1%}  recall@3 {f.recall3:6.1%}  "
          f"answered-precision {f.answered_precision:6.1%}  answer-rate {f.answer_rate:6.1%}  "
          f"abstention P {f.abstain_precision:6.1%} R {f.abstain_recall:6.1%} "
          f"(out-of-scope answered: {f.oos_confident}/{n_oos})  "
          f"latency p50 {f.p50_ms:.3f} ms  p99 {f.p99_ms:.3f} ms")


def show_kinds(by_kind: dict) -> None:
    print("    per kind (queries: top-1 right / answered right / answered wrong):")
    for kind, (n, ok, ans_ok, ans_bad) in sorted(by_kind.items()):
        print(f"      {kind:<12} {n:4d}: top-1 {ok:4d} ({ok / n:6.1%})  answered right {ans_ok:4d}  "
              f"answered wrong {ans_bad:3d}")


def run_blind(part: str, cutoff: float, show_misses: bool) -> int:
    """The blind set through the webhook (plain and AES) and the rapidfuzz baseline, per persona."""
    import asyncio

    from knowledge.catalogue import load_catalogue
    from tests import blind

    settings = load_settings()
    kb, _ = timed_load(settings, load_catalogue(settings.knowledge_dir / "catalogue.yaml"))
    for name in (blind.TUNING_PARTS if part == "all" else (part,)):
        items = blind.load_part(name)
        n_in = sum(i.scope == "in" for i in items)
        near = sum(i.kind == "near_miss" for i in items)
        print(f"\n== blind set, {name} part: {n_in} in-scope, {len(items) - n_in} out-of-scope ({near} near misses); "
              f"each question a new user through the webhook, clock fixed at {blind.WRITTEN:%Y-%m-%d}")
        runs = {}
        for aes in (False, True):
            t = time.perf_counter()
            runs[aes] = asyncio.run(blind.run_part(name, aes=aes))
            total, per = blind.figures(runs[aes])
            mode = "AES  " if aes else "plain"
            print(f"  webhook {mode} ({time.perf_counter() - t:4.1f} s)  all {'':<11} {total.line()}")
        same = sum(a.reply == b.reply and a.picked == b.picked for a, b in zip(runs[False], runs[True]))
        print(f"  AES replies equal to plain: {same}/{len(items)}")
        total, per = blind.figures(runs[False])
        print("  per persona (webhook, plain):")
        for persona, f in per.items():
            print(f"    {persona:<16} {f.line()}")
        failed = blind.target_failures(total)
        print(f"  issue 11 targets: {'all met' if not failed else 'missed: ' + '; '.join(failed)}")
        base_total, base_per = blind.figures(blind.baseline(items, kb, cutoff))
        print(f"  rapidfuzz extractOne WRatio >= {cutoff:.0f} over the KB questions (answers or falls back):")
        print(f"    {'all':<16} {base_total.line(with_suggestions=False)}")
        for persona, f in base_per.items():
            print(f"    {persona:<16} {f.line(with_suggestions=False)}")
        if show_misses:
            print(f"  misses (webhook, plain): {len(total.misses)}")
            for o in total.misses:
                print("    " + blind.describe(o))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1000, help="entries in the padded knowledge base")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the queries for latency")
    ap.add_argument("--startup-runs", type=int, default=3, help="fresh processes timed for start-up")
    ap.add_argument("--startup-only", action="store_true",
                    help="only the start-up figures (with --reference: that ref's beside this tree's)")
    ap.add_argument("--baseline-cutoff", type=float, default=80.0)
    ap.add_argument("--paraphrases", type=Path, default=PARAPHRASES)
    ap.add_argument("--blind", choices=("dev", "sealed", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "t7", "t8", "t9", "t10", "t11", "t12", "t13", "all"),
                    help="run only the blind evaluation of this part (tests/data/blind/)")
    ap.add_argument("--show-misses", action="store_true", help="with --blind: list every miss")
    ap.add_argument("--reference", metavar="GIT_REF",
                    help="also time the matcher of this git ref (e.g. main) side by side with this tree")
    ap.add_argument("--rounds", type=int, default=3, help="with --reference: alternating runs of each")
    ap.add_argument("--stream", type=int, default=5000, help="questions in the cached stream")
    ap.add_argument("--instructions", metavar="GIT_REF",
                    help="only count the CPU instructions per question (valgrind) of this tree and of GIT_REF")
    args = ap.parse_args(argv)
    if args.instructions:
        return show_instructions(args.instructions)
    if args.blind:
        return run_blind(args.blind, args.baseline_cutoff, args.show_misses)

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"CPU: {pin_one_core()} of {os.cpu_count()}; load average {load}; Python {sys.version.split()[0]}")
    from knowledge.catalogue import load_catalogue

    settings = load_settings()
    catalogue_path = settings.knowledge_dir / "catalogue.yaml"
    catalogue = load_catalogue(catalogue_path)
    in_scope, oos = load_paraphrases(args.paraphrases)
    print(f"paraphrase set: {len(in_scope)} in-scope, {len(oos)} out-of-scope queries")

    kb, _ = timed_load(settings, catalogue)
    print(f"\n== default knowledge base: {len(kb)} entries, {len(kb.facts)} facts, "
          f"{len(kb.matcher.zh.texts)} indexed texts")
    show_start("default knowledge base", fresh_start(settings.knowledge_dir, catalogue_path, args.startup_runs),
               args.startup_runs)
    queries = [item["q"] for item in in_scope] + list(oos)
    ref_tree = export_tree(args.reference, Path(tempfile.mkdtemp(prefix="match-ref-"))) if args.reference else None
    show_cached_starts("default knowledge base", args.reference,
                       cached_starts(settings.knowledge_dir, catalogue_path, args.startup_runs, ref_tree),
                       args.startup_runs)
    if args.startup_only:
        with tempfile.TemporaryDirectory() as tmp:
            padded_knowledge_dir(settings.knowledge_dir, Path(tmp), kb, args.size)
            show_cached_starts(f"{args.size} entries", args.reference,
                               cached_starts(Path(tmp), catalogue_path, args.startup_runs, ref_tree), args.startup_runs)
        if ref_tree is not None:
            shutil.rmtree(ref_tree, ignore_errors=True)
        return 0
    if ref_tree is not None:
        show_side_by_side("default knowledge base", args.reference,
                          side_by_side({"reference": ref_tree, "ours": ROOT}, settings.knowledge_dir, catalogue_path,
                                       queries, args.repeat, args.rounds), args.rounds)
    fig, kinds = evaluate(ours(kb), in_scope, oos, args.repeat)
    show("fenjin matcher", fig, len(in_scope), len(oos))
    show_cache(cache_figures(kb, queries, args.repeat, args.stream), len(queries), args.stream)
    show_kinds(kinds)
    bfig, bkinds = evaluate(baseline(kb, args.baseline_cutoff), in_scope, oos, args.repeat)
    show(f"extractOne WRatio >= {args.baseline_cutoff:.0f}", bfig, len(in_scope), len(oos))
    show_kinds(bkinds)

    with tempfile.TemporaryDirectory() as tmp:
        extra = padded_knowledge_dir(settings.knowledge_dir, Path(tmp), kb, args.size)
        padded = load_settings(knowledge={"dir": tmp})
        big, _ = timed_load(padded, catalogue)
        print(f"\n== padded knowledge base: {len(big)} entries ({extra} generated distractors), "
              f"{len(big.matcher.zh.texts)} indexed texts")
        show_start(f"{len(big)} entries", fresh_start(Path(tmp), catalogue_path, args.startup_runs), args.startup_runs)
        show_cached_starts(f"{len(big)} entries", args.reference,
                           cached_starts(Path(tmp), catalogue_path, args.startup_runs, ref_tree), args.startup_runs)
        if ref_tree is not None:
            show_side_by_side(f"{len(big)} entries", args.reference,
                              side_by_side({"reference": ref_tree, "ours": ROOT}, Path(tmp), catalogue_path,
                                           queries, args.repeat, args.rounds), args.rounds)
            shutil.rmtree(ref_tree, ignore_errors=True)
    fig, kinds = evaluate(ours(big), in_scope, oos, args.repeat)
    show("fenjin matcher", fig, len(in_scope), len(oos))
    show_cache(cache_figures(big, queries, args.repeat, args.stream), len(queries), args.stream)
    show_kinds(kinds)
    bfig, _ = evaluate(baseline(big, args.baseline_cutoff), in_scope, oos, args.repeat)
    show(f"extractOne WRatio >= {args.baseline_cutoff:.0f}", bfig, len(in_scope), len(oos))

    import devset

    dev = devset.build()
    folds, dev_oos = devset.observe(dev)
    s = devset.score(MatchConfig(), folds, dev_oos, dev.full_kb)
    print(f"\n== development set (benchmarks/devset.py, what MatchConfig was tuned on): {s.line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
