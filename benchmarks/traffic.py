"""Traffic for the scale benchmarks: what WeChat would send, signed, built before the clock starts.

A *job* is what one person does: a list of steps sent one after another, each step one callback
or -- for WeChat's retries -- the same callback (same MsgId) sent twice at once. Loads:

- Q&A, popular: the few questions everybody asks after a campaign push (repeated texts);
- Q&A, distinct: every question a different text (the knowledge base's questions and variants
  dressed with the fillers people add; a tenth off-topic questions, dressed alike), so no reply
  can come from a cache;
- mixed: distinct Q&A, quiz rounds, whole sign-up conversations and retries of one MsgId.

Questions come from a pool of QA_USERS people who have written before (the warm-up's popular
questions reach each of them once), as in a steady state; quiz rounds and sign-ups are new people
(whose first message also looks for an unfinished sign-up in the database).
"""
from __future__ import annotations

import asyncio
import itertools
import random
import time
from dataclasses import dataclass, field
from typing import Callable

import aiohttp

from bot.core.config import load_settings
from bot.services import load_knowledge
from bot.wechat.app import SHED_HEADER
from bot.wechat.simulator import WeChatSimulator

POPULAR = ["比赛一共有多少项", "怎么报名", "三个意识是什么", "领导小组组长是谁"]
PREFIXES = ["", "请问", "我想问一下", "麻烦问下", "你好，", "想了解一下", "问一下", "老师，"]
SUFFIXES = ["", "？", "呢", "啊", "？谢谢", "。", "呀", "，谢谢了"]
OFF_TOPIC = ["今天天气怎么样", "索朗次仁裁缝店一年挣多少", "虫草今年什么价", "县城哪里修手机", "县医院几点下班",
             "明天会下雨吗", "哪里可以买到青稞酒", "怎么办理护照", "手机流量怎么充值", "附近有没有加油站",
             "牦牛肉多少钱一斤", "去拉萨的班车几点发"]
QUIZ = ["答题", "A", "B", "对", "A", "C"]
NAMES = ["扎西", "卓玛", "次仁", "央金", "格桑", "拉姆", "多吉", "德吉"]
QA_USERS = 500
OPEN_LOOP_CONNECTIONS = 1000
SORRY = "系统有点忙"           # in handlers.router.BUSY_REPLY: a reply that is not an answer
CONVERSATIONS = ("signup", "quiz")    # jobs whose steps depend on the step before
LIMITED = "您发消息太快了"     # bot.wechat.ratelimit.LIMITED_REPLY: cheap, so it must not count as served


@dataclass
class Step:
    query: dict
    body: bytes
    copies: int = 1            # 2: WeChat retrying while the first delivery is still in flight
    again: Callable[[], "Step"] | None = None    # the same text as a new message (new MsgId, signed afresh)


@dataclass
class Job:
    kind: str
    steps: list[Step] = field(default_factory=list)


class Traffic:
    def __init__(self, token: str, seed: int = 1, repeat: bool = False, askers: int = QA_USERS):
        self.sim = WeChatSimulator(token)
        self.rng = random.Random(seed)
        self.users = itertools.count()
        self.askers = itertools.count()
        self.asker_pool = askers                # how many different people ask the questions
        self.msg_ids = itertools.count(int(time.time() * 1000) * 1000)
        kb = load_knowledge(load_settings())["kb"]
        texts = sorted({t for e in kb.entries.values() for t in [e.question, *e.similar] if t})
        variants = [p + t.rstrip("？?。") + s for t in texts for p in PREFIXES for s in SUFFIXES]
        self.rng.shuffle(variants)
        # Each variant asked once (or, for a long soak, over and over in the same order).
        self.distinct = itertools.cycle(variants) if repeat else iter(variants)
        self.distinct_count = len(variants)
        # Questions it cannot answer (each stored for cadres), dressed the same way: distinct too.
        off_topic = [p + t + s for t in OFF_TOPIC for p in PREFIXES for s in SUFFIXES]
        self.rng.shuffle(off_topic)
        self.off_topic = itertools.cycle(off_topic) if repeat else iter(off_topic)

    def _step(self, user: str, text: str, copies: int = 1) -> Step:
        xml = self.sim.message_xml(user, text=text, msg_id=str(next(self.msg_ids)))
        query, body = self.sim.request(xml)
        return Step(query, body, copies, again=lambda: self._step(user, text, copies))

    def _user(self, kind: str) -> str:
        return f"o-bench-{kind}-{next(self.users)}"

    def _asker(self) -> str:
        return f"o-bench-qa-{next(self.askers) % self.asker_pool}"

    def popular(self) -> Job:
        return Job("qa", [self._step(self._asker(), self.rng.choice(POPULAR))])

    def question(self) -> Job:
        """A text never asked before: a known question (90%) or one it cannot answer (10%)."""
        text = next(self.distinct) if self.rng.random() > 0.1 else next(self.off_topic, None) or next(self.distinct)
        return Job("qa", [self._step(self._asker(), text)])

    def retry(self) -> Job:
        return Job("retry", [self._step(self._asker(), next(self.distinct), copies=2)])

    def quiz(self) -> Job:
        user = self._user("quiz")
        return Job("quiz", [self._step(user, text) for text in QUIZ])

    def signup(self) -> Job:
        n = next(self.users)
        user = f"o-bench-signup-{n}"
        phone = f"139{n % 100_000_000:08d}"
        texts = ["报名", "1", "书写比赛", "同意", str(18 + n % 40), NAMES[n % len(NAMES)], "男" if n % 2 else "女",
                 phone, "孜托镇", "卡达村", "确认"]
        return Job("signup", [self._step(user, text) for text in texts])

    def mixed(self) -> Job:
        """Per 100 jobs: 60 questions, 15 retried questions, 15 quiz rounds, 10 sign-ups (by messages
        about 26% Q&A, 7% retries (two deliveries each), 39% quiz, 28% sign-up)."""
        r = self.rng.random()
        if r < 0.60:
            return self.question()
        if r < 0.75:
            return self.retry()
        if r < 0.90:
            return self.quiz()
        return self.signup()

    def stream(self, load: str):
        """Jobs of a load, made one at a time as they are taken."""
        make = {"popular": self.popular, "distinct": self.question, "mixed": self.mixed}[load]
        while True:
            yield make()

    def jobs(self, load: str, messages: int) -> list[Job]:
        make = {"popular": self.popular, "distinct": self.question, "mixed": self.mixed}[load]
        out, count = [], 0
        while count < messages:
            job = make()
            out.append(job)
            count += sum(s.copies for s in job.steps)
        return out


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    errors: int = 0            # HTTP errors and failed connections
    busy: int = 0              # 200 with the "system busy" reply
    limited: int = 0           # 200 with the per-user limit's reply (infra raises the limit: should be 0)
    http5xx: int = 0
    replies: dict = field(default_factory=dict)     # counts: signup-ok (told 报名成功), retry-mismatch,
    #                                                 and in an open-loop run jobs started/finished by kind
    behind: list[float] = field(default_factory=list)   # open loop: how late each send left (s; the generator's lag)
    cpu: float = 0.0           # the server's CPU seconds over the run (filled in by compare.py)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")


async def _send(http: aiohttp.ClientSession, url: str, step: Step, result: Result) -> str:
    return (await _deliver(http, url, step, result))[0]


async def _deliver(http: aiohttp.ClientSession, url: str, step: Step, result: Result) -> tuple[str, bool]:
    """The reply's text, and whether the server marked it a shed (SHED_HEADER)."""
    t = time.perf_counter()
    try:
        async with http.post(url, params=step.query, data=step.body) as r:
            text = await r.text()
            status = r.status
            shed = r.headers.get(SHED_HEADER) == "1"
    except aiohttp.ClientError:
        result.errors += 1
        return "", False
    result.latencies.append(time.perf_counter() - t)
    if status >= 500:
        result.http5xx += 1
    if status != 200:
        result.errors += 1
    elif SORRY in text:
        result.busy += 1
    elif LIMITED in text:
        result.limited += 1
    return text, shed


async def _run_job(http, url: str, job: Job, result: Result) -> None:
    text = ""
    for step in job.steps:
        if step.copies == 1:
            text = await _send(http, url, step, result)
        else:
            texts = await asyncio.gather(*(_send(http, url, step, result) for _ in range(step.copies)))
            if len({_content(t) for t in texts}) != 1:
                result.replies["retry-mismatch"] = result.replies.get("retry-mismatch", 0) + 1
            text = texts[0]
    _count_end(job, text, result)


def _count_end(job: Job, text: str, result: Result) -> None:
    """A job's last reply: a sign-up that ends with 报名成功 is one confirmed."""
    if job.kind == "signup" and "报名成功" in text:
        result.replies["signup-ok"] = result.replies.get("signup-ok", 0) + 1


def _content(xml: str) -> str:
    start = xml.find("<Content>")
    return xml[start:xml.find("</Content>")] if start >= 0 else xml


async def closed_loop(url: str, jobs: list[Job], concurrency: int) -> Result:
    """``concurrency`` clients, each doing one job after another as fast as replies come."""
    result = Result()
    queue = iter(jobs)

    async def client(http) -> None:
        for job in queue:
            await _run_job(http, url, job, result)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2)) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        result.elapsed = time.perf_counter() - started
    return result


async def fixed_rate(url: str, jobs, rate: float, messages: int, result: Result | None = None) -> Result:
    """Open loop: a step starts every 1/rate s, ``messages`` in all. ``jobs`` is an iterator of Job,
    built as they are needed (signatures stay fresh in a long run); a job's steps go in order (each
    waits for its previous reply) and a new job starts when every started one is waiting. The
    latencies are what users at that message rate would see. ``result`` may be read while it runs.

    A step of a conversation (a sign-up, a quiz round) shed by an overloaded worker (the busy reply
    marked with SHED_HEADER: nothing was read or written) is sent again as a new message in its
    turn, as the person would (counted in ``replies["resent"]``): else the scripted steps after it
    would land in the wrong place and the sign-up never reach 确认. The same busy reply without the
    mark comes from a message whose dependency failed while its handler may still run and apply the
    step late: sending it again could apply it twice, so the job goes on to its next step (counted
    in ``replies["busy-not-shed"]``)."""
    result = result or Result()
    ready: list[tuple[Job, int]] = []           # (job, next step) not waiting for a reply
    tasks: set[asyncio.Task] = set()
    sent = 0

    def count(what: str) -> None:
        result.replies[what] = result.replies.get(what, 0) + 1

    async def one(http, job: Job, i: int) -> None:
        step = job.steps[i]
        if step.copies == 1:
            text, shed = await _deliver(http, url, step, result)
        else:           # deliveries of one MsgId: if one was shed, the others got its stored reply
            got = await asyncio.gather(*(_deliver(http, url, step, result) for _ in range(step.copies)))
            text, shed = got[0][0], any(marked for _, marked in got)
        busy_step = SORRY in text and job.kind in CONVERSATIONS and step.again is not None
        if busy_step and shed:
            job.steps[i] = step.again()
            count("resent")
            ready.append((job, i))
            return
        if busy_step:
            count("busy-not-shed")
        if i + 1 < len(job.steps):
            ready.append((job, i + 1))
        else:                      # (closed_loop counts the same at a job's end)
            count(f"{job.kind}-finished")
            _count_end(job, text, result)

    # At most OPEN_LOOP_CONNECTIONS at once; a request waiting for one counts that wait in its latency.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=OPEN_LOOP_CONNECTIONS)) as http:
        started = time.perf_counter()
        while sent < messages:
            delay = started + sent / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            result.behind.append(max(0.0, -delay))
            if not ready:
                job = next(jobs, None)
                if job is None:
                    break
                ready.append((job, 0))
                count(f"{job.kind}-started")
            job, i = ready.pop(0)
            sent += job.steps[i].copies
            task = asyncio.ensure_future(one(http, job, i))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        while tasks:
            await asyncio.gather(*list(tasks))
        result.elapsed = time.perf_counter() - started
    return result
