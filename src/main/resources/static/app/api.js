// Parley's REST API (docs/PROTOCOL.md): JSON in and out, the access token as a bearer
// header, and failures as ApiError carrying the problem detail's stable code.

/** A failed call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(status, code, detail, retryAfter) {
    super(detail || MESSAGES[code] || `Request failed (${status})`);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** What to tell the person, in plain words. */
  get friendly() {
    if (this.code === 'rate_limited') {
      return this.retryAfter ? `Too many attempts. Try again in ${this.retryAfter} s.` : MESSAGES.rate_limited;
    }
    if (this.code === 'invalid_code' || this.code === 'network' || this.code === 'unavailable'
      || this.code === 'internal_error') {
      return MESSAGES[this.code];
    }
    return this.message;
  }
}

const MESSAGES = {
  network: 'Cannot reach Parley. Check your connection and try again.',
  invalid_code: 'That code is wrong or has expired. Check it, or ask for a new one.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  unauthenticated: 'Your session has ended. Please sign in again.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'Not found.',
  unavailable: 'Parley is temporarily unavailable. Try again in a moment.',
  internal_error: 'Something went wrong on the server. Try again.',
};

/**
 * A client of the v1 API. `getToken()` gives the current token (or null);
 * `onUnauthenticated()` is called when the server refuses it.
 */
export function createApi({ getToken = () => null, onUnauthenticated = () => {} } = {}) {
  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network');
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const code = (data && data.code) || (response.status >= 500 ? 'unavailable' : 'http_' + response.status);
      const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
      const error = new ApiError(response.status, code, data && data.detail, retryAfter);
      if (response.status === 401 && token && code === 'unauthenticated') onUnauthenticated(error);
      throw error;
    }
    return data;
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    del: (path) => call('DELETE', path),
    withToken: (token) => createApi({ getToken: () => token, onUnauthenticated }),
  };
}
