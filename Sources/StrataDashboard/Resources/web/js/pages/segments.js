// Segments page (#/segments/<C>): a clustering seen from its recorded artifacts — the embedding
// as a WebGL point cloud coloured by segment, the segment sizes, the profile as a lift heatmap,
// the k-distance curve with its knee and eps, and the silhouette plot.
(() => {
  const S = globalThis.Strata ??= {};

  /** Most points fetched for the scatter (the server samples uniformly above this). */
  const MAX_POINTS = 1000000;

  const segmentName = (label) => (label < 0 ? 'Noise' : `Segment ${label}`);
  const componentPath = (name) => `/dashboard/api/segments/${encodeURIComponent(name)}`;

  /** Reads the points route's binary body: "SEG1", u32 n, u32 dims, f32 positions, i32 labels, u32 rows. */
  S.parseSegmentPoints = (buffer) => {
    const view = new DataView(buffer);
    const magic = String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));
    if (buffer.byteLength < 12 || magic !== 'SEG1') throw new Error('The points answer is not in the SEG1 format.');
    const n = view.getUint32(4, true), dims = view.getUint32(8, true);
    if (buffer.byteLength !== 12 + n * (dims * 4 + 8)) throw new Error('The points answer is truncated.');
    const labelsAt = 12 + n * dims * 4;
    return {
      dims,
      positions: new Float32Array(buffer, 12, n * dims),
      segments: new Int32Array(buffer, labelsAt, n),
      rowIndex: new Uint32Array(buffer, labelsAt + n * 4, n),
    };
  };

  /**
   * The recorded k-distance curve (`k_distance.json`: kept ranks and their distances) back at its
   * full length for the chart: straight lines between kept ranks, which lie inside each bucket's
   * [first, last] range because the curve is sorted. Longer curves are thinned evenly.
   */
  S.expandKDistance = (artifact, limit = 2000000) => {
    const { ranks = [], distances = [], count = distances.length } = artifact;
    const step = Math.max(1, Math.ceil(count / limit));
    const out = new Float32Array(Math.ceil(count / step));
    let j = 0;
    for (let i = 0; i < out.length; i++) {
      const rank = i * step;
      while (j + 1 < ranks.length && ranks[j + 1] <= rank) j++;
      const r0 = ranks[j], r1 = ranks[Math.min(j + 1, ranks.length - 1)];
      const d0 = distances[j], d1 = distances[Math.min(j + 1, distances.length - 1)];
      out[i] = r1 > r0 ? d0 + (d1 - d0) * (rank - r0) / (r1 - r0) : d0;
    }
    const knee = artifact.knee ? { rank: Math.round(artifact.knee.rank / step), value: artifact.knee.value } : null;
    return { k: artifact.k, distances: out, knee, eps: artifact.eps ?? null };
  };

  const section = (title, ...children) => S.el('section', { class: 'panel' }, S.el('h2', {}, title), ...children);
  const notice = (text) => S.el('p', { class: 'notice' }, text);

  /** The sizes table: keyboard-sortable by label or size. */
  function sizesTable(summary) {
    const rows = summary.segments.map((s) => ({ label: s.label, size: s.size }));
    if (summary.noise > 0) rows.push({ label: -1, size: summary.noise });
    let key = 'size', descending = true;
    const body = S.el('tbody');
    const drawRows = () => {
      rows.sort((a, b) => (descending ? -1 : 1) * (a[key] - b[key]) || a.label - b.label);
      body.replaceChildren(...rows.map((r) => S.el('tr', { tabindex: 0, dataset: { segment: String(r.label) } },
        S.el('td', {}, S.el('span', { 'aria-hidden': 'true', style: { display: 'inline-block', width: '.8em', height: '.8em',
          borderRadius: '2px', background: S.palette(r.label) } }), ' ', segmentName(r.label)),
        S.el('td', { class: 'num' }, S.fmt(r.size)),
        S.el('td', { class: 'num' }, `${(100 * r.size / Math.max(1, summary.count)).toFixed(1)} %`))));
    };
    const headers = [];
    const header = (text, sortKey) => {
      const th = S.el('th', { scope: 'col', tabindex: 0, class: sortKey === 'label' ? 'sortable' : 'sortable num', dataset: { sort: sortKey } }, text);
      const sort = () => { descending = key === sortKey ? !descending : sortKey === 'size'; key = sortKey; draw(); };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); } });
      headers.push(th);
      return th;
    };
    const draw = () => {
      drawRows();
      headers.forEach((th) => th.setAttribute('aria-sort', th.dataset.sort === key ? (descending ? 'descending' : 'ascending') : 'none'));
    };
    const table = S.el('div', { class: 'table-wrap' }, S.el('table', { class: 'data', id: 'segment-sizes' },
      S.el('thead', {}, S.el('tr', {}, header('Segment', 'label'), header('Customers', 'size'), S.el('th', { scope: 'col', class: 'num' }, 'Share'))),
      body));
    draw();
    return table;
  }

  /** The profile heatmap: lift (segment mean / overall mean) per feature, sizes as row notes. */
  function profileData(profile) {
    const segments = [...profile.segments].sort((a, b) => (a.isNoise - b.isNoise) || a.label - b.label);
    return {
      rows: segments.map((s) => (s.isNoise ? 'Noise' : segmentName(s.label))),
      columns: profile.featureNames,
      values: segments.map((s) => s.features.map((f) => f.ratioToOverall ?? NaN)),
      rowNotes: segments.map((s) => `${S.fmt(s.size)} · ${(100 * s.share).toFixed(1)} %`),
    };
  }

  async function drawEmbedding(panel, component, summary) {
    if (!summary.dims) { panel.append(notice(summary.missing ?? 'No embedding is recorded for this clustering.')); return; }
    const response = await S.api(`${componentPath(component)}/points?max=${MAX_POINTS}`, { raw: true, signal: S.pageSignal() });
    const points = S.parseSegmentPoints(await response.arrayBuffer());
    const shown = points.segments.length;
    panel.append(S.el('p', { class: 'muted', id: 'embedding-note' },
      `${S.fmt(shown)} of ${S.fmt(summary.count)} customers${shown < summary.count ? ' (a uniform sample)' : ''}, ` +
      `${summary.dims}-D, from ${summary.embeddingComponent}. Hover a point for the customer; click the legend to hide a segment.`));
    const box = S.el('div', { class: 'chart', id: 'embedding' });
    panel.append(box);
    const described = new Map();
    const chart = S.charts.embedding(box, points, {
      height: 520,
      segmentName,
      describe: (i, info) => {
        const row = info?.rowIndex ?? points.rowIndex[i];
        if (!described.has(row)) {
          described.set(row, S.api(`${componentPath(component)}/rows/${row}`, { signal: S.pageSignal() })
            .then((r) => `${r.id} · ${segmentName(r.segment)}`)
            .catch(() => `row ${row} · ${segmentName(points.segments[i])}`));
        }
        return described.get(row);
      },
    });
    S.onLeave(() => chart.destroy());
  }

  async function drawArtifact(panel, path, missing, draw) {
    if (!path) { panel.append(notice(missing)); return; }
    const data = await S.api(path, { signal: S.pageSignal() });
    const box = S.el('div', { class: 'chart' });
    panel.append(box);
    const chart = draw(box, data);
    S.onLeave(() => chart.destroy());
  }

  S.page('segments', async (root, { component }) => {
    document.title = `Segments · ${component} · Strata`;
    const summary = await S.api(componentPath(component), { signal: S.pageSignal() });
    root.append(S.el('div', { class: 'toolbar' },
      S.el('h1', { class: 'grow' }, 'Segments of ', S.el('a', { href: S.href('components', component) }, component))));
    const facts = [`${S.fmt(summary.count)} customers`, `${summary.segments.length} segments`,
      `${S.fmt(summary.noise)} noise (${(100 * summary.noise / Math.max(1, summary.count)).toFixed(1)} %)`];
    root.append(S.el('p', { class: 'muted', id: 'segments-summary' }, facts.join(' · '),
      summary.trial ? [' · trial ', S.el('a', { href: S.href('trials', summary.trial) }, summary.trial)] : null,
      summary.experiment ? [' · experiment ', S.el('a', { href: S.href('experiments', summary.experiment) }, summary.experiment)] : null));

    const embedding = section('Embedding');
    const sizes = section('Segment sizes', sizesTable(summary));
    const profile = section('Profile: feature lift per segment');
    const kdistance = section('k-distance curve');
    const silhouette = section('Silhouette per segment');
    root.append(embedding, sizes, profile, kdistance, silhouette);

    const a = summary.artifacts;
    await Promise.all([
      drawEmbedding(embedding, component, summary),
      drawArtifact(profile, a.profile, 'No profile is recorded for this clustering.', (box, data) =>
        S.charts.heatmap(box, profileData(data), { center: 1, log: true, noteLabel: 'customers', valueLabel: 'lift' })),
      drawArtifact(kdistance, a.kDistance, 'No k-distance curve is recorded: the clusterer is not density-based (DBSCAN, HDBSCAN).',
        (box, data) => {
          box.append(S.el('p', { class: 'muted' }, data.eps != null ? `eps ${S.fmt(data.eps)} (${data.epsSource ?? 'given'})` : 'no eps',
            data.knee ? ` · knee at rank ${S.fmt(data.knee.rank)}, distance ${S.fmt(data.knee.value)}` : ' · no knee found'));
          return S.charts.kdistance(box, S.expandKDistance(data));
        }),
      drawArtifact(silhouette, a.silhouette, 'No silhouette is recorded (it needs at least two segments).', (box, data) => {
        box.append(S.el('p', { class: 'muted' }, `Average ${S.fmt(data.average)} over ${S.fmt(data.sampleSize)} customers` +
          `${data.isSampled ? ' (a seeded sample)' : ''}, measured in the scaled features; noise left out.`));
        return S.charts.silhouette(box, data, { segmentName });
      }),
    ]);
    root.dataset.ready = 'true';
  });
})();
