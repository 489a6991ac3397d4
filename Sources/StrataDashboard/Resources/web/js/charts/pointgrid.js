// Finding the point under the pointer among a million: the points are projected to the screen
// with the drawing's matrix and bucketed in small square cells (a counting sort), so a query
// looks at a few cells only. Also the 4×4 matrix helpers the embedding draws with.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  const K = S.chartKit ??= {};

  const CELL = 6; // pixels

  /**
   * Projects `n` points (`positions`, `dims` 2 or 3 values each) with the column-major 4×4
   * `matrix` to a `width`×`height` screen and buckets them. `include(i)` leaves points out;
   * `depth(i, z)` gives the depth to prefer (smaller = in front), from the projected z.
   * Returns `{screen: Float32Array(n*3) (x, y, depth), nearest(x, y, radius) → index | -1}`.
   * O(n) to build, memory 20 bytes per point; a query costs the points in the cells it covers.
   */
  K.pointGrid = ({ positions, dims, n, matrix: m, width: W, height: H, include, depth, reuse }) => {
    const gw = Math.ceil(W / CELL), gh = Math.ceil(H / CELL);
    const screen = reuse?.length === n * 3 ? reuse : new Float32Array(n * 3);
    const cellOf = new Int32Array(n);
    const starts = new Uint32Array(gw * gh + 1);
    for (let i = 0; i < n; i++) {
      cellOf[i] = -1;
      if (!include(i)) continue;
      const x = positions[i * dims], y = positions[i * dims + 1], z = dims === 3 ? positions[i * dims + 2] : 0;
      const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
      if (cw <= 0) continue; // behind the camera
      const sx = ((m[0] * x + m[4] * y + m[8] * z + m[12]) / cw + 1) * W / 2;
      const sy = (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * H / 2;
      if (!(sx >= 0 && sy >= 0 && sx < W && sy < H)) continue;
      screen[i * 3] = sx; screen[i * 3 + 1] = sy;
      screen[i * 3 + 2] = depth(i, (m[2] * x + m[6] * y + m[10] * z + m[14]) / cw);
      const cell = Math.floor(sy / CELL) * gw + Math.floor(sx / CELL);
      cellOf[i] = cell;
      starts[cell + 1]++;
    }
    for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
    const fill = starts.slice(0, gw * gh);
    const order = new Uint32Array(starts[gw * gh]);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i;

    const nearest = (mx, my, r = 8) => {
      const cx0 = Math.max(0, Math.floor((mx - r) / CELL)), cx1 = Math.min(gw - 1, Math.floor((mx + r) / CELL));
      const cy0 = Math.max(0, Math.floor((my - r) / CELL)), cy1 = Math.min(gh - 1, Math.floor((my + r) / CELL));
      let best = -1, bestD = r * r, bestZ = Infinity;
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) {
        const cell = cy * gw + cx;
        for (let k = starts[cell]; k < starts[cell + 1]; k++) {
          const i = order[k];
          const dd = (screen[i * 3] - mx) ** 2 + (screen[i * 3 + 1] - my) ** 2;
          // The nearest to the pointer; among those under it (within 2 px) the one in front.
          if (dd < bestD - 4 || (dd <= Math.max(4, bestD) && screen[i * 3 + 2] < bestZ)) { best = i; bestD = dd; bestZ = screen[i * 3 + 2]; }
        }
      }
      return best;
    };
    return { screen, nearest };
  };

  // ---- 4×4 matrices, column-major as WebGL wants them ----------------------------------------
  const sub = (a, b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const normalize = (v) => { const l = Math.hypot(...v) || 1; return [v[0] / l, v[1] / l, v[2] / l]; };
  const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  K.mat4 = {
    multiply(a, b) {
      const o = new Float32Array(16);
      for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
        o[c * 4 + r] = a[r] * b[c * 4] + a[4 + r] * b[c * 4 + 1] + a[8 + r] * b[c * 4 + 2] + a[12 + r] * b[c * 4 + 3];
      }
      return o;
    },
    perspective(fovy, aspect, near, far) {
      const f = 1 / Math.tan(fovy / 2), nf = 1 / (near - far);
      return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0]);
    },
    lookAt(eye, target, up) {
      const z = normalize(sub(eye, target)), x = normalize(cross(up, z)), y = cross(z, x);
      return new Float32Array([x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0, -dot(x, eye), -dot(y, eye), -dot(z, eye), 1]);
    },
  };
})();
