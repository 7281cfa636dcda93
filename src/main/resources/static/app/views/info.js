// Conversation info: who is in it, their roles; add members (group admins), leave.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import { lastSeen, plural } from '../format.js';
import { avatar, openDialog, confirmDialog, errorLine, showError, busy } from './common.js';

export function openConversationInfo(ctx, id) {
  const { store, api, messenger } = ctx;
  const conv = store.conversation(id);
  if (!conv) return;
  const me = store.me.userId;
  const amAdmin = conv.members && conv.members.get(me) && conv.members.get(me).admin;

  openDialog({
    title: conv.kind === 'direct' ? 'Contact info' : conv.kind === 'room' ? 'Room info' : 'Group info',
    build: (close) => {
      const error = errorLine();
      const name = store.title(conv);
      const body = h('div', { class: 'dialog-body info' });
      let subtitle;
      if (conv.kind === 'direct') {
        const presence = store.presence.get(conv.peerUserId);
        const contact = store.contactsByUser.get(conv.peerUserId);
        const user = store.users.get(conv.peerUserId) || {};
        subtitle = [contact ? contact.phone : user.phone, presence ? (presence.online ? 'online' : lastSeen(presence.lastSeen)) : null]
          .filter(Boolean).join(' · ');
      } else {
        subtitle = conv.members ? plural(conv.members.size, 'member') : '';
      }
      body.append(h('div', { class: 'info-head' },
        avatar(name, conv.peerUserId || `c${conv.id}`, { size: 'lg', kind: conv.kind }),
        h('h3', null, name),
        subtitle ? h('p', { class: 'muted' }, subtitle) : null));

      if (conv.kind !== 'direct' && conv.members) {
        const members = [...conv.members.values()].sort((a, b) => (b.admin - a.admin) || store.nameOf(a.userId).localeCompare(store.nameOf(b.userId)));
        body.append(h('h4', { class: 'section-title' }, 'Members'),
          h('ul', { class: 'people-list' }, members.slice(0, 200).map((m) => h('li', { class: 'person' },
            avatar(store.nameOf(m.userId), m.userId, { size: 'sm' }),
            h('span', { class: 'person-main' }, h('span', { class: 'person-name' }, m.userId === me ? 'You' : store.nameOf(m.userId))),
            m.admin ? h('span', { class: 'pill' }, 'Admin') : null,
            amAdmin && conv.kind === 'group' && m.userId !== me ? h('button', {
              type: 'button', class: 'link-button danger',
              onclick: async (event) => {
                try {
                  await busy(event.currentTarget, () => api.del(`/api/v1/conversations/${id}/members/${m.userId}`));
                  close();
                } catch (e) {
                  showError(error, e);
                }
              },
            }, 'Remove') : null))));
      }

      if (amAdmin && conv.kind === 'group') {
        const candidates = (store.contacts || []).filter((c) => c.userId && !conv.members.has(c.userId) && !c.blocked);
        if (candidates.length) {
          const select = h('select', { id: 'add-member' }, candidates.map((c) => h('option', { value: c.userId }, c.name || c.displayName || c.phone)));
          const add = h('button', { type: 'submit', class: 'button' }, 'Add');
          body.append(h('form', {
            class: 'inline-form',
            onsubmit: async (event) => {
              event.preventDefault();
              try {
                await busy(add, () => api.post(`/api/v1/conversations/${id}/members`, { userId: Number(select.value) }));
                messenger.loadDetail(id);
                close();
              } catch (e) {
                showError(error, e);
              }
            },
          }, h('label', { for: 'add-member' }, 'Add a member'), h('div', { class: 'inline-row' }, select, add)));
        }
      }

      body.append(error);
      if (conv.kind !== 'direct') {
        const leave = h('button', {
          type: 'button', class: 'button button-danger-outline',
          onclick: async () => {
            const ok = await confirmDialog({
              title: conv.kind === 'room' ? 'Leave room?' : 'Leave group?',
              text: conv.kind === 'room' ? 'You can join it again from Rooms.' : 'You will stop receiving its messages.',
              confirm: 'Leave', danger: true,
            });
            if (!ok) return;
            try {
              await busy(leave, () => (conv.kind === 'room' ? api.post(`/api/v1/rooms/${id}/leave`)
                : api.del(`/api/v1/conversations/${id}/members/${me}`)));
              store.markLeft(id);
              close();
              location.hash = '#/chats';
            } catch (e) {
              showError(error, e);
            }
          },
        }, icon('logout'), conv.kind === 'room' ? 'Leave room' : 'Leave group');
        body.append(h('div', { class: 'dialog-actions' }, leave));
      }
      return body;
    },
  });
}
