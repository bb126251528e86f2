"""`python -m bot serve`: the webhook in one process, or N worker processes on one port.

One worker (the default) is a plain aiohttp server in this process. With ``--workers N`` this
process becomes a small supervisor (pre-fork, as gunicorn does):

- it validates the knowledge, migrates the database and binds N listening sockets on the same
  port with SO_REUSEPORT, once, before any worker exists; a bad knowledge base or a busy port is
  one clear error instead of N crash loops;
- it forks one worker per socket. The kernel spreads new connections over the sockets; the
  supervisor keeps every socket open, so connections queued for a worker that died wait for its
  replacement instead of being reset;
- a worker that dies is restarted (with a growing pause if it keeps dying at start-up);
- SIGTERM/SIGINT stop every worker gracefully (in-flight replies finish), SIGHUP makes every
  worker reload the knowledge (and the supervisor too, for the workers it starts later); a
  reload from the cadre console, done in one worker, is passed to the others the same way.

Several workers need REDIS_URL: conversation state and the retry cache must be shared, or a
user's second message (or WeChat's retry) reaching another worker would see another state.
"""
from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
import signal
import socket
import sys
import time
from typing import Callable, Coroutine

from aiohttp import web

from bot.console import create_site
from bot.console.simulator import enabled as simulator_enabled
from bot.core.config import Settings, load_settings
from bot.core.idcrypt import IdKeyError, check_config
from bot.core.logs import log_event, setup_logging
from bot.services import build_services, load_knowledge, migrate_database, reload_knowledge
from bot.wechat.admission import AdmissionConfig
from knowledge.check import prepare
from knowledge.errors import KBError
from knowledge.setup import setup_checklist

try:   # optional: a faster event loop (libuv); the standard one is used when it is not installed
    import uvloop
except ImportError:  # pragma: no cover - depends on the platform
    uvloop = None

log = logging.getLogger("bot")

LOOPS = ("auto", "uvloop", "asyncio")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The collector's first generation is collected after this many more allocations than frees (700 by
# default: about once per message, each time walking the objects of every message in flight); the
# knowledge and caches are frozen out of its sight (freeze_heap), so what it finds is short-lived.
GC_THRESHOLDS = (20_000, 10, 10)
GRACE_SECONDS = 30.0          # how long stopping workers may take to finish in-flight replies
QUICK_DEATH_SECONDS = 5.0     # a worker dying sooner than this after its start is restarted after a pause
MAX_RESTART_PAUSE = 30.0
NO_REDIS = ("serve --workers {n} needs REDIS_URL: without Redis each worker would keep its own "
            "conversations and retry cache, so a user's next message or WeChat's retry could reach a "
            "worker that knows nothing of it. Set REDIS_URL, or run one worker.")


class StartError(Exception):
    """Start-up refused for a reason the operator must fix; the text says what."""


def add_arguments(parser) -> None:
    parser.add_argument("--host", default=None,
                        help="address to listen on (default: server.host of config.yaml, 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None,
                        help="port to listen on (default: server.port of config.yaml, 8080)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes sharing the port (default 1). More than one needs "
                             "REDIS_URL, which the workers share conversation state and retries through; "
                             "a dead worker is restarted, SIGTERM/SIGINT stop all, SIGHUP reloads the "
                             "knowledge in all")
    parser.add_argument("--loop", choices=LOOPS, default="auto",
                        help="event loop: uvloop (faster) or asyncio; auto uses uvloop when it is installed")


def serve_command(host: str | None, port: int | None, workers: int = 1, loop: str = "auto",
                  config: str | None = None) -> int:
    settings = load_settings(config)
    host = host or settings.get("server", "host", "127.0.0.1")
    port = int(settings.get("server", "port", 8080)) if port is None else port
    if workers < 1:
        print("serve --workers must be 1 or more", file=sys.stderr)
        return 2
    if loop == "uvloop" and uvloop is None:
        print("serve --loop uvloop: uvloop is not installed", file=sys.stderr)
        return 2
    AdmissionConfig.from_settings(settings)     # ConfigError (one line, exit 2) before anything starts
    if workers > 1 and not settings.redis_url:
        print(NO_REDIS.format(n=workers), file=sys.stderr)
        return 2
    setup_logging()
    run = _runner(loop)
    if workers == 1:
        try:
            run(_serve(settings, host=host, port=port, banner=True))
        except StartError as e:
            print(e, file=sys.stderr)
            return 1
        return 0
    return Supervisor(settings, host, port, workers, run).run()


def _runner(loop: str) -> Callable[[Coroutine], object]:
    if loop != "asyncio" and uvloop is not None:
        return uvloop.run
    return asyncio.run


def _banner(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    mode = "safe mode (AES)" if settings.aes_key else "plain mode"
    log_event(log, "listening", url=f"http://{host}:{port}/wechat", mode=mode, workers=workers,
              database=settings.database_url.split("@")[-1], state="redis" if settings.redis_url else "memory")
    if settings.token == "fenjin-dev":
        log_event(log, "dev-token", logging.WARNING,
                  msg="using the development token from config.yaml; set WECHAT_TOKEN in production")
    if workers > 1 and settings.database_url.startswith("sqlite"):
        log_event(log, "sqlite-workers", logging.WARNING,
                  msg="several workers on one SQLite file take turns to write; use PostgreSQL for a prefecture")
    who = f" with {workers} workers" if workers > 1 else ""
    print(f"Fenjin bot listening on http://{host}:{port}/wechat ({mode}){who}; health: http://{host}:{port}/healthz\n"
          f"Chat with it from another terminal:  .venv/bin/python -m bot chat --url http://{host}:{port}/wechat\n"
          f"Cadre console: http://{host}:{port}/admin"
          + (f"\nChat simulator in a browser: http://{host}:{port}/simulator" if simulator_enabled(settings) else ""),
          flush=True)


def _checklist(settings: Settings, catalogue) -> None:
    """What the county still has to fill in (the console's dashboard shows the same)."""
    checklist = setup_checklist(catalogue, settings.knowledge_dir / "catalogue.yaml")
    if checklist:
        log_event(log, "setup-checklist", logging.WARNING, count=len(checklist),
                  items=[f"{item.where()}: {item.text}" for item in checklist])


async def _serve(settings: Settings, *, host: str = "", port: int = 0, sock: socket.socket | None = None,
                 knowledge: dict | None = None, parent: int | None = None, banner: bool = False) -> None:
    """Run one webhook server until SIGINT/SIGTERM (or, for a worker, until its supervisor is gone)."""
    try:
        services = await build_services(settings, knowledge=knowledge, migrate=knowledge is None)
    except KBError as e:
        raise StartError("\n".join(e.problems) +
                         f"\nknowledge base invalid ({len(e.problems)} problems): not starting") from None
    except IdKeyError as e:
        raise StartError(f"{e}: not starting") from None
    # a worker forked from a supervisor inherits what this builds: then it is found, not built again
    prepare({"catalogue": services.catalogue, "kb": services.kb})
    if banner:
        _checklist(settings, services.catalogue)
    if parent:          # a worker: a reload from the console reaches the other workers too
        services.reload_peers = functools.partial(os.kill, parent, signal.SIGHUP)
    app = create_site(settings, services=services)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.SockSite(runner, sock) if sock is not None else web.TCPSite(runner, host, port)
    await site.start()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reloads: set[asyncio.Future] = set()

    async def reload_and_refreeze() -> None:
        # Loading and indexing takes a fraction of a second: do it off the event loop, then swap.
        if await asyncio.to_thread(reload_knowledge, services, everywhere=False):
            gc.unfreeze()            # the old knowledge may sit in cycles only a collection frees
            freeze_heap()

    def reload() -> None:
        task = asyncio.ensure_future(reload_and_refreeze())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, reload)
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    freeze_heap()
    if banner:
        _banner(settings, host, port)
    watch = asyncio.ensure_future(_orphaned(parent, stop)) if parent else None
    await stop.wait()
    if watch:
        watch.cancel()
    await runner.cleanup()


def freeze_heap() -> None:
    """Put everything alive now -- the knowledge and its indexes (~100k objects), the app -- out of
    the garbage collector's sight. Otherwise every full collection walks all of it: a 30-45 ms
    pause in the middle of replies, which is what the slowest replies were. Forked workers also
    keep sharing those memory pages instead of copying them when the collector touches them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def _orphaned(parent: int, stop: asyncio.Event) -> None:
    """A worker whose supervisor was killed (kill -9) stops instead of serving on unsupervised."""
    while os.getppid() == parent:
        await asyncio.sleep(1.0)
    stop.set()


def _listen(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on one address, each with SO_REUSEPORT (the kernel balances)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(family, kind, proto)
            sockets.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind(address)
            address = s.getsockname()       # port 0: the others join the port the first one got
            s.listen(1024)
            s.setblocking(False)
    except OSError:
        for s in sockets:
            s.close()
        raise
    return sockets


class Supervisor:
    """The parent of ``--workers N``: binds, forks, restarts, relays signals. Serves nothing itself."""

    SIGNALS = {signal.SIGCHLD, signal.SIGHUP, *STOP_SIGNALS}

    def __init__(self, settings: Settings, host: str, port: int, workers: int, run: Callable):
        self.settings = settings
        self.host, self.port, self.count = host, port, workers
        self.run_loop = run
        self.children: dict[int, int] = {}           # pid -> slot
        self.started: dict[int, float] = {}          # slot -> when its current worker started
        self.pause: dict[int, float] = {}            # slot -> pause before its next restart
        self.due: dict[int, float] = {}              # slot -> when to restart it
        self.sockets: list[socket.socket] = []
        self.knowledge: dict = {}

    def run(self) -> int:
        try:
            check_config(self.settings)
            self.knowledge = load_knowledge(self.settings)
            prepare(self.knowledge)         # once here, inherited by every worker forked
            self.run_loop(migrate_database(self.settings))
        except KBError as e:
            print("\n".join(e.problems), file=sys.stderr)
            print(f"knowledge base invalid ({len(e.problems)} problems): not starting", file=sys.stderr)
            return 1
        except IdKeyError as e:
            print(f"{e}: not starting", file=sys.stderr)
            return 1
        try:
            self.sockets = _listen(self.host, self.port, self.count)
        except OSError as e:
            print(f"cannot listen on {self.host}:{self.port}: {e.strerror}", file=sys.stderr)
            return 1
        self.port = self.sockets[0].getsockname()[1]
        _checklist(self.settings, self.knowledge["catalogue"])
        freeze_heap()
        # Signals are taken synchronously (sigtimedwait) so none is lost between two checks.
        signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        for slot in range(self.count):
            self.spawn(slot)
        _banner(self.settings, self.host, self.port, self.count)
        try:
            return self.supervise()
        finally:
            for s in self.sockets:
                s.close()

    def spawn(self, slot: int) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:                                 # the worker
            code = 1
            try:
                for sig in self.SIGNALS:
                    signal.signal(sig, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, set())
                for i, s in enumerate(self.sockets):
                    if i != slot:
                        s.close()
                setup_logging(worker=slot + 1)
                self.run_loop(_serve(self.settings, sock=self.sockets[slot], knowledge=self.knowledge,
                                     parent=os.getppid()))
                code = 0
            except BaseException:
                log.exception("worker failed")
            finally:
                logging.shutdown()
                os._exit(code)
        self.children[pid] = slot
        self.started[slot] = time.monotonic()
        log_event(log, "worker-started", worker=slot + 1, pid=pid)

    def supervise(self) -> int:
        while True:
            timeout = max(0.05, min(self.due.values()) - time.monotonic()) if self.due else 60.0
            info = signal.sigtimedwait(self.SIGNALS, timeout)
            now = time.monotonic()
            for slot, when in list(self.due.items()):
                if when <= now:
                    del self.due[slot]
                    self.spawn(slot)
            if info is None:
                continue
            if info.si_signo == signal.SIGCHLD:
                self.reap()
            elif info.si_signo == signal.SIGHUP:
                # From a worker after a reload from the console: to the others; else to all.
                self.relay(signal.SIGHUP, besides=info.si_pid)
                try:            # the workers started from now on get the new knowledge too
                    self.knowledge = load_knowledge(self.settings)
                    prepare(self.knowledge)
                except KBError:
                    pass        # the workers log the problems and keep the last good knowledge
                else:
                    gc.unfreeze()
                    freeze_heap()
            else:
                return self.stop()

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            slot = self.children.pop(pid, None)
            if slot is None:
                continue
            lived = time.monotonic() - self.started[slot]
            pause = 0.0
            if lived < QUICK_DEATH_SECONDS:
                pause = min(MAX_RESTART_PAUSE, max(0.5, 2 * self.pause.get(slot, 0.25)))
            self.pause[slot] = pause
            log_event(log, "worker-exited", logging.WARNING, worker=slot + 1, pid=pid,
                      status=_describe(status), restart_in=pause)
            self.due[slot] = time.monotonic() + pause

    def relay(self, sig: int, besides: int = 0) -> None:
        for pid in [p for p in self.children if p != besides]:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def stop(self) -> int:
        self.due.clear()
        self.relay(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        while self.children and time.monotonic() < deadline:
            signal.sigtimedwait({signal.SIGCHLD}, 0.2)
            self._reap_quietly()
        if self.children:
            log_event(log, "worker-kill", logging.WARNING, pids=sorted(self.children))
            self.relay(signal.SIGKILL)
            while self.children:
                signal.sigtimedwait({signal.SIGCHLD}, 0.2)
                self._reap_quietly()
        log_event(log, "stopped", workers=self.count)
        return 0

    def _reap_quietly(self) -> None:
        while self.children:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.pop(pid, None)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit {os.waitstatus_to_exitcode(status)}"
