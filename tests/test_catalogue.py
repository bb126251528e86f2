"""The contest catalogue: the default file, the validator's problem lines, and fuzzy look-ups."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from knowledge.catalogue import DEFAULT_PATH, load_catalogue
from knowledge.errors import KBError
from knowledge.text import choice_number, cn_number

DATA = Path(__file__).parent / "data"
LINE_RE = re.compile(r"^.+:\d+: \S.*: .+$")


@pytest.fixture(scope="module")
def default():
    return load_catalogue(DEFAULT_PATH)


@pytest.fixture(scope="module")
def small():
    return load_catalogue(DATA / "catalogue_small.yaml")


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as e:
        load_catalogue(path)
    for line in e.value.problems:
        assert LINE_RE.match(line), line
    return e.value.problems


# -- the default catalogue -----------------------------------------------------------------------
def test_default_has_7_categories_and_33_events(default):
    assert len(default.categories) == 7
    assert len(default.events) == 33
    assert len({e.code for e in default.events}) == 33


def test_default_is_complete_enough_to_sign_up(default):
    assert default.campaign.max_events_per_person >= 1
    assert "收集" in default.campaign.data_notice
    assert default.townships and all(t.villages for t in default.townships)
    for e in default.events:
        assert isinstance(e.deadline, date)
        assert e.mode in ("individual", "team")
        if e.mode == "team":
            assert e.team_min and e.team_max and e.team_min <= e.team_max
        assert default.category_of(e).code == e.category


def test_small_fixture_fields(small):
    bb = small.event("basketball")
    assert (bb.mode, bb.team_min, bb.team_max, bb.min_age, bb.max_age) == ("team", 3, 5, 14, None)
    assert bb.aliases == ("村BA", "篮球")
    story = small.event("student_story")
    assert (story.who, story.min_age, story.max_age, story.deadline) == ("students", 6, 18, date(2027, 3, 20))
    assert small.event("horse").capacity == 1
    assert small.event("closed_event").who == "any"          # eligibility omitted: defaults
    assert small.township("孜托镇").villages == ("孜托村", "达堆村", "卡达村")


# -- validation ----------------------------------------------------------------------------------
def test_bad_fixture_reports_every_problem_with_file_and_line():
    with pytest.raises(KBError) as e:
        load_catalogue(DATA / "catalogue_bad.yaml")
    text = "\n".join(e.value.problems)
    name = str(DATA / "catalogue_bad.yaml")
    expected = [
        ":5: campaign: unknown key 'colour'",
        ":3: campaign: data_notice is missing",
        ":4: campaign: max_events_per_person must be a whole number >= 1",
        ":9: 孜托镇: duplicate village(s): 孜托村",
        ":10: 孜托镇: duplicate township (also on line 8)",
        ":11: 孜托镇: villages must be a non-empty list",
        ":20: writing: deadline '2027-02-30' is not a valid date",
        ":21: writing: duplicate event code (also on line 17)",
        ":23: writing: name or alias '书写比赛' is already used on line 18",
        ":24: writing: unknown mode 'solo'",
        ":26: relay: team events need team_size",
        ":33: teamsize: team_size min 10 > max 5",
        ":34: teamsize: unknown who 'aliens'",
        ":34: teamsize: min_age 30 > max_age 20",
        ":36: teamsize: capacity -1 is out of range",
        ":37: Bad Code: code must be lower-case letters",
        ":40: Bad Code: team_size given for an individual event",
        ":41: Bad Code: deadline '31/03/2027' is not a valid date",
        ":42: language: duplicate category code (also on line 14)",
        ":44: language: events must be a non-empty list",
    ]
    for fragment in expected:
        assert name + fragment in text, fragment
    for line in e.value.problems:
        assert LINE_RE.match(line), line


def test_team_size_needs_both_bounds_and_ages_are_whole_numbers(tmp_path):
    base = (DATA / "catalogue_small.yaml").read_text(encoding="utf-8")
    text = base.replace("team_size: {min: 3, max: 5}", "team_size: {min: 3}").replace(
        "eligibility: {min_age: 16}", "eligibility: {min_age: sixteen}")
    problems = "\n".join(problems_of(tmp_path, text))
    assert "basketball: team_size needs both min and max" in problems
    assert "horse: min_age must be a whole number or null, not 'sixteen'" in problems


def test_duplicate_keys_and_syntax_errors(tmp_path):
    base = (DATA / "catalogue_small.yaml").read_text(encoding="utf-8")
    dup = base.replace("        deadline: 2027-04-15\n", "        deadline: 2027-04-15\n        deadline: 2027-04-16\n", 1)
    assert any("deadline: duplicate key" in p for p in problems_of(tmp_path, dup))
    broken = base.replace("  - code: sports\n", "  - code: [sports\n")
    (problem,) = problems_of(tmp_path, broken)
    assert "YAML syntax error" in problem


def test_missing_sections_and_file(tmp_path):
    problems = "\n".join(problems_of(tmp_path, "campaign:\n  name: x\n"))
    assert "townships must be a non-empty list" in problems
    assert "categories must be a non-empty list" in problems
    with pytest.raises(KBError) as e:
        load_catalogue(tmp_path / "nope.yaml")
    assert "cannot read file" in e.value.problems[0]


# -- look-ups ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["3", "３", "第3个", "第三项", "三", "3号", "我选第三个", "第3个吧", "3。"])
def test_choice_number(text):
    assert choice_number(text) == 3


@pytest.mark.parametrize("text,n", [("十", 10), ("十二", 12), ("二十", 20), ("三十三", 33), ("两", 2)])
def test_chinese_numbers(text, n):
    assert cn_number(text) == n


@pytest.mark.parametrize("text", ["村BA", "三对三", "", "报名", "1990年"])
def test_not_a_choice(text):
    assert choice_number(text) is None


def test_find_category(default):
    assert default.find_category("2").item.name == "语言文字类"
    assert default.find_category("第四个").item.name == "体育类"
    assert default.find_category("体育").item.name == "体育类"
    assert default.find_category("sports").item.name == "体育类"
    assert default.find_category("8").item is None


@pytest.mark.parametrize("text,name", [
    ("国家通用语言文字书写比赛", "国家通用语言文字书写比赛"),
    ("书写比赛", "国家通用语言文字书写比赛"),          # alias
    ("篮球", "村BA篮球赛"),                          # a fragment of exactly one name
    ("锅装舞", "锅庄舞比赛"),                          # misspelling
    ("射剑", "射箭比赛"),                              # homophone (voice input)
    ("學生講故事", "学生向家长（或监护人）讲故事比赛"),  # traditional characters
    ("knowledge_quiz", "知识竞赛"),                   # code
])
def test_find_event_by_name_alias_and_misspelling(default, text, name):
    assert default.find_event(text).item.name == name


def test_find_event_by_number_within_category(default):
    language = default.find_category("语言文字类").item
    assert default.find_event("1", language).item.name == language.events[0].name
    assert default.find_event(str(len(language.events) + 1), language).item is None


def test_find_event_ambiguous_gives_suggestions(default):
    found = default.find_event("演讲")
    assert found.item is None
    assert {e.name for e in found.suggestions} >= {"我和我的驻村故事演讲比赛", "国家通用语言文字演讲比赛"}


def test_township_exact_short_and_number(default):
    assert default.find_township("孜托镇").item.name == "孜托镇"
    assert default.find_township("孜托").item.name == "孜托镇"
    assert default.find_township("1").item.name == default.townships[0].name


def test_township_close_name_is_only_suggested(default):
    found = default.find_township("兹托镇")       # same sound, other character: ask, never guess
    assert found.item is None
    assert [t.name for t in found.suggestions][:1] == ["孜托镇"]
    found = default.find_township("马力")
    assert found.item is None and found.suggestions[0].name == "马利镇"
    assert not default.find_township("北京").suggestions


def test_village_lookup(default):
    t = default.township("硕督镇")
    assert default.find_village(t, "达翁").item == "达翁村"
    assert default.find_village(t, "2").item == t.villages[1]
    found = default.find_village(t, "大翁村")
    assert found.item is None and found.suggestions[0] == "达翁村"
    assert [tw.name for tw, _ in default.village_anywhere("达翁村")] == ["硕督镇"]


def test_the_fields_of_a_sign_up_are_read_from_the_data_notice():
    from knowledge.catalogue import Campaign
    camp = Campaign(name="x", county="y", max_events_per_person=3, levels=("村",),
                    data_notice="您报名时填写的姓名、电话和村，由活动办收集。")
    assert camp.signup_fields == "姓名、电话和村"
    assert Campaign(name="x", county="y", max_events_per_person=3, levels=("村",), data_notice="").signup_fields == ""
