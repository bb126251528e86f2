"""The t11 contest desk's readings held to what they are sure of (review R4): a slip off an everyday
word of an event is one character off, tone and all (a whole word heard as another is that word);
whom a question speaks of is no unknown word, but a word beside it still is; an age is a number said
with 岁 or 了 or what is wanted after it, in digits or Chinese numerals, for one list of family words.
Wordings our own."""
from __future__ import annotations

from datetime import date

from knowledge.contest import desk_for
from tests.blind import honest
from tests.harness import BotHarness
from tests.test_contest_asks import CAT, NOW, body, replies

DESK = desk_for(CAT)


def codes(text: str) -> tuple[str, ...]:
    q = DESK.detect(text)
    return q.events if q is not None else ()


def test_a_slip_off_an_everyday_word_is_one_character_tone_and_all():
    dairy = next(e.code for e in CAT.events if "打酥油" in e.aliases or e.name == "乳制品加工")
    assert codes("苏油的比赛截止是几号") == (dairy,)              # 苏 for 酥: one character, same tone
    # two characters heard otherwise, tones the same (a party branch, no weaving) or not
    assert codes("村党支部比赛的奖品是啥") == ()
    assert codes("我大嫂想参加比赛要啥条件") == ()
    # one character off without its tone: another word (a home, an atom), no event
    assert codes("家居比赛在哪比") == () and codes("原子比赛什么时候开始") == ()


def test_an_everyday_word_alone_names_no_event_by_its_sound():
    assert DESK.named_event("酥油") is None and DESK.named_event("院子") is None
    assert DESK.named_event("塞马") is not None          # a name's own slip still names it


def test_an_age_is_a_number_said_as_one():
    q = DESK.detect("我家闺女5班的能报写字吗")
    assert q is not None and q.age is None                # a class, no age
    q = DESK.detect("我家孩子离县城40公里能报赛马吗")
    assert q is None or q.age is None                     # a distance, no age
    q = DESK.detect("我外甥十三了能参加射箭吗")
    assert q is not None and q.age == 13                  # Chinese numerals, a family word of the one list
    q = DESK.detect("隔壁大叔五十了还能报拔河不")
    assert q is not None and q.age == 50


async def test_a_word_beside_whom_it_asks_of_is_still_a_word_the_answer_lacks(tmp_path):
    got = await replies(tmp_path, ["我家姑娘骨折了能报赛马吗", "我家姑娘十五了能报赛马吗"])
    assert honest(body(got[0])) and "骨折" in body(got[0]), body(got[0])
    assert not honest(body(got[1])), body(got[1])


def test_a_ball_games_own_character_sets_it_apart_from_the_other_ball_game():
    for said in ("篮球赛呢", "足球赛啊"):
        q = DESK.detect(said)
        assert q is not None and len(q.events) == 1 and q.also is None, said
    q = DESK.detect("讲故事的比赛")                      # 讲 is in the other story contests' names too
    assert q is not None and q.also is not None and q.also[1] == "故事"


def test_a_place_asked_of_a_round_is_its_venue_and_no_class():
    q = DESK.detect("决赛是在县里的礼堂办吗")
    assert q is not None and q.aspects == ("venue",) and not q.category
    q = DESK.detect("半决赛是不是在县体育馆里比")
    assert q is not None and "venue" in q.aspects and not q.category
    # play at a place, no contest said: no venue asked
    q = DESK.detect("娃在球场上踢球扭了脚咋整")
    assert q is None or "venue" not in q.aspects


def test_where_one_sleeps_or_eats_is_no_leaving_school():
    for said in ("我家娃不在校吃午饭，能报哪些比赛", "我家孩子不在校住，能参加什么"):
        q = DESK.detect(said)
        assert q is None or not q.outside, said
    q = DESK.detect("我家娃不上学了能报哪些")
    assert q is not None and q.outside == ("students",)
    assert "您" not in DESK.reply(q, today=date(2026, 12, 6)).text.split("\n")[0]


def test_an_age_with_more_than_said_is_still_read():
    q = DESK.detect("我奶奶七十多岁了能报挤奶吗")
    assert q is not None and q.age == 70


def test_a_change_of_event_for_whom_one_signed_up_is_read():
    q = DESK.detect("我家儿子报完名了又想换个别的")
    assert q is not None and "switch" in q.aspects


async def one_user(tmp_path, texts: list[str]) -> list[str]:
    async with BotHarness.start(tmp_path, clock=lambda: NOW) as bot:
        return [await bot.text("signing", t) for t in texts]


async def test_inside_a_sign_up_changing_the_event_is_this_drafts(tmp_path):
    got = await one_user(tmp_path, ["报名 射箭", "1", "弄错了，想换一个比赛"])
    b = body(got[-1])
    assert "重新选择项目" in b and "取消报名 序号" not in b, b


async def test_inside_a_sign_up_cancelling_speaks_of_this_draft(tmp_path):
    got = await one_user(tmp_path, ["报名 射箭", "1", "取消报名"])
    b = body(got[-1])
    assert "「取消」" in b and "换项目" in b and "还没有可以取消的报名" not in b, b
