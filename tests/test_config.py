"""Settings: config.yaml defaults, environment overrides for everything secret or per-deployment."""
from __future__ import annotations

from bot.core.config import ENV_OVERRIDES, ROOT, load_settings


def test_defaults_from_config_yaml():
    s = load_settings(env={})
    assert s.token == "fenjin-dev" and s.aes_key == "" and s.appsecret == ""
    assert s.database_url == f"sqlite:///{ROOT / 'data' / 'fenjin.db'}"
    assert s.redis_url == ""
    assert s.get("server", "max_body_bytes") == 65536


def test_environment_overrides_every_documented_variable():
    env = {"WECHAT_TOKEN": "t0k", "WECHAT_APPID": "wxA", "WECHAT_AES_KEY": "k" * 43,
           "WECHAT_APPSECRET": "sec", "DATABASE_URL": "postgresql://u@h/db", "REDIS_URL": "redis://r:6379/1",
           "ADMIN_TOKEN": "adm", "WECHAT_API_BASE": "http://127.0.0.1:1", "FENJIN_SIMULATOR": "1"}
    assert set(env) == set(ENV_OVERRIDES)
    s = load_settings(env=env)
    assert (s.token, s.appid, s.aes_key, s.appsecret) == ("t0k", "wxA", "k" * 43, "sec")
    assert (s.database_url, s.redis_url, s.admin_token, s.api_base) == (
        "postgresql://u@h/db", "redis://r:6379/1", "adm", "http://127.0.0.1:1")
    assert s.get("simulator", "enabled") == "1"


def test_empty_environment_value_means_plain_mode_not_default():
    s = load_settings(env={"WECHAT_AES_KEY": ""})
    assert s.aes_key == ""


def test_sqlite_and_postgres_urls_map_to_async_drivers():
    from bot.storage import async_url
    assert async_url("sqlite:///data/x.db") == "sqlite+aiosqlite:///data/x.db"
    assert async_url("postgresql://u@h:5432/db") == "postgresql+asyncpg://u@h:5432/db"
    assert async_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert async_url("postgresql+asyncpg://u@h/db") == "postgresql+asyncpg://u@h/db"
