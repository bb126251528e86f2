"""The sign-up form as one table: a row per field (bot.forms.spec.Slot), in the order it is asked.

Read off this table: the order of the questions, what is emptied with what (``depends_on``), the
words of 「修改 …」, the labels, the summary before 「确认」 (``shown``, by place), the record
stored for a confirmed sign-up (``columns`` / ``record``), and the cadres' export (``export``, by
place; bot.storage.export) and the console's 新增报名 form (``widget``: the field, its choices
and hint; what is entered goes through the same parser). A test checks every column named here exists on the storage model and
every export header is written.

To add a field: add a row (it declares its new column with ``Column(name, kind, size)``), and a
migration step adding that column to existing databases (bot/storage/migrations).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.core.clock import county_time
from bot.core.privacy import mask_phone, short_user
from bot.forms import validators as v
from bot.forms.signup import questions as q
from bot.forms.signup.answers import Answers
from bot.forms.signup.questions import FOOTER, event_facts, validated
from bot.forms.signup.record import EventInfo, signup_number
from bot.forms.spec import Choice, ExportColumn, ExportOptions, Shown, Slot, SlotTable, Widget


# -- when a slot applies ------------------------------------------------------------------------
def minor(a: Answers) -> bool:
    return a.minor


def team(a: Answers) -> bool:
    return a.event is not None and a.event.is_team


def for_group(who: str):
    """Applies when the event is only for this group (farmers_herders, students)."""
    return lambda a: a.event is not None and a.event.who == who


# -- records: an answer as the columns it fills ---------------------------------------------------
def moment(column: str):
    """A consent given at an ISO time (or "declined": none) -> that column as a datetime."""
    return lambda a, value: {column: datetime.fromisoformat(value) if value and value != "declined" else None}


def event_record(a: Answers, code: str) -> dict[str, Any]:
    e = a.event
    c = a.cat.category_of(e)
    return {"event": EventInfo(code=e.code, name=e.name, category=c.code, category_name=c.name,
                               deadline=e.deadline, capacity=e.capacity)}


def id_record(a: Answers, idn: dict) -> dict[str, Any]:
    """The ID number, encrypted, hashed and masked; its birth date makes the age exact."""
    return {"id_cipher": idn["cipher"], "id_hash": idn["hash"], "id_masked": idn["masked"],
            "birth_date": date.fromisoformat(idn["birth"]), "age": idn["age"], "birth_year": int(idn["birth"][:4])}


# -- the summary ----------------------------------------------------------------------------------
def age_text(a: Answers) -> str:
    """年龄：30岁（1997年出生）, as it will be stored: from the ID number when there is one."""
    age = a.slots.get("age") or {}
    idn = a.slots.get("id_number")
    if idn:
        age = {"age": idn["age"], "birth_year": int(idn["birth"][:4])}
    return (f"年龄：{age.get('age')}岁" + (f"（{age['birth_year']}年出生）" if age.get("birth_year") else "")
            + ("（虚岁）" if age.get("nominal") else ""))


def guardian_text(a: Answers) -> str:
    return f"监护人：{a.slots.get('guardian_name', '')}（{a.slots.get('guardian_phone', '')}）"


def members_text(a: Answers) -> str:
    members = a.slots.get("team_members") or []
    return f"队员（{len(members) + 1}人含队长）：{'、'.join(members)}"


def answer(label: str, slot: str):
    return lambda a: f"{label}：{a.slots.get(slot, '')}"


# -- export cells: (options, *the columns read) -> the cell ----------------------------------------
def phone_cell(how: ExportOptions, phone: str | None) -> str:
    if not phone:
        return ""
    return phone if how.full else mask_phone(phone)


def team_size_cell(how: ExportOptions, team_name: str | None, members: str | None) -> str:
    return str(len(json.loads(members)) + 1) if team_name and members else ""


def members_cell(how: ExportOptions, members: str | None) -> str:
    return "、".join(json.loads(members)) if members else ""


def id_cell(how: ExportOptions, cipher: str | None, masked: str | None) -> str | None:
    return how.decrypt(cipher) if how.full and cipher else masked


def farmer_cell(how: ExportOptions, farmer: bool | None) -> str:
    return "是" if farmer else "否" if farmer is False else ""


def entered_by_cell(how: ExportOptions, entered_by: str | None, for_other: bool, openid: str) -> str:
    """录入人: the cadre's console account; 本人; or 代报： the WeChat user's own name when known."""
    if entered_by:
        return entered_by
    if not for_other:
        return "本人"
    return "代报：" + how.entrants.get(openid, "微信用户 " + short_user(openid))


def time_cell(how: ExportOptions, at: datetime | None) -> str:
    return county_time(at).strftime("%Y-%m-%d %H:%M") if at else ""


STATUS_TEXT = {"active": "有效", "cancelled": "已取消"}


# -- the web form: choices are the answers the chat takes (codes and names), labels what a cadre reads --
def category_choices(a: Answers) -> list[Choice]:
    return [Choice(c.code, c.name) for c in a.cat.categories]


def event_choices(a: Answers) -> list[Choice]:
    return [Choice(e.code, f"{e.name}（{event_facts(e)}）", group=c.code) for c in a.cat.categories for e in c.events]


def township_choices(a: Answers) -> list[Choice]:
    return [Choice(t.name, t.name) for t in a.cat.townships]


def village_choices(a: Answers) -> list[Choice]:
    return [Choice(v, v, group=t.name) for t in a.cat.townships for v in t.villages]


def listed(*values: str):
    return lambda a: [Choice(x, x) for x in values]


def id_consent_choices(a: Answers) -> list[Choice]:
    return [Choice("同意", "同意提供")] + ([] if a.id_required else [Choice("跳过", "不提供")])


def for_minors(a: Answers) -> str:
    return f"选手未满{a.guardian_age}周岁（或按出生年份、虚岁可能未满）时填写"


SIGNUP: SlotTable[Answers] = SlotTable([
    Slot("for_other", "给谁报名", q.prompt_for_other, q.parse_for_other,
         columns=("for_other",),
         shown=(Shown(10, lambda a: f"报名方式：{'帮别人报名' if a.for_other else '给自己报名'}"),),
         export=(ExportColumn("报名方式", 8, 190, ("for_other",), lambda how, x: "代报" if x else "本人"),)),
    Slot("category", "选大类", q.prompt_category, q.parse_category,
         widget=Widget("select", category_choices)),
    Slot("event", "选项目", q.prompt_event, q.parse_event,
         edit=("项目", "比赛"), depends_on=("category",),
         widget=Widget("select", event_choices, follows="category"),
         columns=("category", "category_name", "event_code", "event_name"), record=event_record,
         shown=(Shown(20, lambda a: f"项目：{a.cat.category_of(a.event).name} · {a.event.name}"),),
         export=(ExportColumn("大类", 12, 20, ("category_name",)), ExportColumn("项目", 26, 30, ("event_name",)))),
    Slot("consent", "同意说明", q.prompt_consent, q.parse_consent,
         depends_on=("for_other",), columns=("consent_at",), record=moment("consent_at"),
         widget=Widget("check", blank="不同意", hint=lambda a: a.cat.campaign.data_notice)),
    Slot("farmer", "是否农牧民", q.prompt_farmer, q.parse_farmer,
         edit=("农牧民",), applies=for_group("farmers_herders"), depends_on=("for_other", "event"),
         widget=Widget("select", listed("是", "不是"), hint=lambda a: "只限农牧民群众的项目填写"),
         columns=("farmer",),
         export=(ExportColumn("农牧民", 6, 180, ("farmer",), farmer_cell),)),
    Slot("age", "年龄", q.prompt_age, q.parse_age,
         edit=("年龄", "出生年份"), depends_on=("for_other",),
         widget=Widget(hint=lambda a: "年龄（如35）或出生年份（如1990）"),
         columns=("age", "birth_year"), record=lambda a, x: {"age": x["age"], "birth_year": x.get("birth_year")},
         shown=(Shown(51, age_text, same_line=True),), help=q.help_age,
         export=(ExportColumn("年龄", 5, 60, ("age",), numeric=True),
                 ExportColumn("出生年份", 8, 70, ("birth_year",), numeric=True))),
    Slot("guardian_consent", "监护人同意", q.prompt_guardian_consent, q.parse_guardian_consent,
         applies=minor, depends_on=("for_other", "age"), holds=lambda a, x: bool(x),
         widget=Widget("check", blank="不同意", hint=for_minors),
         columns=("guardian_consent_at",), record=moment("guardian_consent_at")),
    Slot("guardian_name", "监护人姓名", lambda a: f"请发送监护人的姓名。\n{FOOTER}",
         validated(lambda text: v.parse_name(text, "监护人姓名")),
         edit=("监护人",), applies=minor, depends_on=("for_other", "age"),
         widget=Widget(hint=for_minors),
         columns=("guardian_name",),
         shown=(Shown(70, guardian_text),),
         export=(ExportColumn("监护人", 10, 150, ("guardian_name",)),)),
    Slot("guardian_phone", "监护人电话", lambda a: f"请发送监护人的手机号（11位），比赛通知会发给监护人。\n{FOOTER}",
         validated(v.parse_phone),
         edit=("监护人电话",), applies=minor, depends_on=("for_other", "age"),
         widget=Widget(hint=for_minors),
         columns=("guardian_phone",),
         export=(ExportColumn("监护人电话", 14, 160, ("guardian_phone",), phone_cell),)),
    Slot("name", "姓名", lambda a: f"请发送{a.person}的姓名（和身份证上一致）。\n{FOOTER}", validated(v.parse_name),
         edit=("姓名", "名字"), depends_on=("for_other",), widget=Widget(hint=lambda a: "和身份证上一致"),
         help=q.help_name,
         columns=("name",),
         shown=(Shown(40, lambda a: f"{'队长' if team(a) else '姓名'}：{a.slots.get('name', '')}"),),
         export=(ExportColumn("姓名", 12, 40, ("name",)),)),
    Slot("sex", "性别", lambda a: f"{a.person}的性别？回复序号：\n1. 男\n2. 女\n{FOOTER}", validated(v.parse_sex),
         edit=("性别",), depends_on=("for_other",), widget=Widget("select", listed("男", "女")),
         columns=("sex",),
         shown=(Shown(50, answer("性别", "sex")),),
         export=(ExportColumn("性别", 5, 50, ("sex",)),)),
    Slot("phone", "手机号", q.prompt_phone, q.parse_phone,
         edit=("手机", "手机号", "电话"), depends_on=("for_other",),
         holds=lambda a, x: bool(x) or a.phone_optional,           # 「无」 only while it may be
         widget=Widget(blank="无", hint=lambda a: "11位手机号；没有手机不填" if a.phone_optional else "11位手机号"),
         help=q.help_phone,
         columns=("phone",),
         shown=(Shown(60, lambda a: f"手机号：{a.slots.get('phone') or '无'}"),),
         export=(ExportColumn("手机号", 14, 80, ("phone",), phone_cell),)),
    Slot("township", "乡镇", q.prompt_township, q.parse_township,
         edit=("乡镇", "乡", "镇"), depends_on=("for_other",), widget=Widget("select", township_choices),
         help=q.help_place,
         columns=("township",),
         shown=(Shown(80, answer("乡镇", "township")),),
         export=(ExportColumn("乡(镇)", 9, 90, ("township",)),)),
    Slot("village", "村", q.prompt_village, q.parse_village,
         edit=("村",), depends_on=("for_other", "township"),
         widget=Widget("select", village_choices, follows="township"), help=q.help_place,
         columns=("village",),
         shown=(Shown(81, answer("村", "village"), same_line=True),),
         export=(ExportColumn("村", 10, 100, ("village",)),)),
    Slot("school", "学校", lambda a: f"请发送选手就读的学校和年级，例如：洛隆县完全小学 四年级。\n{FOOTER}",
         validated(v.parse_school),
         edit=("学校",), applies=for_group("students"), depends_on=("for_other", "event"),
         widget=Widget(hint=lambda a: "学生项目填写：学校和年级，例如：洛隆县完全小学 四年级"),
         columns=("school",),
         shown=(Shown(90, answer("学校", "school")),),
         export=(ExportColumn("学校", 20, 110, ("school",)),)),
    Slot("team_name", "队名",
         lambda a: f"这是团体赛，您报名的是整支队伍。请发送队伍名称，例如：达翁村代表队。\n{FOOTER}",
         validated(v.parse_team_name),
         edit=("队名",), applies=team, depends_on=("for_other", "event"),
         widget=Widget(hint=lambda a: "团体赛填写，例如：达翁村代表队"),
         columns=("team_name",),
         shown=(Shown(30, answer("队名", "team_name")),),
         export=(ExportColumn("队名", 16, 120, ("team_name",)),)),
    Slot("team_members", "队员", q.prompt_team_members, q.parse_team_members,
         edit=("队员",), applies=team, depends_on=("for_other", "event"),
         widget=Widget("textarea", hint=lambda a: "团体赛填写：其他队员的姓名（不含队长），用顿号或空格隔开"),
         columns=("team_members",), record=lambda a, x: {"team_members": list(x or [])},
         shown=(Shown(100, members_text),),
         export=(ExportColumn("队伍人数", 8, 130, ("team_name", "team_members"), team_size_cell, numeric=True),
                 ExportColumn("队员", 40, 140, ("team_members",), members_cell))),
    Slot("id_consent", "身份证号说明", q.prompt_id_consent, q.parse_id_consent,
         applies=lambda a: a.collect_id, depends_on=("for_other",),
         widget=Widget("select", id_consent_choices,
                       hint=lambda a: "身份证号加密保存，只有县活动办能查看，活动结束后删除"),
         columns=("id_consent_at",), record=moment("id_consent_at")),
    Slot("id_number", "身份证号", lambda a: f"请发送{a.person}的18位身份证号。\n{FOOTER}", q.parse_id_number,
         edit=("身份证", "身份证号"), depends_on=("for_other", "age", "sex", "id_consent"),
         widget=Widget(hint=lambda a: "18位身份证号（同意提供时填写）"),
         applies=lambda a: a.collect_id and a.slots.get("id_consent") not in (None, "declined"),
         columns=("id_cipher", "id_hash", "id_masked", "birth_date"), record=id_record,
         shown=(Shown(110, lambda a: f"身份证号：{a.slots['id_number']['masked']}"),),
         export=(ExportColumn("身份证号", 20, 170, ("id_cipher", "id_masked"), id_cell),)),
])

# Export columns that come from the stored row rather than from an answer.
EXPORT_COLUMNS: list[ExportColumn] = SIGNUP.export_columns(
    ExportColumn("报名号", 11, 10, ("id",), lambda how, signup_id: signup_number(signup_id)),
    ExportColumn("录入人", 12, 200, ("entered_by", "for_other", "openid"), entered_by_cell),
    ExportColumn("报名时间", 17, 210, ("created_at",), time_cell),
    ExportColumn("状态", 7, 220, ("status",), lambda how, status: STATUS_TEXT.get(status, status)),
    ExportColumn("取消时间", 17, 230, ("cancelled_at",), time_cell),
    ExportColumn("取消原因", 20, 240, ("cancel_reason",)),
)
