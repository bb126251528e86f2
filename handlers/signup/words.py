"""Words only the sign-up conversation recognises (compared after knowledge.text.strip_punct);
the reply words all conversations share are in knowledge.words."""
from knowledge.words import GIVE_UP_WORDS

BACK_WORDS = {"上一步", "返回", "后退", "上一个", "上一项", "返回上一步", "back"}
SWITCH_EVENT_WORDS = {"换项目", "换个项目", "重选项目", "改项目", "换一个项目", "选其他项目"}
RESTART_WORDS = {"重新开始", "重新报名", "重来", "从头开始"}
CONTINUE_WORDS = {"继续", "继续填写", "接着填"}
CONFIRM_CANCEL_WORDS = {"确认取消", "取消这项"}
KEEP_WORDS = {"保留", "不取消", "算了"}
EDIT_PREFIXES = ("修改", "改")
# Leaving the sign-up being filled in, as 退出 does (compared after knowledge.text.plain_reply, so
# 「我不报了啊」 and 「那算了吧」 count). Not 取消报名: that cancels a stored sign-up.
QUIT_WORDS = GIVE_UP_WORDS | {"不报了", "不报名了", "不想报了", "不想报名了", "不报", "不参加了", "不想参加了",
                              "不想参加", "放弃报名", "不填了", "不想填了", "下次再报", "以后再报", "先不报了"}
