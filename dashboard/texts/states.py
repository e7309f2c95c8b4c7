"""Labels of the states area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {}
