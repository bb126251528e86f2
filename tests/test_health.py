"""bot.core.health.Dependency: fail fast while down, one probe per cooldown, up again on success."""
from __future__ import annotations

import pytest

from bot.core.health import Dependency, Unavailable
from tests.helpers import Clock



def test_fail_fast_then_one_probe_per_cooldown():
    tick = Clock(100.0)
    failures = []
    dep = Dependency("redis", cooldown=1.0, clock=tick, on_failure=failures.append)
    dep.check()                                          # up: calls go through
    err = dep.failed(ConnectionError("refused"))
    assert isinstance(err, Unavailable) and failures == ["redis"]
    assert dep.status() == {"status": "down", "required": True, "error": "ConnectionError: refused"}
    with pytest.raises(Unavailable):
        dep.check()
    tick.now += 1.0
    dep.check()                                          # the probe goes through ...
    with pytest.raises(Unavailable):
        dep.check()                                      # ... the others still fail fast
    dep.succeeded()
    dep.check()
    assert dep.status() == {"status": "ok", "required": True}
    assert dep.failed_within(4.5)                        # just back: a message may still be stuck on it
    tick.now += 4.5
    assert not dep.failed_within(4.5)
