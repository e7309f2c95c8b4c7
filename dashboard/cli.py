"""`python -m dashboard`: administration. Exit 0 on success, 1 with one line on failure.

`check` is the readiness probe for a proxy or service manager: exit 0 only when the database
answers and its schema is current. An unknown indicator, unit, deck or period is exit 2 with
the nearest known ones and the command that lists them. Messages are in English unless the
command is given `--lang vi`.
"""

from __future__ import annotations

import argparse
import difflib
import getpass
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, settings
from dashboard.data import db, queries
from dashboard.domain.indicators import DEFAULT_INDICATOR
from dashboard.domain.reaggregate import check_crosswalk
from dashboard.domain.units import MAP_VINTAGES, VINTAGE_LEVEL, Vintage
from dashboard.i18n import plural, t, unit_label
from dashboard.loading.national import load_national
from dashboard.loading.seed import SeedError, seed


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: secrets, then "
        "LEARNING_CITY_DB_URL, then the embedded SQLite file)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Learning-city dashboard administration."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", parents=[common], help="create or upgrade the schema")
    p = sub.add_parser("seed", parents=[common], help="load the shipped data (idempotent)")
    p.add_argument("--no-sample", action="store_true", help="leave out the illustrative sample")
    p.add_argument("--data-dir", type=Path, help="folder with real/ and indicators.csv")
    sub.add_parser("info", parents=[common], help="counts per table and the database URL")
    p = sub.add_parser(
        "indicators",
        parents=[common],
        help="indicator codes, names, units and the periods with figures",
    )
    p.add_argument(
        "--search",
        metavar="WORDS",
        help="only codes or names with these words, accents optional ('biet chu')",
    )
    p.add_argument(
        "--vintage",
        choices=[v.value for v in MAP_VINTAGES],
        help="only what that vintage's map shows, with the periods it can show",
    )
    p.add_argument("--lang", choices=["vi", "en"], help="names in this language (default vi)")
    p = sub.add_parser("units", parents=[common], help="district or commune codes and names")
    p.add_argument("--vintage", choices=[v.value for v in MAP_VINTAGES], default="pre_2025")
    p.add_argument("--search", metavar="WORDS", help="only names or codes with these words")
    p.add_argument("--lang", choices=["vi", "en"], help="headers in this language (default vi)")
    sub.add_parser(
        "check",
        parents=[common],
        help="readiness: exit 0 when the database answers and its schema is current, else 1",
    )
    p = sub.add_parser(
        "user",
        parents=[common],
        help="accounts: add NAME --role ROLE, list, unlock NAME, role NAME --role ROLE, "
        "password NAME (a new role or password ends the account's sign-ins)",
    )
    p.add_argument("action", choices=["add", "list", "unlock", "role", "password"])
    p.add_argument("name", nargs="?", help="the account's name")
    p.add_argument("--role", choices=["viewer", "editor", "admin"], help="add: default viewer")
    p = sub.add_parser("crosswalk", parents=[common], help="the 2025 old -> new unit crosswalk")
    p.add_argument("action", choices=["check"], help="check: every old unit has successors, ...")
    p.add_argument(
        "--file",
        type=Path,
        help="check this CSV (old_gso_code, new_gso_code[, weight]) against the database's "
        "units instead of the stored crosswalk",
    )
    p = sub.add_parser("national", parents=[common], help="the national district layer")
    p.add_argument("action", choices=["load"], help="load: add Vietnam's 692 districts")
    p.add_argument(
        "--sample-facilities",
        type=int,
        default=0,
        metavar="N",
        help="also add N illustrative sample facilities spread over them",
    )
    p.add_argument("--no-sample", action="store_true", help="no sample literacy figures")
    p.add_argument("--data-dir", type=Path, help="folder with real/vietnam_districts.geojson")
    p = sub.add_parser(
        "import",
        parents=[common],
        help="check a file of figures, facilities or boundaries and write it (exit 2: problems)",
    )
    p.add_argument("path", type=Path, help="CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    p.add_argument(
        "--user",
        help="the account who imports (must exist; the login name is recorded beside it)",
    )
    p.add_argument("--source-title", help="the source of rows that name none")
    p.add_argument("--source-url", help="its address, with --source-title")
    p = sub.add_parser("undo", parents=[common], help="undo an import (see history)")
    p.add_argument("import_id", type=int, metavar="IMPORT_ID")
    p.add_argument(
        "--user", help="the account who undoes it (must exist; the login name is recorded too)"
    )
    sub.add_parser("history", parents=[common], help="list imports, newest first")
    p = sub.add_parser("export", parents=[common], help="every table to CSV (+ GeoJSON units)")
    p.add_argument("directory", type=Path, metavar="DIR")
    p = sub.add_parser(
        "export-map",
        parents=[common],
        help="one indicator's map as PNG/PDF/SVG (also spelt `export map`)",
    )
    p.add_argument("--indicator", required=True, metavar="CODE")
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--vintage", choices=["pre_2025", "post_2025"], default="pre_2025")
    p.add_argument("--lang", choices=["vi", "en"], help="default vi; also the messages' language")
    p.add_argument("--format", choices=["png", "pdf", "svg"], default="png", dest="fmt")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p = sub.add_parser("brief", parents=[common], help="one-page A4 PDF per district/commune")
    p.add_argument("unit", nargs="?", metavar="UNIT", help="a GSO code or name (or --all)")
    p.add_argument("--all", action="store_true", help="every unit of the vintage")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--lang", choices=["vi", "en"], help="default vi; also the messages' language")
    p.add_argument("--vintage", choices=["pre_2025", "post_2025"], default="pre_2025")
    p = sub.add_parser(
        "deck", parents=[common], help="presentation decks: list, new, export, present"
    )
    p.add_argument("action", choices=["list", "new", "export", "present"])
    p.add_argument(
        "deck", nargs="?", metavar="DECK", help="export, present: its name or id; new: its name"
    )
    p.add_argument(
        "--slide",
        action="append",
        default=[],
        metavar="PAGE?QUERY",
        help="new: a saved view, e.g. 'indicators?indicator=learning_families_share&period=2024'",
    )
    p.add_argument("--title", action="append", default=[], help="new: each slide's title")
    p.add_argument("--user", help="new: who creates it (default: the login name)")
    p.add_argument("--format", choices=["pptx", "pdf"], default="pptx", dest="fmt")
    p.add_argument("--out", type=Path, metavar="FILE")
    p.add_argument("--lang", choices=["vi", "en"], help="default: each slide's saved language")
    return parser


def _public_url() -> str:
    return settings.read(settings.PUBLIC_URL) or "http://localhost:8501"


# --- names the database knows: lookups that name the nearest ones -----------------------------


class UnknownValue(Exception):
    """A value the database does not know; the message names the nearest known ones."""


def fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics or underscores: 'Biết_chữ' -> 'biet chu'."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("_", " ").split())


def matches(search: str, *texts: str) -> bool:
    """Every word of `search` begins a word of `texts`, accents and case aside ('biet chu').

    A number matches only the whole number: level 2 is not level 25.
    """
    words = {word for text in texts for word in re.findall(r"\w+", fold(text))}
    return all(
        s in words if s.isdigit() else any(w.startswith(s) for w in words)
        for s in re.findall(r"\w+", fold(search))
    )


def closest(value: str, choices: Sequence[tuple[str, Sequence[str]]], n: int = 3) -> list[str]:
    """Up to `n` choices nearest to `value`: (what to suggest, the ways it can be named).

    Nearest by difflib on the accent-free forms; where none is near enough, those that
    contain `value`.
    """
    by_name: dict[str, list[str]] = {}
    for shown, names in choices:
        for name in names:
            by_name.setdefault(fold(name), []).append(shown)
    wanted = fold(value)
    near = difflib.get_close_matches(wanted, list(by_name), n=3 * n, cutoff=0.6)
    if not near and len(wanted) >= 3:
        near = [name for name in by_name if wanted in name]
    return list(dict.fromkeys(shown for name in near for shown in by_name[name]))[:n]


def _unknown(
    key: str, value: str, nearest: list[str], listing: str, lang: str, **fields: str
) -> UnknownValue:
    text = t(key, lang).format(value=value, **fields)
    if nearest:
        either = ", ".join(nearest[:-1]) + f" {t('cli_or', lang)} " if len(nearest) > 1 else ""
        text += "; " + t("cli_did_you_mean", lang).format(choices=either + nearest[-1])
    else:
        text += "."
    command = f"`python -m dashboard {listing}`"
    return UnknownValue(f"{text} {t('cli_list_with', lang).format(command=command)}.")


def _named(value: str, choices: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """The choices named exactly `value` (accents and case aside)."""
    wanted = fold(value)
    return list(dict.fromkeys(key for key, names in choices if wanted in map(fold, names)))


def indicator_code(*, engine: Engine, value: str, lang: str) -> str:
    """The indicator a code or name means; UnknownValue naming the nearest ones."""
    catalogue = queries.indicators(engine=engine)
    choices = [
        (r.code, (r.code, r.label_vi, r.label_en))
        for r in catalogue[["code", "label_vi", "label_en"]].itertuples()
    ]
    named = _named(value, choices)
    if value in set(catalogue["code"]) or len(named) == 1:
        return value if value in set(catalogue["code"]) else named[0]
    raise _unknown(
        "cli_unknown_indicator", value, named or closest(value, choices), "indicators", lang
    )


def period(*, engine: Engine, indicator: str, value: str, vintage: str, lang: str) -> str:
    """A period of the indicator's map in that vintage; UnknownValue naming the nearest ones."""
    known = queries.vintage_periods(engine=engine, indicator_code=indicator, vintage=vintage)
    if value in known:
        return value
    nearest = closest(value, [(p, (p,)) for p in known]) or known[:3]
    listing = f"indicators --vintage {vintage} --search {indicator}"
    raise _unknown(
        "cli_unknown_period", value, nearest, listing, lang, indicator=indicator, vintage=vintage
    )


def _unit_choices(engine: Engine, vintage: str) -> list[tuple[str, tuple[str, ...]]]:
    found = queries.units(engine=engine, level=VINTAGE_LEVEL[vintage], vintage=vintage)
    return [
        (r.gso_code, (r.gso_code, r.name, r.full_name))
        for r in found[["gso_code", "name", "full_name"]].itertuples()
    ]


def unit_code(*, engine: Engine, value: str, vintage: str, lang: str) -> str:
    """The district or commune a GSO code or name means in a vintage; else UnknownValue."""
    choices = _unit_choices(engine, vintage)
    named = _named(value, choices)
    if len(named) == 1:
        return named[0]
    for other in MAP_VINTAGES:
        if other != vintage and _named(value, _unit_choices(engine, other)):
            note = t("cli_unit_in_other_vintage", lang).format(value=value, vintage=other)
            text = t("cli_unknown_unit", lang).format(value=value, vintage=vintage)
            raise UnknownValue(f"{text}; {note}.")
    names = {code: ns[1] for code, ns in choices}
    nearest = named or closest(value, choices)
    raise _unknown(
        "cli_unknown_unit",
        value,
        [f"{code} ({names[code]})" for code in nearest],
        f"units --vintage {vintage}",
        lang,
        vintage=vintage,
    )


def deck_id(*, engine: Engine, value: str, lang: str) -> int:
    """The deck an id or a name means; UnknownValue naming the nearest ones."""
    from dashboard.present import decks

    table = decks.decks(engine=engine)
    choices = [(str(r.id), (str(r.id), r.name)) for r in table[["id", "name"]].itertuples()]
    named = _named(value, choices)
    if value.strip() in {c for c, _ in choices}:
        return int(value)
    if len(named) == 1:
        return int(named[0])
    if named:
        ids = ", ".join(named)
        raise UnknownValue(t("cli_deck_name_ambiguous", lang).format(value=value, ids=ids))
    names = dict(zip(table["id"].astype(str), table["name"], strict=True))
    nearest = [f"{i} ({names[i]})" for i in closest(value, choices)]
    raise _unknown("cli_unknown_deck", value, nearest, "deck list", lang)


def _lang(args: argparse.Namespace) -> str:
    """The language of messages: the command's --lang when given, else English."""
    return getattr(args, "lang", None) or "en"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned with two spaces between them; the last one is not padded."""
    widths = [max(len(str(cell)) for cell in col) for col in zip(header, *rows, strict=True)]
    return "\n".join(
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    )


def _indicators(engine: Engine, args: argparse.Namespace) -> int:
    """The indicator catalogue with the periods that have figures, as an aligned table."""
    lang = args.lang or "vi"
    if args.vintage:
        catalogue = queries.vintage_indicators(engine=engine, vintage=args.vintage)
        periods = {
            code: queries.vintage_periods(engine=engine, indicator_code=code, vintage=args.vintage)
            for code in catalogue["code"]
        }
    else:
        catalogue = queries.indicators(engine=engine)
        periods = {code: [] for code in catalogue["code"]}
        for r in queries.indicator_periods(engine=engine).itertuples():
            periods.setdefault(r.indicator_code, []).append(r.period)
    rows = [
        [r.code, r.label_en if lang == "en" else r.label_vi, unit_label(r.unit, lang)]
        + [", ".join(periods[r.code]) or "–"]
        for r in catalogue.itertuples()
        if not args.search or matches(args.search, r.code, r.label_vi, r.label_en)
    ]
    total = plural(len(catalogue), "cli_indicator", "cli_indicators", lang)
    return _print_listing(
        ["cli_col_code", "cli_col_name", "cli_col_unit", "cli_col_periods"],
        rows,
        total,
        args,
        "cli_what_indicator",
    )


def _units(engine: Engine, args: argparse.Namespace) -> int:
    """The districts or communes of a vintage: GSO code and name."""
    lang = args.lang or "vi"
    choices = _unit_choices(engine, args.vintage)
    rows = [
        [code, names[2]]
        for code, names in choices
        if not args.search or matches(args.search, *names)
    ]
    total = plural(len(choices), "cli_unit", "cli_units", lang)
    return _print_listing(["cli_col_code", "cli_col_name"], rows, total, args, "cli_what_unit")


def _print_listing(
    header: list[str], rows: list[list[str]], total: str, args: argparse.Namespace, what: str
) -> int:
    lang = args.lang or "vi"
    if not rows:
        what_text = t(what, _lang(args))
        print(t("cli_no_match", _lang(args)).format(what=what_text, search=args.search))
        return 0
    print(_table([t(key, lang) for key in header], rows))
    shown = t("cli_listed", lang).format(count=len(rows), total=total) if args.search else total
    print(shown)
    return 0


def _export_map(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.present.views import map_figures, resolve_view
    from dashboard.render import maps

    lang = args.lang or "vi"
    indicator = indicator_code(engine=engine, value=args.indicator, lang=_lang(args))
    params = {
        "indicator": indicator,
        "period": period(
            engine=engine,
            indicator=indicator,
            value=args.period,
            vintage=args.vintage,
            lang=_lang(args),
        ),
        "vintage": args.vintage,
    }
    view = resolve_view(engine=engine, page="indicators", params={**params, "lang": lang})
    if view.notes:  # a map of something other than what was asked would mislead
        for note in view.notes:
            print(f"{t('cli_error', _lang(args))}: {note.text(_lang(args))}", file=sys.stderr)
        return 2
    figures = map_figures(engine=engine, view=view, lang=lang)
    fig = maps.map_figure(
        figures, maps.map_geometry(engine=engine, vintage=view.vintage), lang=lang
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    maps.save(fig, args.out, fmt=args.fmt, dpi=args.dpi)
    print(args.out)
    return 0


def _brief(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.render.briefs import BriefError, write_briefs

    if bool(args.unit) == bool(args.all):
        print("error: give one UNIT (a GSO code or name) or --all", file=sys.stderr)
        return 2
    unit = None
    if not args.all:
        unit = unit_code(engine=engine, value=args.unit, vintage=args.vintage, lang=_lang(args))
    try:
        paths = write_briefs(
            engine=engine,
            vintage=Vintage(args.vintage),
            lang=args.lang or "vi",
            directory=args.out,
            unit_code=unit,
        )
    except BriefError as exc:
        print(f"error: {exc} (try --vintage post_2025 for the 2025 communes)", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def _deck_new(engine: Engine, args: argparse.Namespace) -> int:
    from urllib.parse import parse_qsl

    from dashboard.present import decks

    if not args.deck or len(args.title) != len(args.slide):
        print("error: deck new NAME, with one --title per --slide", file=sys.stderr)
        return 2
    try:
        views = []
        for view in args.slide:
            page, _, query = view.partition("?")
            views.append((page.strip("/") or "overview", dict(parse_qsl(query))))
        if bad := [p for p, _ in views if p not in decks.SLIDE_PAGES]:  # all or nothing
            print(f"error: no map page {', '.join(bad)}", file=sys.stderr)
            return 2
        views = [(page, _checked_view(engine, params, _lang(args))) for page, params in views]
        new_id = decks.create_deck(
            engine=engine, name=args.deck, user=args.user or getpass.getuser()
        )
        try:
            for (page, params), title in zip(views, args.title, strict=True):
                decks.add_slide(
                    engine=engine, deck_id=new_id, page=page, params=params, title=title
                )
        except decks.DeckError:  # all or nothing: no deck left without its slides
            decks.delete_deck(engine=engine, deck_id=new_id)
            raise
    except decks.DeckError as exc:
        print(f"{t('cli_error', _lang(args))}: {exc.text(_lang(args))}", file=sys.stderr)
        return 2
    print(new_id)
    return 0


def _checked_view(engine: Engine, params: dict[str, str], lang: str) -> dict[str, str]:
    """A slide's view with its indicator, period and units known (names become codes)."""
    vintage = params.get("vintage") or Vintage.PRE_2025.value
    if vintage not in MAP_VINTAGES:  # the view then notes the fallback, as a link does
        return params
    checked = dict(params)
    if "indicator" in params:
        checked["indicator"] = indicator_code(engine=engine, value=params["indicator"], lang=lang)
    if "period" in params:
        indicator = checked.get("indicator", DEFAULT_INDICATOR)
        checked["period"] = period(
            engine=engine, indicator=indicator, value=params["period"], vintage=vintage, lang=lang
        )
    for key in ("units", "unit", f"{VINTAGE_LEVEL[vintage]}s"):
        if key in params:
            codes = [c.strip() for c in params[key].split(",") if c.strip()]
            checked[key] = ",".join(
                unit_code(engine=engine, value=c, vintage=vintage, lang=lang) for c in codes
            )
    return checked


def _deck(engine: Engine, args: argparse.Namespace) -> int:
    from dashboard.present import decks
    from dashboard.render import slides

    lang = _lang(args)
    if args.action == "list":
        for r in decks.decks(engine=engine).itertuples():
            print(f"{r.id:5}  {plural(r.slides, 'cli_slide', 'cli_slides', lang):>10}  {r.name}")
        return 0
    if args.action == "new":
        return _deck_new(engine, args)
    if args.deck is None or (args.out is None and args.action == "export"):
        needs = "DECK (its name or id)" + (" and --out FILE" if args.action == "export" else "")
        print(f"error: deck {args.action} needs {needs}", file=sys.stderr)
        return 2
    found = deck_id(engine=engine, value=args.deck, lang=lang)
    if args.action == "present":  # the deck's full-screen page, from its first slide
        shown = f"&lang={args.lang}" if args.lang else ""
        print(f"{_public_url().rstrip('/')}/present?deck={found}&slide=1{shown}")
        return 0
    export = slides.deck_pptx if args.fmt == "pptx" else slides.deck_pdf
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        n = export(
            engine=engine, deck_id=found, lang=args.lang, base_url=_public_url(), out=args.out
        )
    except decks.DeckError as exc:
        print(f"{t('cli_error', lang)}: {exc.text(lang)}", file=sys.stderr)
        return 2
    print(f"{args.out} ({plural(n, 'cli_slide', 'cli_slides', lang)})")
    return 0


def _engine(choice: db.DatabaseChoice) -> Engine:
    engine = db.make_engine(choice)
    db.check_connection(engine, choice)
    return engine


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (containers without a passwd entry)
        return "unknown"


def acting_user(engine: Engine, name: str | None) -> str | None:
    """Who a CLI write is attributed to: an existing account (--user), or os:LOGIN without one.

    None (with a message) when --user names no account: history must not name anyone at will.
    """
    if name is None:
        return f"os:{_os_user()}"
    if not auth.account_exists(engine=engine, name=name):
        print(
            f"error: --user {name}: no such account (see `python -m dashboard user list`)",
            file=sys.stderr,
        )
        return None
    return " ".join(name.split())


def _record_login(engine: Engine, account: str, action: str, detail: str) -> None:
    """The operating-system user beside the account a CLI write was attributed to."""
    auth.audit(
        engine=engine,
        user=account,
        action=action,
        detail=f"{detail}; by OS user {_os_user()} via the command line",
    )


def _check(choice: db.DatabaseChoice) -> int:
    """Readiness: 0 when the database answers and its schema is current; 1 and why otherwise."""
    try:
        engine = _engine(choice)
        if not db.schema_is_current(engine):
            print(
                f"not ready: {choice.masked_url} has no or an older schema; run "
                "`python -m dashboard init-db`",
                file=sys.stderr,
            )
            return 1
    except db.DatabaseError as exc:
        print(f"not ready: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        print(f"not ready: the database does not answer ({reason})", file=sys.stderr)
        return 1
    print(f"ready: {choice.masked_url}")
    return 0


def _user(engine: Engine, action: str, name: str | None, role: str | None) -> int:
    """Add an account (password from LEARNING_CITY_PASSWORD or a prompt), list, unlock, or
    give one a new role or password (which ends its open sign-ins)."""
    if action == "list":
        locked = set(auth.locked_accounts(engine=engine))
        for user_name, user_role, active in auth.users(engine=engine):
            state = "locked" if user_name in locked else "active" if active else "disabled"
            print(f"{user_name:30} {user_role:7} {state}")
        return 0
    if action == "unlock":
        if not name:
            print("error: give the account's name: user unlock NAME", file=sys.stderr)
            return 1
        by = f"os:{_os_user()}"
        if auth.unlock(engine=engine, name=name, by=by):
            print(f"user {name} unlocked")
        else:
            print(f"user {name} was not locked; its failed sign-ins are forgotten")
        return 0
    if not name:
        print("error: give the new user's name: user add NAME --role editor", file=sys.stderr)
        return 1
    if action == "role":
        if role is None:
            print("error: give the new role: user role NAME --role editor", file=sys.stderr)
            return 1
        try:
            auth.set_role(engine=engine, name=name, role=role, by=f"os:{_os_user()}")
        except auth.AccountError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"user {name} is now {role}; their open sign-ins are ended")
        return 0
    password = settings.read(settings.PASSWORD)
    if not password:
        if not sys.stdin.isatty():
            print(
                f"error: set {settings.PASSWORD.name} or run in a terminal to be asked "
                "for the password",
                file=sys.stderr,
            )
            return 1
        password = getpass.getpass(f"Password for {name}: ")
        if password != getpass.getpass("Again: "):
            print("error: the two passwords differ", file=sys.stderr)
            return 1
    try:
        if action == "password":
            auth.set_password(engine=engine, name=name, password=password, by=f"os:{_os_user()}")
        else:
            auth.add_user(engine=engine, name=name, role=role or "viewer", password=password)
    except auth.AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if action == "password":
        print(f"password of {name} changed; their open sign-ins are ended")
    else:
        print(f"user {name} added as {role or 'viewer'}")
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
        rows = pd.DataFrame(
            {
                "old_code": raw["old_gso_code"].str.strip(),
                "new_code": raw["new_gso_code"].str.strip(),
                "weight": pd.to_numeric(raw.get("weight", "1").replace("", "1"), errors="coerce"),
            }
        )
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
        found = plural(len(problems), "cli_problem", "cli_problems", "en")
        print(f"{found} in {plural(len(rows), 'cli_crosswalk_row', 'cli_crosswalk_rows', 'en')}")
        return 2
    old = plural(rows["old_code"].nunique(), "cli_old_unit", "cli_old_units", "en")
    new = plural(rows["new_code"].nunique(), "cli_new_unit", "cli_new_units", "en")
    rows_text = plural(len(rows), "cli_row", "cli_rows", "en")
    print(f"crosswalk ok: {rows_text}, {old}, {new}, weights sum to 1")
    return 0


def _import(engine: Engine, args: argparse.Namespace) -> int:
    """Check a file; print every problem (exit 2) or write it and print the counts."""
    from dashboard.loading import importer

    if not db.is_initialised(engine):
        print(
            "error: the database has no units yet; run `python -m dashboard seed` first",
            file=sys.stderr,
        )
        return 1
    try:
        plan = importer.check_file(
            engine=engine,
            path=args.path,
            source_title=args.source_title,
            source_url=args.source_url,
        )
    except importer.UnreadableFile as exc:
        print(f"error: {args.path}: {exc}", file=sys.stderr)
        return 1
    if not plan.ok:
        messages = plan.messages()
        print("\n".join(messages[:50]))
        if len(messages) > 50:
            rest = plural(len(messages) - 50, "cli_problem", "cli_problems", "en")
            print(f"... and {rest} not shown")
        found = plural(len(plan.problems), "cli_problem", "cli_problems", "en")
        print(f"{found} in {args.path}; nothing was written")
        return 2
    if plan.reprojected_from:
        print(f"note: reprojected from {plan.reprojected_from} to EPSG:4326")
    if plan.ignored_columns:
        print(f"note: ignored column(s): {', '.join(plan.ignored_columns)}")
    user = acting_user(engine, args.user)
    if user is None:
        return 1
    result = importer.apply_plan(engine=engine, plan=plan, user=user, dry_run=args.dry_run)
    if result.import_id is not None and not args.dry_run:
        _record_login(engine, user, "cli_import", f"import {result.import_id}")
    counts = f"inserted {result.inserted}, updated {result.updated}, unchanged {result.unchanged}"
    if args.dry_run:
        print(f"dry run, nothing written: {plan.kind} from {args.path}: would be {counts}")
    elif result.import_id is None:
        print(f"{plan.kind} from {args.path}: {counts}; nothing changed, no import recorded")
    else:
        print(f"import {result.import_id}: {plan.kind} from {args.path}: {counts}")
    return 0


def _undo(engine: Engine, import_id: int, name: str | None) -> int:
    from dashboard.loading import importer

    user = acting_user(engine, name)
    if user is None:
        return 1
    try:
        importer.undo_import(engine=engine, import_id=import_id, user=user)
    except importer.UndoRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _record_login(engine, user, "cli_undo", f"undo of import {import_id}")
    print(f"import {import_id} undone")
    return 0


def _history(engine: Engine) -> int:
    from dashboard.loading import importer

    history = importer.import_history(engine=engine)
    if history.empty:
        print("no imports yet")
    for r in history.itertuples():
        print(f"{r.id:5}  {r.at}  {r.user:12}  {r.file:32}  {r.kind:16}  {r.status:8}  {r.summary}")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["export", "map"]:  # `export map ...` is export-map; `export DIR` stays
        argv = ["export-map", *argv[2:]]
    args = _parser().parse_args(argv)
    choice = db.resolve_database(cli_url=args.db)
    if args.command == "check":
        return _check(choice)
    try:
        engine = _engine(choice)
        if args.command not in ("init-db", "seed") and not db.schema_is_current(engine):
            print(
                f"error: {choice.masked_url} has no or an older schema; run "
                "`python -m dashboard init-db` first",
                file=sys.stderr,
            )
            return 1
        if args.command == "init-db":
            db.migrate(engine)
            print(f"schema up to date: {choice.masked_url}")
        elif args.command == "seed":
            db.migrate(engine)
            counts = seed(engine, include_sample=not args.no_sample, seed_dir=args.data_dir)
            for table, c in counts.items():
                print(
                    f"{table:18} inserted {c['inserted']:5}  updated {c['updated']:5}  "
                    f"unchanged {c['unchanged']:5}"
                )
        elif args.command == "national":
            added = load_national(
                engine,
                seed_dir=args.data_dir,
                sample_facilities=args.sample_facilities,
                sample_values=not args.no_sample,
            )
            print(", ".join(f"{name} added: {n}" for name, n in added.items()))
        elif args.command == "user":
            return _user(engine, args.action, args.name, args.role)
        elif args.command == "crosswalk":
            return _crosswalk_check(engine, args.file)
        elif args.command == "import":
            return _import(engine, args)
        elif args.command == "undo":
            return _undo(engine, args.import_id, args.user)
        elif args.command == "history":
            return _history(engine)
        elif args.command == "export":
            from dashboard.loading.export import export_all

            for path in export_all(engine=engine, directory=args.directory):
                print(path)
        elif args.command == "export-map":
            return _export_map(engine, args)
        elif args.command == "brief":
            return _brief(engine, args)
        elif args.command == "deck":
            return _deck(engine, args)
        elif args.command == "indicators":
            return _indicators(engine, args)
        elif args.command == "units":
            return _units(engine, args)
        elif args.command == "info":
            if not db.is_initialised(engine):
                print(
                    f"error: {choice.masked_url} has no dashboard data; run "
                    "`python -m dashboard seed`",
                    file=sys.stderr,
                )
                return 1
            print(f"database: {choice.masked_url} (from {choice.origin})")
            for name, n in queries.table_counts(engine=engine).items():
                print(f"{name:42} {n:7}")
    except UnknownValue as exc:  # checked before anything is written
        print(f"{t('cli_error', _lang(args))}: {exc}", file=sys.stderr)
        return 2
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
