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
    "FENJIN_CACHE_DIR": ("knowledge", "cache_dir"),     # (the pinyin tables' cache reads it too)
}


class ConfigError(ValueError):
    """A setting the bot refuses to start with; the text names the keys and says why."""


# Time settings that must not contradict each other: (shorter, longer, why), each a (section, key,
# unit in seconds, default as in config.yaml and the code that reads it). Checked at load, so a
# server never runs with, say, sessions forgotten before their flow times out (the user would
# never be told the flow expired).
IDLE_TIMEOUT = ("conversation", "idle_timeout_seconds", 1, 1800)
SESSION_TTL = ("memory", "session_ttl_seconds", 1, 7200)
PENDING_TTL = ("memory", "pending_ttl_seconds", 1, 172800)
RESUME_WINDOW = ("signup", "resume_window_seconds", 1, 1800)
DRAFT_KEEP = ("signup", "draft_keep_days", 86400, 7)
SWEEP = ("memory", "sweep_seconds", 1, 10)
REPORT = ("memory", "report_seconds", 1, 300)
CACHE_IDLE = ("memory", "cache_idle_seconds", 1, 300)
LOGIN_LIFETIME = ("admin", "session_hours", 3600, 12)
LOGIN_IDLE = ("admin", "idle_minutes", 60, 120)
TIME_ORDER = (
    (IDLE_TIMEOUT, SESSION_TTL, "a session must outlive its flow's idle timeout, so the user is told the flow expired"),
    (SESSION_TTL, PENDING_TTL, "a session holding a late reply is kept longer than one without"),
    (RESUME_WINDOW, IDLE_TIMEOUT, "a draft must not resume by itself after a restart when a live session "
                                  "would have dropped its flow as idle"),
    (RESUME_WINDOW, DRAFT_KEEP, "a draft cannot resume after it has been purged"),
    (LOGIN_IDLE, LOGIN_LIFETIME, "a console login's idle limit must fall within its lifetime"),
)
POSITIVE = (IDLE_TIMEOUT, SESSION_TTL, PENDING_TTL, DRAFT_KEEP, SWEEP, LOGIN_LIFETIME, LOGIN_IDLE)
# 0: a draft never resumes by itself; caches bounded by count only; no memory report line.
NOT_NEGATIVE = (RESUME_WINDOW, CACHE_IDLE, REPORT)


def _name(setting: tuple) -> str:
    return f"{setting[0]}.{setting[1]}"


def _seconds(raw: dict, setting: tuple) -> float:
    section, key, unit, default = setting
    value = (raw.get(section) or {}).get(key)
    if value in (None, ""):
        value = default
    if isinstance(value, bool):
        raise ConfigError(f"{_name(setting)} must be a number, not {value!r}")
    try:
        return float(value) * unit
    except (TypeError, ValueError):
        raise ConfigError(f"{_name(setting)} must be a number, not {value!r}") from None


def check_times(raw: dict) -> None:
    """Refuse time settings that are out of range or contradict each other (ConfigError naming
    every key at fault). memory.cache_idle_seconds bounds only itself (a sweep slower than it just
    forgets later), and the retry cache's lifetimes follow server.max_clock_skew_seconds in code."""
    problems = [f"{_name(s)} must be more than 0" for s in POSITIVE if _seconds(raw, s) <= 0]
    problems += [f"{_name(s)} must not be negative" for s in NOT_NEGATIVE if _seconds(raw, s) < 0]
    for shorter, longer, why in TIME_ORDER:
        if _seconds(raw, shorter) > _seconds(raw, longer):
            problems.append(f"{_name(shorter)} ({_seconds(raw, shorter):g} s) is longer than "
                            f"{_name(longer)} ({_seconds(raw, longer):g} s): {why}")
    if problems:
        raise ConfigError("config: contradictory or invalid time settings:\n  " + "\n  ".join(problems))


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

    @property
    def knowledge_cache_dir(self) -> Path | None:
        """Where the built knowledge base is kept between starts (knowledge.kbcache); None: off."""
        value = self.section("knowledge").get("cache_dir", "data/cache")
        if value is False or value is None:
            return None
        path = Path(str(value) or "data/cache")
        return path if path.is_absolute() else ROOT / path


def load_settings(path: str | Path | None = None, env: dict | None = None, **overrides: dict) -> Settings:
    """Read config.yaml, apply environment overrides, then explicit per-section overrides (tests);
    ConfigError when time settings contradict each other (``check_times``)."""
    env = os.environ if env is None else env
    cfg_path = Path(path or env.get("FENJIN_CONFIG") or DEFAULT_CONFIG)
    # libyaml's parser when PyYAML has it (as knowledge.yamlsource): the pure-Python one cost ~15 ms a start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=loader) or {}   # noqa: S506 - a safe loader
    for var, (section, key) in ENV_OVERRIDES.items():
        if var in env:
            raw.setdefault(section, {})[key] = env[var]
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    check_times(raw)
    return Settings(raw)
