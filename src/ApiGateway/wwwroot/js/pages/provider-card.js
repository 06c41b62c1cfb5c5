// One Git provider with the user's link: status, linked account, token, SSH key, and the ways to connect
// (browser OAuth flow, device code, personal access token) or disconnect.
import { del, get, seg } from '../api.js';
import { busy, confirmButton, errorBox, fill, formatTime, fromNow, h, isZeroTime, notice, providerIcon, safeUrl, statusArea } from '../dom.js';
import { deviceFlowPanel } from './device-flow.js';
import { tokenForm } from './token-form.js';
import { sshKeySection } from './ssh-status.js';
import { repositoriesSection } from './repositories.js';

/** provider and link as GET /api/v2/external-auth lists them (link null when not connected). */
export function providerCard(provider, link, message) {
  const card = h('article', { class: 'card provider', 'data-provider': provider.id, 'aria-labelledby': `provider-${provider.id}-name` });
  const name = provider.display_name;

  async function reload(next) {
    try {
      const list = await get('/api/v2/external-auth');
      draw(list.links.find((l) => l.provider_id === provider.id) ?? null, next);
    } catch (error) {
      draw(link, errorBox(error));
    }
  }

  function draw(current, shown) {
    link = current;
    const status = statusArea();
    status.set(shown);
    const panels = h('div', { class: 'panels' });
    const closePanels = () => panels.replaceChildren();
    const linked = () => reload(notice('ok', `${name} is connected.`));

    const actions = h('div', { class: 'actions' });
    const connect = h('button', { type: 'button', class: link ? '' : 'primary' }, link ? 'Reconnect' : 'Connect');
    connect.addEventListener('click', () => {
      connect.disabled = true;
      window.location.assign(`/external-auth/${seg(provider.id)}/callback`);
    });
    actions.append(connect);
    if (provider.device) {
      actions.append(h('button', { type: 'button', onclick: () => panels.replaceChildren(deviceFlowPanel(provider, linked, closePanels)) },
        'Connect with a device code'));
    }
    actions.append(h('button', { type: 'button', onclick: () => panels.replaceChildren(tokenForm(provider, linked, closePanels)) },
      'Use a personal access token'));
    if (link) {
      actions.append(confirmButton('Disconnect', 'Yes, disconnect', `Disconnect ${name}?`,
        (button) => busy(button, status, async () => reload(disconnectedNotice(await del(`/api/v2/external-auth/${seg(provider.id)}`))))));
    }

    fill(card,
      header(provider, link),
      status,
      link ? linkDetails(provider, link) : h('p', { class: 'muted' }, `Connect your ${name} account to use it from git and your tools.`),
      actions,
      panels,
      link ? sshKeySection(provider.id) : null,
      link ? repositoriesSection(provider.id) : null);
  }

  function disconnectedNotice(result) {
    if (result?.token_revoked) return notice('ok', `Disconnected ${name}. The token was revoked at the provider.`);
    if (result?.token_revocation_error) {
      return notice('warn', `Disconnected ${name}, but the provider did not revoke the token: ${result.token_revocation_error}`);
    }
    return notice('ok', `Disconnected ${name}. Its tokens are deleted here; revoke the app's access at the provider too if you like.`);
  }

  draw(link, message);
  return card;
}

function header(provider, link) {
  const [kind, text] = !link ? ['off', 'Not connected'] : link.authenticated ? ['ok', 'Connected'] : ['warn', 'Needs re-authentication'];
  return h('div', { class: 'card-header' },
    providerIcon(provider.display_icon, provider.display_name),
    h('div', { class: 'title' },
      h('h2', { id: `provider-${provider.id}-name` }, provider.display_name),
      h('div', { class: 'subtitle' }, `${provider.type} · ${provider.id}`)),
    h('span', { class: `badge ${kind}`, 'data-testid': 'link-status' }, text));
}

function linkDetails(provider, link) {
  const account = h('div', { class: 'account-row' }, h('span', { class: 'muted' }, 'Loading the account…'));
  loadAccount(provider.id, account);

  const expiry = isZeroTime(link.expires) ? 'Never' : `${formatTime(link.expires)} (${fromNow(link.expires)})`;
  const renews = link.has_refresh_token && provider.allow_refresh ? ' · renews automatically' : '';
  const facts = h('dl', { class: 'facts' },
    h('dt', null, 'Token expires'), h('dd', { 'data-testid': 'token-expiry' }, expiry, renews),
    h('dt', null, 'Connected'), h('dd', null, formatTime(link.created_at)));

  let problem = null;
  if (!link.authenticated) {
    problem = h('div', { class: 'alert warn', role: 'status' },
      h('p', { class: 'alert-title' }, 'Reconnect to keep using this account.'),
      h('p', { 'data-testid': 'reauth-reason' }, link.validate_error || 'The token has expired or was revoked.'));
  } else if (link.validate_error) {
    problem = h('div', { class: 'alert warn', role: 'status' },
      h('p', { class: 'alert-title' }, 'The provider reported a problem'), h('p', { 'data-testid': 'validate-error' }, link.validate_error));
  }
  return h('div', null, account, facts, problem);
}

async function loadAccount(providerId, row) {
  let details;
  try {
    details = await get(`/api/v2/external-auth/${seg(providerId)}`);
  } catch (error) {
    row.replaceChildren(errorBox(error));
    return;
  }
  const user = details.user;
  if (!user) {
    row.replaceChildren(h('span', { class: 'muted' }, 'The provider did not say which account this is.'));
    return;
  }
  const avatar = safeUrl(user.avatar_url);
  const profile = safeUrl(user.profile_url);
  const login = profile ? h('a', { class: 'login', href: profile, rel: 'noopener noreferrer', target: '_blank' }, user.login) : h('span', { class: 'login' }, user.login);
  fill(row,
    avatar ? h('img', { class: 'avatar', src: avatar, alt: `Avatar of ${user.login}`, width: 44, height: 44, referrerpolicy: 'no-referrer' }) : null,
    h('div', null,
      h('div', null, login, user.name && user.name !== user.login ? h('span', { class: 'muted' }, ` · ${user.name}`) : null),
      user.email && user.email !== user.login ? h('div', { class: 'muted' }, user.email) : null,
      installations(details)));
}

/** GitHub Apps: where the app is installed, and where to install it. */
function installations(details) {
  const parts = [];
  if (details.installations?.length) {
    parts.push(h('div', { class: 'muted' }, 'App installed for: ', details.installations.map((i) => i.account.login).join(', ')));
  }
  const installUrl = safeUrl(details.app_install_url);
  if (details.app_installable && installUrl) {
    parts.push(h('a', { href: installUrl, rel: 'noopener noreferrer', target: '_blank' }, 'Install the app on more accounts'));
  }
  return parts;
}
