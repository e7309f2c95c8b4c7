"""Static map exports read back: names on the map (as PDF text, never overlapping), the legend
beside the map, periods in the reader's language, and a Facilities slide drawing facilities."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from pypdf import PdfReader
from sqlalchemy import Engine

from dashboard.cli import run
from dashboard.data import queries
from dashboard.domain import facilities as fac
from dashboard.present import decks
from dashboard.present.views import map_figures, resolve_view
from dashboard.render import labels, maps, slides
from tests.conftest import REPO
from tests.factories import ENGLISH_PERIOD_WORDS

LITERACY = "literacy_rate_level2_age15_60"
ARTIFACTS = REPO / "test-artifacts" / "exports"


@pytest.fixture(autouse=True)
def _once(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("drawing does not depend on the database; the queries run on both backends")


def _literacy_period(engine: Engine, vintage: str) -> str:
    return queries.vintage_periods(engine=engine, indicator_code=LITERACY, vintage=vintage)[0]


def _district_names(engine: Engine) -> list[str]:
    return list(queries.units(engine=engine, level="district", vintage="pre_2025")["name"])


def _map(engine: Engine, vintage: str, lang: str, units: str = "") -> Figure:
    params = {"indicator": LITERACY, "vintage": vintage, "lang": lang, "units": units}
    view = resolve_view(engine=engine, page="indicators", params=params)
    figures = map_figures(engine=engine, view=view, lang=lang)
    return maps.map_figure(figures, maps.map_geometry(engine=engine, vintage=vintage), lang=lang)


def _drawn(fig: Figure) -> Figure:
    FigureCanvasAgg(fig).draw()
    return fig


def _names(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_gid() == labels.LABEL_GID]


def _map_axes(fig: Figure) -> list:  # type: ignore[type-arg]
    return [ax for ax in fig.axes if any(t.get_gid() == labels.LABEL_GID for t in ax.texts)]


def _save(fig: Figure, name: str) -> None:
    """Kept for a person to look at (after the measurements: saving redraws at its dpi)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    maps.save(fig, ARTIFACTS / name, fmt="png", dpi=110)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_map_pdf_names_the_districts_and_states_its_period_in_the_language(
    seeded_url: str, seeded_engine: Engine, lang: str, tmp_path: Path
) -> None:
    period = _literacy_period(seeded_engine, "pre_2025")
    out = tmp_path / f"map_{lang}.pdf"
    args = ["export", "map", "--indicator", LITERACY, "--period", period, "--lang", lang]
    assert run([*args, "--format", "pdf", "--out", str(out), "--db", seeded_url]) == 0
    text = PdfReader(out).pages[0].extract_text()
    named = [n for n in _district_names(seeded_engine) if n in text]
    assert len(named) >= 10, named
    if lang == "vi":
        (line,) = re.findall(r"Kỳ: [^\n·]*", text)
        assert not ENGLISH_PERIOD_WORDS.search(line), line
        assert "Kỳ: năm học 2024-2025 (báo cáo ngày 31/10/2025; năm suy ra)" in text
    else:
        assert "Period: 2024-2025 school year (reported 31 Oct 2025; year inferred)" in text


def test_a_district_map_names_all_12_districts_apart_with_the_legend_beside_the_map(
    seeded_engine: Engine,
) -> None:
    fig = _drawn(_map(seeded_engine, "pre_2025", "vi"))
    names = _names(fig)
    assert sorted(t.get_text() for t in names) == sorted(_district_names(seeded_engine))
    boxes = [t.get_window_extent() for t in names]
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    (map_ax,) = _map_axes(fig)
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert len(legends) == 1
    assert "Không có số liệu" not in [t.get_text() for t in legends[0].get_texts()]
    assert not legends[0].get_window_extent().overlaps(map_ax.get_window_extent())
    _save(fig, "district_map.png")


def test_a_commune_map_names_the_communes_that_fit_and_every_selected_one(
    seeded_engine: Engine,
) -> None:
    communes = queries.units(engine=seeded_engine, level="commune", vintage="post_2025")
    chosen = communes.iloc[[3, 40]]
    fig = _drawn(_map(seeded_engine, "post_2025", "en", units=",".join(chosen["gso_code"])))
    shown = [t.get_text() for t in _names(fig)]
    assert set(chosen["name"]) <= set(shown)
    assert 30 <= len(shown) <= len(communes)
    boxes = [t.get_window_extent() for t in _names(fig)]
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    (map_ax,) = _map_axes(fig)
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert not legend.get_window_extent().overlaps(map_ax.get_window_extent())
    _save(fig, "commune_map.png")


def _facilities_slide(params: dict[str, str]) -> decks.SlideInfo:
    return decks.SlideInfo(
        id=0, deck_id=0, position=1, page="facilities", params=params, title="Mạng lưới", note=""
    )


def test_a_facilities_slide_draws_facilities_by_kind_with_their_legend(
    seeded_engine: Engine,
) -> None:
    located = queries.located_facilities(engine=seeded_engine)
    rendered = slides.slide_figures(
        engine=seeded_engine, slide=_facilities_slide({"lang": "vi"}), lang="vi", base_url="x"
    )
    fig = _drawn(slides.slide_figure(engine=seeded_engine, rendered=rendered, lang="vi"))
    drawn = {
        c.get_gid(): len(c.get_offsets())
        for c in fig.findobj(PathCollection)
        if str(c.get_gid()).startswith("facilities-")
    }
    expected = located["kind"].value_counts()
    assert drawn == {f"facilities-{k}": int(n) for k, n in expected.items()}
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    entries = " ".join(t.get_text().replace("\n", " ") for t in legend.get_texts())
    clc = fac.KINDS["community_learning_centre"].label("vi")
    assert f"{clc} ({int(expected['community_learning_centre'])})" in entries
    assert "Tỷ lệ" not in entries  # not the choropleth's legend
    assert rendered.headline.startswith(str(len(located)))
    assert len(_names(fig)) == 12  # the districts, named, beneath the facilities
    _save(fig, "facilities_slide.png")


def test_a_facilities_slide_shows_only_its_kinds(seeded_engine: Engine) -> None:
    slide = _facilities_slide({"kinds": "library", "lang": "en"})
    rendered = slides.slide_figures(engine=seeded_engine, slide=slide, lang="en", base_url="x")
    fig = slides.slide_figure(engine=seeded_engine, rendered=rendered, lang="en")
    gids = {str(c.get_gid()) for c in fig.findobj(PathCollection)}
    assert {g for g in gids if g.startswith("facilities-")} == {"facilities-library"}
    buffer = io.BytesIO()
    maps.save(fig, buffer, fmt="pdf")
    text = PdfReader(buffer).pages[0].extract_text()
    assert "Library (" in text and "Facilities on the map:" in text
