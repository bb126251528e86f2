"""What the answers of a sign-up draft mean: the event chosen, the contestant's age, whether a
guardian must consent, how to address the contestant. The slot table's functions read these facts;
the conversation's Form (handlers.signup.form) extends this class with filling the slots in.

``slots`` is the draft's dict of answers (JSON values, saved with the draft); an ID number is
never in it in clear: it is encrypted as soon as it is validated.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.core.clock import county_today
from bot.core.idcrypt import collect_id_number, id_number_required
from bot.forms.validators import AgeInfo

if TYPE_CHECKING:
    from bot.core.session import Context
    from bot.storage.signups import SignupRepository
    from knowledge.catalogue import Catalogue, Category, Event


def signup_settings(ctx: Context) -> dict:
    """The ``signup`` section of the settings ({} when there are none, as in some tests)."""
    settings = ctx.services.settings
    return settings.section("signup") if settings is not None else {}


class Answers:
    """One draft's answers, with the catalogue, settings and clock they are read against."""

    def __init__(self, ctx: Context, slots: dict):
        self.ctx = ctx
        self.slots = slots
        self.cat: Catalogue = ctx.services.catalogue
        self.cfg: dict = signup_settings(ctx)

    @property
    def signups(self) -> SignupRepository:
        """Sign-ups stored so far (for the checks a question makes: full, already signed up)."""
        return self.ctx.services.signups

    @property
    def today(self) -> date:
        return county_today(self.ctx.now)

    @property
    def for_other(self) -> bool:
        return bool(self.slots.get("for_other"))

    @property
    def event(self) -> Event | None:
        code = self.slots.get("event")
        return self.cat.event(code) if code else None

    @property
    def category(self) -> Category | None:
        code = self.slots.get("category")
        return self.cat.category(code) if code else None

    @property
    def age_info(self) -> AgeInfo | None:
        """The age as entered (a number, a birth year or a 虚岁)."""
        a = self.slots.get("age")
        return AgeInfo(a["age"], a.get("birth_year"), a.get("nominal", False)) if a else None

    @property
    def age(self) -> int | None:
        """The contestant's age: exact from the ID number when there is one, else as entered."""
        idn = self.slots.get("id_number")
        if idn:
            return idn["age"]
        info = self.age_info
        return info.age if info else None

    @property
    def lowest_age(self) -> int | None:
        """The lowest full age the answers allow: a birth year or a 虚岁 may mean a year or two less."""
        idn = self.slots.get("id_number")
        if idn:
            return idn["age"]
        info = self.age_info
        return info.lowest if info else None

    @property
    def exact_age(self) -> bool:
        info = self.age_info
        return "id_number" in self.slots or (info is not None and info.lowest == info.age)

    @property
    def guardian_age(self) -> int:
        return int(self.cfg.get("guardian_age", 14))

    @property
    def minor(self) -> bool:
        """Guardian consent is needed: unless the age is certain, a possible minor counts as one."""
        low = self.lowest_age
        return low is not None and low < self.guardian_age

    @property
    def collect_id(self) -> bool:
        return collect_id_number(self.ctx.services.settings)

    @property
    def id_required(self) -> bool:
        return id_number_required(self.ctx.services.settings)

    @property
    def phone_optional(self) -> bool:
        """「无」 is an answer to the phone question: for someone else, or for a (possible) minor."""
        return self.for_other or self.minor

    def who(self, own: str, other: str) -> str:
        return other if self.for_other else own

    @property
    def person(self) -> str:
        """How to refer to the contestant: 您 / 选手 / 队长."""
        if self.event is not None and self.event.is_team:
            return self.who("您（队长）", "队长")
        return self.who("您", "选手")
