"""Downloads of what a planner sees: CSV for any tool, XLSX for Excel; formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd

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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese diacritics correctly."""
    return safe_for_spreadsheets(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, *, sheet: str = "data") -> bytes:
    """One-sheet workbook of the table."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_for_spreadsheets(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
