// Session keys: tokens that let programs (the git credential helper, scripts) act as the user.
// A new key is shown once; the list shows names and dates only (the service keeps hashes).
import { del, get, post, seg } from '../api.js';
import { busy, confirmButton, copyButton, errorBox, formatTime, h, isZeroTime, notice, statusArea } from '../dom.js';

const path = '/api/v2/users/me/keys';
const lifetimes = [['1 day', 86400], ['30 days', 2592000], ['90 days', 7776000], ['1 year', 31536000], ['No expiry', 0]];

export async function renderSessionKeys(main) {
  const status = statusArea();
  const created = h('div', { 'aria-live': 'polite' });
  const table = h('div', null, h('p', { class: 'muted' }, 'Loading keys…'));

  const name = h('input', { id: 'key-name', name: 'token_name', type: 'text', maxlength: 64, autocomplete: 'off' });
  const lifetime = h('select', { id: 'key-lifetime', name: 'lifetime' }, lifetimes.map(([label, seconds]) => h('option', { value: seconds }, label)));
  lifetime.value = '2592000';
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create key');
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-key-heading' },
    h('h2', { id: 'new-key-heading' }, 'New key'),
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Name (optional)'), name),
    h('div', { class: 'field' }, h('label', { for: lifetime.id }, 'Expires after'), lifetime),
    h('div', { class: 'actions' }, create));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.set();
    await busy(create, status, async () => {
      const body = {};
      if (name.value.trim()) body.token_name = name.value.trim();
      if (Number(lifetime.value) > 0) body.lifetime_seconds = Number(lifetime.value);
      const result = await post(path, body);
      name.value = '';
      created.replaceChildren(newKey(result.key));
      await load();
    });
  });

  main.append(
    h('h1', { tabindex: -1 }, 'Session keys'),
    h('p', { class: 'lead' }, 'A key lets a program act as you: the git credential helper (GITINTEGRATION_TOKEN) or a script calling the API.'),
    status, created, form, h('h2', null, 'Your keys'), table);

  async function load() {
    let keys;
    try {
      keys = await get(path);
    } catch (error) {
      table.replaceChildren(errorBox(error));
      return;
    }
    if (keys.length === 0) {
      table.replaceChildren(h('p', { class: 'muted' }, 'No keys.'));
      return;
    }
    table.replaceChildren(h('table', null,
      h('thead', null, h('tr', null, ['Name', 'Created', 'Expires', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, keys.map(row))));
  }

  function row(key) {
    const label = key.token_name || 'Unnamed key';
    return h('tr', { 'data-key-id': key.id },
      h('td', null, label),
      h('td', null, formatTime(key.created_at)),
      h('td', null, !key.expires_at || isZeroTime(key.expires_at) ? 'Never' : formatTime(key.expires_at)),
      h('td', null, confirmButton('Revoke', 'Yes, revoke', `Revoke "${label}"?`, (button) => busy(button, status, async () => {
        await del(`${path}/${seg(key.id)}`);
        status.set(notice('ok', `Revoked "${label}".`));
        await load();
      }))));
  }

  await load();
}

function newKey(key) {
  const value = h('code', { 'data-testid': 'new-key' }, key);
  return h('div', { class: 'alert ok', role: 'status' },
    h('p', { class: 'alert-title' }, 'Your new key. Copy it now: it is not shown again.'),
    h('p', null, value, ' ', copyButton(() => key)));
}
