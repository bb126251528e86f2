"""Question matching: n-gram indexes with BM25 idf, fused with rapidfuzz similarity.

Every entry contributes several *documents* (its question, each ``similar`` variant, each
keyword). A Chinese query is scored through three sparse channels (inverted indexes stored
as CSR numpy arrays, so one channel costs a handful of vectorised calls, not a Python loop
over postings):

* **characters** -- 1-, 2- and 3-grams of normalised text per document (a Han character, a
  Latin word or a digit run is one unit);
* **pinyin** -- 1- and 2-grams of toneless, *folded* syllables (zh/z, ch/c, sh/s, -ng/-n,
  l/n, f/h) per document: voice homophones (三个意思 -> 三个意识) and typed pinyin;
* **bag** -- all n-grams of an entry together (its texts, and its answer at a low weight),
  so evidence spread over several variants adds up.

idf is BM25's, counted over entries, so words many entries share (活动, 比赛) count little;
n-grams made only of function characters (什么, 怎么, 是…的) count less still. Each channel
gives a cosine and a *query coverage* (the idf-weighted share of the query that is found).
The best entries (only those sharing an n-gram with the query can score: that is the
prefilter) are re-scored with rapidfuzz over their documents (``process.cdist``).

At query time the three channels are one array of postings (:class:`JointIndex`): one gather
of the query n-grams' postings and one ``bincount`` give every document's and every bag's score.
A query costs mostly the number of numpy and Python calls it makes, not the length of the
arrays (about 2,500 postings at the default knowledge base): per-n-gram arithmetic is done on
plain floats through ``map``, per-posting arithmetic in a few whole-array numpy calls, and
scores are the same to the last bit as when each channel was scored on its own.

Outcome (``Matcher.decide``): *answer* when the top entry's score and query coverage clear
their thresholds and it leads the best entry of another fact by ``margin`` (a larger margin
when that runner-up also contains the whole query, as for a bare keyword like 虫草);
*suggest* (top 3) above ``suggest_threshold``; else *fallback*. A query needs some evidence
to be answered at all: ``min_evidence`` content characters / syllables, or to be exactly one
of the indexed questions, variants or keywords -- so 恩, 钱 or 100 never get a confident
answer. Greetings, thanks, goodbyes and acknowledgements are recognised first (``SmallTalk``).

Tibetan-script queries are matched by syllable (split on the tsheg) against the entries'
``bo`` texts with the same machinery; in a message mixing Tibetan and Chinese the Chinese
part is ranked unless it is only small talk.
"""
from __future__ import annotations

import math
import operator
import re
from collections import Counter
from itertools import accumulate, chain, compress, count, filterfalse, repeat
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.errors import KBError
from knowledge.normalize import (
    ADDRESS_FORMS,
    FILLER_PREFIXES,
    FUNCTION_CHARS,
    Normalizer,
    char_pinyin,
    char_sound,
    content_units,
    fold_syllable,
    han_tokens,
    is_all_han,
    is_tibetan_text,
    pinyin_tokens,
    pinyin_tokens_flags,
    split_pinyin,
    split_scripts,
    tibetan_syllables,
    topic_asked,
    units,
)
from knowledge.text import has_han, is_han, strip_punct
from knowledge.words import EVERYDAY_WORDS

MAX_QUERY_CHARS = 200        # longer messages are cut: no question needs more, and cost grows with length

# How a question asks what a named thing holds (如何理解…, …具体包括哪些内容, …指的是什么): words that
# carry none of the topic, whose grams can tip a named topic towards another entry that shares them
# (包括哪些 towards 由哪些人参与). When the question is not answered as asked, the topic alone is tried.
# (not 什么是/啥叫 nor …具体指什么: said of a place or a common word -- 什么是索县 -- they are no frame
# around a term of the knowledge base, and the topic alone answered them with whatever shared it)
_ASK_FRAME_BEFORE = re.compile(r"^(?:如何|怎么|怎样|咋)理解")
_ASK_FRAME_AFTER = re.compile(
    r"(?:的|都|具体|主要|一共|分别)*(?:包括|包含|包扩|有)(?:哪[几些]?(?:个|项|条|种|点)?|什么|啥)(?:内容)?$"
    r"|(?:具体|分别)是(?:什么|啥|哪些|神么)$"
    r"|(?:的|具体|主要)*(?:内容|含义)(?:是|指)?(?:什么|啥|神么)?$")
# (not a bare 是什么 / 啥意思: the whole question, so asked, is what the scope guard weighs)

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class IndexEntry:
    """What the matcher needs of a knowledge-base entry."""

    id: str
    group: str                                   # entries of one group (fact) do not compete for the margin
    question: str
    similar: Sequence[str] = ()
    keywords: Sequence[str] = ()
    bo_texts: Sequence[str] = ()                 # Tibetan question + variants
    answer: str = ""                             # indexed at a low weight when MatchConfig.answer_weight > 0


class Candidate(NamedTuple):
    """One ranked entry (a named tuple: a match builds up to ``MatchConfig.ranked`` of them, and a
    frozen dataclass took 2 us each to make)."""

    entry_id: str
    score: float
    matched: str = ""                            # the question / variant that scored best
    cover: float = 1.0                           # idf-weighted share of the query found in the entry


@dataclass
class MatchResult:
    outcome: str                                 # answer | suggest | fallback | greeting
    candidates: list[Candidate] = field(default_factory=list)   # best first
    query: str = ""
    norm: str = ""
    lang: str = "zh"                             # zh | bo
    smalltalk: str = ""                          # hello | thanks | bye | ack (outcome == "greeting")
    framed: bool = False                         # answered by the topic alone, the ask's frame dropped

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def suggestions(self) -> list[Candidate]:
        return self.candidates[:3]


@dataclass
class MatchConfig:
    """Weights and thresholds. The decision thresholds (answer_threshold, answer_cover, margin,
    margin_ambiguous, latin_answer_threshold) are tuned with ``benchmarks/devset.py --tune`` on
    a development set made from the knowledge base itself -- each ``similar`` variant held out of the index in
    turn and asked as it is and with generated fillers, traditional characters, homophones,
    typos and typed pinyin -- plus that script's own off-topic questions and short common
    words; not on tests/data/paraphrases.yaml, which stays a held-out evaluation set. The
    search keeps answer_threshold >= 0.25, margin >= 0.03 and margin_ambiguous >= 0.15 by
    design (see GRID there); ``python benchmarks/devset.py --tune`` reproduces the values. The
    scoring weights further down were set by hand earlier; devset.py measures them, it does not
    search them."""

    # decision: answer when score, query coverage and the lead over another fact are all enough
    answer_threshold: float = 0.25
    answer_cover: float = 0.50         # idf-weighted share of the query that the entry contains
    cover_from: str = "max"            # coverage measured on: all n-grams | pinyin | max of both
    margin: float = 0.03
    margin_ambiguous: float = 0.15     # lead needed when another fact's entry also contains the whole query
    min_evidence: int = 3              # content characters / syllables a query needs for an answer,
                                       # unless it is exactly a question, variant or keyword
    latin_answer_threshold: float = 0.45   # typed pinyin / Latin-only queries (no characters to check)
    suggest_threshold: float = 0.20
    suggest_floor: float = 0.75        # a suggestion after the first must score >= floor * top
    max_suggestions: int = 3
    # fusion weights (w_char + w_pinyin + w_fuzz = 1) for one question/variant
    w_char: float = 0.40
    w_pinyin: float = 0.35
    w_fuzz: float = 0.25
    w_bag: float = 0.5                 # share of the entry-level bag (all texts of an entry) in the score
    answer_weight: float = 0.3         # weight of the answer text inside the bag (0: not indexed)
    cover_share: float = 0.3           # inside a sparse channel: cosine (1 - share) vs. query coverage
    keyword_weight: float = 0.92       # a keyword document counts a little less than a question
    function_weight: float = 0.3       # weight of n-grams made only of function characters (什么/怎么/的…)
    fuzz_content: bool = True          # rapidfuzz compares texts without function characters
    char_orders: tuple[int, ...] = (1, 2, 3)
    char_order_weights: tuple[float, ...] = (1.0, 1.0, 1.0)
    pinyin_orders: tuple[int, ...] = (1, 2)
    pinyin_order_weights: tuple[float, ...] = (0.7, 1.0)
    candidates: int = 12               # entries re-scored with rapidfuzz
    ranked: int = 8                    # entries a match keeps (the runner-up of another fact is sought among them)
    # Tibetan
    bo_answer_threshold: float = 0.62
    bo_suggest_threshold: float = 0.35
    bo_w_fuzz: float = 0.25            # rapidfuzz's share of a Tibetan score (the syllable channel has the rest)

    CHOICES = {"cover_from": ("all", "pinyin", "max")}
    SOURCE = "config.yaml:0: qa"       # how problems with config.yaml's ``qa:`` section are labelled

    @classmethod
    def parse(cls, section: Any) -> tuple["MatchConfig", list[str]]:
        """Defaults overridden by config.yaml's ``qa:`` section: (config, problems). An unknown
        key or a value of the wrong kind is a problem (and the default stays)."""
        cfg = cls()
        if section is None:
            return cfg, []
        if not isinstance(section, dict):
            return cfg, [f"{cls.SOURCE}: the qa section must be a mapping of setting: value"]
        known = {f.name for f in fields(cls)}
        problems: list[str] = []
        for key, value in section.items():
            if key not in known:
                problems.append(f"{cls.SOURCE}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
                continue
            try:
                setattr(cfg, key, cls._coerce(key, value, getattr(cfg, key)))
            except ValueError as e:
                problems.append(f"{cls.SOURCE}: {key}: {e}")
        for orders, weights in (("char_orders", "char_order_weights"), ("pinyin_orders", "pinyin_order_weights")):
            if len(getattr(cfg, orders)) != len(getattr(cfg, weights)):
                problems.append(f"{cls.SOURCE}: {orders} and {weights} must have the same length")
        return cfg, problems

    @classmethod
    def _coerce(cls, key: str, value: Any, default: Any) -> Any:
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"must be true or false, not {value!r}")
            return value
        if isinstance(default, tuple):
            if not isinstance(value, (list, tuple)) or not value:
                raise ValueError(f"must be a non-empty list, not {value!r}")
            return tuple(cls._coerce(key, v, default[0]) for v in value)
        if isinstance(default, str):
            allowed = cls.CHOICES.get(key, ())
            if value not in allowed:
                raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, not {value!r}")
        if isinstance(default, int) and value != int(value):
            raise ValueError(f"must be a whole number, not {value!r}")
        if value < 0:
            raise ValueError(f"must not be negative, not {value!r}")
        return type(default)(value)

    @classmethod
    def from_settings(cls, section: Any) -> "MatchConfig":
        """:meth:`parse`, raising KBError with every problem."""
        cfg, problems = cls.parse(section)
        if problems:
            raise KBError(problems)
        return cfg


# --------------------------------------------------------------------------- sparse channel

def grams_of(tokens: Sequence[str], orders: Sequence[int], weights: Sequence[float],
             flags: Sequence[bool] | None = None, function_weight: float = 1.0,
             sep: str = " ", prefix: str = "") -> dict[str, float]:
    """n-gram -> (1 + log tf) x the order's weight; an n-gram made only of function characters
    (``flags``) is weighted by ``function_weight`` too. ``tokens`` may be a plain string (one
    character per token, joined with ``sep=""``)."""
    # This runs twice for every query: the work per n-gram is done in C (map, zip, dict.fromkeys),
    # and each order's n-grams are built from the order below.
    n_tok = len(tokens)
    top = min(max(orders, default=0), n_tok)
    seqs = [(), list(map(prefix.__add__, tokens)) if prefix else tokens]
    for n in range(2, top + 1):
        below, tail = seqs[-1], tokens[n - 1:]
        seqs.append(list(map(sep.join, zip(below, tail)) if sep else map(operator.add, below, tail)))
    # Which windows hold only function units, per order (the flags and-ed along the window),
    # for as long as there are any.
    fseqs: list = []
    if flags is not None and function_weight != 1.0 and True in flags:
        fseqs = [(), flags]
        while len(fseqs) <= top and True in fseqs[-1]:
            fseqs.append(list(map(operator.and_, fseqs[-1][:-1], flags[len(fseqs) - 1:])))
    out: dict[str, float] = {}
    for n, w in zip(orders, weights):
        if n > top:
            continue
        seq = seqs[n]
        grams = dict.fromkeys(seq, w)
        if len(grams) != n_tok - n + 1:            # repeated n-grams: sublinear tf
            for g, c in Counter(seq).items():
                if c > 1:
                    grams[g] = w * (1.0 + math.log(c))
        if n < len(fseqs) and True in fseqs[n]:
            for g in set(compress(seq, fseqs[n])):
                grams[g] *= function_weight
        out.update(grams)
    return out


def lookup_grams(ids: dict[str, int], seqs: Sequence[Sequence[str]], orders: Sequence[int],
                 weights: Sequence[float], fseqs: Sequence[Sequence[bool]] = (),
                 function_weight: float = 1.0) -> tuple[list[int], list[float], list[float]]:
    """``Vocab.lookup(grams_of(...))`` from n-grams already built: ``seqs[n]`` holds the n-grams of
    order n in text order (``seqs[0]`` unused), ``fseqs[n]`` whether each is made only of function
    units (as far as there are any). Same ids, weights and order, to the last bit."""
    found: list[int] = []
    tfs: list[float] = []
    top = len(seqs) - 1
    for n, w in zip(orders, weights):
        if n > top:
            continue
        seq = seqs[n]
        grams = dict.fromkeys(seq, w)
        if len(grams) == len(seq):                 # none repeats at this order: as in lookup_distinct
            if n < len(fseqs) and True in fseqs[n]:
                tfs += map((w, w * function_weight).__getitem__, fseqs[n])
            else:
                tfs += repeat(w, len(seq))
            found += map(ids.get, seq, repeat(-1))
            continue
        ordered = sorted(seq)                      # repeated n-grams (found side by side once sorted): sublinear tf
        for g in set(compress(ordered[1:], map(operator.eq, ordered, ordered[1:]))):
            grams[g] = w * (1.0 + math.log(seq.count(g)))
        if n < len(fseqs) and True in fseqs[n]:
            fun = dict.fromkeys(compress(seq, fseqs[n]))
            grams.update(zip(fun, map(operator.mul, map(grams.__getitem__, fun), repeat(function_weight))))
        found += map(ids.get, grams, repeat(-1))
        tfs += grams.values()
    if -1 not in found:
        return found, tfs, []
    known = list(map(operator.ne, found, repeat(-1)))
    return list(compress(found, known)), list(compress(tfs, known)), list(compress(tfs, map(operator.not_, known)))


def lookup_distinct(ids: dict[str, int], seqs: Sequence[Sequence[str]], orders: Sequence[int],
                    weights: Sequence[float], fseqs: Sequence[Sequence[bool]] = (),
                    function_weight: float = 1.0) -> tuple[list[int], list[float], list[float]]:
    """:func:`lookup_grams` of n-grams that are all distinct (no unit of the text repeats, so no
    n-gram of any order does): each n-gram's tf is its order's weight (times ``function_weight``
    for one made only of function units), with no dict to find repeats. Same ids, weights and
    order, to the last bit."""
    top = len(seqs) - 1
    tfs: list[float] = []
    used = []
    for n, w in zip(orders, weights):
        if n > top:
            continue
        used.append(seqs[n])
        if n < len(fseqs) and True in fseqs[n]:
            tfs += map((w, w * function_weight).__getitem__, fseqs[n])
        else:
            tfs += repeat(w, len(seqs[n]))
    found = list(map(ids.get, chain.from_iterable(used), repeat(-1)))
    if -1 not in found:
        return found, tfs, []
    known = list(map(operator.ne, found, repeat(-1)))
    return list(compress(found, known)), list(compress(tfs, known)), list(compress(tfs, map(operator.not_, known)))


def round4(x: float) -> float:
    """``round(x, 4)`` for 0 < x <= 1 by float arithmetic (round() converts to decimal digits and
    back, ten times the cost): the nearest multiple of 1e-4 is exact except within a hair of a
    half-way point, left to round() itself, as are other values. Matcher._rank_zh repeats these
    lines inline for its candidates (a call per figure cost more than the rest of its loop)."""
    k = x * 10000.0
    f = math.floor(k)
    d = k - f
    if 0.4999 < d < 0.5001 or not 0.0 < x <= 1.0:
        return round(x, 4)
    return (f + (d > 0.5)) / 10000.0


def function_windows(flags: list[bool], top: int) -> list[list[bool]]:
    """For orders 1..top, whether each window of that many units is made only of function units
    (``flags`` and-ed along the window), as long as any is."""
    fseqs: list = [(), flags]
    while len(fseqs) <= top and True in fseqs[-1]:
        fseqs.append(list(map(operator.and_, fseqs[-1][:-1], flags[len(fseqs) - 1:])))
    return fseqs


_LATIN = re.compile("[a-z]")
_DROP_FUNCTION = dict.fromkeys(map(ord, FUNCTION_CHARS))        # str.translate: function characters removed


class Vocab:
    """n-gram -> column id, shared by the channels of one matcher."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def triplets(self, doc_grams: Sequence[dict[str, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, weight) arrays for documents' n-gram dicts, adding new n-grams."""
        # New n-grams get the next ids in the order first seen (as a setdefault per n-gram would),
        # with every loop over the n-grams done in C.
        ids = self.ids
        seen = dict.fromkeys(chain.from_iterable(doc_grams))
        ids.update(zip(filterfalse(ids.__contains__, seen), count(len(ids))))
        cols = list(map(ids.__getitem__, chain.from_iterable(doc_grams)))
        vals = list(chain.from_iterable(map(dict.values, doc_grams)))
        rows = np.repeat(np.arange(len(doc_grams), dtype=np.intp), [len(g) for g in doc_grams])
        return rows, np.asarray(cols, dtype=np.intp), np.asarray(vals, dtype=np.float64)

    def lookup(self, grams: dict[str, float]) -> tuple[list[int], list[float], list[float]]:
        """Known n-grams' (ids, query tf) and the tfs of unknown ones."""
        # map / compress / filter iterate in C: this runs for every n-gram of every query.
        found = list(map(self.ids.get, grams, repeat(-1)))
        weights = list(grams.values())
        if -1 not in found:
            return found, weights, []
        return (list(filter((-1).__ne__, found)), list(compress(weights, map((-1).__ne__, found))),
                list(compress(weights, map((-1).__eq__, found))))


_EMPTY_I = np.zeros(0, dtype=np.intp)
_EMPTY_F = np.zeros(0, dtype=np.float64)


class SparseChannel:
    """Inverted index (CSR by n-gram) of weighted n-grams over documents.

    idf is BM25's, counted over *entries* (``doc_entry``), so an entry's many variants do not
    make its words look common. Document vectors are L2-normalised, so the dot product with
    the query is a cosine; a second accumulation gives the query's idf-weighted coverage.
    Rows/columns given more than once keep their largest weight.
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_docs: int,
                 n_cols: int, doc_entry: np.ndarray, n_entries: int):
        self.n_docs = n_docs
        n_cols = max(n_cols, 1)
        if len(rows):
            key = rows.astype(np.int64) * n_cols + cols
            order = np.argsort(key, kind="stable")
            key, vals = key[order], vals[order]
            first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            vals = np.maximum.reduceat(vals, first)
            key = key[first]
            rows, cols = key // n_cols, key % n_cols
        if len(rows) and not np.array_equal(doc_entry, np.arange(n_docs)):
            ent_key = np.sort(doc_entry[rows].astype(np.int64) * n_cols + cols)
            ent_key = ent_key[np.r_[True, ent_key[1:] != ent_key[:-1]]]
            df = np.bincount(ent_key % n_cols, minlength=n_cols).astype(np.float64)
        else:                                        # one document per entry: (row, col) pairs are unique
            df = np.bincount(cols, minlength=n_cols).astype(np.float64)
        n = max(n_entries, 1)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5))
        self.idf_list = self.idf.tolist()
        self.unknown_idf = math.log1p((n + 0.5) / 0.5)
        w = vals * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=n_docs))
        norms[norms == 0] = 1.0
        w = w / norms[rows]
        order = np.argsort(cols, kind="stable")
        self.indices = rows[order]
        self.data = w[order]
        self.indptr = np.concatenate(([0], np.cumsum(np.bincount(cols, minlength=n_cols))))

    def query(self, ids: list[int], tfs: list[float], unknown: list[float]) -> tuple[list[float], float, float]:
        """The query's idf-weighted n-grams (known ones, in ``ids`` order), their L2 norm and their
        sum (unknown n-grams count in both; 1.0 stands for a zero norm or sum)."""
        mul = operator.mul
        qv = list(map(mul, tfs, map(self.idf_list.__getitem__, ids)))     # tf x idf, in C
        uv = list(map(self.unknown_idf.__mul__, unknown))
        qnorm = math.sqrt(sum(map(mul, qv, qv)) + sum(map(mul, uv, uv))) or 1.0
        qsum = (sum(qv) + sum(uv)) or 1.0
        return qv, qnorm, qsum

    def postings(self, ids_a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(document, weight) of every posting of the n-grams ``ids_a``, n-gram after n-gram, and
        how many postings each n-gram has."""
        starts = self.indptr[ids_a]
        lens = self.indptr[ids_a + 1] - starts
        total = int(lens.sum())
        if total == 0:
            return _EMPTY_I, _EMPTY_F, lens
        offs = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
        return self.indices[offs], self.data[offs], lens

    def score(self, ids: list[int], tfs: list[float], unknown: list[float]) -> tuple[np.ndarray, np.ndarray] | None:
        """(cosine, query coverage) for every document; None when no query n-gram is indexed."""
        if not ids:
            return None
        qv, qnorm, qsum = self.query(ids, tfs, unknown)
        docs, data, lens = self.postings(np.asarray(ids, dtype=np.intp))
        if not len(docs):
            return None
        qrep = np.repeat(qv, lens)
        cos = np.bincount(docs, weights=data * qrep, minlength=self.n_docs) / qnorm
        cov = np.bincount(docs, weights=qrep, minlength=self.n_docs) / qsum
        return cos, cov


class JointIndex:
    """The postings of the document channels and of the bags in one array, so that one gather
    and one ``bincount`` score every document and every entry's bag at once.

    Each n-gram has two sections: its documents in its own channel, characters or pinyin (rows
    0..n_docs: the channels' n-grams are disjoint, so each section comes from one of them,
    normalised within it), and its entries' bags (rows n_docs + entry). ``start`` and ``length``
    are (2, n-grams) tables: ``take`` on them gives a query's sections in the order the scorer
    wants them, all documents first, then all bags (the bags' postings are then one slice).
    """

    def __init__(self, docs: Sequence[SparseChannel], bag: SparseChannel, n_docs: int):
        n_cols = len(bag.indptr) - 1
        cols = np.arange(n_cols, dtype=np.intp)
        vcols = [2 * np.repeat(cols, np.diff(ch.indptr)) for ch in docs] + [2 * np.repeat(cols, np.diff(bag.indptr)) + 1]
        vcol = np.concatenate(vcols)
        order = np.argsort(vcol, kind="stable")
        self.indices = np.concatenate([ch.indices for ch in docs] + [bag.indices + n_docs])[order]
        self.data = np.concatenate([ch.data for ch in docs] + [bag.data])[order]
        lens = np.bincount(vcol, minlength=2 * n_cols)
        self.length = np.ascontiguousarray(lens.reshape(n_cols, 2).T)
        self.start = np.ascontiguousarray((np.cumsum(lens) - lens).reshape(n_cols, 2).T)
        self.arange = np.arange(len(self.indices), dtype=np.intp)   # a query's n-grams are distinct: long enough

    def gather(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(row, weight) of every posting of the n-grams ``cols``, the documents of each n-gram
        in turn, then their bags; each section's length and the running total of them."""
        starts = self.start.take(cols, 1).ravel()
        lens = self.length.take(cols, 1).ravel()
        ends = lens.cumsum()
        offs = (starts - ends + lens).repeat(lens) + self.arange[:ends[-1]]
        # mode="wrap" skips take's bounds check (a fifth of its cost): every offset is in range.
        return self.indices.take(offs, mode="wrap"), self.data.take(offs, mode="wrap"), lens, ends


# --------------------------------------------------------------------------- small talk

HELLO = ("你好", "您好", "你们好", "大家好", "你好吗", "扎西德勒", "在吗", "在不在", "有人吗", "有人在吗", "哈喽",
         "嗨", "早上好", "上午好", "中午好", "下午好", "晚上好", "早安", "hello", "hi", "hey", "嗨喽"
         ) + tuple(a + "好" for a in ADDRESS_FORMS)                      # 老师好
THANKS = ("谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "太感谢了", "谢啦", "谢了", "辛苦了", "辛苦啦",
          "辛苦", "麻烦你了", "突及其", "thanks", "thankyou", "thx")
BYE = ("再见", "拜拜", "拜", "回头见", "下次见", "先这样", "bye", "byebye", "88")
ACK = ("好的", "好", "好吧", "ok", "okay", "收到", "知道了", "明白了", "明白", "懂了", "嗯嗯", "嗯", "恩恩", "恩",
       "哦", "噢", "行", "没问题", "可以")
# Said around small talk without changing it: forms of address, the fillers that open a question
# (那个…, 请问…) and sentence-final particles.
_SKIP = (ADDRESS_FORMS + ("大家", "亲") + tuple(p for p in FILLER_PREFIXES if p not in HELLO)
         + tuple("啊呀哇哦噢喔呢吧哈啦嘛呐诶欸嗯耶"))
KINDS = ("thanks", "bye", "hello", "ack")          # a message with several: the first of these wins
BO_HELLO = (("བཀྲ", "ཤིས", "བདེ", "ལེགས"),)
BO_THANKS = (("ཐུགས", "རྗེ", "ཆེ"),)
_BO_PARTICLES = ("ཞུ", "ལགས", "ཡིན", "ཡོད")


class SmallTalk:
    """Recognises messages that are only greetings / thanks / goodbyes / acknowledgements.

    A phrase of two or more syllables also matches by folded pinyin, so 扎西得勒, 突几其 or
    typed ``xiexie`` from voice input are recognised; a one-character phrase (好, 行, 嗨, 嗯)
    only as that character (号 is not 好). Forms of address (老师, 领导) and sentence-final
    particles (啊, 呢) may stand around it; anything else -- a real question, or 吗 that makes
    可以吗 one -- makes the message not small talk.
    """

    MAX_CHARS = 24

    def __init__(self) -> None:
        phrases: list[tuple[tuple[tuple[str, str], ...], str]] = []
        for kind, words in (("hello", HELLO), ("thanks", THANKS), ("bye", BYE), ("ack", ACK), ("", _SKIP)):
            for w in words:
                phrases.append((self._tokens(strip_punct(w)), kind))
        phrases.sort(key=lambda p: -len(p[0]))
        self.by_surface: dict[str, list] = {}
        self.by_sound: dict[str, list] = {}
        for toks, kind in phrases:
            self.by_surface.setdefault(toks[0][0], []).append((toks, kind))
            if len(toks) >= 2 and kind:
                self.by_sound.setdefault(toks[0][1], []).append((toks, kind))
        # Every token of a small-talk message is in some phrase, by its surface or by its sound:
        # a question fails this at its first word or two, before its other tokens are read.
        self.surfaces = frozenset(t[0] for toks, _ in phrases for t in toks)
        self.sounds = frozenset(t[1] for group in self.by_sound.values() for toks, _ in group for t in toks)

    @staticmethod
    def _tokens(norm: str, surfaces: frozenset[str] | None = None,
                sounds: frozenset[str] = frozenset()) -> tuple[tuple[str, str], ...] | None:
        """(surface, folded pinyin) per Han character, pinyin syllable of a typed word, or other
        word. With ``surfaces``: None as soon as a token is neither one of them nor ``sounds``."""
        out: list[tuple[str, str]] = []
        # A text of Han characters only (most questions) is its own units: no regular expression
        # over all of it, when its first character or two already say it is no small talk.
        for u in norm if is_all_han(norm) else units(norm):
            if len(u) == 1 and is_han(u):
                sound = char_sound(u)
                if surfaces is not None and u not in surfaces and sound not in sounds:
                    return None
                out.append((u, sound))
                continue
            done = len(out)
            if "a" <= u[0] <= "z" and (syls := split_pinyin(u)) is not None and len(syls) > 1:
                out.extend((s, fold_syllable(s)) for s in syls)
            else:
                out.append((u, u))
            if surfaces is not None and any(t not in surfaces and p not in sounds for t, p in out[done:]):
                return None
        return tuple(out)

    def detect(self, text: str, lang: str | None = None) -> str:
        """'hello', 'thanks', 'bye', 'ack' or '' (not only small talk)."""
        if lang == "bo" or (lang is None and is_tibetan_text(text)):
            return self._detect_bo(tibetan_syllables(text))
        return self.detect_stripped(strip_punct(text))

    def detect_stripped(self, norm: str) -> str:
        """:meth:`detect` of a Chinese / Latin text already through ``strip_punct``."""
        if not norm or len(norm) > self.MAX_CHARS:
            return ""
        toks = self._tokens(norm, self.surfaces, self.sounds)
        if toks is None:
            return ""
        kinds = self._parse(toks, 0, {})
        return next((k for k in KINDS if k in kinds), "") if kinds else ""

    def _parse(self, toks: tuple[tuple[str, str], ...], i: int, memo: dict) -> set[str] | None:
        """The kinds of a reading of ``toks[i:]`` made only of small-talk phrases (and forms of
        address / particles); None when there is none. Phrases matching by characters are tried
        before those matching only by sound, longer before shorter."""
        if i == len(toks):
            return set()
        if i not in memo:
            memo[i] = None
            for length, kind in self._phrases_at(toks, i):
                rest = self._parse(toks, i + length, memo)
                if rest is not None:
                    memo[i] = rest | {kind} if kind else rest
                    break
        return memo[i]

    def _phrases_at(self, toks: tuple[tuple[str, str], ...], i: int):
        """(length, kind) of the phrases at ``i``: by characters, then by sound (2+ syllables)."""
        for phrase, kind in self.by_surface.get(toks[i][0], ()):
            if tuple(t[0] for t in toks[i:i + len(phrase)]) == tuple(t[0] for t in phrase):
                yield len(phrase), kind
        for phrase, kind in self.by_sound.get(toks[i][1], ()):
            if tuple(t[1] for t in toks[i:i + len(phrase)]) == tuple(t[1] for t in phrase):
                yield len(phrase), kind

    @staticmethod
    def _detect_bo(syls: list[str]) -> str:
        if not syls:
            return ""
        kinds = set()
        i = 0
        while i < len(syls):
            for phrases, kind in ((BO_THANKS, "thanks"), (BO_HELLO, "hello")):
                hit = next((p for p in phrases if tuple(syls[i:i + len(p)]) == p), None)
                if hit:
                    kinds.add(kind)
                    i += len(hit)
                    break
            else:
                if syls[i] in _BO_PARTICLES and kinds:   # polite particles
                    i += 1
                    continue
                return ""
        return "thanks" if "thanks" in kinds else "hello"


# --------------------------------------------------------------------------- matcher

@dataclass
class _Docs:
    texts: list[str]          # raw text of each document
    norms: list[str]          # normalised text
    entry: np.ndarray         # doc -> entry index (documents are grouped by entry, in order)
    weight: np.ndarray        # doc kind weight (keywords a little less)
    starts: np.ndarray        # first doc of each entry that has documents
    owners: np.ndarray        # the entries that have documents (same order as starts)
    ranges: list[np.ndarray]  # entry -> its documents (empty for an entry without any)
    sizes: list[int]          # entry -> how many documents it has

    @property
    def n_docs(self) -> int:
        return len(self.entry)


def _docs(texts: list[str], norms: list[str], entry_of: list[int], weights: list[float], n_entries: int) -> _Docs:
    entry = np.asarray(entry_of, dtype=np.intp)
    if len(entry):
        starts = np.flatnonzero(np.r_[True, entry[1:] != entry[:-1]])
        owners = entry[starts]
    else:
        starts = owners = np.zeros(0, dtype=np.intp)
    bounds = np.searchsorted(entry, np.arange(n_entries + 1)).tolist()
    ranges = [np.arange(bounds[i], bounds[i + 1], dtype=np.intp) for i in range(n_entries)]
    return _Docs(texts, norms, entry, np.asarray(weights, dtype=np.float64), starts, owners, ranges,
                 [len(r) for r in ranges])


class Matcher:
    PINYIN = "\x01"          # prefix that keeps pinyin n-grams apart from character n-grams

    def __init__(self, entries: Sequence[IndexEntry], normalizer: Normalizer | None = None,
                 config: MatchConfig | None = None):
        self.entries = list(entries)
        self.normalizer = normalizer or Normalizer()
        self.config = cfg = config or MatchConfig()
        self.smalltalk = SmallTalk()
        self.groups = [e.group or e.id for e in self.entries]
        self.entry_ids = [e.id for e in self.entries]
        self.index_of = {e.id: i for i, e in enumerate(self.entries)}
        n = len(self.entries)

        # Chinese documents: question, variants, keywords (grouped by entry).
        texts, norms, entry_of, weights = [], [], [], []
        asked: set[str] = set()                         # the norms of questions and variants
        for i, e in enumerate(self.entries):
            seen: set[str] = set()
            for text, w, kw in ([(e.question, 1.0, False)] + [(v, 1.0, False) for v in e.similar]
                                + [(k, cfg.keyword_weight, True) for k in e.keywords]):
                norm = self.normalizer.normalize_query(text)
                if norm and not kw:
                    asked.add(norm)
                if norm and norm not in seen:
                    seen.add(norm)
                    texts.append(text)
                    norms.append(norm)
                    entry_of.append(i)
                    weights.append(w)
        self.zh = _docs(texts, norms, entry_of, weights, n)
        self._exact = frozenset(norms)                  # for the minimum-evidence rule
        self._exact_asked = frozenset(asked)
        self.fuzz_norms = [self._fuzz_form(s) for s in norms]
        char_grams = [self._char_grams(s) for s in norms]
        py = [self._py_grams(s) for s in norms]
        self.py_strings = [" ".join(t) for t, _ in py]
        self._exact_sound = frozenset(self.py_strings)
        # What rapidfuzz compares, per entry: the candidates' texts are one concatenation away.
        self.fuzz_by_entry = [[self.fuzz_norms[i] for i in r.tolist()] for r in self.zh.ranges]
        self.py_by_entry = [[self.py_strings[i] for i in r.tolist()] for r in self.zh.ranges]
        self.vocab = Vocab()
        c_rows, c_cols, c_vals = self.vocab.triplets(char_grams)
        p_rows, p_cols, p_vals = self.vocab.triplets([g for _, g in py])
        answers = [(i, self._char_grams(self.normalizer.normalize_query(e.answer, fillers=False)))
                   for i, e in enumerate(self.entries) if e.answer and cfg.answer_weight > 0]
        a_rows, a_cols, a_vals = self.vocab.triplets([g for _, g in answers])
        n_cols, n_docs, doc_entry = len(self.vocab), len(norms), self.zh.entry
        self.char = SparseChannel(c_rows, c_cols, c_vals, n_docs, n_cols, doc_entry, n)
        self.pinyin = SparseChannel(p_rows, p_cols, p_vals, n_docs, n_cols, doc_entry, n)
        # One bag of n-grams per entry (all its texts, its answer at a lower weight): evidence
        # spread over several variants adds up here, where the best single document cannot see it.
        answer_entry = np.asarray([i for i, _ in answers], dtype=np.intp)
        self.bag = SparseChannel(
            np.concatenate([doc_entry[c_rows], doc_entry[p_rows], answer_entry[a_rows]]),
            np.concatenate([c_cols, p_cols, a_cols]),
            np.concatenate([c_vals, p_vals, a_vals * cfg.answer_weight]),
            n, n_cols, np.arange(n, dtype=np.intp), n)
        # Each n-gram's idf in its own document channel (the channels' n-grams are disjoint), and
        # in the bags: one take gives a query's both.
        is_pinyin = np.zeros(len(self.bag.idf), dtype=bool)       # n_cols, or 1 for an empty index
        is_pinyin[[j for g, j in self.vocab.ids.items() if g.startswith(self.PINYIN)]] = True
        self.idf_pair = np.stack((np.where(is_pinyin, self.pinyin.idf, self.char.idf), self.bag.idf))
        self.joint = JointIndex([self.char, self.pinyin], self.bag, n_docs)
        # Whether every entry has a document (else the pre-ranking maps documents to their owners).
        self.all_have_docs = len(self.zh.owners) == n
        self._orders_key: tuple | None = None
        self._orders_top = (0, 0)

        # Tibetan documents, by syllable.
        texts, norms, entry_of = [], [], []
        for i, e in enumerate(self.entries):
            for text in e.bo_texts:
                syls = tibetan_syllables(text)
                if syls:
                    texts.append(text)
                    norms.append("་".join(syls))
                    entry_of.append(i)
        self.bo = _docs(texts, norms, entry_of, [1.0] * len(texts), n)
        self._exact_bo = frozenset(norms)
        self.bo_vocab = Vocab()
        b_rows, b_cols, b_vals = self.bo_vocab.triplets(
            [grams_of(s.split("་"), (1, 2), (1.0, 1.0)) for s in norms])
        self.bo_channel = SparseChannel(b_rows, b_cols, b_vals, len(norms), len(self.bo_vocab), self.bo.entry, n)

    # -- features --------------------------------------------------------------------------
    def _fuzz_form(self, norm: str) -> str:
        """What rapidfuzz compares: the text without function characters (when configured)."""
        if not self.config.fuzz_content:
            return norm
        return norm.translate(_DROP_FUNCTION) or norm

    def _char_grams(self, norm: str) -> dict[str, float]:
        cfg = self.config
        us = units(norm)
        tokens = norm if len(us) == len(norm) else us      # one character per unit: slice the string
        sep = "" if tokens is norm else "\x1f"
        return grams_of(tokens, cfg.char_orders, cfg.char_order_weights, list(map(FUNCTION_CHARS.__contains__, us)),
                        cfg.function_weight, sep=sep)

    def _py_grams(self, norm: str) -> tuple[list[str], dict[str, float]]:
        cfg = self.config
        toks, flags = pinyin_tokens_flags(norm)
        return toks, grams_of(toks, cfg.pinyin_orders, cfg.pinyin_order_weights, flags,
                              cfg.function_weight, prefix=self.PINYIN)

    def _top_orders(self, cfg: MatchConfig) -> tuple[int, int]:
        """The highest character and pinyin n-gram orders (0 for none), read once per setting."""
        key = (cfg.char_orders, cfg.pinyin_orders)
        if self._orders_key != key:
            self._orders_top = (max(key[0], default=0), max(key[1], default=0))
            self._orders_key = key
        return self._orders_top

    def _query_grams(self, norm: str, han: bool) -> tuple[list[int], list[float], int, list[float], list[float],
                                                           list[str]]:
        """The known n-grams of a query, characters then pinyin (ids and query tf), how many are
        characters, the tfs of the unknown character and pinyin n-grams, and the pinyin tokens:
        what ``vocab.lookup`` of :meth:`_char_grams` and :meth:`_py_grams` give. A text of Han
        characters only (most queries) shares its work between the channels: one pass over its
        characters for both, and the character pairs also find where a pinyin phrase starts."""
        cfg = self.config
        if not is_all_han(norm):
            qpy, qpyg = self._py_grams(norm)
            c_ids, c_tfs, c_unk = self.vocab.lookup(self._char_grams(norm)) if han else ([], [], [])
            p_ids, p_tfs, p_unk = self.vocab.lookup(qpyg)
            return c_ids + p_ids, c_tfs + p_tfs, len(c_ids), c_unk, p_unk, qpy
        add = operator.add
        n_tok = len(norm)
        c_top, p_top = self._top_orders(cfg)
        c_top = c_top if c_top < n_tok else n_tok
        p_top = p_top if p_top < n_tok else n_tok
        top = c_top if c_top > p_top else p_top
        seqs: list = [(), norm]
        for n in range(2, (top if top > 2 else 2) + 1):
            seqs.append(list(map(add, seqs[-1], norm[n - 1:])))
        syls = han_tokens(norm, seqs[2])
        pseqs: list = [(), list(map(operator.add, repeat(self.PINYIN), syls))]
        for n in range(2, p_top + 1):
            pseqs.append(list(map(" ".join, zip(pseqs[-1], syls[n - 1:]))))
        fseqs: Sequence = ()
        fw = cfg.function_weight
        if fw != 1.0:
            flags = list(map(FUNCTION_CHARS.__contains__, norm))
            if True in flags:
                fseqs = function_windows(flags, top)
        ids = self.vocab.ids
        # Most queries repeat no character (and no syllable): their n-grams need no dict to count.
        lookup = lookup_distinct if len(set(norm)) == n_tok else lookup_grams
        c_ids, c_tfs, c_unk = lookup(ids, seqs[:c_top + 1], cfg.char_orders, cfg.char_order_weights, fseqs, fw)
        lookup = lookup_distinct if len(set(syls)) == len(syls) else lookup_grams
        p_ids, p_tfs, p_unk = lookup(ids, pseqs, cfg.pinyin_orders, cfg.pinyin_order_weights, fseqs, fw)
        return c_ids + p_ids, c_tfs + p_tfs, len(c_ids), c_unk, p_unk, syls

    # -- scoring ---------------------------------------------------------------------------
    def rank(self, query: str, limit: int = 5, lang: str | None = None) -> tuple[list[Candidate], str, str]:
        """Best entries for ``query`` (score in 0..1), its normalised form and language."""
        query = (query or "")[:MAX_QUERY_CHARS]
        if lang == "bo" or (lang is None and is_tibetan_text(query)):
            syls = tibetan_syllables(query)
            return self._rank_bo(syls, limit), "་".join(syls), "bo"
        norm = self.normalizer.normalize_query(query)
        if not norm:
            return [], norm, "zh"
        return self._rank_zh(norm, limit), norm, "zh"

    def _rank_zh(self, norm: str, limit: int) -> list[Candidate]:
        cfg = self.config
        d = self.zh
        if not len(d.entry):
            return []
        han = has_han(norm)
        ids, tfs, nc, c_unk, p_unk, qpy = self._query_grams(norm, han)
        if not ids:
            return []
        if han:
            w_char, w_py, w_fuzz = cfg.w_char, cfg.w_pinyin, cfg.w_fuzz
        else:                                  # typed pinyin / Latin: the pinyin channel carries it
            w_char, w_py, w_fuzz = 0.0, cfg.w_char + cfg.w_pinyin, cfg.w_fuzz
        share, w_bag = cfg.cover_share, cfg.w_bag
        n_ids, n_docs, n = len(ids), d.n_docs, len(self.entries)

        # One gather over the joint index: each query n-gram's documents, then its entries' bags.
        ids_a = np.fromiter(ids, dtype=np.intp, count=n_ids)
        rows, data, lens, ends = self.joint.gather(ids_a)
        in_docs = int(ends[n_ids - 1])
        if in_docs == 0:
            return []                                        # found only in answers: no document to show
        # The query's weights (tf x idf) in its n-grams' own document channel and in the bags
        # (``q``: one numpy product per pair, as Python's float product), and per channel the
        # factors of a cosine (1 / L2 norm) and of a coverage (1 / sum), unknown n-grams counting
        # in both: plain floats, sums from left to right as numpy did before, so every score keeps
        # its last bit.
        mul = operator.mul
        q = (np.fromiter(tfs, dtype=np.float64, count=n_ids) * self.idf_pair.take(ids_a, 1)).ravel()
        ql = q.tolist()
        qd, qb = ql[:n_ids], ql[n_ids:]
        factors, sums = [], []
        for channel, qv, unk, w in ((self.char, qd[:nc], c_unk, w_char), (self.pinyin, qd[nc:], p_unk, w_py),
                                    (self.bag, qb, c_unk + p_unk, 1.0)):
            uv = list(map(channel.unknown_idf.__mul__, unk))
            qnorm = math.sqrt(sum(map(mul, qv, qv)) + sum(map(mul, uv, uv))) or 1.0
            sums.append((sum(qv) + sum(uv)) or 1.0)
            factors.append((w * (1 - share) / qnorm, w * share / sums[-1]))
        (cm, ca), (pm, pa), (bm, ba) = factors
        # A document's score is each channel's w x ((1 - share) x cosine + share x coverage), a
        # bag's (1 - share) x cosine + share x coverage: per posting, its weight times a factor
        # of its n-gram plus a constant of its n-gram, summed in one bincount.
        parts = (nc, n_ids - nc, n_ids)
        scores = np.bincount(rows, weights=data * (q * np.array((cm, pm, bm)).repeat(parts)).repeat(lens)
                             + (q * np.array((ca, pa, ba)).repeat(parts)).repeat(lens), minlength=n_docs + n)
        sparse = scores[:n_docs] * d.weight
        bag_score = scores[n_docs:]

        # Pre-ranking: an entry's best document and its bag; the best ``candidates`` of those that
        # score at all go on to rapidfuzz. -pre is computed directly (negation is exact): the
        # array argpartition always saw, so ties are broken as they always were.
        doc_max = np.maximum.reduceat(sparse, d.starts)
        if not self.all_have_docs:
            doc_max, found = np.zeros(n), doc_max
            doc_max[d.owners] = found
        bag_part = w_bag * bag_score
        neg_pre = -(1 - w_bag) * doc_max - bag_part
        k = min(cfg.candidates, n)
        if k == 0:
            return []
        top = neg_pre.argpartition(k - 1)[:k]
        sizes = d.sizes
        chosen = sorted(compress(top.tolist(), map(operator.lt, neg_pre.take(top).tolist(), repeat(0.0))))
        if not self.all_have_docs:
            chosen = list(filter(sizes.__getitem__, chosen))
        if not chosen:
            return []

        # Every document of the chosen entries re-scored with rapidfuzz; each entry keeps its best.
        counts = list(map(sizes.__getitem__, chosen))
        doc_ids = np.concatenate(list(map(d.ranges.__getitem__, chosen)))
        if han:
            texts, query = self.fuzz_by_entry, self._fuzz_form(norm)
        else:
            texts, query = self.py_by_entry, " ".join(qpy)
        sims = process.cdist([query], list(chain.from_iterable(map(texts.__getitem__, chosen))),
                             scorer=fuzz.ratio, workers=1)[0]
        final = ((1 - w_bag) * (sparse.take(doc_ids) + w_fuzz * (sims / 100.0) * d.weight.take(doc_ids))
                 + bag_part.take(d.entry.take(doc_ids)))
        # Each entry's best document, the first of equal ones.
        starts = list(accumulate(counts[:-1], initial=0))
        bests = np.maximum.reduceat(final, starts)
        at_best = (final == bests.repeat(counts)).nonzero()[0]
        firsts = doc_ids.take(at_best.take(at_best.searchsorted(starts))).tolist()
        ranked = sorted(zip(map(operator.neg, bests.tolist()), chosen, firsts))[:limit]

        # Coverage of the whole query, and of its pinyin alone, for the entries kept.
        at = [r[1] for r in ranked]
        b_rows, qrep = rows[in_docs:] - n_docs, q[n_ids:].repeat(lens[n_ids:])      # the bags' postings, by entry
        covs = list(map(operator.truediv, np.bincount(b_rows, weights=qrep, minlength=n).take(at).tolist(),
                        repeat(sums[-1])))                                  # the bags' sum
        if cfg.cover_from != "all":
            char_bags = int(ends[n_ids + nc - 1]) - in_docs if nc else 0    # the character n-grams' bag postings
            psum = (sum(qb[nc:]) + sum(map(mul, p_unk, repeat(self.bag.unknown_idf)))) or 1.0
            pcovs = np.bincount(b_rows[char_bags:], weights=qrep[char_bags:], minlength=n).take(at).tolist()
            if cfg.cover_from == "pinyin":
                covs = list(map(operator.truediv, pcovs, repeat(psum)))
            else:
                covs = [c if c >= p else p for c, p in zip(covs, map(operator.truediv, pcovs, repeat(psum)))]
        # The candidates, scores clipped to 0..1 and both figures rounded by round4's arithmetic
        # (inline: a call per figure cost more than the rest of this loop).
        entry_ids, texts, floor, new = self.entry_ids, d.texts, math.floor, tuple.__new__
        out = []
        for (neg, e, doc), cov in zip(ranked, covs):
            x = 0.0 if -neg < 0.0 else 1.0 if -neg > 1.0 else -neg
            k = x * 10000.0
            f = floor(k)
            frac = k - f
            score = round(x, 4) if 0.4999 < frac < 0.5001 or not 0.0 < x else (f + (frac > 0.5)) / 10000.0
            k = cov * 10000.0
            f = floor(k)
            frac = k - f
            cov = round(cov, 4) if 0.4999 < frac < 0.5001 or not 0.0 < cov <= 1.0 else (f + (frac > 0.5)) / 10000.0
            out.append(new(Candidate, (entry_ids[e], score, texts[doc], cov)))
        return out

    def _rank_bo(self, syls: list[str], limit: int) -> list[Candidate]:
        d = self.bo
        if not syls or not len(d.entry):
            return []
        res = self.bo_channel.score(*self.bo_vocab.lookup(grams_of(syls, (1, 2), (1.0, 1.0))))
        if res is None:
            return []
        share = self.config.cover_share
        sparse = (1 - share) * res[0] + share * res[1]
        doc_ids = np.flatnonzero(sparse > 0)
        sims = process.cdist(["་".join(syls)], [d.norms[i] for i in doc_ids], scorer=fuzz.ratio, workers=1)[0]
        w_fuzz = self.config.bo_w_fuzz
        final = (1 - w_fuzz) * sparse[doc_ids] + w_fuzz * sims / 100.0
        return self._collect(final, doc_ids, d, limit)

    def _collect(self, final: np.ndarray, doc_ids: np.ndarray, d: _Docs, limit: int,
                 cover: np.ndarray | None = None) -> list[Candidate]:
        """Each entry's best document (the first of equal ones), entries best first (ties: in
        index order)."""
        if not len(doc_ids):
            return []
        entries = d.entry[doc_ids]
        order = np.lexsort((-final, entries))           # by entry, then best first; stable on ties
        firsts = order[np.concatenate(([True], entries[order[1:]] != entries[order[:-1]]))]
        ranked = sorted(zip((-final[firsts]).tolist(), entries[firsts].tolist(), doc_ids[firsts].tolist()))[:limit]
        return [Candidate(self.entries[e].id, round(min(max(-neg, 0.0), 1.0), 4), d.texts[doc],
                          round(float(cover[e]), 4) if cover is not None else 1.0)
                for neg, e, doc in ranked]

    # -- decision --------------------------------------------------------------------------
    def match(self, query: str) -> MatchResult:
        """Small talk, or the ranked entries and the outcome (see :meth:`decide`).

        A mixed Tibetan + Chinese message is small talk only when each part is; otherwise its
        Chinese part is ranked (its Tibetan part when the Chinese part is small talk or has no
        words). The query is cut to ``MAX_QUERY_CHARS``."""
        query = (query or "")[:MAX_QUERY_CHARS]
        bo_part, zh_part = split_scripts(query)
        bo_syls = tibetan_syllables(bo_part) if bo_part else []
        zh_norm = strip_punct(zh_part)
        bo_talk = self.smalltalk.detect(bo_part, "bo") if bo_syls else ""
        zh_talk = self.smalltalk.detect_stripped(zh_norm) if zh_norm else ""
        if (bo_talk or not bo_syls) and (zh_talk or not zh_norm) and (bo_talk or zh_talk):
            kind = next(k for k in KINDS if k in (bo_talk, zh_talk))
            lang = "bo" if bo_talk and is_tibetan_text(query) else "zh"
            return MatchResult("greeting", [], query, zh_norm or "་".join(bo_syls), lang, kind)
        zh_words = not zh_talk and (has_han(zh_norm) or _LATIN.search(zh_norm) is not None)
        if bo_syls and not bo_talk and not zh_words:
            result = MatchResult("", self._rank_bo(bo_syls, self.config.ranked), query, "་".join(bo_syls), "bo")
        else:
            norm = self.normalizer.normalize_query(zh_part if bo_syls else query)
            result = MatchResult("", self._rank_zh(norm, self.config.ranked) if norm else [], query, norm, "zh")
        result.outcome = self.outcome(result)
        if result.outcome in ("suggest", "fallback") and result.lang == "zh":
            return self._topic_alone(result) or result
        return result

    def _topic_alone(self, result: MatchResult) -> MatchResult | None:
        """The question's topic without the words that frame the ask (如何理解联村党委, 宣讲方式包括哪些:
        联村党委, 宣讲方式), when that alone is answered -- by an entry the whole question already
        ranked (so the frame's removal only settles between the entries it was torn among)."""
        topic = _ASK_FRAME_AFTER.sub("", _ASK_FRAME_BEFORE.sub("", result.norm))
        if topic == result.norm or len(topic) < 2:
            return None
        cands = self._rank_zh(topic, self.config.ranked)
        alone = MatchResult("", cands, result.query, topic, "zh")
        if self.outcome(alone) != "answer":
            return None
        ranked = {c.entry_id for c in result.candidates}
        if cands[0].entry_id not in ranked:
            return None
        alone.outcome, alone.framed = "answer", True
        return alone

    def outcome(self, result: MatchResult) -> str:
        """The outcome of a ranked result under the current config (``match`` uses it; tuning
        scripts call it again after changing the decision thresholds)."""
        if result.outcome == "greeting":
            return "greeting"
        if result.lang == "bo":
            return self.decide(result.candidates, "bo", self._enough_bo(result.norm.split("་")))
        script = "zh" if has_han(result.norm) else "latin"
        enough = self._enough_zh(result.norm)
        outcome = self.decide(result.candidates, script, enough)
        if outcome == "fallback" and not enough:
            listed = self._word_listed(result)
            if listed:
                result.candidates = listed
                return "suggest"
        return outcome

    def _word_listed(self, result: MatchResult) -> list[Candidate]:
        """A question too thin to answer (one content unit short of ``min_evidence``: 积分, 宣讲是咋个搞的)
        whose content is all one keyword of the best entries, whole (夜校 of 农牧民夜校 is none) and no
        everyday word (然后, 工作, 身份), the best of them scoring as for an answer: the entries having
        that keyword, best first, as a list -- which is meant is for the asker to say. [] when fewer
        than two are listed (one entry is answered or not by the confidence rules), or typed pinyin
        (baoming: two syllables read back may be misread)."""
        norm = result.norm
        thin = self.config.min_evidence - 1
        if not is_all_han(norm) or not has_han(result.query) or content_units(norm) != thin:
            return []

        def keywords(c: Candidate) -> list[str]:
            return self.entries[self.index_of[c.entry_id]].keywords

        word = next((k for c in result.candidates for k in keywords(c)
                     if k in norm and content_units(k) == thin and k not in EVERYDAY_WORDS), "")
        listed = [c for c in result.candidates if word in keywords(c)]
        if (not listed or listed[0].cover < self.config.answer_cover or listed[0].score < self.config.answer_threshold
                or len({self.group_of(c.entry_id) for c in self.suggestions(listed)}) < 2):
            return []
        return listed

    def _enough_zh(self, norm: str) -> bool:
        """Minimum evidence: enough content, or exactly a question / variant / keyword -- also a
        question or variant (a keyword only asked who: 虫草 is one word of a story) asked only for
        its count or what or who it is (knowledge.normalize.topic_asked): 「网格 几个」 is the topic 网格 asked for a
        count; 决赛在哪 asks what the topic's entry may not hold."""
        if content_units(norm) >= self.config.min_evidence or norm in self._exact:
            return True
        topic = topic_asked(norm)
        # a keyword asked who it is (谁是主角: the role the entry names); not counted or defined
        # (虫草多少: one word of a story)
        if has_han(topic) and (topic in self._exact_asked or ("谁" in norm and topic in self._exact)):
            return True
        typed_pinyin = all("a" <= ch <= "z" or ch == "'" for ch in norm)
        return typed_pinyin and " ".join(pinyin_tokens(norm)) in self._exact_sound

    def _enough_bo(self, syls: list[str]) -> bool:
        return len(syls) >= self.config.min_evidence or "་".join(syls) in self._exact_bo

    def decide(self, cands: list[Candidate], script: str = "zh", enough_evidence: bool = True) -> str:
        """*answer* when the top entry's score and query coverage clear their thresholds and it
        leads the best entry of another fact by the margin; *suggest* above the suggestion
        threshold; else *fallback*. ``script``: zh (characters), latin (typed pinyin or other
        Latin words only) or bo (Tibetan). Without ``enough_evidence`` (a one- or two-character
        query that is no question, variant or keyword) always *fallback*."""
        cfg = self.config
        if not cands or not enough_evidence:
            return "fallback"
        lang = "bo" if script == "bo" else "zh"
        if lang == "bo":
            answer_t, suggest_t = cfg.bo_answer_threshold, cfg.bo_suggest_threshold
        else:
            answer_t = cfg.latin_answer_threshold if script == "latin" else cfg.answer_threshold
            suggest_t = cfg.suggest_threshold
        top = cands[0]
        group = self.group_of(top.entry_id)
        runner = next((c for c in cands[1:] if self.group_of(c.entry_id) != group), None)
        cover_ok = lang == "bo" or top.cover >= cfg.answer_cover
        margin = cfg.margin
        if runner is not None and lang != "bo" and runner.cover >= cfg.answer_cover:
            margin = cfg.margin_ambiguous      # the runner-up contains the whole query too (虫草, 积分)
        lead = top.score - (runner.score if runner is not None else 0.0)
        if top.score >= answer_t and cover_ok and lead >= margin:
            return "answer"
        if top.score >= suggest_t:
            return "suggest"
        return "fallback"

    def suggestions(self, cands: list[Candidate]) -> list[Candidate]:
        """Up to ``max_suggestions`` candidates close enough to the top one."""
        if not cands:
            return []
        floor = cands[0].score * self.config.suggest_floor
        out = [cands[0]] + [c for c in cands[1:] if c.score >= floor]
        return out[:self.config.max_suggestions]

    def group_of(self, entry_id: str) -> str:
        idx = self.index_of.get(entry_id)
        return self.groups[idx] if idx is not None else entry_id

