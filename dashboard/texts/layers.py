"""Labels of the maps' layers and background: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "former_districts": ("Ranh giới huyện cũ", "Former district boundaries"),
    "communes_layer": ("Xã, phường", "Communes and wards"),
    "districts_layer": ("Huyện, thành phố", "Districts"),
    "province_layer": ("Ranh giới tỉnh", "Province boundary"),
    "osm_tiles": (
        "Nền OpenStreetMap (cần internet)",
        "OpenStreetMap background (needs internet)",
    ),
}
