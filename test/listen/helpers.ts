// Raw SMTP/TLS client helpers for receiver tests: read replies, write exact bytes, upgrade with Node's TLS client.
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket, type ConnectionOptions } from 'node:tls';
import { once } from 'node:events';
import { listen, type Listener, type ListenOptions, type SessionRecord } from '../../src/listen/index.js';

/** A connection that collects bytes and hands out complete SMTP replies one at a time. */
export class RawClient {
  private buf = '';
  private waiters: (() => void)[] = [];
  closed = false;
  constructor(public sock: Socket | TLSSocket) {
    this.attach(sock);
  }
  private attach(s: Socket | TLSSocket): void {
    s.on('data', (d: Buffer) => {
      this.buf += d.toString('latin1');
      this.wake();
    });
    s.on('close', () => {
      this.closed = true;
      this.wake();
    });
    s.on('error', () => {
      this.closed = true;
      this.wake();
    });
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Next complete reply (all its lines joined by \n), or null when the connection closed first. */
  async reply(): Promise<string | null> {
    for (;;) {
      const m = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m[0].length);
        return m[0].replace(/\r/g, '').trimEnd();
      }
      if (this.closed) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  /** Bytes received and not yet read as a reply. */
  pending(): string {
    return this.buf;
  }
  write(s: string | Buffer): void {
    this.sock.write(s);
  }
  async cmd(line: string): Promise<string | null> {
    this.write(line + '\r\n');
    return this.reply();
  }
  /** Starts TLS on the current socket (after the 220 to STARTTLS); anything unread is dropped, as a client must. */
  async starttls(opts: ConnectionOptions = {}): Promise<TLSSocket> {
    this.buf = '';
    const raw = this.sock as Socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    const t = tlsConnect({ socket: raw, rejectUnauthorized: false, ...opts });
    this.closed = false;
    this.attach(t);
    this.sock = t;
    await Promise.race([once(t, 'secureConnect'), once(t, 'error').then(([e]) => Promise.reject(e as Error))]);
    return t;
  }
  end(): void {
    this.sock.end();
  }
  /** Resolves when the peer has closed. */
  async waitClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
  }
}

export async function rawConnect(port: number, host = '127.0.0.1'): Promise<RawClient> {
  const s = connect({ host, port });
  await once(s, 'connect');
  return new RawClient(s);
}

/** A listener on a free loopback port plus a way to await the next session record. */
export interface TestListener {
  listener: Listener;
  port: number;
  next(): Promise<SessionRecord>;
  close(): Promise<void>;
}

export async function startListener(opts: ListenOptions = {}): Promise<TestListener> {
  const listener = await listen({ host: '127.0.0.1', port: 0, hostname: 'mx.listen.test', ...opts });
  const it = listener.sessions();
  return {
    listener,
    port: listener.address.port,
    async next() {
      const r = await it.next();
      if (r.done) throw new Error('listener ended before a session was recorded');
      return r.value;
    },
    close: () => listener.close(),
  };
}
