"""Shared caches hand every session the same object: no page may change one.

dashboard.ui.cache.shared puts queries (and what pages derive from them) behind Streamlit's
resource cache, which returns the object itself rather than an unpickled copy. A page that
assigned into such a frame would change what every other reader sees. Every page runs here, in
both vintages, on every database state of tests/states.py, while each object a shared cache
hands out is fingerprinted when it is handed out and again after the page has run.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui import cache
from tests.pages.test_missing_data import APP, PAGES, state_urls
from tests.states import STATES

__all__ = ["state_urls"]  # a fixture, requested below by name
VINTAGES = ("pre_2025", "post_2025")


def fingerprint(value: Any) -> str:
    """What a value holds, columns, index and attributes included (a hash of its text)."""
    return hashlib.sha256(_text(value).encode()).hexdigest()


def _text(value: Any) -> str:
    if isinstance(value, gpd.GeoDataFrame):
        value = pd.DataFrame(value.to_wkb(hex=True))
    if isinstance(value, pd.DataFrame):
        shape = (list(value.columns), [str(d) for d in value.dtypes], value.attrs)
        return repr(shape) + repr(value.index.tolist()) + value.to_csv()
    if isinstance(value, pd.Series):
        return repr((value.name, str(value.dtype), value.attrs)) + value.to_csv()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return repr([(f.name, _text(getattr(value, f.name))) for f in dataclasses.fields(value)])
    if isinstance(value, dict):
        return repr([(k, _text(v)) for k, v in value.items()])
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return type(value).__name__ + repr([_text(v) for v in items])
    return repr(value)


@dataclasses.dataclass
class Recorder:
    """Every object the shared caches handed out, with its fingerprint at that moment."""

    seen: dict[int, tuple[str, Any, str]] = dataclasses.field(default_factory=dict)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def recording(*args: Any, **kwargs: Any) -> Any:
            value = function(*args, **kwargs)
            if id(value) not in self.seen:
                self.seen[id(value)] = (name, value, fingerprint(value))
            return value

        return recording

    def changed(self) -> list[str]:
        return [name for name, value, before in self.seen.values() if fingerprint(value) != before]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """Wraps every shared cache where pages reach it (module attributes, looked up per call)."""
    import sys

    found = Recorder()
    wrapped = 0
    for module in [m for name, m in sys.modules.items() if name.startswith("dashboard.")]:
        for name, value in list(vars(module).items()):
            if any(value is s for s in cache._SHARED):
                monkeypatch.setattr(module, name, found.wrap(f"{module.__name__}.{name}", value))
                wrapped += 1
    assert wrapped >= len(cache._SHARED)  # each shared cache is reached through its module
    yield found


def test_the_fingerprint_sees_a_new_column_and_a_changed_value() -> None:
    frame = pd.DataFrame({"gso_code": ["116", "118"], "value": [1.0, 2.0]})
    before = fingerprint(frame)
    frame.loc[0, "value"] = 3.0
    assert fingerprint(frame) != before
    changed = fingerprint(frame)
    frame["shown"] = ["3", "2"]
    assert fingerprint(frame) != changed
    assert fingerprint(frame.copy()) == fingerprint(frame)


def test_the_recorder_catches_a_page_that_assigns_into_a_shared_frame(recorder: Recorder) -> None:
    units = recorder.wrap("units", lambda: shared_frame)
    shared_frame = pd.DataFrame({"name": ["Mộc Châu"]})
    units()["name_upper"] = "MỘC CHÂU"  # what a careless page would do
    assert recorder.changed() == ["units"]


@pytest.mark.parametrize("state", STATES)
def test_no_page_changes_a_shared_object(
    state: str, backend: str, recorder: Recorder, request: pytest.FixtureRequest
) -> None:
    if backend != "sqlite":
        pytest.skip("what a page does to a frame does not depend on the database server")
    url = request.getfixturevalue("state_urls")[state]
    for vintage in VINTAGES:
        at = AppTest.from_file(APP, default_timeout=90)
        at.secrets["connections"] = {"learning_city": {"url": url}}
        at.query_params["vintage"] = vintage
        at.query_params["lang"] = "en" if vintage == "post_2025" else "vi"
        at.run()
        for page in PAGES:
            if page != "data":  # editors only; it reads no shared frame of its own
                at.switch_page(f"pages/{page}.py").run()
                assert not at.exception, f"{state} {page} {vintage}: {at.exception[0].message}"
            assert recorder.changed() == [], f"{state} {page} {vintage} changed a shared object"
    assert recorder.seen, "no shared cache was read: the recorder sees nothing"
