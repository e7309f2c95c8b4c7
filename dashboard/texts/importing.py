"""Labels of the Data page: templates, upload, check, confirm, history and undo, sample data."""

TEXT: dict[str, tuple[str, str]] = {
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
}
