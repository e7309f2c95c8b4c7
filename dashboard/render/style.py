"""Fonts and matplotlib settings every static export shares."""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

# Debian's fonts-noto-core (installed by `make install`); matplotlib's own DejaVu Sans also
# carries every Vietnamese diacritic, so exports still work where Noto is missing.
NOTO = Path("/usr/share/fonts/truetype/noto")
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")


@functools.cache
def font_family() -> str:
    """Register Noto Sans once; the family every export uses."""
    found = [NOTO / name for name in FONT_FILES if (NOTO / name).exists()]
    for path in found:
        font_manager.fontManager.addfont(str(path))
    family = "Noto Sans" if found else "DejaVu Sans"
    plt.rcParams.update(
        {
            "font.family": family,
            "pdf.fonttype": 42,  # TrueType embedded: text in PDFs stays selectable text
            "ps.fonttype": 42,
            "svg.fonttype": "none",  # SVG text stays text
            "axes.unicode_minus": False,
        }
    )
    return family
