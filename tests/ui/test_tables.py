import re

import pytest

from dashboard.ui.tables import md_link, md_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Báo Sơn La", "Báo Sơn La"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("[a](javascript:b)", "\\[a\\](javascript:b)"),
        ("*bold* $x$", "\\*bold\\* \\$x\\$"),
    ],
)
def test_markdown_text_is_literal(text: str, shown: str) -> None:
    assert md_text(text) == shown


def test_links_only_for_http_urls() -> None:
    assert md_link("Nguồn", "https://a.vn/x y") == "[Nguồn](<https://a.vn/x%20y>)"
    assert md_link("Nguồn", "javascript:alert(1)") == "Nguồn"
    assert md_link("Mẫu", "") == "Mẫu"


def test_the_map_as_a_table_ranks_units_and_links_their_profiles() -> None:
    """A choropleth's text alternative: a captioned table, best first, no-data last, each
    unit's name a link to its profile, names escaped."""
    import pandas as pd

    from dashboard.ui.tables import map_table_html

    values = pd.DataFrame(
        {
            "gso_code": ["116", "117", "118"],
            "name": ["Quỳnh Nhai", "<b>Sông Mã</b>", "Mai Sơn"],
            "value": [81.5, 90.25, None],
        }
    )
    html = map_table_html(
        values, title="Tỷ lệ, 2024", unit="percent", lang="vi", vintage="post_2025"
    )
    assert "<caption>Tỷ lệ, 2024</caption>" in html
    rows = re.findall(
        r"<tr><td>([^<]*)</td><th scope=\"row\"><a href=\"([^\"]+)\"[^>]*>"
        r"([^<]*)</a></th><td>([^<]*)</td></tr>",
        html,
    )
    assert [(rank, name, shown) for rank, _, name, shown in rows] == [
        ("1", "&lt;b&gt;Sông Mã&lt;/b&gt;", "90,25 %"),
        ("2", "Quỳnh Nhai", "81,5 %"),
        ("", "Mai Sơn", "Không có số liệu"),
    ]
    assert rows[0][1] == "profile?unit=117&amp;vintage=post_2025"
    assert "<b>" not in html
    english = map_table_html(values, title="Rate", unit="percent", lang="en", vintage="pre_2025")
    assert 'href="profile?unit=117&amp;lang=en"' in english
    assert "Profile of &lt;b&gt;Sông Mã&lt;/b&gt;" in english
