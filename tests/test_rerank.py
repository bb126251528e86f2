"""The order of a 「您是不是想问」 list (knowledge.rerank, handlers.qa): the entry holding what is
asked for goes first; the order never turns a list into an answer, nor keeps a clear one from being answered."""
from __future__ import annotations

import pytest

from bot.core.messages import Message
from handlers.qa import QAHandler
from knowledge.matcher import Candidate, MatchConfig
from knowledge.qa import KnowledgeBase
from knowledge.rerank import CLEAR_COVER, CLEAR_SCORE, asked_head, clear, order
from knowledge.scope import same_subject
from tests.test_qa_handler import entry, make_ctx
from tests.test_scope import ask_real, real  # noqa: F401  (the real knowledge base and catalogue)

LIST = MatchConfig().max_suggestions     # choices a list shows at most


@pytest.mark.parametrize("question, head", [
    ("赛前有没有什么要看的材料啊？", "材料"),
    ("那边的工作是怎么样的布局", "布局"),
    ("工作队 管啥", "管"),                 # a keyword of its own
    ("这个能不能管", ""),                  # one character ending a sentence is no keyword
    ("公众号叫啥名", ""),                  # 名 after 叫啥: a function word before it
    ("县里的公众号叫什么名字", "众号"),    # a name asked: the thing named, not 名字
    ("那个工程名字是啥", "工程"),
    ("7大类各叫什么名字", ""),             # 各 spreads the ask over a set of 7
    ("mingtian tianqi", ""),
])
def test_the_word_a_question_asks_for(question, head):
    assert asked_head(question) == head


def test_an_entry_that_uses_the_word_asked_for_goes_first():
    texts = {"train": "选手培训\n集中培训", "study": "学习材料\n看应知应会手册", "sign": "报名\n发报名"}
    ranked = [Candidate("train", 0.30, cover=0.4), Candidate("study", 0.22, cover=0.4), Candidate("sign", 0.12, cover=0.2)]
    assert order("赛前有没有要先看的材料", ranked, ["train", "study"], texts.get, LIST) == ["study", "train"]
    # brought from below the list, down to half the first's score, not further
    assert order("报名前要看的材料", ranked, ["train"], texts.get, LIST) == ["study", "train"]
    low = [Candidate("train", 0.30, cover=0.4), Candidate("study", 0.14, cover=0.4)]
    assert order("报名前要看的材料", low, ["train"], texts.get, LIST) == ["train"]
    # nothing asked for, coverage close: the matcher's order stays
    assert order("培训的事情", ranked, ["train", "study"], texts.get, LIST) == ["train", "study"]


def test_a_name_asked_puts_first_the_entry_about_the_thing_named():
    # 叫什么名字 is no 名字 asked: an entry that happens to say 名字 does not go before the one on the 大类
    texts = {"cats": "比赛有哪些类别\n七大类\n理论宣讲类", "projects": "两个工程叫什么名字\n能手培养工程"}
    ranked = [Candidate("cats", 0.30, cover=0.37), Candidate("projects", 0.26, cover=0.36)]
    assert order("7大类各叫什么名字", ranked, ["cats", "projects"], texts.get, LIST) == ["cats", "projects"]


def test_coverage_counts_beside_the_score():
    texts = {"a": "甲", "b": "乙"}
    ranked = [Candidate("a", 0.41, cover=0.50), Candidate("b", 0.40, cover=0.70)]
    assert order("随便问问", ranked, ["a", "b"], texts.get, LIST) == ["b", "a"]


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase([
        entry("count", "合作社派了多少干部？", ["合作社干部多少人", "合作社干部"], "合作社派了1600名干部。"),
        entry("solved", "合作社解决了多少问题？", ["合作社办了多少实事"], "合作社解决了7000多个问题。"),
        entry("works", "合作社怎么建强组织？", ["干部怎么建强组织"],
              "合作社建强组织：\n实施“文化提升”工程；\n实施“能手培养”工程。"),
        entry("leader", "领导小组组长是谁？", ["组长是谁"], "组长是县委书记。"),
    ])


async def ask(kb, text):
    return await QAHandler().handle(make_ctx(kb), Message(user="openid-123", kind="text", text=text))


async def test_an_entry_naming_the_kind_asked_comes_from_below_the_list(kb):
    # 哪两个工程: the entries ranked first count cadres and problems; the one naming 工程 is further down
    result = kb.match("合作社干部搞了哪两个工程")
    assert [e.id for e in kb.suggestions(result)] == ["count"]           # the matcher's list: one wrong choice
    reply = await ask(kb, "合作社干部搞了哪两个工程")
    assert reply.outcome == "suggest" and reply.extra["candidates"][0] == "works"



async def test_a_first_choice_that_stands_alone_is_answered_whatever_the_list_order(kb):
    # the order shown is knowledge.rerank's, but answering is judged in the matcher's order
    reply = await ask(kb, "领导小组的组长到底是谁")
    assert reply.outcome == "answer" and reply.extra["entry"] == "leader"


async def test_of_two_entries_of_one_fact_the_one_using_the_word_asked_for_answers():
    kb = KnowledgeBase([
        entry("count", "全县成立了几个合作社？", ["全县合作社有几个", "全县合作社"], "全县成立了5个合作社。", fact="F1"),
        entry("what", "合作社是什么？", ["合作社是干什么的", "合作社怎么发展"],
              "合作社的路子是“村村联合、抱团发展”，全县已有5个。", fact="F1"),
        entry("leader", "领导小组组长是谁？", ["组长是谁"], "组长是县委书记。"),
        entry("yak", "牧民怎么养牦牛？", ["养牦牛"], "喂好草。"),
    ])
    assert kb.match("全县合作社发展的路子").candidates[0].entry_id == "count"       # the matcher's first
    reply = await ask(kb, "全县合作社发展的路子")
    assert reply.outcome == "answer" and reply.extra["entry"] == "what"
    # the sibling far behind (路子 asked, the count well ahead): the matcher's first answers
    assert kb.match("全县合作社路子是啥").candidates[1].score < 0.75 * kb.match("全县合作社路子是啥").candidates[0].score
    assert (await ask(kb, "全县合作社路子是啥")).extra["entry"] == "count"


@pytest.mark.parametrize("question", ["曲珍家的晚会在哪个乡镇", "培训有哪些资料"])
def test_which_one_asks_for_an_instance_not_the_word(question):
    assert asked_head(question) == ""


def test_a_clear_first_needs_score_coverage_and_the_matchers_margin():
    assert clear(0.40, 0.70, 0.05, 0.03)
    assert not clear(0.40, 0.55, 0.05, 0.03)         # holds too little of the question
    assert not clear(0.30, 0.70, 0.05, 0.03)         # scores too low
    assert not clear(0.48, 0.71, 0.004, 0.03)        # a near tie with another fact


async def test_a_near_tie_of_two_facts_stays_a_list_however_well_both_match():
    kb = KnowledgeBase([
        entry("signup", "怎么在公众号里报名？", ["公众号报名", "在公众号报名"], "在公众号里发「报名」。"),
        entry("mine", "在公众号里怎么查报名？", ["公众号查报名", "查我的报名"], "发「我的报名」。"),
        entry("leader", "领导小组组长是谁？", ["组长是谁"], "组长是县委书记。"),
        entry("yak", "牧民怎么养牦牛？", ["养牦牛"], "喂好草。"),
    ])
    top = kb.match("公众号里怎么报名啊").candidates[0]
    assert top.score >= CLEAR_SCORE and top.cover >= CLEAR_COVER
    reply = await ask(kb, "公众号里怎么报名啊")
    assert reply.outcome == "suggest" and set(reply.extra["candidates"]) == {"signup", "mine"}


async def test_a_clear_first_of_a_list_is_answered(real):  # noqa: F811
    # the count of 应知应会 items: its entry holds the whole question and leads the practice and website entries
    reply = await ask_real(real, "应知应会有几条")
    assert reply.outcome == "answer" and reply.extra["entry"] == "f16" and "55" in reply.text


async def test_a_bare_keyword_several_facts_hold_stays_a_list(real):  # noqa: F811
    # 虫草 alone: more than one fact holds the whole of it, so the wider margin applies
    result = real[0].match("虫草")
    assert result.candidates[1].cover >= 0.95
    reply = await ask_real(real, "虫草")
    assert reply.outcome == "suggest"


async def test_a_numbered_set_named_is_no_word_asked_for():
    # 四个方面 names a set (no entry names it): the entry on the 教育 asked stays first, not one that
    # only shares 方面 -- neither as the word asked for nor as a complete entry brought forward
    kb = KnowledgeBase([
        entry("edu", "基层开展的“四个教育”是什么？", ["机关开展什么教育"],
              "机关开展“忠诚”教育；农村开展“感恩”教育；学校开展“爱国”教育。"),
        entry("school", "学校里的学生能报名吗？", ["学校学生报名", "学校里搞什么比赛"], "在校学生可以报讲故事比赛。"),
        entry("link", "活动和哪些工作结合？", ["结合哪六个方面"], "活动和六方面工作结合：党建、治理、团结。"),
        entry("yak", "牧民怎么养牦牛？", ["养牦牛"], "喂好草。"),
    ])
    assert asked_head("学校里搞的是什么教育 四个方面") == ""
    reply = await ask(kb, "学校里搞的是什么教育 四个方面")
    assert reply.outcome == "suggest" and reply.extra["candidates"][0] == "edu"
    reply = await ask(kb, "四个方面的教育都有啥 学校里搞什么教育")      # 教育 asked: kept by the first
    assert reply.outcome == "suggest" and reply.extra["candidates"][0] == "edu"


async def test_an_entry_naming_the_kind_asked_of_another_thing_does_not_go_first():
    # 积分制是什么制度: the 积分制 entry never says 制度; the entry on the campaign's 工作制度 says it
    # but speaks of no 积分制 -- it answers another thing and must not lead
    kb = KnowledgeBase([
        entry("points", "积分制是什么？", ["积分制管理", "群众积分制"], "积分制是给群众的表现打分，攒下的积分可以换东西。"),
        entry("rules", "活动的工作制度是什么？", ["工作制度"], "县里执行周调度、月通报制度。"),
        entry("shop", "积分超市在哪里？", ["积分超市"], "每个村都有积分超市。"),
    ])
    # 制度 is 积分制's own kind (积分制…制度): what it is is asked, told by its definition without a hedge
    for text in ("积分制是什么制度", "积分制是个啥制度"):
        reply = await ask(kb, text)
        assert reply.outcome == "answer" and "积分制是给群众" in reply.text, (text, reply.text)
        assert "没有资料" not in reply.text, (text, reply.text)


def test_a_kind_asked_through_a_verb_may_be_told_by_another_entry():
    # 什么制度 asked of 积分制 itself: an entry on another thing's 制度 is no answer; what a thing
    # 推广 (三联三强推广的是什么模式) is another entry's, which need not name the first thing
    said = "积分制是给群众的表现打分。"
    assert not same_subject("积分制是什么制度", said, "活动的工作制度：周调度、月通报。")
    assert same_subject("积分制是什么制度", said, "积分制是一种激励制度。")
    three = "“三联三强”是三句话：组织联建强统筹。"
    assert same_subject("三联三强推广的是什么模式", three, "“党组织+企业+合作社+农户”模式。")


def test_an_entry_whose_own_question_names_the_thing_asked_goes_before_one_that_mentions_it():
    # both say 经验 somewhere; only one is about it: its own question names it
    texts = {"count": "成立了几个联合社\n在总结外地经验的基础上成立了5个", "lesson": "学的什么经验\n学的是浙江的经验"}
    titles = {"count": "成立了几个联合社？", "lesson": "学的什么经验？"}
    ranked = [Candidate("count", 0.30, cover=0.4), Candidate("lesson", 0.26, cover=0.4)]
    assert order("联合社 学啥经验", ranked, ["count", "lesson"], texts.get, LIST, title_of=titles.get) == ["lesson", "count"]
    # no word asked for, or the first's own question names it: the order stays
    assert order("联合社 的事", ranked, ["count", "lesson"], texts.get, LIST, title_of=titles.get) == ["count", "lesson"]
    titles["count"] = "联合社学了谁的经验？"
    assert order("联合社 学啥经验", ranked, ["count", "lesson"], texts.get, LIST, title_of=titles.get) == ["count", "lesson"]


async def test_a_phone_number_no_entry_has_gets_what_is_known_not_a_list_of_guesses(real):  # noqa: F811
    # every close entry lacks the number: say so, then what the best of them holds -- never 「您是不是想问」
    reply = await ask_real(real, "报名出了问题 找哪个 电话多少")
    assert reply.outcome in ("answer", "partial") and "您是不是想问" not in reply.text     # partial: says what is missing
    assert reply.text.startswith("电话号码我这里没有资料")


async def test_another_county_asked_gets_the_home_countys_figures_said_as_such(real):  # noqa: F811
    reply = await ask_real(real, "贡觉县一共搞几项比赛")
    assert reply.outcome in ("answer", "partial") and "贡觉的情况我这里没有资料" in reply.text and "33项" in reply.text


async def test_a_later_round_asked_is_no_list_of_this_rounds_entries(real):  # noqa: F811
    reply = await ask_real(real, "后年还办不办这个比塞")
    assert reply.outcome in ("answer", "fallback") and "您是不是想问" not in reply.text
    assert "还没公布" in reply.text or "抱歉" in reply.text


async def test_one_choice_lacking_a_word_is_answered_saying_so(real):  # noqa: F811
    # voice input: 领导 heard as 领道; the one close entry is the leading group's, which never says 当头:
    # answered (saying what it lacks, or -- since the knowledge base's variants grew -- directly), never
    # a list of that one choice
    reply = await ask_real(real, "领道小组 谁当头")
    assert reply.outcome == "answer" and "组长是县委书记" in reply.text


async def test_two_facts_asked_together_are_both_given_never_one_guessed(real):  # noqa: F811
    # two facts each hold half the question (积分超市, 红黑榜): both answered, or both offered
    reply = await ask_real(real, "积分超市换啥，红黑榜又是啥")
    if reply.outcome == "suggest":
        assert len(reply.extra["candidates"]) >= 2
    else:
        assert reply.outcome == "answer" and "生活用品" in reply.text and "上红榜" in reply.text


def test_a_first_holding_far_more_of_the_question_than_any_other_fact_is_clear():
    from knowledge.rerank import holds_most
    assert holds_most(0.36, 0.62, 0.40)
    assert not holds_most(0.36, 0.62, 0.55)          # the other holds about as much: a real choice
    assert not holds_most(0.36, 0.45, 0.20)          # holds too little of the question itself
    assert not holds_most(0.28, 0.70, 0.30)          # scores too low


async def test_the_entry_on_the_thing_asked_answers_though_another_scores_as_well(real):  # noqa: F811
    # 那曲奋进 alone matches the campaign's own entry as well; only one entry holds the 布局 asked
    reply = await ask_real(real, "那曲奋进活动布局是哪样的")
    assert reply.outcome == "answer" and "一平台、五牵引" in reply.text


def test_an_entry_telling_when_goes_behind_when_no_time_is_asked():
    titles = {"when": "比赛什么时候开始?", "opening": "开幕式是怎么办的?", "towns": "乡镇办了哪些活动?"}
    texts = {k: v + "\n" for k, v in titles.items()}
    ranked = [Candidate("when", 0.33, cover=0.5), Candidate("opening", 0.28, cover=0.6), Candidate("towns", 0.27, cover=0.4)]
    offered = ["when", "opening", "towns"]
    # 开始的时候 only sets the scene: what was done then is asked
    assert order("比赛开始那时候演了什么节目", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "opening"
    # a time asked keeps the entry telling it first
    assert order("比赛哪天开始", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "when"
    assert order("比赛开始了没", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "when"


def test_what_a_thing_named_in_full_is_asked_puts_first_the_entry_asking_just_that():
    titles = {"link": "兴边富民行动和哪些工作连在一起?", "what": "“兴边富民行动”是什么?",
              "count": "“兴边富民行动”一共办了多少场?"}
    texts = {k: v + "\n" for k, v in titles.items()}
    ranked = [Candidate("link", 0.30, cover=0.55), Candidate("what", 0.29, cover=0.45), Candidate("count", 0.2, cover=0.3)]
    offered = ["link", "what", "count"]
    assert order("兴边富民行动到底是干啥的", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "what"
    # only part of the name said, or not what it is asked: the order stays
    assert order("富民行动到底是干啥的", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "link"
    assert order("各村办过哪些兴边富民行动", ranked, offered, texts.get, LIST, title_of=titles.get)[0] == "link"


def test_a_deadline_or_a_month_named_is_a_time_asked():
    titles = {"when": "报名什么时候截止?", "events": "比赛有哪些项目?"}
    texts = {k: v + "\n" for k, v in titles.items()}
    ranked = [Candidate("when", 0.33, cover=0.5), Candidate("events", 0.30, cover=0.5)]
    for q in ("四月份截止的是哪些项目", "3月底截止的有哪些"):
        assert order(q, ranked, ["when", "events"], texts.get, LIST, title_of=titles.get)[0] == "when"


def test_an_entry_about_another_place_goes_behind_a_close_home_one_when_no_place_is_asked():
    from knowledge.rerank import home_instead
    titles = {"suo": "索县办了多少场比赛多少人参加", "join": "活动由谁来参与谁可以参加", "aim": "活动的目标是什么"}
    texts = {"suo": "索县办了多少场比赛多少人参加\n奋进活动累计参赛群众5万余人次",
             "join": "活动由谁来参与谁可以参加\n农牧民群众都能参加",
             "aim": "活动的目标是什么\n知晓率100%"}
    ranked = [Candidate("suo", 0.30, cover=0.5), Candidate("aim", 0.22, cover=0.3), Candidate("join", 0.20, cover=0.45)]
    # the home entry holding every word the first holds (活动, 参加), not merely a home one ranked higher
    assert order("这活动都是啥人参加嘛", ranked, ["suo", "aim"], texts.get, LIST, title_of=titles.get)[0] == "join"
    assert home_instead("活动主要哪些人参加", "suo", ["aim", "join"], texts.get, titles.get) == "join"
    # another place asked (索县 itself) keeps the matcher's order
    assert home_instead("索县活动都是哪些人参加", "suo", ["aim", "join"], texts.get, titles.get) == ""
    assert order("索县活动都是哪些人参加", ranked, ["suo", "aim"], texts.get, LIST, title_of=titles.get)[0] == "suo"
    # a first about no other place stays first
    assert home_instead("活动哪些人参加", "join", ["suo"], texts.get, titles.get) == ""


def test_the_home_county_named_or_said_as_ours_asks_of_the_home_entry_too():
    from knowledge.rerank import home_instead
    titles = {"suo": "索县办了多少场比赛多少人参加", "join": "活动由谁来参与谁可以参加"}
    texts = {"suo": "索县办了多少场比赛多少人参加\n奋进活动累计参赛群众5万余人次",
             "join": "活动由谁来参与谁可以参加\n农牧民群众都能参加"}
    for asked in ("洛隆县活动都是哪些人参加", "咱们县活动主要哪些人参加", "本县这个活动啥人参加嘛"):
        assert home_instead(asked, "suo", ["join"], texts.get, titles.get, home="洛隆县") == "join", asked


def test_an_entry_whose_answer_counts_another_place_is_no_home_one():
    from knowledge.rerank import home_instead
    # its question names no place, its answer counts 林芝's turnout: no home entry to answer with
    titles = {"suo": "索县办了多少场比赛多少人参加", "points": "评分制是什么"}
    texts = {"suo": "索县办了多少场比赛多少人参加\n活动累计参加群众5万余人次",
             "points": "评分制是什么\n林芝开展评分活动300余场次，参加群众2万余人次"}
    assert home_instead("活动一共多少人参加", "suo", ["points"], texts.get, titles.get, home="洛隆县") == ""
