// Commands (send, edit, delete) not yet acknowledged by the server, kept in localStorage
// so that they survive offline periods, reloads and closed tabs. Each carries its client
// id; the server answers a resend of an id with the same `ack` (G2), so resending after
// a reconnect can never create a duplicate.

export class Outbox {
  /** @param {{load: () => object[], save: (entries: object[]) => void}} storage */
  constructor(storage, onChange) {
    this.storage = storage;
    this.onChange = onChange;
    this.entries = storage.load() || [];
    // ids sent on the current connection, so a flush does not send them twice
    this.sent = new Set();
  }

  add(entry) {
    this.entries.push({ ...entry, createdAt: entry.createdAt || new Date().toISOString() });
    this.persist();
  }

  get(id) {
    return this.entries.find((e) => e.id === id);
  }

  remove(id) {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    this.sent.delete(id);
    if (this.entries.length !== before) this.persist();
  }

  /** Keeps a refused command, so the person can retry or discard it. */
  fail(id, code, message) {
    const entry = this.get(id);
    if (!entry) return;
    entry.failed = { code, message };
    this.sent.delete(id);
    this.persist();
  }

  retry(id) {
    const entry = this.get(id);
    if (!entry) return;
    delete entry.failed;
    this.sent.delete(id);
    this.persist();
  }

  forConversation(conversationId) {
    return this.entries.filter((e) => e.conversationId === conversationId);
  }

  /** Entries waiting to be sent (not refused). */
  get waiting() {
    return this.entries.filter((e) => !e.failed);
  }

  /** A new connection: everything unacknowledged goes out again. */
  reset() {
    this.sent.clear();
  }

  /** Sends what has not been sent on this connection, oldest first. */
  flush(send) {
    for (const entry of this.entries) {
      if (entry.failed || this.sent.has(entry.id)) continue;
      if (!send(frameOf(entry))) return;
      this.sent.add(entry.id);
    }
  }

  /** Lets `id` be sent again by the next flush (after a transient refusal). */
  unsend(id) {
    this.sent.delete(id);
  }

  persist() {
    this.storage.save(this.entries);
    this.onChange();
  }
}

function frameOf(entry) {
  if (entry.type === 'send') {
    return { type: 'send', id: entry.id, conversationId: entry.conversationId, body: entry.body };
  }
  if (entry.type === 'edit') {
    return { type: 'edit', id: entry.id, conversationId: entry.conversationId, seq: entry.seq, body: entry.body };
  }
  return { type: 'delete', id: entry.id, conversationId: entry.conversationId, seq: entry.seq };
}
