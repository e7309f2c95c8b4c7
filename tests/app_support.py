"""Helpers the AppTest page tests share: open the app or a page, read a table, find no trace."""

from __future__ import annotations

import tempfile
from xml.etree import ElementTree

from streamlit.testing.v1 import AppTest

from dashboard import auth
from tests.conftest import REPO

APP = str(REPO / "streamlit_app.py")


def app(url: str, *, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["connections"] = {"learning_city": {"url": url}}
    if lang:
        at.query_params["lang"] = lang
    return at


def open_page(url: str, page: str, **params: str) -> AppTest:
    at = app(url)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception
    return at


def table(at: AppTest, key_column: str):
    return next(df.value for df in at.dataframe if key_column in df.value.columns)


def _figure_blocks(at: AppTest) -> list[ElementTree.Element]:
    return [
        ElementTree.fromstring(e.proto.body)
        for e in at.get("html")
        if e.proto.body.startswith('<div class="lc-themes">')
    ]


def figure_themes(at: AppTest) -> list[str]:
    """The headings of the Overview's figure cards, in order."""
    return [h.text or "" for block in _figure_blocks(at) for h in block.iter("h4")]


def figure_cards(at: AppTest) -> dict[str, dict[str, str]]:
    """The Overview's figure cards by name, as a reader reads them: value, gap (with its arrow),
    note, the target · period · source line, and the source link's address and full title."""

    def text(card: ElementTree.Element, name: str) -> str:
        found = card.find(f"div[@class='{name}']")
        return "" if found is None else " ".join("".join(found.itertext()).split())

    cards = {}
    for block in _figure_blocks(at):
        for card in block.iter("li"):
            link = card.find(".//a")
            help_ = card.find(".//span[@class='lc-figure-help']")
            label = text(card, "lc-figure-label")
            cards[label.removesuffix(" ?") if help_ is not None else label] = {
                "value": text(card, "lc-figure-value"),
                "gap": "".join(
                    text(card, f"lc-figure-gap lc-figure-{kind}") for kind in ("ahead", "behind")
                ),
                "note": "" if help_ is None else help_.get("title", ""),
                "meta": text(card, "lc-figure-meta"),
                "href": "" if link is None else link.get("href", ""),
                "source_title": "" if link is None else link.get("title", ""),
            }
    return cards


PAGES = (
    "pages/overview.py",
    "pages/indicators.py",
    "pages/learning_city.py",
    "pages/profile.py",
    "pages/facilities.py",
    "pages/sources.py",
)


TRACE_MARKS = ("Traceback", 'File "/', "sqlalchemy.exc", "OperationalError", "lc-upload-")


def all_text(at: AppTest) -> str:
    """Every text a reader sees, to look for traces and server paths."""
    parts = [str(e.value) for kind in ("error", "warning", "info", "success") for e in at.get(kind)]
    parts += [str(e.value) for e in at.markdown] + [str(e.value) for e in at.caption]
    return "\n".join(parts)


def assert_no_trace(at: AppTest) -> None:
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = all_text(at)
    for mark in TRACE_MARKS:
        assert mark not in shown, f"{mark!r} reaches the reader: {shown[:300]}"
    assert tempfile.gettempdir() + "/" not in shown


def _try(at: AppTest, name: str, password: str) -> str:
    at.sidebar.text_input(key="sign_in_name").input(name)
    at.sidebar.text_input(key="sign_in_pw").input(password)
    at.sidebar.button[0].click().run()
    assert_no_trace(at)
    return "\n".join(e.value for e in at.sidebar.error)


def open_in(url: str, page: str, lang: str) -> AppTest:
    at = app(url, lang=lang)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, page
    return at


GOOD_CSV = (
    "indicator,unit_code,period,value,numerator,denominator,source_title,source_url\n"
    "literacy_rate_level2_age15_60,116,2024-2025,95.5,955,1000,Báo cáo Sở GD&ĐT 2025,"
    "https://example.org/bao-cao\n"
    'literacy_rate_level2_age15_60,118,2024-2025,"91,2",912,1000,Báo cáo Sở GD&ĐT 2025,'
    "https://example.org/bao-cao\n"
).encode()


def as_user(url: str, name: str, role: str) -> AppTest:
    at = app(url)
    at.session_state["user"] = auth.User(name, role)
    return at.run()


def data_page(at: AppTest) -> AppTest:
    at.switch_page("pages/data.py").run()
    assert not at.exception
    return at
