// Jobs page (#/jobs): running and recent jobs (`strata job run`) and sweeps with live status;
// the log tail of the selected job and, for editors and admins, a Stop button.
(() => {
  const S = globalThis.Strata ??= {};
  const enc = encodeURIComponent;

  const elapsed = (job) => {
    if (job.durationSeconds != null) return job.durationSeconds;
    if (!job.startTime) return null;
    const end = job.endTime ? new Date(job.endTime) : new Date();
    return (end - new Date(job.startTime)) / 1000;
  };

  const jobsTable = (jobs, selected, select) => {
    const D = S.detail;
    if (!jobs.length) {
      return D.note('No jobs recorded yet. Start one with: strata job run --experiment E --trial T -- python train.py');
    }
    return S.el('div', {}, S.el('p', { class: 'muted' }, 'Select a job (click it, or Enter on its row) to follow its log.'),
      D.table(['Job', 'Experiment', 'Trial', 'Status', 'Command', 'Started', 'Duration'], jobs.map((job) => {
        const choose = () => select(job.name);
        return S.el('tr', { tabindex: '0', class: job.name === selected ? 'selected' : null, 'aria-selected': String(job.name === selected),
          dataset: { job: job.name, status: job.status },
          onclick: (event) => { if (!event.target.closest('a,button')) choose(); },
          onkeydown: (event) => {
            if ((event.key === 'Enter' || event.key === ' ') && event.target === event.currentTarget) { event.preventDefault(); choose(); }
          } },
        S.el('td', { class: 'name' }, S.el('a', { href: S.href('components', job.name) }, job.displayName || job.name)),
        S.el('td', {}, job.experiment ? S.el('a', { href: S.href('experiments', job.experiment) }, job.experiment) : ''),
        S.el('td', {}, job.trial ? S.el('a', { href: S.href('trials', job.trial) }, job.trial) : ''),
        S.el('td', {}, D.status({ primary: job.status, message: job.message })),
        S.el('td', { class: 'name' }, S.el('code', { title: job.command }, job.command)),
        S.el('td', { title: S.ago(job.startTime ?? job.createdAt) }, D.date(job.startTime ?? job.createdAt)),
        S.el('td', { class: 'num' }, D.duration(elapsed(job))));
      }), { className: 'jobs', numeric: ['Duration'] }));
  };

  const sweepsTable = (sweeps) => {
    const D = S.detail;
    if (!sweeps.length) return D.note('No sweeps recorded yet (strata sweep, or strata quickstart).');
    const counts = ['Trials', 'Running', 'Complete', 'Failed', 'Infeasible', 'Stopped'];
    return D.table(['Experiment', 'Sweep', ...counts, 'Best', 'Last activity'], sweeps.map((s) => {
      const hash = `#/sweeps/${enc(s.experiment)}/${enc(s.sweep)}`;
      const best = s.bestTrial
        ? [S.el('span', { class: 'mono' }, s.bestObjective != null ? S.fmt(s.bestObjective) : `loss ${S.fmt(s.bestLoss)}`), ' ',
          S.el('span', { class: 'muted' }, s.bestObjective != null ? (s.objective ?? '') : '(smaller is better)'), ' · ',
          S.el('a', { href: S.href('trials', s.bestTrial) }, s.bestTrial)]
        : S.el('span', { class: 'muted' }, '—');
      return D.linkRow(hash,
        S.el('td', {}, S.el('a', { href: S.href('experiments', s.experiment) }, s.experiment)),
        S.el('td', { class: 'name' }, S.el('a', { href: hash, dataset: { sweep: s.sweep } }, s.sweep)),
        ...[s.trials, s.running, s.complete, s.failed, s.infeasible, s.stopped].map((n) => S.el('td', { class: 'num' }, S.fmt(n))),
        S.el('td', {}, best),
        S.el('td', { title: S.fmtDate(s.lastActivity) }, S.ago(s.lastActivity)));
    }), { className: 'sweeps', numeric: counts });
  };

  S.page('jobs', async (root) => {
    const D = S.detail;
    document.title = 'Jobs · Strata';
    const life = D.lifetime(root);
    const signal = S.pageSignal();
    const state = { jobs: [], sweeps: [], selected: null, log: null };
    const jobsHolder = S.el('div', {});
    const sweepsHolder = S.el('div', {});
    const logHolder = S.el('div', { class: 'selected-job' });
    const updated = S.el('p', { class: 'muted', role: 'status' });

    const current = () => state.jobs.find((j) => j.name === state.selected);

    const showLog = () => {
      const job = current();
      state.log?.stop();
      state.log = null;
      if (!job) { logHolder.replaceChildren(D.note('No job selected.')); return; }
      state.log = D.logTail(root, job.name, () => current()?.running === true);
      logHolder.replaceChildren(...[
        S.el('h3', {}, 'Log of ', S.el('a', { href: S.href('components', job.name) }, job.name), ' ',
          D.status({ primary: job.status, message: job.message })),
        job.running ? S.el('div', { class: 'toolbar' }, D.stopButton(job.name, () => reload().catch(() => {}))) : null,
        state.log.element].filter(Boolean));
    };

    const drawJobs = () => {
      const focused = document.activeElement?.closest?.('tr[data-job]')?.dataset.job;
      jobsHolder.replaceChildren(jobsTable(state.jobs, state.selected, select));
      if (focused) jobsHolder.querySelector(`tr[data-job="${CSS.escape(focused)}"]`)?.focus();
    };

    const select = (name) => {
      state.selected = name;
      drawJobs();
      jobsHolder.querySelector(`tr[data-job="${CSS.escape(name)}"]`)?.focus();
      showLog();
    };

    const reload = async () => {
      if (!root.isConnected) return;
      const before = current();
      const listing = await S.api('/dashboard/api/jobs', { signal });
      state.jobs = listing.jobs ?? [];
      state.sweeps = listing.sweeps ?? [];
      if (!current()) state.selected = (state.jobs.find((j) => j.running) ?? state.jobs[0])?.name ?? null;
      drawJobs();
      sweepsHolder.replaceChildren(sweepsTable(state.sweeps));
      const now = current();
      // The log view is rebuilt only when the selection or its status changed (it polls itself).
      if (!state.log || before?.name !== now?.name || before?.status !== now?.status) showLog();
      const running = state.jobs.filter((j) => j.running).length;
      updated.textContent = `${running} running · updated ${S.fmtDate(new Date())}`;
    };

    root.replaceChildren(
      S.el('div', { class: 'toolbar' }, S.el('h1', { class: 'grow' }, 'Jobs and sweeps'), updated),
      D.section('Jobs', jobsHolder),
      D.section('Selected job', logHolder),
      D.section('Sweeps', sweepsHolder));
    await reload();
    await state.log?.ready;
    life.add(() => state.log?.stop());
    life.add(S.live(null, () => reload().catch(() => {})));
    // Durations of running jobs move on even when nothing is written: a slow refresh while any runs.
    life.add(D.every(root, 5000, async () => { if (state.jobs.some((j) => j.running)) await reload(); }));
    root.dataset.ready = 'true';
  });
})();
