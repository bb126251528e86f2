"""One error type for every invalid YAML file: a list of `file:line: entry-id: problem` lines."""
from __future__ import annotations


class KBError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
