"""Contest sign-up conversation: 报名 / 我的报名 / 取消报名.

A form with slots filled in a fixed order (Rasa-forms style). The current question is always
the first needed slot that is still empty, so 「上一步」, 「换项目」, 「修改 手机号」 and a resumed
draft all work the same way: empty a slot (and the slots that depend on it) and ask again.

State: ``ctx.session.data = {"draft": {...}, "side": {...}}``. The draft is also saved in the
database after every answer (bot.storage.signups.SignupDraft), so a restart or a user who
wanders off can resume; the draft id is the idempotency key of the final confirmation.
An ID number never sits in a draft in clear: it is encrypted as soon as it is validated.

After a confirmation the flow stays in a short "done" step (``{"done": {...}}``) so a second
「确认」 (a double tap on a slow network) is told the sign-up number instead of going to Q&A.
"""
from __future__ import annotations

import copy
import logging
import re
import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.clock import cn_date, cn_month_day, county_today
from bot.core.idcrypt import IdCipher, IdKeyError, collect_id_number, id_number_required
from bot.core.logs import log_event
from bot.core.messages import Message, Reply
from bot.core.privacy import mask_id_number, mask_phone, short_user
from bot.core.session import Context
from bot.storage import signups as store
from handlers.base import Handler
from bot.forms.validators import (
    AgeInfo,
    Invalid,
    age_on,
    echo,
    eligibility_problem,
    id_consistency_problem,
    parse_age,
    parse_id_number,
    parse_members,
    parse_name,
    parse_phone,
    parse_school,
    parse_sex,
    parse_team_name,
    parse_yes_no,
)
from knowledge.catalogue import (
    MODE_LABEL,
    Catalogue,
    Category,
    Event,
    Township,
)
from knowledge.contest import desk_for
from knowledge.text import choice_number, strip_punct
from knowledge.words import AGREE_WORDS, CONFIRM_WORDS, REFUSE_WORDS, SKIP_FIELD_WORDS

log = logging.getLogger("handlers.signup")

DRAFT_VERSION = 1
DONE_WINDOW = timedelta(minutes=5)      # how long after a confirmation a repeated 「确认」 is recognised
MAX_LISTED_VILLAGES = 40                # a longer list is not shown: the user types the village name

BACK_WORDS = {"上一步", "返回", "后退", "上一个", "上一项", "返回上一步", "back"}
SWITCH_EVENT_WORDS = {"换项目", "换个项目", "重选项目", "改项目", "换一个项目", "选其他项目"}
RESTART_WORDS = {"重新开始", "重新报名", "重来", "从头开始"}

FOOTER = "（发「上一步」返回，发「取消」放弃报名）"
ID_TAKEN = "此身份证号已有报名，如有疑问请联系县活动办。"

# Slots in the order they are asked. need_<slot>() says whether a slot applies to this draft.
ORDER = ["for_other", "category", "event", "consent", "farmer", "age", "guardian_consent", "guardian_name",
         "guardian_phone", "name", "sex", "phone", "township", "village", "school", "team_name",
         "team_members", "id_consent", "id_number"]
# Emptying a slot empties these too (they were answered in its light).
DEPENDENTS = {
    "for_other": [s for s in ORDER if s not in ("for_other", "category", "event")],
    "category": ["event"],
    "event": ["farmer", "school", "team_name", "team_members"],
    "age": ["guardian_consent", "guardian_name", "guardian_phone", "id_number"],
    "sex": ["id_number"],
    "township": ["village"],
    "id_consent": ["id_number"],
}
# Words accepted after 「修改」 (or 「改」).
EDIT_LABELS = {
    "项目": "event", "比赛": "event", "姓名": "name", "名字": "name", "性别": "sex", "年龄": "age",
    "出生年份": "age", "手机": "phone", "手机号": "phone", "电话": "phone", "乡镇": "township", "乡": "township",
    "镇": "township", "村": "village", "学校": "school", "队名": "team_name", "队员": "team_members",
    "身份证": "id_number", "身份证号": "id_number", "监护人": "guardian_name", "监护人电话": "guardian_phone",
    "农牧民": "farmer",
}


SLOT_LABELS = {"for_other": "给谁报名", "category": "选大类", "event": "选项目", "consent": "同意说明",
               "farmer": "是否农牧民", "age": "年龄", "guardian_consent": "监护人同意",
               "guardian_name": "监护人姓名", "guardian_phone": "监护人电话", "name": "姓名", "sex": "性别",
               "phone": "手机号", "township": "乡镇", "village": "村", "school": "学校", "team_name": "队名",
               "team_members": "队员", "id_consent": "身份证号说明", "id_number": "身份证号"}

# 「取消报名 BM000042」: a sign-up number, as opposed to a 序号 of 「我的报名」.
_SIGNUP_NUMBER_RE = re.compile(r"^bm0*([0-9]{1,9})$")


def signup_cfg(ctx: Context) -> dict:
    """The ``signup`` section of the settings ({} when there are none, as in some tests)."""
    settings = ctx.services.settings
    return settings.section("signup") if settings is not None else {}


def edit_target(word: str) -> str | None:
    """The slot a 「修改 手机号」 / 「改手机号」 names (``word`` normalised), else None."""
    for prefix in ("修改", "改"):
        if word.startswith(prefix) and word[len(prefix):] in EDIT_LABELS:
            return EDIT_LABELS[word[len(prefix):]]
    return None


def cancel_target(arg: str) -> tuple[str, int] | None:
    """What 「取消报名 …」 points at: ("number", id) for a sign-up number (BM000042), ("seq", n) for
    the n-th line of 「我的报名」 (1, 一, 第一项), None when it is neither."""
    word = strip_punct(arg)
    if not word:
        return None
    m = _SIGNUP_NUMBER_RE.match(word)
    if m:
        return "number", int(m.group(1))
    n = choice_number(word)
    return ("seq", n) if n is not None else None


class IncompleteDraft(Exception):
    """new_signup() on a draft that may not be stored as it is: ``slots`` must be answered (again)."""

    def __init__(self, slots: list[str]):
        super().__init__(", ".join(slots))
        self.slots = slots


class Redirect(Exception):
    """Not a bad answer but a change of course: say ``message``, empty ``unset``, ask what is next."""

    def __init__(self, message: str, unset: list[str], set_: dict | None = None):
        super().__init__(message)
        self.message = message
        self.unset = unset
        self.set = set_ or {}


class Suggest(Exception):
    """The answer is close to several options: ask which one was meant (by number or name)."""

    def __init__(self, message: str, labels: list[str]):
        super().__init__(message)
        self.message = message
        self.labels = labels


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------
class Form:
    """One draft, with the catalogue and settings it is read against."""

    def __init__(self, ctx: Context, draft: dict):
        self.ctx = ctx
        self.d = draft
        self.slots: dict = draft.setdefault("slots", {})
        self.cat: Catalogue = ctx.services.catalogue
        self.db = ctx.services.db
        self.cfg: dict = signup_cfg(ctx)
        self.repaired: list[str] = self.repair()

    # -- derived facts ---------------------------------------------------------------------------
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

    def who(self, own: str, other: str) -> str:
        return other if self.for_other else own

    @property
    def person(self) -> str:
        """How to refer to the contestant: 您 / 选手 / 队长."""
        if self.event is not None and self.event.is_team:
            return self.who("您（队长）", "队长")
        return self.who("您", "选手")

    # -- which slots apply -----------------------------------------------------------------------
    def needed(self) -> list[str]:
        out = []
        ev = self.event
        for slot in ORDER:
            if slot == "farmer" and not (ev and ev.who == "farmers_herders"):
                continue
            if slot == "school" and not (ev and ev.who == "students"):
                continue
            if slot in ("team_name", "team_members") and not (ev and ev.is_team):
                continue
            if slot.startswith("guardian_") and not self.minor:
                continue
            if slot == "id_consent" and not self.collect_id:
                continue
            if slot == "id_number" and not (self.collect_id and self.slots.get("id_consent") not in (None, "declined")):
                continue
            out.append(slot)
        return out

    def current(self) -> str | None:
        for slot in self.needed():
            if slot not in self.slots:
                return slot
        return None

    def unset(self, slot: str) -> None:
        self.slots.pop(slot, None)
        for dep in DEPENDENTS.get(slot, []):
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
        """Drop answers for slots that no longer apply (e.g. guardian after the age changed), and
        answers no longer valid: 「无」 for the phone once the phone is required (the age changed)."""
        needed = set(self.needed())
        for slot in list(self.slots):
            if slot not in needed and slot in ORDER:
                self.slots.pop(slot)
        if "phone" in self.slots and self.slots["phone"] is None and not self.phone_optional():
            self.slots.pop("phone")

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
        """Slots to answer (again) before this draft may be stored; [] when it is complete."""
        self.prune()
        missing = [slot for slot in self.needed() if slot not in self.slots]
        # The two rules that must never slip, checked on their own as well.
        if self.minor and not self.slots.get("guardian_consent") and "guardian_consent" not in missing:
            missing.append("guardian_consent")
        if not self.phone_optional() and not self.slots.get("phone") and "phone" not in missing:
            missing.append("phone")
        return missing

    # -- prompts ---------------------------------------------------------------------------------
    def prompt(self) -> str:
        """The current question (or the summary), after a word on answers the catalogue dropped."""
        slot = self.current()
        question = self.summary() if slot is None else getattr(self, f"prompt_{slot}")()
        return self.repair_notice() + question

    def repair_notice(self) -> str:
        if {"event", "category"} & set(self.repaired):
            return "比赛项目有调整，请重新选择。\n"
        if self.repaired:
            return "乡镇和村的名单有调整，请重新选择。\n"
        return ""

    def prompt_for_other(self) -> str:
        return ("请问给谁报名？回复序号：\n1. 给自己报名\n2. 帮别人报名（家人、老人、孩子，或村干部代报）\n"
                "（随时发「取消」可以放弃报名）")

    def prompt_category(self) -> str:
        lines = ["请选择比赛大类，回复序号："]
        lines += [f"{i}. {c.name}（{len(c.events)}项）" for i, c in enumerate(self.cat.categories, 1)]
        lines.append("也可以直接发项目名称，例如“村BA”。" + FOOTER)
        return "\n".join(lines)

    def event_list(self, category: Category) -> str:
        lines = []
        for i, e in enumerate(category.events, 1):
            state = f"{cn_month_day(e.deadline)}截止"
            if e.deadline < self.today:
                state = "已截止"
            lines.append(f"{i}. {e.name}（{MODE_LABEL[e.mode]}，{state}）")
        return "\n".join(lines)

    def prompt_event(self) -> str:
        c = self.category
        if c is None:
            return self.prompt_category()
        return self.prompt_event_of(c)

    def prompt_event_of(self, c: Category) -> str:
        return f"「{c.name}」有这些项目，回复序号选择：\n{self.event_list(c)}\n{FOOTER}"

    def prompt_consent(self) -> str:
        e = self.event
        head = f"您选择了「{e.name}」（{self.event_facts(e)}）。" if e else ""
        return (f"{head}\n\n【报名信息说明】{self.cat.campaign.data_notice}\n\n"
                "同意请回复「同意」，然后开始填写；不同意请回复「取消」，不会保存任何信息。")

    def event_facts(self, e: Event) -> str:
        parts = [MODE_LABEL[e.mode]]
        if e.is_team:
            parts.append(f"每队{e.team_min}–{e.team_max}人")
        if e.min_age is not None or e.max_age is not None:
            parts.append(f"年龄{e.age_text()}")
        parts.append(f"{cn_date(e.deadline)}截止")
        return "，".join(parts)

    def prompt_farmer(self) -> str:
        e = self.event
        return (f"「{e.name}」只限农牧民群众参加。{self.who('您', '选手')}是农牧民吗？回复序号：\n1. 是\n2. 不是\n"
                + FOOTER)

    def prompt_age(self) -> str:
        return f"请发送{self.who('您', '选手')}的年龄（如35）或出生年份（如1990）。\n{FOOTER}"

    def prompt_guardian_consent(self) -> str:
        under = (f"选手未满{self.guardian_age}周岁" if self.exact_age else
                 f"按出生年份或虚岁算，选手可能未满{self.guardian_age}周岁")
        return (f"{under}，需要监护人（父母或其他监护人）同意才能报名。"
                "请监护人看过上面的报名信息说明后，回复「同意」；不同意请回复「取消」。")

    def prompt_guardian_name(self) -> str:
        return f"请发送监护人的姓名。\n{FOOTER}"

    def prompt_guardian_phone(self) -> str:
        return f"请发送监护人的手机号（11位），比赛通知会发给监护人。\n{FOOTER}"

    def prompt_name(self) -> str:
        return f"请发送{self.person}的姓名（和身份证上一致）。\n{FOOTER}"

    def prompt_sex(self) -> str:
        return f"{self.person}的性别？回复序号：\n1. 男\n2. 女\n{FOOTER}"

    def phone_optional(self) -> bool:
        return self.for_other or self.minor

    def prompt_phone(self) -> str:
        if self.phone_optional():
            return (f"请发送{self.person}的手机号（11位）。没有手机请回复「无」"
                    f"{'，我们会联系监护人' if self.minor else ''}。\n{FOOTER}")
        return f"请发送{self.person}的手机号（11位），用来通知比赛时间和地点。\n{FOOTER}"

    def township_lines(self) -> str:
        return "\n".join(f"{i}. {t.name}" for i, t in enumerate(self.cat.townships, 1))

    @staticmethod
    def village_lines(t: Township) -> str:
        """The numbered villages of ``t``; for a very long list, a request for the name instead."""
        if len(t.villages) > MAX_LISTED_VILLAGES:
            return f"{t.name}的村（社区）较多，请直接发送村名，例如：{t.villages[0]}。"
        return "\n".join(f"{i}. {v}" for i, v in enumerate(t.villages, 1))

    def prompt_township(self) -> str:
        return f"{self.person}是哪个乡（镇）的？回复序号或乡镇名：\n{self.township_lines()}\n{FOOTER}"

    def prompt_village(self) -> str:
        t = self.cat.township(self.slots.get("township", ""))
        if t is None:
            return self.prompt_township()
        return f"{self.person}是{t.name}哪个村（社区）的？回复序号或村名：\n{self.village_lines(t)}\n{FOOTER}"

    def prompt_school(self) -> str:
        return f"请发送选手就读的学校和年级，例如：洛隆县完全小学 四年级。\n{FOOTER}"

    def prompt_team_name(self) -> str:
        return f"这是团体赛，您报名的是整支队伍。请发送队伍名称，例如：达翁村代表队。\n{FOOTER}"

    def prompt_team_members(self) -> str:
        e = self.event
        return (f"本项目每队{e.team_min}–{e.team_max}人（含队长）。请发送其他队员的姓名（不含队长），"
                f"用顿号或空格隔开，例如：次仁、卓玛、格桑、多吉。\n{FOOTER}")

    def prompt_id_consent(self) -> str:
        skip = "" if self.id_required else "不愿提供请回复「跳过」，"
        return ("县里要求登记身份证号，用来核实身份、防止重复报名。身份证号加密保存，只有县活动办能查看，"
                f"活动结束后删除。\n同意提供请回复「同意」；{skip}放弃报名请回复「取消」。")

    def prompt_id_number(self) -> str:
        return f"请发送{self.person}的18位身份证号。\n{FOOTER}"

    # -- parsers: return the slot value or raise Invalid / Redirect / Suggest ---------------------
    async def parse(self, slot: str, text: str) -> Any:
        return await getattr(self, f"parse_{slot}")(text)

    async def parse_for_other(self, text: str) -> bool:
        n = choice_number(text)
        word = strip_punct(text)
        if n == 1 or word in ("给自己报名", "自己", "给自己", "本人", "我自己"):
            await self.check_own_limit()
            return False
        if n == 2 or word in ("帮别人报名", "别人", "帮别人", "代报", "他人", "给别人", "给别人报名"):
            return True
        raise Invalid("请回复 1（给自己报名）或 2（帮别人报名）。")

    async def check_own_limit(self) -> None:
        limit = self.cat.campaign.max_events_per_person
        have = await store.count_active_for_user(self.db, self.ctx.user)
        if have >= limit:
            raise Invalid(f"您已经报名了{have}个项目，每人最多报{limit}个。回复「我的报名」查看，"
                          "或「取消报名 序号」取消一项后再报；要帮别人报名请回复 2。")

    async def parse_category(self, text: str) -> str:
        found = self.cat.find_category(text)
        if found.item is not None:
            return found.item.code
        ev = self.cat.find_event(text) if choice_number(text) is None else None
        if ev is not None and ev.item is not None:
            await self.check_event(ev.item)
            self.slots["event"] = ev.item.code
            return ev.item.category
        options = found.suggestions or (ev.suggestions if ev else [])
        if options:
            raise Suggest(f"没有完全对上“{echo(text)}”。您是不是想问：", [o.name for o in options])
        n = len(self.cat.categories)
        raise Invalid(f"没有找到“{echo(text)}”。请回复1–{n}的序号选择大类：\n"
                      + "\n".join(f"{i}. {c.name}" for i, c in enumerate(self.cat.categories, 1)))

    async def parse_event(self, text: str) -> str:
        c = self.category
        found = self.cat.find_event(text, c)
        if found.item is not None:
            await self.check_event(found.item)
            if found.item.category != self.slots.get("category"):
                self.slots["category"] = found.item.category
            return found.item.code
        other = self.cat.find_category(text) if choice_number(text) is None else None
        if other is not None and other.item is not None and other.item is not c:
            # A category named at the event question: show that category's events.
            raise Redirect(self.prompt_event_of(other.item), [], {"category": other.item.code})
        if found.suggestions:
            raise Suggest(f"没有完全对上“{echo(text)}”。您是不是想问：", [e.name for e in found.suggestions])
        n = len(c.events) if c else len(self.cat.events)
        raise Invalid(f"没有找到“{echo(text)}”这个项目。请回复1–{n}的序号：\n" + (self.event_list(c) if c else "")
                      + "\n要换大类请回复「上一步」。")

    async def check_event(self, e: Event) -> None:
        """Open, not full, not already signed up (self), age fits what was entered."""
        c = self.cat.category_of(e)
        others = f"\n请回复序号选择「{c.name}」的其他项目：\n{self.event_list(c)}\n要换大类请回复「上一步」。"
        stay = {"category": c.code}       # the list shown is this category's: numbers now pick from it

        def refuse(message: str) -> Redirect:
            return Redirect(message + others, ["event"], stay)

        if e.deadline < self.today:
            raise refuse(f"抱歉，「{e.name}」的报名已于{cn_date(e.deadline)}截止。")
        if e.capacity is not None and await store.event_taken(self.db, e.code) >= e.capacity:
            raise refuse(f"抱歉，「{e.name}」的{e.capacity}个名额已经报满了。")
        if not self.for_other:
            mine = await store.find_active_for_user(self.db, e.code, self.ctx.user)
            if mine is not None:
                raise refuse(f"您已经报过「{e.name}」了（报名号 {mine.number}），不用重复报名。")
        idn, info = self.slots.get("id_number"), self.age_info
        problem = None
        if idn:                                  # the exact age, once the ID number is in
            problem = eligibility_problem(e.min_age, e.max_age, idn["age"], e.name)
        elif info is not None:
            problem = eligibility_problem(e.min_age, e.max_age, info.age, e.name, by_year=info.birth_year is not None)
        if problem:
            raise refuse(f"抱歉，{problem}")

    async def parse_consent(self, text: str) -> str:
        word = strip_punct(text)
        if word in REFUSE_WORDS:
            raise Invalid("需要您同意后才能报名。同意请回复「同意」；不同意请回复「取消」，不会保存任何信息。")
        if word in AGREE_WORDS or parse_yes_no(text):
            return self.ctx.now.isoformat()
        raise Invalid("请先看上面的报名信息说明。同意请回复「同意」；不同意请回复「取消」。")

    async def parse_farmer(self, text: str) -> bool:
        yes = parse_yes_no(text)
        if yes is None:
            raise Invalid("请回复 1（是农牧民）或 2（不是）。")
        if not yes:
            e = self.event
            c = self.cat.category_of(e)
            raise Redirect(f"抱歉，「{e.name}」只限农牧民群众参加。请回复序号改选「{c.name}」的其他项目：\n"
                           f"{self.event_list(c)}\n要换大类请回复「上一步」。", ["event"], {"category": c.code})
        return True

    async def parse_age(self, text: str) -> dict:
        info = parse_age(text, self.today)
        e = self.event
        problem = eligibility_problem(e.min_age, e.max_age, info.age, e.name, by_year=info.birth_year is not None)
        if problem:
            raise Invalid(f"{problem}\n如果填错了，请重新发送年龄或出生年份；如果没填错，回复「换项目」改报其他项目，"
                          "或回复「取消」放弃。")
        return {"age": info.age, "birth_year": info.birth_year, "nominal": info.nominal}

    async def parse_guardian_consent(self, text: str) -> str:
        word = strip_punct(text)
        if word in AGREE_WORDS or parse_yes_no(text):
            return self.ctx.now.isoformat()
        raise Invalid(f"未满{self.guardian_age}周岁的选手需要监护人同意。监护人同意请回复「同意」；不同意请回复「取消」。")

    async def parse_guardian_name(self, text: str) -> str:
        return parse_name(text, "监护人姓名")

    async def parse_guardian_phone(self, text: str) -> str:
        return parse_phone(text)

    async def parse_name(self, text: str) -> str:
        return parse_name(text)

    async def parse_sex(self, text: str) -> str:
        return parse_sex(text)

    async def parse_phone(self, text: str) -> str | None:
        if strip_punct(text) in SKIP_FIELD_WORDS:
            if self.phone_optional():
                return None
            raise Invalid("给自己报名需要留手机号，方便通知比赛时间和地点。请发送11位手机号；"
                          "没有手机可以请村干部帮您报名。")
        return parse_phone(text)

    async def parse_township(self, text: str) -> str:
        found = self.cat.find_township(text)
        if found.item is not None:
            return found.item.name
        if found.suggestions:
            raise Suggest(f"没有找到“{echo(text)}”这个乡镇。您是不是想问：", [t.name for t in found.suggestions])
        hint = ""
        elsewhere = self.cat.village_anywhere(text)
        if elsewhere:
            hint = f"“{echo(text)}”是村名，它在{'、'.join(t.name for t, _ in elsewhere)}。先选乡镇，再选村。\n"
        n = len(self.cat.townships)
        raise Invalid(f"{hint}没有找到“{echo(text)}”这个乡镇。请回复1–{n}的序号：\n{self.township_lines()}")

    async def parse_village(self, text: str) -> str:
        t = self.cat.township(self.slots["township"])
        found = self.cat.find_village(t, text)
        if found.item is not None:
            return found.item
        elsewhere = [tw.name for tw, _ in self.cat.village_anywhere(text) if tw.name != t.name]
        if elsewhere:       # an exact village of another township: the township was probably wrong
            raise Invalid(f"“{echo(text)}”在{'、'.join(elsewhere)}，不在{t.name}。如果乡镇选错了请回复「上一步」；"
                          f"否则请回复序号选择{t.name}的村：\n" + self.village_lines(t))
        if found.suggestions:
            raise Suggest(f"{t.name}没有“{echo(text)}”。您是不是想问：", list(found.suggestions))
        raise Invalid(f"{t.name}没有找到“{echo(text)}”。请回复序号选择村（社区），"
                      "如果乡镇选错了请回复「上一步」。\n" + self.village_lines(t)
                      + "\n名单里没有您的村？请联系乡镇或县活动办补充。")

    async def parse_school(self, text: str) -> str:
        return parse_school(text)

    async def parse_team_name(self, text: str) -> str:
        return parse_team_name(text)

    async def parse_team_members(self, text: str) -> list[str]:
        e = self.event
        return parse_members(text, captain=self.slots.get("name", ""), team_min=e.team_min, team_max=e.team_max)

    async def parse_id_consent(self, text: str) -> str:
        word = strip_punct(text)
        if word in SKIP_FIELD_WORDS or word in REFUSE_WORDS:
            if self.id_required:
                raise Invalid("县里要求报名登记身份证号，不提供就不能报名。同意请回复「同意」，放弃请回复「取消」。")
            return "declined"
        if word in AGREE_WORDS or parse_yes_no(text):
            return self.ctx.now.isoformat()
        raise Invalid("同意提供身份证号请回复「同意」" + ("" if self.id_required else "，不提供请回复「跳过」") + "。")

    async def parse_id_number(self, text: str) -> dict:
        try:
            cipher = IdCipher.from_env()
        except IdKeyError as e:
            log_event(log, "id-key-missing", logging.ERROR, error=str(e))
            raise Invalid("抱歉，身份证号登记暂时不能用。请回复「取消」，稍后再报名，或联系县活动办。") from None
        info = parse_id_number(text, self.today)
        a = self.slots.get("age") or {}
        problem = id_consistency_problem(info, sex=self.slots.get("sex"), age=a.get("age"),
                                         birth_year=a.get("birth_year"), today=self.today,
                                         nominal=a.get("nominal", False))
        if problem:
            raise Invalid(f"{problem}请核对后重新发送身份证号；如果是前面填错了，回复「修改 年龄」或「修改 性别」。")
        e = self.event
        exact = age_on(info.birth, self.today)
        problem = eligibility_problem(e.min_age, e.max_age, exact, e.name)
        if problem:
            raise Invalid(f"{problem}（按身份证号计算）回复「换项目」改报其他项目，或回复「取消」放弃。")
        id_hash = cipher.hash(info.number)
        dup = await store.find_active_by_id_hash(self.db, e.code, id_hash)
        if dup is not None and dup.openid == self.ctx.user:
            raise Invalid(f"这个身份证号已经报过「{e.name}」了（报名号 {dup.number}），不用重复报名。"
                          "回复「我的报名」查看，或回复「取消」放弃本次报名。")
        if dup is not None:                      # entered by someone else: say nothing about that sign-up
            raise Invalid(f"{ID_TAKEN}回复「取消」放弃本次报名。")
        return {"cipher": cipher.encrypt(info.number), "hash": id_hash, "masked": mask_id_number(info.number),
                "birth": info.birth.isoformat(), "age": exact}

    # -- summary ---------------------------------------------------------------------------------
    def summary(self) -> str:
        s = self.slots
        e = self.event
        lines = ["请核对报名信息：",
                 f"报名方式：{'帮别人报名' if self.for_other else '给自己报名'}",
                 f"项目：{self.cat.category_of(e).name} · {e.name}"]
        if e.is_team:
            lines.append(f"队名：{s.get('team_name', '')}")
        lines.append(f"{'队长' if e.is_team else '姓名'}：{s.get('name', '')}")
        age = s.get("age") or {}
        if "id_number" in s:          # what will be stored: the age from the ID number
            age = {"age": s["id_number"]["age"], "birth_year": int(s["id_number"]["birth"][:4])}
        age_text = (f"{age.get('age')}岁" + (f"（{age['birth_year']}年出生）" if age.get("birth_year") else "")
                    + ("（虚岁）" if age.get("nominal") else ""))
        lines.append(f"性别：{s.get('sex', '')}　年龄：{age_text}")
        lines.append(f"手机号：{s.get('phone') or '无'}")
        if self.minor:
            lines.append(f"监护人：{s.get('guardian_name', '')}（{s.get('guardian_phone', '')}）")
        lines.append(f"乡镇：{s.get('township', '')}　村：{s.get('village', '')}")
        if "school" in s:
            lines.append(f"学校：{s['school']}")
        if e.is_team:
            members = s.get("team_members") or []
            lines.append(f"队员（{len(members) + 1}人含队长）：{'、'.join(members)}")
        if "id_number" in s:
            lines.append(f"身份证号：{s['id_number']['masked']}")
        lines.append("\n信息无误请回复「确认」提交。要修改请回复「修改 项目名」（如“修改 手机号”），"
                     "或「上一步」；放弃请回复「取消」。")
        return "\n".join(lines)

    def new_signup(self) -> store.NewSignup:
        """The sign-up to store. Raises IncompleteDraft unless every rule of the form holds."""
        missing = self.incomplete()
        if missing:
            raise IncompleteDraft(missing)
        s = self.slots
        e = self.event
        c = self.cat.category_of(e)
        age = s["age"]
        idn = s.get("id_number")
        return store.NewSignup(
            idem_key=self.d["id"], openid=self.ctx.user, for_other=self.for_other,
            event=store.EventInfo(code=e.code, name=e.name, category=c.code, category_name=c.name,
                                  deadline=e.deadline, capacity=e.capacity),
            name=s["name"], sex=s["sex"], age=self.age,
            birth_year=int(idn["birth"][:4]) if idn else age.get("birth_year"),
            birth_date=date.fromisoformat(idn["birth"]) if idn else None,
            phone=s.get("phone"), township=s["township"], village=s["village"], school=s.get("school"),
            farmer=s.get("farmer"), team_name=s.get("team_name"), team_members=list(s.get("team_members") or []),
            guardian_name=s.get("guardian_name"), guardian_phone=s.get("guardian_phone"),
            consent_at=datetime.fromisoformat(s["consent"]),
            guardian_consent_at=datetime.fromisoformat(s["guardian_consent"]) if s.get("guardian_consent") else None,
            id_consent_at=(datetime.fromisoformat(s["id_consent"])
                           if s.get("id_consent") not in (None, "declined") else None),
            id_cipher=idn["cipher"] if idn else None, id_hash=idn["hash"] if idn else None,
            id_masked=idn["masked"] if idn else None,
        )


# ---------------------------------------------------------------------------------------------
# The handler
# ---------------------------------------------------------------------------------------------
class SignupHandler(Handler):
    name = "signup"
    commands = {"报名": "start", "我的报名": "my_signups", "取消报名": "cancel_signup"}
    named_commands = {"报名": "start_event"}

    def __init__(self) -> None:
        self._last_purge = 0.0

    # -- commands ------------------------------------------------------------------------------
    async def start(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        await self._maybe_purge(ctx)
        draft = self._session_draft(ctx)
        if draft is None:
            saved = await store.load_draft(ctx.services.db, ctx.user)
            if saved is not None and self._usable(saved[0]):
                draft = saved[0]
        if draft is not None and draft.get("slots"):
            ctx.enter(self.name, {"draft": draft, "side": {"kind": "resume"}})
            form = Form(ctx, copy.deepcopy(draft))     # only described here: repaired (and said so) on 「继续」
            cur = form.current()
            where = "核对信息" if cur is None else SLOT_LABELS.get(cur, cur)
            ev = form.event
            what = f"项目：{ev.name}，" if ev else ""
            return Reply(f"您有一份没填完的报名（{what}填到：{where}）。回复序号：\n1. 继续填写\n2. 重新开始",
                         outcome="resume-offer")
        return await self._new_draft(ctx)

    async def start_event(self, ctx: Context, msg: Message, arg: str) -> Reply | None:
        """「报名 赛马」: a sign-up with the event already chosen; None when ``arg`` names no one event."""
        event = desk_for(ctx.services.catalogue).named_event(arg) if ctx.services.catalogue else None
        if event is None:
            return None
        why = ""
        if event.deadline < county_today(ctx.now):
            why = f"报名已于{cn_date(event.deadline)}截止"
        elif event.capacity is not None and await store.event_taken(ctx.services.db, event.code) >= event.capacity:
            why = f"{event.capacity}个名额已经报满了"
        if why:
            return Reply(f"抱歉，「{event.name}」的{why}。回复「报名」看看其他项目。", outcome="closed")
        reply = await self.start(ctx, msg)
        side = ctx.session.data.get("side") or {}
        if side.get("kind") == "resume":       # a draft is waiting: 2 (重新开始) starts at this event
            side["event"] = event.code
            reply.text += f"\n（选 2 就直接报「{event.name}」。）"
            return reply
        return await self._new_draft(ctx, event)

    async def my_signups(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        rows = await store.list_signups(ctx.services.db, ctx.user)
        note = self._draft_note(ctx)
        if not rows:
            return Reply("您还没有报名记录。回复「报名」开始报名。" + note, outcome="empty")
        lines = [f"您的报名（共{len(rows)}项）："]
        lines += [self._signup_line(i, r) for i, r in enumerate(rows, 1)]
        lines.append(f"要取消某一项，回复「取消报名 序号」，序号是每行前面的数字，例如“取消报名 1”；"
                     f"也可以用报名号，例如“取消报名 {rows[0].number}”。回复「报名」继续报名。")
        return Reply("\n".join(lines) + note, outcome="list")

    async def cancel_signup(self, ctx: Context, msg: Message, arg: str = "") -> Reply:
        """「取消报名 N」: N is the 序号 shown by 「我的报名」; 「取消报名 BM000042」 names a sign-up number.
        Only the user's own active sign-ups can be picked, and nothing about others' is said."""
        rows = await store.list_signups(ctx.services.db, ctx.user)
        if not rows:
            return Reply("您还没有可以取消的报名。回复「报名」开始报名。", outcome="empty")
        listing = "\n".join(self._signup_line(i, r) for i, r in enumerate(rows, 1))
        again = "回复「取消报名 序号」取消其中一项（序号是每行前面的数字）。"
        target = cancel_target(arg)
        if target is None:
            head = f"没看懂“{echo(arg)}”。" if strip_punct(arg) else ""
            return Reply(f"{head}要取消哪一项？回复「取消报名 序号」，例如“取消报名 1”：\n{listing}",
                         outcome="ask" if not head else "invalid")
        kind, value = target
        if kind == "seq":
            if not 1 <= value <= len(rows):
                return Reply(f"没有第{value}项。您现在有{len(rows)}项报名：\n{listing}\n{again}", outcome="invalid")
            n, row = value, rows[value - 1]
        else:
            row = next((r for r in rows if r.id == value), None)
            if row is None:
                return Reply(f"您的报名里没有报名号 {store.signup_number(value)}。您现在有{len(rows)}项报名：\n"
                             f"{listing}\n{again}", outcome="invalid")
            n = rows.index(row) + 1
        data = ctx.session.data if ctx.session.flow == self.name else {}
        ctx.enter(self.name, {**({"draft": data["draft"]} if data.get("draft") else {}),
                              "side": {"kind": "cancel_confirm", "id": row.id, "n": n}})
        return Reply(f"确定要取消第{n}项吗？\n{self._signup_line(0, row)}\n"
                     "回复「确认」取消这项报名；回复「不」保留。", outcome="confirm-cancel")

    # -- flow ----------------------------------------------------------------------------------
    async def handle(self, ctx: Context, msg: Message) -> Reply | None:
        data = ctx.session.data
        if data.get("done"):
            return self._after_done(ctx, msg, data["done"])
        side = data.get("side")
        if side:
            return await self._handle_side(ctx, msg, side)
        draft = data.get("draft")
        if not draft:
            ctx.leave()
            return Reply("报名已经结束。回复「报名」重新开始，回复「我的报名」查看。", outcome="no-draft")
        prefix = ""
        if data.pop("restored", False):
            prefix = "（已接着您上次没填完的报名继续。）\n"
        reply = await self._answer(ctx, draft, msg.text)
        if prefix and reply.text:
            reply.text = prefix + reply.text
        return reply

    async def cancel(self, ctx: Context) -> str:
        data = ctx.session.data
        side = data.get("side") or {}
        if side.get("kind") == "cancel_confirm":
            return "好的，没有取消您的报名。"
        done = data.get("done")
        if done:
            return (f"您的报名已经提交（报名号 {done['number']}），没有取消。要取消这项报名，"
                    f"请回复「取消报名 {done['number']}」。")
        draft = data.get("draft")
        await store.delete_draft(ctx.services.db, ctx.user)
        if draft:
            log_event(log, "signup-abandoned", user=short_user(ctx.user), step=Form(ctx, draft).current() or "summary")
        return "已放弃本次报名，填写的信息已删除。需要时回复「报名」重新开始。"

    async def expired(self, ctx: Context) -> str:
        if ctx.session.data.get("draft"):
            return "您刚才的报名还没填完，已经为您保存。回复「报名」可以接着填写。"
        return ""

    async def restore(self, ctx: Context) -> bool:
        """A new session (e.g. after a restart): pick up a recent unfinished draft."""
        db = ctx.services.db
        if db is None:
            return False
        saved = await store.load_draft(db, ctx.user)
        if saved is None:
            return False
        draft, updated = saved
        window = float(signup_cfg(ctx).get("resume_window_seconds", 1800))
        if not self._usable(draft) or (ctx.now - updated).total_seconds() > window:
            return False
        ctx.enter(self.name, {"draft": draft, "restored": True})
        log_event(log, "signup-restored", user=short_user(ctx.user))
        return True

    # -- internals -----------------------------------------------------------------------------
    async def _new_draft(self, ctx: Context, event: Event | None = None) -> Reply:
        slots = {"category": event.category, "event": event.code} if event is not None else {}
        draft = {"id": uuid.uuid4().hex, "v": DRAFT_VERSION, "slots": slots}
        await store.delete_draft(ctx.services.db, ctx.user)
        ctx.enter(self.name, {"draft": draft})
        form = Form(ctx, draft)
        head = f"报名「{event.name}」（{form.event_facts(event)}）。\n" if event is not None else ""
        return Reply(head + form.prompt(), outcome="start")

    def _session_draft(self, ctx: Context) -> dict | None:
        if ctx.session.flow == self.name:
            return ctx.session.data.get("draft")
        return None

    @staticmethod
    def _usable(draft: dict) -> bool:
        return isinstance(draft, dict) and draft.get("v") == DRAFT_VERSION and bool(draft.get("id"))

    async def _save(self, ctx: Context, draft: dict) -> None:
        await store.save_draft(ctx.services.db, ctx.user, draft["id"], draft, ctx.now)

    def _draft_note(self, ctx: Context) -> str:
        draft = self._session_draft(ctx)
        if not draft or not draft.get("slots"):
            return ""
        return "\n\n您还有一份报名没填完：\n" + Form(ctx, draft).prompt()

    def _after_done(self, ctx: Context, msg: Message, done: dict) -> Reply | None:
        """The message after a confirmation: a repeated 「确认」 is told the number; anything else
        ends the flow and is passed on (None), so a question right after signing up gets answered."""
        recent = ctx.now - datetime.fromisoformat(done["at"]) <= DONE_WINDOW
        if recent and strip_punct(msg.text) in CONFIRM_WORDS:
            return Reply(f"已报名成功，报名号 {done['number']}，不用再确认。回复「我的报名」查看，"
                         "回复「报名」报其他项目或帮别人报名。", outcome="already-confirmed")
        return None

    async def _handle_side(self, ctx: Context, msg: Message, side: dict) -> Reply:
        data = ctx.session.data
        word = strip_punct(msg.text)
        if side["kind"] == "resume":
            n = choice_number(msg.text)
            if n == 1 or word in ("继续", "继续填写", "接着填"):
                data.pop("side")
                return Reply("好的，接着填写。\n" + Form(ctx, data["draft"]).prompt(), outcome="resume")
            if n == 2 or word in RESTART_WORDS:
                return await self._new_draft(ctx, ctx.services.catalogue.event(side.get("event") or ""))
            return Reply("请回复 1（继续填写）或 2（重新开始）。", outcome="invalid")
        if side["kind"] == "cancel_confirm":
            yes = word in CONFIRM_WORDS or word in ("确认取消", "取消这项") or parse_yes_no(msg.text) is True
            no = parse_yes_no(msg.text) is False or word in ("保留", "不取消", "算了")
            if not yes and not no:
                return Reply("回复「确认」取消这项报名；回复「不」保留。", outcome="invalid")
            data.pop("side")
            if yes:
                try:
                    row = await store.cancel_signup(ctx.services.db, ctx.user, side["id"], now=ctx.now)
                    text = (f"已取消：{row.event_name}（{row.name}，报名号 {row.number}）。"
                            "记录保留为“已取消”，截止前还可以重新报名。")
                    log_event(log, "signup-cancelled", user=short_user(ctx.user), event_code=row.event_code, id=row.id)
                    outcome = "cancelled"
                except store.NotFound:
                    text = "这项报名已经取消过了，或不是您提交的。回复「我的报名」查看。"
                    outcome = "invalid"
            else:
                text, outcome = "好的，保留了这项报名。", "kept"
            if data.get("draft"):
                text += "\n\n接着填写您的报名：\n" + Form(ctx, data["draft"]).prompt()
            else:
                ctx.leave()
                text += "回复「我的报名」查看，回复「报名」报名。" if outcome != "invalid" else ""
            return Reply(text, outcome=outcome)
        data.pop("side", None)             # a side step this version does not know (left by an older one)
        if data.get("draft"):
            return Reply(Form(ctx, data["draft"]).prompt(), outcome="prompt")
        ctx.leave()
        return Reply("请回复「报名」开始报名，或回复「我的报名」查看。", outcome="prompt")

    async def _answer(self, ctx: Context, draft: dict, text: str) -> Reply:
        form = Form(ctx, draft)
        word = strip_punct(text)
        if form.repaired:               # the catalogue was reloaded since the draft began
            await self._save(ctx, draft)
            return Reply(form.prompt(), outcome="reselect")
        form.prune()

        if word in BACK_WORDS:
            draft.pop("suggest", None)
            moved = form.back()
            await self._save(ctx, draft)
            head = "" if moved else "已经是第一步了。\n"
            return Reply(head + form.prompt(), outcome="back")
        if word in SWITCH_EVENT_WORDS and "event" in form.slots:
            form.unset("event")
            await self._save(ctx, draft)
            return Reply("好的，请重新选择项目（已填的信息会保留）。\n" + form.prompt(), outcome="switch-event")
        if word in RESTART_WORDS:
            return await self._new_draft(ctx)
        target = edit_target(word)
        if target is not None:
            return await self._edit(ctx, form, target)
        if word.startswith("修改") and form.current() is None:
            labels = "、".join(dict.fromkeys(k for k, v in EDIT_LABELS.items() if v in form.slots))
            return Reply(f"可以修改的有：{labels}。例如回复“修改 手机号”。\n\n{form.summary()}", outcome="invalid")

        slot = form.current()
        if slot is None:
            return await self._confirm(ctx, form, word)
        if not word and not choice_number(text):
            head = "请用文字回复（表情和符号我看不懂）。" if (text or "").strip() else "没有收到内容。"
            return Reply(head + form.prompt(), outcome="invalid")

        # A pending "did you mean": a number picks one of the suggestions, and only one of them.
        suggest = draft.get("suggest")
        if suggest and suggest.get("slot") == slot:
            n = choice_number(text)
            options = suggest["options"]
            if n is not None and not 1 <= n <= len(options):
                which = "1" if len(options) == 1 else f"1–{len(options)}的序号"
                return Reply(self._suggest_text(f"请回复{which}选择：", options), outcome="suggest")
            draft.pop("suggest", None)
            if n is not None:
                text = options[n - 1]
        try:
            value = await form.parse(slot, text)
        except Invalid as e:
            await self._save(ctx, draft)
            return Reply(str(e), outcome="invalid")
        except Suggest as s:
            draft["suggest"] = {"slot": slot, "options": s.labels}
            await self._save(ctx, draft)
            return Reply(self._suggest_text(s.message, s.labels), outcome="suggest")
        except Redirect as r:
            for name in r.unset:
                form.unset(name)
            form.slots.update(r.set)
            await self._save(ctx, draft)
            return Reply(r.message, outcome="redirect")
        form.slots[slot] = value
        form.prune()
        await self._save(ctx, draft)
        head = ""
        nxt = form.current()
        if slot in ("category", "event") and form.event is not None and nxt != "consent":
            head = f"已选择「{form.event.name}」（{form.event_facts(form.event)}）。\n"
        return Reply(head + form.prompt(), outcome="prompt" if nxt else "summary")

    @staticmethod
    def _suggest_text(head: str, labels: list[str]) -> str:
        lines = [head] + [f"{i}. {label}" for i, label in enumerate(labels, 1)]
        lines.append("回复序号选择，或重新发送正确的名称。")
        return "\n".join(lines)

    async def _edit(self, ctx: Context, form: Form, slot: str) -> Reply:
        """「修改 手机号」: empty that slot (and those depending on it) and ask again. Never an answer."""
        label = SLOT_LABELS.get(slot, slot)
        if slot in form.slots:
            form.unset(slot)
            await self._save(ctx, form.d)
            return Reply(form.prompt(), outcome="edit")
        if slot in form.needed():
            return Reply(f"还没填到{label}，先回答这一步：\n{form.prompt()}", outcome="invalid")
        return Reply(f"这次报名不用填{label}。\n{form.prompt()}", outcome="invalid")

    async def _confirm(self, ctx: Context, form: Form, word: str) -> Reply:
        if word not in CONFIRM_WORDS:
            return Reply("还没有提交。" + form.summary(), outcome="invalid")
        catalogue = form.cat
        try:
            new = form.new_signup()
        except IncompleteDraft:
            await self._save(ctx, form.d)
            return Reply("还有信息需要补充。\n" + form.prompt(), outcome="prompt")
        who = "您" if not form.for_other else new.name
        try:
            row, created = await store.confirm_signup(
                ctx.services.db, new, today=form.today, max_events=catalogue.campaign.max_events_per_person,
                now=ctx.now)
        except store.AlreadySignedUp as e:
            # Kept: the draft, minus the event, so another one can be chosen.
            form.unset("event")
            await self._save(ctx, form.d)
            if e.existing is not None and e.existing.openid == ctx.user:
                why = f"{who}已经报过「{new.event.name}」了（报名号 {e.existing.number}），这次没有保存。"
            else:                       # someone else's sign-up (same ID number): nothing about it
                why = ID_TAKEN + "这次没有保存。"
            return Reply(f"{why}已填的信息会保留，可以改选其他项目；回复「我的报名」查看，回复「取消」放弃。\n"
                         + form.prompt(), outcome="duplicate")
        except store.TooManyEvents as e:
            # Kept as it is: after 「取消报名 序号」 for another event, 「确认」 stores it.
            await self._save(ctx, form.d)
            return Reply(f"每人最多报{e.limit}个项目，{who}已经报满了，这次没有保存。已填的信息会保留："
                         "回复「我的报名」查看，「取消报名 序号」取消一项后再回复「确认」提交；"
                         "或回复「取消」放弃本次报名。", outcome="limit")
        except (store.EventFull, store.DeadlinePassed) as e:
            form.unset("event")
            await self._save(ctx, form.d)
            why = "名额刚刚报满了" if isinstance(e, store.EventFull) else "报名已经截止了"
            return Reply(f"抱歉，「{new.event.name}」{why}，这次没有保存。已填的信息会保留，请改选其他项目。\n"
                         + form.prompt(), outcome=e.reason)
        await store.delete_draft(ctx.services.db, ctx.user, form.d["id"])
        ctx.enter(self.name, {"done": {"number": row.number, "at": ctx.now.isoformat()}})
        if created:
            log_event(log, "signup-confirmed", user=short_user(ctx.user), event_code=row.event_code, id=row.id,
                      for_other=row.for_other, id_number=row.id_hash is not None)
        contact = catalogue.campaign.contact_line()
        return Reply(f"报名成功！报名号：{row.number}\n项目：{row.event_name}\n选手：{row.name}（{row.township}{row.village}）\n"
                     "比赛时间和地点会由村里或乡镇通知，请保持电话畅通。"
                     f"{contact}\n回复「我的报名」查看，回复「报名」报其他项目或帮别人报名。",
                     outcome="confirmed" if created else "confirmed-again")

    @staticmethod
    def _signup_line(i: int, r: store.Signup) -> str:
        who = f"{r.name}" + ("（代报）" if r.for_other else "")
        team = f"，队名：{r.team_name}" if r.team_name else ""
        phone = f"，{mask_phone(r.phone)}" if r.phone else ""
        head = f"{i}. " if i else "　"
        return f"{head}{r.event_name} — {who}{phone}{team}，报名号 {r.number}"

    async def _maybe_purge(self, ctx: Context) -> None:
        if time.monotonic() - self._last_purge < 3600 or ctx.services.db is None:
            return
        self._last_purge = time.monotonic()
        days = float(signup_cfg(ctx).get("draft_keep_days", 7))
        removed = await store.purge_drafts(ctx.services.db, ctx.now - timedelta(days=days))
        if removed:
            log_event(log, "drafts-purged", count=removed)
