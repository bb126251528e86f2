"""knowledge/find.py: one find(query, options, policy) for every short list, its policies in config.yaml."""
from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from bot.core.config import DEFAULT_CONFIG, load_settings
from knowledge.catalogue import DEFAULT_PATH, load_catalogue
from knowledge.check import load_all, run_checks
from knowledge.errors import KBError
from knowledge.find import FindPolicy, Option, Policies, find
from knowledge.quizbank import Question
from knowledge.unanswered import group_questions

EVENTS = [Option("basketball", ["村BA篮球赛", "basketball"], 1), Option("football", ["足球赛", "football"], 2),
          Option("tug", ["拔河比赛", "tug", "拔河"], 3), Option("horse", ["赛马", "horse"])]   # 赛马 was not shown numbered
PLAIN = FindPolicy()
CHARS = FindPolicy(sound_penalty=None)          # spelling only (most typos in a test would be homophones too)


def test_config_yaml_states_the_defaults():
    section = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))["find"]
    policies, problems = Policies.parse(section)
    assert problems == [] and policies == Policies()
    assert set(section) == {"catalogue", "qa_choice", "quiz_choice", "quiz_fill", "unanswered"}


def test_a_number_picks_what_was_shown_with_it():
    assert find("第三个", EVENTS, PLAIN).item == "tug"
    out_of_range = find("4", EVENTS, PLAIN)               # 赛马 has no number: 4 is no option
    assert not out_of_range and out_of_range.number == 4 and out_of_range.suggestions == []
    # options shown without numbers: a number is just text
    assert find("2", [Option("a", ["一"]), Option("b", ["二"])], PLAIN).number is None


def test_names_then_fragments_then_spelling():
    assert find("Football", EVENTS, CHARS).item == "football"              # a code, folded
    assert find("賽馬", EVENTS, CHARS).item == "horse"                     # traditional characters
    assert find("拔河赛", EVENTS, CHARS).item == "tug"                     # contains exactly one name (拔河)
    assert find("赛", EVENTS, CHARS).item is None                         # one character is no fragment
    assert find("篮球", EVENTS, CHARS).item == "basketball"               # part of one name ...
    assert find("篮球", EVENTS, replace(CHARS, parts=False)).item is None  # ... only when parts count
    assert find("足球", EVENTS, CHARS).item == "football"
    assert find("比赛", [*EVENTS, Option("x", ["射箭比赛"])], CHARS).suggestions == ["tug", "x"]   # part of several
    assert find("村BA篮球塞", EVENTS, CHARS).item == "basketball"         # one character off: 83 points ...
    assert find("村BA篮球塞", EVENTS, replace(CHARS, pick=90)).suggestions == ["basketball"]   # ... not 90


def test_sound_counts_only_with_a_sound_penalty():
    towns = [Option("孜托镇", ["孜托镇", "孜托"]), Option("康沙镇", ["康沙镇", "康沙"])]
    assert find("滋拖", towns, PLAIN).item == "孜托镇"                     # homophones (voice input): 100 - 5
    assert find("滋拖", towns, CHARS).item is None
    assert find("滋拖", towns, replace(PLAIN, sound_penalty=25)).suggestions == ["孜托镇"]   # 75 < 80
    assert find("兹托镇", towns, PLAIN, guess=False).suggestions == ["孜托镇"]   # never guessed: only offered


def test_a_lead_is_needed_over_the_next_suggestion():
    close = [Option("a", ["报名时间"]), Option("b", ["报名地点"])]
    assert find("报名时点", close, replace(CHARS, pick=70)).suggestions == ["a", "b"]     # 75 and 75
    assert find("报名时点", close, replace(CHARS, pick=70, lead=0)).item == "a"


def test_short_names_are_never_matched_by_spelling():
    assert find("国家意识", [Option("x", ["国家意思"])], replace(CHARS, pick=70)).item == "x"
    assert find("国家意识", [Option("x", ["国家意思"])], replace(CHARS, pick=70, min_length=5)).item is None


@pytest.mark.parametrize("section, fragment", [
    ({"catalog": {}}, "unknown use 'catalog'"),
    ({"catalogue": {"pik": 80}}, "catalogue: unknown setting 'pik'"),
    ({"catalogue": {"pick": 120}}, "catalogue: pick must be a number from 0 to 100, not 120"),
    ({"qa_choice": {"lead": "5"}}, "qa_choice: lead must be a number from 0 to 100, not '5'"),
    ({"quiz_fill": {"parts": "no"}}, "quiz_fill: parts must be true or false"),
    ({"catalogue": {"suggestions": 0}}, "catalogue: suggestions must be a whole number >= 1, not 0"),
    ({"unanswered": {"sound_penalty": True}}, "unanswered: sound_penalty must be a number from 0 to 100 or null"),
    ({"quiz_choice": 75}, "quiz_choice: must be a mapping"),
    ([1, 2], "the find section must map each use to its settings"),
])
def test_invalid_policies_are_kb_check_problems_and_stop_the_server(section, fragment):
    report = run_checks(DEFAULT_PATH.parent, find_settings=section)
    assert [p for p in report.problems if p.startswith("config.yaml:0: find: ")] == report.problems
    assert len(report.problems) == 1 and fragment in report.problems[0], report.problems
    with pytest.raises(KBError):
        load_all(load_settings(env={}, find=section) if isinstance(section, dict) else _with_find(section))


def _with_find(section):
    settings = load_settings(env={})
    settings.raw["find"] = section
    return settings


def test_each_use_reads_its_own_policy_from_the_settings():
    strict = {"catalogue": {"pick": 95}, "qa_choice": {"pick": 99}, "quiz_fill": {"min_length": 9},
              "quiz_choice": {"lead": 50}}
    knowledge = load_all(load_settings(env={}, find=strict))
    catalogue, kb, bank = knowledge["catalogue"], knowledge["kb"], knowledge["quiz_bank"]
    assert catalogue.policy.pick == 95 and kb.choice_policy.pick == 99
    assert all(q.policies.quiz_fill.min_length == 9 and q.policies.quiz_choice.lead == 50 for q in bank)
    default = load_catalogue(DEFAULT_PATH)
    assert default.find_event("理论政策宣传比赛").item.code == "policy_talk"   # a misspelling picks under 80 ...
    strict_find = catalogue.find_event("理论政策宣传比赛")                    # ... is only offered under 95
    assert strict_find.item is None and [e.code for e in strict_find.suggestions] == ["policy_talk"]


def test_the_quiz_reads_its_policies():
    q = Question(id="q1", type="fill", question="活动要推广什么？", answer="国家通用语言文字", explanation="-")
    assert q.check("国家通用语言文子").correct                      # one character off an 8-character answer
    strict = replace(Policies(), quiz_fill=replace(Policies().quiz_fill, min_length=9))
    assert not replace(q, policies=strict).check("国家通用语言文子").correct
    c = Question(id="q2", type="choice", question="?", answer="A", explanation="-",
                 options=("基层党建工作", "乡村振兴工作"))
    assert c.check("基层党建工做").correct
    never = replace(Policies(), quiz_choice=replace(Policies().quiz_choice, pick=100))
    assert replace(c, policies=never).check("基层党建工做") is None


class Row:
    def __init__(self, question):
        self.question, self.user, self.outcome, self.candidates, self.created_at = question, "u", "fallback", "", None


def test_unanswered_grouping_uses_its_policy():
    rows = [Row("三个意识是什么"), Row("三个意思是什么"), Row("低保怎么申请")]
    assert len(group_questions(rows)) == 2                           # homophones grouped at 72
    assert len(group_questions(rows, replace(Policies().unanswered, pick=99))) == 3
    assert len(group_questions(rows, replace(Policies().unanswered, sound_penalty=None))) == 2   # 6 of 7 characters

