// probe(): a target (domain, host, host:port, [ip]:port) → its mail hosts and addresses → probeHost() each → one ProbeResult.
import { finding, type FindingId } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang, Params } from '../i18n/lang.js';
import { classifyAddress, parseTarget } from '../net/address.js';
import { DNS_LIMITS, Dns, type AddressAnswer } from '../dns/resolve.js';
import { hostsFileAddresses } from '../dns/hosts.js';
import { applyMailPolicies, checkMailPolicies } from './transport-policy/policies.js';
import { probeHost, type HostTarget } from './host.js';
import type { HostResult, ProbeOptions, ProbeResult } from './types.js';
import { overallVerdict } from './verdict.js';
import { applyOutboundConnector } from './connector.js';

/** Hosts probed in parallel (different addresses); each address still gets one connection at a time. */
export const HOST_CONCURRENCY = 4;

interface Plan {
  resolution: ProbeResult['resolution'];
  hosts: HostTarget[];
  findings: Finding[];
}

/** Resolves a target into the addresses to probe, with DNS findings (never throws for DNS answers; EUSAGE for bad input). */
export async function plan(targetText: string, opts: ProbeOptions = {}): Promise<Plan> {
  const lang: Lang = opts.lang ?? 'en';
  const t = parseTarget(targetText);
  const port = t.port ?? opts.port ?? 25;
  const findings: Finding[] = [];
  const add = (id: FindingId, params: Params): void => {
    findings.push(finding(id, lang, params));
  };
  const admit = (name: string | null, ip: string, pref: number | null, out: HostTarget[]): void => {
    const cls = classifyAddress(ip);
    if (cls !== 'public' && !opts.allowPrivate) add('dns.address-refused', { host: name ?? ip, ip, class: cls });
    else out.push({ name, ip, port, mxPreference: pref });
  };
  const hosts: HostTarget[] = [];
  if (t.kind === 'ip') {
    admit(null, t.host, null, hosts);
    return { resolution: 'ip', hosts, findings };
  }
  // --timeout covers the DNS lookups too (per query try)
  const dns = new Dns({ resolver: opts.resolver, timeoutMs: dnsTimeoutMs(opts) });
  const addressesOf = async (name: string, pref: number | null): Promise<void> => {
    const a = await dns.addresses(name);
    for (const f of addressFindings(name, pref, a)) add(f.id, f.params);
    if (a.total > a.addresses.length) add('dns.addresses-capped', { host: name, total: a.total, max: DNS_LIMITS.maxAddressesPerHost });
    for (const ip of a.addresses) admit(name, ip, pref, hosts);
  };
  if (t.port !== null) {
    // A host given with its port is looked up as the system does it: the hosts file first, then DNS (the MX of a
    // domain is DNS only, as for a sending MTA).
    const local = await hostsFileAddresses(t.host, opts.hostsFile);
    if (local) {
      for (const ip of local) admit(t.host, ip, null, hosts);
      return { resolution: 'host', hosts, findings };
    }
    await addressesOf(t.host, null);
    return { resolution: hosts.length > 0 || findings.length > 0 ? 'host' : 'unresolved', hosts, findings };
  }
  const mx = await dns.mx(t.host);
  if (mx.kind === 'failed') {
    add('dns.mx-lookup-failed', { name: t.host, answer: mx.problem.answer });
    return { resolution: 'unresolved', hosts, findings };
  }
  if (mx.kind === 'nxdomain') {
    add('dns.nxdomain', { name: t.host });
    return { resolution: 'unresolved', hosts, findings };
  }
  if (mx.kind === 'null-mx') {
    add('dns.null-mx', { name: t.host });
    return { resolution: 'null-mx', hosts, findings };
  }
  if (mx.kind === 'none') {
    add('dns.a-fallback', { name: t.host });
    await addressesOf(t.host, null);
    return { resolution: 'a-fallback', hosts, findings };
  }
  if (mx.total > mx.hosts.length) add('dns.mx-capped', { name: t.host, total: mx.total, max: DNS_LIMITS.maxMxHosts });
  // every MX host's A and AAAA at once (each lookup has its own deadline); findings and hosts in MX order
  const plans = await Promise.all(mx.hosts.map(async (h) => ({ h, a: await dns.addresses(h.host) })));
  for (const { h, a } of plans) {
    for (const f of addressFindings(h.host, h.preference, a)) add(f.id, f.params);
    if (a.total > a.addresses.length) add('dns.addresses-capped', { host: h.host, total: a.total, max: DNS_LIMITS.maxAddressesPerHost });
    for (const ip of a.addresses) admit(h.host, ip, h.preference, hosts);
  }
  return { resolution: 'mx', hosts, findings };
}

/** The DNS deadline per question: --timeout when given (each lookup is one step), else 5 s. */
export function dnsTimeoutMs(opts: ProbeOptions): number {
  return opts.timeoutMs ? Math.max(100, opts.timeoutMs) : 5000;
}

/**
 * What the A/AAAA answers of one host say, as findings: a failed family is a warning when the other gave addresses
 * (those are probed) and an error when no address could be had; a CNAME behind an MX is reported; NXDOMAIN and
 * NODATA are told apart.
 */
export function addressFindings(name: string, pref: number | null, a: AddressAnswer): { id: FindingId; params: Params }[] {
  const out: { id: FindingId; params: Params }[] = [];
  const isMx = pref !== null;
  if (isMx && a.cnames.length > 0)
    out.push({ id: 'dns.mx-cname', params: { host: name, target: a.cnames[a.cnames.length - 1] as string, chain: [name, ...a.cnames].join(' → ') } });
  const families = [a.families.A, a.families.AAAA];
  if (a.status === 'ok') {
    for (const l of families) {
      const other = l === a.families.A ? 'IPv6' : 'IPv4';
      if (l.status === 'failed')
        out.push({ id: 'dns.address-lookup-failed', params: { host: name, type: l.type, answer: l.problem?.answer ?? 'no answer', other } });
      // NXDOMAIN for one type while the other has records: the server contradicts itself (RFC 8020)
      else if (l.status === 'nxdomain')
        out.push({ id: 'dns.address-lookup-failed', params: { host: name, type: l.type, answer: 'NXDOMAIN although the name has other records', other } });
    }
    return out;
  }
  if (a.status === 'nxdomain') out.push(isMx ? { id: 'dns.mx-host-nxdomain', params: { host: name } } : { id: 'dns.nxdomain', params: { name } });
  else if (a.status === 'failed') {
    const why = families
      .map((l) => `${l.type}: ${l.status === 'failed' ? (l.problem?.answer ?? 'no answer') : l.status === 'nodata' ? 'no record' : l.status}`)
      .join('; ');
    out.push({ id: 'dns.host-lookup-failed', params: { host: name, answers: why } });
  } else out.push({ id: 'dns.no-address', params: { host: name } });
  return out;
}

/**
 * Probes every mail host of a target. Hosts run in parallel (4 at a time) but one connection at a time per IP address.
 * Never throws for what DNS or a server does; throws MailtlsError EUSAGE for a malformed target or option.
 */
export async function probe(target: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const start = Date.now();
  const lang: Lang = opts.lang ?? 'en';
  const p = await plan(target, opts);
  const results: HostResult[] = new Array<HostResult>(p.hosts.length);
  const perIp = new Map<string, Promise<unknown>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < p.hosts.length) {
      const i = next++;
      const h = p.hosts[i] as HostTarget;
      const key = `${h.ip}`;
      const before = perIp.get(key) ?? Promise.resolve();
      const run = before.then(() => probeHost(h, opts));
      perIp.set(
        key,
        run.catch(() => undefined),
      );
      const r = await run;
      results[i] = r;
      opts.onHost?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HOST_CONCURRENCY, p.hosts.length) }, worker));
  if (opts.connector) applyOutboundConnector(results, opts.connector, lang);
  const findings = [...p.findings];
  const tested = results.filter((r) => r.verdict !== 'inconclusive');
  if (tested.length === 0 && !p.findings.some((f) => f.id === 'dns.null-mx'))
    findings.push(finding('probe.nothing-tested', lang, { target: parseTarget(target).input }));
  const out: ProbeResult = {
    target: parseTarget(target).input,
    resolution: p.resolution,
    hosts: results,
    findings,
    verdict: overallVerdict(results.map((r) => r.verdict)),
  };
  // DANE, MTA-STS and TLS-RPT apply to mail domains (MX or A fallback), not to a host:port or an address.
  if ((p.resolution === 'mx' || p.resolution === 'a-fallback') && (opts.dane !== false || opts.mtaSts !== false))
    applyMailPolicies(out, await checkMailPolicies(parseTarget(target).host, results, opts));
  out.elapsedMs = Date.now() - start;
  return out;
}

export { probeHost };
