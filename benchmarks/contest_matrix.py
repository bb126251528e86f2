"""Contest-question matrix: does the bot answer every attribute of every event, however it is asked?

    .venv/bin/python benchmarks/contest_matrix.py [--half tune|held|both] [--events N] [--worst 12]
                                                  [--misses FILE] [--json FILE]

A probe of our own, not drawn from any evaluation set (tests/data/blind/ is never read). From
``knowledge/catalogue.yaml`` and the sign-up settings it builds, for each of the 33 events × each
attribute herders ask (who may enter / age, deadline, team size, levels, where held, how to sign
up, how many events per person, cost, prize, what to bring), questions from the TEMPLATES below in
six styles:

* formal      -- the event's catalogue name, written-out questions;
* everyday    -- the names people use for it (EVERYDAY for the tune half, EVERYDAY_HELD for the held
                 half: written here from each event's description, not taken from knowledge/ variants
                 or the catalogue's aliases);
* voice       -- particles (嘛/啊/呢/哦), homophones (比塞/报明/在那里), no punctuation; sent as a voice
                 message (WeChat's ``Recognition`` text), as tests/blind.py sends voice questions;
* typing      -- keyword-like, with one typo;
* traditional -- the question converted to traditional characters (OpenCC s2t);
* pinyin      -- the event named in toneless pinyin (with or without spaces).

Each question goes as a new user through the real webhook (tests/blind.py's run_webhook, plain
mode, the blind set's fixed clock); the reply is correct when it is direct (no 「您是不是想问」,
no 「抱歉」) and holds every expected fragment, taken from the catalogue's fields: the age limit,
the deadline date, the team size range (any dash), the highest level, the per-person limit, or an
honest 「还没公布 / 没有资料」 for what the county has not published (cost, prizes, what to bring,
venues) -- plus, for any attribute of one event, that event's name or one of its catalogue names
(a reply about another event is wrong).

The templates of each attribute × style cell are split by a seeded shuffle (SEED) into a *tune*
half and a *held* half: fixes are made looking at the tune half only; the held half is reported
beside it to show whether they generalise. The templates were written and committed before the
first run.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import probe_matrix  # noqa: E402
from knowledge.catalogue import Event, load_catalogue  # noqa: E402
from tests.blind import Item  # noqa: E402

SEED = 11
STYLES = ("formal", "everyday", "voice", "typing", "traditional", "pinyin")
ATTRIBUTES = ("who", "deadline", "team", "levels", "venue", "howto", "limit", "cost", "prize", "bring")
HONEST = ("还没公布", "没有资料")

# The names people use, written from each event's description (never from knowledge/).
EVERYDAY: dict[str, tuple[str, ...]] = {
    "policy_talk": ("讲政策的比赛", "宣讲政策"),
    "village_story": ("讲驻村故事", "驻村干部讲故事"),
    "red_story": ("讲红色历史", "讲革命故事"),
    "law_talk": ("讲法律的比赛", "普法讲法"),
    "writing": ("写字的比赛", "写规范字"),
    "speech": ("普通话演讲", "讲家乡发展的演讲"),
    "reading": ("读文章比赛", "普通话朗读"),
    "student_story": ("娃娃给家长讲故事", "学生讲故事比赛"),
    "song": ("唱歌比赛", "唱红歌"),
    "guozhuang": ("跳锅庄", "锅庄比赛"),
    "village_show": ("村里的文艺演出", "演小品说唱"),
    "folk_music": ("弹琴比赛", "吹笛子弹琴"),
    "basketball": ("打篮球", "篮球比赛"),
    "football": ("踢球", "踢足球比赛"),
    "horse_racing": ("跑马", "骑马比赛"),
    "tug_of_war": ("拔河", "拉绳子拔河"),
    "yajia": ("大象拔河", "背对背拉绳子"),
    "archery": ("比射箭", "射箭"),
    "cooking": ("做菜比赛", "做饭比赛"),
    "dairy": ("打酥油", "做奶渣"),
    "tsampa": ("磨糌粑", "炒青稞磨糌粑"),
    "milking": ("挤牦牛奶", "挤奶"),
    "barley_farming": ("种青稞比赛", "种青稞"),
    "yak_raising": ("养牦牛比赛", "养牦牛"),
    "sewing": ("做藏装", "做衣服比赛"),
    "weaving": ("织氆氇", "编卡垫"),
    "woodcarving": ("雕木头", "木头雕刻"),
    "thangka": ("画唐卡", "画画比赛"),
    "furniture": ("做藏柜", "做家具比赛"),
    "leather": ("做马鞍皮包", "做皮包"),
    "knowledge_quiz": ("答题比赛", "政策知识答题"),
    "photo": ("拍照比赛", "手机拍照"),
    "courtyard": ("比谁家院子干净", "院子卫生评比"),
}

# The held half's everyday names: written afresh (2026-12-07, before any run with them) from each
# event's description, none of EVERYDAY's -- whose names the desk was tuned on (knowledge/contest.py's
# LOOSE_NAMES took several) -- so the held half shows whether names, not only templates, generalise.
EVERYDAY_HELD: dict[str, tuple[str, ...]] = {
    "policy_talk": ("宣讲惠民政策", "给老乡讲国家政策"),
    "village_story": ("讲驻村的经历", "工作队员讲驻村的事"),
    "red_story": ("讲红军长征的故事", "讲老一辈革命的事"),
    "law_talk": ("给群众讲法律知识", "法律知识宣讲"),
    "writing": ("用毛笔写汉字", "比写字写得好"),
    "speech": ("上台用普通话讲话", "说普通话的演讲"),
    "reading": ("念课文比赛", "朗诵诗歌"),
    "student_story": ("小孩给爸妈讲故事", "学生回家讲故事"),
    "song": ("唱主旋律歌曲", "比唱歌"),
    "guozhuang": ("全村跳锅庄舞", "锅庄舞"),
    "village_show": ("村里排节目演出", "文艺汇演"),
    "folk_music": ("弹扎念琴", "乐器表演"),
    "basketball": ("村里打篮球", "村BA"),
    "football": ("村超", "村里踢足球"),
    "horse_racing": ("骑自家的马比赛", "比骑马"),
    "tug_of_war": ("全村拔河", "拔河赛"),
    "yajia": ("押加比赛", "两人背靠背拔绳"),
    "archery": ("射弓箭", "射箭比准头"),
    "cooking": ("比做饭菜", "厨艺比赛"),
    "dairy": ("做酸奶酥油", "奶制品加工"),
    "tsampa": ("手工糌粑", "比磨糌粑"),
    "milking": ("挤牛奶", "给奶牛挤奶"),
    "barley_farming": ("青稞种得好", "种植青稞"),
    "yak_raising": ("牦牛养得好", "养牦牛的本事"),
    "sewing": ("缝藏装", "缝纫比赛"),
    "weaving": ("织毯子", "编织比赛"),
    "woodcarving": ("木头上雕花", "木雕比赛"),
    "thangka": ("唐卡比赛", "画唐卡的比赛"),
    "furniture": ("做藏桌藏柜", "藏式家具比赛"),
    "leather": ("做皮具", "皮具比赛"),
    "knowledge_quiz": ("知识竞赛", "答政策题"),
    "photo": ("手机拍家乡", "摄影比赛"),
    "courtyard": ("最美庭院", "评院子"),
}

# attribute -> style -> templates; {n} is the event's name in that style.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "who": {
        "formal": ("{n}的参赛年龄要求是什么？", "{n}对报名人员有什么条件？", "哪些人可以参加{n}？", "参加{n}有年龄限制吗？"),
        "everyday": ("{n}多大能报？", "{n}谁都能参加吗", "{n}要满几岁", "{n}什么人能报"),
        "voice": ("{n}多大岁数能报名啊", "我想问下{n}几岁可以参加呢", "{n}啥人能报嘛", "那个{n}年龄有要求没有哦"),
        "typing": ("{n} 年领", "{n}几岁能抱", "{n} 报铭条件", "{n}多大可一报"),
        "traditional": ("参加{n}要多大年纪？", "{n}什么人能报名？", "{n}对年龄有要求吗", "{n}几岁可以报"),
        "pinyin": ("{n}几岁能报", "{n}年龄要求", "{n}多大可以参加", "谁能报{n}"),
    },
    "deadline": {
        "formal": ("{n}报名截止日期是哪天？", "{n}的报名什么时候结束？", "请问{n}报名截至到几月几号？", "{n}最晚什么时候报名？"),
        "everyday": ("{n}几号截止", "{n}报名到什么时候", "{n}截止是哪天", "{n}最迟哪天报"),
        "voice": ("{n}报名到几号为止啊", "那个{n}啥时候截止嘛", "我问一下{n}报明哪天结束呢", "{n}报名还有多久截止哦"),
        "typing": ("{n} 截只", "{n}几号结速", "{n} 报名截止 日其", "{n}报名最后一添"),
        "traditional": ("{n}报名截止时间是什么时候", "{n}几号截止报名", "{n}报名到哪天结束", "{n}最晚哪天能报"),
        "pinyin": ("{n}几号截止", "{n}报名截止时间", "{n}什么时候截止报名", "{n}报名到哪天"),
    },
    "team": {
        "formal": ("{n}每支队伍需要多少名队员？", "{n}是个人赛还是团体赛？", "{n}的参赛人数有什么规定？", "{n}一个队最少几人最多几人？"),
        "everyday": ("{n}几个人一队", "{n}要组队吗", "{n}一个人能参加不", "{n}一队要多少人"),
        "voice": ("{n}要几个人一起报啊", "那个{n}是一个人比还是一队人比呢", "{n}一队得多少人嘛", "{n}要不要组队哦"),
        "typing": ("{n} 几人一对", "{n} 组队 人树", "{n}每队几认", "{n} 单人还是团题"),
        "traditional": ("{n}一个队几个人", "{n}是团体赛吗", "{n}需要组队吗", "{n}每队多少人"),
        "pinyin": ("{n}几个人一队", "{n}一队多少人", "{n}要组队吗", "{n}是个人赛吗"),
    },
    "levels": {
        "formal": ("{n}分几级比赛？", "{n}最高比到哪一级？", "{n}有哪些比赛级别？", "{n}会不会进行市级决赛？"),
        "everyday": ("{n}比到县里还是市里", "{n}要比几轮", "{n}能比到昌都去吗", "{n}比完村里还往上比吗"),
        "voice": ("{n}要比几级啊", "那个{n}最后比到哪里嘛", "{n}是不是要到市里比呢", "{n}一级一级比到哪一级哦"),
        "typing": ("{n} 几级", "{n} 级别 最高", "{n}比到那一级", "{n} 市级决塞"),
        "traditional": ("{n}一共分几级", "{n}最高比到哪一级", "{n}有几轮比赛", "{n}能比到市里吗"),
        "pinyin": ("{n}分几级", "{n}最高到哪一级", "{n}比几轮", "{n}比到市里吗"),
    },
    "venue": {
        "formal": ("{n}的比赛地点在哪里？", "{n}在什么地方举行？", "{n}各级比赛分别在哪里办？", "{n}的比赛场地定了吗？"),
        "everyday": ("{n}在哪比", "{n}去哪里比赛", "{n}在哪个地方比", "{n}场地在哪"),
        "voice": ("{n}比赛在哪里比啊", "{n}比塞在那里嘛", "那个{n}是在哪儿比呢", "{n}要去哪里比哦"),
        "typing": ("{n} 地点", "{n}在那比", "{n} 比赛场弟", "{n} 在哪举办"),
        "traditional": ("{n}在哪里比赛", "{n}的比赛地点在哪", "{n}在什么地方比", "{n}去哪里参加比赛"),
        "pinyin": ("{n}在哪里比", "{n}比赛地点", "{n}在哪儿举行", "{n}去哪比赛"),
    },
    "howto": {
        "formal": ("如何报名参加{n}？", "{n}的报名方式是什么？", "{n}需要通过什么途径报名？", "我想参加{n}，应该怎么报名？"),
        "everyday": ("{n}怎么报", "{n}在哪报名", "我想报{n}咋弄", "{n}咋报名"),
        "voice": ("我想参加{n}怎么报名啊", "{n}去哪里报明嘛", "那个{n}咋个报名呢", "{n}报名要怎么弄哦"),
        "typing": ("{n} 怎么抱名", "{n} 报名方试", "报{n} 咋半", "{n}再哪报名"),
        "traditional": ("怎么报名{n}", "{n}在哪里报名", "{n}的报名方法", "我要报{n}怎么办"),
        "pinyin": ("{n}怎么报名", "{n}在哪报名", "我想报{n}怎么弄", "{n}报名方法"),
    },
    "limit": {
        "formal": ("报了{n}还能报其他项目吗？", "参加{n}的人最多可以报几个项目？", "{n}和其他比赛可以同时报名吗？", "每人限报几项？我想报{n}"),
        "everyday": ("报了{n}还能报几个", "{n}之外还能报别的不", "{n}能和别的一起报吗", "一个人能报几个，我报了{n}"),
        "voice": ("我报了{n}还能再报几个啊", "{n}报了以后还能报别的嘛", "一个人能报几个呢我想报{n}", "{n}跟别的项目能一起报不哦"),
        "typing": ("{n} 能报几各", "报{n} 最多报几向", "{n} 兼报 几个", "{n}还能报别的吗 几各"),
        "traditional": ("报了{n}还能报几个项目", "一个人最多报几项，{n}算一项吗", "{n}可以和别的项目一起报吗", "参加{n}最多还能报几个"),
        "pinyin": ("报了{n}还能报几个", "{n}能报几个项目", "{n}和别的能一起报吗", "一个人报几个 {n}"),
    },
    "cost": {
        "formal": ("参加{n}需要缴纳报名费吗？", "{n}的参赛费用是多少？", "{n}收不收费？", "报名{n}要交钱吗？"),
        "everyday": ("{n}要钱不", "报{n}收费吗", "{n}要交多少钱", "{n}免费吗"),
        "voice": ("报{n}要不要钱啊", "那个{n}收钱不嘛", "{n}报名费多少呢", "参加{n}要交钱哦"),
        "typing": ("{n} 报名废", "{n} 收废吗", "{n}要前吗", "{n} 费用多少"),
        "traditional": ("参加{n}要交费吗", "{n}报名费多少", "{n}收钱吗", "{n}是免费的吗"),
        "pinyin": ("{n}要钱吗", "{n}报名费", "{n}收费吗", "参加{n}交钱吗"),
    },
    "prize": {
        "formal": ("{n}设置了哪些奖项？", "{n}获奖者有什么奖励？", "{n}的奖品是什么？", "{n}第一名奖金多少？"),
        "everyday": ("{n}有奖吗", "{n}奖品有啥", "{n}赢了给啥", "{n}拿第一有钱吗"),
        "voice": ("{n}有没有奖品啊", "那个{n}得奖了给什么嘛", "{n}奖励是啥呢", "{n}赢了有奖金哦"),
        "typing": ("{n} 奖品", "{n} 将品有啥", "{n}有将吗", "{n} 奖金 多少"),
        "traditional": ("{n}有什么奖品", "{n}得第一名奖什么", "{n}有奖金吗", "{n}的奖励是什么"),
        "pinyin": ("{n}有奖品吗", "{n}奖品是什么", "{n}有奖金吗", "{n}得奖有什么"),
    },
    "bring": {
        "formal": ("参加{n}需要自备哪些物品？", "{n}比赛当天要带什么？", "{n}的参赛者需要准备什么东西？", "{n}需要自带工具吗？"),
        "everyday": ("{n}要带啥", "去比{n}要带什么东西", "{n}要自己准备东西吗", "{n}带什么去"),
        "voice": ("{n}比塞要带啥啊", "去比{n}要带点什么嘛", "那个{n}东西要自己带呢", "{n}要准备啥东西哦"),
        "typing": ("{n} 带啥", "{n}要代什么", "{n} 准被什么", "{n} 自带 东西"),
        "traditional": ("参加{n}要带什么", "{n}需要自己带东西吗", "{n}比赛要准备什么", "去{n}带什么东西"),
        "pinyin": ("{n}要带什么", "{n}带啥东西", "{n}需要准备什么", "参加{n}带什么"),
    },
}


# --------------------------------------------------------------------------- the split

def split() -> dict[tuple[str, str, int], str]:
    """(attribute, style, template index) -> "tune" | "held": half of each cell's templates each."""
    return probe_matrix.split((((a, s), len(TEMPLATES[a][s])) for a in ATTRIBUTES for s in STYLES), SEED)


# --------------------------------------------------------------------------- names and fragments

def name_in(e: Event, style: str, k: int, half: str = "tune") -> str:
    everyday = (EVERYDAY if half == "tune" else EVERYDAY_HELD)[e.code]
    if style == "formal":
        return e.name
    if style == "traditional":
        return e.name if k % 2 == 0 else everyday[k // 2 % len(everyday)]
    if style == "pinyin":
        return probe_matrix.pinyin(everyday[k % len(everyday)], spaced=k % 2 == 1)
    return everyday[k % len(everyday)]


def expected(e: Event, attr: str, cat) -> tuple[tuple[str, ...], ...]:
    """What a right reply must hold, from the catalogue's fields (one alternative per group)."""
    camp = cat.campaign
    ident = tuple(dict.fromkeys((e.name, e.short_name, *e.aliases)))
    if attr == "who":
        groups = []
        if e.min_age is not None:
            groups.append((f"{e.min_age}岁", f"{e.min_age}周岁", f"{e.min_age}-"))
        if e.max_age is not None:
            groups.append((f"{e.max_age}岁", f"-{e.max_age}"))
        if e.min_age is None and e.max_age is None:
            groups.append(("不限", "都可以", "都能"))
        if e.who == "students":
            groups.append(("学生",))
        elif e.who == "farmers_herders":
            groups.append(("农牧民", "牧民"))
        return (ident, *groups)
    if attr == "deadline":
        m, d = e.deadline.month, e.deadline.day
        return ident, (f"{m}月{d}日", f"{m}月{d}号")
    if attr == "team":
        if e.is_team:
            a, b = e.team_min, e.team_max
            return ident, (f"{a}-{b}", f"{a}到{b}", f"{a}至{b}", f"{a}~{b}", f"{a}～{b}")
        return ident, ("个人", "一个人", "单人")
    if attr == "levels":
        names = [next((n for n in camp.levels if n.startswith(lv)), lv) for lv in e.levels]
        top = names[-1][:2] if names else ""
        return ident, (top,)
    if attr == "venue":
        return ident, HONEST if not e.venues else tuple(p for _, p in e.venues)
    if attr == "howto":
        return ident, ("发「报名", "回复「报名", "本村报名", "到本村")
    if attr == "limit":
        n = camp.max_events_per_person
        cn = "零一二三四五六七八九十"[n] if n <= 10 else str(n)
        return ((f"{n}个", f"{n}项", f"{cn}个", f"{cn}项"),)
    field = {"cost": "cost", "prize": "prizes", "bring": "bring"}[attr]
    value = getattr(e, field) or getattr(camp, field)
    return ident, ((value[:8],) if value else HONEST)


# --------------------------------------------------------------------------- questions

def build(cat, *, half: str = "both", events: int = 0) -> list[tuple[Item, dict]]:
    conv = probe_matrix.traditional()
    halves = split()
    evs = [e for c in cat.categories for e in c.events]
    if events:
        evs = evs[:events]
    out = []
    for attr in ATTRIBUTES:
        for style in STYLES:
            for i, template in enumerate(TEMPLATES[attr][style]):
                h = halves[(attr, style, i)]
                if half != "both" and h != half:
                    continue
                for j, e in enumerate(evs):
                    q = template.format(n=name_in(e, style, i + j, h))
                    if style == "traditional":
                        q = conv(q)
                    item = Item(q=q, persona="voice" if style == "voice" else style, scope="in",
                                must=expected(e, attr, cat))
                    out.append((item, {"attr": attr, "style": style, "template": i, "half": h, "event": e.code}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("tune", "held", "both"), default="both")
    ap.add_argument("--events", type=int, default=0, help="only the first N events (0: all 33)")
    ap.add_argument("--worst", type=int, default=12, help="worst cells shown")
    ap.add_argument("--misses", type=Path, help="write the tune half's misses here, one a line")
    ap.add_argument("--json", type=Path, help="write every question's outcome here")
    args = ap.parse_args(argv)

    cat = load_catalogue(ROOT / "knowledge" / "catalogue.yaml")
    rows = probe_matrix.run(build(cat, half=args.half, events=args.events))
    probe_matrix.report(rows, title="contest matrix", row_key="attr", row_names=ATTRIBUTES, styles=STYLES,
                        worst=args.worst)
    probe_matrix.write_outputs(rows, row_key="attr", misses=args.misses, json_path=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
