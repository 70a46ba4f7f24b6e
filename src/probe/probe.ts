// probe(): a target (domain, host, host:port, [ip]:port) → its mail hosts and addresses → probeHost() each → one ProbeResult.
import { finding } from '../findings/catalog.js';
import type { Finding } from '../findings/types.js';
import { isMailtlsError } from '../errors.js';
import type { Lang, Params } from '../i18n/lang.js';
import { classifyAddress, parseTarget } from '../net/address.js';
import { sanitize } from '../net/sanitize.js';
import { DNS_LIMITS, Dns } from '../dns/resolve.js';
import { applyMailPolicies, checkMailPolicies } from './dane/policies.js';
import { probeHost, type HostTarget } from './host.js';
import type { HostResult, ProbeOptions, ProbeResult } from './types.js';
import { overallVerdict } from './verdict.js';

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
  const add = (id: string, params: Params): void => {
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
  const dns = new Dns({ ...(opts.resolver ? { resolver: opts.resolver } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const addressesOf = async (name: string, pref: number | null): Promise<void> => {
    try {
      const a = await dns.addresses(name);
      if (a.status === 'nxdomain' && pref === null) add('dns.nxdomain', { name });
      else if (a.addresses.length === 0) add('dns.no-address', { host: name });
      if (a.total > a.addresses.length) add('dns.addresses-capped', { host: name, total: a.total, max: DNS_LIMITS.maxAddressesPerHost });
      for (const ip of a.addresses) admit(name, ip, pref, hosts);
    } catch (e) {
      if (!isMailtlsError(e)) throw e;
      add('dns.lookup-failed', { reason: sanitize(e.message, 300) });
    }
  };
  if (t.port !== null) {
    await addressesOf(t.host, null);
    return { resolution: hosts.length > 0 || findings.length > 0 ? 'host' : 'unresolved', hosts, findings };
  }
  let mx;
  try {
    mx = await dns.mx(t.host);
  } catch (e) {
    if (!isMailtlsError(e)) throw e;
    add('dns.lookup-failed', { reason: sanitize(e.message, 300) });
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
  for (const h of mx.hosts) await addressesOf(h.host, h.preference);
  return { resolution: 'mx', hosts, findings };
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
      perIp.set(key, run.catch(() => undefined));
      const r = await run;
      results[i] = r;
      opts.onHost?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HOST_CONCURRENCY, p.hosts.length) }, worker));
  const findings = [...p.findings];
  const tested = results.filter((r) => r.verdict !== 'inconclusive');
  if (tested.length === 0 && !p.findings.some((f) => f.id === 'dns.null-mx')) findings.push(finding('probe.nothing-tested', lang, { target: parseTarget(target).input }));
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
