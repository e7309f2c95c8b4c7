"""Hostile upload files and the memory bound the upload tests measure.

Memory: the peak resident size of this process (AppTest runs the app in it) is reset through
/proc/self/clear_refs before a case and read from VmHWM after; the growth must stay below
MEMORY_BOUND_MB (the issue measured +1 GB for one XLSX bomb before the fix).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024  # MB
    raise AssertionError(f"{field} not in /proc/self/status")


def reset_peak() -> int:
    """Reset the peak resident size (Linux clear_refs 5) and return the current size in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_growth(start: int) -> int:
    return _status("VmHWM") - start


def _workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


HEADER = ["indicator", "unit_code", "period", "value", "source_title"]


ROW: list[object] = ["literacy_rate_level2_age15_60", "116", "2024-2025", 95.5, "Báo cáo"]


def _xlsx_with(extra: dict[str, bytes], *, sheet_padding_mb: int = 0) -> bytes:
    """A real workbook with extra parts, or with its sheet XML padded by trailing spaces."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(HEADER, ROW)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_padding_mb:
                spaces = b" " * (1 << 20)
                with out.open(info.filename, "w", force_zip64=True) as member:
                    member.write(data)
                    for _ in range(sheet_padding_mb):
                        member.write(spaces)  # valid XML: whitespace after the root element
                continue
            out.writestr(info, data)
        for name, data in extra.items():
            out.writestr(name, data)
    return buf.getvalue()
