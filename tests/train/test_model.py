"""CharModel: exact gradients (finite differences), probabilities, sampling, parameters."""

import numpy as np
import pytest

from lstm_core import LSTM, RNN
from lstm_core.model import CharModel, accuracy
from lstm_core.tasks import next_char
from lstm_core.text import Vocabulary
from lstm_core.training import fit_next_char
from tests.numgrad import numerical_gradient


@pytest.mark.parametrize(
    ("cell", "nonlinearity", "loss_on", "num_layers"),
    [
        ("lstm", "tanh", "all", 2),
        ("lstm", "tanh", "last", 1),
        ("gru", "tanh", "all", 1),
        ("gru", "tanh", "last", 2),
        ("rnn", "tanh", "all", 2),
        ("rnn", "relu", "last", 1),
        ("rnn", "sigmoid", "all", 1),
    ],
)
def test_gradients_match_finite_differences(cell, nonlinearity, loss_on, num_layers):
    rng = np.random.default_rng(7)
    model = CharModel(4, 3, 5, num_layers=num_layers, cell=cell, nonlinearity=nonlinearity,
                      loss_on=loss_on, seed=3)
    x = rng.normal(size=(5, 2, 4))
    y = rng.integers(5, size=(5, 2) if loss_on == "all" else (2,))
    _, grads, logits = model.loss_and_grads(x, y)
    numerical = {name: numerical_gradient(lambda: model.loss_and_grads(x, y).loss, p)
                 for name, p in model.parameters().items()}
    assert set(grads) == set(model.parameters())
    for name, g in grads.items():
        assert g.shape == model.parameters()[name].shape
        np.testing.assert_allclose(g, numerical[name], rtol=1e-5, atol=1e-8, err_msg=name)
    assert logits.shape == ((5, 2, 5) if loss_on == "all" else (2, 5))


def test_loss_is_the_mean_cross_entropy_of_predict_proba():
    x, y, vocab = next_char("hello")
    model = CharModel.for_vocab(vocab, 4, seed=0)
    loss = model.loss_and_grads(x, y).loss
    p = model.predict_proba(x)
    assert p.shape == (4, 1, 4)
    expected = -np.mean(np.log(np.take_along_axis(p, y[..., None], axis=-1)))
    assert loss == pytest.approx(expected, rel=1e-13)
    # With uniform-ish initial predictions the loss sits near log V.
    assert abs(loss - np.log(4)) < 0.2


def test_last_step_loss_ignores_earlier_steps():
    rng = np.random.default_rng(0)
    model = CharModel(3, 4, 2, loss_on="last", seed=1)
    x = rng.normal(size=(6, 3, 3))
    y = np.array([0, 1, 1])
    base = model.loss_and_grads(x, y).loss
    logits = model.logits(x)
    p_last = np.exp(logits[-1]) / np.exp(logits[-1]).sum(-1, keepdims=True)
    assert base == pytest.approx(-np.mean(np.log(p_last[np.arange(3), y])), rel=1e-13)


def test_predict_proba_on_text_and_batches():
    vocab = Vocabulary.from_text("안녕하세요")
    model = CharModel.for_vocab(vocab, 3, seed=2)
    p = model.predict_proba("안녕하")
    assert p.shape == (3, 5)
    np.testing.assert_allclose(p.sum(-1), 1.0, rtol=1e-14)
    batch = np.stack([vocab.one_hot("안녕하"), vocab.one_hot("세요안")], axis=1)
    pb = model.predict_proba(batch)
    assert pb.shape == (3, 2, 5)
    np.testing.assert_allclose(pb[:, 0], p, rtol=1e-14)
    with pytest.raises(ValueError, match="'x'"):
        model.predict_proba("안x")


def test_the_engine_is_exposed_and_its_trace_is_the_models():
    vocab = Vocabulary.from_text("hello")
    model = CharModel.for_vocab(vocab, 2, seed=42)
    assert isinstance(model.rnn, LSTM)
    reference = LSTM(4, 2, seed=42)               # same seed, same engine weights
    for name, w in reference.state_dict().items():
        np.testing.assert_array_equal(model.parameters()[f"rnn.{name}"], w)
    output, (h_n, _), trace = model.rnn(vocab.one_hot("hello"), return_trace=True)
    assert output.shape == (5, 2) and h_n.shape == (1, 2)
    np.testing.assert_array_equal(trace[0].h[:, 0], output)
    y = output @ model.W_y.T + model.b_y
    np.testing.assert_allclose(model.logits("hello"), y, rtol=1e-14)


def test_rnn_nonlinearity_is_passed_to_the_engine():
    model = CharModel(3, 2, 3, cell="rnn", nonlinearity="relu", seed=0)
    assert isinstance(model.rnn, RNN)
    x = np.random.default_rng(0).normal(size=(4, 1, 3))
    _, _, trace = model.rnn(x, return_trace=True)
    assert trace[0].h.min() >= 0.0


def test_parameters_are_live_and_state_dict_round_trips():
    model = CharModel(3, 4, 3, num_layers=2, cell="gru", seed=0)
    x = np.random.default_rng(1).normal(size=(5, 2, 3))
    before = model.logits(x)
    saved = model.state_dict()
    assert list(saved)[:2] == ["rnn.weight_ih_l0", "rnn.weight_hh_l0"]
    assert list(saved)[-2:] == ["linear.weight", "linear.bias"]
    model.parameters()["linear.bias"] += 1.0      # a uniform shift leaves softmax alone
    model.parameters()["rnn.weight_hh_l1"] *= 0.5
    assert not np.allclose(model.logits(x), before)
    model.load_state_dict(saved)
    np.testing.assert_array_equal(model.logits(x), before)
    with pytest.raises(ValueError, match="keys"):
        model.load_state_dict({"linear.bias": saved["linear.bias"]})
    with pytest.raises(ValueError, match="shape"):
        model.load_state_dict({**saved, "linear.bias": np.zeros(4)})


def test_same_seed_same_model_and_keras_init():
    a, b = CharModel(4, 3, 4, seed=5), CharModel(4, 3, 4, seed=5)
    for name, p in a.parameters().items():
        np.testing.assert_array_equal(p, b.parameters()[name])
    c = CharModel(4, 3, 4, seed=6)
    assert not np.array_equal(a.W_y, c.W_y)
    k = CharModel(4, 3, 4, init="keras", seed=5)
    np.testing.assert_array_equal(k.b_y, 0.0)
    np.testing.assert_array_equal(k.parameters()["rnn.bias_ih_l0"][3:6], 1.0)   # forget bias 1
    assert np.abs(k.W_y).max() <= np.sqrt(6 / 7)


def test_greedy_sampling_continues_a_trained_sequence():
    model, history = fit_next_char("hello")
    assert history[-1].accuracy == 1.0
    assert model.sample("h", 4, temperature=0) == "ello"
    assert model.sample("hel", 2, temperature=0) == "lo"
    assert model.sample("h", 0) == ""


def test_temperature_sampling_is_seeded_and_flattens_with_temperature():
    model, _ = fit_next_char("hello")
    a = model.sample("h", 30, temperature=1.0, seed=3)
    assert a == model.sample("h", 30, temperature=1.0, seed=3)
    assert len(a) == 30 and set(a) <= set("helo")
    hot = model.sample("h", 400, temperature=100.0, seed=0)
    counts = np.array([hot.count(ch) for ch in "helo"])
    assert counts.min() > 60                     # near-uniform at a high temperature
    greedy_like = model.sample("h", 4, temperature=0.01, seed=0)
    assert greedy_like == "ello"


def test_sampling_without_vocabulary_returns_indices():
    model = CharModel(3, 2, 3, seed=0)
    out = model.sample([0, 1], 5, temperature=0)
    assert out.dtype == np.int64 and out.shape == (5,)
    assert out.min() >= 0 and out.max() < 3


def test_accuracy_counts_argmax_hits():
    logits = np.array([[[0.1, 0.9]], [[0.8, 0.2]], [[0.3, 0.7]]])
    assert accuracy(logits, np.array([[1], [0], [0]])) == pytest.approx(2 / 3)


def test_invalid_arguments_are_refused():
    with pytest.raises(ValueError, match="cell"):
        CharModel(2, 2, 2, cell="transformer")
    with pytest.raises(ValueError, match="loss_on"):
        CharModel(2, 2, 2, loss_on="first")
    with pytest.raises(ValueError, match="len\\(vocab\\)"):
        CharModel(3, 2, 3, vocab=Vocabulary.from_text("ab"))
    model = CharModel(2, 2, 3, seed=0)
    x = np.zeros((4, 1, 2))
    with pytest.raises(ValueError, match=r"shape \(4, 1\)"):
        model.loss_and_grads(x, np.zeros(1, dtype=int))
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        model.loss_and_grads(x, np.full((4, 1), 3))
    with pytest.raises(ValueError, match="time-major"):
        model.loss_and_grads(x[:, 0], np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="vocabulary"):
        model.predict_proba("ab")
    with pytest.raises(ValueError, match="temperature"):
        CharModel(2, 2, 2).sample([0], 3, temperature=-1)
    with pytest.raises(ValueError, match="input_size == output_size"):
        model.sample([0], 3)


def test_float32_models_train():
    x, y, vocab = next_char("hello", dtype=np.float32)
    model = CharModel.for_vocab(vocab, 4, dtype=np.float32, seed=0)
    _, grads, logits = model.loss_and_grads(x, y)
    assert logits.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
