"""Labels of honest empty states: what is missing, and how to load it."""

_IMPORT_VI = (
    "Biên tập viên nhập số liệu ở trang **Dữ liệu** (mẫu XLSX) hoặc bằng lệnh "
    "`python -m dashboard import TỆP`."
)
_IMPORT_EN = (
    "Editors import figures on the **Data** page (XLSX template) or with "
    "`python -m dashboard import FILE`."
)

TEXT: dict[str, tuple[str, str]] = {
    "state_nothing_to_choose": ("Chưa có gì để chọn", "Nothing to choose yet"),
    "state_no_indicator_vintage": (
        "Chưa có chỉ tiêu nào có số liệu cho {vintage}. " + _IMPORT_VI,
        "No indicator has figures for {vintage} yet. " + _IMPORT_EN,
    ),
    "state_no_province_figures": (
        "Chưa có số liệu cấp tỉnh có nguồn trong cơ sở dữ liệu. " + _IMPORT_VI,
        "The database holds no province figures with a source yet. " + _IMPORT_EN,
    ),
    "state_no_units": (
        "Cơ sở dữ liệu chưa có đơn vị hành chính nào cho {vintage}. Nạp ranh giới bằng "
        "`python -m dashboard seed` hoặc nhập tệp ranh giới ở trang **Dữ liệu**.",
        "The database has no administrative units for {vintage}. Load boundaries with "
        "`python -m dashboard seed` or import a boundary file on the **Data** page.",
    ),
    "state_no_city_figures": (
        "Chưa có số liệu thật nào của thành phố Sơn La. " + _IMPORT_VI,
        "There are no real figures for Sơn La city yet. " + _IMPORT_EN,
    ),
    "state_no_facilities": (
        "Chưa có cơ sở nào trong phạm vi này. Nhập danh sách cơ sở ở trang **Dữ liệu**.",
        "No facility in this scope yet. Import a facility list on the **Data** page.",
    ),
}
