"""The contract between the router and the conversation handlers.

A handler is a small state machine for one conversation (Q&A, sign-up, quiz).
It gets a plain Message and a Context, returns a Reply, and keeps whatever it
needs between messages in ``ctx.session.data`` (JSON-serialisable only: the
session lives in memory or in Redis).
"""
from __future__ import annotations

from bot.core.messages import Message, Reply
from bot.core.session import Context


class Handler:
    """Base class. ``commands`` maps a global command word to the method it calls.

    Command methods and ``handle`` have the signature ``(ctx, msg, arg) -> Reply``
    where ``arg`` is the text after the command word (e.g. the N of 「取消报名 N」).
    """

    name: str = ""
    commands: dict[str, str] = {}
    # Command words that also take a name after them (「报名 赛马」) -> the method called with that name.
    # It returns None when the text names nothing it knows: the router then routes the message as usual.
    named_commands: dict[str, str] = {}
    idle_timeout: float | None = None    # seconds; None = the router's default
    # A transient flow (Q&A's numbered choices) is no unfinished operation: 菜单 simply drops it.
    transient: bool = False

    async def handle(self, ctx: Context, msg: Message) -> Reply | None:
        """A message that arrived while ``ctx.session.flow == self.name``.

        Return None for "not mine": the router leaves the flow and routes the message as if
        the user were idle (e.g. a question right after a finished sign-up goes to Q&A)."""
        raise NotImplementedError

    async def restore(self, ctx: Context) -> bool:
        """The user's session is new (first message, or state lost in a restart): re-enter the flow
        from a saved draft if there is one (``ctx.enter``) and return True."""
        return False

    async def cancel(self, ctx: Context) -> str:
        """The user said 退出/取消 inside this flow. Return what to tell them; the router leaves the flow."""
        return "已退出。"

    async def expired(self, ctx: Context) -> str:
        """The flow timed out; returned text is prefixed to the next reply ('' for nothing)."""
        return ""

