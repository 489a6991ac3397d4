// Strata dashboard core: API client, DOM builder, formatting, sign-in state, router, live
// updates, theme and the navigation header. Classic script (no modules): `strata report`
// inlines the same files into one HTML page opened from file://.
(() => {
  const S = globalThis.Strata ??= {};
  const TOKEN_KEY = 'strata.token';
  const USER_KEY = 'strata.user';
  const THEME_KEY = 'strata.theme';

  // ---- API -----------------------------------------------------------------------------------

  /** An API error: HTTP status, message, the field at fault and, for search errors, the column. */
  class ApiError extends Error {
    constructor(status, message, field = null, column = null, code = null, query = null) {
      super(message);
      this.name = 'ApiError';
      this.status = status;
      this.field = field;
      this.column = column;
      this.code = code;
      this.query = query; // the search text the column counts in
    }
  }
  S.ApiError = ApiError;

  S.token = () => sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  S.base = ''; // same origin

  function headers(extra = {}) {
    const h = { ...extra };
    const token = S.token();
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  /** Reads the native error body `{"error":{code,message,field,detail}}` into an ApiError. */
  async function errorFrom(response) {
    let message = `${response.status} ${response.statusText}`;
    let field = null, column = null, code = null, query = null;
    try {
      const body = await response.json();
      const error = body.error ?? {};
      message = error.message ?? message;
      field = error.field ?? null;
      code = error.code ?? null;
      if (error.detail?.column !== undefined) column = Number(error.detail.column);
      if (typeof error.detail?.query === 'string') query = error.detail.query;
    } catch { /* not JSON: keep the status line */ }
    return new ApiError(response.status, message, field, column, code, query);
  }

  /**
   * Calls the server. `body` (an object) is sent as JSON; returns the parsed JSON, or the
   * Response itself when `raw` (`accept` sets the Accept header, e.g. for event streams). Throws ApiError for any non-2xx answer; a 401 on a signed-in
   * session signs out and goes to the sign-in page.
   */
  S.api = async (path, { method = 'GET', body, raw = false, signal, accept } = {}) => {
    const extra = body === undefined ? {} : { 'Content-Type': 'application/json' };
    if (accept) extra.Accept = accept;
    const init = { method, headers: headers(extra), signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    let response;
    try {
      response = await fetch(S.base + path, init);
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, `The server cannot be reached (${error.message}).`);
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && S.token() && !path.endsWith('/whoami')) {
        S.signOut(false);
      }
      throw error;
    }
    if (raw) return response;
    if (response.status === 204) return null;
    return response.json();
  };

  // ---- DOM and formatting ------------------------------------------------------------------

  /**
   * Builds an element: `S.el('a', {href: '#/x', class: 'y', onclick: f, dataset: {k: 'v'}}, 'text', child)`.
   * Text children become text nodes (never parsed as HTML); null/false children are skipped.
   */
  S.el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs ?? {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
      else if (key === 'class') node.className = value;
      else if (key in node && typeof value !== 'string') node[key] = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    const add = (child) => {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { child.forEach(add); return; }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    };
    children.forEach(add);
    return node;
  };

  /** A number for people: integers as they are, others to 4 significant digits, exponents when tiny or huge. */
  S.fmt = (value) => {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'number') return String(value);
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
    const magnitude = Math.abs(value);
    if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
    return Number(value.toPrecision(4)).toString();
  };

  /** A date (ISO text or Date) as local "YYYY-MM-DD HH:MM:SS"; relative age in the title attribute by S.ago. */
  S.fmtDate = (value) => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  };

  /** "3 min ago" style age of a date. */
  S.ago = (value) => {
    if (!value) return '';
    const seconds = Math.round((Date.now() - new Date(value).getTime()) / 1000);
    if (seconds < 60) return 'just now';
    const units = [[86400, 'day'], [3600, 'h'], [60, 'min']];
    for (const [size, unit] of units) {
      if (seconds >= size) {
        const n = Math.floor(seconds / size);
        return unit === 'day' ? `${n} day${n === 1 ? '' : 's'} ago` : `${n} ${unit} ago`;
      }
    }
    return '';
  };

  /** A link to an entity page: kind is 'experiments' | 'trials' | 'components' | 'segments'. */
  S.href = (kind, name) => `#/${kind}/${encodeURIComponent(name)}`;

  /** A message box for an error (ApiError or any Error). */
  S.errorBox = (error) => S.el('div', { class: 'error', role: 'alert' }, error?.message ?? String(error));

  // ---- Who is signed in ----------------------------------------------------------------------

  S.caller = null;
  /** Open mode (no users on the server): whoami answers without a token; no sign-in page. */
  S.openMode = false;

  /** True for editors and admins (and in open mode): only then are write controls shown. */
  S.canWrite = () => !!S.caller && (S.caller.role === 'admin' || S.caller.role === 'editor');

  /** Asks the server who we are; sets S.caller or null. */
  S.whoami = async () => {
    if (!S.token()) {
      // Without a token, ask first whether the server is open rather than provoke a 401.
      const session = await S.api('/dashboard/api/session');
      if (!session.open) { S.caller = null; S.openMode = false; return null; }
    }
    try {
      const me = await S.api('/api/v1/whoami');
      S.caller = me;
      S.openMode = !S.token();
      return me;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        S.caller = null;
        return null;
      }
      throw error;
    }
  };

  /** Stores the token (session only unless `remember`) and re-reads who we are. */
  S.signIn = async (token, remember) => {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
    const me = await S.whoami();
    if (!me) {
      sessionStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(TOKEN_KEY);
    }
    return me;
  };

  /** Forgets the token and shows the sign-in page. */
  S.signOut = (navigate = true) => {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    S.caller = null;
    renderHeader();
    if (navigate || location.hash !== '#/signin') S.go('#/signin');
  };

  // ---- Pages and the router ----------------------------------------------------------------

  const pages = new Map();
  /** Registers a page: `S.page('leaderboard', async (root, params) => {...})`. */
  S.page = (name, render) => { pages.set(name, render); };

  /** Routes: hash pattern → page name and how to read its parameters. */
  const routes = [
    [/^#\/signin$/, 'signin', () => ({})],
    [/^#\/experiments\/?$/, 'experiments', () => ({})],
    [/^#\/experiments\/([^/?]+)$/, 'leaderboard', (m) => ({ experiment: m[1] })],
    [/^#\/trials\/([^/?]+)$/, 'trial', (m) => ({ trial: m[1] })],
    [/^#\/components\/([^/?]+)$/, 'component', (m) => ({ component: m[1] })],
    [/^#\/compare$/, 'compare', (m, q) => ({ trials: (q.get('trials') ?? '').split(',').filter(Boolean) })],
    [/^#\/sweeps\/([^/?]+)\/([^/?]+)$/, 'sweep', (m) => ({ experiment: m[1], sweep: m[2] })],
    [/^#\/segments\/([^/?]+)$/, 'segments', (m) => ({ component: m[1] })],
    [/^#\/jobs$/, 'jobs', () => ({})],
  ];

  /** Parses a hash into {name, params}; params carry decoded names and the query (`query`). */
  S.route = (hash) => {
    const [path, search = ''] = (hash || '#/experiments').split('?');
    const query = new URLSearchParams(search);
    for (const [pattern, name, read] of routes) {
      const match = path.match(pattern);
      if (match) {
        const decoded = match.map((part, i) => (i === 0 ? part : decodeURIComponent(part)));
        return { name, params: { ...read(decoded, query), query } };
      }
    }
    return { name: null, params: { query } };
  };

  S.go = (hash) => { if (location.hash === hash) render(); else location.hash = hash; };

  let current = { cleanups: [], controller: null };
  /** Registers work to undo when the page is left (timers, live subscriptions, charts). */
  S.onLeave = (cleanup) => { current.cleanups.push(cleanup); };
  /** An AbortSignal aborted when the page is left: pass it to S.api for long requests. */
  S.pageSignal = () => current.controller.signal;

  function leave() {
    current.controller?.abort();
    for (const cleanup of current.cleanups.splice(0)) {
      try { cleanup(); } catch (error) { /* a page's cleanup must not stop navigation */ }
    }
    current = { cleanups: [], controller: new AbortController() };
  }

  let renderCount = 0;
  async function render() {
    const ticket = ++renderCount;
    leave();
    const app = document.getElementById('app');
    let { name, params } = S.route(location.hash);
    if (!S.caller && name !== 'signin') { S.go('#/signin'); return; }
    if (S.caller && name === 'signin' && S.openMode) { S.go('#/experiments'); return; }
    if (!name) { S.go('#/experiments'); return; }
    renderHeader(name);
    const root = S.el('section', { class: 'page', dataset: { page: name } });
    app.replaceChildren(root);
    const page = pages.get(name);
    if (!page) {
      root.append(S.el('h1', {}, 'Not available'), S.el('p', { class: 'muted' }, `The ${name} page is not part of this build.`));
      document.title = 'Strata';
      root.dataset.ready = 'true';
      return;
    }
    try {
      await page(root, params);
    } catch (error) {
      if (error?.name === 'AbortError' || ticket !== renderCount) return;
      root.append(S.errorBox(error));
      root.dataset.ready = 'true';
    }
  }

  // ---- Live updates --------------------------------------------------------------------------

  /**
   * Calls `onChange()` (debounced, at most every `wait` ms) whenever the server reports that the
   * experiment (or, for null, anything the caller may read) changed. Reads the server-sent events
   * with fetch (EventSource cannot send the Authorization header) and reconnects after errors.
   * Returns a function that unsubscribes; pages should also pass it to S.onLeave.
   */
  S.live = (experiment, onChange, { wait = 500 } = {}) => {
    const controller = new AbortController();
    let timer = null;
    let stopped = false;
    const fire = () => {
      if (timer !== null || stopped) return;
      timer = setTimeout(() => { timer = null; if (!stopped) onChange(); }, wait);
    };
    const path = '/dashboard/api/events' + (experiment ? `?experiment=${encodeURIComponent(experiment)}` : '');
    (async () => {
      let delay = 1000;
      while (!stopped) {
        try {
          const response = await S.api(path, { raw: true, signal: controller.signal, accept: 'text/event-stream' });
          delay = 1000;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (/^event: change$/m.test(frame)) fire();
            }
          }
        } catch (error) {
          if (stopped || error?.name === 'AbortError') return;
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return; // not ours to read
        }
        if (stopped) return;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30000);
      }
    })();
    const stop = () => {
      stopped = true;
      controller.abort();
      if (timer !== null) clearTimeout(timer);
    };
    return stop;
  };

  // ---- Theme and header ----------------------------------------------------------------------

  /** 'light' | 'dark' | null (follow the system). */
  S.colorScheme = () => document.documentElement.dataset.theme ?? null;

  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    document.dispatchEvent(new CustomEvent('strata:theme'));
  }

  S.toggleColorScheme = () => {
    const dark = S.colorScheme() ? S.colorScheme() === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    const next = dark ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
  };

  function renderHeader(active = null) {
    const header = document.getElementById('top');
    if (!header) return;
    const link = (href, label, name) => S.el('a', { href, class: name === active ? 'active' : null,
      'aria-current': name === active ? 'page' : null }, label);
    const nav = S.el('nav', { 'aria-label': 'Main' });
    if (S.caller) {
      // The leaderboard belongs under Experiments.
      nav.append(
        link('#/experiments', 'Experiments', active === 'leaderboard' ? 'leaderboard' : 'experiments'),
        link('#/jobs', 'Jobs', 'jobs'));
    }
    const user = S.el('div', { class: 'user' });
    if (S.caller) {
      user.append(S.el('span', { class: 'who', title: `Signed in as ${S.caller.name} (${S.caller.role})`, dataset: { role: S.caller.role } },
        S.openMode ? 'open mode' : S.caller.name, ' ', S.el('span', { class: 'role' }, S.caller.role)));
      if (!S.openMode) {
        user.append(S.el('button', { type: 'button', class: 'link', id: 'signout', onclick: () => S.signOut() }, 'Sign out'));
      }
    }
    user.append(S.el('button', { type: 'button', class: 'icon', id: 'theme-toggle', title: 'Light or dark',
      'aria-label': 'Switch between light and dark', onclick: S.toggleColorScheme }, '◐'));
    header.replaceChildren(S.el('a', { href: '#/experiments', class: 'brand' }, 'Strata'), nav, user);
  }
  S.renderHeader = renderHeader;

  // ---- Start -------------------------------------------------------------------------------

  /** Reads who is signed in, then routes the current hash and every later change. */
  S.start = async () => {
    applyTheme(localStorage.getItem(THEME_KEY));
    current.controller = new AbortController();
    renderHeader();
    try {
      await S.whoami();
    } catch (error) {
      document.getElementById('app').replaceChildren(S.el('section', { class: 'page', dataset: { page: 'error', ready: 'true' } }, S.errorBox(error)));
      return;
    }
    window.addEventListener('hashchange', render);
    // A page kept in the back/forward cache keeps its open requests, live streams included: a
    // few left pages then hold every connection the browser allows per host and new requests
    // wait. Leaving closes them; coming back from the cache draws the page afresh.
    window.addEventListener('pagehide', () => leave());
    window.addEventListener('pageshow', (event) => { if (event.persisted) render(); });
    await render();
  };
})();
