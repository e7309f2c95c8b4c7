"""The bundle nginx serves from disk (deploy/bundle.py): lighter fonts that still draw every icon
and every Vietnamese letter the app shows, and compressed copies that decompress to the file."""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

import brotli
import pytest
from fontTools.ttLib import TTFont

from deploy import bundle
from tests.conftest import REPO

MEDIA = bundle.streamlit_static() / "media"
# Every letter of the Vietnamese alphabet with each of the five tone marks, both cases.
VIETNAMESE = (
    "".join(
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    )
    + "đĐ"
)


@pytest.fixture(scope="module")
def icon_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = bundle.font_file(MEDIA, bundle.ICON_FONT)
    out = tmp_path_factory.mktemp("fonts") / source.name
    out.write_bytes(bundle.subset_icons(source, bundle.icon_names()))
    return out


def test_every_icon_streamlit_and_our_pages_name_is_still_drawn(icon_font: Path) -> None:
    source = bundle.font_file(MEDIA, bundle.ICON_FONT)
    drawable = bundle.ligatures(source)
    named = bundle.icon_names()
    assert {"download", "info", "keyboard_double_arrow_left"} <= named  # ours and Streamlit's
    kept = bundle.ligatures(icon_font)
    assert sorted(n for n in named if n in drawable and n not in kept) == []
    # ... and little else: an icon nobody names is gone, and with it most of the weight.
    assert (
        "android_cell_dual_4_bar_alert" in drawable and "android_cell_dual_4_bar_alert" not in kept
    )
    assert icon_font.stat().st_size < source.stat().st_size / 10


def test_icon_names_are_read_from_the_code(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text('st.button("x", icon=":material/co_present:")  # :material/not an icon:\n')
    assert bundle.icon_names([page]) == {"co_present"}


def test_text_face_keeps_vietnamese_and_every_character_of_our_labels(tmp_path: Path) -> None:
    source = bundle.font_file(MEDIA, "SourceSansVF-Upright")
    out = tmp_path / source.name
    out.write_bytes(bundle.subset_text(source))
    before, after = TTFont(source).getBestCmap(), TTFont(out).getBestCmap()
    labels = "".join(p.read_text("utf-8") for p in (REPO / "dashboard" / "texts").glob("*.py"))
    wanted = {ord(c) for c in VIETNAMESE + labels + "–—…₫→≥≤−Σ■▲●"}
    assert sorted(chr(c) for c in wanted if c in before and c not in after) == []
    assert "fvar" in TTFont(out)  # still the variable face: every weight from one file
    assert 0x0416 in before and 0x0416 not in after  # Cyrillic Ж is left to the system's fonts
    assert out.stat().st_size < 0.7 * source.stat().st_size


def test_compressed_copies_decompress_to_the_file(tmp_path: Path) -> None:
    script = tmp_path / "static" / "app.js"
    script.parent.mkdir()
    script.write_text("const label = 'Tỷ lệ biết chữ mức độ 2';\n" * 200)
    tiny = tmp_path / "static" / "tiny.js"
    tiny.write_text("x")
    bundle.compress(tmp_path)
    data = script.read_bytes()
    assert gzip.decompress(script.with_name("app.js.gz").read_bytes()) == data
    assert brotli.decompress(script.with_name("app.js.br").read_bytes()) == data
    assert not tiny.with_name("tiny.js.gz").exists()  # a header would outweigh the saving
