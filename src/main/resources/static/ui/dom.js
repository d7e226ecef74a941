// Elements are built with createElement and text nodes only: data from the server (file names,
// key names, messages) is never parsed as HTML.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (typeof value === 'boolean' || key === 'value') el[key] = value;
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: label, control and an optional hint. */
export function field(labelText, control, hint) {
  control.id = control.id || uid('f');
  const hintEl = hint ? h('small', { id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

export function notify(text, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = h(
    'div',
    { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : null },
    h('span', {}, text),
    h('button', { type: 'button', class: 'quiet', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'),
  );
  box.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 6000);
  return item;
}

/** Runs an action, showing its error (an ApiError's message) instead of throwing. */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) notify(success, 'ok');
    return result;
  } catch (e) {
    // A 401 sends the page back to its sign-in form, which says so itself.
    if (e.name !== 'AbortError' && e.status !== 401) notify(e.message, 'error');
    return undefined;
  }
}

/** A modal dialog (native <dialog>: focus kept inside, Escape closes). Resolves with its result. */
export function modal(title, build) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dialog = h('dialog', { 'aria-labelledby': titleId });
    let result = null;
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.append(h('h2', { id: titleId }, title), ...[].concat(build(close)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function confirmDialog(title, text, okLabel = 'OK', danger = false) {
  return modal(title, (close) => [
    h('p', {}, text),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'),
      h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => close(true) }, okLabel),
    ),
  ]);
}

export function promptDialog(title, labelText, initial = '', okLabel = 'OK') {
  return modal(title, (close) => {
    const input = h('input', { type: 'text', value: initial, required: true, autocomplete: 'off' });
    const form = h(
      'form',
      {
        onsubmit: (e) => {
          e.preventDefault();
          close(input.value.trim() || null);
        },
      },
      field(labelText, input),
      h(
        'div',
        { class: 'buttons' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary' }, okLabel),
      ),
    );
    queueMicrotask(() => input.select());
    return form;
  });
}

/** A secret shown once: read-only, selectable, with a copy button. */
export function secretBox(labelText, value) {
  const output = h('textarea', { readonly: true, rows: Math.min(12, value.split('\n').length + 1), class: 'mono' });
  output.value = value;
  const copy = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          output.select();
          document.execCommand('copy');
        }
        copy.textContent = 'Copied';
      },
    },
    'Copy',
  );
  return h('div', { class: 'secret' }, field(labelText, output, 'Shown once: copy it now.'), copy);
}

export function table(caption, headers, rows) {
  return h(
    'table',
    {},
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows),
  );
}
