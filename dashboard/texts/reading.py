"""Labels of the reading area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {}
