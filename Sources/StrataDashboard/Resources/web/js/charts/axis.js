// Numbers on axes: formatting, scales with ticks (linear, log, time, categories) and the
// axes drawn from them, for every 2-D chart. Part of S.chartKit with frame.js; chart files
// use the kit when they draw, so the files may load in any order.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  const K = S.chartKit ??= {};

  // ---- numbers -----------------------------------------------------------------------------

  /** Short text for a number on an axis or in a tooltip. */
  K.format = (v) => {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    if (a === 0) return '0';
    if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US'); // counts, ranks: every digit
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
})();
