// Settings: my profile (display name), my devices (revoke others), sign out.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { listTime } from '../format.js';
import { avatar, updateAvatar, errorLine, showError, busy, confirmDialog } from './common.js';

export function createSettings(ctx) {
  const { store, api } = ctx;
  const profileError = errorLine();
  const me = store.me;
  const head = avatar(me.displayName || me.phone, me.userId, { size: 'lg' });
  const nameHeading = h('h3', { class: 'profile-name' }, me.displayName || me.phone);
  const input = h('input', { id: 'settings-name', maxlength: '64', required: true, value: me.displayName || '', autocomplete: 'name' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Save');
  const saved = h('p', { class: 'form-status', role: 'status' });
  const devices = h('ul', { class: 'people-list' });
  const devicesError = errorLine();

  const el = h('div', { class: 'panel panel-settings' },
    h('h2', { class: 'section-title' }, 'Settings'),
    h('div', { class: 'profile' }, head, nameHeading, h('p', { class: 'muted' }, me.phone || '')),
    h('form', {
      class: 'form',
      onsubmit: async (event) => {
        event.preventDefault();
        showError(profileError, null);
        saved.textContent = '';
        try {
          const updated = await busy(save, () => api.patch('/api/v1/me', { displayName: input.value.trim() }));
          store.setMe(updated);
          saved.textContent = 'Saved.';
        } catch (e) {
          showError(profileError, e);
        }
      },
    },
    h('label', { for: 'settings-name' }, 'Your name'),
    h('div', { class: 'inline-row' }, input, save),
    profileError, saved),
    h('h2', { class: 'section-title' }, 'Devices'),
    devices, devicesError,
    h('div', { class: 'settings-actions' },
      h('button', { type: 'button', class: 'button button-danger-outline', onclick: () => ctx.signOut() }, icon('logout'), 'Sign out')));

  async function loadDevices() {
    try {
      const list = await api.get('/api/v1/devices');
      list.sort((a, b) => (b.current - a.current) || String(b.lastSeenAt).localeCompare(String(a.lastSeenAt)));
      devices.replaceChildren(...list.map((d) => h('li', { class: 'person' },
        h('span', { class: 'device-icon', 'aria-hidden': 'true' }, icon('devices')),
        h('span', { class: 'person-main' },
          h('span', { class: 'person-name' }, d.name || 'Unnamed device', d.current ? h('span', { class: 'pill' }, 'This device') : null),
          h('span', { class: 'person-sub' }, d.lastSeenAt ? `Last active ${listTime(d.lastSeenAt)}` : `Signed in ${listTime(d.createdAt)}`)),
        d.current ? null : h('button', {
          type: 'button', class: 'link-button danger', 'aria-label': `Sign out ${d.name || 'device'}`,
          onclick: async (event) => {
            const ok = await confirmDialog({ title: 'Sign out this device?', text: `${d.name || 'The device'} will have to sign in again.`, confirm: 'Sign out', danger: true });
            if (!ok) return;
            try {
              await busy(event.currentTarget, () => api.del(`/api/v1/devices/${d.deviceId}`));
              loadDevices();
            } catch (e) {
              showError(devicesError, e);
            }
          },
        }, 'Sign out'))));
    } catch (e) {
      showError(devicesError, e);
    }
  }

  loadDevices();
  return {
    el,
    update(topics) {
      if (topics.has('me')) {
        updateAvatar(head, store.me.displayName || store.me.phone, store.me.userId);
        nameHeading.textContent = store.me.displayName || store.me.phone;
      }
    },
    destroy() {},
  };
}
