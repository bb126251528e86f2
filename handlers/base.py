"""The contract between the router and the conversation handlers.

A handler is a small state machine for one conversation (Q&A, sign-up, quiz).
It gets a plain Message and a Context, returns a Reply, and keeps whatever it
needs between messages in ``ctx.session.data`` (JSON-serialisable only: the
session lives in memory or in Redis).
"""
from __future__ import annotations

from bot.core.messages import Message, Reply
from bot.core.session import Context
from knowledge.text import plain_reply


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
    # Words that end this flow as 退出 does (「不报了」 in a sign-up, 「不答了」 in a quiz), compared
    # after knowledge.text.plain_reply; see ``leaves``.
    leave_words: frozenset[str] = frozenset()

    async def handle(self, ctx: Context, msg: Message) -> Reply | None:
        """A message that arrived while ``ctx.session.flow == self.name``.

        Return None for "not mine": the router leaves the flow and routes the message as if
        the user were idle (e.g. a question right after a finished sign-up goes to Q&A).

        A message that asks something instead of answering the flow's step is an *aside*: the
        reply is :func:`aside` -- what to say when Q&A has no answer, and the step to repeat after
        Q&A's answer; the flow stays where it was."""
        raise NotImplementedError

    def leaves(self, ctx: Context, text: str) -> bool:
        """``text`` ends this flow as 退出 does: the router then calls ``cancel``. A flow whose current
        step gives one of these words a meaning of its own says False there."""
        return bool(self.leave_words) and plain_reply(text) in self.leave_words

    async def brief(self, ctx: Context, msg: Message) -> str | None:
        """A question asked inside another conversation (the router asks the "qa" handler when a flow
        marks its reply as an aside, see Router.answer_aside): a direct answer with nothing to pick
        (no numbered choices, which would clash with the flow's own), changing no state; None when
        there is none."""
        return None

    async def restore(self, ctx: Context) -> str | None:
        """The user's session is new (first message, state lost in a restart, or expired): pick up
        where they left off -- re-enter the flow from a saved draft (``ctx.enter``), or only remind
        them of it -- and return what to say before the reply ('' for nothing); None when there is
        nothing of this flow's to pick up (the next handler is asked)."""
        return None

    # Outcomes of this handler's replies that already speak of what ``restore`` reminded of (「报名」
    # offering the kept draft, 「放弃报名」 dropping it): the router then leaves the reminder out.
    restore_told: frozenset[str] = frozenset()

    async def cancel(self, ctx: Context) -> str:
        """The user said 退出/取消 inside this flow. Return what to tell them; the router leaves the flow."""
        return "已退出。"

    async def expired(self, ctx: Context) -> str:
        """The flow timed out; returned text is prefixed to the next reply ('' for nothing)."""
        return ""


ASIDE = "aside"          # Reply.extra key: the message is (maybe) a question, see aside()
RESUME = "resume"        # Reply.extra key: the flow's step, repeated after the answer


def aside(text: str, resume: str, *, sure: bool = True, outcome: str = "aside") -> Reply:
    """A flow's reply to a message that asks rather than answers: ``text`` is sent when Q&A has no
    direct answer; when it has one, the router sends the answer and then ``resume`` (the step again).
    ``sure``: the message is plainly a question (else the step rejected it and it may be one)."""
    return Reply(text, outcome=outcome, extra={ASIDE: "question" if sure else "maybe", RESUME: resume})
