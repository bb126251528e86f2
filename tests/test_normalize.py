"""Normalisation: traditional/full-width/punctuation, fillers, numerals, synonyms, pinyin, Tibetan."""
from __future__ import annotations

import re

import pytest

import knowledge.catalogue
import knowledge.normalize
from knowledge.normalize import (
    Normalizer,
    cn_to_int,
    content_units,
    fold_syllable,
    int_to_cn,
    is_tibetan_text,
    looks_like_pinyin,
    normalize_query,
    pinyin_syllables,
    pinyin_tokens,
    pinyin_tokens_flags,
    split_scripts,
    strip_fillers,
    tibetan_syllables,
    units,
)
from knowledge.text import is_han, strip_punct


@pytest.mark.parametrize("raw, expected", [
    ("報名參賽什麼時候截止", "报名参赛什么时候截止"),                  # traditional -> simplified
    ("ＢＩＳＡＩ　ｘｉａｎｇｍｕ１２３", "bisaixiangmu123"),             # full-width -> half-width, lower case
    ("“红色昌都·振兴奋进”活动？！", "红色昌都振兴奋进活动"),               # punctuation and symbols dropped
    ("村 BA 比赛", "村ba比赛"),
])
def test_strip_punct(raw, expected):
    assert strip_punct(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("请问报名什么时候截止？", "报名什么时候截止"),
    ("你好，我想问一下一共有多少项比赛吗", "一共有多少项比赛"),
    ("那个村BA怎么报名啊", "村ba怎么报名"),
    ("这次比赛一共有多少个项目啊 分了几大类", "这次比赛一共有多少个项目分了几大类"),   # per clause
    ("我想问一下那个振兴奋进到底是个啥活动啊", "振兴奋进是个啥活动"),
    ("报名要填什么呢", "报名要填什么"),
    ("网格现在还剩几个噻", "网格现在还剩几个"),                     # south-western voice particles
    ("两委班子平均多大年纪咯", "两委班子平均多大年纪"),
    ("组长是哪个领导撒", "组长是哪个领导"),
])
def test_fillers_are_cut_as_whole_phrases(raw, expected):
    assert normalize_query(raw) == expected


@pytest.mark.parametrize("raw", ["是什么", "哪个比赛", "什么时候截止", "那曲奋进", "吧台"])
def test_content_words_survive(raw):
    # 么 ends 什么, 哪个 is not 那个, 那曲 is not a filler, 吧 only goes at the end
    assert normalize_query(raw) == strip_punct(raw)


def test_a_message_of_only_fillers_is_kept():
    assert strip_fillers("你好") == "你好"
    assert normalize_query("你好") == "你好"
    assert normalize_query("谢谢") == "谢谢"


def test_fillers_can_be_kept():
    assert normalize_query("请问报名吗", fillers=False) == "请问报名吗"


@pytest.mark.parametrize("raw, expected", [
    ("七大类三十三项比赛", "7大类33项比赛"),
    ("三个意识", "3个意识"),
    ("十五个人", "15个人"),
    ("两千余人", "2000余人"),
    ("一平台五牵引", "一平台五牵引"),            # not before a measure word: characters stay
    ("两委三联三强", "两委三联三强"),
])
def test_chinese_numerals_before_measure_words(raw, expected):
    assert normalize_query(raw) == expected


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
    assert n.normalize_query("怎么报个名") == "怎么报名"
    assert n.normalize_query("登记参赛要带什么") == "报名要带什么"
    assert n.normalize_query("村里篮球赛") == "村里村ba"
    assert n.normalize_query("村篮球") == "村ba"
    # synonym words are normalised too: traditional / full-width forms map the same way
    assert n.normalize_query("怎麼報個名") == "怎么报名"


def test_units_keep_latin_words_and_numbers_whole():
    assert units("村ba33项") == ["村", "ba", "33", "项"]


@pytest.mark.parametrize("syl, folded", [("zhi", "zi"), ("chang", "can"), ("shi", "si"), ("long", "non"),
                                         ("fen", "hen"), ("ning", "nin"), ("lan", "nan"), ("an", "an")])
def test_fold_syllable(syl, folded):
    assert fold_syllable(syl) == folded


def test_pinyin_folding_makes_voice_homophones_meet():
    assert pinyin_tokens(normalize_query("三个意思")) == pinyin_tokens(normalize_query("三个意识"))
    assert pinyin_tokens(normalize_query("振兴奋劲")) == pinyin_tokens(normalize_query("振兴奋进"))
    assert pinyin_tokens(normalize_query("组张")) == pinyin_tokens(normalize_query("组长"))      # zhang
    assert pinyin_tokens(normalize_query("微落隆")) == pinyin_tokens(normalize_query("微洛隆"))
    assert pinyin_tokens(normalize_query("牛")) == pinyin_tokens(normalize_query("刘"))          # l/n (accent)
    assert pinyin_tokens(normalize_query("三个意思")) != pinyin_tokens(normalize_query("三个问题"))


def test_typed_pinyin_splits_into_the_same_syllables():
    assert pinyin_tokens(normalize_query("bisai xiangmu")) == pinyin_tokens(normalize_query("比赛项目"))
    assert pinyin_tokens(normalize_query("BaoMing")) == pinyin_tokens(normalize_query("报名"))
    assert pinyin_tokens(normalize_query("changdu")) == pinyin_tokens(normalize_query("昌都"))   # 都 read dū here
    assert looks_like_pinyin("bisaixiangmu")
    assert not looks_like_pinyin("hello")
    assert pinyin_syllables("hello") == ["hello"]            # not pinyin: kept whole


def test_digits_are_read_out_in_pinyin():
    assert pinyin_tokens(normalize_query("33项")) == pinyin_tokens("三十三项")


def test_function_flags_follow_characters():
    toks, flags = pinyin_tokens_flags("工作队是什么")
    assert len(toks) == len(flags) == 6
    assert flags == [False, False, False, True, True, True]


def test_tibetan_is_split_on_tsheg_and_shad():
    assert tibetan_syllables("ཐུགས་རྗེ་ཆེ། བཀྲ་ཤིས་བདེ་ལེགས།") == ["ཐུགས", "རྗེ", "ཆེ", "བཀྲ", "ཤིས", "བདེ", "ལེགས"]
    assert is_tibetan_text("ཐུགས་རྗེ་ཆེ།")
    assert not is_tibetan_text("报名")
    assert not is_tibetan_text("ཆེ 报名参加比赛")


@pytest.mark.parametrize("raw, expected", [
    ("老师能参加比赛吗", "老师能参加比赛"),          # 老师 is what the question is about
    ("小助手是谁", "小助手是谁"),
    ("老师，报名什么时候截止", "报名什么时候截止"),   # a form of address on its own
    ("老师好，报名什么时候截止", "报名什么时候截止"),
    ("老师好报名什么时候截止", "报名什么时候截止"),
    ("小助手你好 怎么报名", "怎么报名"),
])
def test_forms_of_address_are_cut_only_as_address(raw, expected):
    assert normalize_query(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("千万工程", "千万工程"), ("千万不要忘了", "千万不要忘了"), ("百万人口", "百万人口"), ("两万人", "两万人"),
    ("百人", "百人"), ("千年", "千年"), ("十个", "10个"), ("三十三项", "33项"), ("俩人", "2人"),
])
def test_numerals_that_are_words_stay_words(raw, expected):
    assert normalize_query(raw) == expected


@pytest.mark.parametrize("raw, expected", [("100%", "100%"), ("36.14岁", "36.14岁"), ("３６．１４岁", "36.14岁"),
                                           ("共3.", "共3"), ("1.7万元", "1.7万元")])
def test_figures_keep_percent_and_decimal_point(raw, expected):
    assert normalize_query(raw) == expected


def test_typed_pinyin_words_are_split_one_by_one():
    assert normalize_query("san ge yi shi") == "san'ge'yi'shi"
    assert pinyin_syllables(normalize_query("san ge yi shi")) == ["san", "ge", "yi", "shi"]
    assert pinyin_syllables(normalize_query("xi'an")) == ["xi", "an"]
    # without spaces: fewest syllables, then none after the first beginning with a vowel
    assert pinyin_syllables("sangeyishi") == ["san", "ge", "yi", "shi"]
    assert pinyin_syllables("xian") == ["xian"]
    assert pinyin_syllables("fangan") == ["fan", "gan"]       # pinyin writes fang'an for 方案
    assert pinyin_tokens(normalize_query("san ge yi shi")) == pinyin_tokens(normalize_query("三个意识"))
    assert looks_like_pinyin(normalize_query("bisai xiangmu"))


def test_one_han_predicate_for_every_block():
    ext_b = "\U00020000\U00020001"
    assert all(is_han(ch) for ch in "中\u3400\uf900" + ext_b)
    assert not any(is_han(ch) for ch in "a1་。")
    assert units(normalize_query(ext_b)) == list(ext_b)
    assert len(pinyin_syllables(ext_b)) == 2                 # read as Han characters, not as stray symbols


def test_mixed_scripts_are_weighed_by_syllables_and_characters():
    assert split_scripts("ཐུགས་རྗེ་ཆེ 报名什么时候截止") == ("ཐུགས་རྗེ་ཆེ", "报名什么时候截止")
    assert not is_tibetan_text("ཐུགས་རྗེ་ཆེ 报名什么时候截止")      # 3 syllables < 8 characters
    assert is_tibetan_text("འགྲན་བསྡུར་ག་ཚོད་ཡོད 比赛")             # 5 syllables > 2 characters


def test_content_units_count_what_a_query_says():
    assert content_units(normalize_query("的了吗")) == 0
    assert content_units(normalize_query("报名截止")) == 4
    assert content_units(normalize_query("bao ming")) == 2 and content_units("baomingjiezhi") == 4
    assert content_units("100") == 1 and content_units("100%") == 1


def test_the_cache_is_bounded():
    n = Normalizer()
    for i in range(n.CACHE_SIZE + 100):
        n.normalize_query(f"问题{i}")
    assert n._cached.cache_info().currsize == n.CACHE_SIZE
    long_text = "报名" * 500
    assert n.normalize_query(long_text) == long_text and n._cached.cache_info().currsize == n.CACHE_SIZE


@pytest.mark.parametrize("raw, figures, expected", [
    ("選B。", False, "选b"), ("✔️对", False, "对"), ("50%", False, "50"), ("50%", True, "50%"),
    ("1.7万", True, "1.7万"), ("a.b", True, "ab"), ("ཐུགས་རྗེ", False, "ཐུགསརྗེ"),
])
def test_one_strip_punct_for_every_module(raw, figures, expected):
    assert strip_punct(raw, figures=figures) == expected
    # no second name for it (the catalogue and the normaliser used to re-export it as normalize / clean)
    assert not hasattr(knowledge.catalogue, "normalize") and not hasattr(knowledge.normalize, "clean")


def test_pinyin_tables_are_cached_on_disk_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from knowledge.normalize import pinyin_tables

    monkeypatch.setenv("FENJIN_CACHE_DIR", str(tmp_path / "cache"))
    built = pinyin_tables()
    (cached,) = (tmp_path / "cache").glob("pinyin-*.json")
    assert pinyin_tables() == built                            # read back from the file
    assert built.chars["长"] == "zhang" and built.phrases["组长"] == "zu zhang" and "zhuang" in built.syllables
    cached.write_bytes(b"not json {")
    assert pinyin_tables() == built                            # rebuilt, and the file written again
    assert cached.read_bytes() != b"not json {"
    monkeypatch.setenv("FENJIN_CACHE_DIR", str(cached / "under-a-file"))   # cannot be written: still works
    assert pinyin_tables() == built


# -- typed pinyin read as the vocabulary's words -------------------------------------------------------
def test_typed_pinyin_becomes_the_vocabularys_words():
    n = Normalizer(vocabulary=["那曲", "考察学习", "入户宣讲", "赛马"])
    assert n.normalize_query("naqu kaocha 几号去的") == "那曲考察几号去的"        # 考察: a piece of 考察学习
    assert n.normalize_query("ruhuxuanjiang几场") == "入户宣讲几场"
    assert n.normalize_query("saima") == "赛马"


def test_typed_pinyin_that_is_no_vocabulary_word_stays_as_typed():
    n = Normalizer(vocabulary=["那曲", "赛马"])
    assert n.normalize_query("naqu hello") == "那曲hello"                      # English: as typed
    assert n.normalize_query("naqu xuexi") == "那曲xuexi"                      # pinyin of no vocabulary word
    assert n.normalize_query("ma") == "ma"                                      # one syllable says too little
    assert Normalizer().normalize_query("saima") == "saima"                     # no vocabulary, no guess


def test_a_reading_two_words_share_is_not_guessed():
    n = Normalizer(vocabulary=["事实", "实施"])        # shi shi both
    assert n.normalize_query("shishi") == "shishi"


def test_the_knowledge_bases_normaliser_reads_its_keywords_and_the_event_names():
    from pathlib import Path

    from knowledge.qa import read_knowledge_dir
    out: list = []
    read_knowledge_dir(Path(knowledge.catalogue.DEFAULT_PATH).parent, catalogue=knowledge.catalogue.load_catalogue(),
                       normalizer_out=out)
    assert out[0].normalize_query("saima jisui").startswith("赛马")           # an event's name
    assert out[0].normalize_query("naqu") == "那曲"                            # a keyword


@pytest.mark.parametrize("raw, expected", [
    ("三四九国道那边有宣传吗", "349国道那边有宣传吗"),       # digit by digit, no measure word after it
    ("二零二七年几月截止", "2027年几月截止"),
    ("一五一十地说", "一五一十地说"),                       # a word: it holds 十
    ("三三两两", "三三两两"),                               # two digits are no number said digit by digit
])
def test_numbers_said_digit_by_digit_are_digits(raw, expected):
    assert knowledge.normalize.numerals_to_digits(raw) == expected


# The normaliser's shortcuts: a text with no separator in it is one clause, and a text with no
# Chinese numeral in it has no numeral to turn into digits. They must change nothing.
def test_no_clause_separator_is_alphanumeric():
    sep = knowledge.normalize._CLAUSE_RE
    assert not [chr(cp) for cp in range(0x110000) if chr(cp).isalnum() and sep.match(chr(cp))]


@pytest.mark.parametrize("text", ["七大类三十三项", "三四九国道", "一平台三联三强", "报名要带身份证", "2027年第十届",
                                  "幺三九零八九五", "千万不要", "两委", "abc一百多场次", "", "十"])
def test_numerals_shortcut_changes_nothing(text, monkeypatch):
    fast = knowledge.normalize.numerals_to_digits(text)
    monkeypatch.setattr(knowledge.normalize, "_CN_NUMERAL_RE", re.compile(""))   # always the long way
    assert fast == knowledge.normalize.numerals_to_digits(text)


def test_typed_words_side_by_side_are_read_together_when_one_alone_is_ambiguous():
    # yishi alone is 意识 or 仪式: the words typed beside it tell which
    n = Normalizer(vocabulary=["三个意识", "开幕仪式", "月度通报", "意识", "仪式"])
    assert n.normalize_query("yishi") == "yishi"                                  # alone: not guessed
    assert n.normalize_query("sange yishi 指什么") == "三个意识指什么"
    assert n.normalize_query("kaimu yishi 搞了啥") == "开幕仪式搞了啥"
    assert n.normalize_query("yuedu tongbao") == "月度通报"
    # a run that does not read as a whole is still read word by word
    assert n.normalize_query("kaimu hello 是啥") == "开幕hello是啥"
