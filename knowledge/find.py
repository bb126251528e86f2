"""Picking one of a few named options from what someone typed: ``find(query, options, policy)``.

Used wherever a reply names one thing of a short list: a contest category, event, township or
village (knowledge.catalogue), one of the numbered Q&A choices (handlers.qa), a quiz option or a
fill-in answer (knowledge.quizbank). The first step that decides wins:

1. **number** -- when the options were shown numbered, a number (3, 第三个, 选3) picks the
   option shown with it, or nothing when none was (``Lookup.number`` says what was read);
2. **name** -- exactly one of an option's names (name, code, alias, short form);
3. **fragment** (``policy.parts``) -- a part of exactly one option's names (篮球 -> 村BA篮球赛),
   or a text that contains exactly one name; a part of several: those are suggested;
4. **spelling or sound** -- each option scores its best name's similarity, 0-100: rapidfuzz's
   ratio of the characters, or of the pinyin syllables less ``policy.sound_penalty`` (voice
   input writes homophones: 兹托镇 for 孜托镇). The best option is picked when it scores
   ``policy.pick`` and leads the next suggestion by ``policy.lead`` (and the caller lets a
   spelling pick: townships and villages are never guessed); else the options within
   ``policy.within`` of the best and above ``policy.suggest`` are suggested.

Texts are compared after ``key`` (default :func:`knowledge.text.strip_punct`; the Q&A choices
use the knowledge base's query normalisation, the quiz its answer form). The thresholds of each
use are a :class:`FindPolicy` in :class:`Policies`: defaults below, the same values written out
in config.yaml's ``find:`` section (validated by ``kb check``). The Q&A matcher ranks questions
with its own scoring (knowledge.matcher.MatchConfig, config.yaml's ``qa:``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Generic, Iterable, Sequence, TypeVar

from rapidfuzz import fuzz

from bot.core.memory import recent_cache
from knowledge.errors import KBError
from knowledge.normalize import pinyin_syllables
from knowledge.text import choice_number, strip_punct

__all__ = ["FindPolicy", "Lookup", "Option", "Policies", "find", "similarity"]

T = TypeVar("T")

# A fragment, or a comparison by sound, needs two characters: one character is part of too many
# names and has too many homophones.
MIN_PART = 2


@dataclass(frozen=True)
class FindPolicy:
    """Thresholds of one use of :func:`find` (scores 0-100)."""

    pick: float = 80.0                  # a spelling/sound score that picks an option by itself ...
    lead: float = 10.0                  # ... when it leads the next suggestion by this much
    suggest: float = 50.0               # the lowest score offered as a suggestion
    within: float = 20.0                # suggestions score at most this much below the best
    suggestions: int = 3                # suggestions offered after a close spelling
    part_suggestions: int = 5           # suggestions offered when a fragment fits several names
    sound_penalty: float | None = 5.0   # a pinyin similarity counts this much less; None: no sound
    parts: bool = True                  # step 3 (fragments) is tried
    min_length: int = 0                 # names shorter than this are never matched by spelling


@dataclass(frozen=True)
class Policies:
    """Every use of :func:`find` and its policy (config.yaml ``find:``, one sub-section each).

    ``unanswered`` is not a pick but a grouping (``python -m bot unanswered``): a wording joins
    an earlier group when its similarity -- characters, or folded pinyin less ``sound_penalty``
    -- reaches ``pick``."""

    catalogue: FindPolicy = FindPolicy()
    qa_choice: FindPolicy = FindPolicy(pick=82.0, lead=5.0, sound_penalty=None, parts=False)
    quiz_choice: FindPolicy = FindPolicy(pick=75.0, lead=10.0, sound_penalty=None, parts=False)
    quiz_fill: FindPolicy = FindPolicy(pick=85.0, sound_penalty=None, parts=False, min_length=4)
    unanswered: FindPolicy = FindPolicy(pick=72.0, sound_penalty=5.0)

    SOURCE = "config.yaml:0: find"      # how problems with config.yaml's ``find:`` are labelled

    @classmethod
    def parse(cls, section: Any) -> tuple["Policies", list[str]]:
        """Defaults overridden by config.yaml's ``find:`` section: (policies, problems). An unknown
        use or setting, or a value of the wrong kind or out of range, is a problem (the default
        stays)."""
        defaults = cls()
        if section is None:
            return defaults, []
        if not isinstance(section, dict):
            return defaults, [f"{cls.SOURCE}: the find section must map each use to its settings"]
        uses = [f.name for f in fields(cls)]
        problems: list[str] = []
        chosen: dict[str, FindPolicy] = {}
        for use, settings in section.items():
            if use not in uses:
                problems.append(f"{cls.SOURCE}: unknown use {use!r} (known: {', '.join(uses)})")
                continue
            chosen[use] = _parse_policy(getattr(defaults, use), settings, f"{cls.SOURCE}: {use}", problems)
        return replace(defaults, **chosen), problems

    @classmethod
    def from_settings(cls, section: Any) -> "Policies":
        """:meth:`parse`, raising KBError with every problem."""
        policies, problems = cls.parse(section)
        if problems:
            raise KBError(problems)
        return policies


_SCORES = ("pick", "lead", "suggest", "within", "sound_penalty")


def _parse_policy(default: FindPolicy, settings: Any, where: str, problems: list[str]) -> FindPolicy:
    if settings is None:
        return default
    if not isinstance(settings, dict):
        problems.append(f"{where}: must be a mapping of setting: value")
        return default
    known = [f.name for f in fields(FindPolicy)]
    values: dict[str, Any] = {}
    for key, value in settings.items():
        if key not in known:
            problems.append(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        elif key in _SCORES:
            if key == "sound_penalty" and value is None:
                values[key] = None
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
                allowed = "a number from 0 to 100" + (" or null (no sound)" if key == "sound_penalty" else "")
                problems.append(f"{where}: {key} must be {allowed}, not {value!r}")
            else:
                values[key] = float(value)
        elif key == "parts":
            if not isinstance(value, bool):
                problems.append(f"{where}: parts must be true or false, not {value!r}")
            else:
                values[key] = value
        else:                                       # counts: suggestions, part_suggestions, min_length
            least = 0 if key == "min_length" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                problems.append(f"{where}: {key} must be a whole number >= {least}, not {value!r}")
            else:
                values[key] = value
    return replace(default, **values)


# --------------------------------------------------------------------------- finding

@dataclass(frozen=True)
class Option(Generic[T]):
    """One thing that can be picked, the names it goes by, and the number it was shown with."""

    item: T
    names: Sequence[str]
    number: int | None = None


@dataclass
class Lookup(Generic[T]):
    """What :func:`find` found: the item when it is clear, else close suggestions (best first);
    ``number`` is the number the reply was read as, when it was one."""

    item: T | None = None
    suggestions: list[T] = field(default_factory=list)
    number: int | None = None

    def __bool__(self) -> bool:
        return self.item is not None


@recent_cache(4096)
def _syllables(text: str) -> tuple[str, ...]:
    """Toneless syllables: 兹托镇 and 孜托镇 both give ('zi', 'tuo', 'zhen')."""
    return tuple(pinyin_syllables(text))


def similarity(a: str, b: str, policy: FindPolicy) -> float:
    """0-100: how close two compared texts are, by characters or (``policy.sound_penalty``) by sound."""
    score = fuzz.ratio(a, b)
    if policy.sound_penalty is not None and len(a) >= MIN_PART and len(b) >= MIN_PART:
        # Compared syllable by syllable, so only whole-syllable homophones count (voice input).
        score = max(score, fuzz.ratio(_syllables(a), _syllables(b)) - policy.sound_penalty)
    return score


def find(query: str, options: Iterable[Option[T]], policy: FindPolicy, *,
         key: Callable[[str], str] = strip_punct, guess: bool = True) -> Lookup[T]:
    """The option ``query`` names (see the module docstring for the steps). ``guess=False``: a
    close spelling or sound is only ever suggested, never picked."""
    options = list(options)
    numbered = {o.number: o.item for o in options if o.number is not None}
    if numbered:
        n = choice_number(query)
        if n is not None:
            return Lookup(numbered.get(n), number=n)
    q = key(query)
    if not q:
        return Lookup()
    keyed = [(o.item, [k for k in map(key, o.names) if k]) for o in options]
    for item, keys in keyed:
        if q in keys:
            return Lookup(item)
    if policy.parts and len(q) >= MIN_PART:
        inside = _unique([item for item, keys in keyed if any(q in k for k in keys)])
        if len(inside) == 1:
            return Lookup(inside[0])
        around = _unique([item for item, keys in keyed if any(len(k) >= MIN_PART and k in q for k in keys)])
        if len(around) == 1:
            return Lookup(around[0])
        if len(inside) > 1:
            return Lookup(None, inside[:policy.part_suggestions])
    scored = []
    for i, (item, keys) in enumerate(keyed):
        spelled = [k for k in keys if len(k) >= policy.min_length]
        if spelled:
            scored.append((max(similarity(q, k, policy) for k in spelled), i, item))
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = [(s, item) for s, _, item in scored if s >= policy.suggest]
    if best:                  # keep only the ones nearly as close as the best
        best = [(s, item) for s, item in best if s >= best[0][0] - policy.within]
    if not best:
        return Lookup()
    if guess and best[0][0] >= policy.pick and (len(best) == 1 or best[0][0] - best[1][0] >= policy.lead):
        return Lookup(best[0][1])
    return Lookup(None, [item for _, item in best[:policy.suggestions]])


def _unique(items: list[T]) -> list[T]:
    out: list[T] = []
    for it in items:
        if not any(it is o for o in out):
            out.append(it)
    return out
