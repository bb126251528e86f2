"""Reference for the scale benchmark: WeRoBot 1.13 with a trivial handler (echo the text back),
served by waitress with 8 threads, sessions off (the cheapest WeRoBot can be). Needs the `bench`
extra: pip install -e '.[bench]'.

    python benchmarks/werobot_reference.py PORT
"""
from __future__ import annotations

import logging
import sys

from waitress import serve
from werobot import WeRoBot

TOKEN = "bench-token"

robot = WeRoBot(token=TOKEN, SESSION_STORAGE=False)


@robot.text
def echo(message):
    return message.content or "hi"


@robot.handler
def anything(message):
    return "hi"


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return robot.wsgi(environ, start_response)


if __name__ == "__main__":
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)     # "Task queue depth" on every burst
    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
