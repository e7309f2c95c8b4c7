"""Vietnamese (default) and English labels, and numbers written the way each reader expects."""

from __future__ import annotations

import math

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Xã hội học tập Sơn La", "Sơn La learning society"),
    "overview": ("Tổng quan", "Overview"),
    "sources_page": ("Nguồn dữ liệu", "Data sources"),
    "language": ("Ngôn ngữ", "Language"),
    "overview_heading": (
        "Xây dựng xã hội học tập tỉnh Sơn La",
        "Building a learning society in Sơn La province",
    ),
    "overview_intro": (
        "Thành phố Sơn La là thành viên Mạng lưới thành phố học tập toàn cầu UNESCO từ "
        "14/02/2024. Số liệu cấp tỉnh dưới đây là số liệu thật, mỗi số kèm kỳ báo cáo và nguồn.",
        "Sơn La city has been a member of the UNESCO Global Network of Learning Cities since "
        "14 Feb 2024. The province figures below are real, each with its period and source.",
    ),
    "province_figures": ("Số liệu toàn tỉnh", "Province figures"),
    "target_2025": ("Mục tiêu 2025", "2025 target"),
    "vs_target": ("so với mục tiêu", "against the target"),
    "period": ("Kỳ", "Period"),
    "source": ("Nguồn", "Source"),
    "district_map": ("Bản đồ theo huyện", "Map by district"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "show_clc": (
        "Hiện trung tâm học tập cộng đồng",
        "Show community learning centres",
    ),
    "clc_layer": ("Trung tâm học tập cộng đồng", "Community learning centres"),
    "districts_layer": ("Huyện, thành phố", "Districts"),
    "province_layer": ("Ranh giới tỉnh", "Province boundary"),
    "osm_tiles": (
        "Nền OpenStreetMap (cần internet)",
        "OpenStreetMap background (needs internet)",
    ),
    "no_data": ("Không có số liệu", "No data"),
    "sample": ("MẪU MINH HOẠ", "ILLUSTRATIVE SAMPLE"),
    "sample_notice": (
        "Số liệu cấp huyện trên bản đồ là **mẫu minh hoạ**, không phải số liệu thật: chưa có "
        "nguồn công khai nào công bố số liệu này theo huyện. Thay bằng số liệu thật bằng cách "
        "nhập số liệu của Sở.",
        "District figures on this map are an **illustrative sample**, not real figures: no "
        "public source gives them by district. Replace them by importing the Department's "
        "figures.",
    ),
    "district": ("Huyện, thành phố", "District"),
    "value": ("Giá trị", "Value"),
    "sample_column": ("Mẫu?", "Sample?"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "no_figures": (
        "Chưa có số liệu nào cho chỉ tiêu này ở cấp huyện.",
        "No figures for this indicator at district level yet.",
    ),
    "db_error": ("Không dùng được cơ sở dữ liệu", "The database cannot be used"),
    "facilities_count": ("cơ sở", "facilities"),
    "location": ("Vị trí", "Location"),
    "precision_approximate": ("gần đúng (điểm của xã, phường)", "approximate (commune point)"),
    "precision_exact": ("chính xác", "exact"),
    "precision_sample": ("ngẫu nhiên (mẫu minh hoạ)", "random (illustrative sample)"),
    "sources_intro": (
        "Mọi số liệu, ranh giới và cơ sở trong bảng điều khiển đều dẫn về một nguồn dưới đây.",
        "Every figure, boundary and facility in the dashboard cites one of the sources below.",
    ),
    "licence": ("Giấy phép", "Licence"),
    "used_by": ("Dùng cho", "Used by"),
}


def t(key: str, lang: str, default: str | None = None) -> str:
    """The label for `key` in `lang` (Vietnamese when the language is unknown)."""
    if key not in TEXT and default is not None:
        return default
    vi, en = TEXT[key]
    return en if lang == "en" else vi


def format_number(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5' in Vietnamese, '1,234,567.5' in English; None -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


UNIT_LABELS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "persons": ("người", "persons"),
    "households": ("hộ", "households"),
    "clans": ("dòng họ", "clans"),
    "communities": ("cộng đồng", "communities"),
    "units": ("đơn vị", "units"),
    "classes": ("lớp", "classes"),
}


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A value with its unit: '81,56 %' or '244.713 hộ'."""
    vi, en = UNIT_LABELS.get(unit, (unit, unit))
    label = en if lang == "en" else vi
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{format_number(value, lang)} {label}"
