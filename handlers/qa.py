"""Policy Q&A: answer, offer close matches (「您是不是想问」), or say what the bot can do.

Questions about the contest itself (an event named, or how many events one may enter, cost,
prizes…) are answered from the catalogue by knowledge.contest: before the general matcher when
the question names an event and asks something of it (or names only the event), else when the
matcher has no answer of its own. Either way the scope guard (knowledge.scope) reads the reply:
the catalogue goes before an entry that speaks of another event, of none of the category or event
named, or lacks part of what is asked that the catalogue's reply has; an entry about the person or
the uncovered place asked of goes before the catalogue. A message of two questions (党支部建到哪
一级，虫草山上也有吗) gets a second entry's answer too when one clause is answered by it in full.
Among suggestions, one whose answer has all that is asked goes before a first that lacks part;
a list of one choice that lacks part of what is asked, or whose every choice lacks a detail asked
for, is not offered: what is known is told saying first what is missing (or the fallback says so).

Flow "qa" exists only while numbered choices are on the screen (suggestions, or related
questions under an answer): then a number -- or the choice's own words, close enough under the
knowledge base's ``choice_policy`` (config.yaml ``find.qa_choice``) -- picks one, and anything
else is a new question. Fallbacks and suggestions are stored for
``python -m bot unanswered`` (not messages with no content, such as 「？」 or 「的」); when a
suggestion is then picked, the stored row records which entry was meant.
"""
from __future__ import annotations

import logging
import re
import weakref
from dataclasses import dataclass, replace
from typing import Any, Callable, Hashable

from bot.core.clock import county_today
from bot.core.memory import RecentCache
from bot.core.messages import Message, Reply
from bot.core.session import Context, Session
from handlers.base import Handler
from handlers.router import answer_max_chars
from knowledge.catalogue import Catalogue, untallied
from knowledge.contest import LOOSE_NAMES, UNSURE_LEAD, ContestDesk, ContestQuestion, asks_study_material, desk_for
from knowledge.find import Option, find
from knowledge import rerank
from knowledge.normalize import FUNCTION_CHARS, content_units
from knowledge.spell import reader_for, unquoted
from knowledge.scope import (ASKED_ELSEWHERE, FIGURES, HOME_TOWNS, PLACES, Gap, Lexicon, about_subject, anchored, asked_after,
                             asked_again, beside, clauses, continues, each_of, goes_on, holder_of, holder_only, elsewhere, gaps,
                             holds_as_much, honest, lacking, lexicon_for, only_place, phrases_asked, pinned,
                             quoted_counts, quotes_phrases, same_subject, short_but_clear,
                             stands_alone, tail_asked)
from knowledge.text import choice_number, fold, has_han, strip_punct

# Asks how a thing is done (咋培训, 怎么样宣传): the two characters after the asking word are the deed.
_HOW_WORDS = r"(?:咋个?|怎么样?|怎样|如何)\s*"
# how a thing is done (怎么培训); 怎么回事 / 怎么搞的 / 怎么办的 / 怎么样 ask what it is, no deed
_ASKS_HOW = re.compile(_HOW_WORDS + r"(?!回事|搞|弄|办|样)([\u4e00-\u9fff]{2})")
# a first choice this sure of the message answers it, whatever verb the how uses (网格化管理怎么完善)
HOW_SURE = 0.5
_ASKS_BEFORE_HOW = re.compile(r"多少|几[个人名场次项条年]|谁|哪|什么|啥|何时|时候|吗$|没有$")
_QUOTED = re.compile(r"“([^”]{2,12})”")
_PLACE_NAMED = re.compile("|".join(map(re.escape, sorted(PLACES, key=len, reverse=True))))
# A bare word or figure sent alone (驻村, 2000人, 100%): what the sources say of it is told, not guessed at.
_BARE_FIGURE = re.compile(r"(\d{2,}(?:\.\d+)?)\s*(%|％|人|名|个|场|场次|条|项|户|元|万元|万)?")
# A figure's unit and those the sources may write for it (2000名 is 2000人; 2000元 is not 2000万元).
_UNITS = {"人": "人名", "名": "人名", "个": "个项条", "项": "个项条", "条": "个项条", "场": "场", "场次": "场",
          "户": "户", "元": "元", "万": "万", "万元": "万"}
# a year (2024) is no figure to look up alone; a number inside a date (3月25日) is no figure at all
_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCES = re.compile(r"(?<=[。；;\n])")
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.、．]\s*|[一二三四五六七八九十]是)|[。；;\s]+$")
_DIGEST_LINE = 60               # characters of one sentence told for a bare word


_BARE_TERM = 6         # characters of a term sent alone (大讨论, 三个意识)
# 除了挂横幅(以外)还有…: the thing known, asked past (handlers.qa QAHandler._besides); the deed's verb
# before it (挂, 搞) is no word the answers say with it.
_BESIDES = re.compile(r"除了([^，,。？?！!；;]{1,10}?)(?:以外|之外|外)?[，,]?还")
_DEED_LEAD = re.compile(r"^(?:挂|搞|办|做|发|看|学|用|听|去|参加|报)")
# Besides a place or a person, other places or people asked (除了山南还有哪里, 还有哪些县, 还有谁): no entry
# saying the one named tells the others.
_BESIDES_WHERE = re.compile(r"哪些?(?:个)?(?:县|市|区|乡|镇|村|州|地方|地区|单位)|哪里|哪儿|谁")
_PLACE_WORD = re.compile(r"(?:县|市|区|州|乡|镇|村)$")
# A thing an entry only names beside another (它和“红黑榜”一起用): it explains the other, not this.
_BESIDE_ANOTHER = re.compile(r"(?:和|跟|与|同|及|以及)$")
_BESIDES_POOL = 0.6    # a choice this close to the first may tell more besides the thing


def _bare(text: str) -> str:
    """``text`` without spaces and punctuation, a per cent sign kept (100%)."""
    return re.sub(r"[^\w%.]", "", fold(text).replace("％", "%"))


def _says(sentence: str, key: str, figure) -> bool:
    """``sentence`` says the figure ``key``: a whole number (2000 not 12000 nor 2000.5), not part of a
    date (2027年3月25日), with the figure's own unit or one the sources write for it (2000余人 for
    2000人; never 2000余人 for 2000元)."""
    if not figure:
        return key in sentence
    if key.endswith("%"):
        return re.search(r"(?<![\d.])" + re.escape(key), sentence) is not None
    unit = figure.group(2) or ""
    units = "|".join(sorted(_UNITS.get(unit, ""), key=len, reverse=True)) if unit else ""
    after = r"\s*(?:余|多)?\s*(?:" + units + ")" if unit else r"(?![年月日号])"
    return re.search(r"(?<![\d.年月])" + re.escape(figure.group(1)) + r"(?![\d.])" + after, sentence) is not None


def _plain_figure(word: str):
    """The figure ``word`` is when it is one to look up alone: with a unit or per cent sign, or a bare
    number of three digits or more that is no year; else None."""
    figure = _BARE_FIGURE.fullmatch(word)
    if figure is None or "%" in word:
        return figure
    if not figure.group(2) and (len(figure.group(1)) < 3 or _YEAR.fullmatch(figure.group(1))):
        return None
    return figure


__all__ = ["QAHandler"]

log = logging.getLogger(__name__)

MENU_HINT = "发送「菜单」看全部功能。"
SIGNUP_HINT = "回复「报名"       # how a contest answer's line on signing up begins
PICK_HINT = "请回复数字（如 1），或换个说法直接问。"
DEFAULT_CONTACT = "请联系本村驻村工作队。"
_LATIN = re.compile(r"[A-Za-z]")
CONTEST_CHOICE = "contest:"   # prefix of a choice that is an event or category ("contest:event:CODE")
RECENT_TEXTS = 4096           # distinct question texts whose match / contest detection is kept (a few MB)
KEPT_OUTCOMES = ("answer", "partial", "greeting")   # a new question's replies told again as they are (_respond_recent)
# An answer that says part of what was asked is missing (「X我这里没有资料」, 「县里还没公布」): told
# like an answer, and logged for the cadres' unanswered page so they can teach the missing part.
PARTIAL = "partial"
KEPT_ANSWERS = 1024           # ... for this many texts (a reply is up to 2 kB: the popular few need no more)
WHOLE_QUERY = 0.95            # query coverage of an entry that holds all of a question (a bare keyword)
KIND_RIVAL = 0.45             # another entry within this share of the first's score may name the kind asked
KIND_LOOK = 5                 # ... among the first few candidates
ABOUT_MARGIN = 0.2            # entries within this share of the subject of the one most about it are as much about it
_JOINED = re.compile(r"(?:和|跟|与|及|还有|以及|同)(?:那个)?")   # two townships asked together, not one then another
MAX_CLAUSES = 3               # a message of more clauses is one question told at length, not several
_MISSING = object()

class RecentResults:
    """What the matcher and the contest desk made of recently asked texts, per knowledge base or
    desk (a reload brings new ones and starts afresh). Both are deterministic and cost most of a
    Q&A reply's time, and after a campaign push thousands send the same few questions. The least
    recently asked texts go first, and a text nobody asked for ``memory.cache_idle_seconds`` goes
    at the app's next sweep (bot.core.memory.RecentCache). Results are shared: nothing may change them."""

    def __init__(self, size: int = RECENT_TEXTS, clock: Callable[[], float] | None = None):
        self.size = size
        self.clock = clock
        self._by_source: "weakref.WeakKeyDictionary[object, RecentCache]" = weakref.WeakKeyDictionary()

    def get(self, source, text: Hashable, compute: Callable[[Any], Any]):
        result = self.peek(source, text)
        return self.put(source, text, compute(text)) if result is _MISSING else result

    def peek(self, source, text: Hashable):
        """What is kept for ``text``, or _MISSING."""
        results = self._by_source.get(source)
        return _MISSING if results is None else results.peek(text, _MISSING)

    def put(self, source, text: Hashable, result):
        results = self._by_source.get(source)
        if results is None:
            results = self._by_source[source] = RecentCache(self.size, clock=self.clock)
        return results.put(text, result)

    def sweep(self, now: float | None = None) -> int:
        """Forget the texts nobody asked for the idle time (the app's sweep does it for every cache)."""
        return sum(r.sweep(now) for r in list(self._by_source.values()))

    def fill(self) -> tuple[int, int]:
        """(texts kept, at most): ``size`` per knowledge base or desk still alive (an old one goes
        with its last reference after a reload)."""
        kept = [len(r) for r in list(self._by_source.values())]
        return sum(kept), self.size * max(1, len(kept))


@dataclass(frozen=True)
class _Answered:
    """A reply to a new question and the session it left (see QAHandler._respond_recent)."""

    text: str
    outcome: str
    extra: dict
    flow: str | None
    data: dict

    @staticmethod
    def copy(data: dict) -> dict:
        """A flow's data apart from the kept one: a later step may change its own (its lists replaced)."""
        return {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v for k, v in data.items()}


class QAHandler(Handler):
    name = "qa"
    transient = True
    idle_timeout = 600.0          # numbered choices go stale: after 10 minutes a digit means the menu again

    def __init__(self, recent: int = RECENT_TEXTS):
        self.recent = RecentResults(recent)
        self.picks = RecentResults(recent)        # (text, choices on the screen) -> the choice it picks
        self.answers = RecentResults(min(recent, KEPT_ANSWERS))   # (text, contest desk, county day) -> _Answered

    def bounds(self) -> dict[str, tuple[int, int]]:
        """What is kept per recently asked text (bot.core.memory)."""
        return {"qa.recent": self.recent.fill(), "qa.picks": self.picks.fill(), "qa.answers": self.answers.fill()}

    async def handle(self, ctx: Context, msg: Message) -> Reply:
        kb = ctx.services.kb
        text = (msg.text or "").strip()
        if kb is None:
            ctx.leave()
            return Reply(f"抱歉，问答资料暂时不可用，请稍后再试。\n{self._contact(ctx)}\n{MENU_HINT}",
                         outcome="fallback")
        if ctx.session.flow == self.name:
            picked = self._pick(ctx, kb, text)
            if picked == "invalid":
                n = len(ctx.session.data.get("choices") or [])
                if not n:
                    ctx.leave()
                    return Reply(f"这些选项已经过期了，请直接把问题再发一次。\n{MENU_HINT}", outcome="invalid")
                return Reply(f"没有这一项。请回复 1–{n} 的数字，或者直接提问。\n{MENU_HINT}", outcome="invalid")
            if picked is not None and picked.startswith(CONTEST_CHOICE):
                return self._contest_pick(ctx, picked)
            if picked is not None:
                entry = kb.get(picked)
                if entry is not None:
                    self._log_pick(ctx, ctx.session.data.get("logged"), entry.id)
                    return self._answer(ctx, kb, entry, ctx.session.data.get("lang", "zh"), score=None)
        if not text:
            ctx.leave()
            return Reply(f"请直接发送您想问的问题，文字或语音都可以。\n{MENU_HINT}", outcome="fallback")
        text = self._followed(ctx, text) or text
        reply = self._respond_recent(ctx, kb, text)
        self._keep_asked(ctx, text)
        return reply

    def _followed(self, ctx: Context, text: str) -> str:
        """A follow-up sent apart (the router forgets the question before after the idle timeout) that
        names no event or holder of its own: the question before's is what it asks of (挤奶比赛, then
        干部能参加吗: 挤奶比赛，干部能参加吗; 干部的口号是啥, then 群众的呢: 群众的口号是啥). "" when it stands alone."""
        asked = ctx.session.asked
        if not asked:
            return ""
        again = asked_after(asked.get("text", ""), text)
        cat = ctx.services.catalogue
        event = cat.event(asked.get("event", "")) if isinstance(cat, Catalogue) and not again else None
        if event is None:
            return again
        desk = desk_for(cat)
        if not desk.asks_only(text):
            return ""            # 射箭, then 医保一年交多少钱: a subject of its own, asked alone
        held = holder_only(text)
        own = self.recent.get(desk, text, desk.detect)
        if own is not None and (own.names_something or own.listing or own.counting):
            return ""
        # 学生呢 of an event: whether that group may enter it
        leaned = f"{event.name}，{held}能参加吗" if held else f"{event.name}，{text}"
        q = self.recent.get(desk, leaned, desk.detect)
        return leaned if q is not None and q.events == (event.code,) and q.aspects else ""

    def _keep_asked(self, ctx: Context, text: str) -> None:
        """What a follow-up may lean on: the question, if it names one event or a holder."""
        cat = ctx.services.catalogue
        q = self.recent.get(desk_for(cat), text, desk_for(cat).detect) if isinstance(cat, Catalogue) else None
        event = q.events[0] if q is not None and len(q.events) == 1 else ""
        held = text if holder_of(text) else ""      # a holder's question is asked again of another
        if (event, held) == (ctx.session.asked.get("event"), ctx.session.asked.get("text")):
            return               # the same asked again: the session unchanged, not written again
        ctx.session.asked = {"text": held, "event": event, "at": ctx.now.timestamp()} if event or held else {}

    def _respond_recent(self, ctx: Context, kb, text: str) -> Reply:
        """:meth:`_respond`, an answer or greeting made once per (text, knowledge, county day) and
        told again to whoever asks the same: after a campaign push thousands ask a few questions. Only
        those outcomes are kept: they log nothing and change nothing but the session's flow and data
        (the contest desk's depend on the day); suggestions, fallbacks and partial answers are logged
        per message, told afresh or again."""
        cat = ctx.services.catalogue
        key = (text, desk_for(cat) if isinstance(cat, Catalogue) else None, county_today(ctx.now))
        kept = self.answers.peek(kb, key)
        if kept is _MISSING:
            reply = self._respond(ctx, kb, text)
            if reply.outcome in KEPT_OUTCOMES:
                self.answers.put(kb, key, _Answered(reply.text, reply.outcome, dict(reply.extra), ctx.session.flow,
                                                    _Answered.copy(ctx.session.data)))
        else:
            ctx.enter(kept.flow, _Answered.copy(kept.data)) if kept.flow else ctx.leave()
            reply = Reply(kept.text, outcome=kept.outcome, extra=dict(kept.extra))
        if reply.outcome == PARTIAL:
            entry = reply.extra.get("entry")
            self._log(ctx, text, PARTIAL, [entry] if entry else [], reply.extra.get("score") or 0.0)
        return reply

    async def brief(self, ctx: Context, msg: Message) -> str | None:
        """A question asked inside a sign-up or a quiz: the direct answer only -- no related questions,
        no list to pick from, no menu line -- else None. Nothing is logged or kept."""
        kb = ctx.services.kb
        text = (msg.text or "").strip()
        if kb is None or not text:
            return None
        aside = Context(ctx.user, Session(), ctx.services)     # choices Q&A would keep never reach the flow
        reply = self._respond(aside, kb, text, brief=True)
        return reply.text if reply.outcome in ("answer", PARTIAL) and aside.session.flow is None else None

    def _respond(self, ctx: Context, kb, text: str, brief: bool = False) -> Reply:
        """A new question. ``brief``: see :meth:`brief`."""
        desk = desk_for(ctx.services.catalogue) if isinstance(ctx.services.catalogue, Catalogue) else None
        if text.isascii():
            # a sentence typed in pinyin (juesai shi na yi ji) goes on as its characters (决赛是哪一级),
            # no word of the reading quoted back as if the user had written it (“盾驻”的情况)
            read = reader_for(kb, desk).read(text)
        else:
            # pinyin typed among the characters (luolong xiangzhen 有哪些): read the same way
            read = reader_for(kb, desk).read_mixed(text) if _LATIN.search(text) else None
        if read:
            reply = self._respond(ctx, kb, read, brief=brief)
            return replace(reply, text=unquoted(reply.text, read))
        question = self.recent.get(desk, text, desk.detect) if desk is not None else None
        first = question is not None and desk.first(question)
        asks_kb = first or (question is not None and desk.defers(question))
        result = self.recent.get(kb, text, kb.match) if asks_kb else None
        if first:
            # Only details the catalogue may lack are asked: an entry about the same event that has
            # them (answered, or offered first) goes before 「县里还没公布」; and so does an entry
            # about the township or person the question names, asked what it was (俄西乡的演讲比赛).
            top = kb.get(result.candidates[0].entry_id) if result.candidates else None
            lang = result.lang
            about = f"{top.question_in(lang)}\n{top.answer_in(lang)}" if top is not None else ""
            if question.events and desk.defers(question) and result.outcome in ("answer", "suggest"):
                # 政策宣讲比赛在哪些村办过: an entry one sentence of which names the event and tells
                # what is asked answers it, offered first or ranked lower
                told = next((e for c in result.candidates[:kb.matcher.config.max_suggestions]
                             if (e := kb.get(c.entry_id)) is not None and desk.tells(question, e.answer_in(lang))), None)
                if told is not None and (told is not top or result.outcome == "suggest"):
                    return self._answer(ctx, kb, told, lang, score=None, asked=text, brief=brief)
            if (question.events or question.family) and result.outcome in ("answer", "suggest"):
                # 知识竞赛要背的应知应会有多少条: the study material named beside the event is the
                # knowledge base's (an entry the matcher ranks near the top that speaks of it)
                studied = next((e for c in result.candidates[:kb.matcher.config.max_suggestions]
                                if (e := kb.get(c.entry_id)) is not None
                                and asks_study_material(question, text, e.answer_in(lang))), None)
                if studied is not None:
                    return self._answer(ctx, kb, studied, lang, score=None, asked=text, brief=brief)
            # (an answer found by the topic alone, the ask's frame dropped, is no reason to pass over
            # what the desk reads asked of the event: 比赛奖励具体是什么)
            if (result.framed and question.aspects) or not (top is not None and result.outcome in ("answer", "suggest")
                    and not self._told_elsewhere(ctx, kb, text, top, lang)
                    and ((desk.defers(question) and desk.answers(question, top.answer_in(lang)))
                         or anchored(text, about, people_only=not set(question.aspects) <= {"what", "which"})
                         # 那曲's winners asked of (no event named): the entry telling 那曲's, not the
                         # catalogue's 没有资料 -- an event's prize there (索县缝纫一等奖奖金) stays honest
                         or (not question.events and self._speaks_of_elsewhere(kb, result, question)))):
                return self._contest(ctx, desk, text, question, brief=brief)
            question = None
        result = result or self.recent.get(kb, text, kb.match)
        if result.outcome == "greeting":
            ctx.leave()
            return Reply(self._smalltalk(ctx, result.smalltalk, result.lang), outcome="greeting",
                         extra={"smalltalk": result.smalltalk})
        if result.lang == "zh" and (tail := self._tail_asked(kb, text, result)) is not None:
            # 大讨论后面是什么: the entry whose quoted phrase goes on after the words said
            score = next(c.score for c in result.candidates if c.entry_id == tail.id)
            return self._answer(ctx, kb, tail, result.lang, score=score, asked=text, brief=brief)
        if result.outcome in ("suggest", "fallback") and result.lang == "zh":
            quoting = self._quotes_asked(kb, text, result)
            if quoting is not None:     # 网格那个要求是哪四句话: the one entry quoting four of them
                score = next(c.score for c in result.candidates if c.entry_id == quoting.id)
                return self._answer(ctx, kb, quoting, result.lang, score=score, asked=text, brief=brief)
        if (question is None and result.lang == "zh" and result.outcome in ("answer", "suggest")
                and (each := self._asked_each(ctx, kb, text, result)) is not None):
            # 三个意识和四件大事分别是什么: each thing's own entry answers it, both told in the order asked
            return self._answer(ctx, kb, each[0], result.lang, score=each[1], asked=each[2], brief=brief,
                                other=each[3])
        if result.outcome == "answer" and question is None and _plain_figure(_bare(text)):
            digest = self._word_digest(ctx, kb, text, result, brief, facts=2)
            if digest is not None:        # 100%: a bare figure several facts say, not the first one's alone
                return digest
        if result.outcome == "answer":
            top = result.candidates[0]
            entry = kb.get(top.entry_id)
            entry = self._sibling(kb, text, result) or self._whole_fact(kb, text, result) or entry
            entry = (self._neighbour(ctx, kb, text, result, entry) or self._nearer_home(ctx, kb, text, result, entry)
                     or entry)
            turned = self._other_town(ctx, kb, text, result, entry)
            if turned is not None:        # 腊久乡办了汇演，那孜托镇呢: the second township is what is asked
                return self._answer(ctx, kb, turned[0], result.lang, score=top.score, asked=turned[1], brief=brief)
            if question is not None and result.lang == "zh" and self._catalogue_better(ctx, kb, desk, text, question, entry):
                return self._contest(ctx, desk, text, question, brief=brief)     # 讲故事 asked, 驻村故事 answered
            if (asked_again(clauses(text))
                    and (apart := self._asked_apart(ctx, kb, text, result.lang)) is not None):
                # 干部要做到哪些，那群众的呢: each holder's own entry answers its clause, before any list
                return self._answer(ctx, kb, apart[0], result.lang, score=apart[1], asked=text, brief=brief,
                                    other=apart[2])
            # (the desk's how to sign up, of no event, leaves 为谁开展的，咋个参加 to the entries of the fact)
            how = (None if question is not None and (question.names_something or question.aspects != ("howto",))
                   else self._how_asked(ctx, kb, text, result, entry, brief))
            if how is not None:           # 技能人才发掘了多少，怎么培训: the entry asked how, and the count's too
                return how
            other = None if brief else self._names_the_kind(ctx, kb, text, result)
            if other is not None:         # 什么机制 asked, a 制度 answered, the 机制 in another entry: offer both
                return self._offer(ctx, kb, text, _distinct([other, entry, *kb.suggestions(result)])[:3], result,
                                   not brief)
            other = None if brief or entry.id != top.entry_id else self._about_more(ctx, kb, text, result)
            if other is not None:         # 索县宣讲会几场: the contests' entry never says 宣讲, the talks' names it
                return self._offer(ctx, kb, text, _distinct([other, entry]), result, True)
            return self._answer(ctx, kb, entry, result.lang, score=top.score, asked=text, brief=brief)
        if (question is not None and result.lang == "zh" and (question.aspects or question.listing)
                and not question.wordy and not self._speaks_of_elsewhere(kb, result, question)):
            return self._contest(ctx, desk, text, question, brief=brief)   # the matcher is unsure: the catalogue knows
        worth_logging = not brief and (content_units(result.norm) > 0 if result.lang == "zh" else bool(result.norm))
        if (result.outcome == "suggest" and question is None
                and (apart := self._asked_apart(ctx, kb, text, result.lang)) is not None):
            # 干部要做到哪些，那群众的呢: unsure of the whole, sure of each question in it (an event asked
            # of is the catalogue's to tell, below)
            return self._answer(ctx, kb, apart[0], result.lang, score=apart[1], asked=text, brief=brief, other=apart[2])
        if result.outcome == "suggest" and question is None and (more := self._besides(ctx, kb, text, result)) is not None:
            # 除了挂横幅还有啥宣传办法: the fullest telling of what is known besides the thing named
            return self._answer(ctx, kb, more[0], result.lang, score=more[1], asked=text, brief=brief)
        if result.outcome == "suggest":
            # Whether one entry stands out is judged in the matcher's order (the scope guard may
            # still pass it over); the list shown is in knowledge.rerank's unless an entry naming the
            # kind asked goes first.
            how = (None if question is not None
                   else self._how_asked(ctx, kb, text, result, kb.get(result.candidates[0].entry_id), brief))
            if how is not None:           # as for an answer above
                return how
            offered = kb.suggestions(result)
            entries = in_matcher_order = self._fullest_first(ctx, kb, text, offered, result)
            first_kept = entries[0].id == result.candidates[0].entry_id
            other = self._names_the_kind(ctx, kb, text, result) if first_kept else None
            if other is not None:
                entries = _distinct([other, *entries])[:max(len(entries), 2)]
            suggested = _Once(lambda: self._suggested(ctx, kb, text, result, offered))   # rerank's order, read once
            if entries[0].id == result.candidates[0].entry_id and (self._stands_alone(kb, result, entries)
                                                                    or self._clear_first(ctx, kb, text, result,
                                                                                         suggested)):
                top = result.candidates[0]
                entry = self._sibling(kb, text, result) or entries[0]
                entry = (self._neighbour(ctx, kb, text, result, entry) or self._nearer_home(ctx, kb, text, result, entry)
                         or entry)
                # (before the catalogue: 白达乡搞了宣讲比赛那俄西乡呢 asks what 俄西乡 did, not the event)
                turned = self._other_town(ctx, kb, text, result, entry)
                if turned is not None:    # as for an answer above
                    return self._answer(ctx, kb, turned[0], result.lang, score=top.score, asked=turned[1], brief=brief)
                if question is not None and self._catalogue_better(ctx, kb, desk, text, question, entries[0]):
                    return self._contest(ctx, desk, text, question, brief=brief)     # as for an answer above
                return self._answer(ctx, kb, entry, result.lang, score=top.score, asked=text, brief=brief)
            alone = self._only_full(ctx, kb, text, result, entries)
            if alone is not None and not (question is not None
                                          and self._catalogue_better(ctx, kb, desk, text, question, alone)):
                # the matcher's first lacks what is asked, and of the choices only this one holds it
                return self._answer(ctx, kb, alone, result.lang, score=result.candidates[0].score, asked=text,
                                    brief=brief)
            if (question is not None and result.lang == "zh" and (question.events or question.family)
                    and not self._speaks_of_elsewhere(kb, result, question)
                    and not any(self._speaks_of(ctx, desk, question, f"{e.question_in('zh')}\n{e.answer_in('zh')}")
                                for e in kb.suggestions(result))):
                # An event named and asked something the catalogue does not hold (厨艺比赛做几个菜), and
                # no entry offered speaks of it: what is known of that event, saying first what is not.
                return self._contest(ctx, desk, text, question, unsure=True, brief=brief)
            if other is None:
                reordered = suggested()
                entries = (in_matcher_order if [e.id for e in reordered] == [e.id for e in offered]
                           else self._fullest_first(ctx, kb, text, reordered, result))
            if self._no_choice(ctx, kb, text, entries, result.lang):
                # Every choice lacks part of what is asked (a detail the sources do not give, or the
                # one choice there is lacks anything): not offered as guesses. What the first lacks
                # is said plainly before what it holds when it holds a fair part of the question;
                # else the fallback says so.
                if question is not None and self._catalogue_better(ctx, kb, desk, text, question, entries[0]):
                    return self._contest(ctx, desk, text, question, brief=brief)
                first = next((c for c in result.candidates if c.entry_id == entries[0].id), None)
                score = first.score if first is not None else 0.0
                if first is None or first.cover < rerank.LONE_COVER:
                    missing = gaps(text, entries[0].answer_in("zh"), _about(entries[0], "zh"),
                                   home=self._campaign(ctx)[1], lexicon=self._lexicon(ctx, kb))
                    return self._lacking(ctx, text, missing, entries[0].id, score, brief)
                told = self._answer(ctx, kb, entries[0], result.lang, score=score, asked=text, brief=brief)
                if worth_logging and told.outcome == "answer":   # (partial and fallback ones log themselves)
                    self._log(ctx, text, "fallback", [entries[0].id], score)   # still unanswered: cadres see it
                return told
            if question is not None and question.wordy:
                # one's own sign-up asked of at length (报完了怎么看自己报上没有): no entry stood out,
                # the catalogue's line on 我的报名 answers it
                return self._contest(ctx, desk, text, question, brief=brief)
            if len(entries) > 1:
                return self._offer(ctx, kb, text, entries, result, worth_logging)
            # One choice is none to offer. It lacks nothing asked (_no_choice) and leads every other
            # entry by far (the list's floor): answered when it holds as much of the question as an
            # answer must (the matcher's answer_cover), only its score short; else unsure, the
            # question falls back (near misses -- 直播 asked of the publicity entry -- hold less).
            first = next((c for c in result.candidates if c.entry_id == entries[0].id), None)
            if first is not None and first.cover >= kb.matcher.config.answer_cover:
                return self._answer(ctx, kb, entries[0], result.lang, score=first.score, asked=text, brief=brief)
        if question is not None and result.lang == "zh" and (question.events or question.family or question.wordy):
            return self._contest(ctx, desk, text, question, unsure=True, brief=brief)   # no answer: say so first
        if self._short_but_clear(kb, result):
            top = result.candidates[0]
            return self._answer(ctx, kb, kb.get(top.entry_id), result.lang, score=top.score, asked=text, brief=brief)
        digest = None if question is not None else self._word_digest(ctx, kb, text, result, brief)
        if digest is not None:            # 驻村, 2000人: a bare word is told where the sources say it
            return digest
        ctx.leave()
        top = result.candidates[0] if result.candidates else None
        if worth_logging:
            self._log(ctx, text, "fallback", [top.entry_id] if top else [], top.score if top else 0.0)
        # 高考是哪天, 医保怎么交 that nothing matched: where to ask is told all the same
        elsewhere_asked = [g for g in gaps(text, "") if g.kind in ASKED_ELSEWHERE]
        return Reply(self._fallback(ctx, lacking(elsewhere_asked)), outcome="fallback",
                     extra={"score": top.score if top else 0.0})

    def _offer(self, ctx: Context, kb, text: str, entries: list, result, worth_logging: bool) -> Reply:
        """「您是不是想问」 with ``entries`` as numbered choices."""
        lines = ["您是不是想问："]
        lines += [f"{i}. {e.question_in(result.lang)}" for i, e in enumerate(entries, 1)]
        lines.append(f"{PICK_HINT}{MENU_HINT}")
        row = (self._log(ctx, text, "suggest", [e.id for e in entries], result.candidates[0].score)
               if worth_logging else None)
        ctx.enter(self.name, {"choices": [e.id for e in entries], "lang": result.lang, "logged": row})
        return Reply("\n".join(lines), outcome="suggest",
                     extra={"candidates": [e.id for e in entries], "score": result.candidates[0].score})

    def _names_the_kind(self, ctx: Context, kb, asked: str, result):
        """Another close entry whose answer names the kind of thing asked for (什么机制) when the first
        one's never does (a 制度): the matcher went by the other words; or None."""
        if result.lang != "zh" or not result.candidates:
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        first = kb.get(result.candidates[0].entry_id)

        def lacks_kind(e) -> bool:
            return any(g.kind == "kind" for g in gaps(asked, e.answer, _about(e, "zh"), home=home, lexicon=lexicon))

        if not lacks_kind(first):
            return None
        # the rival must speak of what the kind is asked of too (积分制是什么制度: not 活动的工作制度)
        floor = result.candidates[0].score * KIND_RIVAL
        rivals = (kb.get(c.entry_id) for c in result.candidates[1:KIND_LOOK] if c.score >= floor)
        said_first = _said(kb, first)
        return next((e for e in rivals if e is not None and not lacks_kind(e)
                     and same_subject(asked, said_first, _said(kb, e))), None)

    @staticmethod
    def _stands_alone(kb, result, entries) -> bool:
        """One suggestion far ahead of every other fact: answered (scope-guarded), not offered."""
        if result.lang != "zh" or not result.candidates:
            return False
        top = result.candidates[0]
        runner = _runner(kb, result)
        cfg = kb.matcher.config
        ambiguous = runner is not None and runner.cover >= WHOLE_QUERY
        return stands_alone(top.score, runner.score if runner is not None else 0.0, len(entries), has_han(result.norm),
                            ambiguous_lead=cfg.margin_ambiguous if ambiguous else 0.0)

    def _clear_first(self, ctx: Context, kb, asked: str, result, suggested: Callable[[], list]) -> bool:
        """The first of a list holds most of the question, scores well and leads by the matcher's
        margin (rerank.clear) or holds far more of it than any other fact's entry (rerank.holds_most),
        no reading of knowledge.rerank would put another first (``suggested``: the list in rerank's
        order, :meth:`_suggested`), and the scope guard finds nothing asked missing from its answer:
        answered, not offered."""
        if result.lang != "zh" or not has_han(result.norm) or not result.candidates:
            return False
        top = result.candidates[0]
        runner = _runner(kb, result)
        lead = top.score - (runner.score if runner is not None else 0.0)
        cfg = kb.matcher.config       # another fact holding the whole question (a bare 虫草): the wider margin
        margin = cfg.margin_ambiguous if runner is not None and runner.cover >= WHOLE_QUERY else cfg.margin
        if (not (rerank.clear(top.score, top.cover, lead, margin)
                 or rerank.holds_most(top.score, top.cover, runner.cover if runner is not None else 0.0))
                or suggested()[0].id != top.entry_id):
            return False
        entry = kb.get(top.entry_id)
        return not gaps(asked, entry.answer_in("zh"), _about(entry, "zh"), home=self._campaign(ctx)[1],
                        lexicon=self._lexicon(ctx, kb))

    def _told_elsewhere(self, ctx: Context, kb, asked: str, entry, lang: str) -> bool:
        """``entry`` answers ``asked``, asked of the home county, with another place's (山南's funds for
        the contest's prize money): the scope guard's home gap. The catalogue, the home county's own,
        answers such a contest question first."""
        return lang == "zh" and any(g.kind == "home" for g in gaps(asked, entry.answer_in(lang), _about(entry, lang),
                                                                   home=self._campaign(ctx)[1]))

    def _no_choice(self, ctx: Context, kb, asked: str, entries: list, lang: str) -> bool:
        """A list not worth offering (Chinese only): its one entry lacks part of what is asked, by
        the scope guard's reading, or every entry lacks a detail asked for (a place, a day, a phone
        number, a later round… -- not merely the kind or set asked, which another entry may have, nor
        a word the sources never use, which a typo or an everyday word may be)."""
        if lang != "zh" or not entries:
            return False
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        if all(only_place(asked, _said(kb, e), home, lexicon) for e in entries):
            return True           # 洛隆县医院在哪: every choice shares only the county's name with it
        lacks = [gaps(asked, e.answer_in(lang), _about(e, lang), home=home, lexicon=lexicon) for e in entries]
        if len(entries) == 1:
            return bool(lacks[0])
        return all(any(g.kind not in rerank.CHOICE_GAPS for g in found) for found in lacks)

    def _about_more(self, ctx: Context, kb, asked: str, result):
        """The entry close behind the matcher's answer that holds a piece of what is asked foreign to
        the answer, and all the answer holds (knowledge.rerank.about_more), or None."""
        if result.lang != "zh" or len(result.candidates) < 2 or phrases_asked(asked) is not None:
            return None
        ids = _distinct([kb.get(result.candidates[0].entry_id), *kb.suggestions(result)])
        found = rerank.about_more(asked, [e.id for e in ids], lambda i: _said(kb, kb.get(i)),
                                  lambda i: fold(kb.get(i).question), self._campaign(ctx)[1])
        return kb.get(found) if found else None

    @staticmethod
    def _sibling(kb, asked: str, result):
        """The entry of the first's own fact to answer with instead (knowledge.rerank.sibling), or None."""
        if result.lang != "zh":
            return None
        found = rerank.sibling(asked, result.candidates, kb.matcher.group_of, lambda i: _said(kb, kb.get(i)))
        return kb.get(found) if found else None

    @staticmethod
    def _whole_fact(kb, asked: str, result):
        """The entry of one fact that says all its close entries do, when ``asked`` is a bare term
        (大讨论) two of them say alike (the cadres' slogan and the herders', both opening with it):
        the term is the fact's, not one holder's -- the entry naming both slogans; else None."""
        word = result.norm      # (its particles cut: 大讨论啊)
        if result.lang != "zh" or not 2 <= len(word) <= _BARE_TERM or any(ch in FUNCTION_CHARS for ch in word):
            return None
        first = result.candidates[0]
        group = kb.matcher.group_of(first.entry_id)
        saying = [e for c in result.candidates[:kb.matcher.config.max_suggestions]
                  if c.score >= first.score * rerank.SIBLING_POOL and kb.matcher.group_of(c.entry_id) == group
                  and (e := kb.get(c.entry_id)) is not None and word in fold(e.answer_in("zh"))]
        if len(saying) < 2:
            return None
        return next((e for e in kb.entries.values() if kb.matcher.group_of(e.id) == group and e not in saying
                     and all(_holds_lines(e.answer_in("zh"), s.answer_in("zh")) for s in saying)), None)

    def _neighbour(self, ctx: Context, kb, asked: str, result, entry):
        """An entry ranked close behind ``entry`` that answers ``asked`` in full, when ``entry``'s
        answer lacks only what a neighbour may hold (knowledge.rerank.NEIGHBOUR_GAPS: 全县 asked,
        索县's figure first and the home county's second; 换什么 asked, the entry naming what is
        bought second), or None. A detail no entry may hold (a name, a day) stays an honest reply."""
        if result.lang != "zh" or len(result.candidates) < 2 or not pinned(asked):
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)

        def missing(e) -> list:
            return gaps(asked, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon)

        said = f"{entry.question}\n{entry.answer}"     # (not _said: a variant's wording is no more of the fact)
        lacks = missing(entry)
        if not lacks or not all(g.kind in rerank.NEIGHBOUR_GAPS for g in lacks):
            return None
        floor = result.candidates[0].score * rerank.FULL_POOL
        cover = max(rerank.NEIGHBOUR_COVER[g.kind] for g in lacks)
        close = [e for c in result.candidates[1:KIND_LOOK]
                 if c.score >= floor and c.cover >= cover and c.entry_id != entry.id
                 and (e := kb.get(c.entry_id)) is not None and holds_as_much(asked, said, f"{e.question}\n{e.answer}", home)]
        # the home county's own figure asked: an entry telling the home county's, not another place's
        # however its question reads; else one telling the same place's same figures and more (联村党委
        # 成立了几个，怎么运作: the entry on what they are, which counts them too), told as that place's
        there = elsewhere(said, home) if any(g.kind == "home" for g in lacks) else ""
        figures = set(FIGURES.findall(entry.answer))
        return (next((e for e in close if not missing(e) and not (there and elsewhere(_said(kb, e), home))), None)
                or next((e for e in close if there and figures and figures <= set(FIGURES.findall(e.answer))
                         and elsewhere(_said(kb, e), home) == there
                         and {g.kind for g in [*lacks, *missing(e)]} == {"home"}), None))

    def _nearer_home(self, ctx: Context, kb, asked: str, result, entry):
        """An entry ranked close behind ``entry`` to answer in its place when the question names no
        place and ``entry`` is about another one (knowledge.rerank.home_instead), lacking nothing
        ``entry`` does not lack by the scope guard's reading; or None."""
        if result.lang != "zh" or len(result.candidates) < 2:
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)

        def lacks(e) -> set:
            return {g.kind for g in gaps(asked, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon)}

        floor = result.candidates[0].score * rerank.FULL_POOL
        first = _Once(lambda: lacks(entry))
        pool = (c.entry_id for c in result.candidates[1:KIND_LOOK] if c.score >= floor and c.entry_id != entry.id
                and (e := kb.get(c.entry_id)) is not None and lacks(e) <= first())     # read only when asked of home
        found = rerank.home_instead(asked, entry.id, pool, lambda i: _said(kb, kb.get(i)), lambda i: fold(kb.get(i).question),
                                    home)
        return kb.get(found) if found else None

    def _only_full(self, ctx: Context, kb, asked: str, result, entries: list):
        """Among offered ``entries``, the one that holds what ``asked`` asks for when the matcher's
        first lacks it and would give way to it (:meth:`_neighbour`) and every other choice lacks
        part of it too: a list of one real choice is that choice. Else None."""
        top = kb.get(result.candidates[0].entry_id) if result.candidates else None
        found = self._neighbour(ctx, kb, asked, result, top) if top is not None else None
        if found is None or found.id not in {e.id for e in entries}:
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        others = [e for e in entries if e.id != found.id]
        return found if all(gaps(asked, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon)
                            for e in others) else None

    def _suggested(self, ctx: Context, kb, asked: str, result, entries: list) -> list:
        """The entries to offer (``entries``: kb.suggestions(result)), in the order knowledge.rerank
        reads ``asked`` (Chinese only)."""
        if result.lang != "zh" or len(result.candidates) < 2:
            return entries
        ids = rerank.order(asked, result.candidates, [e.id for e in entries], lambda i: _said(kb, kb.get(i)),
                           kb.matcher.config.max_suggestions, title_of=lambda i: fold(kb.get(i).question),
                           home=self._campaign(ctx)[1])
        return [kb.get(i) for i in ids]

    def _fullest_first(self, ctx: Context, kb, asked: str, entries: list, result) -> list:
        """The offered entries, the first moved behind the first other one whose answer has all
        that ``asked`` asks for when its own lacks part of it (什么模式 asked, the entry offered
        first naming no 模式): the matcher was unsure, and the scope guard tells them apart. Such
        an entry is sought among the matcher's ranked ones too, down to rerank.FULL_POOL of the
        first's score (哪两个工程 asked, the entry naming them ranked fifth)."""
        lang = result.lang
        if lang != "zh" or not entries:
            return entries
        home = self._campaign(ctx)[1]
        lexicon = self._lexicon(ctx, kb)

        def missing(e) -> list:
            return gaps(asked, e.answer_in(lang), _about(e, lang), home=home, lexicon=lexicon)

        def lacks(e) -> bool:
            return bool(missing(e))

        first = missing(entries[0])
        if not first:
            return entries
        # Deeper only for a thing of the wrong kind (哪两个工程 answered with a count of cadres): a
        # day, a name or a place no entry has is a near miss, told honestly, not a list; a numbered
        # set alone (四个方面) is matched by any entry sharing its noun.
        deep = (result.candidates and any(g.kind in ("kind", "change") for g in first)
                and all(g.kind in rerank.WRONG_KIND_GAPS for g in first))
        floor = result.candidates[0].score * rerank.FULL_POOL if deep else 2.0
        offered = {e.id for e in entries}
        deeper = [kb.get(c.entry_id) for c in result.candidates
                  if c.score >= floor and c.entry_id not in offered and kb.get(c.entry_id) is not None]
        # ... and that uses the word asked for whenever the first does (……是什么教育: not an entry that
        # only shares the numbered set's 方面)
        head = rerank.asked_head(asked)
        said_first = _said(kb, entries[0])
        keeps = (lambda e: head in _said(kb, e)) if head and head in said_first else (lambda e: True)
        # ... and, for a kind asked (包户是什么制度), speaks of what it is asked of as the first does
        kind = any(g.kind == "kind" for g in first)
        full = next((e for e in [*entries[1:], *deeper]
                     if keeps(e) and (not kind or same_subject(asked, said_first, _said(kb, e))) and not lacks(e)),
                    None)
        if full is None:
            return entries
        return ([full] + [e for e in entries if e is not full])[:max(len(entries), kb.matcher.config.max_suggestions)]

    def _catalogue_better(self, ctx: Context, kb, desk: ContestDesk, asked: str, question: ContestQuestion,
                          entry) -> bool:
        """The catalogue answers the contest question ``asked`` better than ``entry``: the entry speaks
        of another event than the one named, or the question names an event, a category or a family
        and the scope guard finds part of what is asked missing from the entry's answer but not
        from the catalogue's (语言文字类有几项 answered by one of its contests)."""
        if desk.speaks_of_another(question, entry.answer_in("zh")):
            return True
        if question.elsewhere and not (question.names_something or question.listing):
            # 边坝县几号截止: an entry that does not speak of 边坝 answers with 洛隆县's figures as if
            # they were 边坝's; the catalogue's answer says first that 边坝's are not here
            return fold(question.elsewhere) not in fold(f"{entry.question_in('zh')}\n{entry.answer_in('zh')}")
        if not question.names_something:
            return False
        home = self._campaign(ctx)[1]
        lexicon = self._lexicon(ctx, kb)
        if (self._speaks_of(ctx, desk, question, f"{entry.question_in('zh')}\n{entry.answer_in('zh')}")
                and not gaps(asked, entry.answer_in("zh"), _about(entry, "zh"), home=home, lexicon=lexicon)):
            return False
        r = desk.reply(question, today=county_today(ctx.now), guardian_age=self._guardian_age(ctx))
        return not r.partial and not gaps(asked, r.text, home=home, lexicon=lexicon)

    @staticmethod
    def _speaks_of(ctx: Context, desk: ContestDesk, question: ContestQuestion, text: str) -> bool:
        """``text`` names an event, the category or the family word ``question`` names, or one of
        their events (活动一共设7大类 does not speak of 语言文字类, nor does it naming all seven:
        knowledge.catalogue.untallied, as for every reading of what an entry tells of)."""
        catalogue = ctx.services.catalogue
        category = catalogue.category(question.category) if question.category else None
        norm = untallied(strip_punct(text), [strip_punct(c.name) for c in catalogue.categories])
        words = [question.family, category.name.removesuffix("类") if category else ""]
        codes = [*question.events, *question.family_events, *(e.code for e in (category.events if category else ()))]
        words += [k for code in codes for k in desk.keys.get(code, ())]
        return any(w and strip_punct(w) in norm for w in words)

    def _other_town(self, ctx: Context, kb, asked: str, result, entry):
        """(entry, the question without the township given as context) when the question names one
        township with what it did and then turns to another (腊久乡元旦搞了汇演，那孜托镇搞了啥): ``entry``
        tells of the first only, and an entry ranked close behind tells of the second, complete for
        the question without the first; else None. Two townships asked together (腊久乡和孜托镇) are no turn."""
        if result.lang != "zh" or not result.candidates:
            return None
        q = fold(asked)
        said = fold(f"{entry.question}\n{entry.answer}")
        towns = sorted((q.find(t), t) for t in HOME_TOWNS if t in q)
        if len(towns) != 2:
            return None
        (at, given), (later, turned_to) = towns
        # the matcher's first may tell of the second already (白达乡搞了宣讲比赛那俄西乡呢 -> 俄西乡's)
        second = turned_to in said and given not in said
        if not (second or (given in said and turned_to not in said)):
            return None
        between = q[at + len(given):later]
        if len(strip_punct(between)) < 2 or _JOINED.fullmatch(strip_punct(between)):
            return None
        rest = q[:at] + q[later:]            # the question about the second township alone
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        if second:
            return (entry, rest) if not gaps(rest, entry.answer_in("zh"), _about(entry, "zh"), home=home,
                                             lexicon=lexicon) else None
        floor = result.candidates[0].score * rerank.FULL_POOL
        found = next((e for c in result.candidates[1:KIND_LOOK]
                      if c.score >= floor and c.entry_id != entry.id and (e := kb.get(c.entry_id)) is not None
                      and turned_to in fold(f"{e.question}\n{e.answer}") and given not in fold(e.answer)
                      and not gaps(rest, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon)), None)
        return (found, rest) if found is not None else None

    @staticmethod
    def _speaks_of_elsewhere(kb, result, question: ContestQuestion) -> bool:
        """The question is about a place or time the catalogue does not cover (那曲's handicrafts)
        and the matcher's first choice speaks of it: that entry, not the catalogue, is offered."""
        top = kb.get(result.candidates[0].entry_id) if question.elsewhere and result.candidates else None
        return top is not None and fold(question.elsewhere) in fold(f"{top.question_in('zh')}\n{top.answer_in('zh')}")

    @staticmethod
    def _quotes_asked(kb, asked: str, result):
        """The entry, of those the matcher ranks near the top, most about what set phrases are asked
        of by their count (scope.about_subject), when it quotes that many (scope.quotes_phrases); None
        when it does not -- another entry quoting that many of something else is no answer -- or
        when several are as much about it."""
        phrased = phrases_asked(asked)
        if phrased is None:
            return None
        entries = [e for c in result.candidates[:KIND_LOOK] if (e := kb.get(c.entry_id)) is not None]
        about = {e.id: about_subject(phrased[0], _own_words(e)) for e in entries}
        best = max(about.values(), default=0.0)
        # of those (nearly) as much about it, the count decides (网格管理体系…哪四句: 网格's four, not
        # the 治理体系's seven)
        near = [e for e in entries if about[e.id] >= best - ABOUT_MARGIN]
        quoting = [e for e in near if quoted_counts(e.answer_in("zh"), phrased[0])]
        found = [e for e in quoting if quotes_phrases(asked, e.answer_in("zh"), _own_words(e))]
        # 哪几句 (no count to decide by): only when one of them quotes any
        return found[0] if len(found) == 1 and (phrased[1] or len(quoting) == 1) else None

    @staticmethod
    def _tail_asked(kb, asked: str, result):
        """The entry, in the matcher's order among the first few, whose answer quotes a set phrase going
        on after the words said before 后面是什么 (scope.continues), the longest of them said first; None
        when no tail is asked, or the matcher's own answer already goes on after them."""
        said = tail_asked(asked)
        if not said:
            return None
        entries = [e for c in result.candidates[:KIND_LOOK] if (e := kb.get(c.entry_id)) is not None]
        starts = {e.id: continues(said, e.answer_in("zh")) for e in entries}
        held = holder_of(asked)

        def rank(e) -> tuple:
            # the longest start said; then the holder asked of (农牧民的大讨论后面: theirs, by the entry's
            # own question first), or with none named the entry going on in the most runs (both slogans)
            start, runs = starts[e.id]
            own = (held in e.question_in("zh"), held in _own_words(e)) if held else (runs,)
            return (len(start), *own)

        best = max(entries, key=rank, default=None)     # (max keeps the matcher's order among equals)
        if best is None or not starts[best.id][1]:
            return None                  # none goes on, or the longest start said ends its phrase (作贡献)
        start = starts[best.id][0]
        if not held and len({goes_on(start, e.answer_in("zh")) for e in entries if rank(e) == rank(best)}) > 1:
            return None                  # 大讨论后面是啥: it starts both slogans, no holder named -- the matcher's
        return None if result.outcome == "answer" and rank(entries[0]) == rank(best) else best

    @staticmethod
    def _short_but_clear(kb, result) -> bool:
        """A fallback only for want of words (组长是谁) that one entry plainly answers."""
        if result.outcome != "fallback" or result.lang != "zh" or not result.candidates:
            return False
        top = result.candidates[0]
        runner = _runner(kb, result)
        return short_but_clear(top.score, top.cover, runner.score if runner is not None else 0.0, has_han(result.norm))

    # -- contest questions -------------------------------------------------------------------
    def _contest(self, ctx: Context, desk: ContestDesk, asked: str, q: ContestQuestion, unsure: bool = False,
                 brief: bool = False) -> Reply:
        """The catalogue's answer, read by the scope guard like any other: a part of ``asked`` it
        does not give (a name, a word the sources never use) is named before it."""
        r = desk.reply(q, today=county_today(ctx.now), guardian_age=self._guardian_age(ctx), unsure=unsure)
        text, partial = r.text, r.partial
        home = self._campaign(ctx)[1]
        # a name a character off (拨河) is no unknown word: it is read as the event's (拔河)
        # the names the event goes by are what the reply is about (书法 for the writing contest)
        names = " ".join(_event_names(desk, q.events))
        missing = gaps(q.heard or asked, text, names, home=home, lexicon=self._lexicon(ctx, ctx.services.kb))
        if any(g.kind == "term" and desk.of_whom(asked, g.missing[1:-4]) for g in missing):
            # whom it is asked of (邻居家小伙子) is no word the sources lack, a word beside it may be
            # (小伙子残疾: 残疾): the terms read again with whom it is asked of cut out
            missing = [g for g in missing if not (g.kind == "term" and desk.of_whom(asked, g.missing[1:-4]))] + [
                g for g in gaps(desk.without_whom(q.heard or asked), text, names, home=home,
                                lexicon=self._lexicon(ctx, ctx.services.kb)) if g.kind == "term"]
        # a township of the county asked of a rule the same everywhere (中亦乡的人能报赛马吗): no gap
        missing = [g for g in missing
                   if not (g.kind == "place" and desk.county_wide(q, g.missing.removesuffix("的情况")))
                   # a count the desk gave (只限学生的有几个: 1项) is no count missing
                   and not (g.kind == "count" and q.counting)
                   # the other place the desk read (外县) it names itself, not twice
                   and not (g.kind == "place" and g.missing in text)
                   # what the contests have to do with a group (跟老人有啥关系) the desk tells as who may
                   # enter: its rules speak of everyone, named or not
                   and g.kind != "relation"
                   # a detail put in wrong (电话填成他的了) is told how to put right whatever was put in
                   and not (g.kind == "term" and q.fix)
                   # who is asked to sign one up (村长可以帮我报名吗) is no word the sources lack
                   and not (g.kind == "term" and q.proxy and desk.of_helper(asked, g.missing[1:-4]))]
        if beside(missing):
            return self._lacking(ctx, asked, missing, "", 0.0, brief)
        if partial:       # the desk said what it lacks; a word or place it never read is said too (驾照), and
            # a person's condition (怀孕了能报射箭吗，要带什么: the card's gap is not the condition's)
            missing = [g for g in missing if g.kind in ("term", "place", "condition") and g.missing not in text]
            if missing and text.startswith(UNSURE_LEAD):
                # one notice, naming what it can (“曲目”的情况、您问的其他几点…), not two in a row
                text = text[len(UNSURE_LEAD):]
                missing = [*missing, Gap("unsure", "您问的其他几点")]
        if missing:
            text, partial = honest(missing, text, home=home), True
        return self._contest_reply(ctx, text, r.choices, r.outcome,
                                   {"aspects": list(q.aspects), "age": q.age, "details": list(q.details)},
                                   partial=partial, brief=brief)

    def _contest_pick(self, ctx: Context, picked: str) -> Reply:
        """A number picked from a list of events or categories the contest answer offered."""
        desk = desk_for(ctx.services.catalogue)
        asked = ctx.session.data.get("contest") or {}
        kind, code = picked[len(CONTEST_CHOICE):].split(":", 1)
        today = county_today(ctx.now)
        if kind == "category":
            r = desk.category_card(ctx.services.catalogue.category(code), today=today)
        else:
            r = desk.about(ctx.services.catalogue.event(code), asked.get("aspects") or (), today=today,
                           guardian_age=self._guardian_age(ctx), age=asked.get("age"),
                           details=asked.get("details") or ())
        return self._contest_reply(ctx, r.text, r.choices, r.outcome, asked, partial=r.partial)

    def _contest_reply(self, ctx: Context, text: str, choices: list[str], outcome: str, asked: dict,
                       partial: bool, brief: bool = False) -> Reply:
        if choices:
            ctx.enter(self.name, {"choices": [CONTEST_CHOICE + c for c in choices], "lang": "zh", "contest": asked})
        else:
            ctx.leave()
        if brief:       # inside a sign-up or a quiz: no 「回复「报名…」」 line, no menu line
            text = "\n".join(line for line in text.split("\n") if not line.startswith(SIGNUP_HINT))
        else:
            text = f"{text}\n{MENU_HINT}"
        return Reply(text, outcome=PARTIAL if partial else "answer", extra={"contest": outcome, "partial": partial})

    @staticmethod
    def _guardian_age(ctx: Context) -> int | None:
        settings = ctx.services.settings
        value = settings.section("signup").get("guardian_age", 14) if settings is not None else None
        return int(value) if value is not None else None

    # -- pieces ------------------------------------------------------------------------------
    def _pick(self, ctx: Context, kb, text: str) -> str | None:
        """Entry id picked from the offered choices, "invalid" for a number out of range, else None."""
        choices = [c for c in (ctx.session.data.get("choices") or []) if self._offered(ctx, kb, c)]
        ctx.session.data["choices"] = choices
        if not choices:                                      # choices gone (knowledge base reloaded)
            return "invalid" if choice_number(text) is not None else None
        # The same answer leaves the same choices: after a campaign push, the same few (text, choices).
        return self.picks.get(kb, (text, tuple(choices)), lambda _: self._find_choice(kb, text, choices))

    @staticmethod
    def _find_choice(kb, text: str, choices: list[str]) -> str | None:
        # An event or category is picked by its number only: named, it is asked about anew.
        options = [Option(c, () if c.startswith(CONTEST_CHOICE) else (kb.get(c).question,), i)
                   for i, c in enumerate(choices, 1)]
        found = find(text, options, kb.choice_policy, key=kb.normalizer.normalize_query)
        if found.number is not None and not found:
            return "invalid"
        return found.item

    @staticmethod
    def _offered(ctx: Context, kb, choice: str) -> bool:
        """The choice still exists (the knowledge base or the catalogue may have been reloaded)."""
        if not choice.startswith(CONTEST_CHOICE):
            return kb.get(choice) is not None
        kind, _, code = choice[len(CONTEST_CHOICE):].partition(":")
        cat = ctx.services.catalogue
        return cat is not None and (cat.event(code) if kind == "event" else cat.category(code)) is not None

    def _answer(self, ctx: Context, kb, entry, lang: str, score: float | None, asked: str = "",
                brief: bool = False, other=False) -> Reply:
        """``asked``: the question the matcher answered on its own (not a picked choice), checked
        by the scope guard -- a part the entry lacks is named (没有资料) before its answer.
        ``brief``: the answer alone (no related questions, no closing line). ``other``: the
        :meth:`_other_part` of ``asked`` when already found."""
        home = self._campaign(ctx)[1]
        lexicon = self._lexicon(ctx, kb) if asked else None
        if other is False:
            other = self._other_part(kb, asked, entry, lang, home, lexicon) if asked else None
        if (other is not None and kb.matcher.group_of(other[0].id) == kb.matcher.group_of(entry.id)
                and holds_as_much(asked, entry.answer_in(lang), other[0].answer_in(lang))
                and not gaps(asked, other[0].answer_in(lang), _about(other[0], lang), home=home, lexicon=lexicon)):
            # the other clause's entry, of the same fact, tells all this one does of the message too
            # (党支部建到哪一级，临时党组织建在哪: the branches' entry names the temporary ones): it alone
            # answers both
            entry, other = other[0], None
        if (other is not None and other[1] in {part for _, part in asked_again(clauses(asked))}
                and _repeats(other[0].answer_in(lang), entry.answer_in(lang))):
            # a holder asked again, never told twice: the answer holding the other's lines answers alone
            # (群众的口号，干部呢: the entry naming both slogans)
            if _holds_lines(other[0].answer_in(lang), entry.answer_in(lang)):
                entry = other[0]
            other = None
        own = asked if other is None else "，".join(p for p in clauses(asked) if p != other[1])
        text = entry.answer_in(lang)
        missing = gaps(own, text, _about(entry, lang), home=home, lexicon=lexicon) if asked else []
        if missing and beside(missing):       # tomorrow's weather asked of an entry naming the place
            return self._lacking(ctx, asked, missing, entry.id, score, brief)
        place = only_place(asked, _said(kb, entry), home, lexicon) if asked and lang == "zh" else ""
        if place:       # 洛隆有啥好玩的, matched on the place's name alone: nothing of the entry is asked
            return self._lacking(ctx, asked, [Gap("beside", f"{place}的这方面情况")], entry.id, score, brief)
        if asked and lang == "zh":
            # a holder asked again that neither answer speaks of (干部的口号是啥 学生呢): said plainly,
            # never answered with another's nor dropped
            told = _said(kb, entry) + ("" if other is None else _said(kb, other[0]))
            parts = clauses(asked)
            again = [held for held, _ in asked_again(parts)]
            held = [holder_of(parts[0]), *again] if again else []
            missing += [Gap("holder", f"{h}的这方面情况") for h in dict.fromkeys(held) if h and h not in told]
        if missing:
            text = honest(missing, text, home=home)
        if other is not None:         # a second question in the same message, that another entry answers
            # (told in the order asked: 干部的口号是啥 老百姓呢, answered from the 老百姓 entry, tells 干部's first)
            first = clauses(asked)[0] == other[1]
            text = f"{other[0].answer_in(lang)}\n\n{text}" if first else f"{text}\n\n{other[0].answer_in(lang)}"
        related = [r for r in (kb.get(rid) for rid in entry.related[:2]) if r is not None]
        lines = [text, "", "相关问题："]
        lines += [f"{i}. {r.question_in(lang)}" for i, r in enumerate(related, 1)]
        lines.append(f"回复数字查看，或直接提问；{MENU_HINT}")
        if brief:
            ctx.leave()
            body = text
        elif related and len("\n".join(lines)) <= answer_max_chars(ctx.services.settings):
            # Related questions only where they fit the answer's screen: never push the answer's
            # own last lines behind 「更多」.
            ctx.enter(self.name, {"choices": [r.id for r in related], "lang": lang})
            body = "\n".join(lines)
        else:
            ctx.leave()
            body = f"{text}\n\n还有问题请直接问我；{MENU_HINT}"
        extra = {"entry": entry.id}
        if other is not None:
            extra["also"] = other[0].id
        if missing:
            extra["partial"] = [g.kind for g in missing]
        if score is not None:
            extra["score"] = score
        return Reply(body, outcome=PARTIAL if missing else "answer", extra=extra)

    def _asked_apart(self, ctx: Context, kb, asked: str, lang: str):
        """(entry, score, other part) when ``asked`` is two or three questions in one message, the first of them
        answered in full by that entry on its own and another by a second entry (:meth:`_other_part`):
        both are told, though the matcher was unsure of the message as a whole; else None."""
        parts = clauses(asked)
        if lang != "zh" or not 2 <= len(parts) <= MAX_CLAUSES:
            return None
        result = self.recent.get(kb, parts[0], kb.match)
        if result.outcome != "answer" or result.lang != "zh":
            return None
        top = result.candidates[0]
        entry = kb.get(top.entry_id)
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        if gaps(parts[0], entry.answer_in(lang), _about(entry, lang), home=home, lexicon=lexicon):
            return None
        other = self._other_part(kb, asked, entry, lang, home, lexicon)
        return None if other is None else (entry, top.score, other)

    def _asked_each(self, ctx: Context, kb, asked: str, result):
        """(entry, score, its question, (other entry, other question)) when ``asked`` asks two things
        the same of each (:func:`each_of`) and each question is answered in full by an entry of its
        own -- unless the whole message already is by one entry (干部和群众各提了什么口号: the entry
        naming both slogans), sure of it or not; else None."""
        parts = each_of(fold(asked))
        if not parts:
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)
        if result.outcome in ("answer", "suggest") and result.candidates:
            whole = kb.get(result.candidates[0].entry_id)
            said = whole.answer_in("zh")
            if (not gaps(asked, said, _about(whole, "zh"), home=home, lexicon=lexicon)
                    and all(_explains(thing, said) for thing in _each_things(parts))):
                return None
        found = []
        for part in parts:
            each = self.recent.get(kb, part, kb.match)
            if each.outcome != "answer" or each.lang != "zh":
                return None
            entry = kb.get(each.candidates[0].entry_id)
            if gaps(part, entry.answer_in("zh"), _about(entry, "zh"), home=home, lexicon=lexicon):
                return None
            found.append((entry, each.candidates[0].score, part))
        (first, score, part), (second, _, other) = found
        return None if first.id == second.id else (first, score, part, (second, other))

    def _besides(self, ctx: Context, kb, asked: str, result):
        """(entry, score) when ``asked`` names a thing it knows and asks what else there is (除了挂横幅
        还有啥宣传办法, 除了问答还有啥) and the matcher is unsure: of its close choices that say the thing,
        the one telling most besides it (the whole publicity, not the offline lines alone) with no part
        of the question lacking; else None."""
        m = _BESIDES.search(fold(asked))
        if m is None or result.lang != "zh" or not result.candidates:
            return None
        thing = _DEED_LEAD.sub("", m.group(1))
        if (len(thing) < 2 or _BESIDES_WHERE.search(fold(asked), m.end()) or _PLACE_NAMED.search(thing)
                or _PLACE_WORD.search(thing)):
            return None
        # as written, or by its knowledge base's word (条幅 is the 横幅 the answers say)
        word = kb.normalizer.normalize_query(thing, fillers=False)
        floor = result.candidates[0].score * _BESIDES_POOL
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)

        def says(e) -> bool:
            return thing in fold(e.answer_in("zh")) or word in kb.normalizer.normalize_query(e.answer_in("zh"), fillers=False)
        saying = [(e, c.score) for c in result.candidates[:kb.matcher.config.max_suggestions]
                  if c.score >= floor and (e := kb.get(c.entry_id)) is not None and says(e)
                  and not gaps(asked, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon)]
        return max(saying, key=lambda es: len(fold(es[0].answer_in("zh"))), default=None)

    def _how_asked(self, ctx: Context, kb, asked: str, result, top, brief: bool) -> Reply | None:
        """The answer when ``asked`` asks how something is done (技能人才 咋培训, 老百姓咋个参加) and the
        matcher's first choice ``top`` is never asked that way (it tells the talents found, or who may
        join) while an entry of the same fact offered beside it is (参赛选手怎么培训, 怎么参加活动): that
        entry's -- after ``top``'s when the message before the 怎么 is a question of its own ``top``
        answers in full (发掘了多少人，怎么培训; 活动为谁开展的，怎么参与: both, in the order asked).
        None when nothing such is asked, when ``top`` is sure of the message on its own (HOW_SURE), or
        when the other entry lacks what is asked (a place, a term ``top`` names, any gap)."""
        if result.lang != "zh" or top is None:
            return None
        q = fold(asked)
        how = _ASKS_HOW.search(q)
        if how is None:
            return None
        titled = re.compile(_HOW_WORDS + re.escape(how.group(1)))

        def asked_how(e) -> bool:
            return any(titled.search(fold(v)) for v in (e.question_in("zh"), *e.similar))

        # of the same fact only (联村党委怎么运作 is not the 积分超市's 怎么运作)
        group = kb.matcher.group_of(top.id)
        # ``top`` asked how already (活动是为谁搞的，咋个参加 matched 怎样参与活动): the question before the
        # 怎么 is another entry's of the fact, told first, ``top`` after it
        told_how = asked_how(top)
        entry = next((e for c in result.candidates[1:kb.matcher.config.max_suggestions]
                      if kb.matcher.group_of(c.entry_id) == group
                      and (e := kb.get(c.entry_id)) is not None and asked_how(e) != told_how), None)
        if entry is None:
            return None
        if told_how:
            top, entry = entry, top
        said = fold(f"{entry.question_in('zh')}\n{entry.answer_in('zh')}")
        # never away from a place or a term of ``top``'s the other does not speak of (书记项目怎么分工)
        named = {*_PLACE_NAMED.findall(q), *(t for t in _QUOTED.findall(fold(f"{top.question_in('zh')}\n{top.answer_in('zh')}"))
                                           if fold(t) in q)}
        if any(fold(n) not in said for n in named):
            return None
        home, lexicon = self._campaign(ctx)[1], self._lexicon(ctx, kb)

        def lacks(e, part: str) -> bool:
            return bool(gaps(part, e.answer_in("zh"), _about(e, "zh"), home=home, lexicon=lexicon))

        score = result.candidates[0].score
        # the text before the 怎么 a question of its own top answers in full (为谁开展的，怎么参与)
        rest = re.sub(r"(?:又|还|那|并且|而且|是)+$", "", strip_punct(q[:how.start()]).strip())
        if _ASKS_BEFORE_HOW.search(rest) and not lacks(top, rest):
            if lacks(entry, q[how.start():]):
                return None
            return self._answer(ctx, kb, top, "zh", score=score, asked=rest, brief=brief,
                                other=(entry, q[how.start():]))
        if told_how or score >= HOW_SURE or lacks(entry, asked):
            return None
        return self._answer(ctx, kb, entry, "zh", score=score, asked=asked, brief=brief)

    def _word_digest(self, ctx: Context, kb, asked: str, result, brief: bool, facts: int = 1) -> Reply | None:
        """A message that is one bare figure (2000人, 1677, 100%) that no entry answers
        alone: the sentence of each of up to three entries, of as many facts, that says it -- the
        matcher's choices first --, each a choice to read in full. None when the message is no bare
        figure, or fewer than ``facts`` facts say it (an unknown word still falls back)."""
        if result.lang != "zh":
            return None
        word = _bare(asked)
        figure = _plain_figure(word)
        if figure:
            key = figure.group(1) + ("%" if "%" in word else "")
        else:
            # a bare word of characters keeps the fallback (tests/test_policy_asks.py: 资金 / 身份 only
            # inside longer words lead no list); only figures are told
            return None
        top = kb.get(result.candidates[0].entry_id) if result.candidates else None
        if (facts > 1 and figure.group(2) and "%" not in key and top is not None
                and any(_says(s, key, figure) for s in _SENTENCES.split(top.answer_in("zh")))):
            return None      # 31名 answered by the entry saying 31名: that answer, not a list beside 31个
        ranked = [c.entry_id for c in result.candidates] + list(kb.entries)
        found: dict[str, tuple[Any, str]] = {}           # fact -> (entry, its sentence saying the word)
        for eid in dict.fromkeys(ranked):
            e = kb.get(eid)
            fact = kb.matcher.group_of(eid) if e is not None else ""
            if e is None or fact in found:
                continue
            # a sentence leading into a list (主要做这几件事：) says nothing of its own
            said = next((_LIST_MARK.sub("", s).strip() for s in _SENTENCES.split(e.answer_in("zh"))
                         if _says(s, key, figure) and not s.rstrip().endswith(("：", ":"))), None)
            if said:
                found[fact] = (e, said if len(said) <= _DIGEST_LINE else said[:_DIGEST_LINE - 1] + "…")
            if len(found) == 3:
                break
        if len(found) < facts:
            return None
        picked = list(found.values())
        lines = [f"关于「{word}」，我这里有这些：", *(f"{i}. {said}" for i, (_, said) in enumerate(picked, 1))]
        if brief:
            ctx.leave()
            return Reply("\n".join(lines), outcome="answer", extra={"entry": picked[0][0].id, "digest": True})
        ctx.enter(self.name, {"choices": [e.id for e, _ in picked], "lang": "zh"})
        lines.append(f"回复数字看详细，或直接提问；{MENU_HINT}")
        return Reply("\n".join(lines), outcome="answer", extra={"entry": picked[0][0].id, "digest": True})

    def _other_part(self, kb, asked: str, entry, lang: str, home: str, lexicon: Lexicon):
        """(entry, clause) when ``asked`` is two or three questions in one message (党支部建到哪一级，
        虫草山上也有吗) and one of its clauses is, on its own, answered by another entry than the one
        the whole message was -- in full, by the scope guard's reading; else None."""
        parts = clauses(asked)
        if lang != "zh" or not 2 <= len(parts) <= MAX_CLAUSES:
            return None
        group = kb.matcher.group_of(entry.id)
        said = _said(kb, entry)
        again = dict((part, held) for held, part in asked_again(parts))
        for part in parts:
            if part in again and again[part] in said:
                continue          # a holder the whole message's entry speaks of too: told once
            result = self.recent.get(kb, part, kb.match)
            if result.lang != "zh" or not result.candidates or result.candidates[0].entry_id == entry.id:
                continue
            # a clause the matcher is unsure of counts when its first choice is another entry of the
            # fact the whole message was answered from (党支部建到哪一级 beside 临时党组织建在哪: F32's
            # branches and its temporary organisations), leading every other fact's entry
            if not (result.outcome == "answer"
                    or (result.outcome == "suggest" and kb.matcher.group_of(result.candidates[0].entry_id) == group
                        and self._leads_others(kb, result, group))):
                continue
            other = kb.get(result.candidates[0].entry_id)
            if part in again and again[part] not in _said(kb, other):
                continue          # another's answer is no answer for a holder it never speaks of
            if not gaps(part, other.answer_in(lang), _about(other, lang), home=home, lexicon=lexicon):
                return other, part
        return None

    @staticmethod
    def _leads_others(kb, result, group: str) -> bool:
        """The clause's first choice leads the best entry of any other fact than ``group`` by the
        matcher's margin."""
        top = result.candidates[0]
        rival = next((c for c in result.candidates[1:] if kb.matcher.group_of(c.entry_id) != group), None)
        return rival is None or top.score - rival.score >= kb.matcher.config.margin

    @staticmethod
    def _lexicon(ctx: Context, kb) -> Lexicon:
        """Every word the knowledge base and the contest catalogue use (built once per load)."""
        cat = ctx.services.catalogue
        return lexicon_for(kb, desk_for(cat) if isinstance(cat, Catalogue) else None)

    @staticmethod
    def _campaign(ctx: Context) -> tuple[str, str]:
        """(campaign name, county) from the contest catalogue; empty when it is not loaded."""
        campaign = getattr(ctx.services.catalogue, "campaign", None)
        return (getattr(campaign, "name", "") or "", getattr(campaign, "county", "") or "")

    def _lacking(self, ctx: Context, asked: str, missing: list, entry_id: str, score: float | None,
                 brief: bool) -> Reply:
        """The fallback, saying first what is missing, for a question the chosen answer only seems
        to touch (the weather at a township an entry names): that answer is not worth telling."""
        ctx.leave()
        extra = {"score": score or 0.0, "partial": [g.kind for g in missing]}
        if brief:         # inside a sign-up or a quiz: said so in a line, then the flow goes on
            return Reply(f"抱歉，{lacking(missing)}。", outcome="answer", extra=extra)
        self._log(ctx, asked, "fallback", [entry_id] if entry_id else [], score or 0.0)
        return Reply(self._fallback(ctx, lacking(missing)), outcome="fallback", extra=extra)

    def _fallback(self, ctx: Context, lacks: str = "") -> str:
        name, _ = self._campaign(ctx)
        topic = f"“{name}”活动和政策问题" if name else "活动和政策问题"
        return (f"抱歉，{lacks + '。' if lacks else '这个问题我还答不上来。'}\n"
                f"我可以：回答{topic}（直接打字或说话）；"
                "发送「报名」报名参赛；发送「答题」练习答题；发送「我的报名」查看报名。\n"
                f"{self._contact(ctx)}\n{MENU_HINT}")

    @staticmethod
    def _contact(ctx: Context) -> str:
        """config.yaml's contacts.fallback when set, else the catalogue's contact (its office phone
        only once the county has filled it in: never a placeholder)."""
        settings = ctx.services.settings
        contacts = settings.section("contacts") if settings is not None else {}
        campaign = getattr(ctx.services.catalogue, "campaign", None)
        line = campaign.contact_line() if campaign is not None else ""
        return str(contacts.get("fallback") or line or DEFAULT_CONTACT).strip()

    def _smalltalk(self, ctx: Context, kind: str, lang: str) -> str:
        if kind == "thanks":
            return f"不客气！还有问题随时问我；{MENU_HINT}"
        if kind == "bye":
            return f"再见！有问题随时来问我；{MENU_HINT}"
        if kind == "ack":
            return f"好的！还有问题随时问我；{MENU_HINT}"
        hello = "བཀྲ་ཤིས་བདེ་ལེགས། 扎西德勒！" if lang == "bo" else "扎西德勒！"
        name, county = self._campaign(ctx)
        who = f"{county}“{name}”活动小助手" if name else "活动小助手"
        return (f"{hello}我是{who}。"
                "您可以直接问我活动和政策问题，比如“一共有多少项比赛？”“怎么报名？”；"
                f"{MENU_HINT}")

    @staticmethod
    def _log(ctx: Context, question: str, outcome: str, candidates: list[str], score: float) -> str | None:
        """Queue the question for `python -m bot unanswered`; its key (None when not stored)."""
        unanswered = ctx.services.unanswered
        if unanswered is None:
            return None
        try:
            return unanswered.record(when=ctx.now, openid=ctx.user, question=question, outcome=outcome,
                                     candidates=candidates, score=score)
        except Exception:          # the reply matters more than the log line
            log.exception("could not store an unanswered question")
            return None

    @staticmethod
    def _log_pick(ctx: Context, key: str | None, entry_id: str) -> None:
        unanswered = ctx.services.unanswered
        if unanswered is None or not key:
            return
        try:
            unanswered.pick(key, entry_id)
        except Exception:
            log.exception("could not store which suggestion was picked")


class _Once:
    """A value worked out on first use, then kept (for one message)."""

    def __init__(self, make: Callable[[], Any]):
        self._make, self._value = make, _MISSING

    def __call__(self):
        if self._value is _MISSING:
            self._value = self._make()
        return self._value


def _each_things(parts: list[str]) -> tuple[str, str]:
    """The two things of :func:`each_of`'s questions (红黑榜, 积分超市 of 红黑榜是什么, 积分超市是什么)."""
    first, second = parts
    n = 0
    while n < min(len(first), len(second)) - 1 and first[-1 - n] == second[-1 - n]:
        n += 1
    return first[:len(first) - n], second[:len(second) - n]


def _explains(thing: str, answer: str) -> bool:
    """``answer`` speaks of ``thing`` itself somewhere, not only beside another (它和红黑榜一起用)."""
    text = fold(answer).replace("“", "").replace("”", "")
    return any(not _BESIDE_ANOTHER.search(text[max(m.start() - 2, 0):m.start()])
               for m in re.finditer(re.escape(fold(thing)), text))


def _runner(kb, result):
    """The best candidate after the first that is about another fact (not of its group), or None."""
    group = kb.matcher.group_of(result.candidates[0].entry_id)
    return next((c for c in result.candidates[1:] if kb.matcher.group_of(c.entry_id) != group), None)


def _distinct(entries: list) -> list:
    """``entries`` in order, each once."""
    seen: set[str] = set()
    return [e for e in entries if not (e.id in seen or seen.add(e.id))]



_QUOTED = re.compile(r"“([^”]{4,})”")


def _repeats(told: str, beside: str) -> bool:
    """``told`` would repeat ``beside``: one holds the other, or a quoted line of it is quoted there
    too (the 群众 slogan beside the answer naming both slogans)."""
    a, b = fold(told), fold(beside)
    return a in b or b in a or any(fold(q) in b for q in _QUOTED.findall(told))


def _holds_lines(told: str, beside: str) -> bool:
    """``told`` says all ``beside`` quotes (or all of it, quoting nothing)."""
    t, lines = fold(told), _QUOTED.findall(beside)
    return all(fold(q) in t for q in lines) if lines else fold(beside) in t


def _said(kb, entry) -> str:
    """All an entry says in Chinese (question, variants, keywords, answer), folded: what
    knowledge.rerank looks for the asked-for word in -- a tally naming every category aside."""
    if entry is None:
        return ""
    return untallied(fold("\n".join((entry.question, *entry.similar, *entry.keywords, entry.answer))),
                     [fold(n) for n in kb.category_names])


def _own_words(entry) -> str:
    """What an entry is about in its own words: its question, phrasings and keywords (not its answer,
    which may name anything in passing: 千万工程's 促乡村振兴)."""
    return "\n".join((entry.question_in("zh"), *entry.similar, *entry.keywords))


def _about(entry, lang: str) -> str:
    """What an entry's answer is about besides its own words, for the scope guard: its question and
    its file's section (那曲经验: the answer need not say 那曲 again)."""
    return f"{entry.question_in(lang)}\n{entry.section}"


def _event_names(desk: ContestDesk, codes) -> list[str]:
    """What the events go by: their names and aliases, and the everyday words read as one (书法)."""
    keys = [k for code in codes for k in desk.keys.get(code, ())]
    return [*keys, *(word for word, names in LOOSE_NAMES.items() if set(names) & set(keys))]
