"""Matcher: outcomes on a small knowledge base, then accuracy on the independent paraphrase set."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from bot.core.config import load_settings
from knowledge.errors import KBError
from knowledge.matcher import MAX_QUERY_CHARS, MatchConfig
from knowledge.qa import (
    BoText,
    Entry,
    KnowledgeBase,
    generate_answer,
    load_knowledge_base,
)

DATA = Path(__file__).parent / "data"


def entry(id, question, similar=(), keywords=(), answer="答案", fact=None, related=(), bo=None):
    return Entry(id=id, question=question, similar=list(similar), keywords=list(keywords),
                 answer=answer, fact=fact or id.upper(), related=list(related), bo=bo)


@pytest.fixture(scope="module")
def small_kb() -> KnowledgeBase:
    entries = [
        entry("f02", "活动一共有多少项比赛？", ["一共有几项比赛", "比赛总共分几大类"], ["7大类", "33项"],
              bo=BoText("འགྲན་བསྡུར་རྣམ་གྲངས་ག་ཚོད་ཡོད།", ["འགྲན་བསྡུར་ག་ཚོད་ཡོད།"], "རིགས་ཆེན་བདུན་ཡོད།")),
        entry("f03", "活动由谁来领导？领导小组是怎么组成的？", ["谁是领导小组组长", "活动组长是谁"],
              ["领导小组", "组长"]),
        entry("f20", "“三个意识”是什么？", ["三个意识是哪三个"], ["国家意识", "公民意识", "法治意识"]),
        entry("f43", "怎么报名参加比赛？", ["报名方法", "在手机上怎么报名"], ["报名流程"]),
        entry("f43-deadline", "报名什么时候截止？", ["最晚几号报名", "截止日期"], fact="F43"),
        entry("f44", "比赛有哪些类别和项目？", ["比赛项目清单", "比赛目录"], ["项目", "类别"]),
        entry("f11", "比赛分几级？", ["村里比完了去哪里比", "比赛级别"], ["村级预赛", "市级决赛"]),
        entry("f12", "活动是怎么向群众宣讲的？", ["政策宣讲怎么搞的", "入户宣讲"], ["宣讲", "讲习堂"]),
        entry("f13", "网上哪里能看到活动的消息？", ["微洛隆公众号", "抖音视频号"], ["微洛隆", "视频号"]),
    ]
    return KnowledgeBase(entries, [["报名", "报个名"], ["截止", "截止时间"]])


@pytest.mark.parametrize("query, expected", [
    ("活动一共有多少项比赛", "f02"),               # the question itself
    ("請問活動一共有多少項比賽？", "f02"),          # traditional + fillers
    ("一共有七大类三十三项比赛吗", "f02"),          # numerals in characters
    ("三个意思是什么", "f20"),                     # voice homophone 意思/意识
    ("领导小组组张是谁", "f03"),                   # homophone 张/长
    ("bisai xiangmu qingdan", "f44"),            # typed pinyin
    ("报个名什么时候截止时间", "f43-deadline"),      # synonyms
    ("微落隆公众号", "f13"),                       # homophone of a name
])
def test_top_candidate(small_kb, query, expected):
    result = small_kb.match(query)
    assert result.candidates, result
    assert result.candidates[0].entry_id == expected, result.candidates[:3]
    assert result.outcome in ("answer", "suggest")


@pytest.mark.parametrize("query, expected", [
    ("活动一共有多少项比赛", "f02"),
    ("报名什么时候截止", "f43-deadline"),
    ("比赛项目清单", "f44"),
    ("三个意识是什么", "f20"),
])
def test_clear_questions_are_answered(small_kb, query, expected):
    result = small_kb.match(query)
    assert result.outcome == "answer", result.candidates[:3]
    assert result.top.entry_id == expected


@pytest.mark.parametrize("query", ["今天天气怎么样", "低保怎么申请", "虫草今年卖多少钱一斤", "拖拉机坏了哪里修",
                                   "给我讲个笑话", "asdfgh", "？？？"])
def test_off_topic_gets_no_confident_answer(small_kb, query):
    assert small_kb.match(query).outcome in ("fallback", "suggest")


def test_nothing_in_common_is_a_fallback(small_kb):
    result = small_kb.match("明天会不会下雨")
    assert result.outcome == "fallback"


def test_a_vague_keyword_gets_suggestions_not_a_guess(small_kb):
    # 比赛 is in most entries: idf makes it weak, so no single entry wins by a margin.
    result = small_kb.match("比赛")
    assert result.outcome != "answer"


def test_margin_turns_a_tie_into_suggestions():
    kb = KnowledgeBase([entry("a1", "村BA篮球赛报名时间"), entry("b1", "村BA篮球赛比赛地点"),
                        entry("c1", "领导小组组长是谁")])
    result = kb.match("村BA篮球赛")
    assert result.outcome == "suggest"
    assert {e.id for e in kb.suggestions(result)} == {"a1", "b1"}


def test_entries_of_one_fact_do_not_block_each_other():
    kb = KnowledgeBase([entry("x1", "怎么报名参加比赛", fact="F43"), entry("x2", "怎么报名参加比赛的培训", fact="F43"),
                        entry("y1", "领导小组组长是谁", fact="F03")])
    result = kb.match("怎么报名参加比赛")
    assert result.outcome == "answer" and result.top.entry_id == "x1"


def test_stricter_thresholds_come_from_settings_section():
    cfg = MatchConfig.from_settings({"answer_threshold": 1.5, "margin": 0.5, "max_suggestions": 2})
    assert cfg.answer_threshold == 1.5 and cfg.margin == 0.5 and cfg.max_suggestions == 2
    kb = KnowledgeBase([entry("f02", "活动一共有多少项比赛？"), entry("f03", "领导小组组长是谁")], config=cfg)
    assert kb.match("活动一共有多少项比赛").outcome == "suggest"


def test_unknown_or_invalid_settings_are_reported_not_ignored():
    cfg, problems = MatchConfig.parse({"unknown": 3, "margin": "big", "max_suggestions": 2.5, "w_bag": -1,
                                       "char_orders": [1, 2], "answer_cover": 0.6})
    assert [p.split(": ", 2)[1:] for p in problems] == [
        ["qa", problems[0].split(": ", 2)[2]], ["qa", "margin: must be a number, not 'big'"],
        ["qa", "max_suggestions: must be a whole number, not 2.5"], ["qa", "w_bag: must not be negative, not -1"],
        ["qa", "char_orders and char_order_weights must have the same length"]]
    assert "unknown setting 'unknown'" in problems[0]
    assert cfg.answer_cover == 0.6 and cfg.margin == MatchConfig().margin       # valid ones still apply
    with pytest.raises(KBError):
        MatchConfig.from_settings({"unknown": 3})


@pytest.mark.parametrize("text, kind", [
    ("你好", "hello"), ("您好！", "hello"), ("扎西德勒", "hello"), ("扎西得勒", "hello"), ("在吗", "hello"),
    ("hello", "hello"), ("Hi", "hello"), ("谢谢", "thanks"), ("谢谢你啊", "thanks"), ("感谢", "thanks"),
    ("突及其", "thanks"), ("突几其", "thanks"), ("ཐུགས་རྗེ་ཆེ།", "thanks"), ("བཀྲ་ཤིས་བདེ་ལེགས།", "hello"),
    ("你好，谢谢", "thanks"), ("好的", "ack"), ("收到", "ack"),
    ("老师好", "hello"), ("领导好！", "hello"), ("谢谢老师", "thanks"), ("谢谢领导", "thanks"), ("辛苦了", "thanks"),
    ("老师辛苦了", "thanks"), ("再见", "bye"), ("拜拜", "bye"), ("好的，再见", "bye"), ("恩", "ack"), ("嗯嗯", "ack"),
    ("恩恩好的", "ack"), ("xiexie", "thanks"), ("ཐུགས་རྗེ་ཆེ། 谢谢", "thanks"), ("那个，谢谢", "thanks"),
    ("呃 再见", "bye"), ("请问，在吗", "hello"),
])
def test_greetings_and_thanks(small_kb, text, kind):
    result = small_kb.match(text)
    assert result.outcome == "greeting"
    assert result.smalltalk == kind


@pytest.mark.parametrize("text", ["你好，报名什么时候截止", "谢谢，三个意识是什么", "你好吗我想报名"])
def test_a_greeting_with_a_question_is_a_question(small_kb, text):
    assert small_kb.match(text).outcome != "greeting"


@pytest.mark.parametrize("text", ["号", "星", "还", "海", "可以吗", "懂了吗", "行吗", "好吗", "嗨号", "请问", "那个"])
def test_sound_alone_does_not_make_small_talk(small_kb, text):
    # one-character phrases match as characters (号 sounds like 好, 还/海 like 嗨, 星 like 行), and
    # 吗 turns 可以 / 懂了 into questions
    assert small_kb.match(text).outcome != "greeting", text


def test_mixed_tibetan_and_chinese_ranks_the_chinese_question(small_kb):
    result = small_kb.match("ཐུགས་རྗེ་ཆེ 报名什么时候截止")
    assert result.outcome == "answer" and result.top.entry_id == "f43-deadline" and result.lang == "zh"
    # Tibetan question + Chinese thanks: the Tibetan part is ranked
    result = small_kb.match("谢谢 འགྲན་བསྡུར་ག་ཚོད་ཡོད")
    assert result.outcome == "answer" and result.top.entry_id == "f02" and result.lang == "bo"


@pytest.mark.parametrize("query, expected", [("san ge yi shi", "f20"), ("sangeyishi", "f20"),
                                             ("bao ming shen me shi hou jie zhi", "f43-deadline")])
def test_typed_pinyin_with_or_without_spaces(small_kb, query, expected):
    result = small_kb.match(query)
    assert result.top.entry_id == expected and result.outcome == "answer", result.candidates[:3]


@pytest.mark.parametrize("query", ["xinjiang", "baoming", "𠀀𠀁", "𠀀", "jiezhi", "zuzhi", "讲", "天", "钱"])
def test_short_latin_or_rare_characters_are_never_answered(small_kb, query):
    # fewer than three syllables / characters and not exactly a question, variant or keyword
    assert small_kb.match(query).outcome == "fallback", small_kb.match(query).candidates[:3]


@pytest.fixture(scope="module")
def schools_kb() -> KnowledgeBase:
    return KnowledgeBase([
        entry("h1", "农牧民夜校办在哪里？", ["夜校晚上几点开课", "夜校的地点在哪"], ["夜校", "农牧民夜校"]),
        entry("h2", "双语夜校教些什么？", ["双语夜校的老师是谁"], ["夜校", "双语夜校"]),
        entry("h3", "夜校的班在哪？", ["夜校的班呢", "夜校的班是啥"], ["夜校的班"]),   # 夜校 only inside a keyword
        entry("h4", "村里的工作怎么安排？", ["村里工作谁来管"], ["工作"]),        # an everyday word as keyword
        entry("h5", "工作队驻在哪里？", ["工作队平时干啥"], ["工作"]),
    ])


def test_a_thin_topic_word_lists_only_the_entries_having_it_as_a_keyword(schools_kb):
    """Two characters of content and a function word, all of it a whole keyword of two entries: too
    thin to answer, those two are offered, the best first (h2: its question is the shorter) -- not
    the one with 夜校 inside its keyword 夜校的班, though it scores best."""
    result = schools_kb.match("夜校的")
    assert result.outcome == "suggest", result.candidates[:3]
    assert [e.id for e in schools_kb.suggestions(result)] == ["h2", "h1"]


@pytest.mark.parametrize("query", ["工作的", "然后呢"])
def test_an_everyday_thin_word_gets_no_list(schools_kb, query):
    # 工作 is an everyday word though two entries have it as a keyword; 然后 no keyword at all
    result = schools_kb.match(query)
    assert result.outcome != "suggest", result.candidates[:3]


def test_an_exact_short_keyword_may_still_be_answered(small_kb):
    assert small_kb.match("宣讲").outcome == "answer"                   # a keyword of f12 exactly
    assert small_kb.match("xuanjiang").outcome == "answer"              # typed: the same syllables
    assert small_kb.match("组长").top.entry_id == "f03"


def test_long_messages_are_cut_and_not_cached(small_kb):
    query = "报名什么时候截止" + "啊" * 5000
    result = small_kb.match(query)
    assert result.query == query[:MAX_QUERY_CHARS] and result.top.entry_id == "f43-deadline"
    normalizer = small_kb.normalizer
    before = normalizer._cached.cache_info().currsize
    for i in range(300):
        normalizer.normalize_query(f"{i}" + "很长的问题" * 100)                 # over CACHED_TEXT_CHARS: not cached
    assert normalizer._cached.cache_info().currsize == before
    assert normalizer._cached.cache_info().maxsize == normalizer.CACHE_SIZE


def test_tibetan_queries_match_tibetan_variants_by_syllable(small_kb):
    result = small_kb.match("འགྲན་བསྡུར་ག་ཚོད་ཡོད")          # no final shad: still the same syllables
    assert result.lang == "bo"
    assert result.outcome == "answer" and result.top.entry_id == "f02"
    assert small_kb.get("f02").answer_in("bo") == "རིགས་ཆེན་བདུན་ཡོད།"
    assert small_kb.get("f03").answer_in("bo") == "答案"          # no Tibetan answer: Chinese


def test_unknown_tibetan_is_a_fallback(small_kb):
    assert small_kb.match("ཁ་ལག་ཟ་ཡི་ཡིན་ནམ།").outcome == "fallback"


def test_empty_knowledge_base_falls_back():
    kb = KnowledgeBase([])
    assert kb.match("报名").outcome == "fallback"


# --------------------------------------------------------------------------- generated answers

def fake_catalogue():
    ev = lambda name, d, mode="individual": SimpleNamespace(name=name, deadline=d, mode=mode, eligibility=None)  # noqa: E731
    cats = [SimpleNamespace(code="language", name="语言文字类",
                            events=[ev("书写比赛", date(2027, 3, 31)), ev("演讲比赛", date(2027, 4, 30))]),
            SimpleNamespace(code="sports", name="体育类", events=[ev("村BA篮球赛", date(2027, 3, 31), "team")])]
    return SimpleNamespace(categories=cats, campaign=SimpleNamespace(max_events_per_person=3, data_notice="只用于比赛。"))


def test_generated_answers_use_the_catalogue():
    cat = fake_catalogue()
    text = generate_answer("catalogue", cat)
    assert "2大类3项" in text and "1. 语言文字类（2项）：书写、演讲" in text
    deadlines = generate_answer("deadlines", cat)
    assert "2027年3月31日截止：书写比赛、村BA篮球赛" in deadlines
    assert "2027年4月30日截止：演讲比赛" in deadlines
    howto = generate_answer("signup_howto", cat)
    assert "最多报3项" in howto and "「报名」" in howto
    assert "只用于比赛。" not in howto            # the data notice: once, in the sign-up itself
    assert "稍后" in generate_answer("catalogue", None)


# --------------------------------------------------------------------------- the real knowledge base

@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    from knowledge.catalogue import load_catalogue

    settings = load_settings(env={})
    catalogue = load_catalogue(settings.knowledge_dir / "catalogue.yaml")
    return load_knowledge_base(settings, catalogue)


def test_paraphrase_set_accuracy(real_kb, capsys):
    """Independent paraphrases (written without seeing the KB): top-1 >= 95 %, no off-topic answer,
    at most one wrong confident answer in 50, and at least 60 % answered confidently (69 % when
    the thresholds were last tuned -- on benchmarks/devset.py, never on this set)."""
    data = yaml.safe_load((DATA / "paraphrases.yaml").read_text(encoding="utf-8"))
    in_scope, out_of_scope = data["in_scope"], data["out_of_scope"]
    assert len(in_scope) >= 100 and len(out_of_scope) >= 20
    kinds: dict[str, Counter] = {}
    misses = []
    for item in in_scope:
        result = real_kb.match(item["q"])
        facts = [real_kb.get(c.entry_id).fact for c in result.candidates]
        ok = bool(facts) and facts[0] == item["fact"]
        k = kinds.setdefault(item["kind"], Counter())
        k["n"] += 1
        k["top1"] += ok
        k["top3"] += item["fact"] in facts[:3]
        k[result.outcome + ("_right" if ok else "_wrong")] += 1
        if not ok:
            misses.append(f"  {item['kind']:<11} {item['q']} (want {item['fact']}, got {facts[:3]})")
    confident_oos = [q for q in out_of_scope if real_kb.match(q).outcome == "answer"]
    total = Counter()
    for k in kinds.values():
        total.update(k)
    with capsys.disabled():
        print(f"\nparaphrases: {total['n']} in scope, top-1 {total['top1'] / total['n']:.1%}, "
              f"recall@3 {total['top3'] / total['n']:.1%}; confident answers {total['answer_right']} right, "
              f"{total['answer_wrong']} wrong; suggestions {total['suggest_right'] + total['suggest_wrong']}, "
              f"fallbacks {total['fallback_right'] + total['fallback_wrong']}; "
              f"out of scope answered {len(confident_oos)}/{len(out_of_scope)}")
        for kind, k in sorted(kinds.items()):
            print(f"  {kind:<11} {k['n']:3d}: top-1 {k['top1'] / k['n']:6.1%}  answered right {k['answer_right']:3d}"
                  f"  wrong {k['answer_wrong']}  suggested {k['suggest_right'] + k['suggest_wrong']:3d}"
                  f"  fallback {k['fallback_right'] + k['fallback_wrong']}")
        print("\n".join(misses))
    assert total["top1"] / total["n"] >= 0.95
    assert confident_oos == []
    assert (total["answer_right"] + total["answer_wrong"]) / total["n"] >= 0.60
    # A confident answer must be right far more often than not (it is what users see without a choice).
    assert total["answer_wrong"] <= max(1, total["answer_right"] // 50)


# The most frequent Chinese characters, and short words said on their own.
COMMON_CHARS = ("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小"
                "多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期"
                "它头经长儿回位分爱老因很给名法间知世什两次使身者被高已亲其进此话常与活正感钱号星海恩谁")
SHORT_WORDS = ("什么", "怎么", "为什么", "哪里", "是谁", "起来", "时间", "这个", "那个", "可以吗", "的话", "然后", "现在",
               "0", "1", "2", "10", "100", "2025", "ok吗", "嗯？", "？？", "...")


@pytest.mark.parametrize("text", list(COMMON_CHARS) + list(SHORT_WORDS))
def test_one_or_two_characters_get_no_confident_answer(real_kb, text):
    """Minimum evidence: a query of fewer than three content characters / syllables is answered
    only when it is exactly an indexed question, variant or keyword -- otherwise it falls back (these
    everyday words and single characters are no topic to list entries by)."""
    result = real_kb.match(text)
    if result.norm in real_kb.matcher._exact:        # the exception: then it is answered
        assert result.outcome == "answer", (text, result.outcome)
    else:
        assert result.outcome in ("fallback", "greeting"), (text, result.outcome, result.candidates[:3])


def test_every_entry_finds_itself(real_kb):
    """Each entry's own standard question ranks that entry (or one of its fact) first."""
    wrong = []
    for e in real_kb.entries.values():
        top = real_kb.match(e.question).top
        if top is None or (top.entry_id != e.id and real_kb.get(top.entry_id).fact != e.fact):
            wrong.append((e.id, e.question, top))
    assert wrong == []


def distractors(base: list[Entry], normalizer, total: int) -> list[Entry]:
    """Fake entries up to ``total``: a question made of the first half of one real question and
    the second half of another's, and a variant likewise. The two halves always come from two
    different entries, and nothing that normalises like a real question, variant or keyword is
    kept: the knowledge base refuses such a collision (knowledge.qa.validate), and a distractor
    that *is* a real question -- an entry paired with itself -- would tie with it. That is how an
    earlier version of this check lost f16 and f34 (and, with today's 77 entries, f15-exi): every
    73rd distractor copied them (the pairs repeated every 73), and a dozen copies, each with only
    that text in its bag, all ranked above the real entry."""
    taken = {normalizer.normalize_query(t) for e in base for t in (e.question, *e.similar, *e.keywords)}
    out: list[Entry] = []
    n = len(base)
    for i in range(n * n):                       # each pass over the entries pairs them anew
        if len(base) + len(out) >= total:
            break
        a, b = base[i % n], base[(i * 7 + 3 + i // n) % n]
        if a is b:
            continue
        question = a.question[: len(a.question) // 2] + b.question[len(b.question) // 2:]
        similar = [a.similar[0][:3] + b.question[:4]] if a.similar else []
        texts = [normalizer.normalize_query(t) for t in (question, *similar)]
        if any(not t or t in taken for t in texts):
            continue
        taken.update(texts)
        out.append(entry(f"zz{len(out):04d}", question, similar, fact=f"X{len(out)}"))
    return out


def test_every_entry_finds_itself_among_a_thousand(real_kb):
    """Padded to 1,000 entries with distractors made of halves of real questions, each entry's own
    question still ranks it (or its fact) in the top 3 -- and first, but for at most 1 in 50."""
    base = list(real_kb.entries.values())
    kb = KnowledgeBase(base + distractors(base, real_kb.normalizer, 1000), real_kb.synonyms)
    assert len(kb) == 1000
    lost, second = [], []
    for e in base:
        facts = [kb.get(c.entry_id).fact for c in kb.match(e.question).candidates[:3]]
        if e.fact not in facts:
            lost.append((e.id, e.question, facts))
        elif facts[0] != e.fact:
            second.append((e.id, e.question, facts))
    assert lost == []
    assert len(second) <= len(base) // 50, second
