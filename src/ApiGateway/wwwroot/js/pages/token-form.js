// Linking with a personal access token or app password: the service checks it at the provider first and
// answers 400 with the reason when the provider refuses it. The token is sent once and never kept here.
import { put, seg } from '../api.js';
import { busy, h, statusArea } from '../dom.js';

export function tokenForm(provider, onLinked, onClose) {
  const id = `token-${provider.id}`;
  const status = statusArea();
  const token = h('input', { id: `${id}-value`, name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const username = h('input', { id: `${id}-username`, name: 'username', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-username-hint` });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save token');
  const form = h('form', { class: 'panel token-form', 'aria-labelledby': `${id}-heading` },
    h('h3', { id: `${id}-heading` }, `Connect ${provider.display_name} with a personal access token`),
    h('div', { class: 'field' }, h('label', { for: token.id }, 'Token'), token),
    h('div', { class: 'field' },
      h('label', { for: username.id }, 'Username (optional)'),
      username,
      h('p', { id: `${id}-username-hint`, class: 'hint' }, 'Only for providers that pair the token with a username, such as Bitbucket app passwords.')),
    status,
    h('div', { class: 'actions' }, save, h('button', { type: 'button', onclick: onClose }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.set();
    await busy(save, status, async () => {
      const body = { token: token.value.trim() };
      if (username.value.trim()) body.username = username.value.trim();
      await put(`/api/v2/external-auth/${seg(provider.id)}/token`, body);
      token.value = '';
      onLinked();
    });
  });
  queueMicrotask(() => token.focus());
  return form;
}
