#!/usr/bin/env python3
"""HDBSCAN benchmark: Strata (Benchmarks/HDBSCANBench) vs the `hdbscan` package on the same data.

Data: 100,000 2-D rows (make_blobs, 12 centres of different spreads, plus 5 % uniform noise),
rounded to float32, seeded. Both sides fit HDBSCAN(min_cluster_size=15) — the package with its
defaults (algorithm 'best' → boruvka_kdtree, approx_min_span_tree=True, core_dist_n_jobs=4).

Prints both wall times, the ratio, the ARI between the two labelings (and Strata's ARI against the
package's exact-MST run, approx_min_span_tree=False), and each side's peak memory.

With --embedding PATH (a raw float32 file of 3-column rows, e.g. a 3-D UMAP embedding of generated
customers) the run instead takes the first --rows rows of it and compares, for min_cluster_size 500
(min_samples defaulting to it) and for min_samples 10: the fit, the core distances alone (Strata's
--core-only; the package's own query, KDTree.query(k=min_samples+1, dualtree, breadth_first)) in wall
and CPU seconds (the CPU ratio holds on a machine busy with other work; the package's query runs on
one thread, Strata's on all cores), ARI and peak RSS. --full-million adds Strata's fit on all rows with min_cluster_size 5000 (--package-million
also runs the package there).

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


def run_strata(path, rows, columns, prefix, extra):
    """Runs the Swift half; returns (seconds printed by it, peak RSS in MB, CPU seconds of the process)."""
    command = [BINARY, path, str(rows), str(columns), prefix] + extra
    timed = os.path.exists("/usr/bin/time")
    if timed:
        command = ["/usr/bin/time", "-f", "peak_kb %M cpu %U %S"] + command
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    key = "core_seconds" if "--core-only" in extra else "strata_seconds"
    seconds = float(run.stdout.split(key)[1].split()[0])
    rss = float(run.stderr.split("peak_kb")[1].split()[0]) / 1024 if timed else float("nan")
    cpu = sum(map(float, run.stderr.split("cpu")[1].split()[:2])) if timed else float("nan")
    if "fit_peak_rss_kb" in run.stdout:
        # The fit's own peak; the process's includes formatting a million output lines afterwards.
        rss = float(run.stdout.split("fit_peak_rss_kb")[1].split()[0]) / 1024
    return seconds, rss, cpu


def package_core_seconds(data, min_samples):
    """The package's core-distance query, timed: (wall seconds, CPU seconds; one thread)."""
    from sklearn.neighbors import KDTree
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    tree = KDTree(data, leaf_size=40)
    tree.query(data, k=min_samples + 1, dualtree=True, breadth_first=True)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter() - start, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def embedding_benchmark(args):
    raw = np.fromfile(args.embedding, dtype=np.float32).reshape(-1, 3)
    x = np.ascontiguousarray(raw[: args.rows])
    cases = [(500, None), (500, 10)]
    if args.full_million:
        cases.append((5000, None))
    with tempfile.TemporaryDirectory() as tmp:
        for mcs, ms in cases:
            data = raw if mcs == 5000 else x
            path = os.path.join(tmp, "x.f32")
            data.tofile(path)
            prefix = os.path.join(tmp, "strata")
            extra = ["--min-cluster-size", str(mcs)] + (["--min-samples", str(ms)] if ms else [])
            k = ms or mcs
            core_s, core_rss, core_cpu = run_strata(path, len(data), 3, prefix, extra + ["--core-only"])
            fit_s, fit_rss, fit_cpu = run_strata(path, len(data), 3, prefix, extra)
            labels = np.loadtxt(prefix + "_labels.txt", dtype=int)
            print(f"{len(data)} x 3 embedding, min_cluster_size={mcs}, min_samples={k}")
            print(f"  strata  core {core_s:8.3f} s (CPU {core_cpu:.2f} s)  fit {fit_s:8.3f} s (CPU {fit_cpu:.2f} s)"
                  f"  peak RSS of the fit {fit_rss:.0f} MB"
                  f"  clusters {labels.max() + 1}, noise {np.mean(labels < 0):.4f}")
            if mcs == 5000 and not args.package_million:
                continue
            d64 = data.astype(np.float64)
            pkg_core, pkg_core_cpu = package_core_seconds(d64, k)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            start = time.perf_counter()
            ref = hdbscan.HDBSCAN(min_cluster_size=mcs, min_samples=ms).fit(d64)
            pkg_fit = time.perf_counter() - start
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  hdbscan core {pkg_core:8.3f} s (CPU {pkg_core_cpu:.2f} s)  fit {pkg_fit:8.3f} s  peak RSS of the Python process {rss:.0f} MB"
                  f" ({before:.0f} before)  clusters {ref.labels_.max() + 1}, noise {np.mean(ref.labels_ < 0):.4f}")
            print(f"  ARI(strata, hdbscan) = {adjusted_rand_score(labels, ref.labels_):.5f}"
                  f"   core speed-up {pkg_core / core_s:.1f}x (CPU time {pkg_core_cpu / core_cpu:.1f}x)"
                  f"   fit speed-up {pkg_fit / fit_s:.1f}x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--min-cluster-size", type=int, default=15)
    parser.add_argument("--skip-exact", action="store_true", help="skip the package's exact-MST run")
    parser.add_argument("--embedding", help="raw float32 file of 3-column rows (see above)")
    parser.add_argument("--full-million", action="store_true", help="with --embedding: all rows, min_cluster_size 5000")
    parser.add_argument("--package-million", action="store_true", help="with --full-million: run the package too")
    parser.add_argument("--binary", help="the bench-hdbscan executable to run (default: this checkout's release build)")
    args = parser.parse_args()
    global BINARY
    BINARY = args.binary or BINARY
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} not found: run `swift build -c release --product bench-hdbscan` first")
    if args.embedding:
        embedding_benchmark(args)
        return

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
