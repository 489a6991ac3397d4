// The client report (`strata report`): draws one experiment's segmentation from the JSON block
// the file carries (`#strata-report-data`), with the dashboard's own charts. Classic script,
// no network: the file is opened from disk.
(() => {
  'use strict';
  const S = globalThis.Strata ??= {};
  const el = (...args) => S.el(...args);
  const fmt = (v) => (v === null || v === undefined ? '–' : S.fmt(v));
  const pct = (part, whole) => (whole > 0 ? `${(100 * part / whole).toFixed(1)} %` : '–');

  /** Little-endian typed array from base64 (every browser this runs on is little-endian). */
  const decode = (text, Type) => {
    const bytes = Uint8Array.from(atob(text ?? ''), (c) => c.charCodeAt(0));
    return new Type(bytes.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT);
  };

  /** The report's data decoded: typed arrays for the embedding. */
  S.reportData = () => {
    const node = document.getElementById('strata-report-data');
    const data = JSON.parse(node.textContent);
    if (data.format !== 1) throw new Error(`This report was written in format ${data.format}, which this page cannot read.`);
    const e = data.embedding;
    if (e) {
      e.positionArray = decode(e.positions, Float32Array);
      e.segmentArray = decode(e.segments, Int32Array);
      e.rowArray = decode(e.rowIndex, Uint32Array);
    }
    return data;
  };

  const segmentName = (label) => (label < 0 ? 'Noise' : `Segment ${label}`);
  const section = (id, title, ...children) => el('section', { class: 'report-section', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title), ...children);
  const chartBox = (kind) => el('div', { class: 'report-chart', dataset: { kind } });
  const fact = (label, value, note) => el('div', { class: 'fact card' },
    el('div', { class: 'muted' }, label), el('div', { class: 'value' }, value), note ? el('div', { class: 'muted small' }, note) : null);
  const dateText = (iso) => (iso ? S.fmtDate(iso) : '–');

  function summary(data) {
    const x = data.experiment, a = data.attempts, c = data.choice;
    const when = x.firstAttemptAt ? `${dateText(x.firstAttemptAt)} – ${dateText(x.lastAttemptAt)}` : dateText(x.createdAt);
    return el('div', { class: 'facts' },
      fact('Attempts', fmt(a.total), `${fmt(a.feasible)} feasible · ${fmt(a.infeasible)} infeasible · ${fmt(a.withoutObjective)} without a score`),
      fact('When', when, `experiment created ${dateText(x.createdAt)}${x.createdBy ? ` by ${x.createdBy}` : ''}`),
      fact('Objective', data.objective ? data.objective.metric : 'none recorded', data.objective ? `${data.objective.direction} is better` : null),
      fact('Chosen segmentation', c.trial, c.value !== null && c.value !== undefined ? `${data.objective?.metric ?? 'objective'} ${fmt(c.value)}` : null));
  }

  function howChosen(data) {
    const c = data.choice, a = data.attempts;
    const list = el('ul', { class: 'report-list' },
      el('li', {}, c.explanation),
      el('li', {}, `Attempts compared: ${fmt(c.compared)} of ${fmt(a.total)} (feasible, with a recorded ${data.objective?.metric ?? 'objective'}).`));
    if (c.runnerUp) {
      const r = c.runnerUp;
      const ahead = r.margin >= 0 ? 'ahead of' : 'behind';
      list.append(el('li', {}, `Runner-up: ${r.trial} with ${r.measure} ${fmt(r.value)}; the chosen segmentation's ${fmt(r.chosenValue)} is ${fmt(Math.abs(r.margin))} ${ahead} it.`));
    } else {
      list.append(el('li', {}, 'No other feasible attempt to compare with.'));
    }
    if (a.infeasible > 0) {
      list.append(el('li', {}, `Constraints: ${fmt(a.infeasible)} attempt(s) broke the pipeline's constraints and could not win:`,
        el('ul', {}, a.infeasibleReasons.map((r) => el('li', {}, `${r.reason} (${fmt(r.count)})`)))));
    } else {
      list.append(el('li', {}, 'Constraints: every attempt with a score met the pipeline\'s constraints.'));
    }
    return list;
  }

  /** The attempts table: rows focusable, headers sort on click, Enter or Space. */
  function attemptsTable(data) {
    const rows = data.attempts.top.map((t, i) => ({ ...t, rank: i + 1 }));
    const settingNames = [...new Set(rows.flatMap((r) => Object.keys(r.settings ?? {})))].sort();
    const hasConsensus = rows.some((r) => r.consensus !== null && r.consensus !== undefined);
    const columns = [
      { name: '#', value: (r) => r.rank, num: true },
      { name: 'Trial', value: (r) => r.trial },
      { name: data.objective ? `${data.objective.metric} (${data.objective.direction})` : 'Objective', value: (r) => r.value, num: true },
      { name: 'Feasible', value: (r) => (r.feasible === null || r.feasible === undefined ? '–' : r.feasible ? 'yes' : 'no') },
      ...(hasConsensus ? [{ name: 'Score-weighted consensus', value: (r) => r.consensus, num: true }] : []),
      ...settingNames.map((s) => ({ name: s.replace(/^steps\./, ''), value: (r) => r.settings?.[s] ?? '' })),
    ];
    let sortBy = 0, ascending = true;
    const body = el('tbody');
    const head = el('tr');
    const fill = () => {
      const sorted = [...rows].sort((a, b) => {
        const x = columns[sortBy].value(a), y = columns[sortBy].value(b);
        const missing = (v) => v === null || v === undefined || v === '';
        if (missing(x) !== missing(y)) return missing(x) ? 1 : -1;
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
        return ascending ? order : -order;
      });
      body.replaceChildren(...sorted.map((r) => el('tr', { tabindex: 0, class: r.trial === data.choice.trial ? 'selected' : null,
        'aria-selected': r.trial === data.choice.trial ? 'true' : null, dataset: { trial: r.trial } },
      columns.map((c) => {
        const v = c.value(r);
        return el('td', { class: c.num ? 'num' : (c.name === 'Trial' ? 'name' : null) }, typeof v === 'number' ? fmt(v) : (v ?? ''));
      }))));
      head.querySelectorAll('th').forEach((th, i) => {
        th.setAttribute('aria-sort', i === sortBy ? (ascending ? 'ascending' : 'descending') : 'none');
        th.querySelector('.arrow').textContent = i === sortBy ? (ascending ? '▲' : '▼') : '';
      });
    };
    columns.forEach((c, i) => {
      const sort = () => { if (sortBy === i) ascending = !ascending; else { sortBy = i; ascending = true; } fill(); };
      head.append(el('th', { class: `sortable${c.num ? ' num' : ''}`, tabindex: 0, scope: 'col', onclick: sort,
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } } }, c.name, el('span', { class: 'arrow' })));
    });
    fill();
    const shown = rows.length, total = data.attempts.total;
    return [el('p', { class: 'muted' }, `The ${shown} best of ${total} attempts by the objective (feasible first); the chosen one is highlighted.`),
      el('div', { class: 'table-wrap' }, el('table', { class: 'data attempts' }, el('thead', {}, head), body))];
  }

  function segmentationPart(data, charts) {
    const g = data.segmentation;
    const out = [];
    if (!g.rows) return [el('p', { class: 'notice' }, 'No segment labels were recorded for this trial.')];
    const labels = g.segments.map((s) => s.label);
    const sizes = g.segments.map((s) => s.size);
    if (g.noise > 0) { labels.push(-1); sizes.push(g.noise); }
    out.push(el('p', {}, `${fmt(g.segments.length)} segments over ${fmt(g.rows)} customers` + (g.noise > 0 ? `, ${fmt(g.noise)} (${pct(g.noise, g.rows)}) left as noise.` : '.')));
    const bars = chartBox('bars');
    out.push(el('h3', {}, 'Segment sizes'), bars);
    charts.push(() => S.charts.bars(bars, { labels: labels.map(segmentName), values: sizes, colors: labels.map((l) => S.palette(l)) },
      { horizontal: true, xLabel: 'customers' }));
    const scores = Object.entries(g.scores ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (scores.length) {
      out.push(el('h3', {}, 'Scores of this segmentation'),
        el('div', { class: 'table-wrap compact' }, el('table', { class: 'data' },
          el('tbody', {}, scores.map(([name, value]) => el('tr', { tabindex: 0 }, el('th', { scope: 'row' }, name), el('td', { class: 'num' }, fmt(value))))))));
    }
    const p = g.profile;
    if (p) {
      const heat = chartBox('heatmap');
      out.push(el('h3', {}, 'Profile: each feature\'s mean in the segment relative to all customers (lift)'), heat);
      charts.push(() => S.charts.heatmap(heat, {
        rows: p.segments.map((s) => segmentName(s.label)),
        columns: p.featureNames,
        values: p.segments.map((s) => s.features.map((f) => f.ratioToOverall ?? NaN)),
        rowNotes: p.segments.map((s) => `${fmt(s.size)} (${pct(s.size, p.rowCount)})`),
      }, { center: 1, log: true, noteLabel: 'customers', valueLabel: 'lift (× overall mean)' }));
      out.push(el('ul', { class: 'report-list' }, p.segments.map((s) => el('li', {},
        el('strong', {}, segmentName(s.label)), ` — ${fmt(s.size)} customers; stands out by `,
        s.distinguishing.length ? s.distinguishing.map((name) => {
          const f = s.features.find((x) => x.name === name);
          const d = f?.standardizedDifference;
          return `${name} (${d >= 0 ? '+' : ''}${fmt(d)} sd)`;
        }).join(', ') : 'nothing measurable'))));
    }
    return out;
  }

  function embeddingPart(data, charts) {
    const e = data.embedding;
    if (!e) return [el('p', { class: 'notice' }, 'No embedding was recorded for this trial, so the customers cannot be drawn.')];
    const box = chartBox('embedding');
    const sampled = e.count < e.rows ? `a uniform sample of ${fmt(e.count)} of ${fmt(e.rows)} customers (seed ${e.seed})` : `all ${fmt(e.rows)} customers`;
    charts.push(() => S.charts.embedding(box, { dims: e.dims, positions: e.positionArray, segments: e.segmentArray, rowIndex: e.rowArray },
      { height: 520, segmentName, describe: (i) => `customer ${e.ids[i]} · ${segmentName(e.segmentArray[i])}` }));
    return [el('p', { class: 'muted' }, `${e.dims === 3 ? '3-D: drag to rotate' : '2-D: drag to pan'}, wheel to zoom, hover a point for the customer; the legend toggles segments. `
      + `Shown: ${sampled}, placed by ${e.columns.join(', ')} from component ${e.component}`
      + (e.recordedDims > e.dims ? ` (first ${e.dims} of ${e.recordedDims} dimensions)` : '') + '.'), box];
  }

  function kDistancePart(data, charts) {
    const k = data.kDistance;
    if (!k) return [el('p', { class: 'notice' }, 'No k-distance curve was recorded for this trial (runs record one for density clusterings: DBSCAN, HDBSCAN).')];
    const box = chartBox('kdistance');
    // A thinned curve: `ranks` places each distance (and the knee) at its rank in the full curve.
    charts.push(() => S.charts.kdistance(box, { k: k.k, distances: k.distances, ranks: k.ranks, count: k.points,
      knee: k.knee ?? null, eps: k.eps ?? null }));
    const thinned = k.points > k.distances.length ? ` Drawn from ${fmt(k.distances.length)} of the ${fmt(k.points)} points (the curve's shape kept).` : '';
    return [el('p', { class: 'muted' }, `Each point's distance to its ${k.k}th neighbour, ascending. `
      + (k.knee ? `The knee (rank ${fmt(k.knee.rank)}, distance ${fmt(k.knee.value)}) suggests eps; ` : '')
      + (k.eps !== null && k.eps !== undefined ? `the clustering used eps = ${fmt(k.eps)}.` : '') + thinned), box];
  }

  function silhouettePart(data, charts) {
    const s = data.silhouette;
    if (!s) return [el('p', { class: 'notice' }, 'No per-customer silhouette values were recorded for this trial.')];
    const box = chartBox('silhouette');
    charts.push(() => S.charts.silhouette(box, { clusters: s.clusters.map((c) => ({ label: c.label, values: c.values })), average: s.average },
      { height: 420, segmentName }));
    const thinned = s.kept < s.samples ? ` Drawn from ${fmt(s.kept)} of ${fmt(s.samples)} values at evenly spaced ranks per segment.` : '';
    return [el('p', { class: 'muted' }, `Per customer: how much closer it is to its own segment than to the next one (1 = well placed, below 0 = closer to another segment). `
      + (s.average !== null && s.average !== undefined ? `Average ${fmt(s.average)}.` : '') + thinned), box];
  }

  /** Renders the whole report into `#app`; returns when the charts have drawn. */
  S.renderReport = async () => {
    const app = document.getElementById('app');
    const root = el('section', { class: 'page report', dataset: { page: 'report' } });
    app.replaceChildren(root);
    let data;
    try {
      data = S.reportData();
    } catch (error) {
      root.append(S.errorBox(error));
      root.dataset.ready = 'true';
      return;
    }
    const x = data.experiment;
    document.title = `Segmentation report: ${x.displayName ?? x.name}`;
    const charts = [];
    root.append(...[
      el('div', { class: 'report-head' },
        el('h1', {}, x.displayName ?? x.name),
        el('button', { type: 'button', class: 'icon', id: 'theme-toggle', title: 'Light or dark', 'aria-label': 'Switch between light and dark', onclick: S.toggleTheme }, '◐')),
      el('p', { class: 'muted' }, `Experiment ${x.name} · report generated ${dateText(data.generatedAt)}`),
      x.description ? el('p', { class: 'description' }, x.description) : null,
      summary(data),
      section('choice', 'How the winner was chosen', howChosen(data)),
      section('attempts', 'Top attempts', attemptsTable(data)),
      section('segments', `The chosen segmentation: ${data.choice.trial}`, segmentationPart(data, charts)),
      section('embedding', 'Customers in the embedding', embeddingPart(data, charts)),
      section('kdistance', 'k-distance curve', kDistancePart(data, charts)),
      section('silhouette', 'Silhouette per segment', silhouettePart(data, charts)),
      data.notes.length ? section('notes', 'Not recorded', el('ul', { class: 'report-list' }, data.notes.map((n) => el('li', {}, n)))) : null,
    ].filter(Boolean));
    const drawn = charts.map((make) => make());
    await Promise.all(drawn.map((c) => c?.firstFrame?.catch?.(() => undefined)));
    root.dataset.ready = 'true';
  };

  document.addEventListener('DOMContentLoaded', () => { S.renderReport(); });
})();
