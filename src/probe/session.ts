// One probe connection = one STARTTLS dialog: the first records banner/EHLO/STARTTLS, every later one carries one ClientHello.
import type { Socket } from 'node:net';
import { SmtpClient, isThrottle, type SmtpTimeouts } from '../smtp/client.js';
import { SmtpError, isSmtpError } from '../smtp/errors.js';
import type { Reply } from '../smtp/reply.js';
import { parseServerResponse, MAX_HELLO_BYTES, type ServerResponse } from '../tls/hello.js';

/** Everything a connection needs to know about the host it talks to. */
export interface HostContext {
  ip: string;
  port: number;
  /** MX/host name: SNI and certificate name match (null for a bare IP). */
  name: string | null;
  ehlo: string;
  timeouts: SmtpTimeouts;
  /** Absolute time (ms) by which everything for this host must be done. */
  hostEnd: number;
  signal?: AbortSignal | undefined;
  /** Connections opened so far (statistics, bench). */
  connections: number;
}

/** Why a dialog did not reach a STARTTLS-ready socket. */
export type DialogFailure =
  | { kind: 'error'; error: SmtpError }
  | { kind: 'greeting'; reply: Reply }
  | { kind: 'ehlo'; reply: Reply; verb: 'ehlo' | 'helo'; banner: Reply }
  | { kind: 'not-offered'; ehlo: Reply; banner: Reply }
  | { kind: 'starttls'; reply: Reply; banner: Reply };

export interface DialogOk {
  kind: 'ok';
  client: SmtpClient;
  banner: Reply;
  ehlo: Reply;
  verb: 'ehlo' | 'helo';
  discardedBytes: number;
}

/** Timeouts of one connection, cut to what is left of the host deadline. */
export function connTimeouts(ctx: HostContext): SmtpTimeouts {
  const left = Math.max(1, ctx.hostEnd - Date.now());
  return { ...ctx.timeouts, sessionMs: Math.min(ctx.timeouts.sessionMs, left) };
}

/**
 * Connect → greeting → EHLO (HELO fallback) → STARTTLS → 220. On success the client is paused right after the 220
 * with buffered plaintext discarded; the caller upgrades it or takes the raw socket. Never throws.
 */
export async function dialog(ctx: HostContext): Promise<DialogOk | DialogFailure> {
  let client: SmtpClient | null = null;
  try {
    if (Date.now() >= ctx.hostEnd) throw new SmtpError('ETIMEDOUT', 'host deadline reached', 'connect', { hostDeadline: true });
    ctx.connections++;
    client = await SmtpClient.connect({ host: ctx.ip, port: ctx.port, timeouts: connTimeouts(ctx), signal: ctx.signal });
    const banner = await client.greeting();
    if (banner.code !== 220) {
      await client.quit();
      return { kind: 'greeting', reply: banner };
    }
    const e = await client.ehlo(ctx.ehlo);
    if (e.reply.code !== 250) {
      await client.quit();
      return { kind: 'ehlo', reply: e.reply, verb: e.verb, banner };
    }
    if (!client.offersStarttls) {
      await client.quit();
      return { kind: 'not-offered', ehlo: e.reply, banner };
    }
    const st = await client.starttls();
    if (!st.ready) {
      await client.quit();
      return { kind: 'starttls', reply: st.reply, banner };
    }
    return { kind: 'ok', client, banner, ehlo: e.reply, verb: e.verb, discardedBytes: st.discardedBytes };
  } catch (e) {
    client?.close();
    if (isSmtpError(e)) return { kind: 'error', error: e };
    return { kind: 'error', error: new SmtpError('EPROTOCOL', (e as Error).message, 'connect') };
  }
}

/** What the server answered to one hand-written ClientHello. */
export type HelloOutcome =
  | ServerResponse
  | { kind: 'closed'; bytes: number }
  | { kind: 'timeout' }
  | { kind: 'dialog-failed'; failure: DialogFailure; throttled: boolean };

/** True when a dialog failure means "busy, come back later" (421 and friends) rather than a real answer. */
export function isThrottled(f: DialogFailure): boolean {
  if (f.kind === 'greeting' || f.kind === 'starttls') return isThrottle(f.reply);
  if (f.kind === 'ehlo') return isThrottle(f.reply);
  return false;
}

/** Reads the server's first TLS flight from a raw socket: ServerHello, alert, close, or the deadline. */
export function readServerFlight(sock: Socket, timeoutMs: number): Promise<HelloOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (o: HelloOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.removeAllListeners('close');
      sock.removeAllListeners('error');
      sock.on('error', () => undefined);
      sock.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(1, timeoutMs));
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      total += c.length;
      const r = parseServerResponse(chunks.length === 1 ? c : Buffer.concat(chunks));
      if (r.kind !== 'incomplete') finish(r);
      else if (total > MAX_HELLO_BYTES) finish({ kind: 'malformed', reason: 'no ServerHello within 64 KiB' });
    });
    sock.on('error', () => finish({ kind: 'closed', bytes: total }));
    sock.on('close', () => finish({ kind: 'closed', bytes: total }));
    sock.resume();
  });
}

/** One connection: STARTTLS dialog, then `hello` on the raw socket, then the server's answer. */
export async function sendHello(ctx: HostContext, hello: Buffer): Promise<HelloOutcome> {
  const d = await dialog(ctx);
  if (d.kind !== 'ok') return { kind: 'dialog-failed', failure: d, throttled: isThrottled(d) };
  const sock = d.client.takeSocket();
  // A short grace keeps a slow server from being read as "refused"; the host deadline still bounds it.
  const wait = Math.min(ctx.timeouts.tlsMs, Math.max(1, ctx.hostEnd - Date.now()));
  sock.write(hello);
  return readServerFlight(sock, wait);
}
