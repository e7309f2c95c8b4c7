"""Labels of the Facilities page: filters, counts, the list and where a facility lies."""

TEXT: dict[str, tuple[str, str]] = {
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
    "sample_facilities_notice": (
        "Trường học, thư viện và điểm đọc là **mẫu minh hoạ** (chưa có danh sách công khai). "
        "Trung tâm học tập cộng đồng và Trung tâm GDNN-GDTX là thật, vị trí gần đúng.",
        "Schools, libraries and reading points are an **illustrative sample** (no public list "
        "exists). Community learning centres and the GDNN-GDTX centre are real, at approximate "
        "locations.",
    ),
    "shown_of": ("Đang hiện {shown} / {total} cơ sở", "Showing {shown} of {total} facilities"),
    "location": ("Vị trí", "Location"),
    "precision_approximate": ("gần đúng (điểm của xã, phường)", "approximate (commune point)"),
    "precision_exact": ("chính xác", "exact"),
    "precision_sample": ("ngẫu nhiên (mẫu minh hoạ)", "random (illustrative sample)"),
}
