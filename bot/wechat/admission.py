"""Admission control: while a worker is overloaded, a new message is answered at once with the busy
reply instead of joining the queue.

Past its capacity a worker's queue grows without bound: every message waits behind all the others
(in the socket buffers and the event loop) until nearly none is answered within WeChat's 5 s. Shed
early, the messages let in are answered quickly and the others get an honest 「请稍后再发一次」 in
milliseconds. A shed message touches no session, storage or quiz (nothing is half-written); only
a message new to the worker is shed, never a retry of one in flight or answered (bot.wechat.dedupe).

Two signals, each off at 0 (config.yaml ``admission``):

- the event loop's lag: a small task sleeps ``probe_ms`` and measures how late it wakes. Under a
  CPU overload every loop turn runs the callbacks of many requests, so a new request (and every
  round trip of one in flight) waits about that long; a lag over ``max_loop_lag_ms`` in two probes
  running (one garbage collection or a descheduled process is a single late probe), or a probe
  overdue by twice that now, means overloaded;
- messages being made in this worker (``max_in_flight``): bounds the queue when what is slow is
  not the CPU (database waits), and caps the work a burst starts at once. A message counts from the
  moment it is let in, before the retry cache's claim (a round trip to Redis): counted only once
  its handler started, a burst let in far more than the bound while their claims were on the way.

A user in the middle of a conversation (a sign-up or a quiz round under way: the session names a
flow that is not transient) is spared: shed, their step would have to be sent again, and a
sign-up whose steps are shed one after another never reaches 确认. Their messages are let in until
the signals reach CONVERSATION_HEADROOM times their thresholds (``overloaded(conversation=True)``),
so the queue stays bounded even then; the others are shed first.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable

from bot.core.config import ConfigError, Settings

LAG = "loop_lag"
IN_FLIGHT = "in_flight"
CONVERSATION_HEADROOM = 2.0     # a conversation under way is shed only past this many times the thresholds


@dataclass(frozen=True)
class AdmissionConfig:
    max_loop_lag: float = 0.050     # seconds; 0: the lag is not a signal
    max_in_flight: int = 64         # messages being made at once in one worker; 0: no bound
    probe: float = 0.01             # seconds between the lag probe's wake-ups

    @classmethod
    def from_settings(cls, settings: Settings) -> "AdmissionConfig":
        """config.yaml's ``admission`` section; ConfigError naming the key when a value is invalid."""
        section = settings.section("admission")
        unknown = sorted(set(section) - {"max_loop_lag_ms", "max_in_flight", "probe_ms"})
        if unknown:
            raise ConfigError(f"admission: unknown key(s) {', '.join(unknown)}")
        default = cls()
        lag = _number(section, "max_loop_lag_ms", default.max_loop_lag * 1000)
        in_flight = _number(section, "max_in_flight", default.max_in_flight)
        probe = _number(section, "probe_ms", default.probe * 1000)
        if in_flight != int(in_flight):
            raise ConfigError(f"admission.max_in_flight must be a whole number, not {in_flight}")
        if probe <= 0 or probe > 1000:
            raise ConfigError(f"admission.probe_ms must be more than 0 and at most 1000, not {probe}")
        return cls(max_loop_lag=lag / 1000, max_in_flight=int(in_flight), probe=probe / 1000)


def _number(section: dict, key: str, default: float) -> float:
    value = section.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"admission.{key} must be a number, 0 or more (0 turns it off), not {value!r}")
    return float(value)


class Admission:
    """Whether this worker takes a new message now. ``overloaded()`` is cheap (it is asked per message)."""

    def __init__(self, config: AdmissionConfig = AdmissionConfig(), clock: Callable[[], float] = time.monotonic):
        self.config = config
        self.clock = clock
        self.in_flight = 0           # messages being made here (Webhook counts them)
        self.lag = 0.0               # the smaller of the last two probes' lateness, seconds
        self._last = 0.0             # the last probe's lateness
        self._due: float | None = None     # when the probe should wake next (None: not probing)

    def overloaded(self, conversation: bool = False) -> str | None:
        """The signal that says so (LAG or IN_FLIGHT), or None when a new message may come in;
        ``conversation``: for a message of a conversation under way (thresholds with headroom)."""
        c = self.config
        scale = CONVERSATION_HEADROOM if conversation else 1.0
        if c.max_in_flight and self.in_flight >= c.max_in_flight * scale:
            return IN_FLIGHT
        if c.max_loop_lag and self._due is not None:
            lag = c.max_loop_lag * scale
            if self.lag > lag or self.clock() - self._due > 2 * lag:
                return LAG
        return None

    def sample(self, lateness: float) -> None:
        """One probe woke ``lateness`` seconds after it was due."""
        self.lag = min(self._last, lateness)
        self._last = lateness

    async def probe(self) -> None:
        """Measure the event loop's lag until cancelled (Webhook.start runs it)."""
        if not self.config.max_loop_lag:
            return
        try:
            while True:
                self._due = self.clock() + self.config.probe
                await asyncio.sleep(self.config.probe)
                self.sample(max(0.0, self.clock() - self._due))
        finally:
            self._due = None
