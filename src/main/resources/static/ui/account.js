// Account (password, tokens) and admin (users, quotas) pages.

import { api, formatBytes, formatTime } from './api.js';
import { attempt, confirmDialog, field, h, modal, notify, secretBox } from './dom.js';

function passwordForm(username) {
  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 1024 });
  return h(
    'form',
    {
      class: 'panel',
      'aria-labelledby': 'pw-title',
      onsubmit: async (e) => {
        e.preventDefault();
        const done = await attempt(() => api('PUT', '/api/v1/me/password', { json: { currentPassword: current.value, newPassword: next.value } }), 'Password changed');
        if (done !== undefined) {
          current.value = '';
          next.value = '';
        }
      },
    },
    h('h2', { id: 'pw-title' }, 'Change password'),
    h('input', { type: 'text', autocomplete: 'username', value: username, hidden: true, readonly: true }),
    field('Current password', current),
    field('New password', next, '8 to 1024 characters.'),
    h('button', { type: 'submit', class: 'primary' }, 'Change password'),
  );
}

export function accountView(main, session) {
  document.title = 'Account · Coffer';
  const tbody = h('tbody');
  const name = h('input', { type: 'text', required: true, maxlength: 100, autocomplete: 'off' });
  const days = h('input', { type: 'number', min: 1, placeholder: 'never' });
  const created = h('div', { id: 'new-token' });
  const load = async () => {
    const tokens = await attempt(() => api('GET', '/api/v1/tokens'));
    if (!tokens) return;
    tbody.replaceChildren(...(tokens.length ? tokens.map((t) => h(
      'tr',
      { 'data-name': t.name },
      h('td', {}, t.name === 'web sign-in' ? 'web sign-in (a browser session)' : t.name),
      h('td', {}, formatTime(t.createdAt)),
      h('td', {}, t.expiresAt ? formatTime(t.expiresAt) : 'never'),
      h('td', {}, h('button', { type: 'button', class: 'quiet danger', 'aria-label': `Revoke ${t.name}`, onclick: async () => {
        if (!(await confirmDialog(`Revoke ${t.name}?`, 'Programs using this token will be refused at once.', 'Revoke', true))) return;
        if ((await attempt(() => api('DELETE', '/api/v1/tokens/' + encodeURIComponent(t.id)), `Revoked ${t.name}`)) !== undefined) load();
      } }, 'Revoke')),
    )) : [h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No tokens.'))]));
  };
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { name: name.value.trim() };
        if (days.value) body.expiresInDays = Number(days.value);
        const token = await attempt(() => api('POST', '/api/v1/tokens', { json: body }));
        if (!token) return;
        name.value = '';
        days.value = '';
        created.replaceChildren(secretBox(`Token “${token.name}”`, token.token));
        load();
      },
    },
    field('Token name', name),
    field('Expires in days', days, 'Empty: never.'),
    h('button', { type: 'submit', class: 'primary' }, 'Create token'),
  );
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'acct-title', class: 'account' },
      h('h1', { id: 'acct-title' }, `Account: ${session.username}`),
      passwordForm(session.username),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'tok-title' },
        h('h2', { id: 'tok-title' }, 'API tokens'),
        h('p', {}, 'For scripts and programs: send “Authorization: Bearer <token>”.'),
        form,
        created,
        h('div', { class: 'scroll' }, h('table', { id: 'tokens' }, h('caption', { class: 'sr-only' }, 'Your tokens'), h('thead', {}, h('tr', {}, ['Name', 'Created', 'Expires', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), tbody)),
      ),
    ),
  );
  load();
}

const parseSize = (text) => {
  const m = /^\s*([\d.]+)\s*(b|kb|mb|gb|tb)?\s*$/i.exec(text || '');
  if (!m) return null;
  const mult = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 }[(m[2] || 'b').toLowerCase()];
  return Math.round(Number(m[1]) * mult);
};

function quotaCell(u) {
  if (u.quotaBytes == null) return h('span', {}, `${formatBytes(u.usedBytes || 0)} used, no quota`);
  const label = `${formatBytes(u.usedBytes || 0)} of ${formatBytes(u.quotaBytes)}`;
  return h('div', { class: 'quota' }, h('progress', { max: u.quotaBytes || 1, value: Math.min(u.usedBytes || 0, u.quotaBytes), 'aria-label': `Quota of ${u.username}: ${label}` }), h('span', {}, label));
}

export function adminView(main, session) {
  document.title = 'Admin · Coffer';
  if (!session.admin) {
    main.replaceChildren(h('p', {}, 'Only admins may see this page.'));
    return;
  }
  const tbody = h('tbody');
  const load = async () => {
    const users = await attempt(() => api('GET', '/api/v1/users'));
    if (!users) return;
    tbody.replaceChildren(...users.map((u) => {
      const path = '/api/v1/users/' + encodeURIComponent(u.username);
      const patch = async (body, msg) => {
        if (await attempt(() => api('PATCH', path, { json: body }), msg)) load();
      };
      const act = (label, fn, cls) => h('button', { type: 'button', class: 'quiet ' + (cls || ''), 'aria-label': `${label} ${u.username}`, onclick: fn }, label);
      return h(
        'tr',
        { 'data-name': u.username },
        h('td', {}, u.username, u.admin ? h('span', { class: 'tag' }, 'admin') : null, u.disabled ? h('span', { class: 'tag off' }, 'disabled') : null),
        h('td', {}, quotaCell(u)),
        h('td', {}, formatTime(u.createdAt)),
        h(
          'td',
          { class: 'c-act' },
          act('Quota', async () => {
            const value = await modal(`Quota of ${u.username}`, (close) => {
              const input = h('input', { type: 'text', value: u.quotaBytes == null ? '' : formatBytes(u.quotaBytes).replace(' ', '') });
              return h('form', { onsubmit: (e) => {
                e.preventDefault();
                const bytes = input.value.trim() === '' ? -1 : parseSize(input.value);
                if (bytes == null) return notify('Write a size such as 500MB, or leave empty for no quota.', 'error');
                close(bytes);
              } }, field('Quota', input, 'e.g. 10GB; empty = unlimited'), h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { type: 'submit', class: 'primary' }, 'Save')));
            });
            if (value != null) patch({ quotaBytes: value }, 'Quota changed');
          }),
          act(u.disabled ? 'Enable' : 'Disable', () => patch({ disabled: !u.disabled }, u.disabled ? 'Enabled' : 'Disabled')),
          u.username === session.username ? null : act('Delete', async () => {
            const purge = await modal(`Delete ${u.username}?`, (close) => {
              const box = h('input', { type: 'checkbox', id: 'purge' });
              return [
                h('p', {}, 'The account is removed. Without purge, its files and keys stay in storage and come back if the name is created again.'),
                h('label', { class: 'check' }, box, ' Also purge all files and keys (cannot be undone)'),
                h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { type: 'button', class: 'danger', onclick: () => close({ purge: box.checked }) }, 'Delete user')),
              ];
            });
            if (!purge) return;
            const q = purge.purge ? { purge: 'true' } : undefined;
            if ((await attempt(() => api('DELETE', path, { query: q }), `Deleted ${u.username}`)) !== undefined) load();
          }, 'danger'),
        ),
      );
    }));
  };
  const username = h('input', { type: 'text', required: true, pattern: '[a-z0-9][a-z0-9._\\-]{0,63}', autocomplete: 'off' });
  const password = h('input', { type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const quota = h('input', { type: 'text', placeholder: 'unlimited' });
  const admin = h('input', { type: 'checkbox' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { username: username.value.trim(), password: password.value, admin: admin.checked };
        if (quota.value.trim()) {
          const bytes = parseSize(quota.value);
          if (bytes == null) return notify('Quota: write a size such as 500MB.', 'error');
          body.quotaBytes = bytes;
        }
        if (await attempt(() => api('POST', '/api/v1/users', { json: body }), `Created ${body.username}`)) {
          username.value = '';
          password.value = '';
          quota.value = '';
          load();
        }
      },
    },
    field('Username', username, 'a-z, 0-9, . _ -'),
    field('Password', password),
    field('Quota', quota, 'e.g. 1GB; empty = unlimited'),
    h('label', { class: 'check' }, admin, ' Admin'),
    h('button', { type: 'submit', class: 'primary' }, 'Create user'),
  );
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'admin-title', class: 'admin' },
      h('h1', { id: 'admin-title' }, 'Users'),
      h('section', { class: 'panel', 'aria-labelledby': 'new-user' }, h('h2', { id: 'new-user' }, 'New user'), form),
      h('div', { class: 'scroll' }, h('table', { id: 'users' }, h('caption', { class: 'sr-only' }, 'Users'), h('thead', {}, h('tr', {}, ['User', 'Quota', 'Created', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), tbody)),
    ),
  );
  load();
}
