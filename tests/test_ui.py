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
