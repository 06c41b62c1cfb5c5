// Small helpers to build the page. Text always goes in as text (never as HTML), URLs from the API are checked.
import { ApiError } from './api.js';

/** h('p', {class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children, skipping empty ones (null, undefined, false) as h() does. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** A path on this site only: a redirect taken from the address must not send anyone elsewhere. */
export function localPath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
}

/** An http(s) URL or a local path, else null (no javascript: or data: links from provider data). */
export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A short-lived notice or the API's error, shown where the action happened and read out by screen readers. */
export function errorBox(error) {
  const box = h('div', { class: 'alert error', role: 'alert' });
  if (error instanceof ApiError) {
    box.append(h('p', { class: 'alert-title' }, error.message));
    const repeated = error.detail === error.message || error.validations.some((v) => v.detail === error.detail);
    if (error.detail && !repeated) box.append(h('p', null, error.detail));
    if (error.validations.length > 0) {
      box.append(h('ul', null, error.validations.map((v) => h('li', null, v.field ? `${v.field}: ${v.detail}` : v.detail))));
    }
  } else {
    box.append(h('p', { class: 'alert-title' }, 'Something went wrong in this page.'), h('p', null, String(error?.message ?? error)));
  }
  return box;
}

export function notice(kind, ...content) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', null, ...content));
}

/** A live region: set(...) replaces what it says. */
export function statusArea() {
  const area = h('div', { class: 'status-area', 'aria-live': 'polite' });
  area.set = (...content) => fill(area, ...content);
  return area;
}

/** Runs an action with the button disabled; errors go to the status area. */
export async function busy(button, status, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch (error) {
    status?.set(errorBox(error));
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A button that asks once more before acting: first click shows "Yes, ..." and "Cancel". */
export function confirmButton(label, confirmLabel, question, action) {
  const wrapper = h('span', { class: 'confirm-wrapper' });
  const first = h('button', { type: 'button', class: 'danger', onclick: ask }, label);
  function ask() {
    const yes = h('button', { type: 'button', class: 'danger confirm' }, confirmLabel);
    const no = h('button', { type: 'button', onclick: () => { wrapper.replaceChildren(first); first.focus(); } }, 'Cancel');
    yes.addEventListener('click', () => action(yes));
    wrapper.replaceChildren(h('span', { class: 'muted' }, question, ' '), yes, ' ', no);
    yes.focus();
  }
  wrapper.append(first);
  return wrapper;
}

export function copyButton(getText, label = 'Copy') {
  if (!navigator.clipboard) return null;
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the text';
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
  return button;
}

/** A read-only multi-line field for keys, with its label and a copy button. */
export function keyField(id, labelText, value) {
  const area = h('textarea', { id, class: 'key', readonly: true, spellcheck: 'false', rows: 4 });
  area.value = value;
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), area, h('div', { class: 'actions' }, copyButton(() => area.value)));
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** Go's zero time (0001-01-01), which the API sends for "never". */
export function isZeroTime(iso) {
  return !iso || iso.startsWith('0001-01-01');
}

export function formatTime(iso) {
  return dateFormat.format(new Date(iso));
}

export function fromNow(iso) {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(Math.round(seconds), 'second');
}

/** The provider's icon when this service has it (/icon/..., /emojis/...), else its first letter. */
export function providerIcon(displayIcon, name) {
  const letter = h('span', { class: 'letter-icon', 'aria-hidden': 'true' }, (name || '?').trim().charAt(0).toUpperCase());
  if (!displayIcon || !displayIcon.startsWith('/') || displayIcon.startsWith('//')) return letter;
  const image = h('img', { class: 'provider-icon', src: displayIcon, alt: '', width: 32, height: 32 });
  image.addEventListener('error', () => image.replaceWith(letter));
  return image;
}

/** Internal links are routed in the page (data-link) instead of loading it again. */
export function link(href, ...children) {
  return h('a', { href, 'data-link': true }, ...children);
}
