"""What a confirmed sign-up is handed to storage as (bot.storage.signups stores it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


def signup_number(signup_id: int) -> str:
    """The number a contestant is told and cadres see: BM000042."""
    return f"BM{signup_id:06d}"


@dataclass(frozen=True)
class EventInfo:
    """The event as the catalogue has it at the confirmation (storage keeps its deadline and capacity)."""

    code: str
    name: str
    category: str
    category_name: str
    deadline: date
    capacity: int | None


@dataclass(init=False)
class NewSignup:
    """A sign-up to store: the draft it came from (``idem_key``), who entered it, for whom, the
    event, and the answers by table column -- the records of the slot table's rows, e.g.
    ``name="扎西", phone=None, team_members=["卓玛"]``."""

    idem_key: str
    openid: str
    for_other: bool
    event: EventInfo
    columns: dict[str, Any]

    def __init__(self, *, idem_key: str, openid: str, for_other: bool, event: EventInfo, **columns: Any):
        self.idem_key = idem_key
        self.openid = openid
        self.for_other = for_other
        self.event = event
        self.columns = columns

    @property
    def name(self) -> str:
        return self.columns["name"]

    @property
    def id_hash(self) -> str | None:
        return self.columns.get("id_hash")
