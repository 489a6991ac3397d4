"""Reference PCA fits from scikit-learn 1.7.2 for Strata's PCA tests.

Run from the repository root:  python3 Tests/Fixtures/pca/make_pca.py   (writes pca.json here)
Data are rounded to float32 so Strata (Float storage) and sklearn (float64) see the same values.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA

assert sklearn.__version__ == "1.7.2", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def correlated(n, d, factors, seed, offset=0.0):
    rng = np.random.RandomState(seed)
    z = rng.normal(size=(n, factors)) * np.linspace(3.0, 1.0, factors)
    w = rng.normal(size=(factors, d))
    return f32(z @ w + 0.3 * rng.normal(size=(n, d)) * np.linspace(0.5, 1.5, d) + offset)


def datasets():
    rng = np.random.RandomState(2)
    return {
        "tall_correlated": correlated(2000, 8, 3, 1),
        "offset": correlated(1500, 5, 2, 3, offset=rng.uniform(500, 2000, 5)),
        "small": correlated(150, 4, 2, 4),
        "wide": correlated(60, 300, 4, 5),
    }


CONFIGS = [
    ("tall_correlated", dict(n_components=3)),
    ("tall_correlated", dict(n_components=3, whiten=True)),
    ("tall_correlated", dict(n_components=0.9)),
    ("tall_correlated", dict(n_components=None)),
    ("offset", dict(n_components=2)),
    ("offset", dict(n_components=0.999, whiten=True)),
    ("small", dict(n_components=2)),
    ("wide", dict(n_components=4)),
]


def main():
    data = datasets()
    out = {"sklearn": sklearn.__version__, "datasets": {}, "fits": []}
    for name, X in data.items():
        out["datasets"][name] = {"rows": X.shape[0], "columns": X.shape[1], "values": [float(v) for v in X.ravel()]}
    for name, params in CONFIGS:
        X = data[name]
        pca = PCA(**params).fit(X)
        out["fits"].append({
            "dataset": name,
            "n_components": params["n_components"],
            "whiten": bool(params.get("whiten", False)),
            "solver": pca._fit_svd_solver,
            "n_components_": int(pca.n_components_),
            "mean": pca.mean_.tolist(),
            "components": pca.components_.tolist(),
            "explained_variance": pca.explained_variance_.tolist(),
            "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
            "singular_values": pca.singular_values_.tolist(),
            "noise_variance": float(pca.noise_variance_),
            "transform_head": pca.transform(X[:20]).tolist(),
        })
    with open(os.path.join(HERE, "pca.json"), "w") as fh:
        json.dump(out, fh)
    print("wrote", len(out["fits"]), "fits")


main()
