"""`python -m bot …` sub-commands reach their modules with their own options."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_every_sub_command():
    out = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    for command in ("serve", "chat", "menu", "kb", "export", "unanswered"):
        assert command in out.stdout


def test_kb_check_passes_options_through_and_reports_file_and_line(tmp_path, capsys):
    kdir = tmp_path / "kbdata"
    shutil.copytree(ROOT / "knowledge", kdir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert main(["kb", "check", "--dir", str(kdir)]) == 0
    path = kdir / "qa" / "campaign.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][1]["answer"] = ""
    bad_id = data["entries"][1]["id"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["kb", "check", "--dir", str(kdir)]) == 1
    out = capsys.readouterr()
    lines = [ln for ln in (out.out + out.err).splitlines() if f": {bad_id}: " in ln]
    assert lines and lines[0].startswith(f"{path}:")
    assert lines[0].split(":")[1].isdigit()


def test_menu_push_without_credentials_says_what_is_missing(capsys, monkeypatch):
    monkeypatch.delenv("WECHAT_APPSECRET", raising=False)
    monkeypatch.delenv("WECHAT_APPID", raising=False)
    assert main(["menu", "push"]) == 2
    out = capsys.readouterr()
    assert "WECHAT_APPSECRET" in out.out + out.err or "WECHAT_APPID" in out.out + out.err


def test_every_sub_command_takes_config_and_describes_its_options():
    for command in (["serve"], ["chat"], ["export"], ["unanswered"], ["admin"], ["menu", "push"], ["kb", "check"],
                    ["purge"]):
        out = subprocess.run([sys.executable, "-m", "bot", *command, "--help"], capture_output=True, text=True,
                             cwd=ROOT, timeout=60)
        assert out.returncode == 0, (command, out.stderr)
        assert "--config" in out.stdout, command
    serve = subprocess.run([sys.executable, "-m", "bot", "serve", "--help"], capture_output=True, text=True,
                           cwd=ROOT, timeout=60).stdout
    assert "address to listen on" in serve and "port to listen on" in serve
