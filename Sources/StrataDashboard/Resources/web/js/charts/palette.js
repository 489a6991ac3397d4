// Colours for every chart: a categorical palette safe for colour-blind viewers, a neutral grey
// for noise, diverging and sequential scales, and the theme read from CSS variables at draw time.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};

  // Okabe & Ito (2008) without black (it vanishes on a dark background), then Paul Tol's
  // "muted" and "bright" sets without their greys: distinguishable under the common forms of
  // colour blindness, in this order, for the first segments.
  const categorical = [
    '#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442',
    '#332288', '#DDCC77', '#117733', '#CC6677', '#88CCEE', '#882255', '#44AA99', '#999933', '#AA4499',
    '#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377',
  ];
  const noise = '#9E9E9E';

  /** Colour of category `i` (0, 1, …); -1 (or any negative) is noise, drawn neutral grey. */
  S.palette = (i) => {
    const n = Number(i);
    if (!Number.isFinite(n) || n < 0) return noise;
    return categorical[Math.floor(n) % categorical.length];
  };
  S.paletteSize = categorical.length;
  S.paletteNoise = noise;

  const hexCache = new Map();
  /** `#rrggbb` → [r, g, b] in 0…255. */
  S.rgb = (hex) => {
    let v = hexCache.get(hex);
    if (!v) {
      const h = hex.replace('#', '');
      v = [0, 2, 4].map((k) => parseInt(h.slice(k, k + 2), 16));
      hexCache.set(hex, v);
    }
    return v;
  };

  const mix = (stops, t) => {
    const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x));
    const f = x - k;
    const a = S.rgb(stops[k]), b = S.rgb(stops[k + 1]);
    return `rgb(${Math.round(a[0] + (b[0] - a[0]) * f)},${Math.round(a[1] + (b[1] - a[1]) * f)},${Math.round(a[2] + (b[2] - a[2]) * f)})`;
  };

  // Paul Tol's diverging "BuRd": blue below the centre, red above, near-white at it.
  const diverging = ['#2166AC', '#4393C3', '#92C5DE', '#D1E5F0', '#F7F7F7', '#FDDBC7', '#F4A582', '#D6604D', '#B2182B'];
  /** Diverging colour for t in [-1, 1] (0 = the centre). */
  S.diverging = (t) => mix(diverging, (Math.max(-1, Math.min(1, t)) + 1) / 2);

  // A perceptually ordered sequential scale readable by colour-blind viewers (viridis-like anchors).
  const sequential = ['#440154', '#3B528B', '#21918C', '#5EC962', '#FDE725'];
  /**
   * Sequential colour for t in [0, 1]. Pass the theme to keep off the end that would vanish
   * into its background (dark violet on dark, yellow on light).
   */
  S.sequential = (t, theme) => {
    const u = Math.min(1, Math.max(0, t));
    if (!theme) return mix(sequential, u);
    return mix(sequential, theme.dark ? 0.22 + 0.78 * u : 0.88 * u);
  };

  /** Relative luminance (0 dark … 1 light) of an `rgb(...)` or `#rrggbb` colour, to pick readable text. */
  S.luminance = (colour) => {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
    const [r, g, b] = m ? [m[1], m[2], m[3]].map(Number) : S.rgb(colour);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };

  /**
   * The colours to draw with, read from CSS variables on `element` (or the document) each time
   * so that a theme switch shows at the next draw: `{fg, muted, grid, bg, dark, font}`.
   */
  S.theme = (element) => {
    const el = element instanceof Element ? element : document.documentElement;
    const style = getComputedStyle(el);
    const read = (name) => style.getPropertyValue(name).trim();
    const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    let bg = read('--bg');
    const dark = bg ? S.luminance(toRgb(bg)) < 0.5 : prefersDark;
    bg ||= dark ? '#16181c' : '#ffffff';
    return {
      fg: read('--fg') || (dark ? '#e8e8e8' : '#1f2328'),
      muted: read('--muted') || (dark ? '#a0a4ab' : '#656d76'),
      grid: read('--grid') || (dark ? '#33373d' : '#e6e8eb'),
      bg,
      dark,
      font: read('--chart-font') || '12px system-ui, -apple-system, "Segoe UI", sans-serif',
    };
  };

  /** Any CSS colour → [r, g, b] in 0…255 (for WebGL clear colours). */
  S.cssRgb = (css) => {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)/.exec(toRgb(css));
    return m ? [m[1], m[2], m[3]].map(Number) : S.rgb(css);
  };

  // Any CSS colour → "rgb(r, g, b)" through the browser's own parser (a 1×1 canvas).
  let probe = null;
  const toRgb = (css) => {
    if (/^#[0-9a-f]{6}$/i.test(css) || /^rgb/.test(css)) return css;
    probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = '#000';
    probe.fillStyle = css;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return `rgb(${r},${g},${b})`;
  };
})();
