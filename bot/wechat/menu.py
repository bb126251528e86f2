"""The account's custom menu: built from config.yaml's `menu` section, pushed with `python -m bot menu push`.

config.yaml shape (up to 3 buttons; each has a name and exactly one of click / view / sub_button;
a sub_button list has 1 to 5 entries, each a click or a view):

    menu:
      buttons:
        - name: 答题练习
          sub_button:
            - {name: 每日答题, click: QUIZ}
            - {name: 活动官网, view: "https://example.org/"}

A click button sends its key to the bot as a CLICK event; the router treats it exactly like the
user typing CLICK_COMMANDS[key], so a menu tap and a typed word always give the same answer.
"""
from __future__ import annotations

import unicodedata

# CLICK key -> the typed command it stands for.
CLICK_COMMANDS = {
    "QA": "我要提问",
    "SIGNUP": "报名",
    "MY_SIGNUPS": "我的报名",
    "QUIZ": "答题",
    "WRONG_BOOK": "错题本",
    "RANK": "排行榜",
    "HELP": "帮助",
}

MAX_BUTTONS = 3
MAX_SUB_BUTTONS = 5
# WeChat shows at most 4 Chinese characters on a top-level button and 8 on a sub-button and cuts the
# rest to "..."; we count a wide (CJK) character as 2 and any other as 1.
MAX_NAME_WIDTH = 8
MAX_SUB_NAME_WIDTH = 16
MAX_KEY_BYTES = 128
MAX_URL_BYTES = 1024


def menu_from_settings(settings) -> dict:
    """WeChat's menu/create JSON from the `menu` section of the settings. Raises ValueError."""
    return build_menu(settings.section("menu"))


def build_menu(config: dict) -> dict:
    """WeChat's menu/create JSON from a `menu` config dict. Raises ValueError naming the bad entry."""
    if not isinstance(config, dict) or "buttons" not in config:
        raise ValueError("menu.buttons: missing; add a menu section with a buttons list to config.yaml")
    buttons = config["buttons"]
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
        raise ValueError(f"menu.buttons: need 1 to {MAX_BUTTONS} buttons, got "
                         f"{len(buttons) if isinstance(buttons, list) else type(buttons).__name__}")
    return {"button": [_button(b, f"menu.buttons[{i + 1}]", top=True) for i, b in enumerate(buttons)]}


def _button(entry, where: str, *, top: bool) -> dict:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping with name and click/view{'/sub_button' if top else ''}")
    name = str(entry.get("name") or "").strip()
    if not name:
        raise ValueError(f"{where}: missing name")
    where = f"{where} ({name})"
    limit = MAX_NAME_WIDTH if top else MAX_SUB_NAME_WIDTH
    if _width(name) > limit:
        raise ValueError(f"{where}: name too long for a {'top-level' if top else 'sub'} button: at most "
                         f"{limit // 2} Chinese characters ({limit} letters), WeChat cuts the rest")

    allowed = {"name", "click", "view"} | ({"sub_button"} if top else set())
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                         f"allowed: {', '.join(sorted(allowed))}")
    actions = [k for k in ("click", "view", "sub_button") if k in entry]
    if len(actions) != 1:
        raise ValueError(f"{where}: needs exactly one of {', '.join(sorted(allowed - {'name'}))}")

    action = actions[0]
    if action == "click":
        key = str(entry["click"] or "").strip()
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            raise ValueError(f"{where}: click key longer than {MAX_KEY_BYTES} bytes")
        if key not in CLICK_COMMANDS:
            raise ValueError(f"{where}: unknown click key {key!r}; known keys: {', '.join(CLICK_COMMANDS)}")
        return {"type": "click", "name": name, "key": key}
    if action == "view":
        url = str(entry["view"] or "").strip()
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"{where}: view url must start with https:// or http://")
        if len(url.encode("utf-8")) > MAX_URL_BYTES:
            raise ValueError(f"{where}: view url longer than {MAX_URL_BYTES} bytes")
        return {"type": "view", "name": name, "url": url}
    subs = entry["sub_button"]
    if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB_BUTTONS:
        raise ValueError(f"{where}: sub_button needs 1 to {MAX_SUB_BUTTONS} entries, got "
                         f"{len(subs) if isinstance(subs, list) else type(subs).__name__}")
    return {"name": name,
            "sub_button": [_button(s, f"{where}.sub_button[{i + 1}]", top=False) for i, s in enumerate(subs)]}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def describe(menu: dict) -> str:
    """The menu as a few readable lines (for the CLI)."""
    lines = []
    for button in menu["button"]:
        if "sub_button" in button:
            lines.append(button["name"])
            lines += [f"  - {_describe_leaf(s)}" for s in button["sub_button"]]
        else:
            lines.append(_describe_leaf(button))
    return "\n".join(lines)


def _describe_leaf(button: dict) -> str:
    if button["type"] == "click":
        return f"{button['name']} -> {CLICK_COMMANDS[button['key']]} ({button['key']})"
    return f"{button['name']} -> {button['url']}"
