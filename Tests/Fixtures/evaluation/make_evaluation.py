"""Reference values for Strata's cluster metrics, from scikit-learn (pinned in ../requirements.txt).

Run from the repository root:  python3 Tests/Fixtures/evaluation/make_evaluation.py
Writes metrics.json next to this script. Deterministic (fixed seeds).

Every dataset is rounded to float32 first, so Strata (Float storage) and sklearn (float64
arithmetic on the same values) see identical inputs. Noise handling: Strata's default leaves
label -1 out, so the "excluded" references are sklearn's scores on the rows whose label != -1;
the "as_cluster" references are sklearn's scores on the raw labels.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score,
                             normalized_mutual_info_score, silhouette_samples, silhouette_score)

assert sklearn.__version__ == "1.7.2", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def datasets():
    out = {}
    X, y = make_blobs(n_samples=600, n_features=5, centers=4, cluster_std=[1.0, 2.0, 0.5, 1.5], random_state=7)
    rng = np.random.RandomState(1)
    noise = rng.uniform(X.min(0), X.max(0), size=(60, 5))
    out["blobs_noise"] = (f32(np.vstack([X, noise])), np.concatenate([y, -np.ones(60, int)]))
    X, y = make_moons(n_samples=400, noise=0.08, random_state=3)
    out["moons"] = (f32(X), y)
    X, y = make_blobs(n_samples=500, n_features=3, centers=3, random_state=170)
    X = X @ np.array([[0.6, -0.6, 0.1], [-0.4, 0.8, 0.3], [0.2, 0.1, 1.2]])
    out["anisotropic"] = (f32(X * 10 + 50), y)  # offset from the origin: tests cancellation
    X, y = make_blobs(n_samples=120, n_features=2, centers=2, random_state=5)
    X = np.vstack([X, np.repeat(X[:10], 3, axis=0)])  # duplicated points
    out["duplicates"] = (f32(X), np.concatenate([y, np.repeat(y[:10], 3)]))
    return out


def label_sets(name, X, y):
    n = len(X)
    rng = np.random.RandomState(11)
    sets = {"truth": y.copy()}
    sets["kmeans5"] = KMeans(n_clusters=5, n_init=3, random_state=0).fit_predict(X)
    eps = {"blobs_noise": 1.2, "moons": 0.15, "anisotropic": 2.5, "duplicates": 0.6}[name]
    sets["dbscan"] = DBSCAN(eps=eps, min_samples=5).fit_predict(X)
    noisy = y.copy()
    noisy[rng.rand(n) < 0.15] = -1
    sets["random_noise"] = noisy
    single = np.where(y < 0, 0, y).copy()
    single[rng.choice(n, 4, replace=False)] = np.arange(100, 104)  # four singleton clusters
    sets["singletons"] = single
    unbalanced = np.zeros(n, int)
    unbalanced[rng.choice(n, max(3, n // 50), replace=False)] = 1
    unbalanced[rng.choice(n, max(5, n // 10), replace=False)] = 2
    sets["unbalanced"] = unbalanced
    return sets


def scores(X, labels):
    return {
        "silhouette": float(silhouette_score(X, labels)),
        "silhouette_samples": [float(v) for v in silhouette_samples(X, labels)],
        "davies_bouldin": float(davies_bouldin_score(X, labels)),
        "calinski_harabasz": float(calinski_harabasz_score(X, labels)),
    }


def internal_cases():
    cases, data = [], {}
    for name, (X, y) in datasets().items():
        data[name] = {"rows": int(X.shape[0]), "columns": int(X.shape[1]), "values": [float(v) for v in X.ravel()]}
        for lname, labels in label_sets(name, X, y).items():
            labels = np.asarray(labels, int)
            keep = labels != -1
            case = {"dataset": name, "labels_name": lname, "labels": [int(v) for v in labels],
                    "noise_fraction": float(1 - keep.mean())}
            if len(np.unique(labels[keep])) >= 2:
                case["excluded"] = scores(X[keep], labels[keep])
            if len(np.unique(labels)) >= 2 and (labels == -1).any():
                case["as_cluster"] = scores(X, labels)
            cases.append(case)
    return data, cases


def pair_cases():
    rng = np.random.RandomState(5)
    a = rng.randint(0, 6, 2000)
    b = a.copy()
    flip = rng.rand(2000) < 0.3
    b[flip] = rng.randint(0, 8, flip.sum())
    pairs = {
        "identical": ([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2]),
        "renamed": ([0, 0, 1, 1, 2, 2], [5, 5, -1, -1, 3, 3]),
        "split": ([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]),
        "one_vs_one": ([3, 3, 3, 3], [7, 7, 7, 7]),
        "one_vs_many": ([0, 0, 0, 0], [0, 1, 2, 3]),
        "all_singletons": ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0]),
        "independent": ([0, 0, 1, 1], [0, 1, 0, 1]),
        "empty": ([], []),
        "single_row": ([1], [2]),
        "noise_labels": (list(rng.randint(-1, 4, 300)), list(rng.randint(-1, 3, 300))),
        "perturbed_2000": (list(a), list(b)),
        "random_5000": (list(rng.randint(0, 10, 5000)), list(rng.randint(0, 12, 5000))),
    }
    # DBSCAN-style labels (noise -1 kept as one more label, as sklearn scores them) against the
    # truth on every dataset: the labels the internal cases use.
    for name, (X, y) in datasets().items():
        dbscan = label_sets(name, X, y)["dbscan"]
        assert (dbscan == -1).any(), name
        pairs["dbscan_vs_truth_" + name] = (list(y), list(dbscan))
    out = []
    for name, (t, p) in pairs.items():
        out.append({"name": name, "truth": [int(v) for v in t], "predicted": [int(v) for v in p],
                    "ari": float(adjusted_rand_score(t, p)), "nmi": float(normalized_mutual_info_score(t, p))})
    return out


data, cases = internal_cases()
with open(os.path.join(HERE, "metrics.json"), "w") as fh:
    json.dump({"sklearn": sklearn.__version__, "datasets": data, "cases": cases, "pairs": pair_cases()}, fh)
print("wrote", len(cases), "label cases")
