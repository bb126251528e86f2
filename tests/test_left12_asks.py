"""Herder questions in our own wordings (left12): a follow-up sent apart leans on the event or
holder asked just before; who one is, told in clauses of its own before which events; 来/去 + a
verb of taking charge is no event's name; a skill no event is named by is said to be none. Each
goes through the real webhook; the neighbours that already answered right must stay so."""
from __future__ import annotations

from tests.harness import BotHarness

OVERVIEW = "活动共7大类33项比赛"


async def _talk(bot, user: str, *texts: str) -> str:
    reply = ""
    for t in texts:
        reply = await bot.text(user, t)
    return reply.split("相关问题：")[0]


# (the event first, then a follow-up naming none; what the reply must hold)
FOLLOW_UPS = [
    (("挤奶比赛", "干部能参加吗"), "「挤奶比赛」", "只限农牧民"),
    (("挤奶", "当干部的能不能报"), "「挤奶比赛」", "只限农牧民"),
    (("赛马比赛", "几号截止"), "「赛马」", "4月30日"),
    (("射箭", "收费吗"), "「射箭", "费用"),
    (("拔河", "要带什么"), "「拔河比赛」", "带什么"),
    (("学生讲故事比赛", "那农牧民呢"), "「学生向家长", "只限在校学生"),
    (("手工磨糌粑比赛", "学生呢"), "手工磨糌粑", "只限农牧民"),
    (("saima", "几岁能报"), "「赛马」", "16岁"),
]


async def test_a_follow_up_sent_apart_asks_of_the_event_before(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (texts, name, told) in enumerate(FOLLOW_UPS):
            reply = await _talk(bot, f"f{i}", *texts)
            if name not in reply or told not in reply:
                failures.append(f"{texts} -> {reply[:100]!r}")
    assert not failures, "\n".join(failures)


async def test_a_holder_follow_up_sent_apart_asks_the_question_before_of_it(tmp_path):
    async with BotHarness.start(tmp_path, aes=False) as bot:
        reply = await _talk(bot, "h", "干部的口号是啥", "群众的呢")
        assert "大讨论、强意识、尽责任、作贡献" in reply, reply


async def test_what_names_its_own_or_asks_the_list_does_not_lean_on_the_event_before(tmp_path):
    async with BotHarness.start(tmp_path, aes=False) as bot:
        assert OVERVIEW in await _talk(bot, "n1", "挤奶比赛", "有哪些比赛")
        other = await _talk(bot, "n2", "挤奶比赛", "赛马几岁能报")
        assert "「赛马」" in other and "挤奶" not in other, other
        fresh = await _talk(bot, "n3", "干部能参加吗")          # nothing before: the campaign's answer
        assert "挤奶" not in fresh.split("\n")[0] and "可以" in fresh, fresh


SELF_TOLD = [
    ("我是农牧民，冬天去县城上班，可以报哪些比赛", "只限农牧民"),
    ("我是牧民，平时在家，能报啥比赛", "只限农牧民"),
    ("我是农牧民，农闲出去打工，能报哪些项目", "只限农牧民"),
    ("我是学生，寒假在家，能报哪些比赛", "只限在校学生"),
]


async def test_who_one_is_told_apart_before_which_events(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, told) in enumerate(SELF_TOLD):
            reply = await _talk(bot, f"s{i}", asked)
            if told not in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # no group said: no list of events read into a clause apart (material, not events)
        assert OVERVIEW not in await _talk(bot, "s-none", "宣讲材料 有哪些")
    assert not failures, "\n".join(failures)


IN_CHARGE = ["我们家归哪个来包", "我家归谁去包", "我们户归哪个干部来负责", "我家归哪个来管"]


async def test_who_comes_to_take_charge_is_no_event(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(IN_CHARGE):
            reply = await _talk(bot, f"c{i}", asked)
            if "这项比赛" in reply or OVERVIEW in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # an event the catalogue lacks, asked which class: still said to be none
        assert "「摔跤」这项比赛" in await _talk(bot, "c-event", "摔跤归哪一类")
    assert not failures, "\n".join(failures)


SKILLS = [("我会开车能参加啥", "开车"), ("我会开车，能参加啥", "开车"), ("我擅长修车可以报什么", "修车"),
          ("我会开拖拉机能报哪个", "开拖拉机")]


async def test_a_skill_no_event_is_named_by_is_said_to_be_none(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, skill) in enumerate(SKILLS):
            reply = await _talk(bot, f"k{i}", asked)
            if f"「{skill}」这项比赛我这里没有资料" not in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # skills that name events or trades answer as before
        assert "「歌舞比赛" in await _talk(bot, "k-song", "我会唱歌能参加啥")
        assert "跟木工对得上的比赛有2项" in await _talk(bot, "k-wood", "我会木工报啥")
        assert "「赛马」" in await _talk(bot, "k-horse", "我会骑马能参加啥")
    assert not failures, "\n".join(failures)


# homophones of the fee and of preparing, typed or heard (费 as 废, 备 as 被), said with nothing else
SLIPS = [("收废吗", "参赛费用"), ("要收废吗", "参赛费用"), ("收费吗", "参赛费用"), ("免费吗", "参赛费用"),
         ("报名废多少", "参赛费用"), ("准被什么", "要带什么"), ("要准被什么", "要带什么"), ("参赛要准被啥", "要带什么")]


async def test_the_fee_and_what_to_prepare_heard_as_homophones(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, told) in enumerate(SLIPS):
            reply = await _talk(bot, f"p{i}", asked)
            if told not in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # a price or a fee of something else is no contest's fee
        for j, other in enumerate(("看病收费吗", "上学收费吗", "多少钱", "钱")):
            assert "参赛费用" not in await _talk(bot, f"p-other{j}", other), other
    assert not failures, "\n".join(failures)


# an event's thing typed in pinyin: 藏 typed as the dictionary reads it (cang), the making run onto it
TYPED = [("zuocanggui", "「藏式家具制作」"), ("zuo canggui", "「藏式家具制作」"), ("zuozanggui", "「藏式家具制作」"),
         ("做藏柜", "「藏式家具制作」"), ("canggui bisai", "「藏式家具制作」"), ("zangshijiaju", "「藏式家具制作」")]


async def test_a_thing_an_event_makes_typed_in_pinyin(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, told) in enumerate(TYPED):
            reply = await _talk(bot, f"y{i}", asked)
            if told not in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # pinyin that reads as before
        assert "「赛马」" in await _talk(bot, "y-horse", "wo xiang bao saima")
    assert not failures, "\n".join(failures)


WHO_AND_HOW = ["活动是为谁搞的，咋个参加", "活动是为谁搞的 怎么参与", "活动是为谁办的，咋个参加嘛"]


async def test_who_it_is_for_and_how_to_take_part_both_told(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(WHO_AND_HOW):
            reply = await _talk(bot, f"w{i}", asked)
            if not ("为全县各族群众开展" in reply and "报名" in reply):
                failures.append(f"{asked} -> {reply[:100]!r}")
        # how alone: the how only; an event's how: the event's card
        alone = await _talk(bot, "w-how", "咋个参加")
        assert "为全县各族群众开展" not in alone, alone
        assert "「赛马」" in await _talk(bot, "w-event", "赛马几岁能报，怎么报")
    assert not failures, "\n".join(failures)


TOGETHER = [("拔河可以全村一起报名吗", "每队10–15人"), ("拔河比赛我们村的人能一起参加吗", "每队10–15人"),
            ("村BA篮球赛我们村几个人一起报名吗", "每队5–12人"), ("村超足球赛全村一起参加行不行", "由队长报名")]


async def test_signing_up_together_for_a_team_event_is_told_its_team(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, told) in enumerate(TOGETHER):
            reply = await _talk(bot, f"t{i}", asked)
            if told not in reply or "没有资料" in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # two events at once: still how many one may enter
        assert "每人最多报3个项目" in await _talk(bot, "t-two", "赛马和射箭能同时报名吗")
    assert not failures, "\n".join(failures)
