"""The files nginx serves from disk: Streamlit's frontend bundle, lighter, compressed ahead of time.

`publish(target)` writes, under `target`:

- `static/`: Streamlit's frontend bundle (content-hashed names), where
  - Material Symbols, the icon font (375 kB, every icon Google draws), keeps the icons that
    Streamlit's bundle and our code name (`:material/NAME:`, about 110): 12 kB;
  - Source Sans, the text face, keeps Latin with every Vietnamese letter and mark, basic Greek,
    punctuation, currency, arrows, mathematical operators and geometric shapes, and drops
    Cyrillic, Greek Extended and the rest (a character outside falls back to another font of the
    reader's system): 170 kB -> 108 kB upright;
- `app/static/`: the app's own static folder (Leaflet & co. from npm, `static/vendor/`);
- `component/streamlit_folium.st_folium/`: the map component's frontend (streamlit-folium's
  build), which Streamlit would send with no cache lifetime;

and beside each text file a `.gz` (gzip -9) and a `.br` (Brotli 11), which nginx sends as they
are (`gzip_static`, `brotli_static`): no CPU per visit, and Brotli is about a sixth smaller.

Building takes about a minute (Brotli at its best level); `cached()` keeps one build per
Streamlit version and per source of this module and icon names, under `local/bundle/`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "local" / "bundle"
COMPRESSED_SUFFIXES = {".js", ".css", ".svg", ".json", ".ttf", ".txt", ".html", ".map"}
MIN_COMPRESSED = 1024  # bytes: below, a compressed copy saves less than its headers cost
ICON = re.compile(r":material/([a-z0-9_]+):")
OUR_CODE = ("dashboard", "pages", "streamlit_app.py")
MAP_COMPONENT = "streamlit_folium.st_folium"  # the URL path Streamlit serves it under
ICON_FONT = "MaterialSymbols-Rounded"
TEXT_FONTS = ("SourceSansVF-Upright", "SourceSansVF-Italic")
# Code points kept in the text face: Basic Latin to Latin Extended-B (Đ, Ơ, Ư ...), combining
# marks and basic Greek (Σ), Latin Extended Additional (Vietnamese: Ạ ... ỹ), punctuation to
# mathematical operators (– … ₫ → ≥), geometric shapes (■ ▲ ●), the f-ligatures.
TEXT_RANGES = (
    (0x0000, 0x024F),
    (0x0300, 0x03FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x22FF),
    (0x25A0, 0x25FF),
    (0xFB00, 0xFB06),
    (0xFEFF, 0xFEFF),
    (0xFFFD, 0xFFFD),
)


def streamlit_static() -> Path:
    """Streamlit's frontend bundle in the installed package (what `/static/` serves)."""
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def map_component_build() -> Path:
    """streamlit-folium's frontend build in the installed package."""
    import streamlit_folium

    return Path(streamlit_folium.__file__).parent / "frontend" / "build"


def icon_names(sources: Iterable[Path] | None = None) -> set[str]:
    """The Material Symbols named as `:material/NAME:` in Streamlit's bundle and in our code."""
    if sources is None:
        ours = [REPO / p for p in OUR_CODE]
        sources = [*streamlit_static().glob("js/*.js")]
        sources += [f for p in ours for f in (p.rglob("*.py") if p.is_dir() else [p])]
    return {name for path in sources for name in ICON.findall(path.read_text(errors="replace"))}


def font_file(media: Path, family: str) -> Path:
    """The bundle's file of a font ("FAMILY.HASH.woff2" in `media`)."""
    found = sorted(media.glob(f"{family}.*.woff2"))
    if len(found) != 1:
        raise FileNotFoundError(f"{media}/{family}.*.woff2: {len(found)} files")
    return found[0]


def _subset(source: Path, *, glyphs: Iterable[str] = (), unicodes: Iterable[int] = ()) -> bytes:
    """`source` (WOFF2) reduced to `glyphs` and the glyphs of `unicodes`, as WOFF2.

    No layout closure: a ligature is kept only when its result glyph is (else every icon, whose
    letters are all kept, would come back through the ligature table).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.layout_closure = not glyphs
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=list(glyphs), unicodes=list(unicodes))
    font = TTFont(source)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def ligatures(font_file: Path) -> dict[str, str]:
    """Icon name -> glyph, from the font's ligature table."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    letter = {glyph: chr(code) for code, glyph in font.getBestCmap().items() if code < 128}
    found = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligs in getattr(table, "ligatures", {}).items():
                for lig in ligs:
                    text = "".join(letter.get(g, "\0") for g in [first, *lig.Component])
                    found[text] = lig.LigGlyph
    return found


def subset_icons(source: Path, names: Iterable[str]) -> bytes:
    """The icon font with only the icons `names` (and the letters that spell them)."""
    by_name = ligatures(source)
    spelling = "abcdefghijklmnopqrstuvwxyz0123456789_"
    glyphs = [by_name[n] for n in sorted(set(names)) if n in by_name]
    return _subset(source, glyphs=glyphs, unicodes=map(ord, spelling + spelling.upper() + " "))


def subset_text(source: Path) -> bytes:
    """The text face with the code points of TEXT_RANGES it has."""
    from fontTools.ttLib import TTFont

    codes = TTFont(source).getBestCmap()
    keep = [c for c in codes if any(lo <= c <= hi for lo, hi in TEXT_RANGES)]
    return _subset(source, unicodes=keep)


def compress(folder: Path) -> None:
    """A .gz (level 9) and a .br (quality 11) beside every text file of `folder`."""
    import brotli

    for path in folder.rglob("*"):
        if path.suffix in COMPRESSED_SUFFIXES and path.stat().st_size >= MIN_COMPRESSED:
            data = path.read_bytes()
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))


def publish(target: Path) -> Path:
    """Write the files nginx serves from disk under `target` (see the module's doc); returns
    `target`, nginx's root for them."""
    from dashboard.settings import REPO_ROOT

    static = target / "static"
    shutil.copytree(streamlit_static(), static, dirs_exist_ok=True)
    icons = font_file(static / "media", ICON_FONT)
    icons.write_bytes(subset_icons(icons, icon_names()))
    for family in TEXT_FONTS:
        face = font_file(static / "media", family)
        face.write_bytes(subset_text(face))
    shutil.copytree(REPO_ROOT / "static", target / "app" / "static", dirs_exist_ok=True)
    shutil.copytree(map_component_build(), target / "component" / MAP_COMPONENT, dirs_exist_ok=True)
    compress(target)
    return target


def _key() -> str:
    """What a build depends on: Streamlit's and streamlit-folium's versions, this module, the
    icon names, our static files' names and sizes."""
    from importlib.metadata import version

    from dashboard.settings import REPO_ROOT

    parts = [version("streamlit"), version("streamlit-folium"), Path(__file__).read_text()]
    parts += sorted(icon_names())
    parts += sorted(
        f"{p.relative_to(REPO_ROOT)}:{p.stat().st_size}"
        for p in (REPO_ROOT / "static").rglob("*")
        if p.is_file()
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cached() -> Path:
    """A published bundle under local/bundle/, built on first use for this key."""
    folder = CACHE / _key()
    if not folder.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
        try:
            publish(building)
            os.replace(building, folder)  # atomic: a parallel build of the same key loses
        except OSError:
            if not folder.is_dir():
                raise
        finally:
            shutil.rmtree(building, ignore_errors=True)
        for old in CACHE.iterdir():  # builds for another Streamlit or icon set
            if old != folder and not old.name.startswith("building-"):
                shutil.rmtree(old, ignore_errors=True)
    return folder
