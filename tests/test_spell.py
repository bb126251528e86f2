"""Whole sentences typed in pinyin read back into the characters the knowledge base uses
(knowledge.spell), and the Q&A handler routing them as those characters."""
from __future__ import annotations

import pytest

from bot.core.messages import Message
from handlers.qa import QAHandler
from knowledge import spell
from knowledge.qa import KnowledgeBase
from knowledge.spell import PinyinReader
from tests.test_qa_handler import entry, make_ctx

TEXTS = [
    "腊久乡在春节办了赛马比赛，骑手有20多个。",
    "决赛在县里办，复赛在乡里办。",
    "每个村的报名名额有多少？赛马名额每村2人。",
    "包户干部是谁？乡里的干部包户。",
    "基层党建十条规定是什么？",
    "活动实施方案印发了吗？",
    "报名电话是多少？报名到村委会，电话打不通就去村里。",
]
VOCABULARY = ["赛马", "决赛", "名额", "包户", "十条规定", "实施方案", "报名", "干部"]   # (keywords: what pinyin among characters reads as)


@pytest.fixture(scope="module")
def reader():
    return PinyinReader(TEXTS, VOCABULARY)


@pytest.mark.parametrize("typed, han", [
    ("juesai zai nali ban", "决赛在哪里办"),           # everyday words around a word of the texts
    ("saima ming e you duoshao", "赛马名额有多少"),    # a word typed in two pieces (ming e)
    ("baohu ganbu shi shei", "包户干部是谁"),
    ("shitiao guiding shi sha", "十条规定是啥"),       # 十条, not 四条: the syllable as typed
    ("shishi fangan you mei you", "实施方案有没有"),   # fang'an within one typed word, not fan'gan
    ("laju xiang chunjie ban le sha", "腊久乡春节办了啥"),   # a place one letter off (là jiǔ typed laju)
    ("BAOMING DIANHUA, duoshao?", "报名电话多少"),      # case and punctuation
])
def test_a_pinyin_sentence_reads_as_the_texts_words(reader, typed, han):
    assert reader.read(typed) == han


@pytest.mark.parametrize("typed", [
    "赛马名额有多少",            # characters: nothing to read
    "saima",                     # one word: the normaliser's typed words read it already
    "hello world",               # not pinyin
    "saima 2 ren",               # a figure: not a sentence of syllables only
    "mingtian tianqi zenmeyang",  # words the texts never use: no reading run together from theirs
])
def test_what_is_not_read(reader, typed):
    assert reader.read(typed) is None


def test_a_lone_content_syllable_is_read_only_as_a_typed_word_of_its_own(reader):
    # 县 / 乡 stand alone; inside a typed word the syllable is no word (tianxian: no 天县)
    assert reader.read("juesai zai xian li ban") == "决赛在县里办"
    assert reader.read("juesai zai xianli ban") == "决赛在县里办"


async def test_the_handler_answers_a_pinyin_sentence_as_its_characters_and_leaves_chinese_alone():
    kb = KnowledgeBase([
        entry("final", "决赛在哪里办？", ["决赛在什么地方举行"], "决赛在县城体育场办。", keywords=["决赛"]),
        entry("quota", "赛马每个村有几个名额？", ["赛马名额多少"], "赛马每个村可以报2人。", keywords=["赛马", "名额"]),
    ])
    h = QAHandler()
    han = await h.handle(make_ctx(kb, user="u1"), Message(user="u1", kind="text", text="决赛在哪里办"))
    assert kb not in spell._READERS          # a Chinese question builds and pays nothing here
    typed = await h.handle(make_ctx(kb, user="u2"), Message(user="u2", kind="text", text="juesai zai nali ban"))
    assert typed.outcome == han.outcome == "answer" and typed.text == han.text
    quota = await h.handle(make_ctx(kb, user="u3"), Message(user="u3", kind="text", text="saima ming e duoshao"))
    assert "2人" in quota.text and "抱歉" not in quota.text


async def test_a_pinyin_near_miss_is_answered_honestly_as_its_characters_are():
    kb = KnowledgeBase([
        entry("how", "怎么报名？", ["报名方法", "在哪报名", "报名要填电话吗"], "到本村报名，或者在公众号里发「报名」，填上姓名和电话。",
              keywords=["报名", "电话"]),
    ])
    h = QAHandler()
    typed = await h.handle(make_ctx(kb, user="u4"), Message(user="u4", kind="text", text="baoming dianhua shi duoshao"))
    han = await h.handle(make_ctx(kb, user="u5"), Message(user="u5", kind="text", text="报名电话是多少"))
    assert "电话号码我这里没有资料" in typed.text and typed.text == han.text


@pytest.mark.parametrize("typed", ["xian " * 500, "ni hao " * 300, "juesai zai nali ban " * 5, "a" * 5000])
def test_a_long_message_is_not_read_and_costs_nothing(reader, monkeypatch, typed):
    # herders' pinyin questions are short; reading "xian " * 500 held the event loop 1.04 s
    def read_on(*_a):
        raise AssertionError("a long message was read")
    monkeypatch.setattr(reader, "_best", read_on)
    monkeypatch.setattr(spell, "split_pinyin", read_on)
    assert reader.read(typed) is None


def test_a_question_of_up_to_twenty_syllables_is_still_read(reader):
    typed = "baoming dianhua shi duoshao juesai zai nali ban saima ming e you duoshao"     # 20 syllables
    assert reader.read(typed) == "报名电话是多少决赛在哪里办赛马名额有多少"


def test_a_lone_syllable_read_only_by_its_folded_sound_is_no_reading():
    # ha is no 发 (h/f folded): the reading as typed wins, and there is none
    reader = PinyinReader([*TEXTS, "补贴发放到户，发了三回。"], VOCABULARY)
    assert reader.read("ha ha ha") is None


def test_a_greeting_reads_as_a_greeting_not_as_a_word_of_the_texts():
    reader = PinyinReader([*TEXTS, "报名电话号码是多少？电话号码打不通。"], VOCABULARY)
    assert reader.read("ni hao ma") == "你好吗"                  # not 你号码
    assert reader.read("dianhua hao ma shi duoshao") == "电话号码是多少"


def test_the_readers_words_are_not_quoted_back_as_the_users():
    said = "“盾驻”的情况我这里没有资料。能告诉您的是：索朗次仁是索县的裁缝。“乡村振兴”大赛……"
    out = spell.unquoted(said, "次仁盾驻")
    assert "盾驻" not in out and out.startswith("您问的具体情况我这里没有资料") and "“乡村振兴”" in out
    assert spell.unquoted("“盾”的情况、“驻”的情况我这里没有资料", "次仁盾驻") == "您问的具体情况我这里没有资料"


async def test_a_pinyin_question_gets_no_made_up_word_quoted():
    from tests.test_scope import ask_real
    from bot.core.config import load_settings
    from knowledge.check import load_all
    k = load_all(load_settings(env={}))
    reply = await ask_real((k["kb"], k["catalogue"]), "ci ren dun zhu")
    assert "盾" not in reply.text and "驻”" not in reply.text, reply.text


@pytest.mark.parametrize("typed, han", [
    ("saima mingé 有多少", None),                       # (é: a word half pinyin -- nothing read)
    ("juesai 在哪里办", "决赛在哪里办"),                  # pinyin before the characters
    ("包户的 ganbu shi shei", "包户的干部是谁"),           # ... and after them
    ("laju xiang 春节办了啥", "腊久乡春节办了啥"),         # a place typed beside characters
])
def test_pinyin_typed_among_characters_is_read_and_the_characters_kept(reader, typed, han):
    assert reader.read_mixed(typed) == han


@pytest.mark.parametrize("typed", ["村BA几号截止", "LED屏放了几条", "村ba截止", "决赛在哪里办", "saima mingé you duoshao",
                                   "报名" + " e" * 25])          # (more syllables than any herder's question)
def test_capitals_a_lone_syllable_or_no_latin_is_not_read_among_characters(reader, typed):
    assert reader.read_mixed(typed) is None
