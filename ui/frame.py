"""The frame every page starts with: page config, language, translated navigation, and
presenter mode with a teacher's hidden controls (:mod:`ui.presenter`).

Classic multipage layout (``home.py`` + ``pages/N_name.py``): Streamlit's own sidebar
navigation is switched off in ``.streamlit/config.toml`` and replaced by translated
``st.page_link`` entries, so a first visit to a shared deep link lands on the right
page with the frame in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from lstm_viz import escape
from lstm_viz.i18n import LANGUAGES, Translator, language_from_locale
from ui import presenter
from ui.params import ChoiceParam, Notice
from ui.url_state import URL_KEYS, enter_page, history_navigation

PAGE_ICON = "🧠"
STYLESHEET = Path(__file__).resolve().parents[1] / "assets" / "css" / "lab.css"


@dataclass(frozen=True)
class PageEntry:
    id: str  # i18n key suffix (nav.<id>) and URL path
    path: str  # relative to home.py, the main script
    icon: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("home", "home.py", ":material/home:"),
    PageEntry("step", "pages/1_step.py", ":material/timeline:"),
    PageEntry("gradients", "pages/2_gradients.py", ":material/trending_down:"),
    PageEntry("shapes", "pages/3_shapes.py", ":material/data_array:"),
    PageEntry("playground", "pages/4_playground.py", ":material/tune:"),
    PageEntry("train", "pages/5_train.py", ":material/model_training:"),
    PageEntry("glossary", "pages/6_glossary.py", ":material/menu_book:"),
    PageEntry("lessons", "pages/7_lessons.py", ":material/school:"),
)
PAGE_PATHS = {p.id: p.path for p in PAGES}


def _language() -> tuple[str, Notice | None]:
    """The reader's language: the URL's ``lang`` on first sight, else the browser's locale;
    after that, whatever the switch says — unless the browser went back or forward to an
    earlier URL, whose ``lang`` wins again."""
    raw = st.query_params.get("lang")
    if "lang" in st.session_state and not (history_navigation() and raw is not None):
        return st.session_state["lang"], None
    notice = None
    if raw is not None:
        lang, notice = ChoiceParam("lang", language_from_locale(st.context.locale), LANGUAGES).parse(raw)
    else:
        lang = language_from_locale(st.context.locale)
    st.session_state["lang"] = lang
    return lang, notice


def _on_language_switch() -> None:
    """Switch the language and keep every setting: a widget with translated option labels
    holds its value as the label it showed, so each setting is given its value again for
    the widgets of the new language to show the same choice."""
    st.session_state["lang"] = st.session_state["ui_lang_switch"]
    for key in st.session_state.get(URL_KEYS, ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def frame(page_id: str) -> Translator:
    """Set up the page, its stylesheet and the sidebar; return the translator for the reader's language."""
    lang, notice = _language()
    enter_page(page_id)
    shown, notices = presenter.settings()
    tr = Translator(lang, shown.query())  # glossary links keep presenter mode and the hidden controls
    st.set_page_config(
        page_title=f"{tr('nav.' + page_id)} · {tr('common.app_name')}",
        page_icon=PAGE_ICON,
        layout="wide",
        initial_sidebar_state="collapsed" if shown.present else "expanded",
    )
    st.html(STYLESHEET)  # the classes of the HTML the pages draw
    presenter.hide_controls(page_id, shown.hide)
    with st.sidebar:
        st.markdown(f"### :material/neurology: {tr('common.app_name')}")
        st.session_state["ui_lang_switch"] = lang
        st.segmented_control(
            tr("common.language"),
            LANGUAGES,
            format_func=lambda code: tr.choice(None, "lang", code),
            key="ui_lang_switch",
            required=True,
            on_change=_on_language_switch,
        )
        if not shown.present:
            presenter.switch(tr, shown)
        for page in PAGES:
            st.page_link(page.path, label=tr(f"nav.{page.id}"), icon=page.icon, query_params=tr.link_query)
    if shown.present:
        presenter.switch(tr, shown)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    presenter.publish(shown)
    show_notices(tr, ([notice] if notice is not None else []) + notices)
    return tr


def show_notices(tr: Translator, notices: Iterable[Notice], page: str | None = None) -> None:
    """Show why an input was changed (clamped, cut, ignored), in the reader's language: a
    setting is named by its widget's label, a choice by the label the widget shows."""
    for notice in notices:
        shown = tr.link_values(page, notice.values)
        values = {k: escape.markdown(v) if isinstance(v, str) else v for k, v in shown.items()}
        st.info(tr(notice.key, **values), icon=":material/info:")
