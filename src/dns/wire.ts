// A DNS stub on the wire (dns-packet): one question over UDP (retransmitted), TCP when the answer is truncated, one deadline, capped.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
// the default export: node:dns's setServers() swaps the default resolver, which named ESM imports do not follow
import nodeDns from 'node:dns';
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { MailtlsError } from '../errors.js';
import { hostPort, parseServerAddress } from '../net/address.js';

/** Caps on hostile answers: a DNS message over TCP is at most 65535 bytes; we ask for at most 1232 over UDP (DNS flag day 2020). */
export const WIRE_LIMITS = { ednsUdpSize: 1232, maxTcpBytes: 65_535, maxAnswers: 1000, defaultDeadlineMs: 5000, udpSends: 3 } as const;

export const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** One decoded answer that belongs to our question. */
export interface WireAnswer {
  /** 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ... */
  rcode: number;
  /** The AD (authentic data) bit: the resolver validated the answer with DNSSEC. */
  authenticated: boolean;
  answers: dnsPacket.Answer[];
  transport: 'udp' | 'tcp';
  /** The server that answered, `ip:port`. */
  server: string;
}

/**
 * Why a question got no usable answer: `timeout` nothing within the deadline; `malformed` only unreadable or mismatched
 * bytes came back; `truncated` a TC answer over UDP and TCP then failed; `unreachable` every server refused (ICMP).
 */
export type WireFailureKind = 'timeout' | 'malformed' | 'truncated' | 'unreachable';

export type WireResult = { ok: true; answer: WireAnswer } | { ok: false; kind: WireFailureKind; detail: string };

export interface WireOptions {
  /** `ip`, `ip:port` or `[v6]:port`; default: the system's resolvers (tried in turn). */
  resolver?: string | undefined;
  /** One deadline for the whole question, UDP retransmissions and a TCP retry included (default 5000 ms). */
  timeoutMs?: number | undefined;
  /** UDP transmissions within the deadline (default 3, evenly spaced). */
  tries?: number | undefined;
  /** Set the DNSSEC OK bit and ask for the AD bit (DANE). Default true. */
  dnssec?: boolean | undefined;
}

/** The servers to ask: the given one, else the system's. Throws EDNS when there is none. */
export function serversOf(resolver?: string): { host: string; port: number }[] {
  if (resolver) return [parseServerAddress(resolver)];
  const list = nodeDns
    .getServers()
    .slice(0, 3)
    .map((s) => parseServerAddress(s));
  if (list.length === 0) throw new MailtlsError('EDNS', 'no DNS server configured on this machine (use --resolver ip:port)', { reason: 'no-resolver' });
  return list;
}

function encodeQuery(id: number, name: string, type: dnsPacket.RecordType, dnssec: boolean): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED | (dnssec ? dnsPacket.AUTHENTIC_DATA : 0),
    questions: [{ type, name, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: WIRE_LIMITS.ednsUdpSize,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: dnssec ? dnsPacket.DNSSEC_OK : 0,
        flag_do: dnssec,
        options: [],
      },
    ],
  });
}

/** Errors of a connected UDP socket that say nothing listens at the server's address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

const normName = (n: string): string => n.toLowerCase().replace(/\.$/, '');

/** Decodes bytes and checks they answer our question (id, QR, name, type). */
function check(
  raw: Buffer,
  id: number,
  name: string,
  type: string,
): { answer: Omit<WireAnswer, 'transport' | 'server'>; truncated: boolean } | { bad: string } {
  // bytes that do not even carry our query id are someone else's (or noise): ignored, remembered as unreadable
  if (raw.length < 2 || raw.readUInt16BE(0) !== id) return { bad: 'answer with another query id' };
  let p: dnsPacket.DecodedPacket;
  try {
    p = dnsPacket.decode(raw);
  } catch (e) {
    return { bad: `unreadable answer (${(e as Error).message.slice(0, 80)})` };
  }
  const q = p.questions?.[0];
  if (p.type !== 'response') return { bad: 'a query instead of an answer' };
  const f = p.flags ?? 0;
  const truncated = Boolean(f & dnsPacket.TRUNCATED_RESPONSE);
  // a truncated answer may drop the question section; anything else must repeat it
  if (!truncated && (!q || normName(q.name) !== normName(name) || q.type !== type)) return { bad: 'answer to another question' };
  return {
    answer: { rcode: f & 0xf, authenticated: Boolean(f & dnsPacket.AUTHENTIC_DATA), answers: (p.answers ?? []).slice(0, WIRE_LIMITS.maxAnswers) },
    truncated,
  };
}

/**
 * Asks one question; never throws for what the network or a server does (a failure is `ok: false`). UDP is sent
 * `tries` times within the deadline (to the next system server each time), the first fitting answer wins; a TC answer
 * is asked again over TCP in the time left.
 */
export async function ask(name: string, type: dnsPacket.RecordType, o: WireOptions = {}): Promise<WireResult> {
  const servers = serversOf(o.resolver);
  const deadlineMs = Math.max(50, o.timeoutMs ?? WIRE_LIMITS.defaultDeadlineMs);
  const tries = Math.max(1, Math.min(10, o.tries ?? WIRE_LIMITS.udpSends));
  const end = Date.now() + deadlineMs;
  const id = randomInt(0, 65536);
  const msg = encodeQuery(id, name, type, o.dnssec !== false);

  const udp = await new Promise<
    | { kind: 'answer'; raw: { answer: Omit<WireAnswer, 'transport' | 'server'>; truncated: boolean }; server: { host: string; port: number } }
    | { kind: WireFailureKind; detail: string }
  >((resolve) => {
    // one connected socket per server (a connected UDP socket hears ICMP "port unreachable"); retransmissions reuse it
    const sockets = new Map<number, UdpSocket>();
    const dead = new Set<number>();
    const connected = new Set<number>();
    /** Sends waiting for a socket's connect. */
    const pending = new Map<number, number>();
    const timers: NodeJS.Timeout[] = [];
    let sent = 0;
    let lastBad: string | null = null;
    let lastUnreachable = '';
    let lastLocal: string | null = null;
    let settled = false;
    const finish = (r: Parameters<typeof resolve>[0]): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      for (const s of sockets.values()) {
        try {
          s.close();
        } catch {
          /* closed */
        }
      }
      resolve(r);
    };
    const socketFor = (i: number): UdpSocket => {
      const server = servers[i] as { host: string; port: number };
      const have = sockets.get(i);
      if (have) return have;
      const s = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
      sockets.set(i, s);
      s.on('message', (d) => {
        const c = check(d, id, name, type);
        if ('bad' in c) {
          lastBad = c.bad;
          return;
        }
        finish({ kind: 'answer', raw: c, server });
      });
      s.on('error', (e: NodeJS.ErrnoException) => {
        if (!UNREACHABLE.has(e.code ?? '')) {
          // a local failure (out of file descriptors, ...) is not the server's fault: wait for the other tries
          lastLocal = e.code ?? e.message;
          return;
        }
        dead.add(i);
        lastUnreachable = `${hostPort(server.host, server.port)} (${e.code})`;
        if (dead.size >= servers.length) finish({ kind: 'unreachable', detail: lastUnreachable });
        else send();
      });
      s.connect(server.port, server.host, () => {
        connected.add(i);
        const n = pending.get(i) ?? 0;
        pending.delete(i);
        for (let k = 0; k < n; k++)
          s.send(msg, (e) => {
            if (e) s.emit('error', e);
          });
      });
      return s;
    };
    const send = (): void => {
      if (settled || sent >= tries) return;
      // the next server that has not refused, in turn
      let i = sent % servers.length;
      for (let k = 0; k < servers.length && dead.has(i); k++) i = (i + 1) % servers.length;
      sent++;
      let s: UdpSocket;
      try {
        s = socketFor(i);
      } catch (e) {
        lastLocal = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        return;
      }
      const go = (): void => {
        s.send(msg, (e) => {
          if (e) s.emit('error', e);
        });
      };
      if (connected.has(i)) go();
      else pending.set(i, (pending.get(i) ?? 0) + 1);
    };
    const timeoutDetail = (): string =>
      lastBad ?? (lastLocal ? `no answer within ${seconds(deadlineMs)} (local error ${lastLocal})` : `no answer within ${seconds(deadlineMs)}`);
    timers.push(setTimeout(() => finish({ kind: lastBad ? 'malformed' : 'timeout', detail: timeoutDetail() }), deadlineMs));
    for (let i = 1; i < tries; i++) timers.push(setTimeout(send, Math.floor((deadlineMs * i) / tries)));
    send();
  });
  if (udp.kind !== 'answer') return { ok: false, kind: udp.kind, detail: udp.detail };
  const server = hostPort(udp.server.host, udp.server.port);
  if (!udp.raw.truncated) return { ok: true, answer: { ...udp.raw.answer, transport: 'udp', server } };
  const left = Math.max(end - Date.now(), Math.min(1000, deadlineMs));
  try {
    const raw = await sendTcp(udp.server, msg, left);
    const c = check(raw, id, name, type);
    if ('bad' in c) return { ok: false, kind: 'truncated', detail: `truncated answer over UDP; over TCP: ${c.bad}` };
    return { ok: true, answer: { ...c.answer, transport: 'tcp', server } };
  } catch (e) {
    return { ok: false, kind: 'truncated', detail: `truncated answer over UDP; over TCP: ${(e as Error).message}` };
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sendTcp(server: { host: string; port: number }, msg: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let got = 0;
    const done = (err: Error | null, d?: Buffer): void => {
      clearTimeout(t);
      s.destroy();
      if (err) reject(err);
      else resolve(d as Buffer);
    };
    const t = setTimeout(() => done(new Error(`no answer within ${seconds(timeoutMs)}`)), timeoutMs);
    s.on('connect', () => {
      const hdr = Buffer.alloc(2);
      hdr.writeUInt16BE(msg.length);
      s.write(Buffer.concat([hdr, msg]));
    });
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got > WIRE_LIMITS.maxTcpBytes + 2) return done(new Error('answer larger than 64 KiB'));
      const buf = Buffer.concat(chunks);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(null, buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    s.on('end', () => done(new Error('connection closed before a whole answer')));
    s.on('error', (e: NodeJS.ErrnoException) => done(new Error(e.code ?? e.message)));
  });
}
