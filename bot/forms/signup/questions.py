"""The sign-up questions and their parsers, as the slot table (slots.py) refers to them.

A prompt is ``(answers) -> str``; a parser is ``async (answers, text) -> Accept | Reject | Suggest
| Redirect`` (bot.forms.spec). Parsers that check against stored sign-ups (full, already signed up,
the same ID number) ask ``a.signups``, the repository the conversation was given.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from bot.core.clock import cn_date, cn_month_day
from bot.core.idcrypt import IdCipher, IdKeyError
from bot.core.logs import log_event
from bot.core.privacy import mask_id_number
from bot.forms import validators as v
from bot.forms.signup.answers import Answers
from bot.forms.spec import Accept, Parsed, Redirect, Reject, Suggest
from bot.forms.text import choice_number, events_named, mode_label, word
from bot.forms.validators import echo
from knowledge.words import AGREE_WORDS, NO_PHONE_WORDS, REFUSE_WORDS, SKIP_FIELD_WORDS

if TYPE_CHECKING:
    from knowledge.catalogue import Category, Event, Township

log = logging.getLogger("handlers.signup")     # one logger for the sign-up's lines, wherever they come from

FOOTER = "（发「上一步」返回，发「取消」放弃报名）"
ID_TAKEN = "此身份证号已有报名，如有疑问请联系县活动办。"
MAX_LISTED_VILLAGES = 40                # a longer list is not shown: the user types the village name

SELF_WORDS = {"给自己报名", "自己", "给自己", "本人", "我自己"}
OTHER_WORDS = {"帮别人报名", "别人", "帮别人", "代报", "他人", "给别人", "给别人报名"}


# ---------------------------------------------------------------------------------------------
# Lists shown in questions
# ---------------------------------------------------------------------------------------------
def event_facts(e: Event) -> str:
    """个人赛，年龄…，3月31日截止 -- what someone choosing the event should know."""
    parts = [mode_label(e.mode)]
    if e.is_team:
        parts.append(f"每队{e.team_min}–{e.team_max}人")
    if e.min_age is not None or e.max_age is not None:
        parts.append(f"年龄{e.age_text()}")
    parts.append(f"{cn_date(e.deadline)}截止")
    return "，".join(parts)


def event_list(a: Answers, category: Category) -> str:
    lines = []
    for i, e in enumerate(category.events, 1):
        state = "已截止" if e.deadline < a.today else f"{cn_month_day(e.deadline)}截止"
        lines.append(f"{i}. {e.name}（{mode_label(e.mode)}，{state}）")
    return "\n".join(lines)


def township_lines(a: Answers) -> str:
    return "\n".join(f"{i}. {t.name}" for i, t in enumerate(a.cat.townships, 1))


def village_lines(t: Township) -> str:
    """The numbered villages of ``t``; for a very long list, a request for the name instead."""
    if len(t.villages) > MAX_LISTED_VILLAGES:
        return f"{t.name}的村（社区）较多，请直接发送村名，例如：{t.villages[0]}。"
    return "\n".join(f"{i}. {name}" for i, name in enumerate(t.villages, 1))


# ---------------------------------------------------------------------------------------------
# Prompts
# ---------------------------------------------------------------------------------------------
def prompt_for_other(a: Answers) -> str:
    return ("请问给谁报名？回复序号：\n1. 给自己报名\n2. 帮别人报名（家人、老人、孩子，或村干部代报）\n"
            "（随时发「取消」可以放弃报名）")


def prompt_category(a: Answers) -> str:
    lines = ["请选择比赛大类，回复序号："]
    lines += [f"{i}. {c.name}（{len(c.events)}项）" for i, c in enumerate(a.cat.categories, 1)]
    lines.append("也可以直接发项目名称，例如“村BA”。" + FOOTER)
    return "\n".join(lines)


def prompt_event(a: Answers) -> str:
    c = a.category
    return prompt_category(a) if c is None else events_of(a, c)


def events_of(a: Answers, c: Category) -> str:
    return f"「{c.name}」有这些项目，回复序号选择：\n{event_list(a, c)}\n{FOOTER}"


def prompt_consent(a: Answers) -> str:
    e = a.event
    head = f"您选择了「{e.name}」（{event_facts(e)}）。" if e else ""
    return (f"{head}\n\n【报名信息说明】{a.cat.campaign.data_notice}\n\n"
            "同意请回复「同意」，然后开始填写；不同意请回复「取消」，不会保存任何信息。")


# The consent step asked again (the notice itself is shown once, with the first question).
CONSENT_AGAIN = "看过上面的【报名信息说明】后，同意请回复「同意」，然后开始填写；不同意请回复「取消」，不会保存任何信息。"


def prompt_farmer(a: Answers) -> str:
    return (f"「{a.event.name}」只限农牧民群众参加。{a.who('您', '选手')}是农牧民吗？回复序号：\n1. 是\n2. 不是\n"
            + FOOTER)


def prompt_age(a: Answers) -> str:
    return f"请发送{a.who('您', '选手')}的年龄（如35）或出生年份（如1990）。\n{FOOTER}"


def prompt_guardian_consent(a: Answers) -> str:
    under = (f"选手未满{a.guardian_age}周岁" if a.exact_age else
             f"按出生年份或虚岁算，选手可能未满{a.guardian_age}周岁")
    return (f"{under}，需要监护人（父母或其他监护人）同意才能报名。"
            "请监护人看过上面的报名信息说明后，回复「同意」；不同意请回复「取消」。")


def prompt_phone(a: Answers) -> str:
    if a.phone_optional:
        return (f"请发送{a.person}的手机号（11位）。没有手机请回复「无」"
                f"{'，我们会联系监护人' if a.minor else ''}。\n{FOOTER}")
    return f"请发送{a.person}的手机号（11位），用来通知比赛时间和地点。\n{FOOTER}"


def prompt_village(a: Answers) -> str:
    t = a.cat.township(a.slots.get("township", ""))
    if t is None:
        return prompt_township(a)
    return f"{a.person}是{t.name}哪个村（社区）的？回复序号或村名：\n{village_lines(t)}\n{FOOTER}"


def prompt_township(a: Answers) -> str:
    return f"{a.person}是哪个乡（镇）的？回复序号或乡镇名：\n{township_lines(a)}\n{FOOTER}"


def prompt_team_members(a: Answers) -> str:
    e = a.event
    return (f"本项目每队{e.team_min}–{e.team_max}人（含队长）。请发送其他队员的姓名（不含队长），"
            f"用顿号或空格隔开，例如：次仁、卓玛、格桑、多吉。\n{FOOTER}")


def prompt_id_consent(a: Answers) -> str:
    skip = "" if a.id_required else "不愿提供请回复「跳过」，"
    return ("县里要求登记身份证号，用来核实身份、防止重复报名。身份证号加密保存，只有县活动办能查看，"
            f"活动结束后删除。\n同意提供请回复「同意」；{skip}放弃报名请回复「取消」。")


# ---------------------------------------------------------------------------------------------
# Help: a question about the step itself (名字要写藏文吗, 手机号有什么用), when Q&A has no answer
# ---------------------------------------------------------------------------------------------
def help_name(a: Answers) -> str:
    return (f"姓名请和{a.who('您', '选手')}身份证上的一致，汉字、藏文都可以。"
            "姓名和其他报名信息一样，只用来组织比赛和联系选手（见上面的报名信息说明）。")


def help_age(a: Answers) -> str:
    return "年龄用来核对项目的年龄要求；记不清周岁，可以发出生年份（如1990）。"


def help_phone(a: Answers) -> str:
    without = ("没有手机请回复「无」。" if a.phone_optional else "没有手机可以请村干部帮您报名。")
    return f"手机号用来通知比赛时间和地点，只有县活动办和组织比赛的干部能看到。{without}"


def help_place(a: Answers) -> str:
    return "请在名单里选您住的乡镇和村，回复序号或名称就可以。名单里没有您的村？请联系乡镇或县活动办补充。"


# ---------------------------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------------------------
def validated(validator: Callable[[str], Any]) -> Callable[[Answers, str], Awaitable[Parsed]]:
    """The parser of a field a pure validator checks on its own (its Invalid is the Reject)."""
    async def parse(a: Answers, text: str) -> Parsed:
        return Accept(validator(text))
    return parse


async def parse_for_other(a: Answers, text: str) -> Parsed:
    n, said = choice_number(text), word(text)
    if n == 1 or said in SELF_WORDS:
        return await own_limit(a) or Accept(False)
    if n == 2 or said in OTHER_WORDS:
        return Accept(True)
    return Reject("请回复 1（给自己报名）或 2（帮别人报名）。")


async def own_limit(a: Answers) -> Reject | None:
    """Refused when the user already has as many sign-ups for themselves as one person may."""
    limit = a.cat.campaign.max_events_per_person
    have = await a.signups.count_active_for_user(a.ctx.user)
    if have < limit:
        return None
    return Reject(f"您已经报名了{have}个项目，每人最多报{limit}个。回复「我的报名」查看，"
                  "或「取消报名 序号」取消一项后再报；要帮别人报名请回复 2。")


async def parse_category(a: Answers, text: str) -> Parsed:
    said = word(text)
    exact = next((e for e in a.cat.events if word(e.name) == said), None)
    if exact is not None:           # an event's full name (picked from 「演讲」's two): not its category
        return await event_refused(a, exact) or Accept(exact.category, also={"event": exact.code})
    found = a.cat.find_category(text)
    if found.item is not None:
        return Accept(found.item.code)
    ev = a.cat.find_event(text) if choice_number(text) is None else None
    if ev is not None and ev.item is not None:            # an event named at the category question
        return await event_refused(a, ev.item) or Accept(ev.item.category, also={"event": ev.item.code})
    if ev is not None and (named := events_named(a.cat, text)):
        return await chosen_by_word(a, text, named, at_category=True)
    options = found.suggestions or (ev.suggestions if ev else [])
    if options:
        return Suggest(f"没有完全对上“{echo(text)}”。您是不是想问：", [o.name for o in options])
    n = len(a.cat.categories)
    return Reject(f"没有找到“{echo(text)}”。请回复1–{n}的序号选择大类：\n"
                  + "\n".join(f"{i}. {c.name}" for i, c in enumerate(a.cat.categories, 1)))


async def parse_event(a: Answers, text: str) -> Parsed:
    c = a.category
    found = a.cat.find_event(text, c)
    if found.item is not None:
        e = found.item
        refused = await event_refused(a, e)
        if refused:
            return refused
        moved = {"category": e.category} if e.category != a.slots.get("category") else {}
        return Accept(e.code, also=moved)
    other = a.cat.find_category(text) if choice_number(text) is None else None
    if other is not None and other.item is not None and other.item is not c:
        # A category named at the event question: show that category's events.
        return Redirect(events_of(a, other.item), set={"category": other.item.code})
    if other is not None and (named := events_named(a.cat, text)):
        return await chosen_by_word(a, text, named, at_category=False)
    if found.suggestions:
        return Suggest(f"没有完全对上“{echo(text)}”。您是不是想问：", [e.name for e in found.suggestions])
    n = len(c.events) if c else len(a.cat.events)
    return Reject(f"没有找到“{echo(text)}”这个项目。请回复1–{n}的序号：\n" + (event_list(a, c) if c else "")
                  + "\n要换大类请回复「上一步」。")


async def chosen_by_word(a: Answers, text: str, named: list[Event], at_category: bool) -> Parsed:
    """The events a word names (跑马: 赛马; 演讲: both 演讲 contests): one is chosen, several offered.
    ``at_category``: asked at the category question (the event is chosen along with its category)."""
    if len(named) > 1:
        return Suggest(f"“{echo(text)}”有{len(named)}项比赛，您要报哪一项？", [e.name for e in named])
    e = named[0]
    refused = await event_refused(a, e)
    if refused:
        return refused
    if at_category:
        return Accept(e.category, also={"event": e.code})
    return Accept(e.code, also={"category": e.category} if e.category != a.slots.get("category") else {})


async def event_refused(a: Answers, e: Event) -> Redirect | None:
    """Why ``e`` cannot be chosen (closed, full, already signed up, the age does not fit), as a
    redirect to the other events of its category; None when it can."""
    c = a.cat.category_of(e)
    others = f"\n请回复序号选择「{c.name}」的其他项目：\n{event_list(a, c)}\n要换大类请回复「上一步」。"
    problem = None
    if e.deadline < a.today:
        problem = f"抱歉，「{e.name}」的报名已于{cn_date(e.deadline)}截止。"
    elif e.capacity is not None and await a.signups.event_taken(e.code) >= e.capacity:
        problem = f"抱歉，「{e.name}」的{e.capacity}个名额已经报满了。"
    elif not a.for_other and (mine := await a.signups.find_active_for_user(e.code, a.ctx.user)) is not None:
        problem = f"您已经报过「{e.name}」了（报名号 {mine.number}），不用重复报名。"
    else:
        idn, info = a.slots.get("id_number"), a.age_info
        unfit = None
        if idn:                                  # the exact age, once the ID number is in
            unfit = v.eligibility_problem(e.min_age, e.max_age, idn["age"], e.name)
        elif info is not None:
            unfit = v.eligibility_problem(e.min_age, e.max_age, info.age, e.name, by_year=info.birth_year is not None)
        if unfit:
            problem = f"抱歉，{unfit}"
    if problem is None:
        return None
    # The list shown is this category's: numbers now pick from it.
    return Redirect(problem + others, unset=("event",), set={"category": c.code})


async def parse_consent(a: Answers, text: str) -> Parsed:
    said = word(text)
    if said in REFUSE_WORDS:
        return Reject("需要您同意后才能报名。同意请回复「同意」；不同意请回复「取消」，不会保存任何信息。")
    if said in AGREE_WORDS or v.parse_yes_no(text):
        return Accept(a.ctx.now.isoformat())
    return Reject("请先看上面的报名信息说明。同意请回复「同意」；不同意请回复「取消」。")


async def parse_farmer(a: Answers, text: str) -> Parsed:
    yes = v.parse_yes_no(text)
    if yes is None:
        return Reject("请回复 1（是农牧民）或 2（不是）。")
    if yes:
        return Accept(True)
    e = a.event
    c = a.cat.category_of(e)
    return Redirect(f"抱歉，「{e.name}」只限农牧民群众参加。请回复序号改选「{c.name}」的其他项目：\n"
                    f"{event_list(a, c)}\n要换大类请回复「上一步」。", unset=("event",), set={"category": c.code})


async def parse_age(a: Answers, text: str) -> Parsed:
    info = v.parse_age(text, a.today)
    e = a.event
    problem = v.eligibility_problem(e.min_age, e.max_age, info.age, e.name, by_year=info.birth_year is not None)
    if problem:
        return Reject(f"{problem}\n如果填错了，请重新发送年龄或出生年份；如果没填错，回复「换项目」改报其他项目，"
                      "或回复「取消」放弃。")
    return Accept({"age": info.age, "birth_year": info.birth_year, "nominal": info.nominal})


async def parse_guardian_consent(a: Answers, text: str) -> Parsed:
    if word(text) in AGREE_WORDS or v.parse_yes_no(text):
        return Accept(a.ctx.now.isoformat())
    return Reject(f"未满{a.guardian_age}周岁的选手需要监护人同意。监护人同意请回复「同意」；不同意请回复「取消」。")


async def parse_phone(a: Answers, text: str) -> Parsed:
    if word(text) not in SKIP_FIELD_WORDS | NO_PHONE_WORDS:
        return Accept(v.parse_phone(text))
    if a.phone_optional:
        return Accept(None)
    return Reject("给自己报名需要留手机号，方便通知比赛时间和地点。请发送11位手机号；没有手机可以请村干部帮您报名。")


async def parse_township(a: Answers, text: str) -> Parsed:
    found = a.cat.find_township(text)
    if found.item is not None:
        return Accept(found.item.name)
    if found.suggestions:
        return Suggest(f"没有找到“{echo(text)}”这个乡镇。您是不是想问：", [t.name for t in found.suggestions])
    hint = ""
    elsewhere = a.cat.village_anywhere(text)
    if elsewhere:
        hint = f"“{echo(text)}”是村名，它在{'、'.join(t.name for t, _ in elsewhere)}。先选乡镇，再选村。\n"
    n = len(a.cat.townships)
    return Reject(f"{hint}没有找到“{echo(text)}”这个乡镇。请回复1–{n}的序号：\n{township_lines(a)}")


async def parse_village(a: Answers, text: str) -> Parsed:
    t = a.cat.township(a.slots["township"])
    found = a.cat.find_village(t, text)
    if found.item is not None:
        return Accept(found.item)
    elsewhere = [tw.name for tw, _ in a.cat.village_anywhere(text) if tw.name != t.name]
    if elsewhere:       # an exact village of another township: the township was probably wrong
        return Reject(f"“{echo(text)}”在{'、'.join(elsewhere)}，不在{t.name}。如果乡镇选错了请回复「上一步」；"
                      f"否则请回复序号选择{t.name}的村：\n" + village_lines(t))
    if found.suggestions:
        return Suggest(f"{t.name}没有“{echo(text)}”。您是不是想问：", list(found.suggestions))
    return Reject(f"{t.name}没有找到“{echo(text)}”。请回复序号选择村（社区），"
                  "如果乡镇选错了请回复「上一步」。\n" + village_lines(t)
                  + "\n名单里没有您的村？请联系乡镇或县活动办补充。")


async def parse_team_members(a: Answers, text: str) -> Parsed:
    e = a.event
    return Accept(v.parse_members(text, captain=a.slots.get("name", ""), team_min=e.team_min, team_max=e.team_max))


async def parse_id_consent(a: Answers, text: str) -> Parsed:
    said = word(text)
    if said in SKIP_FIELD_WORDS or said in REFUSE_WORDS:
        if a.id_required:
            return Reject("县里要求报名登记身份证号，不提供就不能报名。同意请回复「同意」，放弃请回复「取消」。")
        return Accept("declined")
    if said in AGREE_WORDS or v.parse_yes_no(text):
        return Accept(a.ctx.now.isoformat())
    return Reject("同意提供身份证号请回复「同意」" + ("" if a.id_required else "，不提供请回复「跳过」") + "。")


async def parse_id_number(a: Answers, text: str) -> Parsed:
    try:
        cipher = IdCipher.from_env()
    except IdKeyError as e:
        log_event(log, "id-key-missing", logging.ERROR, error=str(e))
        return Reject("抱歉，身份证号登记暂时不能用。请回复「取消」，稍后再报名，或联系县活动办。")
    info = v.parse_id_number(text, a.today)
    entered = a.slots.get("age") or {}
    problem = v.id_consistency_problem(info, sex=a.slots.get("sex"), age=entered.get("age"),
                                       birth_year=entered.get("birth_year"), today=a.today,
                                       nominal=entered.get("nominal", False))
    if problem:
        return Reject(f"{problem}请核对后重新发送身份证号；如果是前面填错了，回复「修改 年龄」或「修改 性别」。")
    e = a.event
    exact = v.age_on(info.birth, a.today)
    problem = v.eligibility_problem(e.min_age, e.max_age, exact, e.name)
    if problem:
        return Reject(f"{problem}（按身份证号计算）回复「换项目」改报其他项目，或回复「取消」放弃。")
    id_hash = cipher.hash(info.number)
    dup = await a.signups.find_active_by_id_hash(e.code, id_hash)
    if dup is not None and dup.openid == a.ctx.user:
        return Reject(f"这个身份证号已经报过「{e.name}」了（报名号 {dup.number}），不用重复报名。"
                      "回复「我的报名」查看，或回复「取消」放弃本次报名。")
    if dup is not None:                      # entered by someone else: say nothing about that sign-up
        return Reject(f"{ID_TAKEN}回复「取消」放弃本次报名。")
    return Accept({"cipher": cipher.encrypt(info.number), "hash": id_hash, "masked": mask_id_number(info.number),
                   "birth": info.birth.isoformat(), "age": exact})
