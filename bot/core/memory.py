"""What a worker keeps that grows with traffic, against its bound: each structure's fill and
capacity, for the ``memory`` log line (bot.wechat.app) that the soak reads and an operator can.

The caches of functions (functools.lru_cache / cache at module level in the bot's packages) are
found here by looking, so a new one is listed without being registered; one without a maxsize
shows as unbounded (capacity None). The per-object structures (a handler's recent results, the
retry cache, sessions in memory) are reported by their owners (``bounds()``).
"""
from __future__ import annotations

import sys
from pathlib import Path

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
