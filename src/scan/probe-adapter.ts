// The real probe as a ScanProbe: the probe's own resolver (plan), probeHost and overall verdict, split for dedup.
import { isResolverUnreachable } from '../dns/resolve.js';
import { isMailtlsError } from '../errors.js';
import { finding } from './messages.js';
import type { Finding } from '../findings/types.js';
import { sanitize } from '../net/sanitize.js';
import { overallVerdict, plan, probeHost, type HostProbeOptions } from '../probe/index.js';
import type { HostResult, Resolved, ScanProbe, Verdict } from './types.js';

/**
 * Builds the ScanProbe every real scan and worker uses; a scan's results then equal `probe()` of each target.
 * `depth: 'versions'` is the version check alone (no weak-suite hellos; see `ProbeDepth` in src/probe/host.ts).
 */
export function realProbe(opts: HostProbeOptions): ScanProbe {
  const lang = opts.lang ?? 'en';
  return {
    async resolve(target: string): Promise<Resolved> {
      try {
        const p = await plan(target, opts);
        return {
          target,
          resolution: p.resolution,
          hosts: p.hosts.map((h) => ({ host: h.name ?? h.ip, ip: h.ip, port: h.port, mxPreference: h.mxPreference })),
          findings: p.findings,
        };
      } catch (e) {
        // a DNS server that cannot be reached at all stops the scan (one line, exit 2) instead of failing every target
        if (!isMailtlsError(e) || isResolverUnreachable(e)) throw e;
        return { target, resolution: 'error', hosts: [], findings: [finding('scan.bad-target', lang, { target, reason: sanitize(e.message, 200) })] };
      }
    },
    probeHost(ref) {
      return probeHost({ name: ref.host === ref.ip ? null : ref.host, ip: ref.ip, port: ref.port, mxPreference: ref.mxPreference }, opts);
    },
    aggregate(resolved: Resolved, hosts: HostResult[]): { verdict: Verdict; findings: Finding[] } {
      // the same rule as probe(): nothing testable is a finding of its own, except for a null MX
      const findings = [...resolved.findings];
      const tested = hosts.filter((h) => h.verdict !== 'inconclusive');
      if (resolved.resolution !== 'error' && tested.length === 0 && !findings.some((f) => f.id === 'dns.null-mx')) {
        findings.push(finding('probe.nothing-tested', lang, { target: resolved.target }));
      }
      return { verdict: overallVerdict(hosts.map((h) => h.verdict)), findings };
    },
  };
}
