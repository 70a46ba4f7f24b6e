// listen({ workers }): the same records as in-process, caps across workers, no worker outlives close() or its primary.
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import '../harness/provided.d.ts';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXCHANGE_ONLINE } from '../../src/policy/exchange-online.js';
import { buildClientHello, parseServerResponse } from '../../src/tls/hello.js';
import { suiteByName } from '../../src/tls/suites.js';
import type { SessionRecord } from '../../src/listen/index.js';
import { startSender } from '../harness/postfix.js';
import { swaks } from '../harness/tools.js';
import { ROOT } from '../helpers/cli.js';
import { rawConnect, startListener, type TestListener } from './helpers.js';

const fleet = inject('postfix');
const CAPACITY = '421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel';

/** True while `pid` exists (signal 0 only checks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of this process's children whose command line runs the listener worker script. */
function workerChildren(parent = process.pid): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return out
    .split('\n')
    .filter((l) => /listen\/worker\.(ts|js)/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function waitGone(pids: number[], ms = 10_000): Promise<number[]> {
  const until = Date.now() + ms;
  let left = pids;
  while ((left = left.filter(running)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return left;
}

/** A record without what differs between two runs of the same session (ids, ports, times). */
function normalize(r: SessionRecord): string {
  const { id, remote, local, startedAt, endedAt, ...rest } = r;
  void remote;
  void local;
  void startedAt;
  void endedAt;
  return JSON.stringify(rest)
    .replaceAll(id, 'ID')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
}

/** The same mix of sessions, one after another: plaintext, TLS 1.2 delivery, refused hellos, a pipelined STARTTLS, swaks. */
async function script(t: TestListener): Promise<SessionRecord[]> {
  const records: SessionRecord[] = [];
  const next = async (): Promise<void> => {
    records.push(await t.next());
  };
  // 1. plaintext MAIL gets Exchange Online's 451 5.7.3
  let c = await rawConnect(t.port);
  await c.reply();
  await c.cmd('EHLO plain.workers.test');
  expect(await c.cmd('MAIL FROM:<a@plain.workers.test>')).toBe(EXCHANGE_ONLINE.replies.starttlsRequired);
  await c.cmd('QUIT');
  await next();
  // 2. a TLS 1.2 delivery
  c = await rawConnect(t.port);
  await c.reply();
  await c.cmd('EHLO tls12.workers.test');
  await c.cmd('STARTTLS');
  await c.starttls({ maxVersion: 'TLSv1.2', servername: 'mx.listen.test' });
  await c.cmd('EHLO tls12.workers.test');
  await c.cmd('MAIL FROM:<a@tls12.workers.test>');
  await c.cmd('RCPT TO:<b@example.test>');
  expect(await c.cmd('DATA')).toMatch(/^354/);
  expect(await c.cmd('Subject: workers\r\n\r\nhello\r\n.')).toMatch(/^250 /);
  await c.cmd('QUIT');
  await next();
  // 3. TLS 1.0 and 1.1 ClientHellos get protocol_version, an ECDSA-only TLS 1.2 hello handshake_failure
  const eo12 = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)!.code);
  const ecdsa = ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'].map((n) => suiteByName(n)!.code);
  for (const [version, suites, alert] of [
    ['TLSv1.0', eo12, 'protocol_version'],
    ['TLSv1.1', eo12, 'protocol_version'],
    ['TLSv1.2', ecdsa, 'handshake_failure'],
  ] as const) {
    c = await rawConnect(t.port);
    await c.reply();
    await c.cmd(`EHLO ${version.toLowerCase()}.workers.test`);
    await c.cmd('STARTTLS');
    const chunks: Buffer[] = [];
    c.sock.removeAllListeners('data');
    c.sock.on('data', (d: Buffer) => chunks.push(d));
    c.sock.write(buildClientHello({ version, suites: [...suites], sni: 'mx.listen.test' }));
    await once(c.sock, 'close');
    expect(parseServerResponse(Buffer.concat(chunks))).toMatchObject({ kind: 'alert', level: 2, name: alert });
    await next();
  }
  // 4. STARTTLS with a pipelined command behind it: purged and counted
  c = await rawConnect(t.port);
  await c.reply();
  await c.cmd('EHLO pipelined.workers.test');
  c.write('STARTTLS\r\nRSET\r\n');
  expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
  await c.starttls();
  await c.cmd('EHLO pipelined.workers.test');
  await c.cmd('QUIT');
  await next();
  // 5. swaks, TLS 1.1 (refused) and TLS 1.2 (accepted)
  for (const tlsProtocol of ['tlsv1_1', 'tlsv1_2']) {
    await swaks('127.0.0.1', t.port, { tlsProtocol, ehlo: `${tlsProtocol}.swaks.workers.test` });
    await next();
  }
  // 6. a client that connects and leaves
  const s = connect({ host: '127.0.0.1', port: t.port });
  await once(s, 'connect');
  s.destroy();
  await next();
  return records;
}

describe('listen({ workers: 2 })', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const f of cleanup) await f();
  });

  it('records every session once, with the same content as in-process (workers: 1)', async () => {
    const runs: string[][] = [];
    for (const workers of [1, 2]) {
      const t = await startListener({ policy: 'exchange-online', accept: true, workers });
      cleanup.push(() => t.close());
      const seen: SessionRecord[] = [];
      t.listener.on('session', (r) => seen.push(r));
      expect(t.listener.workerPids).toHaveLength(workers === 1 ? 0 : 2);
      const records = await script(t);
      await t.close();
      expect(seen).toEqual(records); // 'session' events and the iterator agree, nothing twice
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      expect(t.listener.summary()).toEqual([expect.objectContaining({ remoteAddress: '127.0.0.1', sessions: records.length, verdict: 'fail' })]);
      runs.push(records.map(normalize));
    }
    const [one, two] = runs as [string[], string[]];
    expect(two).toHaveLength(9);
    expect(two).toEqual(one);
    // And the content is the receiver's decisions, not merely equal between the two runs:
    const recs = two.map((s) => JSON.parse(s) as SessionRecord);
    expect(recs.map((r) => r.outcome)).toEqual([
      'starttls-required',
      'delivered',
      'tls-refused',
      'tls-refused',
      'tls-refused',
      'tls-ok',
      'tls-refused',
      'tls-ok',
      'closed',
    ]);
    expect(recs.map((r) => (r.reply?.startsWith('TLS alert') ? r.reply : null)).filter(Boolean)).toEqual([
      'TLS alert protocol_version (70)',
      'TLS alert protocol_version (70)',
      'TLS alert handshake_failure (40)',
      'TLS alert protocol_version (70)',
    ]);
    expect(recs[1]).toMatchObject({ messages: 1, negotiated: { version: 'TLSv1.2' }, verdict: 'pass' });
    expect(recs[5]).toMatchObject({ bytesAfterStarttls: 6, verdict: 'pass' });
    expect(recs[5]!.findings.map((f) => f.id)).toContain('listen.starttls-pipelined');
    expect(recs[6]).toMatchObject({ ehlo: 'tlsv1_1.swaks.workers.test', clientHello: { maxVersion: 'TLSv1.1' } });
  });

  it('holds the per-client and the total connection cap across workers (421 from the primary)', async () => {
    const t = await startListener({ workers: 2, limits: { maxConnectionsPerClient: 3, maxConnections: 5 } });
    cleanup.push(() => t.close());
    const from = async (ip: string) => {
      const s = connect({ host: '127.0.0.1', port: t.port, localAddress: ip });
      await once(s, 'connect');
      const { RawClient } = await import('./helpers.js');
      const c = new RawClient(s);
      return { c, banner: await c.reply() };
    };
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await from('127.0.0.1'));
    expect(open.map((o) => o.banner)).toEqual(Array(3).fill(EXCHANGE_ONLINE.replies.greeting('mx.listen.test')));
    expect(t.listener.activeSessions).toBe(3);
    // A fourth from the same client: refused, although each worker runs fewer than three sessions.
    const fourth = await from('127.0.0.1');
    expect(fourth.banner).toBe(CAPACITY);
    const refused1 = await t.next();
    expect(refused1).toMatchObject({ outcome: 'capacity', remoteAddress: '127.0.0.1', reply: CAPACITY });
    // Another client still gets in, up to the total of five; the sixth connection is refused whoever it is.
    open.push(await from('127.0.0.2'), await from('127.0.0.2'));
    expect(open.slice(3).map((o) => o.banner)).toEqual(Array(2).fill(EXCHANGE_ONLINE.replies.greeting('mx.listen.test')));
    const sixth = await from('127.0.0.3');
    expect(sixth.banner).toBe(CAPACITY);
    expect(await t.next()).toMatchObject({ outcome: 'capacity', remoteAddress: '127.0.0.3' });
    // One session of the first client ends: that client may connect again.
    await open[0]!.c.cmd('QUIT');
    expect(await t.next()).toMatchObject({ remoteAddress: '127.0.0.1', outcome: 'closed', reply: '221 2.0.0 Service closing transmission channel' });
    const again = await from('127.0.0.1');
    expect(again.banner).toBe(EXCHANGE_ONLINE.replies.greeting('mx.listen.test'));
    // close(): 421 to every open session, in whichever worker; each is reported once.
    const all: SessionRecord[] = [];
    t.listener.on('session', (r) => all.push(r));
    await t.close();
    for (const o of [...open.slice(1), again]) expect(await o.c.reply()).toBe('421 4.3.2 Service not available, closing transmission channel');
    expect(all).toHaveLength(5);
    expect(
      t.listener
        .summary()
        .map((s) => [s.remoteAddress, s.sessions])
        .sort(),
    ).toEqual([
      ['127.0.0.1', 5],
      ['127.0.0.2', 2],
      ['127.0.0.3', 1],
    ]);
  });

  it('close() stops every worker process; a listener that ends by maxSessions does too', async () => {
    const t = await startListener({ workers: 2 });
    const pids = t.listener.workerPids;
    expect(pids).toHaveLength(2);
    expect(workerChildren().filter((p) => pids.includes(p))).toHaveLength(2);
    await t.close();
    expect(pids.filter(running)).toEqual([]);
    expect(workerChildren().filter((p) => pids.includes(p))).toEqual([]);
    expect(t.listener.workerPids).toEqual([]);

    const u = await startListener({ workers: 3, maxSessions: 2 });
    const upids = u.listener.workerPids;
    expect(upids).toHaveLength(3);
    for (let i = 0; i < 2; i++) {
      const c = await rawConnect(u.port);
      await c.reply();
      await c.cmd('QUIT');
    }
    await u.listener.done;
    expect(upids.filter(running)).toEqual([]);
  });

  it('workers do not outlive a primary that is killed (SIGKILL, no close())', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-workers-'));
    try {
      const file = join(dir, 'primary.mts');
      const src = pathToFileURL(join(ROOT, 'src/listen/index.ts')).href;
      writeFileSync(
        file,
        `import { listen } from ${JSON.stringify(src)};\n` +
          `const l = await listen({ host: '127.0.0.1', port: 0, hostname: 'mx.listen.test', workers: 2 });\n` +
          `process.stdout.write(JSON.stringify(l.workerPids) + '\\n');\n`,
      );
      const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      while (!out.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`primary exited early: ${child.exitCode}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const pids = JSON.parse(out) as number[];
      expect(pids).toHaveLength(2);
      expect(pids.filter(running)).toHaveLength(2);
      child.kill('SIGKILL');
      await once(child, 'exit');
      expect(await waitGone(pids)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!fleet.available)('Postfix senders through a two-worker listener: TLS 1.0 refused (deferred), TLS 1.2 delivered', async () => {
    const t = await startListener({ policy: 'exchange-online', accept: true, workers: 2 });
    cleanup.push(() => t.close());
    const senders = await Promise.all([
      startSender({ name: 'wrk-tls10', relayTo: { host: '127.0.0.1', port: t.port }, mandatoryProtocols: '>=TLSv1, <=TLSv1' }),
      startSender({ name: 'wrk-tls12', relayTo: { host: '127.0.0.1', port: t.port }, mandatoryProtocols: '>=TLSv1.2, <=TLSv1.2' }),
    ]);
    cleanup.push(async () => {
      await Promise.all(senders.map((s) => s.stop()));
    });
    const [s10, s12] = senders as [(typeof senders)[0], (typeof senders)[0]];
    const [d10, d12] = await Promise.all([
      s10.inject({ subject: 'workers tls10' }).then((id) => s10.waitForDelivery(id)),
      s12.inject({ subject: 'workers tls12' }).then((id) => s12.waitForDelivery(id)),
    ]);
    expect(d10.status).toBe('deferred');
    expect(d12.status).toBe('sent');
    expect(s10.readLog()).toMatch(/alert protocol version/);
    const got: SessionRecord[] = [];
    while (!got.some((r) => r.clientHello?.maxVersion === 'TLSv1.0') || !got.some((r) => r.clientHello?.maxVersion === 'TLSv1.2')) got.push(await t.next());
    const r10 = got.find((r) => r.clientHello?.maxVersion === 'TLSv1.0')!;
    const r12 = got.find((r) => r.clientHello?.maxVersion === 'TLSv1.2')!;
    expect(r10).toMatchObject({ outcome: 'tls-refused', verdict: 'fail', reply: 'TLS alert protocol_version (70)', negotiated: null });
    expect(r10.findings.map((f) => f.id)).toEqual(['listen.tls-version-refused']);
    expect(r12).toMatchObject({ outcome: 'delivered', verdict: 'pass', negotiated: { version: 'TLSv1.2' } });
  });
});

/** dist/ is current for the receiver and the listen command (npm test builds it first). */
function distFresh(): boolean {
  const pairs = [
    ['src/listen/workers.ts', 'dist/listen/workers.js'],
    ['src/listen/worker.ts', 'dist/listen/worker.js'],
    ['src/listen/server.ts', 'dist/listen/server.js'],
    ['src/cli/commands/listen.ts', 'dist/cli/commands/listen.js'],
  ];
  return pairs.every(([s, d]) => existsSync(join(ROOT, d!)) && statSync(join(ROOT, d!)).mtimeMs >= statSync(join(ROOT, s!)).mtimeMs);
}

describe('mailtls listen --workers from dist (bin/mailtls.js)', () => {
  it.skipIf(!distFresh())('runs sessions in dist/listen/worker.js and prints every record once; no worker left', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/mailtls.js'), 'listen', '--listen', '127.0.0.1:0', '--hostname', 'mx.cli.test', '--json', '--max-sessions', '3', '--workers', '2'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
    try {
      let m: RegExpExecArray | null = null;
      const until = Date.now() + 30_000;
      while (!(m = /Listening on 127\.0\.0\.1:(\d+)/.exec(err))) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`not listening; stderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const port = Number(m[1]);
      const pids = workerChildren(child.pid);
      expect(pids).toHaveLength(2);
      expect(execFileSync('ps', ['-o', 'args=', '-p', String(pids[0])], { encoding: 'utf8' })).toContain('dist/listen/worker.js');
      const runs = await Promise.all(['tlsv1', 'tlsv1_2', 'tlsv1_3'].map((p) => swaks('127.0.0.1', port, { tlsProtocol: p })));
      expect(runs.map((r) => r.tls)).toEqual([false, true, true]);
      expect(await exit).toBe(1);
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SessionRecord);
      expect(lines).toHaveLength(3);
      expect(new Set(lines.map((l) => l.id)).size).toBe(3);
      expect(lines.map((l) => l.clientHello?.maxVersion).sort()).toEqual(['TLSv1.0', 'TLSv1.2', 'TLSv1.3']);
      expect(lines.find((l) => l.clientHello?.maxVersion === 'TLSv1.0')).toMatchObject({ outcome: 'tls-refused', reply: 'TLS alert protocol_version (70)' });
      expect(await waitGone(pids)).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
