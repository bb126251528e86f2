"""Sign-up lists for cadres: Excel (xlsx) or CSV, streamed from the database.

Library: ``await export_signups(db, "xlsx", "out.xlsx", township="孜托镇")`` (the cadre console
calls this too). Command line: ``python -m bot export --format xlsx --out FILE [filters]``.

* The columns are the sign-up form's (bot.forms.signup.slots: each field's row says its export
  columns and their place).
* Rows are streamed (SignupRepository.stream) and written in batches from a worker
  thread, so a large export neither loads every row into memory nor blocks the event loop of a
  running bot.
* XLSX: XlsxWriter in constant_memory mode; a summary sheet (counts per category, event and
  township) and one sheet per category; every data cell is written as text (a phone or ID
  number never becomes a number), header frozen, auto-filter on.
* XLSX: the columns marked numeric (ages, birth years, team sizes) are numbers (they sort);
  everything else is text.
* CSV: UTF-8 with BOM so Excel opens Chinese text correctly; cells as they are (for phone and ID
  numbers that must stay text in Excel, use XLSX).
* Both: a cell that would start a formula (= + - @, possibly after leading blanks) is prefixed
  with ' and no other cell is touched; phone and ID numbers are masked unless ``full=True``
  (decrypting needs ID_NUMBER_KEY). 录入人 is the cadre's account name, 本人, or for someone
  signed up by another WeChat user 代报：that user's own name when known.
* Written to a temporary file first and moved (or copied, for a file object) into place only
  when complete: a failed export leaves nothing, and never a valid-looking partial list.
"""
from __future__ import annotations

import asyncio
import csv
import os
import shutil
import tempfile
from collections import Counter
from contextlib import aclosing
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Sequence

from bot.core.clock import COUNTY_TZ
from bot.core.idcrypt import IdCipher, IdKeyError
from bot.forms.signup.slots import EXPORT_COLUMNS
from bot.forms.spec import ExportColumn, ExportOptions
from bot.storage.db import Database
from bot.storage.signups import SignupFilter, SignupRepository

BATCH = 250             # rows per fetch and per write: small batches keep peak memory low
FORMULA_START = ("=", "+", "-", "@")
_DANGER = frozenset(FORMULA_START)

# (header, width) of every data column, in order: the sign-up form's export columns (its slot table).
COLUMNS: list[tuple[str, int]] = [(c.header, c.width) for c in EXPORT_COLUMNS]
HEADERS = [h for h, _ in COLUMNS]
NUMERIC = frozenset(i for i, c in enumerate(EXPORT_COLUMNS) if c.numeric)     # numbers in XLSX

# What the summary sheet counts by, read besides the columns' own.
_KEYS = ("category", "category_name", "event_name", "township")
# Database columns read for each row: every column's, then the keys.
_FIELDS = list(dict.fromkeys([name for c in EXPORT_COLUMNS for name in c.reads] + list(_KEYS)))


def neutralise(value: Any) -> str:
    """Text for a cell, defused: one that Excel/WPS would read as a formula (= + - @ first, after
    any leading blanks) gets a leading '; any other text is left exactly as it is."""
    s = "" if value is None else str(value)
    first = s.lstrip(" \t\r\n")[:1]
    return "'" + s if first and first in _DANGER else s


class _Row:
    """One exported row: the data cells (text, neutralised) and the keys the summary counts by."""

    __slots__ = ("cells", "category", "category_name", "event", "township")

    def __init__(self, cells: Sequence[str], category: str, category_name: str, event: str, township: str):
        self.cells = cells
        self.category = category
        self.category_name = category_name
        self.event = event
        self.township = township


Batch = Sequence[Sequence[Any]]


def _column_maker(column: ExportColumn, how: ExportOptions) -> Callable[[Batch], Iterable[Any]]:
    """batch -> that column's values, one per row. A batch is built column by column: the reads
    are C-level item getters, and a cell function is called once per value."""
    getters = [itemgetter(_FIELDS.index(name)) for name in column.reads]
    if column.cell is None:
        (getter,) = getters
        return lambda batch: map(getter, batch)
    cell = partial(column.cell, how)
    return lambda batch: map(cell, *(map(g, batch) for g in getters))


def _rows_maker(how: ExportOptions) -> Callable[[Batch], list[_Row]]:
    makers = [_column_maker(c, how) for c in EXPORT_COLUMNS]
    keys = itemgetter(*(_FIELDS.index(k) for k in _KEYS))

    def rows(batch: Batch) -> list[_Row]:
        columns = [list(map(neutralise, make(batch))) for make in makers]
        return [_Row(cells, *keys(r)) for cells, r in zip(zip(*columns), batch)]
    return rows


def _id_decrypter(full: bool) -> Callable[[str], str]:
    """Decrypts an ID number for a full export; without ID_NUMBER_KEY, fine until a row has an ID
    number (then IdKeyError with the clear message, and the export is abandoned)."""
    if full:
        try:
            return IdCipher.from_env().decrypt
        except IdKeyError:
            pass
    return _no_key


def _no_key(token: str) -> str:
    return IdCipher.from_env().decrypt(token)      # raises IdKeyError saying what is missing


async def export_signups(db: Database, fmt: str, out: str | Path | IO[bytes], *, township: str | None = None,
                         village: str | None = None, category: str | None = None, event: str | None = None,
                         since: date | None = None, full: bool = False, where: SignupFilter | None = None) -> int:
    """Write the sign-ups matching the filters to ``out`` (a path or a binary file); returns the count.
    ``where`` is the whole filter (the console's); the keyword filters are a shorthand for active rows.

    On any failure ``out`` is left untouched: nothing is written to a file object, and a file at
    the path is neither created nor replaced.
    """
    fmt = fmt.lower()
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"unknown format {fmt!r} (xlsx or csv)")
    where = where or SignupFilter(township=township, village=village, category=category, event=event, since=since)
    filters = {**where.as_dict(), "full": full}
    signups = SignupRepository(db)
    rows_of = _rows_maker(ExportOptions(full=full, decrypt=_id_decrypter(full),
                                        entrants=await signups.entrant_names()))
    # Beside the destination when it is a path (so the final move is a rename), else in the temp dir.
    folder = Path(out).resolve().parent if isinstance(out, (str, Path)) else None
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix="." + fmt, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer: _Writer = _XlsxWriter(tmp, filters) if fmt == "xlsx" else _CsvWriter(tmp)
        count = 0
        try:
            async with aclosing(signups.stream(_FIELDS, where=where, batch=BATCH)) as batches:
                async for batch in batches:
                    rows = rows_of(batch)
                    # XlsxWriter is CPU-bound: off the event loop, so a running bot keeps answering.
                    await asyncio.to_thread(writer.write, rows)
                    count += len(rows)
            await asyncio.to_thread(writer.close)
        except BaseException:
            writer.abort()
            raise
        await asyncio.to_thread(_deliver, tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _deliver(done: Path, out: str | Path | IO[bytes]) -> None:
    """Put the finished export where the caller asked for it."""
    if isinstance(out, (str, Path)):
        os.replace(done, out)
    else:
        with open(done, "rb") as fh:
            shutil.copyfileobj(fh, out)


class _Writer:
    def write(self, rows: list[_Row]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        pass


class _CsvWriter(_Writer):
    def __init__(self, path: Path):
        self._fh: IO[str] = open(path, "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._fh)
        self._csv.writerow(HEADERS)

    def write(self, rows: list[_Row]) -> None:
        self._csv.writerows(r.cells for r in rows)

    def close(self) -> None:
        self._fh.close()

    def abort(self) -> None:
        self._fh.close()


class _XlsxWriter(_Writer):
    def __init__(self, path: Path, filters: dict):
        import xlsxwriter

        self._wb = xlsxwriter.Workbook(str(path), {
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
                if not value:                # empty cells stay blank (smaller, faster)
                    continue
                if col in NUMERIC and value.isdigit():
                    ws.write_number(r, col, int(value))
                else:
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
            self._wb.close()         # into the temporary file (removed by the caller): frees XlsxWriter's own temp files
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
