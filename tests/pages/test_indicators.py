"""The indicators page through AppTest, on each backend."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import open_page, table


def test_indicators_defaults_to_literacy_with_the_standard(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/indicators.py")
    data = table(at, "Giá trị")
    assert len(data) == 12
    standard = next(c for c in data.columns if c.startswith("Chuẩn XMC mức 2"))
    verdicts = set(data[standard])
    assert verdicts <= {"Đạt", "Chưa đạt"} and len(verdicts) == 2  # the sample has both
    below = data[data["Giá trị"] < 90]
    assert (below[standard] == "Chưa đạt").all()


def test_indicators_selection_and_period_change_the_table(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/indicators.py")
    before = table(at, "Giá trị")["Giá trị"].tolist()
    at.selectbox(key="ind_period").set_value("2022-2023").run()
    assert table(at, "Giá trị")["Giá trị"].tolist() != before
    at.multiselect(key="ind_units").set_value(["116", "125"]).run()
    assert set(table(at, "Giá trị")["Đơn vị"]) == {"Sơn La", "Mai Sơn"}
    assert at.query_params["units"] == "116,125"
    assert at.query_params["period"] == "2022-2023"


def test_indicators_target_gaps(seeded_url: str) -> None:
    at = open_page(seeded_url, "pages/indicators.py", indicator="learning_families_share")
    gaps = table(at, "Chênh lệch 2025")  # headers in the reader's language, not gap_2025
    assert (gaps["Mục tiêu 2025"] == 70).all()
    assert (gaps["Chênh lệch 2025"].round(2) == (gaps["Giá trị"] - 70).round(2)).all()


@pytest.mark.parametrize(
    ("edges", "message"),
    [("95, 90, 100", "strictly increasing"), ("95, 97, 100", "lie outside"), ("a, b", "numbers")],
)
def test_bad_manual_breaks_get_a_message_next_to_the_input(seeded_url, edges, message) -> None:
    at = open_page(seeded_url, "pages/indicators.py")
    at.selectbox(key="ind_scheme").set_value("manual").run()
    at.text_input(key="ind_breaks").input(edges).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)


def test_indicators_link_reproduces_the_view(seeded_url: str) -> None:
    at = open_page(
        seeded_url,
        "pages/indicators.py",
        indicator="learning_clans_share",
        period="2023",
        scheme="manual",
        breaks="0,50,75,100",
        units="118",
        palette="viridis",
    )
    assert at.selectbox(key="ind_indicator").value == "learning_clans_share"
    assert at.selectbox(key="ind_group").value == "learning_models"
    assert at.selectbox(key="ind_period").value == "2023"
    assert at.selectbox(key="ind_palette").value == "viridis"
    assert at.text_input(key="ind_breaks").value == "0, 50, 75, 100"
    assert set(table(at, "Kỳ")["Đơn vị"]) == {"Quỳnh Nhai"}  # the figures table
    assert not at.error and not at.info


@pytest.mark.parametrize(
    "params",
    [
        {"indicator": "<img src=x onerror=alert(1)>"},
        {"period": "1900"},
        {"k": "99"},
        {"units": "999,abc"},
        {"scheme": "'; DROP TABLE indicator_value; --"},
    ],
)
def test_indicators_hostile_url_values_fall_back(seeded_url: str, params) -> None:
    at = open_page(seeded_url, "pages/indicators.py", **params)
    assert len(table(at, "Giá trị")) == 12
    assert len(at.info) >= 1


@pytest.fixture
def gappy_url(seeded_then) -> str:
    """A seeded database where one district lacks a figure and another any location."""
    return seeded_then(
        (
            "DELETE FROM indicator_value WHERE period = '2024-2025' "
            "AND indicator_code = 'literacy_rate_level2_age15_60' AND unit_id = "
            "(SELECT id FROM admin_unit WHERE gso_code = '118' AND vintage = 'pre_2025')",
            {},
        ),
        (
            "UPDATE admin_unit SET geometry_wkb = NULL, point_lon = NULL, point_lat = NULL "
            "WHERE gso_code = '127'",
            {},
        ),
    )


def test_missing_figures_and_boundaries_are_no_data_not_zero(gappy_url: str) -> None:
    at = open_page(gappy_url, "pages/indicators.py")
    data = table(at, "Giá trị").set_index("Đơn vị")
    assert len(data) == 12
    assert data["Giá trị"].isna().sum() == 1 and data.loc["Quỳnh Nhai", "Kỳ"] == "Không có số liệu"
    assert (data["Giá trị"].dropna() > 0).all()
    standard = next(c for c in data.columns if c.startswith("Chuẩn XMC"))
    assert data.loc["Quỳnh Nhai", standard] == "Chưa đủ số liệu"
    messages = " ".join(i.value for i in at.info)
    assert "Quỳnh Nhai" in messages and "Sốp Cộp" in messages


def legend_of(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    restyle = json.loads(component.proto.json_args)["feature_group"]
    payload = re.search(r"\}\)\((\{.*\})\);\s*$", restyle, re.S)
    assert payload is not None
    return json.loads(payload.group(1))["legend"]


def test_natural_breaks_from_a_link_give_the_same_classes_on_every_load(
    seeded_url: str,
) -> None:
    link = {
        "vintage": "post_2025",
        "indicator": "literacy_rate_level2_age15_60",
        "period": "2024-2025",
        "scheme": "natural_breaks",
        "k": "5",
    }
    legends = {legend_of(open_page(seeded_url, "pages/indicators.py", **link)) for _ in range(5)}
    assert len(legends) == 1
    (legend,) = legends
    ranges = re.findall(r"(\d+(?:,\d+)?) – (\d+(?:,\d+)?)", legend)
    assert len(ranges) >= 2
    assert all(low != high for low, high in ranges)  # no class of one repeated value
