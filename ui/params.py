"""URL parameters: declared once, parsed and bounded without trusting the URL.

A page declares what it keeps in the query string (``IntParam("hidden", 4, 1, 32)``);
:class:`ui.url_state.PageState` reads them when the page opens (or the browser goes back
to an earlier view) and writes them back, so a shared link reproduces the view. Parsing
is pure and never raises: a bad value falls back to the default, is clamped or snapped
to the widget's grid, with a :class:`Notice` that the page shows in the reader's language.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

MAX_RAW_LENGTH = 1_000  # longer raw URL values are cut before parsing
SHOWN_RAW_LENGTH = 24  # how much of a rejected raw value a notice quotes


@dataclass(frozen=True)
class Notice:
    """A translated message to show: ``key`` in the i18n files, ``values`` for its fields."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def _shown(raw: str) -> str:
    return raw if len(raw) <= SHOWN_RAW_LENGTH else raw[:SHOWN_RAW_LENGTH] + "…"


def _bounded(param: IntParam | FloatParam, value: float, raw: str) -> tuple[Any, Notice | None]:
    """``value`` clamped to the parameter's range; the default if it is not a finite number
    (an int is always finite, however many digits a link gives it: no float conversion)."""
    if isinstance(value, float) and not math.isfinite(value):
        return param.default, Notice("common.notice_invalid", {"name": param.key, "raw": _shown(raw),
                                                                "used": param.default})
    clamped = min(max(value, param.lo), param.hi)
    if clamped != value:
        return clamped, Notice("common.notice_clamped", {"name": param.key, "raw": _shown(raw),
                                                         "lo": param.lo, "hi": param.hi, "used": clamped})
    return value, None


@dataclass(frozen=True)
class IntParam:
    key: str
    default: int
    lo: int
    hi: int

    def parse(self, raw: str) -> tuple[int, Notice | None]:
        try:
            value = int(raw[:MAX_RAW_LENGTH].strip())
        except ValueError:
            return _bounded(self, math.nan, raw)
        return _bounded(self, value, raw)

    def format(self, value: int) -> str:
        return str(int(value))


@dataclass(frozen=True)
class FloatParam:
    """A number in [lo, hi]; with ``options`` it snaps to the nearest one on a log scale (a
    select slider's stops), with ``step`` to the nearest multiple (a slider's grid)."""

    key: str
    default: float
    lo: float
    hi: float
    step: float | None = None
    options: tuple[float, ...] | None = None

    def parse(self, raw: str) -> tuple[float, Notice | None]:
        try:
            value = float(raw[:MAX_RAW_LENGTH].strip())
        except ValueError:
            value = math.nan
        value, notice = _bounded(self, value, raw)
        snapped = self.snap(value)
        if notice is None and snapped != value:
            notice = Notice("common.notice_snapped",
                            {"name": self.key, "raw": _shown(raw), "used": self.format(snapped)})
        return snapped, notice

    def snap(self, value: float) -> float:
        if self.options:
            return min(self.options, key=lambda option: abs(math.log(option) - math.log(value)))
        if self.step:
            return round(value / self.step) * self.step + 0.0  # + 0.0: no −0.0
        return value

    def format(self, value: float) -> str:
        return f"{float(value):g}"


@dataclass(frozen=True)
class ChoiceParam:
    key: str
    default: str
    choices: tuple[str, ...]

    def parse(self, raw: str) -> tuple[str, Notice | None]:
        value = raw[:MAX_RAW_LENGTH].strip().lower()
        if value in self.choices:
            return value, None
        return self.default, Notice("common.notice_choice", {"name": self.key, "raw": _shown(raw),
                                                              "choices": ", ".join(self.choices),
                                                              "used": self.default})

    def format(self, value: str) -> str:
        return value


def clean_text(raw: str, max_length: int) -> tuple[str, list[Notice]]:
    """NFC-normalise, drop control characters (tabs and newlines become spaces) and cut to
    ``max_length`` characters, saying what was changed."""
    notices: list[Notice] = []
    text = unicodedata.normalize("NFC", raw[: 4 * max_length + MAX_RAW_LENGTH])
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    if kept != text:
        notices.append(Notice("common.notice_control_removed", {}))
    if len(kept) > max_length:
        notices.append(Notice("common.notice_truncated", {"length": len(kept), "max": max_length}))
        kept = kept[:max_length]
    return kept, notices


@dataclass(frozen=True)
class TextParam:
    key: str
    default: str
    max_length: int

    def parse(self, raw: str) -> tuple[str, Notice | None]:
        text, notices = clean_text(raw, self.max_length)
        return text, (notices[-1] if notices else None)  # truncation, if any, matters most

    def format(self, value: str) -> str:
        return value


Param = IntParam | FloatParam | ChoiceParam | TextParam
