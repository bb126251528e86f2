"""Sign-up lists for cadres: Excel (xlsx) or CSV, streamed from the database.

Library: ``await export_signups(db, "xlsx", "out.xlsx", township="孜托镇")`` (the cadre console
calls this too). Command line: ``python -m bot export --format xlsx --out FILE [filters]``.

* Rows are streamed (``yield_per``) and written in batches from a worker thread, so a large
  export neither loads every row into memory nor blocks the event loop of a running bot.
* XLSX: XlsxWriter in constant_memory mode; a summary sheet (counts per category, event and
  township) and one sheet per category; every data cell is written as text (a phone or ID
  number never becomes a number), header frozen, auto-filter on.
* CSV: UTF-8 with BOM so Excel opens Chinese text correctly.
* Both: a cell starting with = + - @ tab CR LF is prefixed with ' (no formula injection);
  phone and ID numbers are masked unless ``full=True`` (decrypting needs ID_NUMBER_KEY).
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterable

from sqlalchemy import or_, select

from bot.privacy import mask_phone
from bot.storage.signups import ACTIVE, Signup, signup_number

COUNTY_TZ = timezone(timedelta(hours=8))
BATCH = 250             # rows per fetch and per write: small batches keep peak memory low
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# (header, width) of every data column, in order.
COLUMNS: list[tuple[str, int]] = [
    ("报名号", 11), ("大类", 12), ("项目", 26), ("姓名", 12), ("性别", 5), ("年龄", 5), ("出生年份", 8),
    ("手机号", 14), ("乡(镇)", 9), ("村", 10), ("学校", 20), ("队名", 16), ("队伍人数", 8), ("队员", 40),
    ("监护人", 10), ("监护人电话", 14), ("身份证号", 20), ("农牧民", 6), ("报名方式", 8), ("报名时间", 17),
]
HEADERS = [h for h, _ in COLUMNS]

_FIELDS = [Signup.id, Signup.category, Signup.category_name, Signup.event_code, Signup.event_name, Signup.name,
           Signup.sex, Signup.age, Signup.birth_year, Signup.phone, Signup.township, Signup.village, Signup.school,
           Signup.team_name, Signup.team_members, Signup.guardian_name, Signup.guardian_phone, Signup.id_cipher,
           Signup.id_masked, Signup.farmer, Signup.for_other, Signup.created_at]


def neutralise(value: Any) -> str:
    """Text for a cell, defused: a leading = + - @ tab CR or LF would start a formula in Excel/WPS."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(FORMULA_START) else s


def _county_time(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(COUNTY_TZ).strftime("%Y-%m-%d %H:%M")


_DANGER = frozenset(FORMULA_START)


class _Row:
    """One exported row: the data cells (text) and the keys the summary counts by."""

    __slots__ = ("cells", "category", "category_name", "event", "township")

    def __init__(self, r, full: bool, decrypt: Callable[[str], str] | None):
        (id_, category, category_name, _event_code, event_name, name, sex, age, birth_year, phone, township,
         village, school, team_name, team_members, guardian_name, guardian_phone, id_cipher, id_masked, farmer,
         for_other, created_at) = r                      # positional: the order of _FIELDS
        members = json.loads(team_members) if team_members else None
        if full and id_cipher:
            id_text = decrypt(id_cipher) if decrypt else ""
        else:
            id_text = id_masked or ""
        phone = phone or ""
        gphone = guardian_phone or ""
        if not full:
            phone = mask_phone(phone) if phone else ""
            gphone = mask_phone(gphone) if gphone else ""
        values = (
            signup_number(id_), category_name, event_name, name, sex, str(age),
            str(birth_year) if birth_year else "", phone, township, village, school or "",
            team_name or "", str(len(members) + 1) if team_name and members is not None else "",
            "、".join(members) if members else "", guardian_name or "", gphone, id_text,
            "是" if farmer else "否" if farmer is False else "", "代报" if for_other else "本人",
            _county_time(created_at),
        )
        # Inline neutralise(): this runs for every cell of every row.
        self.cells = [("'" + v) if v and v[0] in _DANGER else v for v in values]
        self.category = category
        self.category_name = category_name
        self.event = event_name
        self.township = township


def _query(township, village, category, event, since):
    q = select(*_FIELDS).where(Signup.status == ACTIVE)
    if township:
        q = q.where(Signup.township == township)
    if village:
        q = q.where(Signup.village == village)
    if category:
        q = q.where(or_(Signup.category == category, Signup.category_name == category))
    if event:
        q = q.where(or_(Signup.event_code == event, Signup.event_name == event))
    if since:
        start = datetime.combine(since, time(0, 0), tzinfo=COUNTY_TZ).astimezone(timezone.utc)
        q = q.where(Signup.created_at >= start)
    return q.order_by(Signup.category, Signup.event_code, Signup.id).execution_options(yield_per=BATCH)


async def export_signups(db, fmt: str, out: str | Path | IO[bytes], *, township: str | None = None,
                         village: str | None = None, category: str | None = None, event: str | None = None,
                         since: date | None = None, full: bool = False) -> int:
    """Write the active sign-ups matching the filters to ``out`` (a path or a binary file); returns the count."""
    fmt = fmt.lower()
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"unknown format {fmt!r} (xlsx or csv)")
    decrypt = None
    if full:
        from bot.idcrypt import IdCipher, IdKeyError

        try:
            decrypt = IdCipher.from_env().decrypt
        except IdKeyError:
            decrypt = None          # fine unless a row has an ID number; checked per row below
    filters = {"township": township, "village": village, "category": category, "event": event,
               "since": since.isoformat() if since else None, "full": full}
    writer: _Writer = _XlsxWriter(out, filters) if fmt == "xlsx" else _CsvWriter(out)
    count = 0
    # The bot's SQLite engine has a single pooled connection (one writer at a time); a long export
    # must not hold it, so it reads through its own connection (WAL lets it read beside the writer).
    engine = db.engine
    own = None
    if db.dialect == "sqlite":
        from sqlalchemy.ext.asyncio import create_async_engine

        own = engine = create_async_engine(db.url, connect_args={"timeout": 30})
    try:
        async with engine.connect() as conn:        # Core rows: no ORM overhead per row
            result = await conn.stream(_query(township, village, category, event, since))
            async for partition in result.partitions(BATCH):
                if full and decrypt is None and any(r.id_cipher for r in partition):
                    from bot.idcrypt import IdCipher
                    IdCipher.from_env()          # raises IdKeyError with the clear message
                rows = [_Row(r, full, decrypt) for r in partition]
                # XlsxWriter is CPU-bound: off the event loop, so a running bot keeps answering.
                await asyncio.to_thread(writer.write, rows)
                count += len(rows)
        await asyncio.to_thread(writer.close)
    except BaseException:
        writer.abort()
        if isinstance(out, (str, Path)):
            Path(out).unlink(missing_ok=True)      # no half-written list left behind
        raise
    finally:
        if own is not None:
            await own.dispose()
    return count


class _Writer:
    def write(self, rows: list[_Row]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        pass


class _CsvWriter(_Writer):
    def __init__(self, out):
        if isinstance(out, (str, Path)):
            self._fh: IO[str] = open(out, "w", encoding="utf-8-sig", newline="")
            self._owned = True
        else:
            self._fh = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
            self._owned = False
        self._csv = csv.writer(self._fh)
        self._csv.writerow(HEADERS)

    def write(self, rows: list[_Row]) -> None:
        self._csv.writerows(r.cells for r in rows)

    def close(self) -> None:
        self._fh.flush()
        if self._owned:
            self._fh.close()
        else:
            self._fh.detach()

    def abort(self) -> None:
        try:
            self.close()
        except Exception:
            pass


class _XlsxWriter(_Writer):
    def __init__(self, out, filters: dict):
        import xlsxwriter

        self._wb = xlsxwriter.Workbook(out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"})
        self._head = self._wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self._text = self._wb.add_format({"num_format": "@"})
        self._summary = self._wb.add_worksheet("汇总")      # first tab; filled in at the end
        self._sheets: dict[str, Any] = {}
        self._next_row: dict[str, int] = {}
        self._names: set[str] = {"汇总"}
        self._filters = filters
        self._by_category: Counter = Counter()
        self._by_event: Counter = Counter()
        self._by_township: Counter = Counter()
        self._category_names: dict[str, str] = {}

    def _sheet(self, row: _Row):
        ws = self._sheets.get(row.category)
        if ws is None:
            ws = self._wb.add_worksheet(self._sheet_name(row.category_name or row.category))
            for col, (header, width) in enumerate(COLUMNS):
                ws.set_column(col, col, width, self._text)
                ws.write_string(0, col, header, self._head)
            ws.freeze_panes(1, 0)
            self._sheets[row.category] = ws
            self._next_row[row.category] = 1
            self._category_names[row.category] = row.category_name
        return ws

    def _sheet_name(self, name: str) -> str:
        base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "sheet"
        candidate, n = base, 2
        while candidate in self._names:
            suffix = f"({n})"
            candidate, n = base[:31 - len(suffix)] + suffix, n + 1
        self._names.add(candidate)
        return candidate

    def write(self, rows: list[_Row]) -> None:
        for row in rows:
            ws = self._sheet(row)
            r = self._next_row[row.category]
            for col, value in enumerate(row.cells):
                if value:                    # empty cells stay blank (smaller, faster)
                    ws.write_string(r, col, value)
            self._next_row[row.category] = r + 1
            self._by_category[row.category] += 1
            self._by_event[(row.category, row.event)] += 1
            self._by_township[row.township] += 1

    def close(self) -> None:
        for category, ws in self._sheets.items():
            last = self._next_row[category] - 1
            ws.autofilter(0, 0, max(last, 0), len(COLUMNS) - 1)
        self._write_summary()
        self._wb.close()

    def abort(self) -> None:
        try:
            self._wb.close()
        except Exception:
            pass

    def _write_summary(self) -> None:
        ws = self._summary
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 2, 10)
        bold = self._head
        total = sum(self._by_category.values())
        r = 0
        ws.write_string(r, 0, "报名汇总", bold)
        ws.write_string(r, 1, f"导出时间 {datetime.now(COUNTY_TZ):%Y-%m-%d %H:%M}")
        r += 1
        active = [f"{k}={v}" for k, v in self._filters.items() if v not in (None, False)]
        ws.write_string(r, 0, "筛选条件")
        ws.write_string(r, 1, neutralise("；".join(active) or "全部"))
        r += 1
        ws.write_string(r, 0, "有效报名总数")
        ws.write_number(r, 2, total)
        r += 2

        def table(title: str, header: list[str], items: Iterable[tuple[list[str], int]]) -> None:
            nonlocal r
            ws.write_string(r, 0, title, bold)
            r += 1
            for col, h in enumerate(header):
                ws.write_string(r, col, h, bold)
            r += 1
            for labels, n in items:
                for col, label in enumerate(labels):
                    ws.write_string(r, col, neutralise(label))
                ws.write_number(r, 2, n)
                r += 1
            r += 1

        table("按大类", ["大类", "", "报名数"],
              (([self._category_names.get(c, c), ""], n) for c, n in self._by_category.items()))
        table("按项目", ["大类", "项目", "报名数"],
              (([self._category_names.get(c, c), e], n) for (c, e), n in self._by_event.items()))
        table("按乡(镇)", ["乡(镇)", "", "报名数"],
              (([t, ""], n) for t, n in sorted(self._by_township.items(), key=lambda kv: (-kv[1], kv[0]))))


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------
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

    from bot.config import load_settings
    from bot.idcrypt import IdKeyError
    from bot.storage import Database

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
