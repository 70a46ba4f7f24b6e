// Raw DNS queries (dns-packet) for DANE/MTA-STS/TLS-RPT: the AD bit, TLSA and TXT, UDP with TCP fallback on TC, capped and bounded.
import { createSocket } from 'node:dgram';
import { getServers } from 'node:dns';
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { MailtlsError } from '../../errors.js';
import { parseServerAddress } from '../../net/address.js';

/** What one answered query says: rcode, whether the resolver called it DNSSEC-authenticated, and its records. */
export interface DnsAnswer {
  /** 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ... */
  rcode: number;
  /** The AD (authentic data) bit: the resolver validated the answer with DNSSEC. */
  authenticated: boolean;
  answers: dnsPacket.Answer[];
  transport: 'udp' | 'tcp';
}

export interface QueryOptions {
  /** `ip`, `ip:port` or `[v6]:port`; default: the system's first resolver. */
  resolver?: string | undefined;
  /** Deadline per attempt in ms (default 5000). */
  timeoutMs?: number;
  /** UDP attempts before giving up (default 2). */
  tries?: number;
}

/** Caps on hostile answers: a DNS message over TCP is at most 65535 bytes; we ask for at most 1232 over UDP (DNS flag day 2020). */
export const QUERY_LIMITS = { ednsUdpSize: 1232, maxTcpBytes: 65_535, maxAnswers: 100 } as const;

export const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/** The resolver to ask: the given one, else the first of the system's. */
export function resolverAddress(resolver?: string): { host: string; port: number } {
  const r = resolver ?? getServers()[0];
  if (!r) throw new MailtlsError('EDNS', 'no DNS server configured (use --resolver ip:port)');
  return parseServerAddress(r);
}

/** Sends one question (RD, AD and EDNS DO set, so a validating resolver reports the AD bit); retries over TCP on TC. */
export async function query(name: string, type: dnsPacket.RecordType, o: QueryOptions = {}): Promise<DnsAnswer> {
  const server = resolverAddress(o.resolver);
  const timeoutMs = o.timeoutMs ?? 5000;
  const tries = Math.max(1, o.tries ?? 2);
  let lastErr: Error | null = null;
  for (let i = 0; i < tries; i++) {
    const id = randomInt(0, 65536);
    const msg = encodeQuery(id, name, type);
    try {
      const udp = check(await sendUdp(server, msg, timeoutMs), id, name, type);
      if (!udp.truncated) return { ...udp.answer, transport: 'udp' };
      const tcp = check(await sendTcp(server, msg, timeoutMs), id, name, type);
      return { ...tcp.answer, transport: 'tcp' };
    } catch (e) {
      lastErr = e as Error;
      if (!/timeout/i.test(lastErr.message)) break;
    }
  }
  throw new MailtlsError('EDNS', `cannot look up ${type} for ${name}: ${lastErr?.message ?? 'no answer'}`, { name, type });
}

function encodeQuery(id: number, name: string, type: dnsPacket.RecordType): Buffer {
  return dnsPacket.encode({
    type: 'query', id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type, name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: QUERY_LIMITS.ednsUdpSize, extendedRcode: 0, ednsVersion: 0, flags: dnsPacket.DNSSEC_OK, flag_do: true, options: [] }],
  });
}

/** Decodes and checks an answer belongs to our question (id, name, type); a mismatch is treated as no answer. */
function check(raw: Buffer, id: number, name: string, type: string): { answer: Omit<DnsAnswer, 'transport'>; truncated: boolean } {
  let p: dnsPacket.DecodedPacket;
  try {
    p = dnsPacket.decode(raw);
  } catch (e) {
    throw new Error(`unreadable DNS answer (${(e as Error).message})`);
  }
  const q = p.questions?.[0];
  if (p.id !== id || !q || q.name.toLowerCase().replace(/\.$/, '') !== name.toLowerCase().replace(/\.$/, '') || q.type !== type)
    throw new Error('DNS answer does not match the question');
  const f = p.flags ?? 0;
  return {
    answer: { rcode: f & 0xf, authenticated: Boolean(f & dnsPacket.AUTHENTIC_DATA), answers: (p.answers ?? []).slice(0, QUERY_LIMITS.maxAnswers) },
    truncated: Boolean(f & dnsPacket.TRUNCATED_RESPONSE),
  };
}

function sendUdp(server: { host: string; port: number }, msg: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    const done = (err: Error | null, d?: Buffer): void => {
      clearTimeout(t);
      try { s.close(); } catch { /* closed */ }
      if (err) reject(err);
      else resolve(d as Buffer);
    };
    const t = setTimeout(() => done(new Error('timeout (UDP)')), timeoutMs);
    s.on('message', (d, rinfo) => {
      if (rinfo.port === server.port && d.length >= 12 && d.readUInt16BE(0) === msg.readUInt16BE(0)) done(null, d);
    });
    s.on('error', (e) => done(e));
    s.send(msg, server.port, server.host);
  });
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
    const t = setTimeout(() => done(new Error('timeout (TCP)')), timeoutMs);
    s.on('connect', () => {
      const hdr = Buffer.alloc(2);
      hdr.writeUInt16BE(msg.length);
      s.write(Buffer.concat([hdr, msg]));
    });
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got > QUERY_LIMITS.maxTcpBytes + 2) return done(new Error('DNS/TCP answer too large'));
      const buf = Buffer.concat(chunks);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(null, buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    s.on('end', () => done(new Error('DNS/TCP connection closed early')));
    s.on('error', (e) => done(e));
  });
}

/** TXT strings of each record (each record's character-strings joined, as RFC 8461 §3.1 says), decoded as UTF-8. */
export function txtRecords(a: DnsAnswer): string[] {
  const out: string[] = [];
  for (const r of a.answers) {
    if (r.type !== 'TXT') continue;
    const data = r.data as unknown as (Buffer | string)[] | Buffer | string;
    const parts = Array.isArray(data) ? data : [data];
    out.push(parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join(''));
  }
  return out;
}
