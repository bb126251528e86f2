"""The on-disk cache of the built knowledge base (knowledge/kbcache.py): a start from the cache
answers exactly as a fresh build; any change to the files, the settings or a damaged file builds
anew; a directory that cannot be written only means building in memory; an edit from the console
is answered at once (the reload never reads the old build); workers writing together leave one
whole file."""
from __future__ import annotations

import hashlib
import multiprocessing
import shutil
from pathlib import Path

import pytest

from bot.core.config import load_settings
from knowledge import kbcache, qa
from knowledge.catalogue import load_catalogue
from knowledge.check import load_all
from tests.console_support import site

ROOT = Path(__file__).resolve().parent.parent

# Wordings of my own, of several kinds: close to a question, loose, typed pinyin, mixed, off-topic,
# small talk, Tibetan, empty.
WORDINGS = ["报名啥时候截止", "我想报名赛马咋整", "比赛在哪里举行", "baoming jiezhi", "奖品有哪些东西",
            "驻村工作队是干嘛的", "今天天气怎么样", "你好", "谢谢啦", "三个意识是什么", "射箭要带什么",
            "ཐང་ཁ", "", "能不能帮我查一下成绩", "报了名还能改吗", "村里的网格员管什么"]


def settings_with(cache: Path | None, kdir: Path | None = None, **qa_section):
    knowledge = {"cache_dir": str(cache) if cache is not None else False}
    if kdir is not None:
        knowledge["dir"] = str(kdir)
    return load_settings(env={}, knowledge=knowledge, **({"qa": qa_section} if qa_section else {}))


def build(settings):
    return qa.load_knowledge_base(settings, load_catalogue(settings.knowledge_dir / "catalogue.yaml"))


def queries(kb) -> list[str]:
    """Every question and variant of the knowledge base, each also cut short, and the wordings above."""
    texts = [t for e in kb.entries.values() for t in (e.question, *e.similar)]
    return texts + [t[1:-1] for t in texts if len(t) > 3] + WORDINGS


def results(kb, texts):
    return [(r.outcome, r.candidates, r.norm, r.lang, r.smalltalk) for r in map(kb.match, texts)]


@pytest.fixture
def builds(monkeypatch):
    """How many times the YAML was read and indexed (not read back from the cache)."""
    count = [0]
    real = qa.read_knowledge_dir

    def counted(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(qa, "read_knowledge_dir", counted)
    return count


@pytest.fixture(scope="module")
def fresh():
    """The real knowledge base built without a cache, and its answers."""
    kb = build(settings_with(None))
    texts = queries(kb)
    return kb, texts, results(kb, texts)


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-*.pickle"))


def test_a_start_from_the_cache_answers_exactly_as_a_fresh_build(tmp_path, builds, fresh):
    kb0, texts, expected = fresh
    cache = tmp_path / "cache"
    first = build(settings_with(cache))                  # no cache yet: built, and kept
    assert builds[0] == 1 and len(cache_files(cache)) == 1
    again = build(settings_with(cache))                  # read back: no YAML read
    assert builds[0] == 1 and again is not first
    assert results(again, texts) == expected
    assert again.entry_ids == kb0.entry_ids and again.stats == kb0.stats
    assert [again.get(i).answer for i in sorted(kb0.entry_ids)] == [kb0.get(i).answer for i in sorted(kb0.entry_ids)]
    # The normaliser read back has its own cache of texts, empty and working.
    assert again.normalizer.cache_fill()[0] <= len(texts) * 2
    assert again.normalizer.normalize_query("请问报名怎么报呢") == kb0.normalizer.normalize_query("请问报名怎么报呢")


def test_the_server_load_reads_the_cache_too(tmp_path, builds, fresh):
    kb0, texts, expected = fresh
    cache = tmp_path / "cache"
    load_all(settings_with(cache))
    knowledge = load_all(settings_with(cache))
    assert builds[0] == 1
    assert results(knowledge["kb"], texts[:300]) == expected[:300]
    assert knowledge["quiz_bank"] is not None and knowledge["catalogue"] is not None


def test_a_changed_setting_or_file_is_built_anew(tmp_path, builds):
    kdir = tmp_path / "kbdata"
    shutil.copytree(ROOT / "knowledge", kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    cache = tmp_path / "cache"
    build(settings_with(cache, kdir))
    build(settings_with(cache, kdir, answer_threshold=0.3))       # another threshold: another build
    assert builds[0] == 2
    assert build(settings_with(cache, kdir, answer_threshold=0.3)).matcher.config.answer_threshold == 0.3
    assert builds[0] == 2
    path = kdir / "qa" / "bot.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("报名截止", "报名结束", 1), encoding="utf-8")
    kb = build(settings_with(cache, kdir))
    assert builds[0] == 3
    assert any("报名结束" in t for e in kb.entries.values() for t in (e.question, *e.similar, e.answer))
    synonyms = kdir / "synonyms.yaml"
    synonyms.write_bytes(synonyms.read_bytes() + b"\n")            # even a byte that changes nothing
    build(settings_with(cache, kdir))
    assert builds[0] == 4


def test_the_code_is_part_of_the_name(tmp_path, monkeypatch):
    files = [("qa/a.yaml", b"x")]
    key = kbcache.fingerprint(files, ("settings",))
    assert kbcache.fingerprint(files, ("settings",)) == key
    assert kbcache.fingerprint(files, ("other",)) != key
    assert kbcache.fingerprint([("qa/b.yaml", b"x")], ("settings",)) != key
    assert kbcache.fingerprint([("qa/a.yaml", b"y")], ("settings",)) != key
    monkeypatch.setattr(kbcache, "_code", [b"another version of the matcher"])
    assert kbcache.fingerprint(files, ("settings",)) != key


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    head = len(kbcache.MAGIC) + 32
    if how == "truncated":
        path.write_bytes(data[:len(data) // 2])
    elif how == "header only":
        path.write_bytes(data[:head])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "a flipped byte":
        at = head + len(data) // 3
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x40]) + data[at + 1:])
    elif how == "another format":
        path.write_bytes(b"FJKB\x00\x02\r\n" + data[len(kbcache.MAGIC):])
    elif how == "text-mode copy":
        path.write_bytes(data.replace(b"\r\n", b"\n"))
    elif how == "whole but not ours":        # a good checksum over bytes that are no pickle
        junk = b"\x80\x05garbage that is not a pickle"
        path.write_bytes(kbcache.MAGIC + hashlib.sha256(junk).digest() + junk)
    elif how == "another key's build":       # a whole file, renamed: its own key is inside
        payload = kbcache.pickle.dumps(("0" * 40, {"not": "a knowledge base"}))
        path.write_bytes(kbcache.MAGIC + hashlib.sha256(payload).digest() + payload)


@pytest.mark.parametrize("how", ["truncated", "header only", "empty", "a flipped byte", "another format",
                                 "text-mode copy", "whole but not ours", "another key's build"])
def test_a_damaged_file_is_ignored_and_built_anew(tmp_path, builds, fresh, how):
    kb0, texts, expected = fresh
    cache = tmp_path / "cache"
    build(settings_with(cache))
    (path,) = cache_files(cache)
    damage(path, how)
    kb = build(settings_with(cache))
    assert builds[0] == 2
    assert results(kb, texts[::7]) == expected[::7]
    # ... and the file is whole again: the next start reads it.
    build(settings_with(cache))
    assert builds[0] == 2 and kbcache.load(cache, "kb", path.name[3:-7]) is not None


def test_a_directory_that_cannot_be_written_only_means_building(tmp_path, builds, fresh):
    kb0, texts, expected = fresh
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for cache in (blocker / "cache", blocker):
        kb = build(settings_with(cache))
        assert results(kb, texts[::11]) == expected[::11]
    assert builds[0] == 2 and blocker.read_text() == "not a directory"
    build(settings_with(None))                       # cache_dir: false -- no cache at all
    assert builds[0] == 3 and not list(tmp_path.glob("**/kb-*.pickle"))


def test_a_missing_directory_is_made(tmp_path, builds):
    cache = tmp_path / "not" / "yet" / "there"
    build(settings_with(cache))
    build(settings_with(cache))
    assert builds[0] == 1 and len(cache_files(cache)) == 1


def test_old_builds_are_dropped_and_a_dead_writers_file_too(tmp_path):
    cache = tmp_path / "cache"
    for n in range(kbcache.KEEP + 3):
        assert kbcache.store(cache, "kb", f"{n:040d}", {"n": n})
    names = [p.name for p in cache_files(cache)]
    assert len(names) == kbcache.KEEP and f"kb-{kbcache.KEEP + 2:040d}.pickle" in names
    left = cache / ".kb-dead.tmp"
    left.write_bytes(b"half")
    import os
    os.utime(left, (0, 0))
    kbcache.store(cache, "kb", "1" * 40, {})
    assert not left.exists()


def _store_many(cache: str, key: str, start, rounds: int) -> None:
    start.wait()
    for n in range(rounds):
        kbcache.store(Path(cache), "kb", key, {"payload": [key] * 20000, "n": n})


def _build_in_process(cache: str, start, out) -> None:
    start.wait()
    kb = build(settings_with(Path(cache)))
    out.put(kb.match("报名什么时候截止").top.entry_id)


def test_processes_writing_at_once_leave_one_whole_file(tmp_path):
    cache = tmp_path / "cache"
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(3)
    key = "ab" * 20
    writers = [ctx.Process(target=_store_many, args=(str(cache), key, start, 30)) for _ in range(2)]
    for w in writers:
        w.start()
    start.wait()
    seen = 0
    while any(w.is_alive() for w in writers):
        value = kbcache.load(cache, "kb", key)     # never half a file: None before the first, then whole
        if value is not None:
            assert value["payload"] == [key] * 20000
            seen += 1
    for w in writers:
        w.join()
        assert w.exitcode == 0
    assert kbcache.load(cache, "kb", key)["n"] == 29
    assert [p.name for p in cache.iterdir()] == [f"kb-{key}.pickle"]       # no temporary file left


def test_workers_starting_together_on_a_cold_cache(tmp_path, fresh):
    kb0 = fresh[0]
    cache = tmp_path / "cache"
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Barrier(3), ctx.Queue()
    workers = [ctx.Process(target=_build_in_process, args=(str(cache), start, out)) for _ in range(3)]
    for w in workers:
        w.start()
    answers = [out.get(timeout=120) for _ in workers]
    for w in workers:
        w.join()
        assert w.exitcode == 0
    assert answers == [kb0.match("报名什么时候截止").top.entry_id] * 3
    (path,) = cache_files(cache)
    assert [p.name for p in cache.iterdir()] == [path.name]
    assert kbcache.load(cache, "kb", path.name[3:-7]) is not None


async def test_an_edit_from_the_console_is_answered_at_once_not_from_the_old_build(tmp_path, builds):
    kdir = tmp_path / "kbdata"
    shutil.copytree(ROOT / "knowledge", kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    cache = tmp_path / "cache"
    build(settings_with(cache, kdir))                 # a warm cache before the server starts
    wording = "娃娃想去比一比该找哪个"
    async with site(tmp_path, knowledge={"dir": str(kdir), "cache_dir": str(cache)}) as s:
        assert builds[0] == 1                         # the server started from the cache
        expected = await s.text("u0", "怎么报名参加比赛？")
        assert "抱歉" in await s.text("u1", wording)
        await s.add_account("县办")
        await s.login("县办")
        csrf = await s.csrf()
        resp = await s.client.post("/admin/unanswered/variant",
                                   data={"csrf": csrf, "entry": "f43", "wording": wording, "q": wording})
        assert resp.status == 200 and "机器人已经会答了" in await resp.text()
        assert builds[0] >= 2                         # the reload built from the edited file
        assert await s.text("u2", wording) == expected
    assert len(cache_files(cache)) == 2               # before and after the edit
    kb = build(settings_with(cache, kdir))            # the next start reads the edited build back
    assert wording in kb.get("f43").similar


def test_the_service_keeps_both_caches_where_it_may_write():
    from tests.test_deploy import UNIT, read_unit
    service = read_unit(UNIT.read_text(encoding="utf-8"))["Service"]
    writable = dict(service)["ReadWritePaths"]
    env = dict(v.split("=", 1) for k, v in service if k == "Environment")
    assert env["FENJIN_CACHE_DIR"].startswith(writable + "/")
    root = dict(service)["WorkingDirectory"]            # the code's directory, where data/ is
    assert f"{root}/data" == writable
    assert load_settings(env={}).knowledge_cache_dir.relative_to(ROOT).parts[0] == "data"


def test_a_build_that_cannot_be_pickled_still_starts(tmp_path, monkeypatch, builds, fresh):
    kb0, texts, expected = fresh
    real = qa.KnowledgeBase.__init__

    def holding_a_lambda(self, *args, **kwargs):
        real(self, *args, **kwargs)
        self.hook = lambda: None          # what a later change to the index might hold

    monkeypatch.setattr(qa.KnowledgeBase, "__init__", holding_a_lambda)
    cache = tmp_path / "cache"
    for _ in range(2):
        kb = build(settings_with(cache))
        assert results(kb, texts[::13]) == expected[::13]
    assert builds[0] == 2 and not list(tmp_path.glob("**/kb-*"))


def test_a_file_others_may_write_is_never_read(tmp_path):
    """Unpickling runs code: a cache file group/world-writable (or in such a directory) is skipped."""
    cache = tmp_path / "cache"
    assert kbcache.store(cache, "kb", "k1", {"built": 1})
    cache.chmod(0o700)
    assert kbcache.load(cache, "kb", "k1") == {"built": 1}
    path = next(cache.glob("kb-k1.pickle"))
    path.chmod(0o666)
    assert kbcache.load(cache, "kb", "k1") is None
    path.chmod(0o600)
    cache.chmod(0o777)
    assert kbcache.load(cache, "kb", "k1") is None
    cache.chmod(0o700)
    assert kbcache.load(cache, "kb", "k1") == {"built": 1}


def test_the_pinyin_library_is_part_of_the_fingerprint():
    assert any(b"pypinyin" in part for part in kbcache._code_parts()[:1])
