"""Schema migrations on SQLite and PostgreSQL.

* v1 is what the first release really built (tests/data/migrations/v1_*.sql, recorded from
  release 2c472f2 by make_v1.py);
* migrating an empty database gives exactly the schema the models declare (a model change
  without a migration step fails here);
* a database built by the first release, with data in it, upgrades with its data intact, and
  the current code works on it;
* a step is one transaction, a newer database is refused, concurrent migrators are safe.
"""
from __future__ import annotations

import asyncio
import importlib
import json
import pkgutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Index, MetaData, String, insert, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

import bot.storage
from bot.cli import main as cli_main
from bot.core.clock import as_utc
from bot.storage import Base, Database
from bot.storage.migrations import STEPS, SchemaTooNew, migrate, ops, v1
from bot.storage.quiz import QuizRepository
from bot.storage.signups import (
    AlreadySignedUp,
    EventInfo,
    NewSignup,
    SignupRepository,
    person_key,
    quota_keys,
)
from bot.storage.unanswered import UnansweredLog
from tests.conftest import drop_all_tables

FIXTURES = Path(__file__).parent / "data" / "migrations"
NOW = datetime(2027, 3, 5, 2, 30, tzinfo=timezone.utc)

# Every module of bot.storage, so Base.metadata holds every table the code declares.
for _module in pkgutil.iter_modules(bot.storage.__path__, "bot.storage."):
    importlib.import_module(_module.name)


@pytest.fixture
async def empty_db(db_url):
    """Makes an empty database per call, SQLite and PostgreSQL. PostgreSQL: the session's
    database, emptied (so one database at a time there: a call empties what the last one built)."""
    pg_url = db_url if db_url.startswith("postgresql") else None
    opened: list[Database] = []

    async def make() -> Database:
        db = Database(pg_url or db_url.replace("bot.db", f"db{len(opened)}.db"))
        if pg_url:
            await drop_all_tables(db.engine)
        opened.append(db)
        return db

    yield make
    for db in opened:
        if pg_url and db is opened[-1]:
            await drop_all_tables(db.engine)
        await db.close()


# ------------------------------------------------------------------------------------ helpers

async def build_v1(db: Database) -> None:
    """The database as the first release left it: its own statements, replayed in order."""
    lines = (FIXTURES / f"v1_{db.dialect}.sql").read_text(encoding="utf-8").splitlines()
    sql = "\n".join(line for line in lines if not line.startswith("--"))
    statements = [s.strip() for s in sql.split(";\n") if s.strip()]
    async with db.engine.begin() as conn:
        for statement in statements:
            await conn.exec_driver_sql(statement)


async def version(db: Database) -> int:
    async with db.engine.connect() as conn:
        return (await conn.execute(text("SELECT version FROM schema_version"))).scalar_one()


def _schema(conn: Connection) -> dict:
    """The schema as the database reports it: what the models and migrations must agree on.
    Column order is left out (a column added later comes last)."""
    insp = inspect(conn)
    out = {}
    for table in insp.get_table_names():
        out[table] = {
            "columns": {c["name"]: (str(c["type"].compile(conn.dialect)), c["nullable"], c["default"])
                        for c in insp.get_columns(table)},
            "primary_key": insp.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted((fk["name"], fk["constrained_columns"], fk["referred_table"],
                                    fk["referred_columns"], sorted(fk["options"].items()))
                                   for fk in insp.get_foreign_keys(table)),
            "unique": sorted((u["name"], u["column_names"]) for u in insp.get_unique_constraints(table)),
            "indexes": sorted((i["name"], i["column_names"], bool(i["unique"]),
                               {k: str(v) for k, v in i.get("dialect_options", {}).items() if k.endswith("_where")})
                              for i in insp.get_indexes(table)),
            "checks": sorted((c["name"], c["sqltext"]) for c in insp.get_check_constraints(table)),
        }
    return out


def _exact(conn: Connection) -> list:
    """The schema down to the DDL text and column order (for v1, which must match to the letter)."""
    if conn.dialect.name == "sqlite":
        return conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all()
    return [*conn.exec_driver_sql(
        "SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length, "
        "is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' "
        "ORDER BY 1, 2").all(),
        *conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1").all(),
        *conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2").all(),
        *conn.exec_driver_sql(
            "SELECT sequencename, data_type::text FROM pg_sequences WHERE schemaname = 'public' "
            "ORDER BY 1").all()]


async def schema(db: Database, exact: bool = False, without: tuple[str, ...] = ()) -> dict | list:
    async with db.engine.connect() as conn:
        result = await conn.run_sync(_exact if exact else _schema)
    if isinstance(result, dict):
        for table in without:
            result.pop(table, None)
    return result


async def create_tables(db: Database, metadata: MetaData) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)


# ------------------------------------------------------------------------ data of a v1 database

EVENTS = [
    {"code": "writing", "category": "language", "name": "汉语演讲", "deadline": date(2027, 3, 31),
     "capacity": None, "taken": 2},
    {"code": "basketball", "category": "sports", "name": "篮球", "deadline": date(2027, 4, 15),
     "capacity": 12, "taken": 1},
]


def _signup(n: int, openid: str, event: dict, name: str, *, for_other=False, status="active", **kw) -> dict:
    row = {
        "idem_key": f"draft-{n}", "openid": openid, "for_other": for_other,
        "person_key": person_key(openid, for_other=for_other, name=name, birth_year=kw.get("birth_year"),
                                 age=kw.get("age", 30), township="孜托镇", village="达龙村"),
        "status": status, "category": event["category"], "category_name": "语言文字类",
        "event_code": event["code"], "event_name": event["name"], "name": name, "sex": "男", "age": 30,
        "birth_year": None, "birth_date": None, "phone": "13800001234", "township": "孜托镇",
        "village": "达龙村", "school": None, "farmer": True, "team_name": None, "team_members": None,
        "guardian_name": None, "guardian_phone": None, "id_cipher": None, "id_hash": None,
        "id_masked": None, "consent_at": NOW, "guardian_consent_at": None, "id_consent_at": None,
        "created_at": NOW + timedelta(minutes=n), "cancelled_at": None,
    }
    row.update(kw)
    return row


SIGNUPS = [
    _signup(1, "o-zhaxi", EVENTS[0], "扎西", id_cipher="v1:token", id_hash="a" * 64,
            id_masked="540124********1234", id_consent_at=NOW),
    _signup(2, "o-zhaxi", EVENTS[1], "扎西", id_cipher="v1:token", id_hash="a" * 64,
            id_masked="540124********1234", id_consent_at=NOW, team_name="达龙村队",
            team_members=json.dumps(["扎西", "次仁", "格桑"], ensure_ascii=False)),
    _signup(3, "o-zhaxi", EVENTS[0], "卓玛", for_other=True, sex="女", age=12, birth_year=2014,
            birth_date=date(2014, 6, 1), school="洛隆县中学", guardian_name="扎西",
            guardian_phone="13800001234", guardian_consent_at=NOW, farmer=None),
    _signup(4, "o-ciren", EVENTS[1], "次仁", status="cancelled", cancelled_at=NOW + timedelta(hours=1)),
]


def _quotas() -> list[dict]:
    held: dict[str, int] = {}
    for row in SIGNUPS:
        if row["status"] == "active":
            for key in quota_keys(row["person_key"], row["id_hash"]):
                held[key] = held.get(key, 0) + 1
    return [{"person": k, "taken": n} for k, n in sorted(held.items())]


DRAFT = {"openid": "o-gesang", "draft_id": "draft-9",
         "data": json.dumps({"event": "writing", "name": "格桑", "step": "phone"}, ensure_ascii=False),
         "updated_at": NOW}
ANSWERS = [
    {"openid": "o-zhaxi", "qid": "q01", "mode": "round", "correct": True, "points": 10, "given": "B",
     "answered_at": NOW},
    {"openid": "o-zhaxi", "qid": "q02", "mode": "round", "correct": False, "points": 0, "given": "对",
     "answered_at": NOW + timedelta(seconds=20)},
]
PROGRESS = [
    {"openid": "o-zhaxi", "qid": "q01", "cycle": 1, "seen_at": NOW, "attempts": 1, "wrong": 0,
     "last_correct": True, "in_review": False, "review_streak": 0, "due_at": None},
    {"openid": "o-zhaxi", "qid": "q02", "cycle": 1, "seen_at": NOW, "attempts": 1, "wrong": 1,
     "last_correct": False, "in_review": True, "review_streak": 0, "due_at": NOW + timedelta(days=1)},
]
ROUNDS = [{"openid": "o-zhaxi", "mode": "round", "size": 2, "correct": 1, "points": 10, "started_at": NOW,
           "finished_at": NOW + timedelta(minutes=1), "day": date(2027, 3, 5)}]
UNANSWERED = [
    {"created_at": datetime(2027, 3, 5, 2, 0), "user": "u-3f2a", "question": "低保怎么申请", "outcome": "fallback",
     "candidates": "", "top_score": 0.31, "picked": None, "key": "k" * 32},
    {"created_at": datetime(2027, 3, 5, 2, 5), "user": "u-77c1", "question": "比赛什么时候报名",
     "outcome": "suggest", "candidates": "f44,f02", "top_score": 0.62, "picked": "f44", "key": "m" * 32},
]


async def insert_v1_data(db: Database) -> None:
    """Rows as the first release wrote them, through the frozen v1 tables (same types, same storage)."""
    async with db.engine.begin() as conn:
        for table, rows in [(v1.signup_events, EVENTS), (v1.signups, SIGNUPS),
                            (v1.signup_person_quota, _quotas()), (v1.signup_drafts, [DRAFT]),
                            (v1.quiz_answers, ANSWERS), (v1.quiz_progress, PROGRESS),
                            (v1.quiz_rounds, ROUNDS), (v1.unanswered, UNANSWERED)]:
            await conn.execute(insert(table), rows)


async def v1_rows(db: Database) -> dict[str, list]:
    """Every v1 column of every v1 table, in key order."""
    out = {}
    async with db.engine.connect() as conn:
        for table in v1.metadata.sorted_tables:
            rows = await conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(r) for r in rows]
    return out


async def v1_database_with_data(make) -> tuple[Database, dict]:
    db = await make()
    await build_v1(db)
    await insert_v1_data(db)
    assert await version(db) == 1
    return db, await v1_rows(db)


# --------------------------------------------------------------------------------------- tests

async def test_v1_snapshot_is_exactly_what_the_first_release_built(empty_db):
    first_release = await empty_db()
    await build_v1(first_release)
    built_by_release = await schema(first_release, exact=True)
    ours = await empty_db()
    assert await migrate(ours.engine, STEPS[:1]) == 1
    assert await schema(ours, exact=True) == built_by_release
    assert built_by_release           # not two empty lists


async def test_migrated_schema_is_what_the_models_declare(empty_db):
    """The drift guard: change a model without a migration step and this fails."""
    declared = await empty_db()
    await create_tables(declared, Base.metadata)
    expected = await schema(declared)
    migrated = await empty_db()
    assert await migrated.migrate() == len(STEPS)
    assert await version(migrated) == len(STEPS)
    assert await schema(migrated, without=("schema_version",)) == expected
    assert set(expected) == set(Base.metadata.tables)


async def test_a_first_release_database_with_data_upgrades_intact(empty_db):
    db, before = await v1_database_with_data(empty_db)
    assert await db.migrate() == len(STEPS)
    assert await version(db) == len(STEPS)
    assert await v1_rows(db) == before
    assert await db.migrate() == len(STEPS)         # a second start changes nothing
    assert await v1_rows(db) == before

    # The current code reads the old rows ...
    signups, quiz, unanswered = SignupRepository(db), QuizRepository(db), UnansweredLog(db)
    mine = await signups.list_for_user("o-zhaxi")
    assert [(s.number, s.name, s.event_code) for s in mine] == [
        ("BM000001", "扎西", "writing"), ("BM000002", "扎西", "basketball"), ("BM000003", "卓玛", "writing")]
    assert mine[1].members == ["扎西", "次仁", "格桑"]
    assert as_utc(mine[0].created_at) == NOW + timedelta(minutes=1)
    assert [s.status for s in await signups.list_for_user("o-ciren", include_cancelled=True)] == ["cancelled"]
    assert await signups.check_counters() == []
    assert await signups.load_draft("o-gesang") == ({"event": "writing", "name": "格桑", "step": "phone"}, NOW)
    assert await quiz.total_points("o-zhaxi") == 10
    review = (await quiz.progress("o-zhaxi"))["q02"]
    assert (review.in_review, review.wrong, review.due_at) == (True, 1, NOW + timedelta(days=1))
    assert [(q.question, q.picked) for q in await unanswered.fetch()] == [
        ("低保怎么申请", None), ("比赛什么时候报名", "f44")]

    # ... and writes beside them: keys continue after the old ones, the rules still hold.
    ev = EventInfo("basketball", "篮球", "sports", "体育类", date(2027, 4, 15), 12)

    def new(openid: str, key: str) -> NewSignup:
        return NewSignup(idem_key=key, openid=openid, for_other=False, event=ev, name="次仁", sex="男",
                         age=40, township="孜托镇", village="达龙村", consent_at=NOW)

    row, created = await signups.confirm(new("o-ciren", "draft-10"), today=date(2027, 3, 6), max_events=3, now=NOW)
    assert created and row.id == 5
    with pytest.raises(AlreadySignedUp):
        await signups.confirm(new("o-zhaxi", "draft-11"), today=date(2027, 3, 6), max_events=3, now=NOW)
    assert await signups.check_counters() == []
    unanswered.record(when=NOW, openid="o-new", question="虫草价格", outcome="fallback")
    assert [q.id for q in await unanswered.fetch()] == [1, 2, 3]


async def test_the_partial_unique_indexes_survive_the_upgrade(empty_db):
    db, _ = await v1_database_with_data(empty_db)
    await db.migrate()
    duplicate = {**SIGNUPS[0], "idem_key": "draft-12", "person_key": "o:someone-else"}
    with pytest.raises(IntegrityError):               # same ID number, same event, both active
        async with db.engine.begin() as conn:
            await conn.execute(insert(v1.signups), duplicate)
    async with db.engine.begin() as conn:             # a cancelled one does not count
        await conn.execute(insert(v1.signups), {**duplicate, "status": "cancelled"})


async def test_a_step_adding_a_column_upgrades_a_first_release_database(empty_db):
    """What the next schema change will look like: a model gains a column, a step adds it."""
    calls = []

    def add_nickname(conn: Connection) -> None:
        calls.append(1)
        ops.add_column(conn, "signups", Column("nickname", String(50), nullable=False, server_default=""))
        ops.add_index(conn, "uq_signups_nickname", "signups", "event_code", "nickname", unique=True,
                      where="status = 'active' AND nickname != ''")

    # The models as they would be declared with the column.
    declared = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(declared)
    signups = declared.tables["signups"]
    signups.append_column(Column("nickname", String(50), nullable=False, server_default=""))
    where = text("status = 'active' AND nickname != ''")
    Index("uq_signups_nickname", signups.c.event_code, signups.c.nickname, unique=True,
          sqlite_where=where, postgresql_where=where)
    expected = await empty_db()
    await create_tables(expected, declared)
    declared_schema = await schema(expected)

    db, before = await v1_database_with_data(empty_db)
    await db.migrate()
    # Without the step the drift guard sees the difference ...
    assert await schema(db, without=("schema_version",)) != declared_schema
    steps = [*STEPS, add_nickname]
    assert await migrate(db.engine, steps) == len(steps)
    # ... with it, the upgraded database is what the models declare, and the data is intact.
    assert await schema(db, without=("schema_version",)) == declared_schema
    assert await version(db) == len(steps)
    assert await v1_rows(db) == before
    async with db.engine.connect() as conn:
        nicknames = (await conn.execute(text("SELECT nickname FROM signups ORDER BY id"))).scalars().all()
    assert nicknames == ["", "", "", ""]
    assert await migrate(db.engine, steps) == len(steps) and calls == [1]     # applied once only
    # The code of the version before refuses it: it is newer than that code.
    with pytest.raises(SchemaTooNew):
        await db.migrate()


async def test_a_failing_step_leaves_the_database_at_the_version_before(empty_db):
    db, before = await v1_database_with_data(empty_db)
    await db.migrate()

    def half_done(conn: Connection) -> None:
        ops.add_column(conn, "signups", Column("nickname", String(50)))
        conn.execute(text("CREATE TABLE leftover (id INTEGER)"))
        conn.execute(text("UPDATE signups SET name = 'changed'"))
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError, match="step failed"):
        await migrate(db.engine, [*STEPS, half_done])
    assert await version(db) == len(STEPS)
    assert await v1_rows(db) == before
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        columns = await conn.run_sync(lambda c: [col["name"] for col in inspect(c).get_columns("signups")])
    assert "leftover" not in tables and "nickname" not in columns


async def test_a_database_newer_than_the_code_is_refused_in_one_line(empty_db, monkeypatch, capsys):
    db = await empty_db()
    await db.migrate()
    async with db.engine.begin() as conn:
        await conn.execute(text("UPDATE schema_version SET version = :v"), {"v": len(STEPS) + 1})
    with pytest.raises(SchemaTooNew) as refused:
        await db.migrate()
    assert str(refused.value).startswith(f"database schema is version {len(STEPS) + 1}, newer than")
    assert await version(db) == len(STEPS) + 1

    # What an operator sees: one line on stderr, exit status 1. (The CLI runs its own event loop.)
    monkeypatch.setenv("DATABASE_URL", db.url.replace("+aiosqlite", "").replace("+asyncpg", ""))
    assert await asyncio.to_thread(cli_main, ["unanswered"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: database schema is version"), err


async def test_concurrent_first_starts_migrate_once(empty_db):
    """Several workers starting together on an empty database: each step runs once."""
    calls = []

    def counted(conn: Connection) -> None:
        calls.append(1)
        v1.step(conn)

    first = await empty_db()
    others = [Database(first.url) for _ in range(3)]
    try:
        versions = await asyncio.gather(*(migrate(db.engine, [counted]) for db in [first, *others]))
    finally:
        for db in others:
            await db.close()
    assert versions == [1, 1, 1, 1] and calls == [1]
    async with first.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM schema_version"))).scalar_one() == 1
