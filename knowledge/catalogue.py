"""The contest catalogue (knowledge/catalogue.yaml): loader, validator and fuzzy look-ups.

``load_catalogue(path)`` returns a :class:`Catalogue` or raises :class:`KBError` listing
every problem as ``file:line: id: problem``. Look-ups accept what people really send:
a number (``3``, ``第三个``), a name or alias, a fragment (``篮球``), a traditional-character
or homophone spelling (voice input), or a close misspelling. Townships and villages are
never guessed silently: anything but an exact (or unambiguous short) name comes back as
suggestions for a "did you mean" question.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Generic, Iterable, TypeVar

import yaml
from rapidfuzz import fuzz

from knowledge.errors import KBError

# Beside this module (not knowledge.DATA_DIR: a data-only knowledge/ directory in the working
# directory can shadow the package's __init__ when the bot runs from there).
DEFAULT_PATH = Path(__file__).resolve().parent / "catalogue.yaml"

MODES = ("individual", "team")
WHO = ("any", "students", "farmers_herders")
WHO_LABEL = {"any": "不限", "students": "在校学生", "farmers_herders": "农牧民群众"}
MODE_LABEL = {"individual": "个人赛", "team": "团体赛"}
CODE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Campaign:
    name: str
    county: str
    max_events_per_person: int
    levels: tuple[str, ...]
    data_notice: str
    contact: str = ""


@dataclass(frozen=True)
class Event:
    code: str
    name: str
    aliases: tuple[str, ...]
    mode: str                      # individual | team
    team_min: int | None
    team_max: int | None
    who: str                       # any | students | farmers_herders
    min_age: int | None
    max_age: int | None
    deadline: date                 # last day to sign up, county time, inclusive
    capacity: int | None
    levels: tuple[str, ...]
    description: str
    category: str = ""             # code of the category it belongs to
    line: int = 0                  # where it is defined, for messages

    @property
    def is_team(self) -> bool:
        return self.mode == "team"

    def age_text(self) -> str:
        if self.min_age is not None and self.max_age is not None:
            return f"{self.min_age}–{self.max_age}岁"
        if self.min_age is not None:
            return f"{self.min_age}岁及以上"
        if self.max_age is not None:
            return f"{self.max_age}岁及以下"
        return "不限"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Township:
    name: str
    villages: tuple[str, ...]


T = TypeVar("T")


@dataclass
class Lookup(Generic[T]):
    """Result of a fuzzy look-up: the item when it is clear, else close suggestions (best first)."""

    item: T | None = None
    suggestions: list[T] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.item is not None


@dataclass
class Catalogue:
    campaign: Campaign
    townships: list[Township]
    categories: list[Category]
    path: str = ""

    def __post_init__(self) -> None:
        self._events = {e.code: e for c in self.categories for e in c.events}
        self._categories = {c.code: c for c in self.categories}
        self._townships = {t.name: t for t in self.townships}

    # -- plain access -------------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        return [e for c in self.categories for e in c.events]

    def event(self, code: str) -> Event | None:
        return self._events.get(code)

    def category(self, code: str) -> Category | None:
        return self._categories.get(code)

    def category_of(self, event: Event) -> Category:
        return self._categories[event.category]

    def township(self, name: str) -> Township | None:
        return self._townships.get(name)

    # -- fuzzy look-ups -----------------------------------------------------------------------
    def find_category(self, text: str) -> Lookup[Category]:
        n = choice_number(text)
        if n is not None:
            return Lookup(self.categories[n - 1]) if 1 <= n <= len(self.categories) else Lookup()
        cands = [(c, [c.name, c.code, _strip_suffix(c.name, ("类",))]) for c in self.categories]
        return _find(text, cands, accept_fuzzy=True)

    def find_event(self, text: str, category: Category | None = None) -> Lookup[Event]:
        """An event by number (within ``category`` when given, else overall), name, alias or misspelling."""
        events = list(category.events) if category else self.events
        n = choice_number(text)
        if n is not None:
            return Lookup(events[n - 1]) if 1 <= n <= len(events) else Lookup()
        # Names are matched across the whole catalogue: someone may name an event of another category.
        cands = [(e, [e.name, e.code, *e.aliases, _strip_suffix(e.name, ("比赛", "赛"))]) for e in self.events]
        return _find(text, cands, accept_fuzzy=True)

    def find_township(self, text: str) -> Lookup[Township]:
        n = choice_number(text)
        if n is not None:
            return Lookup(self.townships[n - 1]) if 1 <= n <= len(self.townships) else Lookup()
        cands = [(t, [t.name, _strip_suffix(t.name, ("镇", "乡"))]) for t in self.townships]
        return _find(text, cands, accept_fuzzy=False)

    def find_village(self, township: Township, text: str) -> Lookup[str]:
        n = choice_number(text)
        if n is not None:
            vs = township.villages
            return Lookup(vs[n - 1]) if 1 <= n <= len(vs) else Lookup()
        cands = [(v, [v, _strip_suffix(v, ("村委会", "居委会", "社区", "村"))]) for v in township.villages]
        return _find(text, cands, accept_fuzzy=False)

    def village_anywhere(self, text: str) -> list[tuple[Township, str]]:
        """Townships that have a village of exactly this name (someone named the wrong township)."""
        key = normalize(text)
        out = []
        for t in self.townships:
            for v in t.villages:
                if key and key in (normalize(v), normalize(_strip_suffix(v, ("村",)))):
                    out.append((t, v))
        return out


# --------------------------------------------------------------------------------------------
# Text normalisation and matching
# --------------------------------------------------------------------------------------------
_PUNCT_RE = re.compile(r"[\s\W_]+", re.UNICODE)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUM_RE = re.compile(r"^(?:我|选择|选|要|报|第)*([0-9]{1,3}|[零〇一幺二两俩三四五六七八九十]{1,3})"
                     r"(?:个|项|号|类|条|个项目|项目|大类)?(?:吧|的)?$")


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s")
    except Exception:          # pragma: no cover - opencc is a declared dependency
        return None


def normalize(text: str) -> str:
    """NFKC, simplified characters, lower case, no spaces or punctuation."""
    s = unicodedata.normalize("NFKC", text or "")
    conv = _t2s()
    if conv is not None and s:
        s = conv.convert(s)
    return _PUNCT_RE.sub("", s).lower()


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> tuple[str, ...]:
    """Syllables without tones: 兹托镇 and 孜托镇 both give ('zi', 'tuo', 'zhen')."""
    try:
        from pypinyin import lazy_pinyin
    except Exception:          # pragma: no cover
        return tuple(text)
    return tuple(lazy_pinyin(text))


def cn_number(s: str) -> int | None:
    """'3' / '三' / '十二' / '二十' / '三十三' -> int (0–999); None if not a number."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail:
            return None
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGITS[s]
    return None


def choice_number(text: str) -> int | None:
    """The number someone picked: '3', '３', '第3个', '第三项', '三'. None if the text is not a pick."""
    s = normalize(text)
    m = _NUM_RE.match(s)
    if not m:
        return None
    return cn_number(m.group(1))


def _strip_suffix(name: str, suffixes: Iterable[str]) -> str:
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def _score(query: str, key: str) -> float:
    """Similarity of a normalised query and key: characters or sound (voice input homophones)."""
    s = fuzz.ratio(query, key)
    if len(query) >= 2 and len(key) >= 2:
        # Compared syllable by syllable, so only whole-syllable homophones count (voice input).
        s = max(s, fuzz.ratio(_pinyin(query), _pinyin(key)) - 5)
    return s


def _find(text: str, cands: list[tuple[T, list[str]]], *, accept_fuzzy: bool,
          limit: int = 3) -> Lookup[T]:
    q = normalize(text)
    if not q:
        return Lookup()
    keyed = [(item, [normalize(k) for k in keys if k]) for item, keys in cands]
    # 1. Exact name, code, alias or short form.
    for item, keys in keyed:
        if q in keys:
            return Lookup(item)
    # 2. The query is part of exactly one name ("篮球" -> 村BA篮球赛), or contains exactly one name.
    if len(q) >= 2:
        inside = _unique([item for item, keys in keyed if any(q in k for k in keys)])
        if len(inside) == 1:
            return Lookup(inside[0])
        around = _unique([item for item, keys in keyed if any(len(k) >= 2 and k in q for k in keys)])
        if len(around) == 1:
            return Lookup(around[0])
        if len(inside) > 1:
            return Lookup(None, inside[:max(limit, 5)])
    # 3. Close spelling or sound.
    scored = sorted(((max(_score(q, k) for k in keys), i, item) for i, (item, keys) in enumerate(keyed)),
                    key=lambda t: (-t[0], t[1]))
    best = [(s, item) for s, _, item in scored if s >= 50]
    if best:                  # keep only the ones nearly as close as the best
        best = [(s, item) for s, item in best if s >= best[0][0] - 20]
    if not best:
        return Lookup()
    if accept_fuzzy and best[0][0] >= 80 and (len(best) == 1 or best[0][0] - best[1][0] >= 10):
        return Lookup(best[0][1])
    return Lookup(None, [item for _, item in best[:limit]])


def _unique(items: list[T]) -> list[T]:
    out: list[T] = []
    for it in items:
        if not any(it is o for o in out):
            out.append(it)
    return out


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------
class _Map(dict):
    """A YAML mapping that remembers its line and its keys' lines."""

    line: int = 0
    key_lines: dict


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    m = _Map()
    m.line = node.start_mark.line + 1
    m.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in m:
            loader.duplicate_keys.append((line, key))
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = line
    return m


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay text so a bad one (2027-02-30) becomes a clear problem, not a crash.
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

CAMPAIGN_KEYS = {"name", "county", "max_events_per_person", "levels", "data_notice", "contact"}
TOP_KEYS = {"campaign", "townships", "categories"}
CATEGORY_KEYS = {"code", "name", "events"}
EVENT_KEYS = {"code", "name", "aliases", "mode", "team_size", "eligibility", "deadline", "capacity",
              "levels", "description"}
ELIGIBILITY_KEYS = {"who", "min_age", "max_age"}


class _Problems:
    def __init__(self, path: str):
        self.path = path
        self.lines: list[str] = []

    def add(self, line: int, ident: str, problem: str) -> None:
        self.lines.append(f"{self.path}:{line}: {ident or '-'}: {problem}")


def _line(m, key: str | None = None) -> int:
    if isinstance(m, _Map):
        if key is not None and key in m.key_lines:
            return m.key_lines[key]
        return m.line
    return 0


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    return None


def _opt_int(p: _Problems, m: _Map, key: str, ident: str, *, minimum: int, maximum: int | None = None):
    v = m.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        p.add(_line(m, key), ident, f"{key} must be a whole number or null, not {v!r}")
        return None
    if v < minimum or (maximum is not None and v > maximum):
        rng = f"{minimum}–{maximum}" if maximum is not None else f">= {minimum}"
        p.add(_line(m, key), ident, f"{key} {v} is out of range ({rng})")
        return None
    return v


def _str_list(p: _Problems, m: _Map, key: str, ident: str) -> tuple[str, ...]:
    v = m.get(key)
    if v is None:
        return ()
    if not isinstance(v, list):
        p.add(_line(m, key), ident, f"{key} must be a list")
        return ()
    out = []
    for item in v:
        s = _text(item)
        if s is None:
            p.add(_line(m, key), ident, f"{key} has an empty or non-text item {item!r}")
        else:
            out.append(s)
    return tuple(out)


def _unknown_keys(p: _Problems, m: _Map, allowed: set[str], ident: str) -> None:
    for k in m:
        if k not in allowed:
            p.add(_line(m, k), ident, f"unknown key {k!r} (allowed: {', '.join(sorted(allowed))})")


def _parse_date(p: _Problems, m: _Map, key: str, ident: str) -> date | None:
    v = m.get(key)
    if v is None:
        p.add(_line(m, key), ident, f"{key} is missing (YYYY-MM-DD)")
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        p.add(_line(m, key), ident, f"{key} {v!r} is not a valid date (YYYY-MM-DD)")
        return None


def load_catalogue(path: str | Path = DEFAULT_PATH) -> Catalogue:
    path = Path(path)
    shown = str(path)
    p = _Problems(shown)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise KBError([f"{shown}:0: -: cannot read file: {e.strerror or e}"]) from None
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise KBError([f"{shown}:{line}: -: YAML syntax error: {getattr(e, 'problem', None) or e}"]) from None
    finally:
        loader.dispose()
    for line, key in loader.duplicate_keys:
        p.add(line, str(key), "duplicate key (the later value would silently win)")
    if not isinstance(doc, _Map):
        p.add(1, "-", "the file must be a mapping with campaign, townships and categories")
        raise KBError(p.lines)
    _unknown_keys(p, doc, TOP_KEYS, "-")

    campaign = _load_campaign(p, doc)
    townships = _load_townships(p, doc)
    categories = _load_categories(p, doc, campaign)
    if p.lines:
        raise KBError(p.lines)
    return Catalogue(campaign=campaign, townships=townships, categories=categories, path=shown)


def _load_campaign(p: _Problems, doc: _Map) -> Campaign | None:
    c = doc.get("campaign")
    if not isinstance(c, _Map):
        p.add(_line(doc, "campaign"), "campaign", "campaign section is missing or not a mapping")
        return None
    _unknown_keys(p, c, CAMPAIGN_KEYS, "campaign")
    name = _text(c.get("name"))
    if name is None:
        p.add(_line(c, "name"), "campaign", "name is missing")
    notice = _text(c.get("data_notice"))
    if notice is None:
        p.add(_line(c, "data_notice"), "campaign",
              "data_notice is missing (who collects sign-up data, why, who sees it, how long it is kept)")
    max_events = c.get("max_events_per_person")
    if max_events is None:
        p.add(_line(c, "max_events_per_person"), "campaign", "max_events_per_person is missing")
    elif isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 1:
        p.add(_line(c, "max_events_per_person"), "campaign",
              f"max_events_per_person must be a whole number >= 1, not {max_events!r}")
        max_events = None
    return Campaign(name=name or "", county=_text(c.get("county")) or "",
                    max_events_per_person=max_events or 0,
                    levels=_str_list(p, c, "levels", "campaign"),
                    data_notice=notice or "", contact=_text(c.get("contact")) or "")


def _load_townships(p: _Problems, doc: _Map) -> list[Township]:
    ts = doc.get("townships")
    if not isinstance(ts, list) or not ts:
        p.add(_line(doc, "townships"), "townships", "townships must be a non-empty list")
        return []
    out: list[Township] = []
    seen: dict[str, int] = {}
    for t in ts:
        if not isinstance(t, _Map):
            p.add(_line(doc, "townships"), "townships", f"a township must be a mapping, not {t!r}")
            continue
        name = _text(t.get("name"))
        ident = name or "township"
        _unknown_keys(p, t, {"name", "villages"}, ident)
        if name is None:
            p.add(t.line, ident, "township name is missing")
            continue
        if name in seen:
            p.add(t.line, name, f"duplicate township (also on line {seen[name]})")
        seen[name] = t.line
        villages = _str_list(p, t, "villages", name)
        if not villages:
            p.add(_line(t, "villages"), name, "villages must be a non-empty list")
        dup = sorted({v for v in villages if villages.count(v) > 1})
        if dup:
            p.add(_line(t, "villages"), name, f"duplicate village(s): {', '.join(dup)}")
        out.append(Township(name=name, villages=villages))
    return out


def _load_categories(p: _Problems, doc: _Map, campaign: Campaign | None) -> list[Category]:
    cs = doc.get("categories")
    if not isinstance(cs, list) or not cs:
        p.add(_line(doc, "categories"), "categories", "categories must be a non-empty list")
        return []
    out: list[Category] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}          # every category name, event name and alias -> line
    event_codes: dict[str, int] = {}
    for c in cs:
        if not isinstance(c, _Map):
            p.add(_line(doc, "categories"), "categories", f"a category must be a mapping, not {c!r}")
            continue
        code = _text(c.get("code"))
        ident = code or "category"
        _unknown_keys(p, c, CATEGORY_KEYS, ident)
        if code is None:
            p.add(c.line, ident, "category code is missing")
        elif not CODE_RE.match(code):
            p.add(_line(c, "code"), code, "code must be lower-case letters, digits, '_' or '-', starting with a letter")
        elif code in codes:
            p.add(_line(c, "code"), code, f"duplicate category code (also on line {codes[code]})")
        else:
            codes[code] = _line(c, "code")
        name = _text(c.get("name"))
        if name is None:
            p.add(c.line, ident, "category name is missing")
        else:
            _claim_name(p, names, name, _line(c, "name"), ident)
        evs = c.get("events")
        events: list[Event] = []
        if not isinstance(evs, list) or not evs:
            p.add(_line(c, "events"), ident, "events must be a non-empty list")
        else:
            for e in evs:
                ev = _load_event(p, e, code or "", names, event_codes, c)
                if ev is not None:
                    events.append(ev)
        out.append(Category(code=code or "", name=name or "", events=tuple(events)))
    return out


def _claim_name(p: _Problems, names: dict[str, int], name: str, line: int, ident: str) -> None:
    key = normalize(name)
    if key in names:
        p.add(line, ident, f"name or alias {name!r} is already used on line {names[key]} (look-ups would be ambiguous)")
    else:
        names[key] = line


def _load_event(p: _Problems, e, category: str, names: dict[str, int], codes: dict[str, int],
                parent: _Map) -> Event | None:
    if not isinstance(e, _Map):
        p.add(_line(parent, "events"), category or "-", f"an event must be a mapping, not {e!r}")
        return None
    code = _text(e.get("code"))
    ident = code or "event"
    _unknown_keys(p, e, EVENT_KEYS, ident)
    if code is None:
        p.add(e.line, ident, "event code is missing")
    elif not CODE_RE.match(code):
        p.add(_line(e, "code"), code, "code must be lower-case letters, digits, '_' or '-', starting with a letter")
    elif code in codes:
        p.add(_line(e, "code"), code, f"duplicate event code (also on line {codes[code]})")
    else:
        codes[code] = _line(e, "code")
    name = _text(e.get("name"))
    if name is None:
        p.add(e.line, ident, "event name is missing")
    else:
        _claim_name(p, names, name, _line(e, "name"), ident)
    aliases = _str_list(p, e, "aliases", ident)
    for a in aliases:
        if name is not None and normalize(a) == normalize(name):
            continue
        _claim_name(p, names, a, _line(e, "aliases"), ident)

    mode = e.get("mode")
    team_min = team_max = None
    if mode not in MODES:
        p.add(_line(e, "mode"), ident, f"unknown mode {mode!r} (individual or team)")
    team = e.get("team_size")
    if mode == "team":
        if not isinstance(team, _Map):
            p.add(_line(e, "team_size") if "team_size" in e else e.line, ident,
                  "team events need team_size: {min: N, max: M}")
        else:
            _unknown_keys(p, team, {"min", "max"}, ident)
            team_min = _opt_int(p, team, "min", ident, minimum=1, maximum=500)
            team_max = _opt_int(p, team, "max", ident, minimum=1, maximum=500)
            if team_min is None or team_max is None:
                if "min" not in team or "max" not in team:
                    p.add(team.line, ident, "team_size needs both min and max")
            elif team_min > team_max:
                p.add(team.line, ident, f"team_size min {team_min} > max {team_max}")
    elif team is not None and mode == "individual":
        p.add(_line(e, "team_size"), ident, "team_size given for an individual event (set mode: team or remove it)")

    elig = e.get("eligibility")
    who, min_age, max_age = "any", None, None
    if elig is not None:
        if not isinstance(elig, _Map):
            p.add(_line(e, "eligibility"), ident, "eligibility must be a mapping")
        else:
            _unknown_keys(p, elig, ELIGIBILITY_KEYS, ident)
            who = elig.get("who") or "any"
            if who not in WHO:
                p.add(_line(elig, "who"), ident, f"unknown who {who!r} ({', '.join(WHO)})")
                who = "any"
            min_age = _opt_int(p, elig, "min_age", ident, minimum=0, maximum=120)
            max_age = _opt_int(p, elig, "max_age", ident, minimum=0, maximum=120)
            if min_age is not None and max_age is not None and min_age > max_age:
                p.add(_line(elig, "min_age"), ident, f"min_age {min_age} > max_age {max_age}")

    deadline = _parse_date(p, e, "deadline", ident)
    capacity = _opt_int(p, e, "capacity", ident, minimum=1)
    levels = _str_list(p, e, "levels", ident)
    description = _text(e.get("description")) or ""
    if code is None or name is None or mode not in MODES or deadline is None:
        return None
    return Event(code=code, name=name, aliases=aliases, mode=mode, team_min=team_min, team_max=team_max,
                 who=who, min_age=min_age, max_age=max_age, deadline=deadline, capacity=capacity,
                 levels=levels, description=description, category=category, line=e.line)
