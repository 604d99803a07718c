"""lstm_core against torch.nn: forward + backward time of LSTM, RNN and GRU.

Run in the reference venv (torch 2.13 CPU, see requirements-ref.txt), from the
repository root:

    .venv-ref/bin/python benchmarks/bench_core.py [--rounds 5] [--json] [--cpu] [--unset-openblas]
                                                  [--out benchmarks/results/bench_core.txt]

What is timed: one forward and one backward of loss = sum(output), with gradients
for the input and every weight, at (B, T, I, H) = (1, 5, 4, 4) "hello",
(1, 50, 30, 32), (8, 100, 64, 128) and (32, 100, 128, 256), batch_first, float64
and float32. torch runs with torch.set_num_threads(N) and NumPy's BLAS with the same
N threads (threadpoolctl), N = the number of CPUs (at most 2 here).

How (numerics.md §2.4): NumPy and torch slow each other down in one process, and
the machine is shared. So every round starts one process per library that times
all cases (median of repeated calls); rounds alternate the libraries, and the result
of a case is the smallest of its round medians. The NumPy process also measures the
GEMM peak (1024³ matmul) and the peak memory of a traced forward on the largest case
(tracemalloc). ``--unset-openblas`` adds NumPy rounds in processes whose environment
lacks OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (numerics.md §2.3); the headline is the
environment as set.

``--cpu`` adds rounds with one thread per library timed in CPU time
(time.process_time): on a shared machine other processes inflate wall-clock medians
by up to 100x, CPU time much less.

Ratio = ours / torch (below 1: NumPy is faster). Float64 targets from the issue:
at most 0.3 on the two small cases, at most 1.0 on the two large ones. Float32 rows
also give the fraction of the measured GEMM peak (2 flops per multiply-add; LSTM
24·T·B·H·(I+H), GRU 18·…, RNN 6·… for forward + backward).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [(1, 5, 4, 4), (1, 50, 30, 32), (8, 100, 64, 128), (32, 100, 128, 256)]
KINDS = ("lstm", "rnn", "gru")
DTYPES = ("float64", "float32")
GEMM_FLOPS_PER_TBH_IH = {"lstm": 24, "gru": 18, "rnn": 6}
TARGETS = {(1, 5, 4, 4): 0.3, (1, 50, 30, 32): 0.3, (8, 100, 64, 128): 1.0, (32, 100, 128, 256): 1.0}
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
THREADS = min(2, os.cpu_count() or 1)


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def median_time(fn, budget, clock):
    """Median seconds of ``fn()`` over as many calls as fit in ``budget`` seconds (≥ 3)."""
    import numpy as np

    fn()
    start = clock()
    fn()
    once = clock() - start
    times = []
    for _ in range(max(3, int(budget / max(once, 1e-7)))):
        start = clock()
        fn()
        times.append(clock() - start)
    return float(np.median(times))


def numpy_worker(budget, threads, clock):
    import tracemalloc

    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    sys.path.insert(0, str(ROOT))
    from lstm_core import GRU, LSTM, RNN

    classes = {"lstm": LSTM, "rnn": RNN, "gru": GRU}
    result = {"times": {}, "gemm_peak": {}}
    with threadpool_limits(threads, user_api="blas"):
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        result["blas"] = {k: blas[0].get(k) for k in ("internal_api", "architecture", "num_threads")}
        for dtype in DTYPES:
            a = np.random.default_rng(0).random((1024, 1024)).astype(dtype)
            seconds = median_time(lambda a=a: a @ a, budget, clock)
            result["gemm_peak"][dtype] = 2 * 1024**3 / seconds
        for kind in KINDS:
            for dtype in DTYPES:
                for B, T, n_in, H in SIZES:
                    model = classes[kind](n_in, H, batch_first=True, seed=0, dtype=getattr(np, dtype))
                    x = np.random.default_rng(1).normal(size=(B, T, n_in)).astype(dtype)
                    ones = np.ones((B, T, H), dtype)

                    def step(model=model, x=x, ones=ones):
                        model(x)
                        model.backward(ones)

                    result["times"][f"{kind}/{dtype}/{B},{T},{n_in},{H}"] = median_time(step, budget, clock)
        B, T, n_in, H = SIZES[-1]
        x = np.random.default_rng(1).normal(size=(B, T, n_in))
        result["traced_forward_peak_bytes"] = {}
        for kind in KINDS:
            model = classes[kind](n_in, H, batch_first=True, seed=0)
            tracemalloc.start()
            model(x, return_trace=True)
            result["traced_forward_peak_bytes"][kind] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return result


def torch_worker(budget, threads, clock):
    import torch

    torch.set_num_threads(threads)
    modules = {"lstm": torch.nn.LSTM, "rnn": torch.nn.RNN, "gru": torch.nn.GRU}
    result = {"times": {}, "torch": torch.__version__, "threads": torch.get_num_threads()}
    for kind in KINDS:
        for dtype in DTYPES:
            for B, T, n_in, H in SIZES:
                torch_dtype = getattr(torch, dtype)
                module = modules[kind](n_in, H, batch_first=True).to(torch_dtype)
                x = torch.randn(B, T, n_in, dtype=torch_dtype, requires_grad=True)

                def step(module=module, x=x):
                    module.zero_grad(set_to_none=True)
                    x.grad = None
                    output, _ = module(x)
                    output.sum().backward()

                result["times"][f"{kind}/{dtype}/{B},{T},{n_in},{H}"] = median_time(step, budget, clock)
    return result


def run_worker(lib, budget, threads=THREADS, clock="wall", env=None):
    cmd = [sys.executable, __file__, "--worker", lib, "--budget", str(budget),
           "--threads", str(threads), "--clock", clock]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_of(rounds):
    """Per case, the smallest round median; also the largest spread between rounds."""
    best = {k: min(r["times"][k] for r in rounds) for k in rounds[0]["times"]}
    spread = max(max(r["times"][k] for r in rounds) / best[k] for k in best)
    return best, spread


def fmt_time(seconds):
    return f"{seconds * 1e6:.0f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def table(np_best, torch_best, gemm_peak, title):
    lines = [title, "",
             "| model | dtype | B,T,I,H | torch | ours | ours/torch | target | ours % peak | torch % peak |",
             "|---|---|---|---|---|---|---|---|---|"]
    rows = []
    for kind in KINDS:
        for dtype in DTYPES:
            for size in SIZES:
                key = f"{kind}/{dtype}/{','.join(map(str, size))}"
                ours, ref = np_best[key], torch_best[key]
                ratio = ours / ref
                target = TARGETS[size] if dtype == "float64" else None
                verdict = "" if target is None else f"≤ {target} {'ok' if ratio <= target else 'MISSED'}"
                B, T, n_in, H = size
                flops = GEMM_FLOPS_PER_TBH_IH[kind] * T * B * H * (n_in + H)
                peak = (f"{100 * flops / ours / gemm_peak[dtype]:.1f}%",
                        f"{100 * flops / ref / gemm_peak[dtype]:.1f}%") if dtype == "float32" else ("", "")
                lines.append(f"| {kind.upper()} | {dtype} | {key.split('/')[2]} | {fmt_time(ref)} | "
                             f"{fmt_time(ours)} | {ratio:.2f} | {verdict} | {peak[0]} | {peak[1]} |")
                rows.append({"model": kind, "dtype": dtype, "size": size, "torch_s": ref, "ours_s": ours,
                             "ratio": ratio, "target": target})
    return lines, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--budget", type=float, default=0.25, help="seconds per case per round")
    parser.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    parser.add_argument("--unset-openblas", action="store_true",
                        help="also time NumPy with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset")
    parser.add_argument("--out", type=Path, help="also write the table there, the command on top")
    parser.add_argument("--cpu", action="store_true",
                        help="also time both libraries on one thread in CPU time (process_time), "
                             "which other processes' load disturbs less")
    parser.add_argument("--worker", choices=("numpy", "torch"), help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=THREADS, help=argparse.SUPPRESS)
    parser.add_argument("--clock", choices=tuple(CLOCKS), default="wall", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker = numpy_worker if args.worker == "numpy" else torch_worker
        print(json.dumps(worker(args.budget, args.threads, CLOCKS[args.clock])))
        return

    started = time.time()
    np_rounds, torch_rounds, unset_rounds, cpu_rounds = [], [], [], {"numpy": [], "torch": []}
    unset_env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_VARS}
    if args.unset_openblas and unset_env == dict(os.environ):
        print(f"--unset-openblas: none of {OPENBLAS_VARS} is set here; one table only", file=sys.stderr)
        args.unset_openblas = False
    for r in range(args.rounds):
        first, second = ("numpy", "torch") if r % 2 == 0 else ("torch", "numpy")
        for lib in (first, second):
            (np_rounds if lib == "numpy" else torch_rounds).append(run_worker(lib, args.budget))
        if args.unset_openblas:
            unset_rounds.append(run_worker("numpy", args.budget, env=unset_env))
        if args.cpu:
            for lib in (first, second):
                cpu_rounds[lib].append(run_worker(lib, args.budget, threads=1, clock="cpu"))
        print(f"round {r + 1}/{args.rounds} done ({time.time() - started:.0f} s)", file=sys.stderr)

    np_best, np_spread = best_of(np_rounds)
    torch_best, torch_spread = best_of(torch_rounds)
    gemm_peak = {d: max(r["gemm_peak"][d] for r in np_rounds) for d in DTYPES}
    env_as_set = ", ".join(f"{k}={os.environ.get(k, '(unset)')}" for k in OPENBLAS_VARS)
    blas = np_rounds[0]["blas"]
    out = [f"lstm_core vs torch {torch_rounds[0]['torch']}: forward + backward, batch_first, loss = sum(output)",
           f"threads: torch {torch_rounds[0]['threads']}, numpy BLAS {blas['num_threads']} "
           f"({blas['internal_api']}, {blas['architecture']}); {env_as_set}",
           f"{args.rounds} rounds, one process per library per round, best round median; "
           f"worst round/best ratio: numpy {np_spread:.1f}x, torch {torch_spread:.1f}x",
           f"numpy GEMM peak (1024³, same run): float32 {gemm_peak['float32'] / 1e9:.0f} GFLOP/s, "
           f"float64 {gemm_peak['float64'] / 1e9:.0f} GFLOP/s", ""]
    lines, rows = table(np_best, torch_best, gemm_peak, "Environment as set:")
    out += lines
    result = {"rows": rows, "gemm_peak": gemm_peak, "env": env_as_set, "rounds": args.rounds}
    if unset_rounds:
        unset_best, _ = best_of(unset_rounds)
        unset_peak = {d: max(r["gemm_peak"][d] for r in unset_rounds) for d in DTYPES}
        lines, rows = table(unset_best, torch_best, unset_peak,
                            f"NumPy with {' and '.join(OPENBLAS_VARS)} unset "
                            f"(BLAS {unset_rounds[0]['blas']['architecture']}, GEMM peak float32 "
                            f"{unset_peak['float32'] / 1e9:.0f}, float64 {unset_peak['float64'] / 1e9:.0f} GFLOP/s):")
        out += ["", *lines]
        result["rows_openblas_unset"] = rows
    if args.cpu:
        cpu_np, _ = best_of(cpu_rounds["numpy"])
        cpu_torch, _ = best_of(cpu_rounds["torch"])
        cpu_peak = {d: max(r["gemm_peak"][d] for r in cpu_rounds["numpy"]) for d in DTYPES}
        lines, rows = table(cpu_np, cpu_torch, cpu_peak,
                            "One thread each, CPU time (time.process_time), which other processes' "
                            f"load disturbs less (one-thread GEMM peak float32 {cpu_peak['float32'] / 1e9:.0f}, "
                            f"float64 {cpu_peak['float64'] / 1e9:.0f} GFLOP/s):")
        out += ["", *lines]
        result["rows_one_thread_cpu_time"] = rows
    memory = {k: min(r["traced_forward_peak_bytes"][k] for r in np_rounds) for k in KINDS}
    out += ["", f"Peak memory of a traced forward (return_trace=True), float64, (B,T,I,H) = {SIZES[-1]}, "
                "tracemalloc: " + ", ".join(f"{k.upper()} {v / 2**20:.1f} MiB" for k, v in memory.items()),
            f"(wall time {time.time() - started:.0f} s)"]
    result["traced_forward_peak_bytes"] = memory
    text = "\n".join(out)
    print(text)
    if args.out:
        command = " ".join([".venv-ref/bin/python", "benchmarks/bench_core.py", *sys.argv[1:]])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"$ {command}\n\n{text}\n")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
