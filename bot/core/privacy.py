"""Keeping personal data out of logs: short user ids and masking of phone and ID numbers."""
from __future__ import annotations

import hashlib
import re

# 18-digit ID numbers (last may be X), 15-digit old IDs, and mainland mobile numbers, anywhere in a text.
_ID_RE = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)|(?<!\d)(\d{6})\d{6}(\d{3})(?!\d)")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def short_user(openid: str) -> str:
    """A stable, non-reversible short form of an openid for logs and stats."""
    if not openid:
        return "-"
    return "u" + hashlib.sha256(openid.encode()).hexdigest()[:10]


def mask_id_number(value: str) -> str:
    """540124199001011234 -> 540124********1234."""
    v = value.strip()
    if len(v) < 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str) -> str:
    """13800138000 -> 138****8000."""
    v = value.strip()
    if len(v) < 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


# Every number masked below has at least 11 digits in a row: one cheap scan rules most texts out
# (every log line goes through mask_sensitive; the two patterns above cost several times more).
_LONG_NUMBER_RE = re.compile(r"\d{11}")


def mask_sensitive(text: str) -> str:
    """Mask every ID and phone number found in free text (for logs and stored questions)."""
    if not _LONG_NUMBER_RE.search(text):
        return text

    def _id(m: re.Match) -> str:
        return mask_id_number(m.group(0))

    text = _ID_RE.sub(_id, text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)
