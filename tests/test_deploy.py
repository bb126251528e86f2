"""deploy/: the nginx site, the systemd unit and the environment file the README's Production
section shows. Each is checked by the real tool when it is on the machine (`nginx -t` against a
wrapper config with a throw-away certificate; `systemd-analyze verify`; .ci/run installs nginx),
and always by a structural read of what the bot relies on."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.cli.serve import GRACE_SECONDS
from bot.core.config import ENV_OVERRIDES, load_settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = DEPLOY / "nginx-fenjin.conf"
UNIT = DEPLOY / "fenjin-bot.service"
ENV = DEPLOY / "fenjin.env.example"


def nginx_blocks(text: str) -> dict:
    """A structural read of an nginx file: {block header: [directives]} (nested blocks flattened),
    failing on unbalanced braces or a directive without its semicolon."""
    blocks: dict[str, list[str]] = {}
    stack: list[str] = ["main"]
    body = re.sub(r"#[^\n]*", "", text)
    for token in re.findall(r"[^;{}]+[;{]|}", body):
        token = " ".join(token.split())
        if token == "}":
            assert len(stack) > 1, "unbalanced }"
            stack.pop()
        elif token.endswith("{"):
            header = token[:-1].strip()
            stack.append(header)
            blocks.setdefault(header, [])
        else:
            blocks.setdefault(stack[-1], []).append(token[:-1].strip())
    assert stack == ["main"], f"unclosed block {stack[-1]}"
    assert not re.sub(r"[^;{}]+[;{]|}", "", body).strip(), "text outside a directive (missing ;?)"
    return blocks


def test_nginx_site_proxies_wechat_over_https_with_a_body_limit():
    blocks = nginx_blocks(NGINX.read_text(encoding="utf-8"))
    upstream = blocks["upstream fenjin_bot"]
    assert "server 127.0.0.1:8080" in upstream
    servers = [d for h, ds in blocks.items() if h == "server" for d in ds]
    assert "listen 443 ssl http2" in servers and any(d.startswith("ssl_certificate ") for d in servers)
    assert "client_max_body_size 64k" in servers
    limit = int(load_settings(env={}).get("server", "max_body_bytes"))
    assert 64 * 1024 >= limit           # nginx lets through everything the bot itself accepts
    wechat = blocks["location = /wechat"]
    assert "proxy_pass http://fenjin_bot" in wechat and "proxy_next_upstream off" in wechat
    console = blocks["location /admin"]      # the cadre console, its cookie Secure behind HTTPS
    assert "proxy_pass http://fenjin_bot" in console and "proxy_set_header X-Forwarded-Proto $scheme" in console


def test_nginx_accepts_the_site(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:       # .ci/run installs it; on a machine without it the structural test stands
        nginx_blocks(NGINX.read_text(encoding="utf-8"))
        return
    cert, key = _self_signed(tmp_path)
    site = (NGINX.read_text(encoding="utf-8")
            .replace("/etc/ssl/fenjin/fullchain.pem", str(cert)).replace("/etc/ssl/fenjin/privkey.pem", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    wrapper = tmp_path / "nginx.conf"
    wrapper.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                       f"http {{\n    include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    proc = subprocess.run([nginx, "-t", "-c", str(wrapper), "-p", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "test is successful" in proc.stderr


def read_unit(text: str) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            assert line.endswith("]"), line
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None and "=" in line, f"not a key=value line: {line}"
        key, value = line.split("=", 1)
        current.append((key.strip(), value.strip()))
    return sections


def test_systemd_unit_runs_the_workers_with_the_environment_file():
    unit = read_unit(UNIT.read_text(encoding="utf-8"))
    assert set(unit) == {"Unit", "Service", "Install"}
    service = dict(unit["Service"])
    assert service["EnvironmentFile"] == "/etc/fenjin/fenjin.env"
    assert re.fullmatch(r"\S+/python -m bot serve --host 127\.0\.0\.1 --port 8080 --workers \$\{FENJIN_WORKERS\}",
                        service["ExecStart"])
    assert service["ExecStartPre"].endswith("-m bot migrate")
    assert service["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert service["KillMode"] == "mixed" and float(service["TimeoutStopSec"]) > GRACE_SECONDS
    assert dict(unit["Install"])["WantedBy"] == "multi-user.target"


def test_systemd_accepts_the_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    text = UNIT.read_text(encoding="utf-8").replace("/opt/fenjin/.venv/bin/python", sys.executable)
    if analyze is None:
        read_unit(text)
        return
    path = tmp_path / "fenjin-bot.service"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True, cwd=tmp_path)
    # verify exits 0 on unknown keys and bad values ("ignoring"): any output is a problem too.
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), proc.stdout + proc.stderr


def test_env_example_has_every_setting_and_no_secret():
    values = dict(line.split("=", 1) for line in ENV.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#"))
    # (FENJIN_CACHE_DIR is the unit's own Environment=: an empty line here would override it)
    assert set(ENV_OVERRIDES) - {"WECHAT_API_BASE", "FENJIN_CACHE_DIR"} <= set(values)
    assert set(values) <= set(ENV_OVERRIDES) | {"ID_NUMBER_KEY", "FENJIN_WORKERS"}
    for name in ("WECHAT_TOKEN", "WECHAT_APPID", "WECHAT_APPSECRET", "ADMIN_TOKEN"):
        assert values[name] == "CHANGE_ME"
    assert values["WECHAT_AES_KEY"] == values["ID_NUMBER_KEY"] == values["FENJIN_SIMULATOR"] == ""
    assert "CHANGE_ME@" in values["DATABASE_URL"] and values["REDIS_URL"].startswith("redis://127.0.0.1")
    assert int(values["FENJIN_WORKERS"]) > 1 and "${FENJIN_WORKERS}" in UNIT.read_text(encoding="utf-8")


def test_readme_production_section_shows_files_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production", 1)[1].split("\n## ", 1)[0]
    shown = set(re.findall(r"deploy/[\w.-]+", section))
    assert shown == {"deploy/nginx-fenjin.conf", "deploy/fenjin-bot.service", "deploy/fenjin.env.example"}
    assert all((ROOT / path).exists() for path in shown)
    assert "python -m bot migrate" in section and "--workers" in section


def test_migrate_command_creates_the_schema(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path}/m.db"}
    proc = subprocess.run([sys.executable, "-m", "bot", "migrate"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"database schema at version \d+\n", proc.stdout)
    with sqlite3.connect(tmp_path / "m.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"signups", "schema_version", "unanswered"} <= tables


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bot.example.gov.cn")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
