// A small tus 1.0.0 client (creation, core PATCH, HEAD to resume, termination): XMLHttpRequest for
// upload progress events, the session's CSRF header on every request, automatic retries after a
// lost connection, and the upload's URL remembered (never a credential) so that the same file
// picked again after a reload continues where it stopped.

import { csrfHeaders, problemOf } from './api.js';

const ENDPOINT = '/api/v1/uploads';
const CHUNK = 32 * 1024 * 1024;
const RETRIES = [500, 1000, 2000, 4000, 8000, 8000, 8000];
const STORE = 'coffer-uploads';

function b64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function stored() {
  try {
    return JSON.parse(localStorage.getItem(STORE) || '{}');
  } catch {
    return {};
  }
}

function remember(key, value) {
  const all = stored();
  if (value) all[key] = value;
  else delete all[key];
  localStorage.setItem(STORE, JSON.stringify(all));
}

/** Unfinished uploads of this user, from earlier pages. */
export function unfinished(user) {
  return Object.entries(stored())
    .filter(([, v]) => v.user === user)
    .map(([key, v]) => ({ key, ...v }));
}

export function forget(key) {
  remember(key, null);
}

function send(method, url, headers, body, onProgress, bind) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    bind(xhr);
    xhr.open(method, url);
    for (const [k, v] of Object.entries({ ...csrfHeaders(), 'Tus-Resumable': '1.0.0', ...headers })) {
      xhr.setRequestHeader(k, v);
    }
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => resolve(xhr);
    xhr.onabort = () => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
    xhr.send(body);
  });
}

async function failure(xhr) {
  return problemOf(xhr.status, (n) => xhr.getResponseHeader(n), xhr.responseText);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Upload {
  /** @param file a File; @param path the target path in the home */
  constructor(file, path, user, listener) {
    this.file = file;
    this.path = path;
    this.user = user;
    this.key = `${user}:${path}:${file.size}:${file.lastModified}`;
    this.listener = listener;
    this.offset = 0;
    this.xhr = null;
    this.cancelled = false;
    this.retries = 0;
  }

  async start() {
    const saved = stored()[this.key];
    if (saved && (await this.resumeAt(saved.url))) {
      this.listener.resumed?.(this.offset);
    } else {
      await this.create();
    }
    this.report(this.offset);
    while (this.offset < this.file.size) {
      await this.patch();
    }
    forget(this.key);
    this.listener.done?.();
  }

  async create() {
    const name = this.path.split('/').pop();
    const xhr = await this.retrying(() =>
      send('POST', ENDPOINT, {
        'Upload-Length': String(this.file.size),
        'Upload-Metadata': `path ${b64(this.path)},filename ${b64(name)}`,
      }, null, null, (x) => (this.xhr = x)),
    );
    if (xhr.status !== 201) throw await failure(xhr);
    this.url = new URL(xhr.getResponseHeader('Location'), location.href).pathname;
    this.offset = 0;
    remember(this.key, { user: this.user, url: this.url, path: this.path, name: this.file.name, size: this.file.size });
  }

  /** Whether the remembered upload still exists; sets the offset from the server. */
  async resumeAt(url) {
    const xhr = await this.retrying(() => send('HEAD', url, {}, null, null, (x) => (this.xhr = x)));
    if (xhr.status !== 200 && xhr.status !== 204) {
      forget(this.key);
      return false;
    }
    this.url = url;
    this.offset = Number(xhr.getResponseHeader('Upload-Offset'));
    return true;
  }

  async patch() {
    const end = Math.min(this.file.size, this.offset + CHUNK);
    const from = this.offset;
    const xhr = await send(
      'PATCH',
      this.url,
      { 'Upload-Offset': String(from), 'Content-Type': 'application/offset+octet-stream' },
      this.file.slice(from, end),
      (loaded) => this.report(from + loaded),
      (x) => (this.xhr = x),
    );
    if (xhr.status === 204) {
      this.offset = Number(xhr.getResponseHeader('Upload-Offset'));
      this.retries = 0;
      this.report(this.offset);
      return;
    }
    const transient = xhr.status === 0 || xhr.status === 409 || xhr.status === 423
      || xhr.status === 460 || xhr.status === 503 || (xhr.status === 400 && /upload-incomplete/.test(xhr.responseText));
    if (!transient || this.retries >= RETRIES.length) throw await failure(xhr);
    this.listener.interrupted?.();
    await sleep(RETRIES[this.retries++]);
    if (this.cancelled) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    if (!(await this.resumeAt(this.url))) throw new Error('The unfinished upload is gone on the server; start it again.');
    this.listener.resumed?.(this.offset);
  }

  /** Sends a request again after a lost connection (status 0), with growing pauses. */
  async retrying(request) {
    for (let i = 0; ; i++) {
      const xhr = await request();
      if (xhr.status !== 0 || i >= RETRIES.length) {
        if (xhr.status === 0) throw await failure(xhr);
        return xhr;
      }
      await sleep(RETRIES[i]);
      if (this.cancelled) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    }
  }

  report(sent) {
    this.listener.progress?.(sent, this.file.size);
  }

  /** Stops the upload and removes what the server holds of it. */
  async cancel() {
    this.cancelled = true;
    if (this.xhr) this.xhr.abort();
    forget(this.key);
    if (this.url) {
      await send('DELETE', this.url, {}, null, null, () => {}).catch(() => {});
    }
  }
}
