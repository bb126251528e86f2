"""`python -m bot serve --workers N`: real worker processes on PostgreSQL + Redis, one port.

Every request goes over a new connection, so the kernel picks the worker at random: a
conversation, and WeChat's retries of one message, land on both workers."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis

from bot.core.config import load_settings
from bot.core.privacy import short_user
from bot.core.session import Services
from bot.services import reload_knowledge
from bot.storage.db import Database
from bot.wechat.simulator import WeChatSimulator
from tests.conftest import REDIS_URL, drop_all_tables
from tests.test_serve import ROOT, TOKEN, env_for, free_port, wait_healthy

SIGNUP = ["报名", "1", "书写比赛", "同意", "30", "扎西", "男", "13800138000", "孜托镇", "卡达村", "确认"]


class Workers:
    """A `serve --workers N` process; its log lines (one JSON object each) go to a file."""

    def __init__(self, tmp_path: Path, pg_url: str, count: int = 2):
        self.port = free_port()
        self.log_path = tmp_path / "serve.log"
        env = {**env_for(tmp_path), "DATABASE_URL": pg_url, "REDIS_URL": REDIS_URL, "PYTHONPATH": str(ROOT)}
        self.log_file = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--workers", str(count)],
                                     cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=self.log_file)
        self.sim = WeChatSimulator(TOKEN)

    def lines(self, event: str | None = None) -> list[dict]:
        out = []
        for raw in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if event is None or line.get("event") == event:
                out.append(line)
        return out

    def wait_for(self, condition, what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}: {self.lines()[-5:]}"
            assert self.proc.poll() is None, self.log_path.read_text()
            time.sleep(0.05)

    def post(self, xml: str) -> str:
        query, body = self.sim.request(xml)
        url = f"http://127.0.0.1:{self.port}/wechat?" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=15) as r:
            assert r.status == 200
            return self.sim.read_reply(r.read().decode())

    def say(self, user: str, text: str) -> str:
        return self.post(self.sim.message_xml(user, text=text))

    def workers_of(self, user: str) -> list[int]:
        """Which worker logged each message of ``user``, in order."""
        return [line["worker"] for line in self.lines("message") if line.get("user") == short_user(user)]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(60)
        self.log_file.close()
        return code


@pytest.fixture
def workers(tmp_path, pg_url):
    w = Workers(tmp_path, pg_url)
    try:
        wait_healthy(w.port, w.proc, timeout=60)
        yield w
    finally:
        w.stop()
        asyncio.run(_empty(pg_url))


async def _empty(url: str) -> None:
    """The session's PostgreSQL database is shared by the tests: leave it empty (the workers'
    sign-ups would be counted by the next test's)."""
    db = Database(url)
    try:
        await drop_all_tables(db.engine)
    finally:
        await db.close()


def test_more_workers_without_redis_are_refused(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(free_port()), "--workers", "2"],
                          cwd=tmp_path, env={**env_for(tmp_path), "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "REDIS_URL" in lines[0] and "--workers 2" in lines[0]


def test_a_conversation_spread_over_two_workers(workers):
    users = [f"oWorkers-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for user in users:
        replies = [workers.say(user, text) for text in SIGNUP]
        assert "报名成功！报名号：" in replies[-1], replies[-1]
        assert "已报名成功" in workers.say(user, "确认")      # a repeat confirms, stores nothing new
    spread = [set(workers.workers_of(user)) for user in users]
    # 24 messages over new connections: both workers took part (all on one has odds 2^-23).
    assert set().union(*spread) == {1, 2}
    numbers = [workers.say(user, "我的报名") for user in users]
    assert all("您的报名（共1项）" in text for text in numbers), numbers


def test_a_retry_on_the_other_worker_waits_for_the_first_reply(workers):
    r = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    other_worker_waited = False
    for round_ in range(4):     # each round: retries land on either worker at random
        user = f"oRetry-{uuid.uuid4().hex[:8]}"
        msg_id = str(7_000_000_000 + round_ + int(time.time() * 1000) % 1_000_000_000)
        xml = workers.sim.message_xml(user, text="比赛一共有多少项", msg_id=msg_id)
        # Hold the user's conversation lock: the first delivery is claimed but cannot finish yet.
        lock = r.lock(f"fenjin:l:{user}", timeout=30)
        assert lock.acquire(blocking=False)
        replies: list[str] = []
        first = threading.Thread(target=lambda: replies.append(workers.post(xml)))
        first.start()
        workers.wait_for(lambda: any(msg_id in key for key in r.scan_iter("fenjin:r:*", count=1000)),
                         "the first delivery's claim")
        retries = [threading.Thread(target=lambda: replies.append(workers.post(xml))) for _ in range(8)]
        for t in retries:
            t.start()
        time.sleep(0.5)          # the slow first reply: the retries arrive while it is still running
        lock.release()
        for t in [first, *retries]:
            t.join(15)
        assert len(replies) == 9 and len(set(replies)) == 1 and "33" in replies[0], replies
        lines = [line for line in workers.lines("message") if line["user"] == short_user(user)]
        assert len(lines) == 9
        ran = [line for line in lines if line["outcome"] != "retry"]
        assert len(ran) == 1 and ran[0]["outcome"] == "answer"          # answered once
        waited = [line for line in lines if line["outcome"] == "retry" and line["worker"] != ran[0]["worker"]]
        if waited and max(line["latency_ms"] for line in waited) >= 300:
            other_worker_waited = True
            break
    assert other_worker_waited


def test_a_killed_worker_is_replaced_and_signals_reach_all(workers):
    started = workers.lines("worker-started")
    assert sorted(line["worker"] for line in started) == [1, 2]
    victim = started[0]["pid"]
    os.kill(victim, signal.SIGKILL)
    workers.wait_for(lambda: len(workers.lines("worker-started")) == 3, "the replacement")
    exited = workers.lines("worker-exited")
    assert exited[0]["pid"] == victim and "SIGKILL" in exited[0]["status"]
    for _ in range(6):
        assert "33" in workers.say(f"oAfterKill-{uuid.uuid4().hex[:6]}", "比赛一共有多少项")
    workers.proc.send_signal(signal.SIGHUP)
    workers.wait_for(lambda: {line["worker"] for line in workers.lines("kb-reloaded")} == {1, 2},
                     "both workers to reload")
    pids = [line["pid"] for line in workers.lines("worker-started")[1:]]
    assert workers.stop() == 0
    for pid in pids:
        assert not _alive(pid)
    assert workers.lines("stopped")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_reload_from_the_console_asks_the_other_workers_to_reload():
    asked: list[str] = []
    services = Services(settings=load_settings(env={}), reload_peers=lambda: asked.append("peers"))
    assert reload_knowledge(services, [])                      # the console's reload
    assert asked == ["peers"] and services.kb is not None
    assert reload_knowledge(services, everywhere=False)        # a worker's SIGHUP: the others have theirs
    assert asked == ["peers"]
