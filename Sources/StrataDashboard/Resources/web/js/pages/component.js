// Component page (#/components/<C>): status, parameters, inputs and outputs (CSV previews,
// images inline, downloads), metric series as line charts, and a job's log tail, kept live.
// Also defines S.detail, the views the trial page shares with this one.
(() => {
  const S = globalThis.Strata ??= {};
  const D = S.detail ??= {};
  const enc = encodeURIComponent;

  const PREVIEW_BYTES = 64 * 1024;
  const PREVIEW_ROWS = 20;
  const LOG_TAIL_BYTES = 64 * 1024;
  const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/gif', 'image/webp']);

  // ---------- small views ----------

  // Layout the shell's style sheet does not cover (the log box, the chart grid, previews).
  const STYLE = {
    log: { maxHeight: '28rem', overflow: 'auto', background: 'var(--bg-alt)', border: '1px solid var(--border)',
      borderRadius: '6px', padding: '.6rem .8rem', margin: '.4rem 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
    grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(26rem, 1fr))', gap: '1rem' },
    figure: { margin: '0' },
    preview: { maxHeight: '24rem', margin: '.4rem 0 1rem' },
    image: { maxWidth: '100%', maxHeight: '32rem', border: '1px solid var(--border)', borderRadius: '6px', background: '#fff' },
    text: { maxHeight: '16rem', overflow: 'auto', background: 'var(--bg-alt)', padding: '.5rem', borderRadius: '6px' },
  };
  D.style = STYLE;

  D.section = (title, ...children) => S.el('section', { class: 'detail' }, S.el('h2', {}, title), ...children);

  D.note = (text) => S.el('p', { class: 'notice' }, text);

  D.error = (error) => S.errorBox(error);

  D.value = (value) => (typeof value === 'number' ? S.fmt(value) : String(value ?? ''));

  D.date = (text) => S.fmtDate(text);

  D.duration = (seconds) => {
    if (seconds == null || !isFinite(seconds)) return '';
    if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  };

  D.bytes = (n) => {
    if (n == null) return '';
    if (n < 1024) return `${n} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = n / 1024, unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
  };

  D.status = (status) => {
    const primary = status?.primary ?? status ?? 'Unknown';
    const message = status?.message;
    return S.el('span', { class: `pill status-${primary}`, title: message ?? '', dataset: { status: primary } },
      message ? `${primary}: ${message}` : String(primary));
  };

  /// A two-column table of name → value rows (parameters, metadata).
  D.pairs = (rows, headers = ['Name', 'Value']) => {
    if (!rows.length) return D.note('None recorded.');
    return D.table(headers, rows.map((cells) => S.el('tr', {},
      S.el('th', { scope: 'row' }, cells[0]), ...cells.slice(1).map(D.cell))));
  };

  /// A table cell for a recorded value: long texts are cut with an ellipsis, whole in the tooltip.
  D.cell = (value) => {
    if (value instanceof Node) return S.el('td', {}, value);
    const text = D.value(value);
    return S.el('td', { title: text.length > 60 ? text : null, class: typeof value === 'number' ? 'mono' : null,
      style: { maxWidth: '40rem', overflow: 'hidden', textOverflow: 'ellipsis' } }, text);
  };

  /// A scrollable data table with the given column headers (numeric columns named in `numeric`).
  D.table = (headers, rows, { className = '', numeric = [] } = {}) => S.el('div', { class: 'table-wrap' },
    S.el('table', { class: `data ${className}`.trim() },
      S.el('thead', {}, S.el('tr', {}, ...headers.map((h) => S.el('th', { scope: 'col', class: numeric.includes(h) ? 'num' : null }, h)))),
      S.el('tbody', {}, ...rows)));

  D.parameters = (parameters) => D.pairs(Object.keys(parameters ?? {}).sort().map((k) => [k, parameters[k]]));

  /// A row that opens `hash` on click, Enter or Space (tables usable by keyboard).
  D.linkRow = (hash, ...cells) => {
    const row = S.el('tr', { tabindex: '0' }, ...cells);
    const open = () => { location.hash = hash; };
    row.addEventListener('click', (event) => { if (!event.target.closest('a,button')) open(); });
    row.addEventListener('keydown', (event) => {
      if ((event.key === 'Enter' || event.key === ' ') && event.target === row) { event.preventDefault(); open(); }
    });
    return row;
  };

  /// Runs `tick` every `ms` until `root` leaves the document (the page was left), then `stop`s.
  D.every = (root, ms, tick, stop) => {
    let timer = null;
    const run = async () => {
      if (!root.isConnected) { stop?.(); return; }
      try { await tick(); } catch (error) { /* the next tick retries */ }
      if (root.isConnected) timer = setTimeout(run, ms); else stop?.();
    };
    timer = setTimeout(run, ms);
    return () => { clearTimeout(timer); };
  };

  // ---------- artifacts ----------

  /// Where the server keeps an artifact's file: values recorded as `<component>/<file>` are
  /// served by the native API; other values (absolute paths, s3:// URIs) are only shown.
  D.artifactRef = (artifact) => {
    const match = /^([^/:]+)\/([^/]+)$/.exec(artifact?.value ?? '');
    return match && !match[2].startsWith('.') ? { component: match[1], name: match[2] } : null;
  };

  D.artifactPath = (ref) => `/api/v1/components/${enc(ref.component)}/artifacts/${enc(ref.name)}`;

  D.mediaType = (artifact, ref) => {
    const declared = (artifact.mediaType ?? '').split(';')[0].trim().toLowerCase();
    if (declared) return declared;
    const extension = (ref?.name ?? artifact.value ?? '').split('.').pop().toLowerCase();
    return { csv: 'text/csv', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml',
      json: 'application/json', txt: 'text/plain', log: 'text/plain' }[extension] ?? '';
  };

  /// The artifact as a Blob of its media type (the token cannot travel in an <img src> or <a href>).
  D.artifactBlob = async (ref, type) => {
    const response = await S.api(D.artifactPath(ref), { raw: true });
    const bytes = await response.arrayBuffer();
    return new Blob([bytes], { type: type || 'application/octet-stream' });
  };

  D.download = async (ref, type) => {
    const url = URL.createObjectURL(await D.artifactBlob(ref, type));
    const anchor = S.el('a', { href: url, download: ref.name, hidden: '' });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  /// The first `maxBytes` of an artifact as text, reading the stream no further; `complete`
  /// says whether the whole file was read.
  D.readStart = async (ref, maxBytes = PREVIEW_BYTES) => {
    const response = await S.api(D.artifactPath(ref), { raw: true });
    const decoder = new TextDecoder();
    let text = '', read = 0, complete = true;
    if (!response.body) return { text: (await response.text()).slice(0, maxBytes), complete: true };
    const reader = response.body.getReader();
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      const room = maxBytes - read;
      const chunk = value.length > room ? value.subarray(0, room) : value;
      text += decoder.decode(chunk, { stream: true });
      read += chunk.length;
      if (read >= maxBytes) { complete = false; await reader.cancel().catch(() => {}); break; }
    }
    return { text: text + decoder.decode(), complete };
  };

  /// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF.
  /// When the text is only the start of a file (`complete` false) the last, possibly cut, row
  /// is dropped.
  D.parseCSV = (text, complete = true, maxRows = Infinity) => {
    const rows = [];
    let row = [], field = '', quoted = false, i = 0, fieldStarted = false;
    const endRow = () => { row.push(field); rows.push(row); row = []; field = ''; fieldStarted = false; };
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    for (; i < text.length && rows.length < maxRows; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
        } else field += c;
      } else if (c === '"' && !fieldStarted) { quoted = true; fieldStarted = true; }
      else if (c === ',') { row.push(field); field = ''; fieldStarted = false; }
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        endRow();
      } else { field += c; fieldStarted = true; }
    }
    const cut = rows.length >= maxRows;
    if (!cut && (fieldStarted || row.length)) {
      if (complete && !quoted) endRow();
    }
    return { rows, truncated: cut || !complete };
  };

  D.csvTable = (parsed, maxRows = PREVIEW_ROWS) => {
    const [header = [], ...body] = parsed.rows;
    const shown = body.slice(0, maxRows);
    const table = D.table(header, shown.map((cells) => S.el('tr', {}, ...cells.map((cell) => S.el('td', {}, cell)))),
      { className: 'csv-preview' });
    table.style.maxHeight = STYLE.preview.maxHeight;
    table.style.width = 'fit-content';
    table.style.maxWidth = '100%';
    const more = parsed.truncated || body.length > shown.length;
    return S.el('div', { class: 'csv', style: { margin: STYLE.preview.margin } }, table,
      S.el('p', { class: 'muted' }, `First ${shown.length} row${shown.length === 1 ? '' : 's'}${more ? ' (the file has more)' : ''}.`));
  };

  D.artifactPreview = async (ref, type, holder, cleanups) => {
    try {
      if (type === 'text/csv') {
        const { text, complete } = await D.readStart(ref);
        holder.replaceChildren(D.csvTable(D.parseCSV(text, complete, PREVIEW_ROWS + 1)));
      } else if (IMAGE_TYPES.has(type)) {
        const url = URL.createObjectURL(await D.artifactBlob(ref, type));
        cleanups.push(() => URL.revokeObjectURL(url));
        holder.replaceChildren(S.el('img', { src: url, alt: ref.name, class: 'artifact-image', style: STYLE.image }));
      } else if (type.startsWith('text/') || type === 'application/json') {
        const { text, complete } = await D.readStart(ref, 8 * 1024);
        holder.replaceChildren(S.el('pre', { class: 'artifact-text', style: STYLE.text }, text + (complete ? '' : '\n…')));
      }
    } catch (error) {
      holder.replaceChildren(D.error(error));
    }
  };

  /// Inputs and outputs of `component` with downloads and, when `previews`, a preview of each
  /// CSV, image or text file. `cleanups` collects what to release when the page is left.
  D.artifacts = (component, { previews = true, cleanups = [] } = {}) => {
    const entries = [];
    for (const [direction, map] of [['input', component.inputs], ['output', component.outputs]]) {
      for (const name of Object.keys(map ?? {}).sort()) entries.push({ direction, name, artifact: map[name] });
    }
    if (!entries.length) return D.note('No inputs or outputs recorded.');
    const list = S.el('div', { class: 'artifacts' });
    for (const { direction, name, artifact } of entries) {
      const ref = D.artifactRef(artifact);
      const type = D.mediaType(artifact, ref);
      const preview = S.el('div', { class: 'artifact-preview' });
      const download = ref
        ? S.el('button', { type: 'button', class: 'download', onclick: (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          D.download(ref, type).catch((error) => preview.prepend(D.error(error))).finally(() => { button.disabled = false; });
        } }, 'Download')
        : null;
      list.append(S.el('article', { class: 'artifact', 'data-artifact': name },
        S.el('h3', {}, name, ' ', S.el('span', { class: 'muted' }, `(${direction}${type ? `, ${type}` : ''}${artifact.sizeBytes != null ? `, ${D.bytes(artifact.sizeBytes)}` : ''})`)),
        S.el('p', { class: 'artifact-value' }, S.el('code', {}, artifact.value), ' ', download),
        preview));
      if (ref && previews && (type === 'text/csv' || IMAGE_TYPES.has(type) || (type.startsWith('text/') && name !== 'job.log'))) {
        D.artifactPreview(ref, type, preview, cleanups);
      }
    }
    return list;
  };

  // ---------- metrics ----------

  /// Summary table of every metric of the given components: [{component, metrics}].
  D.metricSummary = (components) => {
    const rows = [];
    for (const c of components) {
      for (const name of Object.keys(c.metrics ?? {}).sort()) {
        const m = c.metrics[name];
        rows.push(S.el('tr', {},
          S.el('th', { scope: 'row' }, name),
          components.length > 1 ? S.el('td', {}, S.el('a', { href: `#/components/${enc(c.name)}` }, c.name)) : null,
          ...[m.last, m.minimum, m.maximum, m.average, m.count].map((v) => S.el('td', { class: 'num' }, D.value(v)))));
      }
    }
    if (!rows.length) return D.note('No metrics recorded.');
    const headers = ['Metric', components.length > 1 ? 'Component' : null, 'Last', 'Min', 'Max', 'Mean', 'Points'].filter(Boolean);
    return D.table(headers, rows, { className: 'metrics', numeric: ['Last', 'Min', 'Max', 'Mean', 'Points'] });
  };

  const seriesPoints = (points, xMode) => points.map((p, i) => [
    xMode === 'time' ? p.timestamp : (p.step ?? i), p.value]);   // time: seconds since 1970, as recorded

  /// Line charts of every metric with more than one point, one chart per metric name, one
  /// series per component; a step/time toggle and a log-scale toggle above them. Returns
  /// {element, refresh(components), destroy()}.
  D.metricCharts = (initial) => {
    const state = { xMode: 'step', logY: false, charts: new Map(), series: new Map(), components: initial };
    const grid = S.el('div', { class: 'chart-grid', style: STYLE.grid });
    const timeToggle = S.el('input', { type: 'checkbox', 'data-toggle': 'time' });
    const logToggle = S.el('input', { type: 'checkbox', 'data-toggle': 'log' });
    const controls = S.el('div', { class: 'toolbar chart-controls' },
      S.el('label', { class: 'inline' }, timeToggle, 'Time on the x axis (instead of step)'),
      S.el('label', { class: 'inline' }, logToggle, 'Log scale'));
    const element = S.el('div', { class: 'metric-charts' }, controls, grid);

    const chartedMetrics = (components) => {
      const names = new Map();
      for (const c of components) {
        for (const [name, m] of Object.entries(c.metrics ?? {})) {
          if (m.count > 1) names.set(name, [...(names.get(name) ?? []), c.name]);
        }
      }
      return new Map([...names].sort(([a], [b]) => a.localeCompare(b)));
    };

    const load = async (component, metric) => {
      const reply = await S.api(`/api/v1/components/${enc(component)}/metrics/${enc(metric)}`);
      state.series.set(`${component}\u0000${metric}`, reply.points ?? []);
    };

    const dataFor = (metric, components) => ({
      xLabel: state.xMode === 'time' ? 'time' : 'step',
      yLabel: metric,
      series: components.map((c) => ({ name: c, points: seriesPoints(state.series.get(`${c}\u0000${metric}`) ?? [], state.xMode) })),
    });

    const draw = (rebuild) => {
      const metrics = chartedMetrics(state.components);
      controls.hidden = !metrics.size;
      if (!metrics.size) { grid.replaceChildren(D.note('No metric has more than one point to chart yet.')); return; }
      if (rebuild || !state.charts.size) {
        for (const { chart } of state.charts.values()) chart.destroy();
        state.charts.clear();
        grid.replaceChildren();
      }
      for (const [metric, components] of metrics) {
        const data = dataFor(metric, components);
        const existing = state.charts.get(metric);
        if (existing) { existing.chart.update(data); continue; }
        const holder = S.el('div', { class: 'chart', 'data-metric': metric });
        grid.append(S.el('figure', { style: STYLE.figure }, S.el('figcaption', { class: 'muted' }, metric), holder));
        state.charts.set(metric, { chart: S.charts.line(holder, data, { logY: state.logY, xMode: state.xMode }) });
      }
    };

    const refresh = async (components) => {
      state.components = components;
      const wanted = [];
      for (const [metric, names] of chartedMetrics(components)) for (const c of names) wanted.push(load(c, metric));
      await Promise.all(wanted);
      draw(false);
    };

    timeToggle.addEventListener('change', () => { state.xMode = timeToggle.checked ? 'time' : 'step'; draw(true); });
    logToggle.addEventListener('change', () => { state.logY = logToggle.checked; draw(true); });
    const destroy = () => { for (const { chart } of state.charts.values()) chart.destroy(); state.charts.clear(); };
    return { element, refresh, destroy };
  };

  // ---------- jobs ----------

  D.isJob = (component) => component?.parameters?.['job.command'] != null;

  /// The end of a job's log, refreshed every 2 s while `running()` says so (and once more after).
  D.logTail = (root, job, running) => {
    const pre = S.el('pre', { class: 'job-log', tabindex: '0', 'aria-label': `Log of ${job}`, dataset: { log: job }, style: STYLE.log });
    const info = S.el('p', { class: 'muted' });
    const element = S.el('div', { class: 'job-log-view' }, pre, info);
    let last = null, finalRead = false;
    const read = async () => {
      const response = await S.api(`/dashboard/api/jobs/${enc(job)}/log?tail=${LOG_TAIL_BYTES}`, { raw: true });
      const text = await response.text();
      const size = Number(response.headers.get('X-Log-Size') ?? text.length);
      const start = Number(response.headers.get('X-Log-Start') ?? 0);
      if (text !== last) {
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.textContent = text || '(nothing written yet)';
        if (atBottom || last === null) pre.scrollTop = pre.scrollHeight;
        last = text;
      }
      info.textContent = `${D.bytes(size)} written${start > 0 ? `; showing the last ${D.bytes(size - start)}` : ''}.`;
    };
    const stop = D.every(root, 2000, async () => {
      if (running()) { finalRead = false; await read(); } else if (!finalRead) { finalRead = true; await read(); }
    });
    return { element, ready: read().catch((error) => { pre.textContent = ''; element.prepend(D.error(error)); }), stop };
  };

  /// A Stop button for a running job, shown to editors and admins only (the server refuses
  /// viewers anyway). `onStopped` runs after the request was accepted.
  D.stopButton = (job, onStopped) => {
    if (!S.canWrite()) return null;
    const message = S.el('span', { class: 'muted', role: 'status' });
    const button = S.el('button', { type: 'button', class: 'danger', 'data-action': 'stop', onclick: async () => {
      button.disabled = true;
      message.textContent = 'Asking the job to stop…';
      try {
        const reply = await S.api(`/dashboard/api/jobs/${enc(job)}/stop`, { method: 'POST' });
        message.textContent = `${reply.status}: the job stops within a few seconds.`;
        onStopped?.(reply);
      } catch (error) {
        message.textContent = error.message;
        button.disabled = false;
      }
    } }, 'Stop');
    return S.el('span', { class: 'stop-control' }, button, ' ', message);
  };

  // ---------- the page ----------

  /// What a page holds while it is shown (timers, live subscriptions, charts, object URLs):
  /// released when the router leaves the page, or at once when it was left already.
  D.lifetime = (root) => {
    const cleanups = [];
    const leave = () => { while (cleanups.length) { try { cleanups.pop()(); } catch { /* keep releasing */ } } };
    S.onLeave(leave);
    return { cleanups, leave, add: (cleanup) => { if (root.isConnected) cleanups.push(cleanup); else cleanup(); } };
  };

  S.page('component', async (root, params) => {
    const name = params.component;
    document.title = `${name} · Component · Strata`;
    const life = D.lifetime(root);
    const signal = S.pageSignal();
    let component;
    try {
      component = await S.api(`/api/v1/components/${enc(name)}`, { signal });
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      root.replaceChildren(S.el('h1', {}, name), D.error(error));
      root.dataset.ready = 'true';
      return;
    }
    const statusHolder = S.el('span', {}, D.status(component.status));
    const times = S.el('p', { class: 'muted' });
    const setTimes = (c) => {
      times.textContent = [c.startTime && `started ${D.date(c.startTime)}`, c.endTime && `ended ${D.date(c.endTime)}`,
        c.startTime && c.endTime && `(${D.duration((new Date(c.endTime) - new Date(c.startTime)) / 1000)})`]
        .filter(Boolean).join(' · ');
    };
    setTimes(component);
    const trialLinks = (component.trials ?? []).map((t) => S.el('a', { href: S.href('trials', t) }, t));
    const parametersHolder = S.el('div', {}, D.parameters(component.parameters));
    const metricSummaryHolder = S.el('div', {}, D.metricSummary([component]));
    const charts = D.metricCharts([component]);
    life.add(charts.destroy);

    const running = () => ['InProgress', 'Stopping'].includes(component.status.primary);
    let stopHolder = null, logView = null, jobSection = null;
    if (D.isJob(component)) {
      stopHolder = S.el('div', { class: 'toolbar' }, running() ? D.stopButton(component.name, () => refresh().catch(() => {})) : null);
      logView = D.logTail(root, component.name, running);
      life.add(logView.stop);
      jobSection = D.section('Job',
        D.pairs([['command', S.el('code', {}, component.parameters['job.command'])],
          ...['job.host', 'job.working_directory', 'job.exit_code', 'job.duration_seconds']
            .filter((k) => component.parameters[k] != null).map((k) => [k.slice(4).replace('_', ' '), component.parameters[k]])]),
        stopHolder,
        S.el('h3', {}, 'Log (the end, kept up to date)'), logView.element);
    }

    root.replaceChildren(...[
      S.el('header', { class: 'page-header' },
        S.el('h1', {}, component.displayName || component.name, ' ', statusHolder),
        S.el('p', {}, trialLinks.length ? 'Trial: ' : 'In no trial.', ...trialLinks.flatMap((a, i) => (i ? [', ', a] : [a]))),
        times,
        component.sourceJob ? S.el('p', { class: 'muted' }, 'Source job: ', S.el('code', {}, component.sourceJob)) : null),
      jobSection,
      D.section('Parameters', parametersHolder),
      D.section('Metrics', metricSummaryHolder, charts.element),
      D.section('Inputs and outputs', D.artifacts(component, { cleanups: life.cleanups })),
    ].filter(Boolean));

    const refresh = async () => {
      if (!root.isConnected) return;
      component = await S.api(`/api/v1/components/${enc(name)}`, { signal });
      statusHolder.replaceChildren(D.status(component.status));
      setTimes(component);
      parametersHolder.replaceChildren(D.parameters(component.parameters));
      metricSummaryHolder.replaceChildren(D.metricSummary([component]));
      if (stopHolder && !running()) stopHolder.replaceChildren();
      await charts.refresh([component]);
    };

    await Promise.all([charts.refresh([component]), logView?.ready]);
    // Live: the store's change events (metrics, status), and for a running job a slow poll too,
    // for a job that writes nothing but its log.
    const experiment = component.trials?.length
      ? await S.api(`/api/v1/trials/${enc(component.trials[0])}`, { signal }).then((t) => t.experimentName).catch(() => null)
      : null;
    life.add(S.live(experiment, () => refresh().catch(() => {})));
    life.add(D.every(root, 5000, async () => { if (running()) await refresh(); }));
    root.dataset.ready = 'true';
  });
})();
