"""The Q&A knowledge base: knowledge/qa/*.yaml + knowledge/synonyms.yaml -> KnowledgeBase.

``load_knowledge_base(settings, catalogue)`` reads and validates every file, fills in the
catalogue's counts where a text quotes them (``{categories}大类{events}项``), builds the
answers that are generated from the contest catalogue, and indexes everything for matching
(knowledge.matcher). Any problem -- with its ``file:line: entry-id: problem`` -- is collected
and raised together as one KBError, so a county editor sees all of them at once.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

from bot.core.clock import cn_date
from knowledge import kbcache
from knowledge.catalogue import fill_counts_in, short_name, untallied
from knowledge.errors import KBError
from knowledge.find import FindPolicy, Policies
from knowledge.matcher import IndexEntry, MatchConfig, Matcher, MatchResult
from knowledge.normalize import Normalizer
from knowledge.text import scalar_text
from knowledge.yamlsource import LineDict, line_of, load_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FACT_RE = re.compile(r"^F\d{2,}$")
GENERATORS = ("catalogue", "signup_howto", "deadlines")
ENTRY_KEYS = {"id", "fact", "question", "similar", "keywords", "answer", "generate", "related", "bo"}
BO_KEYS = {"question", "similar", "answer"}
FILE_KEYS = {"section", "entries"}
TEXT_KEYS = ("question", "similar", "keywords", "answer")     # where placeholders are filled (also in bo:)
MAX_RELATED = 2
DEFAULT_REPLY_MAX_BYTES = 2000


# --------------------------------------------------------------------------- files

def display_path(path: Path) -> str:
    """A path as a county editor sees it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- entries

@dataclass
class BoText:
    question: str = ""
    similar: list[str] = field(default_factory=list)
    answer: str = ""


@dataclass
class Entry:
    id: str
    question: str
    answer: str = ""
    fact: str | None = None
    similar: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    generate: str | None = None
    related: list[str] = field(default_factory=list)
    bo: BoText | None = None
    section: str = ""
    file: str = ""
    line: int = 0
    # line of each question / variant, for checker messages: (text, line)
    variant_lines: list[tuple[str, int]] = field(default_factory=list)
    answer_line: int = 0
    related_line: int = 0

    def answer_in(self, lang: str) -> str:
        if lang == "bo" and self.bo and self.bo.answer:
            return self.bo.answer
        return self.answer

    def question_in(self, lang: str) -> str:
        if lang == "bo" and self.bo and self.bo.question:
            return self.bo.question
        return self.question


def _text_list(d: LineDict, key: str, where: str, eid: str, problems: list[str]) -> list[tuple[str, int]]:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        problems.append(f"{where}:{line_of(d, key)}: {eid}: {key} must be a list")
        return []
    lines = getattr(v, "item_lines", [line_of(d, key)] * len(v))
    out = []
    for item, line in zip(v, lines):
        s = scalar_text(item)
        if s is None:
            problems.append(f"{where}:{line}: {eid}: {key} has an empty or non-text item")
        else:
            out.append((s, line))
    return out


def parse_file(path: Path, problems: list[str], counts: dict[str, str] | None = None) -> list[Entry]:
    """Entries of one qa/*.yaml file, with the catalogue's ``counts`` filled in (None: the
    catalogue did not load); problems appended as ``file:line: id: problem``."""
    where = display_path(path)
    doc, errs = load_yaml(path, where)
    problems.extend(errs)
    if errs:
        return []
    if not isinstance(doc, LineDict) or not isinstance(doc.get("entries"), list):
        problems.append(f"{where}:1: -: the file must be a mapping with `section:` and an `entries:` list")
        return []
    for key, line in doc.duplicates:
        problems.append(f"{where}:{line}: -: field {key!r} given twice")
    for key in doc:
        if key not in FILE_KEYS:
            problems.append(f"{where}:{line_of(doc, key)}: -: unknown field {key!r}")
    section = scalar_text(doc.get("section"))
    if section is None:
        problems.append(f"{where}:1: -: `section:` is missing")
        section = ""
    entries_node = doc["entries"]
    item_lines = getattr(entries_node, "item_lines", [])
    out: list[Entry] = []
    for n, item in enumerate(entries_node):
        item_line = item_lines[n] if n < len(item_lines) else line_of(doc, "entries")
        if not isinstance(item, LineDict):
            problems.append(f"{where}:{item_line}: -: entry #{n + 1} is not a mapping")
            continue
        entry = _parse_entry(item, section, where, problems, counts)
        if entry is not None:
            out.append(entry)
    return out


def _parse_entry(d: LineDict, section: str, where: str, problems: list[str],
                 counts: dict[str, str] | None = None) -> Entry | None:
    raw_id = d.get("id")
    eid = raw_id if isinstance(raw_id, str) and raw_id.strip() else "-"
    eid = eid.strip()

    def bad(key: str | None, problem: str, line: int | None = None) -> None:
        problems.append(f"{where}:{line if line is not None else line_of(d, key)}: {eid}: {problem}")

    for key, line in d.duplicates:
        bad(None, f"field {key!r} given twice (the later value would silently win)", line)
    for key in d:
        if key not in ENTRY_KEYS:
            bad(key, f"unknown field {key!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    if eid == "-":
        bad("id", "id is missing")
        return None
    for node in (d, d.get("bo")):                # the catalogue's counts, where a text quotes them
        if isinstance(node, LineDict):
            problems.extend(f"{where}:{line}: {eid}: {p}" for line, p in fill_counts_in(node, TEXT_KEYS, counts))
    if not ID_RE.match(eid):
        bad("id", f"id {eid!r} must be lower-case letters, digits and '-'")
    fact = scalar_text(d.get("fact"))
    if fact is not None and not FACT_RE.match(fact):
        bad("fact", f"fact {fact!r} must look like F01")
    question = scalar_text(d.get("question"))
    if question is None:
        bad("question", "question is missing or empty")
        question = ""
    similar = _text_list(d, "similar", where, eid, problems)
    keywords = _text_list(d, "keywords", where, eid, problems)
    answer = d.get("answer")
    generate = scalar_text(d.get("generate"))
    if "answer" in d and generate is not None:
        bad("generate", "has both `answer` and `generate` (keep one)")
    if generate is not None and generate not in GENERATORS:
        bad("generate", f"generate {generate!r} is unknown (one of: {', '.join(GENERATORS)})")
    answer_text = scalar_text(answer) or ""
    if generate is None and not answer_text:
        bad("answer" if "answer" in d else None, "empty answer")
    related_raw = d.get("related")
    related: list[str] = []
    if related_raw is not None:
        if not isinstance(related_raw, list):
            bad("related", "related must be a list of entry ids")
        else:
            related = [str(r).strip() for r in related_raw if scalar_text(r)]
            if len(related) > MAX_RELATED:
                bad("related", f"related lists {len(related)} entries (at most {MAX_RELATED})")
            if eid in related:
                bad("related", "related names the entry itself")
    bo = None
    bo_raw = d.get("bo")
    if bo_raw is not None:
        if not isinstance(bo_raw, LineDict):
            bad("bo", "bo must be a mapping with question, similar, answer")
        else:
            for key, line in bo_raw.duplicates:
                bad(None, f"bo field {key!r} given twice", line)
            for key in bo_raw:
                if key not in BO_KEYS:
                    bad(None, f"unknown bo field {key!r}", line_of(bo_raw, key))
            bo_q = scalar_text(bo_raw.get("question")) or ""
            if not bo_q:
                bad(None, "bo.question is missing or empty", line_of(bo_raw, "question"))
            bo = BoText(bo_q, [s for s, _ in _text_list(bo_raw, "similar", where, eid, problems)],
                        scalar_text(bo_raw.get("answer")) or "")
    variant_lines = ([(question, line_of(d, "question"))] if question else []) + similar
    return Entry(id=eid, question=question, answer=answer_text, fact=fact,
                 similar=[s for s, _ in similar], keywords=[k for k, _ in keywords],
                 generate=generate, related=related, bo=bo, section=section, file=where,
                 line=d.line, variant_lines=variant_lines,
                 answer_line=line_of(d, "answer") if "answer" in d else line_of(d, "generate"),
                 related_line=line_of(d, "related"))


def parse_synonyms(path: Path, problems: list[str]) -> list[list[str]]:
    """Synonym groups from knowledge/synonyms.yaml (missing file: no synonyms)."""
    if not path.exists():
        return []
    where = display_path(path)
    doc, errs = load_yaml(path, where)
    problems.extend(errs)
    if errs:
        return []
    if not isinstance(doc, LineDict) or not isinstance(doc.get("groups"), list):
        problems.append(f"{where}:1: -: synonyms file must have a `groups:` list of lists")
        return []
    groups: list[list[str]] = []
    owner: dict[str, tuple[str, int]] = {}
    plain = Normalizer()
    node = doc["groups"]
    for n, (group, line) in enumerate(zip(node, node.item_lines), start=1):
        label = f"group-{n}"
        if not isinstance(group, list):
            problems.append(f"{where}:{line}: {label}: a group must be a list of words")
            continue
        words = [scalar_text(w) for w in group]
        if any(w is None for w in words):
            problems.append(f"{where}:{line}: {label}: a group has an empty or non-text word")
            words = [w for w in words if w]
        if len(words) < 2:
            problems.append(f"{where}:{line}: {label}: a group needs at least two words")
            continue
        label = words[0]
        for w in words:
            key = plain.normalize_query(w, fillers=False)
            if key in owner and owner[key][0] != label:
                problems.append(f"{where}:{line}: {label}: word {w!r} is already in the group of "
                                f"{owner[key][0]!r} (line {owner[key][1]})")
            else:
                owner.setdefault(key, (label, line))
        groups.append(words)
    return groups


# --------------------------------------------------------------------------- generated answers

def _fmt_date(d: Any) -> str:
    try:
        return cn_date(d)
    except AttributeError:
        return str(d) if d else "待定"


def generate_answer(kind: str, catalogue: Any) -> str:
    """Answers built from the contest catalogue (duck-typed: categories/events/campaign)."""
    if catalogue is None:
        return "比赛目录还在整理中，请稍后再问，或联系本村驻村工作队。"
    categories = list(getattr(catalogue, "categories", []) or [])
    events = [e for c in categories for e in (getattr(c, "events", []) or [])]
    campaign = getattr(catalogue, "campaign", None)
    max_events = getattr(campaign, "max_events_per_person", None)
    if kind == "catalogue":
        lines = [f"活动共{len(categories)}大类{len(events)}项比赛："]
        for i, c in enumerate(categories, 1):
            names = "、".join(short_name(e.name) for e in c.events)
            lines.append(f"{i}. {c.name}（{len(c.events)}项）：{names}")
        lines.append("想报名就发送「报名」。")
        return "\n".join(lines)
    if kind == "deadlines":
        by_date: dict[Any, list[str]] = defaultdict(list)
        for e in events:
            by_date[getattr(e, "deadline", None)].append(e.name)
        dated = sorted(d for d in by_date if d is not None)
        lines = ["各项比赛的报名截止日期（截止当天仍可报名）："]
        for d in dated:
            names = by_date[d]
            if len(names) == len(events):
                lines = [f"所有比赛的报名都在{_fmt_date(d)}截止（当天仍可报名）。"]
                break
            lines.append(f"{_fmt_date(d)}截止：{'、'.join(names)}")
        if None in by_date:
            lines.append(f"截止日期待定：{'、'.join(by_date[None])}")
        lines.append("发送「报名」报名，发送「我的报名」查看已报的比赛。")
        return "\n".join(lines)
    if kind == "signup_howto":
        limit = f"（每人最多报{max_events}项）" if max_events else ""
        dates = sorted(d for d in (getattr(e, "deadline", None) for e in events) if d is not None)
        lines = [
            "两种报名方法：到本村报名（不会用手机的，村、乡干部可以帮着报），或者在这个公众号里报名：",
            f"1. 发送「报名」，按提示选比赛类别和项目{limit}；",
            "2. 按提示一项项填写报名信息，最后确认，就报上了；",
            "3. 发送「我的报名」查看，发送「取消报名 编号」取消。",
        ]
        if dates:
            span = (_fmt_date(dates[0]) if dates[0] == dates[-1]
                    else f"{_fmt_date(dates[0])}到{_fmt_date(dates[-1])}")
            lines.append(f"报名截止：{span}，各项目不同，发送「报名截止」查看。")
        # The data notice is not repeated here: the sign-up shows it once, before the first personal question.
        # What is asked, though, answers this entry's own 「报名要填什么」: named from the notice's first clause.
        fields = getattr(campaign, "signup_fields", "")
        if fields:
            lines.insert(4, f"要填：{fields}。")
        return "\n".join(lines)
    raise ValueError(f"unknown generator {kind!r}")


# --------------------------------------------------------------------------- validation

@dataclass
class KBStats:
    files: int = 0
    sections: int = 0
    entries: int = 0
    facts: int = 0
    variants: int = 0
    tibetan: int = 0
    synonym_groups: int = 0


def validate(entries: list[Entry], normalizer: Normalizer, reply_max_bytes: int) -> list[str]:
    """Problems across entries: duplicate ids, unknown related ids, over-long answers,
    variants that collide with another entry after normalisation."""
    problems: list[str] = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            f = first[e.id]
            problems.append(f"{e.file}:{e.line}: {e.id}: duplicate id (first at {f.file}:{f.line})")
        else:
            first[e.id] = e
    for e in entries:
        for r in e.related:
            if r not in first:
                problems.append(f"{e.file}:{e.related_line or e.line}: {e.id}: related id {r!r} is not an entry")
        for label, text in (("answer", e.answer), ("bo.answer", e.bo.answer if e.bo else "")):
            size = len(text.encode("utf-8"))
            if size > reply_max_bytes:
                problems.append(f"{e.file}:{e.answer_line or e.line}: {e.id}: {label} is {size} bytes, "
                                f"over the {reply_max_bytes}-byte reply limit (server.reply_max_bytes)")
    owner: dict[str, tuple[Entry, str]] = {}
    for e in entries:
        seen_here: set[str] = set()
        for text, line in e.variant_lines:
            key = normalizer.normalize_query(text)
            if not key:
                problems.append(f"{e.file}:{line}: {e.id}: variant {text!r} is empty after normalisation")
                continue
            if key in seen_here:
                continue
            seen_here.add(key)
            other = owner.get(key)
            if other is not None and other[0].id != e.id:
                problems.append(f"{e.file}:{line}: {e.id}: variant {text!r} collides with "
                                f"{other[0].id}'s {other[1]!r} after normalisation ({key!r})")
            else:
                owner.setdefault(key, (e, text))
    return problems


def qa_files(knowledge_dir: Path) -> list[Path]:
    qa_dir = Path(knowledge_dir) / "qa"
    return sorted(qa_dir.glob("*.yaml")) + sorted(qa_dir.glob("*.yml"))


def read_knowledge_dir(knowledge_dir: Path, reply_max_bytes: int = DEFAULT_REPLY_MAX_BYTES,
                       catalogue: Any = None, normalizer_out: list | None = None,
                       ) -> tuple[list[Entry], list[list[str]], list[str], KBStats]:
    """Parse and validate qa/*.yaml and synonyms.yaml: (entries, synonym groups, problems, stats).
    ``normalizer_out`` (a list) receives the normaliser used, to reuse its cache when indexing."""
    problems: list[str] = []
    qa_dir = Path(knowledge_dir) / "qa"
    files = qa_files(knowledge_dir)
    counts = catalogue.counts() if catalogue is not None else None
    entries: list[Entry] = []
    for path in files:
        entries.extend(parse_file(path, problems, counts))
    if not files:
        problems.append(f"{display_path(qa_dir)}:0: -: no *.yaml files with questions found")
    elif not entries and not problems:
        problems.append(f"{display_path(qa_dir)}:0: -: no entries found")
    synonyms = parse_synonyms(Path(knowledge_dir) / "synonyms.yaml", problems)
    # Typed pinyin is read as these words (naqu -> 那曲): the keywords and the contest's event names.
    names = [k for e in catalogue.events for k in (e.name, *e.aliases)] if catalogue is not None else []
    normalizer = Normalizer(synonyms, vocabulary=[*(k for e in entries for k in e.keywords), *names])
    if normalizer_out is not None:
        normalizer_out.append(normalizer)
    for e in entries:
        if e.generate in GENERATORS:
            e.answer = generate_answer(e.generate, catalogue)
    problems.extend(validate(entries, normalizer, reply_max_bytes))
    stats = KBStats(files=len(files), sections=len({e.section for e in entries}), entries=len(entries),
                    facts=len({e.fact for e in entries if e.fact}),
                    variants=sum(len(e.variant_lines) for e in entries),
                    tibetan=sum(1 for e in entries if e.bo), synonym_groups=len(synonyms))
    return entries, synonyms, problems, stats


# --------------------------------------------------------------------------- the knowledge base

class KnowledgeBase:
    def __init__(self, entries: Iterable[Entry], synonyms: list[list[str]] | None = None,
                 config: MatchConfig | None = None, stats: KBStats | None = None,
                 normalizer: Normalizer | None = None, choice_policy: FindPolicy | None = None,
                 category_names: Sequence[str] = ()):
        self.entries: dict[str, Entry] = {}
        # The contest's categories by name: a text naming them all tells of none (catalogue.untallied).
        self.category_names = tuple(category_names)
        for e in entries:
            self.entries.setdefault(e.id, e)
        self.synonyms = synonyms or []
        self.normalizer = normalizer or Normalizer(self.synonyms)
        # How a reply picks one of the numbered choices shown under an answer (handlers.qa).
        self.choice_policy = choice_policy or Policies().qa_choice
        self.stats = stats
        self.matcher = Matcher([self._index_entry(e) for e in self.entries.values()],
                               self.normalizer, config)

    def _index_entry(self, e: Entry) -> IndexEntry:
        bo = [e.bo.question, *e.bo.similar] if e.bo else []
        return IndexEntry(id=e.id, group=e.fact or e.id, question=e.question, similar=tuple(e.similar),
                          keywords=tuple(e.keywords), bo_texts=tuple(t for t in bo if t),
                          answer=untallied(e.answer, self.category_names))

    @property
    def entry_ids(self) -> set[str]:
        return set(self.entries)

    @property
    def facts(self) -> set[str]:
        return {e.fact for e in self.entries.values() if e.fact}

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def match(self, query: str) -> MatchResult:
        return self.matcher.match(query)

    def suggestions(self, result: MatchResult) -> list[Entry]:
        return [self.entries[c.entry_id] for c in self.matcher.suggestions(result.candidates)]

    def __len__(self) -> int:
        return len(self.entries)


class Built(NamedTuple):
    kb: KnowledgeBase | None       # None when there were problems
    entry_ids: set[str]
    problems: list[str]
    stats: KBStats


def catalogue_facts(catalogue: Any) -> tuple:
    """All that the knowledge base takes from the contest catalogue (read_knowledge_dir,
    KnowledgeBase): its counts, event names, generated answers and category names."""
    if catalogue is None:
        return ()
    return (catalogue.counts(), [k for e in catalogue.events for k in (e.name, *e.aliases)],
            [generate_answer(kind, catalogue) for kind in GENERATORS], [c.name for c in catalogue.categories])


def _inputs(knowledge_dir: Path) -> list[tuple[str, bytes]]:
    """The files a build reads, as (name an editor sees, bytes)."""
    paths = [*qa_files(knowledge_dir), Path(knowledge_dir) / "synonyms.yaml"]
    return [(display_path(p), p.read_bytes()) for p in paths if p.exists()]


def build_knowledge_base(knowledge_dir: Path, reply_max_bytes: int, catalogue: Any, config: MatchConfig | None,
                         choice_policy: FindPolicy | None, cache_dir: Path | None = None) -> Built:
    """Read, validate and index the Q&A files (``config`` None: validate only). With a
    ``cache_dir``, a knowledge base built before from the same inputs by the same code is read
    back instead (knowledge.kbcache), and a new one is kept there."""
    def fingerprint() -> str | None:
        try:
            return kbcache.fingerprint(_inputs(knowledge_dir),
                                       (reply_max_bytes, config, choice_policy, catalogue_facts(catalogue)))
        except OSError:
            return None

    key = fingerprint() if cache_dir is not None and config is not None else None
    kb = kbcache.load(cache_dir, "kb", key) if key else None
    if isinstance(kb, KnowledgeBase):
        return Built(kb, kb.entry_ids, [], kb.stats)
    normalizers: list[Normalizer] = []
    entries, synonyms, problems, stats = read_knowledge_dir(knowledge_dir, reply_max_bytes, catalogue, normalizers)
    ids = {e.id for e in entries}
    if problems or config is None:
        return Built(None, ids, problems, stats)
    kb = KnowledgeBase(entries, synonyms, config, stats, normalizer=normalizers[0], choice_policy=choice_policy,
                       category_names=[c.name for c in catalogue.categories] if catalogue is not None else ())
    if key and fingerprint() == key:      # not when a file changed during the build: its key is the old bytes'
        kbcache.store(cache_dir, "kb", key, kb)
    return Built(kb, ids, [], stats)


def load_knowledge_base(settings: Any, catalogue: Any = None) -> KnowledgeBase:
    """Read ``settings.knowledge_dir``/qa/*.yaml and synonyms.yaml (or the cache of them:
    ``settings.knowledge_cache_dir``); raise KBError listing every problem."""
    reply_max = int(settings.get("server", "reply_max_bytes", DEFAULT_REPLY_MAX_BYTES))
    config, config_problems = MatchConfig.parse(settings.raw.get("qa"))
    policies, policy_problems = Policies.parse(settings.raw.get("find"))
    built = build_knowledge_base(settings.knowledge_dir, reply_max, catalogue,
                                 None if config_problems or policy_problems else config,
                                 policies.qa_choice, getattr(settings, "knowledge_cache_dir", None))
    if built.kb is None:
        raise KBError(built.problems + config_problems + policy_problems)
    return built.kb
