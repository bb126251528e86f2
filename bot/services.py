"""Building what handlers use: knowledge (Q&A, catalogue, quiz bank) and storage."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Callable

from bot.core import stages
from bot.core.config import Settings
from bot.core.idcrypt import check_config
from bot.core.logs import log_event
from bot.core.session import Services
from bot.storage import Database
from bot.storage.db import POOL_SIZE
from bot.storage.quiz import QuizRepository
from bot.storage.signups import SignupRepository
from bot.storage.unanswered import UnansweredLog
from handlers.base import Handler
from handlers.qa import QAHandler
from handlers.quiz import QuizHandler
from handlers.signup import SignupHandler
from knowledge.check import load_all, prepare
from knowledge.errors import KBError

log = logging.getLogger(__name__)


def load_knowledge(settings: Settings) -> dict:
    """Load all YAML data, validated exactly as `kb check` validates it; raises KBError listing
    every problem. Returns {"catalogue", "kb", "quiz_bank"}."""
    return load_all(settings)


def repositories(db: Database) -> dict[str, Any]:
    """The storage fields of Services for one database: the repositories handlers are given."""
    return {"db": db, "signups": SignupRepository(db), "quiz": QuizRepository(db), "unanswered": UnansweredLog(db)}


async def build_services(settings: Settings, clock: Callable[[], datetime] | None = None, *,
                         knowledge: dict | None = None, migrate: bool = True) -> Services:
    """Knowledge and storage for one process. A pre-fork supervisor passes the ``knowledge`` it
    loaded and validated once, and migrates the database itself (``migrate=False`` here)."""
    check_config(settings)        # ID collection on without ID_NUMBER_KEY: refuse to start, say how to fix
    knowledge = knowledge if knowledge is not None else load_knowledge(settings)
    stages.enable(bool(settings.get("server", "stage_timings", False)))   # before the database: it times statements
    db = Database(settings.database_url, timeout=float(settings.get("storage", "database_timeout_seconds", 1.5)),
                  pool_size=int(settings.get("storage", "database_pool_size", POOL_SIZE)))
    if migrate:
        await db.migrate()
    return Services(settings=settings, clock=clock or (lambda: datetime.now(timezone.utc)),
                    **repositories(db), **knowledge)


async def migrate_database(settings: Settings) -> int:
    """Bring the database schema to the newest version (`python -m bot migrate`); returns it."""
    db = Database(settings.database_url)
    try:
        return await db.migrate()
    finally:
        await db.close()


def reload_knowledge(services: Services, problems: list[str] | None = None, *, everywhere: bool = True) -> bool:
    """SIGHUP / console reload: swap in the new data only if all of it is valid (the old data keeps
    serving otherwise). The validator's problems are appended to ``problems`` when given.
    ``everywhere``: the other worker processes reload too (a SIGHUP already reaches each of them)."""
    try:
        knowledge = load_knowledge(services.settings)
    except KBError as e:
        log_event(log, "kb-reload-failed", logging.ERROR, problems=e.problems[:50], count=len(e.problems))
        if problems is not None:
            problems.extend(e.problems)
        return False
    prepare(knowledge)
    for name, value in knowledge.items():
        setattr(services, name, value)
    log_event(log, "kb-reloaded", entries=len(knowledge["kb"].entry_ids))
    if everywhere and services.reload_peers is not None:
        services.reload_peers()
    return True


def default_handlers() -> list[Handler]:
    return [QAHandler(), SignupHandler(), QuizHandler()]
