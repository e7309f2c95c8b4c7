"""Labels of the security area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {}
