"""Reference values for `strata score ari|nmi`, from scikit-learn (pinned in ../requirements.txt).

Run from the repository root:  python3 Tests/Fixtures/cli/make_cli.py
Writes agreement_labels.csv, agreement_truth.csv (id,label) and agreement.json next to this
script. Deterministic (fixed seed). The labels include -1 and the neighbours 16777216 and
16777217, which a float32 reading would merge into one cluster.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

assert sklearn.__version__ == "1.7.2", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, ids, labels):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("id,label\n")
        for i, l in zip(ids, labels):
            f.write(f"{i},{l}\n")


def main():
    rng = np.random.RandomState(8)
    n = 40
    ids = [f"c{i:03d}" for i in range(n)]
    truth = rng.randint(0, 3, size=n)
    # A noisy copy of the truth: a third of the rows relabelled at random, some as noise.
    predicted = truth.copy()
    flip = rng.rand(n) < 0.35
    predicted[flip] = rng.randint(-1, 4, size=flip.sum())
    names = {-1: -1, 0: 16777216, 1: 16777217, 2: 5, 3: 9_000_000_000_000_000_000}
    predicted = np.array([names[int(p)] for p in predicted], dtype=np.int64)
    write("agreement_truth.csv", ids, truth)
    write("agreement_labels.csv", ids, predicted)
    reference = {
        "sklearn": sklearn.__version__,
        "adjusted_rand_index": float(adjusted_rand_score(truth, predicted)),
        "normalized_mutual_information": float(normalized_mutual_info_score(truth, predicted)),
    }
    with open(os.path.join(HERE, "agreement.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
