"""Maps on pages: the base rendered once per view (shared by sessions), then restyled in the
browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from dashboard import maps
from dashboard.data import queries
from dashboard.domain import facilities as fac
from dashboard.domain.units import VINTAGE_LEVEL, Level, Vintage
from dashboard.ui.cache import shared


@shared(max_entries=64)
def choropleth_base(
    engine: Engine,
    *,
    vintage: str,
    province_code: str | None,
    lang: str,
    tiles: bool = False,
    centres: bool = False,
    legend: bool = True,
    fit_names: bool = False,
) -> maps.RenderedMap:
    """The units of a vintage (and the former districts under 2025 communes), rendered once.

    A slide's base has no legend on the map (`legend=False`: the slide draws it beside the
    map) and names its units where they fit (`fit_names`)."""
    level = VINTAGE_LEVEL[vintage]
    post = vintage == Vintage.POST_2025
    boundaries = (
        queries.display_geometry(engine=engine, level=Level.DISTRICT, vintage=Vintage.PRE_2025)
        if post
        else None
    )
    kinds = ["community_learning_centre"]
    m = maps.choropleth_base(
        geometry=queries.display_geometry(
            engine=engine, level=level, vintage=vintage, province_code=province_code
        ),
        outline=queries.province_outline(engine=engine),
        lang=lang,
        level=level,
        centres=queries.facilities(engine=engine, kinds=kinds) if centres and not post else None,
        tiles=tiles,
        boundaries=boundaries,
        legend="" if legend else None,
        fit_names=fit_names,
    )
    return maps.render_base(m)


def choropleth_ui(
    engine: Engine,
    *,
    restyle: str,
    lang: str,
    vintage: str,
    province_code: str | None,
    key: str,
    height: int = 560,
    tiles: bool = False,
    centres: bool = False,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> None:
    """A choropleth whose base stays in the browser; `restyle` (derived.choropleth_restyle)
    colours it for the indicator, classes and selection."""
    base = choropleth_base(
        engine,
        vintage=vintage,
        province_code=province_code,
        lang=lang,
        tiles=tiles,
        centres=centres,
    )
    maps.show_map(
        base,
        key=key,
        restyle=restyle,
        height=height,
        returned_objects=returned_objects,
        on_change=on_change,
    )


@shared(max_entries=64)
def facility_base(
    engine: Engine,
    *,
    vintage: str,
    province_code: str | None,
    lang: str,
    unit_codes: tuple[str, ...],
    kinds: tuple[str, ...],
    legend: bool = True,
) -> maps.RenderedMap:
    """The facilities map for one filter (units, kinds), rendered once and shared by sessions
    (`legend=False`: a slide draws the legend beside the map)."""
    level = VINTAGE_LEVEL[vintage]
    units = queries.units(engine=engine, level=level, vintage=vintage, province_code=province_code)
    shapes = queries.display_geometry(
        engine=engine, level=level, vintage=vintage, province_code=province_code
    )
    shown = fac.filtered(
        queries.located_facilities(engine=engine, province_code=province_code),
        unit_column=f"{level}_code",
        unit_codes=list(unit_codes),
        kinds=list(kinds),
    )
    m = maps.facility_map(
        outline=queries.province_outline(engine=engine),
        districts=maps.join_geometry(units, shapes),
        facilities=shown,
        kinds={k: v for k, v in fac.KINDS.items() if not kinds or k in kinds},
        lang=lang,
        selected=list(unit_codes),
        legend=legend,
    )
    return maps.render_base(m)


def facility_map_ui(
    engine: Engine,
    *,
    vintage: str,
    province_code: str | None,
    lang: str,
    unit_codes: Sequence[str],
    kinds: Sequence[str],
    key: str,
    on_change: Callable[[], None],
) -> None:
    """The facilities map: rendered once per filter; a click on a unit counts at once."""
    base = facility_base(
        engine,
        vintage=vintage,
        province_code=province_code,
        lang=lang,
        unit_codes=tuple(unit_codes),
        kinds=tuple(kinds),
    )
    maps.show_map(
        base,
        key=key,
        restyle=maps.select_now_script("district"),  # facility_map's unit outlines
        returned_objects=["last_active_drawing"],
        on_change=on_change,
    )
