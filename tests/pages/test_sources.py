"""The sources page: every source with its licence, or says it is not stated."""

from __future__ import annotations

import pytest

from tests.app_support import app, open_in


def test_sources_page_lists_every_source_with_licences(seeded_url: str) -> None:
    at = app(seeded_url)
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    sources = at.dataframe[0].value
    assert len(sources) >= 15
    assert "GPL-3.0" in set(sources["licence"])
    assert sources["is_sample"].sum() == 1


@pytest.mark.parametrize(
    ("lang", "not_stated"),
    [("vi", "nhà xuất bản không ghi"), ("en", "not stated by the publisher")],
)
def test_every_source_lists_its_licence_or_says_it_is_not_stated(
    seeded_url: str, lang: str, not_stated: str
) -> None:
    at = open_in(seeded_url, "pages/sources.py", lang)
    sources = at.dataframe[0].value
    assert sources["licence"].map(lambda v: isinstance(v, str) and v.strip() != "").all()
    licences = set(sources["licence"])
    assert {"GPL-3.0", "CC-BY-4.0", "MIT"} <= licences  # the ones SOURCES.md records
    assert not_stated in licences
