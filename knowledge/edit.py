"""Editing the Q&A files from the console: add a wording to an entry's ``similar`` list, or append
a new entry -- written with ruamel.yaml's round-trip mode, so comments, order, quoting and layout
of everything else stay as the county wrote them.

An edit is checked before anything is written: the changed file goes into a scratch copy of the
knowledge directory and that copy is validated by ``knowledge.check.run_checks`` -- exactly
what `kb check` and the server's load run. Any problem refuses the edit (``EditRefused`` with the
validator's lines, naming the real file) and the real file is untouched; otherwise the file is
replaced in one rename.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from knowledge.check import run_checks

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_lock = threading.Lock()        # one edit at a time per process: read, check, replace


class EditRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:3]))
        self.problems = problems


@dataclass(frozen=True)
class EditResult:
    file: Path
    entry_id: str


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096                      # never re-wrap a long answer
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def qa_files(knowledge_dir: Path) -> list[Path]:
    return sorted((Path(knowledge_dir) / "qa").glob("*.yaml"))


def _load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def find_entry(knowledge_dir: Path, entry_id: str) -> tuple[Path, Any, Any] | None:
    """(file, document, entry mapping) of the entry with this id."""
    for path in qa_files(knowledge_dir):
        doc = _load(path)
        for entry in (doc or {}).get("entries") or []:
            if isinstance(entry, dict) and str(entry.get("id")) == entry_id:
                return path, doc, entry
    return None


def add_variant(knowledge_dir: Path, entry_id: str, wording: str, *, reply_max_bytes: int,
                qa_settings: Any = None) -> EditResult:
    """Append ``wording`` to the entry's ``similar`` list (created when missing)."""
    wording = " ".join(wording.split())
    if not wording:
        raise EditRefused(["问法是空的"])
    with _lock:
        found = find_entry(knowledge_dir, entry_id)
        if found is None:
            raise EditRefused([f"没有 id 为 {entry_id!r} 的条目"])
        path, doc, entry = found
        similar = entry.get("similar")
        if similar is None:
            similar = CommentedSeq()
            _insert_after(entry, "question", "similar", similar)
        if wording in similar or wording == entry.get("question"):
            raise EditRefused([f"{entry_id} 已经有这个问法：{wording}"])
        similar.append(wording)
        _check_and_write(knowledge_dir, path, _dump(doc), reply_max_bytes, qa_settings)
        return EditResult(path, entry_id)


def add_entry(knowledge_dir: Path, file_name: str, *, entry_id: str, question: str, answer: str,
              similar: list[str], reply_max_bytes: int, qa_settings: Any = None) -> EditResult:
    """Append a new entry (id, question, similar, answer) to ``qa/<file_name>``."""
    entry_id, question, answer = entry_id.strip(), " ".join(question.split()), answer.strip()
    problems = []
    if not ID_RE.match(entry_id):
        problems.append(f"id {entry_id!r} 只能用小写字母、数字、- 和 _（如 local-cordyceps-price）")
    if not question:
        problems.append("问题是空的")
    if not answer:
        problems.append("回答是空的")
    if problems:
        raise EditRefused(problems)
    with _lock:
        path = Path(knowledge_dir) / "qa" / file_name
        if path not in qa_files(knowledge_dir):
            raise EditRefused([f"没有这个文件：qa/{file_name}"])
        doc = _load(path)
        entries = doc.get("entries")
        new = CommentedMap()
        new["id"] = entry_id
        new["question"] = question
        variants = [v for v in (" ".join(s.split()) for s in similar) if v]
        if variants:
            new["similar"] = CommentedSeq(variants)
        new["answer"] = LiteralScalarString(answer.replace("\r\n", "\n"))
        entries.append(new)
        text = _dump(doc)
        if not text.endswith("\n"):
            text += "\n"
        _check_and_write(knowledge_dir, path, text, reply_max_bytes, qa_settings)
        return EditResult(path, entry_id)


def _insert_after(mapping: CommentedMap, after: str, key: str, value: Any) -> None:
    keys = list(mapping.keys())
    mapping.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)


def _check_and_write(knowledge_dir: Path, path: Path, text: str, reply_max_bytes: int, qa_settings: Any) -> None:
    knowledge_dir = Path(knowledge_dir)
    with tempfile.TemporaryDirectory(prefix="kb-edit-") as scratch:
        copy = Path(scratch) / "knowledge"
        shutil.copytree(knowledge_dir, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.pyc"))
        (copy / path.relative_to(knowledge_dir)).write_text(text, encoding="utf-8")
        report = run_checks(copy, reply_max_bytes, qa_settings)
        if report.problems:
            raise EditRefused([p.replace(str(copy), str(knowledge_dir)) for p in report.problems])
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, path.stat().st_mode & 0o777)
    os.replace(tmp, path)
