"""Traces: every intermediate value of a forward pass, ready to plot.

``trace[layer]`` is the forward-direction :class:`LayerTrace` of that layer and
``trace[layer, 1]`` the reverse direction. Every per-step array is shaped
(T, B, H) in input-time order, whatever the direction, ``batch_first`` or
unbatched input (B = 1 then). So "the forget gate of layer 1 at step 3, batch
row 0" is ``trace[1].f[3, 0]``. All arrays are copies owned by the trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

STEP_FIELDS = {
    "lstm": ("pre_i", "pre_f", "pre_g", "pre_o", "i", "f", "g", "o", "c", "tanh_c", "h"),
    "rnn": ("pre", "h"),
    "gru": ("pre_r", "pre_z", "pre_n", "hn", "r", "z", "n", "h"),
}


class LayerTrace:
    """The values of one layer and one direction, for every step and batch row.

    Attributes:
        kind: "lstm", "rnn" or "gru".
        direction: 0 (forward) or 1 (reverse).
        x: (T, B, I_layer), the layer's input (for layer > 0: the previous layer's
            output, after dropout).
        h0: (B, H), the initial hidden state; ``c0`` (B, H) too for the LSTM.
        LSTM: ``pre_i, pre_f, pre_g, pre_o`` (pre-activations including both
            biases), ``i, f, g, o, c, tanh_c, h``.
        RNN: ``pre`` (the argument of the nonlinearity), ``h``.
        GRU: ``pre_r, pre_z, pre_n`` (``pre_n`` is the full argument of tanh),
            ``hn`` (= W_hn h_{t-1} + b_hn), ``r, z, n, h``.
        ``h_prev`` and (LSTM) ``c_prev``: (T, B, H), the state entering each step.
    """

    def __init__(self, kind: str, direction: int, x: np.ndarray, h0: np.ndarray, c0: np.ndarray | None = None,
                 **steps: np.ndarray):
        expected = set(STEP_FIELDS[kind])
        if set(steps) != expected:
            raise ValueError(f"{kind} trace needs fields {sorted(expected)}, got {sorted(steps)}")
        self.kind = kind
        self.direction = direction
        self.x = x
        self.h0 = h0
        self.c0 = c0
        self.fields = STEP_FIELDS[kind]
        for name, value in steps.items():
            setattr(self, name, value)

    def _entering(self, seq: np.ndarray, initial: np.ndarray) -> np.ndarray:
        """The state entering each step: h_{t-1} forward, h_{t+1} in reverse."""
        if self.direction == 0:
            return np.concatenate([initial[None], seq[:-1]])
        return np.concatenate([seq[1:], initial[None]])

    @property
    def h_prev(self) -> np.ndarray:
        return self._entering(self.h, self.h0)

    @property
    def c_prev(self) -> np.ndarray:
        if self.c0 is None:
            raise AttributeError(f"a {self.kind} layer has no cell state c")
        return self._entering(self.c, self.c0)

    def __repr__(self) -> str:
        T, B, H = self.h.shape
        return f"LayerTrace(kind={self.kind!r}, direction={self.direction}, T={T}, B={B}, H={H})"


class Trace:
    """All layers' traces of one forward pass.

    ``trace[l]`` / ``trace[l, 0]``: layer l forward; ``trace[l, 1]``: reverse.
    ``len(trace)`` is the number of layers; iterating yields the forward-direction
    LayerTraces.
    """

    def __init__(self, layers: Iterable[Iterable[LayerTrace]]):
        self.layers = [tuple(dirs) for dirs in layers]
        self.num_layers = len(self.layers)
        self.num_directions = len(self.layers[0])
        self.kind = self.layers[0][0].kind

    def __len__(self) -> int:
        return self.num_layers

    def __getitem__(self, key: int | tuple[int, int]) -> LayerTrace:
        layer, direction = key if isinstance(key, tuple) else (key, 0)
        if not -self.num_layers <= layer < self.num_layers:
            raise IndexError(f"layer {layer} out of range for {self.num_layers} layer(s)")
        if direction not in range(self.num_directions):
            raise IndexError(f"direction {direction} out of range for "
                             f"{self.num_directions} direction(s)")
        return self.layers[layer][direction]

    def __iter__(self) -> Iterator[LayerTrace]:
        return (dirs[0] for dirs in self.layers)

    def as_dict(self) -> dict[str, np.ndarray]:
        """Flat {"l0.f": array, "l0_reverse.f": ...}: every per-step (T, B, H) array."""
        flat = {}
        for layer, dirs in enumerate(self.layers):
            for lt in dirs:
                prefix = f"l{layer}" + ("_reverse" if lt.direction else "")
                for name in lt.fields:
                    flat[f"{prefix}.{name}"] = getattr(lt, name)
        return flat

    def __repr__(self) -> str:
        return (f"Trace(kind={self.kind!r}, num_layers={self.num_layers}, "
                f"num_directions={self.num_directions})")
