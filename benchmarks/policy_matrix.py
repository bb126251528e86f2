"""Policy-fact matrix: does the bot answer each policy fact (F01–F42 of kb-facts.md), however it is asked?

    .venv/bin/python benchmarks/policy_matrix.py [--half tune|held|both] [--worst 12]
                                                 [--misses FILE] [--json FILE]

A probe of our own, written from ../shared/kb-facts.md alone (never from knowledge/qa, nor from any
evaluation set). For each fact FACTS below says what it asks -- a figure, a list, a who, a name, a
place, or what a thing is (``what``) -- the words a person names it by (fillers: two for the tune
half, two of its own for the held half) and the fragments a right reply must hold, copied from
kb-facts.md (one alternative per group). The templates of each kind of ask come in six styles:

* cadre       -- exact, written-out official questions;
* voice       -- particles (啊/嘛/呢/哦) and homophones, no punctuation, sent as a voice message;
* typing      -- weak typing: a homophone typo, spaces for words;
* traditional -- the question converted to traditional characters (OpenCC s2t);
* short       -- the name and a keyword, or the name alone;
* pinyin      -- the filler in toneless pinyin, whole and spaced or its first half only (a mix).

Each (kind, style) cell's four templates are split by a seeded shuffle (SEED) into a tune and a held
half; tune templates take the tune fillers, held templates the held fillers, so the held half is new
in both wording and name. Fixes are made looking at the tune half only. Templates and fillers were
written and committed before the first run. Questions go through the real webhook as
contest_matrix.py's do (benchmarks/probe_matrix.py); the reply is correct when direct and it holds
every must group.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import probe_matrix  # noqa: E402
from tests.blind import Item  # noqa: E402

SEED = 12
STYLES = ("cadre", "voice", "typing", "traditional", "short", "pinyin")
KINDS = ("what", "figure", "list", "who", "name", "place")


@dataclass(frozen=True)
class Fact:
    code: str
    asks: str                                  # one of KINDS
    tune: tuple[str, str]                      # fillers for the tune half
    held: tuple[str, str]                      # fillers of its own for the held half
    must: tuple[tuple[str, ...], ...]          # from kb-facts.md


# What each fact asks and the fragments a right reply holds, from kb-facts.md (F01–F42).
FACTS: tuple[Fact, ...] = (
    Fact("F01", "what", ("红色昌都振兴奋进活动", "这次振兴奋进活动"), ("红色昌都·振兴奋进", "振兴奋进这个活动"),
         (("总抓手", "总载体", "昌都市"),)),
    Fact("F02", "figure", ("比赛项目", "活动的比赛"), ("振兴奋进的比赛种类", "全部比赛活动"),
         (("33项", "33个", "三十三"),)),
    Fact("F03", "who", ("领导小组组长", "活动领导小组"), ("牵头抓这个活动的领导", "振兴奋进领导小组的组长"),
         (("县委书记",), ("县长",))),
    Fact("F04", "list", ("活动的工作机制", "调度通报督导机制"), ("工作推进节奏", "周调度月通报"),
         (("周调度",), ("月通报",), ("季督导",))),
    Fact("F05", "list", ("印发的三个文件", "活动出台的方案"), ("县里下发的三份文件", "配套文件"),
         (("实施方案",), ("会商对接",), ("宣传工作方案",))),
    Fact("F06", "name", ("活动启动仪式", "启动仪式"), ("活动开幕的仪式", "开幕式"),
         (("启动仪式",), ("藏历新年",))),
    Fact("F07", "place", ("去那曲学习考察", "外出学习考察"), ("考察学习团", "到外地学经验"),
         (("比如县",),)),
    Fact("F08", "figure", ("摸排的能人", "摸排出的能人巧匠"), ("各乡镇找到的技能人才", "摸底的能工巧匠"),
         (("2000",),)),
    Fact("F09", "list", ("群众要会答的三个问题", "三问"), ("活动三问", "老百姓必须知道的三个问题"),
         (("各族群众",), ("农牧民",))),
    Fact("F10", "figure", ("知晓率参与率支持率目标", "活动目标"), ("群众知晓率要达到", "三个百分之百"),
         (("100%", "百分之百"),)),
    Fact("F11", "list", ("比赛的级别", "比赛分几级"), ("从村到市的比赛层级", "预赛初赛决赛"),
         (("村级",), ("市级",))),
    Fact("F12", "list", ("宣讲方式", "群众宣讲形式"), ("政策宣讲的办法", "入户宣讲"),
         (("群众大会", "座谈", "入户宣讲"), ("讲习堂", "微讲堂"))),
    Fact("F13", "figure", ("线上宣传", "微洛隆宣传"), ("网上宣传的数量", "公众号宣传"),
         (("55",),)),
    Fact("F14", "figure", ("线下宣传标语", "宣传横幅标语"), ("LED屏标语", "国道边的横幅"),
         (("80",), ("20",))),
    Fact("F15", "list", ("乡镇已办的比赛", "各乡镇的活动"), ("乡里搞过的活动", "村超村BA"),
         (("村超",), ("马利镇", "腊久乡", "孜托镇", "俄西乡"))),
    Fact("F16", "name", ("学习资料", "应知应会"), ("要学的材料", "必知必会"),
         (("应知应会",), ("必知必会",))),
    Fact("F17", "what", ("乡村振兴那曲奋进", "那曲奋进活动"), ("那曲的乡村振兴活动", "那曲奋进的定位"),
         (("治本",),)),
    Fact("F18", "name", ("那曲奋进的布局", "一平台五牵引"), ("那曲活动的总体格局", "五牵引"),
         (("一平台",), ("五牵引",))),
    Fact("F19", "list", ("那曲活动的口号", "干部的口号"), ("三大三争", "群众口号"),
         (("大讨论",),)),
    Fact("F20", "list", ("三个意识", "三种意识"), ("要增强的三个意识", "国家意识公民意识"),
         (("国家意识",), ("公民意识",), ("法治意识",))),
    Fact("F21", "list", ("获奖的好处", "成果运用"), ("得奖以后有什么待遇", "比赛成果怎么用"),
         (("创业扶持",), ("虫草",))),
    Fact("F22", "what", ("索朗次仁", "藏式缝纫一等奖获得者"), ("缝纫比赛得第一的人", "索朗次仁的裁缝店"),
         (("17万",),)),
    Fact("F23", "what", ("吾金罗布", "吾金罗布的事迹"), ("演讲比赛得第一的吾金罗布", "吾金罗布选虫草地"),
         (("虫草",),)),
    Fact("F24", "figure", ("索县宣讲场次", "索县比赛场次"), ("索县办的比赛", "索县宣讲次数"),
         (("1450", "6700", "70146"),)),
    Fact("F25", "place", ("手工艺品展出", "文博会展出"), ("手工艺品参展", "非遗作品展览"),
         (("深圳",),)),
    Fact("F26", "list", ("四件大事", "那曲的四件大事"), ("治边稳藏四件大事", "四个大事"),
         (("稳定",), ("发展",), ("生态",), ("强边", "边疆"))),
    Fact("F27", "list", ("四个教育", "四类教育"), ("忠诚感恩法治爱国教育", "机关农村寺院学校的教育"),
         (("忠诚",), ("感恩",), ("法治",), ("爱国",))),
    Fact("F28", "list", ("五大专项行动", "五个专项行动"), ("大走访大接访", "五项行动"),
         (("大走访",), ("大排查",), ("大提升",))),
    Fact("F29", "list", ("三联三强", "三联三强内容"), ("组织联建", "三联三强机制"),
         (("组织联建",), ("要素联动",), ("产业联抓",))),
    Fact("F30", "name", ("产业发展模式", "党组织加合作社模式"), ("带农户增收的模式", "党支部加企业的模式"),
         (("合作社",), ("农户",))),
    Fact("F31", "what", ("文明积分超市", "红黑榜"), ("积分换东西的超市", "红榜黑榜"),
         (("积分超市", "红黑榜"),)),
    Fact("F32", "place", ("党支部建", "临时党支部"), ("党小组设", "流动党员临时党组织"),
         (("村民小组", "虫草山"),)),
    Fact("F33", "name", ("学习的经验", "借鉴的经验"), ("学哪个省的经验", "浙江的经验"),
         (("千万工程",),)),
    Fact("F34", "what", ("联村党委", "联村党委模式"), ("几个村联合成立的党委", "村村联合的党委"),
         (("村村联合",), ("抱团发展",))),
    Fact("F35", "figure", ("网格数量", "网格化管理的网格"), ("合并后的网格", "网格整合"),
         (("316",),)),
    Fact("F36", "what", ("积分制", "积分制管理"), ("村里的积分", "加分扣分办法"),
         (("铸魂",), ("赋能",), ("纠偏",))),
    Fact("F37", "who", ("抓乡村振兴的", "乡村振兴责任人"), ("负责乡村振兴的书记", "包乡包村的干部"),
         (("三级书记",),)),
    Fact("F38", "figure", ("两委班子平均年龄", "村两委平均年龄"), ("换届后两委年龄", "村干部平均年龄"),
         (("36.14",),)),
    Fact("F39", "figure", ("山南驻村干部", "山南驻村工作队"), ("山南市派的驻村干部", "2021年驻村工作队"),
         (("1677", "559"),)),
    Fact("F40", "figure", ("驻村解决的民生问题", "办的实事"), ("工作队为群众解决的问题", "三就两保六通"),
         (("7800",),)),
    Fact("F41", "list", ("加强村组织的措施", "基层党建十条规定"), ("村级组织建设的办法", "三个培养"),
         (("十条规定", "三个培养", "文化素质提升"),)),
    Fact("F42", "what", ("维稳工作目标", "要我稳定到我要稳定"), ("稳定工作的目标", "我要稳定"),
         (("我要稳定",),)),
)

# kind -> style -> templates; {t} is the fact's filler in that style.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "what": {
        "cadre": ("请问{t}的主要内容是什么？", "{t}具体指什么？", "如何理解{t}？", "{t}的含义是什么？"),
        "voice": ("{t}是啥意思啊", "那个{t}说的是神马嘛", "我想问下{t}是什么呢", "{t}到底是个啥哦"),
        "typing": ("{t}是神么", "{t} 啥意识", "{t}指的时什么", "{t} 内容是啥"),
        "traditional": ("{t}是什么意思", "{t}指的是什么", "什么叫{t}", "{t}讲的是什么内容"),
        "short": ("{t}", "{t}？", "{t} 意思", "{t} 内容"),
        "pinyin": ("{t}是什么", "{t}什么意思", "{t}指什么", "啥是{t}"),
    },
    "figure": {
        "cadre": ("{t}的具体数量是多少？", "请问{t}共有多少？", "{t}的相关数据是多少？", "{t}的规模有多大？"),
        "voice": ("{t}有多少啊", "那个{t}一共多少嘛", "{t}是几个呢", "我问一下{t}有好多哦"),
        "typing": ("{t}有多少个", "{t} 数两", "{t}一共几各", "{t} 数字多少"),
        "traditional": ("{t}有多少", "{t}一共是多少", "{t}的数字是多少", "{t}总共有几个"),
        "short": ("{t} 数量", "{t}多少", "{t} 几个", "{t} 数字"),
        "pinyin": ("{t}有多少", "{t}一共多少", "{t}是多少", "{t}数量"),
    },
    "list": {
        "cadre": ("{t}具体包括哪些内容？", "请列出{t}的各项内容。", "{t}分别是什么？", "{t}都有哪几项？"),
        "voice": ("{t}是哪几个啊", "那个{t}都有啥嘛", "{t}分别是啥呢", "我想问问{t}包括哪些哦"),
        "typing": ("{t}有哪些", "{t} 是那几个", "{t}包扩什么", "{t} 都有啥"),
        "traditional": ("{t}是哪几个", "{t}包括哪些", "{t}都有什么", "{t}分别是什么"),
        "short": ("{t}", "{t} 哪些", "{t}内容", "{t} 都有啥"),
        "pinyin": ("{t}是哪些", "{t}有哪几个", "{t}包括什么", "{t}都是啥"),
    },
    "who": {
        "cadre": ("{t}由谁担任？", "请问{t}是谁？", "{t}由哪些人组成？", "{t}是由谁负责的？"),
        "voice": ("{t}是谁啊", "那个{t}是哪个嘛", "{t}由谁来当呢", "我问下{t}是啥人哦"),
        "typing": ("{t}是水", "{t} 是谁", "{t}由谁但任", "{t} 哪些人"),
        "traditional": ("{t}是谁", "{t}由谁担任", "{t}是哪些人", "谁是{t}"),
        "short": ("{t} 谁", "{t}", "{t} 人员", "{t}是谁"),
        "pinyin": ("{t}是谁", "谁是{t}", "{t}由谁担任", "{t}是哪些人"),
    },
    "name": {
        "cadre": ("{t}的名称是什么？", "{t}具体叫什么？", "请问{t}是什么？", "{t}的全称是什么？"),
        "voice": ("{t}叫啥啊", "那个{t}是叫什么名字嘛", "{t}是啥呢", "我想知道{t}叫什么哦"),
        "typing": ("{t}叫什嘛", "{t} 名字", "{t}叫神么", "{t} 是啥"),
        "traditional": ("{t}叫什么", "{t}是什么", "{t}的名字是什么", "{t}叫什么名字"),
        "short": ("{t}", "{t} 名称", "{t}？", "{t} 叫啥"),
        "pinyin": ("{t}叫什么", "{t}是什么", "{t}叫啥", "{t}名字"),
    },
    "place": {
        "cadre": ("{t}的地点是哪里？", "{t}去了什么地方？", "请问{t}是在哪里进行的？", "{t}在何处？"),
        "voice": ("{t}去的哪里啊", "那个{t}在哪儿嘛", "{t}是去哪了呢", "我问下{t}在什么地方哦"),
        "typing": ("{t}去那里", "{t} 地点", "{t}在拿里", "{t} 去哪"),
        "traditional": ("{t}去了哪里", "{t}在哪里", "{t}是什么地方", "{t}地点在哪"),
        "short": ("{t} 哪里", "{t} 地方", "{t}", "{t} 在哪"),
        "pinyin": ("{t}去了哪里", "{t}在哪", "{t}地点", "{t}去哪儿"),
    },
}


def split() -> dict[tuple[str, str, int], str]:
    """(kind, style, template index) -> "tune" | "held": half of each cell's templates each."""
    return probe_matrix.split((((k, s), len(TEMPLATES[k][s])) for k in KINDS for s in STYLES), SEED)


def filler(f: Fact, style: str, k: int, half: str) -> str:
    """The fact's name for one question: the half's own fillers, alternating; pinyin styles write it
    in pinyin, whole and spaced or (a mix) its first half only."""
    t = (f.tune if half == "tune" else f.held)[k % 2]
    if style != "pinyin":
        return t
    if k // 2 % 2 == 0:
        return probe_matrix.pinyin(t, spaced=True)
    cut = len(t) // 2
    return probe_matrix.pinyin(t[:cut], spaced=False) + t[cut:]


def build(*, half: str = "both") -> list[tuple[Item, dict]]:
    conv = probe_matrix.traditional()
    halves = split()
    out = []
    for j, f in enumerate(FACTS):
        for style in STYLES:
            for i, template in enumerate(TEMPLATES[f.asks][style]):
                h = halves[(f.asks, style, i)]
                if half != "both" and h != half:
                    continue
                q = template.format(t=filler(f, style, i + j, h))
                if style == "traditional":
                    q = conv(q)
                item = Item(q=q, persona="voice" if style == "voice" else style, scope="in", must=f.must)
                out.append((item, {"fact": f.code, "asks": f.asks, "style": style, "template": i, "half": h}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("tune", "held", "both"), default="both")
    ap.add_argument("--worst", type=int, default=12, help="worst cells shown")
    ap.add_argument("--misses", type=Path, help="write the tune half's misses here, one a line")
    ap.add_argument("--json", type=Path, help="write every question's outcome here")
    args = ap.parse_args(argv)

    rows = probe_matrix.run(build(half=args.half))
    probe_matrix.report(rows, title="policy matrix", row_key="asks", row_names=KINDS, styles=STYLES,
                        worst=args.worst)
    probe_matrix.report(rows, title="policy matrix per fact", row_key="fact",
                        row_names=[f.code for f in FACTS], styles=STYLES, worst=args.worst)
    probe_matrix.write_outputs(rows, row_key="fact", misses=args.misses, json_path=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
