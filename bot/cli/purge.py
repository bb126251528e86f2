"""`python -m bot purge --before DATE`: delete the personal data of a finished campaign.

Shows what would go and asks for ``yes`` (or takes --yes); export first if the lists are needed:
``python -m bot export --status all --full --until DAY --out campaign.xlsx``.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, timedelta

from bot.core.config import load_settings
from bot.storage import Database
from bot.storage.retention import count_before, purge_before

LABELS = {"signups": "sign-ups", "drafts": "sign-up drafts", "quiz_answers": "quiz answers",
          "quiz_rounds": "quiz rounds", "quiz_progress": "quiz progress rows"}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cli(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot purge",
                                 description="Delete sign-ups, drafts and quiz records made before a county day.")
    ap.add_argument("--before", type=_date, required=True, help="delete what was recorded before this day (YYYY-MM-DD)")
    ap.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    ap.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    settings = load_settings(args.config)

    async def run(confirmed: bool):
        db = Database(settings.database_url)
        try:
            await db.migrate()
            return await (purge_before(db, args.before) if confirmed else count_before(db, args.before))
        finally:
            await db.close()

    found = asyncio.run(run(False))
    summary = ", ".join(f"{n} {LABELS[k]}" for k, n in found.as_dict().items())
    if not found.total:
        print(f"nothing recorded before {args.before}")
        return 0
    print(f"before {args.before}: {summary}")
    if not args.yes:
        last = args.before - timedelta(days=1)
        print(f"export first if you need the lists: python -m bot export --status all --full "
              f"--until {last} --out campaign.xlsx")
        if not sys.stdin.isatty():
            print("error: not confirmed (run with --yes)", file=sys.stderr)
            return 1
        if input("type yes to delete them for good: ").strip().lower() != "yes":
            print("nothing deleted")
            return 1
    done = asyncio.run(run(True))
    print("deleted " + ", ".join(f"{n} {LABELS[k]}" for k, n in done.as_dict().items()))
    return 0
