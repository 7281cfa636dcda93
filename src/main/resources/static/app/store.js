// The client's state: conversations with their loaded events, receipts, typing, presence,
// contacts and the connection. Views read it and subscribe to change topics; only the
// messenger and views' actions change it. Changes are batched: listeners are called once
// per microtask with the set of topics that changed ('list', 'conv:<id>', 'contacts',
// 'presence', 'connection', 'me').

import { unknownName } from './format.js';

const TYPING_SHOWN = 5_000;

export class Store {
  constructor(me) {
    this.me = me;
    this.conversations = new Map();
    this.users = new Map();
    this.contacts = null;
    this.contactsByUser = new Map();
    this.presence = new Map();
    this.typing = new Map();
    this.connection = { state: 'connecting', detail: {} };
    this.activeId = null;
    this.outbox = null;
    this.listeners = new Set();
    this.changed = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(...topics) {
    const first = this.changed.size === 0;
    topics.forEach((t) => this.changed.add(t));
    if (!first) return;
    queueMicrotask(() => {
      const topicsNow = new Set(this.changed);
      this.changed.clear();
      for (const listener of [...this.listeners]) listener(topicsNow);
    });
  }

  // ---- people -------------------------------------------------------------------------

  setMe(me) {
    this.me = { ...this.me, ...me };
    this.rememberUser(me);
    this.emit('me', 'list');
  }

  rememberUser(user) {
    if (!user || !user.userId) return;
    const known = this.users.get(user.userId) || {};
    this.users.set(user.userId, { ...known, ...Object.fromEntries(Object.entries(user).filter(([, v]) => v != null)) });
  }

  setContacts(contacts) {
    this.contacts = contacts;
    this.contactsByUser = new Map(contacts.filter((c) => c.userId).map((c) => [c.userId, c]));
    contacts.forEach((c) => c.userId && this.rememberUser({ userId: c.userId, displayName: c.displayName, phone: c.phone }));
    this.emit('contacts', 'list', ...[...this.conversations.keys()].map((id) => `conv:${id}`));
  }

  /**
   * How a person is called here: my own label for them, their name, the number the server
   * showed me, else a neutral handle (the server never sends a stranger's number).
   */
  nameOf(userId) {
    if (userId === this.me.userId) return this.me.displayName || 'You';
    const contact = this.contactsByUser.get(userId);
    const user = this.users.get(userId);
    return (contact && contact.name) || (user && user.displayName) || (user && user.phone)
      || (contact && contact.phone) || unknownName(userId);
  }

  setPresence(frame) {
    this.presence.set(frame.userId, { online: frame.online, lastSeen: frame.lastSeen || null });
    this.emit('presence');
  }

  // ---- conversations ------------------------------------------------------------------

  conversation(id) {
    return this.conversations.get(id);
  }

  ensure(id) {
    let conv = this.conversations.get(id);
    if (!conv) {
      conv = {
        id, kind: null, title: null, peerUserId: null, lastSeq: 0, lastMessage: null, unread: 0, readSeq: 0,
        deliveredSeq: 0, updatedAt: null, members: null, placeholder: true,
        messages: new Map(), oldestLoaded: null, historyLoaded: false, hasMore: true, loadingHistory: false,
        edits: new Map(), receipts: new Map(),
      };
      this.conversations.set(id, conv);
    }
    return conv;
  }

  /** Merges summaries from GET /conversations; newer local knowledge wins. */
  mergeSummaries(summaries) {
    const listed = new Set();
    for (const s of summaries) {
      listed.add(s.conversationId);
      const conv = this.ensure(s.conversationId);
      Object.assign(conv, { kind: s.kind, title: s.title, peerUserId: s.peerUserId ?? null, placeholder: false, left: false });
      conv.readSeq = Math.max(conv.readSeq, s.readSeq);
      conv.deliveredSeq = Math.max(conv.deliveredSeq, s.deliveredSeq);
      if (s.lastSeq >= conv.lastSeq) {
        conv.lastSeq = s.lastSeq;
        conv.lastMessage = s.lastMessage || conv.lastMessage;
        // A read receipt of mine the server has not applied yet still counts.
        conv.unread = conv.readSeq >= s.lastSeq ? 0 : s.unread;
        conv.updatedAt = s.updatedAt;
      }
      if (s.peerUserId && s.title) this.rememberUser({ userId: s.peerUserId, displayName: s.title });
    }
    for (const conv of this.conversations.values()) {
      if (!listed.has(conv.id) && !conv.placeholder) conv.left = true;
    }
    this.emit('list', ...[...listed].map((id) => `conv:${id}`));
  }

  /** Merges GET /conversations/{id} (members and names). */
  mergeDetail(detail) {
    const conv = this.ensure(detail.conversationId);
    Object.assign(conv, { kind: detail.kind, title: detail.title, peerUserId: detail.peerUserId ?? null, left: false });
    if (conv.placeholder) {
      conv.placeholder = false;
      conv.updatedAt = conv.updatedAt || detail.createdAt;
    }
    conv.members = new Map((detail.members || []).map((m) => [m.userId, m]));
    (detail.members || []).forEach((m) => this.rememberUser({ userId: m.userId, displayName: m.displayName, phone: m.phone }));
    this.emit('list', `conv:${conv.id}`);
    return conv;
  }

  markLeft(id) {
    const conv = this.conversations.get(id);
    if (conv) conv.left = true;
    this.emit('list', `conv:${id}`);
  }

  title(conv) {
    if (conv.kind === 'direct' && conv.peerUserId) {
      const contact = this.contactsByUser.get(conv.peerUserId);
      if (contact && contact.name) return contact.name;
      return (this.users.get(conv.peerUserId) || {}).displayName || conv.title || this.nameOf(conv.peerUserId);
    }
    return conv.title || (conv.kind === 'room' ? 'Room' : 'Group');
  }

  /** Conversations to list, most recent activity (a pending send counts) first. */
  list() {
    return [...this.conversations.values()]
      .filter((c) => !c.placeholder && !c.left)
      .sort((a, b) => activity(b, this.outbox) - activity(a, this.outbox) || b.id - a.id);
  }

  get totalUnread() {
    let total = 0;
    for (const c of this.conversations.values()) if (!c.left && !c.placeholder) total += c.unread;
    return total;
  }

  // ---- events -------------------------------------------------------------------------

  /**
   * Applies a conversation event (`message`, `edited`, `deleted`, `member`) from the
   * socket or from history. Returns true when it is newer than anything seen before.
   */
  applyEvent(frame) {
    const conv = this.ensure(frame.conversationId);
    const isNew = frame.seq > conv.lastSeq;
    conv.oldestLoaded = conv.oldestLoaded === null ? frame.seq : Math.min(conv.oldestLoaded, frame.seq);
    if (frame.type === 'message') {
      const message = {
        kind: 'message', seq: frame.seq, id: frame.id, senderId: frame.senderId, body: frame.body ?? null,
        time: frame.time, editedAt: frame.editedAt || null, deleted: Boolean(frame.deleted),
      };
      const edit = conv.edits.get(frame.seq);
      if (edit) applyEdit(message, edit);
      conv.messages.set(frame.seq, message);
      this.rememberUser({ userId: frame.senderId });
      if (isNew) {
        conv.lastMessage = { seq: message.seq, senderId: message.senderId, body: message.body, time: message.time, deleted: message.deleted };
        conv.updatedAt = frame.time;
        const looking = conv.id === this.activeId && document.visibilityState === 'visible';
        if (frame.senderId !== this.me.userId && frame.seq > conv.readSeq && !looking) conv.unread++;
        this.clearTyping(conv.id, frame.senderId);
      }
    } else if (frame.type === 'edited' || frame.type === 'deleted') {
      const edit = { seq: frame.seq, body: frame.body ?? null, deleted: frame.type === 'deleted', time: frame.time };
      const known = conv.edits.get(frame.target);
      if (!known || known.seq < edit.seq) conv.edits.set(frame.target, edit);
      const message = conv.messages.get(frame.target);
      if (message && (!known || known.seq <= edit.seq)) applyEdit(message, edit);
      if (conv.lastMessage && conv.lastMessage.seq === frame.target) {
        conv.lastMessage = { ...conv.lastMessage, body: edit.deleted ? null : edit.body, deleted: edit.deleted };
      }
    } else if (frame.type === 'member') {
      conv.messages.set(frame.seq, {
        kind: 'member', seq: frame.seq, userId: frame.userId, change: frame.change, by: frame.by, time: frame.time,
      });
      if (isNew) conv.updatedAt = frame.time;
    }
    if (isNew) conv.lastSeq = frame.seq;
    this.emit('list', `conv:${conv.id}`);
    return isNew;
  }

  /** My own message acknowledged: it is stored with this seq, even before its echo arrives. */
  confirmOwn(entry, ack) {
    const conv = this.ensure(ack.conversationId);
    if (!conv.messages.has(ack.seq)) {
      this.applyEvent({
        type: 'message', conversationId: ack.conversationId, seq: ack.seq, id: entry.id,
        senderId: this.me.userId, body: entry.body, time: ack.time,
      });
    }
  }

  /** Merges GET /conversations/{id}/receipts: the others' positions, never moved back. */
  mergeReceipts(id, positions) {
    const conv = this.ensure(id);
    for (const p of positions) {
      if (p.userId === this.me.userId) continue;
      const position = conv.receipts.get(p.userId) || { delivered: 0, read: 0 };
      position.delivered = Math.max(position.delivered, p.deliveredSeq, p.readSeq);
      position.read = Math.max(position.read, p.readSeq);
      conv.receipts.set(p.userId, position);
    }
    this.emit('list', `conv:${conv.id}`);
  }

  applyReceipt(frame) {
    const conv = this.ensure(frame.conversationId);
    if (frame.userId === this.me.userId) {
      if (frame.kind === 'read' && frame.seq > conv.readSeq) {
        conv.readSeq = frame.seq;
        conv.unread = frame.seq >= conv.lastSeq ? 0 : this.countUnread(conv);
      }
      conv.deliveredSeq = Math.max(conv.deliveredSeq, frame.seq);
    } else {
      const position = conv.receipts.get(frame.userId) || { delivered: 0, read: 0 };
      position.delivered = Math.max(position.delivered, frame.seq);
      if (frame.kind === 'read') position.read = Math.max(position.read, frame.seq);
      conv.receipts.set(frame.userId, position);
    }
    this.emit('list', `conv:${conv.id}`);
  }

  countUnread(conv) {
    if (!conv.historyLoaded) return conv.unread;
    let count = 0;
    for (const m of conv.messages.values()) {
      if (m.kind === 'message' && m.senderId !== this.me.userId && m.seq > conv.readSeq && !m.deleted) count++;
    }
    return count;
  }

  /** Everything read up to the newest event (done by the messenger with a `read` frame). */
  markRead(conv, seq) {
    conv.readSeq = Math.max(conv.readSeq, seq);
    conv.deliveredSeq = Math.max(conv.deliveredSeq, seq);
    conv.unread = 0;
    this.emit('list', `conv:${conv.id}`);
  }

  /** The status of my message `seq`: 'sent', 'delivered' or 'read'. */
  statusOf(conv, seq) {
    let others;
    if (conv.kind === 'direct' && conv.peerUserId) others = [conv.peerUserId];
    else if (conv.members) others = [...conv.members.keys()].filter((id) => id !== this.me.userId);
    else others = [];
    if (others.length === 0) return 'sent';
    const positions = others.map((id) => conv.receipts.get(id) || { delivered: 0, read: 0 });
    if (positions.every((p) => p.read >= seq)) return 'read';
    if (positions.every((p) => p.delivered >= seq)) return 'delivered';
    return 'sent';
  }

  /** Loaded events in order, then my commands still waiting in the outbox. */
  timeline(conv) {
    const events = [...conv.messages.values()].sort((a, b) => a.seq - b.seq);
    const pending = this.outbox ? this.outbox.forConversation(conv.id) : [];
    const byTarget = new Map(pending.filter((e) => e.type !== 'send').map((e) => [e.seq, e]));
    const shown = events.map((m) => {
      const change = byTarget.get(m.seq);
      if (!change || m.kind !== 'message') return m;
      // Show my queued edit or deletion right away.
      return change.type === 'delete'
        ? { ...m, deleted: true, body: null, pendingChange: change }
        : { ...m, body: change.body, editedAt: m.editedAt || change.createdAt, pendingChange: change };
    });
    const sends = pending
      .filter((e) => e.type === 'send' && !findOwn(conv, e.id, this.me.userId))
      .map((e) => ({ kind: 'pending', id: e.id, senderId: this.me.userId, body: e.body, time: e.createdAt, failed: e.failed || null }));
    return shown.concat(sends);
  }

  // ---- typing -------------------------------------------------------------------------

  setTyping(conversationId, userId) {
    let users = this.typing.get(conversationId);
    if (!users) this.typing.set(conversationId, (users = new Map()));
    clearTimeout(users.get(userId));
    users.set(userId, setTimeout(() => this.clearTyping(conversationId, userId), TYPING_SHOWN));
    this.emit('list', `conv:${conversationId}`);
  }

  clearTyping(conversationId, userId) {
    const users = this.typing.get(conversationId);
    if (!users || !users.has(userId)) return;
    clearTimeout(users.get(userId));
    users.delete(userId);
    this.emit('list', `conv:${conversationId}`);
  }

  typingIn(conversationId) {
    const users = this.typing.get(conversationId);
    return users ? [...users.keys()] : [];
  }

  // ---- connection ---------------------------------------------------------------------

  setConnection(state, detail) {
    this.connection = { state, detail };
    this.emit('connection');
  }
}

function applyEdit(message, edit) {
  if (edit.deleted) {
    message.deleted = true;
    message.body = null;
  } else {
    message.body = edit.body;
    message.editedAt = edit.time;
  }
}

function findOwn(conv, id, me) {
  for (const m of conv.messages.values()) if (m.kind === 'message' && m.senderId === me && m.id === id) return m;
  return null;
}

function activity(conv, outbox) {
  let latest = conv.updatedAt ? Date.parse(conv.updatedAt) : 0;
  if (outbox) {
    for (const e of outbox.forConversation(conv.id)) if (e.type === 'send') latest = Math.max(latest, Date.parse(e.createdAt));
  }
  return latest;
}
