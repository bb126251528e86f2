"""`kb check`: every kind of problem is reported as file:line: entry-id: problem; exit codes; loader errors."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.core.config import load_settings
from bot.cli.kb import cli
from knowledge.check import load_all, run_checks
from knowledge.errors import KBError
from knowledge.matcher import MatchConfig
from knowledge.qa import load_knowledge_base

DATA = Path(__file__).parent / "data"
BAD = DATA / "kb_bad"

# (file, line, entry id, fragment of the problem) -- the fixture's line numbers are part of the test.
EXPECTED = [
    ("qa/a.yaml", 9, "f01", "related id 'nope' is not an entry"),
    ("qa/a.yaml", 14, "f02", "empty answer"),
    ("qa/a.yaml", 19, "f03", "answer is 2100 bytes, over the 2000-byte reply limit"),
    ("qa/a.yaml", 30, "f05", "variant '请问，报名怎么报？' collides with f04's '报名怎么报' after normalisation"),
    ("qa/a.yaml", 36, "f06", "unknown field 'similiar'"),
    ("qa/a.yaml", 39, "Bad_ID", "must be lower-case letters, digits and '-'"),
    ("qa/a.yaml", 45, "f08", "generate 'weather' is unknown"),
    ("qa/a.yaml", 50, "f09", "has both `answer` and `generate`"),
    ("qa/a.yaml", 55, "f10", "related lists 3 entries (at most 2)"),
    ("qa/a.yaml", 60, "f11", "field 'answer' given twice"),
    ("qa/a.yaml", 62, "-", "id is missing"),
    ("qa/b.yaml", 3, "f04", "duplicate id (first at "),
    ("qa/c_broken.yaml", 5, "-", "YAML syntax error"),
    ("synonyms.yaml", 3, "截止", "word '报个名' is already in the group of '报名'"),
    ("synonyms.yaml", 4, "group-3", "needs at least two words"),
    ("quiz.yaml", 8, "q001", "entry 'f99' does not exist"),
    ("quiz.yaml", 12, "q002", "the reply 2 could mean option A or D"),
    ("catalogue.yaml", 0, "-", "cannot read file"),
]


def _find(lines: list[str], file: str, line: int, ident: str, fragment: str) -> str | None:
    pattern = re.compile(rf"(^|/){re.escape(file)}:{line}: {re.escape(ident)}: ")
    return next((ln for ln in lines if pattern.search(ln) and fragment in ln), None)


@pytest.fixture(scope="module")
def bad_report():
    return run_checks(BAD)


@pytest.mark.parametrize("file, line, ident, fragment", EXPECTED, ids=[e[3][:30] for e in EXPECTED])
def test_each_problem_is_reported_with_file_and_line(bad_report, file, line, ident, fragment):
    assert _find(bad_report.problems, file, line, ident, fragment), "\n".join(bad_report.problems)


def test_nothing_else_is_reported(bad_report):
    assert len(bad_report.problems) == len(EXPECTED), "\n".join(bad_report.problems)


def test_problems_are_sorted_by_file_and_line(bad_report):
    in_a = [int(p.split(":")[1]) for p in bad_report.problems if p.split(":")[0].endswith("qa/a.yaml")]
    assert len(in_a) == 11
    assert in_a == sorted(in_a)


def test_cli_exits_1_and_prints_problems_and_summary(capsys):
    assert cli(["--dir", str(BAD)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert _find(out, "qa/a.yaml", 14, "f02", "empty answer")
    assert out[-1].startswith("kb check: 12 entries")
    assert out[-1].endswith(f"-- {len(EXPECTED)} problems")


def test_cli_accepts_the_check_word_from_the_bot_cli(capsys):
    assert cli(["check", "--dir", str(BAD)]) == 1
    assert "problems" in capsys.readouterr().out


def test_the_shipped_knowledge_is_clean(capsys):
    assert cli([]) == 0, capsys.readouterr().out
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(r"kb check: \d+ entries \(\d+ facts, .*catalogue: 7 categories, 33 events; quiz: \d+ questions -- OK",
                    summary), summary


def test_load_all_is_what_the_server_runs_on():
    knowledge = load_all(load_settings(env={}))
    assert set(knowledge) == {"catalogue", "kb", "quiz_bank"}
    assert knowledge["kb"].match("报名什么时候截止").outcome == "answer"
    assert len(knowledge["quiz_bank"]) >= 60 and len(knowledge["catalogue"].events) == 33


def test_load_all_uses_the_settings_reply_limit(tmp_path):
    shutil.copytree(BAD / "qa", tmp_path / "qa")
    settings = load_settings(env={}, knowledge={"dir": str(tmp_path)}, server={"reply_max_bytes": 5000})
    with pytest.raises(KBError) as err:
        load_all(settings)
    problems = err.value.problems
    assert not any("over the" in p for p in problems)            # 2100 bytes fit in 5000
    assert any("empty answer" in p for p in problems)
    assert any(p.startswith(str(tmp_path / "quiz.yaml")) and "cannot read file" in p for p in problems)


def test_unknown_or_invalid_qa_settings_are_problems(capsys):
    settings = load_settings(env={}, qa={"answer_treshold": 0.4, "margin": "wide", "cover_from": "both",
                                         "fuzz_content": "yes", "candidates": 2.5, "answer_cover": 0.7})
    with pytest.raises(KBError) as err:
        load_all(settings)
    problems = err.value.problems
    assert len(problems) == 5, problems
    assert "config.yaml:0: qa: unknown setting 'answer_treshold'" in problems[0]
    assert any("qa: margin: must be a number, not 'wide'" in p for p in problems)
    assert any("qa: cover_from: must be one of all, pinyin, max, not 'both'" in p for p in problems)
    assert any("qa: fuzz_content: must be true or false" in p for p in problems)
    assert any("qa: candidates: must be a whole number" in p for p in problems)
    with pytest.raises(KBError):
        load_knowledge_base(settings, None)                      # the knowledge base's own loader agrees
    cfg, none = MatchConfig.parse({"answer_cover": 0.7, "char_orders": [1, 2], "char_order_weights": [1, 0.5]})
    assert none == [] and cfg.answer_cover == 0.7 and cfg.char_orders == (1, 2)


def test_loader_raises_all_problems_at_once(tmp_path):
    shutil.copytree(BAD / "qa", tmp_path / "qa")
    settings = load_settings(env={}, knowledge={"dir": str(tmp_path)})
    with pytest.raises(KBError) as err:
        load_knowledge_base(settings, None)
    assert len(err.value.problems) >= 12
    assert any(":14: f02: empty answer" in p for p in err.value.problems)


def test_a_valid_small_knowledge_base_loads(tmp_path):
    (tmp_path / "qa").mkdir()
    (tmp_path / "qa" / "x.yaml").write_text(
        "section: 测试\nentries:\n  - id: f01\n    fact: F01\n    question: 活动是什么？\n"
        "    similar: [活动介绍]\n    answer: 一个比赛活动。\n    related: [f02]\n"
        "  - id: f02\n    question: 有多少项比赛？\n    generate: catalogue\n", encoding="utf-8")
    kb = load_knowledge_base(load_settings(env={}, knowledge={"dir": str(tmp_path)}), None)
    assert kb.entry_ids == {"f01", "f02"}
    assert kb.get("f01").line == 3 and kb.get("f01").section == "测试"
    assert kb.get("f02").answer                                   # generated (placeholder without a catalogue)


def test_empty_directory_is_a_problem(tmp_path):
    (tmp_path / "qa").mkdir()
    problems = run_checks(tmp_path).problems
    assert any("no *.yaml files" in p for p in problems)
