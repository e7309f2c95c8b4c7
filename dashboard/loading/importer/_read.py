"""Read a planner's file into header labels and rows, whatever the format and encoding.

Nothing here knows what the columns mean; `_checks` and the kind modules do. Whole-file
refusals (size, macros, zip paths, coordinates) raise `Refused`; files that cannot be read at
all raise `UnreadableFile`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shapely.geometry.base import BaseGeometry

MAX_FILE_BYTES = 50 * 1024 * 1024
# Zip and XLSX members are checked from the archive's directory before anything is unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together, uncompressed
MAX_COMPRESSION_RATIO = 100  # per member larger than RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024
TABULAR_SUFFIXES = (".csv", ".txt", ".tsv")
GEO_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
SUPPORTED_SUFFIXES = (*TABULAR_SUFFIXES, ".xlsx", *GEO_SUFFIXES)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # as dashboard.loading.export neutralises them
VN2000_HINT = "VN-2000 zones are e.g. EPSG:3405 (UTM 48N), EPSG:9205-9218 (TM-3)"


class ImporterError(Exception):
    """Base of the importer's refusals; the message is meant for the person importing."""


class UnreadableFile(ImporterError):
    """The file cannot be read at all (missing, corrupt, unsupported format or encoding)."""


class Refused(ImporterError):
    """The file can be read but is refused as a whole (size, macros, zip paths, CRS)."""


@dataclass(frozen=True)
class Problem:
    """One problem: ROW as a person sees it (header = 1, None: the whole file), COLUMN."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def format(self, path: str, label: str | None = None) -> str:
        """`PATH:ROW:COLUMN: message`; parts that do not apply are left out."""
        parts = [path]
        if self.row is not None:
            parts.append(str(self.row))
            if self.column:
                parts.append(label or self.column)
        return f"{':'.join(parts)}: {self.message}"


@dataclass
class RawTable:
    """Header labels as written, rows as (row number, cells aligned with the labels)."""

    labels: list[str]
    rows: list[tuple[int, list[object]]]
    geometries: list[BaseGeometry | None] | None = None  # EPSG:4326, geo files only
    header_row: int | None = 1  # None: geographic files have no header row
    problems: list[Problem] = field(default_factory=list)
    truncated_labels: bool = False  # Shapefile: field names cut to 10 characters
    reprojected_from: str | None = None  # the declared CRS, when it was not EPSG:4326


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def key_text(text: str) -> str:
    """How names are matched: NFC, whitespace collapsed (stored as given)."""
    return " ".join(nfc(text).split())


def unneutralise(text: str) -> str:
    """Undo the export's apostrophe before a formula-like text, so exports round-trip."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_value(value: object) -> object:
    """A cell as str, float/int or None (NaN and empty text become None)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars from geopandas
        return cell_value(value.item())
    if isinstance(value, int | float):
        return value
    text = unneutralise(nfc(str(value)).strip())
    return text or None


def check_size(path: Path) -> None:
    """Refuse a file of 50 MB or more before reading a byte of it."""
    if not path.is_file():
        raise UnreadableFile("file not found")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("the file is empty (0 bytes)")
    if size >= MAX_FILE_BYTES:
        raise Refused(
            f"refused: the file is {size / 1024 / 1024:.1f} MB; files of 50 MB or more are "
            "not imported (split it into smaller files)"
        )


def _decode(data: bytes) -> str:
    """Text by BOM (UTF-8, UTF-16), else strict UTF-8, else Windows-1258; always NFC."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1258")  # legacy Vietnamese Windows files
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            "not text in UTF-8, UTF-16 or Windows-1258 "
            f"(byte {exc.object[exc.start : exc.start + 1]!r} at position {exc.start})"
        ) from None
    if "\x00" in text:
        raise UnreadableFile("not a text file (it contains NUL bytes)")
    return nfc(text)  # cp1258 decodes tone marks as combining characters


def _delimiter(header_line: str) -> str:
    if "\t" in header_line:  # Excel's "Unicode text" is tab-separated UTF-16
        return "\t"
    if header_line.count(";") > header_line.count(","):
        return ";"
    return ","


def read_csv(path: Path) -> RawTable:
    """A CSV or tab-separated text file; row numbers are the file's line numbers."""
    text = _decode(path.read_bytes())
    lines = text.splitlines(keepends=True)
    first = next((line for line in lines if line.strip()), "")
    delimiter = _delimiter(first)
    hint = first.strip()
    if len(hint) == 5 and hint.lower().startswith("sep="):  # Excel's "sep=;" first line
        delimiter, lines[lines.index(first)] = hint[4], "\n"
    reader = csv.reader(lines, delimiter=delimiter)
    table = RawTable(labels=[], rows=[])
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(c.strip() for c in cells):
                continue
            if not table.labels:
                table.labels, table.header_row = [key_text(c) for c in cells], start
                continue
            width = len(table.labels)
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                table.problems.append(
                    Problem(start, None, f"{len(cells)} cells, but the header has {width}")
                )
            cells = (cells + [""] * width)[:width]
            table.rows.append((start, [cell_value(c) for c in cells]))
    except csv.Error as exc:
        raise UnreadableFile(f"not a readable CSV file (line {reader.line_num}: {exc})") from None
    if not table.labels:
        raise UnreadableFile("the file is empty")
    return table


def check_archive(path: Path, *, what: str) -> list[str]:
    """Member names of a zip (or XLSX) whose sizes are safe to unpack; Refused for a bomb.

    Only the archive's central directory is read: declared sizes are checked against
    MAX_UNPACKED_BYTES (total) and MAX_COMPRESSION_RATIO (per member) before any member is
    decompressed, and zipfile itself stops a member that inflates past its declared size.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"not {what} ({exc})") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise Refused(
                f"refused: {member.filename} unpacks to {member.file_size / 1024 / 1024:.0f} MB "
                f"from {member.compress_size / 1024:.0f} kB (ratio {ratio:.0f}:1, more than "
                f"{MAX_COMPRESSION_RATIO}:1); save the data without padding or split it"
            )
        if total > MAX_UNPACKED_BYTES:
            raise Refused(
                f"refused: {what} unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB; "
                "split it into smaller files"
            )
    return [m.filename for m in members]


def read_xlsx(path: Path) -> RawTable:
    """The first worksheet; macros and formulas (on any sheet) are refused."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    names = check_archive(path, what="an Excel workbook")
    if macros := [n for n in names if PurePosixPath(n).name.lower() == "vbaproject.bin"]:
        raise Refused(
            f"refused: the workbook contains macros ({macros[0]}); save it as an .xlsx "
            "workbook without macros"
        )
    if links := [n for n in names if n.lower().startswith("xl/externallinks/")]:
        raise Refused(
            f"refused: the workbook links to other workbooks ({links[0]}); copy the values in "
            "(Paste Special > Values) and save it again"
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise UnreadableFile(f"not a readable Excel workbook ({exc})") from None
    table = RawTable(labels=[], rows=[])
    formulas: list[tuple[int, str, int, int, str]] = []  # sheet, title, row, column, text
    try:
        for index, sheet in enumerate(book.worksheets):
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values: list[object] = []
                for col, cell in enumerate(cells, start=1):
                    if getattr(cell, "data_type", None) == "f":
                        formulas.append((index, sheet.title, number, col, str(cell.value)[:60]))
                        values.append(None)
                    else:
                        values.append(cell_value(cell.value))
                if index > 0 or not any(v is not None for v in values):
                    continue
                if not table.labels:
                    table.labels = [key_text(str(v)) if v is not None else "" for v in values]
                    table.header_row = number
                    continue
                width = len(table.labels)
                table.rows.append((number, (values + [None] * width)[:width]))
    finally:
        book.close()
    if not table.labels:
        raise UnreadableFile("the first worksheet is empty")
    fix = "save the sheet with values only (Paste Special > Values) and import it again"
    for index, title, row, col, text in formulas:
        ref = f"{get_column_letter(col)}{row}"
        if index == 0:
            label = table.labels[col - 1] if col <= len(table.labels) else ref
            message = f"cell {ref} holds a formula ({text}); {fix}"
            table.problems.append(Problem(row, label or ref, message))
        else:
            message = f"sheet '{title}' cell {ref} holds a formula ({text}); {fix}"
            table.problems.append(Problem(None, None, message))
    return table


def _check_zip_members(path: Path) -> str:
    """The /vsizip/ path of the one Shapefile in a zip; refuses paths outside its folder."""
    names = check_archive(path, what="a zip archive")
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or ".." in parts.parts or ":" in parts.parts[0]:
            raise Refused(f"refused: the archive has paths outside its folder ({name})")
    shapefiles = [n for n in names if n.lower().endswith(".shp")]
    if len(shapefiles) != 1:
        found = ", ".join(shapefiles) or "none"
        raise UnreadableFile(f"a zipped Shapefile must hold exactly one .shp file (found {found})")
    return f"/vsizip/{path.resolve()}/{shapefiles[0]}"


def _lonlat_bounds(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def read_geo(path: Path) -> RawTable:
    """GeoJSON, GeoPackage or zipped Shapefile; geometry in EPSG:4326.

    A declared CRS other than EPSG:4326 is reprojected; coordinates that are not longitude
    and latitude under no declared CRS (GeoJSON without `crs` reads as EPSG:4326) are refused.
    """
    import geopandas as gpd
    import pyogrio

    source = _check_zip_members(path) if path.suffix.lower() == ".zip" else str(path)
    try:
        layers = pyogrio.list_layers(source)
        if len(layers) > 1:
            names = ", ".join(str(layer[0]) for layer in layers)
            raise Refused(
                f"refused: the file has {len(layers)} layers ({names}); import one layer per file"
            )
        gdf = gpd.read_file(source, engine="pyogrio")
    except Refused:
        raise
    except Exception as exc:  # pyogrio raises several types for unreadable files
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UnreadableFile(f"cannot be read as a geographic file ({reason})") from None
    table = RawTable(
        labels=[], rows=[], header_row=None, truncated_labels=source.startswith("/vsizip/")
    )
    has_geometry = gdf.geometry.notna() & ~gdf.geometry.is_empty
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        declared = gdf.crs.to_string()
        try:
            gdf = gdf.to_crs("EPSG:4326")
        except Exception as exc:  # pyproj: no transformation to WGS 84
            raise Refused(f"refused: cannot reproject from {declared} ({exc})") from None
        table.reprojected_from = declared
    if has_geometry.any() and not _lonlat_bounds(tuple(gdf[has_geometry].total_bounds)):
        x, y = gdf[has_geometry].geometry.iloc[0].representative_point().coords[0]
        raise Refused(
            f"refused: coordinates such as ({x:.0f}, {y:.0f}) are not longitude/latitude and "
            "the file declares no coordinate reference system for them; save it with its CRS "
            f"declared ({VN2000_HINT}) or in EPSG:4326"
        )
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    table.labels = [key_text(str(c)) for c in columns]
    table.geometries = [None if g is None or g.is_empty else g for g in gdf.geometry]
    for number, values in enumerate(gdf[columns].itertuples(index=False, name=None), start=1):
        table.rows.append((number, [cell_value(v) for v in values]))
    return table


def read_table(path: Path) -> RawTable:
    """Any supported file as a RawTable; size is checked before anything is read."""
    check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise Refused("refused: a macro-enabled workbook (.xlsm); save it as .xlsx without macros")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            f"unsupported file type '{suffix or '(none)'}'; import CSV, XLSX, GeoJSON, "
            "GeoPackage or a zipped Shapefile"
        )
    try:
        if suffix in TABULAR_SUFFIXES:
            return read_csv(path)
        if suffix == ".xlsx":
            return read_xlsx(path)
        return read_geo(path)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
