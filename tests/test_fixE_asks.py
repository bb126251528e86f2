"""Follow-ups and skills after review (fixE), in the reviewer's wordings and our own: a follow-up
with a subject of its own (医保, 路, 活动) stands alone, not on the event before; the event
remembered is dropped when a sign-up starts and when the configured idle timeout passes, and an
unchanged one is not written again; a skill asked of something no contest is (培训) is no event; a
herding skill or a language is the events that fit; a group told apart hears the events open to
everyone too; two team events entered together are the per-person cap. Through the real webhook."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.storage.state import MemoryStateStore
from tests.harness import BotHarness
from tests.helpers import Clock

OVERVIEW = "活动共7大类33项比赛"


async def _talk(bot, user: str, *texts: str) -> str:
    reply = ""
    for t in texts:
        reply = await bot.text(user, t)
    return reply.split("相关问题：")[0]


# (the event first, then a follow-up with a subject of its own): answered as if sent alone
OWN_SUBJECT = [
    ("射箭", "医保一年交多少钱"), ("赛马", "村里的路什么时候修"), ("赛马", "乡政府在哪"),
    ("拔河", "村委会有几个人"), ("挤奶比赛", "牦牛补贴多少钱"), ("射箭", "贷款要带什么材料"),
    ("赛马", "活动有啥好处"), ("赛马", "这个活动啥时候结束"), ("赛马", "活动的主题是什么"),
    # our own
    ("拔河", "低保一个月给多少钱"), ("挤奶比赛", "驻村工作队在哪"), ("射箭", "这个活动要交钱不"),
    ("赛马", "盖房子的补助什么时候发"),
]


async def test_a_follow_up_with_a_subject_of_its_own_stands_alone(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (first, then) in enumerate(OWN_SUBJECT):
            after = await _talk(bot, f"o{i}", first, then)
            alone = await _talk(bot, f"o{i}-alone", then)
            if after != alone:
                failures.append(f"{first} → {then}: {after[:80]!r} (alone: {alone[:80]!r})")
    assert not failures, "\n".join(failures)


# follow-ups naming nothing but what the desk reads still lean (neighbours that must not change)
LEANS = [(("赛马", "几号截止"), "「赛马」"), (("射箭", "要交钱不"), "「射箭"), (("拔河", "在哪比"), "「拔河比赛」"),
         (("挤奶比赛", "学生呢"), "「挤奶比赛」"), (("赛马", "干部能参加吗"), "「赛马」"),
         (("拔河", "要带什么材料"), "「拔河比赛」")]


async def test_a_follow_up_of_cues_only_still_leans(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (texts, name) in enumerate(LEANS):
            reply = await _talk(bot, f"l{i}", *texts)
            if name not in reply:
                failures.append(f"{texts} -> {reply[:100]!r}")
    assert not failures, "\n".join(failures)


async def test_a_sign_up_started_forgets_the_event_asked_before(tmp_path):
    async with BotHarness.start(tmp_path, aes=False) as bot:
        alone = await _talk(bot, "alone", "几号截止")
        for i, (start, leave) in enumerate((("报名 射箭", "取消"), ("报名", "退出"), ("报名 拔河", "退出"))):
            after = await _talk(bot, f"s{i}", "赛马", start, leave, "几号截止")
            assert "「赛马」" not in after and after == alone, after


async def test_the_follow_up_window_is_the_configured_idle_timeout(tmp_path):
    clock = Clock(datetime(2026, 3, 11, 2, 0, tzinfo=timezone.utc))
    async with BotHarness.start(tmp_path, aes=False, clock=clock,
                                settings={"conversation": {"idle_timeout_seconds": 300},
                                          "signup": {"resume_window_seconds": 300}}) as bot:
        await _talk(bot, "t", "赛马")
        clock.advance(minutes=4)
        assert "「赛马」" in await _talk(bot, "t", "几号截止")
        clock.advance(minutes=6)
        assert "「赛马」" not in await _talk(bot, "t", "几岁能报")


async def test_the_event_asked_again_is_not_written_again(tmp_path, monkeypatch):
    saves: list[str] = []

    class Counting(MemoryStateStore):
        async def save(self, user, state):
            saves.append(user)
            return await super().save(user, state)

    monkeypatch.setattr(BotHarness, "_store", lambda self: Counting())
    async with BotHarness.start(tmp_path, aes=False) as bot:
        await _talk(bot, "w", "赛马几号截止")
        first = len(saves)
        await _talk(bot, "w", "赛马几岁能报", "赛马在哪比")
        assert len(saves) == first, saves
        await _talk(bot, "w", "射箭几号截止")            # another event: written
        assert len(saves) == first + 1, saves


# a skill asked of something else than the contest (培训, 工作): no event said missing
SKILL_ELSE = ["我会修车能参加哪些培训", "我会开车能报什么培训班", "我擅长电焊可以参加什么招聘"]


async def test_a_skill_asked_of_training_is_no_event(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(SKILL_ELSE):
            reply = await _talk(bot, f"k{i}", asked)
            if "这项比赛" in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
    assert not failures, "\n".join(failures)


# a skill close to events (herding: 牦牛养殖, 挤奶), a language (the national language's events), a
# skill denied (the list)
SKILL_FITS = [("我会放牛能报什么", "牦牛"), ("我会放牦牛可以参加啥", "牦牛"), ("我会说汉语能报啥", "国家通用语言朗读比赛"),
              ("我会讲汉话能参加什么", "国家通用语言朗读比赛"), ("我不会开车能参加啥", OVERVIEW), ("我不会骑摩托能报啥", OVERVIEW)]


async def test_a_skill_near_an_event_or_denied(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, (asked, told) in enumerate(SKILL_FITS):
            reply = await _talk(bot, f"f{i}", asked)
            if told not in reply or "这项比赛我这里没有资料" in reply:
                failures.append(f"{asked} -> {reply[:100]!r}")
        # unchanged: a skill no event is near
        assert "「开车」这项比赛我这里没有资料" in await _talk(bot, "f-car", "我会开车能参加啥")
    assert not failures, "\n".join(failures)


SELF_TOLD = ["我是农牧民，冬天去县城上班，可以报哪些比赛", "我是牧民，平时放牛，能报啥比赛", "我是牧民，农闲去工地干活，能参加哪些项目"]


async def test_a_herder_told_apart_hears_the_events_open_to_everyone(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(SELF_TOLD):
            reply = await _talk(bot, f"h{i}", asked)
            if "只限农牧民" not in reply or "不限身份" not in reply:
                failures.append(f"{asked} -> {reply[:160]!r}")
    assert not failures, "\n".join(failures)


BOTH_EVENTS = ["村BA和村超能一起参加吗", "村BA和村超可以一起报吗", "拔河和村超能一起参加吗"]


async def test_two_village_team_events_entered_together_is_the_cap(tmp_path):
    failures = []
    async with BotHarness.start(tmp_path, aes=False) as bot:
        for i, asked in enumerate(BOTH_EVENTS):
            reply = await _talk(bot, f"v{i}", asked)
            if "每人最多报3个项目" not in reply:
                failures.append(f"{asked} -> {reply[:160]!r}")
        # one team event with the village: still its team
        assert "每队10–15人" in await _talk(bot, "v-one", "拔河我们村能一起参加吗")
    assert not failures, "\n".join(failures)
