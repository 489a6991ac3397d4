"""Browser checks of the compare and sweep pages (web/js/pages/compare.js, sweep.js), written to
plug into dashboard_check.py: each function takes its `Run` (driver, open(), require_painted(),
config) and raises on a failure. See README-compare.md for what each one checks and why.

Config keys used: `compare_trials` (2–20 trial names of one experiment, at least one metric with
several points, e.g. the quickstart's `cluster_size`), `sweep` ({experiment, name}).
"""
import json
import math
import os
import urllib.request

from selenium.webdriver.common.by import By

HERE = os.path.dirname(os.path.abspath(__file__))
SWEEP_MATH = os.path.join(HERE, "..", "Fixtures", "dashboard_sweep", "sweep_math.json")


class CompareCheckFailed(Exception):
    pass


def _quote(text):
    return urllib.request.quote(text, safe="")


def _require(condition, message):
    if not condition:
        raise CompareCheckFailed(message)


def compare_table(run):
    """The table lists every trial, highlights differing cells, and the toggle hides equal rows."""
    trials = run.config["compare_trials"]
    root = run.open("/compare?trials=" + ",".join(_quote(t) for t in trials), "compare", shot="compare-table")
    headers = root.find_elements(By.CSS_SELECTOR, ".compare-table thead th a")
    _require(len(headers) == len(trials), f"compare table has {len(headers)} trial columns, expected {len(trials)}")
    hrefs = [h.get_attribute("href").split("#", 1)[1] for h in headers]
    _require(hrefs == [f"/trials/{_quote(t)}" for t in trials], f"trial headers link to {hrefs}")
    all_rows = root.find_elements(By.CSS_SELECTOR, ".compare-table tbody tr[data-key]")
    differing = root.find_elements(By.CSS_SELECTOR, ".compare-table tbody tr.differs")
    _require(differing, "no row is marked as differing (tr.differs)")
    _require(len(differing) < len(all_rows), "every row differs: the trials should share some parameters")
    _require(root.find_elements(By.CSS_SELECTOR, "tr.differs td.differs"), "differing rows have no highlighted cells (td.differs)")
    run.driver.find_element(By.ID, "compare-only-diff").click()
    shown = root.find_elements(By.CSS_SELECTOR, ".compare-table tbody tr[data-key]")
    _require(len(shown) == len(differing), f"'only rows that differ' shows {len(shown)} rows, expected {len(differing)}")
    _require(all("differs" in r.get_attribute("class") for r in shown), "'only rows that differ' kept an equal row")


def compare_pickers(run):
    """Changing the scatter's axes and the series' metric redraws without console errors."""
    trials = run.config["compare_trials"]
    root = run.open("/compare?trials=" + ",".join(_quote(t) for t in trials), "compare", shot="compare-pickers")
    selects = root.find_elements(By.CSS_SELECTOR, "select")
    _require(len(selects) >= 3, f"compare has {len(selects)} pickers, expected x, y and the series' metric (and its axis)")
    for select in selects:
        options = select.find_elements(By.CSS_SELECTOR, "option")
        if len(options) > 1:
            options[-1].click()
    run.driver.execute_script("return new Promise((r) => setTimeout(r, 500))")
    run.require_painted(root, "compare after picking other axes", 3)
    problems = run.console_problems()
    _require(not problems, "console errors or warnings after changing pickers:\n" + "\n".join(problems))


def compare_limits(run):
    """21 trials are refused with a message naming the limit; one trial asks for more."""
    names = ",".join(f"t{i}" for i in range(21))
    root = run.open(f"/compare?trials={names}", "compare", shot="compare-too-many")
    _require("at most 20" in root.text, f"compare with 21 trials does not name the limit: {root.text[:200]!r}")
    _require(not root.find_elements(By.CSS_SELECTOR, "canvas"), "compare with 21 trials still draws charts")
    root = run.open("/compare?trials=only-one", "compare", shot="compare-too-few")
    _require("2 to 20" in root.text, f"compare with one trial does not ask for 2 to 20: {root.text[:200]!r}")


def sweep_contents(run):
    """History, importance (method named), a slice per parameter, and one table row per trial."""
    sweep = run.config["sweep"]
    root = run.open(f"/sweeps/{_quote(sweep['experiment'])}/{_quote(sweep['name'])}", "sweep", shot="sweep-contents")
    kinds = [c.get_attribute("data-chart") for c in run.require_painted(root, "sweep", 3)]
    _require("bars" in kinds, f"sweep draws no importance bars (charts: {kinds})")
    _require("ε²" in root.text and "variance" in root.text, "the importance method is not named on the page")
    status, body = run.api("GET", f"/api/v1/trials?experiment={_quote(sweep['experiment'])}", run.role or "editor")
    _require(status == 200, f"listing trials: {status} {body}")
    mine = [t for t in body["trials"] if t.get("metadata", {}).get("sweep") == sweep["name"]]
    rows = root.find_elements(By.CSS_SELECTOR, "table.sweep-trials tbody tr")
    _require(len(rows) == len(mine), f"sweep table has {len(rows)} rows, the store {len(mine)} trials")
    states = {t["metadata"].get("sweep.state") for t in mine}
    shown = {r.get_attribute("data-state") for r in rows}
    _require(shown == states, f"sweep table states {sorted(shown)} differ from the store's {sorted(states)}")
    # A slice per parameter that a feasible (complete) point set; every parameter is a table column.
    assignments = [(t["metadata"].get("sweep.state"), json.loads(t["metadata"].get("sweep.assignment") or "{}")) for t in mine]
    feasible = {k for state, a in assignments if state == "complete" for k in a}
    slices = root.find_elements(By.CSS_SELECTOR, ".slices canvas[data-chart]")
    _require(len(slices) == len(feasible), f"{len(slices)} slice plots for {len(feasible)} parameters of feasible points")
    columns = len(root.find_elements(By.CSS_SELECTOR, "table.sweep-trials thead th"))
    everything = {k for _, a in assignments for k in a}
    _require(columns == 5 + len(everything), f"the trial table has {columns} columns for {len(everything)} parameters (+ #, trial, state, objective, message)")
    header = root.find_element(By.CSS_SELECTOR, "table.sweep-trials thead th")
    header.click()  # '#' again: descending
    first = root.find_element(By.CSS_SELECTOR, "table.sweep-trials tbody tr td").text
    numbers = [int(t["metadata"]["sweep.number"]) for t in mine]
    _require(first == str(max(numbers)), f"sorting by # descending starts at {first}, expected {max(numbers)}")


def sweep_math(run):
    """Importance and best-so-far in the page equal the figures of
    Tests/Fixtures/dashboard_sweep/make_dashboard_sweep.py (scipy's one-way ANOVA)."""
    with open(SWEEP_MATH) as f:
        fixture = json.load(f)
    sweep = run.config["sweep"]
    run.open(f"/sweeps/{_quote(sweep['experiment'])}/{_quote(sweep['name'])}", "sweep", shot="sweep-math")
    got = run.driver.execute_script("return Strata.sweep.importance(arguments[0])", fixture["records"])
    _require(len(got) == len(fixture["importance"]), f"importance lists {len(got)} parameters, expected {len(fixture['importance'])}")
    for entry in got:
        want = fixture["importance"][entry["name"]]
        _require(entry["trials"] == want["trials"] and entry["groups"] == want["groups"],
                 f"{entry['name']}: {entry['trials']} trials / {entry['groups']} groups, expected {want['trials']} / {want['groups']}")
        _require(entry["value"] is not None and math.isclose(entry["value"], want["value"], rel_tol=1e-9, abs_tol=1e-12),
                 f"{entry['name']}: ε² {entry['value']}, scipy gives {want['value']}")
        if "eta2" in want:
            _require(math.isclose(entry["eta2"], want["eta2"], rel_tol=1e-9), f"{entry['name']}: η² {entry['eta2']}, expected {want['eta2']}")
    values = [e["value"] for e in got]
    _require(values == sorted(values, reverse=True), "importance is not sorted, largest first")
    for direction, want in fixture["bestSoFar"].items():
        best = run.driver.execute_script("return Strata.sweep.bestSoFar(arguments[0], arguments[1]).map(b => [b.number, b.value])",
                                         fixture["records"], direction)
        _require(best == want, f"best so far ({direction}) differs from the fixture: {best[:5]} … vs {want[:5]} …")


CHECKS = [
    ("compare table highlights differences and hides equal rows", compare_table),
    ("compare pickers redraw the charts", compare_pickers),
    ("compare refuses 21 trials and asks for 2", compare_limits),
    ("sweep page: history, importance, slices, trials", sweep_contents),
    ("sweep importance and best-so-far match scipy", sweep_math),
]
