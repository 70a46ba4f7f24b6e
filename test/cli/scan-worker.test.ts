// The CLI contract for `mailtls scan` and `mailtls worker`: targets file × bad kinds, every value option, --out/--html/
// --db × bad kinds and same-as-input, conflicts, the lock per database, all-inconclusive exit, Redis unreachable and
// going away (private redis-server on loopback), Ctrl-C on a slow scan with a real SIGINT.
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanStore } from '../../src/scan/store.js';
import { startRedis } from '../scan/redis.js';
import { closedPort, expectRefused, expectUnchanged, IN_KINDS, OUT_KINDS, run, Scratch, start } from './matrix.js';

let s: Scratch;
let port: number;
let targets: string;
let silent: Server;
let silentPort: number;
const sockets = new Set<Socket>();
beforeAll(async () => {
  s = new Scratch();
  port = await closedPort();
  targets = s.write('t.txt', `127.0.0.1:${port}\n`);
  // a server that accepts and never says a word: a probe of it waits for its greeting (a slow scan)
  silent = createServer((c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const c of sockets) c.destroy();
  await new Promise((r) => silent.close(r));
  s.remove();
});

const db = (): string => s.path('scan.sqlite');

describe('scan: refused before anything is stored', () => {
  const cases: [string, string[]][] = [
    ['--resolver abc', ['--resolver', 'abc']],
    ['--ehlo with CR/LF', ['--ehlo', 'a\r\nQUIT']],
    ['--timeout 720h', ['--timeout', '720h']],
    ['--timeout abc', ['--timeout', 'abc']],
    ['--retry-delay abc', ['--retry-delay', 'abc']],
    ['--retry-delay 30d (over 2^31 ms)', ['--retry-delay', '30d']],
    ['--concurrency 0', ['--concurrency', '0']],
    ['--per-ip 0', ['--per-ip', '0']],
    ['--per-ip-rate abc', ['--per-ip-rate', 'abc']],
    ['--retries 99', ['--retries', '99']],
    ['--port 0', ['--port', '0']],
    ['--depth bogus', ['--depth', 'bogus']],
    ['--export xml', ['--export', 'xml']],
    ['--export csv --json', ['--export', 'csv', '--json']],
    ['--out without --export', ['--out', 'x.csv']],
    ['--queue-name without --queue', ['--queue-name', 'other']],
    ['--queue that is no redis URL', ['--queue', 'http://127.0.0.1:1']],
    ['--lang xx', ['--lang', 'xx']],
    ['--queue-name with a colon', ['--queue', 'redis://127.0.0.1:1', '--queue-name', 'a:b']],
    ['--queue-name with a newline', ['--queue', 'redis://127.0.0.1:1', '--queue-name', 'a\nb']],
  ];
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line, no database written`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['scan', targets, '--db', db(), '--allow-private', ...args])));
      expect(existsSync(db())).toBe(false);
    });
  }
  for (const kind of IN_KINDS) {
    it(`targets file: ${kind} → exit 2, one line`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['scan', s.badInputs()[kind] as string, '--db', db()])));
    });
  }
  it('targets on stdin from /dev/zero → exit 2 at once', async () => {
    expectRefused(await run(['scan', '-', '--db', db()], { stdinFile: '/dev/zero' }), /stdin/);
  });
  for (const kind of OUT_KINDS) {
    it(`--out ${kind} → exit 2 before the scan`, async () => {
      await expectUnchanged(s, async () =>
        expectRefused(await run(['scan', targets, '--db', db(), '--allow-private', '--export', 'csv', '--out', s.badOutputs()[kind] as string])),
      );
    });
    it(`--html ${kind} → exit 2 before the scan`, async () => {
      await expectUnchanged(s, async () =>
        expectRefused(await run(['scan', targets, '--db', db(), '--allow-private', '--html', s.badOutputs()[kind] as string])),
      );
    });
  }
  for (const kind of ['directory', '/dev/full', 'missing directory', 'fifo'] as const) {
    it(`--db ${kind} → exit 2`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['scan', targets, '--allow-private', '--db', s.badOutputs()[kind] as string])));
    });
  }
  it('--out and --html naming the targets file are refused, the file unchanged', async () => {
    await expectUnchanged(s, async () => {
      expectRefused(await run(['scan', targets, '--db', db(), '--export', 'csv', '--out', targets]), /also an input/);
      expectRefused(await run(['scan', targets, '--db', db(), '--html', targets]), /also an input/);
    });
  });
});

describe('scan: verdicts, lock, outputs', () => {
  it('every target inconclusive → exit 2 with the reason (not 0)', async () => {
    const r = await run(['scan', targets, '--db', db(), '--allow-private']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no target could be tested \(1 inconclusive\)/);
  });
  it('--out naming the database is refused', async () => {
    await expectUnchanged(s, async () => expectRefused(await run(['scan', '--db', db(), '--export', 'csv', '--out', db()]), /also an input/));
  });
  it('--out - is stdout (the export alone there); with --html - as well it is refused', async () => {
    const r = await run(['scan', '--db', db(), '--export', 'csv', '--out', '-']);
    expect(r.stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port},inconclusive,`, 'm'));
    // the database holds only an inconclusive target: exporting it is not a pass either
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no target could be tested \(1 inconclusive\)/);
    expectRefused(await run(['scan', '--db', db(), '--export', 'csv', '--out', '-', '--html', '-']), /both want stdout/);
  });
  it('export on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['scan', '--db', db(), '--export', 'csv'], { stdoutFile: '/dev/full' }), /no space left/);
    expectRefused(await run(['scan', '--db', db(), '--json'], { stdoutFile: '/dev/full' }), /no space left/);
  });
  it('a second scan on a database another live scan holds is refused with who holds it', async () => {
    const store = new ScanStore(db());
    store.setMeta('lock', JSON.stringify({ host: (await import('node:os')).hostname(), pid: process.pid, since: new Date().toISOString() }));
    store.close();
    expectRefused(await run(['scan', targets, '--db', db(), '--allow-private']), new RegExp(`in use by another scan \\(process ${process.pid}`));
    // a lock left by a process that is gone is taken over
    const again = new ScanStore(db());
    again.setMeta('lock', JSON.stringify({ host: (await import('node:os')).hostname(), pid: 2 ** 22 + 17, since: '2020-01-01T00:00:00Z' }));
    again.close();
    const r = await run(['scan', targets, '--db', db(), '--allow-private']);
    expect(r.stderr).not.toMatch(/in use/);
  });
  it('Ctrl-C on a slow scan: says so at once, keeps the database, exits 130; the rerun resumes', async () => {
    const slow = s.write('slow.txt', `127.0.0.1:${silentPort}\n`);
    const live = start(['scan', slow, '--db', s.path('slow.sqlite'), '--allow-private', '--timeout', '60s']);
    await live.waitFor(/hosts? to probe/);
    live.child.kill('SIGINT');
    await live.waitFor(/interrupted/);
    const r = await live.exit;
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const store = new ScanStore(s.path('slow.sqlite'));
    expect(store.counts().targets).toBe(1); // what was done (the plan) is kept
    expect(store.getMeta('lock')).toBe(null); // and the lock given back
    store.close();
  });
  it('two Ctrl-C in a row: the second stops at once, still 130', async () => {
    const slow = s.write('slow2.txt', `127.0.0.1:${silentPort}\n`);
    const live = start(['scan', slow, '--db', s.path('slow2.sqlite'), '--allow-private', '--timeout', '60s']);
    await live.waitFor(/hosts? to probe/);
    live.child.kill('SIGINT');
    await live.waitFor(/interrupted/);
    live.child.kill('SIGINT');
    const r = await live.exit;
    expect(r.code).toBe(130);
  });
});

describe('scan --queue and worker with Redis', () => {
  it('scan --queue with Redis unreachable: exit 2 with one line, no wait', async () => {
    const closed = await closedPort();
    const r = await run(['scan', targets, '--db', s.path('q.sqlite'), '--allow-private', '--queue', `redis://127.0.0.1:${closed}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('mailtls: '))).toEqual([
      expect.stringMatching(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/),
    ]);
  });
  it('worker with Redis unreachable, --concurrency 0, no --queue: exit 2, one line', async () => {
    const closed = await closedPort();
    expectRefused(await run(['worker', '--queue', `redis://127.0.0.1:${closed}`]), /cannot reach Redis/);
    expectRefused(await run(['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '0']));
    expectRefused(await run(['worker']));
    expectRefused(await run(['worker', '--queue', 'redis://127.0.0.1:1', '--queue-name', 'a b']), /--queue-name/);
    expectRefused(await run(['worker', '--queue', 'not a url']), /redis:\/\//);
  });
  it('the worker hint after scan --queue carries --queue-name and --allow-private; Ctrl-C stops the wait', async () => {
    const redis = await startRedis();
    try {
      const live = start(['scan', targets, '--db', s.path('q2.sqlite'), '--allow-private', '--queue', redis.url, '--queue-name', 'other']);
      await live.waitFor(/waiting for workers/);
      expect(live.err()).toContain(`mailtls worker --queue ${redis.url} --queue-name other --allow-private`);
      live.child.kill('SIGINT');
      const r = await live.exit;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/interrupted/);
    } finally {
      await redis.stop();
    }
  });
  it('scan --queue whose Redis goes away while waiting: one Ctrl-C still ends it (130), not a minute later', async () => {
    const redis = await startRedis();
    try {
      const live = start(['scan', targets, '--db', s.path('q3.sqlite'), '--allow-private', '--queue', redis.url]);
      await live.waitFor(/waiting for workers/);
      await redis.stop();
      live.child.kill('SIGINT');
      const r = await live.exit;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/interrupted/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await redis.stop();
    }
  });
  it('a worker whose Redis goes away says so, keeps retrying, and stops on one SIGTERM (130)', async () => {
    const redis = await startRedis();
    const live = start(['worker', '--queue', redis.url, '--allow-private']);
    try {
      await live.waitFor(/taking jobs/);
      await redis.stop();
      await live.waitFor(/lost the connection to Redis/);
      live.child.kill('SIGTERM');
      const r = await live.exit;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/stopped after 0 jobs/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      live.child.kill('SIGKILL');
      await redis.stop();
    }
  });
  it('a worker stops on one Ctrl-C (130)', async () => {
    const redis = await startRedis();
    try {
      const live = start(['worker', '--queue', redis.url]);
      await live.waitFor(/taking jobs/);
      live.child.kill('SIGINT');
      const r = await live.exit;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/interrupted: stopping the worker/);
    } finally {
      await redis.stop();
    }
  });
});
