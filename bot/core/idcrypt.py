"""Encryption of ID numbers at rest: AES-256-GCM for the value, HMAC-SHA256 for duplicate checks.

The key comes only from the environment variable ``ID_NUMBER_KEY`` (base64 of 32 random bytes);
it is never in config.yaml, the repository or a log line. Generate one with::

    python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"

The HMAC key is derived from it (HKDF-SHA256), so one secret serves both uses and the stored
hash reveals nothing without the key. Tokens are ``v1:`` + base64(nonce || ciphertext+tag).
Losing the key makes stored ID numbers unreadable: keep it backed up with the database backups,
but not in the same place.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache
from typing import Any, Mapping


ENV_VAR = "ID_NUMBER_KEY"
_AAD = b"fenjin:id-number:v1"
_PREFIX = "v1:"


class IdKeyError(RuntimeError):
    """ID collection is on but the key is missing or malformed. The message says how to fix it."""


class IdCipher:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise IdKeyError(f"{ENV_VAR} must be base64 of exactly 32 bytes (got {len(key)} bytes)")
        # cryptography is imported when a key is first used, not with this module: its OpenSSL
        # bindings cost about 6 MB of resident memory, which every masked export and every bot that
        # never collects ID numbers (the default) would carry for nothing.
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        self._aead = AESGCM(key)
        self._mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                             info=b"fenjin id-number duplicate-check hmac").derive(key)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "IdCipher":
        """The cipher for the key in the environment. Built once per key value (the HKDF derivation
        and the key check are not repeated for every ID number a user sends)."""
        env = os.environ if env is None else env
        return _cipher_for((env.get(ENV_VAR) or "").strip())

    def encrypt(self, id_number: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, id_number.encode(), _AAD)
        return _PREFIX + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, token: str) -> str:
        if not token.startswith(_PREFIX):
            raise ValueError("unknown ID token version")
        blob = base64.b64decode(token[len(_PREFIX):])
        return self._aead.decrypt(blob[:12], blob[12:], _AAD).decode()

    def hash(self, id_number: str) -> str:
        """Keyed hash for the unique index: the same ID number always gives the same value."""
        return hmac.new(self._mac_key, id_number.upper().encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _cipher_for(raw: str) -> IdCipher:
    if not raw:
        raise IdKeyError(
            f"signup.collect_id_number is on but the environment variable {ENV_VAR} is not set. "
            f"Set it to base64 of 32 random bytes, e.g. the output of: python -c \"import base64, os; "
            f"print(base64.b64encode(os.urandom(32)).decode())\" - or turn ID collection off.")
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise IdKeyError(f"{ENV_VAR} is not valid base64 (expected base64 of 32 random bytes)") from None
    return IdCipher(key)


def flag(value: Any) -> bool:
    """A yes/no setting as written in config.yaml or the environment ("true", "1", "on", true...)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _signup_flag(settings, key: str) -> bool:
    return flag(settings.section("signup").get(key, False)) if settings is not None else False


def collect_id_number(settings) -> bool:
    """Whether the county turned ID-number collection on (config: signup.collect_id_number)."""
    return _signup_flag(settings, "collect_id_number")


def id_number_required(settings) -> bool:
    """Whether an ID number must be given to sign up (config: signup.id_number_required)."""
    return _signup_flag(settings, "id_number_required")


def check_config(settings, env: Mapping[str, str] | None = None) -> IdCipher | None:
    """Call at start-up: refuses (IdKeyError) to run with ID collection on and no usable key.
    The cipher it returns is the one :meth:`IdCipher.from_env` hands out later (cached)."""
    if not collect_id_number(settings):
        return None
    return IdCipher.from_env(env)
