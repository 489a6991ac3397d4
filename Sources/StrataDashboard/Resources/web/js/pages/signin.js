// Sign-in page: a user name and an API token, checked with GET /api/v1/whoami.
(() => {
  const S = globalThis.Strata ??= {};

  S.page('signin', async (root) => {
    document.title = 'Sign in · Strata';
    const user = S.el('input', { type: 'text', id: 'signin-user', name: 'user', autocomplete: 'username', required: true });
    const token = S.el('input', { type: 'password', id: 'signin-token', name: 'token', autocomplete: 'current-password', required: true });
    const remember = S.el('input', { type: 'checkbox', id: 'signin-remember' });
    const message = S.el('div', { role: 'status', 'aria-live': 'polite' });
    const submit = S.el('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, 'Sign in');
    const form = S.el('form', { class: 'card signin', novalidate: true },
      S.el('h1', {}, 'Sign in'),
      S.el('p', { class: 'muted' }, 'Use your user name and the API token you were given (strata users add prints it).'),
      S.el('label', { for: 'signin-user' }, 'User name'), user,
      S.el('label', { for: 'signin-token' }, 'Token'), token,
      S.el('div', { class: 'actions' },
        S.el('label', { class: 'inline', for: 'signin-remember' }, remember, 'Remember on this computer'),
        submit),
      message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      message.replaceChildren();
      if (!user.value.trim() || !token.value) {
        message.replaceChildren(S.errorBox(new Error('Enter your user name and token.')));
        return;
      }
      submit.disabled = true;
      try {
        const me = await S.signIn(token.value.trim(), remember.checked);
        if (!me) {
          message.replaceChildren(S.errorBox(new Error('The token was not accepted.')));
        } else if (me.name !== user.value.trim()) {
          S.signOut(false);
          message.replaceChildren(S.errorBox(new Error(`That token belongs to another user, not ${user.value.trim()}.`)));
        } else {
          S.go('#/experiments');
          return;
        }
      } catch (error) {
        message.replaceChildren(S.errorBox(error));
      } finally {
        submit.disabled = false;
      }
    });
    root.append(form);
    user.focus();
    root.dataset.ready = 'true';
  });
})();
