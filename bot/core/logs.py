"""Structured logs: one JSON line per event; phone and ID numbers never appear in clear."""
from __future__ import annotations

import logging
import math
import sys
import time
from json.encoder import encode_basestring

from bot.core.jsonline import to_json
from bot.core.privacy import mask_sensitive


class JsonFormatter(logging.Formatter):
    def __init__(self, worker: int | None = None):
        super().__init__()
        self.worker = worker      # which of several `serve --workers` processes wrote the line
        self._gaps: dict[tuple, tuple[str, ...]] = {}     # event_line's texts, per (level, logger, field names)

    def format(self, record: logging.LogRecord) -> str:
        data = {"ts": round(record.created, 3), "level": record.levelname.lower(), "logger": record.name}
        if self.worker is not None:
            data["worker"] = self.worker
        fields = getattr(record, "fields", None)
        if record.msg and not (fields and record.msg == fields.get("event")):
            data["msg"] = record.getMessage()
        if fields:
            data.update(fields)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        # Last line of defence: whatever slipped into a log line, mask it.
        return mask_sensitive(to_json(data, default=str))

    def event_line(self, created: float, levelname: str, name: str, fields: dict) -> str:
        """:meth:`format` of log_event's record (its message is ``fields["event"]``, no exception).

        The text between the values is made once per (level, logger, field names) and each value
        encoded alone: a third of what encoding the whole dict cost, on a line per message."""
        shape = (levelname, name, tuple(fields))
        gaps = self._gaps.get(shape)
        if gaps is None:
            if not fields or _HEAD.intersection(fields):     # (a field replacing a head value) the plain way
                data = {"ts": round(created, 3), "level": levelname.lower(), "logger": name}
                if self.worker is not None:
                    data["worker"] = self.worker
                data.update(fields)
                return mask_sensitive(to_json(data, default=str))
            gaps = self._gaps[shape] = self._line_gaps(levelname, name, shape[2])
        parts = [gaps[0], _json_value(round(created, 3))]
        for gap, value in zip(gaps[1:], fields.values()):
            parts += (gap, _json_value(value))
        parts.append("}")
        return mask_sensitive("".join(parts))

    def _line_gaps(self, levelname: str, name: str, keys: tuple) -> tuple[str, ...]:
        """What goes before each value of a line: ``{"ts": ``, then the level, the logger, the
        worker and the first field's name, then each next field's name."""
        head = f', "level": {to_json(levelname.lower())}, "logger": {to_json(name)}'
        if self.worker is not None:
            head += f', "worker": {to_json(self.worker)}'
        names = [f", {to_json(key, default=str)}: " for key in keys]
        return ('{"ts": ', head + names[0], *names[1:])


_HEAD = frozenset(("ts", "level", "logger", "worker"))


def _json_value(value) -> str:
    """``to_json(value, default=str)``, plain strings and numbers without the encoder's set-up."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)
    return to_json(value, default=str)


class _LineHandler(logging.StreamHandler):
    """A StreamHandler that leaves the flush after each line to a line-buffered stream (stderr is),
    which does it on the line's end anyway."""

    def flush(self) -> None:
        if not getattr(self.stream, "line_buffering", False):
            super().flush()


def setup_logging(level: str = "INFO", worker: int | None = None) -> None:
    global _line_handler
    handler = _line_handler = _LineHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(worker))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # The JSON lines use none of the caller's file/line, thread or process: skip collecting them
    # for every record (the logging HOWTO's "Optimization" section; a stack walk per line otherwise).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging.logAsyncioTasks = False       # Python 3.12+: the task's name, unused too
    global _plain_record
    _plain_record = vars(logging.LogRecord("", 0, _NO_FILE, 0, "", (), None, _NO_FUNC))


_NO_FILE, _NO_FUNC = "(unknown file)", "(unknown function)"     # what Logger._log names without _srcfile
# After setup_logging: the attributes of a record made with the settings it chose (no caller, thread
# or process), copied into each event's record instead of running LogRecord.__init__ (a fifth of a
# log line's time, and there is a line per message).
_plain_record: dict | None = None
_line_handler: _LineHandler | None = None      # the handler setup_logging installed


def _only_line_handler(logger: logging.Logger, level: int) -> _LineHandler | None:
    """setup_logging's handler when a record of ``logger`` at ``level`` would go there and nowhere
    else, unchanged on its way (no filter, the JSON formatter): then log_event writes its line itself."""
    handler = _line_handler
    if handler is None or logger.filters or logger.disabled or handler.filters or level < handler.level \
            or type(handler.formatter) is not JsonFormatter:
        return None
    current: logging.Logger | None = logger
    while current is not None:              # Logger.callHandlers' walk up the hierarchy
        if current.handlers:
            return handler if len(current.handlers) == 1 and current.handlers[0] is handler else None
        if not current.propagate:
            return None
        current = current.parent
    return None


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields) -> None:
    fields = {"event": event, **fields}
    if (_plain_record is None or logging._srcfile is not None or logging.logThreads or logging.logProcesses
            or logging.logMultiprocessing or getattr(logging, "logAsyncioTasks", False)
            or logging.getLogRecordFactory() is not logging.LogRecord
            or type(logger).makeRecord is not logging.Logger.makeRecord):
        logger.log(level, event, extra={"fields": fields})
        return
    if not logger.isEnabledFor(level):
        return
    created = time.time()
    handler = _only_line_handler(logger, level)
    if handler is not None:
        # The line the handler would write for the record below, without making the record and
        # passing it through Logger.handle, callHandlers and Handler.handle (half a line's time).
        line = handler.formatter.event_line(created, logging.getLevelName(level), logger.name, fields)
        handler.acquire()
        try:
            handler.stream.write(line + handler.terminator)
            handler.flush()
            return
        except Exception:           # whatever the stream did: the standard way, which reports it
            pass
        finally:
            handler.release()
    # The record Logger.log would make, with the same attributes and values.
    record = logging.LogRecord.__new__(logging.LogRecord)
    attrs = record.__dict__
    attrs.update(_plain_record)
    attrs.update(name=logger.name, msg=event, levelname=logging.getLevelName(level), levelno=level,
                 created=created, msecs=int((created - int(created)) * 1000) + 0.0,
                 relativeCreated=(created - logging._startTime) * 1000, fields=fields)
    logger.handle(record)
