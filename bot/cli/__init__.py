"""`python -m bot <command>`: serve, chat, menu push, kb check, unanswered, export, admin."""
from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
import sys

from aiohttp import web

from bot.cli.chat import run_chat
from bot.cli.kb import cli as check_cli
from bot.cli.menu import cli as menu_cli
from bot.core.config import load_settings
from bot.core.idcrypt import IdKeyError
from bot.core.logs import log_event, setup_logging
from bot.services import build_services, reload_knowledge
from bot.console import create_site
from bot.console.simulator import enabled as simulator_enabled
from bot.storage.migrations import SchemaTooNew
from knowledge.errors import KBError
from knowledge.setup import setup_checklist

log = logging.getLogger("bot")

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


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bot", description="Fenjin WeChat bot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    config_help = "config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)"
    serve = sub.add_parser("serve", help="Run the WeChat webhook (POST/GET /wechat, GET /healthz), the cadre "
                                         "console (/admin) and, when switched on, the simulator (/simulator)",
                           description="Run the bot's web server. SIGHUP reloads the knowledge base.")
    serve.add_argument("--host", default=None, help="address to listen on (default: server.host, 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port to listen on (default: server.port, 8080)")
    serve.add_argument("--config", help=config_help)
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
        return serve_command(args.host, args.port, args.config)
    if args.command == "chat":
        return asyncio.run(run_chat(args.url, args.user, args.config))
    if args.command == "menu":
        return menu_cli(args.args)
    if args.command == "kb":
        return check_cli(args.args)
    parser.print_help()
    return 0


def serve_command(host: str | None, port: int | None, config: str | None = None) -> int:
    setup_logging()
    settings = load_settings(config)
    host = host or settings.get("server", "host", "127.0.0.1")
    port = port or int(settings.get("server", "port", 8080))

    async def run() -> None:
        try:
            services = await build_services(settings)
        except KBError as e:
            for line in e.problems:
                print(line, file=sys.stderr)
            print(f"knowledge base invalid ({len(e.problems)} problems): not starting", file=sys.stderr)
            raise SystemExit(1)
        except IdKeyError as e:
            print(f"{e}: not starting", file=sys.stderr)
            raise SystemExit(1)
        checklist = setup_checklist(services.catalogue, settings.knowledge_dir / "catalogue.yaml")
        if checklist:     # what the county still has to fill in (the console's dashboard shows the same)
            log_event(log, "setup-checklist", logging.WARNING, count=len(checklist),
                      items=[f"{item.where()}: {item.text}" for item in checklist])
        app = create_site(settings, services=services)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        reloads: set[asyncio.Future] = set()

        def reload() -> None:
            # Loading and indexing takes a fraction of a second: do it off the event loop, then swap.
            task = asyncio.ensure_future(asyncio.to_thread(reload_knowledge, services))
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        loop.add_signal_handler(signal.SIGHUP, reload)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        mode = "safe mode (AES)" if settings.aes_key else "plain mode"
        log_event(log, "listening", url=f"http://{host}:{port}/wechat", mode=mode,
                  database=settings.database_url.split("@")[-1], state="redis" if settings.redis_url else "memory")
        if settings.token == "fenjin-dev":
            log_event(log, "dev-token", logging.WARNING,
                      msg="using the development token from config.yaml; set WECHAT_TOKEN in production")
        print(f"Fenjin bot listening on http://{host}:{port}/wechat ({mode}); health: http://{host}:{port}/healthz\n"
              f"Chat with it from another terminal:  .venv/bin/python -m bot chat --url http://{host}:{port}/wechat\n"
              f"Cadre console: http://{host}:{port}/admin"
              + (f"\nChat simulator in a browser: http://{host}:{port}/simulator" if simulator_enabled(settings) else ""),
              flush=True)
        await stop.wait()
        await runner.cleanup()

    asyncio.run(run())
    return 0
