// The shell: who is signed in, the navigation, and which page a path shows. Paths are real URLs
// (/settings/..., /external-auth/{id}); the gateway serves this page for them.
import { ApiError, get, onSignedOut, post } from './api.js';
import { errorBox, h, localPath, notice } from './dom.js';
import { renderSignIn } from './pages/sign-in.js';
import { renderSignInLink } from './pages/sign-in-link.js';
import { renderGitProviders, renderProviderPage } from './pages/git-providers.js';
import { renderSshKey } from './pages/ssh-key.js';
import { renderSessionKeys } from './pages/session-keys.js';
import { renderAdminProviders } from './pages/admin-providers.js';
import { renderProviderForm } from './pages/admin-provider-form.js';
import { renderAdminSsh } from './pages/admin-ssh.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const account = document.getElementById('account');

/** null when signed out; {user, isAdmin} otherwise (user is null for the admin token, which is not a user). */
let session = null;
let flash = null;

const userPages = [
  { path: '/settings/git-providers', title: 'Git providers', render: renderGitProviders },
  { path: '/settings/ssh-key', title: 'SSH key', render: renderSshKey },
  { path: '/settings/session-keys', title: 'Session keys', render: renderSessionKeys },
];
const adminPages = [
  { path: '/settings/admin/providers', title: 'Providers', render: renderAdminProviders },
  { path: '/settings/admin/ssh', title: 'SSH and signing keys', render: renderAdminSsh },
];

function route(path) {
  if (path === '/' || path === '/settings' || path === '/settings/') {
    return session?.user ? userPages[0] : adminPages[0];
  }
  const external = path.match(/^\/external-auth\/([^/]+)\/?$/);
  if (external) {
    const id = decodeURIComponent(external[1]);
    return { title: 'Git provider', user: true, render: (m, ctx) => renderProviderPage(m, ctx, id), nav: userPages[0].path };
  }
  const edit = path.match(/^\/settings\/admin\/providers\/([^/]+)$/);
  if (edit) {
    const id = edit[1] === 'new' ? null : decodeURIComponent(edit[1]);
    return { title: id ? 'Edit provider' : 'Add a provider', admin: true, render: (m, ctx) => renderProviderForm(m, ctx, id), nav: adminPages[0].path };
  }
  const user = userPages.find((p) => p.path === path);
  if (user) return { ...user, user: true };
  const admin = adminPages.find((p) => p.path === path);
  if (admin) return { ...admin, admin: true };
  return null;
}

async function loadSession() {
  try {
    const user = await get('/api/v2/users/me');
    return { user, isAdmin: user.role === 'admin' };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    if (error instanceof ApiError && error.status === 404) {
      // The admin token is not a user: it reaches the admin pages only.
      await get('/api/v2/admin/ssh');
      return { user: null, isAdmin: true };
    }
    throw error;
  }
}

function navigate(path, message) {
  flash = message ?? null;
  history.pushState(null, '', path);
  render(true);
}

/** The context every page gets. */
function context() {
  return {
    session,
    navigate,
    query: new URLSearchParams(window.location.search),
    signedIn: async (message) => {
      session = await loadSession();
      flash = message ?? null;
      render(true);
    },
  };
}

function renderAccount() {
  account.replaceChildren();
  if (!session) return;
  const who = session.user
    ? h('span', null, 'Signed in as ', h('strong', null, session.user.username), session.isAdmin ? ' (admin)' : '')
    : h('span', null, 'Signed in with the ', h('strong', null, 'admin token'));
  const signOut = h('button', { type: 'button' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await post('/logout');
    } catch {
      // Already signed out is as good as signing out.
    }
    session = null;
    flash = notice('ok', 'You are signed out.');
    history.pushState(null, '', '/');
    render(true);
  });
  account.append(who, signOut);
}

function renderNav(current) {
  if (!session) {
    nav.hidden = true;
    return;
  }
  const item = (page) => h('li', null, h('a', { href: page.path, 'data-link': true, 'aria-current': page.path === current ? 'page' : null }, page.title));
  nav.replaceChildren();
  if (session.user) nav.append(h('h2', null, 'Your account'), h('ul', null, userPages.map(item)));
  if (session.isAdmin) nav.append(h('h2', null, 'Administration'), h('ul', null, adminPages.map(item)));
  nav.hidden = false;
}

function render(moveFocus) {
  const path = window.location.pathname;
  if (session && path === '/login') {
    // Signed in (now or already): on to where sign-in was asked for, e.g. an OAuth callback the server serves.
    const target = new URLSearchParams(window.location.search).get('redirect');
    window.location.replace(localPath(target) ? target : '/');
    return;
  }
  renderAccount();
  const page = session ? route(path) : null;
  renderNav(page?.nav ?? page?.path);
  main.replaceChildren();
  const message = flash;
  flash = null;

  if (path === '/login/token') {
    // Signed in or not: a sign-in link always asks first.
    document.title = 'Sign-in link · GitIntegration';
    const view = h('div', { class: 'view' });
    main.append(view);
    renderSignInLink(view, context()).catch((error) => view.append(errorBox(error)));
  } else if (!session) {
    document.title = 'Sign in · GitIntegration';
    renderSignIn(main, context(), message);
  } else if (!page) {
    document.title = 'Not found · GitIntegration';
    main.append(h('h1', { tabindex: -1 }, 'Page not found'), h('p', null, 'There is no page at this address. ', h('a', { href: '/', 'data-link': true }, 'Go to the start page')));
  } else if (page.user && !session.user) {
    document.title = `${page.title} · GitIntegration`;
    main.append(h('h1', { tabindex: -1 }, page.title),
      notice('info', 'The admin token is not a user, so it has no Git accounts. Sign out and sign in as a user to connect providers.'));
  } else if (page.admin && !session.isAdmin) {
    document.title = `${page.title} · GitIntegration`;
    main.append(h('h1', { tabindex: -1 }, page.title), notice('info', 'Only administrators can see this page.'));
  } else {
    document.title = `${page.title} · GitIntegration`;
    // Each visit renders into its own element: a page still loading when the user moves on writes nowhere visible.
    const view = h('div', { class: 'view' });
    main.append(view);
    Promise.resolve(page.render(view, context())).catch((error) => view.append(errorBox(error)));
    // Pages put their heading up before anything else; a message from the last step goes right below it.
    const heading = view.querySelector('h1');
    if (message && heading) heading.after(message);
    else if (message) view.prepend(message);
  }
  if (moveFocus) (main.querySelector('h1') ?? main).focus();
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest?.('a[data-link]');
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href'));
});

window.addEventListener('popstate', () => render(true));

onSignedOut(() => {
  if (!session) return; // the sign-in page shows its own errors
  session = null;
  flash = notice('warn', 'Your session has ended. Sign in again.');
  render(true);
});

async function start() {
  try {
    session = await loadSession();
  } catch (error) {
    main.replaceChildren(h('h1', null, 'GitIntegration'), errorBox(error));
    return;
  }
  render(false);
}

start();
