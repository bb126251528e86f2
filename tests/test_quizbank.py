"""knowledge/quizbank.py: loading, validation messages and answer recognition."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.catalogue import load_catalogue
from knowledge.errors import KBError
from knowledge.quizbank import (
    Question,
    QuizBank,
    Unclear,
    _numbers,
    load_quiz_bank,
    normalize_answer,
    parse_choice,
)

DATA = Path(__file__).parent / "data"
VALID = DATA / "quiz_valid.yaml"
INVALID = DATA / "quiz_invalid.yaml"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bank() -> QuizBank:
    return load_quiz_bank(VALID, {"f01", "f02", "f11"})


# --------------------------------------------------------------------------- loading

def test_valid_bank_loads_every_type(bank):
    assert bank.ids == ["q001", "q002", "q003", "q004", "q005", "q006"]
    q1, q2, q3, q4 = (bank.get(i) for i in ("q001", "q002", "q003", "q004"))
    assert q1.type == "choice" and q1.options == ("22项", "33项", "44项", "55项")
    assert q1.correct_index == 1 and q1.answer_text == "B. 33项"
    assert q2.answer == "B"                       # written lower case in the file
    assert q3.type == "truefalse" and q3.options == ("对", "错") and q3.correct_index == 0
    assert q4.type == "fill" and q4.accept == ("洛隆",) and q4.answer_text == "洛隆县"
    assert bank.get("q005").entry is None         # entry is optional
    assert q1.line == 3 and "q001" in bank and len(bank) == 6


def test_invalid_bank_reports_every_problem_with_file_line_and_id():
    with pytest.raises(KBError) as err:
        load_quiz_bank(INVALID, {"f01", "f02"})
    problems = err.value.problems
    where = [p.split(": ", 2)[:2] for p in problems]
    f = str(INVALID)
    assert where == [
        [f"{f}:7", "bad-two-answers"],
        [f"{f}:12", "bad-dupe-options"],
        [f"{f}:18", "bad-one-option"],
        [f"{f}:24", "bad-five-options"],
        [f"{f}:30", "bad-truefalse"],
        [f"{f}:37", "bad-entry"],
        [f"{f}:44", "q001"],
        [f"{f}:54", "bad-letter-range"],
        [f"{f}:56", "bad-no-explanation"],
        [f"{f}:65", "bad-typo-field"],
    ]
    text = "\n".join(problems)
    assert "exactly one letter" in text
    assert "options A and C are the same" in text
    assert "2-4 options (has 1)" in text and "2-4 options (has 5)" in text
    assert "must be 对 or 错" in text
    assert "entry 'f99' does not exist" in text
    assert "duplicate id (first used at line 38)" in text
    assert "unknown field 'explaination'" in text
    assert str(err.value) == text                 # the exception prints as those lines


def test_entry_links_are_not_checked_without_entry_ids(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text(yaml.safe_dump({"questions": [
        {"id": "q1", "type": "fill", "question": "?", "answer": "x", "explanation": "y", "entry": "zz"},
    ]}, allow_unicode=True), encoding="utf-8")
    assert load_quiz_bank(path).ids == ["q1"]
    with pytest.raises(KBError, match="entry 'zz' does not exist"):
        load_quiz_bank(path, {"f01"})


@pytest.mark.parametrize("body, expected", [
    ("questions:\n  - id: q1\n    question: a: b\n", ":3: -: YAML syntax error: mapping values are not allowed"),
    ("entries: []\n", ":1: -: expected a top-level 'questions:' list"),
    ("questions: []\n", ":1: -: 'questions' is empty"),
    ("questions:\n  - just text\n", ":1: -: question #1 is not a mapping"),
    ("questions:\n  - id: Q 1\n    type: truefalse\n    question: x\n    answer: 对\n    explanation: y\n",
     ":2: Q 1: id may contain only"),
    ("questions:\n  - type: truefalse\n    question: x\n    answer: 对\n    explanation: y\n",
     ":2: #1: missing 'id'"),
    ("questions:\n  - id: q1\n    type: multi\n    question: x\n    answer: A\n    explanation: y\n",
     ":3: q1: 'type' must be one of choice, truefalse, fill"),
    ("questions:\n  - id: q1\n    type: truefalse\n    question: x\n    answer: 对\n    answer: 错\n"
     "    explanation: y\n", ":6: q1: field 'answer' given twice"),
    ("questions:\n  - id: q1\n    type: truefalse\n    options: [对, 错]\n    question: x\n    answer: 对\n"
     "    explanation: y\n", ":4: q1: truefalse questions take no 'options'"),
    ("questions:\n  - id: q1\n    type: choice\n    options: [甲, 乙]\n    question: x\n    answer: A\n"
     "    accept: [甲]\n    explanation: y\n", ":7: q1: 'accept' is only for fill questions"),
    ("questions:\n  - id: q1\n    type: choice\n    options: [甲, '']\n    question: x\n    answer: A\n"
     "    explanation: y\n", ":4: q1: every option must be non-empty text"),
    ("questions:\n  - id: q1\n    type: choice\n    options: [ＡＢ, ab]\n    question: x\n    answer: A\n"
     "    explanation: y\n", ":4: q1: options A and B are the same"),
])
def test_single_problems(tmp_path, body, expected):
    path = tmp_path / "quiz.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_quiz_bank(path)
    assert len(err.value.problems) == 1, err.value.problems
    assert err.value.problems[0].startswith(str(path) + expected), err.value.problems


def test_missing_file_is_a_kb_error(tmp_path):
    with pytest.raises(KBError, match="cannot read file"):
        load_quiz_bank(tmp_path / "nope.yaml")


def test_numbers_in_yaml_are_option_text(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - id: q1\n    type: choice\n    question: 几项？\n"
                    "    options: [22, 33]\n    answer: B\n    explanation: 33项\n", encoding="utf-8")
    q = load_quiz_bank(path).get("q1")
    assert q.options == ("22", "33") and q.check("33").correct


# --------------------------------------------------------------------------- answers

OPTIONS = ("22项", "33项", "44项", "55项")


@pytest.mark.parametrize("text, index", [
    ("A", 0), ("a", 0), ("Ａ", 0), ("ａ", 0), (" b ", 1), ("B。", 1), ("选A", 0), ("选 c。", 2),
    ("我选B", 1), ("选择D", 3), ("答案是C", 2), ("B选项", 1), ("选项二", 1), ("B吧", 1), ("選B", 1),
    ("1", 0), ("１", 0), ("4", 3), ("二", 1), ("第二个", 1), ("第2个", 1), ("第四项", 3), ("三号", 2),
    ("33项", 1), ("33", 1), ("3.3项", None), ("133项", None), ("233", None), ("33项比赛", 1), ("44项吧", 2), ("55项。", 3),
    ("五十五项", 3), ("三十三", 1), ("不是33项", None), ("33项还是44项", None),
    ("E", None), ("5", None), ("0", None), ("AB", None), ("你好", None), ("", None), ("。。", None),
    ("报名怎么报", None), ("对", None),
])
def test_choice_answer_forms(text, index):
    assert parse_choice(text, OPTIONS, question="活动共有多少项比赛？") == index


@pytest.mark.parametrize("text, index", [
    ("选必", 1), ("比", 1), ("西", 2), ("选地", 3), ("诶", 0), ("第二个", 1),
])
def test_voice_homophones_of_letters(text, index):
    assert parse_choice(text, OPTIONS, voice=True) == index
    if len(normalize_answer(text)) == 1 or text.startswith("选") and text != "第二个":
        assert parse_choice(text, OPTIONS, voice=False) is None    # typed, they are not letters


def test_option_text_fuzzy_and_ambiguous():
    opts = ("体育竞技类", "语言文字类", "文艺表演类", "技能比武类")
    assert parse_choice("体育竞技", opts) == 0
    assert parse_choice("语言类文字", opts) == 1            # close spelling
    assert parse_choice("文艺表演类比赛", opts) == 2         # option inside the reply
    assert parse_choice("技能比舞类", opts) == 3             # one character wrong (voice)
    assert parse_choice("类", opts) is None                  # in every option: ambiguous
    assert parse_choice("唱歌", opts) is None


@pytest.mark.parametrize("text, index", [
    ("对", 0), ("错", 1), ("√", 0), ("×", 1), ("✓", 0), ("✗", 1), ("正确", 0), ("错误", 1),
    ("没有错", 0), ("没错", 0), ("不是错的", 0), ("错不了", 0), ("不错", 0), ("不是对的", 1), ("没有错误", 0),
    ("✅", 0), ("✔️", 0), ("❎", 1), ("❌", 1), ("x", 1), ("X", 1), ("v", 0), ("V", 0),
    ("A", 0), ("b", 1), ("1", 0), ("2", 1), ("对的", 0), ("是的", 0), ("不对", 1), ("不正确", 1),
    ("對", 0), ("錯誤", 1), ("T", 0), ("F", 1), ("这个说法是对的", 0), ("说法错误", 1),
    ("对不对", None), ("C", None), ("3", None), ("不知道怎么说", None), ("", None),
])
def test_truefalse_answer_forms(text, index):
    assert parse_choice(text, ("对", "错"), truefalse=True) == index


def test_check_returns_verdicts(bank):
    q1, q3 = bank.get("q001"), bank.get("q003")
    assert q1.check("B").correct and q1.check("b").given == "B"
    assert not q1.check("a").correct
    assert q1.check("不知道") is None
    assert q3.check("√").correct and not q3.check("错误").correct
    assert q3.check("×").given == "B"
    assert q1.check("选必", voice=True).correct


@pytest.mark.parametrize("text, correct", [
    ("洛隆县", True), ("洛隆", True), ("洛隆縣", True), ("是洛隆县", True), ("洛隆县。", True),
    ("昌都", False), ("八宿县", False), ("洛", False),
])
def test_fill_answers(bank, text, correct):
    verdict = bank.get("q004").check(text)
    assert verdict is not None and verdict.correct is correct


def test_fill_ignores_empty_replies(bank):
    assert bank.get("q004").check("  。") is None


# --------------------------------------------------------------------------- the real bank

def _kb_entry_ids() -> set[str]:
    ids: set[str] = set()
    for path in sorted((ROOT / "knowledge" / "qa").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ids.update(str(e["id"]) for e in doc.get("entries") or [] if isinstance(e, dict) and "id" in e)
    return ids


def _catalogue_counts() -> dict[str, str]:
    """The shipped catalogue's counts, for the questions that quote them ({events}项)."""
    return load_catalogue(ROOT / "knowledge" / "catalogue.yaml").counts()


def test_shipped_quiz_bank_is_valid():
    path = ROOT / "knowledge" / "quiz.yaml"
    entry_ids = _kb_entry_ids() or None
    bank = load_quiz_bank(path, entry_ids, counts=_catalogue_counts())
    assert len(bank) >= 60
    assert {q.type for q in bank} >= {"choice", "truefalse"}


def test_every_shipped_question_understands_its_own_options():
    """Each option of every shipped question is understood from its text, its letter, 选+letter and
    a bare number: the number written in it when no other option has that number, else its
    position when no option has the position's number (q030's "4" is 4期 (C), not D)."""
    path = ROOT / "knowledge" / "quiz.yaml"
    checked_numbers = 0
    for q in load_quiz_bank(path, counts=_catalogue_counts()):
        if q.type == "fill":
            assert q.check(q.answer).correct, q.id
            assert all(q.check(a).correct for a in q.accept), q.id
            continue
        tf = q.type == "truefalse"
        numbers = [set(_numbers(normalize_answer(o))) for o in q.options]
        for i, option in enumerate(q.options):
            for form in (option, "ABCD"[i], "ABCD"[i].lower(), f"选{'ABCD'[i]}", f"第{i + 1}个"):
                assert parse_choice(form, q.options, truefalse=tf) == i, (q.id, form)
            if not any(str(i + 1) in ns for ns in numbers):
                assert parse_choice(str(i + 1), q.options, truefalse=tf) == i, (q.id, i + 1)
            for n in numbers[i]:
                if sum(n in ns for ns in numbers) == 1:
                    assert parse_choice(n, q.options, truefalse=tf) == i, (q.id, n)
                    checked_numbers += 1
        assert q.check(q.answer_text.split(". ")[-1]).correct, q.id
    assert checked_numbers >= 20               # the bank does have options with figures


def test_a_bare_number_is_the_option_that_has_it():
    q030 = ("2期", "6期", "4期", "10期")       # answer C
    assert parse_choice("4", q030) == 2 and parse_choice("四", q030) == 2
    assert parse_choice("2", q030) == 0 and parse_choice("10", q030) == 3
    assert parse_choice("3", q030) == 2         # no option has 3: the third option
    assert parse_choice("第4个", q030) == 3      # an explicit position stays a position
    q034 = ("2块", "4块", "8块", "20块")       # answer B
    assert parse_choice("2", q034) == 0 and parse_choice("4", q034) == 1


def test_a_number_in_several_options_asks_for_the_letter():
    options = ("2项", "5项", "7项", "2类")
    unclear = parse_choice("2", options)
    assert isinstance(unclear, Unclear) and unclear.options == (0, 3) and unclear.letters == "A、D"
    q = Question(id="q", type="choice", question="?", answer="A", explanation="-", options=options)
    assert isinstance(q.check("2"), Unclear)
    assert q.check("A").correct and q.check("2项").correct
    # the n-th option has n too: the reply means it (一个县 / 一个村民小组 / …: "1" is A)
    assert parse_choice("1", ("一个县", "一个村民小组", "一个乡镇", "一个单位")) == 0


def test_a_bank_where_a_bare_number_is_unclear_is_invalid(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - id: q1\n    type: choice\n    question: 几项？\n"
                    "    options: [2项, 5项, 7项, 2类]\n    answer: A\n    explanation: x\n", encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_quiz_bank(path)
    assert err.value.problems == [f"{path}:5: q1: the reply 2 could mean option A or D (each contains 2): "
                                  "reword them so that at most one does"]


@pytest.mark.parametrize("options, text", [
    (("7大类33项", "5大类20项", "9大类40项"), "7大类3项"),       # a close spelling with another figure
    (("559名", "7800名", "1677名", "5.3万名"), "167"),
    (("559名", "7800名", "1677名", "5.3万名"), "1678名"),
    (("五", "七", "九"), "四五"),                                # the option inside another number
    (("五", "七", "九"), "不是五"),                              # negated
])
def test_figures_are_never_guessed(options, text):
    assert parse_choice(text, options) is None


@pytest.mark.parametrize("answer, text, correct", [
    ("100%", "100%", True), ("100%", "10%", False), ("100%", "1000%", False), ("100%", "100", False),
    ("五", "五", True), ("五", "是五", True), ("五", "四五", False), ("五", "不是五", False),
    ("7大类33项", "7大类3项", False), ("7大类33项", "七大类三十三项", True), ("1677名", "167名", False),
    ("首届村超足球友谊邀请赛", "首届村超足球友谊赛", True),         # one word short, no figures: close enough
])
def test_fill_figures_must_match_exactly(answer, text, correct):
    q = Question(id="q", type="fill", question="____", answer=answer, explanation="-")
    assert q.check(text).correct is correct


def test_numbers_are_not_found_inside_longer_numbers(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text('questions:\n  - id: q1\n    type: fill\n    question: 几项？\n    answer: "33"\n'
                    '    accept: [33项]\n    explanation: 33项\n', encoding="utf-8")
    q = load_quiz_bank(path).get("q1")
    assert q.check("33").correct and q.check("共33项").correct and q.check("33个").correct
    assert not q.check("133").correct and not q.check("333").correct and not q.check("3.33").correct
