"""Unanswered questions: storage, grouping by similar wording, and `python -m bot unanswered`."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from bot.storage import Database
from bot.storage.unanswered import UnansweredLog
from knowledge.normalize import Normalizer
from bot.cli.unanswered import cli
from knowledge.find import Policies
from knowledge.unanswered import format_groups, group_questions
from tests.helpers import wait_for

T0 = datetime(2026, 11, 1, 9, 0)


def row(q, user="u1", outcome="fallback", cands="", minutes=0):
    return SimpleNamespace(question=q, user=user, outcome=outcome, candidates=cands,
                           created_at=T0 + timedelta(minutes=minutes))


def test_similar_wordings_are_grouped_most_frequent_first():
    rows = [
        row("低保怎么申请", "u1"), row("低保怎么申请？", "u2", minutes=5), row("低保怎么申请啊", "u3", minutes=9),
        row("请问低保咋申请", "u4", "suggest", "f43"),          # filler + one different character
        row("低保怎么申清", "u1", minutes=20),                  # typo
        row("虫草价格多少", "u5"), row("虫草价格多少钱", "u6", "suggest", "f21"),
        row("今天天气怎么样", "u7"),
    ]
    groups = group_questions(rows)
    assert [g.count for g in groups] == [5, 2, 1]
    top = groups[0]
    assert top.representative == "低保怎么申请"
    assert len(top.users) == 4
    assert top.outcomes == {"fallback": 4, "suggest": 1}
    assert top.suggested == {"f43": 1}
    assert top.first == T0 and top.last == T0 + timedelta(minutes=20)
    assert groups[1].representative in ("虫草价格多少", "虫草价格多少钱")
    assert groups[2].representative == "今天天气怎么样"


def test_homophones_from_voice_join_the_same_group():
    groups = group_questions([row("三个意识是什么"), row("三个意思是什么"), row("比赛在哪里报名")])
    assert [g.count for g in groups] == [2, 1]


def test_different_questions_stay_apart():
    groups = group_questions([row("低保怎么申请"), row("医保怎么报销"), row("驾照在哪里考")])
    assert [g.count for g in groups] == [1, 1, 1]


def test_synonyms_tighten_groups():
    rows = [row("村BA几号开始"), row("篮球赛几号开始")]
    assert len(group_questions(rows)) == 2
    assert len(group_questions(rows, normalizer=Normalizer([["村BA", "篮球赛"]]))) == 1


def test_format_lists_counts_and_other_wordings():
    text = format_groups(group_questions([row("低保怎么申请"), row("低保怎么申请？", "u2"),
                                          row("虫草价格", "u3", "suggest", "f21")]))
    lines = text.splitlines()
    assert lines[0].startswith("3 unanswered questions in 2 groups")
    assert lines[1].startswith("  1. 2× by 2 users: 低保怎么申请")
    assert "also: 低保怎么申请？" in lines[2]
    assert any("offered first: f21 ×1" in ln for ln in lines)
    assert "北京时间" in lines[1] and "2026-11-01 17:00" in lines[1]          # 09:00 UTC in county time
    assert "add the wording" not in text                # nobody confirmed anything: no recommendation
    assert format_groups([]) == "No unanswered questions."


def test_cli_reads_the_configured_database(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/bot.db"

    async def seed():
        db = Database(url)
        await db.migrate()
        now = datetime.now(timezone.utc)
        for i, (q, outcome) in enumerate([("低保怎么申请", "fallback"), ("低保咋申请", "fallback"),
                                          ("身份证号540124199001011234丢了怎么办", "fallback"),
                                          ("比赛", "suggest")]):
            UnansweredLog(db).record(when=now - timedelta(days=i * 10), openid=f"openid-{i}", question=q,
                                     outcome=outcome, candidates=["f44", "f02"] if outcome == "suggest" else [],
                                     score=0.3)
        rows = await UnansweredLog(db).fetch()
        await db.close()
        return rows

    rows = asyncio.run(seed())
    assert "身份证号540124********1234丢了怎么办" in [r.question for r in rows]
    monkeypatch.setenv("DATABASE_URL", url)
    assert cli([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 unanswered questions in 3 groups")
    assert "2× by 2 users: 低保" in out
    assert "1990" not in out
    assert cli(["--days", "15"]) == 0                     # only the two newest
    assert capsys.readouterr().out.startswith("2 unanswered questions in 1 groups")
    assert cli(["--outcome", "suggest"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 unanswered question in 1 groups")
    assert "offered first: 「比赛有哪些类别和项目？」(f44) ×1" in out           # the question, not just the id


def test_the_picked_entry_is_shown_as_what_was_meant():
    rows = [row("村里比赛在哪比", "u1", "suggest", "f11,f44"), row("村里比赛在哪比？", "u2", "suggest", "f11,f44")]
    rows[0].picked = "f11"
    text = format_groups(group_questions(rows), questions={"f11": "比赛在哪里举行？"}.get)
    assert "offered first: 「比赛在哪里举行？」(f11) ×2" in text
    assert "confirmed: 「比赛在哪里举行？」(f11) ×1   (users picked it: add the wording" in text


async def test_record_pick_writes_the_entry_on_the_row(database):
    log = UnansweredLog(database)
    key = log.record(when=T0, openid="o1", question="比赛在哪比", outcome="suggest", candidates=["f11", "f44"],
                     score=0.3)
    log.pick(key, "f44")                 # still queued: amended in the batch
    written = log.record(when=T0, openid="o2", question="比赛在哪比", outcome="suggest", candidates=["f11", "f44"],
                         score=0.3)
    await log.flush()
    log.pick(written, "f11")             # already written: an UPDATE
    first, second = await log.fetch()
    assert (first.picked, first.candidates, second.picked) == ("f44", "f11,f44", "f11")


async def test_picks_of_several_written_rows_go_in_one_batch(database):
    log = UnansweredLog(database)
    keys = [log.record(when=T0, openid=f"o{i}", question=f"问题{i}", outcome="suggest", candidates=["f1", "f2"])
            for i in range(3)]
    await log.flush()
    log.pick(keys[0], "f2")
    log.pick(keys[2], "f1")
    rows = await log.fetch()             # flushes the two UPDATEs together
    assert [r.picked for r in rows] == ["f2", None, "f1"]


async def test_queued_questions_are_written_in_the_background_and_on_close(database, db_url):
    from sqlalchemy import func, select

    from bot.storage.unanswered import FLUSH_DELAY, UnansweredQuestion

    async def stored() -> int:
        async with database.session() as session:
            return await session.scalar(select(func.count()).select_from(UnansweredQuestion))

    UnansweredLog(database).record(when=T0, openid="o1", question="问题一", outcome="fallback")
    assert await stored() == 0                          # the reply did not wait for the database

    async def one_stored() -> bool:
        return await stored() == 1

    await wait_for(one_stored, timeout=FLUSH_DELAY + 5)  # written by the background batch, no close needed
    other = Database(db_url)                            # another process's handle on the same database
    UnansweredLog(other).record(when=T0, openid="o1", question="问题二", outcome="fallback")
    await other.close()                                 # flushed before its engine goes
    assert [r.question for r in await UnansweredLog(database).fetch()] == ["问题一", "问题二"]


UNANSWERED = Policies().unanswered         # the grouping policy production uses (config.yaml find.unanswered)


def _reference_groups(rows, threshold=UNANSWERED.pick):
    """The grouping rule written plainly: each wording (most frequent first) joins the most similar
    earlier group head if the similarity reaches the threshold."""
    from rapidfuzz import fuzz

    from knowledge.normalize import normalize_query, pinyin_tokens

    by_key: dict[str, int] = {}
    for r in rows:
        key = normalize_query(r.question) or r.question.strip()
        by_key[key] = by_key.get(key, 0) + 1
    keys = sorted(by_key, key=lambda k: (-by_key[k], k))
    heads: list[str] = []
    sizes: dict[str, int] = {}
    for key in keys:
        sims = [max(fuzz.ratio(key, h),
                    fuzz.ratio(" ".join(pinyin_tokens(key)), " ".join(pinyin_tokens(h))) - UNANSWERED.sound_penalty)
                for h in heads]
        best = max(range(len(heads)), key=lambda i: (sims[i], -i), default=None)
        if best is not None and sims[best] >= threshold:
            sizes[heads[best]] += by_key[key]
        else:
            heads.append(key)
            sizes[key] = by_key[key]
    return sorted(sizes.values(), reverse=True)


def test_three_thousand_rows_all_grouped_and_as_the_rule_says():
    import random

    rng = random.Random(3)
    topics = ["低保", "医保", "虫草", "驾照", "村BA", "报名", "草场补贴", "户口", "养老金", "危房改造", "电费", "学费"]
    asks = ["怎么申请", "在哪里办", "多少钱", "什么时候发", "要带什么材料", "找谁", "能不能补办", "怎么查"]
    pool = "低保医虫草驾照村报名户口养老金危房改造电费学怎么申请在哪里办多少钱什么时候发要带材料找谁能不补查牛羊青稞酥油"
    # about a third are wordings of a few common questions, the rest all different (the slow case:
    # thousands of groups; the old pairwise Python scorer took 4.2 s here)
    rows = [row(f"{rng.choice(['', '请问'])}{rng.choice(topics)}{rng.choice(asks)}" if rng.random() < 0.3
                else "".join(rng.choice(pool) for _ in range(rng.randint(6, 12))), f"u{rng.randint(1, 900)}")
            for _ in range(3000)]
    groups = group_questions(rows)
    assert sum(g.count for g in groups) == 3000
    sample = rows[:600]
    assert sorted((g.count for g in group_questions(sample)), reverse=True) == _reference_groups(sample)


async def test_questions_asked_while_the_database_refuses_writes_are_kept_and_written_later(sqlite_database):
    from sqlalchemy import text

    log = UnansweredLog(sqlite_database)
    async with sqlite_database.engine.begin() as conn:    # the table is gone: every write fails
        await conn.execute(text("ALTER TABLE unanswered RENAME TO away"))
    log.record(when=T0, openid="o1", question="问题一", outcome="fallback")
    assert await log.flush() is False                     # refused, not lost
    log.record(when=T0, openid="o2", question="问题二", outcome="fallback")
    assert await log.flush() is False
    async with sqlite_database.engine.begin() as conn:    # the database is back
        await conn.execute(text("ALTER TABLE away RENAME TO unanswered"))
    assert await log.flush() is True
    assert [r.question for r in await log.fetch()] == ["问题一", "问题二"]


async def test_rows_kept_while_the_database_is_down_are_bounded(sqlite_database, monkeypatch):
    from sqlalchemy import text

    from bot.storage import unanswered

    monkeypatch.setattr(unanswered, "MAX_PENDING", 3)
    log = UnansweredLog(sqlite_database)
    async with sqlite_database.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE unanswered RENAME TO away"))
    for i in range(5):
        log.record(when=T0, openid="o1", question=f"问题{i}", outcome="fallback")
    assert await log.flush() is False
    async with sqlite_database.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE away RENAME TO unanswered"))
    assert [r.question for r in await log.fetch()] == ["问题2", "问题3", "问题4"]   # the newest kept


def test_partial_answers_are_their_own_outcome_with_the_entry_they_were_answered_from():
    groups = group_questions([row("日喀则一共有多少项比赛", "u1", "partial", "f02"),
                              row("日喀则一共有多少项比赛？", "u2", "partial", "f02", minutes=3)])
    (g,) = groups
    assert g.outcomes == {"partial": 2} and g.suggested == {"f02": 2}
    out = format_groups(groups, questions={"f02": "活动一共有多少项比赛？"}.get)
    assert "[partial 2;" in out
    assert "answered in part: 「活动一共有多少项比赛？」(f02) ×2" in out and "offered first" not in out


def test_a_mixed_group_names_each_entry_under_the_outcome_it_came_with():
    """A fallback's closest entry was never shown: it is not "answered in part" nor "offered first"."""
    groups = group_questions([row("日喀则一共有多少项比赛", "u1", "partial", "f02"),
                              row("日喀则一共有多少项比赛？", "u2", "fallback", "f09", minutes=3),
                              row("日喀则一共有多少项比赛啊", "u3", "suggest", "f07", minutes=4)])
    (g,) = groups
    out = format_groups(groups)
    assert "answered in part: f02 ×1   (" in out and "offered first: f07 ×1" in out and "f09" not in out


def test_cli_lists_only_partial_answers(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/u.db"

    async def seed():
        db = Database(url)
        await db.migrate()
        now = datetime.now(timezone.utc)
        log = UnansweredLog(db)
        log.record(when=now, openid="o1", question="日喀则一共有多少项比赛", outcome="partial", candidates=["f02"])
        log.record(when=now, openid="o2", question="低保怎么申请", outcome="fallback")
        await log.flush()
        await db.close()

    asyncio.run(seed())
    monkeypatch.setenv("DATABASE_URL", url)
    assert cli(["--outcome", "partial"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 unanswered question in 1 groups") and "日喀则" in out and "低保" not in out
