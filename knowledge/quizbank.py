"""The quiz bank (knowledge/quiz.yaml): loading, validation and answer checking.

Schema: docs/data-formats.md, section "Quiz bank". ``load_quiz_bank`` either
returns a complete, valid ``QuizBank`` or raises ``KBError`` listing every
problem as ``file:line: id: problem`` so a county editor can fix them all in
one pass.

Answer checking lives here too (``Question.check``): it turns what people
type or say -- "B", "ｂ", "选B", "2", "第二个", the option's text, "对", "√",
"错误", "没有错" -- into a verdict, or ``None`` when the reply is not an answer at all
(the handler then repeats the options instead of marking it wrong), or
:class:`Unclear` when it could mean more than one option (the handler asks for
the letter).

A bare number is read as the number written in an option before it is read as a
position: for options [2期, 6期, 4期, 10期], "4" is C (4期), not D. When the number
is in more than one option the reply is :class:`Unclear`; a bank where that can
happen for a number a user might type as a position (1..number of options) is
invalid. Figures are never guessed: no close-spelling match when a figure is
involved, a reply that is part of an option's text needs exactly its numbers
(10% is not 100%, 167 is not 1677名), and a reply that contains an option's text
counts only if the rest is filler or words of the question (不是五 is not 五). A close
spelling picks an option or passes a fill-in answer through :func:`knowledge.find.find`, with
the ``quiz_choice`` / ``quiz_fill`` policies of config.yaml's ``find:`` section.

Texts may quote the contest catalogue's size as placeholders (``{events}项``, see
:meth:`knowledge.catalogue.Catalogue.counts`); ``load_quiz_bank`` fills them in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from knowledge.catalogue import fill_counts_in
from knowledge.errors import KBError
from knowledge.find import Option, Policies, find
from knowledge.normalize import numerals_to_digits
from knowledge.text import CN_NUMERAL_CHARS, cn_number, fold, scalar_text, strip_punct
from knowledge.words import FALSE_WORDS, TRUE_WORDS
from knowledge.yamlsource import LineDict, load_yaml

TYPES = ("choice", "truefalse", "fill")
TYPE_LABELS = {"choice": "单选", "truefalse": "判断", "fill": "填空"}
LETTERS = "ABCD"
TRUEFALSE_OPTIONS = ("对", "错")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = {"id", "type", "question", "options", "answer", "accept", "explanation", "entry"}
TEXT_FIELDS = ("question", "options", "answer", "accept", "explanation")   # where placeholders are filled


# --------------------------------------------------------------------------- model

@dataclass(frozen=True)
class Question:
    id: str
    type: str                       # choice | truefalse | fill
    question: str
    answer: str                     # choice: "A".."D"; truefalse: 对/错; fill: the expected text
    explanation: str
    options: tuple[str, ...] = ()   # choice: 2-4 texts; truefalse: ("对", "错"); fill: ()
    accept: tuple[str, ...] = ()    # fill: other accepted texts
    entry: str | None = None        # id of the knowledge-base entry it comes from
    line: int = 0                   # line in the YAML file, for messages
    policies: Policies = field(default=Policies(), compare=False, repr=False)   # close spellings (config.yaml find:)

    @property
    def correct_index(self) -> int | None:
        if self.type == "choice":
            return LETTERS.index(self.answer)
        if self.type == "truefalse":
            return TRUEFALSE_OPTIONS.index(self.answer)
        return None

    @property
    def answer_text(self) -> str:
        """The correct answer as shown to the user: 'B. 33项', '对', '33项'."""
        if self.type == "choice":
            return f"{self.answer}. {self.options[self.correct_index]}"
        return self.answer

    def check(self, text: str, voice: bool = False) -> "Verdict | Unclear | None":
        """Judge a reply. None means it is not recognisable as an answer (re-prompt); Unclear
        that it could mean several options (ask for the letter).
        ``voice``: the text is WeChat's speech recognition, so homophones of letters count."""
        if self.type == "fill":
            return _check_fill(self, text)
        index = parse_choice(text, self.options, truefalse=self.type == "truefalse", voice=voice,
                             question=self.question, policies=self.policies)
        if index is None or isinstance(index, Unclear):
            return index
        return Verdict(correct=index == self.correct_index, given=LETTERS[index])


@dataclass(frozen=True)
class Verdict:
    correct: bool
    given: str          # normalised form of the answer, for the history ("B", "对", "33项")


@dataclass(frozen=True)
class Unclear:
    """A reply that could mean more than one option (a number written in several of them)."""

    reply: str
    options: tuple[int, ...]        # indexes it could mean

    @property
    def letters(self) -> str:
        return "、".join(LETTERS[i] for i in self.options)


@dataclass
class QuizBank:
    questions: list[Question] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        self.by_id = {q.id: q for q in self.questions}

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __contains__(self, qid: object) -> bool:
        return qid in self.by_id

    def get(self, qid: str) -> Question | None:
        return self.by_id.get(qid)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


# --------------------------------------------------------------------------- loading

def load_quiz_bank(path: str | Path, entry_ids: set[str] | None = None, *,
                   counts: dict[str, str] | None = None, policies: Policies | None = None) -> QuizBank:
    """Load and validate a quiz bank. ``entry_ids``: the knowledge-base ids ``entry`` may name
    (None skips that check); ``counts``: the catalogue's placeholder values
    (:meth:`knowledge.catalogue.Catalogue.counts`; None: a placeholder is a problem);
    ``policies``: how close spellings are judged (default: config.yaml's defaults).
    Raises KBError with every problem found."""
    path = Path(path)
    fname = str(path)
    doc, errors = load_yaml(path, fname)
    if errors:
        raise KBError(errors)
    problems: list[str] = []
    if not isinstance(doc, LineDict) or not isinstance(doc.get("questions"), list):
        raise KBError([f"{fname}:1: -: expected a top-level 'questions:' list"])
    if not doc["questions"]:
        raise KBError([f"{fname}:{doc.line_of('questions')}: -: 'questions' is empty"])

    questions: list[Question] = []
    first_line: dict[str, int] = {}
    for n, item in enumerate(doc["questions"], start=1):
        if not isinstance(item, LineDict):
            problems.append(f"{fname}:{doc.line_of('questions')}: -: question #{n} is not a mapping")
            continue
        item_problems = fill_counts_in(item, TEXT_FIELDS, counts)     # the catalogue's counts
        q, parse_problems = _parse_question(item, entry_ids, policies or Policies())
        item_problems += parse_problems
        qid = item.get("id") if isinstance(item.get("id"), str) and item.get("id") else f"#{n}"
        for line, problem in item_problems:
            problems.append(f"{fname}:{line}: {qid}: {problem}")
        if isinstance(item.get("id"), str):
            if qid in first_line:
                problems.append(f"{fname}:{item.line_of('id')}: {qid}: "
                                f"duplicate id (first used at line {first_line[qid]})")
            else:
                first_line[qid] = item.line_of("id")
        if q is not None and not item_problems:
            questions.append(q)
    if problems:
        raise KBError(problems)
    return QuizBank(questions, source=fname)


def _parse_question(item: LineDict, entry_ids: set[str] | None,
                    policies: Policies) -> tuple[Question | None, list[tuple[int, str]]]:
    problems: list[tuple[int, str]] = []

    def at(key: str) -> int:
        return item.line_of(key)

    def bad(key: str, problem: str) -> None:
        problems.append((at(key), problem))

    for key, line in item.duplicates:
        problems.append((line, f"field '{key}' given twice"))
    for key in item:
        if key not in FIELDS:
            bad(key, f"unknown field '{key}' (allowed: {', '.join(sorted(FIELDS))})")

    qid = item.get("id")
    if not isinstance(qid, str) or not qid:
        bad("id", "missing 'id'")
    elif not ID_RE.match(qid):
        bad("id", "id may contain only lower-case letters, digits and '-'")

    qtype = item.get("type")
    if qtype not in TYPES:
        bad("type", f"'type' must be one of {', '.join(TYPES)} (got {qtype!r})")

    question = scalar_text(item.get("question"))
    if not question:
        bad("question", "missing 'question' text")
    explanation = scalar_text(item.get("explanation"))
    if not explanation:
        bad("explanation", "missing 'explanation' (shown after every answer)")

    entry = item.get("entry")
    if entry is not None:
        if not isinstance(entry, str) or not entry:
            bad("entry", "'entry' must be a knowledge-base entry id")
            entry = None
        elif entry_ids is not None and entry not in entry_ids:
            bad("entry", f"entry '{entry}' does not exist in the knowledge base")

    raw_answer = item.get("answer")
    answer = scalar_text(raw_answer)
    options: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()

    if qtype == "choice":
        raw_options = item.get("options")
        if not isinstance(raw_options, list):
            bad("options", "choice question needs an 'options' list of 2-4 answers")
        else:
            texts = [scalar_text(o) for o in raw_options]
            if any(not t for t in texts):
                bad("options", "every option must be non-empty text")
            elif not 2 <= len(texts) <= 4:
                bad("options", f"choice question needs 2-4 options (has {len(texts)})")
            else:
                seen: dict[str, int] = {}
                for i, t in enumerate(texts):
                    key = normalize_answer(t)
                    if key in seen:
                        bad("options", f"options {LETTERS[seen[key]]} and {LETTERS[i]} are the same ('{t}')")
                    else:
                        seen[key] = i
                options = tuple(texts)  # type: ignore[arg-type]
                for number, meant in _shared_numbers(options):
                    bad("options", f"the reply {number} could mean option {' or '.join(LETTERS[i] for i in meant)} "
                                   f"(each contains {number}): reword them so that at most one does")
        if answer is None or not answer:
            bad("answer", "missing 'answer' (the letter of the one correct option)")
        else:
            letter = fold(answer).strip().upper()
            if len(letter) != 1 or letter not in LETTERS:
                bad("answer", f"answer must be exactly one letter A-D naming the one correct option (got '{answer}')")
            elif options and LETTERS.index(letter) >= len(options):
                bad("answer", f"answer {letter} but there are only {len(options)} options")
            else:
                answer = letter
        if "accept" in item:
            bad("accept", "'accept' is only for fill questions")
    elif qtype == "truefalse":
        if "options" in item:
            bad("options", "truefalse questions take no 'options' (they are always 对/错)")
        if answer not in TRUEFALSE_OPTIONS:
            bad("answer", f"truefalse answer must be 对 or 错 (got {raw_answer!r})")
        options = TRUEFALSE_OPTIONS
        if "accept" in item:
            bad("accept", "'accept' is only for fill questions")
    elif qtype == "fill":
        if "options" in item:
            bad("options", "fill questions take no 'options'")
        if not answer:
            bad("answer", "missing 'answer' (the expected text)")
        raw_accept = item.get("accept", [])
        if not isinstance(raw_accept, list) or any(not scalar_text(a) for a in raw_accept):
            bad("accept", "'accept' must be a list of texts")
        else:
            accept = tuple(scalar_text(a) for a in raw_accept)  # type: ignore[misc]

    if problems:
        return None, problems
    return Question(id=qid, type=qtype, question=question, answer=answer, explanation=explanation,
                    options=options, accept=accept, entry=entry, line=item.line, policies=policies), []


# --------------------------------------------------------------------------- answer parsing

_SYMBOLS = {"√": "对", "✓": "对", "✔": "对", "☑": "对", "✅": "对", "○": "对", "⭕": "对",
            "×": "错", "✗": "错", "✘": "错", "╳": "错", "❌": "错", "❎": "错", "✕": "错", "✖": "错"}
_CN_POSITIONS = {"壹": 1, "贰": 2, "叁": 3, "肆": 4}
# Words around an answer in speech or chat: "我选B", "答案是第二个", "B吧", "选C的".
_PREFIXES = ("我觉得是", "我觉得", "我认为是", "我认为", "我选择", "我选", "答案是", "答案选", "答案",
             "应该是", "应该选", "应该", "选择", "就选", "选项", "选", "一共是", "一共有", "一共", "总共", "共有", "共",
             "就是", "是", "答")
_SUFFIXES = ("选项", "答案", "项", "个", "吧", "啊", "呀", "呢", "的", "了", "嘛", "哦", "号")
# What speech recognition makes of a lone letter ("选B" heard as "选必").
_VOICE_LETTERS = {**dict.fromkeys("诶哎欸", "a"), **dict.fromkeys("比必逼币", "b"),
                  **dict.fromkeys("西希溪", "c"), **dict.fromkeys("弟地滴低", "d")}
_TRUTH = (("正确", 1), ("对", 1), ("错", -1))
_NEGATORS = ("没有", "不是", "并非", "不", "没", "非")
_NEGATION = frozenset("不没非别未")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def normalize_answer(text: str) -> str:
    """An answer as compared: check marks and crosses as 对 / 错, then :func:`knowledge.text.strip_punct`
    keeping figures (a decimal point and '%', which change a figure's meaning)."""
    return strip_punct("".join(_SYMBOLS.get(ch, ch) for ch in text or ""), figures=True)


# 「一百多场次」, 「100来场」: said for the 100余场次 an option writes.
_ABOUT_RE = re.compile(r"([0-9零〇一幺二两俩三四五六七八九十百千万])[多来](?=[^0-9多来少]|$)")


def _figures(s: str) -> str:
    """Chinese numerals before a measure word as digits (四十六条 -> 46条), and 多 / 来 after a number
    as the 余 options write (一百多场次 -> 100余场次), for comparing."""
    return numerals_to_digits(_ABOUT_RE.sub(r"\1余", s))


def _numbers(s: str) -> tuple[str, ...]:
    """The numbers written in a normalised text, sorted (decimals whole: 5.3 is not 3)."""
    return tuple(sorted(_NUMBER_RE.findall(_figures(s))))


def _shared_numbers(options: tuple[str, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """(n, option indexes) for each n in 1..len(options) -- a number someone may type as a
    position -- that a reply of just n could not be read as (see :func:`_bare_number`)."""
    opts = [_figures(normalize_answer(o)) for o in options]
    return [(n, picked.options) for n in range(1, len(options) + 1)
            if isinstance(picked := _bare_number(str(n), opts), Unclear)]


def _strip_answer_frame(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        for p in _PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p):], True
                break
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf):
                s, changed = s[:-len(suf)], True
                break
    return s


def _index_of(hay: str, needle: str) -> int:
    """Where ``needle`` is in ``hay``, but not as part of a longer number (33 is not in 133 or
    3.33); -1 when it is not."""
    start = hay.find(needle)
    while needle and start >= 0:
        end = start + len(needle)
        before = hay[start - 1] if start else ""
        after = hay[end] if end < len(hay) else ""
        if not ((needle[0].isdigit() and (before.isdigit() or before == "."))
                or (needle[-1].isdigit() and (after.isdigit() or after == "."))):
            return start
        start = hay.find(needle, start + 1)
    return -1


def _contains(hay: str, needle: str) -> bool:
    return _index_of(hay, needle) >= 0


def _is_filler(rest: str, question: str) -> bool:
    """Is what a reply says besides an answer only filler: answer-frame words (是, 吧, 我选), or
    words of the question itself (33项比赛 for a question about 比赛)? Never a negation, a
    number or a numeral (不是五, 四五 are not 五)."""
    if not rest:
        return True
    if any(ch.isdigit() or ch in CN_NUMERAL_CHARS or ch in _NEGATION for ch in rest):
        return False
    core = _strip_answer_frame(rest)
    return core in {p for p in _PREFIXES + _SUFFIXES} or (len(core) >= 2 and core in question)


def _contains_only(reply: str, answer: str, question: str) -> bool:
    """``reply`` contains ``answer`` and says nothing else but filler."""
    at = _index_of(reply, answer)
    if at < 0:
        return False
    before, after = reply[:at], reply[at + len(answer):]
    return _is_filler(before, question) and _is_filler(after, question)


def _same_numbers(a: str, b: str) -> bool:
    return _numbers(a) == _numbers(b)


def _letter_position(token: str, count: int) -> int | None:
    """'b' / '第二' / '第2' -> 1 within ``count`` options; None for anything else."""
    if len(token) == 1 and "a" <= token <= "d":
        index = ord(token) - ord("a")
    elif token.startswith("第") and len(token) > 1:
        n = cn_number(token[1:])
        if n is None:
            return None
        index = n - 1
    elif token in _CN_POSITIONS:
        index = _CN_POSITIONS[token] - 1
    else:
        return None
    return index if 0 <= index < count else None


def _bare_number(token: str, options: list[str]) -> int | Unclear | None:
    """A reply that is only a number n ('4', '四'), for normalised options: the option with n
    written in it ('4期') when exactly one has it; when several have it, the n-th option if it
    is one of them (一个县 / 一个村民小组…: '1' is A), else Unclear; when none has it, the n-th
    option ('4' -> D)."""
    n = cn_number(token)
    if n is None:
        return None
    position = n - 1 if 1 <= n <= len(options) else None
    meant = tuple(i for i, o in enumerate(options) if str(n) in _numbers(o))
    if len(meant) == 1:
        return meant[0]
    if not meant or position in meant:
        return position
    return Unclear(token, meant)


def _truth(s: str) -> int | None:
    """0 (对) or 1 (错) from a short spoken form -- 这个说法是对的, 说法错误, 没有错, 不是错的,
    错不了 -- or None when it says neither or both (对不对)."""
    signs = set()
    i = 0
    while i < len(s):
        for word, sign in _TRUTH:
            if s.startswith(word, i):
                negated = any(s[:i].endswith(n) for n in _NEGATORS)
                if s.startswith("不了", i + len(word)):          # 错不了: cannot be wrong
                    negated = not negated
                signs.add(-sign if negated else sign)
                i += len(word)
                break
        else:
            i += 1
    if len(signs) != 1:
        return None
    return 0 if signs.pop() > 0 else 1


def parse_choice(text: str, options: tuple[str, ...] | list[str], truefalse: bool = False,
                 voice: bool = False, question: str = "", policies: Policies = Policies()) -> int | Unclear | None:
    """Index of the option a reply picks; None when it picks none; Unclear when it could mean
    several. ``question``: the question's text (a reply may repeat its words around the answer);
    ``policies.quiz_choice``: when a close spelling picks an option."""
    raw = normalize_answer(text)
    if not raw:
        return None
    opts = [_figures(normalize_answer(o)) for o in options]
    core = _strip_answer_frame(raw)
    # 1. the option's own text, exactly ("33项", "对", "三十三项")
    for token in (raw, core):
        if _figures(token) in opts:
            return opts.index(_figures(token))
    # 2. a letter or position (A, 选A, 第二个, B选项), or a bare number (4, 四)
    for token in (raw, core):
        index = _letter_position(token, len(options))
        if index is not None:
            return index
    for token in (raw, core):
        picked = _bare_number(token, opts)
        if picked is not None:
            return picked
    if voice and core in _VOICE_LETTERS:
        return _letter_position(_VOICE_LETTERS[core], len(options))
    # 3. true/false words and symbols
    if truefalse:
        for token in (raw, core):
            if token in TRUE_WORDS:
                return 0
            if token in FALSE_WORDS:
                return 1
        return _truth(raw) if len(raw) <= 12 else None
    # 4. the option's text, approximately: the reply is the option plus filler, or a part of
    #    exactly one option, or a close spelling -- always with exactly the option's numbers
    q = normalize_answer(question)
    reply = _figures(core)
    around = [i for i, o in enumerate(opts) if o and _contains_only(_figures(raw), o, q)]
    if len(around) == 1:
        return around[0]
    inside = [i for i, o in enumerate(opts) if len(reply) >= 2 and _contains(o, reply) and _same_numbers(o, reply)]
    if len(inside) == 1 and not around:
        return inside[0]
    if _numbers(reply) or any(_numbers(o) for o in opts):
        return None                      # no close spelling of a figure
    # Texts are already in their compared form (key=str keeps them as they are).
    return find(reply, [Option(i, (o,)) for i, o in enumerate(opts)], policies.quiz_choice, key=str).item


def _check_fill(q: Question, text: str) -> Verdict | None:
    got = normalize_answer(text)
    if not got:
        return None
    core = _strip_answer_frame(got)
    question = normalize_answer(q.question)
    for expected in (q.answer, *q.accept):
        e = _figures(normalize_answer(expected))
        if not e:
            continue
        if _figures(got) == e or _figures(core) == e:
            return Verdict(True, expected)
        if _contains_only(_figures(got), e, question):          # "是33项" / "33项比赛"
            return Verdict(True, expected)
        # a close spelling of a long enough answer (policy min_length), never of a figure
        if not _numbers(e) and not _numbers(core) and find(
                _figures(core), [Option(expected, (e,))], q.policies.quiz_fill, key=str):
            return Verdict(True, expected)
    return Verdict(False, got[:32])
