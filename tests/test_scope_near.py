"""Scope guard (knowledge.scope), near misses about the policy facts: a count of a thing the answer
only names, the content of a programme or rule the answer only names, a figure the question itself
states, and the other asks an answer can visibly lack (how often, which unit, where people went, a
shop's name, what someone earned, what was actually reached). Each class is checked both ways: the
gap when the answer lacks it, none when the answer gives it."""
from __future__ import annotations

import pytest

from bot.core.messages import Message
from handlers.qa import QAHandler
from knowledge.qa import KnowledgeBase
from knowledge.scope import gaps
from tests.test_qa_handler import entry, make_ctx


def kinds(question, answer, entry_question=""):
    return [g.kind for g in gaps(question, answer, entry_question, home="洛隆县")]


TALKS = "干部依托“农家书屋”“夜校课堂”给群众讲政策，已经开展宣讲60余场次，不漏一户、不落一人。"
SIGNS = "村里挂了宣传横幅30余条，县城电子屏播放标语50余条，做了展板6块。"
TEAMS = "全市选派了900名干部，组成300个工作队；在乡里成立了4个联合党委。"


@pytest.mark.parametrize("question", [
    "夜校课堂一共办了多少个",              # the thing named before the ask
    "全县建了几个农家书屋啊",              # ... and after the measure word
    "農家書屋有幾處",                      # traditional characters, another measure word
    "联合党委一共管了多少个村",            # 4个联合党委 is no number of villages
    "宣讲覆盖了多少户人家",                # 不漏一户 is a saying, not a count
    "县城电子屏有几块",                    # 50余条 标语 and 6块 展板, no number of screens
])
def test_a_count_of_a_thing_the_answer_never_counts_is_a_gap(question):
    answer = TEAMS if "党委" in question else SIGNS if "电子屏" in question else TALKS
    assert "count" in kinds(question, answer)


@pytest.mark.parametrize("question, answer", [
    ("宣讲一共搞了多少场", TALKS),
    ("宣传横幅挂了多少条", SIGNS),
    ("展板做了几块", SIGNS),
    ("成立了几个联合党委", TEAMS),
    ("选派了多少名干部", TEAMS),
    ("工作队组成了多少个", TEAMS),
    ("找出来多少个能人", "各村摸底，找出有手艺的能人1500余人。"),     # a noun ending in its unit: 人
    ("达标率要达到多少", "目标是达标率100%。"),                          # a value asked, and given
])
def test_a_count_the_answer_gives_is_not_a_gap(question, answer):
    assert kinds(question, answer) == []


def test_a_figure_the_question_states_itself_does_not_answer_it():
    assert "count" in kinds("900名干部里有多少名党员", TEAMS)
    assert "count" in kinds("300个工作队一共管了多少个村", TEAMS)
    assert kinds("选派了多少名干部", TEAMS) == []


@pytest.mark.parametrize("question", [
    "两个带动 带动谁",                      # the term's own verb, asked who
    "两个带动工程的内容有哪些",
    "两个带动说的是带动啥子哦",
    "兩個帶動是要把哪些人帶起來",          # traditional characters
    "八项要求第二条是什么",                 # one item of a numbered set the answer only names
    "八项要求都要求了些什么",
    "liangge daidong 是什么",               # the term typed in pinyin
    "「兩個帶動」工程具體帶動甚麼",         # in corner brackets, traditional characters
])
def test_the_content_of_a_programme_the_answer_only_names_is_a_gap(question):
    answer = "工作队落实“八项要求”；实施“两个带动”工程，一般是指党员带群众、能人带村民。"
    assert "items" in kinds(question, answer)


def test_a_part_of_a_named_pair_and_a_document_known_by_its_title_are_not_explained_by_naming_them():
    pair = "“一中心、三网络”是县里定的总体布局，各乡照着落实。"
    assert "items" in kinds("一中心三网络里的一中心是指什么中心", pair)
    assert "items" in kinds("三网络是哪三张网络", pair)
    assert kinds("一中心三网络是谁定的", pair) == []                # the pair itself is said
    docs = "县里印发了《工作方案》和《联席会议制度》两个文件。"
    assert "items" in kinds("那个联席会议制度具体是咋个开会的", docs)
    assert kinds("县里印发了几个文件", docs) == []


@pytest.mark.parametrize("question, answer", [
    ("“两个带动”是什么", "“两个带动”是：党员带群众、能人带村民。"),
    ("三项承诺是哪三项", "“三项承诺”是：守规矩、讲卫生、爱劳动。"),
    ("爱岗教育是什么", "“四个教育”是：机关“忠诚”、农村“感恩”、学校“爱岗”、寺院“法治”。"),   # a longer phrase
    ("“一中心、三网络”是什么", "“一中心、三网络”是县里定的总体布局。"),
])
def test_a_term_the_answer_explains_is_not_a_gap(question, answer):
    assert kinds(question, answer) == []


def test_what_a_counted_thing_says_is_a_gap_when_the_answer_only_counts_it():
    assert "items" in kinds("电子屏上的标语都写了些什么", SIGNS)
    assert "items" in kinds("横幅 内容是啥", SIGNS)
    assert kinds("横幅 内容是啥", "横幅内容是：喜迎新春、奋进有我。") == []


@pytest.mark.parametrize("question, answer, kind", [
    ("夜校每周开课几次", TALKS, "rate"),
    ("办公室设在哪个单位", "领导小组办公室每周开一次会。", "org"),
    ("外出学习去了哪些地方", "带选手到外面观摩学习。", "address"),
    ("那家奶茶店叫什么名字", "他开的奶茶店生意很好，一年挣8万元。", "name"),
    ("他放牧一年挣了多少钱", "他得了奖，还免了草场费，不用交钱。", "money"),
    ("达标率现在实际达到多少了", "目标是达标率100%。", "actual"),
    ("展板立在哪几个村", SIGNS, "unit"),
    ("培训请的哪位老师", "请老师到村里来教。", "name"),
    ("全县有多少个工作队", "山南市组成了300个工作队。", "home"),
])
def test_other_details_an_answer_visibly_lacks(question, answer, kind):
    assert kind in kinds(question, answer)


@pytest.mark.parametrize("question, answer", [
    ("调度会多久开一次", "每周调度一次，每月通报一次。"),
    ("办公室设在哪个单位", "领导小组办公室设在县委宣传部。"),
    ("外出学习去了哪些地方", "去了那曲市比如县学习。"),
    ("那家奶茶店叫什么名字", "他开的“雪域”奶茶店生意很好。"),
    ("他一年挣了多少钱", "他一年能挣8万元。"),
    ("报名要交钱吗", "报名免费，不用交钱。"),
])
def test_the_same_asks_are_not_gaps_when_the_answer_gives_them(question, answer):
    assert kinds(question, answer) == []


async def test_the_handler_tells_a_count_it_lacks_then_what_it_has():
    kb = KnowledgeBase([
        entry("talks", "活动是怎么宣讲的？", ["怎么给群众宣讲", "宣讲搞了多少场"], TALKS,
              keywords=["农家书屋", "夜校课堂"]),
        entry("signs", "线下怎么宣传？", ["线下宣传"], SIGNS),
    ])
    h = QAHandler()
    near = await h.handle(make_ctx(kb, user="u1"), Message(user="u1", kind="text", text="农家书屋一共有多少个"))
    assert near.outcome == "partial" and near.extra.get("partial") == ["count"]
    assert near.text.startswith("农家书屋的具体数量我这里没有资料。") and TALKS in near.text
    plain = await h.handle(make_ctx(kb, user="u2"), Message(user="u2", kind="text", text="宣讲一共搞了多少场"))
    assert plain.text.startswith(TALKS) and "没有资料" not in plain.text
