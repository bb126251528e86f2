"""Sign-up storage on SQLite and PostgreSQL: the rules hold in the database, also under concurrency."""
from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.storage import signups as store
from bot.storage.signups import (
    AlreadySignedUp,
    DeadlinePassed,
    EventFull,
    EventInfo,
    NewSignup,
    Signup,
    SignupRepository,
    TooManyEvents,
)
from tests.helpers import wait_for

NOW = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)
TODAY = date(2027, 3, 1)
WRITING = EventInfo("writing", "国家通用语言文字书写比赛", "language", "语言文字类", date(2027, 3, 31), None)
HORSE = EventInfo("horse", "赛马", "sports", "体育类", date(2027, 4, 30), 2)


def event(code: str, capacity=None, deadline=date(2027, 3, 31)) -> EventInfo:
    return EventInfo(code, f"项目{code}", "misc", "其他类", deadline, capacity)


def new(openid="o1", ev=WRITING, *, key=None, for_other=False, name="扎西", id_hash=None, **kw) -> NewSignup:
    fields = {"sex": "男", "age": 30, "township": "孜托镇", "village": "孜托村", "phone": "13800138000", **kw}
    return NewSignup(idem_key=key or uuid.uuid4().hex, openid=openid, for_other=for_other, event=ev, name=name,
                     consent_at=NOW, id_hash=id_hash, **fields)


async def confirm(db, signup: NewSignup, *, today=TODAY, max_events=3):
    return await SignupRepository(db).confirm(signup, today=today, max_events=max_events, now=NOW)


async def active_rows(db) -> int:
    async with db.session() as s:
        return (await s.execute(select(func.count()).select_from(Signup).where(Signup.status == "active"))).scalar_one()


async def test_confirm_stores_a_row_with_a_number(database):
    row, created = await confirm(database, new(team_members=["次仁", "卓玛"], team_name="达翁队"))
    assert created and row.number == f"BM{row.id:06d}"
    assert (row.status, row.event_code, row.name, row.phone, row.for_other) == (
        "active", "writing", "扎西", "13800138000", False)
    assert row.members == ["次仁", "卓玛"]
    assert await SignupRepository(database).check_counters() == []


async def test_same_draft_twice_is_one_row(database):
    signup = new(key="draft-1")
    first, created1 = await confirm(database, signup)
    second, created2 = await confirm(database, signup)
    assert (created1, created2) == (True, False) and first.id == second.id
    assert await active_rows(database) == 1


async def test_a_repeat_of_a_stored_draft_is_its_row_though_the_event_is_full_closed_or_the_limit_reached(database):
    # a repeat is no longer looked up first: it runs the transaction and is told from a refusal afterwards
    signup = new("o1", HORSE, key="draft-h")
    first, _ = await confirm(database, signup, max_events=1)
    await confirm(database, new("o2", HORSE))                      # the last place goes
    for today in (TODAY, date(2027, 5, 1)):                       # full; full and past the deadline
        again, created = await confirm(database, signup, today=today, max_events=1)
        assert (again.id, created) == (first.id, False)
    assert await active_rows(database) == 2
    assert await SignupRepository(database).check_counters() == []


async def test_one_signup_per_person_per_event(database):
    first, _ = await confirm(database, new("o1"))
    with pytest.raises(AlreadySignedUp) as e:
        await confirm(database, new("o1"))
    assert e.value.existing.id == first.id
    await confirm(database, new("o1", event("other")))            # another event is fine
    await confirm(database, new("o2"))                            # another person is fine
    assert await SignupRepository(database).check_counters() == []


async def test_one_signup_per_id_number_per_event(database):
    await confirm(database, new("o1", id_hash="h" * 64))
    with pytest.raises(AlreadySignedUp):
        await confirm(database, new("cadre", for_other=True, name="扎西", id_hash="h" * 64))


async def test_cadre_can_enter_several_people_but_not_the_same_one_twice(database):
    await confirm(database, new("cadre", for_other=True, name="次仁", phone=None))
    await confirm(database, new("cadre", for_other=True, name="卓玛", phone=None))
    with pytest.raises(AlreadySignedUp):
        await confirm(database, new("cadre", for_other=True, name="次仁", phone=None))
    # The cadre can still sign up themselves.
    await confirm(database, new("cadre"))
    rows = await SignupRepository(database).list_for_user("cadre")
    assert [(r.name, r.for_other) for r in rows] == [("次仁", True), ("卓玛", True), ("扎西", False)]


async def test_capacity(database):
    signups = SignupRepository(database)
    await confirm(database, new("o1", HORSE))
    row2, _ = await confirm(database, new("o2", HORSE))
    with pytest.raises(EventFull):
        await confirm(database, new("o3", HORSE))
    await signups.cancel("o2", row2.id, now=NOW)
    await confirm(database, new("o3", HORSE))                     # the freed place can be taken
    assert await signups.event_taken("horse") == 2
    assert await signups.check_counters() == []


async def test_deadline_is_inclusive_in_county_days(database):
    ev = event("d", deadline=date(2027, 3, 31))
    await confirm(database, new("o1", ev), today=date(2027, 3, 31))
    with pytest.raises(DeadlinePassed):
        await confirm(database, new("o2", ev), today=date(2027, 4, 1))
    assert await SignupRepository(database).check_counters() == []


async def test_max_events_per_person(database):
    signups = SignupRepository(database)
    rows = [(await confirm(database, new("o1", event(f"e{i}")), max_events=3))[0] for i in range(3)]
    with pytest.raises(TooManyEvents) as e:
        await confirm(database, new("o1", event("e3")), max_events=3)
    assert e.value.limit == 3
    await signups.cancel("o1", rows[0].id, now=NOW)
    await confirm(database, new("o1", event("e3")), max_events=3)
    assert await signups.count_active(store.person_key("o1", for_other=False)) == 3


async def test_max_events_counts_an_id_number_across_enterers(database):
    await confirm(database, new("o1", event("a"), id_hash="k" * 64), max_events=2)
    await confirm(database, new("cadre", event("b"), for_other=True, id_hash="k" * 64), max_events=2)
    with pytest.raises(TooManyEvents):
        await confirm(database, new("o1", event("c"), id_hash="k" * 64), max_events=2)


async def test_refused_signup_leaves_no_trace(database):
    await confirm(database, new("o1", HORSE))
    await confirm(database, new("o2", HORSE))
    with pytest.raises(EventFull):
        await confirm(database, new("o3", HORSE))
    # o3's person counter was not taken: three other events still fit.
    for i in range(3):
        await confirm(database, new("o3", event(f"x{i}")))
    assert await SignupRepository(database).check_counters() == []


async def test_concurrent_confirmations_of_one_draft_store_one_row(database):
    signup = new("o1", key="same-draft")
    results = await asyncio.gather(*(confirm(database, signup) for _ in range(2)))
    assert len({row.id for row, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert await active_rows(database) == 1
    assert await SignupRepository(database).event_taken("writing") == 1


async def test_concurrent_retries_on_the_last_place(database):
    """A retry racing its own first attempt for the last place returns the stored row, not 'full'."""
    ev = event("last", capacity=1)
    signup = new("o1", ev, key="k-last")
    results = await asyncio.gather(*(confirm(database, signup) for _ in range(4)))
    assert len({row.id for row, _ in results}) == 1
    assert await SignupRepository(database).event_taken("last") == 1


async def test_concurrent_people_never_exceed_capacity(database):
    signups = SignupRepository(database)
    ev = event("race", capacity=2)
    results = await asyncio.gather(*(confirm(database, new(f"o{i}", ev)) for i in range(6)),
                                   return_exceptions=True)
    stored = [r for r in results if not isinstance(r, BaseException)]
    full = [r for r in results if isinstance(r, EventFull)]
    assert (len(stored), len(full)) == (2, 4), results
    assert await signups.event_taken("race") == 2
    assert await signups.check_counters() == []


async def test_concurrent_events_of_one_person_never_exceed_the_limit(database):
    results = await asyncio.gather(*(confirm(database, new("o1", event(f"c{i}")), max_events=3) for i in range(6)),
                                   return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 3
    assert all(isinstance(r, TooManyEvents) for r in results if isinstance(r, BaseException)), results


async def test_unique_index_holds_even_for_code_that_skips_the_checks(database):
    row, _ = await confirm(database, new("o1"))
    values = {c.name: getattr(row, c.name) for c in Signup.__table__.columns if c.name != "id"}
    async with database.session() as s:
        with pytest.raises(IntegrityError):
            async with s.begin():
                await s.execute(insert(Signup).values({**values, "idem_key": "other"}))
    # A cancelled row does not block: the index covers active rows only.
    async with database.session() as s:
        async with s.begin():
            await s.execute(update(Signup).where(Signup.id == row.id).values(status="cancelled"))
            await s.execute(insert(Signup).values({**values, "idem_key": "other"}))


async def test_cancel_checks_owner_and_keeps_the_row(database):
    signups = SignupRepository(database)
    row, _ = await confirm(database, new("o1"))
    assert await signups.cancel("intruder", row.id, now=NOW) is None
    cancelled = await signups.cancel("o1", row.id, now=NOW + timedelta(hours=1))
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert await signups.cancel("o1", row.id, now=NOW) is None      # twice: counters not decremented again
    assert await signups.list_for_user("o1") == []
    assert [r.id for r in await signups.list_for_user("o1", include_cancelled=True)] == [row.id]
    assert await signups.event_taken("writing") == 0
    await confirm(database, new("o1"))                             # can sign up again
    assert await signups.check_counters() == []


async def test_profile_for(database):
    signups = SignupRepository(database)
    assert await signups.profile_for("o1") is None
    await confirm(database, new("o1", event("a"), name="扎西"))
    await confirm(database, new("o1", event("b"), for_other=True, name="次仁"))   # for someone else: ignored
    assert await signups.profile_for("o1") == {"name": "扎西", "township": "孜托镇"}
    newer, _ = await confirm(database, new("o1", event("c"), name="扎西多吉", township="硕督镇"))
    assert await signups.profile_for("o1") == {"name": "扎西多吉", "township": "硕督镇"}
    await signups.cancel("o1", newer.id, now=NOW)
    assert await signups.profile_for("o1") == {"name": "扎西", "township": "孜托镇"}


async def test_drafts(database):
    signups = SignupRepository(database)
    assert await signups.load_draft("o1") is None
    await signups.save_draft("o1", "d1", {"slots": {"name": "扎西"}}, NOW)
    await signups.save_draft("o1", "d1", {"slots": {"name": "扎西多吉"}}, NOW + timedelta(minutes=1))
    data, updated = await signups.load_draft("o1")
    assert data == {"slots": {"name": "扎西多吉"}} and updated == NOW + timedelta(minutes=1)
    await signups.delete_draft("o1", "other-draft")        # another draft id: kept
    assert await signups.load_draft("o1") is not None
    await signups.save_draft("o2", "d2", {}, NOW - timedelta(days=10))
    assert await signups.purge_drafts(NOW - timedelta(days=7)) == 1
    await signups.delete_draft("o1")
    assert await signups.load_draft("o1") is None


async def test_confirm_removes_the_draft_in_the_same_transaction(database):
    signups = SignupRepository(database)
    await signups.save_draft("o1", "draft-x", {"slots": {}}, NOW)
    await confirm(database, new("o1", key="draft-x"))
    assert await signups.load_draft("o1") is None


async def test_a_stored_drafts_id_is_never_saved_again(database):
    """A conversation state older than the commit (a crash between the commit and the state save)
    cannot bring the draft of a stored sign-up back: save_draft refuses it and says so."""
    signups = SignupRepository(database)
    assert await signups.save_draft("o1", "draft-x", {"slots": {"name": "扎西"}}, NOW) is True
    await confirm(database, new("o1", key="draft-x"))
    assert await signups.save_draft("o1", "draft-x", {"slots": {"name": "扎西多吉"}}, NOW) is False
    assert await signups.load_draft("o1") is None
    assert await signups.save_draft("o1", "draft-y", {"slots": {}}, NOW) is True      # another draft is kept
    assert (await signups.load_draft("o1"))[0] == {"slots": {}}


async def test_a_stale_draft_found_later_is_deleted(database):
    """A draft row whose sign-up is stored (an older version left it): not offered, and removed."""
    signups = SignupRepository(database)
    await confirm(database, new("o1", key="draft-x"))
    async with database.session() as s:
        async with s.begin():
            await s.execute(insert(store.SignupDraft).values(openid="o1", draft_id="draft-x", data="{}",
                                                             updated_at=NOW))
    assert await signups.load_draft("o1") is None
    async with database.session() as s:
        assert (await s.execute(select(func.count()).select_from(store.SignupDraft))).scalar_one() == 0


async def test_where_a_user_left_off(database):
    """The unfinished draft if there is one, else the newest active sign-up since a moment."""
    signups = SignupRepository(database)
    first, _ = await confirm(database, new("o1", WRITING))
    second, _ = await confirm(database, new("o1", HORSE, for_other=True, name="次仁"))
    await confirm(database, new("o2", HORSE))
    assert (await signups.left_off("o1", NOW))[1].id == second.id
    assert await signups.left_off("o1", NOW + timedelta(seconds=1)) == (None, None)
    await signups.cancel("o1", second.id, now=NOW)
    assert (await signups.left_off("o1", NOW))[1].id == first.id
    assert await signups.left_off("o3", NOW) == (None, None)
    await signups.save_draft("o1", "d-new", {"slots": {}}, NOW)
    assert await signups.left_off("o1", NOW) == (({"slots": {}}, NOW), None)


async def test_timestamps_come_back_as_the_same_instant(database):
    signups = SignupRepository(database)
    local = NOW.astimezone(timezone(timedelta(hours=8)))
    await signups.save_draft("o1", "d", {}, local)
    _, updated = await signups.load_draft("o1")
    assert updated == NOW


async def test_check_counters_checks_the_per_person_quota(database):
    signups = SignupRepository(database)
    await confirm(database, new("o1", event("a"), id_hash="k" * 64))
    await confirm(database, new("o1", event("b")))
    assert await signups.check_counters() == []
    async with database.session() as s:
        async with s.begin():
            await s.execute(update(store.SignupQuota).where(store.SignupQuota.person == "o:o1").values(taken=5))
            await s.execute(delete(store.SignupQuota).where(store.SignupQuota.person == "i:" + "k" * 40))
    assert await signups.check_counters() == [f"person i:{'k' * 40}: counter 0, active rows 1",
                                                    "person o:o1: counter 5, active rows 2"]


async def test_lookups_by_user_and_by_id_number(database):
    signups = SignupRepository(database)
    mine, _ = await confirm(database, new("o1", id_hash="h" * 64))
    await confirm(database, new("cadre", event("other"), for_other=True, id_hash="g" * 64))
    assert await signups.count_active_for_user("o1") == 1
    assert await signups.count_active_for_user("cadre") == 0          # entered for someone else
    assert (await signups.find_active_for_user("writing", "o1")).id == mine.id
    assert await signups.find_active_for_user("writing", "o2") is None
    assert (await signups.find_active_by_id_hash("writing", "h" * 64)).id == mine.id
    assert await signups.find_active_by_id_hash("other", "h" * 64) is None


async def test_stream_yields_filtered_batches(database):
    signups = SignupRepository(database)
    for i in range(5):
        await confirm(database, new(f"o{i}", township="孜托镇" if i % 2 else "硕督镇"))
    gone, _ = await confirm(database, new("o9"))
    await signups.cancel("o9", gone.id, now=NOW)
    batches = [list(b) async for b in signups.stream(["id", "openid"], batch=2)]
    assert [len(b) for b in batches] == [2, 2, 1]                              # the cancelled one left out
    assert [r.openid for b in batches for r in b] == [f"o{i}" for i in range(5)]
    some = [r.openid async for b in signups.stream(["openid"], township="孜托镇") for r in b]
    assert some == ["o1", "o3"]


async def wait_for_lock_waiters(db, n: int) -> None:
    """Until n backends of this database wait for a lock (PostgreSQL)."""
    async def waiting() -> bool:
        async with db.engine.connect() as conn:
            return (await conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"))).scalar_one() >= n

    await wait_for(waiting, timeout=10)


async def test_cancel_and_confirm_of_one_event_do_not_deadlock(pg_database):
    """PostgreSQL only (SQLite has a single writer): a cancellation and a confirmation for the same
    event and person, interleaved the way that deadlocked when cancel locked the sign-up row first."""
    database = pg_database
    signups = SignupRepository(database)
    row, _ = await confirm(database, new("o1"))
    async with database.engine.connect() as blocker:
        trans = await blocker.begin()
        # Hold the event row, so both transactions below queue behind it: the confirmation first.
        await blocker.execute(select(store.SignupEvent).where(store.SignupEvent.code == "writing").with_for_update())
        confirming = asyncio.create_task(confirm(database, new("o1")))
        await wait_for_lock_waiters(database, 1)
        cancelling = asyncio.create_task(signups.cancel("o1", row.id, now=NOW))
        await wait_for_lock_waiters(database, 2)
        await trans.rollback()
    results = await asyncio.wait_for(asyncio.gather(confirming, cancelling, return_exceptions=True), 30)
    assert not any(isinstance(r, DBAPIError) for r in results), results
    # The confirmation came first: the person was still signed up, so it is refused; then the cancel.
    assert isinstance(results[0], AlreadySignedUp) and results[1].status == "cancelled"
    assert await signups.check_counters() == []


class _Deadlock(Exception):
    sqlstate = "40P01"


async def test_a_deadlock_victim_is_retried_once():
    calls = []

    async def op():
        calls.append(1)
        if len(calls) == 1:
            raise DBAPIError("UPDATE …", {}, _Deadlock())
        return "done"

    assert await store._retry_once(op) == "done" and len(calls) == 2

    async def always():
        calls.append(1)
        raise DBAPIError("UPDATE …", {}, _Deadlock())

    calls.clear()
    with pytest.raises(DBAPIError):
        await store._retry_once(always)
    assert len(calls) == 2                                                    # once, not forever

    async def other():
        calls.append(1)
        raise IntegrityError("INSERT …", {}, Exception("unique"))

    calls.clear()
    with pytest.raises(IntegrityError):
        await store._retry_once(other)
    assert len(calls) == 1
