"""`python -m bot admin`: console accounts from the server's command line.

    python -m bot admin add-user 县活动办 --role county
    python -m bot admin add-user 硕督镇干部 --role township --township 硕督镇
    python -m bot admin reset NAME | disable NAME | enable NAME | list

The password is read twice: from the terminal without echo, or, when standard input is not a
terminal, as two lines of it (``printf 'pw\\npw\\n' | python -m bot admin add-user ...``).
"""
from __future__ import annotations

import argparse
import asyncio
import difflib
import getpass
import sys
from datetime import datetime, timezone

from bot.console.auth import hash_password, password_problem
from bot.core.config import load_settings
from bot.storage import Database
from bot.storage.accounts import ROLES, TOWNSHIP, AccountExists, Accounts, NoSuchAccount
from knowledge.catalogue import load_catalogue
from knowledge.errors import KBError


class CliError(Exception):
    pass


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("密码 (password): ")
        second = getpass.getpass("再输一次 (again): ")
    else:
        first, second = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    if first != second:
        raise CliError("the two passwords differ; nothing changed")
    problem = password_problem(first)
    if problem:
        raise CliError(problem)
    return first


def check_township(settings, township: str) -> None:
    try:
        names = [t.name for t in load_catalogue(settings.knowledge_dir / "catalogue.yaml").townships]
    except KBError:
        return                    # an invalid catalogue is `kb check`'s business, not a reason to refuse
    if township not in names:
        close = difflib.get_close_matches(township, names, n=3, cutoff=0.3)
        hint = f"; closest: {', '.join(close)}" if close else f"; townships: {', '.join(names)}"
        raise CliError(f"no township {township!r} in the catalogue{hint}")


def cli(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot admin", description="Cadre console accounts.")
    ap.add_argument("--config", help="config.yaml to read (default: FENJIN_CONFIG or ./config.yaml)")
    sub = ap.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add-user", help="create an account (password read twice)")
    add.add_argument("name", help="the login name")
    add.add_argument("--role", choices=ROLES, required=True,
                     help="county: everything; township: only its township's data, masked")
    add.add_argument("--township", help="the township of a township account (a name from the catalogue)")
    for name, text in (("reset", "set a new password (read twice); logs the account out"),
                       ("disable", "stop an account from logging in; logs it out"),
                       ("enable", "let a disabled account log in again")):
        sub.add_parser(name, help=text).add_argument("name")
    sub.add_parser("list", help="list the accounts")
    for p in sub.choices.values():
        p.add_argument("--config", default=argparse.SUPPRESS, help="config.yaml to read")
    args = ap.parse_args(list(sys.argv[1:] if argv is None else argv))
    settings = load_settings(args.config)
    try:
        if args.action == "add-user":
            if args.role == TOWNSHIP and not args.township:
                raise CliError("a township account needs --township")
            if args.role != TOWNSHIP and args.township:
                raise CliError("a county account has no --township")
            if args.township:
                check_township(settings, args.township)
        password = read_password() if args.action in ("add-user", "reset") else ""
        print(asyncio.run(_run(settings, args, password)))
    except (CliError, AccountExists, NoSuchAccount) as e:
        text = {AccountExists: "an account named {} already exists",
                NoSuchAccount: "no account named {}"}.get(type(e), "{}").format(e)
        print(f"error: {text}", file=sys.stderr)
        return 1
    return 0


async def _run(settings, args, password: str) -> str:
    db = Database(settings.database_url)
    try:
        await db.migrate()
        accounts = Accounts(db)
        now = datetime.now(timezone.utc)
        if args.action == "add-user":
            acc = await accounts.create(args.name, args.role, args.township, hash_password(password), now)
            await accounts.audit("cli", "-", "account-create", f"{acc.name} {acc.role} {acc.township or ''}".strip(), now)
            return f"created {acc.role} account {acc.name}" + (f" ({acc.township})" if acc.township else "")
        if args.action == "reset":
            await accounts.set_password(args.name, hash_password(password), now)
        elif args.action in ("disable", "enable"):
            await accounts.set_disabled(args.name, args.action == "disable")
        else:
            rows = await accounts.all()
            return "\n".join(f"{a.name}\t{a.role}\t{a.township or '-'}\t{'disabled' if a.disabled else 'active'}"
                             for a in rows) or "no accounts"
        await accounts.audit("cli", "-", f"account-{args.action}", args.name, now)
        return f"{args.action}: {args.name}"
    finally:
        await db.close()
