"""Every public entry point rejects bad input with a ValueError that names the
argument, the shape received and the shape expected — never a NumPy broadcasting error."""

import re

import numpy as np
import pytest

from lstm_core import GRU, LSTM, RNN


@pytest.mark.parametrize(("make", "message"), [
    (lambda: LSTM(0, 2), "input_size must be an integer >= 1, got 0"),
    (lambda: LSTM(2.5, 2), "input_size must be an integer >= 1, got 2.5"),
    (lambda: LSTM(True, 2), "input_size must be an integer >= 1, got True"),
    (lambda: GRU(3, -1), "hidden_size must be an integer >= 1, got -1"),
    (lambda: RNN(3, 2, num_layers=0), "num_layers must be an integer >= 1, got 0"),
    (lambda: RNN(3, 2, num_layers="2"), "num_layers must be an integer >= 1, got '2'"),
    (lambda: LSTM(3, 2, dropout=1.0), r"dropout must be a number in \[0, 1\), got 1.0"),
    (lambda: LSTM(3, 2, dropout=-0.1), r"dropout must be a number in \[0, 1\), got -0.1"),
    (lambda: RNN(3, 2, nonlinearity="gelu"), "nonlinearity must be 'tanh', 'relu' or 'sigmoid', got 'gelu'"),
    (lambda: LSTM(3, 2, init="xavier"), r"init must be one of \('torch', 'keras'\), got 'xavier'"),
    (lambda: LSTM(3, 2, dtype=np.int32), "dtype must be np.float64 or np.float32"),
    (lambda: LSTM(3, 2, seed=-1), "seed must be an integer >= 0, got -1"),
])
def test_constructor_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_dropout_with_one_layer_warns_like_torch():
    with pytest.warns(UserWarning, match="num_layers=1"):
        LSTM(3, 2, dropout=0.5)


LSTM2 = LSTM(3, 2, num_layers=2)
GRU_BF = GRU(3, 2, batch_first=True)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: LSTM2(np.zeros(3)), r"input has shape (3,), expected (T, 3) unbatched or (T, B, 3)"),
    (lambda: LSTM2(np.zeros((2, 3, 4, 3))), r"input has shape (2, 3, 4, 3), expected (T, 3) unbatched or (T, B, 3)"),
    (lambda: LSTM2(np.zeros((4, 1, 5))), r"input has shape (4, 1, 5), expected (T, 3) unbatched or (T, B, 3)"),
    (lambda: GRU_BF(np.zeros((2, 4, 5))), r"input has shape (2, 4, 5), expected (T, 3) unbatched or "
                                          r"(B, T, 3) with batch_first=True"),
    (lambda: LSTM2(np.zeros((0, 1, 3))), r"input has shape (0, 1, 3), expected"),
    (lambda: LSTM2(np.full((4, 1, 3), np.nan)), r"input contains NaN or inf (shape (4, 1, 3)"),
    (lambda: LSTM2(np.full((4, 3), np.inf)), r"input contains NaN or inf (shape (4, 3)"),
    (lambda: LSTM2([[1, 2], [3]]), r"input must be a numeric array of shape (T, 3) unbatched"),
    (lambda: LSTM2(np.zeros((4, 1, 3)), np.zeros((2, 1, 2))), r"hx must be a tuple (h0, c0) of two arrays "
                                                              r"of shape (2, 1, 2), got ndarray"),
    (lambda: LSTM2(np.zeros((4, 1, 3)), (np.zeros((2, 1, 2)), np.zeros((2, 2, 2)))),
     r"c0 has shape (2, 2, 2), expected (2, 1, 2)"),
    (lambda: LSTM2(np.zeros((4, 1, 3)), (np.zeros((1, 1, 2)), np.zeros((2, 1, 2)))),
     r"h0 has shape (1, 1, 2), expected (2, 1, 2)"),
    (lambda: LSTM2(np.zeros((4, 3)), (np.zeros((2, 1, 2)), np.zeros((2, 1, 2)))),
     r"h0 has shape (2, 1, 2), expected (2, 2)"),
    (lambda: GRU_BF(np.zeros((5, 4, 3)), np.zeros((1, 4, 2))), r"h0 has shape (1, 4, 2), expected (1, 5, 2)"),
    (lambda: GRU_BF(np.zeros((5, 4, 3)), np.full((1, 5, 2), np.nan)), r"h0 contains NaN or inf"),
])
def test_forward_inputs(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_backward_checks():
    lstm = LSTM(3, 2, num_layers=2)
    with pytest.raises(RuntimeError, match=r"backward\(\) needs a forward pass first"):
        lstm.backward(np.zeros((4, 1, 2)))
    lstm(np.zeros((4, 2, 3)))
    cases = [
        (lambda: lstm.backward(np.zeros((4, 2, 3))), "grad_output has shape (4, 2, 3), expected (4, 2, 2)"),
        (lambda: lstm.backward(np.zeros((2, 4, 2))), "grad_output has shape (2, 4, 2), expected (4, 2, 2)"),
        (lambda: lstm.backward(np.zeros((4, 2, 2)), np.zeros((2, 2))), "grad_h_n has shape (2, 2), expected (2, 2, 2)"),
        (lambda: lstm.backward(np.zeros((4, 2, 2)), grad_c_n=np.ones((2, 2, 3))),
         "grad_c_n has shape (2, 2, 3), expected (2, 2, 2)"),
        (lambda: lstm.backward(np.full((4, 2, 2), np.nan)), "grad_output contains NaN or inf"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            call()
    gru = GRU(3, 2)
    gru(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="grad_c_n is only for the LSTM; a GRU has no c_n"):
        gru.backward(np.zeros((3, 2)), grad_c_n=np.zeros((1, 2)))


def test_backward_uses_the_layout_of_the_last_forward():
    gru = GRU(3, 2, batch_first=True, seed=1)
    gru(np.zeros((4, 6, 3)))                             # (B, T, I)
    gru(np.ones((6, 3)))                                 # unbatched: the last call counts
    grads = gru.backward(np.ones((6, 2)))
    assert grads["input"].shape == (6, 3) and grads["h0"].shape == (1, 2)


def test_state_dict_checks_and_in_place_load():
    lstm = LSTM(3, 2, seed=2)
    live = lstm.parameters()["weight_ih_l0"]
    sd = LSTM(3, 2, seed=3).state_dict()
    lstm.load_state_dict(sd)
    assert lstm.parameters()["weight_ih_l0"] is live                 # loaded in place
    np.testing.assert_array_equal(live, sd["weight_ih_l0"])
    sd["weight_ih_l0"][:] = 0
    assert not np.all(lstm.state_dict()["weight_ih_l0"] == 0)      # state_dict returns copies
    with pytest.raises(ValueError, match=re.escape("missing ['bias_hh_l0'], unexpected ['bias_hh_l1']")):
        lstm.load_state_dict({**{k: v for k, v in sd.items() if k != "bias_hh_l0"}, "bias_hh_l1": np.zeros(8)})
    with pytest.raises(ValueError, match=re.escape("state_dict['weight_ih_l0'] has shape (8, 4), expected (8, 3)")):
        lstm.load_state_dict({**sd, "weight_ih_l0": np.zeros((8, 4))})
    with pytest.raises(ValueError, match="state_dict must be a dict"):
        lstm.load_state_dict([1, 2])
    np.testing.assert_array_equal(live, LSTM(3, 2, seed=3).state_dict()["weight_ih_l0"])   # unchanged


def test_keras_weight_checks():
    with pytest.raises(ValueError, match="one layer and one direction; this model has num_layers=2"):
        LSTM(3, 2, num_layers=2).set_keras_weights([])
    with pytest.raises(ValueError, match="bidirectional=True"):
        GRU(3, 2, bidirectional=True).get_keras_weights()
    lstm = LSTM(3, 2)
    with pytest.raises(ValueError, match=re.escape("weights must be a list of 3 arrays shaped [(3, 8), (2, 8), (8,)], "
                                                   "got list of length 1")):
        lstm.set_keras_weights([np.zeros((3, 8))])
    with pytest.raises(ValueError, match=re.escape("weights[2] (bias) has shape (7,), expected (8,)")):
        lstm.set_keras_weights([np.zeros((3, 8)), np.zeros((2, 8)), np.zeros(7)])
    with pytest.raises(ValueError, match=re.escape("weights[0] (kernel) has shape (8, 3), expected (3, 8)")):
        lstm.set_keras_weights([np.zeros((8, 3)), np.zeros((2, 8)), np.zeros(8)])
    with pytest.raises(ValueError, match="reset_after=False, which has no torch equivalent"):
        GRU(3, 2).set_keras_weights([np.zeros((3, 6)), np.zeros((2, 6)), np.zeros(6)])
