"""Whole sentences typed in pinyin, read back into characters.

The normaliser reads a typed pinyin *word* as a vocabulary word (``saima`` -> 赛马), and the
matcher's pinyin channel meets typed syllables; but a sentence (``juesai shi na yi ji``) is mostly
small words -- 是, 哪, 一级 -- that neither reads, so it fell to 「抱歉」 although its characters
(决赛是哪一级) are answered. :class:`PinyinReader` writes such a sentence in the characters the
knowledge base and the contest desk themselves use: every stretch of 2..MAX_WORD characters of
their texts is a word the reader knows by its folded sounds (the most frequent one when several
share them: 活动, 腊久乡, 名额), a short table gives the everyday one-syllable words of a question
(有/没/是/谁/啥/哪/几/搞/了…), and any other lone syllable is the knowledge base's most frequent
character that reads so. The reading with the fewest pieces wins (then the fewest lone
syllables, then the commonest words); a piece over several typed words covers them whole, so
``ming e`` may be 名额 but ``fangan you`` is never split inside ``fangan`` to make 方感 + 有.

Only a message that is all Latin letters (a number may be typed inside a word: 3yue) is read (:func:`reader_for` / :meth:`PinyinReader.read`
cost nothing to a Chinese question but one ``isascii``), and only when every syllable is read:
then the question is routed as its characters would be (handlers.qa), contest desk included.
"""
from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from knowledge.normalize import ALSO_TYPED, char_pinyin, char_sound, fold_syllable, han_tokens, is_phrase, pinyin_syllables, split_pinyin
from knowledge.scope import HOME_TOWNS, PLACES, built_once, kb_texts
from knowledge.text import HAN_CLASS, fold
from knowledge.words import EVERYDAY_WORDS

__all__ = ["PinyinReader", "reader_for", "unquoted"]

MAX_WORD = 4                  # longest stretch of the texts read as one word
PIECE = 4.0                   # what one piece of a reading costs (fewer, longer pieces read better)
COMMON = 3.0                  # at most this much less for a word the texts write often (log of its count)
EVERYDAY = 2.0                # how common an everyday one-syllable word counts as (log)
SLIP = 1.0                    # a lone syllable read as any character, or a place name one slip away
MISREAD = 10.0                # each syllable read only as its folded sound (四 for shi) or a letter off:
                              # a reading as typed wins whenever there is one
VOWEL = 0.5                   # a syllable split off inside a typed word that begins with a vowel
RECURRING = 2                 # two characters the texts write this often side by side are a word (电话)
MIN_SYLLABLES = 3             # fewer (saima, naqu kaocha) the normaliser's typed words already read
MAX_SYLLABLES = 20            # more is no herder's pinyin question (theirs are short): not read at all --
MAX_LETTERS = 60              # the reading's cost grows with the length ("xian " * 500 held the loop 1 s)

# Everyday one-syllable words of a question, by their typed (unfolded) syllable: what herders
# type around the content words (有没有, 是谁, 搞了啥, 在哪, 几个) -- read inside a typed word too
# (youmeiyou) -- and common one-syllable content words, read only as a typed word of their own
# (xian li: 县 里, never the xian of mingtian). Two-syllable words the texts hold anyway.
FUNCTION_SYLLABLES: dict[str, str] = {
    "you": "有", "mei": "没", "shi": "是", "shei": "谁", "sha": "啥", "na": "哪", "nei": "哪", "ji": "几",
    "gao": "搞", "le": "了", "de": "的", "zai": "在", "ma": "吗", "ne": "呢", "ba": "吧",
    "yao": "要", "neng": "能", "hui": "会", "bu": "不", "ge": "个", "yi": "一", "he": "和", "gei": "给",
    "qu": "去", "dao": "到", "zen": "怎", "za": "咋", "wo": "我", "ni": "你", "ta": "他", "men": "们",
    "duo": "多", "shao": "少", "la": "啦", "ya": "呀", "zhe": "这", "li": "里",
}
CONTENT_SYLLABLES: dict[str, str] = {
    "a": "啊", "o": "哦", "ban": "办", "bi": "比", "bao": "报", "jia": "家", "cun": "村", "xiang": "乡", "xian": "县",
    "zhen": "镇", "nian": "年", "yue": "月", "hao": "号", "tian": "天", "ren": "人", "qian": "钱",
    "sui": "岁", "wen": "问", "kan": "看", "zuo": "做", "gan": "干", "suan": "算", "jiao": "交",
    "dai": "带", "xie": "写", "jiang": "讲", "chang": "唱", "tiao": "条", "er": "二", "san": "三",
    "si": "四", "wu": "五", "liu": "六", "qi": "七", "jiu": "九", "liang": "两", "ming": "名",
}


_FUNCTION = FUNCTION_SYLLABLES
# ... of which the verbs a contest is named by, typed at the head of a word run onto their object
# (zuocanggui: 做藏柜, jianghongselishi: 讲红色历史)
_DOING = {s: CONTENT_SYLLABLES[s] for s in ("zuo", "jiang", "xie", "chang", "bi")}
_PARTICLES = frozenset(FUNCTION_SYLLABLES.values())
# ... and, for telling a word of the texts from two run together, everyday verbs typed beside them (我想)
_EVERYDAY = (frozenset(FUNCTION_SYLLABLES.values()) | frozenset(CONTENT_SYLLABLES.values())
             | frozenset("想说问用叫让拿找给得过上下来还再就都也"))
_CONTENT = frozenset(CONTENT_SYLLABLES.values())
_JOINING = frozenset(FUNCTION_SYLLABLES.values()) | frozenset("想说问用叫让拿找给得过上下来还再就都也")
# Words a question asks with that the texts may never write (明年, 天气): read so that the scope guard
# sees what is asked (明年 -> 以后的安排县里还没公布).
ASK_WORDS: tuple[str, ...] = ("明年", "今年", "去年", "明天", "今天", "后天", "天气", "价格", "多少钱", "电话", "地址",
                              "时间", "日期", "冠军", "奖金", "奖品", "名单", "费用", "结果", "哪里", "什么",
                              "网址", "链接")
# ... and greetings, which the texts never write either (ni hao ma: 你好吗, not 你号码 of 号码)
GREETING_WORDS: tuple[str, ...] = ("你好", "你好吗", "您好", "大家好", "谢谢", "再见")
# ... and the everyday words a question asks with, typed among characters (youmeiyou 比赛, 报名 zenme
# ban): what such pinyin may read as besides the knowledge base's words (see PinyinReader.known)
QUESTION_WORDS: tuple[str, ...] = ("几个", "几号", "几天", "几岁", "几点", "几月", "哪个", "哪些", "哪天", "哪儿", "在哪",
                                   "是谁", "是啥", "干啥", "搞啥", "有啥", "有没有", "是不是", "能不能", "要不要", "会不会",
                                   "可不可以", "可以", "没有", "怎么", "怎样", "怎么样", "怎么办", "咋办", "咋个", "为啥",
                                   "为什么", "多少", "多大", "多久", "啥时候", "什么时候")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_WORDS = re.compile(r"[a-z]+")
_MARKED = re.compile(r"[\u00c0-\u024f]")                   # Latin letters with marks
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s'’-]+[A-Za-z]+)*")      # pinyin words typed side by side
_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")   # a word in capitals: LED, BA


def _with_parts(words: Iterable[str]) -> frozenset[str]:
    """The short words (2..8 characters) of ``words`` with their heads, and the tails of those of
    four or more (规定 of 十条规定, not 以报 of 可以报)."""
    short = [w for w in map(fold, words) if 2 <= len(w) <= 8]
    return frozenset(p for w in short for k in range(2, len(w) + 1)
                     for p in ((w[:k], w[-k:]) if len(w) >= 4 else (w[:k],)))


def _typed_keys(word: str, key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A word's folded sounds, and as typed by whoever reads a character as the dictionary first does
    (藏柜 read zang gui here, typed cang gui)."""
    alt = tuple(fold_syllable(ALSO_TYPED[ch]) if ch in ALSO_TYPED else k for ch, k in zip(word, key))
    return [key] if alt == key else [key, alt]


class PinyinReader:
    """Folded sounds -> the characters the given texts write them with (see the module docstring)."""

    def __init__(self, texts: Iterable[str], vocabulary: Iterable[str] = (), known: Iterable[str] = ()):
        """``known``: words the knowledge base knows besides the vocabulary (its synonyms), which
        pinyin typed among characters must read as (:meth:`read_mixed`)."""
        texts = [*texts, *PLACES, *HOME_TOWNS, *ASK_WORDS, *GREETING_WORDS]    # a place the texts never name is still a place
        vocabulary = list(vocabulary)
        # words of their own besides pypinyin's phrases: the vocabulary's short words (keywords, event
        # names, the desk's cues), each with its heads and tails (十条 of 十条规定), and the places
        words = _with_parts((*vocabulary, *ASK_WORDS, *GREETING_WORDS, *EVERYDAY_WORDS))
        self.vocabulary = words | _with_parts((*PLACES, *HOME_TOWNS))
        # what pinyin among characters is read only as: the vocabulary's words, the places whole (尼玛
        # of 尼玛县 is a name) and townships (腊久 of 腊久乡), the words a question asks with, and
        # the known words given
        self.known = words | _with_parts((*QUESTION_WORDS, *known)) | frozenset(
            map(fold, (*PLACES, *HOME_TOWNS, *(t[:-1] for t in HOME_TOWNS))))
        counts: Counter = Counter()
        sounds_of: dict[str, tuple[str, ...]] = {}
        for run in _HAN_RUN.findall(fold("\n".join(texts))):
            sounds = han_tokens(run)
            if len(sounds) != len(run):
                continue
            for n in range(1, min(MAX_WORD, len(run)) + 1):
                pieces = [run[i:i + n] for i in range(len(run) - n + 1)]
                counts.update(pieces)
                for i, w in enumerate(pieces):
                    if w not in sounds_of:
                        sounds_of[w] = tuple(sounds[i:i + n])
        words: dict[tuple[str, ...], list[str]] = {}
        chars: dict[str, str] = {}
        for w, key in sounds_of.items():
            if len(w) > 1:
                for typed in _typed_keys(w, key):
                    words.setdefault(typed, []).append(w)
            elif counts[w] > counts.get(chars.get(key[0], ""), 0):
                chars[key[0]] = w
        self.counts = counts
        self.words = words
        self.chars = chars
        exact: dict[str, str] = {}            # the commonest character read exactly so (fei: 费, not 黑)
        for ch in sorted((w for w in sounds_of if len(w) == 1), key=counts.__getitem__, reverse=True):
            exact.setdefault(char_pinyin(ch) or ch, ch)
        self.exact = exact
        # place names by their folded sounds, read one slip away too (laju xiang: 腊久乡, là jiǔ)
        self.places: dict[int, list[tuple[tuple[str, ...], str]]] = {}
        for name in dict.fromkeys(p for place in (*PLACES, *HOME_TOWNS) for p in (place, place.rstrip("县"))):
            if len(name) >= 2:
                key = tuple(han_tokens(name))
                if len(key) == len(name):
                    self.places.setdefault(len(key), []).append((key, name))
        self.syllables = frozenset(s for key in words for s in key) | frozenset(map(fold_syllable, (*_FUNCTION, *CONTENT_SYLLABLES)))
        self._raw: dict[str, tuple[str, ...]] = {}
        self._words: dict[tuple[str, bool], bool] = {}

    def read(self, text: str) -> str | None:
        """The characters a message typed all in pinyin reads as (every syllable read), else None:
        a message with anything but Latin letters, spaces and punctuation, fewer than
        MIN_SYLLABLES syllables or more than MAX_SYLLABLES (or MAX_LETTERS letters), or a word that
        is no pinyin."""
        if not text.isascii():
            return None
        if len(text) > 4 * MAX_LETTERS:                 # bounded before anything is read
            return None
        typed = _WORDS.findall(text.lower())
        if not typed or sum(map(len, typed)) > MAX_LETTERS:
            return None
        if not MIN_SYLLABLES <= sum(len(split_pinyin(w) or ()) for w in typed) <= MAX_SYLLABLES:
            return None
        # a number typed as part of a word (3yue jiezhi, 16sui) stays as it is, the words on each side
        # of it read on their own; a figure standing alone (saima 2 ren) is no sentence of syllables
        if re.search(r"(?<![a-z0-9])[0-9]+(?![a-z0-9])", text.lower()):     # (a whole figure: 16 of 16sui is no 1)
            return None
        out = []
        for run in re.findall(r"[a-z]+(?:[^a-z0-9]+[a-z]+)*|[0-9]+", text.lower()):
            if run.isdigit():
                out.append(run)
                continue
            read = self._read_words(_WORDS.findall(run))
            if read is None:
                return None
            out.append(read)
        return "".join(out)

    def read_mixed(self, text: str) -> str | None:
        """``text`` with the pinyin typed among its characters read as characters (luolong xiangzhen
        有哪些: 洛隆乡镇有哪些), the rest kept as typed; None when there is nothing to read: no
        characters, or no stretch of Latin letters read. A stretch that is no pinyin, a word in
        capitals (村BA, LED: an abbreviation) or fewer than two syllables (村ba) stays as typed, and so
        does one not read as words the knowledge base knows (:meth:`_says_known`): a name (Tashi) or a
        brand it never names (kuaishou), not the texts' characters that happen to sound so (他是)."""
        if (text.isascii() or len(text) > 4 * MAX_LETTERS or not _HAN_RUN.search(text)
                or _MARKED.search(text)):      # (mǎ, é: half a word would be read)
            return None
        # a word in capitals (村BA, LED: an abbreviation) is kept as typed, apart from the pinyin beside it
        runs = list(_LATIN_RUN.finditer(_CAPITALS.sub(lambda c: "#" * len(c.group()), text)))
        if not runs or sum(len(m.group(0)) for m in runs) > MAX_LETTERS:
            return None
        out, at = [], 0
        for m in runs:
            typed = m.group(0)
            words = _WORDS.findall(typed.lower())
            # a stretch that is no pinyin, a lone syllable (村ba), a name, a brand or a word of its own
            # (Tashi, kuaishou) stays as typed; the rest is still read
            syllables = [split_pinyin(w) for w in words]
            if any(s is None for s in syllables) or not 2 <= sum(map(len, syllables)) <= MAX_SYLLABLES:
                continue
            read = self._read_words(words, known=True)
            if read is None:
                continue
            out += [text[at:m.start()].rstrip(), read]      # (no space left where pinyin was)
            at = m.end()
            at += len(text[at:]) - len(text[at:].lstrip())
        return "".join(out) + text[at:] if out else None

    def _read_words(self, words: list[str], known: bool = False) -> str | None:
        """The typed words read together as characters, no syllable across a word's end; ``known``:
        only when the reading says words of the knowledge base (:meth:`_says_known`), else None."""
        # an erhua r typed (xiangzhenr) read without it, as the syllables split_pinyin finds
        words = ["".join(split_pinyin(w) or (w,)) for w in words]
        bounds = {0}
        for w in words:
            bounds.add(max(bounds) + len(w))
        pieces = self._best("".join(words), bounds)
        if pieces is None or (known and not self._says_known(pieces, bounds)):
            return None
        return "".join(w for _, _, w in pieces)

    def _says_known(self, pieces: list[tuple[int, int, str]], bounds: set[int]) -> bool:
        """Each typed word of the reading is read as (or within) a word the knowledge base knows
        (:attr:`known`), or is one everyday syllable of its own (ma, de, xian) -- and some word is
        known: Tashi (他是), jiayou (家有), zhuoma (做吗) are names and words typed as they are, not
        the texts' characters run together."""
        ends = sorted(bounds)
        said = False
        for lo, hi in zip(ends, ends[1:]):
            within = [(i, j, w) for i, j, w in pieces if i < hi and j > lo]
            if any(self._known(w) for _, _, w in within) or "".join(w for _, _, w in within) in self.known:
                said = True
            elif not (len(within) == 1 and within[0][:2] == (lo, hi) and within[0][2] in _PARTICLES | _CONTENT):
                return False
        return said

    def _known(self, word: str) -> bool:
        """``word`` is a word of :attr:`known`, or known words and everyday particles side by side
        (是哪一级: 是, 哪, 一级) with one known word at least."""
        if word in self.known:
            return True
        return len(word) > 2 and any(
            (self._known(word[:k]) or word[:k] in _PARTICLES) and (self._known(word[k:]) or word[k:] in _PARTICLES)
            and not (word[:k] in _PARTICLES and word[k:] in _PARTICLES) for k in range(1, len(word)))

    def _best(self, line: str, bounds: set[int]) -> list[tuple[int, int, str]] | None:
        """The best reading of ``line`` as its pieces: (start, end, characters) each, in order."""
        n = len(line)
        # syllables starting at each position, never across a typed word's end
        ends = sorted(bounds)
        starts: list[list[str]] = []
        for i in range(n):
            limit = next(b for b in ends if b > i)
            starts.append([s for s in (line[i:j] for j in range(i + 1, min(limit, i + 6) + 1))
                           if split_pinyin(s) == (s,)])
        inf = math.inf
        best: list[float] = [inf] * (n + 1)
        back: list[tuple[int, str] | None] = [None] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] == inf:
                continue
            # every run of 1..MAX_WORD syllables from i
            stack: list[tuple[int, tuple[str, ...]]] = [(i, ())]
            while stack:
                at, syls = stack.pop()
                if syls:
                    piece = self._piece(syls, i, at, bounds)
                    if piece is not None:
                        word, cost = piece
                        cost += best[i]
                        if cost < best[at]:
                            best[at], back[at] = cost, (i, word)
                if len(syls) < MAX_WORD and at < n:
                    stack.extend((at + len(s), (*syls, s)) for s in starts[at])
        if best[n] == inf:
            return None
        out: list[tuple[int, int, str]] = []
        at = n
        while at > 0:
            i, word = back[at]
            out.append((i, at, self._respelled(word) if len(word) > 1 else word))
            at = i
        out.reverse()
        # a lone syllable said as a character a word of the reading has (baohu shi shei bao: 包户…包)
        said = {char_sound(ch): ch for _, _, w in out if len(w) > 1 for ch in w}
        return [(i, j, said.get(char_sound(w), w) if len(w) == 1 and w not in _PARTICLES else w) for i, j, w in out]

    def _piece(self, syls: tuple[str, ...], start: int, end: int, bounds: set[int]) -> tuple[str, float] | None:
        """(characters, cost) of typed syllables read as one piece, or None: a piece over several
        typed words covers them whole. A piece costs PIECE less the log of how often the texts
        write it (at most COMMON less); a vowel-initial syllable inside a typed word (fang'an read fan'gan) VOWEL more; a
        lone syllable outside the everyday words, or a place name one slip away, SLIP more; and
        MISREAD more for each syllable not read as typed (四 for shi, 腊久 for laju)."""
        if len(syls) > 1 and any(start < b < end for b in bounds) and not (start in bounds and end in bounds):
            return None
        vowels = sum(1 for k, s in enumerate(syls) if k and s[0] in "aoe" and start + sum(map(len, syls[:k])) not in bounds)
        if len(syls) == 1:
            s = syls[0]
            word = _FUNCTION.get(s)
            if word is not None:
                return word, PIECE - EVERYDAY
            if start in bounds and end not in bounds and s in _DOING:
                return _DOING[s], PIECE       # what is done run onto what it is done to (jianghongselishi)
            if start not in bounds or end not in bounds:
                return None               # a content word is typed as a word of its own
            word = CONTENT_SYLLABLES.get(s)
            if word is not None:
                return word, PIECE - EVERYDAY / 2
            word = self.exact.get(s)
            # (a lone syllable the texts never write as typed is not read: ha is no 发 by its folded
            # sound -- the reading as typed wins, and a guess of one character is no reading)
            return (word, PIECE + SLIP) if word is not None else None
        key = tuple(map(fold_syllable, syls))
        # a word, or words side by side one of which says more than an everyday word (是哪一级)
        # (two characters the texts often write together only as one typed word: dianhua, not ni shi)
        within = not any(start < b < end for b in bounds)
        found = [w for w in self.words.get(key, ())
                 if self._wordy(w, within) and not all(ch in _PARTICLES for ch in w)]
        if not found:
            place = self._place(key) if len(key) >= 3 else None
            return (place, PIECE + SLIP + MISREAD + VOWEL * vowels - min(COMMON, math.log1p(self.counts[place]))) if place else None
        # the characters read exactly as typed first (了 le, not 呢 ne), then the commonest
        counts = self.counts
        word = max(found, key=lambda w: (self._reads(w) == syls, counts[w]))
        slips = sum(a != b for a, b in zip(self._reads(word), syls))     # 四条 for shi tiao: a folded sound
        return word, PIECE + VOWEL * vowels + MISREAD * slips - min(COMMON, math.log1p(counts[word]))

    def _place(self, key: tuple[str, ...]) -> str | None:
        """The one place name whose sounds are ``key``'s but for one syllable a letter away."""
        near = [name for sounds, name in self.places.get(len(key), ())
                if sum(a != b for a, b in zip(sounds, key)) == 1
                and all(a == b or Levenshtein.distance(a, b, score_cutoff=1) == 1 for a, b in zip(sounds, key))]
        return near[0] if len(near) == 1 else None

    def _respelled(self, word: str) -> str:
        """``word`` with each two characters written as the texts mostly write what sounds so (报明:
        a typo some variant keeps, 报名 137 times)."""
        counts = self.counts
        for i in range(len(word) - 1):
            pair = word[i:i + 2]
            reads = self._reads(pair)
            best = max((w for w in self.words.get(tuple(han_tokens(pair)), ()) if self._reads(w) == reads),
                       key=counts.__getitem__, default=pair)
            if best != pair and (best[0] == pair[0] or best[1] == pair[1]) and counts[best] >= 3 * counts[pair]:
                word = word[:i] + best + word[i + 2:]
        return word

    def _wordy(self, word: str, recurring: bool = False) -> bool:
        """``word`` is made of words: an everyday one, a phrase of pypinyin's dictionary, one of the
        vocabulary's, two characters the texts write together RECURRING times or more (typed as one
        word: ``recurring``) -- or two or
        more of them side by side (是哪一级: 是, 哪, 一级); not a stretch where two words of the texts
        once meet (名填 of 报名填写), which no one types as a word."""
        known = self._words.get((word, recurring))
        if known is None:
            known = self._words[word, recurring] = (
                word in _EVERYDAY or word in self.vocabulary or (len(word) > 1 and is_phrase(word))
                or (recurring and len(word) == 2 and self.counts[word] >= RECURRING)
                or any(self._part(word[:k], recurring) and self._part(word[k:], recurring)
                       and not (word[:k] in _CONTENT and word[k:] in _CONTENT) for k in range(1, len(word))))
        return known

    def _part(self, word: str, recurring: bool) -> bool:
        """``word`` may stand beside another in a word made of words: a word of two characters or
        more, an everyday particle or verb, or a one-syllable content word -- though never two of
        these side by side (县里 is a word, 名两 none)."""
        return (word in _JOINING or word in _CONTENT) if len(word) == 1 else self._wordy(word, recurring)

    def _reads(self, word: str) -> tuple[str, ...]:
        raw = self._raw.get(word)
        if raw is None:
            raw = self._raw[word] = tuple(pinyin_syllables(word))
        return raw


_READERS: "weakref.WeakKeyDictionary[object, tuple[object, PinyinReader]]" = weakref.WeakKeyDictionary()


def reader_for(kb, also=None) -> PinyinReader:
    """The reader of a knowledge base's texts and of ``also`` (anything with a ``vocabulary()``:
    the contest desk), built once per pair (at start and on a reload: knowledge.check.prepare)."""
    def build(kb, also) -> PinyinReader:
        vocabulary = [*(k for e in kb.entries.values() for k in e.keywords),
                      *(also.vocabulary() if also is not None else ())]
        return PinyinReader([*kb_texts(kb), *vocabulary], vocabulary, known=(w for g in kb.synonyms for w in g))
    return built_once(_READERS, kb, also, build)


_QUOTED_TERM = re.compile(r"“([\u4e00-\u9fff]{1,8})”的情况")


def unquoted(reply: str, read: str) -> str:
    """``reply`` to a question typed in pinyin and read as ``read``, with no word of the reading
    quoted as the user's (“盾驻”的情况 for ci ren dun zhu: characters the reader chose, never
    typed): 您问的具体情况, said once."""
    out = _QUOTED_TERM.sub(lambda m: "您问的具体情况" if m.group(1) in read else m.group(0), reply)
    return re.sub(r"您问的具体情况(?:[、和]您问的具体情况)+", "您问的具体情况", out)
