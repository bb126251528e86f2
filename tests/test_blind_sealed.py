"""The sealed blind part v2 (tests/data/blind/v2/), through the real webhook in plain and AES mode.

It was written blind, committed before the tuning of its session and evaluated once at the end
(2026-12-06; figures in tests/data/blind/README.md). Issue 11's targets (tests.blind.TARGET_*) are
not met yet: direct-correct 83.0% against 90%, confident-wrong 7.0% against 1%. Until they are, this
guards what that evaluation measured, so a later change cannot quietly lose it; the part is spent, so
tuning on it from now on is no longer blind."""
from __future__ import annotations

import pytest

from tests import blind

# What the one evaluation measured, with a little room (a point of direct-correct is 5 questions).
FLOOR_DIRECT_CORRECT = 0.82           # measured 83.0% (426/513)
CEILING_CONFIDENT_WRONG = 0.075       # measured 7.0% (36)
CEILING_NEAR_MISS_CONFIDENT = 12      # measured 10 of 96


@pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])
async def test_the_sealed_part_keeps_what_its_evaluation_measured(tmp_path, aes):
    outcomes = await blind.run_webhook(blind.load_part("v2"), tmp_path, aes=aes, label="v2")
    total, _ = blind.figures(outcomes)
    assert (total.n_in, total.n_near, total.n_off) == (513, 96, 53)
    assert total.direct_correct_rate >= FLOOR_DIRECT_CORRECT, total.line()
    assert total.confident_wrong_rate <= CEILING_CONFIDENT_WRONG, total.line()
    assert total.near_confident <= CEILING_NEAR_MISS_CONFIDENT, total.line()
    assert total.off_confident == 0, total.line()
