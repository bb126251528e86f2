"""Counts quoted in answers and quiz questions ({categories}大类{events}项) come from the catalogue."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml

from knowledge.catalogue import DEFAULT_PATH, load_catalogue
from knowledge.check import run_checks
from knowledge.text import bo_number, fill_placeholders, int_to_cn

KNOWLEDGE = DEFAULT_PATH.parent


def test_the_catalogue_counts_itself():
    assert load_catalogue(DEFAULT_PATH).counts() == {
        "categories": "7", "categories_cn": "七", "categories_bo": "བདུན",
        "events": "33", "events_cn": "三十三", "events_bo": "སོ་གསུམ",
        "category_names": "理论宣讲类、语言文字类、文艺类、体育类、农牧民技能类、手工艺类、知识与风采类"}


def test_the_count_entry_names_each_category_it_counts():
    """七大类是什么 reaches the entry counting them: its answer names them too, from the catalogue."""
    from bot.core.config import load_settings
    from knowledge.qa import load_knowledge_base

    settings = load_settings()
    catalogue = load_catalogue(DEFAULT_PATH)
    answer = load_knowledge_base(settings, catalogue).get("f02").answer
    assert "7大类、33项" in answer
    assert all(c.name in answer for c in catalogue.categories)


@pytest.mark.parametrize("n, words", [(1, "གཅིག"), (10, "བཅུ"), (15, "བཅོ་ལྔ"), (20, "ཉི་ཤུ"), (32, "སོ་གཉིས"),
                                      (40, "བཞི་བཅུ"), (47, "ཞེ་བདུན"), (99, "གོ་དགུ"), (120, "༡༢༠")])
def test_tibetan_number_words(n, words):
    assert bo_number(n) == words


def test_placeholders_are_filled_and_other_braces_kept():
    assert fill_placeholders("共{categories}大类{events}项", {"categories": "7", "events": "33"}) == ("共7大类33项", [])
    assert fill_placeholders("{event}项 {x y} {}", {"events": "33"}) == ("{event}项 {x y} {}", ["event"])
    assert int_to_cn("32") == "三十二" and int_to_cn("10") == "十"


def _copy_knowledge(tmp_path):
    for name in ("qa", "catalogue.yaml", "quiz.yaml", "synonyms.yaml"):
        src = KNOWLEDGE / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def test_editing_the_catalogue_changes_the_answers(tmp_path):
    _copy_knowledge(tmp_path)
    doc = yaml.safe_load((tmp_path / "catalogue.yaml").read_text(encoding="utf-8"))
    dropped = doc["categories"].pop()                        # one category and its events fewer
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    events = 33 - len(dropped["events"])
    report = run_checks(tmp_path)
    assert report.ok, report.problems
    kb, bank = report.knowledge_base, report.quiz_bank
    assert f"6大类、{events}项比赛" in kb.get("f02").answer and f"共有6大类{events}项比赛" in kb.get("f01").answer
    assert f"རིགས་ཆེན་དྲུག་དང་རྣམ་གྲངས་{bo_number(events)}་ཡོད" in kb.get("f02").bo.answer
    assert "六大类" in kb.get("f44").keywords
    assert kb.match(f"6大类{events}项").candidates[0].entry_id == "f02"
    fill = bank.get("q005")
    assert fill.question.startswith("活动共设6大类") and fill.answer == str(events)
    assert fill.check(int_to_cn(str(events)) + "项").correct and not fill.check("33").correct
    assert f"{events}项" in bank.get("q004").options and bank.get("q004").answer_text == f"D. {events}项"


def _qa_file(tmp_path, answer: str) -> None:
    (tmp_path / "qa" / "x.yaml").write_text(
        f"section: 测试\nentries:\n  - id: x1\n    question: 有多少项比赛？\n    answer: {answer}\n", encoding="utf-8")


def test_an_unknown_placeholder_is_a_problem_with_its_line(tmp_path):
    _copy_knowledge(tmp_path)
    _qa_file(tmp_path, "一共{event}项。")
    quiz = (tmp_path / "quiz.yaml").read_text(encoding="utf-8")
    (tmp_path / "quiz.yaml").write_text(quiz.replace('accept: ["{events}项"', 'accept: ["{evnts}项"'), encoding="utf-8")
    problems = run_checks(tmp_path).problems
    assert len(problems) == 2, problems
    assert re.search(r"qa/x\.yaml:5: x1: unknown placeholder \{event\} \(known: \{categories\}, .*\{events\}",
                     problems[0]), problems
    line = next(i for i, text in enumerate(quiz.splitlines(), 1) if '"{events}项"' in text and "accept" in text)
    assert re.search(rf"quiz\.yaml:{line}: q005: unknown placeholder {{evnts}}", problems[1]), problems


def test_a_placeholder_without_a_catalogue_is_a_problem(tmp_path):
    _copy_knowledge(tmp_path)
    (tmp_path / "catalogue.yaml").unlink()
    problems = run_checks(tmp_path).problems
    assert any(p.endswith("catalogue.yaml:0: -: cannot read file: No such file or directory") for p in problems)
    needs = [p for p in problems if "the contest catalogue (catalogue.yaml), which did not load" in p]
    assert any("campaign.yaml" in p and " f02: {categories}, {events} need the" in p for p in needs), needs
    assert any("quiz.yaml" in p and " q005: {events_cn} needs the" in p for p in needs), needs
    assert len(needs) == len(set(needs))                      # one line per text, not one per placeholder


def test_a_text_naming_every_category_tells_of_none_of_them():
    from knowledge.catalogue import untallied

    names = [c.name for c in load_catalogue(DEFAULT_PATH).categories]
    tally = "共设7大类：" + "、".join(names) + "。"
    assert "宣讲" not in untallied(tally, names) and "7大类" in untallied(tally, names)
    one = "理论宣讲类有4项比赛"                       # one category named: told of
    assert untallied(one, names) == one
