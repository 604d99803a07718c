"""A recurrent classifier: the engine's LSTM, GRU or RNN, a linear read-out and softmax.

For every time step t (or only the last one)::

    h_t = recurrent layers(x_1 … x_t)          (LSTM, GRU or RNN from lstm_core)
    y_t = W_y h_t + b_y                        logits, one per class (character)
    p_t = softmax(y_t)                         next-character probabilities
    L   = −(1/N) Σ log p_t[target_t]           mean cross-entropy over the N targets

which is what a PyTorch student writes as ``nn.LSTM`` followed by ``nn.Linear`` and
``nn.CrossEntropyLoss``; the parameter names say so (``rnn.weight_ih_l0``,
``linear.weight``, ``linear.bias``). The gradient of L with respect to the logits is
(p − onehot(target)) / N; the read-out's gradients follow from it, and the engine's
``backward`` carries dL/dh_t through time — exact, checked by finite differences.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import log_softmax, softmax
from .recurrent import GRU, LSTM, RNN
from .text import Vocabulary, one_hot

CELLS = {"lstm": LSTM, "gru": GRU, "rnn": RNN}
LOSS_ON = ("all", "last")


class LossAndGrads(NamedTuple):
    """One forward and backward pass: mean loss, gradients by parameter name, logits."""

    loss: float
    grads: dict[str, np.ndarray]
    logits: np.ndarray


def accuracy(logits: np.ndarray, y: np.ndarray) -> float:
    """Fraction of targets whose logit is the largest (ties go to the lower index)."""
    return float(np.mean(logits.argmax(axis=-1) == y))


class CharModel:
    """Recurrent layer(s) + linear read-out + softmax cross-entropy.

    Args:
        input_size: I, features per step (the vocabulary size for one-hot text).
        hidden_size: H, units per recurrent layer.
        output_size: V, number of classes.
        num_layers: stacked recurrent layers (layer l's h_t is layer l+1's input).
        cell: "lstm", "gru" or "rnn".
        nonlinearity: the RNN's φ in h_t = φ(W_ih x_t + W_hh h_{t−1} + b): "tanh",
            "relu" or "sigmoid" (ignored by the LSTM and GRU).
        loss_on: "all" — a target at every step (next-character prediction, y of shape
            (T, B)); "last" — one target per sequence, read at the last step (y (B,)).
        seed: seeds the engine's weights exactly as ``LSTM(..., seed=seed)`` would, and
            the read-out's from the same seed, so a model can be rebuilt from its config.
        init: "torch" (uniform ±1/√H everywhere) or "keras" (Glorot input weights,
            orthogonal recurrent weights, forget-gate bias 1; Glorot read-out, zero bias).
        dtype: float64 (default) or float32.
        dropout: dropout between recurrent layers in training mode (engine semantics).
        vocab: the :class:`Vocabulary` of a text model; then text may be passed where an
            input is expected, and :meth:`sample` returns text.

    Attributes:
        rnn: the engine object; ``model.rnn(x, return_trace=True)`` gives the gates.
        W_y (V, H) and b_y (V,): the read-out, live arrays.
        vocab: the vocabulary or None.

    Input x is time-major, (T, B, I) — the engine's default layout. The model is
    unidirectional on purpose: a backward direction would see the character it is asked
    to predict.
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int, *, num_layers: int = 1,
                 cell: str = "lstm", nonlinearity: str = "tanh", loss_on: str = "all", seed=0,
                 init: str = "torch", dtype=np.float64, dropout: float = 0.0,
                 vocab: Vocabulary | None = None):
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        if loss_on not in LOSS_ON:
            raise ValueError(f"loss_on must be one of {LOSS_ON}, got {loss_on!r}")
        if not isinstance(output_size, (int, np.integer)) or output_size < 1:
            raise ValueError(f"output_size must be an integer ≥ 1, got {output_size!r}")
        if vocab is not None and not (len(vocab) == input_size == output_size):
            raise ValueError(f"a text model needs input_size == output_size == len(vocab) = {len(vocab)}, "
                             f"got input_size={input_size}, output_size={output_size}")
        extra = {"nonlinearity": nonlinearity} if cell == "rnn" else {}
        self.rnn = CELLS[cell](input_size, hidden_size, num_layers=num_layers, dropout=dropout,
                               seed=seed, dtype=dtype, init=init, **extra)
        self.vocab = vocab
        self.loss_on = loss_on
        self.config = {
            "input_size": int(input_size), "hidden_size": int(hidden_size), "output_size": int(output_size),
            "num_layers": int(num_layers), "cell": cell, "nonlinearity": nonlinearity, "loss_on": loss_on,
            "seed": seed, "init": init, "dtype": np.dtype(dtype).name, "dropout": float(dropout),
        }
        # Read-out initialised like nn.Linear (U(±1/√H)) or keras Dense (Glorot, zero bias).
        rng = np.random.default_rng(None if seed is None else (seed, 1))
        if init == "keras":
            limit = np.sqrt(6.0 / (hidden_size + output_size))
            self.W_y = rng.uniform(-limit, limit, (output_size, hidden_size)).astype(dtype)
            self.b_y = np.zeros(output_size, dtype)
        else:
            limit = 1.0 / np.sqrt(hidden_size)
            self.W_y = rng.uniform(-limit, limit, (output_size, hidden_size)).astype(dtype)
            self.b_y = rng.uniform(-limit, limit, output_size).astype(dtype)

    @classmethod
    def for_vocab(cls, vocab: Vocabulary, hidden_size: int, **kwargs) -> CharModel:
        """A next-character model over ``vocab``: one-hot in, one class per symbol out."""
        return cls(len(vocab), hidden_size, len(vocab), vocab=vocab, **kwargs)

    # ------------------------------------------------------------------ parameters

    def parameters(self) -> dict[str, np.ndarray]:
        """Name → live array (update in place to train): ``rnn.*`` then ``linear.*``."""
        params = {f"rnn.{name}": p for name, p in self.rnn.parameters().items()}
        params["linear.weight"] = self.W_y
        params["linear.bias"] = self.b_y
        return params

    def state_dict(self) -> dict[str, np.ndarray]:
        """Name → copy of every parameter, in PyTorch's naming."""
        return {name: p.copy() for name, p in self.parameters().items()}

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Copy ``state`` into the live parameters; keys and shapes must match exactly."""
        params = self.parameters()
        if set(state) != set(params):
            raise ValueError(f"state must have the keys {sorted(params)}, got {sorted(state)}")
        for name, p in params.items():
            if np.shape(state[name]) != p.shape:
                raise ValueError(f"state[{name!r}] must have shape {p.shape}, got {np.shape(state[name])}")
        self.rnn.load_state_dict({name[4:]: state[name] for name in params if name.startswith("rnn.")})
        np.copyto(self.W_y, state["linear.weight"])
        np.copyto(self.b_y, state["linear.bias"])

    def train(self) -> CharModel:
        """Training mode (dropout between layers active, if any)."""
        self.rnn.train()
        return self

    def eval(self) -> CharModel:
        """Evaluation mode (no dropout)."""
        self.rnn.eval()
        return self

    # ------------------------------------------------------------------ forward / backward

    def _inputs(self, x) -> np.ndarray:
        """Text → one-hot (T, V) through the vocabulary; arrays pass through."""
        if isinstance(x, str):
            if self.vocab is None:
                raise ValueError("text input needs a model built with a vocabulary (CharModel.for_vocab)")
            return self.vocab.one_hot(x, dtype=self.W_y.dtype)
        return np.asarray(x)

    def _readout(self, h: np.ndarray) -> np.ndarray:
        return h @ self.W_y.T + self.b_y                 # y = W_y h + b_y

    def logits(self, x) -> np.ndarray:
        """Logits y_t for every step: (T, V) for (T, I) or text, (T, B, V) for (T, B, I)."""
        return self._readout(self.rnn(self._inputs(x))[0])

    def predict_proba(self, x) -> np.ndarray:
        """p_t = softmax(y_t) for every step: after reading x_1 … x_t, how likely each class is.

        For a text model, ``predict_proba("hel")[t]`` is the distribution of the character
        after the first t + 1 characters. Text with unknown characters is refused with a
        ValueError naming them (see ``Vocabulary.unknown``).
        """
        return softmax(self.logits(x), axis=-1)

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> LossAndGrads:
        """Mean cross-entropy of targets ``y`` given inputs ``x``, and its exact gradient.

        Args:
            x: (T, B, I) inputs.
            y: integer targets, (T, B) when ``loss_on="all"``, (B,) when ``"last"``.

        Returns:
            LossAndGrads(loss, grads, logits): ``grads`` has one array per name of
            :meth:`parameters`, shaped like it; ``logits`` are those the loss was scored
            on ((T, B, V) or (B, V)), for accuracy without a second forward pass.

        Raises:
            FloatingPointError: the loss is not finite — the model has diverged.
        """
        x, y = np.asarray(x), np.asarray(y)
        if x.ndim != 3:
            raise ValueError(f"x must be time-major (T, B, I), got shape {x.shape}")
        T, B, _ = x.shape
        expected = (T, B) if self.loss_on == "all" else (B,)
        if y.shape != expected or (y.size and not np.issubdtype(y.dtype, np.integer)):
            raise ValueError(f"y must be integer targets of shape {expected} for loss_on={self.loss_on!r}, "
                             f"got {y.dtype} {y.shape}")
        V = self.W_y.shape[0]
        if y.size and (y.min() < 0 or y.max() >= V):
            raise ValueError(f"y must lie in [0, {V}), got {y.min()} to {y.max()}")
        h = self.rnn(x)[0]                                # (T, B, H)
        h_scored = h if self.loss_on == "all" else h[-1]
        logits = self._readout(h_scored)
        N, H = y.size, h.shape[-1]
        log_p = log_softmax(logits, axis=-1).reshape(N, V)
        target = (np.arange(N), y.reshape(N))
        loss = -float(log_p[target].sum()) / N
        if not np.isfinite(loss):
            raise FloatingPointError(f"the loss is {loss}: the model has diverged (weights or inputs too large)")
        dy = np.exp(log_p)                                # dL/dy = (p − onehot(target)) / N
        dy[target] -= 1.0
        dy /= N
        dh_scored = dy.reshape(logits.shape) @ self.W_y   # dL/dh = W_yᵀ dy
        if self.loss_on == "all":
            dh = dh_scored
        else:
            dh = np.zeros_like(h)
            dh[-1] = dh_scored
        rnn_grads = self.rnn.backward(dh)                 # back through time
        grads = {f"rnn.{name}": rnn_grads[name] for name in self.rnn.parameters()}
        grads["linear.weight"] = dy.T @ h_scored.reshape(N, H)   # Σ dy hᵀ
        grads["linear.bias"] = dy.sum(axis=0)
        return LossAndGrads(loss, grads, logits)

    # ------------------------------------------------------------------ sampling

    def sample(self, prefix, length: int, temperature: float = 1.0, seed=0):
        """Generate ``length`` symbols after ``prefix``, one at a time, feeding each back in.

        ``temperature`` divides the logits before the softmax: 0 is greedy (always the
        most likely symbol), 1 samples the model's own distribution, larger values
        flatten it towards uniform. Sampling draws from ``np.random.default_rng(seed)``,
        so the same seed gives the same text.

        ``prefix`` is text (for a text model) or a sequence of class indices; returns the
        generated continuation only, as text for a text model, else an index array.
        """
        if not (isinstance(temperature, (int, float)) and np.isfinite(temperature) and temperature >= 0):
            raise ValueError(f"temperature must be a finite number ≥ 0, got {temperature!r}")
        if not isinstance(length, (int, np.integer)) or length < 0:
            raise ValueError(f"length must be an integer ≥ 0, got {length!r}")
        V, n_in = self.W_y.shape[0], self.config["input_size"]
        if n_in != V:
            raise ValueError(f"sampling feeds outputs back as inputs: needs input_size == output_size, "
                             f"got {n_in} and {V}")
        if isinstance(prefix, str):
            x = self._inputs(prefix)
        else:
            x = one_hot(np.asarray(prefix, dtype=np.int64), V, dtype=self.W_y.dtype)
        if len(x) == 0:
            raise ValueError("prefix must hold at least one symbol to start from")
        rng = np.random.default_rng(seed)
        generated = np.empty(length, dtype=np.int64)
        output, state = self.rnn(x[:, None])              # read the prefix, keep (h, c)
        y = self._readout(output[-1, 0])
        for t in range(length):
            if temperature == 0:
                k = int(y.argmax())
            else:
                p = np.cumsum(softmax(y / temperature))
                k = min(int(np.searchsorted(p, rng.random() * p[-1], side="right")), V - 1)
            generated[t] = k
            if t + 1 < length:                            # feed the choice back in
                output, state = self.rnn(one_hot([[k]], V, dtype=self.W_y.dtype), state)
                y = self._readout(output[-1, 0])
        return generated if self.vocab is None else self.vocab.decode(generated)
