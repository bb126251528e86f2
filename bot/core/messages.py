"""Plain message and reply objects: all that handlers ever see of WeChat."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """One incoming message or event, already decrypted and parsed.

    kind: text, voice, image, video, shortvideo, location, link, event, unknown.
    text: what the user said (the typed text, or the voice Recognition text).
    event: lower-case event name for kind == "event" (subscribe, unsubscribe, click, scan, view).
    """

    user: str
    kind: str
    text: str = ""
    event: str = ""
    event_key: str = ""
    msg_id: str = ""
    create_time: int = 0
    account: str = ""        # our account's id (ToUserName), echoed back as the reply's sender

    @property
    def dedupe_key(self) -> str:
        # WeChat retries reuse MsgId; events have none, so FromUserName+CreateTime(+event) identifies them.
        # MsgIds are not unique across users: the user is part of the key, so no one gets another's reply.
        if self.msg_id:
            return f"m:{self.user}:{self.msg_id}"
        return f"e:{self.user}:{self.create_time}:{self.event}:{self.event_key}"


@dataclass
class Reply:
    """What a handler answers. An empty text means: send nothing (WeChat gets "success")."""

    text: str = ""
    handler: str = ""          # filled by the router, for the log line
    outcome: str = "ok"        # short label for the log line: ok, fallback, suggest, invalid, ...
    extra: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.text
