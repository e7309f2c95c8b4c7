"""Labels of the plan area: key -> (Vietnamese, English)."""

TEXT: dict[str, tuple[str, str]] = {}
