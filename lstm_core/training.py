"""Training loops that report as they go, and the two trainings the app runs.

:func:`train` is a generator: each ``next()`` does one gradient step and yields a
:class:`Progress` record (step, loss, accuracy, gradient norm), so a page can draw a live
loss curve and a progress bar, and stop whenever it likes by no longer asking. Training
reads no clock and draws no unseeded random numbers: the same call gives the same
records and weights, bit for bit (only :class:`RaceResult`'s ``seconds`` is a time).

On top of it:

* :func:`fit_next_char` — train a :class:`~lstm_core.model.CharModel` on the student's
  own text until it predicts every next character (the step page, on every edit);
* :func:`race` — RNN vs GRU vs LSTM on the long-range memory task at growing delays,
  scored on a held-out test set (the vanishing-gradient page's accuracy-by-delay plot);
* model surgery for the gradient lessons, beside :func:`set_memory_gate_bias`:
  :func:`set_spectral_norm`, :func:`set_forget_bias` (in place) and
  :func:`with_recurrent_scale` (a copy).
"""

from __future__ import annotations

import copy
import itertools
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

import numpy as np

from .model import CharModel, accuracy
from .optim import Adam, clip_grad_norm
from .recurrent import LSTM, RNNBase
from .tasks import long_range, next_char


@dataclass(frozen=True, slots=True)
class Progress:
    """The state of training after ``step`` updates.

    ``loss`` and ``accuracy`` are measured on the batch about to be learned from (for
    full-batch training: the whole data set) with the weights after ``step`` updates;
    ``grad_norm`` is that batch's global gradient norm before clipping.
    """

    step: int
    loss: float
    accuracy: float
    grad_norm: float


def train(model: CharModel, batches: Iterable[tuple[np.ndarray, np.ndarray]], *, steps: int,
          optimizer=None, lr: float = 0.05, clip_norm: float | None = 1.0,
          target_accuracy: float | None = None, target_loss: float | None = None) -> Iterator[Progress]:
    """Train ``model`` in place, yielding a :class:`Progress` per step.

    Args:
        model: the model; its parameters are updated in place.
        batches: an iterable of (x, y) pairs, one per step — ``itertools.repeat((x, y))``
            for full-batch training on a fixed data set.
        steps: the most updates to make. Records are yielded for steps 0 … ``steps``
            (record 0 describes the initial weights); fewer if a target is met.
        optimizer: an optimiser over ``model.parameters()``; default ``Adam(lr=lr)``.
        clip_norm: clip the global gradient norm to this value (None: no clipping).
        target_accuracy, target_loss: stop as soon as the batch accuracy is at least
            ``target_accuracy`` and (if given) the loss at most ``target_loss``. The
            model is then left exactly as measured by the last record.

    Raises:
        FloatingPointError: the loss or the gradient norm is not finite — the model has
            diverged (too large a learning rate, or a ReLU RNN blowing up); the records
            yielded so far show the way there.
    """
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer ≥ 0, got {steps!r}")
    if optimizer is None:
        optimizer = Adam(model.parameters(), lr=lr)
    model.train()
    for step, (x, y) in enumerate(batches):
        loss, grads, logits = model.loss_and_grads(x, y)
        grad_norm = clip_grad_norm(grads, math.inf if clip_norm is None else clip_norm)
        if not math.isfinite(grad_norm):
            raise FloatingPointError(f"the gradient norm is {grad_norm} at step {step}: the model has diverged")
        record = Progress(step, loss, accuracy(logits, y), grad_norm)
        yield record
        reached = target_accuracy is not None and record.accuracy >= target_accuracy and (
            target_loss is None or loss <= target_loss)
        if step == steps or reached:
            return
        optimizer.step(grads)


# ---------------------------------------------------------------------------- next character

def fit_next_char(text: str, hidden_size: int = 8, num_layers: int = 1, cell: str = "lstm", seed: int = 0,
                  *, nonlinearity: str = "tanh", init: str = "torch", lr: float = 0.05,
                  max_steps: int = 300, clip_norm: float = 1.0,
                  target_loss: float = 0.1) -> tuple[CharModel, list[Progress]]:
    """Train a next-character model on ``text`` until it predicts every character.

    Full-batch Adam on the single sequence, stopping at 100% next-character accuracy
    with a mean cross-entropy ≤ ``target_loss`` (0.1: the right character gets about 90%
    probability on average, so the page's probability bars and gates tell a clear
    story), or after ``max_steps`` updates.

    The defaults were chosen by measurement (benchmarks/bench_train.py): with Adam at
    lr 0.05 and clipping at 1, "hello" with 8 LSTM units needs about 20 steps and a
    64-character sentence about 60–90 steps; over 48 runs mixing LSTM, GRU and RNN, 4–32
    units, 1–3 layers, English and Korean sentences, 47 met the target within 300 steps.
    Larger learning rates were faster on one layer but unstable on three.

    Returns:
        (model, history): the trained model (in eval mode, with ``model.vocab``) and the
        list of :class:`Progress` records; ``history[-1].accuracy == 1.0`` unless
        ``max_steps`` ran out.
    """
    x, y, vocab = next_char(text)
    model = CharModel.for_vocab(vocab, hidden_size, num_layers=num_layers, cell=cell,
                                nonlinearity=nonlinearity, seed=seed, init=init)
    history = list(train(model, itertools.repeat((x, y)), steps=max_steps, lr=lr, clip_norm=clip_norm,
                         target_accuracy=1.0, target_loss=target_loss))
    return model.eval(), history


# ---------------------------------------------------------------------------- the race

@dataclass(frozen=True)
class RaceSettings:
    """Everything that decides a race on the long-range task (see ``tasks.long_range``).

    One model per (cell, delay, seed) is trained on fresh random batches of ``batch_size``
    sequences for at most ``steps`` Adam steps (stopping early once ``patience``
    consecutive training batches are all answered correctly), then scored on
    ``test_size`` held-out sequences. Training batches and test set depend on (seed,
    delay) only, so every cell sees exactly the same data. Before training, the gated
    cells get ``gate_bias`` (see :func:`set_memory_gate_bias`; None leaves PyTorch's
    initial biases).

    Why the defaults (LSTM at delay 50, seeds 0–4, unless said otherwise):

    * ``gate_bias`` 4: with PyTorch's initial biases (None) the LSTM stays at chance
      (23–28% after 300 steps, and after 600); a forget bias of 3 alone learned 1 seed
      in 3 within 1000 steps; with the input gate closed as well every seed learns, in
      about 100–130 steps at delay 50 and 200–260 at delay 100.
    * ``lr`` 0.01: 0.03 learned in about as many steps (80–130); 0.005 (tried with gate
      bias 3) in somewhat more (150–250 against 100–230 for 0.01 there).
    * ``hidden_size`` 16: 8 units needed up to 220 steps; 32 units the same steps as 16
      at about twice the cost per step. ``batch_size`` 32.
    * ``steps`` 300: the budget the comparison is made in; enough for the gated cells at
      every delay up to 100. It is not a proof that the RNN cannot learn: given 600
      steps it learned delay 100 for 3 seeds out of 5 (Adam's per-weight step sizes let
      its recurrent weights drift into a regime that holds a memory) while staying at
      chance at delay 50. The table shows what each cell learns in the same budget —
      the lesson being that the gated cells learn long delays quickly and reliably.
    """

    hidden_size: int = 16
    steps: int = 300
    lr: float = 0.01
    batch_size: int = 32
    n_symbols: int = 4
    n_distractors: int = 4
    test_size: int = 1000
    clip_norm: float = 1.0
    init: str = "torch"
    gate_bias: float | None = 4.0
    patience: int = 20


DEFAULT_RACE = RaceSettings()
"""The shipped default; benchmarks/bench_train.py measures what it achieves."""


@dataclass(frozen=True, slots=True)
class RaceProgress:
    """One model of the race is at ``step`` of ``steps``; ``fraction`` of the whole race is done.

    ``test_accuracy`` is None while the model trains, and its held-out accuracy in the
    last event of that model.
    """

    cell: str
    delay: int
    seed: int
    step: int
    steps: int
    fraction: float
    test_accuracy: float | None = None


@dataclass(frozen=True)
class RaceResult:
    """The accuracy-by-delay table of a finished race.

    ``accuracy[cell][str(delay)]`` is the held-out accuracy averaged over seeds and
    ``per_seed[cell][str(delay)]`` lists it seed by seed (plain dicts, JSON-ready).
    ``chance`` is the accuracy of guessing, 1 / n_symbols — the same for every cell, as
    it is a property of the task, not of the model.
    """

    accuracy: dict[str, dict[str, float]]
    per_seed: dict[str, dict[str, list[float]]]
    chance: float
    delays: tuple[int, ...]
    cells: tuple[str, ...]
    seeds: tuple[int, ...]
    settings: RaceSettings
    seconds: float = field(compare=False)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (what the gradients page ships as its default run)."""
        out = asdict(self)
        out["settings"] = asdict(self.settings)
        out["delays"], out["cells"], out["seeds"] = list(self.delays), list(self.cells), list(self.seeds)
        return out


def set_memory_gate_bias(model: CharModel, b: float) -> None:
    """Start every gated layer with its memory open: keep ≈ σ(b), write ≈ σ(−b).

    LSTM: forget-gate bias +b and input-gate bias −b; GRU: update-gate bias +b (its
    h_t = (1 − z) n_t + z h_{t−1} couples keep z and write 1 − z in one gate). The vanilla
    RNN has no gate to set — that is the difference the race shows.

    Why: the cell path carries the gradient back by a factor f_t per step (LSTM:
    ∂c_t/∂c_{t−1} = diag(f_t); GRU: z_t). PyTorch's biases near 0 put the gates near
    σ(0) = 0.5, and 0.5⁵⁰ ≈ 1e-15: the gated cells would forget as fast as the RNN before
    they could learn to keep. With b = 3, σ(3)⁵⁰ ≈ 0.08. Closing the LSTM's input gate as
    well keeps the distractors from filling the cell: with i ≈ 0.5 each step writes as
    much as the first symbol did, c drifts to about i·g/(1 − f), tanh(c) saturates and the
    memory is drowned. This is the "chrono" initialisation (Tallec & Ollivier 2018,
    b_i = −b_f) with one b for all units, a close cousin of the forget-bias practice of
    Gers et al. (2000) and Jozefowicz et al. (2015). Each block's total bias is exactly
    its target: ``bias_ih`` holds it, ``bias_hh`` is zeroed.
    """
    # Block index → bias, in torch's gate order: LSTM (i, f, g, o), GRU (r, z, n).
    blocks = {"lstm": {0: -b, 1: b}, "gru": {1: b}}.get(model.config["cell"], {})
    H = model.config["hidden_size"]
    params = model.parameters()
    for layer in range(model.config["num_layers"]):
        for block, bias in blocks.items():
            params[f"rnn.bias_ih_l{layer}"][block * H:(block + 1) * H] = bias
            params[f"rnn.bias_hh_l{layer}"][block * H:(block + 1) * H] = 0.0


def _recurrent_weight_names(model: RNNBase, layer: int | None) -> list[str]:
    """``weight_hh`` of every layer and direction, or of ``layer``'s directions only."""
    if not isinstance(model, RNNBase):
        raise ValueError(f"model must be an LSTM, RNN or GRU, got {type(model).__name__}")
    if layer is not None and layer not in range(model.num_layers):
        raise ValueError(f"layer must be in 0 … {model.num_layers - 1} or None (all), got {layer!r}")
    layers = range(model.num_layers) if layer is None else (layer,)
    directions = ("", "_reverse")[:model.num_directions]
    return [f"weight_hh_l{k}{direction}" for k in layers for direction in directions]


def set_spectral_norm(model: RNNBase, sigma: float, layer: int | None = None) -> RNNBase:
    """Rescale W_hh in place so that its largest singular value ‖W_hh‖₂ is ``sigma``.

    Every layer and direction, or only ``layer`` (both directions); for the LSTM and GRU
    it is the norm of the whole stacked (G·H, H) matrix. Returns ``model``.

    Why: an RNN's step Jacobian is diag(φ'(a_t)) W_hh, so with |φ'| ≤ 1 a gradient can
    grow by at most ‖W_hh‖₂ per step: below 1 it must vanish, above 1 it may explode.
    """
    names = _recurrent_weight_names(model, layer)
    params = model.parameters()
    for name in names:
        norm = np.linalg.norm(params[name], 2)
        if norm == 0:
            raise ValueError(f"{name} is zero: no scale gives it a spectral norm of {sigma}")
        params[name] *= sigma / norm
    return model


def set_forget_bias(lstm: LSTM, b: float, layer: int | None = None) -> LSTM:
    """Set every unit's forget-gate bias b_if + b_hf to ``b``, in place.

    ``bias_ih`` rows H:2H (torch's gate order i, f, g, o) become ``b`` and the same rows
    of ``bias_hh`` 0, in every layer and direction or only in ``layer``. Returns ``lstm``.

    Why: f_t is the factor the cell path applies per step (∂c_t/∂c_{t−1} = diag(f_t)); a
    large bias opens the gate, f ≈ σ(b), and the gradient survives many steps.
    """
    if not isinstance(lstm, LSTM):
        raise ValueError(f"only an LSTM has a forget gate, got {type(lstm).__name__}")
    if not lstm.bias:
        raise ValueError("this LSTM has no biases (bias=False)")
    H, params = lstm.hidden_size, lstm.parameters()
    for name in _recurrent_weight_names(lstm, layer):
        params[name.replace("weight_hh", "bias_ih")][H:2 * H] = b
        params[name.replace("weight_hh", "bias_hh")][H:2 * H] = 0.0
    return lstm


def with_recurrent_scale(model: RNNBase, factor: float, layer: int | None = None) -> RNNBase:
    """A copy of ``model`` (``copy.deepcopy``: same class, options, nonlinearity, mode)
    with W_hh multiplied by ``factor`` in every layer and direction, or only in ``layer``.

    Why: the textbook picture of vanishing and exploding gradients, the same RNN with
    W_hh × 0.5, × 1 and × 2, side by side; ``model`` itself is left as it was.
    """
    names = _recurrent_weight_names(model, layer)
    scaled = copy.deepcopy(model)
    params = scaled.parameters()
    for name in names:
        params[name] *= factor
    return scaled


def long_range_model(cell: str, seed: int = 0, settings: RaceSettings = DEFAULT_RACE, *,
                     nonlinearity: str = "tanh") -> CharModel:
    """A fresh model for the long-range task, as the race builds it (gate bias included).

    ``nonlinearity`` is the RNN's φ (the race itself uses tanh); for other hidden sizes
    pass ``dataclasses.replace(DEFAULT_RACE, hidden_size=…)`` as ``settings``.
    """
    s = settings
    model = CharModel(s.n_symbols + s.n_distractors, s.hidden_size, s.n_symbols, cell=cell, loss_on="last",
                      nonlinearity=nonlinearity, seed=seed, init=s.init)
    if s.gate_bias is not None:
        set_memory_gate_bias(model, s.gate_bias)
    return model


def train_long_range(model: CharModel, delay: int, seed: int = 0,
                     settings: RaceSettings = DEFAULT_RACE) -> Iterator[Progress]:
    """Train ``model`` on the long-range task as the race does; yields a Progress per step.

    Fresh batches from ``np.random.default_rng([seed, delay, 0])`` every step, at most
    ``settings.steps`` updates, stopping once ``settings.patience`` batches in a row are
    all answered correctly.
    """
    s = settings
    data = np.random.default_rng([seed, delay, 0])
    batches = (long_range(s.batch_size, delay, s.n_symbols, s.n_distractors, seed=data) for _ in itertools.count())
    solved = 0
    for record in train(model, batches, steps=s.steps, lr=s.lr, clip_norm=s.clip_norm):
        yield record
        solved = solved + 1 if record.accuracy == 1.0 else 0
        if solved >= s.patience:
            return


def long_range_accuracy(model: CharModel, delay: int, seed: int = 0, settings: RaceSettings = DEFAULT_RACE) -> float:
    """Accuracy on the held-out test set of (seed, delay): ``settings.test_size`` fresh sequences."""
    s = settings
    x, y = long_range(s.test_size, delay, s.n_symbols, s.n_distractors, seed=[seed, delay, 1])
    return accuracy(model.eval().logits(x)[-1], y)


def race(delays=(5, 10, 20, 50, 100), cells=("rnn", "gru", "lstm"), seeds=(0, 1, 2, 3, 4),
         settings: RaceSettings = DEFAULT_RACE) -> Iterator[RaceProgress | RaceResult]:
    """RNN vs GRU vs LSTM on the long-range task: accuracy by delay.

    Yields :class:`RaceProgress` events while training (about 20 per model, plus one
    with its test accuracy when it is done) and finally one :class:`RaceResult`.
    ``fraction`` weighs each model by its sequence length times its step budget, so a
    progress bar moves at an even pace.
    """
    delays, cells, seeds = tuple(int(d) for d in delays), tuple(cells), tuple(int(s) for s in seeds)
    start = time.perf_counter()
    runs = [(c, d, s) for d in delays for s in seeds for c in cells]
    total = sum((d + 1) for _, d, _ in runs) * settings.steps
    done = 0
    every = max(1, settings.steps // 20)
    per_seed: dict[str, dict[str, list[float]]] = {c: {str(d): [] for d in delays} for c in cells}
    for cell, delay, seed in runs:
        cost = delay + 1
        model = long_range_model(cell, seed, settings)
        for record in train_long_range(model, delay, seed, settings):
            if record.step % every == 0:
                yield RaceProgress(cell, delay, seed, record.step, settings.steps, (done + cost * record.step) / total)
        done += cost * settings.steps
        test_accuracy = long_range_accuracy(model, delay, seed, settings)
        per_seed[cell][str(delay)].append(test_accuracy)
        yield RaceProgress(cell, delay, seed, settings.steps, settings.steps, done / total, test_accuracy)
    mean = {c: {d: float(np.mean(a)) for d, a in by_delay.items()} for c, by_delay in per_seed.items()}
    yield RaceResult(mean, per_seed, 1.0 / settings.n_symbols, delays, cells, seeds, settings,
                     time.perf_counter() - start)
