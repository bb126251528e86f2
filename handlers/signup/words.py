"""Words only the sign-up conversation recognises (compared after knowledge.text.strip_punct);
the reply words all conversations share are in knowledge.words."""

BACK_WORDS = {"上一步", "返回", "后退", "上一个", "上一项", "返回上一步", "back"}
SWITCH_EVENT_WORDS = {"换项目", "换个项目", "重选项目", "改项目", "换一个项目", "选其他项目"}
RESTART_WORDS = {"重新开始", "重新报名", "重来", "从头开始"}
CONTINUE_WORDS = {"继续", "继续填写", "接着填"}
CONFIRM_CANCEL_WORDS = {"确认取消", "取消这项"}
KEEP_WORDS = {"保留", "不取消", "算了"}
EDIT_PREFIXES = ("修改", "改")
