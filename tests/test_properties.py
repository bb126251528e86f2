"""Property-based tests (hypothesis): whatever people send -- any script, emoji, control and bidi
characters, very long input -- the message parser, every sign-up validator and the text
normalisers never raise anything but their own refusals, and what is quoted back is clean.

Runs are bounded (a modest max_examples and a deadline) so the suite stays fast."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.config import load_settings
from bot.core.quoting import quote, visible
from bot.wechat.protocol import Protocol, ProtocolError, Query
from bot.wechat.simulator import WeChatSimulator
from bot.forms import validators as v
from knowledge import normalize as nz
from knowledge import text as kt
from knowledge.check import load_all
from knowledge.find import FindPolicy, Option, find
from knowledge.quizbank import normalize_answer

TODAY = date(2027, 3, 1)
# database=None: no .hypothesis/ example store in the checkout.
# Deadlines are generous: this 2-core machine is often busy with other work.
FAST = settings(max_examples=60, deadline=timedelta(seconds=2), database=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(FAST, max_examples=40, deadline=timedelta(seconds=5))

NASTY = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff",
         "\u00ad", "\x00", "\x07", "\x1b", "\t", "\n", "\r", "\u2028", "\u2029", "\ufffd", "\U000e0041", "\ue000"]
FRAGMENTS = ["扎西卓玛", "报名", "确认", "比赛一共有多少项", "三十三", "１３８００１３８０００", "13800138000",
             "540329199001011234", "བཀྲ་ཤིས་བདེ་ལེགས།", "༄༅", "😀", "👨\u200d👩\u200d👧", "🇨🇳", "❤️", "e\u0301",
             "Tashi", "bisai", "·", "。", "]]>", "<xml>", "&amp;", "%", "1.5", "第三个", "虚岁", "年", " "]
PIECE = st.one_of(st.characters(codec="utf-8"), st.sampled_from(NASTY), st.sampled_from(FRAGMENTS))
TEXT = st.lists(PIECE, max_size=40).map("".join)
LONG = st.builds(lambda s, n: s * n, st.lists(PIECE, min_size=1, max_size=8).map("".join), st.integers(200, 1500))
ANY_TEXT = st.one_of(TEXT, TEXT, LONG)


def invisible(s: str) -> list[str]:
    return [ch for ch in s if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")]


# -- what is quoted back -------------------------------------------------------------------------

@FAST
@given(ANY_TEXT)
def test_quoting_leaves_nothing_invisible_and_is_short(text):
    assert invisible(visible(text)) == []
    q = quote(text, 12)
    assert invisible(q) == [] and len(q) <= 13


# -- the message parser ---------------------------------------------------------------------------

PROTOCOL = Protocol("prop-token")
SIM = WeChatSimulator("prop-token")
XML_OK = st.characters(codec="utf-8", exclude_categories=("Cs",)).filter(
    lambda ch: ch in "\t\n" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd") or ch >= "\U00010000")


@FAST
@given(ANY_TEXT)
def test_parser_never_raises_on_any_message_text(text):
    query, body = SIM.request(SIM.message_xml("oProp", text=text))
    try:
        msg, _ = PROTOCOL.decode(body, Query.from_mapping(query))
    except ProtocolError as e:
        assert e.status == 400           # text XML cannot carry (NUL, ESC...): refused, not a crash
        return
    assert msg.kind == "text" and msg.user == "oProp"


@FAST
@given(st.lists(st.one_of(XML_OK, st.sampled_from(FRAGMENTS)), max_size=60).map("".join))
def test_parser_round_trips_what_xml_can_carry(text):
    query, body = SIM.request(SIM.message_xml("oProp", text=text))
    msg, _ = PROTOCOL.decode(body, Query.from_mapping(query))
    assert msg.text == text.strip()


@FAST
@given(st.binary(max_size=2000) | ANY_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_parser_refuses_garbage_bodies_cleanly(body):
    query, _ = SIM.request(SIM.message_xml("oProp", text="x"))
    try:
        PROTOCOL.decode(body, Query.from_mapping(query))
    except ProtocolError as e:
        assert 400 <= e.status < 500


# -- every validator ----------------------------------------------------------------------------

VALIDATORS = {
    "name": v.parse_name,
    "sex": v.parse_sex,
    "yes_no": v.parse_yes_no,
    "phone": v.parse_phone,
    "age": lambda t: v.parse_age(t, TODAY),
    "id_number": lambda t: v.parse_id_number(t, TODAY),
    "team": v.parse_team_name,
    "members": lambda t: v.parse_members(t, captain="扎西", team_min=2, team_max=6),
    "school": v.parse_school,
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validator_never_raises_and_its_message_is_clean(name):
    parse = VALIDATORS[name]

    @FAST
    @given(ANY_TEXT)
    def check(text):
        try:
            value = parse(text)
        except v.Invalid as e:
            message = str(e)
            assert message and invisible(message) == [] and len(message) < 400
            return
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str):          # accepted text is shown back in the summary
                assert invisible(part) == []
    check()


@FAST
@given(ANY_TEXT)
def test_echo_is_clean_and_short(text):
    e = v.echo(text)
    assert invisible(e) == [] and len(e) <= v.ECHO_MAX + 1


# -- the knowledge normalisers ---------------------------------------------------------------------

TOWNSHIPS = [Option(name, [name, name[:-1]], i) for i, name in enumerate(["孜托镇", "康沙镇", "马利镇", "硕督镇"], 1)]
TEXT_FUNCTIONS = [kt.fold, kt.strip_punct, lambda t: kt.strip_punct(t, figures=True), kt.tidy, kt.choice_number,
                  kt.cn_number, kt.cn_to_int, nz.normalize_query, lambda t: nz.normalize_query(t, fillers=False),
                  nz.numerals_to_digits, nz.strip_fillers, nz.tibetan_syllables, nz.split_scripts,
                  nz.is_tibetan_text, normalize_answer, lambda t: find(t, TOWNSHIPS, FindPolicy())]


@SLOWER
@given(ANY_TEXT)
def test_text_functions_never_raise(text):
    for fn in TEXT_FUNCTIONS:
        fn(text)
    assert invisible(kt.tidy(text)) == []
    norm = nz.normalize_query(text)
    nz.units(norm)
    nz.content_units(norm)
    nz.pinyin_tokens(norm)
    nz.looks_like_pinyin(norm)


@pytest.fixture(scope="module")
def kb():
    return load_all(load_settings(env={}))["kb"]


def test_matching_never_raises(kb):
    @SLOWER
    @given(ANY_TEXT)
    def check(text):
        assert kb.match(text).outcome in {"answer", "suggest", "fallback", "greeting"}
        kb.normalizer.normalize_query(text)
    check()


def test_a_very_long_number_is_no_crash(kb):
    """Found by the properties above: int() refuses over 4,300 digits, and a message can carry more."""
    digits = "1" * 5000
    assert kt.cn_number(digits) is None and kt.choice_number(digits) is None
    assert kt.int_to_cn(digits).startswith("一一一")
    assert kb.match(digits).outcome in {"answer", "suggest", "fallback", "greeting"}
    assert kb.match("答题" + "９" * 4400).outcome in {"answer", "suggest", "fallback", "greeting"}


# What the fast reader of WeChat's flat XML returns, expat returns too (the rest goes to expat).
XML_PIECES = ["<xml>", "</xml>", "<Content>", "</Content>", "<MsgId>", "</MsgId>", "<A>", "</A>", "<a b='1'>",
              "<![CDATA[", "]]>", "]]]]><![CDATA[>", "]", "&amp;", "&", "<!DOCTYPE x>", "<?xml version='1.0'?>",
              " ", "\n", "\r\n", "\t", "\x0b", "\x00", "\ufffe", "<B/>", "1234", "报名", "😀"]
FLAT_BODY = st.lists(st.one_of(st.sampled_from(XML_PIECES), XML_OK, st.sampled_from(NASTY)), max_size=30).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
WECHAT_BODY = st.builds(lambda user, text, pad: SIM.message_xml(user, text=text).replace("><", f">{pad}<").encode(),
                        TEXT, TEXT, st.sampled_from(["", "\n", " \t"]))


@FAST
@given(FLAT_BODY | WECHAT_BODY | st.binary(max_size=300))
def test_fast_xml_reader_agrees_with_expat(body):
    from bot.wechat.protocol import _parse_expat, _parse_flat
    fast = _parse_flat(body)
    if fast is None:
        return
    assert fast == _parse_expat(body)


@FAST
@given(WECHAT_BODY | FLAT_BODY | st.builds(lambda user, text: SIM.message_xml(user, text=text).encode(), TEXT, TEXT))
def test_text_message_reader_agrees_with_the_general_one(body):
    from bot.wechat.protocol import _parse_xml, _text_message, _to_message
    fast = _text_message(body)
    if fast is None:
        return
    assert fast == _to_message(_parse_xml(body)) and vars(fast) == vars(_to_message(_parse_xml(body)))


def test_text_message_reader_reads_what_wechat_sends():
    from bot.wechat.protocol import _text_message
    for pad in ("", "\n  "):           # blanks between the elements too
        xml = SIM.message_xml(" oProp ", text=" 比赛一共有多少项？ ", msg_id="123")
        body = re.sub(r"(</\w+>)", lambda m: m.group(1) + pad, xml).encode()
        msg = _text_message(body)
        assert msg is not None and (msg.user, msg.text, msg.msg_id, msg.kind) == ("oProp", "比赛一共有多少项？", "123", "text")
    for other in (SIM.message_xml("oProp", text="a]]>b"), SIM.message_xml("oProp", "event", event="subscribe"),
                  SIM.message_xml("oProp", text="a\rb"), SIM.message_xml("  ", text="x"),
                  SIM.message_xml("oProp", text="x").replace("><Content>", ">\r\n<Content>")):
        assert _text_message(other.encode()) is None


def test_fast_xml_reader_reads_what_wechat_sends():
    from bot.wechat.protocol import _parse_flat
    body = SIM.message_xml("oProp", text="a]]>b & <c>", msg_id="123").encode()
    assert _parse_flat(body) is None or _parse_flat(body)["Content"] == "a]]>b & <c>"
    fields = _parse_flat(SIM.message_xml("oProp", text="比赛一共有多少项", msg_id="123").encode())
    assert fields is not None and fields["Content"] == "比赛一共有多少项" and fields["MsgId"] == "123"


@FAST
@given(ANY_TEXT)
def test_strip_punct_keeps_exactly_the_letters_and_digits_of_the_folded_text(text):
    assert kt.strip_punct(text) == "".join(ch for ch in kt.fold(text) if kt._keep(ch))


@given(st.dictionaries(st.sampled_from(["signature", "timestamp", "nonce", "echostr", "encrypt_type",
                                        "msg_signature", "openid", "other"]), st.text()))
def test_query_takes_each_parameter_by_its_name(params):
    query = Query.from_mapping(params)
    assert query == Query(**{name: params.get(name, "") for name in Query._fields})
    assert all(getattr(query, name) == params.get(name, "") for name in Query._fields)
