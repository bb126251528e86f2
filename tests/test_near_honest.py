"""Near misses answered honestly (issue 11), through the real webhook, in our own wordings.

Two classes, each handled by a mechanism, never by a string:

* a question about an event asking a detail the catalogue does not hold -- the animal or what to
  bring, the rules of play and scoring, judges, the match schedule and when one is told to come,
  results, travel, meals and beds, insurance, coaching, the length of a speech -- gets a short reply
  saying 「…县里还没公布」 (or 没有资料) before what is known of the event
  (knowledge.contest: ASPECT_CUES, DETAILS, ANIMAL_ASKED, SCHEDULE);
* the meaning of a term the sources only name (两委, 三就两保六通, 十条规定) asked as 意思 / 是啥 /
  指什么 / 包括哪些 / 具体内容 gets no answer from an entry that merely mentions it, nor from one that
  never names it (knowledge.scope: _asked_terms, _undefined_term, _absent_term).

The controls ask what the catalogue or the knowledge base does give (an event's age, deadline,
team size, what it compares; a term the knowledge base spells out) and must still be answered
directly with its facts.
"""
from __future__ import annotations

import pytest

from knowledge import scope
from tests import blind, test_near_probes as near_probes


def _out(persona: str, q: str) -> blind.Item:
    return blind.Item(q=q, persona=persona, scope="out", kind="near_miss")


def _in(persona: str, q: str, *must: str) -> blind.Item:
    return blind.Item(q=q, persona=persona, scope="in", must=tuple((m,) for m in must))


# ---- (a) an event's detail the catalogue does not hold
EVENT_DETAILS = [
    _out("voice", "赛马的马要啥样的马嘛有没有要求"),
    _out("typing", "跑马 马 品种"),
    _out("cadre", "赛马比赛对参赛马匹有什么条件"),
    _out("voice", "挤奶的时候要自己拉牛过去吗"),
    _out("voice", "牦牛养殖比赛要把自家牦牛牵过去吗"),
    _out("typing", "挤奶 牛 自己带"),
    _out("voice", "射箭比赛弓箭是发给我们还是自己带嘛"),
    _out("typing", "射箭 弓箭 谁出"),
    _out("voice", "村BA那个球衣要自己买吗"),
    _out("traditional", "賽馬要穿什麼衣服"),
    _out("cadre", "锅庄舞比赛对参赛服装有什么统一要求"),
    _out("voice", "厨艺比赛锅碗瓢盆要自己带去吗"),
    _out("typing", "厨艺 食材 谁出"),
    _out("voice", "缝纫比赛布料是自己准备还是县里发"),
    _out("typing", "编织 材料 自带吗"),
    _out("voice", "磨糌粑比赛青稞要自己拿去吗"),
    _out("voice", "乳制品比赛的牛奶自己带吗"),
    _out("voice", "乐器比赛乐器自己带吗"),
    _out("voice", "皮具比赛材料县里给不给"),
    _out("voice", "家具比赛那个柜子要搬去吗"),
    _out("cadre", "射箭比赛的计分规则是怎样的"),
    _out("typing", "拔河 规则"),
    _out("traditional", "拔河比賽的規則是什麼"),
    _out("typing", "押加 比赛规矩"),
    _out("voice", "赛马到底怎么算赢啊跑几圈"),
    _out("cadre", "知识竞赛的评分标准是什么"),
    _out("voice", "唱歌比赛谁来当评委啊"),
    _out("typing", "赛马 裁判"),
    _out("typing", "法治宣讲 评委"),
    _out("voice", "报完名了啥时候通知我去比赛嘛"),
    _out("typing", "比赛 什么时候通知"),
    _out("voice", "篮球赛的赛程出来没有嘛"),
    _out("typing", "足球 赛程"),
    _out("cadre", "村超的比赛日程安排是怎样的"),
    _out("traditional", "報名以後怎麼通知我比賽時間"),
    _out("voice", "赛马比完了啥时候出结果嘛"),
    _out("cadre", "知识竞赛的成绩什么时候公布"),
    _out("voice", "去县里比赛车费报不报啊"),
    _out("typing", "比赛 管饭吗"),
    _out("traditional", "去縣裡比賽住哪裡"),
    _out("voice", "赛马摔下来了有没有保险啊"),
    _out("cadre", "射箭比赛有没有给选手买意外保险"),
    _out("typing", "锅庄 训练"),
    _out("cadre", "村演节目赛前会组织排练辅导吗"),
    _out("voice", "唐卡画布要多大尺寸的嘛"),
    _out("voice", "摄影比赛照片要交几张啊"),
    _out("voice", "厨艺比赛做几个菜"),
    _out("typing", "知识竞赛 题 多少道"),
    _out("traditional", "講故事比賽要講多久"),
    _out("voice", "写字比赛用毛笔还是钢笔"),
    _out("cadre", "驻村故事演讲比赛的讲稿有字数要求吗"),
    _out("voice", "红色故事宣讲讲稿要自己写吗"),
    _out("voice", "政策宣讲比赛评委是哪些人嘛"),
    _out("typing", "朗读 评分"),
    _out("voice", "普通话演讲比赛穿啥衣服去嘛"),
    _out("typing", "木雕 评委"),
    _out("voice", "青稞种植比赛啥时候比嘛"),
    _out("cadre", "最美庭院评比的打分标准是什么"),
    _out("voice", "学生讲故事比赛啥时候通知我们去比"),
    _out("typing", "歌舞比赛 曲目"),
    _out("voice", "射箭比赛是在县里射箭场比吗"),
]

# ---- (b) the meaning of a term the sources only name
NAMED_TERMS = [
    _out("typing", "两委 意思"),
    _out("typing", "两委包括哪些"),
    _out("voice", "两新是啥意思嘛"),
    _out("typing", "三就两保六通 的含义"),
    _out("cadre", "三就两保六通的具体内容"),
    _out("typing", "十条规定 意思"),
    _out("traditional", "十條規定是甚麼意思"),
    _out("typing", "五级书记 意思"),
    _out("cadre", "五级书记是哪几级"),
    _out("typing", "三大节日 意思"),
    _out("voice", "三大节日指的是哪几个节嘛"),
    _out("typing", "三个一 指什么"),
    _out("cadre", "五个播放具体包括哪些"),
    _out("typing", "什么叫两新"),
    _out("typing", "达拉的具体内容"),
]

CONTROLS = [
    _in("typing", "跑马 几岁可以报", "16岁"),
    _in("voice", "我们村组个篮球队要凑几个人啊", "5–12人"),
    _in("cadre", "射箭比赛报名截止日期是哪天", "2027年4月15日"),
    _in("voice", "赛马是骑自己家的马还是他们给马呀", "自家的马"),
    _in("voice", "挤奶比赛是比啥子嘛", "挤得多"),
    _in("typing", "锅庄 几个人一队", "8–30人"),
    _in("cadre", "村超足球赛每队最多多少人", "20人"),
    _in("traditional", "騎馬比賽報名到哪天為止", "4月30日"),
    _in("typing", "庭院评比 谁来报", "户主"),
    _in("cadre", "三个100%具体指哪三个", "知晓率"),
    _in("cadre", "周调度、月通报、季督导具体指什么", "每周调度"),
    _in("typing", "周调度月通报季督导 意思", "每月通报"),
    _in("typing", "四个教育 包括哪些", "感恩"),
    _in("cadre", "千万工程指的是哪两句话", "千村示范"),
    _in("typing", "三个意识 是什么", "公民意识"),
    _in("typing", "红黑榜 是什么", "红榜"),
    _in("cadre", "联村党委指的是什么", "联合起来"),
    _in("voice", "要我稳定变成我要稳定是啥意思嘛", "主动维护稳定"),
    # coaching asked of no event: how contestants were trained is the knowledge base's
    _in("cadre", "比赛选手一般通过什么方式培训", "走出去", "请进来"),
]

ITEMS = EVENT_DETAILS + NAMED_TERMS + CONTROLS


def test_the_wordings_are_our_own_and_cover_every_persona():
    spent = {blind.plain(i.q) for part in blind.TUNING_PARTS for i in blind.load_part(part)}
    spent |= {blind.plain(i.q) for i in near_probes.load()}
    assert not [i.q for i in ITEMS if blind.plain(i.q) in spent]
    assert len({i.q for i in ITEMS}) == len(ITEMS)
    assert sum(i.scope == "out" for i in ITEMS) >= 60
    assert {i.persona for i in ITEMS} >= {"voice", "typing", "traditional", "cadre"}


async def test_near_misses_get_no_confident_answer_and_the_controls_still_do(tmp_path):
    outcomes = await blind.run_webhook(ITEMS, tmp_path, aes=False, label="near-honest")
    confident = [f"{o.item.q} -> {o.reply[:50]}" for o in outcomes if o.item.scope == "out" and o.confident]
    assert confident == []
    missed = [f"{o.item.q} -> {o.reply[:60]}" for o in outcomes if o.item.scope == "in" and not o.correct]
    assert missed == []


async def test_an_event_detail_says_what_is_not_published_then_what_is_known(tmp_path):
    items = [_out("voice", "赛马 马 要求是啥"), _out("voice", "挤奶比赛要自己牵牦牛去吗"),
             _out("typing", "报名以后 啥时候通知去比赛")]
    horse, yak, told = await blind.run_webhook(items, tmp_path, aes=False, label="near-honest-lines")
    assert "县里还没公布" in horse.reply and "骑自家的马" in horse.reply and "16岁" in horse.reply
    assert "要带什么县里还没公布" in yak.reply and "挤奶" in yak.reply
    assert "具体时间县里还没公布" in told.reply and "通知" in told.reply


# ---- the scope guard's reading of a term asked of

A_NAMING = "山南市各驻村工作队帮村里解决“三就”“两保”“六通”等民生突出问题7800余条。"
A_DEFINING = "县里执行“周调度、月通报、季督导”制度：\n每周调度一次进度，每月通报一次情况，每季度督导检查一次。"


@pytest.mark.parametrize("q", ["三就两保六通 意思", "三就两保六通的含义", "什么叫三就", "三就两保六通的具体内容"])
def test_a_term_only_named_is_no_answer_to_its_meaning(q):
    assert any(g.kind == "items" for g in scope.gaps(q, A_NAMING))


@pytest.mark.parametrize("q", ["周调度月通报季督导 意思", "周调度、月通报、季督导具体指什么"])
def test_a_term_spelled_out_stays_answered(q):
    assert scope.gaps(q, A_DEFINING) == []


def test_a_term_the_answer_never_names_is_beside_the_point():
    lexicon = scope.Lexicon([A_NAMING, "“两委”班子成员100%是党员。", "人人都可以参与。"])
    found = scope.gaps("两委包括哪些", "人人都可以参与。", lexicon=lexicon)
    assert scope.beside(found) and "两委" in scope.lacking(found)
    # ... not when the question asks something else of it (how many were changed), nor of an answer naming it
    assert not any(g.kind == "absent" for g in scope.gaps("两委班子调整了多少人", "人人都可以参与。", lexicon=lexicon))
    assert not any(g.kind == "absent" for g in scope.gaps("两委 意思", "“两委”班子成员100%是党员。", lexicon=lexicon))


def test_a_numbered_term_whose_items_the_answer_lists_is_named_there():
    lexicon = scope.Lexicon(["“三个意识”是：国家意识、公民意识、法治意识。"])
    card = "结合身边的事讲法律常识，增强国家意识、公民意识、法治意识。"
    assert not any(g.kind == "absent" for g in scope.gaps("三个意识指的是哪几个", card, lexicon=lexicon))
    assert any(g.kind == "absent" for g in scope.gaps("三个意识指的是哪几个", "人人都可以参与。", lexicon=lexicon))
