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


class RecordingLog:
    """ctx.services.unanswered: what would be stored for cadres."""

    def __init__(self):
        self.rows: list[tuple[str, str]] = []

    def record(self, *, when, openid, question, outcome, candidates, score):
        self.rows.append((openid, outcome))
        return f"row-{len(self.rows)}"


def related_kb() -> CountingKB:
    return CountingKB([entry("f02", "活动一共有多少项比赛？", ["一共有几项比赛"], "活动共设7大类、33项比赛。",
                             related=["f44", "f11"]),
                       entry("f44", "比赛有哪些类别和项目？", ["比赛项目清单"], "七大类如下……"),
                       entry("f11", "比赛分几级？", ["比赛级别"], "村、乡、县、市四级。")])


async def test_an_answer_told_again_leaves_each_asker_the_same_choices_of_their_own():
    kb, handler = related_kb(), QAHandler()
    a, b, c = (make_ctx(kb, user=u) for u in "abc")
    first = await say(handler, a, "活动一共有多少项比赛")
    second = await say(handler, b, "活动一共有多少项比赛")
    assert first.outcome == second.outcome == "answer" and "相关问题" in first.text
    assert (second.text, second.extra) == (first.text, first.extra)
    assert b.session.flow == a.session.flow == "qa" and b.session.data == a.session.data
    b.session.data["choices"].append("f02")          # one asker's session is theirs alone
    await say(handler, c, "活动一共有多少项比赛")
    assert c.session.data == a.session.data and c.session.data["choices"] == ["f44", "f11"]
    picked = await say(handler, c, "2")
    assert picked.outcome == "answer" and picked.text.startswith("村、乡、县、市四级。")


async def test_suggestions_and_fallbacks_are_logged_for_every_asker():
    kb, handler = related_kb(), QAHandler()
    for user in ("a", "b"):
        ctx = make_ctx(kb, user=user)
        ctx.services.unanswered = RecordingLog()
        reply = await say(handler, ctx, "今天天气怎么样")
        assert reply.outcome == "fallback" and ctx.services.unanswered.rows == [(user, "fallback")]
