"""Plays the WeChat server's side of the webhook: builds signed (and encrypted) callbacks
and reads the replies. Used by the terminal chat, the tests and the benchmark, so all
of them go through the real protocol path."""
from __future__ import annotations

import base64
import itertools
import secrets
import time

import xmltodict
from wechatpy.crypto import PrpCrypto

from bot.wechat.protocol import cdata, sign

_msg_ids = itertools.count(int(time.time() * 1000))


class WeChatSimulator:
    def __init__(self, token: str, appid: str = "", aes_key: str = "", account: str = "gh_fenjin"):
        self.token = token
        self.appid = appid
        self.account = account
        self.crypto = PrpCrypto(base64.b64decode(aes_key + "=")) if aes_key else None

    def message_xml(self, user: str, kind: str = "text", *, text: str = "", event: str = "",
                    event_key: str = "", msg_id: str | None = None, create_time: int | None = None,
                    recognition: str | None = None) -> str:
        ct = create_time or int(time.time())
        parts = [f"<ToUserName>{cdata(self.account)}</ToUserName>",
                 f"<FromUserName>{cdata(user)}</FromUserName>",
                 f"<CreateTime>{ct}</CreateTime>",
                 f"<MsgType>{cdata(kind)}</MsgType>"]
        if kind == "event":
            parts.append(f"<Event>{cdata(event)}</Event>")
            if event_key:
                parts.append(f"<EventKey>{cdata(event_key)}</EventKey>")
        else:
            if kind == "text":
                parts.append(f"<Content>{cdata(text)}</Content>")
            elif kind == "voice":
                parts.append("<MediaId><![CDATA[media1]]></MediaId><Format><![CDATA[amr]]></Format>")
                if recognition is not None:
                    parts.append(f"<Recognition>{cdata(recognition)}</Recognition>")
            elif kind == "image":
                parts.append("<PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl>"
                             "<MediaId><![CDATA[media1]]></MediaId>")
            elif kind == "location":
                parts.append("<Location_X>31.1</Location_X><Location_Y>96.0</Location_Y>"
                             "<Scale>15</Scale><Label><![CDATA[洛隆县]]></Label>")
            elif kind == "link":
                parts.append("<Title><![CDATA[t]]></Title><Description><![CDATA[d]]></Description>"
                             "<Url><![CDATA[http://example.invalid/]]></Url>")
            parts.append(f"<MsgId>{msg_id or next(_msg_ids)}</MsgId>")
        return "<xml>" + "".join(parts) + "</xml>"

    def request(self, xml: str, *, encrypt: bool | None = None, timestamp: str | None = None,
                nonce: str | None = None) -> tuple[dict, bytes]:
        """Query parameters and body for one callback, signed as WeChat signs them."""
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or secrets.token_hex(5)
        query = {"signature": sign(self.token, timestamp, nonce), "timestamp": timestamp,
                 "nonce": nonce, "openid": "x"}
        if encrypt is None:
            encrypt = self.crypto is not None
        if not encrypt:
            return query, xml.encode()
        assert self.crypto is not None, "no AES key"
        ciphertext = self.crypto.encrypt(xml, self.appid).decode()
        query.update(encrypt_type="aes", msg_signature=sign(self.token, timestamp, nonce, ciphertext))
        body = f"<xml><ToUserName>{cdata(self.account)}</ToUserName><Encrypt>{cdata(ciphertext)}</Encrypt></xml>"
        return query, body.encode()

    def read_reply(self, body: str) -> str:
        """The text content of a reply ('' for 'success' or an empty body); checks signatures."""
        if body in ("", "success"):
            return ""
        doc = xmltodict.parse(body)["xml"]
        if "Encrypt" in doc:
            assert self.crypto is not None
            expected = sign(self.token, doc["TimeStamp"], doc["Nonce"], doc["Encrypt"])
            if expected != doc["MsgSignature"]:
                raise ValueError("reply signature does not verify")
            doc = xmltodict.parse(self.crypto.decrypt(doc["Encrypt"], self.appid))["xml"]
        return doc.get("Content") or ""
