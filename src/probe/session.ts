// One probe connection = one STARTTLS dialog: the first records banner/EHLO/STARTTLS, every later one carries one ClientHello.
import type { Socket } from 'node:net';
import { SmtpClient, isThrottle, type SmtpTimeouts } from '../smtp/client.js';
import { SmtpError, isSmtpError } from '../smtp/errors.js';
import type { Reply } from '../smtp/reply.js';
import { parseServerFlight, parseServerResponse, MAX_FLIGHT_BYTES, MAX_HELLO_BYTES, type ServerResponse } from '../tls/hello.js';

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
  /**
   * The first TLS ≤ 1.2 answer that carried a certificate chain; while null, every hello's answer is read on past the
   * ServerHello to its Certificate and ServerKeyExchange messages.
   */
  flight: ServedFlight | null;
  /** Some hello on this host was answered in TLS (a ServerHello or an alert), not only closed, reset or left silent. */
  tlsAnswered?: boolean;
}

/** What the certificate and key checks need from the first answer that carried a chain. */
export interface ServedFlight {
  /** DER, leaf first, as sent. */
  certs: Buffer[];
  /** ServerKeyExchange body ((EC)DHE suites), or null. */
  keyExchange: Buffer | null;
  clientRandom: Buffer;
  serverRandom: Buffer;
  versionCode: number;
  suite: number;
}

/** The flight details of a ServerHello that came with a chain, for the hello that asked (`hello` as sent). */
export function servedFlight(o: HelloOutcome, hello: Buffer): ServedFlight | null {
  if (o.kind !== 'server-hello' || !o.certificates) return null;
  // record header (5), handshake header (4), client_version (2), then the 32-byte random
  return {
    certs: o.certificates,
    keyExchange: o.keyExchange ?? null,
    clientRandom: Buffer.from(hello.subarray(11, 43)),
    serverRandom: o.random,
    versionCode: o.versionCode,
    suite: o.suite,
  };
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
    // EHLO refused: a HELO answer (250 or not) ends it — no extensions, so no STARTTLS (`smtp.helo-only`)
    if (e.reply.code !== 250 || e.verb === 'helo') {
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
  /** `error`: the socket error code when the server reset the connection (ECONNRESET) rather than closing it. */
  | { kind: 'closed'; bytes: number; error?: string }
  | { kind: 'timeout' }
  | { kind: 'dialog-failed'; failure: DialogFailure; throttled: boolean };

/** True when a dialog failure means "busy, come back later" (421 and friends) rather than a real answer. */
export function isThrottled(f: DialogFailure): boolean {
  if (f.kind === 'greeting' || f.kind === 'starttls') return isThrottle(f.reply);
  if (f.kind === 'ehlo') return isThrottle(f.reply);
  return false;
}

/**
 * Reads the server's first TLS flight from a raw socket: ServerHello, alert, close, or the deadline. With
 * `certificate`, a TLS ≤ 1.2 ServerHello is returned with the chain of the Certificate message that follows it in the
 * same flight and the ServerKeyExchange after that (as far as the server sends them within MAX_FLIGHT_BYTES before its
 * ServerHelloDone, a close or the deadline).
 */
export function readServerFlight(sock: Socket, timeoutMs: number, certificate = false): Promise<HelloOutcome> {
  return new Promise((resolve) => {
    // The flight is gathered in a buffer that grows by doubling and parsed again only when a further TLS record is
    // complete: a server that sends its answer a byte at a time costs linear, not quadratic, work.
    let store = Buffer.allocUnsafe(0);
    let length = 0;
    let complete = 0;
    let done = false;
    let hello: Extract<ServerResponse, { kind: 'server-hello' }> | null = null;
    /** The most complete answer so far (the ServerHello, then with its chain): what a close or the deadline returns. */
    let best: Extract<ServerResponse, { kind: 'server-hello' }> | null = null;
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
    const timer = setTimeout(() => finish(best ?? { kind: 'timeout' }), Math.max(1, timeoutMs));
    sock.on('data', (c: Buffer) => {
      if (length + c.length > store.length) {
        const grown = Buffer.allocUnsafe(Math.max(length + c.length, Math.min(2 * store.length, MAX_FLIGHT_BYTES + 65536), 4096));
        store.copy(grown, 0, 0, length);
        store = grown;
      }
      c.copy(store, length);
      length += c.length;
      const before = complete;
      complete = completeRecords(store, length, complete);
      if (complete === before && length < MAX_FLIGHT_BYTES) return; // no new whole record yet
      const buf = store.subarray(0, length);
      if (hello === null) {
        const r = parseServerResponse(buf);
        if (r.kind === 'incomplete') {
          if (length > MAX_HELLO_BYTES) finish({ kind: 'malformed', reason: 'no ServerHello within 64 KiB' });
          return;
        }
        // TLS 1.3 sends its certificate encrypted: only an older version's is readable here
        if (!certificate || r.kind !== 'server-hello' || r.helloRetry || r.versionCode > 0x0303 || r.versionCode < 0x0300) return finish(r);
        hello = r;
        best = r;
      }
      // the chain, then the ServerKeyExchange of the same flight, up to its ServerHelloDone (both decided by 128 KiB)
      const f = parseServerFlight(buf);
      if (f.certificates === null) return finish(hello);
      if (f.certificates === undefined) return;
      best = { ...hello, certificates: f.certificates };
      if (f.keyExchange === undefined) return;
      finish(f.keyExchange ? { ...best, keyExchange: f.keyExchange } : best);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => finish(best ?? { kind: 'closed', bytes: length, ...(e.code ? { error: e.code } : {}) }));
    sock.on('close', () => finish(best ?? { kind: 'closed', bytes: length }));
    sock.resume();
  });
}

/**
 * End offset of the whole TLS records in `buf[0, length)`, walking on from `from` (a record boundary). Anything that
 * is not a TLS record header counts as complete, so the parser sees it and reports it at once.
 */
function completeRecords(buf: Buffer, length: number, from: number): number {
  let at = from;
  while (at + 5 <= length) {
    const len = buf.readUInt16BE(at + 3);
    if (buf[at] === 21 && len === 2) {
      // an alert, whatever its record's version stamp (see gatherHandshake in src/tls/hello.ts)
      if (at + 7 > length) break;
      at += 7;
      continue;
    }
    if (buf[at + 1] !== 3 || len > 18432) return length; // not TLS, or over the record maximum: malformed at once
    const end = at + 5 + len;
    if (end > length) break;
    at = end;
  }
  // SSLv2-style or otherwise unframed first bytes: let the parser judge them
  if (at === 0 && length >= 1 && (buf[0] as number) !== 21 && (buf[0] as number) !== 22) return length;
  return at;
}

/** One connection: STARTTLS dialog, then `hello` on the raw socket, then the server's answer. */
export async function sendHello(ctx: HostContext, hello: Buffer): Promise<HelloOutcome> {
  const d = await dialog(ctx);
  if (d.kind !== 'ok') return { kind: 'dialog-failed', failure: d, throttled: isThrottled(d) };
  return helloOver(ctx, d, hello);
}

/**
 * `hello` on the raw socket of a dialog that got STARTTLS's 220, then the server's answer; while the host has no chain
 * yet, its answer is read on to the chain and key exchange, and the first chain is kept in `ctx.flight`.
 */
export async function helloOver(ctx: HostContext, d: DialogOk, hello: Buffer): Promise<HelloOutcome> {
  const sock = d.client.takeSocket();
  // A short grace keeps a slow server from being read as "refused"; the host deadline still bounds it.
  const wait = Math.min(ctx.timeouts.tlsMs, Math.max(1, ctx.hostEnd - Date.now()));
  sock.write(hello);
  const o = await readServerFlight(sock, wait, ctx.flight === null);
  if (ctx.flight === null) ctx.flight = servedFlight(o, hello);
  if (o.kind === 'server-hello' || o.kind === 'alert') ctx.tlsAnswered = true;
  return o;
}
