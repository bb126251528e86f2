"""What a worker keeps that grows with traffic, against its bound: each structure's fill and
capacity, for the ``memory`` log line (bot.wechat.app) that the soak reads and an operator can.

The caches of functions (functools.lru_cache / cache at module level in the bot's packages) are
found here by looking, so a new one is listed without being registered; one without a maxsize
shows as unbounded (capacity None). The per-object structures (a handler's recent results, the
retry cache, sessions in memory) are reported by their owners (``bounds()``).
"""
from __future__ import annotations

import functools
import sys
import threading
import time
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Hashable, NamedTuple

PACKAGES = ("bot", "handlers", "knowledge")

Fill = tuple[int, "int | None"]       # (entries, capacity; None: no fixed count)


def module_caches(packages: tuple[str, ...] = PACKAGES) -> dict[str, Fill]:
    """Every cached function defined at module level in ``packages`` (only modules already
    imported): "module.function" -> (entries, maxsize)."""
    out: dict[str, Fill] = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".", 1)[0] not in packages:
            continue
        for attr, value in list(vars(module).items()):
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name:
                got = info()
                out[f"{name}.{attr}"] = (got.currsize, got.maxsize)
    return out


def rss_mb() -> float | None:
    """This process's resident memory (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# -- caches of what recently asked texts came to, bounded by count and by time ----------------------
IDLE_SECONDS = 300.0      # memory.cache_idle_seconds: a text nobody asked for this long is forgotten


class RecentCache:
    """What recently asked texts came to (a match, a normalised text, a user hash, ...): at most
    ``maxsize`` entries, the least recently used first out, and -- at each sweep -- none left that
    nobody used for ``idle`` seconds. The count is the worst case; the time is what makes a worker's
    memory level off within minutes whatever the rate of new texts (a popular question, asked every
    few seconds, never goes). ``get`` is cheap enough for every message; it is safe from the
    knowledge base's reload thread (the structure is changed under a lock, values are computed
    outside it). Every RecentCache is swept by :func:`sweep_recent` (the app's background sweep)."""

    __slots__ = ("name", "maxsize", "idle", "clock", "_data", "_lock", "__weakref__")

    def __init__(self, maxsize: int, *, name: str = "", idle: float | None = None,
                 clock: Callable[[], float] | None = None):
        self.name = name
        self.maxsize = maxsize
        self.idle = idle            # None: the process-wide idle time (configure_recent)
        self.clock = clock or recent_clock     # recent_clock: the process-wide one (configure_recent)
        self._data: "OrderedDict[Hashable, list]" = OrderedDict()     # key -> [last used, value]
        self._lock = threading.Lock()
        with _registry_lock:        # a reload thread may build caches while the loop sweeps them
            _recent_caches.add(self)

    def __len__(self) -> int:
        return len(self._data)

    def peek(self, key: Hashable, default=None):
        """The value kept for ``key`` (now counted as used), else ``default``."""
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return default
            self._data.move_to_end(key)
            item[0] = self.clock()
            return item[1]

    def put(self, key: Hashable, value):
        with self._lock:
            self._data[key] = [self.clock(), value]
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def get(self, key: Hashable, compute: Callable[[Any], Any]):
        """The value for ``key``: kept, or ``compute(key)`` kept from now on."""
        value = self.peek(key, _MISSING)
        return self.put(key, compute(key)) if value is _MISSING else value

    def sweep(self, now: float | None = None) -> int:
        """Forget the entries nobody used for ``idle`` seconds; returns how many went."""
        idle = _idle[0] if self.idle is None else self.idle
        if idle <= 0:
            return 0
        before = now if now is not None else self.clock()
        gone = 0
        with self._lock:
            data = self._data
            while data:
                key, item = next(iter(data.items()))
                if item[0] > before - idle:
                    break
                del data[key]
                gone += 1
        return gone

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def fill(self) -> Fill:
        return len(self._data), self.maxsize


_MISSING = object()
_idle = [IDLE_SECONDS]
_clock: list[Callable[[], float]] = [time.monotonic]
_recent_caches: "weakref.WeakSet[RecentCache]" = weakref.WeakSet()
_registry_lock = threading.Lock()


def recent_clock() -> float:
    return _clock[0]()


def configure_recent(idle: float, clock: Callable[[], float] = time.monotonic) -> None:
    """The idle time (config memory.cache_idle_seconds; 0: by count only) and the clock of every
    RecentCache that has none of its own (tests move a clock by hand)."""
    _idle[0] = float(idle)
    _clock[0] = clock


def sweep_recent() -> int:
    """Sweep every RecentCache alive (the app's background sweep); returns how many entries went."""
    with _registry_lock:
        caches = list(_recent_caches)
    return sum(cache.sweep() for cache in caches)


def recent_cache(maxsize: int):
    """Like functools.lru_cache(maxsize) for a function of hashable arguments, but a RecentCache:
    forgotten by time too. ``cache_info()`` gives (currsize, maxsize) as lru_cache's does (what
    module_caches reads); ``cache_clear()`` empties it; ``cache`` is the RecentCache."""
    def decorate(fn):
        cache = RecentCache(maxsize, name=f"{fn.__module__}.{fn.__qualname__}")
        peek, put = cache.peek, cache.put

        @functools.wraps(fn)
        def cached(*args):
            value = peek(args, _MISSING)
            if value is _MISSING:
                value = put(args, fn(*args))
            return value

        cached.cache = cache
        cached.cache_info = lambda: _Info(len(cache), cache.maxsize)
        cached.cache_clear = cache.clear
        return cached
    return decorate


class _Info(NamedTuple):
    currsize: int
    maxsize: int
