"""Does a change to the matcher keep its answers? Record every query's result, then compare.

    .venv/bin/python benchmarks/match_equivalence.py record before.json
    ... change the matcher ...
    .venv/bin/python benchmarks/match_equivalence.py record after.json
    .venv/bin/python benchmarks/match_equivalence.py compare before.json after.json

For every query of these sets it records the outcome (answer / suggest / fallback / greeting)
and the top 3 entries with their scores and query coverage (as the matcher rounds them, to 4 places),
and the rest of the result (the other candidates, the texts that matched, the normalised query, its
language and small-talk kind):

* devset   -- benchmarks/devset.py's generated development set (each fold against its own
              knowledge base, the off-topic queries against the full one);
* para     -- tests/data/paraphrases.yaml, in and out of scope;
* blind-*  -- the questions of tests/data/blind/dev.yaml and sealed.yaml (only the matcher's
              result: nothing here is tuned on them);
* own      -- every question, variant and keyword of the knowledge base itself (Tibetan too);
* talk     -- small talk alone, around questions, typed in pinyin, mixed with Tibetan;
* pad-*    -- the paraphrase, blind and own queries against the knowledge base padded to
              ``--size`` entries with benchmarks/match.py's generated distractors.

``compare`` counts the queries whose outcome or top-1 entry differ (what must stay 0), and
those where anything else of the result moved (listed, for judging); its exit status is 1 when any outcome
or top-1 differs.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402

from bot.core.config import load_settings  # noqa: E402
from knowledge.catalogue import load_catalogue  # noqa: E402
from knowledge.qa import load_knowledge_base  # noqa: E402

BLIND = ROOT / "tests" / "data" / "blind"
PARAPHRASES = ROOT / "tests" / "data" / "paraphrases.yaml"


def result_of(kb, query: str) -> dict:
    r = kb.match(query)
    return {"outcome": r.outcome,
            "top": [[c.entry_id, c.score, c.cover] for c in r.candidates[:3]],
            "rest": [[c.entry_id, c.score, c.cover, c.matched] for c in r.candidates[3:]]
            + [c.matched for c in r.candidates[:3]] + [r.norm, r.lang, r.smalltalk]}


def paraphrase_queries() -> list[str]:
    doc = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))
    return [str(i["q"]) for i in doc.get("in_scope") or []] + [str(q) for q in doc.get("out_of_scope") or []]


def blind_queries(part: str) -> list[str]:
    doc = yaml.safe_load((BLIND / f"{part}.yaml").read_text(encoding="utf-8"))
    return [str(d["q"]) for d in doc["items"]]


def own_queries(kb) -> list[str]:
    bo = [t for e in kb.entries.values() if e.bo for t in (e.bo.question, *e.bo.similar) if t]
    return [t for e in kb.entries.values() for t in (e.question, *e.similar, *e.keywords)] + bo


def talk_queries(kb) -> list[str]:
    """Small talk alone, around a question, in typed pinyin, and mixed with Tibetan."""
    from knowledge import matcher

    words = [*matcher.HELLO, *matcher.THANKS, *matcher.BYE, *matcher.ACK]
    questions = [e.question for e in list(kb.entries.values())[:20]]
    bo = [e.bo.question for e in kb.entries.values() if e.bo and e.bo.question][:10]
    out = words + [f"老师{w}啊" for w in words] + [f"{w}，{q}" for w, q in zip(words, questions * 5)]
    out += ["xie xie", "zhaxi dele", "扎西得勒", "突几其", "bisai xiangmu", "baoming", "100", "恩", "？", ""]
    out += [f"{b} {w}" for b, w in zip(bo, words)] + [f"{b}{q}" for b, q in zip(bo, questions)]
    out += ["བཀྲ་ཤིས་བདེ་ལེགས།", "ཐུགས་རྗེ་ཆེ་ལགས།", "བཀྲ་ཤིས་བདེ་ལེགས། 报名怎么报"]
    return out


def record(size: int) -> dict[str, dict[str, dict]]:
    import devset
    import match as bench

    out: dict[str, dict[str, dict]] = {}

    def run(label: str, kb, queries: list[str]) -> None:
        sink = out.setdefault(label, {})
        for q in queries:
            sink.setdefault(q, result_of(kb, q))

    dev = devset.build()
    for k, fold in enumerate(dev.folds):
        run(f"devset-fold{k}", fold.kb, [q.text for q in fold.queries])
    run("devset-oos", dev.full_kb, [q.text for q in dev.out_of_scope])

    settings = load_settings()
    catalogue = load_catalogue(settings.knowledge_dir / "catalogue.yaml")
    kb = load_knowledge_base(settings, catalogue)
    sets = {"para": paraphrase_queries(), "blind-dev": blind_queries("dev"),
            "blind-sealed": blind_queries("sealed"), "own": own_queries(kb), "talk": talk_queries(kb)}
    for label, queries in sets.items():
        run(label, kb, queries)
    with tempfile.TemporaryDirectory() as tmp:
        bench.padded_knowledge_dir(settings.knowledge_dir, Path(tmp), kb, size)
        big = load_knowledge_base(load_settings(knowledge={"dir": tmp}), catalogue)
    for label, queries in sets.items():
        run(f"pad-{label}", big, queries)
    run("pad-own-all", big, own_queries(big))
    return out


def compare(before: dict, after: dict, show: int) -> int:
    hard = soft = total = 0
    lines: list[str] = []
    for label in sorted(set(before) | set(after)):
        a, b = before.get(label, {}), after.get(label, {})
        if set(a) != set(b):
            lines.append(f"  {label}: query sets differ ({len(a)} vs {len(b)} queries)")
        n_hard = n_soft = 0
        for q in a.keys() & b.keys():
            x, y = a[q], b[q]
            top_x = x["top"][0][0] if x["top"] else None
            top_y = y["top"][0][0] if y["top"] else None
            if x["outcome"] != y["outcome"] or top_x != top_y:
                n_hard += 1
                lines.append(f"  DIFF {label}: {q!r}: {x['outcome']} {x['top']} -> {y['outcome']} {y['top']}")
            elif x["top"] != y["top"] or x["rest"] != y["rest"]:
                n_soft += 1
                if n_soft <= show:
                    lines.append(f"  moved {label}: {q!r}: {x['top']} -> {y['top']}")
        total += len(a.keys() & b.keys())
        hard += n_hard
        soft += n_soft
        print(f"{label:<20} {len(a.keys() & b.keys()):6d} queries: {n_hard:4d} outcome/top-1 differences, "
              f"{n_soft:4d} with top-3, scores or the rest moved")
    print("\n".join(lines))
    print(f"total {total} queries: {hard} outcome/top-1 differences, {soft} with only something else moved")
    return 1 if hard else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record", help="match every query and write the results as JSON")
    rec.add_argument("out", type=Path)
    rec.add_argument("--size", type=int, default=1000, help="entries in the padded knowledge base")
    cmp_ = sub.add_parser("compare", help="compare two recordings")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    cmp_.add_argument("--show", type=int, default=10, help="moved-but-equal queries listed per set")
    args = ap.parse_args(argv)
    if args.cmd == "record":
        data = record(args.size)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{sum(map(len, data.values()))} queries in {len(data)} sets -> {args.out}")
        return 0
    return compare(json.loads(args.before.read_text(encoding="utf-8")),
                   json.loads(args.after.read_text(encoding="utf-8")), args.show)


if __name__ == "__main__":
    raise SystemExit(main())
