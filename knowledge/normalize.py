"""Text normalisation for matching: one function for the knowledge base and the query alike.

Chinese text goes through :meth:`Normalizer.normalize`:

1. NFKC (full-width letters, digits and punctuation become half-width),
2. traditional -> simplified (OpenCC ``t2s``),
3. lower case, punctuation / symbols / spaces removed,
4. Chinese numerals before a measure word become digits (七大类三十三项 -> 7大类33项),
5. filler phrases cut as whole phrases (请问…, 你好…, …吗/呢/啊/吧 at the end) -- only at
   the edges of the question, so content words such as 什么 / 哪个 survive,
6. domain synonyms mapped to their canonical form (knowledge/synonyms.yaml).

:func:`pinyin_tokens` turns normalised text into toneless, *folded* pinyin syllables
(zh/z, ch/c, sh/s, -ng/-n, l/n, f/h) so voice-input homophones (三个意思 / 三个意识) and
typed pinyin (``bisai xiangmu``) meet the same tokens.

Tibetan text is handled apart: :func:`tibetan_syllables` splits on the tsheg (་).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Sequence

import opencc

_T2S = opencc.OpenCC("t2s")

# --------------------------------------------------------------------------- script classes

def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


def _is_tibetan(ch: str) -> bool:
    return 0x0F00 <= ord(ch) <= 0x0FFF


def is_tibetan_text(text: str) -> bool:
    """True when most letters of ``text`` are Tibetan script."""
    tib = other = 0
    for ch in text:
        if _is_tibetan(ch):
            if ch.isalpha() or unicodedata.category(ch).startswith("M"):
                tib += 1
        elif ch.isalnum():
            other += 1
    return tib > 0 and tib >= other


# --------------------------------------------------------------------------- basic cleaning

def _keep(ch: str) -> bool:
    """Characters that carry meaning: letters (any script), digits, combining marks of Tibetan."""
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or (cat[0] == "M" and _is_tibetan(ch))


def clean(text: str) -> str:
    """NFKC, traditional->simplified, lower case, punctuation/symbols/whitespace removed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _T2S.convert(text)
    text = text.lower()
    return "".join(ch for ch in text if _keep(ch))


# --------------------------------------------------------------------------- Chinese numerals

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Measure words after which a Chinese numeral is a quantity (so 三个意识 -> 3个意识, 七大类 -> 7大类,
# while 一平台、三联三强、两委 keep their characters).
_MEASURES = ("大类", "个", "项", "类", "条", "场", "名", "人", "位", "岁", "月", "日", "号", "天",
             "年", "期", "次", "级", "件", "种", "支", "届", "万", "余", "多", "周", "点", "元", "块")
_CN_NUM_RE = re.compile(
    "([零〇一二两三四五六七八九十百千]+)(?=" + "|".join(_MEASURES) + ")")


def cn_to_int(s: str) -> int | None:
    """三十三 -> 33, 十五 -> 15, 两千 -> 2000, 二〇二五 -> 2025; None when not a number."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))   # digit by digit (years)
    total, digit, last_unit = 0, None, 10_000
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:            # 千千, 十百: not a number
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def _numerals_to_digits(text: str) -> str:
    def repl(m: re.Match) -> str:
        value = cn_to_int(m.group(1))
        return m.group(1) if value is None else str(value)
    return _CN_NUM_RE.sub(repl, text)


_DIGIT_READ = "零一二三四五六七八九"


def int_to_cn(digits: str) -> str:
    """Reading of a digit run, for pinyin: 33 -> 三十三, 2025 -> 二零二五 (long runs digit by digit)."""
    n = int(digits)
    if len(digits) > 4 or digits.startswith("0") and len(digits) > 1:
        return "".join(_DIGIT_READ[int(d)] for d in digits)
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


# --------------------------------------------------------------------------- fillers

# Cut only at the start of the question (repeatedly).
FILLER_PREFIXES: tuple[str, ...] = (
    "你好", "您好", "喂", "嗯", "呃", "哦", "那个", "这个那个", "就是说", "就是",
    "请问一下", "请问下", "请问", "我想问一下", "我想问下", "我想问问", "我想问", "我问一下", "我问下",
    "想问一下", "想问下", "想问", "问一下", "问下", "麻烦问一下", "麻烦问下", "麻烦你", "麻烦",
    "我想了解一下", "我想了解", "想了解一下", "我想知道", "想知道", "请告诉我", "告诉我", "请你告诉我",
    "帮我查一下", "帮我查查", "帮我问一下", "小助手", "老师", "我听说", "听说", "听人说",
)
# Cut wherever they stand: intensifiers that never carry the question's content.
FILLER_ANYWHERE: tuple[str, ...] = ("到底", "究竟")
# Cut only at the end of the question (repeatedly). 么 is NOT here: 什么 ends with it.
FILLER_SUFFIXES: tuple[str, ...] = (
    "谢谢你", "谢谢", "麻烦了", "啊", "吗", "呢", "吧", "呀", "啦", "嘛", "哈", "哦", "噢",
    "了解一下", "问一下",
)
_PREFIX_RE = re.compile("^(?:" + "|".join(sorted(map(re.escape, FILLER_PREFIXES), key=len, reverse=True)) + ")")
_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, FILLER_SUFFIXES), key=len, reverse=True)) + ")$")


_CLAUSE_RE = re.compile(r"[\s,，。.!！?？;；:：、…~～]+")
_ANYWHERE_RE = re.compile("|".join(map(re.escape, FILLER_ANYWHERE)))


def strip_fillers(text: str, keep: bool = True) -> str:
    """Cut filler phrases at the edges of one clause (and the few that are fillers anywhere).
    With ``keep`` (default) a text made only of fillers is returned unchanged, not emptied."""
    out = _ANYWHERE_RE.sub("", text)
    for _ in range(6):
        new = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", out))
        if new == out:
            break
        out = new
    return out or (text if keep else "")


# --------------------------------------------------------------------------- normaliser

class Normalizer:
    """Normalisation with the domain synonym groups (first word of a group is canonical)."""

    def __init__(self, synonym_groups: Iterable[Sequence[str]] = ()):
        mapping: dict[str, str] = {}
        for group in synonym_groups:
            words = [w for w in (_numerals_to_digits(clean(str(x)))
                                 for x in group if x is not None) if w]
            if not words:
                continue
            canon = words[0]
            for w in words[1:]:
                if w != canon:
                    mapping.setdefault(w, canon)
        self.synonyms = mapping
        self._syn_re = (re.compile("|".join(sorted(map(re.escape, mapping), key=len, reverse=True)))
                        if mapping else None)
        self._cache: dict[str, str] = {}

    def apply_synonyms(self, text: str) -> str:
        if self._syn_re is None:
            return text
        return self._syn_re.sub(lambda m: self.synonyms[m.group(0)], text)

    def normalize(self, text: str, fillers: bool = True) -> str:
        key = text if fillers else "\x00" + text
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if fillers:
            # Fillers are cut at the edges of every clause (voice input and typed questions
            # often run two clauses together: 有多少个项目啊 分了几大类).
            clauses = (strip_fillers(_numerals_to_digits(clean(c)), keep=False)
                       for c in _CLAUSE_RE.split(text or ""))
            out = "".join(clauses) or _numerals_to_digits(clean(text))
        else:
            out = _numerals_to_digits(clean(text))
        out = self.apply_synonyms(out)
        if len(self._cache) < 50_000:
            self._cache[key] = out
        return out


_PLAIN = Normalizer()


def normalize(text: str, fillers: bool = True) -> str:
    """Normalise without synonyms (see :class:`Normalizer` for the knowledge base's own)."""
    return _PLAIN.normalize(text, fillers=fillers)


# --------------------------------------------------------------------------- units (for n-grams)

# Characters of question patterns and grammar (什么/怎么/哪里/有没有/是…的/我们…). An n-gram made
# only of these says how something is asked, not what: the matcher weights it down, so that
# 工作队是干什么的 finds 工作队, not another entry that also ends in 是干什么的.
FUNCTION_CHARS = frozenset(
    "的了是有在吗呢啊吧么什怎哪谁几多少要能会可以我你您他她它们这那个些都也就还和与及或被把给对为"
    "从到啥咋呀嘛哦没不很该得着过让请问想知道样种里儿搞弄吧些啦")

_UNIT_RE = re.compile(r"[a-z]+|[0-9]+|.", re.S)


def units(norm: str) -> list[str]:
    """Split normalised text into matching units: one Han character, one Latin word, one digit run."""
    return _UNIT_RE.findall(norm)


def unit_flags(us: Sequence[str]) -> list[bool]:
    """For each unit: is it a function character (see FUNCTION_CHARS)."""
    return [u in FUNCTION_CHARS for u in us]


# --------------------------------------------------------------------------- pinyin

# Readings pypinyin gets wrong for local names (its first reading of 都 is dōu).
_PHRASE_OVERRIDES = {"昌都": ["chang", "du"], "首都": ["shou", "du"], "成都": ["cheng", "du"]}
_CHAR_OVERRIDES = {"勒": "le"}           # 扎西德勒 (pypinyin's first reading is lēi)


class _Pinyin:
    """Forward-maximum-match pinyin over pypinyin's own dictionaries, with caches.

    pypinyin's ``lazy_pinyin`` costs ~0.2 ms per short sentence; this gives the same readings
    for dictionary phrases at a small fraction of that, which keeps start-up under a second
    at 1,000 entries.
    """

    MAX_PHRASE = 5

    def __init__(self) -> None:
        from pypinyin.contrib.tone_convert import to_normal
        from pypinyin.phrases_dict import phrases_dict
        from pypinyin.pinyin_dict import pinyin_dict

        self._to_normal = lru_cache(maxsize=None)(lambda s: to_normal(s).replace("ü", "v"))
        self._chars = pinyin_dict
        self._phrases = phrases_dict
        # First two characters of every phrase: most positions fail this test and skip the lookups.
        self._heads = frozenset(k[:2] for k in phrases_dict) | frozenset(k[:2] for k in _PHRASE_OVERRIDES)
        syllables: set[str] = set()
        for value in set(pinyin_dict.values()):
            for reading in value.split(","):
                syllables.add(self._to_normal(reading))
        self.syllables = frozenset(s for s in syllables if s.isalpha() and s.isascii())
        self._max_syl = max(map(len, self.syllables))
        self._char_cache: dict[str, str | None] = {}
        self._latin_cache: dict[str, tuple[str, ...] | None] = {}

    def char(self, ch: str) -> str | None:
        hit = self._char_cache.get(ch, "")
        if hit != "":
            return hit
        value = self._chars.get(ord(ch))
        reading = _CHAR_OVERRIDES.get(ch) or (self._to_normal(value.split(",", 1)[0]) if value else None)
        self._char_cache[ch] = reading
        return reading

    def han_run(self, run: str) -> list[str]:
        out: list[str] = []
        i, n = 0, len(run)
        heads = self._heads
        while i < n:
            if run[i:i + 2] not in heads:
                out.append(self.char(run[i]) or run[i])
                i += 1
                continue
            for length in range(min(self.MAX_PHRASE, n - i), 1, -1):
                word = run[i:i + length]
                reading = _PHRASE_OVERRIDES.get(word)
                if reading is None:
                    value = self._phrases.get(word)
                    if value is not None:
                        reading = [self._to_normal(r[0]) for r in value]
                if reading is not None:
                    out.extend(reading)
                    i += length
                    break
            else:
                out.append(self.char(run[i]) or run[i])
                i += 1
        return out

    def split_latin(self, word: str) -> tuple[str, ...] | None:
        """Segment typed pinyin (``bisaixiangmu``) into syllables, fewest syllables first; None if not pinyin."""
        if word in self._latin_cache:
            return self._latin_cache[word]
        parts = self._split_latin(word.replace("ü", "v"))
        if len(self._latin_cache) < 8192:
            self._latin_cache[word] = parts
        return parts

    def _split_latin(self, word: str) -> tuple[str, ...] | None:
        n = len(word)
        best: list[tuple[int, int] | None] = [None] * (n + 1)   # (count, previous cut)
        best[0] = (0, 0)
        for end in range(1, n + 1):
            for start in range(max(0, end - self._max_syl), end):
                if best[start] is None or word[start:end] not in self.syllables:
                    continue
                count = best[start][0] + 1
                # Ties: prefer the longer first syllable (fang'an over fan'gan).
                if best[end] is None or count <= best[end][0]:
                    best[end] = (count, start)
        if best[n] is None:
            return None
        cuts: list[str] = []
        end = n
        while end > 0:
            start = best[end][1]
            cuts.append(word[start:end])
            end = start
        return tuple(reversed(cuts))


_PINYIN: _Pinyin | None = None


def _pinyin() -> _Pinyin:
    global _PINYIN
    if _PINYIN is None:
        _PINYIN = _Pinyin()
    return _PINYIN


_FOLD_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("f", "h"))


@lru_cache(maxsize=4096)
def fold_syllable(syl: str) -> str:
    """Toneless syllable -> folded form: zh/z, ch/c, sh/s, l/n, f/h merged; -ng -> -n."""
    for src, dst in _FOLD_INITIALS:
        if syl.startswith(src):
            syl = dst + syl[len(src):]
            break
    if syl.endswith("ng") and len(syl) > 2:
        syl = syl[:-1]
    return syl


_RUN_RE = re.compile(r"[a-z]+|[0-9]+|[\u3400-\u9fff\uf900-\ufaff]+|.", re.S)


def pinyin_syllables(norm: str, flags: list[bool] | None = None) -> list[str]:
    """Toneless (unfolded) pinyin of normalised text. Latin words that read as pinyin are split
    into syllables, other Latin words stay whole; digits are read out (33 -> san shi san).
    When ``flags`` is a list, it receives for each syllable whether it is a function word's."""
    py = _pinyin()
    out: list[str] = []
    for run in _RUN_RE.findall(norm):
        ch = run[0]
        if _is_han(ch):
            syls = py.han_run(run)
            out.extend(syls)
            if flags is not None:
                flags.extend(c in FUNCTION_CHARS for c in run) if len(syls) == len(run) \
                    else flags.extend([False] * len(syls))
        else:
            if ch.isdigit():
                syls = py.han_run(int_to_cn(run))
            elif "a" <= ch <= "z":
                syls = list(py.split_latin(run) or (run,))
            else:
                continue                     # Tibetan, stray symbols: no pinyin
            out.extend(syls)
            if flags is not None:
                flags.extend([False] * len(syls))
    return out


def pinyin_tokens(norm: str) -> list[str]:
    """Folded pinyin syllables of normalised text (what the pinyin channel indexes)."""
    return [fold_syllable(s) for s in pinyin_syllables(norm)]


def pinyin_tokens_flags(norm: str) -> tuple[list[str], list[bool]]:
    """Folded pinyin syllables and, for each, whether it comes from a function character."""
    flags: list[bool] = []
    return [fold_syllable(s) for s in pinyin_syllables(norm, flags)], flags


def looks_like_pinyin(norm: str) -> bool:
    """True when the text is only Latin letters that split into pinyin syllables."""
    return bool(norm) and norm.isascii() and norm.isalpha() and _pinyin().split_latin(norm) is not None


# --------------------------------------------------------------------------- Tibetan

_TSHEG = "\u0f0b\u0f0c"
_TIB_SPLIT_RE = re.compile(r"[\u0f0b\u0f0c\u0f0d-\u0f14\u0f34\u0f3a-\u0f3d\s,.!?;:]+")


def tibetan_syllables(text: str) -> list[str]:
    """Split Tibetan text into syllables on the tsheg (་) and shad (།); drops non-Tibetan parts."""
    text = unicodedata.normalize("NFC", text or "")
    out = []
    for syl in _TIB_SPLIT_RE.split(text):
        syl = "".join(ch for ch in syl if _is_tibetan(ch))
        if syl:
            out.append(syl)
    return out
