// Activation and sign-in: phone number → one-time code → (first time) a display name.

import { h, replaceChildren } from '../dom.js';
import { icon } from '../icons.js';
import { normalizePhone, deviceName } from '../format.js';
import { errorLine, showError, busy } from './common.js';

/**
 * Mounts the sign-in screen in `root`. `onSignedIn(session)` receives
 * {token, userId, deviceId, phone, displayName}.
 */
export function mountSignIn(root, { api, notice, onSignedIn }) {
  const card = h('div', { class: 'signin-card' });
  const screen = h('main', { class: 'signin' },
    h('div', { class: 'signin-brand' }, logo(), h('span', null, 'Parley')),
    card,
    h('p', { class: 'signin-footer' }, 'Private, fast messaging from your own server.'));
  replaceChildren(root, screen);
  document.title = 'Sign in · Parley';

  let phone = '';
  let pendingSession = null;

  function phoneStep(message) {
    const error = errorLine();
    const input = h('input', {
      id: 'signin-phone', name: 'phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel', required: true,
      placeholder: '+49 151 23456789', value: phone, 'aria-describedby': 'signin-phone-hint',
    });
    const submit = h('button', { type: 'submit', class: 'button button-block' }, 'Send code');
    const form = h('form', {
      class: 'form',
      onsubmit: async (event) => {
        event.preventDefault();
        const normalized = normalizePhone(input.value);
        showError(error, null);
        if (!/^\+?\d{3,15}$/.test(normalized)) {
          showError(error, new Error('Enter your phone number with country code, like +49 151 23456789.'));
          input.focus();
          return;
        }
        try {
          const issued = await busy(submit, () => api.post('/api/v1/auth/code', { phone: normalized }));
          phone = issued.phone || normalized;
          codeStep(issued.code || '');
        } catch (e) {
          showError(error, e);
          input.focus();
        }
      },
    },
    h('h1', null, 'Sign in'),
    h('p', { class: 'muted' }, 'Enter your phone number. We will send you a one-time code.'),
    message ? h('p', { class: 'notice', role: 'status' }, message) : null,
    h('label', { for: 'signin-phone' }, 'Phone number'),
    input,
    h('p', { class: 'hint', id: 'signin-phone-hint' }, 'With country code, e.g. +44 or +49.'),
    error,
    submit);
    replaceChildren(card, form);
    input.focus();
  }

  function codeStep(shownCode) {
    const error = errorLine();
    const input = h('input', {
      id: 'signin-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true,
      maxlength: '16', placeholder: '123456', class: 'code-input',
    });
    const submit = h('button', { type: 'submit', class: 'button button-block' }, 'Sign in');
    const resend = h('button', {
      type: 'button', class: 'link-button',
      onclick: async () => {
        showError(error, null);
        try {
          const issued = await busy(resend, () => api.post('/api/v1/auth/code', { phone }));
          codeStep(issued.code || '');
        } catch (e) {
          showError(error, e);
        }
      },
    }, 'Send a new code');
    const form = h('form', {
      class: 'form',
      onsubmit: async (event) => {
        event.preventDefault();
        showError(error, null);
        const code = input.value.replace(/\s/g, '');
        if (!code) {
          showError(error, new Error('Enter the code.'));
          input.focus();
          return;
        }
        try {
          const login = await busy(submit, () => api.post('/api/v1/auth/login', { phone, code, deviceName: deviceName() }));
          const session = { token: login.accessToken, userId: login.userId, deviceId: login.deviceId, phone };
          const authed = api.withToken(session.token);
          let me = null;
          try {
            me = await authed.get('/api/v1/me');
          } catch {
            // the name step is skipped if the profile cannot be read
          }
          session.displayName = me ? me.displayName : phone;
          if (me && (!me.displayName || me.displayName === me.phone)) {
            pendingSession = session;
            nameStep(authed);
          } else {
            onSignedIn(session);
          }
        } catch (e) {
          showError(error, e);
          input.select();
          input.focus();
        }
      },
    },
    h('h1', null, 'Enter the code'),
    h('p', { class: 'muted' }, 'We sent a code to ', h('strong', null, phone), '.'),
    shownCode ? h('div', { class: 'code-reveal', role: 'status' },
      icon('info'),
      h('span', null, 'This server shows codes on screen. Your code is ',
        h('strong', { class: 'code-value', 'data-testid': 'shown-code' }, shownCode), '.')) : null,
    h('label', { for: 'signin-code' }, 'Code'),
    input,
    error,
    submit,
    h('div', { class: 'form-links' },
      h('button', { type: 'button', class: 'link-button', onclick: () => phoneStep() }, 'Use a different number'),
      resend));
    replaceChildren(card, form);
    input.focus();
  }

  function nameStep(authed) {
    const error = errorLine();
    const input = h('input', { id: 'signin-name', name: 'name', autocomplete: 'name', maxlength: '64', required: true, placeholder: 'Your name' });
    const submit = h('button', { type: 'submit', class: 'button button-block' }, 'Continue');
    const form = h('form', {
      class: 'form',
      onsubmit: async (event) => {
        event.preventDefault();
        showError(error, null);
        const name = input.value.trim();
        if (!name) {
          showError(error, new Error('Enter a name, or skip this step.'));
          input.focus();
          return;
        }
        try {
          const me = await busy(submit, () => authed.patch('/api/v1/me', { displayName: name }));
          onSignedIn({ ...pendingSession, displayName: me.displayName });
        } catch (e) {
          showError(error, e);
        }
      },
    },
    h('h1', null, 'What is your name?'),
    h('p', { class: 'muted' }, 'People you chat with will see it. You can change it later in settings.'),
    h('label', { for: 'signin-name' }, 'Your name'),
    input,
    error,
    submit,
    h('div', { class: 'form-links' },
      h('button', { type: 'button', class: 'link-button', onclick: () => onSignedIn(pendingSession) }, 'Skip for now')));
    replaceChildren(card, form);
    input.focus();
  }

  phoneStep(notice);
}

export function logo() {
  return h('span', { class: 'logo', 'aria-hidden': 'true' }, icon('chats'));
}
