"""A sign-up draft being filled in, slot by slot (Rasa-forms style), by the table in
bot.forms.signup.slots.

The current question is always the first slot that applies and is still empty, so 「上一步」,
「换项目」, 「修改 手机号」 and a resumed draft all work the same way: empty a slot (and the slots
answered in its light) and ask again. Once every slot that applies is answered, the summary is
shown, and on 「确认」 the record is stored.
"""
from __future__ import annotations

from bot.core.session import Context
from bot.forms.signup.answers import Answers
from bot.forms.signup.questions import CONSENT_AGAIN
from bot.forms.signup.record import NewSignup
from bot.forms.signup.slots import SIGNUP
from bot.forms.spec import Accept, Parsed, Reject
from bot.forms.validators import Invalid
from knowledge.text import strip_punct


class Form(Answers):
    """One draft (``{"id", "v", "slots", "suggest"?}``), read against the catalogue as it is now."""

    def __init__(self, ctx: Context, draft: dict):
        super().__init__(ctx, draft.setdefault("slots", {}))
        self.d = draft
        self.repaired: list[str] = self.repair()

    # -- which slot is asked ---------------------------------------------------------------------
    def needed(self) -> list[str]:
        return [s.name for s in SIGNUP if s.applies(self)]

    def current(self) -> str | None:
        return next((name for name in self.needed() if name not in self.slots), None)

    # -- emptying slots --------------------------------------------------------------------------
    def unset(self, slot: str) -> None:
        self.slots.pop(slot, None)
        for dep in SIGNUP.dependents.get(slot, []):
            self.unset(dep)
        if self.d.get("suggest", {}).get("slot") == slot:
            self.d.pop("suggest", None)

    def back(self) -> bool:
        """Empty the answered slot just before the current question. False if at the first one."""
        needed = self.needed()
        cur = self.current()
        upto = needed.index(cur) if cur in needed else len(needed)
        for slot in reversed(needed[:upto]):
            if slot in self.slots:
                self.unset(slot)
                return True
        return False

    def prune(self) -> None:
        """Drop answers for slots that no longer apply (e.g. the guardian after the age changed), and
        answers that no longer hold (「无」 for the phone once it is required)."""
        needed = set(self.needed())
        for slot in list(self.slots):
            if slot in SIGNUP and slot not in needed:
                self.slots.pop(slot)
        for slot in SIGNUP:
            if slot.name in self.slots and not slot.holds(self, self.slots[slot.name]):
                self.slots.pop(slot.name)

    def repair(self) -> list[str]:
        """Drop answers the catalogue no longer has: it may have been reloaded since the draft began
        (an event, a township or a village removed). Returns the slots dropped; the flow asks again."""
        s = self.slots
        dropped = []
        if "event" in s:
            ev = self.cat.event(s["event"])
            if ev is None:
                self.unset("event")
                self.unset("category")
                dropped.append("event")
            else:
                s["category"] = ev.category          # it may have moved to another category
        if "category" in s and self.cat.category(s["category"]) is None:
            self.unset("category")
            dropped.append("category")
        if "township" in s:
            t = self.cat.township(s["township"])
            if t is None:
                self.unset("township")
                dropped.append("township")
            elif "village" in s and s["village"] not in t.villages:
                self.unset("village")
                dropped.append("village")
        return dropped

    def incomplete(self) -> list[str]:
        """Slots to answer (again) before this draft may be stored; [] when it is complete. The rules
        that must never slip -- a guardian's consent for a (possible) minor, a phone number unless it
        may be 「无」 -- are each slot's ``applies`` and ``holds``."""
        self.prune()
        return [slot for slot in self.needed() if slot not in self.slots]

    # -- asking and answering --------------------------------------------------------------------
    def prompt(self, again: bool = False) -> str:
        """The current question (or the summary), after a word on answers the catalogue dropped.
        ``again``: asked a second time (after answering a question in between), so the data notice
        of the consent step, shown once already, is only referred to."""
        slot = self.current()
        if again and slot == "consent":
            return self.repair_notice() + CONSENT_AGAIN
        question = self.summary() if slot is None else SIGNUP[slot].prompt(self)
        return self.repair_notice() + question

    def repair_notice(self) -> str:
        if {"event", "category"} & set(self.repaired):
            return "比赛项目有调整，请重新选择。\n"
        if self.repaired:
            return "乡镇和村的名单有调整，请重新选择。\n"
        return ""

    def help(self, question: str) -> str:
        """The current step's help when ``question`` is about that step (names its field: 手机号有什么用
        at the phone question), else ''."""
        slot = self.current()
        row = SIGNUP[slot] if slot is not None else None
        if row is None or row.help is None:
            return ""
        asked = strip_punct(question)
        return row.help(self) if any(w in asked for w in (row.label, *row.edit)) else ""

    async def parse(self, slot: str, text: str) -> Parsed:
        """The slot's parser on ``text``; a validator's Invalid is a Reject."""
        try:
            return await SIGNUP[slot].parse(self, text)
        except Invalid as e:
            return Reject(str(e))

    def take(self, slot: str, accepted: Accept) -> None:
        self.slots[slot] = accepted.value
        self.slots.update(accepted.also)
        self.prune()

    def edit_words(self) -> list[str]:
        """The words of 「修改 …」 for the answers given, in the order they were asked."""
        return [w for w, slot in SIGNUP.edit_words.items() if slot in self.slots]

    # -- the summary and the record --------------------------------------------------------------
    def summary(self) -> str:
        needed = set(self.needed())
        lines = ["请核对报名信息："]
        for shown, slot in SIGNUP.shown:
            if slot.name not in needed:
                continue
            if shown.same_line:
                lines[-1] += "　" + shown.text(self)
            else:
                lines.append(shown.text(self))
        lines.append("\n信息无误请回复「确认」提交。要修改请回复「修改 项目名」（如“修改 手机号”），"
                     "或「上一步」；放弃请回复「取消」。")
        return "\n".join(lines)

    def record(self) -> NewSignup:
        """The sign-up to store, from every answered slot's record. Only for a complete draft
        (``incomplete()`` is empty): anything else is a bug, not a user's mistake."""
        missing = self.incomplete()
        if missing:
            raise ValueError(f"draft {self.d.get('id')} is incomplete: {missing}")
        fields: dict = {}
        for slot in SIGNUP:
            if slot.name in self.slots:
                fields.update(slot.record_of(self, self.slots[slot.name]))
        return NewSignup(idem_key=self.d["id"], openid=self.ctx.user, **fields)
