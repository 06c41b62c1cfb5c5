// The linked account's repositories, searchable, a page at a time (loaded only when asked for).
import { get, seg } from '../api.js';
import { busy, h, safeUrl, statusArea } from '../dom.js';

export function repositoriesSection(providerId) {
  const headingId = `repos-${providerId}-heading`;
  const section = h('section', { class: 'section repositories', 'aria-labelledby': headingId });
  const show = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Show repositories');
  section.append(h('h3', { id: headingId }, 'Repositories'), h('div', { class: 'actions' }, show));

  show.addEventListener('click', () => {
    show.setAttribute('aria-expanded', 'true');
    show.remove();
    section.append(browser(providerId));
  });
  return section;
}

function browser(providerId) {
  const status = statusArea();
  const list = h('ul', { class: 'plain' });
  const search = h('input', { id: `repos-${providerId}-q`, type: 'search', name: 'q', autocomplete: 'off' });
  const find = h('button', { type: 'submit' }, 'Search');
  const more = h('button', { type: 'button', hidden: true }, 'More');
  let query = '';
  let page = 1;

  async function load(button, reset) {
    await busy(button, status, async () => {
      const params = new URLSearchParams({ page: String(page) });
      if (query) params.set('q', query);
      const repositories = await get(`/api/v2/external-auth/${seg(providerId)}/repositories?${params}`);
      if (reset) list.replaceChildren();
      for (const repository of repositories) list.append(item(repository));
      more.hidden = repositories.length === 0;
      status.set(list.children.length === 0 ? h('p', { class: 'muted' }, 'No repositories found.') : null);
    });
  }

  const form = h('form', { role: 'search' },
    h('div', { class: 'field' }, h('label', { for: search.id }, 'Find a repository'), search),
    h('div', { class: 'actions' }, find));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    query = search.value.trim();
    page = 1;
    load(find, true);
  });
  more.addEventListener('click', () => {
    page += 1;
    load(more, false);
  });
  load(find, true);
  return h('div', null, form, status, list, more);
}

function item(repository) {
  const href = safeUrl(repository.html_url);
  const name = href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, repository.full_name) : repository.full_name;
  return h('li', null,
    h('div', null, name, repository.private ? ' · private' : '', repository.default_branch ? ` · ${repository.default_branch}` : ''),
    h('code', { class: 'muted' }, repository.clone_url));
}
