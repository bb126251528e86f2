"""`python -m bot <command>`: serve, migrate, chat, menu push, kb check, unanswered, export, admin."""
from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from bot.cli.chat import run_chat
from bot.cli.kb import cli as check_cli
from bot.cli.menu import cli as menu_cli
from bot.cli.serve import add_arguments as add_serve_arguments
from bot.cli.serve import serve_command
from bot.core.config import ConfigError, load_settings
from bot.services import migrate_database
from bot.storage.migrations import SchemaTooNew

# Sub-commands owned by feature modules: they parse their own arguments.
DELEGATED = {
    "export": ("bot.cli.export", "Export sign-ups to Excel (xlsx) or CSV for cadres"),
    "unanswered": ("bot.cli.unanswered", "List questions the bot could not answer, most frequent first"),
    "admin": ("bot.cli.admin", "Cadre console accounts: add-user, reset, disable, enable, list"),
    "purge": ("bot.cli.purge", "Delete a finished campaign's sign-ups and quiz records (--before DATE)"),
}


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except SchemaTooNew as e:     # a newer release wrote the database: one line, no traceback
        print(f"error: {e}", file=sys.stderr)
        return 1
    except ConfigError as e:      # contradictory settings: what to fix, no traceback
        print(f"error: {e}", file=sys.stderr)
        return 2


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bot", description="Fenjin WeChat bot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    config_help = "config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)"
    serve = sub.add_parser("serve", help="Run the WeChat webhook (POST/GET /wechat, GET /healthz), the cadre "
                                         "console (/admin) and, when switched on, the simulator (/simulator)",
                           description="Run the bot's web server: GET/POST /wechat, GET /healthz, the cadre "
                                       "console. SIGHUP reloads the knowledge base; SIGTERM stops after "
                                       "in-flight replies.")
    add_serve_arguments(serve)
    serve.add_argument("--config", help=config_help)
    migrate = sub.add_parser("migrate", help="Create or bring forward the database schema of DATABASE_URL, "
                                             "then exit (serve also does it on start)")
    migrate.add_argument("--config", help=config_help)
    chat = sub.add_parser("chat", help="Talk to the bot from a terminal through the real webhook path")
    chat.add_argument("--url", help="webhook URL of a running bot (default: start one in this process)")
    chat.add_argument("--user", default="terminal-user", help="the openid to chat as")
    chat.add_argument("--config", help=config_help)
    menu = sub.add_parser("menu", help="Custom menu: `menu push` creates it through the WeChat API")
    menu.add_argument("args", nargs=argparse.REMAINDER, help="push [--dry-run] [--config FILE]")
    kb = sub.add_parser("kb", help="Knowledge base: `kb check` validates all YAML")
    kb.add_argument("action", choices=["check"])
    kb.add_argument("args", nargs=argparse.REMAINDER, help="options of `kb check` (see `kb check --help`)")
    for name, (_, help_text) in DELEGATED.items():
        sub.add_parser(name, help=help_text, add_help=False)

    args, rest = parser.parse_known_args(argv)
    if args.command in DELEGATED:
        return importlib.import_module(DELEGATED[args.command][0]).cli(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.command == "serve":
        return serve_command(args.host, args.port, args.workers, args.loop, args.config)
    if args.command == "migrate":
        version = asyncio.run(migrate_database(load_settings(args.config)))
        print(f"database schema at version {version}")
        return 0
    if args.command == "chat":
        return asyncio.run(run_chat(args.url, args.user, args.config))
    if args.command == "menu":
        return menu_cli(args.args)
    if args.command == "kb":
        return check_cli(args.args)
    parser.print_help()
    return 0

