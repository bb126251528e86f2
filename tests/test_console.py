"""The cadre console over HTTP: login, sessions, CSRF, throttling, roles, the sign-up table and its
download, township isolation on every route, the dashboard, the audit log."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.storage.export import HEADERS
from bot.storage.signups import Signup, SignupRepository
from tests.console_support import BASKETBALL, NOW, PASSWORD, WRITING, add_signup, site

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_admin_without_session_shows_only_the_login(tmp_path):
    async with site(tmp_path) as s:
        for path in ("/admin", "/admin/signups", "/admin/signups/export?format=xlsx", "/admin/accounts"):
            resp = await s.client.get(path, allow_redirects=False)
            assert resp.status == 303 and resp.headers["Location"].startswith("/admin/login"), path
        page = await s.client.get("/admin/login")
        html = await page.text()
        assert page.status == 200
        assert re.search(r'<input type="hidden" name="csrf" value="[^"]{20,}">', html)
        assert "<form" in html and 'action="/admin/login"' in html


async def test_login_sets_a_strict_session_cookie_and_logout_ends_it(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        bad = await s.login("县办", "wrong password")
        assert bad.status == 401 and "用户名或密码不对" in await bad.text()
        ok = await s.login("县办")
        assert ok.status == 303 and ok.headers["Location"] == "/admin"
        cookie = ok.headers.getall("Set-Cookie")
        session = next(c for c in cookie if c.startswith("fenjin_console="))
        assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" not in session
        assert (await s.client.get("/admin")).status == 200
        # Logout is a form post: without the session's CSRF token it is refused.
        refused = await s.client.post("/admin/logout", data={"csrf": "forged"})
        assert refused.status == 403
        assert (await s.client.get("/admin", allow_redirects=False)).status == 200
        out = await s.client.post("/admin/logout", data={"csrf": await s.csrf()}, allow_redirects=False)
        assert out.status == 303
        assert (await s.client.get("/admin", allow_redirects=False)).status == 303


async def test_session_cookie_is_secure_behind_https(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        page = await s.client.get("/admin/login")
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
        resp = await s.client.post("/admin/login", data={"csrf": token, "name": "县办", "password": PASSWORD},
                                   headers={"X-Forwarded-Proto": "https"}, allow_redirects=False)
        assert resp.status == 303
        session = next(c for c in resp.headers.getall("Set-Cookie") if c.startswith("fenjin_console="))
        assert "Secure" in session


async def test_login_form_needs_its_csrf_token(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        await s.client.get("/admin/login")             # sets the cookie half of the token
        resp = await s.client.post("/admin/login", data={"csrf": "guessed", "name": "县办", "password": PASSWORD},
                                   allow_redirects=False)
        assert resp.status == 403
        assert (await s.client.get("/admin", allow_redirects=False)).status == 303


async def test_repeated_failures_lock_the_login_for_a_while(tmp_path):
    clock = Clock(NOW)
    async with site(tmp_path, clock=clock) as s:
        await s.add_account("县办")
        for _ in range(5):
            assert (await s.login("县办", "nope nope")).status == 401
        locked = await s.login("县办")                 # even the right password waits now
        assert locked.status == 429 and "分钟后再试" in await locked.text()
        clock.now += timedelta(minutes=16)
        assert (await s.login("县办")).status == 303


async def test_sessions_expire_when_idle_and_when_old(tmp_path):
    clock = Clock(NOW)
    async with site(tmp_path, clock=clock) as s:
        await s.add_account("县办")
        await s.login("县办")
        clock.now += timedelta(minutes=100)
        assert (await s.client.get("/admin", allow_redirects=False)).status == 200
        clock.now += timedelta(minutes=121)           # idle longer than two hours
        assert (await s.client.get("/admin", allow_redirects=False)).status == 303
        await s.login("县办")
        for _ in range(13):                            # busy, but past the 12-hour lifetime
            clock.now += timedelta(minutes=60)
            resp = await s.client.get("/admin", allow_redirects=False)
        assert resp.status == 303


async def test_disabled_account_is_logged_out_and_cannot_log_in(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        await s.add_account("乡干部", "township", "孜托镇")
        other = await s.new_client()
        try:
            await s.login("乡干部", client=other)
            assert (await other.get("/admin", allow_redirects=False)).status == 200
            await s.login("县办")
            resp = await s.client.post("/admin/accounts/乡干部/disable", data={"csrf": await s.csrf()})
            assert resp.status == 200 and "已停用" in await resp.text()
            assert (await other.get("/admin", allow_redirects=False)).status == 303
            assert (await s.login("乡干部", client=other)).status == 401
        finally:
            await other.close()


def test_admin_add_user_reads_the_password_twice_from_stdin(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "PATH": "/usr/bin:/bin"}

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "bot", "admin", *args], input=stdin, capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=60)

    ok = run("add-user", "县办", "--role", "county", stdin="long enough 1\nlong enough 1\n")
    assert ok.returncode == 0, ok.stderr
    assert "created county account 县办" in ok.stdout
    differ = run("add-user", "乡干部", "--role", "township", "--township", "孜托镇", stdin="aaaaaaaa1\nbbbbbbbb2\n")
    assert differ.returncode == 1 and "differ" in differ.stderr
    typo = run("add-user", "乡干部", "--role", "township", "--township", "孜拖镇", stdin="aaaaaaaa1\naaaaaaaa1\n")
    assert typo.returncode == 1 and "孜托镇" in typo.stderr and len(typo.stderr.strip().splitlines()) == 1
    again = run("add-user", "县办", "--role", "county", stdin="long enough 1\nlong enough 1\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    listed = run("list")
    assert "县办\tcounty" in listed.stdout


async def seed(db) -> dict:
    rows = {
        "a": await add_signup(db, "o1", WRITING, "扎西"),
        "b": await add_signup(db, "o2", BASKETBALL, "次仁", township="硕督镇", village="达翁村", team_name="雄鹰队",
                              team_members=["卓玛", "格桑"]),
        "c": await add_signup(db, "o3", WRITING, "拉姆", township="硕督镇", village="娘西村",
                              now=NOW + timedelta(days=3)),
        "d": await add_signup(db, "o4", BASKETBALL, "扎西多吉", township="孜托镇", village="达堆村",
                              now=NOW + timedelta(days=3)),
    }
    gone = await add_signup(db, "o5", WRITING, "已取消", township="硕督镇", village="达翁村")
    await SignupRepository(db).cancel("o5", gone.id, now=NOW)
    rows["gone"] = gone
    return rows


def table_names(html: str) -> list[str]:
    return re.findall(r'<td class="name">([^<]*)</td>', html)


async def test_signup_table_filters_search_status_and_paging(tmp_path, monkeypatch):
    async with site(tmp_path) as s:
        await seed(s.db)
        await s.add_account("县办")
        await s.login("县办")
        html = await (await s.client.get("/admin/signups")).text()
        assert sorted(table_names(html)) == ["扎西", "扎西多吉", "拉姆", "次仁"]
        assert "138****8000" in html and "13800138000" not in html
        by_town = await (await s.client.get("/admin/signups", params={"township": "硕督镇"})).text()
        assert sorted(table_names(by_town)) == ["拉姆", "次仁"]
        village = await (await s.client.get("/admin/signups", params={"township": "硕督镇", "village": "娘西村"})).text()
        assert table_names(village) == ["拉姆"]
        event = await (await s.client.get("/admin/signups", params={"event": "basketball"})).text()
        assert sorted(table_names(event)) == ["扎西多吉", "次仁"]
        category = await (await s.client.get("/admin/signups", params={"category": "language"})).text()
        assert sorted(table_names(category)) == ["扎西", "拉姆"]
        dated = await (await s.client.get("/admin/signups", params={"since": "2027-03-03"})).text()
        assert sorted(table_names(dated)) == ["扎西多吉", "拉姆"]
        until = await (await s.client.get("/admin/signups", params={"until": "2027-03-01"})).text()
        assert sorted(table_names(until)) == ["扎西", "次仁"]
        search = await (await s.client.get("/admin/signups", params={"q": "扎西"})).text()
        assert sorted(table_names(search)) == ["扎西", "扎西多吉"]
        cancelled = await (await s.client.get("/admin/signups", params={"status": "cancelled"})).text()
        assert table_names(cancelled) == ["已取消"]
        every = await (await s.client.get("/admin/signups", params={"status": "all"})).text()
        assert len(table_names(every)) == 5
        monkeypatch.setattr("bot.console.signups.PER_PAGE", 3)
        first = await (await s.client.get("/admin/signups", params={"status": "all"})).text()
        second = await (await s.client.get("/admin/signups", params={"status": "all", "page": "2"})).text()
        assert len(table_names(first)) == 3 and len(table_names(second)) == 2
        assert not set(table_names(first)) & set(table_names(second))
        assert "第 1/2 页" in first and 'id="next"' in first


async def test_download_is_exactly_the_filter_masked_and_full_only_for_county(tmp_path):
    async with site(tmp_path) as s:
        await seed(s.db)
        await s.add_account("县办")
        await s.login("县办")
        resp = await s.client.get("/admin/signups/export", params={"format": "xlsx", "township": "硕督镇",
                                                                   "status": "all"})
        assert resp.status == 200 and "attachment" in resp.headers["Content-Disposition"]
        wb = openpyxl.load_workbook(io.BytesIO(await resp.read()))
        name, phone = HEADERS.index("姓名"), HEADERS.index("手机号")
        names = sorted(row[name] for ws in wb.worksheets[1:] for row in ws.iter_rows(min_row=2, values_only=True))
        assert names == ["已取消", "拉姆", "次仁"]
        phones = {row[phone] for ws in wb.worksheets[1:] for row in ws.iter_rows(min_row=2, values_only=True)}
        assert phones == {"138****8000"}
        csv_resp = await s.client.get("/admin/signups/export", params={"format": "csv", "q": "扎西"})
        text = (await csv_resp.read()).decode("utf-8-sig")
        assert text.count("\n") == 3 and "扎西多吉" in text
        full = await s.client.get("/admin/signups/export", params={"format": "xlsx", "full": "1"})
        wb = openpyxl.load_workbook(io.BytesIO(await full.read()))
        assert "13800138000" in {row[phone] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
        audit = await (await s.client.get("/admin/audit")).text()
        assert "export-full" in audit and "export" in audit and "township=硕督镇" in audit


async def test_dashboard_numbers_equal_the_database(tmp_path):
    async with site(tmp_path) as s:
        await seed(s.db)
        await s.add_account("县办")
        await s.login("县办")
        html = await (await s.client.get("/admin")).text()
        async with s.db.session() as session:
            active = (await session.execute(select(func.count()).select_from(Signup)
                                            .where(Signup.status == "active"))).scalar_one()
            per_town = dict((await session.execute(select(Signup.township, func.count())
                                                   .where(Signup.status == "active")
                                                   .group_by(Signup.township))).all())
        assert re.search(r'id="active-total">(\d+)<', html).group(1) == str(active)
        assert re.search(r'id="cancelled-total">(\d+)<', html).group(1) == "1"
        bars = dict(re.findall(r'data-label="([^"]+)" data-count="(\d+)"', html))
        for town, n in per_town.items():
            assert bars[town] == str(n)
        assert bars["2027-03-01"] == "2" and bars["2027-03-02"] == "0" and bars["2027-03-04"] == "2"
        assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


async def test_township_account_sees_only_its_township(tmp_path):
    async with site(tmp_path) as s:
        rows = await seed(s.db)
        await s.add_account("孜托干部", "township", "孜托镇")
        await s.login("孜托干部")
        html = await (await s.client.get("/admin/signups", params={"status": "all"})).text()
        assert sorted(table_names(html)) == ["扎西", "扎西多吉"]
        dash = await (await s.client.get("/admin")).text()
        assert re.search(r'id="active-total">(\d+)<', dash).group(1) == "2"
        assert (await s.client.get(f"/admin/signups/{rows['a'].id}")).status == 200
        resp = await s.client.get("/admin/signups/export", params={"format": "csv", "status": "all"})
        text = (await resp.read()).decode("utf-8-sig")
        assert "扎西" in text and "次仁" not in text and "拉姆" not in text


# Every console route, and how a 孜托镇 account asks it for what it must not have: another
# township's data, or a county-only page. The test fails when a route is missing here.
TOWNSHIP_ATTEMPTS = {
    ("GET", "/admin"): [("GET", "/admin?township=硕督镇", None)],
    ("GET", "/admin/signups"): [("GET", "/admin/signups?township=硕督镇", None),
                                ("GET", "/admin/signups?village=达翁村", None)],
    ("GET", "/admin/signups/export"): [("GET", "/admin/signups/export?format=xlsx&township=硕督镇", None),
                                       ("GET", "/admin/signups/export?format=csv&township=硕督镇", None),
                                       ("GET", "/admin/signups/export?format=xlsx&village=达翁村", None),
                                       ("GET", "/admin/signups/export?format=xlsx&full=1", None)],
    ("GET", "/admin/signups/{id}"): [("GET", "/admin/signups/{b}", None)],
    ("GET", "/admin/signups/new"): [("GET", "/admin/signups/new?township=硕督镇", None)],
    ("POST", "/admin/signups/new"): [("POST", "/admin/signups/new",
                                      {"category": "language", "event": "writing", "consent": "同意", "age": "30",
                                       "name": "达娃", "sex": "女", "township": "硕督镇", "village": "达翁村"})],
    ("POST", "/admin/signups/{id}/{action}"): [("POST", "/admin/signups/{b}/cancel", {"reason": "x"}),
                                               ("POST", "/admin/signups/{gone}/restore", {"reason": "x"})],
    ("GET", "/admin/accounts"): [("GET", "/admin/accounts", None)],
    ("POST", "/admin/accounts"): [("POST", "/admin/accounts", {"name": "x", "role": "county",
                                                              "password": "long enough 1"})],
    ("POST", "/admin/accounts/{name}/{action}"): [("POST", "/admin/accounts/县办/disable", {}),
                                                  ("POST", "/admin/accounts/县办/reset",
                                                   {"password": "long enough 1"})],
    ("GET", "/admin/audit"): [("GET", "/admin/audit", None)],
    ("GET", "/admin/setup"): [("GET", "/admin/setup", None)],
    ("GET", "/admin/setup/file"): [("GET", "/admin/setup/file?name=catalogue.yaml", None)],
    ("GET", "/admin/unanswered"): [("GET", "/admin/unanswered?township=硕督镇", None)],
    ("POST", "/admin/unanswered/variant"): [("POST", "/admin/unanswered/variant",
                                             {"entry": "f43", "wording": "我家娃想去比一比咋弄"})],
    ("POST", "/admin/unanswered/entry"): [("POST", "/admin/unanswered/entry",
                                           {"file": "bot.yaml", "id": "x-y", "question": "问", "answer": "答"})],
    ("POST", "/admin/unanswered/out-of-scope"): [("POST", "/admin/unanswered/out-of-scope", {"q": "问"})],
    ("GET", "/admin/kb"): [("GET", "/admin/kb", None)],
    ("POST", "/admin/kb/reload"): [("POST", "/admin/kb/reload", {})],
    ("GET", "/admin/retention"): [("GET", "/admin/retention?before=2030-01-01", None)],
    ("POST", "/admin/retention"): [("POST", "/admin/retention", {"before": "2030-01-01", "confirm": "删除"})],
}
OPEN_ROUTES = {("GET", "/admin/login"), ("POST", "/admin/login"), ("POST", "/admin/logout")}


def console_routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix") or ""
        if path.startswith("/admin") and route.method != "HEAD" and not path.startswith("/admin/static"):
            found.add((route.method, re.sub(r"\{(\w+)(:[^}]*)?\}", r"{\1}", path)))
    return found


async def test_township_account_gets_403_on_every_route_for_other_data(tmp_path):
    kdir = tmp_path / "kbdata"            # a copy: a route that failed to refuse must not edit the real files
    shutil.copytree(ROOT / "knowledge", kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    async with site(tmp_path, knowledge={"dir": str(kdir)}) as s:
        rows = await seed(s.db)
        await s.add_account("县办")
        await s.add_account("孜托干部", "township", "孜托镇")
        assert console_routes(s.app) - OPEN_ROUTES == set(TOWNSHIP_ATTEMPTS), "a console route has no isolation test"
        await s.login("孜托干部")
        csrf = await s.csrf()
        for attempts in TOWNSHIP_ATTEMPTS.values():
            for method, path, form in attempts:
                path = path.format(b=rows["b"].id, gone=rows["gone"].id)
                if method == "GET":
                    resp = await s.client.get(path, allow_redirects=False)
                else:
                    resp = await s.client.post(path, data={**form, "csrf": csrf}, allow_redirects=False)
                body = await resp.read()
                assert resp.status == 403, (method, path, resp.status)
                assert "次仁".encode() not in body and "达翁村".encode() not in body or b"<form" in body
        # and nothing changed
        assert not (await s.accounts.by_name("县办")).disabled
        async with s.db.session() as session:
            assert (await session.execute(select(func.count()).select_from(Signup))).scalar_one() == 5
        assert await s.accounts.by_name("x") is None


async def test_every_post_needs_the_session_csrf_token(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        await s.login("县办")
        resp = await s.client.post("/admin/accounts", data={"name": "新号", "role": "county",
                                                            "password": "long enough 1"})
        assert resp.status == 403 and "CSRF" in await resp.text()
        assert await s.accounts.by_name("新号") is None
        ok = await s.client.post("/admin/accounts", data={"name": "新号", "role": "county",
                                                          "password": "long enough 1", "csrf": await s.csrf()})
        assert ok.status == 200 and await s.accounts.by_name("新号") is not None


async def test_audit_log_records_who_what_when_and_where(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        await s.login("县办", "wrong password")
        await s.login("县办")
        await s.client.post("/admin/accounts", data={"name": "孜托干部", "role": "township", "township": "孜托镇",
                                                     "password": "long enough 1", "csrf": await s.csrf()})
        rows, total = await s.accounts.audit_log()
        actions = [(r.account, r.action) for r in rows]
        assert ("县办", "login-failed") in actions and ("县办", "login") in actions
        assert ("县办", "account-create") in actions
        assert all(r.address == "127.0.0.1" and r.at is not None for r in rows)


async def test_setup_checklist_and_no_placeholder_in_replies(tmp_path):
    async with site(tmp_path) as s:
        await s.add_account("县办")
        await s.login("县办")
        html = await (await s.client.get("/admin")).text()
        assert "县活动办电话" in html and "catalogue.yaml:" in html
        setup = await (await s.client.get("/admin/setup")).text()
        assert "核实孜托镇的村名" in setup and "没填奖品（prizes）" in setup and "没填比赛地点（venues）" in setup
        link = re.search(r'href="(/admin/setup/file\?name=catalogue.yaml&amp;line=(\d+)#L\d+)"', html)
        source = await (await s.client.get(link.group(1).replace("&amp;", "&"))).text()
        assert f'id="L{link.group(2)}" class="hl"' in source and "office_phone" in source
        sorry = await s.text("herder", "虫草今年收购价多少钱一斤")
        assert "抱歉" in sorry and "请县里填写" not in sorry and "拨打" not in sorry


def test_contact_line_names_the_phone_only_once_it_is_set():
    from knowledge.catalogue import Campaign

    unset = Campaign("红色昌都·振兴奋进", "洛隆县", 3, (), "notice", contact="有问题请问本村驻村工作队。")
    assert unset.contact_line() == "有问题请问本村驻村工作队。"
    phone = Campaign("红色昌都·振兴奋进", "洛隆县", 3, (), "notice", contact="有问题请问本村驻村工作队。",
                     office_phone="0895-4500000")
    assert phone.contact_line().endswith("活动办公室电话 0895-4500000。")


@pytest.mark.parametrize("when", [datetime(2027, 3, 1, 15, 59, tzinfo=timezone.utc)])
async def test_day_chart_uses_county_days(tmp_path, when):
    async with site(tmp_path) as s:
        await add_signup(s.db, "late", WRITING, "晚上报名", now=when)    # 23:59 in the county
        await add_signup(s.db, "next", WRITING, "第二天", now=when + timedelta(minutes=2))
        await s.add_account("县办")
        await s.login("县办")
        html = await (await s.client.get("/admin")).text()
        bars = dict(re.findall(r'data-label="([^"]+)" data-count="(\d+)"', html))
        assert bars["2027-03-01"] == "1" and bars["2027-03-02"] == "1"


async def test_cadre_cancels_and_restores_with_a_reason_under_the_rules(tmp_path):
    async with site(tmp_path) as s:
        rows = await seed(s.db)
        signups = SignupRepository(s.db)
        await s.add_account("孜托干部", "township", "孜托镇")
        await s.login("孜托干部")
        csrf = await s.csrf()
        sid = rows["a"].id
        assert (await s.client.post(f"/admin/signups/{sid}/cancel", data={"csrf": csrf})).status == 400
        resp = await s.client.post(f"/admin/signups/{sid}/cancel", data={"csrf": csrf, "reason": "本人电话说不参加了"})
        assert resp.status == 200 and "孜托干部：本人电话说不参加了" in await resp.text()
        assert (await signups.get(sid)).status == "cancelled"
        assert await signups.check_counters() == []
        # The same person signs up again meanwhile: restoring would make two active sign-ups.
        again = await add_signup(s.db, "o1", WRITING, "扎西")
        refused = await s.client.post(f"/admin/signups/{sid}/restore", data={"csrf": csrf, "reason": "弄错了"})
        assert refused.status == 409 and "已经有这个项目的有效报名" in await refused.text()
        await signups.cancel("o1", again.id, now=NOW)
        ok = await s.client.post(f"/admin/signups/{sid}/restore", data={"csrf": csrf, "reason": "弄错了"})
        assert ok.status == 200 and (await signups.get(sid)).status == "active"
        assert await signups.check_counters() == []
        audit, _ = await s.accounts.audit_log()
        assert [r.action for r in audit][:2] == ["signup-restore", "signup-cancel"]
