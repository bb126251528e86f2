"""新增报名 in the console over HTTP: a cadre enters a sign-up for someone without a phone. The form
is the slot table's; its answers go through the chat's parsers and the storage's rules."""
from __future__ import annotations

import asyncio
import base64
import csv
import dataclasses
import io
import os
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from bot.cli.export import cli
from bot.console.app import CONSOLE_KEY
from bot.console.signup_add import PRESET, new_form, plain
from bot.forms.spec import Accept
from bot.forms.signup.slots import SIGNUP
from bot.forms.validators import id_check_digit
from bot.storage.export import HEADERS
from bot.storage.signups import Signup, SignupRepository
from tests.console_support import NOW, WRITING, add_signup, site

ERROR_RE = re.compile(r'id="error-(\w+)" role="alert">([^<]*)<')


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def person(**changes) -> dict:
    """A grandmother without a phone, for the writing contest."""
    return {"category": "language", "event": "writing", "consent": "同意", "age": "62", "name": "次仁卓玛",
            "sex": "女", "phone": "", "township": "孜托镇", "village": "卡达村", **changes}


async def post(s, data: dict, client=None):
    """Open the form (a fresh form id, the session's CSRF token) and submit ``data`` with them."""
    client = client or s.client
    page = await (await client.get("/admin/signups/new")).text()
    hidden = dict(re.findall(r'name="(csrf|form_id)" value="([^"]+)"', page))
    return await client.post("/admin/signups/new", data={**hidden, **data}, allow_redirects=False)


def errors(html: str) -> dict[str, str]:
    return dict(ERROR_RE.findall(html))


async def stored(db) -> list[Signup]:
    async with db.session() as session:
        return list((await session.execute(select(Signup).order_by(Signup.id))).scalars())


async def test_the_form_is_the_slot_table_and_a_sign_up_goes_to_its_page(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("县办")
        await s.login("县办")
        listing = await (await s.client.get("/admin/signups")).text()
        assert 'href="/admin/signups/new"' in listing
        page = await (await s.client.get("/admin/signups/new")).text()
        assert re.findall(r'id="field-(\w+)"', page) == [slot.name for slot in SIGNUP if slot.widget]
        assert "村BA篮球赛（团体赛" in page and 'data-group="sports"' in page and 'data-follows="category"' in page
        assert "<script src=\"/admin/static/signup-form.js\">" in page and "http" not in page.split("<main>")[1]
        resp = await post(s, person())
        assert resp.status == 303
        row = (await stored(s.db))[0]
        assert resp.headers["Location"] == f"/admin/signups/{row.id}?added=1"
        shown = await (await s.client.get(resp.headers["Location"])).text()
        assert f"已添加报名，报名号 {row.number}" in shown and "<th>录入人</th><td>县办</td>" in shown
        assert (row.entered_by, row.for_other, row.phone, row.name, row.age) == ("县办", True, None, "次仁卓玛", 62)
        assert (row.township, row.village, row.event_code, row.category) == ("孜托镇", "卡达村", "writing", "language")
        assert row.consent_at is not None and row.guardian_name is None
        audit, _ = await s.accounts.audit_log()
        added = [r for r in audit if r.action == "signup-add"]
        assert len(added) == 1 and added[0].account == "县办" and row.number in added[0].detail
        assert await SignupRepository(s.db).check_counters() == []


async def test_every_slot_is_on_the_form_and_every_choice_is_an_answer_its_parser_takes(tmp_path):
    assert {slot.name for slot in SIGNUP if slot.widget is None} == set(PRESET)
    async with site(tmp_path, clock=Clock(NOW)) as s:
        form = await new_form(s.app[CONSOLE_KEY], "0" * 32)
        for name in ("category", "event", "sex", "township", "village"):
            choices = SIGNUP[name].widget.choices(form)
            assert choices, name
            for choice in choices:
                if choice.group:                       # the event of a category, the village of a township
                    form.slots[SIGNUP[name].widget.follows] = choice.group
                parsed = await form.parse(name, choice.value)
                assert isinstance(parsed, Accept) and parsed.value == choice.value, (name, choice, parsed)


async def test_refusals_are_shown_by_the_field_with_what_was_typed_kept(tmp_path):
    clock = Clock(NOW)
    async with site(tmp_path, clock=clock) as s:
        await s.add_account("县办")
        await s.login("县办")
        bad_phone = await post(s, person(phone="1380013800"))
        html = await bad_phone.text()
        assert bad_phone.status == 400
        assert errors(html) == {"phone": "手机号应该是11位数字，您发的是10位，请核对后重新发送。"}
        assert 'value="1380013800"' in html and 'value="次仁卓玛"' in html and 'value="卡达村" data-group="孜托镇" selected' in html
        young = await post(s, person(age="10"))
        assert errors(await young.text()) == {"age": "「国家通用语言文字书写比赛」要求14岁及以上，选手10岁，年龄不够。"}
        # Every mistake at once; a field that needs a refused one (the village) waits for it.
        many = errors(await (await post(s, person(category="", name="1号", township="", village="卡达村"))).text())
        assert set(many) == {"category", "name", "township"} and "数字" in many["name"]
        # A child in an event open to all ages: the guardian's consent, name and phone, as in the chat.
        child = errors(await (await post(s, person(category="arts", event="song", age="9"))).text())
        assert set(child) == {"guardian_consent", "guardian_name", "guardian_phone"}
        ok = await post(s, person(category="arts", event="song", age="9", guardian_consent="同意",
                                  guardian_name="扎西", guardian_phone="13900139000"))
        assert ok.status == 303
        # A closed event (the student contest closed on 20 March).
        clock.now = datetime(2027, 3, 25, 4, tzinfo=NOW.tzinfo)
        await s.login("县办")                                       # the old session has expired
        closed = errors(await (await post(s, person(category="language", event="student_story", age="12",
                                                    school="洛隆县完全小学 五年级"))).text())
        assert "报名已于2027年3月20日截止" in closed["event"]
        assert len(await stored(s.db)) == 1


async def test_full_event_duplicate_and_the_fourth_event_of_one_person(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("县办")
        await s.add_account("县办二")
        await s.login("县办")
        # The writing contest with one place, already taken.
        cat = s.services.catalogue
        s.services.catalogue = dataclasses.replace(cat, categories=[
            dataclasses.replace(c, events=tuple(dataclasses.replace(e, capacity=1) if e.code == "writing" else e
                                                for e in c.events)) for c in cat.categories])
        await add_signup(s.db, "o1", WRITING, "扎西")
        full = await post(s, person())
        assert full.status == 400 and errors(await full.text()) == {"event": "抱歉，「国家通用语言文字书写比赛」的1个名额已经报满了。"}
        for event in ("speech", "reading"):
            assert (await post(s, person(event=event))).status == 303
        again = await post(s, person(event="speech"))
        number = (await stored(s.db))[1].number
        assert again.status == 409
        assert errors(await again.text()) == {"event": f"次仁卓玛已经报过「国家通用语言文字演讲比赛」了（报名号 {number}），这次没有保存。"}
        # Another cadre enters the same person: one person, whoever enters her.
        other = await s.new_client()
        await s.login("县办二", client=other)
        assert (await post(s, person(category="theory", event="red_story"), client=other)).status == 303
        fourth = await post(s, person(category="theory", event="law_talk"), client=other)
        html = await fourth.text()
        assert fourth.status == 409 and "每人最多报3个项目，次仁卓玛已经报满了，这次没有保存。" in html
        assert 'value="次仁卓玛"' in html
        await other.close()
        rows = await stored(s.db)
        assert len(rows) == 4 and [r.entered_by for r in rows] == [None, "县办", "县办", "县办二"]
        assert await SignupRepository(s.db).check_counters() == []


async def test_submitting_the_same_form_twice_stores_one_sign_up(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("县办")
        await s.login("县办")
        page = await (await s.client.get("/admin/signups/new")).text()
        hidden = dict(re.findall(r'name="(csrf|form_id)" value="([^"]+)"', page))
        first = await s.client.post("/admin/signups/new", data={**hidden, **person()}, allow_redirects=False)
        second = await s.client.post("/admin/signups/new", data={**hidden, **person()}, allow_redirects=False)
        assert first.status == second.status == 303 and first.headers["Location"] == second.headers["Location"]
        assert len(await stored(s.db)) == 1
        assert [r.action for r in (await s.accounts.audit_log())[0]].count("signup-add") == 1


async def test_township_account_adds_only_for_its_own_township(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("孜托干部", "township", "孜托镇")
        await s.login("孜托干部")
        page = await (await s.client.get("/admin/signups/new")).text()
        township = re.search(r'<select name="township".*?</select>', page, re.S).group(0)
        assert re.findall(r"<option[^>]*>([^<]*)</option>", township) == ["孜托镇"]
        villages = re.search(r'<select name="village".*?</select>', page, re.S).group(0)
        assert "卡达村" in villages and "达翁村" not in villages          # 达翁村 is 硕督镇's
        refused = await post(s, person(township="硕督镇", village="达翁村"))
        assert refused.status == 403 and await stored(s.db) == []
        assert (await s.client.get("/admin/signups/new?township=硕督镇")).status == 403
        ok = await post(s, person(township=""))                     # the fixed township is its own
        assert ok.status == 303
        assert [(r.township, r.entered_by) for r in await stored(s.db)] == [("孜托镇", "孜托干部")]


async def test_a_post_without_the_csrf_token_stores_nothing(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("县办")
        await s.login("县办")
        resp = await s.client.post("/admin/signups/new", data=person(), allow_redirects=False)
        assert resp.status == 403 and "CSRF" in await resp.text()
        forged = await s.client.post("/admin/signups/new", data={**person(), "csrf": "forged"}, allow_redirects=False)
        assert forged.status == 403 and await stored(s.db) == []


def id_number(birth: str, serial: str = "123") -> str:
    first17 = "540124" + birth + serial
    return first17 + id_check_digit(first17)


async def test_id_number_is_checked_encrypted_and_masked_as_in_the_chat(tmp_path, monkeypatch):
    monkeypatch.setenv("ID_NUMBER_KEY", base64.b64encode(os.urandom(32)).decode())
    async with site(tmp_path, clock=Clock(NOW), signup={"collect_id_number": True}) as s:
        await s.add_account("县办")
        await s.login("县办")
        number = id_number("19970315")                              # a man (odd 17th digit), 29
        skipped = errors(await (await post(s, person(sex="男", age="29", id_consent="同意"))).text())
        assert skipped == {"id_number": "身份证号：还没填。"}
        wrong = errors(await (await post(s, person(sex="女", age="29", id_consent="同意",
                                                   id_number=number))).text())
        assert "身份证号显示性别为男" in wrong["id_number"] and "回复" not in wrong["id_number"]
        ok = await post(s, person(name="扎西", sex="男", age="29", id_consent="同意", id_number=number))
        assert ok.status == 303
        row = (await stored(s.db))[0]
        assert row.id_cipher.startswith("v1:") and number not in row.id_cipher
        assert row.id_masked == number[:6] + "********" + number[-4:] and row.birth_date.isoformat() == "1997-03-15"
        shown = await (await s.client.get(ok.headers["Location"])).text()
        assert row.id_masked in shown and number not in shown
        # The same ID number under another name: the database's duplicate rule, as in the chat.
        dup = errors(await (await post(s, person(name="扎西次仁", sex="男", age="29", id_consent="同意",
                                                 id_number=number))).text())
        assert "已经报过「国家通用语言文字书写比赛」了" in dup["id_number"]
        audit, _ = await s.accounts.audit_log()
        assert all(number not in r.detail for r in audit)


def test_entered_by_in_the_console_and_cli_exports(tmp_path, monkeypatch, capsys):
    async def scenario() -> tuple[str, str]:
        async with site(tmp_path, clock=Clock(NOW)) as s:
            await add_signup(s.db, "o1", WRITING, "扎西")
            await s.add_account("孜托干部", "township", "孜托镇")
            await s.login("孜托干部")
            assert (await post(s, person())).status == 303
            resp = await s.client.get("/admin/signups/export", params={"format": "csv"})
            return (await resp.read()).decode("utf-8-sig"), (await stored(s.db))[1].number

    console_csv, number = asyncio.run(scenario())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/bot.db")
    out = tmp_path / "cli.csv"
    assert cli(["--out", str(out)]) == 0
    capsys.readouterr()
    for text in (console_csv, out.read_bytes().decode("utf-8-sig")):
        rows = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in list(csv.reader(io.StringIO(text)))[1:]}
        assert rows["次仁卓玛"]["录入人"] == "孜托干部" and rows["次仁卓玛"]["报名号"] == number
        assert rows["次仁卓玛"]["报名方式"] == "代报" and rows["次仁卓玛"]["手机号"] == ""
        assert rows["扎西"]["录入人"] == "本人"


@pytest.mark.parametrize("message, shown", [
    ("「A」要求14岁及以上，选手10岁，年龄不够。\n如果填错了，请重新发送年龄或出生年份", "「A」要求14岁及以上，选手10岁，年龄不够。"),
    ("此身份证号已有报名，如有疑问请联系县活动办。回复「取消」放弃本次报名。", "此身份证号已有报名，如有疑问请联系县活动办。"),
    ("身份证号显示性别为男，和前面填写的“女”不一致。请核对后重新发送身份证号；如果是前面填错了，回复「修改 年龄」",
     "身份证号显示性别为男，和前面填写的“女”不一致。请核对后重新发送身份证号。"),
])
def test_chat_instructions_are_left_out_of_form_messages(message, shown):
    assert plain(message) == shown


async def test_nothing_is_stored_while_the_form_has_a_mistake(tmp_path):
    async with site(tmp_path, clock=Clock(NOW)) as s:
        await s.add_account("县办")
        await s.login("县办")
        for bad in (person(consent=""), person(sex=""), person(village="达翁村"), person(age="200")):
            resp = await post(s, bad)
            assert resp.status == 400 and errors(await resp.text()), bad
        async with s.db.session() as session:
            assert (await session.execute(select(func.count()).select_from(Signup))).scalar_one() == 0
