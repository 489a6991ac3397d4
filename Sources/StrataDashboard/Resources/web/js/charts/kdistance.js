// The k-distance curve used to choose DBSCAN's eps: every point's distance to its k-th
// neighbour in ascending order, the knee marked and the chosen eps drawn across. A million
// distances are drawn as a min/max band per pixel column, so the cost follows the width.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  const ordinal = (k) => {
    const n = Math.abs(Math.trunc(k)), tail = n % 100;
    if (tail >= 11 && tail <= 13) return `${k}th`;
    return `${k}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
  };

  /**
   * `S.charts.kdistance(container, {k, distances: ascending numbers (array or Float32Array),
   *   knee: {rank, value}|null, eps: number|null, ranks?, count?}, {logY, height})` → `{update, destroy}`.
   * A thinned curve gives `ranks` (ascending: each distance's rank in the full curve) and `count`
   * (the full curve's length), so the x axis, the knee and hover speak of true ranks.
   */
  S.charts.kdistance = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let view = null, extent = null, band = null;

    const labels = () => ({
      xLabel: 'points sorted by distance',
      yLabel: current.k ? `distance to ${ordinal(current.k)} neighbour` : 'k-distance',
    });

    const rankOf = (i) => (current.ranks ? current.ranks[i] : i);
    const count = () => current.count ?? (current.ranks?.length ? current.ranks[current.ranks.length - 1] + 1 : current.distances?.length ?? 0);
    // The first index whose rank is at least r (ranks ascend).
    const indexAt = (r, n) => {
      if (!current.ranks) return Math.min(n, Math.max(0, Math.ceil(r)));
      let lo = 0, hi = n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (current.ranks[mid] < r) lo = mid + 1; else hi = mid; }
      return lo;
    };

    // Lowest and highest distance of the run of points under each pixel column.
    const envelope = (d, n, x, box) => {
      const cols = Math.max(1, Math.floor(box.width));
      const lo = new Float64Array(cols), hi = new Float64Array(cols);
      let previous = NaN;
      for (let c = 0; c < cols; c++) {
        const i0 = indexAt(x.invert(box.left + c), n), i1 = c === cols - 1 ? n : indexAt(x.invert(box.left + c + 1), n);
        let a = Infinity, b = -Infinity;
        for (let i = i0; i < i1; i++) { const v = d[i]; if (v < a) a = v; if (v > b) b = v; }
        // Join to the previous column so the band has no gaps where the curve climbs steeply.
        if (Number.isFinite(previous)) { if (previous < a) a = previous; if (previous > b) b = previous; }
        lo[c] = a; hi[c] = b;
        if (i1 > i0) previous = d[i1 - 1];
      }
      return { lo, hi };
    };

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const d = current.distances ?? [];
      const n = d.length;
      extent ??= K.extent(d, !!options.logY);
      const yDomain = [...(extent ?? [0, 1])];
      if (Number.isFinite(current.eps)) { yDomain[0] = Math.min(yDomain[0], current.eps); yDomain[1] = Math.max(yDomain[1], current.eps); }
      const { xLabel, yLabel } = labels();
      view = K.plot(f, 'linear', [0, Math.max(1, count() - 1)], options.logY ? 'log' : 'linear', yDomain, { xLabel, yLabel, xOptions: { integer: true } });
      const { box, x, y } = view;
      K.axes(f, box, x, y, { xLabel, yLabel });
      if (!n) { K.noData(f, box); return; }
      const colour = S.palette(0);
      ctx.save();
      ctx.beginPath(); ctx.rect(box.left, box.top - 2, box.width + 2, box.height + 4); ctx.clip();
      const ok = (v) => Number.isFinite(v) && (!options.logY || v > 0);
      if (n <= box.width * 2) {
        ctx.strokeStyle = colour; ctx.lineWidth = 1.8;
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < n; i++) {
          if (!ok(d[i])) { pen = false; continue; }
          if (pen) ctx.lineTo(x.map(rankOf(i)), y.map(d[i])); else ctx.moveTo(x.map(rankOf(i)), y.map(d[i]));
          pen = true;
        }
        ctx.stroke();
      } else {
        // Hover redraws the chart on every move: keep the band until the data or the width changes.
        const key = `${box.left}|${box.width}|${y.domain}`;
        if (band?.key !== key) band = { key, ...envelope(d, n, x, box) };
        const { lo, hi } = band;
        ctx.fillStyle = colour;
        for (let c = 0; c < lo.length; c++) {
          if (!ok(lo[c]) || !ok(hi[c])) continue;
          const top = y.map(hi[c]), bottom = y.map(lo[c]);
          ctx.fillRect(box.left + c, top - 1, 1, Math.max(2, bottom - top + 2));
        }
      }
      if (Number.isFinite(current.eps) && ok(current.eps)) {
        const py = Math.round(y.map(current.eps)) + 0.5;
        ctx.strokeStyle = '#D55E00'; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
        ctx.beginPath(); ctx.moveTo(box.left, py); ctx.lineTo(box.right, py); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = t.fg; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
        ctx.fillText(`eps = ${K.format(current.eps)}`, box.left + 6, py - 3);
      }
      const knee = current.knee;
      if (knee && Number.isFinite(knee.rank) && ok(knee.value)) {
        const kx = x.map(knee.rank), ky = y.map(knee.value);
        ctx.strokeStyle = t.fg; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(kx, ky, 6, 0, Math.PI * 2); ctx.stroke();
        ctx.fillStyle = t.fg; ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
        ctx.fillText(`knee: rank ${K.format(knee.rank)}, ${K.format(knee.value)}`, kx - 9, ky - 8);
      }
      if (hoverX !== null) {
        ctx.strokeStyle = t.muted; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(hoverX + 0.5, box.top); ctx.lineTo(hoverX + 0.5, box.bottom); ctx.stroke();
      }
      ctx.restore();
    };

    let hoverX = null;
    const f = K.frame(container, 'kdistance', options, draw);
    f.redraw();
    f.listen(f.canvas, 'pointermove', (e) => {
      const d = current.distances ?? [];
      if (!view || !d.length) return;
      const [mx, my] = f.at(e);
      const { box, x } = view;
      if (mx < box.left || mx > box.right || my < box.top || my > box.bottom) { f.hideTip(); hoverX = null; f.schedule(); return; }
      const r = x.invert(mx);
      let i = Math.min(d.length - 1, indexAt(r, d.length));
      if (i > 0 && Math.abs(rankOf(i - 1) - r) < Math.abs(rankOf(i) - r)) i -= 1;
      hoverX = Math.round(mx);
      f.schedule();
      const total = count();
      const share = total > 1 ? ` (${(100 * rankOf(i) / (total - 1)).toFixed(1)} %)` : '';
      f.showTip(mx, my, `rank ${K.format(rankOf(i))} of ${K.format(total)}${share}\ndistance ${K.format(d[i])}`);
    });
    f.listen(f.canvas, 'pointerleave', () => { hoverX = null; f.schedule(); });

    return {
      canvas: f.canvas,
      update(next) { current = next ?? {}; extent = null; band = null; f.redraw(); },
      destroy() { f.destroy(); },
    };
  };
})();
