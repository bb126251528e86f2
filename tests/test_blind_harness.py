"""The blind-evaluation harness (tests/blind.py): how a reply is judged, and one small run of
made-up questions through the webhook and the rapidfuzz baseline."""
from __future__ import annotations

import pytest

from bot.core.config import load_settings
from knowledge.catalogue import load_catalogue
from knowledge.qa import load_knowledge_base
from tests import blind
from tests.blind import Item


def test_a_reply_is_direct_a_suggestion_or_a_fallback():
    assert blind.classify("活动共设7大类33项比赛。") == "direct"
    assert blind.classify("您是不是想问：\n1. 甲？\n2. 乙？\n请回复数字") == "suggestion"
    assert blind.classify("抱歉，这个问题我还答不上来。") == "fallback"
    assert blind.honest("奖品县里还没公布。") and not blind.honest("奖品是一头牦牛。")


def test_fragments_are_checked_on_the_answer_only_with_full_width_digits_and_spaces_normalised():
    assert blind.has_fragments("每队 ７ 到 ２０ 人", [["7到20"]])
    assert blind.has_fragments("截止：2027年3月31日，14岁以上", [["3月31日", "03-31"], ["14岁"]])
    assert not blind.has_fragments("截止：2027年3月31日", [["3月31日"], ["14岁"]])
    # a fact named only in an offered related question is no answer
    assert not blind.has_fragments("比赛分四级。\n\n相关问题：\n1. 赛马16岁能报吗？", [["16岁"]])
    # nothing else is normalised: a figure written another way does not count
    assert not blind.has_fragments("十六岁以上", [["16岁"]])


def test_a_range_matches_whichever_dash_the_reply_uses():
    assert blind.has_fragments("每队8–30人", [["8-30"]])
    assert blind.has_fragments("每队8-30人", [["8—30"]])
    assert not blind.has_fragments("每队8人", [["8-30"]])


def test_dev_part_loads_as_the_readme_counts_it():
    items = blind.load_part("dev")
    assert sum(i.scope == "in" for i in items) == 254
    assert sum(i.scope == "out" for i in items) == 74
    assert sum(i.kind == "near_miss" for i in items) == 42
    assert all(i.must for i in items if i.scope == "in")
    with pytest.raises(ValueError):
        blind.load_part("other")


ITEMS = [
    Item("比赛有哪些项目？", "typing", "in", (("7大类",), ("33项",))),
    Item("一共有多少项比赛", "voice", "in", (("33项",),)),            # sent as a voice message
    Item("一共有多少项比赛", "cadre", "in", (("44项",),)),            # direct, but the figure is not there
    Item("虫草", "typing", "in", (("虫草",),)),                       # several entries: a suggestion
    Item("明天拉萨会不会下雨", "typing", "out", kind="off_topic"),
]


@pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])
async def test_made_up_questions_through_the_webhook(tmp_path, aes):
    outcomes = await blind.run_webhook(ITEMS, tmp_path, aes=aes)
    kinds = [o.kind for o in outcomes]
    assert kinds == ["direct", "direct", "direct", "suggestion", "fallback"]
    assert [o.correct for o in outcomes[:3]] == [True, True, False]
    assert outcomes[3].picked and outcomes[3].first_correct
    total, per = blind.figures(outcomes)
    assert (total.n_in, total.direct_correct, total.confident_wrong) == (4, 2, 1)
    assert (total.suggestions, total.suggestion_first, total.fallback) == (1, 1, 0)
    assert (total.n_off, total.off_confident, total.n_near) == (1, 0, 0)
    assert set(per) == {"typing", "voice", "cadre"}
    assert per["cadre"].confident_wrong == 1
    assert blind.target_failures(total)          # 1 wrong of 4 misses the ≤1% target


def test_baseline_answers_with_the_closest_question_or_falls_back():
    settings = load_settings(env={})
    kb = load_knowledge_base(settings, load_catalogue(settings.knowledge_dir / "catalogue.yaml"))
    outcomes = blind.baseline(ITEMS, kb)
    assert outcomes[0].kind == "direct" and outcomes[0].correct
    assert outcomes[-1].kind == "fallback" and not outcomes[-1].confident
