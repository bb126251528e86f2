"""`python -m bot export`: sign-up lists for cadres as XLSX or CSV.

Filters take what the console's drop-downs offer: township and village names, category and
event codes or names from the catalogue. A name that matches nothing is an error (exit 2) naming
the closest valid ones, never an empty list; so are a missing folder and an --out suffix that
contradicts --format, each in one line.
"""
from __future__ import annotations

import argparse
import asyncio
import difflib
import sys
from datetime import date
from pathlib import Path

from bot.core.config import load_settings
from bot.core.idcrypt import IdKeyError
from bot.storage import Database
from bot.storage.export import export_signups
from bot.storage.signups import STATUSES, SignupFilter
from knowledge.catalogue import Catalogue, load_catalogue
from knowledge.errors import KBError

SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}


class ExportError(Exception):
    pass


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _closest(label: str, value: str, valid: list[str]) -> ExportError:
    close = difflib.get_close_matches(value, valid, n=3, cutoff=0.0) if valid else []
    close = [v for v in close if difflib.SequenceMatcher(None, value, v).ratio() > 0.3] or valid[:5]
    return ExportError(f"no {label} {value!r}; closest: {', '.join(close)}")


def check_filters(cat: Catalogue, args: argparse.Namespace) -> None:
    """Every name must be one the catalogue (and so the console) knows."""
    if args.township and cat.township(args.township) is None:
        raise _closest("township", args.township, [t.name for t in cat.townships])
    if args.village:
        towns = [cat.township(args.township)] if args.township else cat.townships
        villages = [v for t in towns for v in t.villages]
        if args.village not in villages:
            raise _closest("village" + (f" in {args.township}" if args.township else ""), args.village, villages)
    if args.category and not any(args.category in (c.code, c.name) for c in cat.categories):
        raise _closest("category", args.category, [c.name for c in cat.categories] + [c.code for c in cat.categories])
    if args.event:
        cats = [c for c in cat.categories if not args.category or args.category in (c.code, c.name)]
        events = [e for c in cats for e in c.events]
        if not any(args.event in (e.code, e.name) for e in events):
            raise _closest("event" + (f" in {args.category}" if args.category else ""), args.event,
                           [e.name for e in events] + [e.code for e in events])


def output_format(out: str, fmt: str | None) -> str:
    path = Path(out)
    suffix = SUFFIXES.get(path.suffix.lower())
    if fmt and suffix and fmt != suffix:
        raise ExportError(f"--out {out} ends in {path.suffix} but --format is {fmt}")
    if not suffix and path.suffix:
        raise ExportError(f"--out {out}: use a .xlsx or .csv file name")
    if not path.resolve().parent.is_dir():
        raise ExportError(f"--out {out}: folder {path.resolve().parent} does not exist")
    return fmt or suffix or "xlsx"


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot export",
                                     description="Export sign-ups to Excel (xlsx) or CSV for cadres.")
    parser.add_argument("--format", choices=["xlsx", "csv"], default=None,
                        help="file format (default: from the --out file name, else xlsx)")
    parser.add_argument("--out", required=True, help="output file (.xlsx or .csv)")
    parser.add_argument("--township", help="only this township (乡镇), a name from the catalogue")
    parser.add_argument("--village", help="only this village (村), a name from the catalogue")
    parser.add_argument("--category", help="only this category: code (e.g. sports) or name (体育类)")
    parser.add_argument("--event", help="only this event: code (e.g. basketball) or name")
    parser.add_argument("--since", type=_date, help="only sign-ups made on or after this county day (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="only sign-ups made on or before this county day (YYYY-MM-DD)")
    parser.add_argument("--status", choices=STATUSES, default="active",
                        help="active (default), cancelled, or all sign-ups")
    parser.add_argument("--full", action="store_true",
                        help="unmasked phone and ID numbers (needs ID_NUMBER_KEY for ID numbers); "
                             "handle the file as personal data")
    parser.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    args = parser.parse_args(argv)
    settings = load_settings(args.config)
    try:
        fmt = output_format(args.out, args.format)
        try:
            catalogue = load_catalogue(settings.knowledge_dir / "catalogue.yaml")
        except KBError:
            catalogue = None          # names cannot be checked; `kb check` says what is wrong
        if catalogue is not None:
            check_filters(catalogue, args)
    except ExportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    where = SignupFilter(township=args.township, village=args.village, category=args.category, event=args.event,
                         status=args.status, since=args.since, until=args.until)

    async def run() -> int:
        db = Database(settings.database_url)
        try:
            await db.migrate()        # a fresh database gets empty tables, so the export is just headers
            return await export_signups(db, fmt, args.out, where=where, full=args.full)
        finally:
            await db.close()

    try:
        count = asyncio.run(run())
    except (IdKeyError, OSError) as e:
        print(f"export failed: {e}", file=sys.stderr)
        return 2
    print(f"exported {count} sign-ups to {args.out} ({fmt}{', FULL phone/ID numbers' if args.full else ', masked'})")
    return 0
