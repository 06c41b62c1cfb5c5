// Sign-in: with a provider that allows it, or by pasting a session key, the admin token or a sign-in link.
// A pasted key is exchanged for the HttpOnly session cookie (POST /api/v2/sessions); the page never stores it.
import { get, post } from '../api.js';
import { busy, h, providerIcon, statusArea } from '../dom.js';

export function renderSignIn(main, ctx, message) {
  const here = window.location.pathname + window.location.search;
  const providers = h('div', { class: 'providers' });
  const status = statusArea();
  if (message) status.set(message);

  const input = h('input', {
    id: 'session-key', name: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'session-key-hint',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'stack', 'aria-labelledby': 'paste-heading' },
    h('h2', { id: 'paste-heading' }, 'Sign in with a key'),
    h('div', { class: 'field' },
      h('label', { for: 'session-key' }, 'Session key, admin token or sign-in link'),
      input,
      h('p', { id: 'session-key-hint', class: 'hint' },
        'A session key made for you, the admin token (data/admin-token on the server), or a sign-in link you were sent.')),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.set();
    const value = input.value.trim();
    if (!value) return;
    await busy(submit, status, async () => {
      await post('/api/v2/sessions', { key: keyOf(value) });
      input.value = '';
      await ctx.signedIn();
    });
  });

  main.append(h('section', { class: 'sign-in' },
    h('h1', { tabindex: -1 }, 'Sign in to GitIntegration'),
    h('p', { class: 'lead' }, 'Link your accounts on Git hosting providers, so git and your tools get working credentials.'),
    status, providers, form));

  get('/api/v2/sessions/providers').then((list) => {
    for (const provider of list.providers) {
      const href = `/login/${encodeURIComponent(provider.id)}?redirect=${encodeURIComponent(here)}`;
      providers.append(h('a', { class: 'button', href }, providerIcon(provider.display_icon, provider.display_name), `Sign in with ${provider.display_name}`));
    }
  }).catch(() => { /* no provider buttons; the key form still works */ });
}

/** The key itself, also when a whole sign-in link (…/login/token?key=…) was pasted. */
function keyOf(value) {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    return new URL(value).searchParams.get('key') ?? value;
  } catch {
    return value;
  }
}
