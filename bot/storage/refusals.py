"""Why storage refuses a confirmed sign-up. The one module of bot.storage the conversation imports
(for these types only; it reaches storage through ``ctx.services``): see the import-linter
contracts in pyproject.toml."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.storage.signups import Signup


class SignupRefused(Exception):
    """The database refused the sign-up; nothing was stored. ``reason`` is a short label for logs and tests."""

    reason = "refused"


class AlreadySignedUp(SignupRefused):
    """This person already has an active sign-up for the event (``existing``, when it can be found)."""

    reason = "duplicate"

    def __init__(self, existing: Signup | None):
        super().__init__("already signed up")
        self.existing = existing


class EventFull(SignupRefused):
    reason = "full"


class DeadlinePassed(SignupRefused):
    reason = "closed"


class TooManyEvents(SignupRefused):
    reason = "limit"

    def __init__(self, limit: int):
        super().__init__(f"at most {limit} events per person")
        self.limit = limit
