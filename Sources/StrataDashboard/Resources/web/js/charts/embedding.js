// The segments' embedding as a WebGL point cloud (up to millions of points): 2-D pan and zoom,
// 3-D orbit, a legend that toggles segments, and hover picking through a screen-space grid.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  S.charts ??= {};

  // GLSL ES 1.00 runs on WebGL2 and WebGL1 alike. The colour's alpha carries a layer instead of
  // opacity: 0 = hidden (moved outside the clip volume rather than discarded per fragment),
  // 1 = noise, 2 = a segment. In 2-D the layer is the depth, so noise lies under the segments
  // whatever the order of the points (segments among themselves keep the data's order, which
  // interleaves them fairly where they overlap).
  const vertexSource = `
    attribute vec3 a_pos;
    attribute vec4 a_color;
    uniform mat4 u_mvp;
    uniform float u_size;
    uniform float u_flat;
    varying vec3 v_color;
    void main() {
      v_color = a_color.rgb;
      gl_PointSize = u_size;
      vec4 p = u_mvp * vec4(a_pos, 1.0);
      if (u_flat > 0.5) p.z = 0.95 - 1.9 * a_color.a;
      gl_Position = a_color.a > 0.0 ? p : vec4(2.0, 2.0, 2.0, 1.0);
    }`;
  const fragmentSource = `
    precision mediump float;
    varying vec3 v_color;
    uniform float u_round;
    void main() {
      if (u_round > 0.5) {
        vec2 d = gl_PointCoord - vec2(0.5);
        if (dot(d, d) > 0.25) discard;
      }
      gl_FragColor = vec4(v_color, 1.0);
    }`;

  /**
   * `S.charts.embedding(container, {dims: 2|3, positions: Float32Array(n*dims),
   *   segments: Int32Array(n) (-1 = noise), rowIndex: Uint32Array(n)|null},
   *   {describe(i, {segment, rowIndex}) → string|Promise<string>, segmentName(label), height})`
   * → `{update(data), destroy(), canvas, firstFrame: Promise<ms>}`.
   * Buffers are uploaded once; toggling a segment rewrites only the colour buffer. The canvas
   * carries `data-points` (points drawn) and `data-draw-ms` (data to first finished frame).
   */
  S.charts.embedding = (container, data, options = {}) => {
    const K = S.chartKit;
    let started = performance.now();
    let gl = null, program = null, loc = null, posBuffer = null, colorBuffer = null, boxBuffer = null;
    let d = null;            // {n, dims, positions, segments, rowIndex, counts: Map(label → size), lo, hi}
    let colours = null;      // Uint8Array(n*4)
    let legend = null;
    let view = null;         // 2-D: {cx, cy, zoom}; 3-D: {yaw, pitch, dist, target}
    let mvp = null, firstFrame = true, grid = null, screenBuffer = null;
    const describeCache = new Map();

    const f = K.frame(container, 'embedding', { height: options.height ?? 480 }, (fr) => render(fr), { webgl: true });
    const canvas = f.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', 'Embedding scatter plot: drag to pan (2-D) or rotate (3-D, shift-drag pans), wheel to zoom, double-click to reset; arrow keys, + and - do the same');
    canvas.style.cursor = 'grab';
    canvas.style.outline = 'none';
    // A visible focus ring for keyboard users (the canvas takes arrow keys, + and -, 0).
    f.listen(canvas, 'focus', () => { canvas.style.outline = `2px solid ${S.chartTheme(f.wrap).fg}`; canvas.style.outlineOffset = '-2px'; });
    f.listen(canvas, 'blur', () => { canvas.style.outline = 'none'; });
    const ring = document.createElement('div');
    ring.style.cssText = 'position:absolute;pointer-events:none;display:none;width:10px;height:10px;margin:-6px 0 0 -6px;border-radius:50%;border:2px solid;';
    f.wrap.append(ring);
    const empty = document.createElement('div');
    empty.style.cssText = 'position:absolute;left:0;right:0;top:40%;text-align:center;pointer-events:none;display:none;font:13px system-ui,sans-serif;';
    f.wrap.append(empty);

    const setup = () => {
      // A transparent canvas: the page's own background (panel or page) shows between the points.
      const attrs = { antialias: false, preserveDrawingBuffer: true, alpha: true, premultipliedAlpha: true, depth: true, powerPreference: 'high-performance' };
      gl = canvas.getContext('webgl2', attrs) ?? canvas.getContext('webgl', attrs);
      if (!gl) return false;
      const compile = (type, source) => {
        const sh = gl.createShader(type);
        gl.shaderSource(sh, source); gl.compileShader(sh);
        if (!gl.getShaderParameter(sh, gl.COMPILE_STATUS)) throw new Error(`embedding shader: ${gl.getShaderInfoLog(sh)}`);
        return sh;
      };
      program = gl.createProgram();
      gl.attachShader(program, compile(gl.VERTEX_SHADER, vertexSource));
      gl.attachShader(program, compile(gl.FRAGMENT_SHADER, fragmentSource));
      // Positions on attribute 0: it is always an array, as WebGL1 implementations prefer.
      gl.bindAttribLocation(program, 0, 'a_pos');
      gl.bindAttribLocation(program, 1, 'a_color');
      gl.linkProgram(program);
      if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`embedding program: ${gl.getProgramInfoLog(program)}`);
      loc = {
        pos: gl.getAttribLocation(program, 'a_pos'), color: gl.getAttribLocation(program, 'a_color'),
        mvp: gl.getUniformLocation(program, 'u_mvp'), flat: gl.getUniformLocation(program, 'u_flat'), size: gl.getUniformLocation(program, 'u_size'), round: gl.getUniformLocation(program, 'u_round'),
      };
      posBuffer = gl.createBuffer(); colorBuffer = gl.createBuffer(); boxBuffer = gl.createBuffer();
      canvas.dataset.webgl = typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? '2' : '1';
      return true;
    };

    const segmentName = (label) => options.segmentName?.(label) ?? (label < 0 ? 'Noise' : `Segment ${label}`);

    // One pass over the labels: the distinct segments and their sizes.
    const countSegments = (segments) => {
      let max = -1;
      for (let i = 0; i < segments.length; i++) if (segments[i] > max) max = segments[i];
      if (max < 1 << 20) {
        const counts = new Float64Array(max + 2); // slot 0 = noise (any negative)
        for (let i = 0; i < segments.length; i++) { const s = segments[i]; counts[s < 0 ? 0 : s + 1]++; }
        const out = new Map();
        for (let k = 1; k < counts.length; k++) if (counts[k]) out.set(k - 1, counts[k]);
        if (counts[0]) out.set(-1, counts[0]);
        return out;
      }
      const out = new Map();
      for (let i = 0; i < segments.length; i++) { const s = segments[i] < 0 ? -1 : segments[i]; out.set(s, (out.get(s) ?? 0) + 1); }
      return new Map([...out].sort((a, b) => (a[0] < 0) - (b[0] < 0) || a[0] - b[0]));
    };

    const load = (next) => {
      const dims = next?.dims === 3 ? 3 : 2;
      const given = next?.positions;
      if (!given || typeof given.length !== 'number') throw new TypeError('Strata.charts.embedding: positions must be a Float32Array (n × dims values)');
      const positions = given instanceof Float32Array ? given : Float32Array.from(given);
      const n = Math.floor(positions.length / dims);
      if (positions.length !== n * dims) throw new RangeError(`Strata.charts.embedding: positions has ${positions.length} values, not a multiple of dims ${dims}`);
      const segments = next.segments ?? new Int32Array(n);
      if (segments.length !== n) throw new RangeError(`Strata.charts.embedding: ${segments.length} segment labels for ${n} points`);
      const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
      for (let k = 0; k < dims; k++) {
        let a = Infinity, b = -Infinity;
        for (let i = k; i < positions.length; i += dims) { const v = positions[i]; if (v < a) a = v; if (v > b) b = v; }
        lo[k] = a; hi[k] = b;
      }
      for (let k = 0; k < 3; k++) if (!(lo[k] <= hi[k])) { lo[k] = -1; hi[k] = 1; }
      d = { n, dims, positions, segments, rowIndex: next.rowIndex ?? null, counts: countSegments(segments), lo, hi };
      describeCache.clear();
      grid = null;
      resetView();
      gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, positions, gl.STATIC_DRAW);
      // The 12 edges of the bounding box, drawn in 3-D so a rotation keeps its bearings.
      const corner = (m) => [0, 1, 2].map((k) => (m >> k & 1 ? hi[k] : lo[k]));
      const edges = [];
      for (let m = 0; m < 8; m++) for (let k = 0; k < 3; k++) if (!(m >> k & 1)) edges.push(...corner(m), ...corner(m | 1 << k));
      gl.bindBuffer(gl.ARRAY_BUFFER, boxBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(edges), gl.STATIC_DRAW);
      colours = new Uint8Array(n * 4);
      fillColours(true);
      makeLegend();
    };

    const fillColours = (upload) => {
      const hidden = legend?.hidden ?? new Set();
      const table = new Map();
      for (const label of d.counts.keys()) {
        const [r, g, b] = S.rgb(S.palette(label));
        const layer = label < 0 ? 1 : 2;
        // One 32-bit word per point, bytes in memory order r, g, b, layer (little-endian, as
        // every browser's typed arrays are in practice).
        table.set(label, (r | g << 8 | b << 16 | (hidden.has(String(label)) ? 0 : layer) << 24) >>> 0);
      }
      const { segments, n } = d;
      const words = new Uint32Array(colours.buffer, colours.byteOffset, n);
      let lastLabel = NaN, c = 0;
      for (let i = 0; i < n; i++) {
        const s = segments[i] < 0 ? -1 : segments[i];
        if (s !== lastLabel) { c = table.get(s); lastLabel = s; }
        words[i] = c;
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
      if (upload) gl.bufferData(gl.ARRAY_BUFFER, colours, gl.DYNAMIC_DRAW);
      else gl.bufferSubData(gl.ARRAY_BUFFER, 0, colours);
    };

    // data-points says how many points are drawn; set as soon as the legend changes.
    const countShown = () => {
      let shown = 0;
      for (const [label, count] of d.counts) if (!legend?.hidden.has(String(label))) shown += count;
      canvas.dataset.points = String(shown);
      empty.style.display = shown ? 'none' : 'block';
      empty.textContent = d.n ? 'Every segment is hidden: choose one in the legend.' : 'No points to show.';
    };

    const makeLegend = () => {
      const kept = legend?.hidden;
      legend?.element.remove();
      const entries = [...d.counts].map(([label, size]) => ({ key: String(label), label: segmentName(label), color: S.palette(label), note: K.format(size) }));
      legend = K.legend(f, entries, () => { fillColours(false); grid = null; hideHover(); countShown(); f.schedule(); }, { hidden: kept });
    };

    const resetView = () => {
      const c = [0, 1, 2].map((k) => (d.lo[k] + d.hi[k]) / 2);
      if (d.dims === 2) view = { cx: c[0], cy: c[1], zoom: 1 };
      else view = { yaw: 0.6, pitch: 0.35, dist: 2.4, target: [0, 0, 0] };
    };

    // Pixels per data unit in 2-D (equal on both axes, so the embedding's shape is kept).
    const pixelsPerUnit = () => {
      const rx = d.hi[0] - d.lo[0] || 1, ry = d.hi[1] - d.lo[1] || 1;
      return view.zoom * 0.92 * Math.min(f.width / rx, f.height / ry);
    };

    const computeMatrix = () => {
      const W = f.width, H = f.height;
      if (d.dims === 2) {
        const ppu = pixelsPerUnit(), sx = ppu * 2 / W, sy = ppu * 2 / H;
        return new Float32Array([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, -view.cx * sx, -view.cy * sy, 0, 1]);
      }
      // Model: the data's bounding box centred and scaled into a unit cube.
      const size = Math.max(d.hi[0] - d.lo[0], d.hi[1] - d.lo[1], d.hi[2] - d.lo[2]) || 1, s = 1 / size;
      const c = [0, 1, 2].map((k) => (d.lo[k] + d.hi[k]) / 2);
      const model = new Float32Array([s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, -c[0] * s, -c[1] * s, -c[2] * s, 1]);
      const { yaw, pitch, dist, target } = view;
      const eye = [target[0] + dist * Math.cos(pitch) * Math.sin(yaw), target[1] + dist * Math.sin(pitch), target[2] + dist * Math.cos(pitch) * Math.cos(yaw)];
      const { multiply, perspective, lookAt } = K.mat4;
      const cam = lookAt(eye, target, [0, 1, 0]);
      return multiply(perspective(Math.PI / 4, W / H, 0.01, 100), multiply(cam, model));
    };

    function render(fr) {
      if (!gl || !d || gl.isContextLost()) return;
      const t = fr.theme;
      gl.viewport(0, 0, canvas.width, canvas.height);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
      gl.enable(gl.DEPTH_TEST);
      gl.depthFunc(gl.LEQUAL);
      gl.useProgram(program);
      mvp = computeMatrix();
      gl.uniformMatrix4fv(loc.mvp, false, mvp);
      gl.uniform1f(loc.flat, d.dims === 2 ? 1 : 0);
      const base = d.n > 300000 ? 1.5 : d.n > 60000 ? 2 : d.n > 8000 ? 3 : 4.5;
      const grow = d.dims === 2 ? Math.min(4, Math.sqrt(view.zoom)) : Math.min(3, Math.max(1, 2.4 / view.dist));
      const size = Math.max(1, base * grow * fr.dpr);
      gl.uniform1f(loc.size, size);
      gl.uniform1f(loc.round, size >= 5 ? 1 : 0); // small points stay square: a discard per fragment costs more than it shows
      gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
      gl.enableVertexAttribArray(loc.pos);
      gl.vertexAttribPointer(loc.pos, d.dims, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
      gl.enableVertexAttribArray(loc.color);
      gl.vertexAttribPointer(loc.color, 4, gl.UNSIGNED_BYTE, true, 0, 0);
      gl.drawArrays(gl.POINTS, 0, d.n);
      if (d.dims === 3) {
        const [gr, gg, gb] = S.cssRgb(t.muted);
        gl.disableVertexAttribArray(loc.color);
        gl.vertexAttrib4f(loc.color, gr / 255, gg / 255, gb / 255, 1);
        gl.bindBuffer(gl.ARRAY_BUFFER, boxBuffer);
        gl.vertexAttribPointer(loc.pos, 3, gl.FLOAT, false, 0, 0);
        gl.drawArrays(gl.LINES, 0, 24);
      }
      countShown();
      empty.style.color = t.muted;
      if (firstFrame) { firstFrame = false; timeFirstFrame(); }
      grid = null;
    }

    // The time from data to a frame the GPU has finished: a WebGL2 fence polled without
    // blocking (a pixel read-back would stall the pipeline), else the next animation frame.
    let frameDone = null;
    let firstFramePromise = new Promise((resolve) => { frameDone = resolve; });
    const timeFirstFrame = () => {
      delete canvas.dataset.drawMs;
      const begun = started, resolve = frameDone;
      const done = () => {
        if (begun !== started) return;
        const ms = Math.round(performance.now() - started);
        canvas.dataset.drawMs = String(ms);
        resolve(ms);
      };
      const isGL2 = typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext;
      if (!isGL2) { requestAnimationFrame(done); return; }
      const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      gl.flush();
      const poll = () => {
        if (gl.isContextLost()) return;
        if (gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED) { gl.deleteSync(sync); done(); } else setTimeout(poll, 1);
      };
      poll();
    };

    // ---- picking (pointgrid.js), rebuilt lazily after the view or the visible segments change --
    const pick = (mx, my) => {
      if (!grid) {
        const hide = new Set([...legend.hidden].map(Number));
        const { segments } = d;
        grid = K.pointGrid({
          positions: d.positions, dims: d.dims, n: d.n, matrix: mvp, width: f.width, height: f.height, reuse: screenBuffer,
          include: hide.size ? (i) => !hide.has(segments[i] < 0 ? -1 : segments[i]) : () => true,
          // Depth as drawn: the layer in 2-D (see the vertex shader), the projected depth in 3-D.
          depth: d.dims === 2 ? (i) => 0.95 - 1.9 * colours[i * 4 + 3] / 255 : (i, z) => z,
        });
        screenBuffer = grid.screen;
      }
      return grid.nearest(mx, my);
    };

    let hoverToken = 0, hovered = -1;
    const hideHover = () => { hovered = -1; hoverToken++; ring.style.display = 'none'; f.hideTip(); };
    const hover = (mx, my) => {
      const i = pick(mx, my);
      if (i < 0) { hideHover(); return; }
      if (i === hovered) return;
      hovered = i;
      const token = ++hoverToken;
      const sx = grid.screen[i * 3], sy = grid.screen[i * 3 + 1];
      const label = d.segments[i] < 0 ? -1 : d.segments[i];
      ring.style.display = 'block'; ring.style.left = `${sx}px`; ring.style.top = `${sy}px`;
      ring.style.borderColor = f.theme?.fg ?? '#000';
      const fallback = `${segmentName(label)}\npoint ${d.rowIndex ? d.rowIndex[i] : i}`;
      const show = (text) => { if (token === hoverToken) f.showTip(sx, sy, String(text)); };
      if (!options.describe) { show(fallback); return; }
      if (describeCache.has(i)) { show(describeCache.get(i)); return; }
      let result;
      try { result = options.describe(i, { segment: label, rowIndex: d.rowIndex ? d.rowIndex[i] : null }); } catch { show(fallback); return; }
      if (result && typeof result.then === 'function') {
        show(`${segmentName(label)}\n…`);
        result.then((text) => { remember(i, text); show(text); }, () => show(fallback));
      } else { remember(i, result); show(result ?? fallback); }
    };
    const remember = (i, text) => {
      if (describeCache.size > 2000) describeCache.delete(describeCache.keys().next().value);
      describeCache.set(i, text);
    };

    // ---- interaction -------------------------------------------------------------------------
    let drag = null, moveFrame = 0, lastMove = null;
    f.listen(canvas, 'pointerdown', (e) => {
      if (e.button !== 0) return;
      canvas.setPointerCapture?.(e.pointerId);
      drag = { x: e.clientX, y: e.clientY, pan: d?.dims === 2 || e.shiftKey };
      canvas.style.cursor = 'grabbing';
      hideHover();
    });
    const endDrag = (e) => {
      if (!drag) return;
      drag = null;
      canvas.style.cursor = 'grab';
      canvas.releasePointerCapture?.(e.pointerId);
    };
    f.listen(canvas, 'pointerup', endDrag);
    f.listen(canvas, 'pointercancel', endDrag);
    f.listen(canvas, 'pointermove', (e) => {
      if (!d) return;
      if (drag) {
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        drag.x = e.clientX; drag.y = e.clientY;
        move(dx, dy, drag.pan);
        return;
      }
      lastMove = f.at(e);
      if (!moveFrame) moveFrame = requestAnimationFrame(() => { moveFrame = 0; if (lastMove && !drag) hover(...lastMove); });
    });
    f.listen(canvas, 'pointerleave', () => { lastMove = null; hideHover(); });
    f.listen(canvas, 'wheel', (e) => {
      if (!d) return;
      e.preventDefault();
      const factor = Math.exp(-Math.max(-300, Math.min(300, e.deltaY * (e.deltaMode === 1 ? 33 : 1))) * 0.0015);
      zoomAt(f.at(e), factor);
    }, { passive: false });
    f.listen(canvas, 'dblclick', () => { if (d) { resetView(); hideHover(); f.schedule(); } });
    f.listen(canvas, 'keydown', (e) => {
      if (!d) return;
      const step = 24, keys = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (keys[e.key]) { move(...keys[e.key], d.dims === 2 || e.shiftKey); e.preventDefault(); }
      else if (e.key === '+' || e.key === '=') { zoomAt([f.width / 2, f.height / 2], 1.25); e.preventDefault(); }
      else if (e.key === '-') { zoomAt([f.width / 2, f.height / 2], 0.8); e.preventDefault(); }
      else if (e.key === '0') { resetView(); f.schedule(); e.preventDefault(); }
    });

    // Drag by (dx, dy) pixels: pan (2-D, or shift in 3-D) or orbit (3-D).
    const move = (dx, dy, pan) => {
      if (d.dims === 2) {
        const ppu = pixelsPerUnit();
        view.cx -= dx / ppu; view.cy += dy / ppu;
      } else if (pan) {
        const { yaw, pitch } = view;
        const right = [Math.cos(yaw), 0, -Math.sin(yaw)];
        const up = [-Math.sin(pitch) * Math.sin(yaw), Math.cos(pitch), -Math.sin(pitch) * Math.cos(yaw)];
        const k = view.dist * 0.83 / f.height; // world units per pixel at the target's depth (fov 45°)
        for (let a = 0; a < 3; a++) view.target[a] += (-dx * right[a] + dy * up[a]) * k;
      } else {
        view.yaw -= dx * 0.01;
        view.pitch = Math.max(-1.55, Math.min(1.55, view.pitch + dy * 0.01));
      }
      f.schedule();
    };
    const zoomAt = ([mx, my], factor) => {
      if (d.dims === 2) {
        const before = pixelsPerUnit();
        const ax = view.cx + (mx - f.width / 2) / before, ay = view.cy - (my - f.height / 2) / before;
        view.zoom = Math.max(0.2, Math.min(5000, view.zoom * factor));
        const after = pixelsPerUnit();
        view.cx = ax - (mx - f.width / 2) / after; view.cy = ay + (my - f.height / 2) / after;
      } else {
        view.dist = Math.max(0.05, Math.min(20, view.dist / factor));
      }
      hideHover();
      f.schedule();
    };

    const onLost = (e) => { e.preventDefault(); };
    const onRestored = () => { if (setup() && d) { load({ ...d }); f.schedule(); } };
    f.listen(canvas, 'webglcontextlost', onLost);
    f.listen(canvas, 'webglcontextrestored', onRestored);

    // Give the GPU memory and the context back at once rather than at garbage collection.
    f.onDestroy(() => {
      if (moveFrame) cancelAnimationFrame(moveFrame);
      if (gl && !gl.isContextLost()) {
        for (const b of [posBuffer, colorBuffer, boxBuffer]) gl.deleteBuffer(b);
        gl.deleteProgram(program);
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      }
      d = null; colours = null; grid = null; screenBuffer = null;
    });

    if (!setup()) {
      const note = document.createElement('p');
      note.textContent = 'This browser cannot draw the embedding: WebGL is not available.';
      f.wrap.append(note);
    } else {
      try { load(data); } catch (error) { f.destroy(); throw error; } // no half-made chart left on the page
      f.redraw();
    }

    return {
      canvas,
      /** Resolves with the milliseconds from data to the first finished frame. */
      get firstFrame() { return firstFramePromise; },
      update(next) {
        if (!gl) return;
        started = performance.now(); firstFrame = true;
        firstFramePromise = new Promise((resolve) => { frameDone = resolve; });
        hideHover(); load(next); f.redraw();
      },
      destroy() { f.destroy(); },
    };
  };
})();
