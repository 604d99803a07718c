"""Every sentence a user reads, in Korean and English.

Strings live in ``assets/i18n/<lang>/<namespace>.json``; a key is ``"<namespace>.<name>"``
(``"home.title"``). Templates use ``str.format`` fields. Values put into a template are
inserted as they are: the caller escapes user text for its destination (Markdown, HTML,
SVG) with :mod:`lstm_viz.escape`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("ko", "en")
DEFAULT_LANGUAGE = "en"
I18N_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"


def language_from_locale(locale: str | None) -> str:
    """Korean for any ``ko*`` browser locale, English otherwise."""
    if locale and locale.strip().lower().startswith("ko"):
        return "ko"
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def strings(lang: str) -> Mapping[str, str]:
    """All strings of one language, flattened to ``namespace.name`` keys."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    table: dict[str, str] = {}
    for path in sorted((I18N_DIR / lang).glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        for name, text in entries.items():
            if not isinstance(text, str):
                raise ValueError(f"{path}: value of {name!r} must be a string")
            table[f"{path.stem}.{name}"] = text
    return table


class Translator:
    """Looks up and fills the strings of one language: ``tr("home.title")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._strings = strings(lang)

    def __call__(self, key: str, /, **values: object) -> str:
        template = self._strings[key]
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        return key in self._strings

    def term(self, concept: str) -> str:
        """The one fixed word for a concept, from the glossary (``tr.term("forget_gate")``)."""
        return self._strings[f"glossary.{concept}"]
