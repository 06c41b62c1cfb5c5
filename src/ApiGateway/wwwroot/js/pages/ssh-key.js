// The user's SSH key pair: the public key with its fingerprint, and regeneration (re-synced to every link).
import { get, put } from '../api.js';
import { busy, confirmButton, errorBox, formatTime, h, keyField, notice, statusArea } from '../dom.js';

const path = '/api/v2/users/me/gitsshkey';

export async function renderSshKey(main) {
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading your key…'));
  const status = statusArea();
  main.append(
    h('h1', { tabindex: -1 }, 'SSH key'),
    h('p', { class: 'lead' }, 'One key pair is yours. Its public key is added to every connected provider that has an SSH-key API, so git over SSH works there.'),
    status, content);

  async function draw(key) {
    const print = await fingerprint(key.public_key);
    content.replaceChildren(
      keyField('ssh-public-key', 'Public key', key.public_key),
      h('dl', { class: 'facts' },
        h('dt', null, 'Fingerprint'), h('dd', null, print ? h('code', { 'data-testid': 'fingerprint' }, print) : 'Shown over HTTPS only'),
        h('dt', null, 'Created'), h('dd', null, formatTime(key.created_at)),
        h('dt', null, 'Last changed'), h('dd', null, formatTime(key.updated_at))),
      h('div', { class: 'actions' },
        confirmButton('Regenerate', 'Yes, regenerate', 'The old key stops working everywhere.', (button) => busy(button, status, async () => {
          await draw(await put(path));
          status.set(notice('ok', 'A new key was made and sent to your connected providers.'));
        }))));
  }

  try {
    await draw(await get(path));
  } catch (error) {
    content.replaceChildren(errorBox(error));
  }
}

/** SHA256:<unpadded base64 of the key blob>, as ssh-keygen -lf prints it (needs a secure context for crypto.subtle). */
async function fingerprint(publicKey) {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob || !window.crypto?.subtle) return null;
  const bytes = Uint8Array.from(atob(blob), (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `SHA256:${btoa(String.fromCharCode(...digest)).replace(/=+$/, '')}`;
}
