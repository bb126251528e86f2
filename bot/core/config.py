"""Settings: config.yaml, overridden by environment variables (secrets never live in the file)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = ROOT / "config.yaml"

# Environment variable -> (section, key) in config.yaml.
ENV_OVERRIDES = {
    "WECHAT_TOKEN": ("wechat", "token"),
    "WECHAT_APPID": ("wechat", "appid"),
    "WECHAT_AES_KEY": ("wechat", "aes_key"),
    "WECHAT_APPSECRET": ("wechat", "appsecret"),
    "WECHAT_API_BASE": ("wechat", "api_base"),
    "DATABASE_URL": ("storage", "database_url"),
    "REDIS_URL": ("storage", "redis_url"),
    "ADMIN_TOKEN": ("admin", "token"),
    "FENJIN_SIMULATOR": ("simulator", "enabled"),
}


@dataclass
class Settings:
    raw: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        return self.raw.get(name) or {}

    def get(self, section: str, key: str, default: Any = None) -> Any:
        value = self.section(section).get(key)
        return default if value in (None, "") else value

    # Frequently used values, named once.
    @property
    def token(self) -> str:
        return str(self.get("wechat", "token", ""))

    @property
    def appid(self) -> str:
        return str(self.get("wechat", "appid", ""))

    @property
    def aes_key(self) -> str:
        return str(self.get("wechat", "aes_key", ""))

    @property
    def appsecret(self) -> str:
        return str(self.get("wechat", "appsecret", ""))

    @property
    def api_base(self) -> str:
        return str(self.get("wechat", "api_base", "https://api.weixin.qq.com"))

    @property
    def database_url(self) -> str:
        return str(self.get("storage", "database_url", f"sqlite:///{ROOT / 'data' / 'fenjin.db'}"))

    @property
    def redis_url(self) -> str:
        return str(self.get("storage", "redis_url", ""))

    @property
    def admin_token(self) -> str:
        return str(self.get("admin", "token", ""))

    @property
    def knowledge_dir(self) -> Path:
        path = Path(self.get("knowledge", "dir", "knowledge"))
        return path if path.is_absolute() else ROOT / path


def load_settings(path: str | Path | None = None, env: dict | None = None, **overrides: dict) -> Settings:
    """Read config.yaml, apply environment overrides, then explicit per-section overrides (tests)."""
    env = os.environ if env is None else env
    cfg_path = Path(path or env.get("FENJIN_CONFIG") or DEFAULT_CONFIG)
    raw = yaml.safe_load(cfg_path.read_text(encoding="utf-8")) or {}
    for var, (section, key) in ENV_OVERRIDES.items():
        if var in env:
            raw.setdefault(section, {})[key] = env[var]
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    return Settings(raw)
