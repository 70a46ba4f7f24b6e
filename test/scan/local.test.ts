// In-process scan: store, dedup, politeness, 421 back-off, resume after an interrupt, and the exports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../src/scan/engine-local.js';
import { buildExport, writeCsvExport } from '../../src/scan/export.js';
import { runScan } from '../../src/scan/scheduler.js';
import { ScanStore, SCHEMA_VERSION } from '../../src/scan/store.js';
import { fakeProbe, makeWorld } from './fake-probe.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fast = { retryDelayMs: 5, perIpRate: 0 };

describe('scan with the in-process engine', () => {
  it('probes each unique MX host once, one connection per IP, and joins back to every domain', async () => {
    const world = makeWorld(300, 12);
    const { probe, stats } = fakeProbe(world);
    const db = join(dir, 'a.sqlite');
    const targets = [...world.mx.keys(), 'nx.test'];
    const run = await runScan({ db, targets, probe, politeness: { ...fast, concurrency: 8 } });
    expect(run.complete).toBe(true);
    expect(run.total).toBe(301);
    const uniqueHosts = new Set([...world.mx.values()].flat().map((h) => `${h.host}|${h.ip}`));
    expect(stats.probes.size).toBe(uniqueHosts.size);
    expect([...stats.probes.values()].every((n) => n === 1)).toBe(true);
    expect(Math.max(...stats.maxPerIp.values())).toBe(1);
    expect(stats.maxOverall).toBeLessThanOrEqual(8);

    const store = new ScanStore(db);
    const ex = buildExport(store);
    store.close();
    expect(ex.kind).toBe('scan');
    expect(ex.domains).toHaveLength(301);
    const legacyIps = new Set([...world.behaviour].filter(([, b]) => b === 'legacy').map(([ip]) => ip));
    for (const d of ex.domains) {
      expect(Object.keys(d).sort()).toEqual(['domain', 'findings', 'mx', 'state', 'verdict']);
      if (d.domain === 'nx.test') {
        expect(d.verdict).toBe('inconclusive');
        expect(d.findings[0]?.id).toBe('dns.nxdomain');
        continue;
      }
      const ip = world.mx.get(d.domain)?.[0]?.ip as string;
      expect(d.verdict).toBe(legacyIps.has(ip) ? 'fail' : 'pass');
      expect(d.mx[0]?.mxPreference).toBe(10);
    }
    expect(ex.summary.total).toBe(301);
    expect(ex.summary.verdicts.fail).toBe(ex.domains.filter((d) => d.verdict === 'fail').length);
    expect(ex.summary.verdicts.pass + ex.summary.verdicts.fail + ex.summary.verdicts.inconclusive).toBe(301);
    expect(ex.summary.topFailingProviders[0]?.count).toBeGreaterThan(0);
    expect(ex.summary.topFailingProviders.reduce((n, p) => n + p.count, 0)).toBeGreaterThanOrEqual(1);
  });

  it('backs off after 421, retries, and records a host that stays busy as inconclusive', async () => {
    const world = makeWorld(8, 4);
    world.behaviour.set('127.0.3.1', 'busy');
    world.behaviour.set('127.0.3.2', 'busy-once');
    world.behaviour.set('127.0.3.3', 'throws');
    const { probe, stats } = fakeProbe(world);
    const db = join(dir, 'b.sqlite');
    await runScan({ db, targets: [...world.mx.keys()], probe, politeness: { ...fast, retries: 2 } });
    const store = new ScanStore(db);
    const ex = buildExport(store);
    store.close();
    const byIp = (ip: string) => ex.domains.filter((d) => d.mx[0]?.ip === ip);
    for (const d of byIp('127.0.3.1')) {
      expect(d.verdict).toBe('inconclusive');
      expect(d.mx[0]?.findings.map((f) => f.id)).toContain('scan.rate-limited');
    }
    expect([...stats.probes].filter(([k]) => k.endsWith('127.0.3.1')).every(([, n]) => n === 3)).toBe(true);
    for (const d of byIp('127.0.3.2')) expect(d.verdict).toBe('pass');
    for (const d of byIp('127.0.3.3')) expect(d.mx[0]?.findings.map((f) => f.id)).toEqual(['scan.probe-error']);
  });

  it('resumes after an interrupt without probing finished hosts again', async () => {
    const world = makeWorld(200, 10);
    const { probe, stats } = fakeProbe(world, 5);
    const db = join(dir, 'c.sqlite');
    const ac = new AbortController();
    let seen = 0;
    const first = await runScan({
      db,
      targets: [...world.mx.keys()],
      probe,
      signal: ac.signal,
      politeness: { ...fast, concurrency: 4 },
      onHost: () => {
        if (++seen === 40) ac.abort();
      },
    });
    expect(first.complete).toBe(false);
    expect(first.hostsProbed).toBeGreaterThanOrEqual(40);
    const second = await runScan({ db, targets: [...world.mx.keys()], probe, politeness: fast });
    expect(second.complete).toBe(true);
    // the probes that were in flight at the interrupt are the only ones done twice
    const twice = [...stats.probes.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(4);
    expect(first.hostsProbed + second.hostsProbed).toBe(stats.probes.size);
    const third = await runScan({ db, targets: [...world.mx.keys()], probe, politeness: fast });
    expect(third.hostsProbed).toBe(0);
  });

  it('spaces probe starts per IP when a rate is set', async () => {
    const world = makeWorld(6, 1);
    const { probe } = fakeProbe(world, 0);
    const engine = new LocalEngine(probe, { perIpRate: 50, retryDelayMs: 5 });
    const starts: number[] = [];
    const jobs = [...new Map([...world.mx.values()].flat().map((h) => [`${h.host}|${h.ip}|25`, h])).entries()].map(([key, h]) => ({ key, ...h }));
    const t0 = Date.now();
    await engine.run(jobs, () => starts.push(Date.now() - t0));
    expect(starts).toHaveLength(jobs.length);
    // 50/s → at least 20 ms between starts, so the last start cannot come before (n-1)*20 ms (not a timing upper bound)
    expect(starts.at(-1) as number).toBeGreaterThanOrEqual((jobs.length - 1) * 20 - 5);
  });

  it('writes a CSV with one row per domain and host, schema versioned', async () => {
    const db = join(dir, 'a.sqlite');
    const store = new ScanStore(db);
    expect(store.version()).toBe(SCHEMA_VERSION);
    let csv = '';
    writeCsvExport(store, (s) => {
      csv += s;
    });
    store.close();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^domain,domain_verdict,mx_host,ip,port/);
    expect(lines).toHaveLength(302);
  });
});
