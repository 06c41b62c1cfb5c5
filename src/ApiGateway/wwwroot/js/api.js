// Calls to this service's HTTP API. The session travels in the HttpOnly cookie; this module never sees it.
// Failures become ApiError carrying the API's error body ({message, detail, validations}).

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `The service answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.detail = body?.detail ?? '';
    this.validations = Array.isArray(body?.validations) ? body.validations : [];
  }
}

let signedOutHandler = () => {};

/** Called whenever the API answers 401: the session ended (expired, revoked, or signed out elsewhere). */
export function onSignedOut(handler) {
  signedOutHandler = handler;
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { message: 'The service cannot be reached.', detail: 'Check the connection and try again.' });
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401) signedOutHandler(error);
    throw error;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** Encodes one path segment (provider ids, key ids). */
export const seg = (value) => encodeURIComponent(value);
