"""The fast step loops; read lstm_core/reference.py first for the plain equations.

Every cell runs a whole sequence for one layer and one direction. The caller has
already computed the input part of the pre-activations for all steps as one GEMM,
``z[t] = x_t W_ihᵀ + b`` (shape (T, B, G·H)); the cell adds the recurrent part
step by step. Shapes: T steps, B batch rows, H hidden units, G gates.

One trick keeps the step loop cheap, and each cell's :meth:`Cell.prepare` is where it
lives: NumPy's exp is faster than its tanh on CPUs without AVX-512, so the activations
go through exp. ``prepare`` reorders the gate blocks so that the sigmoid gates are
contiguous and multiplies each block's weight and bias rows by ``block_scale``: -1 for
the sigmoid gates, so the loop holds -z and computes σ(z) = 1 / (1 + exp(-z)), and -2
for the LSTM's g, so one exp call covers all four gates and
tanh(z) = 2 / (1 + exp(-2z)) - 1 (accurate to about 2e-16 absolute). The other tanh
(the LSTM's tanh(c), the GRU's n, the RNN's h) go the same way through
``_tanh_via_exp`` when B·H is large; for small B·H the extra NumPy calls would cost
more than the faster exp saves. exp may overflow to inf, which gives the exact limits
0 and -1, so overflow warnings are silenced. The trace divides the stored values by the
scale again, which is exact (powers of two); :meth:`Cell.in_torch_order` puts gradient
rows back in torch's gate order. docs/performance.md has the measurements.

Backward, in micrograd style: each forward line has its local derivative next to
it in the comments. The local factors that depend only on forward values (σ', tanh',
products with saved gates) are computed for a chunk of steps at once, the chunk small
enough to stay in cache until the reverse loop over its steps uses them (one chunk
for small problems, so few NumPy calls). Only the chain through dh (and dc) runs step
by step; the weight gradients are left to the caller as one GEMM over all steps:

    dW_ih = Σ_t dz_tᵀ x_t,   dW_hh = Σ_t dz_tᵀ h_{t-1},   dx_t = dz_t W_ih.

``backward`` takes the unscaled W_hh (G·H, H) in the cell's block order (``prepare``'s
``W_hh``).

Every per-sequence array (T rows) comes from ``empty(name, shape, dtype)``, which the
layer passes to reuse its buffers between calls; by default a fresh array.

Each ``forward`` returns a cache dict; ``h`` and ``c`` there have T + 1 rows, row 0
being the initial state, so ``h[t]`` is the state entering step t. Each ``backward``
returns a dict: ``dz_x`` and ``dz_h`` (T, B, G·H), the gradients of the input and
recurrent pre-activations (the same array except for the GRU), ``dh0``, ``dc0``, and
``dh``, ``dc`` (T, B, H): the total gradients reaching h_t and c_t.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh_grad

CHUNK_BYTES = 256 * 1024   # size of one per-step array's chunk in the backward pass
EXP_TANH_MIN_SIZE = 512    # B·H from which a step's tanh goes through exp (below, the
                           # extra NumPy calls cost more than the faster exp saves)

Empty = Callable[[str, tuple[int, ...], np.dtype], np.ndarray]
"""``empty(name, shape, dtype)``: where a cell gets its per-sequence arrays."""


def _tanh_via_exp(x: np.ndarray, out: np.ndarray) -> None:
    """out = tanh(x) = 2 / (1 + exp(-2x)) - 1 (x unscaled)."""
    np.multiply(x, -2, out=out)
    with np.errstate(over="ignore"):   # exp(-2x) = inf gives the exact -1
        np.exp(out, out=out)
    out += 1
    np.divide(2, out, out=out)
    out -= 1


def _reverse_chunks(T: int, step_bytes: int) -> tuple[int, list[tuple[int, int]]]:
    """(K, [(start, stop), ...]): step ranges of at most K steps covering range(T) from
    the end, K chosen so that a chunk of a per-step array of ``step_bytes`` is about
    CHUNK_BYTES: the local factors of a chunk stay in cache for its reverse loop."""
    K = min(T, max(1, CHUNK_BYTES // step_bytes))
    return K, [(max(stop - K, 0), stop) for stop in range(T, 0, -K)]


def _new_array(name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """The default ``empty`` of the cells: a fresh array (``name`` is for a caller that
    keeps buffers between calls)."""
    return np.empty(shape, dtype)


def block_rows(blocks: tuple[int, ...], H: int) -> np.ndarray:
    """Row indices that reorder a (len(blocks)·H, ...) weight block-wise."""
    return np.concatenate([np.arange(b * H, (b + 1) * H) for b in blocks])


def _gate_blocks(names: str, z: np.ndarray, a: np.ndarray, block_scale: tuple[float, ...],
                 H: int) -> dict[str, np.ndarray]:
    """Trace arrays ``pre_<name>`` (true pre-activations: the loop's scaled ones divided
    by the scale, exact for ±1 and ±2) and ``<name>`` (activations), one per block."""
    arrays = {}
    for k, name in enumerate(names):
        block = slice(k * H, (k + 1) * H)
        arrays["pre_" + name] = z[..., block] / z.dtype.type(block_scale[k])
        arrays[name] = a[..., block].copy()
    return arrays


class Cell:
    """What the three cells share: the weights as the step loop wants them.

    A cell is made for one hidden size H. ``block_order`` lists the loop's gate blocks
    as indices of torch's blocks, ``block_scale`` the factor of each of them (see the
    module docstring).
    """

    num_gates: int
    block_order: tuple[int, ...]
    block_scale: tuple[float, ...]

    def __init__(self, hidden_size: int):
        self._rows = block_rows(self.block_order, hidden_size)
        self._torch_rows = np.argsort(self._rows)
        self._scale = np.repeat(np.asarray(self.block_scale), hidden_size)[:, None]

    def prepare(self, W_ih: np.ndarray, W_hh: np.ndarray, b_ih: np.ndarray | None = None,
                b_hh: np.ndarray | None = None) -> dict[str, np.ndarray | None]:
        """One layer and direction's torch weights as the step loop uses them.

        Returns a dict: ``W_ih_s`` (G·H, I), or with biases (G·H, I + 1), its last column
        the bias b_x of the input projection (the weight of a constant input 1);
        ``W_hh_s_T`` (H, G·H); ``b_hn``, the GRU's b_hn, added inside the step loop (None
        otherwise); and for the backward ``W_ih`` and ``W_hh``, the same rows unscaled.
        Rows are in the cell's block order, scaled by ``block_scale`` where marked ``_s``.
        """
        scale = self._scale.astype(W_ih.dtype, copy=False)
        W_ih, W_hh = W_ih[self._rows], W_hh[self._rows]
        W_ih_s, b_hn = W_ih * scale, None
        if b_ih is not None:
            b_x, b_hn = self.split_bias(b_ih[self._rows] * scale[:, 0], b_hh[self._rows] * scale[:, 0])
            W_ih_s = np.concatenate([W_ih_s, b_x[:, None]], axis=1)
        return {"W_ih_s": W_ih_s, "W_hh_s_T": (W_hh * scale).T, "b_hn": b_hn, "W_ih": W_ih, "W_hh": W_hh}

    def in_torch_order(self, rows: np.ndarray) -> np.ndarray:
        """A (G·H, ...) array in the cell's block order (a gradient) in torch's order."""
        return rows[self._torch_rows]

    @staticmethod
    def split_bias(b_ih: np.ndarray, b_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """(b_x, b_hn): the bias added to the input projection and the one kept in the
        step loop. Only b_ih + b_hh ever enters the LSTM and the RNN."""
        return b_ih + b_hh, None

    @staticmethod
    def bias_hh_grad(db_x: np.ndarray, dz_h: np.ndarray) -> np.ndarray:
        """The gradient of b_hh, Σ dz_h over steps and batch, given db_x = Σ dz_x (the
        gradient of b_ih): the same, as dz_h is dz_x."""
        return db_x


class LSTMCell(Cell):
    """LSTM step, torch equations (gates i, f, g, o)::

        i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
        c_t = f ⊙ c_{t-1} + i ⊙ g
        h_t = o ⊙ tanh(c_t)

    with z = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh. Internally the gate blocks are
    kept in the order (i, f, o, g) so that the sigmoid gates are contiguous.
    """

    num_gates = 4
    block_order = (0, 1, 3, 2)           # internal (i, f, o, g) from torch's (i, f, g, o)
    block_scale = (-1.0, -1.0, -1.0, -2.0)   # -z for the sigmoid gates, -2z for g

    def forward(self, z: np.ndarray, W_hh_T: np.ndarray, b_hn: None, h0: np.ndarray, c0: np.ndarray,
                empty: Empty = _new_array) -> dict[str, np.ndarray]:
        T, B, G = z.shape
        H = G // 4
        numerator = np.ones((B, G), z.dtype)   # full shape: NumPy's fast same-shape path
        numerator[:, 3 * H:] = 2  # 1 / (1 + exp(-z)) = σ(z); 2 / (1 + exp(-2z)) = tanh(z) + 1
        a = empty("a", z.shape, z.dtype)    # activations i, f, o, g
        h = empty("h", (T + 1, B, H), z.dtype)
        c = empty("c", (T + 1, B, H), z.dtype)
        h[0], c[0] = h0, c0
        tanh_c = empty("tanh_c", (T, B, H), z.dtype)
        z_h = np.empty((B, G), z.dtype)
        i_g = np.empty((B, H), z.dtype)
        one = np.array(1, z.dtype)   # a 0-d array: NumPy's cheapest constant operand
        tanh = _tanh_via_exp if B * H >= EXP_TANH_MIN_SIZE else np.tanh
        steps = zip(z, a, a[..., :H], a[..., H:2 * H], a[..., 2 * H:3 * H], a[..., 3 * H:],
                    c[:-1], c[1:], tanh_c, h[:-1], h[1:], strict=True)
        with np.errstate(over="ignore"):
            for z_t, a_t, i, f, o, g, c_prev, c_t, tanh_c_t, h_prev, h_t in steps:
                np.dot(h_prev, W_hh_T, out=z_h)
                z_t += z_h                          # z = W_ih x + b + W_hh h_prev (scaled)
                np.exp(z_t, out=a_t)
                a_t += one
                np.divide(numerator, a_t, out=a_t)  # i, f, o = σ(z); g + 1
                g -= one                            # g = tanh(z_g)
                np.multiply(f, c_prev, out=c_t)     # c = f ⊙ c_prev
                np.multiply(i, g, out=i_g)
                c_t += i_g                          #     + i ⊙ g
                tanh(c_t, tanh_c_t)
                np.multiply(o, tanh_c_t, out=h_t)   # h = o ⊙ tanh(c)
        return {"z": z, "a": a, "h": h, "c": c, "tanh_c": tanh_c}

    def backward(self, cache: dict[str, np.ndarray], W_hh: np.ndarray, dh_out: np.ndarray,
                 dh_n: np.ndarray, dc_n: np.ndarray, empty: Empty = _new_array) -> dict[str, np.ndarray]:
        a, c, tanh_c = cache["a"], cache["c"], cache["tanh_c"]
        T, B, G = a.shape
        H = G // 4
        dz = empty("dz", (T, B, 4, H), a.dtype)
        dh, dc = empty("dh", (T, B, H), a.dtype), empty("dc", (T, B, H), a.dtype)
        dh_next, dc_next = dh_n.copy(), dc_n.copy()
        K, chunks = _reverse_chunks(T, a[0].nbytes)
        m_chunk = np.empty((K, B, 4, H), a.dtype)
        rev = slice(None, None, -1)
        for start, stop in chunks:
            span = slice(start, stop)
            a_k, tanh_c_k = a[span], tanh_c[span]
            i, f, o, g = a_k[..., :H], a_k[..., H:2 * H], a_k[..., 2 * H:3 * H], a_k[..., 3 * H:]
            # Local factors, block by block (internal order i, f, o, g):
            #   dz_i = dc ⊙ g ⊙ σ'        (from c = f c_prev + i g)
            #   dz_f = dc ⊙ c_prev ⊙ σ'
            #   dz_o = dh ⊙ tanh(c) ⊙ σ'  (from h = o tanh(c))
            #   dz_g = dc ⊙ i ⊙ tanh'
            d_ifo = sigmoid_grad(a_k[..., :3 * H])    # σ' of i, f, o
            m = m_chunk[:stop - start]
            np.multiply(g, d_ifo[..., :H], out=m[:, :, 0])
            np.multiply(c[span], d_ifo[..., H:2 * H], out=m[:, :, 1])
            np.multiply(tanh_c_k, d_ifo[..., 2 * H:], out=m[:, :, 2])
            np.multiply(i, tanh_grad(g), out=m[:, :, 3])
            dh_to_dc = o * tanh_grad(tanh_c_k)        # dc += dh ⊙ o ⊙ tanh'(c)
            steps = zip(dh_out[span][rev], dh[span][rev], dc[span][rev], dc[span, :, None][rev],
                        dh_to_dc[rev], m[rev], m[rev, :, 2], dz[span][rev], dz[span, :, 2][rev],
                        dz.reshape(T, B, G)[span][rev], f[rev], strict=True)
            for dh_out_t, dh_t, dc_t, dc_t4, dh_to_dc_t, m_t, m_o_t, dz_t, dz_o, dz_flat, f_t in steps:
                np.add(dh_out_t, dh_next, out=dh_t)       # dh_t = dL/dh_t (output + next step)
                np.multiply(dh_t, dh_to_dc_t, out=dc_t)
                dc_t += dc_next                           # dc_t = dc_next + dh ⊙ o ⊙ tanh'(c)
                np.multiply(m_t, dc_t4, out=dz_t)         # dz_i, dz_f, dz_g (dz_o: next line)
                np.multiply(dh_t, m_o_t, out=dz_o)
                np.dot(dz_flat, W_hh, out=dh_next)        # dh_prev = dz W_hh
                np.multiply(dc_t, f_t, out=dc_next)       # dc_prev = dc ⊙ f
        dz = dz.reshape(T, B, G)
        return {"dz_x": dz, "dz_h": dz, "dh0": dh_next, "dc0": dc_next, "dh": dh, "dc": dc}

    def trace_arrays(self, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        arrays = _gate_blocks("ifog", cache["z"], cache["a"], self.block_scale,
                              cache["tanh_c"].shape[-1])
        arrays.update(c=cache["c"][1:].copy(), tanh_c=cache["tanh_c"].copy(),
                      h=cache["h"][1:].copy())
        return arrays


RNN_NONLINEARITIES = {"tanh": (np.tanh, tanh_grad), "relu": (relu, relu_grad),
                      "sigmoid": (sigmoid, sigmoid_grad)}


class RNNCell(Cell):
    """Elman RNN step: h_t = φ(z) with z = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh.

    φ is tanh or relu (as torch.nn.RNN) or sigmoid (an extension of this project,
    for the vanishing-gradient lesson; not in torch).
    """

    num_gates = 1
    block_order = (0,)
    block_scale = (1.0,)

    def __init__(self, hidden_size: int, nonlinearity: str = "tanh"):
        super().__init__(hidden_size)
        self.nonlinearity = nonlinearity
        self.phi, self.phi_grad = RNN_NONLINEARITIES[nonlinearity]

    def forward(self, z: np.ndarray, W_hh_T: np.ndarray, b_hn: None, h0: np.ndarray, c0: None = None,
                empty: Empty = _new_array) -> dict[str, np.ndarray]:
        T, B, H = z.shape
        h = empty("h", (T + 1, B, H), z.dtype)
        h[0] = h0
        z_h = np.empty((B, H), z.dtype)
        phi = _tanh_via_exp if self.phi is np.tanh and B * H >= EXP_TANH_MIN_SIZE else self.phi
        for z_t, h_prev, h_t in zip(z, h[:-1], h[1:], strict=True):
            np.dot(h_prev, W_hh_T, out=z_h)
            z_t += z_h                 # z = W_ih x + b + W_hh h_prev
            phi(z_t, out=h_t)          # h = φ(z)
        return {"z": z, "h": h}

    def backward(self, cache: dict[str, np.ndarray], W_hh: np.ndarray, dh_out: np.ndarray,
                 dh_n: np.ndarray, dc_n: None = None, empty: Empty = _new_array) -> dict[str, np.ndarray | None]:
        h = cache["h"]
        T, B, H = dh_out.shape
        phi_grad = self.phi_grad(h[1:])   # dz = dh ⊙ φ'(z), φ' from the output h
        dz = empty("dz", (T, B, H), h.dtype)
        dh = empty("dh", (T, B, H), h.dtype)
        dh_next = dh_n.copy()
        rev = slice(None, None, -1)
        for dh_out_t, dh_t, phi_grad_t, dz_t in zip(dh_out[rev], dh[rev], phi_grad[rev], dz[rev],
                                                    strict=True):
            np.add(dh_out_t, dh_next, out=dh_t)    # dh_t = dL/dh_t (output + next step)
            np.multiply(dh_t, phi_grad_t, out=dz_t)
            np.dot(dz_t, W_hh, out=dh_next)        # dh_prev = dz W_hh
        return {"dz_x": dz, "dz_h": dz, "dh0": dh_next, "dc0": None, "dh": dh, "dc": None}

    def trace_arrays(self, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {"pre": cache["z"].copy(), "h": cache["h"][1:].copy()}


class GRUCell(Cell):
    """GRU step, torch equations (gates r, z, n)::

        r = σ(W_ir x + b_ir + W_hr h_{t-1} + b_hr)
        z = σ(W_iz x + b_iz + W_hz h_{t-1} + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h_{t-1} + b_hn))
        h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}

    ``hn`` below is W_hn h_{t-1} + b_hn; b_hn sits inside r ⊙ (...), so it is added
    per step, while b_hr and b_hz are folded into the input part.
    In the code the update gate is ``u`` (``z`` names pre-activations).
    """

    num_gates = 3
    block_order = (0, 1, 2)
    block_scale = (-1.0, -1.0, 1.0)      # -z for r and z (the sigmoid gates)

    @staticmethod
    def split_bias(b_ih: np.ndarray, b_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(b_x, b_hn): b_ih plus the r and z blocks of b_hh go to the input projection;
        b_hn stays in the step loop."""
        H = len(b_ih) // 3
        b_x = b_ih.copy()
        b_x[:2 * H] += b_hh[:2 * H]
        return b_x, b_hh[2 * H:]

    @staticmethod
    def bias_hh_grad(db_x: np.ndarray, dz_h: np.ndarray) -> np.ndarray:
        """The gradient of b_hh, Σ dz_h over steps and batch (dz_h (T·B, 3H)), given
        db_x = Σ dz_x: the r and z blocks are db_x's, only the n block needs a sum."""
        H = len(db_x) // 3
        db = db_x.copy()
        np.sum(dz_h[:, 2 * H:], axis=0, out=db[2 * H:])
        return db

    def forward(self, z: np.ndarray, W_hh_T: np.ndarray, b_hn: np.ndarray | None, h0: np.ndarray,
                c0: None = None, empty: Empty = _new_array) -> dict[str, np.ndarray]:
        T, B, G = z.shape
        H = G // 3
        # Most step operations read and write whole contiguous (B, H) blocks: NumPy's
        # loops over row-strided operands cost more per element. So the
        # r, z pre-activations are summed over all 3H columns (the n block of that sum
        # is unused), r and z are stored gate by gate (the exp writes them there), and
        # hn gets an array of its own.
        rz = empty("rz", (T, 2, B, H), z.dtype)      # r, z
        hn = empty("hn", (T, B, H), z.dtype)         # W_hn h_prev + b_hn
        n = empty("n", (T, B, H), z.dtype)
        h = empty("h", (T + 1, B, H), z.dtype)
        h[0] = h0
        b_hn = np.zeros(H, z.dtype) if b_hn is None else b_hn
        zh = np.empty((B, G), z.dtype)               # W_hh h_prev (r, z rows negated)
        zh_n = zh[:, 2 * H:]
        pre = np.empty((B, G), z.dtype)              # z + zh; only its r, z block is used
        pre_rz = pre[:, :2 * H].reshape(B, 2, H)
        pre_n = np.empty((B, H), z.dtype)
        diff = np.empty((B, H), z.dtype)
        one = np.array(1, z.dtype)   # a 0-d array: NumPy's cheapest constant operand
        tanh = _tanh_via_exp if B * H >= EXP_TANH_MIN_SIZE else np.tanh
        steps = zip(z, z[..., 2 * H:], rz, rz.transpose(0, 2, 1, 3), rz[:, 0], rz[:, 1], hn, n,
                    h[:-1], h[1:], strict=True)
        with np.errstate(over="ignore"):
            for z_t, zx_n, rz_t, rz_bt, r, u, hn_t, n_t, h_prev, h_t in steps:
                np.dot(h_prev, W_hh_T, out=zh)
                np.add(zh_n, b_hn, out=hn_t)       # hn = W_hn h_prev + b_hn
                np.add(z_t, zh, out=pre)           # -(pre-activations of r, z)
                np.exp(pre_rz, out=rz_bt)          # (rz_bt: rz_t seen as (B, 2, H))
                rz_t += one
                np.divide(one, rz_t, out=rz_t)     # r, z = σ(...) = 1 / (1 + exp(-...))
                np.multiply(r, hn_t, out=pre_n)
                pre_n += zx_n                      # W_in x + b_in + r ⊙ hn
                tanh(pre_n, n_t)                   # n = tanh(...)
                np.subtract(h_prev, n_t, out=diff)
                diff *= u
                np.add(n_t, diff, out=h_t)         # h = n + z ⊙ (h_prev - n)
        return {"z": z, "rz": rz, "hn": hn, "n": n, "h": h}

    def backward(self, cache: dict[str, np.ndarray], W_hh: np.ndarray, dh_out: np.ndarray,
                 dh_n: np.ndarray, dc_n: None = None, empty: Empty = _new_array) -> dict[str, np.ndarray | None]:
        rz, n_all, hn_all, h = cache["rz"], cache["n"], cache["hn"], cache["h"]
        T, B, H = n_all.shape
        G = 3 * H
        dz_h = empty("dz_h", (T, B, 3, H), h.dtype)
        dz_x = empty("dz_x", (T, B, 3, H), h.dtype)
        dh = empty("dh", (T, B, H), h.dtype)
        u_dh = np.empty((B, H), h.dtype)
        dh_next = dh_n.copy()
        K, chunks = _reverse_chunks(T, rz[0].nbytes)
        m_chunk = np.empty((K, 3, B, H), h.dtype)    # (B, H) blocks: contiguous writes
        one_minus_u_chunk, dpre_n_chunk = np.empty((2, K, B, H), h.dtype)
        one = np.array(1, h.dtype)
        rev = slice(None, None, -1)
        for start, stop in chunks:
            span, k = slice(start, stop), stop - start
            r, u, n, hn = rz[span, 0], rz[span, 1], n_all[span], hn_all[span]
            m, one_minus_u, dpre_n = m_chunk[:k], one_minus_u_chunk[:k], dpre_n_chunk[:k]
            m_r, m_u, m_hn = m[:, 0], m[:, 1], m[:, 2]
            # Local factors, as multipliers of dh_t (u is the update gate z):
            #   h = n + u ⊙ (h_prev - n)   dpre_u = dh ⊙ (h_prev - n) ⊙ σ'(u)
            #                                     = dh ⊙ (h - n) ⊙ (1 - u)   (h - n = u (h_prev - n))
            #                              dn     = dh ⊙ (1 - u)
            #   n = tanh(pre_n)            dpre_n = dn ⊙ (1 - n²)
            #   pre_n = ... + r ⊙ hn       dhn    = dpre_n ⊙ r    (recurrent part of the n block)
            #                              dpre_r = dpre_n ⊙ hn ⊙ σ'(r) = dhn ⊙ hn ⊙ (1 - r)
            #   dh_prev = [dpre_r, dpre_u, dhn] W_hh + dh ⊙ u
            np.subtract(one, u, out=one_minus_u)
            np.subtract(h[start + 1:stop + 1], n, out=m_u)
            m_u *= one_minus_u
            np.multiply(n, n, out=dpre_n)
            np.subtract(one, dpre_n, out=dpre_n)
            dpre_n *= one_minus_u
            np.multiply(dpre_n, r, out=m_hn)
            np.subtract(one, r, out=m_r)
            m_r *= hn
            m_r *= m_hn
            steps = zip(dh_out[span][rev], dh[span][rev], m[rev],
                        dz_h[span].transpose(0, 2, 1, 3)[rev], dz_h.reshape(T, B, G)[span][rev],
                        u[rev], strict=True)
            for dh_out_t, dh_t, m_t, dz_t, dz_flat, u_t in steps:
                np.add(dh_out_t, dh_next, out=dh_t)       # dh_t = dL/dh_t (output + next step)
                np.multiply(m_t, dh_t, out=dz_t)          # dpre_r, dpre_u, dhn
                np.dot(dz_flat, W_hh, out=dh_next)
                np.multiply(dh_t, u_t, out=u_dh)
                dh_next += u_dh                           # dh_prev = dz_h W_hh + dh ⊙ u
            # input side: r and z as the recurrent side; n: dpre_n, not dpre_n ⊙ r
            dz_x[span, :, :2] = dz_h[span, :, :2]
            np.multiply(dh[span], dpre_n, out=dz_x[span, :, 2])
        return {"dz_x": dz_x.reshape(T, B, G), "dz_h": dz_h.reshape(T, B, G), "dh0": dh_next,
                "dc0": None, "dh": dh, "dc": None}

    def trace_arrays(self, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        z, rz, hn, n, h = cache["z"], cache["rz"], cache["hn"], cache["n"], cache["h"]
        H = n.shape[-1]
        # The loop keeps no W_hh h_prev for r and z: recompute it with the loop's own
        # per-step products (the same BLAS calls, so the same bits).
        pre = np.empty_like(z)
        for h_prev, pre_t in zip(h[:-1], pre, strict=True):
            np.dot(h_prev, cache["W_hh_s_T"], out=pre_t)
        pre += z
        np.add(z[..., 2 * H:], rz[:, 0] * hn, out=pre[..., 2 * H:])   # the argument of tanh
        arrays = _gate_blocks("rzn", pre, np.concatenate([rz[:, 0], rz[:, 1], n], axis=-1),
                              self.block_scale, H)
        arrays.update(hn=hn.copy(), h=h[1:].copy())
        return arrays


def make_cell(mode: str, hidden_size: int, nonlinearity: str = "tanh") -> Cell:
    """The cell object for ``mode`` in {"lstm", "rnn", "gru"} with H = ``hidden_size``."""
    if mode == "lstm":
        return LSTMCell(hidden_size)
    if mode == "gru":
        return GRUCell(hidden_size)
    return RNNCell(hidden_size, nonlinearity)
