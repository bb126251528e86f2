"""`python -m bot unanswered`: what people asked that the bot could not answer, grouped.

Questions are grouped by similar wording (normalised text, compared by characters and by
folded pinyin, so voice-input homophones land together), most frequent group first. Each
group shows how many times and by how many people it was asked, how the bot replied
(fallback / suggestion / partial answer), which entries it suggested and which one people then picked
("meant") -- a to-do list for the county's knowledge-base editor: a wording that was asked
and then picked belongs among that entry's ``similar`` variants.

Similarities are computed in bulk with ``rapidfuzz.process.cdist`` (characters, and pinyin
less the policy's ``sound_penalty``; the larger counts), a block of wordings at a time, so
thousands of rows group in well under a second. The threshold and the penalty are the
``unanswered`` policy of config.yaml's ``find:`` section (:class:`knowledge.find.Policies`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.clock import county_time
from knowledge.find import FindPolicy, Policies
from knowledge.normalize import Normalizer, pinyin_tokens

BLOCK = 256                  # wordings compared against all others at a time (256 x n float32s)


@dataclass
class Group:
    representative: str                      # the most frequent wording
    count: int = 0
    users: set[str] = field(default_factory=set)
    outcomes: Counter = field(default_factory=Counter)
    # The first entry of each row by outcome: the entry a partial answer was told from, the first
    # suggestion shown, the closest entry of a fallback (never shown) are different things to a cadre.
    first_by_outcome: dict[str, Counter] = field(default_factory=dict)
    picked: Counter = field(default_factory=Counter)      # entry id picked from the suggestions -> times
    wordings: Counter = field(default_factory=Counter)     # original wording -> times
    first: datetime | None = None
    last: datetime | None = None

    @property
    def suggested(self) -> Counter:
        """Entry id first among a row's candidates -> times, whatever the outcome."""
        return sum(self.first_by_outcome.values(), Counter())

    def add(self, row: Any) -> None:
        self.count += 1
        self.users.add(getattr(row, "user", "") or "-")
        outcome = getattr(row, "outcome", "") or "?"
        self.outcomes[outcome] += 1
        cands = (getattr(row, "candidates", "") or "").split(",")
        if cands and cands[0]:
            self.first_by_outcome.setdefault(outcome, Counter())[cands[0]] += 1
        picked = getattr(row, "picked", None)
        if picked:
            self.picked[picked] += 1
        self.wordings[row.question] += 1
        when = getattr(row, "created_at", None)
        if when is not None:
            self.first = when if self.first is None or when < self.first else self.first
            self.last = when if self.last is None or when > self.last else self.last


def group_questions(rows: Iterable[Any], policy: FindPolicy | None = None,
                    normalizer: Normalizer | None = None) -> list[Group]:
    """Group rows (with ``question``, ``user``, ``outcome``, ``candidates``, ``created_at`` and
    optionally ``picked``) by similar wording; most asked first. A wording joins the group of the
    most similar earlier (more frequent) group's first wording when their similarity -- by
    characters, or by folded pinyin less ``policy.sound_penalty``, whichever is higher -- reaches
    ``policy.pick`` (default: the ``unanswered`` policy)."""
    policy = policy or Policies().unanswered
    threshold, penalty = policy.pick, policy.sound_penalty
    norm = normalizer or Normalizer()
    by_key: dict[str, list[Any]] = {}
    for row in rows:
        key = norm.normalize_query(row.question) or row.question.strip()
        by_key.setdefault(key, []).append(row)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), k))
    sounds = [" ".join(pinyin_tokens(k)) for k in keys] if penalty is not None else []
    heads: list[int] = []                    # index (into keys) of each group's first wording
    group_of = np.empty(len(keys), dtype=np.intp)
    for start in range(0, len(keys), BLOCK):
        stop = min(start + BLOCK, len(keys))
        # Only earlier wordings can be group heads: compare the block with keys[:stop].
        sim = process.cdist(keys[start:stop], keys[:stop], scorer=fuzz.ratio, dtype=np.float32, workers=-1)
        if penalty is not None:
            sim = np.maximum(sim, process.cdist(sounds[start:stop], sounds[:stop], scorer=fuzz.ratio,
                                                dtype=np.float32, workers=-1) - penalty)
        for i in range(start, stop):
            if heads:
                scores = sim[i - start, heads]
                best = int(np.argmax(scores))
                if scores[best] >= threshold:
                    group_of[i] = group_of[heads[best]]
                    continue
            group_of[i] = len(heads)
            heads.append(i)
    groups = [Group(representative="") for _ in heads]
    for i, key in enumerate(keys):
        for row in by_key[key]:
            groups[group_of[i]].add(row)
    for group in groups:
        group.representative = group.wordings.most_common(1)[0][0]
    groups.sort(key=lambda g: (-g.count, -len(g.users), g.representative))
    return groups


def format_groups(groups: list[Group], limit: int | None = None,
                  questions: Callable[[str], str | None] = lambda entry_id: None) -> str:
    """The CLI's report. ``questions`` maps an entry id to its question text (shown instead of
    the id); times are county time. Adding a wording to an entry is recommended only for the
    entries users confirmed (picked from the suggestions) -- never for a mere suggestion."""
    if not groups:
        return "No unanswered questions."

    def entry(entry_id: str) -> str:
        question = questions(entry_id)
        return f"「{question}」({entry_id})" if question else entry_id

    total = sum(g.count for g in groups)
    lines = [f"{total} unanswered question{'s' if total != 1 else ''} in {len(groups)} groups "
             f"(most frequent first):"]
    for i, g in enumerate(groups[:limit] if limit else groups, 1):
        outcomes = ", ".join(f"{k} {v}" for k, v in g.outcomes.most_common())
        last = county_time(g.last).strftime("%Y-%m-%d %H:%M 北京时间") if g.last else "-"
        lines.append(f"{i:3d}. {g.count}× by {len(g.users)} user{'s' if len(g.users) != 1 else ''}: "
                     f"{g.representative}   [{outcomes}; last {last}]")
        others = [w for w, _ in g.wordings.most_common() if w != g.representative][:3]
        if others:
            lines.append("       also: " + " / ".join(others))
        if told := g.first_by_outcome.get("partial"):
            lines.append("       answered in part: " + ", ".join(f"{entry(k)} ×{v}" for k, v in told.most_common(3))
                         + "   (the reply said what is missing: add it to that entry, or write a new one)")
        if offered := g.first_by_outcome.get("suggest"):
            lines.append("       offered first: " + ", ".join(f"{entry(k)} ×{v}" for k, v in offered.most_common(3)))
        if g.picked:
            lines.append("       confirmed: " + ", ".join(f"{entry(k)} ×{v}" for k, v in g.picked.most_common(3))
                         + "   (users picked it: add the wording to that entry's similar)")
    if limit and len(groups) > limit:
        lines.append(f"... and {len(groups) - limit} more groups (use --limit 0 to see all)")
    return "\n".join(lines)
