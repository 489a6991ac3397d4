"""The dashboard in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
by selenium against a live `strata serve`, as Tests/StrataDashboardTests/DashboardBrowserTests.swift
starts it. Usage: dashboard_check.py CONFIG.json RESULTS.json

Every check is one function; its outcome (ok, message) goes to RESULTS.json with the measured
timings, which the Swift test turns into expectations. Timings are printed and saved, never
judged. A screenshot of every page goes to the folder the configuration names."""
import base64
import json
import os
import shutil
import sys
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
READY_TIMEOUT = 30.0

# Page-side helpers, run with execute_script / execute_async_script.
PAINTED_JS = """
const canvas = arguments[0], image = arguments[1];
let w = canvas.width, h = canvas.height, data;
const ctx2d = image ? null : canvas.getContext('2d');
if (ctx2d) {
  data = ctx2d.getImageData(0, 0, w, h).data;
} else {
  // A WebGL canvas: its buffer is gone once composited, so read back the pixels of a
  // screenshot of it, decoded by the page itself.
  const done = arguments[arguments.length - 1];
  const img = new Image();
  img.onload = () => {
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const x = c.getContext('2d'); x.drawImage(img, 0, 0);
    done(count(x.getImageData(0, 0, c.width, c.height).data, c.width, c.height));
  };
  img.onerror = () => done({error: 'screenshot did not decode'});
  img.src = 'data:image/png;base64,' + image;
  return;
}
function count(d, w, h) {
  const freq = new Map();
  for (let i = 0; i < d.length; i += 4) {
    const key = (d[i] << 24) | (d[i+1] << 16) | (d[i+2] << 8) | d[i+3];
    freq.set(key, (freq.get(key) || 0) + 1);
  }
  let top = 0; for (const v of freq.values()) top = Math.max(top, v);
  return {width: w, height: h, distinct: freq.size, painted: w * h - top};
}
arguments[arguments.length - 1](count(data, w, h));
"""

# Marks the current page roots, changes the hash, and reports the milliseconds until a fresh
# root of `page` holds at least one table row (or, with `ready`, is data-ready).
NAVIGATE_TIMED_JS = """
const [hash, page, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
document.querySelectorAll('[data-page]').forEach(e => e.setAttribute('data-stale', '1'));
const t0 = performance.now();
const ok = () => {
  const root = document.querySelector('[data-page="' + page + '"]:not([data-stale])');
  return root && root.querySelector('tbody tr') ? performance.now() - t0 : null;
};
const observer = new MutationObserver(() => { const t = ok(); if (t !== null) { observer.disconnect(); done(t); } });
observer.observe(document.body, {childList: true, subtree: true, attributes: true});
setTimeout(() => { observer.disconnect(); done(-1); }, 20000);
location.hash = hash;
"""

# Arms a stopwatch on the leaderboard: it starts at the user's next click (sort) or Enter key
# (search) — or when `window.__strataStart()` is called — and stops when the first row or the row
# count changed and the page is data-ready again; the result lands in window.__strataElapsed.
ARM_JS = """
const kind = arguments[0], event = kind === 'click' ? 'click' : 'keydown';
const root = document.querySelector('[data-page="leaderboard"]:not([data-stale])');
const signature = () => {
  const rows = root.querySelectorAll('tbody tr');
  return rows.length + '|' + (rows[0] ? rows[0].textContent : '');
};
const before = signature();
window.__strataElapsed = undefined;
let t0 = null;
const start = () => { if (t0 === null) t0 = performance.now(); };
window.__strataStart = start;
const starter = (e) => { if (kind === 'click' || e.key === 'Enter') start(); };
document.addEventListener(event, starter, {capture: true});
const observer = new MutationObserver(() => {
  if (t0 === null || root.getAttribute('data-ready') !== 'true' || signature() === before) return;
  window.__strataElapsed = performance.now() - t0;
  observer.disconnect();
  document.removeEventListener(event, starter, {capture: true});
});
observer.observe(root, {childList: true, subtree: true, attributes: true, characterData: true});
"""

def is_software_gl_note(entry):
    """SwiftShader (software WebGL in headless Chromium) logs this performance note for every
    WebGL canvas read back, whatever the page does; it is the browser's, not the dashboard's."""
    return entry.get("source") == "rendering" and "GPU stall due to ReadPixels" in entry["message"]


class CheckFailed(Exception):
    pass


class Run:
    def __init__(self, config):
        self.config = config
        self.base = config["base_url"].rstrip("/")
        self.shots = config["screenshots"]
        self.checks = []
        self.timings = {}
        self.role = None
        shutil.rmtree(self.shots, ignore_errors=True)
        os.makedirs(self.shots, exist_ok=True)
        options = Options()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-swiftshader",
                         "--window-size=1400,1000", "--force-device-scale-factor=1"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_script_timeout(60)

    # ----- bookkeeping -------------------------------------------------------------------------
    def check(self, name, function, *arguments):
        started = time.time()
        try:
            function(*arguments)
            self.checks.append({"name": name, "ok": True, "message": ""})
            print(f"ok    {name} ({time.time() - started:.1f} s)", flush=True)
        except Exception as error:  # every failure is reported, the run goes on
            message = str(error) if isinstance(error, CheckFailed) else f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
            self.checks.append({"name": name, "ok": False, "message": message})
            print(f"FAIL  {name}: {message}", flush=True)
            self.screenshot(f"FAILED-{name}")

    def screenshot(self, name):
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
        try:
            self.driver.save_screenshot(os.path.join(self.shots, f"{safe}.png"))
        except Exception:
            pass

    def console_problems(self):
        """Console errors and warnings since the last call."""
        return [f"{e['level']}: {e['message']}" for e in self.driver.get_log("browser")
                if e["level"] in ("SEVERE", "WARNING") and not is_software_gl_note(e)]

    def drain_logs(self):
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def wait(self, predicate, what, timeout=READY_TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")

    def ready_root(self, page):
        return self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, f'[data-page="{page}"][data-ready="true"]:not([data-stale])'),
                         f'[data-page="{page}"][data-ready="true"] at {self.driver.current_url}')[0]

    # ----- navigation --------------------------------------------------------------------------
    def open(self, route, page, shot=None):
        """Loads the dashboard afresh at `route`, waits for the page, checks the console, saves a
        screenshot (`<role>-<shot or page>.png`); returns the page's root element."""
        if self.driver.current_url.startswith(self.base):
            # The leaderboard keeps its search and sort per tab: every check starts from none.
            self.driver.execute_script("Object.keys(sessionStorage).filter(k => k.startsWith('strata.leaderboard.')).forEach(k => sessionStorage.removeItem(k))")
        self.drain_logs()
        self.driver.get("about:blank")
        self.driver.get(f"{self.base}/#{route}")
        root = self.ready_root(page)
        if "is not part of this build" in root.text:
            raise CheckFailed(f"the {page} page is not part of this build")
        errors = [e.text for e in root.find_elements(By.CSS_SELECTOR, "div.error[role=alert]") if e.is_displayed()]
        if errors:
            raise CheckFailed(f"the {page} page shows an error: {errors}")
        title = self.driver.title
        if not title:
            raise CheckFailed(f"page {page} set no document.title")
        self.screenshot(f"{self.role}-{shot or page}")
        problems = self.console_problems()
        if problems:
            raise CheckFailed(f"console errors or warnings on {route}:\n" + "\n".join(problems))
        return root

    def open_within(self, route, page, shot=None):
        """Like `open`, but reaches `route` from the experiments page by following the app's own
        navigation (a hash change), as a user clicking through does."""
        self.open("/experiments", "experiments", f"{shot or page}-from")
        self.driver.execute_script("document.querySelector('[data-page]').dataset.stale = 'left'; location.hash = arguments[0]", "#" + route)
        root = self.ready_root(page)
        self.screenshot(f"{self.role}-{shot or page}")
        return root

    def sign_in(self, role):
        """Signs in through the sign-in form as the configured user of `role`."""
        user = self.config["users"][role]
        self.role = role
        # Storage is cleared from a same-origin document that is not the app (/healthz), so no
        # page of the previous user is left running with its token gone (its live stream would
        # reconnect unauthenticated and log a 401).
        self.driver.get("about:blank")
        self.driver.get(f"{self.base}/healthz")
        self.driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        self.drain_logs()
        self.driver.get("about:blank")
        self.driver.get(f"{self.base}/#/signin")
        root = self.ready_root("signin")
        self.screenshot(f"{role}-signin")
        inputs = [i for i in root.find_elements(By.CSS_SELECTOR, "input") if i.is_displayed()]
        secret = [i for i in inputs if i.get_attribute("type") == "password" or "token" in (i.get_attribute("name") or "")]
        if not secret:
            raise CheckFailed("the sign-in form has no token field")
        for field in inputs:
            if field in secret:
                field.send_keys(user["token"])
            elif (field.get_attribute("type") or "text") == "text":
                field.send_keys(user["name"])
        secret[0].send_keys(Keys.ENTER)
        root = self.ready_root("experiments")
        problems = self.console_problems()
        if problems:
            raise CheckFailed("console errors or warnings while signing in:\n" + "\n".join(problems))
        return root

    # ----- reading the page --------------------------------------------------------------------
    def painted(self, canvas):
        """{width, height, distinct, painted}: pixels differing from the canvas's most common colour."""
        is_2d = self.driver.execute_script("return !!arguments[0].getContext('2d')", canvas)
        image = None if is_2d else canvas.screenshot_as_base64
        return self.driver.execute_async_script(PAINTED_JS, canvas, image)

    def require_painted(self, root, what, minimum=1):
        canvases = root.find_elements(By.CSS_SELECTOR, "canvas[data-chart]")
        if len(canvases) < minimum:
            raise CheckFailed(f"{what}: {len(canvases)} chart canvases, expected at least {minimum}")
        blank = []
        for canvas in canvases:
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
            stats = self.painted(canvas)
            if stats.get("error") or stats["painted"] < 100 or stats["distinct"] < 3:
                blank.append(f"{canvas.get_attribute('data-chart')}: {stats}")
        if blank:
            raise CheckFailed(f"{what}: blank charts: " + "; ".join(blank))
        return canvases

    def timed(self, kind, target, query=None):
        """Milliseconds from the user's action until the leaderboard changed: a real click on
        `target`, or `query` typed into the search box `target` and Enter."""
        self.driver.execute_script(ARM_JS, kind)
        if kind == "click":
            target.click()
        else:
            self.driver.execute_script("arguments[0].value = ''", target)
            target.send_keys(query)
            target.send_keys(Keys.ENTER)
        deadline, nudged = time.time() + 20, False
        while time.time() < deadline:
            elapsed = self.driver.execute_script("return window.__strataElapsed")
            if elapsed is not None:
                return elapsed
            if kind == "search" and not nudged and time.time() > deadline - 18:
                # A search box that reacts to typing rather than Enter: time from the input event.
                nudged = True
                self.driver.execute_script("window.__strataStart(); arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", target)
            time.sleep(0.02)
        state = self.driver.execute_script("""
          const roots = [...document.querySelectorAll('[data-page]')].map(r => r.dataset.page + ':' + r.dataset.ready + ':' + (r.dataset.stale ?? '-'));
          return {roots, rows: document.querySelectorAll('tbody tr').length, hash: location.hash,
                  active: document.activeElement?.id ?? document.activeElement?.tagName};""")
        calls = [m for m in (json.loads(e["message"])["message"] for e in self.driver.get_log("performance"))
                 if m.get("method") in ("Network.requestWillBeSent", "Network.responseReceived", "Network.loadingFailed")]
        seen = [(c["method"][8:], (c["params"].get("request") or c["params"].get("response") or {}).get("url", c["params"].get("errorText", ""))[-40:]) for c in calls][-12:]
        raise CheckFailed(f"the leaderboard did not change within 20 s after the {kind}; page {state}; recent API replies {seen}; "
                          f"console {self.driver.get_log('browser')[-5:]}")

    def rows(self, root):
        return root.find_elements(By.CSS_SELECTOR, "tbody tr")

    def search_box(self, root):
        boxes = root.find_elements(By.CSS_SELECTOR, '#leaderboard-search') or root.find_elements(By.CSS_SELECTOR, 'input[type="search"]')
        if not boxes:
            raise CheckFailed("the leaderboard has no search box (input[type=search])")
        return boxes[0]

    def api(self, method, path, role, body=None):
        """(status, parsed body) of a request with the user's bearer token."""
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {self.config['users'][role]['token']}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


# ----- the checks ---------------------------------------------------------------------------------
def experiments_page(run, visible, hidden):
    root = run.open("/experiments", "experiments")
    # Rows name their experiment in data-experiment (the cell shows the display name).
    listed = {row.get_attribute("data-experiment") for row in root.find_elements(By.CSS_SELECTOR, "[data-experiment]")}
    missing = [name for name in visible if name not in listed]
    if missing:
        raise CheckFailed(f"experiments page lacks {missing} (lists {sorted(listed)})")
    leaked = [name for name in hidden if name in listed or name in root.text]
    if leaked:
        raise CheckFailed(f"{run.role} sees experiments not granted: {leaked}")


def leaderboard_page(run):
    config = run.config
    root = run.open(f"/experiments/{config['experiment']}", "leaderboard")
    if not run.rows(root):
        raise CheckFailed("the leaderboard shows no rows")


def leaderboard_search(run):
    config = run.config
    root = run.open_within(f"/experiments/{config['experiment']}", "leaderboard", "leaderboard-search")
    box = run.search_box(root)
    for search in config["searches"]:
        elapsed = run.timed("search", box, search["query"])
        root = run.ready_root("leaderboard")
        count = len(run.rows(root))
        tables = root.find_elements(By.CSS_SELECTOR, "table[data-target]")
        target = tables[0].get_attribute("data-target") if tables else "components"
        expected = search[target]
        if count != expected:
            raise CheckFailed(f"search {search['query']!r} ({target}) shows {count} rows, the store holds {expected} (after {elapsed:.0f} ms)")
    run.screenshot(f"{run.role}-leaderboard-filtered")
    problems = run.console_problems()
    if problems:
        raise CheckFailed("console errors or warnings while searching:\n" + "\n".join(problems))
    # A malformed query: the server's 400 is expected on the network, the page shows a caret.
    bad = config["bad_query"]
    run.driver.execute_script("arguments[0].value = ''", box)
    box.send_keys(bad["query"], Keys.ENTER)
    error = run.wait(lambda: root.find_elements(By.CSS_SELECTOR, ".search-error"), "the search error (.search-error)")[0]
    lines = error.text.split("\n")
    carets = [i for i, line in enumerate(lines) if line.strip().startswith("^")]
    if not carets or carets[0] == 0 or lines[carets[0] - 1] != bad["query"]:
        raise CheckFailed(f"the search error shows no caret line under the query:\n{error.text}")
    at = lines[carets[0]].index("^") + 1
    if at != bad["column"]:
        raise CheckFailed(f"the caret sits under column {at}, the store's parser says column {bad['column']}:\n{error.text}")
    run.screenshot(f"{run.role}-leaderboard-error")
    problems = [p for p in run.console_problems() if "status of 400" not in p]
    if problems:
        raise CheckFailed("console errors or warnings for a bad query:\n" + "\n".join(problems))


def column_values(run, root, index):
    values = []
    for row in run.rows(root):
        cells = row.find_elements(By.CSS_SELECTOR, "td, th")
        text = cells[index].text.strip() if index < len(cells) else ""
        try:
            values.append(float(text.replace(",", "")))
        except ValueError:
            values.append(None)
    return values


def leaderboard_sort(run):
    config = run.config
    root = run.open_within(f"/experiments/{config['experiment']}", "leaderboard", "leaderboard-sorted")
    headers = root.find_elements(By.CSS_SELECTOR, "thead th")
    names = [h.text.strip() for h in headers]
    column = config["sort_column"]
    index = next((i for i, n in enumerate(names) if column in n), None)
    if index is None:
        raise CheckFailed(f"no column {column!r} among {names}")
    orders = []
    for _ in range(2):
        header = root.find_elements(By.CSS_SELECTOR, "thead th")[index]
        run.timed("click", header)
        root = run.ready_root("leaderboard")
        values = [v for v in column_values(run, root, index) if v is not None]
        if len(values) < 2:
            raise CheckFailed(f"column {column!r} has fewer than 2 numbers after sorting: {values}")
        ascending, descending = values == sorted(values), values == sorted(values, reverse=True)
        if not (ascending or descending):
            raise CheckFailed(f"rows are not ordered by {column!r}: {values}")
        orders.append("asc" if ascending else "desc")
    if orders[0] == orders[1] and len(set(values)) > 1:
        raise CheckFailed(f"clicking {column!r} twice did not reverse the order ({orders})")
    run.screenshot(f"{run.role}-leaderboard-sorted")


def trial_page(run):
    root = run.open(f"/trials/{urlquote(run.config['trials'][0])}", "trial")
    if run.config["trials"][0] not in root.text:
        raise CheckFailed("the trial page does not name its trial")


def component_page(run, name, shot, charts):
    root = run.open(f"/components/{urlquote(name)}", "component", shot)
    if name not in root.text:
        raise CheckFailed(f"the component page does not name {name}")
    if charts:
        run.require_painted(root, f"component {name}", charts)


def compare_page(run):
    trials = run.config["compare_trials"]
    root = run.open("/compare?trials=" + ",".join(urlquote(t) for t in trials), "compare")
    canvases = run.require_painted(root, "compare", 3)
    kinds = {c.get_attribute("data-chart") for c in canvases}
    for kind in ("parallel", "scatter", "line"):
        if kind not in kinds:
            raise CheckFailed(f"compare draws no {kind} chart (charts: {sorted(kinds)})")


def sweep_page(run):
    sweep = run.config["sweep"]
    root = run.open(f"/sweeps/{urlquote(sweep['experiment'])}/{urlquote(sweep['name'])}", "sweep")
    run.require_painted(root, "sweep", 2)


def segments_page(run):
    segments = run.config["segments"]
    root = run.open(f"/segments/{urlquote(segments['component'])}", "segments")
    scatter = run.wait(lambda: root.find_elements(By.CSS_SELECTOR, "canvas[data-points]"), "canvas[data-points]")[0]
    points = int(scatter.get_attribute("data-points"))
    if points != segments["count"]:
        raise CheckFailed(f"the scatter says {points} points, the clustering has {segments['count']} rows")
    draw_ms = run.wait(lambda: scatter.get_attribute("data-draw-ms"), "the scatter's data-draw-ms", 10)
    run.timings["segments_100k_draw_ms"] = round(float(draw_ms), 1)
    run.require_painted(root, "segments", 3)


def jobs_page(run, expect_stop):
    job = run.config["job"]
    root = run.open("/jobs", "jobs")
    if job not in root.text:
        raise CheckFailed(f"the running job {job} is not listed")
    stops = [b for b in root.find_elements(By.CSS_SELECTOR, "button") if b.get_attribute("data-action") == "stop" or b.text.strip().lower() == "stop"]
    if expect_stop and not stops:
        raise CheckFailed("an editor sees no Stop button for the running job")
    if not expect_stop and stops:
        raise CheckFailed(f"a {run.role} sees a Stop button")


def viewer_cannot_stop(run):
    job = run.config["job"]
    for method, path, body in (("PATCH", f"/api/v1/components/{urlquote(job)}", {"status": "Stopping"}),
                               ("POST", f"/dashboard/api/jobs/{urlquote(job)}/stop", {})):
        status, reply = run.api(method, path, "viewer", body)
        if status != 403:
            raise CheckFailed(f"a viewer's {method} {path} to stop the job answered {status}, not 403: {reply}")
    primary = job_status(run)
    if primary != "InProgress":
        raise CheckFailed(f"after the refused stop the job is {primary!r}, not InProgress")


def job_status(run):
    """The job component's primary status, read through the native API as the editor."""
    status, component = run.api("GET", f"/api/v1/components/{urlquote(run.config['job'])}", "editor")
    if status != 200:
        raise CheckFailed(f"GET the job component answered {status}: {component}")
    state = component.get("status")
    return state.get("primary") or state.get("primaryStatus") if isinstance(state, dict) else state


def editor_stops_job(run):
    job = run.config["job"]
    root = run.open("/jobs", "jobs", "jobs-before-stop")
    stop = [b for b in root.find_elements(By.CSS_SELECTOR, "button") if b.get_attribute("data-action") == "stop" or b.text.strip().lower() == "stop"]
    if not stop:
        raise CheckFailed("no Stop button")
    stop[0].click()

    run.wait(lambda: job_status(run) in ("Stopping", "Stopped"), f"{job} to be Stopping or Stopped after the Stop button", 20)
    time.sleep(0.5)
    run.screenshot(f"{run.role}-jobs-stopped")
    problems = run.console_problems()
    if problems:
        raise CheckFailed("console errors or warnings while stopping:\n" + "\n".join(problems))


def leaderboard_speed(run):
    """Times, in the browser, the first rows of a 100,000-component leaderboard and a re-sort and
    a filter on it. Printed and saved, never judged."""
    bulk = run.config["bulk"]
    run.open("/experiments", "experiments", "experiments-before-timing")
    first = run.driver.execute_async_script(NAVIGATE_TIMED_JS, f"#/experiments/{urlquote(bulk['experiment'])}", "leaderboard")
    if first < 0:
        raise CheckFailed("the 100,000-component leaderboard showed no rows within 20 s")
    run.timings["leaderboard_100k_first_rows_ms"] = round(first, 1)
    root = run.ready_root("leaderboard")
    run.screenshot(f"{run.role}-leaderboard-100k")
    headers = root.find_elements(By.CSS_SELECTOR, "thead th")
    header = next((h for h in headers if bulk["sort_column"] in h.text), None)
    if header is None:
        raise CheckFailed(f"no column {bulk['sort_column']!r} among {[h.text for h in headers]}")
    resort = run.timed("click", header)
    run.timings["leaderboard_100k_resort_ms"] = round(resort, 1)
    root = run.ready_root("leaderboard")
    box = run.search_box(root)
    filtered = run.timed("search", box, bulk["query"])
    run.timings["leaderboard_100k_filter_ms"] = round(filtered, 1)
    run.screenshot(f"{run.role}-leaderboard-100k-filtered")
    problems = run.console_problems()
    if problems:
        raise CheckFailed("console errors or warnings on the 100,000-component leaderboard:\n" + "\n".join(problems))


def report_offline(run):
    report = run.config.get("report")
    if not report:
        raise CheckFailed("no report was written")
    run.drain_logs()
    run.driver.get("about:blank")
    run.drain_logs()
    run.driver.get("file://" + report)
    root = run.ready_root("report")
    run.require_painted(root, "report", 3)
    run.screenshot("report")
    requests = []
    for entry in run.driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    leaving = [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
    if leaving:
        raise CheckFailed(f"the report requested {leaving}")
    if not any(url.startswith("file:") for url in requests):
        raise CheckFailed("the network log recorded no request at all (is performance logging on?)")
    problems = run.console_problems()
    if problems:
        raise CheckFailed("console errors or warnings in the report:\n" + "\n".join(problems))


def urlquote(text):
    return urllib.request.quote(text, safe="")


def main():
    config_path, results_path = sys.argv[1], sys.argv[2]
    with open(config_path) as f:
        config = json.load(f)
    started = time.time()
    run = Run(config)
    try:
        everyone = [config["experiment"]] + config["hidden_experiments"]
        run.check("admin signs in and sees every experiment", lambda: (run.sign_in("admin"), experiments_page(run, everyone, [])))
        run.check("editor signs in", run.sign_in, "editor")
        run.check("experiments page", experiments_page, run, everyone, [])
        run.check("leaderboard page", leaderboard_page, run)
        run.check("leaderboard search filters, a bad query shows a caret", leaderboard_search, run)
        run.check("leaderboard sorts by a column", leaderboard_sort, run)
        run.check("trial page", trial_page, run)
        run.check("component page (winner's clustering)", component_page, run, config["component"], "component", 0)
        run.check("component page (running job: log and metric chart)", component_page, run, config["job"], "component-job", 1)
        run.check("compare page draws its plots", compare_page, run)
        run.check("sweep page draws its plots", sweep_page, run)
        run.check("segments page draws 100,000 points", segments_page, run)
        run.check("jobs page shows the job and a Stop button to an editor", jobs_page, run, True)
        run.check("leaderboard at 100,000 components (timed)", leaderboard_speed, run)
        run.check("viewer signs in and sees only the granted experiment",
                  lambda: (run.sign_in("viewer"), experiments_page(run, [config["experiment"]], config["hidden_experiments"])))
        run.check("viewer: leaderboard page", leaderboard_page, run)
        run.check("viewer: no Stop button on the jobs page", jobs_page, run, False)
        run.check("viewer: the API refuses a stop (403)", viewer_cannot_stop, run)
        run.role = "editor"
        run.check("editor signs in again and stops the job", lambda: (run.sign_in("editor"), editor_stops_job(run)))
        run.role = "report"
        run.check("report opens from file:// with no request leaving the page", report_offline, run)
    finally:
        run.driver.quit()
    run.timings["browser_checks_seconds"] = round(time.time() - started, 1)
    with open(os.path.join(run.shots, "timings.json"), "w") as f:
        json.dump(run.timings, f, indent=2)
    print("timings: " + json.dumps(run.timings), flush=True)
    with open(results_path, "w") as f:
        json.dump({"checks": run.checks, "timings": run.timings}, f, indent=2)


if __name__ == "__main__":
    main()
