#!/usr/bin/env python3
"""StrataData vs pandas / numpy / scikit-learn on the same generated customer file.

    swift build -c release --product bench-data
    python3 Benchmarks/bench_data.py [--rows 1000000] [--seed 42] [--dir Benchmarks/data]

Prints generation time, CSV read throughput (Strata, pandas.read_csv, numpy.loadtxt), CSV write,
preprocessing (log1p, StandardScaler, MinMaxScaler, RobustScaler fit, Pearson correlation), the
ratios, Strata's peak memory, and a quality check: KMeans (sklearn, k = number of segments) on
log1p + standardised features against the hidden segments (ARI).
"""
import argparse
import os
import resource
import subprocess
import sys
import time

import numpy as np

BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "bench-data")


def swift(*args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    values = {}
    for line in out.splitlines():
        key, _, rest = line.partition(" ")
        values[key] = rest
    return values, max(peak, before) / 1024


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--skip-loadtxt", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    data = os.path.join(args.dir, f"customers_{args.rows}.csv")
    labels = os.path.join(args.dir, f"segments_{args.rows}.csv")

    out, peak = swift("generate", args.rows, args.seed, data, labels)
    size = os.path.getsize(data) / 1e6
    print(f"generate  {args.rows:,} rows: {float(out['generate']):.2f} s  ({size:.0f} MB, {args.rows / float(out['generate']) / 1e6:.2f} M rows/s, peak {peak:.0f} MB)")

    out, peak = swift("read", data)
    t_strata = float(out["read"])
    import pandas as pd
    t_pandas, df = timed(lambda: pd.read_csv(data))
    X = df.drop(columns=["id"]).to_numpy(dtype=np.float32)
    checksum = float(X.astype(np.float64).sum())
    same = abs(checksum - float(out["checksum"])) <= 1e-9 * abs(checksum)
    print(f"read      Strata {t_strata:.2f} s ({size / t_strata:.0f} MB/s, peak {peak:.0f} MB) | "
          f"pandas.read_csv {t_pandas:.2f} s ({size / t_pandas:.0f} MB/s) | ratio {t_pandas / t_strata:.1f}x | same values: {same}")
    if not args.skip_loadtxt:
        t_loadtxt, _ = timed(lambda: np.loadtxt(data, delimiter=",", skiprows=1, usecols=range(1, X.shape[1] + 1), dtype=np.float32))
        print(f"read      numpy.loadtxt {t_loadtxt:.2f} s ({size / t_loadtxt:.0f} MB/s) | ratio {t_loadtxt / t_strata:.1f}x")

    written = os.path.join(args.dir, "written.csv")
    out, _ = swift("write", data, written)
    t_write = float(out["write"])
    t_pwrite, _ = timed(lambda: df.to_csv(written, index=False))
    print(f"write     Strata {t_write:.2f} s | pandas.to_csv {t_pwrite:.2f} s | ratio {t_pwrite / t_write:.1f}x")
    os.remove(written)

    out, peak = swift("scale", data)
    from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
    t_log, L = timed(lambda: np.log1p(X))
    t_std, S = timed(lambda: StandardScaler().fit_transform(L))
    t_mm, _ = timed(lambda: MinMaxScaler().fit_transform(L))
    t_rob, _ = timed(lambda: RobustScaler().fit(L))
    t_corr, _ = timed(lambda: np.corrcoef(L, rowvar=False))
    for name, key, peer, label in [("log1p", "log1p", t_log, "np.log1p"), ("standard", "standard", t_std, "StandardScaler"),
                                   ("minmax", "minmax", t_mm, "MinMaxScaler"), ("robust fit", "robust_fit", t_rob, "RobustScaler.fit"),
                                   ("correlation", "correlation", t_corr, "np.corrcoef")]:
        t = float(out[key])
        print(f"{name:<11} Strata {t:.3f} s | {label} {peer:.3f} s | ratio {peer / t:.1f}x")
    print(f"scale     Strata peak memory {peak:.0f} MB; correlation > 0.9 drops {out['dropped']}")

    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    n = min(50_000, X.shape[0])
    truth = pd.read_csv(labels, nrows=n)["segment"].to_numpy()
    k = int(truth.max()) + 1
    pred = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(S[:n])
    core = truth >= 0
    print(f"quality   KMeans(k={k}) on log1p+standard, first {n:,} rows: ARI vs hidden segments {adjusted_rand_score(truth[core], pred[core]):.3f} "
          f"(noise customers {100 * (1 - core.mean()):.1f}% left out)")


if __name__ == "__main__":
    sys.exit(main())
