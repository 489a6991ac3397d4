#!/usr/bin/env python3
"""Strata vs scikit-learn: exact silhouette and PCA, same data, one run.

    swift build -c release --product bench-evaluation
    python3 Benchmarks/bench_evaluation.py [--quick] [--pca-only] [--repeats N]

1. Exact silhouette, 30,000 x 10 blobs (8 clusters + 5 % noise labelled -1): Strata vs
   sklearn.metrics.silhouette_score on the rows Strata scores (noise left out), target >= 5x.
2. Exact silhouette, 200,000 x 10: Strata alone, peak RSS (VmHWM) must stay under 500 MB.
3. PCA 1,000,000 x 60 -> 10 components: Strata vs sklearn.decomposition.PCA (auto solver =
   covariance_eigh), fit and fit+transform, target >= 2x against sklearn given the same data as
   float64 and as float32. Each side runs N times (default 3) in its own process after loading
   the data; medians of wall time and of process CPU time (all threads) are printed.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "bench-evaluation")
QUICK = "--quick" in sys.argv
PCA_ONLY = "--pca-only" in sys.argv
DBCV = "--dbcv" in sys.argv
REPEATS = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3


def run_swift(*args):
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def blobs(n, d, seed):
    X, y = make_blobs(n_samples=n, n_features=d, centers=8, cluster_std=2.0, random_state=seed)
    rng = np.random.RandomState(seed)
    y[rng.rand(n) < 0.05] = -1
    return X.astype(np.float32), y.astype(np.int32)


def silhouette(tmp, n, d, with_sklearn):
    X, y = blobs(n, d, 0)
    xf, yf = os.path.join(tmp, "x.f32"), os.path.join(tmp, "y.i32")
    X.tofile(xf); y.tofile(yf)
    strata = run_swift("silhouette", xf, yf, n, d)
    print(f"silhouette {n:,} x {d}: Strata {strata['seconds']:.3f} s, score {strata['score']:.6f}, "
          f"noise left out {strata['excluded_noise_fraction']:.3f}, peak RSS {strata['peak_rss_mb']:.0f} MB")
    if with_sklearn:
        keep = y != -1
        X64 = X[keep].astype(np.float64)
        t = time.perf_counter()
        ref = silhouette_score(X64, y[keep])
        sk = time.perf_counter() - t
        rel = abs(ref - strata["score"]) / abs(ref)
        print(f"  sklearn silhouette_score {sk:.3f} s, score {ref:.6f} (relative difference {rel:.1e})")
        print(f"  speed-up {sk / strata['seconds']:.1f}x (target >= 5x)")
    else:
        ok = "met" if strata["peak_rss_mb"] <= 500 else "MISSED"
        print(f"  peak memory {strata['peak_rss_mb']:.0f} MB (target <= 500 MB: {ok})")


def pca(tmp, n, d, k):
    rng = np.random.RandomState(1)
    z = rng.normal(size=(n, 12)) * np.linspace(4, 1, 12)
    X = (z @ rng.normal(size=(12, d)) + 0.5 * rng.normal(size=(n, d))).astype(np.float32)
    xf = os.path.join(tmp, "p.f32")
    X.tofile(xf)
    strata = run_swift("pca", xf, n, d, k, REPEATS)
    print(f"PCA {n:,} x {d} -> {k}, median of {REPEATS}: Strata fit {strata['fit_seconds']:.3f} s "
          f"(CPU {strata['fit_cpu_seconds']:.3f} s), fit+transform {strata['fit_transform_seconds']:.3f} s "
          f"(CPU {strata['fit_transform_cpu_seconds']:.3f} s), explained ratio {strata['explained_variance_ratio_sum']:.6f}, "
          f"peak RSS {strata['peak_rss_mb']:.0f} MB")
    ours = np.array(strata["components"])
    for label, data in (("float64", X.astype(np.float64)), ("float32", X)):
        fits, totals, fit_cpu, total_cpu = [], [], [], []
        for _ in range(REPEATS):
            t, c = time.perf_counter(), time.process_time()
            model = PCA(n_components=k).fit(data)
            fits.append(time.perf_counter() - t); fit_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            PCA(n_components=k).fit_transform(data)
            totals.append(time.perf_counter() - t); total_cpu.append(time.process_time() - c)
        fit, fit_transform = np.median(fits), np.median(totals)
        diff = np.abs(model.components_ - ours).max()
        print(f"  sklearn ({label} input, solver {model._fit_svd_solver}) fit {fit:.3f} s (CPU {np.median(fit_cpu):.3f} s), "
              f"fit_transform {fit_transform:.3f} s (CPU {np.median(total_cpu):.3f} s), "
              f"explained ratio {model.explained_variance_ratio_.sum():.6f}, max |component difference| {diff:.1e}")
        print(f"  speed-up vs sklearn {label}: fit {fit / strata['fit_seconds']:.1f}x, "
              f"fit+transform {fit_transform / strata['fit_transform_seconds']:.1f}x (target >= 2x); "
              f"CPU time ratio fit {np.median(fit_cpu) / strata['fit_cpu_seconds']:.1f}x, "
              f"fit+transform {np.median(total_cpu) / strata['fit_transform_cpu_seconds']:.1f}x")
        del data


def dbcv_data(n, seed):
    X, y = make_blobs(n_samples=n, n_features=3, centers=6, cluster_std=1.0, random_state=seed)
    rng = np.random.RandomState(seed)
    y[rng.rand(n) < 0.05] = -1
    return X.astype(np.float32), y.astype(np.int32)


def dbcv(tmp):
    """--dbcv: Strata's exact DBCV vs hdbscan.validity.validity_index on the same data, then the
    seeded stratified estimate at 200,000 rows (error vs exact measured at mid size)."""
    from hdbscan.validity import validity_index
    for n in ((2_000,) if QUICK else (2_000, 5_000, 10_000)):
        X, y = dbcv_data(n, 0)
        xf, yf = os.path.join(tmp, "d.f32"), os.path.join(tmp, "d.i32")
        X.tofile(xf); y.tofile(yf)
        strata = run_swift("dbcv", xf, yf, n, 3)
        t = time.perf_counter()
        ref = validity_index(X.astype(np.float64), y.astype(np.intp))
        hd = time.perf_counter() - t
        print(f"DBCV exact {n:,} x 3: Strata {strata['seconds']:.3f} s, score {strata['score']:.8f}; "
              f"hdbscan validity_index {hd:.3f} s, score {ref:.8f}; relative difference "
              f"{abs(ref - strata['score']) / abs(ref):.1e}; speed-up {hd / strata['seconds']:.1f}x")
    n = 20_000 if QUICK else 50_000
    X, y = dbcv_data(n, 1)
    X.tofile(xf); y.tofile(yf)
    exact = run_swift("dbcv", xf, yf, n, 3)
    estimates = [run_swift("dbcv", xf, yf, n, 3, 5_000, seed)["score"] for seed in range(5)]
    print(f"DBCV {n:,} rows: exact {exact['score']:.5f} ({exact['seconds']:.2f} s); 5,000-row estimates over 5 seeds: "
          f"mean {np.mean(estimates):.5f}, error of mean {np.mean(estimates) - exact['score']:+.5f}, "
          f"spread (std) {np.std(estimates):.5f}, max |error| {max(abs(e - exact['score']) for e in estimates):.5f}")
    n = 200_000
    X, y = dbcv_data(n, 2)
    X.tofile(xf); y.tofile(yf)
    for size in (5_000, 10_000):
        r = run_swift("dbcv", xf, yf, n, 3, size, 1)
        print(f"DBCV estimate {n:,} x 3, sampleSize {size:,}: {r['seconds']:.2f} s, score {r['score']:.5f}, "
              f"rows scored {r['evaluated']:,}, peak RSS {r['peak_rss_mb']:.0f} MB (target < 60 s)")


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product bench-evaluation")
    with tempfile.TemporaryDirectory() as tmp:
        if DBCV:
            dbcv(tmp)
            return
        if not PCA_ONLY:
            silhouette(tmp, 3_000 if QUICK else 30_000, 10, True)
            silhouette(tmp, 20_000 if QUICK else 200_000, 10, False)
        pca(tmp, 100_000 if QUICK else 1_000_000, 60, 10)


main()
