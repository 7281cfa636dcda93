// Contacts: add by phone number (with an optional name of my own), see who is on Parley,
// start a chat, block or remove.

import { h, reconcile, replaceChildren } from '../dom.js';
import { icon } from '../icons.js';
import { normalizePhone } from '../format.js';
import { avatar, errorLine, showError, busy, openMenu, confirmDialog } from './common.js';

export function createContacts(ctx) {
  const { store, api, messenger } = ctx;
  const error = errorLine();
  const phone = h('input', { id: 'contact-phone', type: 'tel', inputmode: 'tel', autocomplete: 'off', required: true, placeholder: '+49 151 23456789' });
  const name = h('input', { id: 'contact-name', autocomplete: 'off', maxlength: '100', placeholder: 'How you call them (optional)' });
  const add = h('button', { type: 'submit', class: 'button' }, icon('userPlus'), 'Add contact');
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h('form', {
    class: 'form add-contact',
    onsubmit: async (event) => {
      event.preventDefault();
      showError(error, null);
      status.textContent = '';
      const number = normalizePhone(phone.value);
      if (!/^\+?\d{3,15}$/.test(number)) {
        showError(error, new Error('Enter a phone number with country code, like +49 151 23456789.'));
        phone.focus();
        return;
      }
      try {
        const contact = await busy(add, () => api.post('/api/v1/contacts', { phone: number, name: name.value.trim() || null }));
        phone.value = '';
        name.value = '';
        status.textContent = contact.registered
          ? `${contact.name || contact.displayName || contact.phone} is on Parley.`
          : `${contact.name || contact.phone} is not on Parley yet.`;
        await messenger.loadContacts();
        phone.focus();
      } catch (e) {
        showError(error, e);
        phone.focus();
      }
    },
  },
  h('h2', { class: 'panel-title' }, 'Add a contact'),
  h('label', { for: 'contact-phone' }, 'Phone number'), phone,
  h('label', { for: 'contact-name' }, 'Name'), name,
  error, add, status);

  const registered = h('ul', { class: 'people-list', 'aria-labelledby': 'contacts-on' });
  const others = h('ul', { class: 'people-list', 'aria-labelledby': 'contacts-off' });
  const registeredSection = h('section', null, h('h2', { class: 'section-title', id: 'contacts-on' }, 'On Parley'), registered);
  const othersSection = h('section', null, h('h2', { class: 'section-title', id: 'contacts-off' }, 'Not on Parley yet'), others);
  const empty = h('p', { class: 'empty-panel muted' });
  const el = h('div', { class: 'panel panel-contacts' }, form, registeredSection, othersSection, empty);

  async function message(contact, button) {
    try {
      const conv = await busy(button, () => api.post('/api/v1/conversations/direct', { userId: contact.userId }));
      store.mergeDetail(conv);
      location.hash = `#/chats/${conv.conversationId}`;
    } catch (e) {
      showError(error, e);
    }
  }

  function create(contact) {
    return h('li', { class: 'person' });
  }

  function fill(li, contact) {
    const label = contact.name || contact.displayName || contact.phone;
    const signature = JSON.stringify(contact);
    if (li.dataset.sig === signature) return;
    li.dataset.sig = signature;
    const sub = [contact.name && contact.displayName && contact.displayName !== contact.name ? contact.displayName : null, contact.phone]
      .filter(Boolean).join(' · ');
    const menuButton = h('button', {
      type: 'button', class: 'icon-button', 'aria-label': `More for ${label}`, 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      onclick: (event) => openMenu(event.currentTarget, [
        ...(contact.userId ? [{
          label: contact.blocked ? 'Unblock' : 'Block', icon: 'block', danger: !contact.blocked,
          action: () => toggleBlock(contact, label),
        }] : []),
        { label: 'Remove contact', icon: 'trash', danger: true, action: () => remove(contact, label) },
      ], `Actions for ${label}`),
    }, icon('more'));
    replaceChildren(li,
      avatar(label, contact.userId || contact.phone, { size: 'md' }),
      h('span', { class: 'person-main' },
        h('span', { class: 'person-name' }, label, contact.blocked ? h('span', { class: 'pill pill-danger' }, 'Blocked') : null),
        h('span', { class: 'person-sub' }, sub)),
      contact.userId && !contact.blocked
        ? h('button', { type: 'button', class: 'button button-small', 'aria-label': `Message ${label}`, onclick: (event) => message(contact, event.currentTarget) }, icon('chats'), 'Message')
        : null,
      menuButton);
  }

  async function toggleBlock(contact, label) {
    if (!contact.blocked) {
      const ok = await confirmDialog({ title: `Block ${label}?`, text: 'They will not be able to message you.', confirm: 'Block', danger: true });
      if (!ok) return;
    }
    try {
      if (contact.blocked) await api.del(`/api/v1/blocks/${contact.userId}`);
      else await api.put(`/api/v1/blocks/${contact.userId}`);
      await messenger.loadContacts();
    } catch (e) {
      showError(error, e);
    }
  }

  async function remove(contact, label) {
    const ok = await confirmDialog({ title: `Remove ${label}?`, text: 'Your chats with them stay.', confirm: 'Remove', danger: true });
    if (!ok) return;
    try {
      await api.del(`/api/v1/contacts/${encodeURIComponent(contact.phone)}`);
      await messenger.loadContacts();
    } catch (e) {
      showError(error, e);
    }
  }

  function update(topics) {
    if (!topics.has('contacts')) return;
    if (!store.contacts) {
      registeredSection.hidden = true;
      othersSection.hidden = true;
      empty.hidden = false;
      empty.textContent = store.contactsError ? store.contactsError.friendly : 'Loading contacts…';
      return;
    }
    const sorted = [...store.contacts].sort((a, b) => (a.name || a.displayName || a.phone).localeCompare(b.name || b.displayName || b.phone));
    const on = sorted.filter((c) => c.registered);
    const off = sorted.filter((c) => !c.registered);
    reconcile(registered, on, (c) => c.phone, create, fill);
    reconcile(others, off, (c) => c.phone, create, fill);
    registeredSection.hidden = on.length === 0;
    othersSection.hidden = off.length === 0;
    empty.hidden = sorted.length > 0;
    empty.textContent = 'No contacts yet. Add someone by their phone number.';
  }

  update(new Set(['contacts']));
  if (!store.contacts) messenger.loadContacts();
  return { el, update, destroy() {} };
}
