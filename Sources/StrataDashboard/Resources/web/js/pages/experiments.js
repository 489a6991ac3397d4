// Experiments page: every experiment the caller may read, with counts, best objective and last activity.
(() => {
  const S = globalThis.Strata ??= {};

  S.page('experiments', async (root) => {
    document.title = 'Experiments · Strata';
    const body = S.el('div');
    root.append(S.el('div', { class: 'toolbar' }, S.el('h1', { class: 'grow' }, 'Experiments')), body);

    const draw = async () => {
      const { experiments } = await S.api('/dashboard/api/experiments', { signal: S.pageSignal() });
      if (experiments.length === 0) {
        body.replaceChildren(S.el('p', { class: 'notice', id: 'no-experiments' },
          S.caller?.role === 'viewer' ? 'No experiment has been shared with you yet.'
            : 'No experiments yet. Run strata quickstart or strata run to record one.'));
        return;
      }
      const rows = experiments.map((e) => {
        const open = () => S.go(S.href('experiments', e.name));
        return S.el('tr', { tabindex: 0, dataset: { experiment: e.name },
          onclick: (event) => { if (!event.target.closest('a')) open(); },
          onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); open(); } } },
        S.el('td', { class: 'name' }, S.el('a', { href: S.href('experiments', e.name) }, e.displayName || e.name)),
        S.el('td', { class: 'description' }, e.description ?? ''),
        S.el('td', { class: 'num' }, S.fmt(e.trials)),
        S.el('td', { class: 'num' }, S.fmt(e.components)),
        S.el('td', { class: 'best' }, e.best
          ? [S.el('span', { class: 'mono' }, S.fmt(e.best.value)), ' ', S.el('span', { class: 'muted' }, e.best.metric), ' · ',
            S.el('a', { href: S.href('trials', e.best.trial) }, e.best.trial)]
          : S.el('span', { class: 'muted' }, '—')),
        S.el('td', { title: S.fmtDate(e.lastActivity) }, S.ago(e.lastActivity)));
      });
      body.replaceChildren(S.el('div', { class: 'table-wrap' },
        S.el('table', { class: 'data experiments-table', id: 'experiments' },
          S.el('thead', {}, S.el('tr', {},
            S.el('th', { scope: 'col' }, 'Name'), S.el('th', { scope: 'col' }, 'Description'),
            S.el('th', { scope: 'col', class: 'num' }, 'Trials'), S.el('th', { scope: 'col', class: 'num' }, 'Components'),
            S.el('th', { scope: 'col' }, 'Best objective'), S.el('th', { scope: 'col' }, 'Last activity'))),
          S.el('tbody', {}, rows))));
    };

    await draw();
    root.dataset.ready = 'true';
    S.onLeave(S.live(null, () => draw().catch(() => {})));
  });
})();
