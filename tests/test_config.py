"""Settings a deployment relies on: nothing leaves the server unless a user asks for it."""

from __future__ import annotations

import tomllib

from dashboard import settings
from tests.conftest import REPO


def config() -> dict:
    return tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8"))


def test_usage_statistics_are_off() -> None:
    assert config()["browser"]["gatherUsageStats"] is False


def test_no_public_ip_lookup_at_start() -> None:
    # Without an explicit server address Streamlit asks an outside service for the public IP.
    assert config()["browser"]["serverAddress"]


def test_map_assets_are_served_by_the_app() -> None:
    assert config()["server"]["enableStaticServing"] is True


def test_secrets_file_is_not_committed() -> None:
    ignored = (REPO / ".gitignore").read_text("utf-8").split()
    assert ".streamlit/secrets.toml" in ignored
    assert (REPO / ".streamlit" / "secrets.toml.example").exists()


def test_readme_documents_every_setting() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for setting in settings.ALL_SETTINGS:
        assert setting.name in readme, setting.name


def test_server_refuses_uploads_over_50_mb_and_shows_no_error_details() -> None:
    import tomllib

    config = tomllib.loads((REPO / ".streamlit/config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50
    assert config["client"]["showErrorDetails"] == "none"
