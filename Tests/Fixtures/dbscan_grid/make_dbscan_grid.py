"""Reference fixtures for grid-based DBSCAN (cells of side eps/sqrt(d)): scikit-learn's labels on
data that exercise the grid — cells holding more than min_samples points, clusters that touch at
exactly eps across cell borders (scikit-learn counts distance <= eps, the point itself included),
pairs just over eps, chains joined only through cells two apart, contested border points, a
far outlier (too many cells: Strata falls back to neighbour search) and 5-D / 8-D data.

Run: python3 Tests/Fixtures/dbscan_grid/make_dbscan_grid.py  (scikit-learn 1.7.2, numpy)
Writes dbscan_grid_<name>.json next to this script, in the format of
neighbors/dbscan_<name>.json. Data are float32; coordinates meant to tie are multiples of
powers of two, so the distances are exact in float32 and float64 alike.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))
assert sklearn.__version__ == "1.7.2", sklearn.__version__


def case(name, X, eps, min_samples, expect_ties=False):
    X = np.ascontiguousarray(X, dtype=np.float32)
    assert np.float32(eps) == eps
    model = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    core = np.zeros(len(X), bool)
    core[model.core_sample_indices_] = True
    nn = NearestNeighbors(radius=eps).fit(X)
    nbrs = nn.radius_neighbors(X, return_distance=False)
    contested = sum(1 for i in range(len(X)) if not core[i]
                    and len({model.labels_[j] for j in nbrs[i] if core[j]}) > 1)
    # Pairs at exactly eps (float64 distance of the float32 values), to show the ties are there.
    dist, _ = nn.radius_neighbors(X, return_distance=True)
    ties = int(sum(int((d64 == eps).sum()) for d64 in dist)) // 2
    assert ties > 0 or not expect_ties, name
    out = {
        "name": name, "rows": int(X.shape[0]), "columns": int(X.shape[1]),
        "X": [float(v) for v in X.ravel()], "eps": float(eps), "min_samples": int(min_samples),
        "labels": [int(v) for v in model.labels_],
        "core_sample_indices": [int(v) for v in model.core_sample_indices_],
        "contested_borders": contested, "pairs_at_eps": ties,
    }
    with open(os.path.join(HERE, f"dbscan_grid_{name}.json"), "w") as f:
        json.dump(out, f)
    print(f"dbscan_grid_{name}: n={len(X)} d={X.shape[1]} clusters={model.labels_.max() + 1} "
          f"noise={(model.labels_ == -1).sum()} cores={core.sum()} contested={contested} pairs at eps={ties}")


def lattice(x0, y0, size, step):
    g = np.arange(0, size + step / 2, step)
    xx, yy = np.meshgrid(x0 + g, y0 + g)
    return np.column_stack([xx.ravel(), yy.ravel()])


def main():
    rng = np.random.default_rng(2015)

    # Dense 2-D blobs (cells of hundreds of points) of three spreads and uniform noise.
    X, _ = make_blobs(n_samples=2400, centers=[[0, 0], [1.5, 0.2], [0.4, 2.0]],
                      cluster_std=[0.05, 0.2, 0.45], random_state=3)
    X = np.vstack([X, rng.uniform(-1.5, 3, size=(300, 2))])
    case("dense2d", rng.permutation(X), 0.125, 12)

    # Lattices of step 1/16 and min_samples 30: an edge row has 29 neighbours, so only A's and B's
    # facing edges, exactly eps = 1/4 apart, are core (by the tie) and join A and B across cells;
    # C sits 1/64 farther than eps from A (a separate cluster). The gap rows are border points,
    # the one between A and C contested; corners are border points too.
    a = lattice(0, 0, 1, 1 / 16)
    b = lattice(1.25, 0, 1, 1 / 16)
    c = lattice(0, 1 + 0.25 + 1 / 64, 1, 1 / 16)
    gap = np.array([[1.125, 0.5], [0.5, 1.1328125]])   # between A–B and A–C: contested borders
    case("lattice_ties", rng.permutation(np.vstack([a, b, c, gap])), 0.25, 30, expect_ties=True)

    # Chains of clumps stepping (3/4, 1) = exactly eps 5/4 diagonally across cells: clumps of 3
    # copies, core only through the tied neighbouring clumps (min_samples 5), one cluster; and a
    # chain of clumps of 5 (core on their own) stepping 1/1024 farther: a cluster per clump.
    clumps = []
    for k in range(6):
        clumps.append(np.tile([0.75 * k, 1.0 * k], (3, 1)))
        clumps.append(np.tile([10 + 0.75 * k, (1.0 + 1 / 1024) * k], (5, 1)))
    lone = np.array([[5.0, -3.0], [-4.0, 4.0]])   # noise
    # Isolated clumps in one cell each: min_samples - 1 copies are noise, min_samples a cluster.
    clumps += [np.tile([20.0, 20.0], (4, 1)), np.tile([30.0, -5.0], (5, 1))]
    case("diagonal_ties", rng.permutation(np.vstack(clumps + [lone])), 1.25, 5, expect_ties=True)

    # 3-D: dense blobs, noise and clumps stepping (1/4, 1/2, 1/2) = exactly eps 3/4.
    X, _ = make_blobs(n_samples=2000, n_features=3, centers=[[0, 0, 0], [2, 2, 0], [0, 3, 3]],
                      cluster_std=[0.08, 0.25, 0.6], random_state=4)
    chain = np.vstack([np.tile([4 + 0.25 * k, 0.5 * k, 0.5 * k], (5, 1)) for k in range(8)])
    X = np.vstack([X, rng.uniform(-2, 5, size=(300, 3)), chain])
    case("dense3d", rng.permutation(X), 0.75, 5, expect_ties=True)

    # Dense blobs and a clump of core rows ten million units away: the grid would need too many
    # cells (Strata joins core points by neighbour search instead).
    X, _ = make_blobs(n_samples=600, centers=[[0, 0], [1, 1]], cluster_std=[0.05, 0.3], random_state=5)
    X = np.vstack([X, np.tile([[1e7, -1e7]], (8, 1)), rng.uniform(-1, 2, size=(60, 2))])
    case("far_outlier", rng.permutation(X), 0.0625, 8)

    # 5-D and 8-D blobs of different spreads with noise (the grid in 5-D, neighbour search in 8-D by default; both strategies are tested on both).
    for d, eps in [(5, 0.75), (8, 1.5)]:
        X, _ = make_blobs(n_samples=900, n_features=d, centers=3, cluster_std=[0.15, 0.4, 0.8],
                          center_box=(-4, 4), random_state=d)
        X = np.vstack([X, rng.uniform(-5, 5, size=(100, d))])
        case(f"blobs{d}d", rng.permutation(X), eps, 6)


if __name__ == "__main__":
    main()
