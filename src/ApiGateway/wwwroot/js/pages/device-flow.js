// The device flow (RFC 8628): show the user code and where to enter it, then poll until the provider says yes.
// Polling follows the provider's interval, slows down on slow_down, and stops on expiry or denial.
import { ApiError, get, post, seg } from '../api.js';
import { errorBox, h, notice, statusArea } from '../dom.js';

export function deviceFlowPanel(provider, onLinked, onClose) {
  const path = `/api/v2/external-auth/${seg(provider.id)}/device`;
  const panel = h('section', { class: 'panel device-flow', 'aria-labelledby': `device-${provider.id}-heading` });
  const body = h('div');
  const status = statusArea();
  let timer = null;
  let stopped = false;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const close = h('button', { type: 'button', onclick: () => { stop(); onClose(); } }, 'Cancel');
  panel.append(h('h3', { id: `device-${provider.id}-heading` }, `Connect ${provider.display_name} with a device code`), body, status,
    h('div', { class: 'actions' }, close));

  async function begin() {
    stopped = false;
    status.set(h('p', { class: 'muted' }, 'Asking the provider for a code…'));
    body.replaceChildren();
    let start;
    try {
      start = await get(path);
    } catch (error) {
      status.set(errorBox(error));
      return;
    }
    const verification = new URL(start.verification_uri, window.location.href);
    const isWeb = verification.protocol === 'https:' || verification.protocol === 'http:';
    body.replaceChildren(
      h('p', null, 'Open ',
        isWeb ? h('a', { href: verification.href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'verification-uri' }, verification.href) : start.verification_uri,
        ' and enter this code:'),
      h('p', null, h('output', { class: 'user-code', 'data-testid': 'user-code', 'aria-label': 'Your code' }, start.user_code)));
    status.set(h('p', { class: 'muted' }, 'Waiting for you to approve the code at the provider…'));
    poll(start.device_code, Math.max(1, start.interval || 5), Date.now() + (start.expires_in || 900) * 1000);
  }

  function poll(deviceCode, interval, deadline) {
    timer = setTimeout(async () => {
      if (stopped || !panel.isConnected) return;
      if (Date.now() >= deadline) {
        finish('The code expired before it was approved.');
        return;
      }
      try {
        await post(path, { device_code: deviceCode });
        stop();
        onLinked();
        return;
      } catch (error) {
        if (stopped) return;
        const code = error instanceof ApiError && error.status === 400 ? error.detail : null;
        if (code === 'authorization_pending') {
          poll(deviceCode, interval, deadline);
        } else if (code === 'slow_down') {
          poll(deviceCode, interval + 5, deadline);
        } else if (code === 'expired_token') {
          finish('The code expired before it was approved.');
        } else if (code === 'access_denied') {
          finish('The request was denied at the provider.');
        } else {
          stop();
          status.set(errorBox(error), againButton());
        }
      }
    }, interval * 1000);
  }

  function finish(message) {
    stop();
    body.replaceChildren();
    status.set(notice('error', message), againButton());
  }

  function againButton() {
    return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: begin }, 'Get a new code'));
  }

  begin();
  return panel;
}
