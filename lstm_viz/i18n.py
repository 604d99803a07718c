"""Every sentence a user reads, in Korean and English.

Strings live in ``assets/i18n/<lang>/<namespace>.json``; a key is ``"<namespace>.<name>"``
(``"home.title"``). Templates use ``str.format`` fields. Values put into a template are
inserted as they are: the caller escapes user text for its destination (Markdown, HTML,
SVG) with :mod:`lstm_viz.escape`.

A Korean particle that follows a field agrees with the value as it is read aloud
(:mod:`lstm_viz.korean`), so templates name the particle in the field instead of writing it:

- ``{seed:로}`` — the value, then its particle: seed 3 → "3으로", seed 1 → "1로";
- ``“{text}”{text!을}`` — the particle alone, for when a closing quote or bracket stands
  between the word and its particle: “hello”를. (A conversion is one character, so the
  particle is named by one form: 은, 이, 을, 과, 아, 로.)

A format spec that names a particle may follow an ordinary one after a ``|``:
``{x:.3f|을}``. English templates use neither.

A fixed term may be marked as a link to its glossary entry, ``[cell state](glossary:cell_state)``:
``tr(key)`` shows the words alone, ``tr.linked(key)`` makes them a link (HTML, for
``st.markdown(..., unsafe_allow_html=True)`` and ``st.html``) that opens the entry in the
same tab with the reader's language and the frame's other settings (presenter mode).
"""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from lstm_viz import korean

LANGUAGES: tuple[str, ...] = ("ko", "en")
DEFAULT_LANGUAGE = "en"
I18N_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"
GLOSSARY_PATH = "/glossary"
TERM_LINK = re.compile(r"\[([^\[\]]+)\]\(glossary:([a-z_]+)\)")  # [shown words](glossary:<concept>)


def glossary_url(concept: str, query: Mapping[str, str]) -> str:
    """The glossary page opened at one entry: ``/glossary?term=forget_gate&lang=ko``."""
    return f"{GLOSSARY_PATH}?{urlencode({'term': concept, **query})}"


def term_anchor(shown_html: str, concept: str, query: Mapping[str, str]) -> str:
    """``shown_html`` (already HTML) as a link to the concept's entry, in this tab (a
    Markdown link would open a new one)."""
    href = html.escape(glossary_url(concept, query), quote=True)
    return f'<a class="term-link" href="{href}" target="_self">{shown_html}</a>'


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


class ParticleFormatter(string.Formatter):
    """``str.format`` plus Korean particles: ``{seed:로}`` and ``{text!을}`` (see above)."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion and korean.is_particle(conversion):
            return korean.particle(str(value), conversion)
        return super().convert_field(value, conversion)

    def format_field(self, value: object, format_spec: str) -> str:
        spec, _, pair = format_spec.rpartition("|") if "|" in format_spec else ("", "", format_spec)
        if korean.is_particle(pair):
            return korean.attach(format(value, spec), pair)
        return format(value, format_spec)


FORMATTER = ParticleFormatter()


def fill(template: str, /, **values: object) -> str:
    """``template.format(**values)`` with the particle fields above."""
    return FORMATTER.vformat(template, (), values)


class Translator:
    """Looks up and fills the strings of one language: ``tr("home.title")``."""

    def __init__(self, lang: str, carried: Mapping[str, str] | None = None) -> None:
        self.lang = lang
        self._strings = strings(lang)
        # what a link to the glossary keeps besides the language (ui.frame: presenter mode, hidden controls)
        self.link_query = {"lang": lang, **(carried or {})}

    def __call__(self, key: str, /, **values: object) -> str:
        template = self._strings[key]
        if "](glossary:" in template:
            template = TERM_LINK.sub(r"\1", template)
        return fill(template, **values) if values else template

    def linked(self, key: str, /, **values: object) -> str:
        """The string with its marked terms as links to their glossary entries (HTML: for
        ``st.markdown(..., unsafe_allow_html=True)`` or ``st.html``). The marks are replaced
        before the values are filled in, so a value can never become a link."""
        template = TERM_LINK.sub(lambda m: term_anchor(html.escape(m[1], quote=False), m[2], self.link_query),
                                 self._strings[key])
        return fill(template, **values) if values else template

    def has(self, key: str) -> bool:
        return key in self._strings

    def term(self, concept: str) -> str:
        """The one fixed word for a concept, from the glossary (``tr.term("forget_gate")``)."""
        return self._strings[f"glossary.{concept}"]

    def param(self, page: str | None, name: str) -> str:
        """What a URL parameter is called on screen, the label of its widget:
        ``tr.param("step", "weights") == "Weights"``. ``page`` is None for ``lang``."""
        return self._strings[f"params.{page}_{name}" if page else f"params.{name}"]

    def choice(self, page: str | None, name: str, value: str) -> str:
        """The on-screen label of one choice of a URL parameter, the one its widget shows
        (``"<page>.<name>_<value>"``; ``common.lang_<value>`` for the language):
        ``tr.choice("gradients", "act", "sigmoid") == "sigmoid"`` (Korean: "시그모이드")."""
        return self._strings[f"{page or 'common'}.{name}_{value}"]

    def link_values(self, page: str | None, values: Mapping[str, object]) -> dict[str, object]:
        """The values of a notice about a link's parameter, as the reader sees them: ``name``
        (the URL name, e.g. ``"weights"``) becomes the widget's label; for a choice,
        ``choices`` (a sequence of values, or one string joined with ", ") becomes the quoted
        labels and ``used`` its label. Other values are left alone."""
        shown = dict(values)
        name = values.get("name")
        if not isinstance(name, str) or not self.has(f"params.{page}_{name}" if page else f"params.{name}"):
            return shown
        if "choices" in values:
            choices = values["choices"]
            choices = choices.split(", ") if isinstance(choices, str) else list(choices)
            shown["choices"] = ", ".join(f"“{self.choice(page, name, str(c))}”" for c in choices)
            shown["used"] = self.choice(page, name, str(values["used"]))
        shown["name"] = self.param(page, name)
        return shown
