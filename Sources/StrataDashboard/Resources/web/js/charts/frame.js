// What every chart stands in: a canvas frame (devicePixelRatio, resize, theme changes,
// tooltip, cleanup), the "No data" note and a legend of toggle buttons. Part of S.chartKit
// with axis.js; chart files use the kit when they draw, so the files may load in any order.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};
  const K = S.chartKit ??= {};

  // ---- frame -------------------------------------------------------------------------------

  const live = new Set();
  let themeWatch = null;
  // A chart whose page was replaced without destroy() would keep its data (and a WebGL context,
  // of which browsers allow few) alive here: charts that were on the page and are no longer
  // are destroyed when another chart is made or the theme changes.
  const sweep = () => { for (const f of live) if (f.wasConnected && !f.wrap.isConnected) f.destroy(); };
  // A theme switch (class/data-theme/style on <html>/<body>, the system setting, or core.js's
  // 'strata:theme' event) redraws every chart.
  const watchTheme = () => {
    if (themeWatch) return;
    const redrawAll = () => { sweep(); for (const f of live) f.schedule(); };
    themeWatch = new MutationObserver(redrawAll);
    for (const el of [document.documentElement, document.body]) {
      if (el) themeWatch.observe(el, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
    }
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', redrawAll);
    document.addEventListener('strata:theme', redrawAll); // core.js's toggle announces itself too
  };

  /**
   * A chart's box in `container`: `<div class="strata-chart">` holding the canvas
   * (`data-chart=kind`), a tooltip and optionally a legend. `draw(frame)` runs now and after
   * every resize or theme change (batched to one per animation frame).
   * `options.height` sets the CSS height (default 260). `webgl` skips the 2-D context.
   */
  K.frame = (container, kind, options, draw, { webgl = false } = {}) => {
    sweep();
    const wrap = document.createElement('div');
    wrap.className = 'strata-chart';
    wrap.style.cssText = 'position:relative;width:100%;';
    const canvas = document.createElement('canvas');
    canvas.dataset.chart = kind;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', options?.label ?? `${kind} chart`);
    canvas.style.cssText = `display:block;width:100%;height:${options?.height ?? 260}px;touch-action:none;`;
    const tip = document.createElement('div');
    tip.setAttribute('role', 'tooltip');
    tip.className = 'strata-chart-tooltip';
    tip.style.cssText = 'position:absolute;pointer-events:none;display:none;z-index:5;padding:4px 7px;border-radius:4px;'
      + 'font:12px system-ui,sans-serif;white-space:pre;max-width:420px;overflow:hidden;text-overflow:ellipsis;'
      + 'box-shadow:0 1px 4px rgba(0,0,0,.25);';
    wrap.append(canvas, tip);
    container.append(wrap);

    let pending = 0, lastW = -1, lastH = -1, destroyed = false;
    const f = {
      wrap, canvas, tip, kind,
      ctx: webgl ? null : canvas.getContext('2d'),
      width: 0, height: 0, dpr: 1,
      theme: null,
      wasConnected: false,
      /** Measures the canvas and sizes its backing store; true when the size changed. */
      measure() {
        const w = Math.max(1, Math.round(canvas.clientWidth || container.clientWidth || 600));
        const h = Math.max(1, Math.round(canvas.clientHeight || options?.height || 260));
        const dpr = globalThis.devicePixelRatio || 1;
        const changed = w !== lastW || h !== lastH || dpr !== f.dpr;
        f.width = w; f.height = h; f.dpr = dpr; lastW = w; lastH = h;
        if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
          canvas.width = Math.round(w * dpr);
          canvas.height = Math.round(h * dpr);
        }
        return changed;
      },
      redraw() {
        if (destroyed) return;
        pending = 0;
        if (wrap.isConnected) f.wasConnected = true;
        f.measure();
        f.theme = S.chartTheme(wrap);
        if (f.ctx) {
          f.ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
          f.ctx.clearRect(0, 0, f.width, f.height);
          f.ctx.font = f.theme.font;
        }
        draw(f);
      },
      schedule() {
        if (!pending && !destroyed) pending = requestAnimationFrame(() => f.redraw());
      },
      setHeight(h) { canvas.style.height = `${h}px`; },
      /** Shows `text` near (x, y) in canvas CSS pixels. */
      showTip(x, y, text) {
        const t = f.theme ?? S.chartTheme(wrap);
        tip.style.background = t.bg; tip.style.color = t.fg; tip.style.border = `1px solid ${t.grid}`;
        tip.textContent = text;
        tip.style.display = 'block';
        const tw = tip.offsetWidth, th = tip.offsetHeight;
        const left = x + 14 + tw > f.width ? Math.max(0, x - 14 - tw) : x + 14;
        const top = Math.min(Math.max(0, y - th - 8), Math.max(0, f.height - th));
        tip.style.left = `${left}px`; tip.style.top = `${top}px`;
      },
      hideTip() { tip.style.display = 'none'; },
      /** Pointer position in canvas CSS pixels. */
      at(event) {
        const r = canvas.getBoundingClientRect();
        return [event.clientX - r.left, event.clientY - r.top];
      },
      listen(target, type, handler, opts) {
        target.addEventListener(type, handler, opts);
        cleanups.push(() => target.removeEventListener(type, handler, opts));
      },
      /** Runs `fn` when the chart is destroyed (by its owner or by the sweep). */
      onDestroy(fn) { cleanups.push(fn); },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        if (pending) cancelAnimationFrame(pending);
        observer.disconnect();
        for (const c of cleanups) c();
        live.delete(f);
        wrap.remove();
      },
    };
    const cleanups = [];
    const observer = new ResizeObserver(() => {
      const w = Math.round(canvas.clientWidth), h = Math.round(canvas.clientHeight);
      if (w && h && (w !== lastW || h !== lastH)) f.schedule();
    });
    observer.observe(canvas);
    f.listen(canvas, 'pointerleave', () => f.hideTip());
    live.add(f);
    watchTheme();
    return f;
  };

  /** Writes "No data" (or `text`) in the middle of `box` (default: the whole canvas). */
  K.noData = (f, box = { left: 0, top: 0, width: f.width, height: f.height }, text = 'No data') => {
    const ctx = f.ctx;
    ctx.save();
    ctx.fillStyle = f.theme.muted; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText(text, box.left + box.width / 2, box.top + box.height / 2);
    ctx.restore();
  };

  // ---- legend ------------------------------------------------------------------------------

  /**
   * A row of toggle buttons under the chart: `entries = [{key, label, color, note}]`.
   * Clicking (or Enter/Space, they are real buttons) flips an entry, shift-click shows that
   * entry alone (or everything again when it already was alone); then `onToggle(hiddenKeys: Set)`. Returns `{element, hidden, set(entries)}`;
   * `hidden` carries the toggles over from a previous legend.
   */
  K.legend = (f, entries, onToggle, { toggle = true, hidden: keep } = {}) => {
    const el = document.createElement('div');
    el.className = 'strata-chart-legend';
    el.setAttribute('role', 'group');
    el.setAttribute('aria-label', 'Legend');
    el.style.cssText = 'display:flex;flex-wrap:wrap;gap:4px 12px;padding:4px 2px;font:12px system-ui,sans-serif;max-height:96px;overflow:auto;';
    f.wrap.append(el);
    const hidden = keep ?? new Set();
    const render = (list) => {
      el.replaceChildren();
      for (const e of list) {
        const b = document.createElement(toggle ? 'button' : 'span');
        if (toggle) {
          b.type = 'button';
          b.setAttribute('aria-pressed', String(!hidden.has(e.key)));
          b.title = 'Show or hide';
        }
        b.dataset.key = String(e.key);
        b.style.cssText = `display:inline-flex;align-items:center;gap:5px;border:0;background:none;padding:2px 4px;font:inherit;color:inherit;cursor:${toggle ? 'pointer' : 'default'};border-radius:3px;`;
        if (hidden.has(e.key)) b.style.opacity = '0.4';
        const sw = document.createElement('span');
        sw.style.cssText = `display:inline-block;width:10px;height:10px;border-radius:2px;background:${e.color};`;
        const text = document.createElement('span');
        text.textContent = e.label;
        b.append(sw, text);
        if (e.note !== undefined) {
          const note = document.createElement('span');
          note.style.opacity = '0.7'; // inherits the text colour, so a theme switch needs no redraw
          note.textContent = String(e.note);
          b.append(note);
        }
        if (toggle) {
          b.addEventListener('click', (event) => {
            if (event.shiftKey) {
              const alone = !hidden.has(e.key) && hidden.size === list.length - 1;
              hidden.clear();
              if (!alone) for (const other of list) if (other.key !== e.key) hidden.add(other.key);
            } else if (hidden.has(e.key)) hidden.delete(e.key); else hidden.add(e.key);
            for (const button of el.children) {
              const off = hidden.has(button.dataset.key);
              button.setAttribute('aria-pressed', String(!off));
              button.style.opacity = off ? '0.4' : '1';
            }
            onToggle?.(hidden);
          });
        }
        el.append(b);
      }
    };
    render(entries);
    return { element: el, hidden, set: render };
  };
})();
