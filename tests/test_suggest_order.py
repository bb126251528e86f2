"""Which entry a 「您是不是想问」 list puts first, read by what the question asks and what it is about
(knowledge.rerank): an entry whose own question the user said whole goes first; so does one that holds
a piece of the question's subject foreign to the first and every piece the first holds. And, through
the real webhook, wordings of our own (herder voice, weak typing, cadre) -- ambiguous or partial --
whose right entry was decided by reading knowledge/qa: answered with it, or offered with it first; a
genuinely two-way question keeps its list; a detail the sources never give stays honest."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.matcher import Candidate, MatchConfig
from knowledge.rerank import home_instead, order, said_whole
from tests import blind

LIST = MatchConfig().max_suggestions


# --------------------------------------------------------------------------- the readings alone

@pytest.mark.parametrize("question, title, said", [
    ("活动为谁而开展我记不清了", "活动为谁而开展？", True),
    ("“红黑榜”是什么来着", "“红黑榜”是什么？", True),            # quotes dropped on both sides
    ("怎么取消报名", "怎么查看或取消我的报名？", False),           # no clause of five said whole
    ("活动是什么", "活动是怎么宣传的？", False),
    ("草场补贴发了多少钱", "乙县落实了多少帮扶项目、发了多少钱？", False),   # a clause of ask words only
])
def test_an_entry_question_said_whole(question, title, said):
    assert said_whole(question, title) is said


def test_the_entry_whose_own_question_is_said_goes_first():
    titles = {"three": "活动中每个群众都要明白的三个问题是什么？", "join": "活动由谁来参与？谁可以参加？"}
    texts = {"three": "三个问题 由谁来参与 活动为谁而开展", "join": "活动由谁来参与 人人都可以参与"}
    ranked = [Candidate("three", 0.30, cover=0.5), Candidate("join", 0.30, cover=0.35)]
    assert order("活动由谁来参与，书上咋写的", ranked, ["three", "join"], texts.get, LIST,
                 title_of=titles.get) == ["join", "three"]
    # said of neither: the matcher's order stays
    assert order("活动的三个问题，书上咋写的", ranked, ["three", "join"], texts.get, LIST,
                 title_of=titles.get) == ["three", "join"]


def test_a_clause_said_of_any_subject_does_not_put_an_entry_on_another_first():
    # 报名要交多少钱 is said of the 合作社 asked about: the contests' sign-up entry does not go first
    titles = {"coop": "“牦牛合作社”是什么？", "join": "比赛怎么报名？报名要交多少钱？"}
    texts = {"coop": "牦牛合作社 入社 分红", "join": "比赛怎么报名 报名要交多少钱 不收钱"}
    ranked = [Candidate("coop", 0.40, cover=0.5), Candidate("join", 0.36, cover=0.4)]
    assert order("牦牛合作社报名要交多少钱", ranked, ["coop", "join"], texts.get, LIST,
                 title_of=titles.get) == ["coop", "join"]
    # the ask's own characters are no thing asked for (多少钱: not 少钱, which another title holds)
    titles = {"fund": "甲区的“书记项目”是什么？", "aid": "乙县落实了多少帮扶项目、花了多少钱？"}
    texts = {"fund": "甲区 书记项目 每个村一个项目", "aid": "乙县 帮扶项目 花了多少钱 3000万元"}
    ranked = [Candidate("fund", 0.40, cover=0.5), Candidate("aid", 0.36, cover=0.4)]
    assert order("书记项目花了多少钱", ranked, ["fund", "aid"], texts.get, LIST,
                 title_of=titles.get) == ["fund", "aid"]


def test_the_entry_holding_more_of_the_subject_goes_first():
    titles = {"games": "甲县办了多少场比赛？多少人参加？", "talks": "甲县开展了多少场讨论宣讲？"}
    texts = {"games": "甲县办了多少场比赛 那边参加的人多不多 参赛群众5万人", "talks": "甲县宣讲 讨论宣讲 多少人参加 1450场"}
    ranked = [Candidate("games", 0.28, cover=0.45), Candidate("talks", 0.22, cover=0.34)]
    # 宣讲 foreign to the contests' entry (neither 宣 nor 讲), in the talks' own question
    assert order("那边宣讲会开了好多场 参加的有好多人", ranked, ["games", "talks"], texts.get, LIST,
                 title_of=titles.get) == ["talks", "games"]
    # nothing asked that the first lacks: its place kept
    assert order("那边比赛开了好多场 参加的有好多人", ranked, ["games", "talks"], texts.get, LIST,
                 title_of=titles.get) == ["games", "talks"]


def test_the_subject_the_first_lacks_wholly_puts_the_entry_naming_it_first():
    # the places set aside, all the question is about is 奶牛 合作社, which the first never says
    titles = {"herbs": "索县采了多少虫草？", "cows": "索县奶牛合作社是怎么分红的？"}
    texts = {"herbs": "索县 虫草 采挖 收入", "cows": "索县 奶牛合作社 分红 入股"}
    ranked = [Candidate("herbs", 0.30, cover=0.4), Candidate("cows", 0.28, cover=0.3)]
    assert order("索县奶牛合作社搞了几个", ranked, ["herbs", "cows"], texts.get, LIST,
                 title_of=titles.get) == ["cows", "herbs"]


def test_how_a_count_is_asked_is_no_word_the_home_entry_must_hold():
    # 一共 asks the count, not what of: the home county's entry, which never says 一共, answers for 索县's
    titles = {"there": "索县开展了多少场宣讲？", "home": "洛隆县开展了多少场宣讲？"}
    texts = {"there": "索县开展了多少场宣讲 一共开展宣讲1450场", "home": "洛隆县开展了多少场宣讲 政策宣讲100余场次"}
    assert home_instead("咱们县一共宣讲了多少场", "there", ["home"], texts.get, titles.get, home="洛隆县") == "home"


def test_a_word_of_like_sound_or_use_is_not_lacked():
    # 宣传 asked, the first saying 宣讲: the first shares 宣, and keeps its place -- though the other
    # holds all the first holds (干部, 老百姓, 活动) and 宣传 in its own question
    titles = {"talk": "活动是怎么向群众宣讲的？", "ads": "活动是怎么宣传的？"}
    texts = {"talk": "活动是怎么向群众宣讲的 干部到村里宣讲 老百姓 入户宣讲",
             "ads": "活动是怎么宣传的 线上线下宣传 横幅 干部 老百姓"}
    ranked = [Candidate("talk", 0.45, cover=0.7), Candidate("ads", 0.44, cover=0.6)]
    assert order("干部给老百姓宣传活动", ranked, ["talk", "ads"], texts.get, LIST,
                 title_of=titles.get) == ["talk", "ads"]
    # a word foreign to the first, neither character said (宣 nor 传: it tells of 比赛): the other first
    texts["talk"] = "活动是怎么比赛的 干部到村里比赛 老百姓 入户"
    titles["talk"] = "活动是怎么比赛的？"
    assert order("干部给老百姓宣传活动", ranked, ["talk", "ads"], texts.get, LIST,
                 title_of=titles.get) == ["ads", "talk"]


def test_set_phrases_asked_by_count_are_left_to_their_own_reading():
    titles = {"grid": "网格化管理是怎么调整的？", "system": "甲区的基层社会治理体系是什么样的？"}
    texts = {"grid": "网格 管理 横到边纵到底", "system": "社会治理体系 服务 网格 管理"}
    ranked = [Candidate("grid", 0.40, cover=0.5), Candidate("system", 0.39, cover=0.5)]
    assert order("网格服务管理体系要做到哪四句话", ranked, ["grid", "system"], texts.get, LIST,
                 title_of=titles.get) == ["grid", "system"]


# --------------------------------------------------------------------------- through the webhook

# (question, persona, fragments the reply -- or the reply to 「1」 -- must hold)
RIGHT_FIRST = [
    ("村干部上门给我们讲这个活动是咋讲的嘛", "voice", ["入户"]),
    ("县里在网上宣传这个活动发了些啥", "cadre", ["微洛隆"]),
    ("路边那些宣传活动的横幅有多少条", "voice", ["20余条"]),
    ("索县比赛参加的人有多少", "typing", ["5万"]),
    ("索县讨论宣讲 人次", "typing", ["70146"]),
    ("索县群众比赛办了好多场哦", "voice", ["6700"]),
    ("索县奋进队员宣讲了多少场", "cadre", ["1450"]),
    ("索县宣讲活动参与的群众有好多", "voice", ["70146"]),
    ("索县那边宣讲会搞了几场嘛", "voice", ["1450"]),
    ("索县那边宣讲会开了几场哦", "voice", ["1450"]),        # (the first, on 索县's contests, holds none of
    ("索县那边的宣讲会有好多场次", "voice", ["1450"]),       #  宣讲: the talks' entry goes first)    # the contests' entry answered it once: now offered second
    ("活动为谁而开展，官方的说法是啥", "cadre", ["各族群众"]),
    ("活动为谁而开展我记不太清了", "voice", ["各族群众"]),
    ("要明白的三个问题都是啥", "voice", ["为谁而开展", "由谁来参与"]),
    ("怎样参与活动，正式的回答是啥", "cadre", ["村级预赛"]),
    ("积分超市能换啥东西", "typing", ["生活用品"]),
    ("积分制怎么扣分的嘛", "voice", ["纠偏"]),
    ("红黑榜是干啥用的", "voice", ["红榜"]),
    ("这个活动县里是哪个领导牵头的嘛", "voice", ["县委书记"]),
    ("山南派了好多驻村干部", "voice", ["1677"]),
    ("山南驻村队建强组织落实的啥规定", "cadre", ["十条规定"]),
    ("比赛从村里比起一共几级", "voice", ["村级预赛", "市级决赛"]),
    ("一共多少个比赛项目", "typing", ["33"]),
    ("吾金罗布得奖以后享受了啥好处", "voice", ["虫草"]),
    ("桑珠孜区联村党委有几个", "cadre", ["5个"]),
    ("活动开始的时候县里开了什么会", "cadre", ["动员部署会"]),
    ("摸底找出来多少能人", "typing", ["2000余"]),
    ("选手培训请进来是咋回事", "voice", ["请进来"]),
    ("干部到户里宣讲了多少场", "voice", ["100余"]),
    ("马利镇那个足球赛叫啥", "voice", ["村超"]),
    ("比赛获奖有什么好处啊我们村的人都想知道", "voice", ["惠民政策"]),
]

# a genuinely two-way question: a list with both, not an answer of one
TWO_WAY = [
    ("积分 规矩", ["“文明积分超市”是什么？", "群众积分制管理是什么？"]),
]

# a detail the sources never give, or nothing of the campaign: no confident answer
HONEST = [
    "索县宣讲会上讲课的老师叫啥名字",
    "积分超市在哪个村开的",
    "驻村干部里女的有多少",
    "宣传横幅是哪家公司做的",
    "县里宣讲会下个月几号开",
    "拖拉机贷款怎么办理",
    "明天那曲下不下雪",
    "那曲的活动由谁来参与",
]

def _items(rows) -> list[blind.Item]:
    return [blind.Item(q=q, persona=p, scope="in", must=tuple((f,) for f in frags)) for q, p, frags in rows]


def test_the_wordings_are_our_own():
    spent = {blind.plain(i.q) for part in blind.TUNING_PARTS for i in blind.load_part(part)}
    from tests.test_near_probes import load
    spent |= {blind.plain(i.q) for i in load()}
    ours = [q for q, *_ in RIGHT_FIRST] + [q for q, _ in TWO_WAY] + HONEST
    assert not [q for q in ours if blind.plain(q) in spent]
    assert len(set(ours)) == len(ours) >= 35


async def test_the_right_entry_is_answered_or_offered_first(tmp_path: Path):
    outcomes = await blind.run_webhook(_items(RIGHT_FIRST), tmp_path, aes=False, label="order")
    wrong = [f"{o.item.q} -> {(o.picked or o.reply)[:60]!r}" for o in outcomes
             if not (o.correct or (o.kind == "suggestion" and o.first_correct))]
    assert wrong == []


async def test_a_two_way_question_keeps_its_list(tmp_path: Path):
    items = [blind.Item(q=q, persona="typing", scope="out", kind="off_topic") for q, _ in TWO_WAY]
    outcomes = await blind.run_webhook(items, tmp_path, aes=False, label="twoway")
    for o, (_, titles) in zip(outcomes, TWO_WAY):
        assert o.kind == "suggestion" and all(t in o.reply for t in titles), o.reply


async def test_a_detail_never_given_stays_honest(tmp_path: Path):
    items = [blind.Item(q=q, persona="cadre", scope="out", kind="near_miss") for q in HONEST]
    outcomes = await blind.run_webhook(items, tmp_path, aes=False, label="honest")
    assert [f"{o.item.q} -> {o.reply[:60]!r}" for o in outcomes if o.confident] == []
