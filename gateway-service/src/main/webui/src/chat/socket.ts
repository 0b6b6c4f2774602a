import { refresh } from '../api/client';
import { getSession, onSession } from '../api/session';
import { encode, type ClientFrame, type Frame } from './frames';

export type SocketStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

type Handler = (f: Frame) => void;

/**
 * The chat WebSocket: authenticates with the `bearer.<jwt>` subprotocol, routes frames to their stream by `id`,
 * pings to keep the connection alive, sends a fresh `auth` frame when the token is renewed, and reconnects with
 * backoff after a drop (streams cut off by the drop are reported so the UI can offer a retry).
 */
export class ChatSocket {
  private ws?: WebSocket;
  private readonly handlers = new Map<string, Handler>();
  private readonly queue: string[] = [];
  private attempts = 0;
  private stopped = false;
  private ping?: ReturnType<typeof setInterval>;
  private retry?: ReturnType<typeof setTimeout>;
  private readonly unsubscribe: () => void;
  status: SocketStatus = 'connecting';

  constructor(
    private readonly onStatus: (s: SocketStatus) => void,
    private readonly onDropped: (ids: string[]) => void,
    private readonly url = ChatSocket.defaultUrl(),
  ) {
    this.unsubscribe = onSession((s) => {
      if (s && this.ws?.readyState === WebSocket.OPEN) this.ws.send(encode({ type: 'auth', token: s.token }));
    });
  }

  static defaultUrl(): string {
    return (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/ws/chat';
  }

  connect(): void {
    const token = getSession()?.token;
    if (!token || this.stopped) return;
    this.setStatus(this.attempts ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(this.url, ['quire.v1', 'bearer.' + token]);
    this.ws = ws;
    ws.onopen = () => {
      this.attempts = 0;
      this.setStatus('open');
      while (this.queue.length) ws.send(this.queue.shift()!);
      clearInterval(this.ping);
      this.ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(encode({ type: 'ping' })), 25_000);
    };
    ws.onmessage = (ev) => {
      let f: Frame;
      try {
        f = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (!f.id) return;
      const h = this.handlers.get(f.id);
      if (!h) return;
      h(f);
      if (f.type === 'done' || f.type === 'error') this.handlers.delete(f.id);
    };
    ws.onclose = (ev) => {
      clearInterval(this.ping);
      if (this.ws !== ws) return;
      const cut = [...this.handlers.keys()];
      this.handlers.clear();
      if (cut.length) this.onDropped(cut);
      if (this.stopped) {
        this.setStatus('closed');
        return;
      }
      this.setStatus('reconnecting');
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++);
      const again = () => {
        this.retry = setTimeout(() => this.connect(), delay);
      };
      // 4401: the token expired or was revoked; renew it before trying again
      if (ev.code === 4401) void refresh().then((ok) => (ok ? again() : this.setStatus('closed')));
      else again();
    };
  }

  /** Sends a user message; frames of its stream go to {@code handler}. */
  send(msg: Omit<Extract<ClientFrame, { type: 'user_message' }>, 'type'>, handler: Handler): void {
    this.handlers.set(msg.id, handler);
    const text = encode({ type: 'user_message', ...msg });
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
    else {
      this.queue.push(text);
      if (!this.ws || this.ws.readyState === WebSocket.CLOSED) this.connect();
    }
  }

  cancel(id: string): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encode({ type: 'cancel', id }));
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    this.unsubscribe();
    this.ws?.close(1000);
  }

  private setStatus(s: SocketStatus) {
    this.status = s;
    this.onStatus(s);
  }
}
