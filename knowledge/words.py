"""The reply words of every conversation, in one place: yes / no, right / wrong, agree /
refuse, confirm, skip, and the two sexes; and the everyday words a question is wrapped in
(:data:`EVERYDAY_WORDS`), which the matcher reads without the scope checks.

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

# Everyday words a herder wraps a question in that name no topic of their own: a question is not
# "about" 手机 or 阿爸 because it says 我阿爸不会用手机.
EVERYDAY_WORDS = frozenset("""
现在 今年 去年 前年 今天 明天 昨天 时候 地方 东西 事情 一下 问问 请教 家里 我家 孩子 小孩 娃娃 阿爸 阿妈 爸爸 妈妈
老人 老婆 老公 儿子 女儿 手机 知道 听说 好像 一起 自己 大家 别人 已经 或者 如果 因为 所以 但是 然后 其实 告诉
清楚 明白 了解 介绍 说说 讲讲 感觉 觉得 认为 希望 打算 准备 帮忙 帮助 麻烦 谢谢 朋友 邻居 亲戚 一点 一些 一直
一定 真的 应该 可能 需要 必须 特别 非常 比较 最近 刚才 以前 之前 之后 后来 马上 赶紧 怎办 办法 问题 情况 意思
岁数 年纪 年龄 担任 负责 研究 一路 只限 完整 表述 举行 够好 上学 读书 小学 初中 高中 大学 初一 初二 初三 高一 高二
高三 名额 人数 名单 规则 要求 条件 资格 身份 时间 日期 好多 赚钱 挣钱 收入 咋个 咋子 啥子 多久 多长
包括 包含 登记 改成 改为 变成 转变 发财 旁边 附近 里面 外面 爸妈 弟弟 哥哥 姐姐 妹妹 爷爷 奶奶 叔叔 阿姨
提供 提交
""".split())
