// 2,000 domains on loopback with the real probe: a few dozen STARTTLS servers behind many DNS names; the scan's
// results match a direct probe() of the same targets, the CLI scans and exports, and 421 servers end inconclusive.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/probe/types.js';
import { buildExport, type ScanDomain } from '../../src/scan/export.js';
import { realProbe } from '../../src/scan/probe-adapter.js';
import { runScan } from '../../src/scan/scheduler.js';
import { ScanStore } from '../../src/scan/store.js';
import { startDns } from '../harness/dns.js';
import { startWorld, type World } from './world.js';

const run = promisify(execFile);
const DOMAINS = 2000;
let world: World;
const dir = mkdtempSync(join(tmpdir(), 'mailtls-loopback-'));
beforeAll(async () => {
  world = await startWorld(DOMAINS, 36);
});
afterAll(async () => {
  await world?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `mailtls scan` (from the sources) of `targets` into `db`, asking `resolver`, against the world's servers. */
function scanArgs(targets: string, db: string, resolver: string, ...more: string[]): string[] {
  const cli = join(import.meta.dirname, 'fixtures/cli.ts');
  return [
    '--import',
    'tsx',
    cli,
    'scan',
    targets,
    '--db',
    db,
    '--resolver',
    resolver,
    '--port',
    String(world.port),
    '--allow-private',
    '--per-ip-rate',
    '0',
    ...more,
  ];
}

const notScan = (ids: string[]): string[] => ids.filter((i) => !i.startsWith('scan.')).sort();

/** What must agree between the scan and a direct probe (timings and message texts aside). */
function shape(verdict: string, findings: { id: string }[], hosts: ScanDomain['mx'] | ProbeResult['hosts']) {
  return {
    verdict,
    findings: notScan(findings.map((f) => f.id)),
    hosts: hosts.map((h) => ({
      host: h.host,
      ip: h.ip,
      port: h.port,
      mxPreference: h.mxPreference,
      verdict: h.verdict,
      starttls: h.smtp.starttls,
      versions: h.tls.versions,
      findings: notScan(h.findings.map((f) => f.id)),
    })),
  };
}

describe('scan of 2,000 loopback domains with the real probe', () => {
  it('deduplicates to the unique MX hosts and matches a direct probe of each distinct MX set', async () => {
    const opts: ProbeOptions = { resolver: world.dns.address, port: world.port, allowPrivate: true, timeoutMs: 5000 };
    const db = join(dir, 'big.sqlite');
    const result = await runScan({
      db,
      targets: world.domains,
      probe: realProbe(opts),
      politeness: { concurrency: 48, perIp: 1, perIpRate: 0, retries: 2, retryDelayMs: 100 },
    });
    expect(result.complete).toBe(true);
    expect(result.total).toBe(DOMAINS + 2);
    const store = new ScanStore(db);
    const hostCount = store.counts().hosts;
    const ex = buildExport(store);
    store.close();
    // a few dozen providers + one host per fifth domain, not one probe per domain
    expect(hostCount).toBe(36 + DOMAINS / 5);
    expect(result.hostsProbed).toBe(hostCount);

    // direct probe() of one domain per distinct MX set: the servers are deterministic, so equal sets answer alike
    const groups = new Map<string, ScanDomain[]>();
    for (const d of ex.domains) {
      const k = d.mx.map((h) => `${h.host}/${h.mxPreference}`).join(',') || `none:${d.domain}`;
      const g = groups.get(k);
      if (g) g.push(d);
      else groups.set(k, [d]);
    }
    const reps = [...groups.values()];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < reps.length) {
          const group = reps[next++] as ScanDomain[];
          const first = group[0] as ScanDomain;
          // the scan checks TLS readiness; DANE / MTA-STS / TLS-RPT (probe's per-domain policy checks) it does not run yet
          const direct = await probe(first.domain, { ...opts, dane: false, mtaSts: false });
          for (const d of group) {
            expect(shape(d.verdict, d.findings, d.mx), d.domain).toEqual(shape(direct.verdict, direct.findings, direct.hosts));
          }
        }
      }),
    );

    // every behaviour shows up, and the 421 servers end inconclusive with the scan's own finding
    const byKind = new Map(world.servers.map((s) => [s.ip, s.kind]));
    const verdictOf = (kind: string) =>
      new Set(ex.domains.filter((d) => d.mx.length === 1 && byKind.get(d.mx[0]?.ip as string) === kind).map((d) => d.verdict));
    expect(verdictOf('modern')).toEqual(new Set(['pass']));
    expect(verdictOf('legacy')).toEqual(new Set(['fail']));
    expect(verdictOf('nostarttls')).toEqual(new Set(['fail']));
    expect(verdictOf('busy')).toEqual(new Set(['inconclusive']));
    const busy = ex.domains.find((d) => d.mx.length === 1 && byKind.get(d.mx[0]?.ip as string) === 'busy');
    expect(busy?.mx[0]?.findings.map((f) => f.id)).toContain('scan.rate-limited');
    expect(ex.summary.verdicts.pass + ex.summary.verdicts.fail + ex.summary.verdicts.inconclusive).toBe(DOMAINS + 2);
  }, 120_000);

  it('runs from the command line: scan, resume with nothing left, export CSV', async () => {
    const targets = join(dir, 'targets.txt');
    writeFileSync(targets, '# customers\n' + world.domains.slice(0, 30).join('\n') + '\n' + world.domains[0] + '\n');
    const db = join(dir, 'cli.sqlite');
    const args = scanArgs(targets, db, world.dns.address, '--retry-delay', '100ms');
    const first = await run(process.execPath, args).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in first ? first.code : 0).toBe(1); // legacy servers fail
    expect(first.stdout).toMatch(/Scan of 30 targets \(30 done\)/);
    expect(first.stdout).toMatch(/pass \d+ +fail \d+ +inconclusive \d+/);
    expect(first.stderr).toMatch(/30 targets in .* \(1 duplicate skipped, 0 unusable lines\)/);
    const again = await run(process.execPath, [...args, '--export', 'csv', '--out', join(dir, 'out.csv')]).catch((e: { stdout: string; stderr: string }) => e);
    expect(again.stderr).toMatch(/0 hosts to probe/);
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^domain,domain_verdict,mx_host/);
    expect(new Set(csv.slice(1).map((l) => l.split(',')[0])).size).toBe(30);
  }, 60_000);

  it('a file scanned through a resolver that answers SERVFAIL is taken up again with --retry-failed, from the command line', async () => {
    const broken = await startDns({ zones: {}, engine: 'responder', misbehave: [{ do: 'servfail' }] });
    try {
      const targets = join(dir, 'retry.txt');
      writeFileSync(targets, [...world.domains.slice(0, 5), 'missing1.scan.test'].join('\n') + '\n');
      const db = join(dir, 'retry.sqlite');
      const args = (resolver: string, ...more: string[]) => scanArgs(targets, db, resolver, ...more);
      type Out = { code?: number; stdout: string; stderr: string };
      const go = (a: string[]) =>
        run(process.execPath, a).then(
          (r) => ({ ...r, code: 0 }) as Out,
          (e: Out) => e,
        );
      // every lookup fails: nothing tested, exit 2, and the way out named
      const first = await go(args(broken.address));
      expect(first.code).toBe(2);
      expect(first.stderr).toMatch(/6 targets could not be looked up; run the same command with --retry-failed/);
      // a good resolver alone does not change a finished file
      const again = await go(args(world.dns.address));
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/6 targets could not be looked up/);
      // with --retry-failed: looked up again, probed, and the name that does not exist now says so
      const retry = await go(args(world.dns.address, '--retry-failed'));
      expect(retry.stderr).toMatch(/taken up again: 6 targets .* and 0 hosts/);
      expect(retry.stderr).not.toMatch(/could not be looked up/);
      expect([0, 1]).toContain(retry.code);
      const store = new ScanStore(db, { readonly: true });
      const ex = buildExport(store);
      store.close();
      expect(ex.domains).toHaveLength(6);
      for (const d of ex.domains) {
        expect(d.findings.map((f) => f.id)).not.toContain('dns.mx-lookup-failed');
        if (d.domain === 'missing1.scan.test') expect(d.findings.map((f) => f.id)).toEqual(['dns.nxdomain', 'probe.nothing-tested']);
        else expect(d.mx.length).toBeGreaterThan(0);
      }
      // a finished file is written by --retry-failed: another live scan's lock on it (this test process) refuses it
      const locked = new ScanStore(db);
      locked.setMeta('lock', JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() }));
      locked.close();
      const refused = await go([
        '--import',
        'tsx',
        join(import.meta.dirname, 'fixtures/cli.ts'),
        'scan',
        '--db',
        db,
        '--resolver',
        world.dns.address,
        '--retry-failed',
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is in use by another scan \(process \d+/);
    } finally {
      await broken.stop();
    }
  }, 60_000);
});
