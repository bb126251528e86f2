"""`python -m bot kb check`: validate every YAML file the bot reads.

Problems are printed one per line as ``file:line: entry-id: problem``, then a one-line
summary. Exit status 0 when everything is valid, 1 otherwise. The server runs the same
checks on start (``check_all``) and refuses to start on any problem.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.errors import KBError
from knowledge.qa import DEFAULT_REPLY_MAX_BYTES, KBStats, read_knowledge_dir


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    kb: KBStats | None = None
    catalogue: Any = None
    quiz_bank: Any = None
    notes: list[str] = field(default_factory=list)     # not problems: e.g. a loader not installed

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
            cats = list(getattr(self.catalogue, "categories", []) or [])
            events = sum(len(getattr(c, "events", []) or []) for c in cats)
            parts.append(f"catalogue: {len(cats)} categories, {events} events")
        if self.quiz_bank is not None:
            try:
                parts.append(f"quiz: {len(self.quiz_bank)} questions")
            except TypeError:
                parts.append("quiz: loaded")
        status = "OK" if self.ok else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return "kb check: " + "; ".join(parts or ["nothing loaded"]) + f" -- {status}"


def run_checks(knowledge_dir: Path, reply_max_bytes: int = DEFAULT_REPLY_MAX_BYTES) -> CheckReport:
    """Catalogue, Q&A knowledge base and quiz bank, each with its own loader."""
    report = CheckReport()
    knowledge_dir = Path(knowledge_dir)
    try:
        from knowledge.catalogue import load_catalogue
    except ImportError:
        report.notes.append("catalogue loader (knowledge.catalogue) not available: catalogue not checked")
    else:
        try:
            report.catalogue = load_catalogue(knowledge_dir / "catalogue.yaml")
        except KBError as e:
            report.problems += e.problems
    entries, _, problems, stats = read_knowledge_dir(knowledge_dir, reply_max_bytes, report.catalogue)
    report.problems += problems
    report.kb = stats
    try:
        from knowledge.quizbank import load_quiz_bank
    except ImportError:
        report.notes.append("quiz bank loader (knowledge.quizbank) not available: quiz not checked")
    else:
        quiz = knowledge_dir / "quiz.yaml"
        if quiz.exists():
            try:
                report.quiz_bank = load_quiz_bank(quiz, {e.id for e in entries})
            except KBError as e:
                report.problems += e.problems
        else:
            report.notes.append(f"{quiz}: no quiz bank")
    report.problems.sort(key=_position)
    return report


def _position(line: str) -> tuple[str, int]:
    """Sort key of a ``file:line: id: problem`` line: by file, then line number."""
    path, _, rest = line.partition(":")
    number = rest.split(":", 1)[0]
    return path, int(number) if number.isdigit() else 0


def check_all(settings: Any) -> list[str]:
    """Every problem in the knowledge directory of ``settings`` (empty list: all valid)."""
    reply_max = int(settings.get("server", "reply_max_bytes", DEFAULT_REPLY_MAX_BYTES))
    return run_checks(settings.knowledge_dir, reply_max).problems


def cli(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":          # accept both `kb check ...` remainders and bare options
        argv = argv[1:]
    ap = argparse.ArgumentParser(prog="python -m bot kb check",
                                 description="Validate the knowledge YAML files (Q&A, synonyms, catalogue, quiz).")
    ap.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    ap.add_argument("--dir", dest="knowledge_dir", help="knowledge directory to check instead of the configured one")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    args = ap.parse_args(argv)

    from bot.config import load_settings

    settings = load_settings(args.config)
    knowledge_dir = Path(args.knowledge_dir) if args.knowledge_dir else settings.knowledge_dir
    reply_max = int(settings.get("server", "reply_max_bytes", DEFAULT_REPLY_MAX_BYTES))
    report = run_checks(knowledge_dir, reply_max)
    for line in report.problems:
        print(line)
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(cli())
