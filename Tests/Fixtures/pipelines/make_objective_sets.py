"""Labelled data sets for the default-objective test (Tests/StrataPipelinesTests/DefaultObjectiveTests.swift).

digits.csv: scikit-learn's handwritten digits (1,797 x 64), label = the digit.
blobs_noise.csv: three Gaussian blobs of different spreads (std 0.5, 1.5, 3.0) plus 10 % uniform
noise (label -1), 3,000 rows x 4 features, make_blobs with random_state=7.
Run from the repository root: python3 Tests/Fixtures/pipelines/make_objective_sets.py
"""
import os
import numpy as np
from sklearn.datasets import load_digits, make_blobs

here = os.path.dirname(os.path.abspath(__file__))

def write(name, X, y, fmt):
    with open(os.path.join(here, name), "w") as f:
        f.write("id," + ",".join(f"x{i}" for i in range(X.shape[1])) + ",label\n")
        for i, (row, label) in enumerate(zip(X, y)):
            f.write(f"r{i}," + ",".join(fmt % v for v in row) + f",{label}\n")

digits = load_digits()
write("digits.csv", digits.data.astype(int), digits.target, "%d")

X, y = make_blobs(n_samples=2700, n_features=4, centers=3, cluster_std=[0.5, 1.5, 3.0], random_state=7)
rng = np.random.default_rng(7)
low, high = X.min(axis=0) - 2, X.max(axis=0) + 2
noise = rng.uniform(low, high, size=(300, 4))
X = np.vstack([X, noise]); y = np.concatenate([y, -np.ones(300, dtype=int)])
order = rng.permutation(len(y))
write("blobs_noise.csv", X[order], y[order], "%.6f")
