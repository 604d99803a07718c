"""The glossary (/glossary): one fixed term per concept in Korean and English, its symbol,
a one-line meaning, and the other names learners meet in notes and books.

The fixed terms are the app's own (``assets/i18n/<lang>/glossary.json``, what ``tr.term``
returns); the meanings are page strings (``glossary_page.def_<concept>``); the other names
are data (``assets/glossary_synonyms.json``), shown as "also called" and used nowhere else.
The symbols are the ones the equations use (:mod:`lstm_viz.notation`).

Everything here is pure: :func:`search` filters the entries, :func:`table_html` draws them
(every text escaped; the style rides along in the block).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from lstm_viz.i18n import Translator, glossary_url, strings

SYNONYMS_FILE = Path(__file__).resolve().parents[1] / "assets" / "glossary_synonyms.json"
MAX_QUERY = 60  # characters of a search that are read (the box and the link are cut to this)

# Each concept's symbols as the equations write them (``_x`` / ``_{…}`` is a subscript).
SYMBOLS: dict[str, tuple[str, ...]] = {
    "forget_gate": ("f_t",), "input_gate": ("i_t",), "candidate": ("g_t", "C̃_t"), "output_gate": ("o_t",),
    "cell_state": ("c_t",), "hidden_state": ("h_t",), "time_step": ("t",), "sequence": ("x_1 … x_T",),
    "unit": ("H",), "long_term_memory": ("c_t",), "short_term_memory": ("h_t",),
    "gradient": ("∂L/∂h_t",), "vanilla_rnn": ("h_t = φ(…)",), "reset_gate": ("r_t",), "update_gate": ("z_t",),
    "pre_activation": ("a_t",), "element_wise_product": ("⊙",), "concatenation": ("[h_{t−1}, x_t]",),
    "jacobian": ("∂h_t/∂h_{t−1}",), "input": ("x_t",), "activation": ("φ",), "sigmoid": ("σ",),
}


class Entry(NamedTuple):
    concept: str  # the glossary key, e.g. "forget_gate" (also the URL's term=)
    ko: str
    en: str
    symbols: tuple[str, ...]
    also_ko: tuple[str, ...]  # other names met in Korean sources
    also_en: tuple[str, ...]

    @property
    def also(self) -> tuple[str, ...]:
        return self.also_ko + self.also_en


def concepts() -> tuple[str, ...]:
    """Every concept of the glossary, in the glossary's order (the gates and states first)."""
    return tuple(key.removeprefix("glossary.") for key in strings("en") if key.startswith("glossary."))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, dict[str, tuple[str, ...]]]:
    """``{concept: {"ko": (...), "en": (...)}}`` from the data file (keys starting with _ are notes)."""
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    return {concept: {lang: tuple(names) for lang, names in by_lang.items()}
            for concept, by_lang in data.items() if not concept.startswith("_")}


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    ko, en, other = Translator("ko"), Translator("en"), synonyms()
    return tuple(Entry(c, ko.term(c), en.term(c), SYMBOLS.get(c, ()), other.get(c, {}).get("ko", ()),
                       other.get(c, {}).get("en", ())) for c in concepts())


def entry(concept: str) -> Entry | None:
    return next((e for e in entries() if e.concept == concept), None)


# ------------------------------------------------------------------ search
_IGNORED = re.compile(r"[\s\-‐−{}]+")  # spaces, hyphens, minus signs and braces do not matter


def normalize(text: str) -> str:
    """What a search compares: NFC, case-folded, without spaces, hyphens and braces
    (원핫 finds 원-핫, "hidden state" finds hidden state, h_{t-1} finds h_{t−1})."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", text).casefold())


def names(e: Entry) -> tuple[str, ...]:
    """Everything a search looks at: the two terms, the symbols and the other names."""
    return (e.ko, e.en, *e.symbols, *e.also)


def matches(e: Entry, query: str) -> bool:
    wanted = normalize(query[:MAX_QUERY])
    return not wanted or any(wanted in normalize(name) for name in names(e))


def search(query: str) -> tuple[Entry, ...]:
    """The entries whose terms, symbols or other names contain ``query`` (all for an empty one)."""
    return tuple(e for e in entries() if matches(e, query))


def link(concept: str, lang: str | None = None) -> str:
    """The URL of one entry, for other pages to link a term to: ``/glossary?term=forget_gate``
    (pages link through :meth:`lstm_viz.i18n.Translator.glossary_url`, which keeps the frame's settings)."""
    return glossary_url(concept, {"lang": lang} if lang else {})


# ------------------------------------------------------------------ HTML (its classes in assets/css/lab.css)
def _text(text: str) -> str:
    return html.escape(text, quote=True)


def symbol_html(symbol: str) -> str:
    """A symbol with its subscripts: ``h_{t−1}`` → h<sub>t−1</sub> (the text escaped first)."""
    escaped = _text(symbol)
    escaped = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", escaped)
    return re.sub(r"_(\w)", r"<sub>\1</sub>", escaped)


def _row(e: Entry, tr: Translator, *, linked: bool, anchor: bool) -> str:
    also = (f'<p class="also"><b>{_text(tr("glossary_page.also_called"))}</b> '
            f'{" · ".join(_text(name) for name in e.also)}</p>' if e.also else "")
    symbols = "".join(f"<span>{symbol_html(s)}</span>" for s in e.symbols)
    href = _text("?" + urlencode({"term": e.concept, **tr.link_query}))
    permalink = (f'<a class="permalink" href="{href}" target="_self" title="{_text(tr("glossary_page.permalink"))}" '
                 f'aria-label="{_text(tr("glossary_page.permalink"))}">#</a>')
    attrs = (f' id="term-{e.concept}"' if anchor else "") + (' class="linked"' if linked else "")
    return (f'<tr{attrs} data-term="{e.concept}"><td class="term" lang="ko">{_text(e.ko)}</td>'
            f'<td class="term" lang="en">{_text(e.en)}</td><td class="symbol">{symbols}</td>'
            f'<td><p>{_text(tr(f"glossary_page.def_{e.concept}"))}</p>{also}</td><td>{permalink}</td></tr>')


def table_html(shown: tuple[Entry, ...] | list[Entry], tr: Translator, *, linked: str = "",
               anchors: bool = True) -> str:
    """The entries as one table: Korean, English, symbol, the meaning in the reader's language
    with the other names under it; the ``linked`` concept's row is highlighted."""
    head = "".join(f"<th>{_text(tr(f'glossary_page.col_{col}'))}</th>" for col in ("ko", "en", "symbol", "meaning"))
    rows = "".join(_row(e, tr, linked=e.concept == linked, anchor=anchors) for e in shown)
    cols = '<colgroup><col class="ko"><col class="en"><col class="symbol"><col><col class="link"></colgroup>'
    return f'<table class="glossary">{cols}<thead><tr>{head}<th></th></tr></thead><tbody>{rows}</tbody></table>'


def linked_html(e: Entry, tr: Translator) -> str:
    """The entry a link opened, on its own above the search (highlighted as in the table)."""
    return table_html((e,), tr, linked=e.concept, anchors=False).replace(
        'class="glossary"', 'class="glossary glossary-linked"', 1)
