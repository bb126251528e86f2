"""Field validators: phone, ID number (GB 11643), age and eligibility, names, teams."""
from __future__ import annotations

from datetime import date

import pytest

from bot.forms.validators import (
    IdInfo,
    Invalid,
    age_on,
    echo,
    eligibility_problem,
    id_check_digit,
    id_consistency_problem,
    parse_age,
    parse_id_number,
    parse_members,
    parse_name,
    parse_phone,
    parse_school,
    parse_sex,
    parse_team_name,
    parse_yes_no,
)

TODAY = date(2027, 3, 1)


def reference_check_digit(first17: str) -> str:
    """GB 11643 written straight from the standard: weights 2^(17-i) mod 11, a1 = (12 - S mod 11) mod 11."""
    s = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    a1 = (12 - s % 11) % 11
    return "X" if a1 == 10 else str(a1)


def make_id(region="540329", birth="19900101", seq="123") -> str:
    body = region + birth + seq
    return body + reference_check_digit(body)


# -- phone ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000",
                                  "8613800138000", "１３８００１３８０００", " 13800138000 ",
                                  "13800138000。"])                          # voice input ends with a full stop
def test_phone_accepted(text):
    assert parse_phone(text) == "13800138000"


@pytest.mark.parametrize("text,why", [
    ("1380013800", "10位"), ("138001380001", "12位"), ("12800138000", "13–19开头"),
    ("0895-4512345", "11位"), ("phone", "只能是数字"), ("", "只能是数字"),
])
def test_phone_rejected_with_reason(text, why):
    with pytest.raises(Invalid) as e:
        parse_phone(text)
    assert why in str(e.value)


# -- ID numbers ----------------------------------------------------------------------------------
def test_check_digit_matches_the_standard():
    assert id_check_digit("11010519491231002") == "X"                 # the standard's own example
    for body in ["54032919900101123", "54032920100615004", "11010519491231001", "44030419800229555"]:
        assert id_check_digit(body) == reference_check_digit(body)


def test_known_valid_id():
    info = parse_id_number("11010519491231002X", TODAY)
    assert info == IdInfo("11010519491231002X", date(1949, 12, 31), "女")
    assert parse_id_number("11010519491231002x", TODAY).number == "11010519491231002X"   # lower-case x


def test_generated_ids_sex_and_birth():
    male = parse_id_number(make_id(birth="19900101", seq="123"), TODAY)   # 17th digit 3: odd = male
    assert (male.sex, male.birth) == ("男", date(1990, 1, 1))
    female = parse_id_number(make_id(birth="20100615", seq="004"), TODAY)
    assert (female.sex, female.birth) == ("女", date(2010, 6, 15))


@pytest.mark.parametrize("text,why", [
    ("110105194912310021", "校验不通过"),          # wrong check digit
    ("110105194912310020", "校验不通过"),
    ("11010519491231002", "18位"),                 # 17 characters
    ("110105491231002", "15位的老身份证号"),
    ("11010519491231002Y", "最后一位是数字或X"),
    ("99010519491231002X", "地区代码"),
    ("540329" + "19900230" + "1234", "有效日期"),  # 30 February
])
def test_bad_ids(text, why):
    with pytest.raises(Invalid) as e:
        parse_id_number(text, TODAY)
    assert why in str(e.value)


def test_future_birth_date_rejected():
    with pytest.raises(Invalid) as e:
        parse_id_number(make_id(birth="20280101"), TODAY)
    assert "出生日期" in str(e.value)


def test_id_consistent_with_what_was_entered():
    info = parse_id_number(make_id(birth="19900615", seq="123"), TODAY)      # male, 36 on 2027-03-01
    assert id_consistency_problem(info, sex="男", age=36, birth_year=None, today=TODAY) is None
    assert id_consistency_problem(info, sex="男", age=37, birth_year=None, today=TODAY) is None  # age this year
    assert id_consistency_problem(info, sex="男", age=None, birth_year=1990, today=TODAY) is None
    assert "性别为男" in id_consistency_problem(info, sex="女", age=36, birth_year=None, today=TODAY)
    assert "1990年" in id_consistency_problem(info, sex="男", age=None, birth_year=1991, today=TODAY)
    assert "36岁" in id_consistency_problem(info, sex="男", age=30, birth_year=None, today=TODAY)


def test_age_on():
    assert age_on(date(1990, 3, 1), date(2027, 3, 1)) == 37
    assert age_on(date(1990, 3, 2), date(2027, 3, 1)) == 36


# -- age -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,age,year", [
    ("25", 25, None), ("25岁", 25, None), ("二十五岁。", 25, None), ("二十五岁", 25, None), ("今年25岁", 25, None), ("８", 8, None),
    ("1990", 37, 1990), ("1990年", 37, 1990), ("1990年出生", 37, 1990), ("2010-05-03", 17, 2010),
    ("1990年5月", 37, 1990),
])
def test_age_or_birth_year(text, age, year):
    info = parse_age(text, TODAY)
    assert (info.age, info.birth_year) == (age, year)


@pytest.mark.parametrize("text,why", [
    ("0", "不对"), ("200", "不对"), ("1899", "出生年份1899不对"), ("2030", "出生年份2030不对"),
    ("三十多", "不够准确，请发送准确的年龄"), ("十几岁", "不够准确"), ("abc", "请发送年龄"), ("", "请发送年龄"),
])
def test_bad_age(text, why):
    with pytest.raises(Invalid) as e:
        parse_age(text, TODAY)
    assert why in str(e.value)


def test_eligibility():
    assert eligibility_problem(14, None, 14, "书写比赛") is None
    assert "14岁及以上" in eligibility_problem(14, None, 13, "书写比赛")
    assert "18岁及以下" in eligibility_problem(6, 18, 19, "讲故事")
    assert "按出生年份算" in eligibility_problem(6, 18, 5, "讲故事", by_year=True)
    assert eligibility_problem(None, None, 90, "歌舞") is None


# -- names, sex, yes/no ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,name", [
    ("扎西卓玛", "扎西卓玛"), ("我叫扎西", "扎西"), ("扎西卓玛。", "扎西卓玛"), ("我叫扎西！", "扎西"), ("次仁·多吉", "次仁·多吉"), ("次仁•多吉", "次仁·多吉"),
    ("བཀྲ་ཤིས", "བཀྲ་ཤིས"), ("Tashi Dolma", "Tashi Dolma"), ("  王芳 ", "王芳"),
])
def test_names_accepted(text, name):
    assert parse_name(text) == name


@pytest.mark.parametrize("text,why", [
    ("扎", "太短"), ("", "请发送"), ("扎西123", "数字"), ("扎西😀", "只能包含"), ("·扎西", "只能包含"),
    ("扎" * 21, "太长"),
])
def test_names_rejected(text, why):
    with pytest.raises(Invalid) as e:
        parse_name(text)
    assert why in str(e.value)


@pytest.mark.parametrize("text,sex", [("1", "男"), ("男", "男"), ("男的", "男"), ("2", "女"), ("女性", "女")])
def test_sex(text, sex):
    assert parse_sex(text) == sex


def test_sex_rejected():
    with pytest.raises(Invalid, match="男"):
        parse_sex("3")


def test_yes_no():
    assert parse_yes_no("是的") is True and parse_yes_no("1") is True
    assert parse_yes_no("不是") is False and parse_yes_no("2") is False
    assert parse_yes_no("也许") is None


# -- teams, school -------------------------------------------------------------------------------
def test_members_split_and_counted():
    assert parse_members("次仁、卓玛，格桑 多吉", captain="扎西", team_min=3, team_max=5) == ["次仁", "卓玛", "格桑", "多吉"]
    assert parse_members("扎西、次仁、卓玛", captain="扎西", team_min=3, team_max=5) == ["次仁", "卓玛"]   # captain dropped


@pytest.mark.parametrize("text,why", [
    ("次仁", "还差1人"), ("次仁、卓玛、格桑、多吉、拉姆", "多了1人"), ("次仁、次仁、卓玛", "重复"),
    ("次仁、123", "不像队员姓名"),
])
def test_members_rejected(text, why):
    with pytest.raises(Invalid) as e:
        parse_members(text, captain="扎西", team_min=3, team_max=5)
    assert why in str(e.value)


def test_team_name_and_school():
    assert parse_team_name("队名：达翁村代表队") == "达翁村代表队"
    with pytest.raises(Invalid):
        parse_team_name("队")
    assert parse_school("洛隆县完全小学 四年级") == "洛隆县完全小学 四年级"
    with pytest.raises(Invalid):
        parse_school("4")


# -- digits are ASCII digits ---------------------------------------------------------------------
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize("table", [ARABIC_INDIC, DEVANAGARI])
def test_other_scripts_digits_are_not_digits(table):
    """str.isdigit() and \\d accept them (and int() reads them); NFKC leaves them as they are."""
    with pytest.raises(Invalid):
        parse_phone("1" + "3800138000".translate(table))
    number = make_id(birth="19900615", seq="123")
    with pytest.raises(Invalid):
        parse_id_number(number[:6] + number[6:].translate(table), TODAY)
    with pytest.raises(Invalid):
        parse_age("35".translate(table), TODAY)
    with pytest.raises(Invalid):
        parse_age("1990".translate(table), TODAY)
    with pytest.raises(ValueError):
        id_check_digit("5403291990061512".translate(table) + "3")


# -- 虚岁 and the lowest possible age ----------------------------------------------------------------
@pytest.mark.parametrize("text,age,lowest", [
    ("14", 14, 14), ("14岁", 14, 14), ("14周岁", 14, 14), ("14虚岁", 14, 12), ("虚岁14", 14, 12),
    ("虚岁十四岁", 14, 12), ("2013", 14, 13), ("2013年出生", 14, 13),
])
def test_lowest_possible_age(text, age, lowest):
    info = parse_age(text, TODAY)
    assert (info.age, info.lowest) == (age, lowest)


def test_nominal_age_consistent_with_id():
    info = parse_id_number(make_id(birth="20130615", seq="123"), TODAY)      # 13 on 2027-03-01
    for nominal_age in (14, 15):
        assert id_consistency_problem(info, sex="男", age=nominal_age, birth_year=None, today=TODAY,
                                      nominal=True) is None
    assert "13岁" in id_consistency_problem(info, sex="男", age=16, birth_year=None, today=TODAY, nominal=True)
    assert "13岁" in id_consistency_problem(info, sex="男", age=15, birth_year=None, today=TODAY)


# -- quoting answers back ---------------------------------------------------------------------------
def test_echo_is_short_and_masked():
    assert echo(" 兹托镇。") == "兹托镇"
    assert echo("一二三四五六七八九十甲乙丙丁") == "一二三四五六七八九十甲乙…"
    assert echo("13800138000") == "138****8000"
    assert echo("540329199006151234") == "540329******…"
    assert "13800138000" not in echo("我的电话13800138000")


# -- invisible characters and Tibetan names --------------------------------------------------------
BIDI_AND_FRIENDS = "\u202e\u2066\u2069\u200d\u200b\ufeff\u00ad\u0007\u200f"


def test_echo_drops_bidi_overrides_zero_width_and_control_characters():
    quoted = echo(f"孜{BIDI_AND_FRIENDS}托\u202e镇")
    assert quoted == "孜托镇"
    with pytest.raises(Invalid) as e:
        parse_members("次仁、\u202e卓玛12\u200d3", captain="扎西", team_min=2, team_max=5)
    assert not any(ch in str(e.value) for ch in BIDI_AND_FRIENDS)
    assert echo("\u202e" + "长" * 500) == "长" * 12 + "…"


def test_stored_free_text_has_no_invisible_characters():
    assert parse_team_name("达翁村\u202e代表队\ufeff") == "达翁村代表队"
    assert parse_school("洛隆县\u200b完全小学\u2028四年级") == "洛隆县完全小学 四年级"
    assert parse_name("扎西\u200d卓玛") == "扎西卓玛"


@pytest.mark.parametrize("text,name", [
    ("བསྟན་འཛིན་ཆོས་ཀྱི་ཉི་མ", "བསྟན་འཛིན་ཆོས་ཀྱི་ཉི་མ"),     # a long name: 6 syllables, under 20 letters
    ("ཚེ་རིང་", "ཚེ་རིང"),                                     # the last syllable's tsheg
    ("སྒྲོལ་མ།", "སྒྲོལ་མ"),                                    # a shad after it
    ("ཀརྨ་ཨོཾ", "ཀརྨ་ཨོཾ"),                                      # anusvara
])
def test_real_tibetan_names_are_accepted(text, name):
    assert parse_name(text) == name


@pytest.mark.parametrize("text", [
    "༄༅", "བཀྲ༄ཤིས", "བཀྲ་༼ཤིས༽", "࿊࿊", "བཀྲ་་ཤིས", "ིབཀྲ", "བཀྲ ྲཤིས", "༠༡", "བཀྲ༺ཤིས", "ཤིས࿐",
])
def test_tibetan_symbols_and_punctuation_are_no_name(text):
    with pytest.raises(Invalid):
        parse_name(text)


def test_an_id_number_said_digit_by_digit():
    number = make_id()
    said = number.translate(str.maketrans("0123456789", "零幺二三四五六七八九"))
    assert parse_id_number(said, date(2027, 3, 1)).number == number
    assert parse_id_number(" ".join([said[:6], said[6:14], said[14:]]), date(2027, 3, 1)).number == number
