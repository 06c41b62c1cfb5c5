// A single-use sign-in link (/login/token?key=…[&redirect=…]). Opening it signs nobody in: this page names the
// account and waits for a click. Someone could send a link to their own account (or plant it in a page); a browser
// signed in that way would connect its owner's Git accounts to the sender's user, so the user has to see and agree.
import { get, post } from '../api.js';
import { busy, errorBox, h, localPath, notice, statusArea } from '../dom.js';

export async function renderSignInLink(main, ctx) {
  const key = ctx.query.get('key') ?? '';
  const redirect = ctx.query.get('redirect');
  const target = localPath(redirect) ? redirect : '/';
  const heading = h('h1', { tabindex: -1 }, 'Sign in with a link');
  const content = h('div', null, h('p', { class: 'muted' }, 'Checking the link…'));
  main.append(h('section', { class: 'sign-in' }, heading, content));

  let account;
  try {
    // The same URL answers JSON to a script: whom the link signs in, without using it up.
    account = await get(`/login/token?key=${encodeURIComponent(key)}`);
  } catch (error) {
    heading.textContent = 'This sign-in link cannot be used';
    const elsewhere = ctx.session ? h('a', { href: '/' }, 'go to the start page') : h('a', { href: '/login' }, 'sign in another way');
    content.replaceChildren(errorBox(error), h('p', null, 'Ask for a new link, or ', elsewhere, '.'));
    return;
  }

  const name = account.username;
  const current = ctx.session?.user?.username;
  heading.textContent = `Sign in as ${name}?`;
  if (current === name) {
    content.replaceChildren(notice('info', 'You are already signed in as ', h('strong', null, name), '. The link stays unused.'),
      h('p', { class: 'actions' }, h('a', { class: 'button primary', href: target }, 'Continue')));
    return;
  }

  const status = statusArea();
  const confirm = h('button', { type: 'button', class: 'primary' }, `Sign in as ${name}`);
  confirm.addEventListener('click', () => busy(confirm, status, async () => {
    await post('/login/token', { key });
    window.location.assign(target); // a fresh load: the whole page picks up the new session
  }));
  content.replaceChildren(
    h('p', null, 'This single-use link signs this browser in as ', h('strong', { 'data-testid': 'sign-in-link-user' }, name), '.'),
    notice('warn', 'Continue only if you asked for this link. Whoever sends you a link to their account sees every Git account you connect while signed in with it.'),
    switching(ctx.session, name),
    status,
    h('div', { class: 'actions' }, confirm, h('a', { class: 'button', href: '/' }, 'Cancel')));
}

/** What signing in does to the session this browser already has. */
function switching(session, name) {
  if (!session) return null;
  const who = session.user ? ['You are signed in as ', h('strong', null, session.user.username)] : ['You are signed in with the admin token'];
  return notice('info', ...who, `. Signing in switches this browser to ${name}.`);
}
