"""The blind evaluation of issue 11 (tests/data/blind/): each question goes, as a new user,
through the real webhook (signed, and AES-encrypted in safe mode), and the reply is judged on
its text. Used by ``benchmarks/match.py --blind PART`` and by tests/test_blind_sealed.py.

A reply is one of:

* **direct** -- neither 「您是不是想问」 nor 「抱歉」;
* **suggestion** -- 「您是不是想问」 with numbered choices: then 「1」 is sent and that reply judged;
* **fallback** -- 「抱歉」.

It is **honest-partial** when it says plainly that part is missing (没有资料 / 还没公布 / 不清楚).
An in-scope reply is *correct* when every ``must`` group has one alternative in it. The text is
compared after full-width digits are made ASCII and spaces dropped -- nothing else, so a figure
the bot writes differently does not count. The list of related questions under an answer
(「相关问题：」 and what follows) is cut off first: a fact named only in a question it offers is
not an answer.

Voice-persona questions are sent as voice messages (WeChat's ``Recognition`` text), the others
as text. The clock is fixed at the day the set was written, so deadlines read the same in
every run.
"""
from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import yaml
from rapidfuzz import fuzz, process

from tests.harness import BotHarness

BLIND_DIR = Path(__file__).resolve().parent / "data" / "blind"
# dev: tuned on. sealed: v1's sealed part, evaluated once and so spent (now tuning material too).
# v2: the second sealed part, written blind like v1; evaluated once and spent too.
# v3: the third, committed before any tuning branch of its session was merged; evaluated once, spent.
# v4: the fourth, written and evaluated the same way as v3; spent.
# v5: the fifth, written and evaluated the same way; spent.
# v6: the sixth, written blind on 2026-12-07, committed before tuning, evaluated once at its end; spent.
# v7: the seventh, written blind on 2026-12-07, committed before tuning, evaluated once at its end; spent.
# t7, t8: written blind the same way on 2026-12-07, but to be tuned on from the start (never sealed).
# v8: the eighth, written blind on 2026-12-07 (a later session), committed before tuning, evaluated once at its end; spent.
# t9: written blind beside v8, to be tuned on from the start (never sealed).
# v9: the ninth, written blind on 2026-12-07 (a later session), committed before tuning, evaluated once at its end; spent.
# t10: written blind beside v9, to be tuned on from the start (never sealed).
# v10: the tenth, written blind on 2026-12-07 (a later session), committed before tuning, evaluated once at its end; spent.
# t11: written blind beside v10, to be tuned on from the start (never sealed).
# v11: the eleventh, written blind on 2026-12-07 (a later session), committed before tuning, evaluated once at its end; spent.
# t12: written blind beside v11, to be tuned on from the start (never sealed).
# v12: the twelfth, written blind on 2026-12-07 (a later session), committed before tuning, evaluated once at its end; spent.
# t13: written blind beside v12, to be tuned on from the start (never sealed).
# TUNING_PARTS is what ``--blind all`` runs: a fresh sealed part stays out of it until evaluated.
PART_FILES = {"dev": "dev.yaml", "sealed": "sealed.yaml", "v2": "v2/sealed.yaml", "v3": "v3/sealed.yaml",
              "v4": "v4/sealed.yaml", "v5": "v5/sealed.yaml", "v6": "v6/sealed.yaml",
              "v7": "v7/sealed.yaml", "t7": "t7/train.yaml",
              "t8": "t8/train.yaml", "v8": "v8/sealed.yaml", "t9": "t9/train.yaml",
              "v9": "v9/sealed.yaml", "t10": "t10/train.yaml",
              "v10": "v10/sealed.yaml", "v11": "v11/sealed.yaml", "t11": "t11/train.yaml", "t12": "t12/train.yaml",
              "v12": "v12/sealed.yaml", "t13": "t13/train.yaml"}
PARTS = tuple(PART_FILES)
TUNING_PARTS = ("dev", "sealed", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "t7", "t8", "t9", "t10", "t11", "t12", "t13")
WRITTEN = datetime(2026, 12, 6, 4, 0, tzinfo=timezone.utc)       # noon in the county
HONEST_MARKS = ("没有资料", "还没公布", "不清楚")
SUGGEST_MARK = "您是不是想问"
FALLBACK_MARK = "抱歉"
RELATED_MARK = "相关问题："
BASELINE_CUTOFF = 80.0

# Targets of issue 11 on the sealed part (through the webhook, plain and AES).
TARGET_DIRECT_CORRECT = 0.90
TARGET_CONFIDENT_WRONG = 0.01
TARGET_SUGGESTION_FIRST = 0.95
TARGET_OUT_OF_SCOPE_CONFIDENT = 0

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"})
_SPACES = re.compile(r"\s+")
_CHOICE = re.compile(r"^\d+\. ", re.M)


# --------------------------------------------------------------------------- items

@dataclass(frozen=True)
class Item:
    q: str
    persona: str
    scope: str                                # in | out
    must: tuple[tuple[str, ...], ...] = ()
    kind: str = ""                            # out of scope: near_miss | off_topic
    writer: str = ""


def load_part(part: str, directory: Path = BLIND_DIR) -> list[Item]:
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r} (one of {', '.join(PARTS)})")
    doc = yaml.safe_load((directory / PART_FILES[part]).read_text(encoding="utf-8"))
    return [Item(q=str(d["q"]), persona=str(d["persona"]), scope=str(d["scope"]),
                 must=tuple(tuple(str(a) for a in group) for group in d.get("must") or ()),
                 kind=str(d.get("kind") or ""), writer=str(d.get("writer") or ""))
            for d in doc["items"]]


# --------------------------------------------------------------------------- judging a reply

def plain(text: str) -> str:
    """Full-width digits as ASCII, every dash as "-", spaces dropped: the only liberties taken
    with a reply (writers wrote ranges as 8-30 or 8—30; the reply's choice of dash is not wrong)."""
    return _SPACES.sub("", (text or "").translate(_FULLWIDTH_DIGITS).translate(_DASHES))


def answer_part(reply: str) -> str:
    """The reply without the related questions it offers under an answer."""
    at = reply.find(RELATED_MARK)
    return reply if at < 0 else reply[:at]


def classify(reply: str) -> str:
    if SUGGEST_MARK in reply and _CHOICE.search(reply):
        return "suggestion"
    if FALLBACK_MARK in reply:
        return "fallback"
    if SUGGEST_MARK in reply:            # 「您是不是想问」 without choices: still no answer
        return "suggestion"
    return "direct"


def honest(reply: str) -> bool:
    return any(mark in reply for mark in HONEST_MARKS)


def has_fragments(reply: str, must: Iterable[Iterable[str]]) -> bool:
    text = plain(answer_part(reply))
    return all(any(plain(alt) in text for alt in group) for group in must)


# --------------------------------------------------------------------------- one run

@dataclass
class Outcome:
    item: Item
    reply: str
    kind: str                                 # direct | suggestion | fallback
    honest: bool
    correct: bool = False                     # in scope: the reply (direct) has every must group
    picked: str = ""                          # suggestion: the reply to 「1」
    first_correct: bool = False               # suggestion: that reply has every must group

    @property
    def confident(self) -> bool:
        """A direct answer that does not say part is missing."""
        return self.kind == "direct" and not self.honest


async def ask(bot: BotHarness, user: str, item: Item) -> Outcome:
    send = bot.voice if item.persona == "voice" else bot.text
    reply = await send(user, item.q)
    kind = classify(reply)
    out = Outcome(item, reply, kind, honest(reply))
    if item.scope == "in":
        out.correct = kind == "direct" and has_fragments(reply, item.must)
        if kind == "suggestion":
            out.picked = await bot.text(user, "1")
            out.first_correct = classify(out.picked) == "direct" and has_fragments(out.picked, item.must)
    return out


async def run_webhook(items: list[Item], tmp_path: Path, *, aes: bool, label: str = "blind") -> list[Outcome]:
    """Every item as a new user through one bot (plain or AES mode), in order."""
    async with BotHarness.start(tmp_path, aes=aes, clock=lambda: WRITTEN) as bot:
        return [await ask(bot, f"{label}-{'aes' if aes else 'plain'}-{i:04d}", item)
                for i, item in enumerate(items)]


async def run_part(part: str, *, aes: bool) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="fenjin-blind-") as tmp:
        return await run_webhook(load_part(part), Path(tmp), aes=aes, label=part)


# --------------------------------------------------------------------------- the baseline

def baseline(items: list[Item], kb, cutoff: float = BASELINE_CUTOFF) -> list[Outcome]:
    """Plain ``rapidfuzz.process.extractOne(q, questions, scorer=WRatio)`` over the knowledge
    base's questions and variants: it answers with that entry's answer when the score reaches
    ``cutoff`` and falls back otherwise (it never suggests)."""
    choices, answers = [], []
    for e in kb.entries.values():
        for t in (e.question, *e.similar):
            choices.append(t)
            answers.append(e.answer)
    out = []
    for item in items:
        hit = process.extractOne(item.q, choices, scorer=fuzz.WRatio)
        reply = answers[hit[2]] if hit is not None and hit[1] >= cutoff else ""
        o = Outcome(item, reply, "direct" if reply else "fallback", honest(reply))
        o.correct = bool(reply) and item.scope == "in" and has_fragments(reply, item.must)
        out.append(o)
    return out


# --------------------------------------------------------------------------- figures

@dataclass
class Figures:
    n_in: int = 0
    direct_correct: int = 0
    confident_wrong: int = 0                  # direct, a must group missing
    confident_wrong_honest: int = 0           # ... of which the reply says part is missing
    suggestions: int = 0
    suggestion_first: int = 0                 # suggestions whose choice 1 answers correctly
    fallback: int = 0
    n_near: int = 0
    near_confident: int = 0                   # near misses answered directly, not honest-partial
    n_off: int = 0
    off_confident: int = 0
    misses: list[Outcome] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        if o.item.scope == "in":
            self.n_in += 1
            if o.kind == "direct":
                if o.correct:
                    self.direct_correct += 1
                else:
                    self.confident_wrong += 1
                    self.confident_wrong_honest += o.honest
                    self.misses.append(o)
            elif o.kind == "suggestion":
                self.suggestions += 1
                self.suggestion_first += o.first_correct
                if not o.first_correct:
                    self.misses.append(o)
            else:
                self.fallback += 1
                self.misses.append(o)
        elif o.item.kind == "near_miss":
            self.n_near += 1
            self.near_confident += o.confident
            if o.confident:
                self.misses.append(o)
        else:
            self.n_off += 1
            self.off_confident += o.confident
            if o.confident:
                self.misses.append(o)

    @staticmethod
    def rate(k: int, n: int) -> str:
        return f"{k / n:6.1%}" if n else "     -"

    @property
    def direct_correct_rate(self) -> float:
        return self.direct_correct / self.n_in if self.n_in else 0.0

    @property
    def confident_wrong_rate(self) -> float:
        return self.confident_wrong / self.n_in if self.n_in else 0.0

    @property
    def suggestion_first_rate(self) -> float:
        return self.suggestion_first / self.suggestions if self.suggestions else 1.0

    @property
    def out_of_scope_confident(self) -> int:
        return self.near_confident + self.off_confident

    def line(self, with_suggestions: bool = True) -> str:
        r = self.rate
        sugg = (f"suggestion-first {r(self.suggestion_first, self.suggestions)} "
                f"({self.suggestion_first}/{self.suggestions})  " if with_suggestions else "")
        honest_note = f", {self.confident_wrong_honest} honest-partial" if self.confident_wrong_honest else ""
        return (f"in {self.n_in:3d}: direct-correct {r(self.direct_correct, self.n_in)}  "
                f"confident-wrong {r(self.confident_wrong, self.n_in)} ({self.confident_wrong}{honest_note})  "
                f"{sugg}fallback {r(self.fallback, self.n_in)}  |  "
                f"out: near-miss confident {self.near_confident}/{self.n_near}, "
                f"off-topic confident {self.off_confident}/{self.n_off}")


def figures(outcomes: Iterable[Outcome]) -> tuple[Figures, dict[str, Figures]]:
    """Overall and per-persona figures."""
    total = Figures()
    per: dict[str, Figures] = defaultdict(Figures)
    for o in outcomes:
        total.add(o)
        per[o.item.persona].add(o)
    return total, dict(sorted(per.items()))


def target_failures(total: Figures) -> list[str]:
    """Which of the issue's targets these figures miss (empty when all are met)."""
    out = []
    if total.direct_correct_rate < TARGET_DIRECT_CORRECT:
        out.append(f"direct-correct {total.direct_correct_rate:.1%} < {TARGET_DIRECT_CORRECT:.0%}")
    if total.confident_wrong_rate > TARGET_CONFIDENT_WRONG:
        out.append(f"confident-wrong {total.confident_wrong_rate:.1%} > {TARGET_CONFIDENT_WRONG:.0%}")
    if total.suggestion_first_rate < TARGET_SUGGESTION_FIRST:
        out.append(f"suggestion-first {total.suggestion_first_rate:.1%} < {TARGET_SUGGESTION_FIRST:.0%}")
    if total.out_of_scope_confident > TARGET_OUT_OF_SCOPE_CONFIDENT:
        out.append(f"{total.out_of_scope_confident} confident answers to out-of-scope questions")
    return out


def describe(o: Outcome, width: int = 70) -> str:
    """One line on a miss, for reading the dev part's failures."""
    what = o.item.kind or ("wrong" if o.kind == "direct" else o.kind)
    reply = (o.picked or o.reply).replace("\n", " ⏎ ")
    return f"[{o.item.persona}/{what}] {o.item.q} -> {reply[:width]}"
