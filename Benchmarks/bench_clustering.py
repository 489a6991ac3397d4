#!/usr/bin/env python3
"""Strata vs scikit-learn 1.7.2: KMeans, MiniBatchKMeans, GaussianMixture, DBSCAN on the same data.

Run from the repository root after `swift build -c release --product bench-clustering`:
    python3 Benchmarks/bench_clustering.py [--quick] [--only kmeans|gmm|dbscan]
    python3 Benchmarks/bench_clustering.py --only dbscan [--dbscan-dims 3] [--embedding emb1m.f32]
Both sides fit the same float32 data with the same n_init / max_iter / batch size; fit time only
(loading excluded). Inertia of both sides' centres is recomputed here in float64 on the same data,
so the quality comparison does not depend on either library's accumulation precision.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture

BINARY = os.path.join(os.path.dirname(__file__), "..", ".build", "release", "bench-clustering")


def blobs(n, d, k, seed, std=2.0):
    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=std, center_box=(-10, 10), random_state=seed)
    return np.ascontiguousarray(X, dtype=np.float32)


def inertia64(X, centers, chunk=200_000):
    """Σ min squared distance to `centers`, in float64."""
    C = np.asarray(centers, dtype=np.float64)
    total = 0.0
    for s in range(0, len(X), chunk):
        B = X[s:s + chunk].astype(np.float64)
        d2 = (B * B).sum(1)[:, None] - 2 * B @ C.T + (C * C).sum(1)[None, :]
        total += np.maximum(d2.min(1), 0).sum()
    return total


def run_swift(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([BINARY] + [str(a) for a in args], check=True, capture_output=True, text=True).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return json.loads(out.strip().splitlines()[-1]), max(peak, before) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller data for a smoke run")
    parser.add_argument("--only", choices=["kmeans", "gmm", "dbscan"], help="run one part")
    parser.add_argument("--dbscan-dims", type=int, default=3, help="dimensions of the DBSCAN blobs (2 or 3: UMAP embeddings)")
    parser.add_argument("--embedding", help="raw float32 file of rows x 3 (a UMAP embedding) also clustered by Strata's DBSCAN")
    parser.add_argument("--std", type=float, default=4.0,
                        help="cluster_std of the KMeans blobs (centres in a ±10 box; 4 overlaps like real segments)")
    opts = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build first: swift build -c release --product bench-clustering")
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, cores {os.cpu_count()}")
    tmp = tempfile.mkdtemp(prefix="bench-clustering-")

    if opts.only in (None, "kmeans"):
        kmeans_part(opts, tmp)
    if opts.only in (None, "gmm"):
        gmm_part(opts, tmp)
    if opts.only in (None, "dbscan"):
        dbscan_part(opts, tmp)


def kmeans_part(opts, tmp):
    # --- KMeans, 1,000,000 × 10, k = 12 ------------------------------------------------------
    n, d, k, n_init, max_iter = (200_000 if opts.quick else 1_000_000), 10, 12, 3, 300
    X = blobs(n, d, k, seed=0, std=opts.std)
    path = os.path.join(tmp, "kmeans.f32")
    X.tofile(path)
    centers_path = os.path.join(tmp, "centers.f32")
    print(f"\nKMeans {n:,} x {d} (blobs, cluster_std={opts.std}), k={k}, n_init={n_init}, max_iter={max_iter}, k-means++, lloyd")
    ours, rss = run_swift(["kmeans", path, n, d, k, n_init, max_iter, "lloyd", 0, centers_path])
    our_centers = np.fromfile(centers_path, dtype=np.float32).reshape(k, d)
    t0 = time.perf_counter()
    km = KMeans(n_clusters=k, n_init=n_init, max_iter=max_iter, algorithm="lloyd", random_state=0).fit(X)
    sk_time = time.perf_counter() - t0
    our_inertia, sk_inertia = inertia64(X, our_centers), inertia64(X, km.cluster_centers_)
    print(f"  strata : {ours['seconds']:8.3f} s  inertia {our_inertia:.6e}  iterations {ours['iterations']}  peak RSS {rss:.0f} MB")
    print(f"  sklearn: {sk_time:8.3f} s  inertia {sk_inertia:.6e}  iterations {km.n_iter_}")
    print(f"  speed-up {sk_time / ours['seconds']:.2f}x   inertia ratio strata/sklearn {our_inertia / sk_inertia:.6f}"
          f"  -> target >= 3x and ratio <= 1: {'MET' if sk_time / ours['seconds'] >= 3 and our_inertia <= sk_inertia * (1 + 1e-6) else 'MISSED'}")

    print(f"\nKMeans (elkan) same data")
    ours, _ = run_swift(["kmeans", path, n, d, k, n_init, max_iter, "elkan", 0, centers_path])
    t0 = time.perf_counter()
    km = KMeans(n_clusters=k, n_init=n_init, max_iter=max_iter, algorithm="elkan", random_state=0).fit(X)
    sk_time = time.perf_counter() - t0
    our_inertia = inertia64(X, np.fromfile(centers_path, dtype=np.float32).reshape(k, d))
    print(f"  strata : {ours['seconds']:8.3f} s  inertia {our_inertia:.6e}")
    print(f"  sklearn: {sk_time:8.3f} s  inertia {inertia64(X, km.cluster_centers_):.6e}")
    print(f"  speed-up {sk_time / ours['seconds']:.2f}x")

    # --- MiniBatchKMeans on the same rows ------------------------------------------------------
    batch = 1024
    print(f"\nMiniBatchKMeans {n:,} x {d}, k={k}, batch_size={batch}, n_init={n_init}")
    ours, _ = run_swift(["minibatch", path, n, d, k, batch, n_init, 0, centers_path])
    t0 = time.perf_counter()
    mb = MiniBatchKMeans(n_clusters=k, batch_size=batch, n_init=n_init, random_state=0).fit(X)
    sk_time = time.perf_counter() - t0
    our_inertia = inertia64(X, np.fromfile(centers_path, dtype=np.float32).reshape(k, d))
    print(f"  strata : {ours['seconds']:8.3f} s  inertia {our_inertia:.6e}  steps {ours['steps']}")
    print(f"  sklearn: {sk_time:8.3f} s  inertia {inertia64(X, mb.cluster_centers_):.6e}  steps {mb.n_steps_}")
    print(f"  speed-up {sk_time / ours['seconds']:.2f}x")


def gmm_part(opts, tmp):
    d = 10
    # --- GaussianMixture, 200,000 × 10, k = 8, full --------------------------------------------
    n, k = (50_000 if opts.quick else 200_000), 8
    X = blobs(n, d, k, seed=1, std=opts.std)
    path = os.path.join(tmp, "gmm.f32")
    X.tofile(path)
    for cov in ["full", "diag"]:
        print(f"\nGaussianMixture {n:,} x {d} (blobs, cluster_std={opts.std}), k={k}, covariance_type={cov}, max_iter=100, n_init=1")
        ours, _ = run_swift(["gmm", path, n, d, k, cov, 100, 1, 0])
        t0 = time.perf_counter()
        gm = GaussianMixture(n_components=k, covariance_type=cov, max_iter=100, random_state=0).fit(X.astype(np.float64))
        sk_time = time.perf_counter() - t0
        sk_score = gm.score(X.astype(np.float64))
        print(f"  strata : {ours['seconds']:8.3f} s  mean log-likelihood {ours['score']:.6f}  iterations {ours['iterations']}")
        print(f"  sklearn: {sk_time:8.3f} s  mean log-likelihood {sk_score:.6f}  iterations {gm.n_iter_}")
        print(f"  speed-up {sk_time / ours['seconds']:.2f}x   per-iteration speed-up "
              f"{(sk_time / max(gm.n_iter_, 1)) / (ours['seconds'] / max(ours['iterations'], 1)):.2f}x")



def noisy_blobs(n, d, seed):
    """Six Gaussian blobs of different spreads (0.4 to 3) plus 10 % uniform noise over their box."""
    rng = np.random.default_rng(seed)
    stds = [0.4, 0.7, 1.0, 1.5, 2.0, 3.0]
    centers = rng.uniform(-18, 18, size=(len(stds), d))
    blob_rows = int(n * 0.9)
    X, y = make_blobs(n_samples=blob_rows, centers=centers, cluster_std=stds, random_state=seed)
    noise = rng.uniform(X.min(0), X.max(0), size=(n - blob_rows, d))
    order = rng.permutation(n)
    X = np.vstack([X, noise])[order]
    y = np.concatenate([y, -np.ones(n - blob_rows, int)])[order]
    return np.ascontiguousarray(X, dtype=np.float32), y


def run_dbscan(path, n, d, eps, min_samples, tmp, strategy="automatic"):
    """Strata's DBSCAN in its own process; peak RSS from /usr/bin/time (the children's ru_maxrss
    would count this Python process as forked before the exec)."""
    labels_path = os.path.join(tmp, f"{os.path.basename(path)}.{strategy}.labels")
    args = ["/usr/bin/time", "-f", "peak_kb %M", BINARY, "dbscan", path, n, d, eps, min_samples, labels_path, strategy]
    done = subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    rss = int(done.stderr.strip().splitlines()[-1].split()[1]) / 1024
    out = np.fromfile(labels_path, dtype=np.int32)
    return result, rss, out[:n], out[n:]


def dbscan_part(opts, tmp):
    from sklearn.cluster import DBSCAN
    from sklearn.metrics import adjusted_rand_score
    d = opts.dbscan_dims
    # eps 0.5 puts ~10^4 rows (100k) and ~10^5 rows (1M) within eps of a row in the densest blob.
    eps, min_samples = 0.5, 20
    for n in ([20_000] if opts.quick else [100_000, 1_000_000]):
        X, truth = noisy_blobs(n, d, seed=5)
        path = os.path.join(tmp, f"dbscan_{n}.f32")
        X.tofile(path)
        print(f"\nDBSCAN {n:,} x {d} (6 blobs, cluster_std 0.4-3, 10 % uniform noise), eps={eps}, min_samples={min_samples}")
        ours, rss, labels, cores = run_dbscan(path, n, d, eps, min_samples, tmp)
        print(f"  strata : {ours['seconds']:8.3f} s wall  {ours['cpu_seconds']:8.3f} CPU-s  clusters {ours['clusters']}"
              f"  noise {(labels == -1).mean():.3f}  ARI vs truth {adjusted_rand_score(truth, labels):.4f}  peak RSS {rss:.0f} MB")
        if n > 100_000:
            # scikit-learn keeps every row's neighbour list: ~10^5 int64 per row in the dense blobs
            # is hundreds of GB at this size, so only Strata runs here.
            print("  sklearn: not run (its radius-neighbour lists need hundreds of GB here)")
            continue
        before = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        sk = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
        sk_time = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_SELF)
        sk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        same = np.array_equal(sk.labels_, labels) and np.array_equal(sk.core_sample_indices_, cores)
        print(f"  sklearn: {sk_time:8.3f} s wall  {sk_cpu:8.3f} CPU-s  clusters {sk.labels_.max() + 1}")
        print(f"  speed-up {sk_time / ours['seconds']:.2f}x wall, {sk_cpu / ours['cpu_seconds']:.2f}x CPU"
              f"   labels and core samples identical to sklearn: {same}"
              f"  (ARI {adjusted_rand_score(sk.labels_, labels):.6f})")
        old, _, old_labels, _ = run_dbscan(path, n, d, eps, min_samples, tmp, "neighbors")
        print(f"  strata, neighbour-list joining (the previous method): {old['seconds']:8.3f} s wall"
              f"  {old['cpu_seconds']:8.3f} CPU-s  identical: {np.array_equal(old_labels, labels)}")
    if opts.embedding:
        E = np.fromfile(opts.embedding, dtype=np.float32).reshape(-1, 3)
        # What `eps: auto` chose on the 1,000,000-customer UMAP embedding (min_samples auto).
        eps_e, ms_e = 0.414, 500
        print(f"\nDBSCAN on {opts.embedding}: {len(E):,} x 3, eps={eps_e}, min_samples={ms_e}")
        ours, rss, labels, _ = run_dbscan(opts.embedding, len(E), 3, eps_e, ms_e, tmp)
        print(f"  strata : {ours['seconds']:8.3f} s wall  {ours['cpu_seconds']:8.3f} CPU-s  clusters {ours['clusters']}"
              f"  noise {(labels == -1).mean():.3f}  peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
