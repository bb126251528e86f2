"""The few outgoing WeChat API calls the bot makes, async on aiohttp.

wechatpy's client is synchronous and would block the event loop, so this small client covers
what we need: the stable access token, customer-service text messages (late replies) and the
custom menu. Logs never carry message text, secrets or access tokens; users appear only as
bot.core.privacy.short_user(openid).

With several workers the access token is shared through Redis (``shared``): one worker fetches it
under a short Redis lock and publishes it, the others take it from there, so they never invalidate
each other's tokens by fetching in turn. While Redis is down each worker keeps its own.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Callable

import aiohttp

from bot.core.health import Unavailable
from bot.core.privacy import short_user
from bot.storage.redisconn import RedisConn

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0        # seconds, whole request
REFRESH_MARGIN = 300.0       # fetch a new token this long before the old one expires

# WeChat errcodes we act on.
TOKEN_REJECTED = frozenset({40001, 40014, 42001})   # invalid credential / invalid token / token expired
SYSTEM_BUSY = -1
USER_UNREACHABLE = 45015     # the user has not written to us in the last 48 hours
USER_QUOTA = 45047           # too many customer-service messages to this user since their last message
API_UNAUTHORIZED = 48001     # e.g. an unverified subscription account has no customer-service API
# Ours, not WeChat's: no usable answer (connection failed, timed out, not JSON).
NETWORK_ERROR = -1000

# A failed send that may go through if tried again later (the others need the user to write first).
_RETRY_ERRCODES = frozenset({SYSTEM_BUSY, USER_QUOTA, API_UNAUTHORIZED, NETWORK_ERROR})
SHARED_LOCK_SECONDS = 10.0    # one worker fetches the shared token; the others wait this long at most


class WeChatAPIError(Exception):
    """A WeChat API call failed: WeChat's errcode/errmsg, or NETWORK_ERROR with what went wrong."""

    def __init__(self, api: str, errcode: int, errmsg: str) -> None:
        self.api = api
        self.errcode = errcode
        self.errmsg = errmsg
        super().__init__(f"WeChat {api} failed: errcode={errcode} errmsg={errmsg}")


@dataclass(frozen=True)
class SendResult:
    """The outcome of send_text.

    reason: "sent", "unreachable" (outside the 48-hour window), "retry_later" (the count is used up,
    or a passing failure) or "failed".
    keep: the text should be kept and handed out with the user's next message -- true for every
    failure, so a late reply is never lost.
    """

    ok: bool
    errcode: int = 0
    keep: bool = False
    reason: str = "sent"


class WeChatAPI:
    def __init__(
        self,
        base_url: str,
        appid: str,
        secret: str,
        *,
        session: aiohttp.ClientSession | None = None,
        clock: Callable[[], float] = time.monotonic,
        timeout: float = DEFAULT_TIMEOUT,
        shared: RedisConn | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.appid = appid
        self._secret = secret
        self._session = session
        self._own_session = session is None
        self._clock = clock
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._refresh_at = 0.0       # clock time after which we fetch a new token
        self._expires_at = 0.0       # clock time at which WeChat stops accepting it
        self._shared = shared

    # ---- access token -------------------------------------------------------------------

    async def access_token(self, force: bool = False) -> str:
        """A valid access token: cached, fetched ahead of expiry, one fetch for any number of callers."""
        if not force and self._fresh():
            return self._token  # type: ignore[return-value]
        async with self._lock:
            if not force and self._fresh():
                return self._token  # type: ignore[return-value]
            if not force and await self._adopt_shared(avoid=None):
                return self._token  # type: ignore[return-value]
            try:
                return await self._fetch_token(force)
            except WeChatAPIError as exc:
                # Inside the refresh margin the old token still works: use it rather than fail.
                if not force and self._token and self._clock() < self._expires_at:
                    log.warning("access token refresh failed (errcode %s), using the current one", exc.errcode)
                    return self._token
                raise

    async def _renew(self, rejected: str) -> str:
        """A new token after WeChat rejected `rejected`. Concurrent callers share one forced refresh
        (a forced refresh invalidates the previous token, so doing it twice would reject the first)."""
        async with self._lock:
            if self._token and self._token != rejected and self._fresh():
                return self._token
            if await self._adopt_shared(avoid=rejected):      # another worker renewed it already
                return self._token  # type: ignore[return-value]
            return await self._fetch_token(force=True, avoid=rejected)

    def _fresh(self) -> bool:
        return self._token is not None and self._clock() < self._refresh_at

    async def _fetch_token(self, force: bool, avoid: str | None = None) -> str:
        """The one place a token is fetched. Call with self._lock held. With Redis, one worker at a
        time fetches: the others wait for the token it publishes (``avoid``: not this one)."""
        if self._shared is None:
            return await self._fetch_here(force)
        owner = f"{id(self)}:{self._clock()}"
        lock = self._shared.key("wxtoken-lock", self.appid)
        try:
            mine = await self._shared("set", lock, owner, nx=True, px=int(SHARED_LOCK_SECONDS * 1000))
        except Unavailable:
            return await self._fetch_here(force)
        if not mine:
            waited = 0.0
            while waited < SHARED_LOCK_SECONDS:
                await asyncio.sleep(0.05)
                waited += 0.05
                if await self._adopt_shared(avoid=avoid or (self._token if force else None)):
                    return self._token  # type: ignore[return-value]
            return await self._fetch_here(force)        # the other worker is gone: fetch it ourselves
        try:
            if not force and await self._adopt_shared(avoid=avoid):    # published while we asked
                return self._token  # type: ignore[return-value]
            token = await self._fetch_here(force)
            lifetime = max(self._expires_at - self._clock(), 0.001)
            value = json.dumps({"token": token, "margin": self._expires_at - self._refresh_at})
            try:
                await self._shared("set", self._shared.key("wxtoken", self.appid), value, px=int(lifetime * 1000))
            except Unavailable:
                pass
            return token
        finally:
            try:
                if await self._shared("get", lock) == owner:
                    await self._shared("delete", lock)
            except Unavailable:
                pass                # it expires by itself

    async def _adopt_shared(self, avoid: str | None) -> bool:
        """Take the token another worker published (not ``avoid``) if it is still fresh."""
        if self._shared is None:
            return False
        key = self._shared.key("wxtoken", self.appid)

        async def read() -> list:
            async with self._shared.client.pipeline(transaction=False) as pipe:
                pipe.get(key)
                pipe.pttl(key)
                return await pipe.execute()
        try:
            raw, pttl = await self._shared.run(read)
        except Unavailable:
            return False
        try:
            data = json.loads(raw) if raw else None
            token, margin = str(data["token"]), float(data["margin"])
        except (TypeError, ValueError, KeyError):
            return False
        if not pttl or pttl <= 0 or token == avoid or pttl / 1000 <= margin:
            return False
        now = self._clock()
        self._token = token
        self._expires_at = now + pttl / 1000
        self._refresh_at = self._expires_at - margin
        return True

    async def _fetch_here(self, force: bool) -> str:
        """Ask WeChat for the token and cache it in this process."""
        payload = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self._secret,
            "force_refresh": force,
        }
        data = await self._post("stable_token", "/cgi-bin/stable_token", payload)
        token = data.get("access_token")
        try:
            expires_in = float(data.get("expires_in", 0))
        except (TypeError, ValueError):
            expires_in = 0.0
        if not token or expires_in <= 0:
            raise WeChatAPIError("stable_token", _errcode(data) or SYSTEM_BUSY, str(data.get("errmsg", "no token")))
        now = self._clock()
        self._token = str(token)
        self._expires_at = now + expires_in
        self._refresh_at = now + expires_in - min(REFRESH_MARGIN, expires_in / 2)
        log.info("access token %s (valid %ds)", "force-refreshed" if force else "fetched", int(expires_in))
        return self._token

    # ---- calls --------------------------------------------------------------------------

    async def send_text(self, openid: str, text: str) -> SendResult:
        """Send a customer-service text message. Never raises; see SendResult."""
        payload = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        try:
            data = await self._call_with_token("message/custom/send", "/cgi-bin/message/custom/send", payload)
            errcode, errmsg = _errcode(data), str(data.get("errmsg", ""))
        except WeChatAPIError as exc:
            errcode, errmsg = exc.errcode, exc.errmsg
        except Exception:  # a bug here must not take down the reply path
            log.exception("custom send to %s: unexpected error", short_user(openid))
            return SendResult(ok=False, errcode=NETWORK_ERROR, keep=True, reason="retry_later")
        return _send_result(short_user(openid), errcode, errmsg)

    async def create_menu(self, menu: dict) -> None:
        """Replace the account's custom menu. Raises WeChatAPIError on failure."""
        data = await self._call_with_token("menu/create", "/cgi-bin/menu/create", menu)
        errcode = _errcode(data)
        if errcode != 0:
            raise WeChatAPIError("menu/create", errcode, str(data.get("errmsg", "")))

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
        self._session = None

    # ---- plumbing -----------------------------------------------------------------------

    async def _call_with_token(self, api: str, path: str, payload: dict) -> dict:
        """POST with the access token; if WeChat rejects the token, renew it once and retry once."""
        token = await self.access_token()
        data = await self._post(api, path, payload, token)
        if _errcode(data) in TOKEN_REJECTED:
            log.warning("%s: access token rejected (errcode %s), renewing", api, _errcode(data))
            token = await self._renew(token)
            data = await self._post(api, path, payload, token)
        return data

    async def _post(self, api: str, path: str, payload: dict, token: str | None = None) -> dict:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        params = {"access_token": token} if token else None
        session = self._get_session()
        try:
            async with session.post(
                self.base_url + path,
                params=params,
                data=body,
                headers={"Content-Type": "application/json; charset=utf-8"},
                timeout=self._timeout,
            ) as resp:
                status = resp.status
                raw = await resp.read()
        except asyncio.TimeoutError:
            raise WeChatAPIError(api, NETWORK_ERROR, "timed out") from None
        except aiohttp.ClientError as exc:
            # Only the class name: aiohttp messages may contain the URL, and with it the token.
            raise WeChatAPIError(api, NETWORK_ERROR, type(exc).__name__) from None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise WeChatAPIError(api, NETWORK_ERROR, f"HTTP {status}, answer is not a JSON object")
        return data

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        return self._session


def _errcode(data: dict) -> int:
    try:
        return int(data.get("errcode", 0) or 0)
    except (TypeError, ValueError):
        return SYSTEM_BUSY


def _send_result(who: str, errcode: int, errmsg: str) -> SendResult:
    if errcode == 0:
        return SendResult(ok=True)
    if errcode == USER_UNREACHABLE:
        log.info("custom send to %s: user outside the 48-hour window (45015), keeping it for their next message",
                 who)
        return SendResult(ok=False, errcode=errcode, keep=True, reason="unreachable")
    if errcode in _RETRY_ERRCODES:
        log.warning("custom send to %s: not sent (errcode %s %s), keeping it for the user's next message",
                    who, errcode, errmsg)
        return SendResult(ok=False, errcode=errcode, keep=True, reason="retry_later")
    log.warning("custom send to %s failed: errcode %s %s; keeping it for the user's next message",
                who, errcode, errmsg)
    return SendResult(ok=False, errcode=errcode, keep=True, reason="failed")
