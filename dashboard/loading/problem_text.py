"""The importer's messages in the reader's language.

The importer (dashboard.loading.importer) words its problems in English for logs and the
command line. Pages show them through `problem_text`, which maps each message template to
Vietnamese; a message with no mapping is shown in English, prefixed so it is recognisable.
"""

from __future__ import annotations

import re

from dashboard.i18n import localise_dates
from dashboard.loading.importer import Problem

# (English template as a regex, Vietnamese). Order matters: the first match wins; a message
# of several clauses ("...; use ...") is translated clause by clause.
_CLAUSES: list[tuple[str, str]] = [
    (r"^'(?P<v>.*)' is not a number$", r"'\g<v>' không phải là số"),
    (r"^'(?P<v>.*)' is not a finite number$", r"'\g<v>' không phải là số hữu hạn"),
    (r"^'(?P<v>.*)' is not true or false$", r"'\g<v>' không phải đúng/sai (true/false)"),
    (r"^(?P<c>\w+) is missing$", r"thiếu \g<c>"),
    (r"^value is missing$", "thiếu giá trị"),
    (r"^denominator is zero$", "mẫu số bằng 0"),
    (r"^the file has no data rows$", "tệp không có dòng số liệu nào"),
    (r"^no geometry$", "không có hình học"),
    (r"^not a valid position$", "vị trí không hợp lệ"),
    (
        r"^a source URL was given without a source title$",
        "có đường dẫn nguồn nhưng thiếu tên nguồn",
    ),
    (r"^source_url is given without source_title$", "có source_url nhưng thiếu source_title"),
    (
        r"^no location: fill lat and lon \(decimal degrees, WGS 84\)$",
        "không có vị trí: điền lat và lon (độ thập phân, WGS 84)",
    ),
    (r"^unknown indicator '(?P<v>.*?)'$", r"không có chỉ tiêu '\g<v>'"),
    (
        r"^unknown indicator '(?P<v>.*?)' \(did you mean '(?P<w>.*)'\?\)$",
        r"không có chỉ tiêu '\g<v>' (có phải '\g<w>'?)",
    ),
    (r"^unknown unit code '(?P<v>.*)'$", r"không có mã đơn vị '\g<v>'"),
    (
        r"^unknown facility kind '(?P<v>.*?)' \(one of: (?P<w>.*)\)$",
        r"không có loại cơ sở '\g<v>' (một trong: \g<w>)",
    ),
    (
        r"^vintage '(?P<v>.*?)' is not one of (?P<w>.*)$",
        r"địa giới '\g<v>' không thuộc: \g<w>",
    ),
    (
        r"^unit name '(?P<v>.*?)' is ambiguous \((?P<w>.*)\)$",
        r"tên đơn vị '\g<v>' trùng nhiều đơn vị (\g<w>)",
    ),
    (r"^use its GSO code$", "hãy dùng mã GSO"),
    (
        r"^unit code '(?P<v>.*?)' names units of (?P<w>.*)$",
        r"mã đơn vị '\g<v>' thuộc nhiều địa giới (\g<w>)",
    ),
    (r"^add a vintage column$", "thêm cột vintage (địa giới)"),
    (
        r"^unit '(?P<v>.*?)' is a unit created by the (?P<d>.*?) reform, but (?P<rest>.*)$",
        r"đơn vị '\g<v>' được lập khi sắp xếp ngày \g<d>, nhưng \g<rest>",
    ),
    (
        r"^unit '(?P<v>.*?)' was abolished by the (?P<d>.*?) reform, but (?P<rest>.*)$",
        r"đơn vị '\g<v>' đã giải thể khi sắp xếp ngày \g<d>, nhưng \g<rest>",
    ),
    (r"^use the unit's code from before the reform$", "hãy dùng mã đơn vị trước sắp xếp"),
    (r"^use the code of its successor commune or ward$", "hãy dùng mã xã, phường kế thừa"),
    (
        r"^period '(?P<v>.*?)' ends on (?P<d>[\d-]+), before it$",
        r"kỳ '\g<v>' kết thúc ngày \g<d>, trước thời điểm đó",
    ),
    (
        r"^period '(?P<v>.*?)' ends on (?P<d>[\d-]+), after it$",
        r"kỳ '\g<v>' kết thúc ngày \g<d>, sau thời điểm đó",
    ),
    (r"^period '(?P<v>.*?)' ends on (?P<d>[\d-]+)$", r"kỳ '\g<v>' kết thúc ngày \g<d>"),
    (
        r"^cannot read a period from '(?P<v>.*?)'(?: \((?P<w>.*)\))?$",
        r"không đọc được kỳ từ '\g<v>'",
    ),
    # a period and what its source said of the report (dashboard.domain.periods)
    (r"^cannot read '(?P<v>.*?)' in '(?P<w>.*)'$", r"không đọc được '\g<v>' trong '\g<w>'"),
    (
        r"^period_label says period '(?P<v>.*?)', but period is '(?P<w>.*)'$",
        r"period_label ghi kỳ '\g<v>', nhưng period là '\g<w>'",
    ),
    (
        r"^unknown period kind '(?P<v>.*?)' \(one of: (?P<w>.*)\)$",
        r"không có loại kỳ '\g<v>' (một trong: \g<w>)",
    ),
    (
        r"^unknown end of a range '(?P<v>.*?)' \(one of: (?P<w>.*)\)$",
        r"không có cách kết thúc khoảng '\g<v>' (một trong: \g<w>)",
    ),
    (
        r"^reported (?P<v>\S+), before the period starts \((?P<w>.*)\)$",
        r"ngày báo cáo \g<v> trước khi kỳ bắt đầu (\g<w>)",
    ),
    (
        r"^a range '(?P<v>.*?)' starts in (?P<a>\d+) and ends in (?P<b>\d+)$",
        r"khoảng '\g<v>' phải bắt đầu trong năm \g<a> và kết thúc trong năm \g<b>",
    ),
    (
        r"^period '(?P<v>.*?)' of kind (?P<k>\w+) runs from (?P<a>\S+) to (?P<b>\S+)$",
        r"kỳ '\g<v>' loại \g<k> kéo dài từ \g<a> đến \g<b>",
    ),
    (
        r"^'(?P<v>.*?)' is not a code of kind (?P<k>\w+) \(such as (?P<e>.*)\)$",
        r"'\g<v>' không phải mã kỳ loại \g<k> (ví dụ \g<e>)",
    ),
    (
        r"^only a range of whole years ends early, mid or late in a year$",
        "chỉ khoảng trọn năm mới kết thúc vào đầu, giữa hoặc cuối năm",
    ),
    (r"^an inferred year needs a report date$", "năm suy ra cần có ngày báo cáo"),
    (
        r"^a report date and 'date not given' contradict each other$",
        "ngày báo cáo và 'không rõ ngày' mâu thuẫn nhau",
    ),
    (r"^'(?P<v>.*?)' holds no valid date$", r"'\g<v>' không phải ngày hợp lệ"),
    (r"^unknown month '(?P<v>.*?)' in '(?P<w>.*)'$", r"không có tháng '\g<v>' trong '\g<w>'"),
    (r"^two report dates in '(?P<v>.*)'$", r"hai ngày báo cáo trong '\g<v>'"),
    (
        r"^'(?P<v>.*?)' infers a year but gives no report date$",
        r"'\g<v>' suy ra năm nhưng không có ngày báo cáo",
    ),
    (r"^the report date in '(?P<v>.*)' has no year$", r"ngày báo cáo trong '\g<v>' không có năm"),
    (
        r"^two different years of the report in '(?P<v>.*)'$",
        r"hai năm báo cáo khác nhau trong '\g<v>'",
    ),
    (r"^'(?P<v>.*?)' is not a school year$", r"'\g<v>' không phải năm học"),
    (
        r"^'(?P<v>.*?)' is not a date \(write (?P<a>\S+) or (?P<b>\S+)\)$",
        r"'\g<v>' không phải ngày (ghi ngày/tháng/năm, ví dụ \g<b>)",
    ),
    (
        r"^save the sheet with values only \(Paste Special > Values\) and import it again$",
        "lưu trang tính chỉ với giá trị (Dán đặc biệt > Giá trị) rồi nhập lại",
    ),
    (r"^refused: a macro-enabled workbook \(\.xlsm\)$", "từ chối: sổ tính có macro (.xlsm)"),
    (r"^save it as \.xlsx without macros$", "hãy lưu thành .xlsx không có macro"),
    (
        r"^refused: coordinates such as (?P<c>\(.*?\)) are not longitude/latitude and the file "
        r"declares no coordinate reference system for them$",
        r"từ chối: toạ độ như \g<c> không phải kinh độ/vĩ độ và tệp không khai báo hệ toạ độ",
    ),
    (
        r"^save it with its CRS declared (?P<v>.*) or in EPSG:4326$",
        r"hãy lưu tệp có khai báo hệ toạ độ \g<v> hoặc ở EPSG:4326",
    ),
    (r"^(?P<c>\w+) (?P<v>\S+) is negative$", r"\g<c> \g<v> là số âm"),
    (
        r"^numerator (?P<v>\S+) is greater than denominator (?P<w>\S+)$",
        r"tử số \g<v> lớn hơn mẫu số \g<w>",
    ),
    (r"^(?P<v>\S+) is outside 0-100 for a percentage$", r"\g<v> nằm ngoài 0–100 với tỷ lệ %"),
    (r"^(?P<v>\S+) is negative$", r"\g<v> là số âm"),
    (r"^a count \((?P<u>.*)\) cannot be$", r"số đếm (\g<u>) không thể âm"),
    (r"^(?P<v>\S+) is not a whole number$", r"\g<v> không phải số nguyên"),
    (r"^a count \((?P<u>.*)\) must be$", r"số đếm (\g<u>) phải là số nguyên"),
    (
        r"^same (?P<w>.*?) as (?P<r>row|rows|feature|features) (?P<n>.*)$",
        r"trùng \g<w> với dòng \g<n>",
    ),
    (
        r"^column '(?P<v>.*?)' repeats column '(?P<w>.*)'$",
        r"cột '\g<v>' lặp lại cột '\g<w>'",
    ),
    (
        r"^missing required column '(?P<v>.*?)'(?: \(template label '(?P<w>.*)'\))?$",
        r"thiếu cột bắt buộc '\g<v>'",
    ),
    (r"^(?P<v>\d+) cells, but the header has (?P<w>\d+)$", r"\g<v> ô, nhưng dòng tiêu đề có \g<w>"),
    (
        r"^(?:sheet '(?P<s>.*?)' )?cell (?P<r>\S+) holds a formula \((?P<f>.*)\)$",
        r"ô \g<r> chứa công thức (\g<f>)",
    ),
    (r"^(?P<g>\w+) is not a point$", r"\g<g> không phải là điểm"),
    (r"^(?P<g>\w+) is not a polygon$", r"\g<g> không phải là vùng (polygon)"),
    (r"^invalid polygon \((?P<v>.*)\)$", r"vùng không hợp lệ (\g<v>)"),
    (
        r"^lat (?P<a>\S+), lon (?P<b>\S+) is not a latitude/longitude in degrees$",
        r"lat \g<a>, lon \g<b> không phải vĩ độ/kinh độ (độ)",
    ),
    (
        r"^lat (?P<a>\S+), lon (?P<b>\S+) is outside (?P<n>.*?) province \(more than (?P<d>.*)\)$",
        r"lat \g<a>, lon \g<b> nằm ngoài tỉnh \g<n> (quá \g<d>)",
    ),
    (
        r"^latitude and longitude look swapped: (?P<w>lat \S+, lon \S+) is not a valid "
        r"position, but swapped it is inside (?P<n>.*)$",
        r"vĩ độ và kinh độ có vẻ bị đảo: \g<w> không phải vị trí hợp lệ, đảo lại thì nằm "
        r"trong \g<n>",
    ),
    (
        r"^latitude and longitude look swapped: (?P<w>lat \S+, lon \S+) is outside (?P<o>.*?), "
        r"but swapped it is inside (?P<n>.*)$",
        r"vĩ độ và kinh độ có vẻ bị đảo: \g<w> nằm ngoài \g<o>, đảo lại thì nằm trong \g<n>",
    ),
    (r"^swap the two columns$", "hãy đổi chỗ hai cột"),
    (
        r"^no source: fill source_title or name a source for the whole file \(--source-title\)$",
        "không có nguồn: điền source_title hoặc ghi một nguồn cho cả tệp",
    ),
    (
        r"^no source: fill source_title or give one in the upload form$",
        "không có nguồn: điền source_title hoặc nhập nguồn trong ô tải lên",
    ),
    (
        r"^no source for (?:rows?|features?) (?P<w>.*?): add a source_title column or "
        r"name a source for the whole file \(--source-title\)$",
        r"không có nguồn cho dòng \g<w>: thêm cột source_title hoặc ghi một nguồn cho cả tệp",
    ),
    (
        r"^refused: the workbook contains macros \((?P<v>.*)\)$",
        r"từ chối: sổ tính có macro (\g<v>)",
    ),
    (r"^save it as an \.xlsx workbook without macros$", "hãy lưu thành sổ .xlsx không có macro"),
    (
        r"^refused: the archive has paths outside its folder \((?P<v>.*)\)$",
        r"từ chối: tệp nén có đường dẫn ra ngoài thư mục của nó (\g<v>)",
    ),
    (r"^refused: the file is (?P<v>.*)$", r"từ chối: tệp nặng \g<v>"),
    (
        r"^files of (?P<w>.*?) or more are not imported \(split it into smaller files\)$",
        r"không nhập tệp từ \g<w> trở lên (hãy chia thành tệp nhỏ hơn)",
    ),
    (
        r"^cannot tell what the file holds: expected indicator values \((?P<a>.*?)\), "
        r"facilities \((?P<b>.*?)\) or boundaries \(gso_code and a polygon geometry\)$",
        r"không nhận ra nội dung tệp: cần số liệu chỉ tiêu (\g<a>), cơ sở (\g<b>) hoặc ranh giới "
        r"(gso_code và hình vùng)",
    ),
    (r"^give one in the upload form$", "nhập nguồn trong ô tải lên"),
    (r"^\.\.\. and (?P<n>\d+) more problem\(s\)$", r"… và \g<n> lỗi khác"),
]
_COMPILED = [(re.compile(p), r) for p, r in _CLAUSES]
UNTRANSLATED_PREFIX = "(EN) "
_CLAUSE_BREAK = re.compile(r"; (?=(?:[^']*'[^']*')*[^']*$)")  # not inside a quoted value


def message_text(message: str, lang: str) -> str:
    """One importer message in the language (English unchanged)."""
    if lang == "en":
        return message
    out = []
    for clause in (c.strip() for c in _CLAUSE_BREAK.split(message)):
        translated = _clause(clause)
        if translated is None:
            return UNTRANSLATED_PREFIX + message
        out.append(translated)
    return localise_dates("; ".join(out), lang)


def _clause(clause: str) -> str | None:
    for pattern, replacement in _COMPILED:
        if m := pattern.match(clause):
            text = m.expand(replacement)
            if "rest" in pattern.groupindex:  # "…, but <another clause>"
                rest = _clause(m["rest"])
                if rest is None:
                    return None
                text = text.removesuffix(m["rest"]) + rest
            return text
    return None


def problem_text(problem: Problem, lang: str, *, label: str | None = None) -> str:
    """'row 5, column value: …' as 'dòng 5, cột value: …' (or in English)."""
    where = []
    if problem.row is not None:
        where.append(f"{'row' if lang == 'en' else 'dòng'} {problem.row}")
    if problem.column:
        where.append(f"{'column' if lang == 'en' else 'cột'} {label or problem.column}")
    text = message_text(problem.message, lang)
    return f"{', '.join(where)}: {text}" if where else text
