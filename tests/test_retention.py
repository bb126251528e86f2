"""Deleting a finished campaign's personal data: storage, `python -m bot purge`, the console page."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.storage.quiz import QuizAnswer
from bot.storage.retention import count_before, purge_before
from bot.storage.signups import Signup, SignupRepository
from tests.console_support import BASKETBALL, NOW, WRITING, add_signup, site
from tests.helpers import seeded_database

ROOT = Path(__file__).resolve().parent.parent


async def seed(db):
    old = await add_signup(db, "o1", WRITING, "扎西", now=NOW - timedelta(days=40))
    gone = await add_signup(db, "o2", WRITING, "次仁", now=NOW - timedelta(days=40))
    await SignupRepository(db).cancel("o2", gone.id, now=NOW - timedelta(days=39))
    recent = await add_signup(db, "o1", BASKETBALL, "扎西", now=NOW)
    async with db.session() as s, s.begin():
        s.add(QuizAnswer(openid="o1", qid="q1", mode="round", correct=True, points=1, given="A",
                         answered_at=NOW - timedelta(days=40)))
    return old, recent


async def test_purge_deletes_old_records_and_keeps_the_counters_true(database):
    old, recent = await seed(database)
    before = date(2027, 2, 1)
    found = await count_before(database, before)
    assert (found.signups, found.quiz_answers) == (2, 1)
    done = await purge_before(database, before)
    assert done.as_dict() == found.as_dict()
    async with database.session() as s:
        ids = [r for (r,) in (await s.execute(select(Signup.id))).all()]
    assert ids == [recent.id]
    assert await SignupRepository(database).check_counters() == []
    # the per-person limit was freed: o1 can sign up for the writing event again
    again = await add_signup(database, "o1", WRITING, "扎西")
    assert again.id != old.id
    assert (await count_before(database, before)).total == 0


def test_purge_command_asks_unless_yes(tmp_path):
    url = f"sqlite:///{tmp_path}/p.db"
    seeded_database(url, seed)
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "purge", *a], capture_output=True,  # noqa: E731
                                    text=True, cwd=ROOT, env=env, timeout=60, input="")
    asked = run("--before", "2027-02-01")
    assert asked.returncode == 1 and "2 sign-ups" in asked.stdout and "--status all --full" in asked.stdout
    done = run("--before", "2027-02-01", "--yes")
    assert done.returncode == 0 and "deleted 2 sign-ups" in done.stdout
    assert "nothing recorded" in run("--before", "2027-02-01").stdout


async def test_console_offers_the_export_then_purges_with_confirmation(tmp_path):
    async with site(tmp_path) as s:
        await seed(s.db)
        await s.add_account("县办")
        await s.login("县办")
        html = await (await s.client.get("/admin/retention", params={"before": "2027-02-01"})).text()
        assert re.search(r'<td class="num">2</td>', html)
        export = re.search(r'id="export-before" href="([^"]+)"|href="([^"]+)" id="export-before"', html)
        link = (export.group(1) or export.group(2)).replace("&amp;", "&")
        assert "status=all" in link and "until=2027-01-31" in link
        csrf = await s.csrf("/admin/retention")
        refused = await s.client.post("/admin/retention", data={"csrf": csrf, "before": "2027-02-01",
                                                               "confirm": "ok"})
        assert refused.status == 400
        done = await s.client.post("/admin/retention", data={"csrf": csrf, "before": "2027-02-01",
                                                            "confirm": "删除"})
        assert done.status == 200 and "已删除" in await done.text()
        async with s.db.session() as session:
            assert (await session.execute(select(func.count()).select_from(Signup))).scalar_one() == 1
        assert "purge" in await (await s.client.get("/admin/audit")).text()
