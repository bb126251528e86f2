"""`python -m bot menu push`: build the custom menu from config.yaml and send it to WeChat."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.core.config import load_settings
from bot.wechat.api import WeChatAPI, WeChatAPIError
from bot.wechat.menu import describe, menu_from_settings


def cli(argv: list[str] | None = None) -> int:
    """`python -m bot menu ...`; argv is what follows `menu`, e.g. ["push"]."""
    parser = argparse.ArgumentParser(prog="python -m bot menu", description="The account's custom menu.")
    actions = parser.add_subparsers(dest="action", required=True)
    push = actions.add_parser("push", help="build the menu from config.yaml and send it to WeChat")
    push.add_argument("--config", help="settings file (default: $FENJIN_CONFIG or config.yaml)")
    push.add_argument("--dry-run", action="store_true", help="print the menu JSON and send nothing")
    args = parser.parse_args(argv)

    try:
        settings = load_settings(args.config)
        menu = menu_from_settings(settings)
    except (OSError, ValueError) as exc:
        print(f"menu push: {exc}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(json.dumps(menu, ensure_ascii=False, indent=2))
        return 0
    if not settings.appid or not settings.appsecret:
        print("menu push: needs the account's app id and app secret: set WECHAT_APPID and "
              "WECHAT_APPSECRET (or wechat.appid / wechat.appsecret in config.yaml)", file=sys.stderr)
        return 2

    try:
        asyncio.run(_push(settings, menu))
    except WeChatAPIError as exc:
        print(f"menu push: WeChat refused the menu: errcode={exc.errcode} errmsg={exc.errmsg}", file=sys.stderr)
        return 1
    print(f"Menu pushed to {settings.api_base} for {settings.appid}:")
    print(describe(menu))
    print("WeChat clients pick up the new menu within about 5 minutes (re-follow the account to see it at once).")
    return 0


async def _push(settings, menu: dict) -> None:
    api = WeChatAPI(settings.api_base, settings.appid, settings.appsecret)
    try:
        await api.create_menu(menu)
    finally:
        await api.close()
