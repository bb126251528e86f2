"""`python -m bot unanswered`: what people asked that the bot could not answer, grouped."""
from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.core.config import load_settings
from bot.storage import Database
from bot.storage.unanswered import UnansweredLog
from knowledge.errors import KBError
from knowledge.find import Policies
from knowledge.normalize import Normalizer
from knowledge.qa import parse_file, parse_synonyms
from knowledge.unanswered import format_groups, group_questions


async def _load_rows(settings: Any, since: datetime | None, outcome: str | None) -> list[Any]:
    db = Database(settings.database_url)
    try:
        await db.migrate()
        return await UnansweredLog(db).fetch(since=since, outcome=outcome)
    finally:
        await db.close()


def _kb_normalizer(settings: Any) -> Normalizer:
    """The knowledge base's synonyms make groups tighter; plain normalisation if they are invalid."""
    problems: list[str] = []
    groups = parse_synonyms(settings.knowledge_dir / "synonyms.yaml", problems)
    return Normalizer(groups if not problems else ())


def _entry_questions(settings: Any) -> dict[str, str]:
    """{entry id: question} of the knowledge base's files, so the report names questions, not ids."""
    problems: list[str] = []
    return {e.id: e.question for path in sorted((settings.knowledge_dir / "qa").glob("*.yaml"))
            for e in parse_file(path, problems)}


def cli(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot unanswered",
                                 description="List questions the bot could not answer, grouped by similar "
                                             "wording, most frequent first.")
    ap.add_argument("--days", type=float, default=None, help="only the last N days (default: all)")
    ap.add_argument("--outcome", choices=["fallback", "suggest", "partial"],
                    help="only fallbacks, only suggestions, or only partial answers (part said to be missing)")
    ap.add_argument("--limit", type=int, default=50, help="groups to show (0: all; default 50)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="similarity (0-100) to join a group (default: config.yaml find.unanswered.pick, "
                         f"{Policies().unanswered.pick:g} unless changed there)")
    ap.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))

    settings = load_settings(args.config)
    try:
        policy = Policies.from_settings(settings.raw.get("find")).unanswered
    except KBError as e:
        print("\n".join(e.problems), file=sys.stderr)
        return 1
    if args.threshold is not None:
        policy = replace(policy, pick=args.threshold)
    since = datetime.now(timezone.utc) - timedelta(days=args.days) if args.days else None
    rows = asyncio.run(_load_rows(settings, since, args.outcome))
    groups = group_questions(rows, policy, _kb_normalizer(settings))
    print(format_groups(groups, args.limit or None, _entry_questions(settings).get))
    return 0
