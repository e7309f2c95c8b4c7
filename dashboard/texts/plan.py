"""Labels of the plan area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    # plan tracker
    "plan_page": ("Theo dõi kế hoạch", "Plan tracker"),
    "plan_heading": (
        "Kế hoạch xây dựng xã hội học tập: tiến độ từng nhiệm vụ",
        "The learning-society plan: where each task stands",
    ),
    "plan_intro": (
        "Tám nhiệm vụ trong công văn ngày 20/11/2024 của Bộ Giáo dục và Đào tạo, các mục tiêu "
        "của Quyết định 1373/QĐ-TTg (và 387, 677) và hai nội dung của chương trình tỉnh "
        "2024–2030, mỗi nhiệm vụ với chỉ tiêu, số liệu mới nhất của tỉnh, mục tiêu và đánh giá.",
        "The eight tasks of the Ministry's dispatch of 20/11/2024, the objectives of Decision "
        "1373/QĐ-TTg (and 387, 677) and two items of the province's 2024–2030 programme, each "
        "with its indicators, the province's latest figure, its target and a status.",
    ),
    "plan_rule_title": ("Cách đánh giá", "How the status is decided"),
    "plan_rule": (
        "**Đạt**: số liệu mới nhất đã đạt mục tiêu (mục tiêu của năm gần nhất không trước năm "
        "của số liệu). **Đúng tiến độ**: chưa đạt nhưng không thấp hơn đường thẳng nối số liệu "
        "sớm nhất với mục tiêu (31/12 của năm mục tiêu), tại thời điểm của số liệu mới nhất; "
        "chỉ có một số liệu thì đường bắt đầu từ chính số liệu đó. **Chậm**: thấp hơn đường đó, "
        "hoặc đã quá năm mục tiêu. **Chưa có mục tiêu**: có số liệu, không có mục tiêu cấp tỉnh. "
        "**Chưa có số liệu**: tỉnh chưa nhập số liệu nào. Nhiệm vụ: chậm nếu có một chỉ tiêu "
        "chậm, rồi đúng tiến độ, rồi đạt.",
        "**Met**: the latest figure has reached the target (that of the first target year not "
        "before the figure's year). **On track**: not met, but not below the straight line from "
        "the earliest figure to the target (31 Dec of the target year) at the latest figure's "
        "date; with a single figure the line starts at that figure. **Behind**: below that line, "
        "or the target year has passed. **No target**: figures, but no province target. "
        "**No figures**: the province has entered none. A task is behind if any indicator is, "
        "then on track, then met.",
    ),
    "plan_status_met": ("Đạt", "Met"),
    "plan_status_on_track": ("Đúng tiến độ", "On track"),
    "plan_status_behind": ("Chậm", "Behind"),
    "plan_status_no_target": ("Chưa có mục tiêu", "No target"),
    "plan_status_no_figures": ("Chưa có số liệu", "No figures"),
    "plan_framework_dispatch_2024": (
        "Công văn của Bộ GD&ĐT ngày 20/11/2024: 8 nhiệm vụ",
        "Ministry dispatch of 20/11/2024: 8 tasks",
    ),
    "plan_framework_decision_1373": (
        "Quyết định 1373/QĐ-TTg: Xây dựng xã hội học tập 2021–2030",
        "Decision 1373/QĐ-TTg: Building a learning society 2021–2030",
    ),
    "plan_framework_decision_387": (
        "Quyết định 387/QĐ-TTg: học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị",
        "Decision 387/QĐ-TTg: lifelong learning in families, clans, communities and units",
    ),
    "plan_framework_decision_677": (
        "Quyết định 677/QĐ-TTg: công dân học tập",
        "Decision 677/QĐ-TTg: learning citizens",
    ),
    "plan_framework_son_la_2024_2030": (
        "Chương trình của tỉnh Sơn La 2024–2030",
        "Sơn La's 2024–2030 programme",
    ),
    "plan_target_2025": ("Mục tiêu 2025", "Target 2025"),
    "plan_target_2030": ("Mục tiêu 2030", "Target 2030"),
    "plan_expected": ("Theo lộ trình", "On the path"),
    "plan_status": ("Đánh giá", "Status"),
    "plan_missing": (
        "Số liệu tỉnh chưa nhập: {names}.",
        "Figures the province has not entered yet: {names}.",
    ),
    "plan_missing_template": (
        "Mẫu nhập các số liệu còn thiếu (XLSX)",
        "Template for the missing figures (XLSX)",
    ),
    "plan_missing_all": (
        "{n} chỉ tiêu của kế hoạch chưa có số liệu của tỉnh.",
        "{n} indicators of the plan have no province figure yet.",
    ),
    "plan_no_catalogue": (
        "Danh mục kế hoạch và khung UNESCO chưa được nạp vào cơ sở dữ liệu này: chạy "
        "`python -m dashboard seed`.",
        "The plan and UNESCO catalogues are not loaded in this database yet: run "
        "`python -m dashboard seed`.",
    ),
    "plan_task_source": ("Căn cứ", "Basis"),
    "plan_no_url": ("chưa có đường dẫn", "no URL recorded yet"),
    # focus view
    "focus_page": ("Ưu tiên xoá mù chữ", "Where to focus literacy work"),
    "focus_heading": (
        "Xoá mù chữ: nơi cần tập trung trước",
        "Literacy: where to focus first",
    ),
    "focus_intro": (
        "Xếp hạng đơn vị theo số người ước tính chưa biết chữ mức độ 2 (độ tuổi 15–60: mẫu số "
        "trừ tử số) và theo tỷ lệ, với khoảng cách đến chuẩn của Nghị định 20/2014 (độ tuổi hẹp "
        "hơn ở đơn vị đặc biệt khó khăn).",
        "Units ranked by the estimated people without level-2 literacy (ages 15–60: "
        "denominator minus numerator) and by rate, with the gap to the Decree 20/2014 standard "
        "(the narrower age band where a unit is flagged particularly difficult).",
    ),
    "focus_rank_by": ("Xếp hạng theo", "Rank by"),
    "focus_by_people": ("Số người chưa biết chữ", "People without literacy"),
    "focus_by_rate": ("Tỷ lệ thấp nhất", "Lowest rate"),
    "focus_standard": (
        "Chuẩn xoá mù chữ mức độ 2 (Nghị định 20/2014)",
        "Level-2 literacy standard (Decree 20/2014)",
    ),
    "focus_rank": ("Hạng", "Rank"),
    "focus_flagged": ("ĐBKK", "Particularly difficult"),
    "focus_band": ("Độ tuổi của chuẩn", "Standard's age band"),
    "focus_rate": ("Tỷ lệ biết chữ mức độ 2 (%)", "Level-2 literacy (%)"),
    "focus_gap": ("Khoảng cách đến chuẩn (điểm %)", "Gap to the standard (pp)"),
    "focus_people": ("Số người chưa biết chữ mức độ 2 (ước tính)", "People without level 2 (est.)"),
    "focus_no_flags": (
        "Chưa có danh sách đơn vị đặc biệt khó khăn cho thời kỳ này: mọi đơn vị được đánh giá "
        "theo độ tuổi thông thường. Nhập danh sách chính thức bằng mẫu dưới đây (trang Dữ liệu).",
        "No list of particularly difficult units for this period: every unit is judged on the "
        "normal age band. Import the official list with the template below (Data page).",
    ),
    "focus_flags_caption": (
        "{n} đơn vị có cờ đặc biệt khó khăn theo danh sách: {sources}.",
        "{n} units flagged particularly difficult, from: {sources}.",
    ),
    "focus_flag_template": (
        "Mẫu danh sách đơn vị đặc biệt khó khăn (XLSX)",
        "Template of the particularly-difficult list (XLSX)",
    ),
    "focus_no_figures": (
        "Chưa có số liệu biết chữ mức độ 2 cho lựa chọn này.",
        "No level-2 literacy figures for this choice.",
    ),
    "focus_total": (
        "Tổng cộng ước tính {people} người 15–60 tuổi chưa biết chữ mức độ 2; {below} đơn vị "
        "dưới chuẩn.",
        "In all, an estimated {people} people aged 15–60 without level-2 literacy; {below} "
        "units below the standard.",
    ),
    # recognitions
    "recog_page": ("Công nhận, khen thưởng", "Recognitions"),
    "recog_heading": ("Công nhận và khen thưởng", "Recognitions and honours"),
    "recog_intro": (
        "Đơn vị học tập được công nhận cấp huyện, cấp tỉnh, cộng đồng học tập được xếp loại, "
        "tập thể và cá nhân được khen thưởng — từ các tệp nhập trên trang Dữ liệu.",
        "Learning Units recognised at district or provincial level, learning communities rated, "
        "collectives and individuals honoured — from files imported on the Data page.",
    ),
    "recog_none": (
        "Chưa có công nhận, khen thưởng nào được nhập. Dùng mẫu dưới đây rồi nhập trên trang "
        "Dữ liệu.",
        "No recognitions have been imported yet. Fill the template below and import it on the "
        "Data page.",
    ),
    "recog_template": ("Mẫu công nhận, khen thưởng (XLSX)", "Recognitions template (XLSX)"),
    "recog_map_title": ("Số công nhận, khen thưởng", "Recognitions"),
    "recog_map_caption": (
        "Bản đồ đếm các quyết định trong thời kỳ của bản đồ: trước 1/7/2025 theo huyện (kể cả "
        "các xã cũ), từ 1/7/2025 theo xã, phường mới.",
        "The map counts decisions of its own time: before 1 Jul 2025 by district (old communes "
        "included), from 1 Jul 2025 by the new communes and wards.",
    ),
    "recog_registry": ("Sổ công nhận, khen thưởng", "Recognitions registry"),
    "recog_recipient": ("Người, đơn vị được công nhận", "Recipient"),
    "recog_recipient_kind": ("Loại người nhận", "Recipient kind"),
    "recog_kind": ("Loại công nhận", "Kind"),
    "recog_level": ("Cấp", "Level"),
    "recog_title": ("Danh hiệu", "Title"),
    "recog_decision": ("Số quyết định", "Decision"),
    "recog_date": ("Ngày quyết định", "Decision date"),
    "recog_body": ("Cơ quan ban hành", "Issuing body"),
    "recog_search": ("Tìm theo tên", "Search by name"),
    "recog_count": ("{n} bản ghi", "{n} records"),
    "recog_sample_notice": (
        "Có bản ghi **mẫu minh hoạ** (chỉ nêu tên đơn vị, không phải quyết định thật).",
        "Some records are an **illustrative sample** (naming units only, not real decisions).",
    ),
    "recog_profile_heading": ("Công nhận, khen thưởng", "Recognitions and honours"),
    "recog_profile_none": ("Chưa có bản ghi nào cho đơn vị này.", "No records for this unit yet."),
    "recog_kind_learning_unit": ("Đơn vị học tập", "Learning Unit"),
    "recog_kind_learning_community": ("Cộng đồng học tập", "Learning community"),
    "recog_kind_learning_family": ("Gia đình học tập", "Learning family"),
    "recog_kind_learning_clan": ("Dòng họ học tập", "Learning clan"),
    "recog_kind_learning_citizen": ("Công dân học tập", "Learning citizen"),
    "recog_kind_honour": ("Khen thưởng", "Honour"),
    "recog_level_commune": ("Cấp xã", "Commune"),
    "recog_level_district": ("Cấp huyện", "District"),
    "recog_level_provincial": ("Cấp tỉnh", "Provincial"),
    "recog_level_national": ("Trung ương", "National"),
    "recog_registry_source": ("Sổ công nhận (các tệp đã nhập)", "Registry (imported files)"),
    "recog_records_unit": ("bản ghi", "records"),
    "recog_all_time": ("tất cả quyết định đã nhập", "every imported decision"),
    # UNESCO framework
    "kflc_page": ("Khung UNESCO", "UNESCO framework"),
    "kflc_heading": (
        "Thành phố Sơn La theo các Đặc điểm chính của thành phố học tập (UNESCO)",
        "Sơn La city against UNESCO's Key Features of Learning Cities",
    ),
    "kflc_intro": (
        "12 lĩnh vực: 3 lợi ích, 6 trụ cột và 3 điều kiện nền tảng. Mỗi chỉ tiêu được gắn với "
        "lĩnh vực mà nó phản ánh; bảng cho biết lĩnh vực nào đã có chỉ tiêu và số liệu.",
        "12 areas: 3 benefits, 6 building blocks and 3 fundamental conditions. Each indicator "
        "is tagged with the areas it informs; the table shows which areas have indicators and "
        "figures.",
    ),
    "kflc_part_benefit": ("Lợi ích", "Benefit"),
    "kflc_part_building_block": ("Trụ cột", "Building block"),
    "kflc_part_fundamental_condition": ("Điều kiện nền tảng", "Fundamental condition"),
    "kflc_area": ("Lĩnh vực", "Area"),
    "kflc_part": ("Nhóm", "Part"),
    "kflc_indicators": ("Số chỉ tiêu", "Indicators"),
    "kflc_real": ("Có số liệu thật", "With real figures"),
    "kflc_sample_only": ("Chỉ có số liệu mẫu", "Sample figures only"),
    "kflc_state": ("Tình trạng", "State"),
    "kflc_state_figures": ("Có số liệu", "Has figures"),
    "kflc_state_sample": ("Chỉ số liệu mẫu", "Sample only"),
    "kflc_state_indicators": ("Có chỉ tiêu, chưa có số liệu", "Indicators, no figures"),
    "kflc_state_none": ("Chưa có chỉ tiêu", "No indicators"),
    "kflc_summary": (
        "{figures}/12 lĩnh vực có số liệu thật của thành phố; {none} lĩnh vực chưa có chỉ tiêu.",
        "{figures} of 12 areas have real figures for the city; {none} have no indicator.",
    ),
    "kflc_export": (
        "Phụ lục minh chứng cho báo cáo tiến độ GNLC",
        "Evidence annex for the city's GNLC progress report",
    ),
    "kflc_url": ("Đường dẫn nguồn", "Source URL"),
    "kflc_source": ("Khung: {title}", "Framework: {title}"),
}
