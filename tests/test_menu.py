"""bot.wechat.menu: building and validating the custom menu, and `python -m bot menu push` against the fake server."""
from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
import yaml

from bot.cli.menu import cli
from bot.core.config import load_settings
from bot.core.session import Services
from bot.services import repositories
from bot.wechat.menu import (
    CLICK_COMMANDS,
    build_menu,
    describe,
    menu_from_settings,
)
from handlers.quiz import QuizHandler
from handlers.signup import SignupHandler
from knowledge.catalogue import load_catalogue
from knowledge.quizbank import load_quiz_bank
from tests.fake_wechat import (  # the fake_wechat fixture comes via conftest
    APPID,
    SECRET,
)
from tests.helpers import Conversation

DATA = Path(__file__).parent / "data"

# The default menu proposed for config.yaml.
DEFAULT_MENU_YAML = """
menu:
  buttons:
    - name: 政策问答
      sub_button:
        - {name: 我要提问, click: QA}
        - {name: 使用帮助, click: HELP}
    - name: 报名参赛
      sub_button:
        - {name: 我要报名, click: SIGNUP}
        - {name: 我的报名, click: MY_SIGNUPS}
    - name: 答题练习
      sub_button:
        - {name: 开始答题, click: QUIZ}
        - {name: 错题本, click: WRONG_BOOK}
        - {name: 排行榜, click: RANK}
"""
DEFAULT_MENU = yaml.safe_load(DEFAULT_MENU_YAML)["menu"]


def click(name: str, key: str) -> dict:
    return {"type": "click", "name": name, "key": key}


def test_default_menu_builds_wechat_json():
    assert build_menu(DEFAULT_MENU) == {"button": [
        {"name": "政策问答", "sub_button": [click("我要提问", "QA"), click("使用帮助", "HELP")]},
        {"name": "报名参赛", "sub_button": [click("我要报名", "SIGNUP"), click("我的报名", "MY_SIGNUPS")]},
        {"name": "答题练习", "sub_button": [click("开始答题", "QUIZ"), click("错题本", "WRONG_BOOK"),
                                         click("排行榜", "RANK")]},
    ]}


def test_click_keys_stand_for_the_typed_commands():
    assert CLICK_COMMANDS["SIGNUP"] == "报名"
    assert CLICK_COMMANDS["MY_SIGNUPS"] == "我的报名"
    assert CLICK_COMMANDS["QUIZ"] == "答题"
    assert CLICK_COMMANDS["HELP"] == "帮助"
    assert all(key.isascii() and len(key) <= 128 for key in CLICK_COMMANDS)


@pytest.mark.parametrize("key", sorted(CLICK_COMMANDS))
async def test_a_menu_tap_answers_exactly_as_typing_its_command(key, sqlite_database, clock):
    services = Services(settings=load_settings(env={}), **repositories(sqlite_database), clock=clock,
                        catalogue=load_catalogue(DATA / "catalogue_small.yaml"),
                        quiz_bank=load_quiz_bank(DATA / "quiz_valid.yaml"))

    def chat(user: str) -> Conversation:          # the real router and handlers; same quiz draw for both
        return Conversation(services, [SignupHandler(), QuizHandler(random.Random(1))], user=user)

    typed, tapped = chat("typed"), chat("tapped")
    expected = await typed.say(CLICK_COMMANDS[key])
    assert await tapped.click(key) == expected
    assert tapped.replies[-1].outcome != "unknown-click" and tapped.flow() == typed.flow()


def test_menu_from_settings_reads_the_menu_section():
    settings = load_settings(env={}, menu=DEFAULT_MENU)
    assert menu_from_settings(settings) == build_menu(DEFAULT_MENU)


def test_the_menu_in_config_yaml_is_valid():
    settings = load_settings(env={})
    menu = menu_from_settings(settings)
    assert 1 <= len(menu["button"]) <= 3


def test_view_buttons_and_plain_top_level_buttons():
    menu = build_menu({"buttons": [
        {"name": "答题", "click": "QUIZ"},
        {"name": "活动官网", "view": "https://example.org/fenjin?a=1"},
        {"name": "More", "sub_button": [{"name": "Signup list", "view": "http://example.org/"}]},
    ]})
    assert menu == {"button": [
        click("答题", "QUIZ"),
        {"type": "view", "name": "活动官网", "url": "https://example.org/fenjin?a=1"},
        {"name": "More", "sub_button": [{"type": "view", "name": "Signup list", "url": "http://example.org/"}]},
    ]}
    assert "活动官网 -> https://example.org/fenjin?a=1" in describe(menu)


@pytest.mark.parametrize("name, fits", [
    ("四个汉字", True), ("ABCDEFGH", True), ("村BA比赛", True),        # a Chinese character counts as 2
    ("五个汉字长", False), ("ABCDEFGHI", False), ("村BA比赛A", False),
])
def test_top_level_name_limit_follows_what_wechat_shows(name, fits):
    config = {"buttons": [{"name": name, "click": "QUIZ"}]}
    if fits:
        assert build_menu(config) == {"button": [click(name, "QUIZ")]}        # kept whole, not cut
    else:
        with pytest.raises(ValueError, match="name too long for a top-level button: at most 4"):
            build_menu(config)


@pytest.mark.parametrize("name, fits", [("八个汉字八个汉字", True), ("ABCDEFGHIJKLMNOP", True),
                                        ("九个汉字九个汉字九", False), ("八个汉字八个汉字A", False)])
def test_sub_button_name_limit_follows_what_wechat_shows(name, fits):
    config = {"buttons": [{"name": "答题", "sub_button": [{"name": name, "click": "QUIZ"}]}]}
    if fits:
        assert build_menu(config) == {"button": [{"name": "答题", "sub_button": [click(name, "QUIZ")]}]}
    else:
        with pytest.raises(ValueError, match="name too long for a sub button: at most 8"):
            build_menu(config)


def _buttons(n: int) -> list[dict]:
    return [{"name": f"B{i}", "click": "HELP"} for i in range(n)]


@pytest.mark.parametrize("config, message", [
    ({}, "menu.buttons: missing"),
    ({"buttons": []}, "1 to 3 buttons, got 0"),
    ({"buttons": _buttons(4)}, "1 to 3 buttons, got 4"),
    ({"buttons": {"name": "x"}}, "1 to 3 buttons, got dict"),
    ({"buttons": ["答题"]}, r"buttons\[1\]: expected a mapping"),
    ({"buttons": [{"click": "QUIZ"}]}, r"buttons\[1\]: missing name"),
    ({"buttons": [{"name": "五个汉字长", "click": "QUIZ"}]}, "name too long for a top-level button: at most 4"),
    ({"buttons": [{"name": "ABCDEFGHI", "click": "QUIZ"}]}, "name too long"),
    ({"buttons": [{"name": "答题"}]}, "needs exactly one of click, sub_button, view"),
    ({"buttons": [{"name": "答题", "click": "QUIZ", "view": "https://x.org"}]}, "needs exactly one"),
    ({"buttons": [{"name": "答题", "clik": "QUIZ"}]}, "unknown field"),
    ({"buttons": [{"name": "答题", "sub_buttons": []}]}, "unknown field.*sub_buttons"),
    ({"buttons": [{"name": "答题", "click": "QUZ"}]}, r"\(答题\): unknown click key 'QUZ'; known keys: QA"),
    ({"buttons": [{"name": "答题", "click": "K" * 129}]}, "longer than 128 bytes"),
    ({"buttons": [{"name": "官网", "view": "example.org"}]}, "must start with https://"),
    ({"buttons": [{"name": "官网", "view": "https://x.org/" + "a" * 1011}]}, "longer than 1024 bytes"),
    ({"buttons": [{"name": "答题", "sub_button": []}]}, "sub_button needs 1 to 5 entries, got 0"),
    ({"buttons": [{"name": "答题", "sub_button": _buttons(6)}]}, "sub_button needs 1 to 5 entries, got 6"),
    ({"buttons": [{"name": "答题", "sub_button": [{"name": "九个汉字九个汉字九", "click": "QUIZ"}]}]},
     r"sub_button\[1\] \(九个汉字九个汉字九\): name too long for a sub button: at most 8"),
    ({"buttons": [{"name": "答题", "sub_button": [{"name": "再下一层", "sub_button": _buttons(1)}]}]},
     r"答题\)\.sub_button\[1\] \(再下一层\): unknown field\(s\) sub_button"),
])
def test_invalid_menus_are_refused_with_a_clear_message(config, message):
    with pytest.raises(ValueError, match=message):
        build_menu(config)


def test_a_url_of_exactly_1024_bytes_is_accepted_and_one_more_is_not():
    url = "https://x.org/" + "a" * 1010
    assert len(url.encode()) == 1024
    assert build_menu({"buttons": [{"name": "官网", "view": url}]}) == {
        "button": [{"type": "view", "name": "官网", "url": url}]}
    with pytest.raises(ValueError, match="longer than 1024 bytes"):
        build_menu({"buttons": [{"name": "官网", "view": url + "a"}]})


# ---- python -m bot menu push ----------------------------------------------------------------

@pytest.fixture
def menu_config(tmp_path, monkeypatch):
    """A settings file with the default menu; WeChat credentials come from the environment."""
    path = tmp_path / "config.yaml"
    path.write_text(DEFAULT_MENU_YAML, encoding="utf-8")
    for var in ("WECHAT_APPID", "WECHAT_APPSECRET", "WECHAT_API_BASE", "FENJIN_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    return path


def use_fake(monkeypatch, fake, secret: str = SECRET) -> None:
    monkeypatch.setenv("WECHAT_API_BASE", fake.base_url)
    monkeypatch.setenv("WECHAT_APPID", APPID)
    monkeypatch.setenv("WECHAT_APPSECRET", secret)


async def run_cli(*argv: str) -> int:
    # cli() runs its own event loop (asyncio.run); the fake server keeps serving on this one.
    return await asyncio.to_thread(cli, list(argv))


async def test_menu_push_sends_the_configured_menu(fake_wechat, menu_config, monkeypatch, capsys):
    use_fake(monkeypatch, fake_wechat)
    assert await run_cli("push", "--config", str(menu_config)) == 0
    assert fake_wechat.menus == [build_menu(DEFAULT_MENU)]
    out = capsys.readouterr().out
    assert "Menu pushed" in out
    assert "我要报名 -> 报名 (SIGNUP)" in out


async def test_menu_push_reads_fenjin_config_from_the_environment(fake_wechat, menu_config, monkeypatch):
    use_fake(monkeypatch, fake_wechat)
    monkeypatch.setenv("FENJIN_CONFIG", str(menu_config))
    assert await run_cli("push") == 0
    assert len(fake_wechat.menus) == 1


async def test_menu_push_needs_appid_and_secret(fake_wechat, menu_config, monkeypatch, capsys):
    monkeypatch.setenv("WECHAT_API_BASE", fake_wechat.base_url)
    monkeypatch.setenv("WECHAT_APPID", APPID)
    assert await run_cli("push", "--config", str(menu_config)) == 2
    assert "WECHAT_APPSECRET" in capsys.readouterr().err
    assert fake_wechat.token_calls == [] and fake_wechat.menus == []


async def test_menu_push_reports_what_wechat_refused(fake_wechat, menu_config, monkeypatch, capsys):
    use_fake(monkeypatch, fake_wechat)
    fake_wechat.fail_next(40018, api="menu")
    assert await run_cli("push", "--config", str(menu_config)) == 1
    err = capsys.readouterr().err
    assert "errcode=40018" in err and "invalid button name size" in err
    assert fake_wechat.menus == []


async def test_menu_push_with_a_wrong_secret_fails_clearly(fake_wechat, menu_config, monkeypatch, capsys):
    use_fake(monkeypatch, fake_wechat, secret="wrong")
    assert await run_cli("push", "--config", str(menu_config)) == 1
    err = capsys.readouterr().err
    assert "errcode=40125" in err
    assert "wrong" not in err


async def test_menu_push_refuses_an_invalid_menu_before_calling_wechat(fake_wechat, tmp_path, monkeypatch, capsys):
    use_fake(monkeypatch, fake_wechat)
    path = tmp_path / "config.yaml"
    path.write_text("menu:\n  buttons:\n    - {name: 答题, click: NOPE}\n", encoding="utf-8")
    assert await run_cli("push", "--config", str(path)) == 2
    assert "unknown click key 'NOPE'" in capsys.readouterr().err
    assert fake_wechat.token_calls == []


async def test_menu_push_dry_run_prints_json_and_sends_nothing(fake_wechat, menu_config, monkeypatch, capsys):
    use_fake(monkeypatch, fake_wechat)
    assert await run_cli("push", "--dry-run", "--config", str(menu_config)) == 0
    assert json.loads(capsys.readouterr().out) == build_menu(DEFAULT_MENU)
    assert fake_wechat.token_calls == []


def test_menu_without_an_action_is_a_usage_error():
    with pytest.raises(SystemExit) as info:
        cli([])
    assert info.value.code == 2
