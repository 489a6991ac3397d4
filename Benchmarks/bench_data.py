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


CPU = {}


def swift(*args):
    """Runs bench-data; returns its printed figures and peak RSS (MB). CPU['swift'] = its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["swift"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    values = {}
    for line in out.splitlines():
        key, _, rest = line.partition(" ")
        values[key] = rest
    return values, after.ru_maxrss / 1024


def wall(out, key):
    return float(out[key].split()[0])


def cpu(out, key):
    return float(out[key].split()[1])


def timed(fn):
    """Wall seconds of fn(); CPU['python'] = the CPU seconds it used (all threads)."""
    c = time.process_time()
    t = time.perf_counter()
    result = fn()
    CPU["python"] = time.process_time() - c
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
    print(f"generate  {args.rows:,} rows: {wall(out, 'generate'):.2f} s, {CPU['swift']:.2f} CPU-s  ({size:.0f} MB, "
          f"{args.rows / wall(out, 'generate') / 1e6:.2f} M rows/s, peak {peak:.0f} MB)")

    out, peak = swift("read", data)
    t_strata = wall(out, "read")
    cpu_strata = cpu(out, "read")
    import pandas as pd
    t_pandas, df = timed(lambda: pd.read_csv(data))
    cpu_pandas = CPU["python"]
    X = df.drop(columns=["id"]).to_numpy(dtype=np.float32)
    checksum = float(X.astype(np.float64).sum())
    same = abs(checksum - float(out["checksum"])) <= 1e-9 * abs(checksum)
    print(f"read      Strata {t_strata:.2f} s ({size / t_strata:.0f} MB/s, peak {peak:.0f} MB) | "
          f"pandas.read_csv {t_pandas:.2f} s ({size / t_pandas:.0f} MB/s) | ratio {t_pandas / t_strata:.1f}x | same values: {same}")
    print(f"read CPU  Strata {cpu_strata:.2f} CPU-s ({size / cpu_strata:.0f} MB per CPU-s) | "
          f"pandas.read_csv {cpu_pandas:.2f} CPU-s ({size / cpu_pandas:.0f} MB per CPU-s) | ratio {cpu_pandas / cpu_strata:.1f}x  "
          f"[load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores]")
    if not args.skip_loadtxt:
        t_loadtxt, _ = timed(lambda: np.loadtxt(data, delimiter=",", skiprows=1, usecols=range(1, X.shape[1] + 1), dtype=np.float32))
        print(f"read      numpy.loadtxt {t_loadtxt:.2f} s ({size / t_loadtxt:.0f} MB/s, {CPU['python']:.2f} CPU-s) | "
              f"ratio {t_loadtxt / t_strata:.1f}x wall, {CPU['python'] / cpu_strata:.1f}x CPU")

    written = os.path.join(args.dir, "written.csv")
    out, _ = swift("write", data, written)
    t_write = wall(out, "write")
    t_pwrite, _ = timed(lambda: df.to_csv(written, index=False))
    print(f"write     Strata {t_write:.2f} s, {cpu(out, 'write'):.2f} CPU-s | pandas.to_csv {t_pwrite:.2f} s, {CPU['python']:.2f} CPU-s | "
          f"ratio {t_pwrite / t_write:.1f}x wall, {CPU['python'] / cpu(out, 'write'):.1f}x CPU")
    os.remove(written)

    out, peak = swift("scale", data)
    from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
    peers = {}
    t, L = timed(lambda: np.log1p(X)); peers["log1p"] = (t, CPU["python"])
    t, S = timed(lambda: StandardScaler().fit_transform(L)); peers["standard"] = (t, CPU["python"])
    t, _ = timed(lambda: MinMaxScaler().fit_transform(L)); peers["minmax"] = (t, CPU["python"])
    t, _ = timed(lambda: RobustScaler().fit(L)); peers["robust_fit"] = (t, CPU["python"])
    t, _ = timed(lambda: np.corrcoef(L, rowvar=False)); peers["correlation"] = (t, CPU["python"])
    for key, label in [("log1p", "np.log1p"), ("standard", "StandardScaler fit+transform"), ("minmax", "MinMaxScaler fit+transform"),
                       ("robust_fit", "RobustScaler.fit"), ("correlation", "np.corrcoef")]:
        pw, pc = peers[key]
        print(f"{key:<11} Strata {wall(out, key):.3f} s, {cpu(out, key):.3f} CPU-s | {label} {pw:.3f} s, {pc:.3f} CPU-s | "
              f"ratio {pw / wall(out, key):.1f}x wall, {pc / cpu(out, key):.1f}x CPU")
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
