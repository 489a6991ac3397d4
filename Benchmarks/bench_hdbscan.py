#!/usr/bin/env python3
"""HDBSCAN benchmark: Strata (Benchmarks/HDBSCANBench) vs the `hdbscan` package on the same data.

Data: 100,000 2-D rows (make_blobs, 12 centres of different spreads, plus 5 % uniform noise),
rounded to float32, seeded. Both sides fit HDBSCAN(min_cluster_size=15) — the package with its
defaults (algorithm 'best' → boruvka_kdtree, approx_min_span_tree=True, core_dist_n_jobs=4).

Prints both wall times, the ratio, the ARI between the two labelings (and Strata's ARI against the
package's exact-MST run, approx_min_span_tree=False), and each side's peak memory.

Build first:  swift build -c release --product bench-hdbscan
Run:          python3 Benchmarks/bench_hdbscan.py [--rows 100000] [--min-cluster-size 15]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import hdbscan
import numpy as np
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "bench-hdbscan")


def make_data(rows, seed=0):
    noise = rows // 20
    rng = np.random.default_rng(seed)
    stds = rng.uniform(0.3, 1.5, size=12)
    x, _ = make_blobs(n_samples=rows - noise, centers=12, cluster_std=stds, center_box=(-20, 20), random_state=seed)
    u = rng.uniform(x.min(0), x.max(0), size=(noise, 2))
    return np.vstack([x, u]).astype(np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--min-cluster-size", type=int, default=15)
    parser.add_argument("--skip-exact", action="store_true", help="skip the package's exact-MST run")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} not found: run `swift build -c release --product bench-hdbscan` first")

    x = make_data(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "x.f32")
        x.tofile(path)
        prefix = os.path.join(tmp, "strata")
        start = time.perf_counter()
        # /usr/bin/time reports the binary's own peak RSS (RUSAGE_CHILDREN would count the forked
        # Python image before exec).
        command = [BINARY, path, str(len(x)), str(x.shape[1]), prefix, "--min-cluster-size", str(args.min_cluster_size)]
        timed = os.path.exists("/usr/bin/time")
        if timed:
            command = ["/usr/bin/time", "-f", "peak_kb %M"] + command
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        strata_wall = time.perf_counter() - start
        strata_fit = float(run.stdout.split("strata_seconds")[1].split()[0])
        strata_rss = float(run.stderr.split("peak_kb")[1].split()[0]) / 1024 if timed else float("nan")
        strata_labels = np.loadtxt(prefix + "_labels.txt", dtype=int)

    data = x.astype(np.float64)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    reference = hdbscan.HDBSCAN(min_cluster_size=args.min_cluster_size).fit(data)
    package_fit = time.perf_counter() - start
    package_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"data: {len(x)} x {x.shape[1]} float32, min_cluster_size={args.min_cluster_size}")
    print(f"strata  fit {strata_fit:8.3f} s  (process wall incl. file I/O {strata_wall:.3f} s, peak RSS {strata_rss:.0f} MB)"
          f"  clusters {strata_labels.max() + 1}, noise {np.mean(strata_labels < 0):.4f}")
    print(f"hdbscan fit {package_fit:8.3f} s  (boruvka_kdtree, approx MST; peak RSS of the Python process {package_rss:.0f} MB, "
          f"{before:.0f} MB before fit)  clusters {reference.labels_.max() + 1}, noise {np.mean(reference.labels_ < 0):.4f}")
    print(f"ARI(strata, hdbscan default) = {adjusted_rand_score(strata_labels, reference.labels_):.5f}")
    if not args.skip_exact:
        exact = hdbscan.HDBSCAN(min_cluster_size=args.min_cluster_size, approx_min_span_tree=False).fit(data)
        print(f"ARI(strata, hdbscan exact MST) = {adjusted_rand_score(strata_labels, exact.labels_):.5f}"
              f"   ARI(hdbscan default, hdbscan exact) = {adjusted_rand_score(reference.labels_, exact.labels_):.5f}")
    print(f"speed-up (hdbscan fit / strata fit) = {package_fit / strata_fit:.1f}x"
          f"   (vs strata process wall: {package_fit / strata_wall:.1f}x)")


if __name__ == "__main__":
    main()
