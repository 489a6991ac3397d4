// Trial page (#/trials/<T>): status, metadata (objective, feasibility, sweep), parameters, its
// components, inputs and outputs, metric series, and links to the segments, sweep and compare
// views. Uses the views of S.detail (component.js).
(() => {
  const S = globalThis.Strata ??= {};
  const enc = encodeURIComponent;
  const RUNNING = new Set(['InProgress', 'Stopping']);

  /// One status for the whole trial: running while any component runs, failed when any failed.
  const trialStatus = (components) => {
    const states = components.map((c) => c.status?.primary);
    if (!states.length) return { primary: 'Empty', message: 'no components' };
    if (states.some((s) => RUNNING.has(s))) return { primary: 'InProgress' };
    for (const s of ['Failed', 'Stopped']) if (states.includes(s)) return { primary: s };
    return { primary: 'Completed' };
  };

  /// A sweep's assignment as recorded (`{"steps.k":{"int":{"_0":8}}}`) → [[name, value]].
  const assignment = (json) => {
    try {
      return Object.entries(JSON.parse(json)).sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, v && typeof v === 'object' ? (Object.values(v)[0]?._0 ?? JSON.stringify(v)) : v]);
    } catch { return []; }
  };

  const metadataView = (trial) => {
    const m = trial.metadata ?? {};
    const D = S.detail;
    const parts = [];
    const objective = [];
    if (m['objective.metric']) objective.push(['objective', m['objective.metric']]);
    if (m['objective.value']) objective.push(['value', Number(m['objective.value'])]);
    if (m.feasible) objective.push(['feasible', m.feasible === 'true' ? 'yes' : 'no']);
    if (m['feasibility.reason'] ?? m['infeasible.reason']) objective.push(['why infeasible', m['feasibility.reason'] ?? m['infeasible.reason']]);
    if (objective.length) parts.push(S.el('h3', {}, 'Objective'), D.pairs(objective));
    if (m.sweep) {
      const sweepLink = S.el('a', { href: `#/sweeps/${enc(trial.experimentName)}/${enc(m.sweep)}` }, m.sweep);
      const rows = [['sweep', sweepLink], ['number', m['sweep.number'] ?? ''], ['state', m['sweep.state'] ?? '']];
      if (m['sweep.loss']) rows.push(['loss (smaller is better)', Number(m['sweep.loss'])]);
      if (m['sweep.message']) rows.push(['message', m['sweep.message']]);
      parts.push(S.el('h3', {}, 'Sweep'), D.pairs(rows));
      const assigned = assignment(m['sweep.assignment'] ?? '{}');
      if (assigned.length) parts.push(S.el('h4', {}, 'Assignment'), D.pairs(assigned, ['Parameter', 'Value']));
    }
    const shown = new Set(['objective.metric', 'objective.value', 'feasible', 'sweep', 'sweep.number', 'sweep.state',
      'sweep.loss', 'sweep.message', 'sweep.assignment']);
    const rest = Object.keys(m).filter((k) => !shown.has(k) && m[k] !== '').sort().map((k) => [k, m[k]]);
    if (rest.length) parts.push(S.el('h3', {}, 'Other metadata'), D.pairs(rest));
    const tags = Object.keys(trial.tags ?? {}).sort().map((k) => [k, trial.tags[k]]);
    if (tags.length) parts.push(S.el('h3', {}, 'Tags'), D.pairs(tags, ['Tag', 'Value']));
    return parts.length ? parts : [D.note('No metadata recorded.')];
  };

  const parametersView = (components) => {
    const rows = [];
    for (const c of components) {
      for (const k of Object.keys(c.parameters ?? {}).sort()) {
        rows.push(S.el('tr', {}, S.el('th', { scope: 'row' }, k),
          S.el('td', {}, S.el('a', { href: S.href('components', c.name) }, c.name)),
          S.detail.cell(c.parameters[k])));
      }
    }
    if (!rows.length) return S.detail.note('No parameters recorded.');
    return S.detail.table(['Parameter', 'Component', 'Value'], rows, { className: 'parameters' });
  };

  const componentsView = (components) => {
    const D = S.detail;
    if (!components.length) return D.note('No components in this trial.');
    return D.table(['Component', 'Status', 'Started', 'Duration', 'Metrics', 'Outputs'],
      components.map((c) => D.linkRow(S.href('components', c.name),
        S.el('td', { class: 'name' }, S.el('a', { href: S.href('components', c.name) }, c.displayName || c.name)),
        S.el('td', {}, D.status(c.status)),
        S.el('td', {}, D.date(c.startTime)),
        S.el('td', { class: 'num' }, c.startTime && c.endTime ? D.duration((new Date(c.endTime) - new Date(c.startTime)) / 1000) : ''),
        S.el('td', { class: 'num' }, String(Object.keys(c.metrics ?? {}).length)),
        S.el('td', {}, Object.keys(c.outputs ?? {}).sort().join(', ')))),
      { className: 'components', numeric: ['Duration', 'Metrics'] });
  };

  /// This trial and up to four others for #/compare: the best of its sweep (by loss), or else
  /// the experiment's latest trials.
  const compareTrials = async (trial) => {
    const sweep = trial.metadata?.sweep;
    const reply = await S.api(`/api/v1/trials?experiment=${enc(trial.experimentName)}`, { signal: S.pageSignal() })
      .catch(() => ({ trials: [] }));
    if (!sweep) {
      const latest = (reply.trials ?? []).filter((t) => t.name !== trial.name)
        .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt))).slice(0, 4).map((t) => t.name);
      return [trial.name, ...latest];
    }
    const others = (reply.trials ?? [])
      .filter((t) => t.name !== trial.name && t.metadata?.sweep === sweep && t.metadata?.['sweep.state'] === 'complete'
        && isFinite(Number(t.metadata?.['sweep.loss'])) && t.metadata?.['sweep.loss'] !== '')
      .sort((a, b) => Number(a.metadata['sweep.loss']) - Number(b.metadata['sweep.loss']))
      .slice(0, 4).map((t) => t.name);
    return [trial.name, ...others];
  };

  S.page('trial', async (root, params) => {
    const D = S.detail;
    const name = params.trial;
    document.title = `${name} · Trial · Strata`;
    const life = D.lifetime(root);
    const signal = S.pageSignal();
    let trial, components;
    try {
      [trial, components] = await Promise.all([
        S.api(`/api/v1/trials/${enc(name)}`, { signal }),
        S.api(`/api/v1/components?trial=${enc(name)}`, { signal }).then((r) => r.components ?? []),
      ]);
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      root.replaceChildren(S.el('h1', {}, name), D.error(error));
      root.dataset.ready = 'true';
      return;
    }

    const statusHolder = S.el('span', {}, D.status(trialStatus(components)));
    const links = S.el('nav', { class: 'toolbar trial-links', 'aria-label': 'Views of this trial' });
    const segmentLinks = components.filter((c) => c.outputs?.['labels.csv'])
      .map((c) => S.el('a', { href: S.href('segments', c.name), dataset: { link: 'segments' } }, `Segments of ${c.name}`));
    const compare = S.el('a', { href: `#/compare?trials=${enc(name)}`, dataset: { link: 'compare' } }, 'Compare');
    links.append(...segmentLinks, compare);
    if (trial.metadata?.sweep) {
      links.append(S.el('a', { href: `#/sweeps/${enc(trial.experimentName)}/${enc(trial.metadata.sweep)}`, dataset: { link: 'sweep' } },
        'Sweep'));
    }
    const componentsHolder = S.el('div', {}, componentsView(components));
    const parametersHolder = S.el('div', {}, parametersView(components));
    const metricSummaryHolder = S.el('div', {}, D.metricSummary(components));
    const artifactsHolder = S.el('div', {}, ...components.flatMap((c) => [
      S.el('h3', {}, S.el('a', { href: S.href('components', c.name) }, c.name)), D.artifacts(c, { previews: false })]));
    const charts = D.metricCharts(components);
    life.add(charts.destroy);

    root.replaceChildren(
      S.el('header', { class: 'page-header' },
        S.el('h1', {}, trial.displayName || trial.name, ' ', statusHolder),
        S.el('p', {}, 'Experiment: ', S.el('a', { href: S.href('experiments', trial.experimentName) }, trial.experimentName),
          ` · created ${D.date(trial.createdAt)}`),
        links),
      D.section('Metadata', ...metadataView(trial)),
      D.section('Components', componentsHolder),
      D.section('Parameters', parametersHolder),
      D.section('Metrics', metricSummaryHolder, charts.element),
      D.section('Inputs and outputs', artifactsHolder));

    const refresh = async () => {
      if (!root.isConnected) return;
      components = (await S.api(`/api/v1/components?trial=${enc(name)}`, { signal })).components ?? [];
      statusHolder.replaceChildren(D.status(trialStatus(components)));
      componentsHolder.replaceChildren(componentsView(components));
      parametersHolder.replaceChildren(parametersView(components));
      metricSummaryHolder.replaceChildren(D.metricSummary(components));
      await charts.refresh(components);
    };

    const [compared] = await Promise.all([compareTrials(trial), charts.refresh(components)]);
    if (compared.length > 1) {
      compare.href = `#/compare?trials=${compared.map(enc).join(',')}`;
      compare.textContent = trial.metadata?.sweep
        ? `Compare with the sweep's best (${compared.length - 1})` : `Compare with the latest (${compared.length - 1})`;
    }
    life.add(S.live(trial.experimentName, () => refresh().catch(() => {})));
    root.dataset.ready = 'true';
  });
})();
