"""Reference fixtures for KMeans, MiniBatchKMeans and GaussianMixture (scikit-learn 1.7.2).

Deterministic: every dataset and every reference run is seeded. Data are rounded to float32 so
Strata (Float storage) and scikit-learn (float64 on the same values) see identical inputs.
Run:  python3 Tests/Fixtures/kmeans/make_kmeans.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

assert sklearn.__version__ == "1.7.2", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def datasets():
    blobs, _ = make_blobs(n_samples=600, centers=4, n_features=5, cluster_std=1.5, random_state=0)
    aniso, _ = make_blobs(n_samples=500, centers=3, random_state=170)
    aniso = aniso @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    moons, _ = make_moons(n_samples=400, noise=0.08, random_state=0)
    base, _ = make_blobs(n_samples=150, centers=3, n_features=2, random_state=7)
    dup = np.repeat(base, 3, axis=0)
    dup = dup[np.random.RandomState(1).permutation(len(dup))]
    return [("blobs", f32(blobs), 4), ("anisotropic", f32(aniso), 3), ("moons", f32(moons), 4),
            ("duplicates", f32(dup), 3)]


def listify(a):
    return np.asarray(a, dtype=np.float64).tolist()


def kmeans_cases(X, k):
    rng = np.random.RandomState(42)
    init = X[rng.choice(len(X), size=k, replace=False)]
    far = init.copy()
    far[-1] = X.max(axis=0) + 50.0   # a centre no row is near: exercises empty-cluster relocation
    cases = []
    for name, start in [("sampled", init), ("relocation", far)]:
        for algorithm in ["lloyd", "elkan"]:
            km = KMeans(n_clusters=k, init=start, n_init=1, algorithm=algorithm, max_iter=300, tol=1e-4).fit(X)
            cases.append({"name": f"{name}-{algorithm}", "algorithm": algorithm, "initialCenters": listify(start),
                          "labels": km.labels_.tolist(), "inertia": float(km.inertia_),
                          "iterations": int(km.n_iter_), "centers": listify(km.cluster_centers_)})
    plus = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(X)
    return cases, float(plus.inertia_)


def gmm_cases(X, labels, k):
    n = len(X)
    resp = np.zeros((n, k))
    resp[np.arange(n), labels] = 1
    cases = []
    for cov_type in COVARIANCE_TYPES:
        weights, means, covs = _estimate_gaussian_parameters(X, resp, 1e-6, cov_type)
        weights /= n
        # Shift the starting means a little so EM has several iterations of work to do.
        means = means + 0.3 * np.random.RandomState(5).standard_normal(means.shape)
        if cov_type == "full":
            precisions = np.array([np.linalg.inv(c) for c in covs])
        elif cov_type == "tied":
            precisions = np.linalg.inv(covs)
        else:
            precisions = 1.0 / covs
        gm = GaussianMixture(n_components=k, covariance_type=cov_type, weights_init=weights, means_init=means,
                             precisions_init=precisions, tol=1e-3, max_iter=100, reg_covar=1e-6).fit(X)
        cases.append({
            "covarianceType": cov_type,
            "initialWeights": listify(weights), "initialMeans": listify(means),
            "initialPrecisions": listify(precisions),
            "score": float(gm.score(X)), "lowerBound": float(gm.lower_bound_), "iterations": int(gm.n_iter_),
            "converged": bool(gm.converged_), "bic": float(gm.bic(X)), "aic": float(gm.aic(X)),
            "weights": listify(gm.weights_), "means": listify(gm.means_),
            "labels": gm.predict(X).tolist(), "scoreSamples": listify(gm.score_samples(X)[:25]),
            "probabilitiesFirstRows": listify(gm.predict_proba(X)[:10]),
        })
    default = GaussianMixture(n_components=k, covariance_type="full", random_state=0).fit(X)
    return cases, float(default.score(X))


def main():
    for name, X, k in datasets():
        cases, plus_inertia = kmeans_cases(X, k)
        gcases, default_score = gmm_cases(X, cases[0]["labels"], k)
        out = {"name": name, "clusterCount": k, "X": listify(X), "kmeans": cases,
               "kmeansPlusPlusInertia": plus_inertia, "gmm": gcases, "gmmDefaultFullScore": default_score}
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(out, f)

    # MiniBatchKMeans needs enough rows for several batches.
    X, _ = make_blobs(n_samples=8000, centers=6, n_features=3, cluster_std=1.2, random_state=3)
    X = f32(X)
    mb = [float(MiniBatchKMeans(n_clusters=6, batch_size=256, random_state=s, n_init=3).fit(X).inertia_) for s in range(30)]
    full = float(KMeans(n_clusters=6, n_init=10, random_state=0).fit(X).inertia_)
    with open(os.path.join(HERE, "minibatch.json"), "w") as f:
        json.dump({"clusterCount": 6, "batchSize": 256, "initCount": 3, "X": listify(X),
                   "miniBatchInertias": mb, "kmeansInertia": full}, f)


if __name__ == "__main__":
    main()
