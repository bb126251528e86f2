"""The reply words of every conversation, in one place: yes / no, right / wrong, agree /
refuse, confirm, skip, and the two sexes.

Each set is compared with a reply reduced by :func:`knowledge.text.strip_punct` (or, for
:data:`YES_WORDS` / :data:`NO_WORDS` and the sexes, by ``tidy`` + lower case, which is the same
for these words). The sets differ on purpose -- 「1」 is yes to a yes/no question but no answer
to a true/false one, 「是」 confirms a sign-up but 「好」 does not -- so each names its job; what
they share is written once (:data:`AFFIRMATIVE`, :data:`NEGATIVE`).
"""
from __future__ import annotations

# Said for "yes" and for "that is right" alike, and their opposites.
AFFIRMATIVE = frozenset({"是", "是的", "对", "对的", "yes", "y", "ok"})
NEGATIVE = frozenset({"不是", "不对", "no", "n"})

# A yes/no question (bot.forms.validators.parse_yes_no), where 1 / 2 answer 「1. 是 2. 否」.
YES_WORDS = AFFIRMATIVE | {"1", "嗯", "好", "好的", "可以", "行", "有", "确认", "同意"}
NO_WORDS = NEGATIVE | {"2", "否", "不", "没有", "无", "不同意"}

# A true/false quiz question (knowledge.quizbank): 对 / 错 and what people type or say for them.
TRUE_WORDS = AFFIRMATIVE | {"正确", "没错", "true", "t", "v", "dui", "zhengque"}
FALSE_WORDS = NEGATIVE | {"错", "错误", "错的", "不正确", "false", "f", "x", "cuo", "cuowu"}

# Sign-up: confirming the summary, consenting (data notice, guardian), refusing.
CONFIRM_WORDS = frozenset({"确认", "确定", "提交", "确认提交", "确认报名", "没问题", "无误", "对", "是"})
AGREE_WORDS = frozenset({"同意", "我同意", "同意了", "监护人同意", "家长同意", "同意的", "好", "好的", "可以", "是",
                         "1", "ok"})
REFUSE_WORDS = frozenset({"不同意", "拒绝", "不愿意", "不"})

# "Nothing to give" for an optional sign-up field (school, ID number).
SKIP_FIELD_WORDS = frozenset({"无", "没有", "跳过", "不填", "没", "不提供", "暂无"})
# "I give up on this one" for a quiz question.
SKIP_QUESTION_WORDS = frozenset({"跳过", "不知道", "不会", "下一题", "pass", "skip"})

# Sex, where 1 / 2 answer 「1. 男 2. 女」.
MALE_WORDS = frozenset({"1", "男", "男性", "男的", "男生", "男孩", "男士", "m", "male", "boy"})
FEMALE_WORDS = frozenset({"2", "女", "女性", "女的", "女生", "女孩", "女士", "f", "female", "girl"})
