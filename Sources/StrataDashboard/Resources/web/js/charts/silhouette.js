// The silhouette plot as in scikit-learn's example: per cluster its samples' silhouette
// values sorted and drawn as horizontal bars, clusters stacked with a gap, the label beside
// each, and the average as a dashed vertical line.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  /**
   * `S.charts.silhouette(container, {clusters:[{label, values:[…]}], average},
   *   {height, segmentName(label)})` → `{update, destroy}`. A numeric label picks the palette
   * colour (as in the embedding), other labels go by position.
   */
  S.charts.silhouette = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let layout = null; // [{cluster, sorted, start, end, mean}] in sample units, plus scales
    const name = (label) => options.segmentName?.(label) ?? (typeof label === 'number' ? (label < 0 ? 'Noise' : `Segment ${label}`) : String(label));
    const colourOf = (c, i) => S.palette(typeof c.label === 'number' ? c.label : i);

    const prepare = () => {
      const clusters = current.clusters ?? [];
      const total = clusters.reduce((s, c) => s + (c.values?.length ?? 0), 0);
      const gap = Math.max(1, Math.ceil(total * 0.02));
      let pos = gap;
      let lo = 0;
      const bands = clusters.map((c, i) => {
        const sorted = Float64Array.from(c.values ?? []).filter(Number.isFinite).sort().reverse();
        let sum = 0;
        for (const v of sorted) { sum += v; if (v < lo) lo = v; }
        const band = { cluster: c, index: i, sorted, start: pos, end: pos + sorted.length, mean: sorted.length ? sum / sorted.length : NaN };
        pos += sorted.length + gap;
        return band;
      });
      return { bands, total: pos, lo: Math.min(-0.1, Math.floor(lo * 10) / 10) };
    };
    let prepared = prepare();

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const { bands, total, lo } = prepared;
      const labelWidth = Math.min(160, K.widest(ctx, bands.map((b) => name(b.cluster.label))));
      const box = { left: Math.ceil(labelWidth) + 14, top: 22, right: f.width - 14, bottom: f.height - 40 };
      box.width = box.right - box.left; box.height = box.bottom - box.top;
      const x = K.scale('linear', [lo, 1], [box.left, box.right], { nice: false, tickCount: Math.max(2, Math.round(box.width / 70)) });
      const y = (s) => box.top + (s / Math.max(1, total)) * box.height;
      const none = { ticks: () => [], label: String, map: () => 0, kind: 'linear' };
      K.axes(f, box, x, none, { xLabel: 'silhouette coefficient', yGrid: false });
      layout = { bands, x, y, box };
      if (!bands.some((b) => b.sorted.length)) K.noData(f, box);
      const zero = x.map(0);
      for (const b of bands) {
        const n = b.sorted.length;
        if (!n) continue;
        const y0 = y(b.start), y1 = y(b.end);
        ctx.fillStyle = colourOf(b.cluster, b.index);
        ctx.globalAlpha = hover?.band === b ? 1 : 0.85;
        // The sorted bars form one shape; a vertex pair per device pixel row keeps millions of samples cheap.
        ctx.beginPath();
        ctx.moveTo(zero, y0);
        const step = 1 / f.dpr; // device pixels
        const rows = Math.max(1, Math.ceil((y1 - y0) / step));
        const per = n / rows;
        for (let r = 0; r < rows; r++) {
          const v = b.sorted[Math.min(n - 1, Math.floor(r * per))];
          ctx.lineTo(x.map(v), y0 + r * step);
          ctx.lineTo(x.map(v), Math.min(y1, y0 + (r + 1) * step));
        }
        ctx.lineTo(zero, y1);
        ctx.closePath();
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.fillStyle = t.fg; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
        ctx.fillText(K.clip(ctx, name(b.cluster.label), 160), box.left - 6, (y0 + y1) / 2);
      }
      ctx.strokeStyle = t.muted; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(Math.round(zero) + 0.5, box.top); ctx.lineTo(Math.round(zero) + 0.5, box.bottom); ctx.stroke();
      if (Number.isFinite(current.average)) {
        const ax = Math.round(x.map(current.average)) + 0.5;
        ctx.strokeStyle = '#D55E00'; ctx.lineWidth = 1.5; ctx.setLineDash([5, 4]);
        ctx.beginPath(); ctx.moveTo(ax, box.top); ctx.lineTo(ax, box.bottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = t.fg; ctx.textAlign = ax > box.right - 110 ? 'right' : 'left'; ctx.textBaseline = 'bottom';
        ctx.fillText(`average ${K.format(current.average)}`, ax + (ctx.textAlign === 'left' ? 5 : -5), box.top - 3);
      }
    };

    let hover = null;
    const height = () => options.height ?? Math.max(260, Math.min(640, 60 + (current.clusters?.length ?? 0) * 40));
    const f = K.frame(container, 'silhouette', { ...options, height: height() }, draw);
    f.redraw();
    f.listen(f.canvas, 'pointermove', (e) => {
      if (!layout) return;
      const [mx, my] = f.at(e);
      const { bands, box } = layout;
      const s = (my - box.top) / box.height * prepared.total;
      const band = bands.find((b) => s >= b.start && s < b.end) ?? null;
      if (band !== hover?.band) { hover = band ? { band } : null; f.schedule(); }
      if (!band || mx < 0) { f.hideTip(); return; }
      const rank = Math.min(band.sorted.length - 1, Math.floor(s - band.start));
      f.showTip(mx, my, `${name(band.cluster.label)}: ${K.format(band.sorted.length)} samples\nmean ${K.format(band.mean)}\nsample ${rank + 1}: ${K.format(band.sorted[rank])}`);
    });
    f.listen(f.canvas, 'pointerleave', () => { if (hover) { hover = null; f.schedule(); } });

    return {
      canvas: f.canvas,
      update(next) { current = next ?? {}; prepared = prepare(); hover = null; f.setHeight(height()); f.redraw(); },
      destroy() { f.destroy(); },
    };
  };
})();
