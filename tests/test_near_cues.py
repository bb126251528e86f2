"""Near misses honest, and only near misses (review R2 of issue 11), in our own wordings.

* a cue of a detail the catalogue lacks counts as a whole word only: inside other talk (谁出题, 自己出钱,
  要牵头, 拿前三名, 从村里赶过去, 我住哪个村, a coach counted in a team, a parent coaching, being taught
  to sign up, the sign-up's rules, 参赛程序, telling them one quits) it asks no detail
  (knowledge.contest: CUE_SWALLOWED, WRITTEN_CUES; knowledge.scope: SCHEDULE);
* what the description does say is said (骑自家的马), the county's published rules answer only the
  details they speak of, an animal asked whether it may be used is a detail too;
* a term is quoted only as the question writes it (no kind word after it, no respelled stretch).
"""
from __future__ import annotations

import pytest

from knowledge import scope
from knowledge.catalogue import load_catalogue
from knowledge.contest import NOT_PUBLISHED, ContestDesk
from tests.test_contest import TODAY, ask, published_catalogue

pytest_plugins = ["tests.test_contest"]


# ---- a cue inside other talk asks no detail
@pytest.mark.parametrize("q", ["知识竞赛那些题是谁出题呀", "锅庄舞要自己出钱不", "村超报名要牵头人签字吗",
                               "射箭要拿前三名才能去县里吗", "我从村里赶过去参加射箭来得及吗"])
def test_a_bring_cue_inside_other_talk_asks_nothing_fetched(desk, q):
    assert f"要带什么{NOT_PUBLISHED}" not in ask(desk, q)


def test_who_pays_is_the_cost_not_what_is_fetched(desk):
    reply = ask(desk, "锅庄舞的报名费谁出")
    assert f"参赛费用{NOT_PUBLISHED}" in reply and "要带什么" not in reply


def test_what_the_description_says_is_brought_is_said_first(desk):
    reply = ask(desk, "赛马用的马由谁提供啊")
    assert "自家的马" in reply and reply.index("自家的马") < reply.index(NOT_PUBLISHED)
    # ... an event whose description says nothing of it: not published
    assert f"要带什么{NOT_PUBLISHED}" in ask(desk, "编织比赛的毛线谁提供啊")


@pytest.mark.parametrize("q, other", [("我家住哪个村都能报赛马吧", "交通和食宿"),
                                      ("篮球队的教练算不算在人数里", "培训"),
                                      ("讲故事比赛当家长的能帮孩子辅导吗", "培训"),
                                      ("村演节目要排练多少人", "培训")])
def test_travel_and_coaching_cues_in_other_talk_ask_neither(desk, q, other):
    assert other not in ask(desk, q)


@pytest.mark.parametrize("q", ["教教我报名射箭", "锅庄报名要拿什么证件去"])
def test_being_taught_to_sign_up_or_its_papers_keep_the_howto(desk, q):
    reply = ask(desk, q)
    assert "报名" in reply and "公众号" in reply and "培训" not in reply and f"要带什么{NOT_PUBLISHED}" not in reply


@pytest.mark.parametrize("q", ["射箭 报名的规则", "报名有啥规则吗", "射箭比赛规定几岁能参加", "比赛有什么规矩呀"])
def test_the_rules_of_signing_up_are_the_catalogues(desk, q):
    asked = desk.detect(q)        # of no event: the knowledge base may take it
    assert asked is None or "具体比赛规则" not in desk.reply(asked, today=TODAY).text


def test_a_rule_of_play_asked_of_an_event_is_still_not_published(desk):
    assert f"具体比赛规则{NOT_PUBLISHED}" in ask(desk, "押加输赢有啥规矩")


@pytest.mark.parametrize("q", ["报名以后的参赛程序", "退出比赛怎么通知县里"])
def test_a_schedule_cue_inside_other_words_asks_no_day(desk, q):
    assert "具体时间" not in ask(desk, q)


def test_schedule_is_one_pattern_and_asks_a_day():
    assert scope.SCHEDULE.search("射箭赛程") and not scope.SCHEDULE.search("参赛程序")
    assert scope._ASKS_DAY.search("射箭赛程") and not scope._ASKS_DAY.search("参赛程序")


def test_an_animal_asked_whether_it_may_be_used_is_not_answered_with_confidence(desk):
    q = desk.detect("挤奶比赛山羊也行吗")
    r = desk.reply(q, today=TODAY)
    assert r.partial and "牦牛或奶牛" in r.text


def test_published_campaign_rules_answer_only_what_they_speak_of(tmp_path):
    path = published_catalogue(tmp_path, campaign="  rules: 各项比赛由评委现场打分\n")
    d = ContestDesk(load_catalogue(path))
    scored = ask(d, "比赛怎么打分")
    assert "比赛规则：各项比赛由评委现场打分" in scored
    fed = ask(d, "比赛那天管饭吗")
    assert "现场打分" not in fed and f"交通和食宿安排{NOT_PUBLISHED}" in fed


# ---- a term's quote
def test_a_term_is_quoted_as_asked():
    found = scope.gaps("夜访农家活动是啥意思", "全县开展“夜访农家”活动300多场。")
    assert [g.missing for g in found] == ["“夜访农家”的具体内容"]
    found = scope.gaps("百名党员下乡 意思", "“百名党员下乡”共组织30次。")
    assert [g.missing for g in found] == ["“百名党员下乡”的具体内容"]


def test_the_wordings_are_our_own():
    from tests import blind, test_near_probes as near_probes
    spent = {blind.plain(i.q) for part in blind.TUNING_PARTS for i in blind.load_part(part)}
    spent |= {blind.plain(i.q) for i in near_probes.load()}
    ours = ["知识竞赛那些题是谁出题呀", "锅庄舞要自己出钱不", "村超报名要牵头人签字吗", "射箭要拿前三名才能去县里吗",
            "我从村里赶过去参加射箭来得及吗", "锅庄舞的报名费谁出", "赛马用的马由谁提供啊", "编织比赛的毛线谁提供啊",
            "我家住哪个村都能报赛马吧", "篮球队的教练算不算在人数里", "讲故事比赛当家长的能帮孩子辅导吗", "村演节目要排练多少人",
            "教教我报名射箭", "锅庄报名要拿什么证件去", "射箭 报名的规则", "报名有啥规则吗", "射箭比赛规定几岁能参加",
            "比赛有什么规矩呀", "押加输赢有啥规矩", "报名以后的参赛程序", "退出比赛怎么通知县里", "挤奶比赛山羊也行吗",
            "比赛怎么打分", "比赛那天管饭吗", "百村示范 意思", "什么叫两个带头", "亮牌上岗 具体内容", "夜访农家是啥意思"]
    assert not [q for q in ours if blind.plain(q) in spent]
