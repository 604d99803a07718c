"""LSTM, RNN and GRU layers with PyTorch's interface, in NumPy.

The shared machinery lives in :class:`RNNBase`: argument checks, parameters in
PyTorch's layout, the layer/direction loop, dropout, traces, backward and the
Keras weight conversion. The maths of each step is in :mod:`lstm_core.reference`,
written plainly, and in :mod:`lstm_core.cells`, written fast.
"""

from __future__ import annotations

import operator
import warnings
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from .cells import Empty, block_rows, make_cell
from .trace import LayerTrace, Trace

Hx = ArrayLike | tuple[ArrayLike, ArrayLike] | None
"""An initial state: h0 (RNN, GRU) or (h0, c0) (LSTM); None for zeros."""

_DTYPES = (np.float64, np.float32)
_INITS = ("torch", "keras")
# Keras gate blocks in torch order: the LSTM's (i, f, c, o) is torch's (i, f, g, o);
# the GRU's (z, r, h) is torch's (r, z, n) with the first two blocks swapped.
_KERAS_BLOCKS = {"lstm": (0, 1, 2, 3), "rnn": (0,), "gru": (1, 0, 2)}


def _check_size(name: str, value: Any, minimum: int = 1) -> int:
    try:
        size = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}") from None
    if isinstance(value, bool) or size < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return size


def _as_finite(name: str, value: Any, dtype: DTypeLike, expected: object) -> np.ndarray:
    """``value`` as an array of ``dtype``; ValueError if not numeric or not finite."""
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric array of shape {expected}, "
                         f"got {type(value).__name__}") from None
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or inf (shape {array.shape}, expected "
                         f"{expected}); all values must be finite")
    return array


def _check_shape(name: str, array: np.ndarray, expected: tuple[int, ...]) -> None:
    if array.shape != tuple(expected):
        raise ValueError(f"{name} has shape {array.shape}, expected {tuple(expected)}")


class RNNBase:
    """Common base of :class:`LSTM`, :class:`RNN` and :class:`GRU` (not used directly).

    A layer keeps the last forward call's cache and reuses its scratch arrays between
    calls, so one layer object runs one call at a time (threads need a layer each); what
    it returns (outputs, states, traces, gradients) is always freshly allocated.
    """

    mode: str  # "lstm", "rnn" or "gru"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 seed: int | None = None, dtype: DTypeLike = np.float64, init: str = "torch",
                 nonlinearity: str = "tanh"):
        self.input_size = _check_size("input_size", input_size)
        self.hidden_size = _check_size("hidden_size", hidden_size)
        self.num_layers = _check_size("num_layers", num_layers)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) \
                or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a number in [0, 1), got {dropout!r}")
        if dropout > 0 and self.num_layers == 1:
            warnings.warn("dropout > 0 acts only between layers; with num_layers=1 it "
                          "has no effect (as in torch.nn)", UserWarning, stacklevel=3)
        if np.dtype(dtype) not in [np.dtype(d) for d in _DTYPES]:
            raise ValueError(f"dtype must be np.float64 or np.float32, got {dtype!r}")
        if init not in _INITS:
            raise ValueError(f"init must be one of {_INITS}, got {init!r}")
        if self.mode == "rnn" and nonlinearity not in ("tanh", "relu", "sigmoid"):
            raise ValueError("nonlinearity must be 'tanh', 'relu' or 'sigmoid', "
                             f"got {nonlinearity!r}")
        if seed is not None:
            seed = _check_size("seed", seed, minimum=0)
        self.bias = bool(bias)
        self.batch_first = bool(batch_first)
        self.dropout = float(dropout)
        self.bidirectional = bool(bidirectional)
        self.num_directions = 2 if self.bidirectional else 1
        self.dtype = np.dtype(dtype)
        self.init = init
        self.training = True
        self.cell = make_cell(self.mode, self.hidden_size, nonlinearity)
        self.gate_size = self.cell.num_gates * self.hidden_size
        init_seq, dropout_seq = np.random.SeedSequence(seed).spawn(2)
        self._dropout_rng = np.random.default_rng(dropout_seq)
        self._params = self._init_parameters(np.random.default_rng(init_seq))
        self._cache = None
        self._buffers = {}

    # ----------------------------------------------------------------- parameters
    def _param_names(self, layer: int, direction: int) -> list[str]:
        sfx = f"_l{layer}" + ("_reverse" if direction else "")
        names = ["weight_ih" + sfx, "weight_hh" + sfx]
        if self.bias:
            names += ["bias_ih" + sfx, "bias_hh" + sfx]
        return names

    def _param_shapes(self) -> dict[str, tuple[int, ...]]:
        shapes = {}
        for layer in range(self.num_layers):
            in_size = self.input_size if layer == 0 else self.num_directions * self.hidden_size
            for d in range(self.num_directions):
                w_ih, w_hh, *b = self._param_names(layer, d)
                shapes[w_ih] = (self.gate_size, in_size)
                shapes[w_hh] = (self.gate_size, self.hidden_size)
                for name in b:
                    shapes[name] = (self.gate_size,)
        return shapes

    def _init_parameters(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        H = self.hidden_size
        params = {}
        for name, shape in self._param_shapes().items():
            if self.init == "torch":            # every tensor ~ U(-1/√H, 1/√H)
                value = rng.uniform(-1 / np.sqrt(H), 1 / np.sqrt(H), shape)
            elif name.startswith("weight_ih"):  # glorot uniform on Keras's (in, G·H) kernel
                limit = np.sqrt(6 / sum(shape))
                value = rng.uniform(-limit, limit, shape)
            elif name.startswith("weight_hh"):  # orthogonal: orthonormal Keras kernel rows
                q, r = np.linalg.qr(rng.standard_normal(shape))
                value = q * np.sign(np.diag(r))
            else:                               # zero bias, Keras's unit forget bias
                value = np.zeros(shape)
                if self.mode == "lstm" and name.startswith("bias_ih"):
                    value[H:2 * H] = 1.0
            params[name] = np.ascontiguousarray(value, dtype=self.dtype)
        return params

    def parameters(self) -> dict[str, np.ndarray]:
        """The live parameter arrays by name (the objects the forward pass reads).

        An optimizer may update them in place; ``load_state_dict`` also writes in place.
        """
        return dict(self._params)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of the parameters with PyTorch's keys and shapes.

        ``weight_ih_l{k}`` (G·H, I) for k = 0 and (G·H, D·H) above, ``weight_hh_l{k}``
        (G·H, H), ``bias_ih_l{k}``, ``bias_hh_l{k}`` (G·H,), and ``..._reverse`` for
        the second direction. Gate row blocks: LSTM (i, f, g, o), GRU (r, z, n).
        """
        return {name: value.copy() for name, value in self._params.items()}

    def load_state_dict(self, state_dict: dict[str, ArrayLike]) -> None:
        """Copy values from a dict shaped like :meth:`state_dict` into the parameters."""
        if not hasattr(state_dict, "keys"):
            raise ValueError(f"state_dict must be a dict, got {type(state_dict).__name__}")
        shapes = self._param_shapes()
        missing = sorted(set(shapes) - set(state_dict))
        unexpected = sorted(set(state_dict) - set(shapes))
        if missing or unexpected:
            raise ValueError(f"state_dict keys do not match: missing {missing}, "
                             f"unexpected {unexpected}")
        values = {}
        for name, shape in shapes.items():
            value = _as_finite(f"state_dict[{name!r}]", state_dict[name], self.dtype, shape)
            _check_shape(f"state_dict[{name!r}]", value, shape)
            values[name] = value
        for name, value in values.items():
            np.copyto(self._params[name], value)

    # ------------------------------------------------------------------ mode
    def train(self, mode: bool = True) -> RNNBase:
        """Training mode: dropout between layers is active. Returns self."""
        self.training = bool(mode)
        return self

    def eval(self) -> RNNBase:
        """Evaluation mode: no dropout. Returns self."""
        return self.train(False)

    # --------------------------------------------------------------- checks
    def _state_shape(self, B: int, batched: bool) -> tuple[int, ...]:
        LD = self.num_layers * self.num_directions
        return (LD, B, self.hidden_size) if batched else (LD, self.hidden_size)

    def _check_input(self, input: ArrayLike) -> tuple[np.ndarray, bool]:
        n_in = self.input_size
        expected = (f"(T, {n_in}) unbatched or "
                    + (f"(B, T, {n_in}) with batch_first=True" if self.batch_first
                       else f"(T, B, {n_in})"))
        x = _as_finite("input", input, self.dtype, expected)
        if x.ndim not in (2, 3) or x.shape[-1] != n_in or 0 in x.shape:
            raise ValueError(f"input has shape {x.shape}, expected {expected}")
        batched = x.ndim == 3
        if not batched:
            x = x[:, None, :]
        elif self.batch_first:
            x = x.transpose(1, 0, 2)
        return x, batched   # time-major, possibly a view: forward copies it into [x, 1]

    def _check_state(self, name: str, value: ArrayLike | None, B: int, batched: bool) -> np.ndarray:
        shape = self._state_shape(B, batched)
        if value is None:
            return np.zeros((shape[0], B, self.hidden_size), self.dtype)
        array = _as_finite(name, value, self.dtype, shape)
        _check_shape(name, array, shape)
        return array.reshape(shape[0], B, self.hidden_size)

    def _check_hx(self, hx: Hx, B: int, batched: bool) -> tuple[np.ndarray, np.ndarray | None]:
        if self.mode != "lstm":
            return self._check_state("h0", hx, B, batched), None
        if hx is None:
            hx = (None, None)
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            shape = self._state_shape(B, batched)
            raise ValueError(f"hx must be a tuple (h0, c0) of two arrays of shape {shape}, "
                             f"got {type(hx).__name__}")
        return (self._check_state("h0", hx[0], B, batched),
                self._check_state("c0", hx[1], B, batched))

    # --------------------------------------------------------------- buffers
    def _buffer(self, key: tuple[int, int] | str, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """Scratch array ``name`` of ``key`` (a layer and direction, or "backward"), kept
        between calls: every page of a fresh array of many MB costs a page fault in
        which the kernel zeroes it. The content lives until the next call asks for the
        same key and name (the forward arrays are the backward cache, replaced by the
        next forward anyway)."""
        buffer = self._buffers.get((key, name))
        if buffer is None or buffer.shape != shape or buffer.dtype != dtype:
            buffer = self._buffers[key, name] = np.empty(shape, dtype)
        return buffer

    # --------------------------------------------------------------- forward
    def _with_ones(self, x_seq: np.ndarray, empty: Empty) -> np.ndarray:
        """The layer input (T, B, I) as a contiguous array, with a bias a copy [x_t, 1]
        (T, B, I + 1): then one GEMM computes x W_ihᵀ + b, and in the backward one GEMM
        gives dW_ih and the bias gradient Σ dz (its last column). Adding b to the
        (T, B, G·H) projection instead would be a separate pass over a large array."""
        if not self.bias:
            return np.ascontiguousarray(x_seq)
        T, B, n_in = x_seq.shape
        x1 = empty("x1", (T, B, n_in + 1), self.dtype)
        x1[..., :n_in] = x_seq
        x1[..., n_in] = 1
        return x1

    def forward(self, input: ArrayLike, hx: Hx = None, return_trace: bool = False) -> tuple:
        """Run the layer on ``input`` from the initial state ``hx`` (zeros if None).

        Returns ``output, h_n`` (RNN, GRU) or ``output, (h_n, c_n)`` (LSTM), shaped as
        in the class docstring; with ``return_trace=True`` also a :class:`Trace` of
        every intermediate value. The cache for :meth:`backward` is this call's.
        """
        x, batched = self._check_input(input)
        T, B, _ = x.shape
        h0, c0 = self._check_hx(hx, B, batched)
        L, D, H = self.num_layers, self.num_directions, self.hidden_size
        layers, masks = [], []
        h_n = np.empty((L * D, B, H), self.dtype)
        c_n = np.empty_like(h_n) if c0 is not None else None
        layer_input = x
        for layer in range(L):
            caches = []
            for d in range(D):
                k = layer * D + d
                w = self.cell.prepare(*(self._params[name] for name in self._param_names(layer, d)))
                empty = partial(self._buffer, (layer, d))
                x1 = self._with_ones(layer_input if d == 0 else layer_input[::-1], empty)
                z = empty("z", (T, B, self.gate_size), self.dtype)
                np.dot(x1.reshape(T * B, -1), w["W_ih_s"].T, out=z.reshape(T * B, -1))  # x W_ihᵀ + b
                cache = self.cell.forward(z, w["W_hh_s_T"], w["b_hn"], h0[k],
                                          None if c0 is None else c0[k], empty)
                cache.update(w, x=x1[..., :layer_input.shape[-1]], x1=x1)
                caches.append(cache)
                h_n[k] = cache["h"][-1]
                if c_n is not None:
                    c_n[k] = cache["c"][-1]
            if D == 1:
                layer_output = caches[0]["h"][1:]
            else:
                layer_output = np.concatenate([caches[0]["h"][1:], caches[1]["h"][:0:-1]],
                                              axis=-1)
            layers.append(caches)
            if layer < L - 1 and self.training and self.dropout > 0:
                mask = self._dropout_rng.random(layer_output.shape) >= self.dropout
                mask = mask.astype(self.dtype) / self.dtype.type(1 - self.dropout)
                masks.append(mask)
                layer_output = layer_output * mask
            layer_input = layer_output
        self._cache = {"layers": layers, "masks": masks, "batched": batched,
                       "batch_first": self.batch_first, "T": T, "B": B, "h0": h0, "c0": c0}

        output = self._to_user_layout(layer_input, batched, self.batch_first)
        h_n = h_n if batched else h_n[:, 0]
        state = h_n if c_n is None else (h_n, c_n if batched else c_n[:, 0])
        if return_trace:
            return output, state, self._trace(h0, c0)
        return output, state

    __call__ = forward

    @staticmethod
    def _to_user_layout(seq: np.ndarray, batched: bool, batch_first: bool) -> np.ndarray:
        """A time-major (T, B, F) array as the user sees it (always a fresh array)."""
        if not batched:
            return seq[:, 0].copy()
        if batch_first:
            return np.ascontiguousarray(seq.transpose(1, 0, 2))
        return seq.copy()

    def _trace(self, h0: np.ndarray, c0: np.ndarray | None) -> Trace:
        layers = []
        for layer, caches in enumerate(self._cache["layers"]):
            dirs = []
            for d, cache in enumerate(caches):
                k = layer * self.num_directions + d
                steps = self.cell.trace_arrays(cache)
                x = cache["x"]
                if d == 1:   # back to input-time order
                    steps = {name: np.ascontiguousarray(a[::-1]) for name, a in steps.items()}
                    x = x[::-1]
                dirs.append(LayerTrace(self.mode, d, x.copy(), h0[k].copy(),
                                       None if c0 is None else c0[k].copy(), **steps))
            layers.append(dirs)
        return Trace(layers)

    # -------------------------------------------------------------- backward
    def backward(self, grad_output: ArrayLike, grad_h_n: ArrayLike | None = None,
                 grad_c_n: ArrayLike | None = None) -> dict[str, np.ndarray]:
        """Gradients of sum(grad_output·output) + sum(grad_h_n·h_n) [+ sum(grad_c_n·c_n)]
        for the last forward call.

        Args:
            grad_output: shaped like that call's ``output``.
            grad_h_n, grad_c_n: shaped like ``h_n`` / ``c_n``; None means zeros.

        Returns:
            dict with every :meth:`state_dict` key, plus "input" (shaped like the
            input), "h0" and, for the LSTM, "c0" (shaped like ``h_n``), each a new array.
        """
        if self._cache is None:
            raise RuntimeError("backward() needs a forward pass first: call the model "
                               "on an input, then backward(grad_output)")
        cache = self._cache
        T, B, batched = cache["T"], cache["B"], cache["batched"]
        L, D, H = self.num_layers, self.num_directions, self.hidden_size
        out_shape = (T, D * H) if not batched else \
            ((B, T, D * H) if cache["batch_first"] else (T, B, D * H))
        g = _as_finite("grad_output", grad_output, self.dtype, out_shape)
        _check_shape("grad_output", g, out_shape)
        g = g[:, None] if not batched else (g.transpose(1, 0, 2) if cache["batch_first"] else g)
        dh_n = self._check_state("grad_h_n", grad_h_n, B, batched)
        if self.mode == "lstm":
            dc_n = self._check_state("grad_c_n", grad_c_n, B, batched)
        elif grad_c_n is not None:
            raise ValueError(f"grad_c_n is only for the LSTM; a {self.mode.upper()} has no c_n")

        grads = {}
        dh0 = np.empty((L * D, B, H), self.dtype)
        dc0 = np.empty_like(dh0)
        d_out = g
        for layer in reversed(range(L)):
            d_in = None
            for d, lc in enumerate(cache["layers"][layer]):
                k = layer * D + d
                dh_out = d_out[..., d * H:(d + 1) * H]
                if d == 1:
                    dh_out = dh_out[::-1]
                back = self.cell.backward(lc, lc["W_hh"], dh_out, dh_n[k],
                                          dc_n[k] if self.mode == "lstm" else None,
                                          partial(self._buffer, "backward"))
                dh0[k] = back["dh0"]
                if back["dc0"] is not None:
                    dc0[k] = back["dc0"]
                dx = self._weight_grads(grads, layer, d, lc, back["dz_x"], back["dz_h"])
                if d == 1:
                    dx = dx[::-1]
                d_in = dx if d_in is None else d_in + dx
            d_out = d_in * cache["masks"][layer - 1] if layer > 0 and cache["masks"] else d_in

        grads = {name: grads[name] for name in self._params}   # state_dict order
        grads["input"] = self._to_user_layout(d_out, batched, cache["batch_first"])
        grads["h0"] = dh0 if batched else dh0[:, 0].copy()
        if self.mode == "lstm":
            grads["c0"] = dc0 if batched else dc0[:, 0].copy()
        return grads

    def _weight_grads(self, grads: dict[str, np.ndarray], layer: int, direction: int, lc: dict[str, np.ndarray],
                      dz_x: np.ndarray, dz_h: np.ndarray) -> np.ndarray:
        """Weight and bias gradients of one layer/direction as GEMMs over all steps, rows
        back in torch's gate order; returns the gradient of that direction's input
        sequence (T, B, I_layer)."""
        T, B, G = dz_x.shape
        n_in = lc["x"].shape[-1]
        dz_x2, dz_h2 = dz_x.reshape(T * B, G), dz_h.reshape(T * B, G)
        w_ih, w_hh, *b = self._param_names(layer, direction)
        in_torch_order = self.cell.in_torch_order
        dW_ih = np.dot(dz_x2.T, lc["x1"].reshape(T * B, -1))     # [dW_ih, Σ dz_x]
        grads[w_ih] = in_torch_order(dW_ih[:, :n_in])
        grads[w_hh] = in_torch_order(np.dot(dz_h2.T, lc["h"][:-1].reshape(T * B, -1)))
        if b:
            grads[b[0]] = in_torch_order(dW_ih[:, n_in])
            grads[b[1]] = in_torch_order(self.cell.bias_hh_grad(dW_ih[:, n_in], dz_h2))
        dx = self._buffer((layer, direction), "dx", (T, B, n_in), self.dtype)
        np.dot(dz_x2, lc["W_ih"], out=dx.reshape(T * B, -1))
        return dx

    # ----------------------------------------------------------------- Keras
    def _check_keras_model(self) -> None:
        if self.num_layers != 1 or self.bidirectional:
            raise ValueError("Keras weights map to one layer and one direction; this model "
                             f"has num_layers={self.num_layers}, "
                             f"bidirectional={self.bidirectional}")

    def _keras_shapes(self) -> list[tuple[int, ...]]:
        G = self.gate_size
        shapes = [(self.input_size, G), (self.hidden_size, G)]
        if self.bias:
            shapes.append((2, G) if self.mode == "gru" else (G,))
        return shapes

    def set_keras_weights(self, weights: list[ArrayLike]) -> None:
        """Load a Keras 3 layer's ``get_weights()`` list (single layer, one direction).

        LSTM: [kernel (I, 4H), recurrent_kernel (H, 4H), bias (4H,)], gates (i, f, c, o).
        SimpleRNN: [kernel (I, H), recurrent_kernel (H, H), bias (H,)].
        GRU (reset_after=True): [kernel (I, 3H), recurrent_kernel (H, 3H), bias (2, 3H)],
        gates (z, r, h); bias row 0 is the input bias, row 1 the recurrent bias.
        Keras's single bias goes to ``bias_ih`` with ``bias_hh`` = 0. Without bias
        (use_bias=False / bias=False) the list has two arrays.
        """
        self._check_keras_model()
        shapes = self._keras_shapes()
        if not isinstance(weights, (list, tuple)) or len(weights) != len(shapes):
            raise ValueError(f"weights must be a list of {len(shapes)} arrays shaped "
                             f"{shapes}, got {type(weights).__name__} of length "
                             f"{len(weights) if hasattr(weights, '__len__') else '?'}")
        arrays = []
        names = ("kernel", "recurrent_kernel", "bias")[:len(shapes)]
        for n, (name, w, shape) in enumerate(zip(names, weights, shapes, strict=True)):
            if self.mode == "gru" and n == 2 and np.shape(w) == (self.gate_size,):
                raise ValueError("GRU bias of shape (3H,) means reset_after=False, which "
                                 "has no torch equivalent; use reset_after=True (bias (2, 3H))")
            array = _as_finite(f"weights[{n}] ({name})", w, self.dtype, shape)
            _check_shape(f"weights[{n}] ({name})", array, shape)
            arrays.append(array)
        cols = block_rows(_KERAS_BLOCKS[self.mode], self.hidden_size)
        sd = {"weight_ih_l0": arrays[0][:, cols].T, "weight_hh_l0": arrays[1][:, cols].T}
        if self.bias:
            bias = arrays[2]
            if self.mode == "gru":
                sd["bias_ih_l0"], sd["bias_hh_l0"] = bias[0, cols], bias[1, cols]
            else:
                sd["bias_ih_l0"], sd["bias_hh_l0"] = bias, np.zeros_like(bias)
        self.load_state_dict(sd)

    def get_keras_weights(self) -> list[np.ndarray]:
        """The parameters as a Keras 3 ``set_weights`` list (see :meth:`set_keras_weights`).

        The LSTM/SimpleRNN bias comes back as ``bias_ih + bias_hh``.
        """
        self._check_keras_model()
        p = self._params
        rows = block_rows(_KERAS_BLOCKS[self.mode], self.hidden_size)
        weights = [p["weight_ih_l0"][rows].T.copy(), p["weight_hh_l0"][rows].T.copy()]
        if self.bias:
            b_ih, b_hh = p["bias_ih_l0"][rows], p["bias_hh_l0"][rows]
            weights.append(np.stack([b_ih, b_hh]) if self.mode == "gru" else b_ih + b_hh)
        return weights

    def __repr__(self) -> str:
        args = [str(self.input_size), str(self.hidden_size)]
        defaults = {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0,
                    "bidirectional": False}
        for name, default in defaults.items():
            if getattr(self, name) != default:
                args.append(f"{name}={getattr(self, name)}")
        if self.mode == "rnn" and self.cell.nonlinearity != "tanh":
            args.append(f"nonlinearity={self.cell.nonlinearity!r}")
        return f"{type(self).__name__}({', '.join(args)})"


_SHAPES_DOC = """
    Args:
        input_size: the number of features I of each input x_t.
        hidden_size: the number of features H of the hidden state h.
        num_layers: the number of stacked layers L; layer k > 0 reads layer k-1's
            output. Default 1.
        bias: if False, the layer has no ``bias_ih`` / ``bias_hh``. Default True.
        batch_first: if True, batched input and output are (B, T, ·) instead of
            (T, B, ·). Never applies to the states nor to unbatched input. Default False.
        dropout: if > 0, dropout with this probability on the outputs of every layer
            except the last, in training mode only (seeded by ``seed``). Default 0.
        bidirectional: if True, each layer also runs backwards in time (D = 2).
        seed: integer seed of the initial weights and of the dropout masks.
        dtype: np.float64 (default) or np.float32.
        init: "torch" (every parameter ~ U(-1/√H, 1/√H)) or "keras" (glorot-uniform
            input weights, orthogonal recurrent weights, zero biases{forget}).{extra_args}

    Inputs: input, {hx}
        input: (T, I) unbatched, (T, B, I), or (B, T, I) with batch_first=True.
        {hx_doc}

    Outputs: output, {out}
        output: (T, D·H) unbatched, (T, B, D·H), or (B, T, D·H) with batch_first:
            the last layer's h_t for every t; the reverse direction's values sit
            in the second half, aligned to input time.
        {out_doc}
        With ``return_trace=True`` a third value, a :class:`~lstm_core.Trace`.

    Attributes:
        weight_ih_l[k], weight_hh_l[k], bias_ih_l[k], bias_hh_l[k] (and ``_reverse``):
            the keys of :meth:`state_dict` / :meth:`parameters`, shaped as in torch.nn:
            weight_ih_l0 ({G}H, I), weight_ih_l[k>0] ({G}H, D·H), weight_hh_l[k]
            ({G}H, H), biases ({G}H,).
"""


class _GatedRNN(RNNBase):
    """The constructor of :class:`LSTM` and :class:`GRU`: torch's arguments, no nonlinearity."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 seed: int | None = None, dtype: DTypeLike = np.float64, init: str = "torch"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, seed, dtype, init)


class LSTM(_GatedRNN):
    __doc__ = r"""A multi-layer long short-term memory (LSTM) RNN, as ``torch.nn.LSTM``.

    For each element of the input sequence, each layer computes::

        i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
        f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
        g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
        o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
        c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
        h_t = o_t ⊙ tanh(c_t)

    where σ is the sigmoid and ⊙ the elementwise product. Row blocks of the weights
    are the gates in the order (i, f, g, o).
    """ + _SHAPES_DOC.format(
        forget=" except the forget-gate bias, 1", hx="(h0, c0)", out="(h_n, c_n)", G="4", extra_args="",
        hx_doc="h0, c0: (D·L, H) unbatched or (D·L, B, H): the initial states, index "
               "layer·D + direction. Optional (zeros).",
        out_doc="h_n, c_n: shaped like h0, c0: the final states of every layer and "
                "direction (the reverse direction's after reading x_0).")

    mode = "lstm"


class RNN(RNNBase):
    __doc__ = r"""A multi-layer Elman RNN, as ``torch.nn.RNN``::

        h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

    with φ = tanh (default) or relu, as in torch, or "sigmoid" — an extension of
    this project for the vanishing-gradient lesson, not available in torch.
    """ + _SHAPES_DOC.format(
        forget="", hx="h0", out="h_n", G="",
        hx_doc="h0: (D·L, H) unbatched or (D·L, B, H), index layer·D + direction. "
               "Optional (zeros).",
        out_doc="h_n: shaped like h0: the final hidden states.",
        extra_args='\n        nonlinearity: "tanh" (default), "relu" or "sigmoid" (not in torch).')

    mode = "rnn"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, seed: int | None = None, dtype: DTypeLike = np.float64,
                 init: str = "torch"):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, seed, dtype, init, nonlinearity)


class GRU(_GatedRNN):
    __doc__ = r"""A multi-layer gated recurrent unit (GRU) RNN, as ``torch.nn.GRU``::

        r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
        z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
        n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
        h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}

    Row blocks of the weights are the gates in the order (r, z, n).
    """ + _SHAPES_DOC.format(
        forget="", hx="h0", out="h_n", G="3", extra_args="",
        hx_doc="h0: (D·L, H) unbatched or (D·L, B, H), index layer·D + direction. "
               "Optional (zeros).",
        out_doc="h_n: shaped like h0: the final hidden states.")

    mode = "gru"
