"""Normalisation: traditional/full-width/punctuation, fillers, numerals, synonyms, pinyin, Tibetan."""
from __future__ import annotations

import pytest

from knowledge.normalize import (Normalizer, clean, cn_to_int, fold_syllable, int_to_cn, is_tibetan_text,
                                 looks_like_pinyin, normalize, pinyin_syllables, pinyin_tokens,
                                 pinyin_tokens_flags, strip_fillers, tibetan_syllables, units)


@pytest.mark.parametrize("raw, expected", [
    ("報名參賽什麼時候截止", "报名参赛什么时候截止"),                  # traditional -> simplified
    ("ＢＩＳＡＩ　ｘｉａｎｇｍｕ１２３", "bisaixiangmu123"),             # full-width -> half-width, lower case
    ("“红色昌都·振兴奋进”活动？！", "红色昌都振兴奋进活动"),               # punctuation and symbols dropped
    ("村 BA 比赛", "村ba比赛"),
])
def test_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("请问报名什么时候截止？", "报名什么时候截止"),
    ("你好，我想问一下一共有多少项比赛吗", "一共有多少项比赛"),
    ("那个村BA怎么报名啊", "村ba怎么报名"),
    ("这次比赛一共有多少个项目啊 分了几大类", "这次比赛一共有多少个项目分了几大类"),   # per clause
    ("我想问一下那个振兴奋进到底是个啥活动啊", "振兴奋进是个啥活动"),
    ("报名要填什么呢", "报名要填什么"),
])
def test_fillers_are_cut_as_whole_phrases(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["是什么", "哪个比赛", "什么时候截止", "那曲奋进", "吧台"])
def test_content_words_survive(raw):
    # 么 ends 什么, 哪个 is not 那个, 那曲 is not a filler, 吧 only goes at the end
    assert normalize(raw) == clean(raw)


def test_a_message_of_only_fillers_is_kept():
    assert strip_fillers("你好") == "你好"
    assert normalize("你好") == "你好"
    assert normalize("谢谢") == "谢谢"


def test_fillers_can_be_kept():
    assert normalize("请问报名吗", fillers=False) == "请问报名吗"


@pytest.mark.parametrize("raw, expected", [
    ("七大类三十三项比赛", "7大类33项比赛"),
    ("三个意识", "3个意识"),
    ("十五个人", "15个人"),
    ("两千余人", "2000余人"),
    ("一平台五牵引", "一平台五牵引"),            # not before a measure word: characters stay
    ("两委三联三强", "两委三联三强"),
])
def test_chinese_numerals_before_measure_words(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("text, value", [("三十三", 33), ("十五", 15), ("二十", 20), ("两千", 2000),
                                         ("一百零五", 105), ("二〇二五", 2025), ("七", 7), ("千千", None)])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("digits, reading", [("33", "三十三"), ("10", "十"), ("105", "一百零五"),
                                             ("2000", "二千"), ("20250101", "二零二五零一零一")])
def test_int_to_cn(digits, reading):
    assert int_to_cn(digits) == reading


def test_synonyms_map_to_the_canonical_word():
    n = Normalizer([["报名", "报个名", "登记参赛"], ["村BA", "村篮球", "篮球赛"]])
    assert n.normalize("怎么报个名") == "怎么报名"
    assert n.normalize("登记参赛要带什么") == "报名要带什么"
    assert n.normalize("村里篮球赛") == "村里村ba"
    assert n.normalize("村篮球") == "村ba"
    # synonym words are normalised too: traditional / full-width forms map the same way
    assert n.normalize("怎麼報個名") == "怎么报名"


def test_units_keep_latin_words_and_numbers_whole():
    assert units("村ba33项") == ["村", "ba", "33", "项"]


@pytest.mark.parametrize("syl, folded", [("zhi", "zi"), ("chang", "can"), ("shi", "si"), ("long", "non"),
                                         ("fen", "hen"), ("ning", "nin"), ("lan", "nan"), ("an", "an")])
def test_fold_syllable(syl, folded):
    assert fold_syllable(syl) == folded


def test_pinyin_folding_makes_voice_homophones_meet():
    assert pinyin_tokens(normalize("三个意思")) == pinyin_tokens(normalize("三个意识"))
    assert pinyin_tokens(normalize("振兴奋劲")) == pinyin_tokens(normalize("振兴奋进"))
    assert pinyin_tokens(normalize("组张")) == pinyin_tokens(normalize("组长"))      # zhang
    assert pinyin_tokens(normalize("微落隆")) == pinyin_tokens(normalize("微洛隆"))
    assert pinyin_tokens(normalize("牛")) == pinyin_tokens(normalize("刘"))          # l/n (accent)
    assert pinyin_tokens(normalize("三个意思")) != pinyin_tokens(normalize("三个问题"))


def test_typed_pinyin_splits_into_the_same_syllables():
    assert pinyin_tokens(normalize("bisai xiangmu")) == pinyin_tokens(normalize("比赛项目"))
    assert pinyin_tokens(normalize("BaoMing")) == pinyin_tokens(normalize("报名"))
    assert pinyin_tokens(normalize("changdu")) == pinyin_tokens(normalize("昌都"))   # 都 read dū here
    assert looks_like_pinyin("bisaixiangmu")
    assert not looks_like_pinyin("hello")
    assert pinyin_syllables("hello") == ["hello"]            # not pinyin: kept whole


def test_digits_are_read_out_in_pinyin():
    assert pinyin_tokens(normalize("33项")) == pinyin_tokens("三十三项")


def test_function_flags_follow_characters():
    toks, flags = pinyin_tokens_flags("工作队是什么")
    assert len(toks) == len(flags) == 6
    assert flags == [False, False, False, True, True, True]


def test_tibetan_is_split_on_tsheg_and_shad():
    assert tibetan_syllables("ཐུགས་རྗེ་ཆེ། བཀྲ་ཤིས་བདེ་ལེགས།") == ["ཐུགས", "རྗེ", "ཆེ", "བཀྲ", "ཤིས", "བདེ", "ལེགས"]
    assert is_tibetan_text("ཐུགས་རྗེ་ཆེ།")
    assert not is_tibetan_text("报名")
    assert not is_tibetan_text("ཆེ 报名参加比赛")
