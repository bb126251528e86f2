"""Private Redis and PostgreSQL servers for fault tests: started on free ports, stopped, paused and
restarted by the test, removed afterwards. The shared servers (5432, 6379) are never touched.

    with OwnRedis() as r:        r.url, r.stop(), r.start(), r.pause(), r.resume()
    with OwnPostgres() as pg:    pg.url, pg.stop(), pg.start(), pg.pause(), pg.resume()
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.helpers import free_port


def wait_port(port: int, up: bool, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise AssertionError(f"port {port} not {'up' if up else 'down'} in time")


class OwnRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="fenjin-redis-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--logfile", ""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, up=True)

    def stop(self) -> None:
        if self.proc is not None:
            self.resume()
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None
        wait_port(self.port, up=False)

    def pause(self) -> None:
        """Still accepts connections (the kernel does) but answers nothing: a hung server."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGCONT)

    def __enter__(self) -> "OwnRedis":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found under /usr/lib/postgresql")
    return found[-1]


class OwnPostgres:
    """A throw-away cluster (initdb) owned by the postgres user when run as root, trust auth."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = tempfile.mkdtemp(prefix="fenjin-pg-")
        self.data = Path(self.base) / "data"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.base, "postgres")
        self.proc_pid: int | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> None:
        self._run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")

    def start(self) -> None:
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-l", str(Path(self.base) / "log"),
                  "-o", f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        self.proc_pid = int((self.data / "postmaster.pid").read_text().split()[0])
        wait_port(self.port, up=True)

    def stop(self) -> None:
        self.resume()
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "immediate", "stop")
        self.proc_pid = None
        wait_port(self.port, up=False)

    def _signal_all(self, sig: int) -> None:
        """The postmaster and every backend: a whole server that hangs."""
        if self.proc_pid is None:
            return
        out = subprocess.run(["pgrep", "-P", str(self.proc_pid)], capture_output=True, text=True).stdout.split()
        for pid in [self.proc_pid, *map(int, out)]:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def pause(self) -> None:
        self._signal_all(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal_all(signal.SIGCONT)

    def __enter__(self) -> "OwnPostgres":
        self.init()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
