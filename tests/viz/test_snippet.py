"""The NumPy snippet reproduces the page's numbers and treats the text as data."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from lstm_core import fit_next_char, one_hot, reference, save_model
from lstm_viz.i18n import Translator
from lstm_viz.snippet import SESSION_FILE, numpy_snippet, reference_source
from ui.step_data import View, step_run


def _run(code: str) -> tuple[dict, str]:
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), namespace)  # the code a student would paste
    return namespace, out.getvalue()


@pytest.mark.parametrize(("trained", "layers", "layer", "t"), [(True, 1, 1, 3), (False, 2, 2, 5)])
def test_snippet_prints_the_numbers_on_the_page(trained, layers, layer, t):
    code = numpy_snippet("hello", hidden=4, layers=layers, seed=3, weights="trained" if trained else "random", t=t,
                         layer=layer, tr=Translator("en"))
    namespace, printed = _run(code)
    data = step_run(View("hello", 4, layers, 3, "trained" if trained else "random"))
    page = data["layers"][layer - 1]
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_array_equal(getattr(namespace["trace"][layer - 1], name)[t - 1, 0], page[name][t - 1])
        # the plain-NumPy reference step, fed this model's weights and h_{t-1}, c_{t-1}, gives the page's numbers
        np.testing.assert_allclose(namespace["step"][name], page[name][t - 1], rtol=0, atol=1e-12)
        assert f"{name} {np.round(namespace['step'][name], 3)}" in printed
    np.testing.assert_array_equal(namespace["h_prev"], page["h_prev"][t - 1])
    np.testing.assert_array_equal(namespace["c_prev"], page["c_prev"][t - 1])
    assert ("p [" in printed) is trained


def test_the_reference_step_beside_the_program_is_the_one_it_calls():
    source = reference_source()
    assert "def lstm_step(" in source and "c = f * c_prev + i * g" in source and "def sigmoid(" in source
    namespace: dict = {"np": np}
    exec(compile(source, "<reference>", "exec"), namespace)  # the shown source runs as it stands
    x, h, c = np.array([1.0, 0.0]), np.array([0.1, -0.2]), np.array([0.3, 0.4])
    rng = np.random.default_rng(0)
    W_ih, W_hh, b = rng.normal(size=(8, 2)), rng.normal(size=(8, 2)), rng.normal(size=8)
    shown, imported = namespace["lstm_step"](x, h, c, W_ih, W_hh, b, b), reference.lstm_step(x, h, c, W_ih, W_hh, b, b)
    for name in imported:
        np.testing.assert_array_equal(shown[name], imported[name])


def test_hostile_text_is_a_python_literal_not_code():
    text = "'''\"; import os; os.remove('x') #$\\frac{1}{2}$ 안녕"
    namespace, _ = _run(numpy_snippet(text, hidden=2, layers=1, seed=0, weights="random", t=1, layer=1,
                                      tr=Translator("ko")))
    assert namespace["text"] == text and "os" not in namespace


def test_comments_are_in_the_readers_language():
    code = numpy_snippet("ab", hidden=2, layers=1, seed=0, weights="trained", t=1, layer=1, tr=Translator("ko"))
    assert Translator("ko")("step.code_trained") in code and "fit_next_char(text, hidden_size=2" in code


def test_a_session_model_is_loaded_from_the_file_train_downloads(tmp_path, monkeypatch):
    """/step showing the model trained on /train: the program loads the downloaded file and
    prints the numbers of that model's step (its own forward pass, as the page shows them)."""
    model, _ = fit_next_char("hello!", hidden_size=3, num_layers=2, seed=5)
    save_model(tmp_path / SESSION_FILE, model)
    monkeypatch.chdir(tmp_path)
    code = numpy_snippet("hello!", hidden=3, layers=2, seed=0, weights="session", t=4, layer=2, tr=Translator("en"))
    namespace, printed = _run(code)
    x = one_hot(model.vocab.encode("hello!"), len(model.vocab))
    _, _, trace = model.rnn(x, return_trace=True)
    for name in ("f", "i", "g", "o", "c", "h"):
        np.testing.assert_allclose(namespace["step"][name], getattr(trace[1], name)[3, 0], rtol=0, atol=1e-12)
    assert "p [" in printed and "load_model('lstm-lab-lstm.npz')" in code
