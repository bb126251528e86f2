"""The matcher's fast feature paths give exactly what the generic ones give.

A query made only of Han characters (most of them) is read by a shorter path: its pinyin from a
per-character table corrected where a dictionary phrase starts (``han_tokens``), its character
and pinyin n-grams built together and looked up in one pass (``Matcher._query_grams``). Scores
depend on every n-gram's id, weight and order, so these must equal the generic path's
(``pinyin_syllables`` + ``grams_of`` + ``Vocab.lookup``) to the last bit, whatever the text."""
from __future__ import annotations

import math
import struct
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.config import load_settings
from knowledge import normalize as nz
from knowledge.matcher import MatchConfig, Matcher, grams_of, round4
from knowledge.qa import load_knowledge_base
from knowledge.text import has_han

CHECK = settings(max_examples=150, deadline=timedelta(seconds=2), database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces that make phrases overlap and repeat: dictionary phrases of 2..5 characters, the local
# readings (昌都, 藏), polyphones, function characters, rare characters without a reading.
PHRASES = ["报名", "时间", "什么时候", "赛马", "银行", "行长", "长大", "重庆", "重新", "中华人民", "人民共和国",
           "昌都", "首都", "成都", "都是", "藏族", "西藏", "扎西德勒", "朝阳", "乐器", "音乐", "的", "了", "是",
           "什么", "怎么", "哪里", "多少", "射箭", "洛隆县", "𠀀", "丿"]
HAN_TEXT = st.lists(st.one_of(st.sampled_from(PHRASES), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                    min_size=1, max_size=30).map("".join)
# Normalised text of any kind the matcher ranks: Han, digits, decimals, %, typed pinyin, Latin words.
MIXED_TEXT = st.lists(st.one_of(st.sampled_from(PHRASES), st.sampled_from(["33", "1.5", "%", "bisai", "saima", "x",
                                                                            "'", "2027", "baoming", "abc", "〇"]),
                                st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                      min_size=1, max_size=20).map("".join)


def generic_tokens_flags(norm: str) -> tuple[list[str], list[bool]]:
    flags: list[bool] = []
    return list(map(nz.fold_syllable, nz.pinyin_syllables(norm, flags))), flags


@given(HAN_TEXT)
@CHECK
def test_han_tokens_are_the_generic_readings(text):
    assert nz.is_all_han(text)
    assert nz.han_tokens(text) == generic_tokens_flags(text)[0]
    assert nz.pinyin_tokens_flags(text) == generic_tokens_flags(text)


@given(MIXED_TEXT)
@CHECK
def test_pinyin_tokens_flags_of_any_text(text):
    assert nz.pinyin_tokens_flags(text) == generic_tokens_flags(text)


@pytest.fixture(scope="module")
def real_matcher() -> Matcher:
    from knowledge.catalogue import load_catalogue

    settings_ = load_settings(env={})
    return load_knowledge_base(settings_, load_catalogue(settings_.knowledge_dir / "catalogue.yaml")).matcher


def generic_grams(m: Matcher, norm: str, han: bool):
    cfg = m.config
    char = m.vocab.lookup(m._char_grams(norm)) if han else ([], [], [])
    toks, flags = generic_tokens_flags(norm)
    py = m.vocab.lookup(grams_of(toks, cfg.pinyin_orders, cfg.pinyin_order_weights, flags, cfg.function_weight,
                                 prefix=m.PINYIN))
    return char[0] + py[0], char[1] + py[1], len(char[0]), char[2], py[2], toks


def same_bits(a, b) -> bool:
    """Equal, floats compared bit for bit."""
    return a == b and [x.hex() for x in a[1]] == [x.hex() for x in b[1]]


@given(st.one_of(HAN_TEXT, MIXED_TEXT))
@CHECK
def test_query_grams_are_the_generic_lookup(real_matcher, text):
    assert same_bits(real_matcher._query_grams(text, has_han(text)), generic_grams(real_matcher, text, has_han(text)))


# Texts in which no character repeats (most queries): their n-grams are looked up without a dict
# to count repeats (``lookup_distinct``); function characters among them keep their lower weight.
DISTINCT_HAN = st.lists(st.one_of(st.sampled_from(list("的了是什么怎么哪里多少报名赛马银行长重庆都")),
                                  st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                        min_size=1, max_size=20, unique=True).map("".join)


@given(DISTINCT_HAN)
@CHECK
def test_query_grams_of_texts_without_repeats(real_matcher, text):
    assert same_bits(real_matcher._query_grams(text, True), generic_grams(real_matcher, text, True))


def test_query_grams_of_the_knowledge_base_texts(real_matcher):
    """Every indexed text as a query: all its n-grams are known, repeats and function n-grams abound."""
    for norm in real_matcher.zh.norms:
        assert same_bits(real_matcher._query_grams(norm, has_han(norm)), generic_grams(real_matcher, norm, has_han(norm)))


@pytest.mark.parametrize("config", [
    MatchConfig(char_orders=(1, 2), char_order_weights=(1.0, 0.5), pinyin_orders=(1, 2, 3),
                pinyin_order_weights=(0.5, 1.0, 1.2)),
    MatchConfig(function_weight=1.0),
    MatchConfig(char_orders=(2, 4), char_order_weights=(1.0, 0.8), pinyin_orders=(2,), pinyin_order_weights=(1.0,)),
])
def test_query_grams_under_other_orders_and_weights(real_matcher, config):
    m = Matcher(real_matcher.entries, real_matcher.normalizer, config)
    texts = ["的的的是是的", "什么时候报名的时间是什么时候", "赛马", "马", "洛隆县33项", "bisai时间", "了了了了了",
             "什么时候报名", "哪里能报赛马"]
    for norm in texts + real_matcher.zh.norms[:200]:
        assert same_bits(m._query_grams(norm, has_han(norm)), generic_grams(m, norm, has_han(norm)))


@given(st.one_of(st.floats(min_value=0.0, max_value=1.0),
                 st.integers(0, 20000).map(lambda i: i / 20000),                 # half-way points and their
                 st.integers(1, 19999).map(lambda i: math.nextafter(i / 20000, 0)),   # neighbours
                 st.integers(0, 19999).map(lambda i: math.nextafter(i / 20000, 1)),
                 st.floats(min_value=-1.0, max_value=2.0)))
@CHECK
def test_round4_is_round_to_the_bit(x):
    assert struct.pack("d", round4(x)) == struct.pack("d", round(x, 4))


@given(HAN_TEXT)
@CHECK
def test_char_sound_is_the_folded_first_reading(text):
    for ch in text:
        assert nz.char_sound(ch) == nz.fold_syllable(nz.char_pinyin(ch) or ch)
