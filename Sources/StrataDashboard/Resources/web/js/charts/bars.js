// Bars for labelled values (segment sizes, parameter importance): vertical or horizontal,
// negative values below/left of zero, the value written at the bar's end when it fits.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  /**
   * `S.charts.bars(container, {labels:[…], values:[…], colors?:[…]}, {horizontal, xLabel, yLabel,
   *   color, height, format(v)})` → `{update, destroy}`. Horizontal charts grow with their label count
   * unless `height` is given.
   */
  S.charts.bars = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let view = null, hover = -1;
    const fmt = options.format ?? ((v) => K.format(v));
    const autoHeight = () => options.height ?? (options.horizontal ? Math.max(120, (current.labels?.length ?? 0) * 22 + 56) : 260);
    const colourOf = (i) => current.colors?.[i] ?? options.color ?? S.palette(0);

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      const labels = (current.labels ?? []).map(String);
      const values = (current.values ?? []).map(Number);
      const ext = K.extent(values) ?? [0, 1];
      const vDomain = [Math.min(0, ext[0]), Math.max(0, ext[1])];
      const horizontal = !!options.horizontal;
      // The value axis is x when horizontal; titles follow the axes they name.
      view = horizontal
        ? K.plot(f, 'linear', vDomain, 'category', labels, { xLabel: options.xLabel ?? current.xLabel, yLabel: options.yLabel ?? current.yLabel })
        : K.plot(f, 'category', labels, 'linear', vDomain, { xLabel: options.xLabel ?? current.xLabel, yLabel: options.yLabel ?? current.yLabel });
      const { box, x, y } = view;
      K.axes(f, box, x, y, { xLabel: options.xLabel ?? current.xLabel, yLabel: options.yLabel ?? current.yLabel, xGrid: horizontal, yGrid: !horizontal });
      if (!labels.length) K.noData(f, box);
      const band = horizontal ? y : x, value = horizontal ? x : y;
      const thick = Math.max(1, band.step * 0.72);
      const zero = value.map(0);
      ctx.textBaseline = 'middle';
      values.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const c = band.map(labels[i]), end = value.map(v);
        ctx.fillStyle = colourOf(i);
        ctx.globalAlpha = hover === -1 || hover === i ? 1 : 0.55;
        if (horizontal) ctx.fillRect(Math.min(zero, end), c - thick / 2, Math.max(1, Math.abs(end - zero)), thick);
        else ctx.fillRect(c - thick / 2, Math.min(zero, end), thick, Math.max(1, Math.abs(end - zero)));
        ctx.globalAlpha = 1;
        const text = fmt(v), w = ctx.measureText(text).width;
        ctx.fillStyle = t.fg;
        if (horizontal && thick >= 11) {
          const room = v >= 0 ? box.right - end : end - box.left;
          if (room > w + 6) { ctx.textAlign = v >= 0 ? 'left' : 'right'; ctx.fillText(text, end + (v >= 0 ? 4 : -4), c); }
        } else if (!horizontal && thick > w + 2) {
          ctx.textAlign = 'center'; ctx.textBaseline = v >= 0 ? 'bottom' : 'top';
          ctx.fillText(text, c, end + (v >= 0 ? -2 : 2));
          ctx.textBaseline = 'middle';
        }
      });
    };

    const f = K.frame(container, 'bars', { ...options, height: autoHeight() }, draw);
    f.redraw();
    f.listen(f.canvas, 'pointermove', (e) => {
      if (!view) return;
      const [mx, my] = f.at(e);
      const { box } = view;
      const band = options.horizontal ? view.y : view.x;
      const inside = mx >= box.left - 4 && mx <= box.right && my >= box.top && my <= box.bottom;
      const label = inside ? band.invert(options.horizontal ? my : mx) : undefined;
      const i = label === undefined ? -1 : (current.labels ?? []).map(String).indexOf(String(label));
      if (i !== hover) { hover = i; f.schedule(); }
      if (i < 0) { f.hideTip(); return; }
      f.showTip(mx, my, `${current.labels[i]}\n${fmt(Number(current.values[i]))}`);
    });
    f.listen(f.canvas, 'pointerleave', () => { if (hover !== -1) { hover = -1; f.schedule(); } });

    return {
      canvas: f.canvas,
      update(next) { current = next ?? {}; hover = -1; f.setHeight(autoHeight()); f.redraw(); },
      destroy() { f.destroy(); },
    };
  };
})();
