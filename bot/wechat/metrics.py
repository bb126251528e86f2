"""Prometheus metrics for /metrics (prometheus-client).

One registry per app. With several worker processes set PROMETHEUS_MULTIPROC_DIR (an empty
directory, the same for all workers, emptied before they start): the counters are then kept in
files there and every worker's /metrics reports the sum over all of them.
"""
from __future__ import annotations

import hmac
import ipaddress
import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

LATENCY_BUCKETS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 4.5, 10.0)
# A proxy in front (nginx) connects from loopback too: a request it forwarded is not local.
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages = Counter("fenjin_messages", "Messages and events handled, by type and outcome",
                                ["type", "outcome"], registry=r)
        self.latency = Histogram("fenjin_reply_seconds", "Time from receiving a callback to answering it",
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.late_replies = Counter("fenjin_late_replies", "Replies that missed the 5 s budget, by how they went out "
                                    "(api: customer-service message; next_message: with the user's next message)",
                                    ["via"], registry=r)
        self.busy_replies = Counter("fenjin_busy_replies", "Busy replies (「系统有点忙」), by cause",
                                    ["cause"], registry=r)
        self.shed = Counter("fenjin_shed_messages", "New messages answered at once with the busy reply because "
                            "the worker was overloaded, by the signal that said so (loop_lag, in_flight)",
                            ["signal"], registry=r)
        self.rate_limited = Counter("fenjin_rate_limited", "Messages refused by the per-user rate limit", registry=r)
        self.dependency_errors = Counter("fenjin_dependency_errors", "Failed or timed-out calls to a dependency",
                                         ["dependency"], registry=r)
        self._message_counters: dict[tuple[str, str], Counter] = {}

    def message(self, kind: str, outcome: str, seconds: float) -> None:
        """One message answered (the labelled counter looked up once per pair: it is on every request)."""
        counter = self._message_counters.get((kind, outcome))
        if counter is None:
            counter = self._message_counters[(kind, outcome)] = self.messages.labels(kind, outcome)
        counter.inc()
        self.latency.observe(seconds)

    def render(self) -> tuple[bytes, str]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def may_read_metrics(remote: str | None, headers, admin_token: str) -> bool:
    """Loopback callers that did not come through a proxy, or anyone with the admin token as a
    bearer token (``Authorization: Bearer <ADMIN_TOKEN>``)."""
    given = headers.get("Authorization", "")
    if admin_token and given.startswith("Bearer ") and hmac.compare_digest(
            given[len("Bearer "):].strip().encode(), admin_token.encode()):
        return True
    if any(h in headers for h in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address((remote or "").split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)       # ::ffff:127.0.0.1
    return (mapped or address).is_loopback
