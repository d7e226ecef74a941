// The shell: sign-in, the hash router and the navigation bar.

import { api, setSession, whenSignedOut } from './api.js';
import { attempt, field, h } from './dom.js';
import { filesView } from './files.js';

let session = null;
const main = document.getElementById('main');

function signInView(message) {
  document.title = 'Sign in · Coffer';
  document.getElementById('bar').hidden = true;
  document.getElementById('toasts').replaceChildren();
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, message || '');
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'sign-in',
      'aria-labelledby': 'sign-in-title',
      onsubmit: async (e) => {
        e.preventDefault();
        button.disabled = true;
        error.textContent = '';
        try {
          const s = await api('POST', '/ui/session', { json: { username: username.value.trim(), password: password.value } });
          password.value = '';
          signedIn(s);
        } catch (err) {
          error.textContent = err.status === 401 ? 'Wrong username or password.' : err.message;
          password.select();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', { id: 'sign-in-title' }, 'Sign in to Coffer'),
    field('Username', username),
    field('Password', password),
    error,
    button,
  );
  main.replaceChildren(form);
  username.focus();
}

function signedIn(s) {
  session = s;
  setSession(s);
  document.getElementById('bar').hidden = false;
  document.getElementById('who').textContent = s.username;
  document.getElementById('nav-admin').hidden = !s.admin;
  route();
}

async function route() {
  if (!session) return;
  const hash = location.hash.replace(/^#\/?/, '');
  const [view, ...rest] = hash.split('/');
  const name = view || 'files';
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (name === 'files') {
    const path = rest.map((s) => decodeURIComponent(s)).filter(Boolean).join('/');
    filesView(main, session, path);
  } else if (name === 'crypto') {
    (await import('./crypto.js')).cryptoView(main, session);
  } else if (name === 'account') {
    (await import('./account.js')).accountView(main, session);
  } else if (name === 'admin') {
    (await import('./account.js')).adminView(main, session);
  } else {
    location.hash = '#/files';
  }
}

window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});

whenSignedOut(() => {
  if (!session) return;
  session = null;
  setSession(null);
  signInView('Your session has ended. Sign in again.');
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await attempt(() => api('DELETE', '/ui/session'));
  session = null;
  setSession(null);
  signInView('Signed out.');
});

api('GET', '/ui/session').then(signedIn, () => signInView());
