"""An on-disk cache of the built knowledge base, so a start does not read, validate and index
all the YAML again when none of it changed (~0.35 s of CPU per worker, more with more entries).

What is kept is the built object itself, pickled whole -- whatever the matcher's index holds --
in a file named by a fingerprint of everything the build reads (:func:`fingerprint`): the input
files' names and bytes, the settings the build uses, and the code that builds it (the source of
the ``knowledge`` and ``bot.core`` packages, FORMAT, the Python and library versions). Any
change to any of them is another name, so a stale file is never read: an edit from the console
rewrites a YAML file, and the reload after it looks for another fingerprint.

A file is ``MAGIC + sha256(payload) + payload``; one that is short, garbled or of another
format is ignored (and the build runs as without a cache). It is written to a temporary file in
the same directory and renamed over the name, so workers starting together each read a whole
file or none, and the last rename wins with the same bytes. A directory that is missing and cannot
be made, or cannot be written, only means every start builds in memory.

The file is trusted like the code: unpickling runs what it names, so the directory must be
writable only by the bot's own user (data/, as the SQLite file), and a file owned by another user
or writable by group or others is never read (run the bot's commands as its user: ``sudo -u fenjin``).
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

import numpy
import opencc
import pypinyin
import rapidfuzz
import yaml

log = logging.getLogger(__name__)

FORMAT = 1                     # bump when what a file holds changes in a way the code hash misses
MAGIC = b"FJKB\x00\x01\r\n"    # \r\n: a file mangled by a text-mode copy fails here
_DIGEST = hashlib.sha256
_DIGEST_SIZE = _DIGEST().digest_size
KEEP = 4                       # files of one kind kept: other fingerprints (a rolling deploy, an edit)
STALE_TEMP_SECONDS = 3600      # a temporary file this old was left by a process that died writing it
_PACKAGES = ("knowledge", "bot/core")   # the code a built knowledge base is made by


def _code_parts() -> list[bytes]:
    root = Path(__file__).resolve().parent.parent
    sources = [p for package in _PACKAGES for p in sorted((root / package).glob("*.py"))]
    # (pypinyin's tables make the pinyin channel: a new version is another build)
    libraries = [(m.__name__, getattr(m, "__version__", "?"), m.__file__) for m in (numpy, opencc, pypinyin, rapidfuzz, yaml)]
    return [repr((FORMAT, sys.version, sys.implementation.cache_tag, libraries)).encode(),
            *(part for p in sources for part in (p.name.encode(), p.read_bytes()))]


# The code as imported: a source edited after it (a checkout while a process runs) must not have
# this process's build stored under the edited code's name (see ``store``).
_code: list[bytes] = _code_parts()


def fingerprint(files: Iterable[tuple[str, bytes]], settings: Any) -> str:
    """The cache's name for a build from ``files`` ((name, bytes) pairs, in the order read) with
    ``settings`` (anything with a deterministic repr) by this code."""
    h = _DIGEST()
    for part in (*_code, *(x for name, data in files for x in (name.encode(), data)), repr(settings).encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:40]


def _path(directory: Path, kind: str, key: str) -> Path:
    return Path(directory) / f"{kind}-{key}.pickle"


def load(directory: Path | None, kind: str, key: str) -> Any:
    """The object kept under ``key``, or None (no directory, no file, or a file not whole)."""
    if directory is None:
        return None
    path = _path(directory, kind, key)
    try:
        st = path.stat()
        if st.st_uid != os.geteuid() or st.st_mode & 0o022 or Path(directory).stat().st_mode & 0o022:
            log.warning("knowledge cache %s is not this user's own (or others may write it); building instead", path)
            return None
        data = path.read_bytes()
        os.utime(path)                             # in use: the newest, the last pruned
    except FileNotFoundError:
        return None
    except OSError as e:
        log.warning("knowledge cache %s cannot be read (%s); building instead", path.name, e)
        return None
    head = len(MAGIC) + _DIGEST_SIZE
    payload = memoryview(data)[head:]          # not a copy of megabytes
    if len(data) <= head or not data.startswith(MAGIC) or _DIGEST(payload).digest() != data[len(MAGIC):head]:
        log.warning("knowledge cache %s is damaged; building instead", path.name)
        return None
    try:
        stored_key, value = pickle.loads(payload)   # noqa: S301 - our own file (module docstring)
    except Exception:      # a whole file this code cannot read back (pickle raises many kinds)
        log.warning("knowledge cache %s cannot be read; building instead", path.name, exc_info=True)
        return None
    return value if stored_key == key else None


def store(directory: Path | None, kind: str, key: str, value: Any) -> bool:
    """Keep ``value`` under ``key`` (atomically); False when it could not be written."""
    if directory is None:
        return False
    directory = Path(directory)
    if _code != _code_parts():
        log.warning("knowledge cache: the code changed on disk since this process started; not stored")
        return False
    try:
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:        # something the build holds cannot be pickled (a lambda, a lock): a bug, not a stop
        log.warning("knowledge cache: the built %s cannot be pickled; every start builds it", kind, exc_info=True)
        return False
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + _DIGEST(payload).digest())
            fh.write(payload)
        os.replace(tmp, _path(directory, kind, key))
    except OSError as e:
        log.warning("knowledge cache not written in %s: %s", directory, e)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    _prune(directory, kind)
    return True


def _prune(directory: Path, kind: str) -> None:
    """Keep the KEEP newest files of ``kind``; drop temporary files a dead writer left."""
    try:
        now = time.time()
        kept = sorted(((p.stat().st_mtime, p) for p in directory.glob(f"{kind}-*.pickle")), reverse=True)
        old = [p for _, p in kept[KEEP:]]
        old += [p for p in directory.glob(f".{kind}-*.tmp") if now - p.stat().st_mtime > STALE_TEMP_SECONDS]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError:          # another worker pruning at the same time, or a read-only directory
        pass
