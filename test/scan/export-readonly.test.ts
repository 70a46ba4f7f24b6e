// `mailtls scan --db FILE --export json|csv` is read-only: it never resolves or probes what is pending (those targets
// and hosts are exported as pending); `mailtls scan --db FILE` is the explicit resume and does probe them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHostResult } from '../../src/scan/join.js';
import { ScanStore } from '../../src/scan/store.js';
import { hostKey, type DomainHost } from '../../src/scan/types.js';
import type { ScanExport } from '../../src/scan/export.js';

const CLI = join(import.meta.dirname, 'fixtures/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'mailtls-export-ro-'));
let server: Server;
let port = 0;
let connections = 0;
const sockets = new Set<import('node:net').Socket>();

/** Runs the CLI from source; resolves with the exit code and both streams. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** A scan file with one finished target, one resolved target whose host is not probed, one target not resolved. */
function makeDb(name: string): string {
  const db = join(dir, name);
  const store = new ScanStore(db);
  store.addTargets(['done.test', 'resolved.test', `127.0.0.1:${port}`]);
  const doneHost: DomainHost = { host: 'mx.done.test', ip: '127.0.0.1', port, mxPreference: 10 };
  const pendingHost: DomainHost = { host: 'mx.resolved.test', ip: '127.0.0.1', port, mxPreference: 10 };
  store.saveResolutions([
    { target: 'done.test', resolution: 'mx', hosts: [doneHost], findings: [] },
    { target: 'resolved.test', resolution: 'mx', hosts: [pendingHost], findings: [] },
  ]);
  const result = {
    ...emptyHostResult(doneHost.host, doneHost.ip, doneHost.port, 10),
    verdict: 'pass' as const,
    smtp: { banner: '220 ok', ehlo: ['STARTTLS'], starttls: 'offered' as const },
  };
  store.saveOutcomes([{ key: hostKey(doneHost), result, attempts: 1, rateLimited: false }]);
  store.close();
  return db;
}

beforeAll(async () => {
  server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.end('554 5.3.2 not today\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('scan --export is read-only', () => {
  it('--export json probes nothing and exports pending targets and hosts as pending (exit 2, how to resume on stderr)', async () => {
    const db = makeDb('json.sqlite');
    const before = statSync(db).mtimeMs;
    connections = 0;
    const r = await cli(['scan', '--db', db, '--export', 'json', '--allow-private']);
    expect(connections).toBe(0);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`2 of 3 targets not finished`);
    expect(r.stderr).toContain(`resume with: mailtls scan --db ${db}`);
    const doc = JSON.parse(r.stdout) as ScanExport;
    expect(doc.kind).toBe('scan');
    expect(doc.domains.map((d) => [d.domain, d.state, d.verdict])).toEqual([
      ['done.test', 'done', 'pass'],
      ['resolved.test', 'resolved', 'inconclusive'],
      [`127.0.0.1:${port}`, 'pending', 'inconclusive'],
    ]);
    expect(doc.domains[0]!.mx.map((h) => h.state)).toEqual(['done']);
    const pendingHost = doc.domains[1]!.mx[0]!;
    expect(pendingHost).toMatchObject({ host: 'mx.resolved.test', state: 'pending', verdict: 'inconclusive' });
    expect(pendingHost.findings.map((f) => f.id)).toEqual(['scan.host-pending']);
    expect(doc.domains[1]!.findings.map((f) => f.id)).toContain('scan.not-finished');
    expect(doc.domains[2]!.mx).toEqual([]);
    expect(doc.summary.verdicts).toEqual({ pass: 1, fail: 0, inconclusive: 2 });
    // the file is untouched: still two targets to finish, the host still pending
    expect(statSync(db).mtimeMs).toBe(before);
    const store = new ScanStore(db, { readonly: true });
    expect(store.counts()).toMatchObject({ targets: 3, targetsDone: 1, targetsPending: 1, hosts: 2, hostsDone: 1 });
    store.close();
  });

  it('--export csv and --json do not probe either; the pending host reads "pending"', async () => {
    const db = makeDb('csv.sqlite');
    connections = 0;
    const csv = await cli(['scan', '--db', db, '--export', 'csv', '--out', join(dir, 'out.csv')]);
    const json = await cli(['scan', '--db', db, '--json']);
    expect(connections).toBe(0);
    expect([csv.code, json.code]).toEqual([2, 2]);
    const rows = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\r\n');
    expect(rows.find((l) => l.startsWith('resolved.test,'))).toMatch(/^resolved\.test,inconclusive,mx\.resolved\.test,127\.0\.0\.1,\d+,10,pending,,/);
    expect((JSON.parse(json.stdout) as ScanExport).domains).toHaveLength(3);
  });

  it('a missing file is a usage error, not an empty export', async () => {
    const r = await cli(['scan', '--db', join(dir, 'nope.sqlite'), '--export', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/does not exist: give a targets file/);
  });

  it('resuming stays explicit: `mailtls scan --db FILE` does probe the pending host and target', async () => {
    const db = makeDb('resume.sqlite');
    connections = 0;
    const r = await cli(['scan', '--db', db, '--allow-private', '--retries', '0', '--timeout', '3s', '--per-ip-rate', '0']);
    expect(connections).toBeGreaterThanOrEqual(2); // mx.resolved.test and the literal 127.0.0.1 target
    expect(r.code).not.toBe(2);
    const after = await cli(['scan', '--db', db, '--export', 'json']);
    const doc = JSON.parse(after.stdout) as ScanExport;
    expect(doc.domains.every((d) => d.state === 'done' && d.mx.every((h) => h.state === 'done'))).toBe(true);
  });
});
