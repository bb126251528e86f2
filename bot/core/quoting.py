"""Quoting what a user sent back to them safely: a rejection such as 没有找到“…” must not carry
invisible characters that reorder or hide text (bidi overrides and isolates, zero-width joiners
and spaces, byte-order marks, other control and format characters), nor a whole pasted paragraph."""
from __future__ import annotations

import unicodedata

# Control, format, surrogate, private-use and unassigned code points; line/paragraph separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def visible(text: str) -> str:
    """``text`` without invisible characters; tabs, newlines and other spacing become one space."""
    out: list[str] = []
    for ch in text or "":
        category = unicodedata.category(ch)
        if category in _INVISIBLE or category == "Zs" or ch in "\t\n\r\v\f":
            if (category == "Zs" or ch in "\t\n\r\v\f" or category in ("Zl", "Zp")) and out and out[-1] != " ":
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out).strip()


def quote(text: str, limit: int) -> str:
    """:func:`visible`, cut to ``limit`` characters (an ellipsis marks the cut)."""
    s = visible(text)
    return s if len(s) <= limit else s[:limit].rstrip() + "…"
