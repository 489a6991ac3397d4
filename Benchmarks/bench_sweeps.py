#!/usr/bin/env python3
"""Strata's TPE and random samplers vs Optuna 5.0's on the same objectives, in one run.

    swift build -c release --product bench-sweeps
    python3 Benchmarks/bench_sweeps.py [--seeds 20] [--trials 100]

Objectives (defined once in Tests/Fixtures/tpe/make_tpe.py and mirrored in
Sources/_StrataTestSupport/SweepObjective.swift): Branin (2-D), Hartmann-6 (6-D) and a conditional
one (a choice among three methods with their own parameters). For each sampler it prints the mean ±
std over seeds of the best value after 50 and 100 trials, and the mean time per suggestion: for
Strata the `suggest` call, for Optuna the time spent inside the sampler's methods (relative search
space, relative and independent sampling, trial hooks), so study bookkeeping is not counted.

    python3 Benchmarks/bench_sweeps.py --winner [--attempts 150] [--rows 5000] [--seed 0]

The agreement matrix a sweep's winner is chosen by (every pair of attempts' adjusted Rand index on
the sampled rows; Guides/ModelSelection.md): Strata's `pairwiseAdjustedRandIndex` and one
`adjustedRandIndex` call per pair, against scikit-learn's `adjusted_rand_score` per pair, on the
same generated labelings (partitions of 2-400 clusters with noise, each a perturbed coarsening of
one hidden partition, as a sweep's attempts are). Prints the times, the ratios and the largest
difference from scikit-learn.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import optuna

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "..", ".build", "release", "bench-sweeps")
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Fixtures", "tpe"))
import make_tpe  # noqa: E402  (the objectives, shared with the fixture script)

TIMED = ("infer_relative_search_space", "sample_relative", "sample_independent", "before_trial", "after_trial")


def timed_sampler(sampler, clock):
    """Wraps the sampler's methods so their time accumulates in clock[0]."""
    for name in TIMED:
        method = getattr(sampler, name)

        def wrapper(*args, _method=method, **kwargs):
            start = time.perf_counter()
            try:
                return _method(*args, **kwargs)
            finally:
                clock[0] += time.perf_counter() - start

        setattr(sampler, name, wrapper)
    return sampler


def run_optuna(objective, make, seeds, trials):
    best50, best100, clock = [], [], [0.0]
    for seed in range(seeds):
        study = optuna.create_study(sampler=timed_sampler(make(seed), clock))
        study.optimize(objective, n_trials=trials)
        values = [t.value for t in study.trials]
        best50.append(min(values[:50]))
        best100.append(min(values[:100]))
    return {"best50": best50, "best100": best100, "seconds_per_suggest": clock[0] / (seeds * trials)}


def winner(attempts, rows, seed):
    """Times every pair's ARI over `attempts` labelings of `rows` rows, Strata vs scikit-learn."""
    import tempfile
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.default_rng(seed)
    hidden = rng.integers(0, 400, rows)
    labelings = []
    for _ in range(attempts):
        k = int(rng.integers(2, 401))
        labels = hidden % k
        moved = rng.random(rows) < rng.uniform(0.0, 0.3)
        labels[moved] = rng.integers(-1, k, int(moved.sum()))
        labelings.append(labels.astype(np.int32))
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "labels.i32")
        np.concatenate(labelings).astype("<i4").tofile(path)
        strata = json.loads(subprocess.run([BIN, "winner", path, str(attempts), str(rows)],
                                           check=True, capture_output=True, text=True).stdout)
    start = time.perf_counter()
    reference = [adjusted_rand_score(labelings[i], labelings[j]) for i in range(attempts) for j in range(i + 1, attempts)]
    sklearn_seconds = time.perf_counter() - start
    pairs = len(reference)
    worst = float(np.max(np.abs(np.array(strata["upper_triangle"]) - np.array(reference))))
    print(f"{attempts} attempts x {rows} rows = {pairs} pairs; adjusted Rand index of every pair")
    print(f"  strata pairwiseAdjustedRandIndex  {strata['pairwise_seconds']:8.3f} s")
    print(f"  strata adjustedRandIndex per pair {strata['per_pair_seconds']:8.3f} s  (identical values: {strata['identical']})")
    print(f"  sklearn adjusted_rand_score       {sklearn_seconds:8.3f} s")
    print(f"  ratio: sklearn / pairwise {sklearn_seconds / strata['pairwise_seconds']:.1f}x, "
          f"per pair / pairwise {strata['per_pair_seconds'] / strata['pairwise_seconds']:.1f}x; "
          f"largest difference from sklearn {worst:.1e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--winner", action="store_true", help="time the winner's agreement matrix instead")
    ap.add_argument("--attempts", type=int, default=150)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.winner:
        winner(args.attempts, args.rows, args.seed)
        return
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

    strata = json.loads(subprocess.run([BIN, "--seeds", str(args.seeds), "--trials", str(args.trials)],
                                       check=True, capture_output=True, text=True).stdout)
    print(f"optuna {optuna.__version__}, {args.seeds} seeds, {args.trials} trials; best value mean ± std over seeds (lower is better)")
    print(f"{'objective':10s} {'sampler':18s} {'best after 50':>20s} {'best after 100':>20s} {'ms/suggest':>11s}")
    for name, objective in make_tpe.OBJECTIVES.items():
        rows = dict(strata[name])
        for label, make in make_tpe.samplers(name).items():
            rows[label] = run_optuna(objective, make, args.seeds, args.trials)
        for label in ("strata_tpe", "optuna_tpe", "optuna_tpe_group", "strata_random", "optuna_random"):
            if label not in rows:
                continue
            r = rows[label]
            b50, b100 = np.array(r["best50"]), np.array(r["best100"])
            print(f"{name:10s} {label:18s} {b50.mean():10.4f} ± {b50.std():7.4f} {b100.mean():10.4f} ± {b100.std():7.4f}"
                  f" {1000 * r['seconds_per_suggest']:11.3f}")
        ratio = rows["optuna_tpe"]["seconds_per_suggest"] / rows["strata_tpe"]["seconds_per_suggest"]
        print(f"{name:10s} TPE time per suggestion: Optuna / Strata = {ratio:.1f}x")


if __name__ == "__main__":
    main()
