"""Make the PyTorch and Keras reference fixtures of lstm_core's tests.

Run in the reference venv (see requirements-ref.txt), from the repository root:

    KERAS_BACKEND=torch .venv-ref/bin/python scripts/make_core_fixtures.py

Writes tests/core/fixtures/torch_parity.npz and tests/core/fixtures/keras.npz.
Everything is float64 and seeded, so re-running gives the same files up to the
libraries' own rounding. The tests need neither torch nor keras.

torch_parity.npz: for every case ``<name>/...``: the torch state_dict (keys as in
torch), ``x``, ``h0`` (and ``c0``), the upstream gradients ``grad_output``,
``grad_h_n`` (and ``grad_c_n``), the results ``output``, ``h_n`` (``c_n``) and the
gradients ``grad/<key>`` for every parameter and ``grad/input``, ``grad/h0``
(``grad/c0``). ``cases`` holds the case list as JSON.

keras.npz: for LSTM, SimpleRNN and GRU(reset_after=True): ``<layer>/w<k>`` (the
``get_weights()`` list), ``x`` (B, T, I), ``h0`` (and ``c0``), and the layer's
``output`` (return_sequences=True) and final states. (Keras 3 maps float64 to
float32 in ops.matmul's type promotion, so its SimpleRNN values are float32-accurate;
the LSTM and GRU layers stay float64.)
"""

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import torch

OUT = Path(__file__).resolve().parents[1] / "tests" / "core" / "fixtures"
SIZES = {"T": 5, "B": 3, "I": 4, "H": 3}   # steps, batch, input and hidden features

# (name, kind, options); kind "rnn_relu" is nn.RNN(nonlinearity="relu").
CASES = [
    (f"{kind}_{tag}", kind, opts)
    for kind in ("lstm", "rnn_tanh", "rnn_relu", "gru")
    for tag, opts in [
        ("l1", {}),
        ("l2_bi", {"num_layers": 2, "bidirectional": True}),
        ("l3_batch_first", {"num_layers": 3, "batch_first": True}),
        ("l3_bi_batch_first", {"num_layers": 3, "bidirectional": True, "batch_first": True}),
        ("l2_nobias", {"num_layers": 2, "bias": False}),
        ("l2_bi_unbatched", {"num_layers": 2, "bidirectional": True, "unbatched": True}),
        ("l1_no_hx", {"no_hx": True}),
    ]
] + [("lstm_long", "lstm", {"num_layers": 2, "T": 40, "B": 4, "I": 6, "H": 8})]


def torch_case(kind, opts, seed):
    torch.manual_seed(seed)
    T_, B_, I_, H_ = (opts.get(k, v) for k, v in SIZES.items())
    layer_opts = {k: opts[k] for k in ("num_layers", "bidirectional", "batch_first", "bias")
                  if k in opts}
    if kind == "lstm":
        module = torch.nn.LSTM(I_, H_, **layer_opts)
    elif kind == "gru":
        module = torch.nn.GRU(I_, H_, **layer_opts)
    else:
        module = torch.nn.RNN(I_, H_, nonlinearity=kind.split("_")[1], **layer_opts)
    module = module.double()
    with torch.no_grad():   # biases as large as weights, so that a lost bias shows
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    LD = module.num_layers * (2 if module.bidirectional else 1)
    unbatched = opts.get("unbatched", False)
    x_shape = (T_, I_) if unbatched else ((B_, T_, I_) if module.batch_first else (T_, B_, I_))
    s_shape = (LD, H_) if unbatched else (LD, B_, H_)
    x = torch.randn(x_shape, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(s_shape, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(s_shape, dtype=torch.float64, requires_grad=True)
    states = [h0, c0] if kind == "lstm" else [h0]
    if opts.get("no_hx"):
        output, final = module(x)
    else:
        output, final = module(x, tuple(states) if kind == "lstm" else h0)
    final = list(final) if kind == "lstm" else [final]
    grad_output = torch.randn_like(output)
    grad_final = [torch.randn_like(s) for s in final]
    loss = (output * grad_output).sum() + sum((s * g).sum() for s, g in zip(final, grad_final, strict=True))
    loss.backward()

    arrays = {name: p.detach().numpy() for name, p in module.state_dict().items()}
    arrays.update(x=x.detach().numpy(), output=output.detach().numpy(),
                  grad_output=grad_output.numpy())
    arrays.update({f"grad/{name}": p.grad.numpy() for name, p in module.named_parameters()})
    arrays["grad/input"] = x.grad.numpy()
    for label, s0, s_n, g_n in zip("hc", states, final, grad_final, strict=False):
        if not opts.get("no_hx"):
            arrays[f"{label}0"] = s0.detach().numpy()
            arrays[f"grad/{label}0"] = s0.grad.numpy()
        arrays[f"{label}_n"] = s_n.detach().numpy()
        arrays[f"grad_{label}_n"] = g_n.numpy()
    return arrays


def keras_case(kind, seed):
    rng = np.random.default_rng(seed)
    layer_cls = {"lstm": keras.layers.LSTM, "rnn": keras.layers.SimpleRNN,
                 "gru": keras.layers.GRU}[kind]
    steps, batch, n_in, hidden = SIZES.values()
    layer = layer_cls(hidden, return_sequences=True, return_state=True, dtype="float64")
    x = rng.normal(size=(batch, steps, n_in))
    states = [rng.normal(size=(batch, hidden)) for _ in range(2 if kind == "lstm" else 1)]
    layer.build(x.shape)
    layer.set_weights([rng.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    output, *final = (keras.ops.convert_to_numpy(a) for a in layer(x, initial_state=states))
    arrays = {f"w{k}": w for k, w in enumerate(layer.get_weights())}
    arrays.update(x=x, output=output, h0=states[0], h_n=final[0])
    if kind == "lstm":
        arrays.update(c0=states[1], c_n=final[1])
    return arrays


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    torch_arrays = {"cases": np.array(json.dumps([[n, k, o] for n, k, o in CASES])),
                    "torch_version": np.array(torch.__version__)}
    for seed, (name, kind, opts) in enumerate(CASES):
        for key, value in torch_case(kind, opts, seed).items():
            torch_arrays[f"{name}/{key}"] = value
    np.savez_compressed(OUT / "torch_parity.npz", **torch_arrays)

    keras_arrays = {"keras_version": np.array(keras.__version__)}
    for seed, kind in enumerate(("lstm", "rnn", "gru")):
        for key, value in keras_case(kind, 100 + seed).items():
            keras_arrays[f"{kind}/{key}"] = value
    np.savez_compressed(OUT / "keras.npz", **keras_arrays)
    for path in sorted(OUT.glob("*.npz")):
        print(f"{path.relative_to(OUT.parents[2])}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
