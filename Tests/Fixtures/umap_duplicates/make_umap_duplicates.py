"""Duplicate-heavy, integer-valued customer data for Strata's UMAP (issue: UMAP on real RFM tables).

Run from anywhere:  python3 Tests/Fixtures/umap_duplicates/make_umap_duplicates.py
Pinned versions: umap-learn 0.5.12, scikit-learn 1.7.2, numpy (Tests/Fixtures/requirements.txt).

A seeded transaction table (customers of five behaviour segments buying priced items on days of
a two-year window) is aggregated into eight integer RFM-style features per customer: days since
the last order in two-day steps, orders, money spent, weeks since the first order, mean basket value, distinct
categories, items, returns. One-time and occasional buyers collide on every feature, so about
16 % of the rows exactly repeat an earlier row, and most others tie on several columns.
Writes:
  rfm.csv                  - the integer features (header, one customer a row)
  umap_duplicates.json     - the rows kept by deduplication (first occurrence of each distinct row)
                             and umap-learn's trustworthiness@15 (sklearn, every row) for seeds
                             1, 2, 3 on the standardized table and on its deduplicated rows.
Both tables are standardized on their own rows (z-scores, population standard deviation) before
UMAP; the row count is above 4,096 so umap-learn (and Strata) build the kNN graph by NN-descent.
"""
import json
import os
import warnings

import numpy as np
import sklearn
import umap
from sklearn.manifold import trustworthiness

OUT = os.path.dirname(os.path.abspath(__file__))
ROWS = 6000
SEEDS = (1, 2, 3)
COLUMNS = ["recency_2days", "orders", "monetary", "tenure_weeks", "basket", "categories", "items", "returns"]


def transactions(n, seed):
    """(customer, day, items, value, category-set bits, returned) per order, days in [0, 730)."""
    rng = np.random.default_rng(seed)
    window = 730
    prices = np.array([5, 10, 15, 20, 25, 30, 40, 50, 80])
    # share, extra orders (Poisson mean), price tilt, mean days between orders
    segments = [(0.22, 0.0, 0.0, 1), (0.25, 1.0, 0.3, 150), (0.20, 5.0, 1.0, 50),
                (0.15, 15.0, 1.5, 20), (0.10, 3.0, 3.0, 70)]
    shares = np.array([s[0] for s in segments])
    segment = rng.choice(len(segments), size=n, p=shares / shares.sum())
    orders = []
    for customer in range(n):
        _, extra, tilt, gap = segments[segment[customer]]
        day = int(rng.integers(0, window))
        weights = np.exp(-np.arange(len(prices)) / (1.0 + tilt))
        weights /= weights.sum()
        for _ in range(1 + rng.poisson(extra)):
            if day >= window:
                break
            count = 1 + rng.poisson(0.2 + 0.3 * tilt)
            picked = rng.choice(len(prices), size=count, p=weights)
            categories = 0
            for c in rng.integers(0, 5, size=count):
                categories |= 1 << int(c)
            orders.append((customer, day, count, int(prices[picked].sum()), categories,
                           int(rng.random() < 0.04 * count)))
            day += 1 + int(rng.geometric(1.0 / gap))
    return np.array(orders, dtype=np.int64), window


def customers_rfm(n, seed):
    """The transaction table aggregated per customer into the eight integer features."""
    table, window = transactions(n, seed)
    rows = np.zeros((n, len(COLUMNS)), dtype=np.int64)
    # One pass over the table (orders are grouped by customer, days increasing).
    starts = np.searchsorted(table[:, 0], np.arange(n + 1))
    for customer in range(n):
        mine = table[starts[customer]:starts[customer + 1]]
        days, items, value, bits, returned = mine[:, 1], mine[:, 2], mine[:, 3], mine[:, 4], mine[:, 5]
        categories = bin(int(np.bitwise_or.reduce(bits))).count("1")
        rows[customer] = [(window - 1 - days[-1]) // 2, len(days), value.sum(), (window - 1 - days[0]) // 7,
                          int(round(value.sum() / len(days))), categories, items.sum(), returned.sum()]
    return rows


def standardized(raw):
    x = raw.astype(np.float64)
    return ((x - x.mean(0)) / x.std(0)).astype(np.float32)


def unique_rows(raw):
    """Indices of the first occurrence of each distinct row, in table order."""
    _, first = np.unique(raw, axis=0, return_index=True)
    return np.sort(first)


def umap_trustworthiness(x):
    values = []
    for seed in SEEDS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            embedding = umap.UMAP(n_neighbors=15, random_state=seed).fit_transform(x)
        values.append(float(trustworthiness(x, embedding, n_neighbors=15)))
        print(f"  seed {seed}: {values[-1]:.4f}", flush=True)
    return values


def main():
    raw = customers_rfm(ROWS, 11)
    keep = unique_rows(raw)
    np.savetxt(os.path.join(OUT, "rfm.csv"), raw, fmt="%d", delimiter=",", header=",".join(COLUMNS), comments="")
    print(f"{ROWS} rows, {ROWS - len(keep)} exact duplicate rows ({(ROWS - len(keep)) / ROWS:.1%})", flush=True)
    meta = {"umap_learn": umap.__version__, "sklearn": sklearn.__version__, "rows": ROWS,
            "duplicateRows": int(ROWS - len(keep)), "seeds": list(SEEDS), "neighborCount": 15}
    print("with duplicates", flush=True)
    meta["umapTrustworthiness15"] = umap_trustworthiness(standardized(raw))
    print("deduplicated", flush=True)
    meta["umapTrustworthiness15Unique"] = umap_trustworthiness(standardized(raw[keep]))
    meta["uniqueRows"] = [int(i) for i in keep]
    with open(os.path.join(OUT, "umap_duplicates.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
