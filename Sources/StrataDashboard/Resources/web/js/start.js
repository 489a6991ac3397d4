// Runs the dashboard once every script above has registered its page.
(() => { globalThis.Strata.start(); })();
