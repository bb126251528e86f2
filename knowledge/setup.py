"""What the county still has to fill in before launch: one list for the console's dashboard and
the log line ``serve`` writes at start.

Two sources: the catalogue's values (office phone; capacity, venues and prizes of each event --
prizes may be set once for the whole campaign) and the notes the catalogue's editors left in it
(comments or values saying 待核实, 暂定, 请县里填写), each with the file and line where it is set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKERS = re.compile(r"待核实|暂定|请县里填写|请县里补")
_TOWNSHIP_LINE = re.compile(r"^\s*-\s*name:\s*(\S+)")
_EVENT_FIELDS = (("venues", "比赛地点"), ("prizes", "奖品"))   # published details; campaign-wide when set there


@dataclass(frozen=True)
class SetupItem:
    key: str              # office_phone | villages | note | capacity | venues | prizes
    text: str             # what to do, in Chinese
    file: str             # where it is set (a knowledge file name) ...
    line: int             # ... and line (0: the whole file)

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def setup_checklist(catalogue: Any, catalogue_path: Path | str) -> list[SetupItem]:
    path = Path(catalogue_path)
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    items: list[SetupItem] = []
    campaign = getattr(catalogue, "campaign", None)
    if campaign is not None and not campaign.office_phone:
        items.append(SetupItem("office_phone", "填写县活动办电话（没填时，回复里不提电话）", name,
                               _line_of(lines, "office_phone:")))
    items.extend(_notes(lines, name))
    events = list(getattr(catalogue, "events", []) or [])
    if events:
        open_ended = [e for e in events if e.capacity is None]
        if open_ended:
            items.append(SetupItem("capacity", f"{len(open_ended)} 个项目没定名额（capacity: null 表示不限），"
                                   f"如：{'、'.join(e.name for e in open_ended[:3])}", name, open_ended[0].line))
        for key, label in _EVENT_FIELDS:
            unset = [e for e in events if not (getattr(e, key, None) or getattr(campaign, key, None))]
            if unset:
                items.append(SetupItem(key, f"{len(unset)} 个项目没填{label}（{key}）", name,
                                       unset[0].line if len(unset) < len(events) else 0))
    return items


def _line_of(lines: list[str], text: str) -> int:
    for i, line in enumerate(lines, 1):
        if text in line:
            return i
    return 0


def _notes(lines: list[str], name: str) -> list[SetupItem]:
    """Every line of the file that says something is provisional, named by its township when it
    is inside one (the villages still to verify)."""
    out: list[SetupItem] = []
    township = None
    in_townships = False
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not line.startswith((" ", "#", "-")) and stripped:
            in_townships = stripped.startswith("townships:")
            township = None
        elif in_townships and (m := _TOWNSHIP_LINE.match(line)):
            township = m.group(1)
        if not MARKERS.search(line):
            continue
        note = stripped.lstrip("#").strip()
        if in_townships and township:
            out.append(SetupItem("villages", f"核实{township}的村名：{note}", name, i))
        else:
            out.append(SetupItem("note", f"核对：{note}", name, i))
    return out
