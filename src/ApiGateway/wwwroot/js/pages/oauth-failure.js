// What a failed OAuth callback sends the browser back with: ?error=<reason>, and for a provider's own refusal
// ?provider_error=<its error code>. Reasons are codes from a fixed list (Errors/CallbackFailure.cs), never text to
// show: anyone can make this URL, so everything said here is this page's own words.
import { h } from '../dom.js';

const reasons = {
  access_denied: (name) => `${name} did not grant access: the request was declined there.`,
  provider_error: (name, code) => `${name} answered with an error${code ? ` (${code})` : ''} instead of granting access.`,
  state_mismatch: (name) => `The answer from ${name} does not belong to the request this browser started, so it was refused. ` +
    'If you did not just start it yourself, someone may have sent you this link.',
  no_flow: (name) => `This browser has no request to ${name} in progress: it was already used, it took longer than 10 minutes, ` +
    'or it was started in another browser.',
  failed: (name) => `${name} did not accept the authorization, or the account could not be read.`,
  unavailable: (name) => `${name} or this service could not be reached just now.`,
  not_found: (name) => `There is no provider "${name}" here.`,
};

/** The reason in the page's query, or null when the page was not opened by a failed callback. */
export function oauthFailureIn(query) {
  const reason = query.get('error');
  if (!reason) return null;
  const code = query.get('provider_error');
  return { reason, code: code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : null };
}

/**
 * The alert saying what went wrong, with "Try again" going to retryHref (a full page load: it starts the flow
 * anew at the provider). title names what failed; name is the provider's display name.
 */
export function oauthFailureAlert(failure, title, name, retryHref) {
  const known = Object.hasOwn(reasons, failure.reason);
  const explain = known ? reasons[failure.reason] : () => 'The request did not complete.';
  const canRetry = failure.reason !== 'not_found';
  return h('div', { class: 'alert error', role: 'alert', 'data-testid': 'oauth-failure', 'data-reason': known ? failure.reason : 'unknown' },
    h('p', { class: 'alert-title' }, title),
    h('p', null, explain(name, failure.code)),
    canRetry ? h('p', { class: 'actions' }, h('a', { class: 'button primary', href: retryHref }, 'Try again')) : null);
}
