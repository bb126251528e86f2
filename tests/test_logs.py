"""The log line's fast paths say what the standard ones say: log_event's record is the one
Logger.log makes, to_json's text is json.dumps's, from_json reads as json.loads."""
from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import logs
from bot.core.jsonline import from_json, to_json
from bot.core.logs import JsonFormatter, log_event, setup_logging


@pytest.fixture
def set_up_logging():
    """setup_logging as `serve` runs it, and everything it changes put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging._srcfile, logging.logThreads, logging.logProcesses,
             logging.logMultiprocessing, getattr(logging, "logAsyncioTasks", None), logs._plain_record,
             logging.getLogger("aiohttp.access").level)
    setup_logging()
    yield
    (root.handlers[:], level, logging._srcfile, logging.logThreads, logging.logProcesses,
     logging.logMultiprocessing, tasks, logs._plain_record, access) = saved
    root.setLevel(level)
    logging.getLogger("aiohttp.access").setLevel(access)
    if tasks is None:
        del logging.logAsyncioTasks
    else:
        logging.logAsyncioTasks = tasks


class Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_log_event_makes_the_record_logger_log_makes(set_up_logging):
    logger = logging.getLogger("bot.test-fast-record")
    keep = Keep()
    logger.addHandler(keep)
    try:
        log_event(logger, "message", type="text", user="u1", latency_ms=1.5)
        logger.log(logging.INFO, "message", extra={"fields": {"event": "message", "type": "text", "user": "u1",
                                                               "latency_ms": 1.5}})
        log_event(logger, "debug-only", logging.DEBUG)          # below the level: no record
    finally:
        logger.removeHandler(keep)
    fast, slow = (vars(r) for r in keep.records)
    assert len(keep.records) == 2
    timing = {"created", "msecs", "relativeCreated"}
    assert {k: v for k, v in fast.items() if k not in timing} == {k: v for k, v in slow.items() if k not in timing}
    assert fast.keys() == slow.keys()
    assert fast["created"] <= slow["created"]
    lines = [json.loads(JsonFormatter().format(r)) for r in keep.records]
    assert {k: v for k, v in lines[0].items() if k != "ts"} == {k: v for k, v in lines[1].items() if k != "ts"}


def test_log_event_writes_the_line_the_handler_would_write(set_up_logging):
    """Straight to setup_logging's handler (no record made) when nothing else would see the record:
    the same line as the record's, phone numbers masked, levels below the logger's left out."""
    handler = logging.getLogger().handlers[0]
    handler.stream, stream = io.StringIO(), handler.stream
    logger = logging.getLogger("bot.test-direct-line")
    fields = {"type": "text", "user": "u1", "latency_ms": 1.5, "said": "电话13912345678", "n": None}
    try:
        log_event(logger, "message", **fields)
        log_event(logger, "debug-only", logging.DEBUG)
        logger.log(logging.INFO, "message", extra={"fields": {"event": "message", **fields}})
        direct, standard = handler.stream.getvalue().splitlines()
    finally:
        handler.stream = stream
    direct, standard = json.loads(direct), json.loads(standard)
    assert direct.pop("ts") <= standard.pop("ts")
    assert direct == standard and direct["said"] == "电话139****5678" and direct["logger"] == "bot.test-direct-line"


def test_log_event_without_setup_goes_the_standard_way(caplog):
    caplog.set_level(logging.INFO)
    log_event(logging.getLogger("bot.test-plain"), "started", port=1)
    (record,) = [r for r in caplog.records if r.name == "bot.test-plain"]
    assert record.fields == {"event": "started", "port": 1} and record.getMessage() == "started"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.integers() | st.booleans(),
                                                               inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_to_json_is_json_dumps(value):
    assert to_json(value) == json.dumps(value, ensure_ascii=False)
    assert to_json(value, default=str) == json.dumps(value, ensure_ascii=False, default=str)


def test_to_json_of_what_json_cannot_say():
    class Thing:
        def __str__(self):
            return "thing"
    assert to_json({"a": Thing()}, default=str) == json.dumps({"a": Thing()}, ensure_ascii=False, default=str)
    with pytest.raises(TypeError, match="Object of type Thing is not JSON serializable"):
        to_json({"a": Thing()})


_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.text(), max_size=2),
                    st.dates())


@given(fields=st.dictionaries(st.sampled_from(["event", "type", "user", "latency_ms", "said", "level", "ts",
                                               "worker", "logger", "电话", "n"]), _values, min_size=1),
       worker=st.one_of(st.none(), st.integers(1, 4)))
def test_event_line_is_the_dict_encoded_whole(fields, worker):
    """The line built from texts made once per shape is the one encoding the whole dict gives,
    masked alike (also a second time, from the kept texts)."""
    formatter = JsonFormatter(worker)
    data = {"ts": round(1796611048.6907, 3), "level": "info", "logger": "bot.webhook"}
    if worker is not None:
        data["worker"] = worker
    data.update(fields)
    expected = logs.mask_sensitive(to_json(data, default=str))
    for _ in range(2):
        assert formatter.event_line(1796611048.6907, "INFO", "bot.webhook", fields) == expected


_json_trees = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                           max_leaves=12)


@given(value=_json_trees)
def test_from_json_reads_what_to_json_wrote_as_json_loads_does(value):
    text = to_json(value)
    assert from_json(text) == json.loads(text)


@pytest.mark.parametrize("text", ["", " {}", "{} ", "{}x", "[1,", "nul", "\ufeff{}", '"a"'])
def test_from_json_says_what_json_loads_says_of_other_texts(text):
    try:
        expected = json.loads(text)
    except json.JSONDecodeError as e:
        with pytest.raises(json.JSONDecodeError) as got:
            from_json(text)
        assert str(got.value) == str(e)
    else:
        assert from_json(text) == expected
