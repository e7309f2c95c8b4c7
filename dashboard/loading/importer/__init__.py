"""Planners bring their own figures: check a file, import it with an audit trail, undo it.

The Data page and `python -m dashboard import/undo/history` share this API; role checks are
the caller's. Formats: CSV (UTF-8, UTF-8 with BOM, UTF-16, Windows-1258; comma, semicolon or
tab separated), XLSX, GeoJSON, GeoPackage and zipped Shapefile. Kinds, recognised from the
columns: indicator values, facilities, boundaries, "particularly difficult" flag lists and
recognitions.

Layout: `_read` reads any format into rows; `_shared` holds the plan and the checks every kind
shares (numbers, flags, sources and URLs, periods, units); one module per kind (`figures`,
`facilities`, `boundaries`, `difficulty_flags`, `recognitions`) holds its columns, its checks
and its write; `_checks.check_file` and `_apply.apply_plan` pick the kind's module; `_writes`
holds the writer lock and change log every write shares.

Problems are `PATH:ROW:COLUMN: message`, ROW as a person sees it: the line or sheet row with
the header as 1, or the feature number (from 1) in a geographic file.
"""

from dashboard.loading.importer._apply import (
    SAMPLE_REMOVAL,
    ImportResult,
    PlanNotValid,
    UndoRefused,
    apply_plan,
    import_history,
    remove_sample_data,
    undo_import,
)
from dashboard.loading.importer._checks import (
    COLUMN_ALIASES_VI,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    check_file,
)
from dashboard.loading.importer._read import (
    MAX_FILE_BYTES,
    ImporterError,
    Problem,
    Refused,
    UnreadableFile,
)
from dashboard.loading.importer._shared import (
    BOUNDARIES,
    DIFFICULTY_FLAGS,
    END_PARTS_VI,
    FACILITIES,
    INDICATOR_VALUES,
    KINDS,
    PERIOD_KINDS_VI,
    PLAN_KINDS,
    PROVINCE_TOLERANCE_DEG,
    RECOGNITIONS,
    ImportPlan,
    parse_number,
)
from dashboard.loading.importer.facilities import FACILITY_KIND_ALIASES_VI

ImportError_ = ImporterError  # the name pages/data.py catches

__all__ = [
    "BOUNDARIES",
    "COLUMN_ALIASES_VI",
    "DIFFICULTY_FLAGS",
    "END_PARTS_VI",
    "FACILITIES",
    "FACILITY_KIND_ALIASES_VI",
    "INDICATOR_VALUES",
    "KINDS",
    "MAX_FILE_BYTES",
    "OPTIONAL_COLUMNS",
    "PERIOD_KINDS_VI",
    "PLAN_KINDS",
    "PROVINCE_TOLERANCE_DEG",
    "RECOGNITIONS",
    "REQUIRED_COLUMNS",
    "SAMPLE_REMOVAL",
    "ImportError_",
    "ImportPlan",
    "ImportResult",
    "ImporterError",
    "PlanNotValid",
    "Problem",
    "Refused",
    "UndoRefused",
    "UnreadableFile",
    "apply_plan",
    "check_file",
    "import_history",
    "parse_number",
    "remove_sample_data",
    "undo_import",
]
