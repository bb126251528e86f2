"""Structured logs: one JSON line per event; phone and ID numbers never appear in clear."""
from __future__ import annotations

import json
import logging
import sys

from bot.core.privacy import mask_sensitive


_to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode     # built once: a line per message


class JsonFormatter(logging.Formatter):
    def __init__(self, worker: int | None = None):
        super().__init__()
        self.worker = worker      # which of several `serve --workers` processes wrote the line

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
        return mask_sensitive(_to_json(data))


class _LineHandler(logging.StreamHandler):
    """A StreamHandler that leaves the flush after each line to a line-buffered stream (stderr is),
    which does it on the line's end anyway."""

    def flush(self) -> None:
        if not getattr(self.stream, "line_buffering", False):
            super().flush()


def setup_logging(level: str = "INFO", worker: int | None = None) -> None:
    handler = _LineHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(worker))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # The JSON lines use none of the caller's file/line, thread or process: skip collecting them
    # for every record (the logging HOWTO's "Optimization" section; a stack walk per line otherwise).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields) -> None:
    logger.log(level, event, extra={"fields": {"event": event, **fields}})
