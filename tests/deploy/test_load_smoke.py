"""The load bench at N=10 (`python -m bench.load --smoke`'s workload), judged on failures only.

Ten viewers open the Indicators page at once over Streamlit's websocket and change a filter
twice; so do ten on the floor app. Every viewer must finish every run with no exception drawn.
Times are printed, never asserted: they belong to `make bench`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import load


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Iterator[load.Server]:
    with load.serve(load.OURS, tmp_path_factory.mktemp("load_ours")) as server:
        yield server


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[load.Server]:
    with load.serve(load.FLOOR, tmp_path_factory.mktemp("load_floor")) as server:
        yield server


@pytest.mark.parametrize("app_name", ["ours", "floor"])
def test_ten_viewers_at_once_all_finish_without_exceptions(
    app_name: str, request: pytest.FixtureRequest
) -> None:
    server: load.Server = request.getfixturevalue(app_name)
    app = load.APPS[app_name]
    result = load.burst(server.url, app, 10, server.pid)
    print(load.table([result], {}))
    assert result.errors == [], result.errors
    assert result.failed == 0
    assert result.runs == 10 * 3  # each: the page, then two filter changes


def test_the_floor_runs_with_our_production_config(floor: load.Server) -> None:
    """Its CPU per run is the yardstick for ours only when both run with the same settings."""
    assert load.production_config(floor, load.FLOOR) is None


def test_a_burst_reports_the_servers_cpu_per_page_run(
    ours: load.Server, floor: load.Server
) -> None:
    """Read from /proc for the server process: our page costs far more than `st.write`."""
    mine = load.burst(ours.url, load.OURS, 3, ours.pid)
    least = load.burst(floor.url, load.FLOOR, 3, floor.pid)
    assert mine.cpu_s is not None and least.cpu_s is not None
    assert mine.cpu_per_run > least.cpu_per_run
    assert mine.rss_each and all(mine.rss_each)


def test_the_filter_change_really_changes_the_view(ours: load.Server) -> None:
    async def visit() -> load.Viewer:
        viewer = load.Viewer(ours.url, load.OURS)
        try:
            await viewer.open()
            before = viewer.query
            await viewer.change(0)
            assert viewer.query != before, "the rerun did not change the page's view"
        finally:
            await viewer.close()
        return viewer

    viewer = asyncio.run(visit())
    assert "ind_period" in viewer.widgets and not viewer.exceptions


def test_an_exception_drawn_by_a_run_fails_the_viewer(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import streamlit as st\nst.write('hello')\nraise ValueError('broken')\n")
    app = load.App("broken", str(script), "", "", (load.Change(query="v=1"),))
    with load.serve(app, tmp_path) as server:
        result = load.burst(server.url, app, 2, server.pid)
    assert result.failed == 2, result
    assert all("exception" in e for e in result.errors), result.errors


def test_five_followers_show_each_of_the_presenters_moves(tmp_path: Path) -> None:
    """`--smoke`'s follower workload: a signed-in presenter moves twice, every follower shows
    both moves (times printed, not judged)."""
    from bench import followers

    with followers.one_server(tmp_path) as server:
        result = followers.run(server.url, label="smoke", n=5, moves=2, pids=[server.pid])
    print(followers.table([result]))
    assert result.errors == []
    assert (len(result.lags), result.missed) == (5 * 2, 0)
    assert len(result.changes) == 2
