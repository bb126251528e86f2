"""Exports for cadres: XLSX (opened with openpyxl) and CSV, masking, filters, formula neutralisation."""
from __future__ import annotations

import asyncio
import base64
import csv
import io
import os
import uuid
from datetime import date, datetime, timezone

import openpyxl
import pytest

from bot.core.idcrypt import IdCipher, IdKeyError
from bot.core.privacy import short_user
from bot.cli.export import cli
from bot.storage.export import HEADERS, export_signups, neutralise
from bot.storage.signups import EventInfo, NewSignup, SignupRepository
from tests.helpers import seeded_database
from tests.test_validators import make_id

NOW = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)
WRITING = EventInfo("writing", "国家通用语言文字书写比赛", "language", "语言文字类", date(2027, 3, 31), None)
BASKETBALL = EventInfo("basketball", "村BA篮球赛", "sports", "体育类", date(2027, 3, 25), None)
ARCHERY = EventInfo("archery", "射箭比赛", "sports", "体育类", date(2027, 4, 15), None)
ID1 = make_id(birth="19900615", seq="123")


@pytest.fixture
def key(monkeypatch):
    k = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setenv("ID_NUMBER_KEY", k)
    return k


async def seed(db, cipher: IdCipher | None = None) -> dict:
    async def add(openid, ev, name, *, now=NOW, **kw):
        fields = {"sex": "男", "age": 30, "township": "孜托镇", "village": "卡达村", "phone": "13800138000", **kw}
        row, _ = await SignupRepository(db).confirm(
            NewSignup(idem_key=uuid.uuid4().hex, openid=openid, for_other=kw.pop("for_other", False),
                      event=ev, name=name, consent_at=now, **fields),
            today=date(2027, 3, 1), max_events=3, now=now)
        return row

    ids = {}
    id_fields = {}
    if cipher is not None:
        id_fields = {"id_cipher": cipher.encrypt(ID1), "id_hash": cipher.hash(ID1),
                     "id_masked": ID1[:6] + "********" + ID1[-4:]}
    ids["zhaxi"] = await add("o1", WRITING, "扎西", **id_fields)
    ids["team"] = await add("o2", BASKETBALL, "次仁", team_name="=HYPERLINK(\"http://x\",\"点我\")",
                            team_members=["卓玛", "+格桑", "@多吉"], township="硕督镇", village="达翁村",
                            phone="13900139000")
    ids["minor"] = await add("o3", WRITING, "拉姆", age=9, phone=None, guardian_name="央金",
                             guardian_phone="13700137000", school="-1+1 小学", township="硕督镇", village="达翁村")
    ids["late"] = await add("o4", ARCHERY, "多吉", now=datetime(2027, 3, 10, 2, 0, tzinfo=timezone.utc),
                            school="\tTAB")
    gone = await add("o5", ARCHERY, "已取消")
    await SignupRepository(db).cancel("o5", gone.id, now=NOW)
    return ids


def sheet_rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


async def test_xlsx_sheets_masking_text_cells_and_injection(database, tmp_path, key):
    ids = await seed(database, IdCipher.from_env())
    out = tmp_path / "signups.xlsx"
    assert await export_signups(database, "xlsx", out) == 4                 # the cancelled one is left out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "语言文字类", "体育类"]
    lang = wb["语言文字类"]
    rows = sheet_rows(lang)
    assert rows[0] == HEADERS
    assert lang.freeze_panes == "A2"
    assert lang.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(HEADERS))}3"
    by_name = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in rows[1:]}
    zhaxi = by_name["扎西"]
    assert zhaxi["报名号"] == ids["zhaxi"].number
    assert zhaxi["手机号"] == "138****8000"
    assert zhaxi["身份证号"] == ID1[:6] + "********" + ID1[-4:]
    assert zhaxi["年龄"] == 30 and zhaxi["报名方式"] == "本人" and zhaxi["报名时间"] == "2027-03-01 12:00"
    assert zhaxi["录入人"] == "本人" and zhaxi["状态"] == "有效"
    minor = by_name["拉姆"]
    assert (minor["监护人"], minor["监护人电话"], minor["手机号"]) == ("央金", "137****7000", None)
    assert minor["学校"] == "'-1+1 小学"
    sports = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in sheet_rows(wb["体育类"])[1:]}
    team = sports["次仁"]
    assert team["队名"] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert team["队员"] == "卓玛、+格桑、@多吉"                            # not at the start of the cell: harmless
    assert team["队伍人数"] == 4
    assert sports["多吉"]["学校"] == "\tTAB"                            # no formula: left exactly as typed
    # Ages, birth years and team sizes are numbers (they sort); every other filled cell is text.
    numeric = {HEADERS.index(h) for h in ("年龄", "出生年份", "队伍人数")}
    for ws in (lang, wb["体育类"]):
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                expected = "n" if cell.column - 1 in numeric else "s"
                assert cell.value is None or cell.data_type == expected, (cell.coordinate, cell.value)
    summary = sheet_rows(wb["汇总"])
    flat = [[c for c in r if c not in (None, "")] for r in summary]
    assert ["有效报名总数", 4] in flat
    assert ["语言文字类", 2] in flat and ["体育类", 2] in flat
    assert ["体育类", "村BA篮球赛", 1] in flat and ["语言文字类", "国家通用语言文字书写比赛", 2] in flat
    assert ["硕督镇", 2] in flat and ["孜托镇", 2] in flat


async def test_full_export_needs_the_key_and_shows_numbers(database, tmp_path, key, monkeypatch):
    await seed(database, IdCipher.from_env())
    out = tmp_path / "full.xlsx"
    await export_signups(database, "xlsx", out, full=True)
    ws = openpyxl.load_workbook(out)["语言文字类"]
    rows = [dict(zip(HEADERS, r)) for r in sheet_rows(ws)[1:]]
    zhaxi = next(r for r in rows if r["姓名"] == "扎西")
    assert zhaxi["手机号"] == "13800138000" and zhaxi["身份证号"] == ID1      # long numbers stay text
    assert ws.cell(row=2, column=HEADERS.index("身份证号") + 1).data_type == "s"
    monkeypatch.delenv("ID_NUMBER_KEY")
    with pytest.raises(IdKeyError):
        await export_signups(database, "xlsx", tmp_path / "nokey.xlsx", full=True)
    assert not (tmp_path / "nokey.xlsx").exists()                           # no half-written file left


async def test_csv_has_bom_masks_and_neutralises(database, tmp_path):
    await seed(database)
    out = tmp_path / "signups.csv"
    assert await export_signups(database, "csv", out) == 4
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == 5
    records = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in rows[1:]}
    assert records["扎西"]["手机号"] == "138****8000"
    assert records["次仁"]["队名"].startswith("'=HYPERLINK")
    assert records["拉姆"]["学校"] == "'-1+1 小学"
    assert "13800138000" not in raw.decode("utf-8-sig")


async def test_filters(database, tmp_path):
    await seed(database)

    async def names(**filters) -> set[str]:
        buf = io.BytesIO()
        await export_signups(database, "csv", buf, **filters)
        rows = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"))))
        return {r[HEADERS.index("姓名")] for r in rows[1:]}

    assert await names(township="硕督镇") == {"次仁", "拉姆"}
    assert await names(township="硕督镇", village="达翁村") == {"次仁", "拉姆"}
    assert await names(village="卡达村") == {"扎西", "多吉"}
    assert await names(category="sports") == await names(category="体育类") == {"次仁", "多吉"}
    assert await names(event="archery") == await names(event="射箭比赛") == {"多吉"}
    assert await names(since=date(2027, 3, 5)) == {"多吉"}
    assert await names(township="没有这个镇") == set()


async def test_xlsx_to_a_file_object_and_empty_export(database):
    buf = io.BytesIO()
    assert await export_signups(database, "xlsx", buf) == 0
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["汇总"]
    with pytest.raises(ValueError):
        await export_signups(database, "pdf", io.BytesIO())


@pytest.mark.parametrize("value,out", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "\tx"),
    ("\t=1+1", "'\t=1+1"), (" @x", "' @x"), ("\r\n-2", "'\r\n-2"), ("\nx", "\nx"), ("扎西", "扎西"),
    ("a=b", "a=b"), (None, ""), (30, "30"), ("138****8000", "138****8000"),
])
def test_neutralise(value, out):
    assert neutralise(value) == out


def test_cli_reads_database_url(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path}/cli.db"
    seeded_database(url, seed)
    monkeypatch.setenv("DATABASE_URL", url)
    out = tmp_path / "out.xlsx"
    assert cli(["--format", "xlsx", "--out", str(out), "--township", "孜托镇"]) == 0
    assert "exported 2 sign-ups" in capsys.readouterr().out
    assert len(sheet_rows(openpyxl.load_workbook(out)["语言文字类"])) == 2
    out_csv = tmp_path / "out.csv"
    assert cli(["--out", str(out_csv), "--since", "2027-03-05"]) == 0        # format from the file name
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(SystemExit):
        cli(["--out", str(out), "--since", "5 March"])
    capsys.readouterr()
    # Names that match nothing: exit 2 and the closest valid names, in one line.
    for option, value, hint in (("--township", "康沙", "康沙镇"), ("--category", "体育", "体育类"),
                                ("--event", "篮球", "村BA篮球赛"), ("--village", "达翁", "达翁村")):
        assert cli(["--out", str(out), option, value]) == 2, option
        err = capsys.readouterr().err
        assert hint in err and len(err.strip().splitlines()) == 1, err
    # One-line errors: a missing folder, a suffix against --format, an unknown suffix.
    for args in (["--out", str(tmp_path / "missing" / "x.xlsx")], ["--out", str(out_csv), "--format", "xlsx"],
                 ["--out", str(tmp_path / "t7.txt")]):
        assert cli(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "t7.txt").exists()
    # --status: the cancelled one, and all of them; what the drop-downs offer (codes) works too.
    assert cli(["--out", str(out_csv), "--status", "cancelled"]) == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"))))
    assert [r[HEADERS.index("姓名")] for r in rows[1:]] == ["已取消"] and rows[1][HEADERS.index("状态")] == "已取消"
    assert cli(["--out", str(out_csv), "--status", "all", "--category", "sports", "--event", "archery"]) == 0
    assert "exported 2 sign-ups" in capsys.readouterr().out


async def test_export_does_not_block_the_bots_database(database, tmp_path):
    """While a long export streams, the bot (same Database object) can still write sign-ups."""
    await seed(database)
    import bot.storage.export as export_module

    started, release = asyncio.Event(), asyncio.Event()
    real_write = export_module._CsvWriter.write

    def slow_write(self, rows):
        started.set()
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result(timeout=10)
        real_write(self, rows)

    loop = asyncio.get_running_loop()
    export_module._CsvWriter.write = slow_write
    try:
        task = asyncio.create_task(export_signups(database, "csv", tmp_path / "slow.csv"))
        await asyncio.wait_for(started.wait(), 10)
        # The export is mid-stream; the bot stores a new sign-up meanwhile.
        row, created = await asyncio.wait_for(SignupRepository(database).confirm(
            NewSignup(idem_key="during-export", openid="o9", for_other=False, event=ARCHERY,
                      name="边巴", sex="男", age=30, township="孜托镇", village="卡达村", consent_at=NOW),
            today=date(2027, 3, 1), max_events=3, now=NOW), 10)
        assert created
        release.set()
        assert await task == 4
    finally:
        export_module._CsvWriter.write = real_write


ID_DIGITS = make_id(birth="19900615", seq="124")                   # ends in a digit, not X
assert ID_DIGITS[-1].isdigit()


async def test_csv_full_keeps_long_numbers_as_text(database, tmp_path, key):
    await seed(database)
    cipher = IdCipher.from_env()
    await SignupRepository(database).confirm(
        NewSignup(idem_key="with-id", openid="o8", for_other=False, event=ARCHERY, name="格桑", sex="女",
                  age=36, township="孜托镇", village="卡达村", consent_at=NOW, phone="13600136000",
                  id_cipher=cipher.encrypt(ID_DIGITS), id_hash=cipher.hash(ID_DIGITS),
                  id_masked=ID_DIGITS[:6] + "********" + ID_DIGITS[-4:]),
        today=date(2027, 3, 1), max_events=3, now=NOW)
    out = tmp_path / "full.csv"
    await export_signups(database, "csv", out, full=True)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    records = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in rows[1:]}
    gesang = records["格桑"]
    assert (gesang["手机号"], gesang["身份证号"]) == ("13600136000", ID_DIGITS)     # no stray characters
    assert records["拉姆"]["监护人电话"] == "13700137000"
    assert (gesang["年龄"], gesang["报名号"]) == ("36", f"BM{5 + 1:06d}")
    assert records["次仁"]["队名"].startswith("'=HYPERLINK") and records["多吉"]["学校"] == "\tTAB"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
async def test_failed_export_leaves_the_destination_untouched(database, tmp_path, key, monkeypatch, fmt):
    await seed(database, IdCipher.from_env())
    monkeypatch.delenv("ID_NUMBER_KEY")                            # --full cannot decrypt: fails mid-export
    buf = io.BytesIO()
    with pytest.raises(IdKeyError):
        await export_signups(database, fmt, buf, full=True)
    assert buf.getvalue() == b""                                   # no valid-looking partial list
    exports = tmp_path / "exports"
    exports.mkdir()
    previous = exports / f"previous.{fmt}"
    previous.write_bytes(b"last week's list")
    with pytest.raises(IdKeyError):
        await export_signups(database, fmt, previous, full=True)
    assert previous.read_bytes() == b"last week's list"
    assert [p.name for p in exports.iterdir()] == [f"previous.{fmt}"]          # no temporary file left


async def test_enterer_column(database, tmp_path):
    signups = SignupRepository(database)
    await seed(database)
    buf = io.BytesIO()
    await export_signups(database, "csv", buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"))))
    records = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in rows[1:]}
    assert records["扎西"]["录入人"] == "本人" and records["次仁"]["录入人"] == "本人"
    # Someone signed up by another WeChat user: that user's own name, else a short id (never the openid).
    await signups.confirm(NewSignup(
        idem_key="proxy-1", openid="o1", for_other=True, event=ARCHERY, name="阿妈", sex="女", age=60,
        township="孜托镇", village="卡达村", consent_at=NOW), today=date(2027, 3, 1), max_events=3, now=NOW)
    await signups.confirm(NewSignup(
        idem_key="proxy-2", openid="stranger", for_other=True, event=ARCHERY, name="阿爸", sex="男", age=61,
        township="孜托镇", village="卡达村", consent_at=NOW), today=date(2027, 3, 1), max_events=3, now=NOW)
    buf = io.BytesIO()
    await export_signups(database, "csv", buf)
    text = buf.getvalue().decode("utf-8-sig")
    records = {r[HEADERS.index("姓名")]: dict(zip(HEADERS, r)) for r in csv.reader(io.StringIO(text))}
    assert records["阿妈"]["录入人"] == "代报：扎西"
    assert records["阿爸"]["录入人"] == "代报：微信用户 " + short_user("stranger") and "stranger" not in text
