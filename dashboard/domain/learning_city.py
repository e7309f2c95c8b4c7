"""The learning city: Sơn La city before the reform and the units that succeeded it."""

from __future__ import annotations

import pandas as pd

from dashboard.domain.units import CITY_CODE

GNLC_INDICATOR = "gnlc_membership_year"


def successors(crosswalk: pd.DataFrame, *, district_code: str = CITY_CODE) -> pd.DataFrame:
    """New units that took any former commune of the district, with their predecessors.

    Read from the crosswalk (old_code, old_name, old_district_code, new_code, new_name,
    new_full_name), never from a typed list.
    """
    rows = crosswalk[crosswalk["old_district_code"] == district_code]
    grouped = rows.groupby(["new_code", "new_full_name"], as_index=False).agg(
        predecessors=("old_name", lambda names: ", ".join(sorted(names))),
        n_predecessors=("old_code", "nunique"),
    )
    return grouped.rename(columns={"new_code": "gso_code", "new_full_name": "full_name"})
