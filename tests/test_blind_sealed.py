"""Issue 11's targets on the sealed part of the blind set, through the real webhook (plain and AES).

The sealed part is evaluated once, at the end of issue 11: run this file on purpose, never while
tuning (``pytest -k 'not sealed'`` leaves it out). The figures and every miss are in the message
when it fails; ``benchmarks/match.py --blind sealed`` prints them per persona."""
from __future__ import annotations

import pytest

from tests import blind

pytestmark = pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes"])


async def test_sealed_part_meets_the_issue_11_targets(tmp_path, aes):
    outcomes = await blind.run_webhook(blind.load_part("sealed"), tmp_path, aes=aes, label="sealed")
    total, _ = blind.figures(outcomes)
    failed = blind.target_failures(total)
    assert not failed, "\n".join([total.line(), *failed, *map(blind.describe, total.misses)])
