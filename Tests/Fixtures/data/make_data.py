"""Reference outputs for StrataData preprocessing tests (numpy + scikit-learn, seeded).

Run from this directory:  python3 make_data.py
Inputs are rounded to float32 first (Strata stores Float) and the references are computed on
exactly those values in float64, so tests compare algorithms, not input rounding.
"""
import json

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.feature_selection import VarianceThreshold
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

rng = np.random.default_rng(20240611)


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def write_csv(path, names, X, ids=None, fmt=None):
    with open(path, "w") as f:
        f.write(",".join((["id"] if ids is not None else []) + names) + "\n")
        for r in range(X.shape[0]):
            cells = [repr(float(np.float32(v))) if fmt is None else fmt(v) for v in X[r]]
            if ids is not None:
                cells = [ids[r]] + cells
            f.write(",".join(cells) + "\n")


def listify(a):
    a = np.asarray(a, dtype=np.float64)
    return [None if not np.isfinite(v) else float(v) for v in a.ravel()]


def greedy_drop(corr, t):
    d = corr.shape[0]
    dropped = []
    for j in range(d):
        for i in range(j):
            if i in dropped:
                continue
            if abs(corr[i, j]) > t:
                dropped.append(j)
                break
    return sorted(dropped)


def pandas_recipe_drop(corr, t):
    # upper = corr.abs().where(np.triu(np.ones(corr.shape), k=1).astype(bool))
    # to_drop = [column for column in upper.columns if any(upper[column] > t)]
    upper = np.where(np.triu(np.ones(corr.shape), k=1).astype(bool), np.abs(corr), np.nan)
    with np.errstate(invalid="ignore"):
        return [j for j in range(corr.shape[0]) if np.any(upper[:, j] > t)]


def references(X, names):
    out = {"columns": names, "rows": int(X.shape[0])}
    s = StandardScaler().fit(X)
    out["standard"] = {"mean": listify(s.mean_), "var": listify(s.var_), "scale": listify(s.scale_),
                       "transformed": listify(s.transform(X))}
    s2 = StandardScaler(with_mean=False).fit(X)
    out["standard_no_mean"] = {"transformed": listify(s2.transform(X))}
    m = MinMaxScaler(feature_range=(-1, 2)).fit(X)
    out["minmax"] = {"data_min": listify(m.data_min_), "data_max": listify(m.data_max_), "scale": listify(m.scale_),
                     "min": listify(m.min_), "transformed": listify(m.transform(X))}
    r = RobustScaler().fit(X)
    out["robust"] = {"center": listify(r.center_), "scale": listify(r.scale_), "transformed": listify(r.transform(X))}
    r2 = RobustScaler(quantile_range=(10.0, 90.0), unit_variance=True).fit(X)
    out["robust_10_90_unit"] = {"center": listify(r2.center_), "scale": listify(r2.scale_)}
    for t in (0.0, 1.0):
        v = VarianceThreshold(threshold=t)
        try:
            v.fit(X)
            out[f"variance_threshold_{t:g}"] = {"variances": listify(v.variances_),
                                                 "support": [int(i) for i in v.get_support(indices=True)]}
        except ValueError:
            out[f"variance_threshold_{t:g}"] = {"error": True}
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(X, rowvar=False)
    out["corrcoef"] = listify(corr)
    out["drop_greedy_0.9"] = greedy_drop(corr, 0.9)
    out["drop_recipe_0.9"] = pandas_recipe_drop(corr, 0.9)
    out["drop_greedy_0.6"] = greedy_drop(corr, 0.6)
    out["drop_recipe_0.6"] = pandas_recipe_drop(corr, 0.6)
    out["drop_greedy_0.5"] = greedy_drop(corr, 0.5)
    out["drop_recipe_0.5"] = pandas_recipe_drop(corr, 0.5)
    nonneg = [c for c in range(X.shape[1]) if X[:, c].min() >= 0 and X[:, c].var() > 0]
    with np.errstate(all="ignore"):
        sk = stats.skew(X[:, nonneg], axis=0, bias=True) if nonneg else []
    sk = dict(zip(nonneg, sk))
    out["skewed_1"] = [c for c in nonneg if sk[c] > 1.0]
    return out


def mixed(n):
    a = rng.normal(5, 2, n)
    b = rng.lognormal(3, 1.2, n)                       # skewed spend
    c = np.full(n, 3.0)                                # constant
    d = 2 * a + rng.normal(0, 0.5, n)                  # |r(a, d)| > 0.9
    e = rng.normal(0, 1, n); e[rng.choice(n, 6, replace=False)] *= 60   # outliers
    f = rng.poisson(0.4, n).astype(float)              # sparse counts, many zeros
    g = -d + rng.normal(0, 0.3, n)                     # chain: a ~ d ~ g
    h = rng.uniform(-3, 3, n)
    X = f32(np.column_stack([a, b, c, d, e, f, g, h]))
    return X, ["normal", "spend", "constant", "double_normal", "outliers", "counts", "negated", "uniform"]


meta = {"numpy": np.__version__, "scikit-learn": sklearn.__version__, "scipy": scipy.__version__}

X, names = mixed(300)
ids = [f"C{i:04d}" for i in range(X.shape[0])]
write_csv("mixed.csv", names, X, ids)
json.dump({"meta": meta, **references(X, names)}, open("mixed.json", "w"))

# A correlation chain a ~ b ~ c with a, c independent: greedy and the pandas recipe differ at 0.6.
a, c, d = rng.normal(0, 1, (3, 200))
C = f32(np.column_stack([a, a + c + rng.normal(0, 0.1, 200), c, d]))
write_csv("chain.csv", ["a", "b", "c", "d"], C)
json.dump({"meta": meta, **references(C, ["a", "b", "c", "d"])}, open("chain.json", "w"))

# Small integer data with ties: exercises percentile interpolation and median of an even count.
T = f32(np.array([[1, 10, 0], [2, 10, 0], [2, 20, 0], [4, 20, 0], [7, 40, 1], [9, 40, 0],
                  [9, 80, 0], [15, 90, 0], [40, 95, 0], [41, 1000, 5]], dtype=float))
write_csv("ties.csv", ["a", "b", "c"], T)
json.dump({"meta": meta, **references(T, ["a", "b", "c"])}, open("ties.json", "w"))

# Enough rows for several parallel chunks; only statistics are stored.
n = 12000
B = f32(np.column_stack([rng.normal(100, 15, n), rng.exponential(50, n), rng.integers(0, 5, n),
                         rng.normal(0, 1, n) * 1e-3 + 7]))
write_csv("chunks.csv", ["w", "x", "y", "z"], B)
ref = references(B, ["w", "x", "y", "z"])
for key in ("standard", "minmax", "robust"):
    ref[key].pop("transformed")
ref.pop("standard_no_mean")
json.dump({"meta": meta, **ref}, open("chunks.json", "w"))

# Missing cells in every spelling the reader accepts; references from SimpleImputer.
M = f32(rng.normal(10, 3, (40, 3)))
holes = [(0, 0, ""), (3, 0, "NA"), (7, 1, "nan"), (8, 1, "NaN"), (9, 1, "null"), (15, 2, "N/A"), (16, 2, " "),
         (20, 0, "None"), (33, 2, "")]
Mn = M.copy()
for r, c, _ in holes:
    Mn[r, c] = np.nan
with open("missing.csv", "w") as fh:
    fh.write("id,p,q,r\n")
    marks = {(r, c): s for r, c, s in holes}
    for r in range(M.shape[0]):
        cells = [marks.get((r, c), repr(float(np.float32(M[r, c])))) for c in range(3)]
        fh.write(",".join([f"row{r}"] + cells) + "\n")
imputed = {}
for strategy in ("mean", "median"):
    imputed[strategy] = listify(SimpleImputer(strategy=strategy).fit_transform(Mn))
imputed["constant_-1"] = listify(SimpleImputer(strategy="constant", fill_value=-1.0).fit_transform(Mn))
imputed["missing_counts"] = [int(v) for v in np.isnan(Mn).sum(axis=0)]
json.dump({"meta": meta, **imputed}, open("missing.json", "w"))
print("wrote mixed, ties, chunks, missing")
