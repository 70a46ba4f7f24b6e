// A deterministic in-process ScanProbe for unit tests: domains map to MX hosts, each IP has a scripted behaviour.
import type { HostResult, Verdict } from '../../src/probe/types.js';
import type { DomainHost, Resolved, ScanProbe } from '../../src/scan/types.js';

export type Behaviour = 'modern' | 'legacy' | 'busy' | 'busy-once' | 'throws';

export interface FakeWorld {
  /** domain → its MX hosts */
  mx: Map<string, DomainHost[]>;
  /** ip → behaviour */
  behaviour: Map<string, Behaviour>;
}

/** Builds a world of `domains` domains over `ips` IPs; `shared` domains all use one provider MX host. */
export function makeWorld(domains: number, ips: number): FakeWorld {
  const mx = new Map<string, DomainHost[]>();
  const behaviour = new Map<string, Behaviour>();
  const kinds: Behaviour[] = ['modern', 'modern', 'legacy', 'modern'];
  for (let i = 0; i < ips; i++) behaviour.set(`127.0.3.${i + 1}`, kinds[i % kinds.length] as Behaviour);
  for (let d = 0; d < domains; d++) {
    const ip = `127.0.3.${(d % ips) + 1}`;
    const hosts: DomainHost[] =
      d % 3 === 0 ? [{ host: `mx.provider${d % ips}.test`, ip, port: 25, mxPreference: 10 }] : [{ host: `mx.d${d}.test`, ip, port: 25, mxPreference: 10 }];
    mx.set(`d${d}.test`, hosts);
  }
  return { mx, behaviour };
}

export interface FakeStats {
  probes: Map<string, number>;
  maxPerIp: Map<string, number>;
  maxOverall: number;
}

/** The fake probe plus counters the tests assert on. */
export function fakeProbe(world: FakeWorld, delayMs = 2): { probe: ScanProbe; stats: FakeStats } {
  const stats: FakeStats = { probes: new Map(), maxPerIp: new Map(), maxOverall: 0 };
  const active = new Map<string, number>();
  let overall = 0;
  const probe: ScanProbe = {
    async resolve(target: string): Promise<Resolved> {
      await new Promise((r) => setTimeout(r, 0));
      const hosts = world.mx.get(target);
      if (!hosts) return { target, resolution: 'error', hosts: [], findings: [{ id: 'dns.nxdomain', severity: 'error', message: `${target} does not exist` }] };
      return { target, resolution: 'mx', hosts, findings: [] };
    },
    async probeHost(ref: DomainHost): Promise<HostResult> {
      const key = `${ref.host}|${ref.ip}`;
      stats.probes.set(key, (stats.probes.get(key) ?? 0) + 1);
      const n = (active.get(ref.ip) ?? 0) + 1;
      active.set(ref.ip, n);
      overall++;
      stats.maxPerIp.set(ref.ip, Math.max(stats.maxPerIp.get(ref.ip) ?? 0, n));
      stats.maxOverall = Math.max(stats.maxOverall, overall);
      try {
        await new Promise((r) => setTimeout(r, delayMs));
        let b = world.behaviour.get(ref.ip) ?? 'modern';
        if (b === 'throws') throw new Error('boom');
        if (b === 'busy-once') b = (stats.probes.get(key) ?? 0) > 1 ? 'modern' : 'busy';
        return hostResult(ref, b);
      } finally {
        active.set(ref.ip, (active.get(ref.ip) ?? 1) - 1);
        overall--;
      }
    },
  };
  return { probe, stats };
}

function hostResult(ref: DomainHost, b: Behaviour): HostResult {
  const busy = b === 'busy';
  const legacy = b === 'legacy';
  const verdict: Verdict = busy ? 'inconclusive' : legacy ? 'fail' : 'pass';
  return {
    host: ref.host,
    ip: ref.ip,
    port: ref.port,
    mxPreference: ref.mxPreference,
    smtp: { banner: busy ? '421 4.7.0 too many connections' : `220 ${ref.host} ESMTP`, ehlo: [], starttls: busy ? 'failed' : 'offered' },
    tls: {
      versions: {
        SSLv3: busy ? null : false,
        'TLSv1.0': busy ? null : legacy,
        'TLSv1.1': busy ? null : legacy,
        'TLSv1.2': busy ? null : !legacy,
        'TLSv1.3': busy ? null : !legacy,
      },
      ciphers: legacy || busy ? {} : { 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] },
      certificate: null,
    },
    findings: legacy ? [{ id: 'tls.tls12-not-offered', severity: 'error', message: 'no TLS 1.2' }] : [],
    verdict,
    elapsedMs: 1,
  };
}
