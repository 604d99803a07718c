"""Lessons (/lessons): a short guided path through the app, a few screens per lesson, each
screen opening the right page with the right settings and saying what to look at there.

Layout only, as every page (see the README's "How to add a page"): the lessons are data in
``lstm_viz.lessons``, the settings (lesson and screen in the URL) and the live numbers a
screen quotes in ``ui.lessons_data``.
"""

import streamlit as st

from lstm_viz import escape
from lstm_viz import lessons as viz
from ui import lessons_data as data
from ui import self_check, widgets
from ui.frame import PAGE_PATHS, frame, show_notices

tr = frame("lessons")
state = data.STATE


def go(place: tuple[str, int]) -> None:
    state["lesson"], state["screen"] = place


def title(lesson_id: str) -> str:
    return tr.choice("lessons", "lesson", lesson_id)


notices = state.restore()
lesson = viz.lesson(state["lesson"])
state.clamp("screen", len(lesson.screens), notices)
with st.sidebar:
    st.subheader(tr("lessons.settings"))
    st.text_input(tr("lessons.seq_label"), key=state.key("seq"), help=tr("lessons.seq_help"),
                  max_chars=state.params["seq"].max_length)
    seed = state.params["seed"]
    st.number_input(tr("lessons.seed_label"), seed.lo, seed.hi, step=1, key=state.key("seed"),
                    help=tr("lessons.seed_help"))
    widgets.share_link(tr("common.share_link"), tr("common.share_help"), state)
state.publish()
view = data.view(state, notices)
show_notices(tr, notices, state.page_id)

number = viz.IDS.index(view.lesson) + 1
screen = lesson.screens[view.screen - 1]
last = view.screen == len(lesson.screens)
before, after = viz.neighbours(view.lesson, view.screen)  # screens, across lessons
earlier = viz.IDS[number - 2] if number > 1 else None  # lessons
later = viz.IDS[number] if number < len(viz.IDS) else None
with st.container(key="lessons_head"):
    st.title(tr("lessons.title"))

path, main = st.columns([1, 3], gap="large")
with path.container(key="lessons_path"):
    st.caption(tr("lessons.path_heading"))
    for n, item in enumerate(viz.LESSONS, start=1):
        st.button(f"{n}. {title(item.id)}", key=f"lessons_go_{item.id}", on_click=go, args=((item.id, 1),),
                  type="primary" if item.id == view.lesson else "tertiary", width="stretch")

with main.container(key="lessons_screen"):
    st.subheader(f"{number}. {title(view.lesson)}")
    st.progress(view.screen / len(lesson.screens),
                text=tr("lessons.progress", lesson=number, lessons=len(viz.LESSONS), screen=view.screen,
                        screens=len(lesson.screens)))
    with st.container(horizontal=True, gap="small", key="lessons_nav"):
        st.button(tr("lessons.previous"), key="lessons_prev", icon=":material/chevron_left:", shortcut="Left",
                  disabled=before is None, on_click=go, args=(before,), help=tr("lessons.previous_help"))
        st.button(tr("lessons.next"), key="lessons_next", icon=":material/chevron_right:", icon_position="right",
                  shortcut="Right", type="primary", disabled=after is None, on_click=go, args=(after,),
                  help=tr("lessons.next_help"))
        st.space("stretch")
        st.button(tr("lessons.previous_lesson"), key="lessons_prev_lesson", icon=":material/first_page:",
                  shortcut="Shift+Left", disabled=earlier is None, on_click=go, args=((earlier, 1),),
                  help=tr("lessons.previous_lesson_help"))
        st.button(tr("lessons.next_lesson"), key="lessons_next_lesson", icon=":material/last_page:",
                  icon_position="right", shortcut="Shift+Right", disabled=later is None, on_click=go,
                  args=((later, 1),), help=tr("lessons.next_lesson_help"))
    if screen.latex:
        st.latex(screen.latex)
    lesson_values = {"seq": escape.markdown(view.seq), "seed": view.seed}  # every template may quote them
    st.markdown(tr(lesson.text_key(view.screen), **lesson_values))
    facts = data.facts(view, tr.lang)
    if facts is not None:
        st.markdown(tr(facts.key, **facts.values, **lesson_values))
        if facts.table is not None:
            st.dataframe(facts.table, key="lessons_table", width="content")
    if screen.link is not None:
        link = screen.link
        query = data.link_query(view, link)
        with st.container(border=True, key="lessons_link"):
            where = {"section": tr(link.section) if link.section else "", "t": query.get("t", "")}
            st.markdown(tr(lesson.text_key(view.screen) + "_look", **where, **lesson_values))
            st.page_link(PAGE_PATHS[link.page], icon=":material/open_in_new:",
                         label=tr("lessons.open_on", page=tr(f"nav.{link.page}"), path=f"/{link.page}"),
                         query_params={**query, "lang": tr.lang})
    if screen.terms:
        with st.container(horizontal=True, gap="small", vertical_alignment="center", key="lessons_terms"):
            st.caption(tr("lessons.terms"), width="content")
            for concept in screen.terms:
                st.page_link(PAGE_PATHS["glossary"], label=tr.term(concept), icon=":material/menu_book:",
                             query_params={"term": concept, "lang": tr.lang})
    if last:
        st.markdown(tr("lessons.summary", summary=tr(lesson.summary_key)))
        self_check.show(tr, view.lesson, seq=view.seq, seed=view.seed)
        st.success(tr("lessons.done_next", lesson=title(view.lesson), next=title(after[0])) if after
                   else tr("lessons.done_all", lesson=title(view.lesson)), icon=":material/check_circle:")

