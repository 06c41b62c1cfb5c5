// Administration: add or edit a provider. Empty fields take the type's defaults. The client secret is
// write-only: it is never shown, and leaving the field empty keeps the stored one.
import { get, post, put, seg } from '../api.js';
import { busy, errorBox, h, link, notice, statusArea } from '../dom.js';

const types = ['github', 'gitlab', 'bitbucket-cloud', 'bitbucket-server', 'azure-devops', 'azure-devops-entra', 'gitea', 'jfrog', 'slack', 'generic'];

const basicFields = [
  ['display_name', 'Display name', 'What users see, such as "GitHub" or "GitLab (company)".'],
  ['client_id', 'Client ID', 'From the OAuth app registered at the provider.'],
  ['auth_url', 'Authorize URL', 'Self-hosted providers: the other URLs and the host pattern follow from it. Leave empty for the public service.'],
  ['scopes', 'Scopes', 'Space-separated. Leave empty for the type\'s defaults.'],
];
const moreFields = [
  ['display_icon', 'Icon', 'A path on this service, such as /icon/github.svg.'],
  ['token_url', 'Token URL'],
  ['validate_url', 'Validate URL'],
  ['revoke_url', 'Revoke URL'],
  ['api_base_url', 'API base URL'],
  ['device_code_url', 'Device code URL'],
  ['regex', 'Remote URL pattern', 'A regular expression matched against git remote URLs.'],
  ['app_install_url', 'App install URL'],
  ['app_installations_url', 'App installations URL'],
  ['consumer_key', 'OAuth 1 consumer key', 'Bitbucket Server 7.19 and older.'],
];
const flags = [
  ['device_flow', 'Device flow', 'Users can connect with a code instead of a browser redirect.'],
  ['allow_sign_in', 'Sign-in', 'Users can sign in to this service with this provider.'],
  ['no_refresh', 'No refresh', 'Do not refresh tokens; users reconnect when one expires.'],
];

export async function renderProviderForm(main, ctx, id) {
  const creating = id === null;
  main.append(h('h1', { tabindex: -1 }, creating ? 'Add a provider' : 'Edit provider'),
    h('p', { class: 'lead' }, link('/settings/admin/providers', 'All providers')));
  let provider = null;
  if (!creating) {
    try {
      provider = await get(`/api/v2/admin/external-auth/${seg(id)}`);
    } catch (error) {
      main.append(errorBox(error));
      return;
    }
  }
  const readOnly = provider?.source === 'configuration';
  const status = statusArea();
  const save = h('button', { type: 'submit', class: 'primary' }, creating ? 'Add provider' : 'Save changes');

  const idField = creating
    ? textField('id', 'ID', '', 'Lower-case letters, digits and hyphens; used in URLs and by git (cannot change later).', { required: true })
    : null;
  const typeSelect = h('select', { id: 'provider-type', name: 'type', required: true }, types.map((t) => h('option', { value: t }, t)));
  typeSelect.value = provider?.type ?? 'github';
  const secret = textField('client_secret', 'Client secret', '',
    provider?.has_client_secret ? 'A secret is stored. Leave empty to keep it; type a new one to replace it.' : 'From the OAuth app; never shown again.',
    { type: 'password', autocomplete: 'new-password' });
  const pkce = h('select', { id: 'provider-pkce', name: 'pkce' }, h('option', { value: 'S256' }, 'S256'), h('option', { value: 'none' }, 'none'));
  pkce.value = provider?.pkce ?? 'S256';

  const form = h('form', { class: 'card provider-form', novalidate: true },
    h('fieldset', { disabled: readOnly },
      h('legend', null, 'Provider'),
      idField,
      h('div', { class: 'field' }, h('label', { for: typeSelect.id }, 'Type'), typeSelect),
      basicFields.slice(0, 2).map(([name, label, hint]) => textField(name, label, provider?.[name], hint)),
      secret,
      basicFields.slice(2).map(([name, label, hint]) => textField(name, label, provider?.[name], hint))),
    h('fieldset', { disabled: readOnly },
      h('legend', null, 'Options'),
      flags.map(([name, label, hint]) => checkbox(name, label, provider?.[name] ?? false, hint)),
      h('div', { class: 'field' }, h('label', { for: pkce.id }, 'PKCE'), pkce)),
    h('details', null,
      h('summary', null, 'More URLs and settings'),
      h('fieldset', { disabled: readOnly }, h('legend', null, 'Advanced'),
        moreFields.map(([name, label, hint]) => textField(name, label, provider?.[name], hint)))),
    status,
    readOnly ? null : h('div', { class: 'actions' }, save));

  if (readOnly) main.append(notice('info', 'This provider comes from the configuration; change it there.'));
  main.append(form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.set();
    form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    await busy(save, status, async () => {
      try {
        const body = bodyOf(form);
        const saved = creating
          ? await post('/api/v2/admin/external-auth', body)
          : await put(`/api/v2/admin/external-auth/${seg(id)}`, body);
        ctx.navigate('/settings/admin/providers', notice('ok', `Saved ${saved.display_name} (${saved.id}).`));
      } catch (error) {
        for (const validation of error.validations ?? []) {
          form.querySelector(`[name="${CSS.escape(validation.field)}"]`)?.setAttribute('aria-invalid', 'true');
        }
        throw error;
      }
    });
  });
}

/** Text fields: trimmed, empty means "the type's default" (null); the secret: empty keeps the stored one. */
function bodyOf(form) {
  const body = {};
  for (const input of form.querySelectorAll('input, select')) {
    if (!input.name) continue;
    if (input.type === 'checkbox') body[input.name] = input.checked;
    else body[input.name] = input.value.trim() === '' ? null : input.value.trim();
  }
  return body;
}

function textField(name, label, value, hint, options = {}) {
  const inputId = `provider-${name.replaceAll('_', '-')}`;
  const input = h('input', {
    id: inputId, name, type: options.type ?? 'text', autocomplete: options.autocomplete ?? 'off', spellcheck: 'false',
    required: options.required, 'aria-describedby': hint ? `${inputId}-hint` : null,
  });
  input.value = value ?? '';
  return h('div', { class: 'field' }, h('label', { for: inputId }, label), input, hint ? h('p', { id: `${inputId}-hint`, class: 'hint' }, hint) : null);
}

function checkbox(name, label, checked, hint) {
  const inputId = `provider-${name.replaceAll('_', '-')}`;
  return h('div', { class: 'field' },
    h('label', { class: 'checkbox' },
      h('input', { id: inputId, name, type: 'checkbox', checked, 'aria-describedby': `${inputId}-hint` }), label),
    h('p', { id: `${inputId}-hint`, class: 'hint' }, hint));
}
