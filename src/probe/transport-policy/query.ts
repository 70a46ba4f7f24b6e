// Raw DNS queries for DANE/MTA-STS/TLS-RPT: the AD bit, TLSA and TXT, over the shared stub (src/dns/wire.ts: UDP, TCP on TC).
import type * as dnsPacket from 'dns-packet';
import { ask, RCODE_NAMES, WIRE_LIMITS } from '../../dns/wire.js';
import { MailtlsError } from '../../errors.js';
import { sanitize } from '../../net/sanitize.js';

export { RCODE_NAMES };

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
  /** `ip`, `ip:port` or `[v6]:port`; default: the system's resolvers. */
  resolver?: string | undefined;
  /** One deadline for the question, retransmissions and a TCP retry included (default 5000 ms). */
  timeoutMs?: number;
  /** UDP transmissions within that deadline (default 3). */
  tries?: number;
}

/** Caps on hostile answers (the stub's). */
export const QUERY_LIMITS = { ednsUdpSize: WIRE_LIMITS.ednsUdpSize, maxTcpBytes: WIRE_LIMITS.maxTcpBytes, maxAnswers: 100 } as const;

/**
 * Sends one question (RD, AD and EDNS DO set, so a validating resolver reports the AD bit); retries over TCP on TC.
 * An answer with any rcode is returned; no answer at all (timeout, unreadable, unreachable) throws EDNS.
 */
export async function query(name: string, type: dnsPacket.RecordType, o: QueryOptions = {}): Promise<DnsAnswer> {
  const r = await ask(name, type, { resolver: o.resolver, timeoutMs: o.timeoutMs, tries: o.tries, dnssec: true });
  if (!r.ok) throw new MailtlsError('EDNS', `cannot look up ${type} for ${sanitize(name, 200)}: ${sanitize(r.detail, 200)}`, { name, type, kind: r.kind });
  const { server: _server, answers, ...a } = r.answer;
  return { ...a, answers: answers.slice(0, QUERY_LIMITS.maxAnswers) };
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
