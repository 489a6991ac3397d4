"""Reference fixtures for StrataNeighbors (exact kNN, k-distance + knee) and DBSCAN.

Run: python3 Tests/Fixtures/neighbors/make_neighbors.py  (scikit-learn 1.7.2, kneed 0.9.0, numpy)
Writes small JSON files next to this script. Data are float32 (Strata's storage type); every
reference call gets the same float32 values, and every eps is exactly representable in float32.
"""
import json
import os

import numpy as np
import kneed
import sklearn
from kneed import KneeLocator
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_moons
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))
assert sklearn.__version__ == "1.7.2", sklearn.__version__


def f32(a):
    return np.ascontiguousarray(a, dtype=np.float32)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def knee(curve):
    kl = KneeLocator(range(len(curve)), curve, S=1.0, curve="convex", direction="increasing",
                     interp_method="interp1d", online=False)
    return (None if kl.knee is None else int(kl.knee)), (None if kl.knee is None else float(kl.knee_y))


def dbscan_case(name, X, eps, min_samples):
    X = f32(X)
    assert np.float32(eps) == eps
    model = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    k = min_samples
    dist, _ = NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)
    curve = np.sort(dist[:, k - 1]).astype(np.float32)
    knee_index, knee_value = knee(curve)
    # Border points reachable from two clusters check scikit-learn's first-cluster-wins rule.
    core = np.zeros(len(X), bool)
    core[model.core_sample_indices_] = True
    nbrs = NearestNeighbors(radius=eps).fit(X).radius_neighbors(X, return_distance=False)
    contested = sum(1 for i in range(len(X)) if not core[i]
                    and len({model.labels_[j] for j in nbrs[i] if core[j]}) > 1)
    case = {
        "name": name, "rows": int(X.shape[0]), "columns": int(X.shape[1]), "X": floats(X),
        "eps": float(eps), "min_samples": int(min_samples),
        "labels": [int(v) for v in model.labels_],
        "core_sample_indices": [int(v) for v in model.core_sample_indices_],
        "k": k, "kdistance_curve": floats(curve), "knee_index": knee_index, "knee_value": knee_value,
        "contested_borders": contested,
    }
    with open(os.path.join(HERE, f"dbscan_{name}.json"), "w") as f:
        json.dump(case, f)
    print(f"dbscan_{name}: n={len(X)} clusters={model.labels_.max() + 1} noise={(model.labels_ == -1).sum()} "
          f"cores={len(model.core_sample_indices_)} contested borders={contested} knee={knee_index}")


def datasets():
    rng = np.random.default_rng(7)
    X, _ = make_blobs(n_samples=600, centers=4, cluster_std=0.6, random_state=0)
    noise = rng.uniform(X.min(0) - 1, X.max(0) + 1, size=(120, 2))
    dbscan_case("blobs_noise", np.vstack([X, noise]), 0.5, 5)

    X, _ = make_moons(n_samples=500, noise=0.07, random_state=1)
    dbscan_case("moons", X, 0.125, 6)

    X, _ = make_blobs(n_samples=600, random_state=170)
    X = X @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    dbscan_case("anisotropic", X, 0.375, 8)

    base = rng.normal(size=(40, 2))
    reps = rng.integers(1, 12, size=40)
    dup = np.repeat(base, reps, axis=0)
    dup = np.vstack([dup, rng.uniform(-3, 3, size=(40, 2)), dup[:15]])
    dbscan_case("duplicates", rng.permutation(dup), 0.25, 4)

    X, _ = make_blobs(n_samples=500, n_features=5, centers=3, cluster_std=1.0, random_state=3)
    X = np.vstack([X, rng.uniform(X.min(0), X.max(0), size=(60, 5))])
    dbscan_case("blobs5d", X, 1.5, 7)

    # Two dense grids 0.44 apart with sparse rows of points in the gap: the gap points are
    # border points within reach of both clusters (scikit-learn gives them the first one).
    gx, gy = np.meshgrid(np.arange(0.22, 1.0, 0.05), np.arange(-0.3, 0.3, 0.05))
    a = np.column_stack([-gx.ravel(), gy.ravel()])
    b = np.column_stack([gx.ravel(), gy.ravel()])
    gap = np.column_stack([rng.uniform(-0.03, 0.03, 12), rng.uniform(-0.3, 0.3, 12)])
    X = np.vstack([a, b, gap]) + rng.normal(0, 0.004, size=(len(a) + len(b) + 12, 2))
    dbscan_case("touching", rng.permutation(X), 0.25, 30)


def knn_cases():
    rng = np.random.default_rng(11)
    cases = []
    for name, n, d, k, q in [("low8", 300, 8, 5, 40), ("wide60", 500, 60, 15, 30), ("odd37", 257, 37, 7, 33)]:
        X = f32(rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d) + rng.uniform(-5, 5, size=d))
        Q = f32(rng.normal(size=(q, d)) * 2)
        nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X)
        d_self, i_self = nn.kneighbors()
        d_q, i_q = nn.kneighbors(Q)
        cases.append({"name": name, "rows": n, "columns": d, "k": k, "X": floats(X), "Q": floats(Q),
                      "queries": q, "self_indices": i_self.ravel().tolist(), "self_distances": d_self.ravel().tolist(),
                      "query_indices": i_q.ravel().tolist(), "query_distances": d_q.ravel().tolist()})
    # Duplicates: ties broken by index, sklearn's self-removal rule with many coincident rows.
    base = f32(rng.normal(size=(30, 3)))
    X = f32(np.vstack([base, base[:10], base[:10], base[:5], base[:5], base[:5]]))
    nn = NearestNeighbors(n_neighbors=4, algorithm="brute").fit(X)
    d_self, i_self = nn.kneighbors()
    cases.append({"name": "duplicates", "rows": len(X), "columns": 3, "k": 4, "X": floats(X), "Q": floats(X[:0]),
                  "queries": 0, "self_indices": i_self.ravel().tolist(), "self_distances": d_self.ravel().tolist(),
                  "query_indices": [], "query_distances": []})
    with open(os.path.join(HERE, "knn.json"), "w") as f:
        json.dump(cases, f)
    print("knn.json:", [c["name"] for c in cases])


def knee_cases():
    rng = np.random.default_rng(5)
    x = np.linspace(0, 1, 200)
    curves = {
        "exp": np.exp(5 * x),
        "square": x ** 2,
        "hinge": np.where(x < 0.7, 0.1 * x, 0.07 + 3 * (x - 0.7)),
        "noisy": np.sort(np.abs(rng.standard_cauchy(400))),
        "steps": np.sort(np.round(rng.exponential(size=300), 1)),
        "flat": np.ones(50),
        "two": np.array([0.0, 1.0]),
        "kdist_like": np.sort(np.concatenate([rng.gamma(4, 0.05, 900), rng.uniform(0.5, 3, 100)])),
    }
    out = []
    for name, c in curves.items():
        c = np.asarray(c, dtype=np.float32)
        ki, kv = knee(c)
        out.append({"name": name, "curve": floats(c), "knee_index": ki, "knee_value": kv})
    with open(os.path.join(HERE, "knee.json"), "w") as f:
        json.dump(out, f)
    print("knee.json:", [(o["name"], o["knee_index"]) for o in out])


if __name__ == "__main__":
    print("scikit-learn", sklearn.__version__, "kneed", getattr(kneed, "__version__", "?"))
    datasets()
    knn_cases()
    knee_cases()
