// The file manager: one page of a folder at a time (the API's cursor, so a folder of any size
// costs one page), uploads over tus, and every operation through the documented API.

import { api, encodePath, formatBytes, formatTime } from './api.js';
import { attempt, confirmDialog, field, h, modal, notify, promptDialog } from './dom.js';
import { Upload, forget, unfinished } from './tus.js';

const PAGE = 200;
const state = { path: '', sort: 'name', order: 'asc', cursors: [null], page: 0, next: null, user: null };
let els = null;
let generation = 0;
let uploadsList = null;
const active = new Set();

const join = (dir, name) => (dir ? `${dir}/${name}` : name);
const parent = (path) => path.split('/').slice(0, -1).join('/');
const baseName = (path) => path.split('/').pop();

export function filesView(main, session, path) {
  if (state.user !== session.username) uploadsList = null;
  state.user = session.username;
  if (els && els.root.isConnected && state.path === path) {
    return;
  }
  if (state.path !== path || !els) {
    state.cursors = [null];
    state.page = 0;
  }
  state.path = path;
  els = build(session);
  main.replaceChildren(els.root);
  document.title = `${path ? baseName(path) : 'Home'} · Coffer`;
  load();
  quota();
  showUnfinished();
}

function build() {
  const crumbs = h('ol', { class: 'crumbs' });
  const quotaText = h('span', { id: 'quota-text' });
  const quotaBar = h('progress', { max: 1, value: 0, 'aria-labelledby': 'quota-text', class: 'quota-bar' });
  const filesInput = h('input', { type: 'file', multiple: true, class: 'sr-only', id: 'pick-files', onchange: (e) => picked(e.target) });
  const folderInput = h('input', { type: 'file', multiple: true, webkitdirectory: '', class: 'sr-only', id: 'pick-folder', onchange: (e) => picked(e.target) });
  const tbody = h('tbody');
  const sortButtons = {};
  const header = (key, label, cls) => {
    const button = h('button', { type: 'button', class: 'sort', onclick: () => sortBy(key) }, label);
    sortButtons[key] = button;
    return h('th', { scope: 'col', class: cls }, button);
  };
  const list = h(
    'table',
    { class: 'files', id: 'listing' },
    h('caption', { class: 'sr-only' }, 'Folder contents'),
    h('thead', {}, h('tr', {}, header('name', 'Name', 'c-name'), header('size', 'Size', 'c-size'), header('modified', 'Modified', 'c-mod'), h('th', { scope: 'col', class: 'c-act' }, h('span', { class: 'sr-only' }, 'Actions')))),
    tbody,
  );
  const prev = h('button', { type: 'button', onclick: () => turn(-1) }, '‹ Previous');
  const next = h('button', { type: 'button', onclick: () => turn(1) }, 'Next ›');
  const pageLabel = h('span', { class: 'page-label', 'aria-live': 'polite' });
  // One list for the whole page: uploads go on while the user browses other folders or pages.
  uploadsList ||= h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const uploads = uploadsList;
  const drop = h('div', { class: 'drop', id: 'drop' }, list);
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    dropped(e.dataTransfer);
  });
  const root = h(
    'section',
    { class: 'files-view', 'aria-labelledby': 'files-title' },
    h('h1', { id: 'files-title', class: 'sr-only' }, 'Files'),
    h('div', { class: 'head' }, h('nav', { 'aria-label': 'Breadcrumb' }, crumbs), h('div', { class: 'quota' }, quotaBar, quotaText)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: newFolder }, 'New folder'),
      filesInput,
      h('label', { for: 'pick-files', class: 'button' }, 'Upload files'),
      folderInput,
      h('label', { for: 'pick-folder', class: 'button' }, 'Upload folder'),
      h('a', { class: 'button', id: 'zip', href: '/api/v1/archive/' + encodePath(state.path), download: '' }, 'Download folder as zip'),
      h('span', { class: 'hint' }, 'or drop files and folders on the list'),
    ),
    uploads,
    drop,
    h('div', { class: 'pager' }, prev, pageLabel, next),
  );
  return { root, crumbs, quotaText, quotaBar, tbody, sortButtons, prev, next, pageLabel, uploads, list, filesInput, folderInput };
}

function renderCrumbs() {
  const parts = state.path ? state.path.split('/') : [];
  const items = [h('li', {}, h('a', { href: '#/files', 'aria-current': parts.length ? null : 'page' }, 'Home'))];
  parts.forEach((name, i) => {
    const to = parts.slice(0, i + 1).join('/');
    items.push(h('li', {}, h('a', { href: '#/files/' + encodePath(to), 'aria-current': i === parts.length - 1 ? 'page' : null }, name)));
  });
  els.crumbs.replaceChildren(...items);
}

function sortBy(key) {
  if (state.sort === key) state.order = state.order === 'asc' ? 'desc' : 'asc';
  else {
    state.sort = key;
    state.order = 'asc';
  }
  state.cursors = [null];
  state.page = 0;
  load();
}

function turn(delta) {
  const page = state.page + delta;
  if (page < 0 || (delta > 0 && !state.next)) return;
  if (delta > 0) state.cursors[page] = state.next;
  state.page = page;
  load();
}

/** Keeps the rows' height while a page loads: placeholders where rows were. */
function placeholders() {
  const count = Math.max(els.tbody.rows.length, 8);
  const rows = [];
  for (let i = 0; i < count; i++) {
    rows.push(h('tr', { class: 'ghost', 'aria-hidden': 'true' }, h('td', { colspan: 4 }, h('span', { class: 'bar-ghost' }))));
  }
  els.tbody.replaceChildren(...rows);
}

export async function load() {
  const mine = ++generation;
  renderCrumbs();
  for (const [key, button] of Object.entries(els.sortButtons)) {
    button.parentElement.setAttribute('aria-sort', key === state.sort ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
  }
  els.list.setAttribute('aria-busy', 'true');
  placeholders();
  const query = { limit: PAGE, sort: state.sort, order: state.order };
  const cursor = state.cursors[state.page];
  if (cursor) query.cursor = cursor;
  let listing;
  try {
    listing = await api('GET', '/api/v1/dirs/' + encodePath(state.path), { query });
  } catch (e) {
    if (mine !== generation) return;
    els.tbody.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, e.message)));
    els.list.removeAttribute('aria-busy');
    return;
  }
  if (mine !== generation) return;
  state.next = listing.nextCursor || null;
  const rows = listing.entries.map(row);
  if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'This folder is empty.')));
  els.tbody.replaceChildren(...rows);
  els.list.removeAttribute('aria-busy');
  els.prev.disabled = state.page === 0;
  els.next.disabled = !state.next;
  const first = state.page * PAGE + 1;
  els.pageLabel.textContent = listing.entries.length
    ? `Items ${first}–${first + listing.entries.length - 1}${state.next ? '' : ' (end)'}`
    : '';
  document.documentElement.dataset.listed = String(Date.now());
}

function row(entry) {
  const dir = entry.type === 'dir';
  const name = dir
    ? h('a', { href: '#/files/' + encodePath(entry.path), class: 'name dir' }, h('span', { class: 'icon dir', 'aria-hidden': 'true' }), h('span', {}, entry.name))
    : h('a', { href: '/api/v1/files/' + encodePath(entry.path), download: entry.name, class: 'name file', title: 'Download ' + entry.name }, h('span', { class: 'icon file', 'aria-hidden': 'true' }), h('span', {}, entry.name));
  const act = (label, handler, cls) => h('button', { type: 'button', class: 'quiet ' + (cls || ''), 'aria-label': `${label} ${entry.name}`, onclick: () => handler(entry) }, label);
  return h(
    'tr',
    { 'data-name': entry.name },
    h('td', { class: 'c-name' }, name),
    h('td', { class: 'c-size' }, dir ? '—' : formatBytes(entry.size)),
    h('td', { class: 'c-mod' }, h('time', { datetime: entry.modified }, formatTime(entry.modified))),
    h('td', { class: 'c-act' }, act('Rename', rename), act('Move', move), act('Copy', copy), dir ? act('Zip', (e) => (location.href = '/api/v1/archive/' + encodePath(e.path))) : null, act('Delete', remove, 'danger')),
  );
}

async function quota() {
  const me = await attempt(() => api('GET', '/api/v1/me'));
  if (!me || !els) return;
  const used = me.usedBytes || 0;
  if (me.quotaBytes == null) {
    els.quotaBar.hidden = true;
    els.quotaText.textContent = `${formatBytes(used)} used, no quota`;
  } else {
    els.quotaBar.hidden = false;
    els.quotaBar.max = me.quotaBytes || 1;
    els.quotaBar.value = Math.min(used, me.quotaBytes);
    els.quotaText.textContent = `${formatBytes(used)} of ${formatBytes(me.quotaBytes)} used, ${formatBytes(Math.max(0, me.quotaBytes - used))} left`;
  }
}

function refresh() {
  load();
  quota();
}

async function newFolder() {
  const name = await promptDialog('New folder', 'Folder name', '', 'Create');
  if (!name) return;
  await attempt(() => api('POST', '/api/v1/dirs/' + encodePath(join(state.path, name))), `Created folder ${name}`);
  refresh();
}

async function rename(entry) {
  const name = await promptDialog(`Rename ${entry.name}`, 'New name', entry.name, 'Rename');
  if (!name || name === entry.name) return;
  await attempt(() => api('POST', '/api/v1/ops/move', { json: { from: entry.path, to: join(parent(entry.path), name) } }), `Renamed to ${name}`);
  refresh();
}

async function move(entry) {
  const dir = await chooseFolder(`Move ${entry.name} to…`, parent(entry.path), 'Move here');
  if (dir == null) return;
  await attempt(() => api('POST', '/api/v1/ops/move', { json: { from: entry.path, to: join(dir, entry.name) } }), `Moved ${entry.name} to /${dir}`);
  refresh();
}

async function copy(entry) {
  const dir = await chooseFolder(`Copy ${entry.name} to…`, parent(entry.path), 'Copy here');
  if (dir == null) return;
  const target = dir === parent(entry.path) ? join(dir, 'Copy of ' + entry.name) : join(dir, entry.name);
  await attempt(() => api('POST', '/api/v1/ops/copy', { json: { from: entry.path, to: target } }), `Copied ${entry.name}`);
  refresh();
}

async function remove(entry) {
  const dir = entry.type === 'dir';
  const ok = await confirmDialog(
    `Delete ${entry.name}?`,
    dir ? `The folder “${entry.name}” and everything in it will be deleted. This cannot be undone.` : `“${entry.name}” will be deleted. This cannot be undone.`,
    'Delete',
    true,
  );
  if (!ok) return;
  const path = encodePath(entry.path);
  await attempt(
    () => (dir ? api('DELETE', '/api/v1/dirs/' + path, { query: { recursive: 'true' } }) : api('DELETE', '/api/v1/files/' + path)),
    `Deleted ${entry.name}`,
  );
  refresh();
}

/** A dialog that walks folders (one page each, "More" for the next) and returns the one chosen. */
function chooseFolder(title, start, okLabel) {
  return modal(title, (close) => {
    let current = start;
    const where = h('p', { class: 'where', 'aria-live': 'polite' });
    const list = h('ul', { class: 'chooser' });
    const more = h('button', { type: 'button', hidden: true }, 'More folders');
    let cursor = null;
    const show = async (dir, append) => {
      current = dir;
      where.textContent = 'In: /' + dir;
      if (!append) {
        cursor = null;
        const items = [];
        if (dir) items.push(h('li', {}, h('button', { type: 'button', class: 'quiet', onclick: () => show(parent(dir)) }, '↑ Up to /' + parent(dir))));
        list.replaceChildren(...items);
      }
      const query = { limit: 100, sort: 'name' };
      if (cursor) query.cursor = cursor;
      const listing = await attempt(() => api('GET', '/api/v1/dirs/' + encodePath(dir), { query }));
      if (!listing) return;
      cursor = listing.nextCursor || null;
      more.hidden = !cursor;
      for (const e of listing.entries.filter((x) => x.type === 'dir')) {
        list.append(h('li', {}, h('button', { type: 'button', class: 'quiet', onclick: () => show(e.path) }, h('span', { class: 'icon dir', 'aria-hidden': 'true' }), e.name)));
      }
    };
    more.addEventListener('click', () => show(current, true));
    show(start);
    return [
      where,
      list,
      more,
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { type: 'button', class: 'primary', onclick: () => close(current) }, okLabel)),
    ];
  });
}

// ---- uploads ----

const queue = [];
let running = 0;
const PARALLEL = 2;

function picked(input) {
  const files = [...input.files].map((f) => ({ file: f, rel: f.webkitRelativePath || f.name }));
  input.value = '';
  enqueue(files);
}

async function dropped(transfer) {
  const items = [...transfer.items].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (items.some((e) => e)) {
    const files = [];
    for (const entry of items.filter(Boolean)) await walk(entry, files);
    enqueue(files);
  } else {
    enqueue([...transfer.files].map((f) => ({ file: f, rel: f.name })));
  }
}

/** Every file below a dropped entry, with its path relative to the drop (the tree kept). */
async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push({ file, rel: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = entry.createReader();
  let batch;
  let empty = true;
  do {
    batch = await new Promise((res, rej) => reader.readEntries(res, rej));
    for (const child of batch) {
      empty = false;
      await walk(child, out);
    }
  } while (batch.length);
  if (empty) out.push({ dir: entry.fullPath.replace(/^\//, '') });
}

function enqueue(items) {
  const base = state.path;
  for (const item of items) {
    if (item.dir) {
      api('POST', '/api/v1/dirs/' + encodePath(join(base, item.dir))).catch((e) => notify(e.message, 'error'));
      continue;
    }
    queue.push({ ...item, target: join(base, item.rel), ui: uploadRow(item.rel) });
  }
  pump();
}

function pump() {
  while (running < PARALLEL && queue.length) {
    running++;
    run(queue.shift()).finally(() => {
      running--;
      pump();
      if (!running && !queue.length) refresh();
    });
  }
}

function uploadRow(label) {
  const bar = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${label}` });
  const stat = h('span', { class: 'stat' }, 'Waiting…');
  const cancel = h('button', { type: 'button', class: 'quiet' }, 'Cancel');
  const li = h('li', { class: 'upload', 'data-name': label }, h('span', { class: 'up-name' }, label), bar, stat, cancel);
  els.uploads.append(li);
  return { li, bar, stat, cancel };
}

function seconds(s) {
  if (!Number.isFinite(s)) return '';
  if (s < 60) return `${Math.ceil(s)} s left`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`;
}

async function run(item) {
  const { ui } = item;
  const samples = [];
  const upload = new Upload(item.file, item.target, state.user, {
    progress(sent, total) {
      const now = performance.now();
      samples.push([now, sent]);
      while (samples.length > 2 && now - samples[0][0] > 3000) samples.shift();
      const [t0, b0] = samples[0];
      const speed = now > t0 ? ((sent - b0) * 1000) / (now - t0) : 0;
      const pct = total ? Math.floor((sent * 100) / total) : 100;
      ui.bar.value = pct;
      ui.li.dataset.percent = String(pct);
      ui.stat.textContent = `${pct} % · ${formatBytes(sent)} of ${formatBytes(total)}` + (speed > 0 && sent < total ? ` · ${formatBytes(speed)}/s · ${seconds((total - sent) / speed)}` : '');
    },
    interrupted() {
      ui.li.dataset.state = 'interrupted';
      ui.stat.textContent = 'Connection lost, retrying…';
    },
    resumed(offset) {
      ui.li.dataset.state = 'resumed';
      ui.li.dataset.resumedAt = String(offset);
      samples.length = 0;
    },
  });
  active.add(upload.key);
  ui.cancel.addEventListener('click', async () => {
    await upload.cancel();
    ui.li.dataset.state = 'cancelled';
    ui.stat.textContent = 'Cancelled';
    ui.cancel.remove();
  });
  try {
    await upload.start().finally(() => active.delete(upload.key));
    ui.bar.value = 100;
    ui.li.dataset.percent = '100';
    ui.li.dataset.state = 'done';
    ui.stat.textContent = `Done · ${formatBytes(item.file.size)}`;
    ui.cancel.remove();
    setTimeout(() => ui.li.remove(), 15000);
  } catch (e) {
    if (e.name === 'AbortError') return;
    // Refused by the server (quota, size, ...): nothing to resume, so free what it holds. A lost
    // connection (no status) stays resumable.
    if (e.status) upload.cancel();
    ui.li.dataset.state = 'failed';
    ui.li.classList.add('failed');
    ui.stat.textContent = e.message;
    ui.stat.setAttribute('role', 'alert');
    ui.cancel.textContent = 'Dismiss';
    ui.cancel.addEventListener('click', () => ui.li.remove());
  }
}

/** Uploads a reload interrupted: picking the same file again continues it. */
function showUnfinished() {
  for (const old of els.uploads.querySelectorAll('li.pending')) old.remove();
  for (const u of unfinished(state.user).filter((x) => !active.has(x.key))) {
    const input = h('input', { type: 'file', class: 'sr-only', id: 'resume-' + btoa(encodeURIComponent(u.key)).replace(/[^a-z0-9]/gi, '') });
    input.addEventListener('change', () => {
      const file = input.files[0];
      if (!file) return;
      if (file.size !== u.size) {
        notify(`That is not ${u.name}: the size differs.`, 'error');
        return;
      }
      li.remove();
      queue.push({ file, rel: u.path, target: u.path, ui: uploadRow(u.path) });
      pump();
    });
    const li = h(
      'li',
      { class: 'upload pending' },
      h('span', { class: 'up-name' }, u.path),
      h('span', { class: 'stat' }, 'Unfinished: choose the same file to resume.'),
      input,
      h('label', { for: input.id, class: 'button' }, 'Resume…'),
      h('button', { type: 'button', class: 'quiet', onclick: async () => {
        forget(u.key);
        li.remove();
        await api('DELETE', u.url, { headers: { 'Tus-Resumable': '1.0.0' } }).catch(() => {});
      } }, 'Discard'),
    );
    els.uploads.append(li);
  }
}

