"""Strata vs umap-learn / pynndescent: UMAP and NN-descent on the same data in one run.

    swift build -c release --product bench-transforms
    python3 Benchmarks/bench_transforms.py [--only umap-blobs,umap-customers,nndescent] [--scale]

umap-learn and pynndescent are timed on their SECOND call in the process (the first compiles
numba). Trustworthiness (n_neighbors 15) is sklearn's, on the same seeded 5,000-row sample of
both embeddings. Recall@15 is against exact neighbours of 2,000 sampled rows.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "bench-transforms")
TMP = tempfile.mkdtemp(prefix="bench-transforms-")


def customers(n, d, seed):
    """Sparse, non-negative customer-like rows (same recipe as Tests/Fixtures/umap/make_umap.py)."""
    rng = np.random.default_rng(seed)
    segments = 8
    profile = rng.random((segments, d)) < 0.3
    scale = rng.lognormal(0.0, 1.0, size=(segments, d))
    out = np.empty((n, d), dtype=np.float32)
    step = 100_000
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        seg = rng.integers(0, segments, size=hi - lo)
        active = (rng.random((hi - lo, d)) < 0.8) & profile[seg]
        values = rng.lognormal(0.0, 0.5, size=(hi - lo, d)) * scale[seg]
        out[lo:hi] = np.where(active, values, 0.0)
    return out


def blobs(n, d, seed):
    from sklearn.datasets import make_blobs
    x, _ = make_blobs(n_samples=n, n_features=d, centers=10, cluster_std=1.5, random_state=seed)
    return x.astype(np.float32)


def write(path, m):
    m = np.ascontiguousarray(m, dtype=np.float32)
    with open(path, "wb") as f:
        f.write(np.array(m.shape, dtype=np.int64).tobytes())
        f.write(m.tobytes())


def read(path, dtype=np.float32):
    raw = open(path, "rb").read()
    r, c = np.frombuffer(raw[:16], dtype=np.int64)
    return np.frombuffer(raw[16:], dtype=dtype).reshape(int(r), int(c))


def swift(*args):
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def sample_trust(x, emb, seed=0, m=5000):
    from sklearn.manifold import trustworthiness
    idx = np.random.default_rng(seed).choice(x.shape[0], size=min(m, x.shape[0]), replace=False)
    return trustworthiness(x[idx], emb[idx], n_neighbors=15)


def recall(x, indices, k=15, seed=0, m=2000):
    from sklearn.neighbors import NearestNeighbors
    rows = np.random.default_rng(seed).choice(x.shape[0], size=m, replace=False)
    exact = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x[rows], return_distance=False)
    hits = 0
    for r, row in enumerate(rows):
        truth = [j for j in exact[r] if j != row][:k]
        hits += len(set(truth) & set(int(j) for j in indices[row][:k] if j != row))
    return hits / (m * k)


def umap_case(name, x, components):
    import umap
    path = os.path.join(TMP, f"{name}.bin")
    write(path, x)
    out = os.path.join(TMP, f"{name}.emb")
    s = swift("umap", path, out, components, 42)
    emb_s = read(out)
    umap.UMAP(n_components=components).fit_transform(x[:5000])       # numba compilation
    t0 = time.perf_counter()
    emb_p = umap.UMAP(n_components=components).fit_transform(x)
    tp = time.perf_counter() - t0
    ts, tpy = sample_trust(x, emb_s), sample_trust(x, emb_p)
    print(f"UMAP {components}-D {name} {x.shape[0]}x{x.shape[1]}: Strata {s['seconds']:.1f} s (peak {s['peak_mb']:.0f} MB), "
          f"umap-learn {tp:.1f} s -> {tp / s['seconds']:.1f}x faster; trustworthiness@15 (5,000-row sample) "
          f"Strata {ts:.4f} vs umap-learn {tpy:.4f} (diff {ts - tpy:+.4f})", flush=True)


def nndescent_case(x):
    import pynndescent
    path = os.path.join(TMP, "nnd.bin")
    write(path, x)
    out = os.path.join(TMP, "nnd.idx")
    s = swift("nndescent", path, out, 15, 42)
    ind_s = read(out, dtype=np.int32)
    pynndescent.NNDescent(x[:5000], n_neighbors=15)                   # numba compilation
    t0 = time.perf_counter()
    index = pynndescent.NNDescent(x, n_neighbors=15)
    ind_p, _ = index.neighbor_graph
    tp = time.perf_counter() - t0
    rs, rp = recall(x, ind_s), recall(x, ind_p)
    print(f"NN-descent k=15 {x.shape[0]}x{x.shape[1]}: Strata {s['seconds']:.2f} s, pynndescent {tp:.2f} s -> "
          f"{tp / s['seconds']:.1f}x faster; recall@15 Strata {rs:.4f} vs pynndescent {rp:.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="nndescent,nndescent-blobs,umap-blobs,umap-customers")
    ap.add_argument("--scale", action="store_true", help="also run UMAP 3-D on 1,000,000 x 60 customers (Strata only)")
    args = ap.parse_args()
    only = args.only.split(",")
    if "nndescent-blobs" in only:
        x = blobs(100_000, 10, 0)
        path = os.path.join(TMP, "nndb.bin"); write(path, x)
        s = swift("nndescent", path, os.path.join(TMP, "nndb.idx"), 15, 42)
        print(f"NN-descent k=15 blobs 100000x10: Strata {s['seconds']:.2f} s, recall@15 "
              f"{recall(x, read(os.path.join(TMP, 'nndb.idx'), dtype=np.int32)):.4f}", flush=True)
    if "nndescent" in only:
        nndescent_case(customers(200_000, 60, 1))
    if "umap-blobs" in only:
        umap_case("blobs", blobs(100_000, 10, 0), 2)
    if "umap-customers" in only:
        umap_case("customers", customers(200_000, 60, 1), 3)
    if args.scale:
        x = customers(1_000_000, 60, 2)
        path = os.path.join(TMP, "scale.bin"); write(path, x); del x
        s = swift("umap", path, os.path.join(TMP, "scale.emb"), 3, 42)
        print(f"UMAP 3-D customers 1000000x60: Strata {s['seconds']:.1f} s, peak memory {s['peak_mb']:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
