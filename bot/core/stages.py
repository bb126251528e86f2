"""Where one message's time goes, stage by stage (opt-in: ``server.stage_timings: true``).

A wall-clock latency under load mixes the message's own work with everything it waited for. This
splits it into parts each attributable to one cause, written on the message's log line
(``stages``, milliseconds; benchmarks/stages.py sums them over a run):

- ``redis`` / ``redis_n``: time awaiting Redis calls and how many (bot.storage.redisconn);
- ``pg`` / ``pg_n``: time in database statements (sent until the rows are back) and how many;
- ``pool``: time waiting for a pooled database connection (bot.storage.db);
- ``gc``: the garbage collector's pauses while the message was being made (any task's: a pause
  stops the whole loop), and ``gc2`` the part of them that was full collections;
- ``lag``: the event loop's lateness last measured by admission's probe when the message arrived
  (how long any ready callback then waited for its turn);
- the message's phases, set by the webhook: ``decode``, ``claim`` (the retry cache, up to the
  handler's start) and ``handler`` (the router and handlers, including the Redis and database time
  above), so ``handler - redis - pg - pool`` is the handler's CPU plus its waits for the loop.

A message's record lives in a context variable, so the tasks it starts (the retry cache runs the
handler in one) add to the same record; anything outside a message adds to nothing. Off, nothing is
recorded and each hook costs one context-variable lookup.
"""
from __future__ import annotations

import gc
import time
from contextvars import ContextVar

_current: ContextVar["Record | None"] = ContextVar("fenjin_stages", default=None)
# Seconds the collector has paused this process (all collections, and the full ones: generation 2);
# when the pause under way started.
_gc = {"total": 0.0, "full": 0.0, "started": 0.0}
_enabled = False


class Record:
    """One message's stage times (seconds) and round-trip counts."""

    __slots__ = ("times", "counts", "_gc0", "_full0")

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._gc0 = _gc["total"]
        self._full0 = _gc["full"]

    def add(self, stage: str, seconds: float, count: bool = False) -> None:
        self.times[stage] = self.times.get(stage, 0.0) + seconds
        if count:
            self.counts[stage] = self.counts.get(stage, 0) + 1

    def as_ms(self) -> dict[str, float | int]:
        """The stages in milliseconds (rounded to 0.01), the counts as ``<stage>_n``, and ``gc`` (of
        which ``gc2``: full collections)."""
        out: dict[str, float | int] = {k: round(v * 1000, 2) for k, v in self.times.items()}
        out.update({f"{k}_n": n for k, n in self.counts.items()})
        out["gc"] = round((_gc["total"] - self._gc0) * 1000, 2)
        out["gc2"] = round((_gc["full"] - self._full0) * 1000, 2)
        return out


def enable(on: bool = True) -> None:
    """Record stages from now on (the app calls it when ``server.stage_timings`` is set)."""
    global _enabled
    _enabled = on
    if on and _gc_callback not in gc.callbacks:
        gc.callbacks.append(_gc_callback)
    elif not on and _gc_callback in gc.callbacks:
        gc.callbacks.remove(_gc_callback)


def enabled() -> bool:
    return _enabled


def begin() -> Record | None:
    """A fresh record for the message being handled in this context (None while off)."""
    if not _enabled:
        return None
    record = Record()
    _current.set(record)
    return record


def current() -> Record | None:
    return _current.get()


def add(stage: str, seconds: float, count: bool = False) -> None:
    """Add to the current message's record, if any."""
    record = _current.get()
    if record is not None:
        record.add(stage, seconds, count)


def _gc_callback(phase: str, info: dict) -> None:
    if phase == "start":
        _gc["started"] = time.perf_counter()
    else:
        pause = time.perf_counter() - _gc["started"]
        _gc["total"] += pause
        if info.get("generation") == 2:
            _gc["full"] += pause
