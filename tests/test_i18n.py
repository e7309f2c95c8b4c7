"""Counts read right: '1 second', '2 seconds'; Vietnamese nouns have no plural ('1 giây')."""

import pytest

from dashboard.i18n import plural


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [
        (1, "en", "1 second"),
        (2, "en", "2 seconds"),
        (0, "en", "0 seconds"),
        (1, "vi", "1 giây"),
        (2, "vi", "2 giây"),
        (1234, "en", "1,234 seconds"),
        (1234, "vi", "1.234 giây"),
    ],
)
def test_plural_follows_the_count_and_the_language(n: int, lang: str, shown: str) -> None:
    assert plural(n, "sec_second", "sec_seconds", lang) == shown


@pytest.mark.parametrize(
    ("n", "lang", "shown"),
    [(1, "en", "1 slide"), (2, "en", "2 slides"), (1, "vi", "1 trang"), (2, "vi", "2 trang")],
)
def test_plural_of_slides(n: int, lang: str, shown: str) -> None:
    assert plural(n, "cli_slide", "cli_slides", lang) == shown
