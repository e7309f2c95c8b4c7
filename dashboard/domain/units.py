"""The province, its administrative vintages and levels: the constants every layer shares."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Vintage(StrEnum):
    """Which administrative units a figure or a map belongs to."""

    PRE_2025 = "pre_2025"  # province -> 12 districts -> 200 communes
    POST_2025 = "post_2025"  # province -> 75 communes and wards (1 Jul 2025 reform)
    ALL = "all"  # units that exist in both (the province)


class Level(StrEnum):
    """Administrative level of a unit."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


PROVINCE_CODE = "14"  # Sơn La, the scope every page shows unless asked for the whole country
CITY_CODE = "116"  # Thành phố Sơn La (district level before the reform), UNESCO GNLC member
REFORM_DATE = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = dt.date(2025, 6, 30)

MAP_VINTAGES = (Vintage.PRE_2025, Vintage.POST_2025)  # the two a reader can choose
VINTAGE_LEVEL: dict[str, Level] = {
    Vintage.PRE_2025: Level.DISTRICT,
    Vintage.POST_2025: Level.COMMUNE,
}
