"""/simulator: a phone-sized chat page for trying the bot in a browser.

Each message typed (or "spoken", or a menu button) goes to the server's own /wechat as a real
callback, signed with the server's token (and encrypted in safe mode) by
bot.wechat.simulator.WeChatSimulator -- the same path WeChat's servers take. The routes exist
only when ``simulator.enabled`` is on (``make run`` turns it on with FENJIN_SIMULATOR=1); otherwise
/simulator is a plain 404.
"""
from __future__ import annotations

import secrets

import aiohttp
from aiohttp import web

from bot.console.auth import same
from bot.console.web import Console
from bot.wechat.simulator import WeChatSimulator

USER_COOKIE = "fenjin_sim_user"
TOKEN_COOKIE = "fenjin_sim_token"
KINDS = ("text", "voice", "click", "subscribe")


def enabled(settings) -> bool:
    return str(settings.get("simulator", "enabled", False)).strip().lower() in ("1", "true", "yes", "on")


def menu_buttons(settings) -> list[dict]:
    """The custom menu of config.yaml as the page shows it: click buttons only (links stay out)."""
    out = []
    for button in settings.section("menu").get("buttons") or []:
        subs = [{"name": s["name"], "key": s["click"]} for s in button.get("sub_button") or [] if s.get("click")]
        if subs or button.get("click"):
            out.append({"name": button["name"], "key": button.get("click", ""), "subs": subs})
    return out


def own_webhook(request: web.Request) -> str:
    """This server's /wechat, at the local address the browser's request came in on."""
    host, port = request.transport.get_extra_info("sockname")[:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/wechat"


def routes(c: Console) -> list[web.RouteDef]:
    settings = c.settings
    sim = WeChatSimulator(settings.token, settings.appid, settings.aes_key)

    async def page(request: web.Request) -> web.StreamResponse:
        user = request.cookies.get(USER_COOKIE) or "sim-" + secrets.token_hex(6)
        token = request.cookies.get(TOKEN_COOKIE) or secrets.token_urlsafe(24)
        resp = c.render("simulator.html", user=user, token=token, menu=menu_buttons(settings))
        resp.set_cookie(USER_COOKIE, user, path="/simulator", samesite="Strict", max_age=30 * 86400)
        resp.set_cookie(TOKEN_COOKIE, token, path="/simulator", httponly=True, samesite="Strict")
        return resp

    async def send(request: web.Request) -> web.StreamResponse:
        if not same(request.headers.get("X-Simulator-Token", ""), request.cookies.get(TOKEN_COOKIE, "")):
            return web.json_response({"error": "token"}, status=403)
        try:
            data = await request.json()
        except ValueError:
            return web.json_response({"error": "json"}, status=400)
        kind = str(data.get("kind", "text"))
        user = str(data.get("user") or request.cookies.get(USER_COOKIE) or "sim-user")[:64]
        text = str(data.get("text", ""))[:600]
        if kind not in KINDS:
            return web.json_response({"error": "kind"}, status=400)
        if kind == "text":
            xml = sim.message_xml(user, "text", text=text)
        elif kind == "voice":
            xml = sim.message_xml(user, "voice", recognition=text)
        elif kind == "click":
            xml = sim.message_xml(user, "event", event="CLICK", event_key=str(data.get("key", ""))[:64])
        else:
            xml = sim.message_xml(user, "event", event="subscribe")
        query, body = sim.request(xml)
        async with aiohttp.ClientSession() as http:
            async with http.post(own_webhook(request), params=query, data=body) as resp:
                answer = await resp.text()
                if resp.status != 200:
                    return web.json_response({"error": f"webhook answered {resp.status}"}, status=502)
        return web.json_response({"reply": sim.read_reply(answer)})

    return [web.get("/simulator", page), web.post("/simulator/send", send)]
