// The user's SSH key on one linked provider: added or not, its fingerprint, the last error, and "Sync now".
// Providers without an SSH-key API (Azure DevOps) answer manual: the key is shown for the user to add by hand.
import { get, post, seg } from '../api.js';
import { busy, errorBox, fill, formatTime, h, keyField, statusArea } from '../dom.js';

export function sshKeySection(providerId) {
  const path = `/api/v2/external-auth/${seg(providerId)}/ssh-key`;
  const headingId = `ssh-${providerId}-heading`;
  const section = h('section', { class: 'section ssh-key', 'aria-labelledby': headingId });
  const content = h('div', null, h('p', { class: 'muted' }, 'Checking the SSH key…'));
  const status = statusArea();
  section.append(h('h3', { id: headingId }, 'SSH key'), content, status);

  function draw(key) {
    if (key.manual) {
      fill(content,
        h('p', null, 'This provider has no API for SSH keys. Add your public key to your account there by hand:'),
        keyField(`ssh-${providerId}-public`, 'Your public key', key.public_key ?? ''),
        key.fingerprint ? h('p', { class: 'muted' }, 'Fingerprint ', h('code', null, key.fingerprint)) : null);
      return;
    }
    const state = key.synced
      ? h('p', { 'data-testid': 'ssh-state' }, 'Added to your account', key.synced_at ? ` on ${formatTime(key.synced_at)}` : '', '.')
      : h('p', { 'data-testid': 'ssh-state' }, 'Not added to your account yet.');
    const problem = key.error ? h('div', { class: 'alert warn', role: 'status' }, h('p', null, key.error)) : null;
    const sync = h('button', { type: 'button' }, 'Sync now');
    sync.addEventListener('click', () => busy(sync, status, async () => {
      status.set();
      draw(await post(path));
    }));
    fill(content,
      state,
      key.fingerprint ? h('p', { class: 'muted' }, 'Fingerprint ', h('code', { 'data-testid': 'ssh-fingerprint' }, key.fingerprint)) : null,
      problem,
      h('div', { class: 'actions' }, sync));
  }

  get(path).then(draw, (error) => content.replaceChildren(errorBox(error)));
  return section;
}
