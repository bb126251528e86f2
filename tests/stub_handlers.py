"""Small handlers for testing the webhook and router on their own, apart from the features."""
from __future__ import annotations

import asyncio

from bot.core.messages import Reply
from handlers.base import Handler


class EchoQA(Handler):
    """Stands in for the Q&A handler: echoes, or sleeps first when asked ("slow 0.5 text")."""

    name = "qa"

    def __init__(self):
        self.calls: list[str] = []

    async def handle(self, ctx, msg):
        self.calls.append(msg.text)
        if msg.text.startswith("slow "):
            _, seconds, rest = msg.text.split(" ", 2)
            await asyncio.sleep(float(seconds))
            return Reply(f"echo:{rest}")
        if msg.text.startswith("long "):
            return Reply("\n".join(f"第{i}行：" + "内容" * 40 for i in range(int(msg.text.split()[1]))))
        if msg.text == "boom":
            raise RuntimeError("handler bug")
        return Reply(f"echo:{msg.text}")


class FlowStub(Handler):
    """A flow with commands, recording what reached it (stands in for sign-up and quiz)."""

    def __init__(self, name: str, commands: dict[str, str], idle_timeout: float | None = None):
        self.name = name
        self.commands = commands
        self.idle_timeout = idle_timeout
        self.seen: list[tuple[str, str]] = []

    async def start(self, ctx, msg, arg):
        self.seen.append(("start", arg))
        ctx.enter(self.name, {"step": 1})
        return Reply(f"{self.name}:started")

    async def other(self, ctx, msg, arg):
        self.seen.append(("other", arg))
        return Reply(f"{self.name}:other:{arg}")

    async def handle(self, ctx, msg):
        self.seen.append(("handle", msg.text))
        if msg.text == "not mine":
            return None
        ctx.session.data["step"] += 1
        return Reply(f"{self.name}:step{ctx.session.data['step']}:{msg.text}")

    async def cancel(self, ctx):
        self.seen.append(("cancel", ""))
        return f"{self.name}:cancelled"

    async def expired(self, ctx):
        return f"{self.name}:expired"
