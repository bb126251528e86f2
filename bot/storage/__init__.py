"""Relational storage (SQLAlchemy async). SQLite by default, PostgreSQL by URL."""
from bot.storage.db import Base, Database, async_url

__all__ = ["Base", "Database", "async_url"]
