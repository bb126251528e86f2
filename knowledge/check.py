"""Validating and loading all the knowledge YAML, one way for `kb check` and for the server.

``run_checks`` loads the contest catalogue, the Q&A knowledge base (with config.yaml's ``qa:``
settings, indexed exactly as the server indexes it) and the quiz bank -- the catalogue's counts
filled into the texts that quote them, config.yaml's ``find:`` policies given to each look-up --
collecting every problem as ``file:line: entry-id: problem``. ``load_all(settings)`` is the
server's load: the same, raising KBError when anything is wrong (bot/services.py's
``load_knowledge``).

`python -m bot kb check [--dir DIR] [--config FILE]` prints the problems one per line,
then a one-line summary; exit status 0 when everything is valid, 1 otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.catalogue import load_catalogue
from knowledge.contest import desk_for
from knowledge.errors import KBError
from knowledge.find import Policies
from knowledge.matcher import MatchConfig
from knowledge.qa import DEFAULT_REPLY_MAX_BYTES, KBStats, KnowledgeBase, build_knowledge_base
from knowledge.quizbank import load_quiz_bank
from knowledge.scope import lexicon_for
from knowledge.spell import reader_for


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    kb: KBStats | None = None
    catalogue: Any = None
    knowledge_base: KnowledgeBase | None = None
    quiz_bank: Any = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = []
        if self.kb is not None:
            k = self.kb
            parts.append(f"{k.entries} entries ({k.facts} facts, {k.variants} questions and variants, "
                         f"{k.tibetan} with Tibetan) in {k.files} files, {k.synonym_groups} synonym groups")
        if self.catalogue is not None:
            parts.append(f"catalogue: {len(self.catalogue.categories)} categories, "
                         f"{len(self.catalogue.events)} events")
        if self.quiz_bank is not None:
            parts.append(f"quiz: {len(self.quiz_bank)} questions")
        status = "OK" if self.ok else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return "kb check: " + "; ".join(parts or ["nothing loaded"]) + f" -- {status}"


def run_checks(knowledge_dir: Path, reply_max_bytes: int = DEFAULT_REPLY_MAX_BYTES,
               qa_settings: Any = None, find_settings: Any = None, cache_dir: Path | None = None) -> CheckReport:
    """Catalogue, Q&A knowledge base (indexed with the ``qa:`` settings; read back from
    ``cache_dir`` when built there before from the same files) and quiz bank, their look-ups
    under the ``find:`` policies."""
    report = CheckReport()
    knowledge_dir = Path(knowledge_dir)
    policies, policy_problems = Policies.parse(find_settings)
    report.problems += policy_problems
    try:
        report.catalogue = load_catalogue(knowledge_dir / "catalogue.yaml", policies.catalogue)
    except KBError as e:
        report.problems += e.problems
    counts = report.catalogue.counts() if report.catalogue is not None else None
    config, config_problems = MatchConfig.parse(qa_settings)
    built = build_knowledge_base(knowledge_dir, reply_max_bytes, report.catalogue,
                                 None if config_problems else config, policies.qa_choice, cache_dir)
    report.problems += built.problems + config_problems
    report.kb, report.knowledge_base = built.stats, built.kb
    try:
        report.quiz_bank = load_quiz_bank(knowledge_dir / "quiz.yaml", built.entry_ids,
                                          counts=counts, policies=policies)
    except KBError as e:
        report.problems += e.problems
    report.problems.sort(key=_position)
    return report


def _position(line: str) -> tuple[str, int]:
    """Sort key of a ``file:line: id: problem`` line: by file, then line number."""
    path, _, rest = line.partition(":")
    number = rest.split(":", 1)[0]
    return path, int(number) if number.isdigit() else 0


def reply_max(settings: Any) -> int:
    return int(settings.get("server", "reply_max_bytes", DEFAULT_REPLY_MAX_BYTES))


def load_all(settings: Any, knowledge_dir: Path | None = None) -> dict:
    """What the server runs on: {"catalogue", "kb", "quiz_bank"} from ``settings.knowledge_dir``,
    validated exactly as `kb check` validates it. Raises KBError listing every problem."""
    report = run_checks(knowledge_dir or settings.knowledge_dir, reply_max(settings), settings.raw.get("qa"),
                        settings.raw.get("find"), settings.knowledge_cache_dir)
    if report.problems:
        raise KBError(report.problems)
    return {"catalogue": report.catalogue, "kb": report.knowledge_base, "quiz_bank": report.quiz_bank}


def prepare(knowledge: dict) -> None:
    """Build now what the first questions would otherwise build on the event loop, where it would
    hold up every other message: the contest desk, the scope guard's lexicon and the pinyin reader
    (~0.2 s of CPU together). Called by the server at start and on a reload, off the event loop."""
    catalogue, kb = knowledge["catalogue"], knowledge["kb"]
    desk = desk_for(catalogue)
    lexicon_for(kb, desk)
    reader_for(kb, desk)
