// The chat view: header with presence or typing, messages grouped by day and sender, my
// messages with ticks, infinite scroll back into history, edit and delete of my messages,
// and the composer (Enter sends, Shift+Enter is a new line, a draft per conversation).

import { announce, h, reconcile, setText } from '../dom.js';
import { icon } from '../icons.js';
import { clockTime, dayKey, dayLabel, hueOf, lastSeen, plural } from '../format.js';
import { avatar, updateAvatar, confirmDialog, openMenu } from './common.js';
import { tickIcon } from './chatlist.js';
import { openConversationInfo } from './info.js';

const GROUP_WITHIN = 5 * 60 * 1000;
// The composer counts the characters left from this close to the limit (as Signal does).
const COUNT_WITHIN = 500;
const STATUS_WORDS = { pending: 'Sending', failed: 'Not sent', sent: 'Sent', delivered: 'Delivered', read: 'Read' };

export function createChat(ctx, id) {
  const { store, messenger } = ctx;
  const conv = store.ensure(id);
  const me = store.me.userId;
  let editing = null;
  let firstUnread = conv.unread > 0 ? conv.readSeq + 1 : null;
  let initialScrollDone = false;
  let newBelow = 0;
  let lastCount = 0;
  let lastKey = null;

  // ---- header -------------------------------------------------------------------------
  const headAvatar = avatar('', 0);
  const title = h('h2', { class: 'chat-title', id: `chat-title-${id}` });
  const subtitle = h('p', { class: 'chat-subtitle', 'aria-live': 'polite' });
  const header = h('header', { class: 'chat-header' },
    h('a', { class: 'icon-button back-button', href: `#/${ctx.panel || 'chats'}`, 'aria-label': 'Back to chats' }, icon('back')),
    h('button', { type: 'button', class: 'chat-heading', 'aria-label': 'Conversation info', onclick: () => openConversationInfo(ctx, id) },
      headAvatar, h('span', { class: 'chat-heading-text' }, title, subtitle)),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Conversation info', title: 'Info', onclick: () => openConversationInfo(ctx, id) }, icon('info')));

  const banner = h('div', { class: 'chat-banner', role: 'status', hidden: true });

  // ---- messages -----------------------------------------------------------------------
  const historyStatus = h('div', { class: 'history-status' });
  const sentinel = h('div', { class: 'history-sentinel', 'aria-hidden': 'true' });
  const list = h('ol', { class: 'message-list', 'aria-labelledby': `chat-title-${id}` });
  const scroller = h('div', { class: 'messages', tabindex: '0', 'aria-label': 'Messages' }, sentinel, historyStatus, list);
  const jump = h('button', {
    type: 'button', class: 'jump-button', hidden: true, 'aria-label': 'Jump to newest messages',
    onclick: () => scrollToBottom(true),
  }, icon('down'), h('span', { class: 'jump-count' }));

  // ---- composer -----------------------------------------------------------------------
  const editText = h('span', { class: 'edit-bar-text' });
  const editBar = h('div', { class: 'edit-bar', hidden: true },
    icon('edit'), h('span', { class: 'edit-bar-label' }, h('strong', null, 'Edit message'), editText),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Cancel editing', onclick: () => stopEditing() }, icon('close')));
  const input = h('textarea', {
    id: `composer-${id}`, class: 'composer-input', rows: '1', placeholder: 'Message', enterkeyhint: 'send',
    autocomplete: 'off', 'aria-describedby': `composer-hint-${id} composer-counter-${id}`,
  });
  // No maxlength: the browser would cut pasted text without a word. Longer text stays
  // as it is, the counter says by how much, and it is not sent.
  const counter = h('p', { class: 'composer-counter', id: `composer-counter-${id}`, hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'send-button', 'aria-label': 'Send', title: 'Send (Enter)' }, icon('send'));
  const form = h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); submit(); } },
    editBar,
    h('div', { class: 'composer-row' },
      h('label', { class: 'sr-only', for: `composer-${id}` }, 'Message'),
      input, sendButton),
    counter,
    h('p', { class: 'sr-only', id: `composer-hint-${id}` }, 'Enter sends, Shift+Enter starts a new line, Arrow Up edits your last message.'));

  const el = h('section', { class: 'chat', 'aria-labelledby': `chat-title-${id}` },
    header, banner, h('div', { class: 'messages-wrap' }, scroller, jump), form);

  // Escape closes the chat (as in other messengers), unless it ends an edit first.
  el.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || editing || document.querySelector('.menu, dialog[open]')) return;
    event.preventDefault();
    location.hash = `#/${ctx.panel || 'chats'}`;
  });

  input.value = messenger.draft(id);

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      stopEditing();
    } else if (event.key === 'ArrowUp' && !input.value && !editing) {
      const last = [...store.timeline(conv)].reverse().find((m) => m.kind === 'message' && m.senderId === me && !m.deleted);
      if (last) {
        event.preventDefault();
        startEditing(last);
      }
    }
  });
  input.addEventListener('input', () => {
    autosize();
    if (!editing) {
      messenger.setDraft(id, input.value);
      if (input.value.trim()) messenger.typing(id);
    }
    checkLength();
  });

  const numbers = new Intl.NumberFormat('en');
  let wasOver = false;

  /** Shows the characters left near the limit; false (send disabled) beyond it. */
  function checkLength() {
    const limit = messenger.maxBodyLength;
    const length = input.value.trim().length;
    const over = length > limit;
    counter.hidden = length < limit - COUNT_WITHIN;
    counter.classList.toggle('over', over);
    setText(counter, over
      ? `${numbers.format(length - limit)} characters too long: a message has at most ${numbers.format(limit)}.`
      : `${numbers.format(limit - length)} characters left`);
    if (over && !wasOver) announce(counter.textContent);
    wasOver = over;
    sendButton.disabled = !input.value.trim() || over;
    return !over;
  }

  function submit() {
    const text = input.value;
    if (!text.trim() || !checkLength()) return;
    if (editing) {
      if (text.trim() !== (editing.body || '').trim()) messenger.edit(id, editing.seq, text);
      stopEditing();
      return;
    }
    messenger.send(id, text);
    input.value = '';
    messenger.setDraft(id, '');
    checkLength();
    autosize();
    scrollToBottom(false);
  }

  function startEditing(message) {
    editing = { seq: message.seq, body: message.body };
    editBar.hidden = false;
    setText(editText, message.body || '');
    input.value = message.body || '';
    sendButton.setAttribute('aria-label', 'Save edit');
    checkLength();
    autosize();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  function stopEditing() {
    editing = null;
    editBar.hidden = true;
    input.value = messenger.draft(id);
    sendButton.setAttribute('aria-label', 'Send');
    checkLength();
    autosize();
    input.focus();
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  // ---- rendering ----------------------------------------------------------------------

  function renderHeader() {
    const name = store.title(conv);
    setText(title, name);
    const online = conv.peerUserId && (store.presence.get(conv.peerUserId) || {}).online;
    updateAvatar(headAvatar, name, conv.peerUserId || `c${conv.id}`, { online, kind: conv.kind });
    const typing = store.typingIn(id);
    let text;
    let typingNow = false;
    if (typing.length) {
      typingNow = true;
      text = conv.kind === 'direct' ? 'typing…'
        : typing.length === 1 ? `${store.nameOf(typing[0])} is typing…` : `${typing.length} people are typing…`;
    } else if (conv.kind === 'direct') {
      const presence = store.presence.get(conv.peerUserId);
      text = presence ? (presence.online ? 'online' : lastSeen(presence.lastSeen)) : '';
    } else if (conv.members) {
      const names = [...conv.members.keys()].filter((u) => u !== me).map((u) => store.nameOf(u));
      text = conv.kind === 'room' || names.length > 5 ? plural(conv.members.size, 'member') : [...names, 'You'].join(', ');
    } else {
      text = conv.kind === 'room' ? 'Public room' : '';
    }
    setText(subtitle, text);
    subtitle.classList.toggle('is-typing', typingNow);
    subtitle.classList.toggle('is-empty', !text);
    header.querySelector('.chat-heading').setAttribute('aria-label', `${name}: conversation info`);
    if (conv.left) {
      form.hidden = true;
      banner.hidden = false;
      setText(banner, conv.kind === 'direct' ? 'This conversation is not available.' : 'You are no longer a member of this conversation.');
    }
  }

  function renderBanner() {
    if (conv.left) return;
    const { state, detail } = store.connection;
    const waiting = messenger.outbox.waiting.filter((e) => e.conversationId === id).length;
    let text = '';
    if (state === 'offline' && detail.reason === 'network') {
      text = waiting ? `You are offline. ${plural(waiting, 'message')} will be sent when you are back online.`
        : 'You are offline. Messages you write will be sent when you are back online.';
    } else if (state === 'offline' && detail.reason === 'server') {
      text = waiting ? `Can't reach Parley. ${plural(waiting, 'message')} waiting; retrying…` : "Can't reach Parley. Retrying…";
    } else if (state === 'connecting') {
      text = 'Connecting…';
    }
    banner.hidden = !text;
    banner.dataset.state = state;
    setText(banner, text);
  }

  function buildItems() {
    const items = [];
    let prev = null;
    let unreadShown = false;
    for (const m of store.timeline(conv)) {
      const day = dayKey(m.time);
      const newDay = !prev || dayKey(prev.time) !== day;
      if (newDay) items.push({ type: 'day', key: `d${day}`, label: dayLabel(m.time) });
      // Marks where unread messages begin, once that place is loaded.
      if (firstUnread && !unreadShown && conv.oldestLoaded <= firstUnread && m.kind === 'message'
        && m.senderId !== me && m.seq >= firstUnread) {
        unreadShown = true;
        items.push({ type: 'unread', key: 'unread' });
        prev = null;
      }
      if (m.kind === 'member') {
        items.push({ type: 'system', key: `s${m.seq}`, m });
        prev = m;
        continue;
      }
      const joined = prev && !newDay && prev.kind !== 'member' && prev.senderId === m.senderId
        && Date.parse(m.time) - Date.parse(prev.time) < GROUP_WITHIN;
      if (!joined && items.length && items[items.length - 1].type === 'msg') items[items.length - 1].last = true;
      const own = m.senderId === me;
      items.push({ type: 'msg', key: own && m.id ? `o${m.id}` : `m${m.seq}`, m, own, first: !joined, last: false });
      prev = m;
    }
    if (items.length && items[items.length - 1].type === 'msg') items[items.length - 1].last = true;
    for (let i = 0; i < items.length - 1; i++) {
      if (items[i].type === 'msg' && items[i + 1].type !== 'msg') items[i].last = true;
    }
    return items;
  }

  function createItem(item) {
    if (item.type === 'day') return h('li', { class: 'day-separator' }, h('span', null));
    if (item.type === 'unread') return h('li', { class: 'unread-separator' }, h('span', null, 'Unread messages'));
    if (item.type === 'system') return h('li', { class: 'system-message' }, h('span', null));
    return h('li', { class: 'msg' });
  }

  function fillItem(li, item) {
    if (item.type === 'day') {
      setText(li.firstChild, item.label);
      return;
    }
    if (item.type === 'unread') return;
    if (item.type === 'system') {
      setText(li.firstChild, systemText(item.m));
      return;
    }
    const m = item.m;
    let status = null;
    if (item.own && m.kind === 'pending') status = m.failed ? 'failed' : 'pending';
    else if (item.own && m.pendingChange) status = 'pending';
    else if (item.own && !m.deleted) status = store.statusOf(conv, m.seq);
    const showSender = !item.own && item.first && conv.kind !== 'direct';
    const sender = showSender ? store.nameOf(m.senderId) : '';
    const signature = JSON.stringify([m.body, m.deleted, m.editedAt, status, item.first, item.last, sender, m.failed, m.seq, m.time]);
    if (li.dataset.sig === signature) return;
    li.dataset.sig = signature;
    li.className = `msg ${item.own ? 'own' : 'other'}${item.first ? ' first' : ''}${item.last ? ' last' : ''}${m.deleted ? ' deleted' : ''}`;
    if (m.seq) li.dataset.seq = m.seq;
    const meta = h('span', { class: 'meta' },
      m.editedAt && !m.deleted ? h('span', { class: 'edited' }, 'edited') : null,
      h('time', { datetime: m.time }, clockTime(m.time)),
      status ? h('span', { class: 'ticks', data: { status }, title: STATUS_WORDS[status] }, tickIcon(status),
        h('span', { class: 'sr-only' }, STATUS_WORDS[status])) : null);
    // An invisible copy of the meta line at the end of the text keeps room for the real
    // one, which sits in the bubble's bottom-right corner.
    const spacer = meta.cloneNode(true);
    spacer.className = 'meta-spacer';
    spacer.setAttribute('aria-hidden', 'true');
    spacer.querySelectorAll('.sr-only').forEach((n) => n.remove());
    spacer.querySelectorAll('.ticks').forEach((n) => { n.className = 'ticks-space'; n.removeAttribute('title'); });
    const bubble = h('div', { class: 'bubble' },
      showSender ? h('span', { class: 'sender', style: `--hue:${hueOf(m.senderId)}` }, sender) : null,
      m.deleted ? h('span', { class: 'body is-deleted' }, icon('block'), h('span', { class: 'text' }, item.own ? 'You deleted this message' : 'This message was deleted'), spacer)
        : h('span', { class: 'body' }, h('span', { class: 'text' }, linkify(m.body || '')), spacer),
      meta);
    const children = [bubble];
    if (item.own && m.kind === 'message' && !m.deleted && !m.pendingChange) {
      children.push(h('button', {
        type: 'button', class: 'msg-actions', 'aria-label': 'Message options', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
        onclick: (event) => openMenu(event.currentTarget, [
          { label: 'Edit', icon: 'edit', action: () => startEditing(m) },
          { label: 'Delete', icon: 'trash', danger: true, action: () => confirmDelete(m) },
        ], 'Message options'),
      }, icon('more')));
    }
    if (m.kind === 'pending' && m.failed) {
      children.push(h('div', { class: 'failed-note', role: 'alert' },
        h('span', null, `Not sent: ${m.failed.message || m.failed.code}`),
        h('button', { type: 'button', class: 'link-button', onclick: () => messenger.retry(m.id) }, 'Retry'),
        h('button', { type: 'button', class: 'link-button', onclick: () => messenger.discard(m.id) }, 'Delete')));
    }
    li.replaceChildren(...children);
  }

  async function confirmDelete(m) {
    const ok = await confirmDialog({
      title: 'Delete message?', text: 'It will be deleted for everyone in this chat.', confirm: 'Delete', danger: true,
    });
    if (ok) messenger.remove(id, m.seq);
    input.focus();
  }

  function systemText(m) {
    const who = m.userId === me ? 'You' : store.nameOf(m.userId);
    const by = m.by === me ? 'you' : store.nameOf(m.by);
    switch (m.change) {
      case 'created': return `${who} created this ${conv.kind === 'room' ? 'room' : 'group'}`;
      case 'joined': return `${who} joined`;
      case 'left': return `${who} left`;
      case 'added': return m.by && m.by !== m.userId ? `${by[0].toUpperCase()}${by.slice(1)} added ${who === 'You' ? 'you' : who}` : `${who} joined`;
      case 'removed': return `${who} ${who === 'You' ? 'were' : 'was'} removed`;
      case 'admin': return `${who} ${who === 'You' ? 'are' : 'is'} now an admin`;
      default: return `${who}: ${m.change}`;
    }
  }

  function renderMessages() {
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    // The first item in view stays where it is when older messages arrive above it.
    const anchor = nearBottom ? null : firstVisibleItem();
    const anchorTop = anchor ? anchor.getBoundingClientRect().top : 0;

    if (!conv.historyLoaded) {
      setText(historyStatus, conv.historyError ? conv.historyError.friendly : 'Loading messages…');
      historyStatus.hidden = false;
    } else if (conv.loadingHistory) {
      setText(historyStatus, 'Loading earlier messages…');
      historyStatus.hidden = false;
    } else if (!conv.hasMore) {
      setText(historyStatus, conv.kind === 'room' ? 'Start of the room history' : 'Start of the conversation');
      historyStatus.hidden = false;
    } else {
      historyStatus.hidden = true;
    }
    historyStatus.classList.toggle('is-start', conv.historyLoaded && !conv.hasMore && !conv.loadingHistory);

    const items = conv.historyLoaded ? buildItems() : [];
    reconcile(list, items, (i) => i.key, createItem, fillItem);
    const count = items.filter((i) => i.type === 'msg').length;

    if (!conv.historyLoaded) return;
    if (!initialScrollDone) {
      initialScrollDone = true;
      const marker = list.querySelector('.unread-separator');
      if (marker) marker.scrollIntoView({ block: 'start' });
      else scroller.scrollTop = scroller.scrollHeight;
    } else if (nearBottom) {
      scroller.scrollTop = scroller.scrollHeight;
    } else {
      if (anchor && anchor.isConnected) scroller.scrollTop += anchor.getBoundingClientRect().top - anchorTop;
      const newest = list.lastElementChild;
      if (count > lastCount && newest && newest.dataset.key !== lastKey) newBelow += 1;
    }
    lastKey = list.lastElementChild && list.lastElementChild.dataset.key;
    lastCount = count;
    updateJump();
    loadMoreIfNeeded();
  }

  function firstVisibleItem() {
    const top = scroller.getBoundingClientRect().top;
    for (const item of list.children) {
      // Day separators are sticky (always in view) and the unread marker moves: neither
      // can anchor the view.
      if ((item.classList.contains('msg') || item.classList.contains('system-message'))
        && item.getBoundingClientRect().bottom > top) return item;
    }
    return null;
  }

  function scrollToBottom(smooth) {
    newBelow = 0;
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
    updateJump();
  }

  function updateJump() {
    const away = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight > 200;
    if (!away) newBelow = 0;
    jump.hidden = !away;
    setText(jump.querySelector('.jump-count'), newBelow ? String(newBelow) : '');
  }

  function loadMoreIfNeeded() {
    if (conv.historyLoaded && conv.hasMore && !conv.loadingHistory && scroller.scrollTop < 400) {
      messenger.loadOlder(id);
    }
  }

  scroller.addEventListener('scroll', () => {
    updateJump();
    loadMoreIfNeeded();
  }, { passive: true });

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMoreIfNeeded();
  }, { root: scroller, rootMargin: '400px 0px 0px 0px' });
  observer.observe(sentinel);

  function update(topics) {
    const mine = topics.has(`conv:${id}`);
    if (mine || topics.has('presence') || topics.has('contacts') || topics.has('me')) renderHeader();
    if (mine || topics.has('outbox') || topics.has('contacts')) renderMessages();
    if (topics.has('connection') || topics.has('outbox') || mine) renderBanner();
  }

  checkLength();
  update(new Set([`conv:${id}`, 'connection']));
  requestAnimationFrame(autosize);

  return {
    el,
    update,
    focus() {
      if (window.matchMedia('(min-width: 721px)').matches) input.focus();
      else scroller.focus({ preventScroll: true });
    },
    destroy() {
      observer.disconnect();
    },
  };
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])/g;

function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h('a', { href: match[0], target: '_blank', rel: 'noopener noreferrer' }, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
