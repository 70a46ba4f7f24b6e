// DNS for the probe: MX by preference (null MX understood), A and AAAA each on its own, CNAMEs followed, every failure typed.
import type * as dnsPacket from 'dns-packet';
import { isIP } from 'node:net';
import { isMailtlsError, MailtlsError } from '../errors.js';
import { sanitize } from '../net/sanitize.js';
import { ask, RCODE_NAMES, type WireFailureKind } from './wire.js';

/** Caps on attacker-controlled answer sizes (internet.nl MAX_MAILSERVERS = 10); CNAME hops as resolvers allow (8). */
export const DNS_LIMITS = { maxMxHosts: 10, maxAddressesPerHost: 10, maxCnameHops: 8 } as const;

/**
 * Why a lookup has no answer: an rcode the server sent (`servfail`, `refused`, `rcode` for the others), or `timeout`,
 * `malformed`, `truncated` (TC over UDP, TCP failed), `cname-loop` (a loop or a chain over 8 hops).
 */
export type DnsProblemKind = 'servfail' | 'refused' | 'rcode' | WireFailureKind | 'cname-loop';

export interface DnsProblem {
  kind: DnsProblemKind;
  /** What the DNS server answered, for people: `SERVFAIL`, `REFUSED`, `no answer within 5 s`, ... */
  answer: string;
}

/** One record type of one name: `ok` records, `nodata` (name exists, no such record), `nxdomain`, or `failed`. */
export interface RrsetLookup<T> {
  name: string;
  type: string;
  status: 'ok' | 'nodata' | 'nxdomain' | 'failed';
  records: T[];
  /** The CNAME targets followed from `name`, in order (the last one holds the records). */
  cnames: string[];
  problem: DnsProblem | null;
}

export interface MxHost {
  host: string;
  preference: number;
}

export type MxAnswer =
  | { kind: 'mx'; hosts: MxHost[]; total: number }
  | { kind: 'null-mx' }
  /** The name exists (NODATA: no MX record): deliver to its A/AAAA (RFC 5321 §5.1). */
  | { kind: 'none' }
  | { kind: 'nxdomain' }
  /** The MX lookup itself failed (SERVFAIL, REFUSED, timeout, unreadable): nothing can be said about delivery. */
  | { kind: 'failed'; problem: DnsProblem };

export type AddressFamily = 'A' | 'AAAA';

export interface AddressAnswer {
  /** Addresses to probe: IPv4 first, then IPv6, de-duplicated, capped at 10. */
  addresses: string[];
  total: number;
  /**
   * `ok` at least one address; `nxdomain` the name does not exist; `failed` no address and at least one family's lookup
   * failed; `none` the name exists but has neither A nor AAAA.
   */
  status: 'ok' | 'none' | 'nxdomain' | 'failed';
  /** Each family's own lookup: one failing never hides the other. */
  families: Record<AddressFamily, RrsetLookup<string>>;
  /** CNAME targets followed from the name (from the A lookup, else the AAAA lookup). */
  cnames: string[];
}

export interface DnsOptions {
  /** `ip`, `ip:port` or `[v6]:port`; default: the system's resolvers. */
  resolver?: string | undefined;
  /** One deadline per question in ms, UDP retransmissions and a TCP retry included (default 5000). */
  timeoutMs?: number | undefined;
  /** UDP transmissions within that deadline (default 3). */
  tries?: number | undefined;
}

const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');

function rcodeProblem(rcode: number): DnsProblem {
  const name = RCODE_NAMES[rcode] ?? `rcode ${rcode}`;
  return { kind: rcode === 2 ? 'servfail' : rcode === 5 ? 'refused' : 'rcode', answer: name };
}

/** A resolver bound to one server set. Never throws for an answer; throws EDNS when the DNS server cannot be reached at all. */
export class Dns {
  constructor(private readonly o: DnsOptions = {}) {}

  /** The DNS server(s) asked, for messages. */
  get server(): string {
    return this.o.resolver ?? 'the system resolver';
  }

  /**
   * One record type of `name`, following CNAMEs (inside one answer as resolvers send them, and by asking again when a
   * chain stops at a name the answer does not resolve), at most 8 hops.
   */
  async lookup<T>(name: string, type: dnsPacket.RecordType, pick: (a: dnsPacket.Answer) => T | null): Promise<RrsetLookup<T>> {
    const out: RrsetLookup<T> = { name: norm(name), type, status: 'failed', records: [], cnames: [], problem: null };
    const seen = new Set<string>([norm(name)]);
    let current = norm(name);
    for (let round = 0; round <= DNS_LIMITS.maxCnameHops; round++) {
      const r = await ask(current, type, { resolver: this.o.resolver, timeoutMs: this.o.timeoutMs, tries: this.o.tries, dnssec: false });
      if (!r.ok) {
        if (r.kind === 'unreachable')
          throw new MailtlsError('EDNS', `cannot reach the DNS server ${sanitize(r.detail, 120)}: nothing answers there; check --resolver ip:port`, {
            reason: 'resolver-unreachable',
            name,
            type,
          });
        out.problem = { kind: r.kind, answer: sanitize(r.detail, 200) };
        return out;
      }
      const a = r.answer;
      // walk the CNAME chain inside this answer
      let moved = false;
      for (let hop = 0; hop < DNS_LIMITS.maxCnameHops; hop++) {
        const c = a.answers.find((x) => x.type === 'CNAME' && norm(x.name) === current);
        if (!c || a.answers.some((x) => x.type === type && norm(x.name) === current)) break;
        const target = norm(String((c as { data?: unknown }).data ?? ''));
        if (seen.has(target) || out.cnames.length >= DNS_LIMITS.maxCnameHops) {
          out.problem = { kind: 'cname-loop', answer: `CNAME loop or chain longer than ${DNS_LIMITS.maxCnameHops} at ${sanitize(target, 120)}` };
          return out;
        }
        seen.add(target);
        out.cnames.push(target);
        current = target;
        moved = true;
      }
      const recs = a.answers
        .filter((x) => x.type === type && norm(x.name) === current)
        .map(pick)
        .filter((x): x is T => x !== null);
      if (recs.length > 0) {
        out.status = 'ok';
        out.records = recs;
        return out;
      }
      if (a.rcode === 3) {
        out.status = 'nxdomain';
        return out;
      }
      if (a.rcode !== 0) {
        out.problem = rcodeProblem(a.rcode);
        return out;
      }
      // NOERROR without the records: NODATA, unless a chain stopped at a name this answer did not resolve — ask that name
      if (!moved) {
        out.status = 'nodata';
        return out;
      }
    }
    out.problem = { kind: 'cname-loop', answer: `CNAME chain longer than ${DNS_LIMITS.maxCnameHops}` };
    return out;
  }

  /** MX hosts sorted by preference then name, capped at 10; null MX (`0 .`) reported as such. */
  async mx(domain: string): Promise<MxAnswer> {
    const l = await this.lookup(domain, 'MX', (a) => {
      const d = (a as { data?: unknown }).data as { preference?: number; exchange?: string } | undefined;
      return typeof d?.exchange === 'string' && typeof d.preference === 'number' ? { exchange: d.exchange, preference: d.preference } : null;
    });
    if (l.status === 'failed') return { kind: 'failed', problem: l.problem as DnsProblem };
    if (l.status === 'nxdomain') return { kind: 'nxdomain' };
    if (l.status === 'nodata') return { kind: 'none' };
    // RFC 7505: a null MX is a single record with exchange "." (dns-packet decodes it as "" or ".").
    if (l.records.some((r) => norm(r.exchange) === '')) return { kind: 'null-mx' };
    const seen = new Set<string>();
    const hosts: MxHost[] = [];
    for (const r of l.records) {
      const host = norm(r.exchange);
      if (seen.has(host)) continue;
      seen.add(host);
      hosts.push({ host, preference: r.preference });
    }
    hosts.sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
    return { kind: 'mx', hosts: hosts.slice(0, DNS_LIMITS.maxMxHosts), total: hosts.length };
  }

  /** A and AAAA of a host, asked in parallel and judged apart; every address that resolved is kept (capped at 10). */
  async addresses(host: string): Promise<AddressAnswer> {
    const addr =
      (family: 'A' | 'AAAA') =>
      (a: dnsPacket.Answer): string | null => {
        const d = (a as { data?: unknown }).data;
        return a.type === family && typeof d === 'string' && isIP(d) !== 0 ? d.toLowerCase() : null;
      };
    const [v4, v6] = await Promise.all([this.lookup(host, 'A', addr('A')), this.lookup(host, 'AAAA', addr('AAAA'))]);
    const all: string[] = [];
    for (const a of [...v4.records, ...v6.records]) if (!all.includes(a)) all.push(a);
    const status: AddressAnswer['status'] =
      all.length > 0
        ? 'ok'
        : v4.status === 'nxdomain' || v6.status === 'nxdomain'
          ? 'nxdomain'
          : v4.status === 'failed' || v6.status === 'failed'
            ? 'failed'
            : 'none';
    return {
      addresses: all.slice(0, DNS_LIMITS.maxAddressesPerHost),
      total: all.length,
      status,
      families: { A: v4, AAAA: v6 },
      cnames: v4.cnames.length > 0 ? v4.cnames : v6.cnames,
    };
  }
}

/** True when `e` says the DNS server could not be reached at all (the caller should stop, not record a finding). */
export function isResolverUnreachable(e: unknown): boolean {
  return isMailtlsError(e) && e.detail.reason === 'resolver-unreachable';
}
