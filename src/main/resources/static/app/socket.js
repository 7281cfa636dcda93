// The WebSocket connection of protocol v1 (docs/PROTOCOL.md): authenticate with the first
// frame, report `ready`, keep the socket alive with pings, and reconnect with exponential
// backoff and jitter whenever it drops. It never guesses: its state is what it knows.
//
//   connecting → (ready) syncing → (synced) online → (drop) offline → connecting …
//
// While the browser says it is offline no connection is attempted; the `online` event
// reconnects at once. The owner decides what to do on `ready` (resume, flush the outbox).

const PING_EVERY = 25_000;
const PONG_WITHIN = 10_000;
const OPEN_WITHIN = 10_000;
const MAX_DELAY = 10_000;

/** Close codes after which reconnecting with the same token cannot work. */
const AUTH_FAILURES = new Set([4401, 4403]);

export class Connection {
  /**
   * @param {object} options
   * @param {string} options.url the ws(s):// URL of /ws
   * @param {() => string} options.token the access token
   * @param {(frame: object) => void} options.onFrame every server frame after authentication
   * @param {(ready: object) => void} options.onReady the socket is authenticated
   * @param {(state: string, detail: object) => void} options.onState state changes
   * @param {(code: number) => void} options.onAuthFailed the server refused the token
   */
  constructor({ url, token, onFrame, onReady, onState, onAuthFailed }) {
    Object.assign(this, { url, token, onFrame, onReady, onState, onAuthFailed });
    this.ws = null;
    this.state = 'idle';
    this.attempt = 0;
    this.timers = {};
    this.stopped = true;
    this.handleOnline = () => this.retryNow();
    this.handleOffline = () => this.drop('network');
    this.handleVisible = () => {
      if (document.visibilityState === 'visible' && this.state === 'offline') this.retryNow();
    };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    document.addEventListener('visibilitychange', this.handleVisible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    document.removeEventListener('visibilitychange', this.handleVisible);
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'signed out');
    this.setState('idle', {});
  }

  /** Sends a frame if the socket is authenticated; false when it is not. */
  send(frame) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.authenticated) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get isUp() {
    return this.state === 'syncing' || this.state === 'online';
  }

  /** Skips the wait before the next attempt. */
  retryNow() {
    if (this.stopped || this.state === 'connecting' || this.isUp) return;
    this.attempt = 0;
    this.connect();
  }

  connect() {
    this.clearTimers();
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.setState('offline', { reason: 'network' });
      return;
    }
    this.setState('connecting', {});
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.authenticated = false;
    this.timers.open = setTimeout(() => this.ws === ws && this.drop('timeout'), OPEN_WITHIN);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      ws.send(JSON.stringify({ type: 'auth', token: this.token() }));
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.alive();
      if (frame.type === 'ready') {
        clearTimeout(this.timers.open);
        this.authenticated = true;
        this.setState('syncing', { node: frame.node });
        this.onReady(frame);
        return;
      }
      if (frame.type === 'synced' && this.state === 'syncing') {
        // Only a completed resume proves the server can serve us: a socket closed after
        // `ready` (1013, the replay failed) keeps backing off.
        this.attempt = 0;
        this.setState('online', {});
      }
      if (frame.type !== 'pong') this.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (AUTH_FAILURES.has(event.code)) {
        this.clearTimers();
        this.setState('offline', { reason: 'auth' });
        this.onAuthFailed(event.code);
        return;
      }
      // A node going away (1001) is routine: reconnect at once, to any node.
      if (event.code === 1001) this.attempt = 0;
      if (event.code === 4400) this.attempt = Math.max(this.attempt, 5);
      // Try again later (1013: the server cannot replay now) and too many frames (4429):
      // wait a few seconds at least.
      if (event.code === 1013 || event.code === 4429) this.attempt = Math.max(this.attempt, 3);
      this.scheduleRetry(navigator.onLine ? 'server' : 'network');
    };
    // onerror is always followed by onclose, which does the work.
    ws.onerror = () => {};
  }

  /** Drops the current socket (a dead network does not close it for minutes) and retries. */
  drop(reason) {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      try {
        ws.close(4000, reason);
      } catch {
        // already closing
      }
    }
    if (!this.stopped) this.scheduleRetry(reason === 'network' || !navigator.onLine ? 'network' : 'server');
  }

  scheduleRetry(reason) {
    this.clearTimers();
    if (this.stopped) return;
    if (!navigator.onLine) {
      // The `online` event will reconnect.
      this.setState('offline', { reason: 'network' });
      return;
    }
    const base = Math.min(MAX_DELAY, 500 * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    const retryAt = Date.now() + delay;
    this.setState('offline', { reason, retryAt });
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  alive() {
    clearTimeout(this.timers.pong);
    clearTimeout(this.timers.ping);
    this.timers.ping = setTimeout(() => {
      if (!this.send({ type: 'ping', id: 'keepalive' })) return;
      this.timers.pong = setTimeout(() => this.drop('timeout'), PONG_WITHIN);
    }, PING_EVERY);
  }

  clearTimers() {
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    this.timers = {};
  }

  setState(state, detail) {
    const changed = state !== this.state || detail.retryAt !== this.detail?.retryAt;
    this.state = state;
    this.detail = detail;
    if (changed) this.onState(state, detail);
  }
}

/** The URL of /ws on the server that served this page. */
export function socketUrl() {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
