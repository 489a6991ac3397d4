// A matrix of values coloured on a diverging scale around a centre (feature lift per segment:
// 1 = as in the whole population), row notes such as segment sizes, values written in the
// cells when they fit and shown on hover.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  /**
   * `S.charts.heatmap(container, {rows:[…], columns:[…], values:[[…]], rowNotes:[…]},
   *   {center = 0, log = false, noteLabel, valueLabel, format(v), height})` → `{update, destroy}`.
   * With `log`, colour follows log(v / center) (ratios such as lift), so 0.5 and 2 are equally far.
   */
  S.charts.heatmap = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let layout = null, hover = null;
    const center = options.center ?? 0;
    const useLog = !!options.log && center > 0;
    const fmt = options.format ?? ((v) => (typeof v === 'number' && Math.abs(v) < 1000 ? v.toFixed(2) : K.format(v)));
    const ROW = 26, LEGEND = 34;

    const position = (v) => (useLog ? (v > 0 ? Math.log(v / center) : NaN) : v - center);
    const spread = () => {
      let m = 0;
      for (const row of current.values ?? []) for (const v of row ?? []) {
        const p = position(v);
        if (Number.isFinite(p)) m = Math.max(m, Math.abs(p));
      }
      return m || 1;
    };
    const height = () => options.height ?? 0;

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const rows = (current.rows ?? []).map(String), columns = (current.columns ?? []).map(String);
      const notes = (current.rowNotes ?? []).map((n) => (n === undefined || n === null ? '' : String(n)));
      const left = Math.ceil(Math.min(170, K.widest(ctx, rows))) + 12;
      const noteWidth = notes.length ? Math.ceil(Math.min(110, K.widest(ctx, [...notes, options.noteLabel ?? '']))) + 14 : 0;
      const right = f.width - 8 - noteWidth;
      const cellW = Math.max(4, (right - left) / Math.max(1, columns.length));
      // Column names run upwards at an angle when they are wider than their cells.
      const widestColumn = Math.min(150, K.widest(ctx, columns));
      const slanted = widestColumn > cellW - 6;
      const top = (slanted ? Math.ceil(widestColumn * 0.71) + 14 : 22);
      const cellH = Math.max(6, Math.min(ROW, (f.height - top - LEGEND) / Math.max(1, rows.length)));
      const box = { left, top, right, bottom: top + cellH * rows.length };
      layout = { box, cellW, cellH, rows, columns, notes };
      if (!rows.length || !columns.length) { K.noData(f); return; }
      const m = spread();
      ctx.textBaseline = 'middle';
      rows.forEach((r, i) => {
        const y = top + i * cellH;
        columns.forEach((c, j) => {
          const v = current.values?.[i]?.[j];
          const p = position(v);
          const colour = Number.isFinite(p) ? S.diverging(p / m) : t.grid;
          ctx.fillStyle = colour;
          const x = left + j * cellW;
          ctx.fillRect(x, y, cellW - 1, cellH - 1);
          const text = Number.isFinite(v) ? fmt(v) : '–';
          if (cellH >= 14 && ctx.measureText(text).width <= cellW - 6) {
            ctx.fillStyle = S.luminance(colour) > 0.55 ? '#1f2328' : '#ffffff';
            ctx.textAlign = 'center';
            ctx.fillText(text, x + cellW / 2, y + cellH / 2);
          }
        });
        ctx.fillStyle = t.fg; ctx.textAlign = 'right';
        if (cellH >= 9) ctx.fillText(K.clip(ctx, r, 170), left - 6, y + cellH / 2);
        if (notes[i] && cellH >= 9) { ctx.fillStyle = t.muted; ctx.textAlign = 'left'; ctx.fillText(K.clip(ctx, notes[i], 110), right + 8, y + cellH / 2); }
      });
      ctx.fillStyle = t.fg;
      columns.forEach((c, j) => {
        const cx = left + j * cellW + cellW / 2;
        if (slanted) {
          ctx.save(); ctx.translate(cx, top - 6); ctx.rotate(-Math.PI / 4);
          ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
          ctx.fillText(K.clip(ctx, c, 150), 0, 0); ctx.restore();
        } else { ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.fillText(K.clip(ctx, c, cellW - 4), cx, top - 6); }
      });
      if (options.noteLabel && notes.length) { ctx.fillStyle = t.muted; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom'; ctx.fillText(options.noteLabel, right + 8, top - 6); }
      if (hover) {
        ctx.strokeStyle = t.fg; ctx.lineWidth = 2;
        ctx.strokeRect(left + hover.j * cellW, top + hover.i * cellH, cellW - 1, cellH - 1);
      }
      // The colour key: the scale's ends and its centre.
      const ky = box.bottom + 12, kw = Math.min(240, right - left), kx = left;
      for (let k = 0; k < kw; k++) { ctx.fillStyle = S.diverging((k / (kw - 1)) * 2 - 1); ctx.fillRect(kx + k, ky, 1, 8); }
      ctx.fillStyle = t.muted; ctx.textBaseline = 'top'; ctx.font = t.font;
      const lowEnd = useLog ? center * Math.exp(-m) : center - m, highEnd = useLog ? center * Math.exp(m) : center + m;
      ctx.textAlign = 'left'; ctx.fillText(fmt(lowEnd), kx, ky + 10);
      ctx.textAlign = 'center'; ctx.fillText(fmt(center), kx + kw / 2, ky + 10);
      ctx.textAlign = 'right'; ctx.fillText(fmt(highEnd), kx + kw, ky + 10);
      if (options.valueLabel) { ctx.textAlign = 'left'; ctx.fillText(options.valueLabel, kx + kw + 12, ky); }
    };

    const f = K.frame(container, 'heatmap', { ...options, height: 100 }, draw);
    // Height follows the rows unless given: a row per 26 px plus room for names and the key.
    const fit = () => {
      if (height()) { f.setHeight(height()); return; }
      const ctx = f.ctx;
      ctx.font = S.chartTheme(f.wrap).font;
      const columns = (current.columns ?? []).map(String);
      const w = f.canvas.clientWidth || container.clientWidth || 600;
      const cellW = (w - 200) / Math.max(1, columns.length);
      const widest = Math.min(150, K.widest(ctx, columns));
      const top = widest > cellW - 6 ? Math.ceil(widest * 0.71) + 14 : 22;
      f.setHeight(top + ROW * Math.max(1, current.rows?.length ?? 0) + LEGEND + 4);
    };
    fit();
    f.redraw();
    f.listen(f.canvas, 'pointermove', (e) => {
      if (!layout) return;
      const [mx, my] = f.at(e);
      const { box, cellW, cellH, rows, columns, notes } = layout;
      const j = Math.floor((mx - box.left) / cellW), i = Math.floor((my - box.top) / cellH);
      const inside = i >= 0 && j >= 0 && i < rows.length && j < columns.length;
      if (!inside) { f.hideTip(); if (hover) { hover = null; f.schedule(); } return; }
      if (hover?.i !== i || hover?.j !== j) { hover = { i, j }; f.schedule(); }
      const v = current.values?.[i]?.[j];
      const note = notes[i] ? `\n${options.noteLabel ? `${options.noteLabel}: ` : ''}${notes[i]}` : '';
      f.showTip(mx, my, `${rows[i]} · ${columns[j]}\n${options.valueLabel ?? 'value'} ${Number.isFinite(v) ? fmt(v) : '–'}${note}`);
    });
    f.listen(f.canvas, 'pointerleave', () => { if (hover) { hover = null; f.schedule(); } });

    return {
      canvas: f.canvas,
      update(next) { current = next ?? {}; hover = null; fit(); f.redraw(); },
      destroy() { f.destroy(); },
    };
  };
})();
