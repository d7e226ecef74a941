// The crypto console: keys and their settings, text operations (the original en, de, gk),
// signatures, and file encryption through the stream endpoints.

import { api, csrfHeaders, formatTime, problemOf } from './api.js';
import { attempt, confirmDialog, field, h, modal, notify, secretBox } from './dom.js';

const TYPES = ['aes256-gcm', 'chacha20-poly1305', 'fernet', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ed25519', 'ecdsa-p256'];
const SIGNING = new Set(['ed25519', 'ecdsa-p256', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
const STREAMS = new Set(['aes256-gcm', 'chacha20-poly1305', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
let keys = [];
let els;

export function cryptoView(main) {
  document.title = 'Crypto · Coffer';
  els = {
    tbody: h('tbody'),
    selects: [],
  };
  const name = h('input', { type: 'text', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9._\\-]+' });
  const type = h('select', {}, TYPES.map((t) => h('option', { value: t }, t)));
  const exportable = h('input', { type: 'checkbox' });
  const deletable = h('input', { type: 'checkbox' });
  const create = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const ok = await attempt(
          () => api('POST', '/api/v1/keys', { json: { name: name.value.trim(), type: type.value, exportable: exportable.checked, deletionAllowed: deletable.checked } }),
          `Created key ${name.value.trim()}`,
        );
        if (ok) {
          name.value = '';
          reload();
        }
      },
    },
    field('Key name', name),
    field('Type', type),
    h('label', { class: 'check' }, exportable, ' Exportable'),
    h('label', { class: 'check' }, deletable, ' Deletion allowed'),
    h('button', { type: 'submit', class: 'primary' }, 'Create key'),
  );
  main.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'crypto-title', class: 'crypto' },
      h('h1', { id: 'crypto-title' }, 'Crypto'),
      h('h2', {}, 'Keys'),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { id: 'keys' },
          h('caption', { class: 'sr-only' }, 'Your keys'),
          h('thead', {}, h('tr', {}, ['Name', 'Type', 'Versions', 'Min. decrypt / encrypt', 'Exportable', 'Deletable', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
          els.tbody,
        ),
      ),
      h('h2', {}, 'New key'),
      create,
      textPanel(),
      signPanel(),
      streamPanel(),
    ),
  );
  reload();
}

function keySelect(filter) {
  const select = h('select', { required: true });
  select.filter = filter;
  els.selects.push(select);
  return select;
}

async function reload() {
  const list = await attempt(() => api('GET', '/api/v1/keys'));
  if (!list) return;
  keys = list;
  els.tbody.replaceChildren(...(keys.length ? keys.map(keyRow) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No keys yet.'))]));
  for (const select of els.selects) {
    const was = select.value;
    select.replaceChildren(...keys.filter((k) => !select.filter || select.filter(k)).map((k) => h('option', { value: k.name }, `${k.name} (${k.type})`)));
    if (was) select.value = was;
  }
}

function keyRow(key) {
  const path = '/api/v1/keys/' + encodeURIComponent(key.name);
  const act = (label, handler, cls) => h('button', { type: 'button', class: 'quiet ' + (cls || ''), 'aria-label': `${label} ${key.name}`, onclick: handler }, label);
  return h(
    'tr',
    { 'data-name': key.name },
    h('td', {}, key.name),
    h('td', {}, key.type),
    h('td', { title: key.versions.map((v) => `v${v.version}: ${formatTime(v.created)}`).join('\n') }, String(key.latestVersion)),
    h('td', {}, `${key.minDecryptionVersion || 1} / ${key.minEncryptionVersion || 'latest'}`),
    h('td', {}, key.exportable ? 'yes' : 'no'),
    h('td', {}, key.deletionAllowed ? 'yes' : 'no'),
    h(
      'td',
      { class: 'c-act' },
      act('Rotate', async () => {
        if (await attempt(() => api('POST', path + '/rotate'), `Rotated ${key.name}`)) reload();
      }),
      act('Settings', () => settings(key)),
      key.exportable ? act('Export', () => exportKey(key, 'all')) : null,
      key.deletionAllowed
        ? act('Delete', async () => {
          if (!(await confirmDialog(`Delete key ${key.name}?`, 'Everything encrypted with it can no longer be decrypted. This cannot be undone.', 'Delete key', true))) return;
          if ((await attempt(() => api('DELETE', path), `Deleted key ${key.name}`)) !== undefined) reload();
        }, 'danger')
        : null,
    ),
  );
}

async function settings(key) {
  const changes = await modal(`Settings of ${key.name}`, (close) => {
    const minDec = h('input', { type: 'number', min: 1, max: key.latestVersion, value: String(key.minDecryptionVersion || 1) });
    const minEnc = h('input', { type: 'number', min: 0, max: key.latestVersion, value: String(key.minEncryptionVersion || 0) });
    const exportable = h('input', { type: 'checkbox', checked: key.exportable, disabled: key.exportable });
    const deletable = h('input', { type: 'checkbox', checked: key.deletionAllowed });
    return h(
      'form',
      {
        onsubmit: (e) => {
          e.preventDefault();
          const body = { minDecryptionVersion: Number(minDec.value), minEncryptionVersion: Number(minEnc.value), deletionAllowed: deletable.checked };
          if (!key.exportable && exportable.checked) body.exportable = true;
          close(body);
        },
      },
      field('Minimum decryption version', minDec, 'Ciphertexts of older versions no longer decrypt.'),
      field('Minimum encryption version', minEnc, '0 = always the latest.'),
      h('label', { class: 'check' }, exportable, ' Exportable (cannot be undone)'),
      h('label', { class: 'check' }, deletable, ' Deletion allowed'),
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { type: 'submit', class: 'primary' }, 'Save')),
    );
  });
  if (!changes) return;
  if (await attempt(() => api('PATCH', '/api/v1/keys/' + encodeURIComponent(key.name), { json: changes }), 'Saved')) reload();
}

async function exportKey(key, version) {
  const result = await attempt(() => api('GET', '/api/v1/keys/' + encodeURIComponent(key.name) + '/export', { query: { version } }));
  if (!result) return;
  const text = Object.entries(result.keys).map(([v, k]) => (Object.keys(result.keys).length > 1 ? `# version ${v}\n${k}` : k)).join('\n');
  await modal(`Key ${key.name} (${key.type})`, (close) => [
    secretBox('Key material', text),
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => close(null) }, 'Done')),
  ]);
}

function output(labelText) {
  const out = h('textarea', { readonly: true, rows: 3, class: 'mono' });
  return { out, el: field(labelText, out) };
}

function textPanel() {
  const key = keySelect();
  const input = h('textarea', { rows: 3 });
  const result = output('Result');
  const run = (op) => async () => {
    const k = keys.find((x) => x.name === key.value);
    if (!k) return notify('Create a key first.', 'error');
    const path = '/api/v1/keys/' + encodeURIComponent(k.name);
    if (op === 'gk') return exportKey(k, 'latest');
    const answer = await attempt(() => (op === 'en'
      ? api('POST', path + '/encrypt', { json: { text: input.value } })
      : api('POST', path + '/decrypt', { json: { ciphertext: input.value.trim() } })));
    if (!answer) return;
    result.out.value = op === 'en' ? answer.ciphertext : (answer.text ?? `(binary, base64) ${answer.plaintext}`);
  };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'text-title' },
    h('h2', { id: 'text-title' }, 'Encrypt and decrypt text'),
    field('Key', key),
    field('Text or ciphertext', input),
    h(
      'div',
      { class: 'buttons left' },
      h('button', { type: 'button', id: 'op-en', onclick: run('en') }, 'en: encrypt'),
      h('button', { type: 'button', id: 'op-de', onclick: run('de') }, 'de: decrypt'),
      h('button', { type: 'button', id: 'op-gk', onclick: run('gk') }, 'gk: get the key'),
    ),
    result.el,
  );
}

function signPanel() {
  const key = keySelect((k) => SIGNING.has(k.type));
  const input = h('textarea', { rows: 3 });
  const signature = h('input', { type: 'text', class: 'mono', autocomplete: 'off' });
  const verdict = h('p', { 'aria-live': 'polite', class: 'verdict' });
  const path = () => '/api/v1/keys/' + encodeURIComponent(key.value);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'sign-title' },
    h('h2', { id: 'sign-title' }, 'Sign and verify text'),
    field('Signing key', key),
    field('Text', input),
    field('Signature', signature),
    h(
      'div',
      { class: 'buttons left' },
      h('button', { type: 'button', onclick: async () => {
        const r = await attempt(() => api('POST', path() + '/sign', { json: { text: input.value } }));
        if (r) {
          signature.value = r.signature;
          verdict.textContent = `Signed with version ${r.keyVersion}.`;
        }
      } }, 'Sign'),
      h('button', { type: 'button', onclick: async () => {
        const r = await attempt(() => api('POST', path() + '/verify', { json: { text: input.value, signature: signature.value.trim() } }));
        if (r) verdict.textContent = r.valid ? '✔ The signature is valid.' : '✘ The signature is NOT valid.';
      } }, 'Verify'),
    ),
    verdict,
  );
}

function streamPanel() {
  const key = keySelect((k) => STREAMS.has(k.type));
  const file = h('input', { type: 'file' });
  const bar = h('progress', { max: 100, value: 0, 'aria-label': 'File encryption progress' });
  const status = h('p', { 'aria-live': 'polite' });
  const go = (op) => () => {
    const f = file.files[0];
    if (!f || !key.value) return notify('Choose a key and a file.', 'error');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/keys/' + encodeURIComponent(key.value) + `/${op}-stream`);
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'blob';
    xhr.upload.onprogress = (e) => {
      bar.value = Math.floor((e.loaded * 100) / f.size);
      status.textContent = `Sending: ${bar.value} %`;
    };
    xhr.onload = async () => {
      if (xhr.status !== 200) {
        const problem = await problemOf(xhr.status, (n) => xhr.getResponseHeader(n), await xhr.response.text());
        status.textContent = problem.message;
        return;
      }
      bar.value = 100;
      const name = op === 'encrypt' ? f.name + '.cofs' : f.name.replace(/\.cofs$/, '') || 'decrypted';
      const link = h('a', { href: URL.createObjectURL(xhr.response), download: name }, `Save ${name}`);
      status.replaceChildren(`Done (${op}ed). `, link);
    };
    xhr.onerror = () => (status.textContent = 'The connection was lost; the output is incomplete and was discarded.');
    xhr.send(f);
  };
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'stream-title' },
    h('h2', { id: 'stream-title' }, 'Encrypt or decrypt a file'),
    field('Key', key),
    field('File', file, 'Streamed through the server; the result is offered for saving.'),
    h('div', { class: 'buttons left' }, h('button', { type: 'button', onclick: go('encrypt') }, 'Encrypt file'), h('button', { type: 'button', onclick: go('decrypt') }, 'Decrypt file')),
    bar,
    status,
  );
}

