"""`python -m dashboard`: init-db, seed, info. Exit 0 on success, 1 with one line on failure."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, db, queries, settings
from dashboard.national import load_national
from dashboard.reaggregate import check_crosswalk
from dashboard.seed import SeedError, seed


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", help="database URL (default: secrets, then "
        "LEARNING_CITY_DB_URL, then the embedded SQLite file)",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Learning-city dashboard administration."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", parents=[common], help="create or upgrade the schema")
    p = sub.add_parser("seed", parents=[common], help="load the shipped data (idempotent)")
    p.add_argument("--no-sample", action="store_true", help="leave out the illustrative sample")
    p.add_argument("--data-dir", type=Path, help="folder with real/ and indicators.csv")
    sub.add_parser("info", parents=[common], help="counts per table and the database URL")
    p = sub.add_parser("user", parents=[common], help="accounts: add NAME --role ROLE, list")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("name", nargs="?", help="the new account's name")
    p.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    p = sub.add_parser("crosswalk", parents=[common], help="the 2025 old -> new unit crosswalk")
    p.add_argument("action", choices=["check"], help="check: every old unit has successors, ...")
    p.add_argument(
        "--file", type=Path,
        help="check this CSV (old_gso_code, new_gso_code[, weight]) against the database's "
        "units instead of the stored crosswalk",
    )  # fmt: skip
    p = sub.add_parser("national", parents=[common], help="the national district layer")
    p.add_argument("action", choices=["load"], help="load: add Vietnam's 692 districts")
    p.add_argument("--sample-facilities", type=int, default=0, metavar="N",
                   help="also add N illustrative sample facilities spread over them")  # fmt: skip
    p.add_argument("--no-sample", action="store_true", help="no sample literacy figures")
    p.add_argument("--data-dir", type=Path, help="folder with real/vietnam_districts.geojson")
    return parser


def _engine(choice: db.DatabaseChoice) -> Engine:
    engine = db.make_engine(choice)
    db.check_connection(engine, choice)
    return engine


def _user(engine: Engine, action: str, name: str | None, role: str) -> int:
    """Add an account (password from LEARNING_CITY_PASSWORD or a prompt) or list them."""
    if action == "list":
        for user_name, user_role, active in auth.users(engine=engine):
            print(f"{user_name:30} {user_role:7} {'active' if active else 'disabled'}")
        return 0
    if not name:
        print("error: give the new user's name: user add NAME --role editor", file=sys.stderr)
        return 1
    password = settings.read(settings.PASSWORD)
    if not password:
        if not sys.stdin.isatty():
            print(f"error: set {settings.PASSWORD.name} or run in a terminal to be asked "
                  "for the password", file=sys.stderr)  # fmt: skip
            return 1
        password = getpass.getpass(f"Password for {name}: ")
        if password != getpass.getpass("Again: "):
            print("error: the two passwords differ", file=sys.stderr)
            return 1
    try:
        auth.add_user(engine=engine, name=name, role=role, password=password)
    except auth.AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"user {name} added as {role}")
    return 0


def _crosswalk_check(engine: Engine, path: Path | None) -> int:
    """Print every problem of the crosswalk; 2 when there is any, 0 when it is clean."""
    if path is None:
        rows = queries.crosswalk(engine=engine)[["old_code", "new_code", "weight"]]
        where = "stored crosswalk"
    else:
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, ValueError) as exc:
            print(f"error: {path}: cannot be read as CSV ({exc})", file=sys.stderr)
            return 1
        missing = {"old_gso_code", "new_gso_code"} - set(raw.columns)
        if missing:
            print(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
            return 2
        rows = pd.DataFrame({
            "old_code": raw["old_gso_code"].str.strip(),
            "new_code": raw["new_gso_code"].str.strip(),
            "weight": pd.to_numeric(raw.get("weight", "1").replace("", "1"), errors="coerce"),
        })  # fmt: skip
        where = str(path)
    problems = check_crosswalk(
        rows,
        old_codes=queries.unit_codes(engine=engine, level="commune", vintage="pre_2025"),
        new_codes=queries.unit_codes(engine=engine, level="commune", vintage="post_2025"),
    )
    for p in problems:
        # CSV line numbers count the header as line 1
        print(f"{where}:{p.row + 1}: {p.message}" if p.row and path else f"{where}: {p}")
    if problems:
        print(f"{len(problems)} problem(s) in {len(rows)} crosswalk rows")
        return 2
    print(f"crosswalk ok: {len(rows)} rows, {rows['old_code'].nunique()} old units, "
          f"{rows['new_code'].nunique()} new units, weights sum to 1")  # fmt: skip
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    choice = db.resolve_database(cli_url=args.db)
    try:
        engine = _engine(choice)
        if args.command not in ("init-db", "seed") and not db.schema_is_current(engine):
            print(f"error: {choice.masked_url} has no or an older schema; run "
                  "`python -m dashboard init-db` first", file=sys.stderr)  # fmt: skip
            return 1
        if args.command == "init-db":
            db.migrate(engine)
            print(f"schema up to date: {choice.masked_url}")
        elif args.command == "seed":
            db.migrate(engine)
            counts = seed(engine, include_sample=not args.no_sample, seed_dir=args.data_dir)
            for table, c in counts.items():
                print(f"{table:18} inserted {c['inserted']:5}  updated {c['updated']:5}  "
                      f"unchanged {c['unchanged']:5}")  # fmt: skip
        elif args.command == "national":
            added = load_national(
                engine, seed_dir=args.data_dir, sample_facilities=args.sample_facilities,
                sample_values=not args.no_sample,
            )  # fmt: skip
            print(", ".join(f"{name} added: {n}" for name, n in added.items()))
        elif args.command == "user":
            return _user(engine, args.action, args.name, args.role)
        elif args.command == "crosswalk":
            return _crosswalk_check(engine, args.file)
        elif args.command == "info":
            if not db.is_initialised(engine):
                print(f"error: {choice.masked_url} has no dashboard data; run "
                      "`python -m dashboard seed`", file=sys.stderr)  # fmt: skip
                return 1
            print(f"database: {choice.masked_url} (from {choice.origin})")
            for name, n in queries.table_counts(engine=engine).items():
                print(f"{name:42} {n:7}")
    except (db.DatabaseError, SeedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:  # a database that fails mid-command: one line, not a trace
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        print(f"error: the database refused the command ({reason})", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    sys.exit(run())
