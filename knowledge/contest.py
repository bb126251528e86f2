"""Contest questions answered from the catalogue: 「赛马多大年龄能报」, 「篮球几号截止」, 「有奖吗」.

:meth:`ContestDesk.detect` reads a question for what it names -- an event (by its name, an alias,
a short form, or a voice-input homophone: 塞马, saima), a word that names several events (演讲), a
category, another place or time the catalogue does not cover (那曲, 去年) -- and for what it asks
(the *aspects*: who may enter, deadline, when it is held, team size, number of places, how many
events one person may enter, levels, venue, cost, what to bring, prizes, winners, how to sign up --
a team by its captain, someone else through 「帮别人报名」 --, what the event is, the days left to sign up,
what differs from another event, moving one's sign-up to another event). Questions about every
event (「有哪些项目」, 「哪些比赛只限农牧民」, 「哪个最晚截止」) get the 7 categories, or the events that fit.
:meth:`ContestDesk.reply` composes a short answer about that event only, ending with the sign-up
command for it (「报名 赛马」, which :meth:`ContestDesk.named_event` reads back). Details the
catalogue does not have yet (cost, prizes, what to bring, venues) are said to be 「县里还没公布」,
never guessed.

Words are matched on characters or, for phrases of two syllables or more, on folded pinyin (so
voice input's 比塞 / 报明 / 在那里 meet 比赛 / 报名 / 在哪里). Event names are matched on pinyin only
when the question is plainly about the contest (it says 比赛/报名/… or asks an aspect), so a
homophone elsewhere (编制 / 编织) is no event.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, NamedTuple

from rapidfuzz.distance import Levenshtein

from bot.core.clock import cn_date
from knowledge.catalogue import MODE_LABEL, Catalogue, Category, Event
from knowledge.normalize import (
    FUNCTION_CHARS,
    MOOD_PARTICLES,
    char_pinyin,
    char_sound,
    char_tone,
    fold_syllable,
    numerals_to_digits,
    pinyin_syllables,
    split_pinyin,
    typed_phrase,
)
from knowledge.scope import SCHEDULE
from knowledge.text import CN_NUMERAL_CHARS, cn_to_int, fold, is_han, strip_punct

__all__ = ["ContestDesk", "ContestQuestion", "ContestReply", "UNSURE_LEAD", "desk_for"]

UNSURE_LEAD = "您问的这一点我这里没有资料。能告诉您的是：\n"     # what an ``unsure`` reply begins with

NOT_PUBLISHED = "县里还没公布"
TEAMS_PER_VILLAGE = f"一个村能报几个队{NOT_PUBLISHED}，可以问本村驻村工作队。"
MINE = "发「我的报名」查看您报了哪些项目、报名号和状态；要取消其中一项，发「取消报名」。"

# --------------------------------------------------------------------------- what is asked
# Characters of places (乡镇, 县里, 村里): typed as they are, never a cue heard by sound.
PLACE_CHARS = frozenset("乡镇县村市")
# The rounds of the contests, by the word for each (决赛 is the city final).
ROUNDS = ("决赛", "初赛", "预赛", "复赛")
# Aspect cues heard by their characters only: by sound 要牵 is 要钱, 拿去 is 哪去, 赛程 is 比赛城里.
WRITTEN_CUES: dict[str, tuple[str, ...]] = {
    # an animal or a material fetched along (自己牵牦牛去, 青稞要自己拿, 牛要赶过去吗)
    # (not 要拿 / 自己拿: 要拿第几名, 奖金自己拿 -- 拿去 says the fetching; see CUE_SWALLOWED for the rest)
    "bring": ("自己牵", "牵去", "牵过去", "牵着去", "要牵", "赶过去", "赶着去", "拿去", "拿过去",
              "自己出", "谁出", "谁准备", "谁提供"),
    # the schedule of matches, and being told when to come (比赛安排, 报完名啥时候通知我去比); 赛程 and 日程
    # are read by SCHEDULE (also after an event's name that swallows its 赛: 足球赛|程). Not 怎么通知:
    # one may ask how to tell them (取消报名怎么通知).
    "when": ("比赛安排", "时间安排", "什么时候通知", "啥时候通知", "哪天通知", "通知我"),
    # a kind of place asked of (决赛在县体育馆打吗): where each level is held is not published
    "venue": ("体育馆", "体育场", "赛马场", "射箭场", "礼堂", "场馆"),
}
# Asked of a thing fetched along (马由谁提供, 自己牵牦牛去): what the description says one brings answers first.
FETCH_CUES = frozenset(WRITTEN_CUES["bring"])
# Specific cues name one aspect; vague ones (GENERIC_CUES: 能报吗, 是什么) count only when nothing
# else is asked.
# A student by school level (初中生 holds no 学生).
STUDENT_WORDS = ("小学生", "中学生", "初中生", "高中生", "大学生", "在校生",
                 # a school level one is at now (我在读初中, 在上小学): a student too (上小学怎么报名 is
                 # a school's enrolment, no contest)
                 *(f"在{v}{level}" for v in ("读", "上", "念") for level in ("小学", "初中", "高中", "中学")))
# How many townships the county has, or which (县里一共有几个乡镇, 洛隆的乡镇都有哪些), or their names
# (乡镇名单): the catalogue's list answers it, contest word or not. Those said 乡镇 first ask the
# townships only when they end the question (乡镇有哪几个呀, 乡镇几个); 乡镇有哪些活动 / 乡镇是哪几个干部负责 ask
# what follows (see ``townships_counted``).
TOWNSHIPS_ASKED_FIRST = ("哪些乡镇", "哪几个乡镇", "几个乡镇", "有几个乡镇", "有多少个乡镇", "多少个乡镇")
TOWNSHIPS_ASKED_LAST = tuple(f"乡镇{dou}{v}{w}" for dou in ("", "都", "一共", "总共") for v in ("有", "是", "")
                             for w in ("哪些", "哪几个", "几个", "多少", "啥") if v or w != "啥")   # (乡镇几个: 有 left out)
TOWNSHIPS_ASKED_LAST += ("乡镇多少个", "乡镇一共多少个", "乡镇总共多少个")
# ... the ones said with no verb (乡镇几个) run into what follows (乡镇几个人能进决赛: 几个人)
TOWNSHIPS_TERSE = tuple(c for c in TOWNSHIPS_ASKED_LAST if "有" not in c and "是" not in c)
TOWNSHIPS_NAMED = tuple(f"乡镇{de}{w}" for de in ("", "的") for w in ("名单", "名字", "名称", "列表", "清单"))
TOWNSHIPS_COUNTED = (*TOWNSHIPS_ASKED_FIRST, *TOWNSHIPS_ASKED_LAST, *TOWNSHIPS_NAMED)
# What may follow a 乡镇…哪些 said last: the townships again, whether one may enter, particles.
# (可以报名选: the verbs run together)
TOWNSHIPS_TAIL = re.compile(r"个?(?:(?:都|分别)?是(?:哪些|哪几个|啥|什么))?(?:乡镇|乡|镇)?(?:(?:都)?(?:能|可以)(?:报名|报|选|参加|参赛)+)?[嘛啊呢哦撒噻呀啦吧哈哟咯噢喔唦？?。!！]*$")


def townships_counted(norm: str, cues: set[str]) -> bool:
    """Whether a townships cue said in ``norm`` asks for the townships themselves: which, how many,
    their names -- a cue said 乡镇 first only when nothing but the townships or particles follows."""
    for c in cues & set(TOWNSHIPS_COUNTED):
        if c not in TOWNSHIPS_ASKED_LAST:
            return True
        at = norm.find(c)
        if at >= 0 and TOWNSHIPS_TAIL.match(norm, at + len(c)):
            return True
    return False


# Whom the question speaks of (我家姑娘, 邻居家的小伙子), or who the asker is by what they are not or do
# (我不是牧民, 在县城上班): read with the age or the group asked of, no words of the event asked
# -- nor a word the answer lacks (see ``ContestDesk.of_whom``).
# The words for a person one asks of, longest first (老人家 before 老人): whom (WHOM_SAID), whose age (AGE_RE).
KIN_WORDS = ("老人家", "老人", "阿妈", "阿爸", "妈妈", "爸爸", "爷爷", "奶奶", "阿爷", "阿奶", "小伙子", "小伙", "小姑娘",
             "姑娘", "闺女", "儿子", "女儿", "孩子", "娃娃", "娃", "小孩", "妹妹", "弟弟", "哥哥", "姐姐", "侄子", "侄女",
             "孙子", "孙女", "外甥", "大叔", "阿姨")
# Having a job (在县城上班, 在乡政府工作, 我是老师, 上班族): neither herder nor student, so the events
# only for 农牧民 and those only for students are closed.
# (打工 is not here: a herder may work away for a season and still be one; nor a kin's job, 我老婆在县城上班)
EMPLOYED = re.compile(r"(?<![婆公爸妈子儿女哥姐弟妹爷奶叔姨])(?:在[\u4e00-\u9fff]{0,2}?(?:县城|城里|县里|市里|镇上|乡上|乡里|单位|机关|政府|"
                      r"学校|医院|公司|银行|企业|厂里)(?:上班|工作)|上班族|(?:是|当)(?:公务员|老师|教师|医生|护士|职工|"
                      r"上班的)|我(?:现在|目前|平时)?(?:在)?上班|吃(?:公家|财政)饭)")
WHOM_SAID = re.compile(r"(?:我们?|我家|我们家|邻居|隔壁|亲戚|村里)(?:家)?的?(?:" + "|".join(KIN_WORDS) + ")|"
                       r"(?:我|他|她)?(?:也|又|并|都)?不是(?:农牧民|牧民|农民|学生)|"
                       r"在(?:县城|城里|镇上|乡上|单位|外面)(?:上班|工作|打工|做生意)|" + EMPLOYED.pattern)
# Whose job or group a clause tells, and for whom 能报 is asked (我女婿在县城上班，我能报哪些 / 我在县城上班，
# 孩子能报哪些): the nearest person said before it -- 我, or none, is the asker; any other is someone else.
# (牛奶 holds 奶, 公务员 公, 其他 他: only whole words, or 他/她 not after 其)
OTHERS_SAID = ("女婿", "媳妇", "老婆", "老公", "丈夫", "妻子", "爱人", "对象", "亲戚", "朋友", "邻居", "同学", "家人",
               "家属", "别人", "儿媳", "爸", "妈", "哥", "姐", "弟", "妹", "叔", "姨", "舅")
PERSON_SAID = re.compile("|".join(sorted({*KIN_WORDS, *OTHERS_SAID}, key=len, reverse=True)) + r"|(?<!其)[他她]|我")
# Asked for whom one may enter (能报, 报得了, 参加哪些).
ENTER_ASKED = re.compile(r"能报|可以报|能参加|可以参加|能比|报得|报不|报哪|报啥|报什么|参加哪|参加啥|参加什么|能不能报|能去")
# A job or group said not to be one's now: denied (不是老师, 不在单位上班), wished (想当老师) or past (以前在县城上班).
NOT_NOW = re.compile(r"(?:不|没有?|想|要|会|以后|将来|打算|准备|以前|原来|曾经|过去)(?:去|再|也|是)?$")
# A job word owning someone (老师的学生, 医生的家属): no job of the asker's.
OWNED_AFTER = re.compile(r"的(?:学生|病人|家属|徒弟|" + "|".join(sorted({*KIN_WORDS, *OTHERS_SAID}, key=len, reverse=True)) + ")")
# One's own group said (我是学生, 现在上高中, 我是牧民, 在家放牧): the events for it are open, whatever job is said too.
GROUP_SAID = re.compile(r"学生|农牧民|牧民|农民|放牧|上学|读书|念书|在校|(?:读|上|念)(?:小学|初中|高中|中学|大学)")
# One's sign-up said done (报完名了, 报了名以后), before changing or taking it back.
SIGNED_UP = re.compile(r"报(?:了|完|上|好)了?名了?(?:以后|之后|过后|后)?|报名(?:以后|之后|过后|后)")
# Not of a group (我不是牧民, 不上学了): the events only for it are closed to the asker.
# (不在校住 says where one sleeps, no student's: 不在校 only as a whole, or of reading)
NOT_OF_GROUP = re.compile(r"不是(农牧民|牧民|农民|学生)|不(?:上学|读书)|不在校(?:了|读|念|上|$)")
# Which people (有哪些人能参加, 哪类人能报): who may enter, not which events.
WHICH_PEOPLE = ("什么人", "哪些人", "啥人", "哪种人", "哪类人")
# One's own animal taken to the event it races in (我家的马能骑去比赛吗, 自家的马可以牵去参赛不).
# An animal no event races (牦牛, 羊): no such contest, the events that come closest said.
OWN_ANIMAL_EVENT = {"马": "horse_racing"}
_OWNERS = r"(?:我|我们|俺|自己|自|别人|人家|亲戚|邻居|朋友|借|借来|租|租来)"
_ANIMALS = r"(马|牦牛|犏牛|牛|羊|狗|藏獒)[儿匹头只条]?"
OWN_ANIMAL = re.compile(_OWNERS + r"家?(?:里)?的?" + _ANIMALS + r"[\u4e00-\u9fff]{0,4}?(?:骑|牵|带|拉)"
                        r"(?:去|着|上|到|过去)?(?:参赛|参加比赛|比赛|比塞|比赛场|去比)")
# ... or ridden, whoever's it is (骑人家的马去比行不行, 牵借来的马去参赛行不): the owner said, so no
# 骑马比赛 (the event's own name) is read as an animal taken along.
ANIMAL_RIDDEN = re.compile(r"(?:骑|牵|用|拿|带|借)(?:着|上|了)?" + _OWNERS + r"家?(?:里)?的" + _ANIMALS
                           + r"[\u4e00-\u9fff]{0,4}?(?:参赛|参加|比赛|比塞|比)")
# ... someone else's (人家的马, 借来的马): whether it may run is the description's (骑自家的马), whatever
# else is asked (拿人家的马参加比赛要给钱吗); and the owner said is no unknown word (see vocabulary)
OTHERS_OWNED = re.compile(r"别人|人家|亲戚|邻居|朋友|借|租")
OTHERS_TAKEN = tuple(f"{v}{o}" for v in "骑牵用拿带借" for o in ("人家", "别人"))
# A trade or skill one has that no event is named by (会木工, 当木匠的), and the events it makes for;
# asked with which to enter (报啥, 能参加哪个, 适合什么比赛).
TRADES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("木工", "木匠", "木活", "做木头"), ("woodcarving", "furniture")),
    **dict.fromkeys(("厨师", "炒菜", "掌勺", "烧菜"), ("cooking",)),
    **dict.fromkeys(("画画", "画师", "画匠", "画画儿"), ("thangka",)),
    **dict.fromkeys(("皮匠", "皮活", "做皮子", "鞣皮"), ("leather",)),
    **dict.fromkeys(("缝衣服", "做衣服", "针线活"), ("sewing",)),
    **dict.fromkeys(("织布", "编筐", "编东西", "织毯子"), ("weaving",)),
    **dict.fromkeys(("跳舞", "跳锅庄"), ("guozhuang", "song")),
    **dict.fromkeys(("种地", "种庄稼", "种田"), ("barley_farming",)),
    **dict.fromkeys(("拍照", "照相", "拍照片"), ("photo",)),
    **dict.fromkeys(("弹琴", "弹扎念", "吹笛子", "拉二胡"), ("folk_music",)),
    # a language or a knack (普通话好, 字写得好, 力气大): the events done with it, by their descriptions
    **dict.fromkeys(("普通话", "国家通用语言", "汉语", "说普通话", "讲普通话", "说汉语", "讲汉语", "汉话", "说汉话", "讲汉话"),
                    ("speech", "reading", "student_story")),
    # herding cattle: raising yaks (喂养, 防病, 接羔) and milking yaks or cows, by their descriptions
    **dict.fromkeys(("放牛", "放牦牛", "养牛", "养牦牛"), ("yak_raising", "milking")),
    **dict.fromkeys(("写字", "毛笔字", "钢笔字", "书法", "字"), ("writing",)),
    **dict.fromkeys(("力气", "劲"), ("tug_of_war", "yajia")),
    **dict.fromkeys(("做饭", "做菜", "做藏餐"), ("cooking",)),
}
# ... a knack said by a word too short to name it in a reply (字写得好: 写字)
KNACK_NAMES = {"字": "写字", "劲": "力气"}
# The trade must be asked of with a word of entering a contest after it (报, 比赛, 项目, 参赛), or 参加啥
# ending the message: 适合什么工作, 能参加培训吗, 种什么品种 seek something else (TRADE_ELSE).
_TRADE_WORDS = "|".join(sorted(TRADES, key=len, reverse=True))
# ... said as one's trade (会木工, 当木匠的) or praised (普通话好, 字写得漂亮, 力气大): group 1 or 2, the ask after it 3
SKILL_SAID = re.compile(r"(?:(?<![不没])(?:会|当|是|擅长|懂|学过|干|做)(?:点|过)?(" + _TRADE_WORDS + r")(?:的|活)?|"
                        r"(?<![会当是懂干做打])(" + _TRADE_WORDS + r")(?:说得|讲得|写得|做得|练得)?(?:很|特别|挺|比较|非常|蛮|可)?"
                        r"(?:好|不错|厉害|棒|溜|标准|流利|漂亮|大)(?:得很|的很)?)"
                        r"(.{0,6}?(?:报啥|报什么|报哪|能报|可以报|能参加|可以参加|参加啥|参加什么|参加哪|适合|合适|哪个比赛|什么比赛|啥比赛).*)")
# ... and any other skill so asked of (会开车能参加啥), which no event is -- not one denied (不会开车),
# nor one asked of training or work (会修车能参加哪些培训: TRADE_ELSE on the rest of the message)
SKILL_UNNAMED = re.compile(r"(?<![不没])(?:会|擅长|学过)(?:点)?([\u4e00-\u9fff]{2,4}?)(?:的|活)?(?:我)?(?:能|可以)?(?:报|参加)(?:啥|什么|哪个|哪些|哪样)")
# ... a skill one lacks (我不会骑摩托能报啥): no event asked of -- which there are, the list
SKILL_DENIED = re.compile(r"(?:不会|没学过)(?:点)?[\u4e00-\u9fff]{1,4}?(?:的|活)?(?:我)?(?:能|可以)?(?:报|参加)(?:啥|什么|哪个|哪些|哪样)")
# ... praised of an animal (我家牦牛力气大): its strength, no knack of the asker's (打字很溜: no handwriting)
KNACK_OF_ANIMAL = re.compile(r"(?:牦牛|犏牛|牛|马|羊|狗|驴|骡子?|牲口|牲畜)的?$")
TRADE_CONTEST = re.compile(r"报|比赛|项目|参赛|赛")
TRADE_WHICH_END = re.compile(r"参加(?:啥|什么|哪个|哪些|哪样)(?:子)?[嘛呢啊呀哦噻撒吧]*$")
TRADE_ELSE = re.compile(r"培训|工作|活路|岗位|招聘|招工|合作社|品种|贷款|补贴|学习班|课|考试|证书|执照|生意|工资")
# A group of people every one of whom may enter some events (学生能不能参加: yes, so many, then the rules);
# the catalogue's group each word is of (干部: neither students nor 农牧民), none for words of anyone.
GROUPS_OPEN = frozenset({*STUDENT_WORDS, "学生", "农牧民", "牧民", "年轻人", "老年人", "老人", "干部", "老百姓",
                         "群众", "职工", "村民", "普通人", "普通群众", "妇女"})
GROUP_OF_WORD = {**dict.fromkeys((*STUDENT_WORDS, "学生"), "students"),
                 **dict.fromkeys(("农牧民", "牧民"), "farmers_herders"), **dict.fromkeys(("干部", "职工"), "cadres")}
# An event pointed at (这个比赛, 这项): of the one before, not the whole campaign; which ones asked (哪个, 什么).
POINTED = re.compile(r"(?:这|那|该)(?:个|项|一项|场)?(?:比赛|项目|赛)|这项|那项|这一项|它")
WHICH_ASKED = re.compile(r"哪|什么|啥")
# A paper of one's identity (身份证): asked to bring (要带身份证吗), or said not at hand (身份证丢了能报名吗,
# 没有户口本) -- whether one may sign up without it, not what to bring.
ID_DOCS = ("身份证", "户口本", "户口簿")
LACKED_BEFORE = ("没有", "没", "没带", "忘带", "忘了带", "丢了", "弄丢了", "还没办")
LACKED_AFTER = ("丢了", "掉了", "弄丢了", "搞丢了", "不见了", "没了", "没带", "忘带", "忘了带", "不在身边", "不在手上",
                "不在家", "没在身边", "过期", "还没办", "没办", "没有")
_DOC = "(" + "|".join(ID_DOCS) + ")"
WITHOUT_DOC = re.compile(f"(?:{'|'.join(LACKED_BEFORE)}){_DOC}|{_DOC}(?:也|都|还)?(?:{'|'.join(LACKED_AFTER)})")
ASPECT_CUES: dict[str, tuple[str, ...]] = {
    "eligibility": (*STUDENT_WORDS, "年龄", "年纪", "岁数", "多大能", "多大可以", "多大才", "多大年", "多大岁", "多大了", "多大的人",
                    "多大的孩子", "多大的娃", "多大报", "要多大", "几岁", "多少岁", "岁", "老人", "小孩", "孩子", "娃娃",
                    "学生", "上学", "读书", "谁能", "谁可以", "谁来报", "由谁报", "谁报名", "谁报", "谁来讲", "谁来比",
                    "谁来参加", *WHICH_PEOPLE,
                    "资格", "身份", "监护人", "家长同意", "大人", "年满", "满多少岁", "满几岁",
                    "农牧民", "牧民", "年轻人", "老年人", *(PEOPLE_GROUPS := ("干部", "老百姓", "群众", "职工", "村民",
                                                                  "普通人", "普通群众", "妇女"))),
    "deadline": ("截止", "截至", "最后一天", "最晚", "几号前", "之前报", "报名时间", "什么时候报", "啥时候报",
                 "哪天报", "几号报", "几月报", "过期", "来得及", "期限", "到几号", "截止日期", "截至日期", "截止时间", "截至时间", "还能报吗", "到好久", "报到好久",
                 "结束报名", "报名结束", "停止报名"),
    # How many days are left to sign up (read as the contest's own day when nothing says 报 or 截止).
    "days": ("还剩几天", "还有几天", "剩几天", "还有多少天", "剩多少天", "还剩多少天", "几天截止", "多少天截止",
             "还有多久", "还剩多久", "还有好久", "还剩好久", "还有几日", "倒计时", "剩下几天", "剩下多少天"),
    # What differs between two events (or whether two names are one event).
    "compare": ("区别", "不一样", "不同", "差别", "差异", "异同", "有啥两样", "有什么两样", "一样吗", "一样不",
                "是不是一个", "是不是同一", "同一个比赛", "同一项", "一回事", "差在哪", "是一个比赛", "是一个项目",
                "是同一个", "一样的吗", "一样的不"),
    # Moving one's sign-up from one event to another: cancel, then sign up again.
    "switch": ("换成", "改成", "改报", "换报", "换到", "改到", "改为", "换为", "换项目", "换个项目", "换一个项目", "换一个比赛", "换一项",
               "改项目", "换比赛", "换个比赛", "换别的", "想换", "要换", "能换", "可以换", "报错", "调换",
               *(MISTAKEN_AS := ("报成", "报成了", "报错成"))),
    "when": ("什么时候比", "啥时候比", "哪天比", "几号比", "几月比", "比赛时间", "什么时候开始", "啥时候开始",
             "什么时候举行", "什么时候办", "哪天举行", "几时比", "什么时间比",
             # a round's day (决赛时间, 初赛的时间定了吗): when that round is held, not the levels
             *(f"{r}{de}时间" for r in ("决赛", "初赛", "预赛", "复赛") for de in ("", "的")),
             # whether the day is fixed yet (初赛的日子定了没, 决赛时间出来没)
             "日子定", "时间定", "日期定", "日子出来", "时间出来", "日期出来", "时间公布", "日子公布", "比赛日子", "比赛日期",
             "比赛的时间", "比赛的日期"),
    # How many teams a village may enter (the split forms, 几个篮球队, by TEAMS_ASKED).
    "teams": ("几个队", "几支队", "多少个队", "多少支队", "多少队", "几队", "报几个队", "报几支队", "报多少个队", "报多少队"),
    "levels": ("几级", "哪一级", "哪级", "级别", "层级", "层次", "市级", "县级", "乡级", "村级", "决赛", "初赛", "预赛",
               "复赛", "比到", "设到", "办到", "晋级", "市里", "一路比", "往上比", "县里比", "到县里", "县里决赛", "第一轮",
               "分几级", "几个级别", "比完了", "比完还", "下一轮", "下一级", "一共分几级", "总共分几级", "一共几级",
               "总共几级", "一共有几级", "总共有几级", "赢了去", "赢了到", "胜出", "选上了", "比赢了"),
    "venue": ("地点", "场地", "在哪比", "哪里比", "哪儿比", "在哪举行", "在哪里举行", "在哪办", "在哪里办",
              "去哪比", "去哪里比", "在什么地方比", "地址", "具体位置", "哪个广场", "哪个场地", "哪个球场",
              # 在哪举办, 什么地方举行; voice and dialect: 在哪点比, 哪块比
              "在哪举办", "在哪里举办", "哪儿举行", "哪儿举办", "什么地方举行", "什么地方举办", "啥地方比",
              *(VENUE_SAID_LOOSELY := ("哪点比", "哪块比"))),
    "team": ("几个人一队", "一队", "一个队", "每队", "队员", "组队", "团体", "个人赛", "一个人", "单人", "人数",
             "几个人", "最少几", "最多几", "几人", "要多少人", "需要多少人", "得多少人", "多少人一队", "多少人一组",
             "几人一组", "自己一个人", "按人报", "按户报", "按户", "以户", "一户一", "按家", "每户", "个人项目", "团体项目", "个人的", "团体的", "几个队员", "多少队员", "多少个队员", "几名队员"),
    "capacity": ("名额", "收多少", "收几个", "限多少", "招多少", "限几个", "报满", "满了", "人数限制", "限制人数",
                 "限多少人", "限定", "上限", "人数上限", "报名人数", "最多收", "有限", "限名额",
                 "限人数", "限制人", "限人"),       # 还有哪些要限人数的: places capped, not a team's size
    "limit": ("每人最多", "每个人最多", "一人最多", "一个人最多", "报几个项目", "报几个比赛", "报多少个项目", "参加几个项目", "报几个", "报几项", "报几样", "报多少个", "报多少项", "最多报", "同时报", "报多个", "参加几个",
              "参加几项", "最多参加", "兼报", "报两个", "报两项", "报好几", "选好几", "好几个比赛", "好几个项目", "好几项",
              "几个比赛", "多个比赛", "多个项目",
              # one entered, another asked after (还能报别的吗, 和其他项目同时报) -- not 改报别的 (a switch)
              "还能报几", "同时报名",
              "一起报名吗",
              # 一个人能报好多个, 可以参加很多项吗: many said in dialect, of entering
              *(MANY_CUES := tuple(f"{v}{n}{u}{w}" for v in ("报", "参加") for n in ("好多", "很多", "许多")
                                   for u in ("个", "项", "样") for w in ("", "比赛", "项目")))),
    "cost": ("钱", "费", "收费", "免费", "交钱", "花钱", "费用", "报名费"),
    # (身份证 holds 身份: no who-may-enter asked)
    "bring": ("要带", "带啥", "带什么", *(v + doc for v in ("带", "拿", "要", "用", "要带", "得带", "带上", "带着") for doc in ID_DOCS),
              *(w + doc for w in LACKED_BEFORE for doc in ID_DOCS), *(doc + w for w in LACKED_AFTER for doc in ID_DOCS), "带上", "带着", "自己带", "自带", "自备", "准备什么", "准备啥", "准备些",
              "需要准备", "要准备", "自己准备", "准备好", "带不带", "得带", "用带"),
    "prizes": ("奖", "奖品", "奖金", "奖励", "有奖", "发奖", "得奖", "获奖", "拿奖", "好处", "赢了给", "赢了有"),
    "winners": ("第一名", "冠军", "谁赢", "谁得了", "得了第一", "获奖名单", "谁拿了", "名次", "比赛结果", "一等奖",
                "二等奖", "三等奖", "获奖的人", "得奖的人", "得奖的", "获奖的", "得的什么奖", "得了什么奖",
                "得的啥奖", "拿的什么奖", "拿了什么奖"),
    # What one has signed up for: 「我的报名」.
    "mine": ("报了什么", "报了啥", "报了哪些", "报了哪几个", "报了几个", "报的什么", "报的哪些", "查自己报", "查我报",
             "看我报", "我报的", "报上了没", "报上没有", "报成功没", "报成功了吗", "有没有报上", "报没报上",
             "有没有报成功", "报上了吗", "报好了没", "报进去了没", "报进去没",
             # 赛马报成了吗, 报成了没有: whether it went through (报成射箭了: a switch, MISTAKEN_AS)
             "报成了吗", "报成了没", "报成没", "报成了不", "报成了嘛",
             # ... and how to take one back: the same place
             "取消", "不想参加", "不参加了", "不想报了", "不报了", "退赛", "退出比赛", "撤销", "撤回"),
    "howto": ("怎么报", "咋报", "如何报", "怎样报", "在哪报", "哪里报", "哪儿报", "去哪报", *(WAYS := (
              "报名方式", "报名方法", "报名途径", "报名渠道", "报名的方式", "报名的方法", "报名的途径", "报名的渠道")),
              "怎么参加", "咋参加", "如何参加", "怎样参加",
              # 怎么参赛, 咋个报: the way in, said apart from the deadline or the age asked beside it
              *(f"{h}{v}" for h in ("怎么", "咋", "咋个", "如何", "怎样", "怎么样") for v in ("参赛", "报")),
              "咋个参加", "帮报", "代报", "帮我报", "帮他报", "帮她报",
              "找谁报", "替我报", "帮别人", "替别人", "代别人", "给别人报", "帮人报", "替人报", "帮家里人",
              "填啥", "填什么", "要填", "填哪些", "填些什么",
              # by phone, oneself (学生自己用手机可以报名吗, 能在公众号上报吗): the account's 「报名」
              # -- 自己 only with may asked (我能自己报名吗): 我自己报了, 自己报的名 are one's sign-up done
              *(BY_PHONE := (*(f"{w}{v}报" for w in ("手机", "手机上", "公众号", "公众号里", "公众号上", "微信",
                                                   "微信上", "网上", "线上")
                               for v in ("", "能", "可以", "也能", "也可以")),
                             "自己能报", "自己可以报", "能自己报", "可以自己报", "能不能自己报"))),
    "what": ("比什么", "比啥", "比哪些", "怎么比", "咋比", "咋个比", "评什么", "评啥", "评哪些", "考什么", "考啥", "哪些方面",
             "规则", "内容", "做什么", "做啥", "讲什么", "读什么", "唱什么", "介绍", "些什么", "些啥",
             "按什么评", "怎么评", "咋评", "评分", "打分", "织什么", "织哪些", "画什么", "雕什么", "编什么", "拍什么",
             "给谁听", "讲给谁", "讲给哪个", "念给谁", "做哪些东西", "做什么东西", "做些啥", "唱啥", "唱哪些", "跳什么",
             "跳啥", "讲啥", "画啥", "拍啥", "做啥东西"),
    # Which event or category something is (做马鞍子的是哪个比赛, 摔跤属于哪一类), or whether there is one.
    "which": (*(WHICH_EVENT := ("哪个比赛", "哪项比赛", "哪一项比赛", "哪个项目", "哪一个比赛")), "叫什么比赛", "叫啥比赛", "叫什么",
              "叫啥", "哪一类", "哪类", "哪个类", "哪个大类", "什么类", "啥类", "属于", "算哪", "归哪", "归哪一类",
              "算哪一类", "属于哪一类", "归哪类", "算哪类", "有没有", "对应的比赛", "适合的比赛", "合适的比赛",
              "对应的项目", "适合我", "适合的项目",
              "有没得", "有冇"),
    # Where or whether it has been held already (在哪个村办过): the sources' news, not the catalogue.
    "held": ("办过", "搞过", "举办过", "举行过", "比过了", "已经办", "已经比", "已经举办", "已经举行", "办了没",
             *(NEWS_HELD := ("搞了个", "办了个", "搞了一个", "办了一个", "搞了一场", "办了一场", "搞了场", "办了场")),
             "开始比了", "已经开始", "哪些村办了", "哪些乡办了"),
    # Every township may enter: 哪些乡镇能报.
    # How many have signed up so far (讲故事已经有多少人报了): the sign-ups are the organisers', not told.
    "signed": ("已经有多少人", "已经有几个人", "已经有好多人", "报了多少人", "报了几个人", "报了好多人", "有多少人报",
               "有几个人报", "有好多人报", "多少人报了", "几个人报了", "多少人报名了", "已经报了多少", "现在有多少人",
               "目前有多少人", "有几个人参赛", "有多少人参赛", "有几个人参加了", "有多少人参加了", "多少人参赛了",
               "几个人参赛了", "报名了多少人", "报名了几个人", "报名了好多人", "报的人多不多", "报名的人多不多",
               "报名进度", "报名情况怎么样", "已报名人数", "已经报名的人数", "报名的有多少人", "报名的有几个人"),
    # The office's phone for questions about signing up (报名咨询电话多少): in the catalogue once set.
    "phone": ("咨询电话", "联系电话", "电话多少", "电话是多少", "电话号码是多少", "热线", "客服电话", "办公室电话",
              "打哪个电话", "打什么电话", "打电话问", "电话咨询"),
    # A web address to sign up at (报名网址): there is none -- the account's 「报名」 is the way.
    "web": ("网址", *(f"报名{d}{w}" for d in ("", "的") for w in ("网站", "网页", "链接", "小程序", "二维码"))),
    "townships": ("哪个乡镇", "什么乡镇", "哪些乡", "哪些镇",
                  "乡镇能选", "乡镇可以选", "选哪个乡镇", "乡镇选哪",
                  # the sign-up form's township field (乡镇那一栏能选哪些)
                  "选哪些乡镇", "选哪几个乡镇", "乡镇一栏", "乡镇那一栏", "乡镇这一栏", "乡镇那栏", "乡镇栏",
                  "哪几个乡", "能选的乡镇", "可以选的乡镇", "选的乡镇",
                  "能选几个乡镇", "可以选几个乡镇", "能选哪些乡镇", "可以选哪些乡镇",
                  *TOWNSHIPS_COUNTED,
                  # the county's other townships (别的乡镇也能报吗): all of them may enter
                  *(OTHER_TOWNSHIPS := ("别的乡镇", "其他乡镇", "其它乡镇"))),
}
# A choice between two levels' places (到县还是市, 县级还是市级): how far the event goes -- by the
# characters only (市 and 是 sound alike).
_LEVEL_PLACES = tuple(f"{p}{suf}" for p in ("村", "乡", "镇", "乡镇", "县", "市") for suf in ("", "级", "里"))
LEVELS_EITHER = tuple(f"{a}还是{to}{b}" for a in _LEVEL_PLACES for to in ("", "到", "去") for b in _LEVEL_PLACES
                      if a.rstrip("级里") != b.rstrip("级里"))
# ... only of a contest (比到县还是市, 最高到县级还是市级, an event named), and not the place a thing is
# handed in or done at (交到乡里还是县里, 在村里办还是乡里).
LEVELS_CONTEXT = re.compile(r"比|赛|最高|最远|晋级|级别|几级")
HANDED_TO = re.compile(r"(?:交|发|办|报|送|递|寄|找|领|填|盖章|审核|提交)(?:到|在|给|去)?$")
# The order the levels are asked in (从低到高分哪几级): no content of its own.
LEVELS_ORDER = ("从低到高", "从高到低", "由低到高", "由高到低", "从下往上", "从上往下", "从下到上", "从上到下")
# The cap said as a limit (一人限报几项, 每人只能报几个): by their characters only (想报 sounds like 限报).
# A limit per person is the cap only on entering or events (每人限报, 一人只能报几项; 每人限购几斤 is none).
CAP_HEADS = frozenset({"一人限", "每人限", "每个人限", "一人只能", "每人只能"})
CAP_CUES = (*CAP_HEADS, "限报", "只能报几", "能报几项", "可以报几项")
# ... said of entering or of events right after it (每人限报, 一人只能参加几项): 每人限购几斤 is none
CAP_ON = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:报|项|参加|参赛)")
GENERIC_CUES: dict[str, tuple[str, ...]] = {
    "eligibility": ("能报吗", "能参加", "可以参加", "能不能报", "能不能参加", "可以报", "能报", "可不可以",
                    "行不行", "行吗", "可以吗", "要求", "条件", "限制"),
    "what": ("是什么", "是啥", "干什么", "干啥", "什么比赛", "啥比赛", "啥子比赛", "什么项目", "怎么回事"),
    "howto": ("想报", "想参加", "要参加", "要报名", "报名", "怎么弄", "咋弄"),
}
# Where and when: read in the light of 报 (在哪报 = how to sign up, 在哪比 = venue), and dropped when a
# specific cue already asks it (什么时候截止 is the deadline only).
PLACE_TIME_CUES: dict[str, tuple[str, ...]] = {
    "where": ("在哪", "哪里", "哪儿", "什么地方", "啥地方", "哪个地方"),
    "time": ("什么时候", "啥时候", "哪天", "几号", "几月", "多久", "好久"),
}
# The question is about the contest at all (lets event names match on pinyin, and family words count).
CONTEST_WORDS = ("比赛", "项目", "报名", "参加", "参赛", "赛", "报", "比")
# Words a cue may cut in two (想报|名): the half left over is no part of the thing guessed at.
_SPLIT_WORDS = frozenset(w for w in (*CONTEST_WORDS, *GENERIC_CUES["howto"]) if len(w) == 2)
# What a follow-up may say besides cues and still ask of the event before (几号截止, 几岁能报, 当干部的,
# 要带什么材料): words of asking and entering, no subject of their own (ContestDesk.asks_only)
_CUE_WORDS = tuple(c for table in (ASPECT_CUES, GENERIC_CUES, PLACE_TIME_CUES) for group in table.values() for c in group)
_ASKED_WORDS = re.compile("|".join(map(re.escape, sorted(
    {*_CUE_WORDS, *CONTEST_WORDS, "时候", "时间", "号", "岁", "月", "天", "交", "带", "当", "去", "材料", "一起"}, key=len, reverse=True))))
# Asking for the list of events (no event named): 「有哪些项目」.
LIST_CUES = ("有哪些", "有什么比赛", "有啥比赛", "哪些比赛", "哪些项目", "什么项目", "啥项目", "都有啥", "都有什么",
             "有些什么", "有什么项目", "几大类", "哪几类", "哪几项", "分哪些", "项目表", "项目列表", "比些什么",
             # 比赛分几类, 一共多少类: the classes counted (of the contest: 政策分几类 reads no contest word)
             "几类", "几个类", "多少类", "多少个类", "几个大类", "多少大类",
             "几个项目", "多少个项目", "列一下", "列出来", "几项", "是哪些", "都是哪些",
             "能报什么", "能报啥", "可以报什么", "可以报啥", "能参加什么", "能参加哪些", "可以参加哪些", "能报哪些",
             "可以报哪些", "参加啥", "参加啥子", "报啥子",
             # 能参加些啥子比赛, 报些什么: the list, no 些啥 asking what one event is
             *(f"{v}些{w}" for v in ("报", "参加") for w in ("啥", "啥子", "什么")), "参加什么", "报哪几个", "报哪几项", "能报哪个", "可以报哪个",
             "哪几个", "哪几项", "列出", "名称", "分别是", "包括哪些", "包括什么", "包括啥", "包含哪些", "包括", "是哪个",
             "是哪项", "是哪一项", "不限年龄", "年龄不限", "的项目", "的比赛有",
             "哪几个比赛", "哪几个项目", *(COUNT_CUES := ("有几个比赛", "有几个项目", "有多少个比赛", "有多少项",
                                                           "有几项", "好多个项目", "好多项", "好多个比赛")),
             # 体育类是哪六项, 哪7类: a count named with 哪 asks for the list
             *(f"哪{n}{unit}" for n in "两二三四五六七八九十23456789" for unit in ("项", "类", "个项目")))
# Words that carry no content of their own in a contest question.
FILLER_WORDS = ("一下", "告诉", "了解", "知道", "详细", "具体", "情况", "信息", "说说", "讲讲", "看看", "问问", "咨询",
                "关于", "这个", "那个", "一个", "请问", "你好", "您好", "谢谢", "老师", "今年", "以上", "才能",
                "只限", "仅限", "允许", "准许", "只准", "只让", "的时候", "以后", "之后",
                # the home county and the campaign's own place, and a comparison with another county
                "洛隆县", "洛隆", "昌都", "全县", "一样", "相同", "不同", "各项", "每项", "各个",
                # a place on the sign-up form (乡镇那一栏选什么): the form, not what is asked of it
                "一栏", "这栏", "那栏", "栏里", "表格", "报名表", "报名系统", "系统里", "系统上", "系统")
# One township set aside (除了孜托镇以外的乡镇): the townships still asked of -- by the characters
# only (出了问题 sounds like 除了).
SET_ASIDE_WORDS = ("除了", "以外", "之外")
# Everyday words for events that the catalogue's names and aliases do not contain (画画 is no part
# of 唐卡绘画), each with the names or aliases of the events it means; one that means several
# (跳舞) is answered like 演讲, with the events to choose from. Like a short form, a loose word
# names an event only beside a contest word (画画比赛, 跳舞的报名).
LOOSE_NAMES: dict[str, tuple[str, ...]] = {
    "跳舞": ("锅庄舞", "歌舞比赛"), "舞蹈": ("锅庄舞", "歌舞比赛"), "唱歌跳舞": ("歌舞比赛",),
    "画画": ("唐卡",), "画画儿": ("唐卡",),
    "弹琴": ("乐器演奏",), "乐器": ("乐器演奏",), "弹六弦琴": ("乐器演奏",),
    "书法": ("写字比赛",), "毛笔字": ("写字比赛",), "写汉字": ("写字比赛",), "练字": ("写字比赛",),
    "做衣服": ("缝纫",), "缝衣服": ("缝纫",), "藏装": ("缝纫",),
    "织布": ("编织",), "织毯子": ("编织",),
    "照相": ("手机摄影",), "拍照片": ("手机摄影",), "拍视频": ("手机摄影",), "拍风景": ("手机摄影",),
    "拍家乡": ("手机摄影",), "风景照": ("手机摄影",),
    "做菜": ("厨艺",), "炒菜": ("厨艺",), "烧菜": ("厨艺",),
    "种地": ("青稞种植",), "种庄稼": ("青稞种植",), "养牛": ("牦牛养殖",), "放牦牛": ("牦牛养殖",),
    "挤牦牛奶": ("挤奶",), "奶渣": ("乳制品加工",), "酥油": ("乳制品加工",),
    "搞卫生": ("最美庭院",), "打扫卫生": ("最美庭院",), "院子": ("最美庭院",), "打扫": ("最美庭院",),
    "整洁": ("最美庭院",),
    "讲法": ("法治宣讲",), "讲政策": ("政策宣讲",),
    "打球": ("篮球", "足球"), "藏家具": ("藏式家具",), "家具": ("藏式家具",), "球赛": ("篮球", "足球"),
    "骑马比赛": ("赛马",), "赛跑马": ("赛马",), "做木工": ("木雕", "藏式家具"),
    # what the descriptions say each is, as people put it (讲红色历史, 雕木头, 唱红歌, 读文章) -- everyday
    # words too, so each names its event only beside a contest word or a cue of what is asked of it
    # (DESCRIBED_NAMES): 我娃读文章读不通顺 is no question of the reading contest
    "红色历史": ("红色故事",), "革命故事": ("红色故事",), "驻村干部讲故事": ("驻村故事",),
    "讲驻村": ("驻村故事",), "文艺演出": ("村演",), "雕木头": ("木雕",), "刻木雕": ("木雕",),
    "背对背": ("押加",), "拉绳子": ("拔河", "押加"), "读文章": ("朗读比赛",), "念文章": ("朗读比赛",),
    # (the text read aloud as school calls it: 课文; a poem: 诗)
    "读课文": ("朗读比赛",), "念课文": ("朗读比赛",), "读诗": ("朗读比赛",), "念诗": ("朗读比赛",),
    "规范字": ("写字比赛",), "红歌": ("歌舞比赛",), "讲家乡发展": ("普通话演讲",),
}
DESCRIBED_NAMES = frozenset({"红色历史", "革命故事", "驻村干部讲故事", "讲驻村", "文艺演出", "雕木头", "刻木雕", "背对背",
                             "拉绳子", "读文章", "念文章", "读课文", "念课文", "读诗", "念诗", "规范字", "红歌",
                             "讲家乡发展"})
# ... and of those, what children read at school every day names the event only beside a contest word, no
# cue of what is asked (老师让娃娃背诗念诗，有什么好处: no contest)
READ_AT_SCHOOL = frozenset({"读课文", "念课文", "读诗", "念诗"})
# What one asks of an event (its age, deadline, levels...), beside which a described name is the event;
# not how to go about something (咋办) nor which there are (红歌有哪些: the songs, never published).
_OF_EVENT_ONLY = frozenset({"howto", "what", "which"})
# Things the descriptions name (做藏桌的比赛, 马鞍比赛, 吹笛子的比赛): like a loose name, but only
# when no event is named otherwise (赛马要带马鞍吗 is about 赛马, not 皮具).
OBJECT_NAMES: dict[str, tuple[str, ...]] = {
    "藏柜": ("藏式家具",), "藏桌": ("藏式家具",), "马鞍": ("皮具",), "皮包": ("皮具",), "皮带": ("皮具",),
    "笛子": ("乐器演奏",), "吹笛子": ("乐器演奏",), "扎念琴": ("乐器演奏",), "小品": ("村演",), "说唱": ("村演",),
    "氆氇": ("编织",), "卡垫": ("编织",), "邦典": ("编织",), "酸奶": ("乳制品加工",), "炒青稞": ("手工磨糌粑",),
    "接羔": ("牦牛养殖",), "诗歌": ("朗读",), "奶牛": ("挤奶",),
}
# Names of other things that hold an event's alias (应知应会知识问答 is the study material, not
# the 知识问答 contest): read as themselves, never as the event.
NOT_EVENTS = ("应知应会知识问答", "应知应会问答", "知识问答题", "条知识问答")
# The campaign's study material (its documents, how many questions, where they are published):
# asked beside 知识竞赛 it is the knowledge base's to answer -- the event card says only that its
# questions come from it. Each word the question may use, and the words of an answer that name it.
MATERIAL_WORDS = {"应知应会": ("应知应会",), "必知必会": ("必知必会",), "资料": ("资料",), "材料": ("资料", "材料")}
# 材料 is as often what one hands in (报名要交啥材料) as what one studies: it names the study
# material only beside a word of studying (学哪些材料, 复习材料, 要背的材料, 看啥材料).
STUDY_WORDS = ("学", "复习", "背", "看", "练")
# The only event whose questions come from the study material; any other event's 资料 or 材料
# (唐卡比赛要准备什么材料) is what it asks one to bring or make.
STUDIED_EVENTS = frozenset({"knowledge_quiz"})
# What one brings, hands in or fills in, or the sign-up itself (报名要带什么资料, 交哪些材料).
HANDED_IN = re.compile(r"报名|报上|带|交|准备|提交|填|写|寄|递")
# Places and times the catalogue does not cover: the answer says so before what 洛隆县 has.
ELSEWHERE = ("那曲", "索县", "比如县", "山南", "桑珠孜", "拉萨", "日喀则", "林芝", "阿里", "深圳", "江达", "贡觉",
             "类乌齐", "丁青", "察雅", "八宿", "左贡", "芒康", "边坝", "卡若", "外县", "别的县", "其他县", "外地",
             *(OTHER_TIMES := ("去年", "前年", "明年", "往年", "上一届", "上届", "首届", "第一届", "第二届", "以前")))
GENERAL_ELSEWHERE = frozenset({"外县", "别的县", "其他县", "外地"})
# The team cues that only say "one person": beside how many events one may enter, no team question.
ONE_PERSON = frozenset({"一个人", "自己一个人", "单人"})
# Without a which-word, a missing event is said only of a question about entering it or whether it is held.
SIGNUP_ASPECTS = frozenset({"eligibility", "deadline", "howto", "team", "capacity", "limit", "levels"})
EXISTS_RE = re.compile(r"^有.{1,6}吗$|有吗$|有没有|有没得")
# 「有没有X」 asks whether there is such an event only of an X said as one (有没有摔跤比赛).
EXISTENCE = frozenset({"有没有", "有没得", "有冇"})
# Cues that ask for the class of what they name: X is then taken as an event's name (摔跤是哪一类).
CLASS_CUES = frozenset({"哪一类", "哪类", "哪个类", "哪个大类", "什么类", "啥类", "属于", "算哪", "归哪", "归哪一类",
                        "算哪一类", "属于哪一类", "归哪类", "算哪类"})
# Levels cues that ask what comes after a round (村里比完了还去哪比): the levels, not a venue.
NEXT_LEVEL = frozenset({"比完了", "比完还", "下一轮", "下一级", "往上比", "一路比", "晋级", *(WON := ("赢了去", "赢了到", "胜出",
                        "选上了", "比赢了"))})
# Having won asks the next level only with where it goes on (赢了去哪比, 选上了接下来比什么); 胜出的有什么奖励,
# 比赢了到乡里要多少人 ask something else of the winners.
NEXT_ASKED = re.compile(r"去哪|到哪|哪里|哪儿|哪一级|哪级|下一轮|下一级|接下来|然后呢|还要比|还比|再比|往哪|"
                        r"(?:去|到)(?:县|乡|市|区)里?(?:比|参加)")
# After an event's name, words that make it the name of its class (理论宣讲那一类有几个比赛).
# Languages other than the national one the language contests are held in (英语演讲, 藏文书法).
OTHER_LANGUAGE = re.compile(r"英语|英文|藏语|藏文|外语|外文|日语|日文|俄语|韩语|法语|德语")
IN_LANGUAGE = frozenset("用说讲拿以按")        # before a language: the event done in it
NATIONAL_LANGUAGE = re.compile(r"普通话|通用语言|汉字")
# What the campaign has to do with a group (跟我们农牧民有什么关系): who of them may enter.
CONCERNS_GROUP = re.compile(r"(?:和|跟|与|同)(?:我们|咱们|俺们|我)?(?:这些|这种)?"
                            r"(学生|小学生|中学生|农牧民|牧民|老人|老年人|娃娃|孩子|年轻人)(?:娃)?(?:们)?"
                            r"(?:有|有没有)?(?:啥|什么|啥子|多大|哪些)?(?:关系|相干|关联)")
# ... said of the campaign or its contests, or of nothing named (医保跟我们老人有啥关系: the KB's)
CONCERNS_SUBJECT = re.compile(r"(?:这个|这次|这些|那个|咱们|我们|你们|县里|今年|的)*(?:活动|比赛|竞赛|赛事)?")
# Whether the sign-up form asks for something (报名时要填学校吗, 报名表上要不要填民族, 报名时候得选村不).
FORM_ASKED = re.compile(r"(报名|报名表|表格?)(?:上|里|里面|时|的时候|时候)?[^报]{0,4}?(?:要|得|需要|必须|用|还)"
                        r"(?:不(?:要|用|需要))?(?:填|选(?![哪几好多组]))")
# (选乡镇 too; 选哪个乡镇: which there are; 选好几个, 选多个: how many one may enter; 选组别: divisions)
# ... a form that is no sign-up form by its name is one only with a contest word before it (参赛的表格;
# 入党申请表, 考勤表 are other forms)
CONTEST_FORM = re.compile(r"比赛|参赛|赛|报名")
PERCENT = re.compile(r"\d\s*[%％]|百分之")
# The catalogue's counts said (7大类, 33项, 33xiang), and what may be said beside them to ask what they are.
RELATED_CLASS = re.compile(r"(?:和|跟|与|同)([\u4e00-\u9fff]{2,3}?)(?:有关|相关|有关系|沾边)的?(?:比赛|项目)?(?:是|属于|在|算)?"
                           r"(?:哪一类|哪类|哪个类|什么类|啥类|哪个大类|哪一大类)"
                           # at the end (哪类培训, 哪类补贴: something else classed)
                           r"(?:的|的?比赛|的?项目)?[呀啊呢吗嘛哦哈呗？?。!！\s]*$")
CLASS_COUNT_AFTER = re.compile(r"(?:有|共|一共)?(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个|项|样)(?:项目|比赛)?")
CATALOGUE_COUNT = re.compile(r"(\d{1,2})\s*(?:(个?大类|类|\s*da\s*lei)|个?项目?|\s*xiang\b|个比赛)")
COUNT_ASKED_WHAT = re.compile(r"活动|比赛|项目|的|和|一共|总共|共|有|分别|具体|都|是|些|什么|啥|哪些|指|包括|包含|"
                              r"[吗呢啊嘛呀哦撒么]|\s+")
EVENTS_COUNTED_AFTER = re.compile(r"(?:一共|总共|共|都)?有?(?:几|多少|好多)个?(?:项|比赛|项目)")
CLASS_AFTER = re.compile(r"(?:那|这)(?:一|个)?(?:大)?类|(?:一|大)?类(?:比赛|项目)")
# People a description names as those who take part (驻村干部和村民, 在校学生, 由户主报名).
PEOPLE_NAMED = re.compile(r"干部|村民|学生|群众|农牧民|家长|妇女|老人")
# A team's size asked as a bound: 最少得几个人, 最多能上几个.
FEWEST = re.compile(r"最少|至少|起码|最低")
MOST = re.compile(r"最多|至多|顶多|最高")
# How many rounds: the levels it goes through answer part of it.
ROUNDS_ASKED = re.compile(r"[几多少]+轮")
# Before an event's name: it is set aside from a list asked for (除了讲故事还能报什么).
EXCEPT_BEFORE = re.compile(r"除(?:了|开|去)?(?:报)?$")
# ... and after it, the others asked for with no word of a list (除了村超还有啥球赛, 还有别的吗, 其他的呢)
# ... asked of contests when no kind is named (除了赛马还有啥比赛, 除了讲故事还能报什么).
SET_ASIDE_CONTEST = re.compile(r"比赛|项目|报|参加|参赛|赛")
OTHERS_AFTER = re.compile(r"还(?:有|能|可以|可|让)|别的|其他|其它|另外")
# Whether one may do a thing in an event: 可以带作品去比吗, 做藏餐可以吗, 写毛笔字还是钢笔字 (group act:
# what is done; either: the other thing of two).
_DOING = "带拿交把做写用画唱跳讲读念拍雕刻织编缝绣穿演弹吹种养挤磨炒骑自"
CONTENT_ASKED = re.compile(
    rf"(?P<act>[{_DOING}].{{1,10}}?)还是(?P<either>[^#]{{1,8}})|"
    rf"(?:可以|能不能|可不可以|能|准不准|让不让|允许|要不要|用不用|需不需要|得不得)(?P<act2>[{_DOING}].{{1,12}}?)(?:吗|不|么|没|呢|啊|嘛|$)|"
    rf"(?P<act3>[{_DOING}].{{1,10}}?)(?:可以吗|可以不|可不可以|行吗|行不行|行不|能行吗|算不算|算吗|可以么)")
# ... unless what is asked to be done is signing up itself (赛马能用手机报名吗: how to sign up).
SIGNING_UP = re.compile(r"报|参加|参赛")
# ... said plainly of a contest (哪个项目能报, 报哪个比赛), not of a policy's 项目 (报销 is no 报名)
ENTERING = re.compile(r"比赛|参加|参赛|报(?![销告道到表])|适合")
# Two characters in a row that tell nothing of what is done (报名, 自家: every description may say them).
IGNORED_PAIRS = frozenset({"报名", "自家"})
CLAUSE_SPLIT = re.compile(r"[，,。？?！!；;\s]+")
PEOPLE_WORDS = re.compile(r"孩子|娃|老人|家人|别人|朋友|[他她]们?|阿妈|阿爸|妈妈|爸爸|儿子|女儿|人")
WORK_WORDS = re.compile(r"东西|作品|成品|现成|[做雕刻画织编缝拍写绣]好的")
# How many things one fills in (报名表里面要填几项): the sign-up form's fields, no list of events.
FIELDS_COUNTED = re.compile(r"填(?:写)?(?:几|多少|好多|哪)")
# Which events close first or last (最早截止的是哪几个).
EXTREMES = {"earliest": ("最早", "最先", "先截止", "第一个截止", "头一个截止"),
            "latest": ("最晚", "最迟", "截止最后", "最后截止", "最后一个截止", "最后一个报名截止", "最后才截止")}
# Eligibility cues that ask "who": beside signing up someone else, who helps (谁能帮他报名).
WHO_CUES = frozenset({"谁能", "谁可以", "谁来报", "由谁报", "谁报名", "谁报"})
NOUN_CUES = frozenset({"老人", "小孩", "孩子", "娃娃", "学生", "上学", "读书", "农牧民", "牧民", "年轻人", "老年人", "大人",
                       "身份", "介绍", "内容", "监护人", *PEOPLE_GROUPS})
# Who may take part, asked of the campaign as a whole (这个活动学生也能参加吗, 干部参加还是老百姓也参加):
# the catalogue says it event by event, better than the campaign's description.
WHO_OF_ALL = frozenset({*STUDENT_WORDS, "学生", "上学", "读书", "老人", "老年人", "小孩", "孩子", "年轻人", "农牧民", "牧民",
                        *WHICH_PEOPLE, "谁能", "谁可以", "身份", "资格", *PEOPLE_GROUPS})
# 「射箭 多大」: an event and 多大 at the end asks the age (唐卡要画多大的 asks a size).
AGE_ASKED_LAST = re.compile(r"多大[了呢啊嘛呀]?$")
# A place it may be held at, asked of (决赛在县体育馆打吗, 是不是在广场上比): the venue, not published.
# A place's own word holds no class (体育馆's 体育); a game played there (踢, 跳) asks a venue only of a
# contest said (孩子在操场上踢球摔了 is no contest's venue).
VENUE_PLACE = re.compile(r"体育馆|体育场|广场|球场|赛马场|礼堂|会堂|场馆|文化室|活动室|操场")
VENUE_AT = re.compile(r"在[\u4e00-\u9fff]{0,5}?(?:" + VENUE_PLACE.pattern + r")(?:上|里)?(?:(比|举行|举办|办|赛|进行)|打|踢|跳|唱|演|射)")
# How many teams (a village may enter): 几个队, 几个篮球队 -- not 几个队员. Not in the catalogue.
TEAMS_ASKED = re.compile(r"(?:几|多少)[个支]?(?:(?![人名员])[\u4e00-\u9fff]){0,3}?队(?!员)")
# How to sign someone else up, the cue split by whom (怎么给我妹妹报, 帮孩子报名要怎么弄).
HOWTO_FOR_SOMEONE = re.compile(r"(?:怎么|咋|如何|怎样)(?:给|帮|替|为)[\u4e00-\u9fff]{1,4}报|"
                               r"(?:给|帮|替)(?:我|我们|我家)?(?:家)?(?:孩子|娃娃?|小孩|儿子|女儿|妹妹|弟弟|哥哥|姐姐|阿妈|"
                               r"阿爸|妈妈|爸爸|老人|家人|亲戚|老婆|老公)(?:报|bao)")
# Signing up someone else, or one without a phone (村干部能帮没手机的人报名吗, 替老人报, 可以代报吗): the
# sign-up flow's 「帮别人报名」. 帮我(们)报 is the asker's own sign-up (学校会帮我们报吗: not the flow's to
# say), 帮我阿妈 / 帮我们村的老人 someone else's; 代表队 is a team's name.
PROXY_ASKED = re.compile(r"(?:帮|替)(?!我们(?![家阿村的]))(?!我(?![们家阿村的]))(?!忙|扶)[\u4e00-\u9fff]{0,8}?(?:报|bao)|"
                         r"代(?!表)[\u4e00-\u9fff]{0,3}?报|"
                         r"(?:没|没有|没得|不会[用弄玩使搞]?|不识)(?:手机|智能手机|微信)|(?:手机|微信)(?:都)?(?:没有|没得|不会[用弄玩使搞])|"
                         # the village's or township's cadres signing the asker up (村里干部能帮我报名吗):
                         # the console's 新增报名, not the asker's own sign-up
                         r"(?:干部|村委会?|村里|乡里|镇上|工作队|书记|村长|村主任)[\u4e00-\u9fff]{0,5}?(?:帮|替|代)(?:我|我们)?(?:报|bao)(?![了的过])")     # (帮我报了, 帮我报的名: done -- 我的报名)
# Leaving one event for another without a word for changing (不想比赛马了想报射箭): group 1 is where the
# new one is asked for.
SWITCH_ASKED = re.compile(r"不(?:想|要|打算)(?:比|报|参加|去)[\u4e00-\u9fff]{1,8}?了?[，,\s]*(?:还是|就)?((?:想|要|改|换)(?:报|参加|比))")
# Putting right a detail of one's sign-up (我把年龄报错了, 名字报错了怎么办, 报名信息填错了能改吗): a
# confirmed sign-up is not edited in place -- cancel it and sign up again; a draft still at its
# summary takes 「修改 年龄」. Group 1 or 2 or 3: the detail named, "信息" when it is the whole form.
_FIX_FIELDS = (r"(年龄|岁数|年纪|出生年份|名字|姓名|电话号码|电话|手机号码|手机号|手机|性别|身份证号码|身份证号|身份证|乡镇|"
               r"村名|村子|学校|监护人|队名|队员|报名信息|个人信息|信息)")
_FIX_WHOSE = (r"(?:我|我们)?(?:家)?(?:的)?(?:" + "|".join((*KIN_WORDS, "老婆", "老公", "媳妇", "丈夫", "男人", "朋友",
                                                                "同学", "邻居", "同事", "别人", "人家", "别个", "他们", "她们",
                                                                "他", "她", "哥", "弟", "姐", "妹", "爸", "妈")) + ")")
FIX_ASKED = re.compile(_FIX_FIELDS + r"[\u4e00-\u9fff]{0,4}?(?:(?:报|填|写|弄|搞|输|打|选|登记|记)错|错了)|"
                       r"(?:报|填|写|弄|搞|输|打)错了?的?" + _FIX_FIELDS + "|"
                       # 电话填成他的了, 名字写成我哥的: another's detail put in one's own sign-up (not 写成藏文的,
                       # 填成座机的: a way of writing it, which the sources do not speak of); 村子选成隔壁村的: another place
                       + _FIX_FIELDS + r"[\u4e00-\u9fff]{0,2}?(?:报|填|写|弄|输|打|选|登记|记)成了?(?:" + _FIX_WHOSE + r")的|"
                       r"(乡镇|村名|村子|学校)[\u4e00-\u9fff]{0,2}?(?:报|填|写|弄|输|打|选|登记|记)成了?"
                       r"[\u4e00-\u9fff]{0,4}?(?:村|乡|镇|学校)的|"
                       r"(?:修改|更改|更正|改正|改一下|改)(?:一下)?(?:我的|报名的?|报的|填的)?" + _FIX_FIELDS + "|"
                       # 我想把名字改成扎西, 报名信息能改吗 (not 信息化改革)
                       + _FIX_FIELDS + r"[\u4e00-\u9fff]{0,4}?(?:修改|更改|更正|改正|改)(?![革善变造进良])")
# The detail as the sign-up's 「修改 …」 takes it (bot.forms.signup.slots: its edit words).
FIX_EDIT_WORDS = {"岁数": "年龄", "年纪": "年龄", "出生年份": "年龄", "电话号码": "电话", "手机号码": "手机号", "手机": "手机号",
                  "身份证号码": "身份证号", "身份证": "身份证号", "村名": "村", "村子": "村"}
# Entering all the events named (都能报吗, 一起报, 同时参加): how many one may enter is asked too.
ALL_OF = re.compile(r"都(?:想|要)?(?:能|可以|可|让|行|报|参加)|全(?:部)?(?:报|参加)|一起报|同时(?:报|参加)"
                    # 又报讲故事又报朗读, 报了赛马还想报射箭: one more entered beside another -- not whether
                    # sign-up is still open (还报名吗, 还能报吗): 想/要 before, or a name after the verb
                    r"|(?:又|还|再|也)(?:(?:想|要)(?:报|参加|参赛)|(?:报|参加)(?![名吗嘛不没了呢啊]|$))")
# Another event asked after one's own (还能报别的吗) -- not another place (还能报其他乡镇的吗: the townships).
def _absent_head(thing: str) -> str:
    """「摔跤」这项比赛我这里没有资料 -- the catalogue has no such event."""
    return f"「{thing.removesuffix('的')}」这项比赛我这里没有资料，这次的比赛目录里没有这一项。"


OTHER_EVENT_ASKED = re.compile(r"(?:还能|还可以)报(?:别的|其他|其它)(?![乡镇村县市地区片点])")
# Events entered together (同时报名) -- unless people are (全村一起报名, 我和我老婆一起报名吗).
TOGETHER_CUES = ("同时报名", "一起报名吗")
TOGETHER_SAID = re.compile(r"(?:一起|一块儿?|一道|组队|合伙)(?:报|参加|参赛|比)")
OTHER_EVENTS_SAID = re.compile(r"(?:别的|其他|其它|另外的?)(?:项目|比赛|项)")     # 拔河和别的项目同时报名
# One thing entered and another asked after (报了唱山歌还能报几个, 织毯子和别的项目能一起报不): the cap
# holds whatever the first is called, so a name the catalogue lacks is no reason to leave it unanswered.
# Only an event word (or nothing) after 别的: another village, school, team or classmates entering
# together (我们村和别的村能一起报吗) is people, not events.
OTHERS_TOGETHER = re.compile(r"(?:别的|其他|其它|另外的?)(?:的?(?:项目|比赛|项|节目)[^，,。？?人村乡镇县学同队单班组]{0,3}"
                             r"|(?:也|都)?(?:能|可以|可)?)(?:一起|同时|一块)报")
ANOTHER_AFTER_ONE = re.compile(r"报了(?!名)[^，,。？?]{1,20}?(?:以后|之后)?还(?:能|可以|可|想|要)?再?报"
                               r"|(?:之外|以外)还(?:能|可以|可|想|要)?再?报|报几[个项样][^，,。？?]{0,3}[，,]?我?(?:已经)?报了|"
                               + OTHERS_TOGETHER.pattern)
TOGETHER_WHO = re.compile(r"[村队组户人]|我和|我跟|和我|跟我|我们|咱们|大家|全家|一家|老婆|老公|媳妇|孩子|娃|儿子|女儿|朋友|"
                          r"家人|爸|妈|兄弟|姐妹|同学|同事")
# ... and leaving it alone (不想报篮球了): 「取消报名」.
QUIT_ASKED = re.compile(r"不(?:想|要|打算)(?:比|报|参加|去)[\u4e00-\u9fff]{0,8}?了")
# ... unless something else is wished for after it (不想去乡里比了想去县里比: another level).
WISH = re.compile(r"[想要改换]")
# After 还有几天: the contest's own day, not the sign-up's (报完名还有几天比赛).
# (开始报名, 报名开始: sign-up's opening, no contest day)
CONTEST_DAY = re.compile(r"比|赛|(?<!报名)开始(?!报)|举行|举办|开幕")
# The contest's day asked after the deadline (报名截止4月30号，那真正比赛是哪天; 截止以后哪天正式比): the
# deadline said or asked first, then when the contest itself is.
# ... not when the deadline is asked beside the day (报名截止时间和比赛时间是啥时候): both are asked.
DEADLINE_ASKED_TOO = re.compile(r"(?:截止|截至)(?:的)?(?:时间|日期|日子|那天)?(?:和|跟|与|及|以及|还有)")
DAY_AFTER_DEADLINE = re.compile(r"(?:截止|截至).*?(?:(?:比赛|开赛|正式比|真正比)[^截]{0,4}?(?:哪天|哪一天|几号|几月|什么时候|啥时候|时间|日子)"
                                r"|(?:哪天|哪一天|几号|什么时候|啥时候)(?:才|就)?(?:正式|真正|开始)?(?:比赛?|开赛|举行|举办))")
# Of a team event: does each member sign up, or one for all (每个人都要报吗, 一个人报全队, 队员要一个一个报吗).
TEAM_SIGNUP = re.compile(r"(?:每个|每一个|各自|一个一个|挨个|都要|都得|是不是都)[人队员演]{0,2}[都要得需必须自己去来分别单独]{0,4}"
                         r"(?:报|bao)(?![几多])|"
                         r"(?:报|bao)[\u4e00-\u9fff]{0,3}?(?:全队|整个队|整队|全部队员|所有队员|一队人)|"
                         r"(?:队员|演员|队友)[\u4e00-\u9fff]{0,6}?(?:报|bao)(?![几多])|队长[\u4e00-\u9fff]{0,2}?报")
# What one does in it, asked with a verb (书写比赛写什么, 朗读读啥, 木雕雕哪些): the description tells it.
WHAT_ASKED = re.compile(r"[写读念讲唱跳弹吹拉演画雕织编缝做拍种养挤磨考比](?:些)?(?:什么|啥|哪些|哪种|哪样)")
TEAM_SIZE_ASKED = re.compile(r"多少人|几个人|几人|上多少|好多人|好多个人")
EARNING = re.compile(r"[赚挣卖]|收入|价格|价钱|行情")
# Asks for one more than those named (村超、村BA还有一个叫啥): which the sources' news tells, not the catalogue.
OTHER_ONE = re.compile(r"还有(?:一|另|哪)?[个样项]|另(?:外)?(?:一|哪)?[个样项]|第三[个样项]")
OCCASION_BEFORE = re.compile(r"(?:开始|开幕|启动|仪式|过年|春节|藏历新年|元旦|开会|动员会)的?$")
WON_CUES = frozenset({"奖", "得奖", "获奖", "拿奖"})     # having won (得了奖), not the prize itself (奖品, 奖金)
# Someone who has won asked after (有人得奖吗, 谁赛马得了奖, 有没有人靠演讲拿奖): 谁/有人 by the winning word,
# no knowing or telling between (有人知道得奖发啥, 谁晓得: the prize asked, a polite opener)
WINNER_ASKED = re.compile(r"(?:有没有人|有没得人|有人|谁)[^知晓说听问告，,。？?！!\s]{0,6}?(?:得|获|拿|夺)[了过]?"
                          r"[^，,。？?！!\s]{0,4}?(?:奖|第一|冠军)")
FEE = re.compile(r"费|交钱|收钱|花钱|要钱|给钱|掏钱")
# 15岁, 十五周岁; or a bare number the asker gives as their own age before what they want (我15想参加赛马)
# ... or one a family member is said to be (我家老人七十多了, 阿妈都六十了): group 3
# ... a number is an age only with 岁 or 了 after it or what they want (我家儿子3班的, 30公里外 are none);
# a family member's age may be said in Chinese numerals (妹妹十二了: see _age)
AGE_WANTS = r"(?=[我他她]?(?:想|要|能|可以|可不可以|参加|报|去))"      # (小伙子15，我能帮他报: whom the asker signs up)
AGE_RE = re.compile(r"(\d{1,3})(?:周岁|岁)|我(?:今年|才|都|已经)?(\d{1,2})多?了?还?" + AGE_WANTS + "|"
                    r"(?:" + "|".join(KIN_WORDS) + r")(?:今年|才|都|已经)?(\d{1,3}|[一二两三四五六七八九十]{1,3})"
                    # 姑娘八岁了, 小伙子今年17能报吗: the age said, then 了 or what they want
                    r"(?:多?(?:周?岁|了)|" + AGE_WANTS + ")")
# An age as a rule, not the asker's: 年满18岁, 16岁以上.
AGE_RULE_RE = re.compile(r"(?:年满|满)(\d{1,2})周?岁|(\d{1,2})周?岁(?:以上|及以上|起)")
AGE_FREE = ("不限年龄", "年龄不限", "没有年龄限制", "没年龄限制", "年龄没有限制", "不限岁数", "多大都能", "多大都可以")
NAMES_ASKED = ("名称", "名字", "分别是", "具体是", "都是哪些", "都叫什么", "全部项目", "所有项目", "具体项目", "项目名")
COUNT_END = re.compile(r"(?:多少|几)(?:个|项|样)?(?:比赛|项目)?[吗呢啊嘛呀哦]?$")
CLOSING_RE = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
MONTH_CLOSING_RE = re.compile(r"(\d{1,2})月份?(?:里|内)?(?:就|才)?(?:截止|截至|结束|到期)")
MONTH_WORDS = ("月份",)          # read, so no word the scope guard calls unknown
# 哪几个层级 asks for the levels, not for a list of events.
# What comes after signing up (报完名以后干啥, 报了名之后是什么流程): the levels, and the notice.
AFTER_SIGNUP = re.compile(r"报(?:了|完|上|好)?(?:了)?名(?:了)?(?:以后|之后|后|过后|完了?)[，,]?"
                          r"[\u4e00-\u9fff，,]{0,8}?(?:干啥|干什么|做啥|做什么|怎么办|咋办|怎么弄|咋弄|什么流程|啥流程|"
                          r"流程|接下来|下一步|怎么安排|啥安排|什么安排|等通知|等着)")
# 18岁以上才能报的是哪两个: a rule's events asked by their count
# Which people, not which events (比赛都有哪些人能参加, 啥人可以报).
# A round already held (上次比赛在哪办的, 去年在哪比的): what is known of it, not the rounds to come.
PAST_SAID = re.compile(r"上次|上回|上一次|上一届|去年|前年|往年|以前|之前|过去|办的|比的|办过|比过|搞过|举办过|举行过|办了|比了")
# Many events asked of as whether one may (能报好多个比赛不, 可以参加很多项吗), not of who or what else.
MAY_MANY = re.compile(r"(?:能|可以|可|行)[\u4e00-\u9fff]*?(?:吗|嘛|么|不|没|啵)|行不行|能不能|可不可以")
CROWD = re.compile(r"人多|多少人|几个人|人数")
PEOPLE_ASKED = re.compile(f"(?:{'|'.join(WHICH_PEOPLE)})(?!数)")
FEW_ASKED = re.compile(r"哪[两二三四五六七八九几]?(?:个|项|样)|哪些")
RULE_SAID = re.compile(r"才|满|必须|需要|要求")      # a rule, not one's own age (18岁以上能报哪个)
# The levels themselves asked for (哪几级; 级别有哪些, 分几级都是啥): no events listed by their levels --
# unless events or projects are what the list cue asks (级别有哪些比赛).
LEVELS_LISTED = re.compile(r"哪[几些](?:个)?(?:层级|级别|层次|级)|(?:层级|级别|层次|几级)(?:都|一共|总共|具体|分别)?"
                           r"(?:有|是|包括|包含|分为|分成)?(?:哪[几些](?:个|级)?|什么|啥)(?!个|比赛|项|赛)")
# A number of events one signs up for (报4个项目, 已经报了3个了), not of people or teams (报4个人).
EVENTS_COUNTED = re.compile(r"(?:报|参加|参赛)(了)?(\d{1,2})(?:个|项|样)(?![人名队])")
ALREADY = re.compile(r"已经报|报满|报了\d{1,2}(?:个|项)")
# Whether one may take part (学生也能参加吗, 干部还是老百姓), not how (老百姓咋个参加).
MAY_ASKED = re.compile("|".join(("能", "可以", "可不可以", "行不行", "还是", "谁", *WHICH_PEOPLE, "资格", "身份")))
HOW_ASKED = re.compile(r"怎么|怎样|咋|如何|哪里报|在哪")
PEOPLE_RE = re.compile(r"(\d{1,3})(?:个人|名队员|个队员|人)")
# Cue words that, in a question about every event, pick the events to list.
# Said of the events one group alone may enter (只准农牧民参加的): the group must be one of LIST_FILTERS.
ONLY_FOR = re.compile(r"只限|仅限|只准|只让|允许|准许")
LIST_FILTERS = {"农牧民": "farmers_herders", "牧民": "farmers_herders", "学生": "students", "上学": "students",
                "读书": "students", **dict.fromkeys(STUDENT_WORDS, "students")}

# What is the same in every township of the county (中亦乡的人能报赛马吗 is answered by the county's rule).
COUNTY_WIDE = frozenset({"eligibility", "deadline", "days", "team", "capacity", "limit", "levels", "howto", "townships",
                         "mine", "fix", "switch"})
# Aspects that pick, of every event, those to list or count (团体赛有几项: team).
FILTER_ASPECTS = frozenset({"team", "levels", "capacity"})
# Aspects answered from the catalogue alone, before the general matcher, when no event is named.
CAMPAIGN_FIRST = frozenset({"limit", "cost", "bring", "prizes", "winners", "townships", "mine", "levels", "rules", "venue",
                            "days", "switch", "fix", "after", "phone", "web"})
# Of a campaign-level question about another county or time, what the catalogue answers for 洛隆县
# after saying the other's is not here.
ELSEWHERE_ASPECTS = frozenset({"eligibility", "deadline", "team", "capacity", "limit", "levels", "cost", "bring",
                               "prizes", "rules"})
# Rules asked of every event that no event's description gives (评分, 曲目, 时长…).
# (not coaching: how contestants were trained -- 走出去、请进来 -- is the knowledge base's; not play:
# the rules of taking part asked of no event -- 比赛的规矩是每人能报几项 -- are the catalogue's)
CAMPAIGN_DETAILS = frozenset({"music", "scoring", "judges", "duration", "format", "attire", "groups", "travel",
                              "insurance"})
# ... of which these say by themselves that the contest is meant (钱 alone may be a price).
SELF_EVIDENT = frozenset({"limit", "bring", "prizes", "winners", "mine", "days"})
# ... and what, said with nothing else in a word of its own (收费吗, 收废吗 heard; not 钱 or 多少钱), asks
# only of the contest's fee
SAID_ALONE = frozenset({"cost"})
# What a class's card does not show, answered of the class when asked of it (体育类在哪比).
CLASS_ASPECTS = frozenset({"venue", "when", "bring", "cost", "prizes"})
# ... and what the class's card shows, asked beside (体育类几岁能报，在哪比): each event's, grouped where they agree.
CARD_ASPECTS = frozenset({"eligibility", "deadline"})
# What two events are compared in: the catalogue's fields (their prizes it does not hold) ...
COMPARABLE = frozenset({"eligibility", "deadline", "team", "capacity", "levels", "what", "which", "howto", "limit"})
# ... at most this many at once (a longer reply is no comparison) ...
COMPARED_AT_ONCE = 3
# Where an answer's clauses part (outside brackets): 先在本村比，成绩好的再往上比（村级→乡级，…）
CLAUSE_CUT = re.compile(r"[；;。，,](?![^（(]*[)）])")
ONE_SCREEN = 280             # an answer's characters that fit a phone screen, the menu line beside them
# The characters that are things of the events in their own right, each naming them sent alone (马, 箭)
THING_CHARS = frozenset("马牛箭球画歌奶舞琴")
SEVERAL_AT_ONCE = 4          # events whose rule asked is said one by one (more: which one is asked back)
# What the events a word names (宣讲) may have alike, answered once for them all when they do.
SHARED_ASPECTS = frozenset({"eligibility", "deadline", "team", "capacity", "levels", "howto", "venue", "when",
                            "limit", "cost", "prizes"})    # (the cap, and what the county set for all, are alike)
# ... and the field of the comparison an aspect asks, shown even when the events agree on it.
COMPARED_FIELD = {"team": "mode", "eligibility": "who", "deadline": "deadline", "capacity": "capacity",
                  "levels": "levels"}
# Details the catalogue may not have: a knowledge-base answer about the same event that has words
# for what is asked goes first (索朗次仁's 藏式缝纫 一等奖), see ContestDesk.answers.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "cost": ("钱", "费"), "bring": ("要带", "带上", "带着", "自带", "自备", "准备好", "要准备"),
    "prizes": ("奖励", "奖品", "奖金", "好处", "优惠", "惠民政策"),      # not 一等奖: a prize won is no prize offered
    "winners": ("第一", "一等奖", "冠军", "获奖", "得奖", "拿了"), "venue": ("地点", "场地", "举行", "举办地"),
    "when": ("比赛时间", "举行", "举办", "开赛"),     # a deadline's date is not the day of the contest
    "teams": ("几个队", "几支队"),
    "held": ("办了", "办过", "举办", "启动", "举行"),
}
UNPUBLISHED = frozenset(EVIDENCE)


# Rules of an event the catalogue does not hold (which tune a 锅庄 is danced to, how 讲故事 is
# scored, how far the archers shoot, a horse's own age): each with what the reply calls it, the cues
# that ask it, and the words of a description that do answer it (歌舞's 主旋律歌曲 is its music,
# 知识竞赛's 应知应会 its questions). Asked of an event whose description lacks them, the reply
# says 「…县里还没公布」 and then what the event is -- never the description alone as if it answered.
# (体重 alone is an animal's or a person's weight -- 比牛的体重 -- a class only beside 分/级/组)
WEIGHT_CLASS = ("体重级", "体重分", "分体重", "体重组", "按体重", "重量级", "公斤级", "量级")
DETAILS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "music": ("具体曲目", ("曲子", "曲目", "音乐", "哪首", "什么歌", "啥歌", "哪些歌", "伴奏", "配乐", "什么曲",
                        "啥曲", "哪支舞", "什么调"), ("歌曲",)),
    "scoring": ("具体评分办法", ("打分", "评分", "计分", "算分", "满分", "分数", "输赢", "谁算赢", "怎么算赢", "淘汰",
                             "名次怎么", "打分标准", "评比标准", "按什么标准", "什么标准"), ()),
    "judges": ("评委和裁判", ("评委", "裁判", "评审"), ()),
    "duration": ("时长要求", ("几分钟", "多少分钟", "多长时间", "时长", "限时", "讲多久", "唱多久", "读多久",
                          "跳多久", "演多久", "比多久", "讲多长", "多长",
                          "时间长不长", "时间长吗", "时间长不"), ("分钟",)),
    "format": ("具体赛制（距离、轮次、局数）", ("几圈", "多少圈", "多远", "多少米", "几米", "几公里", "多少公里",
                                      "距离", "几轮", "多少轮", "几局", "多少局", "几箭", "多少箭", "几支箭", "赛制",
                                      "三局两胜"), ()),
    "attire": ("服装要求", ("服装", "穿什么", "穿啥", "要穿", "着装", "服饰", "队服"), ("服装",)),
    # whether someone must be there in person (家长必须到现场吗, 要不要本人去)
    "presence": ("到场要求", ("到现场", "去现场", "在现场", "来现场", "必须到", "要到场", "必须到场", "到场", "在场",
                          "本人到", "本人去", "亲自到", "亲自去", "陪同", "陪着去", "跟着去", "陪着比", "一起到"),
                 ("现场",)),
    # (用什么话读, 讲啥话: the language, said plainly)
    "language": ("用什么语言", ("藏语", "藏文", "藏话", "双语", "什么语言", "哪种语言", "汉话", "用汉语",
                            "什么话", "啥话", "哪种话", "哪个话", "用普通话"),
                 ("普通话", "汉字")),
    "groups": ("分不分组（男女组、年龄组、体重级别）", ("女子组", "男子组", "男女分开", "分男女", "男女组", "分组", "组别",
                                     "少年组", "儿童组", "成年组", "老年组", "男女混",
                                     # weight classes (押加分不分体重级别): no level of the contest
                                     *WEIGHT_CLASS), ()),
    "specific": ("具体内容", ("哪篇", "篇目", "题目", "考题", "出题", "指定内容", "指定的", "具体内容", "哪个故事",
                          "什么故事", "啥故事", "哪些故事", "哪几句", "哪些句", "哪几篇", "哪几首", "写哪些字", "什么主题", "啥主题", "哪些题", "什么题", "啥题"),
                 ("主题", "围绕", "讲述", "真实", "应知应会")),
    # the rules of play themselves (拔河的规则, 玩法): a description says what is done, not the rules
    "play": ("具体比赛规则", ("规则", "规矩", "玩法", "比赛规定", "犯规", "怎么算输", "算犯规"), ("规则",)),
    "words": ("字数要求", ("字数", "多少字", "几百字", "几千字", "篇幅", "讲稿", "稿子", "演讲稿"), ("字数",)),
    # what the organisers provide around the contest: travel, meals, a bed; insurance
    "travel": ("交通和食宿安排", ("管饭", "管不管饭", "吃饭", "伙食", "食宿", "住宿", "住哪", "住的地方", "接送", "车费",
                            "路费", "交通费", "坐车", "派车", "包车"), ()),
    "insurance": ("保险和受伤后的安排", ("保险", "受伤", "摔伤", "摔下来", "出了事", "出事了"), ()),
    "tickets": ("看比赛要不要门票", ("门票", "马票", "买票", "票价", "购票", "入场券", "几块钱一张"), ()),
    "practice": ("在哪练习", ("练习", "练题", "在哪练", "哪里练", "怎么练", "练一练", "练练", "先练", "复习", "题库", "刷题", "模拟题",
                          "学习资料"), ("练习",)),
    # coaching before the contest (有人教我们吗, 赛前培训): by characters only, 教 sounds like 交
    "coaching": ("赛前培训和辅导", ("训练", "培训", "辅导", "排练", "教练", "有人教", "教我们", "教一下"), ()),
}
# Whether a text holds any cue of DETAILS (one search: most questions hold none), and which of each.
_DETAIL_CUES = re.compile("|".join(re.escape(c) for _, cues, _ in DETAILS.values() for c in cues))
_DETAIL_CUE = {d: re.compile("|".join(map(re.escape, cues))) for d, (_, cues, _) in DETAILS.items()}
# Other talk that holds a cue of WRITTEN_CUES or DETAILS (a cue counts as a whole word only): 谁出题,
# 自己出钱 (paying: cost), 要牵头, 从乡里赶过去 (a person on the way -- an animal is driven there), 我住哪个乡
# (where one lives), the sign-up's rules or a rule of the catalogue's fields (报名规则, 规定多大岁数), a
# parent coaching their own child, how many rehearse (排练好多人), a coach counted in a team (教练能报吗),
# being taught to sign up (教一下我报名), a topic (讲什么话题: no language asked).
CUE_SWALLOWED = re.compile(
    r"出题|出钱|(?:什么|啥)话题|出资|牵头|(?:^[^马牛羊]*?)(?P<w>赶(?:过去|着去))|住(?:在)?哪一?个(?:乡|镇|村|县)|"
    r"(?:报名|参赛|参加)的?(?:规则|规矩|规定)|规定[^，,。？?]{0,3}?(?:多大|几岁|岁数|年龄|年纪|几个人|多少人|人数|截止|几号)|"
    r"(?:家长|父母|爸爸|妈妈|大人)[^，,。？?]{0,6}?(?:辅导|教)|(?:排练|训练)[^，,。？?]{0,2}?(?:好多|多少|几个?)人|"
    r"教练[^，,。？?]{0,6}?(?:能报|可以报|报名|计入|算不算|算进|算在|人数|名额)|教[^，,。？?]{0,4}?(?:怎么|咋样?)?报")


def _swallowed_cells(toks: list["_Tok"]) -> set[int]:
    """The tokens of ``toks`` within CUE_SWALLOWED talk (a cue's characters there are no cue)."""
    line = "".join(t.ch if len(t.ch) == 1 else "_" for t in toks)
    return {i for m in CUE_SWALLOWED.finditer(line) for i in range(*m.span("w" if m.group("w") else 0))}


def _masked(m: re.Match) -> str:
    """A CUE_SWALLOWED match with its words (its ``w`` group only, when set) written as #."""
    at = m.start("w") - m.start() if m.group("w") else 0
    return m.group()[:at] + "#" * (len(m.group()) - at)


# An animal's own age or kind, not the rider's (赛马的马要几岁): the 马 is no part of the event's name.
ANIMAL_ASKED = re.compile(r"(马|牦牛|牛|羊)[儿匹头]?(?:的|要|得|需要|有没有|有)?(?:年龄|岁数|年纪|几岁|多大|好大|多少岁|岁口|牙口|品种|身高|多高|要求)|"
                          r"(马|牦牛|牛|羊)[儿匹头]?\s*(?:的|要|得|需要|有没有|有)?(?:啥|什么|哪些|些)(?:子)?(?:要求|条件|标准|讲究)|"
                          r"对(马|牦牛|牛|羊)[儿匹头]?有(?:没有)?(?:啥|什么)?(?:要求|条件)|"
                          r"(?:什么样|啥样|哪种|什么品种|啥品种)的(马|牦牛|牛|羊)|"
                          # whether an animal may be used at all (羊也可以吗, 黄牛能不能比)
                          r"(马|牦牛|黄牛|奶牛|牛|羊)[儿匹头]?(?:也|都)?(?:可以|能|行)(?:吗|嘛|么|不|不能|不可以|不行)")
# ... and 马匹 whose 马 an event's name took (参赛马匹: 赛马) -- 马匹 is only ever the horses.
HORSES_ASKED = re.compile(r"(马)匹[^，,。？?]{0,4}?(?:要求|条件|标准|品种|年龄|岁)")
ANIMAL_CHARS = "马牛羊"          # the animals ANIMAL_ASKED names
# Pinyin syllables read as the characters ANIMAL_ASKED looks for (saima ma duoda).
_ANIMAL_SYLS = {"ma": "马", "niu": "牛", "yang": "羊", "ji": "几", "sui": "岁", "duo": "多", "da": "大",
                "nian": "年", "ling": "龄", "yao": "要", "qiu": "求", "you": "有", "mei": "没", "de": "的",
                "pin": "品", "zhong": "种"}


# --------------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class _Tok:
    ch: str          # the character (or the Latin syllable / digit run)
    syl: str         # its folded pinyin (the token itself when it has none)
    han: bool = False


_RUN_RE = re.compile(r"[a-z]+|[0-9]+|.", re.S)
_CHAR_TOKS: dict[str, _Tok] = {}         # one token per character seen (a few thousand at most)


def _char_tok(ch: str) -> _Tok:
    tok = _CHAR_TOKS.get(ch)
    if tok is None:
        han = is_han(ch)
        tok = _Tok(ch, fold_syllable(char_pinyin(ch) or ch) if han else ch, han)
        if len(_CHAR_TOKS) < 50_000:
            _CHAR_TOKS[ch] = tok
    return tok


def _tokens(text: str) -> list[_Tok]:
    """Cleaned text as tokens: a Han character, a syllable of typed pinyin, a digit run."""
    out: list[_Tok] = []
    for run in _RUN_RE.findall(text):
        if len(run) == 1:
            out.append(_char_tok(run))
        elif run[0].isascii() and run[0].isalpha():
            syls = split_pinyin(run)
            out.extend(_Tok(s, fold_syllable(s)) for s in syls) if syls else out.append(_Tok(run, run))
        else:
            out.append(_Tok(run, run))
    return out


class _Name(NamedTuple):
    key: str         # a name or alias of an event (strip_punct)
    code: str        # the event's
    typed: str       # its pinyin as typed (shejian) when it is all characters, two or more; else ""
    near_only: bool = False   # an everyday word or thing of the event (酥油): a slip off it names the
                              # event (_near_name), the word itself is read by the phrase table


@dataclass(frozen=True)
class _Phrase:
    toks: tuple[_Tok, ...]
    kind: str        # event | core | family | category | aspect | generic | place_time | contest | list | …
    value: str       # event/category code, family word, aspect name, place
    rank: int        # overlaps are resolved by rank first (names before cues), then length
    text: str = ""   # the phrase itself (strip_punct)


class _Span(NamedTuple):          # a tuple: a question makes dozens of them
    start: int
    end: int
    phrase: _Phrase
    by_sound: bool


class _Phrases:
    """Every phrase, by its characters and (two syllables or more) by its folded pinyin. Every
    beginning of a key is a key too (of no phrase, [], unless a phrase is that long): one look-up
    says both whether to read on and what was found."""

    def __init__(self) -> None:
        self.by_ch: dict[tuple[str, ...], list[_Phrase]] = {}
        self.by_syl: dict[tuple[str, ...], list[_Phrase]] = {}
        self.by_loose: dict[tuple[str, ...], list[_Phrase]] = {}   # names, aspiration folded (唐嘎: 唐卡)
        # phrases read by sound only when typed in pinyin (diaomutou: 雕木头): no homophone in characters
        self.by_typed: dict[tuple[str, ...], list[_Phrase]] = {}

    @staticmethod
    def _put(table: dict[tuple[str, ...], list[_Phrase]], key: tuple[str, ...], p: _Phrase) -> None:
        for n in range(1, len(key)):
            table.setdefault(key[:n], [])
        table.setdefault(key, []).append(p)

    def add(self, text: str, kind: str, value: str, rank: int, sound: bool = True, typed: bool = False) -> None:
        text = strip_punct(text)
        toks = tuple(_tokens(text))
        if not toks:
            return
        p = _Phrase(toks, kind, value, rank, text)
        self._put(self.by_ch, tuple(t.ch for t in toks), p)
        if typed and not sound and len(toks) >= 2:
            for syls in _readings(toks, p.text):
                self._put(self.by_typed, syls, p)
        if sound and len(toks) >= 2:
            for syls in _readings(toks, p.text):
                self._put(self.by_syl, syls, p)
                if kind in ("event", "core"):
                    self._put(self.by_loose, tuple(map(_unaspirated, syls)), p)

    def spans(self, toks: list[_Tok]) -> list[_Span]:
        chs = tuple(t.ch for t in toks)
        syls = tuple(t.syl for t in toks)
        loose = tuple(map(_unaspirated, syls))
        by_ch, by_syl, by_loose, by_typed = self.by_ch, self.by_syl, self.by_loose, self.by_typed
        size = len(toks)
        out = []
        for i in range(size):
            exact = said = said_loose = typed = ()           # () only to start: None once a table has nothing
            for end in range(i + 1, size + 1):
                exact = by_ch.get(chs[i:end]) if exact is not None else None
                said = by_syl.get(syls[i:end]) if said is not None else None
                said_loose = by_loose.get(loose[i:end]) if said_loose is not None else None
                typed = (by_typed.get(syls[i:end]) if typed is not None and not toks[end - 1].han else None)
                if exact is None and said is None and said_loose is None and typed is None:
                    break
                if exact:
                    out += [_Span(i, end, p, False) for p in exact]
                if typed and end - i >= 2:
                    out += [_Span(i, end, p, True) for p in typed]
                if end - i < 2 or not (said or said_loose):
                    continue
                heard = [p for p in said or () if p not in (exact or ())]
                heard += [p for p in said_loose or () if p not in (exact or ()) and p not in heard]
                out += [_Span(i, end, p, True) for p in heard if _plausible(toks, i, p.toks)]
        return out


_UNASPIRATED = {"p": "b", "t": "d", "k": "g", "q": "j", "c": "z"}


@functools.lru_cache(maxsize=4096)
def _unaspirated(syl: str) -> str:
    """A folded syllable with its aspirated initial made plain (ka -> ga, ting -> din): Tibetan
    speakers typing Chinese often mix the two (唐嘎 for 唐卡)."""
    return _UNASPIRATED.get(syl[:1], syl[:1]) + syl[1:] if syl else syl


def _readings(toks: tuple[_Tok, ...], text: str) -> list[tuple[str, ...]]:
    """A phrase's folded syllables character by character and, when it differs, as the phrase
    reads (藏 alone is cang, 藏式家具 zang shi jia ju: typed zangshi jiaju meets it)."""
    by_char = tuple(t.syl for t in toks)
    out = [by_char]
    if all(t.han for t in toks):
        whole = tuple(fold_syllable(s) for s in pinyin_syllables(text))
        if len(whole) == len(by_char) and whole != by_char:
            out.append(whole)
    return out


def _plausible(toks: list[_Tok], i: int, key: tuple[_Tok, ...]) -> bool:
    """A match by sound alone is a voice-input slip only if most characters are right: one of
    two (比塞, 报明, 截至), all but one of three or four (比赛是讲 is no 比赛时间) -- or the text is
    typed pinyin; 是挤 is no 市级 and 机能 no 技能. A particle is never the slip (比赛吗 holds no 赛马),
    but for 吗 heard inside a clause for 马 (赛吗几岁能报, see _heard_ma)."""
    if any((toks[i + j].ch in MOOD_PARTICLES or toks[i + j].ch in "吗么") and not _heard_ma(toks, i, i + j, key[j])
           # (么 of 什么 said as the cue says it is no particle: 准被什么 is 准备什么 heard)
           and not (j and toks[i + j].ch == key[j].ch and key[j - 1].ch == "什")
           for j in range(len(key))):
        return False
    wrong = sum(1 for j, k in enumerate(key) if _han(toks[i + j]) and toks[i + j].ch != k.ch)
    return wrong <= max(1, (len(key) - 1) // 2)


# What follows a run said as an event (摔跤比赛, 赛跑项目), by sound; 的 before it is skipped.
_DE = fold_syllable("de")
_THAT_ONE = tuple([fold_syllable(p) for p in w] for w in (("na", "ge"), ("zhe", "ge"), ("nei", "ge"), ("na", "zhong")))
_EVENT_AFTER = tuple([fold_syllable(p) for p in w] for w in (("bi", "sai"), ("sai",), ("xiang", "mu")))


# What 赛 ends when it is part of a word before it (比赛, 参赛, 决赛…): then 赛吗 asks whether, not 赛马.
SAI_WORDS_BEFORE = frozenset("比参决初复预大球竞联")


def _heard_ma(toks: list[_Tok], start: int, at: int, key: _Tok) -> bool:
    """Voice input's 吗 for 马: the question goes on after it (a particle ends a clause, and
    punctuation is gone by now) and the 赛 before it is no 比赛 or 参赛."""
    return (toks[at].ch == "吗" and key.ch == "马" and at + 1 < len(toks) and toks[at + 1].han
            and toks[at + 1].ch not in MOOD_PARTICLES and toks[at + 1].ch not in "吗么"
            and not (start > 0 and toks[start - 1].ch in SAI_WORDS_BEFORE))


def _choose(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans: names before cues, longer before shorter, exact before by sound."""
    taken: list[_Span] = []
    used: set[int] = set()
    for s in sorted(spans, key=lambda s: (s.phrase.rank, -(s.end - s.start), s.by_sound, s.start)):
        cells = set(range(s.start, s.end))
        if cells & used:
            continue
        used |= cells
        taken.append(s)
    return sorted(taken, key=lambda s: s.start)


# Characters typed for one another by their look (拨 for 拔): the pairs a name of the catalogue
# may be mistyped with. Sound slips need no table (pinyin says them).
SHAPE_SLIPS = ("拔拨", "押抻", "射谢", "锅祸", "篮蓝", "稞裸", "稞棵", "粑耙", "雕碉", "织识", "织职", "缝逢",
               "奏秦", "琴芩", "牦耗", "殖植", "绘给", "唐康", "朗郎", "诵涌", "宣宜", "舞午", "编遍", "编偏",
               "皮披", "具俱", "厨橱", "糌咱", "庄压", "挤济", "奶扔", "乐东", "器哭", "藏臧", "雕凋", "汇江")
_SHAPE_PAIRS = frozenset(frozenset(p) for p in SHAPE_SLIPS)
# A character -> those it is mistyped for by its look.
_LOOKALIKES = {c: tuple(o for p in SHAPE_SLIPS if c in p for o in p if o != c) for p in SHAPE_SLIPS for c in p}
AS_CONTEST = re.compile(r"的?(?:比赛|比塞|赛|项目)")     # after a stretch: it is said as an event's name


TYPED_WORD = re.compile(r"[a-z]{6,}")       # a typed word long enough that one letter off is a slip
LONG_NAME = 5        # names this long are recognised with any one inner character mistyped


def near_name(said: str, name: str, loose: bool = False, everyday: bool = False) -> bool:
    """``said`` (as long as ``name``, not it) is ``name`` with one slip: one character that sounds
    the same without its tone (锅装舞: 锅庄舞; of a two-character name, with its tone too: 编制 is
    no 编织) or looks alike (拨河: 拔河) -- or every character that sounds the same, tone and all
    (压家: 押加). ``loose`` (the stretch is said as a contest: 压价比赛, 磨咱吧的比赛): every character
    off sounds the same without its tone or looks alike. ``everyday`` (``name`` is an everyday word of
    an event, 酥油): one character off, tone and all or by its look (苏油) -- a word heard whole as
    another (支部 for 织布) or without its tone (大嫂 for 打扫, 园子 for 院子) is that other word."""
    if len(said) != len(name) or said == name:
        return False
    off = [(a, b) for a, b in zip(said, name) if a != b]
    if any(a in "吗么呢" for a, _ in off):
        return False                     # 有赛跑吗: the question's 吗, no 马 of 赛跑马 slipped (磨咱吧's 吧 may be 粑)
    if everyday:
        return len(off) == 1 and (char_tone(off[0][0]) == char_tone(off[0][1]) != ""
                                  or frozenset(off[0]) in _SHAPE_PAIRS)
    if loose and all((char_sound(a) == char_sound(b) and char_sound(a)) or frozenset((a, b)) in _SHAPE_PAIRS
                     for a, b in off):
        return True
    if all(char_tone(a) == char_tone(b) and char_tone(a) for a, b in off):
        return True
    if len(off) != 1:
        return False
    a, b = off[0]
    if len(name) >= LONG_NAME and said[0] == name[0] and said[-1] == name[-1] and is_han(a) and a not in GRAMMAR_CHARS:
        return True                      # 手工磨珍粑: the rest of a long name is too much to be chance
    same = char_sound(a) == char_sound(b) if len(name) > 2 else char_tone(a) == char_tone(b)
    return same or frozenset((a, b)) in _SHAPE_PAIRS


# --------------------------------------------------------------------------- detection

@dataclass(frozen=True)
class ContestQuestion:
    events: tuple[str, ...] = ()      # codes of the events named apart (赛马, 篮球)
    family: str = ""                  # a word that names several events (演讲)
    family_events: tuple[str, ...] = ()
    category: str = ""                # a category named (体育类)
    aspects: tuple[str, ...] = ()     # what is asked, in a fixed order
    age: int | None = None            # an age the question states (我15岁)
    people: int | None = None         # a number of people it states (我们队14个人)
    cues: tuple[str, ...] = ()        # the cue words that named the aspects (for lists of events)
    elsewhere: str = ""               # a place or time the catalogue does not cover (那曲, 去年)
    listing: bool = False             # asks for the list of events
    bare: bool = False                # says nothing beyond the names (「赛马」, 「演讲比赛」)
    contest_day: bool = False         # asks when the contests are held, naming them (什么时候比赛)
    unknown: str = ""                 # asks which event something is, and no event is it (摔跤)
    similar: tuple[str, ...] = ()     # ... the events that come closest (赛牦牛: 牦牛养殖, 挤奶)
    extreme: str = ""                 # asks which events close first or last (earliest | latest)
    names: bool = False               # asks for every event's name (33个项目的名称)
    min_age: int | None = None        # asks for the events that need this age (年满18岁的有哪些)
    age_free: bool = False            # asks for the events open at any age (哪些不限年龄)
    closing: tuple[int, int] | None = None   # asks for the events closing on this (month, day) (4月15日截止的);
                                             # day 0: in that month (四月份截止的)
    details: tuple[str, ...] = ()     # rules asked that the catalogue may not hold (DETAILS; animal:马)
    counting: bool = False            # asks only how many events there are (一共有多少个比赛项目)
    proxy: bool = False               # signing up someone else, or one without a phone (村干部代报)
    same: str = ""                    # compared with another name of the same one event (赛马和马术: 马术)
    switch_from: str = ""             # moving a sign-up: the event left (报了篮球想换成足球: basketball) ...
    switch_to: str = ""               # ... and the one wanted (football)
    said_to: str = ""                 # ... as the asker called it (足球), the word to sign up with
    heard: str = ""                   # the question with a name a character off put right (拨河: 拔河)
    counted: int | None = None        # a number of events it states (报4个项目, 报了三个项目)
    already: bool = False             # ... as already signed up for (已经报了三个, 报满了)
    whether: bool = False             # asks whether one may (能, 可以, 还是…), not how (咋个参加)
    excluded: tuple[str, ...] = ()    # events set aside from the list asked for (除了讲故事还能报什么)
    bound: str = ""                   # of a team's size, the fewest (least) or most (most) asked for
    content: str = ""                 # a thing one asks to do in the event that its description does not
                                      # speak of (写毛笔字还是钢笔字): said to be not published
    without: str = ""                 # a paper of one's identity said not at hand (身份证丢了: 身份证)
    fix: str = ""                     # a detail of one's sign-up to put right (年龄报错了: 年龄; 信息)
    wordy: bool = False               # one's own sign-up asked of at length: the matcher's entry first
    outside: tuple[str, ...] = ()     # groups the asker says they are not of (不是牧民: farmers_herders)
    trade: str = ""                   # a trade one has that names no event (会木工): its events answer
    open_to: str = ""                 # a group asked whether it may take part at all (干部能参加吗): the
                                      # events open to it counted first
    also: tuple[str, str, tuple[str, ...]] | None = None   # a bare name that is mostly a word for several
                                      # events (讲故事: 故事): the word and the others it names, said briefly

    @property
    def names_something(self) -> bool:
        return bool(self.events or self.family or self.category or self.unknown)


@dataclass
class ContestReply:
    text: str
    choices: list[str] = field(default_factory=list)     # "event:CODE" / "category:CODE" offered by number
    outcome: str = "contest"
    partial: bool = False             # says 县里还没公布 / 没有资料 for part of what was asked


ASPECT_ORDER = ("after", "fix", "switch", "compare", "eligibility", "deadline", "days", "when", "team", "capacity", "limit", "levels",
                "venue", "held", "cost", "bring", "prizes", "winners", "howto", "what", "rules", "which", "townships",
                "mine", "teams", "signed", "phone", "web")


class ContestDesk:
    """Contest questions over one catalogue (see the module's doc)."""

    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.phrases = _Phrases()
        self.keys: dict[str, list[str]] = {}           # event code -> its names, aliases, short forms
        self._event_order = {e.code: i for i, e in enumerate(catalogue.events)}
        # What a description search reads of each event: its names and description.
        self._texts = {e.code: strip_punct(" ".join((e.name, *e.aliases, e.description))) for e in catalogue.events}
        owners: dict[str, set[str]] = {}
        for e in catalogue.events:
            keys = _event_keys(e)
            self.keys[e.code] = keys
            for k in keys:
                owners.setdefault(strip_punct(k), set()).add(e.code)
        for key, codes in owners.items():
            if len(codes) == 1:
                self.phrases.add(key, "event", next(iter(codes)), 0)
                # 驻村的故事, 牦牛的养殖: a name of two words said with 的 between them
                for cut in {2, len(key) - 2} if 4 <= len(key) <= 6 and all(map(is_han, key)) else ():
                    said = f"{key[:cut]}的{key[cut:]}"
                    if said not in owners:
                        self.phrases.add(said, "event", next(iter(codes)), 0, sound=False)
        self.families: dict[str, tuple[str, ...]] = {
            word: tuple(sorted(codes, key=self._event_order.__getitem__))
            for word, codes in _families(self.keys).items() if word not in owners}
        # A word several names begin with (牦牛挤奶, 牦牛养殖: 牦牛) names them all when said as a
        # contest (牦牛比赛, 藏式的比赛) -- not one a category begins with (手工 of 手工艺类)
        heads = {word: codes for word, codes in _heads(self.keys).items()
                 if word not in owners and word not in self.families
                 and not any(c.name.startswith(word) for c in catalogue.categories)}
        for word, codes in heads.items():
            self.families[word] = tuple(sorted(codes, key=self._event_order.__getitem__))
        self._heads = frozenset(heads)
        for word in self.families:           # generic words: never by sound
            self.phrases.add(word, "family", word, 1, sound=False)
        # An alias without its 比赛 (拍照比赛 -> 拍照) names the event only beside a contest word.
        cores: dict[str, set[str]] = {}
        for code, keys in self.keys.items():
            for k in keys:
                core = strip_punct(_strip(k))
                # 乳制品加工 -> 乳制品: the thing without the work done to it, beside a contest word or a cue
                for c in {core, re.sub(r"(?:加工|制作|技能)$", "", core)}:
                    if len(c) >= 2 and c not in owners and c not in self.families:
                        cores.setdefault(c, set()).add(code)
        for core, codes in cores.items():
            if len(codes) == 1:
                self.phrases.add(core, "core", next(iter(codes)), 0)
        category_keys = _category_keys(catalogue.categories)
        self._category_names = frozenset(category_keys)
        for key, code in category_keys.items():
            self.phrases.add(key, "category", code, 0)
        for t in catalogue.townships:        # by their characters only: a place, no slip of another word
            self.phrases.add(t.name, "township", t.name, 0, sound=False)
        for phrase in NOT_EVENTS:            # before any name: they hide the event key inside them
            self.phrases.add(phrase, "other", phrase, -1, sound=False)
        for place in ELSEWHERE:             # times by their characters only: 提前练 is no 前年
            # 别的县 by its characters only too: 别的乡 (the county's own townships) sounds a syllable off
            self.phrases.add(place, "elsewhere", place, 0,
                             sound=place not in OTHER_TIMES and place not in GENERAL_ELSEWHERE)
        for aspect, cues in ASPECT_CUES.items():
            for cue in cues:
                self.phrases.add(cue, "aspect", aspect, 2)
        for aspect, cues in WRITTEN_CUES.items():
            for cue in cues:
                self.phrases.add(cue, "aspect", aspect, 2, sound=False)
        for cue in CAP_CUES:
            self.phrases.add(cue, "aspect", "limit", 2, sound=False)
        for cue in LEVELS_EITHER:
            self.phrases.add(cue, "aspect", "levels", 2, sound=False)
        for aspect, cues in GENERIC_CUES.items():
            for cue in cues:
                self.phrases.add(cue, "generic", aspect, 3)
        for aspect, cues in PLACE_TIME_CUES.items():
            for cue in cues:
                self.phrases.add(cue, "place_time", aspect, 2)
        for cue in LIST_CUES:
            self.phrases.add(cue, "list", "list", 2)
        for n in range(2, 61):             # 33项 都有啥, 7大类: the counts of the catalogue said with digits
            for unit in ("项", "个项目", "大类", "类"):
                self.phrases.add(f"{n}{unit}", "contest", "count", 2, sound=False)
        for d, (_, cues, _) in DETAILS.items():
            for cue in cues:
                # by sound only the practice cues (zai na lianxi: typed pinyin for 练习; 联系 is
                # two characters off, no voice slip for it)
                self.phrases.add(cue, "detail", d, 2, sound=d == "practice")
        for word in CONTEST_WORDS:
            self.phrases.add(word, "contest", word, 4)
        for word in FILLER_WORDS:
            self.phrases.add(word, "filler", word, 4)
        for word in (*SET_ASIDE_WORDS, *LEVELS_ORDER):
            self.phrases.add(word, "filler", word, 4, sound=False)
        self._stripped_keys = {code: tuple(strip_punct(k) for k in keys) for code, keys in self.keys.items()}
        self._long: dict | None = None            # _long_names' index
        # the event each name or alias is (exact): what the everyday words below name
        code_of = {k: code for code, keys in self._stripped_keys.items() for k in keys}
        everyday: list[tuple[str, str]] = []     # (word, code): a word or thing of one event (酥油: 乳制品加工)
        for word, names in LOOSE_NAMES.items():
            codes = _unique(c for c in (code_of.get(strip_punct(n)) for n in names) if c)
            if not codes or strip_punct(word) in owners:
                continue
            if len(codes) == 1:
                self.phrases.add(word, "core", codes[0], 0, sound=False, typed=True)
                everyday.append((strip_punct(word), codes[0]))
            else:
                self.families[word] = tuple(sorted(codes, key=self._event_order.__getitem__))
                self.phrases.add(word, "family", word, 1, sound=False, typed=True)
        for word, names in OBJECT_NAMES.items():
            codes = _unique(c for c in (code_of.get(strip_punct(n)) for n in names) if c)
            if len(codes) == 1 and strip_punct(word) not in owners:
                self.phrases.add(word, "object", codes[0], 0, sound=False, typed=True)
                everyday.append((strip_punct(word), codes[0]))
        # every name and alias by its folded sounds: what names an event (named_event), what a stretch
        # said one slip off may be (_near_name), what a typed word a letter off may be (_typed_slip);
        # the everyday words (near_only) only for a slip off them (苏油比赛), see near_name's everyday
        by_sound: dict[tuple[str, ...], list[_Name]] = {}
        for k, code, near_only in (*((k, c, False) for c, keys in self._stripped_keys.items() for k in keys),
                                   *((k, c, True) for k, c in everyday)):
            han = len(k) >= 2 and all(map(is_han, k))
            if near_only and not han:
                continue
            by_sound.setdefault(tuple(t.syl for t in _tokens(k)), []).append(
                _Name(k, code, "".join(pinyin_syllables(k)) if han else "", near_only))
        self._by_sound = {sounds: tuple(names) for sounds, names in by_sound.items()}
        # ... and every beginning of the sounds of the names all in characters (_near_name reads on while some name begins so)
        self._sound_heads = frozenset(sounds[:n] for sounds, names in self._by_sound.items() if any(n.typed for n in names)
                                      for n in range(1, len(sounds) + 1))

    # -- reading a question -------------------------------------------------------------------
    def detect(self, text: str) -> ContestQuestion | None:
        said = strip_punct(text)
        bragged = BRAGGED_AFTER.search(said) or BRAGGED_BEFORE.match(said)
        knack = SKILL_SAID.search(said.replace(" ", ""))
        if knack is not None and knack.group(2):
            bragged = None          # 我普通话讲得好能报啥: the knack praised is what the events are asked by
        if bragged and (q := self.detect(asked := said[:bragged.start(1)] + said[bragged.end(1):])) is not None and (
                _names_any(q) or not _names_any(self._read(text))):
            # 摔跤比赛有吗，我们村有个摔跤厉害的: what is asked, the skill told beside it no word of it --
            # unless the skill held every event named (我儿子射箭特别准，几岁能报: the archery's age)
            return replace(q, heard=q.heard or asked)
        q = self._read(text) or self._told_apart(text)
        related = RELATED_CLASS.search(said) if q is None or not (q.events or q.family or q.category) else None
        if related and len(classes := [c for c in self.cat.categories if related.group(1) in c.name]) == 1:
            # 跟手工有关的算哪类: the one class whose name holds the word, its events listed and counted
            return ContestQuestion(category=classes[0].code, listing=True, cues=(related.group(0),))
        if (q is not None and q.whether and "eligibility" in q.aspects and not (q.names_something or q.listing)
                and q.age is None and (group := next((c for c in q.cues if c in GROUPS_OPEN), ""))
                and not POINTED.search(said) and not WHICH_ASKED.search(said)):
            # 干部能参加吗: yes, so many events -- not of one event pointed at (这个比赛), an age, or which ones
            q = replace(q, open_to=group)
        if (q is None or not q.names_something or q.unknown) and (
                own := OWN_ANIMAL.search(said) or ANIMAL_RIDDEN.search(said)):
            # 我家的马能骑去比赛吗: one's own animal taken to its event -- the event's description says
            # what it takes (骑自家的马), beside whatever else is asked (要准备什么)
            # the rest read as asked of the event the animal is taken to (自家的马骑去比赛要交钱不: 赛马要交钱不)
            code = OWN_ANIMAL_EVENT.get(own.group(1))
            rest = said[:own.start()] + said[own.end():]
            base = ((q if q is not None and not q.unknown else None)
                    or (code and len(rest) > 1 and self._read(self.cat.event(code).short_name + rest))
                    or ContestQuestion())
            if code is None:      # 我家的牦牛能带去比赛吗: no event races it -- said so, the closest named
                return replace(base, unknown=f"赛{own.group(1)}", similar=self._animal_events(own.group(1)),
                               events=(), aspects=())
            # (能比吗 asks whether that animal may run: the description's, beside who may enter)
            return replace(base, events=(code,), unknown="", similar=(),
                           aspects=(*base.aspects, "what") if "what" not in base.aspects and (
                               set(base.aspects) <= {"eligibility"} or OTHERS_OWNED.search(own.group(0)))
                           else base.aspects,
                           cues=(*base.cues, own.group(0)), whether=True)
        if (q is not None and not q.unknown and "what" not in q.aspects
                and (own := OWN_ANIMAL.search(said) or ANIMAL_RIDDEN.search(said))
                and q.events == (OWN_ANIMAL_EVENT.get(own.group(1)),)
                and (set(q.aspects) <= {"eligibility"} or OTHERS_OWNED.search(own.group(0)))):
            # 用邻居的马比赛可以吗 (its event read already): whose animal may run is the description's too
            q = replace(q, aspects=(*q.aspects, "what"), cues=(*q.cues, own.group(0)))
        if (not (q is not None and (q.events or q.family or q.category))
                and (skill := SKILL_SAID.search(plain := said.replace(" ", "")))
                and (TRADE_CONTEST.search(skill.group(3)) or TRADE_WHICH_END.search(skill.group(3)))
                and not TRADE_ELSE.search(skill.group(3))
                and not (skill.group(2) and KNACK_OF_ANIMAL.search(plain[:skill.start(2)]))):
            # 我会木工报啥, 当木匠的能参加哪个, 我普通话好可以报哪些: a trade or knack no event is named by,
            # read as the events it makes for
            trade = skill.group(1) or skill.group(2)
            codes = tuple(c for c in TRADES[trade] if self.cat.event(c) is not None)
            if codes:
                return ContestQuestion(events=codes, cues=(trade,), whether=True, trade=KNACK_NAMES.get(trade, trade))
        if ((q is None or (q.listing and not q.names_something and not q.trade))
                and (skill := SKILL_UNNAMED.search(said)) and not TRADE_ELSE.search(said[skill.start(1):])):
            # 我会开车能参加啥: a skill no event or trade is named by -- said so, the closest events or the list
            return replace(q or ContestQuestion(whether=True), unknown=skill.group(1),
                           similar=self._similar({skill.group(1)[i:i + 2] for i in range(len(skill.group(1)) - 1)}),
                           listing=False)
        if q is None and SKILL_DENIED.search(said):
            return ContestQuestion(listing=True, whether=True)
        if (q is not None and q.listing and not (q.events or q.family or q.category)
                and ONLY_FOR.search(strip_punct(text)) and not any(c in LIST_FILTERS for c in q.cues)):
            return None     # 只准男的参加的比赛: no group the catalogue restricts by -- the whole list is no answer
        if ((q is None or not (q.events or q.family or q.category or q.listing or q.fix
                               or set(q.aspects) & {"switch", "mine"}))
                and AFTER_SIGNUP.search(strip_punct(text))):
            # (报名后想换个项目, 报了名以后不想参加了: changing or taking back the sign-up, not what follows it)
            # 报了名以后干啥: what follows the sign-up, said over any aspect its words may hold
            return ContestQuestion(aspects=("after",), cues=(AFTER_SIGNUP.search(strip_punct(text)).group(0),))
        if q is not None and (q.events or q.family_events):
            other = self._other_language(strip_punct(text), q.events or q.family_events)
            if other:
                # 英语演讲比赛, 藏文书法: a language event in a language the contests do not use is an
                # event the catalogue lacks -- said so, with the events it comes closest to
                return ContestQuestion(unknown=other[0], similar=other[1], cues=q.cues)
        if not (q is not None and (q.events or q.family or q.category or q.listing)) and (
                tied := CONCERNS_GROUP.search(strip_punct(text))) and CONCERNS_SUBJECT.fullmatch(
                strip_punct(text)[:tied.start()].replace(strip_punct(self.cat.campaign.name), "")):
            # 活动和我们学生有啥关系: what the contests hold for a group -- whether they may enter, and which
            return ContestQuestion(aspects=("eligibility",), cues=(tied.group(1),), whether=True)
        form = FORM_ASKED.search(strip_punct(text))
        if form and form.group(1).startswith("表") and not CONTEST_FORM.search(strip_punct(text)[:form.start()]):
            form = None
        if form and not (q is not None and (q.fix or set(q.aspects) & {"mine", "switch", "after"})) and not (
                (before := self._read(strip_punct(text)[:form.end()])) is not None
                and (before.events or before.family or before.category)):
            # 我是学生报名时要填学校吗, 报名要不要填民族: what the sign-up form asks (its fields), not who
            # may enter (身份证 holds 身份, 学生 is who asks) nor an event (the 民族 filled in is no 民族乐器);
            # an event named up to the 填 (报名射箭要填啥) is asked of: its own card says how
            return ContestQuestion(aspects=("howto",), cues=(form.group(0),), proxy=q is not None and q.proxy)
        if q is not None and (q.events or q.family or q.category):
            return q
        if (q is not None and q.listing and not q.names_something and PERCENT.search(text)
                and not any(w in text for w in CONTEST_WORDS[:4])):
            return None      # 100%是哪个: a rate of the campaign's (the knowledge base's), no list of events
        if (q is None or set(q.aspects) <= {"what", "which"}) and self._counts_said(text):
            # 7大类33项是什么, 三十三项都是啥: the catalogue's own counts said, asked what they are
            return ContestQuestion(listing=True, names=True)
        # A name typed in pinyin a letter off (sheijian for 射箭): read as that name, as for a character off
        # -- beside a word of the contest or a cue of what is asked (shejain 几号截止, baoming sheijian):
        # alone, or beside other talk, a typed word a letter off a name is more likely some other word
        slipped = self._typed_slip(strip_punct(text)) if q is None or not q.listing else None
        if slipped and self._asks_of_contest(slipped[0][:slipped[1]] + " " + slipped[0][slipped[2]:]):
            fixed = self._read(slipped[0])
            if fixed is not None and fixed.events:
                return replace(fixed, heard=slipped[0])
        # A question naming no event may name one a character off (压家 for 押加, 拨河 for 拔河): read
        # it as that event if it then asks something of it, or ask which when several are that close.
        norm = strip_punct(text)
        if q is None and (codes := self._char_named(norm)):
            # 箭, 牛: one character typed alone, held by the names of a few events -- those events
            return ContestQuestion(events=codes, bare=True, cues=(norm,))
        near = self._near_name(norm)
        if not near:
            return q
        (lo, hi), codes = near
        if len(codes) > 1:
            if q is None:
                return None
            return replace(q, family=norm[lo:hi], family_events=codes, unknown="", similar=(),
                           aspects=tuple(a for a in q.aspects if a != "which"), listing=False)
        loose = bool(AS_CONTEST.match(norm, hi))
        key, everyday = min(((n.key, n.near_only) for names in self._by_sound.values() for n in names
                             if n.code == codes[0] and n.typed and len(n.key) == hi - lo
                             and near_name(norm[lo:hi], n.key, loose, n.near_only)), key=lambda kn: kn[1])
        if everyday and not loose:
            return q         # a slip off an everyday word (苏油 for 酥油) is an event only said as a contest: 苏油比赛
        heard = norm[:lo] + key + norm[hi:]
        fixed = self._read(heard)
        if fixed is None or fixed.events != codes or (q is None and not fixed.aspects
                                                       and not AS_CONTEST.match(norm, hi)):
            return q
        return replace(fixed, heard=heard)

    def _told_apart(self, text: str) -> ContestQuestion | None:
        """Which events one may enter, asked last after who one is, told in clauses of its own (我是农牧民，
        冬天去县城上班，可以报哪些比赛): the list asked, of the group the asker says they are of; what
        else is told of oneself (a season's work) no part of it. None when the last clause asks no list
        or no group is said."""
        parts = [p for p in CLAUSE_SPLIT.split(text) if p]
        last = self._read(parts[-1]) if len(parts) > 1 else None
        if last is None or not last.listing or last.names_something:
            return None
        told = "".join(p for p in parts[:-1] if GROUP_SAID.search(p) and _the_askers(p, GROUP_SAID.search(p).start()))
        return self._read(told + parts[-1]) if told else None

    def _other_language(self, norm: str, codes: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
        """(what was asked, the events named) when ``norm`` puts another language (英语, 藏文) right
        before the name of a named event whose subject is the national language (its name says 普通话,
        通用语言 or 汉字), said as a contest (英语演讲比赛); None otherwise: 用藏语讲故事行不行, 藏语朗诵可以吗
        and 藏语讲故事比赛有没有 ask the event's rule of the language it is held in, not another event."""
        bound = tuple(c for c in codes if NATIONAL_LANGUAGE.search(self.cat.event(c).name))
        if not bound:
            return None
        names = sorted({k for c in bound for k in self._stripped_keys[c]}
                       | {w for w, ns in LOOSE_NAMES.items() if any(self._named_code(n) in bound for n in ns)}
                       | {w for w, cs in self.families.items() if set(cs) & set(bound)}, key=len, reverse=True)
        for m in OTHER_LANGUAGE.finditer(norm):
            if norm[m.start() - 1:m.start()] in IN_LANGUAGE:
                continue                     # 用藏语讲: a way of doing the event, asked of it
            rest = norm[m.end():].removeprefix("的")
            key = next((k for k in names if rest.startswith(k)), None)
            if key and (key.endswith("比赛") or AS_CONTEST.match(rest, len(key))):
                return m.group(0) + key.removesuffix("比赛"), tuple(codes)
        return None

    def _named_code(self, name: str) -> str:
        e = self.named_event(name)
        return e.code if e is not None else ""

    def _class_counted(self, toks: list[_Tok], spans: list[_Span]) -> set[int]:
        """The cells of a class's own count of events said after its name (体育类六项分别是什么, 体育类6个项目
        是哪些): read with the name, as the catalogue's own counts are (see _counts_said)."""
        cells: set[int] = set()
        for s in spans:
            cat = self.cat.category(s.phrase.value) if s.phrase.kind == "category" else None
            m = CLASS_COUNT_AFTER.match("".join(t.ch for t in toks[s.end:s.end + 6])) if cat else None
            if m and cn_to_int(m.group(1)) == len(cat.events):
                cells |= set(range(s.end, s.end + len(m.group(0))))
        return cells

    def _counts_said(self, text: str) -> bool:
        """``text`` says the catalogue's own counts (7大类, 三十三项, 33xiang) and asks at most what
        they are: nothing else is left once the counts, the ask and small words are taken out."""
        said = numerals_to_digits(fold(_southwest(strip_punct(text))))
        left, n = CATALOGUE_COUNT.subn(lambda m: "" if int(m.group(1)) in (
            len(self.cat.categories) if m.group(2) else len(self.cat.events),) else m.group(0), said)
        return left != said and not COUNT_ASKED_WHAT.sub("", left).strip()

    def _code_by_sound(self, sounds: tuple[str, ...]) -> str:
        """The one event whose names sound ``sounds`` (folded), else ""."""
        codes = {n.code for n in self._by_sound.get(sounds, ()) if not n.near_only}
        return next(iter(codes)) if len(codes) == 1 else ""

    def _asks_of_contest(self, text: str) -> bool:
        """``text`` holds a word of the contest (比赛, 报名, bisai) or a cue of what is asked of one (截止, 多大)."""
        norm = strip_punct(text)
        return bool(AGE_ASKED_LAST.search(norm)) or any(
            s.phrase.kind in ("contest", "aspect", "list", "place_time", "detail", "generic")
            for s in self.phrases.spans(_tokens(norm)))

    def _typed_slip(self, norm: str) -> tuple[str, int, int] | None:
        """(``norm`` with a word typed in pinyin (six letters or more) that is one letter off an event's
        name or alias of two characters or more (sheijian: shejian, 射箭) written as that name, where
        that name stands in it); None when there is none, it is off several names alike, or it reads
        as a word of its own (shijian: 时间, caifang: 采访 -- what was typed, no slip of 射箭 or 裁缝)."""
        for m in TYPED_WORD.finditer(norm):
            if typed_phrase(m.group(0)):
                continue
            near = {(n.key, n.code) for names in self._by_sound.values() for n in names
                    if n.typed and not n.near_only and abs(len(n.typed) - len(m.group(0))) <= 1
                    and Levenshtein.distance(n.typed, m.group(0)) == 1}
            if len({code for _, code in near}) == 1:
                key = max(k for k, _ in near)
                return norm[:m.start()] + key + norm[m.end():], m.start(), m.start() + len(key)
        return None

    def _long_names(self) -> dict[str, list[tuple[str, str]]]:
        """Every all-Han name or alias of LONG_NAME characters or more with one inner character
        masked (手工磨?粑), to the names so masked: built once."""
        if self._long is None:
            self._long = {}
            for code, keys in self._stripped_keys.items():
                for k in keys:
                    if len(k) >= LONG_NAME and all(map(is_han, k)):
                        for at in range(1, len(k) - 1):
                            self._long.setdefault(f"{k[:at]}?{k[at + 1:]}", []).append((k, code))
        return self._long

    def _sounds_like_a_name(self, thing: str) -> bool:
        """``thing`` (said alone as a contest) sounds like an event's name or alias, tones aside (压价
        for 押加): voice input's slip, never said to be an event the catalogue lacks."""
        heard = [char_sound(c) for c in thing.removesuffix("的") if is_han(c)]
        return any(len(k) == len(heard) and [char_sound(c) for c in k] == heard
                   for keys in self._stripped_keys.values() for k in keys if all(map(is_han, k)))

    def _near_name(self, norm: str) -> tuple[tuple[int, int], tuple[str, ...]] | None:
        """The longest stretch of ``norm`` one slip away from an event's name or alias (see
        near_name), with the events it may be; None when there is none."""
        sounds = tuple(char_sound(c) if is_han(c) else None for c in norm)
        # A slip near_name accepts leaves every sound as it was (锅装舞, 压家) or changes one
        # character for one that looks like it (拨河): the names are looked up by the stretch's
        # sounds, and by them with one character's look-alike's sound in its place -- each stretch
        # read on only while some name begins so (a scan of every name cost ~3 ms a question).
        near: dict[tuple[int, int], set[tuple[str, str, bool]]] = {}

        def read(heard: tuple, los, at: int = -1) -> None:
            for lo in los:
                for hi in range(lo + 1, len(heard) + 1):
                    said = heard[lo:hi]
                    if said not in self._sound_heads:
                        break
                    names = [(n.key, n.code, n.near_only) for n in self._by_sound.get(said, ()) if n.typed]
                    if names and (at < 0 or lo <= at < hi):
                        near.setdefault((lo, hi), set()).update(names)

        read(sounds, range(len(norm)))
        for at, ch in enumerate(norm):
            for other in _LOOKALIKES.get(ch, ()):
                read(sounds[:at] + (char_sound(other),) + sounds[at + 1:], range(at + 1), at)
        # a long name with any one character inside it mistyped (手工磨珍粑): by the name with that
        # character masked, a look-up per stretch and place
        masked = self._long_names()
        for size in {len(k) for k in masked}:
            for lo in range(len(norm) - size + 1):
                said = norm[lo:lo + size]
                for at in range(1, size - 1):
                    names = masked.get(f"{said[:at]}?{said[at + 1:]}")
                    if names:
                        near.setdefault((lo, lo + size), set()).update((k, c, False) for k, c in names)
        for n in sorted({hi - lo for lo, hi in near}, reverse=True):
            found: dict[tuple[int, int], list[str]] = {}
            for (lo, hi), names in sorted(near.items()):
                if hi - lo == n:
                    # said as a contest (压价比赛): each character off may be a slip (near_name's loose);
                    # the lookup above finds such names when all their sounds, or all but one look-alike, agree
                    loose = bool(AS_CONTEST.match(norm, hi))
                    codes = [code for k, code, everyday in sorted(names) if near_name(norm[lo:hi], k, loose, everyday)]
                    if codes:
                        found[(lo, hi)] = _unique(codes)
            if len(found) == 1:
                span, codes = next(iter(found.items()))
                return span, tuple(sorted(codes, key=self._event_order.__getitem__))
            if found:
                return None                  # two stretches each near a name: no telling which is meant
        return None

    def _read(self, text: str) -> ContestQuestion | None:
        norm = _southwest(strip_punct(text))
        toks = _tokens(norm)
        if not toks or not any(_han(t) or t.ch.isalpha() for t in toks):
            return None
        spans = self.phrases.spans(toks)
        spans = [s for s in spans if not (s.phrase.kind == "aspect" and s.phrase.text in CAP_HEADS
                                          and not CAP_ON.match("".join(t.ch for t in toks[s.end:])))]
        # 开幕那天, 启动那天: that day, not 哪天 heard (比赛在那里 still asks where)
        spans = [s for s in spans
                 if not (s.by_sound and s.phrase.kind == "place_time" and toks[s.start].ch == "那"
                         and OCCASION_BEFORE.search("".join(t.ch for t in toks[:s.start])))]
        # a contest word inside a place's name is none (比如县's 比: 考察组去的比如县属于哪个市 is no
        # question of an event 「考察组去」)
        placed = {i for s in spans if s.phrase.kind == "elsewhere" for i in range(s.start, s.end)}
        contest_words = any(s.phrase.kind == "contest" and not set(range(s.start, s.end)) <= placed for s in spans)
        asks = (any(s.phrase.kind in ("aspect", "list", "place_time", "detail") and s.phrase.text not in PEOPLE_GROUPS
                    for s in spans)                  # 村干部的编制: no question of the contest, no 编织 by sound
                or bool(AGE_ASKED_LAST.search(norm)))
        # A cue that is a plain noun (孩子, 学生) says nothing of the contest by itself.
        asks_plainly = any(s.phrase.kind in ("aspect", "list", "place_time", "detail") and s.phrase.text not in NOUN_CUES
                           for s in spans)
        # Names by sound only in a question plainly about the contest; short forms only beside a
        # contest word or a cue of what is asked (朗读 截止). A name typed whole in pinyin (yajia,
        # tiyu lei) is written on purpose, no homophone slipped into other talk: it names the event.
        spans = [s for s in spans
                 if not (s.by_sound and s.phrase.kind in ("event", "family", "category", "core")
                         and not (contest_words or asks) and not _typed(toks, s))
                 and not (s.phrase.kind in ("core", "object") and not (contest_words or asks_plainly)
                          # a thing a description names said alone (藏柜): which event makes it
                          and not (s.phrase.kind == "object" and _said_alone(toks, s)))]
        asks_of_event = any(s.phrase.kind in ("aspect", "detail", "place_time") and s.phrase.text not in NOUN_CUES
                            and not s.by_sound                  # 读不通顺: no 不同 heard
                            and (s.phrase.kind != "aspect" or s.phrase.value not in _OF_EVENT_ONLY
                                 or "报" in s.phrase.text or "参" in s.phrase.text) for s in spans)
        spans = [s for s in spans if not (s.phrase.kind in ("core", "family") and s.phrase.text in DESCRIBED_NAMES
                                          and not (contest_words or (asks_of_event
                                                                     and s.phrase.text not in READ_AT_SCHOOL)))]
        thing_alone = any(s.phrase.kind == "object" and _said_alone(toks, s) for s in spans)
        # 拍风景的那个比赛, 牦牛养殖那个比赛: "that contest" after what describes or names it, no 哪个比赛
        # heard by sound; 哪几句话: 几 before a measure word, no 哪级
        name_ends = {s.end for s in spans if s.phrase.kind in ("event", "core", "family", "category", "object")}
        spans = [s for s in spans if not (s.by_sound and s.phrase.kind == "aspect" and (
            (s.phrase.text[:1] == "哪" and toks[s.start].ch == "那" and s.start
             and (toks[s.start - 1].ch == "的" or s.start in name_ends))
            or (toks[s.end - 1].ch == "几" and s.end < len(toks) and toks[s.end].han
                and toks[s.end].ch not in MOOD_PARTICLES and toks[s.end].ch not in "吗么")
            # 以前有乡镇办过: a place typed (乡) is not a cue heard in it (有限)
            or any(t.ch in PLACE_CHARS and t.ch not in s.phrase.text for t in toks[s.start:s.end])))]
        # a word several names begin with (牦牛) only said as a contest, beginning what is said (赛牦牛
        # is racing yaks, a thing of its own; 普通群众 is no 普通话's 普通)
        spans = [s for s in spans if not (s.phrase.kind == "family" and s.phrase.value in self._heads and (
            not AS_CONTEST.match("".join(t.ch for t in toks[s.end:]))
            or (s.start and toks[s.start - 1].han and toks[s.start - 1].ch not in GRAMMAR_CHARS)))]
        # 乡镇几个人能进县里决赛: a townships cue with no verb is one only at the question's end; else
        # what it runs into (几个人) is read
        spans = [s for s in spans if not (s.phrase.kind == "aspect" and s.phrase.text in TOWNSHIPS_TERSE
                                          and not TOWNSHIPS_TAIL.match("".join(t.ch for t in toks[s.end:])))]
        chosen = _choose(spans)
        # 手工艺品 去哪展览: the goods, not the category of contests (a category's name before 品, no
        # word of the contest: 手工艺品比赛 is still the category)
        chosen = [s for s in chosen if not (s.phrase.kind == "category" and not contest_words
                                            and toks[s.end:s.end + 1] and toks[s.end].ch == "品")]
        # a township of the county named (达龙乡能报名吗): read only as below, else left to the matcher
        named_townships = [s for s in chosen if s.phrase.kind == "township"]
        chosen = [s for s in chosen if s.phrase.kind != "township"]
        kinds: dict[str, list[_Span]] = {}
        for s in chosen:
            kinds.setdefault(s.phrase.kind, []).append(s)
        events = _unique(s.phrase.value for s in kinds.get("event", []) + kinds.get("core", []))
        objects = kinds.pop("object", [])
        if not events:
            events = _unique(s.phrase.value for s in objects)
        kinds["core"] = kinds.get("core", []) + [s for s in objects if s.phrase.value in events]
        families = kinds.get("family", [])
        # 理论宣讲那一类, 宣讲这类比赛: an event's name said of its class names the category; so does
        # one that is also its category's name (理论宣讲) followed by a count of events (几项)
        class_cells: set[int] = set()

        def class_said(s: _Span) -> int:
            after = "".join(t.ch for t in toks[s.end:s.end + 8])
            m = CLASS_AFTER.match(after)
            if m:
                return len(m.group(0))
            return 0 if (s.phrase.kind != "category" and s.phrase.text in self._category_names
                         and EVENTS_COUNTED_AFTER.match(after)) else -1
        classed = [s for s in kinds.get("event", []) + kinds.get("core", []) + kinds.get("category", [])
                   if class_said(s) >= 0]
        if classed:
            gone = {s.phrase.value for s in classed if s.phrase.kind != "category"}
            class_cells = {i for s in classed for i in range(s.start, s.end + class_said(s))}
            kinds["category"] = _unique_spans(kinds.get("category", []) + classed)
            for k in ("event", "core"):
                kinds[k] = [s for s in kinds.get(k, []) if s.phrase.value not in gone]
            kinds["aspect"] = [s for s in kinds.get("aspect", []) if not class_cells & set(range(s.start, s.end))]
            events = [c for c in events if c not in gone]
        # 除了讲故事还能报什么: the events set aside, the rest listed
        named_spans = sorted(kinds.get("event", []) + kinds.get("core", []), key=lambda s: s.start)
        set_aside = []
        for s in named_spans:
            # 除了篮球足球, 除了赛马和射箭: the names said one after another after 除了 are all set aside
            joined = set_aside and "".join(t.ch for t in toks[set_aside[-1].end:s.start]) in ("", "和", "跟", "与", "、", "及")
            if ((joined or EXCEPT_BEFORE.search("".join(t.ch for t in toks[max(0, s.start - 3):s.start])))
                    and (kinds.get("list") or OTHERS_AFTER.search("".join(t.ch for t in toks[s.end:])))):
                set_aside.append(s)
        if (set_aside and not kinds.get("category")
                and not SET_ASIDE_CONTEST.search("".join(t.ch for t in toks[set_aside[-1].end:]))
                # 限名额的除开厨艺还有哪些: the others that keep a rule of events (名额, 团体, 比到市级) --
                # not the rule of the one set aside (除了赛马的名额，还有别的要求吗: 赛马's own places)
                and not any(s.phrase.value in FILTER_ASPECTS and not _of_set_aside(toks, s, set_aside)
                            for s in kinds.get("aspect", []))):
            # 除了种青稞还有什么产业, 除了理论宣讲还有什么形式的宣讲: no class named and no word of
            # contests after (球赛, 报, 项目) -- the others of something else are asked (the knowledge base's)
            return None
        others_asked = bool(set_aside) and not kinds.get("list")     # 除了村超还有啥球赛: the rest, no list cue
        excluded = _unique(s.phrase.value for s in set_aside)
        if excluded:
            for k in ("event", "core"):
                kinds[k] = [s for s in kinds.get(k, []) if s.phrase.value not in excluded]
            events = [c for c in events if c not in excluded]
            class_cells |= {i for s in set_aside for i in range(max(0, s.start - 3), s.start)
                            if toks[i].ch in "除了开去外"}
        # 我是放牦牛的，技能类有啥比赛适合我: what the asker does (我是…的) beside a category or another
        # event named (我是挤奶的，乳制品那个比赛我能报吗) is who asks, not the event asked about
        if events:
            told = _self_told(toks)
            named_spans = kinds.get("event", []) + kinds.get("core", [])
            intro = [s for s in named_spans if s.start in told and s.end - 1 in told]
            if intro and (kinds.get("category") or {s.phrase.value for s in named_spans if s not in intro}
                          - {s.phrase.value for s in intro}):
                gone = {s.phrase.value for s in intro}
                for k in ("event", "core"):
                    kinds[k] = [s for s in kinds.get(k, []) if s.phrase.value not in gone]
                events = [c for c in events if c not in gone]
        # 宣讲那一类: a word for several events of one class names that class
        family_class = [(s, classes.pop()) for s in families
                        if CLASS_AFTER.match("".join(t.ch for t in toks[s.end:s.end + 4]))
                        and len(classes := {self.cat.event(c).category for c in self.families[s.phrase.value]}) == 1]
        if family_class:
            families = [s for s in families if s not in {f for f, _ in family_class}]
            kinds["family"] = families
            class_cells |= {i for s, _ in family_class for i in range(s.start, s.end + len(CLASS_AFTER.match(
                "".join(t.ch for t in toks[s.end:s.end + 4])).group(0)))}
            kinds["aspect"] = [s for s in kinds.get("aspect", []) if not class_cells & set(range(s.start, s.end))]
        if kinds.get("category") and (place := _cells(toks, VENUE_PLACE)):
            kinds["category"] = [s for s in kinds["category"] if not place & set(range(s.start, s.end))]
        categories = _unique([*(s.phrase.value if s.phrase.kind == "category" else self.cat.category_of(
            self.cat.event(s.phrase.value)).code for s in kinds.get("category", [])),
            *(code for _, code in family_class)])
        has_bao = "报" in norm or any(t.syl == _BAO for t in toks)
        # 报几个人: people, not events; 可以换马吗, 改成几号了, 把年龄报错了: no move to another event
        named_at = {s.start for k in ("event", "core", "family", "category") for s in kinds.get(k, [])}
        swallowed = _swallowed_cells(toks) if CUE_SWALLOWED.search(norm) else set()
        named_events = {s.phrase.value for k in ("event", "core") for s in kinds.get(k, [])}
        # who signs up together is said outside the events' names (村BA和村超: no village said)
        named_spans = [range(s.start, s.end) for s in kinds.get("event", []) + kinds.get("core", [])]
        unnamed = "".join(t.ch for i, t in enumerate(toks) if not any(i in r for r in named_spans))
        kinds["aspect"] = [s for s in kinds.get("aspect", [])
                           if not (s.phrase.value == "limit" and _people_next(toks, s.end))
                           # 报名表交到乡里还是县里: where a thing is handed in, not how far the event goes
                           and not (s.phrase.text in LEVELS_EITHER and not (
                               named_events or LEVELS_CONTEXT.search(norm))
                                    or s.phrase.text in LEVELS_EITHER and HANDED_TO.search(
                                        "".join(t.ch for t in toks[max(0, s.start - 3):s.start])))
                           # 赛马和射箭能同时报名吗: events entered together; 全村一起报名, 我和我老婆一起报名:
                           # people signing up together, no count of events
                           and not (s.phrase.text in TOGETHER_CUES and (
                               (len(named_events) < 2 and not OTHER_EVENTS_SAID.search(norm))
                               or TOGETHER_WHO.search(unnamed)))
                           and not (s.phrase.value == "switch" and not _switch_aimed(toks, s, named_at))
                           # 得第一的那个人: a person pointed at, no 个人赛
                           and not (s.phrase.text.startswith("个人") and s.start and toks[s.start - 1].ch in "那这哪")
                           and not (s.phrase.value in WRITTEN_CUES and swallowed & set(range(s.start, s.end)))]
        kinds["detail"] = [s for s in kinds.get("detail", []) if not swallowed & set(range(s.start, s.end))]
        weighed = {i for s in kinds["detail"] if s.phrase.text in WEIGHT_CLASS for i in range(s.start, s.end + 1)}
        # 体重级别, 重量级: a class by weight, no level of the contest
        kinds["aspect"] = [s for s in kinds.get("aspect", []) if not (s.phrase.value == "levels" and s.start in weighed)]
        aspects = set(s.phrase.value for s in kinds.get("aspect", []))
        if (events and all(self.cat.event(c).mode == "team" for c in events) and TOGETHER_SAID.search(norm)
                and TOGETHER_WHO.search(unnamed)):
            aspects.add("team")      # 拔河全村一起报名: people signing up together for a team event -- its team
        elif len(events) > 1 and TOGETHER_SAID.search(norm) and not TOGETHER_WHO.search(unnamed):
            aspects.add("limit")     # 村BA和村超能一起参加吗: both events entered -- how many one may enter
        for_someone = HOWTO_FOR_SOMEONE.search(norm) is not None
        proxied = [m.group(0) for m in PROXY_ASKED.finditer(norm)] if has_bao else []
        proxy = for_someone or bool(proxied)
        if proxy:
            aspects.add("howto")
            # 没有手机的人: the phone is no 手机摄影
            dropped = {s.phrase.value for s in kinds.get("event", []) + kinds.get("core", [])
                       if any(s.phrase.text in m for m in proxied)}
            events = [c for c in events if c not in dropped]
            kinds["event"] = [s for s in kinds.get("event", []) if s.phrase.value not in dropped]
            kinds["core"] = [s for s in kinds.get("core", []) if s.phrase.value not in dropped]
        if events and TEAM_SIGNUP.search(norm) and any(self.cat.event(c).is_team for c in events):
            aspects = (aspects - {"limit", "team"}) | {"howto"}      # 一个人报全队: who signs the team up
        if "days" in aspects:
            # 还有几天截止, 报名还剩几天: days to the deadline; 还有几天比赛, 报完名还有多久比赛: the contest's
            # day (not published)
            end = max(s.end for s in kinds["aspect"] if s.phrase.value == "days")
            after = "".join(t.ch for t in toks[end:])
            aspects -= {"deadline", "when", "days"}
            aspects.add("days" if ("截止" in norm or "截至" in norm or has_bao) and not CONTEST_DAY.search(after)
                        else "when")
        if SCHEDULE.search(norm) and not aspects & {"deadline", "days"}:
            aspects.add("when")              # 足球赛程: read past the event's name that swallows its 赛
        if "deadline" in aspects and DAY_AFTER_DEADLINE.search(norm) and not DEADLINE_ASKED_TOO.search(norm):
            # 截止4月30号，那比赛是哪天: the contest's day, whose line tells the deadline too
            aspects = (aspects - {"deadline"}) | {"when"}
        # Rules the catalogue may not hold, asked of an event, a family of events or the contest.
        heard_details = {s.phrase.value for s in kinds.get("detail", [])}
        said = CUE_SWALLOWED.sub(_masked, norm) if swallowed else norm
        details = ([d for d, cue in _DETAIL_CUE.items() if d in heard_details or cue.search(said)]
                   if heard_details or _DETAIL_CUES.search(said) else [])
        named_cells = {i for s in kinds.get("event", []) + kinds.get("core", []) for i in range(s.start, s.end)}
        # (a particle mid-sentence right after an animal event's name and 的 is the animal heard:
        # saima de ma read back as 赛马的吗; after any other word it is the particle: 射箭是免费的吗)
        rest = "".join("#" if i in named_cells else "马" if t.ch in "吗嘛" and 1 < i < len(toks) - 1
                       and toks[i - 1].ch == "的" and i - 2 in named_cells and toks[i - 2].ch in ANIMAL_CHARS
                       else t.ch if t.han or not t.ch.isalpha()
                       else _ANIMAL_SYLS.get(t.ch, t.ch) for i, t in enumerate(toks))
        animal = ANIMAL_ASKED.search(rest) or HORSES_ASKED.search(norm)
        if animal and events:
            details.append("animal:" + next(g for g in animal.groups() if g))
        if not (events or families):
            details = [d for d in details if d in CAMPAIGN_DETAILS]    # of every event: no description to read
        if details and (events or contest_words):
            aspects.add("rules")
            if "format" in details and ROUNDS_ASKED.search(norm):
                aspects.add("levels")        # 讲故事比赛要比几轮: the rounds within it unknown, the levels known
            if any(d in ("duration", "format") for d in details):
                aspects -= {"deadline", "when"}
        else:
            details = []
        for s in kinds.get("place_time", []):
            if s.phrase.value == "time" and "rules" in aspects and any(d in ("duration", "format") for d in details):
                continue                     # 讲多久: how long one speaks, not when
            if s.phrase.value == "where" and "compare" in aspects:
                continue                     # 区别在哪: where the difference lies, not the venue
            if s.phrase.value == "where" and "rules" in aspects:
                continue                     # 在哪练, 题目从哪里出, 裁判是哪里请的: of the rule, not the venue
            if s.phrase.value == "where" and not aspects & {"venue", "howto"}:
                aspects.add("howto" if has_bao else "venue")
            elif s.phrase.value == "time" and not aspects & {"deadline", "when"}:
                aspects.add("deadline" if has_bao else "when")
        digits = numerals_to_digits(norm)
        age = next((n for m in AGE_RE.finditer(digits) if (n := _age(m)) is not None and n <= 120), None)
        rule = AGE_RULE_RE.search(digits)
        min_age = int(rule.group(1) or rule.group(2)) if rule else None
        if min_age is not None:
            age = None                       # 年满18岁的有哪些: a rule, not the asker's age
        # 一个人 asks whether it is an individual event, not whether one person is a team.
        people = next((n for m in PEOPLE_RE.finditer(digits) if (n := int(m.group(1))) > 1), None)
        if people is not None and age is None:
            aspects.add("team")
        counted_at = EVENTS_COUNTED.search(digits)
        counted = int(counted_at.group(2)) if counted_at else None
        # 已经报了赛马和射箭 says which, not how many: only a number or 报满 says how full one is --
        # or the events so entered, counted, when another one is asked of (还能再报几个, 还想报射箭)
        already = "报满" in norm or (counted is not None and bool(ALREADY.search(digits)))
        if counted is None and not already:
            entered = _entered(toks, kinds.get("event", []) + kinds.get("core", []))
            if entered:
                counted, already = len(entered), True
                events = [c for c in events if c not in entered]
                for k in ("event", "core"):
                    kinds[k] = [s for s in kinds.get(k, []) if s.phrase.value not in entered]
        whether = bool(MAY_ASKED.search(norm)) and not HOW_ASKED.search(norm)
        by_group = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "eligibility"}
        if not whether and by_group and by_group <= set(PEOPLE_GROUPS):
            aspects.discard("eligibility")   # 老百姓咋个参加: how, not who
        if counted is not None or "报满" in norm or OTHER_EVENT_ASKED.search(norm) or OTHERS_TOGETHER.search(norm):
            aspects.add("limit")             # 我想报4个项目行不行, 报了三个还能加一个吗: how many one may enter
            if already and {s.phrase.text for s in kinds.get("aspect", [])
                            if s.phrase.value == "deadline"} <= {"还能报吗"}:
                aspects.discard("deadline")  # 已经报了三个了还能报吗: another one, not till when
        limit_cues = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "limit"}
        if (limit_cues and limit_cues <= set(MANY_CUES) and counted is None
                # (一个人 reads as a team's size, 能报 as who may: neither another thing asked)
                and (aspects - {"limit", "team", "eligibility"} or not MAY_MANY.search(norm) or CROWD.search(norm))):
            aspects.discard("limit")         # 报好多项目的人多不多, 报很多项目要交钱吗: no cap asked
        if (len(events) == 1 and "howto" in aspects
                and any(s.phrase.text.endswith("参赛") for s in kinds.get("aspect", []))):
            aspects.add("what")              # 摄影怎么参赛: how one competes (交照片), beside the way in
        if events and WHAT_ASKED.search(norm) and not aspects - {"eligibility"} - {"what"}:
            aspects.add("what")              # 书写比赛写什么 (but 比什么时候 is no what: 什么时候 is a cue)
        if thing_alone and events:
            aspects.add("which")             # 藏柜: the event it belongs to
        if TEAMS_ASKED.search(norm):
            aspects.add("teams")
        if (at := VENUE_AT.search(norm)) and (at.group(1) or contest_words):
            aspects.add("venue")             # 决赛在县体育馆打吗: whether it is held at a place, the venue asked
        if events and not aspects and AGE_ASKED_LAST.search(norm):
            aspects.add("eligibility")
        if events and age is not None and (aspects <= {"howto"} or (for_someone or proxy) and len(events) == 1):
            # 我15想参加赛马: one who tells their age asks whether they may; so does one who tells the age
            # of whom they sign up (邻居家小伙子17，能帮他报木雕吗，截止哪天), beside what else is asked
            aspects.add("eligibility")
        if events and TEAM_SIZE_ASKED.search(norm) and "capacity" not in aspects:
            aspects.add("team")              # 村演最多能上多少人: the size of a team, once an event is named
        if (events and "team" in aspects and (TEAM_SIZE_ASKED.search(norm) or people is not None or "人数" in norm)
                and not any(self.cat.event(c).is_team for c in events)):
            aspects.add("capacity")          # 唐卡能报多少人: no team to size, so how many it takes
        said_held = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "held"}
        if (said_held and said_held <= set(NEWS_HELD)
                and (aspects - {"held", "when", "venue", "townships"} or kinds.get("generic") or whether)):
            aspects.discard("held")          # 村里搞了个赛马比赛我能参加吗: what is asked comes after the news
        if not aspects or (events and aspects <= {"howto", "rules"}):
            # The vague cues (能报吗, 是什么) only when nothing else is asked -- or, of an event, only
            # where to sign up (射箭我能报吗，在哪报).
            aspects.update(s.phrase.value for s in kinds.get("generic", []))
        # a rule asked (评分标准, 学习资料) is read, but is one word of content: 有没有学习资料…应知应会那些
        # is no short question naming 应知应会 as an event
        covered = {i for s in chosen if s.phrase.kind != "detail" for i in range(s.start, s.end)}
        covered |= {i for s in chosen if s.phrase.kind == "detail" for i in range(s.start + 1, s.end)}
        covered |= class_cells
        covered |= _round_places(toks)
        covered |= self._class_counted(toks, kinds.get("category", []))
        if age is not None or proxy or kinds.get("list") or aspects & {"switch", "mine"}:
            # 我家姑娘八岁, 我不是牧民…哪些比赛, 我家娃报了名想换: whom it is asked of, read with the age,
            # the list or the sign-up asked
            covered |= _cells(toks, WHOM_SAID)
        if "venue" in aspects:
            covered |= _cells(toks, VENUE_AT)   # 决赛在县体育馆打吗: the place asked of, read as the venue
        if aspects & {"switch", "mine"}:
            covered |= _cells(toks, SIGNED_UP)  # 报完名了想换一个: the sign-up that is changed, read already
        if "switch" in aspects:
            # 想改成其他比赛: the words from the change cue to what it aims at (成, 别的) are the move, read
            covered |= {i for s in kinds.get("aspect", []) if s.phrase.value == "switch"
                        for i in _switch_reach(toks, s.end, named_at)}
        # 四月份截止的: a month the events close in (a day said too is CLOSING_RE's)
        month_closing = (MONTH_CLOSING_RE.search(digits) if "deadline" in aspects and not CLOSING_RE.search(digits)
                         else None)
        read = (age is not None or people is not None or min_age is not None     # 十二岁, 18岁以上: read already
                or month_closing is not None)
        someone = m.group(0) if for_someone and (m := HOWTO_FOR_SOMEONE.search(norm)) else ""
        if month_closing:
            someone += "月份"
        if age is not None and (kin := next((m for m in AGE_RE.finditer(digits) if m.group(3)), None)):
            someone += kin.group(0)          # 我阿爸都八十多了: whose age, read already
        if proxied:
            someone += "".join(proxied) + "村乡镇干部人老"      # who signs up whom: read already
        residue = sum(1 for i, t in enumerate(toks) if i not in covered
                      and not (read and (t.ch in CN_NUMERAL_CHARS or t.ch.isdigit()))
                      and not (t.han and t.ch in someone)          # 帮阿妈报: whom, read already
                      and (t.ch not in FUNCTION_CHARS and t.ch not in MOOD_PARTICLES if t.han else t.ch.isalnum()))
        if (named_townships and not (events or families or categories)
                and (has_bao or contest_words or "townships" in aspects)
                and aspects and aspects <= {"eligibility", "howto", "townships"}):
            # 硕督镇和达龙乡能报名吗: every township of the county may enter -- its name read already
            aspects = {"townships"}
            residue -= sum(1 for s in named_townships for i in range(s.start, s.end) if i not in covered)
            residue -= 2 * norm.count("乡镇")      # 除了孜托镇以外的乡镇: the others, read as townships too
        elif (named_townships and not (events or families or categories) and aspects & {"venue", "levels"}
              and "held" not in aspects and not PAST_SAID.search(norm)):
            # 我在孜托镇，第一轮在哪比: the county's own township is where the asker is; the levels
            # (village first, then the township…) answer for every one of them
            residue -= sum(1 for s in named_townships for i in range(s.start, s.end) if i not in covered)
        if "townships" in aspects:
            residue -= _said_in_all(norm)     # 县里一共有多少个乡镇: the count asked, nothing besides
        if (categories and not events and not contest_words and not kinds.get("list") and residue > 1
                and not any(s.phrase.text.endswith("类") for s in kinds.get("category", []))):
            categories = []                  # 中考体育加分政策: a word of a class's name in other talk, no class asked
        one_desc = self.cat.event(events[0]).description if len(events) == 1 else ""
        # a thing the description names is read as words left over (皮具比赛做马鞍行不行, 织氆氇的比赛多大能报)
        loose = covered - {i for s in objects for i in range(s.start, s.end)}
        if len(events) == 1 and _in_description("".join(t.ch if i not in loose else " " for i, t in enumerate(toks)),
                                                 self.cat.event(events[0])):
            aspects.add("what")              # 皮具比赛做马鞍行不行: the description speaks of it
        if (len(events) == 1 and "eligibility" in aspects and aspects <= {"eligibility", "howto", "which"}
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "eligibility"} & WHO_CUES
                and PEOPLE_NAMED.search(one_desc)):
            aspects.add("what")              # 驻村故事演讲谁可以讲: the description names who (驻村干部和村民)
        content, content_known = "", False
        if len(events) == 1 and not aspects & {"what", "rules", "which", "compare", "switch"}:
            # 厨艺比赛做藏餐可以吗？年龄要求多少: whether one may do a thing in the event, beside what
            # else is asked -- the description answers it, or the reply says it is not published
            content, content_known = self._content_asked(text, self.cat.event(events[0]))
            specific = {s.phrase.value for s in kinds.get("aspect", [])}
            if content and (specific or content_known) and not any(d in content for d in ID_DOCS):
                # (要不要带身份证去: a paper brought, asked by the bring cues, no thing done in the event)
                aspects.add("what")
                if not specific & {"eligibility"}:
                    aspects.discard("eligibility")   # 可以吗 asked of the thing done, not of who may enter
                if content_known:
                    aspects.discard("bring")         # 可以把做好的带去比吗: the description says what is brought
            else:
                content = ""
        if "cost" in aspects and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "bring"} <= {"谁出", "自己出"}:
            aspects.discard("bring")         # 报名费谁出: who pays, nothing fetched along
        if "cost" in aspects and (EARNING.search(norm) or aspects & {"prizes", "winners"}) and not FEE.search(norm):
            aspects.discard("cost")          # 一年赚好多钱, 第一名奖多少钱: earned or won, not what entering costs
        if ("prizes" in aspects and EARNING.search(norm) and not FEE.search(norm)
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "prizes"} <= WON_CUES):
            aspects.discard("prizes")        # 得了奖以后一年能挣多少: what a winner earns since (the sources'
            #                                  examples), not a prize the county offers
        if ("prizes" in aspects and WINNER_ASKED.search(norm)
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "prizes"} <= WON_CUES):
            aspects.discard("prizes")        # 有没有人靠演讲得奖: who has won (the sources' examples), not a
            aspects.add("winners")           # prize the county offers
        cues = tuple(s.phrase.text for s in kinds.get("aspect", []))
        asked_howto = proxy or any(s.phrase.value == "howto" for s in kinds.get("aspect", [])) or (
            has_bao and any(s.phrase.value == "where" for s in kinds.get("place_time", [])))
        if len(aspects) > 1 and not asked_howto:
            aspects.discard("howto")         # every answer ends with how to sign up anyway
        if proxy and age is None and {s.phrase.text for s in kinds.get("aspect", [])
                                      if s.phrase.value == "eligibility"} <= NOUN_CUES | WHO_CUES:
            aspects.discard("eligibility")   # 替老人报名, 谁能帮他报: whom one signs up or who helps, not who may enter
        if "limit" in aspects and {s.phrase.text for s in kinds.get("aspect", [])
                                   if s.phrase.value == "team"} <= ONE_PERSON:
            aspects.discard("team")          # 一个人能报几个: how many events, not the team size
        which_cues = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "which"}
        asks_which = "which" in aspects
        if aspects == {"what", "which"} and which_cues - EXISTENCE:
            aspects.discard("what")          # 排小品的属于哪个项目: the class, which says what it is too
        if len(aspects) > 1:
            aspects.discard("which")         # 赛马有没有年龄限制: the age, not whether there is one
        if "venue" in aspects and any(s.phrase.text in NEXT_LEVEL for s in kinds.get("aspect", [])):
            aspects.discard("venue")         # 村里比完了还要去哪里比: the next level, not a place
        if "venue" in aspects:
            aspects.discard("levels")        # the venue answer goes through the levels
        if "held" in aspects:
            # 在哪个村办过: where it has been held, not where it will be; 开始那天是不是搞了个文艺比赛: that
            # day's news, not the contests' day to come
            aspects -= {"venue", "townships", "when"}
        if "rules" in aspects and one_desc and "practice" not in details and all(
                d in DETAILS and any(w in one_desc for w in DETAILS[d][2]) for d in details):
            aspects = (aspects - {"rules"}) | {"what"}     # 歌舞比赛唱啥歌: its description tells it
            details = []
        if "rules" in aspects:
            aspects.discard("what")          # the rules line says what the event is, after what is not published
            if any(d.startswith("animal:") for d in details) and events:
                aspects.add("eligibility")   # the rider's age, said as the rider's, beside the horse's
        if "teams" in aspects:
            aspects -= {"limit", "team"}      # 一个村报几个队: teams of a village, not events of a person
        if "signed" in aspects:
            aspects.discard("team")          # 已经有多少人报了: how many signed up, not a team's size
        if (aspects & {"prizes", "winners"} and "eligibility" in aspects
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "eligibility"}
                <= {*PEOPLE_GROUPS, "农牧民", "牧民"}):
            aspects.discard("eligibility")   # 得了奖的群众能享受什么: the winners named, not who may enter
        if (any(s.phrase.value == "capacity" for s in kinds.get("aspect", []))
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "team"} <= {"人数"}):
            aspects.discard("team")          # 人数有限吗: the places, not the size of a team
        if ("townships" in aspects and not re.search(r"报|参加|参赛", norm)
                and {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "townships"} <= set(OTHER_TOWNSHIPS)):
            aspects.discard("townships")     # 别的乡镇也办了吗: what was held there, not who may enter
        levels_cues = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "levels"}
        if "levels" in aspects and levels_cues and levels_cues <= set(WON) and not NEXT_ASKED.search(norm):
            aspects.discard("levels")        # 胜出的有什么奖励: the winners' prize, not the levels
        if "venue" in aspects and any(norm.find(c + "较") >= 0 for c in VENUE_SAID_LOOSELY):
            aspects.discard("venue")         # 哪块比较好: which is better, no venue
        township_cues = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "townships"}
        if ("townships" in aspects and township_cues and township_cues <= set(TOWNSHIPS_ASKED_LAST)
                and not townships_counted(norm, township_cues)):
            aspects.discard("townships")     # 乡镇有哪些活动, 乡镇都有哪几个比赛: what follows is asked
        if "signed" in aspects and "参加了" in norm and not re.search(r"报(?!告)|比赛|参赛", norm):
            aspects.discard("signed")        # 一共有多少人参加了宣讲: a past event's turnout, not the sign-ups
        if (events and "team" in aspects and "capacity" not in aspects
                and (people is not None or TEAM_SIZE_ASKED.search(norm) or "人数" in norm)
                and not any(self.cat.event(c).is_team for c in events)):
            aspects.add("capacity")          # 赛马只要四十个人吗: of a one-person event, a number of people is its places
        elif (events and "capacity" in aspects and "team" not in aspects
              and any(s.phrase.text == "限人数" for s in kinds.get("aspect", []))):
            aspects.add("team")              # 赛马限不限人数, 拔河限不限人数: its places, and its team's size or
            #                                  that one enters alone (as 人数 alone reads)
        # the place named before a general word for it (昌都别的县比如八宿: 八宿)
        places = sorted((s.phrase.value for s in kinds.get("elsewhere", [])), key=lambda v: v in GENERAL_ELSEWHERE)
        elsewhere = places[0] if places else ""
        if len(events) == 1:
            # 法律宣讲比赛: an alias holding a word for several events (宣讲比赛: 理论政策宣讲), with a
            # word before it that only another of them shares, is that other one
            for s in kinds.get("event", []) + kinds.get("core", []):
                word = next((w for w, codes in self.families.items() if events[0] in codes and w in s.phrase.text), "")
                pick = word and self._qualified(toks, s.start, word, self.families[word])
                if pick and pick != events[0]:
                    events = [pick]
                    break
        family, family_events = "", ()
        if families and not events and (contest_words or residue == 0):
            # A word for several events counts when the question is about the contest, or is only that word.
            family = families[0].phrase.value
            family_events = self.families[family]
            pick = self._qualified(toks, families[0].start, family, family_events)
            if pick:
                # 法律宣讲那个比赛: a word said before the family's that only one of its events
                # shares (法: 法治宣讲) picks that one
                events, family, family_events = [pick], "", ()
        unknown, similar = "", ()
        if events and which_cues <= EXISTENCE:
            aspects.discard("which")         # 篮球赛有没有女子组: a detail of the event, not whether it exists
        # 我报了跳绳还能报几个: the first one, named with no contest word, may be no event here
        another = aspects == {"limit"} and bool(ANOTHER_AFTER_ONE.search(norm))
        if not (events or family or categories) and (
                (asks_which and (contest_words or residue <= 3))
                or ((contest_words or another) and 0 < residue - _whether_said(norm) <= 4)):
            # 做马鞍子的比赛是哪个: an event described; 知识比赛: a short form; 摔跤是哪一类, 跑步比赛
            # 在哪报: one said as an event, which the catalogue may not have; 俄西乡举办的是哪个比赛:
            # none of these (the matcher's).
            thing, found, as_event = self._guess(toks, covered, classed=bool(which_cues & CLASS_CUES))
            if _asked_as_event(norm, _WHETHER_TAIL.sub("", thing)):
                thing = _WHETHER_TAIL.sub("", thing)     # 赛牦牛算不算比赛: the name, not the ask after it
            said = len(thing)
            thing = _without_verb_phrase(thing)      # 钓鱼能玩比赛不: 钓鱼, the rest is a wish
            if thing and any(thing.removesuffix("的") in m for m in proxied):
                thing, found, as_event = "", (), False      # 没有手机的: whom, no event
            short = self._short_form(thing)
            if short:
                events = [short]
            elif (asks_which or kinds.get("list")) and len(found) == 1 and _descriptive(thing):
                events = [found[0]]
                aspects.add("which")
            elif as_event and thing.endswith("的") and len(found) == 1 and aspects - {"which"}:
                events = [found[0]]          # 拍风景的比赛怎么比: an event described, and something asked of it
            elif (as_event or (another and _entered_before(norm, thing)) or (thing and (_exists_before(norm, thing, which_cues) or _asked_as_event(norm, thing)))
                  ) and _activity(thing) and (
                    asks_which or aspects & SIGNUP_ASPECTS or EXISTS_RE.search(norm) or _asked_as_event(norm, thing)
                    or (not aspects and residue <= said and not self._sounds_like_a_name(thing))
                    ):
                # (报了赛跑还能报几个: another one after it -- not an event here, then the cap all the same)
                # 摔跤比赛在哪报, 有赛跑吗, 下象棋 有没有比赛; 赛牦牛 or 下象棋比赛 said alone: an event
                # asked of by its name only -- not 观看比赛直播
                unknown, similar = thing, found
        if asks_which and not (events or unknown):
            aspects.discard("which")
        named_end = max((s.end for s in kinds.get("event", []) + kinds.get("core", [])), default=len(toks))
        if (len(events) >= 2 and aspects == {"which"} and which_cues - EXISTENCE
                and OTHER_ONE.search("".join(t.ch for t in toks[named_end:]))):
            return None                      # 村超村BA还有一个叫啥: the one besides those named, not they
            #                                  (of one event, 还有一个叫什么 may ask its other name)
        name_spans = sorted(kinds.get("event", []) + kinds.get("core", []), key=lambda s: s.start)
        same = ""
        if "compare" in aspects:
            # what differs: of two events or a family's, in what the catalogue holds (奖金有啥区别 is no
            # comparison it can make); two names of one event (赛马和马术) are said to be one
            said = _unique(s.phrase.text for s in name_spans)
            if len(events) == 1 and len(said) > 1:
                same = said[1] if said[0] == strip_punct(self.cat.event(events[0]).name) else said[0]
            elif events and families:
                # 朗读和演讲有啥区别: the one event beside every event the word names
                events = _unique([*events, *self.families[families[0].phrase.value]])
            elif len(events) == 1:
                # 两个宣讲比赛有什么不同: one event's alias (宣讲比赛) holding a word for several
                word = next((w for w, codes in self.families.items()
                             if events[0] in codes and any(w in s.phrase.text for s in name_spans)), "")
                if word:
                    family, family_events, events = word, self.families[word], []
            if not (len(events) >= 2 or family or same) or not aspects - {"compare"} <= COMPARABLE:
                aspects.discard("compare")
        switch_from = switch_to = said_to = ""
        left = SWITCH_ASKED.search(norm) if len(toks) == len(norm) else None     # one token per character
        elsewhere_wanted = bool(left) and not _aims_at(toks, left.end(1), named_at)
        if elsewhere_wanted:
            left = None                      # 不想去县里比了想报村里的: another level, not another event
        if left:
            aspects.add("switch")
        elif ("switch" not in aspects and (quit := QUIT_ASKED.search(norm)) and not elsewhere_wanted
              and not WISH.search(norm, quit.end())):
            aspects = {"mine"}               # 不想报篮球了: cancelling it (不想去乡里比了想去县里比: no)
        switch_cues = {s.phrase.text for s in kinds.get("aspect", []) if s.phrase.value == "switch"}
        if not left and switch_cues <= {"报错"} and "mine" in aspects:
            aspects.discard("switch")        # 报错了想取消: cancelling, not moving to another event
        if "switch" in aspects and (events or contest_words):
            # 报了篮球想换成足球: the event named after the cue is the new one, before it the old one
            at = max([s.start for s in kinds.get("aspect", []) if s.phrase.value == "switch"]
                     + ([left.start(1)] if left else []))
            before = next((s for s in name_spans if s.start < at), None)
            switch_from = before.phrase.value if before else ""
            to = next((s for s in name_spans if s.start > at and s.phrase.value != switch_from), None)
            if any(s.phrase.text in MISTAKEN_AS and s.start == at for s in kinds.get("aspect", [])):
                # 讲故事报成了别的项目: the one named before the cue is the one meant, the one after it
                # (or another said in general) what was signed up by mistake
                before, to = to, before
                switch_from = before.phrase.value if before else ""
            switch_to = to.phrase.value if to else ""
            said_to = to.phrase.text if to else ""
            aspects = {"switch"}
        else:
            aspects.discard("switch")
        fixing = FIX_ASKED.search(norm) if "switch" not in aspects else None
        fix = ""
        if fixing:
            # 我把年龄报错了: a detail to put right, not who may enter (nor 换队名: a team's new name)
            fix = next(g for g in fixing.groups() if g)
            fix = FIX_EDIT_WORDS.get(fix, fix)
            aspects = {"fix"}
        extreme = ""
        if "deadline" in aspects and not events and not family:
            extreme = next((k for k, words in EXTREMES.items() if _says(toks, norm, words)), "")
        closing = None
        if "deadline" in aspects and not events and not family and (m := CLOSING_RE.search(digits)):
            closing = (int(m.group(1)), int(m.group(2)))
        elif (("deadline" in aspects and not events and not family and month_closing
               and 1 <= int(month_closing.group(1)) <= 12)):
            closing = (int(month_closing.group(1)), 0)       # the whole month
        age_free = any(w in norm for w in AGE_FREE)
        listing = (bool(kinds.get("list")) and not events and not family
                   and not aspects & {"prizes", "winners", "mine", "rules", "limit"}    # 每人限几项: the cap
                   and not any(s.phrase.text in WAYS for s in kinds.get("aspect", []))   # 报名方式有哪些: how
                   # 奖励几项 counts prizes; 一共/总共 asks nothing besides the list (总共分几大类)
                   and residue - _said_in_all(norm) <= (2 if contest_words else 1)
                   and not FIELDS_COUNTED.search(norm)             # 报名表要填几项: a form's fields
                   and not LEVELS_LISTED.search(norm)
                   and not names_study(norm)   # 学习资料有哪些: the study material (the knowledge base's)
                   and not PEOPLE_ASKED.search(norm)   # 有哪些人能参加: who, not which events
                   ) or bool(extreme) or bool(closing) or (others_asked and not events) \
            or (min_age is not None and not events and not family and bool(FEW_ASKED.search(norm))
                and bool(RULE_SAID.search(norm))) \
            or (age is not None and not events and not family and not categories
                and any(s.phrase.text in WHICH_EVENT for s in kinds.get("aspect", []))
                and bool(ENTERING.search(norm)))      # 我60岁了哪个项目能领补贴: a policy's 项目
        # 个人赛总共多少个, 只限农牧民的有几个: the count of the events a rule picks, asked at the end
        rule_count = (not listing and not events and not family and residue - _said_in_all(norm) <= 1
                      and bool(COUNT_END.search(norm)) and not LEVELS_LISTED.search(norm)
                      and bool(aspects & FILTER_ASPECTS or set(cues) & set(LIST_FILTERS))
                      and aspects <= FILTER_ASPECTS | {"eligibility"})
        listing = listing or rule_count
        if listing and (age_free or min_age is not None):
            aspects.add("eligibility")
        without = WITHOUT_DOC.search(norm)
        if without:
            aspects = (aspects - {"eligibility", "howto"}) | {"bring"}     # 没有户口本能报名吗: without it
        q = ContestQuestion(events=tuple(events), family=family, family_events=family_events,
                            category=categories[0] if categories and not events else "",
                            # an animal's rule asked (赛马的马有年龄要求吗): 「…县里还没公布」 first, the rider's after
                            aspects=tuple(a for a in (("rules", *(a for a in ASPECT_ORDER if a != "rules")) if any(
                                d.startswith("animal:") for d in details) else ASPECT_ORDER) if a in aspects),
                            age=age, people=people,
                            cues=cues, elsewhere=elsewhere, listing=listing,
                            bare=not aspects and residue == 0 and not listing,
                            contest_day="when" in aspects and ("比赛" in norm or any(r in norm for r in ROUNDS)), unknown=unknown, similar=similar,
                            extreme=extreme, names=listing and any(w in norm for w in NAMES_ASKED),
                            min_age=min_age if listing else None, age_free=listing and age_free, closing=closing,
                            details=tuple(details),
                            counting=rule_count or (listing and bool(kinds.get("list"))
                                                    and all(s.phrase.text in COUNT_CUES for s in kinds.get("list", []))),
                            proxy=proxy, same=same, switch_from=switch_from, switch_to=switch_to, said_to=said_to,
                            counted=counted, already=already,
                            whether=whether, excluded=tuple(excluded) if listing else (),
                            content="" if content_known else content,
                            bound="least" if FEWEST.search(norm) else "most" if MOST.search(norm) else "",
                            fix=fix, outside=_outside(norm) if listing else (),
                            without=without and (without.group(1) or without.group(2)) or "")
        if q.bare and len(q.events) == 1:
            q = replace(q, also=self._also_named(q.events[0], [s.phrase.text for s in name_spans]))
        if q.events and len(q.events) > self.cat.campaign.max_events_per_person and "limit" not in q.aspects:
            q = replace(q, aspects=q.aspects + ("limit",))
        elif (len(q.events) > 1 and ("limit" not in q.aspects or q.counted is None) and not q.already
              and ALL_OF.search(norm)):
            # 赛马、射箭和押加三个都能报吗, 赛马和射箭能同时报名吗: each one's rule, and whether one may
            # enter so many
            q = replace(q, aspects=tuple(_unique([*q.aspects, "limit"])), counted=q.counted or len(q.events))
        by_phone = bool(set(q.cues) & set(BY_PHONE)) and "howto" in q.aspects
        if by_phone and "还是" in norm:
            q = replace(q, whether=False)    # 手机上报还是去村里报: either way asked, no yes to lead with
        if by_phone and "eligibility" in q.aspects and not q.events:
            # 学生用手机可以报名吗: the way asked, for the group named -- not whether it may enter
            q = replace(q, aspects=tuple(a for a in q.aspects if a != "eligibility"), open_to="")
        if not (q.names_something or q.listing or q.aspects):
            return None
        if not q.names_something and not q.listing:
            # A campaign-level question: only when it is about the contest and says little else.
            if q.elsewhere:
                # 边坝县什么时候截止: another county's sign-up, said to be not here beside 洛隆县's own
                # a contest word said as such (比如县's 比 is no 比赛)
                said = any(s.phrase.kind == "contest" or "报" in s.phrase.text or "赛" in s.phrase.text for s in chosen)
                if residue > 4 or not said or not set(q.aspects) & ELSEWHERE_ASPECTS:
                    return None
            elif q.fix:
                pass                 # 名字报错了怎么办: one's own sign-up, whatever else is said
            elif residue > (6 if q.proxy or by_phone else 12 if q.aspects == ("limit",) and ANOTHER_AFTER_ONE.search(norm)
                            else 4 if q.counted is not None
                            else 5 if q.aspects == ("mine",) and "报" in norm else 2) or not (
                    contest_words or set(q.aspects) & SELF_EVIDENT
                    or (residue == 0 and set(q.aspects) <= SAID_ALONE and min(map(len, q.cues), default=0) > 1)
                    or q.aspects == ("townships",) and townships_counted(norm, {s.phrase.text for s in chosen})):
                # (who signs up for whom takes words: 村干部能帮没手机的老人报名吗, and how: 自己用手机; so does how many one
                # has entered: 我已经报了三个了还能报吗; and one's own sign-up, checked or taken back:
                # 报完了怎么看自己报上没有 -- then only when the matcher has no answer, see ``wordy``)
                return None
            elif q.aspects == ("mine",) and residue > 2:
                q = replace(q, wordy=True)
        return q

    def _also_named(self, code: str, said: list[str]) -> tuple[str, str, tuple[str, ...]] | None:
        """Of a name said alone that is a word for several events and little else (讲故事: 讲 + 故事,
        宣讲比赛), that word and the other events it names: the one asked may not be the one meant --
        unless what the name holds besides the word sets it apart (篮球赛's 篮: no 足球赛 is so named)."""
        for text in said:
            for word, codes in self.families.items():
                if word in self._heads or code not in codes or word not in text:
                    continue
                others = tuple(c for c in codes if c != code)
                rest = text.replace(word, "", 1).replace("比赛", "").removesuffix("赛")
                if len(rest) <= 1 and all(any(ch in k for c in others for k in self._stripped_keys[c]) for ch in rest):
                    return text, word, others
        return None

    def _content_asked(self, text: str, e: Event) -> tuple[str, bool]:
        """The clause of ``text`` that asks whether one may do something in ``e`` (可以带自己雕好的
        东西去比吗, 做藏餐可以吗, 写毛笔字还是钢笔字), and whether its description speaks of it: the
        clause shares two characters in a row with it (藏餐), or brings a finished piece (东西, 成品)
        to an event that takes 作品; of two things asked with 还是, one of them must be in it."""
        desc = strip_punct(e.description)
        if not desc:
            return "", False
        keys = sorted(self._stripped_keys[e.code], key=len, reverse=True)
        for clause in CLAUSE_SPLIT.split(text):
            said = strip_punct(clause)
            for k in keys:
                said = said.replace(k, "#")
            m = CONTENT_ASKED.search(said)
            if not m or PEOPLE_WORDS.search(m.group(0)):
                continue
            either = m.group("either")
            act = m.group("act") or m.group("act2") or m.group("act3")
            if SIGNING_UP.search(act):
                continue         # how one signs up (能用手机报名吗, 可以自己去报名吗), not what is done in it
            parts = [act, either] if either else [act]

            def speaks(part: str) -> bool:
                # 自己的马 is one's own (自家的马), and so is what one brings oneself (自己带马: 带自家的马);
                # 自己做, 自己去 is by oneself. 自家 and the characters beside it say nothing of their
                # own (用自己的手机: not 家的 of 自家的马).
                part = re.sub(r"[^\u4e00-\u9fff]", "", part)
                part = re.sub(r"自己([带拿骑穿])(?!的)(?=[\u4e00-\u9fff])", r"\1自家的", part)
                part = re.sub(r"自己(?=[的家])", "自家", part)
                starts = [m2.start() for m2 in re.finditer("自家", part)]
                own = {k + d for k in starts for d in (-1, 0, 1)}
                # 自家的马 speaks of the horse only where the thing brought is the horse: 带自家的马鞍子
                # brings a saddle, which 骑自家的马 says nothing of (the next character must match too,
                # unless it is no part of the thing: 带自家的马去)
                whose = {k + 2 for k in starts}

                def same_thing(i: int) -> bool:
                    nxt = part[i + 2:i + 3]
                    return (i not in whose or not nxt or nxt in FUNCTION_CHARS or nxt in "去来比参跑"
                            or part[i:i + 3] in desc)
                return any(part[i:i + 2] in desc for i in range(len(part) - 1)
                           if not all(ch in FUNCTION_CHARS for ch in part[i:i + 2])
                           and part[i:i + 2] not in IGNORED_PAIRS and i not in own and same_thing(i))
            known = (all(speaks(p) for p in parts) if either else
                     speaks(parts[0]) or ("作品" in desc and WORK_WORDS.search(parts[0]) is not None))
            shown = (f"{act}还是{either}" if either else f"能不能{act}").replace("#", e.short_name)
            return shown, known
        return "", False

    def _guess(self, toks: list[_Tok], covered: set[int], classed: bool) -> tuple[str, tuple[str, ...], bool]:
        """What a "which event is it" question asks about: the run of words no name or cue took
        that is said as an event (X比赛, 赛X: 赛牦牛) -- or else the one run of two words or more;
        the events whose names or descriptions share two characters in a row with it, best first
        (at most 4); and whether it is said as an event (or ``classed``: 摔跤是哪一类)."""
        def content(i: int) -> bool:
            t = toks[i]
            return t.ch not in GRAMMAR_CHARS and t.ch not in MOOD_PARTICLES if t.han else t.ch.isalnum()

        runs: list[list[int]] = []           # uncovered stretches, grammar trimmed off their ends
        for i in range(len(toks)):
            if i in covered:
                continue
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        runs = [r[next(k for k, i in enumerate(r) if content(i)):] for r in runs if any(map(content, r))]
        runs = [r[:max(k for k, i in enumerate(r) if content(i)) + 1] for r in runs]

        def lone_sai(run: list[int]) -> bool:
            """赛 alone before the run (赛牦牛, 有赛跑吗), not the end of 比赛 or 团体赛."""
            lo = run[0]
            return lo > 0 and toks[lo - 1].ch == "赛" and (lo < 2 or (lo - 2 not in covered and toks[lo - 2].ch != "比"))

        def said_as_event(run: list[int]) -> bool:
            # by sound: voice input's 比塞 is 比赛 (摔跤比塞)
            after = [t.syl for t in toks[run[-1] + 1:run[-1] + 6]]
            after = after[1:] if after[:1] == [_DE] else after
            after = after[2:] if after[:2] in _THAT_ONE else after     # 拍风景的那个比塞
            return lone_sai(run) or any(after[:len(w)] == w for w in _EVENT_AFTER)

        named = [r for r in runs if said_as_event(r)]
        long_runs = [r for r in runs if sum(map(content, r)) >= 2]
        if len(named) == 1:
            run, as_event = named[0], True
        elif not named and len(long_runs) == 1:
            run, as_event = long_runs[0], classed
        else:
            return "", (), False             # nothing, or words on both sides of a cue (手艺不够好，有没有培训)
        lo, hi = run[0] - lone_sai(run), run[-1]
        if lo > 0 and lo < hi and toks[lo - 1].ch + toks[lo].ch in _SPLIT_WORDS:
            lo += 1                          # 想报名象棋: 名 ends 报名, taken apart by the cue 想报
        if toks[hi + 1:hi + 2] and toks[hi + 1].ch == "的":
            hi += 1                          # 做马鞍子的: a description, kept as such (_descriptive)
        thing = "".join(t.ch for t in toks[lo:hi + 1])
        return thing, self._similar({toks[i].ch + toks[i + 1].ch for i in run[:-1]}), as_event

    def _similar(self, pairs: set[str]) -> tuple[str, ...]:
        """The events whose texts share most of these pairs of what was said (at most four; none alike: ())."""
        scores = {e.code: sum(pair in self._texts[e.code] for pair in pairs) for e in self.cat.events}
        best = max(scores.values(), default=0)
        similar = tuple(c for c, n in scores.items() if n == best) if best else ()
        return similar if len(similar) <= 4 else ()

    def _short_form(self, thing: str) -> str:
        """The one event whose names hold ``thing`` (知识 of 知识竞赛), else ""."""
        core = thing.strip("赛").removesuffix("的")
        if len(core) < 2:
            return ""
        codes = {code for code, keys in self._stripped_keys.items() if any(core in k for k in keys)}
        return next(iter(codes)) if len(codes) == 1 else ""

    def _animal_events(self, animal: str) -> tuple[str, ...]:
        """The events whose name or description speaks of ``animal`` (牦牛: 牦牛养殖, 挤奶)."""
        return tuple(e.code for e in self.cat.events if animal in e.name or animal in (e.description or ""))[:4]

    def _char_named(self, said: str) -> tuple[str, ...]:
        """The events whose names or aliases hold ``said``, one character sent alone that is a thing of
        theirs (箭: 射箭, 响箭; 牛: 挤牛奶, 养牦牛) -- any other character of a name (恩 of 感党恩, typed for
        嗯; 卡, 加, 生) names nothing alone."""
        if said not in THING_CHARS:
            return ()
        return tuple(c for c, keys in self._stripped_keys.items() if any(said in k for k in keys))

    def first(self, q: ContestQuestion) -> bool:
        """Answer before the general matcher (else only when the matcher has no answer)."""
        if q.wordy:
            return False
        if q.trade:
            return True                      # 我会木工报啥: the events the trade fits, from the catalogue
        if q.whether and "howto" in q.aspects and set(q.cues) & set(BY_PHONE) and not q.events:
            return True                      # 用手机能自己报名吗: yes first, then how (the KB's how-to has no yes)
        if q.events or q.family:
            return bool(q.aspects) or q.bare
        if q.unknown:
            return True
        if q.category or q.listing:
            # how many there are: the knowledge base's one line (7大类33项) first -- unless the count is
            # of the events that fit a rule (团体赛有几项, 只限农牧民的有几项): the catalogue counts those
            return (not q.elsewhere and (not q.counting or self.counts_some(q))
                    and (q.bare or q.listing or bool(q.aspects)))
        if (q.aspects == ("eligibility",) and set(q.cues) & WHO_OF_ALL and q.whether and q.age is None
                and not q.elsewhere):
            return True                      # 这个活动学生也能参加吗: who may enter, from the events' own rules
        # 什么时候比赛 is the contests' day (not published), not the campaign's start (活动什么时候开始)
        return bool(set(q.aspects) & CAMPAIGN_FIRST) or q.proxy or (q.contest_day and not q.elsewhere)

    def county_wide(self, q: ContestQuestion, place: str) -> bool:
        """``place`` is a township of the county and ``q`` asks only rules that are the same in every
        township (who may enter, the deadline, team sizes, how to sign up): no gap of that township."""
        # where the rounds are held, of no event (我在孜托镇，第一轮在哪比): the levels, village first,
        # are the same in every township, and the places are unpublished for all of them alike
        wide = COUNTY_WIDE | ({"venue"} if not q.names_something else set())
        return (bool(q.aspects) and set(q.aspects) <= wide
                and any(t.name == place for t in self.cat.townships))

    @staticmethod
    def counts_some(q: ContestQuestion) -> bool:
        """A count asked of the events that fit a rule (个人赛一共多少项, 比到市级的有几个), not of them all."""
        return bool(set(q.aspects) & FILTER_ASPECTS or set(q.cues) & set(LIST_FILTERS) or q.age_free
                    or q.min_age is not None or q.closing or q.extreme or q.age is not None)

    def defers(self, q: ContestQuestion) -> bool:
        """It asks only what the catalogue may not have (prizes, winners, venue…) of an event, or
        what winners get of the contest as a whole: a knowledge-base entry may answer it better --
        see :meth:`answers`."""
        if not q.aspects:
            return False
        if q.events:
            return set(q.aspects) <= UNPUBLISHED
        if (q.category or q.family) and set(q.aspects) == {"held"}:
            return True                      # 是不是搞了个文艺比赛: whether one was held, the sources' news
        # Of the contest as a whole, only what winners get: the sources tell it (索县's 49 policies).
        return not q.names_something and set(q.aspects) <= {"prizes", "winners"}

    def answers(self, q: ContestQuestion, text: str) -> bool:
        """``text`` (a knowledge-base answer) speaks of the event ``q`` names, if it names one,
        and has words for everything ``q`` asks (a 冠军 question is not answered by a text
        without 第一/冠军/…; 获奖有什么好处 is, by the entry on what winners get)."""
        norm = strip_punct(text)
        group = ""
        if not q.events and (q.category or q.family):
            group = q.family or self.cat.category(q.category).name.removesuffix("类")
        return ((not q.events or any(k in norm for code in q.events for k in self._stripped_keys[code]))
                and (not group or strip_punct(group) in norm)
                and all(any(w in norm for w in EVIDENCE[a]) for a in q.aspects))

    def tells(self, q: ContestQuestion, text: str) -> bool:
        """Stricter than :meth:`answers`: one sentence of ``text`` names the event and has the words
        for what is asked (白达乡通尼村办了理论政策宣讲比赛) -- for an entry the matcher did not rank first."""
        return bool(q.events) and any(self.answers(q, part) for part in re.split(r"[\n。；;！!？?]", text) if part)

    def speaks_of_another(self, q: ContestQuestion, text: str) -> bool:
        """``text`` (a knowledge-base answer) names another event of the catalogue by its full
        name and none of the one event ``q`` names: it answers about something else."""
        if len(q.events) != 1:
            return False
        norm = strip_punct(text)
        asked = q.events[0]
        if any(k in norm for k in self._stripped_keys[asked]):
            return False
        return any(strip_punct(e.name) in norm or strip_punct(_strip(re.sub(r"[（(].*?[）)]", "", e.name))) in norm
                   for e in self.cat.events if e.code != asked)

    def vocabulary(self) -> list[str]:
        """Every word the desk reads or writes: event names and descriptions, loose names, category
        names, the cues of each aspect and the words it reads past (仅限) -- the scope guard takes none
        of them for an unknown word."""
        return [*(k for keys in self.keys.values() for k in keys), *(e.description for e in self.cat.events),
                *(c.name for c in self.cat.categories), *LOOSE_NAMES, *OBJECT_NAMES, *_CUE_WORDS, *LIST_CUES, *MODE_LABEL.values(),
                *(w for words in EXTREMES.values() for w in words), *MONTH_WORDS, *FILLER_WORDS, *OTHERS_TAKEN]

    def asks_only(self, text: str) -> bool:
        """``text`` says nothing but what the desk reads as asked (几号截止, 要交钱不, 学生呢, 干部能参加吗):
        every character a cue, a word of asking or entering, or a function character. A word of its
        own (医保, 路, 乡政府, 补贴, 活动) is a subject it asks of: a follow-up so is no follow-up."""
        rest = _ASKED_WORDS.sub("", strip_punct(fold(text)))
        return not any(is_han(ch) and ch not in FUNCTION_CHARS and ch not in MOOD_PARTICLES for ch in rest)

    @staticmethod
    def of_whom(text: str, word: str) -> bool:
        """``word`` stands in ``text`` partly or wholly inside what says whom it asks of (闺女才七岁:
        女才 overlaps 闺女)."""
        return _within(WHOM_SAID, text, word)

    @staticmethod
    def of_helper(text: str, word: str) -> bool:
        """``word`` stands inside what says who signs the asker up (村长可以帮我报名吗: 村长) -- a role
        asked for help, no matter the sources lack."""
        return _within(PROXY_ASKED, text, word)

    @staticmethod
    def without_whom(text: str) -> str:
        """``text`` with what says whom it asks of cut out (邻居家小伙子残疾能报吗: 残疾能报吗): the words
        left beside it are read on their own."""
        return WHOM_SAID.sub(" ", strip_punct(text))

    def named_event(self, text: str) -> Event | None:
        """The one event the whole text names (「报名 赛马」's 赛马; 塞马 and saima too; sheijian, a letter
        off 射箭's pinyin -- the sign-up and the desk read a typed name alike), else None."""
        norm = strip_punct(text)
        sig = tuple(t.syl for t in _tokens(norm))
        code = self._code_by_sound(sig) if sig else ""
        if sig and not any(not n.near_only for n in self._by_sound.get(sig, ())) and TYPED_WORD.fullmatch(norm) and (slipped := self._typed_slip(norm)):
            code = self._code_by_sound(tuple(t.syl for t in _tokens(slipped[0])))
        return self.cat.event(code) if code else None

    def events_named(self, text: str) -> list[Event]:
        """The events a short answer names: the one it names (赛马, 跑马), or all the events a generic
        word names (演讲: the two 演讲 contests); [] when it names none."""
        one = self.named_event(text)
        if one is not None:
            return [one]
        q = self.detect(text)
        codes = (q.events or q.family_events) if q is not None else ()
        return [e for e in (self.cat.event(c) for c in codes) if e is not None]

    def signup_word(self, e: Event) -> str:
        """What to send after 「报名」 for this event: its shortest name that names only it."""
        keys = [k for k in self.keys[e.code] if self.named_event(k) is e]
        return min(keys, key=len) if keys else e.name

    # -- answering ----------------------------------------------------------------------------
    def reply(self, q: ContestQuestion, *, today: date, guardian_age: int | None = None,
              unsure: bool = False) -> ContestReply:
        """The answer to ``q``: about the events it names, or every event, or the campaign's rules.
        ``unsure``: nothing answers what it asks of the event (the general matcher had nothing
        either), so say so before what the catalogue has."""
        lead = ""
        if q.elsewhere:
            lead = f"{q.elsewhere}的情况我这里没有资料。下面是{self.cat.campaign.county or '本县'}这次活动的：\n"
        elif q.trade:
            n = len(q.events)
            lead = f"跟{q.trade}对得上的比赛有{n}项：\n"
        elif unsure:
            lead = UNSURE_LEAD
        elif q.whether and set(q.aspects) == {"howto"} and not (q.proxy or q.events or q.family or q.category):
            lead = "可以。"       # 自己用手机能报名吗: yes, before how
        if q.fix:
            r = self.fix(q.fix, [self.cat.event(c) for c in q.events])
        elif q.without and set(q.aspects) == {"bring"}:
            r = self.campaign(q.aspects, without=q.without)      # the same form for every event
        elif "switch" in q.aspects:
            r = self.switch(self.cat.event(q.switch_from) if q.switch_from else None,
                            self.cat.event(q.switch_to) if q.switch_to else None, today=today, said=q.said_to)
        elif "compare" in q.aspects and (q.events or q.family_events):
            r = self.compare([self.cat.event(c) for c in (q.events or q.family_events)], today=today, same=q.same,
                             asked=q.aspects, family="" if q.events else q.family)
        elif q.events:
            events = [self.cat.event(c) for c in q.events]
            if len(events) == 1:
                r = self.about(events[0], q.aspects, today=today, guardian_age=guardian_age, age=q.age,
                               people=q.people, details=q.details, proxy=q.proxy, limit=self.limit_line(q),
                               content=q.content, bound=q.bound,
                               fetched=bool(set(q.cues) & FETCH_CUES))
            else:
                r = self._several(events, q, today=today, guardian_age=guardian_age)
        elif q.excluded and q.age is None and (q.family or q.category) and not (set(q.aspects) & FILTER_ASPECTS):
            r = self.others(q, today=today)       # 除了村超还有啥球赛: the rest of the kind named
        elif q.family:
            r = (self._shared(q, today=today, guardian_age=guardian_age)
                 or self._each(q, today=today, guardian_age=guardian_age)
                 or self.choose(q.family, [self.cat.event(c) for c in q.family_events], today=today))
        elif q.unknown and q.aspects == ("limit",):
            # 报了赛跑还能报几项: no such event here, and the cap holds whatever the first one was
            r = self.campaign(q.aspects, q.details, today=today, proxy=q.proxy, limit=self.limit_line(q))
            r.text, r.partial = f"{_absent_head(q.unknown)}{r.text}", True
        elif q.unknown:
            r = self.absent(q.unknown, [self.cat.event(c) for c in q.similar], today=today)
        elif (q.listing and (q.aspects or q.age is not None or q.closing or q.outside)) or (
                q.category and set(q.aspects) & FILTER_ASPECTS):
            r = self.filtered(q, today=today)     # 体育类哪些能比到市里: the class's events that fit
        elif q.category and (r := self._of_class(q, today=today)) is not None:
            pass
        elif q.category:
            # 体育类几岁能报, 那技能类的呢要多大: each event's who and age beside its name
            r = self.category_card(self.cat.category(q.category), today=today,
                                   who="eligibility" in q.aspects and q.age is None)
        elif q.listing:
            r = self.overview(names=q.names, excluded=q.excluded)
        else:
            r = self.campaign(q.aspects, q.details, today=today, proxy=q.proxy, limit=self.limit_line(q))
            if q.open_to:
                r.text = self._open_to(q.open_to) + r.text    # 学生能不能参加: yes, so many, then the rules
        if q.also:
            said, word, others = q.also
            r.text += (f"\n如果您说的「{said}」不是这一项，名字里带「{word}」的还有："
                       + "、".join(self.cat.event(c).name for c in others) + "，发名字给我就行。")
        if lead:
            r.text, r.partial = lead + r.text, r.partial or not q.trade
        return r

    def _open_to(self, word: str) -> str:
        """「可以。干部能报的有27项。」: the events open to the group ``word`` names, by the catalogue
        (those for anyone, and its own); for a word of anyone (老百姓), those for anyone."""
        group = GROUP_OF_WORD.get(word)
        n = sum(1 for e in self.cat.events if e.who == "any" or e.who == group)
        if group is None:
            return f"可以。不限身份的有{n}项，{word}够年龄就能报。\n"
        return f"可以。{word}能报的有{n}项（还要够各项的年龄）。\n"

    def about(self, e: Event, aspects: Iterable[str], *, today: date, guardian_age: int | None = None,
              age: int | None = None, people: int | None = None, details: Iterable[str] = (),
              proxy: bool = False, limit: str = "", content: str = "", bound: str = "",
              fetched: bool = False) -> ContestReply:
        """One event: the asked aspects, or its card when none was asked (``limit``: the line on how
        many events one may enter, when the question says a number of them; ``content``: a thing
        asked to be done in it that its description does not speak of)."""
        aspects = list(aspects)
        if not aspects:
            return self.card(e, today=today)
        lines = [f"「{e.name}」"]
        partial = False
        for a in aspects:
            if a == "team" and "howto" in aspects and e.is_team:
                continue                     # how a team signs up says its size
            text, missing = self._aspect(e, a, today=today, guardian_age=guardian_age, age=age, people=people,
                                         details=tuple(details), proxy=proxy, bound=bound, fetched=fetched,
                                         deadline_told="deadline" in aspects)
            if a == "what" and content:
                text, missing = f"{content}，{NOT_PUBLISHED}；比赛内容：{text}", True
            lines.append(limit if a == "limit" and limit else text)
            partial |= missing
        lines.append(self.signup_line(e, today))
        return ContestReply("\n".join(lines), partial=partial)

    def card(self, e: Event, *, today: date) -> ContestReply:
        c = self.cat.category_of(e)
        lines = [f"「{e.name}」（{c.name}·{MODE_LABEL[e.mode]}）"]
        if e.description:
            lines.append(e.description)
        lines.append(f"谁能报：{self._who(e)}")
        if e.is_team:
            lines.append(f"每队：{e.team_min}–{e.team_max}人（含队长）")
        lines.append(f"报名截止：{self._deadline(e, today)}")
        if e.capacity:
            lines.append(f"名额：{e.capacity}人")
        lines.append(f"比赛：{self._levels(e)}")
        lines += [f"{label}：{value}" for label, value in self._published(e) if value]
        lines.append(self.signup_line(e, today) + "想问费用、奖品、要带什么，也可以直接问我。")
        return ContestReply("\n".join(lines))

    def _qualified(self, toks: list[_Tok], at: int, word: str, codes: tuple[str, ...]) -> str:
        """The one event of ``codes`` (the events ``word`` names) that a character said just before
        the word shares beyond it (法律宣讲: 法治宣讲); "" when none or several do."""
        # ... not a character of 参加 (参加藏式缝纫 is no 押加: 加 qualifies nothing)
        said = {t.ch for t in toks[max(0, at - 2):at]
                if t.han and t.ch not in GRAMMAR_CHARS and t.ch not in "比赛项目报参加"}
        if not said:
            return ""
        sharing = [c for c in codes if said & (set(strip_punct(self.cat.event(c).name)) - set(word) - set("比赛"))]
        return sharing[0] if len(sharing) == 1 else ""

    def _shared(self, q: ContestQuestion, *, today: date, guardian_age: int | None) -> ContestReply | None:
        """「宣讲比赛几岁能报」: what every event a word names has alike, said once for them all; None
        when nothing is asked of them, or they differ in it (then which one is asked back)."""
        asked = [a for a in q.aspects if a in SHARED_ASPECTS]
        if not asked or len(asked) != len(q.aspects):
            return None
        events = [self.cat.event(c) for c in q.family_events]
        lines, partial = [], False
        for a in asked:
            said = {self._aspect(e, a, today=today, guardian_age=guardian_age, age=q.age) for e in events}
            if len(said) != 1:
                return None
            text, missing = said.pop()
            lines.append(text)
            partial |= missing
        lines.insert(0, f"「{q.family}」的{len(events)}项比赛（{'、'.join(e.name for e in events)}）都一样：")
        lines.append(f"回复「报名 项目名」直接报名，如「报名 {self.signup_word(events[0])}」。")
        return ContestReply("\n".join(lines), partial=partial)

    def _of_class(self, q: ContestQuestion, *, today: date) -> ContestReply | None:
        """「体育类比赛在县体育馆比吗」「手工艺类要带什么」: what a class's card does not show, asked of the
        class -- said once where its events agree, event by event where they differ; None when
        something else is asked (the card answers it) or it would not fit one screen."""
        if not set(q.aspects) & CLASS_ASPECTS or not set(q.aspects) <= CLASS_ASPECTS | CARD_ASPECTS:
            return None
        cat = self.cat.category(q.category)
        events, lines, partial = list(cat.events), [], False
        for a in q.aspects:
            if a == "venue" and not any(e.venues for e in events):
                # no venue published: where it starts and how far each goes, once for the class
                full = [e for e in events if len(e.levels) == len(self.cat.campaign.levels)]
                short = [e for e in events if e not in full]
                tops = _unique(self._level_name(e.levels[-1]) for e in short if e.levels)
                lines.append(f"{cat.name}{len(events)}项比赛的具体地点{NOT_PUBLISHED}，会由村里或乡镇通知。"
                             f"都是先在本村比，成绩好的再往上比：{'→'.join(self.cat.campaign.levels)}"
                             + (f"（{'、'.join(e.name for e in short)}最高到{'、'.join(tops)}）" if short else "") + "。")
                partial = True
                continue
            said: dict[tuple[str, bool], list[Event]] = {}
            for e in events:
                said.setdefault(self._aspect(e, a, today=today, guardian_age=None, age=None), []).append(e)
            if len(said) == 1:
                (text, missing), = said
                lines.append(f"{cat.name}{len(events)}项比赛都一样：{text}")
            else:
                lines += [f"{'、'.join(e.short_name for e in group)}：{text}" for (text, _), group in said.items()]
            partial |= any(missing for _, missing in said)
        lines.append(f"回复「报名 项目名」直接报名，如「报名 {self.signup_word(events[0])}」。")
        text = "\n".join(lines)
        return ContestReply(text, partial=partial) if len(text) <= ONE_SCREEN else None

    def _each(self, q: ContestQuestion, *, today: date, guardian_age: int | None) -> ContestReply | None:
        """「演讲比赛几岁能报」 when the few events the word names differ in it: each one's rule, named,
        rather than asking back which (the rule asked is all the asker wants); None when more is asked
        than a rule each has, or the word names too many to list."""
        if (not q.aspects or not set(q.aspects) <= SHARED_ASPECTS | {"what"}
                or not 1 < len(q.family_events) <= SEVERAL_AT_ONCE):
            return None
        events = [self.cat.event(c) for c in q.family_events]
        said, partial = [], False            # each event's answer, clause by clause
        for e in events:
            clauses = []
            for a in q.aspects:
                text, missing = self._aspect(e, a, today=today, guardian_age=guardian_age, age=q.age)
                clauses += [c for c in CLAUSE_CUT.split(text) if c.strip()]
                partial |= missing
            said.append(clauses)
        # what they all share said once (各级比赛的具体地点县里还没公布), then only where they differ
        shared = [c for c in said[0] if all(c in other for other in said[1:])]
        lines = [f"「{q.family}」有{len(events)}项比赛，" + (f"都一样的是：{'，'.join(shared)}。不一样的是：" if shared
                                                        else "各项不一样：")]
        lines += [f"{i}. {e.name}：" + ("，".join(c for c in clauses if c not in shared) or "只有上面说的") + "。"
                  for i, (e, clauses) in enumerate(zip(events, said), 1)]
        lines.append("您问的是哪一项？回复数字看这一项；回复「报名 项目名」直接报名。")
        text = "\n".join(lines)
        if len(text) > ONE_SCREEN:
            return None                      # too much to read at once: which one, asked back first
        return ContestReply(text, choices=[f"event:{e.code}" for e in events],
                            outcome="contest-choose", partial=partial)

    def choose(self, word: str, events: list[Event], *, today: date) -> ContestReply:
        lines = [f"「{word}」有{len(events)}项比赛，您问的是哪一项？"]
        lines += [f"{i}. {e.name}（{self._deadline(e, today, short=True)}）" for i, e in enumerate(events, 1)]
        lines.append("回复数字看这一项。")
        return ContestReply("\n".join(lines), choices=[f"event:{e.code}" for e in events], outcome="contest-choose")

    def absent(self, thing: str, similar: list[Event], *, today: date) -> ContestReply:
        """「摔跤」这项比赛我这里没有资料 (the catalogue has no such event, said with a marker the
        reader knows to mean "not here"), and the events that come closest, or the categories."""
        head = _absent_head(thing)
        if not similar:
            r = self.overview()
            r.text, r.partial = f"{head}{r.text}", True
            return r
        lines = [f"{head}相近的有："]
        lines += [f"{i}. {e.name}（{self.cat.category_of(e).name}，{self._deadline(e, today, short=True)}）"
                  for i, e in enumerate(similar, 1)]
        lines.append("回复数字看这一项；发「有哪些项目」看全部比赛。")
        return ContestReply("\n".join(lines), choices=[f"event:{e.code}" for e in similar], outcome="contest-choose",
                            partial=True)

    def category_card(self, c: Category, *, today: date, who: bool = False) -> ContestReply:
        lines = [f"{c.name}有{len(c.events)}项比赛" + ("，谁能报：" if who else "：")]
        lines += [f"{i}. {e.name}（{self._who(e) if who else MODE_LABEL[e.mode]}，{self._deadline(e, today, short=True)}）"
                  for i, e in enumerate(c.events, 1)]
        lines.append("回复数字看这一项：谁能报、截止日期、怎么报名。")
        return ContestReply("\n".join(lines), choices=[f"event:{e.code}" for e in c.events], outcome="contest-list")

    def others(self, q: ContestQuestion, *, today: date) -> ContestReply:
        """「除了篮球足球，体育类还有啥」: the events of the kind named (a word for several, or a class)
        but those set aside, numbered to pick from."""
        pool = ([self.cat.event(c) for c in q.family_events] if q.family
                else list(self.cat.category(q.category).events))
        kind = f"「{q.family}」" if q.family else self.cat.category(q.category).name
        aside = "、".join(self.cat.event(c).short_name for c in q.excluded)
        rest = [e for e in pool if e.code not in q.excluded]
        if not rest:
            return ContestReply(f"{kind}就{aside}这{len(pool)}项，没有别的了。\n"
                                "想看全部比赛发「有哪些项目」；回复「报名 项目名」直接报名。")
        lines = [f"除了{aside}，{kind}还有{len(rest)}项："]
        lines += [f"{i}. {e.name}（{MODE_LABEL[e.mode]}，{self._who(e)}，{self._deadline(e, today, short=True)}）"
                  for i, e in enumerate(rest, 1)]
        lines.append("回复数字看这一项；回复「报名 项目名」直接报名。")
        return ContestReply("\n".join(lines), choices=[f"event:{e.code}" for e in rest], outcome="contest-list")

    def overview(self, names: bool = False, excluded: tuple[str, ...] = ()) -> ContestReply:
        """The categories, with their events' short names when ``names`` are asked for; without the
        events ``excluded`` (除了赛马还有啥比赛: the rest, counted)."""
        cats = self.cat.categories
        left = {c.code: [e for e in c.events if e.code not in excluded] for c in cats}
        if excluded:
            aside = "、".join(self.cat.event(c).short_name for c in excluded)
            lines = [f"除了{aside}，还有{sum(map(len, left.values()))}项比赛，分{len(cats)}大类："]
        else:
            lines = [f"活动共{len(cats)}大类{len(self.cat.events)}项比赛："]
        lines += [f"{i}. {c.name}（{len(left[c.code])}项）" + ("：" + "、".join(e.short_name for e in left[c.code]) if names else "")
                  for i, c in enumerate(cats, 1)]
        lines.append("想报名就发「报名」。" if names else
                     "回复数字看这一类有哪些比赛；也可以直接问某项比赛，如“赛马几岁能报”；想报名就发「报名」。")
        return ContestReply("\n".join(lines), choices=[f"category:{c.code}" for c in cats], outcome="contest-list")

    def filtered(self, q: ContestQuestion, *, today: date) -> ContestReply:
        """「哪些比赛只限农牧民」「哪些比赛只比到县级」: the events that fit, by what is asked."""
        events = list(self.cat.category(q.category).events) if q.category else self.cat.events
        groups: list[tuple[str, list[Event]]] = []
        who = next((LIST_FILTERS[c] for c in q.cues if c in LIST_FILTERS), None)
        if q.extreme:
            # among the events still open today: one closed already is no answer to which closes first
            still = [e for e in events if e.deadline >= today]
            if not still:
                return ContestReply(f"{'这一类' if q.category else '所有'}比赛的报名都已截止"
                                    f"（最晚的{cn_date(max(e.deadline for e in events))}已截止），不能再报了。")
            day = (min if q.extreme == "earliest" else max)(e.deadline for e in still)
            ends = [e for e in still if e.deadline == day]
            word = "最早" if q.extreme == "earliest" else "最晚"
            closed = len(events) - len(still)
            limit = self.limit_line(q) + "\n" if "limit" in q.aspects else ""   # 每人最多报几个？哪个最晚截止？
            return ContestReply(limit + ("还在报名的比赛里，" if closed else "")
                                + f"报名{word}截止的是{cn_date(day)}：{'、'.join(e.name for e in ends)}。"
                                + (f"另有{closed}项已截止。" if closed else "") + "\n回复「报名 项目名」直接报名。")
        if q.closing and not q.closing[1]:
            month = q.closing[0]
            ends = sorted((e for e in events if e.deadline.month == month), key=lambda e: e.deadline)
            days = _unique(f"{e.deadline.month}月{e.deadline.day}日" for e in ends)
            return ContestReply((f"{month}月截止报名的有{len(ends)}项：\n" + "\n".join(
                f"{d}截止：{'、'.join(e.short_name for e in ends if f'{e.deadline.month}月{e.deadline.day}日' == d)}"
                for d in days) if ends else f"没有在{month}月截止报名的项目。") + "\n回复「报名 项目名」直接报名。")
        if q.closing:
            month, day = q.closing
            ends = [e for e in events if (e.deadline.month, e.deadline.day) == (month, day)]
            return ContestReply((f"{month}月{day}日截止报名的有{len(ends)}项：{'、'.join(e.name for e in ends)}。" if ends
                                 else f"没有在{month}月{day}日截止报名的项目。") + "\n回复「报名 项目名」直接报名。")
        if q.age_free or q.min_age is not None:
            rule = (lambda e: e.min_age is None and e.max_age is None) if q.age_free else (lambda e: e.min_age == q.min_age)
            label = "年龄不限的" if q.age_free else f"要{q.min_age}岁及以上的"
            fits = [e for e in events if rule(e)]
            return ContestReply(f"{label}有{len(fits)}项：{'、'.join(e.name for e in fits) or '没有'}。\n"
                                "问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。")
        if q.age is not None:
            return self._open_at(q, events)
        if q.outside:
            # 我不是牧民，哪些比赛我报不了: the events only for that group are closed, the rest open
            closed = [e for e in events if e.who in q.outside]
            rest = len(events) - len(closed)
            return ContestReply(
                f"{'或'.join(WHO_ONLY[w].removeprefix('只限' * (i > 0)) for i, w in enumerate(q.outside))}的{len(closed)}项报不了：{'、'.join(e.name for e in closed) or '没有'}。\n"
                f"其余{rest}项不限这个身份，够年龄就能报。\n"
                "问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。")
        if who is not None:
            label = WHO_ONLY[who] + "的"
            groups.append((label, [e for e in events if e.who == who]))
            if who == "students" or q.whether:
                # a student, or a herder asking which they may enter (我是牧民能报哪些): every event open to all too
                groups.append((f"另外{sum(e.who == 'any' for e in events)}项不限身份，"
                               f"{'学生' if who == 'students' else '农牧民群众'}够年龄也能报", []))
        elif "levels" in q.aspects:
            top = self.cat.campaign.levels[-1] if self.cat.campaign.levels else ""
            lower = [e for e in events if e.levels and self._level_name(e.levels[-1]) != top]
            if q.category and lower:
                # one class: which go as far as the top level and which do not, each by name
                upper = [e for e in events if e not in lower]
                lines = [f"{self.cat.category(q.category).name}{len(events)}项里：",
                         f"比到{top}的（{len(upper)}项）：{'、'.join(e.name for e in upper) or '没有'}",
                         f"没有{top}的（{len(lower)}项）："
                         + "、".join(f"{e.name}（最高到{self._level_name(e.levels[-1])}）" for e in lower),
                         "问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。"]
                return ContestReply("\n".join(lines))
            groups.append((f"没有{top}的", lower))
            groups.append((f"其余{len(events) - len(lower)}项都比到{top}", []))
        elif "team" in q.aspects and any("个人" in c or "单人" in c for c in q.cues):
            # 个人赛有多少项: the individual events counted first, the team ones named after
            teams = [e for e in events if e.is_team]
            alone = "：" + "、".join(e.name for e in events if not e.is_team) if q.category else ""
            return ContestReply(f"个人赛{len(events) - len(teams)}项{alone}，一个人报名；团体赛{len(teams)}项："
                                f"{'、'.join(e.name for e in teams) or '没有'}。\n"
                                "问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。")
        elif "team" in q.aspects:
            teams = [e for e in events if e.is_team]
            if aside := [e for e in teams if e.code in q.excluded]:
                # 团体的除了拔河还有啥: the other team events
                groups.append((f"除了{'、'.join(e.short_name for e in aside)}，团体赛还有",
                               [e for e in teams if e not in aside]))
            else:
                groups.append(("团体赛", teams))
                groups.append((f"其余{len(events) - len(teams)}项是个人赛", []))
        elif "capacity" in q.aspects:
            return ContestReply(self._capacities(events, q.excluded) + "\n回复「报名 项目名」直接报名。")
        elif "townships" in q.aspects and not q.category:
            return self.campaign(["townships"])   # 报名表上乡镇能选哪几个: the townships, not the events
        elif q.category:
            return self.category_card(self.cat.category(q.category), today=today)
        else:
            return self.overview()
        lines = [f"{label}（{len(es)}项）：{'、'.join(e.name for e in es) or '没有'}" if es or i == 0 else f"{label}。"
                 for i, (label, es) in enumerate(groups)]
        lines.append("问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。")
        return ContestReply("\n".join(lines))

    def _open_at(self, q: ContestQuestion, events: list[Event]) -> ContestReply:
        """「我15岁能报哪些」「13岁能报哪些体育比赛」「除了讲故事还能报什么」: the events open at the age
        stated (of the category named, less those set aside) -- when most are, the ones that are not;
        else the ones that are, by short name and class; when none of a class are, the lowest age it
        takes and what is open at that age elsewhere."""
        age = q.age
        assert age is not None

        def fits(e: Event) -> bool:
            return (e.min_age or 0) <= age <= (e.max_age if e.max_age is not None else 200)

        aside = [self.cat.event(c) for c in q.excluded]
        pool = [e for e in events if e not in aside]
        open_ = [e for e in pool if fits(e)]
        besides = f"（{'、'.join(e.short_name for e in aside)}之外）" if aside else ""
        tail = "问某项比赛可以直接问我，如“赛马几岁能报”；回复「报名 项目名」直接报名。"
        if not open_:
            floors = sorted({e.min_age for e in pool if e.min_age is not None and e.min_age > age})
            what = f"{self.cat.category(q.category).name}{len(pool)}项" if q.category else f"这{len(pool)}项"
            needs = "".join(f"（{'、'.join(e.short_name for e in pool if e.min_age == f)}要{f}岁）" for f in floors[1:])
            lines = [(f"{what}比赛都要{floors[0]}岁及以上{needs}，" if floors else f"{what}比赛")
                     + f"{age}岁{_cannot_enter(age, pool)}。"]
            elsewhere = [e for e in self.cat.events if fits(e) and e not in pool and e not in aside]
            if elsewhere:
                lines.append(f"{age}岁能报的有{len(elsewhere)}项：" + "、".join(
                    e.short_name + ("（" + self._who(e).split("，")[0] + "）" if e.who != "any" else "")
                    for e in elsewhere) + "。")
            lines.append(tail)
            return ContestReply("\n".join(lines))
        out = [e for e in pool if not fits(e)]
        if out and q.category:
            # 15岁能报哪些体育比赛: a class is a screen of names -- the open ones by name, then the others
            lines = [f"{age}岁{besides}能报{self.cat.category(q.category).name}{len(open_)}项："
                     f"{'、'.join(e.name for e in open_)}；{'、'.join(f'{e.name}（{e.age_text()}）' for e in out)}"
                     f"{age}岁{_cannot_enter(age, out)}。"]
        elif out and len(out) <= 5:      # most are open: say which not (a screen, not a page of names)
            lines = [f"{age}岁{besides}能报{len(open_)}项：除了{'、'.join(f'{e.name}（{e.age_text()}）' for e in out)}，都能报。"]
        elif not out:
            what = self.cat.category(q.category).name if q.category else ""
            lines = [f"{age}岁{besides}{what}{len(open_)}项都能报" + (f"：{'、'.join(e.name for e in open_)}" if q.category else "") + "。"]
        elif len(open_) <= 8:
            lines = [f"{age}岁{besides}能报的有{len(open_)}项：" + "、".join(
                e.name + ("（" + self._who(e).split("，")[0] + "）" if e.who != "any" else "") for e in open_) + "。"]
            lines.append(tail)
            return ContestReply("\n".join(lines))
        else:
            lines = [f"{age}岁{besides}能报的有{len(open_)}项：" + self._short_list(open_) + "。"]
        only = {who: [e.name for e in open_ if e.who == who] for who in ("students", "farmers_herders")}
        if any(only.values()):
            lines.append("其中" + "；".join(f"{WHO_ONLY[who]}的：{'、'.join(names)}"
                                           for who, names in only.items() if names) + "。")
        lines.append(tail)
        return ContestReply("\n".join(lines))

    def _short_list(self, events: list[Event]) -> str:
        """Events by short name, grouped by class when they span several (理论宣讲类：法治宣讲、…；体育类：…)."""
        by_class: dict[str, list[str]] = {}
        for e in events:
            by_class.setdefault(self.cat.category_of(e).name, []).append(e.short_name)
        if len(by_class) == 1:
            return "、".join(next(iter(by_class.values())))
        return "；".join(f"{c}：{'、'.join(names)}" for c, names in by_class.items())

    def campaign(self, aspects: Iterable[str], details: Iterable[str] = (), *, today: date | None = None,
                 proxy: bool = False, limit: str = "", without: str = "") -> ContestReply:
        """Questions about every event: how many one may enter, cost, prizes, venue, when, how. ``without``:
        a paper of identity one has not got (whether one may sign up without it)."""
        camp = self.cat.campaign
        lines, partial = [], False
        for a in aspects:
            if a == "limit":
                lines.append(limit or f"每人最多报{camp.max_events_per_person}个项目。")
            elif a in ("cost", "bring", "prizes"):
                value = getattr(camp, a)
                if a == "bring" and without:
                    lines.append(f"没有{without}能不能报名，{NOT_PUBLISHED}，可以问本村驻村工作队或村委会。")
                    value = ""
                else:
                    lines.append(f"{_LABEL[a]}：{value}" if value else f"{_LABEL[a]}{NOT_PUBLISHED}。")
                if a == "bring" and not value and camp.signup_fields:
                    lines.append(f"报名时要填的是：{camp.signup_fields}。")    # 报名要身份证吗: what is asked for
                partial |= not value
            elif a == "winners":
                lines.append("比赛结果和获奖名单我这里没有资料，县里公布后会通知。")
                partial = True
            elif a == "rules":
                asked = [d for d in details if d in DETAILS and d != "practice"]
                # the county's rules answer only the details they speak of (its travel, its insurance…)
                if any(_rules_tell(camp.rules, d) for d in asked):
                    lines.append(f"比赛规则：{camp.rules}")
                labels = _unique(DETAILS[d][0] for d in asked if not _rules_tell(camp.rules, d))
                if labels:
                    lines.append(f"各项比赛的{'、'.join(labels)}{NOT_PUBLISHED}，会由村里或乡镇通知。"
                                 "每项比赛比什么可以问我，如“锅庄舞比什么”。")
                    partial = True
                if "practice" in details:
                    lines.append("应知应会知识可以在这个公众号里练习：发「答题」就开始。")
            elif a == "held":
                lines.append("已经在哪些村、乡镇办过比赛，我这里没有资料。")
                partial = True
            elif a == "venue":
                lines.append(f"比赛从村里开始：{'→'.join(camp.levels)}，先在本村比，成绩好的再往上比。"
                             f"各级比赛的具体地点{NOT_PUBLISHED}，会由村里或乡镇通知。")
                partial = True
            elif a == "when":
                lines.append(f"各项比赛的具体时间{NOT_PUBLISHED}，会由村里或乡镇通知。"
                             "报名截止日期各项目不同，可以问我，如“赛马几号截止”。")
                partial = True
            elif a == "howto" and proxy:
                lines.append(f"{self._proxy_howto()}乡镇、县里的干部还可以在报名后台的「新增报名」里代为录入；"
                             "也可以到本村报名。")
            elif a == "days" and today is not None:
                lines.append(self._days_left_all(today))
            elif a == "howto":
                fill = f"，填写{camp.signup_fields}" if camp.signup_fields else "，填写报名信息"
                lines.append(f"两种报名方法：到本村报名，或者在这个公众号里发「报名」，按提示选项目{fill}。"
                             "帮家里人或别人报名也是发「报名」；不会用手机的，村、乡干部可以帮着报。"
                             "报上名后先在村里比村级预赛，成绩好的再一级一级往上比。")
            elif a == "townships":
                lines.append(self._townships())
            elif a == "after":
                lines.append(f"报上名后，先在本村比村级预赛，成绩好的再一级一级往上比：{'→'.join(camp.levels)}"
                             "（有的项目只比到县级）。")
                lines.append(f"各级比赛的具体时间、地点和比法{NOT_PUBLISHED}，会由村里或乡镇通知，报了名等通知就行；"
                             "有问题可以问本村驻村工作队。")
                partial = True
            elif a == "mine":
                lines.append(MINE)
            elif a in ("signed", "phone", "web"):
                lines.append(self._office_line(a))
                partial |= a != "phone" or not camp.office_phone
            elif a == "capacity":
                lines.append(self._capacities(self.cat.events))
            elif a == "teams":
                lines.append(TEAMS_PER_VILLAGE)
                partial = True
            elif a == "levels":
                lines.append(f"比赛从低到高分{len(camp.levels)}级：{'→'.join(camp.levels)}。"
                             "先在村里比，成绩好的再一级一级往上比；有的项目只比到县级。")
            elif a == "deadline":
                first, last = (min(e.deadline for e in self.cat.events), max(e.deadline for e in self.cat.events)) \
                    if self.cat.events else (None, None)
                span = f"，在{cn_date(first)}到{cn_date(last)}之间" if first and last and first != last else ""
                lines.append(f"各项目的报名截止日期不同{span}；问我某项比赛就行，如“赛马几号截止”；发「报名截止」看全部。")
            elif a == "team":
                teams = [e for e in self.cat.events if e.is_team]
                lines.append(f"团体赛{len(teams)}项：" + "、".join(f"{e.name}{_team_size(e)}" for e in teams)
                             + f"；其余{len(self.cat.events) - len(teams)}项是个人赛，一个人报名。")
            elif a == "eligibility":
                lines.append(self._who_of_all())
        if not lines:
            return self.overview()
        lines.append("回复「报名」开始报名，回复「我的报名」查看已报的比赛。")
        return ContestReply("\n".join(lines), partial=partial)

    def _who_of_all(self) -> str:
        """Who may enter, over every event: how many are open to anyone, which only to students or
        to farmers and herders, how many need an age."""
        events = self.cat.events
        open_ = [e for e in events if e.who == "any"]
        lines = [f"{len(events)}项比赛里有{len(open_)}项不限身份，干部职工、学生、农牧民群众都能报。"]
        for who, label in WHO_ONLY.items():
            only = [e.name for e in events if e.who == who]
            if only:
                lines.append(f"{label}的{len(only)}项：{'、'.join(only)}。")
        aged = [e for e in events if e.min_age is not None or e.max_age is not None]
        if aged:
            floors = sorted({e.min_age for e in aged if e.min_age is not None})
            span = (f"（{floors[0]}岁到{floors[-1]}岁不等）" if len(floors) > 1
                    else f"（{floors[0]}岁）" if floors else "")
            lines.append(f"有{len(aged)}项要年满一定岁数{span}，问我某项比赛就行，如“赛马几岁能报”。")
        return "\n".join(lines)

    def fix(self, field: str, events: list[Event]) -> ContestReply:
        """Putting right a detail of a sign-up: what the bot supports -- 「修改 …」 before 「确认」; once
        confirmed, 「取消报名」 and 「报名」 again (the cancelled one stays on record as cancelled)."""
        which = f"「{self.signup_word(events[0])}」那一项" if len(events) == 1 else "填错的那一项"
        edit = f"「修改 {field}」" if field not in ("信息", "报名信息", "个人信息") else "「修改」加要改的，如「修改 电话」"
        again = f"「报名 {self.signup_word(events[0])}」" if len(events) == 1 else "「报名」"
        return ContestReply("\n".join([
            f"还没点「确认」的：在核对信息那一步回复{edit}，重新填就行。",
            "已经报上的，在这里改不了，可以取消了重报（报名截止前都行）：",
            f"1. 发「我的报名」，看{which}前面的序号；",
            "2. 发「取消报名 序号」（如“取消报名 1”），再回复「确认」；",
            f"3. 发{again}，把信息重新填对。",
        ]))

    def switch(self, old: Event | None, new: Event | None, *, today: date, said: str = "") -> ContestReply:
        """Moving a sign-up to another event: 「我的报名」, 「取消报名 序号」, then 「报名 新项目」."""
        was = f"「{self.signup_word(old)}」" if old else "原来那项"
        limit = self.cat.campaign.max_events_per_person
        lines = [f"报上名的项目不能直接改，要先取消{was}，再重新报（取消的那项不再占每人{limit}项的名额）："]
        if old and old.deadline < today:
            lines[0] += f"注意{was}已于{cn_date(old.deadline)}截止，取消后就报不回来了。"
        lines += [f"1. 发「我的报名」，看{was}那一行前面的序号；", "2. 发「取消报名 序号」（如“取消报名 1”），再回复「确认」；"]
        if new and new.deadline < today:
            lines.append(f"3. 「{new.name}」的报名已于{cn_date(new.deadline)}截止，不能再报了；发「报名」看还能报的项目。")
        else:
            word = said if new and self.named_event(said) is new else self.signup_word(new) if new else ""
            lines.append(f"3. 发「报名 {word}」重新报。" if new else "3. 发「报名」选新的项目重新报。")
        return ContestReply("\n".join(lines))

    def compare(self, events: list[Event], *, today: date, same: str = "", asked: Iterable[str] = (),
                family: str = "") -> ContestReply:
        """Two (or three) events side by side in what tells them apart, the ones beyond three named to
        ask again; two names of one event said to be one. The events a word for several names
        (``family``: 演讲) are counted first (演讲比赛有几个，有什么不同)."""
        if same:
            e = events[0]
            return ContestReply(f"「{same}」和「{e.name}」是同一项比赛：{MODE_LABEL[e.mode]}{_team_size(e)}；"
                                f"{self._who(e)}；{self._deadline(e, today)}截止。{e.description}\n"
                                + self.signup_line(e, today))
        events, later = events[:COMPARED_AT_ONCE], events[COMPARED_AT_ONCE:]
        fields = {
            "mode": lambda e: "，".join(filter(None, (MODE_LABEL[e.mode], _team_size(e).strip("（）")))),
            "who": self._who,
            "deadline": lambda e: self._deadline(e, today, short=True),
            "capacity": lambda e: f"名额{e.capacity}人" if e.capacity else "名额不限",
            "levels": lambda e: f"最高比到{self._level_name(e.levels[-1])}" if e.levels else "",
        }
        shown = {COMPARED_FIELD.get(a) for a in asked}        # 截止时间一样吗: said even when the same
        differ = [f for f, value in fields.items() if f in shown or len({value(e) for e in events}) > 1]
        lines = [f"「{e.name}」：" + "；".join(fields[f](e) for f in differ) + ("。" if differ else "")
                 + (e.description or f"{self.cat.category_of(e).name}的{MODE_LABEL[e.mode]}。") for e in events]
        if family:
            lines.insert(0, f"「{family}」有{len(events) + len(later)}项比赛：")
        if later:
            lines.append(f"一次只比{COMPARED_AT_ONCE}项；{'、'.join(f'「{e.name}」' for e in later)}请再单独问我。")
        words = [f"「报名 {self.signup_word(e)}」" for e in events if e.deadline >= today]
        lines.append(f"回复{'或'.join(words)}直接报名。" if words else "这几项的报名都已截止。")
        return ContestReply("\n".join(lines))

    def _proxy_howto(self) -> str:
        """What the sign-up flow does for someone else (bot/forms/signup: 给谁报名 -> 2; the phone may be 「无」)."""
        fields = self.cat.campaign.signup_fields or "姓名、年龄、电话、乡镇和村"
        return (f"可以帮别人报：在这个公众号里发「报名」（或按下面说的回复），选「2. 帮别人报名」，填对方的{fields}；"
                "对方没有手机，问手机号时回复「无」。")

    def _days_left(self, e: Event, today: date) -> str:
        left = (e.deadline - today).days
        if left > 0:
            return f"报名{cn_date(e.deadline)}截止（当天还能报），从今天算还有{left}天。"
        if left == 0:
            return f"今天是最后一天：报名{cn_date(e.deadline)}截止，今天还能报。"
        return f"报名截止日已经过了{-left}天，不能再报了。"      # the sign-up line after it gives the day

    def _days_left_all(self, today: date) -> str:
        """Days to the first and last deadlines still open."""
        open_ = [e for e in self.cat.events if e.deadline >= today]
        if not open_:
            return "各项比赛的报名都已截止。"
        def side(word: str, day: date) -> str:
            names = [e.short_name for e in open_ if e.deadline == day]
            left = (day - today).days
            when = "今天是最后一天" if left == 0 else f"还有{left}天"
            return f"{word}{cn_date(day)}截止，{when}（{'、'.join(names[:3])}{'等' if len(names) > 3 else ''}）"
        first, last = min(e.deadline for e in open_), max(e.deadline for e in open_)
        parts = [side("最早的" if first != last else "", first)] + ([side("最晚的", last)] if first != last else [])
        return "各项目截止日期不同：" + "；".join(parts) + "。问某项比赛也行，如“赛马还剩几天”。"

    def limit_line(self, q: ContestQuestion) -> str:
        """How many events one may enter, said of the number the question states: one more than
        the limit once it is reached needs one of them cancelled first."""
        most = self.cat.campaign.max_events_per_person
        line = f"每人最多报{most}个项目"
        n = q.counted
        if q.already and (n is None or n >= most):
            return (f"{line}，{f'已经报了{n}个' if n else '已经报满'}的，要再报一项，先发「我的报名」看序号，"
                    "再发「取消报名 序号」取消其中一项。")
        if q.already and n is not None:
            return f"{line}，已经报了{n}个的，还能再报{most - n}个。"
        if n is not None and not q.already:
            return f"{line}，{n}个{'可以' if n <= most else '不行'}。"
        return line + "。"

    def signup_line(self, e: Event, today: date) -> str:
        if e.deadline < today:
            return f"这项比赛的报名已于{cn_date(e.deadline)}截止。"
        return f"回复「报名 {self.signup_word(e)}」直接报名。"

    # -- pieces ---------------------------------------------------------------------------------
    def _several(self, events: list[Event], q: ContestQuestion, *, today: date,
                 guardian_age: int | None) -> ContestReply:
        aspects = [a for a in q.aspects if a not in ("howto", "limit")]
        lines, partial = [], False
        if "limit" in q.aspects:
            lines.append(self.limit_line(q))
        for e in events[:SEVERAL_AT_ONCE]:
            if not aspects:
                lines.append(f"「{e.name}」：{self._who(e)}；{self._deadline(e, today)}截止")
                continue
            parts = []
            for a in aspects:
                text, missing = self._aspect(e, a, today=today, guardian_age=guardian_age, age=q.age,
                                             details=q.details, deadline_told="deadline" in aspects)
                parts.append(text)
                partial |= missing
            lines.append(f"「{e.name}」" + "；".join(parts))
        lines.append("回复「报名 项目名」直接报名，如「报名 " + self.signup_word(events[0]) + "」。")
        return ContestReply("\n".join(lines), partial=partial)

    def _aspect(self, e: Event, aspect: str, *, today: date, guardian_age: int | None,
                age: int | None, people: int | None = None, details: tuple[str, ...] = (),
                proxy: bool = False, bound: str = "", fetched: bool = False,
                deadline_told: bool = False) -> tuple[str, bool]:
        """One line about one aspect of ``e``, and whether it says the detail is not published
        (``fetched``: the thing asked is one fetched along -- 马由谁提供, 自己牵 -- which the description may say;
        ``deadline_told``: the deadline has a line of its own, the contest's day says it no more)."""
        camp = self.cat.campaign
        if aspect == "eligibility":
            text = f"{self._age_verdict(e, age)}" if age is not None else f"谁能报：{self._who(e)}"
            text += "".join(f"，{c}" for c in _signup_clauses(e))
            low = e.min_age if e.min_age is not None else 0
            if guardian_age and low < guardian_age and (age is None or age < guardian_age):
                text += f"；未满{guardian_age}岁要监护人同意"
            return text + "。", False
        if aspect == "deadline":
            return f"报名截止：{self._deadline(e, today)}。", False
        if aspect == "days":
            return self._days_left(e, today), False
        if aspect == "when":
            deadline = "" if deadline_told else f"；报名截止：{self._deadline(e, today)}"
            return f"比赛的具体时间{NOT_PUBLISHED}，会由村里或乡镇通知{deadline}。", True
        if aspect == "team":
            # 以村为单位组队, 以户为单位: who enters, as the description says.
            unit = "".join(f"{c}，" for c in re.split(r"[，。；,;]", e.description) if "为单位" in c)
            if not e.is_team:
                own = "".join(f"，{c}" for c in _signup_clauses(e))
                return (f"个人赛，{unit}{own.lstrip('，')}。" if unit or own else "个人赛，一个人报名参赛。"), False
            # 拔河队最少得几个人: the bound asked, said as a number of people
            most = f"，最少{e.team_min}人" if bound == "least" else f"，最多{e.team_max}人" if bound == "most" else ""
            text = f"团体赛，{unit}每队{e.team_min}–{e.team_max}人（含队长）{most}，由队长报名"
            if people is not None and people > e.team_max:
                text = f"{people}人多了：{text}，多的人不能报在一个队里"
            elif people is not None and people < e.team_min:
                text = f"{people}人不够：{text}"
            elif people is not None:
                text = f"{people}人可以：{text}"
            return text + "。", False
        if aspect == "capacity":
            return (f"名额：{e.capacity}人，报满为止。" if e.capacity else "名额不限。"), False
        if aspect == "limit":
            return f"每人最多报{camp.max_events_per_person}个项目。", False
        if aspect == "levels":
            return f"比赛分{len(e.levels)}级：{self._levels(e)}。", False
        if aspect == "venue":
            if e.venues:
                return "比赛地点：" + "；".join(f"{self._level_name(lv)}在{place}" for lv, place in e.venues) + "。", \
                    len(e.venues) < len(e.levels)
            return (f"先在本村比，成绩好的再往上比（{self._levels(e)}）；各级比赛的具体地点{NOT_PUBLISHED}，"
                    "会由村里或乡镇通知。", True)
        if aspect in ("cost", "bring", "prizes"):
            value = getattr(e, aspect) or getattr(camp, aspect)
            if value:
                return f"{_LABEL[aspect]}：{value}。", False
            brought = _brought(e) if aspect == "bring" else ""
            if brought and fetched:      # 马由谁提供: 骑自家的马 answers it, and that no more is out
                return f"{brought}；别的要带什么{NOT_PUBLISHED}。", True
            if brought:      # 唐卡要带啥: that no list is out first, then what the description says
                return f"要带什么{NOT_PUBLISHED}；比赛说明里只说了：{brought}。", True
            return f"{_LABEL[aspect]}{NOT_PUBLISHED}。", True
        if aspect == "winners":
            return "比赛结果和获奖名单我这里没有资料，县里公布后会通知。", True
        if aspect == "howto":
            if proxy:
                return self._proxy_howto() + "村、乡干部也可以这样代报，或者到本村报名。", False
            # what the sign-up asks for, as the data notice lists it (报名要填什么 is answered by the card)
            fields = camp.signup_fields
            if e.is_team:
                return (f"团体赛，每队{e.team_min}–{e.team_max}人（含队长），由队长一个人给全队报名，队员不用各自再报："
                        "在这个公众号里发「报名」选这项比赛（或按下面说的回复），"
                        + (f"填队长的{fields}，再填" if fields else "填") + "队名和其他队员的姓名；"
                        "也可以到本村报名，村、乡干部可以帮着报。"), False
            own = "".join(f"{c}；" for c in _signup_clauses(e))
            return (f"{own}到本村报名，或者在这个公众号里报名：发「报名」（或按下面说的回复），再按提示填写"
                    + (f"{fields}" if fields else "") + "；不会用手机的，村、乡干部可以帮着报。"), False
        if aspect == "what":
            return (e.description or f"{self.cat.category_of(e).name}的{MODE_LABEL[e.mode]}。"), False
        if aspect == "which":
            return f"属于{self.cat.category_of(e).name}，{MODE_LABEL[e.mode]}。{e.description}", False
        if aspect == "rules":
            return self._rules(e, details)
        if aspect == "held":
            return ("已经在哪些村、乡镇办过这项比赛，我这里没有资料；"
                    f"这项比赛先在本村比，成绩好的再往上比（{self._levels(e)}）。"), True
        if aspect == "townships":
            return self._townships(), False
        if aspect == "mine":
            return MINE, False
        if aspect == "teams":
            return TEAMS_PER_VILLAGE + (f"每队{e.team_min}–{e.team_max}人。" if e.is_team else ""), True
        if aspect in ("signed", "phone", "web"):
            return self._office_line(aspect), aspect != "phone" or not camp.office_phone
        raise ValueError(aspect)

    def _office_line(self, aspect: str) -> str:
        """What the organisers keep (how many have signed up), their phone, and the web address asked."""
        camp = self.cat.campaign
        if aspect == "signed":
            return "已经有多少人报名，我这里没有资料：报名名单只有县活动办和组织比赛的乡镇、村干部能看到。"
        if aspect == "phone":
            if camp.office_phone:
                return f"报名的事可以拨打县活动办电话 {camp.office_phone}。"
            return f"县活动办的咨询电话{NOT_PUBLISHED}；有问题可以问本村驻村工作队或村委会。"
        return "单独的报名网址我这里没有资料：在这个公众号里发「报名」就能报，不用另找网页。"

    def _rules(self, e: Event, details: tuple[str, ...]) -> tuple[str, bool]:
        """What the description says of the rules asked (DETAILS), and 「…县里还没公布」 for those it
        does not answer."""
        rules = e.rules or self.cat.campaign.rules          # published by the county (catalogue ``rules``)
        desc = e.description + (f"比赛规则：{rules}" if rules else "")
        missing = []
        for d in details:
            if d.startswith("animal:"):
                if not (rules and d.split(":", 1)[1] in rules):
                    missing.append(f"对{d.split(':', 1)[1]}的要求（年龄、品种等）")
            elif not any(w in desc for w in DETAILS[d][2]) and not (rules and any(c in rules for c in DETAILS[d][1])):
                missing.append(DETAILS[d][0])
        known = (e.description or f"{self.cat.category_of(e).name}的{MODE_LABEL[e.mode]}。") + (
            f"\n比赛规则：{rules}" if rules else "")
        if not missing:
            extra = "发「答题」就能练习。" if "practice" in details and "练习" in desc else ""
            return known + extra, False
        return f"{'、'.join(_unique(missing))}{NOT_PUBLISHED}。能说的是：{known}", True

    def _capacities(self, events: list[Event], excluded: tuple[str, ...] = ()) -> str:
        """The events with a cap on places; those set aside (除开赛马还有哪几个限名额) told as the others."""
        aside = [e for e in events if e.code in excluded and e.capacity]
        limited = [e for e in events if e.capacity and e not in aside]
        if not limited:
            return "名额都不限。" if not aside else f"除了{'、'.join(e.short_name for e in aside)}，别的项目名额都不限。"
        lead = f"除了{'、'.join(e.short_name for e in aside)}，有名额限制的还有：" if aside else "有名额限制的："
        return lead + "、".join(f"{e.name}{e.capacity}人" for e in limited) + "；其余项目名额不限。"

    def _townships(self) -> str:
        names = [t.name for t in self.cat.townships]
        return (f"全县{len(names)}个乡镇都可以报名：{'、'.join(names)}。在本村报名，先在村里比。" if names
                else "各乡镇都可以报名，在本村报名，先在村里比。")

    def _who(self, e: Event) -> str:
        who = WHO_ONLY.get(e.who, "不限身份")
        age = e.age_text()
        return f"{who}，{'年龄不限' if age == '不限' else age}"

    def _age_verdict(self, e: Event, age: int) -> str:
        if e.min_age is not None and age < e.min_age:
            return f"{age}岁还不能报，要{e.min_age}岁及以上" + ("" if e.who == "any" else f"，{self._who(e)}")
        if e.max_age is not None and age > e.max_age:
            return f"{age}岁不能报：{self._who(e)}"
        return f"{age}岁可以报（{self._who(e)}）"

    @staticmethod
    def _deadline(e: Event, today: date, short: bool = False) -> str:
        when = f"{e.deadline.month}月{e.deadline.day}日" if short else cn_date(e.deadline)
        if e.deadline < today:
            return f"{when}已截止"
        return f"{when}截止" if short else f"{when}（当天还能报）"

    def _level_name(self, level: str) -> str:
        return next((name for name in self.cat.campaign.levels if name.startswith(level)), level)

    def _levels(self, e: Event) -> str:
        names = [self._level_name(lv) for lv in e.levels]
        top = names[-1] if names else ""
        missing = [n for n in self.cat.campaign.levels if n not in names]
        tail = f"（最高到{top}，没有{'、'.join(missing)}）" if missing and names else ""
        return "→".join(names) + tail

    def _published(self, e: Event) -> list[tuple[str, str]]:
        camp = self.cat.campaign
        out = [(_LABEL[k], getattr(e, k) or getattr(camp, k)) for k in ("cost", "bring", "prizes")]
        if e.venues:
            out.append(("地点", "；".join(f"{self._level_name(lv)}在{p}" for lv, p in e.venues)))
        return out


_LABEL = {"cost": "参赛费用", "bring": "要带什么", "prizes": "奖品"}
# A clause of a description that says what is brought to the contest (带作品参赛), not 带回家 or 皮带.
# ... or one's own (骑自家的马比速度和骑术: no horse is handed out).
_BROUGHT = re.compile(r"[^，,。；;]*(?:带[^，,。；;]{1,10}?(?:参赛|来比|去比)|自家的|自带|自备)[^，,。；;]*")


def _rules_tell(rules: str, d: str) -> bool:
    """Whether the county's published ``rules`` speak of the detail ``d`` (DETAILS): its cue or answer words."""
    return bool(rules) and any(w in rules for w in (*DETAILS[d][1], *DETAILS[d][2]))


def _brought(e: Event) -> str:
    """What ``e``'s description says one brings to the contest, or ""."""
    return "；".join(m.group(0) for m in _BROUGHT.finditer(e.description))

WHO_ONLY = {"students": "只限在校学生", "farmers_herders": "只限农牧民群众"}


def _team_size(e: Event) -> str:
    """「每队10–15人」, as far as the catalogue says."""
    if e.team_min and e.team_max:
        return f"（每队{e.team_min}–{e.team_max}人）" if e.team_min != e.team_max else f"（每队{e.team_min}人）"
    if e.team_min or e.team_max:
        return f"（每队{'至少' if e.team_min else '最多'}{e.team_min or e.team_max}人）"
    return ""


def _event_keys(e: Event) -> list[str]:
    """An event's names: the name, the name without brackets or 比赛, what is in the brackets, aliases."""
    base = re.sub(r"[（(].*?[）)]", "", e.name)
    inner = re.findall(r"[（(](.*?)[）)]", e.name)
    keys = [e.name, base, _strip(base), *e.aliases]
    keys += [k for k in inner if len(k) >= 2 and not k.startswith("或")]
    return [k for k in dict.fromkeys(keys) if len(strip_punct(k)) >= 2]


def _strip(name: str) -> str:
    for suffix in ("比赛", "评比", "赛"):
        if suffix == "赛" and name.endswith("竞赛"):
            continue                     # 竞赛 is one word: 知识竞赛 is no 知识竞
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _families(keys: dict[str, list[str]]) -> dict[str, set[str]]:
    """Words that name several events: the last two characters of their names (Chinese puts the
    kind of thing last: 驻村故事演讲 and 通用语言文字演讲 are both 演讲)."""
    tails: dict[str, set[str]] = {}
    for code, ks in keys.items():
        for k in ks:
            core = strip_punct(_strip(re.sub(r"[（(].*?[）)]", "", k)))
            if len(core) >= 3 and all(is_han(ch) for ch in core[-2:]):
                tails.setdefault(core[-2:], set()).add(code)
    return {t: codes for t, codes in tails.items() if len(codes) > 1}


def _heads(keys: dict[str, list[str]]) -> dict[str, set[str]]:
    """Words that begin the names of several events (the thing they work on or its style: 牦牛挤奶 and
    牦牛养殖 are both of 牦牛): the first two characters of names of four or more."""
    heads: dict[str, set[str]] = {}
    for code, ks in keys.items():
        for k in ks:
            core = strip_punct(_strip(re.sub(r"[（(].*?[）)]", "", k)))
            if len(core) >= 4 and all(is_han(ch) for ch in core[:2]):
                heads.setdefault(core[:2], set()).add(code)
    return {h: codes for h, codes in heads.items() if len(codes) > 1}


def _category_keys(categories: Iterable[Category]) -> dict[str, str]:
    """A category's names: 体育类, 体育, and the kind it ends with (理论宣讲类: 宣讲类) when only it does."""
    keys: dict[str, set[str]] = {}
    for c in categories:
        base = c.name[:-1] if c.name.endswith("类") else c.name
        for key in (c.name, base, base[-2:] + "类" if len(base) > 2 else ""):
            if len(key) >= 2:
                keys.setdefault(key, set()).add(c.code)
    return {k: next(iter(codes)) for k, codes in keys.items() if len(codes) == 1}


# Characters that are grammar, never part of what a contest is called (知 and 种 may be: 知识, 种青稞).
GRAMMAR_CHARS = frozenset("的了是有在吗呢啊吧么我你您他她它们这那个些都也就还和与及或被把给对为从到想要能会可以请问什怎"
                          "哪谁啥咋没不很该")
# Words before 比赛 that say which contests, not what is done in one (群众性比赛, 正式比赛, 本次比赛).
NOT_ACTIVITIES = ("群众", "正式", "正规", "所有", "全部", "各种", "相关", "宣传", "举办", "开展", "组织", "大型",
                  "小型", "今天", "明天", "最近", "活动", "一共", "总共", "一起", "一下", "还有", "线上", "线下", "网上",
                  "现场", "观看", "开始", "平时", "儿童", "少儿", "妇女", "女子", "男子", "老年", "农民", "藏族", "民族",
                  "传统", "手工")
NOT_ACTIVITY_CHARS = frozenset("村乡镇县市区省国州各全每其别另本次届期性型类级场最")
# Words about the contest itself -- its course, its people, how one enters -- that never name a
# missing event (赛前有没有资料, 赛程有吗, 选手比赛在哪报, 集体比赛有吗): a stop-list, not a guess.
CONTEST_TALK = ("赛前", "赛后", "赛中", "赛时", "赛程", "赛事", "赛制", "赛区", "赛场", "赛期", "选手", "参赛", "队员",
                "培训", "资料", "材料", "练习", "复习", "集体", "团体", "个人", "报名", "名额", "证书", "奖品", "奖金",
                "奖励", "评委", "裁判", "规则", "要求", "条件", "时间", "地点", "日程", "安排", "通知", "公告")


# Words that lead into what follows as a means (有人靠比赛挣钱, 通过比赛出名): the contest is the way,
# the words before it name no contest.
BY_MEANS_OF = ("靠", "凭", "通过", "经过", "借着", "依靠")


# A wish or an ability with what one would do (能看, 想去, 要报, 可以参加, 能不能, 敢不敢去): what is said
# of the contest, never the name of one (抖音能看比赛吗 asks where to watch, of no event 「抖音能看」). The
# wish word may be gone as grammar (想去看: 去看).
_MODAL = r"(?:能|想|要|可以|会|愿意|打算|准备|敢)"
_DOING = r"(?:[看报玩上用找听比]|参加|参与|观看|报名)"
# ... or who comes to take charge (归哪个来包, 谁去管): a cadre's job, no event's name
_IN_CHARGE = r"(?:包|管|负责|帮扶|联系|对接)"
VERB_PHRASE = re.compile(rf"(?:{_MODAL}不{_MODAL}(?:[去来]?{_DOING}|[去来])?|{_MODAL}(?:[去来]?{_DOING}|[去来])"
                         rf"|[去来](?:{_DOING}|{_IN_CHARGE}))$")
# ... one that watches or uses (能看, 可以上, 能用): what comes before is the means (抖音, 手机上), no event
_BY_WATCHING = re.compile(r"(?:[看上用找听]|观看)$")


def _without_verb_phrase(thing: str) -> str:
    """``thing`` without the verb phrase it ends in: a sport said before taking part (爬山能去 -> 爬山,
    下棋敢不敢 -> 下棋), nothing before watching (抖音能看 -> "") or for the phrase alone (敢不敢)."""
    m = VERB_PHRASE.search(thing)
    if not m:
        return thing
    return "" if _BY_WATCHING.search(m.group()) else thing[:m.start()]


# Making a thing said before it (做藏柜, 画唐卡): the thing is still said alone.
MAKING = frozenset("做画织编缝雕刻")


def _said_alone(toks: list[_Tok], s: _Span) -> bool:
    """The span is all that is said, or all but the making of it (做藏柜)."""
    return s.end == len(toks) and (s.start == 0 or (s.start == 1 and toks[0].ch in MAKING))


def _activity(thing: str) -> bool:
    """``thing`` may be the name of a contest (摔跤, 赛牦牛), not a place, time or kind of contests,
    nor words leading into the contest as a means (人靠: 有人靠比赛挣到钱), nor a verb phrase (能看)."""
    thing = thing.removesuffix("的")
    return (2 <= len(thing) <= 5 and all(is_han(ch) for ch in thing) and not NOT_ACTIVITY_CHARS & set(thing)
            and not thing.endswith(BY_MEANS_OF) and not VERB_PHRASE.search(thing)
            and not any(w in thing for w in NOT_ACTIVITIES) and not any(w in thing for w in CONTEST_TALK))


def _entered_before(norm: str, thing: str) -> bool:
    """``thing`` is what was entered before another is asked (报了跳绳还能报几个, 下象棋之外还能报别的),
    not whoever entered it (我儿子报了赛马)."""
    t = re.escape(thing.removesuffix("的"))
    return bool(thing) and re.search(f"报了{t}|{t}(?:的比赛)?(?:之外|以外)", norm) is not None


def _exists_before(norm: str, thing: str, which_cues: set[str]) -> bool:
    """``thing`` is said, then at once asked whether there is such a contest (下象棋 有没有比赛): an
    event by its name, though no 比赛 follows it (not 有没有比赛的视频, nor 晚上有没有比赛: a time)."""
    at = norm.find(thing)
    cue = min((i for w in which_cues & EXISTENCE if (i := norm.find(w)) >= 0), default=-1)
    return (0 <= at < cue and not norm[at + len(thing):cue].strip() and not _TIME_WORD.search(thing)
            and not GRAMMAR_CHARS & set(thing))     # not 报完名怎么查有没有报上


def _asked_as_event(norm: str, thing: str) -> bool:
    """``thing`` is said, then at once asked whether it is a contest (跳绳有比赛吗, 拔萝卜算不算比赛项目):
    an event by its name, which the catalogue may lack."""
    at = norm.find(thing) if thing else -1
    return at >= 0 and bool(_IS_IT_AN_EVENT.match(norm, at + len(thing))) and not _TIME_WORD.search(thing)


_IS_IT_AN_EVENT = re.compile(r"(?:算不算|算|是不是|属不属于|属于|有没有|有没得|有)(?:一项|一个|这个|这项|这种)?"
                             r"(?:比[赛塞]|项目)")
def _whether_said(norm: str) -> int:
    """Characters of ``norm`` that ask whether something is a contest (算不算比赛): no name's."""
    m = re.search(r"(算不算|是不是|属不属于)(?:一项|一个|这个|这项|这种)?(?:比[赛塞]|项目)", norm)
    return len(m.group(1)) if m else 0


_WHETHER_TAIL = re.compile(r"(?:算不算|算|是不是|属不属于|属于)$")


# Words of time said where a contest's name might be (晚上有没有比赛, 周末有比赛吗).
_TIME_WORD = re.compile(r"[天晚早周月年节假季]|时候|上午|下午|中午|最近|现在|马上")


def _descriptive(thing: str) -> bool:
    """The words describe an event (做马鞍子的, 用普通话念文章) rather than name one (摔跤, 赛牦牛)."""
    return thing.endswith("的") or len(thing) >= 5


def _signup_clauses(e: Event) -> list[str]:
    """What the description says about signing up (最美庭院: 由户主报名), not said elsewhere."""
    return [c for c in re.split(r"[，。；,;]", e.description) if "报名" in c and "岁" not in c]


def _in_description(rest: str, e: Event) -> bool:
    """The words left over in a question (``rest``, spaces where names and cues were) appear in
    the event's description: two characters in a row are enough (马鞍, 牦牛)."""
    desc = strip_punct(e.description)
    return any(len(w) >= 2 and any(w[i:i + 2] in desc for i in range(len(w) - 1))
               for w in rest.split() if not all(ch in FUNCTION_CHARS for ch in w))


_BAO = fold_syllable("bao")
_PEOPLE_AFTER = ("人", "名", "队员", "个人", "个队员", "名队员")


def _people_next(toks: list[_Tok], end: int) -> bool:
    """A count cue followed by people (报几个|人): the people of a team, not events."""
    rest = "".join(t.ch for t in toks[end:end + 3])
    return rest.startswith(_PEOPLE_AFTER) or (end < len(toks) and toks[end].syl == fold_syllable("ren"))


# A change cue moves a sign-up only when what it changes to is an event: words between (换|成|足球,
# 报错|了) ...
_SWITCH_LINKS = ("一个", "成", "到", "为", "报", "个", "去", "参加", "了")
# ... an event said in general (换|项目, 改报|别的) ...
_SWITCH_OTHER = ("别的", "其他", "其它", "另一个", "另外")
_SWITCH_OBJECTS = ("项目", "比赛", *_SWITCH_OTHER)
# ... 别的 said of an event only when nothing but its measure (的, 个, 项) and an event word or the close
# follow (换成别的行吗, 改成其他的项目): 改成其他时间, 换成别的号码 change something else. Another village
# or township is moved to as an event is (cancelled, signed up again there).
_OTHER_MEASURES = ("一个", "一项", "一种", "的", "个", "项", "种")
_OTHER_AIMS = ("项目", "比赛", "赛", "乡镇", "乡", "镇", "村")
# ... or nothing but the question's close (报名的项目可以换|吗, 报错了|怎么办). Anything else is changed
# in place: a horse or a bow (换马), a date or a place (改成几号, 换个地方), a detail of one's sign-up.
_SWITCH_CLOSES = ("吗", "么", "呢", "嘛", "吧", "啊", "呀", "不", "没", "行", "可以", "可不可以", "能不能",
                  "怎么", "咋", "如何", "要", "得")
# Details of one's sign-up said before 报错 (把年龄报错了): corrected, not a wrong event.
_DETAILS_BEFORE = ("年龄", "岁数", "名字", "姓名", "电话", "手机", "号码", "身份证", "性别", "村")


_ROUND_PLACES = ("乡镇", "乡级", "乡里", "镇里", "县级", "县里", "村级", "村里", "市级", "市里", "乡", "镇", "县", "村", "市")


def _round_places(toks: list[_Tok]) -> set[int]:
    """The tokens of a level's place said before a round (乡镇初赛, 县里的决赛): read with the round,
    no words left over."""
    chars = [t.ch if t.han else "" for t in toks]
    out: set[int] = set()
    for i in range(len(toks) - 1):
        if chars[i] + chars[i + 1] not in ROUNDS:
            continue
        j = i - 1 if i and chars[i - 1] == "的" else i
        for p in _ROUND_PLACES:
            if j >= len(p) and "".join(chars[j - len(p):j]) == p:
                out |= set(range(j - len(p), i))
                break
    return out


# Who the asker is, told of themselves: 我是放牦牛的, 我家是做木雕的. Not what they mean to enter
# (我是要参加赛马的, 我是想报赛马的): that is the event asked about.
SELF_TOLD = re.compile(r"我(?:家)?(?:是|就是)(?:(?![报参想要])[\u4e00-\u9fff]){1,8}?的")


# Someone's skill told beside the question (我们村有个摔跤厉害的, 我家马跑得快): who or what one has in
# mind, no part of what is asked -- after a question's end (有吗, 有没有嘛) or before what is asked.
_PRAISED = (r"(?:(?:得|很|特别|非常|挺|最|可|真)(?:很|特别|非常|挺|真)?(?:厉害|好|快|棒|强|准|不错|拿手|在行|好听|漂亮)"
            r"|厉害|拿手|在行)(?:的|得很|了|呢|哦|啊|嘛)*")
BRAGGED_AFTER = re.compile(r"(?:吗|嘛|么|没有|没得|呢|撒)((?:我|我们|我家|我们家|村里|家里|我阿|我爸|我妈)"
                           r"[\u4e00-\u9fff]{1,12}?" + _PRAISED + ")$")
BRAGGED_BEFORE = re.compile(r"((?:我|我们|我家|我们家|村里|家里)[\u4e00-\u9fff]{1,12}?" + _PRAISED + ")(?=.{3})")
# One's own sign-ups said (已经报了赛马和射箭, 报名了朗读跟写字), then another one asked of (还能再报几个).
ENTERED_AT = re.compile(r"(?:已经|已)报(?:名)?(?:了|过|上了?|好了?)?|报(?:名)?(?:了|过|上了|好了)")
ENTERED_LINK = re.compile(r"的?(?:比赛|项目|赛)?(?:和|跟|与|同|还有|以及|及|加上)?")
MORE_ASKED = re.compile(r"(?:还|再|另外)(?:能|可以|可|想|要|能不能|可不可以)?再?(?:报|参加|加)")
ENTERED_VERB = re.compile(r"(?:唱|跳|参加|参赛|比|玩)?")     # 报名了唱红歌: the verb of the event before its name
ENTERED_JOINS = "和跟与及、,， 都也"          # between the names and the verb after them
MORE_WHAT = re.compile(r"(?:名|了)?(?:再|一)?(?:个|项)?(?:几|多少|别的|其他|其它|另外|另一|什么|啥|哪)")
MORE_WHO = re.compile(r"老婆|老公|媳妇|爱人|孩子|娃|儿子|女儿|爸|妈|他|她|别人|家里人|朋友|同学|哥|姐|弟|妹")
ROUND_AFTER = re.compile(r"预赛|初赛|复赛|决赛|县级|市级|乡级|村级")


def _names_any(q: "ContestQuestion | None") -> bool:
    """Whether a reading names an event, a family or a category of them."""
    return q is not None and bool(q.events or q.family or q.category)


def _entered(toks: list["_Tok"], named: list["_Span"]) -> list[str]:
    """The events named as one's own sign-ups (报了A和B, 唱红歌报了, A和B都报了) when another is asked of
    after them (还能再报几个, 还想报射箭可以吗): their codes, or none."""
    starts, pos = [], 0
    for t in toks:
        starts.append(pos)
        pos += len(t.ch)
    at = {p: i for i, p in enumerate(starts)}
    joined = "".join(t.ch for t in toks)
    span_at = {starts[s.start]: s.phrase.value for s in named}
    by_start: dict[int, _Span] = {}
    by_end: dict[int, _Span] = {}
    for s in sorted(named, key=lambda s: s.start - s.end):
        by_start.setdefault(s.start, s)
        by_end.setdefault(starts[s.end] if s.end < len(toks) else len(joined), s)
    for m in ENTERED_AT.finditer(joined):
        codes, end = [], m.end()
        i = _name_at(at, by_start, joined, end)
        while i is not None and i in by_start:
            s = by_start[i]
            codes.append(s.phrase.value)
            end = starts[s.end] if s.end < len(toks) else len(joined)
            end = ENTERED_LINK.match(joined, end).end()
            i = _name_at(at, by_start, joined, end)
        if not codes:
            # the names before the verb (赛马射箭都报了, 朗读和写字已经报名了)
            back, end = m.start(), m.end()
            while (s := by_end.get(back)) is not None or (back and joined[back - 1] in ENTERED_JOINS):
                if s is None:
                    back -= 1
                    continue
                codes.insert(0, s.phrase.value)
                back = starts[s.start]
        if codes and _more_asked(joined, end, span_at):
            return _unique(codes)
    return []


def _name_at(at: dict[int, int], by_start: dict[int, "_Span"], joined: str, pos: int) -> int | None:
    """The token a name starts at, at ``pos`` or past a verb of the event (跳锅庄, 唱红歌)."""
    i = at.get(pos)
    return i if i in by_start else at.get(ENTERED_VERB.match(joined, pos).end())


def _more_asked(joined: str, end: int, span_at: dict[int, str]) -> bool:
    """Another sign-up asked of the asker after their own (还能报几个, 还能报别的, 还想报射箭, 还能再报吗): how
    many more, something else, one more (再), or an event after the verb -- not another person's (我老婆还能报吗) nor a round
    that follows the sign-up (还要参加村里预赛吗)."""
    more = MORE_ASKED.search(joined, end)
    if more is None or MORE_WHO.search(joined, end, more.start()) or ROUND_AFTER.search(joined, more.end()):
        return False
    return bool("再" in more.group() or MORE_WHAT.match(joined, more.end())
                or any(p in span_at for p in range(more.end(), min(more.end() + 4, len(joined)))))


def _age(m: re.Match) -> int | None:
    """The age AGE_RE found, in digits or Chinese numerals (十二)."""
    said = m.group(1) or m.group(2) or m.group(3)
    return int(said) if said.isdigit() else cn_to_int(said, digit_by_digit=False)


def _outside(norm: str) -> tuple[str, ...]:
    """The groups the asker says they are not of (我不是牧民: farmers_herders; 不上学了: students; 在单位上班:
    both), or ()."""
    if _own_job(norm):
        return ("farmers_herders", "students")
    m = NOT_OF_GROUP.search(norm)
    if m is None:
        return ()
    return ("students",) if m.group(1) in (None, "学生") else ("farmers_herders",)


def _the_askers(norm: str, at: int) -> bool:
    """Whether what is said at ``at`` is said of the asker: the nearest person said before it is 我, or none."""
    said = [m.group() for m in PERSON_SAID.finditer(norm, 0, at)]
    return not said or said[-1] == "我"


def _own_job(norm: str) -> bool:
    """The asker has a job now (EMPLOYED), asks what they may enter, and says no group of their own (我是学生，
    寒假在医院上班: the students' event stays open)."""
    jobs = [m for m in EMPLOYED.finditer(norm) if _the_askers(norm, m.start()) and not NOT_NOW.search(norm[:m.start()])
            and not OWNED_AFTER.match(norm, m.end())]
    if not jobs:
        return False
    asked = next((m for m in ENTER_ASKED.finditer(norm) if not any(j.start() <= m.start() < j.end() for j in jobs)), None)
    if asked is not None and not _the_askers(norm, asked.start()):
        return False                 # 我在县城上班，孩子能报哪些: asked for the child
    return not any(_the_askers(norm, g.start()) and not re.search(r"(?:不|没)(?:是|再是|在)?$", norm[:g.start()])
                   for g in GROUP_SAID.finditer(norm))


def _self_told(toks: list[_Tok]) -> set[int]:
    """The tokens of a clause in which the asker says who they are (SELF_TOLD)."""
    return _cells(toks, SELF_TOLD)


def _cells(toks: list[_Tok], said: re.Pattern) -> set[int]:
    """The tokens of what ``said`` finds in the text the tokens spell."""
    starts, at = [], 0
    for t in toks:
        starts.append(at)
        at += len(t.ch)
    text = "".join(t.ch for t in toks)
    out: set[int] = set()
    for m in said.finditer(text):
        out |= {i for i, a in enumerate(starts) if m.start() <= a < m.end()}
    return out


def _word_at(toks: list[_Tok], i: int, word: str) -> bool:
    """``word`` begins at token ``i``: by its characters, or by sound for typed pinyin."""
    if i + len(word) > len(toks):
        return False
    return all(t.ch == ch or (not t.han and t.syl == fold_syllable(char_pinyin(ch) or ch))
               for t, ch in zip(toks[i:i + len(word)], word))


def _of_set_aside(toks: list[_Tok], cue: _Span, set_aside: list[_Span]) -> bool:
    """A cue said right after an event set aside (除了赛马的名额): that event's own, no rule of the others."""
    return any(cue.start >= s.end and "".join(t.ch for t in toks[s.end:cue.start]) in ("", "的") for s in set_aside)


def _within(pattern: re.Pattern, text: str, word: str) -> bool:
    """``word`` stands in ``text`` partly or wholly inside a match of ``pattern``."""
    norm = strip_punct(text)
    spans = [m.span() for m in pattern.finditer(norm)]
    return any(lo < at + len(word) and at < hi for at in (m.start() for m in re.finditer(re.escape(word), norm))
               for lo, hi in spans) if spans and word else False


def _past_links(toks: list[_Tok], end: int, named_at: set[int]) -> int:
    """Where what a change cue aims at begins: after the links (成, 到, 一个) from token ``end``."""
    i = end
    while link := next((w for w in _SWITCH_LINKS if _word_at(toks, i, w) and i not in named_at), ""):
        i += len(link)
    return i


def _switch_reach(toks: list[_Tok], end: int, named_at: set[int]) -> range:
    """The cells after a change cue up to the end of an event said in general (成别的, 到其他)."""
    i = _past_links(toks, end, named_at)
    said = next((w for w in _SWITCH_OBJECTS if _word_at(toks, i, w)), "")
    return range(end, i + len(said)) if said else range(end, end)


def _aims_at(toks: list[_Tok], end: int, named_at: set[int]) -> bool:
    """What follows a change cue (from token ``end``) is another event: one named, one said in
    general, or the question's close."""
    i = _past_links(toks, end, named_at)
    if other := next((w for w in _SWITCH_OTHER if _word_at(toks, i, w)), ""):
        i, event = i + len(other), False
        while i < len(toks) and not (event := any(_word_at(toks, i, w) for w in _OTHER_AIMS)):
            step = 1 if toks[i].ch.isspace() else len(next((w for w in _OTHER_MEASURES if _word_at(toks, i, w)), ""))
            if not step:
                break
            i += step
        return (event or i in named_at or i >= len(toks) or any(_word_at(toks, i, w) for w in _SWITCH_CLOSES)
                or toks[i].ch in MOOD_PARTICLES)
    return (i in named_at or i >= len(toks) or any(_word_at(toks, i, w) for w in _SWITCH_OBJECTS)
            or any(_word_at(toks, i, w) for w in _SWITCH_CLOSES) or toks[i].ch in MOOD_PARTICLES)


def _switch_aimed(toks: list[_Tok], cue: _Span, named_at: set[int]) -> bool:
    """A change cue (``cue``) asks to move one's sign-up to another event (see _aims_at); 换项目,
    换别的 say so themselves."""
    if any(w in cue.phrase.text for w in _SWITCH_OBJECTS):
        return True
    if cue.phrase.text == "报错":
        before = "".join(t.ch for t in toks[max(0, cue.start - 4):cue.start])
        if any(w in before for w in _DETAILS_BEFORE):
            return False
    elif (_past_links(toks, cue.end, named_at) not in named_at
          and any(w in "".join(t.ch for t in toks[:cue.start]) for w in _DETAILS_BEFORE if w != "村")):
        return False                     # 名字报错了能改成其他的吗: the detail said before is changed (我们村: no detail)
    if cue.phrase.text in MISTAKEN_AS:
        # 报成射箭了, 报成了别的: another event after it; 赛马报成了吗, 报成了没有 ask whether it went through
        i = _past_links(toks, cue.end, named_at)
        return i in named_at or any(_word_at(toks, i, w) for w in _SWITCH_OBJECTS)
    return _aims_at(toks, cue.end, named_at)


def _says(toks: list[_Tok], norm: str, words: Iterable[str]) -> bool:
    """One of ``words`` is in the text, by its characters or (typed pinyin, 繁體 read as sound) its syllables."""
    if any(w in norm for w in words):
        return True
    syls = tuple(t.syl for t in toks)
    for w in words:
        key = tuple(t.syl for t in _tokens(w))
        if any(syls[i:i + len(key)] == key for i in range(len(syls) - len(key) + 1)):
            return True
    return False


def _southwest(norm: str) -> str:
    """South-western 啥子 written as the 啥 it is (三十三项是啥子)."""
    return norm.replace("啥子", "啥")


def _typed(toks: list[_Tok], s: _Span) -> bool:
    """The span is all typed pinyin syllables (saima), no Han character heard as them, and they are
    the name's own, tones aside: zhangge is no 唱歌 by itself (a sound merged is a slip -- read so
    only beside a word of the contest, as any other)."""
    return (all(not t.han and t.ch.isalpha() for t in toks[s.start:s.end])
            and "".join(t.ch for t in toks[s.start:s.end]) == "".join(pinyin_syllables(s.phrase.text)))


def _han(t: _Tok) -> bool:
    return t.han


def _unique_spans(spans: list[_Span]) -> list[_Span]:
    return list(dict.fromkeys(spans))


IN_ALL = ("一共", "总共")


def _said_in_all(norm: str) -> int:
    """Characters of ``norm`` that say "in all" (一共, 总共): nothing asked of their own beside a count."""
    return sum(len(w) * norm.count(w) for w in IN_ALL)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _cannot_enter(age: int, events: list[Event]) -> str:
    """How ``age`` is shut out of ``events``: not yet (还不能报, below every minimum), past it (超龄了不能报,
    above every maximum), or either (不能报)."""
    if all(e.min_age is not None and age < e.min_age for e in events):
        return "还不能报"
    if all(e.max_age is not None and age > e.max_age for e in events):
        return "超龄了不能报"
    return "不能报"


def _material_named(q: str) -> list[str]:
    """The words of MATERIAL_WORDS the folded ``q`` names (材料 only beside a word of studying)."""
    return [w for w in MATERIAL_WORDS if w in q and (w != "材料" or any(s in q for s in STUDY_WORDS))]


def names_material(asked: str, answer: str) -> bool:
    """``asked`` names the study material and ``answer`` speaks of it."""
    a = fold(answer)
    return any(any(x in a for x in MATERIAL_WORDS[w]) for w in _material_named(fold(asked)))


def names_study(asked: str) -> bool:
    """``asked`` names the study material, not what one hands in (报名要交哪些资料: HANDED_IN)."""
    q = fold(asked)
    return bool(_material_named(q)) and not HANDED_IN.search(q)


def asks_study_material(question: ContestQuestion, asked: str, answer: str) -> bool:
    """``asked`` (read as ``question``) asks about the study material that ``answer`` speaks of:
    only of the 知识竞赛 (STUDIED_EVENTS), never what to bring or hand in when signing up
    (唐卡比赛要准备什么材料, 知识竞赛报名要交啥材料: the event's own answer, 县里还没公布)."""
    codes = question.events or question.family_events
    if not codes or not set(codes) <= STUDIED_EVENTS:
        return False
    if "bring" in question.aspects or HANDED_IN.search(fold(asked)):
        return False
    return names_material(asked, answer)


def desk_for(catalogue: Catalogue) -> ContestDesk:
    """The desk for this catalogue, built once and kept with it (a reload brings a new catalogue and
    a new desk). Each catalogue keeps its own: while a reload prepares the new one off the loop, a
    question on the old one still finds the old desk (and the lexicon and pinyin reader cached for
    it) -- one global slot let the two evict each other, and everything was built again on the loop.
    (A Catalogue is an unhashable dataclass, so no WeakKeyDictionary: the desk is kept in the
    catalogue's __dict__, freed with it; setdefault keeps the first of two built at once.)"""
    desk = catalogue.__dict__.get(_DESK_SLOT)
    if desk is None or desk.cat is not catalogue:       # (none yet, or a copy's of the original)
        built = ContestDesk(catalogue)
        desk = catalogue.__dict__.setdefault(_DESK_SLOT, built)
        if desk.cat is not catalogue:
            desk = catalogue.__dict__[_DESK_SLOT] = built
    return desk


_DESK_SLOT = "_contest_desk"
