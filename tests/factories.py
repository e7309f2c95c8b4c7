"""Files a planner might bring (every format and encoding the importer reads) and DB snapshots."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import openpyxl
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, inspect, text

from dashboard.loading.importer import MAX_FILE_BYTES

VALUE_HEADER = ["indicator", "unit_code", "period", "value", "source_title"]
FACILITY_HEADER = ["name", "kind", "unit_code", "lat", "lon", "source_title"]
INSIDE = (103.909, 21.344)  # lon, lat of phường Tô Hiệu, Sơn La city
HANOI = (105.85, 21.03)  # outside the province
SOURCE = "Báo cáo của Sở Giáo dục và Đào tạo"
# The English words a period was written with before it was stored as fields: none may reach
# a Vietnamese screen or export.
ENGLISH_PERIOD_WORDS = re.compile(
    r"\b(school year|reported|inferred|meeting|as of|from)\b", re.IGNORECASE
)

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tones combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            tones = "".join(c for c in parts if c in _TONE_MARKS)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    """A CSV in one of the encodings planners' tools write.

    encoding: "utf-8", "utf-8-sig" (Excel's CSV UTF-8), "utf-16" (Excel's "Unicode text":
    UTF-16 LE with BOM, tab-separated, CRLF) or "cp1258" (legacy Vietnamese Windows).
    """

    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n" if encoding == "utf-16" else "\n"
    )
    writer.writerows([header, *([("" if v is None else v) for v in r] for r in rows)])
    body = buffer.getvalue()
    if encoding == "cp1258":
        data = encode_cp1258(body)
    elif encoding == "utf-16":
        data = b"\xff\xfe" + body.encode("utf-16-le")
    else:
        data = body.encode(encoding)
    path.write_bytes(data)
    return path


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    formula_at: tuple[int, int] | None = None,
    macros: bool = False,
) -> Path:
    """A one-sheet workbook; optionally a formula at (row, column) or a vbaProject.bin."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if formula_at:
        sheet.cell(row=formula_at[0], column=formula_at[1], value="=40+1")
    book.save(path)
    if macros:
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/vbaProject.bin", b"\x00fake macro project")
    return path


def write_geo(
    path: Path,
    records: Sequence[Mapping[str, object]],
    geometries: Sequence[BaseGeometry | None],
    *,
    crs: str | None = "EPSG:4326",
    to_crs: str | None = None,
) -> Path:
    """GeoJSON or GeoPackage (by suffix), optionally reprojected to `to_crs` before writing."""
    gdf = gpd.GeoDataFrame([dict(r) for r in records], geometry=list(geometries), crs=crs)
    if to_crs:
        gdf = gdf.to_crs(to_crs)
    driver = "GPKG" if path.suffix == ".gpkg" else "GeoJSON"
    with warnings.catch_warnings():  # an undeclared CRS is what some tests want
        warnings.simplefilter("ignore", UserWarning)
        gdf.to_file(path, driver=driver, engine="pyogrio")
    return path


def write_zipped_shapefile(
    path: Path,
    records: Sequence[Mapping[str, object]],
    geometries: Sequence[BaseGeometry | None],
    *,
    crs: str | None = "EPSG:4326",
    to_crs: str | None = None,
) -> Path:
    """A zip with one Shapefile (field names cut to 10 characters, as Shapefiles do)."""
    folder = path.with_suffix("")
    folder.mkdir()
    gdf = gpd.GeoDataFrame([dict(r) for r in records], geometry=list(geometries), crs=crs)
    if to_crs:
        gdf = gdf.to_crs(to_crs)
    with warnings.catch_warnings():  # field names laundered to 10 characters, on purpose
        warnings.simplefilter("ignore")
        gdf.to_file(folder / "layer.shp", engine="pyogrio")
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    shutil.rmtree(folder)
    return path


def write_zip_slip(path: Path) -> Path:
    """A zip whose member would land outside the folder it is unpacked in."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("layer.shp", b"")
        archive.writestr("../evil.shp", b"")
    return path


def write_large(path: Path) -> Path:
    """A sparse file of exactly the size limit (instant to create)."""
    with path.open("wb") as f:
        f.write(b"indicator,unit_code,period,value\n")
        f.truncate(MAX_FILE_BYTES)
    return path


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every table: equal snapshots mean nothing was written."""
    out = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table == "alembic_version":
                continue
            rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            out[table] = (len(rows), digest)
    return out


def seeded_at_revision(engine: Engine, revision: str, *, include_sample: bool = True) -> None:
    """The database as an older version left it: seeded, then taken down to `revision`; before
    0008 every figure carries the period label that version's seed wrote (the data file's
    wording for real figures, the bare code for the sample)."""
    from alembic import command
    from alembic.config import Config

    from dashboard.data import db
    from dashboard.domain.periods import parse_legacy_label
    from dashboard.loading.seed import seed
    from dashboard.settings import SHIPPED_DATA_DIR

    db.migrate(engine)
    seed(engine, include_sample=include_sample)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    if revision >= "0008":
        return
    with (SHIPPED_DATA_DIR / "real" / "son_la_education_stats.csv").open(encoding="utf-8") as f:
        figures = list(csv.DictReader(f))
    with engine.begin() as conn:
        conn.execute(text("UPDATE indicator_value SET period_label = period WHERE is_sample"))
        for r in figures:
            conn.execute(
                text(
                    "UPDATE indicator_value SET period_label = :label WHERE indicator_code = :i "
                    "AND period = :code AND NOT is_sample AND unit_id IN "
                    "(SELECT id FROM admin_unit WHERE gso_code = :unit)"
                ),
                {
                    "label": r["reference_period"],
                    "i": r["indicator"],
                    "code": parse_legacy_label(r["reference_period"]).code,
                    "unit": r["gso_code"],
                },
            )
