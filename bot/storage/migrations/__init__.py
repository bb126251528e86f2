"""Schema migrations: an ordered list of steps, each bringing a database one version forward.

A database records its version in the one-row table ``schema_version`` (0 or missing: empty).
``migrate`` runs, in order, every step after that version, each in its own transaction together
with the new version number, so a failing step leaves the database at the version before it.
A database newer than the code is refused (``SchemaTooNew``), never touched. Several processes
may migrate at once: each step is taken under a lock (PostgreSQL advisory lock, SQLite
``BEGIN IMMEDIATE``) and the version is read again under it.

Version 1 is the first release's schema, frozen in ``v1.py``; every later change is a step.

How to add a step (for a change to a model in bot/storage):
1. Change the model. (A new sign-up field changes it through its slot row: a ``Column`` declared
   in bot/forms/signup/slots.py is added to the ``signups`` model.)
2. Write ``bot/storage/migrations/vN.py`` (N = len(STEPS) + 1) with ``def step(conn: Connection)
   -> None`` that changes the database the same way, with the helpers of ``ops.py``, e.g.
   ``ops.add_column(conn, "signups", Column("nickname", String(50), nullable=True))`` or
   ``ops.add_index(conn, "ix_signups_nickname", "signups", "nickname")``; anything else with
   ``conn.execute(text(...))``. Spell tables and columns out in the step: never import the models
   (they keep changing; a step must do tomorrow what it does today).
3. Import it below and append ``vN.step`` to ``STEPS``. Never edit or reorder a released step.
4. Run the tests: ``tests/test_migrations.py`` fails while the migrated schema differs from the
   models, and upgrades a database built by the first release to the new version.
"""
from __future__ import annotations

from typing import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.migrations import v1, v2

Step = Callable[[Connection], None]

# STEPS[i] brings a database from version i to version i + 1.
STEPS: list[Step] = [
    v1.step,
    v2.step,
]

_PG_LOCK = 4242001        # advisory lock key: one migrator at a time (the previous release's too)


class SchemaTooNew(RuntimeError):
    def __init__(self, found: int, known: int):
        super().__init__(f"database schema is version {found}, newer than this code knows ({known}): "
                         f"run the release that wrote it, or restore a backup")
        self.found, self.known = found, known


async def migrate(engine: AsyncEngine, steps: Sequence[Step] = STEPS) -> int:
    """Bring the schema to version ``len(steps)``; returns it. Raises SchemaTooNew."""
    async with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # The sqlite3 driver opens a transaction only before INSERT/UPDATE/DELETE, so DDL would
            # commit statement by statement; open each transaction ourselves instead (_lock_and_read).
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        while True:
            async with conn.begin():
                version = await _lock_and_read(conn)
                if version > len(steps):
                    raise SchemaTooNew(version, len(steps))
                if version == len(steps):
                    return version
                await conn.run_sync(steps[version])
                await conn.execute(text("UPDATE schema_version SET version = :v"), {"v": version + 1})


async def _lock_and_read(conn: AsyncConnection) -> int:
    """Takes the migration lock for this transaction and returns the database's version."""
    if conn.dialect.name == "sqlite":
        await conn.exec_driver_sql("BEGIN IMMEDIATE")      # the write lock, held until commit/rollback
    elif conn.dialect.name == "postgresql":
        await conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK})"))
    await conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
    row = (await conn.execute(text("SELECT version FROM schema_version"))).first()
    if row is None:
        await conn.execute(text("INSERT INTO schema_version (version) VALUES (0)"))
        return 0
    return row[0]
