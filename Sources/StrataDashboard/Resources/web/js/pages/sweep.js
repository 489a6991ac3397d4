// Sweep page: #/sweeps/<experiment>/<sweep>.
//
// A sweep keeps its state in its trials' metadata (Guides/Sweeps.md): `sweep`, `sweep.number`,
// `sweep.assignment` (the point, JSON), `sweep.state` (running, complete, infeasible, failed,
// stopped), `sweep.loss` (the objective oriented smaller-is-better) and, once the pipeline has
// run, `objective.metric` ("name (maximize|minimize)") and `objective.value`. The page shows the
// objective against trial number with the best-so-far line, each parameter's importance, one
// slice plot per parameter, and the trials; it refreshes while the sweep runs.
(() => {
  const S = globalThis.Strata ??= {};

  /// A stored point's value: `{"int":{"_0":10}}` (Swift's encoding of the sweep's values) or a
  /// plain JSON value.
  function decodeValue(v) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && ['int', 'double', 'string', 'bool'].includes(keys[0])) {
        const inner = v[keys[0]];
        return inner && typeof inner === 'object' && '_0' in inner ? inner._0 : inner;
      }
    }
    return v;
  }

  function decodeAssignment(text) {
    if (!text) return {};
    try {
      const raw = JSON.parse(text);
      const out = {};
      for (const [k, v] of Object.entries(raw ?? {})) out[k] = decodeValue(v);
      return out;
    } catch {
      return {};
    }
  }

  const number = (text) => {
    if (text === undefined || text === null || text === '') return null;
    const v = Number(text);
    return Number.isFinite(v) ? v : null;
  };

  /// The sweep's records from the experiment's trials, by number; and its objective.
  function sweepRecords(trials, sweep) {
    const records = [];
    let objective = null;
    for (const t of trials) {
      const m = t.metadata ?? {};
      if (m.sweep !== sweep) continue;
      const n = number(m['sweep.number']);
      if (n === null) continue;
      if (!objective && m['objective.metric']) objective = parseObjective(m['objective.metric']);
      records.push({
        trial: t.name, number: n, state: m['sweep.state'] || 'running',
        loss: number(m['sweep.loss']), rawValue: number(m['objective.value']),
        assignment: decodeAssignment(m['sweep.assignment']),
        message: m['sweep.message'] || m.infeasible_reason || '',
        consensus: number(m['sweep.consensus']), winnerScore: number(m['sweep.winner_score']),
      });
    }
    records.sort((a, b) => a.number - b.number);
    if (!objective) {
      // No run recorded its objective yet: infer the direction from value and loss, else call it the loss.
      const both = records.find((r) => r.loss !== null && r.rawValue !== null && r.loss !== 0);
      objective = both ? { metric: 'objective', direction: both.rawValue === -both.loss ? 'maximize' : 'minimize' } : { metric: 'loss', direction: 'minimize' };
    }
    for (const r of records) {
      // A point being (re)run or cut short has no value of its own yet, whatever its trial held before.
      const unfinished = r.state === 'running' || r.state === 'stopped';
      r.value = unfinished ? null : r.rawValue ?? (r.loss === null ? null : (objective.direction === 'maximize' ? -r.loss : r.loss));
    }
    return { records, objective };
  }

  /// `"segmentation_score (maximize)"` → `{metric, direction}`; without a direction, a loss.
  function parseObjective(text) {
    const m = /^(.*?)\s*\((maximize|minimize)\)\s*$/.exec(text ?? '');
    return m ? { metric: m[1], direction: m[2] } : { metric: text, direction: 'minimize' };
  }

  const isBetter = (direction, a, b) => (direction === 'maximize' ? a > b : a < b);

  /// Best objective so far after each feasible trial (by number), in the objective's own
  /// direction; infeasible, failed and running trials never count. Returns `[{number, value, trial}]`.
  function bestSoFar(records, direction) {
    const out = [];
    let best = null;
    for (const r of records) {
      if (r.state !== 'complete' || r.value === null) continue;
      if (!best || isBetter(direction, r.value, best.value)) best = r;
      out.push({ number: r.number, value: best.value, trial: best.trial });
    }
    return out;
  }

  /// The best-so-far as a step line for a chart: flat until a trial improves it, then a jump.
  function bestLine(best, lastNumber) {
    const line = [];
    for (const b of best) {
      if (line.length) line.push([b.number, line[line.length - 1][1]]);
      line.push([b.number, b.value]);
    }
    if (line.length && lastNumber > line[line.length - 1][0]) line.push([lastNumber, line[line.length - 1][1]]);
    return line;
  }

  /// Group index of each value: each distinct value its own group when there are at most
  /// `maxGroups`, else equal-count bins over the sorted values (equal values share a bin).
  function groupsOf(values, maxGroups) {
    const numeric = values.every((v) => typeof v === 'number');
    const distinct = [...new Set(values.map((v) => (numeric ? v : String(v))))];
    if (!numeric || distinct.length <= maxGroups) {
      const index = new Map(distinct.map((v, i) => [v, i]));
      return { groups: values.map((v) => index.get(numeric ? v : String(v))), count: distinct.length, binned: false };
    }
    const sorted = [...values].sort((a, b) => a - b);
    const k = maxGroups;
    const cuts = [];
    for (let j = 1; j < k; j += 1) {
      const c = sorted[Math.floor((j * sorted.length) / k)];
      if (!cuts.length || c > cuts[cuts.length - 1]) cuts.push(c);
    }
    const bins = values.map((v) => { let g = 0; while (g < cuts.length && v >= cuts[g]) g += 1; return g; });
    // Ties at the low end can leave the first bin empty: number the bins that hold values 0, 1, ….
    const used = [...new Set(bins)].sort((a, b) => a - b);
    const index = new Map(used.map((b, i) => [b, i]));
    return { groups: bins.map((b) => index.get(b)), count: used.length, binned: true };
  }

  /// Parameter importance as the share of the objective's variance a parameter explains on its
  /// own: the correlation ratio of one-way analysis of variance, corrected for the number of
  /// groups (ε², Kelley 1935): ε² = (SS_between − (k − 1)·MS_within) / SS_total, clipped at 0.
  ///
  /// Why this method: it needs no model fit, so the same trials always give the same figure and
  /// a reader can recompute it; it treats categorical and numeric parameters alike; and the
  /// correction keeps a parameter with many distinct values from explaining variance by chance
  /// (plain η² of a parameter with a different value on every trial is always 1). Over n trials,
  /// a numeric parameter with more than k = min(10, max(2, ⌊√n⌋)) distinct values is cut into k
  /// equal-count bins (equal values share a bin), so monotone and non-monotone effects both show. It measures each
  /// parameter alone: interactions are not credited, and correlated parameters (a TPE sweep
  /// focusing two parameters together) share credit. A conditional parameter is measured on the
  /// trials where it is set. Only feasible, complete trials count. O(n log n) per parameter.
  function importance(records, { maxGroups = 10 } = {}) {
    const feasible = records.filter((r) => r.state === 'complete' && r.value !== null && Number.isFinite(r.value));
    const names = [...new Set(feasible.flatMap((r) => Object.keys(r.assignment)))].sort();
    const out = [];
    for (const name of names) {
      const rows = feasible.filter((r) => r.assignment[name] !== undefined && r.assignment[name] !== null);
      const n = rows.length;
      const entry = { name, trials: n, groups: 0, value: null, binned: false };
      out.push(entry);
      if (n < 3) { entry.reason = 'fewer than 3 trials set it'; continue; }
      const k0 = Math.min(maxGroups, Math.max(2, Math.floor(Math.sqrt(n))));
      const { groups, count, binned } = groupsOf(rows.map((r) => r.assignment[name]), k0);
      entry.groups = count; entry.binned = binned;
      if (count < 2) { entry.value = 0; entry.reason = 'one value in every trial'; continue; }
      if (n <= count) { entry.reason = 'every trial has its own value'; continue; }
      const y = rows.map((r) => r.value);
      const mean = y.reduce((s, v) => s + v, 0) / n;
      const sums = new Array(count).fill(0), counts = new Array(count).fill(0);
      groups.forEach((g, i) => { sums[g] += y[i]; counts[g] += 1; });
      let total = 0, between = 0;
      for (const v of y) total += (v - mean) ** 2;
      for (let g = 0; g < count; g += 1) if (counts[g]) between += counts[g] * (sums[g] / counts[g] - mean) ** 2;
      if (total <= 0) { entry.value = 0; entry.reason = 'the objective does not vary'; continue; }
      const within = total - between;
      const msWithin = within / (n - count);
      entry.eta2 = between / total;
      entry.value = Math.max(0, (between - (count - 1) * msWithin) / total);
    }
    return out.sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name));
  }

  /// Slice-plot points for one parameter (feasible trials, by number), coloured by band of
  /// trial number; a parameter that is not a number gives text x values (a category axis).
  function slicePoints(records, name) {
    const rows = records.filter((r) => r.state === 'complete' && r.value !== null && r.assignment[name] !== undefined);
    const numeric = rows.every((r) => typeof r.assignment[name] === 'number');
    const bands = trialBands(records);
    const points = rows.map((r) => ({
      x: numeric ? r.assignment[name] : String(r.assignment[name]),
      y: r.value,
      label: `#${r.number} ${r.trial}`,
      group: bands.of(r.number),
      trial: r.trial,
    }));
    return { points: withGroupOrder(points, bands.labels), numeric };
  }

  /// Trial numbers cut into at most four bands of equal width, earliest first.
  function trialBands(records) {
    const maxNumber = Math.max(0, ...records.map((r) => r.number));
    const width = Math.max(1, Math.ceil((maxNumber + 1) / 4));
    const labels = [];
    for (let start = 0; start <= maxNumber; start += width) {
      const end = Math.min(maxNumber, start + width - 1);
      labels.push(start === end ? `trial ${start}` : `trials ${start}–${end}`);
    }
    return { labels, of: (n) => labels[Math.min(labels.length - 1, Math.floor(n / width))] };
  }

  /// The scatter gives groups colours in the order it first meets them; one empty point (no y,
  /// so never drawn) per group up front keeps every chart's colours and legend in the same order,
  /// whichever groups a chart's own points happen to reach.
  function withGroupOrder(points, groups) {
    if (!points.length) return points;
    return [...groups.map((group) => ({ x: points[0].x, y: NaN, group })), ...points];
  }

  S.sweep = { decodeAssignment, sweepRecords, bestSoFar, bestLine, importance, groupsOf, slicePoints, trialBands };

  // ---- the page ----

  if (!S.page) return;
  const el = (...args) => S.el(...args);
  const fmt = (v) => (v === null || v === undefined ? '—' : (typeof v === 'number' ? (S.fmt ? S.fmt(v) : String(v)) : String(v)));
  const STATES = ['complete', 'infeasible', 'failed', 'running', 'stopped'];
  // The stylesheet's status colours, by the nearest component status.
  const STATE_CLASS = { complete: 'status-Completed', failed: 'status-Failed', running: 'status-InProgress', infeasible: 'status-Stopping', stopped: 'muted' };

  function routeParams(params) {
    let experiment = params?.experiment, sweep = params?.sweep;
    if ((!experiment || !sweep) && Array.isArray(params?.parts)) [experiment, sweep] = params.parts;
    if (!experiment || !sweep) {
      const path = (globalThis.location?.hash ?? '').replace(/^#\/?/, '').split('?')[0].split('/');
      if (path[0] === 'sweeps') { experiment = path[1]; sweep = path.slice(2).join('/'); }
    }
    const decode = (s) => { try { return decodeURIComponent(s ?? ''); } catch { return s ?? ''; } };
    return { experiment: decode(experiment), sweep: decode(sweep) };
  }

  function historyData(records, objective) {
    const points = [];
    for (const r of records) {
      if (r.value === null || (r.state !== 'complete' && r.state !== 'infeasible')) continue;
      points.push({ x: r.number, y: r.value, label: `#${r.number} ${r.trial} (${r.state})`, group: r.state === 'complete' ? 'feasible' : 'infeasible', trial: r.trial });
    }
    const arrow = objective.direction === 'maximize' ? ' ↑' : objective.direction === 'minimize' ? ' ↓' : '';
    return { points: withGroupOrder(points, ['feasible', 'infeasible']), count: points.length, xLabel: 'trial number', yLabel: `${objective.metric}${arrow}` };
  }

  /// Parameter names without the prefix they all share (`steps.`), for narrow labels.
  function displayNames(names) {
    const dot = (n) => n.indexOf('.');
    const first = names[0] ?? '';
    const prefix = dot(first) > 0 ? first.slice(0, dot(first) + 1) : '';
    const shared = prefix && names.every((n) => n.startsWith(prefix) && n.length > prefix.length);
    return new Map(names.map((n) => [n, shared ? n.slice(prefix.length) : n]));
  }

  function sortRecords(records, key, ascending) {
    const get = (r) => (key === 'number' ? r.number : key === 'trial' ? r.trial : key === 'state' ? STATES.indexOf(r.state)
      : key === 'value' ? r.value : key === 'message' ? r.message : r.assignment[key.slice(6)]);
    const sorted = [...records].sort((a, b) => {
      const x = get(a), y = get(b);
      if (x === y) return a.number - b.number;
      if (x === null || x === undefined) return 1; // missing last either way
      if (y === null || y === undefined) return -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return ascending ? c : -c;
    });
    return sorted;
  }

  /// A chart point's trial opens on click.
  const openTrial = (point) => { if (point?.trial) location.hash = `#/trials/${encodeURIComponent(point.trial)}`; };

  function nowrap(node) { node.style.whiteSpace = 'nowrap'; return node; }

  /// What the bars say in numbers, with what each figure rests on.
  function importanceTable(entries, names) {
    const head = el('tr', {}, ...['parameter', 'ε²', 'η² (uncorrected)', 'trials', 'groups'].map((t) => el('th', { scope: 'col' }, t)));
    const body = el('tbody');
    for (const e of entries) {
      body.append(el('tr', {}, el('th', { scope: 'row', title: e.name }, names.get(e.name)),
        el('td', { class: 'num' }, e.value === null ? '—' : e.value.toFixed(3)),
        el('td', { class: 'num' }, e.eta2 === undefined ? '—' : e.eta2.toFixed(3)),
        el('td', { class: 'num' }, String(e.trials)),
        el('td', {}, e.value === null || e.groups < 2 ? (e.reason ?? '') : `${e.groups}${e.binned ? ' bins' : ' values'}`)));
    }
    return el('details', { class: 'importance-figures' }, el('summary', {}, 'Figures'), el('table', {}, el('thead', {}, head), body));
  }

  function trialsTable(records, paramNames, sort, onSort, winner) {
    const shown = displayNames(paramNames);
    const columns = [['number', '#'], ['trial', 'trial'], ['state', 'state'], ['value', 'objective'],
      ...paramNames.map((p) => [`param:${p}`, shown.get(p)]), ['message', 'message']];
    const head = el('tr');
    for (const [key, label] of columns) {
      const th = el('th', { scope: 'col', tabindex: '0', class: `sortable${key === 'number' || key === 'value' ? ' num' : ''}`,
        'aria-sort': sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none' },
        label, sort.key === key ? el('span', { class: 'arrow', 'aria-hidden': 'true' }, sort.ascending ? '▲' : '▼') : null);
      const activate = () => onSort(key);
      th.addEventListener('click', activate);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } });
      head.append(th);
    }
    const body = el('tbody');
    for (const r of sortRecords(records, sort.key, sort.ascending)) {
      const href = `#/trials/${encodeURIComponent(r.trial)}`;
      const tr = el('tr', { tabindex: '0', class: `state-${r.state}`, 'data-state': r.state });
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') location.hash = href; });
      tr.append(el('td', { class: 'num' }, String(r.number)),
        nowrap(el('td', {}, el('a', { href }, r.trial), r.trial === winner ? el('span', { class: 'badge' }, ' winner') : '')),
        el('td', {}, el('span', { class: `pill state-${r.state} ${STATE_CLASS[r.state] ?? ''}` }, r.state)),
        el('td', { class: 'num' }, fmt(r.value)));
      for (const p of paramNames) tr.append(el('td', {}, fmt(r.assignment[p])));
      const msg = r.message ?? '';
      const cell = el('td', { class: 'message', title: msg.length > 80 ? msg : null }, msg.length > 80 ? msg.slice(0, 77) + '…' : msg);
      Object.assign(cell.style, { minWidth: '18em', whiteSpace: 'normal' });
      tr.append(cell);
      body.append(tr);
    }
    return el('div', { class: 'table-wrap' }, el('table', { class: 'data sweep-trials' }, el('thead', {}, head), body));
  }

  class SweepView {
    constructor(root, experiment, sweep) {
      this.root = root; this.experiment = experiment; this.sweep = sweep;
      this.sort = { key: 'number', ascending: true };
      this.slices = new Map();
      this.body = el('div', { class: 'sweep-body' });
      this.skeleton();
    }

    /// The page's sections (again after a "no such sweep" message once trials appear).
    skeleton() {
      this.summary = el('div', { class: 'summary' });
      this.historyBox = el('div', { class: 'chart chart-history' });
      this.historyNote = el('p', { class: 'muted' });
      this.importanceBox = el('div', { class: 'chart chart-importance' });
      this.importanceNote = el('p', { class: 'muted' });
      this.importanceFigures = el('div');
      this.slicesGrid = el('div', { class: 'slices' });
      this.slicesGrid.style.display = 'grid';
      this.slicesGrid.style.gridTemplateColumns = 'repeat(auto-fill, minmax(320px, 1fr))';
      this.slicesGrid.style.gap = '1rem';
      this.tableHolder = el('div');
      this.body.replaceChildren(this.summary,
        el('section', {}, el('h2', {}, 'Objective by trial'), this.historyNote, this.historyBox),
        el('section', {}, el('h2', {}, 'Parameter importance'), this.importanceNote, this.importanceBox, this.importanceFigures),
        el('section', {}, el('h2', {}, 'Slices'), el('p', { class: 'muted' }, 'The objective against each parameter\'s value, one point per feasible trial; later trials are drawn in later colours.'), this.slicesGrid),
        el('section', {}, el('h2', {}, 'Trials'), this.tableHolder));
    }

    async load() {
      const [experiment, list] = await Promise.all([
        S.api(`/api/v1/experiments/${encodeURIComponent(this.experiment)}`, { signal: S.pageSignal?.() }),
        S.api(`/api/v1/trials?experiment=${encodeURIComponent(this.experiment)}`, { signal: S.pageSignal?.() }),
      ]);
      return { experiment, trials: list.trials ?? [] };
    }

    /// Draws (first call) or updates (live refreshes) everything from the store's current state.
    async refresh() {
      const { experiment, trials } = await this.load();
      const { records, objective } = sweepRecords(trials, this.sweep);
      const tags = experiment.tags ?? {};
      if (!records.length) {
        const sweeps = Object.keys(tags).filter((k) => k.startsWith('sweep:') && !k.endsWith(':winner')).map((k) => k.slice(6));
        this.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Experiment ${this.experiment} has no trials of a sweep named ${this.sweep}.`),
          sweeps.length ? el('p', {}, 'Its sweeps: ', ...sweeps.flatMap((s, i) => [i ? ', ' : '',
            el('a', { href: `#/sweeps/${encodeURIComponent(this.experiment)}/${encodeURIComponent(s)}` }, s)])) : '');
        this.empty = true;
        return;
      }
      if (this.empty) { this.empty = false; this.destroy(); this.skeleton(); }
      this.records = records;
      const counts = Object.fromEntries(STATES.map((s) => [s, records.filter((r) => r.state === s).length]));
      const best = bestSoFar(records, objective.direction);
      const winner = tags[`sweep:${this.sweep}:winner`] ?? null;
      const bestRecord = best.length ? records.find((r) => r.trial === best[best.length - 1].trial) : null;
      this.running = counts.running > 0;
      const compare = this.compareList(records, objective);
      this.summary.replaceChildren(
        el('p', {}, `Experiment `, el('a', { href: `#/experiments/${encodeURIComponent(this.experiment)}` }, this.experiment),
          ` · ${tags[`sweep:${this.sweep}`] ?? 'sampler not recorded'} · objective ${objective.metric}`
          + (objective.direction ? ` (${objective.direction})` : '')),
        el('p', {}, this.running ? el('span', { class: 'live-dot', title: 'live' }) : null,
          STATES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(' · ')
          + (this.running ? ' — still running; this page follows it.' : '')),
        bestRecord ? el('p', {}, 'Best objective: ', el('a', { href: `#/trials/${encodeURIComponent(bestRecord.trial)}` }, bestRecord.trial),
          ` (${fmt(bestRecord.value)})`) : el('p', {}, 'No feasible trial yet.'),
        winner ? el('p', {}, 'Chosen winner: ', el('a', { href: `#/trials/${encodeURIComponent(winner)}` }, winner),
          ' — the objective weighted by its agreement with the other attempts (Guides/ModelSelection.md), so it may differ from the best objective.') : '',
        compare.length >= 2 ? el('p', {}, el('a', { href: `#/compare?trials=${compare.map(encodeURIComponent).join(',')}` },
          `Compare the ${compare.length} best trials`)) : '');

      // History with best-so-far.
      const history = historyData(records, objective);
      const lastNumber = records[records.length - 1].number;
      const line = bestLine(best, lastNumber);
      const unplotted = records.length - history.count;
      const unplottedStates = [...new Set(records.filter((r) => r.value === null || (r.state !== 'complete' && r.state !== 'infeasible')).map((r) => r.state))];
      this.historyNote.textContent = `${history.count} trials with a value; the line is the best feasible objective so far (${objective.direction === 'maximize' ? 'highest' : 'lowest'}). Infeasible trials are drawn apart and never count as best.`
        + (unplotted ? ` ${unplotted} trial${unplotted === 1 ? '' : 's'} without a value (${unplottedStates.join(', ')}) are listed below, not plotted.` : '');
      // The best-so-far line is an option of the chart, so a refresh draws a new one.
      this.history?.destroy();
      this.history = S.charts.scatter(this.historyBox, history, { line, lineName: 'best so far', onClick: openTrial });

      // Importance.
      const imp = importance(records);
      const shown = imp.filter((e) => e.value !== null);
      const skipped = imp.filter((e) => e.value === null);
      this.importanceNote.replaceChildren(
        el('strong', {}, 'Method: '),
        `the share of the objective's variance each parameter explains on its own — ε² (the correlation ratio η² of a one-way analysis of variance, corrected for the number of groups), over the feasible trials that set the parameter; numeric parameters with many values are cut into at most 10 equal-count bins. 0 means no effect beyond chance; interactions between parameters are not credited. Why this method: it fits no model, so the same trials always give the same figures and they can be recomputed by hand, and unlike plain η² it does not reward a parameter for having many values.`
        + (skipped.length ? ` Not measured: ${skipped.map((e) => `${e.name} (${e.reason})`).join(', ')}.` : ''));
      const names = displayNames(imp.map((e) => e.name));
      const bars = { labels: shown.map((e) => names.get(e.name)), values: shown.map((e) => e.value) };
      this.importanceFigures.replaceChildren(importanceTable(imp, names));
      if (!shown.length) {
        this.importance?.destroy(); this.importance = null;
        this.importanceBox.replaceChildren(el('p', { class: 'muted' }, 'Not enough feasible trials yet.'));
      } else if (this.importance) this.importance.update(bars);
      else { this.importanceBox.replaceChildren(); this.importance = S.charts.bars(this.importanceBox, bars, { horizontal: true, xLabel: 'ε² (share of objective variance)', height: Math.max(120, 28 * shown.length + 60) }); }

      // Slices, most important parameter first.
      const order = imp.map((e) => e.name);
      for (const [name, chart] of this.slices) if (!order.includes(name)) { chart.chart.destroy(); chart.box.parentElement?.remove(); this.slices.delete(name); }
      for (const name of order) {
        const { points } = slicePoints(records, name);
        const data = { points, xLabel: name, yLabel: objective.metric };
        let slice = this.slices.get(name);
        if (slice) { slice.chart.update(data); this.slicesGrid.append(slice.figure); continue; }
        const box = el('div', { class: 'chart chart-slice' });
        const figure = el('figure', { class: 'slice' }, el('figcaption', {}, names.get(name)), box);
        this.slicesGrid.append(figure);
        slice = { box, figure, chart: S.charts.scatter(box, data, { height: 220, onClick: openTrial }) };
        this.slices.set(name, slice);
      }

      // Table: every parameter any point set (one only failed points set has no importance).
      const rest = [...new Set(records.flatMap((r) => Object.keys(r.assignment)))].filter((n) => !order.includes(n)).sort();
      this.paramNames = [...order, ...rest];
      this.drawTable(winner);
    }

    compareList(records, objective) {
      const ranked = records.filter((r) => r.state === 'complete' && r.value !== null)
        .sort((a, b) => (isBetter(objective.direction, a.value, b.value) ? -1 : isBetter(objective.direction, b.value, a.value) ? 1 : a.number - b.number));
      return ranked.slice(0, 5).map((r) => r.trial);
    }

    drawTable(winner = this.winner) {
      this.winner = winner;
      this.tableHolder.replaceChildren(trialsTable(this.records, this.paramNames, this.sort, (key) => {
        this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
        this.drawTable();
        this.tableHolder.querySelector(`th[aria-sort="${this.sort.ascending ? 'ascending' : 'descending'}"]`)?.focus();
      }, winner));
    }

    destroy() {
      this.history?.destroy(); this.importance?.destroy();
      this.history = null; this.importance = null;
      for (const s of this.slices.values()) s.chart.destroy();
      this.slices.clear();
    }
  }

  S.page('sweep', async (root, params) => {
    root.dataset.page = 'sweep';
    const { experiment, sweep } = routeParams(params);
    document.title = `Sweep ${sweep} · Strata`;
    root.replaceChildren(el('h1', {}, `Sweep ${sweep}`));
    if (!experiment || !sweep) {
      root.append(el('p', { class: 'error', role: 'alert' }, 'A sweep page needs #/sweeps/<experiment>/<sweep>.'));
      root.dataset.ready = 'true';
      return undefined;
    }
    const view = new SweepView(root, experiment, sweep);
    root.append(view.body);
    try {
      await view.refresh();
    } catch (error) {
      view.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, `Could not load the sweep: ${error.message ?? error}`));
    }
    root.dataset.ready = 'true';
    let busy = false, again = false;
    const unsubscribe = S.live?.(experiment, async () => {
      if (!root.isConnected) { stop(); return; }
      if (busy) { again = true; return; }
      busy = true;
      try { do { again = false; await view.refresh(); } while (again); } catch { /* the next change retries */ }
      busy = false;
    });
    function stop() { unsubscribe?.(); view.destroy(); }
    S.onLeave?.(stop);
    return stop;
  });
})();
