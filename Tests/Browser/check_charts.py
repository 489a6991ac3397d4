#!/usr/bin/env python3
"""Checks the dashboard's charts (web/js/charts) in headless Chromium.

Opens Tests/Browser/fixtures/charts.html from file:// (it draws every chart with seeded,
generated data, including 1,000,000 embedding points in 2-D and in 3-D), in the light and the
dark theme and once with WebGL2 hidden (the embedding must fall back to WebGL1), and fails
(exit status 1) when
  - the browser console has any warning or error,
  - a canvas (data-chart=…) has no pixel that differs from the page background,
  - hovering a chart shows no tooltip, or hovering the embedding does not show the text of
    options.describe (a customer id and a segment),
  - the embedding's legend does not toggle a segment (data-points must drop and come back, by
    mouse and keyboard; shift-click shows one segment alone),
  - brushing an axis of the parallel coordinates does not filter the rows (data-selected),
  - dragging, wheeling or the keyboard (arrows, +) do not change the embedding's picture,
  - switching the theme (class "dark" on <html>) does not redraw with the new background,
  - update() with new data does not draw it.
It prints the embedding's time from data to first finished frame (measured in the page) and
saves screenshots (the whole page and each chart) under OUTDIR.

Usage:  python3 Tests/Browser/check_charts.py OUTDIR [--points N] [--scale DPR] [--chromium PATH] [--chromedriver PATH]
Needs:  selenium 4 (pip), Chromium and chromedriver (Debian: chromium, chromium-driver).
"""
import argparse
import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

FIXTURE = pathlib.Path(__file__).resolve().parent / "fixtures" / "charts.html"
KINDS = ["line", "scatter", "bars", "parallel", "heatmap", "silhouette", "kdistance", "embedding"]

# Reads a canvas back as RGBA bytes and defines far(i, limit): pixel i is drawn (not transparent)
# and differs from the theme's background (WebGL canvases keep their drawing buffer, so
# drawImage reads them too).
READBACK_JS = """
const canvas = arguments[0];
const bg = Strata.cssRgb(Strata.chartTheme(canvas).bg);
const c = document.createElement('canvas');
c.width = canvas.width; c.height = canvas.height;
const ctx = c.getContext('2d', { willReadFrequently: true });
ctx.drawImage(canvas, 0, 0);
const px = ctx.getImageData(0, 0, c.width, c.height).data;
const far = (i, limit) => px[i + 3] > 0 && Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]) > limit;
"""

# How many pixels differ from the background.
INK_JS = READBACK_JS + """
let ink = 0;
for (let i = 0; i < px.length; i += 4) if (far(i, 30)) ink++;
return ink;
"""

# A CSS-pixel offset from the canvas centre of a drawn pixel near the centre (for hovering a point).
FIND_POINT_JS = READBACK_JS + """
const dpr = canvas.width / canvas.clientWidth;
const cx = c.width / 2, cy = c.height / 2;
for (let r = 0; r < Math.max(cx, cy); r += 2) {
  for (let a = 0; a < 64; a++) {
    const x = Math.round(cx + r * Math.cos(a / 64 * 2 * Math.PI)), y = Math.round(cy + r * Math.sin(a / 64 * 2 * Math.PI));
    if (x >= 0 && y >= 0 && x < c.width && y < c.height && far((y * c.width + x) * 4, 60)) return [(x - cx) / dpr, (y - cy) / dpr];
  }
}
return null;
"""

UPDATE_EMBEDDING_JS = """
const chart = window.fixtureCharts.embedding2;
chart.update(window.fixtureBlobs(2, 5000, 99));
return chart.firstFrame.then(() => chart.canvas.dataset.points);
"""

# Switches to the dark theme and back, reading the 3-D embedding (its box is drawn in --muted)
# and the line chart (text and grid) each time: both must change and come back.
THEME_SWITCH_JS = """
const canvases = ['#embedding3 canvas', '#line canvas'].map((s) => document.querySelector(s));
const read = () => canvases.map((c) => c.toDataURL('image/png'));
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const light = read();
document.documentElement.classList.add('dark');
await frames();
const dark = read();
document.documentElement.classList.remove('dark');
await frames();
const back = read();
return canvases.map((c, i) => ({ chart: c.dataset.chart, changed: dark[i] !== light[i], restored: back[i] === light[i] }));
"""

SNAPSHOT_JS = "return arguments[0].toDataURL('image/png').length + ':' + arguments[0].toDataURL('image/png').slice(-200);"


class Check:
    def __init__(self):
        self.failures = []

    def expect(self, ok, message):
        print(("ok    " if ok else "FAIL  ") + message)
        if not ok:
            self.failures.append(message)


def start_browser(args):
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-swiftshader",
                 "--window-size=1100,1000", "--allow-file-access-from-files", f"--force-device-scale-factor={args.scale}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(args.chromedriver), options=options)


# Headless Chromium draws WebGL with SwiftShader and composites in software, which makes the GL
# driver report "GPU stall due to ReadPixels" for every WebGL canvas, with or without
# preserveDrawingBuffer: a note about the software renderer, not about the page.
SOFTWARE_GL_NOTE = "GL Driver Message (OpenGL, Performance, GL_CLOSE_PATH_NV, High): GPU stall due to ReadPixels"


def console_problems(driver):
    return [e for e in driver.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING") and SOFTWARE_GL_NOTE not in e["message"]]


def tooltip_of(driver, canvas):
    tip = canvas.find_element(By.XPATH, "following-sibling::div[@role='tooltip']")
    return tip.text if tip.is_displayed() else ""


def settled(element, attribute):
    """An integer attribute's value once it has stayed the same for two animation frames."""
    element.parent.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return int(element.get_attribute(attribute))


def hover_and_read(driver, canvas, offset, wait_for=None):
    ActionChains(driver).move_to_element_with_offset(canvas, int(offset[0]), int(offset[1])).perform()
    deadline = time.time() + 3
    text = ""
    while time.time() < deadline:
        text = tooltip_of(driver, canvas)
        if text and (wait_for is None or wait_for in text):
            break
        time.sleep(0.05)
    return text


def check_webgl1(driver, check, outdir, points):
    """The embedding without WebGL2: it must fall back to WebGL1, draw, and answer hover."""
    driver.get(FIXTURE.as_uri() + f"?webgl=1&n={points}")
    WebDriverWait(driver, 120).until(lambda d: d.execute_script(
        "return document.querySelector('main')?.dataset.ready === 'true'"))
    for dims in (2, 3):
        canvas = driver.find_element(By.CSS_SELECTOR, f"#embedding{dims} canvas")
        ms = driver.execute_script(f"return window.embeddingTimes[{dims}]")
        webgl = canvas.get_attribute("data-webgl")
        ink = driver.execute_script(INK_JS, canvas)
        check.expect(webgl == "1" and ink > 300, f"[webgl1] embedding {dims}-D falls back to WebGL1 and draws ({ink} pixels)")
        print(f"[webgl1] embedding {dims}-D, {points:,} points: data to the next animation frame {ms:.0f} ms "
              "(WebGL1 has no fence to wait for the GPU, so this is not a finished frame)")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
        point = driver.execute_script(FIND_POINT_JS, canvas)
        text = hover_and_read(driver, canvas, point or (0, 0), wait_for="customer")
        check.expect("customer C" in text, f"[webgl1] embedding {dims}-D hover ({text!r})")
        canvas.screenshot(str(outdir / f"webgl1-embedding{dims}.png"))


def check_page(driver, check, outdir, theme, points):
    url = FIXTURE.as_uri() + f"?theme={theme}&n={points}"
    started = time.time()
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script(
        "return document.querySelector('main')?.dataset.ready === 'true'"))
    print(f"[{theme}] page drawn in {time.time() - started:.1f} s (wall, includes generating the data)")
    # Let pending animation frames (resize, hover) run before reading pixels.
    driver.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")

    for kind in KINDS:
        # The edge cases (empty data and the like) need only draw without errors.
        canvases = [c for c in driver.find_elements(By.CSS_SELECTOR, f"canvas[data-chart='{kind}']")
                    if not driver.execute_script("return !!arguments[0].closest('#edge')", c)]
        check.expect(len(canvases) > 0, f"[{theme}] a {kind} chart is on the page")
        for i, canvas in enumerate(canvases):
            ink = driver.execute_script(INK_JS, canvas)
            check.expect(ink > 300, f"[{theme}] {kind} #{i + 1} has drawn pixels ({ink})")

    for dims in (2, 3):
        canvas = driver.find_element(By.CSS_SELECTOR, f"#embedding{dims} canvas")
        WebDriverWait(driver, 30).until(lambda d: canvas.get_attribute("data-draw-ms"))
        drawn = int(canvas.get_attribute("data-points") or 0)
        draw_ms = canvas.get_attribute("data-draw-ms")
        call_ms = driver.execute_script(f"return window.embeddingTimes[{dims}]")
        webgl = canvas.get_attribute("data-webgl")
        check.expect(drawn == points, f"[{theme}] embedding {dims}-D data-points = {drawn} (of {points})")
        print(f"[{theme}] embedding {dims}-D, {points:,} points, WebGL{webgl}: data to first finished frame "
              f"{call_ms:.0f} ms (chart's own data-draw-ms {draw_ms})")

    # Whole page and one picture per chart.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1100, height + 40)
    driver.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    driver.save_screenshot(str(outdir / f"charts-{theme}.png"))
    for section in driver.find_elements(By.CSS_SELECTOR, "section"):
        inner = section.find_element(By.CSS_SELECTOR, "div[id]")
        section.screenshot(str(outdir / f"{theme}-{inner.get_attribute('id')}.png"))
    driver.set_window_size(1100, 1000)

    if theme != "light":
        return

    # Hover: tooltips on the 2-D charts.
    for selector, offset in [("#line canvas", None), ("#scatter canvas", None), ("#bars canvas", (-60, -60)),
                             ("#heatmap canvas", (0, 0)), ("#kdistance canvas", (0, 0)), ("#kdistance-thin canvas", (60, 0)), ("#silhouette canvas", (0, 0)),
                             ("#parallel canvas", None)]:
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        if not found:
            continue
        canvas = found[0]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
        point = offset or driver.execute_script(FIND_POINT_JS, canvas)
        text = hover_and_read(driver, canvas, point or (0, 0))
        check.expect(bool(text), f"hover on {selector} shows a tooltip ({text!r})")

    # Parallel coordinates: dragging along the first axis brushes a range; a click clears it.
    canvas = driver.find_element(By.CSS_SELECTOR, "#parallel canvas")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    total = int(canvas.get_attribute("data-selected"))
    axis_x = -canvas.size["width"] / 2 + 56  # the first axis sits at the chart's left edge (56 px in)
    ActionChains(driver).move_to_element_with_offset(canvas, int(axis_x), -60).click_and_hold() \
        .move_by_offset(0, 50).move_by_offset(0, 50).release().perform()
    brushed = settled(canvas, "data-selected")
    check.expect(0 < brushed < total, f"parallel brush keeps {brushed} of {total} rows")
    canvas.screenshot(str(outdir / "brushed-parallel.png"))
    ActionChains(driver).move_to_element_with_offset(canvas, int(axis_x), 0).click().perform()
    cleared = settled(canvas, "data-selected")
    check.expect(cleared == total, f"parallel click on the axis clears the brush ({cleared} rows)")

    # Embedding: hover shows describe(i), the legend toggles, drag and wheel change the picture.
    for dims in (2, 3):
        canvas = driver.find_element(By.CSS_SELECTOR, f"#embedding{dims} canvas")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
        point = driver.execute_script(FIND_POINT_JS, canvas)
        check.expect(point is not None, f"embedding {dims}-D has a point near its centre")
        started = time.time()
        text = hover_and_read(driver, canvas, point or (0, 0), wait_for="customer")
        check.expect("customer C" in text and ("Segment" in text or "Noise" in text),
                     f"embedding {dims}-D hover shows the customer and segment ({text!r}, {1000 * (time.time() - started):.0f} ms)")
        driver.save_screenshot(str(outdir / f"hover-embedding{dims}.png"))

        before = settled(canvas, "data-points")
        button = driver.find_element(By.CSS_SELECTOR, f"#embedding{dims} .strata-chart-legend button")
        button.click()
        after = settled(canvas, "data-points")
        check.expect(after < before and button.get_attribute("aria-pressed") == "false",
                     f"embedding {dims}-D legend hides a segment ({before} → {after} points)")
        driver.save_screenshot(str(outdir / f"legend-embedding{dims}.png"))
        button.send_keys(" ")  # the entries are buttons: Space toggles back
        restored = settled(canvas, "data-points")
        check.expect(restored == before, f"embedding {dims}-D legend shows it again by keyboard ({restored} points)")
        ActionChains(driver).key_down(Keys.SHIFT).click(button).key_up(Keys.SHIFT).perform()
        alone = settled(canvas, "data-points")
        check.expect(0 < alone < before, f"embedding {dims}-D shift-click shows one segment alone ({alone} points)")
        ActionChains(driver).key_down(Keys.SHIFT).click(button).key_up(Keys.SHIFT).perform()
        check.expect(settled(canvas, "data-points") == before, f"embedding {dims}-D shift-click again shows all")

        snapshot = driver.execute_script(SNAPSHOT_JS, canvas)
        ActionChains(driver).move_to_element(canvas).click_and_hold().move_by_offset(120, 40).release().perform()
        driver.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        dragged = driver.execute_script(SNAPSHOT_JS, canvas)
        check.expect(dragged != snapshot, f"embedding {dims}-D changes when dragged ({'pan' if dims == 2 else 'rotate'})")
        ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(canvas), 0, -400).perform()
        driver.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        zoomed = driver.execute_script(SNAPSHOT_JS, canvas)
        check.expect(zoomed != dragged, f"embedding {dims}-D changes when wheeled (zoom)")
        canvas.screenshot(str(outdir / f"moved-embedding{dims}.png"))
        canvas.send_keys(Keys.ARROW_LEFT, "+")  # the canvas takes focus and keys: pan or rotate, zoom
        driver.execute_script("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        keyed = driver.execute_script(SNAPSHOT_JS, canvas)
        check.expect(keyed != zoomed, f"embedding {dims}-D changes by keyboard (arrow, +)")

    # A theme switch (class on <html>, as the dashboard's toggle does) redraws with the new colours.
    for result in driver.execute_script("return (async () => {" + THEME_SWITCH_JS + "})()"):
        check.expect(result["changed"] and result["restored"],
                     f"theme switch redraws the {result['chart']} chart in the new colours and back ({result})")

    # A chart taken off the page without destroy() was destroyed when the next one was made.
    lost = driver.execute_script("return window.fixtureOrphan.canvas.getContext('webgl2')?.isContextLost()")
    check.expect(lost is True, "an embedding taken off the page without destroy() gave its WebGL context back")

    # update() replaces the embedding's data: new buffers, legend and count.
    shown = driver.execute_script(UPDATE_EMBEDDING_JS)
    check.expect(shown == "5000", f"embedding update() draws the new data ({shown} points)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=pathlib.Path, help="folder for the screenshots (created)")
    parser.add_argument("--points", type=int, default=1_000_000, help="embedding points (default 1,000,000)")
    parser.add_argument("--scale", type=float, default=1, help="device pixel ratio (2 = a HiDPI screen)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)

    check = Check()
    driver = start_browser(args)
    try:
        for theme in ("light", "dark"):
            check_page(driver, check, args.outdir, theme, args.points)
            problems = console_problems(driver)
            for p in problems:
                print(f"console {p['level']}: {p['message']}")
            check.expect(not problems, f"[{theme}] no console warnings or errors")
        check_webgl1(driver, check, args.outdir, args.points)
        problems = console_problems(driver)
        for p in problems:
            print(f"console {p['level']}: {p['message']}")
        check.expect(not problems, "[webgl1] no console warnings or errors")
    finally:
        driver.quit()
    print(f"screenshots in {args.outdir}")
    if check.failures:
        print(f"{len(check.failures)} check(s) failed")
        return 1
    print("all chart checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
