"""The self-check widget (``ui.self_check.show``) in AppTest, as a lesson's page will call it:
nothing picked at first; the right answer and a wrong one with their feedback and the
explanation's numbers, in both languages; two lessons on one page never share an answer;
answers stay out of the URL; the link to the numbers' page carries their settings."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from streamlit.testing.v1 import AppTest

from lstm_viz.i18n import Translator
from lstm_viz.notation import number, sci
from lstm_viz.self_check import LESSONS, markdown, say
from tests.app.test_step_page import html_of, readout
from tests.support import APPTEST_TIMEOUT, open_page
from ui.self_check import lesson_questions


def lessons_page(lessons: tuple[str, ...], lang: str, seq: str, seed: int) -> None:
    """What the lessons page does at the end of each lesson."""
    from lstm_viz.i18n import Translator
    from ui.self_check import show

    for lesson in lessons:
        show(Translator(lang), lesson, seq=seq, seed=seed)


def run(*lessons: str, lang: str = "en", seq: str = "hello", seed: int = 0) -> AppTest:
    at = AppTest.from_function(lessons_page, args=(lessons, lang, seq, seed), default_timeout=APPTEST_TIMEOUT)
    return at.run()


def feedback(at: AppTest) -> list[tuple[str, str]]:
    return [("right", str(el.value)) for el in at.success] + [("wrong", str(el.value)) for el in at.error]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_right_and_wrong_answers_with_their_explanation(lesson, lang):
    tr = Translator(lang)
    questions = lesson_questions(lesson, "hello", 0)
    at = run(lesson, lang=lang)
    assert not at.exception
    assert at.subheader[0].value == tr("self_check.heading")
    radios = at.radio
    assert len(radios) == len(questions) >= 2
    assert all(radio.value is None for radio in radios) and not feedback(at)
    for radio, question in zip(radios, questions, strict=True):
        assert radio.label == markdown(say(tr, question.prompt))
        assert radio.options == [markdown(say(tr, c)) for c in question.choices]
    first, why = questions[0], markdown(say(tr, questions[0].why))
    at.radio[0].set_value(first.answer).run()
    [(verdict, text)] = feedback(at)
    assert verdict == "right" and text.startswith(markdown(tr("self_check.right"))) and why in text
    wrong = next(j for j in range(len(first.choices)) if j != first.answer)
    at.radio[0].set_value(wrong).run()
    [(verdict, text)] = feedback(at)
    assert verdict == "wrong" and why in text
    assert markdown(say(tr, first.right)) in text
    assert not at.query_params  # answers live in the session only


def test_the_explanation_quotes_the_numbers_that_decide_it():
    question = next(q for q in lesson_questions("four_stages", "hello", 0) if q.prompt.key == "self_check.cell_prompt")
    at = run("four_stages")
    n = lesson_questions("four_stages", "hello", 0).index(question)
    at.radio[n].set_value(question.answer).run()
    text = at.success[0].value
    assert question.why.values["c"].replace(".", r"\.") in text and question.why.values["c_prev"].replace(".", r"\.")


def test_two_lessons_on_one_page_keep_their_own_answers():
    at = run("one_hot", "shapes")
    one_hot, shapes = lesson_questions("one_hot", "hello", 0), lesson_questions("shapes", "hello", 0)
    assert len(at.radio) == len(one_hot) + len(shapes)
    assert len({radio.key for radio in at.radio}) == len(at.radio)
    at.radio[0].set_value(one_hot[0].answer).run()
    assert [r.value for r in at.radio] == [one_hot[0].answer] + [None] * (len(at.radio) - 1)
    assert len(at.success) == 1 and not at.error


def test_a_new_text_asks_again_from_nothing():
    at = run("one_hot")
    at.radio[0].set_value(0).run()
    fresh = run("one_hot", seq="안녕하세요")
    assert all(radio.value is None for radio in fresh.radio)
    assert fresh.radio[0].key != at.radio[0].key  # the key carries the text and the seed


def test_the_check_link_opens_the_numbers_page_with_their_settings():
    at = run("vanishing", lang="ko")
    question = lesson_questions("vanishing", "hello", 0)[0]
    links = [str(el.value) for el in at.markdown if "](" in str(el.value)]
    assert len(links) == 2
    label = markdown(Translator("ko")("self_check.check_link"))
    query = urlencode({**question.check.params, "lang": "ko"})
    assert links[0] == f":material/open_in_new: [{label}](gradients?{query})"
    assert question.check.params["input"] == "task" and question.check.params["seed"] == "0"


def test_the_numbers_are_on_the_page_the_link_opens():
    """A student can check: /gradients' metrics and /step's cards show the numbers the answers come from."""
    above = next(q for q in lesson_questions("vanishing", "안녕하세요", 1) if q.prompt.key == "self_check.above_prompt")
    at = open_page("pages/2_gradients.py", **above.check.params, lang="en")
    assert not at.exception
    shown = [m.value for m in at.metric]
    assert sci(above.numbers["rnn"]) in shown and sci(above.numbers["lstm"]) in shown
    kept = next(q for q in lesson_questions("four_stages", "hello", 1) if q.prompt.key == "self_check.kept_most_prompt")
    at = open_page("pages/1_step.py", **kept.check.params, lang="en")
    assert not at.exception and readout(at).startswith(f"t = {kept.check.params['t']} / 5")
    assert f"{number(kept.numbers['f'])}" in html_of(at, "four-steps")
