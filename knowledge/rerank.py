"""The order of a 「您是不是想问」 list: which close entry goes first.

The matcher offers a list when it is unsure, so its order by score alone often puts first an entry
that shares most of the question's words but not what it asks for (参加比赛前有没有要先学的资料 ->
参赛选手怎么培训 before 有哪些学习资料). These readings, each only reordering entries the matcher
already ranked close (none makes a list an answer):

* query coverage counts a little beside the score: an entry that holds more of the question goes
  before one that matched a single variant closely (COVER_WEIGHT);
* the thing asked for, the question's last word (……的资料, 什么样的布局, 包啥): an entry that
  never uses it goes behind one that does (HEAD_POOL);
* the thing asked for named in an entry's own question, not only along the way in its answer
  (学啥经验: the entry about the 经验, before one that mentions it while counting something else);
* what the question is about (scope.subject_pieces): a piece of it foreign to the first entry (neither
  character in anything it says), named in another offered entry's own question that holds every
  piece the first holds, puts that entry first (索县 宣讲会 参加的有多少人: the talks', not the contests');
* an entry's own question said whole (a clause of five characters or more: 活动由谁来参与，……怎么讲)
  goes before a first whose own question the user did not say;
* the place asked: a question naming none asks of the home county's campaign, and an entry about
  another place goes behind a close one about none that holds as much of it (home_instead: 索县's
  turnout for 都有谁参加; handlers.qa reads the matcher's answer the same way);
* the scope guard's reading (a 工程 asked, an answer naming none): handlers.qa moves a full entry
  first, sought among the ranked entries down to FULL_POOL of the first's score.

A list of one choice lacking part of what is asked, or whose every choice lacks a detail asked for
(a place, a day, a phone number…), is no list: handlers.qa tells what is known saying first what is
missing, or falls back saying so (LONE_COVER, CHOICE_GAPS).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from knowledge.normalize import FUNCTION_CHARS
from knowledge.scope import (asks_of_home, elsewhere, holds_as_much, other_place, phrases_asked,
                             subject_pieces)
from knowledge.text import fold

COVER_WEIGHT = 0.2     # order key: score + COVER_WEIGHT x query coverage (0.3 and below changed no right first choice)
HEAD_POOL = 0.5        # an entry using the asked-for word is brought forward from down to this share of the top score
FULL_POOL = 0.4        # ... and one the scope guard finds complete, from down to this share
WRONG_KIND_GAPS = frozenset({"kind", "set", "items", "change"})    # ... when the first lacks only such, a "kind" among them

# What a question ends with that is not the thing asked for: particles, question words, punctuation.
# A name asked (叫什么名字, 名字叫啥) asks for the thing named, not a 名字; 各/分别 before the question word
# (7大类各叫什么) only spreads it over the set.
_TRAIL = re.compile(r"(?:[\s?？!！。,，.~～]|[啊呢嘛吗哦呀啦吧噻撒哈]|是什么|是啥子?|什么|啥子?|哪些|有哪些|"
                    r"(?:叫|是)(?:什么|啥子?)名字|名字(?:叫|是)?(?:什么|啥子?)|叫什么|叫啥|怎么样|咋样|各|分别)+$")
_LAST = re.compile(r"[\u4e00-\u9fff]+$")
_VERB_CLOSERS = frozenset("与及")     # function characters that close a verb asked of (参与, 涉及)
_WHICH = re.compile(r"哪(?:个|一个|些|几个|位|一位|家)?$")
_SET = re.compile(r"(?<!哪)(?:[两二三四五六七八九十]|\d)个?$")


# An entry whose own question asks when (活动什么时候开始) answers a time; a question that asks none --
# 开始的时候 only sets the scene (活动开始的时候办了什么演出) -- wants what happened then, not when.
_TITLE_ASKS_WHEN = re.compile(r"什么时候|啥时候|哪天|几号|什么时间")
_ASKS_WHEN = re.compile(r"什么时候|啥时候|什么时间|啥时间|哪天|哪一天|几号|几月|哪个月|何时|日期|多久|几天|时间|截止|截至|"
                        r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月份?|月底|月初|"
                        r"(?:开始|结束|启动|开幕|办)(?:了|没|吗|不|啦)")


_QUOTED_NAME = re.compile(r"“([^”]{4,20})”")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


# What a thing is, asked (……到底是搞啥的, 是个什么东西) and asked in an entry's own question (是什么活动)
_ASKS_WHAT_IS = re.compile(r"是(?:个|一个)?(?:啥|什么|甚么)|(?:搞|干|做)(?:啥|什么|嘛)|啥意思|什么意思")


def named_whole(question_han: str, title: str) -> bool:
    """Whether ``title`` asks what a thing is whose name (four characters or more, quoted) the
    question, its non-Chinese characters dropped, holds whole -- and asks what it is after it."""
    if not _ASKS_WHAT_IS.search(title):
        return False
    for name in (_NOT_HAN.sub("", m) for m in _QUOTED_NAME.findall(title)):
        at = question_han.find(name) if len(name) >= 4 else -1
        if at >= 0 and _ASKS_WHAT_IS.search(question_han[at + len(name):]):
            return True
    return False


def asks_when(question: str) -> bool:
    return _ASKS_WHEN.search(fold(question)) is not None


def asked_head(question: str, known: Callable[[str], bool] | None = None) -> str:
    """The word a question ends on once particles and question words are cut (……的资料 -> 资料,
    驻村工作队 包啥 -> 包), or "" when that is a function word or not Chinese. ``known``: whether an
    entry asks of a word in its own question -- a word written with a function character (参与's 与)
    that one does is still the thing asked (老百姓要咋个参与: 怎样参与活动, not what they must do)."""
    cut = _TRAIL.sub("", fold(question).strip())
    tail = _LAST.search(cut)
    if tail is None:
        return ""
    word = tail.group()
    before = cut[:tail.end() - 2] if len(word) >= 2 else cut[:tail.start()]
    if _WHICH.search(before) or _SET.search(before):
        return ""                  # 哪个乡镇 asks for one of them (孜托镇); 四个方面 names a set, not a word asked
    # One character counts only as a keyword of its own (驻村工作队 包啥), not as a sentence's last.
    lone = len(word) == 1 and (tail.start() == 0 or cut[tail.start() - 1].isspace())
    head = word[-2:] if len(word) >= 2 else word if lone else ""
    if not head or all(ch in FUNCTION_CHARS for ch in head):
        return ""
    if not any(ch in FUNCTION_CHARS for ch in head):
        return head
    # only a verb closed by 与/及 (参与, 涉及): not 那曲, 县里, 问题, 活动的, whatever titles hold them
    return head if len(head) == 2 and head[0] not in FUNCTION_CHARS and head[-1] in _VERB_CLOSERS and known and known(head) else ""


def order(question: str, ranked: Sequence, offered: Sequence[str], text_of: Callable[[str], str],
          max_list: int, title_of: Callable[[str], str] | None = None, home: str = "") -> list[str]:
    """``offered`` (entry ids the matcher would list, best first) in the order to show them.
    ``ranked``: the matcher's candidates (entry_id, score, cover), best first; ``text_of``: all an
    entry says (question, variants, keywords, answer), folded; ``max_list``: choices a list shows
    at most (the matcher's max_suggestions); ``title_of``: an entry's own question, folded; ``home``:
    the home county."""
    if len(ranked) < 2:
        return list(offered)
    ids = _by_words(question, ranked, offered, text_of, max_list, title_of, home)
    if title_of is not None:
        floor = ranked[0].score * HEAD_POOL
        rest = sorted((c for c in ranked if c.score >= floor and c.entry_id not in ids),
                      key=lambda c: -(c.score + COVER_WEIGHT * c.cover))       # the list's own order
        found = home_instead(question, ids[0], [*ids[1:], *(c.entry_id for c in rest)], text_of, title_of, home)
        if found:
            ids = ([found] + [i for i in ids if i != found])[:max(len(ids), min(len(ids) + 1, max_list))]
    return ids


def home_instead(question: str, first: str, pool: Iterable[str], text_of: Callable[[str], str],
                 title_of: Callable[[str], str], home: str = "") -> str:
    """The entry of ``pool`` (ids, best first) to put before ``first``, or "": the question names no
    place but the home county (``home``, 咱们县: scope.asks_of_home), so it asks of its campaign, while
    ``first`` is about another place (its own question names 索县: 索县's turnout for 都有谁参加) --
    the first entry whose text names no other place (an entry about 积分制 telling 桑珠孜区's turnout
    is no home one) and holds every word of the question ``first`` holds (scope.holds_as_much). Used
    for a list's order and, by handlers.qa, for the matcher's answer."""
    if not asks_of_home(question, home) or not other_place(title_of(first)):
        return ""
    said = text_of(first)
    return next((i for i in pool if i != first and not elsewhere(text_of(i), home)
                 and holds_as_much(question, said, text_of(i), home)), "")


def _by_words(question: str, ranked: Sequence, offered: Sequence[str], text_of: Callable[[str], str],
              max_list: int, title_of: Callable[[str], str] | None, home: str = "") -> list[str]:
    """:func:`order` by the words asked (coverage, the asked-for word, a name asked whole, a time)."""
    by_id = {c.entry_id: c for c in ranked}
    ids = sorted(offered, key=lambda i: -(by_id[i].score + COVER_WEIGHT * by_id[i].cover) if i in by_id else 0.0)
    if title_of is not None and len(ids) > 1 and phrases_asked(question) is None:
        # first of the readings by words: the thing asked for, a name asked whole or a time below have the last say
        found = about_more(question, ids, text_of, title_of, home)
        if found:
            ids = [found] + [i for i in ids if i != found]
    head, look = asked_head(question), text_of
    if not head and title_of is not None:
        # a word written with a function character (参与) counts only by the entries' own questions:
        # read and picked by them alike
        head, look = asked_head(question, lambda w: any(w in title_of(c.entry_id) for c in ranked)), title_of
    if head and head not in look(ids[0]):
        floor = ranked[0].score * HEAD_POOL
        pool = ids + [c.entry_id for c in ranked if c.score >= floor and c.entry_id not in ids]
        found = next((i for i in pool[1:] if head in look(i)), None)
        if found is not None:            # first, and the list keeps what it offered (up to max_list)
            ids = [found] + [i for i in ids if i != found]
            return ids[:max(len(offered), min(len(ids), max_list))]
    if head and title_of is not None and head not in title_of(ids[0]):
        # The first only mentions the thing asked for along the way (桑珠孜 学啥经验: the entry
        # counting its 联村党委 tells on whose 经验 they were built); an offered entry whose own
        # question is about it goes first.
        found = next((i for i in ids[1:] if head in title_of(i)), None)
        if found is not None:
            ids = [found] + [i for i in ids if i != found]
    if title_of is not None and len(ids) > 1:
        # The question asks what a thing named in full is (红色昌都振兴奋进到底是搞啥的), and an offered
        # entry's own question asks just that of it, quoted whole (“红色昌都·振兴奋进”是什么活动),
        # the first's not (振兴奋进活动和哪些工作结合在一起): that entry goes first.
        q = _NOT_HAN.sub("", fold(question))
        if not named_whole(q, title_of(ids[0])):
            found = next((i for i in ids[1:] if named_whole(q, title_of(i))), None)
            if found is not None:
                ids = [found] + [i for i in ids if i != found]
    if title_of is not None and _TITLE_ASKS_WHEN.search(title_of(ids[0])) and not asks_when(question):
        # the first tells when, and no time is asked: the first offered entry telling something else goes first
        found = next((i for i in ids[1:] if not _TITLE_ASKS_WHEN.search(title_of(i))), None)
        if found is not None:
            ids = [found] + [i for i in ids if i != found]
    if title_of is not None and len(ids) > 1 and not said_whole(question, title_of(ids[0]), home):
        # ... and whose own question keeps every piece of the subject the first's holds (书记项目投了多少钱:
        # not the 帮扶 entry's 投了多少钱 before the one on 书记项目)
        kept = [p for p in subject_pieces(question, home) if p in title_of(ids[0])]
        found = next((i for i in ids[1:] if said_whole(question, title_of(i), home)
                      and all(p in title_of(i) for p in kept)), None)
        if found is not None:
            ids = [found] + [i for i in ids if i != found]
    return ids


def about_more(question: str, ids: Sequence[str], text_of: Callable[[str], str], title_of: Callable[[str], str],
               home: str = "") -> str:
    """The offered entry to put first, or "": the question's subject (scope.subject_pieces) has a
    piece foreign to the first entry -- neither of its characters in anything it says (索县 宣讲会
    参加的有多少人: the entry on 索县's contests never says 宣 or 讲; one saying 宣讲 does not lack a
    宣传 asked, as voice input and plain speech use the two alike) -- and another offered entry holds
    it in its own question besides every piece the first holds anywhere (scope.holds_as_much; the
    first may hold none: 索县 宣讲会 开了几场, the places set aside): it is about all the first is
    about, and more. (Set phrases asked by their count are read by handlers.qa._quotes_asked.)
    handlers.qa reads the matcher's answer the same way: such an answer is offered, not told."""
    pieces = subject_pieces(question, home)
    first = text_of(ids[0])
    lacked = {p for p in pieces if p[0] not in first and p[1] not in first}
    if not lacked:
        return ""
    # the thing asked for (asked_head) named in the first's own question and not in the other's:
    # the first is about what is asked (联合社 学啥经验: the entry on the 经验, not the 联合社 count)
    head = asked_head(question)
    kept = bool(head) and head in title_of(ids[0])
    best, most = "", 0
    for i in ids[1:]:
        said, title = text_of(i), title_of(i)
        if kept and head not in title:
            continue
        more = sum(p in title for p in lacked)
        if more > most and holds_as_much(question, first, said, home, none_held=True):
            best, most = i, more
    return best


# An entry's own question said whole: a clause of it (split at its punctuation), this many Chinese
# characters or more, stands in the question as it is (活动由谁来参与，……怎么讲) -- and holds a piece of
# what the question is about (scope.subject_pieces): a clause of ask words only (多少人参加, 投了多少钱,
# 什么时候结束) is said of any subject, and says nothing of which entry is meant.
SAID_WHOLE_CHARS = 5
_CLAUSE_SPLIT = re.compile(r"[？?，,。、；;！!\s]+")


def said_whole(question: str, title: str, home: str = "") -> bool:
    """Whether ``question`` holds a clause of the entry's own question ``title`` whole (its
    non-Chinese characters dropped: “红黑榜”是什么 is said by 红黑榜是什么), one that holds a piece of
    the question's subject."""
    q = _NOT_HAN.sub("", fold(question))
    pieces = subject_pieces(question, home)
    return any(len(c) >= SAID_WHOLE_CHARS and c in q and any(p in c for p in pieces)
               for c in (_NOT_HAN.sub("", part) for part in _CLAUSE_SPLIT.split(fold(title))))


# A list whose first entry holds most of the question and scores well is answered directly when it
# leads another fact by the matcher's own margin (its wider one when that fact holds the whole
# question too, as for a bare 虫草: handlers.qa); scope-guarded, and only when no reading above would
# change the first. No out-of-scope question of the four spent parts offered a list reached the
# score and coverage.
CLEAR_SCORE = 0.35
CLEAR_COVER = 0.60


def clear(score: float, cover: float, lead: float, margin: float) -> bool:
    return score >= CLEAR_SCORE and cover >= CLEAR_COVER and lead >= margin


# ... or, however close the scores, when it holds far more of the question than any other fact's
# entry does (那曲奋进的布局叫什么: the entry on the 布局 against one on the campaign at large, which
# scores as well on 那曲奋进 alone). On the five spent parts this answered 8 lists, each first right;
# the one out-of-scope question reaching it (another county's) the scope guard turns honest.
HOLDS_SCORE = 0.33
HOLDS_COVER = 0.55
HOLDS_LEAD = 0.15


def holds_most(score: float, cover: float, runner_cover: float) -> bool:
    return score >= HOLDS_SCORE and cover >= HOLDS_COVER and cover - runner_cover >= HOLDS_LEAD


# A list of one choice whose answer the scope guard finds lacking part of what is asked is no
# list: handlers.qa says what is missing before that answer when the entry holds at least this
# much of the question (query coverage), and falls back saying so when it holds less (山南's
# projects and spending asked, the one entry counting its cadres: 0.22).
LONE_COVER = 0.25
# ... and a list of several whose every entry lacks a detail asked for is no list either; these
# gaps do not count: another entry or a rewording may have what is asked, and 材料 asks as often
# for study material as for a physical one (有啥材料).
CHOICE_GAPS = WRONG_KIND_GAPS | {"term", "spec"}


# An answer whose entry lacks only what another entry may hold -- the home county asked (全县 asked,
# another county's figure first), what something buys, where a practice comes from, the things a count
# names (七大类是什么: the entry listing them after the one counting them), whom a thing bears on
# (活动和学生有啥关系: the entry naming students) -- gives way to an
# entry ranked within FULL_POOL of it that holds all that is asked, every word of the question the first
# holds (scope.holds_as_much) and at least this much of the question (handlers.qa). Not another place
# asked (比如县's turnout): the entry naming it is often about something else there. A name, a day or
# a venue no entry holds stays an honest partial reply.
# Only for a question whose ask the scope guard can see held (scope.pinned: a count, what is bought…),
# and the neighbour must hold NEIGHBOUR_COVER of the question -- less when what is asked is itself
# so particular that an entry naming it is about it (what points buy: 换生活用品; students).
NEIGHBOUR_COVER = {"home": 0.40, "origin": 0.40, "exchange": LONE_COVER, "items": 0.40, "relation": LONE_COVER}
NEIGHBOUR_GAPS = frozenset(NEIGHBOUR_COVER)


SIBLING_POOL = 0.75   # an entry of the same fact as the first, this close, may answer in its place


def sibling(question: str, ranked: Sequence, group_of: Callable[[str], str], text_of: Callable[[str], str]) -> str:
    """An entry of the first's own fact to answer with instead (联村党委走的什么路子: the entry
    counting them ranked first, the one telling the 路子 second), or "". Entries of one fact do not
    compete for the matcher's margin, so the closest in words answers; the one that uses the word
    asked for is the better of two close ones."""
    if len(ranked) < 2:
        return ""
    first = ranked[0]
    head = asked_head(question)
    if not head or head in text_of(first.entry_id):
        return ""
    group = group_of(first.entry_id)
    floor = first.score * SIBLING_POOL
    return next((c.entry_id for c in ranked[1:] if c.score >= floor and group_of(c.entry_id) == group
                 and head in text_of(c.entry_id)), "")
