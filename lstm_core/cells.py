"""The three recurrent cells: each step's forward equations beside its backward.

Every cell runs a whole sequence for one layer and one direction. The caller has
already computed the input part of the pre-activations for all steps as one GEMM,
``z[t] = x_t W_ihᵀ + b`` (shape (T, B, G·H)); the cell adds the recurrent part
step by step. Shapes: T steps, B batch rows, H hidden units, G gates.

One trick keeps the step loop short: the caller multiplies the weight and bias
rows of the sigmoid gates by ``block_scale`` = -1, so the loop holds -z for them
and computes σ(z) = 1 / (1 + exp(-z)) in three in-place calls. (NumPy's float64
exp is about twice as fast as its tanh on CPUs without AVX-512; exp(-z) may
overflow to inf for z < -709, which gives the exact σ = 0, so overflow warnings
are silenced in the loop.) The trace divides the stored values by the scale again,
which is exact.

Backward, in micrograd style: each forward line has its local derivative next to
it in the comments, and the local factors that depend only on forward values
(σ', tanh', products with saved gates) are computed for all steps at once before
the reverse loop. Only the chain through dh (and dc) runs step by step; the weight
gradients are left to the caller as one GEMM over all steps:

    dW_ih = Σ_t dz_tᵀ x_t,   dW_hh = Σ_t dz_tᵀ h_{t-1},   dx_t = dz_t W_ih.

``backward`` takes the unscaled W_hh (G·H, H) in the cell's block order.

Each ``forward`` returns a cache dict; ``h`` and ``c`` there have T + 1 rows, row 0
being the initial state, so ``h[t]`` is the state entering step t. Each ``backward``
returns a dict: ``dz_x`` and ``dz_h`` (T, B, G·H), the gradients of the input and
recurrent pre-activations (the same array except for the GRU), ``dh0``, ``dc0``, and
``dh``, ``dc`` (T, B, H): the total gradients reaching h_t and c_t.
"""

import numpy as np

from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh_grad


def _gate_blocks(names, z, a, block_scale, H):
    """Trace arrays ``pre_<name>`` (true pre-activations: the loop's scaled ones divided
    by the scale, exact for ±1) and ``<name>`` (activations), one per block."""
    arrays = {}
    for k, name in enumerate(names):
        block = slice(k * H, (k + 1) * H)
        arrays["pre_" + name] = z[..., block] / z.dtype.type(block_scale[k])
        arrays[name] = a[..., block].copy()
    return arrays


class LSTMCell:
    """LSTM step, torch equations (gates i, f, g, o)::

        i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
        c_t = f ⊙ c_{t-1} + i ⊙ g
        h_t = o ⊙ tanh(c_t)

    with z = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh. Internally the gate blocks are
    kept in the order (i, f, o, g) so that the sigmoid gates are contiguous.
    """

    kind = "lstm"
    num_gates = 4
    has_cell_state = True
    block_order = (0, 1, 3, 2)           # internal (i, f, o, g) from torch's (i, f, g, o)
    block_scale = (-1.0, -1.0, -1.0, 1.0)   # -z for the sigmoid gates

    @staticmethod
    def split_bias(b_ih, b_hh):
        """(b_x, b_hn): the bias added to the input projection and the one kept in the
        step loop. Only b_ih + b_hh ever enters the LSTM."""
        return b_ih + b_hh, None

    def forward(self, z, W_hh_T, b_hn, h0, c0):
        T, B, G = z.shape
        H = G // 4
        a = np.empty_like(z)  # activations i, f, o, g
        h = np.empty((T + 1, B, H), z.dtype)
        c = np.empty_like(h)
        h[0], c[0] = h0, c0
        tanh_c = np.empty((T, B, H), z.dtype)
        z_h = np.empty((B, G), z.dtype)
        i_g = np.empty((B, H), z.dtype)
        steps = zip(z, z[..., :3 * H], z[..., 3 * H:], a[..., :3 * H], a[..., :H],
                    a[..., H:2 * H], a[..., 2 * H:3 * H], a[..., 3 * H:],
                    c[:-1], c[1:], tanh_c, h[:-1], h[1:], strict=True)
        with np.errstate(over="ignore"):
            for z_t, z_ifo, z_g, ifo, i, f, o, g, c_prev, c_t, tanh_c_t, h_prev, h_t in steps:
                np.dot(h_prev, W_hh_T, out=z_h)
                z_t += z_h                        # z = W_ih x + b + W_hh h_prev  (-z for i, f, o)
                np.exp(z_ifo, out=ifo)
                ifo += 1
                np.reciprocal(ifo, out=ifo)       # i, f, o = σ(z) = 1 / (1 + exp(-z))
                np.tanh(z_g, out=g)               # g = tanh(z_g)
                np.multiply(f, c_prev, out=c_t)   # c = f ⊙ c_prev
                np.multiply(i, g, out=i_g)
                c_t += i_g                        #     + i ⊙ g
                np.tanh(c_t, out=tanh_c_t)
                np.multiply(o, tanh_c_t, out=h_t)   # h = o ⊙ tanh(c)
        return {"z": z, "a": a, "h": h, "c": c, "tanh_c": tanh_c}

    def backward(self, cache, W_hh, dh_out, dh_n, dc_n):
        a, c, tanh_c = cache["a"], cache["c"], cache["tanh_c"]
        T, B, G = a.shape
        H = G // 4
        i, f, o, g = a[..., :H], a[..., H:2 * H], a[..., 2 * H:3 * H], a[..., 3 * H:]
        # Local factors for all steps at once, block by block (internal order i, f, o, g):
        #   dz_i = dc ⊙ g ⊙ σ'        (from c = f c_prev + i g)
        #   dz_f = dc ⊙ c_prev ⊙ σ'
        #   dz_o = dh ⊙ tanh(c) ⊙ σ'  (from h = o tanh(c))
        #   dz_g = dc ⊙ i ⊙ tanh'
        d_ifo = sigmoid_grad(a[..., :3 * H])      # σ' of i, f, o
        m = np.empty((T, B, 4, H), a.dtype)
        np.multiply(g, d_ifo[..., :H], out=m[:, :, 0])
        np.multiply(c[:-1], d_ifo[..., H:2 * H], out=m[:, :, 1])
        np.multiply(tanh_c, d_ifo[..., 2 * H:], out=m[:, :, 2])
        np.multiply(i, tanh_grad(g), out=m[:, :, 3])
        dh_to_dc = o * tanh_grad(tanh_c)          # dc += dh ⊙ o ⊙ tanh'(c)
        dz = np.empty((T, B, 4, H), a.dtype)
        dh, dc = np.empty((T, B, H), a.dtype), np.empty((T, B, H), a.dtype)
        dh_next, dc_next = dh_n.copy(), dc_n.copy()
        rev = slice(None, None, -1)
        steps = zip(dh_out[rev], dh[rev], dc[rev], dc[rev, :, None], dh_to_dc[rev], m[rev],
                    m[rev, :, 2], dz[rev], dz[rev, :, 2], dz.reshape(T, B, G)[rev], f[rev],
                    strict=True)
        for dh_out_t, dh_t, dc_t, dc_t4, dh_to_dc_t, m_t, m_o, dz_t, dz_o, dz_flat, f_t in steps:
            np.add(dh_out_t, dh_next, out=dh_t)       # dh_t = dL/dh_t (output + next step)
            np.multiply(dh_t, dh_to_dc_t, out=dc_t)
            dc_t += dc_next                           # dc_t = dc_next + dh ⊙ o ⊙ tanh'(c)
            np.multiply(m_t, dc_t4, out=dz_t)         # dz_i, dz_f, dz_g (dz_o: next line)
            np.multiply(dh_t, m_o, out=dz_o)
            np.dot(dz_flat, W_hh, out=dh_next)        # dh_prev = dz W_hh
            np.multiply(dc_t, f_t, out=dc_next)       # dc_prev = dc ⊙ f
        dz = dz.reshape(T, B, G)
        return {"dz_x": dz, "dz_h": dz, "dh0": dh_next, "dc0": dc_next, "dh": dh, "dc": dc}

    def trace_arrays(self, cache):
        arrays = _gate_blocks("ifog", cache["z"], cache["a"], self.block_scale,
                              cache["tanh_c"].shape[-1])
        arrays.update(c=cache["c"][1:].copy(), tanh_c=cache["tanh_c"].copy(),
                      h=cache["h"][1:].copy())
        return arrays


RNN_NONLINEARITIES = {"tanh": (np.tanh, tanh_grad), "relu": (relu, relu_grad),
                      "sigmoid": (sigmoid, sigmoid_grad)}


class RNNCell:
    """Elman RNN step: h_t = φ(z) with z = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh.

    φ is tanh or relu (as torch.nn.RNN) or sigmoid (an extension of this project,
    for the vanishing-gradient lesson; not in torch).
    """

    kind = "rnn"
    num_gates = 1
    has_cell_state = False
    block_order = (0,)
    block_scale = (1.0,)
    split_bias = staticmethod(LSTMCell.split_bias)   # b_ih + b_hh

    def __init__(self, nonlinearity="tanh"):
        self.nonlinearity = nonlinearity
        self.phi, self.phi_grad = RNN_NONLINEARITIES[nonlinearity]

    def forward(self, z, W_hh_T, b_hn, h0, c0=None):
        T, B, H = z.shape
        h = np.empty((T + 1, B, H), z.dtype)
        h[0] = h0
        z_h = np.empty((B, H), z.dtype)
        for z_t, h_prev, h_t in zip(z, h[:-1], h[1:], strict=True):
            np.dot(h_prev, W_hh_T, out=z_h)
            z_t += z_h                 # z = W_ih x + b + W_hh h_prev
            self.phi(z_t, out=h_t)     # h = φ(z)
        return {"z": z, "h": h}

    def backward(self, cache, W_hh, dh_out, dh_n, dc_n=None):
        h = cache["h"]
        T, B, H = dh_out.shape
        phi_grad = self.phi_grad(h[1:])   # dz = dh ⊙ φ'(z), φ' from the output h
        dz = np.empty((T, B, H), h.dtype)
        dh = np.empty((T, B, H), h.dtype)
        dh_next = dh_n.copy()
        rev = slice(None, None, -1)
        for dh_out_t, dh_t, phi_grad_t, dz_t in zip(dh_out[rev], dh[rev], phi_grad[rev], dz[rev],
                                                    strict=True):
            np.add(dh_out_t, dh_next, out=dh_t)    # dh_t = dL/dh_t (output + next step)
            np.multiply(dh_t, phi_grad_t, out=dz_t)
            np.dot(dz_t, W_hh, out=dh_next)        # dh_prev = dz W_hh
        return {"dz_x": dz, "dz_h": dz, "dh0": dh_next, "dc0": None, "dh": dh, "dc": None}

    def trace_arrays(self, cache):
        return {"pre": cache["z"].copy(), "h": cache["h"][1:].copy()}


class GRUCell:
    """GRU step, torch equations (gates r, z, n)::

        r = σ(W_ir x + b_ir + W_hr h_{t-1} + b_hr)
        z = σ(W_iz x + b_iz + W_hz h_{t-1} + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h_{t-1} + b_hn))
        h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}

    ``hn`` below is W_hn h_{t-1} + b_hn; b_hn sits inside r ⊙ (...), so it is added
    per step, while b_hr and b_hz are folded into the input part.
    In the code the update gate is ``u`` (``z`` names pre-activations).
    """

    kind = "gru"
    num_gates = 3
    has_cell_state = False
    block_order = (0, 1, 2)
    block_scale = (-1.0, -1.0, 1.0)      # -z for r and z (the sigmoid gates)

    @staticmethod
    def split_bias(b_ih, b_hh):
        """(b_x, b_hn): b_ih plus the r and z blocks of b_hh go to the input projection;
        b_hn stays in the step loop."""
        H = len(b_ih) // 3
        b_x = b_ih.copy()
        b_x[:2 * H] += b_hh[:2 * H]
        return b_x, b_hh[2 * H:]

    def forward(self, z, W_hh_T, b_hn, h0, c0=None):
        T, B, G = z.shape
        H = G // 3
        zh = np.empty_like(z)      # W_hh h_prev, blocks r, z (negated), n (+ b_hn)
        pre = np.empty_like(z)     # pre-activations of r, z (negated) and n
        a = np.empty_like(z)       # r, z, n
        h = np.empty((T + 1, B, H), z.dtype)
        h[0] = h0
        diff = np.empty((B, H), z.dtype)
        steps = zip(z[..., :2 * H], z[..., 2 * H:], zh, zh[..., :2 * H], zh[..., 2 * H:],
                    pre[..., :2 * H], pre[..., 2 * H:], a[..., :2 * H],
                    a[..., :H], a[..., H:2 * H], a[..., 2 * H:], h[:-1], h[1:], strict=True)
        with np.errstate(over="ignore"):
            for (zx_rz, zx_n, zh_t, zh_rz, hn, pre_rz, pre_n, rz, r, u, n,
                 h_prev, h_t) in steps:
                np.dot(h_prev, W_hh_T, out=zh_t)   # (r, z rows negated)
                if b_hn is not None:
                    hn += b_hn                     # hn = W_hn h_prev + b_hn
                np.add(zx_rz, zh_rz, out=pre_rz)
                np.exp(pre_rz, out=rz)
                rz += 1
                np.reciprocal(rz, out=rz)          # r, z = σ(...) = 1 / (1 + exp(-...))
                np.multiply(r, hn, out=pre_n)
                pre_n += zx_n                      # W_in x + b_in + r ⊙ hn
                np.tanh(pre_n, out=n)              # n = tanh(...)
                np.subtract(h_prev, n, out=diff)
                diff *= u
                np.add(n, diff, out=h_t)           # h = n + z ⊙ (h_prev - n)
        return {"zh": zh, "pre": pre, "a": a, "h": h}

    def backward(self, cache, W_hh, dh_out, dh_n, dc_n=None):
        zh, a, h = cache["zh"], cache["a"], cache["h"]
        T, B, G = a.shape
        H = G // 3
        r, u, n = a[..., :H], a[..., H:2 * H], a[..., 2 * H:]
        hn = zh[..., 2 * H:]
        # Local factors for all steps, as multipliers of dh_t:
        #   dpre_n = dh ⊙ (1 - z) ⊙ tanh'(n)          (h = (1 - z) n + z h_prev)
        #   dpre_z = dh ⊙ (h_prev - n) ⊙ σ'(z)
        #   dpre_r = dpre_n ⊙ hn ⊙ σ'(r)             (n = tanh(... + r ⊙ hn))
        #   dhn    = dpre_n ⊙ r                      (recurrent part of the n block)
        #   dh_prev = [dpre_r, dpre_z, dhn] W_hh + dh ⊙ z
        m = np.empty((T, B, 3, H), a.dtype)
        m[:, :, 2] = (1 - u) * tanh_grad(n)
        m[:, :, 1] = (h[:-1] - n) * sigmoid_grad(u)
        m[:, :, 0] = m[:, :, 2] * hn * sigmoid_grad(r)
        m_n = m[:, :, 2].copy()
        m[:, :, 2] *= r
        dz_h = np.empty((T, B, 3, H), a.dtype)
        dh = np.empty((T, B, H), a.dtype)
        z_dh = np.empty((B, H), a.dtype)
        dh_next = dh_n.copy()
        rev = slice(None, None, -1)
        steps = zip(dh_out[rev], dh[rev], dh[rev, :, None], m[rev], dz_h[rev],
                    dz_h.reshape(T, B, G)[rev], u[rev], strict=True)
        for dh_out_t, dh_t, dh_t3, m_t, dz_t, dz_flat, u_t in steps:
            np.add(dh_out_t, dh_next, out=dh_t)       # dh_t = dL/dh_t (output + next step)
            np.multiply(m_t, dh_t3, out=dz_t)         # dpre_r, dpre_z, dhn
            np.dot(dz_flat, W_hh, out=dh_next)
            np.multiply(dh_t, u_t, out=z_dh)
            dh_next += z_dh                           # dh_prev = dz_h W_hh + dh ⊙ z
        dz_x = dz_h.copy()
        np.multiply(dh, m_n, out=dz_x[:, :, 2])       # input side of n: dpre_n, not dpre_n ⊙ r
        return {"dz_x": dz_x.reshape(T, B, G), "dz_h": dz_h.reshape(T, B, G), "dh0": dh_next,
                "dc0": None, "dh": dh, "dc": None}

    def trace_arrays(self, cache):
        H = cache["h"].shape[-1]
        arrays = _gate_blocks("rzn", cache["pre"], cache["a"], self.block_scale, H)
        arrays.update(hn=cache["zh"][..., 2 * H:].copy(), h=cache["h"][1:].copy())
        return arrays


def make_cell(mode, nonlinearity="tanh"):
    """The cell object for ``mode`` in {"lstm", "rnn", "gru"}."""
    if mode == "lstm":
        return LSTMCell()
    if mode == "gru":
        return GRUCell()
    return RNNCell(nonlinearity)
