// DNS for the probe: MX by preference (null MX understood), A/AAAA, a chosen server (--resolver ip:port), capped answers.
import { Resolver } from 'node:dns/promises';
import { MailtlsError } from '../errors.js';
import { hostPort, parseServerAddress } from '../net/address.js';

/** Caps on attacker-controlled answer sizes (internet.nl MAX_MAILSERVERS = 10). */
export const DNS_LIMITS = { maxMxHosts: 10, maxAddressesPerHost: 10 } as const;

export interface MxHost {
  host: string;
  preference: number;
}

export type MxAnswer =
  | { kind: 'mx'; hosts: MxHost[]; total: number }
  | { kind: 'null-mx' }
  /** The name exists (or the lookup said "no data"), but has no MX: deliver to its A/AAAA (RFC 5321 §5.1). */
  | { kind: 'none' }
  | { kind: 'nxdomain' };

export interface AddressAnswer {
  addresses: string[];
  total: number;
  /** `nxdomain` when the name does not exist; `none` when it has no A/AAAA. */
  status: 'ok' | 'none' | 'nxdomain';
}

export interface DnsOptions {
  /** `ip`, `ip:port` or `[v6]:port`; default: the system's resolvers. */
  resolver?: string;
  /** Per-query timeout in ms (default 5000) and tries (default 2). */
  timeoutMs?: number;
  tries?: number;
}

const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

/** A resolver bound to one server set; every failure other than "no such data" throws EDNS with the name. */
export class Dns {
  private readonly r: Resolver;
  constructor(o: DnsOptions = {}) {
    this.r = new Resolver({ timeout: o.timeoutMs ?? 5000, tries: o.tries ?? 2 });
    if (o.resolver) {
      const { host, port } = parseServerAddress(o.resolver);
      this.r.setServers([hostPort(host, port)]);
    }
  }

  /** MX hosts sorted by preference then name, capped at 10; null MX (`0 .`) reported as such. */
  async mx(domain: string): Promise<MxAnswer> {
    let recs: { exchange: string; priority: number }[];
    try {
      recs = await this.r.resolveMx(domain);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'ENOTFOUND') return { kind: 'nxdomain' };
      if (NO_DATA.has(code)) return { kind: 'none' };
      throw dnsError(domain, 'MX', code);
    }
    if (recs.length === 0) return { kind: 'none' };
    // RFC 7505: a null MX is a single record with exchange "." (node reports it as "").
    if (recs.some((r) => r.exchange === '' || r.exchange === '.')) return { kind: 'null-mx' };
    const seen = new Set<string>();
    const hosts: MxHost[] = [];
    for (const r of recs) {
      const host = r.exchange.toLowerCase().replace(/\.$/, '');
      if (seen.has(host)) continue;
      seen.add(host);
      hosts.push({ host, preference: r.priority });
    }
    hosts.sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
    return { kind: 'mx', hosts: hosts.slice(0, DNS_LIMITS.maxMxHosts), total: hosts.length };
  }

  /** Every A then AAAA address of a host (de-duplicated), capped at 10. */
  async addresses(host: string): Promise<AddressAnswer> {
    const out: string[] = [];
    let nx = 0;
    for (const rr of ['A', 'AAAA'] as const) {
      try {
        const list = rr === 'A' ? await this.r.resolve4(host) : await this.r.resolve6(host);
        for (const a of list) if (!out.includes(a)) out.push(a);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (code === 'ENOTFOUND') nx++;
        else if (!NO_DATA.has(code)) throw dnsError(host, rr, code);
      }
    }
    return {
      addresses: out.slice(0, DNS_LIMITS.maxAddressesPerHost),
      total: out.length,
      status: out.length > 0 ? 'ok' : nx === 2 ? 'nxdomain' : 'none',
    };
  }
}

function dnsError(name: string, type: string, code: string): MailtlsError {
  const why = code === 'ETIMEOUT' ? 'the DNS server did not answer in time' : code === 'ESERVFAIL' ? 'the DNS server failed (SERVFAIL)' : code === 'ECONNREFUSED' ? 'the DNS server refused the connection' : code || 'lookup failed';
  return new MailtlsError('EDNS', `cannot look up ${type} for ${name}: ${why}`, { name, type, cause: code });
}
