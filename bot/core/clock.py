"""County time and Chinese dates: one definition for every layer.

Tibet keeps Beijing time (UTC+8, no daylight saving); deadlines and weeks are county days.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

COUNTY_TZ = timezone(timedelta(hours=8))


def as_utc(dt: datetime) -> datetime:
    """An aware UTC datetime; a naive one (as SQLite returns it) is taken to be UTC already."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def county_time(dt: datetime) -> datetime:
    """``dt`` (naive = UTC) in county time."""
    return as_utc(dt).astimezone(COUNTY_TZ)


def county_today(now: datetime) -> date:
    """The county's calendar day at ``now`` (deadlines are county days, inclusive)."""
    return county_time(now).date()


def cn_date(d: date) -> str:
    """2027年3月31日"""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: date) -> str:
    """3月31日"""
    return f"{d.month}月{d.day}日"
