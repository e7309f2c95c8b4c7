"""Shareable view state: what a page shows lives in the URL, validated on the way in.

Unknown or hostile values never raise: they fall back to the default and leave a notice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

MAX_PARAM_LENGTH = 200
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")
_DIGITS = re.compile(r"^[0-9]{1,9}$")  # ASCII only: '²'.isdigit() is true, int('²') fails
_NUMBER = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")


@dataclass(frozen=True)
class Notice:
    """A URL value that was not used, and why."""

    param: str
    value: str

    def text(self, lang: str) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        if lang == "en":
            return f"The link's value for '{self.param}' ({shown}) is unknown; showing the default."
        return f"Giá trị '{shown}' của '{self.param}' trong liên kết không hợp lệ; dùng mặc định."


@dataclass
class StateReader:
    """Reads values from query parameters against what the page allows."""

    params: Mapping[str, str]
    notices: list[Notice] = field(default_factory=list)

    def _raw(self, name: str) -> str | None:
        value = self.params.get(name)
        if value is None or value == "":
            return None
        return str(value)[: MAX_PARAM_LENGTH + 1]

    def one(self, name: str, allowed: Sequence[str], default: str) -> str:
        """A single value from `allowed`; the default (with a notice) otherwise."""
        raw = self._raw(name)
        if raw is None:
            return default
        if raw in allowed:
            return raw
        self.notices.append(Notice(name, raw))
        return default

    def many(self, name: str, allowed: Collection[str]) -> list[str]:
        """A comma-separated subset of `allowed` (unknown items dropped with a notice)."""
        raw = self._raw(name)
        if raw is None:
            return []
        items = [s.strip() for s in raw.split(",") if s.strip()]
        kept = [s for s in dict.fromkeys(items) if s in allowed]
        bad = [s for s in items if s not in allowed]
        if bad:
            self.notices.append(Notice(name, ",".join(bad)))
        return kept

    def number(self, name: str, default: int, *, lo: int, hi: int) -> int:
        raw = self._raw(name)
        if raw is None:
            return default
        if _DIGITS.fullmatch(raw) and lo <= int(raw) <= hi:
            return int(raw)
        self.notices.append(Notice(name, raw))
        return default

    def numbers(self, name: str) -> list[float] | None:
        """Comma-separated numbers (manual class breaks); None when absent or unreadable."""
        raw = self._raw(name)
        if raw is None:
            return None
        items = [s.strip() for s in raw.split(",") if s.strip()]
        if len(items) > 20 or not all(_NUMBER.fullmatch(s) for s in items):
            self.notices.append(Notice(name, raw))  # also refuses 'nan', 'inf', '1e999', '²'
            return None
        numbers = [float(s) for s in items]
        return numbers if all(math.isfinite(n) for n in numbers) else None

    def choice(self, name: str, is_allowed: Callable[[str], bool], default: str) -> str:
        """A value checked by a predicate (e.g. a period of the chosen indicator)."""
        raw = self._raw(name)
        if raw is None:
            return default
        if _CODE.match(raw) and is_allowed(raw):
            return raw
        self.notices.append(Notice(name, raw))
        return default


def to_params(values: Mapping[str, object]) -> dict[str, str]:
    """Query parameters for a view: lists comma-joined, empty and None values left out."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, list | tuple):
            out[key] = ",".join(_fmt(v) for v in value)
        else:
            out[key] = _fmt(value)
    return out


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = ["MAX_PARAM_LENGTH", "Notice", "StateReader", "replace", "to_params"]
