// New group: a title and members chosen from my registered contacts.

import { h } from '../dom.js';
import { avatar, openDialog, errorLine, showError, busy } from './common.js';

export function openNewGroup(ctx) {
  const { store, api, messenger } = ctx;
  openDialog({
    title: 'New group',
    build: (close) => {
      const error = errorLine();
      const titleInput = h('input', { id: 'group-title', maxlength: '100', required: true, placeholder: 'e.g. Climbing on Sunday', autofocus: true });
      const people = (store.contacts || []).filter((c) => c.userId && !c.blocked);
      const filter = h('input', { type: 'search', id: 'group-filter', placeholder: 'Search contacts', autocomplete: 'off' });
      const checks = people.map((c) => {
        const name = c.name || c.displayName || c.phone;
        const box = h('input', { type: 'checkbox', value: c.userId, id: `member-${c.userId}` });
        return h('li', { class: 'person pick', data: { name: `${name} ${c.phone}`.toLowerCase() } },
          box, h('label', { for: `member-${c.userId}` }, avatar(name, c.userId, { size: 'sm' }),
            h('span', { class: 'person-main' }, h('span', { class: 'person-name' }, name), h('span', { class: 'person-sub' }, c.phone))));
      });
      const list = h('ul', { class: 'people-list pick-list' }, checks);
      filter.addEventListener('input', () => {
        const q = filter.value.trim().toLowerCase();
        checks.forEach((li) => { li.hidden = Boolean(q) && !li.dataset.name.includes(q); });
      });
      const create = h('button', { type: 'submit', class: 'button' }, 'Create group');
      return h('form', {
        class: 'dialog-body form',
        onsubmit: async (event) => {
          event.preventDefault();
          showError(error, null);
          const title = titleInput.value.trim();
          const memberIds = [...list.querySelectorAll('input:checked')].map((b) => Number(b.value));
          if (!title) {
            showError(error, new Error('Give the group a name.'));
            titleInput.focus();
            return;
          }
          try {
            const group = await busy(create, () => api.post('/api/v1/groups', { title, memberIds }));
            store.mergeDetail(group);
            messenger.refreshList().catch(() => {});
            close();
            location.hash = `#/chats/${group.conversationId}`;
          } catch (e) {
            showError(error, e);
          }
        },
      },
      h('label', { for: 'group-title' }, 'Group name'), titleInput,
      h('fieldset', { class: 'fieldset' },
        h('legend', null, 'Members'),
        people.length ? [h('label', { class: 'sr-only', for: 'group-filter' }, 'Search contacts'), filter, list]
          : h('p', { class: 'muted' }, 'Add contacts who are on Parley to invite them. You can create the group alone too.')),
      error,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button button-secondary', onclick: () => close() }, 'Cancel'), create));
    },
  });
}
