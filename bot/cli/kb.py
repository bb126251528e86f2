"""`python -m bot kb check`: validate every knowledge YAML file and config.yaml's qa: and find: settings."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core.config import load_settings
from knowledge.check import reply_max, run_checks


def cli(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":          # accept both `kb check ...` remainders and bare options
        argv = argv[1:]
    ap = argparse.ArgumentParser(prog="python -m bot kb check",
                                 description="Validate the knowledge YAML files (Q&A, synonyms, catalogue, quiz) "
                                             "and config.yaml's qa: and find: settings.")
    ap.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    ap.add_argument("--dir", dest="knowledge_dir", help="knowledge directory to check instead of the configured one")
    args = ap.parse_args(argv)

    settings = load_settings(args.config)
    knowledge_dir = Path(args.knowledge_dir) if args.knowledge_dir else settings.knowledge_dir
    report = run_checks(knowledge_dir, reply_max(settings), settings.raw.get("qa"), settings.raw.get("find"))
    for line in report.problems:
        print(line)
    print(report.summary())
    return 0 if report.ok else 1
