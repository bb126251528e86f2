"""Regressions of the t13c contest rules, each class narrowed: a character sent alone names events only
when it is a thing of theirs (马, 箭), not any character of a name (恩, 卡); someone who won asked only by
谁/有人 beside the winning word (有人知道…得奖发啥 asks the prize); 别的/其他 after a change cue is
another event only when no other noun follows it or a detail was changed (名字报错了能改成其他的吗); the
others with a cap or of the team events set one aside by the rule's own word (限人数; 赛马的名额 is
赛马's); 要选 on the form only for a field (选好几个 is the limit); the class a word is of asked at the
question's end; a deadline told then sign-up's opening asked; 念诗 needs a contest word; 乡镇几个 ends
the question; someone else's horse taken is no unknown word."""
from __future__ import annotations

from knowledge.contest import desk_for
from tests.blind import classify
from tests.test_contest_asks import CAT, TODAY, named, replies

DESK = desk_for(CAT)
HORSE_DESC = CAT.event("horse_racing").description


def detect(text: str):
    return DESK.detect(text)


def reply_to(text: str) -> str:
    return DESK.reply(detect(text), today=TODAY).text


# -- 1. a character alone: only a thing of the events ---------------------------------------------------
def test_a_character_of_a_name_that_is_no_thing_names_no_event():
    for text in ("恩", "卡", "加", "答", "大", "打", "生", "用", "明", "晚", "里", "长", "头", "学", "话", "事",
                 "美", "通", "机", "照", "感", "念", "朗", "编", "唱", "河", "象", "锅"):
        q = detect(text)
        assert q is None or not q.events, (text, q)


def test_a_thing_alone_still_names_its_events():
    for text, codes in (("马", {"horse_racing"}), ("奶", {"dairy", "milking"}), ("舞", {"song", "guozhuang"}),
                        ("琴", {"folk_music"}), ("箭", {"archery"}), ("球", {"basketball", "football"})):
        q = detect(text)
        assert q is not None and set(q.events) == codes and q.bare, (text, q)


async def test_en_typed_for_ok_is_no_event_card(tmp_path):
    got = await replies(tmp_path, ["恩", "卡", "生"])
    for g in got:
        assert not named(g), g


# -- 2. someone who won: 谁/有人 by the winning word ------------------------------------------------------
def test_who_knows_the_prize_asks_the_prize():
    for text in ("有人知道赛马得奖发啥吗", "谁知道射箭得奖有啥", "有人晓得缝纫得奖给啥不", "谁能告诉我唐卡得奖发什么"):
        q = detect(text)
        assert q is not None and "prizes" in q.aspects and "winners" not in q.aspects, (text, q)
    assert "奖品县里还没公布" in reply_to("有人知道赛马得奖发啥吗")


def test_someone_by_the_winning_word_still_asks_who_won():
    for text in ("射箭有人得奖了吗", "谁得了赛马的奖", "赛马谁拿了奖"):
        q = detect(text)
        assert q is not None and "winners" in q.aspects, (text, q)


# -- 3. 别的/其他 after a change cue: another event only --------------------------------------------------
def test_another_detail_or_time_is_no_switch():
    for text in ("名字报错了能改成其他的吗", "报了名想改成其他时间比", "电话填错了能换成别的吗", "报名以后想换到别的日子比",
                 "身份证号报错了能改成别的不"):
        q = detect(text)
        assert q is None or "switch" not in q.aspects, (text, q)


def test_another_event_is_still_a_switch():
    for text in ("我报了射箭，现在想换成别的行不行", "報了名想換到其他比賽可以嗎", "报了名还能改成其他的吗", "报完名想换成别的项目"):
        q = detect(text)
        assert q is not None and q.aspects == ("switch",), (text, q)


# -- 4. 除了X beside a rule of events -------------------------------------------------------------------
def test_places_capped_said_as_a_limit_on_people():
    for text in ("除了赛马，还有哪些要限人数的", "除开唐卡还有哪个限人数"):
        q = detect(text)
        assert q is not None and "capacity" in q.aspects and "team" not in q.aspects, (text, q)
    b = reply_to("除了赛马，还有哪些要限人数的")
    assert "唐卡绘画30人" in b and "赛马40人" not in b, b
    q = detect("哪些比赛限人数")
    assert q is not None and q.listing and q.aspects == ("capacity",), q
    b = reply_to("拔河限不限人数")            # of a team event: its team's size still told
    assert "每队10–15人" in b, b


def test_another_event_or_village_moved_to_is_still_a_switch():
    for text in ("报名以后能改成别的村吗", "报了射箭想改成其他的"):
        q = detect(text)
        assert q is not None and "switch" in q.aspects, (text, q)


def test_a_cap_of_the_event_set_aside_is_no_list_of_capped():
    for text in ("除了赛马的名额，还有别的要求吗", "除了唐卡名额以外还有啥规定"):
        q = detect(text)
        assert q is None or not (q.listing and "capacity" in q.aspects), (text, q)


def test_the_team_events_leave_out_the_one_set_aside():
    for text, aside in (("团体的除了拔河还有啥", "拔河比赛"), ("团体赛除了篮球还有哪些", "村BA篮球赛")):
        listed = reply_to(text).splitlines()[0].split("：", 1)[-1]
        assert "锅庄舞比赛" in listed and aside not in listed, listed


# -- 5. 要选 on the form: a field, not how many ----------------------------------------------------------
def test_choosing_how_many_is_the_limit():
    for text in ("报名表要选好几个项目吗", "报名时要选好几个吗", "报名时得选多个项目吗"):
        q = detect(text)
        assert q is not None and "limit" in q.aspects and "howto" not in q.aspects, (text, q)
    assert "3" in reply_to("报名表要选好几个项目吗")


def test_choosing_a_division_is_no_form_field():
    q = detect("报名要选组别吗")
    assert q is None or q.aspects != ("howto",), q
    for text in ("报名时要选村吗", "报名表上要不要选民族"):
        q = detect(text)
        assert q is not None and q.aspects == ("howto",), (text, q)


# -- 6. the class a word is of: asked at the end ---------------------------------------------------------
def test_a_class_of_something_else_is_no_class_of_events():
    for text in ("跟技能有关的是哪类培训", "和手工有关的是哪类补贴", "和体育有关的是哪类政策"):
        q = detect(text)
        assert q is None or not q.category, (text, q)
    for text in ("跟体育有关的是哪一类", "和手工有关的是哪类呀", "跟语言有关的属于哪一类比赛"):
        q = detect(text)
        assert q is not None and q.category, (text, q)


# -- 7. a deadline told, then sign-up's opening ----------------------------------------------------------
def test_sign_up_opening_after_a_deadline_told_is_no_contest_day():
    for text in ("篮球3月25号截止，哪天开始报名", "赛马截止4月30号，那几号开始报的", "唐卡4月20号截止，几号开始报名的",
                 "射箭截止4月15日，哪一天开始报"):
        q = detect(text)
        assert q is None or "when" not in q.aspects, (text, q)
    q = detect("篮球3月25号截止那啥时候开始比")
    assert q is not None and q.aspects == ("when",), q


# -- 8. 念诗/读诗 need a contest word --------------------------------------------------------------------
def test_reading_poems_with_no_contest_word_is_no_event():
    for text in ("老师让娃娃背诗念诗，有什么好处", "孩子读诗几岁开始好", "念课文要注意什么"):
        q = detect(text)
        assert q is None or not q.events, (text, q)
    for text in ("念诗比赛几岁能报", "读课文那个赛在哪比"):
        q = detect(text)
        assert q is not None and q.events == ("reading",), (text, q)


# -- 9. 乡镇几个 ends the question -------------------------------------------------------------------------
def test_a_count_of_people_of_the_townships_is_no_overview():
    for text in ("乡镇几个人能进县里决赛", "乡镇几个人能去市里比"):
        q = detect(text)
        assert q is None or "townships" not in q.aspects, (text, q)
        assert q is None or not (q.aspects == ("levels",) and "乡镇几个" in q.cues), (text, q)
    for text in ("乡镇几个", "乡镇几个呀", "乡镇几个是哪些"):
        q = detect(text)
        assert q is not None and q.aspects == ("townships",), (text, q)


# -- 10. someone else's horse taken ----------------------------------------------------------------------
async def test_someone_elses_horse_taken_gets_the_description_and_no_unknown_word(tmp_path):
    got = await replies(tmp_path, ["拿人家的马参加比赛要给钱吗", "借别人的马去比赛要交钱不", "用人家的马比赛要啥手续"])
    for g in got:
        assert "拿人" not in g and "借别" not in g and "用人" not in g, g
        assert HORSE_DESC in g and classify(g) == "direct", g
