// Compare page: #/compare?trials=a,b,c (2–20 trials).
//
// A table of every parameter and metric summary of the trials' components, with the cells that
// differ across trials highlighted (equal rows can be hidden); parallel coordinates over the
// parameters that differ plus the objective; a parameter-vs-metric scatter; and one metric's
// series overlaid, one line per trial.
//
// Why per-trial fetches rather than the trial leaderboard: a trial's leaderboard row folds its
// components together (`params.method` is the largest value among the components that carry it),
// but a pipeline's steps reuse parameter names (`method` is the scaler's, the reducer's and the
// clusterer's). Reading each trial's components keeps every parameter under its step
// (`cluster.method`, `reduce.method`), and 2–20 trials cost 2–40 small requests made in parallel.
(() => {
  const S = globalThis.Strata ??= {};
  const MAX_TRIALS = 20;
  const MAX_PARALLEL_DIMENSIONS = 12;
  const TRIAL_ROWS = ['experiment', 'status', 'objective.metric', 'objective.value', 'sweep', 'sweep.state', 'message'];

  /// The trial names of the route, in order, without repeats.
  function requestedTrials(params) {
    const query = params?.query;
    let text = params?.trials ?? (typeof query?.get === 'function' ? query.get('trials') : query?.trials) ?? null;
    if (Array.isArray(text)) text = text.join(',');
    if (text == null) {
      const hash = globalThis.location?.hash ?? '';
      const q = hash.indexOf('?');
      text = q >= 0 ? new URLSearchParams(hash.slice(q + 1)).get('trials') : null;
    }
    const names = [];
    for (const part of String(text ?? '').split(',')) {
      let name = part.trim();
      try { name = decodeURIComponent(name); } catch { /* already plain */ }
      if (name && !names.includes(name)) names.push(name);
    }
    return names;
  }

  /// What a component is within its trial: its name less the trial's (`<trial>-cluster` →
  /// `cluster`), so the same step of different trials lines up; a trial's only component is ''.
  function componentRole(component, trial, count) {
    const name = component.name;
    if (name.startsWith(trial + '-') && name.length > trial.length + 1) return name.slice(trial.length + 1);
    return count === 1 ? '' : name;
  }

  const joinKey = (role, name) => (role ? `${role}.${name}` : name);

  /// The longest prefix all names share, cut back to a separator, so legends show what differs.
  function shortNames(names) {
    if (names.length < 2) return names.slice();
    let prefix = names[0];
    for (const n of names) { while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1); }
    const cut = Math.max(prefix.lastIndexOf('-'), prefix.lastIndexOf('_'), prefix.lastIndexOf('.'), prefix.lastIndexOf('/'));
    if (cut < 0) return names.slice();
    const shorts = names.map((n) => n.slice(cut + 1));
    return shorts.some((s) => !s) ? names.slice() : shorts;
  }

  /// `"segmentation_score (maximize)"` → `{metric, direction}`.
  function parseObjective(text) {
    if (!text) return null;
    const m = /^(.*?)\s*\((maximize|minimize)\)\s*$/.exec(text);
    return m ? { metric: m[1], direction: m[2] } : { metric: text, direction: null };
  }

  const sameValue = (a, b) => (a === b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

  /// The table model: rows of `{section, key, label, values[], differs, numeric}` for trials
  /// `[{trial, components}]` (each as the native API returns them).
  function buildModel(entries) {
    const rows = new Map();
    const roleOrder = new Map(); // components come in the order they were created: a pipeline's step order
    const n = entries.length;
    const put = (section, key, label, index, value, extra) => {
      const id = `${section}\u0000${key}`;
      let row = rows.get(id);
      if (!row) {
        row = { section, key, label, values: new Array(n).fill(undefined), ...extra };
        rows.set(id, row);
      }
      row.values[index] = value;
    };
    entries.forEach(({ trial, components }, i) => {
      const meta = trial.metadata ?? {};
      put('trial', 'experiment', 'experiment', i, trial.experimentName);
      const statuses = [...new Set(components.map((c) => c.status?.primary).filter(Boolean))].sort();
      put('trial', 'status', 'status', i, statuses.length ? statuses.join(', ') : undefined);
      const objective = parseObjective(meta['objective.metric']);
      if (objective) put('trial', 'objective.metric', 'objective', i, meta['objective.metric']);
      const value = Number.parseFloat(meta['objective.value']);
      if (Number.isFinite(value)) put('trial', 'objective.value', 'objective value', i, value, { objective: true });
      if (meta['sweep']) put('trial', 'sweep', 'sweep', i, meta['sweep']);
      if (meta['sweep.state']) put('trial', 'sweep.state', 'sweep state', i, meta['sweep.state']);
      // Why a trial failed or broke a constraint: the sweep's note, else a component's status message.
      const why = meta['sweep.message'] || meta.infeasible_reason || components.map((c) => c.status?.message).find(Boolean);
      if (why) put('trial', 'message', 'message', i, why);
      for (const c of components) {
        const role = componentRole(c, trial.name, components.length);
        if (!roleOrder.has(role)) roleOrder.set(role, roleOrder.size);
        for (const [name, v] of Object.entries(c.parameters ?? {})) {
          put('params', joinKey(role, name), joinKey(role, name), i, v, { role, name });
        }
        for (const [name, s] of Object.entries(c.metrics ?? {})) {
          const key = joinKey(role, name);
          const series = (s.count ?? 1) > 1;
          if (series) {
            put('metrics', `${key}.last`, `${key} · last`, i, s.last, { role, name, metric: key, series: true });
            put('metrics', `${key}.min`, `${key} · min`, i, s.minimum, { role, name, metric: key, series: true });
            put('metrics', `${key}.max`, `${key} · max`, i, s.maximum, { role, name, metric: key, series: true });
          } else {
            put('metrics', `${key}.last`, key, i, s.last, { role, name, metric: key, series: false });
          }
        }
      }
    });
    // A metric that is a series in any trial shows last/min/max in all of them.
    const sectionOrder = { trial: 0, params: 1, metrics: 2 };
    const list = [...rows.values()].sort((a, b) => sectionOrder[a.section] - sectionOrder[b.section]
      || (a.section === 'trial' ? TRIAL_ROWS.indexOf(a.key) - TRIAL_ROWS.indexOf(b.key) : (roleOrder.get(a.role) - roleOrder.get(b.role)) || a.key.localeCompare(b.key)));
    for (const row of list) {
      const present = row.values.filter((v) => v !== undefined);
      row.numeric = present.length > 0 && present.every((v) => typeof v === 'number');
      row.differs = row.values.some((v) => !sameValue(v, row.values[0]));
      // Differs in value, not only in being recorded by some trials and not others.
      row.varies = new Set(present.map((v) => (typeof v === 'number' ? v : `s:${v}`))).size > 1;
      if (row.numeric && row.differs) {
        row.min = Math.min(...present); row.max = Math.max(...present);
      }
    }
    return list;
  }

  /// Series metrics first (they make lines), then single values; each name once.
  function metricChoices(model) {
    const seen = new Map();
    for (const row of model) {
      if (row.section !== 'metrics') continue;
      const prev = seen.get(row.metric);
      seen.set(row.metric, { metric: row.metric, role: row.role, name: row.name, series: Boolean(prev?.series || row.series) });
    }
    return [...seen.values()].sort((a, b) => Number(b.series) - Number(a.series) || a.metric.localeCompare(b.metric));
  }

  /// The axis choices of the scatter's y and the parallel plot's last axis: the objective (when
  /// the trials carry one), then each metric's last value.
  function yChoices(model) {
    const choices = [];
    const objective = model.find((r) => r.key === 'objective.value');
    if (objective) {
      const named = model.find((r) => r.key === 'objective.metric')?.values.find((v) => v);
      choices.push({ id: 'objective', label: named ? `objective: ${named}` : 'objective', row: objective });
    }
    for (const row of model) {
      if (row.section === 'metrics' && row.key.endsWith('.last') && row.values.some((v) => typeof v === 'number')) {
        choices.push({ id: row.key, label: row.series ? `${row.metric} (last)` : row.metric, row });
      }
    }
    return choices;
  }

  /// The parameters worth an axis: those whose recorded values differ (a step that only some
  /// trials ran adds nothing but gaps), in pipeline order; bookkeeping like `cache_hit` left out.
  const axisParameters = (model) => model.filter((r) => r.section === 'params' && r.varies && r.name !== 'cache_hit');

  /// Metrics worth an axis when few parameters vary (trials of one configuration still differ in
  /// their outcome): single-valued or last values that differ, timings left out.
  const axisMetrics = (model, yChoice) => model.filter((r) => r.section === 'metrics' && r.key.endsWith('.last') && r.varies
    && r.numeric && !/seconds$/.test(r.name) && r !== yChoice?.row);

  /// Parallel-coordinates data: the varying parameters (numbers as numbers, anything else as
  /// categories; missing values stay null), topped up with varying metrics when fewer than
  /// three parameters vary, and the chosen metric last.
  function parallelData(model, trialNames, yChoice) {
    const candidates = axisParameters(model);
    const params = candidates.slice(0, MAX_PARALLEL_DIMENSIONS);
    const extra = params.length < 3 ? axisMetrics(model, yChoice).slice(0, 4 - params.length) : [];
    const axes = [...params, ...extra];
    const dims = axes.map((r) => ({ name: r.section === 'metrics' ? r.metric : r.label, kind: r.numeric ? 'number' : 'category' }));
    const columns = axes.map((r) => r.values.map((v) => (v === undefined ? null : (r.numeric ? v : String(v)))));
    if (yChoice) {
      dims.push({ name: yChoice.label, kind: 'number' });
      columns.push(yChoice.row.values.map((v) => (typeof v === 'number' ? v : null)));
    }
    const rows = trialNames.map((name, i) => ({ name, values: columns.map((col) => col[i]) }));
    return { dimensions: dims, rows, truncated: candidates.length > params.length, metricAxes: extra.length };
  }

  /// Scatter points for parameter row `xRow` against `yChoice`; a parameter that is not a number
  /// gives text x values, which the scatter draws as a category axis.
  function scatterData(xRow, yChoice, trialNames, shorts) {
    const points = [];
    trialNames.forEach((name, i) => {
      const xv = xRow.values[i], yv = yChoice.row.values[i];
      if (xv === undefined || typeof yv !== 'number') return;
      points.push({ x: xRow.numeric ? xv : String(xv), y: yv, label: name, group: shorts[i], trial: name });
    });
    return { points, xLabel: xRow.label, yLabel: yChoice.label };
  }

  S.compare = { axisParameters, requestedTrials, componentRole, shortNames, parseObjective, buildModel, metricChoices, yChoices, parallelData, scatterData, MAX_TRIALS };

  // ---- the page ----

  const el = (...args) => S.el(...args);

  function formatValue(v) {
    if (v === undefined || v === null) return '—';
    if (typeof v === 'number') return S.fmt ? S.fmt(v) : String(v);
    return String(v);
  }

  function message(root, text, kind = 'note') {
    root.append(el('p', { class: kind === 'error' ? 'error' : 'muted', role: kind === 'error' ? 'alert' : null }, text));
  }

  function picker(label, choices, selected, onChange) {
    const select = el('select', { 'aria-label': label });
    for (const c of choices) {
      const option = el('option', { value: c.id }, c.label);
      if (c.id === selected) option.selected = true;
      select.append(option);
    }
    select.addEventListener('change', () => onChange(select.value));
    return el('label', { class: 'inline' }, `${label} `, select);
  }

  /// A chart point's trial opens on click.
  const openTrial = (point) => { if (point?.trial) location.hash = `#/trials/${encodeURIComponent(point.trial)}`; };

  function chartBox(kind) { return el('div', { class: `chart chart-${kind}` }); }

  async function loadTrial(name) {
    const [trial, list] = await Promise.all([
      S.api(`/api/v1/trials/${encodeURIComponent(name)}`, { signal: S.pageSignal?.() }),
      S.api(`/api/v1/components?trial=${encodeURIComponent(name)}`, { signal: S.pageSignal?.() }),
    ]);
    return { trial, components: list.components ?? [] };
  }

  /// The key column stays in view while the trials scroll sideways.
  function sticky(th) {
    Object.assign(th.style, { position: 'sticky', left: '0', background: 'var(--bg-alt, Canvas)', zIndex: '2', whiteSpace: 'nowrap' });
    return th;
  }

  function renderTable(model, trialNames, shorts, state) {
    const wrap = el('div', { class: 'table-wrap' });
    const table = el('table', { class: 'data compare-table' });
    const head = el('tr', {}, sticky(el('th', { scope: 'col' }, 'key')));
    trialNames.forEach((name, i) => {
      head.append(el('th', { scope: 'col', title: name }, el('a', { href: `#/trials/${encodeURIComponent(name)}` }, shorts[i])));
    });
    table.append(el('thead', {}, head));
    const body = el('tbody');
    const titles = { trial: 'Trial', params: 'Parameters', metrics: 'Metrics' };
    let section = null;
    let shown = 0;
    for (const row of model) {
      if (state.onlyDiffering && !row.differs) continue;
      if (row.section !== section) {
        section = row.section;
        body.append(el('tr', { class: 'section' }, el('th', { scope: 'rowgroup', colspan: String(trialNames.length + 1) }, titles[section])));
      }
      const tr = el('tr', { class: row.differs ? 'differs' : 'same', 'data-key': row.key });
      tr.append(sticky(el('th', { scope: 'row' }, row.label)));
      row.values.forEach((v, i) => {
        const text = formatValue(v);
        const td = el('td', { title: text.length > 24 ? text : null }, text);
        // Long texts (a list of kept columns) are cut to the cell; the title holds them whole.
        Object.assign(td.style, { maxWidth: '16em', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' });
        if (row.differs) {
          td.classList.add('differs');
          // Inline so the highlight shows whatever the stylesheet says; CSS variables keep both themes.
          td.style.background = 'var(--diff, rgba(230, 159, 0, 0.18))';
          if (row.numeric && v === row.max) td.classList.add('max');
          if (row.numeric && v === row.min) td.classList.add('min');
        }
        if (v === undefined) td.classList.add('missing');
        tr.append(td);
      });
      body.append(tr);
      shown += 1;
    }
    table.append(body);
    wrap.append(table);
    return { node: wrap, shown };
  }

  function destroyAll(charts) {
    for (const c of charts.splice(0)) { try { c?.destroy(); } catch { /* already gone */ } }
  }

  async function seriesFor(entries, choice, cache) {
    const out = [];
    for (const { trial, components } of entries) {
      const component = components.find((c) => componentRole(c, trial.name, components.length) === choice.role && c.metrics?.[choice.name]);
      if (!component) { out.push(null); continue; }
      const key = `${component.name}\u0000${choice.name}`;
      if (!cache.has(key)) {
        cache.set(key, S.api(`/api/v1/components/${encodeURIComponent(component.name)}/metrics/${encodeURIComponent(choice.name)}`, { signal: S.pageSignal?.() })
          .then((r) => r.points ?? []));
      }
      out.push(cache.get(key));
    }
    return Promise.all(out);
  }

  /// `prefs` carries the reader's choices (pickers, toggles) over live redraws.
  async function render(root, names, prefs) {
    const body = el('div', { class: 'compare-body' });
    const entries = [];
    const missing = [];
    const results = await Promise.allSettled(names.map(loadTrial));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') entries.push(r.value);
      else missing.push(`${names[i]}: ${r.reason?.message ?? r.reason}`);
    });
    if (missing.length) body.append(el('p', { class: 'error', role: 'alert' }, `Could not load ${missing.length === 1 ? 'a trial' : `${missing.length} trials`} — ${missing.join('; ')}`));
    if (entries.length < 2) {
      body.append(el('p', { class: 'muted' }, 'Compare needs at least two trials that can be read.'));
      return { node: body, charts: [], experiments: [] };
    }
    const trialNames = entries.map((e) => e.trial.name);
    const shorts = shortNames(trialNames);
    const model = buildModel(entries);
    const charts = [];
    const state = prefs.table ??= { onlyDiffering: false };

    // The table.
    const differing = model.filter((r) => r.differs).length;
    const toggle = el('input', { type: 'checkbox', id: 'compare-only-diff' });
    toggle.checked = state.onlyDiffering;
    const tableHolder = el('div');
    const drawTable = () => {
      const { node } = renderTable(model, trialNames, shorts, state);
      tableHolder.replaceChildren(node);
    };
    toggle.addEventListener('change', () => { state.onlyDiffering = toggle.checked; drawTable(); });
    body.append(el('section', { class: 'compare-table-section' },
      el('h2', {}, 'Parameters and metrics'),
      el('p', { class: 'muted' }, `${differing} of ${model.length} rows differ across the ${entries.length} trials (highlighted). Metrics with several points show last, min and max.`),
      el('label', { class: 'inline' }, toggle, ' Show only rows that differ'),
      tableHolder));
    drawTable();

    // Parallel coordinates and scatter share the y choice.
    const ys = yChoices(model);
    const paramRows = model.filter((r) => r.section === 'params' && r.name !== 'cache_hit');
    // Differing parameters first; the default is the one most trials set, then the one with most values.
    const missingOf = (r) => r.values.filter((v) => v === undefined).length;
    const distinctOf = (r) => new Set(r.values.filter((v) => v !== undefined).map(String)).size;
    // A sweep's own parameters (its points' assignments, `steps.cluster.k` → `cluster.k`) come first.
    const searched = new Set(entries.flatMap((e) => Object.keys(S.sweep?.decodeAssignment?.(e.trial.metadata?.['sweep.assignment']) ?? {}))
      .map((k) => k.replace(/^steps\./, '')));
    const xs = [...paramRows].sort((a, b) => Number(b.varies) - Number(a.varies) || Number(searched.has(b.label)) - Number(searched.has(a.label))
      || Number(b.differs) - Number(a.differs) || missingOf(a) - missingOf(b)
      || distinctOf(b) - distinctOf(a) || model.indexOf(a) - model.indexOf(b))
      .map((r) => ({ id: r.key, label: r.differs ? r.label : `${r.label} (same in all)`, row: r }));
    const pick = prefs.scatter ??= {};
    if (!ys.some((c) => c.id === pick.y)) pick.y = ys[0]?.id;
    if (!xs.some((c) => c.id === pick.x)) pick.x = xs[0]?.id;

    const parallelBox = chartBox('parallel');
    const parallelNote = el('p', { class: 'muted' });
    const parallelSection = el('section', {}, el('h2', {}, 'Parallel coordinates'), parallelNote, parallelBox);
    body.append(parallelSection);
    let parallel = null;
    const drawParallel = () => {
      const y = ys.find((c) => c.id === pick.y);
      const data = parallelData(model, shorts, y);
      parallelNote.textContent = data.dimensions.length < 2
        ? 'Nothing to draw across: no recorded parameter (nor any metric besides the one chosen) differs between these trials.'
        : `One line per trial over the parameters whose values differ${data.truncated ? ` (the first ${MAX_PARALLEL_DIMENSIONS})` : ''}`
          + `${data.metricAxes ? ` and ${data.metricAxes} metric${data.metricAxes === 1 ? '' : 's'} that differ` : ''}${y ? `, coloured by ${y.label}` : ''}.`;
      if (data.dimensions.length < 2) {
        if (parallel) { parallel.destroy(); charts.splice(charts.indexOf(parallel), 1); parallel = null; }
        parallelBox.replaceChildren();
        return;
      }
      const options = { colorBy: y ? data.dimensions.length - 1 : undefined };
      if (parallel) parallel.update(data);
      else if (S.charts?.parallel) { parallel = S.charts.parallel(parallelBox, data, options); charts.push(parallel); }
    };

    const scatterBox = chartBox('scatter');
    const scatterNote = el('p', { class: 'muted' });
    let scatter = null;
    const drawScatter = () => {
      const xc = xs.find((c) => c.id === pick.x), yc = ys.find((c) => c.id === pick.y);
      if (!xc || !yc) { scatterNote.textContent = 'No parameter or metric to plot.'; return; }
      const data = scatterData(xc.row, yc, trialNames, shorts);
      scatterNote.textContent = `${data.points.length} of ${entries.length} trials have both values.`;
      if (scatter) scatter.update(data); else { scatter = S.charts.scatter(scatterBox, data, { onClick: openTrial }); charts.push(scatter); }
    };
    if (ys.length && xs.length) {
      const controls = el('div', { class: 'toolbar' },
        picker('Parameter (x)', xs, pick.x, (v) => { pick.x = v; drawScatter(); }),
        picker('Metric (y)', ys, pick.y, (v) => { pick.y = v; drawScatter(); drawParallel(); }));
      body.append(el('section', {}, el('h2', {}, 'Parameter against metric'), controls, scatterNote, scatterBox));
    } else {
      body.append(el('section', {}, el('h2', {}, 'Parameter against metric'), el('p', { class: 'muted' }, 'The trials record no parameters or no metrics.')));
    }

    // Overlaid series.
    const metrics = metricChoices(model).map((m) => ({ ...m, id: m.metric, label: m.series ? m.metric : `${m.metric} (one value)` }));
    const lineBox = chartBox('line');
    const lineNote = el('p', { class: 'muted' });
    const seriesCache = new Map();
    const linePick = prefs.line ??= { xMode: 'step', logY: false };
    if (!metrics.some((m) => m.id === linePick.metric)) linePick.metric = metrics[0]?.id;
    let line = null;
    let lineToken = 0;
    const drawLine = async () => {
      const token = ++lineToken;
      const choice = metrics.find((m) => m.id === linePick.metric);
      if (!choice) return;
      const all = await seriesFor(entries, choice, seriesCache);
      if (token !== lineToken) return;
      const series = [];
      all.forEach((points, i) => {
        if (!points?.length) return;
        const xy = points.map((p, k) => [linePick.xMode === 'time' ? p.timestamp : (p.step ?? k), p.value]);
        series.push({ name: shorts[i], points: xy });
      });
      lineNote.textContent = `${series.length} of ${entries.length} trials record ${choice.metric}.`;
      const data = { series, xLabel: linePick.xMode === 'time' ? 'time' : 'step', yLabel: choice.metric };
      const options = { xMode: linePick.xMode, logY: linePick.logY };
      // Axis options change only on a new chart.
      if (line) { line.destroy(); charts.splice(charts.indexOf(line), 1); }
      line = S.charts.line(lineBox, data, options);
      charts.push(line);
    };
    if (metrics.length) {
      const logBox = el('input', { type: 'checkbox' });
      logBox.checked = linePick.logY;
      logBox.addEventListener('change', () => { linePick.logY = logBox.checked; drawLine(); });
      const controls = el('div', { class: 'toolbar' },
        picker('Metric', metrics, linePick.metric, (v) => { linePick.metric = v; drawLine(); }),
        picker('Axis', [{ id: 'step', label: 'step' }, { id: 'time', label: 'time' }], linePick.xMode, (v) => { linePick.xMode = v; drawLine(); }),
        el('label', { class: 'inline' }, logBox, ' log scale'));
      body.append(el('section', {}, el('h2', {}, 'Metric series'), controls, lineNote, lineBox));
    }

    // Charts measure their container, so draw once the section is in the document.
    const draw = async () => {
      drawParallel();
      drawScatter();
      if (metrics.length) await drawLine();
    };
    const experiments = [...new Set(entries.map((e) => e.trial.experimentName).filter(Boolean))];
    const running = entries.some(({ trial, components }) => trial.metadata?.['sweep.state'] === 'running'
      || components.some((c) => ['InProgress', 'Stopping'].includes(c.status?.primary)));
    return { node: body, charts, draw, experiments, running };
  }

  if (!S.page) return; // loaded outside the dashboard (e.g. by a test of the functions above)

  S.page('compare', async (root, params) => {
    root.dataset.page = 'compare';
    const names = requestedTrials(params);
    document.title = 'Compare trials · Strata';
    root.replaceChildren(el('h1', {}, names.length ? `Compare ${names.length} trials` : 'Compare trials'));
    if (names.length < 2 || names.length > MAX_TRIALS) {
      message(root, names.length > MAX_TRIALS
        ? `Compare takes at most ${MAX_TRIALS} trials; this link names ${names.length}. Pick fewer trials on the leaderboard.`
        : 'Compare needs 2 to 20 trials: pick them on an experiment\'s leaderboard, or open #/compare?trials=a,b.', 'error');
      root.dataset.ready = 'true';
      return undefined;
    }
    let current = null;
    const prefs = {};
    const show = async () => {
      const next = await render(root, names, prefs);
      if (current) destroyAll(current.charts);
      const old = root.querySelector('.compare-body');
      if (old) old.replaceWith(next.node); else root.append(next.node);
      current = next;
      await next.draw?.();
    };
    try {
      await show();
    } catch (error) {
      message(root, `Could not load the trials: ${error.message ?? error}`, 'error');
    }
    root.dataset.ready = 'true';
    // Live: while any of the trials is still running, redraw when its experiment changes; once
    // none is, stop listening (finished trials do not change).
    const unsubscribers = [];
    let busy = false, again = false;
    const follow = () => {
      if (!current?.running || unsubscribers.length) return;
      for (const experiment of current.experiments) {
        const unsubscribe = S.live?.(experiment, async () => {
          if (!root.isConnected) { stop(); return; }
          if (busy) { again = true; return; }
          busy = true;
          try { do { again = false; await show(); } while (again); } catch { /* the next change retries */ }
          busy = false;
          if (!current?.running) for (const u of unsubscribers.splice(0)) u();
        });
        if (unsubscribe) unsubscribers.push(unsubscribe);
      }
    };
    follow();
    function stop() {
      for (const u of unsubscribers.splice(0)) u();
      if (current) destroyAll(current.charts);
    }
    S.onLeave?.(stop);
    return stop;
  });
})();
