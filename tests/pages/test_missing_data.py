"""Every page on the databases a province really has, in both vintages and both languages.

A real deployment removes the illustrative sample, imports figures for the new communes only,
or starts with no figures at all: each page must then say what is missing and how to load it,
never raise. See tests/states.py for how each database is built.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.i18n import t
from tests.conftest import REPO, Databases, engine_for
from tests.states import STATES, build

APP = str(REPO / "streamlit_app.py")
PAGES = (
    "overview",
    "indicators",
    "learning_city",
    "profile",
    "facilities",
    "sources",
    "data",
    "plan",
    "focus",
    "recognitions",
    "framework",
)
VINTAGES = ("pre_2025", "post_2025")
LANGS = ("vi", "en")
STATE_KEYS = (
    "state_no_indicator_vintage",
    "state_no_province_figures",
    "state_no_city_figures",
    "no_unit_figures",
)

# What the reader must be told, per state, page and vintage (keys of the label catalogue).
NO_INDICATOR = ["state_no_indicator_vintage"]
EXPECTED: dict[str, dict[tuple[str, str], list[str]]] = {
    "full": {},
    "national": {},
    "no_sample": {  # the real district-level figures are Sơn La city's: the 2019 map has them
        ("overview", "post_2025"): NO_INDICATOR,
        ("indicators", "post_2025"): NO_INDICATOR,
        ("profile", "post_2025"): ["no_unit_figures"],
    },
    "communes_2025": {
        ("overview", "pre_2025"): ["state_no_province_figures", *NO_INDICATOR],
        ("overview", "post_2025"): ["state_no_province_figures"],
        ("indicators", "pre_2025"): NO_INDICATOR,
        ("profile", "pre_2025"): ["no_unit_figures"],
        **{("learning_city", v): ["state_no_city_figures"] for v in VINTAGES},
    },
    "no_figures": {
        **{("overview", v): ["state_no_province_figures", *NO_INDICATOR] for v in VINTAGES},
        **{("indicators", v): NO_INDICATOR for v in VINTAGES},
        **{("profile", v): ["no_unit_figures"] for v in VINTAGES},
        **{("learning_city", v): ["state_no_city_figures"] for v in VINTAGES},
    },
}


@pytest.fixture(scope="module")
def state_urls(databases: Databases, backend: str, tmp_path_factory) -> Iterator[dict[str, str]]:
    """One database per state on the current backend, built once for this module."""
    folder: Path = tmp_path_factory.mktemp("states")
    urls = {}
    for state in STATES:
        url = databases.empty(backend)
        engine = engine_for(url)
        from dashboard.data import db

        db.migrate(engine)
        build(engine, state, folder)
        engine.dispose()
        urls[state] = url
    yield urls


def open_page(url: str, page: str, *, vintage: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["connections"] = {"learning_city": {"url": url}}
    at.query_params["lang"] = lang
    at.query_params["vintage"] = vintage
    if page == "data":
        at.session_state["user"] = auth.User("Biên tập viên", "editor")
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


def shown_text(at: AppTest) -> str:
    """Every message, caption and markdown text on the page."""
    parts = [e.value for kind in ("info", "warning", "error", "success") for e in getattr(at, kind)]
    parts += [e.value for e in at.caption] + [e.value for e in at.markdown]
    return "\n".join(str(p) for p in parts)


def message(key: str, lang: str, vintage: str) -> str:
    return t(key, lang).format(vintage=t(f"vintage_{vintage}", lang))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("state", STATES)
def test_every_page_says_what_is_missing(state_urls: dict[str, str], state: str, page: str) -> None:
    for vintage, lang in itertools.product(VINTAGES, LANGS):
        at = open_page(state_urls[state], page, vintage=vintage, lang=lang)
        where = f"{state} {page} {vintage} {lang}"
        assert not at.exception, f"{where}: {at.exception[0].message}"
        shown = shown_text(at)
        expected = EXPECTED[state].get((page, vintage), [])
        for key in expected:
            assert message(key, lang, vintage) in shown, f"{where}: missing {key}"
        for key in set(STATE_KEYS) - set(expected):
            assert message(key, lang, vintage) not in shown, f"{where}: unexpected {key}"
        if state in ("no_sample", "communes_2025", "no_figures"):
            assert t("sample_notice", lang) not in shown, f"{where}: sample marked"


def test_the_full_seed_marks_the_sample_on_the_maps(state_urls: dict[str, str]) -> None:
    for page in ("overview", "indicators"):
        at = open_page(state_urls["full"], page, vintage="pre_2025", lang="vi")
        assert t("sample_notice", "vi") in shown_text(at)


def test_new_communes_figures_draw_without_the_sample(state_urls: dict[str, str]) -> None:
    """Figures imported for the 75 communes only: the 2025 map, table and ranking show them."""
    at = open_page(state_urls["communes_2025"], "indicators", vintage="post_2025", lang="vi")
    assert not at.exception
    assert at.selectbox(key="ind_indicator").value == "literacy_rate_level2_age15_60"
    assert at.selectbox(key="ind_period").value == "2025-2026"
    table = at.dataframe[-1].value
    assert len(table) == 75 and table["Giá trị"].notna().all()
    assert not table["Mẫu?"].any()


def test_the_national_layer_offers_the_whole_country(state_urls: dict[str, str]) -> None:
    at = open_page(state_urls["national"], "indicators", vintage="pre_2025", lang="en")
    assert not at.exception
    assert "Whole country (692 districts)" in at.sidebar.radio(key="ind_scope").options


def test_a_default_indicator_without_figures_falls_back(seeded_then) -> None:
    """The catalogue's default (literacy level 2, 15-60) has no figure: the first that has one."""
    url = seeded_then(
        (
            "DELETE FROM indicator_value WHERE indicator_code = :c",
            {"c": "literacy_rate_level2_age15_60"},
        )
    )
    for page, key in (("overview", "overview_indicator"), ("indicators", "ind_indicator")):
        at = open_page(url, page, vintage="pre_2025", lang="vi")
        assert not at.exception
        chosen = at.selectbox(key=key).value
        assert chosen and chosen != "literacy_rate_level2_age15_60"
        engine = engine_for(url)
        with engine.connect() as conn:
            n = conn.execute(
                text("SELECT count(*) FROM indicator_value WHERE indicator_code = :c"),
                {"c": chosen},
            ).scalar_one()
        engine.dispose()
        assert n > 0


@pytest.mark.parametrize("page", PAGES)
def test_a_shared_database_without_units_says_what_to_run(empty_url: str, page: str) -> None:
    """Schema but no units (init-db without seed): one message naming the commands."""
    from dashboard.data import db

    engine = engine_for(empty_url)
    db.migrate(engine)
    engine.dispose()
    for lang in LANGS:
        at = open_page(empty_url, page, vintage="pre_2025", lang=lang)
        assert not at.exception
        assert len(at.error) == 1
        assert "python -m dashboard seed" in at.error[0].value


def test_a_shared_database_with_an_older_schema_names_the_upgrade(empty_url: str) -> None:
    from tests.data.test_db import _at_first_revision

    _at_first_revision(empty_url)
    at = open_page(empty_url, "overview", vintage="pre_2025", lang="vi")
    assert not at.exception
    assert "python -m dashboard init-db" in at.error[0].value
