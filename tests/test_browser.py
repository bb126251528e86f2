"""The console and the simulator in a real browser (Debian's Chromium, headless, via Playwright)."""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from bot.storage.export import HEADERS
from bot.storage.signups import Signup, SignupRepository
from tests.browser_support import LiveSite, launch, login
from tests.console_support import BASKETBALL, NOW, WRITING, add_signup
from tests.test_console import TOWNSHIP_ATTEMPTS

ROOT = Path(__file__).resolve().parent.parent
ASKED = "我家娃想去比一比咋弄"


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser(playwright):
    context = launch(playwright)
    yield context
    context.close()


@pytest.fixture
def kdir(tmp_path) -> Path:
    copy = tmp_path / "kbdata"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def seed(site: LiveSite) -> dict:
    db = site.services.db
    gone = site.call(add_signup(db, "o9", WRITING, "已取消", township="硕督镇", village="达翁村"))
    site.call(SignupRepository(db).cancel("o9", gone.id, now=NOW))
    return {
        "gone": gone,
        "a": site.call(add_signup(db, "o1", WRITING, "扎西")),
        "b": site.call(add_signup(db, "o2", BASKETBALL, "次仁", township="硕督镇", village="达翁村")),
        "c": site.call(add_signup(db, "o3", WRITING, "拉姆", township="硕督镇", village="娘西村",
                                  now=NOW + timedelta(days=2))),
    }


async def count(db, *where) -> int:
    async with db.session() as s:
        return (await s.execute(select(func.count()).select_from(Signup).where(*where))).scalar_one()


def test_login_dashboard_filter_and_xlsx_download(tmp_path, browser):
    with LiveSite(tmp_path) as site:
        seed(site)
        site.add_account("县办")
        page = browser.new_page()
        page.goto(site.url + "/admin")
        assert page.url.startswith(site.url + "/admin/login")
        login(page, site.url, "县办")
        page.wait_for_url(site.url + "/admin")
        db = site.services.db
        assert int(page.inner_text("#active-total")) == site.call(count(db, Signup.status == "active"))
        for town in ("孜托镇", "硕督镇"):
            bar = page.locator(f'g.bar[data-label="{town}"]')
            assert int(bar.get_attribute("data-count")) == site.call(count(db, Signup.township == town,
                                                                          Signup.status == "active"))
        page.click("text=报名")
        page.select_option("select[name=township]", "硕督镇")
        page.click("#filters button[type=submit]")
        page.wait_for_url("**township=*")
        assert sorted(page.locator("td.name").all_inner_texts()) == ["拉姆", "次仁"]
        with page.expect_download() as info:
            page.click("#dl-xlsx")
        download = info.value
        assert download.suggested_filename.endswith(".xlsx") and "硕督镇" in download.suggested_filename
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        wb = openpyxl.load_workbook(path)
        name = HEADERS.index("姓名")
        names = sorted(r[name] for ws in wb.worksheets[1:] for r in ws.iter_rows(min_row=2, values_only=True))
        assert names == ["拉姆", "次仁"]
        assert wb.worksheets[0]["B2"].value == "township=硕督镇"


def test_township_account_is_refused_everywhere_in_the_browser(tmp_path, browser, kdir):
    with LiveSite(tmp_path, knowledge={"dir": str(kdir)}) as site:
        rows = seed(site)
        site.add_account("县办")
        site.add_account("孜托干部", "township", "孜托镇")
        page = browser.new_page()
        login(page, site.url, "孜托干部")
        page.wait_for_url(site.url + "/admin")
        assert page.inner_text("#active-total") == "1"
        csrf = page.get_attribute("input[name=csrf]", "value")
        for attempts in TOWNSHIP_ATTEMPTS.values():
            for method, path, form in attempts:
                url = site.url + path.format(b=rows["b"].id, gone=rows["gone"].id)
                if method == "GET":
                    resp = page.goto(url)
                else:
                    resp = page.request.post(url, form={**form, "csrf": csrf}, max_redirects=0)
                assert resp.status == 403, (method, path, resp.status)


def test_csrf_rejection_and_login_throttling(tmp_path, browser):
    with LiveSite(tmp_path) as site:
        site.add_account("县办")
        page = browser.new_page()
        for _ in range(5):
            login(page, site.url, "县办", "not the password")
            assert "用户名或密码不对" in page.inner_text("main")
        login(page, site.url, "县办")
        assert "分钟后再试" in page.inner_text("main")
        assert site.call(site.accounts.failures_since("县办", "127.0.0.1", NOW - timedelta(days=3650)))[0] == 5

    with LiveSite(tmp_path / "second") as site:
        site.add_account("县办")
        page = browser.new_page()
        login(page, site.url, "县办")
        page.wait_for_url(site.url + "/admin")
        page.goto(site.url + "/admin/accounts")
        form = page.locator("form[action='/admin/accounts']")
        form.locator("input[name=name]").fill("冒名")
        form.locator("input[name=password]").fill("long enough 1")
        form.locator("input[name=csrf]").evaluate("el => el.value = 'forged'")
        with page.expect_response(lambda r: r.url.endswith("/admin/accounts")) as info:
            form.locator("button[type=submit]").click()
        assert info.value.status == 403
        assert "CSRF" in page.inner_text("main")
        assert site.call(site.accounts.by_name("冒名")) is None


def chat(page, text: str, voice: bool = False) -> str:
    """Send one message in the simulator and wait for the bot's next bubble."""
    before = page.locator(".bubble.bot").count()
    page.fill("#text", text)
    page.click("#send-voice" if voice else "#send-text")
    page.locator(".bubble.bot").nth(before).wait_for(timeout=15000)
    return page.locator(".bubble.bot").nth(before).inner_text()


def test_signup_in_the_simulator_then_seen_in_the_console(tmp_path, browser):
    with LiveSite(tmp_path, simulator={"enabled": True}) as site:
        site.add_account("孜托干部", "township", "孜托镇")
        sim = browser.new_page()
        sim.goto(site.url + "/simulator")
        sim.locator(".bubble.bot").first.wait_for()               # the welcome on subscribe
        sim.click("#menu button.top:has-text('报名参赛')")
        before = sim.locator(".bubble.bot").count()
        sim.click("#sub button:has-text('我要报名')")
        sim.locator(".bubble.bot").nth(before).wait_for()
        assert "给自己报名" in sim.locator(".bubble.bot").nth(before).inner_text()
        for text in ("1", "书写比赛", "同意", "30", "扎西平措", "男"):
            chat(sim, text)
        chat(sim, "13800138000", voice=True)                       # the phone number, spoken
        chat(sim, "孜托镇")
        assert "请核对报名信息" in chat(sim, "卡达村")
        done = chat(sim, "确认")
        assert "报名成功" in done and "请县里填写" not in done
        number = done.split("报名号：")[1].split()[0]

        console = browser.new_page()
        login(console, site.url, "孜托干部")
        console.wait_for_url(site.url + "/admin")
        console.goto(site.url + "/admin/signups?q=平措")
        assert console.locator("td.name").all_inner_texts() == ["扎西平措"]
        row = console.locator("#signups tbody tr").first.inner_text()
        assert number in row and "书写比赛" in row and "138****8000" in row and "本人" in row


def test_cadre_adds_a_sign_up_from_the_form_then_sees_it_in_the_table_and_the_xlsx(tmp_path, browser):
    with LiveSite(tmp_path) as site:
        site.add_account("孜托干部", "township", "孜托镇")
        page = browser.new_page()
        login(page, site.url, "孜托干部")
        page.wait_for_url(site.url + "/admin")
        page.click("text=报名")
        page.click("#add-signup")
        page.wait_for_url(site.url + "/admin/signups/new")
        assert page.locator("#f-township option").all_inner_texts() == ["孜托镇"]
        page.select_option("#f-category", "language")
        # The event list follows the category: another category's events are not offered.
        assert page.locator("#f-event option[value=basketball]").is_disabled()
        page.select_option("#f-event", "writing")
        page.check("#f-consent")
        page.fill("#f-age", "62")
        page.fill("#f-name", "次仁卓玛")
        page.select_option("#f-sex", "女")
        page.fill("#f-phone", "1380013800")                      # a digit short
        page.select_option("#f-village", "卡达村")
        page.click("#signup-new button[type=submit]")
        assert "手机号应该是11位数字" in page.inner_text("#error-phone")
        assert page.input_value("#f-name") == "次仁卓玛" and page.input_value("#f-village") == "卡达村"
        assert site.call(count(site.services.db)) == 0
        page.fill("#f-phone", "")                                 # she has no phone
        page.click("#signup-new button[type=submit]")
        page.wait_for_url("**/admin/signups/*?added=1")
        number = page.inner_text("h1").split()[1]
        assert number.startswith("BM") and f"已添加报名，报名号 {number}" in page.inner_text("main")

        page.goto(site.url + "/admin/signups")
        row = page.locator("#signups tbody tr").first.inner_text()
        assert number in row and "次仁卓玛" in row and "代报" in row
        with page.expect_download() as info:
            page.click("#dl-xlsx")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        rows = [dict(zip(HEADERS, r)) for ws in openpyxl.load_workbook(path).worksheets[1:]
                for r in ws.iter_rows(min_row=2, values_only=True)]
        assert [(r["报名号"], r["姓名"], r["录入人"], r["手机号"]) for r in rows] == [(number, "次仁卓玛", "孜托干部", None)]


def test_unanswered_question_becomes_a_variant_then_answered_in_the_simulator(tmp_path, browser, kdir):
    with LiveSite(tmp_path, simulator={"enabled": True}, knowledge={"dir": str(kdir)}) as site:
        site.add_account("县办")
        sim = browser.new_page()
        sim.goto(site.url + "/simulator")
        sim.locator(".bubble.bot").first.wait_for()
        expected = chat(sim, "怎么报名参加比赛？")
        assert "抱歉" in chat(sim, ASKED)

        console = browser.new_page()
        login(console, site.url, "县办")
        console.wait_for_url(site.url + "/admin")
        console.goto(site.url + "/admin/unanswered")
        group = console.locator(f'section.group[data-representative="{ASKED}"]')
        assert group.locator(".count").inner_text() == "1"
        group.locator("form.variant input[name=entry]").fill("f43")
        group.locator("form.variant button[type=submit]").click()
        console.wait_for_url("**/admin/unanswered?done=*")
        assert "机器人已经会答了" in console.inner_text("main")
        assert console.locator(f'section.group[data-representative="{ASKED}"]').count() == 0

        assert chat(sim, ASKED) == expected


PARTLY = "日喀则一共有多少项比赛"        # answered with Luolong's tally, saying 日喀则's is missing


def test_partly_answered_question_is_marked_then_taught_as_a_new_entry(tmp_path, browser, kdir):
    with LiveSite(tmp_path, simulator={"enabled": True}, knowledge={"dir": str(kdir)}) as site:
        site.add_account("县办")
        sim = browser.new_page()
        sim.goto(site.url + "/simulator")
        sim.locator(".bubble.bot").first.wait_for()
        assert "日喀则的情况我这里没有资料" in chat(sim, PARTLY)

        console = browser.new_page()
        login(console, site.url, "县办")
        console.wait_for_url(site.url + "/admin")
        console.goto(site.url + "/admin/unanswered")
        group = console.locator(f'section.group.partial[data-representative="{PARTLY}"]')
        assert group.locator(".badge.partial").inner_text() == "只答了一部分"
        assert "机器人答了这一条" in group.inner_text() and "f02" in group.locator(".suggested").inner_text()
        group.locator("summary", has_text="写一个新条目").click()
        form = group.locator("form.entry")
        form.locator("input[name=id]").fill("rikaze-contest-count")
        form.locator("textarea[name=answer]").fill("日喀则全市一共有40项比赛（测试用的数字）。")
        form.locator("button[type=submit]").click()
        console.wait_for_url("**/admin/unanswered?done=*")
        assert "机器人已经会答了" in console.inner_text("main")
        assert console.locator(f'section.group[data-representative="{PARTLY}"]').count() == 0

        reply = chat(sim, PARTLY)
        assert "40项" in reply and "没有资料" not in reply
