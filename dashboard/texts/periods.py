"""How a period reads: its kind, its dates and what the source said of its report."""

TEXT: dict[str, tuple[str, str]] = {
    "period_school_year": ("năm học {code}", "{code} school year"),
    "period_since": ("từ {date}", "from {date}"),
    "period_range": ("{start} đến {end}", "{start} to {end}"),
    "period_end_early": ("đầu năm {year}", "early {year}"),
    "period_end_mid": ("giữa năm {year}", "mid {year}"),
    "period_end_late": ("cuối năm {year}", "late {year}"),
    "period_reported": ("báo cáo ngày {date}", "reported {date}"),
    "period_report_undated": (
        "báo cáo trong kỳ, không rõ ngày",
        "reported during the period, date not given",
    ),
    "period_year_inferred": ("năm suy ra", "year inferred"),
}
