"""Text primitives every module shares (no pinyin here: this module loads fast).

One name per operation -- the text toolkit is this module, :mod:`knowledge.normalize` (the
query normalisation and pinyin), :mod:`knowledge.find` (picking one of a few named options)
and :mod:`knowledge.words` (the reply words: yes/no, agree, skip):

* :func:`fold` -- NFKC (full-width -> half-width), traditional -> simplified (one OpenCC
  instance for the whole bot), lower case; nothing removed;
* :func:`strip_punct` -- ``fold``, then only letters and digits kept (and Tibetan vowel signs);
  with ``figures=True`` also ``%`` and a decimal point between digits, which change a figure.
  What names, codes and command words are compared by;
* :func:`tidy` -- a reply as typed, for validating and quoting it: NFKC, invisible characters
  dropped, spaces collapsed, trimmed of spaces and of punctuation at either end (no folding,
  inner punctuation kept);
* :func:`is_han` / :data:`HAN_CLASS` -- the one definition of a Chinese character;
* :func:`cn_to_int`, :func:`cn_number`, :func:`int_to_cn`, :func:`bo_number` -- numerals
  (三十三 <-> 33, and Tibetan number words);
* :func:`choice_number` -- the number someone picked from a numbered list (3, 第三个, 选3);
* :func:`spoken_digits` -- a digit string said or typed in pieces (幺三九，零八九五 -> 1390895);
  :func:`vague_number` -- 十几, 二十多, 三十来: a number that is no answer to "how many";
* :func:`is_question` / :func:`plain_reply` -- a message that asks rather than answers, and a reply
  without its soft particles and frame (「那算了吧」 -> 算了);
* :func:`fill_placeholders` -- ``{events}`` in a YAML text replaced by its value;
* :func:`scalar_text` -- a YAML scalar as text (33 -> "33"), None for empty or non-text values.

(``knowledge.normalize.normalize_query`` is the matcher's full normalisation: ``strip_punct``
per clause plus numerals, fillers and synonyms; ``knowledge.quizbank.normalize_answer`` reads
check marks as 对/错 before ``strip_punct``.)
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import opencc

from bot.core.numerals import CN_DIGITS
from bot.core.quoting import visible
from knowledge.words import QUESTION_ENDINGS, QUESTION_WORDS, SOFT_ENDINGS

_T2S = opencc.OpenCC("t2s")

# --------------------------------------------------------------------------- scripts

# CJK Unified Ideographs, Extension A, compatibility ideographs, Extensions B-H.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF))
HAN_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES)   # for a regex character class
_HAN_RE = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """True for a Chinese character (any CJK ideograph block)."""
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF:                # the common block first: this runs per character
        return True
    return o >= 0x3400 and any(lo <= o <= hi for lo, hi in HAN_RANGES)


def has_han(text: str) -> bool:
    return _HAN_RE.search(text) is not None


def is_tibetan(ch: str) -> bool:
    return 0x0F00 <= ord(ch) <= 0x0FFF


# --------------------------------------------------------------------------- folding

# A message's text is folded by several readers in turn (command words, the scope guard, the
# matcher's parts), and the knowledge base's answers question after question: each once.
@functools.lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """NFKC, traditional -> simplified, lower case. Nothing is removed."""
    text = unicodedata.normalize("NFKC", text or "")
    return _T2S.convert(text).lower() if text else ""


def _keep(ch: str) -> bool:
    """Characters that carry meaning: letters (any script), digits, Tibetan vowel signs."""
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or (cat[0] == "M" and is_tibetan(ch))


def strip_punct(text: str, figures: bool = False) -> str:
    """:func:`fold`, then only letters and digits kept (spaces, punctuation, symbols, emoji and
    variation selectors go). ``figures``: keep ``%`` and a decimal point between two digits too,
    so 1.7万 is not 17万 and 50% is not 50."""
    if not figures:
        return _strip_short(text) if text and len(text) <= CACHED_STRIP_CHARS else _strip(text)
    text = fold(text)
    if "." not in text:                      # the common case: a decision per character, made in C
        return text.translate(_FIGURES)
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if _keep(ch) or ch == "%" or (ch == "." and 0 < i < last and text[i - 1].isdigit()
                                      and text[i + 1].isdigit()):
            out.append(ch)
    return "".join(out)


class _KeepTable(dict):
    """str.translate table: a character strip_punct keeps maps to itself, another to None
    (dropped). Filled as characters are first seen (at most MAX entries), so that translate
    decides each character with a dict lookup in C instead of a Python call."""

    MAX = 1 << 16

    def __init__(self, extra: str = ""):
        super().__init__()
        self.extra = frozenset(extra)

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        value = code if _keep(ch) or ch in self.extra else None
        if len(self) < self.MAX:
            self[code] = value
        return value


_FIGURES = _KeepTable("%")                     # figures=True without a decimal point
_LETTERS = _KeepTable()                        # figures=False


# Every message is reduced a few times (command words, number picks) and most are short and
# often the same (menu digits, 报名, popular questions): remember the recent short ones.
CACHED_STRIP_CHARS = 64


@functools.lru_cache(maxsize=4096)
def _strip_short(text: str) -> str:
    return _strip(text)


def _strip(text: str) -> str:
    return fold(text).translate(_LETTERS)


# Voice input (WeChat's Recognition) ends sentences with punctuation: "扎西。" "13800138000。"
_EDGE_PUNCT = "。，、；：！？.,;:!?\"'“”‘’~～…"
_SPACES_RE = re.compile(r"\s+")


def tidy(text: str) -> str:
    """NFKC (full-width digits and letters to half-width), invisible characters dropped (bidi
    overrides, zero-width joiners, BOMs, other control and format characters), inner spaces
    collapsed, trimmed of spaces and of punctuation at either end. Case, script and inner
    punctuation are kept."""
    s = _SPACES_RE.sub(" ", visible(unicodedata.normalize("NFKC", text or ""))).strip()
    return s.strip(_EDGE_PUNCT).strip()


# --------------------------------------------------------------------------- numerals

CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)


def cn_to_int(s: str, *, digit_by_digit: bool = True, max_unit: int = 1000) -> int | None:
    """三十三 -> 33, 十五 -> 15, 两千 -> 2000; None when ``s`` is not a number.

    A run of bare digits (二〇二五) is read digit by digit (2025) when ``digit_by_digit``, else it
    is no number (三五). Units above ``max_unit`` (百 when it is 10) make it no number either."""
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        if not digit_by_digit:
            return None
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total, digit, last_unit = 0, None, 10_000
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS and CN_UNITS[ch] <= max_unit:
            unit = CN_UNITS[ch]
            if unit >= last_unit:            # 千千, 十百: not a number
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def cn_number(s: str) -> int | None:
    """'3' / '三' / '十二' / '二十' / '三十三' -> int; None if not a number. Chinese numerals go up
    to 99 (十 is the only unit) and are never read digit by digit (三五 is no number)."""
    if s.isdecimal():
        # No count anyone means has more digits (and int() refuses over 4,300 of them).
        return int(s) if len(s) <= 18 else None
    return cn_to_int(s, digit_by_digit=False, max_unit=10)


_DIGIT_READ = "零一二三四五六七八九"


def int_to_cn(digits: str) -> str:
    """Reading of a digit run: 33 -> 三十三, 7 -> 七, 2025 -> 二零二五 (long runs digit by digit)."""
    if len(digits) > 4 or digits.startswith("0") and len(digits) > 1:
        return "".join(_DIGIT_READ[int(d)] for d in digits)
    n = int(digits)               # at most 4 digits here (int() refuses over 4,300)
    if n == 0:
        return "零"
    out = []
    units = ["千", "百", "十", ""]
    s = f"{n:04d}"
    zero = False
    for d, unit in zip(s, units):
        if d == "0":
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGIT_READ[int(d)] + unit)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


# Tibetan number words: units, the teens, the round tens, and the short joining syllable of each
# ten (སོ་གསུམ is 33, short for སུམ་ཅུ་སོ་གསུམ, as people say and write it in the answers).
_BO_UNITS = ("", "གཅིག", "གཉིས", "གསུམ", "བཞི", "ལྔ", "དྲུག", "བདུན", "བརྒྱད", "དགུ")
_BO_TEENS = ("བཅུ", "བཅུ་གཅིག", "བཅུ་གཉིས", "བཅུ་གསུམ", "བཅུ་བཞི", "བཅོ་ལྔ", "བཅུ་དྲུག", "བཅུ་བདུན",
             "བཅོ་བརྒྱད", "བཅུ་དགུ")
_BO_TENS = ("", "", "ཉི་ཤུ", "སུམ་ཅུ", "བཞི་བཅུ", "ལྔ་བཅུ", "དྲུག་ཅུ", "བདུན་ཅུ", "བརྒྱད་ཅུ", "དགུ་བཅུ")
_BO_JOIN = ("", "", "ཉེར", "སོ", "ཞེ", "ང", "རེ", "དོན", "གྱ", "གོ")
_BO_DIGITS = "༠༡༢༣༤༥༦༧༨༩"


def bo_number(n: int) -> str:
    """A count in Tibetan words: 7 -> བདུན, 33 -> སོ་གསུམ, 20 -> ཉི་ཤུ; 0 and 100 or more in Tibetan
    digits (༡༠༠)."""
    if not 0 < n < 100:
        return "".join(_BO_DIGITS[int(d)] for d in str(n))
    tens, unit = divmod(n, 10)
    if tens == 0:
        return _BO_UNITS[unit]
    if tens == 1:
        return _BO_TEENS[unit]
    return _BO_TENS[tens] if unit == 0 else f"{_BO_JOIN[tens]}་{_BO_UNITS[unit]}"


_PICK_RE = re.compile(
    r"^(?:我|选择|选|要|报|第|看)*([0-9]{1,3}|[零〇一幺二两俩三四五六七八九十]{1,3})"
    r"(?:个项目|项目|大类|个|项|号|类|条|题)?(?:吧|的)?$")


def choice_number(text: str) -> int | None:
    """The number someone picked from a numbered list: '3', '３', '第3个', '第三项', '三', '选 3',
    '3号', '我选第三个', '3。'. None when the text is not a pick ('报名', '12项比赛', '1990年')."""
    m = _PICK_RE.match(strip_punct(text))
    return cn_number(m.group(1)) if m else None


# Digits as said one by one: 幺 (the 1 of phone numbers), 两, 〇 too. Separators people put between
# groups when speaking or typing (幺三九，零八九五，一二三四 / 139 0895-1234).
_SPOKEN_DIGITS = {ch: str(n) for ch, n in CN_DIGITS.items() if ch != "俩"}
_DIGIT_GROUP_SEPARATORS = re.compile(r"[\s,，、.。;；:：\-—_/·]+")


def spoken_digits(text: str) -> str | None:
    """A run of digits as typed or said digit by digit, Chinese digits to Arabic and the separators
    between groups dropped (「幺三九，零八九五，一二三四」 -> 13908951234); None when anything else
    is in it (a unit such as 十 or 百, a letter, a word)."""
    s = _DIGIT_GROUP_SEPARATORS.sub("", unicodedata.normalize("NFKC", visible(text or "")))
    if not s:
        return None
    out = "".join(ch if "0" <= ch <= "9" else _SPOKEN_DIGITS.get(ch, "?") for ch in s)
    return out if "?" not in out else None


_VAGUE_RE = re.compile(r"^(?:[0-9]+|[零一二两三四五六七八九十百]+)(?:几|多|来|左右|上下|出头)"
                       r"|^几(?:十|百)|^[一二三四五六七八九][一二三四五六七八九]十")


def vague_number(text: str) -> bool:
    """十几, 二十多, 30来, 四十左右, 几十, 三四十: a rough number, not one a form can take."""
    return _VAGUE_RE.match(strip_punct(text)) is not None


# --------------------------------------------------------------------------- questions

_QUESTION_PUNCT = "?？"
_A_NOT_A_RE = re.compile(r"(.{1,2})[不没]\1")            # 报不报, 收费不收费, 有没有
_JI_RE = re.compile(f"(?<![0-9{CN_NUMERAL_CHARS}])几(?![0-9{CN_NUMERAL_CHARS}])")   # 几个, not 十几
_FRAME_PREFIXES = ("那就", "那我", "还是", "那", "哎", "唉", "嗯", "我")


def plain_reply(text: str) -> str:
    """A reply reduced for comparing with a word list: :func:`strip_punct`, then soft particles at
    the end (吧, 呢, 啊…) and a frame at the start (那, 还是, 我…) dropped -- 「那算了吧」 is 算了,
    「我不报了啊」 is 不报了. Nothing is dropped that would leave it empty."""
    s = strip_punct(text)
    changed = True
    while changed:
        changed = False
        for end in SOFT_ENDINGS:
            if s.endswith(end) and len(s) > len(end):
                s, changed = s[: -len(end)], True
        for start in _FRAME_PREFIXES:
            if s.startswith(start) and len(s) > len(start) + 1:
                s, changed = s[len(start):], True
    return s


def is_question(text: str) -> bool:
    """The message asks something (奖品有啥, 射箭要自己带弓吗, 能不能报两个, 几岁能报) rather than
    giving a value: an interrogative word, an A不A form, 吗 at the end, or a question mark after
    more than a name (「射箭？」 and 「射箭呢」 are the event said unsure, 「13800138000？」 the phone)."""
    body = plain_reply(text)
    if not body:
        return False
    if any(w in body for w in QUESTION_WORDS) or _JI_RE.search(body) or _A_NOT_A_RE.search(body):
        return True
    if body.endswith(QUESTION_ENDINGS) and len(body) > 1:
        return True
    asked = (text or "").rstrip().endswith(tuple(_QUESTION_PUNCT))
    return asked and len(body) > 6 and has_han(body)


# --------------------------------------------------------------------------- YAML texts

PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z_]*)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """``text`` with each ``{name}`` that ``values`` knows replaced by its value, and the names it
    does not know (left as they are). Other braces are plain text."""
    missing: list[str] = []

    def repl(m: re.Match) -> str:
        value = values.get(m.group(1))
        if value is None:
            missing.append(m.group(1))
            return m.group(0)
        return value
    return PLACEHOLDER_RE.sub(repl, text), missing


def scalar_text(value: Any) -> str | None:
    """A YAML scalar people write as text (33, 2027, 1.5) as stripped text; None for a missing,
    empty, boolean or non-scalar (list / mapping) value."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None
