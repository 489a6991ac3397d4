// Points on two axes (linear, log, or categories on x), coloured by group, with an optional
// line over them such as the best value so far; hover shows a point's label.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  /**
   * `S.charts.scatter(container, {points:[{x, y, label, group}], xLabel, yLabel},
   *   {logX, logY, line:[[x, y], …], lineStep, lineName, onClick(point), groups:[…], height})`
   * → `{update, destroy}`. String x values make a category axis (points spread a little within
   * their category). A numeric group is a palette index (-1 = noise grey); other groups get
   * colours in the order of `options.groups` when given (so several charts colour alike and
   * list the legend alike), else in the order seen. Points without a finite y are not drawn.
   */
  S.charts.scatter = (container, data, options = {}) => {
    const K = S.chartKit;
    let current = data ?? {};
    let legend = null, view = null, hover = null;
    let groups = [];     // distinct groups in order of appearance
    let projected = null; // Float32Array of canvas positions of visible points, for hover

    const colourOf = (g) => {
      if (typeof g === 'number' && Number.isInteger(g)) return S.palette(g);
      const i = groups.indexOf(g);
      return S.palette(i < 0 ? 0 : i);
    };
    const visible = (p) => !legend?.hidden.has(String(p.group));

    const draw = (f) => {
      const ctx = f.ctx, t = f.theme;
      let points = (current.points ?? []).filter(visible);
      const line = options.line ?? [];
      const categorical = points.some((p) => typeof p.x === 'string');
      // On a category axis a point without x has no place.
      if (categorical) points = points.filter((p) => p.x !== null && p.x !== undefined);
      let xKind = categorical ? 'category' : options.logX ? 'log' : 'linear';
      const xDomain = categorical
        ? [...new Set(points.map((p) => String(p.x)))]
        : K.extent([...points.map((p) => p.x), ...line.map((l) => l[0])], !!options.logX) ?? [0, 1];
      const yDomain = K.extent([...points.map((p) => p.y), ...line.map((l) => l[1])], !!options.logY) ?? (options.logY ? [1, 10] : [0, 1]);
      view = K.plot(f, xKind, xDomain, options.logY ? 'log' : 'linear', yDomain, { xLabel: current.xLabel, yLabel: current.yLabel });
      const { box, x, y } = view;
      if (!categorical) { // a little room so points on the edge are not cut
        const padX = K.scale(xKind, xDomain, [box.left + 6, box.right - 6]);
        view.x = padX;
      }
      K.axes(f, box, view.x, y, { xLabel: current.xLabel, yLabel: current.yLabel });
      if (!points.length) K.noData(f, box);
      projected = new Float32Array(points.length * 2);
      ctx.save();
      ctx.beginPath(); ctx.rect(box.left, box.top - 4, box.width + 4, box.height + 8); ctx.clip();
      const many = points.length > 5000;
      const radius = many ? 1.2 : 3.2;
      ctx.globalAlpha = many ? 0.6 : 0.85;
      points.forEach((p, i) => {
        let cx = NaN, cy = NaN;
        const okX = categorical ? true : Number.isFinite(p.x) && (!options.logX || p.x > 0);
        if (okX && Number.isFinite(p.y) && (!options.logY || p.y > 0)) {
          cx = view.x.map(categorical ? String(p.x) : p.x);
          if (categorical) cx += (jitter(i) - 0.5) * view.x.step * 0.5;
          cy = y.map(p.y);
          ctx.fillStyle = colourOf(p.group);
          if (many) ctx.fillRect(cx - radius, cy - radius, radius * 2, radius * 2); // squares: far cheaper than arcs by the thousand
          else { ctx.beginPath(); ctx.arc(cx, cy, radius, 0, Math.PI * 2); ctx.fill(); }
        }
        projected[i * 2] = cx; projected[i * 2 + 1] = cy;
      });
      ctx.globalAlpha = 1;
      if (line.length && !categorical) {
        ctx.strokeStyle = t.fg; ctx.lineWidth = 1.6;
        ctx.beginPath();
        line.forEach(([lx, ly], k) => {
          const cx = view.x.map(lx), cy = y.map(ly);
          if (k === 0) ctx.moveTo(cx, cy);
          else {
            if (options.lineStep) ctx.lineTo(cx, y.map(line[k - 1][1]));
            ctx.lineTo(cx, cy);
          }
        });
        ctx.stroke();
        if (options.lineName) {
          ctx.fillStyle = t.fg; ctx.textAlign = 'right'; ctx.textBaseline = 'top';
          ctx.fillText(`— ${options.lineName}`, box.right - 4, box.top + 2);
        }
      }
      if (hover) {
        ctx.strokeStyle = t.fg; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.arc(hover.cx, hover.cy, radius + 3, 0, Math.PI * 2); ctx.stroke();
      }
      ctx.restore();
      shownPoints = points;
    };
    let shownPoints = [];
    // Deterministic spread within a category, so a redraw does not move points.
    const jitter = (i) => { const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453; return s - Math.floor(s); };

    const f = K.frame(container, 'scatter', options, draw);
    const makeLegend = () => {
      const seen = (current.points ?? []).map((p) => p.group).filter((g) => g !== undefined && g !== null);
      groups = [...new Set([...(options.groups ?? []), ...seen])];
      const kept = legend?.hidden;
      legend?.element.remove();
      legend = null;
      if (groups.length > 1) {
        legend = K.legend(f, groups.map((g) => ({ key: String(g), label: String(g), color: colourOf(g) })), () => { hover = null; f.hideTip(); f.schedule(); }, { hidden: kept });
      }
    };
    makeLegend();
    f.redraw();

    const nearest = (e) => {
      if (!projected) return null;
      const [mx, my] = f.at(e);
      let best = -1, bestD = 12 * 12;
      for (let i = 0; i < shownPoints.length; i++) {
        const d = (projected[i * 2] - mx) ** 2 + (projected[i * 2 + 1] - my) ** 2;
        if (d < bestD) { bestD = d; best = i; }
      }
      return best < 0 ? null : { i: best, p: shownPoints[best], cx: projected[best * 2], cy: projected[best * 2 + 1] };
    };
    f.listen(f.canvas, 'pointermove', (e) => {
      const h = nearest(e);
      const changed = h?.i !== hover?.i;
      hover = h;
      if (h) {
        const { p } = h;
        const head = p.label !== undefined ? `${p.label}\n` : '';
        const group = p.group !== undefined && p.group !== null && groups.length > 1 ? `\n${p.group}` : '';
        f.showTip(h.cx, h.cy, `${head}${current.xLabel ?? 'x'} ${K.format(p.x)}\n${current.yLabel ?? 'y'} ${K.format(p.y)}${group}`);
        f.canvas.style.cursor = options.onClick ? 'pointer' : '';
      } else { f.hideTip(); f.canvas.style.cursor = ''; }
      if (changed) f.schedule();
    });
    f.listen(f.canvas, 'pointerleave', () => { if (hover) { hover = null; f.schedule(); } });
    f.listen(f.canvas, 'click', (e) => { const h = nearest(e); if (h && options.onClick) options.onClick(h.p); });

    return {
      canvas: f.canvas,
      update(next) { current = next ?? {}; hover = null; makeLegend(); f.redraw(); },
      destroy() { f.destroy(); },
    };
  };
})();
