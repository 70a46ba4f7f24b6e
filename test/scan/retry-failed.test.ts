// `--retry-failed`: a scan file whose lookups failed (a broken resolver) or whose hosts gave no answer is taken up
// again on request, and only what failed: answers (NXDOMAIN) and answered hosts stay as they are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../src/probe/types.js';
import { buildExport } from '../../src/scan/export.js';
import { runScan } from '../../src/scan/scheduler.js';
import { ScanStore } from '../../src/scan/store.js';
import type { DomainHost, Resolved, ScanProbe } from '../../src/scan/types.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-retry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fast = { retryDelayMs: 5, perIpRate: 0, retries: 0 };

/** A scripted world: which lookups fail now, which IPs do not answer now; counts every lookup and probe. */
function world() {
  const mx: Record<string, DomainHost[]> = {
    'a.test': [{ host: 'mx.shared.test', ip: '127.0.5.1', port: 25, mxPreference: 10 }],
    'b.test': [{ host: 'mx.shared.test', ip: '127.0.5.1', port: 25, mxPreference: 10 }],
    'c.test': [{ host: 'mx.c.test', ip: '127.0.5.2', port: 25, mxPreference: 10 }],
    'd.test': [{ host: 'mx.d.test', ip: '127.0.5.3', port: 25, mxPreference: 10 }],
    'e.test': [{ host: 'mx.e.test', ip: '127.0.5.4', port: 25, mxPreference: 10 }],
  };
  const state = { failingLookups: new Set<string>(), down: new Set<string>() };
  const lookups = new Map<string, number>();
  const probes = new Map<string, number>();
  const probe: ScanProbe = {
    async resolve(target: string): Promise<Resolved> {
      lookups.set(target, (lookups.get(target) ?? 0) + 1);
      if (state.failingLookups.has(target))
        return {
          target,
          resolution: 'unresolved',
          hosts: [],
          findings: [{ id: 'dns.mx-lookup-failed', severity: 'error', message: `the MX lookup for ${target} failed (SERVFAIL)` }],
        };
      const hosts = mx[target];
      if (!hosts)
        return { target, resolution: 'unresolved', hosts: [], findings: [{ id: 'dns.nxdomain', severity: 'error', message: `${target} does not exist` }] };
      return { target, resolution: 'mx', hosts, findings: [] };
    },
    async probeHost(ref: DomainHost): Promise<HostResult> {
      probes.set(ref.ip, (probes.get(ref.ip) ?? 0) + 1);
      const down = state.down.has(ref.ip);
      return {
        host: ref.host,
        ip: ref.ip,
        port: ref.port,
        mxPreference: ref.mxPreference,
        smtp: { banner: down ? null : `220 ${ref.host} ESMTP`, ehlo: [], starttls: down ? 'not-tested' : 'offered' },
        tls: {
          versions: {
            SSLv3: null,
            'TLSv1.0': down ? null : false,
            'TLSv1.1': down ? null : false,
            'TLSv1.2': down ? null : true,
            'TLSv1.3': down ? null : true,
          },
          ciphers: {},
          certificate: null,
        },
        findings: down ? [{ id: 'smtp.connect-failed', severity: 'error', message: 'connection timed out' }] : [],
        verdict: down ? 'inconclusive' : 'pass',
        elapsedMs: 1,
      };
    },
  };
  return { probe, state, lookups, probes };
}

describe('scan --retry-failed', () => {
  it('looks up again the failed lookups and probes again the hosts that gave no answer, nothing else', async () => {
    const w = world();
    const db = join(dir, 'a.sqlite');
    const targets = ['a.test', 'b.test', 'c.test', 'd.test', 'e.test', 'nx.test'];
    // first run: the resolver fails c and d, the shared host does not answer
    w.state.failingLookups = new Set(['c.test', 'd.test']);
    w.state.down = new Set(['127.0.5.1']);
    const first = await runScan({ db, targets, probe: w.probe, politeness: fast });
    expect(first.complete).toBe(true);
    expect(first.failed).toEqual({ targets: 2, hosts: 1 });
    expect(first.summary.verdicts).toEqual({ pass: 1, fail: 0, inconclusive: 5 }); // e passes; a, b, c, d, nx open

    // the same command again: finished is finished
    const again = await runScan({ db, targets, probe: w.probe, politeness: fast });
    expect(again.hostsProbed).toBe(0);
    expect(again.failed).toEqual({ targets: 2, hosts: 1 });
    expect([...w.lookups.values()].every((n) => n === 1)).toBe(true);

    // fixed resolver, host back: --retry-failed takes up c, d (lookup) and a, b (their host), not e or nx
    w.state.failingLookups = new Set();
    w.state.down = new Set();
    let plan: { retried: { targets: number; hosts: number }; pendingHosts: number } | undefined;
    const retry = await runScan({ db, targets, probe: w.probe, politeness: fast, retryFailed: true, onPlan: (p) => (plan = p) });
    expect(plan?.retried).toEqual({ targets: 4, hosts: 1 });
    expect(plan?.pendingHosts).toBe(3); // the shared host again, and c's and d's hosts for the first time
    expect(Object.fromEntries(w.lookups)).toEqual({ 'a.test': 2, 'b.test': 2, 'c.test': 2, 'd.test': 2, 'e.test': 1, 'nx.test': 1 });
    expect(Object.fromEntries(w.probes)).toEqual({ '127.0.5.1': 2, '127.0.5.2': 1, '127.0.5.3': 1, '127.0.5.4': 1 });
    expect(retry.complete).toBe(true);
    expect(retry.failed).toEqual({ targets: 0, hosts: 0 });
    expect(retry.summary.verdicts).toEqual({ pass: 5, fail: 0, inconclusive: 1 }); // nx.test: an answer, kept

    const store = new ScanStore(db, { readonly: true });
    const ex = buildExport(store);
    store.close();
    const byDomain = Object.fromEntries(ex.domains.map((d) => [d.domain, d]));
    expect(byDomain['c.test']?.findings.map((f) => f.id)).toEqual([]); // the failed lookup's finding is gone
    expect(byDomain['c.test']?.mx.map((h) => h.ip)).toEqual(['127.0.5.2']);
    expect(byDomain['a.test']?.mx[0]?.verdict).toBe('pass');
    expect(byDomain['nx.test']?.findings.map((f) => f.id)).toEqual(['dns.nxdomain']);
  });

  it('drops a host taken up again that no target uses after the new lookup (its MX moved)', async () => {
    const w = world();
    const db = join(dir, 'b.sqlite');
    w.state.down = new Set(['127.0.5.2']);
    await runScan({ db, targets: ['c.test'], probe: w.probe, politeness: fast });
    // c's MX moves to another host before the retry
    const moved = w.probe.resolve;
    w.probe.resolve = async (t) => ({ ...(await moved(t)), hosts: [{ host: 'mx2.c.test', ip: '127.0.5.9', port: 25, mxPreference: 10 }] });
    w.state.down = new Set();
    const retry = await runScan({ db, targets: ['c.test'], probe: w.probe, politeness: fast, retryFailed: true });
    expect(retry.complete).toBe(true);
    expect(Object.fromEntries(w.probes)).toEqual({ '127.0.5.2': 1, '127.0.5.9': 1 }); // the old host not probed again
    const store = new ScanStore(db, { readonly: true });
    expect(store.counts().hosts).toBe(1);
    store.close();
  });
});
