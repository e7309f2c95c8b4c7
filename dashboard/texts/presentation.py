"""Labels of the presentation area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {}
