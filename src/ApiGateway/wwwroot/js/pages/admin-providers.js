// Administration: every provider (from the configuration or added here), with edit and delete for those added here.
import { del, get, seg } from '../api.js';
import { busy, confirmButton, errorBox, h, link, notice, statusArea } from '../dom.js';

export async function renderAdminProviders(main) {
  const status = statusArea();
  const table = h('div', null, h('p', { class: 'muted' }, 'Loading providers…'));
  main.append(
    h('h1', { tabindex: -1 }, 'Providers'),
    h('p', { class: 'lead' }, 'The Git hosting providers users can connect. Providers from the configuration are changed there; the ones added here are stored by the service.'),
    h('div', { class: 'actions' }, h('a', { class: 'button primary', href: '/settings/admin/providers/new', 'data-link': true }, 'Add a provider')),
    status, table);

  async function load() {
    let providers;
    try {
      providers = await get('/api/v2/admin/external-auth');
    } catch (error) {
      table.replaceChildren(errorBox(error));
      return;
    }
    if (providers.length === 0) {
      table.replaceChildren(notice('info', 'No providers yet.'));
      return;
    }
    table.replaceChildren(h('table', { class: 'admin-providers' },
      h('thead', null, h('tr', null, ['Provider', 'Type', 'Client ID', 'Options', 'Source', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, providers.map(row))));
  }

  function row(provider) {
    const options = [
      provider.has_client_secret ? 'secret stored' : 'no secret',
      provider.device_flow ? 'device flow' : null,
      provider.allow_sign_in ? 'sign-in' : null,
      provider.no_refresh ? 'no refresh' : null,
    ].filter(Boolean).join(', ');
    const manage = provider.source === 'admin'
      ? [link(`/settings/admin/providers/${seg(provider.id)}`, 'Edit'), ' ',
        confirmButton('Delete', 'Yes, delete', `Delete ${provider.display_name}?`, (button) => busy(button, status, async () => {
          await del(`/api/v2/admin/external-auth/${seg(provider.id)}`);
          status.set(notice('ok', `Deleted ${provider.display_name}.`));
          await load();
        }))]
      : link(`/settings/admin/providers/${seg(provider.id)}`, 'View');
    return h('tr', { 'data-provider': provider.id },
      h('td', null, h('strong', null, provider.display_name), h('div', { class: 'muted' }, provider.id)),
      h('td', null, provider.type),
      h('td', null, h('code', null, provider.client_id)),
      h('td', null, options),
      h('td', null, provider.source === 'admin' ? 'Added here' : 'Configuration'),
      h('td', null, manage));
  }

  await load();
}
