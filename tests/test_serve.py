"""`python -m bot serve` and `python -m bot chat` as people run them: real processes, real sockets."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

from bot.wechat.simulator import WeChatSimulator
from tests.helpers import free_port, wait_for_blocking

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "serve-test-token"


def env_for(tmp_path: Path, config: Path | None = None) -> dict:
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "WECHAT_AES_KEY": "", "WECHAT_APPSECRET": "",
           "DATABASE_URL": f"sqlite:///{tmp_path}/serve.db", "REDIS_URL": "", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(ROOT)}     # this checkout's code, whatever the virtualenv was installed from
    if config:
        env["FENJIN_CONFIG"] = str(config)
    return env


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    def healthy() -> bool:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                return r.status == 200
        except OSError:         # refused, reset, or no answer within the second (a loaded machine)
            return False

    wait_for_blocking(healthy, timeout=timeout, interval=0.1)


def ask(port: int, text: str, user: str = "oServe") -> str:
    sim = WeChatSimulator(TOKEN)
    query, body = sim.request(sim.message_xml(user, text=text))
    url = f"http://127.0.0.1:{port}/wechat?" + urllib.parse.urlencode(query)
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10) as r:
        return sim.read_reply(r.read().decode())


def start_serve(tmp_path: Path, port: int, config: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env_for(tmp_path, config), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def collect(stream) -> list[str]:
    """The lines a running process writes, gathered by a thread as they come (so a test can wait
    for a log line while the process keeps running)."""
    lines: list[str] = []

    def pump() -> None:
        for line in stream:
            lines.append(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def copy_config(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of config.yaml and knowledge/, so the test can edit the data."""
    kdir = tmp_path / "kbdata"     # not "knowledge": cwd is on sys.path and would shadow the package
    shutil.copytree(ROOT / "knowledge", kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    cfg["knowledge"] = {"dir": str(kdir)}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path, kdir


def test_serve_answers_and_reloads_on_sighup(tmp_path):
    config, kdir = copy_config(tmp_path)
    port = free_port()
    proc = start_serve(tmp_path, port, config)
    try:
        wait_healthy(port, proc)
        log = collect(proc.stderr)
        collect(proc.stdout)                                      # drained, so the server never blocks on it
        assert "欢迎" in ask(port, "菜单") or "\n1. " in ask(port, "菜单")
        before = ask(port, "活动一共有几大类多少项比赛")
        assert "33" in before
        # Edit the answer of f02 and reload: the new text is served.
        path = next(p for p in (kdir / "qa").glob("*.yaml") if "id: f02\n" in p.read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            if entry["id"] == "f02":
                entry["answer"] = "重新加载后的答案：共7大类33项。"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        polls = iter(range(10_000))     # a new user per poll: one user polling would meet the 20-a-minute limit
        wait_for_blocking(lambda: "重新加载后的答案" in ask(port, "活动一共有几大类多少项比赛", user=f"oPoll{next(polls)}"),
                          timeout=10)
        # Break the data and reload: the bot keeps serving the last good knowledge base.
        path.write_text("entries: [ {id: f02, question: 坏了\n", encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        wait_for_blocking(lambda: "kb-reload-failed" in "".join(log), timeout=10)
        assert proc.poll() is None
        assert "重新加载后的答案" in ask(port, "活动一共有几大类多少项比赛")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    assert proc.returncode == 0


def test_serve_refuses_to_start_on_invalid_knowledge_base(tmp_path):
    config, kdir = copy_config(tmp_path)
    path = next((kdir / "qa").glob("*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"].append(dict(data["entries"][0]))          # a duplicate id
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = start_serve(tmp_path, free_port(), config)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"{path.name}:" in err and "not starting" in err


def test_terminal_chat_goes_through_the_webhook(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bot", "chat", "--user", "oTerminal"],
                          input="菜单\n比赛一共有多少项\n/voice \n/quit\n", capture_output=True, text=True,
                          cwd=tmp_path, env=env_for(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.count("机器人>") == 4          # welcome (subscribe), menu, answer, empty voice
    assert "33" in out and "没能听清" in out
