// Public rooms: browse, join, open, create.

import { h, reconcile, replaceChildren } from '../dom.js';
import { icon } from '../icons.js';
import { plural } from '../format.js';
import { avatar, errorLine, showError, busy } from './common.js';

export function createRooms(ctx) {
  const { store, api, messenger } = ctx;
  const error = errorLine();
  const title = h('input', { id: 'room-title', maxlength: '100', required: true, placeholder: 'e.g. Book club', autocomplete: 'off' });
  const create = h('button', { type: 'submit', class: 'button' }, icon('plus'), 'Create room');
  const list = h('ul', { class: 'people-list', 'aria-labelledby': 'rooms-title' });
  const status = h('p', { class: 'empty-panel muted' }, 'Loading rooms…');
  let rooms = [];

  const form = h('form', {
    class: 'form',
    onsubmit: async (event) => {
      event.preventDefault();
      showError(error, null);
      if (!title.value.trim()) return;
      try {
        const room = await busy(create, () => api.post('/api/v1/rooms', { title: title.value.trim() }));
        title.value = '';
        store.mergeDetail(room);
        messenger.refreshList().catch(() => {});
        location.hash = `#/chats/${room.conversationId}`;
      } catch (e) {
        showError(error, e);
      }
    },
  },
  h('h2', { class: 'panel-title' }, 'Create a public room'),
  h('label', { for: 'room-title' }, 'Room name'),
  h('div', { class: 'inline-row' }, title, create),
  error);

  const heading = h('h2', { class: 'section-title', id: 'rooms-title', hidden: true }, 'Public rooms');
  const el = h('div', { class: 'panel panel-rooms' }, form, heading, list, status);

  async function join(room, button) {
    try {
      const detail = await busy(button, () => api.post(`/api/v1/rooms/${room.conversationId}/join`));
      store.mergeDetail(detail);
      await messenger.refreshList().catch(() => {});
      location.hash = `#/chats/${room.conversationId}`;
    } catch (e) {
      showError(error, e);
    }
  }

  function fill(li, room) {
    const signature = JSON.stringify(room);
    if (li.dataset.sig === signature) return;
    li.dataset.sig = signature;
    replaceChildren(li,
      avatar(room.title, `c${room.conversationId}`, { kind: 'room' }),
      h('span', { class: 'person-main' },
        h('span', { class: 'person-name' }, room.title),
        h('span', { class: 'person-sub' }, plural(room.members, 'member'), room.member ? ' · joined' : '')),
      room.member
        ? h('a', { class: 'button button-small button-secondary', href: `#/chats/${room.conversationId}`, 'aria-label': `Open ${room.title}` }, 'Open')
        : h('button', { type: 'button', class: 'button button-small', 'aria-label': `Join ${room.title}`, onclick: (e) => join(room, e.currentTarget) }, 'Join'));
  }

  async function load() {
    try {
      rooms = await api.get('/api/v1/rooms');
      rooms.sort((a, b) => b.members - a.members || a.title.localeCompare(b.title));
      reconcile(list, rooms, (r) => r.conversationId, () => h('li', { class: 'person' }), fill);
      status.hidden = rooms.length > 0;
      heading.hidden = rooms.length === 0;
      status.textContent = 'No public rooms yet. Create the first one.';
    } catch (e) {
      status.hidden = false;
      status.textContent = e.friendly;
    }
  }

  load();
  return {
    el,
    update(topics) {
      if (topics.has('list')) {
        // Joined or left elsewhere: refresh the member marks.
        const mine = new Set(store.list().filter((c) => c.kind === 'room').map((c) => c.id));
        if (rooms.some((r) => r.member !== mine.has(r.conversationId))) load();
      }
    },
    destroy() {},
  };
}
