"""The text toolkit (knowledge.text, knowledge.catalogue) as the sign-up form uses it, loaded on
first use.

Storage and the export read the slot table -- its columns and export cells -- and a process that
only stores or exports (a script, a worker, benchmarks/export.py) never asks a question. The
toolkit brings OpenCC's converter and rapidfuzz, about 7 MB, which is all of the export's memory
headroom; so, as the stated reason for imports inside functions, they are imported here when a
question first needs them (later calls find the module already loaded). The reply word lists
(knowledge.words) are plain sets and are imported directly.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.catalogue import Catalogue, Event


def word(text: str) -> str:
    """``text`` reduced for comparing with a word list (knowledge.text.strip_punct): NFKC,
    simplified characters, lower case, no spaces or punctuation (「同 意！」 is 同意)."""
    from knowledge.text import strip_punct

    return strip_punct(text)


def tidy(text: str) -> str:
    """NFKC, inner spaces collapsed, trimmed of spaces and edge punctuation (knowledge.text.tidy)."""
    from knowledge.text import tidy as tidied

    return tidied(text)


def choice_number(text: str) -> int | None:
    """The number picked from a numbered list ('3', '第三项', '选 3'), else None."""
    from knowledge.text import choice_number as picked

    return picked(text)


def cn_number(text: str) -> int | None:
    """'3' / '三' / '二十五' -> int, else None."""
    from knowledge.text import cn_number as number

    return number(text)


def spoken_digits(text: str) -> str | None:
    """'幺三九，零八九五' -> '1390895' (digits said or typed in groups), else None."""
    from knowledge.text import spoken_digits as digits

    return digits(text)


def vague_number(text: str) -> bool:
    """十几, 二十多, 30来: a rough number."""
    from knowledge.text import vague_number as vague

    return vague(text)


def events_named(catalogue: Catalogue, text: str) -> list[Event]:
    """The events a short answer names: one (跑马), or every one a generic word names (演讲)."""
    from knowledge.contest import desk_for

    return desk_for(catalogue).events_named(text)


def mode_label(mode: str) -> str:
    """个人赛 / 团体赛 for an event's mode."""
    from knowledge.catalogue import MODE_LABEL

    return MODE_LABEL[mode]
