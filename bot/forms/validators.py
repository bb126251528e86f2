"""Field validators for the sign-up form. Each parser returns a tidy value or raises
:class:`Invalid` whose message tells the user, in plain words, what is wrong and what to send.

Pure functions (no I/O); ``today`` is always passed in so tests can fix the date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.privacy import mask_sensitive
from bot.core.quoting import quote
from bot.forms.text import choice_number, cn_number, spoken_digits, tidy, vague_number
from knowledge.words import FEMALE_WORDS, MALE_WORDS, NO_WORDS, YES_WORDS


class Invalid(ValueError):
    """A user's answer that cannot be accepted. ``str(e)`` is the message for the user."""


ECHO_MAX = 12


def echo(text: str) -> str:
    """A user's answer quoted back in a message: tidied (no invisible characters), phone and ID
    numbers masked, at most ``ECHO_MAX`` characters (a pasted paragraph is not repeated in full)."""
    return quote(mask_sensitive(tidy(text)), ECHO_MAX)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------
# Chinese (incl. extension A), Tibetan letters with their vowel signs and subjoined letters and
# the tsheg between syllables, Latin letters; the middle dots used in transliterated names
# (扎西·次仁); inner spaces. Tibetan marks, punctuation, digits and symbols (༄ ། ༼ ࿊ ...) are no name.
_TIBETAN_LETTER = "\u0f40-\u0f6c\u0f88-\u0f8c"
_TIBETAN_SIGN = "\u0f71-\u0f7f\u0f80\u0f81\u0f8d-\u0f97\u0f99-\u0fbc"      # vowels, subjoined, anusvara
_NAME_CHARS = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                         f"{_TIBETAN_LETTER}{_TIBETAN_SIGN}\u0f0b"
                         r"A-Za-z·•・\. ]+$")
# A sign or a tsheg must follow a Tibetan letter (or sign): not begin a name or a word, nor double.
_TIBETAN_MISPLACED = re.compile(f"(?:^|[^{_TIBETAN_LETTER}{_TIBETAN_SIGN}])[{_TIBETAN_SIGN}\u0f0b]")
_TIBETAN_END = "\u0f0b\u0f0d\u0f0e"      # a syllable's tsheg or a shad typed after the name
_NAME_DOTS = "·•・."


def parse_name(text: str, what: str = "姓名") -> str:
    s = tidy(text).replace("•", "·").replace("・", "·")
    s = re.sub(r"^(我叫|我是|名字是|姓名是|姓名|名字)[:：]?", "", s).strip().rstrip(_TIBETAN_END).strip()
    if not s:
        raise Invalid(f"请发送{what}，例如：扎西卓玛。")
    if any(ch.isdigit() for ch in s):
        raise Invalid(f"{what}里不能有数字，请只发送{what}，例如：扎西卓玛。")
    if (not _NAME_CHARS.match(s) or s[0] in _NAME_DOTS or s[-1] in _NAME_DOTS
            or _TIBETAN_MISPLACED.search(s)):
        raise Invalid(f"{what}只能包含汉字、藏文或字母，请重新发送，例如：扎西卓玛。")
    # Tibetan vowel signs, subjoined letters and tshegs are parts of a syllable, not letters of their own.
    letters = len(re.sub(f"[ ·{_TIBETAN_SIGN}\u0f0b]", "", s))
    if letters < 2:
        raise Invalid(f"{what}太短了，请发送完整的{what}（至少两个字），例如：扎西卓玛。")
    if letters > 20:
        raise Invalid(f"{what}太长了（最多20个字），请只发送{what}。")
    return s


# --------------------------------------------------------------------------------------------
# Sex, yes/no
# --------------------------------------------------------------------------------------------
def parse_sex(text: str) -> str:
    s = tidy(text).lower().replace(" ", "").rstrip("。.!！")
    n = choice_number(s)                        # 一 / 幺 / 第二个 as well as 1 / 2
    if s in MALE_WORDS or n == 1:
        return "男"
    if s in FEMALE_WORDS or n == 2:
        return "女"
    raise Invalid("请回复 1 或「男」，2 或「女」。")


def parse_yes_no(text: str) -> bool | None:
    s = tidy(text).lower().replace(" ", "").rstrip("。.!！")
    n = choice_number(s) if s else None         # 「1. 是 2. 否」 answered 一 / 幺 / 二
    if s in YES_WORDS or n == 1:
        return True
    if s in NO_WORDS or n == 2:
        return False
    return None


# --------------------------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------------------------
_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
_DIGITS_RE = re.compile(r"^[0-9]+$")          # ASCII only: str.isdigit() and \d also accept ٣ or ३


def parse_phone(text: str) -> str:
    """A mainland mobile number: 11 digits, 1 then 3–9. Accepts spaces, dashes and +86, and digits
    said one by one (幺三九，零八九五，一二三四)."""
    s = spoken_digits(text) or re.sub(r"[\s\-()（）]", "", tidy(text))
    s = re.sub(r"^(\+?86|0086)(?=1[0-9]{10}$)", "", s)
    if not _DIGITS_RE.match(s):
        raise Invalid("手机号只能是数字，请发送11位手机号，例如：13800138000。")
    if len(s) != 11:
        raise Invalid(f"手机号应该是11位数字，您发的是{len(s)}位，请核对后重新发送。")
    if not _MOBILE_RE.match(s):
        raise Invalid("这不像手机号（应以13–19开头），请发送11位手机号；座机号码不行。")
    return s


# --------------------------------------------------------------------------------------------
# Age or birth year
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgeInfo:
    age: int                     # years; from a birth year: the age reached this calendar year
    birth_year: int | None       # when the user gave a year
    nominal: bool = False        # 虚岁: the traditional count, one or two more than full years (周岁)

    @property
    def lowest(self) -> int:
        """The lowest full age (周岁) this answer allows, for rules that must not be missed (guardian
        consent): a birth year may be a year less, a 虚岁 two years less."""
        if self.birth_year is not None:
            return self.age - 1
        if self.nominal:
            return self.age - 2
        return self.age


MIN_AGE, MAX_AGE = 3, 110


def parse_age(text: str, today: date) -> AgeInfo:
    """'25', '25岁', '二十五岁', '虚岁14', '1990', '1990年', '1990年5月' or '1990-05-01'."""
    s = tidy(text).replace(" ", "")
    s = re.sub(r"^(?:(?:我|今年|年龄|出生年份|出生|生于|选手|他|她)[:：]?)+", "", s)
    if vague_number(s):
        raise Invalid(f"“{echo(s)}”不够准确，请发送准确的年龄（如15）或4位出生年份（如2010）。")
    m = re.match(r"^([0-9]{4})(?:年|[-./][0-9]{1,2}(?:[-./][0-9]{1,2})?|年[0-9]{1,2}月(?:[0-9]{1,2}[日号])?)?"
                 r"(?:出生|生|的)?$", s)
    if m:
        year = int(m.group(1))
        if not 1900 <= year <= today.year:
            raise Invalid(f"出生年份{year}不对，请发送4位出生年份（如1990）或年龄（如35）。")
        age = today.year - year
        if not MIN_AGE <= age <= MAX_AGE:
            raise Invalid(f"出生年份{year}对应{age}岁，请核对后重新发送。")
        return AgeInfo(age, year)
    m = re.match(r"^(虚岁)?([0-9]{1,3}|[零〇一二两三四五六七八九十]{1,3})(岁|周岁|虚岁)?(?:了)?$", s)
    if m:
        age = cn_number(m.group(2))
        if age is None:
            raise Invalid("请发送年龄（如35）或出生年份（如1990）。")
        if not MIN_AGE <= age <= MAX_AGE:
            raise Invalid(f"年龄{age}岁不对，请发送实际年龄（如35）或出生年份（如1990）。")
        return AgeInfo(age, None, nominal="虚岁" in (m.group(1), m.group(3)))
    raise Invalid("请发送年龄（如35）或4位出生年份（如1990），只发数字就可以。")


def age_on(birth: date, today: date) -> int:
    """Full years (周岁) on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def eligibility_problem(min_age: int | None, max_age: int | None, age: int, event_name: str,
                        *, by_year: bool = False) -> str | None:
    """A message when ``age`` is outside the event's range, else None."""
    unit = "岁（按出生年份算）" if by_year else "岁"
    if min_age is not None and age < min_age:
        return f"「{event_name}」要求{min_age}岁及以上，选手{age}{unit}，年龄不够。"
    if max_age is not None and age > max_age:
        return f"「{event_name}」要求{max_age}岁及以下，选手{age}{unit}，超过了年龄要求。"
    return None


# --------------------------------------------------------------------------------------------
# ID numbers (GB 11643-1999 citizen identification number)
# --------------------------------------------------------------------------------------------
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
# First two digits: the province-level division (GB/T 2260).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str          # 18 characters, upper-case X
    birth: date
    sex: str             # 男 | 女 (17th digit odd = 男)


def parse_id_number(text: str, today: date) -> IdInfo:
    s = re.sub(r"[\s\-]", "", tidy(text)).upper().replace("×", "X")
    digits = s.rstrip("X")
    spoken = spoken_digits(digits)          # said digit by digit (五四零三…); the check character kept
    if spoken:
        s = spoken + s[len(digits):]
    if len(s) == 15 and _DIGITS_RE.match(s):
        raise Invalid("这是15位的老身份证号，请发送18位的新身份证号。")
    if len(s) != 18:
        raise Invalid(f"身份证号应该是18位，您发的是{len(s)}位，请核对后重新发送。")
    if not re.match(r"^[0-9]{17}[0-9X]$", s):
        raise Invalid("身份证号前17位是数字，最后一位是数字或X，请核对后重新发送。")
    if int(s[:2]) not in _PROVINCES:
        raise Invalid("身份证号开头的地区代码不对，请核对后重新发送。")
    try:
        birth = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise Invalid("身份证号里的出生日期（第7–14位）不是有效日期，请核对后重新发送。") from None
    if birth.year < 1900 or birth > today:
        raise Invalid("身份证号里的出生日期（第7–14位）不对，请核对后重新发送。")
    if id_check_digit(s[:17]) != s[17]:
        raise Invalid("身份证号校验不通过，可能有一位输错了，请对照身份证逐位核对后重新发送。")
    return IdInfo(number=s, birth=birth, sex="男" if int(s[16]) % 2 else "女")


def id_consistency_problem(info: IdInfo, *, sex: str | None, age: int | None, birth_year: int | None,
                           today: date, nominal: bool = False) -> str | None:
    """A message when the ID number disagrees with the sex, age or birth year entered earlier."""
    if sex and sex != info.sex:
        return f"身份证号显示性别为{info.sex}，和前面填写的“{sex}”不一致。"
    if birth_year is not None and birth_year != info.birth.year:
        return f"身份证号显示出生于{info.birth.year}年，和前面填写的{birth_year}年不一致。"
    if birth_year is None and age is not None:
        real = age_on(info.birth, today)
        # People say the full age or the age reached this calendar year; a 虚岁 is one or two more.
        allowed = range(real, real + 3) if nominal else (real, today.year - info.birth.year)
        if age not in allowed:
            return f"身份证号显示选手{real}岁，和前面填写的{age}岁不一致。"
    return None


# --------------------------------------------------------------------------------------------
# Team, school
# --------------------------------------------------------------------------------------------
def parse_team_name(text: str) -> str:
    s = tidy(text)
    s = re.sub(r"^(队名|队伍名称|名称)[:：]?", "", s).strip()
    if len(s) < 2:
        raise Invalid("队名太短了，请发送队伍名称（2–20个字），例如：达翁村代表队。")
    if len(s) > 20:
        raise Invalid("队名太长了，请控制在20个字以内。")
    return s


def parse_members(text: str, *, captain: str, team_min: int | None, team_max: int | None) -> list[str]:
    """Other members' names (the captain not included), separated by spaces, commas or 、."""
    parts = [p for p in re.split(r"[,，、;；/\s\n]+", tidy(text)) if p]
    names: list[str] = []
    for p in parts:
        try:
            names.append(parse_name(p, "队员姓名"))
        except Invalid:
            raise Invalid(f"“{echo(p)}”不像队员姓名。请用顿号或空格隔开发送全部队员姓名，例如：次仁、卓玛、格桑。") from None
    names = [n for n in names if n != captain]
    dups = sorted({n for n in names if names.count(n) > 1})
    if dups:
        raise Invalid(f"队员名单里“{'、'.join(dups)}”重复了，请重新发送全部队员姓名（同名请加以区分，如“次仁（大）”）。")
    total = len(names) + 1
    rng = _range_text(team_min, team_max)
    if team_min is not None and total < team_min:
        raise Invalid(f"加上队长共{total}人，本项目每队{rng}，还差{team_min - total}人。请重新发送全部队员姓名（不含队长）。")
    if team_max is not None and total > team_max:
        raise Invalid(f"加上队长共{total}人，本项目每队{rng}，多了{total - team_max}人。请重新发送全部队员姓名（不含队长）。")
    return names


def _range_text(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo}–{hi}人（含队长）"
    if lo is not None:
        return f"至少{lo}人（含队长）"
    if hi is not None:
        return f"最多{hi}人（含队长）"
    return "人数不限"


def parse_school(text: str) -> str:
    s = tidy(text)
    if len(s) < 2 or s.isdigit():
        raise Invalid("请发送学校名称和年级，例如：洛隆县完全小学 四年级。")
    if len(s) > 40:
        raise Invalid("学校和年级请控制在40个字以内。")
    return s
