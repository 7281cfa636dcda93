// The signed-in layout: a sidebar (header, section tabs, the current panel) and the main
// pane with the open chat. On a phone-sized screen one of the two is shown at a time.
// Routes (location.hash): #/chats, #/chats/<id>, #/contacts, #/rooms, #/settings.

import { h, setText } from '../dom.js';
import { icon } from '../icons.js';
import { avatar, updateAvatar, connectionText } from './common.js';
import { createChatList } from './chatlist.js';
import { createContacts } from './contacts.js';
import { createRooms } from './rooms.js';
import { createSettings } from './settings.js';
import { createChat } from './chat.js';
import { openNewGroup } from './newgroup.js';
import { logo } from './signin.js';

const PANELS = { chats: createChatList, contacts: createContacts, rooms: createRooms, settings: createSettings };

/**
 * "#/contacts/12" → {panel: 'contacts', chatId: 12}: the sidebar shows a panel and the
 * main pane a chat, independently (on a phone, the chat covers the panel).
 */
export function parseRoute(hash) {
  const parts = (hash || '').replace(/^#\/?/, '').split('/').filter(Boolean);
  const panel = PANELS[parts[0]] ? parts[0] : 'chats';
  const chatId = parts[1] && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null;
  return { panel, chatId };
}

export function mountShell(root, ctx) {
  const { store } = ctx;
  const meAvatar = avatar(store.me.displayName || store.me.phone, store.me.userId, { size: 'sm' });
  const meLink = h('a', { class: 'me-button', href: '#/settings', 'aria-label': 'Settings and profile', title: 'Settings' }, meAvatar);
  const status = h('span', { class: 'connection', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'connection-dot', 'aria-hidden': 'true' }), h('span', { class: 'connection-text' }, 'Connecting…'));
  const retry = h('button', { type: 'button', class: 'link-button connection-retry', hidden: true, onclick: () => ctx.messenger.connection.retryNow() }, 'Retry now');
  const tabs = {
    chats: tab('chats', 'Chats', 'chats'),
    contacts: tab('contacts', 'Contacts', 'contacts'),
    rooms: tab('rooms', 'Rooms', 'rooms'),
  };
  const unreadBadge = h('span', { class: 'badge tab-badge', hidden: true });
  tabs.chats.append(unreadBadge);
  const panelHost = h('div', { class: 'panel-host' });
  const main = h('main', { class: 'main', id: 'main' });
  const sidebar = h('aside', { class: 'sidebar', 'aria-label': 'Chats and contacts' },
    h('header', { class: 'sidebar-header' },
      meLink,
      h('div', { class: 'brand-block' },
        h('div', { class: 'brand' }, logo(), h('span', null, 'Parley')),
        h('div', { class: 'connection-line' }, status, retry)),
      h('button', {
        type: 'button', class: 'icon-button', 'aria-label': 'New group', title: 'New group',
        onclick: () => openNewGroup(ctx),
      }, icon('group'))),
    h('nav', { class: 'tabs', 'aria-label': 'Sections' }, tabs.chats, tabs.contacts, tabs.rooms),
    panelHost);
  const app = h('div', { class: 'app' }, sidebar, main);
  root.replaceChildren(app);

  let panel = null;
  let panelName = null;
  let chat = null;
  let chatId;

  function route() {
    const next = parseRoute(location.hash);
    if (next.panel !== panelName) {
      if (panel) panel.destroy();
      panelName = next.panel;
      ctx.panel = panelName;
      panel = PANELS[panelName](ctx);
      panelHost.replaceChildren(panel.el);
      for (const [name, el] of Object.entries(tabs)) {
        if (name === panelName) el.setAttribute('aria-current', 'page');
        else el.removeAttribute('aria-current');
      }
    }
    if (next.chatId !== chatId) {
      if (chat) chat.destroy();
      chat = null;
      chatId = next.chatId;
      if (chatId !== null) {
        // Created before open() marks the chat read, so it can show where unread begins.
        chat = createChat(ctx, chatId);
        main.replaceChildren(chat.el);
        ctx.messenger.open(chatId);
        chat.focus();
      } else {
        ctx.messenger.open(null);
        main.replaceChildren(emptyMain());
      }
      if (panel && panel.update) panel.update(new Set(['list']));
    }
    app.classList.toggle('has-chat', chatId !== null);
    // Switching panels keeps the open chat.
    const suffix = chatId !== null ? `/${chatId}` : '';
    for (const [name, el] of Object.entries(tabs)) el.href = `#/${name}${suffix}`;
    meLink.href = `#/settings${suffix}`;
  }

  function render(topics) {
    if (topics.has('connection') || topics.has('outbox')) {
      const { state, detail } = store.connection;
      const waiting = ctx.messenger.outbox.waiting.length;
      setText(status.querySelector('.connection-text'), connectionText(store.connection, waiting));
      status.dataset.state = state;
      retry.hidden = !(state === 'offline' && detail.reason === 'server');
    }
    if (topics.has('list')) {
      const unread = store.totalUnread;
      unreadBadge.hidden = unread === 0;
      setText(unreadBadge, String(unread));
      unreadBadge.setAttribute('aria-label', `${unread} unread`);
      document.title = unread ? `(${unread}) Parley` : 'Parley';
    }
    if (topics.has('me')) {
      updateAvatar(meAvatar, store.me.displayName || store.me.phone, store.me.userId);
    }
    if (panel && panel.update) panel.update(topics);
    if (chat) chat.update(topics);
  }

  const unsubscribe = store.subscribe(render);
  window.addEventListener('hashchange', route);
  route();
  render(new Set(['connection', 'list', 'me']));

  return {
    destroy() {
      unsubscribe();
      window.removeEventListener('hashchange', route);
      if (panel) panel.destroy();
      if (chat) chat.destroy();
    },
  };
}

function tab(name, label, iconName) {
  return h('a', { class: 'tab', href: `#/${name}`, data: { tab: name } }, icon(iconName), h('span', null, label));
}

function emptyMain() {
  return h('div', { class: 'empty-main' },
    h('div', { class: 'empty-illustration', 'aria-hidden': 'true' }, icon('chats')),
    h('h2', null, 'Parley'),
    h('p', null, 'Pick a chat on the left, or start one from your contacts.'),
    h('p', { class: 'muted small' }, 'Messages you write while offline are kept and sent when you are back.'));
}
