// A scriptable hostile SMTP server on loopback (raw `net`, optional real TLS after STARTTLS) for the probe/send cases.
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';

/** What the server does with one command: a reply (sent as is), null (silence), or a function that takes over. */
export type Answer = string | Buffer | null | ((sock: Socket | TLSSocket, line: string) => void);

export interface HostileScript {
  /** Bytes sent on connect; null = never greet (tarpit). Default `220 hostile.test ESMTP\r\n`. */
  greeting?: string | Buffer | null;
  /** Takes over the connection entirely (floods, drips); the rest of the script is ignored. */
  raw?: (sock: Socket, index: number) => void;
  /** EHLO capabilities before TLS (after the domain line). Default PIPELINING, STARTTLS. */
  ehlo?: string[];
  /** Answers per upper-case verb before TLS (override the defaults). */
  plain?: Record<string, Answer>;
  /** The reply to STARTTLS (default `220 2.0.0 Ready to start TLS\r\n`); may carry injected bytes after the 220. */
  starttls?: string | Buffer | null;
  /**
   * After a 220 to STARTTLS: `tls` = a real TLS server (needs `tls`), `silent`, `close`, `garbage` (non-TLS bytes on
   * the first ClientHello), or a function given the raw socket.
   */
  afterStarttls?: 'tls' | 'silent' | 'close' | 'garbage' | ((raw: Socket) => void);
  /** Certificate and key (PEM) for `afterStarttls: 'tls'`. */
  tls?: { cert: string; key: string };
  /** More context options for `afterStarttls: 'tls'` (versions, suites), over TLS 1.0+ and `DEFAULT:@SECLEVEL=0`. */
  tlsOptions?: SecureContextOptions;
  /** Server socket options for `afterStarttls: 'tls'` (e.g. requestCert: a TLS 1.3 server then refuses after the handshake). */
  tlsSocket?: { requestCert?: boolean; rejectUnauthorized?: boolean };
  /** EHLO capabilities inside TLS (default SIZE 1000000, 8BITMIME). */
  tlsEhlo?: string[];
  /** Answers per verb inside TLS. */
  secure?: Record<string, Answer>;
}

export interface HostileServer {
  port: number;
  address: string;
  /** Every command line received (`tls:` prefix inside TLS), latin1. */
  seen: string[];
  connections: number;
  close(): Promise<void>;
}

/** `250-a\r\n250-b\r\n250 c\r\n` from lines. */
export function multi(code: number, lines: string[]): string {
  return lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}

const raws = new WeakMap<TLSSocket, Socket>();
/** The TCP socket under a TLS socket of the hostile server (for an RST inside TLS), or the socket itself. */
export function rawOf(sock: Socket | TLSSocket): Socket {
  return (sock instanceof TLSSocket ? raws.get(sock) : undefined) ?? sock;
}

/** Splits CRLF- or LF-terminated lines out of a stream and calls `onLine` for each, until it returns false. */
function lines(sock: Socket | TLSSocket, onLine: (line: string) => boolean | void): () => void {
  let buf = '';
  const onData = (d: Buffer): void => {
    buf += d.toString('latin1');
    if (buf.length > 64 * 1024) buf = buf.slice(-1024);
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      if (onLine(line) === false) {
        sock.off('data', onData);
        return;
      }
    }
  };
  sock.on('data', onData);
  return () => sock.off('data', onData);
}

function answer(sock: Socket | TLSSocket, a: Answer | undefined, line: string, fallback: string): void {
  if (a === null) return;
  if (typeof a === 'function') return a(sock, line);
  if (!sock.destroyed) sock.write(a ?? fallback);
}

function defaultPlain(verb: string, script: HostileScript): string {
  switch (verb) {
    case 'EHLO':
      return multi(250, ['hostile.test', ...(script.ehlo ?? ['PIPELINING', 'STARTTLS'])]);
    case 'HELO':
      return '250 hostile.test\r\n';
    case 'QUIT':
      return '221 2.0.0 bye\r\n';
    case 'DATA':
      return '354 go\r\n';
    default:
      return '250 2.0.0 ok\r\n';
  }
}

/** Runs the SMTP part inside TLS (EHLO, MAIL, RCPT, DATA with a dot-terminated body, QUIT). */
function secureDialog(t: TLSSocket, script: HostileScript, seen: string[]): void {
  let inData = false;
  lines(t, (line) => {
    if (inData) {
      if (line === '.') {
        inData = false;
        t.write('250 2.0.0 queued\r\n');
      }
      return;
    }
    seen.push(`tls:${line}`);
    const verb = line.split(' ')[0]!.toUpperCase();
    const a = script.secure?.[verb];
    if (verb === 'EHLO' && a === undefined) return void t.write(multi(250, ['secure.hostile.test', ...(script.tlsEhlo ?? ['SIZE 1000000', '8BITMIME'])]));
    if (verb === 'DATA' && a === undefined) inData = true;
    answer(t, a, line, defaultPlain(verb, script));
    if (verb === 'QUIT' && a === undefined) t.end();
  });
}

/** Starts the server on 127.0.0.1 (a free port). Every socket is destroyed by close(). */
export async function hostileServer(script: HostileScript): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const state = { connections: 0 };
  let ctx: SecureContext | null = null;
  if (script.afterStarttls === 'tls') {
    if (!script.tls) throw new Error('afterStarttls: tls needs a certificate');
    ctx = createSecureContext({ cert: script.tls.cert, key: script.tls.key, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', ...script.tlsOptions });
  }
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    const index = state.connections++;
    if (script.raw) return script.raw(sock, index);
    const g = script.greeting === undefined ? '220 hostile.test ESMTP\r\n' : script.greeting;
    if (g !== null) sock.write(g);
    const stop = lines(sock, (line) => {
      seen.push(line);
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'STARTTLS' && script.plain?.STARTTLS === undefined) {
        const reply = script.starttls === undefined ? '220 2.0.0 Ready to start TLS\r\n' : script.starttls;
        if (reply === null) return;
        sock.write(reply);
        if (!Buffer.from(reply).toString('latin1').startsWith('220')) return;
        stop();
        const after = script.afterStarttls ?? 'silent';
        if (after === 'silent') return false;
        if (after === 'close') return (void sock.destroy(), false);
        if (after === 'garbage') return (void sock.once('data', () => sock.write('HTTP/1.1 400 Bad Request\r\n\r\n')), false);
        if (typeof after === 'function') return (after(sock), false);
        const t = new TLSSocket(sock, { isServer: true, secureContext: ctx!, ...script.tlsSocket });
        raws.set(t, sock);
        t.on('error', () => t.destroy());
        secureDialog(t, script, seen);
        return false;
      }
      answer(sock, script.plain?.[verb], line, defaultPlain(verb, script));
      if (verb === 'QUIT' && script.plain?.QUIT === undefined) sock.end();
      return true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    seen,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `total` bytes of `chunk` repeated, respecting back-pressure, until the peer goes away. */
export function flood(sock: Socket, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !sock.destroyed) {
      sent += chunk.length;
      if (!sock.write(chunk)) return void sock.once('drain', pump);
    }
  };
  pump();
}

/** Sends `text` one byte every `everyMs` until the socket closes. */
export function drip(sock: Socket, text: string, everyMs: number): void {
  let i = 0;
  const t = setInterval(() => {
    if (sock.destroyed) return clearInterval(t);
    sock.write(text[i++ % text.length]!);
  }, everyMs);
  sock.on('close', () => clearInterval(t));
}
