// "Git providers": every provider with the user's link, and the page of one provider at /external-auth/{id}
// (where the OAuth callback sends the browser back with ?redirected=true, or ?error= when it failed, and the link
// URL git is given).
import { get, seg } from '../api.js';
import { errorBox, h, link, notice } from '../dom.js';
import { providerCard } from './provider-card.js';
import { oauthFailureAlert, oauthFailureIn } from './oauth-failure.js';

export async function renderGitProviders(main, ctx) {
  const list = h('div', { class: 'provider-list' }, h('p', { class: 'muted' }, 'Loading providers…'));
  main.append(
    h('h1', { tabindex: -1 }, 'Git providers'),
    h('p', { class: 'lead' }, 'Connect your accounts so git, the credential helper and your tools can use them. Tokens renew on their own.'),
    list);
  let data;
  try {
    data = await get('/api/v2/external-auth');
  } catch (error) {
    list.replaceChildren(errorBox(error));
    return;
  }
  if (data.providers.length === 0) {
    list.replaceChildren(notice('info', 'No Git providers are set up yet.',
      ctx.session.isAdmin ? [' ', link('/settings/admin/providers/new', 'Add one')] : ' Ask an administrator to add one.'));
    return;
  }
  list.replaceChildren(...data.providers.map((provider) =>
    providerCard(provider, data.links.find((l) => l.provider_id === provider.id) ?? null)));
}

export async function renderProviderPage(main, ctx, id) {
  const heading = h('h1', { tabindex: -1 }, 'Git provider');
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  main.append(heading, h('p', { class: 'lead' }, link('/settings/git-providers', 'All Git providers')), content);
  let data;
  try {
    data = await get('/api/v2/external-auth');
  } catch (error) {
    content.replaceChildren(errorBox(error));
    return;
  }
  const provider = data.providers.find((p) => p.id === id);
  if (!provider) {
    content.replaceChildren(notice('error', `There is no Git provider "${id}".`));
    return;
  }
  heading.textContent = provider.display_name;
  if (main.isConnected) document.title = `${provider.display_name} · GitIntegration`;
  const current = data.links.find((l) => l.provider_id === id) ?? null;
  let message = null;
  const failure = oauthFailureIn(ctx.query);
  if (failure) {
    const name = provider.display_name;
    message = oauthFailureAlert(failure, `Connecting ${name} failed`, name, `/external-auth/${seg(id)}/callback`);
  } else if (ctx.query.get('redirected') === 'true') {
    message = current?.authenticated
      ? notice('ok', `${provider.display_name} is connected.`)
      : notice('warn', `${provider.display_name} is not connected yet.`);
  }
  content.replaceChildren(providerCard(provider, current, message));
}
