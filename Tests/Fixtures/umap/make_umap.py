"""Reference fixtures for Strata's UMAP, NN-descent and trustworthiness tests.

Run from the repository root:  python3 Tests/Fixtures/umap/make_umap.py
Pinned versions: umap-learn 0.5.12, scikit-learn 1.7.2 (Tests/Fixtures/requirements.txt).
Deterministic: every dataset and every umap-learn run is seeded.
"""
import json
import os

import numpy as np
import sklearn
import umap
from sklearn.datasets import load_digits, make_blobs, make_s_curve
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.metrics import pairwise_distances
from umap.umap_ import find_ab_params, fuzzy_simplicial_set, smooth_knn_dist

OUT = os.path.dirname(os.path.abspath(__file__))


def customers(n, d, seed):
    """Sparse, non-negative customer-like rows: a few segments, most features zero."""
    rng = np.random.default_rng(seed)
    segments = 4
    profile = rng.random((segments, d)) < 0.3          # which features a segment uses
    scale = rng.lognormal(0.0, 1.0, size=(segments, d))
    seg = rng.integers(0, segments, size=n)
    active = (rng.random((n, d)) < 0.8) & profile[seg]
    values = rng.lognormal(0.0, 0.5, size=(n, d)) * scale[seg]
    return np.where(active, values, 0.0).astype(np.float32)


def datasets():
    blobs, blob_labels = make_blobs(n_samples=600, n_features=10, centers=5, cluster_std=1.5, random_state=0)
    digits = load_digits().data[:1000] / 16.0
    curve, _ = make_s_curve(n_samples=700, noise=0.05, random_state=3)
    cust = customers(800, 20, seed=7)
    return {
        "blobs": (blobs.astype(np.float32), blob_labels),
        "digits": (digits.astype(np.float32), None),
        "scurve": (curve.astype(np.float32), None),
        "customers": (cust, None),
    }


def write_matrix(name, m, fmt="%.9g"):
    np.savetxt(os.path.join(OUT, name), m, delimiter=",", fmt=fmt)


def exact_knn(x, k):
    # umap-learn's small-data path: full pairwise distances, self included as neighbour 0.
    d = pairwise_distances(x, metric="euclidean")
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    dist = np.take_along_axis(d, idx, axis=1)
    return idx.astype(np.int64), dist.astype(np.float32)


def main():
    data = datasets()
    meta = {"umap_learn": umap.__version__, "sklearn": sklearn.__version__, "datasets": {}}
    for name, (x, labels) in data.items():
        write_matrix(f"{name}.csv", x)
        if labels is not None:
            np.savetxt(os.path.join(OUT, f"{name}_labels.csv"), labels, fmt="%d")
        emb = umap.UMAP(n_neighbors=15, random_state=42).fit_transform(x)
        meta["datasets"][name] = {
            "rows": int(x.shape[0]), "columns": int(x.shape[1]),
            "umapTrustworthiness15": float(trustworthiness(x, emb, n_neighbors=15)),
        }
        # Other embedding widths (Strata's 1-D and 4-D lane sweeps).
        if name in ("blobs", "scurve"):
            meta["datasets"][name]["umapTrustworthiness15ByComponents"] = {
                str(c): float(trustworthiness(x, umap.UMAP(n_neighbors=15, n_components=c, random_state=42)
                                              .fit_transform(x), n_neighbors=15))
                for c in (1, 4)
            }

    # Fuzzy simplicial set given the same exact neighbours.
    fuzzy = []
    for name, k, mix, lc in [("blobs", 15, 1.0, 1.0), ("customers", 15, 1.0, 1.0),
                             ("blobs", 10, 0.5, 1.0), ("scurve", 15, 0.7, 2.0)]:
        x = data[name][0]
        idx, dist = exact_knn(x, k)
        graph, sigmas, rhos = fuzzy_simplicial_set(
            x, k, random_state=np.random.RandomState(0), metric="euclidean",
            knn_indices=idx, knn_dists=dist, set_op_mix_ratio=mix, local_connectivity=lc)
        g = graph.tocoo()
        order = np.lexsort((g.col, g.row))
        tag = f"fuzzy_{name}_k{k}"
        write_matrix(f"{tag}_knn_indices.csv", idx, fmt="%d")
        write_matrix(f"{tag}_knn_distances.csv", dist)
        write_matrix(f"{tag}_graph.csv",
                     np.column_stack([g.row[order], g.col[order], g.data[order]]), fmt=["%d", "%d", "%.9g"])
        write_matrix(f"{tag}_sigmas_rhos.csv", np.column_stack([sigmas, rhos]))
        fuzzy.append({"dataset": name, "k": k, "setOpMixRatio": mix, "localConnectivity": lc, "prefix": tag})
    meta["fuzzy"] = fuzzy

    meta["ab"] = [{"spread": s, "minimumDistance": md, "a": float(a), "b": float(b)}
                  for s, md in [(1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.25), (0.5, 0.05), (1.0, 0.99), (1.5, 1.0)]
                  for a, b in [find_ab_params(s, md)]]

    # sklearn trustworthiness of fixed embeddings (PCA to 2-D), several neighbour counts.
    trust = []
    for name in ["blobs", "digits", "customers"]:
        x = data[name][0]
        emb = PCA(n_components=2, random_state=0).fit_transform(x).astype(np.float32)
        write_matrix(f"{name}_pca2.csv", emb)
        for k in [1, 5, 15, 30]:
            trust.append({"dataset": name, "embedding": f"{name}_pca2.csv", "neighborCount": k,
                          "value": float(trustworthiness(x, emb, n_neighbors=k))})
    meta["trustworthiness"] = trust

    with open(os.path.join(OUT, "umap_reference.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
