// The conversation list: title, avatar, last message (or typing, or my draft), time,
// ticks of my last message, unread count; most recent activity first; live.

import { h, reconcile, setText } from '../dom.js';
import { icon } from '../icons.js';
import { listTime } from '../format.js';
import { avatar, updateAvatar } from './common.js';

export function createChatList(ctx) {
  const { store, messenger } = ctx;
  const search = h('input', {
    type: 'search', id: 'chat-search', placeholder: 'Search chats', autocomplete: 'off',
    oninput: () => update(new Set(['list'])),
  });
  const list = h('ul', { class: 'conversation-list', 'aria-label': 'Chats' });
  const empty = h('div', { class: 'empty-panel', hidden: true });
  const el = h('div', { class: 'panel panel-chats' },
    h('div', { class: 'search' }, icon('search'), h('label', { class: 'sr-only', for: 'chat-search' }, 'Search chats'), search),
    list, empty);

  function preview(conv) {
    const typing = store.typingIn(conv.id);
    if (typing.length) {
      const who = conv.kind === 'direct' ? '' : `${store.nameOf(typing[0])} `;
      return { text: `${who}typing…`, className: 'is-typing' };
    }
    const draft = conv.id !== store.activeId && messenger.draft(conv.id);
    if (draft) return { prefix: 'Draft: ', text: draft, className: 'is-draft' };
    const pending = store.outbox.forConversation(conv.id).filter((e) => e.type === 'send');
    if (pending.length) {
      const last = pending[pending.length - 1];
      return { status: last.failed ? 'failed' : 'pending', prefix: 'You: ', text: last.body };
    }
    const m = conv.lastMessage;
    if (!m) return { text: conv.kind === 'room' ? 'Public room' : conv.kind === 'group' ? 'Group created' : 'No messages yet', className: 'is-muted' };
    const own = m.senderId === store.me.userId;
    const prefix = own ? 'You: ' : conv.kind !== 'direct' ? `${store.nameOf(m.senderId)}: ` : '';
    if (m.deleted) return { prefix, text: 'Message deleted', className: 'is-muted' };
    return { prefix, text: m.body || '', status: own ? store.statusOf(conv, m.seq) : null };
  }

  function create() {
    const a = h('a', { class: 'conversation' },
      avatar('', 0),
      h('span', { class: 'conv-main' },
        h('span', { class: 'conv-top' }, h('span', { class: 'conv-title' }), h('time', { class: 'conv-time' })),
        h('span', { class: 'conv-bottom' },
          h('span', { class: 'conv-preview' }, h('span', { class: 'conv-status' }), h('span', { class: 'conv-prefix' }), h('span', { class: 'conv-text' })),
          h('span', { class: 'badge', hidden: true }))));
    return h('li', null, a);
  }

  function fill(li, conv) {
    const a = li.firstChild;
    const title = store.title(conv);
    const online = conv.peerUserId && (store.presence.get(conv.peerUserId) || {}).online;
    a.href = `#/chats/${conv.id}`;
    if (conv.id === store.activeId) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    updateAvatar(a.querySelector('.avatar'), title, conv.peerUserId || `c${conv.id}`, { online, kind: conv.kind });
    setText(a.querySelector('.conv-title'), title);
    const time = a.querySelector('.conv-time');
    const when = (conv.lastMessage && conv.lastMessage.time) || conv.updatedAt;
    setText(time, listTime(when));
    if (when) time.setAttribute('datetime', when);
    const p = preview(conv);
    const status = a.querySelector('.conv-status');
    status.replaceChildren(...(p.status ? [tickIcon(p.status)] : []));
    status.dataset.status = p.status || '';
    setText(a.querySelector('.conv-prefix'), p.prefix || '');
    setText(a.querySelector('.conv-text'), p.text);
    a.querySelector('.conv-preview').className = `conv-preview ${p.className || ''}`;
    const badge = a.querySelector('.badge');
    badge.hidden = !conv.unread;
    setText(badge, String(conv.unread));
    a.classList.toggle('has-unread', conv.unread > 0);
    const unreadText = conv.unread ? `, ${conv.unread} unread` : '';
    a.setAttribute('aria-label', `${title}${unreadText}. ${p.prefix || ''}${p.text}`);
  }

  function update(topics) {
    if (!topics.has('list') && !topics.has('presence') && !topics.has('contacts')) return;
    const query = search.value.trim().toLowerCase();
    const items = store.list().filter((c) => !query || store.title(c).toLowerCase().includes(query));
    reconcile(list, items, (c) => c.id, create, fill);
    empty.hidden = items.length > 0;
    if (!items.length) {
      empty.replaceChildren(...(query
        ? [h('p', null, `No chats match “${search.value.trim()}”.`)]
        : [
          h('div', { class: 'empty-illustration small', 'aria-hidden': 'true' }, icon('chats')),
          h('p', null, 'No chats yet.'),
          h('p', { class: 'muted' }, 'Add a contact to start chatting, or join a public room.'),
          h('div', { class: 'empty-actions' },
            h('a', { class: 'button', href: '#/contacts' }, 'Contacts'),
            h('a', { class: 'button button-secondary', href: '#/rooms' }, 'Rooms')),
        ]));
    }
  }

  update(new Set(['list']));
  return { el, update, destroy() {} };
}

/** The tick icon of a status: pending (clock), failed, sent, delivered, read. */
export function tickIcon(status) {
  switch (status) {
    case 'pending': return icon('clock', 'icon tick tick-pending');
    case 'failed': return icon('alert', 'icon tick tick-failed');
    case 'sent': return icon('check', 'icon tick tick-sent');
    case 'delivered': return icon('checks', 'icon tick tick-delivered');
    case 'read': return icon('checks', 'icon tick tick-read');
    default: return null;
  }
}
