"""Contest questions the t13 tuning part found unread or read as something else, written afresh:
moving a sign-up said with 换成/改到 and 别的, one character sent alone (马, 奶), the others with a cap
on places after one set aside, riding someone else's horse, the reading contest said as 读课文, a
winner pointed at (那个人) or asked after (有没有人…得奖), the contest's day asked after the deadline
is told, a class's own count said before its events are asked, and the sign-up form's 要选. Beside
each, wordings that must keep their old reading."""
from __future__ import annotations

from knowledge.contest import desk_for
from tests.blind import classify, honest
from tests.test_contest_asks import CAT, TODAY, body, replies

DESK = desk_for(CAT)


def detect(text: str):
    return DESK.detect(text)


def reply_to(text: str) -> str:
    return DESK.reply(detect(text), today=TODAY).text


# -- 1. moving a sign-up, the links to what it moves to read --------------------------------------------
MOVES = ("报上名以后想改成别的比赛咋整", "想换成别的项目咋办", "报了名还能改成其他比赛吗", "报名之后能换到别的项目不",
         "报上名了想改到其它比赛怎么弄", "我报完名又想换成另外的项目", "報名之後想改成別的比賽怎麼辦")


def test_a_move_to_another_event_said_with_its_links_is_a_switch():
    for text in MOVES:
        q = detect(text)
        assert q is not None and q.aspects == ("switch",), (text, q)
    assert "取消" in reply_to(MOVES[0]) and "重新报" in reply_to(MOVES[0])


def test_what_follows_a_sign_up_or_a_change_in_place_is_no_switch():
    for text in ("报名以后怎么办", "报完名以后干啥", "报名以后想换马怎么办"):
        q = detect(text)
        assert q is not None and q.aspects == ("after",), (text, q)
    q = detect("报了名想改成几号怎么办")
    assert q is None or "switch" not in q.aspects, q


# -- 2. one character sent alone -----------------------------------------------------------------------
CHARS = {"箭": {"archery"}, "画": {"thangka"}, "球": {"basketball", "football"}, "牛": {"milking", "yak_raising"},
         "歌": {"song"}, "箭？": {"archery"}}


def test_one_character_alone_names_the_events_holding_it():
    for text, codes in CHARS.items():
        q = detect(text)
        assert q is not None and set(q.events) == codes and q.bare, (text, q)


def test_a_character_of_grammar_place_people_or_the_contest_names_none():
    for text in ("的", "我", "乡", "县", "人", "赛", "比", "羊", "水", "钱"):
        q = detect(text)
        assert q is None or not q.events, (text, q)


async def test_a_character_alone_gets_its_events(tmp_path):
    got = await replies(tmp_path, ["箭", "牛", "画"])
    assert classify(got[0]) == "direct" and "射箭" in got[0], got[0]
    assert classify(got[1]) == "direct" and "挤奶" in got[1] and "牦牛养殖" in got[1], got[1]
    assert classify(got[2]) == "direct" and "唐卡" in got[2], got[2]


# -- 3. the others with a cap, one set aside -----------------------------------------------------------
CAPPED = [e for e in CAT.events if e.capacity]


def test_the_others_with_a_cap_beside_one_set_aside():
    for text, aside in (("除开赛马，还有哪几个项目限名额", "horse_racing"), ("除了赛马还有哪些有名额", "horse_racing"),
                        ("有名额限制的除了唐卡还有啥", "thangka"), ("限名额的除开厨艺还有哪几个", "cooking")):
        q = detect(text)
        assert q is not None and q.listing and "capacity" in q.aspects and q.excluded == (aside,), (text, q)
        b = reply_to(text)
        others = [e for e in CAPPED if e.code != aside]
        assert all(f"{e.name}{e.capacity}人" in b for e in others), b
        assert f"{CAT.event(aside).name}{CAT.event(aside).capacity}人" not in b, b


def test_the_cap_list_and_the_others_of_something_else_keep_their_reading():
    b = reply_to("哪些比赛有名额")
    assert all(f"{e.name}{e.capacity}人" in b for e in CAPPED) and "除了" not in b, b
    assert detect("除了种青稞还有什么产业") is None
    q = detect("团体赛除了拔河还有哪些")
    assert q is not None and q.listing and "team" in q.aspects, q


# -- 4. someone else's horse ---------------------------------------------------------------------------
OTHERS_HORSE = ("骑人家的马去比行不行", "借来的马能骑去比赛吗", "用邻居的马比赛可以吗", "牵朋友家的马去参赛行吗",
                "骑亲戚家的马参加赛马行不行", "骑借的马去比可以不")


def test_a_horse_not_ones_own_asks_what_the_race_takes():
    desc = CAT.event("horse_racing").description
    for text in OTHERS_HORSE:
        q = detect(text)
        assert q is not None and q.events == ("horse_racing",) and "what" in q.aspects, (text, q)
        assert desc in reply_to(text), text


def test_the_race_named_by_riding_keeps_its_reading():
    for text in ("骑马比赛几岁能报", "赛马要多大岁数才能报"):
        q = detect(text)
        assert q is not None and q.aspects == ("eligibility",), (text, q)
    q = detect("自家的马骑去比赛要交钱不")
    assert q is not None and q.aspects == ("cost",), q


# -- 5. the reading contest said as what is read -------------------------------------------------------
def test_reading_a_school_text_or_a_poem_names_the_reading_contest():
    for text in ("读课文那个比赛多大能参加", "用普通话念课文那个比赛几岁可以报嘛", "念课文的比赛几号截止",
                 "读诗的比赛几岁能报", "念诗那个比赛是哪一级"):
        q = detect(text)
        assert q is not None and q.events == ("reading",), (text, q)


async def test_reading_asked_in_voice_gets_its_age(tmp_path):
    got = await replies(tmp_path, ["v:普通话念课文那个比赛多大能报啊"])
    b = body(got[0])
    assert classify(got[0]) == "direct" and f"{CAT.event('reading').min_age}岁" in b, b


def test_reading_at_school_is_no_contest():
    for text in ("我娃读课文读不通顺", "孩子在学校读课文", "读诗"):
        q = detect(text)
        assert q is None or not q.events, (text, q)


# -- 6. a winner pointed at, or asked after ------------------------------------------------------------
def test_that_person_is_no_individual_event():
    for text in ("通用语言演讲拿第一那个人有啥好处", "缝纫得奖的那个人得了什么", "演讲第一那个人后来咋样了"):
        q = detect(text)
        assert q is None or "team" not in q.aspects, (text, q)
    for text in ("赛马是个人赛吗", "锅庄能一个人报吗", "射箭是个人的还是团体的"):
        q = detect(text)
        assert q is not None and "team" in q.aspects, (text, q)


def test_someone_having_won_asks_who_not_the_prize():
    for text in ("那曲有没有人靠缝纫拿奖过上好日子的", "有没有人靠演讲得奖", "缝纫比赛有人得奖吗", "谁赛马得奖了"):
        q = detect(text)
        assert q is not None and "winners" in q.aspects and "prizes" not in q.aspects, (text, q)
    for text in ("缝纫能得奖吗", "赛马得奖有什么", "射箭有奖品吗"):
        q = detect(text)
        assert q is not None and "prizes" in q.aspects, (text, q)


async def test_the_winners_asked_get_the_examples_told(tmp_path):
    got = await replies(tmp_path, ["通用语言演讲拿第一那个人有啥好处", "那曲有没有人靠缝纫得奖致富的"])
    assert classify(got[0]) == "direct" and "虫草" in got[0] and "采集费" in got[0], got[0]
    assert classify(got[1]) == "direct" and "索朗次仁" in got[1], got[1]


# -- 7. the deadline told, the contest's day asked -----------------------------------------------------
def test_a_deadline_told_then_a_day_asked_asks_the_contests_day():
    for text in ("赛马4月30日截止报名，那正式比是哪一天", "赛马截止4月30日，那比赛哪天", "篮球3月25号截止那啥时候开赛",
                 "唐卡报名截至4月15号，比赛什么时候举行"):
        q = detect(text)
        assert q is not None and q.aspects == ("when",), (text, q)
        b = reply_to(text)
        assert honest(b) or "还没公布" in b, b


def test_a_deadline_asked_or_checked_keeps_its_reading():
    for text in ("赛马是4月30号截止吗", "赛马截止到4月30号吗", "赛马几号截止", "篮球最晚几号报"):
        q = detect(text)
        assert q is not None and q.aspects == ("deadline",), (text, q)


# -- 8. a class's own count said -----------------------------------------------------------------------
def test_a_class_with_its_own_count_asked_by_name_is_listed():
    for text, code in (("文艺类4项分别是啥", "arts"), ("体育类6个项目是哪些", "sports"),
                       ("体育类六项分别是什么", "sports"), ("手工艺类6项都有哪些", "crafts")):
        q = detect(text)
        assert q is not None and q.category == code and q.listing, (text, q)
        b = reply_to(text)
        assert all(e.name in b for e in CAT.category(code).events), b


def test_a_class_alone_or_listed_keeps_its_reading():
    q = detect("农牧民技能类的比赛")
    assert q is not None and q.category == "skills" and q.bare, q
    q = detect("文艺类都有啥比赛")
    assert q is not None and q.category == "arts" and q.listing, q


# -- 9. 要选 on the sign-up form -----------------------------------------------------------------------
def test_whether_the_form_asks_one_to_choose_is_the_form():
    for text in ("报名时候得选乡镇不", "报名时要选村吗", "报名要选性别吗", "报名表上要不要选民族", "报名时得选项目吗"):
        q = detect(text)
        assert q is not None and q.aspects == ("howto",), (text, q)


def test_which_township_to_choose_keeps_its_reading():
    for text in ("报名的时候要选哪个乡镇", "报名要选哪些乡镇"):
        q = detect(text)
        assert q is not None and q.aspects == ("townships",), (text, q)


# -- 10. the class a word is of ------------------------------------------------------------------------
def test_the_class_whose_name_holds_the_word_is_listed():
    for text, code in (("和语言有关的是哪一类", "language"), ("七大类当中跟语言有关系的算哪一类", "language"),
                       ("和手工有关的是哪个类", "crafts"), ("跟技能有关的属于哪一类", "skills"),
                       ("和宣讲相关的是什么类", "theory")):
        q = detect(text)
        assert q is not None and q.category == code, (text, q)
        b = reply_to(text)
        c = CAT.category(code)
        assert c.name in b and f"{len(c.events)}项" in b, b


def test_a_word_of_no_class_or_an_event_keeps_its_reading():
    q = detect("和牦牛有关的是哪一类")
    assert q is None or not q.category, q
    q = detect("跟赛马有关的是哪一类")
    assert q is not None and q.events == ("horse_racing",), q


# -- 11. the townships counted tersely -----------------------------------------------------------------
def test_townships_counted_without_a_verb_are_the_townships():
    for text in ("乡镇几个", "乡镇多少个", "乡镇几个啊", "乡镇一共几个", "全县乡镇多少个", "乡镇总共有几个呀"):
        q = detect(text)
        assert q is not None and q.aspects == ("townships",), (text, q)
    assert f"{len(CAT.townships)}个乡镇" in reply_to("乡镇几个")


def test_a_count_of_something_in_the_townships_is_none_of_them():
    for text in ("乡镇几个村", "乡镇几个干部"):
        q = detect(text)
        assert q is None or "townships" not in q.aspects, (text, q)


# -- 12. the classes counted ---------------------------------------------------------------------------
def test_the_classes_counted_are_the_overview():
    for text in ("这次比赛分多少类", "比赛分几类", "比赛有几类", "比赛一共多少类", "比赛有几个大类", "比赛分几大类"):
        q = detect(text)
        assert q is not None and q.listing and not q.category, (text, q)
        assert f"{len(CAT.categories)}大类" in reply_to(text), text


def test_a_class_counted_by_its_events_or_another_thing_classed_keeps_its_reading():
    q = detect("体育类有几项")
    assert q is not None and q.category == "sports", q
    assert detect("政策分几类") is None
    q = detect("赛马属于哪一类")
    assert q is not None and q.events == ("horse_racing",) and q.aspects == ("which",), q


def test_the_wordings_are_our_own():
    import ast
    from pathlib import Path

    import yaml

    from tests import blind, test_near_probes as near_probes
    spent = {blind.plain(i.q) for part in blind.TUNING_PARTS for i in blind.load_part(part)}
    spent |= {blind.plain(i.q) for i in near_probes.load()}
    para = yaml.safe_load((Path(__file__).parent / "data" / "paraphrases.yaml").read_text(encoding="utf-8"))
    spent |= {blind.plain(str(v)) for v in _strings(para)}
    # (the strings of five characters or more: a fact asserted, 射箭 or 索朗次仁, is no wording)
    asked = [n.value.removeprefix("v:") for n in ast.walk(ast.parse(Path(__file__).read_text(encoding="utf-8")))
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) > 4]
    assert not [q for q in asked if blind.plain(q) in spent]


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node
