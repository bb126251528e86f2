"""`python -m bot export`: sign-up lists for cadres as XLSX or CSV."""
from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date

from bot.core.config import load_settings
from bot.core.idcrypt import IdKeyError
from bot.storage import Database
from bot.storage.export import export_signups


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot export",
                                     description="Export active sign-ups to Excel (xlsx) or CSV for cadres.")
    parser.add_argument("--format", choices=["xlsx", "csv"], default=None,
                        help="file format (default: from the --out file name, else xlsx)")
    parser.add_argument("--out", required=True, help="output file")
    parser.add_argument("--township", help="only this township (乡镇), exact name")
    parser.add_argument("--village", help="only this village (村), exact name")
    parser.add_argument("--category", help="only this category: code (e.g. sports) or name (体育类)")
    parser.add_argument("--event", help="only this event: code (e.g. basketball) or name")
    parser.add_argument("--since", type=_date, help="only sign-ups made on or after this day (YYYY-MM-DD)")
    parser.add_argument("--full", action="store_true",
                        help="unmasked phone and ID numbers (needs ID_NUMBER_KEY for ID numbers); "
                             "handle the file as personal data")
    args = parser.parse_args(argv)
    fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "xlsx")

    async def run() -> int:
        db = Database(load_settings().database_url)
        try:
            await db.migrate()        # a fresh database gets empty tables, so the export is just headers
            return await export_signups(db, fmt, args.out, township=args.township, village=args.village,
                                        category=args.category, event=args.event, since=args.since,
                                        full=args.full)
        finally:
            await db.close()

    try:
        count = asyncio.run(run())
    except IdKeyError as e:
        print(f"export failed: {e}", file=sys.stderr)
        return 2
    print(f"exported {count} sign-ups to {args.out} ({fmt}{', FULL phone/ID numbers' if args.full else ', masked'})")
    return 0
