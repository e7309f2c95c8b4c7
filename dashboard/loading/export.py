"""Downloads of what a planner sees (CSV, XLSX) and `export`: every table; formulas neutralised."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine, text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_for_spreadsheets(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas when opened in a spreadsheet."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_neutralise)
    out.columns = [str(_neutralise(str(c))) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame, *, context: ExportContext | None = None) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese diacritics correctly.

    With a context, a block of (label, value) rows and one empty row come before the table.
    """
    table = safe_for_spreadsheets(df).to_csv(index=False)
    if context is None:
        return table.encode("utf-8-sig")
    header = safe_for_spreadsheets(context.header()).to_csv(index=False, header=False)
    return (header + "\n" + table).encode("utf-8-sig")


def to_xlsx_bytes(
    df: pd.DataFrame, *, sheet: str = "data", context: ExportContext | None = None
) -> bytes:
    """The table on one sheet; with a context, a first sheet says what the table is."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if context is not None:
            safe_for_spreadsheets(context.header()).to_excel(
                writer, index=False, header=False, sheet_name=context.label("rd_export_about")
            )
        safe_for_spreadsheets(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportContext:
    """What a downloaded table is: the header block or sheet that travels with it."""

    lang: str
    indicator: str  # the indicator's name, or what the table lists ("Facilities")
    unit: str  # unit of measure as the reader reads it ("%", "người"); "" when none
    period: str  # as the reader reads it; "" when the table spans periods
    vintage: str  # the administrative units' label
    sources: Sequence[str]  # "title — URL", one per source
    is_sample: bool  # some row is illustrative sample data
    rows_shown: int
    rows_total: int
    filters: Sequence[str] = ()  # "Huyện, thành phố: Mường La", one per active filter
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def label(self, key: str) -> str:
        from dashboard.i18n import t

        return t(key, self.lang)

    @property
    def filtered(self) -> bool:
        return self.rows_shown < self.rows_total or bool(self.filters)

    def header(self) -> pd.DataFrame:
        """Label and value rows: indicator, unit, period, vintage, filters, rows, sources..."""
        from dashboard.i18n import format_date

        label = self.label
        if self.filtered:
            rows_text = label("rd_export_filtered").format(
                shown=self.rows_shown, total=self.rows_total
            )
        else:
            rows_text = label("rd_export_all_rows").format(total=self.rows_total)
        stamp = self.exported_at.astimezone(dt.UTC)
        rows = [
            (label("rd_export_indicator"), self.indicator),
            (label("rd_export_unit"), self.unit),
            (label("rd_export_period"), self.period),
            (label("rd_export_vintage"), self.vintage),
            (label("rd_export_filters"), "; ".join(self.filters) or label("rd_export_no_filter")),
            (label("rd_export_rows"), rows_text),
            *((label("rd_export_source"), source) for source in self.sources),
            (label("rd_export_sample"), label("rd_export_sample_yes" if self.is_sample else "no")),
            (
                label("rd_export_time"),
                f"{format_date(stamp.date(), self.lang)} {stamp:%H:%M} UTC",
            ),
        ]
        # one line per value, so the block ends at the first empty line
        return pd.DataFrame(
            [(name, " ".join(str(value).split())) for name, value in rows],
            columns=["field", "value"],
        )


def sources_of(table: pd.DataFrame, *, title: str, url: str) -> list[str]:
    """'title — URL' for each distinct source of a table's rows (columns `title`, `url`)."""
    if title == url:
        return [str(v) for v in table[title].dropna().drop_duplicates()]
    pairs = table[[title, url]].drop_duplicates().itertuples(index=False)
    return [f"{t} — {u}" if isinstance(u, str) and u else str(t) for t, u in pairs if pd.notna(t)]


def read_csv_export(data: bytes) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """A CSV download read back: its header block (label -> values) and its table."""
    text = data.decode("utf-8-sig")
    block, _, table = text.partition("\n\n")
    header: dict[str, list[str]] = {}
    for row in pd.read_csv(io.StringIO(block), header=None, dtype=str).itertuples(index=False):
        header.setdefault(str(row[0]), []).append(str(row[1]))
    return header, pd.read_csv(io.StringIO(table))


# Every table, in the importer's own column names where the importer reads it back.
_EXPORTS: dict[str, str] = {
    "indicator_values": """
        SELECT v.indicator_code AS indicator, u.gso_code AS unit_code,
               v.period, v.period_kind, v.period_start, v.period_end, v.period_reported,
               v.period_year_inferred, v.period_report_undated, v.period_end_part,
               v.value, v.numerator, v.denominator,
               s.title AS source_title, s.url AS source_url, v.note, v.is_sample
        FROM indicator_value v JOIN admin_unit u ON u.id = v.unit_id
        JOIN source s ON s.id = v.source_id
        ORDER BY v.indicator_code, u.vintage, u.gso_code, v.period_end, v.period""",
    "facilities": """
        SELECT f.name, f.kind, u.gso_code AS unit_code, u.vintage, f.lat, f.lon,
               f.location_precision, s.title AS source_title, s.url AS source_url, f.note,
               f.is_sample
        FROM facility f JOIN admin_unit u ON u.id = f.unit_id
        JOIN source s ON s.id = f.source_id
        ORDER BY f.kind, u.gso_code, f.name""",
    "units": """
        SELECT u.gso_code, u.vintage, u.level, u.name, u.name_ascii, u.full_name, u.unit_type,
               u.unit_type_en, p.gso_code AS parent_code, p.vintage AS parent_vintage,
               u.valid_from, u.valid_to, u.point_lon, u.point_lat, u.especially_disadvantaged,
               s.title AS source_title, s.url AS source_url
        FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
        LEFT JOIN source s ON s.id = u.geometry_source_id
        ORDER BY u.vintage, u.level, u.gso_code""",
    "crosswalk": """
        SELECT o.gso_code AS old_gso_code, n.gso_code AS new_gso_code, x.weight,
               x.merge_type, x.effective_from, s.title AS source_title, s.url AS source_url,
               x.note
        FROM unit_crosswalk x JOIN admin_unit o ON o.id = x.old_unit_id
        JOIN admin_unit n ON n.id = x.new_unit_id JOIN source s ON s.id = x.source_id
        ORDER BY o.gso_code, n.gso_code""",
    "sources": """
        SELECT title, url, publisher, published, licence, is_sample, note FROM source
        ORDER BY title, url""",
    "indicators": """
        SELECT code, indicator_group AS "group", label_vi, label_en, unit, aggregation,
               higher_is_better, description FROM indicator ORDER BY code""",
    "targets": """
        SELECT t.indicator_code AS indicator, t.scope, t.year, t.value, t.decision,
               s.title AS source_title, s.url AS source_url, t.note
        FROM target t JOIN source s ON s.id = t.source_id
        ORDER BY t.indicator_code, t.scope, t.year""",
    "literacy_standards": """
        SELECT l.standard, l.level, l.unit_of_assessment, l.age_band_normal,
               l.age_band_disadvantaged, l.threshold_percent, l.rule,
               s.title AS source_title, s.url AS source_url, l.note
        FROM literacy_standard l JOIN source s ON s.id = l.source_id
        ORDER BY l.standard, l.level""",
    "import_batches": """
        SELECT b.id, b.at, b.user_name, b.file_name, b.file_sha256, b.kind, b.status,
               b.summary, s.title AS source_title, s.url AS source_url
        FROM import_batch b LEFT JOIN source s ON s.id = b.source_id ORDER BY b.id""",
    "change_log": """
        SELECT id, import_id, table_name, row_key, "before", "after" FROM change_log
        ORDER BY id""",
    "audit_log": "SELECT id, at, user_name, action, detail FROM audit_log ORDER BY id",
    # accounts without their password hashes
    "users": "SELECT name, role, active, created_at FROM app_user ORDER BY name",
}

# The plan area (issue 14): flag lists and recognitions in the importer's column names.
_EXPORTS |= {
    "difficulty_flags": """
        SELECT u.gso_code AS unit_code, u.vintage, f.period, f.flagged AS particularly_difficult,
               s.title AS source_title, s.url AS source_url, f.note, f.is_sample
        FROM unit_difficulty_flag f JOIN admin_unit u ON u.id = f.unit_id
        JOIN source s ON s.id = f.source_id
        ORDER BY f.period_end, u.gso_code""",
    "recognitions": """
        SELECT r.recipient, r.recipient_kind, u.gso_code AS unit_code, r.kind, r.level,
               r.title, r.decision_number, r.decision_date, r.issuing_body,
               s.title AS source_title, s.url AS source_url, r.note, r.is_sample
        FROM recognition r JOIN admin_unit u ON u.id = r.unit_id
        JOIN source s ON s.id = r.source_id
        ORDER BY r.decision_date, r.id""",
    "plan_tasks": """
        SELECT t.code, t.framework, t.number, t.title_vi, t.title_en, s.title AS source_title,
               s.url AS source_url, t.note,
               (SELECT COUNT(*) FROM plan_task_indicator l WHERE l.task_code = t.code)
                   AS indicators
        FROM plan_task t JOIN source s ON s.id = t.source_id
        ORDER BY t.framework, t.number""",
    "kflc_indicator_areas": """
        SELECT a.code AS area_code, a.part, a.label_en AS area, x.indicator_code
        FROM kflc_area a LEFT JOIN kflc_indicator_area x ON x.area_code = a.code
        ORDER BY a.part, a.number, x.indicator_code""",
}

_BOOLEANS = {
    "is_sample",
    "active",
    "higher_is_better",
    "especially_disadvantaged",
    "particularly_difficult",
}


def export_all(*, engine: Engine, directory: Path) -> list[Path]:
    """Every table to CSV in `directory` (and unit geometry to units.geojson); the paths.

    Figures and facilities come in the importer's column names with their sources, so
    `python -m dashboard import` reads them back unchanged.
    """
    from geo import from_wkb

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with engine.connect() as conn:
        for name, sql in _EXPORTS.items():
            frame = pd.read_sql(text(sql), conn)
            for column in set(frame.columns) & _BOOLEANS:  # SQLite says 0/1, PostgreSQL t/f
                frame[column] = frame[column].map(lambda v: None if pd.isna(v) else bool(v))
            path = directory / f"{name}.csv"
            path.write_bytes(to_csv_bytes(frame))
            written.append(path)
        shapes = pd.read_sql(
            text(
                "SELECT u.gso_code, u.vintage, u.level, u.name, s.title AS source_title, "
                "s.url AS source_url, u.geometry_wkb FROM admin_unit u "
                "LEFT JOIN source s ON s.id = u.geometry_source_id "
                "WHERE u.geometry_wkb IS NOT NULL ORDER BY u.vintage, u.level, u.gso_code"
            ),
            conn,
        )
    geometry = from_wkb(shapes.pop("geometry_wkb"), index=shapes.index)
    path = directory / "units.geojson"
    path.unlink(missing_ok=True)
    gpd.GeoDataFrame(shapes, geometry=geometry, crs="EPSG:4326").to_file(
        path, driver="GeoJSON", engine="pyogrio"
    )
    written.append(path)
    return written
