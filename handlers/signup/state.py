"""Where a user is in the sign-up flow: an explicit State, read from the session data.

The session data keeps the shape earlier versions stored, so a session saved in Redis survives an
upgrade: ``{"draft": {...}}`` while filling in; plus ``{"side": {"kind": "resume" |
"cancel_pick" | "cancel_confirm" | "event_pick"}}`` during a side step; ``{"done": {...}}`` right after a confirmation. A pending
"did you mean" list lives in the draft (``{"suggest": {"slot", "options"}}``) and is saved with it.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.storage.signups import Signup

FLOW = "signup"
DRAFT_VERSION = 1


class State(Enum):
    FILLING = "filling"                 # answering the current question of the draft (or the summary)
    CHOOSING = "suggest"                # a "did you mean" list for the current question is on screen
    RESUME_OFFER = "resume"             # 「报名」 found an unfinished draft: 1 continue, 2 start again
    CANCEL_PICK = "cancel_pick"         # 「取消报名」 listed the sign-ups: a bare 1 / 第一个 picks one
    CANCEL_CONFIRM = "cancel_confirm"   # 「取消报名 N」 waits for 「确认」 or 「不」
    EVENT_PICK = "event_pick"           # 「报名 演讲」 named several events: a bare 1 / 第二个 picks one
    DONE = "done"                       # just confirmed: a repeated 「确认」 is told the number
    NO_DRAFT = "no_draft"               # nothing to go on with: the flow ends
    UNKNOWN_SIDE = "unknown_side"       # a side step this version does not know (left by another)


SIDE_STEPS = (State.RESUME_OFFER, State.CANCEL_PICK, State.CANCEL_CONFIRM, State.EVENT_PICK)


def state_of(data: dict) -> State:
    if data.get("done"):
        return State.DONE
    side = data.get("side")
    if side:
        return next((s for s in SIDE_STEPS if s.value == side.get("kind")), State.UNKNOWN_SIDE)
    draft = data.get("draft")
    if not draft:
        return State.NO_DRAFT
    return State.CHOOSING if draft.get("suggest") else State.FILLING


# -- the session data of each state ----------------------------------------------------------------
def filling(draft: dict, *, restored: bool = False) -> dict:
    return {"draft": draft, **({"restored": True} if restored else {})}


def resume_offer(draft: dict, event: str | None = None) -> dict:
    """Offering to go on with ``draft``; ``event``: the one 「报名 NAME」 named, for 「重新开始」."""
    return {"draft": draft, "side": {"kind": State.RESUME_OFFER.value, **({"event": event} if event else {})}}


def cancel_pick(draft: dict | None) -> dict:
    """The user's sign-ups were just listed for 「取消报名」; a draft being filled in is kept."""
    return {**({"draft": draft} if draft else {}), "side": {"kind": State.CANCEL_PICK.value}}


def cancel_confirm(draft: dict | None, signup_id: int, n: int) -> dict:
    """Asking to confirm the cancellation of the user's n-th sign-up; a draft being filled in is kept."""
    side = {"kind": State.CANCEL_CONFIRM.value, "id": signup_id, "n": n}
    return {**({"draft": draft} if draft else {}), "side": side}


def event_pick(draft: dict | None, events: list[str]) -> dict:
    """「报名 演讲」 listed the events the word names (codes, in the order shown); a draft being
    filled in is kept."""
    return {**({"draft": draft} if draft else {}), "side": {"kind": State.EVENT_PICK.value, "events": events}}


def done(number: str, at: datetime, what: str | None = None) -> dict:
    """Just confirmed; ``what`` (event and name) when the confirmation's reply may have been lost."""
    return {"done": {"number": number, "at": at.isoformat(), **({"what": what} if what else {})}}


def done_earlier(row: Signup, at: datetime) -> dict:
    """A sign-up stored before this conversation state knew it (its reply may have been lost)."""
    return done(row.number, at, what=f"{row.event_name}，{row.name}")


def choosing(draft: dict, slot: str, options: list[str]) -> None:
    draft["suggest"] = {"slot": slot, "options": options}


def pending_choice(draft: dict, slot: str) -> list[str] | None:
    """The options of the "did you mean" list on screen for ``slot`` (State.CHOOSING), else None."""
    suggest = draft.get("suggest")
    return suggest["options"] if suggest and suggest.get("slot") == slot else None


def usable(draft: object) -> bool:
    """A draft this version can go on with (saved drafts outlive deployments)."""
    return isinstance(draft, dict) and draft.get("v") == DRAFT_VERSION and bool(draft.get("id"))
