"""The sign-up conversation at handler level: Context + Services, a real database (SQLite and
PostgreSQL), the test catalogue tests/data/catalogue_small.yaml, and a fixed clock."""
from __future__ import annotations

import asyncio
import base64
import copy
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.core.config import load_settings
from bot.core.idcrypt import IdCipher, IdKeyError, check_config
from bot.core.messages import Message
from bot.core.session import Context, Services, Session
from bot.services import repositories
from bot.storage.signups import Signup, SignupRepository
from handlers.signup import SignupHandler
from handlers.signup.form import Form
from knowledge.catalogue import load_catalogue
from tests.helpers import Clock, Conversation
from tests.stub_handlers import EchoQA
from tests.test_validators import make_id

DATA = Path(__file__).parent / "data"
START = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)          # 12:00 county time


class Chat(Conversation):
    """SignupHandler behind the real router (tests.helpers.Conversation), EchoQA standing in for Q&A;
    every reply must say something."""

    def __init__(self, services: Services):
        super().__init__(services, [SignupHandler(), EchoQA()])

    @property
    def handler(self) -> SignupHandler:
        return self.router.handlers["signup"]

    async def say(self, text: str, user: str = "u1") -> str:
        reply = await super().say(text, user=user)
        assert reply, f"empty reply to {text!r}"
        return reply

    def restart(self) -> None:
        """A new process: memory sessions gone, database kept."""
        super().restart([SignupHandler(), EchoQA()])


def services_for(database, clock=None, catalogue="catalogue_small.yaml", **signup) -> Services:
    return Services(settings=load_settings(env={}, signup=signup), **repositories(database),
                    catalogue=load_catalogue(DATA / catalogue), clock=clock or Clock(START))


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def chat(database, clock):
    return Chat(services_for(database, clock))


async def rows(database, **where) -> list[Signup]:
    async with database.session() as s:
        q = select(Signup).order_by(Signup.id)
        for k, v in where.items():
            q = q.where(getattr(Signup, k) == v)
        return list((await s.execute(q)).scalars())


def guides(reply: str) -> bool:
    """Every reply tells the user what to send next."""
    return any(w in reply for w in ("回复", "请发送", "请回复", "发「", "请"))


# Answers up to the event's confirmation screen, for an adult doing it for themselves.
SELF_WRITING = ["报名", "1", "1", "1", "同意", "30", "扎西", "1", "13800138000", "孜托镇", "卡达村"]


# -- the individual flow --------------------------------------------------------------------------
async def test_individual_signup_for_oneself(chat, database):
    r = await chat.say("报名")
    assert "1. 给自己报名" in r and "2. 帮别人报名" in r
    r = await chat.say("1")
    assert "1. 语言文字类" in r and "2. 体育类" in r
    r = await chat.say("1")
    assert "1. 国家通用语言文字书写比赛" in r
    r = await chat.say("1")
    assert "【报名信息说明】测试说明" in r and "「同意」" in r          # the notice comes before any personal field
    r = await chat.run("同意")
    assert "年龄" in r
    r = await chat.run("30", "扎西", "1", "138 0013 8000", "孜托", "卡达")
    assert "请核对报名信息" in r and "姓名：扎西" in r and "手机号：13800138000" in r and "村：卡达村" in r
    assert await rows(database) == []                                  # nothing stored before 「确认」
    r = await chat.say("确认")
    (row,) = await rows(database)
    assert f"报名成功！报名号：{row.number}" in r
    assert (row.event_code, row.name, row.sex, row.age, row.phone, row.township, row.village, row.for_other,
            row.openid) == ("writing", "扎西", "男", 30, "13800138000", "孜托镇", "卡达村", False, "u1")
    assert row.consent_at is not None
    assert chat.sessions["u1"]["data"] == {"done": {"number": row.number, "at": START.isoformat()}}
    assert await SignupRepository(database).load_draft("u1") is None
    assert all(guides(x.text) for x in chat.replies)


async def test_event_by_name_at_the_category_question(chat, database):
    r = await chat.run("报名", "1", "写字比赛")                          # an alias, typed instead of a category
    assert "您选择了「国家通用语言文字书写比赛」" in r


async def test_category_named_at_the_event_question(chat, database):
    r = await chat.run("报名", "1", "1", "体育类")
    assert "「体育类」有这些项目" in r and "1. 村BA篮球赛" in r
    r = await chat.say("3")
    assert "您选择了「射箭比赛」" in r


async def test_birth_year_instead_of_age(chat, database):
    r = await chat.run(*SELF_WRITING[:5], "1990年")
    assert "姓名" in r
    await chat.run("扎西", "1", "13800138000", "1", "1", "确认")
    (row,) = await rows(database)
    assert (row.age, row.birth_year) == (37, 1990)


# -- bad input: each gets a clear re-prompt and the flow stays put ----------------------------------
@pytest.mark.parametrize("step,bad,says", [
    (1, "3", "请回复 1（给自己报名）或 2（帮别人报名）"),
    (2, "9", "没有找到“9”"),
    (3, "游泳", "没有找到“游泳”这个项目"),
    (4, "好吧不", "同意请回复「同意」"),
    (5, "abc", "请发送年龄"),
    (5, "10", "要求14岁及以上"),
    (6, "扎1", "不能有数字"),
    (7, "不知道", "回复 1 或「男」"),
    (8, "12345", "11位数字，您发的是5位"),
    (8, "无", "给自己报名需要留手机号"),
    (9, "北京", "没有找到“北京”这个乡镇"),
    (10, "上海村", "孜托镇没有找到“上海村”"),
    (11, "好的", "还没有提交"),
])
async def test_bad_input_is_explained(chat, database, step, bad, says):
    good = SELF_WRITING[:step]
    before = await chat.run(*good)
    r = await chat.say(bad)
    assert says in r, r
    assert guides(r)
    # The same question is still open: the right answer moves on as if nothing happened.
    rest = SELF_WRITING[step:] + ["确认"]
    if step == 11:
        rest = ["确认"]
    r = await chat.run(*rest)
    assert "报名成功" in r, (before, r)


async def test_empty_message(chat, database):
    await chat.run(*SELF_WRITING[:6])
    r = await chat.say("  ")
    assert "没有收到内容" in r and "姓名" in r


# -- 上一步 / 取消 / 换项目 / 修改 --------------------------------------------------------------------
async def test_back_goes_one_question_back_each_time(chat, database):
    await chat.run(*SELF_WRITING)                                       # at the summary
    expected = ["村", "乡（镇）", "手机号", "性别", "姓名", "年龄", "同意", "回复序号选择", "比赛大类", "给谁报名"]
    for fragment in expected:
        r = await chat.say("上一步")
        assert fragment in r, (fragment, r)
    r = await chat.say("上一步")
    assert "已经是第一步了" in r and "给谁报名" in r
    r = await chat.run(*SELF_WRITING[1:], "确认")
    assert "报名成功" in r


async def test_cancel_abandons_and_deletes_the_draft(chat, database):
    signups = SignupRepository(database)
    await chat.run(*SELF_WRITING[:8])
    assert await signups.load_draft("u1") is not None
    r = await chat.say("取消")
    assert "已放弃本次报名" in r and "「报名」" in r
    assert chat.flow() is None
    assert await signups.load_draft("u1") is None
    r = await chat.say("报名")
    assert "给谁报名" in r                                                # starts afresh, no resume offer


async def test_switch_event_keeps_what_was_entered(chat, database):
    await chat.run(*SELF_WRITING)
    r = await chat.say("换项目")
    assert "请重新选择项目（已填的信息会保留）" in r
    r = await chat.say("射箭")
    assert "请核对报名信息" in r and "射箭比赛" in r and "姓名：扎西" in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert row.event_code == "archery"


async def test_edit_one_field_from_the_summary(chat, database):
    await chat.run(*SELF_WRITING)
    r = await chat.say("修改 手机号")
    assert "手机号" in r
    r = await chat.say("13900139000")
    assert "请核对报名信息" in r and "13900139000" in r
    r = await chat.say("修改 乡镇")
    assert "哪个乡（镇）" in r
    r = await chat.say("硕督镇")                                          # township changed: village asked again
    assert "硕督镇哪个村" in r
    r = await chat.run("达翁", "修改 爱好")
    assert "可以修改的有" in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.phone, row.township, row.village) == ("13900139000", "硕督镇", "达翁村")


# -- resume ---------------------------------------------------------------------------------------
async def test_resume_after_restart(chat, database, clock):
    await chat.run(*SELF_WRITING[:7])                                   # name given, sex next
    chat.restart()
    clock.advance(minutes=5)
    r = await chat.say("2")                                             # answers the open question
    assert "已接着您上次没填完的报名继续" in r and "手机号" in r
    r = await chat.run("13800138000", "1", "1", "确认")
    assert "报名成功" in r
    (row,) = await rows(database)
    assert row.sex == "女"


async def test_old_draft_is_offered_not_forced(chat, database, clock):
    await chat.run(*SELF_WRITING[:7])
    chat.restart()
    clock.advance(hours=5)                                              # past the resume window
    r = await chat.say("你好")
    assert r.startswith("您刚才的报名还没填完（") and "填到：性别" in r     # recalled, with how to go on or drop it
    assert r.endswith("\n\necho:你好")                                    # the message is not eaten by the draft
    r = await chat.say("报名")
    assert "您有一份没填完的报名" in r and "填到：性别" in r and "1. 继续填写" in r
    r = await chat.say("1")
    assert "性别" in r
    r = await chat.run("1", "13800138000", "1", "1", "确认")
    assert "报名成功" in r


async def test_restart_from_the_resume_offer(chat, database):
    await chat.run(*SELF_WRITING[:7])
    r = await chat.say("报名")
    assert "1. 继续填写" in r
    r = await chat.say("2")
    assert "给谁报名" in r
    r = await chat.say("3")
    assert "请回复 1" in r


async def test_expired_flow_says_the_draft_is_kept(chat, database):
    await chat.run(*SELF_WRITING[:7])
    session = Session.from_dict(chat.sessions["u1"])
    note = await chat.handler.expired(Context("u1", session, chat.services))
    assert "已经为您保存" in note and "「报名」" in note and "「放弃报名」" in note


# -- for someone else -----------------------------------------------------------------------------
async def test_cadre_signs_up_an_elder_without_phone(chat, database):
    r = await chat.run("报名", "2", "1", "1", "同意")
    assert "选手的年龄" in r
    r = await chat.run("68", "次仁", "1")
    assert "没有手机请回复「无」" in r
    r = await chat.run("无", "1", "2")
    assert "报名方式：帮别人报名" in r and "手机号：无" in r
    await chat.say("确认")
    # Then the cadre signs up themselves for the same event.
    await chat.run(*SELF_WRITING, "确认")
    elder, me = await rows(database)
    assert (elder.for_other, elder.openid, elder.phone, elder.name) == (True, "u1", None, "次仁")
    assert (me.for_other, me.name) == (False, "扎西")
    r = await chat.say("我的报名")
    assert "1. 国家通用语言文字书写比赛 — 次仁（代报）" in r and "2. 国家通用语言文字书写比赛 — 扎西" in r
    assert "138****8000" in r and "13800138000" not in r


# -- team events ----------------------------------------------------------------------------------
async def test_team_event(chat, database):
    r = await chat.run("报名", "1", "村BA")
    assert "团体赛" in r and "每队3–5人" in r
    r = await chat.run("同意", "20", "扎西", "1", "13800138000", "2", "1")
    assert "队伍名称" in r
    r = await chat.say("达翁村篮球队")
    assert "不含队长" in r
    r = await chat.say("次仁")
    assert "还差1人" in r
    r = await chat.say("次仁、卓玛、格桑、多吉、拉姆")
    assert "多了1人" in r
    r = await chat.say("次仁、卓玛 格桑")
    assert "队长：扎西" in r and "队员（4人含队长）：次仁、卓玛、格桑" in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.team_name, row.members) == ("达翁村篮球队", ["次仁", "卓玛", "格桑"])


# -- eligibility ----------------------------------------------------------------------------------
async def test_too_young_then_switch_event(chat, database):
    await chat.run("报名", "1", "1", "1", "同意")
    r = await chat.say("12")
    assert "要求14岁及以上" in r and "「换项目」" in r
    r = await chat.say("换项目")
    assert "请重新选择项目" in r
    r = await chat.say("讲故事")                                        # a students' event, 6-18
    assert "已选择「学生讲故事比赛」" in r and "年龄" in r


async def test_child_needs_guardian_consent(chat, database):
    r = await chat.run("报名", "2", "讲故事", "同意", "9")
    assert "选手未满14周岁，需要监护人" in r
    r = await chat.say("随便")
    assert "监护人同意请回复「同意」" in r
    r = await chat.run("同意", "卓玛", "13800138000", "次仁", "2")
    assert "没有手机请回复「无」，我们会联系监护人" in r
    r = await chat.run("无", "1", "1")
    assert "学校和年级" in r
    r = await chat.say("洛隆县完全小学 四年级")
    assert "监护人：卓玛（13800138000）" in r and "学校：洛隆县完全小学 四年级" in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.guardian_name, row.guardian_phone, row.school, row.age, row.phone) == (
        "卓玛", "13800138000", "洛隆县完全小学 四年级", 9, None)
    assert row.guardian_consent_at is not None


async def test_farmers_only_event(chat, database):
    r = await chat.run("报名", "1", "3", "挤奶", "同意")
    assert "只限农牧民群众参加" in r and "1. 是" in r
    r = await chat.say("不是")
    assert "请回复序号改选「农牧民技能类」的其他项目" in r
    r = await chat.say("2")                                            # 厨艺比赛, open to everyone
    assert "已选择「厨艺比赛」" in r and "年龄" in r


async def test_closed_event_cannot_be_chosen(chat, database):
    r = await chat.run("报名", "1", "1", "3")
    assert "已截止" in r and "请回复序号选择「语言文字类」的其他项目" in r
    r = await chat.say("1")
    assert "您选择了「国家通用语言文字书写比赛」" in r


async def test_deadline_is_the_last_county_day_inclusive(chat, database, clock):
    clock.now = datetime(2027, 3, 31, 15, 50, tzinfo=timezone.utc)     # filled in on the last evening
    await chat.run(*SELF_WRITING)
    await chat.run(*SELF_WRITING, user="u2")
    clock.now = datetime(2027, 3, 31, 15, 59, tzinfo=timezone.utc)     # 23:59 county time on the last day
    assert "报名成功" in await chat.say("确认")
    clock.now = datetime(2027, 3, 31, 16, 1, tzinfo=timezone.utc)      # 00:01 on 1 April county time
    r = await chat.say("确认", user="u2")
    assert "报名已经截止了" in r and "请改选其他项目" in r
    assert len(await rows(database)) == 1
    r = await chat.say("射箭", user="u2")                               # what was entered is kept
    assert "请核对报名信息" in r and "射箭比赛" in r
    await chat.say("确认", user="u2")
    assert len(await rows(database)) == 2


async def test_last_place_taken_by_someone_else(chat, database):
    await chat.run("报名", "1", "2", "赛马", "同意", "30", "扎西", "1", "13800138000", "1", "1")
    # Meanwhile another person takes the only place.
    r = await chat.run("报名", "1", "2", "赛马", "同意", "40", "次仁", "1", "13900139000", "1", "1", "确认", user="u2")
    assert "报名成功" in r
    r = await chat.say("确认")
    assert "名额刚刚报满了" in r
    r = await chat.run("报名", "1", "2", "赛马", user="u3")
    assert "1个名额已经报满了" in r


async def test_already_signed_up_and_limit(chat, database):
    await chat.run(*SELF_WRITING, "确认")
    r = await chat.run("报名", "1", "1", "1")
    assert "您已经报过「国家通用语言文字书写比赛」了（报名号 BM" in r
    r = await chat.run("射箭", "同意", "30", "扎西", "1", "13800138000", "1", "1", "确认")   # a name from another category
    assert "报名成功" in r
    await chat.run("报名", "1", "3", "厨艺", "同意", "30", "扎西", "1", "13800138000", "1", "1", "确认")
    r = await chat.run("报名", "1")
    assert "每人最多报3个" in r and "回复 2" in r
    assert len(await rows(database)) == 3


async def test_catalogue_changed_under_a_draft(chat, database):
    await chat.run(*SELF_WRITING[:6])
    session = chat.session()
    session.data["draft"]["slots"]["event"] = "gone"                    # as if a reload removed the event
    await chat.put_session(session)
    r = await chat.say("扎西")
    assert "比赛项目有调整，请重新选择" in r


# -- did you mean ---------------------------------------------------------------------------------
async def test_village_did_you_mean(chat, database):
    await chat.run(*SELF_WRITING[:10])
    r = await chat.say("大堆村")
    assert "您是不是想问" in r and "1. 达堆村" in r
    r = await chat.say("1")
    assert "村：达堆村" in r


async def test_township_did_you_mean_and_village_elsewhere(chat, database):
    await chat.run(*SELF_WRITING[:9])
    r = await chat.say("兹托镇")
    assert "您是不是想问" in r and "1. 孜托镇" in r
    r = await chat.say("1")
    assert "孜托镇哪个村" in r
    r = await chat.say("达翁村")
    assert "“达翁村”在硕督镇，不在孜托镇" in r and "「上一步」" in r


# -- my sign-ups and cancelling ---------------------------------------------------------------------
async def test_my_signups_and_cancel(chat, database):
    r = await chat.say("我的报名")
    assert "还没有报名记录" in r
    await chat.run(*SELF_WRITING, "确认")
    await chat.run("报名", "2", "2", "射箭", "同意", "50", "多吉", "1", "无", "1", "1", "确认")
    r = await chat.say("我的报名")
    assert "共2项" in r and "1. 国家通用语言文字书写比赛 — 扎西" in r and "2. 射箭比赛 — 多吉（代报）" in r
    r = await chat.say("取消报名")
    assert "要取消哪一项？回复序号" in r and "2. 射箭比赛" in r
    r = await chat.say("取消报名 5")
    assert "没有第5项" in r
    r = await chat.say("取消报名 2")
    assert "确定要取消第2项吗" in r and "射箭比赛" in r
    r = await chat.say("不")
    assert "保留了这项报名" in r
    r = await chat.run("取消报名 2", "确认")
    assert "已取消：射箭比赛（多吉" in r
    first, second = await rows(database)
    assert (first.status, second.status) == ("active", "cancelled")
    r = await chat.say("我的报名")
    assert "共1项" in r and "射箭" not in r


async def test_cannot_cancel_someone_elses(chat, database):
    await chat.run(*SELF_WRITING, "确认")
    (row,) = await rows(database)
    r = await chat.say(f"取消报名 {row.number}", user="intruder")
    assert "还没有可以取消的报名" in r
    await chat.run("报名", "1", "2", "射箭", "同意", "30", "次仁", "1", "13900139000", "1", "1", "确认", user="u2")
    mine = (await rows(database, openid="u2"))[0]
    # u2 sends u1's real sign-up number, in the forms people type it.
    for text in (f"取消报名 {row.number}", f"取消报名 {row.number.lower()}", f"取消报名 BM {row.id:06d}"):
        r = await chat.say(text, user="u2")
        assert "扎西" not in r and "确定要取消" not in r, r
        assert "射箭比赛 — 次仁" in r                                      # u2's own list, to pick from
        r = await chat.say("确认", user="u2")
        assert "已取消" not in r
    assert [(x.name, x.status) for x in await rows(database)] == [("扎西", "active"), ("次仁", "active")]
    # A number beyond u2's list is a 序号 that does not exist: never someone's sign-up id.
    assert mine.id == 2 and row.id == 1
    r = await chat.say("取消报名 2", user="u2")
    assert "没有第2项" in r and "扎西" not in r


async def test_cancel_by_sequence_or_sign_up_number(chat, database):
    await chat.run(*SELF_WRITING, "确认")
    await chat.run("报名", "2", "2", "射箭", "同意", "50", "多吉", "1", "无", "1", "1", "确认")
    first, second = await rows(database)
    r = await chat.say("我的报名")
    assert "序号是每行前面的数字" in r and f"取消报名 {first.number}" in r
    r = await chat.say("取消报名 二")                                     # a Chinese numeral is a 序号 too
    assert "确定要取消第2项吗" in r and "多吉" in r
    r = await chat.run("不", f"取消报名 {first.number}")                  # BM…: the sign-up number
    assert "确定要取消第1项吗" in r and "扎西" in r and first.number in r
    r = await chat.say("确认")
    assert f"已取消：国家通用语言文字书写比赛（扎西，报名号 {first.number}）" in r
    # Whatever else the router passes on as the argument: asked which one, with the list.
    ctx = Context("u1", Session(), chat.services)
    r = (await chat.handler.cancel_signup(ctx, Message("u1", "text", "取消报名 射箭"), "射箭")).text
    assert "没看懂“射箭”" in r and "要取消哪一项" in r and "1. 射箭比赛 — 多吉" in r
    assert [x.status for x in await rows(database)] == ["cancelled", "active"]


async def test_cancel_during_a_draft_then_continue(chat, database):
    await chat.run(*SELF_WRITING, "确认")
    await chat.run("报名", "1", "2", "射箭", "同意", "30")
    r = await chat.run("取消报名 1", "确认")
    assert "已取消" in r and "接着填写您的报名" in r and "姓名" in r
    r = await chat.run("扎西", "1", "13800138000", "1", "1", "确认")
    assert "报名成功" in r


async def test_my_signups_mentions_an_unfinished_draft(chat, database):
    await chat.run(*SELF_WRITING[:6])
    r = await chat.say("我的报名")
    assert "还没有报名记录" in r and "还有一份报名没填完" in r and "姓名" in r


# -- concurrency ------------------------------------------------------------------------------------
async def test_two_confirmations_at_once_store_one_row(chat, database):
    await chat.run(*SELF_WRITING)
    raw = chat.sessions["u1"]

    async def confirm_once():
        ctx = Context("u1", Session.from_dict(copy.deepcopy(raw)), chat.services)
        return (await chat.handler.handle(ctx, Message("u1", "text", "确认"))).text

    a, b = await asyncio.gather(confirm_once(), confirm_once())
    (row,) = await rows(database)
    assert row.number in a and row.number in b and "报名成功" in a and "报名成功" in b


# -- ID numbers -------------------------------------------------------------------------------------
@pytest.fixture
def id_key(monkeypatch):
    key = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setenv("ID_NUMBER_KEY", key)
    return key


def logged(caplog) -> str:
    """Everything the log records carry: the message and the structured fields (bot.core.logs.log_event
    puts them in ``fields``, which caplog.text does not show)."""
    return "\n".join(r.getMessage() + " " + json.dumps(getattr(r, "fields", {}), ensure_ascii=False, default=str)
                     for r in caplog.records)


async def test_id_number_collected_encrypted_and_checked(database, clock, id_key, caplog):
    caplog.set_level(logging.INFO)           # the production level (drivers log SQL parameters at DEBUG)
    chat = Chat(services_for(database, clock, collect_id_number=True))
    man = make_id(birth="19900615", seq="123")                           # male, 36 on 2027-03-01
    r = await chat.run(*SELF_WRITING)
    assert "县里要求登记身份证号" in r and "「跳过」" in r
    r = await chat.say("同意")
    assert "18位身份证号" in r
    r = await chat.say(man[:-1] + ("0" if man[-1] != "0" else "1"))
    assert "校验不通过" in r
    r = await chat.say(man)
    assert "身份证号显示选手36岁，和前面填写的30岁不一致" in r and "「修改 年龄」" in r
    r = await chat.run("修改 年龄", "36")
    assert "18位身份证号" in r                                            # the ID is asked again after the age changed
    r = await chat.say(man)
    assert f"身份证号：{man[:6]}********{man[-4:]}" in r and man not in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert row.id_cipher and row.id_cipher.startswith("v1:") and man not in row.id_cipher
    assert IdCipher.from_env().decrypt(row.id_cipher) == man
    assert row.id_masked == man[:6] + "********" + man[-4:]
    assert row.birth_date.isoformat() == "1990-06-15" and row.id_consent_at is not None
    # Nowhere in clear: not in the database rows, not in the logs.
    async with database.session() as s:
        dump = json.dumps([str(v) for v in (await s.execute(select(Signup.__table__))).first()], ensure_ascii=False)
    assert man not in dump
    assert caplog.records and any("signup-confirmed" in r.getMessage() for r in caplog.records)
    text = logged(caplog)
    for secret in (man, man[:6] + "********" + man[-4:], "13800138000", "扎西", row.id_cipher, row.id_hash):
        assert secret not in text, secret
    # The same ID number cannot be signed up for the same event by someone else, who learns
    # nothing about the existing sign-up (not its number, not who entered it).
    r = await chat.run("报名", "2", "1", "1", "同意", "36", "扎西", "1", "无", "1", "1", "同意", man, user="u2")
    assert "此身份证号已有报名，如有疑问请联系县活动办" in r and row.number not in r
    # u1 sending it again is told the number.
    r = await chat.run("报名", "2", "1", "1", "同意", "36", "扎西", "1", "无", "1", "1", "同意", man)
    assert f"这个身份证号已经报过「国家通用语言文字书写比赛」了（报名号 {row.number}）" in r


async def test_id_number_can_be_skipped_unless_required(database, clock, id_key):
    chat = Chat(services_for(database, clock, collect_id_number=True))
    r = await chat.run(*SELF_WRITING, "跳过")
    assert "请核对报名信息" in r and "身份证号" not in r.split("信息无误")[0]
    chat2 = Chat(services_for(database, clock, collect_id_number=True, id_number_required=True))
    r = await chat2.run(*SELF_WRITING, "跳过", user="u2")
    assert "不提供就不能报名" in r


async def test_id_sex_mismatch(database, clock, id_key):
    chat = Chat(services_for(database, clock, collect_id_number=True))
    woman = make_id(birth="19960101", seq="124")
    r = await chat.run(*SELF_WRITING, "同意", woman)
    assert "身份证号显示性别为女" in r


async def test_id_collection_refuses_to_start_without_key(database, clock, monkeypatch):
    monkeypatch.delenv("ID_NUMBER_KEY", raising=False)
    settings = load_settings(env={}, signup={"collect_id_number": True})
    with pytest.raises(IdKeyError, match="ID_NUMBER_KEY"):
        check_config(settings)
    with pytest.raises(IdKeyError, match="base64"):
        check_config(settings, env={"ID_NUMBER_KEY": "not base64!"})
    with pytest.raises(IdKeyError, match="32 bytes"):
        check_config(settings, env={"ID_NUMBER_KEY": base64.b64encode(b"short").decode()})
    assert check_config(load_settings(env={})) is None                    # off by default: no key needed
    # Misconfigured anyway: the ID question says so instead of failing silently.
    chat = Chat(services_for(database, clock, collect_id_number=True))
    r = await chat.run(*SELF_WRITING, "同意", make_id())
    assert "身份证号登记暂时不能用" in r and "「取消」" in r


async def test_default_catalogue_flow(database, clock):
    """The real catalogue: a team event chosen by a misspelling, signed up end to end."""
    chat = Chat(services_for(database, clock, catalogue="../../knowledge/catalogue.yaml"))
    r = await chat.run("报名", "1", "锅装舞")
    assert "您选择了「锅庄舞比赛」" in r
    r = await chat.run("同意", "25", "卓玛", "女", "13800138000", "硕督", "达翁", "达翁村锅庄队",
                       "次仁、拉姆、格桑、多吉、央金、德吉、白玛")
    assert "队员（8人含队长）" in r
    r = await chat.say("确认")
    assert "报名成功" in r


# -- review fixes: the minor rule ------------------------------------------------------------------
@pytest.mark.parametrize("age", ["2013", "2013年", "14虚岁", "虚岁十五"])
async def test_possible_minor_needs_guardian_consent(chat, database, age):
    """A birth year gives the age reached this year, a 虚岁 counts one or two more than full years:
    either may be a child under 14, who needs a guardian's consent."""
    r = await chat.run("报名", "2", "射箭", "同意", age)
    assert "可能未满14周岁，需要监护人" in r


@pytest.mark.parametrize("age", ["2012", "14", "16虚岁"])
async def test_certainly_not_a_minor_is_not_asked_for_a_guardian(chat, database, age):
    r = await chat.run("报名", "2", "射箭", "同意", age)
    assert "选手的姓名" in r


async def test_id_number_showing_a_minor_asks_for_guardian_consent(database, clock, id_key):
    chat = Chat(services_for(database, clock, collect_id_number=True))
    child = make_id(birth="20130615", seq="123")             # 13 on 2027-03-01, 14 this calendar year
    r = await chat.run("报名", "2", "射箭", "同意", "14", "次仁", "1", "无", "1", "1", "同意")
    assert "18位身份证号" in r
    r = await chat.say(child)                                 # consistent with "14": accepted
    assert "选手未满14周岁，需要监护人" in r
    r = await chat.run("同意", "卓玛", "13800138000")
    assert "监护人：卓玛（13800138000）" in r and "年龄：13岁" in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.age, row.guardian_name) == (13, "卓玛") and row.guardian_consent_at is not None


async def test_new_signup_refuses_a_draft_that_breaks_the_rules(chat, database):
    await chat.run(*SELF_WRITING)                             # at the summary
    session = Session.from_dict(chat.sessions["u1"])
    ctx = Context("u1", session, chat.services)
    draft = session.data["draft"]
    assert Form(ctx, copy.deepcopy(draft)).record().columns["phone"] == "13800138000"
    no_phone = copy.deepcopy(draft)
    no_phone["slots"]["phone"] = None                         # 「无」 is for minors and others only
    assert Form(ctx, copy.deepcopy(no_phone)).incomplete() == ["phone"]
    with pytest.raises(ValueError):
        Form(ctx, no_phone).record()
    child = copy.deepcopy(draft)
    child["slots"]["age"] = {"age": 13, "birth_year": None}   # a child, and no guardian
    assert "guardian_consent" in Form(ctx, copy.deepcopy(child)).incomplete()
    with pytest.raises(ValueError):
        Form(ctx, child).record()


async def test_phone_skipped_for_a_child_is_asked_again_when_the_age_changes(chat, database):
    r = await chat.run("报名", "1", "讲故事", "同意", "9", "同意", "卓玛", "13800138000", "次仁", "1", "无", "1", "1",
                       "洛隆县完全小学 四年级")
    assert "手机号：无" in r
    r = await chat.run("修改 年龄", "18")
    assert "请发送您的手机号（11位），用来通知" in r
    r = await chat.say("无")
    assert "给自己报名需要留手机号" in r
    r = await chat.say("13900139000")
    assert "请核对报名信息" in r and "手机号：13900139000" in r and "监护人" not in r
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.phone, row.age, row.guardian_name) == ("13900139000", 18, None)


# -- review fixes: the catalogue reloaded under a draft ---------------------------------------------
def reloaded(tmp_path, *, drop_event: str | None = None, drop_township: str | None = None,
             villages: dict[str, list[str]] | None = None):
    """The test catalogue as a reload might bring it: an event or a township gone, villages changed."""
    doc = yaml.safe_load((DATA / "catalogue_small.yaml").read_text(encoding="utf-8"))
    for c in doc["categories"]:
        c["events"] = [e for e in c["events"] if e["code"] != drop_event]
    doc["townships"] = [t for t in doc["townships"] if t["name"] != drop_township]
    for t in doc["townships"]:
        t["villages"] = (villages or {}).get(t["name"], t["villages"])
    path = tmp_path / "catalogue_reloaded.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_catalogue(path)


async def test_event_removed_under_a_finished_draft(chat, database, tmp_path):
    await chat.run(*SELF_WRITING)                             # at the summary
    chat.services.catalogue = reloaded(tmp_path, drop_event="writing")
    r = await chat.say("我的报名")
    assert "还有一份报名没填完" in r and "比赛项目有调整，请重新选择" in r and "请选择比赛大类" in r
    r = await chat.say("射箭")
    assert "请核对报名信息" in r and "射箭比赛" in r          # everything else was kept
    await chat.say("确认")
    (row,) = await rows(database)
    assert (row.event_code, row.name) == ("archery", "扎西")


async def test_event_removed_under_a_resumed_draft(chat, database, clock, tmp_path):
    await chat.run(*SELF_WRITING[:7])
    chat.restart()
    clock.advance(hours=5)
    chat.services.catalogue = reloaded(tmp_path, drop_event="writing")
    r = await chat.say("报名")
    assert "您有一份没填完的报名（填到：选大类）" in r
    r = await chat.say("1")
    assert "比赛项目有调整，请重新选择" in r and "请选择比赛大类" in r


async def test_township_removed_while_the_village_is_asked(chat, database, tmp_path):
    await chat.run(*SELF_WRITING[:10])                        # 孜托镇 given, village next
    chat.services.catalogue = reloaded(tmp_path, drop_township="孜托镇")
    r = await chat.say("卡达村")
    assert "乡镇和村的名单有调整，请重新选择" in r and "1. 硕督镇" in r
    r = await chat.run("硕督镇", "达翁村")
    assert "乡镇：硕督镇　村：达翁村" in r


async def test_village_removed_under_a_finished_draft(chat, database, tmp_path):
    await chat.run(*SELF_WRITING)
    chat.services.catalogue = reloaded(tmp_path, villages={"孜托镇": ["孜托村", "达堆村"]})
    r = await chat.say("确认")
    assert "乡镇和村的名单有调整" in r and "孜托镇哪个村" in r
    assert await rows(database) == []


async def test_long_village_lists_are_never_printed(chat, database, tmp_path):
    many = [f"第{i}村" for i in range(1, 46)]
    chat.services.catalogue = reloaded(tmp_path, villages={"孜托镇": many})
    r = await chat.run(*SELF_WRITING[:10])
    assert "请直接发送村名" in r and "45. " not in r
    r = await chat.say("上海村")
    assert "孜托镇没有找到“上海村”" in r and "请直接发送村名" in r and "45. " not in r


# -- review fixes: answers that are not answers -----------------------------------------------------
async def test_edit_before_the_question_is_not_an_answer(chat, database):
    await chat.run(*SELF_WRITING[:6])                         # age given, name next
    r = await chat.say("修改 手机号")
    assert "还没填到手机号" in r and "姓名" in r
    r = await chat.say("改学校")
    assert "这次报名不用填学校" in r and "姓名" in r
    await chat.run(*SELF_WRITING[6:], "确认")
    (row,) = await rows(database)
    assert (row.name, row.phone) == ("扎西", "13800138000")


async def test_number_outside_the_suggestions_is_not_taken_from_the_full_list(chat, database):
    await chat.run(*SELF_WRITING[:9])
    r = await chat.say("兹托镇")
    assert "1. 孜托镇" in r and "2. " not in r
    r = await chat.say("2")                                   # 硕督镇 in the full list: not what was offered
    assert "请回复1选择" in r and "1. 孜托镇" in r and "硕督镇" not in r
    r = await chat.say("1")
    assert "孜托镇哪个村" in r


async def test_answers_are_echoed_short_and_masked(chat, database):
    await chat.run(*SELF_WRITING[:9])
    long = "我家住在离县城很远很远的一个小山村里面那里风景特别好"
    r = await chat.say(long)
    assert long not in r and long[:12] + "…" in r
    r = await chat.say("13800138000")                         # a phone number at the township question
    assert "13800138000" not in r and "138****8000" in r


async def test_emoji_only_asks_for_text(chat, database):
    await chat.run(*SELF_WRITING[:6])
    r = await chat.say("😀👍")
    assert "请用文字回复" in r and "姓名" in r and "没有收到内容" not in r


# -- review fixes: a refused confirmation keeps the draft ---------------------------------------------
async def test_duplicate_at_confirmation_keeps_the_draft(chat, database):
    elder = ["报名", "2", "1", "1", "同意", "68", "次仁", "1", "无", "1", "1"]
    await chat.run(*elder, "确认")
    r = await chat.run(*elder, "确认")                        # the same person again: refused by the database
    (first,) = await rows(database)
    assert f"次仁已经报过「国家通用语言文字书写比赛」了（报名号 {first.number}），这次没有保存" in r
    assert "已填的信息会保留" in r and "「语言文字类」有这些项目" in r
    assert await SignupRepository(database).load_draft("u1") is not None
    r = await chat.say("射箭")
    assert "请核对报名信息" in r and "射箭比赛" in r and "姓名：次仁" in r
    assert "报名成功" in await chat.say("确认")
    assert [x.event_code for x in await rows(database)] == ["writing", "archery"]


async def test_someone_elses_duplicate_at_confirmation_says_nothing_about_it(database, clock, id_key):
    chat = Chat(services_for(database, clock, collect_id_number=True))
    man = make_id(birth="19900615", seq="123")
    await chat.run(*SELF_WRITING[:5], "36", *SELF_WRITING[6:], "同意", man)                 # u1 at the summary
    await chat.run("报名", "2", "1", "1", "同意", "36", "扎西", "1", "无", "1", "1", "同意", man, user="u2")
    assert "报名成功" in await chat.say("确认", user="u2")       # u2 entered the same person first
    (theirs,) = await rows(database)
    r = await chat.say("确认")
    assert "此身份证号已有报名，如有疑问请联系县活动办" in r and theirs.number not in r
    assert await SignupRepository(database).load_draft("u1") is not None


async def test_limit_at_confirmation_keeps_the_draft_until_one_is_cancelled(chat, database):
    person = ["同意", "68", "次仁", "1", "无", "1", "1", "确认"]
    for event in ("书写比赛", "射箭", "厨艺"):
        assert "报名成功" in await chat.run("报名", "2", event, *person)
    r = await chat.run("报名", "2", "赛马", *person)            # a 4th event for the same person
    assert "每人最多报3个项目，次仁已经报满了，这次没有保存" in r and "已填的信息会保留" in r
    r = await chat.run("取消报名 1", "确认")
    assert "已取消" in r and "接着填写您的报名" in r and "项目：体育类 · 赛马" in r
    assert "报名成功" in await chat.say("确认")
    assert [(x.event_code, x.status) for x in await rows(database)] == [
        ("writing", "cancelled"), ("archery", "active"), ("cooking", "active"), ("horse", "active")]


# -- review fixes: after the confirmation -------------------------------------------------------------
async def test_second_confirmation_is_told_the_number(chat, database, clock):
    await chat.run(*SELF_WRITING, "确认")
    (row,) = await rows(database)
    r = await chat.say("确认")
    assert f"已报名成功，报名号 {row.number}，不用再确认" in r
    r = await chat.say("取消")
    assert "没有取消" in r and f"取消报名 {row.number}" in r
    assert (await rows(database))[0].status == "active"
    await chat.run("报名", "2", "1", "1", "同意", "68", "次仁", "1", "无", "1", "1", "确认")
    clock.advance(minutes=10)                                 # long after: not a repeat any more
    assert await chat.say("确认") == "echo:确认"                # passed on to Q&A, flow ended
    assert chat.flow() is None


async def test_id_cipher_is_built_once(database, clock, id_key):
    settings = load_settings(env={}, signup={"collect_id_number": True})
    assert check_config(settings) is IdCipher.from_env() is IdCipher.from_env()
