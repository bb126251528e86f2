"""Building blocks for migration steps, compiled for the database at hand.

They produce the same DDL as ``create_all`` would for the same declaration, so a step written
with them and the model it follows compare equal in the drift test. For anything else a step
runs SQL itself (``conn.execute(text(...))``), branching on ``conn.dialect.name`` if need be.
"""
from __future__ import annotations

from sqlalchemy import Column, Index, MetaData, Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateColumn


def add_column(conn: Connection, table: str, column: Column) -> None:
    """``ALTER TABLE table ADD COLUMN``, the column spelled as ``create_all`` spells it.

    SQLite adds a NOT NULL column only with a server default; constraints other than NOT NULL
    and DEFAULT need a table rebuild there.
    """
    Table(table, MetaData(), column)          # compiling a column needs it on a table
    spec = CreateColumn(column).compile(dialect=conn.dialect)
    name = conn.dialect.identifier_preparer.quote(table)
    conn.exec_driver_sql(f"ALTER TABLE {name} ADD COLUMN {spec}")     # as is: a default may hold ':'


def add_index(conn: Connection, name: str, table: str, *columns: str, unique: bool = False,
              where: str | None = None) -> None:
    """``CREATE [UNIQUE] INDEX`` on existing columns; ``where`` (SQL, e.g. ``"status = 'active'"``)
    makes it partial, on SQLite and PostgreSQL alike."""
    t = Table(table, MetaData(), *(Column(c) for c in columns))
    condition = text(where) if where is not None else None
    Index(name, *(t.c[c] for c in columns), unique=unique,
          sqlite_where=condition, postgresql_where=condition).create(conn)
