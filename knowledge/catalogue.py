"""The contest catalogue (knowledge/catalogue.yaml): loader, validator and fuzzy look-ups.

``load_catalogue(path)`` returns a :class:`Catalogue` or raises :class:`KBError` listing
every problem as ``file:line: id: problem``. Look-ups (:func:`knowledge.find.find`, with the
catalogue's :class:`~knowledge.find.FindPolicy`) accept what people really send: a number
(``3``, ``第三个``), a name or alias, a fragment (``篮球``), a traditional-character or
homophone spelling (voice input), or a close misspelling. Townships and villages are never
guessed silently: anything but an exact (or unambiguous short) name comes back as
suggestions for a "did you mean" question.

:meth:`Catalogue.counts` are the figures the Q&A and quiz texts may quote as placeholders
(``{categories}大类{events}项``), so editing the catalogue changes those answers too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from knowledge.errors import KBError
from knowledge.find import FindPolicy, Lookup, Option, Policies, find
from knowledge.text import (
    bo_number,
    fill_placeholders,
    int_to_cn,
    scalar_text,
    strip_punct,
)
from knowledge.yamlsource import LineDict, duplicate_keys, line_of, load_yaml

__all__ = ["Campaign", "Catalogue", "Category", "Event", "Lookup", "Township", "fill_counts", "fill_counts_in",
           "load_catalogue", "short_name"]

# Beside this module (not knowledge.DATA_DIR: a data-only knowledge/ directory in the working
# directory can shadow the package's __init__ when the bot runs from there).
DEFAULT_PATH = Path(__file__).resolve().parent / "catalogue.yaml"

MODES = ("individual", "team")
WHO = ("any", "students", "farmers_herders")
WHO_LABEL = {"any": "不限", "students": "在校学生", "farmers_herders": "农牧民群众"}
MODE_LABEL = {"individual": "个人赛", "team": "团体赛"}
CODE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_NOTICE_FIELDS = re.compile(r"填写的(.{2,60}?)，")


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
    # Published details for every event (an event's own value overrides); "" = not published yet.
    cost: str = ""
    prizes: str = ""
    bring: str = ""
    rules: str = ""                # the rules (评分, 曲目, 时长, 赛制…), once published
    office_phone: str = ""         # the campaign office's number; empty until the county fills it in

    @property
    def signup_fields(self) -> str:
        """What a sign-up asks for, as the data notice lists it (「您报名时填写的姓名、性别、…，由…」);
        "" when the notice does not say."""
        m = _NOTICE_FIELDS.search(self.data_notice or "")
        return m.group(1) if m else ""

    def contact_line(self) -> str:
        """Whom to ask: the contact sentence, and the office phone only once it is set (never a placeholder)."""
        parts = [self.contact.strip()] if self.contact.strip() else []
        if self.office_phone:
            office = f"{self.county}“{self.name}”活动办公室" if self.name else "活动办公室"
            parts.append(f"也可以拨打{office}电话 {self.office_phone}。")
        return "".join(parts)


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
    # Filled in by the county once published ("" / () = not published: the bot says so).
    cost: str = ""
    prizes: str = ""
    bring: str = ""
    rules: str = ""                # 评分办法、指定曲目、时长、赛制…: what DETAILS in knowledge/contest.py ask
    venues: tuple[tuple[str, str], ...] = ()   # (level as in ``levels``, where it is held)

    @property
    def is_team(self) -> bool:
        return self.mode == "team"

    @property
    def short_name(self) -> str:
        return short_name(self.name)

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


@dataclass
class Catalogue:
    campaign: Campaign
    townships: list[Township]
    categories: list[Category]
    path: str = ""
    policy: FindPolicy = field(default_factory=lambda: Policies().catalogue)   # config.yaml find.catalogue

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

    def counts(self) -> dict[str, str]:
        """Placeholder values for texts that quote the catalogue's size: ``{categories}`` /
        ``{events}`` as digits (7, 33), ``_cn`` as Chinese numerals (七, 三十三) and ``_bo`` as
        Tibetan number words; ``{category_names}`` names the categories (理论宣讲类、语言文字类…), so
        a text telling how many there are also says which (七大类是什么 asks the count's entry)."""
        out: dict[str, str] = {}
        for name, n in (("categories", len(self.categories)), ("events", len(self.events))):
            out[name], out[f"{name}_cn"], out[f"{name}_bo"] = str(n), int_to_cn(str(n)), bo_number(n)
        out["category_names"] = "、".join(c.name for c in self.categories)
        return out

    # -- fuzzy look-ups (knowledge.find) -----------------------------------------------------
    def find_category(self, text: str) -> Lookup[Category]:
        return find(text, [Option(c, [c.name, c.code, _strip_suffix(c.name, ("类",))], i)
                           for i, c in enumerate(self.categories, 1)], self.policy)

    def find_event(self, text: str, category: Category | None = None) -> Lookup[Event]:
        """An event by number (within ``category`` when given, else overall), name, alias or misspelling."""
        shown = {e.code: i for i, e in enumerate(category.events if category else self.events, 1)}
        # Names are matched across the whole catalogue: someone may name an event of another category.
        return find(text, [Option(e, [e.name, e.code, *e.aliases, _strip_suffix(e.name, ("比赛", "赛"))],
                                  shown.get(e.code)) for e in self.events], self.policy)

    def find_township(self, text: str) -> Lookup[Township]:
        return find(text, [Option(t, [t.name, _strip_suffix(t.name, ("镇", "乡"))], i)
                           for i, t in enumerate(self.townships, 1)], self.policy, guess=False)

    def find_village(self, township: Township, text: str) -> Lookup[str]:
        return find(text, [Option(v, [v, _strip_suffix(v, ("村委会", "居委会", "社区", "村"))], i)
                           for i, v in enumerate(township.villages, 1)], self.policy, guess=False)

    def village_anywhere(self, text: str) -> list[tuple[Township, str]]:
        """Townships that have a village of exactly this name (someone named the wrong township)."""
        key = strip_punct(text)
        out = []
        for t in self.townships:
            for v in t.villages:
                if key and key in (strip_punct(v), strip_punct(_strip_suffix(v, ("村",)))):
                    out.append((t, v))
        return out


def short_name(name: str) -> str:
    """An event's name without brackets, 国家通用语言(文字) and 比赛 (书写; 村BA篮球赛 stays): the list
    of all events then fits one phone screen."""
    name = re.sub(r"[（(].*?[）)]", "", name)
    for prefix in ("国家通用语言文字", "国家通用语言"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
    return name[:-2] if name.endswith("比赛") and len(name) > 3 else name


def fill_counts(text: str, counts: dict[str, str] | None) -> tuple[str, list[str]]:
    """``text`` with the catalogue's :meth:`Catalogue.counts` filled in, and a problem for each
    placeholder that could not be (``counts`` is None when the catalogue did not load)."""
    filled, missing = fill_placeholders(text, counts or {})
    names = [f"{{{name}}}" for name in dict.fromkeys(missing)]
    if not names:
        return filled, []
    if counts is None:
        verb = "needs" if len(names) == 1 else "need"
        return filled, [f"{', '.join(names)} {verb} the contest catalogue (catalogue.yaml), which did not load"]
    known = ", ".join(f"{{{name}}}" for name in counts)
    return filled, [f"unknown placeholder {name} (known: {known})" for name in names]


def untallied(text: str, names: Sequence[str]) -> str:
    """``text`` without the categories' ``names`` when it names every one of them: a tally of the
    whole set (活动一共设7大类…：理论宣讲类、语言文字类…) tells of none of them -- not of 理论宣讲 nor 宣讲.
    Every reading of what an entry tells of goes through here (handlers.qa)."""
    if not names or not all(n in text for n in names):
        return text
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, " ")
    return text


def fill_counts_in(node: LineDict, keys: Iterable[str], counts: dict[str, str] | None) -> list[tuple[int, str]]:
    """:func:`fill_counts` for the texts of a YAML record -- at ``keys``, a text or a list of texts
    -- in place: (line, problem) for each text with a placeholder that could not be filled."""
    problems: list[tuple[int, str]] = []

    def fill(value: str, line: int) -> str:
        text, missing = fill_counts(value, counts)
        problems.extend(p for p in ((line, m) for m in missing) if p not in problems)
        return text

    for key in keys:
        value = node.get(key)
        if isinstance(value, str):
            if "{" in value:                     # most texts have none: loading stays as fast
                node[key] = fill(value, line_of(node, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and "{" in item:
                    lines = getattr(value, "item_lines", None)
                    value[i] = fill(item, lines[i] if lines and i < len(lines) else line_of(node, key))
    return problems


def _strip_suffix(name: str, suffixes: Iterable[str]) -> str:
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------
PUBLISHED_KEYS = ("cost", "prizes", "bring", "rules")     # optional texts the county fills once published
CAMPAIGN_KEYS = {"name", "county", "max_events_per_person", "levels", "data_notice", "contact", *PUBLISHED_KEYS,
                 "office_phone"}
TOP_KEYS = {"campaign", "townships", "categories"}
CATEGORY_KEYS = {"code", "name", "events"}
EVENT_KEYS = {"code", "name", "aliases", "mode", "team_size", "eligibility", "deadline", "capacity",
              "levels", "description", "venues", *PUBLISHED_KEYS}
# A published field must say something real: these mark text still waiting for the county.
PLACEHOLDER_MARKS = ("请县里填写", "待填写", "待补充", "待定", "占位", "todo", "tbd", "xxx")
ELIGIBILITY_KEYS = {"who", "min_age", "max_age"}


class _Problems:
    def __init__(self, path: str):
        self.path = path
        self.lines: list[str] = []

    def add(self, line: int, ident: str, problem: str) -> None:
        self.lines.append(f"{self.path}:{line}: {ident or '-'}: {problem}")


def _opt_int(p: _Problems, m: LineDict, key: str, ident: str, *, minimum: int, maximum: int | None = None):
    v = m.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        p.add(line_of(m, key), ident, f"{key} must be a whole number or null, not {v!r}")
        return None
    if v < minimum or (maximum is not None and v > maximum):
        rng = f"{minimum}–{maximum}" if maximum is not None else f">= {minimum}"
        p.add(line_of(m, key), ident, f"{key} {v} is out of range ({rng})")
        return None
    return v


def _str_list(p: _Problems, m: LineDict, key: str, ident: str) -> tuple[str, ...]:
    v = m.get(key)
    if v is None:
        return ()
    if not isinstance(v, list):
        p.add(line_of(m, key), ident, f"{key} must be a list")
        return ()
    out = []
    for item in v:
        s = scalar_text(item)
        if s is None:
            p.add(line_of(m, key), ident, f"{key} has an empty or non-text item {item!r}")
        else:
            out.append(s)
    return tuple(out)


def _unknown_keys(p: _Problems, m: LineDict, allowed: set[str], ident: str) -> None:
    for k in m:
        if k not in allowed:
            p.add(line_of(m, k), ident, f"unknown key {k!r} (allowed: {', '.join(sorted(allowed))})")


def _published(p: _Problems, m: LineDict, key: str, ident: str) -> str:
    """An optional published detail (cost, prizes, bring, a venue): "" when absent or null."""
    if m.get(key) is None:
        return ""
    text = scalar_text(m.get(key))
    if text is None:
        p.add(line_of(m, key), ident, f"{key} must be text (or left out until it is published)")
        return ""
    if any(mark in text.lower() for mark in PLACEHOLDER_MARKS):
        p.add(line_of(m, key), ident, f"{key} {text!r} looks like a placeholder: leave {key} out until the "
              "county has published it (the bot then says 县里还没公布)")
        return ""
    return text


def _venues(p: _Problems, e: LineDict, levels: tuple[str, ...], ident: str) -> tuple[tuple[str, str], ...]:
    v = e.get("venues")
    if v is None:
        return ()
    if not isinstance(v, LineDict):
        p.add(line_of(e, "venues"), ident, "venues must be a mapping of level to place, e.g. {县: 县体育场}")
        return ()
    out = []
    for level in v:
        if str(level) not in levels:
            p.add(line_of(v, level), ident, f"venues names level {level!r}, which is not in levels {list(levels)}")
            continue
        place = _published(p, v, level, ident)
        if place:
            out.append((str(level), place))
    order = {lv: i for i, lv in enumerate(levels)}
    return tuple(sorted(out, key=lambda lp: order[lp[0]]))


def _parse_date(p: _Problems, m: LineDict, key: str, ident: str) -> date | None:
    v = m.get(key)
    if v is None:
        p.add(line_of(m, key), ident, f"{key} is missing (YYYY-MM-DD)")
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        p.add(line_of(m, key), ident, f"{key} {v!r} is not a valid date (YYYY-MM-DD)")
        return None


def load_catalogue(path: str | Path = DEFAULT_PATH, policy: FindPolicy | None = None) -> Catalogue:
    """The catalogue at ``path``, its look-ups under ``policy`` (default: config.yaml's defaults)."""
    path = Path(path)
    shown = str(path)
    p = _Problems(shown)
    doc, errors = load_yaml(path, shown)
    if errors:
        raise KBError(errors)
    for key, line in duplicate_keys(doc):
        p.add(line, str(key), "duplicate key (the later value would silently win)")
    if not isinstance(doc, LineDict):
        p.add(1, "-", "the file must be a mapping with campaign, townships and categories")
        raise KBError(p.lines)
    _unknown_keys(p, doc, TOP_KEYS, "-")

    campaign = _load_campaign(p, doc)
    townships = _load_townships(p, doc)
    categories = _load_categories(p, doc, campaign)
    if p.lines:
        raise KBError(p.lines)
    catalogue = Catalogue(campaign=campaign, townships=townships, categories=categories, path=shown)
    if policy is not None:
        catalogue.policy = policy
    return catalogue


def _load_campaign(p: _Problems, doc: LineDict) -> Campaign | None:
    c = doc.get("campaign")
    if not isinstance(c, LineDict):
        p.add(line_of(doc, "campaign"), "campaign", "campaign section is missing or not a mapping")
        return None
    _unknown_keys(p, c, CAMPAIGN_KEYS, "campaign")
    name = scalar_text(c.get("name"))
    if name is None:
        p.add(line_of(c, "name"), "campaign", "name is missing")
    notice = scalar_text(c.get("data_notice"))
    if notice is None:
        p.add(line_of(c, "data_notice"), "campaign",
              "data_notice is missing (who collects sign-up data, why, who sees it, how long it is kept)")
    max_events = c.get("max_events_per_person")
    if max_events is None:
        p.add(line_of(c, "max_events_per_person"), "campaign", "max_events_per_person is missing")
    elif isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 1:
        p.add(line_of(c, "max_events_per_person"), "campaign",
              f"max_events_per_person must be a whole number >= 1, not {max_events!r}")
        max_events = None
    return Campaign(name=name or "", county=scalar_text(c.get("county")) or "",
                    max_events_per_person=max_events or 0,
                    levels=_str_list(p, c, "levels", "campaign"),
                    data_notice=notice or "", contact=scalar_text(c.get("contact")) or "",
                    office_phone=scalar_text(c.get("office_phone")) or "",
                    **{k: _published(p, c, k, "campaign") for k in PUBLISHED_KEYS})


def _load_townships(p: _Problems, doc: LineDict) -> list[Township]:
    ts = doc.get("townships")
    if not isinstance(ts, list) or not ts:
        p.add(line_of(doc, "townships"), "townships", "townships must be a non-empty list")
        return []
    out: list[Township] = []
    seen: dict[str, int] = {}
    for t in ts:
        if not isinstance(t, LineDict):
            p.add(line_of(doc, "townships"), "townships", f"a township must be a mapping, not {t!r}")
            continue
        name = scalar_text(t.get("name"))
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
            p.add(line_of(t, "villages"), name, "villages must be a non-empty list")
        dup = sorted({v for v in villages if villages.count(v) > 1})
        if dup:
            p.add(line_of(t, "villages"), name, f"duplicate village(s): {', '.join(dup)}")
        out.append(Township(name=name, villages=villages))
    return out


def _load_categories(p: _Problems, doc: LineDict, campaign: Campaign | None) -> list[Category]:
    cs = doc.get("categories")
    if not isinstance(cs, list) or not cs:
        p.add(line_of(doc, "categories"), "categories", "categories must be a non-empty list")
        return []
    out: list[Category] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}          # every category name, event name and alias -> line
    event_codes: dict[str, int] = {}
    for c in cs:
        if not isinstance(c, LineDict):
            p.add(line_of(doc, "categories"), "categories", f"a category must be a mapping, not {c!r}")
            continue
        code = _claim_code(p, c, "category", codes)
        ident = code or "category"
        _unknown_keys(p, c, CATEGORY_KEYS, ident)
        name = _required_name(p, c, "category", ident, names)
        evs = c.get("events")
        events: list[Event] = []
        if not isinstance(evs, list) or not evs:
            p.add(line_of(c, "events"), ident, "events must be a non-empty list")
        else:
            for e in evs:
                ev = _load_event(p, e, code or "", names, event_codes, c)
                if ev is not None:
                    events.append(ev)
        out.append(Category(code=code or "", name=name or "", events=tuple(events)))
    return out


def _claim_code(p: _Problems, m: LineDict, kind: str, codes: dict[str, int]) -> str | None:
    """The code of a category or event, checked for form and uniqueness (kept in ``codes``)."""
    code = scalar_text(m.get("code"))
    if code is None:
        p.add(m.line, kind, f"{kind} code is missing")
    elif not CODE_RE.match(code):
        p.add(line_of(m, "code"), code, "code must be lower-case letters, digits, '_' or '-', starting with a letter")
    elif code in codes:
        p.add(line_of(m, "code"), code, f"duplicate {kind} code (also on line {codes[code]})")
    else:
        codes[code] = line_of(m, "code")
    return code


def _required_name(p: _Problems, m: LineDict, kind: str, ident: str, names: dict[str, int]) -> str | None:
    name = scalar_text(m.get("name"))
    if name is None:
        p.add(m.line, ident, f"{kind} name is missing")
    else:
        _claim_name(p, names, name, line_of(m, "name"), ident)
    return name


def _claim_name(p: _Problems, names: dict[str, int], name: str, line: int, ident: str) -> None:
    key = strip_punct(name)
    if key in names:
        p.add(line, ident, f"name or alias {name!r} is already used on line {names[key]} (look-ups would be ambiguous)")
    else:
        names[key] = line


def _load_event(p: _Problems, e, category: str, names: dict[str, int], codes: dict[str, int],
                parent: LineDict) -> Event | None:
    if not isinstance(e, LineDict):
        p.add(line_of(parent, "events"), category or "-", f"an event must be a mapping, not {e!r}")
        return None
    code = _claim_code(p, e, "event", codes)
    ident = code or "event"
    _unknown_keys(p, e, EVENT_KEYS, ident)
    name = _required_name(p, e, "event", ident, names)
    aliases = _str_list(p, e, "aliases", ident)
    for a in aliases:
        if name is not None and strip_punct(a) == strip_punct(name):
            continue
        _claim_name(p, names, a, line_of(e, "aliases"), ident)

    mode = e.get("mode")
    team_min = team_max = None
    if mode not in MODES:
        p.add(line_of(e, "mode"), ident, f"unknown mode {mode!r} (individual or team)")
    team = e.get("team_size")
    if mode == "team":
        if not isinstance(team, LineDict):
            p.add(line_of(e, "team_size") if "team_size" in e else e.line, ident,
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
        p.add(line_of(e, "team_size"), ident, "team_size given for an individual event (set mode: team or remove it)")

    elig = e.get("eligibility")
    who, min_age, max_age = "any", None, None
    if elig is not None:
        if not isinstance(elig, LineDict):
            p.add(line_of(e, "eligibility"), ident, "eligibility must be a mapping")
        else:
            _unknown_keys(p, elig, ELIGIBILITY_KEYS, ident)
            who = elig.get("who") or "any"
            if who not in WHO:
                p.add(line_of(elig, "who"), ident, f"unknown who {who!r} ({', '.join(WHO)})")
                who = "any"
            min_age = _opt_int(p, elig, "min_age", ident, minimum=0, maximum=120)
            max_age = _opt_int(p, elig, "max_age", ident, minimum=0, maximum=120)
            if min_age is not None and max_age is not None and min_age > max_age:
                p.add(line_of(elig, "min_age"), ident, f"min_age {min_age} > max_age {max_age}")

    deadline = _parse_date(p, e, "deadline", ident)
    capacity = _opt_int(p, e, "capacity", ident, minimum=1)
    levels = _str_list(p, e, "levels", ident)
    description = scalar_text(e.get("description")) or ""
    published = {k: _published(p, e, k, ident) for k in PUBLISHED_KEYS}
    venues = _venues(p, e, levels, ident)
    if code is None or name is None or mode not in MODES or deadline is None:
        return None
    return Event(code=code, name=name, aliases=aliases, mode=mode, team_min=team_min, team_max=team_max,
                 who=who, min_age=min_age, max_age=max_age, deadline=deadline, capacity=capacity,
                 levels=levels, description=description, category=category, line=e.line,
                 venues=venues, **published)
