"""Asks found answered too surely or not at all: a figure asked naming no place, answered only with
another county's (it is told as that county's, after saying the home county's is not here); an
event the catalogue lacks asked whether it is a contest (its absence said, nearest events after);
the categories asked with 一共/总共 (listed by name, not only counted). Written afresh in the
personas' ways; each goes through the real webhook as a new user (tests/test_contest_asks.py)."""
from __future__ import annotations

from tests.test_contest_asks import CAT, body, replies

HOME_GAP = "洛隆县的这方面情况我这里没有资料。能告诉您的是："


async def test_a_figure_asked_of_no_place_and_known_only_of_another_county_says_so_first(tmp_path):
    got = await replies(tmp_path, ["讨论宣讲一共来了多少人", "群众比赛搞了多少场"])
    for reply in got:
        b = body(reply)
        assert b.startswith(HOME_GAP) and "索县" in b, b


async def test_a_named_persons_own_figure_is_no_other_countys_figure(tmp_path):
    b = body((await replies(tmp_path, ["索朗次仁那个裁缝铺一年能挣多少钱"]))[0])
    assert "17万" in b and not b.startswith(HOME_GAP), b


async def test_an_event_not_in_the_catalogue_asked_whether_it_is_one_says_it_is_not(tmp_path):
    got = await replies(tmp_path, ["踢毽子有比赛吗", "打台球算不算比赛项目", "赛牦牛有没有这个比赛项目", "掰手腕算不算比塞啊"])
    for reply, thing in zip(got, ["踢毽子", "打台球", "赛牦牛", "掰手腕"]):
        b = body(reply)
        assert f"「{thing}」" in b and "没有" in b and "抱歉" not in b, b


async def test_the_categories_asked_in_all_are_named(tmp_path):
    got = await replies(tmp_path, ["比赛总共分成哪几大类", "一共有几大类比赛嘛"])
    for reply in got:
        b = body(reply)
        assert all(c.name in b for c in CAT.categories), b
