"""The NumPy snippet reproduces the page's numbers and treats the text as data."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from lstm_viz.i18n import Translator
from lstm_viz.snippet import numpy_snippet
from ui.step_data import View, step_run


def _run(code: str) -> tuple[dict, str]:
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), namespace)  # the code a student would paste
    return namespace, out.getvalue()


@pytest.mark.parametrize(("trained", "layers", "layer", "t"), [(True, 1, 1, 3), (False, 2, 2, 5)])
def test_snippet_prints_the_numbers_on_the_page(trained, layers, layer, t):
    code = numpy_snippet("hello", hidden=4, layers=layers, seed=3, trained=trained, t=t, layer=layer,
                         tr=Translator("en"))
    namespace, printed = _run(code)
    data = step_run(View("hello", 4, layers, 3, "trained" if trained else "random"))
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(getattr(namespace["trace"][layer - 1], name)[t - 1, 0],
                                      data["layers"][layer - 1][name][t - 1])
        assert f"{name} {np.round(data['layers'][layer - 1][name][t - 1], 3)}" in printed
    assert ("p [" in printed) is trained


def test_hostile_text_is_a_python_literal_not_code():
    text = "'''\"; import os; os.remove('x') #$\\frac{1}{2}$ 안녕"
    namespace, _ = _run(numpy_snippet(text, hidden=2, layers=1, seed=0, trained=False, t=1, layer=1,
                                      tr=Translator("ko")))
    assert namespace["text"] == text and "os" not in namespace


def test_comments_are_in_the_readers_language():
    code = numpy_snippet("ab", hidden=2, layers=1, seed=0, trained=True, t=1, layer=1, tr=Translator("ko"))
    assert Translator("ko")("step.code_trained") in code and "fit_next_char(text, hidden_size=2" in code
