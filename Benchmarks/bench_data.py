#!/usr/bin/env python3
"""StrataData vs pandas / numpy / scikit-learn on the same generated customer file.

    swift build -c release --product bench-data
    python3 Benchmarks/bench_data.py [--rows 1000000] [--seed 42] [--dir Benchmarks/data]

Prints generation time, CSV read throughput (Strata, pandas.read_csv, numpy.loadtxt), CSV write,
preprocessing (log1p, StandardScaler, MinMaxScaler, RobustScaler fit, Pearson correlation), the
ratios, Strata's peak memory, and a quality check: KMeans (sklearn, k = number of segments) on
log1p + standardised features against the hidden segments (ARI).

    python3 Benchmarks/bench_data.py --ingest [--ingest-rows 1000000] [--repeats 3]

Ingest only: generates numeric CSVs of 10 and 60 columns (a third integer counts, a third
two-decimal amounts, a third full-precision doubles), and the 10-column one with a string id
column first (`id,f0,...`: the usual customer table), and prints, per file, the median over the
repeats of Strata's CSVReader, pandas.read_csv (C engine), pyarrow.csv.read_csv, Strata's cached
load (CSVTableCache hit, content hash included) and the content hash alone, with the ratios.
"""
import argparse
import os
import resource
import shutil
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


def numeric_csv(path, rows, columns, seed, ids=False):
    """Writes a numeric CSV with pyarrow unless it exists; `ids` puts a string `id` column
    (C0000001, C0000002, ...) first, as customer tables do."""
    if os.path.exists(path):
        return
    import pyarrow as pa
    import pyarrow.csv as pacsv
    rng = np.random.default_rng(seed)
    arrays, names = [], []
    if ids:
        arrays.append(pa.array(np.char.add("C", np.char.zfill(np.arange(1, rows + 1).astype(str), 7))))
        names.append("id")
    for c in range(columns):
        kind = c % 3
        if kind == 0:
            col = rng.poisson(3 + c, rows).astype(np.int64)
        elif kind == 1:
            col = np.round(rng.lognormal(3, 1, rows), 2)
        else:
            col = rng.standard_normal(rows) * (10.0 ** (c % 5 - 2))
        arrays.append(pa.array(col))
        names.append(f"f{c}")
    pacsv.write_csv(pa.table(arrays, names=names), path + ".tmp")
    os.replace(path + ".tmp", path)


def median_pair(samples):
    """Median wall and CPU seconds of (wall, cpu) samples."""
    return float(np.median([w for w, _ in samples])), float(np.median([c for _, c in samples]))


def ingest(args):
    import pandas as pd
    import pyarrow.csv as pacsv
    load = os.getloadavg()
    print(f"ingest    {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"median of {args.repeats} repeats (wall s, CPU s of all threads), runs interleaved; pandas {pd.__version__}, "
          f"pyarrow {__import__('pyarrow').__version__}")
    for columns, ids in ((10, False), (60, False), (10, True)):
        stem = "customers_id" if ids else "numeric"
        path = os.path.join(args.dir, f"{stem}_{args.ingest_rows}x{columns}.csv")
        numeric_csv(path, args.ingest_rows, columns, args.seed, ids)
        size = os.path.getsize(path) / 1e6
        cache_dir = os.path.join(args.dir, "cache")
        shutil.rmtree(cache_dir, ignore_errors=True)
        strata, cached, hashed, pandas, arrow = [], [], [], [], []
        # Interleaved, so a burst of load from other processes hits every reader alike.
        for _ in range(args.repeats):
            out, _ = swift("ingest", path, 1, cache_dir)
            peak = float(out["peak_mb"])
            for key, samples in [("parse", strata), ("cached", cached), ("hash", hashed)]:
                wall_s, cpu_s = out[key].split()
                samples.append((float(wall_s), float(cpu_s)))
            t, df = timed(lambda: pd.read_csv(path))
            pandas.append((t, CPU["python"]))
            t, tab = timed(lambda: pacsv.read_csv(path))
            arrow.append((t, CPU["python"]))
        if ids:
            df = df.drop(columns="id")
        checksum = float(df.to_numpy(dtype=np.float32).astype(np.float64).sum())
        same = abs(checksum - float(out["checksum"])) <= 1e-9 * max(1.0, abs(checksum))
        strata, cached, hashed = median_pair(strata), median_pair(cached), median_pair(hashed)
        pandas, arrow = median_pair(pandas), median_pair(arrow)
        rows, cols = out["shape"].split()
        kind = " + a string id column" if ids else ""
        print(f"ingest    {int(rows):,} x {cols}{kind} ({size:.0f} MB, Strata peak {peak:.0f} MB), same values: {same}")
        for label, (w, c) in [("Strata CSVReader", strata), ("pandas.read_csv", pandas), ("pyarrow.csv.read_csv", arrow),
                              ("Strata cached load", cached), ("Strata content hash", hashed)]:
            print(f"  {label:<22} {w:6.3f} s {c:6.3f} CPU-s  {size / w:6.0f} MB/s")
        print(f"  ratio (peer / Strata parse, wall): pandas {pandas[0] / strata[0]:.1f}x, pyarrow {arrow[0] / strata[0]:.1f}x; "
              f"CPU: pandas {pandas[1] / strata[1]:.1f}x, pyarrow {arrow[1] / strata[1]:.1f}x")
        print(f"  ratio (peer / Strata cached load, wall): pandas {pandas[0] / cached[0]:.1f}x, "
              f"pyarrow {arrow[0] / cached[0]:.1f}x; cache hit vs parse {strata[0] / cached[0]:.1f}x")
    print(f"ingest    load average after: {os.getloadavg()[0]:.1f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--skip-loadtxt", action="store_true")
    ap.add_argument("--ingest", action="store_true", help="only the ingest comparison (Strata vs pandas vs pyarrow)")
    ap.add_argument("--ingest-rows", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if args.ingest:
        return ingest(args)
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
