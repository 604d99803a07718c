"""Traces: layout, contents, independence, and the seed example of the study notes."""

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN, reference

VOCAB = "helo"


def one_hot_batch(words):
    x = np.zeros((len(words), len(words[0]), len(VOCAB)))
    for b, word in enumerate(words):
        for t, ch in enumerate(word):
            x[b, t, VOCAB.index(ch)] = 1.0
    return x


def test_seed_example_hello_batch():
    x = one_hot_batch(["hello", "eolll", "lleel"])
    assert x.shape == (3, 5, 4)
    np.testing.assert_array_equal(x[0, 0], [1, 0, 0, 0])   # 'h'
    np.testing.assert_array_equal(x[1, 1], [0, 0, 0, 1])   # 'o'
    lstm = LSTM(4, 2, batch_first=True, seed=0)
    output, (h_n, c_n) = lstm(x)
    assert output.shape == (3, 5, 2)
    assert h_n.shape == c_n.shape == (1, 3, 2)
    np.testing.assert_array_equal(output[:, -1], h_n[0])
    # rows 0 and 2 differ in every step; 'l' then 'l' at t = 2, 3 of "hello"
    assert not np.allclose(output[0], output[2])


def test_lstm_trace_recomputes_step_by_step():
    x = one_hot_batch(["hello", "eolll"])
    lstm = LSTM(4, 3, num_layers=2, batch_first=True, seed=1)
    p = lstm.parameters()
    h0 = np.random.default_rng(0).normal(size=(2, 2, 3))
    c0 = np.random.default_rng(1).normal(size=(2, 2, 3))
    output, (h_n, c_n), trace = lstm(x, (h0, c0), return_trace=True)
    assert len(trace) == trace.num_layers == 2 and trace.num_directions == 1
    for layer, lt in enumerate(trace):
        assert lt.kind == "lstm" and lt.f.shape == (5, 2, 3)
        h, c = lt.h0, lt.c0
        weights = {"W_ih": p[f"weight_ih_l{layer}"], "W_hh": p[f"weight_hh_l{layer}"],
                   "b_ih": p[f"bias_ih_l{layer}"], "b_hh": p[f"bias_hh_l{layer}"]}
        for t in range(5):
            np.testing.assert_allclose(lt.h_prev[t], h, atol=0)
            np.testing.assert_allclose(lt.c_prev[t], c, atol=0)
            step = reference.lstm_step(lt.x[t], h, c, **weights)     # the textbook step
            for name in lt.fields:
                atol = 1e-15 if name in ("i", "f", "g", "o") else 1e-14
                np.testing.assert_allclose(getattr(lt, name)[t], step[name], atol=atol, err_msg=name)
            h, c = step["h"], step["c"]
        np.testing.assert_allclose(h, h_n[layer], atol=0)
        np.testing.assert_allclose(c, c_n[layer], atol=0)
    np.testing.assert_allclose(trace[1].x, trace[0].h, atol=0)          # layer 1 reads layer 0
    np.testing.assert_allclose(trace[1].h, output.transpose(1, 0, 2), atol=0)


def test_reverse_direction_trace_is_in_input_time_order():
    x = np.random.default_rng(2).normal(size=(6, 4))            # unbatched
    gru = GRU(4, 3, bidirectional=True, seed=3)
    output, h_n, trace = gru(x, return_trace=True)
    rev = trace[0, 1]
    assert rev.direction == 1 and rev.h.shape == (6, 1, 3)
    np.testing.assert_array_equal(rev.h[:, 0], output[:, 3:])
    np.testing.assert_array_equal(rev.x[:, 0], x)
    np.testing.assert_array_equal(h_n[1], rev.h[0, 0])          # reverse ends at t = 0
    np.testing.assert_array_equal(rev.h_prev[:-1], rev.h[1:])   # state entering t is h_{t+1}
    np.testing.assert_array_equal(rev.h_prev[-1], rev.h0)
    # the GRU fields satisfy their equations
    np.testing.assert_allclose(rev.pre_n, np.arctanh(rev.n), atol=1e-12)
    np.testing.assert_allclose(rev.h, (1 - rev.z) * rev.n + rev.z * rev.h_prev, atol=1e-15)
    np.testing.assert_allclose(rev.pre_n - rev.r * rev.hn,
                               (x @ gru.parameters()["weight_ih_l0_reverse"][6:].T
                                + gru.parameters()["bias_ih_l0_reverse"][6:])[:, None], atol=1e-14)


def test_rnn_trace_fields_and_as_dict():
    rnn = RNN(3, 2, num_layers=2, bidirectional=True, nonlinearity="relu", seed=4)
    x = np.random.default_rng(5).normal(size=(4, 2, 3))
    _, _, trace = rnn(x, return_trace=True)
    flat = trace.as_dict()
    assert sorted(flat) == sorted(f"l{k}{d}.{n}" for k in range(2) for d in ("", "_reverse")
                                  for n in ("pre", "h"))
    np.testing.assert_array_equal(flat["l1_reverse.h"], trace[1, 1].h)
    np.testing.assert_array_equal(trace[0].h, np.maximum(trace[0].pre, 0))
    with pytest.raises(AttributeError, match="no cell state"):
        _ = trace[0].c_prev
    with pytest.raises(IndexError):
        trace[2]
    with pytest.raises(IndexError):
        trace[0, 2]


def test_trace_is_independent_of_later_calls_and_batch_first_is_time_major():
    lstm = LSTM(2, 3, batch_first=True, seed=6)
    x = np.random.default_rng(7).normal(size=(4, 5, 2))        # (B, T, I)
    output, _, trace = lstm(x, return_trace=True)
    f_before = trace[0].f.copy()
    assert trace[0].f.shape == (5, 4, 3)                          # (T, B, H)
    np.testing.assert_array_equal(trace[0].h, output.transpose(1, 0, 2))
    output[:] = 0.0                                               # the caller owns output
    lstm(x * 3, return_trace=True)
    lstm.backward(np.ones((4, 5, 3)))
    np.testing.assert_array_equal(trace[0].f, f_before)
    assert not np.shares_memory(trace[0].h, lstm._cache["layers"][0][0]["h"])


def test_dropout_is_seeded_and_only_in_training_mode():
    x = np.random.default_rng(8).normal(size=(6, 2, 3))
    a, b = (LSTM(3, 4, num_layers=2, dropout=0.5, seed=9) for _ in range(2))
    out_a1, _ = a(x)
    out_b1, _ = b(x)
    np.testing.assert_array_equal(out_a1, out_b1)              # same seed, same masks
    out_a2, _ = a(x)
    assert not np.allclose(out_a1, out_a2)                     # a fresh mask per call
    a.eval()
    assert not a.training
    out_eval, _ = a(x)
    np.testing.assert_array_equal(out_eval, a(x)[0])           # deterministic
    _, _, trace = a(x, return_trace=True)
    np.testing.assert_array_equal(trace[1].x, trace[0].h)      # no mask between layers
    assert a.train() is a and a.training
