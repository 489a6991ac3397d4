// Parallel coordinates: one vertical axis per dimension (numbers or categories), one line per
// row coloured by a chosen dimension; dragging along an axis brushes a range and fades the
// rows outside it, a click on the axis clears it.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  const missing = (v) => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));

  /**
   * `S.charts.parallel(container, {dimensions:[{name, kind: 'number'|'category', log?}],
   *   rows:[{name, values:[…]}]}, {colorBy: dimIndex (default the last), onBrush(rowIndices), height})`
   * → `{update, destroy, selected()}`. Numbers on the colour dimension use a sequential scale,
   * categories the palette.
   */
  S.charts.parallel = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let layout = null, hover = -1;
    const brushes = new Map(); // dimension index → [fromFraction, toFraction] of the axis height, 0 = bottom

    const axesFor = (box) => {
      const dims = current.dimensions ?? [];
      const rows = current.rows ?? [];
      const gap = dims.length > 1 ? box.width / (dims.length - 1) : 0;
      return dims.map((dim, k) => {
        const values = rows.map((r) => r.values?.[k]);
        const x = dims.length > 1 ? box.left + k * gap : box.left + box.width / 2;
        let scale;
        if (dim.kind === 'category') {
          const seen = [...new Set(values.filter((v) => !missing(v)).map(String))];
          scale = K.scale('category', seen, [box.bottom, box.top]);
        } else {
          const log = !!dim.log;
          scale = K.scale(log ? 'log' : 'linear', K.extent(values, log) ?? [0, 1], [box.bottom, box.top], { tickCount: Math.max(2, Math.round(box.height / 45)) });
        }
        return { dim, k, x, scale, gap };
      });
    };

    const yOf = (axis, v) => {
      if (missing(v)) return NaN;
      if (axis.dim.kind === 'category') return axis.scale.map(String(v));
      if (typeof v !== 'number' || (axis.dim.log && v <= 0)) return NaN;
      return axis.scale.map(v);
    };

    const colourFor = (axes, theme) => {
      const k = Math.min(axes.length - 1, options.colorBy ?? axes.length - 1);
      const axis = axes[k];
      if (!axis) return () => S.palette(0);
      if (axis.dim.kind === 'category') {
        const order = axis.scale.domain;
        return (row) => S.palette(Math.max(0, order.indexOf(String(row.values?.[k]))));
      }
      const [lo, hi] = K.extent((current.rows ?? []).map((r) => r.values?.[k])) ?? [0, 1];
      return (row) => {
        const v = row.values?.[k];
        return missing(v) ? S.paletteNoise : S.sequential(hi > lo ? (v - lo) / (hi - lo) : 0.5, theme);
      };
    };

    const selected = () => {
      if (!layout) return [];
      const { axes, box } = layout;
      return (current.rows ?? []).map((row, i) => i).filter((i) => [...brushes].every(([k, [a, b]]) => {
        const axis = axes[k];
        if (!axis) return true;
        const y = yOf(axis, current.rows[i].values?.[k]);
        const frac = (box.bottom - y) / box.height;
        return Number.isFinite(frac) && frac >= a - 1e-6 && frac <= b + 1e-6;
      }));
    };

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const dims = current.dimensions ?? [];
      const rows = current.rows ?? [];
      const edge = 56;
      const box = { left: edge, right: f.width - edge, top: 34, bottom: f.height - 14 };
      box.width = box.right - box.left; box.height = box.bottom - box.top;
      const axes = axesFor(box);
      layout = { axes, box };
      if (!rows.length || !dims.length) K.noData(f, box);
      const colour = colourFor(axes, t);
      const inside = new Set(selected());
      const path = (row) => {
        ctx.beginPath();
        let pen = false;
        for (const axis of axes) {
          const y = yOf(axis, row.values?.[axis.k]);
          if (!Number.isFinite(y)) { pen = false; continue; }
          if (pen) ctx.lineTo(axis.x, y); else ctx.moveTo(axis.x, y);
          pen = true;
        }
      };
      ctx.lineWidth = rows.length > 500 ? 1 : 1.5;
      ctx.lineJoin = 'round';
      // Rows outside the brushes first, in the grid colour, so the chosen ones stay on top.
      rows.forEach((row, i) => { if (!inside.has(i)) { ctx.strokeStyle = t.grid; path(row); ctx.stroke(); } });
      ctx.globalAlpha = rows.length > 500 ? 0.5 : 0.85;
      rows.forEach((row, i) => { if (inside.has(i)) { ctx.strokeStyle = colour(row); path(row); ctx.stroke(); } });
      ctx.globalAlpha = 1;
      if (hover >= 0 && rows[hover]) { ctx.strokeStyle = t.fg; ctx.lineWidth = 3; path(rows[hover]); ctx.stroke(); }

      // Axes over the lines: line, ticks with a halo so they read over the lines, name on top.
      for (const axis of axes) {
        ctx.strokeStyle = t.muted; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(Math.round(axis.x) + 0.5, box.top); ctx.lineTo(Math.round(axis.x) + 0.5, box.bottom); ctx.stroke();
        const brush = brushes.get(axis.k);
        if (brush) {
          ctx.fillStyle = t.fg; ctx.globalAlpha = 0.18;
          const y0 = box.bottom - brush[1] * box.height, y1 = box.bottom - brush[0] * box.height;
          ctx.fillRect(axis.x - 8, y0, 16, Math.max(2, y1 - y0));
          ctx.globalAlpha = 1;
          ctx.strokeStyle = t.fg; ctx.strokeRect(axis.x - 8 + 0.5, y0 + 0.5, 16, Math.max(2, y1 - y0));
        }
        ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
        ctx.lineWidth = 3; ctx.strokeStyle = t.bg; ctx.fillStyle = t.muted;
        const maxLabel = Math.max(24, Math.min(110, (axis.gap || edge * 2) - 12));
        let lastY = Infinity;
        for (const v of axis.scale.ticks()) {
          const y = axis.scale.map(v);
          if (Math.abs(lastY - y) < 13) continue;
          lastY = y;
          const text = K.clip(ctx, axis.scale.label(v), maxLabel);
          ctx.strokeText(text, axis.x - 5, y); ctx.fillText(text, axis.x - 5, y);
          ctx.beginPath(); ctx.strokeStyle = t.muted; ctx.lineWidth = 1;
          ctx.moveTo(axis.x - 3, Math.round(y) + 0.5); ctx.lineTo(axis.x, Math.round(y) + 0.5); ctx.stroke();
          ctx.lineWidth = 3; ctx.strokeStyle = t.bg;
        }
        ctx.fillStyle = t.fg; ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
        ctx.fillText(K.clip(ctx, axis.dim.name, Math.max(40, (axis.gap || box.width) - 8)), axis.x, box.top - 12);
      }
      f.canvas.dataset.selected = String(inside.size);
    };

    const f = K.frame(container, 'parallel', { ...options, height: options.height ?? 300 }, draw);
    f.redraw();

    const nearestAxis = (mx) => {
      if (!layout) return null;
      let best = null;
      for (const axis of layout.axes) if (Math.abs(axis.x - mx) <= 12 && (!best || Math.abs(axis.x - mx) < Math.abs(best.x - mx))) best = axis;
      return best;
    };
    let brushing = null;
    f.listen(f.canvas, 'pointerdown', (e) => {
      const [mx, my] = f.at(e);
      const axis = nearestAxis(mx);
      if (!axis || e.button !== 0) return;
      f.canvas.setPointerCapture?.(e.pointerId);
      brushing = { k: axis.k, from: my, moved: false };
      e.preventDefault();
    });
    const fraction = (py) => Math.max(0, Math.min(1, (layout.box.bottom - py) / layout.box.height));
    f.listen(f.canvas, 'pointermove', (e) => {
      const [mx, my] = f.at(e);
      if (brushing) {
        if (Math.abs(my - brushing.from) > 3) brushing.moved = true;
        if (brushing.moved) {
          const a = fraction(brushing.from), b = fraction(my);
          brushes.set(brushing.k, [Math.min(a, b), Math.max(a, b)]);
          f.schedule();
        }
        return;
      }
      f.canvas.style.cursor = nearestAxis(mx) ? 'ns-resize' : '';
      hoverRow(mx, my);
    });
    f.listen(f.canvas, 'pointerup', (e) => {
      if (!brushing) return;
      f.canvas.releasePointerCapture?.(e.pointerId);
      if (!brushing.moved) brushes.delete(brushing.k);
      brushing = null;
      f.schedule();
      const rows = selected();
      f.canvas.dataset.selected = String(rows.length);
      options.onBrush?.(rows);
    });

    // Hover: the row whose line passes closest to the pointer between the two axes around it.
    const hoverRow = (mx, my) => {
      if (!layout) return;
      const { axes } = layout;
      let a = null, b = null;
      for (let k = 0; k + 1 < axes.length; k++) if (mx >= axes[k].x && mx <= axes[k + 1].x) { a = axes[k]; b = axes[k + 1]; }
      let best = -1, bestD = 10;
      if (a && b) {
        const u = (mx - a.x) / (b.x - a.x);
        const inside = new Set(selected());
        (current.rows ?? []).forEach((row, i) => {
          if (!inside.has(i)) return;
          const ya = yOf(a, row.values?.[a.k]), yb = yOf(b, row.values?.[b.k]);
          if (!Number.isFinite(ya) || !Number.isFinite(yb)) return;
          const dist = Math.abs(ya + (yb - ya) * u - my);
          if (dist < bestD) { bestD = dist; best = i; }
        });
      }
      if (best !== hover) { hover = best; f.schedule(); }
      if (best < 0) { f.hideTip(); return; }
      const row = current.rows[best];
      const lines = (current.dimensions ?? []).map((d, k) => `${d.name}: ${K.format(row.values?.[k])}`);
      f.showTip(mx, my, [row.name ?? `row ${best + 1}`, ...lines].join('\n'));
    };
    f.listen(f.canvas, 'pointerleave', () => { if (hover >= 0) { hover = -1; f.schedule(); } });

    return {
      canvas: f.canvas,
      /** Indices of the rows inside every brush (all rows when nothing is brushed). */
      selected,
      update(next) {
        const sameDims = JSON.stringify(next?.dimensions ?? []) === JSON.stringify(current.dimensions ?? []);
        current = next ?? {};
        if (!sameDims) brushes.clear();
        hover = -1;
        f.redraw();
      },
      destroy() { f.destroy(); },
    };
  };
})();
