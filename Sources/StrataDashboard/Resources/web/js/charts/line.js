// Metric series as lines: step or time on x, linear or log y, one colour per series, a legend
// that toggles series, and a tooltip with the nearest point.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  /**
   * `S.charts.line(container, {series:[{name, points:[[x, y], …]}], xLabel, yLabel},
   *   {logY, xMode: 'step'|'time', timeUnit: 's'|'ms', height})` → `{update(data), destroy()}`.
   * Time x values are seconds since 1970 (as Strata records them) unless `timeUnit: 'ms'`.
   */
  S.charts.line = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let legend = null;
    let view = null; // {x, y, box} of the last draw, for hover
    const timeUnit = options.timeUnit ?? 's';

    const visibleSeries = () => (current.series ?? [])
      .map((s, i) => ({ s, i }))
      .filter(({ i }) => !legend?.hidden.has(i));

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const shown = visibleSeries();
      const xs = [], ys = [];
      for (const { s } of shown) for (const p of s.points ?? []) { xs.push(p[0]); ys.push(p[1]); }
      const xe = K.extent(xs) ?? [0, 1];
      const ye = K.extent(ys, !!options.logY) ?? (options.logY ? [1, 10] : [0, 1]);
      const xKind = options.xMode === 'time' ? 'time' : 'linear';
      view = K.plot(f, xKind, xe, options.logY ? 'log' : 'linear', ye, {
        xLabel: current.xLabel, yLabel: current.yLabel,
        xOptions: { unit: timeUnit, integer: xKind === 'linear' && xs.every(Number.isInteger), nice: xKind !== 'time' },
      });
      const { box, x, y } = view;
      K.axes(f, box, x, y, { xLabel: current.xLabel, yLabel: current.yLabel });
      if (!shown.length || !xs.length) { K.noData(f, box); return; }
      ctx.save();
      ctx.beginPath(); ctx.rect(box.left, box.top - 2, box.width + 2, box.height + 4); ctx.clip();
      ctx.lineWidth = 1.6; ctx.lineJoin = 'round';
      for (const { s, i } of shown) {
        const colour = S.palette(i);
        ctx.strokeStyle = colour;
        ctx.beginPath();
        let pen = false;
        for (const [px, py] of s.points ?? []) {
          if (!Number.isFinite(px) || !Number.isFinite(py) || (options.logY && py <= 0)) { pen = false; continue; }
          const cx = x.map(px), cy = y.map(py);
          if (pen) ctx.lineTo(cx, cy); else ctx.moveTo(cx, cy);
          pen = true;
        }
        ctx.stroke();
        if ((s.points?.length ?? 0) <= 60) {
          ctx.fillStyle = colour;
          for (const [px, py] of s.points ?? []) {
            if (!Number.isFinite(px) || !Number.isFinite(py) || (options.logY && py <= 0)) continue;
            ctx.beginPath(); ctx.arc(x.map(px), y.map(py), 2.2, 0, Math.PI * 2); ctx.fill();
          }
        }
      }
      if (hover) {
        ctx.strokeStyle = t.fg; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.arc(hover.cx, hover.cy, 4.5, 0, Math.PI * 2); ctx.stroke();
      }
      ctx.restore();
    };

    let hover = null;
    const f = K.frame(container, 'line', options, draw);
    const makeLegend = () => {
      const kept = legend?.hidden;
      legend?.element.remove();
      legend = null;
      const series = current.series ?? [];
      if (series.length > 1) {
        legend = K.legend(f, series.map((s, i) => ({ key: i, label: s.name ?? `series ${i + 1}`, color: S.palette(i) })), () => { hover = null; f.hideTip(); f.schedule(); }, { hidden: kept });
      }
    };
    makeLegend();
    f.redraw();

    f.listen(f.canvas, 'pointermove', (e) => {
      if (!view) return;
      const [mx, my] = f.at(e);
      let best = null, bestD = 30 * 30;
      for (const { s, i } of visibleSeries()) {
        for (const [px, py] of s.points ?? []) {
          if (!Number.isFinite(px) || !Number.isFinite(py) || (options.logY && py <= 0)) continue;
          const cx = view.x.map(px), cy = view.y.map(py);
          const d = (cx - mx) ** 2 + ((cy - my) ** 2) / 4; // x matters more than y for series
          if (d < bestD) { bestD = d; best = { cx, cy, px, py, name: s.name ?? `series ${i + 1}` }; }
        }
      }
      const changed = (best?.cx !== hover?.cx) || (best?.cy !== hover?.cy);
      hover = best;
      if (!best) { f.hideTip(); if (changed) f.schedule(); return; }
      const xText = options.xMode === 'time' ? K.formatTime(best.px, timeUnit) : `${current.xLabel ?? 'step'} ${K.format(best.px)}`;
      f.showTip(best.cx, best.cy, `${best.name}\n${xText}\n${current.yLabel ?? 'value'} ${K.format(best.py)}`);
      if (changed) f.schedule();
    });
    f.listen(f.canvas, 'pointerleave', () => { if (hover) { hover = null; f.schedule(); } });

    return {
      canvas: f.canvas,
      update(next) {
        const sameNames = (next?.series ?? []).map((s) => s.name).join('\u0000') === (current.series ?? []).map((s) => s.name).join('\u0000');
        current = next ?? {};
        if (!sameNames) makeLegend();
        hover = null;
        f.redraw();
      },
      destroy() { f.destroy(); },
    };
  };
})();
