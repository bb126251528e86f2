"""Text normalisation for matching: one function for the knowledge base and the query alike.

Chinese text goes through :meth:`Normalizer.normalize_query` (:func:`normalize_query` without
the knowledge base's synonyms):

1. :func:`knowledge.text.strip_punct` per clause: NFKC, traditional -> simplified (OpenCC ``t2s``),
   lower case, punctuation / symbols / spaces removed except ``%`` and a decimal point, which
   change a figure (100% is not 100, 36.14 not 3614); where two Latin words met across a
   space or punctuation, an apostrophe keeps them apart (``san ge yi shi`` -> ``san'ge'yi'shi``)
   so typed pinyin is split word by word,
2. Chinese numerals before a measure word become digits (七大类三十三项 -> 7大类33项),
3. filler phrases cut as whole phrases (请问…, 你好…, …吗/呢/啊/吧 at the end) -- only at
   the edges of a clause, so content words such as 什么 / 哪个 survive; forms of address
   (老师, 小助手) only when they stand alone in a clause or greet (老师好),
4. domain synonyms mapped to their canonical form (knowledge/synonyms.yaml),
5. a typed pinyin word that reads as words of the knowledge base's vocabulary (its keywords, the
   contest's event names) written as those words (``naqu kaocha`` -> 那曲考察, ``saima`` -> 赛马):
   typed pinyin then meets the characters, not only the weaker pinyin channel.

:func:`pinyin_tokens` turns normalised text into toneless, *folded* pinyin syllables
(zh/z, ch/c, sh/s, -ng/-n, l/n, f/h) so voice-input homophones (三个意思 / 三个意识) and
typed pinyin (``bisai xiangmu``) meet the same tokens. Readings come from pypinyin's own
dictionaries (read directly, without importing pypinyin's converters and segmenter, and
kept toneless in a small on-disk cache: :func:`pinyin_tables`).

Tibetan text is handled apart: :func:`tibetan_syllables` splits on the tsheg (་);
:func:`split_scripts` separates the Tibetan and the other part of a mixed message.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import operator
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from bot.core.memory import recent_cache
from knowledge.text import (
    HAN_CLASS,
    cn_to_int,
    int_to_cn,
    is_han,
    is_tibetan,
    spoken_digits,
    strip_punct,
)

__all__ = [
    "ADDRESS_FORMS", "FUNCTION_CHARS", "Normalizer", "char_pinyin", "char_sound", "content_units", "fold_syllable",
    "han_tokens", "homophones", "is_all_han", "is_phrase", "is_tibetan_text", "looks_like_pinyin", "normalize_query", "numerals_to_digits", "pinyin_syllables",
    "pinyin_tokens", "pinyin_tokens_flags", "split_pinyin", "split_scripts", "strip_fillers",
    "tibetan_syllables", "topic_asked", "typed_phrase", "unit_flags", "units",
]

# Longest text normalised through the cache; longer ones (rare, and cut to MAX_QUERY_CHARS by the
# matcher anyway) are normalised each time.
CACHED_TEXT_CHARS = 256

# --------------------------------------------------------------------------- Chinese numerals

# Measure words after which a Chinese numeral is a quantity (so 三个意识 -> 3个意识, 七大类 -> 7大类,
# while 一平台、三联三强、两委 keep their characters). Not 万: 千万 / 百万 are words (千万不要).
_MEASURES = ("大类", "个", "项", "类", "条", "场", "名", "人", "位", "岁", "月", "日", "号", "天",
             "年", "期", "次", "级", "件", "种", "支", "届", "余", "多", "周", "点", "元", "块")
_CN_NUM_RE = re.compile(
    "([零〇一幺二两俩三四五六七八九十百千]+)(?=" + "|".join(_MEASURES) + ")")
_BARE_UNITS = frozenset("百千")         # 百人 / 千年 are words, not 100人 / 1000年 (十个 is 10个)


# Three or more digits read one by one (三四九国道, 二零二七, 幺三九…): a number said digit by digit,
# whatever follows; 三四个 (three or four) and 一五一十 (a word with 十) are not.
_CN_DIGIT_STRING_RE = re.compile("(?<![零〇一幺二两俩三四五六七八九十百千万])[零〇一幺二三四五六七八九]{3,}"
                                 "(?![零〇一幺二两俩三四五六七八九十百千万])")


_CN_NUMERAL_RE = re.compile("[零〇一幺二两俩三四五六七八九十百千]")     # what both patterns above need


def numerals_to_digits(text: str) -> str:
    """Chinese numerals before a measure word as digits: 七大类三十三项 -> 7大类33项; and numbers
    said digit by digit: 三四九国道 -> 349国道."""
    if _CN_NUMERAL_RE.search(text) is None:       # most texts: one scan instead of two substitutions
        return text
    def repl(m: re.Match) -> str:
        run = m.group(1)
        value = None if run in _BARE_UNITS else cn_to_int(run)
        return run if value is None else str(value)
    text = _CN_DIGIT_STRING_RE.sub(lambda m: spoken_digits(m.group(0)), text)
    return _CN_NUM_RE.sub(repl, text)


# --------------------------------------------------------------------------- fillers

# Forms of address: cut only when they stand alone in a clause (老师，…) or greet (老师好…),
# never inside a question (老师能参加比赛吗 is about teachers).
ADDRESS_FORMS: tuple[str, ...] = ("老师", "小助手", "助手", "领导", "同志")
# Cut only at the start of the question (repeatedly).
FILLER_PREFIXES: tuple[str, ...] = (
    "你好", "您好", "喂", "嗯", "呃", "哦", "那个", "这个那个", "就是说", "就是",
    "请问一下", "请问下", "请问", "我想问一下", "我想问下", "我想问问", "我想问", "我问一下", "我问下",
    "想问一下", "想问下", "想问", "问一下", "问下", "麻烦问一下", "麻烦问下", "麻烦你", "麻烦",
    "我想了解一下", "我想了解", "想了解一下", "我想知道", "想知道", "请告诉我", "告诉我", "请你告诉我",
    "帮我查一下", "帮我查查", "帮我问一下", "我听说", "听说", "听人说",
) + tuple(a + g for a in ADDRESS_FORMS for g in ("好", "你好", "您好"))
# Cut wherever they stand: intensifiers that never carry the question's content.
FILLER_ANYWHERE: tuple[str, ...] = ("到底", "究竟")
# Cut only at the end of the question (repeatedly). 么 is NOT here: 什么 ends with it.
FILLER_SUFFIXES: tuple[str, ...] = (
    "谢谢你", "谢谢", "麻烦了", "啊", "吗", "呢", "吧", "呀", "啦", "嘛", "哈", "哦", "噢",
    # south-western voice input's particles (说一哈撒, 是啥子噻): MOOD_PARTICLES too
    "噻", "撒", "咯", "哟", "唦", "喔", "嘞",
    "了解一下", "问一下",
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True))


_PREFIX_RE = re.compile(f"^(?:{_alternation(FILLER_PREFIXES)})")
_SUFFIX_RE = re.compile(f"(?:{_alternation(FILLER_SUFFIXES)})$")
_ANYWHERE_RE = re.compile(_alternation(FILLER_ANYWHERE))
_ADDRESS = frozenset(ADDRESS_FORMS)

# What separates clauses (and Latin words): spaces, punctuation, apostrophes, hyphens.
_CLAUSE_RE = re.compile(r"(?:[\s,，。!！?？;；:：、…~～'’‘\-—/]|(?<![0-9０-９])[.．]|[.．](?![0-9０-９]))+")


def strip_fillers(text: str, keep: bool = True) -> str:
    """Cut filler phrases at the edges of one clause (and the few that are fillers anywhere);
    a clause that is only a form of address goes too. With ``keep`` (default) a text made only
    of fillers is returned unchanged, not emptied."""
    out = _ANYWHERE_RE.sub("", text)
    for _ in range(6):
        new = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", out))
        if new == out:
            break
        out = new
    if out in _ADDRESS:
        out = ""
    return out or (text if keep else "")


def _is_latin(ch: str) -> bool:
    return "a" <= ch <= "z"


# --------------------------------------------------------------------------- normaliser

class Normalizer:
    """Normalisation with the domain synonym groups (first word of a group is canonical).

    Results are kept in a bounded cache (knowledge-base texts are normalised twice while loading:
    validation, then indexing): at most CACHE_SIZE texts, the least recently used first out, and
    none that nobody used for ``memory.cache_idle_seconds`` (bot.core.memory.RecentCache, swept by
    the app); texts over ``CACHED_TEXT_CHARS`` are not cached."""

    CACHE_SIZE = 16384

    def __init__(self, synonym_groups: Iterable[Sequence[str]] = (), vocabulary: Iterable[str] = ()):
        mapping: dict[str, str] = {}
        for group in synonym_groups:
            words = [w for w in (self._base(str(x), fillers=False) for x in group if x is not None) if w]
            if not words:
                continue
            canon = words[0]
            for w in words[1:]:
                if w != canon:
                    mapping.setdefault(w, canon)
        self.synonyms = mapping
        self._syn_re = re.compile(_alternation(mapping)) if mapping else None
        self.typed = _typed_words([*vocabulary, *mapping, *mapping.values()])
        self.sounded = _sounded_words([*vocabulary, *mapping, *mapping.values()])
        self._cached = recent_cache(self.CACHE_SIZE)(self._normalize_query)

    # Pickled with the knowledge base (knowledge.kbcache): without its cache of texts, which holds
    # a lock and is registered for the sweep; a new empty one is made on unpickling.
    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_cached"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cached = recent_cache(self.CACHE_SIZE)(self._normalize_query)

    def apply_synonyms(self, text: str) -> str:
        if self._syn_re is None:
            return text
        return self._syn_re.sub(lambda m: self.synonyms[m.group(0)], text)

    def normalize_query(self, text: str, fillers: bool = True) -> str:
        """The matcher's full normalisation of a question, a variant or a query (see the module
        docstring); ``fillers=False`` keeps filler phrases (for answers and synonym words)."""
        text = text or ""
        if len(text) > CACHED_TEXT_CHARS:
            return self._normalize_query(text, fillers)
        return self._cached(text, fillers)

    def clear_cache(self) -> None:
        self._cached.cache_clear()

    def cache_fill(self) -> tuple[int, int]:
        """(texts kept, at most) of the normalisation cache."""
        info = self._cached.cache_info()
        return info.currsize, info.maxsize

    def _normalize_query(self, text: str, fillers: bool) -> str:
        base = self._base(text, fillers)
        if self.typed and _LATIN_WORD_RE.search(base):
            base = _APOSTROPHE_BY_HAN_RE.sub("", _LATIN_RUN_RE.sub(self._typed_run, base))
        if self.sounded:
            base = _ALL_HAN_RE.sub(self._heard_run, base)
        return self.apply_synonyms(base)

    def _heard_run(self, m: re.Match) -> str:
        """A long word of the vocabulary that voice input wrote in other characters of the same
        sounds (驻村工作对 for 驻村工作队) written as the word: the synonyms and the characters then
        meet it, not only the pinyin channel (the characters around it -- 驻村, 工作 -- matched
        other entries first)."""
        run = m.group(0)
        if len(run) < _SOUNDED_MIN:
            return run
        sounds = _pinyin().han_run(run)
        if len(sounds) != len(run):
            return run
        out, i = [], 0
        while i < len(run):
            for n in range(min(_SOUNDED_MAX, len(run) - i), _SOUNDED_MIN - 1, -1):
                word = self.sounded.get(tuple(sounds[i:i + n]))
                if word is not None and _may_be_misheard(run, i, i + n):
                    out.append(word)
                    i += n
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _typed_run(self, m: re.Match) -> str:
        """Typed words side by side (``sange'yishi``) read together first: a word two vocabulary
        words share the sounds of (yishi: 意识 and 仪式) is read by the words around it (三个意识,
        启动仪式); else each word on its own (:meth:`_typed_word`)."""
        run = m.group(0)
        if "'" in run:
            whole = self._typed_word(run.replace("'", ""))
            if whole != run.replace("'", ""):
                return whole
        return _LATIN_WORD_RE.sub(self._typed_word, run)

    def _typed_word(self, m: "re.Match | str") -> str:
        """One typed Latin word as the vocabulary's words it reads as, all of it, else as it is."""
        word = m if isinstance(m, str) else m.group(0)
        syls = split_pinyin(word)
        if not syls or len(syls) < 2:
            return word                      # one syllable (ba, le) says too little
        keys = tuple(map(fold_syllable, syls))
        out, i = [], 0
        while i < len(keys):                 # the longest word at each point
            j = next((j for j in range(min(len(keys), i + _TYPED_MAX), i + 1, -1) if keys[i:j] in self.typed), 0)
            if not j:
                return word
            out.append(self.typed[keys[i:j]])
            i = j
        return "".join(out)

    @staticmethod
    def _base(text: str, fillers: bool) -> str:
        """Clauses stripped of punctuation, numerals as digits, fillers cut at each clause's edges (voice input
        and typed questions often run two clauses together: 有多少个项目啊 分了几大类)."""
        parts: list[str] = []
        for clause in (text,) if text.isalnum() else _CLAUSE_RE.split(text):   # no separator is alphanumeric
            c = numerals_to_digits(strip_punct(clause, figures=True))
            if fillers:
                c = strip_fillers(c, keep=False)
            if not c:
                continue
            if parts and _is_latin(parts[-1][-1]) and _is_latin(c[0]):
                parts.append("'")               # two Latin words: keep them apart
            parts.append(c)
        if parts or not fillers:
            return "".join(parts)
        return numerals_to_digits(strip_punct(text, figures=True))  # only fillers: keep them (你好, 谢谢)


_LATIN_WORD_RE = re.compile(r"[a-z]+")
_LATIN_RUN_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")   # typed words kept apart by _base's apostrophe
_APOSTROPHE_BY_HAN_RE = re.compile(f"(?<=[{HAN_CLASS}])'|'(?=[{HAN_CLASS}])")
_TYPED_MAX = 6                               # syllables of the longest vocabulary word read from pinyin


_SOUNDED_MIN, _SOUNDED_MAX = 5, 8            # characters of a word heard by its sounds alone: shorter
                                             # ones (我的报名 / 我得报名) have everyday homophones


_PRONOUNS = frozenset("您你我他她它咱")


def _may_be_misheard(run: str, start: int, end: int) -> bool:
    """run[start:end] may be a word voice input wrote in other characters: no pronoun in it (您是党组织
    is someone asked, not 临时党组织), and its last character not asked as A不A (工作对不对)."""
    return (not any(c in _PRONOUNS for c in run[start:end])
            and run[end:end + 2] != "不" + run[end - 1])


def _sounded_words(vocabulary: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Toneless sounds, initials and finals as said (nin is no lin, nan no lang) -> the vocabulary's words of _SOUNDED_MIN.._SOUNDED_MAX Han characters, no
    function character among them (a 的 or 对 of theirs is a sentence's too); sounds two words share
    read as neither."""
    out: dict[tuple[str, ...], str] = {}
    shared: set[tuple[str, ...]] = set()
    for w in dict.fromkeys(vocabulary):
        w = strip_punct(str(w))
        if (not _SOUNDED_MIN <= len(w) <= _SOUNDED_MAX or not _ALL_HAN_RE.fullmatch(w)
                or any(c in FUNCTION_CHARS for c in w)):
            continue
        key = tuple(_pinyin().han_run(w))
        if len(key) != len(w):
            continue
        if out.setdefault(key, w) != w:
            shared.add(key)
    return {k: w for k, w in out.items() if k not in shared}


def _typed_words(vocabulary: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Folded syllables -> the one Han word (2.._TYPED_MAX characters: a vocabulary word or a
    piece of one, 考察 of 考察学习) that reads so; a reading two different words share is left out."""
    out: dict[tuple[str, ...], str | None] = {}
    for word in dict.fromkeys(vocabulary):
        w = strip_punct(word)
        if not 2 <= len(w) <= 12 or not all(is_han(ch) for ch in w):
            continue
        syls = pinyin_syllables(w)
        if len(syls) != len(w):
            continue
        keys = tuple(map(fold_syllable, syls))
        for i in range(len(w) - 1):
            for j in range(i + 2, min(len(w), i + _TYPED_MAX) + 1):
                piece = w[i:j]
                out[keys[i:j]] = piece if out.get(keys[i:j], piece) == piece else None
    return {k: v for k, v in out.items() if v is not None}


_PLAIN = Normalizer()


def normalize_query(text: str, fillers: bool = True) -> str:
    """:meth:`Normalizer.normalize_query` without synonyms (the knowledge base has its own
    :class:`Normalizer`)."""
    return _PLAIN.normalize_query(text, fillers=fillers)


# --------------------------------------------------------------------------- units (for n-grams)

# Characters of question patterns and grammar (什么/怎么/哪里/有没有/是…的/我们…). An n-gram made
# only of these says how something is asked, not what: the matcher weights it down, so that
# 工作队是干什么的 finds 工作队, not another entry that also ends in 是干什么的.
FUNCTION_CHARS = frozenset(
    "的了是有在吗呢啊吧么什怎哪谁几多少要能会可以我你您他她它们这那个些都也就还和与及或被把给对为"
    "从到啥咋呀嘛哦没不很该得着过让请问想知道样种里儿搞弄啦")

# Particles of mood that end a sentence (呢, 嘞, 嘛; the south-west's 撒, 噻): no word of their own,
# and never a slip of an event's character (the contest desk reads a name up to them) ...
MOOD_PARTICLES = frozenset("呢嘞啊吧嘛呀哦啦撒噻哈哟咯噢喔唦")
# ... and with those that mark an aspect or a question (的, 了, 过; 吗, 么), every particle.
PARTICLES = MOOD_PARTICLES | frozenset("的了着过得地吗么")

_UNIT_RE = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?|[^']", re.S)

# How a topic said alone is asked for its count or what or who it is (网格几个, 网格有多少, 网格是啥,
# 谁是主角) -- not where, when or whether (决赛在哪, 网格能不能): those ask something the topic's
# entry may not hold.
_ASK_TAIL = re.compile(r"(?:是|有)?(?:几个|多少个?|啥|什么|谁)")
_ASK_HEAD = re.compile(r"(?:什么|啥|谁)是")


def topic_asked(norm: str) -> str:
    """The topic of ``norm`` (normalised, no punctuation or particles) when it is only a topic of
    content characters with a count or what-it-is ask after it (网格有多少个 -> 网格) or a what- or
    who-is ask before it (谁是主角 -> 主角), else ''."""
    head = _ASK_HEAD.match(norm)
    if head:
        topic = norm[head.end():]
    else:
        topic = next((norm[:i] for i in range(2, len(norm)) if _ASK_TAIL.fullmatch(norm, i)), "")
    return topic if len(topic) >= 2 and not any(ch in FUNCTION_CHARS for ch in topic) else ""


def units(norm: str) -> list[str]:
    """Split normalised text into matching units: one Han character, one Latin word, one number
    (digit run, with its decimals), one other sign (%)."""
    return _UNIT_RE.findall(norm)


def unit_flags(us: Sequence[str]) -> list[bool]:
    """For each unit: is it a function character (see FUNCTION_CHARS)."""
    return [u in FUNCTION_CHARS for u in us]


_CONTENT_HAN_RE = re.compile(f"(?![{''.join(sorted(FUNCTION_CHARS))}])[{HAN_CLASS}]")
_HAN_RE = re.compile(f"[{HAN_CLASS}]")


def content_units(norm: str) -> int:
    """How much a normalised text says: its Han characters that are not function characters,
    its digit runs, the syllables of its typed pinyin and its other Latin words."""
    if _ALL_HAN_RE.fullmatch(norm):                  # most texts: count without the regular expressions
        return len(norm) - sum(map(FUNCTION_CHARS.__contains__, norm))
    n = len(_CONTENT_HAN_RE.findall(norm))           # a Han character is a unit of its own
    rest = _HAN_RE.sub("'", norm)
    if not rest.strip("'"):
        return n
    for u in units(rest):                            # the other units, as they stand in norm
        if _is_latin(u[0]):
            n += len(split_pinyin(u) or (u,))
        elif u[0].isdigit():
            n += 1
    return n


# --------------------------------------------------------------------------- pinyin

# Readings pypinyin gets wrong for local names (its first reading of 都 is dōu).
_PHRASE_OVERRIDES = {"昌都": "chang du", "首都": "shou du", "成都": "cheng du"}
# 扎西德勒 (pypinyin's first reading is lēi); 藏 is zàng here (藏式, 藏装, 藏餐, 藏历), never cáng.
_CHAR_OVERRIDES = {"勒": "le", "藏": "zang"}
# ... though typed pinyin may give the dictionary's (zuo canggui for 做藏柜)
ALSO_TYPED = {"藏": "cang"}
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"), None)
_VOWEL_INITIAL = frozenset("aoe")
_VOWELS = frozenset("aeiouv")


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> str:
    """zhōng -> zhong, lǜ -> lv (pypinyin's to_normal, without importing its converters)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", reading).translate(_TONE_MARKS)
                                 ).replace("ü", "v")


@dataclass(frozen=True)
class PinyinTables:
    """What the pinyin reader needs of pypinyin's dictionaries, without tones: each character's
    first reading, each phrase's readings (phrases of 2..MAX_PHRASE characters; one string, the
    syllables split by spaces: a tuple each cost more to load than all the rest), the first two
    characters of every phrase (with the length of the longest phrase they start), and every
    syllable there is."""

    chars: dict[str, str]
    phrases: dict[str, str]            # 组长 -> "zu zhang"
    heads: dict[str, int]
    syllables: frozenset[str]
    toned: dict[str, str]        # each character's first reading with its tone (zhōng)


_TABLES_FORMAT = 4


def _pack(tables: PinyinTables) -> tuple[str, ...] | None:
    """The tables as a few long strings (what the disk cache keeps): unpickling them and splitting
    them again costs about half what unpickling ~170,000 small strings and tuples does. None when
    they would not read back the same (a reading with a space, say)."""
    chars, heads = tables.chars, tables.heads
    packed = ("".join(chars), " ".join(chars.values()), " ".join(tables.toned),
              " ".join(tables.toned.values()), "\n".join(tables.phrases),
              "\n".join(tables.phrases.values()), "".join(heads),
              "".join(map(chr, heads.values())), " ".join(tables.syllables))
    return packed if _unpack(packed) == tables else None


def _unpack(packed: tuple[str, ...]) -> PinyinTables:
    chars, readings, toned, toned_readings, phrases, phrase_readings, heads, longest, syllables = packed
    return PinyinTables(dict(zip(chars, readings.split(" "))),
                        dict(zip(phrases.split("\n"), phrase_readings.split("\n"))),
                        dict(zip(map("".join, zip(heads[::2], heads[1::2])), map(ord, longest))),
                        frozenset(syllables.split(" ")),
                        dict(zip(toned.split(" "), toned_readings.split(" "))))
MAX_PHRASE = 5


def _build_tables(chars: dict, phrases: dict) -> PinyinTables:
    first: dict[str, str] = {}
    toned: dict[str, str] = {}
    syllables: set[str] = set()
    for code, value in chars.items():
        readings = value.split(",")
        first[chr(int(code))] = _toneless(readings[0])
        toned[chr(int(code))] = readings[0]
        syllables.update(map(_toneless, readings))
    kept = {k: " ".join(_toneless(r[0]) for r in v) for k, v in phrases.items() if 2 <= len(k) <= MAX_PHRASE}
    heads: dict[str, int] = {}
    for k in kept:
        heads[k[:2]] = max(heads.get(k[:2], 0), len(k))
    return PinyinTables(first, kept, heads,
                        frozenset(s for s in syllables if s.isalpha() and s.isascii()), toned)


def _cache_file(sources: list[Path]) -> Path:
    """Where the tables built from these pypinyin files are kept between runs: FENJIN_CACHE_DIR,
    else $XDG_CACHE_HOME/fenjin-bot, else ~/.cache/fenjin-bot; named by the files' size and time."""
    base = os.environ.get("FENJIN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "fenjin-bot")
    stamp = repr([_TABLES_FORMAT] + [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources])
    return Path(base) / f"pinyin-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.json"


def pinyin_tables() -> PinyinTables:
    """pypinyin's dictionaries as :class:`PinyinTables`. They are read from its JSON files
    (importing the package would also load its converters and segmenter) and the result is
    cached on disk (:func:`_cache_file`), which makes a fresh start ~0.15 s faster; a cache
    that cannot be read or written is simply rebuilt or skipped."""
    spec = importlib.util.find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) if spec else Path()
    sources = [folder / "pinyin_dict.json", folder / "phrases_dict.json"]
    try:
        cache = _cache_file(sources)
    except OSError:                          # pypinyin keeps its data elsewhere: use its modules
        from pypinyin.phrases_dict import phrases_dict
        from pypinyin.pinyin_dict import pinyin_dict
        return _build_tables(pinyin_dict, phrases_dict)
    try:
        # (JSON, not pickle: nine strings need no code run to be read back)
        packed = tuple(json.loads(cache.read_bytes()))
        if len(packed) == 9 and all(isinstance(p, str) for p in packed):
            return _unpack(packed)
    except (OSError, ValueError, TypeError):
        pass
    tables = _build_tables(*(json.loads(p.read_text(encoding="utf-8")) for p in sources))
    packed = _pack(tables)
    if packed is None:
        return tables
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, delete=False) as tmp:
            tmp.write(json.dumps(packed, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp.name, cache)
    except OSError:
        pass
    return tables


class _FoldedChars(dict):
    """Character -> its folded first reading (the character itself when it has none), filled as
    characters are first seen (at most MAX): a run's syllables are then one ``map`` in C."""

    MAX = 1 << 16

    def __init__(self, chars: dict[str, str]):
        super().__init__()
        self.chars = chars

    def __missing__(self, ch: str) -> str:
        value = fold_syllable(_CHAR_OVERRIDES.get(ch) or self.chars.get(ch) or ch)
        if len(self) < self.MAX:
            self[ch] = value
        return value


class _Pinyin:
    """Forward-maximum-match pinyin over pypinyin's own dictionaries, with caches."""

    MAX_PHRASE = MAX_PHRASE
    FOLDED_PHRASES = 1 << 15           # phrases of the dictionary whose folded readings are kept

    def __init__(self) -> None:
        tables = pinyin_tables()
        self._chars, self._phrases, self.toned = tables.chars, tables.phrases, tables.toned
        # First two characters of every phrase: most positions fail this test and skip the lookups.
        self._heads = {**tables.heads, **{k[:2]: max(len(k), tables.heads.get(k[:2], 0)) for k in _PHRASE_OVERRIDES}}
        self.syllables = tables.syllables
        self._max_syl = max(map(len, self.syllables))
        self._latin_cache: dict[str, tuple[str, ...] | None] = {}
        self._folded = _FoldedChars(self._chars)
        self._folded_phrases: dict[str, tuple[str, ...]] = {}

    def char(self, ch: str) -> str | None:
        return _CHAR_OVERRIDES.get(ch) or self._chars.get(ch)

    def han_run(self, run: str) -> list[str]:
        out: list[str] = []
        i, n = 0, len(run)
        heads, phrases, chars = self._heads, self._phrases, self._chars
        while i < n:
            if run[i:i + 2] in heads:
                for length in range(min(self.MAX_PHRASE, n - i), 1, -1):
                    word = run[i:i + length]
                    reading = _PHRASE_OVERRIDES.get(word) or phrases.get(word)
                    if reading is not None:
                        out.extend(reading.split(" "))
                        i += length
                        break
                else:
                    ch = run[i]
                    out.append(_CHAR_OVERRIDES.get(ch) or chars.get(ch) or ch)
                    i += 1
                continue
            ch = run[i]                      # most positions: one character's reading
            out.append(_CHAR_OVERRIDES.get(ch) or chars.get(ch) or ch)
            i += 1
        return out

    def folded_run(self, run: str, pairs: Sequence[str] | None = None) -> list[str]:
        """``fold_syllable`` of each syllable of :meth:`han_run` (one per character), read from a
        per-character table and then corrected where a phrase of the dictionary starts. ``pairs``:
        the run's two-character windows, when the caller has them already."""
        out = list(map(self._folded.__getitem__, run))
        n = len(run)
        if n < 2:
            return out
        if pairs is None:
            pairs = list(map(operator.add, run, run[1:]))
        heads = list(map(self._heads.__contains__, pairs))
        if True not in heads:
            return out
        phrases, folded, longest = self._phrases, self._folded_phrases, self._heads
        i = heads.index(True)
        while True:                          # i: a phrase head not inside an earlier phrase
            for length in range(min(longest[pairs[i]], n - i), 1, -1):
                word = run[i:i + length] if length > 2 else pairs[i]
                reading = folded.get(word)
                if reading is None:
                    raw = _PHRASE_OVERRIDES.get(word) or phrases.get(word)
                    if raw is None:
                        continue
                    reading = tuple(map(fold_syllable, raw.split(" ")))
                    if len(folded) < self.FOLDED_PHRASES:
                        folded[word] = reading
                out[i:i + length] = reading
                i += length
                break
            else:
                i += 1
            if i >= n - 1:
                return out
            try:
                i = heads.index(True, i)
            except ValueError:
                return out

    def split_latin(self, word: str) -> tuple[str, ...] | None:
        """Segment one typed pinyin word (``bisaixiangmu``) into syllables; None if not pinyin."""
        if word in self._latin_cache:
            return self._latin_cache[word]
        parts = self._split_latin(word.replace("ü", "v"))
        if len(self._latin_cache) < 8192:
            self._latin_cache[word] = parts
        return parts

    def _split_latin(self, word: str) -> tuple[str, ...] | None:
        """Fewest syllables; among those, fewest syllables after the first that begin with a
        vowel (pinyin writes xi'an, so xian is xian and sangeyishi is san ge yi shi) or carry a
        typed erhua r (mordi: 摸儿底 is mo di, read only where nothing else reads); then the longer
        first syllable."""
        n = len(word)
        # best[end] = (syllables, vowel-initial or erhua ones after the first, previous cut, erhua)
        best: list[tuple[int, int, int, bool] | None] = [None] * (n + 1)
        best[0] = (0, 0, 0, False)
        for end in range(1, n + 1):
            for start in range(max(0, end - self._max_syl - 1), end):
                prev = best[start]
                if prev is None:
                    continue
                syl = word[start:end]
                erhua = syl not in self.syllables
                # a syllable typed with the r of erhua (mor, dianr), never before a vowel (moren: mo ren),
                # never one without an initial (dear, near, poor: English, no de ar)
                if erhua and not (len(syl) >= 3 and syl[-1] == "r" and syl[:-1] in self.syllables
                                  and syl[0] not in _VOWEL_INITIAL
                                  and not syl[:-1].endswith("r") and (end == n or word[end] not in _VOWELS)):
                    continue
                vowel = 1 if (start > 0 and word[start] in _VOWEL_INITIAL) or erhua else 0
                cost = (prev[0] + 1, prev[1] + vowel)
                cur = best[end]
                if cur is None or cost <= cur[:2]:      # ties: the later cut (longer syllables first)
                    best[end] = (*cost, start, erhua)
        if best[n] is None:
            return None
        cuts: list[str] = []
        rs, end = 0, n
        while end > 0:
            start, erhua = best[end][2:]
            cuts.append(word[start:end - erhua])
            rs += erhua
            end = start
        if rs and (rs > 1 or len(cuts) < 2):
            return None           # an English word (for, order), no pinyin with its erhua
        return tuple(reversed(cuts))


_PINYIN: _Pinyin | None = None


def _pinyin() -> _Pinyin:
    global _PINYIN
    if _PINYIN is None:
        _PINYIN = _Pinyin()
    return _PINYIN


def char_pinyin(ch: str) -> str | None:
    """Toneless first reading of one Han character (None when pypinyin has none)."""
    return _pinyin().char(ch)


def char_tone(ch: str) -> str:
    """One Han character's first reading with its tone (yā), "" when it has none."""
    return _pinyin().toned.get(ch, "")


def char_sound(ch: str) -> str:
    """``fold_syllable`` of a Han character's first reading (the character itself when it has
    none), from a table filled as characters are first seen."""
    return _pinyin()._folded[ch]


def is_phrase(word: str) -> bool:
    """``word`` (2..MAX_PHRASE Han characters) is a phrase of pypinyin's dictionary: a word of its own."""
    return word in _pinyin()._phrases


def typed_phrase(word: str) -> str | None:
    """The phrase of pypinyin's dictionary one typed pinyin word reads as, tones aside (shijian:
    时间), else None: what was typed is that word, no slip of another."""
    return _phrases_by_reading().get(word)


@lru_cache(maxsize=1)
def _phrases_by_reading() -> dict[str, str]:
    out: dict[str, str] = {}
    for word, reading in _pinyin()._phrases.items():
        out.setdefault(reading.replace(" ", ""), word)
    return out


@lru_cache(maxsize=64)
def homophones(sound: str) -> str:
    """Every common Han character (U+4E00..U+9FFF) whose first reading folds to ``sound``
    (:func:`fold_syllable`), in code-point order; the table is read once, on first use."""
    return "".join(_sounding().get(sound, ()))


@lru_cache(maxsize=1)
def _sounding() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ch, reading in sorted(_pinyin()._chars.items()):
        if "\u4e00" <= ch <= "\u9fff":
            out.setdefault(fold_syllable(_CHAR_OVERRIDES.get(ch) or reading), []).append(ch)
    return out


def split_pinyin(word: str) -> tuple[str, ...] | None:
    """Syllables of one typed pinyin word (``xiexie`` -> xie, xie); None when it is not pinyin."""
    return _pinyin().split_latin(word)


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


_RUN_RE = re.compile(f"[a-z]+|[0-9]+|[{HAN_CLASS}]+|.", re.S)
_ALL_HAN_RE = re.compile(f"[{HAN_CLASS}]+")


def pinyin_syllables(norm: str, flags: list[bool] | None = None) -> list[str]:
    """Toneless (unfolded) pinyin of normalised text. Latin words that read as pinyin are split
    into syllables, other Latin words stay whole; digits are read out (33 -> san shi san); a Han
    character without a reading stays itself. When ``flags`` is a list, it receives for each
    syllable whether it is a function word's."""
    py = _pinyin()
    out: list[str] = []
    for run in _RUN_RE.findall(norm):
        ch = run[0]
        if is_han(ch):
            syls = py.han_run(run)
            out.extend(syls)
            if flags is not None:
                flags.extend(map(FUNCTION_CHARS.__contains__, run) if len(syls) == len(run) else [False] * len(syls))
        else:
            if ch.isdigit():
                syls = py.han_run(int_to_cn(run))
            elif _is_latin(ch):
                syls = list(py.split_latin(run) or (run,))
            else:
                continue                     # Tibetan, apostrophes, stray symbols: no pinyin
            out.extend(syls)
            if flags is not None:
                flags.extend([False] * len(syls))
    return out


def pinyin_tokens(norm: str) -> list[str]:
    """Folded pinyin syllables of normalised text (what the pinyin channel indexes)."""
    return list(map(fold_syllable, pinyin_syllables(norm)))


def han_tokens(run: str, pairs: Sequence[str] | None = None) -> list[str]:
    """:func:`pinyin_tokens` of a text made only of Han characters (one token per character), read
    per character from a table; ``pairs``: its two-character windows, when the caller has them."""
    return _pinyin().folded_run(run, pairs)


def is_all_han(norm: str) -> bool:
    """True when the text is one run of Han characters (most normalised queries)."""
    return _ALL_HAN_RE.fullmatch(norm) is not None


def pinyin_tokens_flags(norm: str) -> tuple[list[str], list[bool]]:
    """Folded pinyin syllables and, for each, whether it comes from a function character."""
    if _ALL_HAN_RE.fullmatch(norm):          # most queries: one run, folded per character
        return _pinyin().folded_run(norm), list(map(FUNCTION_CHARS.__contains__, norm))
    flags: list[bool] = []
    return list(map(fold_syllable, pinyin_syllables(norm, flags))), flags


def looks_like_pinyin(norm: str) -> bool:
    """True when the text is only Latin words that each split into pinyin syllables."""
    words = norm.split("'")
    return bool(norm) and all(w.isascii() and w.isalpha() and _pinyin().split_latin(w) is not None
                              for w in words)


# --------------------------------------------------------------------------- Tibetan

_TIB_SPLIT_RE = re.compile(r"[\u0f0b\u0f0c\u0f0d-\u0f14\u0f34\u0f3a-\u0f3d\s,.!?;:]+")


def tibetan_syllables(text: str) -> list[str]:
    """Split Tibetan text into syllables on the tsheg (་) and shad (།); drops non-Tibetan parts."""
    text = unicodedata.normalize("NFC", text or "")
    out = []
    for syl in _TIB_SPLIT_RE.split(text):
        syl = "".join(ch for ch in syl if is_tibetan(ch))
        if syl:
            out.append(syl)
    return out


_TIBETAN_RE = re.compile("[\u0f00-\u0fff]")


def split_scripts(text: str) -> tuple[str, str]:
    """(Tibetan part, other part) of a message; each keeps its own spaces and punctuation."""
    if _TIBETAN_RE.search(text or "") is None:       # most messages: no loop over the characters
        return "", (text or "").strip()
    tib = "".join(ch if is_tibetan(ch) else " " for ch in text or "")
    other = "".join(" " if is_tibetan(ch) else ch for ch in text or "")
    return tib.strip(), other.strip()


def is_tibetan_text(text: str) -> bool:
    """True when the message says more in Tibetan than in anything else: its Tibetan syllables
    are compared with its Han characters, digit runs and Latin words."""
    tib, other = split_scripts(text)
    syllables = len(tibetan_syllables(tib))
    if not syllables:
        return False
    return syllables >= len(units(strip_punct(other)))
