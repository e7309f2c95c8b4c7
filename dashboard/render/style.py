"""Fonts and matplotlib settings every static export shares."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

# Debian's fonts-noto-core (installed by `make install`). Matplotlib's own DejaVu Sans also
# carries every Vietnamese diacritic, so exports still work where Noto is missing.
NOTO = Path("/usr/share/fonts/truetype/noto")
WEIGHTS = ("Regular", "Bold")
FAMILY = "Noto Sans VI"
# Latin, Vietnamese and the punctuation, arrows and signs the exports use.
CODEPOINTS = [
    *range(0x20, 0x250),
    *range(0x300, 0x370),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2070),
    *range(0x2190, 0x2194),
    0x20AB,
    0x2122,
    0x2212,
    0x2264,
    0x2265,
]


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for folder in (base / "learning-city" / "fonts", Path(tempfile.gettempdir()) / "lc-fonts"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            continue
    raise OSError("no writable folder for the export fonts")


def _vietnamese_subset(source: Path, target: Path) -> None:
    """Noto Sans cut to the Vietnamese alphabet: embedding its full tables in each PDF takes
    seconds (its layout tables are large); the cut font embeds in milliseconds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CODEPOINTS)
    subsetter.subset(font)
    weight = source.stem.split("-")[-1]
    for record in font["name"].names:  # its own family name: never mistaken for the full font
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (4,):
            record.string = f"{FAMILY} {weight}"
        elif record.nameID == 6:
            record.string = f"NotoSansVI-{weight}"
    font.save(str(target))


@functools.cache
def font_family() -> str:
    """Register the export font once; the family every export uses."""
    family = "DejaVu Sans"
    sources = [NOTO / f"NotoSans-{w}.ttf" for w in WEIGHTS]
    if all(p.exists() for p in sources):
        folder = _cache_dir()
        for source in sources:
            target = folder / f"NotoSansVI-{source.stem.split('-')[-1]}.ttf"
            if not target.exists():
                _vietnamese_subset(source, target)
            font_manager.fontManager.addfont(str(target))
        family = FAMILY
    plt.rcParams.update(
        {
            "font.family": [family, "DejaVu Sans"],
            "pdf.fonttype": 42,  # TrueType embedded: text in PDFs stays selectable text
            "ps.fonttype": 42,
            "svg.fonttype": "none",  # SVG text stays text
            "axes.unicode_minus": False,
            # Titles, notes and names are typed by people: "$5 … $10" stays text, never math.
            "text.parse_math": False,
        }
    )
    return family
