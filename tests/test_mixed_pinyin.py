"""Pinyin typed among characters is read only as words the knowledge base knows (knowledge.spell
read_mixed); a name, a brand or an English word stays as typed. And a verb phrase said before
比赛 is no event the catalogue lacks (knowledge.contest)."""
from __future__ import annotations

import pytest

from bot.core.config import load_settings
from knowledge.catalogue import load_catalogue
from knowledge.contest import desk_for
from knowledge.qa import load_knowledge_base
from knowledge.spell import PinyinReader, reader_for
from tests.test_scope import ask_real

TEXTS = [
    "洛隆县各乡镇都可以报名，赛马每村两人，射箭每村三人。",
    "他是村里的干部，家有牦牛，家有困难找村委会。",
    "比赛视频在抖音上能看，视频也在微信里发。",
    "做吗？老师说做完再报名。桌子上有报名表。",
]
VOCABULARY = ["赛马", "射箭", "报名", "乡镇", "抖音", "洛隆"]


@pytest.fixture(scope="module")
def reader():
    return PinyinReader(TEXTS, VOCABULARY, known=["视频"])


@pytest.fixture(scope="module")
def real():
    settings = load_settings(env={})
    cat = load_catalogue(settings.knowledge_dir / "catalogue.yaml")
    return load_knowledge_base(settings, cat), cat


@pytest.fixture(scope="module")
def real_reader(real):
    kb, cat = real
    return reader_for(kb, desk_for(cat))


# -- the mechanism, on texts of its own ---------------------------------------------------------------
@pytest.mark.parametrize("typed, han", [
    ("saima 每村几个人", "赛马每村几个人"),              # a keyword
    ("我想报 shejian", "我想报射箭"),                     # an event's name, after the characters
    ("luolong 有几个 xiangzhen", "洛隆有几个乡镇"),      # a place and a keyword, two stretches
    ("shipin 在哪看", "视频在哪看"),                      # a known word given (a synonym)
    ("赛马 youmeiyou 名额", "赛马有没有名额"),             # a word a question asks with
])
def test_pinyin_among_characters_is_read_as_a_word_the_knowledge_base_knows(reader, typed, han):
    assert reader.read_mixed(typed) == han


@pytest.mark.parametrize("typed", [
    "Tashi 想报赛马",          # a name: not 他是, though the texts write it
    "jiayou 牦牛多",           # not 家有
    "zhuoma 报名了",           # not 做吗
    "weixin 上能报名吗",        # a word the texts write that the knowledge base does not list
    "ok 好的赛马",              # English
    "hello 请问射箭",
])
def test_a_name_a_brand_or_english_among_characters_is_left_as_typed(reader, typed):
    assert reader.read_mixed(typed) is None


def test_only_the_stretch_that_reads_as_known_words_is_read(reader):
    # a name kept as typed, the keyword beside other characters read
    assert reader.read_mixed("Tashi 报了 saima 吗") == "Tashi 报了赛马吗"


def test_pinyin_read_as_lone_everyday_syllables_only_is_not_read(reader):
    # everyday syllables typed as words of their own carry a reading only beside a known word
    assert reader.read_mixed("ta shi 谁") is None
    assert reader.read_mixed("ta shi saima 的干部") == "他是赛马的干部"


@pytest.mark.parametrize("typed", ["村BA几号比", "LED屏上放啥", "村ba在哪"])
def test_capitals_and_a_lone_syllable_are_still_not_read(reader, typed):
    assert reader.read_mixed(typed) is None


def test_a_whole_pinyin_message_is_read_as_before(reader):
    # all pinyin: every syllable read from the texts, whatever the knowledge base lists
    assert reader.read("saima baoming zai nali") == "赛马报名在哪里"
    assert reader.read("ta shi ganbu ma") == "他是干部吗"


# -- the real knowledge base ------------------------------------------------------------------------
@pytest.mark.parametrize("typed, han", [
    ("luolong 一共几个乡镇", "洛隆一共几个乡镇"),
    ("saima 报名到几号", "赛马报名到几号"),
    ("baoming 要带啥", "报名要带啥"),
    ("douyin 上有比赛视频吗", "抖音上有比赛视频吗"),      # 抖音: a keyword of the knowledge base
    ("报名 zenme ban", "报名怎么办"),                     # a word a question asks with
])
def test_real_kb_words_typed_in_pinyin_are_read(real_reader, typed, han):
    assert real_reader.read_mixed(typed) == han


@pytest.mark.parametrize("typed", ["Tashi 想报名", "jiayou 加油啊", "zhuoma 报的啥", "Dawa 报了哪几项",
                                   "kuaishou 上能看吗", "ok 知道了", "hello 在吗", "Nima 能报吗"])
def test_real_kb_names_and_other_words_stay_as_typed(real_reader, typed):
    assert real_reader.read_mixed(typed) is None


@pytest.mark.parametrize("typed, han", [
    ("hi 我想报 shejian", "hi 我想报射箭"),                  # a word that is no pinyin
    ("TV 上 saima 几点开始", "TV 上赛马几点开始"),            # a word in capitals
    ("ni 说 luolong 乡镇有几个", "ni 说洛隆乡镇有几个"),      # a lone syllable
    ("乡里GG baoming 了没", "乡里GG报名了没"),                # capitals right against the pinyin
])
def test_a_stretch_left_as_typed_does_not_stop_the_rest_being_read(reader, typed, han):
    assert reader.read_mixed(typed) == han


# -- a verb phrase before 比赛 is no missing event ---------------------------------------------------
@pytest.mark.parametrize("typed", ["电视上能看比赛吗", "抖音能看比赛吗", "douyin 能看比赛吗", "手机能看比赛不"])
async def test_where_to_watch_is_no_event_the_catalogue_lacks(real, typed):
    reply = await ask_real(real, typed)
    assert "这项比赛我这里没有资料" not in reply.text, reply.text


@pytest.mark.parametrize("typed", ["我想去比赛", "娃娃要报比赛", "村里人都想参加比赛"])
def test_a_wish_said_before_the_contest_names_no_event(real, typed):
    q = desk_for(real[1]).detect(typed)
    assert q is None or not q.unknown, q


@pytest.mark.parametrize("typed", ["我们想来看比赛", "俺们能不能去看比赛", "敢不敢去比赛嘛", "阿妈想去看看比赛"])
def test_a_wish_to_go_and_watch_or_a_dare_names_no_event(real, typed):
    q = desk_for(real[1]).detect(typed)
    assert q is None or not q.unknown, q


@pytest.mark.parametrize("typed, thing", [("滑雪能去比赛吗", "滑雪"), ("打牌敢不敢比赛", "打牌"),
                                          ("跳皮筋可以去比赛不", "跳皮筋")])
def test_a_sport_the_catalogue_lacks_said_before_a_wish_is_still_absent(real, typed, thing):
    q = desk_for(real[1]).detect(typed)
    assert q is not None and q.unknown == thing, q


async def test_a_sport_said_before_a_wish_is_answered_as_absent(real):
    reply = await ask_real(real, "滑雪能去比赛吗")
    assert "「滑雪」这项比赛我这里没有资料" in reply.text, reply.text


@pytest.mark.parametrize("typed, thing", [("摔跤比赛能报吗", "摔跤"), ("赛跑比赛有没有", "赛跑"),
                                          ("下围棋比赛在哪报名", "下围棋")])
def test_a_sport_the_catalogue_lacks_is_still_said_to_be_absent(real, typed, thing):
    q = desk_for(real[1]).detect(typed)
    assert q is not None and q.unknown == thing, q


@pytest.mark.parametrize("typed, said", [("cunba 报名到哪天", "村BA"), ("saima 多大能报", "赛马"),
                                         ("我们 luolong 有哪些乡镇能报", "孜托镇")])
async def test_kb_words_typed_in_pinyin_among_characters_are_answered(real, typed, said):
    reply = await ask_real(real, typed)
    assert said in reply.text and "抱歉" not in reply.text, reply.text
