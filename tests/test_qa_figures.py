"""Cadres ask for the exact figure, name or list; students ask simply. Each question here (written
for these tests, in the personas' styles) must get a direct answer that holds what was asked --
not a 「您是不是想问」 list, not 「抱歉」, not a neighbouring entry without the figure."""
from __future__ import annotations

import pytest

from tests.harness import BotHarness, not_answered_directly

# (question, fragments the reply must hold); every fragment is in the seeds.
ASKED = [
    # 洛隆县 (seeds/004)
    ("这个活动完整的名字是什么", ["红色昌都", "振兴奋进"]),
    ("洛隆县对活动是怎么定位的", ["总抓手", "总载体"]),
    ("领导小组成员都有谁", ["乡镇", "部门"]),
    ("考察组一共几个人去了几天", ["8人", "3天"]),
    ("宣讲有哪几种形式", ["群众大会", "座谈", "入户"]),
    # 那曲 / 索县 (seeds/000)
    ("那曲想建成什么样的示范市", ["最高海拔", "长治久安"]),
    ("那曲奋进活动定位成什么之策", ["治本"]),
    # 迪庆 (seeds/001)
    ("迪庆机关干部每年几月下基层", ["3月"]),
    ("迪庆寺院管理机构党组织覆盖了多少个", ["11个"]),
    ("迪庆相邻地区结对联建了多少个党组织", ["33个"]),
    ("迪庆万名党员进党校培训了多少期", ["507期"]),
    # 桑珠孜 (seeds/002)
    ("集体经济收入超过百万的村几个", ["13个"]),
    ("东嘎乡每年设多少激励资金", ["7万元"]),
    ("桑珠孜选派了多少支驻村工作队", ["142支"]),
    ("网格运行制定了几项制度", ["4项"]),
    # 山南 (seeds/003)
    ("山南帮扶项目投入了多少亿", ["3781个", "22.7亿元"]),
    ("走出去帮群众增收多少钱", ["1012万"]),
    ("山南感党恩教育搞了多少场", ["5.3万"]),
    ("建强组织的两个工程叫什么", ["村居干部文化素质提升", "三个培养"]),
    ("稳定工作要实现什么转变", ["要我稳定", "我要稳定"]),
    ("维稳工作机制建了多少条", ["2.3万"]),
]


async def test_figures_names_and_lists_are_answered_directly(tmp_path):
    failures = await not_answered_directly(tmp_path, ASKED)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("question", ["比赛分哪几级", "领导小组由哪些人组成"])
async def test_townships_are_written_as_the_sources_write_them(tmp_path, question):
    """乡(镇) as kb-facts writes it (or 乡镇), never only the full-width 乡（镇）."""
    async with BotHarness.start(tmp_path, aes=False) as bot:
        reply = await bot.text("u", question)
    assert "乡(镇)" in reply or "乡镇" in reply
    assert "乡（镇）" not in reply
