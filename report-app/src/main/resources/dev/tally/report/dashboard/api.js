// The report API as the page uses it: the token lives in sessionStorage only (gone with the tab,
// never in a URL, a cookie or a log), and every failure becomes an ApiError with the server's words.

const TOKEN_KEY = 'tally.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET (or another method with a JSON body); resolves to parsed JSON, or text when CSV is asked for. */
export async function call(path, { method = 'GET', body, csv = false } = {}) {
  const headers = { Authorization: `Bearer ${session.token()}`, Accept: csv ? 'text/csv' : 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      message = (await response.json()).error || message;
    } catch {
      // Not JSON (a proxy's page, say): the status text says enough.
    }
    throw new ApiError(response.status, message);
  }
  return csv ? response.text() : response.json();
}

/** A path with its query; URLSearchParams encodes every value. */
export function withQuery(path, params) {
  return `${path}?${new URLSearchParams(params)}`;
}
