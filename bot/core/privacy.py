"""Keeping personal data out of logs: short user ids and masking of phone and ID numbers."""
from __future__ import annotations

import hashlib
import re

from bot.core.memory import recent_cache
from bot.core.numerals import CN_DIGITS

# 18-digit ID numbers (last may be X) and 15-digit old IDs, anywhere in a text.
_ID_RE = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)|(?<!\d)(\d{6})\d{6}(\d{3})(?!\d)")
_LONG_DIGITS_RE = re.compile(r"\d{15}")                # an ID number is 15 or 18 digits


@recent_cache(8192)       # every message's log line names its user: the recent ones hashed once (forgotten by time)
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


# A mobile number as people write or speak it: inside a longer digit run (+86, 0086), split by
# spaces or dashes (139 0895 1234), or in spoken digits that speech input writes as characters
# (幺三九，零八九五，一二三四). Over-masking a log line is harmless; a number in clear is not.
_SPOKEN_DIGITS = "".join(CN_DIGITS)
_SPOKEN_TO_ASCII = str.maketrans({ch: str(n) for ch, n in CN_DIGITS.items()})
_SEP = r"[ \t\-,，、]?"
_LOOSE_PHONE_RE = re.compile(rf"(1{_SEP}[3-9]{_SEP}\d)((?:{_SEP}\d){{4}})((?:{_SEP}\d){{4}})(?!\d)")
_SPOKEN_RUN_RE = re.compile(rf"[{_SPOKEN_DIGITS}](?:{_SEP}[{_SPOKEN_DIGITS}]){{10,}}")
# A cheap first scan: spoken digits are rare, and JSON log lines are mostly ASCII.
_MAYBE_SPOKEN_RE = re.compile(rf"[{_SPOKEN_DIGITS}]{{3}}")


def _mask_spoken(m: re.Match) -> str:
    digits = m.group(0).translate(_SPOKEN_TO_ASCII)
    digits = "".join(c for c in digits if c.isdigit())
    return mask_phone(digits) if len(digits) >= 11 else m.group(0)


# ASCII text with no 11 digits in a row, once the separators a phone number may have are taken
# out, holds neither an ID (15+ digits in a row) nor a phone number (11, a separator at most
# between two): told in one pass of bytes.translate, a quarter of the regular expressions' time.
_ALL_DIGITS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_ASCII_SEPARATORS = b" \t-,"


def mask_sensitive(text: str) -> str:
    """Mask every ID and phone number found in free text (for logs and stored questions).
    Every log line goes through here."""
    if text.isascii() and b"0" * 11 not in text.encode().translate(_ALL_DIGITS_ZERO, _ASCII_SEPARATORS):
        return text
    return _mask(text)


def _mask(text: str) -> str:
    if _LONG_DIGITS_RE.search(text):
        text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _LOOSE_PHONE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    if not text.isascii() and _MAYBE_SPOKEN_RE.search(text):
        text = _SPOKEN_RUN_RE.sub(_mask_spoken, text)
    return text
