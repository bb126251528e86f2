"""Console logins: Argon2 password hashes, session tokens, CSRF tokens and login throttling.

A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure when the request came
over HTTPS, directly or through a proxy that says so); the database keeps only its SHA-256.
Each session has its own CSRF token, which every form posts back. The login form, used before
there is a session, carries a token that must equal a cookie set with the form (double submit).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from aiohttp import web

from bot.storage.accounts import Account, Accounts

SESSION_COOKIE = "fenjin_console"
LOGIN_CSRF_COOKIE = "fenjin_login_csrf"
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown name as slow as one for a real name.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(8))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位 (password must have at least {MIN_PASSWORD} characters)"
    return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def client_address(request: web.Request) -> str:
    return request.remote or "-"


def is_https(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


@dataclass(frozen=True)
class Policy:
    session_hours: float = 12.0        # absolute lifetime of a login
    idle_minutes: float = 120.0        # logged out after this long without a request
    max_failures: int = 5              # failed logins (per name, or per address) ...
    failure_window_minutes: float = 15.0   # ... within this window lock logins ...
    lockout_minutes: float = 15.0      # ... for this long after the last failure

    @classmethod
    def from_settings(cls, settings) -> "Policy":
        admin = settings.section("admin")
        return cls(**{k: type(getattr(cls, k))(admin[k]) for k in cls.__dataclass_fields__ if k in admin})


@dataclass(frozen=True)
class Viewer:
    """The logged-in account of one request."""

    account: Account
    csrf: str
    token_hash: str

    @property
    def name(self) -> str:
        return self.account.name

    @property
    def is_county(self) -> bool:
        return self.account.is_county

    @property
    def township(self) -> str | None:
        return None if self.account.is_county else self.account.township


class Auth:
    def __init__(self, accounts: Accounts, policy: Policy):
        self.accounts = accounts
        self.policy = policy

    async def locked_for(self, name: str, address: str, now: datetime) -> float:
        """Seconds until this name/address may try again (0: it may)."""
        p = self.policy
        failures, last = await self.accounts.failures_since(
            name, address, now - timedelta(minutes=max(p.failure_window_minutes, p.lockout_minutes)))
        if failures < p.max_failures or last is None:
            return 0.0
        return max(0.0, (last + timedelta(minutes=p.lockout_minutes) - now).total_seconds())

    async def login(self, name: str, password: str, address: str, now: datetime) -> Account | None:
        account = await self.accounts.by_name(name)
        ok = verify_password(account.password_hash if account else _DUMMY_HASH, password)
        ok = ok and account is not None and not account.disabled
        await self.accounts.record_attempt(name, address, ok, now)
        return account if ok else None

    async def open_session(self, account: Account, now: datetime) -> tuple[str, str]:
        """(cookie token, csrf token) of a new session."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        await self.accounts.open_session(token_hash(token), account.id, csrf, now,
                                         now + timedelta(hours=self.policy.session_hours))
        return token, csrf

    async def viewer(self, request: web.Request, now: datetime) -> Viewer | None:
        token = request.cookies.get(SESSION_COOKIE, "")
        if not token:
            return None
        key = token_hash(token)
        found = await self.accounts.session(key)
        if found is None:
            return None
        account, csrf, expires_at, last_seen = found
        if account.disabled or now >= expires_at or now - last_seen > timedelta(minutes=self.policy.idle_minutes):
            await self.accounts.close_session(key)
            return None
        if now - last_seen > timedelta(minutes=1):       # one write a minute at most per session
            await self.accounts.touch_session(key, now)
        return Viewer(account, csrf, key)

    def set_session_cookie(self, request: web.Request, response: web.StreamResponse, token: str) -> None:
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True, samesite="Lax",
                            secure=is_https(request), max_age=int(self.policy.session_hours * 3600))
