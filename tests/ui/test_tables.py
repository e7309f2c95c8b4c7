import io
import re

import openpyxl
import pytest
from sqlalchemy import Engine

from dashboard.data import plan_queries, queries
from dashboard.i18n import t
from dashboard.loading import export, kflc_report
from dashboard.ui.tables import export_context, figures_table, md_link, md_text
from tests.factories import ENGLISH_PERIOD_WORDS


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


def test_the_figures_table_downloads_write_every_period_in_the_language(
    seeded_engine: Engine,
) -> None:
    """CSV and Excel of the Indicators table: the period column and the header block say the
    period from its fields, in Vietnamese words only on a Vietnamese download."""
    values = queries.unit_values(
        engine=seeded_engine,
        indicator_code="literacy_rate_level2_age15_60",
        period="2024-2025",
        level="province",
        vintage="all",
    ).assign(note="")
    shown = {}
    for lang in ("vi", "en"):
        table = figures_table(values, lang=lang, selected=[], verdicts={}, verdict_label="")
        context = export_context(
            lang=lang, what="x", rows=values, total=len(values), period="2024-2025"
        )
        header, csv_table = export.read_csv_export(export.to_csv_bytes(table, context=context))
        book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(table, context=context)))
        in_xlsx = [str(c.value) for row in book.worksheets[1].iter_rows() for c in row]
        period = t("period", lang)
        shown[lang] = [*header[period], *csv_table[period], *in_xlsx]
    assert "năm học 2024-2025 (báo cáo ngày 31/10/2025; năm suy ra)" in shown["vi"]
    assert not [s for s in shown["vi"] if ENGLISH_PERIOD_WORDS.search(s)]
    assert "2024-2025 school year (reported 31 Oct 2025; year inferred)" in shown["en"]


def test_the_kflc_evidence_annex_writes_periods_in_vietnamese(seeded_engine: Engine) -> None:
    frame = plan_queries.kflc_city_figures(engine=seeded_engine)
    book = openpyxl.load_workbook(io.BytesIO(kflc_report.evidence_xlsx(frame, "vi")))
    periods = [str(r[4]) for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "năm học 2024-2025 (báo cáo trong kỳ, không rõ ngày)" in periods
    assert not [p for p in periods if ENGLISH_PERIOD_WORDS.search(p)]
