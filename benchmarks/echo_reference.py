"""Reference for benchmarks/webhook.py: the smallest sensible WeChat webhook, bare aiohttp +
wechatpy (check_signature, parse_message, create_reply), echoing the text back."""
from __future__ import annotations

import sys

from aiohttp import web
from wechatpy import create_reply, parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import check_signature

TOKEN = "bench-token"


async def wechat(request: web.Request) -> web.Response:
    q = request.query
    try:
        check_signature(TOKEN, q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", ""))
    except InvalidSignatureException:
        return web.Response(status=403)
    msg = parse_message(await request.read())
    reply = create_reply(getattr(msg, "content", "") or "hi", msg)
    return web.Response(text=reply.render(), content_type="application/xml")


if __name__ == "__main__":
    app = web.Application()
    app.router.add_post("/wechat", wechat)
    app.router.add_get("/healthz", lambda r: web.Response(text="ok"))
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
