"""The quiz bank (knowledge/quiz.yaml): loading, validation and answer checking.

Schema: docs/data-formats.md, section "Quiz bank". ``load_quiz_bank`` either
returns a complete, valid ``QuizBank`` or raises ``KBError`` listing every
problem as ``file:line: id: problem`` so a county editor can fix them all in
one pass.

Answer checking lives here too (``Question.check``): it turns what people
type or say -- "B", "ｂ", "选B", "2", "第二个", the option's text, "对", "√",
"错误" -- into a verdict, or ``None`` when the reply is not an answer at all
(the handler then repeats the options instead of marking it wrong).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml
from rapidfuzz import fuzz

from knowledge.errors import KBError

TYPES = ("choice", "truefalse", "fill")
TYPE_LABELS = {"choice": "单选", "truefalse": "判断", "fill": "填空"}
LETTERS = "ABCD"
TRUEFALSE_OPTIONS = ("对", "错")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = {"id", "type", "question", "options", "answer", "accept", "explanation", "entry"}


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

    def check(self, text: str, voice: bool = False) -> "Verdict | None":
        """Judge a reply. None means it is not recognisable as an answer (re-prompt).
        ``voice``: the text is WeChat's speech recognition, so homophones of letters count."""
        if self.type == "fill":
            return _check_fill(self, text)
        index = parse_choice(text, self.options, truefalse=self.type == "truefalse", voice=voice)
        if index is None:
            return None
        return Verdict(correct=index == self.correct_index, given=LETTERS[index])


@dataclass(frozen=True)
class Verdict:
    correct: bool
    given: str          # normalised form of the answer, for the history ("B", "对", "33项")


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

class _Map(dict):
    """A YAML mapping that remembers where it and each of its keys start."""

    line: int = 0
    key_lines: dict
    duplicate_keys: list


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            result.duplicate_keys.append((key, key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=deep)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_quiz_bank(path: str | Path, entry_ids: set[str] | None = None) -> QuizBank:
    """Load and validate a quiz bank. ``entry_ids``: the knowledge-base ids ``entry`` may name
    (None skips that check). Raises KBError with every problem found."""
    path = Path(path)
    fname = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KBError([f"{fname}:0: -: cannot read file ({exc.strerror or exc})"]) from exc
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise KBError([f"{fname}:{line}: -: invalid YAML ({getattr(exc, 'problem', exc)})"]) from exc

    problems: list[str] = []
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        raise KBError([f"{fname}:1: -: expected a top-level 'questions:' list"])
    if not doc["questions"]:
        raise KBError([f"{fname}:{doc.key_lines.get('questions', 1)}: -: 'questions' is empty"])

    questions: list[Question] = []
    first_line: dict[str, int] = {}
    for n, item in enumerate(doc["questions"], start=1):
        if not isinstance(item, _Map):
            problems.append(f"{fname}:{doc.key_lines.get('questions', 1)}: -: question #{n} is not a mapping")
            continue
        q, item_problems = _parse_question(item, entry_ids)
        qid = item.get("id") if isinstance(item.get("id"), str) and item.get("id") else f"#{n}"
        for line, problem in item_problems:
            problems.append(f"{fname}:{line}: {qid}: {problem}")
        if isinstance(item.get("id"), str):
            if qid in first_line:
                problems.append(f"{fname}:{item.key_lines.get('id', item.line)}: {qid}: "
                                f"duplicate id (first used at line {first_line[qid]})")
            else:
                first_line[qid] = item.key_lines.get("id", item.line)
        if q is not None and not item_problems:
            questions.append(q)
    if problems:
        raise KBError(problems)
    return QuizBank(questions, source=fname)


def _text(value: object) -> str | None:
    """YAML scalars people write as text (33, 2027, true) become strings; lists/maps do not."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    return str(value).strip()


def _parse_question(item: _Map, entry_ids: set[str] | None) -> tuple[Question | None, list[tuple[int, str]]]:
    problems: list[tuple[int, str]] = []

    def at(key: str) -> int:
        return item.key_lines.get(key, item.line)

    def bad(key: str, problem: str) -> None:
        problems.append((at(key), problem))

    for key, line in item.duplicate_keys:
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

    question = _text(item.get("question"))
    if not question:
        bad("question", "missing 'question' text")
    explanation = _text(item.get("explanation"))
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
    answer = _text(raw_answer)
    options: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()

    if qtype == "choice":
        raw_options = item.get("options")
        if not isinstance(raw_options, list):
            bad("options", "choice question needs an 'options' list of 2-4 answers")
        else:
            texts = [_text(o) for o in raw_options]
            if any(not t for t in texts):
                bad("options", "every option must be non-empty text")
            elif not 2 <= len(texts) <= 4:
                bad("options", f"choice question needs 2-4 options (has {len(texts)})")
            else:
                seen: dict[str, int] = {}
                for i, t in enumerate(texts):
                    key = normalize(t)
                    if key in seen:
                        bad("options", f"options {LETTERS[seen[key]]} and {LETTERS[i]} are the same ('{t}')")
                    else:
                        seen[key] = i
                options = tuple(texts)  # type: ignore[arg-type]
        if answer is None or not answer:
            bad("answer", "missing 'answer' (the letter of the one correct option)")
        else:
            letter = unicodedata.normalize("NFKC", answer).strip().upper()
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
        if not isinstance(raw_accept, list) or any(not _text(a) for a in raw_accept):
            bad("accept", "'accept' must be a list of texts")
        else:
            accept = tuple(_text(a) for a in raw_accept)  # type: ignore[misc]

    if problems:
        return None, problems
    return Question(id=qid, type=qtype, question=question, answer=answer, explanation=explanation,
                    options=options, accept=accept, entry=entry, line=item.line), []


# --------------------------------------------------------------------------- answer parsing

_SYMBOLS = {"√": "对", "✓": "对", "✔": "对", "☑": "对", "○": "对", "⭕": "对",
            "×": "错", "✗": "错", "✘": "错", "╳": "错", "❌": "错", "✕": "错", "✖": "错"}
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "壹": 1, "贰": 2, "叁": 3, "肆": 4}
# Words around an answer in speech or chat: "我选B", "答案是第二个", "B吧", "选C的".
_PREFIXES = ("我觉得是", "我觉得", "我认为是", "我认为", "我选择", "我选", "答案是", "答案选", "答案",
             "应该是", "应该选", "应该", "选择", "就选", "选项", "选", "是", "答")
_SUFFIXES = ("选项", "答案", "项", "个", "吧", "啊", "呀", "呢", "的", "了", "嘛", "哦", "号")
# What speech recognition makes of a lone letter ("选B" heard as "选必").
_VOICE_LETTERS = {**dict.fromkeys("诶哎欸", "a"), **dict.fromkeys("比必逼币", "b"),
                  **dict.fromkeys("西希溪", "c"), **dict.fromkeys("弟地滴低", "d")}
_TRUE_WORDS = {"对", "正确", "是", "是的", "对的", "没错", "true", "t", "yes", "y", "ok", "dui", "zhengque"}
_FALSE_WORDS = {"错", "错误", "不对", "不是", "错的", "不正确", "false", "f", "no", "n", "cuo", "cuowu"}

try:  # traditional characters -> simplified, so 選B / 對 / 錯誤 work
    import opencc as _opencc

    _T2S = _opencc.OpenCC("t2s")
except Exception:  # pragma: no cover - opencc is a declared dependency
    _T2S = None


def normalize(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case, no spaces or punctuation
    (except a decimal point and '%', which change a figure's meaning)."""
    text = unicodedata.normalize("NFKC", text or "")
    if _T2S is not None:
        text = _T2S.convert(text)
    text = "".join(_SYMBOLS.get(ch, ch) for ch in text).lower()
    out = []
    for i, ch in enumerate(text):
        if ch == "%" or (ch == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            out.append(ch)             # 1.7万元 is not 17万元, 50% is not 50
        elif not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC":
            out.append(ch)
    return "".join(out)


def _strip_fillers(s: str) -> str:
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


def _contains(hay: str, needle: str) -> bool:
    """``needle`` inside ``hay``, but not as part of a longer number (33 is not in 133 or 3.33)."""
    start = hay.find(needle)
    while needle and start >= 0:
        end = start + len(needle)
        before = hay[start - 1] if start else ""
        after = hay[end] if end < len(hay) else ""
        if not ((needle[0].isdigit() and (before.isdigit() or before == "."))
                or (needle[-1].isdigit() and (after.isdigit() or after == "."))):
            return True
        start = hay.find(needle, start + 1)
    return False


def _position(token: str, count: int) -> int | None:
    """'b' / '2' / '二' / '第二' -> 1, within ``count`` options."""
    if token.startswith("第") and len(token) > 1:
        token = token[1:]
    if len(token) == 1 and "a" <= token <= "d":
        index = ord(token) - ord("a")
    elif token.isascii() and token.isdigit():
        index = int(token) - 1
    elif token in _CN_DIGITS:
        index = _CN_DIGITS[token] - 1
    else:
        return None
    return index if 0 <= index < count else None


def parse_choice(text: str, options: tuple[str, ...] | list[str], truefalse: bool = False,
                 voice: bool = False) -> int | None:
    """Index of the option a reply picks, or None when it picks none (or is ambiguous)."""
    raw = normalize(text)
    if not raw:
        return None
    norm_options = [normalize(o) for o in options]
    # 1. the option's own text, exactly ("33项", "对")
    if raw in norm_options:
        return norm_options.index(raw)
    core = _strip_fillers(raw)
    if core in norm_options:
        return norm_options.index(core)
    # 2. a letter or position: A, a, 选A, 1, 第二个, B选项
    for token in (raw, core):
        index = _position(token, len(options))
        if index is not None:
            return index
    if voice and core in _VOICE_LETTERS:
        return _position(_VOICE_LETTERS[core], len(options))
    # 3. true/false words and symbols
    if truefalse:
        for token in (raw, core):
            if token in _TRUE_WORDS:
                return 0
            if token in _FALSE_WORDS:
                return 1
        if len(raw) <= 8:   # short spoken forms: "这个是对的", "说法错误"
            neg = any(w in raw for w in ("不对", "错", "不正确", "不是"))
            pos = any(w in raw.replace("不对", "").replace("不正确", "") for w in ("对", "正确"))
            if neg != pos:
                return 0 if pos else 1
        return None
    # 4. the option's text, approximately: contained either way, or a close spelling
    contains = [i for i, o in enumerate(norm_options)
                if o and (_contains(core, o) or (len(core) >= 2 and _contains(o, core)))]
    if len(contains) == 1:
        return contains[0]
    scores = sorted(((fuzz.ratio(core, o), i) for i, o in enumerate(norm_options)), reverse=True)
    if scores and scores[0][0] >= 75 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 10):
        return scores[0][1]
    return None


def _check_fill(q: Question, text: str) -> Verdict | None:
    got = normalize(text)
    if not got:
        return None
    core = _strip_fillers(got)
    for expected in (q.answer, *q.accept):
        e = normalize(expected)
        if not e:
            continue
        if got == e or core == e:
            return Verdict(True, expected)
        if _contains(got, e) and len(got) <= len(e) + 4:    # "是33项" / "33项比赛"
            return Verdict(True, expected)
        if len(e) >= 4 and fuzz.ratio(core, e) >= 85:  # one wrong character in a longer answer
            return Verdict(True, expected)
    return Verdict(False, got[:32])
