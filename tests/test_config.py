"""Settings: config.yaml defaults, environment overrides for everything secret or per-deployment."""
from __future__ import annotations

import pytest

from bot.core.config import ENV_OVERRIDES, ROOT, ConfigError, load_settings


def test_defaults_from_config_yaml():
    s = load_settings(env={})
    assert s.token == "fenjin-dev" and s.aes_key == "" and s.appsecret == ""
    assert s.database_url == f"sqlite:///{ROOT / 'data' / 'fenjin.db'}"
    assert s.redis_url == ""
    assert s.get("server", "max_body_bytes") == 65536


def test_environment_overrides_every_documented_variable():
    env = {"WECHAT_TOKEN": "t0k", "WECHAT_APPID": "wxA", "WECHAT_AES_KEY": "k" * 43,
           "WECHAT_APPSECRET": "sec", "DATABASE_URL": "postgresql://u@h/db", "REDIS_URL": "redis://r:6379/1",
           "ADMIN_TOKEN": "adm", "WECHAT_API_BASE": "http://127.0.0.1:1", "FENJIN_SIMULATOR": "1",
           "FENJIN_CACHE_DIR": "/var/cache/fenjin"}
    assert set(env) == set(ENV_OVERRIDES)
    s = load_settings(env=env)
    assert (s.token, s.appid, s.aes_key, s.appsecret) == ("t0k", "wxA", "k" * 43, "sec")
    assert (s.database_url, s.redis_url, s.admin_token, s.api_base) == (
        "postgresql://u@h/db", "redis://r:6379/1", "adm", "http://127.0.0.1:1")
    assert s.get("simulator", "enabled") == "1"
    assert str(s.knowledge_cache_dir) == "/var/cache/fenjin"


def test_empty_environment_value_means_plain_mode_not_default():
    s = load_settings(env={"WECHAT_AES_KEY": ""})
    assert s.aes_key == ""


def test_sqlite_and_postgres_urls_map_to_async_drivers():
    from bot.storage import async_url
    assert async_url("sqlite:///data/x.db") == "sqlite+aiosqlite:///data/x.db"
    assert async_url("postgresql://u@h:5432/db") == "postgresql+asyncpg://u@h:5432/db"
    assert async_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert async_url("postgresql+asyncpg://u@h/db") == "postgresql+asyncpg://u@h/db"


# -- time settings that contradict each other are refused at load ----------------------------------
@pytest.mark.parametrize("overrides, keys", [
    ({"memory": {"session_ttl_seconds": 600}}, ["memory.session_ttl_seconds", "conversation.idle_timeout_seconds"]),
    ({"conversation": {"idle_timeout_seconds": 9000}},
     ["conversation.idle_timeout_seconds", "memory.session_ttl_seconds"]),
    ({"memory": {"pending_ttl_seconds": 3600}}, ["memory.session_ttl_seconds", "memory.pending_ttl_seconds"]),
    ({"signup": {"resume_window_seconds": 3600}},
     ["signup.resume_window_seconds", "conversation.idle_timeout_seconds"]),
    ({"signup": {"draft_keep_days": 0.01}}, ["signup.resume_window_seconds", "signup.draft_keep_days"]),
    ({"admin": {"idle_minutes": 24 * 60}}, ["admin.idle_minutes", "admin.session_hours"]),
])
def test_contradictory_time_settings_are_refused_naming_both_keys(overrides, keys):
    with pytest.raises(ConfigError) as refused:
        load_settings(env={}, **overrides)
    line = next(line for line in str(refused.value).splitlines() if keys[0] in line)
    assert keys[1] in line and "longer than" in line


@pytest.mark.parametrize("overrides, key", [
    ({"memory": {"session_ttl_seconds": 0}}, "memory.session_ttl_seconds"),
    ({"memory": {"sweep_seconds": -1}}, "memory.sweep_seconds"),
    ({"memory": {"cache_idle_seconds": -5}}, "memory.cache_idle_seconds"),
    ({"conversation": {"idle_timeout_seconds": "half an hour"}}, "conversation.idle_timeout_seconds"),
])
def test_out_of_range_time_settings_are_refused(overrides, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(env={}, **overrides)


def test_every_problem_is_named_at_once_and_consistent_values_load():
    with pytest.raises(ConfigError) as refused:
        load_settings(env={}, memory={"session_ttl_seconds": 60, "pending_ttl_seconds": 30})
    text = str(refused.value)
    assert "memory.session_ttl_seconds (60 s) is longer than memory.pending_ttl_seconds" in text
    assert "conversation.idle_timeout_seconds (1800 s) is longer than memory.session_ttl_seconds" in text
    # equal is no contradiction; cache_idle 0 (by count only) and a slow sweep are allowed
    s = load_settings(env={}, memory={"session_ttl_seconds": 1800, "cache_idle_seconds": 0, "sweep_seconds": 3600},
                      signup={"resume_window_seconds": 0})
    assert s.get("memory", "session_ttl_seconds") == 1800


def test_serve_refuses_contradictory_settings_with_one_line(tmp_path, capsys):
    from bot.cli import main
    config = tmp_path / "config.yaml"
    config.write_text("memory:\n  session_ttl_seconds: 900\n", encoding="utf-8")
    assert main(["serve", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "memory.session_ttl_seconds" in err and "conversation.idle_timeout_seconds" in err
    assert "Traceback" not in err
