// Every command's --json output, produced by the real CLI against loopback peers and real fixtures, validates against
// its JSON Schema in docs/schema/ (docs/json.md is the contract in words).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServers, type LabServers } from '../../src/lab/index.js';
import { ScanStore } from '../../src/scan/store.js';
import { ROOT, runCli, spawnCli, type CliResult } from '../helpers/cli.js';
import { swaks } from '../harness/tools.js';
import { expectValid } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtls-schema-'));
let lab: LabServers;
beforeAll(async () => {
  lab = await startLabServers();
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI's stdout as one JSON document; the exit code must be a documented one (0, 1, or 2 with a document). */
function doc(r: CliResult, what: string): unknown {
  expect([0, 1, 2], `${what}: exit ${r.code}, stderr: ${r.stderr}`).toContain(r.code);
  expect(r.stdout.trim().length, `${what} printed a document (stderr: ${r.stderr})`).toBeGreaterThan(0);
  return JSON.parse(r.stdout) as unknown;
}

/** JSON Lines: every non-empty stdout line is one document. */
const lines = (out: string): unknown[] =>
  out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

const RECEIVERS = [
  'healthy',
  'legacy-tls',
  'broken-handshake',
  'no-starttls',
  'expired-certificate',
  'self-signed-certificate',
  'exchange-online',
  'exchange-server',
] as const;

describe('probe --json', () => {
  it('every lab receiver, and a closed port', async () => {
    const probes: unknown[] = [];
    for (const name of RECEIVERS) {
      const r = await runCli(['probe', lab.get(name).address, '--allow-private', '--timeout', '5', '--json']);
      const d = doc(r, `probe ${name}`);
      expectValid('probe', d, `probe ${name}`);
      probes.push(d);
    }
    const closed = await runCli(['probe', '127.0.0.1:1', '--allow-private', '--timeout', '3', '--json']);
    expectValid('probe', doc(closed, 'probe of a closed port'), 'probe of a closed port');
    // the documents are not all alike: they cover pass and fail, with and without a certificate
    const verdicts = new Set(probes.map((p) => (p as { verdict: string }).verdict));
    expect(verdicts).toEqual(new Set(['pass', 'fail']));
    writeFileSync(join(dir, 'probe.json'), JSON.stringify(probes[1]));
  });

  it('--ciphers lists the suites per version', async () => {
    const r = await runCli(['probe', lab.get('legacy-tls').address, '--allow-private', '--ciphers', '--timeout', '5', '--json']);
    const d = doc(r, 'probe --ciphers') as { hosts: { tls: { ciphers: Record<string, string[]> } }[] };
    expectValid('probe', d, 'probe --ciphers');
    expect(Object.values(d.hosts[0]!.tls.ciphers).flat().length).toBeGreaterThan(1);
  });
});

describe('send --json', () => {
  it('to the Exchange Online, legacy and no-STARTTLS lab receivers', async () => {
    for (const name of ['exchange-online', 'legacy-tls', 'no-starttls', 'broken-handshake'] as const) {
      const r = await runCli([
        'send',
        lab.get(name).address,
        '--from',
        'a@schema.test',
        '--to',
        'b@schema.test',
        '--timeout',
        '5',
        '--allow-private',
        '--json',
      ]);
      expectValid('send', doc(r, `send ${name}`), `send to ${name}`);
    }
  });
});

describe('listen --json', () => {
  it('one line per session: TLS 1.2, TLS 1.0 refused, plaintext MAIL, a client that leaves', async () => {
    const run = spawnCli(['listen', '--listen', '127.0.0.1:0', '--hostname', 'mx.schema.test', '--max-sessions', '4', '--json']);
    try {
      const port = Number((await run.waitFor(/Listening on 127\.0\.0\.1:(\d+)/))[1]);
      await runCli(['send', `127.0.0.1:${port}`, '--from', 'a@schema.test', '--to', 'b@schema.test', '--timeout', '5', '--allow-private', '--json']);
      await swaks('127.0.0.1', port, { tlsProtocol: 'tlsv1' });
      await new Promise<void>((res) =>
        execFile('swaks', ['--server', '127.0.0.1', '--port', String(port), '--from', 'a@b.test', '--to', 'c@d.test', '--timeout', '5'], () => res()),
      );
      const s = connect({ host: '127.0.0.1', port });
      await new Promise((r) => s.once('connect', r));
      s.destroy();
      await run.exit;
    } finally {
      run.child.kill();
    }
    const sessions = lines(run.stdout());
    expect(sessions).toHaveLength(4);
    for (const [i, d] of sessions.entries()) expectValid('listen', d, `listen session ${i + 1}`);
    expect(new Set(sessions.map((d) => (d as { outcome: string }).outcome)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('registry --json', () => {
  it('every registry fixture, with and without --os', async () => {
    const dirPath = join(ROOT, 'test/fixtures/registry');
    const files = readdirSync(dirPath).filter((f) => f.endsWith('.reg') || f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(10);
    const runs = [...files.map((f) => [join(dirPath, f)]), ...files.slice(0, 4).map((f) => [join(dirPath, f), '--os', '2012r2'])];
    for (const args of runs) {
      const r = await runCli(['registry', ...args, '--json']);
      expectValid('registry', doc(r, `registry ${args.join(' ')}`), `registry ${args.join(' ')}`);
    }
  }, 300_000);
});

describe('logs --json', () => {
  it('every log fixture directory (Exchange, Postfix, Exim, Sendmail, mixed)', async () => {
    const base = join(ROOT, 'test/fixtures/logs');
    for (const d of readdirSync(base)) {
      const r = await runCli(['logs', join(base, d), '--year', '2024', '--json']);
      expectValid('logs', doc(r, `logs ${d}`), `logs ${d}`);
    }
  });
});

describe('explain --json', () => {
  it('known errors, several at once, and text it does not know', async () => {
    const texts = [
      '451 5.7.3 STARTTLS is required to send mail',
      'TLS negotiation failed with error SocketError',
      '421 4.4.2 Connection dropped due to SocketError\nSSL routines::unsupported protocol',
      'hello, my printer is out of paper',
    ];
    let unknown = 0;
    for (const t of texts) {
      const d = doc(await runCli(['explain', t, '--json']), `explain ${t}`) as { unknown: boolean };
      expectValid('explain', d, `explain "${t}"`);
      if (d.unknown) unknown++;
    }
    expect(unknown).toBe(1);
  });
});

describe('scan --json / --export json', () => {
  it('a finished scan of lab receivers, and an unfinished file exported as it stands', async () => {
    const targets = join(dir, 'targets.txt');
    writeFileSync(targets, ['healthy', 'legacy-tls', 'no-starttls', 'expired-certificate'].map((n) => lab.get(n as 'healthy').address).join('\n') + '\n');
    const db = join(dir, 'scan.sqlite');
    const r = await runCli(['scan', targets, '--db', db, '--allow-private', '--per-ip', '4', '--per-ip-rate', '0', '--timeout', '5s', '--json']);
    const d = doc(r, 'scan --json') as { domains: unknown[] };
    expect(d.domains).toHaveLength(4);
    expectValid('scan', d, 'scan --json');
    const again = await runCli(['scan', '--db', db, '--export', 'json']);
    expectValid('scan', doc(again, 'scan --export json'), 'scan --export json of a finished file');

    const pendingDb = join(dir, 'pending.sqlite');
    const store = new ScanStore(pendingDb);
    store.addTargets(['pending.example', '192.0.2.1']);
    store.saveResolutions([
      { target: '192.0.2.1', resolution: 'ip', hosts: [{ host: '192.0.2.1', ip: '192.0.2.1', port: 25, mxPreference: null }], findings: [] },
    ]);
    store.close();
    const pending = await runCli(['scan', '--db', pendingDb, '--export', 'json']);
    expect(pending.code).toBe(2);
    expectValid('scan', doc(pending, 'scan --export json (pending)'), 'scan --export json of an unfinished file');
  });
});

describe('lab --json', () => {
  it('the whole lab run, --list and lab serve', async () => {
    const run = await runCli(['lab', '--json'], { timeoutMs: 120_000 });
    expectValid('lab', doc(run, 'lab --json'), 'lab --json');
    expectValid('lab-list', doc(await runCli(['lab', '--list', '--json']), 'lab --list --json'), 'lab --list --json');

    const serve = spawnCli(['lab', 'serve', '--scenario', 'legacy-tls', '--duration', '4s', '--json']);
    try {
      await serve.waitFor(/"servers"/, 'stdout');
      const first = JSON.parse(serve.stdout().split('\n')[0]!) as { servers: { address: string }[] };
      await runCli(['send', first.servers[0]!.address, '--from', 'a@schema.test', '--to', 'b@schema.test', '--timeout', '3', '--allow-private', '--json']);
      await serve.exit;
    } finally {
      serve.child.kill();
    }
    const out = lines(serve.stdout());
    expect(out.length, 'the servers line and the session of the send').toBeGreaterThanOrEqual(2);
    for (const [i, d] of out.entries()) expectValid('lab-serve', d, `lab serve line ${i + 1}`);
  }, 180_000);
});

describe('report --json', () => {
  it('a page from a real probe document', async () => {
    const r = await runCli(['report', join(dir, 'probe.json'), '--html', join(dir, 'probe.html'), '--json']);
    expectValid('report', doc(r, 'report --json'), 'report --json');
  });
});
