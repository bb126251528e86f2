"""Asks found answered too surely: who takes part asked of no place (the home county's entry, not
another county's figures); an amount the sources never give (said missing, not an unrelated entry
told in its place); a level above the county named (昌都市, 西藏/自治区: said missing, then the
county's own as the county's); a government service sharing a word with the campaign (招聘 is no
word of ours). Written afresh in the personas' ways; each goes through the real webhook as a new
user (tests/test_contest_asks.py)."""
from __future__ import annotations

from tests.blind import classify
from tests.test_contest_asks import body, replies

JOIN = "农牧民群众"            # the home county's entry on who takes part
ELSEWHERE = ("索县", "那曲")


async def test_who_takes_part_asked_of_no_place_is_the_home_countys_entry_not_another_countys(tmp_path):
    got = await replies(tmp_path, ["活动到底都有哪些人参加啊", "v:这个活动一般都是些哪些人参加嘛",
                                   "活动一般都有哪些人参加呢"])
    for reply in got:
        b = body(reply)
        if classify(reply) == "suggestion":      # the matcher unsure: a home entry offered first
            assert not any(p in b.split("\n")[1] for p in ELSEWHERE), b
        else:
            answer = b.split("相关问题")[0]
            # the groups told as they are: no 具体名字 / place said missing before them
            assert JOIN in answer and not any(p in answer for p in ELSEWHERE) and "没有资料" not in answer, b


async def test_an_amount_the_sources_never_give_is_said_missing_not_answered_with_another_entry(tmp_path):
    got = await replies(tmp_path, ["活动资金预算到底安排了好多万", "县里这次活动的经费一共拨了多少",
                                   "v:搞这个活动的资金总共投了多少钱嘛", "奋进活动的预算开支大概是几十万"])
    for reply in got:
        b = body(reply)
        # honest: the fallback, or 没有资料 said before whatever is told -- and no other place's funds
        # (山南's 22.7亿) told behind the notice as if they were an answer
        assert classify(reply) == "fallback" or b.startswith("具体金额"), b
        if classify(reply) == "direct":
            assert "没有资料" in b.split("\n")[0] and not any(p in b for p in (*ELSEWHERE, "山南")), b


async def test_a_level_above_the_county_is_said_missing_and_the_countys_own_told_as_the_countys(tmp_path):
    got = await replies(tmp_path, ["昌都市的活动领导小组组长是哪个", "西藏自治区对这个活动下发了哪些文件",
                                   "v:昌都市那边活动的工作制度是啥样的嘛", "自治区领导小组都有哪些成员"])
    for reply, level in zip(got, ["昌都市", "西藏自治区", "昌都市", "自治区"]):
        b = body(reply)
        assert b.startswith(f"{level}的情况我这里没有资料。洛隆县的是："), b


async def test_the_citys_own_round_is_no_other_place(tmp_path):
    # 昌都市级 / 昌都市里 is the contest's city round: asked of an event, no place is missing
    got = await replies(tmp_path, ["赛马能比到昌都市级决赛吗", "押加能一直比到昌都市里去不"])
    for reply in got:
        assert "昌都市的情况" not in body(reply), reply


async def test_a_government_service_sharing_a_word_with_the_campaign_is_not_answered_as_the_campaigns(tmp_path):
    got = await replies(tmp_path, ["县里的招聘公告在微洛隆上能看到不", "縣裡的招聘公告去哪看",
                                   "v:县上招聘的公告一般在哪里发嘛", "招聘公告能在公众号上看吗"])
    for reply in got:
        b = body(reply)
        assert classify(reply) != "direct" or b.startswith("“招聘”的情况我这里没有资料"), b


async def test_a_home_entry_is_one_whose_answer_names_no_other_place(tmp_path):
    # an entry about 积分制 or 联村党委 whose answer counts 桑珠孜区's: its figure is told as that
    # place's, after the home-county notice, never as if it were the home county's
    got = await replies(tmp_path, ["这个活动参与的群众有好多人嘛", "联村党委一共成立了几个呀"])
    for reply in got:
        b = body(reply)
        if classify(reply) == "direct" and any(p in b.split("相关问题")[0] for p in (*ELSEWHERE, "桑珠孜")):
            assert b.startswith("洛隆县的这方面情况我这里没有资料"), b


async def test_a_count_of_people_or_teams_sent_is_no_amount_of_money(tmp_path):
    got = await replies(tmp_path, ["山南那边投入了多少驻村工作队嘛", "桑珠孜投入了几支工作队"])
    for reply in got:
        assert "具体金额" not in body(reply), reply


async def test_prize_money_asked_gets_the_catalogues_word_not_another_places_funds(tmp_path):
    got = await replies(tmp_path, ["得奖的奖金有多少钱", "v:比赛奖金多少钱嘛"])
    for reply in got:
        b = body(reply)
        assert "县里还没公布" in b and "山南" not in b, b


async def test_where_the_person_lives_or_comes_from_is_no_place_asked_of(tmp_path):
    # who may enter is asked (the home county's entry on it, as for 外地人), not that place's matter
    got = await replies(tmp_path, ["西藏户口的人能报名参赛吗", "户口在西藏能不能报名", "昌都市来的亲戚也可以参加吗"])
    for reply in got:
        b = body(reply)
        assert "西藏的情况" not in b and "昌都市的情况" not in b, b


async def test_the_contests_city_final_and_its_top_level_are_no_other_place(tmp_path):
    got = await replies(tmp_path, ["昌都市的决赛在哪天比", "决赛是在昌都市什么地方比", "最高能比到西藏自治区级吗"])
    for reply in got:
        b = body(reply)
        assert "的情况我这里没有资料" not in b, b
        assert classify(reply) != "direct" or "市级决赛" in b, b


async def test_the_home_county_said_as_ours_favours_the_home_entry_like_its_name(tmp_path):
    got = await replies(tmp_path, ["我们县这个活动都有哪些人参加", "本县活动主要是哪些人参加"])
    for reply in got:
        b = body(reply)
        first = b.split("\n")[1] if classify(reply) == "suggestion" else b.split("相关问题")[0]
        assert not any(p in first for p in ELSEWHERE), b


async def test_a_level_above_the_county_in_cadre_words_is_said_missing(tmp_path):
    # 区里 / 全市 in cadre speech: the region's and the city's, which no entry tells
    got = await replies(tmp_path, ["区里一共搞了多少场比赛", "全市参加的人有多少"])
    for reply, said in zip(got, ["区里", "全市"]):
        b = body(reply)
        assert classify(reply) == "fallback" or b.startswith(f"{said}的情况我这里没有资料"), b
