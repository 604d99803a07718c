"""How fast lstm_core trains the app's models, and how well: next-character fits and the race.

Run from the repository root:

    .venv/bin/python benchmarks/bench_train.py [--rounds 5] [--repeats 5] [--seeds 5] [--json]

1. ``fit_next_char`` — the step page trains on every sequence change. Each case (text,
   hidden size, layers, cell) is timed in every round, rounds interleave the cases, and
   a case's time is the smallest of its round medians: the machine is shared and noisy
   (numerics.md §2.4), so the best round is the closest to the code's own cost. Targets:
   "hello" with 8 LSTM units at 100% accuracy in ≤ 0.2 s; a 64-character sentence well
   under a second.
2. The race — ``race()`` with ``DEFAULT_RACE`` over delays 5…100 for RNN, GRU and LSTM,
   seeds 0 … n−1, accuracy on each (seed, delay)'s held-out test set, and its wall time.
3. Delay 50 per seed — the targets: LSTM ≥ 95%, RNN within 10 points of chance (25%),
   training RNN + LSTM ≤ 10 s. The pair is trained again per seed in ``--rounds``
   interleaved rounds; its time is the best round (the accuracies are the same every
   round, and the same as in the race).

Training is deterministic, so accuracies and step counts are exact repeatable numbers;
only the times vary from run to run. With ``--json`` the last line is one JSON object:
hello_s, hello_acc, hello_steps, race (mean accuracy table), race_s, long_range (per-seed
delay-50 results), next_char (every fit case).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstm_core.training import RaceResult, fit_next_char, race  # noqa: E402

SENTENCE = "the quick brown fox jumps over the lazy dog while the cat sleeps"   # 64 characters
FIT_CASES = [  # (label, text, hidden_size, num_layers, cell)
    ("hello, 8 LSTM units (target)", "hello", 8, 1, "lstm"),
    ("hello, 4 units (step page default)", "hello", 4, 1, "lstm"),
    ("안녕하세요, 8 units", "안녕하세요", 8, 1, "lstm"),
    ("64-char sentence, 8 units", SENTENCE, 8, 1, "lstm"),
    ("64-char sentence, 4 units", SENTENCE, 4, 1, "lstm"),
    ("64-char sentence, 32 units x 3 layers", SENTENCE, 32, 3, "lstm"),
    ("64-char sentence, GRU 8 units", SENTENCE, 8, 1, "gru"),
    ("64-char sentence, RNN 8 units", SENTENCE, 8, 1, "rnn"),
]
CHANCE_MARGIN = 0.10


def time_fits(rounds: int, repeats: int) -> list[dict]:
    """Best-of-rounds median wall time of each fit case, with its (deterministic) outcome."""
    best = {label: float("inf") for label, *_ in FIT_CASES}
    outcome = {}
    for _ in range(rounds):
        for label, text, hidden, layers, cell in FIT_CASES:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                _, history = fit_next_char(text, hidden_size=hidden, num_layers=layers, cell=cell)
                times.append(time.perf_counter() - start)
            best[label] = min(best[label], statistics.median(times))
            outcome[label] = history[-1]
    return [{"case": label, "chars": len(text), "seconds": best[label], "steps": outcome[label].step,
             "accuracy": outcome[label].accuracy, "loss": outcome[label].loss}
            for label, text, *_ in FIT_CASES]


def run_race(seeds: tuple[int, ...], delays=(5, 10, 20, 50, 100), cells=("rnn", "gru", "lstm")) -> RaceResult:
    """The default race; only its final result."""
    *_, result = race(delays=delays, cells=cells, seeds=seeds)
    return result


def time_delay_50(seeds: tuple[int, ...], rounds: int) -> dict:
    """Per seed: LSTM and RNN accuracy at delay 50 and the best-round time to train both."""
    best = dict.fromkeys(seeds, float("inf"))
    accuracy = {}
    for _ in range(rounds):
        for seed in seeds:
            start = time.perf_counter()
            result = run_race((seed,), delays=(50,), cells=("rnn", "lstm"))
            best[seed] = min(best[seed], time.perf_counter() - start)
            accuracy[seed] = {cell: result.per_seed[cell]["50"][0] for cell in ("lstm", "rnn")}
    return {"delay": 50, "seeds": list(seeds), "chance": result.chance,
            "lstm": [accuracy[seed]["lstm"] for seed in seeds], "rnn": [accuracy[seed]["rnn"] for seed in seeds],
            "seconds": [best[seed] for seed in seeds]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds for the fits")
    parser.add_argument("--repeats", type=int, default=5, help="fits per case per round")
    parser.add_argument("--seeds", type=int, default=5, help="race seeds 0 … n−1")
    parser.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    args = parser.parse_args()

    fits = time_fits(args.rounds, args.repeats)
    print("fit_next_char: Adam lr 0.05, clip 1, stop at 100% accuracy and loss ≤ 0.1 (max 300 steps)")
    print(f"time = best of {args.rounds} interleaved rounds' medians of {args.repeats} fits\n")
    print(f"{'case':40s} {'chars':>5s} {'time':>9s} {'steps':>5s} {'accuracy':>8s} {'loss':>6s}")
    for f in fits:
        print(f"{f['case']:40s} {f['chars']:5d} {f['seconds'] * 1e3:7.1f} ms {f['steps']:5d} "
              f"{f['accuracy']:8.1%} {f['loss']:6.3f}")

    seeds = tuple(range(args.seeds))
    result = run_race(seeds)
    s = result.settings
    print(f"\nrace: long-range task (remember symbol 1 of {s.n_symbols} through `delay` random distractors "
          f"of {s.n_distractors}),\n  DEFAULT_RACE = {s}\n  held-out accuracy ({s.test_size} sequences "
          f"per seed and delay), mean over seeds {list(seeds)}; chance = {result.chance:.0%}\n")
    print(f"{'cell':6s}" + "".join(f"{'delay ' + str(d):>12s}" for d in result.delays))
    for cell in result.cells:
        print(f"{cell:6s}" + "".join(f"{result.accuracy[cell][str(d)]:12.1%}" for d in result.delays))
    print(f"\n{'cell':6s}" + "".join(f"{'min ' + str(d):>12s}" for d in result.delays) + "   (worst seed)")
    for cell in result.cells:
        print(f"{cell:6s}" + "".join(f"{min(result.per_seed[cell][str(d)]):12.1%}" for d in result.delays))
    print(f"\nrace time: {result.seconds:.1f} s (one run, {len(result.cells) * len(result.delays) * len(seeds)} "
          f"models)")

    long_range = time_delay_50(seeds, args.rounds)
    print(f"\ndelay 50, per seed (targets: LSTM ≥ 95%, RNN within {CHANCE_MARGIN:.0%} of chance, RNN + LSTM ≤ 10 s; "
          f"time = best of {args.rounds} rounds):")
    print(f"{'seed':>4s} {'LSTM':>7s} {'RNN':>7s} {'RNN+LSTM':>9s}  verdict")
    for k, seed in enumerate(seeds):
        lstm, rnn, t = long_range["lstm"][k], long_range["rnn"][k], long_range["seconds"][k]
        ok = lstm >= 0.95 and abs(rnn - result.chance) <= CHANCE_MARGIN and t <= 10
        print(f"{seed:4d} {lstm:7.1%} {rnn:7.1%} {t:7.1f} s  {'ok' if ok else 'MISSED'}")

    if args.json:
        hello = fits[0]
        print(json.dumps({"hello_s": hello["seconds"], "hello_acc": hello["accuracy"],
                          "hello_steps": hello["steps"], "race": result.accuracy, "race_s": result.seconds,
                          "long_range": long_range, "next_char": fits}, ensure_ascii=False))


if __name__ == "__main__":
    main()
