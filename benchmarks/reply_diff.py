"""Replies of this checkout against another one's, byte for byte: every question of the spent
evaluation sets (tests/data/paraphrases.yaml, tests/data/blind/dev.yaml, blind/sealed.yaml,
blind/v2/sealed.yaml, blind/v3/sealed.yaml, blind/v4/sealed.yaml, blind/v5/sealed.yaml, blind/v6/sealed.yaml) sent as signed callbacks through the whole webhook
(XML in, router, handlers, XML out) of each checkout, at one fixed time. For a change meant to make replies cheaper, not
different: it prints every reply that differs and exits 1 if any does.

Each question is asked by a new user, who then sends 「1」 (a suggestion or related question
picked) and 「更多」 (the next page); and each set is asked in order by one user, so a question
also meets the choices the previous answer left on the screen. The questions left for cadres
(the unanswered log) are compared too.

    .venv/bin/python benchmarks/reply_diff.py --reference DIR      (e.g. `git worktree add --detach DIR main`)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ["tests/data/paraphrases.yaml", "tests/data/blind/dev.yaml", "tests/data/blind/sealed.yaml",
        "tests/data/blind/v2/sealed.yaml", "tests/data/blind/v3/sealed.yaml",
        "tests/data/blind/v4/sealed.yaml", "tests/data/blind/v5/sealed.yaml",
        "tests/data/blind/v6/sealed.yaml", "tests/data/blind/v7/sealed.yaml",
        "tests/data/blind/v8/sealed.yaml", "tests/data/blind/v9/sealed.yaml",
        "tests/data/blind/v10/sealed.yaml",
        "tests/data/blind/v11/sealed.yaml", "tests/data/blind/v12/sealed.yaml",
        "tests/data/blind/t7/train.yaml", "tests/data/blind/t8/train.yaml",
        "tests/data/blind/t9/train.yaml", "tests/data/blind/t10/train.yaml",
        "tests/data/blind/t11/train.yaml", "tests/data/blind/t12/train.yaml",
        "tests/data/blind/t13/train.yaml"]
NOW = datetime(2027, 3, 20, 4, 0, tzinfo=timezone.utc)       # before the deadlines: the desk's answers in full
FOLLOW_UPS = ["1", "更多"]
_CREATE_TIME = re.compile(r"<CreateTime>\d+</CreateTime>")


def questions() -> dict[str, list[str]]:
    out = {}
    for name in SETS:
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        items = data.get("items") or [*data.get("in_scope", []), *data.get("out_of_scope", [])]
        out[name] = [item["q"] if isinstance(item, dict) else item for item in items]
    return out


async def collect(root: Path) -> dict:
    """Every reply of the checkout ``root`` (whose modules are imported: run in its own process)."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    from aiohttp.test_utils import TestClient, TestServer

    from bot.core.config import load_settings
    from bot.services import build_services
    from bot.storage.state import MemoryStateStore
    from bot.wechat.app import create_app
    from bot.wechat.simulator import WeChatSimulator

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, wechat={"token": "diff", "appid": "", "aes_key": "", "appsecret": ""},
                                 storage={"database_url": f"sqlite:///{tmp}/bot.db", "redis_url": ""},
                                 limits={"messages_per_minute": 0},
                                 # replies, not load: a busy shared machine must not shed a message
                                 # (admission control) or defer one past the reply budget
                                 admission={"max_loop_lag_ms": 0, "max_in_flight": 0},
                                 server={"reply_budget_seconds": 60})
        services = await build_services(settings, clock=lambda: NOW)
        client = TestClient(TestServer(create_app(settings, services=services, store=MemoryStateStore())))
        await client.start_server()
        sim = WeChatSimulator("diff")
        replies: list[list[str]] = []

        async def say(user: str, text: str) -> None:
            query, body = sim.request(sim.message_xml(user, text=text))
            resp = await client.post("/wechat", params=query, data=body)
            replies.append([user, text, str(resp.status), _CREATE_TIME.sub("", await resp.text())])

        try:
            for name, asked in questions().items():
                for i, q in enumerate(asked):
                    for text in [q, *FOLLOW_UPS]:
                        await say(f"o-fresh-{name}-{i}", text)
                for q in asked:
                    await say(f"o-stream-{name}", q)
            rows = await services.unanswered.fetch()
        finally:
            await client.close()
        logged = sorted(json.dumps([getattr(r, k, None) for k in ("user", "question", "outcome", "candidates",
                                                                  "top_score", "picked")], ensure_ascii=False,
                                   default=str) for r in rows)
        return {"replies": replies, "unanswered": logged}


def run(root: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--collect", str(root)], check=True, capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(root)})
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, help="the other checkout (e.g. of main)")
    ap.add_argument("--collect", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--show", type=int, default=50, help="how many differing replies to print (0: all)")
    args = ap.parse_args()
    if args.collect:
        json.dump(asyncio.run(collect(args.collect.resolve())), sys.stdout, ensure_ascii=False)
        return 0
    if not args.reference:
        ap.error("--reference DIR is needed")
    ours, theirs = run(ROOT), run(args.reference.resolve())
    differ = [(a, b) for a, b in zip(theirs["replies"], ours["replies"]) if a != b]
    for a, b in differ[:args.show or None]:
        print(f"{a[0]} 「{a[1]}」\n  reference: {a[2]} {a[3]!r}\n  this:      {b[2]} {b[3]!r}")
    logged = set(ours["unanswered"]) ^ set(theirs["unanswered"])
    for row in sorted(logged)[:20]:
        print(f"unanswered log differs: {row}")
    print(f"{len(ours['replies'])} replies, {len(differ)} differ; {len(ours['unanswered'])} unanswered rows "
          f"(reference {len(theirs['unanswered'])}), {len(logged)} differ")
    return 1 if differ or logged or len(ours["replies"]) != len(theirs["replies"]) else 0


if __name__ == "__main__":
    sys.exit(main())
