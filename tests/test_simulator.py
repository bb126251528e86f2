"""/simulator: off unless switched on; when on, messages travel through the real signed /wechat path."""
from __future__ import annotations

import re

from tests.console_support import site


async def test_simulator_is_a_404_unless_switched_on(tmp_path):
    async with site(tmp_path) as s:
        assert (await s.client.get("/simulator")).status == 404
        assert (await s.client.post("/simulator/send", json={"text": "菜单"})).status == 404


def test_make_run_switches_it_on():
    from pathlib import Path
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "FENJIN_SIMULATOR=1" in run and "--port $(PORT)" in run


async def test_simulator_talks_through_the_signed_webhook(tmp_path, caplog):
    async with site(tmp_path, simulator={"enabled": True}) as s:
        page = await s.client.get("/simulator")
        html = await page.text()
        assert page.status == 200 and "<script src=\"/admin/static/simulator.js\"" in html
        token = re.search(r'data-token="([^"]+)"', html).group(1)
        assert "答题练习" in html and "SIGNUP" in html             # the config menu
        forged = await s.client.post("/simulator/send", json={"kind": "text", "text": "菜单"},
                                     headers={"X-Simulator-Token": "forged"})
        assert forged.status == 403
        caplog.set_level("INFO", logger="bot.webhook")
        headers = {"X-Simulator-Token": token}
        reply = await (await s.client.post("/simulator/send", json={"kind": "text", "text": "帮助", "user": "sim-a"},
                                           headers=headers)).json()
        assert "报名" in reply["reply"]
        voice = await (await s.client.post("/simulator/send", json={"kind": "voice", "text": "答题", "user": "sim-a"},
                                           headers=headers)).json()
        assert voice["reply"]
        click = await (await s.client.post("/simulator/send", json={"kind": "click", "key": "SIGNUP", "user": "sim-b"},
                                           headers=headers)).json()
        assert "报名" in click["reply"]
        kinds = [getattr(r, "fields", {}).get("type") for r in caplog.records if getattr(r, "fields", None)]
        assert {"text", "voice", "event:click"} <= set(kinds)      # logged by the webhook: the real path
