"""Maps draw with no internet: every JS/CSS file folium asks a CDN for is served by the app.

The files come from the npm registry at install time (`make install` runs `npm ci` and then
`python -m dashboard.assets`, which copies them into static/vendor/). Streamlit serves that
folder at /app/static/ (server.enableStaticServing). Nothing is fetched at run time.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
from branca.element import Element

from dashboard.settings import REPO_ROOT

STATIC_URL = "/app/static/vendor"
STATIC_DIR = REPO_ROOT / "static" / "vendor"
NODE_MODULES = REPO_ROOT / "node_modules"

# File name a CDN URL ends with -> path under static/vendor (None: not needed, dropped).
LOCAL_FILES: dict[str, str | None] = {
    "leaflet.js": "leaflet/leaflet.js",
    "leaflet.css": "leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "bootstrap.bundle.min.js": "bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap.min.css": "bootstrap/css/bootstrap.min.css",
    "all.min.css": "fontawesome/css/all.min.css",
    "leaflet.awesome-markers.js": "awesome-markers/leaflet.awesome-markers.js",
    "leaflet.awesome-markers.css": "awesome-markers/leaflet.awesome-markers.css",
    "leaflet.markercluster.js": "markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "markercluster/MarkerCluster.Default.css",
    # Glyphicons (Bootstrap 3) and the rotation CSS only serve icons our maps do not use.
    "bootstrap-glyphicons.css": None,
    "leaflet.awesome.rotate.min.css": None,
}

# Folder in node_modules -> folder under static/vendor (whole folders: CSS refers to images, fonts).
NPM_FOLDERS = {
    "leaflet/dist": "leaflet",
    "jquery/dist": "jquery",
    "bootstrap/dist": "bootstrap",
    "@fortawesome/fontawesome-free/css": "fontawesome/css",
    "@fortawesome/fontawesome-free/webfonts": "fontawesome/webfonts",
    "leaflet.awesome-markers/dist": "awesome-markers",
    "leaflet.markercluster/dist": "markercluster",
}


# Leaflet's keyboard handler focuses the map on mouse-down so that the arrow keys pan it. A plain
# focus() scrolls the focused map into view: inside Streamlit's component frame that scrolls the
# app's own scroll container (which Leaflet's window.scrollTo does not restore), so a first
# click on a map lower down the page moves the page under the pointer and Leaflet sees a drag,
# not a click. Focusing with preventScroll keeps the keyboard panning without the scroll.
FOCUS = "this._map._container.focus()"
FOCUS_NO_SCROLL = "this._map._container.focus({preventScroll: true})"
PATCHED_FILES = ("leaflet/leaflet.js", "leaflet/leaflet-src.js", "leaflet/leaflet-src.esm.js")


class UnknownAssetError(LookupError):
    """A map element asks for a file the app does not serve (it would need the internet)."""


def _local(url: str) -> str | None:
    name = url.rsplit("/", 1)[-1]
    if name not in LOCAL_FILES:
        raise UnknownAssetError(f"no local copy of {url}; add it to dashboard/assets.py")
    path = LOCAL_FILES[name]
    return None if path is None else f"{STATIC_URL}/{path}"


def _elements(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _elements(child)


# Files folium links on every map that serve only its icon markers (folium.Icon: Font Awesome
# glyphs in Bootstrap-styled Awesome Markers). Our maps draw DivIcons and shapes, so a map without
# a folium.Icon leaves them out: about 110 kB (gzipped) less on a first visit.
ICON_ONLY = {
    "jquery-3.7.1.min.js",
    "bootstrap.bundle.min.js",
    "bootstrap.min.css",
    "all.min.css",
    "leaflet.awesome-markers.js",
    "leaflet.awesome-markers.css",
}


def localise(m: folium.Map) -> folium.Map:
    """Point every JS/CSS link of the map's elements at the app's own copies, leaving out the
    icon-marker files when the map has no folium.Icon."""
    elements = list(_elements(m))
    icons = any(isinstance(e, folium.Icon) for e in elements)
    for element in elements:
        for attr in ("default_js", "default_css"):
            links: list[tuple[str, str]] = getattr(element, attr, [])
            local = [
                (name, _local(url))
                for name, url in links
                if icons or url.rsplit("/", 1)[-1] not in ICON_ONLY
            ]
            setattr(element, attr, [(name, url) for name, url in local if url is not None])
    return m


def missing_files() -> list[str]:
    """Local files the maps link to that are not installed yet."""
    return [p for p in LOCAL_FILES.values() if p and not (STATIC_DIR / p).exists()]


def unpatched_files(target: Path = STATIC_DIR) -> list[str]:
    """Installed Leaflet files whose map still scrolls the page when clicked (see FOCUS)."""
    texts = {p: (target / p).read_text("utf-8") for p in PATCHED_FILES if (target / p).exists()}
    return [p for p, text in texts.items() if FOCUS in text or FOCUS_NO_SCROLL not in text]


def patch_leaflet(target: Path = STATIC_DIR) -> None:
    """Make Leaflet focus a clicked map without scrolling the page (see FOCUS)."""
    for p in PATCHED_FILES:
        path = target / p
        text = path.read_text("utf-8")
        if text.count(FOCUS) != 1:  # another Leaflet version: look at its _onMouseDown again
            raise ValueError(f"{path}: expected one `{FOCUS}`, found {text.count(FOCUS)}")
        path.write_text(text.replace(FOCUS, FOCUS_NO_SCROLL), "utf-8")


def install(node_modules: Path = NODE_MODULES, target: Path = STATIC_DIR) -> None:
    """Copy the npm packages' files into static/vendor (run by `make install`), and patch
    Leaflet so that a click on a map does not scroll the page."""
    for src, dst in NPM_FOLDERS.items():
        source = node_modules / src
        if not source.is_dir():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
        shutil.copytree(source, target / dst, dirs_exist_ok=True)
    patch_leaflet(target)


def main(argv: list[str] | Any = None) -> int:
    try:
        install()
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    missing = missing_files()
    if missing:
        print(f"error: still missing after install: {', '.join(missing)}", file=sys.stderr)
        return 1
    if unpatched := unpatched_files():
        print(
            f"error: Leaflet not patched (a click would scroll): {', '.join(unpatched)}",
            file=sys.stderr,
        )
        return 1
    print(f"map assets installed in {STATIC_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
