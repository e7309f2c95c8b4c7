"""Vietnamese (default) and English labels, and numbers written the way each reader expects."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

import pandas as pd

from dashboard.texts import (
    accessibility,
    cli,
    follow,
    maps,
    plan,
    presentation,
    reading,
    security,
    states,
)

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Xã hội học tập Sơn La", "Sơn La learning society"),
    "overview": ("Tổng quan", "Overview"),
    "sources_page": ("Nguồn dữ liệu", "Data sources"),
    "facilities_page": ("Cơ sở giáo dục thường xuyên", "Facilities"),
    "facilities_heading": (
        "Mạng lưới cơ sở giáo dục thường xuyên",
        "The continuing-education network",
    ),
    "facilities_intro": (
        "Bấm vào một huyện trên bản đồ để chọn; bảng, số đếm và tệp tải về theo đúng bộ lọc.",
        "Click a district on the map to select it; the table, counts and downloads follow "
        "the filters.",
    ),
    "districts_filter": ("Huyện, thành phố", "Districts"),
    "kinds_filter": ("Loại cơ sở", "Kinds"),
    "counts_by_district": ("Số cơ sở theo huyện", "Facilities per district"),
    "counts_by_commune": ("Số cơ sở theo xã, phường", "Facilities per commune or ward"),
    "communes_filter": ("Xã, phường", "Communes and wards"),
    "facility_list": ("Danh sách cơ sở", "Facility list"),
    "name": ("Tên", "Name"),
    "kind": ("Loại", "Kind"),
    "commune": ("Xã, phường", "Commune"),
    "sample_facilities_notice": (
        "Trường học, thư viện và điểm đọc là **mẫu minh hoạ** (chưa có danh sách công khai). "
        "Trung tâm học tập cộng đồng và Trung tâm GDNN-GDTX là thật, vị trí gần đúng.",
        "Schools, libraries and reading points are an **illustrative sample** (no public list "
        "exists). Community learning centres and the GDNN-GDTX centre are real, at approximate "
        "locations.",
    ),
    "standard_met": ("Đạt", "Meets"),
    "standard_not_met": ("Chưa đạt", "Does not meet"),
    "standard_unknown": ("Chưa đủ số liệu", "Not enough figures"),
    "indicators_page": ("Chỉ tiêu", "Indicators"),
    "indicators_heading": ("Chỉ tiêu theo huyện", "Indicators by district"),
    "indicators_heading_commune": (
        "Chỉ tiêu theo xã, phường",
        "Indicators by commune and ward",
    ),
    "indicators_intro": (
        "Chọn nhóm, chỉ tiêu và kỳ. Bấm vào huyện trên bản đồ để thêm vào so sánh.",
        "Pick a group, an indicator and a period. Click a district on the map to compare it.",
    ),
    "group": ("Nhóm", "Group"),
    "group_literacy": ("Xoá mù chữ", "Literacy"),
    "group_learning_models": ("Mô hình học tập", "Learning models"),
    "group_clc_activity": ("Hoạt động trung tâm học tập cộng đồng", "Community learning centres"),
    "group_facilities": ("Cơ sở", "Facilities"),
    "group_education": ("Giáo dục", "Education"),
    "group_learning_city": ("Thành phố học tập", "Learning city"),
    "group_context": ("Bối cảnh", "Context"),
    "group_national_targets": ("Mục tiêu quốc gia", "National targets"),
    "classification": ("Phân lớp", "Classification"),
    "scheme_quantiles": ("Phân vị", "Quantiles"),
    "scheme_equal_interval": ("Khoảng đều", "Equal interval"),
    "scheme_natural_breaks": ("Ngắt tự nhiên", "Natural breaks"),
    "scheme_manual": ("Tự nhập", "Manual breaks"),
    "n_classes": ("Số lớp", "Number of classes"),
    "palette": ("Bảng màu", "Palette"),
    "manual_breaks": ("Các mốc (thấp nhất, …, cao nhất)", "Edges (lowest, …, highest)"),
    "manual_breaks_help": (
        "Ví dụ: 80, 90, 95, 100 — hoặc 80; 90,5; 100 khi dùng dấu phẩy thập phân.",
        "For example 80, 90, 95, 100 — or 80; 90,5; 100 with decimal commas.",
    ),
    "breaks_error": ("Không dùng được các mốc này", "These edges cannot be used"),
    "compare_units": ("Đơn vị so sánh", "Units to compare"),
    "ranking": ("Xếp hạng", "Ranking"),
    "trend": ("Diễn biến theo kỳ", "Trend over periods"),
    "targets_heading": ("Khoảng cách đến mục tiêu", "Distance to target"),
    "no_target": (
        "Chưa có mục tiêu 2025/2030 cho chỉ tiêu này ở cấp tỉnh.",
        "No 2025/2030 target is set for this indicator at province level.",
    ),
    "standard_heading": (
        "Chuẩn xoá mù chữ (Nghị định 20/2014)",
        "Literacy standard (Decree 20/2014)",
    ),
    "standard_label": (
        "Chuẩn XMC mức {level}: ≥ {threshold:g} % độ tuổi {band}",
        "Literacy level {level} standard: ≥ {threshold:g} % aged {band}",
    ),
    "standard_caption": (
        "Áp dụng tiêu chí cấp xã (Điều 20–21) cho số liệu của huyện: ít nhất 90 % người trong "
        "độ tuổi biết chữ; độ tuổi hẹp hơn với đơn vị được đánh dấu đặc biệt khó khăn.",
        "The commune criterion (Art. 20–21) applied to the district's figures: at least 90 % "
        "of people in the age band literate; a narrower band where a unit is flagged as "
        "especially disadvantaged.",
    ),
    "no_period_data": (
        "Không có số liệu cho kỳ này: {reason}",
        "No data for this period: {reason}",
    ),
    "gap": ("Chênh lệch", "Gap"),
    "target": ("Mục tiêu", "Target"),
    "band": ("Độ tuổi", "Age band"),
    "rate": ("Tỷ lệ", "Rate"),
    "disadvantaged": ("Đặc biệt khó khăn", "Especially disadvantaged"),
    "profile_page": ("Hồ sơ đơn vị", "Unit profile"),
    "profile_unit": ("Đơn vị", "Unit"),
    "profile_intro": (
        "Mọi chỉ tiêu của đơn vị, kèm kỳ, nguồn và khoảng cách đến mục tiêu. Bấm vào bản đồ "
        "hoặc chọn trong danh sách. In bằng Ctrl+P.",
        "Every figure of the unit with its period, source and distance to target. Click the "
        "map or pick from the list. Print with Ctrl+P.",
    ),
    "figures": ("Số liệu", "Figures"),
    "facilities_in_unit": ("Cơ sở trên địa bàn", "Facilities in the unit"),
    "no_unit_figures": ("Đơn vị này chưa có số liệu.", "This unit has no figures yet."),
    "open_profile": ("Mở hồ sơ {name}", "Open the profile of {name}"),
    "periods_count": ("Số kỳ", "Periods"),
    "units_without_data": (
        "Không có số liệu kỳ này cho: {names} (để trống, không tính là 0).",
        "No figure for this period for: {names} (left blank, not counted as 0).",
    ),
    "units_without_geometry": (
        "Không có ranh giới để vẽ cho: {names}; số liệu vẫn có trong bảng.",
        "No boundary to draw for: {names}; their figures are still in the table.",
    ),
    "scope": ("Phạm vi", "Scope"),
    "scope_province": ("Tỉnh Sơn La", "Sơn La province"),
    "scope_national": ("Toàn quốc (692 huyện)", "Whole country (692 districts)"),
    "vintage": ("Địa giới hành chính", "Administrative units"),
    "vintage_pre_2025": ("Trước 1/7/2025: 12 huyện, thành phố", "Before 1 Jul 2025: 12 districts"),
    "vintage_post_2025": (
        "Từ 1/7/2025: 75 xã, phường",
        "From 1 Jul 2025: 75 communes and wards",
    ),
    "unit_col": ("Đơn vị", "Unit"),
    "reaggregated_notice": (
        "Kỳ {period} có trước ngày 1/7/2025: số liệu của {n} xã, phường mới được **gộp lại từ "
        "các xã cũ** theo bảng chuyển đổi (số đếm cộng lại; tỷ lệ tính lại từ tử số và mẫu số).",
        "Period {period} predates 1 Jul 2025: the figures of the {n} new communes and wards are "
        "**re-aggregated from the former communes** through the crosswalk (counts added; rates "
        "recomputed from numerators and denominators).",
    ),
    "crosswalk_refused": (
        "Không gộp số liệu qua bảng chuyển đổi: {reason}",
        "Figures are not re-aggregated through the crosswalk: {reason}",
    ),
    "reform_marker": ("Sắp xếp đơn vị hành chính 1/7/2025", "Administrative reform, 1 Jul 2025"),
    "note": ("Ghi chú", "Note"),
    "former_districts": ("Ranh giới huyện cũ", "Former district boundaries"),
    "communes_layer": ("Xã, phường", "Communes and wards"),
    "learning_city_page": ("Thành phố học tập", "Learning city"),
    "learning_city_heading": (
        "Thành phố Sơn La – Thành phố học tập toàn cầu UNESCO",
        "Sơn La city – UNESCO Global Learning City",
    ),
    "gnlc_member": (
        "Thành viên Mạng lưới thành phố học tập toàn cầu UNESCO (GNLC) từ {date}",
        "Member of the UNESCO Global Network of Learning Cities (GNLC) since {date}",
    ),
    "successors_heading": (
        "{n} xã, phường kế thừa từ 1/7/2025",
        "{n} successor communes and wards from 1 Jul 2025",
    ),
    "successors_caption": (
        "Lấy từ bảng chuyển đổi đơn vị hành chính (Nghị quyết 1681/NQ-UBTVQH15): mọi đơn vị "
        "mới nhận ít nhất một xã, phường cũ của thành phố.",
        "Read from the crosswalk (Resolution 1681/NQ-UBTVQH15): every new unit that took at "
        "least one former commune or ward of the city.",
    ),
    "predecessors": ("Gồm các xã, phường cũ", "Formed from"),
    "city_figures": ("Số liệu thật của thành phố", "Real figures of the city"),
    "city_facilities": (
        "{n} cơ sở trên địa bàn thành phố (trước 1/7/2025) được vẽ trên bản đồ.",
        "{n} facilities within the city (before 1 Jul 2025) are on the map.",
    ),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "user_name": ("Tên người dùng", "User name"),
    "password": ("Mật khẩu", "Password"),
    "sign_in_failed": ("Sai tên hoặc mật khẩu.", "Wrong name or password."),
    "signed_in_as": ("Đăng nhập: **{name}** ({role})", "Signed in: **{name}** ({role})"),
    "permission_denied": (
        "Trang này cần quyền **{role}**. Hãy đăng nhập bằng tài khoản có quyền đó.",
        "This page needs the **{role}** role. Sign in with an account that has it.",
    ),
    "sign_in_required": (
        "Bảng điều khiển này yêu cầu đăng nhập.",
        "This dashboard requires signing in.",
    ),
    "data_page": ("Dữ liệu (nhập, lịch sử)", "Data (import, history)"),
    "templates": ("Mẫu nhập liệu", "Templates"),
    "template_values": ("Mẫu số liệu chỉ tiêu (XLSX)", "Indicator figures template (XLSX)"),
    "template_facilities": ("Mẫu danh sách cơ sở (XLSX)", "Facility list template (XLSX)"),
    "upload": ("Tải tệp lên", "Upload a file"),
    "upload_help": (
        "CSV, XLSX, GeoJSON, GeoPackage hoặc Shapefile nén (.zip); dưới 50 MB.",
        "CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile; under 50 MB.",
    ),
    "source_title_input": (
        "Nguồn (bắt buộc nếu tệp không ghi nguồn)",
        "Source (required when the file names none)",
    ),
    "source_url_input": ("Đường dẫn nguồn (nếu có)", "Source URL (if any)"),
    "check_ok": (
        "Tệp hợp lệ: {n} dòng ({kind}). Xem lại rồi bấm xác nhận để ghi.",
        "The file is valid: {n} rows ({kind}). Review, then confirm to write.",
    ),
    "check_failed": (
        "Tệp có {n} lỗi; chưa ghi gì. Sửa tệp rồi tải lên lại.",
        "The file has {n} problems; nothing was written. Fix the file and upload it again.",
    ),
    "confirm_import": ("Xác nhận ghi vào cơ sở dữ liệu", "Confirm and write"),
    "import_done": (
        "Đã nhập (lần nhập số {id}): thêm {inserted}, sửa {updated}, không đổi {unchanged}.",
        "Imported (import {id}): {inserted} inserted, {updated} updated, {unchanged} unchanged.",
    ),
    "history": ("Lịch sử nhập", "Import history"),
    "undo_which": ("Hoàn tác lần nhập", "Undo import"),
    "undo": ("Hoàn tác", "Undo"),
    "undo_done": ("Đã hoàn tác lần nhập {id}.", "Import {id} undone."),
    "sample_data": ("Số liệu mẫu minh hoạ", "Illustrative sample data"),
    "sample_counts": (
        "Hiện có {values} số liệu mẫu và {facilities} cơ sở mẫu.",
        "There are {values} sample figures and {facilities} sample facilities.",
    ),
    "remove_sample": ("Xoá toàn bộ số liệu mẫu", "Remove all sample data"),
    "sample_removed": (
        "Đã xoá số liệu mẫu (lần nhập số {id}, có thể hoàn tác).",
        "Sample data removed (import {id}, can be undone).",
    ),
    "accounts": ("Tài khoản", "Accounts"),
    "role": ("Quyền", "Role"),
    "add_account": ("Thêm tài khoản", "Add account"),
    "account_added": ("Đã thêm tài khoản.", "Account added."),
    "shown_of": ("Đang hiện {shown} / {total} cơ sở", "Showing {shown} of {total} facilities"),
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
    "period": ("Kỳ", "Period"),
    "source": ("Nguồn", "Source"),
    "district_map": ("Bản đồ theo huyện", "Map by district"),
    "commune_map": (
        "Bản đồ theo xã, phường (từ 1/7/2025)",
        "Map by commune and ward (from 1 Jul 2025)",
    ),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "show_clc": (
        "Hiện trung tâm học tập cộng đồng",
        "Show community learning centres",
    ),
    "districts_layer": ("Huyện, thành phố", "Districts"),
    "province_layer": ("Ranh giới tỉnh", "Province boundary"),
    "osm_tiles": (
        "Nền OpenStreetMap (cần internet)",
        "OpenStreetMap background (needs internet)",
    ),
    "no_data": ("Không có số liệu", "No data"),
    "sample": ("MẪU MINH HOẠ", "ILLUSTRATIVE SAMPLE"),
    "sample_notice": (
        "Số liệu theo huyện, xã trên bản đồ là **mẫu minh hoạ**, không phải số liệu thật: chưa "
        "có nguồn công khai nào công bố số liệu này theo huyện, xã. Thay bằng số liệu thật "
        "bằng cách nhập số liệu của Sở.",
        "District and commune figures on this map are an **illustrative sample**, not real "
        "figures: no public source gives them by district or commune. Replace them by "
        "importing the Department's figures.",
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


def _merge(*areas: dict[str, tuple[str, str]]) -> None:
    for area in areas:
        if clash := TEXT.keys() & area.keys():
            raise KeyError(f"label keys defined twice: {sorted(clash)}")
        TEXT.update(area)


_merge(
    states.TEXT,
    security.TEXT,
    presentation.TEXT,
    plan.TEXT,
    reading.TEXT,
    cli.TEXT,
    maps.TEXT,
    accessibility.TEXT,
    follow.TEXT,
)


def t(key: str, lang: str, default: str | None = None) -> str:
    """The label for `key` in `lang` (Vietnamese when the language is unknown)."""
    if key not in TEXT and default is not None:
        return default
    vi, en = TEXT[key]
    return en if lang == "en" else vi


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_number(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """1234567.5 -> '1.234.567,5' in Vietnamese, '1,234,567.5' in English; None -> '–'."""
    if _missing(value):
        return "–"
    assert value is not None
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """81.56 -> '81,56 %' in Vietnamese, '81.56 %' in English; None -> '–'."""
    if _missing(value):
        return "–"
    return f"{format_number(value, lang, decimals=decimals)} %"


def plural(n: float, one: str, other: str, lang: str) -> str:
    """A count with its noun: '1 second', '2 seconds'; Vietnamese nouns do not change: '1 giây'.

    `one` and `other` are label keys of the noun's singular and plural forms.
    """
    noun = t(one if lang == "en" and abs(n) == 1 else other, lang)
    return f"{format_number(n, lang)} {noun}"


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: dt.date | str | None, lang: str) -> str:
    """31/12/2025 in Vietnamese, 31 Dec 2025 in English; None -> '–'."""
    if value is None or value == "":
        return "–"
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if lang == "en":
        return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


UNIT_LABELS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "persons": ("người", "persons"),
    "households": ("hộ", "households"),
    "clans": ("dòng họ", "clans"),
    "communities": ("cộng đồng", "communities"),
    "units": ("đơn vị", "units"),
    "unit": ("đơn vị", "units"),
    "classes": ("lớp", "classes"),
    "centres": ("trung tâm", "centres"),
    "facilities": ("cơ sở", "facilities"),
    "schools": ("trường", "schools"),
    "students": ("học sinh", "students"),
    "communes/wards": ("xã, phường", "communes and wards"),
    "trillion VND": ("nghìn tỷ đồng", "trillion VND"),
    "year": ("năm", "year"),
    "percent of provinces": ("% số tỉnh", "% of provinces"),
    "million VND": ("triệu đồng", "million VND"),
    "activities": ("hoạt động", "activities"),
    "inspections": ("cuộc kiểm tra", "inspections"),
    "programmes": ("chương trình", "programmes"),
    "recipients": ("lượt", "recipients"),
}
# English says "1 centre" but "2 centres"; Vietnamese nouns do not change.
_EN_SINGULAR = {
    "persons": "person",
    "households": "household",
    "clans": "clan",
    "communities": "community",
    "units": "unit",
    "unit": "unit",
    "classes": "class",
    "centres": "centre",
    "facilities": "facility",
    "schools": "school",
    "students": "student",
    "communes/wards": "commune or ward",
    "activities": "activity",
    "inspections": "inspection",
    "programmes": "programme",
    "recipients": "recipient",
}


def unit_label(unit: str, lang: str, *, count: float | None = None) -> str:
    """The unit's name in the language ('1 centre', '2 centres' in English)."""
    vi, en = UNIT_LABELS.get(unit, (unit, unit))
    if lang != "en":
        return vi
    if count is not None and abs(count) == 1:
        return _EN_SINGULAR.get(unit, en)
    return en


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A value with its unit: '81,56 %' or '244.713 hộ'; a year is written as a year (2024)."""
    if _missing(value):
        return "–"
    assert value is not None
    if unit == "year":
        return str(int(value))
    if unit == "percent":
        return format_percent(value, lang)
    return f"{format_number(value, lang)} {unit_label(unit, lang, count=value)}"


_VI_PERIOD = [
    # the way sources word their periods -> Vietnamese (day/month dates)
    (
        r"^as reported during the (\d{4}-\d{4}) school year \(article date not shown\)$",
        r"báo cáo trong năm học \1 (bài báo không ghi ngày)",
    ),
    (r"(\d{4}-\d{4}) school year", r"năm học \1"),
    (r"meeting of (\d{1,2}) ([A-Z][a-z]{2})", r"họp ngày \1/\2"),
    (r"^as reported (\d{1,2}) ([A-Z][a-z]{2})", r"báo cáo ngày \1/\2"),
    (r"reported (\d{1,2}) ([A-Z][a-z]{2})", r"báo cáo ngày \1/\2"),
    (r"year inferred (\d{4})", r"năm suy ra \1"),
    (r"^as of ", "tính đến "),
    (r"^from ", "từ "),
    (r"(\d{4}) to early (\d{4})", r"\1 đến đầu \2"),
    (r"(\d{4}) to late (\d{4})", r"\1 đến cuối \2"),
    (r"(\d{4}) to mid (\d{4})", r"\1 đến giữa \2"),
    (r"(\d{4}) to (\d{4})", r"\1 đến \2"),
]
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})/([A-Z][a-z]{2})\b")


def localise_dates(text: str, lang: str) -> str:
    """ISO dates (2025-12-31) and '31 Dec 2025' inside a text, written the language's way."""

    def iso(m: re.Match[str]) -> str:
        try:
            return format_date(m[0], lang)
        except ValueError:
            return m[0]

    text = _ISO_DATE.sub(iso, text)
    if lang == "en":
        return text
    return _DAY_MONTH_YEAR.sub(
        lambda m: (
            f"{int(m[1]):02d}/{_MONTH_ABBR.index(m[2]) + 1:02d}/{m[3]}"
            if m[2] in _MONTH_ABBR
            else m[0]
        ),
        text,
    )


def format_period(label: str | None, lang: str) -> str:
    """A period as the source wrote it, in the reader's language and date style.

    '2025 (meeting of 9 Jan; year inferred 2026)' -> '2025 (họp ngày 9/1; năm suy ra 2026)';
    '2025-10-31' -> '31/10/2025' or '31 Oct 2025'.
    """
    if label is None or _missing(label) or str(label).strip() == "":
        return "–"
    text = localise_dates(" ".join(str(label).split()), lang)
    if lang == "en":
        return text
    for pattern, replacement in _VI_PERIOD:
        text = re.sub(pattern, replacement, text)
    return _DAY_MONTH.sub(
        lambda m: f"{m[1]}/{_MONTH_ABBR.index(m[2]) + 1}" if m[2] in _MONTH_ABBR else m[0], text
    )


def display_table(
    table: pd.DataFrame, lang: str, *, percent_columns: Iterable[str] = ()
) -> pd.DataFrame:
    """A table as the reader sees it: numbers written in the language, empty cells blank.

    Never shows 'None' or 'nan'; booleans read yes/no; percent columns carry ' %'.
    """
    out = table.copy()
    percents = set(percent_columns)
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.map(lambda v: t("yes" if v else "no", lang))
        elif pd.api.types.is_numeric_dtype(series):
            if column in percents:
                out[column] = series.map(
                    lambda v: "" if _missing(v) else format_percent(float(v), lang)
                )
            else:
                out[column] = series.map(
                    lambda v: "" if _missing(v) else format_number(float(v), lang)
                )
        else:
            out[column] = series.map(lambda v: "" if _missing(v) else _cell(v, lang))
    return out


def _cell(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, float | int):
        return format_number(float(value), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)
