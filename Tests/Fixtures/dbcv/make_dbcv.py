#!/usr/bin/env python3
"""DBCV reference values from hdbscan 0.8.44's `hdbscan.validity.validity_index`.

Writes dbcv.json: small datasets (values are float32, so Strata reads exactly the numbers
hdbscan scored), labelings of them, and hdbscan's index and per-cluster validities.
Requirements pinned in Tests/Fixtures/requirements.txt (hdbscan, scikit-learn, numpy).
"""
import json
import pathlib
from importlib.metadata import version
import warnings

import hdbscan
import numpy as np
from hdbscan.validity import validity_index
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score

HERE = pathlib.Path(__file__).resolve().parent


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def scattered_clusters(seed, count, sizes, spreads, extent, noise):
    """`count` Gaussian clusters in 3-D (sizes and spreads drawn from the ranges) centred in
    [-extent, extent]³, plus `noise` uniform rows labelled -1 in a slightly larger box."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-extent, extent, size=(count, 3))
    counts = rng.integers(sizes[0], sizes[1], size=count)
    X = np.vstack([c + rng.normal(0, rng.uniform(*spreads), size=(s, 3)) for c, s in zip(centers, counts)])
    y = np.repeat(np.arange(count), counts)
    X = f32(np.vstack([X, rng.uniform(-extent - 1, extent + 1, size=(noise, 3))]))
    return X, np.concatenate([y, -np.ones(noise, dtype=int)])


def datasets():
    rng = np.random.default_rng(7)
    out = {}
    X, y = make_blobs(n_samples=150, centers=3, cluster_std=0.6, random_state=0)
    out["blobs"] = (f32(X), {"truth": y, "kmeans4": KMeans(4, n_init=4, random_state=0).fit_predict(X)})

    X, y = make_moons(n_samples=200, noise=0.06, random_state=1)
    Xn = np.vstack([X, rng.uniform([-1.5, -1.0], [2.5, 1.5], size=(30, 2))])
    Xn = f32(Xn)
    hd = hdbscan.HDBSCAN(min_cluster_size=10).fit_predict(Xn)
    yn = np.concatenate([y, -np.ones(30, dtype=int)])
    out["moons_noise"] = (Xn, {"truth_with_noise": yn, "hdbscan": hd,
                               "kmeans2": KMeans(2, n_init=4, random_state=0).fit_predict(Xn)})

    X, y = make_blobs(n_samples=180, centers=3, random_state=170)
    X = X @ np.array([[0.6, -0.64], [-0.41, 0.85]])
    out["anisotropic"] = (f32(X), {"truth": y, "kmeans3": KMeans(3, n_init=4, random_state=0).fit_predict(X)})

    X, y = make_blobs(n_samples=[60, 25, 90], centers=None, cluster_std=[0.3, 1.5, 0.8], n_features=5, random_state=3)
    X = f32(X)
    random = rng.integers(0, 3, size=len(X))
    out["varied_5d"] = (X, {"truth": y, "random": random})

    X, y = make_blobs(n_samples=120, centers=4, n_features=11, random_state=5)
    X = f32(X * 0.05)
    out["blobs_11d_small_scale"] = (X, {"truth": y})

    X, y = make_blobs(n_samples=40, centers=2, cluster_std=0.5, random_state=9)
    X = f32(X)
    pair = y.copy()
    pair[np.where(y == 0)[0][2:]] = -1   # cluster 0 keeps 2 points
    out["small"] = (X, {"two_point_cluster": pair, "single_cluster": np.zeros(40, dtype=int),
                        "gapped_labels": np.where(y == 0, 5, 9)})

    # Many small clusters in 3-D, as DBSCAN finds on a UMAP embedding: the separation search
    # prunes most cluster pairs here, so this case checks that pruning never changes a minimum.
    X, y = scattered_clusters(seed=23, count=60, sizes=(6, 30), spreads=(0.1, 0.6), extent=10, noise=40)
    out["many_clusters_3d"] = (X, {"truth_with_noise": y,
                                   "kmeans45": KMeans(45, n_init=2, random_state=0).fit_predict(X),
                                   "hdbscan": hdbscan.HDBSCAN(min_cluster_size=5).fit_predict(X)})

    # More clusters than the separation search sorts per cluster (it orders the 32 nearest
    # boxes and leaves the rest unsorted above 64 clusters): still every minimum exact.
    X, y = scattered_clusters(seed=29, count=150, sizes=(5, 16), spreads=(0.1, 0.5), extent=20, noise=60)
    out["many_clusters_150"] = (X, {"truth_with_noise": y, "pairs_merged": np.where(y >= 0, y // 2, -1)})
    return out


def overlaps():
    """Stability's pair comparison: ARI (sklearn) on the rows two subsamples share, each noise
    row recoded to a singleton label."""
    rng = np.random.default_rng(11)
    out = []
    for case in range(4):
        n = 300
        rows_a = np.sort(rng.choice(n, 240, replace=False))
        rows_b = np.sort(rng.choice(n, 240, replace=False))
        truth = rng.integers(0, 4, size=n)
        def run(rows, flip):
            labels = truth[rows].copy()
            change = rng.random(len(rows)) < flip
            labels[change] = rng.integers(-1, 5, size=change.sum())
            return labels
        la, lb = run(rows_a, 0.1 * case), run(rows_b, 0.15 * case)
        shared = np.intersect1d(rows_a, rows_b)
        pa = la[np.searchsorted(rows_a, shared)]
        pb = lb[np.searchsorted(rows_b, shared)]
        pa = np.where(pa == -1, 1000 + shared, pa)
        pb = np.where(pb == -1, 1000 + shared, pb)
        out.append({"rows_a": rows_a.tolist(), "labels_a": la.tolist(), "rows_b": rows_b.tolist(),
                    "labels_b": lb.tolist(), "shared": len(shared), "ari": float(adjusted_rand_score(pa, pb))})
    return out


def main():
    warnings.simplefilter("ignore")
    cases = []
    data = {}
    for name, (X, labelings) in datasets().items():
        data[name] = {"rows": X.shape[0], "columns": X.shape[1], "values": X.ravel().tolist()}
        for labels_name, labels in labelings.items():
            labels = np.asarray(labels, dtype=np.intp)
            score, per_cluster = validity_index(X, labels, per_cluster_scores=True)
            present = sorted(int(l) for l in set(labels.tolist()) if l >= 0)
            cases.append({
                "dataset": name,
                "labels_name": labels_name,
                "labels": labels.tolist(),
                "score": None if np.isnan(score) else float(score),
                "cluster_labels": present,
                "cluster_validities": [None if np.isnan(per_cluster[l]) else float(per_cluster[l]) for l in present],
            })
    doc = {"overlaps": overlaps(), "generator": f"hdbscan {version('hdbscan')} validity_index, scikit-learn {version('scikit-learn')}",
           "datasets": data, "cases": cases}
    (HERE / "dbcv.json").write_text(json.dumps(doc))
    for c in cases:
        print(f"{c['dataset']:>22} {c['labels_name']:>18} {c['score']}")


if __name__ == "__main__":
    main()
