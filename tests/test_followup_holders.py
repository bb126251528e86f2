"""A follow-up naming another holder (干部的…，群众的呢) in our own wordings: only the people the
knowledge base pairs count as holders, each holder's own entry answers its clause, nothing is told
twice, a holder no entry speaks of is said plainly; and the near misses the t11b variants and
aliases pulled in stay out (another county's practice, another kind of show, a group the catalogue
never restricts by). Each goes through the real webhook as a new user."""
from __future__ import annotations

from knowledge.rerank import asked_head
from knowledge.scope import asked_again, clauses
from tests.blind import honest
from tests.harness import BotHarness, not_answered_directly

CADRE, HERDER = "大讨论大练兵大提升", "大讨论、强意识、尽责任、作贡献"


def test_only_a_known_holder_splits_and_the_clause_is_asked_of_it_from_its_holder_on():
    # no holder: the follow-up stays with the question before it
    assert len(clauses("村支部的委员有几个，副主任呢")) != 2 or clauses("村支部的委员有几个，副主任呢")[1] == "副主任呢"
    assert clauses("党员的口号是啥，完整的呢") == ["党员的口号是啥，完整的呢"]
    assert clauses("报名的人数是多少，奖品的呢") == ["报名的人数是多少，奖品的呢"]
    # a holder: the clause before from its own holder on (not from its first 的)
    assert clauses("我们这的党员干部的口号是啥 农牧民呢") == ["我们这的党员干部的口号是啥", "农牧民的口号是啥"]
    # no 的 before, 嘞 after, the asked noun said again
    assert clauses("干部得做到哪几条，那牧民的嘞") == ["干部得做到哪几条", "牧民得做到哪几条"]
    assert clauses("干部的口号是啥 那老百姓的口号呢") == ["干部的口号是啥", "老百姓的口号是啥"]
    assert asked_again(clauses("党员的口号是啥子 村民呢 学生呢")) == [("村民", "村民的口号是啥子"), ("学生", "学生的口号是啥子")]


def test_a_word_with_a_function_character_counts_only_closing_a_verb():
    everything = lambda w: True          # noqa: E731 -- every title holds it
    assert asked_head("老百姓咋个参与", everything) == "参与"
    assert asked_head("这个是从哪学来的，那曲", everything) == ""
    assert asked_head("你们还有啥要求", everything) == "" and asked_head("谁管这个，县里", everything) == ""


async def test_each_holder_is_told_once_in_the_order_asked(tmp_path):
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(("老百姓的口号是哪几句，当干部的呢", "当干部的要做到哪几条，那牧民的嘞",
                                   "当干部的口号是啥 那老百姓的口号呢")):
            reply = (await bot.text(f"two{i}", asked)).split("相关问题：")[0]
            assert "您是不是想问" not in reply and "抱歉" not in reply, reply
            assert reply.count(CADRE) == 1 and reply.count(HERDER) == 1, reply
        first = (await bot.text("order", "老百姓的口号是哪几句，当干部的呢")).split("相关问题：")[0]
        assert first.index(HERDER) < first.index(CADRE), first


async def test_a_holder_no_entry_speaks_of_is_said_plainly(tmp_path):
    async with BotHarness.start(tmp_path, aes=False) as bot:
        one = (await bot.text("st1", "党员的口号是啥子 学生呢")).split("相关问题：")[0]
        assert "学生" in one and "没有资料" in one and HERDER not in one, one
        three = (await bot.text("st2", "当干部的口号是啥子 老百姓呢 学生呢")).split("相关问题：")[0]
        assert "学生" in three and "没有资料" in three, three
        assert three.count(CADRE) == 1 and three.count(HERDER) == 1, three


NEAR = [
    "迪庆靠啥子让老百姓富起来",             # another county's income, not its civility practice
    "我们洛隆靠啥子让群众讲文明守新风",     # the home county asked: 迪庆's practice is no answer
    "过年的时候村里刮起啥子风了",           # vague 刮起: no 热潮 of the contests
    "索县这些年一共挖了多少虫草",           # 索县's contests are no answer
    "开幕那天有没有人表演节目",             # 表演/上演/安排节目: no village show
    "春节晚会咋个安排节目",
    "电视台演节目是几点",
    "只准女的参加的项目有哪些",             # no event is for women only
]


async def test_near_misses_of_the_t11b_wordings_are_no_direct_answer(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(NEAR):
            reply = await bot.text(f"near{i}", asked)
            direct = ("您是不是想问" not in reply and "抱歉" not in reply and not honest(reply))
            if direct or "5–40" in reply or "6700" in reply:
                failures.append(f"{asked} -> {reply[:90]!r}")
    assert not failures, "\n".join(failures)
