// Sign-in: with a provider that allows it, or by pasting a session key, the admin token or a sign-in link.
// A pasted key is exchanged for the HttpOnly session cookie (POST /api/v2/sessions); the page never stores it.
// A failed provider sign-in comes back here as /login?error=…&provider=…&redirect=… and says what happened.
import { get, post, seg } from '../api.js';
import { busy, h, localPath, providerIcon, statusArea } from '../dom.js';
import { oauthFailureAlert, oauthFailureIn } from './oauth-failure.js';

export function renderSignIn(main, ctx, message) {
  const failure = oauthFailureIn(ctx.query);
  const failedProvider = failure ? ctx.query.get('provider') : null;
  // Where to go once signed in: the page that asked for sign-in, not this failure report.
  const redirect = ctx.query.get('redirect');
  const here = failure ? (localPath(redirect) ? redirect : '/') : window.location.pathname + window.location.search;
  const providers = h('div', { class: 'providers' });
  const status = statusArea();
  const retry = (id) => `/login/${seg(id)}?redirect=${encodeURIComponent(here)}`;
  const failureAlert = (name) => oauthFailureAlert(failure, `Signing in with ${name} failed`, name, retry(failedProvider));
  // Named by its id until the provider list gives its display name.
  let failureShown = failedProvider ? failureAlert(failedProvider) : null;
  if (failureShown) status.set(failureShown);
  else if (message) status.set(message);

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
      providers.append(h('a', { class: 'button', href: retry(provider.id) },
        providerIcon(provider.display_icon, provider.display_name), `Sign in with ${provider.display_name}`));
      if (provider.id === failedProvider && failureShown?.isConnected) {
        const named = failureAlert(provider.display_name);
        failureShown.replaceWith(named);
        failureShown = named;
      }
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
