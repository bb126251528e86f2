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
# "I have no phone", at the phone question.
NO_PHONE_WORDS = frozenset({"没有手机", "没手机", "没有手机号", "没有电话", "没电话", "没有号码", "没有号"})
# "I give up on this one" for a quiz question.
SKIP_QUESTION_WORDS = frozenset({"跳过", "不知道", "不会", "下一题", "pass", "skip"})

# Sex, where 1 / 2 answer 「1. 男 2. 女」.
MALE_WORDS = frozenset({"1", "男", "男性", "男的", "男生", "男孩", "男士", "m", "male", "boy"})
FEMALE_WORDS = frozenset({"2", "女", "女性", "女的", "女生", "女孩", "女士", "f", "female", "girl"})

# "I give up on this" inside a flow (a sign-up, a quiz round), besides the global 退出/取消 of the
# router; compared after knowledge.text.plain_reply (「那算了吧」 is 算了). Each flow adds its own verbs.
GIVE_UP_WORDS = frozenset({"算了", "不要了", "不弄了", "不搞了", "不玩了", "放弃", "不干了", "不想弄了", "没意思",
                           "不用了", "停止", "停", "stop"})
# A quiz round: ended with the score so far.
QUIZ_QUIT_WORDS = GIVE_UP_WORDS | {"不答了", "不做了", "不想答了", "不想做了", "结束答题", "退出答题", "不练了",
                                   "答完了", "不想玩了"}

# What makes a message a question rather than an answer to a form's step or a quiz question
# (knowledge.text.is_question). Interrogative words, anywhere in the message. 几 is one too, but only
# away from numerals (十几 is a vague number, not a question): see knowledge.text.
QUESTION_WORDS = ("什么", "啥", "怎么", "怎样", "咋", "为什么", "为啥", "多少", "哪", "谁", "如何", "何时", "多久",
                  "多大", "多长", "要不要", "能不能", "可不可以", "可以不", "是不是", "有没有", "需不需要",
                  "用不用", "会不会", "行不行", "算不算", "给不给", "收不收", "得不得")
# Sentence-final particles that make a question (吗 alone is enough; A不A forms such as 报不报 are
# found by pattern). 呢/吧/啊… only soften: 「射箭呢」 names an event; they are dropped before a value
# is read. 不/没有 at the end are no question either: 「没有」 answers the phone question.
QUESTION_ENDINGS = ("吗", "么")
SOFT_ENDINGS = ("呢", "吧", "啊", "呀", "啦", "嘛", "哈", "哦", "噢", "撒", "嗯")
