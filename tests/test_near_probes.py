"""Near misses about the policy facts F01–F44 (tests/data/near_probes.yaml), through the real webhook.

Each out-of-scope probe asks a detail the sources do not give -- how many 讲习堂 the county has, what
the 「三个培养」工程 trains, which unit the office sits in, what one man earns from 虫草 -- and must
not get a confident answer: a fallback, a 「您是不是想问」 list or an honest partial reply (没有资料 /
还没公布 / 不清楚, then what the entry does give) are all right. Each in-scope control asks what the
sources do give, and must still be answered directly with its figures."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests import blind

PROBES = Path(__file__).resolve().parent / "data" / "near_probes.yaml"


def load() -> list[blind.Item]:
    doc = yaml.safe_load(PROBES.read_text(encoding="utf-8"))
    return [blind.Item(q=str(d["q"]), persona=str(d["persona"]), scope=str(d["scope"]),
                       must=tuple(tuple(str(a) for a in group) for group in d.get("must") or ()),
                       kind=str(d.get("kind") or ""))
            for d in doc["items"]]


def test_the_probe_set_is_its_own_and_covers_both_sides():
    items = load()
    spent = {blind.plain(i.q) for part in blind.TUNING_PARTS for i in blind.load_part(part)}     # spent parts only
    assert not [i.q for i in items if blind.plain(i.q) in spent]            # none copied from a blind part
    assert len({i.q for i in items}) == len(items)
    assert sum(i.scope == "out" for i in items) >= 100 and sum(i.scope == "in" for i in items) >= 50
    assert {i.persona for i in items} >= {"voice", "typing", "traditional", "cadre"}


async def test_no_near_miss_is_answered_with_confidence_and_the_controls_still_are(tmp_path):
    outcomes = await blind.run_webhook(load(), tmp_path, aes=False, label="near")
    confident = [o.item.q for o in outcomes if o.item.scope == "out" and o.confident]
    assert confident == []
    missed = [f"{o.item.q} -> {o.reply[:60]}" for o in outcomes if o.item.scope == "in" and not o.correct]
    assert missed == []
