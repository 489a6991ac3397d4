"""Reference silhouette values for the segments artifacts (Tests/StrataPipelinesTests/SilhouetteArtifactTests.swift).

blobs.csv: three Gaussian blobs (make_blobs, random_state=11, 4 features, 360 rows) plus 12
far-away outliers, with a customer id column.
silhouette.json: what a pipeline `scale: standard` → `cluster: dbscan eps=0.6 min_samples=5`
must record: scikit-learn's DBSCAN labels on the standardized features, and
sklearn.metrics.silhouette_samples on the non-noise rows (noise excluded, as Strata does), with
their mean.
Run from the repository root: python3 Tests/Fixtures/segments/make_segments.py
"""
import json
import os

import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_samples
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
EPS, MIN_SAMPLES = 0.6, 5

X, _ = make_blobs(n_samples=360, n_features=4, centers=3, cluster_std=0.6, random_state=11)
rng = np.random.default_rng(11)
outliers = rng.uniform(-1, 1, size=(12, 4))
outliers = outliers / np.linalg.norm(outliers, axis=1, keepdims=True) * 30
X = np.vstack([X, outliers])
X = X[rng.permutation(len(X))]
# Values as written to the CSV, so both sides read the same numbers.
X = np.array([[float("%.6f" % v) for v in row] for row in X])

with open(os.path.join(here, "blobs.csv"), "w") as f:
    f.write("id," + ",".join(f"x{i}" for i in range(X.shape[1])) + "\n")
    for i, row in enumerate(X):
        f.write(f"c{i}," + ",".join("%.6f" % v for v in row) + "\n")

scaled = StandardScaler().fit_transform(X.astype(np.float32)).astype(np.float64)
labels = DBSCAN(eps=EPS, min_samples=MIN_SAMPLES).fit(scaled).labels_
kept = labels >= 0
values = silhouette_samples(scaled[kept], labels[kept])
per_row = np.full(len(labels), None, dtype=object)
per_row[kept] = values
with open(os.path.join(here, "silhouette.json"), "w") as f:
    json.dump({"eps": EPS, "min_samples": MIN_SAMPLES, "labels": labels.tolist(),
               "values": [None if v is None else float(v) for v in per_row],
               "average": float(values.mean())}, f, indent=0)
print("clusters", sorted(set(labels.tolist())), "noise", int((labels < 0).sum()), "average", values.mean())
