"""Chinese digits as people say and type them: the one table behind reading spoken numbers
(knowledge.text) and masking spoken phone numbers in logs (bot.core.privacy)."""
from __future__ import annotations

# 幺 is the 1 of phone numbers; 两 and 俩 are 2 before a measure word.
CN_DIGITS: dict[str, int] = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4,
                             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
