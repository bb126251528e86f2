"""The blind parts v2–v12 and the tuning parts t7–t13 (tests/data/blind/), through the real webhook
in plain and AES mode.

Each sealed part was written blind, committed before the tuning of its session and evaluated once
at the end (figures in tests/data/blind/README.md); all are spent now and tuned on since, hence
figures above their evaluation's. t7–t11 were written blind the same way but to be tuned on.
Issue 11's targets (tests.blind.TARGET_*) were not all met on the last sealed part at its evaluation (v12:
suggestion-first 83.3% (5/6) against 95%; met: direct-correct 97.4%, confident-wrong 0.3% (1), no near
miss nor off-topic question answered with confidence).
Until they are, this guards what was measured, so a later change cannot quietly lose it."""
from __future__ import annotations

import pytest

from tests import blind

# What was measured, with a little room (a point of direct-correct is about 5 questions): part ->
# (counts in/near/off, floor of direct-correct, ceiling of confident-wrong, ceiling of near misses
# answered with confidence, ceiling of off-topic answered with confidence).
GUARDS = {
    # measured 94.2% (483/513), 1.4% (7), 1 of 96, 0 of 53 (after tuning on it); after the scope
    # guard's weather/office/breakdown/term checks and the contest desk's capacity: 94.2%, 1.0% (5), 1, 0;
    # after the suggestion re-ranking and contest fixes (suggest4): 94.5% (485), 1.0% (5), 1, 0
    # after this session's contest desk, scope, suggestion and knowledge-base work: 96.7% (496), 1.0% (5), 1, 0
    # ... and after the session of v8 (contest desk, scope guard, variants): 98.4% (505), 0.6% (3), 0, 0
    # ... and with the home-county notice read by the scope guard itself: 98.6% (506), 0.4% (2), 0, 0
    "v2": ((513, 96, 53), 0.97, 0.005, 0, 0),
    # measured once, blind: 90.3% (446/494), 2.4% (12), 9 of 103, 3 of 53; tuned on since: 90.9% (449),
    # 1.6% (8), 0 of 103, 0 of 53; after the suggestion re-ranking and contest fixes: 93.3% (461), 0.8% (4), 0, 0
    # ... and after this session's work: 96.2% (475), 0.8% (4), 0, 0
    # ... and after the next session's contest desk and scope work: 96.6% (477), 0.6% (3), 0, 0
    # ... and with pinyin sentences read as characters: 97.0% (479), 0.4% (2), 0, 1 -- the one is
    # 「ni shi jiqiren ma」, now read as 你是机器人吗 and given the help reply those characters get
    # ... and with the bot saying plainly what it is when asked (bot-self): 97.4% (481), 0.4% (2), 0, 0
    # ... and after the session of v8: 98.0% (484), 0.2% (1), 0, 0
    "v3": ((494, 103, 53), 0.97, 0.003, 0, 0),
    # measured once, blind, at the end of its session: 91.0% (435/478), 2.5% (12), 6 of 99, 0 of 51;
    # tuned on since (the contest desk's rules, other counties, levels, things descriptions name):
    # 94.6% (452), 0.6% (3), 2 of 99, 0 of 51
    # then with the scope guard's count/content checks, suggestions and new knowledge-base entries: 97.1% (464), 0.2% (1), 0, 0
    # ... and after the next session's: 97.3% (465), 0, 0, 0
    "v4": ((478, 99, 51), 0.97, 0.002, 0, 0),
    # measured once, blind, at the end of its session: 92.6% (401/433), 3.5% (15), 5 of 97, 0 of 46
    # tuned on since (the contest desk's team size, team sign-up, comparisons, switching, first/last
    # deadline, signing up someone else, days left; the scope guard's office holders, venues, missing
    # events, what points buy): 94.7% (410), 1.4% (6), 0, 0; after the next session's: 96.1% (416), 1.2% (5), 0, 0
    # ... and after the session of v8: 97.7% (423), 0.5% (2), 0, 0
    "v5": ((433, 97, 46), 0.96, 0.006, 0, 0),
    # measured once, blind, at the end of its session: 92.0% (427/464), 3.0% (14), 5 of 92, 1 of 36;
    # tuned on since (event names one slip off, the events-per-person limit, who may take part, the
    # home county's figures, venues, judges, levels): 93.5% (434), 1.7% (8), 2, 1
    # ... and after the next session's (t7/t8 classes, pinyin sentences, scope checks): 95.9% (445), 0.4% (2), 0, 0
    # ... and after the session of v8: 97.4% (452), 0.2% (1), 0, 0
    "v6": ((464, 92, 36), 0.96, 0.003, 0, 0),
    # measured once, blind, at the end of its session: 95.4% (415/435), 1.1% (5, all honest-partial),
    # 5 of 95, 2 of 48 (at its start: 95.2%, 1.4% (6), 5, 2); tuned on since (days asked as fixed or by
    # keyword, someone's number, a typed price, a name inside another thing's, what to bring, what the
    # bot is): 95.4%, 1.1% (5), 0, 0
    # ... tuned on in the session of v8: 97.0% (422), 0, 0, 0
    "v7": ((435, 95, 48), 0.96, 0.002, 0, 0),
    # measured once, blind, at the end of its session: 95.6% (368/385), 1.04% (4, 1 honest-partial),
    # 3 of 86, 1 of 40 (at its start: 94.8%, 1.3% (5), 3, 1); tuned on since (absent events asked as
    # 「X有比赛吗」, which categories, another county's figure said as such): 96.4% (371), 0.8% (3), 3, 1;
    # then (the place asked against the entry's: home before another county's, levels above the
    # county, amounts, words the sources never use): 96.6% (372), 0.5% (2), 1, 0; then (the study
    # material asked by its word, ages within a class, a level's venue, pinyin among characters, set
    # phrases asked by their count): 97.9% (377), 0, 0, 0
    "v8": ((385, 86, 40), 0.97, 0.003, 0, 0),
    # written blind to be tuned on: 91.6%, 3.0% (12), 8 of 86, 0 of 47 at the start; tuned: 97.0%, 0, 0, 0
    "t7": ((405, 86, 47), 0.96, 0.003, 0, 0),
    # written blind to be tuned on: 94.6%, 1.5% (6), 2 of 67, 0 of 42 before tuning; tuned: 97.1%, 0, 0, 0
    "t8": ((411, 67, 42), 0.97, 0.003, 0, 0),
    # written blind to be tuned on: 89.5%, 2.4% (7), 6 of 64, 2 of 34 before tuning; tuned: 99.7%, 0, 0, 0
    "t9": ((294, 64, 34), 0.98, 0.003, 0, 0),
    # measured once, blind, at the end of its session: 96.2% (359/373), 0.5% (2, 1 honest-partial),
    # 4 of 81, 0 of 37 (at its start: 96.5%, 0.5% (2), 6, 0)
    "v9": ((373, 81, 37), 0.96, 0.006, 4, 0),
    # written blind to be tuned on: 92.3%, 1.7% (7), 7 of 97, 1 of 45 before tuning; tuned: 98.6%, 0, 0, 0
    "t10": ((414, 97, 45), 0.98, 0.003, 0, 0),
    # measured once, blind, at the end of its session: 95.5% (378/396), 1.3% (5), 2 of 91, 1 of 39
    # (at its start: 95.2%, 1.3% (5), 2, 1)
    "v10": ((396, 91, 39), 0.95, 0.013, 2, 1),
    # written blind to be tuned on: 95.5%, 1.6% (7), 1 of 74, 2 of 42 before tuning; tuned: 97.5%, 0.2% (1), 0, 1
    "t11": ((440, 74, 42), 0.97, 0.003, 0, 1),
    # measured once, blind, at the end of its session: 95.4% (349/366), 1.1% (4, 1 honest-partial),
    # 1 of 87, 1 of 40 (at its start: 94.8%, 1.6% (6), 1, 1); tuned on since (v11c): 97.5%+, 0, 0, 0
    "v11": ((366, 87, 40), 0.97, 0.003, 0, 0),
    # written blind to be tuned on: 92.6%, 3.3% (17), 2 of 81, 1 of 41 before tuning; tuned: 96.3%, 0.8% (4), 0, 0
    "t12": ((514, 81, 41), 0.96, 0.008, 0, 0),
    # measured once, blind, at the end of its session: 97.4% (331/340), 0.3% (1), 0 of 95, 0 of 37
    # (at its start: 96.8%, 0.6% (2), 0, 0)
    "v12": ((340, 95, 37), 0.97, 0.003, 0, 0),
    # written blind to be tuned on: 94.9%, 1.4% (7), 3 of 99, 0 of 42 before tuning; tuned: 98.8%, 0, 0, 0
    "t13": ((512, 99, 42), 0.98, 0.002, 0, 0),
}


@pytest.mark.parametrize("part", sorted(GUARDS))
@pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])
async def test_a_sealed_part_keeps_what_its_evaluation_measured(tmp_path, part, aes):
    counts, floor_direct, ceiling_wrong, ceiling_near, ceiling_off = GUARDS[part]
    outcomes = await blind.run_webhook(blind.load_part(part), tmp_path, aes=aes, label=part)
    total, _ = blind.figures(outcomes)
    assert (total.n_in, total.n_near, total.n_off) == counts
    assert total.direct_correct_rate >= floor_direct, total.line()
    assert total.confident_wrong_rate <= ceiling_wrong, total.line()
    assert total.near_confident <= ceiling_near, total.line()
    assert total.off_confident <= ceiling_off, total.line()
