"""QAHandler's recent results: repeated questions skip the matcher (and the contest desk), and get
the same replies."""
from __future__ import annotations

from handlers.qa import QAHandler, RecentResults
from knowledge.qa import KnowledgeBase
from tests.test_qa_handler import entry, make_ctx, say


class CountingKB(KnowledgeBase):
    def __init__(self, entries):
        super().__init__(entries)
        self.calls: list[str] = []

    def match(self, query):
        self.calls.append(query)
        return super().match(query)


def counting_kb() -> CountingKB:
    return CountingKB([entry("f03", "领导小组组长是谁？", ["活动组长是谁"], "组长是县委书记和县长。"),
                       entry("f11", "比赛分几级？", ["比赛级别"], "村、乡、县、市四级。")])


async def test_a_repeated_question_is_matched_once_and_answered_alike():
    kb, handler = counting_kb(), QAHandler()
    first = await say(handler, make_ctx(kb, user="a"), "领导小组组长是谁")
    second = await say(handler, make_ctx(kb, user="b"), "领导小组组长是谁")
    assert first.outcome == second.outcome == "answer" and first.text == second.text
    assert kb.calls == ["领导小组组长是谁"]
    await say(handler, make_ctx(kb, user="c"), "今天天气怎么样")      # another text is matched
    assert len(kb.calls) == 2


async def test_a_reloaded_knowledge_base_is_matched_afresh():
    old, new, handler = counting_kb(), counting_kb(), QAHandler()
    await say(handler, make_ctx(old), "比赛分几级")
    await say(handler, make_ctx(new), "比赛分几级")
    assert old.calls == new.calls == ["比赛分几级"]


def test_the_cache_keeps_only_the_most_recently_asked():
    kb, cache = counting_kb(), RecentResults(size=2)
    for text in ["比赛分几级", "组长是谁", "比赛分几级", "天气", "组长是谁"]:
        cache.get(kb, text, kb.match)
    # 比赛分几级 was asked again before 天气 came, so 组长是谁 was the one dropped.
    assert kb.calls == ["比赛分几级", "组长是谁", "天气", "组长是谁"]


def test_a_text_without_a_result_is_remembered_too():
    class Desk:              # e.g. the contest desk: most questions are not about an event (None)
        def __init__(self):
            self.calls: list[str] = []

        def detect(self, text):
            self.calls.append(text)
            return None

    desk, cache = Desk(), RecentResults()
    assert [cache.get(desk, "今天天气怎么样", desk.detect) for _ in range(3)] == [None, None, None]
    assert desk.calls == ["今天天气怎么样"]
