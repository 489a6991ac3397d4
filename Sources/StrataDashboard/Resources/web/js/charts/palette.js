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

  // "rgb(r, g, b)" or "rgba(r, g, b, a)" → [r, g, b], else null.
  const parseRgb = (colour) => {
    const m = /rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(colour);
    return m ? [m[1], m[2], m[3]].map((v) => Math.round(Number(v))) : null;
  };

  /** Relative luminance (0 dark … 1 light) of a CSS colour, to pick readable text. */
  S.luminance = (colour) => {
    const [r, g, b] = S.cssRgb(colour);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };

  /**
   * The colours to draw with, read from the CSS variables `--fg --muted --grid --bg` (and
   * `--chart-font`) as they apply to `element` (or the document), each time, so that a theme
   * switch shows at the next draw: `{fg, muted, grid, bg, dark, font}`. The browser resolves
   * the values (any colour syntax, `light-dark()` included); missing ones fall back to a light
   * or dark set after the page's background, else the system setting. (Named apart from
   * core.js's S.theme(), which tells the theme the user chose.)
   */
  S.chartTheme = (element) => {
    let el = element instanceof Element && element.isConnected ? element : document.documentElement;
    if (el instanceof HTMLCanvasElement) el = el.parentElement ?? document.documentElement; // no children in a canvas
    const probe = document.createElement('span');
    probe.style.display = 'none';
    el.append(probe);
    const resolve = (name, fallback) => {
      probe.style.color = fallback;
      probe.style.color = `var(${name}, ${fallback})`;
      return getComputedStyle(probe).color;
    };
    const hasBg = getComputedStyle(el).getPropertyValue('--bg').trim() !== '';
    const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    const bg = resolve('--bg', prefersDark ? '#16181c' : '#ffffff');
    const dark = hasBg ? S.luminance(bg) < 0.5 : prefersDark;
    const theme = {
      fg: resolve('--fg', dark ? '#e8e8e8' : '#1f2328'),
      muted: resolve('--muted', dark ? '#a0a4ab' : '#656d76'),
      grid: resolve('--grid', dark ? '#33373d' : '#e6e8eb'),
      bg,
      dark,
      font: getComputedStyle(el).getPropertyValue('--chart-font').trim() || '12px system-ui, -apple-system, "Segoe UI", sans-serif',
    };
    probe.remove();
    return theme;
  };

  /** Any CSS colour → [r, g, b] in 0…255 (for WebGL clear colours). */
  S.cssRgb = (css) => parseRgb(css) ?? (/^#[0-9a-f]{6}$/i.test(css) ? S.rgb(css) : parseRgb(paint(css)));

  // Any other CSS colour → "rgb(r, g, b)" through the browser's own parser (a 1×1 canvas).
  let canvas = null;
  const paint = (css) => {
    canvas ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = '#000';
    canvas.fillStyle = css;
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
    return `rgb(${r},${g},${b})`;
  };
})();
