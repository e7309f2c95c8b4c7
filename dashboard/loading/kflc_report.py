"""The evidence annex of Sơn La city's GNLC progress report: figures by KFLC area.

XLSX (formula-like cells neutralised) and PDF. The PDF is drawn with matplotlib in DejaVu Sans
(shipped inside matplotlib, so no system font and no download) embedded as TrueType, which
carries every Vietnamese letter.
"""

from __future__ import annotations

import io
import math
import textwrap

import pandas as pd

from dashboard.i18n import format_period, format_value, t
from dashboard.loading import export

EVIDENCE_KEYS = [
    ("part", "kflc_part"),
    ("area", "kflc_area"),
    ("indicator", "indicator"),
    ("value", "value"),
    ("period", "period"),
    ("source", "source"),
    ("url", "kflc_url"),
    ("sample", "sample_column"),
]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def area_states(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per area: part, number, area code and labels, counts and its state.

    state: 'figures' (a real figure), 'sample' (sample figures only), 'indicators' (tagged
    indicators, no figure) or 'none' (no indicator tagged).
    """
    rows = []
    for code, group in frame.groupby("area_code", sort=False):
        tagged = group.dropna(subset=["indicator_code"])
        has_value = tagged[tagged["value"].notna()]
        real = int((~has_value["is_sample"].astype(bool)).sum())
        sample = len(has_value) - real
        state = (
            "figures" if real else "sample" if sample else "indicators" if len(tagged) else "none"
        )
        first = group.iloc[0]
        rows.append(
            {
                "part": first["part"],
                "number": int(first["number"]),
                "area_code": code,
                "area_vi": first["area_vi"],
                "area_en": first["area_en"],
                "indicators": len(tagged),
                "real": real,
                "sample_only": sample,
                "state": state,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "part",
            "number",
            "area_code",
            "area_vi",
            "area_en",
            "indicators",
            "real",
            "sample_only",
            "state",
        ],
    )


def evidence_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The city's figures grouped by area, one row per area and indicator, labelled in `lang`."""
    en = lang == "en"
    rows = []
    for r in frame.itertuples(index=False):
        has_indicator = not _missing(r.indicator_code)
        has_value = has_indicator and not _missing(r.value)
        rows.append(
            {
                "part": t(f"kflc_part_{r.part}", lang),
                "area": r.area_en if en else r.area_vi,
                "indicator": (r.label_en if en else r.label_vi) if has_indicator else "",
                "value": format_value(float(r.value), str(r.unit), lang) if has_value else "",
                "period": format_period(r.period_detail, lang) if has_value else "",
                "source": r.source_title if has_value else "",
                "url": r.source_url if has_value else "",
                "sample": t("sample", lang) if has_value and bool(r.is_sample) else "",
            }
        )
    table = pd.DataFrame(rows, columns=[k for k, _ in EVIDENCE_KEYS])
    return table.rename(columns={k: t(label, lang) for k, label in EVIDENCE_KEYS})


def evidence_xlsx(frame: pd.DataFrame, lang: str) -> bytes:
    """The evidence table as a workbook."""
    return export.to_xlsx_bytes(evidence_table(frame, lang), sheet="KFLC")


_PAGE = (8.27, 11.69)  # A4 portrait, inches
_LINES_PER_PAGE = 58


def _lines(frame: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(style, text) lines: 'area' headings, 'item' lines, 'note' lines, wrapped."""
    table = evidence_table(frame, lang)
    keys = {k: t(label, lang) for k, label in EVIDENCE_KEYS}
    out: list[tuple[str, str]] = []
    for area, group in table.groupby(keys["area"], sort=False):
        out.append(("area", f"{group.iloc[0][keys['part']]} — {area}"))
        items = group[group[keys["indicator"]] != ""]
        if items.empty:
            out.append(("note", t("kflc_state_none", lang)))
        for _, r in items.iterrows():
            value = r[keys["value"]] or "–"
            mark = f" [{r[keys['sample']]}]" if r[keys["sample"]] else ""
            text = f"• {r[keys['indicator']]}: {value}{mark}"
            out += [("item", line) for line in textwrap.wrap(text, 95)]
            if r[keys["value"]]:
                where = f"{keys['period']}: {r[keys['period']]}; {keys['source']}: "
                where += f"{r[keys['source']]} {r[keys['url']]}".strip()
                out += [("note", "   " + line) for line in textwrap.wrap(where, 100)]
    return out


def evidence_pdf(frame: pd.DataFrame, lang: str, *, title: str) -> bytes:
    """The evidence table as an A4 PDF with the Vietnamese-capable font embedded."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    lines = _lines(frame, lang)
    styles = {
        "area": {"fontsize": 10.5, "fontweight": "bold"},
        "item": {"fontsize": 8.5},
        "note": {"fontsize": 7.5, "color": "#444444"},
    }
    buffer = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(buffer, metadata={"Title": title}) as pdf,
    ):
        pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
        for number, page in enumerate(pages or [[]], start=1):
            fig = plt.figure(figsize=_PAGE)
            fig.text(0.06, 0.965, title, fontsize=12, fontweight="bold", va="top")
            fig.text(0.94, 0.02, f"{number}/{len(pages) or 1}", fontsize=7, ha="right")
            y = 0.93
            for style, text in page:
                fig.text(0.06, y, text, va="top", **styles[style])  # type: ignore[arg-type]
                y -= 0.0155 if style != "area" else 0.019
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()
