// What every chart shares: a canvas frame (devicePixelRatio, resize, theme changes, tooltip),
// scales with ticks (linear, log, time, categories), axes, and a legend of toggle buttons.
// Chart files use it through S.chartKit when they draw, so the files may load in any order.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};
  const K = S.chartKit = {};

  // ---- frame -------------------------------------------------------------------------------

  const live = new Set();
  let themeWatch = null;
  // A theme switch (class/attribute on <html>/<body>, or the system setting) redraws every chart.
  const watchTheme = () => {
    if (themeWatch) return;
    const redrawAll = () => { for (const f of live) f.schedule(); };
    themeWatch = new MutationObserver(redrawAll);
    for (const el of [document.documentElement, document.body]) {
      if (el) themeWatch.observe(el, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
    }
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', redrawAll);
  };

  /**
   * A chart's box in `container`: `<div class="strata-chart">` holding the canvas
   * (`data-chart=kind`), a tooltip and optionally a legend. `draw(frame)` runs now and after
   * every resize or theme change (batched to one per animation frame).
   * `options.height` sets the CSS height (default 260). `webgl` skips the 2-D context.
   */
  K.frame = (container, kind, options, draw, { webgl = false } = {}) => {
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
        f.measure();
        f.theme = S.theme(wrap);
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
        const t = f.theme ?? S.theme(wrap);
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
      destroy() {
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

  // ---- numbers -----------------------------------------------------------------------------

  /** Short text for a number on an axis or in a tooltip. */
  K.format = (v) => {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    if (a === 0) return '0';
    if (a >= 1e6 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
    if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
    return String(Number(v.toPrecision(a >= 1 ? 5 : 4)));
  };

  /** Tick text: large round numbers with a suffix (250k, 1.5M), the rest as K.format. */
  K.compact = (v) => {
    const a = Math.abs(v);
    for (const [from, size, suffix] of [[1e12, 1e12, 'T'], [1e9, 1e9, 'G'], [1e6, 1e6, 'M'], [1e5, 1e3, 'k']]) {
      if (a >= from) return `${Number((v / size).toPrecision(3))}${suffix}`;
    }
    return K.format(v);
  };

  const niceStep = (span, count) => {
    const raw = span / Math.max(1, count);
    const p = 10 ** Math.floor(Math.log10(raw));
    const m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
  };

  /** [min, max] of the finite numbers in `values` (optionally only the positive ones). */
  K.extent = (values, positiveOnly = false) => {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) {
      if (typeof v !== 'number' || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return lo <= hi ? [lo, hi] : null;
  };

  // ---- scales ------------------------------------------------------------------------------

  /**
   * A scale from a data domain onto a pixel range: `{map(v), invert(p), ticks(), label(v), kind}`.
   * kind: 'linear' | 'log' | 'time' (seconds since 1970 unless `unit: 'ms'`) | 'category'.
   */
  K.scale = (kind, domain, range, { nice = true, unit = 's', integer = false, tickCount } = {}) => {
    const [r0, r1] = range;
    if (kind === 'category') {
      const n = Math.max(1, domain.length);
      const step = (r1 - r0) / n;
      const index = new Map(domain.map((d, i) => [String(d), i]));
      return {
        kind, domain, step,
        map: (v) => r0 + step * ((index.get(String(v)) ?? 0) + 0.5),
        invert: (p) => domain[Math.max(0, Math.min(n - 1, Math.floor((p - r0) / step)))],
        ticks: () => domain,
        label: (v) => String(v),
      };
    }
    let [d0, d1] = domain;
    if (kind === 'log') {
      d0 = d0 > 0 ? d0 : 1e-3; d1 = d1 > 0 ? d1 : d0 * 10;
      if (d0 === d1) { d0 /= 2; d1 *= 2; }
      if (nice) { d0 = 10 ** Math.floor(Math.log10(d0) + 1e-9); d1 = 10 ** Math.ceil(Math.log10(d1) - 1e-9); }
      const l0 = Math.log10(d0), l1 = Math.log10(d1);
      const map = (v) => r0 + (Math.log10(v) - l0) / (l1 - l0) * (r1 - r0);
      return {
        kind, domain: [d0, d1], map,
        invert: (p) => 10 ** (l0 + (p - r0) / (r1 - r0) * (l1 - l0)),
        ticks: () => logTicks(d0, d1, Math.abs(r1 - r0)),
        label: K.format,
      };
    }
    if (d0 === d1) { const pad = d0 === 0 ? 1 : Math.abs(d0) * 0.1; d0 -= pad; d1 += pad; }
    const count = tickCount ?? Math.max(2, Math.round(Math.abs(r1 - r0) / (kind === 'time' ? 110 : 70)));
    let step;
    if (kind === 'time') {
      const perSecond = unit === 'ms' ? 1000 : 1;
      step = timeStep((d1 - d0) / perSecond / count) * perSecond;
    } else {
      step = niceStep(d1 - d0, count);
      if (integer) step = Math.max(1, Math.round(step));
    }
    if (nice && kind !== 'time') { d0 = Math.floor(d0 / step) * step; d1 = Math.ceil(d1 / step) * step; }
    const map = (v) => r0 + (v - d0) / (d1 - d0) * (r1 - r0);
    const ticks = () => {
      const out = [];
      for (let t = Math.ceil(d0 / step - 1e-9) * step; t <= d1 + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
      return out;
    };
    const label = kind === 'time' ? timeLabel(step / (unit === 'ms' ? 1000 : 1), unit) : (v) => K.compact(Number(v.toPrecision(12)));
    return { kind, domain: [d0, d1], step, map, invert: (p) => d0 + (p - r0) / (r1 - r0) * (d1 - d0), ticks, label };
  };

  const logTicks = (d0, d1, pixels) => {
    const out = [];
    const e0 = Math.floor(Math.log10(d0)), e1 = Math.ceil(Math.log10(d1));
    const decades = Math.max(1, e1 - e0);
    const every = Math.max(1, Math.ceil(decades / Math.max(2, pixels / 45)));
    const mantissas = decades * 3 <= pixels / 45 ? [1, 2, 5] : [1];
    for (let e = e0; e <= e1; e += every) {
      for (const m of mantissas) {
        const v = m * 10 ** e;
        if (v >= d0 * (1 - 1e-9) && v <= d1 * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };

  const timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000, 7776000, 31536000];
  const timeStep = (seconds) => timeSteps.find((s) => s >= seconds) ?? 31536000 * Math.ceil(seconds / 31536000);
  const pad2 = (n) => String(n).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const timeLabel = (stepSeconds, unit) => (v) => {
    const d = new Date(unit === 'ms' ? v : v * 1000);
    if (stepSeconds < 60) return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
    if (stepSeconds < 86400) return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
    if (stepSeconds < 31536000) return `${months[d.getMonth()]} ${d.getDate()}`;
    return String(d.getFullYear());
  };
  /** Full date and time for a tooltip. */
  K.formatTime = (v, unit = 's') => {
    const d = new Date(unit === 'ms' ? v : v * 1000);
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  };

  // ---- axes --------------------------------------------------------------------------------

  /** Width in CSS pixels of the widest label. */
  K.widest = (ctx, labels) => labels.reduce((w, s) => Math.max(w, ctx.measureText(String(s)).width), 0);

  /** Clips a label to `max` pixels with an ellipsis. */
  K.clip = (ctx, text, max) => {
    text = String(text);
    if (ctx.measureText(text).width <= max) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + '…';
  };

  /**
   * Lays out a plot: the box inside the margins that y tick labels and axis titles need.
   * `makeY(range)` builds the y scale for a pixel range (it is needed to measure its labels).
   */
  K.layout = (f, { yTicksSample = [], xLabel, yLabel, top = 10, right = 14, bottomExtra = 0 } = {}) => {
    const ctx = f.ctx;
    const yw = Math.min(120, K.widest(ctx, yTicksSample));
    const left = Math.ceil(yw + 10 + (yLabel ? 18 : 0)) + 2;
    const bottom = 22 + (xLabel ? 18 : 0) + bottomExtra;
    return { left, top, right: f.width - right, bottom: f.height - bottom, width: f.width - right - left, height: f.height - bottom - top };
  };

  /** Draws grid lines, ticks, tick labels and axis titles for scales `x` and `y` in `box`. */
  K.axes = (f, box, x, y, { xLabel, yLabel, xGrid = true, yGrid = true } = {}) => {
    const ctx = f.ctx, t = f.theme;
    ctx.save();
    ctx.lineWidth = 1;
    ctx.strokeStyle = t.grid;
    ctx.fillStyle = t.muted;
    ctx.font = t.font;
    // y
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    for (const v of y.ticks()) {
      const py = Math.round(y.map(v)) + 0.5;
      if (py < box.top - 1 || py > box.bottom + 1) continue;
      if (yGrid) { ctx.beginPath(); ctx.moveTo(box.left, py); ctx.lineTo(box.right, py); ctx.stroke(); }
      ctx.fillText(K.clip(ctx, y.label(v), 116), box.left - 6, py);
    }
    // x: skip labels that would overlap their neighbour
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    let lastRight = -Infinity;
    const xt = x.ticks();
    const maxLabel = x.kind === 'category' ? Math.max(20, x.step - 4) : 160;
    for (const v of xt) {
      const px = Math.round(x.map(v)) + 0.5;
      if (px < box.left - 1 || px > box.right + 1) continue;
      if (xGrid) { ctx.beginPath(); ctx.moveTo(px, box.top); ctx.lineTo(px, box.bottom); ctx.stroke(); }
      const text = K.clip(ctx, x.label(v), maxLabel);
      const w = ctx.measureText(text).width;
      const cx = Math.min(Math.max(px, w / 2 + 1), f.width - w / 2 - 1); // the edge labels stay inside the canvas
      if (cx - w / 2 < lastRight + 6) continue;
      ctx.fillText(text, cx, box.bottom + 6);
      lastRight = cx + w / 2;
    }
    // frame lines
    ctx.strokeStyle = t.muted;
    ctx.beginPath();
    ctx.moveTo(box.left + 0.5, box.top); ctx.lineTo(box.left + 0.5, box.bottom + 0.5); ctx.lineTo(box.right, box.bottom + 0.5);
    ctx.stroke();
    ctx.fillStyle = t.fg;
    if (xLabel) { ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.fillText(K.clip(ctx, xLabel, box.width), box.left + box.width / 2, f.height - 2); }
    if (yLabel) {
      ctx.translate(12, box.top + box.height / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(K.clip(ctx, yLabel, box.height), 0, 0);
    }
    ctx.restore();
  };

  /** A y scale and the layout around it, measuring the tick labels first. */
  K.plot = (f, xKind, xDomain, yKind, yDomain, { xLabel, yLabel, xOptions = {}, yOptions = {}, bottomExtra = 0 } = {}) => {
    const probeY = K.scale(yKind, yDomain, [f.height - 40, 10], yOptions);
    const box = K.layout(f, { yTicksSample: probeY.ticks().map(probeY.label), xLabel, yLabel, bottomExtra });
    // Categories read top to bottom, numbers bottom to top.
    const y = K.scale(yKind, yDomain, yKind === 'category' ? [box.top, box.bottom] : [box.bottom, box.top], yOptions);
    const x = K.scale(xKind, xDomain, [box.left, box.right], xOptions);
    return { box, x, y };
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
