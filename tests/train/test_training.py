"""Training loops: progress records, early stopping, bit-exact reproducibility, the race."""

import itertools
import json
import math

import numpy as np
import pytest

from lstm_core.model import CharModel
from lstm_core.tasks import next_char
from lstm_core.training import (
    DEFAULT_RACE,
    Progress,
    RaceProgress,
    RaceResult,
    RaceSettings,
    fit_next_char,
    long_range_accuracy,
    long_range_model,
    race,
    set_memory_gate_bias,
    train,
    train_long_range,
)


def test_hello_reaches_full_accuracy_with_the_defaults():
    model, history = fit_next_char("hello")
    last = history[-1]
    assert last.accuracy == 1.0 and last.loss <= 0.1
    assert [r.step for r in history] == list(range(len(history)))
    assert last.step <= 60                       # measured: about 20 steps
    assert model.vocab.chars == ("h", "e", "l", "o")
    p = model.predict_proba("hell")
    assert model.vocab.decode(p) == "ello"
    assert p[3, model.vocab.index["o"]] > 0.5   # after the second l the model says o


def test_korean_and_a_longer_sentence_reach_full_accuracy():
    for text in ("안녕하세요 반갑습니다", "the quick brown fox jumps over the lazy dog"):
        model, history = fit_next_char(text)
        assert history[-1].accuracy == 1.0, text
        assert model.sample(text[0], len(text) - 1, temperature=0) == text[1:]


def test_training_is_reproducible_to_the_bit():
    runs = [fit_next_char("hello there", hidden_size=6, num_layers=2, cell="gru", seed=3) for _ in range(2)]
    (m1, h1), (m2, h2) = runs
    assert h1 == h2
    for name, p in m1.state_dict().items():
        assert p.tobytes() == m2.state_dict()[name].tobytes()
    _, h3 = fit_next_char("hello there", hidden_size=6, num_layers=2, cell="gru", seed=4)
    assert h3 != h1


def test_train_yields_the_initial_state_then_one_record_per_update():
    x, y, vocab = next_char("abcabd")
    model = CharModel.for_vocab(vocab, 4, seed=0)
    first = model.loss_and_grads(x, y)
    history = list(train(model, itertools.repeat((x, y)), steps=5, lr=0.01))
    assert [r.step for r in history] == [0, 1, 2, 3, 4, 5]
    assert isinstance(history[0], Progress)
    assert history[0].loss == first.loss          # record 0 describes the initial weights
    assert history[0].grad_norm == pytest.approx(
        math.sqrt(sum(float((g**2).sum()) for g in first.grads.values())), rel=1e-12)
    assert history[-1].loss < history[0].loss


def test_train_stops_at_the_target_and_leaves_the_model_as_measured():
    x, y, vocab = next_char("hello")
    model = CharModel.for_vocab(vocab, 8, seed=0)
    history = list(train(model, itertools.repeat((x, y)), steps=500, target_accuracy=1.0))
    assert history[-1].accuracy == 1.0 and history[-2].accuracy < 1.0
    assert model.loss_and_grads(x, y).loss == history[-1].loss


def test_a_page_can_stop_training_by_not_asking_for_more():
    x, y, vocab = next_char("hello")
    model = CharModel.for_vocab(vocab, 8, seed=0)
    for record in train(model, itertools.repeat((x, y)), steps=1000):
        if record.step == 3:
            break
    assert model.loss_and_grads(x, y).loss == record.loss


def test_divergence_is_a_floating_point_error():
    x, y, vocab = next_char("hello")
    model = CharModel.for_vocab(vocab, 4, seed=0)
    model.b_y[0] = np.inf                          # logits inf − inf: the loss is NaN
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="diverged"):
        list(train(model, itertools.repeat((x, y)), steps=50))


def test_fit_respects_max_steps():
    _, history = fit_next_char("abcdefgabcdefh", hidden_size=1, max_steps=7)
    assert history[-1].step == 7 and history[-1].accuracy < 1.0


def test_memory_gate_bias_opens_the_gated_cells_only():
    lstm = CharModel(3, 2, 3, num_layers=2, seed=0)
    set_memory_gate_bias(lstm, 3.0)
    p = lstm.parameters()
    for layer in (0, 1):
        total = p[f"rnn.bias_ih_l{layer}"] + p[f"rnn.bias_hh_l{layer}"]
        np.testing.assert_array_equal(total[0:2], -3.0)    # input gate i
        np.testing.assert_array_equal(total[2:4], 3.0)     # forget gate f
    gru = CharModel(3, 2, 3, cell="gru", seed=0)
    before_r = gru.parameters()["rnn.bias_ih_l0"][:2].copy()
    set_memory_gate_bias(gru, 3.0)
    np.testing.assert_array_equal(gru.parameters()["rnn.bias_ih_l0"][2:4], 3.0)   # update gate z
    np.testing.assert_array_equal(gru.parameters()["rnn.bias_ih_l0"][:2], before_r)
    rnn = CharModel(3, 2, 3, cell="rnn", seed=0)
    before = rnn.state_dict()
    set_memory_gate_bias(rnn, 3.0)
    for name, value in rnn.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_a_small_race_reports_progress_and_a_json_table():
    settings = RaceSettings(hidden_size=4, steps=30, test_size=200)
    events = list(race(delays=(2, 4), cells=("rnn", "lstm"), seeds=(0, 1), settings=settings))
    result = events[-1]
    assert isinstance(result, RaceResult)
    progress = events[:-1]
    assert all(isinstance(e, RaceProgress) for e in progress)
    fractions = [e.fraction for e in progress]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    finished = [e for e in progress if e.test_accuracy is not None]
    assert len(finished) == 2 * 2 * 2
    assert set(result.accuracy) == {"rnn", "lstm"}
    assert set(result.accuracy["rnn"]) == {"2", "4"}
    assert len(result.per_seed["lstm"]["4"]) == 2
    assert result.accuracy["lstm"]["4"] == pytest.approx(np.mean(result.per_seed["lstm"]["4"]))
    assert result.chance == 0.25
    plain = json.loads(json.dumps(result.to_dict()))
    assert plain["settings"]["steps"] == 30 and plain["delays"] == [2, 4]


def test_races_are_reproducible():
    settings = RaceSettings(hidden_size=4, steps=20, test_size=100)
    a = list(race(delays=(3,), cells=("gru",), settings=settings))
    b = list(race(delays=(3,), cells=("gru",), settings=settings))
    assert a[:-1] == b[:-1] and a[-1] == b[-1]


def test_the_race_steps_are_public_and_give_the_race_numbers():
    settings = RaceSettings(hidden_size=4, steps=40, test_size=200)
    *_, result = race(delays=(3,), cells=("rnn",), seeds=(2,), settings=settings)
    model = long_range_model("rnn", 2, settings, nonlinearity="tanh")
    history = list(train_long_range(model, 3, 2, settings))
    assert history[0].step == 0 and history[-1].step <= 40
    assert long_range_accuracy(model, 3, 2, settings) == result.per_seed["rnn"]["3"][0]


def test_train_long_range_stops_after_patience_solved_batches():
    settings = RaceSettings(hidden_size=8, steps=300, patience=5, test_size=200)
    history = list(train_long_range(long_range_model("gru", 0, settings), 2, 0, settings))
    assert history[-1].step < 300
    assert [r.accuracy for r in history[-5:]] == [1.0] * 5


def test_long_range_model_takes_the_rnn_nonlinearity_and_gate_bias():
    relu = long_range_model("rnn", 0, nonlinearity="relu")
    assert relu.config["nonlinearity"] == "relu"
    output, _ = relu.rnn(np.random.default_rng(0).normal(size=(6, 2, 8)))
    assert output.min() >= 0.0 and output.max() > 0.0
    lstm = long_range_model("lstm", 0)
    H = DEFAULT_RACE.hidden_size
    np.testing.assert_array_equal(lstm.parameters()["rnn.bias_ih_l0"][H:2 * H], DEFAULT_RACE.gate_bias)


def test_default_race_settings_are_frozen():
    with pytest.raises(AttributeError):
        DEFAULT_RACE.steps = 1


def test_default_race_at_delay_50_lstm_remembers_and_rnn_stays_at_chance():
    """The claim the vanishing-gradient page makes, pinned for two seeds (five in the benchmark)."""
    *_, result = race(delays=(50,), cells=("rnn", "lstm"), seeds=(0, 1))
    assert result.settings == DEFAULT_RACE and result.chance == 0.25
    for lstm, rnn in zip(result.per_seed["lstm"]["50"], result.per_seed["rnn"]["50"], strict=True):
        assert lstm >= 0.95
        assert abs(rnn - result.chance) <= 0.10
