"""What the scale benchmarks run against, all on loopback and all their own: a PostgreSQL cluster
(initdb + pg_ctl, as the postgres user when run as root) and a redis-server on free ports in a
temporary directory, and the servers under test as child processes. Never the shared 5432/6379."""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncpg
import yaml

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(f"{name} not found: install PostgreSQL's server binaries")


class Postgres:
    """A throw-away PostgreSQL cluster: start, restart, stop."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                                     "--no-sync", "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                                     "-o", opts, "-w", *args]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> "Postgres":
        self._ctl("start")
        return self

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass

    def cpu_seconds(self) -> float:
        """CPU time of the cluster so far: the postmaster, its live backends and those gone (reaped)."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        return tree_cpu_seconds(pid)

    async def fetch(self, sql: str) -> list:
        conn = await asyncpg.connect(self.url)
        try:
            return await conn.fetch(sql)
        finally:
            await conn.close()


class Redis:
    """A throw-away redis-server (append-only file on, as a production one would have)."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "redis"
        self.dir.mkdir()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Redis":
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--dir", str(self.dir), "--save", "", "--appendonly", "yes",
                                      "--appendfsync", "everysec"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        return tree_cpu_seconds(self.proc.pid)


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its reaped children and its live children."""
    def stat(p: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
        return ticks / os.sysconf("SC_CLK_TCK")

    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(c) for c in path.read_text().split()] if path.exists() else []
    return stat(pid, True) + sum(stat(c, False) for c in children)


class Server:
    """One server under test, in its own process (group), ready when GET /healthz answers."""

    def __init__(self, name: str, cmd: list[str], env: dict | None = None, port: int | None = None,
                 log: Path | None = None, root: Path = ROOT):
        self.name = name
        self.port = port or free_port()
        self.cmd = [c.replace("{port}", str(self.port)) for c in cmd]
        self.root = root          # the checkout whose code runs (compare.py --baseline: another one)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(root), **(env or {})}
        self.log = log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/wechat"

    async def start(self, timeout: float = 60) -> "Server":
        err = open(self.log, "w") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.root, stdout=subprocess.DEVNULL, stderr=err,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as r:
                        if r.status == 200:
                            return self
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become ready")

    def worker_pids(self) -> list[int]:
        """The processes serving: the children of a `--workers N` supervisor, else the process."""
        assert self.proc is not None
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        children = [int(p) for p in path.read_text().split()] if path.exists() else []
        return sorted(children) or [self.proc.pid]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far: per message, a figure
        the other load on a shared machine disturbs far less than messages per second."""
        assert self.proc is not None
        total = 0.0
        for pid in {self.proc.pid, *self.worker_pids()}:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:            # a worker gone meanwhile
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


BOT_ENV = {"WECHAT_TOKEN": TOKEN, "WECHAT_AES_KEY": "", "WECHAT_APPSECRET": "", "WECHAT_APPID": ""}
# The loads send a few hundred askers' messages within seconds, far beyond the per-user limit of
# config.yaml; its refusal is a cheap reply that would flatter the bot. The servers run with the
# limit raised so high that it is checked on every message but never refuses (traffic.py counts
# any refusal as ``limited``).
UNLIMITED_PER_MINUTE = 10**9


def bench_config(root: Path = ROOT, settings: dict | None = None) -> Path:
    """``root``'s config.yaml with the per-user limit raised (see above) and ``settings`` ({section:
    {key: value}}) on top, in a file of its own."""
    raw = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8")) or {}
    raw.setdefault("limits", {})["messages_per_minute"] = UNLIMITED_PER_MINUTE
    for section, values in (settings or {}).items():
        raw.setdefault(section, {}).update(values)
    fd, path = tempfile.mkstemp(prefix="fenjin-bench-config-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        yaml.safe_dump(raw, f, allow_unicode=True)
    atexit.register(os.unlink, path)
    return Path(path)


def bot_server(name: str, *, workers: int = 1, database_url: str, redis_url: str = "",
               log: Path | None = None, root: Path = ROOT, settings: dict | None = None) -> Server:
    """`python -m bot serve` of the checkout ``root`` (``settings``: see bench_config)."""
    cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "{port}"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    return Server(name, cmd, {**BOT_ENV, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
                              "FENJIN_CONFIG": str(bench_config(root, settings))}, log=log, root=root)


def trivial_bot_server(name: str, *, database_url: str, root: Path = ROOT) -> Server:
    """The webhook of the checkout ``root`` with an echo handler (benchmarks/trivial_bot.py)."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "trivial_bot.py"), "{port}"]
    return Server(name, cmd, {**BOT_ENV, "DATABASE_URL": database_url, "REDIS_URL": "",
                              "FENJIN_CONFIG": str(bench_config(root))}, root=root)


def reference_servers() -> list[Server]:
    return [Server("echo (aiohttp + wechatpy)", [sys.executable, "benchmarks/echo_reference.py", "{port}"]),
            Server("WeRoBot 1.13 (waitress, 8 threads)",
                   [sys.executable, "benchmarks/werobot_reference.py", "{port}"])]


def workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="fenjin-bench-"))
    os.chmod(path, 0o755)          # the postgres user must reach its cluster inside
    return path
