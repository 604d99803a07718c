"""The glossary page's settings and entries: what the URL carries (:data:`STATE`: the search
``q`` and the ``term`` a link opens at), the :class:`View` they describe, and the entries a
search finds (``lstm_viz.glossary``), cached per search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import streamlit as st

from lstm_viz import glossary
from ui.params import ChoiceParam, Notice, TextParam, clean_text
from ui.url_state import PageState

CACHE_ENTRIES = 64


@dataclass(frozen=True)
class SearchParam(TextParam):
    """The search text: cleaned and cut to :data:`lstm_viz.glossary.MAX_QUERY` without a
    notice (a search box is not worth one; the box itself shows what is searched)."""

    def parse(self, raw: str) -> tuple[str, Notice | None]:
        return clean_text(raw, self.max_length)[0], None


@dataclass(frozen=True)
class TermParam:
    """A concept of the glossary, or "" for none; anything else is ignored with a notice of
    its own (the list of every concept would make too long a notice)."""

    key: str
    default: str
    concepts: tuple[str, ...]

    def parse(self, raw: str) -> tuple[str, Notice | None]:
        value, notice = ChoiceParam(self.key, self.default, ("", *self.concepts)).parse(raw)
        if notice is None:
            return value, None
        return value, Notice("glossary_page.notice_unknown_term", {"name": self.key, "raw": notice.values["raw"]})

    def format(self, value: str) -> str:
        return value


STATE = PageState("glossary", (
    SearchParam("q", "", glossary.MAX_QUERY),
    TermParam("term", "", glossary.concepts()),
))


class View(NamedTuple):
    query: str
    term: str  # a concept of the glossary, or ""


def view(state: PageState, notices: list[Notice]) -> View:
    """What the page shows (``notices``, as on every page, is where a view would add its own)."""
    return View(str(state["q"])[:glossary.MAX_QUERY], state["term"])


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def found(query: str) -> tuple[glossary.Entry, ...]:
    return glossary.search(query)
