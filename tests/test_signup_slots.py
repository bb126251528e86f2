"""The sign-up slot table (bot/forms/signup/slots.py) and what is derived from it: every column it
names is on the storage model, every export column is written, and a broken table is refused."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.forms.signup.slots import EXPORT_COLUMNS, SIGNUP
from bot.forms.spec import Accept, Column, ExportColumn, Shown, Slot, SlotTable
from bot.storage.export import HEADERS, export_signups
from bot.storage.signups import EventInfo, NewSignup, Signup, SignupFilter, SignupRepository, declare_columns

NOW = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)


async def _any(a, text):
    return Accept(text)


def slot(name: str, **kw) -> Slot:
    return Slot(name, name, lambda a: name, _any, **kw)


def test_every_column_a_slot_names_is_on_the_model():
    table = Signup.__table__
    for s in SIGNUP:
        for name in s.column_names:
            assert name in table.c, f"slot {s.name}: no column {name!r} on {table.name}"
    for column in EXPORT_COLUMNS:
        for name in column.reads:
            assert name in table.c, f"export column {column.header}: no column {name!r}"


def test_the_export_writes_every_column_of_the_table_in_place_order():
    assert HEADERS == [c.header for c in EXPORT_COLUMNS]
    assert [c.at for c in EXPORT_COLUMNS] == sorted(c.at for c in EXPORT_COLUMNS)
    assert {e.header for s in SIGNUP for e in s.export} <= set(HEADERS)


async def test_a_full_record_fills_the_columns_and_each_export_header_gets_its_value(database, tmp_path):
    """A sign-up with every optional field answered: each export column has something in it."""
    record = NewSignup(
        idem_key="k", openid="o1", for_other=True,
        event=EventInfo("basketball", "村BA篮球赛", "sports", "体育类", date(2027, 3, 31), None),
        consent_at=NOW, farmer=True, age=13, birth_year=2014, guardian_consent_at=NOW, guardian_name="卓玛",
        guardian_phone="13800138000", name="次仁", sex="男", phone="13900139000", township="孜托镇",
        village="卡达村", school="洛隆县完全小学", team_name="卡达村队", team_members=["格桑", "多吉"],
        id_consent_at=NOW, id_cipher="x", id_hash="h" * 64, id_masked="540124********1234",
        birth_date=date(2014, 1, 1))
    samples = {"text": "某", "int": 1, "bool": True, "date": date(2027, 1, 1), "time": NOW}
    for column in SIGNUP.declared_columns:               # fields added after schema v1
        record.columns[column.name] = samples[column.kind]
    assert set(record.columns) <= set(Signup.__table__.c.keys())
    signups = SignupRepository(database)
    row, _ = await signups.confirm(record, today=date(2027, 3, 1), max_events=3, now=NOW)
    await signups.cancel(None, row.id, now=NOW, reason="干部：重复")          # the cancellation columns too
    out = tmp_path / "all.csv"
    assert await export_signups(database, "csv", out, where=SignupFilter(status="all")) == 1
    header, row = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert header == HEADERS
    cells = dict(zip(header, row))
    assert [h for h, v in cells.items() if not v] == []
    assert (cells["队伍人数"], cells["队员"], cells["农牧民"], cells["报名方式"], cells["状态"]) == (
        "3", "格桑、多吉", "是", "代报", "已取消")


def test_order_dependents_and_edit_words_are_read_off_the_rows():
    assert SIGNUP.order[:3] == ["for_other", "category", "event"]
    assert SIGNUP.dependents["township"] == ["village"]
    assert SIGNUP.dependents["age"] == ["guardian_consent", "guardian_name", "guardian_phone", "id_number"]
    assert set(SIGNUP.dependents["for_other"]) == set(SIGNUP.order) - {"for_other", "category", "event"}
    assert SIGNUP.edit_words["手机号"] == "phone" and SIGNUP.edit_words["监护人电话"] == "guardian_phone"
    assert SIGNUP.label("id_number") == "身份证号"


def test_a_broken_table_is_refused_when_it_is_built():
    with pytest.raises(ValueError, match="unique"):
        SlotTable([slot("a"), slot("a")])
    with pytest.raises(ValueError, match="not asked before"):
        SlotTable([slot("a", depends_on=("b",)), slot("b")])
    with pytest.raises(ValueError, match="names two slots"):
        SlotTable([slot("a", edit=("x",)), slot("b", edit=("x",))])
    with pytest.raises(ValueError, match="same place"):
        SlotTable([slot("a", shown=(Shown(1, str),)), slot("b", shown=(Shown(1, str),))])
    with pytest.raises(ValueError, match="same place"):
        SlotTable([slot("a", export=(ExportColumn("A", 5, 1, ("a",)),)),
                   slot("b", export=(ExportColumn("B", 5, 1, ("b",)),))])
    with pytest.raises(ValueError, match="kind"):
        Column("x", "float")
    with pytest.raises(TypeError, match="record function"):
        slot("a", columns=("x", "y")).record_of(None, 1)


def test_a_column_a_slot_declares_is_added_to_the_model_nullable():
    class Base(DeclarativeBase):
        pass

    class Thing(Base):
        __tablename__ = "things"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String(10))

    declare_columns(Thing, [Column("ethnicity", "text", 20), Column("height", "int")])
    table = Thing.__table__
    assert isinstance(table.c.ethnicity.type, String) and table.c.ethnicity.type.length == 20
    assert table.c.ethnicity.nullable and isinstance(table.c.height.type, Integer)
    assert Thing(ethnicity="藏族").ethnicity == "藏族"                       # mapped, not only in the table
    with pytest.raises(ValueError, match="already a column"):
        declare_columns(Thing, [Column("name")])
