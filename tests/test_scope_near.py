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
from knowledge.scope import Lexicon, gaps, honest, only_place
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


VISIT = "3月里，县里派了6名干部到那曲市嘉黎县考察学习了2天，学习嘉黎县办活动的好做法。"
CONTEST = "「射箭比赛」\n比赛分4级：村级预赛→乡(镇)级初赛→县级比赛→市级决赛。"


@pytest.mark.parametrize("question, answer, kind", [
    # a place's own figure, the answer telling only a visit to it
    ("嘉黎县自己办活动有多少人参加", VISIT, "place"),
    ("嘉黎县 参赛人数", VISIT, "place"),
    # practices the answer only names
    ("去嘉黎县学到的办法有哪些", VISIT, "items"),
    # which N, said with 几; the wording to write or say
    ("射箭比赛有哪几个组别", "射箭比赛是个人赛，不分组，年满16岁可以报名。", "items"),
    ("朗诵比赛要念哪几句", CONTEST, "items"),
    # who won, said without the prize; a part of a group counted
    ("那场射箭比赛最后哪个村赢了", "孜托镇办了射箭比赛，来了12个村的队伍。", "winner"),
    ("找出来的能人当中妇女有多少", "各村摸底，找出有手艺的能人1500余人。", "count"),
    # an ask word written with other characters of its sounds (日其 for 日期, 店话 for 电话)
    ("射箭决赛 日其", CONTEST, "day"),
    ("报名店话是多少", "在公众号里发「报名」就能报。", "phone"),
    # whether something is handed out; a count by a measure word of a game (节)
    ("射箭比赛弓箭县里发吗", "射箭比赛是个人赛，年满16岁可以报名。", "provide"),
    ("篮球比赛一场打几节", "篮球比赛以村为单位组队，每队5到12人。", "count"),
])
def test_more_details_an_answer_visibly_lacks(question, answer, kind):
    assert kind in kinds(question, answer)


@pytest.mark.parametrize("question, answer", [
    ("嘉黎县考察去了几个人", VISIT),                  # the visit itself asked: its figure answers
    ("去嘉黎县学到的办法有哪些", "在嘉黎县学到的办法主要有：一是干部包户，二是积分奖励。"),
    ("射箭比赛分哪几级", CONTEST),                     # an arrow list is a list
    ("朗诵比赛要念哪几句", "朗诵“我爱我的家乡”和“扎西德勒”两句。"),
    ("那场射箭比赛最后哪个村赢了", "射箭比赛孜托村拿了第一名。"),
    ("找出来的能人当中妇女有多少", "找出能人1500余人，其中妇女600余人。"),
    ("射箭决赛 日期", "射箭决赛在5月20日。"),
    ("射箭比赛弓箭县里发吗", "弓箭由县里统一提供。"),
    ("篮球比赛一场打几节", "每场比赛打4节。"),
    ("3月1日起报名吗", "报名从3月1日开始。"),      # 日起 after a date is no 日期
])
def test_the_same_details_are_not_gaps_when_the_answer_gives_them(question, answer):
    assert kinds(question, answer) == []


def test_how_to_do_a_thing_the_sources_never_speak_of_is_a_gap():
    lex = Lexicon(["合作社带动群众增收，村集体经济收入5万元。", "怎么参加活动：到本村报名。"])
    about = "村集体经济收入5万元以上的村有89个。"
    assert "how" in [g.kind for g in gaps("合作社怎么注册", about, home="洛隆县", lexicon=lex)]
    # a way the sources do speak of (参加), told in other words (报名): no gap
    assert "how" not in [g.kind for g in gaps("咋个参加活动", "到本村报名就行。", home="洛隆县", lexicon=lex)]
    # a coverb brings in the person first (怎么帮阿爸报): the way asked is the verb after it
    assert "how" not in [g.kind for g in gaps("怎么帮阿爸报名", "到本村报名就行。", home="洛隆县", lexicon=lex)]


LEVELS = "比赛分4级：村级预赛→乡(镇)级初赛→县级比赛→市级决赛，成绩好的一级一级往上比。"
PERSON = "次旦是那曲的牧民，去年在演讲比赛里拿了第二名。"
PARTY = "康沙镇办了“扎西家的新年”主题晚会，热热闹闹过了个年。"


@pytest.mark.parametrize("question, answer, kind", [
    # a day asked as whether it is fixed yet, or as a keyword search
    ("县级比赛的时间定下来没有", LEVELS, "day"),
    ("复赛时间公布了吗", LEVELS, "day"),
    ("初赛 时间", LEVELS, "day"),
    # someone's number asked as whether one has it
    ("次旦的电话有没有", PERSON, "phone"),
    ("有没有次旦的手机号", PERSON, "phone"),
    # a price typed by its sound
    ("牦牛肉 价各", "合作社带动群众卖牦牛肉，增收致富。", "money"),
    # who a person is, the answer carrying the name only inside a party's
    ("晚会上那个扎西是哪个", PARTY, "name"),
    ("扎西 是谁", PARTY, "name"),
    # how many have signed up so far: no source tells the live count
    ("全县目前一共报名了多少人", LEVELS, "status"),
    # a day said as 日子; where someone lives
    ("县级比赛的日子定了没有", LEVELS, "day"),
    ("决赛 日子", LEVELS, "day"),
    ("次旦家住在哪", PERSON, "address"),
    # who took part, the answer naming a person only inside a party's name
    ("那个晚会上表演的都有谁", PARTY, "name"),    # the hour an office or a shop opens
    ("县里的活动办几点钟上班", "县活动办负责全县活动的组织和指导。", "clock"),
    ("积分超市的开门时间", "群众拿积分到超市兑换生活用品。", "clock"),
    # a keyword search for a number, spaced; the live count asked with 现在 … 已经
    ("活动办 电话 多少", "报名时要填姓名和电话。", "phone"),
    ("现在报射箭的已经有几个人了", "射箭比赛名额不限。", "status"),
    # the other counties' figure, a web address, a ticket
    ("别的县找出了多少能人", "各乡镇摸底，找出能人1500余人。", "place"),
    ("报名的网站是哪个", "在公众号里发「报名」就能报。", "url"),
    ("文博会的门票在哪买", "手工艺品在2023年深圳的文博会上展出。", "ticket"),
    ("澳门赛马会怎么下注", "骑自家的马比速度和骑术。", "place"),
])
def test_asks_said_the_way_people_type_or_speak_them(question, answer, kind):
    assert kind in kinds(question, answer)


@pytest.mark.parametrize("question, answer", [
    ("县级比赛的时间定下来没有", "县级比赛定在5月10日。"),
    ("初赛 时间", "乡(镇)级初赛在4月中旬。"),
    ("比赛时间多长", "每场比赛30分钟。"),                         # a length of time, not a day
    ("次旦的电话有没有", "次旦的电话是0895-1234567。"),
    ("报名要留电话吗", "报名要填姓名和电话。"),                   # whether a form wants one: not asked for it
    ("次旦是谁", PERSON),                                          # the answer tells who
    ("牦牛肉价格多少", "牦牛肉每斤60元。"),
    ("县级比赛的日子定了没有", "县级比赛定在5月10日。"),
    ("次旦住在哪里", "次旦家住聂荣县色庆乡12号。"),
    ("那个晚会上表演的都有谁", "晚会上次旦和格桑唱了歌。"),
    ("日子越过越好了吧", PERSON),                                 # a way of living, no day    ("积分超市几点开门", "积分超市每天上午10点开门。"),
    ("讲话提了几点要求", "讲话提了三点要求：一是学，二是比，三是干。"),   # points of a list, no hour
    ("别的县找出了多少能人", "索县找出能人800余人，比如县找出600余人。"),
    ("报名的网站是哪个", "报名网站是 www.example.gov.cn。"),
    ("文博会的门票在哪买", "文博会门票在官方售票处买。"),
])
def test_the_same_asks_are_no_gap_when_the_answer_holds_them(question, answer):
    assert kinds(question, answer) == []


@pytest.mark.parametrize("question", [
    "别的县找出来多少能人",
    "其它县城电子屏播了几条标语",
    "外地宣讲搞了多少场",
])
def test_another_county_asked_without_its_name_is_not_answered_with_the_home_figure(question):
    answer = SIGNS if "标语" in question else TALKS
    found = gaps(question, answer, home="洛隆县")
    assert [g.kind for g in found][:1] == ["place"] and "的情况" in found[0].missing


def test_another_county_asked_is_no_gap_when_the_answer_is_about_one():
    assert "place" not in kinds("别的县也去考察学习过吗", VISIT)


@pytest.mark.parametrize("question", ["赛马场的门票多少钱", "演出票怎么买嘛", "看比赛要不要买票", "入场券在哪领"])
def test_tickets_are_a_detail_no_answer_gives(question):
    assert "ticket" in kinds(question, CONTEST)


def test_an_answer_about_tickets_is_no_ticket_gap():
    assert "ticket" not in kinds("门票多少钱", "看比赛不要门票，免费入场。")


async def test_the_handler_names_the_missing_tickets_before_what_it_has():
    kb = KnowledgeBase([entry("fair", "手工艺品去哪里展出过？", ["手工艺品展览", "博览会展出"],
                              "10余件手工艺品在博览会上展出过。")])
    reply = await QAHandler().handle(make_ctx(kb, user="u1"), Message(user="u1", kind="text", text="手工艺品展览的门票怎么买"))
    assert reply.text.startswith("门票的情况我这里没有资料") and "博览会上展出过" in reply.text


@pytest.mark.parametrize("question, kind", [
    ("宣讲 联系电话 多少", "phone"),         # keywords typed apart: the ask read across the spaces
    ("射箭 决赛 时间", "day"),                # 时间 at the end: the day asked
    ("射箭决赛时间", "day"),
    ("报名的网址发一下", "url"),
    ("有没有报名链接", "url"),
])
def test_asks_typed_as_keywords_or_by_a_bare_word_are_read(question, kind):
    assert kind in kinds(question, CONTEST if "射箭" in question else TALKS)


@pytest.mark.parametrize("question, answer", [
    ("锅庄 报名 结束时间", "锅庄舞比赛3月25日截止报名。"),      # a day given
    ("射箭比赛要比多长时间", "每人射10箭，比30分钟。"),        # how long, not which day
    ("报名网址", "报名网址：https://example.org/signup"),
])
def test_the_same_asks_are_no_gap_when_the_answer_gives_them(question, answer):
    assert kinds(question, answer) == []


@pytest.mark.parametrize("question", ["现在报射箭的已经有几个人了", "目前有多少个队报了篮球"])
def test_the_sign_ups_so_far_are_a_live_count_no_source_gives(question):
    assert "status" in kinds(question, CONTEST)


def test_a_past_events_turnout_is_no_live_count():
    assert "status" not in kinds("宣讲已经有多少人听过", TALKS)


def test_a_count_of_characters_is_no_named_set():
    # 十六个字: the wording asked, not a set called “六个字…”
    answer = "联合党委的路子是“党委领导、村村联合、产业聚集、抱团发展”。"
    assert "set" not in kinds("联合党委那十六个字怎么讲", answer)
    assert "set" in kinds("五个认同指什么", answer)


FUNDS = "县里执行周调度制度，领导小组办公室已开过2次调度会，定下了奖励标准和资金预算。"
LEADERS = "洛隆县成立了活动领导小组：组长是县委书记和县长；成员是各乡镇和各相关部门的负责同志。"


@pytest.mark.parametrize("question", [
    "活动的资金预算总共定了多少万",       # words between the funds and the ask
    "县里这次活动经费一共拨了好多",
    "奋进活动的预算开支大概几十万嘛",
])
def test_funds_asked_in_any_words_ask_an_amount(question):
    assert "money" in kinds(question, FUNDS)


def test_funds_asked_where_they_go_ask_no_amount():
    assert "money" not in kinds("活动资金用在哪几个方面", FUNDS)
    assert "money" not in kinds("资金预算一共安排了多少万", "活动资金预算安排了120万元。")


@pytest.mark.parametrize("question, level", [
    ("昌都市的活动领导小组组长是谁", "昌都市"),
    ("西藏自治区有没有成立领导小组", "西藏自治区"),
    ("自治区的领导小组是怎么组成的", "自治区"),
])
def test_a_level_above_the_county_the_answer_never_names_is_missing(question, level):
    found = gaps(question, LEADERS, home="洛隆县")
    assert [g.missing for g in found if g.kind == "place"] == [f"{level}的情况"]
    assert honest(found, LEADERS, home="洛隆县").startswith(f"{level}的情况我这里没有资料。洛隆县的是：")


def test_the_citys_round_and_an_answer_naming_the_level_are_no_place_missing():
    assert "place" not in kinds("能比到昌都市级吗", LEADERS)
    assert "place" not in kinds("最后到昌都市里比吗", LEADERS)
    assert "place" not in kinds("昌都市搞的这个活动叫啥", "“红色昌都·振兴奋进”是昌都市发起的比赛活动。")


def test_a_character_the_sources_never_use_is_a_word_with_the_one_before_it():
    lexicon = Lexicon(["活动专栏发布比赛公告", "品德招牌", "县里的宣传"])     # 德招 sounds like 的招
    assert lexicon.unfamiliar("县里的招聘公告在哪看") == ["招聘"]
    assert lexicon.unfamiliar("縣裡的招聘公告在哪看") == ["招聘"]
    assert lexicon.unfamiliar("比赛公告在哪看") == []
    assert lexicon.unfamiliar("县里招宣传") == []       # 招 alone: a character of ours (招牌)


# What a question asks of a person, a thing made, a horse, or a kind of event, that the entry
# chosen does not hold: each class in a few wordings, and the same asks answered.
HERDER = "格桑次仁是那曲的牧民，去年在讲故事比赛里拿了第一名。"
CRAFTS = "县里选了20多件好作品去拉萨展出，有唐卡、木雕、皮具，还有藏装。"
HORSES = "骑自家的马比速度和骑术，骑手16岁以上才能报名。"
NEW_YEAR = "康沙镇办了“幸福新年”主题晚会，热热闹闹过了个年。康沙镇通拉村还搞过拔河比赛。"
READING = "朗读比赛用普通话朗读指定篇目，比读音准不准、读得流不流利。"
DANCE = "以村为单位组队跳锅庄舞，比整齐、比精神。"
LINKED = "县里把这个活动和基层党建、意识形态、基层治理、民族团结、文旅发展、群众增收六方面工作连在一起抓。"


@pytest.mark.parametrize("question, answer, kind", [
    # how old a person named is (voice's 好大 is 多大), the answer telling no age
    ("格桑次仁今年好大了嘛", HERDER, "age"),
    ("格桑次仁有多大", HERDER, "age"),
    ("她多大了", HERDER, "age"),
    # how old the horse must be (by its teeth, 岁口), the answer telling the rider's age
    ("比赛的马要几岁口", HORSES, "spec"),
    ("马得好大才能上场啊", HORSES, "spec"),
    ("賽馬用的馬歲口有要求嗎", HORSES, "spec"),
    # who made or performed a thing, the answer naming nobody
    ("那幅唐卡是谁画的", CRAFTS, "name"),
    ("展出的皮具是哪个做的嘛", CRAFTS, "name"),
    ("木雕是哪些人雕的", CRAFTS, "name"),
    # where an event of the township asked of was held: the township itself is no venue, nor the
    # village where it held another contest
    ("康沙镇的新年晚会在哪里办的", NEW_YEAR, "address"),
    ("康沙鎮晚會在哪裡辦", NEW_YEAR, "address"),
    ("康沙镇过年的晚会是在什么地方搞的", NEW_YEAR, "address"),
    # whether there is an event of a kind the answer does not speak of
    ("有没有英文朗读比赛", READING, "term"),
    ("有藏语朗读比赛吗", READING, "term"),
    ("有木有广场舞比赛", DANCE, "term"),
    # the things a count names, the answer only counting them
    ("六方面工作是啥", "活动和六方面工作结合在一起。", "items"),
    ("那三类人包括哪些", "各村摸底了三类人。", "items"),
    ("这四项是什么", "比赛共有四项。", "items"),
    # whom a thing bears on, the answer never speaking of them
    ("活动跟我们牧民有啥关系", LINKED, "relation"),
    ("振兴奋进和娃娃们有什么关系", LINKED, "relation"),
    ("比赛与老年人有啥联系", LINKED, "relation"),
])
def test_a_detail_the_entry_does_not_hold_is_a_gap(question, answer, kind):
    assert kind in kinds(question, answer)


@pytest.mark.parametrize("question, answer", [
    ("格桑次仁有多大", "格桑次仁今年35岁，是那曲的牧民。"),
    ("他多大的力气", HERDER),                                       # no age asked: not at the end
    ("比赛的马要几岁口", "参赛的马要4岁口以上。"),
    ("那幅唐卡是谁画的", "那幅唐卡是扎西次旦画的。"),
    ("新年晚会在哪里办的", NEW_YEAR),                               # no township asked: 康沙镇 is where
    ("康沙镇的新年晚会在哪里办的", "康沙镇在镇政府广场办了新年晚会。"),
    ("有没有锅装舞比赛", DANCE),                                    # voice's 锅装 is 锅庄
    ("有没有唱歌比赛", "演唱主旋律歌曲，可以边唱边跳。"),            # 唱 and 歌, in another order
    ("六方面工作是啥", LINKED),
    ("活动跟基层党建有啥关系", LINKED),
])
def test_the_same_asks_are_no_gap_when_the_entry_holds_them(question, answer):
    assert kinds(question, answer) == []


@pytest.mark.parametrize("question, said", [
    ("洛隆有啥好耍的", "“微洛隆”公众号开了活动专栏。"),
    ("洛隆县城哪家馆子好吃", "洛隆县的活动是怎么启动的？县里开了动员大会。"),
    ("洛隆县医院挂号怎么挂", "洛隆县把活动当作总抓手。"),
])
def test_a_question_sharing_only_the_county_with_the_entry_is_about_something_else(question, said):
    assert only_place(question, said, home="洛隆县")


@pytest.mark.parametrize("question, said", [
    ("洛隆县宣讲搞了多少场", "洛隆县开展宣讲60余场次。"),           # a word of its own shared
    ("洛隆县呢", "洛隆县把活动当作总抓手。"),                       # nothing asked besides the place
    ("微洛隆发了多少条", "“微洛隆”公众号开了活动专栏。"),           # the place inside the account's name
    ("洛隆县的宣浆有几场", "洛隆县开展宣讲60余场次。"),             # a word heard by its sound
])
def test_a_question_sharing_a_word_of_its_own_is_not_set_aside(question, said):
    assert only_place(question, said, home="洛隆县") == ""


def test_a_word_the_knowledge_base_uses_is_asked_of_it_even_when_the_entry_says_it_otherwise():
    lex = Lexicon(["各乡镇已经办了哪些活动？", "俄西乡举办了演讲比赛。"])
    # 活动: the entry tells the township's contest in other words
    assert only_place("俄西乡搞了啥子活动嘛", "俄西乡举办了演讲比赛。", lexicon=lex) == ""
    assert only_place("俄西乡哪家茶馆好", "俄西乡举办了演讲比赛。", lexicon=lex) == "俄西乡"


def test_a_level_or_a_count_after_there_is_no_kind_of_event():
    # 还有更高一级的比赛吗: a level, which the answer tells; 有多少人参加过: a count, not an event named
    assert "term" not in kinds("县级比完了还有更高一级的比赛吗", LEVELS)
    assert "term" not in kinds("有多少人参加过宣讲活动", TALKS)
    assert "term" in kinds("有壁画比赛吗", LEVELS)
    # where it ends (最后在哪比) is the last level, which the answer tells
    assert "address" not in kinds("一共几级 最后在哪比", LEVELS)


def test_an_answer_speaking_of_everyone_bears_on_any_group():
    assert "relation" not in kinds("活动跟我们放羊的有啥关系", "这是一项全民参与的比赛活动。")
    assert "relation" in kinds("活动跟我们放羊的有啥关系", LINKED)


def test_another_places_figure_in_the_answer_is_told_as_that_places_whatever_the_entry_is_about():
    # the entry asks about a practice (评分制是什么) but its answer counts 林芝's turnout
    answer = "评分制就是给表现打分。林芝已开展评分活动300余场次，参与群众2万余人次。"
    assert "home" in kinds("这个活动有好多群众参加嘛", answer, "评分制是什么")
    # a person's home place is who they are, not whose figure follows (他 earns his own)
    person = "扎西多吉是比如县的木匠。\n他现在一年能挣12万元。"
    assert "home" not in kinds("一年能挣多少", person, "扎西多吉是谁")
    # a visit there counts the home county's visitors
    assert "home" not in kinds("派了几个人去学习", "县里组织干部到那曲考察学习，共派出6人。", "外出学习")


def test_money_is_what_is_counted_not_what_is_sent_or_funded():
    told = "县里定下了奖励标准和经费安排。"
    for asked in ("这次投入了多少名干部", "那边投入了好几支工作队", "经费分几次拨下来", "资金用到哪几个村"):
        assert "money" not in kinds(asked, told, "领导小组"), asked
    for asked in ("活动经费是几个亿", "资金预算一共多少个亿", "投入了多少资金", "这次经费有好多呀"):
        assert "money" in kinds(asked, told, "领导小组"), asked


def test_who_takes_part_asks_the_groups_not_their_names():
    groups = "干部职工、学生、牧民群众都能参加。"
    for asked in ("活动具体都有哪些人参与呢", "这个比赛都是有谁参加的"):
        assert "name" not in kinds(asked, groups, "谁能参加"), asked
    assert "name" in kinds("评委具体都是哪些人", "评委由县里请。", "评委")


def test_where_the_person_comes_from_is_no_place_asked_when_they_ask_to_take_part():
    rule = "干部职工、学生、牧民群众都能参加。"
    for asked in ("我是西藏户口可以报名吗", "户口在昌都市的能不能参加", "昌都市的朋友能来参赛吗",
                  "自治区级劳模可以报名不"):
        assert "place" not in kinds(asked, rule, "谁能参加"), asked
    # the place's own matter still asked: said missing
    assert "place" in kinds("昌都市有多少人报名", rule, "谁能参加")


def test_the_contests_levels_name_the_city_and_region_as_rounds_not_places():
    levels = "村级预赛→乡级初赛→县级比赛→市级决赛。具体时间县里还没公布。"
    for asked in ("昌都市决赛哪天开始", "能不能比到自治区级"):
        assert "place" not in kinds(asked, levels, "比赛分几级"), asked
    assert "place" in kinds("自治区开了几次调度会", "开了2次调度会。", "调度会")


def test_cadre_words_for_the_region_and_the_city_are_levels_above_the_county():
    told = "县里开展宣讲100余场次。"
    for asked in ("区里一共宣讲了几场", "全市宣讲搞了多少场", "市里宣讲了多少场"):
        assert "place" in kinds(asked, told, "宣讲"), asked
    # a neighbourhood (社区里) is none; an entry about a district saying 全区 itself answers 全区
    assert "place" not in kinds("社区里宣讲了几场", told, "宣讲")
    assert "place" not in kinds("全区有多少个村", "全区14个乡、179个村。", "林芝区的项目")


def test_an_event_going_up_to_the_city_is_the_contests_level():
    levels = "比赛分3级：村级预赛→乡级初赛→县级比赛（最高到县级比赛）。"
    assert "place" not in kinds("射箭 比赛 能到市里不", levels, "射箭")
