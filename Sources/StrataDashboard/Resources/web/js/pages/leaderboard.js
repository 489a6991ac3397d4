// Leaderboard of one experiment: components or trials as rows, a search box in the search
// language, sortable columns, a column chooser, server-side paging, compare and live refresh.
// Sorting, filtering and paging all run on the server (POST /api/v1/leaderboard), so a page
// costs the same with 100 or 100,000 rows.
(() => {
  const S = globalThis.Strata ??= {};
  const PAGE = 50;
  const ATTRIBUTES = ['display_name', 'status', 'created', 'experiment', 'trial'];
  const AGGREGATES = ['last', 'min', 'max', 'avg', 'std', 'count'];
  const MAX_COMPARE = 20;

  /** A name as the search language spells it inside a key (backquoted unless plain). */
  const quote = (name) => (/^[A-Za-z0-9_]+$/.test(name) ? name : '`' + name.replaceAll('`', '``') + '`');
  /** A string literal of the search language. */
  const literal = (text) => '"' + text.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';

  /** Removes a trailing `order by …` clause (up to `limit`/`offset` or the end) from a query. */
  const withoutOrder = (text) => text.replace(/\s*\border\s+by\b[\s\S]*?(?=\s+\b(?:limit|offset)\b|$)/i, '');
  const hasOrder = (text) => /\border\s+by\b/i.test(text);

  function storageKey(experiment, target) { return `strata.columns.${target}.${experiment}`; }

  function defaultColumns(target, keys) {
    const params = keys.parameters.slice(0, 5).map((p) => `params.${quote(p)}`);
    const metrics = keys.metrics.slice(0, 5).map((m) => `metrics.${quote(m)}.last`);
    return (target === 'components' ? ['status', 'created'] : ['created']).concat(params, metrics);
  }

  /** The text of a cell from the wire format (null, number, string, {date}). */
  function cellText(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && 'date' in value) return S.fmtDate(new Date(value.date * 1000));
    return S.fmt(value);
  }

  /** A search error: the query, a caret under the offending column, and the message. */
  function searchErrorBox(query, error) {
    const chars = Array.from(query);
    const column = Math.max(1, Math.min(error.column ?? 1, chars.length + 1));
    const pad = chars.slice(0, column - 1).map((c) => (c === '\t' ? '\t' : ' ')).join('');
    const message = error.message.replace(/^search error at column \d+:\s*/, '');
    return S.el('div', { class: 'search-error', id: 'search-error', role: 'alert', dataset: { column: String(column) } },
      query, '\n', pad + '^', S.el('span', { class: 'message' }, `Column ${column}: ${message}`));
  }

  S.page('leaderboard', async (root, params) => {
    const experiment = params.experiment;
    document.title = `${experiment} · Strata`;
    const stateKey = `strata.leaderboard.${experiment}`;
    const saved = JSON.parse(sessionStorage.getItem(stateKey) ?? '{}');
    const state = {
      target: saved.target === 'trials' ? 'trials' : 'components',
      search: saved.search ?? '',
      sort: saved.sort ?? null, // {key, desc}
      offset: 0,
      columns: null,
      selected: new Set(),
    };
    const keys = await S.api('/api/v1/keys', { signal: S.pageSignal() });
    const info = await S.api(`/api/v1/experiments/${encodeURIComponent(experiment)}`, { signal: S.pageSignal() });

    const loadColumns = () => {
      const stored = JSON.parse(localStorage.getItem(storageKey(experiment, state.target)) ?? 'null');
      state.columns = Array.isArray(stored) ? stored : defaultColumns(state.target, keys);
    };
    const saveState = () => sessionStorage.setItem(stateKey, JSON.stringify({ target: state.target, search: state.search, sort: state.sort }));
    loadColumns();

    // ---- Toolbar -------------------------------------------------------------------------
    const searchInput = S.el('input', { type: 'search', id: 'leaderboard-search', value: state.search, spellcheck: false,
      placeholder: 'metrics.silhouette.last > 0.3 and params.algorithm = "hdbscan"', 'aria-label': 'Search' });
    const searchError = S.el('div');
    const targetButtons = ['components', 'trials'].map((t) => S.el('button', { type: 'button', dataset: { target: t },
      'aria-pressed': String(state.target === t), onclick: () => setTarget(t) }, t === 'components' ? 'Components' : 'Trials'));
    const compareButton = S.el('button', { type: 'button', id: 'compare-selected', disabled: true, onclick: () => compare() }, 'Compare selected');
    const chooserButton = S.el('button', { type: 'button', id: 'column-chooser', 'aria-expanded': 'false', onclick: () => toggleChooser() }, 'Columns');
    const chooser = S.el('div', { class: 'chooser' }, chooserButton);
    const table = S.el('div', { class: 'table-wrap' });
    const pageInfo = S.el('span', { class: 'muted', id: 'page-info' });
    const prev = S.el('button', { type: 'button', id: 'page-prev', onclick: () => { state.offset = Math.max(0, state.offset - PAGE); load(); } }, '← Prev');
    const next = S.el('button', { type: 'button', id: 'page-next', onclick: () => { state.offset += PAGE; load(); } }, 'Next →');
    const liveNote = S.el('span', { class: 'muted', title: 'The table refreshes when runs record something' }, S.el('span', { class: 'live-dot' }), 'live');

    root.append(
      S.el('div', { class: 'toolbar' },
        S.el('h1', { class: 'grow' }, S.el('a', { href: '#/experiments', class: 'muted' }, 'Experiments'), ' / ', info.displayName || experiment),
        liveNote),
      S.el('p', { class: 'muted', hidden: !info.description }, info.description ?? ''),
      S.el('form', { class: 'toolbar', role: 'search', onsubmit: (event) => { event.preventDefault(); applySearch(); } },
        S.el('div', { class: 'search' }, searchInput),
        S.el('button', { type: 'submit', id: 'search-run' }, 'Search'),
        S.el('div', { class: 'segmented', role: 'group', 'aria-label': 'Rows' }, targetButtons),
        chooser, compareButton),
      searchError, table,
      S.el('div', { class: 'pager' }, prev, next, pageInfo));

    // ---- Loading ---------------------------------------------------------------------------
    let ticket = 0;
    let inflight = null;
    // A live change arriving while a request runs waits for it instead of aborting it: while
    // runs record every second, aborting would starve a slow query (and the user's search).
    let loading = 0, changedMeanwhile = false;
    let lastTable = null;

    const sentSearch = () => {
      const text = state.search.trim();
      if (!state.sort) return text;
      return `${withoutOrder(text)}${text ? ' ' : ''}order by ${state.sort.key} ${state.sort.desc ? 'desc' : 'asc'}`.trim();
    };

    async function load() {
      loading += 1;
      try { await request(); } finally {
        loading -= 1;
        if (loading === 0 && changedMeanwhile) { changedMeanwhile = false; load(); }
      }
    }

    function refresh() {
      if (searchError.firstChild) return;
      if (loading > 0) changedMeanwhile = true; else load();
    }

    async function request() {
      const mine = ++ticket;
      inflight?.abort();
      inflight = new AbortController();
      const columns = state.target === 'components' && !state.columns.includes('trial') ? ['trial', ...state.columns] : state.columns;
      const search = sentSearch();
      let result;
      try {
        result = await S.api('/api/v1/leaderboard', { method: 'POST', signal: inflight.signal,
          body: { target: state.target, columns, search, limit: PAGE + 1, offset: state.offset, experiment } });
      } catch (error) {
        if (error?.name === 'AbortError' || mine !== ticket) return;
        if (error instanceof S.ApiError && error.status === 400 && error.column !== null) {
          const inColumns = error.query !== null && error.query !== search;
          searchError.replaceChildren(searchErrorBox(error.query ?? search, error));
          if (inColumns) searchError.append(S.el('p', { class: 'notice' }, 'A chosen column is not a valid key: remove it with Columns.'));
        } else {
          searchError.replaceChildren(S.errorBox(error));
        }
        root.dataset.ready = 'true';
        return;
      }
      if (mine !== ticket) return;
      searchError.replaceChildren();
      lastTable = result;
      draw(result);
      root.dataset.ready = 'true';
    }

    function draw(result) {
      const more = result.rows.length > PAGE;
      const rows = result.rows.slice(0, PAGE);
      const trialIndex = result.columns.indexOf('trial');
      const sortable = (column) => {
        const active = state.sort?.key === column;
        const arrow = active ? (state.sort.desc ? '▼' : '▲') : '';
        return S.el('th', { scope: 'col', class: 'sortable', dataset: { column },
          'aria-sort': active ? (state.sort.desc ? 'descending' : 'ascending') : 'none' },
        S.el('button', { type: 'button', class: 'link', title: `Sort by ${column}`, onclick: () => sortBy(column) },
          column, arrow ? S.el('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow) : null));
      };
      const head = S.el('tr', {}, S.el('th', { class: 'check', scope: 'col' }, S.el('span', { class: 'muted', title: 'Select trials to compare' }, '⊕')),
        result.columns.map(sortable));
      const body = rows.map((row) => {
        const name = row[0];
        const trial = state.target === 'trials' ? name : (trialIndex >= 0 ? row[trialIndex] : null);
        const href = S.href(state.target, name);
        const box = S.el('input', { type: 'checkbox', 'aria-label': `Select ${trial ?? name} to compare`, disabled: !trial,
          checked: !!trial && state.selected.has(trial),
          onchange: (event) => { event.stopPropagation(); toggle(trial, event.target.checked); } });
        const cells = row.map((value, i) => {
          const text = cellText(value);
          if (i === 0) return S.el('td', { class: 'name' }, S.el('a', { href, title: name }, text));
          if (i === trialIndex && text) return S.el('td', { class: 'name' }, S.el('a', { href: S.href('trials', text) }, text));
          const column = result.columns[i];
          const cls = typeof value === 'number' ? 'num' : (column === 'status' ? `status-${text}` : null);
          return S.el('td', { class: cls }, text);
        });
        return S.el('tr', { tabindex: 0, dataset: { name }, class: trial && state.selected.has(trial) ? 'selected' : null,
          onclick: (event) => { if (!event.target.closest('a, input, button')) S.go(href); },
          onkeydown: (event) => {
            if (event.target !== event.currentTarget) return;
            if (event.key === 'Enter') { event.preventDefault(); S.go(href); }
            if (event.key === ' ' && trial) { event.preventDefault(); box.checked = !box.checked; toggle(trial, box.checked); }
          } }, S.el('td', { class: 'check' }, box), cells);
      });
      const tableNode = S.el('table', { class: 'data', id: 'leaderboard', dataset: { target: state.target } },
        S.el('thead', {}, head), S.el('tbody', {}, body));
      // A live refresh redraws the table: keep the keyboard where it was.
      const focusedRow = table.contains(document.activeElement) ? document.activeElement.closest('tr')?.dataset.name : null;
      const focusedHeader = table.contains(document.activeElement) ? document.activeElement.closest('th')?.dataset.column : null;
      table.replaceChildren(rows.length ? tableNode : S.el('p', { class: 'notice', id: 'no-rows' },
        state.search.trim() ? 'No rows match the search.' : `No ${state.target} recorded in this experiment yet.`));
      if (focusedRow) body.find((row) => row.dataset.name === focusedRow)?.focus();
      if (focusedHeader) [...head.children].find((th) => th.dataset.column === focusedHeader)?.querySelector('button')?.focus();
      prev.disabled = state.offset === 0;
      next.disabled = !more;
      pageInfo.textContent = rows.length ? `rows ${S.fmt(state.offset + 1)}–${S.fmt(state.offset + rows.length)}` : '';
    }

    // ---- Actions ---------------------------------------------------------------------------
    function applySearch() {
      state.search = searchInput.value;
      if (state.sort && hasOrder(state.search)) state.sort = null; // the query's own order wins
      state.offset = 0;
      saveState();
      load();
    }

    function sortBy(column) {
      const desc = state.sort?.key === column ? !state.sort.desc : column !== 'name';
      state.sort = { key: column, desc };
      if (hasOrder(state.search)) { state.search = withoutOrder(state.search); searchInput.value = state.search; }
      state.offset = 0;
      saveState();
      load();
    }

    function setTarget(target) {
      if (state.target === target) return;
      state.target = target;
      targetButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.target === target)));
      if (state.sort && !['name', 'created', 'status', 'display_name', 'experiment'].includes(state.sort.key)) state.sort = null;
      state.offset = 0;
      loadColumns();
      saveState();
      closeChooser();
      load();
    }

    function toggle(trial, on) {
      if (on) state.selected.add(trial); else state.selected.delete(trial);
      compareButton.disabled = state.selected.size < 2 || state.selected.size > MAX_COMPARE;
      compareButton.textContent = state.selected.size ? `Compare selected (${state.selected.size})` : 'Compare selected';
      if (lastTable) draw(lastTable);
    }

    function compare() {
      const trials = [...state.selected].slice(0, MAX_COMPARE).map(encodeURIComponent).join(',');
      S.go(`#/compare?trials=${trials}`);
    }

    // ---- Column chooser --------------------------------------------------------------------
    let panel = null;
    function closeChooser() {
      panel?.remove();
      panel = null;
      chooserButton.setAttribute('aria-expanded', 'false');
    }
    function setColumns(columns) {
      state.columns = columns;
      localStorage.setItem(storageKey(experiment, state.target), JSON.stringify(columns));
      load();
    }
    function toggleChooser() {
      if (panel) { closeChooser(); return; }
      chooserButton.setAttribute('aria-expanded', 'true');
      const filter = S.el('input', { type: 'search', placeholder: 'Filter names', 'aria-label': 'Filter column names' });
      const list = S.el('div');
      const check = (key, label) => S.el('label', { class: 'inline', style: { display: 'flex' } },
        S.el('input', { type: 'checkbox', checked: state.columns.includes(key), dataset: { key },
          onchange: (event) => setColumns(event.target.checked ? [...state.columns, key] : state.columns.filter((c) => c !== key)) }),
        label ?? key);
      const fill = () => {
        const needle = filter.value.toLowerCase();
        const match = (name) => name.toLowerCase().includes(needle);
        list.replaceChildren(S.el('div', {},
          S.el('h3', {}, 'Attributes'), ATTRIBUTES.filter(match).map((a) => check(a)),
          S.el('h3', {}, 'Parameters'), keys.parameters.filter(match).map((p) => check(`params.${quote(p)}`, p)),
          S.el('h3', {}, 'Metrics'), keys.metrics.filter(match).map((m) => S.el('div', {}, S.el('span', {}, m),
            S.el('span', { class: 'aggregates' }, AGGREGATES.map((a) => {
              const key = `metrics.${quote(m)}.${a}`;
              return S.el('label', { class: 'inline', title: key },
                S.el('input', { type: 'checkbox', checked: state.columns.includes(key), dataset: { key },
                  onchange: (event) => setColumns(event.target.checked ? [...state.columns, key] : state.columns.filter((c) => c !== key)) }), a);
            }))))));
      };
      filter.addEventListener('input', fill);
      const other = S.el('input', { type: 'text', placeholder: 'tags.owner', 'aria-label': 'Another column key' });
      panel = S.el('div', { class: 'chooser-panel', id: 'column-panel', role: 'dialog', 'aria-label': 'Columns',
        onkeydown: (event) => { if (event.key === 'Escape') { closeChooser(); chooserButton.focus(); } } },
      filter, list,
      S.el('h3', {}, 'Any key'),
      S.el('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); if (other.value.trim()) setColumns([...state.columns, other.value.trim()]); other.value = ''; } },
        other, S.el('button', { type: 'submit' }, 'Add')),
      S.el('div', { class: 'toolbar' },
        S.el('button', { type: 'button', onclick: () => { localStorage.removeItem(storageKey(experiment, state.target)); loadColumns(); fill(); load(); } }, 'Reset'),
        S.el('button', { type: 'button', onclick: closeChooser }, 'Close')));
      fill();
      chooser.append(panel);
      filter.focus();
    }

    await load();
    const stop = S.live(experiment, refresh);
    S.onLeave(stop);
    S.onLeave(() => inflight?.abort());
  });
})();
