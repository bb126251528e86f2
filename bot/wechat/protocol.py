"""WeChat's wire format: signatures, AES safe mode, XML in and out.

The only module that knows XML. Everything it returns to the rest of the bot is
a plain ``Message``; everything it takes back is reply text.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from typing import NamedTuple
from xml.parsers import expat
from xml.parsers.expat import ExpatError

from wechatpy.crypto import PrpCrypto
from wechatpy.exceptions import InvalidAppIdException

from bot.core.messages import Message


class ProtocolError(Exception):
    """A request we refuse; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sign(*parts: str) -> str:
    """WeChat's signature: SHA-1 over the sorted, concatenated parts."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def signature_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def cdata(text: str) -> str:
    """Wrap text in CDATA; a literal ']]>' is split across two sections so it cannot close ours."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class Query(NamedTuple):
    """The URL parameters WeChat sends with every callback (a named tuple: a third of a frozen
    dataclass's cost to make, on every callback)."""

    signature: str = ""
    timestamp: str = ""
    nonce: str = ""
    echostr: str = ""
    encrypt_type: str = ""
    msg_signature: str = ""

    @classmethod
    def from_mapping(cls, q) -> "Query":
        get = q.get
        return cls(get("signature", ""), get("timestamp", ""), get("nonce", ""), get("echostr", ""),
                   get("encrypt_type", ""), get("msg_signature", ""))


class Protocol:
    def __init__(self, token: str, appid: str = "", aes_key: str = "", max_skew: float = 0):
        self.max_skew = max_skew     # seconds a callback's timestamp may differ from our clock; 0: no check
        if not token:
            raise ValueError("WeChat token is empty: set WECHAT_TOKEN")
        self.token = token
        self.appid = appid
        self.crypto: PrpCrypto | None = None
        if aes_key:
            try:
                key = base64.b64decode(aes_key + "=")
            except binascii.Error as e:
                raise ValueError("WECHAT_AES_KEY is not valid base64") from e
            if len(key) != 32:
                raise ValueError("WECHAT_AES_KEY must be the 43-character EncodingAESKey")
            if not appid:
                raise ValueError("safe mode needs WECHAT_APPID")
            self.crypto = PrpCrypto(key)

    # -- GET: server verification -------------------------------------------------
    def verify(self, q: Query) -> str:
        if not signature_ok(sign(self.token, q.timestamp, q.nonce), q.signature):
            raise ProtocolError(403, "bad signature")
        return q.echostr

    # -- POST: incoming message ----------------------------------------------------
    def decode(self, body: bytes, q: Query, now: float | None = None) -> tuple[Message, bool]:
        """Check, decrypt and parse a callback. Returns (message, encrypted?)."""
        if not signature_ok(sign(self.token, q.timestamp, q.nonce), q.signature):
            raise ProtocolError(403, "bad signature")
        if self.max_skew:
            # A signed callback replayed later would be a new message once the retry cache forgot it:
            # refuse timestamps too far from our clock (the cache outlives this window).
            try:
                age = abs((time.time() if now is None else now) - int(q.timestamp))
            except ValueError:
                raise ProtocolError(403, "bad timestamp") from None
            if age > self.max_skew:
                raise ProtocolError(403, "stale timestamp")
        encrypted = q.encrypt_type == "aes"
        if not encrypted and (msg := _text_message(body)) is not None:     # most callbacks
            if self.crypto is not None and self.require_encryption:
                raise ProtocolError(400, "plain message in safe mode")
            return msg, False
        fields = _parse_xml(body)
        if encrypted:
            if self.crypto is None:
                raise ProtocolError(400, "encrypted message but no AES key configured")
            ciphertext = fields.get("Encrypt")
            if not isinstance(ciphertext, str) or not ciphertext:
                raise ProtocolError(400, "missing Encrypt")
            if not signature_ok(sign(self.token, q.timestamp, q.nonce, ciphertext), q.msg_signature):
                raise ProtocolError(403, "bad msg_signature")
            try:
                plain = self.crypto.decrypt(ciphertext, self.appid)
            except InvalidAppIdException:
                raise ProtocolError(400, "wrong appid") from None
            except Exception:  # padding, base64, length: all mean a bad ciphertext
                raise ProtocolError(400, "bad ciphertext") from None
            body = plain.encode()
            msg = _text_message(body)
            if msg is not None:
                return msg, True
            fields = _parse_xml(body)
        elif self.crypto is not None and self.require_encryption:
            raise ProtocolError(400, "plain message in safe mode")
        return _to_message(fields), encrypted

    # Safe mode proper: refuse plain messages once an AES key is set (WeChat's
    # "compatible" mode sends both; we do not need it).
    require_encryption = True

    def encode(self, text: str, msg: Message, encrypted: bool, nonce: str,
               timestamp: str | None = None) -> str:
        """Render a text reply to ``msg`` (encrypted and signed when the request was encrypted)."""
        to_user, from_user = msg.user, msg.account
        xml = ("<xml>"
               f"<ToUserName>{cdata(to_user)}</ToUserName>"
               f"<FromUserName>{cdata(from_user)}</FromUserName>"
               f"<CreateTime>{int(time.time())}</CreateTime>"
               "<MsgType><![CDATA[text]]></MsgType>"
               f"<Content>{cdata(text)}</Content>"
               "</xml>")
        if not encrypted:
            return xml
        assert self.crypto is not None
        timestamp = timestamp or str(int(time.time()))
        ciphertext = self.crypto.encrypt(xml, self.appid).decode()
        signature = sign(self.token, timestamp, nonce, ciphertext)
        return ("<xml>"
                f"<Encrypt>{cdata(ciphertext)}</Encrypt>"
                f"<MsgSignature>{cdata(signature)}</MsgSignature>"
                f"<TimeStamp>{timestamp}</TimeStamp>"
                f"<Nonce>{cdata(nonce)}</Nonce>"
                "</xml>")


def _forbid_entities(*_args) -> None:
    raise ValueError("entities are disabled")


def _parse_xml(body: bytes) -> dict:
    """The children of the <xml> root as {tag: text}. A child with attributes or elements of its
    own, or a repeated one, maps to None (read as empty), never to part of its text.

    WeChat's own callbacks take the fast path (:func:`_parse_flat`); anything else is read by expat."""
    fields = _parse_flat(body)
    return fields if fields is not None else _parse_expat(body)


# The shape of every callback WeChat sends: <xml> and flat children, each one CDATA section or
# text without markup (no '<', '&', ']'), nothing else. A CDATA section ends at its first ']]>'.
_FLAT_CHILDREN = re.compile(rb"\s*<([A-Za-z_][A-Za-z0-9_]*)>"
                            rb"(?:<!\[CDATA\[([^\]]*(?:\](?!\]>)[^\]]*)*)\]\]>|([^<&\]]*))</\1>")
_FLAT_DOC = re.compile(rb"<xml>(?:\s*<([A-Za-z_][A-Za-z0-9_]*)>"
                       rb"(?:<!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*\]\]>|[^<&\]]*)</\1>)+\s*</xml>\s*")
# What expat would change or refuse, so only expat reads it: characters XML forbids, and '\r'
# (expat turns line ends into '\n'). U+FFFE and U+FFFF are looked for apart (a class scans fastest).
_NOT_FLAT = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\r]")


def _parse_flat(body: bytes) -> dict | None:
    """What expat makes of a body of WeChat's flat shape, read by regular expressions (a third
    less time than expat and its callbacks); None for any other body. No '&' outside CDATA and
    no DOCTYPE: nothing here can declare or use an entity."""
    if (_NOT_FLAT.search(body) or b"\xef\xbf\xbe" in body or b"\xef\xbf\xbf" in body
            or not _FLAT_DOC.fullmatch(body)):
        return None
    children = _FLAT_CHILDREN.findall(body, 5)
    try:      # one of CDATA and text is empty
        fields: dict[str, str | None] = {name.decode(): (cdata + text).decode() for name, cdata, text in children}
    except UnicodeDecodeError:
        return None
    return fields if len(fields) == len(children) else None     # a repeated child: expat's None


def _parse_expat(body: bytes) -> dict:
    """:func:`_parse_xml` by plain expat with three callbacks: WeChat's XML is flat, and a generic
    XML-to-dict conversion took a tenth of a reply's time. Entity declarations are refused (entity bombs)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.EntityDeclHandler = _forbid_entities
    fields: dict[str, str | None] = {}
    root: list[str] = []
    path: list[str] = []
    plain: list[bool] = []          # per open element: no attributes and no child elements so far
    text: list[str] = []

    def start(name: str, attrs: dict) -> None:
        if plain:
            plain[-1] = False
        elif not root:
            root.append(name)
        path.append(name)
        plain.append(not attrs)
        text.clear()

    def end(name: str) -> None:
        is_plain = plain.pop()
        path.pop()
        if len(path) == 1:          # a child of the root
            fields[name] = "".join(text) if is_plain and name not in fields else None
        text.clear()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(body, True)
    except (ExpatError, ValueError) as e:
        raise ProtocolError(400, f"malformed XML: {e}") from None
    if root != ["xml"] or not fields:
        raise ProtocolError(400, "no <xml> root")
    return fields


# A text message as WeChat lays it out (the elements in this order, CDATA where WeChat puts it,
# blanks between them allowed): read by one expression straight into a Message. The expression
# admits none of what _parse_flat leaves to expat (no '\r' or other control character but tab and
# newline; U+FFFE and U+FFFF are looked for apart). Anything else goes the general way.
_FREE = rb"([^\]\x00-\x08\x0b\x0c\x0e-\x1f\r]*)"          # CDATA text without ']' or a refused byte
_TEXT_MESSAGE = re.compile(rb"<xml>[ \t\n]*<ToUserName><!\[CDATA\[" + _FREE + rb"\]\]></ToUserName>"
                           rb"[ \t\n]*<FromUserName><!\[CDATA\[" + _FREE + rb"\]\]></FromUserName>"
                           rb"[ \t\n]*<CreateTime>([0-9]{1,18})</CreateTime>"
                           rb"[ \t\n]*<MsgType><!\[CDATA\[text\]\]></MsgType>"
                           rb"[ \t\n]*<Content><!\[CDATA\[" + _FREE + rb"\]\]></Content>"
                           rb"[ \t\n]*<MsgId>([0-9]{1,64})</MsgId>[ \t\n]*</xml>[ \t\n]*")


def _text_message(body: bytes) -> Message | None:
    """``_to_message(_parse_xml(body))`` for a text message of WeChat's layout, else None."""
    m = _TEXT_MESSAGE.fullmatch(body)
    if m is None or b"\xef\xbf\xbe" in body or b"\xef\xbf\xbf" in body:
        return None
    try:
        account, user, created, text, msg_id = m.group(1, 2, 3, 4, 5)
        user = user.decode().strip()
        account, text = account.decode().strip(), text.decode().strip()
    except UnicodeDecodeError:
        return None
    if not user:
        return None                   # refused the general way
    # Message(...) with every field given, without a frozen dataclass's setattr per field (a third
    # of reading the message); the property tests hold it equal to the general reader's.
    msg = object.__new__(Message)
    msg.__dict__.update(user=user, kind="text", text=text, event="", event_key="", msg_id=msg_id.decode(),
                        create_time=int(created), account=account)
    return msg


def _text(fields: dict, name: str) -> str:
    value = fields.get(name)
    return value.strip() if isinstance(value, str) else ""


def _to_message(fields: dict) -> Message:
    user = _text(fields, "FromUserName")
    kind = _text(fields, "MsgType").lower()
    if not user or not kind:
        raise ProtocolError(400, "missing FromUserName or MsgType")
    try:
        create_time = int(_text(fields, "CreateTime") or 0)
    except ValueError:
        raise ProtocolError(400, "bad CreateTime") from None
    text = ""
    if kind == "text":
        text = _text(fields, "Content")
    elif kind == "voice":
        text = _text(fields, "Recognition")
    event = _text(fields, "Event").lower() if kind == "event" else ""
    return Message(user=user, account=_text(fields, "ToUserName"), kind=kind if kind in KNOWN_KINDS else "unknown", text=text,
                   event=event, event_key=_text(fields, "EventKey"),
                   msg_id=_text(fields, "MsgId"), create_time=create_time)


KNOWN_KINDS = {"text", "voice", "image", "video", "shortvideo", "location", "link", "event"}
