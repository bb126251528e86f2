"""How a form is described: a table of slots, one row per field, and what is read off it.

A slot row says everything about one field: its name and label, the words that edit it
(「修改 手机号」), when it applies, which earlier answers it is given in the light of, the question,
the parser, where the answer is stored, and how it shows in the summary and in the export.
The order of the questions, what is emptied with what, the edit words, the summary, the record
handed to storage and the export columns are all derived from the table (SlotTable), so adding a
field is adding a row -- plus a migration step for its column.

The functions of a row get the form's *answers* object ``a`` (its facts: the event chosen, the
age, whether a guardian is needed, ...), never the conversation or the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Generic, Iterable, Iterator, Mapping, TypeVar

A = TypeVar("A")        # the answers object a form's functions are given


# ---------------------------------------------------------------------------------------------
# What a parser returns. A parser may also let a validator's Invalid (bot.forms.validators)
# through: the form turns it into a Reject, so the conversation only ever sees these values.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Accept:
    """A good answer: ``value`` goes into the slot, and ``also`` into other slots (an event named
    at the category question answers both)."""

    value: Any
    also: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reject:
    """Not an answer that can be taken: ``message`` says what is wrong and what to send."""

    message: str


@dataclass(frozen=True)
class Suggest:
    """Close to several options: ask which one was meant (by number or by name)."""

    message: str
    options: list[str]


@dataclass(frozen=True)
class Redirect:
    """Not a bad answer but a change of course: empty ``unset``, fill ``set``, say ``message``."""

    message: str
    unset: tuple[str, ...] = ()
    set: dict[str, Any] = field(default_factory=dict)


Parsed = Accept | Reject | Suggest | Redirect


# ---------------------------------------------------------------------------------------------
# Where an answer goes
# ---------------------------------------------------------------------------------------------
KINDS = ("text", "int", "bool", "date", "time")


@dataclass(frozen=True)
class Column:
    """A table column a slot declares itself: for a field the form gains (the columns already on the
    storage model are named by a plain string). Always nullable: rows stored before the field
    existed have no answer."""

    name: str
    kind: str = "text"                 # one of KINDS; "time" is a moment (stored in UTC)
    size: int | None = None            # text: the longest value (None: unlimited)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: kind {self.kind!r} is not one of {KINDS}")


@dataclass(frozen=True)
class Shown:
    """How an answer appears in the summary shown before 「确认」."""

    at: int                            # place in the summary (entries are sorted by it)
    text: Callable[[Any], str]         # (answers) -> "手机号：13800138000"
    same_line: bool = False            # joined to the entry before it with a wide space


@dataclass(frozen=True)
class ExportOptions:
    """What an export cell may depend on besides the row."""

    full: bool                         # phone and ID numbers in full (else masked)
    decrypt: Callable[[str], str]      # an ID number's ciphertext -> the number (raises without a key)
    entrants: Mapping[str, str] = field(default_factory=dict)   # openid -> the WeChat user's own name


@dataclass(frozen=True)
class ExportColumn:
    """One column of the cadres' export (bot.storage.export)."""

    header: str
    width: int                         # characters, for the spreadsheet
    at: int                            # place among the export columns (they are sorted by it)
    reads: tuple[str, ...]             # the table columns the cell is made from
    cell: Callable[..., Any] | None = None   # (options, *values) -> the cell; None: the one value as it is
    numeric: bool = False              # a number in XLSX (it sorts), when the cell is all digits


# ---------------------------------------------------------------------------------------------
# How a slot is filled in on a web form (the console's 新增报名) instead of in the chat
# ---------------------------------------------------------------------------------------------
WIDGETS = ("text", "select", "check", "textarea")


@dataclass(frozen=True)
class Choice:
    """One option of a select: ``value`` is what the slot's parser is given (as a chat answer)."""

    value: str
    label: str
    group: str = ""                    # the value of the field it follows it belongs under (an event's category)


@dataclass(frozen=True)
class Widget:
    """A slot as a form field. What is typed or chosen goes through the slot's own parser, exactly
    as the same answer in the chat would: the form has no validation of its own."""

    kind: str = "text"                                   # one of WIDGETS
    choices: Callable[[Any], list[Choice]] | None = None  # (answers) -> the options of a select
    follows: str = ""                                    # the slot whose answer narrows the choices (Choice.group)
    blank: str | None = None                             # the answer an empty field stands for (「无」); None: required
    checked: str = "同意"                                # the answer a ticked box gives (a check)
    hint: Callable[[Any], str] | None = None             # (answers) -> a line under the field: when, an example

    def __post_init__(self) -> None:
        if self.kind not in WIDGETS:
            raise ValueError(f"widget kind {self.kind!r} is not one of {WIDGETS}")


def always(_a: Any) -> bool:
    return True


def any_answer(_a: Any, _value: Any) -> bool:
    return True


# ---------------------------------------------------------------------------------------------
# The row
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Slot(Generic[A]):
    name: str
    label: str                                          # what the field is called (「还没填到手机号」)
    prompt: Callable[[A], str]                          # the question
    parse: Callable[[A, str], Awaitable[Parsed]]        # the answer -> Accept / Reject / Suggest / Redirect
    edit: tuple[str, ...] = ()                          # words after 「修改」/「改」 that name it
    applies: Callable[[A], bool] = always               # is it asked in this draft?
    depends_on: tuple[str, ...] = ()                    # earlier slots it is answered in the light of:
                                                        # emptying one of them empties it too
    holds: Callable[[A, Any], bool] = any_answer        # does a given answer still hold (the draft changed)?
    columns: tuple[str | Column, ...] = ()              # where the answer is stored
    record: Callable[[A, Any], dict[str, Any]] | None = None   # answer -> record fields; default: the one column
    shown: tuple[Shown, ...] = ()                       # lines of the summary
    export: tuple[ExportColumn, ...] = ()               # columns of the export
    widget: Widget | None = None                        # its field on a web form; None: set by the form itself
    help: Callable[[A], str] | None = None              # what a question about this step is told
                                                        # (手机号有什么用), when Q&A has no answer

    @property
    def column_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.columns]

    def record_of(self, a: A, value: Any) -> dict[str, Any]:
        """The record fields (storage column -> value) this answer gives."""
        if self.record is not None:
            return self.record(a, value)
        names = self.column_names
        if len(names) > 1:
            raise TypeError(f"slot {self.name} stores several columns: it needs a record function")
        return {names[0]: value} if names else {}


# ---------------------------------------------------------------------------------------------
# The table and what is derived from it
# ---------------------------------------------------------------------------------------------
class SlotTable(Generic[A]):
    """The rows in the order they are asked, checked once when the table is built."""

    def __init__(self, slots: Iterable[Slot[A]]):
        self.slots: tuple[Slot[A], ...] = tuple(slots)
        self.order: list[str] = [s.name for s in self.slots]
        self._by_name = {s.name: s for s in self.slots}
        if len(self._by_name) != len(self.slots):
            raise ValueError("slot names must be unique")
        for s in self.slots:
            before = self.order[:self.order.index(s.name)]
            for d in s.depends_on:
                if d not in before:
                    raise ValueError(f"slot {s.name} depends on {d!r}, which is not asked before it")
        # Emptying a slot empties these too (they were answered in its light).
        self.dependents: dict[str, list[str]] = {
            name: [s.name for s in self.slots if name in s.depends_on] for name in self.order}
        self.edit_words: dict[str, str] = {}
        for s in self.slots:
            for word in s.edit:
                if self.edit_words.setdefault(word, s.name) != s.name:
                    raise ValueError(f"edit word {word!r} names two slots")
        self.shown: list[tuple[Shown, Slot[A]]] = sorted(
            ((sh, s) for s in self.slots for sh in s.shown), key=lambda pair: pair[0].at)
        _unique_places("summary", [sh.at for sh, _ in self.shown])
        _unique_places("export", [e.at for s in self.slots for e in s.export])
        for s in self.slots:
            follows = s.widget.follows if s.widget else ""
            if follows and follows not in self.order[:self.order.index(s.name)]:
                raise ValueError(f"slot {s.name} follows {follows!r}, which is not asked before it")

    def __iter__(self) -> Iterator[Slot[A]]:
        return iter(self.slots)

    def __getitem__(self, name: str) -> Slot[A]:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def label(self, name: str) -> str:
        slot = self._by_name.get(name)
        return slot.label if slot else name

    @property
    def declared_columns(self) -> list[Column]:
        """Columns the slots declare themselves (fields the form gained later)."""
        return [c for s in self.slots for c in s.columns if isinstance(c, Column)]

    def export_columns(self, *others: ExportColumn) -> list[ExportColumn]:
        """The slots' export columns and ``others`` (not from a slot: the sign-up number, ...), in place order."""
        columns = sorted([*others, *(e for s in self.slots for e in s.export)], key=lambda e: e.at)
        _unique_places("export", [e.at for e in columns])
        return columns


def _unique_places(what: str, places: list[int]) -> None:
    dups = sorted({p for p in places if places.count(p) > 1})
    if dups:
        raise ValueError(f"two {what} entries at the same place: {dups}")
