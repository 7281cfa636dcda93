// The messaging controller: loads the conversation list and history over REST, keeps the
// socket (socket.js) and the outbox (outbox.js) going, turns server frames into store
// changes, and sends receipts, typing and my commands.
//
// Exactly once, as the person sees it: every conversation event is keyed by its seq, so a
// replay never shows twice; my messages are keyed by their client id until acknowledged.
// After a reconnect `resume` asks, per conversation, for what follows the newest seq this
// page has seen, so the view fills in exactly what it missed.

import { Connection, socketUrl } from './socket.js';
import { Outbox } from './outbox.js';
import { userStore } from './storage.js';
import { clientId } from './format.js';
import { announce } from './dom.js';

const TRANSIENT = new Set(['unavailable', 'rate_limited', 'internal_error']);
const TYPING_EVERY = 3_000;
const HISTORY_PAGE = 50;
// The server's limit until its `ready` frame tells the current one (docs/PROTOCOL.md).
const MAX_BODY_LENGTH = 4000;

export class Messenger {
  constructor({ api, store, session, onAuthFailed }) {
    this.api = api;
    this.store = store;
    this.session = session;
    this.onAuthFailed = onAuthFailed;
    this.timers = new Map();
    this.maxBodyLength = MAX_BODY_LENGTH;
    this.lastTyping = new Map();
    this.receiptsStorage = userStore(session.userId, 'receipts', {});
    this.draftsStorage = userStore(session.userId, 'drafts', {});
    this.drafts = this.draftsStorage.load();
    this.outbox = new Outbox(userStore(session.userId, 'outbox', []), () => this.outboxChanged());
    store.outbox = this.outbox;
    this.connection = new Connection({
      url: socketUrl(),
      token: () => session.token,
      onFrame: (frame) => this.onFrame(frame),
      onReady: (ready) => this.onReady(ready),
      onState: (state, detail) => this.onState(state, detail),
      onAuthFailed: () => this.onAuthFailed(),
    });
    this.onVisible = () => {
      if (document.visibilityState === 'visible' && this.store.activeId) this.markRead(this.store.activeId);
    };
  }

  async start() {
    document.addEventListener('visibilitychange', this.onVisible);
    this.loadProfile();
    this.loadContacts();
    try {
      await this.refreshList();
    } catch {
      // Offline at start: the socket's retries will bring the list when it is back.
    }
    this.restoreReceipts();
    this.connection.start();
  }

  stop() {
    document.removeEventListener('visibilitychange', this.onVisible);
    this.connection.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
  }

  // ---- loading ------------------------------------------------------------------------

  async loadProfile() {
    try {
      this.store.setMe(await this.api.get('/api/v1/me'));
    } catch {
      // shown from the session until the server answers
    }
  }

  async loadContacts() {
    try {
      this.store.setContacts(await this.api.get('/api/v1/contacts'));
    } catch (error) {
      if (!this.store.contacts) this.store.contactsError = error;
      this.store.emit('contacts');
    }
  }

  async refreshList() {
    const summaries = await this.api.get('/api/v1/conversations');
    this.store.mergeSummaries(summaries);
    this.listLoaded = true;
    if (this.connection.isUp) this.sendDeliveredReceipts();
  }

  /** Fetches a conversation's members and names (once, or again when membership changes). */
  async loadDetail(id) {
    try {
      const detail = await this.api.get(`/api/v1/conversations/${id}`);
      this.store.mergeDetail(detail);
      this.store.mergeReceipts(id, await this.api.get(`/api/v1/conversations/${id}/receipts`));
    } catch (error) {
      if (error.code === 'not_found' || error.code === 'forbidden') this.store.markLeft(id);
    }
  }

  /** The newest page of a conversation, the first time it is opened. */
  async loadHistory(id) {
    const conv = this.store.ensure(id);
    if (conv.historyLoaded || conv.loadingHistory) return;
    conv.loadingHistory = true;
    this.store.emit(`conv:${id}`);
    try {
      const page = await this.api.get(`/api/v1/conversations/${id}/messages?limit=${HISTORY_PAGE}`);
      page.events.forEach((e) => this.store.applyEvent(e));
      conv.hasMore = page.hasMore;
      conv.historyLoaded = true;
      conv.historyError = null;
    } catch (error) {
      conv.historyError = error;
    } finally {
      conv.loadingHistory = false;
      this.store.emit(`conv:${id}`);
    }
    if (conv.historyLoaded) this.markRead(id);
  }

  /** The page before the oldest event loaded (infinite scroll back into history). */
  async loadOlder(id) {
    const conv = this.store.ensure(id);
    if (!conv.historyLoaded || !conv.hasMore || conv.loadingHistory) return false;
    conv.loadingHistory = true;
    this.store.emit(`conv:${id}`);
    try {
      const page = await this.api.get(
        `/api/v1/conversations/${id}/messages?before=${conv.oldestLoaded}&limit=${HISTORY_PAGE}`);
      page.events.forEach((e) => this.store.applyEvent(e));
      conv.hasMore = page.hasMore && page.events.length > 0;
      return true;
    } catch (error) {
      conv.historyError = error;
      return false;
    } finally {
      conv.loadingHistory = false;
      this.store.emit(`conv:${id}`);
    }
  }

  /** The conversation the person is looking at: load it and mark it read. */
  open(id) {
    this.store.activeId = id;
    if (id === null) return;
    const conv = this.store.ensure(id);
    if (!conv.members) this.loadDetail(id);
    if (!conv.historyLoaded) this.loadHistory(id);
    else this.markRead(id);
    if (conv.peerUserId) this.loadPresence([conv.peerUserId]);
  }

  async loadPresence(userIds) {
    const ids = [...new Set(userIds)].filter(Boolean);
    for (let i = 0; i < ids.length; i += 200) {
      try {
        const frames = await this.api.get(`/api/v1/presence?userIds=${ids.slice(i, i + 200).join(',')}`);
        frames.forEach((f) => this.store.setPresence(f));
      } catch {
        return;
      }
    }
  }

  // ---- the socket ---------------------------------------------------------------------

  onState(state, detail) {
    this.store.setConnection(state, detail);
    if (state === 'offline' && this.store.presence.size) {
      // Without a connection nobody's presence is known; it is fetched again on `ready`.
      this.store.presence.clear();
      this.store.emit('presence', 'list');
    }
    const active = this.store.activeId;
    if (state === 'online' && active !== null) {
      // What failed to load while offline is fetched now.
      const conv = this.store.ensure(active);
      if (!conv.historyLoaded) this.loadHistory(active);
      else this.markRead(active);
      if (!conv.members) this.loadDetail(active);
    }
  }

  onReady(ready) {
    if (ready && Number.isInteger(ready.maxBodyLength) && ready.maxBodyLength > 0) {
      this.maxBodyLength = ready.maxBodyLength;
    }
    const positions = {};
    for (const conv of this.store.conversations.values()) {
      if (!conv.placeholder && !conv.left) positions[conv.id] = conv.lastSeq;
    }
    this.connection.send({ type: 'resume', positions });
    this.outbox.reset();
    this.flush();
    // After a first connection or an outage, titles, new conversations and unread
    // counts may have changed meanwhile.
    if (this.hadConnection || !this.listLoaded) this.refreshList().catch(() => {});
    else this.sendDeliveredReceipts();
    this.hadConnection = true;
    const peers = this.store.list().filter((c) => c.peerUserId).map((c) => c.peerUserId);
    this.loadPresence(peers);
  }

  onFrame(frame) {
    switch (frame.type) {
      case 'message':
      case 'edited':
      case 'deleted':
      case 'member':
        this.onEvent(frame);
        break;
      case 'ack':
        this.onAck(frame);
        break;
      case 'receipt':
        this.store.applyReceipt(frame);
        if (frame.userId !== this.session.userId) this.saveReceiptsSoon();
        break;
      case 'typing':
        this.store.setTyping(frame.conversationId, frame.userId);
        break;
      case 'presence':
        this.store.setPresence(frame);
        break;
      case 'error':
        this.onError(frame);
        break;
      default:
        break;
    }
  }

  onEvent(frame) {
    const conv = this.store.ensure(frame.conversationId);
    const isNew = this.store.applyEvent(frame);
    if (conv.placeholder) this.discover(frame.conversationId);
    if (frame.type === 'message') {
      if (frame.senderId === this.session.userId) {
        // The echo of my own message (from this or another device) confirms it.
        this.outbox.remove(frame.id);
      } else if (isNew) {
        this.debounce(`received:${conv.id}`, 150, () => this.sendReceived(conv));
        if (this.store.activeId === conv.id) {
          this.markReadSoon(conv.id);
          if (this.connection.state === 'online') {
            announce(`${this.store.nameOf(frame.senderId)}: ${frame.body}`);
          }
        }
      }
    } else if (frame.type === 'member') {
      if (frame.userId === this.session.userId && (frame.change === 'left' || frame.change === 'removed')) {
        this.store.markLeft(conv.id);
      } else if (!conv.placeholder) {
        this.debounce(`detail:${conv.id}`, 200, () => this.loadDetail(conv.id));
      }
    }
  }

  /** An event of a conversation this page does not know yet: learn about it. */
  discover(id) {
    this.debounce(`discover:${id}`, 100, () => this.loadDetail(id));
    this.debounce('refreshList', 300, () => this.refreshList().catch(() => {}));
  }

  onAck(frame) {
    const entry = this.outbox.get(frame.id);
    if (!entry) return;
    if (entry.type === 'send') this.store.confirmOwn(entry, frame);
    this.outbox.remove(frame.id);
  }

  onError(frame) {
    const entry = frame.id && this.outbox.get(frame.id);
    if (!entry) {
      this.store.lastError = frame.message;
      this.store.emit('error');
      return;
    }
    if (TRANSIENT.has(frame.code)) {
      // Not stored: send it again with the same id a little later (when the server says).
      this.outbox.unsend(frame.id);
      this.debounce('reflush', frame.retryAfterMs || 2_000, () => this.flush());
    } else {
      this.outbox.fail(frame.id, frame.code, frame.message);
    }
  }

  outboxChanged() {
    // Conversations with entries now, and those whose last entry just left.
    const ids = new Set(this.outbox.entries.map((e) => e.conversationId));
    const touched = new Set([...ids, ...(this.outboxConversations || [])]);
    this.outboxConversations = ids;
    this.store.emit('list', 'outbox', ...[...touched].map((id) => `conv:${id}`));
  }

  flush() {
    if (this.connection.isUp) this.outbox.flush((frame) => this.connection.send(frame));
  }

  // ---- receipts -----------------------------------------------------------------------

  sendReceived(conv) {
    if (conv.lastSeq > conv.deliveredSeq && this.connection.isUp) {
      this.connection.send({ type: 'received', conversationId: conv.id, seq: conv.lastSeq });
      conv.deliveredSeq = conv.lastSeq;
    }
  }

  /** After loading the list: everything in it has reached this device. */
  sendDeliveredReceipts() {
    for (const conv of this.store.conversations.values()) {
      if (!conv.placeholder && !conv.left) this.sendReceived(conv);
    }
  }

  markReadSoon(id) {
    this.debounce(`read:${id}`, 100, () => this.markRead(id));
  }

  /** Reads the open conversation up to its newest event, if the page is being looked at. */
  markRead(id) {
    const conv = this.store.conversation(id);
    if (!conv || document.visibilityState !== 'visible' || this.store.activeId !== id) return;
    if (conv.lastSeq > conv.readSeq || conv.unread > 0) {
      if (this.connection.isUp && conv.lastSeq > 0) {
        this.connection.send({ type: 'read', conversationId: id, seq: conv.lastSeq });
        this.store.markRead(conv, conv.lastSeq);
      } else {
        conv.unread = 0;
        this.store.emit('list', `conv:${id}`);
      }
    }
  }

  restoreReceipts() {
    const saved = this.receiptsStorage.load();
    for (const [id, users] of Object.entries(saved)) {
      const conv = this.store.conversation(Number(id));
      if (!conv) continue;
      for (const [userId, [delivered, read]] of Object.entries(users)) {
        const position = conv.receipts.get(Number(userId)) || { delivered: 0, read: 0 };
        position.delivered = Math.max(position.delivered, delivered);
        position.read = Math.max(position.read, read);
        conv.receipts.set(Number(userId), position);
      }
    }
  }

  /**
   * Receipts of others are only pushed live, so the page keeps those it saw to show the
   * right ticks after a reload.
   */
  saveReceiptsSoon() {
    this.debounce('saveReceipts', 500, () => {
      const saved = {};
      for (const conv of this.store.conversations.values()) {
        if (conv.receipts.size === 0) continue;
        saved[conv.id] = Object.fromEntries([...conv.receipts].map(([u, p]) => [u, [p.delivered, p.read]]));
      }
      this.receiptsStorage.save(saved);
    });
  }

  // ---- my commands --------------------------------------------------------------------

  send(conversationId, body) {
    const text = body.trim();
    if (!text) return;
    this.outbox.add({ type: 'send', id: clientId(), conversationId, body: text });
    this.lastTyping.delete(conversationId);
    this.flush();
  }

  edit(conversationId, seq, body) {
    const text = body.trim();
    if (!text) return;
    this.outbox.add({ type: 'edit', id: clientId(), conversationId, seq, body: text });
    this.flush();
  }

  remove(conversationId, seq) {
    this.outbox.add({ type: 'delete', id: clientId(), conversationId, seq });
    this.flush();
  }

  retry(id) {
    this.outbox.retry(id);
    this.flush();
  }

  discard(id) {
    this.outbox.remove(id);
  }

  /** Tells the others I am typing, at most every 3 s, and only while connected. */
  typing(conversationId) {
    const now = Date.now();
    if (now - (this.lastTyping.get(conversationId) || 0) < TYPING_EVERY) return;
    if (this.connection.send({ type: 'typing', conversationId })) this.lastTyping.set(conversationId, now);
  }

  draft(conversationId) {
    return this.drafts[conversationId] || '';
  }

  setDraft(conversationId, text) {
    if (text) this.drafts[conversationId] = text;
    else delete this.drafts[conversationId];
    this.draftsStorage.save(this.drafts);
    this.store.emit('list');
  }

  debounce(key, delay, fn) {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, delay));
  }
}
