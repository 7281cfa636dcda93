// Boots the web client: the sign-in screen without a session, else the messenger.

import { createApi } from './api.js';
import { loadSession, saveSession, clearSession } from './storage.js';
import { Store } from './store.js';
import { Messenger } from './messenger.js';
import { mountSignIn } from './views/signin.js';
import { mountShell } from './views/shell.js';
import { confirmDialog } from './views/common.js';
import { plural } from './format.js';

const root = document.getElementById('app');
let running = null;

function showSignIn(notice) {
  stopRunning();
  if (location.hash) history.replaceState(null, '', location.pathname);
  mountSignIn(root, {
    api: createApi(),
    notice,
    onSignedIn(session) {
      saveSession(session);
      start(session);
    },
  });
}

function start(session) {
  stopRunning();
  let ended = false;
  const endSession = () => {
    if (ended) return;
    ended = true;
    clearSession();
    showSignIn('Your session has ended. Please sign in again.');
  };
  const api = createApi({ getToken: () => session.token, onUnauthenticated: endSession });
  const store = new Store({ userId: session.userId, phone: session.phone, displayName: session.displayName });
  const messenger = new Messenger({ api, store, session, onAuthFailed: endSession });

  async function signOut() {
    const waiting = messenger.outbox.waiting.length;
    if (waiting > 0) {
      const ok = await confirmDialog({
        title: 'Sign out?',
        text: `${plural(waiting, 'message')} have not been sent yet and will be lost.`,
        confirm: 'Sign out', danger: true,
      });
      if (!ok) return;
    }
    ended = true;
    messenger.stop();
    try {
      await api.post('/api/v1/auth/logout');
    } catch {
      // Offline or already revoked: the token is forgotten here either way.
    }
    clearSession();
    showSignIn('You have signed out.');
  }

  const shell = mountShell(root, { api, store, messenger, signOut });
  running = { messenger, shell };
  messenger.start();
}

function stopRunning() {
  if (!running) return;
  running.messenger.stop();
  running.shell.destroy();
  running = null;
}

const session = loadSession();
if (session) start(session);
else showSignIn();
