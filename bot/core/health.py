"""The health of an outside dependency (the database, Redis), as every caller of it sees it.

Each call on the request path is bounded by a timeout. When one fails (unreachable, timed out), the
dependency is marked *down*: calls fail at once with :class:`Unavailable` instead of each waiting
out its own timeout, so a message still gets its (busy) reply well inside WeChat's 5 s. The app
probes a dependency that is down in the background (bot.wechat.app, every ``PROBE_SECONDS``) and
marks it up again as soon as it answers, so no message waits on a probe and the bot recovers by
itself. Without such a prober, one call every ``cooldown`` seconds goes through as the probe.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

PROBE_SECONDS = 0.5             # how often the app probes a dependency that is down


class Unavailable(Exception):
    """A dependency cannot be used right now (down, or a call failed or timed out)."""

    def __init__(self, name: str, reason: str = ""):
        super().__init__(f"{name} unavailable" + (f": {reason}" if reason else ""))
        self.name = name
        self.reason = reason


@dataclass
class Dependency:
    name: str
    timeout: float = 1.0        # seconds one call may take
    cooldown: float = 5.0       # seconds calls fail fast after a failure before one may probe
    required: bool = True       # readiness fails while a required dependency is down
    clock: Callable[[], float] = time.monotonic
    up: bool = True
    last_error: str = ""
    _retry_at: float = 0.0
    _failed_at: float = float("-inf")
    failures: int = 0           # since start, for /healthz
    on_failure: Callable[[str], None] | None = None    # e.g. a metrics counter

    def check(self) -> None:
        """Raise Unavailable at once while down, except for one probe per cooldown."""
        if self.up:
            return
        now = self.clock()
        if now < self._retry_at:
            raise Unavailable(self.name, self.last_error)
        self._retry_at = now + self.cooldown      # this call is the probe; the others wait for its result

    def succeeded(self) -> None:
        if not self.up:
            self.up = True
            self.last_error = ""

    def failed(self, error: BaseException | str) -> Unavailable:
        """Mark down; returns the Unavailable for the caller to raise."""
        reason = error if isinstance(error, str) else (type(error).__name__ + (f": {error}" if str(error) else ""))
        reason = reason[:200]
        self.up = False
        self.last_error = reason
        self._failed_at = self.clock()
        self._retry_at = self._failed_at + self.cooldown
        self.failures += 1
        if self.on_failure is not None:
            self.on_failure(self.name)
        return Unavailable(self.name, reason)

    def failed_within(self, seconds: float) -> bool:
        """Down now, or a call failed in the last ``seconds`` (it may be just coming back)."""
        return not self.up or self.clock() - self._failed_at < seconds

    def status(self) -> dict:
        return {"status": "ok" if self.up else "down", "required": self.required,
                **({"error": self.last_error} if self.last_error else {})}
