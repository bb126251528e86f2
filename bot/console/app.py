"""The whole site: the webhook app (bot.wechat.app) plus the console and, when switched on, the simulator."""
from __future__ import annotations

from aiohttp import web

from bot.console import admin, dashboard, kb, login, retention, signup_add, signups, simulator
from bot.console.web import HERE, Console
from bot.core.config import Settings
from bot.wechat.app import create_app

CONSOLE_KEY = web.AppKey("console", Console)


def create_site(settings: Settings, **kwargs) -> web.Application:
    """``create_app`` (same keyword arguments) with the console's routes."""
    app = create_app(settings, **kwargs)
    console = Console(app, settings)
    app[CONSOLE_KEY] = console
    for module in (login, dashboard, signups, signup_add, kb, retention, admin):
        app.router.add_routes(module.routes(console))
    if simulator.enabled(settings):          # off unless switched on: /simulator is a plain 404 then
        app.router.add_routes(simulator.routes(console))
    app.router.add_static("/admin/static", HERE / "static", append_version=False)
    return app
