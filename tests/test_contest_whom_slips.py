"""The t11 contest desk's readings held to what they are sure of (review R4): a slip off an everyday
word of an event is one character off, tone and all (a whole word heard as another is that word);
whom a question speaks of is no unknown word, but a word beside it still is; an age is a number said
with 岁 or 了 or what is wanted after it, in digits or Chinese numerals, for one list of family words.
Wordings our own."""
from __future__ import annotations

from knowledge.contest import desk_for
from tests.blind import honest
from tests.test_contest_asks import CAT, body, replies

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
