// What the client keeps in localStorage: the session (token and who it belongs to), and
// per user the outbox of unsent commands, drafts and the receipts seen from others.
// Everything is JSON under keys starting with "parley.".

const SESSION = 'parley.session';

function read(key, fallback) {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app keeps working for this page's lifetime.
  }
}

/** The signed-in session {token, userId, deviceId, phone}, or null. */
export function loadSession() {
  const session = read(SESSION, null);
  return session && session.token && session.userId ? session : null;
}

export function saveSession(session) {
  write(SESSION, session);
}

/** Forgets the session and everything kept for its user. */
export function clearSession() {
  const session = loadSession();
  localStorage.removeItem(SESSION);
  if (session) {
    const prefix = `parley.u${session.userId}.`;
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(prefix)) localStorage.removeItem(key);
    }
  }
}

/** A JSON value stored for one user under `name`. */
export function userStore(userId, name, fallback) {
  const key = `parley.u${userId}.${name}`;
  return {
    load: () => read(key, fallback),
    save: (value) => write(key, value),
  };
}
