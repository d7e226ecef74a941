// The one way the pages talk to the server: the documented REST API, authenticated by the
// HttpOnly session cookie, with the session's CSRF token (kept in memory only) on every change.

let csrf = null;
let onSignedOut = () => {};

export function setSession(session) {
  csrf = session ? session.csrfToken : null;
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export function csrfHeaders() {
  const headers = { 'X-Requested-With': 'coffer-web' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  return headers;
}

/** Each segment percent-encoded; slashes between them kept. */
export function encodePath(path) {
  return path.split('/').filter((s) => s !== '').map(encodeURIComponent).join('/');
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(status, problem));
    this.status = status;
    this.code = problem.code || '';
    this.detail = problem.detail || '';
    this.retryAfter = problem.retryAfter;
  }
}

const MESSAGES = {
  'invalid-request': 'That value is not accepted',
  'malformed-request': 'The request was malformed',
  'invalid-path': 'That name or path is not allowed',
  'digest-mismatch': 'The file arrived damaged (its checksum did not match); nothing was stored',
  'invalid-digest': 'The checksum sent was malformed',
  'invalid-operation': 'That operation is not possible',
  'home-folder': 'Your home folder cannot be deleted',
  'decryption-failed': 'Decryption failed: wrong key, wrong data or damaged ciphertext',
  'operation-not-supported': 'This key type does not support that operation',
  'batch-too-large': 'Too many items at once',
  'missing-header': 'The upload request was incomplete',
  'missing-path': 'The upload has no target path',
  'invalid-metadata': 'The upload description was malformed',
  'invalid-checksum': 'The upload checksum was malformed',
  'upload-incomplete': 'A part of the upload broke off',
  unauthorized: 'You are not signed in (or your session has ended)',
  forbidden: 'You are not allowed to do this',
  'csrf-failed': 'This page is out of date; reload it and try again',
  'wrong-current-password': 'The current password is not correct',
  'key-not-exportable': 'This key is not exportable',
  'not-found': 'Not found: it may have been moved or deleted',
  'user-not-found': 'No such user',
  'token-not-found': 'No such token',
  'key-not-found': 'No such key',
  'key-version-not-found': 'No such key version',
  'already-exists': 'Something with that name already exists there',
  'not-a-folder': 'That is a file, not a folder',
  'is-a-folder': 'That is a folder, not a file',
  'not-empty': 'The folder is not empty',
  'user-exists': 'A user with that name already exists',
  'key-exists': 'A key with that name already exists',
  'last-admin': 'This would leave no enabled admin',
  'key-deletion-not-allowed': 'Deletion is not allowed for this key; allow it in its settings first',
  'offset-conflict': 'Another upload of this file is running',
  'upload-complete': 'The upload is already complete',
  'upload-expired': 'The unfinished upload expired; start it again',
  'precondition-failed': 'The file changed meanwhile',
  'unsupported-version': 'Upload protocol version not supported',
  'too-large': 'The file is larger than this server allows',
  'exceeds-upload-length': 'More bytes than announced were sent',
  'payload-too-large': 'The input is too large; use a file instead',
  'unsupported-media-type': 'Wrong content type',
  'upload-busy': 'The upload is busy; try again in a moment',
  'too-many-attempts': 'Too many failed sign-in attempts',
  'too-many-uploads': 'Too many unfinished uploads; finish or cancel some first',
  'checksum-mismatch': 'A part of the upload arrived damaged',
  'quota-exceeded': 'Over quota: there is not enough space left in your quota',
  'storage-full': 'The server’s disk is full; nothing was stored',
  'key-unavailable': 'The key cannot be used on this server',
  'internal-error': 'The server failed unexpectedly',
  busy: 'The server is busy; try again in a moment',
};

export function problemMessage(status, problem) {
  const base = MESSAGES[problem.code] || problem.title || `Request failed (HTTP ${status})`;
  const retry = problem.retryAfter ? ` Try again in ${problem.retryAfter} s.` : '';
  const detail = problem.detail && problem.detail !== base ? ` (${problem.detail})` : '';
  return base + '.' + retry + detail;
}

/** Reads a problem+json answer (or makes one from the status). */
export async function problemOf(status, headers, text) {
  let problem = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { title: `HTTP ${status}` };
  }
  if (status === 0) problem = { title: 'The connection to the server was lost' };
  const retry = headers && headers('Retry-After');
  if (retry) problem.retryAfter = retry;
  return new ApiError(status, problem);
}

export async function api(method, path, options = {}) {
  const headers = { ...csrfHeaders(), ...(options.headers || {}) };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const query = options.query ? '?' + new URLSearchParams(options.query) : '';
  let response;
  try {
    response = await fetch(path + query, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The connection to the server was lost' });
  }
  if (!response.ok) {
    const error = await problemOf(
      response.status,
      (n) => response.headers.get(n),
      await response.text(),
    );
    if (response.status === 401 && !path.startsWith('/ui/session')) onSignedOut();
    throw error;
  }
  if (options.raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export function formatBytes(n) {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return (i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
